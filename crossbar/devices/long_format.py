"""Tables in long format: one row per cycle and pulse, a column numbering the cycles (``cycle,pulse,G (uS)``).

Each cycle's rows are read as that cycle, exactly as if the file were written wide with one ``G (uS) cycle K``
column per cycle (probe 24a, n2: it was refused with a pandas pivot recipe, and that recipe's output loads alike):

* one column numbers the cycles (:func:`.columns.is_cycle_column`: ``cycle``, ``Cycle #``, ``run``, ``sweep`` ...)
  beside exactly one value column and optional pulse, time and direction columns, and columns of a read or write
  voltage or an operation (SET/RESET), which each cycle's table reads as a wide table does (probe 27a, D27-1: a
  ``Vread (V)`` column was taken for the values, and the file refused with a recipe to pivot the voltages). Several value columns (or cycle
  columns) stay refused by :func:`.cycle_marks.layout_problem`: which value is which cycle's is not in the file;
* a column beside them that names no values ('ok' of yes/no marking bad cycles, 'comment', 'T (K)'), beside the one
  that does, is refused naming it, to drop it after deleting the rows it marks (probe 30a, D30-6: the table was
  told to be pivoted; read without it, the rows it marks would be read);
* a cycle's rows after its last value, of no value (empty, ``NaN``, ``#N/A``, as pandas' ``melt`` of a wide table
  whose cycles end early writes them), are dropped, as a wide table's empty cells after a cycle's end are (probe 30a,
  D30-9); such a row before a value stays refused;
* a cycle number is a whole number >= 0 (``2``, ``2.0``); another cell, or none, is refused naming its line;
* a cycle's rows may stand anywhere (cycles in any order, blocks or interleaved): each cycle is its rows, in its
  pulse (or time) column's order, in file order without one. Its pulse numbers run 0, 1, ... within the cycle (the
  rule of a wide table's pulse column, whose every value column starts at pulse 0);
* each cycle is read by the table reader as a one-value-column table of its own, its lines kept, so every rule of a
  table applies to it (units, notes, read voltage, pulse and time order, a cut last row); its refusals name the
  cycle and the line;
* the cycles are named ``<value column> cycle K`` with K the file's number, so ``cycle=K`` (``--cycle K``) takes the
  cycle numbered K (from 0 where 0 is among them), as for a wide table's names; cycles of different lengths are a
  wide table's ragged cycles;
* a direction column (two-way long format): a wide table's cycles share its one direction column, so every cycle's
  directions must be those of the longest, up to its length; other directions are refused naming the first line;
* refused: a cycle of one row (no curve; a column with a new number on every row numbers the reads, not cycles).
"""

from __future__ import annotations

import csv
import io
import math
import re

from .checks import clipped
from .columns import (is_cycle_column, is_direction_column, is_pulse_column, is_time_column, value_column,
                      voltage_kind)
from .cycle_names import LongCycle, named_cycles
from .direction_columns import is_operation_column
from .fields import DELIMITER_NAMES, SEP_LINE, DeviceFileError, as_float, is_number

__all__ = ["long_cycles", "read_long"]

#: A whole number written with a decimal comma ('2,0'), as a semicolon or tab table of decimal commas writes one
_DECIMAL_COMMA_WHOLE = re.compile(r"(?P<whole>\d+),(?P<zeros>0+)")


def _joined(cells, delimiter):
    """A row of `cells` written back with the file's delimiter (a tab for whitespace), quoted where csv must."""
    mark = delimiter or "\t"
    if any(mark in c or '"' in c for c in cells):
        out = io.StringIO()
        csv.writer(out, delimiter=mark, lineterminator="").writerow(cells)
        return out.getvalue()
    return mark.join(cells)


def _cycle_number(text, name, source, line, delimiter):
    cell = text.strip()
    if delimiter != "," and (comma := _DECIMAL_COMMA_WHOLE.fullmatch(cell)):  # '1,0' in a decimal-comma file
        if len(comma["zeros"]) == 3:  # '1,000': 1 with a decimal comma, 1000 with a thousands separator
            raise DeviceFileError(source, f"column {clipped(name)!r} numbers the cycles (long format): {cell!r} may "
                                          f"be {comma['whole']} with a decimal comma or {comma['whole']}000 with a "
                                          f"thousands separator; expected plain whole numbers: write "
                                          f"{comma['whole']} or {comma['whole']}000", line)
        cell = comma["whole"]
    number = as_float(cell) if is_number(cell) else math.nan
    if not (math.isfinite(number) and number == int(number) and 0 <= number < 2**53):
        raise DeviceFileError(source, f"column {clipped(name)!r} numbers the cycles (long format): "
                                      f"{repr(clipped(cell)) if cell else 'an empty cell'} is no cycle number; "
                                      "expected a whole "
                                      "number >= 0 on every row (1, 2, 3, ...)", line)
    return int(number)


def _valued(name):
    """Whether the column `name` names values as a value column does: a quantity or its unit ('G (uS)', 'I')."""
    try:
        column = value_column(name)
    except ValueError:  # 'T (K)': a unit of no value's quantity
        return False
    return column.quantity is not None or column.unit is not None


def _extra_columns(names, cycle, values):
    """The refusal of a long table's columns beside its one value column that are none of the columns read beside it
    ('cycle,pulse,G (uS),ok': an 'ok' column marking bad cycles, a 'comment', 'T (K)'), or None: such a table was
    refused with a recipe to pivot it, the column unnamed (probe 30a, D30-6). Reading it without them would keep
    the rows they mark."""
    valued = [k for k in values if _valued(names[k])]
    extra = [k for k in values if k not in valued]
    if len(valued) != 1 or not extra:
        return None
    shown = ", ".join(repr(clipped(names[k])) for k in extra[:3]) + (", ..." if len(extra) > 3 else "")
    numbers = ", ".join(str(k + 1) for k in extra[:3]) + (", ..." if len(extra) > 3 else "")
    one = len(extra) == 1
    return (f"{'column' if one else 'columns'} {shown} ({'column' if one else 'columns'} {numbers}) "
            f"{'is no column' if one else 'are no columns'} a table in long format reads: column "
            f"{clipped(names[cycle])!r} numbers the cycles, column {clipped(names[valued[0]])!r} holds their values, "
            "and beside them only a pulse, time, direction, operation or voltage column is read; expected no other "
            f"column: drop {'it' if one else 'them'} (first deleting the rows {'it marks' if one else 'they mark'} to "
            "leave out, such as a bad cycle's, if any)")


def _unpadded(group, value, missing):
    """The rows `group` ((line, cells) in file order) of one cycle without those after its last value, whose value
    cell is `missing` (empty, NaN, #N/A): pandas' melt of a wide table whose cycles end early writes them (probe 30a,
    D30-9: refused as "a row without any value" where the wide twin loads). A cycle of no value keeps its rows."""
    end = max((i for i, (_, cells) in enumerate(group) if cells[value].strip().lower() not in missing), default=None)
    return group if end is None else group[:end + 1]


def long_cycles(lines, numbered, delimiter, names, units_line, split, source, missing=frozenset()):
    """The cycles of a table in long format, or None where the header is not one (see the module docstring).

    `lines`: the file's lines; `numbered`: (line, text) of its header and rows (notes dropped); `units_line`: the
    line of a units row under the header, or None; `split(text, delimiter, source, line)`: the table's cells;
    `missing`: the value cells of no read, in lower case (a cycle's rows after its last value are dropped).
    Returns (cycle column, [(K, {line: text} of a table of cycle K's rows only, its rows' lines)], the units row's
    line or None).
    """
    if any(not n or n.startswith("Unnamed: ") for n in names):
        return None
    counters = [k for k, n in enumerate(names) if is_cycle_column(n)]
    values = [k for k, n in enumerate(names) if k not in counters and not (
        is_pulse_column(n) or is_direction_column(n) or is_time_column(n) or is_operation_column(n)
        or voltage_kind(n) is not None)]  # a read or write voltage's column: each cycle's table reads it (D27-1)
    if len(counters) == 1 and (extra := _extra_columns(names, counters[0], values)) is not None:
        raise DeviceFileError(source, extra, numbered[0][0])
    if len(counters) != 1 or len(values) != 1:
        return None
    c, name, width = counters[0], names[counters[0]], len(names)
    groups = {}
    for number, text in numbered[1:]:
        cells = split(text, delimiter, source, number)
        if len(cells) != width:
            raise DeviceFileError(source, f"expected {width} field(s) as in the header, found {len(cells)}: a table "
                                          f"in long format (column {clipped(name)!r} numbers the cycles) has every "
                                          "cell of a row", number)
        groups.setdefault(_cycle_number(cells[c], name, source, number, delimiter), []).append((number, cells))
    rows = len(numbered) - 1
    if len(groups) == rows:
        shown = ", ".join(str(k) for k in list(groups)[:3])
        raise DeviceFileError(source, f"column {clipped(name)!r} holds a new number on every row ({shown}, ...): a "
                                      "cycle of one read is no curve, so it numbers the reads, not cycles; if the "
                                      "rows are one cycle, name it 'pulse' (numbered from 0, the initial state) or "
                                      "drop it", numbered[1][0])
    groups = {k: _unpadded(group, values[0], missing) for k, group in groups.items()}
    single = next((k for k, group in groups.items() if len(group) == 1), None)
    if single is not None:
        raise DeviceFileError(source, f"cycle {single} (column {clipped(name)!r}) has one row: a cycle needs at least "
                                      "2 reads; expected each cycle's reads on rows of its number",
                              groups[single][0][0])
    pulse = next((k for k, n in enumerate(names) if is_pulse_column(n)), None)
    for k, group in (groups.items() if pulse is not None else ()):  # numbered on from the cycle before (0 ... 9, 10)
        starts = [(as_float(cells[pulse]), number) for number, cells in group if is_number(cells[pulse].strip())]
        first, number = min(starts, default=(0.0, None))
        if first > 1:
            raise DeviceFileError(source, f"cycle {k} (column {clipped(name)!r}) starts at pulse {first:g} (column "
                                          f"{clipped(names[pulse])!r}): in long format each cycle's pulses are "
                                          "numbered from 0, its initial state; expected 0, 1, ... in every cycle",
                                  number)
    taken = {number for number, _ in numbered[1:]} | {units_line}  # a units row's units are in `names`: dropped
    base = {n: text for n, text in enumerate(lines, start=1) if text.strip() and n not in taken}  # notes, 'sep=;'
    base[numbered[0][0]] = _joined(names[:c] + names[c + 1:], delimiter)  # the header as read, without the column
    if len(names) == 2 and delimiter in (";", "\t") and not any(SEP_LINE.fullmatch(t.strip()) for t in base.values()):
        base[0] = f"sep={delimiter}"  # one column left keeps no delimiter: '1,00' would be read as two cells
    cycles = []
    for k in sorted(groups):  # each cycle a table of its own lines, {line: text}, in the file's order
        sub = {**base, **{number: _joined(cells[:c] + cells[c + 1:], delimiter) for number, cells in groups[k]}}
        cycles.append((k, dict(sorted(sub.items())), [number for number, _ in groups[k]]))
    return c, cycles, units_line


def read_long(found, names, delimiter, parse, source):
    """The parts of the table `found` by :func:`long_cycles`: (cycles, directions, lines per cycle, metadata, value
    column names). `parse(lines, last)` reads one cycle's table (`last`: whether it holds the file's last row)."""
    c, cycles, units_line = found
    end = max(max(rows) for _, _, rows in cycles)
    tables = []
    for k, sub, rows in cycles:
        try:
            tables.append(parse(sub, end in rows))
        except DeviceFileError as exc:
            if exc.line not in rows:
                raise
            raise type(exc)(f"{source} (cycle {k})", exc.message, exc.line) from None
    value = tables[0].names[0]
    unit = value_column(value).unit  # 'I_uA cycle 1' names no unit read: 'I (uA) cycle 1' (probe 31a, D31-9)
    value = re.sub(rf"[\s_]*{re.escape(unit)}$", f" ({unit})", value) if unit and value.endswith("_" + unit) else value
    labels = [k for k, _, _ in cycles]
    given = [f"{value} cycle {k}" for k in labels]
    numbers = named_cycles(given)
    if numbers is not None and list(numbers) != labels:  # a name the cycle word cannot follow ('G2 (uS)')
        given = [f"cycle {k}" for k in labels]
    given = [LongCycle(name, names[c]) for name in given]  # --cycle K refused in the file's words (28a, D28-14)
    directions = None
    if any(t.directions is not None for t in tables):
        at = max(range(len(tables)), key=lambda i: len(tables[i].directions))
        longest, theirs = tables[at], labels[at]
        directions = longest.directions
        for k, t in zip(labels, tables):
            m = next((m for m, d in enumerate(t.directions) if d != directions[m]), None)
            if m is not None:
                raise DeviceFileError(f"{source} (cycle {k})", f"the direction of pulse {m} differs from cycle "
                                                               f"{theirs}'s (line {longest.lines[m]}): a table's "
                                                               "cycles share one pulse protocol; expected the same "
                                                               "directions in every cycle, or one file per protocol",
                                      t.lines[m])
    meta = dict(tables[0].metadata)
    shown = ", ".join(map(str, labels[:6])) + (", ..." if len(labels) > 6 else "")
    meta.update(columns=list(names), cycles=len(tables), layout=f"long format: one row per cycle and pulse, the "
                f"cycles numbered by column {names[c]!r} ({shown})")
    if units_line is not None:
        meta["units"] = f"from the row under the header (line {units_line})"
    meta["delimiter"] = DELIMITER_NAMES[delimiter]
    return ([t.cycles[0] for t in tables], directions, [t.lines[:t.cycles[0].size] for t in tables], meta, given)
