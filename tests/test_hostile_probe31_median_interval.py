"""`median_interval` of 1,024 values or more (probe 31c, C31-17: a crash). Its coverage divided by 2.0 ** n, which
overflows from n = 1024: a raw OverflowError from median_interval, and so from `outcome` and `outcome_of` of any study
of 1,024 trials or more. The coverage is now the exact sum's one rounded quotient, as it was below 1,024."""

import math

import numpy as np
import pytest

from crossbar.studies import Study, outcome_of, run_study
from crossbar.studies.stats import median_interval


def _exact(n, confidence):
    """The largest j whose exact coverage reaches `confidence`, and that coverage, by fractions."""
    from fractions import Fraction
    best, tail = None, 0
    for j in range(1, (n + 1) // 2 + 1):
        tail += math.comb(n, j - 1)
        cover = 1 - Fraction(2 * tail, 2 ** n)
        if cover < confidence:
            break
        best = j, cover
    return best


@pytest.mark.parametrize("n", [10, 20, 1023, 1024, 1025, 3001])
def test_the_interval_is_the_exact_sign_test_interval_at_any_size(n):
    x = np.random.default_rng(n).normal(size=n)
    median, low, high, coverage = median_interval(x)
    j, exact = _exact(n, 0.95)
    ordered = np.sort(x)
    assert (median, low, high) == (float(np.median(x)), ordered[j - 1], ordered[n - j])
    assert coverage == float(exact) and coverage >= 0.95


def test_a_study_of_1024_trials_or_more_has_its_outcome():
    table = run_study(Study(trials=1100, chunk_size=1100), progress=False).table
    out = outcome_of(table)
    assert out.trials == 1100 and out.recognised[0] == float(np.median(table["test_classification"]))
    assert 0.95 <= out.coverage < 1 and out.recognised[1] <= out.recognised[0] <= out.recognised[2]
