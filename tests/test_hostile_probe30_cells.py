"""Probe 30a, D30-5, D30-3 and D30-7: what one cell of a table says, and where the refusal puts it.

* D30-5: a decimal-comma table's word with points ('n.a.', 'k.A.') made its decimal mark a point, and the refusal
  blamed a valid number on line 2: "expected a number, found '1,00'";
* D30-3: a number with its unit in the cell, written with a decimal comma ('1,5 uS'), was told only "expected a
  number", where '1.5 uS' gets where the unit goes;
* D30-7: a number cut after its exponent's letter ('1.8D') was said to hold a unit 'D'.
"""

from __future__ import annotations

import numpy as np
import pytest

import crossbar
from crossbar.devices import DeviceFileError


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refusal(path, **options):
    with pytest.raises(DeviceFileError) as err:
        crossbar.load_device(path, **options)
    return err.value


@pytest.mark.parametrize("word", ["n.a.", "k.A.", "N.A."])
@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_word_with_points_in_a_decimal_comma_table_is_refused_on_its_own_line(tmp_path, word, delimiter):
    rows = ["pulse;G (uS)", "0;1,00", "1;1,52", f"2;{word}", "3;1,95"]
    error = refusal(write(tmp_path, "d.csv", "\n".join(rows).replace(";", delimiter) + "\n"))
    assert error.line == 4
    assert error.message == f"column 'G (uS)': expected a number, found {word!r}"


def test_a_decimal_comma_table_without_the_word_reads_its_commas(tmp_path):
    device = crossbar.load_device(write(tmp_path, "d.csv", "pulse;G (uS)\n0;1,00\n1;1,52\n2;1,80\n3;1,95\n"))
    assert np.allclose(device.conductance, [1.0e-6, 1.52e-6, 1.8e-6, 1.95e-6], rtol=1e-12)


def test_a_decimal_point_table_keeps_its_point_beside_a_word(tmp_path):
    error = refusal(write(tmp_path, "d.csv", "pulse;G (uS)\n0;1.00\n1;1.52\n2;n.a.\n3;1.95\n"))
    assert error.line == 4 and error.message.endswith("found 'n.a.'")


@pytest.mark.parametrize("cell,delimiter", [("1,5 uS", ";"), ("1,5uS", "\t"), ("0,80873028\u00b5S", ";")])
def test_a_unit_in_a_cell_with_a_decimal_comma_is_told_where_the_unit_goes(tmp_path, cell, delimiter):
    text = f"pulse{delimiter}G\n0{delimiter}{cell}\n1{delimiter}{cell}\n"
    error = refusal(write(tmp_path, "d.csv", text))
    unit = cell.lstrip("0123456789, ")
    assert error.line == 2
    assert error.message == (f"column 'G': expected a number, found {cell!r} (a number with its unit {unit!r} in the "
                             f"cell); expected numbers alone in the cells and the unit in the column's name: "
                             f"'G ({unit})'")


@pytest.mark.parametrize("cell", ["1.8D", "1.9d", "1.8E", "1.8e", "1.8E-"])
def test_a_number_cut_after_its_exponents_letter_is_told_so_not_named_a_unit(tmp_path, cell):
    """Probe 30a, D30-7: '1.8D' on a row ending in a line break was "a number with its unit 'D' in the cell"."""
    error = refusal(write(tmp_path, "d.csv", f"pulse,G (uS)\n0,1.0D0\n1,1.52D0\n2,{cell}\n3,1.95D0\n"))
    letter = cell[3]
    assert error.line == 4
    assert error.message == (f"column 'G (uS)': expected a number, found {cell!r} (its exponent's letter {letter!r} "
                             f"with no exponent after it: the number is cut); expected the number whole: write its "
                             f"exponent after {letter!r}, or drop the {letter!r}")
