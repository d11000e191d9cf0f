"""One network at a time, in plain numpy: the readable statement of what the fast path computes.

The device model of each layer is the single crossbar's numpy reference
(:class:`crossbar.training.reference._Devices`, itself held to the compiled engine pulse for
pulse), the patterns of the online rule are taken one by one in a Python loop, and a pulse's
energy is summed device by device. The equations of reads, errors and steps are those of
:mod:`crossbar.networks.model`, applied to one network (a trial axis of 1). ``tests/test_networks.py``
holds :func:`crossbar.networks.engine.train_networks` to it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..devices import NONE, REFERENCE_OFFSETS
from ..devices.variation import kernel_key
from ..training import kernel
from ..training.checks import check_index
from ..training.reference import _Devices
from ..training.units import effective_setting, scale_factor
from . import model
from .energy import EnergyModel
from .engine import _check, draw_layers, network_shapes, order_of

__all__ = ["NetworkTrial", "network_reference"]


@dataclass(frozen=True, eq=False)
class NetworkTrial:
    """Outcome of one network of :func:`network_reference`."""

    converged: bool
    epochs: int
    up_counts: list  # (N_l, C_l) potentiating pulses per layer
    down_counts: list  # (N_l, C_l) depressing pulses per layer
    conductances: list  # (N_l, C_l) final conductances per layer, S
    write_energy: float  # J
    resets: int
    bound_hits: int


def network_reference(device, setting, patterns, offsets=None, *, nonideal=NONE, seed=0, trial=0, units="relative",
                      energy=None) -> NetworkTrial:
    """Train network `trial` of `seed` one pattern, one device and one layer at a time."""
    offsets = REFERENCE_OFFSETS if offsets is None else offsets
    _check(device, setting, offsets, units, patterns=patterns, nonideal=nonideal, seed=seed, energy=energy)
    check_index(trial, "trial")
    energy = EnergyModel.of(device) if energy is None else energy
    scale = scale_factor(device, units)
    setting = effective_setting(setting, scale)
    shapes = network_shapes(patterns, setting.hidden)
    layers = []
    for s, static, start, held in draw_layers(device, offsets, nonideal, setting, seed, [trial], shapes, scale):
        layers.append(_Devices(device, s[0], [a[0] for a in static], setting.gain,
                               None if start is None else start[0], held))
    sigma = nonideal.c2c if nonideal.c2c_form == "proportional" else nonideal.c2c * device.window
    g0 = float(device.conductance[0])
    X = patterns.voltages(setting.v_one, setting.v_zero)
    labels = patterns.labels
    P, M = labels.shape
    outs = [c // 2 for _, c in shapes]
    write = 0.0

    def noise(effect, layer, epoch, first_block, count):  # layer k (0-based) is the stream's layer k + 1
        return kernel.normals(kernel_key(seed, effect, layer + 1), trial, epoch, first_block, count)

    def conductances():
        return [d.conductance()[np.newaxis] for d in layers]

    def pulse(steps, epoch, first_block):
        nonlocal write
        for k, (d, step) in enumerate(zip(layers, steps)):
            pulses = model.pulses_of(step[np.newaxis], setting)[0]
            N, C = shapes[k]
            z = noise("c2c", k, epoch, first_block(k), N * C).reshape(N, C) if sigma else None
            before = g0 + d.level + d.offsets
            d.pulse(pulses, z, sigma, setting.refresh, nonideal.c2c_form)
            after = g0 + d.level + d.offsets
            reset = energy.pulse(-1)  # a reset takes a device down to its start: a depressing pulse
            for j, c, level_before, level_after in d.reset_log:  # the refresh rule's reset pulses, then the pulse
                write += (reset[0] ** 2 * 0.5 * (2 * (g0 + d.offsets[j, c]) + level_before + level_after)
                          * reset[1])
                before[j, c] = g0 + level_after + d.offsets[j, c]
            for j in range(N):  # device by device: the sum the fast path takes over the layer
                for c in range(C):
                    if pulses[j, c]:
                        volts, width = energy.pulse(pulses[j, c])
                        write += volts ** 2 * 0.5 * (before[j, c] + after[j, c]) * width

    epoch = 0
    while True:
        z = ([noise("read", k, epoch, 0, P * m).reshape(1, P, m) for k, m in enumerate(outs)]
             if nonideal.read_noise else None)
        inputs, currents, f = model.forward(X[np.newaxis], conductances(), setting, nonideal.read_noise, z)
        met = model.answers(f, labels, setting).all()
        if met or epoch == setting.max_epochs:
            break
        if not setting.online:
            deltas = _deltas(inputs, currents, f, labels, layers, setting)
            pulse([model.batch_step(x, dl, setting.focus)[0] for x, dl in zip(inputs, deltas)], epoch, lambda k: 0)
        else:
            for t, n in enumerate(order_of(seed, trial, epoch, P)):
                zt = ([noise("read", k, epoch, -(-P * m // 4) + t * -(-m // 4), m).reshape(1, 1, m)
                       for k, m in enumerate(outs)] if nonideal.read_noise else None)
                ins, curs, ft = model.forward(X[n][np.newaxis, np.newaxis], conductances(), setting,
                                              nonideal.read_noise, zt)
                deltas = _deltas(ins, curs, ft, labels[n][np.newaxis, np.newaxis], layers, setting)
                pulse([model.online_step(i[:, 0], dl[:, 0])[0] for i, dl in zip(ins, deltas)], epoch,
                      lambda k: t * -(-(shapes[k][0] * shapes[k][1]) // 4))
        epoch += 1
    return NetworkTrial(bool(met), epoch, [d.up_count for d in layers], [d.down_count for d in layers],
                        [d.conductance() for d in layers], write, sum(d.resets for d in layers),
                        sum(d.hits for d in layers))


def _deltas(inputs, currents, f, labels, layers, setting):
    delta = model.output_error(f, currents[-1], labels, setting)
    if len(layers) == 1:
        return [delta]
    return [model.hidden_error(delta, layers[1].conductance()[np.newaxis], currents[0], setting), delta]
