"""A two-way table whose directions are written as the write pulse's voltage (its sign) or as operation words
(SET / RESET, LTP / LTD, potentiation / depression) is read as with a direction column (+ / -); the forms that do
not say a direction are refused in one line naming the column (probe 24a/25a: n3 452 files, n8 414 refused)."""

import re

import numpy as np
import pytest

from crossbar.devices.files import DeviceFileError, parse_device

UP = 1e-6 * (1 + 2 * (1 - np.exp(-np.arange(12) / 4.0)))  # a saturating potentiation branch, S
DOWN = UP[-1] - 1e-6 * 1.8 * (1 - np.exp(-np.arange(1, 10) / 3.0))  # the depressing train's reads after its top


def _text(columns, rows, delimiter=","):
    return delimiter.join(columns) + "\n" + "".join(delimiter.join(map(str, r)) + "\n" for r in rows)


def _rows(first, up, down, g=None):
    """(pulse, cell, G in uS) rows: `first` before the initial read, `up` for the potentiating train, `down` after."""
    g = np.concatenate([UP, DOWN]) if g is None else g
    cells = [first] + [up] * (UP.size - 1) + [down] * DOWN.size
    return [(m, c, f"{x * 1e6:.9g}") for m, (c, x) in enumerate(zip(cells, g))]


def _two_way(device):
    np.testing.assert_allclose(device.conductance, UP, rtol=1e-8)
    np.testing.assert_allclose(device.depression, np.concatenate([UP[-1:], DOWN]), rtol=1e-8)


@pytest.mark.parametrize("name, up, down, first", [
    ("V (V)", "2", "-2", "-2"),  # the initial read after a reset pulse
    ("Vpulse (V)", "1.5", "-1.5", ""),
    ("amplitude (V)", "+3", "-3", "-3"),
    ("pulse voltage (V)", "1.5", "-1.5", "0"),
    ("V_pulse (mV)", "3000", "-3000", "-3000"),
    ("V_write (V)", "2", "-2", "-2"),
    ("V_write", "2", "-2", "-2"),
    ("Vset (V)", "1.2", "-1.4", "-1.4"),
])
def test_a_write_voltage_column_of_both_signs_is_the_direction(name, up, down, first):
    # refused as "holds voltages ... give --read-voltage V and drop the column" (probe 25a n3, 452 files)
    device = parse_device(_text(["pulse", name, "G (uS)"], _rows(first, up, down)))
    _two_way(device)


def test_a_write_voltage_in_a_decimal_comma_table_and_rows_newest_first_read_alike():
    rows = _rows("-1,5", "1,5", "-1,5")
    text = _text(["Puls", "Vpulse (V)", "G (uS)"], [(m, c, x.replace(".", ",")) for m, c, x in rows[::-1]], ";")
    _two_way(parse_device(text))


def test_an_incremental_train_of_a_few_amplitudes_per_sign_is_read_by_its_signs():
    cells = ["-1"] + [f"{1 + 0.1 * k:.1f}" for k in range(UP.size - 1)] + [f"-{1 + 0.1 * k:.1f}" for k in
                                                                           range(DOWN.size)]
    rows = [(m, c, f"{x * 1e6:.9g}") for m, (c, x) in enumerate(zip(cells, np.concatenate([UP, DOWN])))]
    _two_way(parse_device(_text(["pulse", "V_pulse (V)", "G (uS)"], rows)))


@pytest.mark.parametrize("name", ["operation", "mode", "type", "op", "pulse type", "Operation"])
@pytest.mark.parametrize("up, down", [("SET", "RESET"), ("set", "reset"), ("LTP", "LTD"), ("Potentiation",
                                                                                             "Depression"),
                                      ("pot", "dep")])
def test_an_operation_column_is_the_direction(name, up, down):
    # refused as "1 value column(s) name a unit ('G (uS)') and 1 none ('mode')" (probe 25a n8, 414 files)
    _two_way(parse_device(_text(["pulse", name, "G (uS)"], _rows("", up, down))))


def test_an_operation_on_the_first_row_is_the_pulse_before_the_initial_state():
    _two_way(parse_device(_text(["pulse", "operation", "G (uS)"], _rows("RESET", "SET", "RESET"))))


def test_two_cycles_share_the_write_voltage_column():
    rows = [r + (f"{float(r[2]) * 1.02:.9g}",) for r in _rows("-2", "2", "-2")]
    device = parse_device(_text(["pulse", "V (V)", "G (uS) cycle 1", "G (uS) cycle 2"], rows))
    assert device.cycles.shape == (2, UP.size)
    np.testing.assert_allclose(device.depression_cycles[1], 1.02 * np.concatenate([UP[-1:], DOWN]), rtol=1e-8)


def test_an_operation_column_beside_a_write_voltage_column_is_the_direction_and_the_voltages_follow_it():
    rows = [(m, op, v, x) for (m, op, x), (_, v, _) in zip(_rows("", "SET", "RESET"), _rows("-2", "-2", "2"))]
    # a device set by negative pulses: the words say which sign potentiates
    _two_way(parse_device(_text(["pulse", "operation", "V_pulse (V)", "G (uS)"], rows)))
    rows[5] = rows[5][:2] + ("2",) + rows[5][3:]
    with pytest.raises(DeviceFileError, match=r"line 7: column 'V_pulse \(V\)' holds the write pulses' voltage, 2 "
                                              r"here, which disagrees with column 'operation'"):
        parse_device(_text(["pulse", "operation", "V_pulse (V)", "G (uS)"], rows))


@pytest.mark.parametrize("name, first, up, down, row, cell, message", [
    # a word that is no operation: named with its line and the words read
    ("operation", "", "SET", "RESET", 4, "write",
     r"line 6: column 'operation': operation 'write'; expected SET / LTP / potentiation / pot"),
    ("operation", "", "SET", "RESET", 4, "2", r"line 6: column 'operation': operation '2'; expected SET"),
    # a read's 0.1 V among the write pulses' 2 V: no longer one voltage per direction
    ("V (V)", "-2", "2", "-2", 5, "0.1", r"line 7: column 'V \(V\)' holds the write pulses' voltage, its sign the "
     r"direction, but its positive cells range from 0.1 \(line 7\) to 2 \(line 3\), more than 3 times apart"),
    ("V (V)", "-2", "2", "-2", 5, "0",
     r"line 7: column 'V \(V\)' holds the write pulses' voltage, its sign the direction, but no pulse here"),
    ("V (V)", "-2", "2", "-2", 5, "", r"line 7: .*but no pulse here \(0 V, empty or NaN\)"),
    ("V (V)", "-2", "2", "-2", 5, "2 V", r"line 7: column 'V \(V\)': '2 V' is no voltage"),
])
def test_a_direction_column_with_a_cell_that_says_no_direction_is_refused_naming_its_line(name, first, up, down,
                                                                                          row, cell, message):
    rows = _rows(first, up, down)
    rows[row] = (rows[row][0], cell, rows[row][2])
    with pytest.raises(DeviceFileError, match=message):
        parse_device(_text(["pulse", name, "G (uS)"], rows))


def test_a_sign_that_flips_from_row_to_row_is_no_pulse_train():
    g = np.concatenate([UP, DOWN])
    rows = [(m, "0" if m == 0 else ("2" if m % 2 else "-2"), f"{x * 1e6:.9g}") for m, x in enumerate(g)]
    with pytest.raises(DeviceFileError, match=r"line 4: column 'V \(V\)' .* the sign changes 19 times in 20 pulses "
                                              r"\(from line 4\), not in blocks"):
        parse_device(_text(["pulse", "V (V)", "G (uS)"], rows))


def test_a_conductance_that_falls_over_the_positive_pulses_leaves_the_sign_convention_unknown():
    # a device potentiated by negative pulses: read as + = potentiating, its branches would swap silently
    g = np.concatenate([UP, DOWN])
    rows = _rows("2", "-2", "2", g)
    with pytest.raises(DeviceFileError, match=r"line 14: column 'V \(V\)' .* the conductance falls over its positive "
                                              r"pulses \(lines 14-22\): which sign potentiates cannot be told"):
        parse_device(_text(["pulse", "V (V)", "G (uS)"], rows))


@pytest.mark.parametrize("name", ["Vpulse (V)", "V (V)"])
def test_guard_a_one_way_train_of_one_amplitude_is_no_direction(name):
    rows = [(m, "2", f"{x * 1e6:.9g}") for m, x in enumerate(UP)]
    with pytest.raises(DeviceFileError, match=r"line \d: column " + re.escape(repr(name)) + " holds"):
        parse_device(_text(["pulse", name, "G (uS)"], rows))


@pytest.mark.parametrize("columns", [["pulse", "V_read (V)", "G (uS)"], ["pulse", "read voltage (V)", "G (uS)"],
                                     ["pulse", "V_read (V)", "V_pulse (V)", "G (uS)"]])
def test_guard_a_read_voltage_column_of_both_signs_is_no_direction(columns):
    rows = [r[:2] + r[1:] if len(columns) == 4 else r for r in _rows("-0.1", "0.1", "-0.1")]
    with pytest.raises(DeviceFileError, match=r"column '(V_read|read voltage) \(V\)' holds"):
        parse_device(_text(columns, rows))


def test_the_device_report_says_where_the_directions_came_from():
    device = parse_device(_text(["pulse", "Vpulse (V)", "G (uS)"], _rows("-2", "2", "-2")))
    assert device.metadata["directions"] == "from the sign of the write voltage in column 'Vpulse (V)' (+ potentiating)"
    device = parse_device(_text(["pulse", "mode", "G (uS)"], _rows("", "LTP", "LTD")))
    assert device.metadata["directions"] == "from the operations in column 'mode' (SET / LTP potentiating)"


@pytest.mark.parametrize("cells, message", [
    # a mode column of read and write rows (probe 25a n20): refused naming them (probe 29a, D29-2: it was told to
    # give 'mode' a unit); a device type: no direction, refused as before
    (["read", "write"], r"line 2: column 'mode' holds 'read' and 'write' rows.*keep only the read rows"),
    (["ReRAM", "ReRAM"], r"line 1: 1 value column\(s\) name a unit \('G \(uS\)'\) and 1 none")])
def test_guard_a_mode_or_type_column_of_no_operation_word_stays_a_column_that_is_no_cycle(cells, message):
    rows = [(cells[m % 2], m, f"{x * 1e6:.9g}") for m, x in enumerate(UP)]
    with pytest.raises(DeviceFileError, match=message):
        parse_device(_text(["mode" if cells[0] == "read" else "type", "pulse", "G (uS)"], rows))
