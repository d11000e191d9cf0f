"""Benchmark: the package's kernel against another version of ``kernel.py``, side by side in one process.

    git show <rev>:crossbar/training/kernel.py > /tmp/kernel_old.py
    python benchmarks/ab_kernel.py /tmp/kernel_old.py [--case two-way] [--trials 40000] [--repeat 8] [--old-first]

The other file is loaded as a module of its own (numba caches it beside it) and ``train_batch``
runs with one kernel, then the other, at ``DEFAULT`` on 1 thread, on the same crossbars, in
alternating order round after round. First the results are checked equal, every array of them
to the bit; then each round's ratio is the other kernel's time over the package's (> 1: the
package is faster). The kernel loaded first can run faster or slower by itself (up to 9 % on
the reference case, see README.md, issue 21): ``--old-first`` compiles or loads the other one
first, and a gain counts only if it holds in both orders.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time

import numba
import numpy as np

import crossbar
from crossbar.devices import Nonidealities, preset
from crossbar.training import engine

EVERY_KNOB = Nonidealities(c2c=0.02, window_spread=0.2, nonlinearity_spread=0.2, stuck_low=0.02, stuck_high=0.02,
                           read_noise=0.01)
#: name: (device preset or None for the default device, setting change, keyword arguments of train_batch)
CASES = {
    "reference": (None, {}, {}),
    "general": (None, {}, {"general": True}),
    "every-knob": (None, {}, {"nonideal": EVERY_KNOB}),
    "two-way": ("ag-si", {"rule": "two-way"}, {}),
    "two-way-every-knob": ("ag-si", {"rule": "two-way"}, {"nonideal": EVERY_KNOB}),
}


def load(path, name="kernel_other"):
    """The kernel module in file `path`, registered as `name` (numba's cache imports it by name)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("other", help="another version of crossbar/training/kernel.py")
    parser.add_argument("--case", choices=sorted(CASES), default="two-way")
    parser.add_argument("--trials", type=int, default=40_000, help="crossbars per run (default 40000)")
    parser.add_argument("--repeat", type=int, default=8, help="rounds (default 8)")
    parser.add_argument("--old-first", action="store_true", help="compile or load the other kernel first")
    args = parser.parse_args(argv)
    numba.set_num_threads(1)
    kernels = {"package": engine.train_kernel, "other": load(args.other).train_kernel}
    name, change, kw = CASES[args.case]
    device = preset(name) if name else crossbar.default_device()
    setting = crossbar.DEFAULT.replace(**change) if change else crossbar.DEFAULT
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=0, trials=args.trials)

    def run(which):
        engine.train_kernel = kernels[which]
        try:
            start = time.perf_counter()
            result = engine.train_batch(device, offsets, setting, **kw)
            return time.perf_counter() - start, result
        finally:
            engine.train_kernel = kernels["package"]

    first = ["other", "package"] if args.old_first else ["package", "other"]
    results = {which: run(which)[1] for which in first}  # compiles (or loads) each outside the timing
    different = [field for field, value in vars(results["package"]).items()
                 if isinstance(value, np.ndarray) and not (
                     value.dtype == getattr(results["other"], field).dtype
                     and np.array_equal(value.view(np.uint8), getattr(results["other"], field).view(np.uint8)))]
    print(f"case {args.case}, {args.trials:,} trials, {int(results['package'].epochs.sum()):,} epochs; "
          f"results {'identical to the bit' if not different else 'DIFFERENT: ' + ', '.join(different)}")
    ratios = []
    for k in range(args.repeat):
        order = first if k % 2 == 0 else first[::-1]
        seconds = {which: run(which)[0] for which in order}
        ratios.append(seconds["other"] / seconds["package"])
        print(f"round {k} ({order[0]} first): other {seconds['other']:.3f} s, package {seconds['package']:.3f} s, "
              f"ratio {ratios[-1]:.3f}", flush=True)
    print(f"other / package: median {np.median(ratios):.3f}, range {min(ratios):.3f}-{max(ratios):.3f}")


if __name__ == "__main__":
    main()
