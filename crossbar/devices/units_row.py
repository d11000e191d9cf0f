"""A row of units under a device table's header, as Origin and some instrument exports write them::

    Pulse,Conductance
    ,uS
    0,1.02

Each unit goes to the name above it (``Conductance (uS)``) and the row is no read. A row is a units row only
where every cell is empty or a unit read under its name (a conductance, current or resistance unit under a value
column, a time unit under a time column, a count's ``(#)``, ``-`` or ``no.`` under a pulse column and a sign's
``(+/-)`` under a direction column, as a name in brackets would say them), at least one is a value column's, and no name above a unit already
names one; anything else stays a row, refused where it holds no number ("expected a number, found 'uS'"), as
before. A second row under it (Origin's comments row) is not read as a header.
"""

from __future__ import annotations

from .columns import is_direction_column, is_pulse_column, is_time_column, value_column
from .fields import is_number
from .rows import time_name

__all__ = ["with_units_row"]


def with_units_row(names, cells):
    """The header `names` with the units `cells`, the row under it, writes (``['G']`` over ``['uS']`` ->
    ``['G (uS)']``), or None where `cells` is no units row."""
    cells = [c.strip() for c in cells]
    if len(cells) != len(names) or not any(cells) or any(is_number(c) for c in cells):
        return None
    merged, valued = [], False
    for name, unit in zip(names, cells):
        if not unit:
            merged.append(name)
            continue
        if unit[:1] + unit[-1:] in ("()", "[]"):  # '(uS)' under 'G' is 'G (uS)', not 'G ((uS))'
            unit = unit[1:-1].strip()
        named = f"{name} ({unit})"
        if not unit or is_pulse_column(name) and is_pulse_column(named) or (
                is_direction_column(name) and is_direction_column(named)):  # '(#)', '-' under 'Pulse', '(+/-)' under
            merged.append(name)  # 'Direction', '[ ]': what a count or a sign's column may say (probe 25a, D25-2)
        elif is_time_column(name) and time_name(name)[0] == "" and is_time_column(named):
            merged.append(named)
        elif is_pulse_column(name) or is_direction_column(name) or is_time_column(name) or not _unit_only(name, named):
            return None
        else:
            merged.append(named)
            valued = True
    return merged if valued else None


def _unit_only(name, named):
    """Whether `named` (`name` with a unit in brackets) reads as a value column in that unit where `name` names
    none."""
    try:
        return value_column(name).unit is None and value_column(named).unit is not None
    except ValueError:
        return False
