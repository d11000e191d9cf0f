"""Probe 9c through the Python API (causes C1-C3, C6-C9): what the entry points now refuse, naming the
argument, where they returned unphysical results, raised a raw OSError or an error from inside, or accepted
values their neighbours refuse."""

import dataclasses
import re

import numpy as np
import pytest

import crossbar as cb
from crossbar import networks, tasks
from crossbar.devices.checks import outside_range
from crossbar.studies.integrity import StoreError


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


SHORT = dataclasses.replace(cb.DEFAULT, max_epochs=60)


# C1: window factors are part of the physical pre-check; a network batch says which networks stayed physical

def test_window_spread_draws_are_refused_before_work_under_refuse():
    setting = dataclasses.replace(cb.DEFAULT, max_epochs=100, gain=1e6)
    offsets = cb.sample_offsets(seed=1, trials=200)
    spread = cb.Nonidealities(window_spread=3.0)
    with raises(ValueError, "nonideal.window_spread = 3: trial 0 draws device"):
        cb.train_batch(cb.default_device(), offsets, setting, nonideal=spread, seed=1)
    reported = cb.train_batch(cb.default_device(), offsets, setting, nonideal=spread, seed=1, unphysical="report")
    visited = outside_range(reported.min_conductance) | outside_range(reported.max_conductance)
    assert np.flatnonzero(visited).tolist() == [99, 188]  # what training took past 1 S
    # and, as train refuses them and a study flags them, every trial whose drawn factor can (issue 20)
    assert (reported.physical == ~(visited | reported.window_outside)).all()
    assert reported.window_outside[[0, 99, 188]].all() and (~reported.physical).sum() == 195


def test_window_spread_inside_the_range_trains_as_before():
    offsets = cb.sample_offsets(seed=1, trials=20)
    spread = cb.Nonidealities(window_spread=0.3)
    refused = cb.train_batch(cb.default_device(), offsets, SHORT, nonideal=spread, seed=1)
    reported = cb.train_batch(cb.default_device(), offsets, SHORT, nonideal=spread, seed=1, unphysical="report")
    assert refused.physical.all()
    assert np.array_equal(refused.conductance, reported.conductance)
    assert np.array_equal(refused.epochs, reported.epochs)


def test_network_batch_says_which_networks_stayed_physical():
    digits = tasks.digits(classes=3, per_class=5)[0]
    grown = networks.train_networks(cb.default_device(), cb.TrainingSetting(hidden=8, max_epochs=20, gain=1e6),
                                    digits, trials=list(range(4)), nonideal=cb.Nonidealities(window_spread=3.0))
    assert grown.physical.tolist() == [False] * 4
    plain = networks.train_networks(cb.default_device(), cb.TrainingSetting(hidden=8, max_epochs=20), digits,
                                    trials=[0, 1])
    assert plain.physical.tolist() == [True, True]


# C2: an out= folder the machine will not make is a StoreError (a ValueError) naming out, not a raw OSError

@pytest.mark.parametrize("run", ["study", "sweep"])
def test_an_out_folder_that_cannot_be_made_is_named(tmp_path, run):
    study = cb.Study(setting=SHORT, trials=10)
    out = tmp_path / ("x" * 300)  # longer than a file name may be
    call = (lambda: cb.run_study(study, out=out)) if run == "study" else (
        lambda: cb.run_sweep(study, cb.Grid(gain=[5.0]), out=out))
    with pytest.raises(StoreError, match=re.escape(f"out = '{out}': the folder cannot be made or written: "
                                                      "File name too long; expected a writable folder")):
        call()
    assert list(tmp_path.iterdir()) == []


def test_an_out_folder_under_proc_is_named():
    if not __import__("os").path.isdir("/proc/self"):
        pytest.skip("no /proc on this system: nothing there refuses a folder")
    with raises(ValueError, "out = '/proc/xx': the folder cannot be made or written: No such file or directory"):
        cb.run_study(cb.Study(setting=SHORT, trials=10), out="/proc/xx")


# C3: two grid axes setting the same knob are refused, naming both (the later one silently won)

@pytest.mark.parametrize("axes, message", [
    (dict(targets=[(0.5, -0.5)], target_high=[0.6]), "grid axes targets and target_high both set t+"),
    (dict(target_high=[0.6], targets=[(0.5, -0.5)]), "grid axes targets and target_high both set t+"),
    (dict(targets=[(0.5, -0.5)], target_low=[-0.6]), "grid axes targets and target_low both set t-"),
])
def test_grid_refuses_two_axes_of_the_same_knob(axes, message):
    with raises(ValueError, message):
        cb.Grid(**axes)


def test_a_point_setting_a_target_twice_is_refused():
    from crossbar.studies.sweep import apply_point

    with raises(ValueError, "point targets and target_high both set t+"):
        apply_point(cb.Study(setting=SHORT, trials=10), {"targets": (0.5, -0.5), "target_high": 0.6})
    assert apply_point(cb.Study(setting=SHORT, trials=10), {"targets": (0.5, -0.5)}).setting.target_high == 0.5


# C6: weights_feasible refuses offsets no device can have (it answered "feasible" for NaN, 5 S and -1 S)

@pytest.mark.parametrize("value, message", [
    (np.nan, "offsets[0, 0, 0] = nan: expected finite offsets in siemens"),
    (5.0, "offsets[0, 0, 0] = 5 S: at K = 10 a device starts at G = 50 S, outside the physical range"),
    (-1.0, "offsets[0, 0, 0] = -1 S: at K = 10 a device starts at G = -10 S, outside the physical range"),
])
def test_weights_feasible_refuses_offsets_outside_the_range(value, message):
    from crossbar.studies import analysis

    study = cb.Study(setting=SHORT, trials=50, seed=1)
    with raises(ValueError, message):
        analysis.weights_feasible(study, np.full((2, 4, 4), value))
    assert analysis.weights_feasible(study, cb.sample_offsets(seed=1, trials=3)).all()


# C7: lattice_check's budget and search_inputs are counts >= 1; NaN offsets and curves are refused by name

@pytest.mark.parametrize("options, error, message", [
    (dict(budget=0), ValueError, "budget = 0: expected an integer >= 1"),
    (dict(budget=-5), ValueError, "budget = -5: expected an integer >= 1"),
    (dict(budget=float("nan")), ValueError, "budget = nan: expected an integer >= 1"),
    (dict(budget="x"), TypeError, "budget = 'x': expected an integer >= 1"),
    (dict(search_inputs=-1), ValueError, "search_inputs = -1: expected an integer >= 1"),
])
def test_lattice_check_counts_are_checked(options, error, message):
    from crossbar.studies import lattice

    with raises(error, message):
        lattice.lattice_check(cb.Study(setting=SHORT, trials=50, seed=1), cb.sample_offsets(seed=1, trials=2),
                              **options)


def test_lattice_refuses_nan_offsets_and_curves_naming_them():
    from crossbar.studies import lattice

    study = cb.Study(setting=SHORT, trials=50, seed=1)
    with raises(ValueError, "offsets[0, 0, 0] = nan: expected finite offsets in siemens"):
        lattice.lattice_check(study, np.full((2, 4, 4), np.nan), budget=1000)
    with raises(ValueError, "curve: expected a 1-D array of finite conductances in siemens"):
        lattice.reachable_differences(np.array([1e-7, np.nan, 2e-7]))
    assert lattice.lattice_check(study, cb.sample_offsets(seed=1, trials=2))["crossbar"].tolist() == ["witness"] * 2


# C8: the analyses name what they were handed (a KeyError, an AttributeError and an unnamed TypeError)

def test_analysis_entry_points_name_their_argument():
    from crossbar.studies import diagnosis, rules, summary

    with raises(ValueError, "curve: expected a table with the columns value, rate; 'value' is missing"):
        rules.crossing({}, level=0.95)
    with raises(ValueError, "level = nan: expected a finite rate"):
        rules.crossing({"value": [1.0, 2.0], "rate": [1.0, 0.5]}, level=float("nan"))
    assert rules.crossing({"value": [1.0, 2.0], "rate": [1.0, 0.5]}, level=0.95) == pytest.approx(1.1)
    with raises(TypeError, "table: expected a per-trial table"):
        summary.nonphysical_trials(None)
    result = cb.run_study(cb.Study(setting=SHORT, trials=50, seed=1))
    with raises(TypeError, "result: expected a SweepResult (run_sweep's), got StudyResult"):
        diagnosis.sweep_note(result, most=0.05)
    assert not summary.nonphysical_trials(result.table).any()


# C9: values a neighbouring check refuses are refused here too

def test_values_refused_elsewhere_are_refused_here():
    tolerance = __import__("importlib").import_module("crossbar.studies.tolerance")  # the package's name is a function

    run = cb.train(cb.default_device(), SHORT, seed=1)
    with raises(ValueError, "setting.hidden = 4: the setting describes a network with a hidden layer"):
        cb.evaluate(run.conductance_history[-1], cb.diagonals_training(), cb.TrainingSetting(hidden=4))
    assert np.array_equal(cb.evaluate(run.conductance, cb.diagonals_training(), run.setting), run.activation)
    with raises(ValueError, "v_zero = 0.1: expected different from v_one = 0.1"):
        cb.input_voltages(np.array([[1, 0]]), v_one=0.1, v_zero=0.1)
    with raises(ValueError, "values of 'c2c': 0.05 appears more than once; give each value once"):
        tolerance.knob_sweep(cb.default_device(), SHORT, cb.REFERENCE_OFFSETS, "c2c", [0.0, 0.05, 0.05], trials=50,
                             seed=1)
