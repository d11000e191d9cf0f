"""Monte Carlo convergence studies and parameter sweeps.

A :class:`Study` is one setting trained on ``trials`` crossbars whose
device-to-device offsets are drawn from one seed. Trial k's offsets come from
its own counter-based stream (:mod:`crossbar.random`), and the engine trains
every trial independently, so trial k's result depends only on the seed, k
and the setting: not on the chunk it runs in, the number of workers, or the
executor.

The trials are cut into chunks, chunk c holding trials
``[c * chunk_size, (c + 1) * chunk_size)``; :func:`run_chunk` computes one
chunk and is a pure top-level function, so a process pool or a Dask cluster
can run it. :func:`run_study` drives the chunks through an executor (in
process by default), writes each finished chunk to the study folder
(:mod:`crossbar.store`) and returns a :class:`StudyResult`.

:func:`run_sweep` runs a grid of studies (:class:`Grid`) through the same
machinery and returns a tidy table of convergence rate and Wilson interval
per grid point.
"""

from __future__ import annotations

import concurrent.futures as cf
import itertools
import math
import multiprocessing
import os
import sys
from dataclasses import dataclass, field, replace

import numpy as np

from . import physics
from .device import DeviceCurve, default_device
from .engine import evaluate, train_batch
from .offsets import REFERENCE_OFFSETS, OffsetDistribution, RescaledExponential, RescaledLognormal
from .patterns import PatternSet, diagonals_test, diagonals_training, input_voltages
from .setting import DEFAULT, TrainingSetting


def load_study(path, device=None):
    """The StudyResult saved in a study folder; see :func:`crossbar.store.load_study`."""
    from .store import load_study as _load

    return _load(path, device)

__all__ = [
    "Study",
    "StudyResult",
    "StudySummary",
    "Grid",
    "SweepResult",
    "run_chunk",
    "run_study",
    "run_sweep",
    "wilson_interval",
    "trial_dtype",
    "locked_pairs",
    "failure_analysis",
    "min_visited_conductance",
    "requirement_table",
    "required_range",
    "outcome_profile",
    "weights_feasible",
    "apply_point",
    "load_study",
]

#: z for a two-sided 95 % interval.
Z95 = 1.959963984540054


# --------------------------------------------------------------------------- statistics

def wilson_interval(successes, trials, z=Z95):
    """Wilson score interval of a binomial proportion.

    (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), p = successes / n.

    Parameters
    ----------
    successes, trials : int or array_like of int
        k successes out of n trials, 0 <= k <= n, n >= 1.
    z : float
        Standard-normal quantile; default 1.96 (95 %).

    Returns
    -------
    (low, high) : floats or arrays
    """
    k = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    if np.any(n < 1) or np.any(k < 0) or np.any(k > n):
        raise ValueError(f"need 0 <= successes <= trials and trials >= 1, got {successes!r} of {trials!r}")
    p = k / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z / denom * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = np.where(k == 0, 0.0, centre - half)
    high = np.where(k == n, 1.0, centre + half)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


# --------------------------------------------------------------------------- study

@dataclass(frozen=True, eq=False)
class Study:
    """One setting trained on many crossbars with random device offsets.

    Attributes
    ----------
    device : DeviceCurve
        Conductance-vs-pulse curve of every device (default: the embedded device).
    setting : TrainingSetting
        Circuit and training knobs (beta, targets, K, epochs, voltages).
    offsets : OffsetDistribution
        Device-to-device offset distribution (a property of the hardware).
    patterns : PatternSet
        Training set (default: the diagonals).
    test_patterns : PatternSet
        Patterns for the test accuracy (default: the ten other 2x2 images).
    trials : int
        Number of crossbars T, trials 0 ... T-1.
    seed : int
        Seed of every trial's offset stream.
    chunk_size : int
        Trials per chunk: the unit of work, of parallelism and of what is
        saved. Results do not depend on it.
    """

    device: DeviceCurve = field(default_factory=default_device)
    setting: TrainingSetting = DEFAULT
    offsets: OffsetDistribution = REFERENCE_OFFSETS
    patterns: PatternSet = field(default_factory=diagonals_training)
    test_patterns: PatternSet = field(default_factory=diagonals_test)
    trials: int = 1000  # T, crossbars
    seed: int = 0  # non-negative integer
    chunk_size: int = 10_000  # trials per chunk

    def __post_init__(self):
        def bad(name, value, expected):
            raise ValueError(f"Study.{name} = {value!r}: expected {expected}")

        if not isinstance(self.device, DeviceCurve):
            bad("device", type(self.device).__name__, "a DeviceCurve")
        if not isinstance(self.setting, TrainingSetting):
            bad("setting", type(self.setting).__name__, "a TrainingSetting")
        if not isinstance(self.offsets, OffsetDistribution):
            bad("offsets", type(self.offsets).__name__, "an OffsetDistribution")
        for name in ("patterns", "test_patterns"):
            if not isinstance(getattr(self, name), PatternSet):
                bad(name, type(getattr(self, name)).__name__, "a PatternSet")
        if (self.test_patterns.n_inputs, self.test_patterns.n_neurons) != (
            self.patterns.n_inputs, self.patterns.n_neurons):
            bad("test_patterns", self.test_patterns.name,
                f"N={self.patterns.n_inputs} inputs and M={self.patterns.n_neurons} neurons like the training set")
        for name, low in (("trials", 1), ("seed", 0), ("chunk_size", 1)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
                bad(name, value, f"an integer >= {low}")
            object.__setattr__(self, name, int(value))

    @property
    def shape(self):
        """(N, C): inputs and columns (2 per neuron) of the crossbar."""
        return (self.patterns.n_inputs, 2 * self.patterns.n_neurons)

    @property
    def n_chunks(self):
        return -(-self.trials // self.chunk_size)

    def chunk_trials(self, chunk):
        """Trial numbers of chunk `chunk`."""
        if not 0 <= chunk < self.n_chunks:
            raise IndexError(f"chunk {chunk} out of range 0 ... {self.n_chunks - 1}")
        return np.arange(chunk * self.chunk_size, min((chunk + 1) * self.chunk_size, self.trials))

    def replace(self, **changes) -> "Study":
        """A copy with some fields changed. Setting fields (beta, gain, ...) may be given directly."""
        setting_fields = {k: changes.pop(k) for k in list(changes) if k in TrainingSetting.__dataclass_fields__}
        if setting_fields:
            changes["setting"] = changes.get("setting", self.setting).replace(**setting_fields)
        return replace(self, **changes)

    def describe(self) -> dict:
        """Every parameter as a JSON-ready dict (the device by name and content hash)."""
        d = self.device
        return {
            "device": {
                "name": d.name, "sha256": d.sha256, "source": d.source, "points": d.length,
                "window": d.window, "g0": float(d.conductance[0]),
                "default": d.sha256 == default_device().sha256,
            },
            "setting": self.setting.as_dict(),
            "offsets": self.offsets.describe(),
            "patterns": _describe_patterns(self.patterns),
            "test_patterns": _describe_patterns(self.test_patterns),
            "trials": self.trials,
            "seed": self.seed,
            "chunk_size": self.chunk_size,
        }


def _describe_patterns(p):
    return {"name": p.name, "bits": p.bits.tolist(), "labels": p.labels.tolist()}


def trial_dtype(shape):
    """Structured dtype of one row of the per-trial table for a crossbar of shape (N, C).

    Fields: trial, converged, epochs, total_error, training_accuracy,
    test_accuracy, saturated_devices (pulsed to the end of the curve,
    m >= L-1), min_conductance (smallest G any device passed through during
    training, S), offsets (N, C) S, pulse_count (N, C).
    """
    return np.dtype([
        ("trial", "<i8"), ("converged", "?"), ("epochs", "<i4"), ("total_error", "<f8"),
        ("training_accuracy", "<f8"), ("test_accuracy", "<f8"), ("saturated_devices", "<i4"),
        ("min_conductance", "<f8"), ("offsets", "<f8", tuple(shape)), ("pulse_count", "<i4", tuple(shape)),
    ])


def _accuracy(f, labels, setting):
    """Fraction of (pattern, neuron) answers equal to the label, per trial; undecided counts as wrong."""
    pred = physics.predict(f, setting.target_high, setting.target_low)
    return (pred == labels).mean(axis=(-2, -1))


def min_visited_conductance(curve, pulse_count, offsets, gain):
    """Smallest conductance each crossbar's devices passed through, S: (B, N, C) -> (B,).

    A device pulsed m times went through g(0) ... g(m), so its lowest
    conductance is K (min_{k <= m} g(k) - g(0) + s). A physical crossbar has
    this > 0 everywhere.
    """
    curve = np.asarray(curve)
    low = np.minimum.accumulate(curve - curve[0])
    m = np.minimum(np.asarray(pulse_count), curve.size - 1)
    g = gain * (low[m] + offsets)
    return g.reshape(g.shape[0], -1).min(axis=1)


def run_chunk(study, chunk, threads=None):
    """Train the trials of one chunk; a pure function of (study, chunk).

    Parameters
    ----------
    study : Study
    chunk : int
        Chunk number c: trials ``[c * chunk_size, (c + 1) * chunk_size)``.
    threads : int, optional
        Numba threads for this call (1 in worker processes); default: leave as is.

    Returns
    -------
    ndarray of :func:`trial_dtype`, one row per trial
    """
    if threads is not None:
        import numba

        numba.set_num_threads(int(threads))
    trials = study.chunk_trials(chunk)
    S = study.offsets.sample(study.seed, trials, study.shape)
    run = train_batch(study.device, S, study.setting, study.patterns)
    s = study.setting
    table = np.zeros(trials.size, trial_dtype(study.shape))
    table["trial"] = trials
    table["converged"] = run.converged
    table["epochs"] = run.epochs
    table["total_error"] = run.total_error
    # The engine already returns the final activations of the training patterns.
    table["training_accuracy"] = _accuracy(run.activation, study.patterns.labels, s)
    table["test_accuracy"] = _accuracy(evaluate(run.conductance, study.test_patterns, s),
                                       study.test_patterns.labels, s)
    table["saturated_devices"] = (run.pulse_count >= study.device.length - 1).sum(axis=(1, 2))
    table["min_conductance"] = min_visited_conductance(study.device.conductance, run.pulse_count, S, s.gain)
    table["offsets"] = S
    table["pulse_count"] = run.pulse_count
    return table


# --------------------------------------------------------------------------- results

@dataclass(frozen=True)
class StudySummary:
    """Convergence rate with its 95 % Wilson interval and the epochs of converged trials."""

    trials: int  # T
    converged: int  # trials that met every target
    rate: float  # converged / trials
    ci_low: float  # 95 % Wilson interval
    ci_high: float
    epochs_mean: float  # update epochs of the converged trials (NaN if none)
    epochs_median: float
    epochs_p10: float
    epochs_p90: float
    saturated_fraction: float  # trials with at least one device pulsed to the end of the curve
    physical: bool  # every conductance of every trial stayed > 0

    def as_dict(self):
        return dict(self.__dict__)

    def __str__(self):
        e = (f"epochs to converge: mean {self.epochs_mean:.1f}, median {self.epochs_median:g}, "
             f"p10 {self.epochs_p10:g}, p90 {self.epochs_p90:g}" if self.converged else
             "epochs to converge: - (no trial converged)")
        return "\n".join([
            f"converged  {self.converged} of {self.trials} trials: rate {_pct(self.rate)} "
            f"(95 % CI {_pct(self.ci_low)} - {_pct(self.ci_high)}, Wilson)",
            e,
            f"saturated  {_pct(self.saturated_fraction)} of trials pulsed a device to the end of the curve",
            f"physical   {'yes: every conductance stayed > 0' if self.physical else 'NO: some conductance went <= 0'}",
        ])


def _pct(x):
    return f"{100 * x:.3g} %" if x >= 1e-3 or x == 0 else f"{100 * x:.2g} %"


@dataclass(frozen=True, eq=False)
class StudyResult:
    """Per-trial table of a study, sorted by trial, and its summary.

    Attributes
    ----------
    study : Study
    table : structured ndarray of :func:`trial_dtype`, shape (T,)
    path : str or None
        Study folder, if saved.

    Columns are also attributes: ``trial``, ``converged``, ``epochs``,
    ``total_error``, ``training_accuracy``, ``test_accuracy``,
    ``saturated_devices``, ``min_conductance``, ``offsets`` (T, N, C) S,
    ``pulse_count`` (T, N, C); and derived: ``initial_conductance`` and
    ``final_conductance`` (T, N, C) S, G = K (g(m) - g(0) + s).
    """

    study: Study
    table: np.ndarray
    path: str | None = None

    def __len__(self):
        return self.table.size

    def __getattr__(self, name):
        if name != "table" and name in self.table.dtype.names:
            return self.table[name]
        raise AttributeError(name)

    @property
    def initial_conductance(self):
        return physics.conductance(self.study.device.conductance, np.zeros_like(self.table["pulse_count"]),
                                   self.table["offsets"], self.study.setting.gain)

    @property
    def final_conductance(self):
        return physics.conductance(self.study.device.conductance, self.table["pulse_count"],
                                   self.table["offsets"], self.study.setting.gain)

    @property
    def convergence_rate(self):
        return float(self.table["converged"].mean())

    def summary(self) -> StudySummary:
        return summarize(self.table)

    def columns(self):
        """The scalar columns as a dict of arrays (a tidy per-trial table)."""
        return {k: self.table[k] for k in self.table.dtype.names if self.table.dtype[k].shape == ()}


def summarize(table) -> StudySummary:
    """:class:`StudySummary` of a per-trial table."""
    n = int(table.size)
    conv = table["converged"]
    k = int(conv.sum())
    low, high = wilson_interval(k, n)
    e = table["epochs"][conv]
    if k:
        p10, med, p90 = np.percentile(e, [10, 50, 90])
        mean = float(e.mean())
    else:
        p10 = med = p90 = mean = math.nan
    return StudySummary(
        trials=n, converged=k, rate=k / n, ci_low=low, ci_high=high,
        epochs_mean=mean, epochs_median=float(med), epochs_p10=float(p10), epochs_p90=float(p90),
        saturated_fraction=float((table["saturated_devices"] > 0).mean()),
        physical=bool((table["min_conductance"] > 0).all()),
    )


# --------------------------------------------------------------------------- executors

def _init_worker():
    import numba

    numba.set_num_threads(1)


class _InProcess:
    """Runs each chunk when its result is asked for, in this process, numba on every core."""

    def submit(self, fn, *args, **kwargs):
        f = cf.Future()
        f._call = (fn, args, kwargs)
        return f


def _make_executor(executor, workers):
    """(executor, threads per chunk, owned?) for run_study's options."""
    if executor is not None and workers is not None:
        raise ValueError("give either executor or workers, not both")
    if executor is not None:
        if isinstance(executor, str):
            return _dask_client(executor), 1, True
        return executor, 1, False
    if workers is None or workers == 0:
        return _InProcess(), None, False
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
        raise ValueError(f"workers = {workers!r}: expected an integer >= 0")
    ctx = multiprocessing.get_context("spawn")  # numba's threads do not survive fork
    return cf.ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker), 1, True


def _dask_client(address):
    """A dask.distributed Client: ``"local"`` starts a LocalCluster of 1-thread worker processes."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover
        raise ValueError("the Dask executor needs dask[distributed]: pip install 'crossbar[dask]'") from None
    if address == "local":
        cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
        client._crossbar_cluster = cluster
        return client
    return Client(address)


def _close(executor):
    if isinstance(executor, cf.Executor):
        executor.shutdown(wait=True, cancel_futures=True)
    elif hasattr(executor, "shutdown") and not hasattr(executor, "close"):
        executor.shutdown()
    else:
        executor.close()
        cluster = getattr(executor, "_crossbar_cluster", None)
        if cluster is not None:
            cluster.close()


def _as_completed(futures):
    """Yield finished futures; works for concurrent.futures, Dask and in-process futures."""
    if futures and hasattr(futures[0], "_call"):
        for f in futures:
            fn, args, kwargs = f._call
            f.set_result(fn(*args, **kwargs))
            yield f
        return
    if futures and type(futures[0]).__module__.startswith("distributed"):
        from dask.distributed import as_completed

        yield from as_completed(futures)
        return
    yield from cf.as_completed(futures)


def _progress_bar(progress, total, desc):
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="trial", unit_scale=True, smoothing=0.1)


def _run_chunks(tasks, executor, workers, progress, desc, on_result):
    """Run (study, chunk) tasks; call on_result(task_index, table) as each finishes."""
    if not tasks:
        return
    ex, threads, owned = _make_executor(executor, workers)
    bar = _progress_bar(progress, sum(s.chunk_trials(c).size for s, c in tasks), desc)
    futures = []
    try:
        futures = [ex.submit(run_chunk, study, chunk, threads) for study, chunk in tasks]
        index = {f: i for i, f in enumerate(futures)}
        for f in _as_completed(futures):
            table = f.result()
            on_result(index[f], table)
            if bar is not None:
                bar.update(table.size)
    except BaseException:
        for f in futures:
            f.cancel()
        raise
    finally:
        if bar is not None:
            bar.close()
        if owned:
            _close(ex)


def run_study(study, out=None, executor=None, workers=None, resume=False, overwrite=False,
              progress=None, callback=None) -> StudyResult:
    """Run a Monte Carlo study, optionally saving it to a study folder.

    Parameters
    ----------
    study : Study
    out : str or Path, optional
        Study folder (see :mod:`crossbar.store`). Each chunk is written as it
        finishes; an existing non-empty folder is refused unless `resume`
        or `overwrite`.
    executor : concurrent.futures.Executor, dask.distributed.Client or str, optional
        Runs the chunks (``submit`` + futures). A string is a Dask scheduler
        address, or ``"local"`` for a local Dask cluster. Default: in process,
        numba on every core.
    workers : int, optional
        Run chunks in this many local worker processes (1 numba thread each).
    resume : bool
        Keep the chunks already in `out` (verified) and compute the rest.
    overwrite : bool
        Delete an existing study in `out` first.
    progress : bool, optional
        tqdm progress bar; default: only when stderr is a terminal.
    callback : callable, optional
        ``callback(chunk, table)`` after each chunk is saved (e.g. to stop a run).

    Returns
    -------
    StudyResult
    """
    from . import store

    if not isinstance(study, Study):
        raise TypeError(f"study must be a Study, got {type(study).__name__}")
    folder = None
    tables = [None] * study.n_chunks
    if out is not None:
        folder = store.StudyFolder.create(out, study, resume=resume, overwrite=overwrite)
        for c, table in folder.finished_chunks().items():
            tables[c] = table
    todo = [(study, c) for c in range(study.n_chunks) if tables[c] is None]

    def done(i, table):
        c = todo[i][1]
        if folder is not None:
            folder.write_chunk(c, table)
        tables[c] = table
        if callback is not None:
            callback(c, table)

    _run_chunks(todo, executor, workers, progress, "montecarlo", done)
    table = np.concatenate(tables) if len(tables) > 1 else tables[0]
    result = StudyResult(study, table, None if folder is None else str(folder.path))
    if folder is not None:
        folder.finalize(result)
    return result


# --------------------------------------------------------------------------- sweeps

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
        items = []
        for name, values in axes.items():
            if name not in GRID_AXES:
                raise ValueError(f"unknown grid axis {name!r}; expected one of {sorted(GRID_AXES)}")
            values = tuple(tuple(float(x) for x in v) if name in ("targets", "offset_range") else
                           (int(v) if name in ("max_epochs", "seed") else float(v)) for v in values)
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


def apply_point(base, point) -> Study:
    """The study of one grid point: `base` with the point's values."""
    setting = {}
    changes = {}
    offsets = base.offsets
    for name, value in point.items():
        if name == "targets":
            setting["target_high"], setting["target_low"] = value
        elif name in ("beta", "target_high", "target_low", "gain", "max_epochs"):
            setting[name] = value
        elif name == "offset_range":
            if not isinstance(offsets, (RescaledLognormal, RescaledExponential)):
                raise ValueError(f"offset_range needs a rescaled offset distribution, the study has {offsets.kind}")
            offsets = replace(offsets, lo=value[0], hi=value[1])
        elif name == "offset_spread":
            if not isinstance(offsets, RescaledLognormal):
                raise ValueError(f"offset_spread needs the rescaled-lognormal distribution, the study has {offsets.kind}")
            offsets = replace(offsets, spread=value)
        elif name == "seed":
            changes["seed"] = value
    return replace(base, setting=base.setting.replace(**setting), offsets=offsets, **changes)


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
        where not applicable), seed, trials, converged, rate, ci_low, ci_high,
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
        unknown = sorted(set(values) - set(table))
        if unknown:
            raise KeyError(f"no sweep column {unknown}; columns are {sorted(table)}")
        sel = np.logical_and.reduce([np.asarray(table[k]) == v for k, v in values.items()])
        if sel.sum() != 1:
            raise KeyError(f"{values} matches {int(sel.sum())} grid points, expected exactly 1")
        return float(np.asarray(table["rate"])[sel][0])

    def best(self, n=1):
        """Row indices of the n highest rates (ties: higher CI lower bound, then order)."""
        order = np.lexsort((np.arange(len(self)), -self.table["ci_low"], -self.table["rate"]))
        return order[:n]

    def row(self, i):
        return {k: v[i].item() if hasattr(v[i], "item") else v[i] for k, v in self.table.items()}

    def study(self, i) -> Study:
        return apply_point(self.base, self.grid.points()[i])

    def to_csv(self, path=None):
        """The table as CSV text (and written to `path` atomically if given)."""
        from .store import table_csv, write_atomic

        text = table_csv(self.table)
        if path is not None:
            write_atomic(path, text.encode())
        return text


SWEEP_COLUMNS = ("point", "beta", "target_high", "target_low", "gain", "max_epochs", "offset_lo",
                 "offset_hi", "offset_spread", "seed", "trials", "converged", "rate", "ci_low", "ci_high",
                 "epochs_mean", "epochs_median", "epochs_p10", "epochs_p90", "saturated_fraction",
                 "physical")


def _sweep_row(i, study, summary):
    s, o = study.setting, study.offsets
    return {
        "point": i, "beta": s.beta, "target_high": s.target_high, "target_low": s.target_low,
        "gain": s.gain, "max_epochs": s.max_epochs,
        "offset_lo": getattr(o, "lo", math.nan), "offset_hi": getattr(o, "hi", math.nan),
        "offset_spread": getattr(o, "spread", math.nan), "seed": study.seed,
        **{k: v for k, v in summary.as_dict().items()},
    }


def run_sweep(base, grid, out=None, executor=None, workers=None, resume=False, overwrite=False,
              progress=None, keep_results=False, callback=None) -> SweepResult:
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
    executor, workers, resume, overwrite, progress
        As for :func:`run_study`.
    keep_results : bool
        Keep every point's per-trial table in memory (``results``).
    callback : callable, optional
        ``callback(point, chunk, table)`` after each chunk is saved.

    Returns
    -------
    SweepResult
    """
    from . import store

    if not isinstance(grid, Grid):
        raise TypeError(f"grid must be a Grid, got {type(grid).__name__}")
    studies = [apply_point(base, p) for p in grid.points()]
    folders = [None] * len(studies)
    if out is not None:
        sweep = store.SweepFolder.create(out, base, grid, resume=resume, overwrite=overwrite)
        folders = [sweep.point(i, s, resume=resume) for i, s in enumerate(studies)]
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
            folders[i].finalize(r)
        rows[i] = _sweep_row(i, studies[i], r.summary())
        if keep_results:
            results[i] = r
        tables[i] = None  # free memory

    def done(k, table):
        i, c = todo[k]
        if folders[i] is not None:
            folders[i].write_chunk(c, table)
        tables[i][c] = table
        if callback is not None:
            callback(i, c, table)
        if all(t is not None for t in tables[i]):
            finish_point(i)

    for i in range(len(studies)):  # points finished before a resume
        if all(t is not None for t in tables[i]):
            finish_point(i)
    _run_chunks([(studies[i], c) for i, c in todo], executor, workers, progress, "sweep", done)
    table = {k: np.array([r[k] for r in rows]) for k in SWEEP_COLUMNS}
    result = SweepResult(base, grid, table, results, None if out is None else str(sweep.path))
    if out is not None:
        sweep.finalize(result)
    return result


# --------------------------------------------------------------------------- failure analysis

def locked_pairs(offsets, window):
    """Number of differential pairs per trial whose weight sign no pulse can change.

    Counts :func:`crossbar.physics.fixed_sign_pairs`: |s+ - s-| > window, so
    K (g(m+) - g(m-) + s+ - s-) keeps the sign of s+ - s- whatever the training does.

    Parameters
    ----------
    offsets : ndarray (..., N, C)
    window : float
        max g - g(0) of the device curve, S.

    Returns
    -------
    ndarray of int (...,)
    """
    return physics.fixed_sign_pairs(offsets, window).sum(axis=(-2, -1))


def failure_analysis(result) -> dict:
    """Why the trials of a study fail: counts and rates by cause.

    Returns a JSON-ready dict:

    * ``trials``, ``converged``, ``failed``;
    * ``imbalance_ratio``: quantiles of max |s+ - s-| / window per trial, for
      converged and failed trials;
    * ``locked``: trials with at least one pair whose offset imbalance exceeds
      the window (:func:`locked_pairs`), how many of them converged;
    * ``failed_saturated``: failed trials with a device pulsed to the end of
      the curve; ``failed_unsaturated``: failed trials that ran out of epochs
      with no device saturated;
    * ``rate_by_locked``: convergence rate (with Wilson interval) among trials
      with 0, 1, 2, ... locked pairs;
    * ``nonphysical``: trials where a conductance went <= 0.
    """
    t = result.table
    window = result.study.device.window
    conv = t["converged"]
    fail = ~conv
    off = t["offsets"]
    imbalance = np.abs(off[..., 0::2] - off[..., 1::2]).reshape(len(t), -1).max(axis=1) / window
    locked = locked_pairs(off, window)
    sat = t["saturated_devices"] > 0

    def q(x):
        return {p: float(np.percentile(x, p)) for p in (10, 50, 90)} if x.size else {}

    by_locked = {}
    for k in np.unique(locked):
        sel = locked == k
        n, c = int(sel.sum()), int(conv[sel].sum())
        lo, hi = wilson_interval(c, n)
        by_locked[int(k)] = {"trials": n, "converged": c, "rate": c / n, "ci_low": lo, "ci_high": hi}
    return {
        "trials": int(t.size),
        "converged": int(conv.sum()),
        "failed": int(fail.sum()),
        "window": window,
        "imbalance_ratio": {"converged": q(imbalance[conv]), "failed": q(imbalance[fail])},
        "locked": {"trials": int((locked > 0).sum()), "converged": int(conv[locked > 0].sum())},
        "failed_saturated": int((fail & sat).sum()),
        "failed_unsaturated": int((fail & ~sat).sum()),
        "failed_locked": int((fail & (locked > 0)).sum()),
        "rate_by_locked": by_locked,
        "nonphysical": int((t["min_conductance"] <= 0).sum()),
    }


def requirement_table(sweep) -> dict:
    """A sweep's table with ``range_ratio`` = (offset_hi - offset_lo) / the curve's window added.

    The common part of the offsets (lo) adds to G+ and G- alike and cancels
    in the weight; what training must overcome is the spread of offsets
    relative to the conductance window the curve offers.
    """
    t = dict(sweep.table)
    t["range_ratio"] = (t["offset_hi"] - t["offset_lo"]) / sweep.base.device.window
    return t


def required_range(table, level=0.95, column="rate") -> dict:
    """Widest offset range (in curve windows) at which `level` of crossbars still train, per spread.

    For each ``offset_spread`` of a :func:`requirement_table`, the rates are
    read along ``range_ratio`` from the narrowest range up; the answer is the
    first crossing of `level`, interpolated linearly between the two grid
    points around it. NaN if even the narrowest range is below `level`;
    the widest range of the grid if none is.

    Parameters
    ----------
    table : dict of arrays
        Columns ``range_ratio``, ``offset_spread`` and `column`.
    level : float
        Fraction of crossbars that must train, e.g. 0.95.
    column : str
        ``"rate"``, or ``"ci_low"`` for the answer that holds at 95 % confidence.

    Returns
    -------
    dict of float -> float
        spread D -> (hi - lo) / window.
    """
    ratio = np.asarray(table["range_ratio"], dtype=float)
    spread = np.asarray(table["offset_spread"], dtype=float)
    value = np.asarray(table[column], dtype=float)
    out = {}
    for d in np.unique(spread):
        sel = spread == d
        order = np.argsort(ratio[sel])
        r, v = ratio[sel][order], value[sel][order]
        below = np.flatnonzero(v < level)
        if below.size == 0:
            out[float(d)] = float(r[-1])
        elif below[0] == 0:
            out[float(d)] = math.nan
        else:
            i = below[0]
            out[float(d)] = float(r[i - 1] + (v[i - 1] - level) / (v[i - 1] - v[i]) * (r[i] - r[i - 1]))
    return out


def outcome_profile(result) -> dict:
    """How converged and failed trials used their devices: pulse counts against the curve's end.

    Per outcome (``"converged"``, ``"failed"``): ``trials``; ``ran_all_epochs``,
    the fraction that used all E epochs; ``max_pulses_median``, the median over
    trials of the most pulses any one device received; ``saturated_median``,
    the median number of devices pulsed to the end of the curve (m >= L-1);
    ``pair_both_saturated``, the fraction with a pair whose G+ and G- are both
    at the end (that weight can no longer move); and ``last_point``, L - 1,
    the pulse count beyond which the curve gives nothing more.
    """
    t = result.table
    study = result.study
    end = study.device.length - 1
    m = t["pulse_count"]
    both = ((m[..., 0::2] >= end) & (m[..., 1::2] >= end)).any(axis=(-2, -1))
    most = m.reshape(len(t), -1).max(axis=1)
    out = {"last_point": int(end), "max_epochs": int(study.setting.max_epochs)}
    for name, sel in (("converged", t["converged"]), ("failed", ~t["converged"])):
        n = int(sel.sum())
        out[name] = {
            "trials": n,
            "ran_all_epochs": float(np.mean(t["epochs"][sel] == study.setting.max_epochs)) if n else math.nan,
            "max_pulses_median": float(np.median(most[sel])) if n else math.nan,
            "saturated_median": float(np.median(t["saturated_devices"][sel])) if n else math.nan,
            "pair_both_saturated": float(np.mean(both[sel])) if n else math.nan,
        }
    return out


def weights_feasible(study, offsets):
    """Could any pulse counts meet every target, given these offsets? Per trial and neuron.

    The weight of pair (j, i) is w = K (g(m+) - g(m-) + s+ - s-), and
    g(m+) - g(m-) ranges over [-D, D], D = max g - min g of the curve. Neuron
    i meets its targets if and only if some such w gives, for every pattern
    n, sum_j V_nj w_j > atanh(t+) / beta (label 1) or < atanh(t-) / beta
    (label 0). This is a linear feasibility problem in w (solved with
    scipy's linprog, treating the curve's pulse steps as continuous, so it
    is exact up to the step size). A neuron that is infeasible cannot be
    trained by any rule: the device, not the training, is the limit.

    Parameters
    ----------
    study : Study
        Device, setting and patterns.
    offsets : ndarray (B, N, C)

    Returns
    -------
    ndarray of bool (B, M)
    """
    from scipy.optimize import linprog

    s = study.setting
    p = study.patterns
    V = input_voltages(p.bits, s.v_one, s.v_zero)
    g = study.device.conductance
    D = float(g.max() - g.min())
    offsets = np.asarray(offsets, dtype=np.float64)
    d = offsets[..., 0::2] - offsets[..., 1::2]  # (B, N, M)
    hi_I, lo_I = math.atanh(s.target_high) / s.beta, math.atanh(s.target_low) / s.beta
    out = np.zeros(d.shape[0:1] + d.shape[2:], bool)
    scale = 1.0 / (s.gain * D)  # solve in units of K D so the LP is well scaled
    for i in range(p.n_neurons):
        label = p.labels[:, i]
        # label 1: -V w <= -(hi_I + margin); label 0: V w <= lo_I - margin (strict, via a small margin)
        sign = np.where(label == 1, -1.0, 1.0)
        A = sign[:, None] * V
        rhs = np.where(label == 1, -hi_I, lo_I) * scale
        margin = 1e-9 * (abs(hi_I) + abs(lo_I) + 1e-30) * scale
        for b in range(d.shape[0]):
            centre = d[b, :, i] / D  # w / (K D) = (s+ - s-) / D + [-1, 1]
            bounds = [(c - 1.0, c + 1.0) for c in centre]
            res = linprog(np.zeros(V.shape[1]), A_ub=A, b_ub=rhs - margin, bounds=bounds, method="highs")
            out[b, i] = res.status == 0
    return out
