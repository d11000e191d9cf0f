"""Benchmark: where the time of issue 21's unmet cases goes, one knob at a time.

    python benchmarks/bench_knobs.py [--trials 20000] [--repeat 3] [--only NAME ...]

Each case runs at ``DEFAULT`` on 1 thread in alternation with the reference kernel (the default
device, knobs off) on the same crossbars, round after round, as ``bench_targets.py`` does. For
every case: ns per trial-epoch (median over the rounds), the ratio of the reference kernel's time
per trial-epoch to the case's (median and range), and the case's time in units of R, the
reference kernel's time per trial-epoch (what survives a shared machine's load). Differences
between rows that differ by one knob are what the knob costs.
"""

from __future__ import annotations

import argparse

import numpy as np
from bench_targets import alternate

from crossbar.devices import Nonidealities

KNOBS = dict(c2c=0.02, window_spread=0.2, nonlinearity_spread=0.2, stuck_low=0.02, stuck_high=0.02, read_noise=0.01)


def _without(*names):
    return Nonidealities(**{k: v for k, v in KNOBS.items() if k not in names})


#: (name, target (none here), two-way device?, setting change, keyword arguments of train_batch)
CASES = [
    ("general, knobs at zero", None, False, {}, {"general": True}),
    ("c2c 0.02", None, False, {}, {"nonideal": Nonidealities(c2c=0.02)}),
    ("read noise 0.01", None, False, {}, {"nonideal": Nonidealities(read_noise=0.01)}),
    ("window spread 0.2", None, False, {}, {"nonideal": Nonidealities(window_spread=0.2)}),
    ("nonlinearity spread 0.2", None, False, {}, {"nonideal": Nonidealities(nonlinearity_spread=0.2)}),
    ("stuck 2 % + 2 %", None, False, {}, {"nonideal": Nonidealities(stuck_low=0.02, stuck_high=0.02)}),
    ("every knob but read noise", None, False, {}, {"nonideal": _without("read_noise")}),
    ("every knob but c2c", None, False, {}, {"nonideal": _without("c2c")}),
    ("every knob on", None, False, {}, {"nonideal": Nonidealities(**KNOBS)}),
    ("ag-si, batch", None, True, {}, {}),
    ("ag-si, batch, general", None, True, {}, {"general": True}),
    ("ag-si, two-way", None, True, {"rule": "two-way"}, {}),
    ("ag-si, two-way, every knob", None, True, {"rule": "two-way"}, {"nonideal": Nonidealities(**KNOBS)}),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=20_000, help="crossbars per run (default 20000)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of A/B (default 3)")
    parser.add_argument("--only", nargs="*", help="cases whose name contains one of these")
    args = parser.parse_args(argv)
    cases = [c for c in CASES if not args.only or any(o in c[0] for o in args.only)]
    ratios, _, times, base_times = alternate(cases, args.trials, args.repeat)
    base = np.median(base_times)
    print(f"{args.trials:,} trials per run at DEFAULT, 1 thread, {args.repeat} rounds; reference kernel "
          f"R = {base * 1e9:.1f} ns per trial-epoch (median)")
    print(f"{'case':<30}{'ns/trial-epoch':>16}{'ratio':>8}{'range':>12}{'in R':>8}")
    for name, *_ in cases:
        r = np.array(ratios[name])
        print(f"{name:<30}{np.median(times[name]) * 1e9:>16.1f}{np.median(r):>8.2f}"
              f"{f'{r.min():.2f}-{r.max():.2f}':>12}{1 / np.median(r):>8.2f}")


if __name__ == "__main__":
    main()
