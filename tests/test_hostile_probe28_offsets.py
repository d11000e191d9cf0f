"""Offsets (--shifts) files as French Excel and R write them (probe 28a).

D28-5: numbers grouped by a no-break space ('1 234,5' in a semicolon file) were refused as "expected
semicolon-separated numbers, found '1\\xa0234,5'", where a device table so written loads; the message showed repr's
escape for the space the user sees.
D28-11: Excel's first line 'sep=<TAB>' was taken for the header (strip() took the tab it names), and names in quotes
between tabs (R's write.table(sep="\\t")) were refused as naming no device.
"""

import numpy as np
import pytest

from crossbar.devices.offsets import OffsetFileError, read_offset_matrix

NBSP, NNBSP = "\u00a0", "\u202f"
EXPECTED = [[1.2345e-09, 2.3456e-09], [3.21e-09, 9.875e-10]]


@pytest.mark.parametrize("space", [NBSP, NNBSP, "\u2009"])
@pytest.mark.parametrize("table", ["G+1 (pS);G-1 (pS)\r\n1{s}234,5;2{s}345,6\r\n3{s}210,0;987,5\r\n",
                                   "G+1 (pS),G-1 (pS)\n1{s}234.5,2{s}345.6\n3{s}210.0,987.5\n",
                                   "G+1 (pS)\tG-1 (pS)\n1{s}234.5\t2{s}345.6\n3{s}210.0\t987.5\n",
                                   '"G+1 (pS)";"G-1 (pS)"\n"1{s}234,5";"2{s}345,6"\n"3{s}210,0";"987,5"\n'])
def test_numbers_grouped_by_a_no_break_space_are_read_as_in_a_device_table(tmp_path, table, space):
    path = tmp_path / "shifts.csv"
    path.write_text(table.format(s=space), encoding="utf-8")
    np.testing.assert_allclose(read_offset_matrix(path, (2, 2)), EXPECTED, rtol=1e-12)


def test_a_no_break_space_that_groups_no_thousands_is_refused_as_the_user_sees_it(tmp_path):
    path = tmp_path / "shifts.csv"
    path.write_text(f"G+1 (pS);G-1 (pS)\n1{NBSP}23,5;2,5\n3,0;9,5\n", encoding="utf-8")
    with pytest.raises(OffsetFileError, match=r"line 2: expected semicolon-separated numbers") as err:
        read_offset_matrix(path, (2, 2))
    assert "\\x" not in str(err.value) and f"'1{NBSP}23,5'" in str(err.value)


@pytest.mark.parametrize("table", ["sep=\t\nG+1 (nS)\tG-1 (nS)\n15\t20\n30\t42.5\n",
                                   "sep=\t\r\nG+1 (nS)\tG-1 (nS)\r\n15\t20\r\n30\t42.5\r\n",
                                   '"G+1 (nS)"\t"G-1 (nS)"\n15\t20\n30\t42.5\n',
                                   'sep=\t\n"G+1 (nS)"\t"G-1 (nS)"\n"15"\t"20"\n"30"\t"42.5"\n'])
def test_a_tab_separated_offsets_file_under_sep_tab_or_with_quoted_names_is_read(tmp_path, table):
    path = tmp_path / "shifts.csv"
    path.write_text(table, encoding="utf-8")
    np.testing.assert_allclose(read_offset_matrix(path, (2, 2)), [[1.5e-08, 2e-08], [3e-08, 4.25e-08]], rtol=1e-12)
