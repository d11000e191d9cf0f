"""What a run that stopped before its end says of its ``--out`` folder: what is kept there and how to complete it
(a full disk, a file-size limit, a lost worker process, memory run out, Ctrl-C or SIGTERM)."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from ..resources import RunMemoryError
from ..studies.lock import LOCK_NAME
from ..studies.workers import ExecutorError, WorkerLost
from .guard import memory_text, os_error_text
from .options import EXIT_INTERRUPTED, UsageError

__all__ = ["out_error", "interrupted", "Previous"]


#: A disk that filled up or a file-size limit: the study stops, what it finished stays, --resume completes it.
_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def out_error(out, exc, workers=None):
    """UsageError naming --out for an OSError on making the folder `out` or on writing into it (a full disk, a
    file-size limit, a worker lost mid-run, memory run out, an executor that could not start, too many open files:
    the error then says what is kept and how to complete it), else `exc`; `workers` as the run was given them."""
    if isinstance(exc, WorkerLost):
        return UsageError(f"{exc}; " + (_kept(out) if _started(out) else "run again"))
    made = f"; {_kept(out)}" if _started(out) else ""
    if isinstance(exc, (MemoryError, RunMemoryError)):  # the folder was left unnamed, then refused as existing, and
        return UsageError(memory_text() + made)  # the engine's advice named no option (probe 30c, C30-3, C30-9)
    if isinstance(exc, ExecutorError):  # an unreachable Dask scheduler, a local cluster that did not start (C30-3)
        return UsageError(f"{exc}{made}")
    if isinstance(exc, OSError) and exc.errno in (errno.EMFILE, errno.ENFILE):  # the folder was left unnamed, then
        return UsageError(os_error_text(exc, workers) + made)  # refused as existing (probe 31c, C31-1)
    if out is None:
        return exc
    if isinstance(exc, ValueError) and isinstance(exc.__cause__, OSError):  # the API's FolderError names out =
        exc = exc.__cause__
    what = exc.strerror or str(exc)
    if exc.filename is not None and Path(os.fsdecode(exc.filename)) == Path(out):
        return UsageError(f"--out {out}: the folder cannot be made or written: {what}; expected a writable folder")
    if exc.errno in _FULL:
        name = os.fsdecode(exc.filename) if exc.filename is not None else str(out)
        fix = "raise the file-size limit (ulimit -f)" if exc.errno == errno.EFBIG else "free space"
        kept = f"; {_kept(out, fix)}" if _started(out) else f"; nothing of this run was saved yet: {fix} and run again"
        return UsageError(f"{name}: {what} while writing the results to --out {out}{kept}")
    return exc


def _started(out):
    """Whether the run at `out` has written its manifest (so --resume can complete it)."""
    return out is not None and any((Path(out) / name).is_file() for name in ("manifest.json", "sweep.json"))


def _kept(out, fix=None):
    """What a started run at `out` keeps and how to complete it, in one phrase for every way a run stops (a memory
    or executor refusal said "the run's folder is made: complete it", a lost worker or Ctrl-C "finished chunks are
    saved": two phrasings of one fact)."""
    return f"finished chunks are saved in {out}: " + (f"{fix}, then " if fix else "") + "complete with --resume"


class Previous:
    """What an ``--overwrite`` run's folder `out` held before the run, for the line of a run stopped before it replaced
    it: `ours()` says whether the folder's manifest is this run's. Ctrl-C or SIGTERM before the removal said
    "finished chunks are saved in DIR: complete with --resume" of a folder that still held the previous study,
    whose --resume then refused as "a different study" (probe 31c, C31-13)."""

    def __init__(self, out, overwrite, ours):
        self.out, self.ours = out, ours
        self.files = _listing(out) if overwrite and _started(out) and not ours() else None

    def line(self):
        """The stop-line's phrase where the folder still holds the previous study's manifest, else None."""
        if self.files is None or not _started(self.out) or self.ours():
            return None
        kind = "sweep" if (Path(self.out) / "sweep.json").is_file() else "study"
        if _listing(self.out) == self.files:
            return (f"{self.out} still holds the previous {kind}, unchanged: --overwrite was stopped before it "
                    "removed anything; run the command again to replace it")
        return (f"{self.out} holds part of the previous {kind}: --overwrite was stopped while it removed it; run the "
                "command again to replace it")


def _listing(out):
    """The names of every file and folder under `out`, its lock file aside (os.walk skips what it cannot list)."""
    return {os.path.relpath(os.path.join(top, name), out) for top, dirs, files in os.walk(out)
            for name in dirs + files if name != LOCK_NAME}


def interrupted(out, exc=None, previous=None):  # exc: a KeyboardInterrupt, or SIGTERM's interrupts.Terminated (its
    # word and status); previous: the folder's Previous of an --overwrite run
    held = previous.line() if previous is not None else None
    where = f"; {held}" if held else f"; {_kept(out)}" if _started(out) else ""
    print(f"crossbar: {getattr(exc, 'word', 'interrupted')}{where}", file=sys.stderr)
    return getattr(exc, "status", EXIT_INTERRUPTED)
