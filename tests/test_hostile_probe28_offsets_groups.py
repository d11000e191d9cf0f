"""Offsets files whose numbers hold commas that are refused by decision, named as written (probe 28a).

D28-16: a tab file of numbers grouped by a no-break space and written with decimal commas ('1 234,5<TAB>2 345,6') was
refused as "the row '1\\u202f234,5\\t2\\u202f345,6' is space-separated and its number '234,5' holds a comma": the
group space taken for the delimiter, a fragment of a cell named, Python's escapes shown.
D28-17: a semicolon file mixing a thousands point with a decimal comma ('1.234,5;2.345,6') was refused as "expected
comma-separated numbers, found '5;2.345'": a fragment across the semicolon named as the cell.
"""

import pytest

from crossbar.devices.offsets import OffsetFileError, read_offset_matrix


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009"])
def test_a_tab_row_of_grouped_decimal_comma_numbers_is_named_tab_separated_with_its_number_as_written(tmp_path, space):
    path = tmp_path / "shifts.csv"
    path.write_text(f"G+1 (pS)\tG-1 (pS)\n1{space}234,5\t2{space}345,6\n3{space}210,0\t987,5\n", encoding="utf-8")
    with pytest.raises(OffsetFileError) as err:
        read_offset_matrix(path, (2, 2))
    assert str(err.value) == (f"{path}, line 2: the row '1{space}234,5\\t2{space}345,6' is tab-separated and its "
                              f"number '1{space}234,5' holds a comma (1234.5 with a decimal comma); expected plain "
                              "numbers (no thousands separator, a decimal point), apart by commas, or by tabs with no "
                              "comma in the row")


def test_a_semicolon_row_mixing_a_thousands_point_and_a_decimal_comma_names_the_cell(tmp_path):
    path = tmp_path / "shifts.csv"
    path.write_text("G+1 (pS);G-1 (pS)\n1.234,5;2.345,6\n3.210,0;987,5\n", encoding="utf-8")
    with pytest.raises(OffsetFileError) as err:
        read_offset_matrix(path, (2, 2))
    assert str(err.value) == f"{path}, line 2: '1.234,5' has a thousands separator: expected plain numbers"
