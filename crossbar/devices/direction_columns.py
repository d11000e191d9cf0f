"""A table's direction column: the direction of the pulse before each read, in one of three forms.

* signs or words under ``direction``, ``sign`` or ``pulse direction`` (``+`` / ``up`` / ``1``, ``-`` / ``down`` /
  ``-1``, and the operation words below; :data:`DIRECTIONS`);
* operation words under ``operation``, ``mode``, ``type``, ``op`` or ``pulse type`` (:data:`OPERATION_NAMES`):
  ``SET`` / ``LTP`` / ``potentiation`` / ``pot`` potentiate, ``RESET`` / ``LTD`` / ``depression`` / ``dep``
  depress, in any case; anything else in a column holding one of them is refused naming its line and the words
  read (``read`` among ``SET`` rows too). A column of read and write steps only (``read`` / ``write``, ``R`` /
  ``W``: a row for each write pulse between the reads, as pulse-train exports write them) is refused naming the
  column and its words, to keep only the read rows (probe 29a, D29-2: it was "name a unit ... e.g. 'mode (A)'");
  it is not read, the write pulses' directions unknown and their rows' values the write's, not a read's. A column
  of other words (a device's name under ``type``) is no direction, refused as a column that is no cycle. Signs or
  direction words of both directions under a name that is no direction column's (``Vorzeichen``, ``signo``) are
  refused naming them and the names read, where they were told to take a unit;
* the write pulse's voltage under a voltage's name (``V (V)``, ``Vpulse``, ``amplitude (V)``, ``V_write (mV)``;
  not a read voltage's, ``V_read``, ``Vread``, ``read voltage``, ``bias``) whose cells take both signs: the sign is
  the direction, positive potentiating. Every cell after the first is nonzero; within a sign the magnitudes are
  one, or within :data:`AMPLITUDE_SPREAD` times of each other; the signs come in blocks (a train of one polarity,
  then the other), not flipping from row to row; and where the conductance falls over the positive pulses the
  file is refused (which sign potentiates cannot be told: a device may SET with either). A voltage column of one
  sign (a read voltage, or a one-way train's constant amplitude) keeps its meaning: refused by
  :func:`.columns.value_column`, as any column that is no cycle.

A direction (or operation) column beside a write-voltage column is the direction: the voltages are then only held
to it, each direction one sign (or the file is refused naming the line). Every form ends as the same cells, +1,
-1 and 0 for the first read (the initial state, whatever pulse came before it), checked alike
(:meth:`DirectionColumn.directions`) and split into branches by :mod:`.branches`.
"""

from __future__ import annotations

import re

import numpy as np

from .checks import clipped
from .columns import is_direction_column, is_pulse_column, is_time_column, value_column, voltage_kind
from .fields import MISSING, DeviceFileError, as_float, is_number

__all__ = ["DIRECTIONS", "OPERATIONS", "OPERATION_NAMES", "AMPLITUDE_SPREAD", "DirectionColumn", "direction_column",
           "is_operation_column"]

#: Direction cell -> +1 (potentiating), -1 (depressing) or 0 (the initial state).
#: Operation word (lower case) -> +1 (potentiating) or -1 (depressing); an empty cell is the initial state.
OPERATIONS = {"set": 1, "ltp": 1, "potentiation": 1, "pot": 1, "potentiating": 1, "reset": -1, "ltd": -1,
              "depression": -1, "dep": -1, "depressing": -1}
#: Direction cell -> +1 (potentiating), -1 (depressing) or 0 (the initial state): signs, and the operation words
#: too (probe 27a e3: `dep` or `LTD` under `direction` was refused, though `SET` and `RESET` were read there).
DIRECTIONS = {"+": 1, "+1": 1, "1": 1, "up": 1, "p": 1, "-": -1, "-1": -1, "down": -1, "d": -1, **OPERATIONS,
              "0": 0, "": 0, "start": 0, "initial": 0, **dict.fromkeys(MISSING, 0)}  # R's NA for the initial state
#: The names of an operation column (lower case, '_' as a space).
OPERATION_NAMES = {"operation", "mode", "type", "op", "pulse type", "operation type", "pulse mode", "op type"}
#: Within one sign, a write-voltage column's largest magnitude is at most this many times its smallest (an
#: incremental train's steps); beyond, the column mixes another voltage (a read's) and is refused.
AMPLITUDE_SPREAD = 3.0
_READ_WORDS = re.compile(r"read|bias")
#: A read or write step's word (lower case) in an operation column -> which ('read', 'write').
STEPS = {"read": "read", "r": "read", "rd": "read", "write": "write", "w": "write", "wr": "write", "program": "write",
         "prog": "write"}
_EXPECTED_WORDS = ("SET / LTP / potentiation / pot (potentiating), RESET / LTD / depression / dep (depressing), or "
                   "empty for the initial state")


def is_operation_column(name):
    """Whether a header name is that of an operation column (``operation``, ``mode``, ``pulse type``), which may
    give the pulses' directions in words (SET/RESET, LTP/LTD)."""
    return " ".join(name.strip().lower().replace("_", " ").split()) in OPERATION_NAMES


def _write_voltage_name(name):
    kind = voltage_kind(name)
    return kind == "write" or (kind == "voltage" and not _READ_WORDS.search(name.lower()))


def _signs(cells, comma):
    """The set of signs (+1, -1) of the numbers among `cells` (a decimal comma read where `comma`)."""
    numbers = [as_float(c.replace(",", ".") if comma else c) for c in cells if is_number(c.replace(",", ".") if comma
                                                                                         else c)]
    return {int(np.sign(x)) for x in numbers if x != 0 and np.isfinite(x)}  # 'NaN': "cannot convert float NaN to
    # integer", naming no file (probe 31a, D31-12)


class DirectionColumn:
    """Which column of a table gives the pulses' directions, in which form, and the cells it read."""

    def __init__(self, index=None, kind=None, name=None, voltage=None, voltage_name=None, steps=()):
        self.index, self.kind, self.name = index, kind, name  # kind: 'signs', 'operation' or 'voltage'
        self.steps = steps  # a column of read and write steps only: its words ('read', 'write')
        self.voltage, self.voltage_name = voltage, voltage_name  # a write-voltage column held to the direction

    def ignored(self):
        """The columns the table's roles skip (a write-voltage column beside a direction column)."""
        return () if self.voltage is None or self.voltage == self.index else (self.voltage,)

    def metadata(self):
        """What a device's metadata says of the directions read from a voltage or an operation column."""
        if self.kind == "voltage":
            return {"directions": f"from the sign of the write voltage in column {clipped(self.name)!r} (+ potentiating)"}
        if self.kind == "operation":
            return {"directions": f"from the operations in column {clipped(self.name)!r} (SET / LTP potentiating)"}
        return {}

    def names(self, names):
        """`names` with this column's read as a direction column's."""
        return [("direction" if i == self.index else n) for i, n in enumerate(names)]

    def cell(self, cells, source, line):
        """What row `cells` say of the pulse before its read: +1, -1, 0, or for a voltage the number (its sign
        is read by :meth:`directions`); a pair (direction, voltage) where a voltage column is held to it."""
        text = cells[self.index]
        if self.kind == "signs":
            if text.lower() not in DIRECTIONS:
                raise DeviceFileError(source, f"direction {clipped(text)!r}: expected + / up / 1 / SET / LTP / pot "
                                              "(potentiating), - / down / -1 / RESET / LTD / dep (depressing), or 0 / "
                                              "empty / start / initial for the initial state", line)
            way = DIRECTIONS[text.lower()]
        elif self.kind == "operation":
            if self.steps and text.lower() in STEPS:
                raise DeviceFileError(source, _steps_message(self.name, self.steps), line)
            if self.steps and self.steps[0] == "signs" and text:  # signs under a name no direction's
                raise DeviceFileError(source, _signs_message(self.name, self.steps[1:]), line)
            if text.lower() not in OPERATIONS and text.lower() not in MISSING:  # 'NA' before the initial state
                raise DeviceFileError(source, f"column {clipped(self.name)!r}: operation {clipped(text)!r}; expected "
                                              f"{_EXPECTED_WORDS}", line)
            way = OPERATIONS.get(text.lower(), 0)
        else:
            way = self._voltage(text, self.name, source, line)
        if self.voltage is None or self.voltage == self.index:
            return way
        return way, self._voltage(cells[self.voltage], self.voltage_name, source, line)

    @staticmethod
    def _voltage(text, name, source, line):
        if not text:
            return 0.0
        if text.lower() in MISSING:  # no voltage: the initial state's may be anything, a pulse's is refused in order
            return float("nan")  # (probe 31a, D31-13: 'NaN' before the initial state was "no voltage")
        if not is_number(text) or not np.isfinite(as_float(text)):
            raise DeviceFileError(source, f"column {clipped(name)!r}: {clipped(text)!r} is no voltage; expected the "
                                          "write pulse's voltage, its sign the pulse's direction (+ potentiating)", line)
        return as_float(text)

    def directions(self, cells, values, where, source):
        """The directions (+1, -1, 0 first) of the rows' `cells` (from :meth:`cell`, in time order), checked;
        `values` (rows x cycles, S) tell whether the conductance falls over a write voltage's positive pulses."""
        if self.kind == "voltage":
            directions = self._from_voltages(cells, self.name, where, source)
            self._sign_convention(directions, values, where, source)
        elif self.voltage is not None:
            directions = [0 if self.kind == "operation" and k == 0 else c[0] for k, c in enumerate(cells)]
            self._held(directions, [c[1] for c in cells], where, source)
        else:
            directions = [0] + list(cells[1:]) if self.kind == "operation" else list(cells)  # its pulse: a reset
        _check_directions(directions, where, source)
        return directions

    @staticmethod
    def _from_voltages(voltages, name, where, source):
        """+1 / -1 by the sign of each voltage after the first row's (the initial state: 0)."""
        named = f"column {clipped(name)!r}"
        voltages = [0.0 if np.isnan(voltages[0]) else voltages[0], *voltages[1:]]
        zero = next((k for k in range(1, len(voltages)) if voltages[k] == 0 or np.isnan(voltages[k])), None)
        if zero is not None:
            raise DeviceFileError(source, f"{named} holds the write pulses' voltage, its sign the direction, but "
                                          "no pulse here (0 V, empty or NaN); expected a nonzero voltage before every "
                                          "read but the first", where[zero])
        for sign in (1, -1):
            size = [(abs(v), k) for k, v in enumerate(voltages[1:], 1) if np.sign(v) == sign]
            if size and max(size)[0] > AMPLITUDE_SPREAD * min(size)[0]:
                (low, k0), (high, k1) = min(size), max(size, key=lambda s: (s[0], -s[1]))
                middle = float(np.median([s for s, _ in size]))
                odd = k0 if middle / low > high / middle else k1  # the cell furthest from the others
                raise DeviceFileError(source, f"{named} holds the write pulses' voltage, its sign the direction, "
                                              f"but its {'positive' if sign > 0 else 'negative'} cells range from "
                                              f"{sign * low:g} (line {where[k0]}) to {sign * high:g} (line "
                                              f"{where[k1]}), more than {AMPLITUDE_SPREAD:g} times apart: another "
                                              "voltage (a read's) among them? Expected one write voltage per "
                                              "direction", where[odd])
        signs = [int(np.sign(v)) for v in voltages]
        runs = 1 + sum(signs[k] != signs[k - 1] for k in range(2, len(signs)))
        if runs > 2 and runs > (len(signs) - 1) / 2:
            at = next(k for k in range(2, len(signs)) if signs[k] != signs[k - 1])
            raise DeviceFileError(source, f"{named} holds the write pulses' voltage, its sign the direction, but the "
                                          f"sign changes {runs - 1} times in {len(signs) - 1} pulses (from line "
                                          f"{where[at]}), not in blocks: expected a potentiating train, then "
                                          "optionally a depressing one (or a direction column, + / -)", where[at])
        return [0] + signs[1:]

    def _sign_convention(self, directions, values, where, source):
        """Refused where the conductance falls over the first train of positive pulses (the read before it and
        its reads: the median of its last quarter below that of its first)."""
        if 1 not in directions[1:]:
            return
        g = np.nanmedian(values, axis=1) if values.ndim == 2 else values
        first = directions.index(1, 1)
        end = next((k for k in range(first, len(directions)) if directions[k] != 1), len(directions))
        train = g[first - 1:end]
        train = train[~np.isnan(train)]
        q = -(-train.size // 4)
        if train.size >= 2 and np.median(train[-q:]) < np.median(train[:q]):
            raise DeviceFileError(source, f"column {clipped(self.name)!r} holds the write pulses' voltage, its sign "
                                          f"the direction, but the conductance falls over its positive pulses (lines "
                                          f"{where[first]}-{where[end - 1]}): which sign potentiates cannot be told "
                                          "from the file; add a direction column (+ potentiating, - depressing) "
                                          "or an operation column (SET / RESET)", where[first])

    def _held(self, directions, voltages, where, source):
        """A write-voltage column beside a direction column: each direction one sign, the other's."""
        signs = {}
        for way, v, line in zip(directions[1:], voltages[1:], where[1:]):
            if v == 0 or np.isnan(v) or signs.setdefault(way, np.sign(v)) != np.sign(v) or signs.get(-way) == np.sign(v):
                raise DeviceFileError(source, f"column {clipped(self.voltage_name)!r} holds the write pulses' "
                                              f"voltage, {v:g} here, which disagrees with column "
                                              f"{clipped(self.name)!r}: expected one sign for each direction "
                                              "(or drop the voltage column)", line)


def direction_column(names, rows, comma):
    """The :class:`DirectionColumn` of a header's `names` over `rows` ((line, cells) of each data row): a
    ``direction`` column, an operation column with an operation word in it (a ``mode`` column of ``read`` and
    ``write`` rows, a ``type`` column of a device's name, stay refused as columns that are no cycle), or a
    write-voltage column whose cells take both signs (after the first row's: the initial state's pulse); a
    write-voltage column beside either of the first two is held to it. An empty DirectionColumn (index None) where
    none."""
    named = next((i for i, n in enumerate(names) if is_direction_column(n)), None)
    kind = "signs" if named is not None else None
    operations = [i for i, n in enumerate(names) if is_operation_column(n)] if named is None else []
    candidates = [i for i, n in enumerate(names) if _write_voltage_name(n)]
    table = [[c.strip() for c in cells] for _, cells in rows] if operations or candidates else []
    steps = ()
    if operations:
        named = next((i for i in operations if any(i < len(c) and c[i].lower() in OPERATIONS for c in table)), None)
        if named is None and (named := next((i for i in operations if _all_steps(i, table)), None)) is not None:
            steps = tuple(dict.fromkeys(c[named] for c in table if named < len(c) and c[named]))  # 'read', 'write'
        kind = None if named is None else "operation"
    voltage = next((i for i in candidates if _signs([c[i] for c in table[1:] if i < len(c)], comma) == {1, -1}),
                   None)
    if named is None and voltage is None and (signed := _signed_column(names, rows)) is not None:
        return DirectionColumn(signed[0], "operation", names[signed[0]], steps=("signs",) + signed[1])
    if named is None and voltage is None:
        return DirectionColumn()
    if named is None:
        return DirectionColumn(voltage, "voltage", names[voltage], voltage, names[voltage])
    return DirectionColumn(named, kind, names[named], voltage, None if voltage is None else names[voltage], steps)


def _signed_column(names, rows):
    """(index, its words) of a column whose name is none a direction column has ('Vorzeichen', 'signo') and whose
    cells are signs or direction words of both directions ('+', '-', 'SET'), not all numbers; or None."""
    table = [[c.strip() for c in cells] for _, cells in rows]
    for i, name in enumerate(names):
        if is_pulse_column(name) or is_time_column(name) or voltage_kind(name) is not None or _has_unit(name):
            continue
        cells = [c[i] for c in table if i < len(c) and c[i]]
        if cells and all(c.lower() in DIRECTIONS for c in cells) and not all(is_number(c) for c in cells) and \
                {DIRECTIONS[c.lower()] for c in cells} >= {1, -1}:
            return i, tuple(dict.fromkeys(cells))
    return None


def _has_unit(name):
    try:
        return value_column(name).unit is not None
    except ValueError:
        return True


def _signs_message(name, words):
    """Why a column of signs under a name that is no direction column's is refused."""
    said = ", ".join(repr(clipped(w)) for w in words[:4])
    return (f"column {clipped(name)!r} holds signs or direction words ({said}), not values: a column of the pulses' "
            "directions is read under a direction column's name ('direction', 'sign', 'polarity', 'Richtung', "
            "'direcci\u00f3n'); rename it so, or drop it")


def _all_steps(index, table):
    """Whether column `index` of `table` holds read and write steps' words and nothing else but empty cells."""
    cells = [c[index].lower() for c in table if index < len(c) and c[index]]
    return {STEPS.get(c) for c in cells} == {"read", "write"}


def _steps_message(name, steps):
    """Why an operation column holding read and write steps' words (`steps`, as written) is refused."""
    words = " and ".join(repr(clipped(w)) for w in steps[:4])
    return (f"column {clipped(name)!r} holds {words} rows, a row for each read and each write pulse, not operations: "
            "expected one row per read, its value the read's; keep only the read rows, and drop the column or give "
            f"each read the operation of the pulse before it ({_EXPECTED_WORDS})")


def _check_directions(directions, where, source):
    if directions[0] != 0:
        raise DeviceFileError(source, "the first read (the initial state) must have no direction (0 or empty)",
                              where[0])
    for d, line in zip(directions[1:], where[1:]):
        if d == 0:
            raise DeviceFileError(source, "only the first row (the initial state) has no direction", line)
    # Which train comes first is the file's role's to say: a depression file's own pulses alone are read, as a
    # potentiation file's are (probe 29a, D29-5); a lone file is held to it by .branches, a pair by files.load_device
