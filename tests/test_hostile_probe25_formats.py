"""Probe 24a's judgement calls, read (fix 25b): a table in long format, one row per cycle and pulse with a column
numbering the cycles (n2: 607 files, refused with a pandas pivot recipe), loads each cycle's rows as that cycle,
exactly as the wide table ('pulse,G (uS) cycle 1,G (uS) cycle 2') of the same reads; what it cannot read by meaning
is refused in one line naming the line."""

import numpy as np
import pytest

import crossbar
from crossbar.devices.files import DeviceFileError, parse_device
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

RISE = 1 + 1.5 * (1 - np.exp(-np.arange(12) / 3))  # uS


def _cycles(n=3, lengths=None):
    lengths = lengths or [RISE.size] * n
    return {c: RISE[:lengths[c - 1]] * (1 + 0.03 * c) for c in range(1, n + 1)}


def _wide(cycles, labels=None):
    labels = labels or list(cycles)
    top = max(v.size for v in cycles.values())
    rows = [",".join([str(p)] + [f"{cycles[c][p]:.10g}" if p < cycles[c].size else "" for c in cycles])
            for p in range(top)]
    return "pulse," + ",".join(f"G (uS) cycle {k}" for k in labels) + "\n" + "\n".join(rows) + "\n"


def _long(cycles, pulse=True, order="blocks", labels=None, name="cycle"):
    labels = labels or list(cycles)
    rows = [(k, p, f"{cycles[c][p]:.10g}") for k, c in zip(labels, cycles) for p in range(cycles[c].size)]
    if order == "interleaved":
        rows.sort(key=lambda r: (r[1], r[0]))
    elif order == "reversed_cycles":
        rows.sort(key=lambda r: (-r[0], r[1]))
    elif order == "reversed_pulses":
        rows.sort(key=lambda r: (r[0], -r[1]))
    head = f"{name},pulse,G (uS)" if pulse else f"{name},G (uS)"
    return head + "\n" + "".join(f"{k},{p},{g}\n" if pulse else f"{k},{g}\n" for k, p, g in rows)


@pytest.mark.parametrize("order", ["blocks", "interleaved", "reversed_cycles", "reversed_pulses"])
def test_a_long_table_loads_as_the_wide_table_of_its_cycles(order):
    cycles = _cycles(3, [12, 10, 11])  # ragged, as a wide table's cycles may be
    wide, long = _wide(cycles), _long(cycles, order=order)
    for k in (None, 1, 2, 3):
        a, b = parse_device(wide, cycle=k), parse_device(long, cycle=k)
        np.testing.assert_array_equal(b.conductance, a.conductance)
        if k is not None:
            np.testing.assert_allclose(b.conductance, cycles[k] * 1e-6, rtol=1e-9)
    device = parse_device(long)
    assert device.metadata["cycles"] == 3 and "long format" in device.metadata["layout"]
    np.testing.assert_array_equal(crossbar.measured_noise(device).step_scatter,
                                  crossbar.measured_noise(parse_device(wide)).step_scatter)


@pytest.mark.parametrize("order", ["blocks", "interleaved", "reversed_cycles"])
def test_without_a_pulse_column_each_cycle_is_its_rows_in_file_order(order):
    cycles = _cycles(3)
    for k in (1, 2, 3):
        got = parse_device(_long(cycles, pulse=False, order=order), cycle=k).conductance
        np.testing.assert_allclose(got, cycles[k] * 1e-6, rtol=1e-9)


@pytest.mark.parametrize("name", ["Cycle", "cycle #", "Cycle No.", "run", "Sweep", "repetition"])
def test_each_name_of_a_cycle_column_reads_the_cycles(name):
    cycles = _cycles(2)
    got = parse_device(_long(cycles, name=name), cycle=2).conductance
    np.testing.assert_allclose(got, cycles[2] * 1e-6, rtol=1e-9)


def test_cycle_k_is_the_cycle_the_file_numbers_k_as_for_wide_names():
    cycles = _cycles(2)
    # numbered 1 and 3: cycle=3 is the one numbered 3, cycle=2 names no cycle (as 'G (uS) cycle 1, G (uS) cycle 3')
    np.testing.assert_allclose(parse_device(_long(cycles, labels=[1, 3]), cycle=3).conductance, cycles[2] * 1e-6,
                               rtol=1e-9)
    with pytest.raises(ValueError, match="numbers cycle 2 in column 'cycle'"):  # the file's words (probe 28a, D28-14)
        parse_device(_long(cycles, labels=[1, 3]), cycle=2)
    # numbered from 0: cycle=1 is the one numbered 0, as for 'cycle 0, cycle 1' columns
    for k in (1, 2):
        np.testing.assert_array_equal(parse_device(_long(cycles, labels=[0, 1]), cycle=k).conductance,
                                      parse_device(_wide(cycles, labels=[0, 1]), cycle=k).conductance)


def test_a_two_way_long_table_loads_as_the_wide_two_way_table():
    up, down = RISE[:8], RISE[7::-1][1:6]
    dirs = [""] + ["+"] * 7 + ["-"] * 5
    reads = {c: np.concatenate([up, down]) * (1 + 0.03 * c) for c in (1, 2)}
    wide = "pulse,direction,G (uS) cycle 1,G (uS) cycle 2\n" + "".join(
        f"{p},{d},{reads[1][p]:.10g},{reads[2][p]:.10g}\n" for p, d in enumerate(dirs))
    long = "cycle,pulse,direction,G (uS)\n" + "".join(
        f"{c},{p},{d},{reads[c][p]:.10g}\n" for c in (1, 2) for p, d in enumerate(dirs))
    for k in (None, 2):
        a, b = parse_device(wide, cycle=k), parse_device(long, cycle=k)
        np.testing.assert_array_equal(b.conductance, a.conductance)
        np.testing.assert_array_equal(b.depression, a.depression)
    other = long.replace("2,8,-,", "2,8,+,")  # cycle 2's pulse 8 potentiates: another protocol
    with pytest.raises(DeviceFileError, match=r"\(cycle 2\), line 23: the direction of pulse 8 differs from cycle "
                                              r"1's \(line 10\)"):
        parse_device(other.replace("2,9,-,", "2,9,+,").replace("2,10,-,", "2,10,+,"))


def test_units_row_semicolons_and_whitespace_are_read_as_in_a_wide_table():
    cycles = _cycles(2)
    long = _long(cycles)
    expected = parse_device(long, cycle=2).conductance
    units = long.replace("cycle,pulse,G (uS)\n", "cycle,pulse,G\n,,uS\n")
    semicolons = long.replace(",", ";").replace(".", ",")
    spaces = long.replace(",", " ")
    for text in (units, semicolons, spaces):
        np.testing.assert_array_equal(parse_device(text, cycle=2).conductance, expected)
    assert parse_device(units).metadata["units"] == "from the row under the header (line 2)"


def test_a_glitch_is_named_on_its_own_line_of_the_file():
    cycles = _cycles(2)
    long = _long(cycles).splitlines()
    line = 2 + 12 + 5  # cycle 2, pulse 5
    cells = long[line - 1].split(",")
    long[line - 1] = ",".join(cells[:2] + [f"{float(cells[2]) * 30:.10g}"])
    with pytest.raises(DeviceFileError, match=f"line {line}:"):
        parse_device("\n".join(long) + "\n")


@pytest.mark.parametrize("text, message", [
    ("cycle,pulse,G (uS)\n1,0,1\n1,1,2\n1.5,0,1\n1.5,1,2\n",
     r"line 4: column 'cycle' numbers the cycles \(long format\): '1.5' is no cycle number"),
    ("cycle,pulse,G (uS)\n1,0,1\n1,1,2\n,0,1\n,1,2\n", "line 4: .*an empty cell is no cycle number"),
    ("cycle,pulse,G (uS)\n1,0,1\n1,1,2\n1,2,3\n2,0,1\n", r"line 5: cycle 2 \(column 'cycle'\) has one row"),
    ("Sweep,G (uS)\n0,1\n1,2\n2,3\n", r"line 2: column 'Sweep' holds a new number on every row"),
    ("cycle,pulse,G (uS)\n1,0,1\n1,1,2\n2,0,1\n2,0,2\n", r"\(cycle 2\), line 5: pulse number 0 appears twice"),
    ("cycle,pulse,G (uS)\n1,0,1\n1,1,2\n2,2,1\n2,3,2\n", r"line 4: cycle 2 \(column 'cycle'\) starts at pulse 2"),
    ("cycle,pulse,G (uS)\n1,0,1\n1,1,2\n2,0,1\n2,1,x\n", r"\(cycle 2\), line 5: column 'G \(uS\)': expected a number"),
    ("cycle,pulse,G (uS)\n1,0,1\n1,1,2\n2,0\n", r"line 4: expected 3 field\(s\) as in the header, found 2"),
])
def test_what_a_long_table_cannot_mean_is_refused_naming_the_line(text, message):
    with pytest.raises(DeviceFileError, match=message):
        parse_device(text)


def test_the_command_line_reads_a_long_table_and_refuses_in_one_line(tmp_path):
    cycles = _cycles(3)
    path = tmp_path / "long.csv"
    path.write_text(_long(cycles, order="interleaved"))
    done = crossbar_cli("device", "--device", path, "--cycle", "2")
    assert done.returncode == 0, done.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text(_long(cycles).replace("\n2,3,", "\n2.5,3,"))
    assert_one_line_error(crossbar_cli("device", "--device", bad), "is no cycle number")


# --- key,value metadata rows above the header (probe 24a, n1: 421 files refused, 'found '1 mA', which starts like a
# number: a data row with a damaged value, or a file with no header?') -------------------------------------------------

TABLE = "pulse,G (uS)\n" + "".join(f"{p},{g:.10g}\n" for p, g in enumerate(RISE))


@pytest.mark.parametrize("block", [
    "Compliance,1 mA\nOperator,AB\n",
    "Compliance,1 mA\nOperator,AB\n\n",
    "Instrument,Keithley 4200A-SCS\nDate,2024-05-01\nPulse width,1 ms\nTemperature,300 K\n",
    "Sample,SP12,,\nDate,2024-05-01,,\n",  # a spreadsheet pads a row to the table's width
    "Sample,SP12\nTemperature,300 K\n" + TABLE.replace("pulse,G (uS)", "pulse,G\n,uS"),  # over a units row
    "Compliance = 1 mA\nOperator = AB\n",
    "# exported by the probe station\nSample,SP12\n# run 3\nDate,2024-05-01\n",
    '"Comment","first run, annealed"\nSample,SP12\n',
])
def test_metadata_rows_above_the_header_are_notes(block):
    device = parse_device(block if block.endswith(TABLE[-20:]) else block + TABLE)
    np.testing.assert_allclose(device.conductance, RISE * 1e-6, rtol=1e-9)
    assert any(note.startswith(("Sample: ", "Compliance: ", "Instrument: ")) for note in device.metadata["notes"])


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_metadata_rows_in_a_tab_or_semicolon_table(delimiter):
    text = f"Sample{delimiter}SP12\nPulse width{delimiter}1 ms\n" + TABLE.replace(",", delimiter)
    np.testing.assert_allclose(parse_device(text).conductance, RISE * 1e-6, rtol=1e-9)


def test_a_read_voltage_in_a_metadata_row_counts_as_a_note():
    currents = "Read voltage,0.1 V\nDate,2024-05-01\npulse,I (uA)\n" + "".join(
        f"{p},{g * 0.1:.10g}\n" for p, g in enumerate(RISE))
    np.testing.assert_allclose(parse_device(currents, read_voltage=0.1).conductance, RISE * 1e-6, rtol=1e-9)
    with pytest.raises(DeviceFileError, match=r"line 1: the note 'Read voltage: 0.1 V' states the read voltage 0.1 V "
                                              r"and the read voltage given .* is 0.2 V"):
        parse_device(currents, read_voltage=0.2)
    with pytest.raises(DeviceFileError, match=r"line 3: column 'I \(uA\)' holds read currents; give the read voltage .*"
                                              r"the note on line 1 states the read voltage 0.1 V"):
        parse_device(currents)
    with pytest.raises(DeviceFileError, match=r"line 1: the note 'Read voltage: 0.1 V' .* and the header's column "
                                              r"'I \(uA\) @ 0.2 V' names 0.2 V"):
        parse_device(currents.replace("I (uA)", "I (uA) @ 0.2 V"))


def test_a_block_with_a_line_that_is_no_pair_is_refused_naming_it():
    """It was 'found '1 mA', which starts like a number: a data row with a damaged value, or a file with no header?',
    and (a title above) 'column 'first run' ... names its cycle as 'first''."""
    with pytest.raises(DeviceFileError, match=r"line 1: lines 1-3 above the header on line 4 are metadata "
                                              r"\('key,value' rows\), but line 2 'Run,3,of,5' is no 'key,value' pair"):
        parse_device("Compliance,1 mA\nRun,3,of,5\nDate,2024-05-01\n" + TABLE)
    with pytest.raises(DeviceFileError, match=r"line 1: lines 1-2 .* but line 1 'Comment,first run, annealed' is no"):
        parse_device("Comment,first run, annealed\nDate,2024-05-01\n" + TABLE)


def test_an_instrument_header_written_key_comma_value_is_refused_saying_so():
    """It was "column 'Number of Pulses' ... several value columns are read as cycles only where ...", a table's
    message for an instrument file (probe 24a, n15); read as metadata rows, its refusal named the 'Voltage (V)'
    column."""
    text = ("Number of Pulses,2\nRead Voltage (V),5.000000E-02\nTemperature (K),300\n"
            "Time stamp (s), Voltage (V), Current (A), Voltage (V), Current (A),Resistance (Ohm)\n"
            "2.0,-2.0,-1.8E-03,,,1.1E+03\n4.7,5.0E-02,2.27E-08,-5.0E-02,-2.27E-08,2.2E+06\n")
    with pytest.raises(DeviceFileError, match=r"line 1: lines 1-3 above the instrument's column line \(line 4\) are "
                                              r"written 'key,value' .* e.g. 'Number of Pulses: 2'"):
        parse_device(text)


# Probe 25a's re-run at the final HEAD (n16, 16 Origin exports): 'Pulse,Leitwert' over ',nS' was taken for a metadata
# pair over the header ',nS' ("column 1 of the header has no name"): 'Leitwert' names a column only with its unit.
# Review at stop 47: the names were split at every comma, so a quoted name holding one was refused the same way.


@pytest.mark.parametrize("names", ["Pulse,Leitwert", 'Pulse,"Leitwert, Probe 3"'])
@pytest.mark.parametrize("above", ["", "Sample,SP1\n", "Sample,SP1\nDate,2024-05-01\n"])
def test_names_over_a_units_row_are_the_header_not_a_metadata_pair(tmp_path, above, names):
    path = tmp_path / "origin.csv"
    path.write_text(above + names + "\n,nS\n0,100\n1,150\n2,180\n")
    curve = crossbar.load_device(path)
    np.testing.assert_allclose(curve.conductance, [1.0e-7, 1.5e-7, 1.8e-7], rtol=1e-12)
    assert curve.metadata["units"] == f"from the row under the header (line {above.count(chr(10)) + 2})"
