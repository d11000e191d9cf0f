"""A Monte Carlo study: one setting trained on many crossbars, and its per-trial table.

A :class:`Study` is one setting trained on ``trials`` crossbars whose
device-to-device offsets are drawn from one seed. Trial k's offsets come from
its own counter-based stream (:mod:`crossbar.random`), and the engine trains
every trial independently, so trial k's result depends only on the seed, k
and the setting: not on the chunk it runs in, the number of workers, or the
executor.

The trials are cut into chunks, chunk c holding trials
``[c * chunk_size, (c + 1) * chunk_size)``; :func:`run_chunk` computes one
chunk and is a pure top-level function, so a process pool or a Dask cluster
can run it (:mod:`crossbar.studies.execution`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

import numpy as np

from ..devices import NONE, DeviceCurve, Nonidealities, default_device
from ..devices.checks import CONDUCTANCE_RANGE, outside_range, range_text
from ..devices.offsets import REFERENCE_OFFSETS, FixedOffsets, OffsetDistribution
from ..numbers import (MAX_INDEX, TEXT, flag, instance, integer, outside_text, real, real_array, shown, unmasked,
                       whole, word)
from ..tasks import PatternSet, diagonals_test, diagonals_training
from ..training import physics
from ..training.checks import check_distribution, check_hidden_beta, check_index
from ..training.engine import needs_general_model, train_batch
from ..training.results import evaluate
from ..training.setting import DEFAULT, TrainingSetting
from ..training.units import UNITS, effective_setting, scale_factor
from ..networks import train_networks
from .summary import StudySummary, nonphysical_trials, summarize

__all__ = ["Study", "StudyResult", "StudySummary", "trial_dtype", "run_chunk", "summarize",
           "min_visited_conductance", "nonphysical_trials"]


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
    nonideal : Nonidealities
        Cycle-to-cycle and read noise, spreads and stuck cells (default: none,
        the reference model). Each is drawn from its own stream of ``seed``.
    units : {"relative", "absolute"}
        How the setting's β and the offsets are read: scaled by r = W / W_ref
        from the embedded device's window to this device's ("relative", the
        default; r = 1 on the embedded device and the presets), or as given
        ("absolute"). The per-trial table holds the offsets the devices got.
    """

    device: DeviceCurve = field(default_factory=default_device)
    setting: TrainingSetting = DEFAULT
    offsets: OffsetDistribution = REFERENCE_OFFSETS
    patterns: PatternSet = field(default_factory=diagonals_training)
    test_patterns: PatternSet = field(default_factory=diagonals_test)
    trials: int = 1000  # T, crossbars
    seed: int = 0  # non-negative integer
    chunk_size: int = 10_000  # trials per chunk
    nonideal: Nonidealities = NONE
    units: str = "relative"  # "relative" (beta and offsets scale with the window) or "absolute"

    def __post_init__(self):
        def bad(name, value, expected):
            raise ValueError(f"Study.{name} = {shown(value)}: expected {expected}")

        if not isinstance(self.device, DeviceCurve):  # a name, as the command line takes it, is no device
            named = isinstance(self.device, str)
            hint = f"crossbar.preset({self.device!r}) or " if named else ""
            raise TypeError(f"Study.device must be a DeviceCurve ({hint}crossbar.load_device(path)), got "
                            f"{type(self.device).__name__}{f' {self.device!r}' if named else ''}")
        instance(self.setting, TrainingSetting, "Study.setting")
        check_hidden_beta(self.setting, "Study.setting")  # an engine would refuse it: before anything is written
        instance(self.nonideal, Nonidealities, "Study.nonideal", "Nonidealities")
        # What the engines would refuse is refused here, so that run_study writes nothing for it.
        if (self.setting.two_way or self.setting.fixed) and not self.device.two_way:
            bad("setting", self.setting.rule, f"a rule that only potentiates: device {self.device.name!r} has no "
                "depression branch")
        instance(self.offsets, OffsetDistribution, "Study.offsets")
        object.__setattr__(self, "units", word(self.units, "Study.units", UNITS))  # the plain word (probe 20c, U1)
        for name in ("patterns", "test_patterns"):
            instance(getattr(self, name), PatternSet, f"Study.{name}")
        if (self.test_patterns.n_inputs, self.test_patterns.n_neurons) != (
            self.patterns.n_inputs, self.patterns.n_neurons):
            bad("test_patterns", self.test_patterns.name,
                f"N={self.patterns.n_inputs} inputs and M={self.patterns.n_neurons} neurons like the training set")
        if isinstance(self.offsets, FixedOffsets) and self.network:
            bad("offsets", "FixedOffsets", "a distribution: a network's layers draw their offsets, and a fixed "
                "offset matrix fits one crossbar only")
        if isinstance(self.offsets, FixedOffsets) and self.offsets.matrix.shape != self.shape:
            bad("offsets", f"a matrix of shape {self.offsets.matrix.shape}", f"shape {self.shape}, the crossbar "
                f"of {self.patterns.name}")
        try:  # a distribution that makes every crossbar unphysical is refused before any work
            check_distribution(self.device, self.setting.gain, self.offsets, self.scale)
        except ValueError as exc:
            raise ValueError(f"Study.offsets: {exc}") from None
        # beta / f a normal float, or ValueError naming setting.beta: after the gain's range, so that a gain of
        # 1e300 is named as the gain, not as a beta that would overflow at it (probe 16c C1)
        effective_setting(self.setting, self.scale)
        for name in ("trials", "chunk_size"):
            value = getattr(self, name)
            # trial numbers key 64-bit streams: 10**5000 trials is refused here, not by an OverflowError in run_study
            if not whole(value) or not 1 <= value <= MAX_INDEX + 1:
                bad(name, value, "an integer 1 ... 2**63")
            object.__setattr__(self, name, int(value))
        # the range the counter-based streams key on (0 ... 2**63 - 1), as --seed and every other entry point
        object.__setattr__(self, "seed", check_index(self.seed, "Study.seed"))

    @property
    def scale(self) -> float:
        """f = W / W_ref the setting is scaled by (1.0 in absolute units and on the embedded device)."""
        return scale_factor(self.device, self.units)

    @property
    def effective_setting(self) -> TrainingSetting:
        """The setting the devices get: β / r (the setting itself when r = 1)."""
        return effective_setting(self.setting, self.scale)

    @property
    def shape(self):
        """(N, C): inputs and columns (2 per neuron) of the crossbar."""
        return (self.patterns.n_inputs, 2 * self.patterns.n_neurons)

    @property
    def general(self) -> bool:
        """Whether the study needs the engine's general device model (then its table has more columns)."""
        return needs_general_model(self.setting, self.nonideal)

    @property
    def network(self) -> bool:
        """Whether the study trains networks of crossbar layers (crossbar.networks)."""
        return self.setting.network

    @property
    def trial_dtype(self):
        """Row type of this study's per-trial table."""
        return network_dtype() if self.network else trial_dtype(self.shape, self.general)

    @property
    def n_chunks(self):
        return -(-self.trials // self.chunk_size)

    def chunk_trials(self, chunk):
        """Trial numbers of chunk `chunk` (an integer 0 ... n_chunks - 1: 0.5 is no chunk), or ValueError
        naming it, as :func:`run_chunk` words it."""
        chunk = integer(chunk, "chunk", "a chunk number")
        if not 0 <= chunk < self.n_chunks:
            raise ValueError(f"chunk = {shown(chunk)}: expected a chunk number 0 ... {self.n_chunks - 1}")
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
        device = {
            "name": d.name, "sha256": d.sha256, "source": d.source, "points": d.length,
            "window": d.window, "g0": float(d.conductance[0]),
            "default": d.sha256 == default_device().sha256,
        }
        if d.two_way:  # only then, so that the ids of one-way studies stay what they were
            device["depression_points"] = int(d.depression.size)
        if d.metadata.get("load_options"):  # how the curve was made of its file(s): to load it again
            device["options"] = dict(d.metadata["load_options"])
        out = {
            "device": device,
            "setting": self.setting.as_dict(),
            "offsets": self.offsets.describe(),
            "patterns": _describe_patterns(self.patterns),
            "test_patterns": _describe_patterns(self.test_patterns),
            "trials": self.trials,
            "seed": self.seed,
            "chunk_size": self.chunk_size,
        }
        if self.nonideal.any:  # likewise: a study without non-idealities keeps its id
            out["nonideal"] = self.nonideal.as_dict()
        if self.units == "relative" and self.scale != 1.0:
            # Only where the scaling changes something: studies on the embedded device and the
            # presets keep their ids, and a manifest without the key was made in absolute units.
            out["units"] = "relative"
            out["scale"] = self.scale
        return out


def _describe_patterns(p):
    return p.describe()


def trial_dtype(shape, general=False):
    """Structured dtype of one row of the per-trial table for a crossbar of shape (N, C).

    Fields: trial, converged, epochs, total_error, training_accuracy,
    test_accuracy (fractions of (pattern, neuron) answers right), test_classification (the
    fraction of test patterns whose largest output is the labelled class), saturated_devices
    (given at least L-1 net potentiating
    pulses, the end of the curve of length L; it reads the pulse totals, so under a rule with
    refresh, whose resets return devices to the start while the totals keep counting, and on a
    two-way device, whose branch switches move a device other than one step per pulse, it is an
    upper bound, not the devices' final positions), min_conductance and
    max_conductance (smallest and largest G any device passed through during
    training, S; for the general model the largest is the top of a pulsed
    device's curve, see ``BatchResult``), offsets (N, C) S,
    pulse_count (N, C) potentiating pulses. With the general device model
    (`general`: non-idealities or a rule beyond ``batch``) also
    depression_count (N, C), bound_hits (cycle-to-cycle steps stopped at a
    bound) and reset_pulses (refresh rule).
    """
    shape, general = _crossbar_shape(shape), flag(general, "general")
    fields = [
        ("trial", "<i8"), ("converged", "?"), ("epochs", "<i4"), ("total_error", "<f8"),
        ("training_accuracy", "<f8"), ("test_accuracy", "<f8"), ("test_classification", "<f8"),
        ("saturated_devices", "<i4"),
        ("min_conductance", "<f8"), ("max_conductance", "<f8"), ("offsets", "<f8", tuple(shape)),
        ("pulse_count", "<i4", tuple(shape)),
    ]
    if general:
        fields += [("depression_count", "<i4", tuple(shape)), ("bound_hits", "<i8"), ("reset_pulses", "<i8")]
    return np.dtype(fields)


def _crossbar_shape(shape):
    """`shape` as (N, C), two integers >= 1, or an error naming it (None or "4x4" is no shape)."""
    expected = "a crossbar shape (N, C) of two integers >= 1"
    if isinstance(shape, TEXT) or not isinstance(shape, (tuple, list, np.ndarray)):
        raise TypeError(f"shape = {shown(shape)}: expected {expected}, got {type(shape).__name__}")
    unmasked(shape, "shape")  # the object array below drops a mask
    dims = tuple(integer(n, "shape", expected) for n in np.asarray(shape, dtype=object).ravel().tolist())
    if np.ndim(shape) != 1 or len(dims) != 2 or min(dims) < 1:
        raise ValueError(f"shape = {shown(shape)}: expected {expected}")
    return dims


def network_dtype():
    """Structured dtype of one row of a network study's per-trial table (crossbar.networks).

    Fields: trial, converged, epochs, training_accuracy and test_accuracy (per answer, as a
    crossbar study's), training_classification and test_classification (the fraction of
    patterns whose largest output is the labelled class), write_energy (J, every pulse of the
    training), read_energy (J, one inference), pulses, depressions, resets, bound_hits,
    min_conductance and max_conductance (S). A network's offsets are not kept: a trial's are
    drawn again from (seed, trial) when it is replayed.
    """
    return np.dtype([
        ("trial", "<i8"), ("converged", "?"), ("epochs", "<i4"), ("training_accuracy", "<f8"),
        ("test_accuracy", "<f8"), ("training_classification", "<f8"), ("test_classification", "<f8"),
        ("write_energy", "<f8"), ("read_energy", "<f8"), ("pulses", "<i8"), ("depressions", "<i8"),
        ("resets", "<i8"), ("bound_hits", "<i8"), ("min_conductance", "<f8"), ("max_conductance", "<f8"),
    ])


def _network_chunk(study, trials):
    """The per-trial table of a chunk of network trials."""
    run = train_networks(study.device, study.setting, study.patterns, study.test_patterns, study.offsets,
                         nonideal=study.nonideal, seed=study.seed, trials=trials, units=study.units)
    table = np.zeros(trials.size, network_dtype())
    table["trial"] = trials
    for name in table.dtype.names[1:]:
        table[name] = getattr(run, name)
    return table


def _accuracy(f, labels, setting):
    """Fraction of (pattern, neuron) answers equal to the label, per trial; undecided counts as wrong."""
    pred = physics.predict(f, setting.target_high, setting.target_low)
    return (pred == labels).mean(axis=(-2, -1))


def min_visited_conductance(curve, pulse_count, offsets, gain):
    """Smallest conductance each crossbar's devices passed through, S: (B, N, C) -> (B,).

    A device pulsed m times went through g(0) ... g(m), so its lowest
    conductance is K (min_{k <= m} g(k) - g(0) + s); see
    :func:`crossbar.training.physics.visited_conductance` for the highest too.
    """
    curve = real_array(curve, "curve", "a 1-D array of conductances in siemens")
    if curve.ndim != 1 or not curve.size:
        raise ValueError(f"curve: expected a 1-D array of at least one conductance, got shape {curve.shape}")
    counts, offsets = real_array(pulse_count, "pulse_count"), real_array(offsets, "offsets")
    if counts.ndim < 1 or counts.shape != offsets.shape:
        raise ValueError(f"pulse_count and offsets: expected arrays of one shape (B, N, C), got {counts.shape} "
                         f"and {offsets.shape}")
    if not np.all((counts >= 0) & (counts == np.floor(counts))):
        raise ValueError("pulse_count: expected whole numbers of pulses >= 0")
    gain = real(gain, "gain", "a gain K > 0")  # as TrainingSetting.gain
    if gain <= 0:
        raise ValueError(f"gain = {shown(gain)}: expected a gain K > 0")
    with np.errstate(over="ignore"):  # an overflow is an infinite conductance, refused below
        start = gain * offsets
    bad = outside_range(start)
    if bad.any():  # as training refuses them: a device starting at -3e-7 S, 0 S or 9e10 S was never trained
        at = tuple(int(i) for i in np.argwhere(bad)[0])
        value = outside_text(start[at], *CONDUCTANCE_RANGE)
        raise ValueError(f"gain = {shown(gain)}: the device at {at} starts at G = K s = {value} S (offset "
                         f"{offsets[at]:.4g} S), outside the physical range {range_text()}; expected a gain K > 0 "
                         "and offsets that start every device inside it")
    return physics.visited_conductance(curve, counts.astype(np.int64), offsets, gain)[0]


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
    instance(study, Study, "study")
    trials = study.chunk_trials(chunk)
    if threads is not None:
        import numba

        threads = integer(threads, "threads", "a number of threads >= 1")  # "2" or 2.5 is no count
        if not 1 <= threads <= numba.config.NUMBA_NUM_THREADS:
            raise ValueError(f"threads = {shown(threads)}: expected a number of threads 1 ... "
                             f"{numba.config.NUMBA_NUM_THREADS} (NUMBA_NUM_THREADS)")
        numba.set_num_threads(threads)
    if study.network:
        return _network_chunk(study, trials)
    S = study.offsets.sample(study.seed, trials, study.shape)
    run = train_batch(study.device, S, study.setting, study.patterns, nonideal=study.nonideal,
                      seed=study.seed, trials=trials, units=study.units, unphysical="report")
    s, S = run.setting, run.offsets  # what the devices got: beta / f and f s
    table = np.zeros(trials.size, study.trial_dtype)
    table["trial"] = trials
    table["converged"] = run.converged
    table["epochs"] = run.epochs
    table["total_error"] = run.total_error
    # The engine already returns the final activations of the training patterns.
    table["training_accuracy"] = _accuracy(run.activation, study.patterns.labels, s)
    f_test = evaluate(run.conductance, study.test_patterns, s, unphysical="report")  # flagged per trial
    table["test_accuracy"] = _accuracy(f_test, study.test_patterns.labels, s)
    table["test_classification"] = (f_test.argmax(axis=-1) == study.test_patterns.labels.argmax(axis=-1)).mean(axis=-1)
    net = run.pulse_count - run.depression_count
    table["saturated_devices"] = (net >= study.device.length - 1).sum(axis=(1, 2))
    table["min_conductance"] = run.min_conductance
    table["max_conductance"] = run.max_conductance
    table["offsets"] = S
    table["pulse_count"] = run.pulse_count
    if study.general:
        table["depression_count"] = run.depression_count
        table["bound_hits"] = run.bound_hits
        table["reset_pulses"] = run.reset_pulses
    return table


# --------------------------------------------------------------------------- results

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
    ``final_conductance`` (T, N, C) S, G = K (g(m) - g(0) + s) (the reference model's; a study on the
    general model refuses it: its pulse counts do not give the conductances).
    """

    study: Study
    table: np.ndarray
    path: str | None = None

    def __post_init__(self):
        # Checked here, so that a 5-row table of a 40-trial study is not summarised as a study of 5 trials.
        instance(self.study, Study, "StudyResult.study")
        dtype = self.study.trial_dtype
        if not isinstance(self.table, np.ndarray) or self.table.dtype != dtype:
            raise TypeError(f"StudyResult.table: expected the study's per-trial table (a structured array of its "
                            f"trial_dtype rows, as run_study returns), got {_kind(self.table)}")
        if self.table.shape != (self.study.trials,):
            raise ValueError(f"StudyResult.table: expected one row per trial of the study, shape "
                             f"({self.study.trials},), got shape {self.table.shape}")
        if self.path is not None:
            instance(self.path, (str, os.PathLike), "StudyResult.path", "a folder path (str or Path) or None")
            object.__setattr__(self, "path", os.fspath(self.path))

    def __len__(self):
        return self.table.size

    def __getattr__(self, name):
        if name != "table" and name in self.table.dtype.names:
            return self.table[name]
        if name in _CROSSBAR_ONLY and self.study.network:  # e.g. a plot of offsets handed a network study
            raise AttributeError(f"StudyResult.{name}: {_NETWORK_HAS_NONE}")
        raise AttributeError(name)

    @property
    def initial_conductance(self):
        return physics.conductance(self.study.device.conductance, np.zeros_like(self._crossbar("pulse_count")),
                                   self._crossbar("offsets"), self.study.setting.gain)

    @property
    def final_conductance(self):
        if self.study.general:  # resets, depressions, noise and spreads: pulse counts no longer give G
            raise ValueError(f"final_conductance: a study on the general device model (rule "
                             f"{self.study.setting.rule!r}, or non-idealities) keeps no device state, and its pulse "
                             "counts do not give the conductances (resets, depressions, noise); replay the trials "
                             "with crossbar.train_batch(study.device, result.offsets, ...).conductance")
        return physics.conductance(self.study.device.conductance, self._crossbar("pulse_count"),
                                   self._crossbar("offsets"), self.study.setting.gain)

    def _crossbar(self, name):
        """A per-device column, which only a crossbar study's table has: a ValueError saying so for a network's."""
        if self.study.network:
            raise ValueError(f"StudyResult of a network study: {_NETWORK_HAS_NONE}")
        return self.table[name]

    @property
    def physical(self):
        """(T,) bool: trials whose conductances stayed inside the physical range, and whose drawn window factors
        could not take a device out of it (:func:`~crossbar.studies.summary.nonphysical_trials`)."""
        return ~nonphysical_trials(self.table, self.study)

    @property
    def convergence_rate(self):
        """Trials that met every target and stayed physical, over all trials (the summary's rate)."""
        return float((self.table["converged"] & self.physical).mean())

    def summary(self) -> StudySummary:
        return summarize(self.table, self.study)

    def columns(self):
        """The scalar columns as a dict of arrays (a tidy per-trial table)."""
        return {k: self.table[k] for k in self.table.dtype.names if self.table.dtype[k].shape == ()}


#: Columns of a crossbar study's table that a network study's has not.
_CROSSBAR_ONLY = frozenset(trial_dtype((1, 1), general=True).names) - frozenset(network_dtype().names)
_NETWORK_HAS_NONE = ("a network study keeps no offsets or pulse counts per device (its layers' offsets are drawn "
                     "again from (seed, trial)); pass a crossbar study's result, or replay the trials with "
                     "crossbar.train_networks(..., seed=study.seed, trials=...) and take its .conductances")


def _kind(value):
    return f"a table of dtype {value.dtype}" if isinstance(value, np.ndarray) else type(value).__name__
