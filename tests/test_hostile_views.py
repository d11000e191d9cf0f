"""The public figures and views under attack: a wrong argument gets one TypeError or ValueError
naming the function and the argument (views/checks.py), not an AttributeError, a KeyError or a
matplotlib error from inside, and nothing is drawn from a value that means nothing."""

import re

import matplotlib
import numpy as np
import pytest

import crossbar
from crossbar.tasks import letters
from crossbar.views import checks, network_views, plotting, rule_views, study_figures

matplotlib.use("Agg")

DEVICE = crossbar.default_device()


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


@pytest.mark.parametrize("call, error, message", [
    (lambda: plotting.plot_device_curves(None), TypeError,
     "plot_device_curves: devices: expected a DeviceCurve or a list of them, got NoneType"),
    (lambda: plotting.plot_device_curves(DEVICE, normalised="yes"), TypeError,
     "plot_device_curves: normalised must be True or False, got str 'yes'"),
    (lambda: plotting.plot_patterns(None), TypeError, "plot_patterns: patterns: expected a PatternSet, got NoneType"),
    (lambda: plotting.plot_activation(None), TypeError,
     "plot_activation: setting: expected a TrainingSetting, got NoneType"),
    (lambda: plotting.plot_activation(crossbar.DEFAULT, current_limit=-1), ValueError,
     "plot_activation: current_limit = -1: expected a finite number > 0"),
    (lambda: plotting.plot_epochs_histogram(None), TypeError,
     "plot_epochs_histogram: result: expected a StudyResult, got NoneType"),
    (lambda: network_views.confusion(None, None), TypeError, "confusion: result: expected a NetworkBatch"),
    (lambda: plotting.plot_knob_sweep(None), TypeError, "plot_knob_sweep: sweep: expected a KnobSweep"),
    (lambda: plotting.plot_law_fits(None, None), TypeError, "plot_law_fits: device: expected a DeviceCurve"),
    (lambda: plotting.plot_law_fits(DEVICE, []), TypeError, "plot_law_fits: fits: expected a dict of label"),
    (lambda: plotting.plot_device_rate(None, None), TypeError, "plot_device_rate: device: expected a DeviceCurve"),
    (lambda: rule_views.plot_letters(None), TypeError, "plot_letters: patterns: expected a PatternSet"),
    (lambda: rule_views.plot_letters(letters()[0], columns=0), ValueError,
     "plot_letters: columns = 0: expected an integer from 1 to 100"),
    (lambda: plotting.plot_offset_distributions(np.ones((3, 4, 4))), TypeError,
     "plot_offset_distributions: samples: expected a dict of label -> array of offsets (S), got ndarray"),
    (lambda: plotting.plot_offset_distributions({"a": "x"}), TypeError,
     "plot_offset_distributions: samples['a'] must be an array of offsets in siemens, got str"),
    (lambda: plotting.plot_conductance_window(DEVICE, float("nan"), 1e-8, 1e-7), ValueError,
     "plot_conductance_window: gain = nan: expected a finite number"),
    (lambda: plotting.plot_conductance_window(DEVICE, -10, 1e-8, 1e-7), ValueError,
     "plot_conductance_window: gain = -10: expected a finite number > 0"),
    (lambda: plotting.plot_conductance_window(DEVICE, 10, 1e-7, 1e-8), ValueError,
     "plot_conductance_window: lo = 1e-07 is above hi = 1e-08: expected lo <= hi"),
    (lambda: plotting.plot_crossbar(np.ones(3), np.ones(3)), ValueError,
     "plot_crossbar: conductance: expected a matrix (N, C) of conductances in siemens, got shape (3,)"),
    (lambda: plotting.plot_crossbar(np.ones((3, 4)), np.ones(2)), ValueError,
     "plot_crossbar: voltages: expected one voltage per row of conductance, 3, got 2"),
    (lambda: study_figures.plot_requirement_map({}, level=5), ValueError,
     "plot_requirement_map: table: expected a table with the columns range_ratio, offset_spread, rate"),
    (lambda: study_figures.plot_requirement_map({"range_ratio": [1], "offset_spread": [1], "rate": [1]}, level=5),
     ValueError, "plot_requirement_map: level = 5: expected a finite number from 0 to 1"),
    (lambda: study_figures.plot_requirement_map({"range_ratio": ["a"], "offset_spread": [1], "rate": [1]}), TypeError,
     "plot_requirement_map: table['range_ratio'] must be an array of real numbers, got <U1 values"),
    (lambda: study_figures.plot_requirement_map({"range_ratio": [1, 2], "offset_spread": [1], "rate": [1]}),
     ValueError, "plot_requirement_map: table: expected columns range_ratio, offset_spread, rate of one length >= 1"),
    (lambda: network_views.plot_confusion("abc"), TypeError,
     "plot_confusion: matrix must be a square matrix of fractions, got str"),
    (lambda: network_views.network_view(beta="1e7"), TypeError,
     "network_view: beta = '1e7': expected a finite number, got str"),
    (lambda: network_views.network_view(draw="no"), TypeError, "network_view: draw must be True or False"),
    (lambda: plotting.plot_device_curves(DEVICE, ax="left"), TypeError,
     "plot_device_curves: ax: expected a matplotlib Axes or None, got str"),
    # the re-check of probe 4: the last view without a check, and a matrix that was drawn though not square
    (lambda: rule_views.plot_rate_curve(None), TypeError,
     "plot_rate_curve: curve: expected a table (dict of columns) with value, rate, ci_low, ci_high"),
    (lambda: rule_views.plot_rate_curve({"value": [1], "rate": [0.5]}), ValueError,
     "plot_rate_curve: curve: expected a table with the columns value, rate, ci_low, ci_high; 'ci_low' is missing"),
    (lambda: network_views.plot_confusion(np.ones((2, 3))), ValueError,
     "plot_confusion: matrix: expected a square matrix of fractions, got shape (2, 3)"),
])
def test_a_view_names_the_argument_it_cannot_draw(call, error, message):
    """Probe 4, C16: these raised AttributeError, KeyError, 'not enough values to unpack', matplotlib's
    'Image data of dtype <U3', ZeroDivisionError, or drew a window from a NaN gain without a word."""
    with raises(error, message):
        call()


def test_the_checked_views_draw_what_they_drew():
    fig = plotting.plot_device_curves([DEVICE, crossbar.preset("ag-si")], normalised=np.bool_(True))
    assert len(fig.axes[0].lines) == 2
    assert plotting.plot_conductance_window(DEVICE, np.int64(10), 1e-8, 1e-7).axes[0].get_title() == "K = 10"
    g, v = np.full((4, 4), 5e-8), np.array([0.1, -0.1, 0.1, -0.1])
    assert plotting.plot_crossbar(g.tolist(), v).axes[0].images[0].get_array().shape == (4, 4)
    # the decorator keeps the function's name and docstring (the book's and the docs' listings use them)
    assert rule_views.plot_letters.__name__ == "plot_letters"
    assert rule_views.plot_letters.__doc__.startswith("Every pattern of a set")
    assert len(rule_views.plot_letters(letters()[0], columns=np.int64(6)).axes) == 30
    curve = {"value": [0.1, 0.2], "rate": np.array([0.4, 0.5]), "ci_low": [0.3, 0.4], "ci_high": [0.5, 0.6]}
    assert len(rule_views.plot_rate_curve(curve, level=None).axes[0].lines) == 1
    assert network_views.plot_confusion(np.eye(3)).axes[0].images[0].get_array().shape == (3, 3)


def test_a_rule_for_an_argument_the_view_lacks_is_refused_when_the_view_is_defined():
    def view(ax=None):
        return ax

    with raises(TypeError, "checked: view has no argument 'colour'"):
        checks.checked(colour=str)(view)


def test_pair_shares_draw_one_line_per_label_in_percent_of_its_pairs_and_refuse_a_share_below_an_even_split():
    """Monte Carlo Fig. 5.7 (referee 8, point 3): a rule's pair shares against a control's, each label's bars in
    percent of its own pairs, so 4 pairs and 2 pairs compare; a share below 0.5 is no busiest device's share."""
    fig = plotting.plot_pair_shares({"rule": np.array([[1.0, 0.98], [0.92, 0.5]]), "control": [0.52, 0.56]})
    ax = fig.axes[0]
    assert [p.get_label() for p in ax.patches] == ["rule (4 pairs)", "control (2 pairs)"]
    heights = [np.diff(p.get_path().vertices[:, 1]) for p in ax.patches]
    assert max(abs(h).max() for h in heights) == 50.0  # one of two control pairs per bin, in %
    # the shares in %, as the chapter's text gives them (referee 9, m4): 0.9 reads "90%"
    assert ax.xaxis.get_major_formatter().format_data(0.9) == "90%" and ax.get_xlabel().endswith("(%)")
    with raises(ValueError, "shares['control'][1] = 0.4: expected shares from 0.5 to 1"):
        plotting.plot_pair_shares({"rule": [1.0], "control": [0.6, 0.4]})
    with raises(ValueError, "shares is empty"):
        plotting.plot_pair_shares({})


def test_counted_writes_zero_and_one_in_words_with_the_verb_that_agrees():
    """Referee 8, point 10: a glued count read '0 have weights but were proved ...' and '1 of them'."""
    from crossbar.views.report import counted
    assert counted(0, "has", "have") == "none have"
    assert counted(np.int64(1), "has", "have") == "one has"
    assert counted(52206, "has", "have") == "52,206 have"
    with raises(ValueError, "counted: n = -1: expected an integer >= 0"):
        counted(-1, "has", "have")
    with raises(ValueError, "counted: n = 1.5: expected an integer >= 0, got float"):
        counted(1.5, "has", "have")
