"""The cells of an offsets CSV: the numbers its fields hold, what to say of a row whose numbers hold commas, and a
semicolon-separated file (a decimal-comma locale's CSV) read as the comma CSV it stands for, a line split with
CSV's quotes, Excel's ``sep=`` first line, and numbers grouped by a no-break space ('1 234,5')."""

from __future__ import annotations

import csv
import re

from .checks import clipped
from .fields import SEP_LINE, as_float, ungrouped

__all__ = ["number", "mixed", "semicolon_rows", "comma_cells", "whitespace_cells", "without_sep_line", "shown"]

_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:[eE][+-]?\d+)?$")
_DELIMITERS = {"\t": "tab", ";": "semicolon", None: "space"}
_READ_AS = {"\t": "by tabs with no comma in the row", None: "by spaces with no comma in the row",
            ";": "by semicolons in every line, the header's too, where a comma is a decimal comma ('1,5e-7')"}


def number(text):
    """The float a field of an offsets CSV holds, or None (float() would read '1_0e-8' as 1e-7: a data
    file means no such thing)."""
    if "_" in text:
        return None
    try:
        return as_float(text)
    except ValueError:
        return None


def mixed(line):
    """What to say of a row apart by tabs, semicolons or spaces whose numbers hold commas ('1,900\t406'): a thousands
    separator (or a decimal comma), not the row's delimiter; it was refused as "expected comma-separated numbers,
    found '900\t406'" (probe 18a). None for any other row. A number's digit groups apart by a no-break space are one
    cell ('1 234,5<TAB>...' is tab-separated, not space-separated: probe 28a, D28-16)."""
    for delimiter, called in _DELIMITERS.items():
        written = [c.strip() for c in line.strip().split(delimiter)]
        cells = ungrouped(written, line)
        grouped = [c for c in cells if "," in c]
        if len(cells) < 2 or not grouped or not all(number(c) is not None or _GROUPED.match(c) or
                                                    number(c.replace(",", ".")) is not None for c in cells):
            continue
        cell = grouped[0]
        as_written = written[cells.index(cell)]
        whole, _, rest = cell.partition(",")
        which = (f"{cell.replace(',', '')} with a thousands separator" if _GROUPED.match(cell) else "") + \
            (" or " if _GROUPED.match(cell) and cell.count(",") == 1 and "." not in cell else "") + \
            (f"{whole}.{rest} with a decimal comma" if cell.count(",") == 1 and "." not in cell else "")
        return (f"the row {shown(clipped(line.strip()))} is {called}-separated and its number {shown(as_written)} "
                "holds a comma "
                f"({which}); expected plain numbers (no thousands separator, a decimal point), apart by commas, or "
                f"{_READ_AS[delimiter]}")
    return None


def semicolon_rows(text):
    """(`text` as comma CSV, 'semicolon') where its header and rows are all apart by semicolons, as Excel saves CSV
    in a decimal-comma locale (German, French): each ';' a comma, each ',' a decimal point ('1,5e-7;0' is 1.5e-7,
    0; it was refused as "expected comma-separated numbers", though a device table so written is read). A '#'
    note is converted where it holds a semicolon (a header written as a note, '# G+1;G-1'). Else (`text`, 'comma')."""
    lines = text.splitlines()
    table = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not table or not all(";" in line for line in table):
        return text, "comma"  # '1.000,5' (a thousands point and a decimal comma) is then no number: refused naming it
    return "\n".join(line.replace(",", ".").replace(";", ",") if ";" in line else line for line in lines), "semicolon"


def without_sep_line(text):
    """`text` with Excel's first line naming its delimiter (``sep=,``, ``sep=;``) blank, the lines' numbers kept: it
    was taken for the header, and the header below it refused as a row, "line 2: expected comma-separated numbers,
    found 'G+1 (uS)'" (probe 27a, n45). ``sep=<TAB>`` too: its tab is kept to be read (probe 28a, D28-11)."""
    first, _, rest = text.partition("\n")
    return "\n" + rest if SEP_LINE.fullmatch(first.lstrip("\ufeff").strip(" \r\n")) else text


def comma_cells(line, delimiter=","):
    """The cells of a line apart by commas (or `delimiter`), CSV's quotes read (R's write.csv quotes every name:
    '"G+1","G-1"' was refused as naming no device, probe 27a, D27-6; write.table(sep="\\t") quotes them between tabs,
    probe 28a, D28-11), a number's digit groups apart by a no-break space joined as in a device table ('1 234,5',
    D28-5); split at every delimiter where its quotes do not parse."""
    if '"' not in line:
        return ungrouped(line.split(delimiter), line)
    try:
        return ungrouped(next(csv.reader([line], delimiter=delimiter)), line)
    except csv.Error:
        return ungrouped(line.split(delimiter), line)


def whitespace_cells(line):
    """The cells of a row apart by tabs (read as :func:`comma_cells` reads commas) where each is a number, else by any
    whitespace (numpy.savetxt's default): a no-break space between a tab-separated number's digit groups is no
    delimiter ('1 234.5<TAB>2 345.6' holds two numbers)."""
    if "\t" in line:
        cells = [cell.strip() for cell in comma_cells(line.strip(), "\t")]
        if all(number(cell) is not None for cell in cells):
            return cells
    return line.split()


def shown(text):
    """`text` in quotes as repr writes it, but a no-break or thin space as itself, not repr's '\\xa0'."""
    quoted = repr(text)
    for space in "\u00a0\u202f\u2009":
        quoted = quoted.replace(repr(space)[1:-1], space)
    return quoted
