"""A device's conductance-vs-pulse curves: the device model the engine trains.

The reference model of the original tool is one measured potentiation curve g(m), the
conductance after m potentiating pulses, saturating at its last point. A two-way device also
has a depression branch d(k), the conductance after k depressing pulses from the top of the
potentiation branch (``d[0]`` is where the depressing train of the measurement started).

How a device moves between branches: it continues on the other branch from the point of equal
conductance. Each branch is read through its running extreme (the running maximum of the
potentiation branch, the running minimum of the depression branch, so that a noisy measured
curve still has one such point): a device at conductance c that is pulsed the other way
continues from the first position on the other branch whose running extreme reaches c,
interpolating linearly between measured points (the first point if c lies beyond the branch's
start, the last if beyond its end). ``tests/test_device_models.py`` holds the engine to this.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ..numbers import index_array, real_array
from .checks import CONDUCTANCE_RANGE, CYCLE_LEVEL_FACTOR, direction_problem

__all__ = ["DeviceCurve", "register_pulse_model"]

# The general device model that DeviceCurve.apply runs. It lives in crossbar.training (with the
# engine's random streams, which this layer cannot import); that layer registers it on import,
# which `import crossbar` does.
_PULSE_MODEL = []


def register_pulse_model(function):
    """Make `function(device, pulses, **options)` what :meth:`DeviceCurve.apply` runs."""
    _PULSE_MODEL[:] = [function]


def _branch(values, what, rising):
    g = real_array(values, what, "a 1-D array of conductances in siemens")
    if g.ndim != 1 or g.size < 2:
        raise ValueError(f"{what} must be a 1-D curve of at least 2 points, got shape {g.shape}")
    low, high = CONDUCTANCE_RANGE
    if not np.all(np.isfinite(g)) or np.any(g < low) or np.any(g > high):
        k = int(np.argmax(~(np.isfinite(g) & (g >= low) & (g <= high))))
        raise ValueError(f"{what}[{k}] = {float(g[k])!r}: expected a conductance in the physical range "
                         f"{low:g} ... {high:g} S")
    problem = direction_problem(g, rising)
    if problem is not None:
        raise ValueError(f"{what}: {problem}")
    g.setflags(write=False)
    return g


def _cycles(values, what, branch, rising):
    """The cycles (n, L_max) a branch was made of: conductances in range, NaN only past each cycle's
    end, as long as the branch, at its level (the cycles a median curve was taken of) and each going
    the branch's way (`rising`), as a device file's cycles are checked one by one."""
    if values is None:
        return None
    m = real_array(values, what, "an (n, L) array of cycles' conductances in siemens (NaN past a cycle's end)")
    if m.ndim != 2 or m.shape[0] < 1:
        raise ValueError(f"{what} must be an (n, L) array of cycles, got shape {m.shape}")
    if m.shape[1] < branch.size:
        raise ValueError(f"{what} has cycles of at most {m.shape[1]} points, and the curve made of them has "
                         f"{branch.size}: expected the cycles the curve was taken of")
    known = ~np.isnan(m)
    low, high = CONDUCTANCE_RANGE
    bad = known & ~((m >= low) & (m <= high))
    if bad.any():
        k, i = map(int, np.argwhere(bad)[0])
        raise ValueError(f"{what}[{k}, {i}] = {float(m[k, i])!r}: expected a conductance in the physical range "
                         f"{low:g} ... {high:g} S (NaN past a cycle's end)")
    if np.any(np.diff(known.astype(np.int8), axis=1) > 0) or not known[:, :2].all():
        k = int(np.argmax(np.any(np.diff(known.astype(np.int8), axis=1) > 0, axis=1) | ~known[:, :2].all(axis=1)))
        raise ValueError(f"{what}[{k}]: expected at least 2 points and NaN only past the cycle's end")
    level = float(np.median([np.median(row[~np.isnan(row)]) for row in m]))
    ratio = max(level / np.median(branch), np.median(branch) / level)
    if ratio > CYCLE_LEVEL_FACTOR:
        raise ValueError(f"{what}: the cycles' median conductance {level:.4g} S is {ratio:.3g} times the curve's "
                         f"{float(np.median(branch)):.4g} S: expected the cycles the curve was taken of")
    for k, row in enumerate(m):
        problem = direction_problem(row[~np.isnan(row)], rising)
        if problem is not None:
            raise ValueError(f"{what}[{k}]: the cycle {problem}")
    m.setflags(write=False)
    return m


def _text(value, what):
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, got {type(value).__name__}")
    return value


@dataclass(frozen=True, eq=False)
class DeviceCurve:
    """Conductance of one device after m potentiating pulses, and optionally after k depressing ones.

    Attributes
    ----------
    conductance : ndarray, shape (L,)
        g(m) in siemens for m = 0 ... L-1 (read-only): the potentiation branch.
    depression : ndarray, shape (L_d,), or None
        d(k) in siemens for k = 0 ... L_d-1 after k depressing pulses from the top of the
        potentiation branch; None for a device that is only potentiated (the reference model).
    name : str
        Short name, by default the file stem.
    source : str
        Where the curve came from (a path, or ``preset:<name>``).
    metadata : dict
        What the file's header says, in SI units where the header gave units
        (``pulse_voltage`` V, ``pulse_width`` s, ``read_voltage`` V,
        ``temperature`` K, ...), plus any other header fields as text; for a law, its
        parameters and provenance.
    sha256 : str
        Hash of the file content (and of the options that made the curve of it: a chosen
        cycle, a read voltage, a depression file), to tie results to the exact data; for a
        curve made in memory, of its values.
    cycles : ndarray (n, L_max) or None
        The potentiation branch of each measured cycle, S, NaN past a cycle's end, when the
        file held several (the curve is then their per-pulse median, or one of them).
    depression_cycles : ndarray (n, L_d max) or None
        Likewise for the depression branch.

    A potentiation branch must rise (its maximum above g(0), and its last quarter above its
    first), a depression branch must fall; every conductance lies in 1e-15 ... 1 S.
    """

    conductance: np.ndarray
    name: str = "device"
    source: str = ""
    metadata: dict = field(default_factory=dict)
    sha256: str = ""
    depression: np.ndarray | None = None
    cycles: np.ndarray | None = None
    depression_cycles: np.ndarray | None = None

    def __post_init__(self):
        for what in ("name", "source", "sha256"):
            _text(getattr(self, what), what)
        if not isinstance(self.metadata, Mapping):
            raise TypeError(f"metadata must be a dict, got {type(self.metadata).__name__}")
        object.__setattr__(self, "conductance", _branch(self.conductance, "conductance", rising=True))
        g = self.conductance
        if self.depression is not None:
            d = _branch(self.depression, "depression", rising=False)
            window = g.max() - g[0]
            if not abs(d[0] - g.max()) <= window:  # a depressing train starts near the top of the potentiating one
                raise ValueError(f"depression starts at {d[0]:.4g} S, more than a window ({window:.3g} S) from the top "
                                 f"of the potentiation branch ({g.max():.4g} S): are both in siemens?")
            object.__setattr__(self, "depression", d)
        object.__setattr__(self, "cycles", _cycles(self.cycles, "cycles", g, rising=True))
        if self.depression_cycles is not None and self.depression is None:
            raise ValueError("depression_cycles given without a depression branch")
        object.__setattr__(self, "depression_cycles", _cycles(self.depression_cycles, "depression_cycles",
                                                              self.depression, rising=False))
        if not self.sha256:
            content = self.conductance.tobytes() + (b"" if self.depression is None else b"|" + self.depression.tobytes())
            object.__setattr__(self, "sha256", hashlib.sha256(content).hexdigest())

    @property
    def length(self) -> int:
        """Number of points L of the potentiation branch (pulses 0 ... L-1)."""
        return self.conductance.size

    @property
    def two_way(self) -> bool:
        """Whether the device has a depression branch."""
        return self.depression is not None

    @property
    def window(self) -> float:
        """Usable conductance window max_m g(m) - g(0) of the potentiation branch, siemens."""
        return float(self.conductance.max() - self.conductance[0])

    @property
    def low(self) -> float:
        """Lowest conductance on any branch, siemens."""
        low = self.conductance.min()
        return float(low if self.depression is None else min(low, self.depression.min()))

    @property
    def high(self) -> float:
        """Highest conductance on any branch, siemens."""
        high = self.conductance.max()
        return float(high if self.depression is None else max(high, self.depression.max()))

    def at(self, pulse_count):
        """g(min(m, L-1)): conductance after `pulse_count` pulses (a whole number >= 0, or an array of
        them), saturating at the end."""
        m = index_array(pulse_count, "pulse_count", high=np.iinfo(np.int64).max, shaped=True)
        return self.conductance[np.minimum(m, self.length - 1)]

    def apply(self, pulses, *, nonideal=None, seed=0, trials=None):
        """Apply a pulse sequence and return the conductance trajectory: see
        :func:`crossbar.training.pulses.apply_pulses` (the same model and random streams as the
        engine). `pulses` (T,) or (T, D): > 0 potentiates, < 0 depresses, 0 nothing."""
        if not _PULSE_MODEL:
            raise RuntimeError("DeviceCurve.apply needs crossbar.training: import crossbar first")
        options = {} if nonideal is None else {"nonideal": nonideal}
        return _PULSE_MODEL[0](self, pulses, seed=seed, trials=trials, **options)

    def normalised(self):
        """(g(m) - g(0)) / (max g - g(0)): the curve on a 0-to-1 scale."""
        g = self.conductance
        return (g - g[0]) / (g.max() - g[0])

    def describe(self) -> dict:
        """Name, content hash, where it came from and its size: what a study's manifest records."""
        out = {
            "name": self.name, "sha256": self.sha256, "source": self.source, "points": self.length,
            "depression_points": 0 if self.depression is None else int(self.depression.size),
            "window": self.window, "g0": float(self.conductance[0]),
        }
        if self.cycles is not None:
            out["cycles"] = int(self.cycles.shape[0])
        if self.metadata.get("load_options"):
            out["options"] = dict(self.metadata["load_options"])
        return out

    def __repr__(self):
        g = self.conductance
        down = "" if self.depression is None else f", depression L={self.depression.size}"
        return (
            f"DeviceCurve(name={self.name!r}, L={g.size}, "
            f"g(0)={g[0]:.4g} S, max={g.max():.4g} S, window={self.window:.3g} S{down})"
        )
