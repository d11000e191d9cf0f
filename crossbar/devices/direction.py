"""Whether a branch goes its way: a potentiation branch rises, a depression branch falls, in time order,
judged on its quarters' medians within the noise of its reads, and not coming back more than half its span by
its last read (:func:`direction_problem`, quoted by
:mod:`.checks` with the other checks of a file's curves)."""

from __future__ import annotations

import numpy as np

from .spikes import unglitched

__all__ = ["DIRECTION_SHARE", "DIRECTION_NOISE", "TRANSPOSED_RISE", "TRANSPOSED_SCATTER", "direction_problem",
           "transposed_problem"]

#: A branch's quarters' medians are level when they differ by at most this share of its span (max - min of its
#: 3-point running median, so that a spike allow_outliers accepts does not widen it) or, were its reads noisier, by
#: 4 standard errors of their difference (the noise from its second differences after the first point, which a
#: smooth climb barely moves), though never by more than DIRECTION_NOISE of its span
DIRECTION_SHARE, DIRECTION_NOISE = 0.05, 0.25
#: A branch that comes back from its furthest point by its last read more than half its span and this many
#: standard deviations of its read noise goes both ways (:func:`_comes_back`)
COME_BACK_NOISE = 2.0
#: A branch must go its way by more than this share of its first read: a window of a billionth of a conductance is
#: below any instrument's resolution, in the last digits of the numbers (a flat curve risen by 1e-21 S at 1e-6 S
#: loaded, its laws fitted to a window of 1e-16 S: found reading the stop-46 restart rules)
MIN_WINDOW_SHARE = 1e-9


def _span(g):
    """max - min of `g`'s 3-point running median (its first and last points as they are)."""
    smooth = g.copy()
    if g.size >= 3:
        smooth[1:-1] = np.median(np.lib.stride_tricks.sliding_window_view(g, 3), axis=1)
    return float(np.ptp(smooth))


def _noise(g):
    """The sd of `g`'s read noise, from its |second differences| after its first point (a Gaussian's)."""
    bends = np.abs(np.diff(g[1:], 2))
    return 0.6052 * float(np.median(bends)) if bends.size else 0.0


def _level_tolerance(g, q, span):
    """How far apart the medians of `g`'s first and last `q` points may be and still be one level."""
    return max(DIRECTION_SHARE * span, min(4 * 1.7725 * _noise(g) / np.sqrt(q), DIRECTION_NOISE * span))


def _comes_back(g, way, span):
    """(its furthest read its way, its last read, how far back as a share of `span`) of branch `g` (`way` 1:
    rising, -1: falling) when, from the furthest point of its 3-point running median, it comes back by its last
    read more than half its span and :data:`COME_BACK_NOISE` standard deviations of its read noise
    (:func:`_noise`); else None. Glitches (:func:`.spikes.unglitched`: a spike, a plateau of damaged cells) are left
    out: a last read 50 times below, or five reads 50 times above, are no curve coming back.

    A rise then a fall, 55-100 % of its span back, saved in one column loaded as one potentiation branch, and a
    depression branch whose last reads climb back loaded as falling (probe 23a, D23-2): the quarters' medians
    still went the branch's way. Noise margin: of 20000 saturating curves (4-200 reads, read noise 1-10 % of
    the window, additive or proportional, rising and falling) none came back more than 0.42 of its span (0.5
    needed before the allowance of 2 standard deviations); with noise of 10-20 % none of 5774 was refused, with
    20-30 % (noise a quarter of the window) 14 of 4865."""
    if g.size < 4 or not span > 0:
        return None
    h = way * g[unglitched(g, way)]
    if h.size < 3:
        return None
    smooth = h.copy()
    smooth[1:-1] = np.median(np.lib.stride_tricks.sliding_window_view(h, 3), axis=1)
    top = float(smooth.max())
    if top - h[-1] > span / 2 + COME_BACK_NOISE * _noise(g):
        return way * float(h.max()), way * float(h[-1]), (top - h[-1]) / span
    return None


def direction_problem(g, rising):
    """None if branch `g` (in time order) goes the way its kind must, else what is wrong.

    A potentiation branch (`rising`) must rise: the median of its last quarter above that of its first
    quarter, and its maximum above its first point; a depression branch must fall likewise. The quarters
    make the test robust to noise: a noisy saturating curve rises in its trend though many of its steps
    fall. Where the quarters' medians are level, within the curve's noise (:func:`_level_tolerance`), a
    curve half its span above its first point, or below its last, switched its window in its first pulse
    (an abrupt device: both quarters' medians at its top, the last below the first one time in two with
    read noise: probe 9a, F2) or in its last, and rises; one whose last point is half its span below the
    level is an abrupt curve stored last pulse first, and does not. A branch that goes its way and then comes
    back more than half its span by its last read, beyond its noise, goes both ways (:func:`_comes_back`).
    """
    g = np.asarray(g, dtype=np.float64)
    q = -(-g.size // 4)
    start, end = float(np.median(g[:q])), float(np.median(g[-q:]))
    trend = f"(from about {start:.4g} S in its first quarter to {end:.4g} S in its last)"
    way = 1.0 if rising else -1.0
    span = _span(g)
    tol = _level_tolerance(g, q, span)
    switch = max(tol, span / 2)  # by half of its span at least: not a noisy read
    level = abs(end - start) <= tol
    abrupt = level and (way * (start - g[0]) > switch or way * (g[-1] - end) > switch)
    # its last quarter half its span or more beyond its first point: it went its way, though it may have
    # overshot and relaxed back since (a fast rise, then 10-30 % of its window lost: probe 10a, D1)
    went = way * (end - g[0]) > switch
    goes = abrupt or went or (way * (end - start) > 0 and not (level and way * (end - g[-1]) > switch))
    if rising:
        if end < start and not (abrupt or went):
            return (f"falls in time order {trend}; a potentiation branch must rise: is it a depression branch, "
                    "or stored last pulse first?")
        if not g.max() > g[0]:
            return (f"never rises above its first point ({g[0]:.4g} S): a potentiation branch needs a window "
                    "max g - g(0) > 0")
        if not g.max() - g[0] > MIN_WINDOW_SHARE * g[0]:
            return _unresolved(g.max() - g[0], g[0], "rises above")
        if not goes:
            return f"does not rise overall {trend}; a potentiation branch must rise"
        return _back_problem(g, way, span)
    if end > start and not (abrupt or went):
        return (f"rises in time order {trend}; a depression branch must fall. A branch stored in ascending order "
                "of state (as NeuroSim lists its LTD points) must be given in time order: reverse its rows")
    if not g.min() < g[0]:
        return f"never falls below its first point ({g[0]:.4g} S): a depression branch must fall"
    if not g[0] - g.min() > MIN_WINDOW_SHARE * g[0]:
        return _unresolved(g[0] - g.min(), g[0], "falls below")
    if not goes:
        return f"does not fall overall {trend}; a depression branch must fall"
    return _back_problem(g, way, span)


def _unresolved(window, first, went):
    return (f"{went} its first point ({first:.4g} S) by only {window:.3g} S, {window / first:.2g} of it: a window "
            f"under {MIN_WINDOW_SHARE:g} of the conductance is below any instrument's resolution, the last digits of "
            "the numbers; expected a curve that moves by more")


def _back_problem(g, way, span):
    """What is wrong with branch `g` that comes back more than half its span (:func:`_comes_back`), or None."""
    back = _comes_back(g, way, span)
    if back is None:
        return None
    top, last, share = back
    if way > 0:
        return (f"rises to {top:.4g} S and then falls back to {last:.4g} S by its last read ({share:.0%} of its "
                "span): a potentiation branch must rise; is it a potentiation and a depression branch in one "
                "column? A two-way curve needs a direction column (+/-), or its depression branch in its own file "
                "(--depression-file)")
    return (f"falls to {top:.4g} S and then rises back to {last:.4g} S by its last read ({share:.0%} of its span): a "
            "depression branch must fall; are its last reads potentiating (a next cycle)? Give them as a "
            "potentiation branch, or leave them out")


#: A table whose first column's median is further from its last quarter's than TRANSPOSED_RISE times the rise of
#: the curve its columns give (the range of its rows' medians), and than TRANSPOSED_SCATTER standard errors of
#: the medians' scatter, has its pulses as columns (:func:`transposed_problem`)
TRANSPOSED_RISE, TRANSPOSED_SCATTER = 2.0, 8.0


def transposed_problem(cycles):
    """None, or what is wrong with a table's `cycles` (its value columns, in S) that are its pulses: more
    columns than points in each, whose medians climb (or fall) steadily from column to column over more than
    twice the median range within a column. Written one row per cycle, one column per pulse (a (cycles x
    pulses) matrix saved as it is), 5 cycles of 31 pulses were read as 31 cycles of 5 points: the window became
    the cycles' drift (probe 10a, L2). Real cycles vary from one to the next, they do not climb in order.

    With read noise the medians of a saturating curve's flat part wobble, and 9 steps in 10 one way missed 13 of
    30 transposed tables with noise of 0.5-5 % of the window (and a fast device, noise-free: probe 11a, L4). So
    the columns' medians are also judged by where they go against their scatter: from the first column to the
    last quarter's median, by more than TRANSPOSED_RISE times the rise of the curve the columns would give (the
    range of the rows' medians, which read noise barely moves: a transposed table's is its cycles' drift) and
    TRANSPOSED_SCATTER standard errors (the medians' noise from their second differences, which a smooth climb
    barely moves): a rise carried by the columns, not by the rows."""
    n, size = len(cycles), max(c.size for c in cycles)
    if n <= size or n < 4:
        return None
    medians = np.array([np.median(c) for c in cycles])
    within = float(np.median([np.ptp(c) for c in cycles]))
    steps = np.sign(np.diff(medians))
    steady = abs(float(np.mean(steps))) >= 0.8  # 9 steps in 10 one way
    if steady and np.ptp(medians) > 2 * within:
        times = (f"{np.ptp(medians) / within:.3g} times the median range within a column" if within > 0 else
                 "each column's values all equal")  # not '5e+293 times'
        return (f"its {n} value columns of {size} points each have medians that go steadily from {medians[0]:.4g} S "
                f"(first column) to {medians[-1]:.4g} S (last), {times}: one column per pulse: the table looks "
                "transposed; expected one column per cycle, one row per pulse (pandas: df.T; numpy: M.T)")
    lengths = sorted((c.size for c in cycles), reverse=True)
    reach = lengths[(n + 1) // 2 - 1]  # the median curve's length: reached by at least half of the cycles
    if reach < 1:
        return None  # the checks that follow name an empty cycle
    rows = np.median(np.array([c[:reach] for c in cycles if c.size >= reach]), axis=0)
    rise = float(np.ptp(rows))  # of the rows' medians, over the cycles that reach the median curve's end
    q = -(-n // 4)
    end = float(np.median(medians[-q:]))
    move = abs(end - float(medians[0]))
    sigma = 0.6052 * float(np.median(np.abs(np.diff(medians, 2))))  # a Gaussian's sd from |second differences|
    error = sigma * np.sqrt(1 + np.pi / 2 / q)  # of the first median less the median of q
    if not (move > TRANSPOSED_RISE * rise and move > TRANSPOSED_SCATTER * error):
        return None
    against = (f"{move / rise:.3g} times the range of the rows' medians ({rise:.3g} S)" if rise > 0 else
               "the rows' medians all equal")
    if error > 0:
        against += f", {move / error:.3g} standard errors of the columns' medians"
    return (f"its {n} value columns of {size} points each have medians that go from {medians[0]:.4g} S (first "
            f"column) to {end:.4g} S (median of the last {q}), {against}: the columns carry the rise, one "
            "column per pulse: the table looks transposed; expected one column per cycle, one row per pulse "
            "(pandas: df.T; numpy: M.T)")
