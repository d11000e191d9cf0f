"""Probe 12a's findings on instrument files (I1, E1).

I1: the column line's voltage and current units were never read. `Current (mA)`, `Current (uA)` or `I (A)` switched
the reads' resistance cross-check off (a mislabelled `Resistance (kOhm)` loaded 1000 times off), `Voltage (mV)` over
rows in V was read as V, and over rows in mV was refused as "found 0 read row(s) at the read voltage 0.05 V", naming
neither the column nor its unit. E1: a depression file's own write pulse (`ON Voltage (V):-3`, `tON (ms):5`) and a
two-way file's depressing rows (-3 V beside a header's +2 V) were dropped: every pulse was charged at the potentiation
file's 2 V, 1 ms, and the depressing rows' voltage was neither read nor checked.
"""

import json
import re

import numpy as np
import pytest

import crossbar
from conftest import SHARED_MEASUREMENT
from crossbar.devices import load_device
from crossbar.devices.fields import DeviceFileError
from crossbar.tasks import letters
from crossbar.networks import EnergyModel, network_reference, train_networks
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

UP = 1e-6 + 0.5e-6 * (1 - np.exp(-np.arange(31) / 6))
DOWN = UP[-1] - 0.5e-6 * (1 - np.exp(-np.arange(31) / 6))
STANDARD = "Time stamp (s), Voltage (V), Current (A), Voltage (V), Current (A),Resistance (Ohm)"


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


def _header(pulses, on="2.000000E+0", initial="-2.000000E+0", ton="1"):
    lines = [f"Number of Pulses: {pulses}", "Initial Voltage Duration (ms): 1000", f"Initial Voltage (V):{initial}",
             "Read Voltage (V):50.000000E-3"]
    if on is not None:
        lines.append(f"ON Voltage (V):{on}")
    lines += [f"tON (ms):{ton}", "OFF Voltage (V):0.000000E+0", "tOFF (ms):100", "tWait (ms):100",
              "Temperature (K): 300"]
    return lines


def _train(path, reads, pulses, columns=STANDARD, volts=1.0, amps=1.0, ohms=1.0, **header):
    """An instrument file: per read a pulse row (`pulses[m]` V, the first the initial pulse), a 0 V row and a read row
    at 0.05 V whose resistance is 1 / reads[m]; voltages written x `volts`, currents x `amps`, resistances x `ohms`
    (the numbers in the units the column line names when those are mV, mA, kOhm ...)."""
    rows, t = [], 0.0
    for g, v in zip(reads, pulses):
        rows.append(f"{t:.6E},{v * volts:.6E},{v * 1e-3 * amps:+.3E},,,{1e3 * ohms:.6E}")
        rows.append(f"{t + 0.01:.6E},{0.0:.6E},{0.0:+.3E},,,{0.0:.6E}")
        rows.append(f"{t + 0.02:.6E},{0.05 * volts:.6E},{g * 0.05 * amps:.6E},{-0.05 * volts:.6E},"
                    f"{-g * 0.05 * amps:.6E},{1 / g * ohms:.6E}")
        t += 0.03
    path.write_text("\r\n".join(_header(len(reads) - 1, **header) + [columns] + rows) + "\r\n")
    return path


def _up(path, **kwargs):
    return _train(path, UP, [-2.0] + [2.0] * 30, **kwargs)


# --- I1: the column line's voltage and current units --------------------------------------------------------------

@pytest.mark.parametrize("columns, amps, times", [
    ("Time stamp (s), Voltage (V), Current (uA), Voltage (V), Current (uA),Resistance (kOhm)", 1.0, "0.001"),
    ("Time stamp (s), Voltage (V), I (A), Voltage (V), I (A),Resistance (kOhm)", 1.0, "1e+03"),
    ("Time stamp (s), Voltage (V), Current (mA), Voltage (V), Current (mA),Resistance (Ohm)", 1.0, "0.001"),
], ids=["uA-kOhm", "I-kOhm", "mA-Ohm"])
def test_the_reads_cross_check_runs_in_the_units_the_column_line_names(tmp_path, columns, amps, times):
    """Rows in A and Ohm under these column lines loaded without the check (0.001 ... 1e+06 times off): the check now
    reads the current in the column's unit and refuses the first read row (line 14), naming the columns."""
    path = _up(tmp_path / "d.dat", columns=columns, amps=amps)
    with pytest.raises(DeviceFileError) as info:
        load_device(path)
    message = str(info.value)
    assert "line 14: the read's resistance" in message and f"is {times} times its own 'Voltage (V)' over" in message, \
        message
    done = crossbar_cli("device", "--device", "d.dat", cwd=tmp_path)
    assert_one_line_error(done, "d.dat, line 14: the read's resistance")


@pytest.mark.parametrize("columns, volts, amps, ohms", [
    ("Time stamp (s), Voltage (mV), Current (A), Voltage (mV), Current (A),Resistance (Ohm)", 1e3, 1.0, 1.0),
    ("Time stamp (s), Voltage (mV), Current (uA), Voltage (mV), Current (uA),Resistance (kOhm)", 1e3, 1e6, 1e-3),
    ("Time stamp (s), Voltage [µV], Current / nA, V (mV), I (pA),Resistance (Ohm)", 1e6, 1e9, 1.0),
], ids=["mV", "mV-uA-kOhm", "uV-nA"])
def test_rows_in_the_units_the_column_line_names_load_to_the_same_curve(tmp_path, columns, volts, amps, ohms):
    """`Voltage (mV)` over rows in mV was refused as 'found 0 read row(s) at the read voltage 0.05 V'; now the
    voltages are read in mV (the header's read voltage is in V) and the curve is the one in V, A and Ohm."""
    if columns.startswith("Time stamp (s), Voltage [µV]"):  # columns 4 and 5 in their own units
        path = _up(tmp_path / "d.dat", volts=volts, amps=amps, ohms=ohms)
        lines = path.read_bytes().decode().split("\r\n")
        for k in range(11, len(lines) - 1):
            f = lines[k].split(",")
            if f[3]:
                f[3], f[4] = f"{float(f[3]) / 1e3:.6E}", f"{float(f[4]) * 1e3:.6E}"  # uV -> mV, nA -> pA
            lines[k] = ",".join(f)
        lines[10] = columns
        path.write_text("\r\n".join(lines))
    else:
        path = _up(tmp_path / "d.dat", columns=columns, volts=volts, amps=amps, ohms=ohms)
    device = load_device(path)
    reference = load_device(_up(tmp_path / "ref.dat"))
    np.testing.assert_allclose(device.conductance, reference.conductance, rtol=1e-6)
    assert device.length == 31


def test_a_voltage_column_in_mv_over_rows_in_volts_is_refused_naming_the_column(tmp_path):
    """`Voltage (mV)` over rows at 0.05 and 2 (volts) loaded, the mV dropped; now the rows are 0.05 mV and 2 mV, none
    at the header's 0.05 V read voltage, and the refusal names the column, its unit and the voltages found."""
    _up(tmp_path / "d.dat", columns=STANDARD.replace("Voltage (V)", "Voltage (mV)"))
    with pytest.raises(DeviceFileError) as info:
        load_device(tmp_path / "d.dat")
    message = str(info.value)
    for piece in ("found 0 read row(s) at the read voltage 0.05 V", "column 2 'Voltage (mV)'", "line 11",
                  "read in mV", "0.05 mV", "2 mV"):
        assert piece in message, message
    done = crossbar_cli("train", "--device", "d.dat", "--max-epochs", "2", cwd=tmp_path)
    assert_one_line_error(done, "column 2 'Voltage (mV)'")


@pytest.mark.parametrize("column, index, piece", [
    ("Voltage (Volt)", 1, "column 2 is 'Voltage (Volt)': 'Volt' is no voltage unit read here; expected 'Voltage (V)'"),
    ("Current (mAmp)", 2, "column 3 is 'Current (mAmp)': 'mAmp' is no current unit read here; expected 'Current (A)'"),
    ("Current (MA)", 4, "column 5 is 'Current (MA)': 'MA' is no current unit read here"),
    ("Bananas (V)", 1, "column 2 is 'Bananas (V)'; expected 'Voltage (V)' (or mV, uV, kV): the rows' pulse and read"),
    ("Voltage (V)", 2, "column 3 is 'Voltage (V)'; expected 'Current (A)' (or mA, uA, nA, pA)"),
    ("Current", 4, "column 5 is 'Current', which names no unit; expected 'Current (A)'"),
], ids=["Volt", "mAmp", "MA", "Bananas", "swapped", "no-unit"])
def test_a_voltage_or_current_column_not_read_is_refused_naming_it(tmp_path, column, index, piece):
    """Each of these loaded, the column's name or unit dropped (and the cross-check off)."""
    names = [c.strip() for c in STANDARD.split(",")]
    names[index] = column
    _up(tmp_path / "d.dat", columns=", ".join(names))
    with raises(DeviceFileError, f"line 11: {piece}"):
        load_device(tmp_path / "d.dat")
    done = crossbar_cli("device", "--device", "d.dat", cwd=tmp_path)
    assert_one_line_error(done, f"d.dat, line 11: {piece}")


def test_the_measured_file_with_its_columns_in_mv_and_ua_is_the_same_curve(tmp_path):
    """The reference measurement loads as before; rewritten in mV and uA (its column line saying so) it was refused
    ('found 0 read row(s)') and now loads to exactly the same curve (the conductances come from its resistances)."""
    if not SHARED_MEASUREMENT.is_file():
        pytest.skip(f"reference measurement not found at {SHARED_MEASUREMENT} (not distributed with the project)")
    text = SHARED_MEASUREMENT.read_bytes().decode("utf-8")
    lines = text.split("\r\n")
    assert lines[10] == STANDARD
    reference = load_device(SHARED_MEASUREMENT)
    # the reference curve by hand: 1 / resistance of the rows at the header's read voltage
    read = float(lines[3].split(":")[1])
    by_hand = [1 / float(f[5]) for f in (line.split(",") for line in lines[11:] if line.strip())
               if abs(float(f[1]) - read) <= 1e-6 * abs(read)]
    assert reference.conductance.tolist() == by_hand
    lines[10] = "Time stamp (s), Voltage (mV), Current (uA), Voltage (mV), Current (uA),Resistance (Ohm)"
    for k in range(11, len(lines)):
        f = lines[k].split(",")
        if len(f) == 6:
            for j, scale in ((1, 1e3), (2, 1e6), (3, 1e3), (4, 1e6)):
                if f[j].strip():
                    f[j] = repr(float(f[j]) * scale)
            lines[k] = ",".join(f)
    (tmp_path / "mv.dat").write_text("\r\n".join(lines))
    assert load_device(tmp_path / "mv.dat").conductance.tobytes() == reference.conductance.tobytes()


# --- E1: the depressing pulses' own voltage and width ---------------------------------------------------------------

def _depression_file(path, on="-3.000000E+0", ton="5", voltage=-3.0):
    return _train(path, DOWN, [2.0] + [voltage] * 30, on=on, initial="2.000000E+0", ton=ton)


def _two_way(path, down_volts, on="2.000000E+0"):
    """One file: 30 pulses at +2 V, then 30 at `down_volts` (a number, or a list of 30)."""
    down = down_volts if isinstance(down_volts, list) else [down_volts] * 30
    return _train(path, np.concatenate([UP, DOWN[1:]]), [-2.0] + [2.0] * 30 + down, on=on)


def _by_hand(before, after, pulses, up=(2.0, 1e-3), down=(3.0, 5e-3)):
    """V^2 (G + G') / 2 t of each pulse, with the potentiating pulse's V and t for +1, the depressing one's for -1."""
    total = 0.0
    for b, a, p in zip(before, after, pulses):
        if p:
            v, t = up if p > 0 else down
            total += v ** 2 * (b + a) / 2 * t
    return total


BEFORE, AFTER, PULSES = [1.0e-6, 1.2e-6, 1.4e-6, 1.1e-6], [1.1e-6, 1.1e-6, 1.3e-6, 1.1e-6], [1, -1, -1, 0]


def test_a_depression_files_own_pulse_is_charged_for_the_depressing_pulses(tmp_path):
    """p.dat's header pulses at 2 V for 1 ms, q.dat's at -3 V for 5 ms: every pulse was charged at 2 V, 1 ms."""
    device = load_device(_up(tmp_path / "p.dat"), depression=_depression_file(tmp_path / "q.dat"))
    model = EnergyModel.of(device)
    assert (model.write_voltage, model.write_width) == (2.0, 1e-3)
    assert (model.depress_voltage, model.depress_width) == (3.0, 5e-3)
    assert "depression file" in model.depress_source and str(tmp_path / "q.dat") in model.depress_source
    energy = model.write(np.array(BEFORE)[None], np.array(AFTER)[None], np.array(PULSES)[None])
    assert energy[0] == pytest.approx(_by_hand(BEFORE, AFTER, PULSES), rel=1e-12)
    described = model.describe()
    assert described["depress_voltage"] == 3.0 and described["depress_width"] == 5e-3
    assert "depression file" in described["depress_source"]
    # the refresh rule's resets (True) take a device down to its start: charged at the depressing pulse
    resets = model.write(np.array(BEFORE)[None], np.array(AFTER)[None], np.array([True, False, True, False])[None])
    assert resets[0] == pytest.approx(_by_hand(BEFORE, AFTER, [-1, 0, -1, 0]), rel=1e-12)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"depress_voltage": 3.0}, ValueError,
     "EnergyModel: depress_voltage = 3.0 and depress_width = None: expected both"),
    ({"depress_width": 5e-3}, ValueError, "depress_voltage = None and depress_width = 0.005: expected both"),
    ({"depress_voltage": 0.0, "depress_width": 5e-3}, ValueError, "EnergyModel.depress_voltage = 0.0: expected"),
    ({"depress_voltage": 3.0, "depress_width": float("nan")}, ValueError, "EnergyModel.depress_width = nan: expected"),
    ({"depress_voltage": "3", "depress_width": 5e-3}, TypeError,
     "EnergyModel.depress_voltage = '3': expected a finite number >= 1e-3 (1 mV), <= 1000 (V), or None, got str"),
])
def test_the_energy_model_refuses_a_depressing_pulse_that_is_no_pulse(kwargs, error, message):
    with raises(error, message):
        EnergyModel(**kwargs)


def test_a_depression_files_pulse_rows_more_than_1_percent_apart_are_refused(tmp_path):
    """No 'ON Voltage' line in the depression file, and its rows at -3 V and -2 V: no one depressing voltage."""
    _train(tmp_path / "q.dat", DOWN, [2.0] + [-3.0 if k % 2 else -2.0 for k in range(30)], on=None,
           initial="2.000000E+0", ton="5")
    device = load_device(_up(tmp_path / "p.dat"), depression=tmp_path / "q.dat")
    with raises(ValueError, f"the depression file {tmp_path / 'q.dat'} has no 'ON Voltage (V): value' header line, "
                            "and its 30 pulse rows of one polarity (from line 14) are at -3 ... -2 V"):
        EnergyModel.of(device)


def test_a_depression_file_without_tON_takes_the_potentiating_width_and_says_so(tmp_path):
    (tmp_path / "q.dat").write_text(_depression_file(tmp_path / "q.dat").read_text().replace("tON (ms):5\n", ""))
    device = load_device(_up(tmp_path / "p.dat", ton="2"), depression=tmp_path / "q.dat")
    model = EnergyModel.of(device)
    assert (model.depress_voltage, model.depress_width) == (3.0, 2e-3)
    assert "the potentiating pulse's width" in model.depress_source, model.depress_source


def test_a_network_charges_the_depressing_pulses_at_their_own_pulse(tmp_path):
    """The fast path and the plain-numpy reference agree on a two-way network with the depression file's pulse, and
    its energy is that of neither pulse alone."""
    device = load_device(_up(tmp_path / "p.dat"), depression=_depression_file(tmp_path / "q.dat"))
    task, _ = letters()
    setting = crossbar.NETWORK.replace(hidden=4, max_epochs=3, rule="two-way")
    run = train_networks(device, setting, task, seed=1, trials=np.arange(1))
    ref = network_reference(device, setting, task, seed=1, trial=0)
    assert run.write_energy[0] == pytest.approx(ref.write_energy, rel=1e-12)
    assert run.depressions[0] > 0
    same = train_networks(device, setting, task, seed=1, trials=np.arange(1), energy=EnergyModel(2.0, 1e-3))
    assert run.write_energy[0] > 1.5 * same.write_energy[0]  # depressing pulses at 9 x 5 / 4 the energy


def test_train_json_and_device_report_both_pulses(tmp_path):
    _up(tmp_path / "p.dat")
    _depression_file(tmp_path / "q.dat")
    done = crossbar_cli("train", "--device", "p.dat", "--depression-file", "q.dat", "--json", "--max-epochs", "3",
                        "--hidden", "4", "--rule", "two-way", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    model = json.loads(done.stdout)["energy_model"]
    assert (model["write_voltage"], model["write_width"]) == (2.0, 1e-3)
    assert (model["depress_voltage"], model["depress_width"]) == (3.0, 5e-3)
    assert model["source"] == "the device file's header"
    assert "q.dat" in model["depress_source"], model
    done = crossbar_cli("device", "--device", "p.dat", "--depression-file", "q.dat", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    pulses = [line for line in done.stdout.splitlines() if line.startswith("pulses")]
    assert len(pulses) == 1 and "potentiating 2 V, 0.001 s" in pulses[0] and "depressing 3 V, 0.005 s" in pulses[0], \
        done.stdout


def test_a_two_way_files_depressing_rows_give_the_depressing_pulse(tmp_path):
    """20 pulses at +2 V then 20 at -3 V under 'ON Voltage (V):2' were charged at 2 V, exactly as rows at -2 V."""
    model = EnergyModel.of(load_device(_two_way(tmp_path / "d.dat", -3.0)))
    assert (model.write_voltage, model.write_width) == (2.0, 1e-3)
    assert (model.depress_voltage, model.depress_width) == (3.0, 1e-3)
    assert "depressing pulse rows" in model.depress_source and "from line 105" in model.depress_source, \
        model.depress_source
    energy = model.write(np.array(BEFORE)[None], np.array(AFTER)[None], np.array(PULSES)[None])
    assert energy[0] == pytest.approx(_by_hand(BEFORE, AFTER, PULSES, down=(3.0, 1e-3)), rel=1e-12)


def test_a_two_way_files_depressing_rows_more_than_1_percent_apart_are_refused(tmp_path):
    """Depressing rows alternating -3 V and -2 V were charged at the header's 2 V; the first polarity's rows more than
    1 % from their median were refused, and now the second polarity's are too."""
    _two_way(tmp_path / "d.dat", [-3.0 if k % 2 else -2.0 for k in range(30)])
    device = load_device(tmp_path / "d.dat")
    with raises(ValueError, "its 30 depressing pulse rows (from line 105) are at -3 ... -2 V, more than 1 % from "
                            "their median"):
        EnergyModel.of(device)
    done = crossbar_cli("train", "--device", "d.dat", "--json", "--max-epochs", "3", "--hidden", "4", "--rule",
                        "two-way", cwd=tmp_path)
    assert_one_line_error(done, "30 depressing pulse rows (from line 105) are at -3 ... -2 V")


def test_without_a_depressing_pulse_of_their_own_the_energies_are_as_before(tmp_path):
    """A one-way file, the embedded device, a preset and a CSV device keep one pulse, described as before."""
    for device in (crossbar.default_device(), crossbar.preset("ag-si"), load_device(_up(tmp_path / "d.dat"))):
        model = EnergyModel.of(device)
        assert model.depress_voltage is None and model.depress_width is None
        assert set(model.describe()) == {"write_voltage", "write_width", "read_width", "source"}
        energy = model.write(np.array(BEFORE)[None], np.array(AFTER)[None], np.array(PULSES)[None])
        v, t = model.write_voltage, model.write_width
        assert energy[0] == pytest.approx(_by_hand(BEFORE, AFTER, PULSES, up=(v, t), down=(v, t)), rel=1e-12)
