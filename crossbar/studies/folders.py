"""Taking an output folder for a run: refuse what is not ours, lock it, clear it for --overwrite.

:func:`take` is the one door through which a study or sweep run gets its folder
(:mod:`crossbar.studies.store`): a new or empty folder is created; a folder holding our
manifest is reopened with ``resume`` or cleared of our own files with ``overwrite``; any other
non-empty folder is refused untouched, and so is one that cannot be written: a read-only folder,
subfolder or file (a write-protected or immutable one) is named before anything is locked, written
or removed, so ``overwrite`` removes all of a study or nothing. The checks are made again once the lock is held, so a
run that started meanwhile is not overwritten.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
from pathlib import Path

from . import integrity
from .integrity import STUDY_FORMAT, SWEEP_FORMAT, StoreError
from .lock import FolderLock, held_elsewhere, writing_elsewhere

__all__ = ["take", "released_on_error", "removed_on_error", "enclosing_run", "broken_link", "table_held",
           "resumed_table"]


def enclosing_run(path):
    """Why the output folder `path` lies inside a saved (or running) study or sweep, or None.

    That run's ``--resume`` would refuse a folder it does not know (a study's folder holds its own
    files only), so a run is never put there: the command line says so about --out, the API about out.
    The folder is followed through symbolic links too: a link to a sweep's point let a study resume that
    point beside the sweep writing it, two runs in one folder (probe 29c, C29-7).
    """
    parents = dict.fromkeys([*Path(os.path.abspath(path)).parents, *Path(os.path.realpath(path)).parents])
    for parent in parents:
        for name, fmt, kind in (("manifest.json", STUDY_FORMAT, "study"), ("sweep.json", SWEEP_FORMAT, "sweep")):
            if _format_of(parent / name) == fmt:
                return (f"inside the saved {kind} in {os.path.relpath(parent)} ({name}), whose resume=True "
                        "would refuse a folder of another run; expected a folder outside it")
    return None


def broken_link(path):
    """Why the output folder `path` cannot be made because it, or a folder above it, is a symbolic link that leads
    nowhere (to a missing folder, round a loop of links), or None. mkdir said only 'File exists', of a name where
    nothing exists: the command line says so about --out, the API about out."""
    path = Path(path)
    for link in (path, *path.parents):
        if not os.path.islink(link):
            continue
        try:
            os.stat(link)
            continue  # it leads somewhere: a folder, or a file that is refused as one
        except OSError as exc:
            target = os.readlink(link)
            if exc.errno == errno.ELOOP:
                what = "a loop of symbolic links"
            elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
                what = f"a symbolic link to a missing folder ({target})"
            else:
                what = f"a symbolic link to {target}, which cannot be reached: {exc.strerror}"
        return f"is {what}" if link == path else f"{link} (a folder above it) is {what}"
    return None


def _format_of(path):
    """The "format" of the JSON file `path` (a crossbar manifest names its own), or None: no such file, another
    program's manifest.json, or no regular file of at most 16 MiB. A named pipe there hung the command for ever, and
    a link to /dev/zero was read until the kernel killed the process at 23 GB (probe 15c, S2); JSON nested too
    deep for the parser is another program's too (it was "internal error: RecursionError", S1)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode) or path.stat().st_size > 1 << 24:
            return None
        with open(path, "rb") as file:
            text = file.read((1 << 24) + 1)
        return None if len(text) > 1 << 24 else json.loads(text).get("format")
    except (OSError, ValueError, AttributeError, RecursionError):
        return None


def take(path, kind_file, resume, overwrite, ours, entries, lock=True):
    """Create, or check, an output folder and lock it; return (held our manifest already?, lock, made).

    `made` lists the folders this call created (`path` and the parents that were missing, deepest
    first): :func:`removed_on_error` takes them away again if the run fails before it saves anything.

    Parameters
    ----------
    path : Path
    kind_file : str
        The manifest that marks the folder as ours (``manifest.json``, ``sweep.json``).
    resume, overwrite : bool
    ours : callable
        ``ours()`` raises StoreError unless `kind_file` is our manifest.
    entries : callable
        ``entries(path)``: every file and folder of ours in `path`, deepest first; raises on
        anything foreign (:func:`.integrity.study_entries`).
    lock : bool
        Lock the folder (False: the caller's lock covers it, as a sweep's covers its points' studies).
    """
    path = Path(path)
    if resume and overwrite:
        raise StoreError("give resume=True or overwrite=True, not both")
    named = f"out = {os.fsdecode(path)!r}"  # the command line reads it as --out (cli.guard.folder_options)
    if lock and (why := enclosing_run(path)):
        raise StoreError(f"{named}: {why}")
    if overwrite:
        integrity.refuse_unsafe_overwrite(path)
    if why := broken_link(path):
        raise StoreError(f"{named}: {why}; expected a writable folder")
    if path.exists() and not path.is_dir():
        raise StoreError(f"{named}: exists and is not a folder; expected a writable folder")
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise StoreError(f"{named}: cannot be made, {blocking} is a file, not a folder; expected a writable folder")
    leftovers = (integrity.LOCK_NAME, f".{kind_file}.tmp-")  # of a run killed before its manifest
    # Another run's lock is named before the folder is listed: the writer's temporaries vanish under a listing (one
    # was named as "No such file or directory" by a resume beside it, probe 30c, C30-5), and a new run was told
    # "exists; use resume=True or overwrite=True", both of which the lock then refused (probe 31c, C31-6).
    if lock and path.is_dir() and held_elsewhere(path):
        raise writing_elsewhere(path)
    if path.is_dir() and any(not e.startswith(leftovers) for e in os.listdir(path)):
        if not (path / kind_file).is_file():
            if overwrite:
                raise StoreError(f"{path}: not empty and holds no {kind_file}; refusing to overwrite "
                                 f"a folder that is not a crossbar study{_other_run(path, kind_file)}")
            raise StoreError(f"{path}: exists, is not empty and holds no {kind_file}{_other_run(path, kind_file)}")
        if not (resume or overwrite):
            raise StoreError(f"{path}: output folder exists; use resume=True to complete it or "
                             "overwrite=True to start again")
        ours()
    if path.is_dir():  # before its lock file is made, and before anything of it is removed or written
        action = ("overwrite" if overwrite else "resume" if resume else None) if (path / kind_file).is_file() else None
        lock_file = [path / integrity.LOCK_NAME] if (path / integrity.LOCK_NAME).exists() else []  # a killed run's
        try:
            _require_writable(path, kind_file, entries(path) if action else lock_file, action)
        except FileNotFoundError:  # a run that took the lock since
            if lock and held_elsewhere(path):
                raise writing_elsewhere(path) from None
            raise
    full = Path(os.path.abspath(path))  # no '..' to walk back through
    made = [p for p in (full, *full.parents) if not os.path.lexists(p)]
    path.mkdir(parents=True, exist_ok=True)
    with removed_on_error(made):
        held = FolderLock(path).acquire() if lock else None
    with removed_on_error(made), released_on_error(held):
        if overwrite and (path / kind_file).is_file():  # checked again under the lock, then only our files go
            ours()
            own = [e for e in entries(path) if e.name != integrity.LOCK_NAME]
            _require_writable(path, kind_file, own, "overwrite")  # all or nothing: never a half-removed study
            # The manifest goes last: a run killed meanwhile leaves a folder --overwrite still knows as ours.
            integrity.remove_own(sorted(own, key=lambda e: e == path / kind_file))
        elif (path / kind_file).is_file() and not resume:  # another run wrote it since we looked
            raise StoreError(f"{path}: output folder exists; use resume=True to complete it or "
                             "overwrite=True to start again")
        return (path / kind_file).is_file(), held, made


def _other_run(path, kind_file):
    """What `path` is where it holds the other kind of run (a sweep's sweep.json given for a study's folder, or the
    reverse): 'montecarlo --resume SWEEP' said only 'holds no manifest.json' (probe 25c)."""
    other, what, wanted = (("sweep.json", "a sweep's", "a study's") if kind_file == "manifest.json" else
                           ("manifest.json", "a study's", "a sweep's"))
    if not (Path(path) / other).is_file():
        return ""
    return f": it holds {other}, {what} folder, not {wanted}; give another out"


def _require_writable(path, kind_file, entries, action):
    """StoreError unless the folder `path` and `entries` (its files and folders) can be written
    (:func:`.integrity.unwritable`); `action` ("resume", "overwrite" or None) says what needed them."""
    where = integrity.unwritable(path, entries)
    if where is None:
        return
    kind = "study" if kind_file == "manifest.json" else "sweep"
    what = f"{where}: the {'folder' if where.is_dir() else 'file'} is not writable"
    if action is None:
        raise StoreError(f"{what}; expected a writable folder for the {kind}'s results")
    done = (f"resume=True cannot complete the {kind} in {path}" if action == "resume" else
            f"overwrite=True cannot remove the {kind} in {path}; nothing was removed")
    raise StoreError(f"{what}, so {done}; expected a writable {kind} folder (its files and subfolders too)")


@contextlib.contextmanager
def released_on_error(lock):
    """Release `lock` (if any) when the block raises; keep it otherwise."""
    try:
        yield
    except BaseException:
        if lock is not None:
            lock.release()
        raise


@contextlib.contextmanager
def removed_on_error(made):
    """Remove the folders `made` (deepest first) when the block raises, each only if it is empty.

    A run that fails before it saves anything (a file-size limit at its manifest, a full disk,
    Ctrl-C) leaves no empty folder of its own behind; a folder that existed before is never in
    `made`, and one that holds anything (the user's, or what the run saved) stays.
    """
    try:
        yield
    except BaseException:
        for folder in made:
            try:
                os.rmdir(folder)
            except OSError:
                break  # not empty, or not ours to remove: nor are its parents
        raise


def table_held(path):
    """The per-trial table files the study folder `path` holds: "npy" (trials.npy), "csv" (trials.csv), "both", or
    None (none written yet)."""
    try:
        have = [kind for kind in ("npy", "csv") if (Path(path) / f"trials.{kind}").is_file()]
    except OSError:  # a folder that cannot be searched: the folder's own checks name it
        return None
    return "both" if len(have) == 2 else have[0] if have else None


def resumed_table(held, table):
    """The table format to write into study folders (one study's, or a sweep's points) that hold the tables `held`
    (their :func:`table_held`, paired with their paths): `table`, or with `table` None the one the first holds (else
    "npy"). StoreError where a folder holds a table `table` would not rewrite: ``--resume --table csv`` of a study
    saved as trials.npy wrote trials.csv beside it, two tables of one study (probe 25c)."""
    kept = [(path, kind) for path, kind in held if kind is not None]
    if table is None:
        table = kept[0][1] if kept else "npy"
    for path, kind in kept:
        if kind != table and table != "both":
            files = " and ".join(f"trials.{k}" for k in ("npy", "csv") if kind in (k, "both"))
            raise StoreError(f"{path}: holds its per-trial table as {files} (table = {kind!r}); resuming with "
                             f"table = {table!r} would leave a second table beside it; resume with table = {kind!r} "
                             f"(or without table), or start again with overwrite=True and table = {table!r}")
    return table
