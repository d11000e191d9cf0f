"""Settings in window-relative units: the same setting means the same on any device."""

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import crossbar
from crossbar.devices import DeviceCurve, preset
from crossbar.devices.files import DATA_DIR
from crossbar.studies import Study, diagnose, load_study, run_study
from crossbar.studies.store import _study_id
from crossbar.training import train_batch, train_reference
from crossbar.training.units import reference_window, scale_factor

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = DATA_DIR / "example_reram_cycles.csv"
DEFAULT = crossbar.default_device()
# The embedded device scaled by 2^13: every conductance, the window and f are exact in floating
# point, so beta / f and f s give beta I to the bit.
F = 2.0**13
BIG = DeviceCurve(DEFAULT.conductance * F, name="big")


def test_the_embedded_device_and_the_presets_have_scale_one_exactly():
    assert scale_factor(DEFAULT) == 1.0 and reference_window() == DEFAULT.window
    for name in crossbar.DEVICE_PRESETS:
        assert scale_factor(preset(name)) == 1.0, name
    assert scale_factor(BIG) == F and scale_factor(BIG, "absolute") == 1.0


@pytest.mark.parametrize("setting", [crossbar.REFERENCE, crossbar.DEFAULT])
def test_relative_and_absolute_units_are_the_same_run_on_the_embedded_device(setting):
    offsets = crossbar.sample_offsets(seed=4, trials=400)
    a = train_batch(DEFAULT, offsets, setting, units="relative")
    b = train_batch(DEFAULT, offsets, setting, units="absolute")
    for name in ("converged", "epochs", "pulse_count", "conductance", "activation", "offsets"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert a.setting is setting and a.scale == 1.0


@pytest.mark.parametrize("rule, nonideal", [("batch", crossbar.NONE), ("gated", crossbar.NONE),
                                            ("online", crossbar.NONE),
                                            ("batch", crossbar.Nonidealities(c2c=0.02, read_noise=0.01))])
def test_a_scaled_device_in_relative_units_trains_pulse_for_pulse_as_the_embedded_one(rule, nonideal):
    setting = crossbar.DEFAULT.replace(rule=rule, max_epochs=60)
    offsets = crossbar.sample_offsets(seed=2, trials=300)
    base = train_batch(DEFAULT, offsets, setting, nonideal=nonideal, seed=2)
    big = train_batch(BIG, offsets, setting, nonideal=nonideal, seed=2)
    assert big.scale == F and big.setting.beta == setting.beta / F and big.nominal_setting is setting
    np.testing.assert_array_equal(big.offsets, offsets * F)
    for name in ("converged", "epochs", "pulse_count"):
        np.testing.assert_array_equal(getattr(big, name), getattr(base, name), err_msg=name)
    np.testing.assert_array_equal(big.conductance, base.conductance * F)
    assert 0 < base.converged.sum() < 300
    ref = train_reference(BIG, offsets[7], setting, nonideal=nonideal, seed=2, trial=7)
    np.testing.assert_array_equal(ref.pulse_count, big.pulse_count[7])
    absolute = train_batch(BIG, offsets, setting, nonideal=nonideal, seed=2, units="absolute")
    assert not np.array_equal(absolute.pulse_count, base.pulse_count)  # the units made the difference


def test_study_ids_change_only_where_the_scaling_does(tmp_path):
    plain = Study(trials=10)
    assert "units" not in plain.describe() and plain.scale == 1.0
    scaled = Study(device=BIG, trials=10)
    assert scaled.describe()["units"] == "relative" and scaled.describe()["scale"] == F
    absolute = Study(device=BIG, trials=10, units="absolute")
    assert "units" not in absolute.describe()  # what a study of this device meant before units existed
    assert len({_study_id(s.describe()) for s in (scaled, absolute)}) == 2
    with pytest.raises(ValueError, match="Study.units = 'metric': expected 'relative' or 'absolute'"):
        Study(units="metric")


def test_a_saved_relative_study_replays_its_trials_exactly(tmp_path):
    device_file = tmp_path / "big.csv"
    device_file.write_text("G (S)\n" + "".join(f"{float(g)!r}\n" for g in BIG.conductance))
    out = tmp_path / "study"
    run = subprocess.run([sys.executable, "-m", "crossbar", "montecarlo", "--device", str(device_file),
                          "--trials", "300", "--out", str(out), "--quiet"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert re.search(r"scale +relative units, r = 8192 .*: beta_eff = 7324/A, offsets lo 8.19e-05 S hi 0.000819 S",
                     run.stdout)
    result = load_study(out)
    assert result.study.units == "relative" and result.study.scale == F
    np.testing.assert_array_equal(result.offsets, crossbar.sample_offsets(seed=0, trials=300) * F)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["scaling"]["effective_beta"] == crossbar.DEFAULT.beta / F
    k = int(np.flatnonzero(result.converged)[0])
    replay = subprocess.run([sys.executable, "-m", "crossbar", "train", "--from", str(out), "--trial", str(k),
                             "--json"], capture_output=True, text=True, cwd=ROOT)
    assert replay.returncode == 0, replay.stderr
    record = json.loads(replay.stdout)
    assert record["converged"] and record["epochs"] == result.epochs[k]
    np.testing.assert_array_equal(record["pulse_count"], result.pulse_count[k])
    assert record["scaling"]["scale"] == F and record["parameters"]["beta"] == crossbar.DEFAULT.beta


def _montecarlo(*args):
    run = subprocess.run([sys.executable, "-m", "crossbar", "montecarlo", "--device", str(EXAMPLE),
                          "--read-voltage", "0.1", "--trials", "1000", "--json", *args],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_a_two_way_device_ten_thousand_times_the_window_trains_with_no_setting_given():
    record = _montecarlo("--rule", "gated", "--max-epochs", "1000")
    assert record["summary"]["rate"] >= 0.9
    scaling = record["scaling"]
    assert scaling["units"] == "relative" and scaling["scale"] == pytest.approx(1e4, rel=0.05)
    assert scaling["device_window"] == pytest.approx(record["device"]["window"])
    assert scaling["effective_beta"] == pytest.approx(crossbar.DEFAULT.beta / scaling["scale"], rel=1e-15)
    assert scaling["effective_offsets"]["hi"] == pytest.approx(1e-7 * scaling["scale"], rel=1e-15)
    assert record["diagnosis"]["hint"] is None


def test_in_absolute_units_the_summary_says_why():
    gated = _montecarlo("--rule", "gated", "--max-epochs", "1000", "--units", "absolute")
    assert "tanh acts as a step function" in gated["diagnosis"]["hint"]
    assert "--units relative" in gated["diagnosis"]["hint"]
    batch = _montecarlo("--units", "absolute")  # DEFAULT's batch rule: its error signal underflows
    why = batch["diagnosis"]
    assert batch["summary"]["rate"] < 0.9 and why["stalled"] == why["examined"] == batch["failures"]["failed"] > 0
    assert why["hint"].startswith(f"{why['stalled']} of the {why['examined']} failed trials examined end with a "
                                  "vanished error signal") and "mis-scaled" in why["hint"]
    relative = _montecarlo()
    assert relative["diagnosis"]["stalled"] == 0 and relative["diagnosis"]["hint"] is None


def test_a_too_large_beta_in_relative_units_is_named_too():
    study = Study(setting=crossbar.DEFAULT.replace(beta=1e12), trials=200)
    why = diagnose(run_study(study))
    assert why["stalled"] == why["examined"] > 0
    assert "beta looks too large for this device" in why["hint"]


def test_a_study_of_a_file_read_with_options_replays_from_its_folder(tmp_path):
    out = tmp_path / "reram"
    run = subprocess.run([sys.executable, "-m", "crossbar", "montecarlo", "--device", str(EXAMPLE), "--read-voltage",
                          "0.1", "--cycle", "3", "--rule", "gated", "--trials", "40", "--out", str(out), "--quiet"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["study"]["device"]["options"] == {"cycle": 3, "read_voltage": 0.1}
    result = load_study(out)  # the device is loaded again with the same options: the hash agrees
    assert result.study.device.metadata["load_options"] == {"cycle": 3, "read_voltage": 0.1}
    replay = subprocess.run([sys.executable, "-m", "crossbar", "train", "--from", str(out), "--trial", "5", "--json"],
                            capture_output=True, text=True, cwd=ROOT)
    assert replay.returncode == 0, replay.stderr
    assert json.loads(replay.stdout)["epochs"] == result.epochs[5]
