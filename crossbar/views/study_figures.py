"""Figures of Monte Carlo studies and sweeps: rates, epochs, failures, requirement maps.

Every function takes a study or sweep result, an optional ``ax``, and returns the Figure.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import PercentFormatter

from ..studies import StudyResult, SweepResult
from ._figure import new_axes
from .report import plain, sci
from ..numbers import shown
from .checks import (RANGE_RATIOS, array, axes, bin_count, checked, crossbar_study, mapping, number, optional, switch,
                     table_of, whole_number_edges)

__all__ = [
    "plot_epochs_histogram",
    "plot_failure_analysis",
    "plot_sweep_heatmap",
    "plot_sweep_lines",
    "plot_requirement_map",
    "plot_pulse_outcomes",
    "plot_pair_shares",
    "plot_requirement_lines",
]

_LABELS = {
    "beta": r"$\beta$ (A$^{-1}$)",
    "gain": "K",
    "max_epochs": "E (most update epochs)",
    "targets": r"targets $(t^+, t^-)$",
    "target_high": r"$t^+$",
    "target_low": r"$t^-$",
    "offset_range": "offset range (lo, hi), S",
    "offset_spread": "offset spread D",
    "seed": "seed",
}


def _axis_labels(name, values):
    if name == "targets":
        return [f"({plain(a)}, {plain(b)})" for a, b in values]  # minus signs (referee 15, point 4)
    if name == "offset_range":
        return [f"({plain(a, 2)}, {plain(b, 2)})" for a, b in values]
    if name == "beta":
        return [sci(v, 3) for v in values]  # as the prose writes it: 6·10⁷
    return [plain(v, 6) for v in values]


def _sweep_axes(sweep, function, **names):
    """Refuse an axis name the sweep lacks, or one axis named twice (`names`: argument -> axis name or None)."""
    given = {argument: name for argument, name in names.items() if name is not None}
    for argument, name in given.items():
        if name not in sweep.grid.names:
            raise ValueError(f"{function}: {argument} = {shown(name)}: expected one of the sweep's axes "
                             f"{', '.join(sweep.grid.names)}")
    if len(set(given.values())) < len(given):
        raise ValueError(f"{function}: {' and '.join(given)} are both {next(iter(given.values()))!r}: expected "
                         "two different axes of the sweep")


def _where(sweep, function, names, where):
    """`where` checked: a dict fixing axes of the sweep other than the drawn `names` (argument -> axis), each to a
    value on its axis: {axis: index on it}. A key not an axis was ignored, 7e7 off the beta axis drawn the grid
    as if unfixed, and 0.5 off the c2c axis was tuple.index's 'x not in tuple'."""
    if where is None:
        return {}
    if not isinstance(where, dict):
        raise TypeError(f"{function}: where = {shown(where)}: expected a dict of sweep axis -> value, e.g. "
                        f"{{{sweep.grid.names[0]!r}: {shown(sweep.grid.axes[0][1][0])}}}")
    axes, fixed = dict(sweep.grid.axes), {}
    for name, v in where.items():
        if name not in axes:
            raise ValueError(f"{function}: where: {shown(name)} is not an axis of the sweep "
                             f"({', '.join(sweep.grid.names)})")
        drawn = [argument for argument, axis in names.items() if axis == name]
        if drawn:
            raise ValueError(f"{function}: where fixes {drawn[0]} = {name!r}, the axis drawn: drop {name!r} from where")
        key = tuple(v) if isinstance(v, (list, tuple)) else v
        if any(isinstance(k, (bool, np.bool_)) for k in (key if isinstance(key, tuple) else (key,))):
            # False == 0 drew c2c = 0, while True was 'not a value of the axis': a bool is no knob value
            raise TypeError(f"{function}: where[{name!r}] = {shown(v)}: a bool is not a value of a sweep axis; "
                            f"expected one of the sweep's {name} axis ({', '.join(_axis_labels(name, axes[name]))})")
        found = [k for k, value in enumerate(axes[name]) if _same(value, key)]
        if not found:
            raise ValueError(f"{function}: where[{name!r}] = {shown(v)}: not a value of the sweep's {name} axis "
                             f"({', '.join(_axis_labels(name, axes[name]))})")
        fixed[name] = found[0]
    return fixed


def _same(value, key):
    """Whether `key` (from where) is the axis value `value` as tuple.index found it, without numpy's array
    comparisons or a string equal to nothing."""
    try:
        return bool(value == key)
    except (TypeError, ValueError):  # an array of several values
        return False


def _grid_rates(sweep, names, where, function):
    """Rates, CI on the sub-grid of `names`, other axes fixed by `where` ({axis: index}, from :func:`_where`)."""
    shape = sweep.grid.shape
    axes = dict(sweep.grid.axes)
    index = []
    for k, (name, values) in enumerate(sweep.grid.axes):
        if name in names:
            index.append(slice(None))
        elif name in where:
            index.append(where[name])
        elif len(values) == 1:
            index.append(0)
        else:
            hue = " or draw it with hue" if function == "plot_sweep_lines" else ""
            raise ValueError(f"{function}: where: the sweep's axis {name!r} has {len(values)} values and is not drawn; "
                             f"fix one with where={{{name!r}: ...}}{hue}")
    out = []
    for col in ("rate", "ci_low", "ci_high"):
        a = np.asarray(sweep.table[col]).reshape(shape)[tuple(index)]
        order = [n for n in sweep.grid.names if n in names]
        out.append(np.moveaxis(a, [order.index(n) for n in names], range(len(names))))
    return out, [axes[n] for n in names]


@checked(result=StudyResult, ax=axes)
def plot_epochs_histogram(result, ax=None):
    """Distribution of the update epochs the converged trials of a study needed."""
    fig, ax = new_axes(ax)
    e = result.epochs[result.converged]
    s = result.summary()
    if e.size:
        ax.hist(e, bins=whole_number_edges(e.max()), color="C0")
        for q, style in ((s.epochs_median, "-"), (s.epochs_p10, ":"), (s.epochs_p90, ":")):
            ax.axvline(q, color="k", ls=style, lw=1)
    ax.set_xlabel("update epochs to converge")
    ax.set_ylabel("trials")
    ax.set_title(f"{s.converged:,} of {s.trials:,} converged ({100 * s.rate:.3g}%); median, p10, p90 marked",
                 fontsize="medium")
    return fig


@checked(result=crossbar_study, ax=axes, bins=bin_count)
def plot_failure_analysis(result, ax=None, bins=40):
    """Largest offset imbalance |s+ - s-| of a crossbar, relative to the curve's window, by outcome.

    Pairs right of 1 cannot change the sign of their weight by training. `bins`: 1 ... MAX_BINS (10,000).
    """
    fig, ax = new_axes(ax)
    window = result.study.device.window
    off = result.offsets
    ratio = np.abs(off[..., 0::2] - off[..., 1::2]).reshape(len(result), -1).max(axis=1) / window
    edges = np.linspace(0, ratio.max() * 1.01, bins + 1)
    for sel, label, color in ((result.converged, "converged", "C2"), (~result.converged, "not converged", "C3")):
        if sel.any():
            ax.hist(ratio[sel], bins=edges, histtype="step", lw=1.5, color=color, density=True,
                    label=f"{label} ({int(sel.sum()):,})")
    ax.axvline(1.0, color="k", ls="--", lw=1)
    ax.set_xlabel(r"max over pairs of $|s^+ - s^-|$ / window")
    ax.set_ylabel("density of crossbars")
    ax.legend(frameon=False)
    return fig


@checked(sweep=SweepResult, x=str, y=str, ax=axes, annotate=switch)
def plot_sweep_heatmap(sweep, x, y, where=None, ax=None, annotate=True):
    """Convergence rate on the grid of two sweep axes (others fixed by `where`, a dict axis -> value)."""
    _sweep_axes(sweep, "plot_sweep_heatmap", x=x, y=y)
    where = _where(sweep, "plot_sweep_heatmap", {"x": x, "y": y}, where)
    fig, ax = new_axes(ax, (6.5, 4.5))
    (rate, lo, hi), (yv, xv) = _grid_rates(sweep, [y, x], where, "plot_sweep_heatmap")
    im = ax.imshow(100 * rate, origin="lower", aspect="auto", cmap="viridis", vmin=0, vmax=100)
    ax.set_xticks(range(len(xv)), _axis_labels(x, xv), rotation=45, ha="right")
    ax.set_yticks(range(len(yv)), _axis_labels(y, yv))
    ax.set_xlabel(_LABELS.get(x, x))
    ax.set_ylabel(_LABELS.get(y, y))
    if annotate and rate.size <= 400:
        for (i, j), r in np.ndenumerate(rate):
            ax.text(j, i, f"{100 * r:.0f}", ha="center", va="center", fontsize="small",
                    color="w" if r < 0.6 else "k")
    fig.colorbar(im, ax=ax, label="convergence rate (%)")
    return fig


@checked(sweep=SweepResult, x=str, hue=optional(str), ax=axes, log_x=optional(switch))
def plot_sweep_lines(sweep, x, hue=None, where=None, ax=None, log_x=None):
    """Convergence rate against one sweep axis with its 95 % Wilson band, one line per `hue` value
    (other axes fixed by `where`, a dict axis -> value; `log_x` None: a log axis for beta only)."""
    _sweep_axes(sweep, "plot_sweep_lines", x=x, hue=hue)
    where = _where(sweep, "plot_sweep_lines", {"x": x, "hue": hue}, where)
    fig, ax = new_axes(ax)
    names = [x] if hue is None else [hue, x]
    (rate, lo, hi), values = _grid_rates(sweep, names, where, "plot_sweep_lines")
    xv = values[-1]
    xs = np.arange(len(xv)) if x in ("targets", "offset_range") else np.asarray(xv, dtype=float)
    if hue is None:
        rate, lo, hi = rate[None], lo[None], hi[None]
        labels = [None]
    else:
        labels = [f"{_LABELS.get(hue, hue)} = {v}" for v in _axis_labels(hue, values[0])]
    for k, label in enumerate(labels):
        line, = ax.plot(xs, 100 * rate[k], marker="o", ms=3, label=label)
        ax.fill_between(xs, 100 * lo[k], 100 * hi[k], color=line.get_color(), alpha=0.2, lw=0)
    if x in ("targets", "offset_range"):
        ax.set_xticks(xs, _axis_labels(x, xv), rotation=45, ha="right")
    elif log_x or (log_x is None and x == "beta"):
        ax.set_xscale("log")
    ax.set_xlabel(_LABELS.get(x, x))
    ax.set_ylabel("convergence rate (%)")
    ax.set_ylim(0, 100)
    if hue is not None:
        ax.legend(frameon=False, fontsize="small")
    return fig


@checked(table=table_of("range_ratio", "offset_spread", "rate"), level=number(0, 1), ax=axes)
def plot_requirement_map(table, level=0.95, ax=None):
    """Convergence rate against the offset range relative to the window and the spread.

    Parameters
    ----------
    table : dict of arrays
        A tidy table with columns ``range_ratio`` ((hi - lo) / window),
        ``offset_spread`` and ``rate`` (e.g. from
        :func:`crossbar.montecarlo.requirement_table`).
    level : float
        Rate whose contour is drawn (default 95 %).
    """
    fig, ax = new_axes(ax, (6, 4.5))
    r = np.unique(table["range_ratio"])
    d = np.unique(table["offset_spread"])
    Z = np.full((d.size, r.size), np.nan)
    for x, y, z in zip(table["range_ratio"], table["offset_spread"], table["rate"]):
        Z[np.searchsorted(d, y), np.searchsorted(r, x)] = z
    mesh = ax.pcolormesh(r, d, 100 * Z, shading="nearest", cmap="viridis", vmin=0, vmax=100)
    if r.size > 1 and d.size > 1:
        cs = ax.contour(r, d, Z, levels=[level], colors="w", linewidths=1.5)
        ax.clabel(cs, fmt={level: f"{100 * level:g}%"}, fontsize="small")
    ax.set_xlabel("offset range (hi \u2212 lo) / curve window")
    ax.set_ylabel("offset spread D (larger = more uniform)")
    fig.colorbar(mesh, ax=ax, label="convergence rate (%)")
    return fig


@checked(result=crossbar_study, ax=axes)
def plot_pulse_outcomes(result, ax=None):
    """Most pulses any one device of a crossbar received, for converged and failed trials.

    Dashed: the last point of the curve (L - 1), beyond which a pulse changes nothing;
    dotted: E, the most update epochs (a device gets at most one pulse per epoch).
    """
    fig, ax = new_axes(ax)
    most = result.pulse_count.reshape(len(result), -1).max(axis=1)
    end = result.study.device.length - 1
    epochs = result.study.setting.max_epochs
    edges = whole_number_edges(max(most.max(), epochs))
    for sel, label, color in ((result.converged, "converged", "C2"), (~result.converged, "not converged", "C3")):
        if sel.any():
            ax.hist(most[sel], bins=edges, histtype="step", lw=1.5, color=color,
                    label=f"{label} ({int(sel.sum()):,})")
    ax.axvline(end, color="k", ls="--", lw=1)
    ax.axvline(epochs, color="k", ls=":", lw=1)
    ax.text(end, 0.02, " end of curve", transform=ax.get_xaxis_transform(), va="bottom", fontsize="small")
    ax.text(epochs, 0.02, "E ", transform=ax.get_xaxis_transform(), va="bottom", ha="right", fontsize="small")
    ax.set_yscale("log")
    ax.set_xlabel("most pulses received by one device of the crossbar")
    ax.set_ylabel("crossbars")
    ax.legend(frameon=False, loc="upper center")
    return fig


@checked(shares=mapping("arrays of shares from 0.5 to 1", array(expected="shares from 0.5 to 1", within=(0.5, 1.0))),
         ax=axes)
def plot_pair_shares(shares, ax=None):
    """The busiest device's share of its pair's pulses, max(m+, m-) / (m+ + m-), one step line per label.

    `shares` maps a label (e.g. a rule, and the random-sign control on the same crossbars) to the shares of
    its pairs, each from 0.5 (an even split) to 1 (every pulse on one device). The y axis is the share of each
    label's pairs, so labels with different numbers of pairs compare; dashed: the even split.
    """
    fig, ax = new_axes(ax)
    edges = np.linspace(0.5, 1.0, 26)
    for k, (label, values) in enumerate(shares.items()):
        values = values.ravel()
        weights = np.full(values.size, 100.0 / values.size)
        ax.hist(values, bins=edges, weights=weights, histtype="step", lw=1.5, color=f"C{(3, 0, 2, 1)[k % 4]}",
                label=f"{label} ({values.size:,} pairs)")
    ax.axvline(0.5, color="k", ls="--", lw=1)
    ax.set_xlim(0.48, 1.01)
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))  # the text gives the shares in %
    ax.set_xlabel("busiest device's share of its pair's pulses (%)")
    ax.set_ylabel("pairs (%)")
    ax.legend(frameon=False, loc="upper center")
    return fig


@checked(table=table_of("range_ratio", "offset_spread", "rate", "ci_low", "ci_high"), level=number(0, 1),
          reference=optional(number(*RANGE_RATIOS, positive=True, expected="a range ratio (hi - lo) / window")), ax=axes)
def plot_requirement_lines(table, level=0.95, reference=None, ax=None):
    """Convergence rate against the offset range relative to the window, one line per spread D.

    Bands are 95 % Wilson intervals; the dashed line is `level`, the dotted one the
    `reference` range ratio if given. Columns as for :func:`plot_requirement_map`, plus
    ``ci_low`` and ``ci_high``.
    """
    fig, ax = new_axes(ax)
    ratio = np.asarray(table["range_ratio"], dtype=float)
    spread = np.asarray(table["offset_spread"], dtype=float)
    for k, d in enumerate(np.unique(spread)):
        sel = spread == d
        order = np.argsort(ratio[sel])
        x = ratio[sel][order]
        line, = ax.plot(x, 100 * np.asarray(table["rate"])[sel][order], marker="o", ms=3, color=f"C{k}",
                        label=f"D = {d:g}")
        ax.fill_between(x, 100 * np.asarray(table["ci_low"])[sel][order],
                        100 * np.asarray(table["ci_high"])[sel][order], color=line.get_color(), alpha=0.2, lw=0)
    ax.axhline(100 * level, color="k", ls="--", lw=1)
    if reference is not None:
        ax.axvline(reference, color="k", ls=":", lw=1)
        ax.text(reference, 0.02, "reference ", transform=ax.get_xaxis_transform(), ha="right", va="bottom",
                fontsize="small")
    ax.set_xscale("log")
    ax.set_xlabel("offset range (hi \u2212 lo) / curve window")
    ax.set_ylabel("convergence rate (%)")
    ax.set_ylim(0, 101)
    ax.legend(frameon=False, fontsize="small", title="spread")
    return fig
