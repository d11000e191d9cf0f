"""The exact McNemar test (crossbar.studies.stats.mcnemar) and per-image correctness of a study's
trial (crossbar.studies.outcomes.recognised_images): the paired comparison of two classifiers on the
same test images (the networks chapter, Fig. 10.4)."""

import math

import numpy as np
import pytest

from crossbar.studies.stats import mcnemar


def _pairs(both, only_first, only_second, neither):
    first = [True] * both + [True] * only_first + [False] * only_second + [False] * neither
    second = [True] * both + [False] * only_first + [True] * only_second + [False] * neither
    return np.array(first), np.array(second)


def test_mcnemar_counts_only_the_discordant_images():
    first, second = _pairs(700, 1, 9, 90)
    result = mcnemar(first, second)
    assert (result.only_first, result.only_second) == (1, 9)
    # 2 P(B <= 1), B ~ Binomial(10, 1/2) = 2 (1 + 10) / 1024
    assert result.p_value == 22 / 1024
    # the concordant images change nothing
    assert mcnemar(*_pairs(5, 1, 9, 0)).p_value == 22 / 1024


def test_mcnemar_is_symmetric_and_capped_at_one():
    first, second = _pairs(50, 7, 3, 40)
    assert mcnemar(first, second).p_value == mcnemar(second, first).p_value
    assert mcnemar(*_pairs(50, 4, 4, 40)).p_value == 1.0  # 2 P(B <= 4) > 1 for b = c
    assert mcnemar(*_pairs(50, 0, 0, 40)).p_value == 1.0  # no discordant image: no evidence


def test_mcnemar_matches_the_binomial_tail_on_large_counts():
    first, second = _pairs(600, 40, 70, 90)
    tail = sum(math.comb(110, i) for i in range(41)) / 2 ** 110
    assert mcnemar(first, second).p_value == pytest.approx(2 * tail, rel=1e-12)
    assert mcnemar(first, second).p_value < 0.01
    # 0/1 integers are read as False/True
    assert mcnemar(first.astype(int), second.astype(int)) == mcnemar(first, second)


@pytest.mark.parametrize("first, second, error, words", [
    ([True, False], [True], ValueError, "first and second"),
    ([], [], ValueError, "first"),
    ([[True]], [[True]], ValueError, "first"),
    ([True, False], [1, 2], ValueError, "second"),
    ("10", [1, 0], TypeError, "first"),
])
def test_mcnemar_refuses_what_is_not_per_item_correctness(first, second, error, words):
    with pytest.raises(error, match=words):
        mcnemar(first, second)


def test_recognised_images_are_the_trials_own_test_classification():
    from crossbar import DEFAULT, NETWORK
    from crossbar.studies import Study, recognised_images, run_study
    from crossbar.tasks import digits

    train, test = digits(per_class=5)
    for setting in (DEFAULT.replace(max_epochs=5),
                    NETWORK.replace(hidden=4, max_epochs=3)):
        study = Study(setting=setting, patterns=train, test_patterns=test, trials=3, seed=2)
        table = run_study(study, progress=False).table
        for trial in (0, 2):  # trial 2 alone trains the devices it trained in a chunk of three
            images = recognised_images(study, trial)
            assert images.dtype == bool and images.shape == (len(test),)
            assert images.mean() == table["test_classification"][trial]


def test_recognised_images_refuses_a_trial_the_study_does_not_have():
    from crossbar.studies import Study, recognised_images

    with pytest.raises(ValueError, match="trial = 3"):
        recognised_images(Study(trials=3), 3)
    with pytest.raises(TypeError, match="study"):
        recognised_images("study", 0)


def test_mcnemar_takes_more_than_1023_discordant_items():
    """Probe 12c, A1: 2.0 ** n overflowed from 1,024 discordant items (MNIST's 10,000 test images reach that)."""
    from crossbar.studies import mcnemar

    first = np.array([True] * 700 + [False] * 600)
    result = mcnemar(first, ~first)
    assert (result.only_first, result.only_second) == (700, 600)
    assert 0.0 < result.p_value < 0.01  # 700 against 600 of 1,300 is about 2.8 standard deviations apart
