"""Checks made before a study or sweep starts: its arguments, and the memory it will need.

A study keeps its per-trial table in memory (one row of :func:`~crossbar.studies.trial_dtype`
per trial, about 240 bytes for a 4 x 4 crossbar) and writes it at the end; each chunk in
flight needs the engine's arrays. :func:`require_study_memory` and :func:`require_sweep_memory`
refuse, naming the size, what will not fit, instead of letting the run grow until the
operating system kills it hours later.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path

import numpy as np

from ..networks.engine import network_bytes, network_shapes
from ..numbers import TEXT, flag, instance, integer, real, real_array, shown, word
from ..resources import available_memory, format_bytes, require_memory, require_network_room
from ..tasks import TASKS, check_task_options
from ..training.checks import batch_bytes, check_conductances
from ..training.setting import parse_rule
from .integrity import StoreError, folder_argument
from .study import Study
from .workers import MAX_WORKERS, check_dask_address, stop_in_script_import

__all__ = ["check_run_arguments", "check_workers", "require_study_memory", "require_sweep_memory", "require_sweep_size",
           "grid_values", "task_spec", "MAX_SWEEP_POINTS", "MAX_WORKERS"]

#: Most points a sweep may have. Each point is a study of its own, checked before the sweep starts (about
#: 1.4 ms each: a million points took 23 minutes before the first study ran) and run in turn, with a folder
#: of its own under --out; a grid of more is refused before any of that, naming its size.
MAX_SWEEP_POINTS = 10_000

# Bytes per submitted task beyond its chunk (a future, and the pickled study for a process pool).
_TASK_BYTES = 8192
# A per-trial row written as CSV: up to about 25 characters per column.
_CSV_ROW_BYTES = 256
# A local worker process: the interpreter with numpy and numba loaded.
_WORKER_BYTES = 128 * 2**20


def check_workers(workers):
    """`workers` as a Python int 0 ... :data:`MAX_WORKERS` (a numpy integer too), or None; TypeError/ValueError
    naming it. 0 is None: the chunks run in this process (the command line's --workers starts at 1)."""
    if workers is None:
        return None
    workers = integer(workers, "workers", "an integer >= 0")
    if workers < 0:
        raise ValueError(f"workers = {workers!r}: expected an integer >= 0")
    if workers > MAX_WORKERS:  # 2**70 ran, as many processes as chunks: a typo taken for a request
        raise ValueError(f"workers = {workers!r}: expected an integer 0 ... {MAX_WORKERS} (local worker processes, "
                         "each about 128 MiB; more than the machine's cores compute nothing sooner)")
    return workers


def check_run_arguments(out, resume, overwrite, progress, callback, table_formats, table, executor=None,
                        workers=None):
    """TypeError/ValueError naming the argument of run_study / run_sweep; returns `workers` as an int (or None).
    In a worker process importing the script again, it ends that worker (:func:`workers.stop_in_script_import`)."""
    stop_in_script_import()
    if executor is not None and workers is not None:
        raise ValueError("give either executor or workers, not both")
    workers = check_workers(workers)
    if executor is not None and not (isinstance(executor, str) or hasattr(executor, "submit")):
        raise TypeError(f"executor must be a Dask address, 'local' or an object with submit(), "
                        f"got {type(executor).__name__}")
    if isinstance(executor, str):  # before a folder is made: 'thread' would fail only at the connection
        check_dask_address(executor, "executor")
    folder_argument(out, "out", "a folder path", none=True)
    resume, overwrite, progress = flag(resume, "resume"), flag(overwrite, "overwrite"), flag(progress, "progress", True)
    if resume and overwrite:
        raise ValueError("give resume or overwrite, not both")
    if (resume or overwrite) and out is None:
        raise ValueError(f"{'resume' if resume else 'overwrite'} needs out (a study folder)")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable, got {type(callback).__name__}")
    if table is not None:  # None: the table a resumed folder holds, else the first format
        table = word(table, "table", table_formats, f"table = {{}}: expected one of {table_formats}")
    if table not in (None, table_formats[0]) and out is None:  # as the command line's --table needs --out: nothing is written
        raise ValueError(f"table = {table!r} needs out (a study folder): without one no table is written")
    return workers


def grid_values(name, given):
    """The values of grid axis `name` as a tuple of floats (pairs, ints), or a ValueError naming the axis.

    Pairs (targets, offset_range) must have two numbers; integer axes (max_epochs, seed)
    whole numbers.
    """
    if isinstance(given, (Mapping, AbstractSet)):  # a dict's keys were read as the values, a set's in hash order
        raise TypeError(f"grid axis {name}: got a {type(given).__name__}; expected a list, tuple or array of values")
    if name == "rule":
        return _rule_values(given)
    if name == "task":
        given = given.split(",") if isinstance(given, str) else list(given)
        for value in given:
            task_spec(value)
        return _distinct(name, tuple(given))
    pairs, integers = name in ("targets", "offset_range"), name in ("max_epochs", "seed")
    expected = "a list of (a, b) pairs" if pairs else "a list of whole numbers" if integers else "a list of numbers"
    try:
        if isinstance(given, TEXT):
            raise TypeError
        given = list(given)
        if pairs:
            values = [tuple(v) for v in given]
            ok = all(len(v) == 2 for v in values)
        else:
            values, ok = given, True
    except TypeError:
        ok = False
    if not ok:
        raise ValueError(f"grid axis {name} = {shown(given)}: expected {expected}")
    # Each value a real number as TrainingSetting and Nonidealities take it: True, "1e7" or b"3" are refused,
    # not parsed, and 10**400 is named in a few words.
    label = f"grid axis {name}"
    if pairs:
        return _distinct(name, tuple(tuple(float(real(x, label, "a number")) for x in v) for v in values))
    if integers:
        numbers = [real(v, label, "a whole number") for v in values]
        if any(v != int(v) for v in numbers):
            raise ValueError(f"{label} = {shown(given)}: expected {expected}")
        return _distinct(name, tuple(int(v) for v in numbers))
    return _distinct(name, tuple(float(real(v, label, "a number")) for v in values))


def _distinct(name, values):
    """`values`, if no two are equal: two equal values of an axis are one grid point run twice."""
    seen = set()
    twice = next((v for v in values if v in seen or seen.add(v)), None)  # one pass: up to 10**6 values
    if twice is not None:
        raise ValueError(f"grid axis {name}: {twice!r} appears more than once; give each value once")
    numbers = [v if isinstance(v, tuple) else (v,) for v in values]
    if len(numbers) > 1 and all(isinstance(x, float) for v in numbers for x in v):
        pair = _close_pair(numbers)
        if pair is not None:  # 0.3 and 0.30000000000000004 trained the same crossbars twice
            a, b = (v[0] if len(v) == 1 else v for v in pair)
            raise ValueError(f"grid axis {name}: {a!r} and {b!r} differ by less than {_CLOSE:g} of their size: one "
                             "point run twice; give each value once")
    return values


def _close_pair(numbers):
    """The first two of `numbers` (tuples of floats of one length), in sorted order, whose every element differs
    by at most :data:`_CLOSE` of its size, as tuples of floats; None if no two are that close."""
    ordered = np.array(sorted(numbers))  # neighbours in this order (pairs: by their first number)
    near = np.abs(np.diff(ordered, axis=0)) <= _CLOSE * np.maximum(abs(ordered[1:]), abs(ordered[:-1]))
    first = np.flatnonzero(near.all(axis=1))
    if not first.size:
        return None
    return tuple(tuple(float(x) for x in v) for v in ordered[first[0]:first[0] + 2])


def _distinct_focus(rules):
    """`rules` (canonical names), if no two differ only in a focus THETA within :data:`_CLOSE` of its size:
    'batch+focus=0.3' and 'batch+focus=0.30000000001' trained the same crossbars twice, as values of a numeric
    axis did before they were held to the rule."""
    focused = {}  # the rule with its THETA taken out -> the THETAs given
    for rule in rules:
        parts = rule.split("+")
        theta = next((p for p in parts if p.startswith("focus=")), None)
        if theta is not None:
            focused.setdefault("+".join(p if p != theta else "focus" for p in parts), []).append(
                (float(theta[len("focus="):]),))
    for rest, thetas in focused.items():
        pair = _close_pair(thetas) if len(thetas) > 1 else None
        if pair is not None:
            a, b = (rest.replace("+focus", f"+focus={t!r}") for (t,) in pair)
            raise ValueError(f"grid axis rule: {a!r} and {b!r} differ by less than {_CLOSE:g} of their focus THETA: "
                             "one point run twice; give each rule once")
    return rules


#: Relative difference under which two values of a grid axis are one value (a slider's rule in the book too).
_CLOSE = 1e-9


def task_spec(value):
    """(name, options) of a task axis value: ``"letters"``, or ``"letters:held_out=3"`` (integer
    options of :func:`crossbar.tasks.task`, joined with ``:``); ValueError naming what is wrong."""
    if not isinstance(value, str):
        raise ValueError(f"grid axis task: {value!r} is not a task name; expected some of {', '.join(TASKS)}")
    name, *rest = value.split(":")
    if name not in TASKS:
        raise ValueError(f"grid axis task: unknown task {name!r}; expected some of {', '.join(TASKS)}")
    options = {}
    for item in rest:
        key, equals, number = item.partition("=")
        # a sign is read with the number: 'held_out=-1' is out of the option's range, which the check names
        if not equals or not key.isidentifier() or not re.fullmatch(r"-?[0-9]+", number) or key in options:
            raise ValueError(f"grid axis task: {value!r}: expected NAME or NAME:OPTION=INTEGER, e.g. "
                             "letters:held_out=3")
        options[key] = int(number)
    try:  # here, when the Grid is made: not at run time, as Python's "unexpected keyword argument"
        check_task_options(name, options)
    except ValueError as exc:
        raise ValueError(f"grid axis task: {value!r}: {exc}") from None
    return name, options


def _rule_values(given):
    """Canonical rule names of the rule axis, or a ValueError naming the bad one."""
    if isinstance(given, str):
        given = given.split(",")
    try:
        given = list(given)
    except TypeError:
        raise ValueError(f"grid axis rule = {given!r}: expected a list of rule names") from None
    try:
        rules = tuple(parse_rule(v) for v in given)
    except ValueError as exc:
        raise ValueError(f"grid axis {exc}") from None
    return _distinct_focus(_distinct("rule", rules))  # 'gated' and 'batch+gated' are one rule


def _chunk_bytes(study, workers, chunks, chunk_size=None):
    """Memory of the chunks computed at once (engine arrays, offset draws, tables) and of the workers
    (`chunk_size`: that of the study, unless given)."""
    (n, c), p = study.shape, study.patterns
    trials = min(study.chunk_size if chunk_size is None else chunk_size, study.trials)
    if study.network:  # what train_networks will ask for: a chunk of 1000 large networks was refused only there, in
        # the engine's words ('train fewer at a time'), naming no --chunk-size (probe 28c, C28-5)
        per_chunk = network_bytes(network_shapes(p, study.setting.hidden), p, study.test_patterns, trials) + \
            trials * study.trial_dtype.itemsize
    else:
        per_chunk = (batch_bytes(trials, study.setting.max_epochs, n, c, p.n_patterns, p.n_neurons, False)
                     + trials * (3 * 8 * n * c + study.trial_dtype.itemsize))
    in_flight = min(max(1, workers or 1), chunks)  # a process pool starts a worker per queued chunk at most
    return in_flight * (per_chunk + (_WORKER_BYTES if workers else 0))


def _study_bytes(study, workers, table, chunk_size):
    """Peak memory of `study` run in chunks of `chunk_size`: its per-trial table, the chunks in flight, the tasks."""
    row = study.trial_dtype.itemsize
    table_bytes = study.trials * (4 * row + (_CSV_ROW_BYTES if table in ("csv", "both") else 0))
    chunks = -(-study.trials // chunk_size)
    return table_bytes + _chunk_bytes(study, workers, chunks, chunk_size) + chunks * _TASK_BYTES


def _leanest_chunk_size(study, workers, need):
    """The chunk size (a power of 2, all the trials or the study's own) whose `need` (a function of the chunk size)
    is least: a smaller chunk holds fewer engine arrays but makes more tasks, each with its bytes (a chunk of 1 made
    the need of 10**9 trials 8.4 TiB, one of 10**4 958 GiB)."""
    sizes = {study.trials, study.chunk_size} | {2**k for k in range(64) if 2**k < study.trials}
    return min(sorted(sizes), key=need)


def _fits(nbytes):
    return nbytes <= (available_memory() or nbytes)


def _memory_fixes(study, workers, need, fewer):
    """What a study (or a sweep of such studies) whose `need(chunk_size, workers)` does not fit can do that would
    fit: `fewer` trials (or points), another chunk size, fewer workers, or a smaller hidden layer where one network
    alone does not fit. Only what helps is named: at one trial "run fewer trials" and at one point "sweep fewer
    points" could not be followed, and a network too large for memory did not name --hidden (probe 29c, C29-1,
    C29-2, C29-4)."""
    fixes, one = [], 4 * study.trial_dtype.itemsize + _TASK_BYTES + _chunk_bytes(study, None, 1, 1)
    if fewer and _fits(one + (_WORKER_BYTES if workers else 0)):
        fixes.append(fewer)
    size = _leanest_chunk_size(study, workers, lambda size: need(size, workers))
    if (lean := need(size, workers)) < need(study.chunk_size, workers) and _fits(lean):
        fixes.append(f"a chunk_size of {size} (which needs about {format_bytes(lean)})")
    text = ", or ".join(fixes)
    if workers and _fits(need(study.chunk_size, None)):  # fewer workers alone: not where only a chunk size helps too
        text += " or fewer workers" if text else "run with fewer workers"  # (probe 30c, C30-6)
    elif workers and not _fits(lean):  # one process at its leanest chunk
        alone = _leanest_chunk_size(study, None, lambda size: need(size, None))
        if alone != study.chunk_size and _fits(need(alone, None)):
            text += ("; or " if text else "") + f"a chunk_size of {alone} with one worker (which needs about " \
                                                f"{format_bytes(need(alone, None))})"
    if study.network and not _fits(one):
        text += ("; or " if text else "") + f"give the hidden layer fewer neurons than setting.hidden = " \
                                            f"{study.setting.hidden}"
    return text


def require_study_memory(study, workers=None, table="npy"):
    """Refuse a study whose per-trial table and chunks in flight will not fit in memory. The advice names a chunk
    size only where another one would fit (a smaller chunk size was advised where every smaller one needed more)."""
    if not isinstance(study, Study):
        raise TypeError(f"study must be a Study, got {type(study).__name__}")
    if study.network:  # before the folder is made: OpenBLAS's own error ended the run (probe 30c, C30-2)
        require_network_room(study.setting)
    need = _study_bytes(study, workers, table, study.chunk_size)
    if _fits(need):
        return
    fewer = "run fewer trials per study (several seeds)" if study.trials > 1 else ""
    require_memory(need, f"a study of trials = {study.trials} (chunk_size = {study.chunk_size}"
                         + (f", workers = {workers})" if workers else ")"),
                   _memory_fixes(study, workers, lambda size, w: _study_bytes(study, w, table, size), fewer))


def require_sweep_memory(base, points, workers=None, keep_results=False):
    """Refuse a sweep of `points` grid points like `base` whose tasks, kept tables and chunks in
    flight will not fit in memory (checked before the points' studies are made)."""
    if not isinstance(base, Study):
        raise TypeError(f"base must be a Study, got {type(base).__name__}")
    if base.network:
        require_network_room(base.setting)
    row = base.trial_dtype.itemsize

    def need(chunk_size, workers, points=points):
        tasks = points * -(-base.trials // chunk_size)
        # Points run in order, so at most a few points' tables are incomplete at a time.
        tables = base.trials * 2 * row * max(2, workers or 1)
        kept = points * base.trials * row if keep_results else 0
        return tasks * _TASK_BYTES + kept + tables + _chunk_bytes(base, workers, tasks, chunk_size)

    # fewer points only where one point fits: a sweep's need hardly depends on its points (probe 30c, C30-7)
    points_help, trials_help = points > 1 and _fits(need(base.chunk_size, workers, 1)), base.trials > 1
    fewer = ("sweep fewer points" + (" or fewer trials per point" if trials_help else "") if points_help else
             "run fewer trials per point" if trials_help else "")
    require_memory(need(base.chunk_size, workers),
                   f"a sweep of {points} point{'s' * (points != 1)} x trials = {base.trials} (chunk_size = {base.chunk_size}, "
                   f"{points * base.n_chunks} chunks" + (f", workers = {workers})" if workers else ")"),
                   _memory_fixes(base, workers, need, fewer))


def require_sweep_size(base, grid, name="grid"):
    """Refuse a sweep of more than :data:`MAX_SWEEP_POINTS` points, before its points are made or checked."""
    points = len(grid)
    if points <= MAX_SWEEP_POINTS:
        return
    shape = " x ".join(str(len(values)) for _, values in grid.axes)
    trained = points * base.trials
    raise ValueError(f"{name}: a sweep of {points:,} points ({shape}) x {base.trials:,} trials = {trained:,} "
                     f"crossbars trained: expected at most {MAX_SWEEP_POINTS:,} points, each a study checked before "
                     "the sweep starts and run in turn; give fewer values per axis, or split the grid into sweeps")


def made_folder(out, create):
    """``create()`` (a study's or sweep's folder at `out`), with an OSError of the machine while the folder is
    made, checked or locked (no such parent, a read-only or virtual file system, a name too long) turned into
    a :class:`FolderError` naming `out`, as the command line names --out: it was a raw FileNotFoundError,
    PermissionError or OSError from pathlib."""
    try:
        return create()
    except OSError as exc:
        where = os.fsdecode(exc.filename) if exc.filename is not None else None
        shown_out = os.fsdecode(out)
        at = "" if where is None or where == shown_out else f" ({where})"
        error = FolderError(f"out = {shown_out!r}: the folder cannot be made or written: {exc.strerror or exc}{at}; "
                            "expected a writable folder")
        error.errno, error.strerror, error.filename = exc.errno, exc.strerror, exc.filename
        raise error from exc



def require_path_room(out, n_chunks, points=None):
    """Refuse (:class:`FolderError`, naming `out`) a folder whose run would write a path longer than the system
    takes (PATH_MAX): its deepest file, a chunk's temporary (under a sweep's ``points/point_NNNN/`` with `points`).
    The folder was made, then the first chunk's write failed with "File name too long", leaving a half-made folder
    that cannot be resumed (probe 26c, C26-1)."""
    if out is None:
        return
    name = f".chunk_{'0' * max(6, len(str(n_chunks - 1)))}-{'0' * 16}.npy.tmp-{os.getpid()}"
    point = () if points is None else ("points", f"point_{'0' * max(4, len(str(points - 1)))}")
    deepest = len(os.fsencode(os.path.join(os.fspath(Path(out)), *point, "chunks", name)))
    try:
        most = os.pathconf(next((p for p in (Path(out), *Path(out).parents) if p.is_dir()), Path(".")),
                           "PC_PATH_MAX") - 1  # the count includes the final NUL
    except (OSError, ValueError):
        most = 4095
    if deepest > most:
        why = (f"File name too long: the paths of its files would be up to {deepest} bytes, and the system takes "
               f"at most {most}; give a shorter path")
        error = FolderError(f"out = {os.fsdecode(out)!r}: the folder cannot be made or written: {why}")
        error.errno, error.strerror, error.filename = errno.ENAMETOOLONG, why, os.fspath(out)
        raise error


class FolderError(StoreError, OSError):
    """A study's or sweep's folder the machine would not make: a StoreError (a ValueError) naming `out` for the
    API, and still the OSError it was (errno, strerror, filename) for the command line, which names --out."""

    def __str__(self):
        return str(self.args[0])


def crossbar_offsets(study, offsets):
    """`offsets` (T, N, C) of `study`'s crossbars as float64, or TypeError / ValueError naming them.

    They are the offsets the devices got (a study's table holds those), so each must be finite and start
    a device, and take it at the top of its curve, inside the physical range at the study's gain
    (:func:`crossbar.training.checks.check_conductances`): NaN, 5 S and -1 S were answered "feasible".
    """
    instance(study, Study, "study")
    offsets = real_array(offsets, "offsets", "an array of offsets in siemens")
    if offsets.ndim != 3 or offsets.shape[1:] != study.shape:
        raise ValueError(f"offsets: expected an array (T, N, C) of the study's {study.shape} crossbars, "
                         f"got shape {offsets.shape}")
    if not np.isfinite(offsets).all():
        where = tuple(int(k) for k in np.argwhere(~np.isfinite(offsets))[0])
        raise ValueError(f"offsets[{', '.join(map(str, where))}] = {float(offsets[where])!r}: expected finite offsets "
                         "in siemens")
    check_conductances(study.device, study.effective_setting.gain, offsets)
    return offsets
