"""``python -m crossbar sweep``: convergence rates over a grid of settings."""

from __future__ import annotations

import warnings

import numpy as np

from ..devices import Nonidealities, RescaledExponential, RescaledLognormal
from ..devices.variation import NOISE_FORMS
from ..devices.checks import range_text
from ..numbers import printable
from ..studies import Grid, Study, apply_point, limits, run_sweep, store
from ..studies.diagnosis import sweep_note
from ..resources import RunMemoryError
from ..studies.workers import ExecutorError, WorkerLost
from ..training import PRESETS
from ..training.units import scaling_record
from .guard import option_sizes, report
from .montecarlo import device_of_resumed, refuse_resume_without_depression, refuse_unread_depression, window_text
from .options import (
    KNOB_OPTIONS,
    UsageError,
    add_device_argument,
    add_outlier_option,
    add_run_options,
    add_task_arguments,
    folder,
    add_units_option,
    check_offset_options,
    check_rule_for_device,
    count,
    device_from_args,
    option_message,
    rule_name,
    run_kwargs,
    task_from_args,
)
from .outcome import Previous, interrupted, out_error
from .noise import axis_c2c
from .values import c2c_values, choice, offset_pair, pair, value_list

__all__ = ["add_parser", "sweep_summary"]


def add_parser(sub):
    p = sub.add_parser("sweep", help="convergence rate over a grid of settings",
                       description="One Monte Carlo study per grid point (the cartesian product of the "
                                   "values given). Values: A, A,B,..., START:STOP:NUM or START:STOP:NUM:log.")
    g = p.add_argument_group("device and base setting")
    add_device_argument(g)
    add_outlier_option(g)
    g.add_argument("--preset", type=choice, choices=sorted(PRESETS), default="default",
                   help="base setting for knobs not swept (default: default)")
    g.add_argument("--offsets", type=choice, choices=("rescaled-lognormal", "rescaled-exponential"),
                   default="rescaled-lognormal", help="offset distribution (default: rescaled-lognormal)")
    g.add_argument("--seed", type=count, default=0, metavar="N", help="random seed of every point (default 0)")
    add_units_option(g)
    a = p.add_argument_group("grid axes (each optional)")
    add_task_arguments(a, multiple=True)
    a.add_argument("--beta", type=value_list, nargs="+", metavar="B", help="activation gain beta, 1/A")
    a.add_argument("--targets", type=pair, nargs="+", metavar="T",
                   help="target pairs: T for (T, -T) or TP,TN")
    a.add_argument("--gain", type=value_list, nargs="+", metavar="K", help="multiplication factor K")
    a.add_argument("--max-epochs", type=lambda t: value_list(t, int), nargs="+", metavar="E", help="most update epochs")
    a.add_argument("--offset-range", type=offset_pair, nargs="+", metavar="LO,HI",
                   help="smallest and largest offset of a crossbar, S")
    a.add_argument("--offset-spread", type=value_list, nargs="+", metavar="D",
                   help="rescaled-lognormal spread D")
    a.add_argument("--rule", type=rule_name, nargs="+", metavar="RULE",
                   help="training rules: batch, gated, online, two-way, refresh or combinations (online+gated)")
    for knob, option in KNOB_OPTIONS.items():
        a.add_argument(option, type=c2c_values if knob == "c2c" else value_list, nargs="+", metavar="X",
                       help=f"non-ideality {knob}" + ("; 'device' and 'measured' (in a list too) take the noise the "
                                                      "device gives, as train's --c2c" if knob == "c2c" else ""))
    g.add_argument("--c2c-form", type=choice, choices=NOISE_FORMS, default=None,
                   help="the form of every point's --c2c noise, as train's --c2c-form: additive (default), "
                        "proportional or bounded")
    add_run_options(p)
    p.add_argument("--out", type=folder, metavar="DIR", help="sweep folder (default: results are not saved)")
    p.set_defaults(handler=_sweep)


def _sweep(args):
    refuse_resume_without_depression(args, "sweep")
    device, renamed = device_of_resumed(args, device_from_args(args), "sweep")  # the rule montecarlo resumes by
    tasks = args.task or ["diagonals"]
    if args.held_out and len(tasks) > 1 and "letters" not in tasks:
        raise UsageError(f"--held-out {args.held_out}: only the letters task has held-out versions")
    # --held-out splits the letters; on a task axis the other tasks keep their own test sets
    held = {name: args.held_out if name == "letters" or len(tasks) == 1 else 0 for name in tasks}
    # and --bias gives the diagonals a bias row, the letters and digits keep theirs (probe 23c, C23-7: refused)
    if args.bias is not None and len(tasks) > 1 and "diagonals" not in tasks:
        raise UsageError(f"--bias: only the diagonals take a bias row; the {' and '.join(tasks)} tasks already have "
                         "theirs (+0.1 V)")
    patterns = {name: task_from_args(args, name, held[name], bias=name == "diagonals" or len(tasks) == 1)
                for name in tasks}  # each checked before any runs
    # the base study: the diagonals where --bias gives them their row, which the sweep keeps for its diagonals points
    base_task = "diagonals" if args.bias is not None and "diagonals" in tasks else tasks[0]
    offsets = RescaledLognormal() if args.offsets == "rescaled-lognormal" else RescaledExponential()
    axes = {}
    flat = lambda lists: [v for values in lists for v in values]  # noqa: E731
    for name, option, value in (("beta", "--beta", args.beta), ("targets", "--targets", args.targets),
                                ("gain", "--gain", args.gain), ("max_epochs", "--max-epochs", args.max_epochs),
                                ("offset_range", "--offset-range", args.offset_range),
                                ("offset_spread", "--offset-spread", args.offset_spread),
                                ("rule", "--rule", args.rule),
                                ("task", "--task", [f"{n}:held_out={held[n]}" if held[n] else n for n in tasks]
                                 if len(tasks) > 1 else None),
                                *((k, o, getattr(args, k)) for k, o in KNOB_OPTIONS.items())):
        if value is not None:
            axes[name] = value if name in ("targets", "offset_range", "rule", "task") else flat(value)
    if args.c2c_form is not None and "c2c" not in axes:  # a form of no noise would be the noiseless model
        raise UsageError(f"--c2c-form {args.c2c_form} shapes the cycle-to-cycle noise: give a --c2c axis too")
    if "c2c" in axes:  # 'device' and 'measured': the number the device file gives, before the grid checks it
        try:
            axes["c2c"] = axis_c2c(axes["c2c"], device, args.c2c_form)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    if not axes:
        raise UsageError("give at least one grid axis: --beta, --targets, --gain, --max-epochs, "
                         "--offset-range, --offset-spread, --rule or a non-ideality (--c2c, ...)")
    check_offset_options(args)
    for rule in args.rule or [PRESETS[args.preset].rule]:  # named as --rule, before Study says Study.setting
        check_rule_for_device(PRESETS[args.preset].replace(rule=rule), device)
    kwargs = run_kwargs(args)
    try:
        grid = Grid(**axes)
        training, test = patterns[base_task]
        base = Study(device=device, setting=PRESETS[args.preset], offsets=offsets, trials=args.trials,
                     seed=args.seed, chunk_size=args.chunk_size, patterns=training, test_patterns=test,
                     units=args.units or "relative",  # --c2c-form: every point's form (probe 27c, C27-12)
                     nonideal=Nonidealities(c2c_form=args.c2c_form or "additive"))
        limits.require_sweep_size(base, grid, "the grid axes")  # before the points are made
        limits.require_sweep_memory(base, len(grid), args.workers)
        # validate every point before running any (Study checks beta's range)
        studies = [apply_point(base, point) for point in grid.points()]
    except ValueError as exc:  # a memory estimate in the options' names too (probe 29c, C29-1)
        message = option_message(option_sizes(str(exc))).replace("Nonidealities.stuck_low + stuck_high", "--stuck-low + --stuck-high")
        for knob, option in KNOB_OPTIONS.items():
            message = message.replace(f"Nonidealities.{knob}", option).replace(f"grid axis {knob}", option)
        for axis in ("beta", "targets", "gain", "max_epochs", "offset_range", "offset_spread", "rule", "task"):
            message = message.replace(f"grid axis {axis}:", f"--{axis.replace('_', '-')}:")
        raise UsageError(message) from None
    unread = refuse_unread_depression(args, [(study.setting, study.nonideal) for study in studies], "sweep")
    if (renamed or unread) and store.holds_sweep(args.out, base, grid):  # else the run refuses the folder: one line
        for warning in (renamed, unread):
            if warning:
                warnings.warn(warning)
    previous = Previous(args.out, args.overwrite, lambda: store.holds_sweep(args.out, base, grid))  # before --overwrite
    try:
        result = run_sweep(base, grid, **kwargs)
    except KeyboardInterrupt as exc:
        return interrupted(args.out, exc, previous)
    except (OSError, WorkerLost, MemoryError, RunMemoryError, ExecutorError) as exc:
        raise out_error(args.out, exc, args.workers) from None
    report(sweep_summary(result), args.out)
    return 0


def _digits(column):
    """Significant digits that show a column's distinct values as distinct (4, or more: 1 and 1.000001), or None
    where 16 do not: the values are then shown in repr's shortest form."""
    values = [float(v) for v in column if v == v]
    for d in range(4, 17):
        if len({f"{v:.{d}g}" for v in values}) == len(set(values)):
            return d
    return None  # repr's shortest form: 17 digits showed 0.3 as 0.29999999999999999


def _scale_lines(base):
    """The scale line of a sweep on a device of another window than the embedded one's, else none: what its beta
    and offset values mean (probe 27c, C27-2: a relative beta axis on a device of 1/1000 the window read as the
    betas the devices got), and in absolute units far from the embedded window, by how much a setting made for the
    embedded device is off, whatever the rates (a sweep replays no trial to find saturated ones)."""
    record = scaling_record(base.device, base.setting, base.units)
    if record["device_window"] == record["reference_window"]:
        return []
    where = window_text(record)
    if base.units == "absolute":
        ratio = record["device_window"] / record["reference_window"]
        far = "" if 0.1 <= ratio <= 10 else (f": a setting made for the embedded device is {ratio:.3g} x off here; "
                                             "--units relative (the default) scales beta and the offsets with the "
                                             "window")
        return [f"scale      absolute units: every point's beta and offsets as given ({where}){far}"]
    hidden = " (hidden_beta too)" if base.setting.hidden else ""  # a network's hidden layer (probe 27c, C27-5)
    return [f"scale      relative units, r = {record['scale']:.4g} ({where}): every point's devices get beta / r"
            f"{hidden} and the offsets x r"]


def _form_lines(base):
    """The form of every point's c2c noise where it is not the additive one (--c2c-form; sweep.json holds it)."""
    form = base.nonideal.c2c_form
    return [] if form == "additive" else [f"noise      every point's --c2c in the {form} form"]


def sweep_summary(result, rows=15):
    """One screen: the grid and the points with the highest convergence rate."""
    t = result.table
    names = result.grid.names
    lines = [f"sweep      {len(result)} points x {result.base.trials} trials, seed {result.base.seed}, "
             f"device {printable(result.base.device.name)}",
             *_scale_lines(result.base), *_form_lines(result.base),
             "axes       " + ", ".join(f"{n} ({len(v)})" for n, v in result.grid.axes)]
    order = result.best(len(result)) if len(result) > rows else np.arange(len(result))
    if len(result) > rows:
        lines.append(f"best {rows} of {len(result)} points by rate:")
    cols = []
    if "task" in names:
        lines.append("tasks      " + ", ".join(f"{i}: {r}" for i, r in enumerate(result.grid.describe()["task"])))
    if "rule" in names:
        lines.append("rules      " + ", ".join(f"{i}: {r}" for i, r in enumerate(result.grid.describe()["rule"])))
    for n in names:
        cols += {"targets": ["target_high", "target_low"], "offset_range": ["offset_lo", "offset_hi"]}.get(n, [n])
    digits = {c: _digits(t[c]) for c in cols if c not in ("rule", "task")}
    cells = {c: [str(t[c][i]) if c in ("rule", "task") else f"{t[c][i]:.{digits[c]}g}" if digits[c] is not None
                 else repr(float(t[c][i])) for i in order[:rows]] for c in cols}
    # each column as wide as its name and its widest cell ('batch+gated+refresh+focus=0.7' pushed its row out of line)
    width = {c: max([11, len(c)] + [len(cell) for cell in cells[c]]) for c in cols}
    lines.append("  ".join(f"{c:>{width[c]}}" for c in cols) + f"  {'rate %':>8}  {'95 % CI, %':>17}  {'epochs':>6}")
    for row, i in enumerate(order[:rows]):
        vals = "  ".join(f"{cells[c][row]:>{width[c]}}" for c in cols)
        ci = f"{100 * t['ci_low'][i]:.3g} - {100 * t['ci_high'][i]:.3g}"
        epochs = "-" if np.isnan(t["epochs_median"][i]) else f"{t['epochs_median'][i]:.3g}"
        lines.append(f"{vals}  {100 * t['rate'][i]:>8.3g}  {ci:>17}  {epochs:>6}")
    if not t["physical"].all():
        lines.append(f"warning    {int((~t['physical']).sum())} point(s) have trials with a conductance outside the "
                     f"physical range {range_text()}")
    note = sweep_note(result)
    if note:
        lines.append(f"hint       {note}")
    if result.path:
        lines.append(f"saved      {printable(f'{result.path}/sweep.csv')}")
    return "\n".join(lines)
