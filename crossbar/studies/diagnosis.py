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
"""

from __future__ import annotations

import numpy as np

from ..numbers import instance, integer, real
from ..training import physics
from ..training.engine import train_batch
from ..training.units import reference_window, scale_factor
from .study import StudyResult
from .sweep import SweepResult

__all__ = ["diagnose", "diagnose_run", "sweep_note", "SATURATION", "EXAMINED", "FAINT"]

#: |x| beyond which tanh(x) rounds to ±1 in double precision.
SATURATION = 19.06
#: Failed trials replayed by default (the first ones by trial number).
EXAMINED = 2000
#: An activation below this fraction of its target "barely moved" (a faint trial).
FAINT = 0.1


def diagnose(result, examine=EXAMINED) -> dict:
    """Saturated and stalled failures of a finished study, saturated successes, and the setting's scale.

    Parameters
    ----------
    result : StudyResult
    examine : int
        Most failed trials, and most converged trials, to replay (the first by trial number).

    Returns
    -------
    dict (JSON-ready)
        ``failed``, ``examined``, ``saturated``, ``stalled``, ``faint`` (counts among the examined
        failed trials); ``converged``, ``converged_examined``, ``converged_saturated`` (converged trials
        whose every answer has |β I| > 19: tanh acted as a step function); ``units``,
        ``device_window``, ``reference_window``, ``scale`` (the f applied), ``window_ratio``
        (W / W_ref, whatever the units), ``effective_beta``, ``pulse_drive`` (β K |V| times the
        largest step of the device's curve: the change of |β I| one pulse can make), and
        ``hint``: a sentence naming the likely cause and the option that fixes it, or None.
    """
    instance(result, StudyResult, "result", "a StudyResult (run_study's)")
    examine = integer(examine, "examine", "a count of trials >= 0")
    if examine < 0:
        raise ValueError(f"examine = {examine}: expected a count of trials >= 0")
    study = result.study
    table = result.table
    conv = table["converged"]
    setting = study.effective_setting
    out = _scale_record(study.device, setting, study.units, study.scale, int((~conv).sum()), int(conv.sum()))
    for converged in (False, True):
        trials = np.sort(table["trial"][conv == converged])[: examine]
        if not trials.size:
            continue
        offsets = study.offsets.sample(study.seed, trials, study.shape)
        run = train_batch(study.device, offsets, study.setting, study.patterns, nonideal=study.nonideal,
                          seed=study.seed, trials=trials, units=study.units, unphysical="report")
        saturated, stalled, faint, every = _final_state(run.conductance, study.patterns, setting)
        if converged:
            out["converged_examined"], out["converged_saturated"] = int(trials.size), int(every.sum())
        else:
            out["examined"], out["saturated"], out["stalled"] = int(trials.size), int(saturated.sum()), \
                int(stalled.sum())
            out["faint"] = int(faint.sum())
    out["hint"] = _hint(out)
    return out


def _scale_record(device, setting, units, scale, failed, converged):
    """The counts of :func:`diagnose`'s record, zero but `failed` and `converged`, and the setting's scale."""
    steps = np.abs(np.diff(device.conductance))
    if device.two_way:
        steps = np.concatenate([steps, np.abs(np.diff(device.depression))])
    voltage = max(abs(setting.v_one), abs(setting.v_zero))
    return {
        "failed": failed, "examined": 0, "saturated": 0, "stalled": 0, "faint": 0,
        "converged": converged, "converged_examined": 0, "converged_saturated": 0,
        "units": units, "device_window": device.window, "reference_window": reference_window(),
        "scale": scale, "window_ratio": scale_factor(device, "relative"), "effective_beta": setting.beta,
        "pulse_drive": float(setting.beta * setting.gain * voltage * steps.max()),
    }


def diagnose_run(run, units) -> str | None:
    """Why one training run (``train``'s :class:`~crossbar.training.TrainingRun`, trained in `units`) may say little
    about its setting, or None: the sentence :func:`diagnose` gives a study, for its final state. A run whose
    answers are saturated (tanh as a step function) was reported as a plain "converged", where the same setting's
    study said so and that the setting looks mis-scaled (probe 27c, C27-1). A faint failure is named only where the
    setting looks mis-scaled: one run's failure is more often its offsets'."""
    setting = run.setting
    d = _scale_record(run.device, setting, units, scale_factor(run.device, units), int(not run.converged),
                      int(run.converged))
    saturated, stalled, faint, every = _final_state(run.conductance[None], run.patterns, setting)
    if run.converged:
        d["converged_examined"], d["converged_saturated"] = 1, int(every[0])
    else:
        d.update(examined=1, saturated=int(saturated[0]), stalled=int(stalled[0]), faint=int(faint[0]))
    if d["faint"] and _mis_scaled(units, d["window_ratio"], d["device_window"], d["reference_window"]) is None:
        return None
    return _hint(d, one=True)


def _final_state(conductance, patterns, setting):
    """Per trial: (every missed target saturated, every missed target with a zero error signal,
    every missed target's activation below FAINT of the target, the median answer saturated)."""
    V = patterns.voltages(setting.v_one, setting.v_zero)
    current = physics.logic_current(physics.column_currents(V, conductance))  # (B, P, M)
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
    saturated, else None; of one run where `one` ('this run ends ...', not '1 of the 1 failed trials ...')."""
    units = _mis_scaled(d["units"], d["window_ratio"], d["device_window"], d["reference_window"])
    fix = units or (f"beta looks too large for this device (one pulse changes |beta I| by up to "
                    f"{d['pulse_drive']:.3g}); lower --beta")
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
        return f"{share}: {fix}"
    if d["converged_examined"] and d["converged_saturated"] >= 0.5 * d["converged_examined"]:
        who = "this run answers" if one else \
            f"{d['converged_saturated']} of the {d['converged_examined']} converged trials examined answer"
        return (f"{who} most patterns with the activation saturated (|beta I| > 19): tanh acts as a step function, "
                f"so {'it' if one else 'the rate'} says little about the setting; {fix}")
    trials = d["failed"] + d["converged"]
    if units and d["failed"] and d["converged"] <= 0.1 * trials:  # e.g. offsets far larger than the window
        who = "this run failed" if one else f"{d['failed']} of the {trials} trials failed"
        return f"{who}: {units}"
    return None


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
