"""Settings that mean the same on any device: β and the offsets scaled by the ratio of windows.

The reference and ``DEFAULT`` settings were found on the embedded default device, whose window
(max g - g(0) of its potentiation branch) is W_ref. What a setting does depends on the device only
through products such as β K (g - g(0) + s) and through s / W: the neuron's current scales with
the window. So a setting is read in **relative units** by default: on a device of window W, with
scale factor r = W / W_ref (the book's r),

    β_eff = β / r,        s_eff = r s        (every offset, from any distribution or matrix),

which gives β_eff I the same values, pulse for pulse, as β I on a device of window W_ref with the
same curve shape. The embedded device has r = 1.0 exactly (and so do the NeuroSim presets, which
are built on its window): its results, and every reference trajectory, are unchanged to the bit.
``units="absolute"`` reads β in 1/A and the offsets in siemens as given (r = 1), as the
original tool did. The cycle-to-cycle and read noise are fractions of the window and of the
current already; they need no scaling.
"""

from __future__ import annotations

import functools
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import numpy as np

from ..devices import default_device
from ..devices.checks import CONDUCTANCE_RANGE
from ..numbers import word

__all__ = ["UNITS", "check_units", "reference_window", "scale_factor", "effective_setting", "scaled_offsets",
           "describe_scaled", "scaling_record"]

#: How a setting's β and offsets are read: relative to the window (default) or as given.
UNITS = ("relative", "absolute")

# The fields of an offset distribution's description that are in siemens.
_SIEMENS_FIELDS = ("lo", "hi", "median", "matrix")
# The normal positive floats: β / r outside them is 0, inf or a subnormal that has lost its digits.
_TINY, _HUGE, _SMALLEST = float(np.finfo(float).tiny), float(np.finfo(float).max), 5e-324


def check_units(units, name="units"):
    """`units` as the plain word if it is one of :data:`UNITS`, else ValueError (TypeError if not a str)."""
    return word(units, name, UNITS, f"{name} = {{}}: expected 'relative' (settings scale with the device's window, "
                "the default) or 'absolute' (beta in 1/A and offsets in S as given)")


@functools.lru_cache(maxsize=1)
def reference_window() -> float:
    """W_ref: the window of the embedded default device, S, on which the settings are defined."""
    return default_device().window


def scale_factor(device, units="relative") -> float:
    """r = W / W_ref in relative units, 1.0 in absolute units (exactly 1.0 on the embedded device)."""
    if check_units(units) == "absolute":
        return 1.0
    return device.window / reference_window()


#: More inputs than any crossbar trained here has (MNIST: 785): with devices of at most 1 S, the bound on
#: a neuron's current that keeps beta * I and the error signal beta * (t - f) finite floats.
MAX_INPUTS = 1e6


def effective_setting(setting, scale):
    """The setting with β / `scale`, and the hidden neurons' β too (the same object when `scale` is 1).

    ValueError naming ``setting.beta`` (or ``setting.hidden_beta``) where the division leaves the
    normal floats: β / r = 0 is no gain at all, and a hidden β of 0 would silently mean "as β"; and
    where β / r times the largest current a neuron can carry (gain x :data:`MAX_INPUTS` x the row
    voltage x 1 S), times 2 (the largest |t - f|), overflows: such a β is no gain but an overflow,
    and training and its diagnosis ran into inf and NaN (probe 4: op21, through the API too).
    """
    effective = setting
    if scale != 1.0:
        for name in ("beta", "hidden_beta"):
            value = getattr(setting, name)
            if value and not _TINY <= value / scale <= _HUGE:
                low, high = (_digits(max(_TINY * scale, _SMALLEST), ROUND_CEILING),
                             _digits(min(_HUGE * scale, _HUGE), ROUND_FLOOR))
                raise ValueError(f"setting.{name} = {value!r}: in relative units the devices get it divided by the "
                                 f"device's scale factor r = {scale:.4g} (its window over the embedded device's), "
                                 f"which makes it {value / scale!r}; expected {low} ... {high} on this device "
                                 "(or absolute units)")
        effective = setting.replace(beta=setting.beta / scale, hidden_beta=setting.hidden_beta / scale)
    current = largest_current(setting)
    limit = _HUGE / (2.0 * current)  # 0 for a gain past the floats: that gain is refused, as such, where G is checked
    for name in ("beta", "hidden_beta"):
        if limit and getattr(effective, name) > limit:
            unit = "" if scale == 1.0 else f" times the device's scale factor r = {scale:.4g}"
            raise ValueError(f"setting.{name} = {getattr(setting, name)!r}: expected at most {limit * scale:.3g} "
                             f"(1/A{unit}): beta times the largest current a neuron can carry ({current:.3g} A: "
                             f"gain K x {MAX_INPUTS:.0e} inputs x the row voltage x 1 S) would overflow")
    return effective


def largest_current(setting):
    """The largest current a neuron can carry at `setting`, A: gain x :data:`MAX_INPUTS` x the row voltage x the
    largest conductance (1 S). No current past it is a crossbar's (a figure's `current_limit` is held to it)."""
    return setting.gain * MAX_INPUTS * max(abs(setting.v_one), abs(setting.v_zero)) * CONDUCTANCE_RANGE[1]


def _digits(value, rounding):
    """`value` to 3 significant digits, rounded the way that keeps a range's end inside the range."""
    exact = Decimal(value)
    return f"{exact.quantize(Decimal(1).scaleb(exact.adjusted() - 2), rounding=rounding):.3g}"


def scaled_offsets(offsets, scale):
    """Offsets (an array, S) times `scale` (the same array when `scale` is 1)."""
    return offsets if scale == 1.0 else offsets * scale


def describe_scaled(distribution, scale):
    """An offset distribution's description with its siemens fields times `scale`: what the devices get."""
    d = distribution.describe()
    if scale != 1.0:
        for key in _SIEMENS_FIELDS:
            if key in d:
                d[key] = (np.asarray(d[key]) * scale).tolist()
    return d


def scaling_record(device, setting, units, offsets=None):
    """What the scaling did, as a JSON-ready dict: the windows, f, and the effective β (and offsets).

    A network's hidden neurons get their β / r as well: ``effective_hidden_beta`` says it where r != 1 (it was
    unsaid, probe 27c, C27-5); with r = 1, or no hidden layer, the record is what it was."""
    scale = scale_factor(device, units)
    effective = effective_setting(setting, scale)
    out = {"units": units, "device_window": device.window, "reference_window": reference_window(),
           "scale": scale, "beta": setting.beta, "effective_beta": effective.beta}
    if setting.hidden and scale != 1.0:
        out["effective_hidden_beta"] = effective.effective_hidden_beta
    if offsets is not None:
        out["effective_offsets"] = describe_scaled(offsets, scale)
    return out
