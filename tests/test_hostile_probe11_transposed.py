"""Probe 11a, L4: a transposed table with read noise loaded silently (notes/probe11a.md).

A (cycles x pulses) matrix saved as it is, one row per cycle and one column per pulse, is read as many short
"cycles", the device's window taken for the cycles' drift. Probe 10a's check (L2) refused it only when its column
medians went one way in 9 steps of 10: with read noise of 1 % of the window the medians of a saturating curve's
flat part wobble (as they stay flat for a fast device, noise-free), and 13 of 30 random transposed tables loaded.
The columns' medians are now judged by where they go, from the first column to the last quarter's median, against
the rise of the curve the rows give and against their own scatter. Genuine files, noisy and with many cycles, load.
"""

from pathlib import Path

import numpy as np
import pytest

from crossbar.devices import checks
from crossbar.devices.files import DeviceFileError, default_device, load_device
from crossbar.devices.presets import preset, preset_names
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli
from conftest import SHARED_MEASUREMENT


def _curves(cycles, pulses, tau, noise, drift, rng, g0=1e-6, window=0.5e-6):
    """`cycles` saturating curves of `pulses` pulses (rows), g0 drifting by `drift` of g0 a cycle, read noise
    `noise` of the window."""
    m = np.arange(pulses)
    return np.array([g0 * (1 + drift * i) + window * (1 - np.exp(-m / tau)) + rng.normal(0, noise * window, pulses)
                     for i in range(cycles)])


def _write(path, matrix, transposed):
    """`matrix` (cycles x pulses, S) as a table in uS: as it is (one column per pulse: transposed) or the right
    way (one column per cycle, a pulse column first)."""
    if transposed:
        text = ",".join(f"G{k} (uS)" for k in range(matrix.shape[1])) + "\n"
        text += "".join(",".join("%.9g" % (v * 1e6) for v in row) + "\n" for row in matrix)
    else:
        text = "pulse," + ",".join(f"G (uS) cycle {i + 1}" for i in range(matrix.shape[0])) + "\n"
        text += "".join(f"{k}," + ",".join("%.9g" % (v * 1e6) for v in matrix[:, k]) + "\n"
                        for k in range(matrix.shape[1]))
    path.write_text(text)
    return path


def test_the_probes_noisy_transposed_table_is_refused_saying_so(tmp_path):
    """The probe's reproducer: 5 cycles of 31 pulses, noise 1 % of the window (seed 0), loaded as 31 cycles of 5
    points, g 1.42e-06 ... 1.509e-06 S, for a device of 1e-06 ... 1.5e-06 S."""
    r, m = np.random.default_rng(0), np.arange(31)
    cs = np.array([1e-6 * (1 + 0.02 * i) + 0.5e-6 * (1 - np.exp(-m / 8)) + r.normal(0, 0.01 * 0.5e-6, 31)
                   for i in range(5)])
    done = crossbar_cli("device", "--device", _write(tmp_path / "d.csv", cs, True))
    assert_one_line_error(done, "d.csv: the potentiation branch: its 31 value columns of 5 points each have medians "
                                "that go from 1.049e-06 S (first column) to 1.524e-06 S (median of the last 8), 5.29 "
                                "times the range of the rows' medians (8.98e-08 S), 54.7 standard errors of the "
                                "columns' medians: the columns carry the rise, one column per pulse: the table looks "
                                "transposed; expected one column per cycle, one row per pulse (pandas: df.T; numpy: "
                                "M.T)")
    # the same matrix the right way: 5 cycles of 31 points
    assert load_device(_write(tmp_path / "ok.csv", cs, False)).conductance.size == 31


def test_a_fast_device_transposed_noise_free_is_refused(tmp_path):
    """tau 0.7 pulse (the probe's c2_tr_5x31_fast): the medians are flat after pulse 3, and it loaded."""
    cs = _curves(5, 31, 0.7, 0.0, 0.02, np.random.default_rng(0))
    with pytest.raises(DeviceFileError, match=r"its 31 value columns of 5 points each .* 6.25 times the range of the "
                                              r"rows' medians .* the table looks transposed"):
        load_device(_write(tmp_path / "t.csv", cs, True))


def test_identical_cycles_transposed_say_so_without_a_huge_ratio():
    """5 identical noise-free cycles transposed: each column's values equal, so the ratio to their range was
    '5e+293 times the median range within a column'."""
    cs = _curves(5, 31, 0.7, 0.0, 0.0, np.random.default_rng(0))
    problem = checks.transposed_problem([cs[:, k] for k in range(31)])
    assert "to 1.5e-06 S (last), each column's values all equal: one column per pulse" in problem, problem


def test_a_seeded_batch_of_noisy_transposed_tables_is_all_refused(tmp_path):
    """80 tables like the probe's c9.py: 2-8 cycles x 15-60 pulses, tau 0.7-15 pulses, read noise 0-5 % of the
    window, g0 drifting 0-2 % a cycle, saved one row per cycle. Every one refused as transposed (before: 30 of
    the 80 loaded, as 15-60 cycles of 2-8 points)."""
    loaded, other = [], []
    for seed in range(80):
        r = np.random.default_rng(11000 + seed)
        cycles, pulses = int(r.integers(2, 9)), int(r.integers(15, 61))
        tau, noise, drift = r.uniform(0.7, 15), r.uniform(0, 0.05), r.uniform(0, 0.02)
        path = _write(tmp_path / f"t{seed}.csv", _curves(cycles, pulses, tau, noise, drift, r), True)
        try:
            load_device(path)
            loaded.append((seed, cycles, pulses, round(tau, 1), round(noise, 3), round(drift, 3)))
        except DeviceFileError as e:
            if "the table looks transposed" not in str(e):
                other.append((seed, str(e)[:200]))
    assert not loaded, f"{len(loaded)} of 80 transposed tables loaded: {loaded[:5]}"
    assert not other, other[:3]


def test_a_seeded_batch_of_noisy_genuine_many_cycle_files_loads(tmp_path):
    """80 genuine files, one column per cycle: 20-150 cycles of 8-40 pulses (more cycles than points, so the check
    judges them), tau 0.7-15, read noise 1-5 % of the window, g0 drifting up to 0.3 % a cycle either way, and 20 with
    fewer, longer cycles (2-12 cycles of 15-60 pulses, drifting up to 3 % a cycle). All load, to the per-pulse
    median of their cycles (a guard: they loaded before the fix too)."""
    refused = []
    for seed in range(100):
        r = np.random.default_rng(12000 + seed)
        if seed < 80:
            cycles, pulses, drift = int(r.integers(20, 151)), int(r.integers(8, 41)), r.uniform(-0.003, 0.003)
        else:
            cycles, pulses, drift = int(r.integers(2, 13)), int(r.integers(15, 61)), r.uniform(-0.03, 0.03)
        tau, noise = r.uniform(0.7, 15), r.uniform(0.01, 0.05)
        matrix = _curves(cycles, pulses, tau, noise, drift, r)
        try:
            device = load_device(_write(tmp_path / f"g{seed}.csv", matrix, False))
            assert device.metadata["cycles"] == cycles
        except DeviceFileError as e:
            if "transposed" in str(e):
                refused.append((seed, cycles, pulses, round(tau, 1), round(noise, 3), round(drift, 4), str(e)[:150]))
    assert not refused, f"{len(refused)} of 100 genuine files refused as transposed: {refused[:3]}"


def test_few_long_cycles_are_never_judged_transposed():
    """Columns no more than their points (3 cycles of 31 pulses drifting 50 % a cycle, noisy or not): never."""
    for noise in (0.0, 0.03):
        cs = _curves(3, 31, 8, noise, 0.5, np.random.default_rng(1))
        assert checks.transposed_problem(list(cs)) is None


def test_the_shipped_and_measured_devices_are_not_judged_transposed():
    """The embedded default device, the example file, every preset and the measured file (read at run time,
    skipped when absent): their cycles pass the check, and they load."""
    devices = [default_device(), load_device(Path(__file__).resolve().parents[1] / "data" / "example_reram_cycles.csv",
                                              read_voltage=0.1)]
    devices += [preset(name) for name in preset_names()]
    assert all(device.conductance.size >= 2 for device in devices)
    if not SHARED_MEASUREMENT.is_file():
        pytest.skip(f"the measured file {SHARED_MEASUREMENT} is not on this machine (it is not distributed)")
    assert load_device(SHARED_MEASUREMENT).conductance.size >= 2
