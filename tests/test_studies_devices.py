"""Studies, sweeps, the store and the command line with two-way devices, rules and non-idealities."""

import json

import numpy as np
import pytest

import crossbar
from crossbar.cli import main
from crossbar.devices import NONE, Nonidealities, preset
from crossbar.studies import Grid, Study, apply_point, load_study, load_sweep, run_chunk, run_study, run_sweep
from crossbar.studies.store import read_table

NOISY = Nonidealities(c2c=0.02, read_noise=0.01, stuck_low=0.03, window_spread=0.1)


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_knobs_off_keep_the_study_id_and_table():
    plain = Study(trials=10)
    explicit = Study(trials=10, nonideal=NONE)
    assert plain.describe() == explicit.describe()
    assert "nonideal" not in plain.describe() and "rule" not in plain.describe()["setting"]
    assert not plain.general
    assert "depression_count" not in plain.trial_dtype.names
    noisy = plain.replace(nonideal=NOISY)
    assert noisy.describe()["nonideal"]["c2c"] == 0.02
    assert noisy.general and "depression_count" in noisy.trial_dtype.names


def test_noisy_study_does_not_depend_on_chunking():
    study = Study(trials=300, seed=5, nonideal=NOISY, chunk_size=300).replace(rule="gated")
    whole = run_chunk(study, 0)
    pieces = np.concatenate([run_chunk(study.replace(chunk_size=70), c) for c in range(5)])
    assert whole.tobytes() == pieces.tobytes()
    # and the knobs act: the same crossbars without them train differently
    clean = run_chunk(study.replace(nonideal=NONE), 0)
    assert not np.array_equal(clean["epochs"], whole["epochs"])


def test_single_run_is_the_study_trial():
    study = Study(trials=40, seed=9, nonideal=NOISY)
    table = run_chunk(study, 0)
    for k in (0, 17, 39):
        run = crossbar.train(study.device, study.setting, study.offsets, study.seed, trial=k, nonideal=NOISY)
        assert run.epochs == table["epochs"][k] and run.converged == table["converged"][k]
        np.testing.assert_array_equal(run.pulse_count, table["pulse_count"][k])


def test_two_way_study_saves_and_reloads(tmp_path):
    study = Study(device=preset("ag-si"), trials=400, seed=2, chunk_size=150,
                  nonideal=Nonidealities(c2c=0.035)).replace(rule="two-way")
    result = run_study(study, out=tmp_path / "s", progress=False)
    assert result.table["depression_count"].sum() > 0  # the rule depresses
    again = load_study(tmp_path / "s")
    assert again.study.describe() == study.describe()
    assert again.study.device.sha256 == study.device.sha256  # the preset rebuilt from its numbers
    np.testing.assert_array_equal(again.table["depression_count"], result.table["depression_count"])
    table = read_table(tmp_path / "s")  # the tidy table: the scalar columns
    np.testing.assert_array_equal(table["bound_hits"], result.table["bound_hits"])
    np.testing.assert_array_equal(table["reset_pulses"], result.table["reset_pulses"])


def test_two_way_rule_needs_a_two_way_device():
    with pytest.raises(ValueError, match="depression branch"):
        Study(trials=10).replace(rule="two-way")


def test_sweep_over_rules_and_a_knob(tmp_path):
    grid = Grid(rule=["batch", "gated"], stuck_low=[0.0, 0.2])
    result = run_sweep(Study(trials=600, seed=1), grid, out=tmp_path / "w", progress=False)
    table = load_sweep(tmp_path / "w")
    assert list(table["rule"]) == ["batch", "batch", "batch+gated", "batch+gated"]
    np.testing.assert_array_equal(table["stuck_low"], [0.0, 0.2, 0.0, 0.2])
    np.testing.assert_array_equal(table["rate"], result.table["rate"])
    # gated beats batch on the same crossbars, and a fifth of dead devices costs crossbars
    assert table["rate"][2] > table["rate"][0] and table["rate"][1] < table["rate"][0]
    assert apply_point(result.base, grid.points()[3]).nonideal.stuck_low == 0.2


def test_grid_rejects_bad_rules_and_knobs():
    with pytest.raises(ValueError, match="unknown part 'fast'"):
        Grid(rule=["fast"])
    with pytest.raises(ValueError, match="c2c"):
        apply_point(Study(trials=5), {"c2c": -1.0})


def test_cli_montecarlo_with_device_preset_rule_and_knobs(capsys, tmp_path):
    code, out, err = _run(capsys, "montecarlo", "--device", "ag-si", "--rule", "two-way", "--c2c", "device",
                          "--stuck-high", "0.02", "--trials", "300", "--quiet", "--out", str(tmp_path / "m"))
    assert code == 0, err
    assert "rule=batch+two-way" in out and "c2c=0.035" in out and "stuck_high=0.02" in out
    study = load_study(tmp_path / "m").study
    assert study.nonideal == Nonidealities(c2c=0.035, stuck_high=0.02)
    # a trial of the study replays exactly, noise and all
    code, out, err = _run(capsys, "train", "--from", str(tmp_path / "m"), "--trial", "7", "--json")
    assert code == 0, err
    table = load_study(tmp_path / "m").table
    record = json.loads(out)
    assert record["epochs"] == table["epochs"][7]
    np.testing.assert_array_equal(record["depression_count"], table["depression_count"][7])


@pytest.mark.parametrize("argv, expected", [
    (["--c2c", "-0.1"], "--c2c"),
    (["--stuck-low", "0.8", "--stuck-high", "0.4"], "--stuck-low + --stuck-high"),
    (["--read-noise", "nan"], "--read-noise"),
    (["--rule", "batch+online"], "more than one base rule"),
    (["--rule", "two-way"], "no depression branch"),
    (["--device", "preset:nothing"], "unknown preset"),
    (["--device", "no-such-file.dat"], "not a device preset"),
])
def test_cli_refuses_bad_device_options_in_one_line(capsys, argv, expected):
    with pytest.raises(SystemExit) as exit_:
        code = main(["montecarlo", "--trials", "10", "--quiet", *argv])
        raise SystemExit(code)
    _, err = capsys.readouterr()
    assert exit_.value.code == 2
    assert expected in err and len(err.strip().splitlines()) == 1


def test_cli_from_refuses_knobs(capsys, tmp_path):
    assert _run(capsys, "montecarlo", "--trials", "20", "--quiet", "--out", str(tmp_path / "m"))[0] == 0
    code, _, err = _run(capsys, "train", "--from", str(tmp_path / "m"), "--c2c", "0.1")
    assert code == 2 and "--c2c" in err
