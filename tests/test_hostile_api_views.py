"""Probe 5 against the views: the book's helpers, the unchecked figures, the widgets and the static
explorer. A wrong argument gets one TypeError or ValueError naming the function and the argument, not a
raw AttributeError, OverflowError or MemoryError from inside, and nothing meaningless (an inf window,
offsets below zero) comes back as an answer."""

import re

import matplotlib
import numpy as np
import pytest

import crossbar
from crossbar.studies import Grid, Study, run_sweep
from crossbar.studies.outcomes import Outcome
from crossbar.views import plotting as P
from crossbar.resources import ResourceError
from crossbar.views import report
from crossbar.views import explorer as X
from crossbar.views import widgets as W

matplotlib.use("Agg")


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


@pytest.mark.parametrize("call, error, message", [
    (lambda: report.sci(10**400), ValueError, "sci: x = an integer of 401 digits: expected a finite number"),
    (lambda: report.sci("x"), TypeError, "sci: x = 'x': expected a finite number, got str"),
    (lambda: report.sci(None), TypeError, "sci: x = None: expected a finite number, got NoneType"),
    (lambda: report.sci(float("nan")), ValueError, "sci: x = nan: expected a finite number"),
    (lambda: report.sci(1.0, digits=-1), ValueError, "sci: digits = -1: expected an integer from 1 to 17"),
    (lambda: report.sci(1.0, digits=10**9), ValueError, "sci: digits = 1000000000: expected an integer from 1 to 17"),
    (lambda: report.table_bundle(None, None), TypeError,
     "table_bundle: header: expected a list of column names, got NoneType"),
    (lambda: report.table_bundle(["a"], "abc"), TypeError,
     "table_bundle: rows: expected a list of rows (lists of cells), got str"),
    (lambda: report.table_bundle(["a"], [["1"], "b"]), TypeError,
     "table_bundle: rows[1]: expected a row (a list of cells), got str"),
    (lambda: report.table_bundle(["a", "b"], [[1]]), ValueError, "table_bundle: rows: every row needs 2 cells"),
    (lambda: report.check_legible(None), TypeError, "check_legible: figure: expected a matplotlib Figure, got NoneType"),
    (lambda: report.smallest_text(None), TypeError, "smallest_text: figure: expected a matplotlib Figure, got NoneType"),
])
def test_a_book_helper_names_the_argument_it_cannot_use(call, error, message):
    """Probe 5, N8/N6: OverflowError, "Unknown format code 'e'", "Format specifier missing precision",
    "'NoneType' object has no attribute 'savefig'", or a table of one row per character of a string."""
    with raises(error, message):
        call()


def test_a_table_takes_numbers_as_cells_and_shows_markup_as_text():
    bundle = report.table_bundle(["a", "<b>"], [[1, np.float64(2.5)], ("x & y", "<script>")])
    assert bundle["text/plain"].splitlines() == ["a      <b>", "1      2.5", "x & y  <script>"]
    assert "<script>" not in bundle["text/html"] and "&lt;script&gt;" in bundle["text/html"]
    assert "&lt;b&gt;</th>" in bundle["text/html"] and "x &amp; y" in bundle["text/html"]
    assert report.sci(np.float32(6e7)) == "6·10⁷" and report.sci(np.int64(15), digits=np.int64(2)) == "1.5·10¹"


# --------------------------------------------------------------------------- the figures without checks (N9)

DEVICE = crossbar.default_device()


def outcome(x):
    return Outcome("o", 10, (x, x - 0.1, x + 0.1), (x, x - 0.05, x + 0.05), (np.nan,) * 3, (1e-9, 8e-10, 1.2e-9),
                   5.0, 0.95)


def sweep():
    return run_sweep(Study(trials=10, setting=crossbar.DEFAULT.replace(max_epochs=5)), Grid(beta=[1e7, 6e7]),
                     progress=False)


@pytest.mark.parametrize("call, error, message", [
    (lambda: P.conductance_unit(None), TypeError, "conductance_unit: g = None: expected a conductance in siemens"),
    (lambda: P.conductance_unit("abc"), TypeError, "conductance_unit: g = 'abc': expected a conductance in siemens"),
    (lambda: P.conductance_unit(np.array([])), TypeError, "conductance_unit: g = array([], dtype=float64)"),
    (lambda: P.plot_cycles("abc"), TypeError, "plot_cycles: device: expected a DeviceCurve, got str"),
    (lambda: P.plot_cycles(DEVICE, max_cycles=-1), ValueError, "plot_cycles: max_cycles = -1: expected an integer >= 0"),
    (lambda: P.plot_cycle_spread(None), TypeError, "plot_cycle_spread: measured: expected a CycleNoise, got NoneType"),
    (lambda: P.plot_branch_fits("abc", {}), TypeError,
     "plot_branch_fits: g must be a branch (L,) of conductances in siemens, got str"),
    (lambda: P.plot_branch_fits(DEVICE.conductance, None), TypeError,
     "plot_branch_fits: fits: expected a dict of label -> fit, got NoneType"),
    (lambda: P.plot_unit_rates("abc"), TypeError,
     "plot_unit_rates: rows: expected a dict of group label -> dict of bar label -> (rate, ci_low, ci_high), got str"),
    (lambda: P.plot_unit_rates({"batch": {"relative": (0.5, 0.4)}}), ValueError,
     "plot_unit_rates: rows['batch']['relative']: expected (rate, ci_low, ci_high), got shape (2,)"),
    (lambda: P.plot_unit_rates({"a": {"x": (0.5, 0.4, 0.6)}, "b": {"y": (0.5, 0.4, 0.6)}}), ValueError,
     "plot_unit_rates: rows['a']: expected one (rate, ci_low, ci_high) for each of ['x', 'y'], got ['x']"),
    (lambda: P.plot_unit_rates({"a": {"x": (0.5, 0.4, 0.6)}}, flagged={"y": "not training"}), ValueError,
     "plot_unit_rates: flagged['y']: expected one of the bar labels ['x']"),
    (lambda: P.plot_unit_rates({"a": {"x": (0.5, 0.4, 0.6)}}, flagged={"x": 1}), TypeError,
     "plot_unit_rates: flagged['x']: expected a str, got int"),
    (lambda: P.plot_width_sweep(None), TypeError,
     "plot_width_sweep: series: expected a dict of label -> list of (width, Outcome), got NoneType"),
    (lambda: P.plot_width_sweep({"a": [(0, "x")]}), TypeError, "plot_width_sweep: series['a'][0][1]: expected an Outcome"),
    (lambda: P.plot_nonlinearity({"a": []}), ValueError,
     "plot_nonlinearity: series['a'] is empty: expected a list of (NL label, Outcome)"),
    (lambda: P.plot_nonlinearity({"a": [(1, outcome(0.5))]}, measure="accuracy"), ValueError,
     "plot_nonlinearity: measure = 'accuracy': expected one of 'recognised', 'answers'"),
    (lambda: P.plot_gain_grid("abc", [1e6], [6e7]), TypeError,
     "plot_gain_grid: grid: expected a dict of (hidden_beta, beta) -> Outcome, got str"),
    (lambda: P.plot_gain_grid({(1e6, 6e7): outcome(0.5)}, [1e6], [6e7, 1e8]), ValueError,
     "plot_gain_grid: grid: expected an Outcome at every (hidden_beta, beta) of the axes; (1e+06, 1e+08) is missing"),
    (lambda: P.plot_device_outcomes(None), TypeError,
     "plot_device_outcomes: rows: expected a dict of device label -> dict of kind label -> Outcome, got NoneType"),
    (lambda: P.plot_energy({"x": {"r1": outcome(0.5)}, "y": {"r2": outcome(0.5)}}), ValueError,
     "plot_energy: rows['x']: expected one Outcome for each of ['r1', 'r2'], got ['r1']"),
    (lambda: P.plot_device_outcomes({"x": {"a": outcome(0.5)}}, zoom=(90, 80)), ValueError,
     "plot_device_outcomes: zoom = (90, 80): expected (low, high) in percent, 0 <= low < high <= 100"),
    (lambda: P.plot_device_outcomes({"x": {"a": outcome(0.5)}}, zoom="ab"), TypeError,
     "plot_device_outcomes: zoom must be (low, high) in percent, 0 <= low < high <= 100, got str"),
    (lambda: P.plot_energy({"x": {"r1": outcome(0.5)}}, zoom=(0, 200)), ValueError,
     "plot_energy: zoom = (0, 200): expected (low, high) in percent, 0 <= low < high <= 100"),
    (lambda: P.plot_manhattan_step(None, None), TypeError,
     "plot_manhattan_step: step: expected a dict with delta, summed, update, conductance, total_error, got NoneType"),
    (lambda: P.plot_manhattan_step({"delta": 1}, None), ValueError,
     "plot_manhattan_step: step: expected a dict with delta, summed, update, conductance, total_error; 'summed' is"),
    (lambda: P.plot_sweep_lines(sweep(), "gamma"), ValueError,
     "plot_sweep_lines: x = 'gamma': expected one of the sweep's axes beta"),
    (lambda: P.plot_sweep_lines(sweep(), "beta", hue="gain"), ValueError,
     "plot_sweep_lines: hue = 'gain': expected one of the sweep's axes beta"),
    (lambda: P.plot_sweep_heatmap(sweep(), "beta", "beta"), ValueError,
     "plot_sweep_heatmap: x and y are both 'beta': expected two different axes of the sweep"),
])
def test_a_figure_that_had_no_checks_names_the_argument_it_cannot_draw(call, error, message):
    """Probe 5, N9: AttributeError ('NoneType' object has no attribute 'high' / 'items'), 'object is not
    subscriptable', a raw float() error, numpy's 'repeated axis in source argument', an answer about where=
    for an unknown x, and plot_cycles(max_cycles=-1) drew all cycles but the last."""
    with raises(error, message):
        call()


def test_the_newly_checked_figures_draw_valid_input():
    fig = P.plot_energy({"x": {"r1": outcome(0.5), "r2": outcome(0.6)}, "y": {"r1": outcome(0.7), "r2": outcome(0.2)}})
    assert [len(ax.lines) for ax in fig.axes] == [6, 6]  # per rule: the markers and two error-bar caps
    fig = P.plot_gain_grid({(h, b): outcome(0.5) for h in (1e6, 2e6) for b in (6e7, 1e8)}, [1e6, 2e6],
                           np.array([6e7, 1e8]))
    assert fig.axes[0].images[0].get_array().shape == (2, 2)
    rates = {"batch": {"relative": (0.5, 0.4, 0.6), "absolute": np.array([0.7, 0.6, 0.8])}}
    assert len(P.plot_unit_rates(rates).axes[0].patches) == 2
    assert P.conductance_unit(np.float32(5e-8)) == (1e9, "nS") and P.conductance_unit(0) == (1e12, "pS")
    assert len(P.plot_cycles(crossbar.preset("ag-si"), max_cycles=np.int64(0)).axes[0].lines) == 2


def test_bars_that_are_not_results_are_grey_hatched_and_say_why_in_the_legend():
    """Referee 10, m4: Fig. 9.3 drew the absolute-units rates (tanh saturated, no error signal) in colour like
    the relative ones, so that a reader of the figure alone saw absolute units win for the gated rule."""
    rates = {"batch": {"relative": (0.7, 0.6, 0.8), "absolute": (0.55, 0.5, 0.6)},
             "gated": {"relative": (0.97, 0.96, 0.98), "absolute": (1.0, 0.99, 1.0)}}
    note = "absolute units: tanh saturated, not training"
    ax = P.plot_unit_rates(rates, flagged={"absolute": note}).axes[0]
    relative, absolute = ax.patches[:2], ax.patches[2:]
    assert all(p.get_hatch() == "//" for p in absolute) and not any(p.get_hatch() for p in relative)
    assert all(p.get_facecolor()[:3] == (0.85, 0.85, 0.85) for p in absolute)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["relative", note]
    plain = P.plot_unit_rates(rates).axes[0]  # without flags every bar is coloured and plain
    assert not any(p.get_hatch() for p in plain.patches)


def test_a_zoomed_panel_shows_its_range_and_marks_each_median_beyond_it():
    """Referee 6, point 16: on 0-100 % the comparisons the networks chapter draws in 84-91 % could not be
    seen. A zoomed panel shows its range; a median outside it is marked at the edge with its value."""
    rows = {"x": {"a": outcome(0.86), "b": outcome(0.2)}, "y": {"a": outcome(0.9), "b": outcome(0.88)}}
    fig = P.plot_device_outcomes(rows, zoom=(80, 93))
    full, zoomed = fig.axes
    assert full.get_xlim() == (0, 100) and zoomed.get_xlim() == (80, 93)
    assert [t.get_text() for t in zoomed.texts] == ["20 (10–30)"] and not full.texts  # with its interval (referee 16)
    assert P.plot_device_outcomes(rows).axes[0].get_xlim() == (0, 100) and len(P.plot_device_outcomes(rows).axes) == 1
    fig = P.plot_energy(rows, zoom=(80, 93))
    # Fig. 10.5 gives the off-panel median with its interval, in full-size text (referee 9, must 2)
    assert fig.axes[1].get_xlim() == (80, 93) and [t.get_text() for t in fig.axes[1].texts] == ["20% (10–30)"]
    assert P.plot_energy(rows).axes[1].get_xlim() == (0, 100)


def test_a_median_beyond_the_zoom_is_marked_inside_the_axes_not_on_its_spine():
    """Referee 7, point 17: the edge marker "< 71" sat on the axis spine, half hidden by it."""
    rows = {"x": {"a": outcome(0.86), "b": outcome(0.2)}, "y": {"a": outcome(0.9), "b": outcome(0.99)}}
    zoomed = P.plot_device_outcomes(rows, zoom=(80, 93)).axes[1]
    marks = [line.get_xdata()[0] for line in zoomed.lines if line.get_marker() in ("<", ">")]
    assert len(marks) == 2 and all(80 < x < 93 for x in marks)
    assert sorted(t.get_text() for t in zoomed.texts) == ["20 (10–30)", "99 (89–109)"]


# --------------------------------------------------------------------------- the widgets (N3, N4, N6, N7)

RUN = None


def run():
    global RUN
    if RUN is None:
        RUN = crossbar.train(DEVICE, crossbar.REFERENCE.replace(max_epochs=20), seed=1)
    return RUN


@pytest.mark.parametrize("call, error, message", [
    (lambda: W.offset_view(gain="10", trials=5), TypeError, "offset_view: gain = '10': expected a finite number, got str"),
    (lambda: W.offset_view(kind="lognormal", lo="1e-8"), TypeError, "offset_view: lo = '1e-8': expected a finite number"),
    (lambda: W.offset_view(trials=0), ValueError, "offset_view: trials = 0: expected an integer >= 1"),
    (lambda: W.offset_view(trials=-3), ValueError, "offset_view: trials = -3: expected an integer >= 1"),
    (lambda: W.offset_view(trials="5"), TypeError, "offset_view: trials = '5': expected an integer >= 1, got str"),
    (lambda: W.offset_view(trials=10**12), ResourceError, "offset_view: trials = 1000000000000 needs about"),
    (lambda: W.offset_view(device="ag-si", trials=5), TypeError, "offset_view: device: expected a DeviceCurve, got str"),
    (lambda: W.activation_view(lo="x"), TypeError, "activation_view: lo = 'x': expected a finite number, got str"),
    (lambda: W.activation_view(lo=float("nan")), ValueError, "activation_view: lo = nan: expected a finite number"),
    (lambda: W.activation_view(device="default"), TypeError, "activation_view: device: expected a DeviceCurve, got str"),
    (lambda: W.manhattan_view(run(), 1.5, draw=False), ValueError, "manhattan_view: epoch = 1.5: expected an integer >= 0"),
    (lambda: W.manhattan_view(run(), "1"), TypeError, "manhattan_view: epoch = '1': expected an integer >= 0, got str"),
    (lambda: W.manhattan_view(run(), None), TypeError, "manhattan_view: epoch = None: expected an integer >= 0"),
    (lambda: W.manhattan_view(run(), True), TypeError, "manhattan_view: epoch = True: expected an integer >= 0, got bool"),
    (lambda: W.manhattan_view(None, 0), TypeError, "manhattan_view: run: expected a TrainingRun, got NoneType"),
    (lambda: W.manhattan_view(run(), 0, draw="no"), TypeError, "manhattan_view: draw must be True or False, got str 'no'"),
    (lambda: W.rate_view(trials=20, max_epochs=10.7, draw=False), ValueError,
     "rate_view: max_epochs = 10.7: expected an integer >= 0, got float"),
    (lambda: W.rate_view(trials=20, max_epochs="10"), TypeError, "rate_view: max_epochs = '10': expected an integer >= 0"),
    (lambda: W.rate_view(trials=20, max_epochs=True), TypeError, "rate_view: max_epochs = True: expected an integer >= 0"),
    (lambda: W.rate_view(trials=20, max_epochs=None), TypeError, "rate_view: max_epochs = None: expected an integer >= 0"),
    (lambda: W.rate_view(trials=20, max_epochs=float("inf")), ValueError, "rate_view: max_epochs = inf: expected an integer"),
    (lambda: W.rate_view(trials=20, max_epochs=float("nan")), ValueError, "rate_view: max_epochs = nan: expected an integer"),
    (lambda: W.rate_view(trials="20"), TypeError, "rate_view: trials = '20': expected an integer >= 0, got str"),
    (lambda: W.rate_view(trials=20, hi="1e-7"), TypeError, "rate_view: hi = '1e-7': expected a finite number, got str"),
    (lambda: W.rate_view(trials=20, device="x"), TypeError, "rate_view: device: expected a DeviceCurve, got str"),
    (lambda: W.rate_view(trials=20, draw="no"), TypeError, "rate_view: draw must be True or False, got str 'no'"),
    (lambda: W.device_rate_view(setting=None, trials=20), TypeError,
     "device_rate_view: setting: expected a TrainingSetting, got NoneType"),
    (lambda: W.device_rate_view(offsets=None, trials=20), TypeError,
     "device_rate_view: offsets: expected an OffsetDistribution, got NoneType"),
    (lambda: W.offset_distribution("lognormal", "a", "b"), TypeError,
     "offset_distribution: lo = 'a': expected a finite number, got str"),
    (lambda: W.offset_distribution("lognormal", 1e-8, float("inf")), ValueError,
     "offset_distribution: hi = inf: expected a finite number"),
    (lambda: W.offset_distribution("lognormal", 1e-8, 1e300), ValueError,
     "lognormal offsets need 0 < lo < hi <= 1 (siemens), got lo=1e-08, hi=1e+300"),
])
def test_a_widget_refuses_a_wrong_argument_at_the_call_naming_it(call, error, message):
    """Probe 5, N7/N6/N4: raw '>' / '<' TypeErrors, 'cannot reshape array of size 0', an IndexError for epoch
    1.5, OverflowError for max_epochs inf, 'NoneType' object has no attribute ..., a MemoryError after
    allocating, draw="no" drawing, max_epochs 10.7 or "10" run as 10, and errors about Lognormal.median or
    plot_activation's current_limit where the widget's own lo or hi was wrong."""
    with raises(error, message):
        call()


@pytest.mark.parametrize("call, message", [
    (lambda: W.offset_view(gain=1e308, trials=5).summary,
     "not drawn: hi = 1e-07 S: at K = 1e+308 a device starts at G = 1e+301 S, outside the physical range 1e-15 ... 1 S"),
    (lambda: W.activation_view(lo=-1e-6, hi=-1e-7).summary,
     "not drawn: offset range must satisfy 0 <= lo < hi <= 1 (siemens), got lo=-1e-06, hi=-1e-07"),
    (lambda: W.activation_view(lo=1e-7, hi=1e-8).summary,
     "not drawn: offset range must satisfy 0 <= lo < hi <= 1 (siemens), got lo=1e-07, hi=1e-08"),
    (lambda: W.activation_view(hi=1e300).summary,
     "not drawn: offset range must satisfy 0 <= lo < hi <= 1 (siemens), got lo=1e-08, hi=1e+300"),
])
def test_a_widget_draws_nothing_unphysical_and_says_why(call, message):
    """An inf window, a current limit computed from negative offsets, and an overflow warning leaking from
    hi = 1e300 were answers before; a slider's value stays a "not drawn" line, not an exception."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert call() == message


# --------------------------------------------------------------------------- the static explorer (N4, N6, N7)

def beta_view(beta):
    return W.activation_view(beta=beta)


@pytest.mark.parametrize("call, error, message", [
    (lambda: X.static_explorer(beta_view, None, {"beta": 6e6}), TypeError,
     "static_explorer: grid: expected a dict of axis name -> positions, got NoneType"),
    (lambda: X.static_explorer(beta_view, {"beta": "6e6"}, {"beta": 6e6}), TypeError,
     "static_explorer: grid['beta'] must be a list of positions, got str"),
    (lambda: X.static_explorer(beta_view, {"beta": [float("nan"), 6e6]}, {"beta": 6e6}), ValueError,
     "static_explorer: grid['beta'] = [nan, 6000000.0]: expected finite positions"),
    (lambda: X.static_explorer(lambda **k: W.activation_view(**k), {"beta": np.linspace(1e6, 1e8, 1000),
                                                                      "gain": list(range(1, 1001))},
                               {"beta": 1e6, "gain": 1}), ValueError,
     "static_explorer: grid has 1,000,000 points (1000 x 1000): expected at most 500"),
    (lambda: X.static_explorer(None, {"beta": [6e6]}, {"beta": 6e6}), TypeError,
     "static_explorer: view: expected a function, got NoneType"),
    (lambda: X.static_explorer(lambda beta: 3, {"beta": [6e6]}, {"beta": 6e6}), TypeError,
     "static_explorer: view returned int at {'beta': 6000000.0}: expected a record with a summary (str) and a figure"),
    (lambda: X.static_explorer(beta_view, {"beta": [6e6]}, {"beta": 6e6}, dpi="100"), TypeError,
     "static_explorer: dpi = '100': expected a finite number, got str"),
    (lambda: X.static_explorer(beta_view, {"beta": [6e6]}, {"beta": 6e6}, dpi=1e5), ValueError,
     "static_explorer: dpi = 100000.0: expected a finite number > 0 and <= 600"),
    (lambda: X.static_explorer(beta_view, {"beta": [6e6]}, {"beta": 6e6}, labels={"gamma": "x"}), ValueError,
     "static_explorer: labels names 'gamma', which is no grid axis (the axes are beta)"),
    (lambda: X.static_explorer(beta_view, {"beta": [6e6]}, {"beta": 6e6}, formats={"beta": "q"}), ValueError,
     "static_explorer: formats['beta'] = 'q': expected a format spec of a number, such as '.3g'"),
    (lambda: X.static_explorer(beta_view, {"beta": [6e6]}, {"beta": 6e6}, formats={"beta": 3}), TypeError,
     "static_explorer: formats['beta']: expected a format spec such as '.3g', or a function of the number returning text, got int"),
    (lambda: X.static_explorer(beta_view, {"beta": [6e6]}, {"beta": 6e6}, formats={"beta": lambda x: x}), TypeError,
     "static_explorer: formats['beta'] returned float: expected text"),
    (lambda: X.static_explorer(beta_view, {"beta": [6e6]}, {"beta": 6e6}, note=None), TypeError,
     "static_explorer: note: expected a str, got NoneType"),
])
def test_the_static_explorer_names_the_argument_it_cannot_use(call, error, message):
    """Probe 5, N4/N6/N7: 'NoneType' object is not iterable / callable, 'int' object has no attribute 'summary',
    could not convert string to float: 'e', std::bad_alloc at dpi 1e5, a 1,000,000-point grid run without a
    word, and labels for an unknown axis or note=None accepted (the latter failing later in to_html())."""
    with raises(error, message):
        call()


def test_the_failure_plots_refuse_a_network_study_naming_what_they_need():
    """They read per-device offsets and pulse counts, which a network study does not keep: AttributeError
    'offsets' / 'pulse_count' before (probe 5: pass_failure_plot_net, pass_pulse_outcomes_net)."""
    import crossbar
    from crossbar.views import plotting

    study = crossbar.Study(trials=2, setting=crossbar.PRESETS["network"].replace(max_epochs=2))
    result = crossbar.run_study(study, progress=False)
    for plot in (plotting.plot_failure_analysis, plotting.plot_pulse_outcomes):
        with pytest.raises(ValueError, match=f"{plot.__name__}: result: a network study's result keeps no offsets"):
            plot(result)
