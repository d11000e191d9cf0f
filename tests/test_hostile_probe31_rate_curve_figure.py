"""`plot_rate_curve` refuses rates that are no results, as `plot_unit_rates` does (probe 31c, C31-15): a rate of 1.5
was drawn at 150 %, off its own axes (0 ... 102 %), a NaN rate as no point, a rate outside its interval as if inside."""

import numpy as np
import pytest

from crossbar.views.rule_views import plot_rate_curve

GOOD = {"value": [0.0, 1.0, 2.0], "rate": [0.5, 0.95, 0.99], "ci_low": [0.4, 0.9, 0.97], "ci_high": [0.6, 0.98, 1.0]}


@pytest.mark.parametrize("column, k, bad, said", [
    ("rate", 1, 1.5, r"curve row 1 \(rate, ci_low, ci_high\)\[0\] = 1.5: expected .* each from 0 to 1"),
    ("rate", 2, np.nan, r"curve row 2 \(rate, ci_low, ci_high\)\[0\] = nan"),
    ("rate", 0, 0.3, r"curve row 0 \(rate, ci_low, ci_high\) = \(0.3, 0.4, 0.6\): expected a rate inside its interval"),
    ("ci_high", 1, -0.1, r"curve row 1 \(rate, ci_low, ci_high\)\[2\] = -0.1"),
    ("value", 2, np.inf, r"curve\['value'\]\[2\] = inf: expected a finite value of the knob"),
])
def test_a_rate_that_is_no_result_is_refused_naming_its_row(column, k, bad, said):
    curve = {key: list(values) for key, values in GOOD.items()}
    curve[column][k] = bad
    with pytest.raises(ValueError, match=f"^plot_rate_curve: {said}"):
        plot_rate_curve(curve)


def test_a_curve_of_results_is_drawn():
    fig = plot_rate_curve(GOOD)
    assert list(fig.axes[0].lines[0].get_ydata()) == [50.0, 95.0, 99.0]
