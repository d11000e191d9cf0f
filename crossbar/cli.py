"""Command line: ``python -m crossbar train ...``.

Bad arguments or files end with one line on stderr and exit status 2;
nothing is written.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

from .device import DeviceFileError, default_device, load_device
from .offsets import (
    FixedOffsets,
    Lognormal,
    NoOffsets,
    RescaledExponential,
    RescaledLognormal,
)
from .patterns import diagonals_test, diagonals_training
from .setting import PRESETS

__all__ = ["main", "UsageError", "add_setting_arguments", "setting_from_args", "read_offsets"]


class UsageError(Exception):
    """Bad command-line input: reported as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors: one line, status 2
        raise UsageError(message)


def _positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"expected a finite number > 0, got {text!r}")
    return value


def _float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


def _count(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {text!r}")
    return value


OFFSET_KINDS = ("rescaled-lognormal", "rescaled-exponential", "lognormal", "none")


def add_setting_arguments(parser, *, with_seed=True):
    """Options shared by every command that trains: device, knobs, offsets."""
    g = parser.add_argument_group("device and setting")
    g.add_argument("--device", type=Path, metavar="FILE",
                   help="device curve: instrument pulse-train file or CSV (default: the embedded device)")
    g.add_argument("--preset", choices=sorted(PRESETS), default="default",
                   help="start from this setting; the options below override it (default: default)")
    g.add_argument("--beta", type=_positive_float, metavar="B", help="activation gain beta, 1/A")
    g.add_argument("--targets", type=_float, nargs=2, metavar=("TP", "TN"), help="targets t+ and t-")
    g.add_argument("--gain", type=_positive_float, metavar="K", help="multiplication factor K")
    g.add_argument("--max-epochs", type=_count, metavar="E", help="most update epochs")
    g.add_argument("--offsets", choices=OFFSET_KINDS, default="rescaled-lognormal",
                   help="device-to-device offset distribution (default: rescaled-lognormal, the reference)")
    g.add_argument("--offset-range", type=_float, nargs=2, metavar=("LO", "HI"),
                   help="rescaled distributions: smallest and largest offset, S (default 1e-8 1e-7)")
    g.add_argument("--offset-spread", type=_positive_float, metavar="D",
                   help="rescaled-lognormal: sigma = |ln(hi/lo)| / D (default 5)")
    g.add_argument("--offset-median", type=_positive_float, metavar="S",
                   help="lognormal: median offset, S (default 3e-8)")
    g.add_argument("--offset-sigma", type=_float, metavar="SIGMA",
                   help="lognormal: standard deviation of ln(offset) (default 0.5)")
    if with_seed:
        g.add_argument("--seed", type=_count, default=0, metavar="N", help="random seed (default 0)")


def setting_from_args(args):
    """(device, setting, offset distribution) from parsed options; UsageError if invalid."""
    try:
        device = default_device() if args.device is None else load_device(args.device)
    except DeviceFileError as exc:
        raise UsageError(str(exc)) from None
    changes = {}
    if args.beta is not None:
        changes["beta"] = args.beta
    if args.targets is not None:
        changes["target_high"], changes["target_low"] = args.targets
    if args.gain is not None:
        changes["gain"] = args.gain
    if args.max_epochs is not None:
        changes["max_epochs"] = args.max_epochs
    try:
        setting = PRESETS[args.preset].replace(**changes)
        offsets = _offsets_from_args(args)
    except ValueError as exc:
        raise UsageError(_option_message(str(exc))) from None
    return device, setting, offsets


def _option_message(message):
    """Name the command-line option rather than the dataclass field."""
    for field, option in (("target_high", "--targets TP"), ("target_low", "--targets TN"),
                          ("max_epochs", "--max-epochs"), ("beta", "--beta"), ("gain", "--gain")):
        message = message.replace(f"TrainingSetting.{field}", option)
    return message


def _offsets_from_args(args):
    kind = args.offsets
    lo, hi = args.offset_range if args.offset_range else (1e-8, 1e-7)
    if kind == "rescaled-lognormal":
        spread = args.offset_spread if args.offset_spread is not None else 5.0
        return RescaledLognormal(lo, hi, spread)
    if kind == "rescaled-exponential":
        return RescaledExponential(lo, hi)
    if kind == "lognormal":
        return Lognormal(args.offset_median or 3e-8, 0.5 if args.offset_sigma is None else args.offset_sigma)
    return NoOffsets()


def read_offsets(path, shape):
    """An offset matrix (rows = inputs, columns G+_1 G-_1 G+_2 ..., S) from CSV or .npy."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    if path.suffix == ".npy":
        try:
            matrix = np.load(path, allow_pickle=False)
        except Exception as exc:  # numpy raises several types for damaged files
            raise UsageError(f"{path}: not a readable .npy array ({exc})") from None
        matrix = np.asarray(matrix, dtype=np.float64) if matrix.dtype.kind in "fiu" else None
        if matrix is None:
            raise UsageError(f"{path}: expected a numeric array of offsets in siemens")
    else:
        rows = []
        first = True
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                rows.append([float(x) for x in line.split(",")])
            except ValueError:
                if first:  # a header line of column names
                    first = False
                    continue
                raise UsageError(f"{path}, line {number}: expected comma-separated numbers, found {line.strip()!r}") from None
            first = False
            if len(rows[-1]) != len(rows[0]):
                raise UsageError(f"{path}, line {number}: {len(rows[-1])} values, the first row has {len(rows[0])}")
        if not rows:
            raise UsageError(f"{path}: no offset rows found")
        matrix = np.array(rows)
    if matrix.shape != tuple(shape):
        raise UsageError(
            f"{path}: offsets have shape {matrix.shape}, expected {tuple(shape)} "
            f"(rows = inputs, columns = G+/G- pairs of each neuron)"
        )
    if not np.all(np.isfinite(matrix)):
        raise UsageError(f"{path}: offsets must be finite numbers (siemens)")
    return matrix


def run_summary(run, test):
    """A short human-readable account of one training run."""
    s = run.setting
    verdict = (f"converged after {run.epochs} update epoch(s)" if run.converged
               else f"did NOT converge in {run.epochs} update epochs")
    lines = [
        f"device     {run.device.name} ({run.device.length} points, window {run.device.window:.3g} S)",
        f"setting    beta={s.beta:g}/A  targets=({s.target_high:g}, {s.target_low:g})  K={s.gain:g}  "
        f"max_epochs={s.max_epochs}",
        f"result     {verdict}; total error {run.total_error:.4g}",
        f"accuracy   training {run.accuracy():.0%}, test {run.accuracy(test):.0%} (undecided counts as wrong)",
        "pulses     rows = inputs, columns G+1 G-1 G+2 G-2 ...",
    ]
    lines += ["           " + " ".join(f"{v:4d}" for v in row) for row in run.pulse_count]
    lines.append("G (uS)")
    lines += ["           " + " ".join(f"{v * 1e6:7.4f}" for v in row) for row in run.conductance]
    return "\n".join(lines)


def run_record(run, test, extra):
    """The JSON-ready record of one run."""
    s = run.setting
    return {
        "converged": run.converged,
        "epochs": run.epochs,
        "total_error": run.total_error,
        "conductance": run.conductance.tolist(),
        "pulse_count": run.pulse_count.tolist(),
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
        "units": {"conductance": "S", "shifts": "S", "weights": "S", "beta": "1/A",
                  "v_one": "V", "v_zero": "V"},
    }


def _train(args):
    from . import train  # the package's one-run entry point

    patterns = diagonals_training()
    shape = (patterns.n_inputs, 2 * patterns.n_neurons)
    device, setting, offsets = setting_from_args(args)
    extra = {"seed": args.seed, "trial": args.trial, "offsets": offsets.describe()}
    if args.shifts is not None:
        offsets = FixedOffsets(read_offsets(args.shifts, shape))
        extra = {"shifts_file": str(args.shifts), "offsets": {"kind": "fixed"}}
    run = train(device, setting, offsets, args.seed, trial=args.trial, patterns=patterns)
    test = diagonals_test()
    if args.json:
        print(json.dumps(run_record(run, test, extra)))
    else:
        print(run_summary(run, test))
    return 0


def build_parser():
    parser = _Parser(prog="python -m crossbar", description="In-situ training of memristor crossbars.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    p = sub.add_parser("train", help="train one crossbar and report it",
                       description="Train one crossbar with the batch Manhattan rule.")
    add_setting_arguments(p)
    p.add_argument("--trial", type=_count, default=0, metavar="K",
                   help="draw the offsets of Monte Carlo trial K of --seed (default 0)")
    p.add_argument("--shifts", type=Path, metavar="FILE",
                   help="offset matrix, CSV or .npy (rows = inputs, columns G+1 G-1 G+2 G-2, S)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=_train)
    return parser


def main(argv=None):
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return args.handler(args)
    except UsageError as exc:
        command = getattr(exc, "command", None) or "crossbar"
        print(f"{command}: error: {exc}", file=sys.stderr)
        return 2
