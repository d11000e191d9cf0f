"""Probe 28c, C28-1: a network (`train --hidden H`, `montecarlo --hidden H`, a replay of one) gets the hint and the
saturation diagnosis one crossbar gets, for its output layer and its hidden layer, each re-derived here from the
final conductances; the reference network runs (`--preset network`, `--hidden 3` on the embedded device) get none."""

from __future__ import annotations

import json

import numpy as np
import pytest

import crossbar as cb
from crossbar.networks import model, train_networks
from crossbar.tasks import task as task_sets
from crossbar.studies.diagnosis import SATURATION, diagnose_network
from test_hostile_probe26_cli import run_cli

SATURATED_BOTH = ("this run answers most patterns with the activation saturated in both layers (|beta I| and "
                  "|hidden_beta I| > 19): tanh acts as a step function")
MIS_SCALED = "the setting looks mis-scaled for this device, whose window (7.55e-05 S) is 1e+03 times"


@pytest.fixture(scope="module")
def kilo(tmp_path_factory):
    """The embedded device's curve times 1e3, a file in siemens."""
    path = tmp_path_factory.mktemp("scaled") / "kilo.csv"
    g = cb.default_device().conductance
    path.write_text("pulse,G (S)\n" + "".join(f"{m},{float(x * 1e3)!r}\n" for m, x in enumerate(g)))
    return path


def hint_of(out):
    return next((line.removeprefix("hint       ") for line in out.splitlines() if line.startswith("hint       ")),
                None)


def layer_answers(record, task="diagonals"):
    """|beta I| of the output neurons and |hidden_beta I| of the hidden neurons (P, M), (P, H), re-derived from a
    network's JSON (its final conductances, its beta and hidden_beta as the devices got them)."""
    p = record["parameters"]
    setting = cb.TrainingSetting(beta=record["scaling"]["effective_beta"], hidden=p["hidden"],
                                 hidden_beta=p["hidden_beta"] / record["scaling"]["scale"])
    patterns = task_sets(task)[0]
    V = patterns.voltages(setting.v_one, setting.v_zero)[None]
    _, currents, f = model.forward(V, [np.array(G)[None] for G in record["conductance"]], setting)
    return (np.abs(setting.beta * currents[-1][0]), np.abs(setting.effective_hidden_beta * currents[0][0]), f[0],
            patterns.labels, setting)


def test_a_saturated_network_in_absolute_units_is_no_plain_success(capsys, kilo):
    argv = ["train", "--hidden", "3", "--device", kilo, "--units", "absolute", "--trial", "3", "--max-epochs", "100"]
    code, out, err = run_cli(capsys, *argv)
    assert code == 0 and "result     converged after 1 update epoch(s)" in out, (out, err)
    hint = hint_of(out)
    assert hint is not None and hint.startswith(SATURATED_BOTH) and MIS_SCALED in hint, out
    record = json.loads(run_cli(capsys, *argv, "--json")[1])
    assert record["hint"] == hint
    out_x, hidden_x, f, _, _ = layer_answers(record)
    assert np.median(out_x) > SATURATION and np.median(hidden_x) > SATURATION  # both layers' answers are steps
    assert np.all(np.abs(f) == 1.0)


def test_a_stalled_network_says_beta_and_hidden_beta_look_too_large(capsys):
    argv = ["train", "--hidden", "3", "--beta", "1e11", "--hidden-beta", "1e11", "--max-epochs", "100"]
    code, out, err = run_cli(capsys, *argv)
    assert code == 0 and "did NOT meet every target" in out, (out, err)
    hint = hint_of(out)
    assert hint.startswith("this run ends with a vanished error signal (|beta I| > 373: no further pulse): beta looks "
                           "too large for this device"), hint
    assert hint.endswith("lower --hidden-beta") and "lower --beta, and hidden_beta looks too large" in hint, hint
    out_x, hidden_x, f, labels, setting = layer_answers(json.loads(run_cli(capsys, *argv, "--json")[1]))
    missed = ~model.answers(f[None], labels, setting)[0]
    assert missed.any() and np.all(out_x[missed] > 373)  # every missed target's error signal underflows to 0
    assert np.median(hidden_x) > SATURATION


def test_a_network_whose_hidden_layer_alone_saturates_is_told_so(capsys):
    argv = ["train", "--hidden", "3", "--hidden-beta", "1e11", "--max-epochs", "100"]
    code, out, err = run_cli(capsys, *argv)
    assert code == 0, err
    assert hint_of(out).startswith("this run ends with the hidden layer saturated (|hidden_beta I| > 19 for most "
                                   "answers: its neurons act as step functions): hidden_beta looks too large"), out
    out_x, hidden_x, *_ = layer_answers(json.loads(run_cli(capsys, *argv, "--json")[1]))
    assert np.median(hidden_x) > SATURATION and np.median(out_x) < SATURATION


def test_a_network_study_and_its_replay_say_it(capsys, tmp_path, kilo):
    argv = ["montecarlo", "--hidden", "3", "--device", kilo, "--units", "absolute", "--trials", "40", "--max-epochs",
            "100", "--quiet"]
    code, out, err = run_cli(capsys, *argv, "--out", tmp_path / "mk")
    assert code == 0, err
    assert ("failures   38 failed; of 38 replayed, 38 ended with the output activation saturated (|beta I| > 19), 38 "
            "with no error signal left (|beta I| > 373), 36 with the hidden layer saturated") in out, out
    assert "saturation 2 of 2 converged networks replayed answer most patterns with the hidden layer saturated" in out
    assert hint_of(out).startswith("38 of the 38 failed trials examined end with a vanished error signal") and \
        MIS_SCALED in hint_of(out)
    why = json.loads(run_cli(capsys, *argv, "--json")[1])["diagnosis"]
    assert (why["failed"], why["stalled"], why["hidden_saturated"], why["converged_saturated"]) == (38, 38, 36, 2)
    assert why["hint"] == hint_of(out)
    code, out, err = run_cli(capsys, "train", "--from", tmp_path / "mk", "--trial", "29")
    assert code == 0 and "converged after 0 update epoch(s)" in out, (out, err)
    assert hint_of(out).startswith(SATURATED_BOTH) and MIS_SCALED in hint_of(out)


@pytest.mark.parametrize("argv", [["--preset", "network"], ["--hidden", "3", "--max-epochs", "100"],
                                  ["--hidden", "3", "--task", "letters"]])
def test_the_reference_networks_get_no_hint(capsys, tmp_path, argv):
    code, out, err = run_cli(capsys, "train", *argv)
    assert code == 0 and hint_of(out) is None, out
    assert json.loads(run_cli(capsys, "train", *argv, "--json")[1])["hint"] is None
    code, out, err = run_cli(capsys, "montecarlo", *argv, "--trials", "40", "--quiet")
    assert code == 0 and hint_of(out) is None and "failures   " in out and "saturation" not in out, out
    why = json.loads(run_cli(capsys, "montecarlo", *argv, "--trials", "40", "--quiet", "--json")[1])["diagnosis"]
    assert why["hint"] is None and why["hidden_saturated"] == why["converged_hidden_saturated"] == 0


def test_diagnose_network_names_a_wrong_argument():
    patterns = task_sets("diagonals")[0]
    device = cb.default_device()
    run = train_networks(device, cb.PRESETS["network"].replace(max_epochs=5), patterns, trials=[0, 1])
    assert diagnose_network(run, device, patterns, 1) is None
    with pytest.raises(TypeError, match="run"):
        diagnose_network(object(), device, patterns)
    with pytest.raises(ValueError, match=r"which = 2: expected a network of the batch, 0 \.\.\. 1"):
        diagnose_network(run, device, patterns, 2)
    with pytest.raises(ValueError, match="not the patterns they were trained on"):
        diagnose_network(run, device, task_sets("letters")[0])
