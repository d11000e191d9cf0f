"""Device laws: fits that say when they end at a bound, a law for curves that accelerate, and
NeuroSim's nonlinearity label both ways."""

import warnings

import numpy as np
import pytest

import crossbar
from crossbar.devices import laws, preset

# Points of NeuroSim's NL -> A / P_max table (MLP+NeuroSim V3.0, documents/Nonlinearity-NormA.htm)
# that laws._NL_TABLE does not hold: the interpolation between its points is checked on them.
OTHER_TABLE_POINTS = [(0.03, 42.0894), (0.09, 14.0289), (1.37, 0.9065), (1.52, 0.8139), (2.87, 0.4075),
                      (3.05, 0.3793), (4.37, 0.2375), (5.87, 0.1422), (7.37, 0.0754), (7.6, 0.0668), (8.4, 0.0399),
                      (8.93, 0.0247)]


def test_the_nl_label_and_its_inverse_agree_with_neurosims_table():
    for nl, a in laws._NL_TABLE:
        assert laws.nl_to_a(nl) == pytest.approx(a, rel=1e-12)
        assert laws.nl_label(a) == pytest.approx(nl, rel=1e-12)
    for nl, a in OTHER_TABLE_POINTS:
        assert laws.nl_to_a(nl) == pytest.approx(a, rel=0.015), nl
        assert laws.nl_label(a) == pytest.approx(nl, rel=0.015), nl
    for x in np.geomspace(0.01, 9, 57):
        assert laws.nl_label(laws.nl_to_a(x)) == pytest.approx(x, rel=1e-12)
    with pytest.raises(ValueError, match="expected 0.01 <= |NL| <= 9"):
        laws.nl_to_a(9.5)
    with pytest.raises(ValueError, match="more linear than NL 0.01"):
        laws.nl_label(500.0)


@pytest.mark.parametrize("name", ["ag-si", "pcmo", "epiram"])
def test_a_fit_of_a_preset_gives_back_its_published_label(name):
    device = preset(name)
    with warnings.catch_warnings():
        warnings.simplefilter("error", laws.LawFitWarning)
        up = laws.fit_neurosim(device.conductance)
        down = laws.fit_neurosim(device.depression, depression=True)
    spec = crossbar.DEVICE_PRESETS[name]
    assert up.nl == pytest.approx(abs(spec.nl_up), rel=1e-6)
    assert down.nl == pytest.approx(abs(spec.nl_down), rel=1e-6)
    np.testing.assert_allclose(down(np.arange(device.depression.size)), device.depression, rtol=1e-9)


def _accelerating(points=101, gamma=1.8):
    m = np.arange(points)
    return 1.6e-3 + 8e-4 * (m / (points - 1)) ** gamma + 2e-6 * np.sin(m)


@pytest.mark.parametrize("fit", [laws.fit_saturating, laws.fit_neurosim, laws.fit_soft_bounds])
def test_a_saturating_law_on_an_accelerating_curve_warns_and_says_which_parameter(fit):
    with pytest.warns(laws.LawFitWarning, match="ended at a bound of the fit"):
        result = fit(_accelerating())
    assert result.at_bound
    assert f"{result.at_bound[0]} ended at a bound of the fit" in result.summary()


def test_the_power_law_follows_an_accelerating_and_a_saturating_curve():
    with warnings.catch_warnings():
        warnings.simplefilter("error", laws.LawFitWarning)
        up = laws.fit_power_law(_accelerating(gamma=1.8))
        down = laws.fit_power_law(1e-7 + 1e-8 * np.sqrt(np.arange(40)))
    assert up.exponent == pytest.approx(1.8, rel=0.02) and up.at_bound == ()
    assert up.noise < 2e-6  # the sine's own size: the law follows the curve
    assert down.exponent == pytest.approx(0.5, rel=1e-6)
    assert "ended at a bound" not in up.summary() and "exponent = 1.8" in up.summary()


def test_the_default_device_fits_without_a_bound():
    with warnings.catch_warnings():
        warnings.simplefilter("error", laws.LawFitWarning)
        for fit in (laws.fit_saturating, laws.fit_logarithmic, laws.fit_neurosim, laws.fit_soft_bounds,
                    laws.fit_power_law):
            assert fit(crossbar.default_device().conductance).at_bound == ()


def test_a_long_curve_is_fitted_from_where_it_rises_and_short_ones_as_before(monkeypatch):
    """Probe 6 (CLI cause 9): from tau = 3 pulses the fit of a 300,000-point curve took hundreds of evaluations
    to walk tau up (`crossbar device` past 200 s on a 1.5 M-row file); a long curve now starts where it has
    risen by 1 - 1/e of its window, and finds the same law in a few dozen. Instruments' curves keep their start,
    so their fits, and the noise calibrated from them, are unchanged to the bit."""
    from scipy import optimize

    calls = []

    def counted(f, *args, **kwargs):
        calls.append(kwargs["p0"][2])
        return optimize.curve_fit(f, *args, **kwargs)

    m = np.arange(300_000.0)
    g = 1e-6 + 9e-6 * (1 - np.exp(-(m / 90_000) ** 0.8))
    evaluations, original = [], laws._stretched_exponential

    def law(*args):
        evaluations.append(1)
        return original(*args)

    monkeypatch.setattr(laws, "curve_fit", counted)
    monkeypatch.setattr(laws, "_stretched_exponential", law)
    fit = laws.fit_saturating(g)
    assert fit.tau == pytest.approx(90_000, rel=1e-6) and fit.stretch == pytest.approx(0.8, rel=1e-6)
    assert calls[-1] > 10_000 and len(evaluations) < 100  # 652 from tau = 3
    short = crossbar.default_device().conductance
    laws.fit_saturating(short)
    assert calls[-1] == 3.0
