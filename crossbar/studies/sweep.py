"""Parameter sweeps: one Monte Carlo study per point of a cartesian grid.

:func:`run_sweep` runs a grid of studies (:class:`Grid`) through the chunk
machinery of :mod:`crossbar.studies.execution` and returns a tidy table of
convergence rate and Wilson interval per grid point.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

import numpy as np

from ..devices.offsets import RescaledExponential, RescaledLognormal
from ..devices.variation import NONIDEAL_KNOBS
from ..numbers import flag, instance, integer, real, shown
from ..tasks import task, task_of
from . import folders as held_tables
from . import limits, store
from .execution import run_chunks
from .study import Study, StudyResult

__all__ = ["GRID_AXES", "Grid", "apply_point", "SweepResult", "SWEEP_COLUMNS", "run_sweep"]


#: Grid axes and what they change.
GRID_AXES = {
    "beta": "activation gain beta, 1/A",
    "targets": "(t+, t-) pairs",
    "target_high": "t+",
    "target_low": "t-",
    "gain": "multiplication factor K",
    "max_epochs": "most update epochs E",
    "offset_range": "(lo, hi) of a rescaled offset distribution, S",
    "offset_spread": "spread D of the rescaled lognormal",
    "seed": "random seed",
    "task": "task (diagonals, letters, digits; with options such as letters:held_out=3); a bias row as the "
            "base study's patterns have",
    "rule": "training rule (batch, gated, online, two-way, refresh or a combination such as online+gated)",
    **{k: f"non-ideality {k} (crossbar.Nonidealities)" for k in NONIDEAL_KNOBS},
}


@dataclass(frozen=True)
class Grid:
    """A cartesian grid of study parameters, axes in the order given.

    ``Grid(beta=[1e6, 1e7], targets=[(0.8, -0.8), (0.5, -0.5)])`` has 4
    points. Axes: see :data:`GRID_AXES`.
    """

    axes: tuple  # ((name, (values ...)), ...)

    def __init__(self, **axes):
        if not axes:
            raise ValueError("a grid needs at least one axis")
        _refuse_same_knob(axes, "grid axes")
        items = []
        for name, values in axes.items():
            if name not in GRID_AXES:
                raise ValueError(f"unknown grid axis {name!r}; expected one of {sorted(GRID_AXES)}")
            values = limits.grid_values(name, values)
            if not values:
                raise ValueError(f"grid axis {name!r} has no values")
            items.append((name, values))
        object.__setattr__(self, "axes", tuple(items))

    @property
    def names(self):
        return [n for n, _ in self.axes]

    @property
    def shape(self):
        return tuple(len(v) for _, v in self.axes)

    def __len__(self):
        return math.prod(self.shape)

    def points(self):
        """Each grid point as a dict axis -> value, last axis fastest."""
        names = self.names
        return [dict(zip(names, combo)) for combo in itertools.product(*(v for _, v in self.axes))]

    def describe(self):
        return {n: [list(v) if isinstance(v, tuple) else v for v in vals] for n, vals in self.axes}


def _refuse_same_knob(names, what):
    """Two axes that set the same knob: ``targets`` sets t+ and t-, so with ``target_high`` or ``target_low`` the
    later one silently won (Grid(targets=[(0.5, -0.5)], target_high=[0.6]) ran t+ = 0.6, the other order 0.5,
    and sweep.json recorded both)."""
    for name in ("target_high", "target_low"):
        if "targets" in names and name in names:
            raise ValueError(f"{what} targets and {name} both set {'t+' if name == 'target_high' else 't-'}: "
                             f"give targets (t+, t-) pairs, or {name} alone")


def apply_point(base, point) -> Study:
    """The study of one grid point: `base` with the point's values."""
    instance(base, Study, "base")
    instance(point, dict, "point", "a dict of grid axis -> value")
    unknown = sorted(set(point) - set(GRID_AXES), key=str)
    if unknown:  # it would be dropped without a word
        raise ValueError(f"point: unknown grid axis {unknown[0]!r}; expected some of {sorted(GRID_AXES)}")
    _refuse_same_knob(point, "point")
    setting = {}
    changes = {}
    knobs = {}
    offsets = base.offsets
    for name, value in point.items():
        if name in NONIDEAL_KNOBS:
            knobs[name] = value
        elif name == "rule":
            setting["rule"] = value
        elif name == "task":
            task_name, options = limits.task_spec(value)
            if not options and task_name == task_of(base.patterns):
                # the base's own task: its pattern sets as they are, held-out split (and bias) kept, as the
                # command line's --held-out K gives its letters axis value 'letters:held_out=K'
                training, test = base.patterns, base.test_patterns
            else:
                training, test = task(task_name, **options)
                bias = base.patterns.bias_voltage
                # a bias row the user gave the diagonals (--bias) carries over to them; the letters' and the
                # digits' own row is their task's, and the diagonals of a letters base get none (probe 4 CLI, 1)
                if task_name == "diagonals" and bias is not None and task_of(base.patterns) == "diagonals":
                    training, test = training.with_bias(bias), test.with_bias(bias)
            changes["patterns"], changes["test_patterns"] = training, test
        elif name == "targets":
            setting["target_high"], setting["target_low"] = value
        elif name in ("beta", "target_high", "target_low", "gain", "max_epochs"):
            setting[name] = value
        elif name == "offset_range":
            if not isinstance(offsets, (RescaledLognormal, RescaledExponential)):
                raise ValueError(f"offset_range needs a rescaled offset distribution, the study has {offsets.kind}")
            offsets = _offsets_at(offsets, name, value, lo=value[0], hi=value[1])
        elif name == "offset_spread":
            if not isinstance(offsets, RescaledLognormal):
                raise ValueError(f"offset_spread needs the rescaled-lognormal distribution, the study has {offsets.kind}")
            offsets = _offsets_at(offsets, name, value, spread=value)
        elif name == "seed":
            changes["seed"] = value
    if knobs:
        changes["nonideal"] = base.nonideal.replace(**knobs)
    return replace(base, setting=base.setting.replace(**setting), offsets=offsets, **changes)


def _offsets_at(offsets, axis, value, **fields):
    """`offsets` with `fields` of a grid point, or the distribution's ValueError naming the grid `axis` and its
    value (it said "spread must be > 0, got -5.0", a name the grid does not have)."""
    try:
        return replace(offsets, **fields)
    except ValueError as exc:
        raise ValueError(f"grid axis {axis} = {value!r} ({type(offsets).__name__}): {exc}") from None


@dataclass(frozen=True, eq=False)
class SweepResult:
    """Tidy table of a sweep: one row per grid point.

    Attributes
    ----------
    base : Study
    grid : Grid
    table : dict of str -> ndarray
        Columns: ``point``, the setting (beta, target_high, target_low, gain,
        max_epochs), the offsets (offset_lo, offset_hi, offset_spread, NaN
        where not applicable), seed, task (the training set's name), rule, the non-idealities (c2c,
        window_spread, nonlinearity_spread, stuck_low, stuck_high,
        read_noise), c2c_form (the form of the c2c noise), trials, converged, rate, ci_low, ci_high,
        epochs_mean, epochs_median, epochs_p10, epochs_p90,
        saturated_fraction, physical.
    results : list of StudyResult or None
        Per-point per-trial tables, if kept.
    path : str or None
    """

    base: Study
    grid: Grid
    table: dict
    results: list | None = None
    path: str | None = None

    def __len__(self):
        return len(self.table["point"])

    def rate_at(self, **values):
        """Convergence rate of the one grid point whose columns equal `values`, e.g. ``rate_at(gain=10.0)``."""
        table = self.table
        if not values:
            raise PointError(f"rate_at: expected the values of the sweep's columns that pick one grid point, "
                             f"e.g. rate_at(beta=6e7, max_epochs=100)")
        unknown = sorted(set(values) - set(table))
        if unknown:
            raise PointError(f"{unknown[0]}: no sweep column of that name; columns are {', '.join(sorted(table))}")
        # "1e7" matches no beta: refused by name, not reported as no match
        checked = {k: _cell(v, np.asarray(table[k]).dtype.kind, k) for k, v in values.items()}
        sel = np.logical_and.reduce([np.asarray(table[k]) == v for k, v in checked.items()])
        if sel.sum() != 1:
            taken = "; ".join(f"{k} takes {', '.join(map(str, sorted(set(np.asarray(table[k]).tolist()))))}"
                              for k in checked)
            raise PointError(f"{', '.join(f'{k}={v!r}' for k, v in checked.items())}: matches {int(sel.sum())} grid "
                             f"points, expected exactly 1 ({taken})")
        return float(np.asarray(table["rate"])[sel][0])

    def best(self, n=1):
        """Row indices of the n highest rates (ties: higher CI lower bound, then order)."""
        n = integer(n, "n", "a number of rows >= 1")
        if n < 1:  # -1 would slice off the last row: all but the worst, not the best
            raise ValueError(f"n = {shown(n)}: expected a number of rows >= 1")
        order = np.lexsort((np.arange(len(self)), -self.table["ci_low"], -self.table["rate"]))
        return order[:n]

    def row(self, i):
        """The columns of row `i` (0 ... len - 1; negative counts from the end) as a dict."""
        i = self._point(i)
        return {k: v[i].item() if hasattr(v[i], "item") else v[i] for k, v in self.table.items()}

    def study(self, i) -> Study:
        """The study of grid point `i` (0 ... len - 1; negative counts from the end)."""
        return apply_point(self.base, self.grid.points()[self._point(i)])

    def _point(self, i):
        """`i` as a row number, or an error naming it: "a", 0.0 or 5 of 2 rows is no row."""
        i, n = integer(i, "i", "a row number"), len(self)
        if not -n <= i < n:
            raise ValueError(f"i = {shown(i)}: expected a row number 0 ... {n - 1} (or -{n} ... -1 from the end)")
        return i

    def to_csv(self, path=None):
        """The table as CSV text (and written to `path` atomically if given: a regular file's path, or none yet)."""
        text = store.table_csv(self.table)
        if path is not None:
            store.write_atomic(path, text.encode())  # file_to_write's checks: a link, a FIFO, /dev/full (31c, C31-18)
        return text


def _cell(value, kind, name):
    """`value` of sweep column `name` (of numpy dtype `kind`): a name, a switch or a number."""
    if kind == "U":
        return instance(value, str, name, "a name")
    return flag(value, name) if kind == "b" else real(value, name)


class PointError(ValueError, KeyError):
    """No grid point or more than one matches :meth:`SweepResult.rate_at`'s values: a ValueError naming the
    argument, and still the KeyError that callers of the lookup caught."""

    __str__ = ValueError.__str__  # KeyError's would quote the message


SWEEP_COLUMNS = ("point", "beta", "target_high", "target_low", "gain", "max_epochs", "offset_lo",
                 "offset_hi", "offset_spread", "seed", "task", "rule", *NONIDEAL_KNOBS, "c2c_form", "trials",
                 "converged", "rate", "ci_low", "ci_high", "epochs_mean", "epochs_median", "epochs_p10", "epochs_p90",
                 "saturated_fraction", "physical")


def _sweep_row(i, study, summary):
    s, o = study.setting, study.offsets
    return {
        "point": i, "beta": s.beta, "target_high": s.target_high, "target_low": s.target_low,
        "gain": s.gain, "max_epochs": s.max_epochs,
        "offset_lo": getattr(o, "lo", math.nan), "offset_hi": getattr(o, "hi", math.nan),
        "offset_spread": getattr(o, "spread", math.nan), "seed": study.seed, "task": study.patterns.name, "rule": s.rule,
        **study.nonideal.as_dict(), "c2c_form": study.nonideal.c2c_form,
        **{k: v for k, v in summary.as_dict().items()},
    }


def run_sweep(base, grid, out=None, executor=None, workers=None, resume=False, overwrite=False,
              progress=None, keep_results=False, callback=None, table=None) -> SweepResult:
    """Run one Monte Carlo study per grid point; chunks of every point share the executor.

    Every point uses the base study's seed (unless ``seed`` is an axis), so
    where the offset distribution is the same, every point trains the same
    crossbars: differences between points are not sampling noise between
    different crossbars (common random numbers).

    Parameters
    ----------
    base : Study
        Everything the grid does not change (device, trials, seed, ...).
    grid : Grid
    out : str or Path, optional
        Sweep folder: ``sweep.json``, ``sweep.csv`` and one study folder per
        point under ``points/``.
    executor, workers, resume, overwrite, progress, table
        As for :func:`run_study` (`table`: how each point's folder gets its per-trial table; `workers`
        0 or None: in this process, 1 ... 1024: local worker processes).
    keep_results : bool
        Keep every point's per-trial table in memory (``results``).
    callback : callable, optional
        ``callback(point, chunk, table)`` after each chunk is saved.

    Returns
    -------
    SweepResult
    """
    if not isinstance(grid, Grid):
        raise TypeError(f"grid must be a Grid, got {type(grid).__name__}")
    keep_results = flag(keep_results, "keep_results")  # "yes" or "no" would be taken as True
    workers = limits.check_run_arguments(out, resume, overwrite, progress, callback, store.TABLE_FORMATS, table,
                                         executor, workers)
    limits.require_sweep_size(base, grid)
    limits.require_sweep_memory(base, len(grid), workers, keep_results)
    studies = [apply_point(base, p) for p in grid.points()]
    limits.require_path_room(out, max(s.n_chunks for s in studies), len(studies))
    if out is None:
        return _run_sweep(base, grid, studies, None, executor, workers, progress, keep_results, callback, table)
    sweep = limits.made_folder(out, lambda: store.SweepFolder.create(out, base, grid, resume=resume,
                                                                     overwrite=overwrite))
    try:
        return _run_sweep(base, grid, studies, sweep, executor, workers, progress, keep_results, callback, table)
    finally:
        sweep.close()


def _run_sweep(base, grid, studies, sweep, executor, workers, progress, keep_results, callback, table):
    folders = [None] * len(studies)
    if sweep is not None:
        folders = [sweep.point(i, s, resume=sweep.resumed) for i, s in enumerate(studies)]
        sweep.warn_versions(folders)
    table = held_tables.resumed_table([(f.path, f.table) for f in folders if f is not None], table)  # before any work
    tables = [[None] * s.n_chunks for s in studies]
    for i, f in enumerate(folders):
        if f is not None:
            for c, t in f.finished_chunks().items():
                tables[i][c] = t
    todo = [(i, c) for i, s in enumerate(studies) for c in range(s.n_chunks) if tables[i][c] is None]
    rows = [None] * len(studies)
    results = [None] * len(studies) if keep_results else None

    def finish_point(i):
        t = np.concatenate(tables[i])
        r = StudyResult(studies[i], t, None if folders[i] is None else str(folders[i].path))
        if folders[i] is not None:
            folders[i].finalize(r, table)
        rows[i] = _sweep_row(i, studies[i], r.summary())
        if keep_results:
            results[i] = r
        tables[i] = None  # free memory

    def done(k, rows_of_chunk):
        i, c = todo[k]
        if folders[i] is not None:
            folders[i].write_chunk(c, rows_of_chunk)
        tables[i][c] = rows_of_chunk
        if callback is not None:
            callback(i, c, rows_of_chunk)
        if all(t is not None for t in tables[i]):
            finish_point(i)

    for i in range(len(studies)):  # points finished before a resume
        if all(t is not None for t in tables[i]):
            finish_point(i)
    run_chunks([(studies[i], c) for i, c in todo], executor, workers, progress, "sweep", done)
    columns = {k: np.array([r[k] for r in rows]) for k in SWEEP_COLUMNS}
    result = SweepResult(base, grid, columns, results, None if sweep is None else str(sweep.path))
    if sweep is not None:
        sweep.finalize(result)
    return result
