"""Benchmark: the speed targets of issue 21, measured the way the issue states them.

    python benchmarks/bench_targets.py [--trials 50000] [--repeat 7] [--cold 2] [--no-cold]

1. **The general device model against the reference kernel**, per trial-epoch, 1 thread, at
   ``DEFAULT``, every case on the same crossbars (reference offsets, one seed) in this process:
   the general model with every knob at zero (``general=True``), cycle-to-cycle noise alone,
   every knob on, and the two-way rule on the two-way preset 'ag-si'. Each case runs in
   alternation with the baseline (the reference kernel on the default device), round after
   round; a round's ratio is the baseline's time per trial-epoch over the case's. The machine is
   shared and noisy, so the table gives the median ratio and the range over the rounds, and
   the targets are read off the median. Noise and rules change how many epochs a trial needs,
   so the ratio is per trial-epoch (trials/s ratios are printed beside it).
2. **The first call**: ``import crossbar``, ``sample_offsets`` and the first ``train_batch`` at
   ``DEFAULT`` (1,000 trials) in a fresh process whose numba cache (``NUMBA_CACHE_DIR``) is an
   empty temporary folder, so everything it runs is compiled. Its wall time, and its CPU time
   (what the machine's other users do not inflate), ``--cold`` times.

The targets: knobs at zero >= 0.8, every knob on >= 0.5, two-way at DEFAULT >= 0.5; a first
call under 10 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

import numba
import numpy as np

import crossbar
from crossbar.devices import Nonidealities, preset
from crossbar.training.engine import train_batch

ALL = Nonidealities(c2c=0.02, window_spread=0.2, nonlinearity_spread=0.2, stuck_low=0.02, stuck_high=0.02,
                    read_noise=0.01)
#: (name, target or None, two-way device?, setting change, keyword arguments of train_batch)
CASES = [
    ("general model, knobs at zero", 0.8, False, {}, {"general": True}),
    ("c2c 0.02 alone", None, False, {}, {"nonideal": Nonidealities(c2c=0.02)}),
    ("every knob on", 0.5, False, {}, {"nonideal": ALL}),
    ("two-way rule (ag-si)", 0.5, True, {"rule": "two-way"}, {}),
]

FIRST_CALL = """
import time
start = time.perf_counter()
import crossbar
offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=0, trials=1000)
crossbar.train_batch(crossbar.default_device(), offsets, crossbar.DEFAULT)
print(time.perf_counter() - start)
"""


def first_call():
    """(wall s, CPU s) of a first call in a fresh process with an empty numba cache."""
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", FIRST_CALL], env=env, capture_output=True, text=True,
                             check=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, float(out.stdout.split()[-1])


def alternate(cases, trials, repeat):
    """Each case (name, target, two-way device?, setting change, keyword arguments of train_batch) in
    alternation with the reference kernel on the same crossbars, 1 thread, `repeat` rounds: per case
    the rounds' ratios per trial-epoch, the trials/s ratios and the case's seconds per trial-epoch,
    and the reference kernel's seconds per trial-epoch."""
    numba.set_num_threads(1)
    s = crossbar.DEFAULT
    device, two_way = crossbar.default_device(), preset("ag-si")
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=0, trials=trials)

    def run(case):
        name, _, two, change, kw = case
        start = time.perf_counter()
        result = train_batch(two_way if two else device, offsets, s.replace(**change) if change else s, **kw)
        seconds = time.perf_counter() - start
        return seconds, int(result.epochs.sum() + trials)  # evaluations: epochs + the first

    baseline = ("reference kernel", None, False, {}, {})
    for case in [baseline] + cases:  # compile (or load) every kind outside the timing
        run(case)
    ratios = {case[0]: [] for case in cases}
    speed = {case[0]: [] for case in cases}
    times = {case[0]: [] for case in cases}
    base_times = []
    for _ in range(repeat):
        for case in cases:
            base, base_epochs = run(baseline)
            seconds, epochs = run(case)
            base_times.append(base / base_epochs)
            ratios[case[0]].append((base / base_epochs) / (seconds / epochs))
            speed[case[0]].append(base / seconds)
            times[case[0]].append(seconds / epochs)
    return ratios, speed, times, base_times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=50_000, help="crossbars per run (default 50000)")
    parser.add_argument("--repeat", type=int, default=7, help="rounds of A/B (default 7)")
    parser.add_argument("--cold", type=int, default=2, help="first calls from an empty cache (default 2)")
    parser.add_argument("--no-cold", action="store_true", help="skip the first calls")
    args = parser.parse_args(argv)
    ratios, speed, _, base_times = alternate(CASES, args.trials, args.repeat)
    print(f"{args.trials:,} trials per run at DEFAULT, 1 thread, {args.repeat} rounds of A/B against the reference "
          f"kernel ({np.median(base_times) * 1e9:.1f} ns per trial-epoch, median)")
    print(f"{'case':<32}{'per trial-epoch: median':>24}{'range':>14}{'trials/s ratio: median':>24}{'target':>8}")
    for name, target, *_ in CASES:
        r = np.array(ratios[name])
        verdict = "" if target is None else (f">= {target}" + (" met" if np.median(r) >= target else " NOT met"))
        print(f"{name:<32}{np.median(r):>24.2f}{f'{r.min():.2f}-{r.max():.2f}':>14}{np.median(speed[name]):>24.2f}"
              f"  {verdict}")
    if not args.no_cold and args.cold > 0:
        print(f"\nfirst call (import crossbar, sample_offsets, train_batch at DEFAULT, 1,000 trials) from an empty "
              f"numba cache, a fresh process each, {args.cold} times:")
        for _ in range(args.cold):
            wall, cpu, inside = first_call()
            print(f"  {wall:5.1f} s wall ({inside:.1f} s inside the process), {cpu:5.1f} s CPU  (target: under 10 s)")


if __name__ == "__main__":
    main()
