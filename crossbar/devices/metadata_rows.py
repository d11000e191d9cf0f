"""Rows of metadata above a table's header, as instrument software exports them (``Sample,SP12``,
``Read voltage,0.1 V``, ``Date<TAB>2024-05-01``, ``Operator = AB``): read as ``#`` notes.

Probe 24a (n1: 421 files, 61 more with the read voltage only there) found them refused as "expected a header line
..., found '1 mA', which starts like a number", true of line 1 but naming no metadata. A block is read where it is
plainly metadata:

* the header is the first line that is followed by a row starting with a number, and names its columns as a header
  does (no cell is a number, one names a column: :func:`.columns.names_a_column`);
* every line above it (blank lines and ``#`` notes aside) is one ``key,value`` pair: two cells apart by a comma,
  tab, semicolon or `|` (empty cells after them, as a spreadsheet pads a row, aside), or ``key = value`` /
  ``key: value``, the key starting with a letter, and not a line of column names (``pulse,G``: a header's line
  whose every cell names a column, as over a units row, is no pair).

Each pair is then a note ``key: value`` on its own line, so a read voltage there is read exactly as a ``# Vread =
0.1 V`` note is (:mod:`.read_voltages`: checked against the header's and the option's, refused where they differ;
alone it gives no voltage, the refusal of read currents naming it). Anything else above the header stays refused as
before, the message then naming the block and the line that is no pair (:func:`block_hint`); a block above an
instrument pulse train's column line is its header written ``key,value`` (the instrument writes ``Key: value``),
refused saying so (probe 24a, n15: it was refused with a table's message, 'several value columns').
"""

from __future__ import annotations

import csv
import re

from .checks import clipped
from .columns import is_direction_column, names_a_column, voltage_kind
from .direction_columns import is_operation_column
from .fields import is_number
from .units_row import with_units_row

__all__ = ["metadata_rows", "block_hint"]

_NUMBER_START = re.compile(r"^[+-]?(\d|\.\d)")
#: What parts a pair's line, in the order tried: a table's delimiters, as :func:`.tables._detect` tries them (a
#: `|` table's 'Sample|SP12' was no pair, and 'SP12' was read as a column's name: probe 30a, D30-1)
_DELIMITERS = ("\t", ";", "|", ",")
_ANY = re.compile(r"[,;\t|]")
#: A key with its value's unit in brackets ('Compliance [mA]', 'HRS (kOhm)')
_KEY_UNIT = re.compile(r"(?P<key>.*?\S)\s*[\(\[](?P<unit>[^\(\)\[\]]+)[\)\]]")
#: A unit written in a cell of its own after a value ('Pulse width,1,ms'): a short word of letters, no digit
_UNIT_CELL = re.compile(r"[^\W\d_][^\W\d]{0,7}|%")
# 'key = value', 'key: value' (a colon before a space: '10:00' in a title is no pair)
_SAID = re.compile(r"^\s*(?P<key>[^\W\d_][^=:]*?)\s*(?:=|:(?=\s))\s*(?P<value>\S.*?)\s*$")


def _cells(text, delimiter):
    cells = next(csv.reader([text], delimiter=delimiter)) if '"' in text else text.split(delimiter)
    cells = [c.strip() for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _split(text):
    """The cells of the line `text` as a pair's line is split: by the first of tab, semicolon, `|` and comma that
    parts it, quotes read (:func:`_cells`); None where its quotes do not parse."""
    try:
        for delimiter in _DELIMITERS:
            cells = _cells(text, delimiter)
            if len(cells) > 1:
                break
    except csv.Error:
        return None
    return cells


def _width(text):
    """How many cells the line `text` has, split as :func:`_split` does (each delimiter a cell's end where its
    quotes do not parse)."""
    cells = _split(text)
    return len(_ANY.split(text)) if cells is None else len(cells)


def _pair(text):
    """(key, value) where the line `text` is one metadata pair, else None."""
    cells = _split(text)
    if cells is None:
        return None
    if len(cells) < 2:
        said = _SAID.match(text)
        return None if said is None else (said["key"], said["value"])
    if len(cells) == 3 and is_number(cells[1]) and _UNIT_CELL.fullmatch(cells[2]):
        cells = [cells[0], f"{cells[1]} {cells[2]}"]  # 'Read voltage,0.1,V': its unit in a cell of its own
    if len(cells) != 2 or not all(cells) or not re.match(r"[^\W\d_]", cells[0]):
        return None
    if _names(text):
        return None  # 'pulse,G': column names (a header over a units row, or over no rows), no pair
    return cells[0], cells[1]


def _keyed(text):
    """Whether the line `text` is plainly a key and its values, though no pair ('Read voltage,0,1 V': a decimal
    comma in a comma table; 'Sample,SP12,D3'): a first cell that starts with a letter, another cell, and not every
    cell a column's name (probe 26a, D26-3: such a line alone above the header was refused as the header, 'found
    '1 V', which starts like a number', "column 'D3' ... may be a statistic")."""
    cells = _split(text) or [c.strip() for c in _ANY.split(text)]  # quotes read: '"Sample","SP12","D3"'
    return (sum(map(bool, cells)) > 1 and bool(re.match(r"[^\W\d_]", cells[0])) and
            (any(is_number(c) for c in cells[1:]) or not _names(text)))


def _names(text):
    """Whether every cell of the line `text` names a column as a header does ('pulse,G', 'Time,Current')."""
    for delimiter in _DELIMITERS:  # split as a pair's line is, quotes read
        try:
            cells = [c for c in _cells(text, delimiter) if c]
        except csv.Error:
            return False
        if len(cells) > 1:
            return all(names_a_column(c) and not _NUMBER_START.match(c) for c in cells)
    return False


def _header_at(numbered):
    """The index in `numbered` of the first line followed by a row of numbers that names columns, or None."""
    for i, ((_, text), (_, below)) in enumerate(zip(numbered, numbered[1:])):
        if _rows_under(text, below) or i and _units_under(numbered[i - 1][1], text) and \
                _rows_under(numbered[i - 1][1], below):  # a units row between them (D28-18)
            cells = [c.strip().strip('"') for c in _ANY.split(text) if c.strip()]
            names = cells if len(cells) > 1 else text.split()
            if i and not any(is_number(c) or _NUMBER_START.match(c) for c in cells) and any(
                    names_a_column(c) for c in names):
                above = numbered[i - 1][1]  # a header over a units row: by its names, or as the units row reads it
                return i - 1 if i > 1 and _names(above) or _units_under(above, text) else i
            # a units row holding a count's '1' under a pulse or cycle column ('cycle,pulse,G' over ',1,uS'): the
            # line above it is the header (probe 28a, D28-3: the '1' made this no header, and no block was read)
            return i - 1 if i and _units_under(numbered[i - 1][1], text) else None
    return None


def _rows_under(text, below):
    """Whether the line `below` may be the first row of a table under the line `text`: it starts like a number (a
    quote aside: QUOTE_ALL's '"0","1.0"'), or `text` names first a direction, operation or voltage column, whose
    first cell may be empty or a word ('+', 'SET'), every name of `text` names a column and `below` has as many
    cells, a number among them (probe 28a, D28-18: such a table under metadata rows had no header found, and line 1
    was taken for it; 'Read voltage,0.1 V' over 'Sample,SP12' is no header over a row), a decimal comma's number
    beside another delimiter too (';1,00': probe 31a, D31-8)."""
    if _NUMBER_START.match(below.strip().lstrip('"')):
        return True
    names, cells = [n.strip('"') for n in _split(text) or [""]], _split(below) or []
    numbers = [c.replace(",", ".", 1) if ";" in below or "\t" in below or "|" in below else c for c in cells]
    return len(names) > 1 and _width(below) == len(names) and any(map(is_number, numbers)) and bool(names[0]) and (
        is_direction_column(names[0]) or is_operation_column(names[0]) or voltage_kind(names[0]) is not None) and all(
        not _NUMBER_START.match(n) and (names_a_column(n) or is_operation_column(n)) for n in names)


def _units_under(text, below):
    """Whether the line `below` is a units row under the names of the line `text` ('Pulse,Leitwert' over ',nS': a
    name the loader reads only with its unit was taken for a metadata pair, and ',nS' for the header; probe 25a's
    re-run, n16, 16 Origin exports), one name over one unit too ('G' over 'uS': the units row was taken for the
    header, and 'G' for a line that is no pair; probe 30a, D30-4)."""
    for delimiter in (",", "\t", ";", "|"):
        try:  # split as a pair's line is: quotes read, a spreadsheet's empty cells at the end dropped
            names, cells = _cells(text, delimiter), _cells(below, delimiter)
        except csv.Error:
            return False
        if len(names) > 1 and len(cells) == len(names):
            return with_units_row(names, cells) is not None
    names, cells = _split(text), _split(below)
    return names is not None and cells is not None and len(names) == len(cells) == 1 and \
        with_units_row(names, cells) is not None


def _instrument(text):
    """Whether `text` is the column line of an instrument pulse train ('Time stamp (s), Voltage (V), ...')."""
    cells = [c.strip().lower() for c in text.split(",")]
    return len(cells) >= 6 and cells[0].startswith("time") and any("resist" in c for c in cells)


def metadata_rows(numbered):
    """The notes ``(line, '# key: value')`` that a block of metadata pairs above the header of the table lines
    `numbered` ((line, text), no blank line or note among them) stands for, or [] (see the module docstring)."""
    at = _header_at(numbered)
    if at is None or _instrument(numbered[at][1]):
        return []
    pairs = [_pair(text) for _, text in numbered[:at]]
    if any(p is None for p in pairs):
        return []
    return [(n, f"# {_said(key, value)}") for (n, _), (key, value) in zip(numbered, pairs)]


def _said(key, value):
    """The note a pair stands for: 'key: value', a unit in brackets after the key moved after its number
    ('Compliance [mA],1' is '# Compliance: 1 mA', as a note gives a value with its unit; as '# Compliance [mA]: 1'
    it stated the unit of the values, refused beside 'G (uS)': probe 26a, D26-5, 287 files)."""
    bracketed = _KEY_UNIT.fullmatch(key)
    if bracketed and is_number(value):
        return f"{bracketed['key']}: {value} {bracketed['unit']}"
    return f"{key}: {value}"


def block_hint(numbered):
    """Where lines above a header are metadata pairs but one is no pair, the refusal (one line) naming it, else ''."""
    at = _header_at(numbered)
    if not at:  # no line above the header (an instrument's column line first: probe 31a, D31-2, IndexError)
        return ""
    pairs = [_pair(text) for _, text in numbered[:at]]
    if all(p is not None for p in pairs) and _instrument(numbered[at][1]):  # default_device.dat written 'key,value'
        key, value = pairs[0]
        return (f"lines {numbered[0][0]}-{numbered[at - 1][0]} above the instrument's column line (line "
                f"{numbered[at][0]}) are written 'key,value' ({clipped(key)!r}, {clipped(value)!r}); an instrument "
                f"pulse train's header is 'Key: value' lines, e.g. '{clipped(key)}: {clipped(value)}'")
    bad = next(((n, text) for (n, text), p in zip(numbered, pairs) if p is None), None)
    header, row = (_width(text) for _, text in numbered[at:at + 2])
    # a line as wide as the rows below, where the line taken for their header is not, is their header ('cycle,1,2'
    # over 'pulse' over rows of three cells): the table's rules name what is wrong with it
    keyed = any(_keyed(text) and not (_width(text) == row != header) for _, text in numbered[:at])
    if bad is None or all(p is None for p in pairs) and not keyed:
        return ""
    if at == 1:
        return (f"{clipped(bad[1].strip())!r}, above the header on line {numbered[at][0]}, is neither a "
                "'key,value' metadata pair nor the header; expected a pair, e.g. 'Read voltage,0.1 V', or a note: "
                "start it with '#'")
    return (f"lines {numbered[0][0]}-{numbered[at - 1][0]} above the header on line {numbered[at][0]} are metadata "
            f"('key,value' rows), but line {bad[0]} {clipped(bad[1].strip())!r} is no 'key,value' pair; expected "
            "every line above the header a pair: start that one with '#' as a note")
