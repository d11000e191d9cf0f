"""Probe 18c's V3 (issue 20).

V3: plot_offset_distributions called a value a point mass when 1 % of the sample took it: in a sample of 100 or
fewer every value, so a continuous sample was a row of markers, and two offsets set the ylim (0, 0) with
matplotlib's warning.
"""

import warnings

import matplotlib
import numpy as np
import pytest

import crossbar
from crossbar.views import plotting

matplotlib.use("Agg")


def markers(fig):
    """The point-mass markers of an offsets figure (one-point lines on its right axis)."""
    return [line for ax in fig.axes[1:] for line in ax.get_lines() if len(line.get_xdata()) == 1]


def drawn(samples, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib's "identical low and high ylims", numpy's divide
        return plotting.plot_offset_distributions(samples, **kw)


# --- V3: a point mass needs several offsets sharing a value -----------------------------------------------------

@pytest.mark.parametrize("n", [7, 50, 100])
def test_a_continuous_sample_of_up_to_100_offsets_is_a_histogram_without_markers(n):
    sample = crossbar.sample_offsets(crossbar.Lognormal(), 0, 10).ravel()[:n]
    fig = drawn({"a": sample})
    assert markers(fig) == [] and len(fig.axes) == 1  # it drew n markers (every value 1 % of the sample)
    step = fig.axes[0].patches[0].get_data()
    beyond = np.mean(sample * 1e6 > fig.axes[0].get_xlim()[1])
    assert np.isclose(np.sum(step.values * np.diff(step.edges)), 1 - beyond)  # the whole sample is density


def test_the_probes_100_rescaled_offsets_draw_their_two_ends_not_89_markers():
    sample = crossbar.sample_offsets(trials=7).ravel()[:100]  # 6.25 crossbars: lo 7 times, hi 6 times
    fig = drawn({"a": sample})
    got = sorted((line.get_xdata()[0], line.get_ydata()[0]) for line in markers(fig))
    np.testing.assert_allclose(got, [(1e-2, 7.0), (1e-1, 6.0)])  # µS, % of the offsets


@pytest.mark.parametrize("trials", [13, 63])  # 208 and 1008 offsets: the clipped ends stay point masses (guard)
def test_guard_a_clipped_sample_of_200_offsets_and_more_keeps_its_two_point_masses(trials):
    sample = crossbar.sample_offsets(crossbar.RescaledLognormal(2e-8, 9e-8), 1, trials)
    fig = drawn({"a": sample})
    got = sorted((line.get_xdata()[0], line.get_ydata()[0]) for line in markers(fig))
    np.testing.assert_allclose(got, [(2e-2, 100 / 16), (9e-2, 100 / 16)])


@pytest.mark.parametrize("lo, hi", [(1e-8, 9.7e-8), (2e-8, 9e-8), (1e-9, 7.3e-8)])
def test_a_point_mass_is_not_also_drawn_in_the_histogram(lo, hi):
    # lo / hi rounded to 1e-9 lies further than 1e-9 of lo from it: lo's offsets were a marker and density both
    sample = crossbar.sample_offsets(crossbar.RescaledLognormal(lo, hi), 1, 63)
    fig = drawn({"a": sample})
    step = fig.axes[0].patches[0].get_data()
    beyond = np.mean(sample * 1e6 > fig.axes[0].get_xlim()[1])
    assert np.isclose(np.sum(step.values * np.diff(step.edges)), 1 - 2 / 16 - beyond)  # was 1 - 1 / 16
    np.testing.assert_allclose(sorted(line.get_xdata()[0] for line in markers(fig)), [lo * 1e6, hi * 1e6])


@pytest.mark.parametrize("values", [[1e-8], [1e-8, 2e-8], [1e-8, 2e-8, 3e-8], [1e-8] * 3, [1e-8] * 200,
                                    [0.0] * 3, [0.0], [0.0] * 1000 + [1e-8]],
                         ids=["1", "2", "3", "3 equal", "200 equal", "3 zeros", "1 zero", "zeros and one"])
def test_small_and_all_equal_samples_draw_without_a_warning_or_an_empty_axis(values):
    fig = drawn({"a": np.array(values)})
    if len(set(values)) == len(values):  # distinct offsets are no point mass ([1e-8, 2e-8, 3e-8] drew 3 markers)
        assert markers(fig) == []
    for ax in fig.axes:
        low, high = ax.get_ylim()
        assert high > low
    low, high = fig.axes[0].get_xlim()
    assert high > low and low <= min(values) * 1e6


def test_two_offsets_are_a_histogram_holding_both():
    fig = drawn({"a": np.array([1e-8, 2e-8])}, bins=5)
    step = fig.axes[0].patches[0].get_data()
    assert markers(fig) == [] and np.count_nonzero(step.values) == 1  # both were markers, no histogram
    # the other past the axis (its 99.5th percentile), as the legend says
    assert np.isclose(np.sum(step.values * np.diff(step.edges)), 0.5)
    assert "50% beyond, up to 0.02 µS" in fig.axes[0].get_legend().get_texts()[0].get_text()
