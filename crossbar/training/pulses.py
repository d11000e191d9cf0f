"""Pulsing devices directly: a pulse sequence in, the conductance trajectory out.

:func:`apply_pulses` (also :meth:`crossbar.DeviceCurve.apply`) runs the general device model of
:mod:`crossbar.training.reference`, the one the engine is held to pulse for pulse, on D devices
at once, with the same random streams the engine draws from: device d of trial k is device d of
a crossbar in reading order (rows = inputs, columns G+1 G-1 G+2 ...), step t takes the
cycle-to-cycle normal d of update epoch t (the engine's numbering for two-way pulses, one normal
per device), and the device-to-device draws (window factor, pulse-axis rate, stuck devices) are
the trial's draws for device d. So a device pulsed here as the engine pulses it in a training
run follows the same trajectory, to the bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..devices import NONE, DeviceCurve, Nonidealities
from ..devices.curve import register_pulse_model
from ..devices.variation import kernel_key, sample_static
from ..numbers import TEXT, real_array, unmasked
from ..resources import require_memory
from . import checks, kernel
from .reference import _Devices

__all__ = ["PulseResponse", "apply_pulses"]


@dataclass(frozen=True, eq=False)
class PulseResponse:
    """The conductance trajectory of D devices under a pulse sequence, for B trials.

    Attributes
    ----------
    conductance : ndarray (B, T + 1, D)
        g of each device before the first pulse and after each, S (the device's own
        conductance, g(0) + its rise: no crossbar gain, no offset).
    rise : ndarray (B, T + 1, D)
        The rise above g(0), S: what the engine adds the offset to and multiplies by K.
    bound_hits : ndarray of int (B,)
        Pulses whose noise step was cut at a bound of the curve's range.
    pulses : ndarray of int (T, D)
        The directions applied: +1 potentiating, -1 depressing, 0 none.
    trials : ndarray of int (B,)
    """

    conductance: np.ndarray
    rise: np.ndarray
    bound_hits: np.ndarray
    pulses: np.ndarray
    trials: np.ndarray
    device: DeviceCurve
    nonideal: Nonidealities
    seed: int


def _directions(pulses, device):
    """The pulse sequence as directions (T, D) in {-1, 0, +1}; TypeError/ValueError naming `pulses`."""
    p = real_array(pulses, "pulses", "numbers: +1 (or a SET amplitude, > 0) potentiates, -1 (a RESET amplitude, "
                                     "< 0) depresses, 0 leaves a device alone")
    if p.ndim == 1:
        p = p[:, np.newaxis]
    if p.ndim != 2 or p.shape[1] < 1:
        raise ValueError(f"pulses must have shape (T,) or (T, D), got {np.shape(pulses)}")
    if not np.all(np.isfinite(p)):
        raise ValueError("pulses must be finite numbers")
    d = np.sign(p, out=p).astype(np.int64)  # p is real_array's own copy: its sign goes in place
    if (d < 0).any() and not device.two_way:
        raise ValueError(f"pulses depress a device, but device {device.name!r} has no depression branch")
    return d


def _require_pulse_memory(pulses, trials):
    """Refuse, before `pulses` is converted or copied, a call whose arrays will not fit in memory.

    Counted: `pulses` as an array, its float64 copy and its int64 directions (T x D each, alive together),
    the static draws and state of D devices per trial, and the trajectories `rise` and
    `conductance` (B x (T + 1) x D each).
    """
    if isinstance(pulses, TEXT) or pulses is None:
        return  # _directions names the type
    try:
        shape = np.shape(pulses)
    except (TypeError, ValueError):
        return  # a ragged sequence: _directions refuses it
    if len(shape) not in (1, 2):
        return
    T, D = shape[0], (shape[1] if len(shape) == 2 else 1)
    B = trials.size
    need = 8 * (3 * T * D + 32 * B * D + 2 * B * (T + 1) * D)
    require_memory(need, f"pulses of shape {shape} on {B} trial(s) (the trajectories of {B} x {D} devices over "
                   f"{T} pulses)", "pulse fewer devices or trials at a time")


def apply_pulses(device, pulses, *, nonideal=NONE, seed=0, trials=None) -> PulseResponse:
    """Apply a pulse sequence to D devices and return their conductances after every pulse.

    Parameters
    ----------
    device : DeviceCurve
    pulses : array_like (T,) or (T, D)
        Step t sends pulses[t, d] to device d: > 0 potentiates (SET), < 0 depresses (RESET,
        two-way devices), 0 sends nothing. Only the sign counts: the curve is the response to
        the measurement's fixed pulse. (T,) is one device.
    nonideal : Nonidealities
        Cycle-to-cycle noise (in its form), window and nonlinearity spreads, stuck devices (read
        noise plays no part: nothing is read here).
    seed : int
        The seed of the streams, as a Monte Carlo study's.
    trials : int or array_like of int, optional
        Trial numbers (default [0]): each trial draws its own devices and noise.

    Returns
    -------
    PulseResponse
    """
    checks.check_device(device)
    checks.check_nonideal(nonideal)
    checks.check_index(seed, "seed")
    unmasked(pulses, "pulses")  # before np.shape and np.ndim: a masked element in a tuple raised numpy's MaskError
    unmasked(trials, "trials")
    if trials is None or np.ndim(trials) == 0:  # one trial number
        trials = [0 if trials is None else checks.check_index(trials, "trials")]
    trials = checks.check_trials(trials, empty=False)
    _require_pulse_memory(pulses, trials)
    direction = _directions(pulses, device)
    T, D = direction.shape
    shape = (1, D)
    static = sample_static(nonideal, seed, trials, shape)
    key = kernel_key(seed, "c2c")
    form = nonideal.c2c_form
    sigma = nonideal.c2c if form == "proportional" else nonideal.c2c * device.window
    rise = np.empty((trials.size, T + 1, D))
    hits = np.zeros(trials.size, np.int64)
    for b, trial in enumerate(trials):
        devices = _Devices(device, np.zeros(shape), [a[b] for a in static], 1.0)
        rise[b, 0] = devices.level[0]
        for t in range(T):
            z = kernel.normals(key, int(trial), t, 0, D).reshape(shape) if sigma else None
            devices.pulse(direction[t].reshape(shape), z, sigma, False, form)
            rise[b, t + 1] = devices.level[0]
        hits[b] = devices.hits
    return PulseResponse(device.conductance[0] + rise, rise, hits, direction, trials, device,
                         nonideal, int(seed))


register_pulse_model(apply_pulses)
