"""Device-file errors and the reading of one field: a number, a conductance in its physical range."""

from __future__ import annotations

import math
import re

from . import checks
from .unit_names import any_unit

__all__ = ["DeviceFileError", "NoReadCurrents", "parse_number", "is_number", "as_float", "check_conductance", "thousands_problem",
           "DELIMITER_NAMES", "SEP_LINE", "ungrouped", "spaced_cells", "MISSING", "is_note"]

#: How each delimiter of a table is named in messages and metadata.
DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe", None: "whitespace"}

#: Excel's first line naming a table's delimiter (``sep=;``), which is no header
SEP_LINE = re.compile(r"sep=([,;\t])", re.IGNORECASE)


class DeviceFileError(ValueError):
    """A device file that cannot be read as a conductance-vs-pulse curve."""

    def __init__(self, source, message, line=None):
        where = f"{source}" if line is None else f"{source}, line {line}"
        super().__init__(f"{where}: {message}")
        self.source = str(source)
        self.line = line
        self.message = message  # without the file and line


class NoReadCurrents(DeviceFileError):
    """A read voltage given for a file that holds no read currents (conductances, resistances, an instrument
    file's reads): refused, except beside a file of read currents it applies to (a depression file, probe 19a, R2)."""


def check_conductance(g, text, source, line, what, unit="Ohm", factor=1.0):
    """DeviceFileError: conductance `g` (from field `text`) is outside the physical range; a resistance's
    `unit` (and its `factor` to Ohm) is the column's."""
    lo, hi = checks.CONDUCTANCE_RANGE
    side = "below" if g < lo else "above"
    if what == "conductance":
        message = f"conductance {checks.clipped(text.strip())} S is {side} the physical range {lo:g} ... {hi:g} S"
    else:
        message = (f"read row has resistance {checks.clipped(text.strip())} {unit}, a conductance of {g:.4g} S, {side} "
                   f"the physical range {lo:g} ... {hi:g} S (a resistance of {1 / hi / factor:g} ... "
                   f"{1 / lo / factor:g} {unit})")
    raise DeviceFileError(source, message, line)


#: A number written with thousands separators: '1,000.0', '12,345', or '1.000,5' (a German locale).
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:(?:,\d{3})+(?:\.\d*)?|(?:\.\d{3})+,\d*)(?:[eE][+-]?\d+)?$")


def thousands_problem(text):
    """What to say of a cell written with a thousands separator, or None (also for '1,500' alone, which
    may as well be a decimal comma)."""
    text = text.strip()
    if not THOUSANDS.match(text) or text.count(",") + text.count(".") < 2:
        return None
    return f"{checks.clipped(text.strip())!r} has a thousands separator: expected plain numbers"


#: A number with a Fortran double-precision exponent ('2.18019009D+04', '1.5d-05', as Fortran's D and ES edit
#: descriptors write them): refused as "expected a number" (probe 28a, n7: 232 files), it means nothing else.
_FORTRAN_D = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)[dD][+-]?\d+\s*")


def as_float(text):
    """float(text), a Fortran D exponent read as E (:data:`_FORTRAN_D`): every reader of a field that
    :func:`is_number` accepts converts it so (an instrument file's rows in D were a bare ValueError from float();
    probe 30a, D30-10)."""
    return float(text.replace("d", "e").replace("D", "e") if _FORTRAN_D.fullmatch(text) else text)


def parse_number(text, source, line, column, written=None):
    """A finite float from a field, or a DeviceFileError naming line and column, quoting the cell as `written` in
    the file where that differs from `text` (a decimal comma's, made a point: '1.5E-' was quoted for '1,5E-').

    Python's float() also reads '1_0e-8' as 1e-7; a data file means no such thing, so
    digit separators are refused. A Fortran D exponent ('1.5D-05') is read as E.
    """
    shown = checks.clipped((text if written is None else written).strip())
    try:
        if "_" in text:
            raise ValueError
        value = as_float(text)
    except ValueError:
        if text.strip() and text.strip() == str(column).strip():  # two exports pasted together (probe 30a, n74)
            raise DeviceFileError(source, f"column '{checks.clipped(column)}': expected a number, found the column's "
                                          "own name: this line repeats the header (files pasted one after the other?); "
                                          "expected one header per table: drop the repeated header, or give each "
                                          "table as a file of its own", line) from None
        found = thousands_problem(text) or f"expected a number, found {shown!r}" + _unit_in_cell(text, column)
        raise DeviceFileError(source, f"column '{checks.clipped(column)}': {found}", line) from None
    if not math.isfinite(value):
        raise DeviceFileError(source, f"column '{checks.clipped(column)}': {shown} is not a finite number", line)
    return value


#: A cell's number before its exponent, with a decimal point or comma: what a unit or a cut exponent may follow.
_MANTISSA = r"\s*[+-]?(?:\d+[.,]?\d*|[.,]\d+)"
#: A number with a unit written after it in the cell: '33.808205uS', '1.2 kOhm', '5e-6 A', '1,5 uS' (a decimal comma's
#: was told no more than "expected a number": probe 30a, D30-3).
_UNIT_IN_CELL = re.compile(_MANTISSA + r"(?:[eE][+-]?\d+)?\s*([A-Za-z\u00b5\u03bc\u03a9\u2126]+)\s*")


#: A number cut after its exponent's letter ('1.8D', '1.9d', '1.8E', '1.8e-'): no unit's (probe 30a, D30-7: 'D' was
#: named as the cell's unit)
_CUT_EXPONENT = re.compile(_MANTISSA + r"([eEdD])[+-]?\s*")


def _unit_in_cell(text, column):
    """The hint for a cell that writes its unit after the number (probe 28a, n7: 229 files told only "expected a
    number, found '33.808205uS'"): the unit belongs in the column's name, as '<name> (<unit>)'; or for a number
    whose exponent is cut after its letter."""
    if cut := _CUT_EXPONENT.fullmatch(text):
        return (f" (its exponent's letter {cut.group(1)!r} with no exponent after it: the number is cut); expected "
                f"the number whole: write its exponent after {cut.group(1)!r}, or drop the {cut.group(1)!r}")
    m = _UNIT_IN_CELL.fullmatch(text)
    if m is None:
        return ""
    if any_unit(m.group(1)) is None:  # '1.80a', '1.8O': was "its unit 'a'", to be named 'G (uS) (a)' (probe 31a, D31-7)
        one = len(m.group(1)) == 1
        return (f" (the {'letter' if one else 'letters'} {m.group(1)!r} after the number {'names' if one else 'name'} "
                "no unit of a conductance, current or resistance: a typo, or a footnote's mark?); expected a number "
                "alone in the cell")
    said = f" (a number with its unit {m.group(1)!r} in the cell); expected numbers alone in the cells"
    if column.strip().endswith((")", "]")) or any(any_unit(w) for w in re.split(r"[\s_()\[\]/,;]+", column)):
        return said  # 'G (uS)', 'G (uS) cycle 1': the name gives its unit already
    return f"{said} and the unit in the column's name: '{checks.clipped(column.strip())} ({m.group(1)})'"


def is_number(text):
    try:
        as_float(text)
    except ValueError:
        return False
    return True


#: A cell of no read: empty, or the padding of a cycle cut short as MATLAB and pandas (NaN, <NA>), R (NA) and Excel
#: write it: #N/A, and its #N/A in other languages, #NV (de), #N/D (es, it, pt), #N/B (nl), #N/D! (pl), #I/T (da, no),
#: #SAKNAS! (sv), #PUUTTUU! (fi), #YOK (tr), #Н/Д (ru) (probe 28a, n49; probe 29a, D29-6: "expected a number").
MISSING = {"", "nan", "na", "<na>", "#n/a", "n/a", "#nv", "#n/d", "#n/b", "#n/d!", "#i/t", "#saknas!", "#puuttuu!",
           "#yok", "#н/д"}
#: A spreadsheet's error value in a cell, in any language: '#DIV/0!', '#NAME?', '#VALUE!', '#WERT!', '#BEZUG!'.
_SHEET_ERROR = re.compile(r"#[^\W\d_a-z][^\s,;|]*[!?]")


def is_note(line):
    """Whether a line of a table is a '#' note: it opens with '#', and not with a cell of no read (:data:`MISSING`:
    '#N/A', '#NV') or a spreadsheet's error value before other cells that are numbers or such: those open a row whose
    first column is padded or broken, which was dropped as a note, status 0, shifting its other cycles' later reads by
    a pulse ('#NV,1.93'; probe 31a, D31-1)."""
    text = line.strip()
    if not text.startswith("#"):
        return False
    delimiter = next((d for d in "\t;|," if d in text), None)
    cells = [c.strip() for c in (text.split(delimiter) if delimiter else text.split())]
    odd = [c.lower() in MISSING or _SHEET_ERROR.fullmatch(c) is not None for c in cells]
    return not (len(cells) > 1 and odd[0] and all(o or is_number(c.replace(",", ".", 1)) for o, c in zip(odd, cells)))


#: A no-break, narrow no-break or thin space between digit groups, and a number so grouped ('1 234,5', '-12 345')
_GROUP_SPACE = re.compile(r"(?<=\d)[\u00a0\u202f\u2009](?=\d{3})")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?:[.,]\d*)?(?:[eE][+-]?\d+)?")


def ungrouped(cells, line):
    """`cells` with the digit groups of a number written with a no-break or thin space ('1 234,5', as French and
    Swiss locales write thousands) joined: no delimiter and no decimal mark, the space is unambiguous (probe 26a,
    168 files refused "expected a number")."""
    if not _GROUP_SPACE.search(line):
        return cells
    return [_GROUP_SPACE.sub("", c) if _GROUPED.fullmatch(c.strip()) else c for c in cells]


#: A cell of a line apart by whitespace: a word, or a name in double quotes with its spaces ('"G (uS) cycle 1"')
_SPACED_CELL = r'"(?:[^"]|"")*"|[^\s"]+'
_SPACED_LINE = re.compile(rf"(?:{_SPACED_CELL})(?:\s+(?:{_SPACED_CELL}))*")


def spaced_cells(line):
    """The cells of a line apart by whitespace, a cell in double quotes read as one with its spaces and without its
    quotes, as R's write.table writes names ('"pulse" "G (uS) cycle 1"': split at every space, it was refused as a
    header naming one column; probe 28a, D28-9). Split at every space where the quotes do not part it so."""
    text = line.strip()
    if '"' not in text or not _SPACED_LINE.fullmatch(text):
        return text.split()
    return [c[1:-1].replace('""', '"') if c.startswith('"') else c for c in re.findall(_SPACED_CELL, text)]
