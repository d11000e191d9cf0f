"""A row of units under a device table's header, as Origin and some instrument exports write them::

    Pulse,Conductance
    ,uS
    0,1.02

Each unit goes to the name above it (``Conductance (uS)``) and the row is no read. A row is a units row only
where every cell is empty or a unit read under its name (a conductance, current or resistance unit under a value
column, a time unit under a time column, a voltage unit under a read or write voltage's column (``Vread`` over
``V``: probe 27a, D27-2 and D27-4), under a pulse column what says only "a count" or "no unit" (``#``, ``(#)``,
``-``, ``no.``, ``1``, ``[1]``, ``n``, ``pulses``, ``index``, ``count``) and under a direction column what says only
"a sign" (``(+/-)``, ``+/-``, ``±``, ``sign``, ``dir``)), at least one is a value column's, and no name
above a unit already names one; anything else stays a row, refused where it holds no number ("expected a number,
found 'uS'"), as before, and a row that is units but for its pulse, direction or time cell is refused naming that
cell. A second row under it (Origin's comments row) is not read as a header.

A units row written as a note, ``#,uS`` (the ``#`` the pulse column's unit, a spreadsheet's "count"), right under
the header and with the header's number of cells, is read as the units row: the ``#`` there is the pulse column's
unit, not a note's mark (probe 25a, D25-2: such a row was refused as a note naming a unit no column gives).
"""

from __future__ import annotations

import re

from .columns import (is_cycle_column, is_direction_column, is_pulse_column, is_time_column, value_column,
                      voltage_kind)
from .unit_names import voltage_in_brackets
from .fields import DeviceFileError, is_number
from .rows import time_name

__all__ = ["units_row_under", "with_units_row"]

#: A voltage unit in a units row's cell (under a read or write voltage's column)
_VOLTS = re.compile(r"[munk\u00b5\u03bc]?V")
_LAST_BRACKET = re.compile(r"\s*[\(\[][^\(\)\[\]]*[\)\]]\s*$")  # the bracket ending 'G (cycle 1)'
_VOLTS_NAMED = re.compile(r"[\(\[]\s*[munk\u00b5\u03bc]?V\s*[\)\]]\s*$")  # a voltage unit the name writes
#: Words that say only "a count" (or "no unit") under a pulse column, alone or joined by '/' ('#/-').
_COUNT_WORDS = {"#", "-", "1", "n", "no", "nr", "number", "count", "counts", "pulse", "pulses", "index", "idx",
                "a.u", "au"}
#: ... and only "a sign" under a direction column ('+/-', '±', 'sign', 'up/down').
_SIGN_WORDS = {"+", "-", "\u00b1", "+-", "-+", "+1", "-1", "1", "sign", "signs", "dir", "direction", "polarity", "up",
               "down"}


def _says_only(unit, words):
    """Whether the cell `unit` (brackets stripped) says only what `words` may say ('#/-', 'Pulses', 'no.')."""
    parts = [p.strip().rstrip(".").strip() for p in re.split(r"/", unit.lower())]
    return all(p in words for p in parts) if unit.strip() else True


def with_units_row(names, cells, where=None):
    """The header `names` with the units `cells`, the row under it, writes (``['G']`` over ``['uS']`` ->
    ``['G (uS)']``), or None where `cells` is no units row. With `where`, ``(source, line number)``, a row that is
    units but for the cell under the pulse, direction or time column is refused naming that cell."""
    cells = [c.strip() for c in cells]
    if len(cells) != len(names) or not any(cells) or any(
            is_number(c) and not (c.strip("()[] ") == "1" and _counts(n)) for n, c in zip(names, cells)):
        return None  # '1' under a pulse column is a count's "dimensionless", never a read (probe 25a, D25-2)
    merged, valued, odd = [], False, None
    for name, unit in zip(names, cells):
        if not unit:
            merged.append(name)
            continue
        if unit[:1] + unit[-1:] in ("()", "[]"):  # '(uS)' under 'G' is 'G (uS)', not 'G ((uS))'
            unit = unit[1:-1].strip()
        if any(mark in unit for mark in "()[]"):  # 'G (uS)' is a name with its unit: a header under a line
            return None  # ('Sample,SP12' over 'pulse,G (uS)' read as 'SP12 (G (uS))')
        named = f"{name} ({unit})"
        if not unit or is_cycle_column(name) and _says_only(unit, _COUNT_WORDS) or \
                is_pulse_column(name) and (is_pulse_column(named) or _says_only(unit, _COUNT_WORDS)) or (
                is_direction_column(name) and (is_direction_column(named) or _says_only(unit, _SIGN_WORDS))):
            merged.append(name)  # '(#)', 'pulses' under 'Pulse', '(+/-)', 'sign' under 'Direction', '[ ]': what a
        elif is_time_column(name) and time_name(name)[0] == "" and is_time_column(named):  # count or a sign may
            merged.append(named)  # say (probe 25a, D25-2)
        elif is_pulse_column(name) or is_direction_column(name) or is_time_column(name):
            odd = odd or (name, unit)
            merged.append(name)
        elif _VOLTS.fullmatch(unit) and voltage_kind(name) is not None and _no_quantity(name) and \
                _VOLTS_NAMED.search(voltage_in_brackets(name)):  # 'Vread (V)' over 'V': no units row (D27-8), the
            odd = odd or (name, unit)  # cell named, not the next one a write voltage's first row lets by (28a, D28-13)
            merged.append(name)
        elif _VOLTS.fullmatch(unit) and voltage_kind(named) is not None and _no_quantity(name):
            merged.append(named)  # 'Vread' over 'V': the read voltage's column (probe 27a, D27-2), 'Vpulse' over 'V'
        elif not _unit_only(name, named):  # the write pulses' (D27-4), read by the table as when so named
            return None
        else:
            merged.append(named)
            valued = True
    if valued and odd is not None:
        if where is None:
            return None
        kind = "a count ('#', 'pulses') or nothing" if is_pulse_column(odd[0]) else \
            "a sign ('+/-', 'sign') or nothing" if is_direction_column(odd[0]) else \
            "nothing, its name giving its unit" if voltage_kind(odd[0]) else "a time unit ('s', 'ns') or nothing"
        raise DeviceFileError(where[0], f"column {odd[0]!r}: expected a number, found {odd[1]!r} (the row gives the "
                                        f"other columns their units, a units row, but under {odd[0]!r} it may say only "
                                        f"{kind})", where[1])
    return merged if valued else None


def units_row_under(names, numbered, noted, split, source):
    """The header `names` with the units row under it (``numbered[0]``'s line), and that row's line number, or None:
    the table's second row, or a note line right under the header whose cells are units ('#,uS': its '#' says the
    pulse column counts). `split(number, text)` splits a line into cells."""
    below = [row for row in numbered[1:2] + noted if row[0] > numbered[0][0]]
    if not below:
        return None
    number, text = min(below)
    note = text.lstrip().startswith("#")
    united = with_units_row(names, split(number, text), None if note else (source, number))
    return None if united is None else (united, number)


def _counts(name):
    """Whether the column `name` counts (pulses, or a long table's cycles: '#' or '1' under 'cycle' was a note or a
    data row of cycle 1, probe 27a, n44, 94 files)."""
    return is_pulse_column(name) or is_cycle_column(name)


def _no_quantity(name):
    """Whether the header name `name` names no quantity the loader reads as values ('Vread', 'Vset', not 'G')."""
    try:
        return value_column(name).quantity is None
    except ValueError:  # 'Vread' alone "holds voltages"
        return True


def _unit_only(name, named):
    """Whether `named` (`name` with a unit in brackets) reads as a value column in that unit where `name` names
    none: a name whose last bracket is a label ('G (cycle 1)', 'I [ciclo 2]', 'G (1)') names none, the units row
    giving it (probe 29a, D29-1: it was refused as "unknown unit 'cycle 1'", 'G cycle 1' over 'uS' read)."""
    try:
        return _bare(name) and value_column(named).unit is not None
    except ValueError:
        return False


def _bare(name):
    """Whether the column `name` reads as a value column naming no unit, or would without the bracket ending it
    ('G (cycle 1)', refused as an unknown unit where none is written). The units row's unit then follows that
    bracket, which the name with it reads as any bracket before a unit: a label or a word, not a unit spelled in
    another case or of another quantity ('G (KOhm)', 'G (V)' over 'uS' stay refused)."""
    try:
        return value_column(name).unit is None
    except ValueError:
        label = _LAST_BRACKET.search(name)
        return label is not None and _bare(name[:label.start()])
