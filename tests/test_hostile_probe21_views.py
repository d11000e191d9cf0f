"""Probe 20c's V4-V8 (issue 20) and every other argument of every public figure: checked at the entry.

V4: ``plot_fit``'s ``fit`` and ``log_fit`` were not checked ("'NoneType' object is not callable" from inside).
V5: a ``title`` or ``label`` given an array was numpy's "truth value of an array ... is ambiguous".
V6: ``plot_activation(current_limit=1e300)`` drew a band to 1e300 A; ``plot_branch_fits`` drew a negative conductance.
V7: the values of the mappings of ``plot_law_fits``, ``plot_branch_fits``, ``plot_knob_sweep(s)`` were not checked
(two AttributeErrors, a float's "not callable", a NaN mark ignored).
V8: ``plot_requirement_lines(reference=)`` was drawn as given ('x', NaN, -1, True, 1e300) or failed in matplotlib.
Going through every argument of the 48 figures found more of the kind: a Manhattan step's values, an Outcome's
medians, a knob sweep's colour, the gains of a gain grid and the number of Axes given (IndexError from inside, or one
pattern of six drawn). Each case here failed before (an error from inside, a message naming neither the figure nor
the argument, or a figure drawn), except the guards, labelled, that valid calls draw what they drew.
"""

import dataclasses
import importlib
import inspect
import re

import matplotlib
import numpy as np
import pytest

from pathlib import Path

import crossbar
from crossbar.devices import laws
from crossbar.studies.outcomes import Outcome
from crossbar.training import physics
from crossbar.views import network_views, plotting as P, rule_views
from crossbar.views._figure import subplots

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parents[1]
TOL = importlib.import_module("crossbar.studies.tolerance")
NAN = float("nan")
DEVICE = crossbar.default_device()
LAW = laws.fit_saturating(DEVICE.conductance)
LOG_LAW = laws.fit_logarithmic(DEVICE.conductance)
PATTERNS = crossbar.diagonals_training()


def outcome(x, **changes):
    made = Outcome("o", 10, (x, x - 0.1, x + 0.1), (x, x - 0.05, x + 0.05), (NAN,) * 3, (1e-9, 8e-10, 1.2e-9), 5.0, 0.95)
    return dataclasses.replace(made, **changes)


class Made:
    """The results the figures draw, made once (a run, a knob sweep, a requirement table)."""

    def __getattr__(self, name):
        value = getattr(self, "_" + name)()
        setattr(self, name, value)
        return value

    def _run(self):
        return crossbar.train(DEVICE, crossbar.REFERENCE.replace(max_epochs=20), seed=1)

    def _sweep(self):
        return TOL.knob_sweep(DEVICE, crossbar.REFERENCE.replace(max_epochs=5), crossbar.RescaledLognormal(), "c2c",
                              [0.0, 0.01], trials=2)

    def _tolerance(self):
        return TOL.Tolerance("c2c", 0.005, 0.5, 0.9, 0.6, 0.55, 0.01, 0.4, 0.0, 0.01)

    def _table(self):
        ratio, spread = np.array([0.5, 1.0, 0.5, 1.0]), np.array([3.0, 3.0, 5.0, 5.0])
        rate = np.array([0.9, 0.6, 0.8, 0.4])
        return {"range_ratio": ratio, "offset_spread": spread, "rate": rate, "ci_low": rate - 0.1, "ci_high": rate + 0.05}

    def _step(self):
        run = self.run
        s = run.setting
        return physics.manhattan_step(run.device.conductance, run.pulse_count_history[0], run.offsets,
                                      run.patterns.voltages(s.v_one, s.v_zero), run.patterns.labels, s)

    def _study(self):
        return crossbar.run_study(crossbar.Study(trials=6, setting=crossbar.DEFAULT.replace(max_epochs=10)),
                                  progress=False)

    def _comparison(self):
        from crossbar.studies import compare_rules
        return compare_rules(crossbar.Study(trials=3, setting=crossbar.DEFAULT.replace(max_epochs=5)), {"a": {}})

    def _convergence(self):
        return self.sweep.points[0]

    def _noise(self):
        example = crossbar.load_device(str(ROOT / "data" / "example_reram_cycles.csv"), read_voltage=0.1)
        return example, crossbar.measured_noise(example)

    def _grid(self):
        return crossbar.run_sweep(crossbar.Study(trials=2, setting=crossbar.DEFAULT.replace(max_epochs=5)),
                                  crossbar.Grid(gain=[5.0, 10.0], beta=[3e7, 6e7]), progress=False)


M = Made()


def with_step(**changes):
    return {**M.step, **changes}


# (figure, its valid arguments (a function of M, so that nothing is made at collection), the argument made hostile,
#  the hostile value, the error): one argument at a time, every other one valid
BASES = {
    "plot_fit": lambda: dict(device=DEVICE, fit=LAW, log_fit=LOG_LAW),
    "plot_requirement_lines": lambda: dict(table=M.table),
    "plot_patterns": lambda: dict(patterns=PATTERNS),
    "plot_predictions": lambda: dict(run=M.run, patterns=PATTERNS),
    "plot_total_error": lambda: dict(run=M.run),
    "plot_knob_sweep": lambda: dict(sweep=M.sweep),
    "plot_knob_sweeps": lambda: dict(series={"a": [M.sweep]}),
    "plot_law_fits": lambda: dict(device=DEVICE, fits={"s": LAW}),
    "plot_branch_fits": lambda: dict(g=DEVICE.conductance, fits={"s": LAW}),
    "plot_activation": lambda: dict(setting=crossbar.TrainingSetting()),
    "plot_gain_grid": lambda: dict(grid={(1e6, 6e7): outcome(0.5)}, hidden_betas=[1e6], betas=[6e7]),
    "plot_manhattan_step": lambda: dict(step=M.step, patterns=M.run.patterns),
    "plot_energy": lambda: dict(rows={"x": {"r": outcome(0.5)}}),
    "plot_width_sweep": lambda: dict(series={"a": [(2, outcome(0.5))]}),
    "plot_device_outcomes": lambda: dict(rows={"x": {"a": outcome(0.5)}}),
    "plot_nonlinearity": lambda: dict(series={"a": [(1.0, outcome(0.5))]}),
    "plot_activations": lambda: dict(run=M.run),
    "plot_letter_activations": lambda: dict(run=M.run),
    "plot_pair_conductances": lambda: dict(run=M.run),
    "plot_device_conductances": lambda: dict(run=M.run),
    "plot_sweep_lines": lambda: dict(sweep=M.grid, x="gain"),
    "plot_rate_curve": lambda: dict(curve={"value": np.array([0.0, 10.0]), "rate": np.array([0.5, 0.4]),
                                           "ci_low": np.array([0.4, 0.3]), "ci_high": np.array([0.6, 0.5])}),
    "plot_device_curves": lambda: dict(devices=DEVICE),
    "plot_offset_distributions": lambda: dict(samples={"a": np.array([1e-8, 2e-8, 5e-8])}),
    "plot_conductance_window": lambda: dict(device=DEVICE, gain=10.0, lo=1e-8, hi=1e-7),
    "plot_offset_view": lambda: dict(samples=np.array([1e-8, 2e-8, 5e-8]), device=DEVICE, gain=10.0, lo=1e-8, hi=1e-7),
    "plot_crossbar": lambda: dict(conductance=np.full((3, 4), 5e-8), voltages=np.array([0.1, -0.1, 0.1])),
    "plot_weights": lambda: dict(run=M.run),
    "plot_pulse_steps": lambda: dict(device=DEVICE, gain=10.0),
    "plot_weight_map": lambda: dict(run=M.run),
    "plot_run_overview": lambda: dict(run=M.run),
    "plot_epochs_histogram": lambda: dict(result=M.study),
    "plot_failure_analysis": lambda: dict(result=M.study),
    "plot_pulse_outcomes": lambda: dict(result=M.study),
    "plot_sweep_heatmap": lambda: dict(sweep=M.grid, x="gain", y="beta"),
    "plot_requirement_map": lambda: dict(table=M.table),
    "plot_pair_shares": lambda: dict(shares={"a": np.array([0.5, 0.7, 0.9])}),
    "plot_preset_branches": lambda: dict(devices=[DEVICE]),
    "plot_rule_rates": lambda: dict(results={"batch": M.convergence}),
    "plot_device_rate": lambda: dict(device=DEVICE, result=M.convergence),
    "plot_cycles": lambda: dict(device=M.noise[0]),
    "plot_cycle_spread": lambda: dict(measured=M.noise[1]),
    "plot_unit_rates": lambda: dict(rows={"g": {"a": (0.5, 0.4, 0.6)}}),
    "conductance_unit": lambda: dict(g=1e-7),
    "rule_views.plot_rule_rates": lambda: dict(comparison=M.comparison),
    "plot_rule_outcomes": lambda: dict(comparison=M.comparison),
    "plot_letters": lambda: dict(patterns=PATTERNS),
    "plot_confusion": lambda: dict(matrix=np.eye(3) * 0.5),
}
ONE = "one Axes"  # a value of the table made at the call: a single Axes where a figure draws several panels


def figure(name):
    module, _, short = name.rpartition(".")
    for place in ((rule_views,) if module else (P, rule_views, network_views)):
        if hasattr(place, short):
            return getattr(place, short)
    raise AssertionError(name)


T, V = TypeError, ValueError
CASES = [
    # V4: the fits of plot_fit
    *[("plot_fit", "fit", value, T) for value in (None, "x", NAN, 0, {}, [LAW], lambda m: m, np.zeros(3))],
    ("plot_fit", "fit", dataclasses.replace(LAW, noise=NAN), V),
    ("plot_fit", "fit", dataclasses.replace(LAW, noise=-1e-9), V),
    *[("plot_fit", "log_fit", value, T) for value in ("x", 0, NAN, True, {}, lambda m: m)],
    # V8: the reference range ratio
    *[("plot_requirement_lines", "reference", value, T) for value in ("x", True, {}, [], np.array([]), 1j, b"x", [NAN],
                                                                        np.zeros((2, 2, 2)), [-1.0, 2.0])],
    *[("plot_requirement_lines", "reference", value, V) for value in (NAN, np.float64(NAN), -1, 0, float("inf"), 1e300,
                                                                        1e-300)],
    # V5: titles and labels are text
    *[(name, arg, value, T) for name, arg in (("plot_patterns", "title"), ("plot_predictions", "title"),
                                              ("plot_total_error", "label"), ("plot_knob_sweep", "label"))
      for value in (np.array([]), np.zeros((2, 2, 2)), np.array([-1.0, 2.0]), 5, ["a", "b"])],
    *[("plot_knob_sweep", "color", value, V) for value in ("x", None, 5, NAN, [1.0, 2.0], "C0 ")],
    # V7: the values (and keys) of mappings
    *[("plot_law_fits", "fits", {"a": value}, T) for value in (NAN, None, "x", lambda m: m)],
    ("plot_law_fits", "fits", {"a": dataclasses.replace(LAW, noise=NAN)}, V),
    *[("plot_branch_fits", "fits", {"a": value}, T) for value in (NAN, None, "x", LOG_LAW.summary)],
    *[("plot_knob_sweep", "marks", {"m": value}, V) for value in (NAN, -1.0, float("inf"), 11.0)],
    *[("plot_knob_sweep", "marks", {"m": value}, T) for value in (None, "x", [0.1], True)],
    ("plot_knob_sweep", "marks", {1: 0.1}, T),
    *[("plot_knob_sweeps", "series", value, T) for value in ({"a": NAN}, {"a": "x"}, {"a": [1.0]}, {"a": {"b": 1}},
                                                              {"a": []}, {1: []})],
    ("plot_knob_sweeps", "tolerances", {"a": NAN}, T),
    ("plot_knob_sweeps", "tolerances", {"a": {"c2c": 0.5}}, T),
    ("plot_knob_sweeps", "tolerances", {"b": {}}, V),
    ("plot_knob_sweeps", "tolerances", {"a": {"read_noise": None}}, V),
    ("plot_knob_sweeps", "marks", {"c2c": NAN}, T),
    ("plot_knob_sweeps", "marks", {"c2c": {"m": NAN}}, V),
    ("plot_knob_sweeps", "marks", {"c2c": {"m": -0.1}}, V),
    ("plot_knob_sweeps", "marks", {"read_noise": {"m": 0.1}}, V),
    # V6: numbers that mean nothing
    *[("plot_activation", "current_limit", value, V) for value in (1e300, 2e6)],
    *[("plot_branch_fits", "g", value, V) for value in (np.array([-1.0, 2.0]), [1e-7, NAN], [2.0, 3.0], [0.0, 1e-7])],
    *[("plot_gain_grid", arg, value, V) for arg in ("hidden_betas", "betas") for value in ([NAN], [-1.0], [0.0])],
    # a Manhattan step's values
    *[("plot_manhattan_step", "step", with_step(**{key: value}), error) for key, value, error in (
        ("summed", None, T), ("summed", 1, V), ("update", 1.0, V), ("update", np.full((4, 2), 0.5), V),
        ("conductance", "x", T), ("conductance", np.full((4, 4), -1.0), V), ("delta", np.zeros((2, 2)), V),
        ("total_error", NAN, V), ("total_error", None, T), ("total_error", -1.0, V), ("summed", np.full((4, 2), NAN), V))],
    # an Outcome's medians
    *[(name, argument, made(outcome(0.5, recognised=value)), error)
      for name, argument, made in (("plot_energy", "rows", lambda o: {"x": {"r": o}}),
                                   ("plot_device_outcomes", "rows", lambda o: {"x": {"a": o}}),
                                   ("plot_width_sweep", "series", lambda o: {"a": [(2, o)]}),
                                   ("plot_nonlinearity", "series", lambda o: {"a": [(1.0, o)]}))
      for value, error in (("x", T), ((0.5, 0.4), V), ((1.5, 1.4, 1.6), V), ((NAN,) * 3, V), ((0.5, 0.6, 0.7), V))],
    ("plot_energy", "rows", {"x": {"r": outcome(0.5, energy=(NAN,) * 3)}}, V),
    ("plot_energy", "rows", {"x": {"r": outcome(0.5, energy=(-1e-9, -2e-9, 0.0))}}, V),
    ("plot_gain_grid", "grid", {(1e6, 6e7): outcome(0.5, answers=(0.5, 0.4))}, V),
    # the Axes: one per panel
    *[(name, "axes", ONE, V) for name in ("plot_patterns", "plot_predictions", "plot_activations",
                                          "plot_letter_activations", "plot_pair_conductances", "plot_device_conductances")],
    # an axis neither drawn nor fixed: the message names the figure and `where`
    ("plot_sweep_lines", "where", None, V),
    # a scale that takes the values out of the floats
    ("plot_rate_curve", "scale", 1e308, V),
]


@pytest.mark.parametrize("name, argument, value, error", CASES, ids=[f"{c[0]}.{c[1]}-{k}" for k, c in enumerate(CASES)])
def test_a_hostile_argument_is_refused_naming_the_figure_and_the_argument(name, argument, value, error):
    arguments = BASES[name]()
    arguments[argument] = subplots()[1] if isinstance(value, str) and value == ONE else value
    with pytest.raises(error) as info:
        figure(name)(**arguments)
    assert re.match(rf"{name}: {argument}\b", str(info.value)), str(info.value)


def _drawn(fig):
    return [[tuple(map(np.ndarray.tolist, map(np.asarray, line.get_data()))) for line in ax.lines] for ax in fig.axes]


def test_guard_valid_fits_marks_and_tolerances_draw_as_before():
    """Guard: what valid calls draw (the lines' data) is unchanged by the checks."""
    fig = P.plot_fit(DEVICE, LAW, LOG_LAW)
    assert len(fig.axes[0].lines) == 3 and np.allclose(fig.axes[0].lines[1].get_ydata()[[0, -1]] / 1e6,
                                                         LAW(np.array([0.0, DEVICE.length - 1])))
    assert len(P.plot_law_fits(DEVICE, {"s": LAW, "l": LOG_LAW}).axes[1].lines) == 3
    assert len(P.plot_branch_fits(DEVICE.conductance, {"s": LAW}).axes[0].lines) == 2
    ax = P.plot_knob_sweep(M.sweep, M.tolerance, {"from a paper": 0.005, "": np.float64(0.01)}, color=(0.1, 0.2, 0.3),
                           label=np.str_("batch")).axes[0]
    assert [line.get_xdata()[0] for line in ax.lines[-2:]] == [0.5, 1.0]  # the marks, in % of the window
    fig = P.plot_knob_sweeps({"a": [M.sweep], "b": (M.sweep,)}, tolerances={"a": {"c2c": M.tolerance}, "b": {}},
                             marks={"c2c": {"m": 0.005}})
    assert len(fig.axes[0].lines) == 5  # as before: a line and the tolerance per series, one mark
    assert P.plot_requirement_lines(M.table, reference=np.float64(0.7)).axes[0].lines[-1].get_xdata()[0] == 0.7
    assert len(P.plot_activation(crossbar.TrainingSetting(), current_limit=1e6).axes) == 1  # the largest current
    assert P.plot_patterns(PATTERNS, title=np.str_("training set"))._suptitle.get_text() == "training set"
    assert _drawn(P.plot_total_error(M.run, label="a")) == _drawn(P.plot_total_error(M.run, label=None))


def test_guard_more_axes_than_panels_draw_into_the_first_and_a_grid_as_before():
    """Guard: a grid of 2 x 3 Axes for six patterns (the book's), or more Axes than neurons (an IndexError before)."""
    grid = subplots(2, 3)[1]
    assert P.plot_patterns(PATTERNS, axes=grid.ravel()).axes[5].get_title().startswith(PATTERNS.strings()[5])
    axes = list(subplots(4, 1)[1])
    P.plot_activations(M.run, axes=axes)
    assert [len(ax.lines) for ax in axes] == [8, 8, 0, 0]  # as on two Axes: the six patterns and two targets
    assert _drawn(P.plot_device_conductances(M.run, axes=subplots(4, 4)[1])) == _drawn(
        P.plot_device_conductances(M.run))


def _public_figures():
    found = {}
    for module in (P, rule_views, network_views):
        for name in getattr(module, "__all__", dir(module)):
            value = getattr(module, name)
            if (name.startswith("plot_") or name == "conductance_unit") and callable(value):
                found[f"{value.__module__}.{name}"] = value
    return found


def test_every_argument_of_every_public_figure_has_its_check():
    """Each argument of the 48 public figures is checked at the entry by a rule of ``@checked``; two are checked
    against another argument first thing in the figure: `where` (a dict of the sweep's axes) and `predictions` (an
    answer for each pattern and neuron)."""
    figures = _public_figures()
    assert len(figures) == 48
    unchecked = [f"{name}({argument})" for name, function in figures.items()
                 for argument in inspect.signature(function).parameters
                 if argument not in getattr(function, "checks", {}) and argument not in ("where", "predictions")]
    assert unchecked == []


#: Values no argument of a figure takes.
WRONG = [object(), 1j, b"x", bytearray(b"x"), frozenset({1}), np.array([object()]), type, Ellipsis, {"a": object()},
         [object(), object()], np.datetime64("2020"), np.array([["x"]])]


def test_seeded_fuzz_every_wrong_value_is_a_type_or_value_error_naming_the_figure_and_argument():
    """300 (figure, argument, wrong value) drawn with seed 21 from the 151 arguments of the 48 figures (the others
    valid): each a TypeError or ValueError whose message names the figure and the argument, nothing drawn."""
    rng = np.random.default_rng(21)
    assert len(BASES) == 48
    targets = [(name, argument) for name in sorted(BASES) for argument in inspect.signature(figure(name)).parameters]
    unclean = []
    for _ in range(300):
        key, argument = targets[rng.integers(len(targets))]
        value = WRONG[rng.integers(len(WRONG))]
        arguments = BASES[key]()
        arguments[argument] = value
        name = key.rpartition(".")[2]
        try:
            figure(key)(**arguments)
            unclean.append(f"{name}({argument}={value!r}): drawn")
        except (TypeError, ValueError) as error:
            if not re.match(rf"{name}: {argument}\b", str(error)):
                unclean.append(f"{name}({argument}={value!r}): {error}")
        except Exception as error:  # noqa: BLE001  (what the test is for)
            unclean.append(f"{name}({argument}={value!r}): {type(error).__name__}: {error}")
    assert unclean == []
