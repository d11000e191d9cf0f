"""Voltage and operation columns read wherever a plain wide table reads them (probe 27a, D27-1 to D27-4).

Each was a valid file refused, naming the wrong column: a long-format table (a cycle column) beside a read voltage's,
a write voltage's or an operation column was refused with a recipe to pivot that column as the values (D27-1); a
units row under a read or write voltage's column (``Vread`` over ``V``) was no units row (D27-2, D27-4); a write
voltage of both signs named ``V (V)``, giving the directions, beside a ``Vread (V)`` column was counted as a second
voltage column, and the read voltage's column blamed (D27-3).
"""

import re

import numpy as np
import pytest

from crossbar.devices.files import DeviceFileError, parse_device

READS = [(1.0e-7, 1.5e-7, 1.8e-7), (1.1e-7, 1.6e-7, 1.85e-7)]  # two cycles of read currents in A at 0.1 V


def _long(header, row):
    """A long-format table: `row(cycle, pulse, current)` gives each row's cells."""
    return header + "\n" + "".join(row(k + 1, m, i) + "\n" for k, cycle in enumerate(READS) for m, i in enumerate(cycle))


WIDE = "pulse,I (A) cycle 1,I (A) cycle 2\n" + "".join(f"{m},{a},{b}\n" for m, (a, b) in enumerate(zip(*READS)))


@pytest.mark.parametrize("text", [
    _long("cycle,pulse,Vread (V),I (A)", lambda k, m, i: f"{k},{m},0.1,{i}"),
    _long("Run,Index,Time (s),Vread (V),Current (A)", lambda k, m, i: f"{k},{m},{2 * m + 10 * k},0.1,{i}"),
    _long("cycle,pulse,I (A),Vread (V)", lambda k, m, i: f"{k},{m},{i},0.1"),
])
def test_a_long_table_with_a_read_voltage_column_reads_as_its_wide_twin(text):
    long, wide = parse_device(text), parse_device(WIDE, read_voltage=0.1)
    np.testing.assert_allclose(long.conductance, wide.conductance, rtol=1e-12)
    np.testing.assert_allclose(long.cycles, wide.cycles, rtol=1e-12)
    assert long.metadata["read_voltage"] == 0.1


TWO_WAY = [(1.0, 1.5, 1.8, 1.4, 1.1), (1.05, 1.55, 1.85, 1.45, 1.12)]  # G in uS: 2 up, 2 down
SIGNS = ["0", "+", "+", "-", "-"]


@pytest.mark.parametrize("column, cell", [
    ("operation", {"0": "", "+": "SET", "-": "RESET"}),
    ("V (V)", {"0": "0", "+": "2", "-": "-2"}),
    ("Vpulse (V)", {"0": "0", "+": "1.5", "-": "-1.5"}),
])
def test_a_long_two_way_table_takes_its_directions_from_a_write_voltage_or_operation_column(column, cell):
    rows = lambda name, spell: f"cycle,pulse,{name},G (uS)\n" + "".join(  # noqa: E731
        f"{k + 1},{m},{spell(SIGNS[m])},{g}\n" for k, cycle in enumerate(TWO_WAY) for m, g in enumerate(cycle))
    read, signed = parse_device(rows(column, cell.get)), parse_device(rows("direction", lambda s: s))
    np.testing.assert_allclose(read.conductance, signed.conductance, rtol=1e-12)
    np.testing.assert_allclose(read.depression, signed.depression, rtol=1e-12)
    assert read.depression.size == 3


def test_a_long_table_keeps_the_refusal_of_an_unplaced_voltage():
    # the column is read over every cycle's rows before each cycle's table (probe 28a, D28-6): no cycle is named
    with pytest.raises(DeviceFileError, match=r"line 2: column 'Voltage \(V\)' holds 0\.1 V on every "
                                              r"row: the read voltage of the values, or the write pulses' amplitude\?"):
        parse_device(_long("cycle,pulse,Voltage (V),I (A)", lambda k, m, i: f"{k},{m},0.1,{i}"))


@pytest.mark.parametrize("united, named", [
    ("pulse,Vread,I\n,V,uA\n", "pulse,Vread (V),I (uA)\n"),
    ("pulse,Read voltage,I\n,mV,uA\n", "pulse,Read voltage (mV),I (uA)\n"),
])
def test_a_units_row_gives_a_read_voltage_column_its_unit(united, named):
    volts = "100" if "mV" in united else "0.1"
    rows = "".join(f"{m},{volts},{i * 1e6:g}\n" for m, i in enumerate(READS[0]))
    read = parse_device(united + rows)
    np.testing.assert_allclose(read.conductance, parse_device(named + rows).conductance, rtol=1e-12)
    np.testing.assert_allclose(read.conductance, np.array(READS[0]) / 0.1, rtol=1e-12)


@pytest.mark.parametrize("united, named", [
    ("pulse,Vpulse,G\n,V,uS\n", "pulse,Vpulse (V),G (uS)\n"),
    ("pulse,V,G\n,V,uS\n", "pulse,V (V),G (uS)\n"),
])
def test_a_units_row_gives_a_write_voltage_column_its_unit(united, named):
    rows = "".join(f"{m},{ {'0': 0, '+': 2, '-': -2}[s]},{g}\n" for m, (s, g) in enumerate(zip(SIGNS, TWO_WAY[0])))
    read, control = parse_device(united + rows), parse_device(named + rows)
    np.testing.assert_allclose(read.conductance, control.conductance, rtol=1e-12)
    np.testing.assert_allclose(read.depression, control.depression, rtol=1e-12)
    assert read.depression.size == 3


def test_a_voltage_unit_under_a_conductance_stays_refused():
    with pytest.raises(DeviceFileError):
        parse_device("pulse,G\n,V\n0,1\n1,2\n2,3\n")


@pytest.mark.parametrize("write", ["V (V)", "Voltage (V)"])
def test_a_write_voltage_giving_the_directions_beside_a_read_voltage_column_is_read(write):
    rows = "".join(f"{m},{ {'0': 0, '+': 2, '-': -2}[s]},0.1,{g / 10}\n"
                   for m, (s, g) in enumerate(zip(SIGNS, TWO_WAY[0])))
    read = parse_device(f"pulse,{write},Vread (V),I (uA)\n" + rows)
    control = parse_device(f"pulse,{write},I (uA)\n" + "\n".join(r.rsplit(",", 2)[0] + "," + r.rsplit(",", 1)[1]
                                                                 for r in rows.splitlines()) + "\n", read_voltage=0.1)
    np.testing.assert_allclose(read.conductance, control.conductance, rtol=1e-12)
    np.testing.assert_allclose(read.depression, control.depression, rtol=1e-12)
    np.testing.assert_allclose(read.conductance, np.array(TWO_WAY[0][:3]) * 1e-6, rtol=1e-12)


@pytest.mark.parametrize("name, volts", [("Vread / V", "0.1"), ("Vread in V", "0.1"), ("Vread_V", "0.1"),
                                         ("V_read_mV", "100"), ("Read voltage / mV", "100")])
def test_a_read_voltage_columns_unit_after_a_slash_in_or_underscore_reads_as_in_brackets(name, volts):
    rows = "".join(f"{m},{volts},{i * 1e6:g}\n" for m, i in enumerate(READS[0]))
    read = parse_device(f"pulse,{name},I / uA\n" + rows)  # D27-5: "unknown unit 'V' (a unit of another quantity)"
    np.testing.assert_allclose(read.conductance, np.array(READS[0]) / 0.1, rtol=1e-12)
    assert read.metadata["read_voltage"] == pytest.approx(0.1, rel=1e-12)


@pytest.mark.parametrize("name", ["V / V", "Vpulse_V", "amplitude in V"])
def test_a_write_voltage_columns_unit_after_a_slash_in_or_underscore_gives_the_directions(name):
    rows = "".join(f"{m},{ {'0': 0, '+': 2, '-': -2}[s]},{g}\n" for m, (s, g) in enumerate(zip(SIGNS, TWO_WAY[0])))
    read, control = parse_device(f"pulse,{name},G / uS\n" + rows), parse_device("pulse,V (V),G (uS)\n" + rows)
    np.testing.assert_allclose(read.conductance, control.conductance, rtol=1e-12)
    np.testing.assert_allclose(read.depression, control.depression, rtol=1e-12)


def test_an_unplaced_voltage_with_its_unit_after_in_is_refused_naming_both_readings():
    with pytest.raises(DeviceFileError, match=r"column 'Voltage in V' holds 2 V on every row: the read voltage of "
                                              r"the values, or the write pulses' amplitude\?"):
        parse_device("pulse,Voltage in V,I in uA\n" + "".join(f"{m},2,{i * 1e6:g}\n" for m, i in enumerate(READS[0])))


# D27-7: each cycle's table held its own read voltage to the rule, so cycles read at 0.1 V and 0.2 V loaded as one
# median, reported "at 0.1 V"; the column is held as one, as a wide table's is.
@pytest.mark.parametrize("volts, said", [((0.1, 0.2), "0.1 V on line 2 and 0.2 V on line 5"),
                                         ((0.1, -0.1), "0.1 V on line 2 and -0.1 V on line 5")])
def test_a_long_tables_read_voltage_column_is_held_to_one_voltage_over_every_cycle(volts, said):
    text = _long("cycle,pulse,Vread (V),I (A)", lambda k, m, i: f"{k},{m},{volts[k - 1]},{i * volts[k - 1] / 0.1}")
    with pytest.raises(DeviceFileError, match=f"column 'Vread \\(V\\)' holds the read voltage {re.escape(said)}; "
                                              "expected one read voltage, of one sign, measured within 20%"):
        parse_device(text)


def test_a_long_tables_cycles_read_within_20_percent_are_read_row_by_row():
    volts = (0.1, 0.11)
    long = parse_device(_long("cycle,pulse,Vread (V),I (A)",
                              lambda k, m, i: f"{k},{m},{volts[k - 1]},{i * volts[k - 1] / 0.1!r}"))
    np.testing.assert_allclose(long.cycles, parse_device(WIDE, read_voltage=0.1).cycles, rtol=1e-12)
    assert long.metadata["read_voltage"] is None
    assert long.metadata["values"] == "read currents in A, each at its row's read voltage (0.1 ... 0.11 V)"


# D27-8: a units row under a voltage column that names its unit was merged into 'Vread (V) (V)', a column no file has
@pytest.mark.parametrize("text, said", [
    ("pulse,Vread (V),I\n,V,uA\n0,0.1,0.1\n1,0.1,0.15\n", "column 'Vread (V)': expected a number, found 'V'"),
    ("pulse,V_read (mV),I\n,mV,uA\n0,100,0.1\n1,100,0.15\n", "column 'V_read (mV)': expected a number, found 'mV'"),
    # the cell under the write voltage's column is named, not G's unit after it (probe 28a, D28-13)
    ("pulse,Vpulse (V),G\n,V,uS\n0,0,1.0\n1,2,1.5\n2,-2,1.2\n", "column 'Vpulse (V)': expected a number, found 'V'"),
])
def test_a_units_row_under_a_voltage_column_naming_its_unit_is_no_units_row(text, said):
    with pytest.raises(DeviceFileError, match=f"line 2: {re.escape(said)}"):
        parse_device(text)
