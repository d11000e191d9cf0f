"""A table's column of voltages beside its values: the read voltage written on every row (``Vread (V)``,
``Read voltage (V)``, ``V_read (mV)``), as instrument software exports it beside the read currents, or a voltage
its name does not place (``V (V)``, ``Voltage (V)``, ``V_applied (V)``).

A column named as the read voltage, with a voltage unit, gives the read voltage as ``--read-voltage`` does, and as a
header's ``I (uA) @ 0.1 V`` does (read_voltages.py holds it to the option, the notes and the header's; it was refused
as "holds voltages ... give --read-voltage and drop the column", probe 25a, sets n1 and n19). Where it varies from
row to row, it is the bias each read was measured at (an instrument writes the voltage it measured, 0.0998 V, 0.1003
V, ...): each row's current is divided by its own voltage, G = I / V, the conductance of that read. Reads at
different read settings are no one curve, though: the chord conductance I / V of a device whose current is not
linear in the voltage differs from one voltage to another. So the voltages must be of one sign, the largest at most
:data:`SPREAD` times the smallest (a measured bias scatters by a few percent); a column beyond is refused naming the
two lines, as is a cell of no number, zero or not finite. A negative one reads currents of its sign, as the option
does. Beside conductances or resistances it is checked so and not used: they are the values, whatever the voltage.

A voltage its name does not place has two readings: the read voltage of the currents, or the write pulses'
amplitude (a train of equal pulses writes one amplitude on every row, as a read voltage would be). Read as the
read voltage where it was the amplitude, the curve would be off by their ratio with status 0, so it is not read:
one on every row that is the read voltage given is dropped (either reading gives the same values); any other is
refused naming both readings and the fix. A column of two signs is read elsewhere (direction_columns.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .checks import clipped
from .columns import WRITE_VOLTAGE, voltage_kind
from .fields import DeviceFileError, is_number, parse_number
from .unit_names import PREFIX, voltage_in_brackets

__all__ = ["SPREAD", "VoltageColumn", "voltage_column"]

_UNIT = re.compile(r"^(?P<stem>.*?)\s*[\(\[]\s*(?P<unit>[munk\u00b5\u03bc]?V)\s*[\)\]]$")
_FULLWIDTH_BRACKETS = str.maketrans("\uff08\uff09\uff3b\uff3d", "()[]")
#: How far a read voltage measured row by row may vary: the largest at most this times the smallest.
SPREAD = 1.2
#: The names of a read voltage's column, in lower case, '_' read as a space.
_READ_NAMES = {"vread", "v read", "read voltage", "read bias", "read v", "u read", "uread", "vr", "v r"}


@dataclass(frozen=True)
class VoltageColumn:
    """A voltage column read: its index, its name, the voltage (V) on every row, the line of its first row, and
    whether it gives the read voltage (else it is dropped unread)."""

    index: int
    name: str
    volts: float
    line: int
    reads: bool
    rows: dict | None = None  # line -> V, where the read voltage is measured row by row

    def at(self, line, volts):
        """The read voltage of the row on `line`: its own where the column varies, else `volts`."""
        return volts if self.rows is None else self.rows[line]

    def describe(self, meta, unit):
        """Say in a table's metadata `meta` that its currents, in `unit`, were read at each row's own voltage."""
        if self.rows is not None and "read_voltage" in meta:
            low, high = min(self.rows.values(), key=abs), max(self.rows.values(), key=abs)
            meta["values"] = f"read currents in {unit}, each at its row's read voltage ({low:g} ... {high:g} V)"
            meta["read_voltage"], meta["read_voltage_from"] = None, f"the column '{self.name}', row by row"

    def stated(self):
        """(volts, name) of a read voltage's column, as read_voltages.table_voltage reads it, or None."""
        return (self.volts, self.name) if self.reads else None


def _unit_match(name):
    """The match of :data:`_UNIT` on a voltage column's name, its unit in full-width brackets, or after '/', ' in '
    or a final '_' (:func:`.unit_names.voltage_in_brackets`), read as in brackets; or None."""
    text = name.strip().translate(_FULLWIDTH_BRACKETS)
    return _UNIT.match(voltage_in_brackets(text) if voltage_kind(text) is not None else text)


def _named(name):
    """('read' or 'other', the unit's factor to V) of a voltage column's name, or None for no such name (no
    voltage unit, or a write pulse's voltage, refused by columns.value_column)."""
    m = _unit_match(name)
    if m is None:
        return None
    stem = " ".join(m.group("stem").lower().replace("_", " ").split())
    if WRITE_VOLTAGE.search(stem):
        return None
    return ("read" if stem in _READ_NAMES else "other"), PREFIX[m.group("unit")[:-1]]


def voltage_column(names, rows, comma, read_voltage, source, taken=()):
    """The :class:`VoltageColumn` of a table whose header `names` name one voltage column, or None; `rows` (line,
    cells) its data rows; `comma`: its numbers use a decimal comma; `read_voltage` the one given (or None).
    DeviceFileError for a read voltage's cell of no voltage or zero, read voltages of two signs or that differ by
    more than :data:`SPREAD`, and a voltage of no named role on every row. `taken`: the indices of columns read
    otherwise (a write voltage of both signs that gives the directions, `V (V)` beside `Vread (V)`: probe 27a,
    D27-3, where the two were refused as two columns of voltages)."""
    found = [(i, named) for i, name in enumerate(names) if i not in taken and (named := _named(name)) is not None]
    if len(found) != 1:
        return None  # none, or two: refused as columns of voltages (columns.value_column)
    (index, (kind, factor)), name = found[0], names[found[0][0]]
    cells = [(line, cells[index].strip()) for line, cells in rows if index < len(cells)]  # a short row: refused later
    volts = []
    for line, text in cells:
        if kind != "read" and not is_number(text.replace(",", ".") if comma else text):
            return None  # '+2 V': read as a direction (direction_columns.py), or refused as a column of voltages
        volts.append(parse_number(text.replace(",", ".") if comma else text, source, line, name) * factor)
        if volts[-1] == 0 and kind == "read":
            raise DeviceFileError(source, f"column {clipped(name)!r}: the read voltage is {text}; expected the nonzero "
                                          "voltage the currents were read at, which they are divided by", line)
    if not volts:
        return None
    lines, unit, constant = [line for line, _ in cells], names_unit(name), all(v == volts[0] for v in volts)
    if kind == "read" and constant:
        return VoltageColumn(index, name, volts[0], lines[0], True)
    if kind == "read":
        low = min(range(len(volts)), key=lambda k: abs(volts[k]))
        high = max(range(len(volts)), key=lambda k: abs(volts[k]))
        if any((v > 0) != (volts[0] > 0) for v in volts):  # two signs: the first of the other sign, and the first
            low, high = 0, next(k for k, v in enumerate(volts) if (v > 0) != (volts[0] > 0))
        if high != 0 and (volts[low] > 0) != (volts[high] > 0) or abs(volts[high]) > SPREAD * abs(volts[low]):
            raise DeviceFileError(source, f"column {clipped(name)!r} holds the read voltage {cells[low][1]} {unit} on "
                                          f"line {lines[low]} and {cells[high][1]} {unit} on line {lines[high]}; "
                                          f"expected one read voltage, of one sign, measured within {SPREAD - 1:.0%}: "
                                          "the conductance I / V of a device whose current is not linear in the "
                                          "voltage differs from one read voltage to another, so reads at both are no "
                                          "one curve: give each voltage's reads a file of their own", lines[high])
        if read_voltage is not None:  # which divides the currents: the option or each row's voltage?
            raise DeviceFileError(source, f"column {clipped(name)!r} holds the read voltage of each row "
                                          f"({cells[low][1]} ... {cells[high][1]} {unit}) and the read voltage given is "
                                          f"{read_voltage:g} V; expected one of the two: drop the option to divide "
                                          "each current by its row's voltage, or drop the column", lines[0])
        return VoltageColumn(index, name, volts[0], lines[0], True, dict(zip(lines, volts)))
    # one voltage on every row but the first, the initial state's pulse, which may be anything ('0' or '-2' over '2'
    # on every other row was "holds voltages ... drop the column", where '2' on every row is asked its role: probe
    # 31a, D31-11)
    apart = kind != "read" and len(volts) > 2 and not constant and volts[1] != 0 and volts[1:] == [volts[1]] * (
        len(volts) - 1)
    low, high = min(volts), max(volts)
    if not constant and not apart and not (low > 0 and high <= SPREAD * low or high < 0 and low >= SPREAD * high):
        return None  # refused as a column of voltages, or read as the direction (direction_columns.py)
    if constant and read_voltage is not None and abs(volts[0] - read_voltage) <= 1e-9 * abs(read_voltage):
        return VoltageColumn(index, name, volts[0], lines[0], False)
    given = "" if read_voltage is None else f", and the read voltage given is {read_voltage:g} V"
    held = (f"{cells[0][1]} {unit} on every row" if constant else
            f"{cells[1][1]} {unit} on every row after the first (the initial state's)" if apart else
            f"{low / factor:g} ... {high / factor:g} {unit}, within {SPREAD - 1:.0%}")
    raise DeviceFileError(source, f"column {clipped(name)!r} holds {held}{given}: the read voltage of the values, "
                                  "or the write pulses' amplitude? If the currents were read at it, name the column "
                                  "as the read voltage, e.g. 'Vread (V)'; if it is the "
                                  "pulses' amplitude, drop it (the curve does not use it) or name it 'Vpulse (V)', "
                                  "and give the read voltage (--read-voltage V, API read_voltage=V)", lines[0])


def names_unit(name):
    """The voltage unit a voltage column's name writes."""
    return _unit_match(name).group("unit")
