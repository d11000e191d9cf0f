"""``--c2c device`` and ``--c2c measured``: the cycle-to-cycle noise a device gives (:func:`device_c2c`), and the
refusal of one the noise model does not take.

A value the options derive from the device file (the law's misfit, or the scatter of its measured cycles) that the
noise model refuses was said as if typed, ``--c2c 30.711552155388848: expected at most 10``, naming no file and no
cause (probe 25a, D25-5). :func:`derived_c2c_problem` names the option as given, the file, the noise and what to do.
"""

from __future__ import annotations

import warnings

from ..devices.laws import LawFitWarning
from ..devices.presets import calibrated_c2c, measured_c2c
from ..devices.variation import Nonidealities

__all__ = ["device_c2c", "derived_c2c_problem", "axis_c2c"]


def device_c2c(derived, device, form):
    """The noise ``--c2c device`` or ``--c2c measured`` (`derived`) gives for `device` with ``--c2c-form`` `form`;
    ValueError naming the option where the device gives none."""
    if derived == "measured":
        try:
            return measured_c2c(device, form or "additive")
        except ValueError as exc:
            raise ValueError(f"--c2c measured: {exc}") from None
    if not device.window > 0:
        raise ValueError("--c2c device: the device's window is 0, so no noise can be a fraction of it")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LawFitWarning)
        try:
            value = calibrated_c2c(device)
        except ValueError as exc:  # it named the fit's argument ('conductance: need ...'), not the option
            where, n = device.source or device.name, device.conductance.size
            said = f"the curve of {where} has {n} points; the law fit needs at least 5" if n < 5 else f"{where}: {exc}"
            raise ValueError(f"--c2c device: {said} (use --c2c measured or a number)") from None
    if caught:  # the law misses the curve, so its misfit is no pulse noise (the guard shows one line)
        warnings.warn(f"--c2c device: {caught[0].message}; its misfit overstates the pulse noise "
                      "(--c2c measured takes it from the file's cycles)", UserWarning, stacklevel=3)
    return value


def derived_c2c_problem(derived, device, value, expected):
    """The refusal of a --c2c `derived` ('measured', 'device') from `device` that Nonidealities refuses (`expected`,
    its words): it named the value as if typed, '--c2c 30.711552155388848: expected at most 10' (probe 25a, D25-5)."""
    where = device.source or device.name
    if derived == "measured":
        return (f"--c2c measured: the noise measured from the cycles of {where} is {value:.4g} of the window per pulse; "
                f"{expected}: its cycles differ too much for one median curve (window {device.window:.3g} S); give "
                "--cycle K to train on one of them, or a number for --c2c")
    return (f"--c2c device: the noise fitted to the curve of {where} is {value:.4g} of the window per pulse; {expected}: "
            "the law misses the curve; give a number for --c2c")


def axis_c2c(values, device, form=None):
    """A sweep's --c2c axis with 'device' and 'measured' replaced by the noise each gives for `device` (in the form
    `form`, its --c2c-form, additive where None), checked as train checks them; ValueError naming the word. The axis
    took numbers only, while train and montecarlo took the words (probe 25c)."""
    out = []
    for value in values:
        if value in ("device", "measured"):
            derived, value = value, device_c2c(value, device, form)
            try:
                Nonidealities(c2c=value)
            except ValueError as exc:
                raise ValueError(derived_c2c_problem(derived, device, value, str(exc).split(": ", 1)[-1])) from None
        out.append(value)
    return out
