"""Training one crossbar, and drawing the offsets of the trials of a seeded study.

The two entry points most users start from; both are re-exported as
``crossbar.train`` and ``crossbar.sample_offsets``.
"""

from __future__ import annotations

import numpy as np

from ..devices import NONE, REFERENCE_OFFSETS, OffsetDistribution, default_device
from ..numbers import unmasked
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
    unmasked(trials, "trials")  # before np.ndim: a masked element in a tuple raised numpy's MaskError (probe 19c)
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
          patterns=None, nonideal=NONE, units="relative", unphysical="refuse") -> TrainingRun:
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
    nonideal : Nonidealities, optional
        Noise, spreads and stuck cells, drawn for trial `trial` of `seed`
        (as a Monte Carlo study draws them). Default: none.
    units : {"relative", "absolute"}
        "relative" (default): β and the offsets are scaled from the embedded device's window to
        this device's (:mod:`crossbar.training.units`); "absolute": β in 1/A, offsets in S.
    unphysical : {"refuse", "report"}
        As for ``train_batch``: "refuse" (default) raises ValueError, before any work, for offsets
        (given, or the trial's draw) that start a device outside the physical range 1e-15 ... 1 S
        or take it past 1 S at the top of its curve, and for a window factor drawn past it;
        "report" trains them, with ``run.physical`` False (as a study reports such a trial): a
        drawn window factor past the range makes it False (``run.window_outside``) even where
        training never pulsed that device so high.

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
    unphysical = checks.check_unphysical(unphysical)
    patterns = diagonals_training() if patterns is None else patterns
    scale = scale_factor(device, units)
    if isinstance(offsets, OffsetDistribution):
        # A distribution every crossbar of which is unphysical is refused either way; under "refuse" so
        # is the trial's own draw, as train_batch refuses it (a draw the range does not hold was trained
        # and returned with run.physical False).
        checks.check_distribution(device, setting.gain, offsets, scale)
        drawn = sample_offsets(offsets, seed, [trial], patterns)[0]
        if unphysical == "refuse":
            try:
                checks.check_conductances(device, setting.gain, drawn, scale=scale)
            except ValueError as exc:
                raise ValueError(f"offsets: trial {trial} of seed {seed} drawn from {offsets!r} gives {exc}; pass "
                                 "unphysical='report' to train it anyway (run.physical is then False)") from None
        offsets = drawn
    elif unphysical == "refuse":  # named as the caller gave it, (N, C), before train_batch sees one trial of it
        checks.check_conductances(device, setting.gain, offsets, gain_name="setting.gain", scale=scale)
    return train_batch(device, offsets, setting, patterns, history=True, nonideal=nonideal, seed=seed,
                       trials=[trial], units=units, unphysical=unphysical)[0]
