"""Controls of the one-way batch rules: random update signs, and a rule switched after the first epochs.

Two questions about a rule need runs the engine does not make, and this module makes them, many
trials at once, in plain numpy:

* **Random signs** (``random_signs=True``): is a rate under cycle-to-cycle noise training, or a search
  that the noise does? The control pulses every weight the rule pulses (gate, focus and refresh as
  the rule decides them), but sends each pulse up or down with probability 1/2. What the control
  trains, chance trains.
* **An opening rule** (``opening=(rule, k)``): where does a rule's effect lie? The first k updates
  follow ``rule``, the rest ``setting.rule``, on the same crossbars, e.g. the batch rule for 5 epochs
  and then the gated rule.

The model is that of :mod:`crossbar.training.reference` for the one-way rules (every pulse
potentiates, on a device's potentiation branch; a two-way device's depression branch only bounds
its noise) with additive cycle-to-cycle noise and read noise, and the rules ``batch`` with
``gated``, ``focus`` and ``refresh``; other rules and non-idealities are refused, naming the
argument. With both controls off, a run is the engine's,
pulse for pulse and draw for draw: the noises come from the engine's streams (``c2c``: normal
j M + i of (trial, epoch) for pair (j, i); ``read``: normal n M + i for pattern n on neuron i),
and every sum is taken in the same order (``tests/test_controls.py`` holds the two together).
The random signs draw from a stream of their own (:data:`crossbar.devices.variation.STREAMS`
``"signs"``, keyed by (seed, epoch) and the trial): update e of trial k sends weight (j, i) up where
draw j M + i is below 1/2, so switching them on changes no other draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from .. import random as _random
from ..jit import cached
from ..devices import NONE
from ..devices.variation import STREAMS, kernel_key
from ..numbers import index
from ..tasks import diagonals_training
from . import checks
from .kernel import _fill_normals
from .physics import ordered_sum
from .setting import DEFAULT, parse_rule
from .units import effective_setting, scale_factor, scaled_offsets

__all__ = ["ControlledRun", "train_controlled"]


@dataclass(frozen=True, eq=False)
class ControlledRun:
    """What :func:`train_controlled` returns, one row per trial (the fields of a BatchResult it has)."""

    trials: np.ndarray  # (B,) the trial numbers
    converged: np.ndarray  # (B,) bool: every pattern met its target on every neuron
    epochs: np.ndarray  # (B,) update epochs applied (0: met before any pulse)
    pulse_count: np.ndarray  # (B, N, C) potentiating pulses sent to each device
    reset_pulses: np.ndarray  # (B,) reset pulses of the refresh rule

    @property
    def rate(self) -> float:
        """The share of trials that converged."""
        return float(self.converged.mean()) if self.converged.size else float("nan")


@cached()
def _normals(key, gid, epoch, count, out):
    """out[k, b] = normal k of (trial gid[b], epoch), as the engine draws it (blocks 0, 1, ...)."""
    _fill_normals(key, gid, np.full(gid.size, epoch, np.int64), 0, count, out)


def _engine_normals(key, trials, epoch, count):
    """(B, count) normals of the trials at one epoch from the engine's stream `key`."""
    out = np.empty((4 * ((count + 3) // 4), trials.size))
    _normals(key, trials, epoch, count, out)
    return out[:count].T


def _one_way_rule(rule, name):
    """The rule's (gated, focus, refresh), or ValueError naming `name` for a rule this module does not run."""
    canonical = parse_rule(rule)
    parts = canonical.split("+")
    if parts[0] != "batch" or any(p in ("two-way", "fixed") for p in parts):
        raise ValueError(f"{name}: rule {rule!r}; expected a one-way batch rule (batch with gated, focus "
                         "and refresh), not online, two-way or fixed")
    focus = next((float(p.split("=")[1]) for p in parts if p.startswith("focus=")), 0.0)
    return "gated" in parts, focus, "refresh" in parts


def _opening(opening, max_epochs):
    """(rule flags, k) of the opening rule, or (None, 0)."""
    if opening is None:
        return None, 0
    if not isinstance(opening, tuple) or len(opening) != 2:
        raise TypeError(f"opening must be a tuple (rule, epochs), got {opening!r}")
    rule, k = opening
    flags = _one_way_rule(rule, "opening")
    k = index(k, "opening epochs")
    if k > max_epochs:
        raise ValueError(f"opening epochs = {k}: expected at most setting.max_epochs = {max_epochs}")
    return flags, k


def _check(device, setting, nonideal):
    checks.check_model(device, setting, nonideal)
    kept = NONE.replace(c2c=nonideal.c2c, read_noise=nonideal.read_noise)
    if nonideal.replace(c2c_form="additive") != kept or (nonideal.c2c and nonideal.c2c_form != "additive"):
        raise ValueError(f"nonideal = {nonideal!r}: expected only c2c (additive) and read_noise "
                         "(train_batch runs the others)")
    return _one_way_rule(setting.rule, "setting.rule")


def train_controlled(device, offsets, setting=DEFAULT, patterns=None, *, nonideal=NONE, seed=0, trials=None,
                     random_signs=False, opening=None, units="relative"):
    """Train B crossbars with a one-way batch rule under the controls of this module.

    Parameters
    ----------
    device : DeviceCurve
    offsets : array_like (B, N, C)
        The offsets of the B crossbars, S (e.g. a study's ``offsets``).
    setting : TrainingSetting
        The knobs and the rule: ``batch`` with any of ``gated``, ``focus``, ``refresh``.
    patterns : PatternSet, optional
        Default: the diagonals.
    nonideal : Nonidealities
        Only ``c2c`` (additive) and ``read_noise``.
    seed : int
    trials : array_like of int (B,), optional
        The trials' numbers in the streams; default 0 ... B-1.
    random_signs : bool
        Send each pulse the rule sends up or down with probability 1/2 (default False: the rule's sign).
    opening : (str, int), optional
        (rule, k): the first k updates follow `rule`, the rest ``setting.rule``.
    units : {"relative", "absolute"}
        As in :func:`~crossbar.training.engine.train_batch`.

    Returns
    -------
    ControlledRun
    """
    later = _check(device, setting, nonideal)
    checks.check_patterns(patterns)
    seed = checks.check_index(seed, "seed")
    if not isinstance(random_signs, (bool, np.bool_)):
        raise TypeError(f"random_signs must be True or False, got {type(random_signs).__name__}")
    first, k_open = _opening(opening, setting.max_epochs)
    scale = scale_factor(device, units)
    s = effective_setting(setting, scale)
    patterns = diagonals_training() if patterns is None else patterns
    V = patterns.voltages(s.v_one, s.v_zero)
    labels = patterns.labels
    P, N = V.shape
    M = labels.shape[1]
    off = checks.offsets_array(offsets)
    if off.ndim != 3 or off.shape[1:] != (N, 2 * M):
        raise ValueError(f"offsets must have shape (B, N={N}, C={2 * M}) for these patterns, got {off.shape}")
    off = scaled_offsets(off, scale)
    checks.check_conductances(device, s.gain, off)
    B = off.shape[0]
    ids = np.arange(B) if trials is None else checks.check_trials(trials)
    if ids.size != B:
        raise ValueError(f"trials has {ids.size} numbers for {B} crossbars of offsets")
    ids = ids.astype(np.int64)
    up = device.conductance - device.conductance[0]  # the rise u(p) above g(0), S
    # a one-way rule only potentiates; a device's noise keeps it within the rises of both its branches
    reachable = np.concatenate([up, device.depression - device.conductance[0]]) if device.two_way else up
    L, low, high = up.size, reachable.min(), reachable.max()
    sigma, read = nonideal.c2c * device.window, nonideal.read_noise
    keys = {effect: kernel_key(seed, effect) for effect in ("c2c", "read")}
    goal = np.where(labels == 1, s.target_high, s.target_low)

    out = {"converged": np.zeros(B, bool), "epochs": np.full(B, s.max_epochs, np.int64),
           "pulses": np.zeros((B, N, 2 * M), np.int64), "resets": np.zeros(B, np.int64)}
    row = np.arange(B)  # the trials still training (rows of out), and their state
    pos = np.zeros((B, N, 2 * M), np.int64)
    eta, level = np.zeros((B, N, 2 * M)), np.zeros((B, N, 2 * M))
    count, resets = np.zeros((B, N, 2 * M), np.int64), np.zeros(B, np.int64)
    for e in range(s.max_epochs + 1):
        G = s.gain * (level + off)
        column = ordered_sum(V[:, j, None] * G[:, None, j, :] for j in range(N))  # (b, P, C), row order
        i_plus, i_minus = column[..., 0::2], column[..., 1::2]
        current = i_plus - i_minus
        if read:
            z = _engine_normals(keys["read"], ids[row], e, P * M).reshape(-1, P, M)
            current = current + read * np.sqrt(i_plus * i_plus + i_minus * i_minus) * z
        x = s.beta * current
        f = np.tanh(x)
        met = np.where(labels == 1, f > s.target_high, f < s.target_low)
        done = met.all(axis=(1, 2))
        out["converged"][row[done]] = True
        out["epochs"][row[done]] = e
        if e == s.max_epochs:
            done[:] = True
        if done.any():
            out["pulses"][row[done]], out["resets"][row[done]] = count[done], resets[done]
            keep = ~done
            row, off, pos, eta, level, count, resets, x, f, met = (
                a[keep] for a in (row, off, pos, eta, level, count, resets, x, f, met))
            if not row.size:
                break
        gated, focus, refresh = first if e < k_open else later
        with np.errstate(over="ignore"):  # cosh overflows far out, where 1/cosh^2 is 0 anyway
            sech2 = (1.0 / np.cosh(x)) ** 2
        delta = (goal - f) * s.beta * sech2
        if gated:
            delta = np.where(met, 0.0, delta)
        summed = ordered_sum(V[n, :, None] * delta[:, n, None, :] for n in range(P))  # (b, N, M), pattern order
        if focus:
            summed = np.where(np.abs(summed) >= focus * np.abs(summed).max(axis=1, keepdims=True), summed, 0.0)
        step = np.sign(summed).astype(np.int64)
        if random_signs:
            key = np.random.SeedSequence(seed, spawn_key=(STREAMS["signs"], e))
            coin = _random.uniform(key, ids[row], N * M).reshape(-1, N, M) < 0.5
            step = np.where(step != 0, np.where(coin, 1, -1), 0)
        pulse = np.zeros(pos.shape, bool)
        pulse[..., 0::2], pulse[..., 1::2] = step > 0, step < 0
        count += pulse
        if refresh:  # a pulse to a device at the end of its curve first resets both devices of its pair
            pair = np.repeat((pulse & (pos >= L - 1)).reshape(-1, N, M, 2).any(axis=3), 2, axis=2)
            pos[pair], eta[pair], level[pair] = 0, 0.0, up[0]
            resets += pair.sum(axis=(1, 2))
        pos += pulse
        base = up[np.minimum(pos, L - 1)]
        moved = eta
        if sigma:
            z = _engine_normals(keys["c2c"], ids[row], e, N * M).reshape(-1, N, M)
            moved = eta + sigma * np.repeat(z, 2, axis=2)
        new = np.clip(base + moved, low, high)
        hit = new != base + moved  # cut at a bound: the noise is what keeps it there
        eta = np.where(pulse, np.where(hit, new - base, moved), eta)
        level = np.where(pulse, new, level)
    return ControlledRun(trials=ids, converged=out["converged"], epochs=out["epochs"],
                         pulse_count=out["pulses"], reset_pulses=out["resets"])
