"""``python -m crossbar montecarlo``: the convergence rate of one setting over many crossbars."""

from __future__ import annotations

from pathlib import Path

from ..studies import Study, failure_analysis, run_study
from .options import (
    add_nonideal_arguments,
    add_run_options,
    add_setting_arguments,
    add_task_arguments,
    interrupted,
    nonideal_from_args,
    run_kwargs,
    setting_from_args,
    task_from_args,
)

__all__ = ["add_parser"]


def add_parser(sub):
    p = sub.add_parser("montecarlo", help="convergence rate of one setting over many crossbars",
                       description="Train T crossbars with random device offsets and report the convergence "
                                   "rate with its 95 % Wilson interval.")
    add_setting_arguments(p)
    add_task_arguments(p.add_argument_group("task"))
    add_nonideal_arguments(p)
    add_run_options(p)
    p.add_argument("--out", type=Path, metavar="DIR", help="study folder (default: results are not saved)")
    p.set_defaults(handler=_montecarlo)


def _montecarlo(args):
    device, setting, offsets = setting_from_args(args)
    nonideal = nonideal_from_args(args, device)
    training, test = task_from_args(args)
    kwargs = run_kwargs(args)
    study = Study(device=device, setting=setting, offsets=offsets, trials=args.trials, seed=args.seed,
                  chunk_size=args.chunk_size, nonideal=nonideal, patterns=training, test_patterns=test)
    try:
        result = run_study(study, **kwargs)
    except KeyboardInterrupt:
        return interrupted(args.out)
    s = setting
    fa = failure_analysis(result)
    lines = [
        f"device     {device.name} ({device.length} points, window {device.window:.3g} S, "
        f"sha256 {device.sha256[:12]})",
        f"setting    beta={s.beta:g}/A  targets=({s.target_high:g}, {s.target_low:g})  K={s.gain:g}  "
        f"max_epochs={s.max_epochs}  rule={s.rule}",
        f"devices    non-idealities: {nonideal}",
        f"task       {training.name}: {training.n_patterns} patterns, {training.n_inputs} x "
        f"{2 * training.n_neurons} crossbar; test on {test.name} ({test.n_patterns})",
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
