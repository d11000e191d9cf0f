"""Which files of a study or sweep folder are this tool's own, their hashes, and safe removal.

A study folder holds only names this tool writes (:data:`STUDY_FILES`, ``chunks/`` with
chunk files, ``offsets/`` with the two offset groups), its own temporaries
(``.<name>.tmp-<pid>`` for one of those names) and the lock file. Anything else, a symbolic
link, or a file where a folder belongs, is *foreign*: it is reported, and never read, mixed
in or deleted. ``--overwrite`` removes a folder's own files one by one after checking the
whole tree (nothing is removed if anything is foreign); it never removes the folder itself,
and refuses the current directory, a home directory, their parents, and a symbolic link.

``index.json``, written last when a study is complete, holds the SHA-256 of every artefact
(manifest, chunks, tables, summary, offsets) and the study id, so damage or edits anywhere are
found by :func:`verify_index` when a study is loaded, replayed or resumed.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import re
import stat
from pathlib import Path

from ..devices.checks import read_capped

__all__ = ["StoreError", "LOCK_NAME", "STUDY_FORMAT", "SWEEP_FORMAT", "INDEX_NAME", "CHUNK_NAME", "STUDY_FILES",
           "OFFSET_FILES", "SWEEP_FILES", "study_entries", "sweep_entries", "remove_temporaries",
           "refuse_unsafe_overwrite", "unwritable", "remove_own", "sha256_file", "index_record", "verify_index",
           "names_long_paths", "up_from_nothing"]

STUDY_FORMAT = "crossbar-montecarlo-study/1"
SWEEP_FORMAT = "crossbar-montecarlo-sweep/1"
INDEX_FORMAT = "crossbar-index/1"
INDEX_NAME = "index.json"
#: Name of the lock file inside a folder a run is writing (crossbar.studies.lock).
LOCK_NAME = ".crossbar.lock"
CHUNK_NAME = re.compile(r"^chunk_(\d{6,})-([0-9a-f]{16})\.npy$")
POINT_NAME = re.compile(r"^point_\d{4,}$")
STUDY_FILES = ("manifest.json", INDEX_NAME, "trials.npy", "trials.csv", "summary.json")
OFFSET_FILES = ("converged.npy", "not_converged.npy")
SWEEP_FILES = ("sweep.json", INDEX_NAME, "sweep.csv")
_TEMPORARY = re.compile(r"^\.(.+)\.tmp-\d+$")


class StoreError(ValueError):
    """A study folder that cannot be used: exists, damaged, foreign content, other study."""


def names_long_paths(read):
    """`read(path, ...)` (a reader of a saved folder) with an OSError "File name too long" from one of the folder's
    files (reached by a path the folder fits in but its files do not: PATH_MAX) a StoreError naming the folder and
    what to do: it was a raw OSError from the first file read (probe 26c, C26-1)."""
    @functools.wraps(read)
    def checked(path, *args, **kwargs):
        try:
            return read(path, *args, **kwargs)
        except OSError as exc:
            if exc.errno != errno.ENAMETOOLONG or isinstance(exc, StoreError):
                raise
            name = os.fsdecode(exc.filename) if exc.filename is not None else ""
            inside = name[len(os.fspath(path)):].lstrip(os.sep) if name.startswith(os.fspath(path)) else name
            raise StoreError(f"{path}: the path of its file {inside or '(a file)'} is longer than the system takes "
                             f"({exc.strerror}); give the folder by a shorter path (a relative one, from a folder "
                             "nearer it)") from None
    return checked


def _temporary_of(entry, own):
    """True if `entry` is this tool's temporary for a name `own(name)` accepts."""
    m = _TEMPORARY.match(entry)
    return m is not None and own(m.group(1))


def _kind(path):
    """'file', 'dir', 'link', 'fifo', 'socket' or 'device' for `path`, not following symbolic links."""
    mode = os.lstat(path).st_mode
    if stat.S_ISLNK(mode):
        return "link"
    return ("file" if stat.S_ISREG(mode) else "dir" if stat.S_ISDIR(mode) else "fifo" if stat.S_ISFIFO(mode)
            else "socket" if stat.S_ISSOCK(mode) else "device")


#: What each :func:`_kind` is called: a FIFO in a study folder was an "unexpected file" (probe 25c).
_KIND_WORDS = {"file": "file", "dir": "folder", "link": "symbolic link", "fifo": "FIFO (named pipe)",
               "socket": "socket", "device": "device file"}


def _what(kind):
    return _KIND_WORDS.get(kind, kind)


def _foreign(path, where, why=""):
    if Path(path).name == LOCK_NAME and why:  # crossbar's own name, of the wrong kind
        return StoreError(f"{path}: a {why} where crossbar keeps the lock of {where} (a regular file it makes and "
                          "removes); crossbar neither reads nor deletes it (move it away)")
    return StoreError(f"{path}: unexpected {why or 'file'} in {where}; it is not part of a crossbar study "
                      "and crossbar neither reads nor deletes it (move it away)")


def _files(folder, own, where, out):
    """Check that `folder` holds only regular files `own` accepts (or their temporaries); append them."""
    for entry in sorted(os.listdir(folder)):
        path = Path(folder) / entry
        kind = _kind(path)
        if kind != "file" or not (own(entry) or _temporary_of(entry, own) or entry == LOCK_NAME):
            raise _foreign(path, where, "" if kind == "file" else _what(kind))
        out.append(path)


def study_entries(path):
    """Every file and folder of a study folder, deepest first; StoreError on anything foreign."""
    path = Path(path)
    files, folders = [], []
    where = f"study folder {path}"
    for entry in sorted(os.listdir(path)):
        p = path / entry
        kind = _kind(p)
        if entry in ("chunks", "offsets"):
            if kind != "dir":
                raise StoreError(f"{p}: expected a folder written by crossbar, found a "
                                 f"{_what(kind)}")
            own = (lambda n: CHUNK_NAME.match(n) is not None) if entry == "chunks" else OFFSET_FILES.__contains__
            _files(p, own, f"the {entry} folder {p}", files)
            folders.append(p)
        elif kind == "file" and (entry in STUDY_FILES or entry == LOCK_NAME
                                 or _temporary_of(entry, STUDY_FILES.__contains__)):
            files.append(p)
        else:
            raise _foreign(p, where, "" if kind == "file" else _what(kind))
    return files + folders


def sweep_entries(path):
    """Every file and folder of a sweep folder (its points' too), deepest first; StoreError if foreign."""
    path = Path(path)
    files, folders = [], []
    for entry in sorted(os.listdir(path)):
        p = path / entry
        kind = _kind(p)
        if entry == "points":
            if kind != "dir":
                raise StoreError(f"{p}: expected the folder of the sweep's points, found a {_what(kind)}")
            for point in sorted(os.listdir(p)):
                q = p / point
                if not POINT_NAME.match(point) or _kind(q) != "dir":
                    raise _foreign(q, f"the points folder {p}", "entry")
                files += study_entries(q)  # its files, then its chunks/ and offsets/ folders
                folders.append(q)
            folders.append(p)
        elif kind == "file" and (entry in SWEEP_FILES or entry == LOCK_NAME
                                 or _temporary_of(entry, SWEEP_FILES.__contains__)):
            files.append(p)
        else:
            raise _foreign(p, f"sweep folder {path}", "" if kind == "file" else _what(kind))
    return files + folders


def remove_temporaries(path, kind="study"):
    """Remove this tool's leftover temporaries in a study (or sweep) folder and its subfolders (only those)."""
    path = Path(path)
    targets = [(path, STUDY_FILES.__contains__), (path / "chunks", lambda n: CHUNK_NAME.match(n) is not None),
               (path / "offsets", OFFSET_FILES.__contains__)]
    if kind == "sweep":
        targets = [(path, SWEEP_FILES.__contains__)]
    for folder, own in targets:
        if not folder.is_dir() or folder.is_symlink():
            continue
        for entry in os.listdir(folder):
            p = folder / entry
            if _temporary_of(entry, own) and _kind(p) == "file":
                p.unlink()


def refuse_unsafe_overwrite(path):
    """StoreError if `path` is a symbolic link, the current directory, a home directory or a parent of one."""
    path = Path(path)
    if path.is_symlink():
        raise StoreError(f"{path}: is a symbolic link; overwrite=True removes only a real study folder, give "
                         "its own path (crossbar never deletes through a link)")
    try:
        target = path.resolve()
    except (RuntimeError, OSError):  # a loop of links on the way, which the folder's check names (probe 26c, C26-8:
        return                       # "internal error: RuntimeError: Symlink loop")
    protected = {Path.cwd().resolve(), Path(target.anchor)}
    try:
        protected.add(Path.home().resolve())
    except (RuntimeError, KeyError):  # no home directory known
        pass
    for place in list(protected):
        if target == place or target in place.parents:
            raise StoreError(f"{path}: is the current directory, a home directory or a parent of one; "
                             "overwrite=True refuses to empty it (give the study's own folder)")


def unwritable(path, entries):
    """The first of the folder `path` and its `entries` (as :func:`study_entries` lists them) that this process may
    not write, or None: a folder must take new files and lose old ones (write and search permission), a file must
    be replaceable or removable. A write-protected file (``chmod a-w``) counts as kept by its owner, as ``rm``
    asks before removing one; an immutable file or folder (``chattr +i``) or a read-only file system is unwritable
    for root too."""
    for p in [Path(path), *entries]:
        folder = _kind(p) == "dir"
        if not os.access(p, os.W_OK | (os.X_OK if folder else 0)):
            return p
    return None


def remove_own(entries):
    """Remove files, then (now empty) folders, as listed by :func:`study_entries` / :func:`sweep_entries`."""
    for p in entries:
        if p.is_dir() and not p.is_symlink():
            p.rmdir()  # empty by now; an unexpected entry would make this fail, never delete it
        else:
            p.unlink()


def folder_argument(path, name="path", expected="the folder of a saved study", none=False):
    """`path` if it is a folder path (str or os.PathLike giving a str), else TypeError; StoreError (a ValueError)
    naming `name` for an empty or blank str: Path('') is '.', so load_study('') read the current folder, or said ':
    no manifest.json' (the command line refuses --from '' as empty). None passes if `none` (run_study's out).
    An os.PathLike whose __fspath__ gives bytes (or no path) is refused as the bytes are: it reached pathlib, whose
    TypeError named no argument (probe 22c, C22-4)."""
    if none and path is None:
        return None
    kinds = "(str or Path) or None" if none else "(str or Path)"
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a folder path {kinds}, got {type(path).__name__}")
    try:
        text = os.fspath(path)
    except TypeError:  # __fspath__ gave neither str nor bytes
        text = None
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a folder path {kinds}, got {type(path).__name__} (its __fspath__ gives "
                        f"{type(text).__name__ if text is not None else 'no path'})")
    if not text.strip():
        raise StoreError(f"{name} = {path!r}: is empty; expected {expected}")
    nul_in_path(path, name, expected)
    if why := up_from_nothing(text):
        raise StoreError(f"{name} = {text!r}: {why}; expected {expected} without that detour")
    return path


def up_from_nothing(text):
    """Why the path `text` cannot be read as written, or None: it goes up ('..') out of a folder that does not exist
    ('q/..'). The system reads such a path only once that folder is made, so every check passed the name as missing,
    then the run made 'q' and wrote its study into the folder above, beside the user's files (probe 26c, C26-3), or
    --overwrite emptied a study through a symbolic link ('q/../lnk', C26-4)."""
    parts = Path(text).parts  # '.' parts dropped, '..' kept
    for i in range(1, len(parts)):
        if parts[i] != ".." or parts[i - 1] == "..":
            continue
        inside = os.path.join(*parts[:i])
        try:
            os.lstat(inside)
        except OSError as exc:
            if exc.errno in (errno.ENOENT, errno.ENOTDIR):
                return (f"goes into {inside!r}, which does not exist, and back up with '..' (once made, the system "
                        f"reads it as {os.path.normpath(text)!r})")
    return None


def nul_in_path(path, name, expected):
    """ValueError (StoreError) naming `name` for a path holding a NUL character, which no file name can: Python's
    bare 'embedded null byte' named no argument (probe 16c A1)."""
    text = os.fspath(path)
    if ("\0" if isinstance(text, str) else b"\0") in text:
        raise StoreError(f"{name} = {path!r}: holds a NUL character (\\x00), which no path can; expected {expected}")


def check_id(manifest, id_name, compute, file):
    """StoreError unless ``manifest[id_name]`` is a hex id equal to ``compute(manifest)`` (not edited)."""
    try:
        consistent = compute(manifest) == manifest[id_name]
        bytes.fromhex(manifest[id_name])
    except (KeyError, TypeError, ValueError, AttributeError):
        consistent = False
    if not consistent:
        raise StoreError(f"{file}: {id_name.replace('_', ' ')} does not match its parameters (edited?)")


def finite(obj):
    """`obj` (dicts, lists, numbers) with every NaN or infinity replaced by None, for strict JSON."""
    if isinstance(obj, float):
        return obj if obj == obj and abs(obj) != float("inf") else None
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [finite(v) for v in obj]
    return obj


def sha256_file(path, block=1 << 20):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(block), b""):
            h.update(chunk)
    return h.hexdigest()


def index_record(folder, id_name, id_value, names):
    """The content of ``index.json``: the folder's id and the SHA-256 of each file `names` (relative)."""
    folder = Path(folder)
    return {"format": INDEX_FORMAT, id_name: id_value,
            "sha256": {name: sha256_file(folder / name) for name in sorted(names)}}


def verify_index(folder, id_name, id_value, complete=False, only=None):
    """Check ``index.json`` of `folder` against its files; return the record, or None if there is none.

    Every listed file that exists must have its listed hash; with `complete`, every listed
    file must exist. `only`: check just these names, each of which must be listed and present.
    A mismatch is a StoreError naming the file.
    """
    folder = Path(folder)
    file = folder / INDEX_NAME
    if not file.is_file():
        return None
    raw = read_capped(file, lambda message: StoreError(f"{file}: {message}"), what="crossbar index")  # 8 GB: "not
    try:  # enough memory for this run"; JSON nested too deep: "internal error: RecursionError" (probe 15c, S1, S2)
        record = json.loads(raw)
        hashes = record["sha256"]
        ok = record.get("format") == INDEX_FORMAT and isinstance(hashes, dict)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        ok = False
    if not ok:
        raise StoreError(f"{file}: not a crossbar index (damaged or edited); delete it and run again with "
                         "resume=True to rewrite it")
    if record.get(id_name) != id_value:
        raise StoreError(f"{file}: belongs to {id_name} {str(record.get(id_name))[:12]}..., the folder holds "
                         f"{id_value[:12]}...; the index was copied from another folder or edited")
    if only is not None:
        unlisted = [name for name in only if name not in hashes]
        if unlisted:
            raise StoreError(f"{file}: does not list {unlisted[0]} (edited?); run again with resume=True to rewrite it")
        hashes, complete = {name: hashes[name] for name in only}, True
    for name, digest in hashes.items():
        path = folder / name
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise StoreError(f"{file}: lists {name!r}, outside the folder (edited?)")
        if not path.is_file():
            if complete:
                raise StoreError(f"{path}: missing (listed in {INDEX_NAME}); run again with resume=True to rewrite it")
            continue
        if sha256_file(path) != digest:
            fix = ("restore it, or start the study again with overwrite=True" if name in ("manifest.json", "sweep.json")
                   else "delete it and run again with resume=True to rewrite it")
            raise StoreError(f"{path}: content does not match its SHA-256 in {INDEX_NAME} (damaged or edited); {fix}")
    return record
