"""A table without a header: the refusal quotes its first line as written (probe 29a, D29-4).

A header-less file whose delimiter is a tab, spaces or a semicolon was refused quoting line 1 rewritten with commas
("found numbers '0,1.0e-7'" for `0<TAB>1.0e-7`), or a fragment of it ("found '1,5', which starts like a number" for
`0;1,5`, a decimal comma): text the file does not hold.
"""

from __future__ import annotations

import pytest

from crossbar.devices import DeviceFileError, parse_device

START = "line 1: expected a header line naming the columns, found numbers "


def refusal(text):
    try:
        parse_device(text, "f.txt")
    except DeviceFileError as exc:
        return str(exc)
    raise AssertionError(f"{text!r} was read; expected a refusal")


@pytest.mark.parametrize("rows, shown", [
    ("0\t1.0e-7\n1\t1.5e-7\n2\t1.8e-7\n", "'0\\t1.0e-7' (tab-separated)"),
    ("0 1.0e-7\n1 1.5e-7\n2 1.8e-7\n", "'0 1.0e-7' (whitespace-separated)"),
    ("0  1.0e-7\n1  1.5e-7\n2  1.8e-7\n", "'0  1.0e-7' (whitespace-separated)"),
    ("0;1,5\n1;1,8\n2;2,0\n", "'0;1,5' (semicolon-separated)"),
    ("0\t1,5\n1\t1,8\n2\t2,0\n", "'0\\t1,5' (tab-separated)"),
    ("0|1.5\n1|1.8\n2|2.0\n", "'0|1.5' (pipe-separated)"),
])
def test_a_header_less_line_is_quoted_as_written_naming_its_delimiter(rows, shown):
    assert refusal(rows) == f"f.txt, {START}{shown}"


def test_a_decimal_comma_is_a_number_not_damage_and_a_comma_line_is_quoted_as_before():
    assert refusal("0;1,5\n1;1,8\n2;2,0\n") == f"f.txt, {START}'0;1,5' (semicolon-separated)"  # was '1,5', damaged
    assert "found '1,5x', which starts like a number: a data row with a damaged value" in refusal("0;1,5x\n1;1,8\n")
    assert refusal("0,1.0e-7\n1,1.5e-7\n2,1.8e-7\n") == f"f.txt, {START}'0,1.0e-7'"


def test_a_note_above_a_header_less_space_table_quotes_both_lines_as_written():
    message = refusal("# x y\n0 1.0e-7\n1 1.5e-7\n2 1.8e-7\n")
    assert message.startswith("f.txt, line 2: expected a header line naming the columns, found numbers '0 1.0e-7' "
                              "(whitespace-separated) (line 1 '# x y' starts with '#', so it is a note")
