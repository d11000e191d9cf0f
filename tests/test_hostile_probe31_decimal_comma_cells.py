"""A decimal-comma table's broken cell is quoted as the file writes it, and a cell with a comma and a point that is
no thousands grouping ('1,5.3') does not decide the decimal mark (stop 51's leftover and the lead's check in probe 31a's
round). A refusal quoted the cell with its comma already made a point ('1.5E-' for '1,5E-'), and '1,5.3' made the point
the decimal mark: a valid '1,0' on an earlier line was blamed, "expected a number, found '1,0'"."""

import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError


def _refusal(tmp_path, cell):
    path = tmp_path / "f.csv"
    path.write_text(f"pulse;G (uS)\n0;1,0\n1;{cell}\n2;1,8\n", encoding="utf-8")
    with pytest.raises(DeviceFileError) as caught:
        load_device(path)
    return str(caught.value)


@pytest.mark.parametrize("cell", ["1,5E-", "1,5x", "1,5.3", "1,5 uS", "-1,5", "1,5,3", "1,23.4"])
def test_the_broken_cell_is_quoted_as_written_at_its_own_line(tmp_path, cell):
    said = _refusal(tmp_path, cell)
    assert "line 3:" in said and (repr(cell) in said or f" {cell} " in said), said
    assert "'1,0'" not in said and cell.replace(",", ".") not in said, said


@pytest.mark.parametrize("cell", ["1.5", "1,234.5", "1.5e-1"])
def test_a_decimal_point_among_decimal_commas_is_named_at_its_line(tmp_path, cell):
    """'1.5' on line 3 among '1,0' and '1,8': "expected a number, found '1,0'" named line 2's valid number."""
    said = _refusal(tmp_path, cell)
    assert said.endswith(f"line 3: column 'G (uS)': {cell!r} writes a decimal point, 2 cell(s) a decimal comma "
                         "(line 2's '1,0'); expected one decimal mark in the whole table"), said


def test_a_decimal_comma_among_decimal_points_is_named_at_its_line(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("pulse;G (uS)\n0;1.0\n1;1.5\n2;1,8\n", encoding="utf-8")
    with pytest.raises(DeviceFileError, match=r"line 4: column 'G \(uS\)': '1,8' writes a decimal comma, 2 cell\(s\) "
                                              r"a decimal point \(line 2's '1.0'\)"):
        load_device(path)


def test_a_thousands_grouping_alone_is_named_so(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("pulse;G (uS)\n0;1.0\n1;1,234.5\n2;1.8\n", encoding="utf-8")
    with pytest.raises(DeviceFileError, match=r"line 3: column 'G \(uS\)': '1,234.5' has a thousands separator"):
        load_device(path)
