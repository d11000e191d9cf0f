"""Probe 11c under attack, the figures' API (issue 20): A1, A2, A3, V1 and M4.

A1: a view's bin count was unbounded (plot_failure_analysis(bins=10**9) grew to 23 GB and was killed by the OOM
killer; 10**8 was a raw MemoryError), and the whole-number histograms made one bin per epoch up to max_epochs.
A2: plot_offset_distributions drew negative offsets and handed NaN to numpy. A3: plot_offset_view's errors named
plot_conductance_window. V1: plot_sweep_lines(where={"c2c": False}) drew c2c = 0. M4: train_batch given a
distribution said 'got object values'.

Every large count here is refused before anything is allocated; none of these tests may allocate per bin.
"""

import dataclasses
import re

import matplotlib
import numpy as np
import pytest

import crossbar
from crossbar.numbers import shown
from crossbar.studies.tolerance import Convergence
from crossbar.tasks import letters
from crossbar.views import plotting, rule_views, widgets
from crossbar.views.checks import MAX_BINS, whole_number_edges
from crossbar.views.devices import plot_device_rate

matplotlib.use("Agg")

DEVICE = crossbar.default_device()
SHORT = dataclasses.replace(crossbar.DEFAULT, max_epochs=20)


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


@pytest.fixture(scope="module")
def study():
    return crossbar.run_study(crossbar.Study(setting=SHORT, trials=40, chunk_size=40))


@pytest.fixture(scope="module")
def offsets():
    return crossbar.sample_offsets(trials=20)


# --- A1: bin counts are bounded before any bin is made --------------------------------------------------------

@pytest.mark.parametrize("bins", [10**9, 10**8, MAX_BINS + 1])
def test_a_failure_analysis_of_more_bins_than_a_figure_shows_is_refused(study, bins):
    with raises(ValueError, f"plot_failure_analysis: bins = {bins}: expected an integer from 1 to 10000"):
        plotting.plot_failure_analysis(study, bins=bins)


@pytest.mark.parametrize("bins", [10**9, 10**8, MAX_BINS + 1])
def test_offset_histograms_of_more_bins_than_a_figure_shows_are_refused(offsets, bins):
    with raises(ValueError, f"plot_offset_distributions: bins = {bins}: expected an integer from 1 to 10000"):
        plotting.plot_offset_distributions({"a": offsets}, bins=bins)


def test_the_largest_bin_count_is_drawn(study, offsets):
    assert plotting.plot_failure_analysis(study, bins=MAX_BINS) is not None
    assert plotting.plot_offset_distributions({"a": offsets}, bins=MAX_BINS) is not None


def test_whole_number_histograms_are_one_bin_per_number_up_to_the_bound_and_wider_past_it():
    np.testing.assert_array_equal(whole_number_edges(3), np.arange(5) - 0.5)  # as before: -0.5, 0.5, ... 3.5
    np.testing.assert_array_equal(whole_number_edges(MAX_BINS - 1), np.arange(MAX_BINS + 1) - 0.5)
    for top in (MAX_BINS, 10**9, 2**40):
        edges = whole_number_edges(top)
        assert len(edges) - 1 <= MAX_BINS + 1
        assert edges[0] == -0.5 and edges[-1] >= top + 0.5
        widths = np.diff(edges)
        assert np.all(widths == widths[0]) and widths[0] == int(widths[0]) > 1  # whole numbers per bin


def test_a_study_of_a_billion_epochs_draws_its_pulse_and_epoch_histograms_in_bounded_bins(study):
    # max_epochs = 10**9 with a crossbar converged in a few epochs made np.arange(10**9 + 2): 8 GB of edges
    long = dataclasses.replace(study.study, setting=dataclasses.replace(SHORT, max_epochs=10**9))
    table = study.table.copy()
    table["epochs"][np.flatnonzero(table["converged"])[0]] = 10**9
    result = crossbar.StudyResult(long, table)
    fig = plotting.plot_pulse_outcomes(result)
    assert sum(len(p.get_path().vertices) for p in fig.axes[0].patches) < 10 * MAX_BINS
    fig = plotting.plot_epochs_histogram(result)
    assert len(fig.axes[0].patches) <= MAX_BINS + 1
    epochs = np.array([3, 10**9])
    rate = Convergence(2, 2, 1.0, 0.3, 1.0, epochs, crossbar.Nonidealities(), SHORT, np.ones(2, bool))
    fig = plot_device_rate(DEVICE, rate)
    assert len(fig.axes[1].patches) <= MAX_BINS + 1


@pytest.mark.parametrize("columns", [101, 10**6])
def test_more_columns_of_panels_than_a_figure_lays_out_are_refused(columns):
    # plot_letters(columns=10**6) began a million Axes; the same count as bins, found beside them
    with raises(ValueError, f"plot_letters: columns = {columns}: expected an integer from 1 to 100"):
        rule_views.plot_letters(letters()[0], columns=columns)


# --- A2: offsets outside the physical range are refused, not drawn --------------------------------------------

@pytest.mark.parametrize("factor, shown", [(np.nan, "nan"), (-1.0, "-"), (np.inf, "inf"), (1e9, "")])
def test_offsets_outside_the_physical_range_are_refused_naming_the_first(offsets, factor, shown):
    with raises(ValueError, f"plot_offset_distributions: samples['a'][0, 0, 0] = {shown}"):
        plotting.plot_offset_distributions({"a": offsets * factor})
    with raises(ValueError, "expected offsets in siemens, each 0 or within the physical range 1e-15 ... 1 S"):
        plotting.plot_offset_distributions({"a": offsets * factor})


def test_one_bad_offset_among_good_ones_is_named_where_it_is(offsets):
    bad = offsets.copy()
    bad[3, 1, 2] = -1e-8
    with raises(ValueError, "plot_offset_distributions: samples['b'][3, 1, 2] = -1e-08 S: expected offsets"):
        plotting.plot_offset_distributions({"a": offsets, "b": bad})


def test_offsets_of_zero_and_of_the_range_s_ends_are_drawn(offsets):
    # a rescaled range from 0 (offset_view's slider starts at 0 nS) draws offsets of exactly 0
    zero = crossbar.sample_offsets(crossbar.RescaledLognormal(0.0, 1e-7), 0, 20)
    assert plotting.plot_offset_distributions({"from 0": zero, "a": offsets}) is not None
    assert plotting.plot_offset_distributions({"ends": np.array([1e-15, 1.0, 0.5])}) is not None
    assert widgets.offset_view("rescaled-lognormal", 0.0, 1e-7, 10.0, trials=20).figure is not None


def test_plot_offset_view_refuses_offsets_outside_the_range_naming_itself(offsets):
    with raises(ValueError, "plot_offset_view: samples[0, 0, 0] = -"):
        plotting.plot_offset_view(-offsets, DEVICE, 10, 1e-8, 1e-7)
    with raises(ValueError, "plot_offset_view: samples[0, 0, 0] = nan"):
        plotting.plot_offset_view(offsets * np.nan, DEVICE, 10, 1e-8, 1e-7)


# --- A3: plot_offset_view's errors name plot_offset_view ------------------------------------------------------

def test_plot_offset_view_names_itself_not_the_figure_it_is_made_of(offsets):
    with raises(ValueError, "plot_offset_view: lo = 1e-07 is above hi = 1e-08: expected lo <= hi"):
        plotting.plot_offset_view(offsets, DEVICE, 10, 1e-7, 1e-8)
    with raises(ValueError, "plot_offset_view: gain = 1e+300: hi = 1e-07 S: at K = 1e+300"):
        plotting.plot_offset_view(offsets, DEVICE, 1e300, 1e-8, 1e-7)
    with raises(ValueError, "plot_offset_view: lo = -1e-08: expected an offset >= 0 S"):
        plotting.plot_offset_view(offsets, DEVICE, 10, -1e-8, 1e-7)
    # the figure it is made of still names itself
    with raises(ValueError, "plot_conductance_window: lo = 1e-07 is above hi = 1e-08"):
        plotting.plot_conductance_window(DEVICE, 10, 1e-7, 1e-8)


def test_plot_offset_view_draws_what_it_drew(offsets):
    fig = plotting.plot_offset_view(offsets, DEVICE, 10, 1e-8, 1e-7)
    assert fig.axes[0].get_xlabel() == "K · s (µS)"
    assert any(a.get_title() == "K = 10" for a in fig.axes)


# --- V1: a bool is no value of a sweep axis --------------------------------------------------------------------

@pytest.fixture(scope="module")
def sweep():
    base = crossbar.Study(trials=20, chunk_size=20, setting=dataclasses.replace(crossbar.DEFAULT, max_epochs=10))
    return crossbar.run_sweep(base, crossbar.Grid(beta=[5e7, 6e7], c2c=[0, 0.02]))


@pytest.mark.parametrize("value", [False, True, np.bool_(False)])
def test_a_bool_in_where_is_refused_as_no_axis_value(sweep, value):
    with raises(TypeError, f"plot_sweep_lines: where['c2c'] = {shown(value)}: a bool is not a value of a sweep axis; "
                           "expected one of the sweep's c2c axis (0, 0.02)"):
        plotting.plot_sweep_lines(sweep, "beta", where={"c2c": value})


def test_where_with_the_axis_s_numbers_still_draws(sweep):
    assert plotting.plot_sweep_lines(sweep, "beta", where={"c2c": 0}) is not None
    assert plotting.plot_sweep_lines(sweep, "beta", where={"c2c": 0.02}) is not None


# --- M4: train_batch given a distribution says how to draw its offsets ----------------------------------------

def test_train_batch_given_a_distribution_says_to_draw_the_offsets():
    with raises(TypeError, "offsets: expected an array of offsets in siemens, (B, N, C) for train_batch, got "
                           "RescaledLognormal, a distribution (train() draws from one); draw the array with "
                           "crossbar.sample_offsets(distribution, seed, trials)"):
        crossbar.train_batch(DEVICE, crossbar.RescaledLognormal(), trials=3)
    # the way out it names works
    drawn = crossbar.sample_offsets(crossbar.RescaledLognormal(), 0, 3)
    assert crossbar.train_batch(DEVICE, drawn, SHORT).converged.shape == (3,)
