"""Several measurement cycles of one device: the curve they make, and the noise they show.

A file may hold several cycles of the same pulse protocol (one column per cycle in a table,
repeated blocks in the instrument format). :func:`combine` makes one branch of them: by default
the per-pulse median of the cycles, or one chosen cycle. :func:`cycle_noise` measures, from the
spread of the cycles, what a noise model needs:

* the **step scatter** σ_add: the standard deviation, across cycles, of the conductance change
  of one pulse, pooled over the pulses, as a fraction of the window W. An additive noise model
  (a Gaussian step of σ_add W per pulse, :class:`~crossbar.devices.variation.Nonidealities`)
  has exactly this scatter;
* the **relative step scatter** σ_rel: the same scatter as a fraction of the pulse's median step,
  pooled as sqrt(sum_m var_m / sum_m step_m^2): the size of a noise proportional to the step;
* the **cycle-to-cycle spread** at each pulse: the standard deviation of the conductance across
  cycles after m pulses, over W; and the **spread of the change** g(m) - g(0), which leaves out
  where each cycle started (a random walk of steps σ_add W spreads as σ_add sqrt(m)).

The reads' own noise is part of both scatters (a read error e adds 2 var(e) to the variance of
a step); without repeated reads of one state it cannot be told apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..numbers import TEXT, integer, real, real_array, shown
from ..resources import require_memory
from .checks import outside_range, range_text

__all__ = ["combine", "CycleNoise", "cycle_noise", "cycle_matrix"]


def _cycles(cycles):
    """`cycles` as a list of 1-D float64 arrays of finite conductances, at least one point each, or an error
    naming it: None gave "'NoneType' object is not iterable", and cycles of NaN an all-NaN median curve with
    "Mean of empty slice" warnings (NaN marks a cycle's end in the cycle matrix, not a value)."""
    if isinstance(cycles, TEXT) or not isinstance(cycles, (Iterable, np.ndarray)):
        raise TypeError(f"cycles: expected a list of 1-D arrays of conductances (or a 2-D array, one cycle a row), "
                        f"got {type(cycles).__name__}")
    out = [real_array(c, f"cycles[{k}]", "a 1-D array of conductances, S") for k, c in enumerate(cycles)]
    if not out:
        raise ValueError("cycles: expected at least one cycle, got none")
    for k, c in enumerate(out):
        if c.ndim != 1 or c.size == 0:
            raise ValueError(f"cycles[{k}]: expected a 1-D array of at least one conductance, got shape {c.shape}")
        bad = np.flatnonzero(~np.isfinite(c))
        if bad.size:
            raise ValueError(f"cycles[{k}][{bad[0]}] = {float(c[bad[0]])!r}: expected finite conductances, S")
    return out


def cycle_matrix(cycles):
    """The cycles (a list of 1-D arrays) as one (n, L_max) array, NaN past each cycle's end.

    Its size is estimated first: a million short cycles beside one long one asked for 74.5 GiB.
    """
    cycles = _cycles(cycles)
    longest = max(c.size for c in cycles)
    require_memory(8 * len(cycles) * longest, f"the cycle matrix of {len(cycles)} cycles of up to {longest} points",
                   "give fewer cycles, or cycles of more equal length")
    out = np.full((len(cycles), longest), np.nan)
    for k, c in enumerate(cycles):
        out[k, :c.size] = c
    return out


def combine(cycles, cycle=None):
    """One branch from several cycles: cycle number `cycle` (1-based), or the per-pulse median.

    The median curve runs as far as at least half of the cycles reach; at each pulse it is the
    median of the cycles that reach it. One cycle is returned as it is.

    Returns
    -------
    ndarray (L,)
    """
    cycles = _cycles(cycles)
    if cycle is not None:
        n = len(cycles)
        expected = f"a cycle number 1 ... {n} (cycle numbers start at 1)"
        cycle = integer(cycle, "cycle", expected)
        if not 1 <= cycle <= n:  # 0 took the last cycle, as index -1
            raise ValueError(f"cycle = {shown(cycle)}: {n} cycle{'s' if n != 1 else ''} given; expected {expected}")
        return np.array(cycles[cycle - 1], dtype=np.float64)
    if len(cycles) == 1:
        return np.array(cycles[0], dtype=np.float64)
    lengths = sorted((c.size for c in cycles), reverse=True)
    reach = lengths[(len(cycles) + 1) // 2 - 1]  # reached by at least half of the cycles
    matrix = cycle_matrix(cycles)[:, :reach]
    out = np.empty(reach)
    for m in range(reach):
        column = matrix[:, m]
        out[m] = np.median(column[~np.isnan(column)])
    return out


@dataclass(frozen=True)
class CycleNoise:
    """Noise measured from the spread of several cycles of one branch (or of both, pooled)."""

    cycles: int  # cycles measured
    window: float  # W of the device's curve, S
    step_scatter: float  # σ_add: std of a pulse's step across cycles, pooled, / W
    # σ_rel: the same, / the pulse's median step; None where every median step is 0 and the cycles still
    # scatter (no noise proportional to the step makes that scatter: it was inf)
    relative_step_scatter: float | None
    spread: np.ndarray  # std of g(m) across cycles, / W, per pulse (NaN where fewer than 2 cycles)
    steps: int  # pulse steps that entered the pooled scatters
    change_spread: np.ndarray = None  # std of g(m) - g(0) across cycles, / W, per pulse
    branches: dict = None  # {branch: cycles} the scatters were pooled from, where known (measured_noise)

    @property
    def spread_end(self) -> float:
        """The cycle-to-cycle spread at the last pulse that at least 2 cycles reach, / W."""
        known = self.spread[~np.isnan(self.spread)]
        return float(known[-1]) if known.size else float("nan")

    def as_dict(self):
        return {"cycles": self.cycles, "window": self.window, "step_scatter": self.step_scatter,
                "relative_step_scatter": self.relative_step_scatter, "spread_end": self.spread_end,
                "steps": self.steps, **({} if self.branches is None else {"branches": dict(self.branches)})}


def _cycle_matrices(branches):
    """`branches` as a list of 2-D float64 arrays of conductances in the physical range (NaN past a cycle's
    end, and nowhere else), or an error naming the first value at fault: negative, infinite and 1e300 S
    conductances gave scatters of inf with overflow warnings, or "needs at least 2 cycles" for a matrix of inf."""
    if isinstance(branches, (str, bytes, dict, np.ndarray)) or not isinstance(branches, Iterable):
        raise TypeError(f"branches: expected a list of (n, L) cycle matrices, got {type(branches).__name__}")
    branches = [real_array(b, f"branches[{i}]", "an (n, L) cycle matrix of conductances")
                for i, b in enumerate(branches)]
    bad = next((i for i, b in enumerate(branches) if b.ndim != 2), None)
    if not branches or bad is not None:
        raise ValueError(f"branches: expected a list of (n, L) cycle matrices, got "
                         f"{f'shape {branches[bad].shape} at {bad}' if branches else 'none'}")
    for i, b in enumerate(branches):
        # checked here: an empty matrix reached numpy's "zero-size array to reduction operation", an all-NaN one
        # its "All-NaN slice encountered" warning before the count of cycles
        if b.size == 0:
            raise ValueError(f"branches[{i}] has shape {b.shape}: no {'cycle' if b.shape[0] == 0 else 'pulse'}; "
                             "expected an (n, L) cycle matrix of conductances, n cycles of L >= 1 pulses")
        if np.isnan(b).all():
            raise ValueError(f"branches[{i}] holds no conductance (all {b.size} values are NaN): expected "
                             "an (n, L) cycle matrix of conductances, NaN only past a cycle's end")
        gap = np.isnan(b[:, :-1]) & ~np.isnan(b[:, 1:])  # NaN before a value: the steps around it were dropped
        if gap.any():
            r, c = (int(k) for k in np.argwhere(gap)[0])
            raise ValueError(f"branches[{i}][{r}, {c}] = nan: cycle {r + 1} has no value at pulse {c} but has one "
                             f"after it (pulse {c + 1}); expected NaN only past a cycle's end")
        outside = outside_range(b) & ~np.isnan(b)
        if outside.any():
            r, c = (int(k) for k in np.argwhere(outside)[0])
            raise ValueError(f"branches[{i}][{r}, {c}] = {float(b[r, c])!r}: expected conductances in the physical "
                             f"range {range_text()} (NaN past a cycle's end)")
    return branches


def cycle_noise(branches, window):
    """:class:`CycleNoise` of one or more branches, each an (n, L) cycle matrix (NaN past a cycle's end).

    Steps are pooled over every pulse of every branch where at least 2 cycles have both points.
    ValueError if there are fewer than 2 cycles, or a conductance or `window` (S) is outside the physical
    range 1e-15 ... 1 S.
    """
    branches = _cycle_matrices(branches)
    n = branches[0].shape[0]
    if n < 2:
        raise ValueError(f"noise from cycles needs at least 2 cycles, the device has {n}")
    # a window of the device's curve is a conductance of the physical range, as every other is: 5e-324 S gave
    # scatters of inf, 1e-300 S of 1e291 windows, and 1e-30 S (above the spacing of doubles at 1e-15 S, the floor
    # it was held to) spreads of 1.6e22 windows (probe 11a, N2)
    expected = f"a window of the device's curve in the physical range {range_text()}"
    window = real(window, "window", expected)
    if outside_range(window):
        raise ValueError(f"window = {shown(window)}: expected {expected}")
    window = float(window)
    var_sum = square_sum = 0.0
    steps = 0
    for matrix in branches:
        d = np.diff(matrix, axis=1)
        # a median step within rounding of the conductances is 0: 5e-22 S between 1e-6 S values (two cycles
        # zig-zagging around one curve) gave a relative scatter of 2.7e15
        rounding = 16 * np.finfo(float).eps * float(np.nanmax(np.abs(matrix)))
        for m in range(d.shape[1]):
            known = d[:, m][~np.isnan(d[:, m])]
            if known.size < 2:
                continue
            # Steps that differ by rounding alone are equal: each conductance is within an ulp or so of its value
            # (the text's decimal, a unit's factor), a step within ~2.5 eps of the largest, and n steps within
            # +-e of one value have a std of at most e sqrt(n / (n - 1)) <= 1.5 e, below `rounding` (16 eps). Cycles
            # shifted by a constant measured c2c = 3.1e-16 of the window, not 0 (probe 18a).
            var = float(np.var(known, ddof=1))
            var_sum += var if np.sqrt(var) > rounding else 0.0
            median = float(np.median(known))
            square_sum += median ** 2 if abs(median) > rounding else 0.0
            steps += 1
    first = branches[0]
    spread = np.full(first.shape[1], np.nan)  # S until divided by the window below
    change = np.full(first.shape[1], np.nan)
    for m in range(first.shape[1]):
        known = first[:, m][~np.isnan(first[:, m])]
        if known.size >= 2:
            spread[m] = np.std(known, ddof=1)
            change[m] = np.std((first[:, m] - first[:, 0])[~np.isnan(first[:, m])], ddof=1)
    if not steps:
        raise ValueError("noise from cycles needs at least 2 cycles with 2 points each")
    # every median step 0: no scatter is 0 of it, any other is no multiple of it (None, not inf)
    relative = float(np.sqrt(var_sum / square_sum)) if square_sum > 0 else (0.0 if var_sum == 0 else None)
    scatter = float(np.sqrt(var_sum / steps))
    return CycleNoise(n, window, scatter / window, relative, spread / window, steps, change / window)
