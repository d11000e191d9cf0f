"""Benchmark: what each non-ideality and rule costs the engine, as ratios in one process.

    python benchmarks/bench_devices.py [--trials 50000] [--repeat 5] [--threads 1] [--setting reference]

Every case trains the same ``--trials`` crossbars (reference offsets, one seed) at ``DEFAULT``
(or at ``REFERENCE`` with ``--setting reference``, the setting of the 0.1 engine's published speed) on the embedded default device (or the two-way preset 'ag-si' where the rule needs it); the
cases run in alternation, best of ``--repeat`` (the machine is shared and noisy: only ratios
taken in one process mean something). For each case:

* trials/s (crossbars trained per second), and its ratio to the reference case (every knob off, the reference kernel);
* ns per trial-epoch and its ratio: noise changes how many epochs a trial takes, so the cost
  of one epoch is the fairer measure of the kernel's own overhead.

The last two columns compare every case with the engine of crossbar 0.1
(``benchmarks/engine_v01.py``, the engine when the device and rule issues were written), on the
same crossbars with every knob off, in the same process: trials/s and ns per trial-epoch.

With ``--tasks``: the larger tasks on all threads, as the rule study runs them: 100,000 letter
crossbars (10 x 6, 30 patterns) at the reference setting and with the focused rule, and the
digits (65 x 20, 200 patterns).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numba

import crossbar
from crossbar.devices import Nonidealities, preset
from crossbar.tasks import task
from crossbar.training.engine import train_batch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from engine_v01 import train_batch_v01  # noqa: E402

ALL = Nonidealities(c2c=0.02, window_spread=0.2, nonlinearity_spread=0.2, stuck_low=0.02, stuck_high=0.02,
                    read_noise=0.01)


SETTINGS = {"default": crossbar.DEFAULT, "reference": crossbar.REFERENCE}


def cases(s=crossbar.DEFAULT):
    """(name, device, setting, keyword arguments of train_batch), on setting `s`."""
    d, two = crossbar.default_device(), preset("ag-si")
    return [
        ("reference (knobs off)", d, s, {}),
        ("general model, knobs off", d, s, {"general": True}),
        ("c2c 0.02", d, s, {"nonideal": Nonidealities(c2c=0.02)}),
        ("read noise 0.01", d, s, {"nonideal": Nonidealities(read_noise=0.01)}),
        ("window + NL spread 0.2", d, s, {"nonideal": Nonidealities(window_spread=0.2, nonlinearity_spread=0.2)}),
        ("stuck 2 % + 2 %", d, s, {"nonideal": Nonidealities(stuck_low=0.02, stuck_high=0.02)}),
        ("all knobs on", d, s, {"nonideal": ALL}),
        ("rule gated", d, s.replace(rule="gated"), {}),
        ("rule online", d, s.replace(rule="online"), {}),
        ("rule refresh", d, s.replace(rule="refresh"), {}),
        ("ag-si, batch", two, s, {}),
        ("ag-si, two-way", two, s.replace(rule="two-way"), {}),
        ("ag-si, two-way, all knobs", two, s.replace(rule="two-way"), {"nonideal": ALL}),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=50_000, help="trials per case (default 50000)")
    parser.add_argument("--repeat", type=int, default=5, help="best of this many rounds (default 5)")
    parser.add_argument("--threads", type=int, default=1, help="numba threads (default 1)")
    parser.add_argument("--tasks", action="store_true", help="also time the letters and the digits")
    parser.add_argument("--setting", choices=sorted(SETTINGS), default="default",
                        help="the training setting of every case (default: default)")
    args = parser.parse_args(argv)
    setting_of_run = SETTINGS[args.setting]
    numba.set_num_threads(args.threads)
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=0, trials=args.trials)
    runs = cases(setting_of_run)
    for _, device, setting, kw in runs:  # compile outside the timing
        train_batch(device, offsets[:64], setting, **kw)
    device = crossbar.default_device()
    patterns = crossbar.diagonals_training()
    V = crossbar.input_voltages(patterns.bits, setting_of_run.v_one, setting_of_run.v_zero)

    def old_engine():
        return train_batch_v01(device.conductance, offsets, V, patterns.labels, setting_of_run)

    old_engine()
    old_time, old_evaluations = float("inf"), 0
    best = [float("inf")] * len(runs)
    evaluations = [0] * len(runs)
    rates = [0.0] * len(runs)
    for _ in range(args.repeat):
        start = time.perf_counter()
        _, epochs, _ = old_engine()
        old_time = min(old_time, time.perf_counter() - start)
        old_evaluations = int(epochs.sum() + args.trials)
        for k, (_, device, setting, kw) in enumerate(runs):
            start = time.perf_counter()
            result = train_batch(device, offsets, setting, **kw)
            best[k] = min(best[k], time.perf_counter() - start)
            evaluations[k] = int(result.epochs.sum() + args.trials)
            rates[k] = result.convergence_rate
    base_speed, base_epoch = args.trials / best[0], best[0] / evaluations[0]
    old_speed, old_epoch = args.trials / old_time, old_time / old_evaluations
    print(f"{args.trials:,} trials per case at {args.setting.upper()}, best of {args.repeat}, {args.threads} thread(s)")
    print(f"0.1 engine, knobs off: {old_speed:,.0f} trials/s, {old_epoch * 1e9:.1f} ns/trial-epoch")
    print(f"{'case':<28}{'converged':>10}{'trials/s':>11}{'ratio':>7}{'ns/trial-epoch':>16}{'ratio':>7}"
          f"{'trials/s vs 0.1':>17}{'epoch vs 0.1':>14}")
    for k, (name, *_) in enumerate(runs):
        speed, per_epoch = args.trials / best[k], best[k] / evaluations[k]
        print(f"{name:<28}{rates[k]:>9.1%}{speed:>11,.0f}{speed / base_speed:>7.2f}{per_epoch * 1e9:>16.1f}"
              f"{base_epoch / per_epoch:>7.2f}{speed / old_speed:>17.2f}{old_epoch / per_epoch:>14.2f}")
    if args.tasks:
        numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
        time_tasks()


def time_tasks():
    """Engine time of the larger tasks on every thread (one run each, after compiling)."""
    device = crossbar.default_device()
    letters_rule = crossbar.DEFAULT.replace(rule="focused", beta=3e7, target_high=0.3, target_low=-0.3,
                                            max_epochs=1000)
    print(f"\nlarger tasks, {numba.get_num_threads()} threads")
    print(f"{'task':<34}{'trials':>9}{'seconds':>9}{'converged':>11}{'trial-epochs/s':>16}")
    for name, trials, setting in (("letters", 100_000, crossbar.REFERENCE), ("letters", 100_000, letters_rule),
                                  ("digits", 2_000, letters_rule.replace(max_epochs=200))):
        training, _ = task(name)
        offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=0, trials=trials, patterns=training)
        train_batch(device, offsets[:16], setting, training)
        start = time.perf_counter()
        result = train_batch(device, offsets, setting, training)
        seconds = time.perf_counter() - start
        label = f"{name} {training.n_inputs}x{2 * training.n_neurons}, {setting.rule}, E={setting.max_epochs}"
        print(f"{label:<34}{trials:>9,}{seconds:>9.1f}{result.convergence_rate:>10.1%}"
              f"{(result.epochs.sum() + trials) / seconds:>16,.0f}")


if __name__ == "__main__":
    main()
