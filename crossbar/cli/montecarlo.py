"""``python -m crossbar montecarlo``: the convergence rate of one setting over many crossbars."""

from __future__ import annotations

import dataclasses
import shlex
import warnings

from ..networks import EnergyModel
from ..numbers import printable
from ..studies import Study, diagnose, failure_analysis, run_study
from ..studies import store
from ..resources import RunMemoryError
from ..studies.workers import ExecutorError, WorkerLost
from ..training.engine import reads_depression
from ..training.units import scaling_record
from .guard import json_text, report
from .options import (
    UsageError,
    add_nonideal_arguments,
    add_run_options,
    add_setting_arguments,
    add_task_arguments,
    folder,
    nonideal_from_args,
    run_kwargs,
    setting_from_args,
    task_from_args,
    task_record,
)
from .outcome import Previous, interrupted, out_error

__all__ = ["add_parser", "device_line", "device_of_resumed", "refuse_resume_without_depression",
           "refuse_unread_depression", "scale_line", "setting_line", "task_line"]


def add_parser(sub):
    p = sub.add_parser("montecarlo", help="convergence rate of one setting over many crossbars",
                       description="Train T crossbars with random device offsets and report the convergence "
                                   "rate with its 95 % Wilson interval.")
    add_setting_arguments(p)
    add_task_arguments(p.add_argument_group("task"))
    add_nonideal_arguments(p)
    add_run_options(p)
    p.add_argument("--out", type=folder, metavar="DIR", help="study folder (default: results are not saved)")
    p.add_argument("--json", action="store_true", help="print one JSON object (summary, failures, scaling)")
    p.set_defaults(handler=_montecarlo)


def device_of_resumed(args, device, kind="study"):
    """(`device` as the study (`kind` "study") or sweep ("sweep") in ``--out`` recorded the same curve, the warning to
    give if the resume goes ahead), else (`device`, None). montecarlo and sweep resume by this one rule.

    A renamed copy of the folder's device file is its device, as ``train --from`` takes it: the content hash
    decides, not the file name; so is a copy saved with other line ends (LF, CRLF, CR), which reads the same curve.
    """
    then = store.recorded_device(args.out, kind) if args.resume and args.out is not None else None
    if then is None:
        return device, None  # nothing to resume, or a folder the run refuses, naming what is wrong
    if isinstance(then.get("sha256"), str) and then["sha256"] != device.sha256:
        same = store.same_curve_other_line_ends(device, then["sha256"])
        if same is not device:  # a copy saved with other line ends reads the same curve
            return dataclasses.replace(same, name=then["name"]), (
                f"--device {args.device}: the {kind}'s device {then.get('name')!r} ({then.get('source')}) with other "
                "line ends, which read the same curve; resuming with it")
    if then.get("sha256") != device.sha256 or then.get("name") == device.name:
        return device, None
    return dataclasses.replace(device, name=then["name"]), (
        f"--device {args.device}: the same bytes as the {kind}'s device {then.get('name')!r} ({then.get('source')}), "
        "under another name; resuming with it")


def refuse_resume_without_depression(args, kind="study"):
    """UsageError for ``--resume`` without ``--depression-file`` of a study (`kind` "study") or sweep ("sweep") whose
    device was loaded with one: its content is in the device's hash, read by the runs or not, so the folder holds
    another device's study. Checked before the device and the rule, whose refusals named neither the folder nor the
    file ("device 'pot' has no depression branch", or "no run of it reads" the file of a sweep whose runs did)."""
    recorded = _recorded_depression(args, kind)
    if recorded is None or getattr(args, "depression_file", None) is not None:
        return
    if why := store.moved_depression(recorded, kind):
        raise UsageError(f"--resume: {why} to resume the {kind} in {args.out}")
    raise UsageError(f"--resume: the {kind} in {args.out} was run with --depression-file {recorded} (its content is "
                     f"part of the device's hash); give --depression-file {recorded} (or where it now lies) to resume it")


def _recorded_depression(args, kind):
    """The depression file the folder ``--resume`` names recorded with its device, or None."""
    recorded = store.recorded_device(args.out, kind) if getattr(args, "resume", False) and args.out else None
    recorded = (recorded or {}).get("options")
    return recorded.get("depression") if isinstance(recorded, dict) else None


def refuse_unread_depression(args, runs, kind="study"):
    """UsageError for a --depression-file that none of `runs` ((setting, nonideal) pairs) reads: it was loaded,
    reported and changed no number (:func:`~crossbar.training.engine.reads_depression`).

    A study (`kind` "study") or sweep ("sweep") that an older crossbar ran with such a file records it with its
    device: ``--resume`` of it goes ahead with the file, and the warning to give if it does is returned (without the
    file, :func:`refuse_resume_without_depression` has refused); else None.
    """
    path = getattr(args, "depression_file", None)
    if any(reads_depression(setting, nonideal) for setting, nonideal in runs):
        return None
    if path is None:
        return None
    if _recorded_depression(args, kind) is not None:
        return (f"--depression-file {path}: no run of this {kind} reads the depression branch; resuming the {kind} in "
                f"{args.out}, which recorded it (the file changes none of its numbers)")
    raise UsageError(f"--depression-file {path}: no run of this command reads the depression branch: it is read by "
                     "two-way rules (--rule two-way), the refresh rule, and the non-idealities (--c2c, ...) whose "
                     "noise and spreads it bounds; give one of them or drop --depression-file")


def _saved_line(out):
    """Where the study went and how to replay it; a folder's name with a control character escaped (probe 17c, N1),
    and in the command quoted as a shell needs it: 'with space/s', "it's" or '$HOME' replayed another folder or none
    when pasted (probe 26c, C26-5)."""
    shown = printable(out)
    command = shlex.quote(str(out)) if shown == str(out) else ansi_c_quoted(str(out))
    return f"saved      {shown} (replay a trial: python -m crossbar train --from {command} --trial K)"


#: The control characters bash's $'...' names by a letter, as printf %q writes them.
_C_ESCAPES = {"\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r"}


def ansi_c_quoted(text):
    """`text` as a shell word in bash's ANSI-C quoting ($'...', as ``printf %q`` writes it) for a name that holds a
    control character or a byte that is not UTF-8 (a surrogate escape): no raw control character reaches the
    terminal, and pasted it names the same folder. repr's escapes inside single quotes ('new\\nline') named
    another one (probe 27c, C27-9)."""
    out = []
    for char in text:
        code = ord(char)
        if char in "\\'":
            out.append("\\" + char)
        elif char in _C_ESCAPES:
            out.append("\\" + _C_ESCAPES[char])
        elif 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's escape of the byte code - 0xDC00
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char.isprintable():
            out.append(char)
        else:  # a control character (or another unprintable one): its UTF-8 bytes
            out.extend(f"\\x{byte:02x}" for byte in char.encode("utf-8", "surrogatepass"))
    return "$'" + "".join(out) + "'"


def _montecarlo(args):
    refuse_resume_without_depression(args)
    device, setting, offsets = setting_from_args(args)
    nonideal = nonideal_from_args(args, device)
    unread = refuse_unread_depression(args, [(setting, nonideal)])
    training, test = task_from_args(args)
    kwargs = run_kwargs(args)
    device, renamed = device_of_resumed(args, device)
    study = Study(device=device, setting=setting, offsets=offsets, trials=args.trials, seed=args.seed,
                  chunk_size=args.chunk_size, nonideal=nonideal, patterns=training, test_patterns=test,
                  units=args.units)
    if (renamed or unread) and store.holds_study(args.out, study):  # else the run refuses the folder: one line
        for warning in (renamed, unread):
            if warning:
                warnings.warn(warning)
    previous = Previous(args.out, args.overwrite, lambda: store.holds_study(args.out, study))  # before --overwrite
    try:
        result = run_study(study, **kwargs)
    except KeyboardInterrupt as exc:
        return interrupted(args.out, exc, previous)
    except (OSError, WorkerLost, MemoryError, RunMemoryError, ExecutorError) as exc:
        raise out_error(args.out, exc, args.workers) from None
    network = study.network  # the failure analysis reads a crossbar's offsets; the diagnosis replays a network too
    fa = None if network else failure_analysis(result)
    why = diagnose(result)
    energy = EnergyModel.of(device) if network else None  # what train_networks assumed
    if args.json:
        record = {"summary": result.summary().as_dict(), "failures": fa, "diagnosis": why,
                  "energy_model": None if energy is None else energy.describe(),
                  "scaling": scaling_record(device, setting, study.units, offsets),
                  "device": device.describe(), "setting": setting.as_dict() | {"rule": setting.rule},
                  "nonideal": nonideal.as_dict(), **task_record(args, training, test),
                  "trials": study.trials, "seed": study.seed, "saved": None if args.out is None else str(args.out)}
        print(json_text(record))
        return 0
    lines = [
        device_line(device),
        setting_line(setting),
        scale_line(device, setting, study.units, offsets),
        f"devices    non-idealities: {nonideal}",
        task_line(training, test, setting),
        f"offsets    {offsets.describe()}",
        f"trials     {study.trials} from seed {study.seed}",
        str(result.summary()),
    ]
    if network:
        lines.append(f"energy     assumes write pulses of {energy.pulse_text()}")
        lines += _network_diagnosis(why)
    else:
        lines.append(
            f"failures   {fa['failed']} failed: {fa['failed_saturated']} with a saturated device, "
            f"{fa['failed_locked']} with a pair whose offset imbalance exceeds the window; of "
            f"{why['examined']} replayed, {why['saturated']} ended with the activation saturated "
            f"(|beta I| > 19), {why['stalled']} with no error signal left (|beta I| > 373)")
    if why["converged_saturated"] and "hidden_saturated" not in why:
        lines.append(f"saturation {why['converged_saturated']} of {why['converged_examined']} converged trials replayed "
                     "answer most patterns with |beta I| > 19 (tanh as a step function)")
    if why["unexamined"]:
        lines.append(f"unexamined {why['unexamined']}")
    if why["hint"]:
        lines.append(f"hint       {why['hint']}")
    if args.out is not None:
        lines.append(_saved_line(args.out))
    report("\n".join(lines), args.out)
    return 0


def _network_diagnosis(why):
    """The failures and saturation lines of a network study's diagnosis: its output layer's as a crossbar's, its
    hidden layer's beside (probe 28c, C28-1: a network study said neither)."""
    hidden = "hidden_saturated" in why
    lines = [f"failures   {why['failed']} failed; of {why['examined']} replayed, {why['saturated']} ended with the "
             f"output activation saturated (|beta I| > 19), {why['stalled']} with no error signal left "
             "(|beta I| > 373)" + (f", {why['hidden_saturated']} with the hidden layer saturated "
                                   "(|hidden_beta I| > 19)" if hidden else "")]
    if hidden and why["converged_hidden_saturated"]:
        lines.append(f"saturation {why['converged_hidden_saturated']} of {why['converged_examined']} converged networks "
                     f"replayed answer most patterns with the hidden layer saturated (|hidden_beta I| > 19), "
                     f"{why['converged_saturated']} with both layers (tanh as a step function)")
    return lines


def setting_line(s):
    """One line on the setting (and the hidden layer of a network)."""
    hidden = "" if not s.hidden else f"  hidden={s.hidden}  hidden_beta={s.effective_hidden_beta:g}/A"
    return (f"setting    beta={s.beta:g}/A  targets=({s.target_high:g}, {s.target_low:g})  K={s.gain:g}  "
            f"max_epochs={s.max_epochs}  rule={s.rule}{hidden}")


def task_line(training, test, setting):
    """One line on the task and the crossbar (or the network's layers) it needs."""
    if setting.hidden:
        shape = f"a {training.n_inputs}-{setting.hidden}-{training.n_neurons} network"
    else:
        shape = f"{training.n_inputs} x {2 * training.n_neurons} crossbar"
    return (f"task       {training.name}: {training.n_patterns} patterns, {shape}; test on {test.name} "
            f"({test.n_patterns})")


def device_line(device):
    """One line on the device: name, points, window, cycles and hash."""
    cycles = "" if device.cycles is None else f", median of {device.cycles.shape[0]} cycles"
    if device.metadata.get("load_options", {}).get("cycle"):
        cycles = f", cycle {device.metadata['load_options']['cycle']}"
    down = "" if not device.two_way else f" + {device.depression.size} depression"
    column = device.metadata.get("cycle_column") if cycles.startswith(", cycle ") else None  # which one K took (16a C1)
    block = device.metadata.get("cycle_block") if cycles.startswith(", cycle ") else None  # the block (17a C4)
    apart = device.metadata.get("depression_metadata", {}) if cycles.startswith(", cycle ") else {}
    took = (f"; depression file's column {apart['cycle_column']}" if "cycle_column" in apart else  # its own (19a)
            f"; depression file's {apart['cycle_block']}" if "cycle_block" in apart else "")
    return (f"device     {printable(device.name)} ({device.length}{down} points{cycles}, window {device.window:.3g} S, "
            f"sha256 {device.sha256[:12]})" + ("" if column is None else f", column {column}")
            + ("" if block is None else f", {block}") + took)


def window_text(record):
    """The device's window against the embedded device's, from a :func:`scaling_record`."""
    return (f"window {record['device_window']:.3g} S = {record['device_window'] / record['reference_window']:.4g} x "
            f"the embedded device's {record['reference_window']:.3g} S")


def scale_line(device, setting, units, offsets=None):
    """One line on how the setting met the device: the scale factor and what the devices got."""
    r = scaling_record(device, setting, units, offsets)
    where = window_text(r)
    if r["device_window"] == r["reference_window"]:
        return f"scale      r = 1 ({where}): relative and absolute units are the same here"
    if units == "absolute":
        return f"scale      absolute units: beta and offsets as given ({where})"
    got = f"beta_eff = {r['effective_beta']:.4g}/A"
    if "effective_hidden_beta" in r:  # a network's hidden layer is scaled too (probe 27c, C27-5)
        got += f", hidden_beta_eff = {r['effective_hidden_beta']:.4g}/A"
    if offsets is not None:
        eff = r["effective_offsets"]
        spans = [f"{k} {eff[k]:.3g} S" for k in ("lo", "hi", "median") if k in eff]
        if spans:
            got += ", offsets " + " ".join(spans)
        elif "matrix" in eff:  # a --shifts file is on the embedded device's scale too: multiplied by f
            values = [v for row in eff["matrix"] for v in row]
            got += f", offsets x r = {min(values):.3g} ... {max(values):.3g} S"
    return f"scale      relative units, r = {r['scale']:.4g} ({where}): {got}"
