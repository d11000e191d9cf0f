"""The book's interactive widgets as plain functions: each takes the slider values and returns a view.

A view is a small frozen record holding the numbers the widget reports, a one-line
``summary`` and the ``figure`` it draws. The notebooks only wire ipywidgets to these
functions (print the summary, show the figure), so every widget can be tested without
a kernel. Like :mod:`crossbar.views.plotting`, this module draws; the compute layers do not.

A slider setting that is not a valid :class:`~crossbar.TrainingSetting` (say t- above t+)
does not raise: the view carries the validation message as its ``summary`` and no figure,
so a reader dragging a slider sees why nothing is drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..devices import (
    NONE,
    DeviceCurve,
    REFERENCE_OFFSETS,
    Lognormal,
    Nonidealities,
    OffsetDistribution,
    RescaledExponential,
    RescaledLognormal,
    default_device,
    preset,
)
from ..studies import Study, run_study
from ..studies.tolerance import convergence
from ..tasks import diagonals_test, diagonals_training
from ..numbers import real, word
from ..resources import require_memory
from ..training import DEFAULT, REFERENCE, TrainingRun, TrainingSetting, physics, train
from ..training.checks import check_conductances
from ..training.units import effective_setting, scale_factor
from . import plotting
from .checks import checked, count, number, optional, switch
from .report import percent_range

__all__ = [
    "OFFSET_KINDS",
    "offset_distribution",
    "OffsetView",
    "offset_view",
    "ActivationView",
    "activation_view",
    "ManhattanView",
    "manhattan_view",
    "TrainingView",
    "training_view",
    "RateView",
    "rate_view",
    "DEVICE_RULES",
    "DeviceRateView",
    "device_rate_view",
]

#: Offset distributions the chapter-1 widget offers.
OFFSET_KINDS = ("rescaled-lognormal", "rescaled-exponential", "lognormal")

_Z95 = 1.959963984540054  # standard normal quantile of 97.5 %


def offset_distribution(kind, lo, hi) -> OffsetDistribution:
    """An offset distribution of kind `kind` that spans [lo, hi] siemens.

    The rescaled kinds put each crossbar's smallest offset at `lo` and its largest at
    `hi`. The plain lognormal is unbounded; it gets the median sqrt(lo hi) and the sigma
    that makes [lo, hi] its central 95 % interval.
    """
    kind = word(kind, "offset kind", OFFSET_KINDS, f"unknown offset kind {{}}; expected one of {OFFSET_KINDS}")
    lo, hi = real(lo, "offset_distribution: lo"), real(hi, "offset_distribution: hi")
    if kind == "rescaled-lognormal":
        return RescaledLognormal(lo, hi)
    if kind == "rescaled-exponential":
        return RescaledExponential(lo, hi)
    if kind == "lognormal":
        if not 0 < lo < hi <= 1:
            raise ValueError(f"lognormal offsets need 0 < lo < hi <= 1 (siemens), got lo={lo!r}, hi={hi!r}")
        return Lognormal(median=math.sqrt(lo * hi), sigma=math.log(hi / lo) / (2 * _Z95))


def _device(device):
    return default_device() if device is None else device


def _physical(device, gain, hi):
    """Refuse a gain or an offset range that takes a device past 1 S (an inf window is no answer): the top
    offset hi, pulsed to the top of the curve, at K, must stay within the physical range."""
    check_conductances(device, gain, [hi], names=["hi"])


#: The 8 bytes of an offset, the reshaped copy and the draws behind them: what one offset costs offset_view.
_OFFSET_BYTES = 32


@dataclass(frozen=True, eq=False)
class OffsetView:
    """Offsets of a few crossbars against the conductance window, at gain K.

    Attributes
    ----------
    distribution : OffsetDistribution
    samples : ndarray (trials, N, C)
        Offsets s, S.
    gain : float
        K.
    window : float
        K (max g - g(0)), S: the most pulses can add to one device.
    spread : float
        K (hi - lo), S: the offset spread the range allows.
    ratio : float
        window / spread; K does not change it.
    crossbar_spread : float
        K times the mean over crossbars of (largest - smallest offset), S.
    summary : str
    figure : matplotlib Figure or None
    """

    distribution: OffsetDistribution | None
    samples: np.ndarray | None
    gain: float
    window: float
    spread: float
    ratio: float
    crossbar_spread: float
    summary: str
    figure: object = None


@checked(lo=number(), hi=number(), gain=number(), device=optional(DeviceCurve), trials=count(1))
def offset_view(kind="rescaled-lognormal", lo=1e-8, hi=1e-7, gain=10.0, *, device=None, seed=0,
                trials=500) -> OffsetView:
    """Chapter 1 widget: offset distribution, its range and K -> histogram and window.

    Parameters
    ----------
    kind : str
        One of :data:`OFFSET_KINDS`.
    lo, hi : float
        Offset range, S.
    gain : float
        K.
    device : DeviceCurve, optional
        Default: the embedded default device.
    seed, trials : int
        Which crossbars' offsets to draw (trials 0 ... trials-1 of `seed`).
    """
    device = _device(device)
    patterns = diagonals_training()
    size = patterns.n_inputs * 2 * patterns.n_neurons
    require_memory(trials * size * _OFFSET_BYTES, f"offset_view: trials = {trials}", "draw fewer crossbars")
    try:
        distribution = offset_distribution(kind, lo, hi)
        if not gain > 0:
            raise ValueError(f"K must be > 0, got {gain!r}")
        _physical(device, gain, hi)
    except ValueError as exc:
        nan = float("nan")
        return OffsetView(None, None, gain, nan, nan, nan, nan, f"not drawn: {exc}")
    samples = distribution.sample(seed, np.arange(trials), (patterns.n_inputs, 2 * patterns.n_neurons))
    ws = physics.window_and_spread(device, gain, lo, hi)
    flat = samples.reshape(trials, -1)
    crossbar_spread = float(gain * np.mean(flat.max(axis=1) - flat.min(axis=1)))
    summary = (f"{kind} on [{lo * 1e9:.3g}, {hi * 1e9:.3g}] nS, K = {gain:g}: window at K, K(max g \u2212 g(0)) = "
               f"{ws['window'] * 1e9:.3g} nS,\noffset spread K(hi \u2212 lo) = {ws['spread'] * 1e9:.3g} nS, "
               f"window / spread = {ws['ratio']:.3g}")
    figure = plotting.plot_offset_view(samples, device, gain, lo, hi, label=kind)
    return OffsetView(distribution, samples, gain, ws["window"], ws["spread"], ws["ratio"], crossbar_spread,
                      summary, figure)


@dataclass(frozen=True, eq=False)
class ActivationView:
    """The activation curve against what the crossbar can produce.

    Attributes
    ----------
    setting : TrainingSetting or None
        The setting the devices get: β / r on a device of another window in relative units.
    current_limit : float
        Largest |I| the crossbar can produce, A.
    target_currents : tuple of float
        (I at which f = t+, I at which f = t-), A.
    best_activation : float
        tanh(beta * current_limit): the largest |f| any crossbar can reach.
    reachable : bool
        Whether both targets lie within reach: |I(t+)| and |I(t-)| < current_limit.
    summary : str
    figure : matplotlib Figure or None
    """

    setting: TrainingSetting | None
    current_limit: float
    target_currents: tuple
    best_activation: float
    reachable: bool
    summary: str
    figure: object = None


@checked(lo=number(), hi=number(), device=optional(DeviceCurve))
def activation_view(beta=REFERENCE.beta, target_high=REFERENCE.target_high, target_low=REFERENCE.target_low,
                    gain=REFERENCE.gain, *, device=None, lo=1e-8, hi=1e-7, units="relative") -> ActivationView:
    """Chapter 2 widget: beta and targets against tanh and the reachable current range.

    Parameters
    ----------
    beta : float
        1/A, read in `units` as training reads it: on a device of window W, relative units give the
        devices β / r and the offset range r (lo, hi), r = W / W_ref (:mod:`crossbar.training.units`).
    target_high, target_low : float
        t+ and t-.
    gain : float
        K.
    device : DeviceCurve, optional
    lo, hi : float
        Offset range, S (enters the current limit).
    units : {"relative", "absolute"}
    """
    device = _device(device)
    try:
        setting = REFERENCE.replace(beta=beta, target_high=target_high, target_low=target_low, gain=gain)
        RescaledLognormal(lo, hi)  # the range's own check: 0 <= lo < hi <= 1 S
        scale = scale_factor(device, units)
        lo, hi = lo * scale, hi * scale
        _physical(device, setting.gain, hi)
        setting = effective_setting(setting, scale)
    except ValueError as exc:
        nan = float("nan")
        return ActivationView(None, nan, (nan, nan), nan, False, f"not drawn: {exc}")
    limit = physics.current_limit(device, setting, lo, hi)
    i_high, i_low = physics.target_currents(setting)
    best = float(np.tanh(setting.beta * limit))
    reachable = bool(abs(i_high) < limit and abs(i_low) < limit)
    from .report import plain, sci  # β written as the prose writes it, 6·10⁶ A⁻¹
    given = f"β = {sci(beta, 3)} A⁻¹"
    if scale != 1.0:  # what the devices get, and why
        given += f" (β / r = {sci(setting.beta, 3)} A⁻¹ on this device's window, r = {plain(scale)})"
    nb = "\u00a0"  # minus signs, and each inequality on one line: 'I <' broke from '-0.245 µA' (referee 15)
    summary = (f"{given}, t± = ({plain(target_high)}, {plain(target_low)}), K = {gain:g}: targets need "
               f"I{nb}>{nb}{plain(i_high * 1e6)}{nb}µA or I{nb}<{nb}{plain(i_low * 1e6)}{nb}µA;\n"
               f"the crossbar reaches |I|{nb}≤{nb}{plain(limit * 1e6)}{nb}µA, |f|{nb}≤{nb}{best:.3f}: "
               + ("both targets reachable" if reachable else "a target is OUT OF REACH"))
    figure = plotting.plot_activation(setting, current_limit=limit)
    return ActivationView(setting, limit, (i_high, i_low), best, reachable, summary, figure)


@dataclass(frozen=True, eq=False)
class ManhattanView:
    """One epoch of a recorded run, recomputed step by step.

    Attributes
    ----------
    epoch : int
    step : dict
        :func:`crossbar.physics.manhattan_step` at that epoch.
    pulses : int
        Devices pulsed in this epoch.
    matches_run : bool
        Whether the recomputed pulses give the run's pulse counts of the next epoch.
    summary : str
    figure : matplotlib Figure
    """

    epoch: int
    step: dict
    pulses: int
    matches_run: bool
    summary: str
    figure: object = None


@checked(run=TrainingRun, epoch=count(0), draw=switch)
def manhattan_view(run: TrainingRun, epoch: int, *, draw: bool = True) -> ManhattanView:
    """Chapter 3 widget: the Manhattan step of `run` at `epoch` (0 ... run.epochs - 1).

    Recomputes the step with :func:`crossbar.physics.manhattan_step` from the pulse
    counts the run recorded before that epoch, and checks it against the counts
    recorded after it. With ``draw=False`` no figure is made (``figure`` is None).
    """
    if run.pulse_count_history is None:
        raise ValueError("the run has no history; train it with crossbar.train (history is recorded)")
    if not 0 <= epoch < run.epochs:
        raise ValueError(f"epoch {epoch} is outside the run's update epochs 0 ... {run.epochs - 1}")
    s = run.setting
    V = run.patterns.voltages(s.v_one, s.v_zero)
    step = physics.manhattan_step(run.device.conductance, run.pulse_count_history[epoch], run.offsets, V,
                                  run.patterns.labels, s)
    matches = bool(np.array_equal(step["pulse_count_after"], run.pulse_count_history[epoch + 1]))
    pulses = int(np.count_nonzero(step["update"]))
    plus = int(np.count_nonzero(step["update"] > 0))
    summary = (f"epoch {epoch}: shortfall S {step['total_error']:.3f}; {pulses} pulses "
               f"({plus} to G+, {pulses - plus} to G-); "
               + ("as recorded" if matches else "DIFFERS from the record"))
    figure = plotting.plot_manhattan_step(step, run.patterns, epoch=epoch) if draw else None
    return ManhattanView(epoch, step, pulses, matches, summary, figure)


@dataclass(frozen=True, eq=False)
class TrainingView:
    """One training run at the widget's setting.

    Attributes
    ----------
    run : TrainingRun or None
    summary : str
    figure : matplotlib Figure or None
    """

    run: TrainingRun | None
    summary: str
    figure: object = None


def training_view(seed=0, beta=REFERENCE.beta, target_high=REFERENCE.target_high,
                  target_low=REFERENCE.target_low, gain=REFERENCE.gain, *, device=None, trial=0,
                  offsets=REFERENCE_OFFSETS, max_epochs=REFERENCE.max_epochs) -> TrainingView:
    """Chapter 4 widget: train trial `trial` of `seed` at the given knobs and draw it.

    Parameters
    ----------
    seed, trial : int
        Which offsets (the same draw as a Monte Carlo study with that seed).
    beta, target_high, target_low, gain, max_epochs
        The setting (see :class:`~crossbar.TrainingSetting`).
    device : DeviceCurve, optional
    offsets : OffsetDistribution
    """
    device = _device(device)
    try:
        setting = REFERENCE.replace(beta=beta, target_high=target_high, target_low=target_low, gain=gain,
                                    max_epochs=max_epochs)
    except ValueError as exc:
        return TrainingView(None, f"not trained: {exc}")
    run = train(device, setting, offsets, seed, trial=trial)
    verdict = (f"converged after {run.epochs} epochs" if run.converged
               else f"did not converge in {run.epochs} epochs")
    summary = (f"seed {seed}: {verdict}; final shortfall S {run.total_error:.3f};\ntraining accuracy "
               f"{run.accuracy():.0%}, test accuracy {run.accuracy(diagonals_test()):.0%}")
    return TrainingView(run, summary, plotting.plot_run_overview(run))



# --------------------------------------------------------------------------- chapter 5

@dataclass(frozen=True, eq=False)
class RateView:
    """Convergence rate of a small live Monte Carlo study at the widget's knobs.

    Attributes
    ----------
    setting : TrainingSetting or None
    offsets : OffsetDistribution or None
    trials, converged : int
    rate, ci_low, ci_high : float
        converged / trials and its 95 % Wilson interval (NaN if not run).
    range_ratio : float
        (hi - lo) / the curve's window: the offset range in windows.
    summary : str
    figure : matplotlib Figure or None
        Epochs to converge (:func:`crossbar.plotting.plot_epochs_histogram`).
    """

    setting: TrainingSetting | None
    offsets: OffsetDistribution | None
    trials: int
    converged: int
    rate: float
    ci_low: float
    ci_high: float
    range_ratio: float
    summary: str
    figure: object = None


def _percent(x):  # a rate in % to three significant digits, as the book's text writes it: '0.017%', '47.8%'
    return f"{100 * x:.3g}%"


@checked(max_epochs=count(0), lo=number(), hi=number(), device=optional(DeviceCurve), trials=count(0), draw=switch)
def rate_view(beta=REFERENCE.beta, target_high=REFERENCE.target_high, target_low=REFERENCE.target_low,
              gain=REFERENCE.gain, max_epochs=REFERENCE.max_epochs, lo=1e-8, hi=1e-7, *, device=None,
              trials=2000, seed=0, draw=True) -> RateView:
    """Chapter 5 widget: train `trials` crossbars at these knobs and report the convergence rate.

    Trials 0 ... trials-1 of `seed`, with reference-shaped (rescaled lognormal) offsets on
    [lo, hi] siemens: the same crossbars as a :class:`crossbar.montecarlo.Study` with that seed.

    Parameters
    ----------
    beta : float
        1/A.
    target_high, target_low : float
        t+ and t-.
    gain : float
        K.
    max_epochs : int
        E.
    lo, hi : float
        Offset range, S.
    device : DeviceCurve, optional
    trials, seed : int
    draw : bool
        Draw the epochs histogram (``figure``); otherwise ``figure`` is None.
    """
    device = _device(device)
    nan = float("nan")
    ratio = (hi - lo) / device.window
    try:
        setting = REFERENCE.replace(beta=beta, target_high=target_high, target_low=target_low, gain=gain,
                                    max_epochs=max_epochs)
        offsets = RescaledLognormal(lo, hi, REFERENCE_OFFSETS.spread)
        study = Study(device=device, setting=setting, offsets=offsets, trials=trials, seed=seed, chunk_size=trials)
    except ValueError as exc:  # e.g. lo = 0 on the slider: devices starting at 0 S are not physical
        return RateView(None, None, 0, 0, nan, nan, nan, ratio, f"not run: {exc}")
    result = run_study(study, progress=False)
    s = result.summary()
    epochs = f"median {s.epochs_median:g} epochs" if s.converged else "none converged"
    summary = (f"{s.converged:,} of {s.trials:,} trained: {s.rate:.1%} (95% CI {percent_range(s.ci_low, s.ci_high)}), "
               f"{epochs}; offsets span {ratio:.2f} windows")
    figure = plotting.plot_epochs_histogram(result) if draw else None
    return RateView(setting, offsets, s.trials, s.converged, s.rate, s.ci_low, s.ci_high, ratio, summary, figure)


# --------------------------------------------------------------------------- chapter 6

#: Rules the chapter-6 widget offers (the two-way ones need a preset with a depression branch).
DEVICE_RULES = ("batch", "gated", "two-way", "gated+two-way")


@dataclass(frozen=True, eq=False)
class DeviceRateView:
    """Convergence rate of a device preset under a rule, with cycle-to-cycle noise.

    Attributes
    ----------
    device : DeviceCurve or None
    setting : TrainingSetting or None
    nonideal : Nonidealities or None
    result : Convergence or None
        None if the combination could not run (see ``summary``).
    summary : str
    figure : matplotlib Figure or None
        The device's branches and the epochs histogram (:func:`crossbar.views.devices.plot_device_rate`).
    """

    device: object
    setting: TrainingSetting | None
    nonideal: Nonidealities | None
    result: object
    summary: str
    figure: object = None


@checked(c2c=number(expected="a fraction of the window per pulse"), setting=TrainingSetting,
         offsets=OffsetDistribution, draw=switch)
def device_rate_view(name="default", rule="batch", c2c=0.0, *, setting=DEFAULT, offsets=REFERENCE_OFFSETS,
                     trials=4000, seed=0, draw=True) -> DeviceRateView:
    """Chapter 6 widget: train `trials` crossbars of preset `name` with `rule` and write noise `c2c`.

    Trials 0 ... trials-1 of `seed` (the crossbars of the chapter's sweeps), at `setting`'s knobs
    with its rule replaced by `rule`, the reference offsets, and every other non-ideality off.

    Parameters
    ----------
    name : str
        A preset (:data:`crossbar.devices.presets.PRESETS`).
    rule : str
        A rule name (:data:`DEVICE_RULES`); a two-way rule on a one-way device is not run.
    c2c : float
        Cycle-to-cycle noise, fraction of the window per pulse.
    setting : TrainingSetting
    offsets : OffsetDistribution
    trials, seed : int
    draw : bool
        Draw the figure; otherwise ``figure`` is None.
    """
    try:
        device = preset(name)
        chosen = setting.replace(rule=rule)
        nonideal = NONE.replace(c2c=c2c)
        if chosen.two_way and not device.two_way:
            raise ValueError(f"rule {chosen.rule!r} depresses devices, but {name!r} has no depression branch "
                             "(pick a NeuroSim preset)")
    except ValueError as exc:
        return DeviceRateView(None, None, None, None, f"not run: {exc}")
    result = convergence(device, chosen, offsets, nonideal=nonideal, trials=trials, seed=seed)
    epochs = f"median {result.epochs_median:g} epochs" if result.converged else "none converged"
    summary = (f"{name}, rule {rule}, c2c {100 * nonideal.c2c:.3g}%: "
               f"{result.converged:,} of {result.trials:,} trained: "
               f"{_percent(result.rate)} (95% CI {_percent(result.ci_low)}\u2013{_percent(result.ci_high)}), "
               f"{epochs}")
    figure = plotting.plot_device_rate(device, result) if draw else None
    return DeviceRateView(device, chosen, nonideal, result, summary, figure)
