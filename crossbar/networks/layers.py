"""One crossbar layer of B networks: the general device model on arrays with a leading trial axis.

The same model as :class:`crossbar.training.reference._Devices` (positions along two branches,
window factors, pulse-axis rates, stuck devices, cycle-to-cycle noise in three forms, switching
at the point of equal conductance, refresh), written so that every operation acts on all B x N x C
devices at once: the switch's search is a ``searchsorted`` on each branch's running extreme,
the curve's value an interpolation, both the reference's own arithmetic, so that a layer here
and a layer of the reference take the same values to the bit (``tests/test_networks.py``).

A layer of a network has N inputs (rows) and C = 2M columns, column 2i the G+ device of neuron
i and 2i+1 its G- device; G = K (w u_b(p) + eta + s) as in the single crossbar. The energy of the
pulses is counted as they are sent (:class:`crossbar.networks.energy.EnergyModel`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["Layer", "switch_positions", "curve_values"]


def curve_values(branch, position):
    """u(p) of a branch (rises, S) at positions p >= 0 (any shape), as the reference's np.interp."""
    return np.interp(position, np.arange(branch.size), branch)


def switch_positions(envelope, rise, rising):
    """Where devices at `rise` (any shape) continue on a branch whose running extreme is `envelope`:
    the first position whose extreme reaches the rise, linear between points; 0 if the branch
    starts beyond it, its last position if it never reaches it (the reference's switch_position)."""
    e, c = (envelope, rise) if rising else (-envelope, -rise)
    k = np.searchsorted(e, c, side="left")  # e is non-decreasing: the first index with e[k] >= c
    inner = np.clip(k, 1, e.size - 1)
    before = envelope[inner - 1]
    q = (inner - 1) + (rise - before) / (envelope[inner] - before)
    return np.where(k == 0, 0.0, np.where(k >= e.size, float(e.size - 1), q))


class Layer:
    """The devices of one layer of B networks: state arrays (B, N, C).

    Parameters
    ----------
    device : DeviceCurve
    offsets : ndarray (B, N, C)
        The offsets the devices get, S.
    static : (window, rate, stuck), each (B, N, C)
        The device-to-device draws (crossbar.devices.variation.sample_static).
    gain : float
        K.
    start : ndarray (B, N, C) of float, optional
        Each device's starting position on its potentiation branch, pulses (a network's random
        initial programming); default 0.
    held : ndarray (N, C) of bool, optional
        Devices that never move (the G- devices of the G_fix rule), placed at the middle of their
        curve's range.
    """

    def __init__(self, device, offsets, static, gain, start=None, held=None):
        self.gain = gain
        self.g0 = float(device.conductance[0])
        up = device.conductance - device.conductance[0]
        self.rise = [up, (device.depression - device.conductance[0]) if device.two_way else up]
        self.envelope = [np.maximum.accumulate(up), np.minimum.accumulate(self.rise[1])]
        reachable = np.concatenate(self.rise) if device.two_way else up
        self.low, self.high = reachable.min(), reachable.max()
        self.window, self.rate, self.stuck = (np.asarray(a) for a in static)
        self.offsets = offsets
        shape = offsets.shape
        self.held = np.zeros(shape[1:], bool) if held is None else np.asarray(held, bool)
        self.free = (self.stuck == 0) & ~self.held
        self.pos = np.zeros(shape) if start is None else np.where(self.free, start, 0.0)
        self.branch = np.zeros(shape, np.int64)
        self.eta = np.zeros(shape)
        base = np.where(self.stuck == 1, self.low, np.where(self.stuck == 2, self.high, curve_values(up, self.pos)))
        base = np.where(self.held & (self.stuck == 0), 0.5 * (self.low + self.high), base)
        self.level = self.window * base
        self.up_count = np.zeros(shape, np.int64)
        self.down_count = np.zeros(shape, np.int64)
        self.hits = np.zeros(shape[0], np.int64)
        self.resets = np.zeros(shape[0], np.int64)
        self.reset = None
        G = self.conductance()
        self.lowest = G.reshape(shape[0], -1).min(axis=1)
        self.highest = G.reshape(shape[0], -1).max(axis=1)

    def conductance(self):
        """G = K (w u_b(p) + eta + s), S: (B, N, C)."""
        return self.gain * (self.level + self.offsets)

    def device_conductance(self):
        """Each device's own conductance g(0) + w u_b(p) + eta + s, S: what its pulses and reads dissipate in."""
        return self.g0 + self.level + self.offsets

    def _reset(self, pairs):
        """The refresh rule: both free devices of the pairs `pairs` (B, N, M) back to their start."""
        both = np.repeat(pairs, 2, axis=-1) & self.free
        self.pos = np.where(both, 0.0, self.pos)
        self.branch = np.where(both, 0, self.branch)
        self.eta = np.where(both, 0.0, self.eta)
        self.level = np.where(both, self.window * self.rise[0][0], self.level)
        self.resets += 2 * pairs.reshape(pairs.shape[0], -1).sum(axis=1)

    def pulse(self, pulses, z=None, sigma=0.0, refresh=False, form="additive"):
        """Send pulses (B, N, C): +1 potentiates, -1 depresses, 0 nothing; z (B, N, C) the cycle-to-cycle
        normals and sigma the step (S, or a fraction of the step for the proportional form).

        Returns the devices' own conductances just before the pulses (B, N, C), for the pulses' energy
        (after the refresh rule's resets); ``self.reset`` is (conductances before the resets, after
        them, the reset pulses (B, N, C)) when this call reset devices, else None.
        """
        self.up_count += pulses > 0
        self.down_count += pulses < 0
        self.reset = None
        if refresh:
            at_end = (pulses > 0) & self.free & (self.branch == 0) & (self.pos >= self.rise[0].size - 1)
            pairs = at_end[..., 0::2] | at_end[..., 1::2]
            if pairs.any():
                g = self.device_conductance()
                self._reset(pairs)
                self.reset = (g, self.device_conductance(), np.repeat(pairs, 2, axis=-1))
        before = self.device_conductance()
        moving = (pulses != 0) & self.free
        want = (pulses < 0).astype(np.int64)
        switching = moving & (self.branch != want)
        if switching.any():
            for b in (0, 1):
                sel = switching & (want == b)
                if not sel.any():
                    continue
                rise = self.level[sel] / self.window[sel]
                q = switch_positions(self.envelope[b], rise, rising=b == 0)
                self.eta[sel] = self.level[sel] - self.window[sel] * curve_values(self.rise[b], q)
                self.pos[sel] = q
                self.branch[sel] = b
        self.pos = np.where(moving, self.pos + self.rate, self.pos)
        w = self.window
        # the curve read only where a device moves, each branch at its own devices (the values of the
        # devices that stay are not used)
        base = np.zeros_like(self.pos)
        for b in (0, 1):
            sel = moving & (self.branch == b)
            if sel.any():
                base[sel] = curve_values(self.rise[b], self.pos[sel])
        base *= w
        if not sigma:
            eta = self.eta
        elif form == "proportional":
            eta = self.eta + sigma * np.abs(base - (self.level - self.eta)) * z
        else:
            eta = self.eta + sigma * w * z
        level = np.clip(base + eta, w * self.low, w * self.high)
        hit = moving & (level != base + eta)
        self.hits += hit.reshape(hit.shape[0], -1).sum(axis=1)
        self.eta = np.where(moving, np.where(hit, level - base, eta), self.eta)
        self.level = np.where(moving, level, self.level)
        if sigma and form == "bounded" and moving.any():
            sel_all = moving
            for b in (0, 1):
                sel = sel_all & (self.branch == b)
                if not sel.any():
                    continue
                q = switch_positions(self.envelope[b], self.level[sel] / self.window[sel], rising=b == 0)
                self.eta[sel] = self.level[sel] - self.window[sel] * curve_values(self.rise[b], q)
                self.pos[sel] = q
        G = self.conductance().reshape(pulses.shape[0], -1)
        self.lowest = np.minimum(self.lowest, G.min(axis=1))
        self.highest = np.maximum(self.highest, G.max(axis=1))
        return before
