"""Probe 29c, C29-1, C29-2, C29-4: a memory refusal's advice names only what would fit, in the options' names.
`sweep` named no option and no chunk size that fits (`--chunk-size 1` was told to sweep fewer points); a network none
of whose networks fits was told to run fewer trials at one trial, not to shrink --hidden; at one trial of one point
under `ulimit -v` with --workers 2, fewer trials or points were asked for, the limit unnamed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import crossbar
from crossbar.studies import limits
from test_hostile_probe26_cli import assert_one_line_error, run_cli

ROOT = str(Path(crossbar.__file__).parents[1])
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
                          "; sweep fewer points, or fewer trials per point, or a --chunk-size of 8192 (which needs "
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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sets RLIMIT_AS (Linux)")
@pytest.mark.parametrize("command", [["montecarlo"], ["sweep", "--beta", "1e7"]])
def test_one_trial_with_two_workers_under_a_low_limit_is_told_the_limit_and_fewer_workers(tmp_path, command):
    def limited():
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (400_000 * 1024, resource.RLIM_INFINITY))

    argv = [sys.executable, "-m", "crossbar", *command, "--trials", "1", "--max-epochs", "3", "--quiet", "--workers",
            "2", "--out", str(tmp_path / "o")]
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    done = subprocess.run(argv, capture_output=True, text=True, preexec_fn=limited, timeout=240, cwd=tmp_path,
                          env={**env, "PYTHONPATH": ROOT})
    if done.returncode == 127:  # glibc's own abort before Python can answer (RELIABILITY, "Not guaranteed")
        pytest.skip("glibc aborted under the limit before Python started")
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.endswith(" under this process's address-space limit (ulimit -v = 400000 kB); run with fewer "
                                "--workers; or raise the limit (ulimit -v unlimited)\n"), done.stderr
    assert "fewer trials" not in done.stderr and "fewer points" not in done.stderr
