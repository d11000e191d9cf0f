"""Probe 24a's rest (fix 25a): D24-6 and D24-1 for fast or short cycles, D24-2 in six or seven reads.

D24-6 / D24-1: one cycle measured again and again in ONE column, each later copy saved from its first pulse's read on
or after one or two reset reads, loaded as one saw-tooth curve (status 0) where the device's first pulse makes more
than half its window (the fall back to read 1 is then less than half the window, no more than a dip a fast curve
regains in a pulse or two: probe 10) or the cycles are so short that their second differences, the read noise the
restart rules measure, are their shape. Whole copies of the cycle, read for read, are several cycles now.

D24-2: a read 4-50 times above or below both neighbours in the middle of a six- or seven-read curve loaded and set
the window: no three reads in a row after the first held none of it, so the spike bar came from read 0's triple,
which a steep first pulse makes large. The triples of the curve without the read, spanning it, now measure the noise.
"""

import numpy as np
import pytest

import crossbar
from crossbar import DeviceFileError
from crossbar.devices import checks, restarts


def _cycle(n, first, g0=7.8e-6, ratio=3.0):
    """n reads of a saturating cycle whose first pulse makes `first` of its window."""
    tau = -1 / np.log(1 - first)
    return g0 * (1 + (ratio - 1) * (1 - np.exp(-np.arange(n) / tau)) / (1 - np.exp(-(n - 1) / tau)))


def _write(path, g, header="pulse,G (uS)"):
    path.write_text(header + "\n" + "".join(f"{i},{v * 1e6:.8g}\n" for i, v in enumerate(g)), encoding="utf-8")
    return path


@pytest.mark.parametrize("copies", [2, 4])
@pytest.mark.parametrize("n, first, ratio", [(8, 0.7, 3.0), (15, 0.9, 1.3), (6, 0.6, 10.0), (21, 0.97, 5.0)])
def test_copies_of_a_fast_cycle_saved_from_their_first_pulse_are_refused(tmp_path, copies, n, first, ratio):
    """The first pulse 60-97 % of the window: the fall back to read 1 is 3-40 % of it (n14's 216)."""
    cycle = _cycle(n, first, ratio=ratio)
    scales = 1 + 0.004 * np.cos(np.arange(copies))  # cycle-to-cycle: the same shape, a little scaled
    g = np.concatenate([cycle] + [cycle[1:] * s for s in scales[1:]])
    assert checks.find_restart(g, True) == n - 1
    with pytest.raises(DeviceFileError, match=rf"line {n + 2}: the potentiation branch falls .* and then rises again: "
                                              r"several cycles in one column\?"):
        crossbar.load_device(_write(tmp_path / "device.csv", g))


@pytest.mark.parametrize("resets", [1, 2])
@pytest.mark.parametrize("n, first, ratio", [(5, 0.6, 2.0), (5, 0.5, 10.0), (11, 0.86, 3.0), (7, 0.8, 1.3)])
def test_short_or_fast_cycles_with_reset_reads_between_them_are_refused(tmp_path, resets, n, first, ratio):
    """Five reads a cycle (their second differences, the 'read noise', as large as the falls), or a first
    pulse of 80-86 % of the window (a climb no rule took for a cycle's), with reset reads between (n2r's 66)."""
    cycle = _cycle(n, first, ratio=ratio)
    reset = cycle[0] * np.linspace(0.85, 0.95, resets)
    g = np.concatenate([cycle, reset, cycle * 1.003, reset, cycle * 0.998])
    assert checks.find_restart(g, True) == n - 1
    with pytest.raises(DeviceFileError, match=rf"line {n + 2}: the potentiation branch falls .* several cycles"):
        crossbar.load_device(_write(tmp_path / "device.csv", g))


@pytest.mark.parametrize("first", [0.7, 0.9])
def test_copies_of_a_fast_fall_in_a_depression_file_are_refused(tmp_path, first):
    """A depression file of three copies of one fall whose first pulse makes 70 or 90 % of it, each later one saved
    from its first pulse's read on (n13's 170)."""
    up = _cycle(10, 0.3, g0=6.2e-6, ratio=4.8)
    fall = up[-1] + up[0] - _cycle(9, first, g0=6.2e-6, ratio=4.8)
    down = _write(tmp_path / "down.csv", np.concatenate([fall, fall[1:] * 1.002, fall[1:] * 0.997]))
    with pytest.raises(DeviceFileError, match=r"down\.csv.*line 11: the depression branch rises .* several cycles"):
        crossbar.load_device(_write(tmp_path / "up.csv", up), depression=down)


def test_a_fast_curve_with_a_dip_or_a_dropout_to_read_1_at_its_middle_is_no_copy():
    """1,500 fast curves (first pulse 50-99 % of the window, read noise 0-1 %) with a dip of 10-60 % of the window
    regained over 1-3 pulses, or a dropout of 1-3 reads to read 1's level, placed so that the reads after it are as
    many as before it (a copy's length): the whole-copy rule takes none for copies (the reads after it miss the first
    cycle's by more than their read noise, or, landing on read 1, the curve levels off in its next pulse). The other
    restart rules take 8 of them as before. (Dropouts to read 0's level are several cycles by the earlier decision:
    RELIABILITY.md, 'A fast device whose read falls back to its first read's level ...')"""
    rng = np.random.default_rng(2501)
    taken = []
    for trial in range(2000):
        n = int(rng.integers(8, 61))
        noise = (0.0, rng.uniform(0, 0.003), rng.uniform(0, 0.01))[trial % 3]
        y = 1 - np.exp(-np.arange(n) / rng.uniform(0.15, 1.45)) + rng.normal(0, noise, n)
        at, k = (n + int(rng.integers(-1, 3))) // 2, int(rng.integers(1, 4))
        if trial % 2:
            y[at:at + k] -= rng.uniform(0.1, 0.6) * (1 - np.arange(k) / k)
        else:
            y[at:at + k] = y[trial % 4 // 2] + rng.normal(0, noise, k)
        g = 10 ** rng.uniform(-8, -4) * (1 + rng.uniform(0.1, 9.0) * (y + 0.05))
        if trial % 4 and restarts._repeats_whole(g, set()) is not None:
            taken.append(trial)
    assert not taken, (len(taken), taken[:10])


@pytest.mark.parametrize("g, at", [
    ([1.0, 1.989, 2.509, 27.82, 2.925, 3.0], 3),      # 10 times above both, a curve rising 3 times
    ([1.0, 1.547, 1.801, 7.677, 1.974, 2.0], 3),      # 4 times above
    ([1.0, 4.919, 7.261, 0.173, 9.499, 10.0], 3),     # 42 times below, under read 0
    ([1.0, 3.244, 4.252, 0.784, 4.909, 5.0], 3),      # 5.4 times below
    ([1.0, 14.62, 22.0, 26.01, 4.697, 29.36, 30.0], 4),  # 5.5 times below, seven reads rising 30 times
    ([1.0, 4.7, 6.957, 8.335, 36.7, 9.687, 10.0], 4),    # 4 times above
])
def test_a_glitch_in_the_middle_of_six_or_seven_reads_is_refused(tmp_path, g, at):
    g = np.array(g) * 2.2e-6
    assert checks.find_spike(g, rising=True) == at
    with pytest.raises(DeviceFileError, match=rf"line {at + 2}: conductance .* \(pulse {at}\) is .* times "
                                              r"(above|below) both neighbours .*allow_outliers"):
        crossbar.load_device(_write(tmp_path / "device.csv", g))
    assert crossbar.load_device(tmp_path / "device.csv", allow_outliers=True).conductance[at] == pytest.approx(g[at])


@pytest.mark.parametrize("g", [
    [1.0, 1.9, 2.4, 2.8, 2.6, 3.0],          # a noisy step back, 1.1 times
    [1.0, 8.0, 9.0, 9.5, 9.3, 9.8],          # a fast device, its first pulse 80 %
    [1.0, 1.5, 3.5, 2.2, 2.6, 3.0],          # 1.6 times above both: no glitch
    [1.0, 2.0, 6.0, 12.0, 3.0, 1.5, 1.2],    # a steep two-way turn at its top, 2 and 4 times
])
def test_six_or_seven_reads_without_a_glitch_load(tmp_path, g):
    """Guard: short curves whose turns are no read 3.2 times off both neighbours out of their noise load."""
    g = np.array(g) * 2.2e-6
    assert checks.find_spike(g) is None
