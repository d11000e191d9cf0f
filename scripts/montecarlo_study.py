"""The Monte Carlo study of issue 4: best knobs, failure analysis, device requirement map.

    python scripts/montecarlo_study.py [--measured PATH] [--out DIR]

Prints the findings as JSON-ish text; with --out, also saves the sweeps'
tables (CSV). The embedded default device and the reference offset
distribution are used throughout unless stated; the measured curve is only
read when its path is given (it is not shipped).
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np

import crossbar as cb
from crossbar.studies import Grid, Study, failure_analysis, requirement_table, run_study, run_sweep, weights_feasible

BEST = cb.REFERENCE.replace(beta=6e7, target_high=0.9, target_low=-0.9, gain=10.0, max_epochs=100)


def report(name, result):
    s = result.summary()
    print(f"{name}: {s.converged}/{s.trials} = {100 * s.rate:.3f} % "
          f"(95 % CI {100 * s.ci_low:.3f} - {100 * s.ci_high:.3f} %), epochs median {s.epochs_median}, "
          f"p10 {s.epochs_p10}, p90 {s.epochs_p90}, saturated {100 * s.saturated_fraction:.1f} %, "
          f"physical {s.physical}", flush=True)
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--measured", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--trials", type=int, default=200_000)
    args = ap.parse_args()
    dev = cb.default_device()
    t0 = time.time()
    report("reference, default device, 1e6 trials, seed 0",
           run_study(Study(device=dev, setting=cb.REFERENCE, trials=1_000_000, chunk_size=50_000, seed=0)))
    best = run_study(Study(device=dev, setting=BEST, trials=args.trials, chunk_size=50_000, seed=1))
    report(f"best {BEST}, default device", best)
    report("best with E = 50", run_study(Study(device=dev, setting=BEST.replace(max_epochs=50),
                                               trials=args.trials, chunk_size=50_000, seed=1)))
    report("best with beta 6e6, K = 100 (beta K is what matters)",
           run_study(Study(device=dev, setting=BEST.replace(beta=6e6, gain=100.0), trials=args.trials,
                           chunk_size=50_000, seed=1)))
    # failure analysis
    fa = failure_analysis(best)
    print("failure analysis:", json.dumps(fa, indent=1, default=float))
    sub = Study(device=dev, setting=BEST, trials=2000, chunk_size=2000, seed=1)
    r = run_study(sub)
    feas = weights_feasible(sub, r.offsets).all(axis=1)
    fail = ~r.converged
    print(f"feasible (some weights within the window meet every target): {100 * feas.mean():.1f} % of crossbars; "
          f"of the failures {100 * feas[fail].mean():.1f} % were feasible; converged but infeasible: "
          f"{int((r.converged & ~feas).sum())}")
    m = r.pulse_count[fail]
    both = ((m[..., 0::2] >= dev.length - 1) & (m[..., 1::2] >= dev.length - 1)).any(axis=(1, 2))
    print(f"failed trials with a pair whose G+ and G- both reached the end of the curve: {100 * both.mean():.1f} %")
    for name, ss in (("converged", r.converged), ("failed", fail)):
        e = r.epochs[ss]
        print(f"  {name}: epochs median {np.median(e) if e.size else 'n/a'}, "
              f"max pulses per device median {np.median(r.pulse_count[ss].reshape(ss.sum(), -1).max(1))}")
    # measured curve
    if args.measured is not None:
        mdev = cb.load_device(args.measured)
        print(f"measured device {mdev}")
        report("reference, measured curve, 100k, seed 0",
               run_study(Study(device=mdev, setting=cb.REFERENCE, trials=100_000, chunk_size=50_000, seed=0)))
        report("best, measured curve, 100k, seed 1",
               run_study(Study(device=mdev, setting=BEST, trials=100_000, chunk_size=50_000, seed=1)))
    # requirement map at the best knobs
    W = dev.window
    ratios = [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0, 1.2, 1.5]
    grid = Grid(offset_range=[(1e-8, 1e-8 + r * W) for r in ratios], offset_spread=[1, 2, 5, 10, 20])
    sw = run_sweep(Study(device=dev, setting=BEST, trials=10_000, chunk_size=10_000, seed=3), grid)
    t = requirement_table(sw)
    print("requirement map: (hi - lo)/window, spread D -> rate % [CI]")
    for k in range(len(sw)):
        print(f"  {t['range_ratio'][k]:.3g}  D={t['offset_spread'][k]:g}  {100 * t['rate'][k]:.2f} % "
              f"[{100 * t['ci_low'][k]:.2f}, {100 * t['ci_high'][k]:.2f}]")
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        sw.to_csv(args.out / "requirement_map.csv")
    print(f"total {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
