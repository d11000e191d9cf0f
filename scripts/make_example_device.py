"""Write data/example_reram_cycles.csv: a synthetic two-way device measured over many cycles.

The project's own example of "your own device": a filamentary-ReRAM-like device whose numbers
were chosen to resemble published multi-cycle measurements (conductance about 1.6-2.5 mS, so a
window about ten thousand times the embedded device's; an ON/OFF ratio near 1.5; potentiation
that accelerates; depression that saturates), written as an instrument would export it: read
currents in microamperes at a 0.1 V read, one column per cycle, a pulse and a direction column,
a few cycles cut short. It is made here, from the model below with a fixed seed; it is not a
measurement.

Model of cycle c (pulses m = 0 ... 100 up, then k = 1 ... 100 down):

    up(m)   = g_lo + W_c (exp(m / tau_up) - 1) / (exp(100 / tau_up) - 1)     (accelerating)
    down(k) = g_hi,c - W_c (1 - exp(-k / tau_down)) / (1 - exp(-100 / tau_down))
    g       = the model value + a random walk of steps N(0, (s_step W)^2) + a read error N(0, (s_read W)^2)

with W_c = W (1 + s_window z_c) per cycle; each cycle starts where the previous one ended (its
first row re-reads that state). Three cycles are cut short in the file, as an export that lost
their last rows. Re-running reproduces the file byte for byte (a test checks it).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from crossbar.devices.files import DATA_DIR

EXAMPLE_FILE = DATA_DIR / "example_reram_cycles.csv"
SEED = 20261203
READ_VOLTAGE = 0.1  # V
CYCLES = 24
PULSES = 100  # per branch
G_LO = 1.62e-3  # S, the low state
WINDOW = 7.6e-4  # S, the window of the model curve: ~10,000 x the embedded device's
TAU_UP = 70.0  # pulses: potentiation accelerates (e-folding of its exponential rise)
TAU_DOWN = 28.0  # pulses: depression saturates
STEP_SCATTER = 7e-4  # per-pulse random-walk step, fraction of W
READ_ERROR = 2e-4  # read error, fraction of W
WINDOW_SPREAD = 0.01  # cycle-to-cycle spread of the window
SHORT = {5: 170, 13: 150, 19: 190}  # cycles cut short (0-based cycle: reads kept)


def cycles(rng):
    """(reads (CYCLES, 2 PULSES + 1) in S with NaN past a short cycle's end, directions)."""
    m = np.arange(PULSES + 1)
    up_shape = np.expm1(m / TAU_UP) / np.expm1(PULSES / TAU_UP)
    down_shape = -np.expm1(-m[1:] / TAU_DOWN) / -np.expm1(-PULSES / TAU_DOWN)
    out = np.full((CYCLES, 2 * PULSES + 1), np.nan)
    start = G_LO
    for c in range(CYCLES):
        w = WINDOW * (1.0 + WINDOW_SPREAD * rng.standard_normal())
        model = np.concatenate([start + w * up_shape, start + w - w * down_shape])
        walk = np.concatenate([[0.0], np.cumsum(STEP_SCATTER * WINDOW * rng.standard_normal(2 * PULSES))])
        state = model + walk
        reads = state + READ_ERROR * WINDOW * rng.standard_normal(state.size)
        keep = SHORT.get(c, state.size)  # the export lost the end of a few cycles, not the device
        out[c, :keep] = reads[:keep]
        start = state[-1]
    directions = ["start"] + ["up"] * PULSES + ["down"] * PULSES
    return out, directions


def write(path=EXAMPLE_FILE):
    rng = np.random.default_rng(SEED)
    reads, directions = cycles(rng)
    currents = reads * READ_VOLTAGE * 1e6  # uA
    lines = [
        "# Synthetic example device (crossbar project, scripts/make_example_device.py); not a measurement.",
        f"# Read currents in microamperes at a read voltage of {READ_VOLTAGE:g} V, one column per cycle;",
        "# load with: python -m crossbar train --device data/example_reram_cycles.csv --read-voltage 0.1",
        "pulse,direction," + ",".join(f"cycle {c + 1} (uA)" for c in range(CYCLES)),
    ]
    for k, d in enumerate(directions):
        cells = ["" if np.isnan(x) else f"{x:.4f}" for x in currents[:, k]]
        while cells and not cells[-1]:
            cells.pop()
        lines.append(",".join([str(k), d, *cells]))
    text = "\n".join(lines) + "\n"
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="ascii")
    tmp.replace(path)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=EXAMPLE_FILE, help=f"file to write (default {EXAMPLE_FILE})")
    args = parser.parse_args(argv)
    print(write(args.out))


if __name__ == "__main__":
    main()
