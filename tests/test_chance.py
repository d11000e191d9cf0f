"""The test that tells a noise tolerance from a search (crossbar.studies.chance), on the cases of the book.

Both chapters that report a rate under cycle-to-cycle noise beside a random-sign control apply it:
real-devices (the gated rule against 90 % of the batch rule's knob-off rate) and letters (the best
rule against the 95 % goal). The counts below are those of the executed chapters (seed 0).
"""

from pathlib import Path

import nbformat
import pytest

from crossbar.studies import chance_test, wilson_interval

CHAPTERS = Path(__file__).resolve().parents[1] / "book" / "chapters"
BATCH_OFF = wilson_interval(4694, 10_000)  # the batch rule with ideal devices, real-devices
ABS_BAR = (0.9 * BATCH_OFF[0], 0.9 * BATCH_OFF[1])  # 41.4 % - 43.1 %


def test_a_bar_chance_reaches_within_its_own_error_decides_nothing():
    # real-devices at c2c 20 %: the gated rule 86.8 %, random signs 40.9 % (40.0 - 41.9 %), the bar
    # 42.2 % (41.4 - 43.1 %): the rule clears the bar by far, but chance reaches the bar's interval
    test = chance_test((8680, 10_000), (4090, 10_000), ABS_BAR, walk=0.96)
    assert test.above_bar and test.beats_chance and test.walk_below_window
    assert not test.bar_decides and not test.tolerated
    assert "chance can meet the bar" in test.reason


def test_a_bar_chance_stays_below_decides():
    # real-devices at c2c 10 %: the gated rule 87.9 %, random signs 23.7 %, walk 0.32 windows
    test = chance_test((8790, 10_000), (2370, 10_000), ABS_BAR, walk=0.32)
    assert test.bar_decides and test.tolerated and test.reason == ""


def test_a_walk_of_a_window_is_no_tolerance_even_above_a_fixed_goal():
    # letters at c2c 10 %: the rule 98.3 % (96.2 - 99.3 %) of 300, random signs 49.3 %, goal 95 %,
    # the most-pulsed device of the median trained crossbar 1.60 windows
    test = chance_test((295, 300), (148, 300), 0.95, walk=1.60)
    assert test.bar_decides and test.above_bar and test.beats_chance
    assert not test.tolerated and "walk" in test.reason


def test_a_rule_whose_interval_touches_the_bar_is_not_above_it():
    test = chance_test((290, 300), (10, 300), 0.95, walk=0.1)  # 96.7 %, interval down to 94.0 %
    assert not test.above_bar and not test.tolerated


@pytest.mark.parametrize("kwargs, error, name", [
    (dict(rule=(301, 300)), ValueError, "successes"),
    (dict(rule=0.9), TypeError, "rule"),
    (dict(control=(1, 2, 3)), TypeError, "control"),
    (dict(bar=1.5), ValueError, "bar"),
    (dict(bar=(0.5, 0.4)), ValueError, "bar"),
    (dict(bar="0.9"), TypeError, "bar"),
    (dict(walk=-0.1), ValueError, "walk"),
    (dict(walk=float("nan")), ValueError, "walk"),
])
def test_bad_arguments_are_refused_naming_them(kwargs, error, name):
    args = dict(rule=(90, 100), control=(10, 100), bar=0.5, walk=0.1) | kwargs
    with pytest.raises(error, match=name):
        chance_test(**args)


@pytest.mark.parametrize("chapter", ["real-devices", "letters"])
def test_both_chapters_decide_their_noise_verdict_by_this_test(chapter):
    nb = nbformat.read(CHAPTERS / f"{chapter}.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "chance_test(" in code, f"{chapter} does not apply crossbar.studies.chance_test"
