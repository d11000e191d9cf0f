"""The median and its distribution-free interval, and the outcome rows the networks chapter
tabulates from a crossbar study and a network study alike."""

import math

import numpy as np
import pytest

from crossbar.studies import Outcome, median_interval, outcome_of
from crossbar.studies.stats import median_interval as stats_median_interval


def _binomial_coverage(n, j):
    return 1 - 2 * sum(math.comb(n, i) for i in range(j)) / 2 ** n


@pytest.mark.parametrize("n, j, coverage", [(6, 1, 0.96875), (10, 2, 0.978515625), (20, 6, 0.9586105346679688),
                                            (100, 40, None)])
def test_median_interval_takes_the_widest_rank_that_keeps_95_percent(n, j, coverage):
    values = np.random.default_rng(n).permutation(np.arange(n, dtype=float))
    median, low, high, cov = median_interval(values)
    assert median == np.median(values)
    assert (low, high) == (j - 1, n - j)  # order statistics x_(j) and x_(n+1-j) of 0 ... n-1
    assert cov == pytest.approx(_binomial_coverage(n, j), abs=1e-12) and cov >= 0.95
    assert _binomial_coverage(n, j + 1) < 0.95  # one rank further in would fall short
    if coverage is not None:
        assert cov == pytest.approx(coverage, abs=1e-12)


def test_the_interval_covers_the_median_as_often_as_it_says():
    rng = np.random.default_rng(0)
    hits = [lo <= 0.0 <= hi for lo, hi in (median_interval(rng.standard_cauchy(10))[1:3] for _ in range(4000))]
    assert np.mean(hits) == pytest.approx(0.9785, abs=0.01)  # exact whatever the distribution


def test_median_interval_refuses_what_gives_no_interval():
    with pytest.raises(ValueError, match="5 values give no 95 % interval of the median; at least 6"):
        median_interval([1, 2, 3, 4, 5])
    with pytest.raises(ValueError, match="NaN"):
        median_interval([1, 2, 3, 4, 5, np.nan])
    with pytest.raises(ValueError, match="confidence = 1.5"):
        median_interval(range(10), confidence=1.5)
    assert median_interval is stats_median_interval


def _table(n, network):
    names = ["epochs", "test_accuracy", "test_classification"] + (["training_classification", "write_energy"]
                                                                   if network else [])
    table = np.zeros(n, dtype=[(name, "<f8") for name in names])
    for k, name in enumerate(names):
        table[name] = np.arange(n) * (k + 1) / (10 * n)
    return table


def test_an_outcome_holds_each_column_median_and_interval_and_nan_where_a_study_has_none():
    crossbar_row = outcome_of(_table(10, network=False), "one crossbar")
    network_row = outcome_of(_table(10, network=True), "network")
    assert isinstance(crossbar_row, Outcome) and crossbar_row.trials == 10
    assert crossbar_row.answers == median_interval(_table(10, False)["test_accuracy"])[:3]
    assert crossbar_row.recognised == median_interval(_table(10, False)["test_classification"])[:3]
    assert all(math.isnan(v) for v in crossbar_row.energy + crossbar_row.trained)
    assert network_row.energy == median_interval(_table(10, True)["write_energy"])[:3]
    assert crossbar_row.coverage == pytest.approx(0.978515625)
    label, trials, recognised, answers = network_row.row()
    assert (label, trials) == ("network", "10") and recognised == "13.5 (3.0-24.0)"
    assert crossbar_row.row("renamed")[0] == "renamed"
    with pytest.raises(ValueError, match="at least 6"):
        outcome_of(_table(4, network=True))
