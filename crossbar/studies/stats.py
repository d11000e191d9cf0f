"""Statistics of convergence rates (binomial proportions and their intervals) and of medians."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ..numbers import plain_array, real, real_array, shown

__all__ = ["Z95", "wilson_interval", "median_interval", "McNemar", "mcnemar"]

#: z for a two-sided 95 % interval.
Z95 = 1.959963984540054
#: The largest z taken: its tail, about 1e-350, is below the smallest double, so no confidence asks for more.
Z_MAX = 40.0
#: The most trials a count may hold: 2**53, the last integer a double holds exactly.
MAX_TRIALS = 2**53


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
    try:  # numpy's "operands could not be broadcast together" named neither (probe 23c, C23-10)
        np.broadcast_shapes(k.shape, n.shape)
    except ValueError:
        raise ValueError(f"successes has shape {k.shape} and trials {n.shape}: expected arrays of the same shape (or "
                         "shapes that broadcast, such as one trials for all)") from None
    if np.any(n < 1) or np.any(k < 0) or np.any(k > n):
        raise ValueError(f"need 0 <= successes <= trials and trials >= 1, got {successes!r} of {trials!r}")
    if np.any(n > MAX_TRIALS):  # beyond it p(1-p)/n fell into subnormals: wrong, then zero-width intervals (probe 15c)
        raise ValueError(f"trials = {float(np.max(n)):g}: expected at most 2**53 = {MAX_TRIALS:,} (a count beyond it is "
                         "not exact as a double)")
    z = real(z, "z", f"a standard-normal quantile 0 < z <= {Z_MAX:g}")
    if not 0 < z <= Z_MAX:  # z = 1e200: z² overflows and the interval became (nan, nan)
        raise ValueError(f"z = {shown(z)}: expected a standard-normal quantile 0 < z <= {Z_MAX:g}")
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
    counts = real_array(value, name, "a whole number (or an array of them)")  # 10**400 too: a ValueError
    if not np.all(np.isfinite(counts)) or np.any(counts != np.floor(counts)):
        raise ValueError(f"{name} = {value!r}: expected whole numbers of trials")
    return counts


def median_interval(values, confidence=0.95, name="median_interval"):
    """Distribution-free interval of a median: (median, low, high, coverage).

    The order statistics x_(j) <= x_(n+1-j) of n values bracket the population's median with
    probability 1 - 2 P(B <= j - 1), B ~ Binomial(n, 1/2), whatever the distribution (the
    sign-test interval). j is the largest rank whose coverage is at least `confidence`; the
    coverage returned is that exact probability (0.979 for n = 10, 0.959 for n = 20).

    Raises ValueError for fewer values than any interval needs: 6 at 95 %; its message begins with
    `name` (a caller's argument, e.g. "table['epochs']").
    """
    x = np.sort(real_array(values, "values").ravel())
    confidence = real(confidence, "confidence")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence = {confidence!r}: expected a probability between 0 and 1")
    if not np.all(np.isfinite(x)):
        raise ValueError("median_interval: the values hold NaN or infinity")
    n = x.size
    # 1 - 2 P(B <= j - 1) = 1 - sum(C(n, i), i < j) / 2^(n - 1), in exact integers to the one rounding of the
    # quotient, and the sum kept as j grows: 2.0 ** n overflowed from n = 1024 (an OverflowError for any study of
    # 1,024 trials or more: probe 31c, C31-17), and summing afresh for each j was quadratic in n
    half = 2 ** (n - 1) if n else 1
    if n == 0 or 1.0 - 1 / half < confidence:
        need = next(m for m in range(1, 200) if 1.0 - 2.0 / 2.0 ** m >= confidence)
        raise ValueError(f"{name}: {n} values give no {100 * confidence:g} % interval of the median; "
                         f"at least {need} are needed")
    j, tail, term = 1, 1, n  # tail = sum(C(n, i), i < j); term = C(n, j)
    while j + 1 <= (n + 1) // 2 and 1.0 - (tail + term) / half >= confidence:
        j, tail, term = j + 1, tail + term, term * (n - j) // (j + 1)
    return float(np.median(x)), float(x[j - 1]), float(x[n - j]), 1.0 - tail / half


class McNemar(NamedTuple):
    """What :func:`mcnemar` returns."""

    only_first: int  # items the first classifier gets right and the second wrong
    only_second: int  # items the second gets right and the first wrong
    p_value: float  # two-sided p of "both are right equally often" on these items (see mcnemar)


def mcnemar(first, second):
    """Exact McNemar test of two classifiers on the same items, from per-item correctness.

    Only the discordant items count: b the items only `first` gets right, c those only `second`
    gets right. Under "equally often right", each of the b + c is either with probability 1/2, so
    p = min(1, 2 P(B <= min(b, c))), B ~ Binomial(b + c, 1/2); p = 1 when no item is discordant.
    Up to 2,000 discordant items the tail is an exact sum of integers, correctly rounded; above, scipy's
    binomial distribution function, within about 1e-13 of it relative, in microseconds (the exact sum took
    9 s at 10,000 items and minutes at 60,000); a p below the smallest float is 0.0.

    Parameters
    ----------
    first, second : array_like of bool (or 0/1), one entry per item, the same items in the same order
    """
    a = _correctness(first, "first")
    b = _correctness(second, "second")
    if a.shape != b.shape:
        raise ValueError(f"first and second: expected one entry per item of the same items, got "
                         f"{a.size} and {b.size} entries")
    only_first, only_second = int(np.sum(a & ~b)), int(np.sum(~a & b))
    n, k = only_first + only_second, min(only_first, only_second)
    return McNemar(only_first, only_second, min(1.0, 2.0 * _binomial_half_tail(k, n)))


#: Most discordant items whose tail :func:`mcnemar` sums exactly in integers (at most about 0.3 s); above,
#: n = 10,000 took 9 s and 59,000 over 100 s.
EXACT_TAIL_MAX = 2000


def _binomial_half_tail(k, n):
    """P(B <= k), B ~ Binomial(n, 1/2): the exact sum of integers, correctly rounded, up to
    :data:`EXACT_TAIL_MAX` items; above, scipy's binomial distribution function (within about 1e-13 of it,
    relative, where the tail is a normal float, and 0.0 where it underflows)."""
    if not n:
        return 1.0
    if n <= EXACT_TAIL_MAX:
        return sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n  # int / int: exact, no overflow
    from scipy.stats import binom

    return min(1.0, max(0.0, float(binom.cdf(k, n, 0.5))))


def _correctness(value, name):
    """Per-item correctness as a 1-D bool array, or TypeError / ValueError naming `name`."""
    expected = "an array of per-item correctness (bool or 0/1)"
    # checked before np.asarray: an object array of it dropped a mask (probe 19c)
    raw = plain_array(value, name, expected, f"{name} must be {expected}, got {type(value).__name__}")
    if raw.size and (raw.dtype == bool or raw.dtype == object and all(
            isinstance(v, (bool, np.bool_)) for v in raw.ravel().tolist())):
        x = raw.astype(float)  # True and False: real_array refuses booleans, which here are the point
    else:
        x = real_array(value, name, expected)
    if x.ndim != 1 or not x.size:
        raise ValueError(f"{name}: expected a 1-D array of per-item correctness, one entry per item, got shape "
                         f"{x.shape}")
    if not np.all((x == 0) | (x == 1)):
        raise ValueError(f"{name}: expected per-item correctness, True/False or 1/0, got values such as "
                         f"{shown(x[(x != 0) & (x != 1)][0])}")
    return x == 1
