"""What a glitch is, for every check of a curve: a run of reads that the curve jumps into and out of, in one
pulse each, by more than :data:`SPIKE_DECADES` (a damaged cell, a read of another range), which no saturating curve
does. Two uses of that one rule, kept here together:

* :func:`spike_runs` (:func:`find_spike`, :func:`spike_message`): the runs a file is refused for unless
  allow_outliers accepts them: 1 ... :data:`SPIKE_RUN` inner reads (1 ... :data:`SPIKE_RUN_END` last ones) above or
  below both neighbours by that much and by :data:`SPIKE_STEPS` times the curve's median step (a noisy file's large
  steps are no spikes) or, where that step is the curve's shape (a steep or short curve), out of the read noise
  near them (:data:`SPIKE_BENDS`), or a longer inner run more than :data:`OUTLIER_DECADES` off both; a late switch
  is none.
* :func:`unglitched`: the reads a branch's direction and its coming back are judged on (:mod:`.direction`): without
  any run its way between such jumps, whatever its length or the median step (a plateau of five damaged reads,
  which loads, is no curve coming back), nor the last two reads after such a jump against its way.

Both :mod:`.checks` (outliers, spikes, several cycles) and :mod:`.direction` quote them (checks imports direction,
so the rule lives below both).
"""

from __future__ import annotations

import numpy as np

__all__ = ["OUTLIER_DECADES", "SPIKE_DECADES", "SPIKE_STEPS", "SPIKE_RUN", "SPIKE_RUN_END", "SPIKE_BENDS",
           "SPIKE_SIEMENS", "SPIKE_NEAR", "spike_runs", "find_spike", "spike_message", "unglitched"]

#: A point further than this many decades from each of its neighbours is an outlier (a factor of 100).
OUTLIER_DECADES = 2.0

#: One or two points at least this many decades above (or below) both neighbours (a factor of 3.2) ...
SPIKE_DECADES = 0.5
#: ... and at least this many times the curve's median step (in log) is a spike: a damaged cell, not noise.
SPIKE_STEPS = 20.0


#: A spike is a run of at most this many points that comes back (cells damaged side by side are one
#: glitch: three in a row, 50 times too high, set a window 49 times too wide; probe 5) ...
SPIKE_RUN = 4
#: ... or, at the end of the curve, of at most this many: a run there does not come back, and a longer
#: one is as likely an abrupt switch late in the train as a glitch.
SPIKE_RUN_END = 2
#: Where the curve's median step is its shape, not its noise (a steep or short curve), a run is a spike when it
#: stands out of the read noise near it instead: more than this many times the median |second difference| in log
#: (:func:`_noise_bar`) ...
SPIKE_BENDS = 10.0
#: ... and this many times that in siemens (:func:`_stands_out`), off the line through the two reads on each side
#: (:func:`_off_trend`) and beside no higher run ...
SPIKE_SIEMENS = 5.0
#: ... the noise from up to this many triples of reads in a row on each side of it that hold none of its reads
SPIKE_NEAR = 5


def _switch_at_end(lg, start, above, rising, decades):
    """Whether the last points of a branch from `start` on (above the point before, or below), in log, are a late
    switch rather than a glitch: they go the branch's way (up where `rising`) and the branch before them, from its
    furthest point back (a two-way curve's last branch), had not levelled off (moved more than `decades` its way,
    most of it in its first half: a saturated branch does not jump on past its top)."""
    if rising is None or above != rising:
        return False  # against the branch's way: a suspect (a last read 50 times below a rising branch)
    way = lg[:start] * (1 if rising else -1)
    way = way[int(np.argmin(way)):]
    mid = (way.size - 1) // 2
    return not (way[-1] - way[0] > decades and way[mid] - way[0] > way[-1] - way[mid])


def _bends(values):
    """|second difference| of `values` at each read but the ends (reads j, j + 1, j + 2)."""
    return np.abs(np.diff(values, 2))


def _misses(g):
    """Twice what each read but the ends misses the geometric mean of its neighbours by, in siemens (a |second
    difference| where the neighbours are near): the read noise about the curve's trend in log, which a steep
    branch's bends in siemens are not (its shape)."""
    return 2 * np.abs(g[1:-1] - np.sqrt(g[:-2] * g[2:]))


def _noise_bar(values, first, k, decades, steps=SPIKE_BENDS, bends_of=_bends):
    """The bar of the run of `k` reads from `first` of `values` (in log or in siemens), from the read noise near it:
    `steps` times the median |second difference| (bends[j]: reads j, j + 1, j + 2) of up to :data:`SPIKE_NEAR`
    triples on each side that hold no read of the run, the first read's only when there is no other (a first pulse
    may switch a decade), or, where they are fewer than three, with the two triples of the curve without the run
    that span it, where that is less (a glitch in the middle of six or seven reads left only read 0's triple, or one
    of the steep start: probe 24a, D24-2); or of all after the first read where that is more (a noisy curve's few
    quiet reads are no measure); none: no bar. A steep or short curve's steps are its shape, not its noise: the
    median step of a noise-free curve rising 30 times, or of six reads two of whose steps are a glitch's, made a bar
    of two decades, and a read 50 times too high, or a last read back at the start, loaded and set the window (probe
    24a, D24-2, D24-4)."""
    bends = bends_of(values)
    near = np.concatenate((bends[max(first - 2 - SPIKE_NEAR, 1):max(first - 2, 1)],
                           bends[first + k:][:SPIKE_NEAR]))
    noise = float(np.median(near)) if near.size else float(bends[0]) if first >= 3 else np.inf
    if near.size < 3:  # a short curve: with the triples that span the run, the curve without it (probe 24a, D24-2)
        cut = bends_of(np.delete(values, np.arange(first, first + k)))
        spans = np.concatenate((near, cut[max(first - 2, 1):first]))
        noise = min(noise, float(np.median(spans))) if spans.size else noise
    if noise == np.inf:
        return np.inf
    whole = float(np.median(bends[1:])) if bends.size > 2 * SPIKE_NEAR + SPIKE_RUN + 2 else 0.0
    return max(decades, steps * max(noise, whole))


def _off_trend(lg, first, k, above, decades):
    """Whether the run of `k` reads from `first` stands more than `decades` above (or below) the straight line (in
    log) through the two reads before it, and through the two after it, where they are (the first read's line not:
    a first pulse may switch a decade): a steep curve turning (a late switch, then a steep fall) is no glitch."""
    run = lg[first:first + k]
    lines = [2 * lg[first - 1] - lg[first - 2]] if first >= 3 else []
    if first + k + 1 < lg.size:
        lines.append(2 * lg[first + k] - lg[first + k + 1])
    off = [(run.min() - x if above else x - run.max()) > decades for x in lines]
    if 2 <= first and first + k + 1 < lg.size and abs(np.sign(np.diff(lg[[first - 2, first - 1, first + k,
                                                                        first + k + 1]])).sum()) == 3:
        return any(off)  # the branch keeps its way across the run: no turn, whatever its first steps (probe 25a, D25-4)
    return all(off)


def _stands_out(g, first, k, above):
    """Whether the run of `k` reads from `first` stands above (or below) both neighbours by more than
    :data:`SPIKE_SIEMENS` times the median |second difference| in siemens near it (:func:`_noise_bar`): read noise
    in siemens (a read near zero is decades off in log) makes no glitch."""
    g = np.asarray(g, dtype=np.float64)
    run, sides = g[first:first + k], g[[first - 1] + ([first + k] if first + k < g.size else [])]
    off = run.min() - sides.max() if above else sides.min() - run.max()
    return off > min(_noise_bar(g, first, k, 0.0, SPIKE_SIEMENS), _noise_bar(g, first, k, 0.0, SPIKE_SIEMENS, _misses))


def spike_runs(g, decades=SPIKE_DECADES, steps=SPIKE_STEPS, rising=None, near=False):
    """Every run of 1 ... :data:`SPIKE_RUN` inner points of `g` (or 1 ... :data:`SPIKE_RUN_END` last ones)
    standing more than `decades` decades, and `steps` times the median |step| (in log) or, where `near`, else out
    of the read noise near them (:data:`SPIKE_BENDS`), above or below both neighbours (the one before, for the last
    points): a list of (first index, length, decades, above), first first. Where `rising` (True, False) gives the
    branch's way, last points that are a late switch (:func:`_switch_at_end`) are none. The restart rules of
    :mod:`.checks` leave out the runs of the median step only: a last read back at the start that they take for a
    next cycle's first read stays refused as that, allow_outliers or not."""
    lg = np.log10(np.asarray(g, dtype=np.float64))
    n = lg.size
    bar = max(decades, steps * float(np.median(np.abs(np.diff(lg)))))
    found, shape = [], []
    for k in range(1, min(SPIKE_RUN, n - 2) + 1):
        window = np.lib.stride_tricks.sliding_window_view(lg[1:], k)  # runs starting at 1 ... n - k
        low, high, left = window.min(axis=1), window.max(axis=1), lg[:n - k]
        right = np.append(lg[k + 1:], np.nan)  # the run at the end has no right neighbour
        up = np.fmin(low - left, low - right)  # fmin: the end's NaN leaves the left neighbour alone
        down = np.fmin(left - high, right - high)
        height = np.maximum(up, down)
        if k > SPIKE_RUN_END or _switch_at_end(lg, n - k, bool(up[-1] > down[-1]), rising, decades):
            height[-1] = np.nan  # not a spike at the end: never above the bar (probe 13a, S1: a late switch)
        for i in np.flatnonzero(height > decades):
            if height[i] > bar:
                found.append((int(i) + 1, k, float(height[i]), bool(up[i] > down[i])))
            elif (near and height[i] > _noise_bar(lg, i + 1, k, decades)
                  and _off_trend(lg, i + 1, k, up[i] > down[i], decades) and _stands_out(g, i + 1, k, up[i] > down[i])):
                shape.append((int(i) + 1, k, float(height[i]), bool(up[i] > down[i])))
    # above the noise bar only: not beside a higher inner run (reads 1 ... 3 of a steep curve stand above the first
    # read and a glitch 40 times below after them, which is the glitch; probe 24a)
    inner = [o for o in found + shape if o[0] + o[1] < n]
    found += [s for s in shape if not any(o[2] > s[2] and o[0] <= j < o[0] + o[1] for o in inner
                                          for j in (s[0] - 1, s[0] + s[1]))]
    # a longer inner run (a plateau) more than OUTLIER_DECADES above or below both neighbours: no saturation
    # falls back 100 times in one pulse (five reads 200 times too high set a window 200 times too wide; probe 8)
    jumps = np.flatnonzero(np.abs(np.diff(lg)) > max(bar, OUTLIER_DECADES))
    for i, j in zip(jumps[:-1] + 1, jumps[1:] + 1):  # the run i ... j - 1 between two such steps
        left, right, run = lg[i - 1], lg[j], lg[i:j]
        height = max(min(run.min() - left, run.min() - right), min(left - run.max(), right - run.max()))
        if j - i > SPIKE_RUN and height > max(bar, OUTLIER_DECADES):
            found.append((int(i), int(j - i), float(height), bool(run.min() > left)))
    return sorted(found)


def find_spike(g, decades=SPIKE_DECADES, steps=SPIKE_STEPS, rising=None):
    """Index of the first point of the first spike of `g`, or None: a run of at most :data:`SPIKE_RUN`
    inner points (:data:`SPIKE_RUN_END` at the end), more than `decades` decades above or below both
    neighbours (the one before, at the end) and more than `steps` times the curve's median step (in log), or,
    where that step is the curve's shape (a steep or short curve), out of the read noise near it (:func:`spike_runs`
    `near`). `rising`: the way of the branch that ends `g` (None: not known), whose late switch is no spike.

    A glitch 50 times too high passes :func:`find_outlier`'s factor of 100, yet sets the whole
    window; a saturating curve never turns back so sharply, and the noise of a real curve shows
    in its median step, so a noisy file's large steps are not spikes. The first point is held to
    :func:`find_outlier` only: a device's first pulse may well switch it by a decade.
    """
    if np.size(g) < 3:
        return None
    found = spike_runs(g, decades, steps, rising, near=True)
    return found[0][0] if found else None


def spike_message(g, i, decades=SPIKE_DECADES, steps=SPIKE_STEPS, lines=None):
    """The error message for the spike that starts at point `i` of curve `g` (`lines`: each point's line)."""
    _, k, height, above = next(s for s in spike_runs(g, decades, steps, near=True) if s[0] == i)
    run = "conductance" if k == 1 else "conductances"
    values = [f"{g[j]:.4g} S" for j in range(i, i + k)]
    values = (" and ".join(values) if k < 3 else ", ".join(values[:-1]) + " and " + values[-1] if k <= SPIKE_RUN
              else f"{values[0]} ... {values[-1]}")
    pulses = f"pulse {i}" if k == 1 else f"pulses {i} to {i + k - 1}"
    if lines is not None and k > SPIKE_RUN:  # a plateau: its last line too
        pulses += f", lines {lines[i]} to {lines[i + k - 1]}"
    end = i + k == len(g)
    around = f"{g[i - 1]:.4g} S" if end else f"{g[i - 1]:.4g} S and {g[i + k]:.4g} S"
    step = float(np.median(np.abs(np.diff(np.log10(np.asarray(g, dtype=np.float64))))))
    typical = f"{10 ** step:.3g} times" if step > 0 else "none"
    where = ("the point before, at the end of the curve" if end else "both neighbours") + f" ({around})"
    back = "" if end else " and the curve comes back"
    return (f"{run} {values} ({pulses}) {'is' if k == 1 else 'are'} {10 ** height:.3g} times "
            f"{'above' if above else 'below'} {where}{back}, while its typical step is {typical}: a damaged "
            "value or a glitch? Pass allow_outliers=True (--allow-outliers) to accept it")


def unglitched(g, way):
    """Which reads of branch `g` (`way` 1: rising, -1: falling) are no glitch: not in a run its way that `g` jumps
    into and out of by more than :data:`SPIKE_DECADES` in one pulse each (a spike, or a plateau of damaged cells,
    which allow_outliers or the plateau rule of :func:`spike_runs` accept), nor in the last two reads after such a jump
    against its way (a last read 50 times below)."""
    kept = np.ones(g.size, dtype=bool)
    if not np.all(g > 0):
        return kept
    jump = way * np.diff(np.log10(g))
    ups, downs = np.flatnonzero(jump > SPIKE_DECADES), np.flatnonzero(jump < -SPIKE_DECADES)
    for i in ups:
        after = downs[downs > i]
        if after.size:
            kept[i + 1:after[0] + 1] = False
    if downs.size and downs[-1] >= g.size - 3:
        kept[downs[-1] + 1:] = False
    return kept
