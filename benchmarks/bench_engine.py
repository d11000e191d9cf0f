"""Benchmark: the vectorised engine against the engine of crossbar 0.1, in one process.

    python benchmarks/bench_engine.py [--trials 200000] [--million] [--repeat 3]

Every figure is a ratio or a rate measured in this process, on the embedded default device
with reference offsets from one seed, best of ``--repeat`` runs (the machine is shared and
noisy; only ratios taken together are meaningful):

1. trials (crossbars trained) per second of the 0.1 engine (``benchmarks/engine_v01.py``, scalar numba, one trial
   after another) and of today's ``crossbar.train_batch``, at the reference setting and at
   ``DEFAULT``, on 1 and on 2 threads, with the pulse counts, epochs and convergence of every
   trial checked equal;
2. with ``--million``: 1,000,000 trials of the reference setting on all threads (engine time);
3. how the cost of one trial-epoch grows with the crossbar: N inputs x M neurons with P
   patterns, from the diagonals (4 x 2, 6 patterns) to the letters' shape (10 x 3, 30) and a
   65 x 20 crossbar (65 inputs, 10 neurons), on random pattern sets too hard to train, so that
   every trial runs all its epochs.

``python benchmarks/vector_report.py`` shows which loops of the epoch LLVM vectorised.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numba
import numpy as np

import crossbar
from crossbar.tasks import PatternSet, input_voltages

sys.path.insert(0, str(Path(__file__).resolve().parent))
from engine_v01 import train_batch_v01  # noqa: E402


def best_time(function, repeat):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def compare(device, offsets, setting, patterns, threads, repeat):
    """Best times of both engines, run in alternation (a slow spell of the machine hits both)."""
    numba.set_num_threads(threads)
    V = input_voltages(patterns.bits, setting.v_one, setting.v_zero)
    t_old = t_new = float("inf")
    for _ in range(repeat):
        t, (conv_old, epochs_old, m_old) = best_time(
            lambda: train_batch_v01(device.conductance, offsets, V, patterns.labels, setting), 1)
        t_old = min(t_old, t)
        t, new = best_time(lambda: crossbar.train_batch(device, offsets, setting, patterns), 1)
        t_new = min(t_new, t)
    same = (np.array_equal(m_old, new.pulse_count) and np.array_equal(epochs_old, new.epochs)
            and np.array_equal(conv_old, new.converged))
    return t_old, t_new, same, new


def random_task(n_inputs, n_neurons, n_patterns, seed=0):
    rng = np.random.default_rng(seed)
    bits = rng.integers(0, 2, (n_patterns, n_inputs))
    labels = (rng.random((n_patterns, n_neurons)) < 0.5).astype(int)
    return PatternSet(bits, labels, f"random {n_inputs}x{n_neurons}, {n_patterns} patterns")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=200_000, help="trials per comparison (default 200000)")
    parser.add_argument("--repeat", type=int, default=5, help="best of this many runs (default 5)")
    parser.add_argument("--million", action="store_true", help="also time 1,000,000 reference trials")
    args = parser.parse_args(argv)

    device = crossbar.default_device()
    patterns = crossbar.diagonals_training()
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=0, trials=args.trials)
    threads = numba.get_num_threads()
    for s in (crossbar.REFERENCE, crossbar.DEFAULT):  # compile both engines outside the timing
        compare(device, offsets[:64], s, patterns, 1, 1)

    print(f"device {device.name}, {args.trials:,} trials, best of {args.repeat}, {threads} threads available")
    print(f"{'setting':<10}{'threads':>8}{'0.1 engine trials/s':>21}{'engine trials/s':>17}{'ratio':>8}  same pulses")
    for name, setting in (("reference", crossbar.REFERENCE), ("default", crossbar.DEFAULT)):
        for n in sorted({1, threads}):
            t_old, t_new, same, _ = compare(device, offsets, setting, patterns, n, args.repeat)
            print(f"{name:<10}{n:>8}{args.trials / t_old:>21,.0f}{args.trials / t_new:>17,.0f}"
                  f"{t_old / t_new:>7.1f}x  {'yes' if same else 'NO'}")
    numba.set_num_threads(threads)

    if args.million:
        million = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=0, trials=1_000_000)
        t, result = best_time(lambda: crossbar.train_batch(device, million, crossbar.REFERENCE), 1)
        print(f"1,000,000 reference trials on {threads} threads: {t:.2f} s engine time "
              f"({1e6 / t:,.0f} trials/s; {result.exact_epochs.sum()} epochs handed to the exact path)")

    print("\ncost of one trial-epoch by crossbar size (random pattern sets, every trial runs E = 50 epochs)")
    print(f"{'N x M (columns)':<18}{'P':>5}{'trials':>9}{'trial-epochs/s':>16}{'ns / trial-epoch':>18}"
          f"{'ns / (P N M)':>14}")
    setting = crossbar.REFERENCE.replace(beta=1e5)  # too weak to train: every trial runs all epochs
    for n_inputs, n_neurons, n_patterns, trials in ((4, 2, 6, 100_000), (10, 3, 30, 20_000),
                                                    (20, 5, 60, 4_000), (65, 10, 100, 500)):
        task = random_task(n_inputs, n_neurons, n_patterns)
        draws = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=1, trials=trials, patterns=task)
        crossbar.train_batch(device, draws[:8], setting, task)
        t, result = best_time(lambda: crossbar.train_batch(device, draws, setting, task), args.repeat)
        epochs = int(result.epochs.sum() + trials)  # evaluations: one more than update epochs
        rate = epochs / t
        size = f"{n_inputs} x {n_neurons} ({2 * n_neurons})"
        print(f"{size:<18}{n_patterns:>5}{trials:>9,}{rate:>16,.0f}{1e9 / rate:>18,.0f}"
              f"{1e9 / rate / (n_patterns * n_inputs * n_neurons):>14.2f}")


if __name__ == "__main__":
    main()
