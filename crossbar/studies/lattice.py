"""Which crossbars *pulse counts* can train: the linear program's bound made exact.

The linear program of :func:`~crossbar.studies.analysis.weights_feasible` lets each weight take
any value in an interval. A crossbar of the reference model can only reach the weights

    w_j = K (g(a_j) - g(b_j) + s+_j - s-_j),   a_j, b_j in {0, ..., L-1},

with g the device's (noisy) curve: a finite set of values per pair, the pulse-count *lattice*. A
crossbar that the linear program finds infeasible is infeasible on the lattice too; one it finds
feasible may still have no lattice point that meets every target. LP feasibility is necessary,
not sufficient. :func:`lattice_check` decides, neuron by neuron:

1. the linear program with the largest common margin (infeasible: no weights at all);
2. a *witness*: the margin's optimum rounded to neighbouring lattice values (every combination
   of the value below and above per weight); a witness is checked the engine's way, with the
   conductances of its pulse counts (:mod:`crossbar.training.physics`);
3. for few inputs (the diagonals' four), an exhaustive search of the lattice points inside the
   polytope's bounding box: for each combination of all weights but the last, the interval
   left for the last is searched for a lattice value. It ends with a witness or a proof that
   none exists, unless the box holds more than `budget` combinations (then: undecided).

Plain numpy and scipy; no plotting.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from ..devices.checks import outside_range, range_text
from ..numbers import instance, integer, real_array
from ..training import physics
from .limits import crossbar_offsets
from .study import Study

__all__ = ["reachable_differences", "lattice_check", "LATTICE_STATUS"]

#: What :func:`lattice_check` can say of one crossbar.
LATTICE_STATUS = ("lp-infeasible", "witness", "none", "undecided")


def reachable_differences(curve):
    """Every value g(a) - g(b) of a curve, a and b pulse counts 0 ... L-1: sorted, unique.

    `curve` is a device's conductances, each in the physical range 1e-15 ... 1 S (else a ValueError naming it).

    Returns
    -------
    values : ndarray (U,)
        The differences, S.
    plus, minus : ndarray of int (U,)
        For each value, pulse counts (a, b) that give it.
    """
    g = real_array(curve, "curve", "a 1-D array of conductances in siemens")
    if g.ndim != 1 or g.size == 0 or not np.isfinite(g).all():
        raise ValueError(f"curve: expected a 1-D array of finite conductances in siemens, got "
                         f"{'shape ' + str(g.shape) if g.ndim != 1 or g.size == 0 else 'a value that is not finite'}")
    bad = outside_range(g)
    if bad.any():  # -g or 1e7 g (up to 5.3 S) answered, as if a device could be there
        k = int(np.argmax(bad))
        raise ValueError(f"curve[{k}] = {g[k]:.4g} S: expected conductances within the physical range {range_text()} "
                         "(a device's measured curve)")
    diff = g[:, None] - g[None, :]
    values, first = np.unique(diff.ravel(), return_index=True)
    plus, minus = np.unravel_index(first, diff.shape)
    return values, plus.astype(np.int64), minus.astype(np.int64)


def _margin_lp(a, r):
    """max t s.t. a u - t >= r, -1 <= u <= 1: (t, u)."""
    from scipy.optimize import linprog

    n = a.shape[1]
    cost = np.zeros(n + 1)
    cost[-1] = -1.0
    res = linprog(cost, A_ub=np.hstack([-a, np.ones((a.shape[0], 1))]), b_ub=-r,
                  bounds=[(-1.0, 1.0)] * n + [(None, 2.0 * n)], method="highs")
    if res.status != 0:
        return -math.inf, None
    return float(res.x[-1]), res.x[:-1]


def _box(a, r):
    """Per weight, the smallest and largest u over {a u >= r, -1 <= u <= 1}."""
    from scipy.optimize import linprog

    n = a.shape[1]
    lo, hi = np.empty(n), np.empty(n)
    for j in range(n):
        for sign, out in ((1.0, lo), (-1.0, hi)):
            cost = np.zeros(n)
            cost[j] = sign
            res = linprog(cost, A_ub=-a, b_ub=-r, bounds=[(-1.0, 1.0)] * n, method="highs")
            out[j] = sign * res.fun if res.status == 0 else (-1.0 if sign > 0 else 1.0)
    return lo, hi


def _meets(a, r, u):
    """Rows of `u` (..., N) meeting every strict constraint a u > r."""
    return np.all(u @ a.T > r, axis=-1)


def _search(a, r, lattice, budget):
    """Exhaustive search of the lattice inside the polytope: a witness u, None (none) or "undecided"."""
    lo, hi = _box(a, r)
    tol = 1e-9
    sets = [lattice[(lattice >= lo[j] - tol) & (lattice <= hi[j] + tol)] for j in range(a.shape[1])]
    if any(s.size == 0 for s in sets):
        return None
    head, last = sets[:-1], sets[-1]
    if math.prod(s.size for s in head) > budget:
        return "undecided"
    up, down = a[:, -1] > 0, a[:, -1] < 0
    grids = np.meshgrid(*head, indexing="ij") if head else []
    combos = np.stack([grid.ravel() for grid in grids], axis=1) if head else np.zeros((1, 0))
    for start in range(0, combos.shape[0], 200_000):
        part = combos[start:start + 200_000]
        need = r[None, :] - part @ a[:, :-1].T  # a_last u_last > need
        low = np.max(np.where(up, need, -np.inf), axis=1) if up.any() else np.full(part.shape[0], -np.inf)
        high = np.min(np.where(down, -need, np.inf), axis=1) if down.any() else np.full(part.shape[0], np.inf)
        k = np.searchsorted(last, low, side="right")
        ok = (k < last.size)
        ok[ok] &= last[k[ok]] < high[ok]
        hits = np.flatnonzero(ok)
        for h in hits[:20]:
            u = np.append(part[h], last[k[h]])
            if _meets(a, r, u):
                return u
    return None


def _verify(curve, offsets, voltages, labels, setting, i, plus, minus):
    """Whether pulse counts (plus, minus) on neuron i's pair of columns meet its targets, the engine's way."""
    counts = np.zeros(offsets.shape, dtype=np.int64)
    counts[:, 2 * i] = plus
    counts[:, 2 * i + 1] = minus
    G = physics.conductance(curve, counts, offsets, setting.gain)
    current = physics.logic_current(physics.column_currents(voltages, G))
    f = physics.activation(current, setting.beta)
    met = physics.meets_targets(f, labels, setting.target_high, setting.target_low)
    return bool(np.all(met[:, i]))


def _count(value, name):
    """`value` as an int >= 1, or TypeError / ValueError naming `name` (budget=0, -5, nan or 'x' were taken)."""
    count = integer(value, name, "an integer >= 1")
    if count < 1:
        raise ValueError(f"{name} = {count}: expected an integer >= 1")
    return count


def lattice_check(study, offsets, *, budget=2_000_000, search_inputs=6):
    """Can some pulse counts meet every target? Per crossbar and neuron, decided on the lattice.

    Parameters
    ----------
    study : Study
        Device (its curve g), setting (K, beta, targets, voltages) and training patterns.
    offsets : ndarray (B, N, 2M)
        The crossbars' offsets, S.
    budget : int
        Most combinations of all weights but the last that the exhaustive search may visit.
    search_inputs : int
        The exhaustive search runs only for crossbars of at most this many inputs.

    Returns
    -------
    dict
        ``status``: (B, M) array of :data:`LATTICE_STATUS` names; ``crossbar``: (B,) the
        crossbar's status (``lp-infeasible`` or ``none`` if any neuron is, else ``undecided``
        if any neuron is, else ``witness``); ``pulses``: (B, N, 2M) pulse counts of a
        witness (-1 where there is none); ``margin``: (B, M) the linear program's largest
        common margin, in units of 0.1 V x K x (max g - min g).
    """
    # the offsets are what the devices got, so the setting is the one they were trained at: beta / f
    # on a device of f times the embedded device's window (1 for it and the presets), as in
    # weights_feasible
    instance(study, Study, "study")
    budget, search_inputs = _count(budget, "budget"), _count(search_inputs, "search_inputs")
    s, p = study.effective_setting, study.patterns
    curve = np.asarray(study.device.conductance, dtype=np.float64)
    offsets = real_array(offsets, "offsets", "an array of offsets in siemens")
    V = p.voltages(s.v_one, s.v_zero)
    labels = p.labels
    values, plus, minus = reachable_differences(curve)
    D = float(curve.max() - curve.min())
    lattice = values / D
    unit = np.abs(V).max() * s.gain * D
    hi_I, lo_I = math.atanh(s.target_high) / s.beta, math.atanh(s.target_low) / s.beta
    if offsets.ndim != 3 or offsets.shape[1:] != (p.n_inputs, 2 * p.n_neurons):
        raise ValueError(f"offsets have shape {offsets.shape}; the patterns need (B, {p.n_inputs}, "
                         f"{2 * p.n_neurons})")
    offsets = crossbar_offsets(study, offsets)  # finite, and physical at the study's gain: NaN reached linprog
    B, N, C = offsets.shape
    M = C // 2
    status = np.full((B, M), "undecided", dtype=object)
    margin = np.full((B, M), np.nan)
    pulses = np.full((B, N, C), -1, dtype=np.int64)
    for i in range(M):
        sign = np.where(labels[:, i] == 1, 1.0, -1.0)
        a = sign[:, None] * V * s.gain * D / unit  # (P, N), entries +-1 for +-0.1 V inputs
        threshold = np.where(labels[:, i] == 1, hi_I, lo_I)
        for b in range(B):
            d = offsets[b, :, 2 * i] - offsets[b, :, 2 * i + 1]
            r = sign * (threshold - V @ (s.gain * d)) / unit
            t, u = _margin_lp(a, r)
            margin[b, i] = t
            if not t > 1e-12:
                status[b, i] = "lp-infeasible"
                continue
            k = np.clip(np.searchsorted(lattice, u), 1, lattice.size - 1)
            choices = [sorted({k[j] - 1, k[j]}) for j in range(N)]
            witness = None
            for combo in itertools.product(*choices):
                idx = np.array(combo)
                if _meets(a, r, lattice[idx]) and _verify(curve, offsets[b], V, labels, s, i,
                                                         plus[idx], minus[idx]):
                    witness = idx
                    break
            if witness is None and N <= search_inputs:
                found = _search(a, r, lattice, budget)
                if isinstance(found, np.ndarray):
                    idx = np.searchsorted(lattice, found)
                    idx = np.clip(idx, 0, lattice.size - 1)
                    if _verify(curve, offsets[b], V, labels, s, i, plus[idx], minus[idx]):
                        witness = idx
                elif found is None:
                    status[b, i] = "none"
                    continue
            if witness is not None:
                status[b, i] = "witness"
                pulses[b, :, 2 * i] = plus[witness]
                pulses[b, :, 2 * i + 1] = minus[witness]
    crossbar = np.full(B, "witness", dtype=object)
    for b in range(B):
        row = set(status[b])
        for name in ("lp-infeasible", "none", "undecided"):
            if name in row:
                crossbar[b] = name
                break
    return {"status": status, "crossbar": crossbar, "pulses": pulses, "margin": margin}
