"""The order of a device table's rows: by its pulse-number column, or by its time column.

A pulse column numbers the pulses 0, 1, ..., L-1, each once (:func:`pulse_number`, :func:`pulse_order`); a time
column (``Time [ns]``, ``time_ms``, ``t / s``: :func:`is_time_column`) gives each row its own time
(:func:`time_order`), and beside a pulse column must give the rows the same order (:func:`same_order`). Either may
list the rows in any order; after sorting, a cycle's empty cells must be at its end (:func:`check_ends`; in file
order without either).
Every problem is a :class:`~crossbar.devices.fields.DeviceFileError` naming the file and the line.
"""

from __future__ import annotations

import re

import numpy as np

from . import checks
from .fields import DELIMITER_NAMES, DeviceFileError, is_number, parse_number

__all__ = ["MAX_PULSE", "TIME_UNITS", "is_time_column", "time_name", "pulse_number", "pulse_order", "time_order",
           "same_order", "check_ends", "one_line_problem", "no_header_problem"]

# A time column's name, with its unit in brackets, after a final '_', '/' or 'in' ('Time [ns]', 'time_ms', 'time / s').
# Other languages' word for time too ('Zeit (s)' was refused with "unknown unit 's' ... write 'S'"), as 'Puls' is a
# pulse column's.
_TIME = re.compile(r"^(?P<word>time|t|timestamp|time stamp|(?:elapsed|relative|rel\.?|absolute|abs\.?) time|elapsed|clock"
                   r"|zeit|temps|tiempo|tempo)"
                   r"\s*(?:[\(\[]\s*(?P<bracketed>[^\(\)\[\]]*?)\s*"
                   r"[\)\]]|_(?P<after>[^\s_/\(\)\[\]]+)|(?:/|\bin\b)\s*(?P<spaced>[^\s/\(\)\[\]]+))?$", re.IGNORECASE)
# In any case in brackets or after '_' ('Time (MS)'), as written after '/' or 'in' ('time / S' holds conductances).
_TIME_UNIT = r"[munp\u00b5\u03bc]?s|sec|secs|seconds|min|h"
#: The time units a time column may name, as messages list them.
TIME_UNITS = "s, ms, us, ns, ps, min or h"
# Fullwidth brackets (a CJK keyboard's) are read as brackets.
_BRACKETS = str.maketrans("\uff08\uff09\uff3b\uff3d", "()[]")


def time_name(name):
    """(the unit a time column's name writes or '', whether it is a time unit), or None for no time column's name
    ('T (K)' is a temperature's)."""
    m = _TIME.match(name.strip().translate(_BRACKETS))
    if m is None:
        return None
    unit = m.group("bracketed") or m.group("after") or m.group("spaced") or ""
    if m.group("word").lower() == "t" and unit.lstrip("\u00b0").lower() in ("k", "c", "degc", "f"):
        return None
    case = 0 if m.group("spaced") else re.IGNORECASE
    return unit, not unit or bool(re.fullmatch(_TIME_UNIT, unit, case))


def is_time_column(name):
    """Whether a header name is that of a time column (``Time``, ``t (s)``, ``Time[ns]``, ``time_min``)."""
    named = time_name(name)
    return named is not None and named[1]


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


def pulse_order(pulses, where, source, name, ways=None):
    """The row order by pulse number; DeviceFileError for duplicates or gaps, naming the pulse column `name` and
    the line of the first number past a gap. Numbers 1, ..., L are refused saying so: the first row may be the
    initial state or the read after the first pulse, and either reading shifts the curve by a pulse (probe 24a,
    D24-3). Beside a direction column (`ways`: each row's cell, in file order), pulses numbered within each train
    are read too (:func:`train_order`)."""
    first = {}
    for p, line in zip(pulses, where):
        if p in first:
            order = None if ways is None else train_order(pulses, ways)
            if order is not None:
                return order
            raise DeviceFileError(source, f"pulse number {p} appears twice (first on line {first[p]}){_twice(p, ways)}",
                                  line)
        first[p] = line
    missing = sorted(set(range(len(pulses))) - set(first))
    if missing == [0] and min(first) == 1:
        top = len(pulses)
        raise DeviceFileError(source, f"column '{name}': the pulse numbers start at 1 (1, 2, ..., {top}), not at 0 "
                                      "(the initial state before any pulse); read either way, the curve would "
                                      f"shift by a pulse: if line {first[1]} is the state before any pulse, number "
                                      f"the rows 0, 1, ..., {top - 1}; if it is the read after the first pulse, add "
                                      "the initial read as pulse 0",
                              first[1])
    if missing:
        after = min(p for p in first if p > missing[0])
        raise DeviceFileError(source, f"column '{name}': pulse numbers must run 0, 1, ..., L-1 without gaps; missing "
                                      f"{missing[:5]}" + (" ..." if len(missing) > 5 else "") +
                              f" (this row is pulse {after}){_stride_note(sorted(first))}", first[after])
    return np.argsort(pulses, kind="stable")


def _twice(p, ways):
    """What a pulse number that appears twice asks for (probe 29a, D29-3: the refusal said what, not what to do)."""
    if p != 0:
        return "; expected each pulse once: drop the repeated row, or number the rows on"
    if ways is not None:  # a later train from 0 beside a direction column: pulses count on, or from 1 in each train
        return ("; expected the pulses numbered on through the file (0, 1, ..., n, n+1, ...) or each train's from 1 "
                "after the initial state at 0 (0, 1, ..., n, then 1, ..., m)")
    return ("; several cycles in one column? expected one value column per cycle (G (uS) cycle 1, G (uS) cycle 2), or "
            "a cycle column numbering each row's cycle (long format)")


def _stride_note(pulses):
    """What to add where `pulses` (sorted) step by a constant k > 1 from 0 (a read after every k-th pulse): the step
    of the curve is the change one pulse makes, which such a file does not hold (probe 28a, n7: 219 files told only
    "missing [1, 3, 5, 7, 9]")."""
    steps = set(np.diff(pulses).tolist())
    if pulses[0] != 0 or len(steps) != 1 or min(steps) < 2:
        return ""
    k = steps.pop()
    return (f": the pulses run 0, {k}, {2 * k}, ..., a read every {k} pulses; expected a read after every pulse "
            f"(training gives a device one pulse at a time); to train with {k} pulses as one step, number the reads "
            "0, 1, 2, ...")


def _way(cell):
    """+1, -1 or 0 of a direction column's cell (a sign, a write voltage, or a pair of the two)."""
    return int(np.sign(cell[0] if isinstance(cell, tuple) else cell))


def train_order(pulses, ways):
    """The row order of a two-way table whose pulse numbers start again with each train, else None: in file
    order, runs of rows of one direction, the first (with the initial read, pulse 0, whatever its direction cell
    says) numbered 0, 1, ..., n and each later one 1, ..., n, in any order within a run (probe 27a e3: a
    depression train numbered 1, 2, ... after a potentiation train 0, 1, ... was "pulse number 1 appears twice").
    Rows of a train listed away from it, or a later train numbered from 0, are no such table: the duplicate is
    refused as before."""
    signs = [_way(c) for c in ways]
    runs, start = [], 0
    for k in range(1, len(signs) + 1):
        if k == len(signs) or (signs[k] != signs[k - 1] and not (k == 1 and signs[0] == 0)):
            runs.append(list(range(start, k)))
            start = k
    if len(runs) < 2 or any(signs[k] == 0 for run in runs for k in run if k != 0):
        return None
    order = []
    for r, run in enumerate(runs):
        low = 0 if r == 0 else 1  # the first run holds the initial read, pulse 0
        if sorted(pulses[k] for k in run) != list(range(low, low + len(run))):
            return None
        order += sorted(run, key=lambda k: pulses[k])
    return np.array(order)


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


def same_order(order, times, pulses, where, names, source):
    """DeviceFileError where a time column, beside the pulse column (`names`: theirs) that gave the rows their `order`,
    does not rise from each pulse to the next: one of the two is wrong, and the time column was dropped unread
    (probe 10a, L3). The error names the first row, in pulse order, whose time is not after the one before."""
    ordered = np.asarray(times)[order]
    back = np.flatnonzero(np.diff(ordered) <= 0)
    if back.size:
        k = int(back[0]) + 1
        before, at = where[order[k - 1]], where[order[k]]
        how = f"at the same time {ordered[k]:g} as" if ordered[k] == ordered[k - 1] else \
            f"at time {ordered[k]:g}, before"
        raise DeviceFileError(source, f"columns '{names[0]}' and '{names[1]}' give the rows different orders: pulse "
                                      f"{pulses[order[k]]} (line {at}) is {how} pulse {pulses[order[k - 1]]} (line "
                                      f"{before}) at {ordered[k - 1]:g}; expected the two to give the rows the same "
                                      "order (one of them is wrong): drop one", at)


def check_ends(values, names, value_cols, where, source, order=None):
    """A cycle's empty cells (NaN in `values`, one column per value column) must be at its end, in the rows' order:
    the file's, or after sorting, that of the column `order` (its name, and whether it numbers the pulses). The
    error is on the line of the first value after an empty cell and names the empty cell's line (`where`: the
    rows' lines in the file, in that order)."""
    for k, col in enumerate(value_cols):
        empty = np.isnan(values[:, k])
        first = int(np.argmax(empty))
        later = np.flatnonzero(~empty[first:]) if empty[first] else ()
        if len(later):
            at = first + int(later[0])
            how = "" if order is None else f" in the order of the time column '{order[0]}'" if not order[1] else \
                f" in the order of the column '{order[0]}' (pulse {first}, then pulse {at} here)"
            raise DeviceFileError(source, f"column '{names[col]}': an empty cell on line {where[first]} before this "
                                          f"value{how}; a cycle may only end early (empty cells at the end of its "
                                          "column)", where[at])


def one_line_problem(line):
    """Why a table of one line cannot be read: it is a header with no rows, or (all numbers: MATLAB's writematrix of
    a row vector) a row with no header, which was called a header (probe 25a, D25-1)."""
    cells = [c for c in re.split(r"[,;\t ]+", line.strip()) if c]
    if cells and all(is_number(c) for c in cells):
        return (f"holds one line of {len(cells)} number{'s' if len(cells) > 1 else ''} "
                f"({checks.clipped(line.strip())!r}) and no header: a curve goes down a column, one read per line, "
                "under a header naming its unit, e.g. 'pulse,G (uS)' (a row vector: write its transpose)")
    return "has a header line and no data rows; a curve needs at least 2"


_NUMBER_START = re.compile(r"^[+-]?(\d|\.\d)")


def no_header_problem(names, line, delimiter):
    """Why a table's first `line` (split by `delimiter` into `names`) is no header, or None: its cells are numbers
    (a file with no header), or one starts like a number and is none (a data row with a damaged value). The line is
    quoted as written and its delimiter named, and a decimal comma is a number's where the delimiter is no comma:
    a tab or space line was quoted rewritten with commas ('0,1.0e-7'), '0;1,5' as its cell '1,5' (probe 29a, D29-4)."""
    numbers = [n if delimiter == "," else n.replace(",", ".") for n in names]
    if all(is_number(n) for n in numbers if n):
        how = "" if delimiter == "," else f" ({DELIMITER_NAMES[delimiter]}-separated)"
        return f"expected a header line naming the columns, found numbers {checks.clipped(line.strip())!r}{how}"
    damaged = next((n for n, m in zip(names, numbers) if _NUMBER_START.match(n) and not is_number(m)), None)
    if damaged is None:  # a column is named by words; a first data row with a typo is no header
        return None
    return (f"expected a header line naming the columns, found {damaged!r}, which starts like a number: a data row "
            "with a damaged value, or a file with no header? Name the columns on the first line, e.g. 'G (S)'")
