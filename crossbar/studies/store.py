"""Study folders on disk: manifest, chunks written atomically, final tables, resume.

Over 600 lines on purpose: the folder format is defined once, here, for writing, resuming and
reading it, so that a change to one file of the folder cannot miss the code that reads it back.

A study folder holds::

    manifest.json                 every parameter, the seed, the device's name and
                                  content hash, package/numpy/numba versions, study id
    chunks/chunk_000007-<h>.npy   one per finished chunk: the per-trial rows of that
                                  chunk (structured .npy, see study.trial_dtype)
    trials.npy                    per-trial table of scalar columns, sorted by trial
    trials.csv                    the same as CSV (``table="csv"`` or ``"both"``; writing
                                  exact decimal floats takes about 2 s per float column
                                  per million rows, so the binary table is the default)
    summary.json                  rate, Wilson interval, epochs distribution
    offsets/converged.npy         trial number and offsets (N, C) of every trial that
    offsets/not_converged.npy     converged / did not, grouped as the original tool did
    index.json                    written last: SHA-256 of every file above and the study id

Why not one file per trial as the original tool wrote: a million trials would
be a million files. Each group is one structured array (``trial``,
``offsets``) sorted by trial, read by memory map, so replaying trial k
(``python -m crossbar train --from DIR --trial K``) reads one row. The
conductances are not stored twice: G = K (g(m) - g(0) + s) follows exactly
from the stored offsets and pulse counts (:class:`crossbar.studies.StudyResult`).

Every file is written to a temporary name in the same folder and renamed
into place (``os.replace``), so a killed run leaves only whole files. A
chunk's name carries ``h``, the first 16 hex digits of
sha256(study id + file content): a damaged file, or a chunk copied from
another study, fails the check and is reported, never mixed in. Files that
belong to no study are reported too, and never deleted. Nothing holds a
time stamp, so a resumed study ends byte-identical to an uninterrupted one.

A run holds the folder's lock (:mod:`crossbar.studies.lock`) from opening to
the end; what is this tool's own, the hash index and ``--overwrite`` are in
:mod:`crossbar.studies.integrity` and :mod:`crossbar.studies.folders`.

This module is long because it is the one place that knows the layout of study
and sweep folders (manifests, chunk names, final tables, the index), and every
reader and writer of that layout checks it the same way; the checks that need
no layout (locking, hashing, safe removal) live in the modules named above.
"""

from __future__ import annotations

import collections
import csv
import dataclasses
import hashlib
import io
import json
import os
import sys
import warnings
from pathlib import Path

import numpy as np

from .._version import __version__
from ..devices import DeviceCurve, DeviceFileError, default_device, load_device
from ..devices.checks import file_to_write, read_capped
from ..devices.offsets import offsets_from_spec
from ..devices.presets import PRESETS, preset
from ..devices.variation import Nonidealities
from ..numbers import instance, real_array, shown, whole, word
from ..tasks import PatternSet
from ..training.setting import TrainingSetting
from ..training.units import scaling_record
from . import folders, integrity
from .integrity import CHUNK_NAME as _CHUNK
from .integrity import INDEX_NAME, SWEEP_FORMAT, StoreError
from .integrity import STUDY_FORMAT as FORMAT
from .lock import held_elsewhere
from .study import Study, StudyResult

__all__ = ["StoreError", "StudyFolder", "SweepFolder", "TABLE_FORMATS", "load_study", "load_sweep",
           "read_offsets", "read_table", "write_atomic", "table_csv"]

#: Ways to write the per-trial table: binary (.npy, a structured array), CSV, or both.
TABLE_FORMATS = ("npy", "csv", "both")


def write_atomic(path, data: bytes):
    """Write `data` to a temporary file beside `path`, flush it to disk, rename it into place.

    If writing fails (a full or read-only disk, an interrupt), the temporary is removed and
    the error raised; `path` keeps its old content, if any. A path that is no file path (3, a
    directory, one in a folder that does not exist) or `data` that is not bytes is refused first,
    naming it, as :func:`crossbar.devices.write_offsets` words it.
    """
    path = file_to_write(path)
    instance(data, (bytes, bytearray, memoryview), "data", "bytes (a text's .encode())")
    if not path.parent.is_dir():
        raise ValueError(f"path {str(path)!r}: its folder {str(path.parent)!r} does not exist")
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.replace(tmp, path)
        except OSError as exc:  # named as the file it would replace (an immutable one), not as our temporary
            if exc.filename is None:
                raise
            raise OSError(exc.errno, exc.strerror, os.fspath(path)) from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _json_bytes(obj):
    obj = integrity.finite(obj)  # strictly valid JSON: NaN and infinity are written as null
    return (json.dumps(obj, indent=2, sort_keys=True, allow_nan=False) + "\n").encode()


def _canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def _versions():
    import numba

    return {"crossbar": __version__, "numpy": np.__version__, "numba": numba.__version__,
            "python": sys.version.split()[0]}


def _study_id(description):
    """Hash of everything that determines the results (not where the device file lay)."""
    return hashlib.sha256(_canonical(_identity(description))).hexdigest()


def _identity(description):
    """The description as its id hashes it: as JSON holds it, without where the device file lay."""
    d = json.loads(json.dumps(description))
    if isinstance(d.get("device"), dict):
        d["device"].pop("source", None)
    return d


def _located_nowhere(description):
    """:func:`_identity` without where a depression file lay either: its content is in the device's hash.
    (The id keeps the path, so that the ids of studies already written stay what they were.)"""
    d = _identity(description)
    options = d.get("device", {}).get("options") if isinstance(d.get("device"), dict) else None
    if isinstance(options, dict):
        options.pop("depression", None)
        if not options:
            d["device"].pop("options")
    return d


def _same_study(old, new):
    """Whether two descriptions are of one study though their ids differ: equal numbers count as equal, whatever
    their type, and a depression file that has moved (same content) is the same file. A folder written with
    ``beta=60000000`` (an int, kept as such before the setting made its float knobs floats) is the study of
    ``beta=6e7``; its id stays the one it was written with."""
    return _equal(_located_nowhere(old), _located_nowhere(new))


def same_curve_other_line_ends(device, want):
    """`device` with the content hash `want` of a study's device where its file (and depression file) differ from
    the study's only in their line ends (LF, CRLF or CR: the loader reads lines, so they read the same curve),
    else `device` as it is. The hash is of the files' bytes, so that the ids of studies already written hold; a
    file saved with CRLF line ends (unix2dos, git's autocrlf) could not replay its study."""
    from ..devices.files import _digest  # the loader's own formula: the files' hashes and the load options

    if not isinstance(device, DeviceCurve) or device.sha256 == want or not device.source \
            or device.source.startswith("preset:"):
        return device
    options = dict(device.metadata.get("load_options") or {})
    paths = [device.source] + ([options.pop("depression")] if "depression" in options else [])
    variants = []
    for path in paths:
        try:
            raw = read_capped(Path(path), lambda message: DeviceFileError(path, message))
        except (DeviceFileError, OSError):
            return device
        lf = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        variants.append({hashlib.sha256(v).hexdigest() for v in (raw, lf, lf.replace(b"\n", b"\r\n"),
                                                                   lf.replace(b"\n", b"\r"))})
    files = variants[0] if len(paths) == 1 else {up + "|depression:" + down for up in variants[0]
                                                  for down in variants[1]}
    if any(_digest(f, options) == want for f in files):
        return dataclasses.replace(device, sha256=want)
    return device


def holds_study(path, study):
    """Whether the study folder `path` holds `study`, as :meth:`StudyFolder.create` checks before resuming it
    (False for a folder it refuses for any other cause: the run names that)."""
    try:
        old = checked_manifest(path)
        return old["study_id"] == _study_id(study.describe()) or _same_study(old["study"], study.describe())
    except (ValueError, KeyError, TypeError):
        return False


def holds_sweep(path, base, grid):
    """Whether the sweep folder `path` holds the sweep of `base` over `grid`, as :meth:`SweepFolder.create` checks
    before resuming it (False for a folder it refuses for any other cause: the run names that)."""
    try:
        old = _checked_sweep(path)
        now = {**_sweep_base(base), "grid": grid.describe()}
        return old["sweep_id"] == _study_id(now) or _same_study({**old["base"], "grid": old["grid"]}, now)
    except (ValueError, KeyError, TypeError):
        return False


def recorded_device(path, kind="study"):
    """The device a study (`kind` "study") or sweep ("sweep") folder's checked manifest records, as a dict (name,
    sha256, source, options, ...); None where there is no such folder or its manifest is refused (the run then
    names what is wrong)."""
    try:
        if kind == "sweep":
            return _checked_sweep(path)["base"]["device"]
        return checked_manifest(path)["study"]["device"]
    except (ValueError, KeyError, TypeError):
        return None


def _equal(a, b):
    """Equal as a study's description means it: numbers by value (not bools), the rest by type and value."""
    number = (int, float)
    if isinstance(a, number) and isinstance(b, number) and not isinstance(a, bool) and not isinstance(b, bool):
        return a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    return a == b


def _npy_bytes(array):
    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=False)
    return buf.getvalue()


def table_csv(columns):
    """CSV text of a dict of equal-length 1-D columns; floats written exactly (shortest repr).

    A cell holding a comma, a quote or a line break is quoted as CSV quotes it (and read back whole
    by the readers of this module); columns of unequal length are refused, not cut to the shortest.
    """
    names = list(instance(columns, dict, "columns", "a dict of equal-length 1-D columns"))
    cols = []
    for name in names:
        a = np.asarray(columns[name])
        if a.ndim != 1:
            raise ValueError(f"columns[{name!r}]: expected a 1-D column, got shape {a.shape}")
        if a.dtype == bool:
            cols.append(a.astype(np.int8).astype(str).tolist())
        elif a.dtype.kind in "iu":
            cols.append(a.astype(str).tolist())
        elif a.dtype.kind == "U":  # names such as a rule, quoted if they hold a comma
            cols.append(a.tolist())
        else:
            cols.append([repr(float(x)) for x in real_array(a, f"columns[{name!r}]").tolist()])
    sizes = {len(c) for c in cols}
    if len(sizes) > 1:  # zip() kept the shortest: a row dropped without a word
        raise ValueError(f"columns: expected columns of one length, got {', '.join(f'{n} {len(c)}' for n, c in zip(names, cols))}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")  # quotes only what needs it: other files unchanged
    writer.writerow([str(n) for n in names])
    writer.writerows(zip(*cols))
    return out.getvalue()


def _csv_rows(text):
    """The rows of CSV text as :func:`table_csv` writes it (quoted cells read whole)."""
    return list(csv.reader(io.StringIO(text)))


def _prepare(path, kind_file, resume, overwrite, lock=True):
    """Create, or check, an output folder and lock it (see :func:`.folders.take`)."""
    fmt, entries = (FORMAT, integrity.study_entries) if kind_file == "manifest.json" else \
        (SWEEP_FORMAT, integrity.sweep_entries)
    return folders.take(path, kind_file, resume, overwrite, lambda: read_manifest(path, kind_file, fmt),
                        entries, lock)


class StudyFolder:
    """One study's folder; see the module docstring for the layout."""

    def __init__(self, path, study, manifest, lock=None):
        self.path = Path(path)
        self.study = study
        self.manifest = manifest
        self.study_id = manifest["study_id"]
        self._prefix = bytes.fromhex(self.study_id)
        self.lock = lock
        self.other_versions = False  # resumed from a manifest of other package versions (manifest["versions"])
        self.table = None  # the per-trial table files a resumed folder holds (folders.table_held)

    def close(self):
        """Release the folder's lock (a run holds it from :meth:`create` to the end)."""
        if self.lock is not None:
            self.lock.release()

    # -- opening
    @classmethod
    def create(cls, path, study, resume=False, overwrite=False, lock=True, warn=True):
        """Start a study folder, or reopen one to resume (checking it holds this study), and lock it.

        `lock` False: the caller holds a lock covering the folder (a sweep's points). `warn` False: a resume
        under other package versions sets ``other_versions`` and does not warn (a sweep warns once for its points).
        """
        path = Path(path)
        existed, held, made = _prepare(path, "manifest.json", resume, overwrite, lock)
        with folders.removed_on_error(made), folders.released_on_error(held):
            return cls._open_locked(path, study, existed, held, warn)

    @classmethod
    def _open_locked(cls, path, study, existed, held, warn=True):
        description = study.describe()
        manifest = {
            "format": FORMAT,
            "study_id": _study_id(description),
            "study": description,
            "n_chunks": study.n_chunks,
            "trial_dtype": _dtype_text(study),
            "versions": _versions(),
            "units": {"conductance": "S", "offsets": "S", "beta": "1/A", "v_one": "V", "v_zero": "V",
                      "min_conductance": "S", "max_conductance": "S"},
            # How the setting met the device: the windows, f, and the beta and offsets the devices got.
            "scaling": scaling_record(study.device, study.setting, study.units, study.offsets),
        }
        if existed:
            old = checked_manifest(path)
            if old["study_id"] != manifest["study_id"] and not _same_study(old["study"], description):
                # a depression file that moved (same content, in the device's hash) is no difference
                changed = _differences(_located_nowhere(old["study"]), _located_nowhere(description))
                raise StoreError(_changed_device(path, "study", old["study"], description, changed) or
                                 f"{path}: holds a different study ({changed}); "
                                 "use overwrite=True to replace it or another out")
            _check_table_format(path, old, study)
            folder = cls(path, study, old, held)
            folder.check()
            integrity.verify_index(path, "study_id", folder.study_id)
            # after the checks: an edited manifest was warned about, then refused (two lines; probe 18c, F1)
            folder.other_versions = old.get("versions") != manifest["versions"]
            folder.table = folders.table_held(path)
            if folder.other_versions and warn:
                warnings.warn(f"{path}: resuming a study started with {old.get('versions')}, now "
                              f"{manifest['versions']}", stacklevel=4)
            integrity.remove_temporaries(path)
            (path / "chunks").mkdir(exist_ok=True)  # lost with a kill before it was made
            return folder
        integrity.remove_temporaries(path)
        write_atomic(path / "manifest.json", _json_bytes(manifest))
        (path / "chunks").mkdir(exist_ok=True)
        return cls(path, study, manifest, held)

    def check(self):
        """Raise StoreError on any file that does not belong here (see :mod:`.integrity`)."""
        integrity.study_entries(self.path)
        self._chunk_files()

    def _chunk_files(self):
        """{chunk: path} of the chunk files, after checking their names."""
        folder = self.path / "chunks"
        if not folder.is_dir():
            return {}
        found = {}
        for entry in sorted(os.listdir(folder)):
            m = _CHUNK.match(entry)
            if m is None and entry.startswith("."):
                continue  # a temporary: study_entries has checked it is one of ours
            if m is None:
                raise StoreError(f"{folder / entry}: unexpected file in the chunks folder; expected "
                                 "chunk_NNNNNN-<hash>.npy files written by this study")
            c = int(m.group(1))
            if c >= self.study.n_chunks:
                raise StoreError(f"{folder / entry}: chunk {c} but this study has chunks 0 ... "
                                 f"{self.study.n_chunks - 1}")
            if c in found:
                raise StoreError(f"{folder / entry}: a second file for chunk {c} (also {found[c].name})")
            found[c] = folder / entry
        return found

    # -- chunks
    def _digest(self, data):
        return hashlib.sha256(self._prefix + data).hexdigest()[:16]

    def write_chunk(self, chunk, table):
        """Save one finished chunk atomically."""
        data = _npy_bytes(table)
        write_atomic(self.path / "chunks" / f"chunk_{chunk:06d}-{self._digest(data)}.npy", data)

    def read_chunk(self, path):
        """A verified chunk table."""
        path = Path(path)
        c, h = _CHUNK.match(path.name).groups()
        data = path.read_bytes()
        if self._digest(data) != h:
            raise StoreError(f"{path}: content does not match its hash: the file is damaged or belongs "
                             "to another study; delete it and run with resume=True to recompute it")
        try:
            table = np.load(io.BytesIO(data), allow_pickle=False)
        except Exception as exc:  # pragma: no cover - the hash catches damage first
            raise StoreError(f"{path}: not a readable chunk ({exc})") from None
        expected = self.study.chunk_trials(int(c))
        if table.dtype != _dtype(self.study) or not np.array_equal(table["trial"], expected):
            raise StoreError(f"{path}: rows do not match chunk {int(c)} of this study")
        return table

    def finished_chunks(self):
        """{chunk: table} of every finished chunk, each verified."""
        return {c: self.read_chunk(p) for c, p in self._chunk_files().items()}

    # -- final tables
    def finalize(self, result, table="npy"):
        """Write the per-trial table (`table`: "npy", "csv" or "both"), summary.json and the grouped offsets."""
        table = word(table, "table", TABLE_FORMATS, f"table = {{}}: expected one of {TABLE_FORMATS}")
        t = result.table
        columns = result.columns()
        if table in ("npy", "both"):
            flat = np.zeros(t.size, [(name, column.dtype) for name, column in columns.items()])
            for name, column in columns.items():
                flat[name] = column
            write_atomic(self.path / "trials.npy", _npy_bytes(flat))
        if table in ("csv", "both"):
            write_atomic(self.path / "trials.csv", table_csv(columns).encode())
        write_atomic(self.path / "summary.json", _json_bytes(result.summary().as_dict()))
        grouped = "offsets" in t.dtype.names  # a network study keeps no offsets: (seed, trial) draws them again
        if grouped:
            (self.path / "offsets").mkdir(exist_ok=True)
            dtype = np.dtype([("trial", "<i8"), ("offsets", "<f8", self.study.shape)])
            for name, sel in (("converged", t["converged"]), ("not_converged", ~t["converged"])):
                group = np.zeros(int(sel.sum()), dtype)
                group["trial"] = t["trial"][sel]
                group["offsets"] = t["offsets"][sel]
                write_atomic(self.path / "offsets" / f"{name}.npy", _npy_bytes(group))
        names = ["manifest.json", "summary.json",
                 *(f"offsets/{n}.npy" for n in ("converged", "not_converged") if grouped),
                 *(f"chunks/{p.name}" for p in self._chunk_files().values()),
                 *(f for f in ("trials.npy", "trials.csv") if (self.path / f).is_file())]
        record = integrity.index_record(self.path, "study_id", self.study_id, names)
        write_atomic(self.path / INDEX_NAME, _json_bytes(record))


def _dtype(study):
    return study.trial_dtype


def _check_table_format(path, manifest, study):
    """A folder whose per-trial table has other columns than this version writes cannot be resumed
    or read: say so (a table without max_conductance is an older crossbar's) rather than call its
    chunks damaged."""
    if manifest.get("trial_dtype") == _dtype_text(study):
        return
    if "max_conductance" not in str(manifest.get("trial_dtype")):
        raise StoreError(f"{path}: written by an older crossbar, whose per-trial table has no max_conductance "
                         "column (the highest conductance of each trial); this version cannot resume or read it: "
                         "run the study again in another folder (or with overwrite=True)")
    raise StoreError(f"{path}/manifest.json: trial_dtype is {manifest.get('trial_dtype')!r}, its study gives "
                     f"{_dtype_text(study)!r}")


def _dtype_text(study):
    return str(_dtype(study).descr)


_ABSENT = object()  # a key one description has and the other not


def _differences(old, new, prefix=""):
    """What differs between two descriptions (as :func:`_identity` gives them), never an empty text: a
    refusal that listed "()" left the user nothing to change."""
    out = []
    for k in sorted(set(old) | set(new)):
        a, b = old.get(k, _ABSENT), new.get(k, _ABSENT)
        if isinstance(a, dict) and isinstance(b, dict):
            out.append(_differences(a, b, f"{prefix}{k}.") if not _equal(a, b) else "")
        elif not _equal(a, b):
            there, now = ("absent" if v is _ABSENT else shown(v) for v in (a, b))
            out.append(f"{prefix}{k}: {there} there, {now} now")
    return "; ".join(x for x in out if x) or (f"{prefix.rstrip('.') or 'its description'}: the same values, "
                                                 "another id")


def read_manifest(path, name="manifest.json", fmt=FORMAT):
    """The manifest of a study (or sweep) folder, checked."""
    file = Path(path) / name
    kind = "study" if fmt == FORMAT else "sweep"
    if not Path(path).is_dir():  # a mistyped path, or the study's table given for its folder
        found = ("is a file" if Path(path).is_file() else "is not a folder" if Path(path).exists() else
                 folders.broken_link(path) or "no such folder")  # a loop of links was 'no such folder' (C26-9)
        raise StoreError(f"{path}: {found}, expected a crossbar Monte Carlo {kind} folder")
    if not file.is_file():
        raise StoreError(f"{path}: no {name}; not a crossbar Monte Carlo {kind} folder{_other_kind(path, kind)}")
    raw = read_capped(file, lambda message: StoreError(f"{file}: {message}"), what="manifest")
    try:
        manifest = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise StoreError(f"{file}: not valid JSON ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != fmt:
        raise StoreError(f"{file}: format is {manifest.get('format') if isinstance(manifest, dict) else None!r}, "
                         f"expected {fmt!r}")
    return manifest


def _other_kind(path, kind):
    """What to give instead where `path` is a sweep folder given for a study's (each of its points is one), or a study
    folder given for a sweep's: '--from SWEEP' said only 'not a crossbar Monte Carlo study folder' (probe 25c)."""
    if kind == "study" and (Path(path) / "sweep.json").is_file():
        return (f" but a sweep's (it holds sweep.json); each of its points is a study folder: give one, e.g. "
                f"{Path(path) / 'points' / 'point_0000'}")
    if kind == "sweep" and (Path(path) / "manifest.json").is_file():
        return " but a study's (it holds manifest.json)"
    return ""


def checked_manifest(path):
    """The manifest of a study folder whose study id matches its parameters (not edited)."""
    manifest = read_manifest(path)
    integrity.check_id(manifest, "study_id", lambda m: _study_id(m["study"]), Path(path) / "manifest.json")
    return manifest


def study_from_manifest(manifest, device=None, depression=None):
    """Rebuild the Study a manifest describes.

    The device: `device` if given, else the embedded default device if the
    study used it, else the file the manifest names (read with the depression
    file `depression` in place of the one it names, if given: a file that has
    moved); its content hash must match the manifest's.
    """
    if device is not None and not isinstance(device, DeviceCurve):
        raise TypeError(f"device must be a DeviceCurve, got {type(device).__name__}")
    try:
        return _study_from_manifest(manifest, device, depression)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        if isinstance(exc, StoreError):
            raise
        raise StoreError(f"manifest.json: not a study this version can read ({type(exc).__name__}: {exc})") from None


def _study_from_manifest(manifest, device, depression=None):
    d = manifest["study"]
    want = d["device"]["sha256"]
    if depression is not None and "depression" not in d["device"].get("options", {}):
        raise StoreError(f"the study used device {d['device']['name']!r} without a depression file; "
                         "drop the depression file")
    if device is None:
        default = default_device()
        source = d["device"].get("source") or ""
        if default.sha256 == want:
            device = default
        elif source.startswith("preset:") and source[len("preset:"):] in PRESETS:
            device = preset(source[len("preset:"):])  # rebuilt from its numbers; the hash below decides
        else:
            source = d["device"].get("source")
            if not source:  # "from '', which is not there; give the device file (--device FILE)" (probe 31c, C31-5)
                raise StoreError(f"the study used device {d['device']['name']!r}, a DeviceCurve made in memory (no "
                                 f"file holds it); give that curve as device= (content hash {want[:12]}...): the "
                                 "command line cannot replay such a study")
            if not Path(source).is_file():
                raise StoreError(f"the study used device {d['device']['name']!r} from {source!r}, "
                                 f"{_missing(source)}; give the device file (--device FILE)")
            try:  # with the options that made the curve of the file (a cycle, a read voltage, ...)
                options = d["device"].get("options", {})
                if depression is not None:  # the depression file has moved
                    options = {**options, "depression": depression}
                elif "depression" in options and (why := moved_depression(options["depression"])):
                    raise StoreError(why)
                device = load_device(source, allow_outliers=True, **options)  # the hash below decides
            except DeviceFileError as exc:
                raise StoreError(str(exc)) from None
    if not isinstance(device, DeviceCurve):
        raise TypeError(f"device must be a DeviceCurve, got {type(device).__name__}")
    device = same_curve_other_line_ends(device, want)
    if device.sha256 != want:
        raise StoreError(f"device {device.name!r} ({device.source}) has content hash {device.sha256[:12]}..., "
                         f"the study used {d['device']['name']!r} with {want[:12]}...")
    if device.name != d["device"]["name"]:  # the same bytes under another file name: the study's device
        device = dataclasses.replace(device, name=d["device"]["name"])
    s = d["setting"]
    return Study(
        device=device,
        setting=TrainingSetting(**s),
        offsets=offsets_from_spec(d["offsets"]),
        patterns=PatternSet.from_description(d["patterns"]),
        test_patterns=PatternSet.from_description(d["test_patterns"]),
        trials=d["trials"], seed=d["seed"], chunk_size=d["chunk_size"],
        nonideal=Nonidealities(**d.get("nonideal", {})),
        units=d.get("units", "absolute"),  # without the key: absolute, or a device where r = 1
    )


def moved_depression(path, kind="study"):
    """The refusal of a study's (`kind` "study") or sweep's ("sweep") depression file that is not where the folder
    recorded it (`path`), or None."""
    if Path(path).is_file():
        return None
    return f"the {kind} used the depression file {path!r}, {_missing(path)}; give where it now lies (--depression-file FILE)"


def _missing(path):
    """Why the file at `path` a study used cannot be read, as a clause: "which is not there", or what is there instead
    (probe 25c, C25-1: a folder, a FIFO or a symbolic-link loop in its place was said to be "not there")."""
    if not path:
        return "which is not there"
    try:
        read_capped(path, _Unreadable)
    except _Unreadable as exc:
        why = str(exc)
    else:  # readable by now: it was not there a moment ago
        return "which is not there"
    if why == "no such file":
        return "which is not there"
    return "which " + why.split(", expected")[0].split("; expected")[0]  # the advice follows


class _Unreadable(Exception):
    """What :func:`read_capped` says of a file it cannot read (only :func:`_missing` raises and catches it)."""


@integrity.names_long_paths
def open_study(path, device=None, depression=None):
    """(StudyFolder, Study) of an existing folder, checked: ids, files and the hash index (`device`,
    `depression`: as :func:`study_from_manifest` takes them)."""
    if held_elsewhere(integrity.folder_argument(path)):
        raise StoreError(f"{path}: another crossbar run is writing this study; wait for it to finish")
    manifest = checked_manifest(path)
    study = study_from_manifest(manifest, device, depression)
    folder = StudyFolder(path, study, manifest)
    if _study_id(study.describe()) != manifest["study_id"] and not _same_study(manifest["study"], study.describe()):
        integrity.verify_index(path, "study_id", manifest["study_id"], only=("manifest.json",))  # an edited one
        raise StoreError(_rebuilt_otherwise(path, manifest, study))
    _check_table_format(path, manifest, study)
    for key, value in (("n_chunks", study.n_chunks), ("trial_dtype", _dtype_text(study))):  # derived fields
        if manifest.get(key) != value:
            raise StoreError(f"{path}/manifest.json: {key} is {manifest.get(key)!r}, its study gives {value!r}")
    folder.check()
    integrity.verify_index(path, "study_id", manifest["study_id"], complete=True)
    return folder, study


def _changed_device(path, kind, old, new, changed):
    """The refusal of a folder whose study (or sweep) differs only by its device, read from the file it was read
    from, whose content changed since; else None. It said "holds a different study (device.g0 ...; scale: absent
    there ...); use overwrite=True to replace it", naming no file and advising to delete the study for a swapped
    device file (probe 27c, C27-8). The scale and units follow from the device (its window)."""
    was, now = old.get("device"), new.get("device")
    if not (isinstance(was, dict) and isinstance(now, dict) and was.get("source") and
            was.get("source") == now.get("source") and was.get("options") == now.get("options") and
            was.get("sha256") != now.get("sha256")):  # the same file read the same way, another content
        return None
    if not all(part.startswith(("device.", "scale:", "units:")) for part in changed.split("; ")):
        return None
    return (f"{path}: its device file {was['source']} changed since the {kind} was made ({changed}); give the "
            f"file the {kind} read to resume it, or another out (overwrite=True deletes the saved {kind})")


def _rebuilt_otherwise(path, manifest, study):
    """The refusal of a folder whose manifest is its own (its id matches its parameters, and the index's hash where
    there is one) but describes another study than the one rebuilt from it, in --resume's words: a study made by
    another version, which reads the same device file (the same bytes and options: the hash matched) as another
    curve (probe 19c, F3: this said "study id does not match its parameters (edited?)")."""
    changed = _differences(_located_nowhere(manifest["study"]), _located_nowhere(study.describe()))
    versions = manifest.get("versions")
    then, now = versions.get("crossbar") if isinstance(versions, dict) else None, _versions()["crossbar"]
    made = f"crossbar {then} made the study, this is {now}" if then != now else "another version made the study"
    if all(part.startswith(("device.", "scale:")) for part in changed.split("; ")):  # the scale: the device's window
        return (f"{path}: holds a different study ({changed}): its device, the same file and options (the hash "
                f"matches), reads as another curve in this version of crossbar ({made}); run the study again to use "
                "this reading (another out)")
    return f"{path}: holds a different study than this version rebuilds from its manifest ({changed}; {made})"


@integrity.names_long_paths
def load_study(path, device=None):
    """The StudyResult saved in a complete study folder.

    Parameters
    ----------
    path : str or Path
    device : DeviceCurve, optional
        Needed if the study used a device file that is no longer where the
        manifest says; its content hash must match.
    """
    folder, study = open_study(path, device)
    chunks = folder.finished_chunks()
    missing = [c for c in range(study.n_chunks) if c not in chunks]
    if missing:
        raise _not_complete(path, f"{path}: study incomplete, {len(missing)} of {study.n_chunks} chunks missing "
                                  f"(first: {missing[0]}); run it again with resume=True")
    table = np.concatenate([chunks[c] for c in range(study.n_chunks)])
    return StudyResult(study, table, str(path))


@integrity.names_long_paths
def read_offsets(path, trial, folder=None):
    """(offsets (N, C) S, converged) of one trial from a study folder's grouped offsets.

    The manifest's study id and the offsets files' hashes in ``index.json`` are checked first. A folder without its
    index whose every chunk is saved (a study, or a sweep's point, stopped before it was summarised) gives the trial's
    row of its verified chunk, given `folder` (its :class:`StudyFolder`, from :func:`open_study`): load_study reads
    such a folder, and ``train --from`` refused it as "not complete" (probe 31c, C31-7).
    """
    manifest = checked_manifest(integrity.folder_argument(path))
    trials = manifest["study"]["trials"]
    if not whole(trial):
        raise TypeError(f"trial must be an integer, got {type(trial).__name__}")
    replayed = ("manifest.json", "offsets/converged.npy", "offsets/not_converged.npy")
    if integrity.verify_index(path, "study_id", manifest["study_id"], only=replayed) is None:
        row = _chunk_row(folder, trial) if folder is not None and 0 <= trial < trials else None
        if row is not None:
            return row
        raise _not_complete(path, f"{path}: no {INDEX_NAME}: the study is not complete or was written by an older "
                                  "crossbar; run it again with resume=True to complete it and write the index")
    if not 0 <= trial < trials:
        raise StoreError(f"{path}: trial {trial} out of range; the study ran trials 0 ... {trials - 1}")
    for name, converged in (("converged", True), ("not_converged", False)):
        file = Path(path) / "offsets" / f"{name}.npy"
        if not file.is_file():
            raise _not_complete(path, f"{file}: missing; the study is not complete (run it again with resume=True)")
        try:
            group = np.load(file, mmap_mode="r", allow_pickle=False)
            index = group["trial"]
        except Exception as exc:
            raise StoreError(f"{file}: not a readable offsets file ({exc})") from None
        i = int(np.searchsorted(index, trial))
        if i < index.size and index[i] == trial:
            return np.array(group["offsets"][i]), converged
    raise StoreError(f"{path}: trial {trial} is in neither offsets/converged.npy nor offsets/not_converged.npy")


def _chunk_row(folder, trial):
    """(offsets, converged) of `trial` from the verified chunk of the StudyFolder `folder` that holds it, where every
    chunk of the study is saved; else None."""
    files = folder._chunk_files()
    if any(c not in files for c in range(folder.study.n_chunks)):
        return None
    c = trial // folder.study.chunk_size
    table = folder.read_chunk(files[c])
    row = table[trial - int(table["trial"][0])]
    return np.array(row["offsets"]), bool(row["converged"])


# --------------------------------------------------------------------------- sweeps

class SweepFolder:
    """A sweep: ``sweep.json`` (base study, grid), ``sweep.csv``, ``points/point_NNNN/`` study folders."""

    def __init__(self, path, manifest, lock=None, resumed=False):
        self.path = Path(path)
        self.manifest = manifest
        self.lock = lock  # held for the whole sweep; it covers the points' folders too
        self.resumed = resumed

    def close(self):
        if self.lock is not None:
            self.lock.release()

    @classmethod
    def create(cls, path, base, grid, resume=False, overwrite=False):
        path = Path(path)
        existed, held, made = _prepare(path, "sweep.json", resume, overwrite)
        with folders.removed_on_error(made), folders.released_on_error(held):
            return cls._open_locked(path, base, grid, existed, held)

    @classmethod
    def _open_locked(cls, path, base, grid, existed, held):
        manifest = {"format": SWEEP_FORMAT, "base": _sweep_base(base), "grid": grid.describe(),
                    "points": len(grid), "versions": _versions()}
        manifest["sweep_id"] = _study_id({**manifest["base"], "grid": manifest["grid"]})
        if existed:
            old = _checked_sweep(path)
            before, now = ({**m["base"], "grid": m["grid"]} for m in (old, manifest))
            if old.get("sweep_id") != manifest["sweep_id"] and not _same_study(before, now):
                changed = _differences(_located_nowhere(before), _located_nowhere(now))  # as a study's
                raise StoreError(_changed_device(path, "sweep", before, now, changed) or
                                 f"{path}: holds a different sweep ({changed}); use overwrite=True to replace it or "
                                 "another out")
            points = {p.name for p in integrity.sweep_entries(path) if p.parent == path / "points"}
            extra = sorted(points - {f"point_{i:04d}" for i in range(len(grid))})
            if extra:
                raise StoreError(f"{path / 'points' / extra[0]}: unexpected folder in the sweep points folder; "
                                 f"the sweep has points 0 ... {len(grid) - 1}")
            integrity.verify_index(path, "sweep_id", old["sweep_id"])
            integrity.remove_temporaries(path, "sweep")
            (path / "points").mkdir(exist_ok=True)
            return cls(path, old, held, resumed=True)
        integrity.remove_temporaries(path, "sweep")
        write_atomic(path / "sweep.json", _json_bytes(manifest))
        (path / "points").mkdir(exist_ok=True)
        return cls(path, manifest, held)

    def point(self, i, study, resume=False):
        """The study folder of grid point i (locked by the sweep's lock; see :meth:`warn_versions`)."""
        return StudyFolder.create(self.path / "points" / f"point_{i:04d}", study, resume=resume, lock=False,
                                  warn=False)

    def warn_versions(self, points):
        """One warning for the `points` (StudyFolders) started under other package versions: each point warned,
        10,000 lines for a sweep of MAX_SWEEP_POINTS (probe 18c, F2)."""
        started = collections.Counter(repr(p.manifest.get("versions")) for p in points if p.other_versions)
        if started:
            each = ", ".join(f"{n} started with {versions}" for versions, n in started.items())
            warnings.warn(f"{self.path}: resuming a sweep of {len(points)} points, {each}; now {_versions()}",
                          stacklevel=4)

    def finalize(self, result):
        result.to_csv(self.path / "sweep.csv")
        record = integrity.index_record(self.path, "sweep_id", self.manifest["sweep_id"], ["sweep.json", "sweep.csv"])
        write_atomic(self.path / INDEX_NAME, _json_bytes(record))


def _sweep_base(base):
    """The description of a sweep's base study, with the form of its points' c2c noise where that is not the
    additive one: the base of a c2c axis is noiseless, so its own description left the form out, and a sweep
    resumed with another ``--c2c-form`` was refused only at its first point, as "a different study" (probe 27c,
    left by C27-12). An additive sweep's description, and so its id, is the one it had."""
    described = base.describe()
    form = base.nonideal.c2c_form
    if form != "additive" and "nonideal" not in described:
        described["nonideal"] = {"c2c_form": form}
    return described


def _checked_sweep(path):
    """The manifest of a sweep folder whose sweep id matches its parameters (not edited)."""
    manifest = read_manifest(path, "sweep.json", SWEEP_FORMAT)
    integrity.check_id(manifest, "sweep_id", lambda m: _study_id({**m["base"], "grid": m["grid"]}),
                       Path(path) / "sweep.json")
    return manifest


@integrity.names_long_paths
def load_sweep(path):
    """The tidy table (dict of columns) of a finished sweep folder's sweep.csv (checked against index.json)."""
    folder = integrity.folder_argument(path, expected="the folder of a saved sweep")
    if held_elsewhere(folder):  # it said "run it again with resume=True", which the lock refuses (probe 17c, S1)
        raise StoreError(f"{path}: another crossbar run is writing this sweep; wait for it to finish")
    manifest = _checked_sweep(folder)
    file = Path(path) / "sweep.csv"
    if not file.is_file():
        raise StoreError(f"{file}: missing; the sweep is not complete (run it again with resume=True)")
    if integrity.verify_index(path, "sweep_id", manifest["sweep_id"], only=("sweep.json", "sweep.csv")) is None:
        raise StoreError(f"{path}: no {INDEX_NAME}; the sweep is not complete (run it again with resume=True)")
    try:
        return _sweep_columns(_csv_rows(file.read_text()))
    except (ValueError, IndexError, KeyError, csv.Error) as exc:
        raise StoreError(f"{file}: not a readable sweep table ({type(exc).__name__}: {exc})") from None


def _sweep_columns(lines):
    names, rows = lines[0], lines[1:]
    out = {}
    for k, name in enumerate(names):
        col = [r[k] for r in rows]
        if name in ("point", "max_epochs", "seed", "trials", "converged", "physical"):
            out[name] = np.array([int(x) for x in col])
        elif name in ("rule", "task", "c2c_form"):
            out[name] = np.array(col)
        else:
            out[name] = np.array([float(x) for x in col])
    out["physical"] = out["physical"].astype(bool)
    return out


@integrity.names_long_paths
def read_table(path):
    """The per-trial table of a finished study folder as a dict of columns (from trials.npy or trials.csv).

    The file read is checked against ``index.json``, as ``--from`` and ``--resume`` check what they
    read: a folder without its index is not complete (or its index was removed), and its table is
    not trusted. A path that is no study folder (missing, a file, no manifest, a loop of links) or one another run
    is writing is refused as :func:`load_study` refuses it: it was told the study is not complete (probe 27c, C27-4).
    """
    folder = Path(integrity.folder_argument(path))
    if held_elsewhere(folder):
        raise StoreError(f"{path}: another crossbar run is writing this study; wait for it to finish")
    study_id = checked_manifest(folder)["study_id"]
    binary, text = folder / "trials.npy", folder / "trials.csv"
    for file in (binary, text):
        if file.is_file():
            if integrity.verify_index(folder, "study_id", study_id, only=(file.name,)) is None:
                raise _not_complete(folder, f"{folder}: no {INDEX_NAME}, so {file.name} cannot be checked: the study "
                                    "is not complete, or its index was removed; run it again with resume=True to "
                                    "complete it and write the index")
            break
    if binary.is_file():
        try:
            flat = np.load(binary, allow_pickle=False)
            return {name: flat[name] for name in flat.dtype.names}
        except Exception as exc:
            raise StoreError(f"{binary}: not a readable table ({exc})") from None
    if text.is_file():
        try:
            lines = _csv_rows(text.read_text())
            names, rows = lines[0], lines[1:]
            out = {}
            for k, name in enumerate(names):
                values = [row[k] for row in rows]
                out[name] = np.array([float(v) if any(c in v for c in ".en") else int(v) for v in values])
        except (ValueError, IndexError, UnicodeDecodeError, csv.Error) as exc:
            raise StoreError(f"{text}: not a readable table ({type(exc).__name__}: {exc})") from None
        return out
    raise _not_complete(folder, f"{folder}: no trials.npy or trials.csv; the study is not complete (run it again with "
                                "resume=True)")


def _not_complete(path, said):
    """StoreError(`said`), or, for a point of a sweep (``points/point_NNNN`` of a folder with sweep.json), the sweep's
    refusal: a point is not resumed on its own (a study run into it is refused as a folder inside the sweep), so the
    advice of `said` was refused in turn, and while the sweep runs its point's folder holds no lock (probe 28c, C28-4)."""
    for point in (Path(path), Path(os.path.realpath(path))):  # a symbolic link to the point too (probe 29c, C29-7)
        sweep = point.parent.parent
        if point.parent.name == "points" and (sweep / "sweep.json").is_file():
            break
    else:
        return StoreError(said)
    if held_elsewhere(sweep):
        return StoreError(f"{path}: a point of the sweep in {sweep}, which another crossbar run is writing; wait for "
                          "it to finish")
    return StoreError(f"{path}: a point of the sweep in {sweep}, which is not complete; complete the sweep (run it "
                      "again with resume=True)")
