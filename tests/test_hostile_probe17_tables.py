"""Probe 16a's table-loading leftovers P1, R1 and P2, fixed at their rule.

P1: a valid table whose rows are out of pulse order (descending, shuffled, newest first by a time column) and whose
cycles have different lengths was refused, "an empty cell on line 2 before this value": the row loop checked the
cycles' ends in file order, before the rows were sorted. The check now runs in the order of the pulse or time
column (in file order only without either), and its message names the lines of the file.
R1: in a table separated by spaces, a row with fewer values than the header's columns was padded at its end, so a
later cycle's values went into an earlier one, status 0. Such a row is refused naming the line and the counts.
P2: decimal commas only in the time (or pulse) column were not read, 'expected a number, found 0,05'; where the
value columns write whole numbers, those columns decide the decimal mark."""

import re

import numpy as np
import pytest

from crossbar.devices.files import DeviceFileError, parse_device
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

L, SHORT = 31, 20  # cycle 2 ends after SHORT reads
C1 = 1 + 0.5 * (1 - np.exp(-np.arange(L) / 8))  # uS
C2 = C1 * 1.03


def _rows(first, sep, order, fill=lambda k: f"{C2[k]:.10g}" if k < SHORT else ""):
    """The rows of a two-cycle table (cycle 2 short), led by `first(k)` (a pulse number or a time), in `order`."""
    return "".join(f"{first(k)}{sep}{C1[k]:.10g}{sep}{fill(k)}\n" for k in order)


ORDERS = {"descending": np.arange(L)[::-1], "shuffled": np.random.default_rng(3).permutation(L)}
FIRST = {"pulse": (lambda k: str(k)), "time (s)": (lambda k: f"{0.1 * k + 0.05:.2f}")}


# --- P1: cycles' ends are checked in pulse (time) order ------------------------------------------------------------

@pytest.mark.parametrize("sep", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
@pytest.mark.parametrize("order", list(ORDERS))
@pytest.mark.parametrize("first", list(FIRST))
def test_rows_out_of_order_with_a_short_cycle_load_as_in_order(sep, order, first):
    """It was refused: 'column 'G (uS) c2': an empty cell on line 2 before this value'."""
    header = sep.join([first, "G (uS) c1", "G (uS) c2"]) + "\n"
    ascending = parse_device(header + _rows(FIRST[first], sep, range(L)))
    device = parse_device(header + _rows(FIRST[first], sep, ORDERS[order]))
    np.testing.assert_array_equal(device.conductance, ascending.conductance)
    np.testing.assert_array_equal(device.cycles, ascending.cycles)
    assert np.isnan(device.cycles[1, SHORT:]).all() and not np.isnan(device.cycles[1, :SHORT]).any()
    second = parse_device(header + _rows(FIRST[first], sep, ORDERS[order]), cycle=2).conductance
    assert second.size == SHORT
    np.testing.assert_allclose(second, C2[:SHORT] * 1e-6, rtol=1e-9)


def test_a_two_way_table_newest_first_with_a_short_cycle_loads_as_in_order():
    """A direction column beside the pulse column: the branches are split after sorting, as in order."""
    up = 1 + 0.5 * (1 - np.exp(-np.arange(16) / 5))
    down = up[-1] - 0.45 * (1 - np.exp(-np.arange(1, 16) / 5))
    g = np.concatenate([up, down])
    direction = ["0"] + ["+"] * 15 + ["-"] * 15
    rows = [f"{k},{direction[k]},{g[k]:.10g},{1.02 * g[k]:.10g}" if k < 25 else f"{k},{direction[k]},{g[k]:.10g},"
            for k in range(g.size)]
    header = "pulse,direction,G (uS) c1,G (uS) c2\n"
    ascending = parse_device(header + "\n".join(rows) + "\n")
    newest_first = parse_device(header + "\n".join(rows[::-1]) + "\n")
    assert ascending.depression is not None
    np.testing.assert_array_equal(newest_first.conductance, ascending.conductance)
    np.testing.assert_array_equal(newest_first.depression, ascending.depression)
    np.testing.assert_array_equal(newest_first.cycles, ascending.cycles)


@pytest.mark.parametrize("text, order", [
    ("pulse,c1 (uS),c2 (uS)\n2,3,3\n1,2,\n0,1,1\n", "the column 'pulse' (pulse 1, then pulse 2 here)"),
    ("time (s),c1 (uS),c2 (uS)\n0.3,3,3\n0.2,2,\n0.1,1,1\n0.4,4,\n", "the time column 'time (s)'"),
], ids=["pulse", "time"])
def test_a_hole_in_pulse_or_time_order_is_refused_naming_the_lines_of_the_file(text, order):
    """Rows newest first, cycle 2 without a read at the second pulse: line 2 (the third) follows the hole on line 3."""
    with pytest.raises(DeviceFileError, match=re.escape(
            f"line 2: column 'c2 (uS)': an empty cell on line 3 before this value in the order of {order}; a cycle "
            "may only end early")):
        parse_device(text)


def test_guard_without_a_pulse_or_time_column_the_file_order_is_checked():
    """Guard: the rows are in time order as written; a hole in file order is refused as before."""
    with pytest.raises(DeviceFileError, match=re.escape(
            "line 4: column 'c2 (uS)': an empty cell on line 3 before this value; a cycle may only end early")):
        parse_device("c1 (uS),c2 (uS)\n1,1\n2,\n3,3\n")


def test_the_command_line_loads_a_newest_first_table_and_refuses_a_hole(tmp_path):
    valid, holed = tmp_path / "p1.csv", tmp_path / "hole.csv"
    valid.write_text("pulse,G (uS) c1,G (uS) c2\n3,1.35,\n2,1.30,1.33\n1,1.20,1.23\n0,1.00,1.03\n")
    holed.write_text("pulse,G (uS) c1,G (uS) c2\n3,1.35,1.36\n2,1.30,\n1,1.20,1.23\n0,1.00,1.03\n")
    done = crossbar_cli("device", "--device", valid)
    assert done.returncode == 0 and "g from 1.015e-06 to 1.35e-06 S" in done.stdout, (done.stdout, done.stderr)
    assert_one_line_error(crossbar_cli("device", "--device", holed),
                          "line 2: column 'G (uS) c2': an empty cell on line 3 before this value in the order of")


# --- R1: short rows in a table separated by spaces ------------------------------------------------------------------

@pytest.mark.parametrize("sep", [" ", "  "], ids=["space", "double space"])
@pytest.mark.parametrize("ended", ["first", "last"])
def test_a_short_row_between_spaces_is_refused_naming_the_line_and_counts(sep, ended):
    """Cycle 1 (or 2) ends after 3 reads; rows 3 and 4 hold one value: cycle 2's (or 1's)? The file cannot say.
    It loaded with cycle 1 = its reads followed by cycle 2's, status 0."""
    header = sep.join(["pulse", "G(uS)c1", "G(uS)c2"]) + "\n"
    rows = ["0 1.00 1.03", "1 1.20 1.24", "2 1.30 1.34", "3 1.39", "4 1.44"]
    if ended == "last":
        rows = rows[:3] + ["3 1.35", "4 1.38"]
    text = header + "".join(r.replace(" ", sep) + "\n" for r in rows)
    for cycle in (None, 1, 2):
        with pytest.raises(DeviceFileError, match=re.escape(
                "line 5: 2 values where the header names 3 columns, in a table separated by spaces")) as info:
            parse_device(text, cycle=cycle)
        assert "write NaN for an ended cycle's reads, or write the table with commas or tabs" in str(info.value)


def test_the_command_line_refuses_a_short_row_between_spaces(tmp_path):
    path = tmp_path / "r1.txt"
    path.write_text("pulse G(uS)c1 G(uS)c2\n0 1.00 1.03\n1 1.20 1.24\n2 1.30 1.34\n3 1.39\n4 1.44\n")
    assert_one_line_error(crossbar_cli("device", "--device", path, "--cycle", "1"),
                          "line 5: 2 values where the header names 3 columns")


def test_guard_space_tables_with_nan_or_trailing_spaces_load():
    """Guard: NaN writes an ended cycle's cells; trailing spaces are no cells; a tab table's empty middle cell is
    the earlier cycle's end."""
    nan = parse_device("pulse G(uS)c1 G(uS)c2\n0 1.00 1.03\n1 1.20 1.24\n2 1.30 1.34\n3 NaN 1.39  \n4 NaN 1.44 \n")
    np.testing.assert_array_equal(nan.cycles[0], [1.00e-6, 1.20e-6, 1.30e-6, np.nan, np.nan])
    np.testing.assert_array_equal(nan.cycles[1], np.array([1.03, 1.24, 1.34, 1.39, 1.44]) * 1e-6)
    tab = parse_device("pulse\tG(uS)c1\tG(uS)c2\n0\t1.00\t1.03\n1\t1.20\t1.24\n2\t1.30\t1.34\n3\t\t1.39\n4\t\t1.44\n")
    np.testing.assert_array_equal(tab.cycles, nan.cycles)
    one = parse_device("pulse   G (uS)   \n0   1.00  \n1   1.20\n2   1.30   \n")
    np.testing.assert_array_equal(one.conductance, [1.00e-6, 1.20e-6, 1.30e-6])


def test_guard_one_value_column_between_spaces_keeps_its_field_count_message():
    """Guard: with one value column a short row has nothing to slide into; it is refused as before."""
    with pytest.raises(DeviceFileError, match=re.escape("line 4: expected 2 field(s) as in the header "
                                                        "(whitespace-separated), found 1")):
        parse_device("pulse G(uS)\n0 1.00\n1 1.20\n2\n3 1.35\n")


# --- P2: decimal commas in the time or pulse column -----------------------------------------------------------------

WHOLE = [1000000, 1200000, 1300000, 1350000]  # pS


@pytest.mark.parametrize("sep", [";", "\t"], ids=["semicolon", "tab"])
def test_decimal_commas_only_in_the_time_column_load(sep):
    """It was refused: "column 'time (s)': expected a number, found '0,05'"."""
    times = ["0,05", "0,15", "0,25", "0,35"]
    order = [2, 0, 3, 1]  # the times order the rows
    text = f"time (s){sep}G (pS)\n" + "".join(f"{times[k]}{sep}{WHOLE[k]}\n" for k in order)
    device = parse_device(text)
    np.testing.assert_array_equal(device.conductance, np.array(WHOLE) * 1e-12)
    assert device.metadata.get("decimal") == "comma"


def test_decimal_commas_in_a_pulse_column_load():
    """A spreadsheet that formats the pulse numbers with a decimal ('1,0') over whole values."""
    text = "pulse;G (pS)\n" + "".join(f"{k},0;{v}\n" for k, v in enumerate(WHOLE))
    np.testing.assert_array_equal(parse_device(text).conductance, np.array(WHOLE) * 1e-12)


def test_three_digit_groups_in_the_time_column_of_a_tab_table_are_named_ambiguous():
    """D1's rule holds for the time column too: '1,500' s may be 1500 s; it said 'expected a number'."""
    text = "time (ms)\tG (pS)\n" + "".join(f"{k + 1},500\t{v}\n" for k, v in enumerate(WHOLE))
    with pytest.raises(DeviceFileError, match=re.escape("line 2: column 'time (ms)': '1,500' may be 1500 with a "
                                                        "thousands separator or 1.500 with a decimal comma")):
        parse_device(text)


def test_a_semicolon_files_time_column_reads_its_commas_as_decimal_commas():
    """A semicolon file is a decimal-comma locale's CSV: '1,500' ms is 1.5 ms there, as in a value column."""
    semicolon = parse_device("time (ms);G (pS)\n" + "".join(f"{k + 1},500;{v}\n" for k, v in enumerate(WHOLE)))
    np.testing.assert_array_equal(semicolon.conductance, np.array(WHOLE) * 1e-12)


def test_guard_the_value_columns_decide_first():
    """Guard: values with decimal commas beside times with points, and values with points beside whole times,
    load as before ('1,0625')."""
    mixed = parse_device("time (s)\tG (uS)\n0.05\t1,0625\n0.15\t1,20\n0.25\t1,30\n")
    np.testing.assert_array_equal(mixed.conductance, np.array([1.0625, 1.20, 1.30]) * 1e-6)
    points = parse_device("time (s)\tG (uS)\n5\t1.0625\n15\t1.20\n25\t1.30\n")
    np.testing.assert_array_equal(points.conductance, mixed.conductance)
