"""Device-to-device variation: the conductance offset s_jc of each device.

Every distribution is a frozen dataclass with a ``sample(seed, trials,
shape)`` method returning an array of shape ``(B, *shape)`` in siemens, one
row per trial, drawn from that trial's own counter-based stream
(:mod:`crossbar.random`), so trial k's offsets do not depend on which other
trials are drawn beside it.
"""

from __future__ import annotations

import io
import math
import os
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist

import numpy as np

from .. import random as _random
from ..numbers import index_array, instance, integer, real, real_array
from ..resources import require_memory
from .checks import CONDUCTANCE_RANGE, range_text, read_capped, write_whole
from .columns import conductance_factor, note_unit_problem, written_unit

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


def _shape(shape, expected="a tuple of sizes >= 1, e.g. (N, C)", ndim=None):
    """`shape` as a tuple of Python ints >= 1 (`ndim` of them if given), or TypeError / ValueError naming it."""
    if isinstance(shape, (str, bytes)) or not isinstance(shape, (tuple, list, np.ndarray)):
        raise TypeError(f"shape: expected {expected}, got {type(shape).__name__}")
    dims = tuple(integer(n, f"shape[{k}]", expected) for k, n in enumerate(np.asarray(shape, dtype=object).ravel()))
    if not dims or min(dims) < 1 or (ndim is not None and len(dims) != ndim):
        raise ValueError(f"shape = {dims}: expected {expected}")
    return dims


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
            least = self.spread * self.sigma / ((_LOG_MAX - mu) / _Z_MAX)
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
    if not isinstance(kind, str) or kind not in _KINDS:
        raise ValueError(f"unknown offset distribution {kind!r}; expected one of {sorted(_KINDS)}")
    fields = set(_KINDS[kind].__dataclass_fields__)
    unknown = sorted(set(spec) - fields, key=str)
    if unknown:
        raise ValueError(f"spec: {kind} has no field {unknown[0]!r}; expected some of {sorted(fields)}")
    return _KINDS[kind](**spec)


def write_offsets(path, offsets):
    """Write an offset matrix (rows = inputs, columns G+1 G-1 G+2 G-2 ..., S) as CSV.

    Values are written with 17 significant digits, so reading the file back
    (``python -m crossbar train --shifts FILE``) gives the same doubles.
    Returns the path.
    """
    offsets = real_array(offsets, "offsets", "an (N, C) matrix of offsets in siemens")
    if offsets.ndim != 2 or not offsets.size:  # read_offset_matrix finds "no offset rows" in an empty one
        raise ValueError(f"offsets must be a matrix (N, C) of at least one offset, got shape {offsets.shape}")
    problem = _values_problem(offsets)  # what read_offset_matrix would refuse is not written
    if problem:
        raise ValueError(f"offsets: {problem}")
    header = ",".join(f"G{'+' if c % 2 == 0 else '-'}{c // 2 + 1}" for c in range(offsets.shape[1]))
    text = io.StringIO()
    np.savetxt(text, offsets, delimiter=",", fmt="%.17g", header=header, comments="")
    return write_whole(path, text.getvalue().encode("ascii"))


def _values_problem(matrix):
    """What is wrong with the values of an offset matrix (the reader's and the writer's one test), or None."""
    if not np.all(np.isfinite(matrix)):
        return "offsets must be finite numbers (siemens)"
    if np.any(np.abs(matrix) > 1.0):
        i, j = np.argwhere(np.abs(matrix) > 1.0)[0]
        return (f"offset {matrix[i, j]:.4g} S (row {i + 1}, column {j + 1}) is beyond 1 S in magnitude: not a "
                "physical device offset")
    return None


class OffsetFileError(ValueError):
    """An offset-matrix file that cannot be read; the message names the file and the line."""


def read_offset_matrix(path, shape):
    """An offset matrix (rows = inputs, columns G+_1 G-_1 G+_2 ..., S) from CSV or .npy.

    The counterpart of :func:`write_offsets`. CSV may have one header line of
    column names and ``#`` comment lines; where no header line comes before the
    first row, a ``#`` line just above it naming as many columns (what
    ``numpy.savetxt(header=...)`` writes) is the header. The header's units
    (``G+1 (uS)``) are read; one that names a unit for some columns and not
    the others, or a ``#`` note that names a unit over a header naming none,
    is refused.

    Parameters
    ----------
    path : str or Path
    shape : tuple (N, C)
        The shape the crossbar needs.

    Returns
    -------
    ndarray (N, C), siemens

    Raises
    ------
    OffsetFileError
        Missing, special (device, FIFO), oversized (over 64 MiB), binary or
        unreadable file, ragged rows, wrong shape, non-finite values or an
        offset beyond 1 S in magnitude.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file path (str or Path), got {type(path).__name__}")
    shape = _shape(shape, "the crossbar's (N, C), two sizes >= 1", 2)  # None was "not iterable" after the reading
    path = Path(path)
    raw = read_capped(path, lambda message: OffsetFileError(f"{path}: {message}"), what="offsets file")
    if path.suffix == ".npy":
        try:
            matrix = np.load(io.BytesIO(raw), allow_pickle=False)
        except Exception as exc:  # numpy raises several types for damaged files
            raise OffsetFileError(f"{path}: not a readable .npy array ({_one_line(exc)})") from None
        if not isinstance(matrix, np.ndarray) or matrix.dtype.kind not in "fiu":
            raise OffsetFileError(f"{path}: expected a numeric array of offsets in siemens")
        matrix = np.asarray(matrix, dtype=np.float64)
    else:
        rows = []
        first = True
        units = None  # the header's unit of each column, as factors to siemens, if it names one
        notes = []  # the '#' lines: (line, text after the '#')
        for number, line in enumerate(_offset_text(path, raw).splitlines(), start=1):
            if line.lstrip().startswith("#"):
                notes.append((number, line.strip()[1:]))
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = line.split(",")
            if len(fields) == 1 and all(_number(x) is not None for x in line.split()):
                fields = line.split()  # numpy.savetxt's default: numbers apart by spaces (or tabs)
            numbers_ = [_number(x) for x in fields]
            if any(v is None for v in numbers_):
                # A header is a line of column names, none of them a number; a line with some numbers
                # and a typo is a damaged first row, not a header to drop without a word.
                if first and all(v is None for v in numbers_):
                    first = False
                    units = _header_units(path, number, fields)
                    continue
                bad = next(x.strip() for x, v in zip(fields, numbers_) if v is None)
                raise OffsetFileError(f"{path}, line {number}: expected comma-separated numbers, found "
                                      f"{bad!r} in {line.strip()!r}")
            named = notes[-1][1].split(",") if first and notes else []
            if len(named) == len(numbers_) and all(_number(x) is None for x in named):  # '# G+1 (uS),G-1 (uS)'
                units = _header_units(path, notes.pop()[0], named)
            rows.append(numbers_)
            first = False
            if len(rows[-1]) != len(rows[0]):
                raise OffsetFileError(
                    f"{path}, line {number}: {len(rows[-1])} values, the first row has {len(rows[0])}")
        if not rows:
            raise OffsetFileError(f"{path}: no offset rows found")
        unread = None if units is not None else note_unit_problem(notes, symbol="G+1")  # '# offsets in uS'
        if unread is not None:
            raise OffsetFileError(f"{path}, line {unread[0]}: {unread[1]}")
        matrix = np.array(rows)
        if units is not None:
            if len(units[1]) != matrix.shape[1]:
                raise OffsetFileError(f"{path}, line {units[0]}: the header names {len(units[1])} columns and units, "
                                      f"the rows have {matrix.shape[1]} values; expected one name per column")
            matrix = matrix * np.array(units[1])
    if matrix.shape != shape:
        raise OffsetFileError(
            f"{path}: offsets have shape {matrix.shape}, expected {shape} "
            f"(rows = inputs, columns = G+/G- pairs of each neuron)"
        )
    problem = _values_problem(matrix)
    if problem:
        raise OffsetFileError(f"{path}: {problem}")
    return matrix


def _header_units(path, number, fields):
    """(line, factor to siemens of each column) of a header line that names a unit ('G+1 (uS)'), else None
    (the header was dropped unread, and offsets in uS were taken as siemens, 10^6 times too large); refused if
    it names a unit for some columns only ('G+1 (uS),G-1': G-1 was read in S, 0.08 S for 0.08 uS)."""
    try:
        factors = [conductance_factor(name) for name in fields]
    except ValueError as exc:
        raise OffsetFileError(f"{path}, line {number}: {exc}") from None
    if all(f is None for f in factors):
        return None
    bare = [name.strip() for name, f in zip(fields, factors) if f is None]  # read as siemens, the others not
    if bare:
        unit = next(written_unit(name) for name, f in zip(fields, factors) if f is not None)
        raise OffsetFileError(f"{path}, line {number}: the header names a unit for some columns and not for "
                              f"{', '.join(repr(n) for n in bare[:4])}{' ...' if len(bare) > 4 else ''}, which would "
                              f"be read in S while the others give {unit}; name every column's unit, e.g. "
                              f"'{bare[0]} ({unit})'")
    return number, factors


def _number(text):
    """The float a field of an offsets CSV holds, or None (float() would read '1_0e-8' as 1e-7: a data
    file means no such thing)."""
    if "_" in text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _offset_text(path, raw):
    """The text of a CSV offsets file, or OffsetFileError if it is not UTF-8 text."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise OffsetFileError(f"{path}: is UTF-16 text; save it as UTF-8 (or ASCII)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OffsetFileError(f"{path}: is not text (undecodable byte at offset {exc.start}); expected CSV "
                              "or a .npy file") from None
    if "\x00" in text:
        raise OffsetFileError(f"{path}: is not text (a NUL byte at offset {raw.index(0)}); expected CSV "
                              "or a .npy file")
    return text


def _one_line(exc):
    return " ".join(str(exc).split())
