"""The read voltage of a table of read currents: the header's (``I (uA) @ 0.1 V``), the one given
(``--read-voltage V``, API ``read_voltage=V``) and the ones its ``#`` notes state (``# Vread = 0.2 V``).

Every one of them must agree. A note stating another read voltage than the header or the option was dropped
unread, and the curve loaded 2x off with status 0 (probe 16a, V1: ``# Vread = 0.2 V`` over
``pulse,I (uA) @ 0.1 V``); it is refused naming the note's line and both voltages. A note alone does not give
the voltage: a note is prose, read only to be checked, and the header or the option is where a setting that scales
every value is read (the project's example file says so in its note too), so read currents with neither are
refused asking for ``--read-voltage``, the line naming the voltage the note states. A note's voltage over
conductances or resistances is no concern of their values and is not read.
"""

from __future__ import annotations

import math
import re

import numpy as np

from .checks import clipped
from .fields import DeviceFileError, as_float

__all__ = ["noted_voltages", "table_voltage", "unread_voltage", "VOLTS", "AT_VOLTAGE", "named_read_voltage",
           "without_read_voltage"]

# A number, with a decimal comma too ('0,2': a decimal comma only in a table whose numbers use one, see _comma), and
# Fortran's D exponent as the table's numbers have it ('1.0D-01 V' was read as no voltage, or as '1.0' in 'D'; probe
# 30a, D30-8).
_NUMBER = r"[+\-\u2212]?(?:\d+,\d+|\d+\.?\d*|\.\d+)(?:[eEdD][+\-]?\d+)?"
_UNIT = r"(?:[mu\u00b5\u03bc]?V|mv|v)"
# What names a read voltage: 'Vread', 'V_read', 'V_{read}', 'read voltage', 'read-out bias', 'read at', 'read @',
# 'read 0.1 V' (after 'read' alone or 'read at', only a number with a voltage's unit: 'read at 25 C', 'read 10 times').
_SAID = (r"(?:(?<![A-Za-z])v\s*[_\-]?\s*\{?\s*read\}?(?![A-Za-z])"
         r"|(?<![A-Za-z])read(?:ing|[\s\-]?out)?[\s_\-]*(?:voltage|bias|level|amplitude)(?![A-Za-z])"
         r"|(?<![A-Za-z])(?P<at>read(?:ing|[\s\-]?out)?(?:\s*(?:at|@|with|under)(?![A-Za-z])|(?=\s+[+\-]?\.?\d))))")
_NOTE_VOLTAGE = re.compile(_SAID + r"\s*(?:[\(\[]\s*(?P<bracket>" + _UNIT + r")\s*[\)\]])?\s*(?:[:=@~\u2248]\s*|is\s+|of\s+)*"
                           r"(?P<value>" + _NUMBER + r")(?:\s*(?P<unit>" + _UNIT + r")(?![A-Za-z])"
                           r"|(?=\s*(?:$|[,;)\]])))", re.IGNORECASE)
#: The voltage units read in a name or a note, as written (a column's '@ 100 mV' in this case only; a note's in any
#: case): divide a number by this for volts. A column's '@' voltage is read with it too (:func:`named_read_voltage`).
VOLTS = {"V": 1.0, "mV": 1e3, "uV": 1e6, "\u00b5V": 1e6, "\u03bcV": 1e6}
_VOLTS = {unit.lower(): factor for unit, factor in VOLTS.items()}  # a note's unit in lower case
# The read voltage a column's name gives after '@' ('I (uA) @ 0.1 V', 'I (uA)@100mV'): a number, then its unit.
AT_VOLTAGE = re.compile(r"@\s*(?P<written>(?P<value>" + _NUMBER + r")\s*(?P<unit>[A-Za-z\u00b5\u03bc]*))")


def _comma(written, comma):
    """Why a read voltage `written` with a comma ('0,2 V') is not read, or None: its comma is a decimal comma in a
    table whose numbers use one (`comma`), as their '1,5' is; elsewhere it is refused. It was read as 0 V, or a
    note's left unchecked over read currents 2x off (probe 23a, D23-5)."""
    if "," not in written or comma:
        return None
    return (f"the read voltage {written!r} has a comma, a decimal comma only in a table whose numbers use one (a "
            f"semicolon or tab table writing '1,5'), which this one's do not; expected {written.replace(',', '.')!r}")


def without_read_voltage(name):
    """`name` with its read voltage after '@' taken out; pandas' '.N' at the end of the name as written (its copy of
    a repeated name) stays glued to it: 'I (uA) @ 0.1 V.1' reads as 'I (uA).1', as 'G (uS).1' (probe 19a, P1)."""
    copy = re.search(r"(?<=[^\s\d.@])\.\d+$", name)
    if copy is None or not AT_VOLTAGE.search(name[:copy.start()]):
        return AT_VOLTAGE.sub(" ", name)
    return AT_VOLTAGE.sub(" ", name[:copy.start()]).rstrip() + copy.group()


def named_read_voltage(name, comma=None):
    """The read voltage (V) a column's name gives after '@' (``I (uA) @ 0.1 V``, ``@ 100 mV``, ``@ 0,1 V`` where
    `comma`, the table's numbers use a decimal comma), or None where it gives none; ValueError naming the column for
    one in no unit that is read, two of them, one out of range, or a comma elsewhere."""
    found = list(AT_VOLTAGE.finditer(name.strip()))
    if not found:
        return None
    if len(found) > 1:
        raise ValueError(f"column {clipped(name)!r} names {len(found)} read voltages; expected one, e.g. "
                         "'I (uA) @ 0.1 V'")
    written, value, unit = found[0].group("written", "value", "unit")
    if unit not in VOLTS:
        raise ValueError(f"column {clipped(name)!r}: the read voltage {written.strip()!r} is in no unit that is read; "
                         "expected V or mV, e.g. '@ 0.1 V' or '@ 100 mV'")
    if (problem := _comma(written.strip(), comma)) is not None:
        raise ValueError(f"column {clipped(name)!r}: {problem}")
    volts = _number(value) / VOLTS[unit]  # 100 / 1e3 is the double of 0.1, as --read-voltage 0.1
    if not 1e-12 < abs(volts) <= 1e3:
        raise ValueError(f"column {clipped(name)!r}: read voltage {written.strip()}; expected a nonzero read voltage "
                         "in volts (1e-12 < |V| <= 1000)")
    return volts


def noted_voltages(notes):
    """[(line, volts or None, the note)] of the read voltages the `notes` [(line, text)] state; volts None where
    the number has no unit ('# Vread = 0.2'). A note that says where it read with no voltage names none."""
    found = []
    for line, text in notes:
        for m in _NOTE_VOLTAGE.finditer(text.replace("\u2212", "-")):
            unit = m.group("unit") or m.group("bracket")
            if unit is None and m.group("at"):
                continue  # 'read at 25, 50' names no voltage
            found.append((line, None if unit is None else _number(m.group("value")) / _VOLTS[unit.lower()],
                          m.group("value") + ("" if unit is None else " " + unit), text.strip()))
    return found


def _number(written):
    """The number `written` matches _NUMBER: a decimal comma's where it is read (:func:`_comma`), a minus sign's
    (U+2212, as a word processor writes it), a Fortran D exponent's as every field's (:func:`.fields.as_float`)."""
    return as_float(written.replace(",", ".").replace("\u2212", "-"))


def _same(a, b):
    """Whether `b`, a voltage given, is `a`, one written: to 1e-9, or the float32 nearest it."""
    return math.isclose(a, b, rel_tol=1e-9) or b == float(np.float32(a))


def _agrees(noted, volts):
    """Whether a note's voltage `noted` (its line, volts, as written, text) is `volts`, the one given or the header's
    (np.float32(0.1) is a note's 0.1 V, as a header's: it was refused, printed '0.1 V' twice, probe 23a, D23-6); one
    written without a unit agrees where it is `volts` in V or in mV."""
    value = _number(noted[2].split()[0])
    return _same(noted[1], volts) if noted[1] is not None else _same(value, volts) or _same(value / 1e3, volts)


def table_voltage(columns, read_voltage, notes, source, line, comma=False, column=None):
    """(the read voltage in V of a table whose value `columns` the header names, or None, where it came from: None
    for the one given, else (short, long), e.g. ("the header's", "the header's column 'I (uA) @ 0.1 V'")).
    `read_voltage` is the one given; `notes` [(line, text)]; `comma`: the table's numbers use a decimal comma;
    `column` (volts, name) of a column of the read voltage (voltage_columns.py), read as the header's is.
    DeviceFileError for a header and an option, or a note and either, that disagree, and for read currents with
    neither."""
    named = {}
    for value in columns:
        if value.read_voltage is not None:
            named.setdefault(value.read_voltage, value.name)
    if column is not None:
        if columns[0].quantity is None:  # currents in A, or conductances in S?
            raise DeviceFileError(source, f"column {clipped(column[1])!r} holds the read voltage, but column "
                                          f"{clipped(columns[0].name)!r} names no quantity; name it, e.g. 'I (uA)' "
                                          "for read currents", line)
        if not any(_same(v, column[0]) for v in named):
            named.setdefault(column[0], column[1])
    if len(named) > 1:
        raise DeviceFileError(source, "columns name different read voltages (" + ", ".join(
            f"{v:g} V in {clipped(n)!r}" for v, n in named.items()) + "); expected one read voltage per table", line)
    volts, origin = read_voltage, None
    if named and columns[0].quantity == "current":  # a conductance column read at its voltage holds its own values
        (header, name), = named.items()
        # np.float32(0.1) is 0.1 (the float32 nearest the header's): refused, printed '0.1 V' twice (probe 13a, M1)
        if read_voltage is not None and not _same(header, read_voltage):
            shown = (f"{header:g}", f"{read_voltage:g}") if f"{header:g}" != f"{read_voltage:g}" else \
                (header, read_voltage)
            whose = "column's" if column is not None and name == column[1] else "header's"
            raise DeviceFileError(source, f"column {clipped(name)!r} names the read voltage {shown[0]} V and the "
                                          f"read voltage given (--read-voltage, API read_voltage=) is {shown[1]} V; "
                                          f"expected the same: drop the option to read the {whose}, or correct the "
                                          + whose[:-2], line)
        if read_voltage is None:
            volts, origin = header, (("the column's", f"the column '{name}'") if column is not None and
                                     name == column[1] else ("the header's", f"the header's column '{name}'"))
    currents = columns[0].quantity == "current" or volts is not None and columns[0].quantity is None
    noted = noted_voltages(notes) if currents else []
    for note in noted:
        if (problem := _comma(note[2], comma)) is not None:  # '# read at 0,2 V' in a table of points
            raise DeviceFileError(source, f"the note {clipped(note[3])!r}: {problem}", note[0])
    if volts is None and currents:  # a note's voltage is prose, not read: the header or the option gives it
        named = next(c.name for c in columns if c.quantity is not None)
        hint = "" if not noted else (f" (the note on line {noted[0][0]} states the read voltage "
                                     f"{noted[0][2]}: if they were read at it, give --read-voltage "
                                     + ("V in volts)" if noted[0][1] is None else f"{noted[0][1]:g})"))
        raise DeviceFileError(source, f"column '{named}' holds read currents; give the read voltage "
                                      "(--read-voltage V, API read_voltage=V) to turn them into conductances "
                                      f"G = I / V{hint}", line)
    for note in noted:
        if not _agrees(note, volts):
            stated = note[1] if note[1] is not None else _number(note[2])
            shown = f"{volts:g}" if f"{volts:g}" != f"{stated:g}" else repr(float(volts))  # never '0.1 V' twice
            said = f"{origin[1]} names {shown} V" if origin is not None else \
                f"the read voltage given (--read-voltage, API read_voltage=) is {shown} V"
            unit = " (no unit)" if note[1] is None else f" ({note[1]:g} V)" if note[2] != f"{note[1]:g} V" else ""
            raise DeviceFileError(source, f"the note {clipped(note[3])!r} states the read voltage {note[2]}{unit} and "
                                          f"{said}: which were the currents read at? Correct the note"
                                          + (" or the header" if origin is not None else " or the option"), note[0])
    return volts, origin


# A voltage written in a name other than after '@' ('I (uA) at 0.2 V', 'Vread=0.2V', 'I (0.2 V) (uA)').
_ANY_VOLTAGE = re.compile(r"(?<![A-Za-z0-9.])(?P<written>" + _NUMBER + r"\s*" + _UNIT + r")(?![A-Za-z])")


def unread_voltage(name, text):
    """ValueError for a column of read currents whose name writes a voltage other than after '@': it was read as a
    label, and --read-voltage 0.1 over 'I (uA) at 0.2 V' loaded the curve 2x off with status 0 (probe 17a, V2)."""
    m = _ANY_VOLTAGE.search(text)
    if m is not None:
        raise ValueError(f"column {clipped(name)!r} writes the voltage {m.group('written').strip()!r}, which is read "
                         "as a read voltage only after '@': write e.g. 'I (uA) @ 0.2 V' if the currents were read at "
                         "it, or drop it from the name")
