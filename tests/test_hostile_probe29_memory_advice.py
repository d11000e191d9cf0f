"""Probe 29c, C29-1, C29-2, C29-4: a memory refusal's advice names only what would fit, in the options' names.
`sweep` named no option and no chunk size that fits (`--chunk-size 1` was told to sweep fewer points); a network none
of whose networks fits was told to run fewer trials at one trial, not to shrink --hidden; at one trial of one point
under `ulimit -v` with --workers 2, fewer trials or points were asked for, the limit unnamed."""

from __future__ import annotations

import pytest

import crossbar
from crossbar.studies import limits
from test_hostile_probe26_cli import assert_one_line_error, run_cli

GIB = 2**30


@pytest.fixture
def twenty_gib(monkeypatch):
    for module in (crossbar.resources, limits):
        monkeypatch.setattr(module, "available_memory", lambda: 20 * GIB)


def test_a_sweep_too_large_in_chunks_of_one_names_the_options_and_a_chunk_size_that_fits(capsys, tmp_path,
                                                                                         twenty_gib):
    code, out, err = run_cli(capsys, "sweep", "--trials", "4000000", "--chunk-size", "1", "--beta", "1e7,2e7",
                             "--max-epochs", "3", "--quiet", "--out", tmp_path / "s")
    assert_one_line_error(code, out, err, "crossbar: error: a sweep of 2 points x --trials 4000000 (--chunk-size 1, "
                                          "8000000 chunks) needs about ",
                          "; run fewer trials per point, or a --chunk-size of 8192 (which needs "  # one point does
                          # not fit: 'sweep fewer points' is not named (probe 30c, C30-7)
                          "about ")
    assert not (tmp_path / "s").exists()


def test_a_network_none_of_whose_networks_fits_is_told_to_shrink_the_hidden_layer(capsys, tmp_path, twenty_gib):
    for trials, chunk in (("1", "1"), ("4", "10000")):
        code, out, err = run_cli(capsys, "montecarlo", "--hidden", "100000", "--task", "mnist", "--trials", trials,
                                 "--chunk-size", chunk, "--max-epochs", "2", "--quiet", "--out", tmp_path / "h")
        assert_one_line_error(code, out, err, f"crossbar: error: a study of --trials {trials} (--chunk-size {chunk}) "
                                              "needs about ", "more than the 20 GiB available; give the hidden layer "
                                                              "fewer neurons than --hidden 100000")
        assert "fewer trials" not in err


def test_one_trial_is_never_told_to_run_fewer(twenty_gib, monkeypatch):
    study = crossbar.Study(trials=1, chunk_size=1, setting=crossbar.TrainingSetting(max_epochs=3))
    for module in (crossbar.resources, limits):
        monkeypatch.setattr(module, "available_memory", lambda: 1024)  # less than any trial needs
    with pytest.raises(crossbar.resources.ResourceError) as caught:
        limits.require_study_memory(study)
    assert "fewer" not in str(caught.value) and "chunk_size of" not in str(caught.value)
    with pytest.raises(crossbar.resources.ResourceError) as caught:
        limits.require_sweep_memory(study, 1)
    assert str(caught.value).startswith("a sweep of 1 point x trials = 1 (chunk_size = 1, 1 chunks) needs about ")
    assert "fewer" not in str(caught.value)


@pytest.mark.parametrize("command", [["montecarlo"], ["sweep", "--beta", "1e7"]])
def test_one_trial_with_two_workers_under_a_low_limit_is_told_the_limit_and_fewer_workers(capsys, tmp_path,
                                                                                          monkeypatch, command):
    """At 400 MB with --workers 2 (since stop 50 below the command line's floor, so the limit's room is set here)."""
    room = 96 * 2**20
    monkeypatch.setattr(crossbar.resources, "_system_memory", lambda: 20 * GIB)
    monkeypatch.setattr(crossbar.resources, "_address_space_left", lambda: room)
    monkeypatch.setattr(crossbar.resources, "address_limit", lambda: 400_000 * 1024)
    monkeypatch.setattr(limits, "available_memory", lambda: room)
    code, out, err = run_cli(capsys, *command, "--trials", "1", "--max-epochs", "3", "--quiet", "--workers", "2",
                             "--out", tmp_path / "o")
    assert_one_line_error(code, out, err, "crossbar: error: ", " needs about 128 MiB of memory, more than the 96 MiB "
                          "available under this process's address-space limit (ulimit -v = 400000 kB); run with fewer "
                          "--workers; or raise the limit (ulimit -v unlimited)")
    assert "fewer trials" not in err and "fewer points" not in err and not (tmp_path / "o").exists()
