"""Probe 6, the devices' part of the API (causes M1-M4, M6-M8 of notes/probe6_api.md): a unit a file names is
read or refused, never dropped; the cycles' noise never inf, negative or from a subnormal window; the pulse-train
writer refuses what the loader refuses or misreads, and formats Fractions; a lognormal's draws, not a worst-case
bound on its sigma, are held to the physical range; the cycle matrix's memory is estimated first; a numpy cycle
number gives the device of the Python one."""

import json
import re
import warnings
from fractions import Fraction

import numpy as np
import pytest

import crossbar
from crossbar import devices
from crossbar.devices import cycles
from crossbar.devices.files import DeviceFileError
from crossbar.devices.offsets import OffsetFileError
from crossbar.resources import ResourceError

UP = crossbar.default_device().conductance


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


@pytest.fixture(autouse=True)
def _no_runtime_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        yield


def _table(tmp_path):
    """A table of three cycles in uS, each rising, the second 1 % above the first."""
    path = tmp_path / "cyc3.csv"
    rows = [f"{m}," + ",".join(f"{(UP[m] * (1 + 0.01 * k)) * 1e6:.10g}" for k in range(3)) for m in range(UP.size)]
    path.write_text("pulse,G (uS) 1,G (uS) 2,G (uS) 3\n" + "\n".join(rows) + "\n")
    return path


# ------------------------------------------------------------------ M1: equal numbers, one device

@pytest.mark.parametrize("options, plain", [
    (dict(cycle=np.int64(2)), dict(cycle=2)),
    (dict(cycle=np.uint8(2)), dict(cycle=2)),
    (dict(read_voltage=np.float64(0.1)), dict(read_voltage=0.1)),
    (dict(read_voltage=Fraction(1, 10)), dict(read_voltage=0.1)),
], ids=["int64", "uint8", "float64", "Fraction"])
def test_a_numpy_or_fraction_load_option_gives_the_device_of_the_python_number(tmp_path, options, plain):
    """cycle=np.int64(2) hashed as 'np.int64(2)' (another sha256) and describe() was no JSON."""
    path = _table(tmp_path)
    if "read_voltage" in options:  # the same table read as currents in uA: G = I / V
        path.write_text(path.read_text().replace("G (uS)", "I (uA)"))
    made, given = crossbar.load_device(path, **options), crossbar.load_device(path, **plain)
    assert made.sha256 == given.sha256
    assert json.dumps(made.describe()) == json.dumps(given.describe())
    assert all(type(v) in (int, float) for v in made.metadata["load_options"].values())


# ------------------------------------------------------------------ M2: the units a file names

def _instrument(tmp_path, old, new):
    """The default device's pulse train with header line `old` replaced by `new`."""
    path = tmp_path / "train.txt"
    devices.write_pulse_train(path, UP, pulse_width=2e-3)
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


@pytest.mark.parametrize("old, new, field, value", [
    ("tON (ms): 2", "tON (us): 2000", "pulse_width", 2e-3),
    ("tON (ms): 2", "tON (s): 0.002", "pulse_width", 2e-3),
    ("tON (ms): 2", "tON(ms): 2", "pulse_width", 2e-3),
    ("tON (ms): 2", "TON (ns): 2e6", "pulse_width", 2e-3),
    ("ON Voltage (V): 2.000000E+00", "ON Voltage (mV): 2000", "pulse_voltage", 2.0),  # 3000 mV: not its rows' 2 V
    ("Read Voltage (V): 5.000000E-02", "Read Voltage (mV): 50", "read_voltage", 0.05),
], ids=["us", "s", "no-space", "upper-case-name", "mV", "read-mV"])
def test_the_instrument_header_settings_are_read_in_the_unit_their_key_names(tmp_path, old, new, field, value):
    """'tON (us): 2000' was kept as text: the energy model took NeuroSim's 80 ns pulse for this 2 ms one."""
    device = crossbar.load_device(_instrument(tmp_path, old, new))
    assert device.metadata[field] == pytest.approx(value, rel=1e-12)
    assert np.allclose(device.conductance, UP, rtol=1e-14)


@pytest.mark.parametrize("old, new, message", [
    ("tON (ms): 2", "tON: 2", "line 6: header key 'tON' names no unit; expected the time unit in brackets, "
                              "e.g. 'tON (ms)' (units: ps, ns, us, ms, s, min or h)"),
    ("tON (ms): 2", "TON (MS): 2", "line 6: header key 'TON (MS)': unit 'MS' is not a time unit the loader reads; "
                                   "expected ps, ns, us, ms, s, min or h"),
    ("ON Voltage (V): 2.000000E+00", "ON Voltage (mA): 2", "unit 'mA' is not a voltage unit the loader reads"),
    ("Temperature (K): 3.000000E+02", "Temperature (C): 26.85", "line 10: header key 'Temperature (C)': unit 'C' is "
                                                                "not a temperature unit the loader reads; expected K"),
    ("Number of Pulses: 50", "Number of Pulses (ms): 50", "'Number of Pulses (ms)' names a unit ('ms')"),
    ("tOFF (ms): 100", "tOFF (ms): 100\ntOFF (us): 100000", "line 9: header 'tOFF (us)' gives the setting of "
                                                           "'tOFF (ms)' (line 8) again; expected one line each"),
    ("tWait (ms): 100", "pulse_width: 5", "line 9: header key 'pulse_width' is the name the loader gives a setting"),
], ids=["no-unit", "MS", "mA", "celsius", "count-unit", "twice", "metadata-name"])
def test_an_instrument_header_setting_in_a_unit_not_read_is_refused_naming_the_line(tmp_path, old, new, message):
    with raises(DeviceFileError, message):
        crossbar.load_device(_instrument(tmp_path, old, new))


@pytest.mark.parametrize("header, expected", [
    ("G+1 (uS),G-1 (uS)", [[5e-8, 2e-8], [1e-8, 3e-8], [2e-8, 2e-8]]),
    ("G+1 [nS],G-1 (uS)", [[5e-11, 2e-8], [1e-11, 3e-8], [2e-11, 2e-8]]),  # each column in its own unit
], ids=["uS", "nS-and-uS"])  # a column naming no unit beside one naming nS is refused (test_hostile_units_probe7)
def test_an_offsets_header_naming_a_unit_is_read(tmp_path, header, expected):
    """'G+1 (uS)' was dropped unread: offsets 10^6 too large, still within 1 S, accepted."""
    path = tmp_path / "o.csv"
    path.write_text(f"{header}\n0.05,0.02\n0.01,0.03\n0.02,0.02\n")
    np.testing.assert_allclose(devices.read_offset_matrix(path, (3, 2)), expected, rtol=1e-14)


@pytest.mark.parametrize("header, message", [
    ("G+1 (kOhm),G-1 (kOhm)", "line 1: column 'G+1 (kOhm)': 'kOhm' is a resistance unit; expected conductances"),
    ("G+1 (uS),G-1 (xx)", "line 1: column 'G-1 (xx)': unknown unit 'xx'"),
    ("G+1 uS,G-1 uS", "line 1: column 'G+1 uS': 'uS' looks like a unit but is not where a unit is read"),
    ("G+1 (uS)", "line 1: the header names 1 column and units, the rows have 2 values"),
], ids=["resistance", "unknown", "stray", "short"])
def test_an_offsets_header_unit_not_read_is_refused(tmp_path, header, message):
    path = tmp_path / "o.csv"
    path.write_text(f"{header}\n0.05,0.02\n0.01,0.03\n0.02,0.02\n")
    with raises(OffsetFileError, message):
        devices.read_offset_matrix(path, (3, 2))


# ------------------------------------------------------------------ M3: the cycles' noise

def _flat_cycles():
    """Three cycles that each rise, whose median step is 0 at every pulse (probe 6's rot.csv)."""
    base = 2e-7 + np.zeros((3, 31))
    for m in range(1, 31):
        base[:, m] = base[:, m - 1] + 1e-9 * np.roll([2, 0, -1], m)
    return base


@pytest.mark.parametrize("call, message", [
    (lambda: cycles.cycle_noise([-_flat_cycles()], 1e-8), "branches[0][0, 0] = -2e-07: expected conductances in the "
                                                          "physical range 1e-15 ... 1 S (NaN past a cycle's end)"),
    (lambda: cycles.cycle_noise([_flat_cycles() * 1e300], 1e-8), "branches[0][0, 0] = 2e+293: expected conductances"),
    (lambda: cycles.cycle_noise([np.full((3, 5), np.inf)], 1e-8), "branches[0][0, 0] = inf: expected conductances"),
    (lambda: cycles.cycle_noise([_flat_cycles()], 5e-324), "window = 5e-324: expected a window of the device's "
                                                           "curve in the physical range 1e-15 ... 1 S"),
    (lambda: cycles.cycle_noise([_flat_cycles()], 2.0), "window = 2.0: expected a window of the device's curve"),
], ids=["negative", "huge", "inf", "subnormal-window", "window-2S"])
def test_cycle_noise_refuses_conductances_and_windows_outside_the_physical_range(call, message):
    """Negative and 1e300 S cycles gave scatters of inf or were taken, a 5e-324 S window inf, with overflow warnings."""
    with raises(ValueError, message):
        call()


def test_cycles_whose_median_step_is_0_have_no_proportional_noise(tmp_path):
    """relative_step_scatter was inf, and measured_c2c(device, 'proportional') returned it as the noise."""
    flat = _flat_cycles()
    noise = cycles.cycle_noise([flat], 1e-8)
    assert noise.relative_step_scatter is None and np.isfinite(noise.step_scatter) and noise.step_scatter > 0
    assert json.loads(json.dumps(noise.as_dict()))["relative_step_scatter"] is None
    assert cycles.cycle_noise([np.vstack([flat[0]] * 3)], 1e-8).relative_step_scatter == 0.0  # no scatter, no noise
    path = tmp_path / "rot.csv"
    path.write_text("pulse,G (S) 1,G (S) 2,G (S) 3\n" + "".join(
        f"{m}," + ",".join(f"{v:.12g}" for v in flat[:, m]) + "\n" for m in range(flat.shape[1])))
    device = crossbar.load_device(path)
    assert crossbar.measured_c2c(device) == pytest.approx(noise.step_scatter * 1e-8 / device.window)
    with raises(ValueError, "form = 'proportional': the cycles of device 'rot' have a median step of 0 at every "
                            "pulse while they scatter"):
        crossbar.measured_c2c(device, "proportional")


# ------------------------------------------------------------------ M4, M6: the pulse-train writer

@pytest.mark.parametrize("options, error, message", [
    (dict(extra_header={"": "x"}), ValueError, "extra_header['']: expected a non-empty key"),
    (dict(extra_header={"Read Voltage (V)": "5"}), ValueError, "extra_header['Read Voltage (V)']: a setting of the "
                                                               "header, which the writer writes from its own arguments"),
    (dict(extra_header={"tON (us)": "5"}), ValueError, "extra_header['tON (us)']: a setting of the header"),
    (dict(extra_header={"pulse_width": "5"}), ValueError, "extra_header['pulse_width']: a setting of the header"),
    (dict(extra_header={3: "x"}), TypeError, "extra_header key 3: expected a str, got int"),
    (dict(extra_header={"Note": "a\rb"}), ValueError, "extra_header['Note'] = 'a\\rb': expected a key without ':'"),
    (dict(read_voltage=5e-324), ValueError, "read_voltage = 5e-324: load_device would take the 0 V rows after each "
                                            "pulse (0 V) for reads"),
    (dict(read_voltage=2.0), ValueError, "read_voltage = 2.0: load_device would take the pulses (pulse_voltage) (2 V) "
                                         "for reads"),
    (dict(conductance=1e-7 + 1e-7 * np.arange(2 * 10**6) / 2e6), ValueError,
     "conductance: a curve of 2,000,000 points (both branches) makes a file of 414 MiB, more than the 64 MiB "
     "load_device reads; expected at most about 309,255 points"),
], ids=["empty-key", "setting-key", "setting-other-unit", "metadata-name", "int-key", "line-break", "tiny-read",
        "read-at-pulse", "over-64MiB"])
def test_write_pulse_train_refuses_what_load_device_refuses_or_misreads(tmp_path, options, error, message):
    """Each of these was written, for load_device to refuse ('found : x', '0 read rows at 5 V', 'resistance 0',
    '> 64 MiB') or to fail raw (an int key: "argument of type 'int' is not iterable")."""
    curve = options.pop("conductance", UP)
    with raises(error, message):
        devices.write_pulse_train(tmp_path / "t.txt", curve, **options)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name, value, field, expected", [
    ("read_voltage", Fraction(1, 10), "read_voltage", 0.1),
    ("temperature", Fraction(300), "temperature", 300.0),
    ("pulse_voltage", Fraction(3), "pulse_voltage", 3.0),
    ("initial_voltage", Fraction(-3), "initial_voltage", -3.0),
    ("pulse_width", Fraction(1, 500), "pulse_width", 2e-3),
])
def test_write_pulse_train_takes_fractions(tmp_path, name, value, field, expected):
    """TypeError: unsupported format string passed to Fraction.__format__."""
    devices.write_pulse_train(tmp_path / "t.txt", UP, **{name: value}, extra_header={"Note": "µ"})
    device = crossbar.load_device(tmp_path / "t.txt")
    assert device.metadata[field] == pytest.approx(expected, rel=1e-12) and device.metadata["Note"] == "µ"
    np.testing.assert_allclose(device.conductance, UP, rtol=1e-14)


# ------------------------------------------------------------------ M7: a lognormal's draws, not its sigma

@pytest.mark.parametrize("median, sigma", [(1e-7, 2.0), (3e-8, Fraction(3)), (1e-3, 1.45)])
def test_a_lognormal_whose_draws_stay_physical_is_a_distribution(median, sigma):
    """sigma 2 at median 1e-7 S (a draw above 1 S has a chance of 4e-16) was refused: 'expected sigma < 1.853'."""
    offsets = crossbar.sample_offsets(crossbar.Lognormal(median, sigma), seed=1, trials=40)
    assert offsets.shape == (40, 4, 4) and (offsets > 0).all() and (offsets <= 1).all()


def test_a_lognormal_draw_above_1_siemens_is_refused_naming_the_trial_and_the_draw():
    with raises(ValueError, "sigma = 1.45: trial 80477 drew an offset of 1.235 S around median 0.001 S "
                            "(median x exp(z sigma), z = 4.91), above 1 S, the physical range's top"):
        crossbar.sample_offsets(crossbar.Lognormal(1e-3, 1.45), seed=1, trials=100_000)
    with raises(ValueError, "sigma = 100: trial 0 drew an offset of 0 S around median 1e-300 S"):
        crossbar.sample_offsets(crossbar.Lognormal(1e-300, 100), seed=1, trials=1)


# ------------------------------------------------------------------ M8: the cycle matrix's memory

def test_the_cycle_matrix_estimates_its_memory_before_allocating():
    """A million short cycles beside one long one: MemoryError, 74.5 GiB, from np.full."""
    with raises(ResourceError, "the cycle matrix of 100001 cycles of up to 1000000 points needs about 745 GiB"):
        cycles.cycle_matrix([np.full(2, 1e-7)] * 10**5 + [np.full(10**6, 1e-7)])
