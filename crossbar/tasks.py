"""Pattern sets: 2x2-pixel images and their labels, and the input voltages they become."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "PatternSet", "diagonals_training", "diagonals_test", "input_voltages", "complement_index",
    "complement_conflicts", "most_correct",
]


@dataclass(frozen=True, eq=False)
class PatternSet:
    """Binary input patterns with one binary label per neuron.

    Attributes
    ----------
    bits : ndarray of int8, shape (P, N)
        Input bits; for 2x2 images, pixels in reading order (top-left, top-right,
        bottom-left, bottom-right).
    labels : ndarray of int8, shape (P, M)
        Target class of each neuron (1 or 0).
    name : str
    """

    bits: np.ndarray
    labels: np.ndarray
    name: str = "patterns"

    def __post_init__(self):
        bits = np.array(self.bits, dtype=np.int8)
        labels = np.array(self.labels, dtype=np.int8)
        if bits.ndim != 2 or labels.ndim != 2 or bits.shape[0] != labels.shape[0] or bits.shape[0] == 0:
            raise ValueError(
                f"bits (P, N) and labels (P, M) must be 2-D with the same P >= 1, "
                f"got {bits.shape} and {labels.shape}"
            )
        if not (np.isin(bits, (0, 1)).all() and np.isin(labels, (0, 1)).all()):
            raise ValueError("bits and labels must be 0 or 1")
        for a in (bits, labels):
            a.setflags(write=False)
        object.__setattr__(self, "bits", bits)
        object.__setattr__(self, "labels", labels)

    @classmethod
    def from_strings(cls, pairs, name="patterns"):
        """Build from ``[("0110", "10"), ...]``: input bits, then one label per neuron."""
        bits = [[int(c) for c in p] for p, _ in pairs]
        labels = [[int(c) for c in lab] for _, lab in pairs]
        return cls(bits, labels, name)

    @property
    def n_patterns(self):
        return self.bits.shape[0]

    @property
    def n_inputs(self):
        return self.bits.shape[1]

    @property
    def n_neurons(self):
        return self.labels.shape[1]

    def strings(self):
        """Each pattern as its bit string, e.g. ``'0110'``."""
        return ["".join(map(str, row)) for row in self.bits]

    def __len__(self):
        return self.n_patterns


def input_voltages(bits, v_one=0.1, v_zero=-0.1):
    """Row voltages of the crossbar: bit 1 -> `v_one`, bit 0 -> `v_zero` (volts)."""
    return np.where(np.asarray(bits) == 1, v_one, v_zero).astype(np.float64)


def diagonals_training():
    """The training set: the two 2x2 diagonals and their one-pixel-flipped variants.

    Pixels in reading order: 0110 is the anti-diagonal ``/`` (neuron 1 answers 1),
    1001 the diagonal ``\\`` (neuron 2 answers 1). Six patterns (P = 6, N = 4, M = 2).
    """
    return PatternSet.from_strings(
        [("0001", "01"), ("0010", "10"), ("0110", "10"), ("1001", "01"), ("1101", "01"), ("1110", "10")],
        name="diagonals-training",
    )


def diagonals_test():
    """The ten 2x2 patterns not in the training set, with the labels a human would give."""
    return PatternSet.from_strings(
        [
            ("0000", "00"), ("0011", "00"), ("0100", "10"), ("0101", "00"), ("0111", "10"),
            ("1000", "01"), ("1010", "00"), ("1011", "01"), ("1100", "00"), ("1111", "00"),
        ],
        name="diagonals-test",
    )


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
