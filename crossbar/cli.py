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
from .store import StoreError

__all__ = ["main", "UsageError", "add_setting_arguments", "setting_from_args", "read_offsets"]

#: Interrupted runs exit with this status (128 + SIGINT).
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """Bad command-line input: reported as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors: one line, status 2
        raise UsageError(message)


def _float(text, positive=False):
    """A finite float option value (> 0 if `positive`), or an argparse error saying what was expected."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value) or (positive and value <= 0):
        expected = "a finite number > 0" if positive else "a finite number"
        raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
    return value


def _positive_float(text):
    return _float(text, positive=True)


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

    if args.from_dir is not None:
        return _replay(args)
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
    p.add_argument("--from", dest="from_dir", type=Path, metavar="DIR",
                   help="replay trial --trial of the Monte Carlo study saved in DIR (its device, setting "
                        "and saved offsets)")
    p.set_defaults(handler=_train)
    _add_montecarlo_parser(sub)
    _add_sweep_parser(sub)
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
    except StoreError as exc:
        print(f"crossbar: error: {exc}", file=sys.stderr)
        return 2


# --------------------------------------------------------------------------- Monte Carlo

def _replay(args):
    """``train --from DIR --trial K``: rerun trial K of a saved study exactly."""
    from . import store, train
    from .offsets import FixedOffsets

    given = [opt for opt, value in (("--beta", args.beta), ("--targets", args.targets), ("--gain", args.gain),
                                    ("--max-epochs", args.max_epochs), ("--offset-range", args.offset_range),
                                    ("--offset-spread", args.offset_spread), ("--offset-median", args.offset_median),
                                    ("--offset-sigma", args.offset_sigma), ("--shifts", args.shifts))
             if value is not None]
    if given:
        raise UsageError(f"--from replays the study's own setting and offsets; do not combine it with {given[0]}")
    device = None
    if args.device is not None:
        try:
            device = load_device(args.device)
        except DeviceFileError as exc:
            raise UsageError(str(exc)) from None
    manifest = store.read_manifest(args.from_dir)
    study = store.study_from_manifest(manifest, device)
    matrix, converged = store.read_offsets(args.from_dir, args.trial)
    run = train(study.device, study.setting, FixedOffsets(matrix), study.seed, trial=args.trial,
                patterns=study.patterns)
    if run.converged != converged:  # the store said otherwise: not the same computation
        raise StoreError(f"{args.from_dir}: trial {args.trial} is filed as "
                         f"{'converged' if converged else 'not converged'} but replays otherwise")
    extra = {"from": str(args.from_dir), "study_id": manifest["study_id"], "seed": study.seed,
             "trial": args.trial, "offsets": study.offsets.describe()}
    if args.json:
        print(json.dumps(run_record(run, study.test_patterns, extra)))
    else:
        print(f"replay     trial {args.trial} of the study in {args.from_dir} (seed {study.seed})")
        print(run_summary(run, study.test_patterns))
    return 0


def _values(text, kind=float):
    """A list of values: ``A``, ``A,B,...``, ``START:STOP:NUM`` (linear) or ``START:STOP:NUM:log``."""
    try:
        if ":" in text:
            parts = text.split(":")
            if len(parts) not in (3, 4) or (len(parts) == 4 and parts[3] != "log"):
                raise ValueError
            a, b, n = float(parts[0]), float(parts[1]), int(parts[2])
            if n < 1:
                raise ValueError
            if len(parts) == 4:
                if a <= 0 or b <= 0:
                    raise ValueError
                values = np.geomspace(a, b, n)
            else:
                values = np.linspace(a, b, n)
            values = [float(f"{v:.6g}") for v in values]
        else:
            values = [float(x) for x in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number, a list A,B,..., START:STOP:NUM or START:STOP:NUM:log, got {text!r}") from None
    if not all(math.isfinite(v) for v in values):
        raise argparse.ArgumentTypeError(f"expected finite numbers, got {text!r}")
    if kind is int:
        if any(v != int(v) or v < 0 for v in values):
            raise argparse.ArgumentTypeError(f"expected non-negative integers, got {text!r}")
        values = sorted(set(int(v) for v in values), key=[int(v) for v in values].index)
    return values


def _pairs(text):
    """``T`` (meaning T,-T) or ``A,B``: one pair."""
    try:
        parts = [float(x) for x in text.split(",")]
    except ValueError:
        parts = []
    if len(parts) == 1:
        parts = [parts[0], -parts[0]]
    if len(parts) != 2 or not all(math.isfinite(v) for v in parts):
        raise argparse.ArgumentTypeError(f"expected T (for T,-T) or A,B, got {text!r}")
    return tuple(parts)


def _add_run_options(p):
    g = p.add_argument_group("running")
    g.add_argument("--trials", type=_count, default=10_000, metavar="T", help="crossbars per study (default 10000)")
    g.add_argument("--chunk-size", type=_count, default=10_000, metavar="N",
                   help="trials per chunk: unit of work and of saving (default 10000; results do not depend on it)")
    x = g.add_mutually_exclusive_group()
    x.add_argument("--workers", type=_count, metavar="N",
                   help="run chunks in N local processes (default: in this process on every core)")
    x.add_argument("--dask", metavar="ADDRESS",
                   help="run chunks on the Dask scheduler at ADDRESS, or 'local' for a local Dask cluster")
    y = g.add_mutually_exclusive_group()
    y.add_argument("--resume", action="store_true", help="complete the study in --out, keeping finished chunks")
    y.add_argument("--overwrite", action="store_true", help="delete the study in --out and start again")
    g.add_argument("--quiet", action="store_true", help="no progress bar")


def _run_kwargs(args):
    if args.trials < 1:
        raise UsageError(f"--trials {args.trials}: expected at least 1")
    if args.chunk_size < 1:
        raise UsageError(f"--chunk-size {args.chunk_size}: expected at least 1")
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers {args.workers}: expected at least 1")
    if (args.resume or args.overwrite) and args.out is None:
        raise UsageError(f"{'--resume' if args.resume else '--overwrite'} needs --out DIR")
    return dict(out=args.out, executor=args.dask, workers=args.workers, resume=args.resume,
                overwrite=args.overwrite, progress=False if args.quiet else None)


def _interrupted(out):
    where = f"; finished chunks are saved in {out}: complete with --resume" if out else ""
    print(f"crossbar: interrupted{where}", file=sys.stderr)
    return EXIT_INTERRUPTED


def _montecarlo(args):
    from .montecarlo import Study, failure_analysis, run_study

    device, setting, offsets = setting_from_args(args)
    kwargs = _run_kwargs(args)
    study = Study(device=device, setting=setting, offsets=offsets, trials=args.trials, seed=args.seed,
                  chunk_size=args.chunk_size)
    try:
        result = run_study(study, **kwargs)
    except KeyboardInterrupt:
        return _interrupted(args.out)
    s = setting
    fa = failure_analysis(result)
    lines = [
        f"device     {device.name} ({device.length} points, window {device.window:.3g} S, "
        f"sha256 {device.sha256[:12]})",
        f"setting    beta={s.beta:g}/A  targets=({s.target_high:g}, {s.target_low:g})  K={s.gain:g}  "
        f"max_epochs={s.max_epochs}",
        f"offsets    {offsets.describe()}",
        f"trials     {study.trials} from seed {study.seed}",
        str(result.summary()),
        f"failures   {fa['failed']} failed: {fa['failed_saturated']} with a saturated device, "
        f"{fa['failed_locked']} with a pair whose offset imbalance exceeds the window",
    ]
    if args.out is not None:
        lines.append(f"saved      {args.out} (replay a trial: python -m crossbar train --from {args.out} --trial K)")
    print("\n".join(lines))
    return 0


def _montecarlo_parser_args(p):
    add_setting_arguments(p)
    _add_run_options(p)
    p.add_argument("--out", type=Path, metavar="DIR", help="study folder (default: results are not saved)")


def _add_montecarlo_parser(sub):
    p = sub.add_parser("montecarlo", help="convergence rate of one setting over many crossbars",
                       description="Train T crossbars with random device offsets and report the convergence "
                                   "rate with its 95 % Wilson interval.")
    _montecarlo_parser_args(p)
    p.set_defaults(handler=_montecarlo)


def _add_sweep_parser(sub):
    p = sub.add_parser("sweep", help="convergence rate over a grid of settings",
                       description="One Monte Carlo study per grid point (the cartesian product of the "
                                   "values given). Values: A, A,B,..., START:STOP:NUM or START:STOP:NUM:log.")
    g = p.add_argument_group("device and base setting")
    g.add_argument("--device", type=Path, metavar="FILE",
                   help="device curve: instrument pulse-train file or CSV (default: the embedded device)")
    g.add_argument("--preset", choices=sorted(PRESETS), default="default",
                   help="base setting for knobs not swept (default: default)")
    g.add_argument("--offsets", choices=("rescaled-lognormal", "rescaled-exponential"),
                   default="rescaled-lognormal", help="offset distribution (default: rescaled-lognormal)")
    g.add_argument("--seed", type=_count, default=0, metavar="N", help="random seed of every point (default 0)")
    a = p.add_argument_group("grid axes (each optional)")
    a.add_argument("--beta", type=_values, nargs="+", metavar="B", help="activation gain beta, 1/A")
    a.add_argument("--targets", type=_pairs, nargs="+", metavar="T",
                   help="target pairs: T for (T, -T) or TP,TN")
    a.add_argument("--gain", type=_values, nargs="+", metavar="K", help="multiplication factor K")
    a.add_argument("--max-epochs", type=lambda t: _values(t, int), nargs="+", metavar="E", help="most update epochs")
    a.add_argument("--offset-range", type=_pairs, nargs="+", metavar="LO,HI",
                   help="smallest and largest offset of a crossbar, S")
    a.add_argument("--offset-spread", type=_values, nargs="+", metavar="D",
                   help="rescaled-lognormal spread D")
    _add_run_options(p)
    p.add_argument("--out", type=Path, metavar="DIR", help="sweep folder (default: results are not saved)")
    p.set_defaults(handler=_sweep)


def _sweep(args):
    from .montecarlo import Grid, Study, run_sweep

    try:
        device = default_device() if args.device is None else load_device(args.device)
    except DeviceFileError as exc:
        raise UsageError(str(exc)) from None
    offsets = RescaledLognormal() if args.offsets == "rescaled-lognormal" else RescaledExponential()
    axes = {}
    flat = lambda lists: [v for values in lists for v in values]  # noqa: E731
    for name, option, value in (("beta", "--beta", args.beta), ("targets", "--targets", args.targets),
                                ("gain", "--gain", args.gain), ("max_epochs", "--max-epochs", args.max_epochs),
                                ("offset_range", "--offset-range", args.offset_range),
                                ("offset_spread", "--offset-spread", args.offset_spread)):
        if value is not None:
            axes[name] = value if name in ("targets", "offset_range") else flat(value)
    if not axes:
        raise UsageError("give at least one grid axis: --beta, --targets, --gain, --max-epochs, "
                         "--offset-range or --offset-spread")
    if "offset_spread" in axes and args.offsets != "rescaled-lognormal":
        raise UsageError("--offset-spread needs --offsets rescaled-lognormal")
    kwargs = _run_kwargs(args)
    try:
        grid = Grid(**axes)
        base = Study(device=device, setting=PRESETS[args.preset], offsets=offsets, trials=args.trials,
                     seed=args.seed, chunk_size=args.chunk_size)
        from .montecarlo import apply_point

        for point in grid.points():  # validate every point before running any
            apply_point(base, point)
    except ValueError as exc:
        raise UsageError(_option_message(str(exc))) from None
    try:
        result = run_sweep(base, grid, **kwargs)
    except KeyboardInterrupt:
        return _interrupted(args.out)
    print(sweep_summary(result))
    return 0


def sweep_summary(result, rows=15):
    """One screen: the grid and the points with the highest convergence rate."""
    t = result.table
    names = result.grid.names
    lines = [f"sweep      {len(result)} points x {result.base.trials} trials, seed {result.base.seed}, "
             f"device {result.base.device.name}",
             "axes       " + ", ".join(f"{n} ({len(v)})" for n, v in result.grid.axes)]
    order = result.best(len(result)) if len(result) > rows else np.arange(len(result))
    if len(result) > rows:
        lines.append(f"best {rows} of {len(result)} points by rate:")
    cols = []
    for n in names:
        cols += {"targets": ["target_high", "target_low"], "offset_range": ["offset_lo", "offset_hi"]}.get(n, [n])
    lines.append("  ".join(f"{c:>11}" for c in cols) + f"  {'rate %':>8}  {'95 % CI, %':>17}  {'epochs':>6}")
    for i in order[:rows]:
        vals = "  ".join(f"{t[c][i]:>11.4g}" for c in cols)
        ci = f"{100 * t['ci_low'][i]:.3g} - {100 * t['ci_high'][i]:.3g}"
        epochs = "-" if np.isnan(t["epochs_median"][i]) else f"{t['epochs_median'][i]:.3g}"
        lines.append(f"{vals}  {100 * t['rate'][i]:>8.3g}  {ci:>17}  {epochs:>6}")
    if not t["physical"].all():
        lines.append(f"warning    {int((~t['physical']).sum())} point(s) drove some conductance <= 0")
    if result.path:
        lines.append(f"saved      {result.path}/sweep.csv")
    return "\n".join(lines)
