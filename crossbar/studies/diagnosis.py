"""Why the trials of a study fail, when the cause is the setting's scale rather than the devices.

A setting that suits one device can be meaningless on another: on a device with a window ten
thousand times the embedded device's, β = 6e7 /A (in absolute units) puts |β I| in the
thousands after one pulse. tanh is then ±1 to the last bit, and past |β I| = 373.26 the slope
1/cosh² underflows to 0: the error signal δ = (f^g - f) β / cosh²(β I) vanishes and the rule
sends no further pulse; or every target is met at once, tanh acting as a step function.
:func:`diagnose` replays failed and converged trials (exactly: the same offsets and draws) and
counts, at their final state,

* **saturated**: every target still missed has |β I| > 19.06, where tanh rounds to ±1;
* **stalled**: every target still missed has a zero error signal, so no pulse can follow;
* **converged saturated**: a converged trial whose median answer has |β I| > 19.06;
* **faint**: the other end, β I too small: every target still missed has an activation below a
  tenth of its target (tanh barely leaves 0, however far the devices were pulsed);

and says, when most failures (or most successes) are of that kind, whether the setting looks
mis-scaled for the device (absolute units on a device far from the embedded one's window) or β
is too large, or too small. :func:`sweep_note` says the first of these for a sweep, from its
rates alone (a sweep replays nothing).

A network (``setting.hidden`` > 0, or the G_fix rule) is read the same way at its output layer, whose
neurons answer as one crossbar's; its hidden layer is **saturated** where its median answer has
|hidden_beta I| > 19.06 (the hidden neurons step between ±V_1). A converged network counts as
saturated only where every layer is: an output layer reading H + 1 hidden voltages sits at |β I| of
30-100 in the reference network (``--preset network``) by design, and its answers still depend on
hidden_beta. :func:`diagnose_network` says it for one trained network, as :func:`diagnose_run` for
one crossbar (probe 28c, C28-1: a network on a device of another window was a plain "converged").
"""

from __future__ import annotations

import numpy as np

from ..devices import DeviceCurve
from ..networks import NetworkBatch, train_networks
from ..networks import model
from ..numbers import index, instance, integer, real
from ..resources import ResourceError
from ..tasks import PatternSet
from ..training import physics
from ..training.engine import train_batch
from ..training.units import reference_window, scale_factor
from .study import StudyResult
from .sweep import SweepResult

__all__ = ["diagnose", "diagnose_run", "diagnose_network", "sweep_note", "SATURATION", "EXAMINED", "NETWORK_EXAMINED",
           "FAINT"]

#: |x| beyond which tanh(x) rounds to ±1 in double precision.
SATURATION = 19.06
#: Failed trials replayed by default (the first ones by trial number).
EXAMINED = 2000
#: Failed networks replayed by default, and converged ones: a network's replay costs its training again (an
#: MNIST network's seconds), where a crossbar's costs milliseconds.
NETWORK_EXAMINED = 100
#: An activation below this fraction of its target "barely moved" (a faint trial).
FAINT = 0.1


def diagnose(result, examine=None) -> dict:
    """Saturated and stalled failures of a finished study, saturated successes, and the setting's scale.

    Parameters
    ----------
    result : StudyResult
    examine : int, optional
        Most failed trials, and most converged trials, to replay (the first by trial number); default
        :data:`EXAMINED`, a network study's :data:`NETWORK_EXAMINED`.

    Returns
    -------
    dict (JSON-ready)
        ``failed``, ``examined``, ``saturated``, ``stalled``, ``faint`` (counts among the examined
        failed trials); ``converged``, ``converged_examined``, ``converged_saturated`` (converged trials
        whose every answer has |β I| > 19: tanh acted as a step function); ``units``,
        ``device_window``, ``reference_window``, ``scale`` (the f applied), ``window_ratio``
        (W / W_ref, whatever the units), ``effective_beta``, ``pulse_drive`` (β K |V| times the
        largest step of the device's curve: the change of |β I| one pulse can make), and
        ``hint``: a sentence naming the likely cause and the option that fixes it, or None. A network
        study's counts are of its output layer (``converged_saturated``: every layer saturated); with a
        hidden layer, ``hidden_saturated`` and ``converged_hidden_saturated`` count the examined failed
        and converged networks whose hidden layer answers most patterns with |hidden_beta I| > 19, beside
        ``effective_hidden_beta`` and ``hidden_pulse_drive``. ``unexamined``: why trials to replay were not (their
        replay does not fit in memory beside the finished study), or None where every one was.
    """
    instance(result, StudyResult, "result", "a StudyResult (run_study's)")
    study = result.study
    if examine is None:
        examine = NETWORK_EXAMINED if study.network else EXAMINED
    examine = integer(examine, "examine", "a count of trials >= 0")
    if examine < 0:
        raise ValueError(f"examine = {examine}: expected a count of trials >= 0")
    table = result.table
    conv = table["converged"]
    setting = study.effective_setting
    out = _scale_record(study.device, setting, study.units, study.scale, int((~conv).sum()), int(conv.sum()))
    unexamined = []
    for converged in (False, True):
        trials = np.sort(table["trial"][conv == converged])[: examine]
        if not trials.size:
            continue
        try:
            state = _replayed(study, trials, setting)
        except ResourceError as exc:  # no room beside the finished study (ulimit -v): those trials are not examined;
            # the study, saved, was refused for its diagnosis in the engine's words (probe 30c, C30-4), and then
            # only 'examined' 0 said so
            unexamined.append(f"{trials.size} {'converged' if converged else 'failed'} trials not replayed: {exc}")
            continue
        _count(out, converged, trials.size, *state)
    out["unexamined"] = "; ".join(unexamined) or None
    out["hint"] = _hint(out)
    return out


def _replayed(study, trials, setting):
    """The final state (:func:`_count`'s arguments) of a study's `trials` trained again as the study trained them."""
    if study.network:  # the same networks again: drawn from (seed, trial) and trained as the study trained them
        run = train_networks(study.device, study.setting, study.patterns, study.test_patterns, study.offsets,
                             nonideal=study.nonideal, seed=study.seed, trials=trials, units=study.units)
        return _network_state(run.conductances, study.patterns, run.setting)
    offsets = study.offsets.sample(study.seed, trials, study.shape)
    run = train_batch(study.device, offsets, study.setting, study.patterns, nonideal=study.nonideal,
                      seed=study.seed, trials=trials, units=study.units, unphysical="report")
    return _final_state(_output_current(run.conductance, study.patterns, setting), study.patterns, setting)


def _count(d, converged, examined, saturated, stalled, faint, every, hidden=None):
    """Add the examined trials' final states to a record of :func:`_scale_record` (`hidden`: a network's hidden
    layer saturated, per trial, or None)."""
    if converged:
        d["converged_examined"], d["converged_saturated"] = int(examined), int(every.sum())
    else:
        d.update(examined=int(examined), saturated=int(saturated.sum()), stalled=int(stalled.sum()),
                 faint=int(faint.sum()))
    if hidden is not None:
        d["converged_hidden_saturated" if converged else "hidden_saturated"] = int(hidden.sum())


def _scale_record(device, setting, units, scale, failed, converged):
    """The counts of :func:`diagnose`'s record, zero but `failed` and `converged`, and the setting's scale (a hidden
    layer's too, for a network that has one)."""
    steps = np.abs(np.diff(device.conductance))
    if device.two_way:
        steps = np.concatenate([steps, np.abs(np.diff(device.depression))])
    voltage = max(abs(setting.v_one), abs(setting.v_zero))
    record = {
        "failed": failed, "examined": 0, "saturated": 0, "stalled": 0, "faint": 0,
        "converged": converged, "converged_examined": 0, "converged_saturated": 0,
        "units": units, "device_window": device.window, "reference_window": reference_window(),
        "scale": scale, "window_ratio": scale_factor(device, "relative"), "effective_beta": setting.beta,
        "pulse_drive": float(setting.beta * setting.gain * voltage * steps.max()),
    }
    if setting.hidden:  # the hidden neurons read the task's voltages as the output neurons read theirs (<= V_1)
        beta_h = setting.effective_hidden_beta
        record.update(hidden_saturated=0, converged_hidden_saturated=0, effective_hidden_beta=beta_h,
                      hidden_pulse_drive=float(beta_h * setting.gain * voltage * steps.max()))
    return record


def diagnose_run(run, units) -> str | None:
    """Why one training run (``train``'s :class:`~crossbar.training.TrainingRun`, trained in `units`) may say little
    about its setting, or None: the sentence :func:`diagnose` gives a study, for its final state. A run whose
    answers are saturated (tanh as a step function) was reported as a plain "converged", where the same setting's
    study said so and that the setting looks mis-scaled (probe 27c, C27-1). A faint failure is named only where the
    setting looks mis-scaled: one run's failure is more often its offsets'."""
    setting = run.setting
    d = _scale_record(run.device, setting, units, scale_factor(run.device, units), int(not run.converged),
                      int(run.converged))
    current = _output_current(run.conductance[None], run.patterns, setting)
    _count(d, run.converged, 1, *_final_state(current, run.patterns, setting))
    return _one_hint(d)


def diagnose_network(run, device, patterns, which=0) -> str | None:
    """Why one trained network (network `which` of `run`, :func:`~crossbar.networks.train_networks`' result on
    `device` and the training `patterns`) may say little about its setting, or None: :func:`diagnose_run`'s
    sentence, its output layer read as one crossbar's and its hidden layer's saturation beside (a network on a
    device of another window in absolute units was a plain "converged", its neurons steps: probe 28c, C28-1)."""
    instance(run, NetworkBatch, "run", "a NetworkBatch (train_networks')")
    instance(device, DeviceCurve, "device", "the DeviceCurve the networks were trained on")
    instance(patterns, PatternSet, "patterns", "the PatternSet the networks were trained on")
    k = index(which, "which")
    if k >= len(run):
        raise ValueError(f"which = {k}: expected a network of the batch, 0 ... {len(run) - 1}")
    layers = [list(G.shape[1:]) for G in run.conductances]
    if layers[0][0] != patterns.n_inputs or layers[-1][1] != 2 * patterns.n_neurons:
        raise ValueError(f"patterns: {patterns.n_inputs} inputs and {patterns.n_neurons} neurons, where the networks' "
                         f"layers are {layers} (rows, columns): not the patterns they were trained on")
    setting, converged = run.setting, bool(run.converged[k])
    d = _scale_record(device, setting, run.units, scale_factor(device, run.units), int(not converged),
                      int(converged))
    _count(d, converged, 1, *_network_state([G[k:k + 1] for G in run.conductances], patterns, setting))
    return _one_hint(d)


def _one_hint(d):
    """The hint of one run's record: :func:`_hint`'s, a faint failure named only where the setting looks
    mis-scaled (one run's failure is more often its offsets')."""
    if d["faint"] and _mis_scaled(d["units"], d["window_ratio"], d["device_window"], d["reference_window"]) is None:
        return None
    return _hint(d, one=True)


def _output_current(conductance, patterns, setting):
    """The output neurons' currents (B, P, M) of crossbars of final conductances (B, N, 2M)."""
    V = patterns.voltages(setting.v_one, setting.v_zero)
    return physics.logic_current(physics.column_currents(V, conductance))


def _network_state(conductances, patterns, setting):
    """:func:`_final_state` of networks of final conductances (per layer, (B, N_l, C_l)), their output layer's read
    as a crossbar's; a converged network's answers saturated where every layer's are; and per network, its hidden
    layer's median answer saturated (None without a hidden layer). Read in row order, as a network's report is."""
    V = patterns.voltages(setting.v_one, setting.v_zero)
    x = np.broadcast_to(V, (conductances[0].shape[0], *V.shape))
    _, currents, _ = model.forward(x, conductances, setting, ordered=True)
    saturated, stalled, faint, every = _final_state(currents[-1], patterns, setting)
    if len(currents) == 1:  # one layer (the G_fix rule): a crossbar's
        return saturated, stalled, faint, every, None
    hidden = np.abs(setting.effective_hidden_beta * currents[0])
    hidden = np.median(hidden.reshape(hidden.shape[0], -1), axis=1) > SATURATION
    return saturated, stalled, faint, every & hidden, hidden


def _final_state(current, patterns, setting):
    """Per trial, of the output neurons' currents (B, P, M): (every missed target saturated, every missed target
    with a zero error signal, every missed target's activation below FAINT of the target, the median answer
    saturated)."""
    x = setting.beta * current
    f = np.tanh(x)
    labels = patterns.labels
    met = np.where(labels == 1, f > setting.target_high, f < setting.target_low)
    with np.errstate(over="ignore"):  # cosh overflows far out, where 1/cosh^2 is 0 (as in the engine)
        sech2 = (1.0 / np.cosh(x)) ** 2
    target = np.where(labels == 1, setting.target_high, setting.target_low)
    delta = (target - f) * setting.beta * sech2
    missed = ~met
    axes = (-2, -1)
    far = np.abs(x) > SATURATION
    saturated = np.all(~missed | far, axis=axes) & missed.any(axis=axes)
    stalled = np.all(~missed | (delta == 0.0), axis=axes) & missed.any(axis=axes)
    faint = np.all(~missed | (np.abs(f) < FAINT * np.abs(target)), axis=axes) & missed.any(axis=axes)
    return saturated, stalled, faint, np.median(np.abs(x).reshape(x.shape[0], -1), axis=1) > SATURATION


def _mis_scaled(units, ratio, window, reference):
    """The sentence for a setting in absolute units on a device far from the embedded one's window, or None."""
    if units != "absolute" or 0.1 <= ratio <= 10:
        return None
    return (f"the setting looks mis-scaled for this device, whose window ({window:.3g} S) is {ratio:.3g} times the "
            f"embedded device's ({reference:.3g} S); with --units relative (the default; API units='relative') "
            "beta and the offsets scale with the window")


def _hint(d, one=False):
    """The likely cause when most examined failures are saturated, stalled or faint, or most successes
    saturated (a network's: in every layer), or a network's hidden layer is saturated in most examined trials, else
    None; of one run where `one` ('this run ends ...', not '1 of the 1 failed trials ...')."""
    units = _mis_scaled(d["units"], d["window_ratio"], d["device_window"], d["reference_window"])
    hidden = "hidden_saturated" in d  # a network with a hidden layer
    fix = units or _too_large(d)
    # first: a beta so small that the error signal underflows is faint, not stalled far out
    if d["examined"] and d["faint"] >= 0.5 * d["examined"] and d["converged"] <= 0.1 * (d["failed"] + d["converged"]):
        small = units or (f"beta looks too small for this device (one pulse changes |beta I| by at most "
                          f"{d['pulse_drive']:.3g}); raise --beta")
        who = "this run ends" if one else f"{d['faint']} of the {d['examined']} failed trials examined end"
        return (f"{who} with every missed answer below "
                f"{FAINT:g} of its target (tanh barely leaves 0): {small}")
    if d["examined"] and max(d["saturated"], d["stalled"]) >= 0.5 * d["examined"]:
        who = "this run ends" if one else \
            f"{max(d['saturated'], d['stalled'])} of the {d['examined']} failed trials examined end"
        share = f"{who} with " + (
            "a vanished error signal (|beta I| > 373: no further pulse)" if d["stalled"] >= d["saturated"]
            else "the activation saturated (|beta I| > 19)")
        if hidden and not units and d["hidden_saturated"] >= 0.5 * d["examined"]:
            fix += ", and " + _too_large(d, "hidden_beta").replace(" for this device", "")
        return f"{share}: {fix}"
    if d["converged_examined"] and d["converged_saturated"] >= 0.5 * d["converged_examined"]:
        who = "this run answers" if one else \
            f"{d['converged_saturated']} of the {d['converged_examined']} converged trials examined answer"
        where = " in both layers (|beta I| and |hidden_beta I| > 19)" if hidden else " (|beta I| > 19)"
        if hidden and not units:
            fix += ", and " + _too_large(d, "hidden_beta").replace(" for this device", "")
        return (f"{who} most patterns with the activation saturated{where}: tanh acts as a step function, "
                f"so {'it' if one else 'the rate'} says little about the setting; {fix}")
    examined = d["examined"] + d["converged_examined"]
    if hidden and examined and d["hidden_saturated"] + d["converged_hidden_saturated"] >= 0.5 * examined:
        n = d["hidden_saturated"] + d["converged_hidden_saturated"]
        who = "this run ends" if one else f"{n} of the {examined} trials examined end"
        return (f"{who} with the hidden layer saturated (|hidden_beta I| > 19 for most answers: its neurons act as "
                f"step functions): {units or _too_large(d, 'hidden_beta')}")
    trials = d["failed"] + d["converged"]
    if units and d["failed"] and d["converged"] <= 0.1 * trials:  # e.g. offsets far larger than the window
        who = "this run failed" if one else f"{d['failed']} of the {trials} trials failed"
        return f"{who}: {units}"
    return None


def _too_large(d, knob="beta"):
    """'beta looks too large for this device (...); lower --beta' (or hidden_beta's, from the record `d`)."""
    drive = d["pulse_drive" if knob == "beta" else "hidden_pulse_drive"]
    return (f"{knob} looks too large for this device (one pulse changes |{knob} I| by up to {drive:.3g}); lower "
            f"--{knob.replace('_', '-')}")


def sweep_note(result, most=0.05):
    """A sweep whose every point converged at most `most` of its trials, in absolute units on a device
    far from the embedded one's window: the sentence saying the setting looks mis-scaled, else None."""
    instance(result, SweepResult, "result", "a SweepResult (run_sweep's)")  # a StudyResult: AttributeError base
    most = real(most, "most", "a fraction between 0 and 1")
    if not 0 <= most <= 1:
        raise ValueError(f"most = {most!r}: expected a fraction between 0 and 1")
    base = result.base
    rates = np.asarray(result.table["rate"], dtype=float)
    if not rates.size or rates.max() > most:
        return None
    units = _mis_scaled(base.units, scale_factor(base.device, "relative"), base.device.window, reference_window())
    return None if units is None else f"no point converged more than {100 * most:g} % of its trials: {units}"
