"""Benchmark: what taking Ctrl-C inside the compiled kernel costs, A/B in one process.

    python benchmarks/bench_interrupt.py [--before REV] [--trials 200000] [--repeat 7]

The engine's kernel polls a stop flag once per block epoch, and in the main thread
``crossbar.training.engine.interruptible`` points the signal wakeup descriptor at a watcher
thread for the length of the call. Both are measured against the kernel as it was before
(``--before``, by default the parent of the commit that added the poll), loaded from git into a
cache folder of its own and called directly, on the same arguments, all on the main thread:

* A: the kernel before, called directly (no flag, no watcher);
* B: today's path, ``train_batch`` as a user calls it (flag polled, watcher armed);
* C: today's kernel called directly (the poll alone).

Runs alternate (A, B, C, A, B, C, ...) so that a slow spell of the shared machine hits all three;
the figures are best-of ratios. Workloads: many trials in one call (the poll's cost), and one
crossbar with its history, as ``train`` runs it (the cost per call of arming the watcher).
Pulse counts, epochs and conductances of A and B are checked equal.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

import numba
import numpy as np

import crossbar
from crossbar.training import engine

ROOT = Path(__file__).resolve().parents[1]
KERNEL = "crossbar/training/kernel.py"


def _git(*args):
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def kernel_before(rev):
    """The kernel module of `rev`, compiled and cached in a folder of its own (numba caches per file)."""
    if rev is None:
        added = _git("log", "--format=%H", "-S", "if stop[0] != 0:", "--", KERNEL).split()
        if not added:
            raise SystemExit("no commit adds the stop flag to the kernel; give --before REV")
        rev = added[-1] + "~1"
    commit = _git("rev-parse", rev).strip()
    folder = Path(tempfile.gettempdir()) / f"crossbar-bench-kernel-{commit[:12]}"
    folder.mkdir(exist_ok=True)
    path = folder / "kernel_before.py"
    if not path.is_file():
        path.write_text(_git("show", f"{commit}:{KERNEL}"))
    name = f"crossbar_kernel_before_{commit[:12]}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # importable by name: numba's cache finds the module of what it loads
    spec.loader.exec_module(module)
    return module, commit


def variants(before):
    """{name: (train_kernel, interruptible)} to install in the engine for each of A, B, C."""
    direct = lambda call: call(np.zeros(1, np.int64))  # noqa: E731 - no watcher
    old = lambda *args: before.train_kernel(*args[:-1])  # noqa: E731 - the kernel before takes no flag
    return {"A": (old, direct), "B": (engine.train_kernel, engine.interruptible),
            "C": (engine.train_kernel, direct)}


def timed(run, setup, repeat):
    """Best time of each variant, runs alternating; the last result of each."""
    best = {name: float("inf") for name in setup}
    result = {}
    saved = engine.train_kernel, engine.interruptible
    try:
        for _ in range(repeat):
            for name, (kernel, call) in setup.items():
                engine.train_kernel, engine.interruptible = kernel, call
                start = time.perf_counter()
                result[name] = run()
                best[name] = min(best[name], time.perf_counter() - start)
    finally:
        engine.train_kernel, engine.interruptible = saved
    return best, result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", metavar="REV", help="git revision of the kernel to compare with")
    parser.add_argument("--trials", type=int, default=200_000, help="trials of the one-call workload")
    parser.add_argument("--repeat", type=int, default=7, help="best of this many runs (default 7)")
    parser.add_argument("--single", type=int, default=300, help="calls of train() per single-run timing")
    args = parser.parse_args(argv)

    before, commit = kernel_before(args.before)
    setup = variants(before)
    device = crossbar.default_device()
    offsets = crossbar.sample_offsets(seed=0, trials=args.trials)
    for name in setup:  # compile outside the timing
        timed(lambda: crossbar.train_batch(device, offsets[:64], crossbar.DEFAULT), {name: setup[name]}, 1)
        timed(lambda: crossbar.train(device, crossbar.DEFAULT), {name: setup[name]}, 1)

    print(f"kernel before: {commit[:12]}; {numba.get_num_threads()} threads; best of {args.repeat}, alternating")
    print(f"{'workload':<44}{'A before':>10}{'B today':>10}{'C poll only':>12}{'B/A':>7}{'C/A':>7}  same")
    rows = [
        (f"train_batch, {args.trials:,} trials, DEFAULT",
         lambda: crossbar.train_batch(device, offsets, crossbar.DEFAULT)),
        (f"train_batch, {args.trials:,} trials, REFERENCE",
         lambda: crossbar.train_batch(device, offsets, crossbar.REFERENCE)),
        (f"train_batch, {args.trials // 10:,} trials, online+c2c",
         lambda: crossbar.train_batch(device, offsets[: args.trials // 10], crossbar.DEFAULT.replace(rule="online"),
                                      nonideal=crossbar.Nonidealities(c2c=0.05))),
        (f"train() x {args.single}, DEFAULT, with history",
         lambda: [crossbar.train(device, crossbar.DEFAULT, seed=0, trial=k) for k in range(args.single)][-1]),
    ]
    for label, run in rows:
        best, result = timed(run, setup, args.repeat)
        a, b = result["A"], result["B"]
        same = all(np.array_equal(getattr(a, f), getattr(b, f)) for f in ("pulse_count", "epochs", "conductance",
                                                                           "converged"))
        print(f"{label:<44}{best['A']:>9.3f}s{best['B']:>9.3f}s{best['C']:>11.3f}s"
              f"{best['B'] / best['A']:>7.3f}{best['C'] / best['A']:>7.3f}  {'yes' if same else 'NO'}")

    # What arming the watcher costs a call, without a kernel's noise around it: a no-op "kernel".
    noop = lambda stop: None  # noqa: E731
    calls = 100_000
    armed = min(timeit.repeat(lambda: engine.interruptible(noop), number=calls, repeat=args.repeat)) / calls
    bare = min(timeit.repeat(lambda: noop(np.zeros(1, np.int64)), number=calls, repeat=args.repeat)) / calls
    one = min(timeit.repeat(lambda: crossbar.train(device, crossbar.DEFAULT), number=50, repeat=args.repeat)) / 50
    print(f"arming the watcher: {1e6 * (armed - bare):.1f} us per kernel call; one train() call takes "
          f"{1e3 * one:.2f} ms ({100 * (armed - bare) / one:.2f} %)")


if __name__ == "__main__":
    sys.exit(main())
