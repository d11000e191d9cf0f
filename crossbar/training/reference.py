"""The general device model and every training rule, one trial at a time, in plain numpy.

This is the readable statement of what the compiled engine does on its general path (any
:class:`~crossbar.devices.Nonidealities`, two-way devices, and the rules beyond the batch rule).
``tests/test_device_models.py`` holds the engine to it pulse for pulse. It is slow (a Python loop
over epochs) and meant for one crossbar at a time.

The model, with N inputs, C = 2M columns (column 2i is G+ and 2i+1 is G- of neuron i), P patterns:

* **Conductance.** Device (j, c) has a position p along its branch b (0 potentiation, 1
  depression), in pulses, and G_jc = K (w_jc u_b(p) + eta_jc + s_jc): u_b the branch's rise
  above g(0), linear between measured points and saturated past the end; w the window factor,
  eta its accumulated cycle-to-cycle noise, s its offset, K the gain.
* **Reading.** I_i(n) = I+ - I- with I+-(n) = sum_j V_j(n) G_j,2i(+1); with read noise r,
  I_i(n) + r sqrt(I+^2 + I-^2) z, z ~ N(0, 1). f_i(n) = tanh(beta I_i(n)).
* **Error signal.** delta_i(n) = (f^g - f_i(n)) beta / cosh^2(beta I_i(n)), f^g = t+ (label 1)
  or t- (label 0); a pattern *meets* its target if f > t+ (label 1) or f < t- (label 0).
  ``gated``: delta_i(n) = 0 for a pattern that meets its target.
  1/cosh^2 is numpy's: a subnormal double far out, 0 (so delta = 0: no pulse) only past
  |beta I| = 373.26.
* **batch.** Each epoch, weight (j, i) moves by sgn a_ji, a_ji = sum_n delta_i(n) V_j(n).
  ``focus=theta``: a_ji = 0 (no pulse) where |a_ji| < theta max_j' |a_j'i|.
* **online.** Each epoch, the patterns one at a time in the order of the trial's ``order``
  stream (a Fisher-Yates shuffle, :func:`~crossbar.training.kernel.shuffle_step`); after each
  pattern n, weight (j, i) moves by sgn delta_i(n) V_j(n).
* **Pulses.** A weight moving up potentiates G+ (one-way rules) and, with ``two-way``, also
  depresses G-; moving down, the reverse. A device pulsed against its branch first switches
  to the other branch at the point of equal rise (on the branch's running extreme, see
  :class:`~crossbar.devices.DeviceCurve`), then advances r_jc along it (the pulse-axis rate)
  and takes a cycle-to-cycle step by the noise form (:class:`~crossbar.devices.Nonidealities`):
  additive sigma w_jc z, z ~ N(0, 1), sigma = c2c x window; proportional c2c |nominal step| z;
  bounded as additive, then the device is placed at the point of its new conductance on its
  branch (its state is its conductance). A device the
  step would take past w_jc times the device's lowest or highest rise stops at that bound (a
  bound hit). Stuck devices (at w times the lowest or highest rise) never move; their pulses
  are counted (the controller sends them).
* **refresh.** A pulse about to potentiate a free device at the end of its potentiation
  branch first resets both (free) devices of its pair to their initial state: two reset pulses.
* **Convergence.** A trial stops when every pattern meets its target on every neuron, or
  after ``max_epochs`` updates.

The random draws come from the streams that define them: :func:`crossbar.devices.variation
.sample_static` (window factors, rates, stuck devices), and :func:`~crossbar.training.kernel
.normals` and :func:`~crossbar.training.kernel.shuffle_step` for the noises and the online order
(which normal each draw takes: the kernel's comment "random draws").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..devices import NONE
from ..devices.checks import outside_range
from ..devices.variation import kernel_key, sample_static
from ..tasks import diagonals_training
from . import checks, kernel
from .setting import DEFAULT
from .units import effective_setting, scale_factor, scaled_offsets

__all__ = ["ReferenceTrial", "train_reference", "curve_value", "switch_position"]


@dataclass(frozen=True, eq=False)
class ReferenceTrial:
    """Outcome of one trial of :func:`train_reference` (the fields of one BatchResult row)."""

    converged: bool
    epochs: int  # update epochs applied
    pulse_count: np.ndarray  # (N, C) potentiating pulses sent to each device
    depression_count: np.ndarray  # (N, C) depressing pulses sent to each device
    reset_pulses: int  # reset pulses of the refresh rule
    bound_hits: int  # pulses whose noise step was cut at a bound
    conductance: np.ndarray  # (N, C) final conductances, S
    activation: np.ndarray  # (P, M) f of the last evaluation
    total_error: float
    min_conductance: float  # lowest conductance any device took, S
    max_conductance: float  # highest conductance any device took, S
    window_outside: bool = False  # a drawn window factor takes a device past 1 S at the top of its curve

    @property
    def physical(self) -> bool:
        """Whether every conductance of the trial stayed inside the physical range 1e-15 ... 1 S and no drawn window
        factor can take a device past it, as a BatchResult row's ``physical`` says (offsets or draws trained with
        ``unphysical="report"`` may not)."""
        return not (outside_range(self.min_conductance) or outside_range(self.max_conductance)
                    or self.window_outside)


def curve_value(branch, position):
    """u(p): the branch (rises, S) at position p >= 0, linear between points, saturated past its end."""
    return np.interp(position, np.arange(branch.size), branch)


def switch_position(envelope, rise, rising):
    """Where a device at `rise` continues on a branch whose running extreme is `envelope`.

    The first position at which the running extreme reaches `rise` (>= rising, <= falling),
    linear between points; 0 if the branch starts beyond it, its end if it never reaches it.
    """
    reached = envelope >= rise if rising else envelope <= rise
    if reached[0]:
        return 0.0
    if not reached[-1]:
        return float(envelope.size - 1)
    k = int(np.argmax(reached))  # the first point that reaches it; k - 1 does not
    return (k - 1) + (rise - envelope[k - 1]) / (envelope[k] - envelope[k - 1])


class _Devices:
    """The state of the N x C devices of one trial, as (N, C) arrays."""

    def __init__(self, device, offsets, static, gain, position=None, held=None):
        """`position` (N, C): where on the potentiation branch each free device starts (a network's
        random programming, crossbar.networks; default 0); `held` (N, C) bool: devices that never
        move, at the middle of the curve's range (the G- devices of the G_fix rule)."""
        self.gain = gain
        up = device.conductance - device.conductance[0]
        self.branch_rise = [up, (device.depression - device.conductance[0]) if device.two_way else up]
        self.envelope = [np.maximum.accumulate(up), np.minimum.accumulate(self.branch_rise[1])]
        reachable = np.concatenate(self.branch_rise) if device.two_way else up
        self.low, self.high = reachable.min(), reachable.max()
        self.window, self.rate, self.stuck = static
        self.offsets = offsets
        self.pos = np.zeros(offsets.shape)
        self.branch = np.zeros(offsets.shape, np.int64)
        self.eta = np.zeros(offsets.shape)
        # A stuck device sits at its bound for good; a free one starts unpulsed, at rise u_0(0) = 0.
        self.start = np.where(self.stuck == 1, self.low, np.where(self.stuck == 2, self.high, up[0]))
        self.level = self.window * self.start  # w u_b(p) + eta, S
        self.held = np.zeros(offsets.shape, bool) if held is None else np.asarray(held, bool)
        if position is not None:
            self.pos = np.where((self.stuck == 0) & ~self.held, position, 0.0)
            self.level = np.where(self.stuck == 0, self.window * curve_value(up, self.pos), self.level)
        if held is not None:
            self.level = np.where(self.held & (self.stuck == 0), self.window * (0.5 * (self.low + self.high)),
                                  self.level)
        self.up_count = np.zeros(offsets.shape, np.int64)
        self.down_count = np.zeros(offsets.shape, np.int64)
        self.resets = 0
        self.reset_log = []  # the reset pulses of the last pulse() (the refresh rule)
        self.hits = 0
        self.lowest = self.conductance().min()
        self.highest = self.conductance().max()

    def conductance(self):
        """G = K (w u_b(p) + eta + s), S."""
        return self.gain * (self.level + self.offsets)

    def reset_pair(self, j, i):
        """The refresh rule: both free devices of pair (j, i) back to their initial state. Each of the
        two reset pulses goes to ``reset_log`` as (j, c, level before, level after), for its energy."""
        for c in (2 * i, 2 * i + 1):
            before = self.level[j, c]
            if self.stuck[j, c] == 0 and not self.held[j, c]:
                self.pos[j, c], self.branch[j, c], self.eta[j, c] = 0.0, 0, 0.0
                self.level[j, c] = self.window[j, c] * self.start[j, c]
            self.reset_log.append((j, c, before, self.level[j, c]))
        self.resets += 2

    def pulse(self, pulses, z, sigma, refresh, form="additive"):
        """Send pulses (N, C): +1 potentiates, -1 depresses, 0 leaves alone; z (N, C) the c2c normals,
        sigma the kernel's (S, or a fraction of the step for the proportional form)."""
        self.up_count += pulses > 0
        self.down_count += pulses < 0
        free = (self.stuck == 0) & ~self.held
        self.reset_log = []
        if refresh:
            at_end = (pulses > 0) & free & (self.branch == 0) & (self.pos >= self.branch_rise[0].size - 1)
            for j, i in sorted({(j, c // 2) for j, c in zip(*np.nonzero(at_end))}):
                self.reset_pair(j, i)
        moving = (pulses != 0) & free
        # Against its branch, a device switches first, keeping its conductance: the noise it has
        # gathered becomes the difference between its level and the new branch's value there.
        for j, c in zip(*np.nonzero(moving & (self.branch != (pulses < 0)))):
            want = int(pulses[j, c] < 0)
            rise = self.level[j, c] / self.window[j, c]
            q = switch_position(self.envelope[want], rise, rising=want == 0)
            self.eta[j, c] = self.level[j, c] - self.window[j, c] * curve_value(self.branch_rise[want], q)
            self.pos[j, c], self.branch[j, c] = q, want
        self.pos = np.where(moving, self.pos + self.rate, self.pos)
        w = self.window
        base = w * np.where(self.branch == 0, curve_value(self.branch_rise[0], self.pos),
                            curve_value(self.branch_rise[1], self.pos))
        if not sigma:
            eta = self.eta
        elif form == "proportional":  # a fraction of the pulse's nominal step; level - eta: the curve before it
            eta = self.eta + sigma * np.abs(base - (self.level - self.eta)) * z
        else:
            eta = self.eta + sigma * w * z
        level = np.clip(base + eta, w * self.low, w * self.high)
        hit = moving & (level != base + eta)  # cut at a bound: the noise is what keeps it there
        self.hits += int(hit.sum())
        self.eta = np.where(moving, np.where(hit, level - base, eta), self.eta)
        self.level = np.where(moving, level, self.level)
        if sigma and form == "bounded":  # the state is the conductance: back onto the curve where it now is
            for j, c in zip(*np.nonzero(moving)):
                b = self.branch[j, c]
                q = switch_position(self.envelope[b], self.level[j, c] / self.window[j, c], rising=b == 0)
                self.eta[j, c] = self.level[j, c] - self.window[j, c] * curve_value(self.branch_rise[b], q)
                self.pos[j, c] = q
        self.lowest = min(self.lowest, self.conductance().min())
        self.highest = max(self.highest, self.conductance().max())


def _read(devices, V, read, z):
    """The neuron currents I (P, M) of the patterns V (P, N), with relative read noise `read`, z (P, M).

    Column currents are summed in row order, so that a complementary pattern's current is
    exactly the negative (as in the engine: ties stay ties).
    """
    G = devices.conductance()
    column = sum(V[:, j, None] * G[j] for j in range(G.shape[0]))
    i_plus, i_minus = column[:, 0::2], column[:, 1::2]
    current = i_plus - i_minus
    return current + read * np.sqrt(i_plus * i_plus + i_minus * i_minus) * z if read else current


def _judge(current, labels, setting):
    """(f, met, delta, sech2) of the currents (P, M): activations, targets met, error signals."""
    s = setting
    x = s.beta * current
    f = np.tanh(x)
    with np.errstate(over="ignore"):  # cosh overflows far out, where 1/cosh^2 is 0 anyway
        sech2 = (1.0 / np.cosh(x)) ** 2
    goal = np.where(labels == 1, s.target_high, s.target_low)
    met = np.where(labels == 1, f > s.target_high, f < s.target_low)
    delta = (goal - f) * s.beta * sech2
    return f, met, np.where(met, 0.0, delta) if s.gated else delta, sech2


def _pulses(step, two_way):
    """Per-device pulses (N, C) of weight steps (N, M) in {-1, 0, +1}."""
    pulses = np.zeros((step.shape[0], 2 * step.shape[1]), np.int64)
    pulses[:, 0::2] = step if two_way else step > 0
    pulses[:, 1::2] = -step if two_way else step < 0
    return pulses


def _c2c_normals(key, trial, epoch, first_block, shape, two_way):
    """The cycle-to-cycle normals (N, C) of one update: pair (j, i) takes normal j M + i (one
    normal for its one moving device), or 2 (j M + i) + side with two-way pulses."""
    N, C = shape
    M = C // 2
    per_pair = 2 if two_way else 1
    z = kernel.normals(key, trial, epoch, first_block, N * M * per_pair).reshape(N, M, per_pair)
    return z.reshape(N, C) if two_way else np.repeat(z[..., 0], 2, axis=1)


def train_reference(device, offsets, setting=DEFAULT, patterns=None, *, nonideal=NONE, seed=0, trial=0,
                    units="relative", unphysical="refuse"):
    """Train one crossbar on the general device model with the setting's rule: the readable reference.

    Parameters
    ----------
    device : DeviceCurve
    offsets : array_like (N, C)
        Device offsets s of this trial, S.
    setting : TrainingSetting
        Circuit knobs and the rule (``setting.rule``).
    patterns : PatternSet, optional
        Default :func:`crossbar.tasks.diagonals_training`.
    nonideal : Nonidealities
    seed, trial : int
        The seed of the non-idealities' streams and the trial's number in them (the engine's
        ``seed`` and ``trials[b]``).
    units : {"relative", "absolute"}
        How β and the offsets are read, as in :func:`~crossbar.training.engine.train_batch`.
    unphysical : {"refuse", "report"}
        As in ``train_batch``: offsets that start a device outside the physical range, or take it
        past 1 S at the top of its curve, and window factors drawn past it, are refused unless "report"
        (which flags the draws in ``window_outside``).

    Returns
    -------
    ReferenceTrial
    """
    # train_batch's checks, so that the reference refuses what the engine refuses and never trains
    # a crossbar the engine would not (a device at 0 S or below, 1e4 S, NaN, a gain of 1e308)
    checks.check_model(device, setting, nonideal)
    checks.check_patterns(patterns)
    seed, trial = checks.check_index(seed, "seed"), checks.check_index(trial, "trial")
    scale = scale_factor(device, units)
    s = setting = effective_setting(setting, scale)
    patterns = diagonals_training() if patterns is None else patterns
    V = patterns.voltages(s.v_one, s.v_zero)
    labels = patterns.labels
    P, N = V.shape
    M = labels.shape[1]
    offsets = checks.offsets_array(offsets)
    if offsets.shape != (N, 2 * M):
        raise ValueError(f"offsets must have shape (N={N}, C={2 * M}) for these patterns, got {offsets.shape}")
    unphysical = checks.check_unphysical(unphysical)
    given, offsets = offsets, scaled_offsets(offsets, scale)
    if unphysical == "refuse":  # as given, with r and the product where r != 1 (probe 27c, C27-6)
        checks.check_conductances(device, s.gain, given, gain_name="setting.gain", scale=scale)
        checks.check_window_draws(device, s.gain, offsets[None], nonideal, seed, [trial])  # as train_batch
    window_outside = bool(checks.window_draws_outside(device, s.gain, offsets[None], nonideal, seed, [trial])[0])
    static = [a[0] for a in sample_static(nonideal, seed, [trial], (N, 2 * M))]
    devices = _Devices(device, offsets, static, s.gain)
    # S per pulse before the window factor, or (proportional) a fraction of each pulse's step
    sigma = nonideal.c2c if nonideal.c2c_form == "proportional" else nonideal.c2c * device.window
    read = nonideal.read_noise
    keys = {effect: kernel_key(seed, effect) for effect in ("c2c", "read", "order")}
    per_update = -(-N * M * (2 if s.two_way else 1) // 4)  # Philox blocks of c2c normals per update
    per_read = -(-P * M // 4)  # Philox blocks of read normals per evaluation

    def read_noise(epoch, first_block, count):
        return kernel.normals(keys["read"], trial, epoch, first_block, count) if read else np.zeros(count)

    def update(step, epoch, first_block):
        z = _c2c_normals(keys["c2c"], trial, epoch, first_block, offsets.shape, s.two_way) if sigma else None
        devices.pulse(_pulses(step, s.two_way), z, sigma, s.refresh, nonideal.c2c_form)

    epoch = 0
    while True:
        current = _read(devices, V, read, read_noise(epoch, 0, P * M).reshape(P, M))
        f, met, delta, _ = _judge(current, labels, s)
        if met.all() or epoch == s.max_epochs:
            break
        if not s.online:
            summed = sum(V[n, :, None] * delta[n] for n in range(P))  # sum_n delta_i(n) V_j(n), in pattern order
            if s.focus:  # only the sums within focus of the neuron's largest keep their sign
                summed = np.where(np.abs(summed) >= s.focus * np.abs(summed).max(axis=0), summed, 0.0)
            update(np.sign(summed).astype(np.int64), epoch, 0)
        else:
            order = np.arange(P)
            for t in range(P - 1, 0, -1):  # Fisher-Yates, one Philox draw per step
                k = kernel.shuffle_step(keys["order"], trial, epoch, t)
                order[t], order[k] = order[k], order[t]
            for t, n in enumerate(order):
                z = read_noise(epoch, per_read + t * -(-M // 4), M)
                current = _read(devices, V[n:n + 1], read, z[np.newaxis])
                f_n, met_n, _, sech2 = _judge(current, labels[n:n + 1], s)
                goal = np.where(labels[n] == 1, s.target_high, s.target_low)
                # sgn(delta_i(n) V_j(n)) = sgn(f^g - f) sgn(V_j), as beta / cosh^2 > 0 (unless it is 0):
                # a product delta V could underflow where the signs do not
                silent = (met_n[0] & s.gated) | (sech2[0] == 0.0)
                rise = np.where(silent, 0.0, np.sign(goal - f_n[0]))
                update(np.sign(np.outer(V[n], rise)).astype(np.int64), epoch, t * per_update)
        epoch += 1
    shortfall = np.where(labels == 1, s.target_high - f, f - s.target_low)
    return ReferenceTrial(
        converged=bool(met.all()), epochs=epoch, pulse_count=devices.up_count, depression_count=devices.down_count,
        reset_pulses=devices.resets, bound_hits=devices.hits, conductance=devices.conductance(), activation=f,
        total_error=float(np.where(met, 0.0, shortfall).sum()), min_conductance=float(devices.lowest),
        max_conductance=float(devices.highest), window_outside=window_outside,
    )

