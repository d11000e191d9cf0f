"""A cell whose number is followed by letters that name no unit (a typo '1.80x', a footnote's mark '1.80a', an O for a
zero '1.8O') is refused as such, not as "a number with its unit 'a' in the cell" with the advice to name the column
'G (uS) cycle 1 (a)', a second unit that is none (probe 31a, D31-7: 20 of 30 such damages). A unit in a cell is named
as before, and the column's name is advised to carry it only where the name gives none."""

import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError


def _refusal(tmp_path, header, cell, first="1.00", delimiter=","):
    path = tmp_path / "f.csv"
    path.write_text(f"pulse{delimiter}{header}\n0{delimiter}{first}\n1{delimiter}1.50\n2{delimiter}{cell}\n",
                    encoding="utf-8")
    with pytest.raises(DeviceFileError) as caught:
        load_device(path)
    return str(caught.value)


@pytest.mark.parametrize("cell, letters", [("1.80a", "letter 'a'"), ("1.80x", "letter 'x'"), ("1.8O", "letter 'O'"),
                                           ("1.80 ab", "letters 'ab'"), ("1,80x", "letter 'x'")])
def test_letters_that_name_no_unit_are_called_a_typo_or_a_mark(tmp_path, cell, letters):
    said = _refusal(tmp_path, "G (uS) cycle 1", cell, delimiter=";")
    assert f"the {letters} after the number" in said and "a typo, or a footnote's mark?" in said, said
    assert "its unit" not in said and "(uS) cycle 1 (" not in said, said


@pytest.mark.parametrize("header, advice", [("G (uS) cycle 1", False), ("G_uS", False), ("G", True),
                                            ("G cycle 1", True)])
def test_a_unit_in_a_cell_is_named_and_the_name_advised_only_where_it_gives_none(tmp_path, header, advice):
    said = _refusal(tmp_path, header, "1.80uS", first="1.00uS")
    assert "a number with its unit 'uS' in the cell" in said, said
    assert (f"'{header} (uS)'" in said) == advice, said
