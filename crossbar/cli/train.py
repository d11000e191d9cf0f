"""``python -m crossbar train``: train one crossbar, or replay one trial of a saved study."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial

import numpy as np

from ..devices import DeviceFileError, FixedOffsets, NoOffsets, OffsetFileError, load_device, read_offset_matrix
from ..devices.checks import CONDUCTANCE_RANGE, outside_range, range_text
from ..studies import store
from ..training import PRESETS, train, train_batch
from ..networks import train_networks
from ..numbers import outside_text, printable
from ..resources import ResourceError
from ..training.checks import check_distribution, check_window_draws
from ..studies.diagnosis import diagnose_network, diagnose_run
from ..training.units import scale_factor, scaling_record
from .guard import json_text
from .paths import names_preset
from .montecarlo import device_line, refuse_unread_depression, scale_line, setting_line, task_line
from .options import (
    OFFSET_OPTIONS,
    UsageError,
    add_nonideal_arguments,
    add_setting_arguments,
    add_task_arguments,
    count,
    device_from_args,
    input_file,
    option_message,
    nonideal_from_args,
    setting_from_args,
    study_folder,
    task_from_args,
    task_record,
)

__all__ = ["add_parser", "run_summary", "run_record"]


def add_parser(sub):
    p = sub.add_parser("train", help="train one crossbar and report it",
                       description="Train one crossbar with the batch Manhattan rule.")
    add_setting_arguments(p)
    add_task_arguments(p.add_argument_group("task"))
    add_nonideal_arguments(p)
    p.add_argument("--trial", type=count, default=None, metavar="K",
                   help="draw the offsets of Monte Carlo trial K of --seed (default 0)")
    p.add_argument("--shifts", type=input_file, metavar="FILE",
                   help="offset matrix, CSV or .npy (rows = inputs, columns G+1 G-1 G+2 G-2), S on the embedded "
                        "device's scale: in relative units (the default) multiplied by the scale factor r = W / W_ref, as "
                        "every offset is; with --units absolute, S as given")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--allow-nonphysical", action="store_true",
                   help="report a run whose conductances leave the physical range 1e-15 ... 1 S (a drawn "
                        "offset outside it, or training taking a device there) with physical: false instead "
                        "of failing; offsets given that start a device outside it are refused either way")
    p.add_argument("--from", dest="from_dir", type=study_folder, metavar="DIR",
                   help="replay trial --trial of the Monte Carlo study saved in DIR (its device, setting "
                        "and saved offsets); other options are refused but --json, --allow-nonphysical, "
                        "--device (for a moved device file) and --seed, --preset, --offsets that agree")
    options = [(a.option_strings[-1], a.dest, a.default) for a in p._actions if a.option_strings]
    p.set_defaults(handler=partial(_train, options=options))


#: What ``train --from DIR`` reads besides DIR (--seed, --preset and --offsets must agree with the
#: study); any other option given is refused (:func:`_refuse_unread`).
FROM_READS = ("help", "from_dir", "trial", "json", "allow_nonphysical", "seed", "preset", "offsets", "device")
#: How to read --device FILE: read by --from when --device is given.
DEVICE_READING = ("allow_outliers", "cycle", "read_voltage", "depression_file")


def run_summary(run, test, offsets=None, draws=None):
    """A short human-readable account of one training run (`offsets`: the distribution drawn from; `draws`: as
    :func:`physical` takes them)."""
    s = run.nominal_setting or run.setting
    problem = physical(run, draws)
    verdict = (f"converged after {run.epochs} update epoch(s)" if run.converged
               else f"did NOT converge in {run.epochs} update epochs")
    lines = [
        device_line(run.device),
        f"setting    beta={s.beta:g}/A  targets=({s.target_high:g}, {s.target_low:g})  K={s.gain:g}  "
        f"max_epochs={s.max_epochs}" + ("" if s.rule == "batch" else f"  rule={s.rule}"),
        scale_line(run.device, s, run.units, offsets),
        *([f"devices    non-idealities: {run.nonideal}"] if run.nonideal is not None and run.nonideal.any else []),
        task_line(run.patterns, test, s),  # as montecarlo's: the report named no task (probe 31c, C31-2)
        f"result     {verdict}; total error {run.total_error:.4g}",
        *([f"hint       {hint}"] if (hint := diagnose_run(run, run.units)) else []),
        f"accuracy   training {run.accuracy():.0%}, test {run.accuracy(test):.0%} (undecided counts as wrong)",
        f"physical   {'yes: every conductance stayed within ' + range_text() if problem is None else 'NO: ' + problem}",
        "pulses     rows = inputs, columns G+1 G-1 G+2 G-2 ...",
    ]
    lines += ["           " + " ".join(f"{v:4d}" for v in row) for row in run.pulse_count]
    if run.depression_count is not None and run.depression_count.any():
        lines.append("depressing pulses")
        lines += ["           " + " ".join(f"{v:4d}" for v in row) for row in run.depression_count]
    if run.reset_pulses:
        lines.append(f"resets     {run.reset_pulses} reset pulses (refresh rule)")
    return "\n".join(lines + conductance_lines(run.conductance))


#: The units the report shows conductances in, largest first: the first in which the largest is 1 or more.
G_UNITS = (("S", 1.0), ("mS", 1e3), ("uS", 1e6), ("nS", 1e9), ("pS", 1e12), ("fS", 1e15))


def conductance_lines(g):
    """The report's conductance matrix `g` (S): under 'G (unit)', the unit the largest fits (uS for the reference
    run, as before), each with 4 decimals, or 4 significant digits where a device would show as 0.0000 (probe 23c,
    C23-6: a 1e-14 S device printed as 0.0000 uS, read as G = 0, under "physical yes")."""
    g = np.asarray(g, dtype=np.float64)
    finite = np.abs(g[np.isfinite(g)])
    top = float(finite.max()) if finite.size else 0.0
    unit, factor = next(((unit, factor) for unit, factor in G_UNITS if top * factor >= 1), G_UNITS[-1])
    fixed = bool(np.all((g == 0) | ~np.isfinite(g) | (np.abs(g * factor) >= 5e-5)))
    return [f"G ({unit})"] + ["           " + " ".join(f"{v * factor:7.4f}" if fixed else f"{v * factor:10.4g}"
                                                    for v in row) for row in g]


def run_record(run, test, extra, offsets=None, draws=None):
    """The JSON-ready record of one run (`offsets`: the distribution drawn from; `draws`: as :func:`physical`)."""
    s = run.nominal_setting or run.setting
    return {
        "converged": run.converged,
        "physical": bool(run.physical),  # the run's own flag, as the API reports it (window draws included)
        "epochs": run.epochs,
        "total_error": run.total_error,
        "conductance": run.conductance.tolist(),
        "pulse_count": run.pulse_count.tolist(),
        **({} if run.depression_count is None else {"depression_count": run.depression_count.tolist()}),
        **({} if run.reset_pulses is None else {"reset_pulses": run.reset_pulses}),
        "shifts": run.offsets.tolist(),
        "weights": run.weights.tolist(),
        "activation": run.activation.tolist(),
        "training_accuracy": run.accuracy(),
        "test_accuracy": run.accuracy(test),
        "test_prediction": dict(zip(test.strings(), ["".join("x" if v < 0 else str(v) for v in row)
                                                     for row in run.predict(test)])),
        "parameters": {**s.as_dict(), **extra},
        "device": {"name": run.device.name, "source": run.device.source, "sha256": run.device.sha256,
                   "points": run.device.length},
        "scaling": scaling_record(run.device, s, run.units, offsets),
        "hint": diagnose_run(run, run.units),  # a saturated or mis-scaled run's (probe 27c, C27-1), else None
        "units": {"conductance": "S", "shifts": "S", "weights": "S", "beta": "1/A",
                  "v_one": "V", "v_zero": "V"},
    }


def physical(run, draws=None):
    """None if every conductance of the run stayed inside the physical range, else what went wrong.

    The run's lowest and highest conductance decide (as a study's table does); the history says
    where, when an epoch's state shows it. `draws` (seed, trial): the trial whose window factors the run drew,
    held to the range at the top of each device's curve as a study holds them (a factor that takes a device
    past 1 S makes the run not physical, though training never pulsed the device there).
    """
    history = run.conductance_history if run.conductance_history is not None else run.conductance[None]
    history = np.concatenate([history, run.conductance[None]])
    outside = f"outside the physical range {range_text()}"
    bad = outside_range(history)
    if bad.any():
        epoch, i, j = (int(k) for k in np.argwhere(bad)[0])
        g = outside_text(history[epoch, i, j], *CONDUCTANCE_RANGE)
        if epoch == 0:
            return f"a device starts at G = {g} S (input {i + 1}, column {j + 1}), {outside}"
        epoch = min(epoch, run.epochs)
        return f"the run drove a conductance to {g} S (input {i + 1}, column {j + 1}, epoch {epoch}), {outside}"
    if outside_range(run.min_conductance):
        return f"a conductance went to {run.min_conductance:.4g} S during an epoch, {outside}"
    if outside_range(run.max_conductance):
        return (f"a pulsed device could reach G = {run.max_conductance:.4g} S at the top of its curve (its window "
                f"factor included), {outside}")
    if draws is not None and run.nonideal is not None:
        try:  # the check train() refuses the trial with, before any work
            check_window_draws(run.device, run.setting.gain, run.offsets[None], run.nonideal, *draws)
        except ValueError as exc:
            return re.sub(r"; use a smaller gain.*$", "", str(exc).replace("nonideal.window_spread", "--window-spread"))
    return None


def _print_run(args, run, test, extra, first_line=None, offsets=None, draws=None):
    """Print the run (JSON or text), or refuse a non-physical run without --allow-nonphysical (`draws`: the run's
    (seed, trial), whose window factors decide too)."""
    problem = physical(run, draws)
    if problem is not None and not args.allow_nonphysical:
        raise UsageError(f"{problem}: not a physical crossbar; use --allow-nonphysical to report it anyway")
    if args.json:
        print(json_text(run_record(run, test, extra, offsets, draws)))
    else:
        print("\n".join(([first_line] if first_line else []) + [run_summary(run, test, offsets, draws)]))
    return 0


def _train(args, options=()):
    given_trial, args.trial = args.trial, args.trial or 0
    if args.from_dir is not None:
        _refuse_unread(args, options)
        return _replay(args)
    for name in ("offsets", *dict.fromkeys(n for names in OFFSET_OPTIONS.values() for n in names)):
        if args.shifts is not None and getattr(args, name) is not None:  # else ignored: the file gives the offsets
            raise UsageError(f"--{name.replace('_', '-')} describes offsets to draw, and --shifts gives them: "
                             "drop one")
    given_seed = args.seed
    device, setting, offsets = setting_from_args(args)
    patterns, test = task_from_args(args)
    shape = (patterns.n_inputs, 2 * patterns.n_neurons)
    if args.shifts is not None:  # the file first, then its offsets held to the range at --gain
        if setting.network:
            raise UsageError("--shifts gives one crossbar's offsets; a network's layers draw theirs from --offsets")
        offsets = _shifts_offsets(args, device, setting, shape)
    nonideal = nonideal_from_args(args, device)
    refuse_unread_depression(args, [(setting, nonideal)])
    fixed = "--shifts" if args.shifts is not None else "--offsets none" if isinstance(offsets, NoOffsets) else None
    if fixed and not setting.network and not nonideal.any and not setting.online:  # a network draws its layers'
        _refuse_unused_draws(given_trial, given_seed, fixed)
    extra = {"seed": args.seed, "trial": args.trial, "offsets": offsets.describe(), **task_record(args, patterns, test)}
    if setting.rule != "batch":
        extra["rule"] = setting.rule
    if nonideal.any:
        extra["nonideal"] = nonideal.as_dict()
    if setting.network:
        try:
            run = train_networks(device, setting, patterns, test, offsets, nonideal=nonideal, seed=args.seed,
                                 trials=[args.trial], units=args.units,
                                 unphysical="report" if args.allow_nonphysical else "refuse")
        except ResourceError as exc:  # the size of --hidden, estimated before anything is allocated
            raise UsageError(str(exc).replace("setting.hidden = ", "--hidden ")) from None
        except ValueError as exc:  # a window factor drawn past 1 S, refused as for one crossbar
            raise _draw_refused(exc) from None
        return _print_network(args, run, device, setting, offsets, patterns, test, extra)
    if args.shifts is not None:  # the file's offsets; the seed and trial only where they key a draw
        extra.update(shifts_file=str(args.shifts), offsets={"kind": "fixed"})
        if not nonideal.any and not setting.online:
            del extra["seed"], extra["trial"]
    # The trial's own draws (offsets, window factors) that could take a device outside the physical range are
    # refused before any work, as train() refuses them (--window-spread 3 at --gain 1e5 trained here, reported
    # physical, and train() refused the same trial); what training visits is refused after (physical()).
    try:
        run = train(device, setting, offsets, args.seed, trial=args.trial, patterns=patterns, nonideal=nonideal,
                    units=args.units, unphysical="report" if args.allow_nonphysical else "refuse")
    except ValueError as exc:
        raise _draw_refused(exc) from None
    return _print_run(args, run, test, extra, offsets=offsets, draws=(args.seed, [args.trial]))


def _shifts_offsets(args, device, setting, shape):
    """FixedOffsets of the --shifts file (read, or refused as the file's error), held to the physical range at
    --gain as the API holds a FixedOffsets (naming the element, the file and --gain). The distribution of the offset
    options is not checked with --shifts: it is not the one trained (a file of 1e-10 S at --gain 8e6 was refused
    naming --offset-range HI = 1e-07 S, before the file was even read)."""
    scale = scale_factor(device, args.units)
    try:
        matrix = read_offset_matrix(args.shifts, shape)
    except OffsetFileError as exc:
        raise UsageError(str(exc)) from None
    try:
        offsets = FixedOffsets(matrix)
        check_distribution(device, setting.gain, offsets, scale)
    except ValueError as exc:  # offsets that start a device outside the physical range: the file's
        # in relative units with r != 1 the message says what the file holds, r and their product (check_conductances)
        message = option_message(str(exc)).replace("--offsets none", "--offsets none in place of --shifts")
        raise UsageError(f"--shifts {args.shifts}: {message}") from None
    return offsets


def _draw_refused(exc):
    """The UsageError for train()'s or train_networks' refusal (ValueError `exc`) of a trial's own draws, which
    --allow-nonphysical reports instead; any other ValueError as it is."""
    if "unphysical='report'" not in str(exc):
        return exc
    message = option_message(str(exc).replace("nonideal.window_spread", "--window-spread"))
    return UsageError(re.sub(r"(, )?(or )?(pass )?unphysical='report'.*$", r"\1\2use --allow-nonphysical to "
                             "report it anyway", message))


def _refuse_unused_draws(trial, seed, fixed="--shifts"):
    """UsageError for --trial or --seed with --shifts or --offsets none (`fixed`) when the run draws nothing: they
    pick a trial's random draws, the file or the measured device gives the offsets, and no noise knob or online
    order is left for them to change (--offsets none --trial 3 ran, the same numbers as trial 0)."""
    gives = "gives the offsets" if fixed == "--shifts" else "makes every device the measured one (nothing drawn)"
    for option, value in (("--trial", trial), ("--seed", seed)):
        if value is not None:
            raise UsageError(f"{option} {value} picks a trial's random draws, and this run draws none: {fixed} "
                             f"{gives} and no noise knob (--c2c, ...) or online rule is on; drop {option}")


def network_record(run, device, setting, offsets, extra, patterns):
    """The JSON-ready record of one trained network (trial 0 of `run`, trained on `patterns`)."""
    fields = ("training_accuracy", "test_accuracy", "training_classification", "test_classification",
              "write_energy", "read_energy", "pulses", "depressions", "resets", "bound_hits", "min_conductance",
              "max_conductance")
    return {
        "converged": bool(run.converged[0]), "epochs": int(run.epochs[0]),
        **{name: getattr(run, name)[0].item() for name in fields},
        "physical": bool(run.physical[0]),  # NetworkBatch.physical: its layers' window draws too
        "layers": [list(shape) for shape in run.shapes],
        "conductance": [G[0].tolist() for G in run.conductances],
        "parameters": {**setting.as_dict(), "rule": setting.rule, **extra},
        "energy_model": run.energy.describe(),
        "device": {"name": device.name, "source": device.source, "sha256": device.sha256, "points": device.length},
        "scaling": scaling_record(device, setting, run.units, offsets),
        "hint": diagnose_network(run, device, patterns),  # a saturated or mis-scaled network's (probe 28c, C28-1)
        "units": {"conductance": "S", "write_energy": "J", "read_energy": "J per inference", "beta": "1/A"},
    }


def _print_network(args, run, device, setting, offsets, patterns, test, extra, first_line=None):
    """Print one trained network (JSON or text)."""
    record = network_record(run, device, setting, offsets, extra, patterns)
    if not record["physical"] and not args.allow_nonphysical:
        raise UsageError(f"a conductance of the network left {range_text()}: not a physical crossbar; use "
                         "--allow-nonphysical to report it anyway")
    if args.json:
        print(json_text(record))
        return 0
    verdict = (f"converged after {record['epochs']} update epoch(s)" if record["converged"]
               else f"did NOT meet every target in {record['epochs']} update epochs")
    e = run.energy
    lines = ([first_line] if first_line else []) + [
        device_line(device), setting_line(setting), scale_line(device, setting, run.units, offsets),
        task_line(patterns, test, setting),
        f"result     {verdict}",
        *([f"hint       {record['hint']}"] if record["hint"] else []),
        f"accuracy   training {record['training_accuracy']:.1%} of answers, {record['training_classification']:.1%} of "
        f"patterns classified; test {record['test_accuracy']:.1%}, {record['test_classification']:.1%}",
        f"pulses     {record['pulses']} potentiating, {record['depressions']} depressing"
        + (f", {record['resets']} reset" if record["resets"] else ""),
        f"energy     {record['write_energy']:.3g} J of write pulses ({e.pulse_text()}), "
        f"{record['read_energy']:.3g} J per inference (reads of {e.read_width:.3g} s)",
    ]
    print("\n".join(lines))
    return 0


def _replay(args):
    """``train --from DIR --trial K``: rerun trial K of a saved study exactly."""
    told = {key for key in ("cycle", "read_voltage") if getattr(args, key, None) is not None}
    # a moved file is read as the study read it, unless told otherwise; a preset is no file (the study's reading of
    # its file was applied to it, and refused as if --read-voltage were given: probe 17c, C2): its hash decides
    if args.device is not None and not names_preset(args.device):
        recorded = store.checked_manifest(args.from_dir)["study"]["device"].get("options", {})
        for key, dest in (("cycle", "cycle"), ("read_voltage", "read_voltage"), ("depression", "depression_file")):
            if getattr(args, dest, None) is None and recorded.get(key) is not None:
                if key == "depression" and (why := store.moved_depression(recorded[key])):
                    raise UsageError(why)  # it was "dep.csv: no such file", naming no option (probe 29c, C29-6)
                setattr(args, dest, recorded[key])
    device = None if args.device is None else device_from_args(args, allow_outliers=True)  # the hash decides
    # --depression-file alone: the study's device file with its depression file where it now lies
    moved = args.depression_file if args.device is None else None
    if moved is not None and "depression" not in store.checked_manifest(args.from_dir)["study"]["device"].get(
            "options", {}):
        raise UsageError(f"--depression-file says where the study's depression file now lies, and the study in "
                         f"{args.from_dir} used none; drop --depression-file")
    try:
        folder, study = store.open_study(args.from_dir, device, depression=moved)
    except store.StoreError:
        changed = _changed_depression_file(args, device) or _changed_reading(args, told)
        if changed is None:
            raise
        raise store.StoreError(changed) from None
    manifest = folder.manifest
    _refuse_conflicts(args, study)
    if study.network:
        return _replay_network(args, study, manifest)
    matrix, converged = store.read_offsets(args.from_dir, args.trial, folder)
    # The table holds the offsets the devices got (r s), so they go with beta / r, as given (absolute
    # units). The study drew them: one outside the physical range is its trial's result (reported,
    # or refused without --allow-nonphysical), not bad input, so the engine reports rather than refuses.
    run = train_batch(study.device, matrix, study.effective_setting, study.patterns, history=True,
                      nonideal=study.nonideal, seed=study.seed, trials=[args.trial], unphysical="report",
                      units="absolute")[0]
    run = replace(run, units=study.units, scale=study.scale, nominal_setting=study.setting)
    if run.converged != converged:  # the store said otherwise: not the same computation
        raise store.StoreError(f"{args.from_dir}: trial {args.trial} is filed as "
                         f"{'converged' if converged else 'not converged'} but replays otherwise")
    return _print_run(args, run, study.test_patterns, _replay_extra(args, study, manifest),
                      f"replay     trial {args.trial} of the study in {printable(args.from_dir)} (seed {study.seed})",
                      offsets=study.offsets, draws=(study.seed, [args.trial]))


def _replay_extra(args, study, manifest):
    """The parameters a replay adds to its setting's: where it came from, and the study's offsets and non-idealities
    as ``train`` records its own (a replay's JSON had no ``nonideal``: a noisy replay read as a noiseless one, probe
    27c, C27-11)."""
    extra = {"from": str(args.from_dir), "study_id": manifest["study_id"], "seed": study.seed,
             "trial": args.trial, "offsets": study.offsets.describe()}
    if study.nonideal.any:
        extra["nonideal"] = study.nonideal.as_dict()
    return extra


def _changed_depression_file(args, device):
    """What to say when the study refused the device read with --depression-file and its potentiation file reads
    the study's curve: the depression file differs (the refusal named the potentiation file), else None."""
    try:
        want = store.checked_manifest(args.from_dir)["study"]["device"]
        options = dict(want.get("options", {}))
        if args.depression_file is None or "depression" not in options:
            return None
        if device is None:
            device = load_device(want["source"], allow_outliers=True, **{**options, "depression": args.depression_file})
    except (store.StoreError, DeviceFileError, OSError, KeyError, TypeError):
        return None  # the study's own refusal says it
    facts = {"points": device.length, "g0": float(device.conductance[0]), "window": device.window}
    if device.sha256 == want["sha256"] or any(want.get(key) != value for key, value in facts.items()):
        return None
    return (f"--depression-file {args.depression_file}: the depression file differs from the one the study used (its "
            f"potentiation file {device.source} reads the study's curve): the device read with it has content hash "
            f"{device.sha256[:12]}..., the study used {want['name']!r} with {want['sha256'][:12]}...")


def _changed_reading(args, told):
    """What to say when the study refused --device FILE read with a --cycle or --read-voltage (`told`: those the
    user gave) other than the study's, and the file read the study's way is the study's device: the option that
    differs and the study's value (the refusal named two content hashes); else None."""
    if args.device is None:
        return None
    try:
        want = store.checked_manifest(args.from_dir)["study"]["device"]
        recorded = want.get("options", {})
        for key in sorted(told):
            option, value = f"--{key.replace('_', '-')}", getattr(args, key)
            if value == recorded.get(key):
                continue
            reading = {"cycle": args.cycle, "read_voltage": args.read_voltage, "depression": args.depression_file,
                       key: recorded.get(key)}
            device = load_device(args.device, allow_outliers=True, **reading)
            if device.sha256 != want["sha256"]:
                continue
            if recorded.get(key) is None:
                return (f"{option} {value:g} differs from the study, which read the file without {option}: "
                        f"{args.device} read so is the study's device; drop {option}")
            study = f"{option} {recorded[key]:g}"
            return (f"{option} {value:g} differs from the study's {study}: {args.device} read with {study} is the "
                    f"study's device; drop {option} (the study's is used) or give {study}")
    except (store.StoreError, DeviceFileError, OSError, KeyError, TypeError, ValueError):
        return None  # the study's own refusal says it
    return None


def _replay_network(args, study, manifest):
    """Trial K of a network study: drawn again from (seed, K) and trained again; its table row must agree."""
    table = store.load_study(args.from_dir, study.device).table
    if not 0 <= args.trial < table.size:
        raise UsageError(f"--trial {args.trial}: the study in {args.from_dir} ran trials 0 ... {table.size - 1}")
    row = table[args.trial]
    try:  # a network the study flagged for its window draws is refused naming the factor, as a fresh one is
        run = train_networks(study.device, study.setting, study.patterns, study.test_patterns, study.offsets,
                             nonideal=study.nonideal, seed=study.seed, trials=[args.trial], units=study.units,
                             unphysical="report" if args.allow_nonphysical else "refuse")
    except ValueError as exc:
        raise _draw_refused(exc) from None
    if (bool(run.converged[0]), int(run.epochs[0]), float(run.test_accuracy[0])) != (
            bool(row["converged"]), int(row["epochs"]), float(row["test_accuracy"])):
        raise store.StoreError(f"{args.from_dir}: trial {args.trial} is filed with another outcome than it replays")
    return _print_network(args, run, study.device, study.setting, study.offsets, study.patterns,
                          study.test_patterns, _replay_extra(args, study, manifest),
                          f"replay     trial {args.trial} of the study in {printable(args.from_dir)} (seed {study.seed})")


def _refuse_unread(args, options):
    """UsageError naming the first option given that ``--from`` would not read.

    `options` lists the parser's (option, dest, default), so an option added later is refused
    with --from until :data:`FROM_READS` says the replay reads it. (An option given at its
    default cannot be told from one not given, and changes nothing.)
    """
    for option, dest, default in options:
        if dest in FROM_READS or getattr(args, dest, default) == default:
            continue
        if dest not in DEVICE_READING:
            raise UsageError(f"--from replays the study's own setting, offsets, task and non-idealities; do not "
                             f"combine it with {option}, which it would ignore")
        if args.device is None and dest != "depression_file":  # alone, it says where that file now lies
            raise UsageError(f"{option} says how to read --device FILE, and none is given: --from replays the "
                             f"study's own device; drop {option}")


def _refuse_conflicts(args, study):
    """--seed, --preset or --offsets given with --from must agree with the study, or are refused."""
    if args.seed is not None and args.seed != study.seed:
        raise UsageError(f"--seed {args.seed} conflicts with the study in {args.from_dir} (seed {study.seed}); "
                         "--from replays the study's own seed: drop --seed")
    if args.preset is not None and PRESETS[args.preset] != study.setting:
        raise UsageError(f"--preset {args.preset} conflicts with the study in {args.from_dir}, whose setting "
                         "differs; --from replays the study's own setting: drop --preset")
    if args.offsets is not None and args.offsets != study.offsets.kind:
        raise UsageError(f"--offsets {args.offsets} conflicts with the study in {args.from_dir} "
                         f"({study.offsets.kind}); drop --offsets")
