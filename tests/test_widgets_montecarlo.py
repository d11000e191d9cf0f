"""Chapter 5: the rate widget's callback, the requirement answer and the outcome profile.

The rates below depend on seed 0 and the embedded default device; the bounds are loose
enough for 2,000 trials (Wilson half-width about 2 %) but each could be false.
"""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

import crossbar
from crossbar.studies import Study, outcome_profile, required_range, run_study
from crossbar.views import widgets


def _view(setting, **kw):
    return widgets.rate_view(setting.beta, setting.target_high, setting.target_low, setting.gain,
                             setting.max_epochs, draw=False, **kw)


def test_reference_setting_trains_under_one_percent():
    v = _view(crossbar.REFERENCE)
    assert v.trials == 2000 and v.rate < 0.01 and v.ci_high < 0.01
    assert v.summary.startswith("0 of 2,000 trained: 0.0%")  # seed 0: none of 2000
    # the interval as the book's printed outputs write it (referee 14, m2: '43.2 % – 47.6 %' in §5.7)
    assert f"(95% CI 0.0%\u2013{v.ci_high:.1%})" in v.summary


def test_default_setting_trains_over_thirty_percent():
    v = _view(crossbar.DEFAULT)
    assert 0.3 < v.ci_low < v.rate < v.ci_high < 0.6
    assert v.summary.startswith(f"{v.converged:,} of 2,000 trained") and "median" in v.summary
    assert math.isclose(v.range_ratio, 9e-8 / crossbar.default_device().window)


def test_same_crossbars_as_a_study():
    v = _view(crossbar.DEFAULT, trials=300, seed=4)
    s = run_study(Study(setting=crossbar.DEFAULT, trials=300, seed=4), progress=False).summary()
    assert (v.converged, v.ci_low, v.ci_high) == (s.converged, s.ci_low, s.ci_high)


def test_narrow_offset_range_trains_almost_every_crossbar():
    d = crossbar.DEFAULT
    wide = _view(d, trials=1000)
    narrow = _view(d, trials=1000, lo=1e-8, hi=1e-8 + 0.02 * crossbar.default_device().window)
    assert narrow.rate > 0.95 > wide.rate


def test_invalid_knobs_explain_instead_of_raising():
    v = widgets.rate_view(target_high=0.5, target_low=0.7, draw=False)
    assert v.setting is None and v.figure is None and math.isnan(v.rate)
    assert v.summary.startswith("not run:") and "target_low" in v.summary
    v = widgets.rate_view(lo=5e-8, hi=1e-8, draw=False)
    assert v.summary.startswith("not run:") and "lo < hi" in v.summary


def test_draws_the_epochs_histogram():
    v = widgets.rate_view(trials=200)
    assert v.figure is not None and v.figure.axes[0].get_xlabel() == "update epochs to converge"
    plt.close(v.figure)


def test_required_range_interpolates_the_first_crossing():
    table = {
        "range_ratio": np.array([0.1, 0.2, 0.4, 0.1, 0.2, 0.4, 0.1, 0.2, 0.4]),
        "offset_spread": np.array([1, 1, 1, 5, 5, 5, 9, 9, 9.0]),
        "rate": np.array([1.0, 0.9, 0.97, 0.99, 0.98, 0.96, 0.9, 0.8, 0.7]),
    }
    out = required_range(table, 0.95)
    assert out[1.0] == pytest.approx(0.1 + 0.05 / 0.1 * 0.1)  # first crossing, not the later recovery
    assert out[5.0] == 0.4  # never below: the widest range of the grid
    assert math.isnan(out[9.0])  # below already at the narrowest range


def test_outcome_profile_failed_trials_pile_on_the_end_of_the_curve():
    r = run_study(Study(setting=crossbar.DEFAULT, trials=500, seed=0), progress=False)
    p = outcome_profile(r)
    assert p["converged"]["trials"] + p["failed"]["trials"] == 500
    assert p["failed"]["ran_all_epochs"] == 1.0
    assert p["failed"]["max_pulses_median"] > p["last_point"] > p["converged"]["max_pulses_median"]
