"""Smooth laws for a device's conductance-vs-pulse branches, and their least-squares fits.

* stretched exponential (the embedded default device):
  g(m) = g0 + window (1 - exp(-(m / tau)^stretch));
* NeuroSim's LTP/LTD law (MLP+NeuroSim V3.0 user manual): with B = (G_max - G_min) /
  (1 - exp(-P_max / A)), potentiation G(P) = B (1 - exp(-P / A)) + G_min for P = 0 ... P_max,
  depression G = -B (1 - exp((P - P_max) / A)) + G_max, which after q = P_max - P depressing
  pulses from the top is G_max - B (1 - exp(-q / A));
* soft bounds (as in IBM aihwkit's SoftBounds device): each pulse moves the conductance a fixed
  fraction alpha of the way to the bound it is pushed towards, G <- G + alpha (G_max - G) up and
  G <- G - alpha (G - G_min) down, so G(m) = G_max - (G_max - G(0)) (1 - alpha)^m;
* the logarithm g0 + a ln(1 + m / m0), which does not saturate (for comparison).

A 50-pulse curve with pulse-to-pulse noise cannot tell these apart to within its noise; each
fit reports its residual noise, which is also the natural size of cycle-to-cycle noise for that
device (:class:`crossbar.devices.variation.Nonidealities`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from scipy.optimize import curve_fit

__all__ = [
    "SaturatingFit", "fit_saturating", "stretched_exponential",
    "LogarithmicFit", "fit_logarithmic", "logarithmic",
    "neurosim_potentiation", "neurosim_depression", "NeuroSimFit", "fit_neurosim", "nl_to_a",
    "soft_bounds_potentiation", "soft_bounds_depression", "SoftBoundsFit", "fit_soft_bounds",
]


def stretched_exponential(m, g0, window, tau, stretch):
    """g0 + window (1 - exp(-(m / tau)^stretch)), siemens."""
    m = np.asarray(m, dtype=np.float64)
    return g0 + window * (1.0 - np.exp(-np.power(m / tau, stretch)))


@dataclass(frozen=True)
class SaturatingFit:
    """Fitted parameters of :func:`stretched_exponential` and the residual noise."""

    g0: float  # conductance before the first pulse, S
    window: float  # conductance gained at saturation, S
    tau: float  # pulses to reach 1 - 1/e of the window
    stretch: float  # stretching exponent (1: plain exponential)
    noise: float  # standard deviation of the residuals (pulse-to-pulse noise), S
    points: int  # number of curve points fitted

    def __call__(self, m):
        """The fitted law at pulse counts m, S."""
        return stretched_exponential(m, self.g0, self.window, self.tau, self.stretch)

    def as_dict(self):
        return asdict(self)


def fit_saturating(conductance) -> SaturatingFit:
    """Least-squares fit of the stretched-exponential law to g(m), m = 0 ... L-1.

    Parameters
    ----------
    conductance : array_like (L,), siemens, L >= 5

    Returns
    -------
    SaturatingFit
        ``noise`` is the residual standard deviation with 4 fitted degrees of
        freedom removed.
    """
    g = np.asarray(conductance, dtype=np.float64)
    if g.ndim != 1 or g.size < 5:
        raise ValueError(f"need a 1-D curve of at least 5 points to fit 4 parameters, got shape {g.shape}")
    m = np.arange(g.size, dtype=np.float64)
    scale = g.max()
    # Fit in units of the curve's maximum so the parameters are of order 1.
    start = (g[0] / scale, (g.max() - g[0]) / scale, 3.0, 1.0)
    bounds = ([0.0, 0.0, 1e-3, 0.05], [np.inf, np.inf, 10.0 * g.size, 5.0])
    params, _ = curve_fit(stretched_exponential, m, g / scale, p0=start, bounds=bounds, maxfev=20000)
    g0, window, tau, stretch = params
    residual = g - stretched_exponential(m, g0 * scale, window * scale, tau, stretch)
    noise = float(np.sqrt(np.sum(residual**2) / (g.size - 4)))
    return SaturatingFit(float(g0 * scale), float(window * scale), float(tau), float(stretch), noise, int(g.size))


def logarithmic(m, g0, amplitude, m0):
    """g0 + amplitude ln(1 + m / m0), siemens: the non-saturating alternative law."""
    m = np.asarray(m, dtype=np.float64)
    return g0 + amplitude * np.log1p(m / m0)


@dataclass(frozen=True)
class LogarithmicFit:
    """Fitted parameters of :func:`logarithmic` and the residual noise."""

    g0: float  # conductance before the first pulse, S
    amplitude: float  # conductance gained per e-fold of (1 + m / m0), S
    m0: float  # pulse scale of the logarithm, pulses
    noise: float  # standard deviation of the residuals, S
    points: int  # number of curve points fitted

    def __call__(self, m):
        """The fitted law at pulse counts m, S."""
        return logarithmic(m, self.g0, self.amplitude, self.m0)

    def as_dict(self):
        return asdict(self)


def fit_logarithmic(conductance) -> LogarithmicFit:
    """Least-squares fit of g0 + a ln(1 + m / m0) to g(m), m = 0 ... L-1.

    Parameters
    ----------
    conductance : array_like (L,), siemens, L >= 4

    Returns
    -------
    LogarithmicFit
        ``noise`` is the residual standard deviation with 3 fitted degrees of
        freedom removed, comparable with :attr:`SaturatingFit.noise`.
    """
    g = np.asarray(conductance, dtype=np.float64)
    if g.ndim != 1 or g.size < 4:
        raise ValueError(f"need a 1-D curve of at least 4 points to fit 3 parameters, got shape {g.shape}")
    m = np.arange(g.size, dtype=np.float64)
    scale = g.max()
    start = (g[0] / scale, (g.max() - g[0]) / scale / np.log1p(g.size), 1.0)
    bounds = ([0.0, 0.0, 1e-3], [np.inf, np.inf, 10.0 * g.size])
    params, _ = curve_fit(logarithmic, m, g / scale, p0=start, bounds=bounds, maxfev=20000)
    g0, amplitude, m0 = params
    residual = g - logarithmic(m, g0 * scale, amplitude * scale, m0)
    noise = float(np.sqrt(np.sum(residual**2) / (g.size - 3)))
    return LogarithmicFit(float(g0 * scale), float(amplitude * scale), float(m0), noise, int(g.size))


# --------------------------------------------------------------------------- NeuroSim's law

def neurosim_potentiation(p, g_min, g_max, p_max, a):
    """G(P) = B (1 - exp(-P / A)) + G_min, B = (G_max - G_min) / (1 - exp(-P_max / A)), siemens.

    Reaches G_max at P = p_max; `a` (pulses) sets the nonlinearity (large: nearly linear).
    """
    p = np.asarray(p, dtype=np.float64)
    b = (g_max - g_min) / -np.expm1(-p_max / a)
    return b * -np.expm1(-p / a) + g_min


def neurosim_depression(q, g_min, g_max, p_max, a):
    """G after q depressing pulses from G_max: G_max - B (1 - exp(-q / A)), reaching G_min at q = p_max."""
    q = np.asarray(q, dtype=np.float64)
    b = (g_max - g_min) / -np.expm1(-p_max / a)
    return g_max - b * -np.expm1(-q / a)


# NeuroSim's published table of its nonlinearity label NL against the normalised A / P_max
# (MLP+NeuroSim V3.0, documents/Nonlinearity-NormA.htm), at the labels of its benchmark devices.
_NL_TABLE = np.array([
    (0.04, 31.5668), (0.10, 12.6258), (0.11, 11.4778), (0.5, 2.5199), (0.61, 2.0633), (0.63, 1.9973),
    (1.46, 0.8487), (1.75, 0.7021), (1.94, 0.6292), (2.4, 0.4992), (3.68, 0.3006), (4.88, 0.2003),
    (6.76, 0.1003),
])


def nl_to_a(nl):
    """A / P_max for NeuroSim's nonlinearity label |NL|: an approximation.

    Interpolated log-log between points of NeuroSim's published NL -> normalised-A table (exact
    at the table's labels used by the presets, within about 1 % between them); the sign of the
    label (NeuroSim writes LTD labels negative) is not used. Valid for 0.04 <= |NL| <= 6.76.
    """
    nl = abs(float(nl))
    x, y = np.log(_NL_TABLE[:, 0]), np.log(_NL_TABLE[:, 1])
    if not _NL_TABLE[0, 0] <= nl <= _NL_TABLE[-1, 0]:
        raise ValueError(f"nonlinearity label {nl!r}: expected 0.04 <= |NL| <= 6.76, the range of the table used")
    return float(np.exp(np.interp(np.log(nl), x, y)))


@dataclass(frozen=True)
class NeuroSimFit:
    """Fitted parameters of :func:`neurosim_potentiation` (or depression) and the residual noise."""

    g_min: float  # S
    g_max: float  # S
    p_max: float  # pulses spanning the range (the branch's last point)
    a: float  # nonlinearity parameter A, pulses
    noise: float  # standard deviation of the residuals, S
    points: int

    def __call__(self, p):
        return neurosim_potentiation(p, self.g_min, self.g_max, self.p_max, self.a)

    def as_dict(self):
        return asdict(self)


def fit_neurosim(conductance, depression=False) -> NeuroSimFit:
    """Least-squares fit of NeuroSim's law to a branch g(k), k = 0 ... L-1, with P_max = L - 1.

    ``depression=True`` fits a depression branch (decreasing from G_max); 3 parameters.
    """
    g = np.asarray(conductance, dtype=np.float64)
    if g.ndim != 1 or g.size < 4:
        raise ValueError(f"need a 1-D branch of at least 4 points to fit 3 parameters, got shape {g.shape}")
    k = np.arange(g.size, dtype=np.float64)
    p_max = float(g.size - 1)
    scale = g.max()
    law = neurosim_depression if depression else neurosim_potentiation

    def model(k, lo, hi, a):
        return law(k, lo, hi, p_max, a)

    start = (g.min() / scale, g.max() / scale, p_max / 3)
    bounds = ([0.0, 0.0, 1e-3], [np.inf, np.inf, 1e4 * p_max])
    params, _ = curve_fit(model, k, g / scale, p0=start, bounds=bounds, maxfev=20000)
    lo, hi, a = params
    residual = g - law(k, lo * scale, hi * scale, p_max, a)
    noise = float(np.sqrt(np.sum(residual**2) / (g.size - 3)))
    return NeuroSimFit(float(lo * scale), float(hi * scale), p_max, float(a), noise, int(g.size))


# --------------------------------------------------------------------------- soft bounds

def soft_bounds_potentiation(m, g_start, g_max, alpha):
    """G(m) = G_max - (G_max - G(0)) (1 - alpha)^m: each pulse closes alpha of the gap to G_max, S."""
    m = np.asarray(m, dtype=np.float64)
    return g_max - (g_max - g_start) * np.power(1.0 - alpha, m)


def soft_bounds_depression(k, g_start, g_min, alpha):
    """G(k) = G_min + (G(0) - G_min) (1 - alpha)^k: each pulse closes alpha of the gap to G_min, S."""
    k = np.asarray(k, dtype=np.float64)
    return g_min + (g_start - g_min) * np.power(1.0 - alpha, k)


@dataclass(frozen=True)
class SoftBoundsFit:
    """Fitted parameters of a soft-bounds branch and the residual noise."""

    g_start: float  # conductance before the first pulse of the branch, S
    g_bound: float  # the bound approached (G_max up, G_min down), S
    alpha: float  # fraction of the gap closed per pulse
    noise: float  # standard deviation of the residuals, S
    points: int
    depression: bool = False

    def __call__(self, m):
        law = soft_bounds_depression if self.depression else soft_bounds_potentiation
        return law(m, self.g_start, self.g_bound, self.alpha)

    def as_dict(self):
        return asdict(self)


def fit_soft_bounds(conductance, depression=False) -> SoftBoundsFit:
    """Least-squares fit of the soft-bounds law to a branch g(k), k = 0 ... L-1; 3 parameters."""
    g = np.asarray(conductance, dtype=np.float64)
    if g.ndim != 1 or g.size < 4:
        raise ValueError(f"need a 1-D branch of at least 4 points to fit 3 parameters, got shape {g.shape}")
    k = np.arange(g.size, dtype=np.float64)
    scale = g.max()
    law = soft_bounds_depression if depression else soft_bounds_potentiation
    bound = g.min() if depression else g.max()
    start = (g[0] / scale, bound / scale, 0.2)
    bounds = ([0.0, 0.0, 1e-6], [np.inf, np.inf, 1.0])
    params, _ = curve_fit(law, k, g / scale, p0=start, bounds=bounds, maxfev=20000)
    g0, gb, alpha = params
    residual = g - law(k, g0 * scale, gb * scale, alpha)
    noise = float(np.sqrt(np.sum(residual**2) / (g.size - 3)))
    return SoftBoundsFit(float(g0 * scale), float(gb * scale), float(alpha), noise, int(g.size), bool(depression))
