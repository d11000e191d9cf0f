"""Figures of a user's own device: its measured cycles, the noise they show, and what units do.

The figures of the book's chapter "Your own device". Each takes results of
:mod:`crossbar.devices` (curves, cycle noise) or of studies, an optional ``ax``, and returns the
Figure. Conductances are drawn in mS or µS, whichever suits the device's scale (the axis says).
"""

from __future__ import annotations

import numpy as np

from ..devices import CycleNoise, DeviceCurve
from ._figure import new_axes
from .checks import (SIEMENS, array, axes, axes_of, checked, count, fitted_law, mapping, number, optional, rate_interval,
                     rows_of, spreads)

__all__ = ["plot_cycles", "plot_cycle_spread", "plot_unit_rates", "plot_branch_fits", "conductance_unit"]


def _legible(*axes):
    """Tick labels and axis labels at 10-11 pt: legible at the page's width."""
    for ax in axes:
        ax.tick_params(labelsize=10)
        ax.xaxis.label.set_size(11)
        ax.yaxis.label.set_size(11)


@checked(g=number(expected="a conductance in siemens"))
def conductance_unit(g):
    """(factor, label) that put conductances of size `g` (S) in a readable unit: mS, µS or nS."""
    g = abs(float(g))
    for factor, label in ((1e3, "mS"), (1e6, "µS"), (1e9, "nS")):
        if g * factor >= 1:
            return factor, label
    return 1e12, "pS"


@checked(device=DeviceCurve, ax=axes, max_cycles=optional(count(0)))
def plot_cycles(device, ax=None, max_cycles=None):
    """Every measured cycle of a device (thin) and the curve made of them (thick), against pulse number.

    The depression branch is drawn continuing the pulse count from the top of the potentiation
    branch. `max_cycles` draws the first so many cycles (None: all; 0: the curve alone, without its cycles).
    """
    fig, ax = new_axes(ax, (6.5, 4))
    factor, unit = conductance_unit(device.high)
    top = device.length - 1
    for matrix, start, color in ((device.cycles, 0, "C0"), (device.depression_cycles, top, "C3")):
        if matrix is None:
            continue
        rows = matrix if max_cycles is None else matrix[:max_cycles]
        for row in rows:
            ax.plot(start + np.arange(row.size), row * factor, "-", color=color, lw=0.6, alpha=0.35)
    ax.plot(np.arange(device.length), device.conductance * factor, "-", color="C0", lw=2.4, label=_curve_label(device))
    if device.two_way:
        ax.plot(top + np.arange(device.depression.size), device.depression * factor, "-", color="C3", lw=2.4,
                label="depression")
    ax.set_xlabel("pulse number (depression continues the count)")
    ax.set_ylabel(f"conductance ({unit})")
    # below the axes, where it covers no cycle
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, frameon=False, fontsize="small")
    _legible(ax)
    return fig


def _curve_label(device):
    """What the thick potentiation curve is: the cycle `--cycle K` (``cycle=K``) chose, or the per-pulse median of
    the cycles drawn thin (cycle K was labelled the median, probe 17c, V1)."""
    cycle = (device.metadata.get("load_options") or {}).get("cycle")
    if cycle:
        return f"potentiation: cycle {cycle}"
    return "potentiation: per-pulse median of the cycles" if device.cycles is not None else "potentiation"


@checked(measured=CycleNoise, simulated=optional(mapping("label -> spread per pulse", spreads)), ax=axes)
def plot_cycle_spread(measured, simulated=None, ax=None):
    """Spread of the change g(m) - g(0) across cycles after each pulse, as a fraction of the window.

    Parameters
    ----------
    measured : CycleNoise
        The device's cycles (:func:`crossbar.devices.measured_noise`).
    simulated : dict of label -> ndarray, optional
        Spreads (fraction of the window) per pulse of simulated devices, one line each.
    """
    if measured.change_spread is None:
        raise ValueError("plot_cycle_spread: measured: expected the noise of measured cycles "
                         "(crossbar.devices.measured_noise), got one without change_spread")
    fig, ax = new_axes(ax, (6.5, 4))
    m = np.arange(measured.change_spread.size)
    ax.plot(m, 100 * measured.change_spread, "k-", lw=2.4, label=f"measured, {measured.cycles} cycles")
    for i, (label, spread) in enumerate((simulated or {}).items()):
        ax.plot(np.arange(len(spread)), 100 * np.asarray(spread), "--", color=f"C{i}", lw=1.8, label=label)
    ax.set_xlabel("potentiating pulses m")
    ax.set_ylabel("s.d. of g(m) \u2212 g(0) (% of window)")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize="small")
    _legible(ax)
    return fig


@checked(rows=rows_of("group", "bar", "(rate, ci_low, ci_high)", rate_interval, complete=True), ax=axes,
         flagged=optional(mapping("bar label -> note", str)))
def plot_unit_rates(rows, ax=None, flagged=None):
    """Convergence rates with their 95 % intervals, grouped bars: one group per label, one bar per kind.

    Parameters
    ----------
    rows : dict of group label -> dict of bar label -> (rate, ci_low, ci_high)
    flagged : dict of bar label -> note, optional
        Kinds of bar whose rates are not results (e.g. runs in which tanh saturates): drawn grey and
        hatched in every group, with the note as their legend entry, so that the figure says so itself.
    """
    groups = list(rows)
    bars = list(dict.fromkeys(k for r in rows.values() for k in r))
    flagged = flagged or {}
    unknown = [k for k in flagged if k not in bars]
    if unknown:
        raise ValueError(f"plot_unit_rates: flagged[{unknown[0]!r}]: expected one of the bar labels {bars}")
    fig, ax = new_axes(ax, (6.5, 3.6))
    width = 0.8 / len(bars)
    for b, bar in enumerate(bars):
        x = np.arange(len(groups)) + (b - (len(bars) - 1) / 2) * width
        rate = np.array([100 * rows[g][bar][0] for g in groups])
        low = np.array([100 * rows[g][bar][1] for g in groups])
        high = np.array([100 * rows[g][bar][2] for g in groups])
        look = (dict(color="0.85", edgecolor="0.45", hatch="//", label=flagged[bar]) if bar in flagged
                else dict(color=f"C{b}", label=bar))
        ax.bar(x, rate, width, yerr=[rate - low, high - rate], capsize=3, **look)
        for xi, r in zip(x, rate):
            ax.annotate(f"{r:.1f}", (xi, r), xytext=(0, 3), textcoords="offset points", ha="center",
                        va="bottom", fontsize="small", color="0.35" if bar in flagged else "black")
    ax.set_xticks(np.arange(len(groups)), groups)
    ax.set_ylabel("crossbars trained (%)")
    ax.set_ylim(0, 112)
    if flagged:  # the notes are long: below the axes, where they cover no bar
        ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=1, frameon=False)
    else:
        ax.legend(fontsize="small", loc="upper left", ncols=len(bars))
    _legible(ax)
    return fig


@checked(g=array(1, "a branch (L,) of conductances in siemens", within=SIEMENS), fits=mapping("label -> fit", fitted_law),
         ax=axes_of(2))
def plot_branch_fits(g, fits, ax=None):
    """A branch with fitted laws (top) and each law's residuals (bottom), in a unit that suits it.

    Parameters
    ----------
    g : ndarray (L,)
        The branch, S.
    fits : dict
        label -> a fit (callable on pulse numbers, with ``noise`` in S and ``at_bound``).
    """
    from ._figure import subplots

    fig, axes = subplots(2, 1, figsize=(6.5, 5.5), sharex=True, height_ratios=[2, 1]) if ax is None else \
        (ax[0].figure, ax)
    factor, unit = conductance_unit(np.max(g))
    m = np.arange(len(g))
    fine = np.linspace(0, len(g) - 1, 400)
    axes[0].plot(m, np.asarray(g) * factor, "o", ms=3, color="0.3", label="measured (median of the cycles)")
    styles = ("-", "--", ":", "-.", (0, (5, 1, 1, 1)))
    for i, (label, fit) in enumerate(fits.items()):
        color = f"C{i}"
        flag = " at a bound" if fit.at_bound else ""
        axes[0].plot(fine, fit(fine) * factor, linestyle=styles[i % len(styles)], color=color, lw=1.6,
                     label=f"{label}: residual s.d. {fit.noise * factor:.3g} {unit}{flag}")
        # a marker of its own per law: residuals of two laws that fit alike lie on each other, and one colour
        # hid the other (referee 15, m11)
        axes[1].plot(m, (np.asarray(g) - fit(m)) * factor, linestyle="none", marker="o+x.s"[i % 5],
                     ms=5 if i % 5 in (1, 2) else 3.5, mfc="none" if i % 5 in (0, 4) else color, color=color)
    axes[0].set_ylabel(f"conductance ({unit})")
    axes[0].legend(fontsize="small", loc="best")  # where it covers least: it reached the data (referee 15)
    axes[1].axhline(0, color="k", lw=0.8)
    axes[1].set_xlabel("pulse number m")
    axes[1].set_ylabel(f"residual ({unit})")
    _legible(*axes)
    return fig
