"""The lab's own output streams (scripts/lab.py): a standard output it cannot write (closed, ``>&-``; full,
``> /dev/full``) is one ``lab:`` line and status 2, as the command line says for the same streams
(crossbar/cli/guard.py), and a standard error it cannot write changes no status (probe 22c, C22-1). A standard
error that is closed, where Jupyter logs the URL to open with its token, is status 2 and no server (probe 25c,
C25-4); its line goes where every refusal goes, never to standard output (C22-1)."""

from __future__ import annotations

import os
import sys


def stdout_problem(what):
    """Why standard output cannot take `what` (closed: ``>&-``; full: ``> /dev/full``; read-only), or None: as the
    command line says (crossbar/cli/guard.py). A write of no bytes asks the device without writing anything; a full
    disk behind a file is seen only at the write (:func:`say`). Probe 22c, C22-1: a traceback and status 1, or
    nothing and status 0."""
    if sys.stdout is None or getattr(sys.stdout, "closed", False) is True:  # fd 1 closed when Python started:
        # print() writes nowhere, without a word; or a configuration file Jupyter ran closed it (probe 24c, C24-1)
        return f"standard output is closed, so {what} would be lost; redirect it to a file instead of closing it"
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):  # no descriptor (a stream in memory): nothing to ask
        return None
    try:
        os.write(descriptor, b"")
    except OSError as exc:
        return f"standard output: {exc.strerror or exc}; {what} cannot be shown"
    return None


def stderr_problem(what):
    """Why standard error, where Jupyter logs `what`, cannot take it (closed: ``2>&-``, or by a configuration file
    Jupyter ran), or None. The lab served and said to open the URL printed below, which never came (probe 25c,
    C25-4). ``2>/dev/null`` is the user's choice, and passes."""
    stream = sys.stderr._stream if isinstance(sys.stderr, Stderr) else sys.stderr
    if stream is None or getattr(sys.stderr, "closed_at_start", False) or getattr(stream, "closed", False) is True:
        return f"standard error is closed, so {what} would be lost; redirect it to a file instead of closing it"
    return None


def _quiet(stream=None):
    """Point stdout (or `stream`) at /dev/null, so that flushing what it still holds at exit raises nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, (stream or sys.stdout).fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


class Stderr:
    """sys.stderr that drops what it cannot write (2>/dev/full, 2>&-), so that the status stays the line's, 2 for a
    refusal, as the command line's does: `lab.py --frobnicate 2>/dev/full` was print()'s OSError and status 1, and
    with stderr closed print(file=None) wrote the line to stdout (probe 22c, C22-1)."""

    def __init__(self, stream):
        self.closed_at_start = stream is None  # fd 2 closed when Python started
        self._stream = stream if stream is not None else open(os.devnull, "w")

    def write(self, text):
        try:
            return self._stream.write(text)
        except (OSError, ValueError):
            _quiet(self._stream)
            return len(text)

    def flush(self):
        try:
            self._stream.flush()
        except (OSError, ValueError):
            _quiet(self._stream)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def say(text, what):
    """Print `text` and return the status: 0; 141 where the reader left (`lab.py --help | head -2`: it has what
    it wanted, as the CLI's 141); 2 and one line on stderr where stdout cannot take it (`what` names it)."""
    problem = stdout_problem(what)
    if problem is None:
        try:
            print(text, flush=True)
        except BrokenPipeError:
            _quiet()
            return 141
        except OSError as exc:  # a full disk behind a file
            _quiet()
            problem = f"standard output: {exc.strerror or exc}; {what} cannot be shown"
    if problem is not None:
        print(f"lab: {problem}", file=sys.stderr)
        return 2
    return 0
