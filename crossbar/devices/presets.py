"""Device presets: the embedded default device and the devices of NeuroSim's benchmark table.

``preset(name)`` returns a :class:`~crossbar.devices.DeviceCurve`; :data:`PRESETS` lists them with
their numbers and where each number comes from. The command line takes a preset's name wherever
it takes a device file (``--device ag-si``).

The NeuroSim devices (MLP+NeuroSim V3.0 user manual, benchmark table of real devices; the numbers
as quoted in the project's literature notes) are two-way: a potentiation and a depression branch
of NeuroSim's LTP/LTD law (:func:`crossbar.devices.laws.neurosim_potentiation`), with P_max = the
number of states, A = P_max x :func:`~crossbar.devices.laws.nl_to_a` of the published nonlinearity
label, and G_max / G_min = the published ON/OFF ratio. What is approximated, and why:

* **NL label -> A.** NeuroSim maps its label to A through a table; we interpolate that table
  (exact at the labels used here). The sign of a label (LTD labels are written negative, two
  devices have positive LTD labels) is not used: both branches saturate the usual way.
* **Absolute scale.** The table gives ratios, not siemens. Every preset gets the embedded default
  device's window G_max - G_min (so that the same offset distribution, in siemens, means the same
  device-to-device spread relative to the window), and G_min = window / (ON/OFF - 1).
* **States.** GST PCM is listed with 100-120 states; 100 is used.
* **Cycle-to-cycle noise** is not part of the curve: the table's value is kept as the preset's
  ``metadata["c2c"]`` (a fraction of G_max - G_min, the definition of ``Nonidealities.c2c``), which
  ``c2c="device"`` on the command line uses. "<1 %" and "<0.5 %" are taken as 1 % and 0.5 %.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..numbers import instance, integer, real, shown, word
from .checks import CONDUCTANCE_RANGE, outside_range, range_text
from .curve import DeviceCurve
from .cycles import CycleNoise, cycle_noise
from .files import default_device
from .laws import fit_saturating, neurosim_depression, neurosim_potentiation, nl_to_a
from .variation import NOISE_FORMS, Nonidealities

__all__ = ["PRESETS", "DevicePreset", "neurosim_device", "preset", "preset_names", "calibrated_c2c",
           "measured_noise", "measured_c2c"]

_SOURCE = ("MLP+NeuroSim V3.0 user manual, benchmark table of real devices (400-100-10 MLP on "
           "MNIST, online learning)")


@dataclass(frozen=True)
class DevicePreset:
    """One row of NeuroSim's benchmark table."""

    name: str  # short name for the command line
    device: str  # as the table names it
    nl_up: float  # nonlinearity label of potentiation (LTP)
    nl_down: float  # nonlinearity label of depression (LTD), as published (sign not used)
    states: int  # number of conductance states, P_max
    on_off: float  # G_max / G_min
    c2c: float  # cycle-to-cycle variation, fraction of G_max - G_min
    accuracy: str  # MNIST accuracy NeuroSim reports for it
    source: str = _SOURCE
    note: str = ""


#: The NeuroSim benchmark devices, in the table's order.
NEUROSIM = (
    DevicePreset("ag-si", "Ag:a-Si", 2.4, -4.88, 97, 12.5, 0.035, "~72 %"),
    DevicePreset("taox-hfox", "TaOx/HfOx", 0.04, -0.63, 128, 10.0, 0.037, "~80 %"),
    DevicePreset("pcmo", "PCMO", 3.68, -6.76, 50, 6.84, 0.01, "~33 %", note="c2c listed as <1 %"),
    DevicePreset("alox-hfo2", "AlOx/HfO2", 1.94, -0.61, 40, 4.43, 0.05, "~20 %"),
    DevicePreset("gst-pcm", "GST PCM", 0.105, 2.4, 100, 19.8, 0.015, "89 %",
                 note="states listed as 100-120; LTD label positive"),
    DevicePreset("epiram", "EpiRAM", 0.5, -0.5, 64, 50.2, 0.02, "92 %"),
    DevicePreset("hzo-fefet", "HZO FeFET", 1.75, 1.46, 32, 45.0, 0.005, "88 %",
                 note="c2c listed as <0.5 %; LTD label positive"),
)

#: Every preset name: "default" (the embedded device) and the NeuroSim devices.
PRESETS = {"default": None, **{p.name: p for p in NEUROSIM}}


def preset_names():
    return list(PRESETS)


def neurosim_device(nl_up, nl_down=None, *, states=64, on_off=10.0, name=None, metadata=None) -> DeviceCurve:
    """A two-way device of NeuroSim's LTP/LTD law with nonlinearity labels `nl_up` and `nl_down`
    (default: the same as `nl_up`), `states` pulses from G_min to G_max and G_max / G_min =
    `on_off`, at the embedded device's window (as every preset: see the module's notes).

    A device for a study along the nonlinearity label, or of a device known only by its row in a
    table like NeuroSim's.
    """
    nl_down = nl_up if nl_down is None else nl_down
    for label, value in (("nl_up", nl_up), ("nl_down", nl_down)):
        real(value, label, "a number, NeuroSim's nonlinearity label")
        try:
            nl_to_a(value)
        except ValueError as err:
            raise ValueError(f"{label} = {value!r}: {err}") from None
    expected = "a whole number of pulses 2 ... 100000"
    states = integer(states, "states", expected)  # a Python int: -p_max / a on a numpy uint64 wrapped around
    if not 2 <= states <= 100_000:
        raise ValueError(f"states = {shown(states)}: expected {expected}")
    window = default_device().window
    floor, ceiling = CONDUCTANCE_RANGE  # G_min = W / (r - 1) and G_max = r G_min must stay inside
    low, high = 1.0 / (1.0 - window / ceiling), 1.0 + window / floor
    if not low <= real(on_off, "on_off", "a ratio G_max / G_min") <= high:
        raise ValueError(f"on_off = {on_off!r}: expected a ratio G_max / G_min from {low:.9g} to {high:.3g}, so that "
                         f"G_min = W / (ratio - 1) and G_max stay within {floor:g} ... {ceiling:g} S at the "
                         f"embedded device's window W = {window:.3g} S")
    if metadata is not None:
        instance(metadata, dict, "metadata", "a dict of what to record with the device, or None")
    g_min = window / (float(on_off) - 1.0)
    g_max = g_min * float(on_off)
    steps = np.arange(states + 1)
    a_up, a_down = states * nl_to_a(nl_up), states * nl_to_a(nl_down)
    up = neurosim_potentiation(steps, g_min, g_max, states, a_up)
    down = neurosim_depression(steps, g_min, g_max, states, a_down)
    down[0] = up[-1]  # both are G_max; make it the same double
    name = name or f"neurosim-nl{abs(float(nl_up)):g}"
    meta = {"nl_up": nl_up, "nl_down": nl_down, "states": int(states), "on_off": float(on_off), "g_min": g_min,
            "g_max": g_max, "a_up": a_up, "a_down": a_down,
            "approximations": "NL label -> A interpolated in NeuroSim's table, label sign not used; window set "
                              "to the default device's", **(metadata or {})}
    return DeviceCurve(up, name=name, source=f"neurosim-law:{name}", metadata=meta, depression=down)


def _neurosim_device(p: DevicePreset) -> DeviceCurve:
    device = neurosim_device(p.nl_up, p.nl_down, states=p.states, on_off=p.on_off, name=p.name, metadata={
        "device": p.device, "c2c": p.c2c, "mnist_accuracy": p.accuracy, "source": p.source, "note": p.note})
    return DeviceCurve(device.conductance, name=p.name, source=f"preset:{p.name}", metadata=device.metadata,
                       depression=device.depression)


def preset(name) -> DeviceCurve:
    """The device curve of preset `name` (see :data:`PRESETS`)."""
    name = word(name, "preset name", PRESETS, f"unknown device preset {{}}; expected one of {', '.join(PRESETS)}")
    if name == "default":
        return default_device()
    return _neurosim_device(PRESETS[name])


def calibrated_c2c(device: DeviceCurve) -> float:
    """A device's own cycle-to-cycle noise, as a fraction of its window (``Nonidealities.c2c``).

    A preset's published value if it has one; for a measured curve, the residual noise of the
    stretched-exponential fit (the pulse-to-pulse scatter about the smooth law, i.e. how far
    the curve is from the law: the fit's misfit, read and step noise together) over the window.
    From several measured cycles, :func:`measured_c2c` measures the noise itself.
    """
    instance(device, DeviceCurve, "device")
    if "c2c" in device.metadata:  # held to what Nonidealities.c2c takes: -1, NaN or "abc" is no noise
        value = device.metadata["c2c"]
        try:
            return Nonidealities(c2c=value).c2c
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"device {device.name!r}: metadata['c2c'] = {shown(value)}: "
                            f"{str(exc).partition(': ')[2]}") from None
    return fit_saturating(device.conductance).noise / device.window


def measured_noise(device: DeviceCurve) -> CycleNoise:
    """The noise the device's measured cycles show (:func:`crossbar.devices.cycles.cycle_noise`),
    pooled over the branches measured in several cycles (``branches`` says which); ValueError if
    neither was. A potentiation file of one cycle with a depression file of several gives the
    depression branch's noise."""
    if not isinstance(device, DeviceCurve):  # a path is not read here: load_device reads it
        raise TypeError(f"device must be a DeviceCurve (crossbar.load_device(path) reads a file), got "
                        f"{type(device).__name__}")
    measured = {branch: m for branch, m in (("potentiation", device.cycles),
                                            ("depression", device.depression_cycles)) if m is not None}
    if not measured:
        where = ("one measured cycle in each branch" if device.two_way else "one measured cycle")
        down = device.metadata.get("depression_file")
        files = f" (potentiation {device.source}, depression {down})" if down else ""
        raise ValueError(f"device {device.name!r} has {where}{files}; noise from cycles needs a file with "
                         "several (one column per cycle, or repeated instrument blocks)")
    if outside_range(device.window):  # cycle_noise refuses it naming its own `window`, which the caller never gave
        raise ValueError(f"device {device.name!r} ({device.source}): its window max g - g(0) = {device.window:.3g} S is "
                         f"outside the physical range {range_text()}; noise from cycles is measured as a fraction "
                         "of it, so expected a device whose curve rises by at least 1e-15 S")
    noise = cycle_noise(list(measured.values()), device.window)
    return replace(noise, branches={branch: int(m.shape[0]) for branch, m in measured.items()})


def measured_c2c(device: DeviceCurve, form="additive") -> float:
    """``Nonidealities.c2c`` measured from the device's cycles for noise form `form`: the step
    scatter over the window (additive, bounded), or over the median step (proportional)."""
    form = word(form, "form", NOISE_FORMS, f"form = {{}}: expected one of {', '.join(NOISE_FORMS)}")
    noise = measured_noise(device)
    if form != "proportional":
        return noise.step_scatter
    if noise.relative_step_scatter is None:  # was inf, returned as the c2c of the proportional form
        raise ValueError(f"form = 'proportional': the cycles of device {device.name!r} have a median step of 0 at "
                         f"every pulse while they scatter by {noise.step_scatter:.3g} of the window per pulse; no noise "
                         "proportional to the step makes that scatter: expected form 'additive' (or 'bounded')")
    return noise.relative_step_scatter
