"""Picking and explaining example runs: what the book shows next to the physics.

Plain numpy on top of :mod:`crossbar.engine`; no plotting. Every function here
is called by a book chapter and by a test.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import physics
from .engine import train_batch
from .offsets import REFERENCE_OFFSETS
from .patterns import diagonals_training, input_voltages

__all__ = ["find_trial", "complement_index", "complement_conflicts", "most_correct", "prediction_table", "write_offsets"]


def find_trial(device, setting, converged, offsets=REFERENCE_OFFSETS, seed=0, trials=2000,
               patterns=None, min_epochs=0):
    """The first trial of a seeded study whose run converges (or does not).

    Trains trials 0 ... `trials`-1 of `seed` in one batch (the same draws a
    Monte Carlo study with that seed makes) and returns the smallest trial
    number whose outcome is `converged` after at least `min_epochs` update epochs.

    Parameters
    ----------
    device : DeviceCurve
    setting : TrainingSetting
    converged : bool
        The outcome looked for.
    offsets : OffsetDistribution
    seed : int
    trials : int
        How many trials to scan.
    patterns : PatternSet, optional
        Training set; default the diagonals.
    min_epochs : int
        Only runs that took at least this many update epochs qualify.

    Returns
    -------
    int or None
        The trial number, or None if none of the scanned trials has that outcome.
    """
    patterns = diagonals_training() if patterns is None else patterns
    draws = offsets.sample(seed, np.arange(trials), (patterns.n_inputs, 2 * patterns.n_neurons))
    result = train_batch(device, draws, setting, patterns)
    hits = np.flatnonzero((result.converged == bool(converged)) & (result.epochs >= min_epochs))
    return int(hits[0]) if hits.size else None


def complement_conflicts(patterns):
    """Patterns that no crossbar of this kind can answer right together with their complement.

    With v_zero = -v_one and no bias, the complement of a pattern (every bit
    flipped) sees V -> -V, so I -> -I and f -> -f exactly. If a pattern and its
    complement carry the same label on some neuron, that neuron would need
    f < t- and -f < t- (label 0) or f > t+ and -f > t+ (label 1): impossible
    while t- <= 0 <= t+. At most one pattern of each such pair can be right.

    Returns
    -------
    ndarray of bool (P,)
        True where the complement is in the set and shares a label with the pattern.
    """
    partner = complement_index(patterns)
    out = np.zeros(patterns.n_patterns, dtype=bool)
    for n, k in enumerate(partner):
        if k >= 0 and np.any(patterns.labels[n] == patterns.labels[k]):
            out[n] = True
    return out


def complement_index(patterns):
    """Index of each pattern's complement (every bit flipped) in the set, -1 where absent, shape (P,)."""
    index = {tuple(row): n for n, row in enumerate(patterns.bits.tolist())}
    return np.array([index.get(tuple(1 - b for b in row), -1) for row in patterns.bits.tolist()])


def most_correct(patterns):
    """Most patterns of the set a bias-free crossbar can get right: one per conflicting pair lost."""
    return int(patterns.n_patterns - complement_conflicts(patterns).sum() // 2)


def prediction_table(run, patterns):
    """What a trained crossbar answers on a pattern set, and why.

    Parameters
    ----------
    run : TrainingRun
    patterns : PatternSet

    Returns
    -------
    dict
        ``pattern`` list of bit strings; ``label`` (P, M); ``logic_current`` (P, M) A;
        ``activation`` (P, M); ``prediction`` (P, M) with -1 for undecided;
        ``correct`` (P,) bool, every neuron right; ``undecided`` (P,) bool, some neuron
        between the targets; ``complement_conflict`` (P,) bool, see :func:`complement_conflicts`.
    """
    s = run.setting
    V = input_voltages(patterns.bits, s.v_one, s.v_zero)
    current = physics.logic_current(physics.column_currents(V, run.conductance))
    f = physics.activation(current, s.beta)
    prediction = physics.predict(f, s.target_high, s.target_low)
    return {
        "pattern": patterns.strings(),
        "label": patterns.labels,
        "logic_current": current,
        "activation": f,
        "prediction": prediction,
        "correct": np.all(prediction == patterns.labels, axis=1),
        "undecided": np.any(prediction < 0, axis=1),
        "complement_conflict": complement_conflicts(patterns),
    }


def write_offsets(path, offsets):
    """Write an offset matrix (rows = inputs, columns G+1 G-1 G+2 G-2 ..., S) as CSV.

    Values are written with 17 significant digits, so reading the file back
    (``python -m crossbar train --shifts FILE``) gives the same doubles.
    Returns the path.
    """
    offsets = np.asarray(offsets, dtype=np.float64)
    if offsets.ndim != 2:
        raise ValueError(f"offsets must be a matrix (N, C), got shape {offsets.shape}")
    path = Path(path)
    header = ",".join(f"G{'+' if c % 2 == 0 else '-'}{c // 2 + 1}" for c in range(offsets.shape[1]))
    np.savetxt(path, offsets, delimiter=",", fmt="%.17g", header=header, comments="")
    return path
