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
* the logarithm g0 + a ln(1 + m / m0), which does not saturate (for comparison);
* a power law g0 + a (m / m_max)^gamma, which saturates (gamma < 1) or accelerates (gamma > 1):
  the one law here that fits a potentiation that speeds up, as filamentary ReRAM often does.

A 50-pulse curve with pulse-to-pulse noise cannot tell the saturating laws apart to within its
noise; each fit reports its residual noise (the curve's misfit to the law: read noise, step
noise and the law's own error together) and ``at_bound``, the parameters that ended at a bound
of the fit. A parameter at its bound means the law cannot follow the curve (a saturating law on
an accelerating curve puts its time constant at the upper bound): the fit warns
(:class:`LawFitWarning`) and its ``summary()`` says so.

This module is long because each law keeps its parts side by side: the law as a caller gets it (its
parameters and its result checked by one shared check, :func:`_law`), the same law unchecked (what its fit
calls, in units of the curve's maximum, where a check of conductances in siemens would not hold), its
fitted-parameter record and its fit.
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass, fields

import numpy as np

from ..numbers import flag, real, real_array, shown
from .checks import direction_problem, outside_range, range_text

__all__ = [
    "LawFitWarning", "SaturatingFit", "fit_saturating", "stretched_exponential",
    "LogarithmicFit", "fit_logarithmic", "logarithmic",
    "neurosim_potentiation", "neurosim_depression", "NeuroSimFit", "fit_neurosim", "nl_to_a", "nl_label",
    "soft_bounds_potentiation", "soft_bounds_depression", "SoftBoundsFit", "fit_soft_bounds",
    "power_law", "PowerLawFit", "fit_power_law",
]


def curve_fit(*args, **kwargs):
    """scipy.optimize.curve_fit, imported on the first fit: importing scipy.optimize takes half a
    second, a third of ``import crossbar``, and most sessions fit no law."""
    from scipy.optimize import curve_fit as fit

    return fit(*args, **kwargs)


class LawFitWarning(UserWarning):
    """A fitted parameter ended at a bound of the fit: the law may not suit the curve."""


class _Fit:
    """What every fit shares: its parameters as a dict, and a one-line summary that names a
    parameter at its bound."""

    law = "law"
    _units = {}

    def as_dict(self):
        return asdict(self)

    def summary(self):
        names = [f.name for f in fields(self) if f.name not in ("noise", "points", "at_bound", "depression")]
        values = ", ".join(f"{n} = {getattr(self, n):.4g}{self._units.get(n, '')}" for n in names)
        line = f"{self.law}: {values}; residual noise {self.noise:.3g} S over {self.points} points"
        line += self._extra()
        if self.at_bound:
            line += (f"; {', '.join(self.at_bound)} ended at a bound of the fit: the law does not follow this "
                     "curve")
        return line

    def _extra(self):
        return ""

    @staticmethod
    def _pulses(m, name="m"):
        return _pulses(m, name)


def _pulses(m, name="m"):
    """`m` as float64 pulse counts >= 0 (any real: the law is smooth), or an error naming it, as
    DeviceCurve.at refuses a negative count: a law before its first pulse is not defined."""
    m = real_array(m, name, "pulse counts >= 0")
    bad = ~(np.isfinite(m) & (m >= 0))
    if bad.any():
        raise ValueError(f"{name}: expected finite pulse counts >= 0, got {float(m[bad].flat[0])!r}")
    return m


#: What a law's parameter may be, by kind: a conductance or an amplitude any finite number (the result is
#: checked), a scale of pulses or an exponent > 0 (0 divides by zero, < 0 grows without bound), alpha a fraction.
_PARAMETER_KINDS = {"finite": ("a finite number, S", None), "positive": ("a finite number > 0", 0.0),
                    "fraction": ("a fraction 0 < alpha <= 1 of the gap closed per pulse", 0.0)}


def _law(law, name_m, m, **parameters):
    """`law` (a private law of this module) at pulse counts `m` with its `parameters` (name: (value, kind)),
    checked as the public law functions share it: counts finite and >= 0, every parameter a finite number of
    its kind, and the result within the physical range. Without the checks tau = 0 or a = 0 gave NaN, inf or a
    ZeroDivisionError with RuntimeWarnings, and alpha < 0 conductances of -9 S, all returned as conductances."""
    m = _pulses(m, name_m)
    values = []
    for name, (value, kind) in parameters.items():
        expected, low = _PARAMETER_KINDS[kind]
        value = real(value, name, expected)
        if (low is not None and not value > low) or (kind == "fraction" and not value <= 1):
            raise ValueError(f"{name} = {shown(value)}: expected {expected}")
        values.append(value)
    with np.errstate(all="ignore"):  # an overflow on the way (exp of a huge power) is judged by the result
        g = law(m, *values)
    bad = np.flatnonzero(outside_range(g))
    if bad.size:
        given = ", ".join(f"{n} = {shown(v)}" for n, v in zip(parameters, values))
        raise ValueError(f"{law.__name__.lstrip('_')} with {given} gives {float(g.flat[bad[0]])!r} S at {name_m} = "
                         f"{float(m.flat[bad[0]])!r}: expected conductances within the physical range {range_text()}")
    return g


def _curve(conductance, points, depression=None):
    """`conductance` as a 1-D float64 curve of at least `points` conductances in 1e-15 ... 1 S, or
    TypeError / ValueError naming it. A law with a branch kind (`depression` True or False) also
    needs the curve to go that way: NeuroSim's depression law fitted to a rise returns g_min > g_max."""
    g = real_array(conductance, "conductance", "an array of conductances, S")
    if g.ndim != 1 or g.size < points:
        raise ValueError(f"conductance: need a 1-D curve of at least {points} points to fit {points - 1} "
                         f"parameters, got shape {g.shape}")
    bad = np.flatnonzero(outside_range(g))  # the range a DeviceCurve holds: a fit of a 1e294 S curve is no device's
    if bad.size:
        raise ValueError(f"conductance[{bad[0]}] = {float(g[bad[0]])!r}: expected finite conductances > 0, S, "
                         f"within the physical range {range_text()}")
    if depression is not None:
        problem = direction_problem(g, rising=not flag(depression, "depression"))
        if problem:
            kind = "depression=True" if depression else "a potentiation branch (depression=False)"
            raise ValueError(f"conductance, {kind}: the curve {problem}")
    return g


def _noise(residual, scale, fitted):
    """Residual standard deviation with `fitted` degrees of freedom removed; where the squares
    overflow (a curve near 1e300), computed again in units of `scale`, the curve's largest value."""
    with np.errstate(over="ignore"):
        noise = float(np.sqrt(np.sum(residual**2) / (residual.size - fitted)))
    if np.isfinite(noise):
        return noise
    return float(scale * np.sqrt(np.sum((residual / scale) ** 2) / (residual.size - fitted)))


def _at_bounds(params, lower, upper, names, law):
    """The names of the parameters that ended at a finite bound; warns (LawFitWarning) if any did."""
    hit = tuple(n for p, lo, hi, n in zip(params, lower, upper, names)
                if (np.isfinite(lo) and abs(p - lo) <= 1e-6 * max(1.0, abs(lo)))
                or (np.isfinite(hi) and abs(p - hi) <= 1e-6 * max(1.0, abs(hi))))
    if hit:
        warnings.warn(f"{law} fit: {', '.join(hit)} ended at a bound of the fit; the law does not follow this "
                      "curve (try another law, e.g. the power law for a curve that accelerates)",
                      LawFitWarning, stacklevel=3)
    return hit


def stretched_exponential(m, g0, window, tau, stretch):
    """g0 + window (1 - exp(-(m / tau)^stretch)), siemens; pulse counts m >= 0, tau and stretch > 0."""
    return _law(_stretched_exponential, "m", m, g0=(g0, "finite"), window=(window, "finite"),
                tau=(tau, "positive"), stretch=(stretch, "positive"))


def _stretched_exponential(m, g0, window, tau, stretch):
    """The law unchecked, as the fit calls it (in units of the curve's maximum)."""
    m = np.asarray(m, dtype=np.float64)
    return g0 + window * (1.0 - np.exp(-np.power(m / tau, stretch)))


@dataclass(frozen=True)
class SaturatingFit(_Fit):
    """Fitted parameters of :func:`stretched_exponential` and the residual noise."""

    g0: float  # conductance before the first pulse, S
    window: float  # conductance gained at saturation, S
    tau: float  # pulses to reach 1 - 1/e of the window
    stretch: float  # stretching exponent (1: plain exponential)
    noise: float  # standard deviation of the residuals (pulse-to-pulse noise), S
    points: int  # number of curve points fitted
    at_bound: tuple = ()  # parameters that ended at a bound of the fit

    law = "stretched exponential"
    _units = {"g0": " S", "window": " S", "tau": " pulses"}

    def __call__(self, m):
        """The fitted law at pulse counts m, S."""
        return _stretched_exponential(self._pulses(m), self.g0, self.window, self.tau, self.stretch)


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
    g = _curve(conductance, 5)
    m = np.arange(g.size, dtype=np.float64)
    scale = g.max()
    # Fit in units of the curve's maximum so the parameters are of order 1.
    start = (g[0] / scale, (g.max() - g[0]) / scale, _start_tau(g), 1.0)
    bounds = ([0.0, 0.0, 1e-3, 0.05], [np.inf, np.inf, 10.0 * g.size, 5.0])
    params, _ = curve_fit(_stretched_exponential, m, g / scale, p0=start, bounds=bounds, maxfev=20000)
    g0, window, tau, stretch = params
    residual = g - _stretched_exponential(m, g0 * scale, window * scale, tau, stretch)
    noise = _noise(residual, scale, 4)
    hit = _at_bounds(params, *bounds, ("g0", "window", "tau", "stretch"), SaturatingFit.law)
    return SaturatingFit(float(g0 * scale), float(window * scale), float(tau), float(stretch), noise, int(g.size),
                         hit)


#: Curves longer than this start the fit's tau where the curve has risen by 1 - 1/e of its window.
LONG_CURVE = 10_000


def _start_tau(g):
    """Where the fit of :func:`fit_saturating` starts tau: 3 pulses, as it always has for the curves of
    instruments (so their fits, and the noise calibrated from them, stay what they were), but for a
    curve longer than :data:`LONG_CURVE` the pulse where it has risen by 1 - 1/e of its window: from 3
    the fit took hundreds of evaluations to walk tau up (a 300,000-point curve: 652, 20 s; from there
    14, 0.2 s, to the same parameters within 5e-10)."""
    if g.size <= LONG_CURVE:
        return 3.0
    rise = g - g[0]
    return float(max(1, np.argmax(rise >= (1 - np.exp(-1)) * rise.max())))


def logarithmic(m, g0, amplitude, m0):
    """g0 + amplitude ln(1 + m / m0), siemens: the non-saturating alternative law; m >= 0, m0 > 0."""
    return _law(_logarithmic, "m", m, g0=(g0, "finite"), amplitude=(amplitude, "finite"), m0=(m0, "positive"))


def _logarithmic(m, g0, amplitude, m0):
    """The law unchecked, as the fit calls it."""
    m = np.asarray(m, dtype=np.float64)
    return g0 + amplitude * np.log1p(m / m0)


@dataclass(frozen=True)
class LogarithmicFit(_Fit):
    """Fitted parameters of :func:`logarithmic` and the residual noise."""

    g0: float  # conductance before the first pulse, S
    amplitude: float  # conductance gained per e-fold of (1 + m / m0), S
    m0: float  # pulse scale of the logarithm, pulses
    noise: float  # standard deviation of the residuals, S
    points: int  # number of curve points fitted
    at_bound: tuple = ()  # parameters that ended at a bound of the fit

    law = "logarithm"
    _units = {"g0": " S", "amplitude": " S", "m0": " pulses"}

    def __call__(self, m):
        """The fitted law at pulse counts m, S."""
        return _logarithmic(self._pulses(m), self.g0, self.amplitude, self.m0)


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
    g = _curve(conductance, 4)
    m = np.arange(g.size, dtype=np.float64)
    scale = g.max()
    start = (g[0] / scale, (g.max() - g[0]) / scale / np.log1p(g.size), 1.0)
    bounds = ([0.0, 0.0, 1e-3], [np.inf, np.inf, 10.0 * g.size])
    params, _ = curve_fit(_logarithmic, m, g / scale, p0=start, bounds=bounds, maxfev=20000)
    g0, amplitude, m0 = params
    residual = g - _logarithmic(m, g0 * scale, amplitude * scale, m0)
    noise = _noise(residual, scale, 3)
    hit = _at_bounds(params, *bounds, ("g0", "amplitude", "m0"), LogarithmicFit.law)
    return LogarithmicFit(float(g0 * scale), float(amplitude * scale), float(m0), noise, int(g.size), hit)


# --------------------------------------------------------------------------- NeuroSim's law

def neurosim_potentiation(p, g_min, g_max, p_max, a):
    """G(P) = B (1 - exp(-P / A)) + G_min, B = (G_max - G_min) / (1 - exp(-P_max / A)), siemens.

    Reaches G_max at P = p_max; `a` (pulses) sets the nonlinearity (large: nearly linear); p >= 0, p_max
    and a > 0.
    """
    return _law(_neurosim_potentiation, "p", p, g_min=(g_min, "finite"), g_max=(g_max, "finite"),
                p_max=(p_max, "positive"), a=(a, "positive"))


def _neurosim_potentiation(p, g_min, g_max, p_max, a):
    """The law unchecked, as the fit calls it."""
    p = np.asarray(p, dtype=np.float64)
    b = (g_max - g_min) / -np.expm1(-p_max / a)
    return b * -np.expm1(-p / a) + g_min


def neurosim_depression(q, g_min, g_max, p_max, a):
    """G after q depressing pulses from G_max: G_max - B (1 - exp(-q / A)), reaching G_min at q = p_max;
    q >= 0, p_max and a > 0."""
    return _law(_neurosim_depression, "q", q, g_min=(g_min, "finite"), g_max=(g_max, "finite"),
                p_max=(p_max, "positive"), a=(a, "positive"))


def _neurosim_depression(q, g_min, g_max, p_max, a):
    """The law unchecked, as the fit calls it."""
    q = np.asarray(q, dtype=np.float64)
    b = (g_max - g_min) / -np.expm1(-p_max / a)
    return g_max - b * -np.expm1(-q / a)


# NeuroSim's published table of its nonlinearity label NL against the normalised A / P_max
# (MLP+NeuroSim V3.0, documents/Nonlinearity-NormA.htm, which lists NL = 0.01 ... 9 in steps of
# 0.01): the labels of its benchmark devices, and points spread over the table's range.
_NL_TABLE = np.array([
    (0.01, 126.269), (0.02, 63.1343), (0.04, 31.5668), (0.10, 12.6258), (0.11, 11.4778), (0.5, 2.5199),
    (0.61, 2.0633), (0.63, 1.9973), (1.0, 1.2517), (1.46, 0.8487), (1.5, 0.8252), (1.75, 0.7021),
    (1.94, 0.6292), (2.4, 0.4992), (2.5, 0.477), (3.0, 0.3868), (3.68, 0.3006), (4.0, 0.2691),
    (4.5, 0.2274), (4.88, 0.2003), (5.5, 0.1622), (6.0, 0.1356), (6.76, 0.1003), (7.0, 0.0901),
    (7.5, 0.0705), (8.26, 0.0443), (8.5, 0.0369), (8.87, 0.0263), (9.0, 0.0228),
])


def nl_to_a(nl):
    """A / P_max for NeuroSim's nonlinearity label |NL|: an approximation.

    Interpolated log-log between points of NeuroSim's published NL -> normalised-A table (exact
    at the table's points, which include every label of the presets; within 1.5 % of the table
    between them); the sign of the label (NeuroSim writes LTD labels negative) is not used.
    Valid for 0.01 <= |NL| <= 9, the table's range.
    """
    nl = abs(float(real(nl, "nl", "NeuroSim's nonlinearity label, a number 0.01 <= |NL| <= 9")))
    x, y = np.log(_NL_TABLE[:, 0]), np.log(_NL_TABLE[:, 1])
    if not _NL_TABLE[0, 0] <= nl <= _NL_TABLE[-1, 0]:
        raise ValueError(f"nonlinearity label {nl!r}: expected 0.01 <= |NL| <= 9, the range of NeuroSim's table")
    return float(np.exp(np.interp(np.log(nl), x, y)))


def nl_label(a_norm):
    """NeuroSim's nonlinearity label |NL| of a normalised A / P_max: the inverse of :func:`nl_to_a`.

    A fitted :class:`NeuroSimFit` gives ``nl_label(fit.a / fit.p_max)``. Valid for A / P_max in
    0.0228 ... 126.3, the table's range (NL 9 ... 0.01); a more linear branch has a smaller label.
    """
    a = float(real(a_norm, "a_norm", "a normalised A / P_max, a number"))
    low, high = _NL_TABLE[-1, 1], _NL_TABLE[0, 1]
    if not low * (1 - 1e-12) <= a <= high * (1 + 1e-12):  # the table's ends, to rounding
        raise ValueError(f"A / P_max = {a!r}: expected {low:g} ... {high:g}, the range of NeuroSim's NL table "
                         f"({'more linear than NL 0.01' if a > high else 'more nonlinear than NL 9'})")
    x, y = np.log(_NL_TABLE[::-1, 1]), np.log(_NL_TABLE[::-1, 0])
    return float(np.exp(np.interp(np.log(min(max(a, low), high)), x, y)))


@dataclass(frozen=True)
class NeuroSimFit(_Fit):
    """Fitted parameters of :func:`neurosim_potentiation` (or depression) and the residual noise."""

    g_min: float  # S
    g_max: float  # S
    p_max: float  # pulses spanning the range (the branch's last point)
    a: float  # nonlinearity parameter A, pulses
    noise: float  # standard deviation of the residuals, S
    points: int
    at_bound: tuple = ()  # parameters that ended at a bound of the fit
    depression: bool = False

    law = "NeuroSim"
    _units = {"g_min": " S", "g_max": " S", "p_max": " pulses", "a": " pulses"}

    def __call__(self, p):
        law = _neurosim_depression if self.depression else _neurosim_potentiation
        return law(self._pulses(p, "p"), self.g_min, self.g_max, self.p_max, self.a)

    @property
    def nl(self):
        """NeuroSim's nonlinearity label of the fitted A (:func:`nl_label`), or NaN outside its table."""
        try:
            return nl_label(self.a / self.p_max)
        except ValueError:
            return float("nan")

    def _extra(self):
        return "" if np.isnan(self.nl) else f"; NeuroSim's label NL = {self.nl:.3g}"


def fit_neurosim(conductance, depression=False) -> NeuroSimFit:
    """Least-squares fit of NeuroSim's law to a branch g(k), k = 0 ... L-1, with P_max = L - 1.

    ``depression=True`` fits a depression branch (decreasing from G_max); 3 parameters.
    """
    g = _curve(conductance, 4, depression)
    k = np.arange(g.size, dtype=np.float64)
    p_max = float(g.size - 1)
    scale = g.max()
    law = _neurosim_depression if depression else _neurosim_potentiation

    def model(k, lo, hi, a):
        return law(k, lo, hi, p_max, a)

    start = (g.min() / scale, g.max() / scale, p_max / 3)
    bounds = ([0.0, 0.0, 1e-3], [np.inf, np.inf, 1e4 * p_max])
    params, _ = curve_fit(model, k, g / scale, p0=start, bounds=bounds, maxfev=20000)
    lo, hi, a = params
    residual = g - law(k, lo * scale, hi * scale, p_max, a)
    noise = _noise(residual, scale, 3)
    hit = _at_bounds(params, *bounds, ("g_min", "g_max", "a"), NeuroSimFit.law)
    return NeuroSimFit(float(lo * scale), float(hi * scale), p_max, float(a), noise, int(g.size), hit,
                       bool(depression))


# --------------------------------------------------------------------------- soft bounds

def soft_bounds_potentiation(m, g_start, g_max, alpha):
    """G(m) = G_max - (G_max - G(0)) (1 - alpha)^m: each pulse closes alpha of the gap to G_max, S; m >= 0,
    0 < alpha <= 1."""
    return _law(_soft_bounds_potentiation, "m", m, g_start=(g_start, "finite"), g_max=(g_max, "finite"),
                alpha=(alpha, "fraction"))


def _soft_bounds_potentiation(m, g_start, g_max, alpha):
    """The law unchecked, as the fit calls it."""
    m = np.asarray(m, dtype=np.float64)
    return g_max - (g_max - g_start) * np.power(1.0 - alpha, m)


def soft_bounds_depression(k, g_start, g_min, alpha):
    """G(k) = G_min + (G(0) - G_min) (1 - alpha)^k: each pulse closes alpha of the gap to G_min, S; k >= 0,
    0 < alpha <= 1."""
    return _law(_soft_bounds_depression, "k", k, g_start=(g_start, "finite"), g_min=(g_min, "finite"),
                alpha=(alpha, "fraction"))


def _soft_bounds_depression(k, g_start, g_min, alpha):
    """The law unchecked, as the fit calls it."""
    k = np.asarray(k, dtype=np.float64)
    return g_min + (g_start - g_min) * np.power(1.0 - alpha, k)


@dataclass(frozen=True)
class SoftBoundsFit(_Fit):
    """Fitted parameters of a soft-bounds branch and the residual noise."""

    g_start: float  # conductance before the first pulse of the branch, S
    g_bound: float  # the bound approached (G_max up, G_min down), S
    alpha: float  # fraction of the gap closed per pulse
    noise: float  # standard deviation of the residuals, S
    points: int
    depression: bool = False
    at_bound: tuple = ()  # parameters that ended at a bound of the fit

    law = "soft bounds"
    _units = {"g_start": " S", "g_bound": " S"}

    def __call__(self, m):
        law = _soft_bounds_depression if self.depression else _soft_bounds_potentiation
        return law(self._pulses(m), self.g_start, self.g_bound, self.alpha)


def fit_soft_bounds(conductance, depression=False) -> SoftBoundsFit:
    """Least-squares fit of the soft-bounds law to a branch g(k), k = 0 ... L-1; 3 parameters."""
    g = _curve(conductance, 4, depression)
    k = np.arange(g.size, dtype=np.float64)
    scale = g.max()
    law = _soft_bounds_depression if depression else _soft_bounds_potentiation
    bound = g.min() if depression else g.max()
    start = (g[0] / scale, bound / scale, 0.2)
    bounds = ([0.0, 0.0, 1e-6], [np.inf, np.inf, 1.0])
    params, _ = curve_fit(law, k, g / scale, p0=start, bounds=bounds, maxfev=20000)
    g0, gb, alpha = params
    residual = g - law(k, g0 * scale, gb * scale, alpha)
    noise = _noise(residual, scale, 3)
    hit = _at_bounds(params, *bounds, ("g_start", "g_bound", "alpha"), SoftBoundsFit.law)
    return SoftBoundsFit(float(g0 * scale), float(gb * scale), float(alpha), noise, int(g.size), bool(depression),
                         hit)


# --------------------------------------------------------------------------- power law

def power_law(m, g0, amplitude, exponent, m_max):
    """g0 + amplitude (m / m_max)^exponent, siemens: saturating for exponent < 1, accelerating above 1; m >= 0,
    exponent and m_max > 0."""
    return _law(_power_law, "m", m, g0=(g0, "finite"), amplitude=(amplitude, "finite"),
                exponent=(exponent, "positive"), m_max=(m_max, "positive"))


def _power_law(m, g0, amplitude, exponent, m_max):
    """The law unchecked, as the fit calls it (in units of the curve's maximum, where g0 may be < 0)."""
    m = np.asarray(m, dtype=np.float64)
    return g0 + amplitude * np.power(m / m_max, exponent)


@dataclass(frozen=True)
class PowerLawFit(_Fit):
    """Fitted parameters of :func:`power_law` and the residual noise."""

    g0: float  # conductance before the first pulse, S
    amplitude: float  # conductance gained at m_max, S
    exponent: float  # gamma: < 1 saturating, > 1 accelerating
    m_max: float  # the branch's last pulse (fixed, not fitted)
    noise: float  # standard deviation of the residuals, S
    points: int
    at_bound: tuple = ()  # parameters that ended at a bound of the fit

    law = "power law"
    _units = {"g0": " S", "amplitude": " S", "m_max": " pulses"}

    def __call__(self, m):
        return _power_law(self._pulses(m), self.g0, self.amplitude, self.exponent, self.m_max)


def fit_power_law(conductance) -> PowerLawFit:
    """Least-squares fit of g0 + a (m / m_max)^gamma to a branch g(m), m = 0 ... L-1, m_max = L - 1.

    The law for a branch whose steps grow (gamma > 1) as well as one whose steps shrink; for a
    depression branch, fit its mirror image g.max() + g.min() - g (a rise, and still conductances
    > 0: negative values are refused). 3 parameters.
    """
    g = _curve(conductance, 4)
    m = np.arange(g.size, dtype=np.float64)
    m_max = float(g.size - 1)
    scale = np.abs(g).max()
    rise = (g[-1] - g[0]) / scale

    def model(m, g0, amplitude, exponent):
        return _power_law(m, g0, amplitude, exponent, m_max)

    start = (g[0] / scale, rise if rise != 0 else 1e-3, 1.0)
    bounds = ([-np.inf, -np.inf, 0.05], [np.inf, np.inf, 20.0])
    params, _ = curve_fit(model, m, g / scale, p0=start, bounds=bounds, maxfev=20000)
    g0, amplitude, exponent = params
    residual = g - _power_law(m, g0 * scale, amplitude * scale, exponent, m_max)
    noise = _noise(residual, scale, 3)
    hit = _at_bounds(params, *bounds, ("g0", "amplitude", "exponent"), PowerLawFit.law)
    return PowerLawFit(float(g0 * scale), float(amplitude * scale), float(exponent), m_max, noise, int(g.size), hit)
