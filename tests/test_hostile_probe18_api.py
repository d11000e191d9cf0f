"""Probe 17c's open causes in the API and the command line (A1, V1, V2, C1, C2, S1).

A1: an array argument too large to copy (a broadcast view of 10**10 elements, which takes no memory itself) ended in
numpy's MemoryError inside DeviceCurve, PatternSet, evaluate and input_voltages: the checking helpers copied before
they checked the size. V1/V2: the own-device views drew cycle K as "the per-pulse median of the cycles", failed inside
matplotlib for a rate outside its interval, drew a NaN bar and a negative spread, and ``about_whole(-0.5)`` wrote
'about 0'. C1: ``train_batch`` at gain 1e300 named only the offsets. C2: ``train --from DIR --device preset:x`` blamed
``--read-voltage``, never given. S1: ``load_sweep`` of a sweep another process writes advised ``resume=True``.
"""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import crossbar
from crossbar.numbers import index_array, real_array
from crossbar.resources import ResourceError
from crossbar.studies.store import StoreError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "example_reram_cycles.csv"
HUGE = 10**12  # elements: 8 TB as float64, more than any machine has, so the copy can never be made


def _refused(call, *words):
    with pytest.raises(ResourceError) as info:
        call()
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    for word in ("needs about", "of memory, more than the", *words):
        assert word in message, message
    return message


# A1: broadcast arrays refused with their size before the copy


def test_devicecurve_refuses_a_broadcast_conductance_before_copying_it():
    message = _refused(lambda: crossbar.DeviceCurve(np.broadcast_to(np.linspace(1e-7, 2e-7, 1), (HUGE,))),
                       "conductance (shape (1000000000000,), as float64)")
    assert message.endswith("; pass a smaller array")


def test_devicecurve_refuses_broadcast_cycles_and_depression():
    _refused(lambda: crossbar.DeviceCurve([1e-7, 2e-7], cycles=np.broadcast_to(np.array([1e-7, 2e-7]), (HUGE, 2))),
             "cycles (shape (1000000000000, 2), as float64)")
    _refused(lambda: crossbar.DeviceCurve([1e-7, 2e-7], depression=np.broadcast_to(np.array([2e-7]), (HUGE,))),
             "depression (shape (1000000000000,), as float64)")


def test_patternset_and_input_voltages_refuse_broadcast_bits():
    bits = np.broadcast_to(np.array([0, 1]), (HUGE, 2))
    _refused(lambda: crossbar.PatternSet(bits, np.broadcast_to(np.array([0]), (HUGE, 1))),
             "bits (shape (1000000000000, 2)")
    _refused(lambda: crossbar.input_voltages(bits), "bits (shape (1000000000000, 2)")


def test_evaluate_refuses_a_broadcast_conductance():
    conductance = np.broadcast_to(np.full((4, 4), 1e-7), (HUGE // 16, 4, 4))
    _refused(lambda: crossbar.evaluate(conductance, crossbar.diagonals_training(), crossbar.TrainingSetting()),
             "conductance (shape (62500000000, 4, 4), as float64)")


def test_index_array_refuses_a_broadcast_before_scanning_it(monkeypatch):
    """With 1 GiB available, 3e8 trial numbers (2.4 GB as int64) are refused before their values are scanned (the
    scan of a broadcast of 10**12 took minutes before the copy failed)."""
    import crossbar.resources

    monkeypatch.setattr(crossbar.resources, "available_memory", lambda: 2**30)
    _refused(lambda: index_array(np.broadcast_to(np.int64(3), (3 * 10**8,)), "trials"),
             "trials (shape (300000000,), as int64) needs about 2.24 GiB of memory, more than the 1 GiB available")


def test_guard_arrays_that_fit_are_copied_as_before():
    """Guard: an array larger than the check's threshold that fits in memory is copied, values unchanged; a small one
    and a list as before (passes before and after)."""
    big = real_array(np.broadcast_to(np.float32(0.5), (10**7,)), "x")
    assert big.dtype == np.float64 and big.shape == (10**7,) and big.flags.writeable and np.all(big == 0.5)
    np.testing.assert_array_equal(real_array([1, 2.5], "x"), [1.0, 2.5])
    curve = crossbar.DeviceCurve([1e-7, 1.5e-7, 2e-7])
    np.testing.assert_array_equal(curve.conductance, [1e-7, 1.5e-7, 2e-7])
    np.testing.assert_array_equal(crossbar.input_voltages(np.array([[1, 0]])), [[0.1, -0.1]])


# V1, V2: the own-device views and report helpers


@pytest.fixture(scope="module")
def plotting():
    pytest.importorskip("matplotlib")
    from crossbar.views import plotting

    return plotting


def _legend(figure):
    return [t.get_text() for t in figure.axes[0].get_legend().get_texts()]


def test_plot_cycles_labels_the_cycle_that_was_chosen(plotting):
    device = crossbar.load_device(EXAMPLE, read_voltage=0.1, cycle=2)
    assert np.array_equal(device.conductance, device.cycles[1])
    assert _legend(plotting.plot_cycles(device)) == ["potentiation: cycle 2", "depression"]


def test_guard_plot_cycles_labels_the_median_without_a_cycle(plotting):
    """Guard: the median of the cycles is labelled so (passes before and after)."""
    device = crossbar.load_device(EXAMPLE, read_voltage=0.1)
    assert _legend(plotting.plot_cycles(device)) == ["potentiation: per-pulse median of the cycles", "depression"]


@pytest.mark.parametrize("cell, line", [
    ((1.5, 0.1, 0.2), "rows['g']['b'][0] = 1.5: expected (rate, ci_low, ci_high), each from 0 to 1"),
    ((float("nan"), 0.1, 0.2), "rows['g']['b'][0] = nan: expected (rate, ci_low, ci_high), each from 0 "
                               "to 1"),
    ((0.5, 0.9, 0.1), "rows['g']['b'] = (0.5, 0.9, 0.1): expected a rate inside its interval, ci_low <= rate <= "
                      "ci_high"),
    ((0.05, 0.1, 0.2), "rows['g']['b'] = (0.05, 0.1, 0.2): expected a rate inside its interval, ci_low <= rate <= "
                       "ci_high"),
])
def test_plot_unit_rates_refuses_a_rate_that_means_nothing(plotting, cell, line):
    with pytest.raises(ValueError) as info:
        plotting.plot_unit_rates({"g": {"b": cell}})
    assert str(info.value) == "plot_unit_rates: " + line


def test_guard_plot_unit_rates_draws_rates_at_the_ends_of_their_intervals(plotting):
    """Guard: a rate of 0 or 1 at the end of its Wilson interval is drawn (passes before and after)."""
    figure = plotting.plot_unit_rates({"g": {"b": (0.0, 0.0, 0.2), "c": (1.0, 0.8, 1.0)}})
    assert [round(p.get_height(), 6) for p in figure.axes[0].patches] == [0.0, 100.0]


@pytest.mark.parametrize("spread, shown", [([-0.5, 0.1], "-0.5"), ([float("nan")], "nan"),
                                           ([0.1, float("inf")], "inf")])
def test_plot_cycle_spread_refuses_a_spread_that_is_no_standard_deviation(plotting, spread, shown):
    noise = crossbar.measured_noise(crossbar.load_device(EXAMPLE, read_voltage=0.1))
    with pytest.raises(ValueError) as info:
        plotting.plot_cycle_spread(noise, simulated={"a": np.array(spread)})
    k = 0 if len(spread) == 1 or shown == "-0.5" else 1
    assert str(info.value) == (f"plot_cycle_spread: simulated['a'][{k}] = {shown}: expected a spread (a standard "
                               "deviation, fraction of the window), finite and >= 0")


@pytest.mark.parametrize("x", [-0.5, -1.5, -1])
def test_about_whole_refuses_a_negative_median(x):
    from crossbar.views import report

    with pytest.raises(ValueError) as info:
        report.about_whole(x)
    assert str(info.value) == f"about_whole: x = {x!r}: expected a median of whole numbers (epochs, pulses) >= 0"


def test_guard_about_whole_writes_medians_as_before():
    """Guard (passes before and after)."""
    from crossbar.views import report

    assert [report.about_whole(x) for x in (0, 68, 305.5, 4290.5)] == ["0", "68", "about 306", "about 4,290"]


# C1: train_batch at an unphysical gain names the gain


def test_train_batch_names_the_gain_when_the_offsets_are_in_range():
    offsets = crossbar.sample_offsets(trials=2)
    with pytest.raises(ValueError) as info:
        crossbar.train_batch(crossbar.default_device(), offsets, crossbar.TrainingSetting(gain=1e300))
    assert str(info.value) == (
        "setting.gain = 1e+300: offsets[0, 0, 0] = 1e-07 S: at K = 1e+300 a device starts at G = 1e+293 S, outside "
        "the physical range 1e-15 ... 1 S; at K = 1 these offsets are in range: expected a smaller setting.gain (or "
        "other offsets)")
    with pytest.raises(ValueError, match=r"^setting\.gain = 1e\+300: offsets\[0, 0\] = 1e-07 S"):
        crossbar.train(crossbar.default_device(), crossbar.TrainingSetting(gain=1e300), offsets=offsets[0])


def test_guard_offsets_out_of_range_at_k_1_are_named_alone():
    """Guard: offsets outside the range by themselves are named, not the gain (passes before and after)."""
    with pytest.raises(ValueError) as info:
        crossbar.train_batch(crossbar.default_device(), crossbar.sample_offsets(trials=2) * 1e10,
                             crossbar.TrainingSetting(gain=10))
    assert str(info.value).startswith("offsets[0, 0, 0] = 1000 S: at K = 10 a device starts at G = 1e+04 S")


# C2: train --from DIR --device PRESET


def _cli(args, cwd):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("CROSSBAR_TRACEBACK", None)
    return subprocess.run([sys.executable, "-m", "crossbar", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def read_study(tmp_path_factory):
    """A study of a device file read with --read-voltage 0.1."""
    folder = tmp_path_factory.mktemp("study")
    (folder / "dev.csv").write_bytes(EXAMPLE.read_bytes())
    done = _cli(["montecarlo", "--device", "dev.csv", "--read-voltage", "0.1", "--trials", "3", "--max-epochs", "20",
                 "--quiet", "--out", "study"], folder)
    assert done.returncode == 0, done.stderr
    return folder


@pytest.mark.parametrize("device", ["preset:ag-si", "ag-si"])
def test_train_from_a_study_with_a_preset_names_the_device_not_read_voltage(read_study, device):
    done = _cli(["train", "--from", "study", "--trial", "1", "--device", device], read_study)
    assert done.returncode == 2 and done.stdout == ""
    line = done.stderr.strip()
    assert "\n" not in line and "--read-voltage" not in line, line
    assert line.startswith("crossbar: error: device 'ag-si' (preset:ag-si) has content hash "), line
    assert ", the study used 'dev' with " in line


def test_guard_train_from_with_the_moved_file_reads_it_as_the_study_did(read_study):
    """Guard: the study's own file given with --device is read with the study's read voltage (passes before and
    after)."""
    done = _cli(["train", "--from", "study", "--trial", "1", "--device", "dev.csv", "--json"], read_study)
    assert done.returncode == 0, done.stderr


# S1: load_sweep of a sweep that is being written


def test_load_sweep_of_a_locked_sweep_says_it_is_being_written(tmp_path):
    from crossbar.studies.lock import FolderLock

    out = tmp_path / "sweep"
    crossbar.run_sweep(crossbar.Study(trials=2, setting=crossbar.DEFAULT.replace(max_epochs=5)),
                       crossbar.Grid(gain=[5.0, 10.0]), out=out, progress=False)
    (out / "sweep.csv").unlink()  # as while the sweep runs: its table is written last
    with FolderLock(out):  # another run holds the folder
        with pytest.raises(StoreError) as info:
            crossbar.load_sweep(out)
    assert str(info.value) == f"{out}: another crossbar run is writing this sweep; wait for it to finish"
    with pytest.raises(StoreError, match="resume=True"):  # unlocked, an incomplete sweep as before
        crossbar.load_sweep(out)
