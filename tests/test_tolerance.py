"""crossbar.studies.tolerance: knob sweeps, their tolerances, rule comparisons, and the chapter-6
widget's callback.

Rates depend on seed 0 and the embedded default device; every bound below is wide enough for the
trial counts used (Wilson half-width at most about 2.5 points) but could be false.
"""

import math

import numpy as np
import pytest

import crossbar
from crossbar.devices import NONE, Nonidealities, preset
from crossbar.studies import wilson_interval
from crossbar.studies.tolerance import (
    KNOBS,
    Convergence,
    KnobSweep,
    rule_convergence,
    convergence,
    knob_sweep,
    paired_ratio,
    tolerance,
)
from crossbar.training import DEFAULT, sample_offsets, train_batch
from crossbar.views import widgets

DEVICE = crossbar.default_device()
OFFSETS = crossbar.REFERENCE_OFFSETS


def test_knobs_are_the_nonidealities():
    assert set(KNOBS) == set(Nonidealities().as_dict())


def test_knob_off_point_is_train_batch_without_knobs():
    sweep = knob_sweep(DEVICE, DEFAULT, OFFSETS, "c2c", [0.0, 0.03], trials=1500, seed=3)
    plain = train_batch(DEVICE, sample_offsets(OFFSETS, 3, 1500), DEFAULT)
    off = sweep.at(0.0)
    assert off.converged == int(plain.converged.sum())
    assert np.array_equal(off.epochs, plain.epochs[plain.converged])
    assert off.nonideal == NONE
    # the same crossbars with the knob on: some runs change, so the two counts are not tied
    assert sweep.at(0.03).nonideal == Nonidealities(c2c=0.03)


def test_same_crossbars_whatever_the_other_values():
    """Common random numbers: a value's result does not depend on which other values are swept."""
    a = knob_sweep(DEVICE, DEFAULT, OFFSETS, "read_noise", [0.0, 0.02], trials=800)
    b = knob_sweep(DEVICE, DEFAULT, OFFSETS, "read_noise", [0.05, 0.02], trials=800)
    assert np.array_equal(a.at(0.02).epochs, b.at(0.02).epochs)


def test_intervals_contain_the_rate_and_match_wilson():
    sweep = knob_sweep(DEVICE, DEFAULT, OFFSETS, "stuck_high", [0.0, 0.1, 0.5, 1.0], trials=600)
    assert np.all(sweep.ci_low <= sweep.rate) and np.all(sweep.rate <= sweep.ci_high)
    low, high = wilson_interval(sweep.converged, np.full(len(sweep), 600))
    assert np.allclose(sweep.ci_low, low) and np.allclose(sweep.ci_high, high)
    # every device stuck at the top: every weight is K (s+ - s-), which no pulse changes, so
    # only crossbars whose offsets already meet every target count, with 0 epochs
    stuck = sweep.at(1.0)
    assert stuck.rate < 0.05 and np.all(stuck.epochs == 0)


def test_rate_falls_with_stuck_devices():
    values = [0.0, 0.05, 0.1, 0.2, 0.4]
    sweep = knob_sweep(DEVICE, DEFAULT, OFFSETS, "stuck_low", values, trials=4000)
    # each step is far more than its intervals (half-width <= 1.6 points at 4,000 trials)
    assert np.all(np.diff(sweep.rate) < 0), sweep.rate
    assert sweep.ci_high[-1] < sweep.ci_low[0]


def test_tolerance_is_the_last_value_before_the_first_failure():
    sweep = knob_sweep(DEVICE, DEFAULT, OFFSETS, "stuck_low", [0.0, 0.02, 0.1, 0.4], trials=3000)
    t = tolerance(sweep, 0.9)
    assert t.reference == sweep.rate[0] and math.isclose(t.limit, 0.9 * sweep.rate[0])
    passing = sweep.rate >= t.limit
    first_fail = int(np.argmin(passing))
    assert not passing.all() and t.bounded
    assert t.value == sweep.values[first_fail - 1] and t.next_value == sweep.values[first_fail]
    # a weaker demand tolerates at least as much
    assert tolerance(sweep, 0.5).value >= t.value
    # the interval's upper end is more lenient than the rate, its lower end stricter
    assert tolerance(sweep, 0.9, column="ci_high").value >= t.value >= tolerance(sweep, 0.9, column="ci_low").value


def test_tolerance_ignores_a_later_value_that_passes_again():
    s = KnobSweep("c2c", np.array([0.0, 0.1, 0.2]), 10, np.array([10, 5, 10]), np.array([1.0, 0.5, 1.0]),
                  np.zeros(3), np.ones(3), np.zeros(3), (), NONE, "x")
    t = tolerance(s)
    assert (t.value, t.next_value) == (0.0, 0.1)


def _point(trained):
    """A sweep point from which crossbars trained (no epochs needed here)."""
    trained = np.asarray(trained, dtype=bool)
    k, n = int(trained.sum()), trained.size
    low, high = wilson_interval(k, n)
    return Convergence(n, k, k / n, low, high, np.zeros(k, int), NONE, DEFAULT, trained)


def _sweep(values, points):
    rates = np.array([p.rate for p in points])
    return KnobSweep("c2c", np.array(values), points[0].trials, np.array([p.converged for p in points]), rates,
                     np.array([p.ci_low for p in points]), np.array([p.ci_high for p in points]),
                     np.zeros(len(points)), tuple(points), NONE, "x")


def test_tolerance_holds_the_tolerated_value_to_its_own_paired_interval():
    """A value whose rate passes the bar but whose paired interval contains it is not shown
    tolerated: the tolerance lies between the value before it and it (referee 6, point 1)."""
    off = np.arange(1000) < 500  # 500 of 1,000 train with the knob off
    close = off & (np.arange(1000) < 455)  # ratio 0.91, paired half-width about 0.025
    far = np.arange(1000) < 300  # ratio 0.6
    s = _sweep([0.0, 0.1, 0.2], [_point(off), _point(close), _point(far)])
    ratio, low, high = paired_ratio(s, 0.1)
    assert math.isclose(ratio, 0.91) and low < 0.9 < high
    t = tolerance(s, 0.9)
    assert (t.value, t.next_value) == (0.1, 0.2)  # the point estimates pass 0.1
    assert (t.lower, t.upper) == (0.0, 0.1)  # its interval cannot tell; 0.2 is shown below
    # a value shown tolerated moves the lower end; one that is not shown below, the upper
    sure = off & (np.arange(1000) < 490)
    t = tolerance(_sweep([0.0, 0.05, 0.1, 0.2], [_point(off), _point(sure), _point(close), _point(far)]), 0.9)
    assert (t.value, t.lower, t.upper) == (0.1, 0.05, 0.1)
    # against an absolute goal the intervals are the Wilson intervals of the rates
    t = tolerance(s, goal=0.4)
    assert (t.value, t.lower, t.upper) == (0.1, 0.1, 0.1)
    t = tolerance(s, goal=0.455)  # 455 of 1,000 meets 0.455 but its interval straddles it
    assert (t.value, t.lower, t.upper) == (0.1, 0.0, 0.1)


def test_gated_rule_c2c_tolerance_is_a_range():
    """The chapter's case: the gated rule at 10 % c2c passes the bar by its rate (ratio 0.904) but
    its paired interval contains 0.9, as the batch rule's at 3.5 %: both verdicts are ranges."""
    gated = knob_sweep(DEVICE, DEFAULT.replace(rule="gated"), OFFSETS, "c2c", [0.0, 0.062, 0.1, 0.2],
                       trials=10_000)
    t = tolerance(gated, 0.9)
    assert (t.value, t.lower, t.upper) == (0.1, 0.062, 0.1)
    batch = knob_sweep(DEVICE, DEFAULT, OFFSETS, "c2c", [0.0, 0.02, 0.035, 0.05], trials=10_000)
    t = tolerance(batch, 0.9)
    assert (t.value, t.lower, t.upper) == (0.02, 0.02, 0.035)
    # the paired interval is the one computed from two separate runs of the same crossbars
    sample = sample_offsets(OFFSETS, 0, 10_000)
    x_off = train_batch(DEVICE, sample, DEFAULT, seed=0).converged
    x_on = train_batch(DEVICE, sample, DEFAULT, seed=0, nonideal=Nonidealities(c2c=0.035)).converged
    ratio = x_on.mean() / x_off.mean()
    half = 1.959963984540054 * np.std(x_on - ratio * x_off, ddof=1) / 100 / x_off.mean()
    assert np.allclose(paired_ratio(batch, 0.035), (ratio, ratio - half, ratio + half))


def test_paired_ratio_names_what_is_wrong():
    s = _sweep([0.0, 0.1], [_point(np.zeros(10)), _point(np.zeros(10))])
    with pytest.raises(ValueError, match="no crossbar trained with 'c2c' off"):
        paired_ratio(s, 0.1)
    with pytest.raises(TypeError, match="value = '0.1': expected one of the values of c2c swept, got str"):
        paired_ratio(s, "0.1")
    with pytest.raises(ValueError, match="c2c = 0.3 was not swept"):
        paired_ratio(s, 0.3)
    with pytest.raises(TypeError, match="sweep must be a KnobSweep, got NoneType"):
        paired_ratio(None, 0.1)
    with pytest.raises(ValueError, match="no knob-off value 0"):
        paired_ratio(_sweep([0.1], [_point(np.ones(10))]), 0.1)


def test_tolerance_unbounded_when_every_value_passes():
    sweep = knob_sweep(DEVICE, DEFAULT, OFFSETS, "read_noise", [0.0, 0.001], trials=500)
    t = tolerance(sweep, 0.5)
    assert t.value == 0.001 and not t.bounded and math.isnan(t.next_rate)


def test_bad_knob_is_named():
    with pytest.raises(ValueError, match="'wobble'"):
        knob_sweep(DEVICE, DEFAULT, OFFSETS, "wobble", [0.0], trials=10)


def test_bad_values_are_refused():
    with pytest.raises(ValueError, match="stuck_low"):
        knob_sweep(DEVICE, DEFAULT, OFFSETS, "stuck_low", [0.0, 1.5], trials=10)
    with pytest.raises(ValueError, match="non-empty"):
        knob_sweep(DEVICE, DEFAULT, OFFSETS, "c2c", [], trials=10)
    with pytest.raises(ValueError, match="trials"):
        knob_sweep(DEVICE, DEFAULT, OFFSETS, "c2c", [0.0], trials=0)


def test_tolerance_needs_the_knob_off_value():
    sweep = knob_sweep(DEVICE, DEFAULT, OFFSETS, "c2c", [0.01], trials=50)
    with pytest.raises(ValueError, match="knob-off"):
        tolerance(sweep)
    with pytest.raises(ValueError, match="fraction"):
        tolerance(knob_sweep(DEVICE, DEFAULT, OFFSETS, "c2c", [0.0], trials=50), 1.5)


def test_compare_rules_on_a_two_way_device():
    ag = preset("ag-si")
    rates = rule_convergence(ag, ["batch", "gated+two-way"], OFFSETS, setting=DEFAULT, trials=2000)
    assert list(rates) == ["batch", "gated+two-way"]
    assert rates["gated+two-way"].setting.rule == "batch+gated+two-way"
    # seed 0: about 60 % against about 99 %; the intervals are far apart
    assert rates["gated+two-way"].ci_low > rates["batch"].ci_high
    same = convergence(ag, DEFAULT, OFFSETS, trials=2000)
    assert same.converged == rates["batch"].converged


def test_two_way_rule_needs_a_two_way_device():
    with pytest.raises(ValueError, match="depression branch"):
        rule_convergence(DEVICE, ["two-way"], OFFSETS, setting=DEFAULT, trials=10)


def test_device_rate_view_matches_convergence():
    v = widgets.device_rate_view("ag-si", "two-way", 0.02, trials=500, draw=False)
    c = convergence(preset("ag-si"), DEFAULT.replace(rule="two-way"), OFFSETS,
                    nonideal=Nonidealities(c2c=0.02), trials=500)
    assert v.result.converged == c.converged and v.figure is None
    assert v.summary.startswith(f"ag-si, rule two-way, c2c 2%: {c.converged} of 500 trained")


def test_device_rate_view_explains_what_cannot_run():
    v = widgets.device_rate_view("default", "gated+two-way", 0.0, trials=10)
    assert v.result is None and v.figure is None
    assert v.summary.startswith("not run:") and "depression branch" in v.summary
    assert widgets.device_rate_view("nope", trials=10).summary.startswith("not run: unknown device preset")


def test_device_rate_view_draws_two_panels():
    v = widgets.device_rate_view("hzo-fefet", "gated+two-way", 0.0, trials=200)
    assert len(v.figure.axes) == 2 and len(v.figure.axes[0].lines) == 2


def test_knob_figure_labels_marks_above_the_rates():
    """The literature marks' labels sit in a band above 100 %, horizontal, where no rate line or
    tolerance line runs; the band of values a paired range cannot tell is shaded (referee 6, 17)."""
    from crossbar.views import plotting

    gated = knob_sweep(DEVICE, DEFAULT.replace(rule="gated"), OFFSETS, "c2c", [0.0, 0.062, 0.1, 0.2],
                       trials=10_000)
    marks = {"c2c": {"0.5-5% (NeuroSim)": 0.005, "": 0.05, "own scatter": 0.062}}
    fig = plotting.plot_knob_sweeps({"gated": [gated]}, {"gated": {"c2c": tolerance(gated)}}, marks, ncols=1)
    ax = fig.axes[0]
    texts = [t for t in ax.texts if t.get_text()]
    assert [t.get_text() for t in texts] == ["0.5-5% (NeuroSim)", "own scatter"]
    assert all(t.get_position()[1] > 100 and t.get_rotation() == 0 for t in texts)
    assert texts[0].get_position()[1] != texts[1].get_position()[1]  # two rows: they do not overlap
    assert ax.get_ylim()[1] > 115 and max(ax.get_yticks()) == 100
    for line in ax.lines:  # rates, marks and tolerance lines all stay within 0-100 %
        assert np.nanmax(line.get_ydata()) <= 100
    spans = [(c.get_paths()[0].vertices[:, 0].min(), c.get_paths()[0].vertices[:, 0].max())
             for c in ax.collections if c.get_paths()]
    assert sum(np.allclose(x, (6.2, 10)) for x in spans) == 1  # 6.2 % shown tolerated, 10 % cannot tell
    import matplotlib.pyplot as plt
    plt.close(fig)
