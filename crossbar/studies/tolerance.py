"""How much of each device non-ideality in-situ training tolerates: one knob at a time.

The question of the book's chapter "Real devices": will a crossbar of *these* devices train, and
how good must they get? Each knob of :class:`~crossbar.devices.Nonidealities` (cycle-to-cycle
noise, read noise, stuck devices, spreads of the window and of the nonlinearity) is swept on its
own, the others off, and at every value the same crossbars are trained (common random numbers:
trial k has the same offsets and, the knob aside, the same random draws at every value), so the
rates differ by the knob and not by the crossbars drawn.

* :func:`convergence`: how many of `trials` crossbars train at one setting, with the 95 % Wilson
  interval and the epochs of those that trained;
* :func:`knob_sweep`: :func:`convergence` along one knob (a :class:`KnobSweep`);
* :func:`tolerance`: the largest value of a sweep up to which the rate stays at least a fraction
  (90 %) of the knob-off rate (a :class:`Tolerance`), and the range its 95 % intervals leave open;
* :func:`paired_ratio`: rate(value) / rate(knob off) on the same crossbars, with a paired interval;
* :func:`rule_convergence`: :func:`convergence` of several training rules on one device.

Nothing here plots; the figures are in :mod:`crossbar.views.devices`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..devices import NONE, DeviceCurve, Nonidealities, OffsetDistribution
from ..devices.variation import NONIDEAL_KNOBS
from ..numbers import TEXT, instance, real, real_array, whole, word
from ..training import TrainingSetting, sample_offsets, train_batch
from .stats import Z95, wilson_interval

__all__ = ["KNOBS", "Convergence", "convergence", "KnobSweep", "knob_sweep", "Tolerance", "tolerance",
           "paired_ratio", "rule_convergence", "preset_tolerances"]

#: The knobs a sweep may move: the numeric fields of :class:`~crossbar.devices.Nonidealities`.
KNOBS = NONIDEAL_KNOBS


def _check_trials(trials):
    if not whole(trials) or trials < 1:
        raise ValueError(f"trials = {trials!r}: expected an integer >= 1")
    return int(trials)


def _check_mapping(value, name, expected):
    """A dict argument that is not empty, or TypeError / ValueError naming `name`."""
    instance(value, dict, name, expected)
    if not value:
        raise ValueError(f"{name} is empty: expected {expected}")


def _check_inputs(device, setting, distribution, nonideal):
    if not isinstance(device, DeviceCurve):
        raise TypeError(f"device must be a DeviceCurve, got {type(device).__name__}")
    if not isinstance(setting, TrainingSetting):
        raise TypeError(f"setting must be a TrainingSetting, got {type(setting).__name__}")
    if not isinstance(distribution, OffsetDistribution):
        raise TypeError(f"distribution must be an OffsetDistribution, got {type(distribution).__name__}")
    if not isinstance(nonideal, Nonidealities):
        raise TypeError(f"nonideal must be Nonidealities, got {type(nonideal).__name__}")


@dataclass(frozen=True, eq=False)
class Convergence:
    """How many of `trials` crossbars trained at one setting.

    Attributes
    ----------
    trials, converged : int
        Crossbars trained and crossbars that met every target within E epochs.
    rate : float
        converged / trials.
    ci_low, ci_high : float
        Its 95 % Wilson interval.
    epochs : ndarray of int
        Update epochs each converged crossbar needed, in trial order.
    nonideal : Nonidealities
    setting : TrainingSetting
    trained : ndarray of bool (trials,)
        Which crossbars converged, in trial order: two points of a sweep are the same crossbars,
        so they can be compared crossbar by crossbar (:func:`paired_ratio`).
    """

    trials: int
    converged: int
    rate: float
    ci_low: float
    ci_high: float
    epochs: np.ndarray
    nonideal: Nonidealities
    setting: TrainingSetting
    trained: np.ndarray

    @property
    def epochs_median(self) -> float:
        """Median epochs of the converged crossbars (NaN if none converged)."""
        return float(np.median(self.epochs)) if self.epochs.size else float("nan")


def _convergence(device, offsets, setting, nonideal, seed):
    result = train_batch(device, offsets, setting, nonideal=nonideal, seed=seed)
    n, k = result.converged.size, int(result.converged.sum())
    low, high = wilson_interval(k, n)
    return Convergence(n, k, k / n, low, high, result.epochs[result.converged].copy(), nonideal, setting,
                       result.converged.copy())


def convergence(device, setting, distribution, *, nonideal=NONE, trials, seed=0) -> Convergence:
    """Train crossbars 0 ... trials-1 of `seed` and count those that converge.

    Trial k's offsets are drawn from `distribution` as :func:`crossbar.sample_offsets` draws
    them, and its non-idealities from the streams of the same `seed`: the same crossbars as a
    :class:`~crossbar.studies.Study` with that seed.

    Parameters
    ----------
    device : DeviceCurve
    setting : TrainingSetting
        Knobs and rule (a two-way rule needs a two-way device).
    distribution : OffsetDistribution
        Device-to-device offsets.
    nonideal : Nonidealities
        Default: none (the reference model).
    trials : int
    seed : int

    Returns
    -------
    Convergence
    """
    _check_inputs(device, setting, distribution, nonideal)
    offsets = sample_offsets(distribution, seed, _check_trials(trials))
    return _convergence(device, offsets, setting, nonideal, seed)


@dataclass(frozen=True, eq=False)
class KnobSweep:
    """Convergence rate along one knob, the other knobs as in `base`.

    Attributes
    ----------
    knob : str
        A field of :class:`~crossbar.devices.Nonidealities`.
    values : ndarray (V,)
        The knob's values, in the order given.
    trials : int
        Crossbars per value (the same crossbars at every value).
    converged : ndarray of int (V,)
    rate, ci_low, ci_high : ndarray (V,)
        converged / trials and its 95 % Wilson interval.
    epochs_median : ndarray (V,)
        Median epochs of the converged crossbars (NaN where none converged).
    points : tuple of Convergence
        The full result at every value.
    base : Nonidealities
        The other knobs' values.
    device : str
        The device's name.
    """

    knob: str
    values: np.ndarray
    trials: int
    converged: np.ndarray
    rate: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    epochs_median: np.ndarray
    points: tuple
    base: Nonidealities
    device: str

    def __len__(self):
        return self.values.size

    def at(self, value) -> Convergence:
        """The point at `value` (which must be one of the values swept)."""
        value = real(value, "value", f"one of the values of {self.knob} swept")  # "0.02" or None: named, not numpy's
        hits = np.flatnonzero(np.isclose(self.values, value, rtol=1e-12, atol=0.0))
        if not hits.size:
            raise ValueError(f"{self.knob} = {value!r} was not swept; values: {self.values.tolist()}")
        return self.points[int(hits[0])]


def knob_sweep(device, setting, distribution, knob, values, *, trials, seed=0, base=NONE) -> KnobSweep:
    """Convergence rate of the same crossbars at each value of one non-ideality.

    Parameters
    ----------
    device : DeviceCurve
    setting : TrainingSetting
    distribution : OffsetDistribution
        Device-to-device offsets of the crossbars (drawn once, used at every value).
    knob : str
        One of :data:`KNOBS`: ``"c2c"``, ``"window_spread"``, ``"nonlinearity_spread"``,
        ``"stuck_low"``, ``"stuck_high"``, ``"read_noise"``.
    values : array_like of float (V,)
        The knob's values (its units: see :class:`~crossbar.devices.Nonidealities`); include 0
        for the knob-off rate that :func:`tolerance` measures against.
    trials : int
        Crossbars per value.
    seed : int
        Seed of the offsets and of every non-ideality's stream.
    base : Nonidealities
        Values of the other knobs (default: all off).

    Returns
    -------
    KnobSweep

    Raises
    ------
    ValueError
        An unknown knob (named in the message), no values, or a value the knob does not allow.
    """
    knob = word(knob, "knob", KNOBS, f"unknown knob {{}}; expected one of {', '.join(KNOBS)}")
    _check_inputs(device, setting, distribution, base)
    grid = real_array(values, "values", f"an array of values of {knob!r}")  # np.asarray dropped a mask (probe 19c)
    if grid.ndim != 1 or grid.size == 0:
        raise ValueError(f"values of {knob!r} must be a non-empty 1-D list, got shape {grid.shape}")
    unique, counts = np.unique(grid, return_counts=True)
    if (counts > 1).any():  # it ran the same point twice, as a Grid refuses
        raise ValueError(f"values of {knob!r}: {float(unique[counts > 1][0])!r} appears more than once; give each "
                         "value once")
    nonideals = [base.replace(**{knob: float(v)}) for v in grid]  # validates each value
    offsets = sample_offsets(distribution, seed, _check_trials(trials))
    points = tuple(_convergence(device, offsets, setting, n, seed) for n in nonideals)
    converged = np.array([p.converged for p in points], dtype=np.int64)
    low, high = wilson_interval(converged, np.full(grid.size, trials))
    return KnobSweep(knob, grid, int(trials), converged, converged / trials, np.atleast_1d(low),
                     np.atleast_1d(high), np.array([p.epochs_median for p in points]), points, base, device.name)


@dataclass(frozen=True)
class Tolerance:
    """The largest value of a knob that training tolerates.

    Attributes
    ----------
    knob : str
    value : float
        Largest value swept up to which (every smaller swept value included) the rate stays
        at least ``limit``.
    limit : float
        The rate required: ``fraction`` x the knob-off rate, or the absolute goal.
    fraction : float
        NaN with an absolute goal.
    reference : float
        The knob-off rate.
    rate : float
        The rate (or the interval end used) at ``value``.
    next_value : float
        The first swept value past ``value`` (where the rate falls below ``limit``); NaN if
        every value swept is tolerated, in which case the tolerance is at least ``value``.
    next_rate : float
        The rate there (NaN if none).
    lower, upper : float
        What the 95 % intervals can tell, where ``value`` takes the point estimates: every swept
        value up to ``lower`` is shown tolerated (its interval lies wholly at or above the limit)
        and the first one past ``upper`` is shown not to be (wholly below); between them the
        crossbars cannot tell. ``upper`` is the largest value swept if none is shown below.
        The intervals are :func:`paired_ratio`'s against ``fraction`` (they count the knob-off
        rate's own error and that every value trains the same crossbars), or the Wilson
        intervals against an absolute goal. With ``column="rate"``, lower <= value <= upper.
        NaN where ``value`` is, or without the sweep's per-crossbar results; ``lower`` NaN also
        if the knob-off rate's own interval does not lie wholly above an absolute goal.
    """

    knob: str
    value: float
    limit: float
    fraction: float
    reference: float
    rate: float
    next_value: float
    next_rate: float
    lower: float
    upper: float

    @property
    def reached(self) -> bool:
        """Whether the knob-off rate meets the limit at all (False only with an absolute goal)."""
        return not np.isnan(self.value)

    @property
    def bounded(self) -> bool:
        """Whether a swept value broke the limit (False: the tolerance is at least ``value``)."""
        return not np.isnan(self.next_value)


def tolerance(sweep, fraction=0.9, *, column="rate", goal=None) -> Tolerance:
    """The largest swept value up to which the rate stays >= `fraction` x the knob-off rate
    (or >= `goal`, an absolute rate, if given).

    The values are taken in increasing order from the knob-off value 0; the tolerance is the
    last one before the first whose rate falls below the limit (a later value that happens to
    pass again does not count).

    Parameters
    ----------
    sweep : KnobSweep
        Must include the value 0.
    fraction : float
        In (0, 1]; default 0.9.
    column : {"rate", "ci_low", "ci_high"}
        What is compared with the limit: the rate (default), or an end of its interval
        (``"ci_high"``: the largest value not *shown* to fall below the limit; ``"ci_low"``:
        the largest value shown to stay above it). The knob-off rate is always the rate.
    goal : float, optional
        An absolute rate in (0, 1], e.g. 0.9: "90 % of crossbars still train". If the knob-off
        rate is already below it, no value is tolerated: ``value`` is NaN.

    Returns
    -------
    Tolerance
    """
    if not isinstance(sweep, KnobSweep):
        raise TypeError(f"sweep must be a KnobSweep, got {type(sweep).__name__}")
    fraction = real(fraction, "fraction", "a number in (0, 1]")
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction = {fraction!r}: expected a number in (0, 1]")
    column = word(column, "column", ("rate", "ci_low", "ci_high"))
    off = np.flatnonzero(sweep.values == 0)
    if not off.size:
        raise ValueError(f"the sweep of {sweep.knob!r} has no knob-off value 0 to measure against")
    reference = float(sweep.rate[off[0]])
    if goal is not None:
        goal = real(goal, "goal", "a rate in (0, 1]")  # "0.5" compared with a rate raised numpy's TypeError
        if not 0 < goal <= 1:
            raise ValueError(f"goal = {goal!r}: expected a rate in (0, 1]")
        if reference < goal:
            return Tolerance(sweep.knob, float("nan"), goal, float("nan"), reference, reference,
                             0.0, reference, float("nan"), float("nan"))
    elif reference == 0:
        raise ValueError(f"no crossbar trained with {sweep.knob!r} off: a tolerance relative to it is undefined")
    limit = fraction * reference if goal is None else goal
    order = np.argsort(sweep.values, kind="stable")
    order = order[sweep.values[order] >= 0]
    lower, upper = _open_range(sweep, order, int(off[0]), fraction if goal is None else None, limit)
    score = getattr(sweep, column)
    best = int(off[0])
    for i in order:
        if score[i] < limit:
            return Tolerance(sweep.knob, float(sweep.values[best]), limit, fraction, reference,
                             float(score[best]), float(sweep.values[i]), float(score[i]), lower, upper)
        best = int(i)
    return Tolerance(sweep.knob, float(sweep.values[best]), limit, fraction, reference, float(score[best]),
                     float("nan"), float("nan"), lower, upper)


def _open_range(sweep, order, off, fraction, limit):
    """(lower, upper) of :class:`Tolerance`: paired intervals of the ratio against `fraction`, or
    (fraction None) Wilson intervals of the rate against the absolute `limit`."""
    if fraction is not None and len(sweep.points) != len(sweep):  # a sweep built by hand, no crossbars
        return float("nan"), float("nan")
    upper = float(sweep.values[off])
    shown = fraction is not None or sweep.ci_low[off] >= limit  # every value so far shown tolerated
    lower = upper if shown else float("nan")
    for i in order:
        if i == off:
            continue
        if fraction is None:
            low, high, bar = sweep.ci_low[i], sweep.ci_high[i], limit
        else:
            _, low, high = _paired(sweep.points[i].trained, sweep.points[off].trained)
            bar = fraction
        if high < bar:
            break
        upper = float(sweep.values[i])
        shown = shown and low >= bar
        if shown:
            lower = upper
    return lower, upper


def _paired(x_on, x_off):
    """Ratio of two rates on the same crossbars and its 95 % interval: the delta method on each
    crossbar's on - ratio x off, which counts the knob-off rate's own error and the pairing."""
    n, base = x_off.size, x_off.mean()
    ratio = x_on.mean() / base
    se = np.std(x_on - ratio * x_off, ddof=1) / np.sqrt(n) / base if n > 1 else np.inf
    return float(ratio), float(ratio - Z95 * se), float(ratio + Z95 * se)


def paired_ratio(sweep, value) -> tuple:
    """rate(`value`) / rate(knob off) of a sweep, with a 95 % interval that pairs the two rates.

    Both rates come from the same crossbars, so their errors are not independent: the interval
    is the delta method on each crossbar's (trained at `value`) - ratio x (trained knob off),
    the knob-off rate's own error included.

    Parameters
    ----------
    sweep : KnobSweep
        Must include the value 0.
    value : float
        One of the values swept.

    Returns
    -------
    tuple of float
        (ratio, ci_low, ci_high).
    """
    if not isinstance(sweep, KnobSweep):
        raise TypeError(f"sweep must be a KnobSweep, got {type(sweep).__name__}")
    on = sweep.at(value)
    if not np.any(sweep.values == 0):
        raise ValueError(f"the sweep of {sweep.knob!r} has no knob-off value 0 to measure against")
    off = sweep.at(0.0)
    if not off.converged:
        raise ValueError(f"no crossbar trained with {sweep.knob!r} off: a ratio to it is undefined")
    return _paired(on.trained, off.trained)


def rule_convergence(device, rules, distribution, *, setting, nonideal=NONE, trials, seed=0) -> dict:
    """:func:`convergence` of the same crossbars under each training rule.

    Parameters
    ----------
    device : DeviceCurve
    rules : iterable of str
        Rule names (:func:`crossbar.training.setting.parse_rule`), e.g. ``"batch"``,
        ``"two-way"``, ``"gated+two-way"``.
    distribution : OffsetDistribution
    setting : TrainingSetting
        The other knobs; its rule is replaced by each of `rules`.
    nonideal : Nonidealities
    trials, seed : int

    Returns
    -------
    dict
        rule (as given) -> Convergence.
    """
    _check_inputs(device, setting, distribution, nonideal)
    if isinstance(rules, TEXT) or not isinstance(rules, Iterable):  # a string would be read letter by letter
        raise TypeError(f"rules: expected a list of rule names, e.g. ['batch', 'two-way'], got "
                        f"{type(rules).__name__}")
    rules = list(rules)
    if not rules:
        raise ValueError("rules is empty: expected at least one rule name")
    for rule in rules:
        instance(rule, str, "rules", "rule names (str)")
    settings = {rule: setting.replace(rule=rule) for rule in rules}  # validates every name first
    offsets = sample_offsets(distribution, seed, _check_trials(trials))
    return {rule: _convergence(device, offsets, s, nonideal, seed) for rule, s in settings.items()}


def preset_tolerances(devices, setting, distribution, values, *, goal=0.9, trials, seed=0) -> dict:
    """For each device and knob, the largest swept value at which `goal` of the crossbars still train.

    Parameters
    ----------
    devices : dict of str -> DeviceCurve
    setting : TrainingSetting
        Rule and knobs (the same for every device).
    distribution : OffsetDistribution
    values : dict of str -> array_like
        Knob -> values to sweep (each including 0).
    goal : float
        The absolute rate to keep, default 0.9.
    trials, seed : int
        The same crossbars (offsets and draws) for every device and value.

    Returns
    -------
    dict
        device name -> {knob -> :class:`Tolerance`} (``value`` NaN where even the knob-off
        rate misses the goal).
    """
    _check_mapping(devices, "devices", "a dict of name -> DeviceCurve, e.g. {'ag-si': crossbar.preset('ag-si')}")
    for name, device in devices.items():
        instance(device, DeviceCurve, f"devices[{name!r}]")
    _check_mapping(values, "values", "a dict of knob -> values, e.g. {'c2c': [0, 0.01, 0.02]}")
    out = {}
    for name, device in devices.items():
        out[name] = {knob: tolerance(knob_sweep(device, setting, distribution, knob, v, trials=trials, seed=seed),
                                     goal=goal)
                     for knob, v in values.items()}
    return out
