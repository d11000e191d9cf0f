"""The decimal mark of a device table: a decimal comma (``1,25``) or a point, and commas that may be either.

A semicolon, tab or whitespace table may write its numbers with decimal commas (a comma table cannot: the comma
splits its cells). The value columns decide (:func:`decimal_comma`); where they hold only whole numbers
(``1000000`` pS), the time and pulse columns do (``0,05`` s). In a tab or whitespace table a column whose every
comma has three digits after it (``1,063``) is refused (:func:`check_comma_groups`): a US locale's thousands
separator as much as a decimal comma, 1000 times apart. A semicolon table is a decimal-comma locale's CSV, so its
commas are decimal commas, and a column whose every point has three digits after it (``100.000``) is refused
likewise (:func:`check_point_groups`): that locale's thousands separator as much as a decimal point. The cells come
split by the table's delimiter (:mod:`crossbar.devices.tables`).
"""

from __future__ import annotations

import re

from . import checks
from .columns import is_direction_column, is_pulse_column, is_time_column
from .fields import DeviceFileError

__all__ = ["decimal_comma", "number_columns", "check_comma_groups", "check_point_groups"]

#: A cell that starts like a number: only its point is a decimal point ('n.a.', 'k.A.' are words; probe 30a, D30-5:
#: such a cell made a decimal-comma table's mark a point, and its valid '1,00' was refused)
_NUMBER_START = re.compile(r"^\s*[+-]?(\d|\.\d)")
_DECIMAL_COMMA = re.compile(r"^\s*[+-]?\d+,\d*(?:[eEdD][+-]?\d+)?\s*$")
#: A cell with a comma and a point that says nothing of the decimal mark ('1,5.3', a typo): no comma's thousands
#: groups before a point, as '1,234.5' has (probe 31a's lead check: it made a point the decimal mark, and a valid
#: '1,0' of an earlier line was blamed)
_MIXED = re.compile(r"^\s*[+-]?\d+,(?!\d{3}(?:,\d{3})*\.)")
#: One comma before three digits, as a thousands separator writes it ('1,063'; '0,950' is no thousands group).
_COMMA_GROUP = re.compile(r"^[+-]?[1-9]\d{0,2},\d{3}$")
#: One point before three digits, as a decimal-comma locale's thousands separator writes it ('100.000', '1.234').
_POINT_GROUP = re.compile(r"^[+-]?[1-9]\d{0,2}\.\d{3}$")


def decimal_comma(rows, value_cols, number_cols=()):
    """Whether a table's numbers write a decimal comma, from its `rows` (an iterable of (line, cells) pairs): its
    value columns' cells decide (a decimal comma in one and a point in none; a word's point, 'n.a.', is none), and
    where they write neither (whole numbers), the cells of its other `number_cols` (the time and pulse columns)
    decide alike: '0,05' s beside whole picosiemens was refused, 'expected a number' (probe 16a, P2). One pass,
    ended by a value's point."""
    others = [c for c in number_cols if c is not None]
    point, comma = [False, False], [False, False]  # seen in the value columns, in the others
    for _, cells in rows:
        for tier, cols in enumerate((value_cols, others)):
            for i in cols:
                if i < len(cells) and "." in cells[i] and _NUMBER_START.match(cells[i]) and not _MIXED.match(cells[i]):
                    point[tier] = True
                elif i < len(cells) and _DECIMAL_COMMA.match(cells[i]):
                    comma[tier] = True
        if point[0]:
            return False
    return comma[0] or (not point[1] and comma[1])


def number_columns(names):
    """([value columns], (time column, pulse column)) of a header's `names`, as :func:`.tables._roles` finds them:
    what :func:`decimal_comma` takes."""
    pulse_col = direction_col = time_col = None
    value_cols = []
    for i, name in enumerate(names):
        if is_pulse_column(name):
            pulse_col = i if pulse_col is None else pulse_col  # a second is refused by _roles
        elif is_direction_column(name) and direction_col is None:
            direction_col = i
        elif is_time_column(name) and time_col is None:
            time_col = i
        else:
            value_cols.append(i)
    return value_cols, (time_col, pulse_col)


def check_one_mark(rows, value_cols, names, source):
    """Refuse a table (not comma-separated) read with a decimal point whose value cells also write a decimal comma
    ('1,0' beside '1.5'), at the first cell of the fewer mark, naming the other's first: the comma's cell was
    "expected a number, found '1,0'", a valid number to the eye, at line 2 where one odd point was further down
    (probe 31a, D31-17)."""
    cells = [(n, c.strip(), names[i]) for n, row in rows for i, c in enumerate(row) if i in value_cols]
    commas = [c for c in cells if _DECIMAL_COMMA.match(c[1])]
    points = [c for c in cells if "." in c[1] and _NUMBER_START.match(c[1]) and not _MIXED.match(c[1])]
    if commas and points:
        (line, cell, name), other = (points[0], commas) if len(points) <= len(commas) else (commas[0], points)
        marks = ("point", "comma") if other is commas else ("comma", "point")
        raise DeviceFileError(source, f"column {checks.clipped(name)!r}: {checks.clipped(cell)!r} writes a decimal "
                                      f"{marks[0]}, {len(other)} cell(s) a decimal {marks[1]} (line {other[0][0]}'s "
                                      f"{checks.clipped(other[0][1])!r}); expected one decimal mark in the whole table",
                              line)


def check_comma_groups(rows, names, source):
    """Refuse a column whose every comma is followed by three digits ('1,063', '12,500'): a US locale's
    thousands separator (1063) as much as a decimal comma (1.063), 1000 times apart (probe 16a, D1). `rows`
    are (line, cells) pairs."""
    _check_groups(rows, names, source, ",", _COMMA_GROUP, "a thousands separator", "a decimal comma",
                  "{whole}.{part}")


def check_point_groups(rows, names, source):
    """Refuse a column of a semicolon table whose every point is followed by three digits ('100.000', '1.234'): a
    decimal-comma locale's thousands separator (100000), which German Excel writes, as much as a decimal point
    (100.0), 1000 times apart; it was read as a decimal point (probe 25a, D25-3). `rows` are (line, cells) pairs."""
    _check_groups(rows, names, source, ".", _POINT_GROUP, "a thousands point (a decimal-comma locale's, as a "
                  "semicolon table's is)", "a decimal point", "{whole},{part} (the table's decimal comma)")


def _check_groups(rows, names, source, mark, group, thousands, decimal, as_decimal):
    """Refuse the first column whose every `mark` matches `group`: `thousands` and `decimal` name the two readings of
    the mark, `as_decimal` (a format of `whole` and `part`) spells the decimal one in the table's own notation."""
    rows = list(rows)
    for col, name in enumerate(names):
        cells = [(number, row[col].strip()) for number, row in rows if col < len(row) and mark in row[col]]
        if cells and all(group.match(cell) for _, cell in cells):
            number, cell = cells[0]
            whole, part = cell.split(mark)
            raise DeviceFileError(source, f"column {checks.clipped(name)!r}: {checks.clipped(cell)!r} may be "
                                          f"{whole}{part} with {thousands} or {whole}.{part} with {decimal} (every "
                                          f"{'comma' if mark == ',' else 'point'} of the column has three digits "
                                          f"after it); expected plain numbers: write {whole}{part} or "
                                          f"{as_decimal.format(whole=whole, part=part)}", number)
