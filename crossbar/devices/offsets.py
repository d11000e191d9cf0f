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
from statistics import NormalDist

import numpy as np

from .. import random as _random
from ..numbers import index_array, instance, real, real_array, word
from ..resources import require_memory
from .checks import CONDUCTANCE_RANGE, range_text
# offsets files are read and written in offset_files.py, and named here too, where they were first
from .offset_files import OffsetFileError, read_offset_matrix, write_offsets
from .offset_files import checked_shape as _shape

__all__ = [
    "OffsetDistribution",
    "RescaledLognormal",
    "RescaledExponential",
    "Lognormal",
    "NoOffsets",
    "FixedOffsets",
    "REFERENCE_OFFSETS",
    "offsets_from_spec",
    "OffsetFileError",
    "read_offset_matrix",
    "write_offsets",
]


def _numbers(distribution, *names):
    """The fields `names` of a distribution as plain Python numbers (numpy scalars too), or an
    error naming the field; a huge integer, a complex number or a string is refused here."""
    for name in names:
        object.__setattr__(distribution, name, real(getattr(distribution, name),
                                                    f"{type(distribution).__name__}.{name}"))


def _check_range(lo, hi):
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo < 0 or hi <= lo or hi > 1:
        raise ValueError(f"offset range must satisfy 0 <= lo < hi <= 1 (siemens), got lo={lo!r}, hi={hi!r}")


# The largest |z| a standard normal draw of crossbar.random can take (Box-Muller on 53-bit uniforms),
# and the largest argument of exp that stays finite: a lognormal draw exp(mu + sigma z) is finite
# for every trial if mu + _Z_MAX sigma < _LOG_MAX.
_Z_MAX = 8.7
_LOG_MAX = 709.0
#: The largest share of devices whose lognormal offset may exceed 1 S (Lognormal refuses a sigma beyond it),
#: and the standard normal's quantile there.
LOGNORMAL_TAIL = 1e-6
LOGNORMAL_Z = NormalDist().inv_cdf(1 - LOGNORMAL_TAIL)  # 4.75: z one draw in a million passes


def _overflows(mu, sigma, log_ceiling=_LOG_MAX):
    """True if some draw exp(mu + sigma z) could reach exp(`log_ceiling`): infinite by default."""
    return not mu + _Z_MAX * sigma < log_ceiling


def _rescale(r, lo, hi):
    """Map each crossbar's draws affinely onto [lo, hi]: its smallest to lo, largest to hi."""
    flat = r.reshape(r.shape[0], -1)
    rmin = flat.min(axis=1, keepdims=True)
    rmax = flat.max(axis=1, keepdims=True)
    return (lo + (hi - lo) * (flat - rmin) / (rmax - rmin)).reshape(r.shape)


_BLOCK = 4096  # trials per block of the elementwise work: the block stays in cache


def _by_blocks(draws, transform):
    """transform(rows) applied to blocks of rows of `draws` (B, n): the same numbers as one call,
    since every operation is elementwise or within a row, without passes over arrays far larger
    than the cache."""
    out = np.empty_like(draws)
    for start in range(0, draws.shape[0], _BLOCK):
        out[start:start + _BLOCK] = transform(draws[start:start + _BLOCK])
    return out


def _request(trials, shape, least=1):
    """(trial numbers, shape as a tuple of ints, offsets per trial) of a sample, checked as every distribution
    checks them, memory included: (10**6, 10**6) raised a raw MemoryError, a negative size "negative dimensions
    are not allowed", a shape "abc" a ufunc error. `least`: the offsets per trial the distribution needs."""
    t = index_array(trials, "trials")
    dims = _shape(shape)
    size = math.prod(dims)
    if size < least:
        raise ValueError(f"shape = {dims}: rescaling onto [lo, hi] needs at least {least} offsets a crossbar")
    require_memory(8 * t.size * (1 + 3 * size), f"the offsets of {t.size} trials of shape {dims}",
                   "draw them in smaller batches")
    return t, dims, size


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
    spread: float = 5.0  # sigma = |ln(hi/lo)| / spread; larger: a narrower lognormal, offsets less skewed towards lo

    kind = "rescaled-lognormal"

    def __post_init__(self):
        _numbers(self, "lo", "hi", "spread")
        _check_range(self.lo, self.hi)
        if not (math.isfinite(self.spread) and self.spread > 0):
            raise ValueError(f"spread must be > 0, got {self.spread!r}")
        if not self.sigma >= 1e-12:  # below this every draw of a crossbar is equal, the rescaling 0/0
            raise ValueError(f"spread = {self.spread!r}: sigma = |ln(hi/lo)| / spread = {self.sigma:.3g} would draw "
                             f"equal offsets; expected spread <= {abs(math.log(self.hi / self.lo)) / 1e-12:.3g} "
                             "(sigma >= 1e-12)")
        mu = math.log((self.lo + self.hi) / 2)
        if _overflows(mu, self.sigma):
            width = math.log(CONDUCTANCE_RANGE[1] / CONDUCTANCE_RANGE[0])
            if self.lo > 0 and math.log(self.hi) - math.log(self.lo) > width:  # lo's fault first (probe 16c C3)
                raise ValueError(f"RescaledLognormal.lo = {self.lo:.4g} S: more than {math.exp(width):.0e} times "
                                 f"below RescaledLognormal.hi = {self.hi:.4g} S, wider than the physical range "
                                 f"{range_text()}: at no gain K do both start inside it; expected "
                                 f"RescaledLognormal.lo >= {self.hi * math.exp(-width):.3g} S")
            # |ln(hi/lo)| Z / (ln max - mu), not spread sigma / (...): sigma = inf at spread = 5e-324
            least = abs(math.log(self.hi / (self.lo if self.lo > 0 else self.hi * 1e-3))) / ((_LOG_MAX - mu) / _Z_MAX)
            raise ValueError(f"spread = {self.spread!r}: sigma = |ln(hi/lo)| / spread = {self.sigma:.4g} would "
                             f"draw infinite offsets; expected spread > {least:.3g}")

    @property
    def sigma(self):
        """Log-space standard deviation of the draws before rescaling."""
        lo = self.lo if self.lo > 0 else self.hi * 1e-3
        return abs(math.log(self.hi / lo)) / self.spread

    def sample(self, seed, trials, shape):
        trials, shape, size = _request(trials, shape, 2)
        z = _random.standard_normal(seed, trials, size)
        mu = math.log((self.lo + self.hi) / 2)
        return _by_blocks(z, lambda rows: _rescale(np.exp(mu + self.sigma * rows), self.lo, self.hi)
                          ).reshape((-1, *shape))


@dataclass(frozen=True)
class RescaledExponential(OffsetDistribution):
    """N·2M draws r ~ Exp(1), rescaled per crossbar onto [lo, hi] like the reference."""

    lo: float = 1e-8  # smallest offset of a crossbar, S
    hi: float = 1e-7  # largest offset of a crossbar, S

    kind = "rescaled-exponential"

    def __post_init__(self):
        _numbers(self, "lo", "hi")
        _check_range(self.lo, self.hi)

    def sample(self, seed, trials, shape):
        trials, shape, size = _request(trials, shape, 2)
        u = _random.uniform(seed, trials, size)
        return _by_blocks(u, lambda rows: _rescale(-np.log(rows), self.lo, self.hi)).reshape((-1, *shape))


@dataclass(frozen=True)
class Lognormal(OffsetDistribution):
    """Unscaled lognormal offsets: s = median · exp(sigma · z), z ~ N(0, 1).

    What is held to the physical range is what it draws: :meth:`sample` refuses a draw above 1 S,
    naming the trial, the draw, the median and sigma. A device draws above 1 S with the chance
    P(z > ln(1 S / median) / sigma): 4e-16 at median 1e-7 S and sigma 2, 4e-9 at 3e-8 S and 3.
    Where that chance is more than :data:`LOGNORMAL_TAIL` (one device in a million: sigma >
    ln(1 S / median) / 4.75), the distribution is refused when made, so that a study or a command
    stops before it starts rather than at its first unphysical draw; the bound it replaces (every
    possible draw, median x exp(8.7 sigma), within 1 S) refused sigma 2 at median 1e-7 S.
    """

    median: float = 3e-8  # median offset, S
    sigma: float = 0.5  # standard deviation of ln(s)

    kind = "lognormal"

    def __post_init__(self):
        _numbers(self, "median", "sigma")
        if not (math.isfinite(self.median) and self.median > 0):
            raise ValueError(f"median must be > 0 siemens, got {self.median!r}")
        if not (math.isfinite(self.sigma) and self.sigma >= 0):
            raise ValueError(f"sigma must be >= 0, got {self.sigma!r}")
        if self.median > 1:
            raise ValueError(f"median must be <= 1 siemens, got {self.median!r}")
        top = math.log(CONDUCTANCE_RANGE[1])
        bound = (top - math.log(self.median)) / LOGNORMAL_Z  # sigma = 20 drew offsets of 1e24 S, returned as offsets
        if self.sigma > 0 and not self.sigma < bound:
            chance = 0.5 * math.erfc(bound * LOGNORMAL_Z / self.sigma / math.sqrt(2))
            raise ValueError(f"sigma = {self.sigma!r}: lognormal draws around median {self.median!r} S exceed "
                             f"{CONDUCTANCE_RANGE[1]:g} S, outside the physical range {range_text()}, for "
                             f"{chance:.2g} of the devices (more than {LOGNORMAL_TAIL:g}); expected " +
                             (f"sigma < {bound:.4g}" if bound > 0 else "sigma = 0 at a median of 1 S"))

    def sample(self, seed, trials, shape):
        trials, shape, size = _request(trials, shape)
        z = _random.standard_normal(seed, trials, size)
        with np.errstate(over="ignore", under="ignore"):  # sigma = 1e300: inf and 0 draws, refused below
            s = self.median * np.exp(self.sigma * z)
        top = CONDUCTANCE_RANGE[1]
        bad = ~((s > 0) & (s <= top))  # sigma = 20 drew offsets of 1e24 S, returned as offsets
        if bad.any():
            k, j = (int(i) for i in np.argwhere(bad)[0])
            why = (f"above {top:g} S, the physical range's top; expected a smaller sigma or median" if s[k, j] > 0 else
                   "which no lognormal draws (exp underflows); expected a smaller sigma")
            raise ValueError(f"sigma = {self.sigma!r}: trial {int(trials[k])} drew an offset of {s[k, j]:.4g} S around "
                             f"median {self.median!r} S (median x exp(z sigma), z = {float(z[k, j]):.3g}), {why}")
        return s.reshape((-1, *shape))


@dataclass(frozen=True)
class NoOffsets(OffsetDistribution):
    """Identical devices: every offset is `level` (default 0), S.

    An offset s takes the place of the curve's g(0) (G = K (g(m) - g(0) + s)), so
    ``NoOffsets(level=device.conductance[0])`` makes every device the measured one, G = K g(m):
    what ``--offsets none`` trains. With the default level 0 every device starts at G = 0 S,
    outside the physical range, and training refuses it.
    """

    level: float = 0.0  # every device's offset, S

    kind = "none"

    def __post_init__(self):
        _numbers(self, "level")
        if not 0 <= self.level <= 1:
            raise ValueError(f"NoOffsets.level = {self.level!r}: expected an offset from 0 to 1 S")

    def sample(self, seed, trials, shape):
        trials, shape, _ = _request(trials, shape)
        _random.stream_key(seed)  # the seed checked as the drawing distributions check it (None was taken)
        return np.full((trials.size, *shape), float(self.level))

    def describe(self):
        # level 0 is described as before it existed, so such a study keeps its id
        return {"kind": self.kind, **({"level": self.level} if self.level else {})}


@dataclass(frozen=True, eq=False)
class FixedOffsets(OffsetDistribution):
    """A given offset matrix (rows = inputs, columns G+_1 G-_1 G+_2 ...), S, for every trial."""

    matrix: np.ndarray

    kind = "fixed"

    def __post_init__(self):
        # complex, boolean and text values refused, not cast: numpy dropped an imaginary part with a warning
        m = real_array(self.matrix, "FixedOffsets.matrix", "an (N, C) matrix of offsets in siemens")
        if m.ndim != 2 or not np.all(np.isfinite(m)):
            raise ValueError(f"offset matrix must be a finite 2-D array, got shape {m.shape}")
        m.setflags(write=False)
        object.__setattr__(self, "matrix", m)

    def sample(self, seed, trials, shape):
        trials, shape, _ = _request(trials, shape)
        _random.stream_key(seed)  # the seed checked as the drawing distributions check it (None was taken)
        if shape != self.matrix.shape:
            raise ValueError(
                f"offset matrix has shape {self.matrix.shape}, the crossbar needs {tuple(shape)}"
            )
        return np.broadcast_to(self.matrix, (trials.size, *shape)).copy()

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
    spec = dict(instance(spec, dict, "spec", "a dict of OffsetDistribution.describe()"))
    kind = spec.pop("kind", None)
    kind = word(kind, "spec['kind']", _KINDS, f"unknown offset distribution {{}}; expected one of {sorted(_KINDS)}")
    fields = set(_KINDS[kind].__dataclass_fields__)
    unknown = sorted(set(spec) - fields, key=str)
    if unknown:
        raise ValueError(f"spec: {kind} has no field {unknown[0]!r}; expected some of {sorted(fields)}")
    return _KINDS[kind](**spec)
