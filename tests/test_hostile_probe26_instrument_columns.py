"""Instrument exports: a read-voltage column beside read currents gives the read voltage (constant, or measured row
by row), a voltage column its name does not place is refused naming both readings, a time column of clock times or
ISO dates orders the rows, and an index column named 'Point', 'No.' or 'Sample' numbers the pulses (probe 25a, set
n1: 1,043 such files refused; set n19: 376 with a read voltage measured row by row)."""

import numpy as np
import pytest

from crossbar.devices.files import DeviceFileError, parse_device

G = 1e-6 * (1 + 2 * (1 - np.exp(-np.arange(10) / 4.0)))  # a saturating potentiation curve, S


def _text(columns, rows, delimiter=","):
    return delimiter.join(columns) + "\n" + "".join(delimiter.join(map(str, r)) + "\n" for r in rows)


def _currents(volts, unit=1e-9):
    """Read currents in `unit` (A) of G read at `volts` (one per row), as written (%.9g), and the S they give."""
    cells = [f"{g * v / unit:.9g}" for g, v in zip(G, volts)]
    return cells, np.array([float(c) * unit / v for c, v in zip(cells, volts)])


@pytest.mark.parametrize("name, volts, written", [
    ("Read voltage (V)", 0.1, "0.1"),
    ("Vread (V)", 0.2, "0.2"),
    ("V_read (V)", 0.05, "0.05"),
    ("Vread [V]", 0.1, "0.1"),
    ("V_read (mV)", 0.1, "100"),
    ("Vread (V)", -0.1, "-0.1"),  # a read at negative bias: currents of its sign, as with --read-voltage -0.1
])
def test_a_constant_read_voltage_column_gives_the_read_voltage(name, volts, written):
    # refused as "holds voltages ... give --read-voltage V and drop the column" (probe 25a n1, 173 + 193 files)
    cells, expected = _currents([volts] * G.size)
    device = parse_device(_text(["pulse", name, "I (nA)"], [(m, written, c) for m, c in enumerate(cells)]))
    np.testing.assert_allclose(device.conductance, expected, rtol=1e-12)
    assert device.metadata["read_voltage_from"] == f"the column '{name}'"


def test_the_read_voltage_column_agrees_with_the_option_or_is_refused():
    cells, expected = _currents([0.1] * G.size)
    text = _text(["pulse", "Vread (V)", "I (nA)"], [(m, "0.1", c) for m, c in enumerate(cells)])
    np.testing.assert_allclose(parse_device(text, read_voltage=0.1).conductance, expected, rtol=1e-12)
    with pytest.raises(DeviceFileError, match=r"line 1: column 'Vread \(V\)' names the read voltage 0.1 V and the "
                                              r"read voltage given .* is 0.2 V"):
        parse_device(text, read_voltage=0.2)


def test_the_read_voltage_column_is_held_to_a_note_and_to_the_header():
    cells, _ = _currents([0.1] * G.size)
    rows = [(m, "0.1", c) for m, c in enumerate(cells)]
    with pytest.raises(DeviceFileError, match=r"line 1: the note 'read at 0.2 V' states the read voltage 0.2 V and "
                                              r"the column 'Vread \(V\)' names 0.1 V"):
        parse_device("# read at 0.2 V\n" + _text(["pulse", "Vread (V)", "I (nA)"], rows))
    with pytest.raises(DeviceFileError, match=r"columns name different read voltages"):
        parse_device(_text(["pulse", "Vread (V)", "I (nA) @ 0.2 V"], rows))


def test_a_read_voltage_measured_row_by_row_divides_each_rows_current():
    # an instrument writes the bias it measured: G = I / V of each read (probe 25a n19, 376 files refused)
    volts = [0.1 * (1 + 0.01 * ((-1) ** m) * (m % 3)) for m in range(G.size)]
    cells, expected = _currents(volts, 1e-6)
    device = parse_device(_text(["pulse", "I (uA)", "V_read (V)"], [(m, c, f"{v:.9g}") for m, (c, v) in
                                                                     enumerate(zip(cells, volts))]))
    np.testing.assert_allclose(device.conductance, expected, rtol=1e-12)
    assert "each at its row's read voltage" in device.metadata["values"]
    assert device.metadata["read_voltage"] is None


@pytest.mark.parametrize("cells, line, says", [
    (["0.1"] * 5 + ["0.2"] * 5, 7, r"column 'Vread \(V\)' holds the read voltage 0.1 V on line 2 and 0.2 V on line "
                                   r"7; expected one read voltage, of one sign, measured within 20%"),
    (["0.1", "-0.1"] * 5, 3, r"column 'Vread \(V\)' holds the read voltage 0.1 V on line 2 and -0.1 V on line 3"),
    (["0.1"] * 3 + ["0"] + ["0.1"] * 6, 5, r"column 'Vread \(V\)': the read voltage is 0; expected the nonzero"),
    (["0.1"] * 3 + ["nan"] + ["0.1"] * 6, 5, r"column 'Vread \(V\)': nan is not a finite number"),
    (["0.1"] * 3 + [""] + ["0.1"] * 6, 5, r"column 'Vread \(V\)': expected a number, found ''"),
])
def test_a_read_voltage_column_of_no_one_voltage_is_refused_naming_the_line(cells, line, says):
    currents, _ = _currents([0.1] * G.size)
    text = _text(["pulse", "Vread (V)", "I (nA)"], [(m, v, c) for m, (v, c) in enumerate(zip(cells, currents))])
    with pytest.raises(DeviceFileError, match=rf"^<data>, line {line}: {says}") as caught:
        parse_device(text)
    assert "\n" not in str(caught.value)


def test_a_read_voltage_measured_row_by_row_and_the_option_are_refused_together():
    cells, _ = _currents([0.1] * G.size)
    text = _text(["pulse", "Vread (V)", "I (nA)"], [(m, "0.1" if m % 2 else "0.101", c) for m, c in enumerate(cells)])
    with pytest.raises(DeviceFileError, match=r"holds the read voltage of each row \(0.1 \.\.\. 0.101 V\) and the "
                                              r"read voltage given is 0.1 V; expected one of the two"):
        parse_device(text, read_voltage=0.1)


def test_a_read_voltage_column_beside_conductances_leaves_them_unchanged():
    cells = [f"{g * 1e6:.9g}" for g in G]
    device = parse_device(_text(["pulse", "Vread (V)", "G (uS)"], [(m, "0.1", c) for m, c in enumerate(cells)]))
    np.testing.assert_allclose(device.conductance, [float(c) * 1e-6 for c in cells], rtol=1e-12)
    with pytest.raises(DeviceFileError, match=r"column 'Vread \(V\)' holds the read voltage, but column 'x' names no "
                                              r"quantity"):
        parse_device(_text(["pulse", "Vread (V)", "x"], [(m, "0.1", c) for m, c in enumerate(cells)]))


@pytest.mark.parametrize("name", ["V_applied (V)", "Voltage (V)", "V (V)"])
@pytest.mark.parametrize("option", [None, 0.1])
def test_a_constant_voltage_its_name_does_not_place_is_refused_naming_both_readings(name, option):
    # a train of equal write pulses writes its amplitude on every row, as a read voltage would be: read as the read
    # voltage, 2 V over currents read at 0.1 V would load the curve 20x low with status 0
    cells, _ = _currents([0.1] * G.size)
    text = _text(["pulse", name, "I (nA)"], [(m, "2", c) for m, c in enumerate(cells)])
    given = "" if option is None else ", and the read voltage given is 0.1 V"
    with pytest.raises(DeviceFileError, match=rf"line 2: column '{name[:-4]} \(V\)' holds 2 V on every row{given}: the"
                                              r" read voltage of the values, or the write pulses' amplitude\? If .*"
                                              r"'Vread \(V\)'.*drop it"):
        parse_device(text, read_voltage=option)


def test_a_constant_voltage_that_is_the_read_voltage_given_is_dropped():
    cells, expected = _currents([0.1] * G.size)
    text = _text(["pulse", "V (V)", "I (nA)"], [(m, "0.1", c) for m, c in enumerate(cells)])
    np.testing.assert_allclose(parse_device(text, read_voltage=0.1).conductance, expected, rtol=1e-12)


@pytest.mark.parametrize("stamps", [
    ["10:00:%02d" % (2 * m) for m in range(G.size)],
    ["2024-05-01T10:00:%02d" % (2 * m) for m in range(G.size)],
    ["2024-05-01 23:59:%02d" % (50 + m) for m in range(G.size)],
    ["2024-05-01T10:00:%02d.5+02:00" % (2 * m) for m in range(G.size)],
])
@pytest.mark.parametrize("with_pulse", [False, True])
def test_a_timestamp_column_of_clock_times_or_dates_orders_the_rows(stamps, with_pulse):
    # refused as "expected a number, found '10:00:00'" (probe 25a n1, 127 files)
    cells = [f"{g * 1e6:.9g}" for g in G]
    header = (["pulse"] if with_pulse else []) + ["Timestamp", "G (uS)"]
    rows = [([m] if with_pulse else []) + [t, c] for m, (t, c) in enumerate(zip(stamps, cells))]
    device = parse_device(_text(header, rows))
    np.testing.assert_allclose(device.conductance, [float(c) * 1e-6 for c in cells], rtol=1e-12)


def test_dates_out_of_order_order_the_rows_as_seconds_do():
    cells = [f"{g * 1e6:.9g}" for g in G]
    order = [0, 2, 1] + list(range(3, G.size))
    rows = [("2024-05-01T10:00:%02d" % (2 * m), cells[m]) for m in order]
    device = parse_device(_text(["Timestamp", "G (uS)"], rows))
    np.testing.assert_allclose(device.conductance, [float(c) * 1e-6 for c in cells], rtol=1e-12)


@pytest.mark.parametrize("stamps, line, says", [
    (["23:59:5%d" % m for m in range(6)] + ["00:00:0%d" % m for m in range(4)], 8,
     r"the clock time 00:00:00 is not after 23:59:55 on line 7; clock times name no day"),
    (["10:00:0%d" % m for m in range(5)] + ["2024-05-01T10:00:0%d" % m for m in range(5, 10)], 7,
     r"'2024-05-01T10:00:05' is a date and time, but line 2 writes a clock time \('10:00:00'\); expected one form"),
    (["10:00:0%d" % m for m in range(9)] + ["10:61:00"], 11, r"'10:61:00' is no clock time"),
    (["2024-05-01T10:00:0%d" % m for m in range(9)] + ["2024-13-01T10:00:09"], 11, r"'2024-13-01T10:00:09' is no date"),
])
def test_a_timestamp_column_that_cannot_order_the_rows_is_refused(stamps, line, says):
    cells = [f"{g * 1e6:.9g}" for g in G]
    with pytest.raises(DeviceFileError, match=rf"^<data>, line {line}: column 'Timestamp': {says}"):
        parse_device(_text(["Timestamp", "G (uS)"], list(zip(stamps, cells))))


@pytest.mark.parametrize("name", ["Point", "No.", "Sample", "Nr."])
def test_an_index_column_numbering_the_rows_from_0_numbers_the_pulses(name):
    # refused as "1 value column(s) name a unit ('G (nS)') and 1 none ('Point'); expected ... 'Point (nS)'"
    cells = [f"{g * 1e9:.9g}" for g in G]
    device = parse_device(_text([name, "G (nS)"], list(enumerate(cells))))
    np.testing.assert_allclose(device.conductance, [float(c) * 1e-9 for c in cells], rtol=1e-12)


@pytest.mark.parametrize("name", ["Point", "No.", "Sample"])
def test_an_index_column_numbering_the_rows_from_1_gets_the_pulses_from_1_refusal(name):
    cells = [f"{g * 1e9:.9g}" for g in G]
    with pytest.raises(DeviceFileError, match=rf"line 2: column '{name}': the pulse numbers start at 1"):
        parse_device(_text([name, "G (nS)"], [(m + 1, c) for m, c in enumerate(cells)]))


def test_a_voltage_its_name_does_not_place_measured_row_by_row_is_refused_naming_both_readings():
    cells, _ = _currents([0.1] * G.size)
    text = _text(["pulse", "V (mV)", "I (nA)"], [(m, 100 + m % 3 - 1, c) for m, c in enumerate(cells)])
    with pytest.raises(DeviceFileError, match=r"line 2: column 'V \(mV\)' holds 99 \.\.\. 101 mV, within 20%: the read "
                                              r"voltage of the values, or the write pulses' amplitude\?"):
        parse_device(text)
