"""A time column's cells written as clock times (``10:00:02``) or dates and times (``2024-05-01T10:00:02``), as
instrument software stamps each read.

They were refused as "expected a number, found '10:00:00'" (probe 25a, set n1). They are read as seconds and order
the rows as a time column of numbers does (rows.py). A date and time in ISO 8601 (``2024-05-01T10:00:02``,
``2024-05-01 10:00:02``, a ``Z`` or ``+02:00`` zone) is a point in time: the rows are ordered by it as by seconds.
A clock time alone names no day: one that goes back (``23:59:59`` then ``00:00:01``) may have passed midnight, and
ordering the rows by it would move the reads after midnight to the front, so clock times must rise row by row;
one that goes back is refused naming both lines. One column holds one form: numbers, clock times and dates are not
mixed. A date in another order (``05/01/2024``: May or January?) is no time read here, as before.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from .checks import clipped
from .fields import DeviceFileError, parse_number

__all__ = ["TimeCells"]

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?$")
_FORMS = {"number": "a number", "clock": "a clock time", "date": "a date and time"}


class TimeCells:
    """The cells of one time column, read one row at a time into seconds (:meth:`read`)."""

    def __init__(self, name):
        self.name = name
        self.first = None  # (form, line, text) of the first cell
        self.last = None  # (seconds, line, text) of the last clock time

    def read(self, text, source, line):
        """The seconds a cell writes: a number as written, a clock time's since midnight, a date's since 1970 (UTC
        where it names no zone); DeviceFileError naming the line and column for a cell of no time, a form that
        differs from the first cell's, a clock time that does not rise."""
        cell = text.strip()
        form = "clock" if _CLOCK.match(cell) else "date" if _ISO.match(cell) else "number"
        value = parse_number(text, source, line, self.name) if form == "number" else None  # no time: as before
        if self.first is not None and form != self.first[0]:
            raise DeviceFileError(source, f"column {clipped(self.name)!r}: {clipped(cell)!r} is {_FORMS[form]}, but "
                                          f"line {self.first[1]} writes {_FORMS[self.first[0]]} "
                                          f"({clipped(self.first[2])!r}); expected one form in a time column", line)
        if self.first is None:
            self.first = (form, line, cell)
        if form == "number":
            return value
        if form == "date":
            return self._date(cell, source, line)
        hours, minutes, seconds = _CLOCK.match(cell).groups()
        if int(hours) > 23 or int(minutes) > 59 or float(seconds) >= 60:
            raise DeviceFileError(source, f"column {clipped(self.name)!r}: {cell!r} is no clock time; expected "
                                          "hours 0-23, minutes and seconds 0-59 (hh:mm:ss)", line)
        value = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
        if self.last is not None and value <= self.last[0]:
            raise DeviceFileError(source, f"column {clipped(self.name)!r}: the clock time {cell} is not after "
                                          f"{self.last[2]} on line {self.last[1]}; clock times name no day, so rows "
                                          "are not reordered by them: expected them to rise row by row (past "
                                          "midnight, write the date too, e.g. 2024-05-01T00:00:01, or seconds)", line)
        self.last = (value, line, cell)
        return value

    def _date(self, cell, source, line):
        try:
            stamp = datetime.fromisoformat(cell.replace("Z", "+00:00"))
        except ValueError:
            raise DeviceFileError(source, f"column {clipped(self.name)!r}: {cell!r} is no date and time; expected "
                                          "e.g. 2024-05-01T10:00:00", line) from None
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=timezone.utc)
        return stamp.timestamp()
