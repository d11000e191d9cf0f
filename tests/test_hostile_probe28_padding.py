"""How tools pad a table: a cycle cut short and a sheet wider than its table (probe 28a, n49's judgement families).

R's write.csv writes `NA` past a shorter cycle's end and Excel `#N/A`; both were "expected a number", where `NaN` and
an empty cell were read. Excel's CSV of a sheet whose used range runs below the table ends in rows of delimiters
only (`,,,`), which were "a row without any value".
"""

from __future__ import annotations

import numpy as np
import pytest

from crossbar.devices.files import DeviceFileError, parse_device

LONG = [1.0, 1.5, 1.8, 1.9, 1.95]
SHORT = [1.1, 1.6, 1.85]


def two_cycles(pad):
    rows = [f"{k},{a},{SHORT[k] if k < len(SHORT) else pad}" for k, a in enumerate(LONG)]
    return "pulse,G (uS) cycle 1,G (uS) cycle 2\n" + "\n".join(rows) + "\n"


@pytest.mark.parametrize("pad", ["NA", "#N/A", "N/A", "na"])
def test_a_cut_short_cycle_padded_as_r_or_excel_pad_it_reads_as_an_empty_cell(pad):
    read, control = parse_device(two_cycles(pad)), parse_device(two_cycles(""))
    for cycle, expected in zip(read.cycles, control.cycles, strict=True):
        np.testing.assert_array_equal(cycle, expected)
    assert np.isfinite(read.cycles[1]).sum() == len(SHORT)


def test_a_padding_word_before_a_read_is_refused_as_an_empty_cell_is():
    text = two_cycles("").replace("1,1.5,1.6", "1,1.5,NA")
    with pytest.raises(DeviceFileError, match=r"line 4: .*empty"):
        parse_device(text, source="f.csv")


@pytest.mark.parametrize("padding", [",,\n", ",,\n,,\n;;;\n", ",,\r\n,,\r\n"])
def test_rows_of_delimiters_after_the_table_are_blank_lines(padding):
    text = "pulse,G (uS)\n0,1.0\n1,1.5\n2,1.8\n"
    np.testing.assert_array_equal(parse_device(text + padding).conductance, parse_device(text).conductance)


def test_a_row_of_delimiters_inside_the_table_is_still_refused():
    with pytest.raises(DeviceFileError, match=r"^f.csv, line 3: a row without any value"):
        parse_device("pulse,G (uS)\n0,1.0\n,\n2,1.8\n3,1.9\n", source="f.csv")
