"""Checks on the arguments of the training entry points, made before any array is allocated.

Each check raises ``TypeError`` (wrong kind of object) or ``ValueError`` (wrong value) with a
message naming the argument; memory is estimated before the engine allocates it
(:func:`require_batch_memory`), so an impossible request is refused with its size.
"""

from __future__ import annotations

import numpy as np

from ..devices import DeviceCurve, Nonidealities, OffsetDistribution
from ..numbers import MAX_INDEX, index_array
from ..resources import require_memory
from ..tasks import PatternSet
from .setting import TrainingSetting

__all__ = ["check_device", "check_setting", "check_patterns", "check_index", "check_trials", "batch_bytes",
           "require_batch_memory", "one_crossbar_offsets", "offsets_array", "check_model", "MAX_INDEX"]


def check_device(device, name="device"):
    if not isinstance(device, DeviceCurve):
        raise TypeError(f"{name} must be a DeviceCurve (see crossbar.load_device), got {type(device).__name__}")


def check_setting(setting, name="setting"):
    if not isinstance(setting, TrainingSetting):
        raise TypeError(f"{name} must be a TrainingSetting, got {type(setting).__name__}")


def check_model(device, setting, nonideal):
    """Device, setting and non-idealities of a run: their types, and a two-way rule only on a two-way device."""
    check_device(device)
    check_setting(setting)
    if not isinstance(nonideal, Nonidealities):
        raise TypeError(f"nonideal must be Nonidealities, got {type(nonideal).__name__}")
    if setting.two_way and not device.two_way:
        raise ValueError(f"rule {setting.rule!r} depresses devices, but device {device.name!r} has no "
                         "depression branch (load a two-way pulse train, or use a preset such as 'ag-si')")


def check_patterns(patterns, name="patterns"):
    if patterns is not None and not isinstance(patterns, PatternSet):
        raise TypeError(f"{name} must be a PatternSet, got {type(patterns).__name__}")


def check_index(value, name):
    """`value` must be an integer 0 ... 2**63 - 1 (a seed or a trial number)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a non-negative integer, got {type(value).__name__} {value!r}")
    if not 0 <= value <= MAX_INDEX:
        raise ValueError(f"{name} = {value!r}: expected an integer from 0 to 2**63 - 1")


def check_trials(trials, name="trials"):
    """`trials` (an array of trial numbers) as int64, each 0 ... 2**63 - 1; floats and bools refused."""
    return index_array(trials, name)


def batch_bytes(trials, epochs, inputs, columns, patterns, neurons, history):
    """Peak memory of ``train_batch`` for B trials, bytes (inputs, outputs and, if kept, history)."""
    per_trial = 8 * (5 * inputs * columns + 2 * patterns * neurons + 8)
    if history:
        per_trial += 8 * (epochs + 1) * (2 * inputs * columns + patterns * neurons + 1)
    return float(trials) * per_trial


def require_batch_memory(trials, setting, shape, n_patterns, n_neurons, history):
    """Refuse a batch whose arrays (and history) will not fit in memory, naming the size."""
    nbytes = batch_bytes(trials, setting.max_epochs, shape[0], shape[1], n_patterns, n_neurons, history)
    if history:
        require_memory(nbytes, f"the history of {trials} trial(s) over setting.max_epochs = "
                               f"{setting.max_epochs} epochs",
                       "lower setting.max_epochs, or train without history (train_batch(..., history=False))")
    else:
        require_memory(nbytes, f"training {trials} trials at once", "train them in smaller batches")


def _real_matrix(offsets, what):
    """`offsets` as float64 (ndmin 0), or TypeError / ValueError: complex, boolean and non-numeric
    values are refused rather than cast (numpy would drop an imaginary part with a mere warning)."""
    if isinstance(offsets, (str, bytes)) or offsets is None:
        raise TypeError(f"offsets must be {what}, got {type(offsets).__name__}")
    try:
        raw = np.asarray(offsets)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"offsets must be {what}, got {type(offsets).__name__}") from None
    if raw.dtype.kind in "cbUSVOMm" and not (raw.dtype == object and _all_real(raw)):
        kind = "complex" if raw.dtype.kind == "c" else str(raw.dtype)
        raise TypeError(f"offsets must be {what}, got {kind} values")
    try:
        return np.array(raw, dtype=np.float64)
    except OverflowError:
        raise ValueError("offsets must be finite (siemens): a value is beyond the range of a double") from None
    except (TypeError, ValueError):
        raise TypeError(f"offsets must be {what}, got {type(offsets).__name__}") from None


def _all_real(array):
    import numbers

    return all(isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_)) for v in array.ravel().tolist())


def offsets_array(offsets):
    """``np.array(offsets, float64, ndmin=2)``, or a TypeError naming `offsets` if it holds no real numbers."""
    matrix = _real_matrix(offsets, "an array of offsets in siemens")
    return matrix.reshape((1,) * (2 - matrix.ndim) + matrix.shape) if matrix.ndim < 2 else matrix


def one_crossbar_offsets(offsets):
    """`offsets` as one (N, C) matrix for ``train``; a distribution passes through unchanged."""
    if isinstance(offsets, OffsetDistribution):
        return offsets
    matrix = _real_matrix(offsets, "an OffsetDistribution or an (N, C) matrix of offsets in siemens")
    if matrix.ndim == 3 and matrix.shape[0] == 1:
        matrix = matrix[0]
    if matrix.ndim == 3:
        raise ValueError(f"offsets holds {matrix.shape[0]} trials (shape {matrix.shape}); train() trains one "
                         "crossbar: pass one (N, C) matrix, or use train_batch() for several")
    if matrix.ndim != 2:
        raise ValueError(f"offsets must be an (N, C) matrix of offsets in siemens, got shape {matrix.shape}")
    return matrix
