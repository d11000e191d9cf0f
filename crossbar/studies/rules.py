"""Training rules set against the linear-programming bound, on the same crossbars.

A rule cannot train a crossbar whose devices admit no weights that meet every target
(:func:`crossbar.studies.analysis.weights_feasible`): the share of *feasible* crossbars is an
upper bound on any rule's convergence rate. :func:`compare_rules` trains one set of crossbars
with several rules and says, trial by trial, which of them each rule loses; :func:`rate_curve`
follows one rule's rate along one knob of the hardware (offset range, cycle-to-cycle noise).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..numbers import bool_array, instance, real, real_array, word
from ..training.setting import TrainingSetting
from .analysis import locked_pairs, weights_feasible
from .execution import run_study
from .stats import wilson_interval
from .study import Study, StudyResult
from .tables import check_columns, check_table

__all__ = ["compare_rules", "rule_row", "rate_curve", "crossing", "feasible_crossbars"]


def feasible_crossbars(study, offsets):
    """Whether weights within the devices' range meet every target, per crossbar: (T,) bool.

    The linear program of :func:`~crossbar.studies.analysis.weights_feasible`, all neurons
    together (a crossbar is feasible when each of its neurons is).
    """
    return np.asarray(weights_feasible(study, offsets)).all(axis=1)  # which checks them


def _feasible(feasible):
    """`feasible` as a bool array: 0.5 or None is no answer to "is this crossbar feasible", nor a masked entry."""
    return bool_array(feasible, "feasible", "an array of True / False per trial (feasible_crossbars')")


def rule_row(result, feasible):
    """One rule's study against the bound: a JSON-ready dict.

    Parameters
    ----------
    result : StudyResult
        The rule's study, trials 0 ... T-1.
    feasible : array_like of bool, shape (T,)
        :func:`feasible_crossbars` of the same crossbars.

    Returns
    -------
    dict
        ``rule`` (canonical name), ``max_epochs``, ``trials``, ``converged``, ``rate``,
        ``ci_low``, ``ci_high`` (95 % Wilson); ``of_feasible`` (share of the feasible crossbars
        trained), ``feasible_failed`` and ``infeasible_trained`` (counts); ``epochs_median`` and
        ``epochs_p90`` of the converged trials (NaN if none); ``pulses_mean`` (programming pulses
        per crossbar: potentiating, depressing and reset); ``failed_saturated``,
        ``failed_locked`` and ``failed_all_epochs`` (shares of the failed feasible crossbars
        with a device at the end of its curve, with a pair whose offsets differ by more than the
        window, that ran every epoch; "at the end" is read from the pulse totals, an upper bound
        under refresh and on two-way devices: see the table's ``saturated_devices``).
    """
    t = check_table(instance(result, StudyResult, "result").table, "result.table",
                    ("converged", "epochs", "pulse_count", "offsets"))  # a network study's has no pulse counts
    feasible = _feasible(feasible)
    if feasible.shape != t["converged"].shape:
        raise ValueError(f"feasible has shape {feasible.shape}; the study has {t.size} trials")
    conv = t["converged"]
    s = result.summary()
    pulses = t["pulse_count"].reshape(t.size, -1).sum(axis=1).astype(float)
    names = t.dtype.names
    if "depression_count" in names:
        pulses += t["depression_count"].reshape(t.size, -1).sum(axis=1)
    if "reset_pulses" in names:
        pulses += t["reset_pulses"]
    lost = feasible & ~conv
    window = result.study.device.window
    locked = locked_pairs(t["offsets"], window) > 0
    setting = result.study.setting

    def share(x):
        return float(x[lost].mean()) if lost.any() else float("nan")

    n_feasible = int(feasible.sum())
    return {
        "rule": setting.rule, "max_epochs": setting.max_epochs,
        "trials": s.trials, "converged": s.converged, "rate": s.rate,
        "ci_low": s.ci_low, "ci_high": s.ci_high,
        "of_feasible": (float((conv & feasible).sum() / n_feasible) if n_feasible
                        else float("nan")),
        "feasible_failed": int(lost.sum()),
        "infeasible_trained": int((conv & ~feasible).sum()),
        "epochs_median": s.epochs_median, "epochs_p90": s.epochs_p90,
        "pulses_mean": float(pulses.mean()),
        "failed_saturated": share(t["saturated_devices"] > 0),
        "failed_locked": share(locked),
        "failed_all_epochs": share(t["epochs"] >= setting.max_epochs),
    }


def compare_rules(study, rules, *, feasible=None, progress=False):
    """Train the crossbars of `study` with each rule and set every rule against the LP bound.

    Parameters
    ----------
    study : Study
        Device, offsets, patterns, trials and seed shared by every rule (common random numbers:
        trial k is the same crossbar under every rule).
    rules : dict
        label -> changes to the study's setting (its fields only: every rule trains the same
        crossbars), e.g. ``{"gated": {"rule": "gated"},
        "focused": {"rule": "focused", "max_epochs": 1000}}``.
    feasible : array_like of bool (T,), optional
        :func:`feasible_crossbars` of these crossbars, if already known (the linear programs
        are the slow part: about 5-10 ms per crossbar).
    progress : bool

    Returns
    -------
    dict
        ``feasible`` (T,) bool; ``bound``: the share of feasible crossbars with its 95 % Wilson
        interval (``rate``, ``ci_low``, ``ci_high``, ``feasible``); ``rows``: label ->
        :func:`rule_row`; ``results``: label -> StudyResult.
    """
    instance(study, Study, "study")
    expected = "a dict of label -> setting changes, e.g. {'gated': {'rule': 'gated'}}"
    instance(rules, dict, "rules", expected)
    if not rules:
        raise ValueError(f"rules: expected at least one rule to compare, as {expected}")
    fields = TrainingSetting.__dataclass_fields__
    for label, changes in rules.items():
        instance(changes, dict, f"rules[{label!r}]", "a dict of setting changes, e.g. {'rule': 'gated'}")
        # any other field ('seed', 'trials') trained other crossbars, judged against the first rule's bound
        # ('infeasible_trained' 11), or failed on a shape after every study ran (probe 31c, C31-16)
        if other := [key for key in changes if key not in fields]:
            raise ValueError(f"rules[{label!r}]: {other[0]!r} is no field of the training setting; expected "
                             f"changes of {', '.join(fields)} (every rule trains the study's crossbars)")
    if feasible is not None:  # before the studies run; np.asarray(feasible, bool) read None as False, dropped a mask
        feasible = _feasible(feasible)
    results = {label: run_study(study.replace(**changes), progress=progress)
               for label, changes in rules.items()}
    if feasible is None:
        feasible = feasible_crossbars(study, next(iter(results.values())).offsets)
    k, n = int(feasible.sum()), int(feasible.size)
    low, high = wilson_interval(k, n)
    return {
        "feasible": feasible,
        "bound": {"feasible": k, "trials": n, "rate": k / n, "ci_low": low, "ci_high": high},
        "rows": {label: rule_row(r, feasible) for label, r in results.items()},
        "results": results,
    }


def rate_curve(study, knob, values, *, progress=False):
    """The convergence rate of `study` as one hardware knob takes each of `values`.

    Parameters
    ----------
    study : Study
    knob : {"offset_hi", "c2c"}
        ``offset_hi``: the top of the offset range, S (the distribution's lower end and shape
        kept); ``c2c``: cycle-to-cycle write noise per pulse, in windows
        (:class:`~crossbar.devices.variation.Nonidealities`; the study's other non-idealities and
        its noise form kept).
    values : sequence of float
        Each checked as the knob's before any study runs; a bad one is a ValueError naming
        ``values[k]``.

    Returns
    -------
    dict of ndarray
        ``value``, ``rate``, ``ci_low``, ``ci_high``, ``epochs_median`` (one entry per value).
    """
    instance(study, Study, "study")
    knob = word(knob, "knob", ("offset_hi", "c2c"), "knob {}: expected 'offset_hi' or 'c2c'")
    values = real_array(values, "values", "a 1-D array of the knob's values")  # "0.1" is no list of values
    if values.ndim != 1:
        raise ValueError(f"values: expected a 1-D array of the knob's values, got shape {values.shape}")
    studies = []
    for k, v in enumerate(values.tolist()):
        try:  # the study's read noise, stuck devices, spreads and c2c form stay: a new Nonidealities(c2c=v) dropped
            # them, and the point at the study's own c2c gave another rate than the study (probe 31c, C31-4)
            studies.append(study.replace(offsets=replace(study.offsets, hi=float(v))) if knob == "offset_hi"
                           else study.replace(nonideal=replace(study.nonideal, c2c=float(v))))
        except (TypeError, ValueError) as exc:  # named as the knob's field ('Nonidealities.c2c = -1.0') before
            raise ValueError(f"values[{k}] = {v!r} for {knob}: {exc}") from None
    rows = []
    for v, s in zip(values.tolist(), studies):
        m = run_study(s, progress=progress).summary()
        rows.append((float(v), m.rate, m.ci_low, m.ci_high, m.epochs_median))
    out = np.array(rows, float).reshape(-1, 5)
    return dict(zip(("value", "rate", "ci_low", "ci_high", "epochs_median"), out.T))


def crossing(curve, level=0.95, column="rate"):
    """Where a falling rate curve first drops below `level`, linearly interpolated.

    Parameters
    ----------
    curve : dict
        :func:`rate_curve` output, values increasing.
    level : float
    column : str
        ``rate``, or ``ci_low`` for a crossing at the unfavourable end of the interval.

    Returns
    -------
    float
        The knob's value at the crossing; the last value if the rate never drops below
        `level`, NaN if it is below already at the first.
    """
    column = word(column, "column", ("rate", "ci_low"))
    check_columns(curve, ("value", column), "curve")  # {} was a KeyError 'value'
    level = real(level, "level", "a finite rate")  # NaN gave the last value, as if never crossed
    x, y = np.asarray(curve["value"], float), np.asarray(curve[column], float)
    below = np.flatnonzero(y < level)
    if below.size == 0:
        return float(x[-1])
    k = int(below[0])
    if k == 0:
        return float("nan")
    return float(x[k - 1] + (y[k - 1] - level) / (y[k - 1] - y[k]) * (x[k] - x[k - 1]))
