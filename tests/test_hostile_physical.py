"""One physical range for every conductance training makes (issue 20, point 1).

G = K (g(m) - g(0) + s) must lie in 1e-15 ... 1 S (a resistance of 1 Ohm ... 1 POhm), as a device
file's conductances must: offsets given through the API or a file, offsets drawn from any
distribution, the gain K and the noise. Offsets given that start a device outside it are refused
before any work; a distribution every crossbar of which would be is refused too; what training
visits (the lowest AND the highest conductance) is reported per trial, and "physical" means that.
"""

import dataclasses
import json
import re

import numpy as np
import pytest

import crossbar
from crossbar import cli
from crossbar.devices.checks import CONDUCTANCE_RANGE, outside_range
from crossbar.studies import Study, failure_analysis, run_study, store
from crossbar.studies.integrity import StoreError
from crossbar.training.checks import check_conductances

DEVICE = crossbar.default_device()


def run_cli(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("call, message", [
    (lambda: crossbar.train(offsets=np.full((4, 4), -1e-6)), "offsets[0, 0] = -1e-06 S: at K = 10 a device starts "
                                                             "at G = -1e-05 S, outside the physical range"),
    (lambda: crossbar.train(offsets=np.full((4, 4), 1e308)), "a device starts at G = inf S"),
    (lambda: crossbar.train_batch(DEVICE, np.full((2, 4, 4), 5e-8) * [[[1]], [[-1]]]),
     "offsets[1, 0, 0] = -5e-08 S"),
    (lambda: crossbar.train(offsets=np.full((4, 4), 0.09999999)),  # 1.000001 S, not "1 S, outside ... 1 S" (C23-5)
     "a device pulsed to the top of its curve, reaches G = 1.000001 S"),
    (lambda: crossbar.train(setting=crossbar.DEFAULT.replace(gain=1e308)),
     "RescaledLognormal.lo = 1e-08 S: at K = 1e+308 a device starts at G = 1e+300 S"),
    (lambda: crossbar.train(offsets=crossbar.NoOffsets()), "NoOffsets.level = 0 S: at K = 10 a device starts at "
                                                         "G = 0 S, outside the physical range 1e-15 ... 1 S; an offset"),
    (lambda: Study(offsets=crossbar.Lognormal(1, 0)), "Study.offsets: Lognormal.median (the median offset) = 1 S: "
                                                      "at K = 10 a device starts at G = 10 S"),
    (lambda: Study(offsets=crossbar.RescaledLognormal(0, 1e-7)), "Study.offsets: RescaledLognormal.lo = 0 S"),
    (lambda: Study(setting=crossbar.DEFAULT.replace(gain=1e7)), "RescaledLognormal.hi = 1e-07 S: at K = 1e+07 a "
                                                                "device pulsed to the top of its curve, reaches G = 1.755 S"),
])
def test_offsets_and_gains_that_start_devices_outside_the_range_are_refused_before_work(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def test_the_check_takes_the_offsets_as_the_engine_sees_them():
    """One function, called on the device, the gain and the offsets the engine multiplies."""
    lo, hi = CONDUCTANCE_RANGE
    top = DEVICE.conductance.max() - DEVICE.conductance[0]
    check_conductances(DEVICE, 10.0, np.array([lo / 10, hi / 10 - top]))  # both ends, inclusive
    for s in (lo / 10 * (1 - 1e-9), (hi / 10 - top) * (1 + 1e-9), np.nan):
        with pytest.raises(ValueError, match="outside the physical range"):
            check_conductances(DEVICE, 10.0, np.array([s]))
    assert outside_range([np.nan, np.inf, -np.inf, 0.0, lo, hi]).tolist() == [True] * 4 + [False] * 2


@pytest.mark.parametrize("argv, message", [
    (["train", "--gain", "1e308"], "--offset-range LO = 1e-08 S: at --gain K = 1e+308 a device starts at G = 1e+300 S"),
    (["montecarlo", "--offsets", "lognormal", "--offset-median", "1", "--offset-sigma", "0", "--trials", "10"],
     "--offset-median = 1 S: at --gain K = 10 a device starts at G = 10 S, outside the physical range 1e-15 ... 1 S"),
    (["sweep", "--gain", "10,1e7", "--trials", "10"], "--offset-range HI = 1e-07 S: at --gain K = 1e+07"),
    (["train", "--offset-range", "0", "1e-7"], "--offset-range LO = 0 S: at --gain K = 10 a device starts at G = 0 S"),
])
def test_the_command_line_refuses_them_in_one_line(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err, err


def test_reference_runs_report_the_lowest_and_highest_conductance_they_visited():
    run = crossbar.train(DEVICE, crossbar.DEFAULT, seed=3, trial=5)
    visited = np.concatenate([run.conductance_history.ravel(), run.conductance.ravel()])
    assert run.min_conductance == visited.min() and run.max_conductance == visited.max() and run.physical
    batch = crossbar.train_batch(DEVICE, crossbar.sample_offsets(seed=3, trials=50), crossbar.DEFAULT)
    assert batch.physical.all() and (batch.max_conductance >= batch.conductance.max(axis=(1, 2))).all()


def test_the_general_model_reports_an_upper_bound_on_its_highest_conductance():
    nonideal = crossbar.Nonidealities(c2c=0.2, window_spread=0.5)
    run = crossbar.train(DEVICE, crossbar.DEFAULT, seed=3, trial=5, nonideal=nonideal)
    assert run.max_conductance >= run.conductance_history.max() and run.physical
    assert run.min_conductance <= run.conductance_history.min()


@dataclasses.dataclass(frozen=True)
class LognormalBelow(crossbar.OffsetDistribution):
    """Lognormal(2e-16, 1)'s draws from a distribution of the user's own, which no check before the work can
    bound (Lognormal(2e-16, 1) itself is refused when a study is made: its bottom tail starts devices at 1e-17 S)."""
    kind = "lognormal-below"

    def sample(self, seed, trials, shape):
        return crossbar.Lognormal(2e-16, 1.0).sample(seed, trials, shape)


def test_a_drawn_offset_outside_the_range_flags_its_trial_and_does_not_count_as_converged(tmp_path, capsys):
    # median 2e-16 S at K = 10: half the devices start below 1e-15 S, yet many crossbars "meet their targets"
    study = Study(offsets=LognormalBelow(), trials=40, chunk_size=20)
    result = run_study(study, out=tmp_path / "study")
    t = result.table
    off = outside_range(t["min_conductance"]) | outside_range(t["max_conductance"])
    assert off.all() and t["converged"].any()  # met their targets, on no real crossbar
    s = result.summary()
    assert (s.physical, s.nonphysical, s.converged, s.rate) == (False, 40, 0, 0.0)
    assert s.nonphysical_met_targets == int(t["converged"].sum()) and result.convergence_rate == 0.0
    assert "physical   NO: 40 of 40 trials took a conductance outside 1e-15 ... 1 S, counted as not converged" \
        in str(s)
    fa = failure_analysis(result)
    assert fa["nonphysical"] == 40 and fa["converged"] == 0 and fa["failed"] == 40
    saved = json.loads((tmp_path / "study" / "summary.json").read_text())
    assert saved["physical"] is False and saved["nonphysical"] == 40
    assert set(store.read_table(tmp_path / "study")) >= {"min_conductance", "max_conductance"}


def test_a_window_factor_that_lifts_a_device_past_1_s_flags_its_trial():
    """The top side: K (s + w high) > 1 S for a device whose drawn window factor w is large."""
    setting = crossbar.DEFAULT.replace(gain=5000.0)  # starts at 5e-5 ... 5e-4 S: accepted
    study = Study(setting=setting, nonideal=crossbar.Nonidealities(window_spread=3.0), trials=300)
    t = run_study(study).table
    high = t["max_conductance"] > CONDUCTANCE_RANGE[1]
    assert high.any() and not high.all() and (t["min_conductance"] >= CONDUCTANCE_RANGE[0]).all()
    s = summarize_physical(t)
    assert s == int(high.sum())


def summarize_physical(table):
    from crossbar.studies.study import summarize

    summary = summarize(table)
    assert summary.physical is False
    return summary.nonphysical


def test_an_old_folder_without_the_highest_conductance_is_named_as_such(tmp_path):
    out = tmp_path / "study"
    study = Study(trials=10)
    run_study(study, out=out)
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["trial_dtype"] = manifest["trial_dtype"].replace("('max_conductance', '<f8'), ", "")
    (out / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StoreError, match="written by an older crossbar, whose per-trial table has no max_conductance"):
        run_study(study, out=out, resume=True)


def test_the_rate_widget_explains_a_range_starting_at_0_s():
    """Chapter 5's offset slider reaches 0 nS: the widget says why it does not run, it does not raise."""
    from crossbar.views import widgets

    v = widgets.rate_view(lo=0.0, hi=1e-7, trials=10, draw=False)
    assert v.summary.startswith("not run: Study.offsets: RescaledLognormal.lo = 0 S") and v.setting is None


def test_replaying_a_trial_that_left_the_range_reports_it_as_its_result(tmp_path, capsys):
    """The study drew those offsets: replaying the trial is refused as not physical (or reported with
    --allow-nonphysical), as training it was, and not taken for bad input."""
    out = tmp_path / "tail"
    argv = ["--gain", "1e6", "--window-spread", "3", "--seed", "1"]  # trial 99 reaches 1.291 S
    assert run_cli(capsys, "montecarlo", *argv, "--trials", 100, "--out", out, "--quiet")[0] == 0
    code, _, err = run_cli(capsys, "train", "--from", out, "--trial", 99)
    assert code == 2 and "outside the physical range 1e-15 ... 1 S: not a physical crossbar; use --allow" in err
    code, text, _ = run_cli(capsys, "train", "--from", out, "--trial", 99, "--allow-nonphysical")
    assert code == 0 and "physical   NO: a pulsed device could reach G = 1.291 S" in text


# ------------------------------------------------------------------ a setting too small for the device (probe 3, point 5)

def test_a_beta_too_small_is_named_as_a_too_large_one_is():
    why = crossbar.studies.diagnose(run_study(Study(setting=crossbar.DEFAULT.replace(beta=1e-300), trials=10)))
    assert why["faint"] == why["examined"] == why["failed"] == 10 and why["stalled"] == why["saturated"] == 0
    assert why["hint"].startswith("10 of the 10 failed trials examined end with every missed answer below 0.1 of "
                                  "its target (tanh barely leaves 0): beta looks too small")
    assert why["hint"].endswith("raise --beta")


def test_absolute_units_on_a_picosiemens_device_get_a_hint_in_a_sweep_and_a_study(tmp_path, capsys):
    device = tmp_path / "pico.csv"
    device.write_text("pulse,G (S)\n" + "".join(f"{m},{1e-12 * (1 + 0.2 * m):.6e}\n" for m in range(20)))
    common = ["--device", device, "--units", "absolute", "--trials", "10", "--max-epochs", "30"]
    code, out, _ = run_cli(capsys, "sweep", *common, "--beta", "1e7", "1e17")
    assert code == 0 and "hint       no point converged more than 5 % of its trials: the setting looks mis-scaled for this device, " \
           "whose window (3.8e-12 S)" in out and "--units relative" in out
    code, out, _ = run_cli(capsys, "montecarlo", *common, "--beta", "1e7")
    assert code == 0 and "hint       10 of the 10 trials failed: the setting looks mis-scaled" in out
    code, out, _ = run_cli(capsys, "sweep", *common[:2], *common[4:], "--beta", "1e7", "1e17")  # relative units
    assert code == 0 and "hint" not in out


# ------------------------------------------------------------------ input voltages (probe 4, C2 and C6)

@pytest.mark.parametrize("changes, message", [
    (dict(v_one=1e300), "TrainingSetting.v_one = 1e+300: expected a voltage within +-10 V"),
    (dict(v_one=1e6, v_zero=-1e6), "TrainingSetting.v_one = 1000000.0: expected a voltage within +-10 V"),
    (dict(v_zero=-10.000001), "TrainingSetting.v_zero = -10.000001: expected a voltage within +-10 V"),
    (dict(v_one=np.float64(11)), "TrainingSetting.v_one = 11.0: expected a voltage within +-10 V"),
])
def test_a_row_voltage_outside_the_bias_rows_range_is_refused_by_every_entry_point(changes, message):
    """The bits' voltages get the bias row's range, +-10 V, in one place: a setting that would train
    (and report physical) at 1e300 V cannot be made, so train_batch, a study, train_networks and
    network_reference never see one."""
    with pytest.raises(ValueError, match=re.escape(message)):
        crossbar.DEFAULT.replace(**changes)
    with pytest.raises(ValueError, match=re.escape(message)):
        crossbar.NETWORK.replace(**changes)


def test_the_row_voltages_and_the_bias_row_share_one_range():
    from crossbar.tasks import MAX_INPUT_VOLTAGE

    assert MAX_INPUT_VOLTAGE == 10.0
    edge = crossbar.DEFAULT.replace(v_one=10, v_zero=-10.0)  # both ends inclusive, as the bias row's
    assert (edge.v_one, edge.v_zero) == (10, -10.0)
    for volts in (10.0, -10):
        assert crossbar.diagonals_training().with_bias(volts).bias_voltage == volts
    for volts in (10.5, -1e300):
        with pytest.raises(ValueError, match="bias_voltage = .*: expected a nonzero voltage within \\+-10 V, or None"):
            crossbar.diagonals_training().with_bias(volts)
    with pytest.raises(TypeError, match="^TrainingSetting.v_zero = 'x': expected a voltage within \\+-10 V, got str$"):
        crossbar.DEFAULT.replace(v_zero="x")


@pytest.mark.parametrize("bits, error, message", [
    ("0101", TypeError, "bits must be an array of 0s and 1s, got str"),
    ([0, 1, 2], ValueError, "bits must be 0 or 1, got 2"),
    ([0.0, np.nan], ValueError, "bits must be 0 or 1, got nan"),
    ([[0, 1], [1 + 1j, 0]], TypeError, "bits must be an array of 0s and 1s, got complex128 values"),
])
def test_input_voltages_refuses_what_is_not_a_bit(bits, error, message):
    """A string, 2 or NaN became the voltage of a 0 bit (-0.1 V), a wrong answer with no error."""
    with pytest.raises(error, match=re.escape(message)):
        crossbar.input_voltages(bits)


def test_input_voltages_checks_its_voltages_and_keeps_valid_answers():
    with pytest.raises(ValueError, match=re.escape("v_one = 1e+308: expected a voltage within +-10 V")):
        crossbar.input_voltages([0, 1], v_one=1e308)
    with pytest.raises(TypeError, match=re.escape("v_zero = 'x': expected a voltage within +-10 V, got str")):
        crossbar.input_voltages([0, 1], v_zero="x")
    V = crossbar.input_voltages(np.array([[1, 0], [0, 1]], np.int8), np.float32(0.5), -1)
    assert V.dtype == np.float64 and V.tolist() == [[0.5, -1.0], [-1.0, 0.5]]
    assert crossbar.input_voltages([True, False]).tolist() == [0.1, -0.1]


@pytest.mark.parametrize("bits, message", [
    ([[0, np.nan]], "bits must be 0 or 1, got nan"),
    ([[0, 257]], "bits must be 0 or 1, got 257"),  # int8 would wrap it to 1
])
def test_a_pattern_set_refuses_bits_a_cast_would_change(bits, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        crossbar.PatternSet(bits, [[1]])


# ------------------------------------------------------------------ the per-trial reference (probe 4, C17)

OFFSETS = crossbar.sample_offsets(seed=1, trials=1)[0]


@pytest.mark.parametrize("offsets, changes, kw, error, message", [
    (-OFFSETS, {}, {}, ValueError, "a device starts at G = -"),
    (OFFSETS * 0, {}, {}, ValueError, "a device starts at G = 0 S, outside the physical range"),
    (OFFSETS * 1e10, {}, {}, ValueError, "outside the physical range 1e-15 ... 1 S"),
    (OFFSETS, dict(gain=1e308), {}, ValueError, "at K = 1e+308 a device starts at G = "),
    (OFFSETS * np.nan, {}, {}, ValueError, "offsets must be finite (siemens)"),
    (OFFSETS.astype(complex), {}, {}, TypeError, "offsets must be an array of offsets in siemens, got complex values"),
    ("x", {}, {}, TypeError, "offsets must be an array of offsets in siemens, got str"),
    (OFFSETS, {}, dict(trial=-1), ValueError, "trial = -1: expected an integer from 0 to 2**63 - 1"),
    (OFFSETS, {}, dict(seed=-1), ValueError, "seed = -1: expected an integer from 0 to 2**63 - 1"),
])
def test_the_per_trial_reference_refuses_what_train_batch_refuses(offsets, changes, kw, error, message):
    """It trained devices starting at -7e-7 S, at 0 S and at 1e4 S to "converged", and took NaN,
    complex offsets and trial -1: it now makes train_batch's checks, so both refuse alike."""
    from crossbar.training import train_reference

    setting = crossbar.DEFAULT.replace(**changes)
    trials = {"trials": [kw["trial"]]} if "trial" in kw else {}
    with pytest.raises(error):
        crossbar.train_batch(DEVICE, offsets, setting, seed=kw.get("seed", 0), **trials)
    with pytest.raises(error, match=re.escape(message)):
        train_reference(DEVICE, offsets, setting, **kw)


def test_the_per_trial_reference_reports_unphysical_offsets_only_when_asked_as_train_batch_does():
    from crossbar.training import train_reference

    with pytest.raises(ValueError, match="^unphysical = 'yes': expected 'refuse' or 'report'$"):
        train_reference(DEVICE, OFFSETS, unphysical="yes")
    ref = train_reference(DEVICE, OFFSETS * 0, unphysical="report")  # every device at 0 S: trained, not refused
    batch = crossbar.train_batch(DEVICE, OFFSETS * 0, unphysical="report")
    assert ref.epochs == batch.epochs[0] and (ref.pulse_count == batch.pulse_count[0]).all()
    # and it says so, as the batch row does: "converged" with devices at -1e-6 S had no flag (probe 4 re-check)
    for offsets in (OFFSETS * 0, -OFFSETS, OFFSETS):
        ref = train_reference(DEVICE, offsets, unphysical="report")
        batch = crossbar.train_batch(DEVICE, offsets, unphysical="report")
        assert ref.physical == batch.physical[0] == (offsets is OFFSETS)
        assert (ref.min_conductance, ref.max_conductance) == (batch.min_conductance[0], batch.max_conductance[0])


def test_a_beta_that_overflows_is_refused_by_the_api_as_by_the_command_line():
    """run_study at beta = 1e308 trained 2 of 50 crossbars through inf, 'physical' true, and diagnose
    returned an infinite pulse drive; only the command line bounded beta (probe 4 re-check)."""
    from crossbar.training import train_reference

    setting = crossbar.DEFAULT.replace(beta=1e308)
    message = "setting.beta = 1e+308: expected at most 8.99e+301 (1/A)"
    for call in (lambda: Study(trials=2, setting=setting), lambda: crossbar.train_batch(DEVICE, OFFSETS, setting),
                 lambda: train_reference(DEVICE, OFFSETS, setting)):
        with pytest.raises(ValueError, match=re.escape(message)):
            call()
    network = crossbar.training.setting.NETWORK.replace(hidden_beta=1e308)
    with pytest.raises(ValueError, match=re.escape(message.replace("beta", "hidden_beta"))):
        crossbar.train_networks(DEVICE, network, *crossbar.tasks.task("diagonals"), trials=[0])
    assert crossbar.train_batch(DEVICE, OFFSETS, crossbar.DEFAULT.replace(beta=1e300)).epochs.size == 1


# ------------------------------------------------------------------ analyses of conductances (probe 4, C3)

CURVE = 1e-6 + 9e-6 * (1 - np.exp(-np.arange(50) / 15))  # the probe's reference curve, S


@pytest.mark.parametrize("fit", ["fit_saturating", "fit_logarithmic", "fit_power_law", "fit_neurosim",
                                 "fit_soft_bounds"])
@pytest.mark.parametrize("factor", [1e300, 1e-12, 1e-20])
def test_law_fits_refuse_a_curve_outside_the_physical_range(fit, factor):
    """A fit of a 1e294 S (or 1e-26 S) curve was returned as if it described a device; a
    DeviceCurve refuses such conductances, and so does every law fit now."""
    from crossbar.devices import laws

    with pytest.raises(ValueError, match=re.escape(f"conductance[0] = {float(CURVE[0] * factor)!r}: expected finite "
                                                   "conductances > 0, S, within the physical range 1e-15 ... 1 S")):
        getattr(laws, fit)(CURVE * factor)


def test_a_law_fit_at_the_top_of_the_range_reports_a_finite_noise():
    """Probe 3's case (a fit of a curve near 1e300 S overflowed its noise), at the largest curve there is."""
    import warnings

    from crossbar.devices import laws

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", laws.LawFitWarning)
        fit = laws.fit_soft_bounds(CURVE / CURVE.max())  # up to 1 S
    assert np.isfinite(fit.noise) and fit.noise > 0


# ------------------------------------------------------------------ what a device and its offsets hold (probe 4, C4, C5, C7)

def test_measured_cycles_must_go_their_branchs_way():
    """Falling potentiation cycles and rising depression cycles were accepted (the branches were
    checked, their cycles not) and measured_noise reported on them; a device file's cycles are
    checked one by one, and now a DeviceCurve's too."""
    rising = np.vstack([CURVE, CURVE * 1.01])
    with pytest.raises(ValueError, match=re.escape("cycles[0]: the cycle falls in time order")):
        crossbar.DeviceCurve(CURVE, cycles=rising[:, ::-1])
    with pytest.raises(ValueError, match=re.escape("depression_cycles[1]: the cycle rises in time order")):
        crossbar.DeviceCurve(CURVE, depression=CURVE[::-1], depression_cycles=np.vstack([CURVE[::-1], CURVE]))
    device = crossbar.DeviceCurve(CURVE, depression=CURVE[::-1], cycles=rising, depression_cycles=rising[:, ::-1])
    assert device.cycles.shape == device.depression_cycles.shape == (2, 50)


@pytest.mark.parametrize("matrix, error, message", [
    (np.full((4, 4), 3e-8 + 1e-9j), TypeError, "FixedOffsets.matrix must be an (N, C) matrix of offsets in siemens, "
                                               "got complex values"),
    (np.ones((4, 4), bool), TypeError, "got bool values"),
    ([["1e-8"] * 4] * 4, TypeError, "got <U4 values"),
])
def test_a_fixed_offset_matrix_of_no_real_numbers_is_refused_not_cast(matrix, error, message):
    """numpy dropped the imaginary part with a mere ComplexWarning, and a study ran on the rest."""
    with pytest.raises(error, match=re.escape(message)):
        crossbar.FixedOffsets(matrix)
    assert crossbar.FixedOffsets(np.full((4, 4), 3e-8, np.float32)).matrix.dtype == np.float64


@pytest.mark.parametrize("c2c, error, message", [
    (-1, ValueError, "metadata['c2c'] = -1: expected a finite number >= 0"),
    (float("nan"), ValueError, "metadata['c2c'] = nan: expected a finite number >= 0"),
    (11.0, ValueError, "metadata['c2c'] = 11.0: expected at most 10"),
    ("abc", TypeError, "metadata['c2c'] = 'abc': expected a finite number >= 0, got str"),
    (None, TypeError, "metadata['c2c'] = None: expected a finite number >= 0, got NoneType"),
])
def test_a_c2c_recorded_with_a_device_is_held_to_what_nonidealities_take(c2c, error, message):
    """calibrated_c2c returned -1.0 and nan as the device's noise."""
    with pytest.raises(error, match=re.escape(f"device 'device': {message}")):
        crossbar.calibrated_c2c(crossbar.DeviceCurve(CURVE, metadata={"c2c": c2c}))
    assert crossbar.calibrated_c2c(crossbar.DeviceCurve(CURVE, metadata={"c2c": np.float64(0.05)})) == 0.05
    assert crossbar.calibrated_c2c(crossbar.preset("ag-si")) == crossbar.preset("ag-si").metadata["c2c"]


@pytest.mark.parametrize("conductance, message", [
    (np.full((4, 4), -1e-6), "conductance[0, 0] = -1e-06 S: outside the physical range 1e-15 ... 1 S"),
    (np.r_[[[1e-6] * 4] * 3, [[1e-6, 1e-6, 0.0, 1e-6]]], "conductance[3, 2] = 0 S: outside the physical range"),
    (np.full((2, 4, 4), 2.0), "conductance[0, 0, 0] = 2 S: outside the physical range"),
])
def test_evaluate_refuses_conductances_no_crossbar_has(conductance, message):
    """evaluate(-1e-6 S everywhere) returned activations of 0 with no error (NaN was refused)."""
    with pytest.raises(ValueError, match=re.escape(message)):
        crossbar.evaluate(conductance, crossbar.diagonals_training(), crossbar.DEFAULT)


def test_evaluate_reports_on_a_flagged_run_and_keeps_its_answers():
    run = crossbar.train(DEVICE, crossbar.DEFAULT, seed=3, trial=5)
    f = crossbar.evaluate(run.conductance, run.patterns, run.setting)
    assert np.array_equal(f, run.evaluate())
    with pytest.raises(ValueError, match="^unphysical = 'no': expected 'refuse' or 'report'$"):
        crossbar.evaluate(run.conductance, run.patterns, run.setting, unphysical="no")
    f = crossbar.evaluate(np.full((4, 4), -1e-6), run.patterns, run.setting, unphysical="report")
    assert np.array_equal(f, np.zeros((6, 2)))  # what a study computes for a trial it flags


@pytest.mark.parametrize("window, error, message", [
    (-1.0, ValueError, "window = -1.0: expected a window > 0 S, at most 1 S"),
    (0, ValueError, "window = 0: expected a window > 0 S, at most 1 S"),
    (float("nan"), ValueError, "window = nan: expected a window > 0 S, at most 1 S"),
    (2.0, ValueError, "window = 2.0: expected a window > 0 S, at most 1 S"),
    ("1e-6", TypeError, "window = '1e-6': expected a window > 0 S, at most 1 S, got str"),
])
def test_locked_pairs_takes_a_physical_window(window, error, message):
    """locked_pairs(offsets, window=-1) answered: every pair 'locked'."""
    from crossbar.studies import locked_pairs

    offsets = crossbar.sample_offsets(seed=1, trials=3)
    with pytest.raises(error, match=re.escape(message)):
        locked_pairs(offsets, window)
    assert locked_pairs(offsets, DEVICE.window).shape == (3,)
    with pytest.raises(TypeError, match="offsets must be an array of offsets in siemens, got str"):
        locked_pairs("abc", DEVICE.window)
