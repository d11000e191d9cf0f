"""The devices: measured conductance-vs-pulse curves, the laws fitted to them, and their variation.

* :mod:`~crossbar.devices.curve`: :class:`DeviceCurve`, one measured g(m);
* :mod:`~crossbar.devices.files`: reading device files, the embedded default device
  (:mod:`~crossbar.devices.tables` for delimited tables, :mod:`~crossbar.devices.columns` for
  what a column holds and in which unit);
* :mod:`~crossbar.devices.cycles`: several measured cycles: the curve they make, their noise;
* :mod:`~crossbar.devices.laws`: smooth laws g(m) and their least-squares fits;
* :mod:`~crossbar.devices.offsets`: device-to-device offsets s of the devices of a crossbar;
* :mod:`~crossbar.devices.variation`: the non-idealities (cycle-to-cycle noise, curve-to-curve
  spreads, stuck devices, read noise), each a knob that defaults to off;
* :mod:`~crossbar.devices.presets`: the embedded default device and NeuroSim's benchmark devices.

This layer imports nothing of the package but :mod:`crossbar.random`.
"""

from .curve import DeviceCurve
from .files import (
    DATA_DIR,
    DEFAULT_DEVICE_FILE,
    DeviceFileError,
    default_device,
    load_device,
    parse_device,
    write_pulse_train,
)
from .offsets import (
    REFERENCE_OFFSETS,
    FixedOffsets,
    Lognormal,
    NoOffsets,
    OffsetDistribution,
    OffsetFileError,
    RescaledExponential,
    RescaledLognormal,
    offsets_from_spec,
    read_offset_matrix,
    write_offsets,
)
from .presets import PRESETS as DEVICE_PRESETS
from .cycles import CycleNoise, cycle_noise
from .presets import calibrated_c2c, measured_c2c, measured_noise, neurosim_device, preset
from .variation import NOISE_FORMS, NONE, Nonidealities

__all__ = [
    "DEVICE_PRESETS", "NONE", "NOISE_FORMS", "Nonidealities", "calibrated_c2c", "measured_c2c", "measured_noise",
    "preset", "neurosim_device", "CycleNoise", "cycle_noise",
    "DATA_DIR", "DEFAULT_DEVICE_FILE", "DeviceCurve", "DeviceFileError", "FixedOffsets", "Lognormal", "NoOffsets",
    "OffsetDistribution", "OffsetFileError", "REFERENCE_OFFSETS", "RescaledExponential", "RescaledLognormal",
    "default_device", "load_device", "offsets_from_spec", "parse_device", "read_offset_matrix", "write_offsets",
    "write_pulse_train",
]
