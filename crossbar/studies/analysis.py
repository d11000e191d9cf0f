"""Why trials fail and what the devices must be: analyses of finished studies and sweeps.

Plain numpy (and scipy's linear programming) on the per-trial tables of
:mod:`crossbar.studies.study`; no plotting.
"""

from __future__ import annotations

import math

import numpy as np

from ..devices.checks import CONDUCTANCE_RANGE
from ..devices.offsets import REFERENCE_OFFSETS
from ..tasks import diagonals_training
from ..training import physics
from ..numbers import flag, instance, real, real_array
from ..training.checks import check_index
from ..training.engine import train_batch
from ..training.runs import sample_offsets
from .stats import wilson_interval
from .study import Study, StudyResult, nonphysical_trials
from .sweep import SweepResult
from .limits import crossbar_offsets
from .tables import check_columns, check_table

__all__ = ["locked_pairs", "failure_analysis", "requirement_table", "required_range", "outcome_profile",
           "weights_feasible", "find_trial"]


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
    offsets = real_array(offsets, "offsets", "an array of offsets in siemens")
    if offsets.ndim < 2:
        raise ValueError(f"offsets must be an array (..., N, C), got shape {offsets.shape}")
    expected = f"a window > 0 S, at most {CONDUCTANCE_RANGE[1]:g} S"  # -1 'locked' every pair
    value = real(window, "window", expected)
    if not 0 < value <= CONDUCTANCE_RANGE[1]:
        raise ValueError(f"window = {value!r}: expected {expected}")
    return physics.fixed_sign_pairs(offsets, value).sum(axis=(-2, -1))


def failure_analysis(result) -> dict:
    """Why the trials of a study fail: counts and rates by cause.

    Returns a JSON-ready dict:

    * ``trials``, ``converged`` (met every target inside the physical range, as the summary
      counts them), ``failed``;
    * ``imbalance_ratio``: quantiles of max |s+ - s-| / window per trial, for
      converged and failed trials;
    * ``locked``: trials with at least one pair whose offset imbalance exceeds
      the window (:func:`locked_pairs`), how many of them converged;
    * ``failed_saturated``: failed trials with a device pulsed to the end of
      the curve; ``failed_unsaturated``: failed trials that ran out of epochs
      with no device saturated;
    * ``rate_by_locked``: convergence rate (with Wilson interval) among trials
      with 0, 1, 2, ... locked pairs;
    * ``nonphysical``: trials where a conductance left the physical range 1e-15 ... 1 S
      (its lowest or its highest, :func:`crossbar.studies.study.nonphysical_trials`).
    """
    t = check_table(_result(result).table, "result.table", ("converged", "offsets", "saturated_devices"))
    window = result.study.device.window
    unphysical = nonphysical_trials(t, result.study)  # its window draws too, as the summary counts them
    conv = t["converged"] & ~unphysical  # as the summary counts them: an unphysical trial did not converge
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
        "nonphysical": int(unphysical.sum()),
    }


def requirement_table(sweep) -> dict:
    """A sweep's table with ``range_ratio`` = (offset_hi - offset_lo) / the curve's window added.

    The common part of the offsets (lo) adds to G+ and G- alike and cancels
    in the weight; what training must overcome is the spread of offsets
    relative to the conductance window the curve offers.
    """
    instance(sweep, SweepResult, "sweep", "a SweepResult (run_sweep's)")
    t = dict(check_columns(sweep.table, ("offset_lo", "offset_hi"), "sweep.table"))
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
    instance(column, str, "column", "a column name, 'rate' or 'ci_low'")
    check_columns(table, ("range_ratio", "offset_spread", column))
    level = real(level, "level", "a fraction of crossbars")
    if not 0 < level <= 1:
        raise ValueError(f"level = {level!r}: expected a fraction of crossbars in (0, 1]")
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
    t = check_table(_result(result).table, "result.table", ("converged", "epochs", "pulse_count",
                                                             "saturated_devices"))
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


def _result(result):
    return instance(result, StudyResult, "result", "a StudyResult (run_study's)")


def _crossbar_offsets(study, offsets):
    """`offsets` (T, N, C) of `study`'s crossbars as float64, finite and physical at its gain, or TypeError /
    ValueError naming them (:func:`crossbar.studies.limits.crossbar_offsets`)."""
    return crossbar_offsets(study, offsets)


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

    offsets = _crossbar_offsets(study, offsets)

    s = study.effective_setting  # the offsets are what the devices got: beta / f goes with them
    p = study.patterns
    V = p.voltages(s.v_one, s.v_zero)
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


def find_trial(device, setting, converged, offsets=REFERENCE_OFFSETS, seed=0, trials=2000,
               patterns=None, min_epochs=0):
    """The first trial of a seeded study whose run converges (or does not).

    Trains trials 0 ... `trials`-1 of `seed` in one batch (the same draws a
    Monte Carlo study with that seed makes) and returns the smallest trial
    number whose outcome is `converged` after at least `min_epochs` update epochs.

    Parameters
    ----------
    device : DeviceCurve
    setting : TrainingSetting
    converged : bool
        The outcome looked for.
    offsets : OffsetDistribution
    seed : int
    trials : int
        How many trials to scan.
    patterns : PatternSet, optional
        Training set; default the diagonals.
    min_epochs : int
        Only runs that took at least this many update epochs qualify.

    Returns
    -------
    int or None
        The trial number, or None if none of the scanned trials has that outcome.
    """
    if check_index(trials, "trials") < 1:  # no trial scanned would be an empty batch, refused as 'offsets'
        raise ValueError(f"trials = {trials!r}: expected the number of trials to scan, an integer >= 1")
    converged, min_epochs = flag(converged, "converged"), check_index(min_epochs, "min_epochs")
    draws = sample_offsets(offsets, seed, trials, patterns)  # trials 0 ... trials - 1, as a study draws them
    result = train_batch(device, draws, setting, diagonals_training() if patterns is None else patterns)
    hits = np.flatnonzero((result.converged == converged) & (result.epochs >= min_epochs))
    return int(hits[0]) if hits.size else None
