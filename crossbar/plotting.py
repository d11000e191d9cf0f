"""Figures. Every function takes results, an optional ``ax``, and returns the Figure.

This is the only module that imports matplotlib; the compute modules never do.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import TwoSlopeNorm

__all__ = [
    "plot_epochs_histogram",
    "plot_failure_analysis",
    "plot_sweep_heatmap",
    "plot_sweep_lines",
    "plot_requirement_map",
    "plot_pulse_outcomes",
    "plot_requirement_lines",
]


def _axes(ax, figsize=(5.5, 4)):
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax.figure, ax


# =========================================================================== book chapters 1-4
# Device data, the perceptron, one Manhattan step, one training run. Conductances are drawn
# in microsiemens (µS), currents in microamperes (µA).

__all__ += [
    "plot_device_curves",
    "plot_fit",
    "plot_offset_distributions",
    "plot_conductance_window",
    "plot_offset_view",
    "plot_patterns",
    "plot_crossbar",
    "plot_activation",
    "plot_manhattan_step",
    "plot_device_conductances",
    "plot_weights",
    "plot_activations",
    "plot_total_error",
    "plot_weight_map",
    "plot_predictions",
    "plot_run_overview",
]

_US = 1e6  # siemens -> microsiemens, amperes -> microamperes


def _column_names(n_columns):
    return [f"$G^{'+' if c % 2 == 0 else '-'}_{c // 2 + 1}$" for c in range(n_columns)]


def plot_device_curves(devices, normalised=False, ax=None):
    """g(m) of one or several devices against pulse number (raw in µS, or on a 0-to-1 scale)."""
    fig, ax = _axes(ax)
    devices = devices if isinstance(devices, (list, tuple)) else [devices]
    for device in devices:
        m = np.arange(device.length)
        y = device.normalised() if normalised else device.conductance * _US
        ax.plot(m, y, "o-", ms=3, lw=1, label=device.name)
    ax.set_xlabel("pulse number m")
    ax.set_ylabel(r"$(g(m) - g(0)) \,/\, (\max g - g(0))$" if normalised else "conductance g(m) (µS)")
    ax.set_title("normalised" if normalised else "raw", fontsize="medium")
    ax.legend(frameon=False)
    return fig


def plot_fit(device, fit, log_fit=None, axes=None):
    """The curve with the fitted law(s) (top) and the residuals against the fitted noise (bottom)."""
    if axes is None:
        fig, axes = plt.subplots(2, 1, figsize=(6.5, 5), sharex=True, height_ratios=[2, 1],
                                 layout="constrained")
    fig = axes[0].figure
    m = np.arange(device.length)
    fine = np.linspace(0, device.length - 1, 400)
    axes[0].plot(m, device.conductance * _US, "o", ms=3, color="0.3", label=device.name)
    axes[0].plot(fine, fit(fine) * _US, "-", color="C1", label="stretched exponential")
    axes[1].axhspan(-fit.noise * _US, fit.noise * _US, color="C1", alpha=0.15,
                    label="±1 residual s.d. (stretched exp.)")
    axes[1].plot(m, (device.conductance - fit(m)) * _US, "o", ms=3, color="C1")
    if log_fit is not None:
        axes[0].plot(fine, log_fit(fine) * _US, "--", color="C2", label="logarithm")
        axes[1].plot(m, (device.conductance - log_fit(m)) * _US, "x", ms=3, color="C2",
                     label="residual of the logarithm")
    axes[0].set_ylabel("g(m) (µS)")
    axes[0].legend(frameon=False, loc="lower right")
    axes[1].axhline(0, color="k", lw=0.8)
    axes[1].set_xlabel("pulse number m")
    axes[1].set_ylabel("residual (µS)")
    axes[1].legend(frameon=False, loc="upper right", fontsize="small")
    return fig


def plot_offset_distributions(samples, bins=60, ax=None):
    """Histograms of device offsets; `samples` maps a label to an array of offsets (S)."""
    fig, ax = _axes(ax)
    for label, values in samples.items():
        ax.hist(np.ravel(values) * _US, bins=bins, histtype="step", density=True, lw=1.5, label=label)
    ax.set_xlabel("offset s (µS)")
    ax.set_ylabel("probability density (1/µS)")
    ax.legend(frameon=False, fontsize="small")
    return fig


def plot_conductance_window(device, gain, lo, hi, ax=None):
    """Device conductance K (g(m) - g(0) + s) against pulse number for the smallest and largest offset.

    The band between the two curves is the spread offsets alone put in, K (hi - lo);
    the rise of each curve is what pulses can add, K (max g - g(0)). K scales both.
    """
    fig, ax = _axes(ax)
    m = np.arange(device.length)
    rise = device.conductance - device.conductance[0]
    low = gain * (rise + lo) * _US
    high = gain * (rise + hi) * _US
    ax.fill_between(m, low, high, color="C0", alpha=0.25,
                    label=f"offsets s in [{lo * 1e9:.3g}, {hi * 1e9:.3g}] nS")
    ax.plot(m, low, color="C0", lw=1)
    ax.plot(m, high, color="C0", lw=1)
    top = gain * (device.window + lo) * _US
    ax.annotate("", xy=(device.length - 1, top), xytext=(device.length - 1, gain * lo * _US),
                arrowprops=dict(arrowstyle="<->", color="C3"))
    ax.text(device.length - 2, 0.5 * (top + gain * lo * _US), "window\nK (max g − g(0))",
            color="C3", ha="right", va="center", fontsize="small")
    ax.set_xlabel("pulse number m")
    ax.set_ylabel("device conductance G (µS)")
    ax.set_title(f"K = {gain:g}", fontsize="medium")
    ax.legend(frameon=False, loc="upper left", fontsize="small")
    return fig


def plot_offset_view(samples, device, gain, lo, hi, label="offsets"):
    """Two panels: the offsets scaled by K (histogram) and the conductance window at that K."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    plot_offset_distributions({f"K · s, {label}": gain * np.asarray(samples)}, ax=axes[0])
    axes[0].set_xlabel("K · s (µS)")
    plot_conductance_window(device, gain, lo, hi, ax=axes[1])
    return fig


# --- the perceptron ------------------------------------------------------------------------


def plot_patterns(patterns, predictions=None, axes=None, title=None):
    """Each pattern as a 2x2 pixel image (black = bit 1) titled with its labels.

    With `predictions` (P, M; -1 = undecided, shown '?') the frame is green where
    every neuron answers the label, red otherwise.
    """
    P = patterns.n_patterns
    if axes is None:
        fig, axes = plt.subplots(1, P, figsize=(1.15 * P + 0.4, 2.2 if predictions is not None else 1.9),
                                 layout="constrained")
    axes = np.atleast_1d(axes)
    fig = axes[0].figure
    side = int(round(np.sqrt(patterns.n_inputs)))
    for n, ax in enumerate(axes):
        ax.imshow(patterns.bits[n].reshape(side, -1), cmap="Greys", vmin=-0.15, vmax=1)
        ax.set_xticks([])
        ax.set_yticks([])
        text = f"{patterns.strings()[n]}\nlabel {''.join(map(str, patterns.labels[n]))}"
        if predictions is not None:
            guess = "".join("?" if v < 0 else str(v) for v in predictions[n])
            ok = np.array_equal(predictions[n], patterns.labels[n])
            text += f"\nnet {guess}"
            for spine in ax.spines.values():
                spine.set_edgecolor("tab:green" if ok else "tab:red")
                spine.set_linewidth(3)
        ax.set_title(text, fontsize=9)
    if title:
        fig.suptitle(title, fontsize="medium")
    return fig


def plot_crossbar(conductance, voltages, ax=None):
    """The crossbar as a matrix: G_jc (µS) in each cell, the row voltages V_j on the left and
    the column currents I_c = sum_j V_j G_jc (µA) and logic currents I_i = I_2i - I_2i+1 below."""
    fig, ax = _axes(ax, (6.5, 4.2))
    G = np.asarray(conductance) * _US
    V = np.asarray(voltages)
    N, C = G.shape
    image = ax.imshow(G, cmap="viridis", aspect="auto")
    for (j, c), v in np.ndenumerate(G):
        ax.text(c, j, f"{v:.3f}", ha="center", va="center", fontsize=8,
                color="w" if v < G.min() + 0.6 * (np.ptp(G) or 1) else "k")
    ax.set_yticks(range(N), [f"row {j + 1}: V = {V[j]:+.2g} V" for j in range(N)])
    column = V @ np.asarray(conductance) * _US
    logic = column[0::2] - column[1::2]
    ax.set_xticks(range(C), [f"{name}\nI = {column[c]:+.3f} µA" + (f"\n$I_{c // 2 + 1}$ = {logic[c // 2]:+.3f} µA" if c % 2 == 0 else "\n")
                             for c, name in enumerate(_column_names(C))], fontsize=8)
    ax.tick_params(axis="x", bottom=False, labelbottom=True)
    fig.colorbar(image, ax=ax, label="conductance G (µS)", shrink=0.85)
    return fig


def plot_activation(setting, current_limit=None, ax=None):
    """f = tanh(beta I) against the logic current, with the target bands and the reachable currents.

    Parameters
    ----------
    setting : TrainingSetting
    current_limit : float, optional
        Largest |I| the crossbar can produce, A (:func:`crossbar.physics.current_limit`); shaded.
    """
    fig, ax = _axes(ax, (6.5, 4))
    span = 3.0 / setting.beta
    if current_limit is not None:
        span = max(span, 1.25 * current_limit)
    current = np.linspace(-span, span, 800)
    ax.plot(current * _US, np.tanh(setting.beta * current), "k", lw=2,
            label=rf"$\tanh(\beta I)$, $\beta$ = {setting.beta:.3g} 1/A")
    ax.axhspan(setting.target_high, 1.05, color="tab:green", alpha=0.2,
               label=f"label 1 needs f > t⁺ = {setting.target_high:g}")
    ax.axhspan(-1.05, setting.target_low, color="tab:blue", alpha=0.2,
               label=f"label 0 needs f < t⁻ = {setting.target_low:g}")
    if current_limit is not None:
        ax.axvspan(-current_limit * _US, current_limit * _US, color="0.88", zorder=0,
                   label=f"|I| the crossbar can reach (≤ {current_limit * _US:.3g} µA)")
    ax.set_xlabel(r"logic current $I = I^+ - I^-$ (µA)")
    ax.set_ylabel("activation f")
    ax.set_xlim(-span * _US, span * _US)
    ax.set_ylim(-1.05, 1.05)
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    return fig


# --- one Manhattan step --------------------------------------------------------------------


def plot_manhattan_step(step, patterns, axes=None, epoch=None):
    """Four panels (2 x 2) of one epoch: delta per pattern and neuron, sum_n delta V per weight,
    its sign, and the pulse each device receives (1 = pulsed).

    `step` is the dict returned by :func:`crossbar.physics.manhattan_step`.
    """
    if axes is None:
        fig, axes = plt.subplots(2, 2, figsize=(9.5, 7), layout="constrained")
    axes = np.ravel(axes)
    fig = axes[0].figure
    inputs = [f"input {j + 1}" for j in range(step["summed"].shape[0])]
    pulses = np.zeros_like(step["conductance"])
    pulses[:, 0::2] = step["update"] > 0
    pulses[:, 1::2] = step["update"] < 0
    panels = [
        (step["delta"] * _US ** -1, r"$\delta_i(n)$ (1/µA)", patterns.strings(), "pattern n", "neuron"),
        (step["summed"] * _US ** -1, r"$\sum_n \delta_i(n) V_j(n)$ (V/µA)", inputs, "", "neuron"),
        (step["update"].astype(float), r"$\Delta W_{ji}$ = sign", inputs, "", "neuron"),
        (pulses, "pulse sent to", inputs, "", "device"),
    ]
    for k, (ax, (values, title, rows, ylabel, kind)) in enumerate(zip(axes, panels)):
        limit = np.abs(values).max() or 1.0
        cmap = "Reds" if k == 3 else "RdBu_r"
        norm = None if k == 3 else TwoSlopeNorm(0, -limit, limit)
        if k == 3:
            ax.imshow(values, cmap=cmap, vmin=0, vmax=1.6, aspect="auto")
        else:
            ax.imshow(values, cmap=cmap, norm=norm, aspect="auto")
        cols = (_column_names(values.shape[1]) if kind == "device"
                else [f"neuron {i + 1}" for i in range(values.shape[1])])
        ax.set_xticks(range(values.shape[1]), cols, fontsize=8)
        ax.set_yticks(range(len(rows)), rows)
        ax.set_ylabel(ylabel)
        ax.set_title(title, fontsize=10)
        for (r, c), v in np.ndenumerate(values):
            text = ("pulse" if v else "") if k == 3 else (f"{v:+.0f}" if k == 2 else f"{v:.2g}")
            dark = k != 3 and abs(v) > 0.6 * limit
            ax.text(c, r, text, ha="center", va="center", fontsize=8, color="w" if dark else "k")
    if epoch is not None:
        fig.suptitle(f"epoch {epoch}: total error {step['total_error']:.3f}", fontsize="medium")
    return fig


# --- one training run ----------------------------------------------------------------------


def plot_device_conductances(run, axes=None):
    """Each device's conductance against epoch on an N x C grid (rows = inputs, columns G+1 G-1 ...)."""
    history = run.conductance_history * _US
    N, C = history.shape[1:]
    if axes is None:
        fig, axes = plt.subplots(N, C, figsize=(2.3 * C + 0.5, 1.7 * N + 0.4), sharex=True, sharey=True,
                                 layout="constrained", squeeze=False)
    fig = np.ravel(axes)[0].figure
    names = _column_names(C)
    epochs = np.arange(history.shape[0])
    for j in range(N):
        for c in range(C):
            ax = axes[j][c]
            ax.plot(epochs, history[:, j, c], color="tab:red" if c % 2 == 0 else "tab:blue", lw=1.5)
            ax.set_title(f"input {j + 1}, {names[c]}", fontsize=8)
            if j == N - 1:
                ax.set_xlabel("epoch")
            if c == 0:
                ax.set_ylabel("G (µS)")
    return fig


def plot_weights(run, ax=None):
    """The N x M weights G+ - G- against epoch (solid: neuron 1, dashed: neuron 2)."""
    fig, ax = _axes(ax, (6.5, 4))
    w = run.weight_history * _US
    for j in range(w.shape[1]):
        for i in range(w.shape[2]):
            ax.plot(w[:, j, i], lw=1.5, color=f"C{j}", ls="-" if i == 0 else "--",
                    label=f"$W_{{{j + 1}{i + 1}}}$: input {j + 1}, neuron {i + 1}")
    ax.axhline(0, color="k", lw=0.6)
    ax.set_xlabel("epoch")
    ax.set_ylabel(r"weight $G^+ - G^-$ (µS)")
    ax.legend(frameon=False, fontsize=7, ncol=2)
    return fig


def plot_activations(run, axes=None):
    """Each training pattern's activation against epoch, one panel per neuron, with the target lines.

    Solid: the pattern is labelled 1 for that neuron (must end above t+); dotted: labelled 0.
    """
    f = run.activation_history
    M = f.shape[2]
    if axes is None:
        fig, axes = plt.subplots(1, M, figsize=(5.2 * M, 3.6), sharey=True, layout="constrained")
    axes = np.atleast_1d(axes)
    fig = axes[0].figure
    s = run.setting
    for i, ax in enumerate(axes):
        for n, name in enumerate(run.patterns.strings()):
            label = run.patterns.labels[n, i]
            ax.plot(f[:, n, i], lw=1.5, ls="-" if label else ":", color=f"C{n}", label=name)
        ax.axhline(s.target_high, color="tab:green", lw=1)
        ax.axhline(s.target_low, color="tab:blue", lw=1)
        ax.text(0, s.target_high, " t⁺", color="tab:green", va="bottom", fontsize=8)
        ax.text(0, s.target_low, " t⁻", color="tab:blue", va="top", fontsize=8)
        ax.set_title(f"neuron {i + 1}", fontsize="medium")
        ax.set_xlabel("epoch")
        ax.set_ylim(-1.05, 1.05)
    axes[0].set_ylabel("activation f")
    axes[-1].legend(frameon=False, fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return fig


def plot_total_error(run, ax=None, label=None):
    """Total error against epoch (several runs can share one `ax`)."""
    fig, ax = _axes(ax)
    ax.plot(run.error_history, "o-", ms=3, lw=1.5,
            label=label or ("converged" if run.converged else "not converged"))
    ax.set_xlabel("epoch")
    ax.set_ylabel("total error")
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False)
    return fig


def plot_weight_map(run, ax=None):
    """Final weights G+ - G- as a heat map (inputs x neurons), values written in, µS."""
    fig, ax = _axes(ax, (4.2, 3.8))
    w = run.weights * _US
    limit = np.abs(w).max() or 1.0
    image = ax.imshow(w, cmap="RdBu_r", norm=TwoSlopeNorm(0, -limit, limit))
    for (j, i), v in np.ndenumerate(w):
        ax.text(i, j, f"{v:+.3f}", ha="center", va="center", fontsize=9)
    ax.set_xticks(range(w.shape[1]), [f"neuron {i + 1}" for i in range(w.shape[1])])
    ax.set_yticks(range(w.shape[0]), [f"input {j + 1}" for j in range(w.shape[0])])
    fig.colorbar(image, ax=ax, label=r"$G^+ - G^-$ (µS)", shrink=0.8)
    return fig


def plot_predictions(run, patterns, axes=None, title=None):
    """Patterns with their labels and the trained network's answers (green: right, red: wrong)."""
    return plot_patterns(patterns, predictions=run.predict(patterns), axes=axes, title=title)


def plot_run_overview(run):
    """Four panels of one run: total error, weights, and each neuron's activations against epoch."""
    fig, axes = plt.subplots(2, 2, figsize=(11, 6.5), layout="constrained")
    plot_total_error(run, ax=axes[0, 0])
    plot_weights(run, ax=axes[0, 1])
    axes[0, 1].legend().remove()
    plot_activations(run, axes=axes[1])
    verdict = f"converged in {run.epochs} epochs" if run.converged else f"not converged after {run.epochs} epochs"
    fig.suptitle(verdict, fontsize="medium")
    return fig


# =========================================================================== Monte Carlo

_LABELS = {
    "beta": r"$\beta$ (1/A)",
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
        return [f"({a:g}, {b:g})" for a, b in values]
    if name == "offset_range":
        return [f"({a:.2g}, {b:.2g})" for a, b in values]
    return [f"{v:g}" for v in values]


def _grid_rates(sweep, names, where):
    """Rates, CI on the sub-grid of `names`, other axes fixed by `where` (axis -> value or index)."""
    where = dict(where or {})
    shape = sweep.grid.shape
    axes = dict(sweep.grid.axes)
    index = []
    for k, (name, values) in enumerate(sweep.grid.axes):
        if name in names:
            index.append(slice(None))
        elif name in where:
            v = where[name]
            index.append(values.index(tuple(v) if isinstance(v, (list, tuple)) else v))
        elif len(values) == 1:
            index.append(0)
        else:
            raise ValueError(f"sweep axis {name!r} has {len(values)} values; fix one with where={{{name!r}: ...}}")
    out = []
    for col in ("rate", "ci_low", "ci_high"):
        a = np.asarray(sweep.table[col]).reshape(shape)[tuple(index)]
        order = [n for n in sweep.grid.names if n in names]
        out.append(np.moveaxis(a, [order.index(n) for n in names], range(len(names))))
    return out, [axes[n] for n in names]


def plot_epochs_histogram(result, ax=None):
    """Distribution of the update epochs the converged trials of a study needed."""
    fig, ax = _axes(ax)
    e = result.epochs[result.converged]
    s = result.summary()
    if e.size:
        ax.hist(e, bins=np.arange(e.max() + 2) - 0.5, color="C0")
        for q, style in ((s.epochs_median, "-"), (s.epochs_p10, ":"), (s.epochs_p90, ":")):
            ax.axvline(q, color="k", ls=style, lw=1)
    ax.set_xlabel("update epochs to converge")
    ax.set_ylabel("trials")
    ax.set_title(f"{s.converged} of {s.trials} converged ({100 * s.rate:.3g} %); median, p10, p90 marked",
                 fontsize="medium")
    return fig


def plot_failure_analysis(result, ax=None, bins=40):
    """Largest offset imbalance |s+ - s-| of a crossbar, relative to the curve's window, by outcome.

    Pairs right of 1 cannot change the sign of their weight by training.
    """
    fig, ax = _axes(ax)
    window = result.study.device.window
    off = result.offsets
    ratio = np.abs(off[..., 0::2] - off[..., 1::2]).reshape(len(result), -1).max(axis=1) / window
    edges = np.linspace(0, ratio.max() * 1.01, bins + 1)
    for sel, label, color in ((result.converged, "converged", "C2"), (~result.converged, "not converged", "C3")):
        if sel.any():
            ax.hist(ratio[sel], bins=edges, histtype="step", lw=1.5, color=color, density=True,
                    label=f"{label} ({int(sel.sum())})")
    ax.axvline(1.0, color="k", ls="--", lw=1)
    ax.set_xlabel(r"max over pairs of $|s^+ - s^-|$ / window")
    ax.set_ylabel("density of crossbars")
    ax.legend(frameon=False)
    return fig


def plot_sweep_heatmap(sweep, x, y, where=None, ax=None, annotate=True):
    """Convergence rate on the grid of two sweep axes (others fixed by `where`)."""
    fig, ax = _axes(ax, (6.5, 4.5))
    (rate, lo, hi), (yv, xv) = _grid_rates(sweep, [y, x], where)
    im = ax.imshow(100 * rate, origin="lower", aspect="auto", cmap="viridis", vmin=0, vmax=100)
    ax.set_xticks(range(len(xv)), _axis_labels(x, xv), rotation=45, ha="right")
    ax.set_yticks(range(len(yv)), _axis_labels(y, yv))
    ax.set_xlabel(_LABELS.get(x, x))
    ax.set_ylabel(_LABELS.get(y, y))
    if annotate and rate.size <= 400:
        for (i, j), r in np.ndenumerate(rate):
            ax.text(j, i, f"{100 * r:.0f}", ha="center", va="center", fontsize="x-small",
                    color="w" if r < 0.6 else "k")
    fig.colorbar(im, ax=ax, label="convergence rate (%)")
    return fig


def plot_sweep_lines(sweep, x, hue=None, where=None, ax=None, log_x=None):
    """Convergence rate against one sweep axis with its 95 % Wilson band, one line per `hue` value."""
    fig, ax = _axes(ax)
    names = [x] if hue is None else [hue, x]
    (rate, lo, hi), values = _grid_rates(sweep, names, where)
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
    fig, ax = _axes(ax, (6, 4.5))
    r = np.unique(table["range_ratio"])
    d = np.unique(table["offset_spread"])
    Z = np.full((d.size, r.size), np.nan)
    for x, y, z in zip(table["range_ratio"], table["offset_spread"], table["rate"]):
        Z[np.searchsorted(d, y), np.searchsorted(r, x)] = z
    mesh = ax.pcolormesh(r, d, 100 * Z, shading="nearest", cmap="viridis", vmin=0, vmax=100)
    if r.size > 1 and d.size > 1:
        cs = ax.contour(r, d, Z, levels=[level], colors="w", linewidths=1.5)
        ax.clabel(cs, fmt={level: f"{100 * level:g} %"}, fontsize="small")
    ax.set_xlabel("offset range (hi - lo) / curve window")
    ax.set_ylabel("offset spread D (larger = more uniform)")
    fig.colorbar(mesh, ax=ax, label="convergence rate (%)")
    return fig


def plot_pulse_outcomes(result, ax=None):
    """Most pulses any one device of a crossbar received, for converged and failed trials.

    Dashed: the last point of the curve (L - 1), beyond which a pulse changes nothing;
    dotted: E, the most update epochs (a device gets at most one pulse per epoch).
    """
    fig, ax = _axes(ax)
    most = result.pulse_count.reshape(len(result), -1).max(axis=1)
    end = result.study.device.length - 1
    epochs = result.study.setting.max_epochs
    edges = np.arange(max(most.max(), epochs) + 2) - 0.5
    for sel, label, color in ((result.converged, "converged", "C2"), (~result.converged, "not converged", "C3")):
        if sel.any():
            ax.hist(most[sel], bins=edges, histtype="step", lw=1.5, color=color,
                    label=f"{label} ({int(sel.sum())})")
    ax.axvline(end, color="k", ls="--", lw=1)
    ax.axvline(epochs, color="k", ls=":", lw=1)
    ax.text(end, 0.02, " end of curve", transform=ax.get_xaxis_transform(), va="bottom", fontsize="small")
    ax.text(epochs, 0.02, "E ", transform=ax.get_xaxis_transform(), va="bottom", ha="right", fontsize="small")
    ax.set_yscale("log")
    ax.set_xlabel("most pulses received by one device of the crossbar")
    ax.set_ylabel("crossbars")
    ax.legend(frameon=False, loc="upper center")
    return fig


def plot_requirement_lines(table, level=0.95, reference=None, ax=None):
    """Convergence rate against the offset range relative to the window, one line per spread D.

    Bands are 95 % Wilson intervals; the dashed line is `level`, the dotted one the
    `reference` range ratio if given. Columns as for :func:`plot_requirement_map`, plus
    ``ci_low`` and ``ci_high``.
    """
    fig, ax = _axes(ax)
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
    ax.set_xlabel("offset range (hi - lo) / curve window")
    ax.set_ylabel("convergence rate (%)")
    ax.set_ylim(0, 101)
    ax.legend(frameon=False, fontsize="small", title="spread")
    return fig
