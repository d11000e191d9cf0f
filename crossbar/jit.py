"""numba's on-disk cache, read past a damaged file: every compiled function of the package is made by :func:`cached`.

``numba.njit(cache=True)`` keeps each compiled function in two files beside its module (or under
NUMBA_CACHE_DIR): an index (``.nbi``) and the machine code (``.nbc``). numba reads them with
``pickle`` and lets what a damaged file raises go up to the caller: an emptied ``.nbc`` ended a
command in "internal error: EOFError: Ran out of input", status 1, and a ``.nbi`` holding text in
"invalid literal for int() with base 10", status 2, naming neither the file nor what was wrong
(probe 24c, C24-4); a FIFO in a file's place hung it (probe 25c, C25-5). A cache is only a cache:
here a file that cannot be read, or is no regular file, counts as missing, numba compiles the
function again and writes both files anew, as after a change to its source (a folder in a file's place,
which no rename replaces, is left as found: the code then runs unsaved).
The code compiled is the same either way; only where numba reads it from changes.
"""

from __future__ import annotations

import os
import stat

import numba
from numba.core.caching import FunctionCache, IndexDataCacheFile

__all__ = ["cached"]


def _regular_or_missing(path):
    """Whether `path` is a regular file or nothing: a FIFO, a device or a folder in a cache file's place is read as a
    damaged file, never opened (probe 25c, C25-5: a FIFO in place of an index hung the command)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


class _TolerantFiles(IndexDataCacheFile):
    """A function's index and data files; one that cannot be read is no entry (numba then compiles)."""

    def _load_index(self):
        if not _regular_or_missing(self._index_path):  # a FIFO there: numba's open for reading waited for a writer
            return {}
        try:
            overloads = super()._load_index()
        except Exception:  # noqa: BLE001 - whatever pickle raises on a damaged file: no entries, written anew
            return {}
        return overloads if isinstance(overloads, dict) else {}

    def _load_data(self, name):
        if not _regular_or_missing(self._data_path(name)):
            raise OSError(f"{self._data_path(name)}: not a regular file")  # taken as a damaged file (load)
        return super()._load_data(name)

    def save(self, key, data):
        try:
            super().save(key, data)
        except OSError:  # a folder in a cache file's place, which no rename replaces: the code runs unsaved (a cache is
            pass         # only a cache; probe 26c, C26-7: IsADirectoryError after the compile, naming a temporary)

    def load(self, key):
        try:
            return super().load(key)
        except Exception:  # noqa: BLE001 - a damaged data file: compiled again, and saved over it
            return None


class _TolerantCache(FunctionCache):
    """numba's cache of one function, reading through :class:`_TolerantFiles`; an entry whose code numba
    cannot rebuild is compiled again as well."""

    def __init__(self, py_func):
        super().__init__(py_func)
        self._cache_file.__class__ = _TolerantFiles

    def _load_overload(self, sig, target_context):
        try:
            return super()._load_overload(sig, target_context)
        except Exception:  # noqa: BLE001 - see the class's docstring
            return None


def _open_files_left():
    """Raise the OSError (EMFILE, ENFILE) of opening a file where this process can open no more, else nothing."""
    try:
        os.close(os.open(os.devnull, os.O_RDONLY))
    except OSError as exc:  # the limit's, not /dev/null's
        raise OSError(exc.errno, exc.strerror) from None


def cached(**options):
    """``numba.njit(cache=True, **options)`` whose cache reads past a damaged file (see the module's docstring)."""

    def decorate(function):
        try:
            dispatcher = numba.njit(cache=True, **options)(function)
        except RuntimeError:  # 'cannot cache function ...: no locator available': a locator could not test whether
            _open_files_left()  # its folder is writable; under 'ulimit -n 5' that is the open-file limit, and the
            raise  # command said "internal error: RuntimeError" (the lead's check in probe 31c's round)
        dispatcher._cache = _TolerantCache(dispatcher.py_func)
        return dispatcher

    return decorate
