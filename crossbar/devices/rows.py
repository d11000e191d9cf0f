"""The order of a device table's rows: by its pulse-number column, or by its time column.

A pulse column numbers the pulses 0, 1, ..., L-1, each once (:func:`pulse_number`, :func:`pulse_order`); a time
column gives each row its own time (:func:`time_order`). Either may list the rows in any order; after sorting, a
cycle's empty cells must still be at its end (:func:`check_ends`). Every problem is a
:class:`~crossbar.devices.fields.DeviceFileError` naming the file and the line.
"""

from __future__ import annotations

import numpy as np

from . import checks
from .fields import DeviceFileError, parse_number

__all__ = ["MAX_PULSE", "pulse_number", "pulse_order", "time_order", "check_ends"]

#: Pulse numbers from here on are refused: not every whole number above is a float, so two pulses could
#: read as one (pulses 1e19, 2e19, ... were quoted as 4611686018427387904, "appears twice"; probe 5).
MAX_PULSE = 2**53


def pulse_number(text, name, source, line):
    """The whole pulse number >= 0 a pulse cell holds; DeviceFileError naming the line otherwise."""
    p = parse_number(text, source, line, name)
    if p != int(p) or p < 0:
        raise DeviceFileError(source, f"pulse number {checks.clipped(text)} is not a non-negative integer: pulse "
                                      "positions must be whole pulses 0, 1, 2, ...; for a digitised curve, round them "
                                      "to whole pulses, or drop the pulse column to take the rows in file order", line)
    if p >= MAX_PULSE:
        raise DeviceFileError(source, f"pulse number {checks.clipped(text)} is too large; expected whole pulses 0, 1, "
                                      "2, ... (one per row)", line)
    return int(p)


def pulse_order(pulses, where, source):
    """The row order by pulse number; DeviceFileError for duplicates or gaps."""
    first = {}
    for p, line in zip(pulses, where):
        if p in first:
            raise DeviceFileError(source, f"pulse number {p} appears twice (first on line {first[p]})", line)
        first[p] = line
    missing = sorted(set(range(len(pulses))) - set(first))
    if missing:
        raise DeviceFileError(source, "pulse numbers must run 0, 1, ..., L-1 without gaps; missing "
                                      f"{missing[:5]}" + (" ..." if len(missing) > 5 else ""))
    return np.argsort(pulses, kind="stable")


def time_order(times, where, name, source):
    """The row order by time; DeviceFileError for two rows at the same time."""
    order = np.argsort(times, kind="stable")
    ordered = np.asarray(times)[order]
    same = np.flatnonzero(np.diff(ordered) == 0)
    if same.size:
        k = int(same[0])
        raise DeviceFileError(source, f"column '{name}': two rows at the same time {ordered[k]:g} (lines "
                                      f"{where[order[k]]} and {where[order[k + 1]]}); expected one read per time",
                              where[order[k + 1]])
    return order


def check_ends(values, names, value_cols, where, source):
    """After sorting by pulse, a cycle's empty cells must still be at its end."""
    for k, col in enumerate(value_cols):
        empty = np.isnan(values[:, k])
        if empty.any() and not empty[np.argmax(empty):].all():
            line = where[int(np.argmax(empty))]
            raise DeviceFileError(source, f"column '{names[col]}': pulse {int(np.argmax(empty))} has no value but "
                                          "later pulses do; a cycle may only end early", line)
