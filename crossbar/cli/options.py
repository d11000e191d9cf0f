"""Option parsing shared by the commands: numbers, the setting and the run options (a sweep's value
lists are in :mod:`.values`).

Every parser here turns a bad value into one line naming the option and what was expected
(argparse reports it; :func:`crossbar.cli.main` exits with status 2).
"""

from __future__ import annotations

import argparse
import functools
import math
import os
import re
import sys
from pathlib import Path

from ..devices import (DeviceFileError, Lognormal, NoOffsets, RescaledExponential, RescaledLognormal, default_device,
                       load_device)
from ..devices.presets import PRESETS as DEVICE_PRESETS, preset
from ..devices.variation import NOISE_FORMS, NONE, NONIDEAL_KNOBS, Nonidealities
from ..studies.workers import MAX_WORKERS
from ..tasks import TASKS, task
from ..training import PRESETS
from ..training.checks import check_distribution
from ..training.setting import parse_rule
from ..training.units import UNITS, effective_setting, scale_factor
from .noise import derived_c2c_problem, device_c2c
from .paths import dask_address, device_name, folder, input_file, names_preset, out_problem, study_folder  # noqa: F401
from .values import choice, meant_as_c2c_word, pair, value_list

__all__ = [
    "UsageError", "EXIT_INTERRUPTED", "OFFSET_KINDS", "number", "positive_number", "count", "value_list", "pair",
    "option_message", "add_setting_arguments", "setting_from_args", "load_device_option", "add_run_options",
    "run_kwargs", "folder", "input_file", "study_folder", "add_outlier_option", "MAX_COUNT", "add_device_argument",
    "add_nonideal_arguments", "nonideal_from_args", "rule_name", "KNOB_OPTIONS", "add_task_arguments",
    "task_from_args", "add_units_option", "device_from_args", "check_offset_options", "OFFSET_OPTIONS", "check_rule_for_device",
]

#: Interrupted runs exit with this status (128 + SIGINT).
EXIT_INTERRUPTED = 130
#: Largest integer option value (seeds, trial numbers, counts): 2**63 - 1.
MAX_COUNT = 2**63 - 1


class UsageError(Exception):
    """Bad command-line input: reported as one line, exit status 2."""


def number(text, positive=False):
    """A finite float option value (> 0 if `positive`), or an argparse error saying what was expected."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value) or (positive and value <= 0):
        expected = "a finite number > 0" if positive else "a finite number"
        raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
    return value


def positive_number(text):
    return number(text, positive=True)


def count(text, expected="a non-negative integer"):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
    if value > MAX_COUNT:
        raise argparse.ArgumentTypeError(f"expected an integer up to 2**63 - 1, got {text!r}")
    return value


positive_count = functools.partial(count, expected="an integer >= 1")  # -1 said "a non-negative integer"


#: The offset options each --offsets distribution reads; given with another, they are refused, not ignored.
OFFSET_OPTIONS = {"rescaled-lognormal": ("offset_range", "offset_spread"), "rescaled-exponential": ("offset_range",),
                  "lognormal": ("offset_median", "offset_sigma"), "none": ()}
OFFSET_KINDS = tuple(OFFSET_OPTIONS)


#: Command-line option of each non-ideality knob.
KNOB_OPTIONS = {k: "--" + k.replace("_", "-") for k in NONIDEAL_KNOBS}
_KNOB_HELP = {
    "c2c": "cycle-to-cycle write noise per pulse, fraction of the device's window",
    "window_spread": "device-to-device spread of the curve's window, std of ln(factor)",
    "nonlinearity_spread": "device-to-device spread of the saturation speed, std of ln(rate)",
    "stuck_low": "fraction of devices stuck at their lowest conductance",
    "stuck_high": "fraction of devices stuck at their highest conductance",
    "read_noise": "relative noise of every column-current read"}


def add_device_argument(group):
    group.add_argument("--device", metavar="FILE|PRESET", type=device_name,
                       help="device curve: instrument pulse-train file or CSV, or a preset name "
                            f"({', '.join(DEVICE_PRESETS)}; default: the embedded device); a name that is "
                            "both a preset and a file here is refused: give ./NAME or preset:NAME")


def rule_name(text):
    """A rule option value in its canonical form, or an argparse error listing the rules."""
    try:
        return parse_rule(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _c2c(text):
    word = text.strip()  # spaces around a word dropped, as around a number
    if word in ("device", "measured"):
        return word
    try:
        return number(text)
    except argparse.ArgumentTypeError:
        if meant_as_c2c_word(word):  # 'measure' (C27-3), 'measured,' (C28-2) were "expected a number"
            raise argparse.ArgumentTypeError(f"expected a number or the word 'measured' or 'device', got "
                                             f"{text!r}") from None
        raise


def add_nonideal_arguments(parser):
    """The training rule and the non-ideality knobs (each off by default)."""
    g = parser.add_argument_group("rule and non-idealities (all off by default: the reference model)")
    g.add_argument("--rule", type=rule_name, metavar="RULE",
                   help="batch (default, the reference), gated, online, two-way, refresh, or a combination "
                        "such as online+gated or batch+gated+two-way")
    g.add_argument("--c2c", type=_c2c, metavar="SIGMA",
                   help=_KNOB_HELP["c2c"] + "; 'measured' takes it from the spread of the device file's cycles "
                        "(all of them, with --cycle K too, over the window of the curve trained on); "
                        "'device' takes a preset's published value, or a curve's misfit to its fitted law")
    g.add_argument("--c2c-form", type=choice, choices=NOISE_FORMS, default=None,
                   help="additive (default: c2c x window per pulse, a random walk), proportional (c2c x the "
                        "pulse's nominal step) or bounded (the state is the conductance; the deviation stays "
                        "bounded)")
    for knob in NONIDEAL_KNOBS[1:]:
        g.add_argument(KNOB_OPTIONS[knob], type=number, metavar="X", help=_KNOB_HELP[knob])


def nonideal_from_args(args, device):
    """Nonidealities from the knob options; UsageError naming the option if a value is out of range."""
    given = {k: getattr(args, k) for k in NONIDEAL_KNOBS if getattr(args, k, None) is not None}
    form = getattr(args, "c2c_form", None)
    if form is not None:
        if "c2c" not in given:  # '--c2c 0' was given: a form of no noise is the noiseless model, as in the API
            raise UsageError(f"--c2c-form {form} shapes the cycle-to-cycle noise: give --c2c too")
        given["c2c_form"] = form
    derived = given.get("c2c") if given.get("c2c") in ("device", "measured") else None
    if derived is not None:
        try:
            given["c2c"] = device_c2c(derived, device, form)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    try:
        return Nonidealities(**given) if given else NONE
    except ValueError as exc:
        message = str(exc)
        if derived is not None and message.startswith("Nonidealities.c2c ="):  # a value the user never typed (D25-5)
            raise UsageError(derived_c2c_problem(derived, device, given["c2c"], message.split(": ", 1)[-1])) \
                from None
        for knob, option in KNOB_OPTIONS.items():
            message = message.replace(f"Nonidealities.{knob} =", f"{option}")
        raise UsageError(message.replace("Nonidealities.stuck_low + stuck_high", "--stuck-low + --stuck-high")) \
            from None


def add_task_arguments(group, *, multiple=False):
    """--task (one, or several for a sweep axis), --bias and --held-out."""
    group.add_argument("--task", type=choice, choices=list(TASKS), nargs="+" if multiple else None, default=None,
                       help="pattern set: " + "; ".join(f"{k}: {v}" for k, v in TASKS.items())
                            + " (default: diagonals)")
    group.add_argument("--bias", type=number, nargs="?", const=0.1, default=None, metavar="VOLTS",
                       help="add a bias input row held at VOLTS (default 0.1 V) to the diagonals; the "
                            "letters and digits always have one")
    group.add_argument("--held-out", type=count, default=0, metavar="K",
                       help="letters: noisy versions of each letter kept out of training for the test set "
                            "(0 ... 9; default 0: train and test on all 30)")


def task_from_args(args, name=None, held_out=None, bias=True):
    """(training, test) pattern sets of the task options (`held_out`: in place of --held-out, for one
    task of a sweep's task axis; `bias` False: without --bias, for a task of the axis that has its own bias row);
    UsageError naming the option."""
    name = name or (args.task if isinstance(args.task, str) else "diagonals")
    held_out = args.held_out if held_out is None else held_out
    options = {}
    if held_out:
        if name != "letters":
            raise UsageError(f"--held-out {held_out}: only the letters task has held-out versions")
        options["held_out"] = held_out
    bias = args.bias if bias else None
    if bias is not None and name != "diagonals":
        raise UsageError(f"--bias: the {name} task already has its bias row (+0.1 V)")
    try:
        training, test = task(name, **options)
        if bias is not None:
            training, test = training.with_bias(bias), test.with_bias(bias)
    except ValueError as exc:
        message = str(exc).replace("held_out =", "--held-out").replace("bias_voltage =", "--bias")
        raise UsageError(message.removesuffix(", or None")) from None  # no --bias is the command line's None
    return training, test


def task_record(args, training, test):
    """The JSON record of the task a command trained on: the pattern sets' names, and the --held-out version and the
    --bias voltage where given (a `train --json` record named none of them: probe 31c, C31-2)."""
    given = {"held_out": args.held_out or None, "bias": args.bias}
    return {"task": training.name, "test": test.name, **{k: v for k, v in given.items() if v is not None}}


def add_setting_arguments(parser, *, with_seed=True):
    """Options shared by every command that trains: device, knobs, offsets."""
    g = parser.add_argument_group("device and setting")
    add_device_argument(g)
    add_outlier_option(g)
    g.add_argument("--preset", type=choice, choices=sorted(PRESETS), default=None,
                   help="start from this setting; the options below override it (default: default, or network "
                        "with --hidden)")
    g.add_argument("--beta", type=positive_number, metavar="B", help="activation gain beta, 1/A")
    g.add_argument("--targets", type=number, nargs=2, metavar=("TP", "TN"), help="targets t+ and t-")
    g.add_argument("--gain", type=positive_number, metavar="K", help="multiplication factor K")
    g.add_argument("--max-epochs", type=count, metavar="E", help="most update epochs")
    g.add_argument("--hidden", type=count, metavar="H",
                   help="hidden neurons: a network of two crossbar layers, inputs -> H -> outputs (default 0: one "
                        "crossbar, the reference; with H > 0 the base setting is the network preset)")
    g.add_argument("--hidden-beta", type=positive_number, metavar="B",
                   help="activation gain of the hidden neurons, 1/A (default: the preset's)")
    add_units_option(g)
    g.add_argument("--offsets", type=choice, choices=OFFSET_KINDS, default=None,
                   help="device-to-device offset distribution (default: rescaled-lognormal, the reference; "
                        "none: identical devices, each starting at the device's own g(0))")
    g.add_argument("--offset-range", type=number, nargs=2, metavar=("LO", "HI"),
                   help="rescaled distributions: smallest and largest offset, S (default 1e-8 1e-7)")
    g.add_argument("--offset-spread", type=positive_number, metavar="D",
                   help="rescaled-lognormal: sigma = |ln(hi/lo)| / D (default 5)")
    g.add_argument("--offset-median", type=positive_number, metavar="S",
                   help="lognormal: median offset, S (default 3e-8)")
    g.add_argument("--offset-sigma", type=number, metavar="SIGMA",
                   help="lognormal: standard deviation of ln(offset) (default 0.5)")
    if with_seed:
        g.add_argument("--seed", type=count, default=None, metavar="N", help="random seed (default 0)")


def add_outlier_option(group):
    """How a device file is read: outliers, a cycle, read currents, a separate depression file."""
    group.add_argument("--allow-outliers", action="store_true",
                       help="accept a device point more than 100 times off its neighbours (refused by default "
                            "as a damaged value)")
    group.add_argument("--cycle", type=_cycle, metavar="K",
                       help="device files with several cycles (columns, or instrument blocks): use cycle K "
                            "(1 = the first) instead of the per-pulse median of all cycles")
    group.add_argument("--read-voltage", type=_read_voltage, metavar="V",
                       help="the device table holds read currents taken at V volts: G = I / V")
    group.add_argument("--depression-file", type=input_file, metavar="FILE",
                       help="the depression branch (its cycles, in time order) in a file of its own; --device "
                            "then holds the potentiation branch")


def add_units_option(group):
    group.add_argument("--units", type=choice, choices=UNITS, default=None,
                       help="relative (default): beta and the offsets are on the embedded device's scale and "
                            "scale with the device's window (r = W / W_ref); absolute: beta in 1/A and offsets "
                            "in S as given")


def _cycle(text):
    try:
        value = count(text)
    except argparse.ArgumentTypeError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a cycle number 1, 2, ..., got {text!r}")
    return value


def _read_voltage(text):
    value = number(text)
    if not 1e-12 < abs(value) <= 1e3:
        raise argparse.ArgumentTypeError(f"expected a nonzero read voltage in volts (1e-12 < |V| <= 1000), got {text!r}")
    return value


def device_from_args(args, allow_outliers=None):
    """The device of the --device option and the options that say how to read its file."""
    asked = getattr(args, "allow_outliers", False)
    return load_device_option(args.device, asked if allow_outliers is None else allow_outliers,
                              cycle=getattr(args, "cycle", None), read_voltage=getattr(args, "read_voltage", None),
                              depression=getattr(args, "depression_file", None), outliers_option=asked)


def setting_from_args(args):
    """(device, setting, offset distribution) from parsed options; UsageError if invalid.

    Options left unset (None) take their defaults here: ``--preset default``, ``--seed 0``,
    ``--offsets rescaled-lognormal``; ``train --from`` tells given options from defaults.
    """
    if getattr(args, "seed", 0) is None:
        args.seed = 0
    args.preset = args.preset or ("network" if getattr(args, "hidden", None) else "default")
    args.offsets = args.offsets or "rescaled-lognormal"
    args.units = args.units or "relative"
    device = device_from_args(args)
    changes = {}
    if args.beta is not None:
        changes["beta"] = args.beta
    if args.targets is not None:
        changes["target_high"], changes["target_low"] = args.targets
    if args.gain is not None:
        changes["gain"] = args.gain
    if args.max_epochs is not None:
        changes["max_epochs"] = args.max_epochs
    if getattr(args, "rule", None) is not None:
        changes["rule"] = args.rule
    for name in ("hidden", "hidden_beta"):
        if getattr(args, name, None) is not None:
            changes[name] = getattr(args, name)
    try:
        setting = PRESETS[args.preset].replace(**changes)
        if not setting.network and getattr(args, "hidden_beta", None) is None:
            setting = setting.replace(hidden_beta=0.0)  # --preset network --hidden 0: no hidden neuron to set
        offsets = _offsets_from_args(args, device)
        if getattr(args, "shifts", None) is None:  # every crossbar unphysical: refused before work (--shifts: its file's)
            check_distribution(device, setting.gain, offsets, scale_factor(device, args.units))
        effective_setting(setting, scale_factor(device, args.units))  # beta / r a float that cannot overflow
    except ValueError as exc:
        raise UsageError(option_message(str(exc))) from None
    if getattr(args, "hidden_beta", None) is not None and not setting.hidden:
        raise UsageError("--hidden-beta sets the gain of hidden neurons, and this run has none: give --hidden N "
                         "(N > 0) for a network")
    check_rule_for_device(setting, device)
    return device, setting, offsets


def check_rule_for_device(setting, device):
    if (setting.two_way or setting.fixed) and not device.two_way:
        raise UsageError(f"--rule {setting.rule}: {'G_fix depresses G+, but ' if setting.fixed else ''}device "
                         f"{device.name!r} has no depression branch; give a two-way device (a pulse train with "
                         "depressing pulses, a CSV with a direction column, or a preset such as ag-si)")


def option_message(message):
    """Name the command-line option rather than the dataclass field."""
    for field, option in (("target_high", "--targets TP"), ("target_low", "--targets TN"),
                          ("max_epochs", "--max-epochs"), ("hidden_beta", "--hidden-beta"), ("hidden", "--hidden"),
                          ("beta", "--beta"), ("gain", "--gain")):
        message = re.sub(rf"^setting\.{field} =", f"{option} =", message.replace(f"TrainingSetting.{field}", option))
    for kind in ("RescaledLognormal", "RescaledExponential"):
        message = message.replace(f"{kind}.lo", "--offset-range LO").replace(f"{kind}.hi", "--offset-range HI")
    message = re.sub(r"^offset range must", "--offset-range: the offset range must",  # and the API's sweep axis
                     re.sub(r"^grid axis offset_\w+ = .+? \(Rescaled\w+\): ", "", message))
    message = message.replace("RescaledLognormal.spread", "--offset-spread")
    message = re.sub(r"Lognormal\.median x exp\((-?[\d.]+) sigma\)", r"--offset-median x exp(\1 --offset-sigma)",
                     message.replace("Lognormal.median (the median offset)", "--offset-median"))
    message = message.replace("Lognormal.median", "--offset-median").replace("Lognormal.sigma", "--offset-sigma")
    # the distributions' own words for their parameters (offsets.py: "sigma must be >= 0", "spread = 1e-300: ...")
    for word, option in (("sigma", "--offset-sigma"), ("median", "--offset-median"), ("spread", "--offset-spread")):
        message = re.sub(rf"^{word}\b", option, message)
    message = message.replace("at K = ", "at --gain K = ").replace("(or absolute units)", "(or --units absolute)")
    message = re.sub(r"NoOffsets\(level=[^)]*\)", "--offsets none", message)  # the API's identical devices
    return re.sub(r"^Study\.\w+: (?=--)", "", message)  # the API's prefix, once the message names the option


def check_offset_options(args):
    """UsageError naming an offset option that ``args.offsets`` would ignore (train, montecarlo and sweep)."""
    for name in dict.fromkeys(n for names in OFFSET_OPTIONS.values() for n in names):
        if getattr(args, name, None) is not None and name not in OFFSET_OPTIONS[args.offsets]:
            readers = " or ".join(kind for kind, names in OFFSET_OPTIONS.items() if name in names)
            raise UsageError(f"--{name.replace('_', '-')} is read by --offsets {readers} only; --offsets "
                             f"{args.offsets} would ignore it")


def _offsets_from_args(args, device):
    check_offset_options(args)
    kind = args.offsets
    lo, hi = args.offset_range if args.offset_range else (1e-8, 1e-7)
    if kind == "rescaled-lognormal":
        spread = args.offset_spread if args.offset_spread is not None else 5.0
        return RescaledLognormal(lo, hi, spread)
    if kind == "rescaled-exponential":
        return RescaledExponential(lo, hi)
    if kind == "lognormal":
        return Lognormal(args.offset_median or 3e-8, 0.5 if args.offset_sigma is None else args.offset_sigma)
    # identical devices, each the measured one: its own g(0), given in the setting's units (relative units
    # multiply the offsets by r, so g(0) / r here is g(0) on the device)
    return NoOffsets(level=float(device.conductance[0]) / scale_factor(device, args.units or "relative"))


def add_run_options(p):
    g = p.add_argument_group("running")
    g.add_argument("--trials", type=positive_count, default=10_000, metavar="T", help="crossbars per study (default 10000)")
    g.add_argument("--chunk-size", type=positive_count, default=10_000, metavar="N",
                   help="trials per chunk: unit of work and of saving (default 10000; results do not depend on it)")
    x = g.add_mutually_exclusive_group()
    x.add_argument("--workers", type=positive_count, metavar="N",
                   help="run chunks in N local processes (default: in this process on every core)")
    x.add_argument("--dask", type=dask_address, metavar="ADDRESS",
                   help="run chunks on the Dask scheduler at ADDRESS, or 'local' for a local Dask cluster")
    y = g.add_mutually_exclusive_group()
    y.add_argument("--resume", action="store_true", help="complete the study in --out, keeping finished chunks")
    y.add_argument("--overwrite", action="store_true", help="delete the study in --out and start again")
    g.add_argument("--table", type=choice, choices=("npy", "csv", "both"), default=None,
                   help="per-trial table in --out (needs --out): trials.npy (binary, default), trials.csv (exact "
                        "decimals, about 2 s per float column per million rows) or both; --resume keeps the "
                        "folder's (another is refused)")
    g.add_argument("--quiet", action="store_true", help="no progress bar")


def run_kwargs(args):
    if args.trials < 1:
        raise UsageError(f"--trials {args.trials}: expected an integer >= 1")
    if args.chunk_size < 1:
        raise UsageError(f"--chunk-size {args.chunk_size}: expected an integer >= 1")
    if args.workers is not None and not 1 <= args.workers <= MAX_WORKERS:  # 2**63 - 1 ran, one process per chunk
        raise UsageError(f"--workers {args.workers}: expected an integer {'>= 1' if args.workers < 1 else f'1 ... {MAX_WORKERS}'}")
    given = [option for option, on in (("--resume", args.resume), ("--overwrite", args.overwrite),
                                       (f"--table {args.table}", args.table)) if on]
    if given and args.out is None:  # without a folder nothing would be resumed, overwritten or written
        raise UsageError(f"{given[0]} needs --out DIR")
    if why := out_problem(args.out, args.overwrite):
        raise UsageError(why)
    return dict(out=args.out, executor=args.dask, workers=args.workers, resume=args.resume,
                overwrite=args.overwrite, progress=False if args.quiet else None, table=args.table)


def load_device_option(path, allow_outliers=False, *, cycle=None, read_voltage=None, depression=None,
                       outliers_option=False):
    """The device of ``--device FILE|PRESET`` (the embedded default device if None); UsageError if unusable.

    A name that is both a preset and a file is refused by the option (:func:`.paths.device_name`), a
    folder of that name is not a file; ``preset:NAME`` always means the preset. `cycle`, `read_voltage` and
    `depression` (--cycle, --read-voltage, --depression-file) say how to read a file, and are
    refused with a preset or the embedded device, as is --allow-outliers if `outliers_option`
    (the user gave it; ``train --from`` allows outliers itself, since the study's hash decides).
    """
    options = {"--cycle": cycle, "--read-voltage": read_voltage, "--depression-file": depression,
               "--allow-outliers": True if outliers_option else None}
    given = [option for option, value in options.items() if value is not None]
    text = None if path is None else str(path)
    name = None if text is None else (text[len("preset:"):] if text.startswith("preset:") else text).strip()
    is_preset = names_preset(path)
    if given and (path is None or is_preset):
        which = "the embedded default device" if path is None else f"preset {name!r}"
        raise UsageError(f"{given[0]} says how to read a device file; {which} is not one (give --device FILE)")
    if path is None:
        return default_device()
    if not text.strip():
        raise UsageError("--device is empty; expected a device file or a preset name "
                         f"({', '.join(DEVICE_PRESETS)})")
    if is_preset:
        if name not in DEVICE_PRESETS:
            raise UsageError(f"--device {text}: unknown preset {name!r}; expected one of {', '.join(DEVICE_PRESETS)}")
        return preset(name)
    try:
        return load_device(Path(text), allow_outliers=allow_outliers, cycle=cycle, read_voltage=read_voltage,
                           depression=depression)
    except DeviceFileError as exc:
        message, hint = str(exc), ""
        if not Path(text).exists():
            # quoted as typed: Path('./default') reads 'default', which would then seem to be no preset
            message = message.replace(exc.source, text, 1) if message.startswith(exc.source + ":") else message
            hint = (f" (a path, so not the preset {Path(text).name!r}: give --device {Path(text).name} for the preset)"
                    if Path(text).name in DEVICE_PRESETS else
                    f" (and not a device preset: {', '.join(DEVICE_PRESETS)})")
        raise UsageError(message + hint) from None
    except ValueError as exc:  # a cycle the file does not have
        raise UsageError(str(exc).replace("cycle = ", "--cycle ")) from None
