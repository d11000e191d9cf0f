"""An exclusive lock on a study or sweep folder while a run writes it.

The lock is ``fcntl.flock`` on ``DIR/.crossbar.lock``: the kernel drops it when the holder
exits, however it exits (``kill -9`` included), so a lock is never left stale. A second run
on the same folder is refused at once, naming the folder. The holder removes the file when it
is done; a run that finds the file gone or replaced after locking it retries, so removal
cannot let two runs in. On systems without ``fcntl`` (Windows) folders are not locked.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None

from .integrity import LOCK_NAME, StoreError, _foreign, _kind, _what

__all__ = ["LOCK_NAME", "FolderLock", "LockedError", "held_elsewhere", "writing_elsewhere"]


class LockedError(StoreError):
    """Another run holds the folder's lock."""


class FolderLock:
    """``with FolderLock(folder): ...`` holds the folder's lock; :meth:`acquire` never waits."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.path = self.folder / LOCK_NAME
        self._fd = None

    @property
    def held(self):
        return self._fd is not None

    def acquire(self):
        if fcntl is None or self._fd is not None:  # pragma: no cover - not POSIX
            return self
        for _ in range(100):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise writing_elsewhere(self.folder) from None
                raise
            try:
                same = os.path.samestat(os.stat(self.path), os.fstat(fd))
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                return self
            os.close(fd)  # the previous holder removed the file after we opened it: lock the new one
        raise LockedError(f"{self.folder}: could not lock the folder; another run keeps replacing {LOCK_NAME}")

    def release(self):
        """Remove the lock file and unlock (in that order, so no one locks a removed file unnoticed)."""
        if self._fd is None:
            return
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()


def writing_elsewhere(folder):
    """The LockedError of a folder whose lock another run holds."""
    return LockedError(f"{folder}: another crossbar run is writing this folder (it holds {LOCK_NAME}); wait for it "
                       "to finish, or use another out")


def held_elsewhere(folder):
    """True if another process holds the lock of `folder` (reading it then may see a half-written study).

    StoreError, as the folder's check gives, where the lock is not a regular file: a named pipe there made the open
    wait for a writer, so ``load_study`` and ``train --from`` hung for ever (probe 16c, S1). Opened without waiting,
    and without following a link, in case it is replaced meanwhile."""
    path = Path(folder) / LOCK_NAME
    if fcntl is None:  # pragma: no cover - not POSIX
        return False
    try:
        kind = _kind(path)
    except OSError:
        return False
    if kind != "file":
        raise _foreign(path, f"study folder {Path(folder)}", _what(kind))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False
