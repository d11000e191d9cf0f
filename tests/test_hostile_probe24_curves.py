"""Cycles of different shapes written one after another in one column (probe 23a, D23-8, the rest): a curve that
rises, levels off, falls back by most of its window in one pulse to near its first read and rises again is several
cycles, whatever the later cycle's shape. Two or three such cycles loaded as one saw-tooth potentiation curve,
status 0, where the later cycle was slower or of a smaller window (its shape not the first one's scaled), where the
first cycle ended on a flat run of identical (quantised) reads, or where the next cycle's first pulse was one step
of x1.8 back past the top. They are refused naming the line where the curve falls back, asking for the cycles to be
marked. Single curves with read noise of 1-30 % of the window, and single curves with a dropout of one to four reads
that comes back to the curve (in a spike as checks._spikes defines it, or not), are no restart: they load as before.
"""

import math

import numpy as np
import pytest

from crossbar.devices import checks
from crossbar.devices.files import DeviceFileError, load_device
from crossbar.devices.instrument import write_pulse_train
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli


def _table(g, unit=1e-6):
    return "pulse,G (uS)\n" + "".join(f"{m},{x / unit:.9g}\n" for m, x in enumerate(g))


def _rise(n, tau, lo, window, digits=None, noise=0.0, seed=0):
    """A saturating cycle lo ... lo + window over n reads, with read noise of `noise` of the window kept rising (a
    running maximum) and rounded to `digits` decimals (of uS), as an instrument of that resolution reads it: flat
    runs of identical reads where the cycle levels off."""
    m = np.arange(n)
    g = lo + window * (1 - np.exp(-m / tau)) / (1 - math.exp(-(n - 1) / tau))
    g = g + noise * window * np.random.default_rng(seed).standard_normal(n) * (m > 0)
    return g if digits is None else np.maximum.accumulate(np.round(g, digits))


# the shapes of the probe's six files, made here: (reads in uS, index of the step that falls back)
SLOWER = np.r_[_rise(14, 2.0, 0.50, 0.41, 3), _rise(14, 6.0, 0.51, 0.86, 3)]  # later cycle slower, larger (s01305)
STEEP = np.r_[_rise(22, 5.0, 28.5, 25.5, 2, 0.01, 1), 30.2, 55.5, 71.8, 77.4, 81.0, 85.1, [85.6] * 5, [85.8] * 4,
              [86.0] * 4, [87.0] * 3]
SMALLER = np.r_[_rise(10, 1.5, 0.158, 0.173, 4), _rise(10, 3.0, 0.149, 0.088, 4),  # three cycles, the middle one
                _rise(10, 2.5, 0.166, 0.378, 4)]                                  # smaller and slower (s01711)
LONG_FLAT = np.r_[_rise(21, 2.5, 1.24, 0.72, 3, 0.01, 2), _rise(21, 7.0, 1.20, 2.34, 3, 0.01, 3)]  # flat 10 reads, then slower (s02066)
THREE = np.r_[_rise(21, 2.5, 0.253, 0.130, 4), _rise(21, 7.0, 0.252, 0.368, 4),   # three cycles of three shapes
              _rise(21, 1.5, 0.264, 0.310, 4)]                                    # (s03220)
SHAPES = {"slower": (SLOWER, 13), "steep first pulse": (STEEP, 21), "smaller middle": (SMALLER, 9),
          "long flat": (LONG_FLAT, 20), "three shapes": (THREE, 20)}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_cycles_of_different_shapes_in_one_column_are_refused_naming_the_line(tmp_path, name):
    g, i = SHAPES[name]
    g = g * 1e-6
    assert checks.find_restart(g, True) == i
    path = tmp_path / "d.csv"
    path.write_text(_table(g))
    done = crossbar_cli("device", "--device", path)
    assert_one_line_error(done, f"line {i + 3}: the potentiation branch falls ")
    assert "and then rises again: several cycles in one column? Give one column per cycle" in done.stderr
    with pytest.raises(DeviceFileError, match=f"line {i + 3}: .* several cycles in one column"):
        load_device(path)
    with pytest.raises(ValueError, match="several cycles in one curve"):
        write_pulse_train(tmp_path / "t.dat", g)
    assert not (tmp_path / "t.dat").exists()
    # the same as a depression file: the branch falls from the top, climbs back in one pulse, falls again
    top = g.max() * 1.3
    (tmp_path / "up.csv").write_text(_table(np.linspace(top / 3, top, 12)))
    (tmp_path / "down.csv").write_text(_table(top - (g - g[0])))
    with pytest.raises(DeviceFileError, match=f"line {i + 3}: the depression branch rises .* several cycles"):
        load_device(tmp_path / "up.csv", depression=tmp_path / "down.csv")


def _pulse_train_text(g):
    """An instrument pulse train (a read after the initial pulse and after each of len(g) - 1 pulses), written here
    as the instrument writes it."""
    rows = ["Number of Pulses: %d" % (len(g) - 1), "Initial Voltage Duration (ms): 1000",
            "Initial Voltage (V): -2.000000E+00", "Read Voltage (V): 5.000000E-02", "ON Voltage (V): 2.000000E+00",
            "tON (ms): 1", "OFF Voltage (V): 0.000000E+00", "tOFF (ms): 100", "tWait (ms): 100",
            "Time stamp (s), Voltage (V), Current (A), Voltage (V), Current (A),Resistance (Ohm)"]
    t = 2.0
    for k, x in enumerate(g):
        v = -2.0 if k == 0 else 2.0
        r = 1.0 / x
        rows += [f"{t:.13E},{v:.6E},{v / 1100:+.3E},,,1.100000E+03", f"{t + 0.016:.13E},0.000000E+00,+0.000E+00,,,0.000000E+00",
                 f"{t + 2.7:.13E},5.000000E-02,{0.05 / r:.6E},-5.000000E-02,{-0.05 / r:.6E},{r:.15e}"]
        t += 3.2
    return "\r\n".join(rows) + "\r\n"


def test_an_instrument_file_of_two_cycles_is_refused_naming_its_line(tmp_path):
    """The probe's s01334.dat: 1.45 -> 2.18 uS over 21 reads, a flat run at the top, back to 1.48 uS in one pulse,
    then 2.57 (past the top in one pulse) and up to 3.97 uS: loaded, status 0, as one curve of 42 reads."""
    g = np.r_[_rise(21, 6.0, 1.449, 0.726, 4), 1.476, 2.573, 3.182, 3.549, 3.770, 3.804, 3.915, 3.930, 3.951,
              3.951, 3.951, 3.952, 3.953, 3.958, 3.973, 3.973, 3.973, 3.973, 3.973, 3.973, 3.973] * 1e-6
    path = tmp_path / "two.dat"
    path.write_text(_pulse_train_text(g), newline="")
    assert checks.find_restart(g, True) == 20
    done = crossbar_cli("device", "--device", path)
    assert_one_line_error(done, "line 76: the potentiation branch falls 1.47 times in one pulse")
    assert "several cycles in one block?" in done.stderr


def test_multi_cycle_columns_of_differing_shapes_are_refused_and_single_curves_are_no_restart(tmp_path):
    """600 seeded columns of two or three cycles (8-40 reads each, each its own time constant, the later windows
    x0.4 ... x3, read noise 0-2 %, half of them quantised to flat runs): the end of the first cycle is a restart
    in at least 99 % of them, rising and stored falling (1196 of 1200; before 655, the rest loading as one
    saw-tooth curve or refused at a later fall).
    2000 single saturating curves with read noise of 1-30 % of the window, and one-read dropouts: no restart."""
    rng = np.random.default_rng(2408)
    found = total = 0
    for _ in range(600):
        parts, noise = [], rng.uniform(0, 0.02)
        for c in range(int(rng.integers(2, 4))):
            n = int(rng.integers(8, 41))
            cycle = _rise(n, rng.uniform(0.7, max(1.0, n / 2.5)), 1 + 0.03 * rng.standard_normal(),
                          rng.uniform(0.4, 3.0) if c else 1.0)
            cycle += noise * (cycle[-1] - cycle[0]) * rng.standard_normal(n) * (np.arange(n) > 0)
            parts.append(np.maximum.accumulate(cycle) if rng.random() < 0.5 else cycle)
        y, first = np.concatenate(parts), parts[0].size - 1
        for g, rising in ((y * 1e-6, True), ((1.2 * y.max() - y + 0.1) * 1e-6, False)):
            total += 1
            found += checks.find_restart(g, rising) == first
    assert found >= 0.99 * total, (found, total)
    for trial in range(2000):
        n = int(rng.integers(4, 201))
        m = np.arange(n)
        shape = 1 - np.exp(-(m / rng.uniform(0.3, max(0.31, n / 2))) ** rng.uniform(0.5, 1.5))
        y = shape / shape[-1] + rng.normal(0, rng.uniform(0.01, 0.30), n)
        assert checks.find_restart((1 + y) * 1e-6, True) is None, trial
        assert checks.find_restart((3 - y) * 1e-6, False) is None, trial
    _assert_dropouts_load(tmp_path, 1)  # a one-read dropout to the first read's level, back the next pulse


def _assert_dropouts_load(tmp_path, run):
    """A curve that levels off, drops for `run` reads to its first read's level and comes back to where it was (a
    glitch, not a new cycle): no restart, whether or not checks._spikes calls it a spike (a window of 1.8x does not;
    of 30x it does), and a file of it loads (with allow_outliers where it is a spike)."""
    for window in (0.8, 29.0):
        g = _rise(40, 3.0, 1.0, window, 3)
        g[20:20 + run] = g[0] * (1 + 0.01 * np.arange(run))
        assert checks.find_restart(g * 1e-6, True) is None
        assert checks.find_restart((2 * g.max() - g) * 1e-6, False) is None
        path = tmp_path / f"glitch{window}.csv"
        path.write_text(_table(g * 1e-6))
        assert load_device(path, allow_outliers=True).conductance.size == 40


@pytest.mark.parametrize("run", [2, 3, 4])
def test_a_dropout_to_the_first_read_that_comes_back_is_no_restart_and_a_new_cycle_is(tmp_path, run):
    """The dropout loads (:func:`_assert_dropouts_load`); the same curve whose reads after the dropout climb on as a
    new cycle's do (x1.8 past the top in a pulse or two, then on) loaded as one curve and is refused."""
    _assert_dropouts_load(tmp_path, run)
    base = _rise(40, 3.0, 1.0, 0.8, 3)
    anew = np.r_[base[:20], base[0] * (1 + 0.01 * np.arange(run)), 1.9, 2.6, 3.0, 3.2, 3.3, 3.35, 3.38, 3.4]
    assert checks.find_restart(anew * 1e-6, True) == 19
