"""Probe 6 (API): a study's identity and equal numbers of other types (M1), the energy model's physical
range, non-finite pulses and memory (M3, M8), the rule and letters widgets' arguments (M5) and a Fraction
in device_rate_view (M6). Each test failed on the code before its fix."""

import json
import re
from fractions import Fraction

import numpy as np
import pytest

import crossbar
from crossbar.networks import EnergyModel
from crossbar.resources import ResourceError
from crossbar.studies import StoreError, Study, run_study
from crossbar.studies.store import _differences, _study_id
from crossbar.views import rule_views, widgets


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


def small():
    return Study(trials=4, chunk_size=2, setting=crossbar.DEFAULT.replace(max_epochs=5))


# ------------------------------------------------------------------ M1: equal numbers, one study

def test_float_knobs_are_floats_whatever_number_type_they_came_as():
    s = crossbar.DEFAULT.replace(beta=60000000, gain=np.int64(10), target_high=Fraction(9, 10), v_one=np.int8(1),
                                 v_zero=0)
    assert all(type(getattr(s, k)) is float for k in ("beta", "gain", "target_high", "v_one", "v_zero"))
    assert type(crossbar.NETWORK.replace(hidden_beta=10**6).hidden_beta) is float
    assert (s.beta, s.gain, s.v_one) == (6e7, 10.0, 1.0)
    # the identity of a study given beta = 60000000 is that of beta = 6e7 (the reference's floats hash as before)
    study = small()
    assert _study_id(study.replace(setting=study.setting.replace(beta=60000000, gain=10)).describe()) \
        == _study_id(study.describe())


def test_a_study_resumes_with_equal_numbers_of_another_type(tmp_path):
    study = small()
    first = run_study(study, out=tmp_path / "s", progress=False)
    again = run_study(study.replace(setting=study.setting.replace(beta=60000000, gain=10)), out=tmp_path / "s",
                      resume=True, progress=False)
    np.testing.assert_array_equal(first.epochs, again.epochs)


def test_a_folder_written_with_an_int_knob_still_resumes_and_loads(tmp_path, monkeypatch):
    # before the fix a setting kept beta = 60000000 as an int: its folder's manifest and id hold the int
    describe = Study.describe

    def as_before(self):
        d = describe(self)
        d["setting"]["beta"] = int(d["setting"]["beta"])
        return d

    monkeypatch.setattr(Study, "describe", as_before)
    run_study(small(), out=tmp_path / "old", progress=False)
    monkeypatch.undo()
    manifest = json.loads((tmp_path / "old" / "manifest.json").read_text())
    assert manifest["study"]["setting"]["beta"] == 60000000 and isinstance(manifest["study"]["setting"]["beta"], int)
    loaded = crossbar.load_study(tmp_path / "old")
    resumed = run_study(small(), out=tmp_path / "old", resume=True, progress=False)
    np.testing.assert_array_equal(loaded.epochs, resumed.epochs)
    assert json.loads((tmp_path / "old" / "manifest.json").read_text())["study_id"] == manifest["study_id"]


def test_a_different_study_is_refused_naming_every_difference(tmp_path):
    run_study(small(), out=tmp_path / "s", progress=False)
    with raises(StoreError, "holds a different study (setting.beta: 60000000.0 there, 70000000.0 now)"):
        run_study(small().replace(setting=small().setting.replace(beta=70000000)), out=tmp_path / "s",
                  resume=True, progress=False)
    # equal values of other kinds (a switch for a number) and keys only one side has are differences too
    assert _differences({"a": 1, "b": {"c": 2}}, {"a": True, "b": {}}) == "a: 1 there, True now; b.c: 2 there, absent now"


# ------------------------------------------------------------------ M3, M8: the energy model

E = EnergyModel()
G = np.full((1, 2, 2), 1e-7)
ONE = np.ones((1, 2, 2))
RANGE = "expected conductances in the physical range 1e-15 ... 1 S"


@pytest.mark.parametrize("call, error, message", [
    (lambda: E.write(np.full((1, 2, 2), 5.0), np.full((1, 2, 2), 5.0), ONE), ValueError,  # was 6.4e-06 J
     f"EnergyModel.write: before[0, 0, 0] = 5.0 S: {RANGE}"),
    (lambda: E.write(G, np.full((1, 2, 2), 1e308), ONE), ValueError,  # was [inf] and an overflow warning
     f"EnergyModel.write: after[0, 0, 0] = 1e+308 S: {RANGE}"),
    (lambda: E.write(0.0, G, ONE), ValueError, f"EnergyModel.write: before = 0.0 S: {RANGE}"),
    (lambda: E.write(G, G, np.full((1, 2, 2), np.nan)), ValueError,  # was counted as sent
     "EnergyModel.write: pulses[0, 0, 0] = nan: expected -1, 0 or +1 per device"),
    (lambda: E.write(G, G, np.full((1, 2, 2), -np.inf)), ValueError, "EnergyModel.write: pulses[0, 0, 0] = -inf"),
    (lambda: E.read(np.full((1, 1, 2), 1e200), np.full((1, 2, 3), 1e-7)), ValueError,  # was [[inf]]
     "EnergyModel.read: voltages[0, 0, 0] = 1e+200 V: expected finite voltages within +-10 V"),
    (lambda: E.read(np.full((1, 1, 2), np.nan), np.full((1, 2, 3), 1e-7)), ValueError,
     "EnergyModel.read: voltages[0, 0, 0] = nan V"),
    (lambda: E.read(np.ones((1, 1, 2)), np.full((1, 2, 3), 1e308)), ValueError,
     f"EnergyModel.read: conductance[0, 0, 0] = 1e+308 S: {RANGE}"),
    (lambda: E.write(1e-7, 1e-7, np.broadcast_to(np.ones(1, np.int8), (10**6, 10**5))), ResourceError,  # 93 GiB
     "EnergyModel.write: pulses of shape (1000000, 100000) needs about"),
    (lambda: E.read(np.broadcast_to(np.ones(1), (10**6, 10**4, 10)), np.broadcast_to(np.full(1, 1e-7),
                                                                                     (10**6, 10, 10**3))),
     ResourceError, "EnergyModel.read: voltages (1000000, 10000, 10) and conductance (1000000, 10, 1000) needs"),
])
def test_the_energy_model_refuses_what_is_no_physical_energy(call, error, message, monkeypatch):
    monkeypatch.setattr(crossbar.resources, "available_memory", lambda: 2**30)  # 1 GiB: the same on any machine
    with raises(error, message):
        call()


def test_the_energy_of_valid_pulses_and_reads_is_unchanged():
    before, after = np.full((2, 2, 2), 1e-7), np.full((2, 2, 2), 3e-7)
    pulses = np.array([[[1, -1], [0, 0]], [[0, 0], [0, 0]]])  # -1: a depressing pulse, sent
    np.testing.assert_array_equal(E.write(before, after, pulses), [2 * 4.0 * 0.5 * 4e-7 * 80e-9, 0.0])
    v, g = np.array([[[0.1, -0.1, 0.1]]]), np.full((1, 3, 2), 1e-7)
    square = [x * x for x in (0.1, -0.1, 0.1)]
    assert E.read(v, g)[0, 0] == ((square[0] * 2e-7 + square[1] * 2e-7) + square[2] * 2e-7) * 5e-9


# ------------------------------------------------------------------ M5, M6: the widgets

RV = rule_views


@pytest.mark.parametrize("call, error, message", [
    (lambda: RV.rule_view("gated", "0.3"), TypeError, "rule_view: theta = '0.3': expected a focus threshold"),
    (lambda: RV.rule_view("gated", 10**400), ValueError, "rule_view: theta = an integer of 401 digits"),
    (lambda: RV.rule_view("gated", -0.5), ValueError, "rule_view: theta = -0.5: expected a focus threshold 0 <= "
                                                      "THETA < 1 (0: no focus)"),  # ran without focus
    (lambda: RV.rule_view("gated", 0.0, max_epochs=5.9), ValueError, "rule_view: max_epochs = 5.9"),  # ran E = 5
    (lambda: RV.rule_view("gated", 0.0, max_epochs="5"), TypeError, "rule_view: max_epochs = '5'"),
    (lambda: RV.rule_view("gated", 0.0, setting=None), TypeError, "rule_view: setting: expected a TrainingSetting"),
    (lambda: RV.rule_view("gated", 0.0, draw="no"), TypeError, "rule_view: draw must be True or False"),
    (lambda: RV.rule_view("gated", 0.0, device="ag-si"), TypeError, "rule_view: device: expected a DeviceCurve"),
    (lambda: RV.letters_view("gated", "1.0"), TypeError, "letters_view: span = '1.0': expected an offset range"),
    (lambda: RV.letters_view("gated", True), TypeError, "letters_view: span = True"),
    (lambda: RV.letters_view("gated", 10**400), ValueError, "letters_view: span = an integer of 401 digits"),
    (lambda: RV.letters_view("gated", 0.0), ValueError, "letters_view: span = 0.0: expected an offset range in "
                                                        "windows of the curve > 0"),
    (lambda: RV.letters_view("gated", 1.0, target="0.3"), TypeError, "letters_view: target = '0.3'"),
    (lambda: RV.letters_view("gated", 1.0, target=1.0), ValueError, "letters_view: target = 1.0: expected a target "
                                                                    "0 < target < 1"),
    (lambda: RV.letters_view("gated", 1.0, beta=-1.0), ValueError, "letters_view: beta = -1.0"),
    (lambda: RV.letters_view("gated", 1.0, max_epochs=None), TypeError, "letters_view: max_epochs = None"),
    (lambda: RV.letters_view("gated", 1.0, device="ag-si"), TypeError, "letters_view: device: expected a DeviceCurve"),
    (lambda: widgets.device_rate_view("ag-si", "batch", "0.01"), TypeError, "device_rate_view: c2c = '0.01'"),
])
def test_the_rule_and_letters_widgets_refuse_bad_arguments_by_name(call, error, message):
    with raises(error, message):
        call()


def test_the_widgets_take_numbers_of_any_kind_and_name_span_in_their_summary():
    view = RV.rule_view("gated", np.float32(0.5), max_epochs=np.int64(3), trials=3, draw=False)
    assert view.rule == "batch+gated+focus=0.5" and view.row["max_epochs"] == 3
    # a span whose offsets pass 1 S at K = 10 is not run, and the summary says span did it
    far = RV.letters_view("gated", 2e6, max_epochs=2, trials=2, draw=False)
    assert far.rule is None and far.summary.startswith("not run: span = 2000000.0 windows: ")
    drv = widgets.device_rate_view("ag-si", "batch", Fraction(1, 100), trials=3, draw=False)
    assert drv.nonideal.c2c == 0.01 and ", c2c 1%: " in drv.summary


def test_the_api_refuses_a_study_inside_a_saved_study_or_sweep_as_the_command_line_does(tmp_path):
    """run_study(out=) inside a saved study was accepted through the API (the command line refused it), and the
    outer study's resume then refused the folder it did not know."""
    from crossbar.studies import Grid, run_sweep

    study = small()
    run_study(study, out=tmp_path / "a", progress=False)
    run_sweep(study, Grid(beta=[1e6, 6e7]), out=tmp_path / "s", progress=False)
    for outer, kind in (("a", "study"), ("s", "sweep"), ("s/points/point_0000", "study")):
        with pytest.raises(StoreError, match=rf"inside the saved {kind} in .*{re.escape(outer)}"):
            run_study(study, out=tmp_path / outer / "inner" / "deeper", progress=False)
        assert not (tmp_path / outer / "inner").exists()
    # the outer ones resume untouched, and a folder beside them is fine
    assert run_study(study, out=tmp_path / "a", resume=True, progress=False).converged.sum() >= 0
    assert run_sweep(study, Grid(beta=[1e6, 6e7]), out=tmp_path / "s", resume=True, progress=False) is not None
    assert run_study(study, out=tmp_path / "beside", progress=False).path.endswith("beside")
