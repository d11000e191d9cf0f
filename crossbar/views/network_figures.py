"""Figures of networks of crossbar layers (the book's chapter "Networks").

Each takes :class:`~crossbar.studies.outcomes.Outcome` objects (medians over trials with their
intervals) arranged as the figure needs, an optional ``ax``/``axes``, and returns the Figure.
Accuracies are drawn in percent; every point carries its interval of the median. Where the
comparisons lie in a few points of the 0-100 % scale, ``zoom`` draws that range (a median beyond it
is marked at the edge with its value and interval, "71 (52–82)", and no whisker, so that no point leaves
the figure unseen).
"""

from __future__ import annotations

import numpy as np

from ._figure import new_axes, subplots
from .report import sci
from .checks import array, axes, axes_of, checked, choice, gains, mapping, optional, outcome, rows_of, series_of

__all__ = ["plot_width_sweep", "plot_gain_grid", "plot_device_outcomes", "plot_nonlinearity", "plot_energy"]

#: The two measures of an Outcome, with their axis labels.
MEASURES = {"recognised": "test digits recognised (%)", "answers": "test answers right (%)"}


_RANGE = "(low, high) in percent, 0 <= low < high <= 100"


def _percent_range(value, name):
    """The range a zoomed panel shows: (low, high) in percent."""
    low, high = array(1, _RANGE, size=2)(value, name)
    if not 0 <= low < high <= 100:
        raise ValueError(f"{name} = ({low:g}, {high:g}): expected {_RANGE}")
    return float(low), float(high)


def _points(ax, limits, med, low, high, at, marks, percent=False, **style):
    """The points whose median lies in `limits` drawn on `ax` with their intervals; each median beyond
    them appended to `marks` as (y, below, text, colour), for :func:`_limit` to mark at the edge with its
    value and interval, "71 (52–82)", and no whisker: one drawn in part crossed that label (Fig. 10.3's
    "71" struck through by its own bar up to 82, referee 16, point 1)."""
    inside = (limits[0] <= med) & (med <= limits[1])
    ax.errorbar(med[inside], at[inside], xerr=[(med - low)[inside], (high - med)[inside]], capsize=3, **style)
    unit = "%" if percent else ""
    marks += [(at[i], med[i] < limits[0], f"{med[i]:.0f}{unit} ({low[i]:.0f}–{high[i]:.0f})", style["color"])
              for i in np.flatnonzero(~inside)]


def _spread(ys, gap):
    """Heights `ys` (descending) moved apart the least, in clusters each centred where its own heights
    were, so that neighbours are at least `gap` apart."""
    clusters = [[y] for y in ys]

    def placed(c):
        return [np.mean(c) + ((len(c) - 1) / 2 - j) * gap for j in range(len(c))]

    i = 0
    while i < len(clusters) - 1:
        if placed(clusters[i])[-1] - placed(clusters[i + 1])[0] < gap - 1e-9:
            clusters[i] += clusters.pop(i + 1)
            i = max(i - 1, 0)  # the merged cluster grew: it may now reach the one above
        else:
            i += 1
    return [y for c in clusters for y in placed(c)]


def _limit(ax, limits, marks, size="small"):
    """The x range `limits` of `ax`, and each median of `marks` (:func:`_points`) marked at the nearer edge
    with its label; labels nearer than a line to each other are set apart (Fig. 10.5's two on pcmo's row
    touched, referee 16, point 1). Call it once all points are drawn: it reads the y range."""
    from matplotlib.font_manager import FontProperties

    low, high = limits
    ax.set_xlim(low, high)
    inset = 0.02 * (high - low)  # the marker sits just inside the axes, not on the spine
    bottom, top = ax.get_ylim()
    # points per unit of y at the axes' height before the layout (77% of the figure's), which the
    # constrained layout of these figures makes larger: the labels end up at least a line apart
    per_unit = ax.get_window_extent().height * 72 / ax.figure.dpi / abs(top - bottom)
    line = 1.3 * FontProperties(size=size).get_size_in_points()
    for below in (True, False):
        side = sorted((m for m in marks if m[1] == below), key=lambda m: -m[0])
        at = low + inset if below else high - inset
        heights = _spread([y * per_unit for y, *_ in side], line)
        for (y, _, text, color), height in zip(side, heights):
            ax.plot([at], [y], marker="<" if below else ">", color=color, ms=6, ls="none")
            ax.annotate(text, (at, y), xytext=(7 if below else -7, height - y * per_unit), textcoords="offset points",
                        ha="left" if below else "right", va="center", fontsize=size, color=color)


def _errorbar(ax, x, outcomes, measure, **style):
    med = np.array([100 * getattr(o, measure)[0] for o in outcomes])
    low = np.array([100 * getattr(o, measure)[1] for o in outcomes])
    high = np.array([100 * getattr(o, measure)[2] for o in outcomes])
    ax.errorbar(x, med, yerr=[med - low, high - med], capsize=3, **style)


@checked(series=series_of(outcome(), "(width, Outcome)"), axes=axes_of(2))
def plot_width_sweep(series, axes=None):
    """Digits recognised and answers right against the hidden layer's width (0: one crossbar).

    Parameters
    ----------
    series : dict of label -> list of (width, Outcome)
    """
    fig, axes = subplots(1, 2, figsize=(6.6, 3.4)) if axes is None else (axes[0].figure, axes)
    markers = "os^D"
    for k, (label, points) in enumerate(series.items()):
        widths = np.array([w for w, _ in points], dtype=float)
        outcomes = [o for _, o in points]
        for ax, measure in zip(axes, MEASURES):
            _errorbar(ax, widths + 0.8 * (k - (len(series) - 1) / 2), outcomes, measure, marker=markers[k % 4],
                      color=f"C{k}", label=label, lw=1.2, ms=5)
    for ax, (measure, text) in zip(axes, MEASURES.items()):
        ax.set_xlabel("hidden neurons H")
        ax.set_ylabel(text)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize="small", loc="lower right")
    return fig


@checked(grid=mapping("(hidden_beta, beta) -> Outcome", outcome()), hidden_betas=gains("a list of hidden gains"),
         betas=gains("a list of output gains"), axes=axes_of(2))
def plot_gain_grid(grid, hidden_betas, betas, axes=None):
    """Median digits recognised and answers right on a grid of the two gains (heat maps).

    Parameters
    ----------
    grid : dict of (hidden_beta, beta) -> Outcome
    """
    missing = next(((h, b) for h in hidden_betas for b in betas if (h, b) not in grid), None)
    if missing is not None:
        raise ValueError(f"plot_gain_grid: grid: expected an Outcome at every (hidden_beta, beta) of the axes; "
                         f"({missing[0]:g}, {missing[1]:g}) is missing")
    fig, axes = subplots(1, 2, figsize=(6.6, 3.2), sharey=True) if axes is None else (axes[0].figure, axes)
    for ax, (measure, text) in zip(axes, MEASURES.items()):
        z = np.array([[100 * getattr(grid[(h, b)], measure)[0] for b in betas] for h in hidden_betas])
        image = ax.imshow(z, origin="lower", cmap="viridis", aspect="auto")  # each panel its own scale
        for i in range(len(hidden_betas)):
            for j in range(len(betas)):
                ax.text(j, i, f"{z[i, j]:.0f}", ha="center", va="center", fontsize="small",
                        color="k" if image.norm(z[i, j]) > 0.5 else "w")
        ax.set_xticks(range(len(betas)), [sci(b) for b in betas])
        ax.set_title(text, fontsize="medium")
        ax.set_xlabel(r"output gain $\beta$ (A$^{-1}$)")
    axes[0].set_yticks(range(len(hidden_betas)), [sci(h) for h in hidden_betas])
    axes[0].set_ylabel(r"hidden gain $\beta_h$ (A$^{-1}$)")
    return fig


@checked(rows=rows_of("device", "kind", "Outcome", outcome()), measure=choice(*MEASURES), ax=axes,
         zoom=optional(_percent_range))
def plot_device_outcomes(rows, measure="recognised", ax=None, zoom=None):
    """Per device, one marker per kind of classifier with its interval of the median.

    Parameters
    ----------
    rows : dict of device label -> dict of kind label -> Outcome
    zoom : (low, high) in percent, optional
        A second panel on that range beside the full one (shaded there); with `ax`, the range `ax` shows.
        A median beyond it is marked at the edge with its value and interval, "71 (52–82)".
    """
    devices = list(rows)
    kinds = list(dict.fromkeys(k for r in rows.values() for k in r))
    per_device = np.mean([len(r) for r in rows.values()])  # kinds a device has, on average
    size = (6.6, 0.42 * len(devices) * max(1, per_device / 2) + 1.6)
    if ax is not None:
        fig, panels = ax.figure, [(ax, zoom or (0.0, 100.0))]
    elif zoom is None:
        fig, ax = new_axes(None, size)
        panels = [(ax, (0.0, 100.0))]
    else:
        fig, pair = subplots(1, 2, figsize=size, sharey=True, width_ratios=(1, 1.5))
        panels = [(pair[0], (0.0, 100.0)), (pair[1], zoom)]
        pair[0].axvspan(*zoom, color="0.92", zorder=0, lw=0)
    y = np.arange(len(devices))[::-1].astype(float)
    step = 0.7 / max(1, len(kinds))
    beyond = [[] for _ in panels]  # per panel, the medians beyond its range
    for k, kind in enumerate(kinds):
        yk = y + (len(kinds) - 1) / 2 * step - k * step
        have = [d for d in devices if kind in rows[d]]
        at = np.array([yk[devices.index(d)] for d in have])
        med = np.array([100 * getattr(rows[d][kind], measure)[0] for d in have])
        low = np.array([100 * getattr(rows[d][kind], measure)[1] for d in have])
        high = np.array([100 * getattr(rows[d][kind], measure)[2] for d in have])
        for (panel, limits), marks in zip(panels, beyond):
            _points(panel, limits, med, low, high, at, marks, fmt="os^D"[k % 4], color=f"C{k}", label=kind, ms=5)
    for (panel, limits), marks in zip(panels, beyond):
        _limit(panel, limits, marks)
    panels[0][0].set_yticks(y, devices)
    for panel, _ in panels:
        panel.set_xlabel(MEASURES[measure])
        panel.grid(axis="x", alpha=0.3)
    style = dict(fontsize="small", ncols=min(3, len(kinds)), frameon=False)
    if len(panels) == 2:  # above both panels: one panel's legend would widen its column
        fig.legend(*panels[0][0].get_legend_handles_labels(), loc="outside upper center", **style)
    else:
        panels[0][0].legend(loc="lower left", bbox_to_anchor=(0, 1.0), **style)
    return fig


@checked(series=series_of(outcome(), "(NL label, Outcome)"), ax=axes, measure=choice(*MEASURES))
def plot_nonlinearity(series, ax=None, measure="recognised"):
    """A measure against NeuroSim's nonlinearity label of the devices (log axis), one line per kind.

    Parameters
    ----------
    series : dict of label -> list of (NL label, Outcome)
    """
    fig, ax = new_axes(ax, (6.4, 3.6))
    for k, (label, points) in enumerate(series.items()):
        x = np.array([nl for nl, _ in points]) * (1 + 0.04 * (k - (len(series) - 1) / 2))
        _errorbar(ax, x, [o for _, o in points], measure, marker="os^D"[k % 4], color=f"C{k}", label=label,
                  lw=1.2, ms=5)
    ax.set_xscale("log")
    ax.set_xlabel("nonlinearity label NL of both branches (NeuroSim)")
    ax.set_ylabel(MEASURES[measure])
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", loc="lower left")
    return fig


@checked(rows=rows_of("device", "rule", "Outcome", outcome(energy=True), complete=True), axes=axes_of(2),
         zoom=optional(_percent_range))
def plot_energy(rows, axes=None, zoom=None):
    """Per device: the training's write energy (left) and the digits recognised (right),
    one marker per rule, each with its interval of the median.

    Parameters
    ----------
    rows : dict of device label -> dict of rule label -> Outcome
    zoom : (low, high) in percent, optional
        The range of the digits recognised (default 0-100 %); a median beyond it is marked at the
        edge with its value and its interval, "50% (45–55)".
    """
    devices = list(rows)
    kinds = list(dict.fromkeys(k for r in rows.values() for k in r))
    fig, axes = subplots(1, 2, figsize=(6.6, 0.45 * len(devices) + 1.8), sharey=True) if axes is None else \
        (axes[0].figure, axes)
    y = np.arange(len(devices))[::-1].astype(float)
    step = 0.5 / max(1, len(kinds) - 1) if len(kinds) > 1 else 0.0
    beyond = []  # the medians beyond the right panel's range
    for k, kind in enumerate(kinds):
        yk = y + 0.25 - k * step if len(kinds) > 1 else y
        outs = [rows[d][kind] for d in devices]
        e = np.array([o.energy for o in outs]) * 1e9
        axes[0].errorbar(e[:, 0], yk, xerr=[e[:, 0] - e[:, 1], e[:, 2] - e[:, 0]], fmt="os^D"[k % 4],
                         color=f"C{k}", capsize=3, ms=5, label=kind)
        r = np.array([o.recognised for o in outs]) * 100
        _points(axes[1], zoom or (0.0, 100.0), *r.T, yk, beyond, percent=True, fmt="os^D"[k % 4],
                color=f"C{k}", ms=5)
    # a median off the panel is one the text names: its value and interval, legible
    _limit(axes[1], zoom or (0.0, 100.0), beyond, size="medium")
    axes[0].set_xlim(left=0)
    axes[0].set_yticks(y, devices)
    axes[0].set_xlabel("write energy per training (nJ)")
    axes[1].set_xlabel(MEASURES["recognised"])
    for ax in axes:
        ax.grid(axis="x", alpha=0.3)
    axes[0].legend(fontsize="small", loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(kinds), frameon=False)
    return fig
