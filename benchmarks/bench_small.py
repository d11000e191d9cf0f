"""Benchmark: small batches of trials, blocks cut to the trials against full blocks of 96 lanes.

    python benchmarks/bench_small.py [--repeat 3]

The kernel advances a block of lanes side by side, one trial per lane, and a lane without a trial
costs as much as one with. Before, every call used blocks of ``LANES`` (96) lanes and gave a second
thread work only from 97 trials on; now a call with fewer trials than full blocks shares them
between the threads and cuts each block to its range (``crossbar.training.engine._ranges``).
Both ways run here in alternation, in one process, on the same crossbars, for a few batch sizes
on the digits (65 x 20, 800 patterns, focused rule, E = 200, the networks chapter's one-crossbar
studies) and at ``DEFAULT`` on the diagonals; every trial's pulses and epochs are checked equal.
The table gives the median time of each way and their ratio.
"""

from __future__ import annotations

import argparse
import time

import numba
import numpy as np

import crossbar
import crossbar.training.engine as engine
from crossbar.tasks import digits
from crossbar.training.kernel import LANES


def full_blocks(trials, threads, work=None):
    """The rule before: blocks of LANES lanes, a second thread only past LANES trials."""
    parts = max(1, min(threads, -(-trials // LANES)))
    return np.linspace(0, trials, parts + 1).round().astype(np.int64), LANES


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="rounds (default 3)")
    args = parser.parse_args(argv)
    train, _ = digits(per_class=80)
    cases = [("digits, focused, E = 200", crossbar.DEFAULT.replace(rule="focused", beta=3e7, max_epochs=200), train,
              (1, 4, 10, 50, 150)),
             ("diagonals, DEFAULT", crossbar.DEFAULT, None, (1, 10, 50, 150, 1000))]
    device = crossbar.default_device()
    cut = engine._ranges
    print(f"{numba.get_num_threads()} threads, {args.repeat} rounds, median milliseconds per call")
    print("| task | trials | full blocks (ms) | cut blocks (ms) | ratio |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, setting, patterns, sizes in cases:
        for trials in sizes:
            offsets = crossbar.sample_offsets(seed=0, trials=trials, patterns=patterns)
            times = {"full": [], "cut": []}
            for _ in range(args.repeat):
                runs = {}
                for way, rule in (("full", full_blocks), ("cut", cut)):
                    engine._ranges = rule
                    start = time.perf_counter()
                    runs[way] = crossbar.train_batch(device, offsets, setting, patterns)
                    times[way].append(time.perf_counter() - start)
                engine._ranges = cut
                for field in ("epochs", "pulse_count", "converged"):
                    assert np.array_equal(getattr(runs["full"], field), getattr(runs["cut"], field)), field
            full, new = np.median(times["full"]), np.median(times["cut"])
            print(f"| {name} | {trials:,} | {1e3 * full:.2f} | {1e3 * new:.2f} | {full / new:.1f}× |")


if __name__ == "__main__":
    main()
