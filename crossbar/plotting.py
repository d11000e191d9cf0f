"""Figures. One function per figure: it takes results, draws on `ax` (or new
axes) and returns the Figure. The compute modules never import matplotlib.

Conductances are drawn in microsiemens and currents in microamperes.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import TwoSlopeNorm

from . import physics

__all__ = [
    "plot_device_curves",
    "plot_fit",
    "plot_offset_distributions",
    "plot_conductance_window",
    "plot_patterns",
    "plot_activation",
    "plot_manhattan_step",
    "plot_device_conductances",
    "plot_weights",
    "plot_activations",
    "plot_total_error",
    "plot_weight_map",
    "plot_predictions",
]

_US = 1e6  # siemens -> microsiemens, amperes -> microamperes


def _axes(ax, figsize=(6, 4)):
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax.figure, ax


def _column_names(n_columns):
    return [f"G{'+' if c % 2 == 0 else '-'}{c // 2 + 1}" for c in range(n_columns)]


# --- device data -------------------------------------------------------------------------------

def plot_device_curves(devices, normalised=False, ax=None):
    """g(m) of one or several devices against pulse number (raw in uS, or on a 0-1 scale)."""
    fig, ax = _axes(ax)
    devices = devices if isinstance(devices, (list, tuple)) else [devices]
    for device in devices:
        m = np.arange(device.length)
        y = device.normalised() if normalised else device.conductance * _US
        ax.plot(m, y, "o-", ms=3, lw=1, label=device.name)
    ax.set_xlabel("pulse number m")
    ax.set_ylabel("(g(m) - g(0)) / (max g - g(0))" if normalised else "conductance g(m) (uS)")
    ax.legend(frameon=False)
    return fig


def plot_fit(device, fit, axes=None):
    """The curve, the fitted law and the residuals against the fitted noise (two panels)."""
    if axes is None:
        fig, axes = plt.subplots(2, 1, figsize=(6, 5), sharex=True, height_ratios=[2, 1], layout="constrained")
    fig = axes[0].figure
    m = np.arange(device.length)
    fine = np.linspace(0, device.length - 1, 400)
    axes[0].plot(m, device.conductance * _US, "o", ms=3, label=device.name)
    axes[0].plot(fine, fit(fine) * _US, "-", label="stretched-exponential fit")
    axes[0].set_ylabel("g(m) (uS)")
    axes[0].legend(frameon=False)
    residual = (device.conductance - fit(m)) * _US
    axes[1].axhspan(-fit.noise * _US, fit.noise * _US, color="0.85", label="+-1 fitted noise")
    axes[1].plot(m, residual, "o", ms=3)
    axes[1].axhline(0, color="k", lw=0.8)
    axes[1].set_xlabel("pulse number m")
    axes[1].set_ylabel("residual (uS)")
    axes[1].legend(frameon=False, loc="upper right")
    return fig


def plot_offset_distributions(samples, bins=60, ax=None):
    """Histograms of device offsets; `samples` maps a label to an array of offsets (S)."""
    fig, ax = _axes(ax)
    for label, values in samples.items():
        ax.hist(np.ravel(values) * _US, bins=bins, histtype="step", density=True, lw=1.5, label=label)
    ax.set_xlabel("offset s (uS)")
    ax.set_ylabel("probability density (1/uS)")
    ax.legend(frameon=False)
    return fig


def plot_conductance_window(device, gain, lo, hi, ax=None):
    """Conductance K (g(m) - g(0) + s) against pulse number for the smallest and largest offset.

    The band between the two curves is what offsets alone spread; the rise of
    each curve is what pulses can add. K scales both.
    """
    fig, ax = _axes(ax)
    m = np.arange(device.length)
    rise = device.conductance - device.conductance[0]
    low = gain * (rise + lo) * _US
    high = gain * (rise + hi) * _US
    ax.fill_between(m, low, high, alpha=0.3, label=f"offset range [{lo:.2g}, {hi:.2g}] S")
    ax.plot(m, low, lw=1)
    ax.plot(m, high, lw=1)
    ax.set_xlabel("pulse number m")
    ax.set_ylabel("device conductance G (uS)")
    ax.set_title(f"K = {gain:g}")
    ax.legend(frameon=False, loc="upper left")
    return fig


# --- the perceptron ----------------------------------------------------------------------------

def plot_patterns(patterns, predictions=None, axes=None):
    """Each pattern as a 2x2 pixel image titled with its labels (and predictions, if given).

    A prediction of -1 (undecided) is shown as '?'.
    """
    P = patterns.n_patterns
    if axes is None:
        fig, axes = plt.subplots(1, P, figsize=(1.3 * P, 1.9), layout="constrained")
    axes = np.atleast_1d(axes)
    fig = axes[0].figure
    side = int(round(np.sqrt(patterns.n_inputs)))
    for n, ax in enumerate(axes):
        ax.imshow(patterns.bits[n].reshape(side, -1), cmap="Greys", vmin=0, vmax=1)
        ax.set_xticks([])
        ax.set_yticks([])
        title = f"{patterns.strings()[n]}\nlabel {''.join(map(str, patterns.labels[n]))}"
        if predictions is not None:
            guess = "".join("?" if v < 0 else str(v) for v in predictions[n])
            ok = np.array_equal(predictions[n], patterns.labels[n])
            title += f"\nnet {guess}"
            for spine in ax.spines.values():
                spine.set_edgecolor("tab:green" if ok else "tab:red")
                spine.set_linewidth(3)
        ax.set_title(title, fontsize=9)
    return fig


def plot_activation(setting, current_limit=None, ax=None):
    """tanh(beta I) against the logic current, with the target bands and the reachable currents.

    Parameters
    ----------
    setting : TrainingSetting
    current_limit : float, optional
        Largest |I| the crossbar can produce, A (see :func:`crossbar.physics.current_limit`);
        shaded if given.
    """
    fig, ax = _axes(ax)
    span = 3.0 / setting.beta
    if current_limit is not None:
        span = max(span, 1.2 * current_limit)
    current = np.linspace(-span, span, 600)
    ax.plot(current * _US, np.tanh(setting.beta * current), "k", lw=2, label=f"tanh(beta I), beta = {setting.beta:.3g}/A")
    ax.axhspan(setting.target_high, 1, color="tab:green", alpha=0.2, label=f"label 1: f > {setting.target_high:g}")
    ax.axhspan(-1, setting.target_low, color="tab:blue", alpha=0.2, label=f"label 0: f < {setting.target_low:g}")
    if current_limit is not None:
        ax.axvspan(-current_limit * _US, current_limit * _US, color="0.9", zorder=0, label="currents the crossbar can reach")
    ax.set_xlabel("logic current I = I+ - I- (uA)")
    ax.set_ylabel("activation f")
    ax.set_ylim(-1.05, 1.05)
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    return fig


# --- one Manhattan step ------------------------------------------------------------------------

def plot_manhattan_step(step, patterns, axes=None):
    """Three panels: delta per pattern and neuron, the summed sum_n delta V per weight, and its sign.

    `step` is the dict returned by :func:`crossbar.physics.manhattan_step`.
    """
    if axes is None:
        fig, axes = plt.subplots(1, 3, figsize=(11, 3.4), layout="constrained",
                                 gridspec_kw={"width_ratios": [1.1, 1, 1]})
    fig = axes[0].figure
    panels = [
        (step["delta"], "delta_i(n)", patterns.strings(), "pattern n"),
        (step["summed"], "sum_n delta_i(n) V_j(n)", [f"input {j + 1}" for j in range(step["summed"].shape[0])], "input j"),
        (step["update"].astype(float), "Delta W = sign (+1: pulse G+, -1: pulse G-)",
         [f"input {j + 1}" for j in range(step["update"].shape[0])], "input j"),
    ]
    for k, (ax, (values, title, rows, ylabel)) in enumerate(zip(axes, panels)):
        limit = np.abs(values).max() or 1.0
        image = ax.imshow(values, cmap="RdBu_r", norm=TwoSlopeNorm(0, -limit, limit), aspect="auto")
        ax.set_xticks(range(values.shape[1]), [f"neuron {i + 1}" for i in range(values.shape[1])])
        ax.set_yticks(range(len(rows)), rows)
        ax.set_ylabel(ylabel)
        ax.set_title(title, fontsize=10)
        for (r, c), v in np.ndenumerate(values):
            ax.text(c, r, f"{v:+.0f}" if k == 2 else f"{v:.2g}", ha="center", va="center", fontsize=8)
        fig.colorbar(image, ax=ax, shrink=0.8)
    return fig


# --- one training run --------------------------------------------------------------------------

def plot_device_conductances(run, axes=None):
    """Each device's conductance against epoch, on an N x C grid (rows = inputs)."""
    history = run.conductance_history * _US
    N, C = history.shape[1:]
    if axes is None:
        fig, axes = plt.subplots(N, C, figsize=(2.2 * C, 1.7 * N), sharex=True, sharey=True, layout="constrained")
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
                ax.set_ylabel("G (uS)")
    return fig


def plot_weights(run, ax=None):
    """The N x M weights G+ - G- against epoch."""
    fig, ax = _axes(ax)
    w = run.weight_history * _US
    for j in range(w.shape[1]):
        for i in range(w.shape[2]):
            ax.plot(w[:, j, i], lw=1.5, ls="-" if i == 0 else "--", label=f"W input {j + 1}, neuron {i + 1}")
    ax.axhline(0, color="k", lw=0.6)
    ax.set_xlabel("epoch")
    ax.set_ylabel("weight G+ - G- (uS)")
    ax.legend(frameon=False, fontsize=7, ncol=2)
    return fig


def plot_activations(run, axes=None):
    """Each training pattern's activation against epoch, one panel per neuron, with the targets."""
    f = run.activation_history
    M = f.shape[2]
    if axes is None:
        fig, axes = plt.subplots(1, M, figsize=(5 * M, 3.5), sharey=True, layout="constrained")
    axes = np.atleast_1d(axes)
    fig = axes[0].figure
    s = run.setting
    for i, ax in enumerate(axes):
        for n, name in enumerate(run.patterns.strings()):
            label = run.patterns.labels[n, i]
            ax.plot(f[:, n, i], lw=1.5, ls="-" if label else ":", label=f"{name} (label {label})")
        ax.axhline(s.target_high, color="tab:green", lw=1)
        ax.axhline(s.target_low, color="tab:blue", lw=1)
        ax.set_title(f"neuron {i + 1}")
        ax.set_xlabel("epoch")
        ax.set_ylim(-1.05, 1.05)
    axes[0].set_ylabel("activation f")
    axes[-1].legend(frameon=False, fontsize=7, loc="center right")
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
    """Final weights G+ - G- as a heat map (inputs x neurons), values written in."""
    fig, ax = _axes(ax, figsize=(3.6, 3.6))
    w = run.weights * _US
    limit = np.abs(w).max() or 1.0
    image = ax.imshow(w, cmap="RdBu_r", norm=TwoSlopeNorm(0, -limit, limit))
    for (j, i), v in np.ndenumerate(w):
        ax.text(i, j, f"{v:+.3f}", ha="center", va="center", fontsize=9)
    ax.set_xticks(range(w.shape[1]), [f"neuron {i + 1}" for i in range(w.shape[1])])
    ax.set_yticks(range(w.shape[0]), [f"input {j + 1}" for j in range(w.shape[0])])
    fig.colorbar(image, ax=ax, label="G+ - G- (uS)", shrink=0.8)
    return fig


def plot_predictions(run, patterns, axes=None):
    """Patterns with their labels and the trained network's answers (green: right, red: wrong)."""
    return plot_patterns(patterns, predictions=run.predict(patterns), axes=axes)
