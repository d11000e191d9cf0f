"""A measured conductance-vs-pulse curve: the device model of the original tool."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["DeviceCurve"]


@dataclass(frozen=True, eq=False)
class DeviceCurve:
    """Conductance of one device after m potentiating pulses.

    Attributes
    ----------
    conductance : ndarray, shape (L,)
        g(m) in siemens for m = 0 ... L-1 (read-only).
    name : str
        Short name, by default the file stem.
    source : str
        Where the curve came from (a path).
    metadata : dict
        What the file's header says, in SI units where the header gave units
        (``pulse_voltage`` V, ``pulse_width`` s, ``read_voltage`` V,
        ``temperature`` K, ...), plus any other header fields as text.
    sha256 : str
        Hash of the file content, to tie results to the exact data.
    """

    conductance: np.ndarray
    name: str = "device"
    source: str = ""
    metadata: dict = field(default_factory=dict)
    sha256: str = ""

    def __post_init__(self):
        g = np.array(self.conductance, dtype=np.float64)
        if g.ndim != 1 or g.size < 2:
            raise ValueError(
                f"conductance must be a 1-D curve of at least 2 points, got shape {g.shape}"
            )
        if not np.all(np.isfinite(g)) or np.any(g <= 0):
            raise ValueError("conductance must be finite and positive (siemens)")
        g.setflags(write=False)
        object.__setattr__(self, "conductance", g)

    @property
    def length(self) -> int:
        """Number of points L (pulses 0 ... L-1)."""
        return self.conductance.size

    @property
    def window(self) -> float:
        """Usable conductance window max_m g(m) - g(0), siemens."""
        return float(self.conductance.max() - self.conductance[0])

    def at(self, pulse_count):
        """g(min(m, L-1)): conductance after `pulse_count` pulses, saturating at the end."""
        m = np.minimum(np.asarray(pulse_count), self.length - 1)
        return self.conductance[m]

    def normalised(self):
        """(g(m) - g(0)) / (max g - g(0)): the curve on a 0-to-1 scale."""
        g = self.conductance
        return (g - g[0]) / (g.max() - g[0])

    def __repr__(self):
        g = self.conductance
        return (
            f"DeviceCurve(name={self.name!r}, L={g.size}, "
            f"g(0)={g[0]:.4g} S, max={g.max():.4g} S, window={self.window:.3g} S)"
        )
