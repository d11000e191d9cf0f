"""A header of TDMS group/channel paths, as National Instruments' exporters write them: ``Measurement/Time (s)``,
``Measurement/G (uS)``, or TDMS's own ``/'Measurement'/'Time (s)'``, nested groups too (``File/Measurement/G``).

Where every name of a line is a path under one group (the same for all, naming no column) and every channel left
names a column (a pulse, cycle, direction, operation, time or value column), the line is that header without its
group: ``Time (s)`` after the ``/`` was an unknown unit 's' with advice to write siemens (probe 27a, n37). This is
done to the header's line before anything reads it (probe 28a: D28-2, the metadata rows and the units row under it
were read of the grouped names, and D28-1, an operation column kept every name's group). Paths under several
groups are refused naming them (D28-7: each name was then read as a column's, and refused with advice for a unit
or a scale). Names that are no such paths (``G/uS cycle 1``: the part before the ``/`` is a quantity) are left.
"""

from __future__ import annotations

import csv
import io
import re

from .checks import clipped
from .columns import is_cycle_column, names_a_column
from .direction_columns import is_operation_column
from .fields import DeviceFileError
from .unit_names import note_quotients

__all__ = ["ungrouped_header"]

#: How many lines from the top a header of paths is looked for in (metadata rows and notes may stand above it).
_LOOKED_AT = 64
_NUMBER_START = re.compile(r"^\s*[+-]?(\d|\.\d)")


def _parts(name):
    """The segments of a path `name`, each without TDMS's quotes and spaces ("/'Group'/'G (uS)'": Group, G (uS))."""
    segments = [s.strip() for s in name.strip().lstrip("/").split("/")]
    return [s[1:-1].strip() if len(s) > 1 and s[0] == s[-1] == "'" else s for s in segments]


def _channel(name):
    return bool(name) and (names_a_column(name) or is_operation_column(name) or is_cycle_column(name))


def _reads_as_column(name):
    """Whether the loader reads `name` as a column's, not only refuses it as one ('Kanal 2', "a number after
    'Kanal'", is a group's name)."""
    return is_cycle_column(name) or names_a_column(name, refused=False)


def _split(text):
    """(delimiter, cells) of a line split by the first of tab, semicolon, `|` and comma it holds, as a table's
    delimiter is tried (a `|` table's paths were left grouped: probe 30a, D30-2), CSV's quotes read; None where
    that one parts it not, or its quotes do not parse."""
    for delimiter in ("\t", ";", "|", ","):
        if delimiter in text:
            try:
                cells = next(csv.reader([text], delimiter=delimiter))
            except csv.Error:
                return None
            return (delimiter, [c.strip() for c in cells]) if len(cells) > 1 else None
    return None


def _channels(cells, source, line):
    """The channel names of `cells` under their one group, None where they are no group/channel paths; the
    refusal of paths under several groups."""
    while cells and not cells[-1]:  # a spreadsheet's padding after the last name
        cells = cells[:-1]
    if len(cells) < 2 or not all("/" in note_quotients(c, c)[0] for c in cells):
        return None  # 'mA/V', '1/kOhm' are units, no paths ('mA/V' over 'G1' was read as the channel 'V': 31a, D31-5)
    parts = [_parts(c) for c in cells]
    # the group: the longest run of leading segments every name shares, with a channel left after it
    depth = 0
    while all(len(p) > depth + 1 for p in parts) and len({tuple(p[:depth + 1]) for p in parts}) == 1:
        depth += 1
    channels = ["/".join(p[depth:]) for p in parts]
    if depth and all(_channel(c) for c in channels) and not any(_reads_as_column(s) for s in parts[0][:depth]):
        return channels
    groups = list(dict.fromkeys("/".join(p[:-1]) for p in parts))
    if len(groups) > 1 and all(_channel(p[-1]) for p in parts) and not any(_reads_as_column(p[0]) for p in parts):
        shown = ", ".join(repr(clipped(g)) for g in groups[:4]) + (", ..." if len(groups) > 4 else "")
        raise DeviceFileError(source, f"the header's names are group/channel paths of {len(groups)} groups "
                                      f"({shown}), as a TDMS file's export writes them; expected the channels of one "
                                      "group, one device's measurement: export one group, or keep one group's "
                                      "columns", line)
    return None


def ungrouped_header(numbered, source):
    """`numbered` ((line number, text) pairs) with a header line of one group's paths written as its channels'
    names (see the module docstring); DeviceFileError for paths under several groups."""
    for k, (number, text) in enumerate(numbered[:_LOOKED_AT]):
        if _NUMBER_START.match(text):  # the rows: the header is above them
            break
        split = _split(text)
        channels = None if split is None else _channels(split[1], source, number)
        if channels is not None:
            out = io.StringIO()
            csv.writer(out, delimiter=split[0], lineterminator="").writerow(channels)
            return numbered[:k] + [(number, out.getvalue())] + numbered[k + 1:]
    return numbered
