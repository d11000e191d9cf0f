"""Figures of real devices: the presets' branches, law fits, tolerance sweeps and rule comparisons.

The figures of the book's chapter "Real devices". Each takes results of
:mod:`crossbar.devices` or :mod:`crossbar.studies.tolerance`, an optional ``ax`` (or
``axes``), and returns the Figure. Conductances in nS (the presets' windows are tens of nS).
"""

from __future__ import annotations

import numpy as np

from ..devices import DeviceCurve
from ..studies.tolerance import Convergence, KnobSweep, Tolerance
from ._figure import new_axes, subplots
from .checks import (axes, axes_of, checked, colour, fitted_law, knob_value, mapping, one_or_more, optional, panel_count,
                     text, whole_number_edges)
from ..numbers import instance, shown

__all__ = [
    "KNOB_LABELS",
    "plot_preset_branches",
    "plot_law_fits",
    "plot_knob_sweep",
    "plot_knob_sweeps",
    "plot_rule_rates",
    "plot_device_rate",
]

NS = 1e9  # siemens -> nanosiemens

#: Axis labels of the knobs of :class:`crossbar.devices.Nonidealities`.
KNOB_LABELS = {
    "c2c": "cycle-to-cycle noise (% of window per pulse)",
    "read_noise": "read noise (% of each column current)",
    "stuck_low": "stuck at the lowest G (% of devices)",
    "stuck_high": "stuck at the highest G (% of devices)",
    "window_spread": "window spread (s.d. of ln window factor)",
    "nonlinearity_spread": "nonlinearity spread (s.d. of ln pulse rate)",
}
#: Knobs shown in percent (they are fractions).
_PERCENT = ("c2c", "read_noise", "stuck_low", "stuck_high")
#: Top of a knob panel's rate axis (%): the rates fill 0-100, the marks' labels the band above.
_TOP = 124.0


def _branches(device):
    """(pulse axis, conductance) of the potentiation branch, then of the depression branch (or None)."""
    m = np.arange(device.length)
    up = (m, device.conductance)
    if not device.two_way:
        return up, None
    k = np.arange(device.depression.size)
    return up, (m[-1] + k, device.depression)


@checked(devices=one_or_more(DeviceCurve, "a DeviceCurve"), ax=axes)
def plot_preset_branches(devices, ax=None):
    """Conductance above each device's lowest against pulse number: potentiation, then depression.

    Solid: potentiating pulses from the bottom; dashed: depressing pulses from the top of the
    potentiation branch, drawn as continuing the pulse count.
    """
    fig, ax = new_axes(ax, (6.5, 5.0))
    for i, device in enumerate(devices):
        up, down = _branches(device)
        color = f"C{i % 10}"
        low = device.low
        ax.plot(up[0], (up[1] - low) * NS, "-", lw=1.3, color=color, label=device.name)
        if down is not None:
            ax.plot(down[0], (down[1] - low) * NS, "--", lw=1.3, color=color)
    ax.set_xlabel("pulse number (potentiation, then depression)")
    ax.set_ylabel("g \u2212 lowest g of the device (nS)")
    # below the axes, not over the curves
    ax.legend(frameon=False, fontsize="small", ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.2))
    return fig


@checked(device=DeviceCurve, fits=mapping("label -> fitted law", fitted_law), axes=axes_of(2))
def plot_law_fits(device, fits, axes=None):
    """A curve with fitted laws (top) and each law's residuals (bottom).

    Parameters
    ----------
    device : DeviceCurve
    fits : dict
        label -> a fit (callable on pulse numbers, with a ``noise`` attribute in S).
    axes : pair of Axes, optional
    """
    if axes is None:
        fig, axes = subplots(2, 1, figsize=(6.5, 5.5), sharex=True, height_ratios=[2, 1])
    fig = axes[0].figure
    m = np.arange(device.length)
    fine = np.linspace(0, device.length - 1, 400)
    micro = 1e-6  # g in µS as every chapter draws it; the residuals, a few nS, in nS
    axes[0].plot(m, device.conductance / micro, "o", ms=3, color="0.3", label=device.name)
    styles = ("-", "--", ":", "-.")
    markers = ("o", "x", "+", "s")
    for i, (label, fit) in enumerate(fits.items()):
        color = f"C{i + 1}"
        axes[0].plot(fine, fit(fine) / micro, styles[i % 4], color=color,
                     label=f"{label} (residual s.d. {fit.noise * NS:.2f} nS)")
        axes[1].plot(m, (device.conductance - fit(m)) * NS, markers[i % 4], ms=3, color=color,
                     mfc="none")
    axes[0].set_ylabel("g(m) (µS)")
    axes[0].legend(frameon=False, loc="lower right", fontsize="small")
    axes[1].axhline(0, color="k", lw=0.8)
    axes[1].set_xlabel("pulse number m")
    axes[1].set_ylabel("residual (nS)")
    return fig


@checked(sweep=KnobSweep, tolerance=optional(Tolerance), marks=optional(mapping("label -> knob value")), ax=axes,
         color=colour, label=optional(text))
def plot_knob_sweep(sweep, tolerance=None, marks=None, ax=None, *, color="C0", label=None):
    """Convergence rate against one knob with its 95 % Wilson band.

    Parameters
    ----------
    sweep : KnobSweep
    tolerance : Tolerance, optional
        Draws its limit (dashed) and the tolerated value (dotted), in `color`; where its
        intervals cannot tell (``lower`` < ``upper``), a light band from ``lower`` to ``upper``.
    marks : dict, optional
        label -> knob value, drawn as grey vertical lines (e.g. values from the literature),
        labelled in a band above the rates (0-100 %), which the axis gains for them.
    ax : Axes, optional
    color : str
    label : str, optional
        Legend label of the line.
    """
    if marks is not None:
        marks = _marks(marks, sweep.knob, "plot_knob_sweep: marks")
    fig, ax = new_axes(ax)
    scale = 100.0 if sweep.knob in _PERCENT else 1.0
    x = sweep.values * scale
    ax.plot(x, 100 * sweep.rate, "o-", ms=3, color=color, label=label)
    ax.fill_between(x, 100 * sweep.ci_low, 100 * sweep.ci_high, color=color, alpha=0.25, lw=0)
    if tolerance is not None:
        ax.axhline(100 * tolerance.limit, color=color, ls="--", lw=0.8)
        # in data units, 0-100 %: the band above holds the marks' labels, which no line crosses
        ax.plot([tolerance.value * scale] * 2, [0, 100], color=color, ls=":", lw=1.2)
        if tolerance.lower < tolerance.upper:  # the intervals cannot tell within this band
            ax.fill_betweenx([0, 100], tolerance.lower * scale, tolerance.upper * scale, color=color,
                             alpha=0.15, lw=0)
    _label_marks(ax, marks or {}, scale)
    ax.set_xlabel(KNOB_LABELS.get(sweep.knob, sweep.knob), fontsize="small")
    ax.set_ylabel("convergence rate (%)")
    return fig


def _marks(marks, knob, name):
    """`marks` (text -> a value of `knob`) checked: a text is a str, a value one Nonidealities takes for the knob
    (NaN was not drawn, -1 drawn left of the axis, None a TypeError from inside: probe 20c, V7)."""
    for label, value in marks.items():
        text(label, f"{name}: the label {shown(label)}")
        knob_value(knob)(value, f"{name}[{label!r}]")
    return marks


def _label_marks(ax, marks, scale):
    """Grey lines at `marks`, labelled horizontally in a band above 100 %, never across the data."""
    if not marks:
        return
    ax.set_ylim(0, _TOP)
    ax.set_yticks(range(0, 101, 20))
    lo, hi = ax.get_xlim()
    row = 0
    for text, value in marks.items():
        ax.plot([value * scale] * 2, [0, 100], color="0.5", lw=3, alpha=0.35)
        if not text:
            continue
        right = (value * scale - lo) > 0.6 * (hi - lo)  # near the right edge: end at the line
        ax.text(value * scale, 100 + (14 if row % 2 == 0 else 4), text, fontsize="small", color="0.3",
                ha="right" if right else "left", va="bottom")
        row += 1


@checked(series=mapping("label -> list of KnobSweep"), tolerances=optional(mapping("label -> {knob: Tolerance}")),
          marks=optional(mapping("knob -> {text: knob value}")), ncols=panel_count)
def plot_knob_sweeps(series, tolerances=None, marks=None, ncols=2):
    """:func:`plot_knob_sweep` for several knobs, one panel each, one line per series.

    Parameters
    ----------
    series : dict
        label (e.g. a rule) -> list of KnobSweep, the same knobs in the same order for every label.
    tolerances : dict, optional
        label -> {knob: Tolerance}.
    marks : dict, optional
        knob -> {text: value}, drawn once per panel.
    ncols : int
    """
    labels, first = _series(series, tolerances, marks)
    nrows = -(-len(first) // ncols)
    fig, axes = subplots(nrows, ncols, figsize=(3.3 * ncols, 2.9 * nrows), sharey=True, squeeze=False)
    for k, ax in enumerate(axes.flat[:len(first)]):
        for i, label in enumerate(labels):
            sweep = series[label][k]
            plot_knob_sweep(sweep, (tolerances or {}).get(label, {}).get(sweep.knob),
                            (marks or {}).get(sweep.knob) if i == 0 else None, ax=ax, color=f"C{i}",
                            label=label)
        if ax.get_subplotspec().colspan.start:
            ax.set_ylabel("")
        ax.set_ylim(0, _TOP if marks else 100)  # the band above 100 % holds the marks' labels
        ax.set_yticks(range(0, 101, 20))
    if len(labels) > 1:
        axes.flat[0].legend(frameon=False, fontsize="small", loc="lower right")
    for ax in list(axes.flat)[len(first):]:
        ax.set_visible(False)
    return fig


def _series(series, tolerances, marks):
    """(labels, the first label's sweeps) of :func:`plot_knob_sweeps`' arguments, each value checked, naming its key:
    a float in `series` was len()'s TypeError, one in `tolerances` an AttributeError (probe 20c, V7); a label or
    knob that names no line or panel was ignored."""
    name = "plot_knob_sweeps: "
    labels, knobs = list(series), None
    for label, sweeps in series.items():
        where = f"{name}series[{label!r}]"
        text(label, f"{name}series: the label {shown(label)}")  # each series' legend label
        instance(sweeps, (list, tuple), where, "a list of KnobSweep")
        if not sweeps or not all(isinstance(s, KnobSweep) for s in sweeps):
            bad = next((s for s in sweeps if not isinstance(s, KnobSweep)), sweeps)
            raise TypeError(f"{where}: expected a non-empty list of KnobSweep, got {shown(bad)}")
        found = [s.knob for s in sweeps]
        if knobs is not None and found != knobs:
            raise ValueError(f"{where}: expected the knobs {knobs} in this order, as series[{labels[0]!r}], got {found}")
        knobs = found
    for label, by_knob in (tolerances or {}).items():
        where = f"{name}tolerances[{label!r}]"
        if label not in series:
            raise ValueError(f"{where}: {shown(label)} is not a label of series ({', '.join(map(repr, labels))})")
        instance(by_knob, dict, where, "a dict of knob -> Tolerance")
        for knob, tolerance in by_knob.items():
            if knob not in knobs:
                raise ValueError(f"{where}: {shown(knob)} is not a knob of the series ({', '.join(knobs)})")
            instance(tolerance, Tolerance, f"{where}[{knob!r}]")
            if tolerance.knob != knob:
                raise ValueError(f"{where}[{knob!r}]: expected a Tolerance of {knob}, got one of {tolerance.knob}")
    for knob, texts in (marks or {}).items():
        where = f"{name}marks[{knob!r}]"
        if knob not in knobs:
            raise ValueError(f"{name}marks: {shown(knob)} is not a knob of the series ({', '.join(knobs)})")
        _marks(instance(texts, dict, where, "a dict of text -> knob value"), knob, where)
    return labels, series[labels[0]]


@checked(results=mapping("rule -> Convergence", Convergence), ax=axes)
def plot_rule_rates(results, ax=None):
    """Convergence rate of each training rule with its 95 % Wilson interval.

    Parameters
    ----------
    results : dict
        rule -> Convergence (:func:`crossbar.studies.tolerance.rule_convergence`).
    """
    fig, ax = new_axes(ax, (5.5, 3.5))
    names = list(results)
    rate = np.array([100 * results[n].rate for n in names])
    low = np.array([100 * results[n].ci_low for n in names])
    high = np.array([100 * results[n].ci_high for n in names])
    y = np.arange(len(names))
    ax.barh(y, rate, color="C0", alpha=0.7)
    ax.errorbar(rate, y, xerr=[rate - low, high - rate], fmt="none", color="k", capsize=3, lw=1)
    for yi, r, h in zip(y, rate, high):  # beyond the whisker: from the bar's end it began on the cap (referee 15)
        ax.text(h + 2, yi, f"{r:.1f}%", va="center", fontsize="small")
    ax.set_yticks(y, names)
    if not ax.yaxis_inverted():  # the first rule on top (once: shared axes invert together)
        ax.invert_yaxis()
    ax.set_xlim(0, 118)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel("convergence rate (%)")
    return fig


@checked(device=DeviceCurve, result=Convergence, axes=axes_of(2))
def plot_device_rate(device, result, axes=None):
    """A device's branches (left) and the epochs its converged crossbars needed (right).

    Parameters
    ----------
    device : DeviceCurve
    result : Convergence
    axes : pair of Axes, optional
    """
    if axes is None:
        fig, axes = subplots(1, 2, figsize=(6.6, 3.4))
    fig = axes[0].figure
    up, down = _branches(device)
    axes[0].plot(up[0], up[1] * NS, "-", color="C3", label="potentiation")
    if down is not None:
        axes[0].plot(down[0], down[1] * NS, "--", color="C0", label="depression")
    axes[0].set_xlabel("pulse number")
    axes[0].set_ylabel("conductance (nS)")
    axes[0].set_title(device.name, fontsize="medium")
    axes[0].legend(frameon=False, fontsize="small")
    e = result.epochs
    if e.size:
        axes[1].hist(e, bins=whole_number_edges(e.max()), color="C2")
        axes[1].axvline(result.epochs_median, color="k", lw=1)
    axes[1].set_xlabel("update epochs to converge (line: median)")
    axes[1].set_ylabel("crossbars")
    axes[1].set_title(f"{result.converged:,} of {result.trials:,} trained ({100 * result.rate:.3g}%)",
                      fontsize="medium")
    return fig
