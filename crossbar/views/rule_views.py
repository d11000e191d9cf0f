"""Figures and the widget of the chapters on training rules and on Prezioso's letters.

Every figure function takes results (dicts of :mod:`crossbar.studies.rules`, a
:class:`~crossbar.training.TrainingRun`, a :class:`~crossbar.tasks.PatternSet`) and returns a
matplotlib ``Figure`` made outside pyplot (optional ``ax``/``axes``). :func:`rule_view` is the
widget's callback: a plain function of the controls' values, testable without a kernel.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from matplotlib.lines import Line2D

from ..devices import REFERENCE_OFFSETS, DeviceCurve, default_device
from ..numbers import real
from ..studies import Study, compare_rules, run_study
from ..tasks import PatternSet, task
from ..training import DEFAULT, TrainingSetting
from ..training.setting import MAX_EPOCHS
from ._figure import US, new_axes, subplots
from .checks import (axes, axes_of, checked, count, enough_names, mapping, number, optional, panel_count, panels,
                     rate_curve_table, record_of, run_with_history, switch, names as name_list)
from .study_figures import plot_epochs_histogram

__all__ = ["plot_rule_rates", "plot_rule_outcomes", "plot_rate_curve", "plot_letters",
           "plot_letter_activations", "plot_pair_conductances", "RuleView", "LettersView", "letters_view",
           "LETTER_RULES", "rule_view", "WIDGET_RULES"]


_RATES = ("rate", "ci_low", "ci_high")  # fractions; the other numbers a figure reads are counts


def _comparison(row_keys, bound_keys):
    """:func:`crossbar.studies.compare_rules`' dict as far as a figure reads it: ``rows`` (a non-empty dict of
    rule label -> a dict with `row_keys`) and ``bound`` (a dict with `bound_keys`); rates are fractions 0 ... 1,
    counts whole numbers >= 0 (``bound['trials']`` >= 1)."""
    def rule(value, name):
        record_of("rows", "bound")(value, name)
        rows = mapping("rule label -> dict of crossbar.studies.rule_row", record_of(*row_keys))(
            value["rows"], f"{name}['rows']")
        records = [(f"{name}['bound']", record_of(*bound_keys)(value["bound"], f"{name}['bound']"), bound_keys)]
        records += [(f"{name}['rows'][{label!r}]", row, row_keys) for label, row in rows.items()]
        for where, record, keys in records:
            for key in keys:
                check = (number(0, 1, expected="a fraction") if key in _RATES
                         else count(1 if key == "trials" else 0))
                check(record[key], f"{where}[{key!r}]")
        return value

    return rule


@checked(comparison=_comparison(_RATES, _RATES), ax=axes)
def plot_rule_rates(comparison, ax=None):
    """Each rule's convergence rate with its 95 % interval, against the LP bound (grey band)."""
    fig, ax = new_axes(ax, (6.5, 0.45 * len(comparison["rows"]) + 1.6))
    rows = comparison["rows"]
    bound = comparison["bound"]
    labels = list(rows)
    y = np.arange(len(labels))[::-1]
    rate = np.array([rows[k]["rate"] for k in labels]) * 100
    low = np.array([rows[k]["ci_low"] for k in labels]) * 100
    high = np.array([rows[k]["ci_high"] for k in labels]) * 100
    ax.axvspan(bound["ci_low"] * 100, bound["ci_high"] * 100, color="0.85", lw=0)
    ax.axvline(bound["rate"] * 100, color="0.4", lw=1, ls="--",
               label=f"LP bound: {100 * bound['rate']:.1f}% feasible")
    ax.barh(y, rate, color="C0", height=0.6)
    ax.errorbar(rate, y, xerr=[rate - low, high - rate], fmt="none", ecolor="k",
                capsize=3, lw=1)
    for yi, r, lo, h in zip(y, rate, low, high):
        # inside the bar, from its left end, where neither the bound's line nor the whiskers lie
        # (a label beyond the whisker of a rate near the bound crossed its dashed line)
        inside = lo > 16
        ax.text(1 if inside else h + 1, yi, f"{r:.1f}%", va="center", fontsize="small",
                color="white" if inside else "black")
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 112)
    ax.set_xlabel("crossbars trained (%)")
    ax.legend(frameon=False, fontsize="small", loc="lower left", bbox_to_anchor=(0, 1.0))
    return fig


@checked(comparison=_comparison(("converged", "feasible_failed", "infeasible_trained"), ("trials", "feasible")),
         ax=axes)
def plot_rule_outcomes(comparison, ax=None):
    """Per rule, the feasible crossbars trained and lost, and the infeasible ones (stacked bars)."""
    fig, ax = new_axes(ax, (6.5, 0.45 * len(comparison["rows"]) + 1.6))
    rows = comparison["rows"]
    labels = list(rows)
    y = np.arange(len(labels))[::-1]
    n = comparison["bound"]["trials"]
    infeasible = n - comparison["bound"]["feasible"]
    lost = np.array([rows[k]["feasible_failed"] for k in labels])
    won = np.array([rows[k]["converged"] - rows[k]["infeasible_trained"] for k in labels])
    left = np.zeros(len(labels))
    for part, label, color in ((won, "feasible, trained", "C2"),
                               (lost, "feasible, not trained", "C3"),
                               (np.full(len(labels), infeasible), "infeasible", "0.6")):
        ax.barh(y, 100 * part / n, left=left, color=color, height=0.6, label=label)
        left += 100 * part / n
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"share of the {n:,} crossbars (%)")
    ax.legend(frameon=False, fontsize="small", ncol=3, loc="lower center",
              bbox_to_anchor=(0.5, 1.0))
    return fig


@checked(curve=rate_curve_table, ax=axes, xlabel=str, scale=number(positive=True),
         level=optional(number(0, 1)), label=optional(str))
def plot_rate_curve(curve, ax=None, xlabel="", scale=1.0, level=0.95, label=None):
    """A rate curve of :func:`crossbar.studies.rate_curve` with its 95 % band (x times `scale`)."""
    fig, ax = new_axes(ax)
    x, rate, low, high = (np.asarray(curve[k], dtype=np.float64) for k in ("value", "rate", "ci_low", "ci_high"))
    with np.errstate(over="ignore"):
        if not np.isfinite(x * scale).all():  # scale=1e300 drew values of 1e298 and more, or inf
            raise ValueError(f"plot_rate_curve: scale = {scale!r}: the curve's values times it leave the finite "
                             f"numbers (values {x.min():g} ... {x.max():g})")
    line, = ax.plot(x * scale, 100 * rate, "o-", ms=4, lw=1.5, label=label)
    ax.fill_between(x * scale, 100 * low, 100 * high, alpha=0.25, lw=0, color=line.get_color())
    if level is not None:
        ax.axhline(100 * level, color="k", ls="--", lw=1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("crossbars trained (%)")
    ax.set_ylim(0, 102)
    return fig


def _pixels(patterns, n):
    """The image bits of pattern n as a square (a bias row is not part of the image)."""
    bits = patterns.bits[n][:-1] if patterns.has_bias else patterns.bits[n]
    side = int(round(np.sqrt(bits.size)))
    return bits.reshape(side, side)


@checked(patterns=PatternSet, names=optional(name_list), columns=panel_count)
def plot_letters(patterns, names=None, columns=10):
    """Every pattern of a set as a small bitmap (black = 1), titled with its class (`names`: one for each class)."""
    enough_names(names, patterns.n_neurons, "plot_letters: names", "classes")
    P = patterns.n_patterns
    rows = -(-P // columns)
    fig, axes = subplots(rows, columns, figsize=(0.62 * columns + 0.3, 0.95 * rows + 0.3),
                         squeeze=False)
    label = patterns.labels.argmax(axis=1)
    for k, ax in enumerate(axes.ravel()):
        ax.set_xticks([])
        ax.set_yticks([])
        if k >= P:
            ax.set_axis_off()
            continue
        ax.imshow(_pixels(patterns, k), cmap="Greys", vmin=-0.15, vmax=1)
        ax.set_title(names[label[k]] if names else str(label[k]), fontsize="small")
    return fig


@checked(run=run_with_history, names=optional(name_list), axes=axes_of(1))
def plot_letter_activations(run, names=None, axes=None):
    """Each pattern's activation on each neuron against epoch, coloured by its class (`names`: one for each)."""
    f = run.activation_history
    M = f.shape[2]
    enough_names(names, M, "plot_letter_activations: names", "neurons")
    if axes is None:
        fig, axes = subplots(M, 1, figsize=(6.5, 2.3 * M + 0.5), sharex=True)
    axes = panels(axes, M, "plot_letter_activations: axes", "neuron")
    fig = axes[0].figure
    s = run.setting
    label = run.patterns.labels.argmax(axis=1)
    for i, ax in enumerate(axes):
        for n in range(f.shape[1]):
            ax.plot(f[:, n, i], lw=1, color=f"C{label[n]}", alpha=0.7,
                    ls="-" if label[n] == i else ":")
        ax.axhline(s.target_high, color="k", lw=0.8)
        ax.axhline(s.target_low, color="k", lw=0.8)
        ax.set_title(f"neuron {i + 1} ({names[i] if names else i})", fontsize="medium")
        ax.set_ylabel("activation f")
        ax.set_ylim(-1.05, 1.05)
    axes[-1].set_xlabel("epoch")
    handles = [Line2D([], [], color=f"C{k}", lw=1.5, label=names[k] if names else str(k))
               for k in range(M)]
    axes[0].legend(handles=handles, frameon=False, fontsize="small", ncol=M, loc="lower center",
                   bbox_to_anchor=(0.5, 1.12), title="pattern's letter (solid: the neuron's own)",
                   title_fontsize="small")
    return fig


@checked(run=run_with_history, names=optional(name_list), axes=axes_of(1))
def plot_pair_conductances(run, names=None, axes=None):
    """Conductances of each neuron's devices against epoch (solid G+, dashed G-; one colour per input), µS."""
    history = run.conductance_history * US
    N, C = history.shape[1:]
    M = C // 2
    enough_names(names, M, "plot_pair_conductances: names", "neurons")
    if axes is None:
        fig, axes = subplots(M, 1, figsize=(6.5, 2.3 * M + 0.5), sharex=True)
    axes = panels(axes, M, "plot_pair_conductances: axes", "neuron")
    fig = axes[0].figure
    for i, ax in enumerate(axes):
        for j in range(N):
            ax.plot(history[:, j, 2 * i], color=f"C{j % 10}", lw=1.2)
            ax.plot(history[:, j, 2 * i + 1], color=f"C{j % 10}", lw=1.2, ls="--")
        ax.set_title(f"neuron {i + 1} ({names[i] if names else i})", fontsize="medium")
        ax.set_ylabel("G (µS)")
    axes[-1].set_xlabel("epoch")
    return fig


# --------------------------------------------------------------------------- the widget

#: The rules the widget offers (a focus threshold may be added to the batch ones).
WIDGET_RULES = ("batch", "gated", "refresh", "gated+refresh", "online", "online+gated")

_FEASIBLE = {}  # (device sha256, trials, seed) -> (T,) bool: the linear programs, solved once


@dataclass(frozen=True)
class RuleView:
    """One rule on a small batch of crossbars, set against the LP bound.

    Attributes
    ----------
    rule : str or None
        Canonical rule name (None if the controls do not make a rule).
    row : dict or None
        :func:`crossbar.studies.rule_row` of the study.
    summary : str
    figure : matplotlib Figure or None
        Rate with its interval against the bound, and the outcome of every crossbar.
    """

    rule: str | None
    row: dict | None
    summary: str
    figure: object = None


def _fraction(expected, zero=True):
    """A finite number 0 <= x < 1 (0 < x < 1 unless `zero`) as a float: a focus threshold, a target; the views'
    checks.number has no open upper end."""
    def rule(value, name):
        value = real(value, name, expected)
        if not 0 <= value < 1 or (value == 0 and not zero):
            raise ValueError(f"{name} = {value!r}: expected {expected}")
        return float(value)

    return rule


@checked(theta=_fraction("a focus threshold 0 <= THETA < 1 (0: no focus)"), device=optional(DeviceCurve),
         setting=TrainingSetting, max_epochs=count(0, MAX_EPOCHS), draw=switch)
def rule_view(rule="gated", theta=0.0, *, device=None, setting=DEFAULT, max_epochs=1000,
              trials=500, seed=0, draw=True) -> RuleView:
    """Training-rules widget: train `trials` diagonal crossbars with `rule` (+ focus = `theta`).

    Parameters
    ----------
    rule : str
        A rule name (:data:`WIDGET_RULES`, or any rule :class:`~crossbar.TrainingSetting` takes).
    theta : float
        Focus threshold THETA in [0, 1); 0 leaves the focus modifier out (a negative one is refused, not
        taken for 0).
    device : DeviceCurve, optional
        Default: the embedded default device.
    setting : TrainingSetting
        Knobs other than the rule and E (default: DEFAULT).
    max_epochs : int
        E.
    trials, seed : int
        Crossbars 0 ... trials-1 of `seed`, reference offsets.
    draw : bool
        Draw the figure; otherwise ``figure`` is None.
    """
    device = default_device() if device is None else device
    name = rule if theta == 0 else f"{rule}+focus={theta:g}"
    try:
        s = setting.replace(rule=name, max_epochs=max_epochs)
    except ValueError as exc:
        return RuleView(None, None, f"not run: {exc}")
    study = Study(device=device, setting=s, offsets=REFERENCE_OFFSETS, trials=trials, seed=seed,
                  chunk_size=trials)
    key = (device.sha256, trials, seed, setting.beta * setting.gain, setting.target_high,
           setting.target_low)
    comparison = compare_rules(study, {s.rule: {}}, feasible=_FEASIBLE.get(key))
    _FEASIBLE[key] = comparison["feasible"]
    row = comparison["rows"][s.rule]
    bound = comparison["bound"]
    summary = (f"{s.rule}, E = {s.max_epochs}: {row['converged']} of {row['trials']} trained "
               f"({100 * row['rate']:.1f}%, 95% CI {100 * row['ci_low']:.1f}\u2013"
               f"{100 * row['ci_high']:.1f}%); LP bound {100 * bound['rate']:.1f}%; "
               f"{row['feasible_failed']} feasible not trained, "
               f"{row['infeasible_trained']} infeasible trained")
    figure = None
    if draw:
        figure, axes = subplots(2, 1, figsize=(6.5, 4.0))
        plot_rule_rates(comparison, ax=axes[0])
        plot_rule_outcomes(comparison, ax=axes[1])
        axes[0].set_xlabel("")
    return RuleView(s.rule, row, summary, figure)



#: The rules the letters widget offers.
LETTER_RULES = ("gated", "gated+refresh", "focused", "gated+refresh+focus=0.5")


@dataclass(frozen=True)
class LettersView:
    """One rule on a small batch of letter crossbars at one offset range.

    Attributes
    ----------
    rule : str or None
        Canonical rule name (None if not run).
    summary : str
    figure : matplotlib Figure or None
        Epochs the converged crossbars needed.
    rate, ci_low, ci_high : float
        Share trained and its 95 % Wilson interval (NaN if not run).
    """

    rule: str | None
    summary: str
    figure: object = None
    rate: float = float("nan")
    ci_low: float = float("nan")
    ci_high: float = float("nan")


@checked(span=number(positive=True, expected="an offset range in windows of the curve"), device=optional(DeviceCurve),
         beta=number(positive=True, expected="an activation gain, 1/A"),
         target=_fraction("a target 0 < target < 1 (the range of tanh)", zero=False),
         max_epochs=count(0, MAX_EPOCHS), draw=switch)
def letters_view(rule="focused", span=1.0, *, device=None, beta=3e7, target=0.3, max_epochs=1000,
                 trials=300, seed=0, draw=True) -> LettersView:
    """Letters widget: train `trials` letter crossbars with `rule`, offsets spanning `span` windows.

    Parameters
    ----------
    rule : str
        A rule name (:data:`LETTER_RULES` or any other).
    span : float
        Offset range hi - lo of a crossbar in units of the curve's window (reference lower end
        and shape), > 0.
    device : DeviceCurve, optional
    beta, target : float
        Activation gain (1/A) and targets +-target.
    max_epochs : int
        E.
    trials, seed : int
    draw : bool
        Draw the figure; otherwise ``figure`` is None.
    """
    device = default_device() if device is None else device
    try:
        setting = DEFAULT.replace(beta=beta, target_high=target, target_low=-target, rule=rule,
                                  max_epochs=max_epochs)
    except ValueError as exc:
        return LettersView(None, f"not run: {exc}")
    training, test = task("letters")
    try:
        offsets = replace(REFERENCE_OFFSETS, hi=REFERENCE_OFFSETS.lo + span * device.window)
        study = Study(device=device, setting=setting, offsets=offsets, patterns=training, test_patterns=test,
                      trials=trials, seed=seed, chunk_size=trials)
    except ValueError as exc:  # the offsets' upper end is what span sets (a range past 1 S, or K times it)
        if str(exc).startswith(("offset range", "RescaledLognormal.hi", "Study.offsets")):
            return LettersView(None, f"not run: span = {span!r} windows: {exc}")
        raise
    result = run_study(study, progress=False)
    s = result.summary()
    epochs = (f"median {s.epochs_median:g} epochs, p90 {s.epochs_p90:.0f}" if s.converged
              else "none converged")
    summary = (f"{setting.rule}, E = {setting.max_epochs}, offsets spanning {span:.2f} windows: "
               f"{s.converged:,} of {s.trials:,} trained ({100 * s.rate:.1f}%, 95% CI "
               f"{100 * s.ci_low:.1f}\u2013{100 * s.ci_high:.1f}%), {epochs}")
    figure = plot_epochs_histogram(result) if draw else None
    return LettersView(setting.rule, summary, figure, s.rate, s.ci_low, s.ci_high)
