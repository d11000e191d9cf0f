"""Statistics of convergence rates: binomial proportions and their intervals."""

from __future__ import annotations

import numpy as np

from ..numbers import real

__all__ = ["Z95", "wilson_interval"]

#: z for a two-sided 95 % interval.
Z95 = 1.959963984540054


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
    k, n = _counts(successes, "successes"), _counts(trials, "trials")
    if np.any(n < 1) or np.any(k < 0) or np.any(k > n):
        raise ValueError(f"need 0 <= successes <= trials and trials >= 1, got {successes!r} of {trials!r}")
    z = real(z, "z")
    if not z > 0:
        raise ValueError(f"z = {z!r}: expected a standard-normal quantile > 0")
    p = k / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    with np.errstate(over="ignore"):  # 4 n^2 beyond the double range for n > 1e154: the term is then 0
        half = z / denom * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = np.where(k == 0, 0.0, centre - half)
    high = np.where(k == n, 1.0, centre + half)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def _counts(value, name):
    """`value` (a count or an array of counts) as float64, or TypeError / ValueError naming `name`:
    whole finite numbers only (NaN, 2.5 or a string is not a count)."""
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raw = np.asarray(None)
    if raw.dtype.kind not in "iuf" or raw.dtype.kind == "b":
        raise TypeError(f"{name} must be a whole number (or an array of them), got {type(value).__name__}")
    counts = raw.astype(np.float64)
    if not np.all(np.isfinite(counts)) or np.any(counts != np.floor(counts)):
        raise ValueError(f"{name} = {value!r}: expected whole numbers of trials")
    return counts
