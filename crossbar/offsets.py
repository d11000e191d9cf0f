"""Device-to-device variation: the conductance offset s_jc of each device.

Every distribution is a frozen dataclass with a ``sample(seed, trials,
shape)`` method returning an array of shape ``(B, *shape)`` in siemens, one
row per trial, drawn from that trial's own counter-based stream
(:mod:`crossbar.random`), so trial k's offsets do not depend on which other
trials are drawn beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import random as _random

__all__ = [
    "OffsetDistribution",
    "RescaledLognormal",
    "RescaledExponential",
    "Lognormal",
    "NoOffsets",
    "FixedOffsets",
    "REFERENCE_OFFSETS",
    "offsets_from_spec",
]


def _check_range(lo, hi):
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo < 0 or hi <= lo:
        raise ValueError(f"offset range must satisfy 0 <= lo < hi (siemens), got lo={lo!r}, hi={hi!r}")


def _rescale(r, lo, hi):
    """Map each crossbar's draws affinely onto [lo, hi]: its smallest to lo, largest to hi."""
    flat = r.reshape(r.shape[0], -1)
    rmin = flat.min(axis=1, keepdims=True)
    rmax = flat.max(axis=1, keepdims=True)
    return (lo + (hi - lo) * (flat - rmin) / (rmax - rmin)).reshape(r.shape)


class OffsetDistribution:
    """Base class: ``sample(seed, trials, shape) -> ndarray (B, *shape)``, siemens."""

    def sample(self, seed, trials, shape):  # pragma: no cover - interface
        raise NotImplementedError

    def describe(self) -> dict:
        """Parameters as a JSON-ready dict with a ``kind`` field."""
        out = {"kind": self.kind}
        out.update({k: v for k, v in self.__dict__.items()})
        return out


@dataclass(frozen=True)
class RescaledLognormal(OffsetDistribution):
    """The reference distribution (Prezioso-style crossbar simulations).

    N·2M draws r ~ LogNormal(mu = ln((lo+hi)/2), sigma = |ln(hi/lo)| / spread)
    rescaled per crossbar so the smallest offset is `lo` and the largest `hi`.
    With the rescaling, mu drops out; `spread` sets how skewed the offsets are.
    """

    lo: float = 1e-8  # smallest offset of a crossbar, S
    hi: float = 1e-7  # largest offset of a crossbar, S
    spread: float = 5.0  # sigma = |ln(hi/lo)| / spread; larger is more uniform

    kind = "rescaled-lognormal"

    def __post_init__(self):
        _check_range(self.lo, self.hi)
        if not (math.isfinite(self.spread) and self.spread > 0):
            raise ValueError(f"spread must be > 0, got {self.spread!r}")

    @property
    def sigma(self):
        """Log-space standard deviation of the draws before rescaling."""
        lo = self.lo if self.lo > 0 else self.hi * 1e-3
        return abs(math.log(self.hi / lo)) / self.spread

    def sample(self, seed, trials, shape):
        size = int(np.prod(shape))
        z = _random.standard_normal(seed, trials, size)
        mu = math.log((self.lo + self.hi) / 2)
        r = np.exp(mu + self.sigma * z)
        return _rescale(r, self.lo, self.hi).reshape((-1, *shape))


@dataclass(frozen=True)
class RescaledExponential(OffsetDistribution):
    """N·2M draws r ~ Exp(1), rescaled per crossbar onto [lo, hi] like the reference."""

    lo: float = 1e-8  # smallest offset of a crossbar, S
    hi: float = 1e-7  # largest offset of a crossbar, S

    kind = "rescaled-exponential"

    def __post_init__(self):
        _check_range(self.lo, self.hi)

    def sample(self, seed, trials, shape):
        size = int(np.prod(shape))
        r = -np.log(_random.uniform(seed, trials, size))
        return _rescale(r, self.lo, self.hi).reshape((-1, *shape))


@dataclass(frozen=True)
class Lognormal(OffsetDistribution):
    """Unscaled lognormal offsets: s = median · exp(sigma · z), z ~ N(0, 1)."""

    median: float = 3e-8  # median offset, S
    sigma: float = 0.5  # standard deviation of ln(s)

    kind = "lognormal"

    def __post_init__(self):
        if not (math.isfinite(self.median) and self.median > 0):
            raise ValueError(f"median must be > 0 siemens, got {self.median!r}")
        if not (math.isfinite(self.sigma) and self.sigma >= 0):
            raise ValueError(f"sigma must be >= 0, got {self.sigma!r}")

    def sample(self, seed, trials, shape):
        size = int(np.prod(shape))
        z = _random.standard_normal(seed, trials, size)
        return (self.median * np.exp(self.sigma * z)).reshape((-1, *shape))


@dataclass(frozen=True)
class NoOffsets(OffsetDistribution):
    """Identical devices: every offset is zero."""

    kind = "none"

    def sample(self, seed, trials, shape):
        return np.zeros((np.asarray(trials).size, *shape))


@dataclass(frozen=True, eq=False)
class FixedOffsets(OffsetDistribution):
    """A given offset matrix (rows = inputs, columns G+_1 G-_1 G+_2 ...), S, for every trial."""

    matrix: np.ndarray

    kind = "fixed"

    def __post_init__(self):
        m = np.array(self.matrix, dtype=np.float64)
        if m.ndim != 2 or not np.all(np.isfinite(m)):
            raise ValueError(f"offset matrix must be a finite 2-D array, got shape {m.shape}")
        m.setflags(write=False)
        object.__setattr__(self, "matrix", m)

    def sample(self, seed, trials, shape):
        if tuple(shape) != self.matrix.shape:
            raise ValueError(
                f"offset matrix has shape {self.matrix.shape}, the crossbar needs {tuple(shape)}"
            )
        return np.broadcast_to(self.matrix, (np.asarray(trials).size, *shape)).copy()

    def describe(self):
        return {"kind": self.kind, "matrix": self.matrix.tolist()}


#: The reference offset distribution: rescaled lognormal on [1e-8, 1e-7] S.
REFERENCE_OFFSETS = RescaledLognormal()

_KINDS = {
    cls.kind: cls
    for cls in (RescaledLognormal, RescaledExponential, Lognormal, NoOffsets, FixedOffsets)
}


def offsets_from_spec(spec: dict) -> OffsetDistribution:
    """Rebuild a distribution from :meth:`OffsetDistribution.describe` output."""
    spec = dict(spec)
    kind = spec.pop("kind", None)
    if kind not in _KINDS:
        raise ValueError(f"unknown offset distribution {kind!r}; expected one of {sorted(_KINDS)}")
    return _KINDS[kind](**spec)
