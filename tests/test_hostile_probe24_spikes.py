"""A glitch in a steep or short curve (probe 24a, D24-2, D24-4): the spike bar was 20 times the curve's median step
in log, which in a noise-free steep curve (0.1-0.3 decades a pulse) or a six-read one (two of whose five steps are
the glitch's) is the curve's shape, not its read noise: a read 3.5-50 times above both neighbours, a run of two 30
times high, a resistance read 30 times low, or a last read back at the branch's start loaded (status 0) and set the
window or dipped it. The bar now also comes from the read noise near the run (its second differences in log), so
these are refused naming the line, as the same glitch in a gradual curve is; steep real curves (an abrupt first
pulse, six reads, a late switch), noisy curves (1-30 % of the window) and the measured device load as before.
"""

import math
from pathlib import Path

import numpy as np
import pytest

from crossbar.devices import checks
from crossbar.devices.files import DeviceFileError, load_device
from crossbar.devices.instrument import write_pulse_train
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

MEASURED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "SP291D1NR100.dat"


def _rise(n, tau, lo, hi):
    """A noise-free saturating climb lo ... hi over n reads."""
    m = np.arange(n)
    return lo + (hi - lo) * (1 - np.exp(-m / tau)) / (1 - math.exp(-(n - 1) / tau))


def _table(g, unit=1e-6, directions=None):
    if directions is None:
        return "pulse,G (uS)\n" + "".join(f"{m},{x / unit:.9g}\n" for m, x in enumerate(g))
    return "pulse,direction,G (uS)\n" + "".join(f"{m},{d},{x / unit:.9g}\n"
                                                 for m, (d, x) in enumerate(zip(directions, g)))


def _two_way(up, down):
    g = np.r_[up, down]
    return g, ["start"] + ["+"] * (up.size - 1) + ["-"] * down.size


UP = _rise(21, 4.0, 0.093, 2.79) * 1e-6                   # a steep two-way curve: 30 times in 20 pulses ...
DOWN = UP[-1] * 0.774 ** np.arange(1, 13)                 # ... and down by 0.11 decades a pulse (D24-2)


def _refused(tmp_path, text, line, what, name="d.csv", **kw):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(DeviceFileError, match=f"line {line}: {what}"):
        load_device(path, **kw)
    return path


def test_a_read_50_times_high_in_a_steep_two_way_curve_is_refused():
    g, d = _two_way(UP, DOWN)
    g[19] *= 50
    assert checks.find_spike(g, rising=False) == 19


def test_a_read_50_times_high_in_a_steep_two_way_file_is_refused_naming_its_line(tmp_path):
    g, d = _two_way(UP, DOWN)
    g[19] *= 50
    path = _refused(tmp_path, _table(g, directions=d), 21, "conductance .* is 49.9 times above both neighbours")
    done = crossbar_cli("device", "--device", path)
    assert_one_line_error(done, "line 21: conductance ")
    assert "a damaged value or a glitch? Pass allow_outliers=True" in done.stderr
    assert load_device(path, allow_outliers=True).conductance.size == 21  # the escape stays


def test_a_read_3_5_times_high_in_a_steep_two_way_file_is_refused(tmp_path):
    up = _rise(16, 2.0, 0.352, 1.16) * 1e-6
    g, d = _two_way(up, up[-1] - (up[-1] - 0.36e-6) * (1 - np.exp(-np.arange(1, 9) / 2.0)) / (1 - math.exp(-4)))
    g[9] *= 3.5
    _refused(tmp_path, _table(g, directions=d), 11, r"conductance .* is 3.49 times above both neighbours")


@pytest.mark.parametrize("fac", [5.0, 50.0])
def test_a_glitch_in_a_six_read_curve_is_refused(tmp_path, fac):
    g = _rise(6, 2.0, 0.731, 1.10) * 1e-6
    g[2] *= fac
    assert checks.find_spike(g, rising=True) == 2
    _refused(tmp_path, _table(g), 4, "conductance .* above both neighbours")


def test_a_resistance_read_30_times_low_in_a_steep_curve_is_refused(tmp_path):
    r = 1 / _rise(8, 1.0, 8.75, 262.0)  # kOhm of a curve whose first pulse takes 40 % of its window
    r[4] /= 30
    text = "pulse,R (kOhm)\n" + "".join(f"{m},{x * 1e3:.9g}\n" for m, x in enumerate(r))
    _refused(tmp_path, text, 6, "conductance .* above both neighbours")


def test_a_run_of_two_reads_30_times_high_in_an_eight_read_curve_is_refused(tmp_path):
    g = _rise(8, 1.5, 8.79, 26.4) * 1e-6
    g[4:6] *= 30
    _refused(tmp_path, _table(g), 6, "conductances .* and .* above both neighbours")


def test_a_read_30_times_low_in_a_six_pulse_instrument_file_is_refused(tmp_path):
    g = _rise(6, 0.7, 2.16, 64.8) * 1e-6
    g[4] /= 30
    path = tmp_path / "d.dat"
    write_pulse_train(path, g)
    with pytest.raises(DeviceFileError, match="conductance .* below both neighbours"):
        load_device(path)


def test_a_reset_read_after_a_short_potentiation_train_is_refused(tmp_path):
    g = np.r_[_rise(9, 2.0, 2.11, 9.62), 2.079] * 1e-6  # the last read back 1.5 % below the first
    assert checks.find_spike(g, rising=True) == 9
    # as a glitch, or as the first read of a next cycle (which allow_outliers does not accept)
    _refused(tmp_path, _table(g), 11, r"(conductance .* is 4.63 times below the point before, at the end|the "
                                      r"potentiation branch falls 4.63 times in one pulse .* first read of a next cycle)")


def test_a_last_read_back_at_the_top_of_a_depression_branch_is_refused(tmp_path):
    up = _rise(9, 3.0, 0.222, 2.224) * 1e-6
    g, d = _two_way(up, np.r_[up[-1] * 0.7836 ** np.arange(1, 11), 2.151e-6])
    _refused(tmp_path, _table(g, directions=d), 21, "conductance .* above the point before, at the end")


def test_a_last_read_back_at_the_top_of_a_depression_file_is_refused(tmp_path):
    up = _rise(9, 2.0, 5.33, 26.63) * 1e-6
    (tmp_path / "up.csv").write_text(_table(up))
    down = np.r_[26.63 * 0.7835 ** np.arange(7), 25.78] * 1e-6
    (tmp_path / "down.csv").write_text(_table(down))
    with pytest.raises(DeviceFileError, match="line 9: conductance .* above the point before, at the end"):
        load_device(tmp_path / "up.csv", depression=tmp_path / "down.csv")


def test_the_glitch_is_named_not_the_reads_beside_it():
    g = np.array([22.97, 202.2, 335.0, 433.4, 652.0, 10.13, 680.2, 689.2, 693.0, 695.0, 696.0, 697.0]) * 1e-6
    assert checks.find_spike(g, rising=True) == 5


# ---- valid steep, short and noisy curves load as before


def _steep_curves():
    rng = np.random.default_rng(2424)
    for _ in range(400):
        n = int(rng.integers(6, 41))
        ratio = float(np.exp(rng.uniform(math.log(1.5), math.log(100))))
        tau = float(np.exp(rng.uniform(math.log(0.2), math.log(20))))
        m = np.arange(n)
        shape = rng.integers(3)
        if shape == 0:  # saturating, an abrupt first pulse where tau is small
            f = (1 - np.exp(-m / tau)) / (1 - math.exp(-(n - 1) / tau))
        elif shape == 1:  # a straight line in log
            f = (ratio ** (m / (n - 1)) - 1) / (ratio - 1)
        else:  # a late switch
            f = (np.exp(m / tau) - 1) / (math.exp((n - 1) / tau) - 1)
        g = 1e-6 * (1 + (ratio - 1) * f)
        noise = float(rng.choice([0.0, rng.uniform(0.01, 0.1), rng.uniform(0.1, 0.3)]))
        g = g * (1 + noise * rng.standard_normal(n)) if rng.random() < 0.5 else \
            g + noise * (g.max() - g.min()) * rng.standard_normal(n)
        if np.all(g > 0):
            yield g, bool(rng.random() < 0.7)


def test_steep_short_and_noisy_valid_curves_have_no_spike():
    seen = 0
    for g, rising in _steep_curves():
        g = g if rising else g[::-1]
        if checks.find_outlier(g) is None:
            seen += 1
            assert checks.find_spike(g, rising=rising) is None, g.tolist()
    assert seen > 300


def test_an_abrupt_first_pulse_and_a_late_switch_load(tmp_path):
    abrupt = np.r_[1.0, 9.0, 9.4, 9.6, 9.7, 9.75] * 1e-6
    late = np.r_[1.0, 1.05, 1.1, 1.15, 1.2, 30.0] * 1e-6
    for name, g in (("abrupt.csv", abrupt), ("late.csv", late)):
        (tmp_path / name).write_text(_table(g))
        assert load_device(tmp_path / name).conductance.size == 6


def test_the_measured_device_loads_as_before():
    if not MEASURED.is_file():
        pytest.skip(f"{MEASURED} is absent (the measured device file is not part of the repository)")
    curve = load_device(MEASURED)
    assert curve.conductance.size > 10 and checks.find_spike(curve.conductance, rising=True) is None


@pytest.mark.parametrize("allow", [False, True])
def test_reset_reads_taken_for_a_next_cycle_stay_refused_as_that_with_allow_outliers(tmp_path, allow):
    g = np.array([270.53, 520.30, 705.71, 843.34, 945.51, 1021.36, 1077.66, 1119.46, 1150.49, 1173.52, 1190.62,
                  278.73, 258.53]) * 1e-9  # two reads back at the start after the train
    path = tmp_path / "d.csv"
    path.write_text(_table(g))
    with pytest.raises(DeviceFileError, match="line 13: the potentiation branch falls 4.2\\d times in one pulse"):
        load_device(path, allow_outliers=allow)
