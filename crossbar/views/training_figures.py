"""Figures of the perceptron and of training runs: patterns, the crossbar, one Manhattan step, a run.

Conductances in µS, currents in µA. Every function takes results, an optional ``ax`` (or
``axes``), and returns the Figure.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import TwoSlopeNorm

from ..devices import DeviceCurve
from ..numbers import real_array
from ..tasks import PatternSet
from ..training import TrainingRun, TrainingSetting
from ..training.units import MAX_INPUTS, largest_current
from ._figure import US, column_names, new_axes, subplots
from .device_figures import gain_in_range
from .report import MINUS, plain, sci, signed
from .checks import (SIEMENS, array, axes, axes_of, checked, count, number, optional, panels, run_with_history,
                     step_record, text)

__all__ = [
    "plot_patterns",
    "plot_crossbar",
    "plot_activation",
    "plot_manhattan_step",
    "plot_device_conductances",
    "plot_weights",
    "plot_activations",
    "plot_total_error",
    "plot_pulse_steps",
    "plot_weight_map",
    "plot_predictions",
    "plot_run_overview",
]


def _signed3(x):
    """A current to three decimals with its sign, a minus sign for a negative one ('−0.027')."""
    return f"{x:+.3f}".replace("-", MINUS)


@checked(patterns=PatternSet, axes=axes_of(1), title=optional(text))
def plot_patterns(patterns, predictions=None, axes=None, title=None):
    """Each pattern as a 2x2 pixel image (black = bit 1) titled with its labels.

    With `predictions` (P, M; -1 = undecided, shown '?') the frame is green where
    every neuron answers the label, red otherwise.
    """
    P = patterns.n_patterns
    if predictions is not None:
        predictions = _answers(predictions, patterns)
    if axes is None:  # at most five patterns a row, so that the page shows them at a legible size
        columns = min(P, 5)
        rows = -(-P // columns)
        fig, grid = subplots(rows, columns, figsize=(1.25 * columns + 0.4,
                                                     (2.5 if predictions is not None else 2.2) * rows),
                             layout="constrained", squeeze=False)
        for ax in grid.ravel()[P:]:
            ax.set_axis_off()
        axes = grid.ravel()[:P]
    axes = panels(axes, P, "plot_patterns: axes", "pattern")
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
        ax.set_title(text, fontsize="small")
    if title:
        fig.suptitle(title, fontsize="medium")
    return fig


def _answers(predictions, patterns):
    """`predictions` as whole numbers if it holds an answer -1, 0 or 1 for each pattern and neuron of `patterns`."""
    expected = f"an array {patterns.labels.shape} (patterns, neurons) of answers -1 (undecided), 0 or 1"
    answers = real_array(predictions, "plot_patterns: predictions", expected)
    if answers.shape != patterns.labels.shape:
        raise ValueError(f"plot_patterns: predictions: expected {expected}, got shape {answers.shape}")
    bad = ~np.isin(answers, (-1, 0, 1))
    if bad.any():
        at = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(f"plot_patterns: predictions[{at[0]}, {at[1]}] = {float(answers[at])!r}: expected {expected}")
    return answers.astype(int)


@checked(conductance=array(2, "a matrix (N, C) of conductances in siemens", within=SIEMENS),
          voltages=array(1, "a vector (N,) of row voltages in volts", within=(-10.0, 10.0)), ax=axes)
def plot_crossbar(conductance, voltages, ax=None):
    """The crossbar as a matrix: G_jc (µS) in each cell, the row voltages V_j on the left and
    the column currents I_c = sum_j V_j G_jc (µA) and logic currents I_i = I_2i - I_2i+1 below."""
    if conductance.shape[0] != voltages.size:
        raise ValueError(f"plot_crossbar: voltages: expected one voltage per row of conductance, {conductance.shape[0]}, "
                         f"got {voltages.size}")
    fig, ax = new_axes(ax, (6.5, 4.2))
    G = conductance * US
    V = voltages
    N, C = G.shape
    image = ax.imshow(G, cmap="viridis", aspect="auto")
    for (j, c), v in np.ndenumerate(G):
        ax.text(c, j, f"{v:.3f}", ha="center", va="center", fontsize="small",
                color="w" if v < G.min() + 0.6 * (np.ptp(G) or 1) else "k")
    ax.set_yticks(range(N), [f"row {j + 1}: V = {signed(V[j], 2)} V" for j in range(N)])
    column = V @ conductance * US
    logic = column[0::2] - column[1::2]
    # each current on two lines (name, then value), so that neighbouring columns' labels do not run together
    ax.set_xticks(range(C), [f"{name}\nI =\n{_signed3(column[c])} µA"
                             + (f"\n$I_{c // 2 + 1}$ =\n{_signed3(logic[c // 2])} µA" if c % 2 == 0 else "\n\n")
                             for c, name in enumerate(column_names(C))], fontsize="small")
    ax.tick_params(axis="x", bottom=False, labelbottom=True)
    fig.colorbar(image, ax=ax, label="conductance G (µS)", shrink=0.85)
    return fig


@checked(setting=TrainingSetting, current_limit=optional(number(positive=True)), ax=axes)
def plot_activation(setting, current_limit=None, ax=None):
    """f = tanh(beta I) against the logic current, with the target bands and the reachable currents.

    Where the reachable currents dwarf the threshold currents artanh(t±)/β, the tanh is a step at
    the figure's scale, so an inset zooms on it and marks the thresholds.

    Parameters
    ----------
    setting : TrainingSetting
    current_limit : float, optional
        Largest |I| the crossbar can produce, A (:func:`crossbar.physics.current_limit`); shaded.
    """
    if current_limit is not None and current_limit > largest_current(setting):  # 1e300 drew a band to 1e300 A
        raise ValueError(f"plot_activation: current_limit = {current_limit!r} A: expected at most "
                         f"{largest_current(setting):.3g} A, the largest current a neuron can carry at this setting "
                         f"(gain K x {MAX_INPUTS:.0e} inputs x the row voltage x 1 S)")
    fig, ax = new_axes(ax, (6.5, 4))
    thresholds = np.arctanh([setting.target_low, setting.target_high]) / setting.beta  # f = t± there, A
    zoom_span = max(3.0 / setting.beta, 1.5 * np.abs(thresholds).max())
    span = 3.0 / setting.beta
    if current_limit is not None:
        span = max(span, 1.25 * current_limit)
    panels = [ax]
    if span > 4 * zoom_span:  # upper left holds no curve: f is -1 there
        panels.append(ax.inset_axes([0.06, 0.36, 0.36, 0.46]))
    for k, panel in enumerate(panels):
        width = span if k == 0 else zoom_span
        current = np.linspace(-width, width, 800)
        panel.plot(current * US, np.tanh(setting.beta * current), "k", lw=2,
                   label=rf"$\tanh(\beta I)$, $\beta$ = {sci(setting.beta, 3)} A$^{{-1}}$")
        panel.axhspan(setting.target_high, 1.05, color="tab:green", alpha=0.2,
                      label=f"label 1 needs f > t⁺ = {setting.target_high:g}")
        panel.axhspan(-1.05, setting.target_low, color="tab:blue", alpha=0.2,
                      label=f"label 0 needs f < t⁻ = {plain(setting.target_low)}")
        panel.set_xlim(-width * US, width * US)
        panel.set_ylim(-1.05, 1.05)
    if current_limit is not None:
        ax.axvspan(-current_limit * US, current_limit * US, color="0.88", zorder=0,
                   label=f"|I| the crossbar can reach (≤ {current_limit * US:.3g} µA)")
    zoom = panels[-1]
    marks = [zoom.axvline(x * US, color="0.3", ls="--", lw=1) for x in thresholds]
    marks[0].set_label("f = t± at I = artanh(t±)/β" + (" (inset)" if len(panels) > 1 else ""))
    if len(panels) > 1:
        zoom.set_xticks(thresholds * US, [f"{x * US:.3g}".replace("-", "−") for x in thresholds],
                       fontsize="small")
        zoom.set_yticks([])  # the bands mark t± as in the main axes
        zoom.set_title("µA, near I = 0", fontsize="small")
        ax.indicate_inset_zoom(zoom, edgecolor="0.3")
    ax.set_xlabel(r"logic current $I = I^+ - I^-$ (µA)")
    ax.set_ylabel("activation f")
    # below the axes: inside, every corner lies on a band or the curve
    handles, labels = ax.get_legend_handles_labels()
    if len(panels) > 1:  # the inset's marks, explained once
        handles.append(marks[0])
        labels.append(marks[0].get_label())
    ax.legend(handles, labels, frameon=False, fontsize="small", loc="upper center", ncol=2,
              bbox_to_anchor=(0.5, -0.18))
    return fig


# --- one Manhattan step --------------------------------------------------------------------


@checked(step=step_record, patterns=PatternSet,
         axes=axes_of(4), epoch=optional(count(0)))
def plot_manhattan_step(step, patterns, axes=None, epoch=None):
    """Four panels (2 x 2) of one epoch: delta per pattern and neuron, sum_n delta V per weight,
    its sign, and the pulse each device receives (1 = pulsed).

    `step` is the dict returned by :func:`crossbar.physics.manhattan_step`.
    """
    if step["delta"].shape[0] != patterns.n_patterns or step["summed"].shape[0] != patterns.n_inputs:
        raise ValueError(f"plot_manhattan_step: step: expected delta and summed of {patterns.n_patterns} patterns and "
                         f"{patterns.n_inputs} inputs, as patterns has, got {step['delta'].shape[0]} and "
                         f"{step['summed'].shape[0]}")
    if axes is None:
        fig, axes = subplots(2, 2, figsize=(6.6, 6.4), layout="constrained")
    axes = panels(axes, 4, "plot_manhattan_step: axes", "panel")
    fig = axes[0].figure
    inputs = [f"input {j + 1}" for j in range(step["summed"].shape[0])]
    pulses = np.zeros_like(step["conductance"])
    pulses[:, 0::2] = step["update"] > 0
    pulses[:, 1::2] = step["update"] < 0
    contents = [
        (step["delta"] * US ** -1, r"$\delta_i(n)$ (1/µA)", patterns.strings(), "pattern n", "neuron"),
        (step["summed"] * US ** -1, r"$\sum_n \delta_i(n) V_j(n)$ (V/µA)", inputs, "", "neuron"),
        (step["update"].astype(float), r"$\Delta W_{ji}$ = sign", inputs, "", "neuron"),
        (pulses, "pulse sent to", inputs, "", "device"),
    ]
    for k, (ax, (values, title, rows, ylabel, kind)) in enumerate(zip(axes, contents)):
        limit = np.abs(values).max() or 1.0
        cmap = "Reds" if k == 3 else "RdBu_r"
        norm = None if k == 3 else TwoSlopeNorm(0, -limit, limit)
        if k == 3:
            ax.imshow(values, cmap=cmap, vmin=0, vmax=1.6, aspect="auto")
        else:
            ax.imshow(values, cmap=cmap, norm=norm, aspect="auto")
        cols = (column_names(values.shape[1]) if kind == "device"
                else [f"neuron {i + 1}" for i in range(values.shape[1])])
        ax.set_xticks(range(values.shape[1]), cols, fontsize="small")
        ax.set_yticks(range(len(rows)), rows)
        ax.set_ylabel(ylabel)
        ax.set_title(title, fontsize="small")
        for (r, c), v in np.ndenumerate(values):
            # minus signs and "9.9·10⁻⁸" as the prose writes them, never "−0" (referee 16, point 4)
            text = ("pulse" if v else "") if k == 3 else (signed(v, 1) if k == 2 else plain(v + 0.0, 2))
            dark = k != 3 and abs(v) > 0.6 * limit
            ax.text(c, r, text, ha="center", va="center", fontsize="small", color="w" if dark else "k")
    if epoch is not None:
        fig.suptitle(f"epoch {epoch}: shortfall S = {step['total_error']:.3f}", fontsize="medium")
    return fig


# --- one training run ----------------------------------------------------------------------


@checked(run=run_with_history, axes=axes_of(1))
def plot_device_conductances(run, axes=None):
    """Each device's conductance against epoch on an N x C grid (rows = inputs, columns G+1 G-1 ...)."""
    history = run.conductance_history * US
    N, C = history.shape[1:]
    if axes is None:
        fig, axes = subplots(N, C, figsize=(1.6 * C + 0.3, 1.35 * N + 0.6), sharex=True, sharey=True,
                             layout="constrained", squeeze=False)
    grid = np.asarray(axes, dtype=object)  # a grid of N x C or more as it is, else N x C Axes read row by row
    axes = grid if grid.ndim == 2 and grid.shape[0] >= N and grid.shape[1] >= C else \
        panels(axes, N * C, "plot_device_conductances: axes", "device (inputs x devices)").reshape(N, C)
    fig = axes[0][0].figure
    names = column_names(C)
    epochs = np.arange(history.shape[0])
    for j in range(N):
        for c in range(C):
            ax = axes[j][c]
            ax.plot(epochs, history[:, j, c], color="tab:red" if c % 2 == 0 else "tab:blue", lw=1.5)
            if j == 0:
                ax.set_title(names[c], fontsize="small")
            if j == N - 1:
                ax.set_xlabel("epoch")
            if c == 0:
                ax.set_ylabel(f"input {j + 1}\nG (µS)", fontsize="small")
    return fig


@checked(run=run_with_history, ax=axes)
def plot_weights(run, ax=None):
    """The N x M weights G+ - G- against epoch (solid: neuron 1, dashed: neuron 2)."""
    fig, ax = new_axes(ax, (6.5, 4))
    w = run.weight_history * US
    for j in range(w.shape[1]):
        for i in range(w.shape[2]):
            ax.plot(w[:, j, i], lw=1.5, color=f"C{j}", ls="-" if i == 0 else "--",
                    label=f"$W_{{{j + 1}{i + 1}}}$: input {j + 1}, neuron {i + 1}")
    ax.axhline(0, color="k", lw=0.6)
    ax.set_xlabel("epoch")
    ax.set_ylabel(r"weight $G^+ - G^-$ (µS)")
    # below the axes: the weights spread over the whole plot, so no corner is free
    ax.legend(frameon=False, fontsize="small", ncol=2, loc="upper center",
              bbox_to_anchor=(0.5, -0.18))
    return fig


@checked(run=run_with_history, axes=axes_of(1))
def plot_activations(run, axes=None):
    """Each training pattern's activation against epoch, one panel per neuron, with the target lines.

    Solid: the pattern is labelled 1 for that neuron (must end above t+); dotted: labelled 0. The target
    lines are grey, labelled in the right margin, and the legend gives the patterns' colours and the two
    styles: the targets were drawn in the colours of two patterns, with their labels on the curves, and the
    legend showed neuron 1's styles only (referee 15, point 3).
    """
    from matplotlib.lines import Line2D

    f = run.activation_history
    M = f.shape[2]
    if axes is None:
        fig, axes = subplots(M, 1, figsize=(6.5, 2.5 * M + 0.6), sharex=True, layout="constrained")
    axes = panels(axes, M, "plot_activations: axes", "neuron")
    fig = axes[0].figure
    s = run.setting
    for i, ax in enumerate(axes):
        for n, name in enumerate(run.patterns.strings()):
            label = run.patterns.labels[n, i]
            ax.plot(f[:, n, i], lw=1.5, ls="-" if label else ":", color=f"C{n}", label=name)
        for target, text in ((s.target_high, "t⁺"), (s.target_low, "t⁻")):
            ax.axhline(target, color="0.4", lw=1, ls="--")
            ax.text(1.01, target, text, color="0.3", va="center", fontsize="small",
                    transform=ax.get_yaxis_transform())
        ax.set_title(f"neuron {i + 1}", fontsize="medium")
        ax.set_ylabel("activation f")
        ax.set_ylim(-1.05, 1.05)
    axes[-1].set_xlabel("epoch")
    handles = [Line2D([], [], color=f"C{n}", lw=1.5, label=name) for n, name in enumerate(run.patterns.strings())]
    handles += [Line2D([], [], color="0.3", lw=1.5, ls="-", label="labelled 1: above t⁺"),
                Line2D([], [], color="0.3", lw=1.5, ls=":", label="labelled 0: below t⁻")]
    axes[0].legend(handles=handles, frameon=False, fontsize="small", loc="upper left", bbox_to_anchor=(1.06, 1.0))
    return fig


@checked(run=run_with_history, ax=axes, label=optional(text))
def plot_total_error(run, ax=None, label=None):
    """The shortfall S against epoch: the summed distance of every unmet activation from its target
    (the run's ``error_history``; several runs can share one `ax`)."""
    fig, ax = new_axes(ax)
    ax.plot(run.error_history, "o-", ms=3, lw=1.5,
            label=label or ("converged" if run.converged else "not converged"))
    ax.set_xlabel("epoch")
    ax.set_ylabel("shortfall S")
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False)
    return fig


@checked(device=DeviceCurve, gain=number(positive=True), ax=axes)
def plot_pulse_steps(device, gain, ax=None):
    """What one more pulse adds to a device, K (g(m+1) - g(m)) in nS, against the pulse count m."""
    # the measured device (offset g(0)) pulsed at K held to the range, as plot_conductance_window holds it
    # (K = 1e300 drew steps of 1e291 nS)
    gain_in_range("plot_pulse_steps", device, gain, [device.conductance[0]], ["the measured device's g(0)"])
    fig, ax = new_axes(ax, (6.5, 3.6))
    steps = np.diff(np.asarray(device.conductance, float)) * gain * 1e9
    m = np.arange(steps.size)
    ax.bar(m, steps, color=np.where(steps < 0, "tab:red", "tab:blue"), width=0.8)
    ax.axhline(0, color="k", lw=0.6)
    ax.set_xlabel("pulse count m before the pulse")
    ax.set_ylabel("K (g(m+1) \u2212 g(m)) (nS)")
    return fig


@checked(run=TrainingRun, ax=axes)
def plot_weight_map(run, ax=None):
    """Final weights G+ - G- as a heat map (inputs x neurons), values written in, µS."""
    fig, ax = new_axes(ax, (4.2, 3.8))
    w = run.weights * US
    limit = np.abs(w).max() or 1.0
    image = ax.imshow(w, cmap="RdBu_r", norm=TwoSlopeNorm(0, -limit, limit))
    for (j, i), v in np.ndenumerate(w):  # white on the dark cells, as plot_crossbar does
        ax.text(i, j, _signed3(v), ha="center", va="center", fontsize="small",
                color="w" if abs(v) > 0.6 * limit else "k")
    ax.set_xticks(range(w.shape[1]), [f"neuron {i + 1}" for i in range(w.shape[1])])
    ax.set_yticks(range(w.shape[0]), [f"input {j + 1}" for j in range(w.shape[0])])
    fig.colorbar(image, ax=ax, label=r"$G^+ - G^-$ (µS)", shrink=0.8)
    return fig


@checked(run=TrainingRun, patterns=PatternSet, axes=axes_of(1), title=optional(text))
def plot_predictions(run, patterns, axes=None, title=None):
    """Patterns with their labels and the trained network's answers (green: right, red: wrong)."""
    if axes is not None:  # named here: plot_patterns' message named plot_patterns
        axes = panels(axes, patterns.n_patterns, "plot_predictions: axes", "pattern")
    return plot_patterns(patterns, predictions=run.predict(patterns), axes=axes, title=title)


@checked(run=run_with_history)
def plot_run_overview(run):
    """Four panels of one run: shortfall S, weights, and each neuron's activations against epoch."""
    fig, axes = subplots(2, 2, figsize=(6.6, 6.0), layout="constrained")
    plot_total_error(run, ax=axes[0, 0])
    plot_weights(run, ax=axes[0, 1])
    axes[0, 1].legend().remove()
    plot_activations(run, axes=axes[1])
    verdict = f"converged in {run.epochs} epochs" if run.converged else f"not converged after {run.epochs} epochs"
    fig.suptitle(verdict, fontsize="medium")
    return fig
