"""Rules against the linear-programming bound (crossbar.studies.rules) and the rule widget.

Seeded studies on the default device; the counts quoted in comments hold for seed 0.
"""

from __future__ import annotations

import numpy as np
import pytest

import crossbar
from crossbar.studies import Study, compare_rules, rate_curve, rule_row
from crossbar.views import rule_views

TRIALS = 300


@pytest.fixture(scope="module")
def diagonals():
    rules = {"batch": {"rule": "batch"}, "gated": {"rule": "gated"},
             "focused": {"rule": "focused", "max_epochs": 1000}}
    return compare_rules(Study(trials=TRIALS, seed=0, chunk_size=TRIALS), rules)


def test_no_rule_trains_a_crossbar_the_linear_program_rules_out(diagonals):
    for label, row in diagonals["rows"].items():
        assert row["infeasible_trained"] == 0, label
        assert row["rate"] <= diagonals["bound"]["rate"], label


def test_the_counts_add_up(diagonals):
    k = diagonals["bound"]["feasible"]
    for row in diagonals["rows"].values():
        won = row["converged"] - row["infeasible_trained"]
        assert won + row["feasible_failed"] == k
        assert row["of_feasible"] == pytest.approx(won / k)
        assert row["ci_low"] <= row["rate"] <= row["ci_high"]


def test_gating_and_focus_train_more_than_the_batch_rule(diagonals):
    rows = diagonals["rows"]
    # seed 0: batch about 45 %, gated about 97 %, focused about 99 % of 300
    assert rows["gated"]["ci_low"] > rows["batch"]["ci_high"]
    assert rows["focused"]["of_feasible"] > 0.97
    assert rows["batch"]["failed_all_epochs"] == 1.0


def test_the_same_crossbars_under_every_rule(diagonals):
    results = list(diagonals["results"].values())
    for r in results[1:]:
        assert np.array_equal(r.offsets, results[0].offsets)


def test_rule_row_refuses_a_bound_of_other_crossbars(diagonals):
    result = diagonals["results"]["batch"]
    with pytest.raises(ValueError, match="trials"):
        rule_row(result, np.ones(TRIALS - 1, bool))


def test_narrower_offsets_train_more_letters():
    training, test = crossbar.tasks.task("letters")
    study = Study(patterns=training, test_patterns=test, trials=400, seed=0, chunk_size=400,
                  setting=crossbar.DEFAULT.replace(beta=3e7, target_high=0.3, target_low=-0.3,
                                                   rule="gated", max_epochs=300))
    lo = crossbar.REFERENCE_OFFSETS.lo
    curve = rate_curve(study, "offset_hi", [lo + 5e-9, crossbar.REFERENCE_OFFSETS.hi])
    assert curve["ci_low"][0] > curve["ci_high"][1], curve
    with pytest.raises(ValueError, match="knob"):
        rate_curve(study, "beta", [1e7])


def test_cycle_to_cycle_noise_is_applied():
    study = Study(trials=200, seed=0, chunk_size=200,
                  setting=crossbar.DEFAULT.replace(rule="gated"))
    curve = rate_curve(study, "c2c", [0.0, 0.5])
    assert curve["rate"][1] < curve["rate"][0], curve


def test_rule_widget_reports_the_rule_against_the_bound():
    view = rule_views.rule_view("gated", 0.7, trials=100, seed=0)
    assert view.rule == "batch+gated+focus=0.7"
    assert f"{view.row['converged']} of 100 trained" in view.summary
    assert "LP bound" in view.summary and view.figure is not None
    assert rule_views.rule_view("batch", 0.0, trials=100, draw=False).figure is None


def test_rule_widget_explains_a_rule_that_does_not_exist():
    view = rule_views.rule_view("online", 0.5, trials=100)
    assert view.rule is None and view.figure is None
    assert view.summary.startswith("not run:") and "focus" in view.summary


def test_letters_are_drawn_without_their_bias_row():
    training, _ = crossbar.tasks.task("letters")
    fig = rule_views.plot_letters(training, names="zvn")
    images = [ax for ax in fig.axes if ax.images]
    assert len(images) == 30
    assert images[0].images[0].get_array().shape == (3, 3)


def test_crossing_interpolates_where_the_rate_falls_below_the_level():
    from crossbar.studies.rules import crossing

    curve = {"value": [1.0, 2.0, 3.0], "rate": [1.0, 0.99, 0.91]}
    assert crossing(curve, 0.95) == pytest.approx(2.5)
    assert crossing(curve, 0.9) == 3.0  # never below: the last value tried
    assert np.isnan(crossing(curve, 1.01))


def test_letters_widget_trains_more_with_narrower_offsets():
    narrow = rule_views.letters_view("focused", 0.3, trials=200, max_epochs=300, draw=False)
    wide = rule_views.letters_view("focused", 3.0, trials=200, max_epochs=300)
    assert narrow.rule == "batch+gated+refresh+focus=0.7" and narrow.figure is None
    assert narrow.ci_low > wide.ci_high, (narrow.summary, wide.summary)
    assert "of 200 trained" in wide.summary and wide.figure is not None
    bad = rule_views.letters_view("online+focus=0.5", 1.0, trials=10)
    assert bad.rule is None and bad.summary.startswith("not run:")
