"""In-situ training of memristor crossbars with measured device curves.

Typical use::

    import crossbar
    device = crossbar.default_device()             # or crossbar.load_device("my_pulses.dat")
    run = crossbar.train(device, seed=1)          # one crossbar, batch Manhattan rule
    run.converged, run.epochs, run.pulse_count
"""

from __future__ import annotations

import numpy as np

from .device import DeviceCurve, DeviceFileError, default_device, load_device
from .engine import BatchResult, TrainingRun, evaluate, train_batch
from .offsets import (
    REFERENCE_OFFSETS,
    FixedOffsets,
    Lognormal,
    NoOffsets,
    OffsetDistribution,
    RescaledExponential,
    RescaledLognormal,
)
from .patterns import PatternSet, diagonals_test, diagonals_training, input_voltages
from .setting import DEFAULT, PRESETS, REFERENCE, TrainingSetting

__version__ = "0.1.0"

__all__ = [
    "BatchResult", "DEFAULT", "DeviceCurve", "DeviceFileError", "FixedOffsets", "Lognormal",
    "NoOffsets", "OffsetDistribution", "PRESETS", "PatternSet", "REFERENCE", "REFERENCE_OFFSETS",
    "RescaledExponential", "RescaledLognormal", "TrainingRun", "TrainingSetting", "default_device",
    "diagonals_test", "diagonals_training", "evaluate", "input_voltages", "load_device",
    "sample_offsets", "train", "train_batch",
]


def sample_offsets(distribution=REFERENCE_OFFSETS, seed=0, trials=1, patterns=None):
    """Offsets s of `trials` crossbars, shape (B, N, C), siemens.

    Parameters
    ----------
    distribution : OffsetDistribution
    seed : int
    trials : int or array_like of int
        A count B (trials 0 ... B-1) or the trial numbers themselves.
    patterns : PatternSet, optional
        Fixes N and C = 2M; default the diagonals training set (4 x 4).
    """
    patterns = diagonals_training() if patterns is None else patterns
    index = np.arange(trials) if np.ndim(trials) == 0 else np.asarray(trials)
    return distribution.sample(seed, index, (patterns.n_inputs, 2 * patterns.n_neurons))


def train(device=None, setting=DEFAULT, offsets=REFERENCE_OFFSETS, seed=0, *, trial=0,
          patterns=None) -> TrainingRun:
    """Train one crossbar and keep its history: ``train_batch`` with B = 1.

    Parameters
    ----------
    device : DeviceCurve, optional
        Default: the embedded default device.
    setting : TrainingSetting
    offsets : OffsetDistribution or array_like (N, C)
        A distribution to draw from (trial `trial` of `seed`, the same draw a
        Monte Carlo study with that seed makes for that trial), or a matrix, S.
    seed, trial : int
    patterns : PatternSet, optional
        Training set; default the diagonals.

    Returns
    -------
    TrainingRun
    """
    device = default_device() if device is None else device
    patterns = diagonals_training() if patterns is None else patterns
    if isinstance(offsets, OffsetDistribution):
        offsets = sample_offsets(offsets, seed, [trial], patterns)[0]
    return train_batch(device, offsets, setting, patterns, history=True)[0]
