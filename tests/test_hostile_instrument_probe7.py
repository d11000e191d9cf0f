"""Probe 7, causes D, E and F (notes/probe7.md): an instrument header's pulse settings are read in the unit
their key names whatever the spelling (or refused naming the line), never kept as text while the energy takes
NeuroSim's 80 ns pulse; blocks with other settings are refused (or the chosen cycle's are used); a write pulse
has a physical floor and a header voltage the pulse rows contradict is refused; and seven smaller messages and
statuses of the one-line contract."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import crossbar
from crossbar import devices
from crossbar.devices.cycles import cycle_noise
from crossbar.devices.files import DeviceFileError
from crossbar.networks.energy import EnergyModel

from conftest import SHARED_MEASUREMENT

ROOT = Path(__file__).resolve().parents[1]
K = np.arange(51)
SMOOTH = 4.5e-7 + 7.5e-8 * (1 - np.exp(-(K / 4.0) ** 0.6))  # the probe's saturating curve, S


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


def crossbar_cli(*argv, stderr=subprocess.PIPE, cwd=None):
    return subprocess.run([sys.executable, "-m", "crossbar", *map(str, argv)], stdout=subprocess.PIPE,
                          stderr=stderr, text=True, timeout=600, cwd=cwd)


def assert_one_line_error(done, message):
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("crossbar: error: "), done.stderr
    assert message in done.stderr, done.stderr


def _instrument(tmp_path, old, new, name="inst.dat", **written):
    """The probe's smooth curve as a pulse train (write_pulse_train) with header line `old` replaced by `new`."""
    path = tmp_path / name
    devices.write_pulse_train(path, SMOOTH, **written)
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


# ------------------------------------------------------------------ D: other spellings of a setting's key

@pytest.mark.parametrize("key, field, value", [
    ("tON [ms]: 5", "pulse_width", 5e-3), ("tON/ms: 5", "pulse_width", 5e-3), ("tON_ms: 5", "pulse_width", 5e-3),
    ("t_ON (ms): 5", "pulse_width", 5e-3), ("t ON (ms): 5", "pulse_width", 5e-3),
    ("tON / us: 5000", "pulse_width", 5e-3), ("Pulse Width (us): 10", "pulse_width", 1e-5),
    ("Pulse Duration (ms): 3", "pulse_width", 3e-3),
])
def test_a_pulse_width_under_another_spelling_is_read_in_its_unit(tmp_path, key, field, value):
    """'tON [ms]: 5' was kept as text: the energy took NeuroSim's 80 ns pulse for a 5 ms one (6e4 times less)."""
    device = crossbar.load_device(_instrument(tmp_path, "tON (ms): 1", key))
    assert device.metadata[field] == pytest.approx(value, rel=1e-12)
    assert EnergyModel.of(device).write_width == pytest.approx(value, rel=1e-12)
    assert EnergyModel.of(device).source == "the device file's header"
    np.testing.assert_array_equal(device.conductance, crossbar.load_device(_instrument(
        tmp_path, "tON (ms): 1", "tON (ms): 1", name="plain.dat")).conductance)


@pytest.mark.parametrize("key", ["ON Voltage [V]: 3", "Pulse Voltage (V): 3", "SET Voltage (V): 3",
                                 "ON_Voltage_mV: 3000", "ON Voltage/V: 3"])
def test_a_pulse_voltage_under_another_spelling_is_read_in_its_unit(tmp_path, key):
    device = crossbar.load_device(_instrument(tmp_path, "ON Voltage (V): 3.000000E+00", key, pulse_voltage=3.0))
    assert device.metadata["pulse_voltage"] == pytest.approx(3.0, rel=1e-12)
    assert EnergyModel.of(device).write_voltage == pytest.approx(3.0, rel=1e-12)


@pytest.mark.parametrize("old, new, message", [
    ("tON (ms): 1", "tON (fs): 5", "line 6: header key 'tON (fs)': unit 'fs' is not a time unit the loader "
                                   "reads; expected ps, ns, us, ms, s, min or h, e.g. 'tON (ms)'"),  # msec: read (M4)
    ("tON (ms): 1", "tON/day: 5", "line 6: header key 'tON/day': unit 'day' is not a time unit"),  # min is read (M4)
    ("tON (ms): 1", "t_ON: 5", "line 6: header key 't_ON' names no unit; expected the time unit in brackets"),
    ("tON (ms): 1", "tON [C]: 5", "line 6: header key 'tON [C]': unit 'C' is not a time unit"),
    ("tON (ms): 1", "tON.ms: 5", "line 6: header key 'tON.ms' names a setting in a form the loader does not read; "
                                 "expected 'tON (ms)' (units: ps, ns, us, ms, s, min or h)"),
    ("tON (ms): 1", "tON [ms: 5", "line 6: header key 'tON [ms' names a setting in a form the loader does not read"),
    ("tOFF (ms): 100", "tOFF (ms): 100\nRESET Voltage (V): -2", "line 9: header key 'RESET Voltage (V)' names a "
                                                                "pulse setting the loader does not read"),
    ("tOFF (ms): 100", "tOFF (ms): 100\nRead Pulse Width (ns): 5", "line 9: header key 'Read Pulse Width (ns)' names "
                                                                   "a pulse setting the loader does not read"),
    ("tOFF (ms): 100", "tOFF (ms): 100\nPulse Width (us): 1000", "line 9: header 'Pulse Width (us)' gives the "
                                                                 "setting of 'tON (ms)' (line 6) again"),
], ids=["fs", "day", "t_ON-no-unit", "square-C", "dot", "unclosed", "reset-voltage", "read-pulse-width",
        "twice"])
def test_a_pulse_setting_that_is_not_read_is_refused_naming_the_line(tmp_path, old, new, message):
    with raises(DeviceFileError, message):
        crossbar.load_device(_instrument(tmp_path, old, new))


def _two_blocks(tmp_path, **second):
    first, other = tmp_path / "b1.dat", tmp_path / "b2.dat"
    devices.write_pulse_train(first, SMOOTH)
    devices.write_pulse_train(other, SMOOTH * 1.01, **second)
    path = tmp_path / "blocks.dat"
    path.write_bytes(first.read_bytes() + other.read_bytes())
    return path


def test_blocks_with_other_settings_are_refused_or_the_chosen_cycles_used(tmp_path):
    """Block 2's 'tON (ms): 2' was dropped without a word, even with --cycle 2 (block 1's 1 ms was used)."""
    path = _two_blocks(tmp_path, pulse_width=2e-3)
    with raises(DeviceFileError, "blocks.dat: the cycles' blocks give other settings: 'tON (ms)' is 1 at line 6 "
                                 "(cycle 1) and 2 at line 170 (cycle 2); the median of the cycles needs one "
                                 "setting: choose a cycle with --cycle K (API cycle=K)"):
        crossbar.load_device(path)
    assert crossbar.load_device(path, cycle=2).metadata["pulse_width"] == 2e-3
    assert crossbar.load_device(path, cycle=1).metadata["pulse_width"] == 1e-3
    assert crossbar.load_device(path, cycle=2).metadata["cycles"] == 2
    done = crossbar_cli("train", "--device", path, "--cycle", "2", "--hidden", "4", "--task", "digits",
                        "--max-epochs", "2")
    assert done.returncode == 0, done.stderr
    assert "2 V, 0.002 s each; the device file's header" in done.stdout
    assert_one_line_error(crossbar_cli("device", "--device", path), "line 6 (cycle 1) and 2 at line 170 (cycle 2)")
    same = _two_blocks(tmp_path)  # the same settings: the median of the cycles, as before
    assert crossbar.load_device(same).metadata["pulse_width"] == 1e-3


# ------------------------------------------------------------------ E: a floor, and the rows' own voltage

@pytest.mark.parametrize("old, new, message", [
    ("ON Voltage (V): 2.000000E+00", "ON Voltage (V): 1e-300", "line 5: 'ON Voltage (V)' is 1e-300; expected a "
                                                              "nonzero pulse voltage, |V| <= 1000 V and >= 1 mV"),
    ("tON (ms): 1", "tON (ns): 1e-300", "line 6: 'tON (ns)' is 1e-300; expected a pulse width > 0 and at most 1e6 "
                                        "ms, at least 1 ps (1e-9 ms)"),
    ("ON Voltage (V): 2.000000E+00", "ON Voltage (mV): 3000", "line 5: 'ON Voltage (mV)' is 3000 (3 V), but the "
                                                              "file's pulse rows are at 2 V (the median of its 50 pulse rows of that polarity, from line 15)"),
    ("ON Voltage (V): 2.000000E+00", "ON Voltage (V): 2.05", "'ON Voltage (V)' is 2.05 (2.05 V), but the file's "
                                                             "pulse rows are at 2 V"),
])
def test_a_write_pulse_below_the_floor_or_against_the_rows_is_refused(tmp_path, old, new, message):
    with raises(DeviceFileError, message):
        crossbar.load_device(_instrument(tmp_path, old, new))


def test_a_header_voltage_within_a_percent_of_the_rows_is_read(tmp_path):
    path = _instrument(tmp_path, "ON Voltage (V): 2.000000E+00", "ON Voltage (mV): 2010")
    assert crossbar.load_device(path).metadata["pulse_voltage"] == pytest.approx(2.01)


@pytest.mark.parametrize("name, value", [("write_voltage", 5e-324), ("write_voltage", 1e-300),
                                         ("write_voltage", 9e-4), ("write_width", 5e-324), ("write_width", 1e-300),
                                         ("read_width", 1e-13)])
def test_energy_model_pulses_below_the_floor_are_refused(name, value):
    with raises(ValueError, f"EnergyModel.{name} = {value!r}: expected"):
        EnergyModel(**{name: value})
    assert EnergyModel(**{name: 1e-3}).describe()[name] == 1e-3  # 1 mV and 1 ms: above both floors


def test_energy_model_of_metadata_below_the_floor_is_refused():
    device = crossbar.load_device(ROOT / "data" / "default_device.dat")
    import dataclasses
    tiny = dataclasses.replace(device, metadata={**device.metadata, "pulse_width": 1e-15})
    with raises(ValueError, "metadata pulse_width = 1e-15: expected a width of 1 ps ... 1000 s"):
        EnergyModel.of(tiny)


# ------------------------------------------------------------------ F: smaller faults

def test_f1_c2c_device_on_a_curve_too_short_names_the_option_and_the_file(tmp_path):
    path = tmp_path / "n_short2.csv"
    path.write_text("pulse,G (uS) c1,G (uS) c2\n0,0.45,0.4545\n1,0.4764685116,0.4812331968\n")
    assert_one_line_error(crossbar_cli("train", "--device", path, "--c2c", "device"),
                          f"--c2c device: the curve of {path} has 2 points; the law fit needs at least 5 (use "
                          "--c2c measured or a number)")


def test_f2_a_changed_depression_file_is_named_not_the_potentiation_file(tmp_path):
    up, down = tmp_path / "up.csv", tmp_path / "down.csv"
    up.write_text("pulse,G (uS)\n" + "".join(f"{m},{1 + 9 * (1 - np.exp(-m / 15)):.6f}\n" for m in range(50)))
    down.write_text("pulse,G (uS)\n" + "".join(f"{m},{10 - 9 * (1 - np.exp(-m / 15)):.6f}\n" for m in range(50)))
    made = crossbar_cli("montecarlo", "--trials", "4", "--max-epochs", "10", "--quiet", "--device", up,
                        "--depression-file", down, "--rule", "two-way", "--out", tmp_path / "d")
    assert made.returncode == 0, made.stderr
    other = tmp_path / "other.csv"
    other.write_text(down.read_text().replace("10.000000", "9.990000"))
    for extra in ([], ["--device", up]):
        done = crossbar_cli("train", "--from", tmp_path / "d", "--trial", "1", "--depression-file", other, *extra)
        assert_one_line_error(done, f"--depression-file {other}: the depression file differs from the one the study "
                                    f"used (its potentiation file {up} reads the study's curve)")
        assert "has content hash" in done.stderr


def test_f3_a_usage_error_exits_2_even_when_stderr_is_full():
    with open("/dev/full", "w") as full:
        done = crossbar_cli("device", "--cycle", "0", stderr=full)
    assert done.returncode == 2 and done.stdout == ""
    with open("/dev/full", "w") as full:  # a run that succeeds still exits 0
        assert crossbar_cli("device", stderr=full).returncode == 0



def test_the_c2c_device_warning_is_one_line_and_a_full_stderr_does_not_fail_the_run(tmp_path):
    # a step the stretched exponential cannot follow: --c2c device warns that its misfit is no noise measure
    path = tmp_path / "step.csv"
    path.write_text("pulse,G (S)\n" + "".join(f"{i},{1e-6 * (1 + (i >= 20)) + i * 1e-9:.9e}\n" for i in range(40)))
    argv = ("train", "--device", path, "--c2c", "device", "--max-epochs", "5")
    shown = crossbar_cli(*argv)
    assert shown.returncode == 0 and shown.stderr.count("\n") == 1, shown.stderr
    assert shown.stderr.startswith("crossbar: warning: --c2c device: ") and "misfit overstates" in shown.stderr
    with open("/dev/full", "w") as full:  # the warning's print raised ENOSPC: exit 2 for a run that succeeded
        done = crossbar_cli(*argv, stderr=full)
    assert done.returncode == 0 and done.stdout == shown.stdout

def test_f4_a_temperature_over_the_limit_names_the_limit(tmp_path):
    with raises(DeviceFileError, "line 10: 'Temperature (K)' is 1e5; expected a temperature > 0 K, at most 1e4 K"):
        crossbar.load_device(_instrument(tmp_path, "Temperature (K): 3.000000E+02", "Temperature (K): 1e5"))


def test_f5_an_unknown_header_key_given_twice_is_refused_naming_both_lines(tmp_path):
    path = _instrument(tmp_path, "tOFF (ms): 100", "tOFF (ms): 100\nOperator: A\nOperator: B")
    with raises(DeviceFileError, "line 10: header key 'Operator' is given again (line 9 gives 'A', this line 'B'); "
                                 "expected one line each"):
        crossbar.load_device(path)


def test_f6_energy_of_no_trials_is_an_empty_result():
    none = np.zeros((0, 2, 2))
    result = EnergyModel().write(np.full((0, 2, 2), 1e-6), np.full((0, 2, 2), 1e-6), none)
    assert result.shape == (0,)
    assert EnergyModel().write(np.full((3, 0), 1e-6), np.full((3, 0), 1e-6), np.zeros((3, 0))).tolist() == [0, 0, 0]


@pytest.mark.parametrize("row, at", [(np.r_[np.nan, SMOOTH[1:]], "pulse 0"),
                                     (np.r_[SMOOTH[:20], np.nan, SMOOTH[21:]], "pulse 20")])
def test_f7_cycle_noise_refuses_nan_inside_a_cycle(row, at):
    with raises(ValueError, f"branches[0][1, {at[6:]}] = nan: cycle 2 has no value at {at} but has one after it "
                            f"(pulse {int(at[6:]) + 1}); expected NaN only past a cycle's end"):
        cycle_noise([np.vstack([SMOOTH, row])], 7.5e-8)
    ended = np.r_[SMOOTH[:20], np.full(31, np.nan)]  # past the end: still read
    assert cycle_noise([np.vstack([SMOOTH, ended])], 7.5e-8).cycles == 2


# ------------------------------------------------------------------ valid headers read as before

def _independent_reading(path):
    """The header's settings and the curve of an instrument file, read here without the loader."""
    units = {"V": 1.0, "mV": 1e-3, "ms": 1e-3, "K": 1.0}
    names = {"Number of Pulses": "pulse_count", "Initial Voltage Duration": "initial_voltage_duration",
             "Initial Voltage": "initial_voltage", "Read Voltage": "read_voltage", "ON Voltage": "pulse_voltage",
             "tON": "pulse_width", "OFF Voltage": "off_voltage", "tOFF": "off_time", "tWait": "wait_time",
             "Temperature": "temperature"}
    meta, rows = {}, []
    for line in path.read_text().splitlines():
        if ":" in line and "," not in line:
            key, value = (part.strip() for part in line.split(":", 1))
            name, _, unit = key.partition(" (")
            if name in names:
                meta[names[name]] = int(value) if not unit else float(value) * units[unit.rstrip(")")]
            else:
                meta[key] = value
        elif "," in line and line[0] in "0123456789+-":
            rows.append(line.split(","))
    reads = [1.0 / float(r[5]) for r in rows if float(r[1]) == meta["read_voltage"]]
    return meta, np.array(reads)


@pytest.mark.parametrize("which", ["measured", "default"])
def test_valid_files_load_to_the_same_metadata_and_curve(which):
    path = SHARED_MEASUREMENT if which == "measured" else ROOT / "data" / "default_device.dat"
    if not path.is_file():
        pytest.skip(f"reference measurement not found at {path} (it is not distributed with the project)")
    device = crossbar.load_device(path)
    meta, curve = _independent_reading(path)
    assert device.metadata == meta
    np.testing.assert_array_equal(device.conductance, curve)
    assert EnergyModel.of(device).describe() == {"write_voltage": 2.0, "write_width": 1e-3, "read_width": 5e-9,
                                                 "source": "the device file's header"}


# ------------------------------------------------------------- re-probe 7, D' and E': a key's words name the setting

@pytest.mark.parametrize("old, new, field, value", [
    ("tON (ms): 1", "t-ON (ms): 1", "pulse_width", 1e-3), ("tON (ms): 1", "t.ON (ms): 1", "pulse_width", 1e-3),
    ("tON (ms): 1", "Width (us): 1000", "pulse_width", 1e-3), ("tON (ms): 1", "t_pulse (ms): 1", "pulse_width", 1e-3),
    ("tON (ms): 1", "Pulse time (ms): 1", "pulse_width", 1e-3),
    ("tON (ms): 1", "tpulse [us]: 250", "pulse_width", 2.5e-4),
    ("ON Voltage (V): 2.000000E+00", "Vset (V): 2", "pulse_voltage", 2.0),
    ("ON Voltage (V): 2.000000E+00", "V_SET (V): 2", "pulse_voltage", 2.0),
    ("ON Voltage (V): 2.000000E+00", "Amplitude (V): 2", "pulse_voltage", 2.0),
    ("ON Voltage (V): 2.000000E+00", "ON-Voltage [mV]: 2000", "pulse_voltage", 2.0),
    ("ON Voltage (V): 2.000000E+00", "V_pulse (V): 2", "pulse_voltage", 2.0),
    ("ON Voltage (V): 2.000000E+00", "Pulse Height (mV): 2000", "pulse_voltage", 2.0),
    ("Read Voltage (V): 5.000000E-02", "Vread (mV): 50", "read_voltage", 0.05),
    ("Temperature (K): 3.000000E+02", "Temp (K): 350", "temperature", 350.0),
    ("ON Voltage (V): 2.000000E+00", "SET (V): 2", "pulse_voltage", 2.0),
], ids=["t-ON", "t.ON", "Width", "t_pulse", "Pulse-time", "tpulse", "Vset", "V_SET", "Amplitude", "ON-Voltage-mV",
        "V_pulse", "Pulse-Height", "Vread", "Temp", "SET-unit-says-voltage"])
def test_a_key_whose_words_name_a_setting_is_read_in_its_unit(tmp_path, old, new, field, value):
    """Re-probe 7, D': 'Width (us): 1000' and 'Vset (V): 3' were kept as text: the energy took NeuroSim's 80 ns
    (12,500 times less than the 1 ms given) and 2 V for pulses at 3 V, and no check compared the header with the
    rows."""
    device = crossbar.load_device(_instrument(tmp_path, old, new))
    assert device.metadata[field] == pytest.approx(value, rel=1e-12)
    assert new.partition(":")[0] not in device.metadata  # not kept as text
    energy = EnergyModel.of(device)
    assert energy.source == "the device file's header"
    assert (energy.write_width, energy.write_voltage) == pytest.approx((1e-3 if field != "pulse_width" else value, 2.0))


def test_a_voltage_key_under_another_spelling_is_held_to_the_pulse_rows(tmp_path):
    """'Vset (V): 3' over rows at 3 V is read (the energy took 2 V); 'Vset (V): 2' over rows at 3 V is refused."""
    path = _instrument(tmp_path, "ON Voltage (V): 3.000000E+00", "Vset (V): 3", pulse_voltage=3.0)
    assert EnergyModel.of(crossbar.load_device(path)).write_voltage == 3.0
    with raises(DeviceFileError, "line 5: 'Vset (V)' is 2 (2 V), but the file's pulse rows are at 3 V"):
        crossbar.load_device(_instrument(tmp_path, "ON Voltage (V): 3.000000E+00", "Vset (V): 2", pulse_voltage=3.0))


@pytest.mark.parametrize("old, new, message", [
    ("tON (ms): 1", "Width: 1", "line 6: header key 'Width' names no unit; expected the time unit in brackets"),
    ("tON (ms): 1", "t-ON: 1", "line 6: header key 't-ON' names no unit; expected the time unit in brackets"),
    ("ON Voltage (V): 2.000000E+00", "Vset: 2", "line 5: header key 'Vset' names no unit; expected the voltage unit"),
    ("Temperature (K): 3.000000E+02", "Temp (C): 27", "line 10: header key 'Temp (C)': unit 'C' is not a "
                                                       "temperature unit the loader reads; expected K (kelvin)"),
    ("ON Voltage (V): 2.000000E+00", "V_SET (ms): 2", "line 5: header key 'V_SET (ms)': unit 'ms' is not a voltage "
                                                      "unit the loader reads"),
    ("tOFF (ms): 100", "tOFF (ms): 100\nVreset (V): -2", "line 9: header key 'Vreset (V)' names a pulse setting the "
                                                         "loader does not read"),
    ("tOFF (ms): 100", "tOFF (ms): 100\nAmplitude (V): 2", "line 9: header 'Amplitude (V)' gives the setting of 'ON "
                                                           "Voltage (V)' (line 5) again"),
    ("tON (ms): 1", "t-ON.ms: 1", "line 6: header key 't-ON.ms' names a setting in a form the loader does not read"),
    ("tOFF (ms): 100", "tOFF (ms): 100\ntRead (ms): 1", "line 9: header key 'tRead (ms)' names a pulse setting the "
                                                       "loader does not read"),
    ("tON (ms): 1", "tON (ms)/2: 1", "line 6: header key 'tON (ms)/2' names a setting in a form the loader does not "
                                     "read"),
], ids=["Width-no-unit", "t-ON-no-unit", "Vset-no-unit", "Temp-C", "V_SET-ms", "Vreset", "twice", "t-ON.ms", "tRead",
        "unit-then-slash"])
def test_a_key_whose_words_name_a_setting_is_refused_in_a_form_not_read(tmp_path, old, new, message):
    with raises(DeviceFileError, message):
        crossbar.load_device(_instrument(tmp_path, old, new))


@pytest.mark.parametrize("key", ["Width (um): 10", "Height (nm): 5", "Compliance (mA): 1", "Pulse Rise Time (ns): 5",
                                 "Set Point: 3", "Operator: A", "Read Time: 12:00", "Gate Voltage (V): 1",
                                 "Set Temp (K): 300"])
def test_other_keys_are_still_kept_as_text(tmp_path, key):
    """A device's width in um names no pulse and is kept as its text, as other notes are."""
    device = crossbar.load_device(_instrument(tmp_path, "tOFF (ms): 100", f"tOFF (ms): 100\n{key}"))
    name, _, value = key.partition(": ")
    assert device.metadata[name] == value and device.metadata["pulse_width"] == 1e-3


@pytest.mark.parametrize("new", ["Read Voltage (V): 1e-300", "Read Voltage (V): 0", "Read Voltage (mV): 1e-10"])
def test_a_read_voltage_below_the_floor_is_refused_naming_the_header_line(tmp_path, new):
    """Re-probe 7, E': 'Read Voltage (V): 1e-300' took the 0 V rows for reads and was refused as 'read row has
    resistance 0', a consequence, not the header value."""
    key, _, text = new.partition(": ")
    with raises(DeviceFileError, f"line 4: '{key}' is {text}; expected a read voltage the 0 V rows after each pulse "
                                 "can be told from: |V| > 1e-12 V, at most 1000 V"):
        crossbar.load_device(_instrument(tmp_path, "Read Voltage (V): 5.000000E-02", new))
