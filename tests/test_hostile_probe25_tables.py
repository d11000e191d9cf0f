"""Probe 25a, D25-1: a file of one line of numbers (MATLAB's writematrix of a row vector; one read) was refused as
"has a header line and no data rows": the line is data, not a header. It now says a row of numbers with no header,
and how a curve is laid out."""

import re

import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError


@pytest.mark.parametrize("line, count", [("1.5004687562598e-05,1.62e-05,1.71e-05,1.77e-05,1.8e-05,1.82e-05", 6),
                                         ("1.5e-05", 1), ("1.50e-05 1.62e-05 1.71e-05", 3),
                                         ("1.5e-05;1.6e-05", 2)])
def test_one_line_of_numbers_is_said_to_be_a_row_with_no_header(tmp_path, line, count):
    path = tmp_path / "row.csv"
    path.write_text(line + "\n")
    with pytest.raises(DeviceFileError, match=re.escape(
            f"line 1: holds one line of {count} number{'s' if count > 1 else ''} (") + r".*" + re.escape(
            ") and no header: a curve goes down a column, one read per line, under a header naming its unit, e.g. "
            "'pulse,G (uS)' (a row vector: write its transpose)")):
        load_device(path)


@pytest.mark.parametrize("line", ["conductance", "pulse,G (uS)", "G (uS) 1e-6"])
def test_guard_a_header_alone_is_still_a_header_with_no_rows(tmp_path, line):
    path = tmp_path / "header.csv"
    path.write_text(line + "\n")
    with pytest.raises(DeviceFileError, match=re.escape("line 1: has a header line and no data rows")):
        load_device(path)
