"""Figures of the device: its curve, the law fitted to it, its offsets and conductance window.

Conductances in µS. Every function takes data, an optional ``ax``, and returns the Figure.
"""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D

from ..devices import DeviceCurve
from ..training.checks import check_conductances
from ._figure import US, new_axes, subplots
from .checks import (axes, axes_of, bin_count, checked, fitted_law, mapping, number, offsets, one_or_more, optional,
                     switch)

__all__ = [
    "plot_device_curves",
    "plot_fit",
    "plot_offset_distributions",
    "plot_conductance_window",
    "plot_offset_view",
]


@checked(devices=one_or_more(DeviceCurve, "a DeviceCurve"), normalised=switch, ax=axes)
def plot_device_curves(devices, normalised=False, ax=None):
    """g(m) of one or several devices against pulse number (raw in µS, or on a 0-to-1 scale)."""
    fig, ax = new_axes(ax)
    devices = devices if isinstance(devices, (list, tuple)) else [devices]
    for device in devices:
        m = np.arange(device.length)
        y = device.normalised() if normalised else device.conductance * US
        ax.plot(m, y, "o-", ms=3, lw=1, label=device.name)
    ax.set_xlabel("pulse number m")
    ax.set_ylabel(r"$(g(m) - g(0)) \,/\, (\max g - g(0))$" if normalised else "conductance g(m) (µS)")
    ax.set_title("normalised" if normalised else "raw", fontsize="medium")
    ax.legend(frameon=False)
    return fig


@checked(device=DeviceCurve, fit=fitted_law, log_fit=optional(fitted_law), axes=axes_of(2))
def plot_fit(device, fit, log_fit=None, axes=None):
    """The curve with the fitted law(s) (top) and the residuals against the fitted noise (bottom)."""
    if axes is None:
        fig, axes = subplots(2, 1, figsize=(6.5, 5), sharex=True, height_ratios=[2, 1],
                             layout="constrained")
    fig = axes[0].figure
    m = np.arange(device.length)
    fine = np.linspace(0, device.length - 1, 400)
    axes[0].plot(m, device.conductance * US, "o", ms=3, color="0.3", label=device.name)
    axes[0].plot(fine, fit(fine) * US, "-", color="C1", label="stretched exponential")
    nano = 1e9  # residuals are a few nS: drawn in nS, as the text quotes them
    axes[1].axhspan(-fit.noise * nano, fit.noise * nano, color="C1", alpha=0.15,
                    label="±1 residual s.d. (stretched exp.)")
    axes[1].plot(m, (device.conductance - fit(m)) * nano, "o", ms=3, color="C1",
                 label="residual of the stretched exp.")
    if log_fit is not None:
        axes[0].plot(fine, log_fit(fine) * US, "--", color="C2", label="logarithm")
        axes[1].plot(m, (device.conductance - log_fit(m)) * nano, "x", ms=3, color="C2",
                     label="residual of the logarithm")
    axes[0].set_ylabel("g(m) (µS)")
    axes[0].legend(frameon=False, loc="lower right")
    axes[1].axhline(0, color="k", lw=0.8)
    axes[1].set_xlabel("pulse number m")
    axes[1].set_ylabel("residual (nS)")
    # below the axes, where it covers no residual
    axes[1].legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.45), ncol=2,
                   fontsize="small")
    return fig


@checked(samples=mapping("label -> array of offsets (S)", offsets), bins=bin_count, ax=axes)
def plot_offset_distributions(samples, bins=60, ax=None):
    """Histograms of device offsets; `samples` maps a label to an array of offsets (S), each 0 or within the
    physical range 1e-15 ... 1 S; `bins` from 1 to :data:`crossbar.views.checks.MAX_BINS`.

    A value that many offsets share exactly (a rescaled crossbar's lo and hi) is a point mass, not a
    density: it is drawn as a marker on its own axis (right, % of offsets), one marker shape per
    distribution, so that two distributions' masses at the same value both show. The axis stops at
    the 99.5th percentile; the legend says how much of a long tail lies beyond.
    """
    fig, ax = new_axes(ax, (6.5, 4.2))
    _offset_histograms(ax, samples, bins)
    return fig


def _offset_histograms(ax, samples, bins):
    """plot_offset_distributions' drawing on `ax`, of checked `samples` (plot_offset_view draws K s with it)."""
    values = {label: np.ravel(v) * US for label, v in samples.items()}
    found = {label: _point_masses(v) for label, v in values.items()}
    masses = {label: m for label, (m, _) in found.items()}
    top = max(max([np.quantile(v, 0.995)] + [x * 1.06 for x, _ in masses[label]]) for label, v in values.items())
    bottom = min(0.0, min(v.min() for v in values.values()))
    if not top > bottom:  # every offset 0 (the tail past 99.5 % aside): an axis of 1 µS, not 0 ... 0
        top = bottom + (max(v.max() for v in values.values()) - bottom or 1.0)
    edges = np.linspace(bottom, top, bins + 1)
    right = ax.twinx() if any(masses.values()) else None
    highest, marker = 0.0, {}
    for k, (label, v) in enumerate(values.items()):
        counts, _ = np.histogram(v[~found[label][1]], bins=edges)
        beyond = np.mean(v > top)
        shown = f"{label} ({100 * beyond:.2g}% beyond, up to {v.max():.2g} µS)" if beyond else label
        density = counts / (v.size * np.diff(edges))
        highest = max(highest, density.max())
        ax.stairs(density, edges, lw=1.5, color=f"C{k}", label=shown)
        for x, share in masses[label]:
            right.plot([x, x], [0, 100 * share], color=f"C{k}", lw=1, ls=":")
            marker[label], = right.plot(x, 100 * share, _MASS_MARKERS[k % len(_MASS_MARKERS)], color=f"C{k}",
                                        ms=9 - 3 * (k % 3), mfc="none", mew=1.5)
    ax.set_xlim(bottom, top)
    # markers above the histograms; every offset a point mass leaves no density: an axis of 1, not 0 ... 0
    ax.set_ylim(0, (1.4 * highest or 1.0) if right is not None else None)
    ax.set_xlabel("offset s (µS)")
    ax.set_ylabel("probability density (1/µS)")
    handles, labels = ax.get_legend_handles_labels()
    # a distribution's entry shows its marker too, when it has point masses
    handles = [(h, marker[name]) if name in marker else h for h, name in zip(handles, values)]
    if right is not None:
        right.set_ylim(0, 1.1 * 100 * max(share for m in masses.values() for _, share in m))
        right.set_ylabel("offsets exactly at the value (%)")
        handles.append(Line2D([], [], ls="none", marker="o", color="0.3", mfc="none", mew=1.5))
        labels.append("marker: a point mass (right axis)")
    # below the axes: inside, the markers sit at the top and the tail runs along the bottom
    ax.legend(handles, labels, frameon=False, fontsize="small", loc="upper center",
              ncol=2 if len(labels) > 2 else 1, bbox_to_anchor=(0.5, -0.18))


_MASS_MARKERS = ("o", "x", "s", "^")


#: The fewest offsets that make a shared value a point mass. Three draws of a continuous law on one 1e-9 cell of
#: the largest value are a chance of about n**3 / 6e18 (5e-12 at n = 300, where 1 % takes over); a rescaled
#: crossbar puts one offset on lo and one on hi, so three crossbars' worth (48 offsets) show both.
MASS_COUNT = 3


def _point_masses(values):
    """[(value, share)] of each value that at least 1 % of `values`, and at least MASS_COUNT of them, take exactly
    (to 1e-9 of the largest), and the mask of the offsets at them: in a sample of 100 or fewer, 1 % is one offset,
    and every value of a continuous sample was a point mass (probe 18c, V3). The mask is the rounding's own: the
    offsets within 1e-9 relative of the rounded value were the mass, and at lo = 1e-8, hi = 9.7e-8 S lo's were
    not (0.1031 rounds 5e-9 of itself away), so they were drawn twice, as a marker and in the histogram."""
    scale = np.abs(values).max() or 1.0
    keys, first, inverse, counts = np.unique(np.round(values / scale, 9), return_index=True, return_inverse=True,
                                             return_counts=True)
    mass = counts >= max(MASS_COUNT, 0.01 * values.size)
    return [(float(values[i]), c / values.size) for i, c in zip(first[mass], counts[mass])], mass[inverse]


def gain_in_range(figure, device, gain, offsets, names):
    """ValueError naming `figure` unless every device of `offsets` (S) stays in the physical range at K = `gain`,
    pulsed up its curve: it names `gain` when the offsets alone (at K = 1) are in range, so the gain is at fault
    (K = 1e300 with hi = 1e-7 S was blamed on hi), else the offset."""
    try:
        check_conductances(device, gain, offsets, names=names)
    except ValueError as exc:
        try:
            check_conductances(device, 1.0, offsets, names=names)
        except ValueError:
            raise ValueError(f"{figure}: {exc}") from None
        raise ValueError(f"{figure}: gain = {gain!r}: {exc}; expected a gain (or offsets) that keep it in "
                         "range") from None


@checked(device=DeviceCurve, gain=number(positive=True), lo=number(), hi=number(), ax=axes)
def plot_conductance_window(device, gain, lo, hi, ax=None):
    """Device conductance K (g(m) - g(0) + s) against pulse number for the smallest and largest offset.

    The band between the two curves is the spread offsets alone put in, K (hi - lo);
    the rise of each curve is what pulses can add, K (max g - g(0)). K scales both.
    """
    _window_in_range("plot_conductance_window", device, gain, lo, hi)
    fig, ax = new_axes(ax)
    _conductance_window(ax, device, gain, lo, hi)
    return fig


def _window_in_range(figure, device, gain, lo, hi):
    """ValueError naming `figure` (the one the user called) for an offset range lo ... hi that is reversed, below
    0 S, or past the physical range at K = `gain`."""
    if not lo <= hi:
        raise ValueError(f"{figure}: lo = {lo!r} is above hi = {hi!r}: expected lo <= hi")
    if lo < 0:
        raise ValueError(f"{figure}: lo = {lo!r}: expected an offset >= 0 S (a device below 0 S)")
    # the top offset pulsed to the top of the curve at K, as offset_view holds it (K = 1e300 drew 1e293 S)
    gain_in_range(figure, device, gain, [hi], ["hi"])


def _conductance_window(ax, device, gain, lo, hi):
    """plot_conductance_window's drawing on `ax`, of checked arguments."""
    m = np.arange(device.length)
    rise = device.conductance - device.conductance[0]
    low = gain * (rise + lo) * US
    high = gain * (rise + hi) * US
    ax.fill_between(m, low, high, color="C0", alpha=0.25,
                    label=f"offsets s in [{lo * US:.3g}, {hi * US:.3g}] µS")
    ax.plot(m, low, color="C0", lw=1)
    ax.plot(m, high, color="C0", lw=1)
    top = gain * (device.window + lo) * US
    ax.annotate("", xy=(device.length - 1, top), xytext=(device.length - 1, gain * lo * US),
                arrowprops=dict(arrowstyle="<->", color="C3"))
    ax.text(device.length - 2, 0.5 * (top + gain * lo * US), "window at K\nK Δg = K (max g − g(0))",
            color="C3", ha="right", va="center", fontsize="small")
    ax.set_xlabel("pulse number m")
    ax.set_ylabel("device conductance G (µS)")
    ax.set_title(f"K = {gain:g}", fontsize="medium")
    # below the band, where no curve runs (upper left sits on the band)
    ax.legend(frameon=False, loc="lower center", fontsize="small")


@checked(samples=offsets, device=DeviceCurve, gain=number(positive=True), lo=number(), hi=number(), label=str)
def plot_offset_view(samples, device, gain, lo, hi, label="offsets"):
    """Two panels: the offsets scaled by K (histogram) and the conductance window at that K.

    Its checks name this figure, not the two it is made of (a reversed range was 'plot_conductance_window: lo
    ... is above hi')."""
    _window_in_range("plot_offset_view", device, gain, lo, hi)
    fig, axes = subplots(1, 2, figsize=(6.6, 3.4), layout="constrained")
    _offset_histograms(axes[0], {f"K · s, {label}": gain * samples}, 60)
    axes[0].set_xlabel("K · s (µS)")
    _conductance_window(axes[1], device, gain, lo, hi)
    return fig


# --- the perceptron ------------------------------------------------------------------------
