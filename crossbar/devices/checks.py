"""Checks on what a device or offset file holds, before its numbers are trusted.

* :func:`read_capped`: the bytes of a regular file of at most :data:`MAX_FILE_BYTES`;
  devices, FIFOs, sockets and directories are refused before they are opened for reading.
* :func:`check_last_line`: a file that ends without a line break may have been cut inside
  its last number (``2.199840539503749E+0`` reads as 2.2 Ohm instead of 2.2 MOhm); its last
  line must then be written exactly like the rows before it.
* :data:`CONDUCTANCE_RANGE`: the physical range every conductance must lie in, whether read
  from a file or made by training (1e-15 ... 1 S, a resistance of 1 Ohm ... 1 POhm), and
  :func:`outside_range`, the one test of it.
* :func:`direction_problem` (from :mod:`.direction`): a potentiation branch that does not rise, a
  depression branch that does not fall (in time order), within its noise.
* :func:`find_outlier`: a single point orders of magnitude away from its neighbours.
* :func:`find_spike` (from :mod:`.spikes`, the one rule of what a glitch is): one to four neighbouring points half
  a decade or more above or below both neighbours (or one or two at the end of the curve, above or below the point
  before), in a curve whose typical step is far smaller; a longer inner run, when more than two decades
  (:data:`OUTLIER_DECADES`) off both.
* :func:`find_restart` (from :mod:`.restarts`): a branch that jumps back to where it started and goes its way
  again, or falls back to its first read and repeats its first reads whatever its steepness, or their shape scaled,
  or, after a cycle that levels off, rises anew in any shape that is no dropout, or holds whole copies of its first
  cycle (several cycles one after the other, the later one of another window or shape).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import numpy as np

from ..numbers import QUOTE_CHARS, clipped  # noqa: F401 (quoted by the readers through checks)
from ..resources import format_bytes
from .direction import DIRECTION_NOISE, DIRECTION_SHARE, direction_problem, transposed_problem  # noqa: F401
from .restarts import (RESTART_CLIMB, RESTART_COPY, RESTART_CYCLE, RESTART_HIGHER, RESTART_LAND,  # noqa: F401
                       RESTART_ON, RESTART_REPEAT, RESTART_SHARE, RESTART_SLOW, RESTART_STEEP, RESTART_STEPS,
                       _find_restart, _repeats, _repeats_shifted, _repeats_whole, find_restart, restart_message)
from .spikes import (OUTLIER_DECADES, SPIKE_DECADES, SPIKE_RUN, SPIKE_RUN_END, SPIKE_STEPS,  # noqa: F401
                     find_spike, spike_message, spike_runs)

__all__ = ["MAX_FILE_BYTES", "CONDUCTANCE_RANGE", "OUTLIER_DECADES", "read_capped", "number_format",
           "check_last_line", "direction_problem", "transposed_problem", "DIRECTION_SHARE", "DIRECTION_NOISE", "find_outlier", "outlier_message", "find_spike",
           "spike_message", "SPIKE_DECADES", "SPIKE_STEPS", "SPIKE_RUN", "SPIKE_RUN_END", "outside_range", "range_text",
           "find_restart", "restart_message", "RESTART_STEPS", "RESTART_SHARE", "RESTART_LAND",
           "RESTART_HIGHER", "RESTART_SLOW", "RESTART_STEEP", "RESTART_CLIMB", "RESTART_REPEAT", "RESTART_CYCLE", "RESTART_ON", "RESTART_COPY",
           "CYCLE_LEVEL_FACTOR", "odd_cycle", "write_whole", "file_to_write", "clipped", "QUOTE_CHARS"]

#: Device and offset files larger than this are refused (a 1000-pulse instrument file is about 200 KiB).
MAX_FILE_BYTES = 64 * 2**20
#: Every conductance must lie in this range, S (a resistance from 1 Ohm to 1 POhm): a device file's,
#: and every conductance training makes from a curve, a gain, offsets and noise.
CONDUCTANCE_RANGE = (1e-15, 1.0)


def outside_range(g):
    """Elementwise: whether conductance `g` (S) lies outside :data:`CONDUCTANCE_RANGE`; NaN does."""
    g = np.asarray(g, dtype=np.float64)
    lo, hi = CONDUCTANCE_RANGE
    return ~((g >= lo) & (g <= hi))


def range_text():
    """The physical range as a message names it: '1e-15 ... 1 S'."""
    return f"{CONDUCTANCE_RANGE[0]:g} ... {CONDUCTANCE_RANGE[1]:g} S"


_KINDS = ((stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
          (stat.S_ISFIFO, "FIFO (named pipe)"), (stat.S_ISSOCK, "socket"))


def file_to_write(path, name="path"):
    """`path` as the Path of a file to write, or TypeError / ValueError naming `name` for what no file
    path can be (3, a directory, 'sub/'), or what the rename that writes it would replace rather than write: a
    symbolic link (its target was left unwritten), a FIFO, a device or a socket (a writer as root replaced /dev/full
    with a regular file: probe 31c, C31-18)."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a file path (str or Path), got {type(path).__name__}")
    text = os.fsdecode(os.fspath(path))
    path = Path(path)
    if not path.name or path.is_dir() or text.endswith(("/", os.sep)):
        raise ValueError(f"{name} {text!r} is a directory: expected the path of the file to write")
    if path.is_symlink():
        raise ValueError(f"{name} {text!r} is a symbolic link: writing replaces the link, not its target; expected "
                         "the path of the file itself")
    if path.exists() and not path.is_file():
        raise ValueError(f"{name} {text!r} is no regular file (a FIFO, a device or a socket): expected the path of "
                         "a file to write, which is replaced whole")
    return path


def write_whole(path, data, name="path"):
    """Write bytes `data` to `path` whole or not at all (a temporary file beside it, then renamed):
    the writers' counterpart of :func:`read_capped`. TypeError / ValueError naming `name` for a
    path that is no file path, a directory or cannot be written, rather than a raw OSError."""
    path = file_to_write(path, name)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        if tmp.is_file():
            tmp.unlink()
        raise ValueError(f"{name} {str(path)!r} cannot be written ({exc.strerror or exc})") from None
    return path


def read_capped(path, fail, what="device file", limit=MAX_FILE_BYTES):
    """The bytes of the regular file `path`, at most `limit` of them.

    `fail(message)` builds the exception raised for a missing, special (device, FIFO,
    socket), directory or oversized file; the message does not repeat the path.
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise fail("no such file") from None
    except (OSError, ValueError) as exc:
        raise fail(f"cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    _check_kind(info.st_mode, fail, what)
    if info.st_size > limit:
        raise fail(f"is {info.st_size:,} bytes ({format_bytes(info.st_size)}), more than the {limit:,} bytes "
                   f"({format_bytes(limit)}) a {what} may have")
    try:
        # O_NONBLOCK: were the file swapped for a FIFO after the check, opening it does not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as fh:
            opened = os.fstat(fh.fileno())
            _check_kind(opened.st_mode, fail, what)
            # as many bytes as the file has (read(limit + 1) took a 64 MiB buffer for every file: under a low
            # 'ulimit -v' a 2 kB device file ran out of memory, probe 27c, C27-7), then on to the limit if it grew
            data = fh.read(min(opened.st_size, limit) + 1)
            if len(data) > opened.st_size:
                data += fh.read(limit + 1 - len(data))
    except IsADirectoryError:
        raise fail(f"is a directory, expected a {what}") from None
    except OSError as exc:
        raise fail(f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise fail(f"is more than the {limit:,} bytes ({format_bytes(limit)}) a {what} may have")
    return data


def _check_kind(mode, fail, what):
    if stat.S_ISDIR(mode):
        raise fail(f"is a directory, expected a {what}")
    for test, kind in _KINDS:
        if test(mode):
            raise fail(f"is a {kind}, not a regular file; expected a {what}")
    if not stat.S_ISREG(mode):
        raise fail(f"is not a regular file; expected a {what}")


_DECIMAL = re.compile(r"^[+-]?(\d*)(?:\.(\d*))?(?:([eEdD])[+-]?(\d*))?$")


def number_format(text):
    """How a number is written: ('e', exponent digits), ('f', fraction digits), ('i', digits) or None.

    Two numbers written by the same format string (``%.6E``, ``repr``, ``%.3f``) have the
    same format; a cut inside the last one changes it (it loses its exponent, or digits).
    """
    m = _DECIMAL.match(text.strip())
    if m is None:
        return None
    whole, fraction, e, exponent = m.groups()
    if e:
        return ("e", len(exponent))
    if fraction is not None:
        return ("f", len(fraction))
    return ("i", len(whole))


def check_last_line(previous, last, columns, fail):
    """Refuse an unterminated last line whose numbers are not written like the earlier rows.

    Parameters
    ----------
    previous : list of list of str
        Fields of the earlier rows of the same kind (e.g. every earlier read row).
    last : list of str
        Fields of the last line.
    columns : dict of int -> str
        The columns the loader uses, index -> name. Only the last field of the line is
        compared: a cut inside any other field leaves the line short of fields, which the
        loader refuses anyway.
    fail : callable
        ``fail(message)`` builds the exception.
    """
    for j, name in columns.items():
        if j != len(last) - 1:
            continue
        seen = {number_format(row[j]) for row in previous if j < len(row)}
        mine = number_format(last[j])
        if len(seen) == 1 and mine in seen:
            continue
        if len(seen) == 1:
            before = next(row[j].strip() for row in reversed(previous) if j < len(row))
            raise fail(f"column '{name}': the file ends without a line break and its last value "
                       f"{last[j].strip()!r} is not written like the rows before it (e.g. {before!r}); "
                       "the file looks cut short")
        raise fail(f"column '{name}': the file ends without a line break and the rows do not write "
                   "their numbers in one format, so a cut inside the last value cannot be ruled out; "
                   "end the file with a line break if it is complete")


def find_outlier(g, decades=OUTLIER_DECADES):
    """Index of the first point more than `decades` decades from each of its neighbours, or None.

    An inner point is an outlier when it lies that far above both neighbours or below both
    (a step, where the neighbours differ from each other, is not); the first and the last
    point have one neighbour only.
    """
    lg = np.log10(np.asarray(g, dtype=np.float64))
    if lg.size < 2:
        return None
    d = np.diff(lg)  # lg[i+1] - lg[i]
    if abs(d[0]) > decades:
        # the first point, unless it is the second that is off: it then differs from its other neighbour too, or
        # lies further from it than the first does (a glitch at pulse 1 was blamed on pulse 0: probe 31a, D31-16)
        if lg.size == 2:
            return 0
        if not (abs(d[1]) > decades and np.sign(d[1]) != np.sign(d[0])):
            return 1 if abs(lg[2] - lg[0]) < abs(lg[2] - lg[1]) else 0
    inner = ((d[:-1] > decades) & (d[1:] < -decades)) | ((d[:-1] < -decades) & (d[1:] > decades))
    hits = np.flatnonzero(inner)
    if hits.size:
        return int(hits[0]) + 1
    if abs(d[-1]) > decades:
        return lg.size - 2 if lg.size > 2 and abs(lg[-3] - lg[-1]) < abs(lg[-3] - lg[-2]) else lg.size - 1
    return None


def outlier_message(g, i, decades=OUTLIER_DECADES):
    """The error message for outlier `i` of curve `g`."""
    neighbours = [g[j] for j in (i - 1, i + 1) if 0 <= j < len(g)]
    ratio = min(max(g[i] / n, n / g[i]) for n in neighbours)
    if ratio <= 10 ** decades:  # pulse 1 (or the last but one) off the end's point, nearer the one on its other side
        end, other = (i - 1, i + 1) if i == 1 else (i + 1, i - 1)
        return (f"conductance {g[i]:.4g} S (pulse {i}) is {max(g[i] / g[end], g[end] / g[i]):.3g} times off pulse "
                f"{end}'s {g[end]:.4g} S, more than {10 ** decades:g} times, where pulse {other}'s {g[other]:.4g} S "
                f"is within {max(g[other] / g[end], g[end] / g[other]):.3g} times of pulse {end}'s: a damaged value "
                "or a glitch? Pass allow_outliers=True (--allow-outliers) to accept it")
    around = " and ".join(f"{n:.4g} S" for n in neighbours)
    return (f"conductance {g[i]:.4g} S (pulse {i}) is at least {ratio:.3g} times off its neighbour"
            f"{'s' if len(neighbours) > 1 else ''} {around}, more than {10 ** decades:g} times: a damaged "
            "value or a glitch? Pass allow_outliers=True (--allow-outliers) to accept it")


#: Cycles of one device whose typical conductances differ by more than this factor are not cycles
#: of the same measurement: a column in another unit, or of another quantity, averaged in by the median.
CYCLE_LEVEL_FACTOR = 10.0


def odd_cycle(cycles, factor=CYCLE_LEVEL_FACTOR):
    """(k, its median, the others' median) of the cycle whose median conductance is furthest, by
    ratio, from the median of the other cycles' medians, if that is more than `factor`; else None."""
    if len(cycles) < 2:
        return None
    levels = np.array([np.median(np.asarray(c, dtype=np.float64)) for c in cycles])
    others = np.array([np.median(np.delete(levels, k)) for k in range(levels.size)])
    spread = np.abs(np.log(levels / others))
    k = int(np.argmax(spread[::-1]))  # the last of equally odd cycles: with two, the second
    k = levels.size - 1 - k
    if spread[k] <= np.log(factor):
        return None
    return k, float(levels[k]), float(others[k])
