"""Where a two-way device's pulses balance, and where a trained network's devices end: what the
networks chapter reads to say why a two-way network fails to train on one device (PCMO).

* :func:`pulse_steps`: how far one potentiating and one depressing pulse move a device at a given
  rise, as :class:`~crossbar.networks.layers.Layer` moves it (a device that changes direction
  continues on the other branch where that branch reaches its conductance);
* :func:`balance`: the rise at which the two steps are equal, where a device pulsed up and down in
  turn stays on average, and the step there;
* :func:`final_states`: each device's state at the end of a network's training, as a fraction of
  its device's range (0 the lowest conductance a pulse can reach, 1 the highest).
"""

from __future__ import annotations

import numpy as np

from ..devices import NONE, REFERENCE_OFFSETS, DeviceCurve
from ..numbers import index_array, instance, real_array
from .engine import NetworkBatch, draw_layers
from .layers import curve_values, switch_positions

__all__ = ["pulse_steps", "balance", "final_states"]


def _two_way(device):
    instance(device, DeviceCurve, "device")
    if not device.two_way:
        raise ValueError(f"device {device.name!r} has no depression branch: it is pulsed one way only")
    up = device.conductance - device.conductance[0]
    down = device.depression - device.conductance[0]
    return up, down


def pulse_steps(device, rise):
    """(up, down): the rise one potentiating pulse adds and one depressing pulse takes away, S, for
    devices at `rise` (S above g(0), any shape), both >= 0 (0 at the end of a branch)."""
    up, down = _two_way(device)
    rise = real_array(rise, "rise", "rises above g(0) in siemens")
    q = switch_positions(np.maximum.accumulate(up), rise, rising=True)
    gain = curve_values(up, q + 1) - curve_values(up, q)
    q = switch_positions(np.minimum.accumulate(down), rise, rising=False)
    loss = curve_values(down, q) - curve_values(down, q + 1)
    return gain, loss


def balance(device, points=2001):
    """(state, step): the lowest state (fraction of the device's range, see :func:`final_states`) at
    which a depressing pulse moves the device at least as far as a potentiating one, and that step
    as a fraction of the range. Below it potentiation wins, above it depression: a device pulsed
    up and down in turn drifts to it."""
    up, down = _two_way(device)
    low, high = min(up.min(), down.min()), max(up.max(), down.max())
    rise = np.linspace(low, high, int(points))
    gain, loss = pulse_steps(device, rise)
    k = int(np.argmax(loss >= gain))  # the branches meet at the ends, so some point qualifies
    return float((rise[k] - low) / (high - low)), float(gain[k] / (high - low))


def final_states(result, device, *, seed, trials, offsets=None, nonideal=NONE):
    """Each device's final state in the networks of `result`, as a fraction of its device's range
    (0: the lowest conductance its pulses can reach, 1: the highest), per layer (B, N, C); NaN for
    a device that never moves (G_fix's held devices, stuck devices).

    `device`, `seed`, `trials`, `offsets` and `nonideal` are those `result` was trained with
    (:func:`~crossbar.networks.train_networks`): they give the offsets and the device-to-device
    draws, which the final conductances G = K (w u + eta + s) hold together with the state.
    """
    instance(result, NetworkBatch, "result")
    instance(device, DeviceCurve, "device")
    offsets = REFERENCE_OFFSETS if offsets is None else offsets
    trials = index_array(trials, "trials")  # np.asarray dropped a mask: a masked trial's devices were drawn (probe 19c)
    if trials.shape != (len(result),):
        raise ValueError(f"trials: expected the {len(result)} trial numbers `result` was trained on, got "
                         f"shape {trials.shape}")
    up = device.conductance - device.conductance[0]
    reach = np.concatenate([up, device.depression - device.conductance[0]]) if device.two_way else up
    low, high = reach.min(), reach.max()
    states = []
    for (s, static, _, held), G in zip(draw_layers(device, offsets, nonideal, result.setting, seed, trials,
                                                   result.shapes, result.scale), result.conductances):
        window, _, stuck = static
        level = G / result.setting.gain - s  # w u + eta, S
        state = (level / window - low) / (high - low)
        fixed = (stuck != 0) if held is None else (stuck != 0) | held
        states.append(np.where(fixed, np.nan, state))
    return states
