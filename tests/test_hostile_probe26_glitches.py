"""Probe 25a, D25-4 (n23 16 of 2,000 files, n3s 5): a single read 3.4-42 times off inside a fast (steep) branch of
8-20 reads loaded and set the window (the glitch was the curve's bottom or top, status 0). In siemens the bends of a
steep branch are its shape, not its read noise, so a read 17 times below both neighbours near the foot of a fast
fall stood out of no noise bar; and a read above both near the top of a rise that starts with a jump of most of
the window was never off the line through those first steep reads. The noise about the branch's trend in log (what
a read misses the geometric mean of its neighbours by) and, where the branch keeps its way across the read, the line
on either side, now tell such a read from the branch."""

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError


def _two_way(tmp_path, up, down):
    rows = [(0, "start", up[0])] + [(m, "+", g) for m, g in enumerate(up[1:], 1)] + [
        (m, "-", g) for m, g in enumerate(down, len(up))]
    path = tmp_path / "two_way.csv"
    path.write_text("pulse,direction,G (uS)\n" + "".join(f"{m},{d},{g:.8g}\n" for m, d, g in rows))
    return path


def _one_way(tmp_path, g):
    path = tmp_path / "one_way.csv"
    path.write_text("pulse,G (uS)\n" + "".join(f"{m},{x:.8g}\n" for m, x in enumerate(g)))
    return path


def _fast(lo, hi, n, tau):
    p = np.arange(n, dtype=float)
    return lo + (hi - lo) * (1 - np.exp(-p / tau)) / (1 - np.exp(-(n - 1) / tau))


def _fall(top, lo, n, tau):
    m = np.arange(1, n + 1, dtype=float)
    return lo + (top - lo) * np.exp(-m / tau)


@pytest.mark.parametrize("at,factor", [(7, 17.0), (9, 10.0), (10, 25.0)])
def test_a_read_far_below_both_neighbours_near_the_foot_of_a_fast_fall_is_refused(tmp_path, at, factor):
    up = _fast(1.23, 36.9, 8, 1.2)
    down = _fall(up[-1], 1.2, 13, 2.2)
    down[at] = min(down[at - 1], down[at + 1]) / factor
    with pytest.raises(DeviceFileError, match=rf"line {len(up) + at + 2}: conductance .* times below both neighbours"):
        load_device(_two_way(tmp_path, up, down))


def test_a_read_above_both_neighbours_near_the_top_of_a_fast_rise_is_refused(tmp_path):
    g = _fast(3.14, 94.2, 11, 3.5)
    g[3] = max(g[2], g[4]) * 3.4
    with pytest.raises(DeviceFileError, match=r"line 5: conductance .* times above both neighbours"):
        load_device(_one_way(tmp_path, g))


@pytest.mark.parametrize("tau", [0.4, 0.8, 1.5])
def test_guard_a_fast_two_way_curve_without_a_glitch_loads(tmp_path, tau):
    up = _fast(1.23, 36.9, 8, tau)
    down = _fall(up[-1], 1.2, 13, tau)
    curve = load_device(_two_way(tmp_path, up, down))
    np.testing.assert_allclose(curve.conductance, up * 1e-6, rtol=1e-7)


def test_guard_a_late_switch_then_a_steep_fall_loads(tmp_path):
    up = np.array([1.0, 1.1, 1.3, 1.8, 3.5, 9.0, 30.0])
    down = np.array([9.5, 3.4, 1.9, 1.4, 1.2, 1.1])
    curve = load_device(_two_way(tmp_path, up, down))
    np.testing.assert_allclose(curve.conductance, up * 1e-6, rtol=1e-7)
