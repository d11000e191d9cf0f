"""A curve that levels off and whose last read falls back near its first: one read after the jump back has no shape to
compare with the cycle before, scaled or not. The scaled comparison of 3112f80 (probe 23a, D23-8) divided by zero
there: a ZeroDivisionError, a traceback to the user, where such a curve is refused as coming back or loads."""

import numpy as np
import pytest

import crossbar
from crossbar import DeviceFileError
from crossbar.devices import checks


def test_one_read_after_a_jump_back_repeats_nothing():
    assert checks._repeats(np.array([0.0, 1.0, 2.0]), np.array([1.0])) is False
    assert checks.find_restart(np.array([1.0307, 1.7715, 1.928, 1.9817, 2.0041, 1.1916]), True) is None


def test_the_curve_that_crashed_is_refused_as_coming_back(tmp_path):
    path = tmp_path / "device.csv"
    reads = [1.0307, 1.7715, 1.928, 1.9817, 2.0041, 1.1916]
    path.write_text("pulse,G (uS)\n" + "".join(f"{k},{v}\n" for k, v in enumerate(reads)), encoding="utf-8")
    with pytest.raises(DeviceFileError, match="falls back to 1.192e-06 S by its last read"):
        crossbar.load_device(path)


@pytest.mark.parametrize("seed", range(3))
def test_curves_that_fall_back_at_their_last_read_are_refused_or_load_never_a_crash(tmp_path, seed):
    rng = np.random.default_rng(seed)
    path = tmp_path / "device.csv"
    for _ in range(200):
        n = int(rng.integers(5, 12))
        g = 1 + (1 - np.exp(-np.arange(n) / rng.uniform(0.5, 3))) + rng.normal(0, 0.01, n)
        g = np.append(g, 1 + rng.uniform(0, 0.6) * (g.max() - 1))
        path.write_text("pulse,G (uS)\n" + "".join(f"{k},{v!r}\n" for k, v in enumerate(g)), encoding="utf-8")
        try:
            crossbar.load_device(path)
        except DeviceFileError:
            pass
