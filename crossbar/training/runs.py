"""Training one crossbar, and drawing the offsets of the trials of a seeded study.

The two entry points most users start from; both are re-exported as
``crossbar.train`` and ``crossbar.sample_offsets``.
"""

from __future__ import annotations

import numpy as np

from ..devices import NONE, REFERENCE_OFFSETS, OffsetDistribution, default_device
from ..resources import require_memory
from ..tasks import diagonals_training
from . import checks
from .engine import train_batch
from .results import TrainingRun
from .setting import DEFAULT
from .units import scale_factor

__all__ = ["train", "sample_offsets"]




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
    if not isinstance(distribution, OffsetDistribution):
        raise TypeError(f"distribution must be an OffsetDistribution, got {type(distribution).__name__}")
    checks.check_index(seed, "seed")
    checks.check_patterns(patterns)
    patterns = diagonals_training() if patterns is None else patterns
    if np.ndim(trials) == 0:
        checks.check_index(trials, "trials")
        count = int(trials)
    else:
        trials = checks.check_trials(trials)
        count = trials.size
    # Before any array is made: the trial numbers (8 bytes each) and three offset-sized arrays.
    require_memory(8 * count * (1 + 3 * patterns.n_inputs * 2 * patterns.n_neurons),
                   f"the offsets of {count} trials", "draw them in smaller batches")
    index = np.arange(count) if np.ndim(trials) == 0 else trials
    return distribution.sample(seed, index, (patterns.n_inputs, 2 * patterns.n_neurons))


def train(device=None, setting=DEFAULT, offsets=REFERENCE_OFFSETS, seed=0, *, trial=0,
          patterns=None, nonideal=NONE, units="relative") -> TrainingRun:
    """Train one crossbar and keep its history: ``train_batch`` with B = 1.

    Parameters
    ----------
    device : DeviceCurve, optional
        Default: the embedded default device.
    setting : TrainingSetting
    offsets : OffsetDistribution or array_like (N, C)
        A distribution to draw from (trial `trial` of `seed`, the same draw a
        Monte Carlo study with that seed makes for that trial), or a matrix, S.
        A matrix that starts a device outside the physical range 1e-15 ... 1 S is a
        ValueError; a draw that does trains, with ``run.physical`` False.
    seed, trial : int
    patterns : PatternSet, optional
        Training set; default the diagonals.
    nonideal : Nonidealities, optional
        Noise, spreads and stuck cells, drawn for trial `trial` of `seed`
        (as a Monte Carlo study draws them). Default: none.
    units : {"relative", "absolute"}
        "relative" (default): β and the offsets are scaled from the embedded device's window to
        this device's (:mod:`crossbar.training.units`); "absolute": β in 1/A, offsets in S.

    Returns
    -------
    TrainingRun
    """
    device = default_device() if device is None else device
    checks.check_device(device)
    checks.check_setting(setting)
    checks.check_patterns(patterns)
    checks.check_index(seed, "seed")
    checks.check_index(trial, "trial")
    offsets = checks.one_crossbar_offsets(offsets)
    patterns = diagonals_training() if patterns is None else patterns
    drawn = isinstance(offsets, OffsetDistribution)
    if drawn:
        # A distribution every crossbar of which is unphysical is refused; a rare draw outside the
        # physical range trains, and the run says it is not physical (as a study's trial does).
        checks.check_distribution(device, setting.gain, offsets, scale_factor(device, units))
        offsets = sample_offsets(offsets, seed, [trial], patterns)[0]
    else:  # named as the caller gave it, (N, C), before train_batch sees one trial of it
        checks.check_conductances(device, setting.gain, np.asarray(offsets) * scale_factor(device, units))
    return train_batch(device, offsets, setting, patterns, history=True, nonideal=nonideal, seed=seed,
                       trials=[trial], units=units, unphysical="report" if drawn else "refuse")[0]
