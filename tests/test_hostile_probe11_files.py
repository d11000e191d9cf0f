"""Probe 10a's leftovers in the device-file readers (notes/probe10a.md, L3 and U3), each fixed at its cause.

L3a: a table with a pulse column and a time column that give the rows different orders loaded by the pulse column,
the time column dropped without a word. L3b: a time column's unknown unit was refused with a list of conductance,
current and resistance units. U3a: a current column naming its read voltage ('I (uA) @ 0.1 V') loaded at another
--read-voltage, the header's 0.1 V dropped; without the option it was refused asking for one. U3b: an offsets file
written by pandas' df.to_csv() (an unnamed index column first) was refused with advice to name a unit for column ''.
"""

import numpy as np
import pytest

from crossbar.devices.files import DeviceFileError, load_device
from crossbar.devices.offsets import OffsetFileError, read_offset_matrix
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

M = np.arange(31)
G = 1e-6 + 0.5e-6 * (1 - np.exp(-M / 8))  # S


def _table(path, header, rows):
    path.write_text(header + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows))
    return path


# --- L3a: a pulse column and a time column that disagree -----------------------------------------------------

@pytest.mark.parametrize("times, line, pulse", [
    (30 - M, 3, 1),  # the probe's case: the time runs backwards against the pulse numbers (line 3 holds pulse 1)
    (np.where(M == 7, 8.5, np.where(M == 8, 6.5, M)), 10, 8),  # pulses 7 and 8 swapped in time
    (np.where(M == 12, 11, M), 14, 12),  # pulse 12 at the same time as pulse 11
])
def test_a_pulse_column_and_a_time_column_that_disagree_are_refused(tmp_path, times, line, pulse):
    bad = _table(tmp_path / "pt.csv", "pulse,time (s),G (uS)",
                 [(k, f"{t:g}", f"{v * 1e6:.8g}") for k, t, v in zip(M, times, G)])
    done = crossbar_cli("device", "--device", bad)
    assert_one_line_error(done, f"pt.csv, line {line}: columns 'pulse' and 'time (s)' give the rows different orders")
    assert f"pulse {pulse} (line {line})" in done.stderr and "drop one" in done.stderr, done.stderr
    with pytest.raises(DeviceFileError, match=rf"pt.csv, line {line}: columns 'pulse' and 'time \(s\)' .* "
                                              r"expected the two to give the rows the same order"):
        load_device(bad)
    # where they agree (rows listed in any order), the file loads exactly as without its time column
    rows = [(k, f"{0.5 * k:g}", f"{v * 1e6:.8g}") for k, v in zip(M, G)]
    order = np.random.default_rng(3).permutation(M.size)
    both = load_device(_table(tmp_path / "both.csv", "pulse,time (s),G (uS)", [rows[i] for i in order]))
    pulse_only = load_device(_table(tmp_path / "p.csv", "pulse,G (uS)", [(r[0], r[2]) for r in rows]))
    assert np.array_equal(both.conductance, pulse_only.conductance)


# --- L3b: a time column's unit -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["time (furlongs)", "Time [days]", "time_furlongs", "t (fortnights)", "time / yr"])
def test_a_time_columns_unknown_unit_is_refused_naming_time_units(tmp_path, name):
    bad = _table(tmp_path / "t.csv", f"{name},G (uS)", [(k, f"{v * 1e6:.8g}") for k, v in zip(M, G)])
    done = crossbar_cli("device", "--device", bad)
    assert_one_line_error(done, f"t.csv, line 1: column '{name}': unknown time unit")
    assert "s, ms, us, ns, ps, min or h" in done.stderr and "conductance" not in done.stderr, done.stderr


@pytest.mark.parametrize("name", ["time_min", "time / s", "time in ms", "t_h"])
def test_a_time_columns_unit_is_read_after_an_underscore_slash_or_in(tmp_path, name):
    """Before, these were value columns: 'time / s' over 'G' loaded as a second cycle of conductances."""
    rows = [(f"{2 * k + 1}", f"{v:.9g}") for k, v in zip(M, G)]
    device = load_device(_table(tmp_path / "t.csv", f"{name},G", rows[::-1]))
    assert np.array_equal(device.conductance, load_device(_table(tmp_path / "g.csv", "G", [(r[1],) for r in rows])).
                          conductance)
    assert device.metadata["cycles"] == 1 and f"time column '{name}'" in device.metadata["pulses"]


def test_a_temperature_column_is_no_time_column(tmp_path):
    bad = _table(tmp_path / "t.csv", "T (K),G (uS)", [(300, f"{v * 1e6:.8g}") for v in G])
    with pytest.raises(DeviceFileError, match=r"column 'T \(K\)': unknown unit 'K' \(a unit of another quantity\); expected a conductance"):
        load_device(bad)
    # and the time message is new: before, 'time (furlongs)' got the conductance list
    with pytest.raises(DeviceFileError, match=r"unknown time unit 'furlongs'"):
        load_device(_table(tmp_path / "f.csv", "time (furlongs),G (uS)", [(k, f"{v * 1e6:.8g}") for k, v in
                                                                         zip(M, G)]))


# --- U3a: a current column that names its read voltage --------------------------------------------------------

def _currents(path, name, volts=0.1, columns=1):
    header = "pulse," + ",".join(name.format(c=c + 1) for c in range(columns))
    return _table(path, header, [(k, *[f"{v * volts * 1e6:.8g}"] * columns) for k, v in zip(M, G)])


@pytest.mark.parametrize("name, volts", [("I (uA) @ 0.1 V", 0.1), ("I (uA) @ 100 mV", 0.1), ("I (uA)@0.2V", 0.2),
                                         ("Read current [uA] @ -0.05 V", -0.05)])
def test_a_read_voltage_in_the_header_is_read(tmp_path, name, volts):
    named = _currents(tmp_path / "i.csv", name, volts)
    plain = _currents(tmp_path / "p.csv", "I (uA)", volts)
    device = load_device(named)
    # the same curve as the header without its voltage and the voltage given as the option, to the bit
    assert np.array_equal(device.conductance, load_device(plain, read_voltage=volts).conductance)
    assert device.metadata["read_voltage"] == volts and f"at {volts:g} V" in device.metadata["values"]
    # the option naming the same voltage changes nothing (a float of its own spelling: 0.1 and 100 mV)
    assert np.array_equal(load_device(named, read_voltage=volts).conductance, device.conductance)
    done = crossbar_cli("device", "--device", named)
    assert done.returncode == 0 and f"read currents in uA at {volts:g} V" in done.stdout, done.stderr


def test_a_read_voltage_option_that_differs_from_the_headers_is_refused(tmp_path):
    named = _currents(tmp_path / "i.csv", "I (uA) @ 0.1 V")
    done = crossbar_cli("device", "--device", named, "--read-voltage", "0.2")
    assert_one_line_error(done, "i.csv, line 1: column 'I (uA) @ 0.1 V' names the read voltage 0.1 V and the "
                                "read voltage given (--read-voltage, API read_voltage=) is 0.2 V")
    with pytest.raises(DeviceFileError, match=r"i.csv, line 1: column 'I \(uA\) @ 0.1 V' names the read voltage "
                                              r"0.1 V and .* 0.2 V"):
        load_device(named, read_voltage=0.2)


@pytest.mark.parametrize("name, columns, message", [
    ("I (uA) @ 0.{c} V", 2, r"columns name different read voltages \(0.1 V in 'I \(uA\) @ 0.1 V', 0.2 V in "
                            r"'I \(uA\) @ 0.2 V'\)"),
    ("I (uA) @ 0.1 kV", 1, r"column 'I \(uA\) @ 0.1 kV': the read voltage '0.1 kV' .* expected V or mV"),
    ("I (uA) @ 0.1", 1, r"column 'I \(uA\) @ 0.1': the read voltage '0.1' .* expected V or mV"),
    ("I (uA) @ 0 V", 1, r"column 'I \(uA\) @ 0 V': read voltage 0 V; expected a nonzero read voltage"),
    ("cycle {c} @ 0.1 V", 1, r"column 'cycle 1 @ 0.1 V' names a read voltage but not what it holds"),
    ("I (uA) @ 0.1 V @ 0.2 V", 1, r"column 'I \(uA\) @ 0.1 V @ 0.2 V' names 2 read voltages"),
])
def test_a_read_voltage_in_the_header_that_cannot_be_read_is_refused(tmp_path, name, columns, message):
    """Before, each loaded at the --read-voltage given (or was refused asking for one), the header's dropped."""
    bad = _currents(tmp_path / "i.csv", name, columns=columns)
    for option in (None, 0.1):
        with pytest.raises(DeviceFileError, match=r"i.csv, line 1: " + message):
            load_device(bad, read_voltage=option)


# --- U3b: a pandas index column in an offsets file ------------------------------------------------------------

@pytest.mark.parametrize("header", [",G+1 (uS),G-1 (uS),G+2 (uS),G-2 (uS)", ",G+1,G-1,G+2,G-2",
                                    "Unnamed: 0,G+1 (uS),G-1 (uS),G+2 (uS),G-2 (uS)"])
def test_an_offsets_files_pandas_index_is_refused_as_one(tmp_path, header):
    shifts = tmp_path / "s.csv"
    shifts.write_text(header + "\n" + "".join(f"{i},0.01,0.02,0.03,0.04\n" for i in range(4)))
    done = crossbar_cli("train", "--shifts", shifts, "--max-epochs", "2")
    assert_one_line_error(done, "s.csv, line 1: the first column ")
    assert "has no name" in done.stderr and "and holds 0, 1, 2, 3: a row index, as pandas' df.to_csv() writes it" in \
        done.stderr, done.stderr
    assert "index=False" in done.stderr, done.stderr
    with pytest.raises(OffsetFileError, match=r"s.csv, line 1: the first column .*has no name .* drop it"):
        read_offset_matrix(shifts, (4, 4))
    # an unnamed first column of other values: no index, but no name either
    shifts.write_text(header + "\n" + "".join(f"{i + 5},0.01,0.02,0.03,0.04\n" for i in range(4)))
    with pytest.raises(OffsetFileError, match=r"s.csv, line 1: the first column .*has no name; expected a name"):
        read_offset_matrix(shifts, (4, 4))
