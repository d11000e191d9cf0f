"""Several cycles in one branch: the restart rules of :func:`find_restart` (moved here from :mod:`.checks`, which
re-exports them, when the fifth rule made that module longer than 500 lines).

A branch (a potentiation curve, or a depression one as its mirror, in time order) that jumps back to where it started
and climbs its way again is several cycles written one after the other as one curve, which loads as one saw-tooth
curve with status 0. The rules, one per way a probe found such a column written:

* :func:`_find_restart`: a jump back near the first read, the climbs before and after it climbs of the same steepness;
* :func:`_repeats`: a fall back to the first read, the reads after it repeating the first cycle's, whatever the
  steepness, or its shape scaled;
* :func:`_rises_anew`: after a cycle that levels off, a fall home that rises anew in any shape that is no dropout;
* :func:`_repeats_shifted`: a later cycle landing on read 1 (its start read not saved) or after reset reads;
* :func:`_repeats_whole`: whole copies of the cycle, read for read, where its first pulse makes most of its window or
  its cycles are so short that the read noise cannot be told from their shape.

:func:`restart_message` says what was found, for the readers' one-line refusal naming the line.
"""

from __future__ import annotations

import numpy as np

from .spikes import SPIKE_RUN, spike_runs

__all__ = ["find_restart", "restart_message", "RESTART_STEPS", "RESTART_SHARE", "RESTART_LAND", "RESTART_HIGHER",
           "RESTART_SLOW", "RESTART_STEEP", "RESTART_CLIMB", "RESTART_REPEAT", "RESTART_CYCLE", "RESTART_ON",
           "RESTART_COPY"]

#: A jump back of more than this many times a branch's median step (nonzero, in siemens and in decades) ...
RESTART_STEPS = 10.0
#: ... and more than this share of the branch's window (its furthest point from its first) may be a new cycle ...
RESTART_SHARE = 0.5
#: ... when it lands within this share of what the branch gained before it from its first point (a second
#: cycle may start up to 30 % of the window above the first, and read noise moves both points); landing
#: more than a quarter of it past the first point, the cycle after must climb past the point the jump
#: came from by at least this share of where it landed (a later cycle starting higher also ends higher) ...
RESTART_LAND = 0.4
RESTART_HIGHER = 0.75
#: ... or take this many pulses or more to regain half of the jump (a second cycle that saturates at the same
#: top does; a dip regained over a pulse or two does not: probe 8) ...
RESTART_SLOW = 3
#: ... when the climbs before and after it are climbs, over two pulses or more with no step more than this
#: share of the climb (a point reached, or left, in one such step is a glitch, or a dip that jumps back) ...
RESTART_STEEP = 0.75
#: ... and the climb after it, until it regains half of the jump, has no step more than this many times
#: the largest step of the climb before it: the rise before the jump repeating after it.
RESTART_CLIMB = 2.0
#: Whatever the steepness, a jump back to within this share of the climb before it from that cycle's first read,
#: after which the reads repeat that cycle's, the first within this share and all within half of it in the median
#: (a fast device, its first pulse 75 ... 100 % of its window, measured twice: probe 9a, B2)
RESTART_REPEAT = 0.2
#: A cycle before such a jump back, its window less than half of the branch's, is one from this many reads on: a
#: dip 3 or 4 reads into a climb, regained, looks like a short cycle restarting larger (probe 23a, D23-8)
RESTART_CYCLE = 5
#: ... and falls home whatever the later cycle's shape, when the reads after it climb on past the read it fell from
#: by more than this share of the window so far: a dropout's reads come back to the curve (probe 23a, D23-8)
RESTART_ON = 0.25
#: Copies of a cycle, whatever its steepness, repeat its reads to within this share of its climb (or 3 times the read
#: noise): a dip or a dropout rejoins the curve within its read noise only where the first cycle levelled off
RESTART_COPY = 0.01


def find_restart(g, rising, steps=RESTART_STEPS):
    """Index i of the first step i -> i+1 where branch `g` (in time order) jumps back to where it started and
    climbs its way again (:func:`_find_restart`), or else falls back to its first read and repeats its first
    reads (:func:`_repeats`), or, whatever the later shape, falls back there after a cycle that levels off and rises
    anew (:func:`_rises_anew`, the first such fall if it comes first), or None: several cycles written one after
    the other as one branch."""
    found = _find_restart(g, rising, steps)
    if np.size(g) < 3:
        return found
    way = np.asarray(g, dtype=np.float64) * (1 if rising else -1)
    gained, drop = way[:-1] - way[0], way[:-1] - way[1:]
    # more than half of the whole window, or of the window so far when the cycle before it levels off
    # (:func:`_levels_off`; a plateau's dip, a dip early in a climb do not) and the jump is more than RESTART_STEPS
    # times the read noise (from second differences): a later cycle may have the larger window (probe 23a, D23-8)
    sd = 0.6052 * float(np.median(np.abs(np.diff(way, 2))))
    home = (gained > 0) & (way[1:] - way[0] <= RESTART_REPEAT * gained)  # or below it: a reset read (D23-8)
    falls = home & (drop > RESTART_SHARE * (np.maximum.accumulate(way)[:-1] - way[0])) & (drop > RESTART_STEPS * sd)
    so_far = falls.copy()
    so_far[so_far] = [_levels_off(way[:i + 1]) for i in np.flatnonzero(so_far)]
    back = np.flatnonzero(home & ((drop > RESTART_SHARE * np.ptp(way)) | so_far))
    # the read it falls from is no glitch: in no spike, nor alone above the first read's level (the read it
    # lands on may be in a spike: a device whose window is a decade or more, measured twice)
    glitch = {j for first, length, _, _ in spike_runs(g) for j in range(first, first + length)}
    glitch |= {int(i) for i in back if way[i - 1] - way[0] < RESTART_REPEAT * gained[i]}
    if found is None:
        found = next((int(i) for i in back if i not in glitch and _repeats(way[:i + 1], way[i + 1:])), None)
    if found is None:  # a later cycle without its start read, or after reset reads (probe 24a, D24-6, D24-1)
        found = _repeats_shifted(way, drop, glitch, sd)
    if found is None:  # ... of a fast device, or short: whole copies, read for read (probe 24a, D24-6, D24-1)
        found = _repeats_whole(way, glitch)
    # whatever the later cycle's shape, a fall home that rises anew, named where it comes first (probe 23a, D23-8)
    ends = list(np.flatnonzero(falls)) + [way.size - 1]
    anew = next((int(i) for i, end in zip(ends, ends[1:]) if (found is None or i < found) and so_far[i]
                 and i not in glitch and _rises_anew(way, i, end, sd)), None)
    return found if anew is None else anew


def _find_restart(g, rising, steps=RESTART_STEPS):
    """Index i of the first step i -> i+1 where branch `g` (in time order) jumps back to where it started
    and then climbs its way again, or None: several cycles written one after the other as one branch.

    A candidate jump back is more than `steps` times the branch's median (nonzero) step, in siemens and in
    decades (a multiplicative noise's steps are not small in siemens), and more than
    :data:`RESTART_SHARE` of the branch's window; it comes from a point more than the bar past the first
    and lands within :data:`RESTART_LAND` of that gain from the first point (a quarter missed a second cycle
    starting 26 ... 30 % of the window higher, with read noise of 1 ... 2 % of it: re-probe 7, B'); neither
    of its points is in a spike (:func:`find_spike`, which allow_outliers accepts). The candidates cut the
    branch into cycles. The jump is a restart when the cycle before it climbed from its lowest point to the
    top it falls from, and the cycle after it climbs from where it lands to its own top, regaining more
    than half of the jump (and, landing more than a quarter of that gain above the first point, climbing
    past the point it jumped from by :data:`RESTART_HIGHER` of where it landed, as a cycle that starts
    higher does and a deep dip does not):
    each climb over two pulses or more, none of its steps more than :data:`RESTART_STEEP` of it (a top
    reached in one step is a glitch; a dip that jumps back is regained in one step). And the climb after
    it is not steeper than the one before: until it regains half of the jump, no step of it is more than
    :data:`RESTART_CLIMB` times the largest step of the climb before (a deep dip in a slow curve, regained
    in a pulse or two, is not its start again). The bar for the climbs comes from the climb itself: a
    saturating curve's first pulse may make half of its window (1.06 times 10 median steps for the
    measured device SP291D1NR100, 9.4 for a smooth curve), which a bar of 10 median steps took for a
    glitch, and two or three copies of such a curve in one column loaded as one saw-tooth curve (probe 7).
    Three cycles in one column, 8.7 times falls between them, passed the direction test on quarters and
    the spike test as one saw-tooth curve of 150 pulses (probe 6); cycles of the default device fall
    1.16 times, below any bar in decades alone.
    """
    g = np.asarray(g, dtype=np.float64)
    if g.size < 3:
        return None
    way = g if rising else -g  # a depression branch as a rising one
    d = np.diff(way)
    moved = np.abs(d[d != 0])
    if not moved.size:
        return None
    bar = steps * float(np.median(moved))
    lg = np.log10(g) if rising else -np.log10(g)
    dlg = np.diff(lg)
    moved = np.abs(dlg[dlg != 0])
    if not moved.size:  # steps too small to move a logarithm: no jump is a decade's
        return None
    log_bar = steps * float(np.median(moved))
    k = np.arange(g.size - 1)  # the last step too: a branch may end with the first read or two of a next cycle
    drop = -d
    gained = way[k] - way[0]
    found = np.flatnonzero((drop > bar) & (drop > RESTART_SHARE * float(way.max() - way[0])) & (-dlg > log_bar)
                           & (gained > bar) & (np.abs(way[k + 1] - way[0]) < RESTART_LAND * gained))
    if not found.size:
        return None
    spiked = np.zeros(g.size, dtype=bool)
    for first, length, _, _ in spike_runs(g):
        spiked[first:first + length] = True
    found = found[~spiked[found] & ~spiked[found + 1]]
    for at, i in enumerate(found):
        start = found[at - 1] + 1 if at else 0  # the cycle before: points start ... i
        end = found[at + 1] if at + 1 < found.size else d.size  # the cycle after: points i + 1 ... end
        low = start + int(np.argmin(way[start:i + 1]))
        if not _climbs(d[low:i]):
            continue
        top = i + 1 + int(np.argmax(way[i + 1:end + 1]))
        climb = d[i + 1:top]
        landed, regained = way[i + 1] - way[0], climb.sum() > drop[i] / 2
        # the branch ends before the cycle after it regains half of the jump, landing near the first point
        cut = end == d.size and not regained and landed < (way[i] - way[0]) / 4
        if cut and d.size - i <= 2:
            return int(i)  # one or two reads after the jump: the first of a next cycle
        if not (_climbs(climb) and (regained or cut)):
            continue
        half = int(np.argmax(np.cumsum(climb) > drop[i] / 2)) if regained else climb.size - 1  # regains half
        if landed > (way[i] - way[0]) / 4 and way[top] - way[i] < RESTART_HIGHER * landed and half + 1 < RESTART_SLOW:
            continue  # landing well above the first point, neither climbing higher nor slowly: a deep dip
        if climb[:half + 1].max() <= RESTART_CLIMB * d[low:i].max():
            return int(i)
    return None


def _climbs(d):
    """Whether steps `d` climb over two pulses or more, no step more than :data:`RESTART_STEEP` of the climb."""
    return d.size >= 2 and d.sum() > 0 and d.max() <= RESTART_STEEP * d.sum()


def _levels_off(cycle):
    """Whether reads `cycle` (a rising one) are a cycle that levels off: :data:`RESTART_CYCLE` reads or more, its
    climb from its first read to its last made mostly in its first half (its second half less than half of what
    its first half climbs), its median read at least half way up."""
    climb = cycle[-1] - cycle[0]
    mid = cycle[(cycle.size - 1) // 2]
    return bool(cycle.size >= RESTART_CYCLE and climb > 0 and cycle[-1] - mid <= (mid - cycle[0]) / 2
                and np.median(cycle) - cycle[0] >= climb / 2)


def _rises_anew(way, i, end, sd):
    """Whether rising reads `way` that fall home at step `i` -> `i` + 1 (after a cycle that levels off) rise anew
    up to read `end` (the next such fall, or the last read), whatever the later cycle's shape: the cycle before is
    no run up entered by a jump (its largest step, more than half the fall, within its last :data:`SPIKE_RUN`
    reads); the reads after climb (:func:`_climbs`) regaining more than half the fall; and they are no dropout, a
    run of at most :data:`SPIKE_RUN` reads near where it landed and then back at the level it fell from (the median
    of its last 5 reads, to within :data:`RESTART_REPEAT` of the window so far or 3 sd of read noise `sd`), unless
    within :data:`RESTART_SLOW` reads the curve climbs on past the read it fell from by more than
    :data:`RESTART_ON` of the window so far plus 3 sd and :data:`RESTART_CLIMB` times the most the cycle before
    climbed over as many pulses in its second half (a later cycle's steep first pulse, x1.8: probe 23a, D23-8)."""
    window, fall = way[:i + 1].max() - way[0], way[i] - way[i + 1]
    steps = np.diff(way[:i + 1])
    j = int(np.argmax(steps))
    if steps[j] > fall / 2 and j + 1 > i - SPIKE_RUN:
        return False
    after = way[i + 1:end + 1]
    climb = np.diff(after[:int(np.argmax(after)) + 1])
    if not (_climbs(climb) and climb.sum() > fall / 2):
        return False
    near = max(RESTART_REPEAT * window, 3 * sd)
    level = float(np.median(way[max(0, i - 4):i + 1]))
    again = np.flatnonzero(after >= level - near)
    if not (again.size and again[0] <= SPIKE_RUN and after[:again[0]].max() - after[0] <= near):
        return True
    span = int(again[0]) + RESTART_SLOW + 1
    on = after[again[0]:span].max() - way[i]
    seg = way[max(0, min((i + 1) // 2, i - span)):i + 1]
    before = (seg[span:] - seg[:-span]).max() if seg.size > span else seg[-1] - seg[0]
    return bool(on > max(RESTART_ON * window + 3 * sd, RESTART_CLIMB * before))


def _repeats_shifted(way, drop, glitch, sd):
    """Index i of the first fall i -> i+1 of a rising `way` after which a later cycle repeats the first, though it
    lands on no first read; or None. Cycles one after the other in one column loaded as one saw-tooth curve (probe
    24a) where each later one was saved from its first pulse's read on, not its start read (D24-6: 1,157 files),
    after one or two reset reads at or below the first read (D24-1: 728), or both. The fall is more than half of
    what the branch gained from its first read, which is more than half its window, and :data:`RESTART_STEPS` times
    the read noise `sd` (a fast curve's dip of half its window, regained over a few pulses, is none: probe 10); it
    lands within :data:`RESTART_REPEAT` of the climb from read 1 of read 1, or at or below read 0 (its reset reads,
    then read 0 or read 1 again); three reads or more after that, the first three rising, climb as a cycle does
    (:func:`_climbs`: a dropout to that level jumps back) and repeat the first cycle's read for read
    (:func:`_repeats`)."""
    for i in np.flatnonzero((drop > RESTART_STEPS * sd) & (np.arange(drop.size) >= 3)):
        gained = way[i] - way[0]  # the fall is half of it, and it half of the branch's window: a dip is not
        if i in glitch or i + 1 in glitch or not gained > RESTART_SHARE * np.ptp(way):
            continue
        for start, skip in ((1, 0), (0, 1), (0, 2), (1, 1), (1, 2)):
            climb, kept = way[i] - way[start], way[i + 1 + skip:]
            if not (climb > 0 and drop[i] > RESTART_SHARE * gained and kept.size >= 3) or \
                    np.any(way[i + 1:i + 1 + skip] > way[0] + RESTART_REPEAT * climb):
                continue
            n = min(i + 1 - start, kept.size)
            if abs(kept[0] - way[start]) <= RESTART_REPEAT * climb and _climbs(np.diff(kept[:n])) \
                    and np.all(np.diff(kept[:3]) > 0) and _repeats(way[start:i + 1], kept):  # no dropout's run
                return int(i)
    return None


def _repeats_whole(way, glitch):
    """Index i of the first fall i -> i+1 of a rising `way` after which the column holds whole copies of the cycle
    before it, and nothing else; or None. The copies land on read 0 or read 1 of the first cycle (the start read
    not saved), after none, one or two reset reads at or below read 0 (the same number before each); each repeats
    the first cycle from that read for as many reads as it has, read for read, once scaled by the ratio of the two
    cycles (:func:`_copy_of`), to within 3 standard deviations of the copies' misses (from their median: the read
    noise) or :data:`RESTART_COPY` of the climb from that read, whichever is more, and never more than
    :data:`RESTART_REPEAT` / 2 of it; the column ends with a copy, or with a part of one after a whole one. Landing
    on read 1, the cycle climbs on past read 2 by more than twice what the copies miss it by at most (one read back
    at read 1's level of a device that levels off in its next pulse is a dropout's as much). The climb repeated is
    then a copy's whatever its steepness, and whatever the read noise the second differences give (a saw-tooth's
    are its falls): a device whose first pulse makes more than half its window, its copies' falls no more than a dip
    regained in a pulse or two (probe 10), and cycles of five or six reads, whose second differences are their shape
    (probe 24a: D24-6, D24-1). A dip rejoins the curve's plateau in a line, not in the first cycle's own reads to
    within its read noise, and not at the first cycle's length."""
    for i in np.flatnonzero(way[:-1] > way[1:]):
        if i < 2 or i in glitch:
            continue
        window = way[i] - way[0]
        if not window > 0 or way[:i + 1].max() > way[i] + RESTART_REPEAT / 2 * window:
            continue  # the fall comes from the cycle's top
        for start, skip in ((1, 0), (0, 0), (0, 1), (0, 2), (1, 1), (1, 2)):
            before = way[start:i + 1]
            climb, m = before[-1] - before[0], before.size
            if m < 3 or not climb > 0:
                continue
            at, copies, misses = i + 1, 0, []
            while at < way.size:
                reset, copy = way[at:at + skip], way[at + skip:at + skip + m]
                if reset.size < skip or np.any(reset > way[0] + RESTART_REPEAT * climb) or not copy.size:
                    break
                off = _copy_of(before, copy, window)
                if not off.max() <= RESTART_REPEAT / 2 * climb:
                    break
                copies, misses = copies + (copy.size == m), misses + [off]
                at += skip + copy.size
            if not (at == way.size and copies):
                continue
            # within 3 standard deviations of the misses (from their median), or RESTART_COPY of the climb
            off = np.concatenate(misses)
            worst, noise = float(off.max()), 1.4826 * float(np.median(off))
            # landing on read 1, the copies climb on past read 2 by more than twice as much as they miss the first
            if worst <= max(RESTART_COPY * climb, 3 * noise) and (start == 0 or before[-1] - before[1] > 2 * worst):
                return int(i)
    return None


def _copy_of(before, copy, window):
    """How far each of reads `copy` misses the first reads of cycle `before`, once scaled by their ratio (a cycle's
    scale may differ by :data:`RESTART_REPEAT` / 2 of `window` at its top; inf where more)."""
    b = before[:copy.size]
    scale = float(np.median(copy / b))  # the median ratio: a miss of a read or two is no change of scale
    if abs(scale - 1) * np.abs(b).max() > RESTART_REPEAT / 2 * window:
        return np.full(copy.size, np.inf)
    return np.abs(copy - scale * b)


def _repeats(before, after):
    """Whether reads `after` a jump start again at the first of the cycle `before` it and repeat its climb read
    for read: the reads compared (at least its first three) make that climb, to within :data:`RESTART_REPEAT` of
    its top (not a plateau's jump back), the landing and the read after it are within that share of the climb
    from the cycle's, and in the median every read within half of it."""
    climb = before[-1] - before[0]
    n = min(before.size, after.size)
    makes = before[:max(n, 3)].max() - before[0] >= (1 - RESTART_REPEAT) * climb
    if not (climb > 0 and makes):
        return False
    off = np.abs(after[:n] - before[:n]) / climb
    if off[:2].max() <= RESTART_REPEAT and np.median(off) <= RESTART_REPEAT / 2:
        return True
    # or in proportion: a later cycle of a larger (or smaller) window, the same shape scaled (probe 23a, D23-8)
    a, b = after[:n] - before[0], before[:n] - before[0]
    if n < 3 or not float(b @ b) > 0:  # one or two reads after the jump: no shape to scale
        return False
    scale = float(a @ b) / float(b @ b)
    if not scale > 0:
        return False
    off = np.abs(a - scale * b) / (scale * climb)
    return bool(abs(a[0]) <= RESTART_REPEAT * climb and off[:2].max() <= RESTART_REPEAT
                and np.median(off) <= RESTART_REPEAT / 2)


def restart_message(g, i, rising, where="the read on this line"):
    """The error message for the jump back at step `i` -> `i` + 1 of branch `g` (`where`: what names that read)."""
    ratio = max(g[i] / g[i + 1], g[i + 1] / g[i])
    back, again = ("falls", "rises") if rising else ("rises", "falls")
    if len(g) - i <= 3:  # one or two reads after it
        return (f"{back} {ratio:.3g} times in one pulse ({g[i]:.4g} S to {g[i + 1]:.4g} S, {where}), back near its "
                f"first read ({g[0]:.4g} S), at its end: the first read{'s' * (len(g) - i > 2)} of a next cycle?")
    return (f"{back} {ratio:.3g} times in one pulse ({g[i]:.4g} S to {g[i + 1]:.4g} S, {where}) "
            f"and then {again} again")
