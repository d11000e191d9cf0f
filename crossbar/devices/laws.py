"""A smooth saturating law for a device curve, fitted by least squares.

g(m) = g0 + window · (1 - exp(-(m / tau)^stretch))      (stretched exponential)

A 50-pulse curve with pulse-to-pulse noise cannot tell this law from a
logarithmic one, g0 + a ln(1 + m / m0), to within its noise; the stretched
exponential is chosen because it saturates at a finite window, as the
device does, while a logarithm grows without bound.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from scipy.optimize import curve_fit

__all__ = [
    "SaturatingFit", "fit_saturating", "stretched_exponential",
    "LogarithmicFit", "fit_logarithmic", "logarithmic",
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
