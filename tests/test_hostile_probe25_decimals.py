"""Probe 25a, D25-3: a semicolon table (a decimal-comma locale's CSV) whose numbers carry that locale's thousands
point ('100.000' Ohm, German Excel's '#.##0') loaded them as decimal points, 1000 times off, with status 0. A column
of a semicolon table whose every point has three digits after it is now refused as ambiguous, as a tab table's
'1,063' is (probe 16a, D1)."""

import re

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError


def _table(tmp_path, header, cells):
    path = tmp_path / "locale.csv"
    path.write_text(header + "\n" + "".join(f"{k};{c}\n" for k, c in enumerate(cells)))
    return path


@pytest.mark.parametrize("header, cells, line, cell, whole", [
    ("pulse;R (Ohm)", ["100.000", "90.000", "83.000", "79.000", "76.000", "74.000"], 2, "100.000", "100000"),
    ("pulse;G (nS)", ["800", "850", "900", "950", "1.000", "1.050"], 6, "1.000", "1000"),
    ("Pulse;R (kOhm)", ["4.328", "3.102", "2.215", "1.603", "1.066"], 2, "4.328", "4328")])
def test_a_thousands_point_in_a_semicolon_table_is_refused_as_ambiguous(tmp_path, header, cells, line, cell, whole):
    name = header.split(";")[1]
    part = cell.split(".")[1]
    with pytest.raises(DeviceFileError, match=re.escape(
            f"line {line}: column {name!r}: {cell!r} may be {whole} with a thousands point (a decimal-comma locale's, "
            f"as a semicolon table's is) or {cell} with a decimal point (every point of the column has three digits "
            f"after it); expected plain numbers: write {whole} or {cell.split('.')[0]},{part} (the table's decimal "
            "comma)")):
        load_device(_table(tmp_path, header, cells))


@pytest.mark.parametrize("cells, siemens", [
    (["1,25", "1,5", "1,75", "1,9"], [1.25e-6, 1.5e-6, 1.75e-6, 1.9e-6]),  # the locale's decimal comma
    (["1.25", "1.5", "1.75", "1.9"], [1.25e-6, 1.5e-6, 1.75e-6, 1.9e-6]),  # points, not all before three digits
    (["0.500", "0.750", "0.875", "0.950"], [0.5e-6, 0.75e-6, 0.875e-6, 0.95e-6])])  # '0.500' is no thousands group
def test_guard_a_semicolon_table_of_plain_numbers_still_loads(tmp_path, cells, siemens):
    curve = load_device(_table(tmp_path, "pulse;G (uS)", cells))
    np.testing.assert_allclose(curve.conductance, siemens, rtol=1e-12)
