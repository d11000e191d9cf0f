"""Benchmark: Monte Carlo studies and sweeps in process, with worker processes and on Dask.

    python benchmarks/bench_montecarlo.py                # full: 1e6 trials, 100 x 10k sweep
    python benchmarks/bench_montecarlo.py --scale 0.1    # a tenth of the work

Prints one table. Each run is timed after a warm-up that compiles the kernels
(and, for workers / Dask, after the pool has started and compiled once), so
the figures are steady-state throughput. The baseline is the bare engine
(`sample_offsets` + `train_batch` on all trials at once, no chunks, no
bookkeeping) in this process: the ratio says what chunking, the executor
and the per-trial table cost or gain. A benchmark, not a test; the machine
is shared and noisy, so repeat runs differ by some per cent.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import multiprocessing
import os
import platform
import sys
import tempfile
import time

import numpy as np

import crossbar
from crossbar.studies import Grid, Study, run_study, run_sweep


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the full work (default 1)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip", nargs="*", default=[], choices=["workers", "dask", "sweep", "disk", "sweep-workers"])
    args = ap.parse_args(argv)
    T = int(1_000_000 * args.scale)
    points, per_point = 100, int(10_000 * args.scale)
    device = crossbar.default_device()
    study = Study(device=device, setting=crossbar.REFERENCE, trials=T, seed=0, chunk_size=50_000)
    print(f"python {platform.python_version()}, numpy {np.__version__}, cores {os.cpu_count()}, "
          f"crossbar {crossbar.__version__}", flush=True)

    run_study(study.replace(trials=2000, chunk_size=1000), progress=False)  # compile
    rows = []

    def row(name, seconds, trials, baseline=None, extra=""):
        rows.append((name, seconds, trials / seconds, None if baseline is None else baseline / seconds, extra))
        print(f"  {name}: {seconds:.2f} s", flush=True)

    # baseline: the bare engine, one batch
    def bare():
        S = crossbar.sample_offsets(study.offsets, study.seed, T)
        return crossbar.train_batch(device, S, study.setting)

    t_base, base = timed(bare)
    row(f"engine, one batch of {T:,} (baseline)", t_base, T, t_base, f"rate {base.convergence_rate:.4%}")
    t, res = timed(lambda: run_study(study, progress=False))
    assert res.converged.sum() == base.converged.sum()
    row(f"montecarlo {T:,}, in process", t, T, t_base, f"rate {res.convergence_rate:.4%}")
    if "disk" not in args.skip:
        for table in ("npy", "csv"):
            with tempfile.TemporaryDirectory() as tmp:
                t, _ = timed(lambda: run_study(study, out=os.path.join(tmp, "s"), progress=False, table=table))
            row(f"montecarlo {T:,}, in process, saved to disk, trials.{table}", t, T, t_base)
    if "workers" not in args.skip:
        ctx = multiprocessing.get_context("spawn")
        with cf.ProcessPoolExecutor(args.workers, mp_context=ctx, initializer=_one_thread) as pool:
            t_start, _ = timed(lambda: run_study(study.replace(trials=4000, chunk_size=1000), executor=pool,
                                                 progress=False))
            t, r = timed(lambda: run_study(study, executor=pool, progress=False))
        assert r.table.tobytes() == res.table.tobytes()
        row(f"montecarlo {T:,}, --workers {args.workers}", t, T, t_base, f"pool start+compile {t_start:.1f} s")
    if "dask" not in args.skip:
        from dask.distributed import Client, LocalCluster

        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            t_start, _ = timed(lambda: run_study(study.replace(trials=4000, chunk_size=1000), executor=client,
                                                 progress=False))
            t, r = timed(lambda: run_study(study, executor=client, progress=False))
        assert r.table.tobytes() == res.table.tobytes()
        row(f"montecarlo {T:,}, Dask LocalCluster({args.workers} x 1 thread)", t, T, t_base,
            f"cluster start+compile {t_start:.1f} s")
    if "sweep" not in args.skip:
        grid = Grid(beta=np.geomspace(1e6, 1e8, 10), gain=np.geomspace(2, 50, 10))
        base_study = study.replace(trials=per_point, chunk_size=per_point)
        t, sw = timed(lambda: run_sweep(base_study, grid, progress=False))
        row(f"sweep {points} points x {per_point:,}, in process", t, points * per_point, None,
            f"best rate {sw.table['rate'].max():.1%}")
        if "sweep-workers" not in args.skip:
            ctx = multiprocessing.get_context("spawn")
            with cf.ProcessPoolExecutor(args.workers, mp_context=ctx, initializer=_one_thread) as pool:
                run_study(study.replace(trials=4000, chunk_size=1000), executor=pool, progress=False)
                t2, sw2 = timed(lambda: run_sweep(base_study, grid, executor=pool, progress=False))
            assert np.array_equal(sw2.table["converged"], sw.table["converged"])
            row(f"sweep {points} points x {per_point:,}, --workers {args.workers}", t2, points * per_point,
                None, f"{t / t2:.2f}x in-process speed")

    w = max(len(r[0]) for r in rows)
    print()
    print(f"{'run':<{w}}  {'time (s)':>9}  {'trials/s':>11}  {'vs baseline':>11}  note")
    for name, s, rate, ratio, extra in rows:
        r = "" if ratio is None else f"{ratio:.2f}x"
        print(f"{name:<{w}}  {s:>9.2f}  {rate:>11,.0f}  {r:>11}  {extra}")
    return 0


def _one_thread():
    import numba

    numba.set_num_threads(1)


if __name__ == "__main__":
    sys.exit(main())
