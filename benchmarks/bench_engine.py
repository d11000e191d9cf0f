"""Benchmark: batch engine vs a plain per-trial numpy loop, same maths, same process.

    python benchmarks/bench_engine.py [--trials 100000] [--loop-trials 300]

Both train crossbars at the reference setting on the embedded default device
with reference offsets from one seed. The loop is `crossbar.physics.train_reference`
(one crossbar at a time, numpy per epoch); the batch is `crossbar.train_batch`
(numba, all trials in one call, both cores). The loop runs on the first
`--loop-trials` of the same trials and must give the same pulse counts.
Fits per second and their ratio are printed; the machine is shared, so only
the ratio measured in one process is meaningful.
"""

import argparse
import time

import numba
import numpy as np

import crossbar
from crossbar.tasks import input_voltages
from crossbar.training import physics


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=100_000)
    parser.add_argument("--loop-trials", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many batch runs")
    args = parser.parse_args(argv)

    device = crossbar.default_device()
    setting = crossbar.REFERENCE
    patterns = crossbar.diagonals_training()
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=0, trials=args.trials)
    crossbar.train_batch(device, offsets[:8], setting)  # compile (or load the cache) outside the timing

    batch_times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        batch = crossbar.train_batch(device, offsets, setting)
        batch_times.append(time.perf_counter() - t0)
    t_batch = min(batch_times)

    V = input_voltages(patterns.bits, setting.v_one, setting.v_zero)
    t0 = time.perf_counter()
    for b in range(args.loop_trials):
        converged, epochs, m = physics.train_reference(device.conductance, offsets[b], V, patterns.labels, setting)
        assert np.array_equal(m, batch.pulse_count[b]) and epochs == batch.epochs[b], b
    t_loop = time.perf_counter() - t0

    batch_rate = args.trials / t_batch
    loop_rate = args.loop_trials / t_loop
    print(f"device {device.name}, reference setting, {numba.get_num_threads()} numba threads")
    print(f"{'engine':<34}{'trials':>10}{'seconds':>10}{'fits/s':>12}")
    print(f"{'per-trial numpy loop':<34}{args.loop_trials:>10}{t_loop:>10.2f}{loop_rate:>12,.0f}")
    print(f"{'batch (crossbar.train_batch)':<34}{args.trials:>10}{t_batch:>10.2f}{batch_rate:>12,.0f}")
    print(f"ratio batch / loop: {batch_rate / loop_rate:,.0f}x   "
          f"(converged {batch.converged.mean():.3%} of the batch)")


if __name__ == "__main__":
    main()
