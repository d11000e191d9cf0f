"""Validated settings, offset distributions and the per-trial random streams."""

import numpy as np
import pytest

import crossbar
from crossbar import random as xrandom
from crossbar.devices.offsets import offsets_from_spec


@pytest.mark.parametrize("change, message", [
    (dict(beta=0), "beta = 0: expected > 0"),
    (dict(beta=float("nan")), "beta = nan: expected a finite number"),
    (dict(target_high=1.2), "target_high = 1.2: expected inside (-1, 1)"),
    (dict(target_low=0.9), "target_low = 0.9: expected inside (-1, target_high=0.8)"),
    (dict(gain=-1), "gain = -1: expected > 0"),
    (dict(max_epochs=2.5), "max_epochs = 2.5: expected an integer >= 0"),
    (dict(v_zero=0.1), "v_zero = 0.1: expected different from v_one"),
])
def test_bad_settings_name_the_field_and_the_allowed_range(change, message):
    with pytest.raises(ValueError) as info:
        crossbar.REFERENCE.replace(**change)
    assert message in str(info.value)


def test_reference_setting_is_the_published_one():
    r = crossbar.REFERENCE
    assert (r.beta, r.target_high, r.target_low, r.gain, r.max_epochs) == (6e6, 0.8, -0.8, 10, 50)


def test_reference_offsets_span_exactly_lo_to_hi_per_crossbar():
    s = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=2, trials=1000)
    assert s.shape == (1000, 4, 4)
    np.testing.assert_allclose(s.min(axis=(1, 2)), 1e-8, rtol=1e-12)
    np.testing.assert_allclose(s.max(axis=(1, 2)), 1e-7, rtol=1e-12)
    # lognormal before rescaling: skewed towards lo, so the median sits below the midpoint
    assert np.median(s) < 5.5e-8


def test_other_distributions():
    e = crossbar.sample_offsets(crossbar.RescaledExponential(2e-8, 4e-8), seed=1, trials=200)
    np.testing.assert_allclose(e.min(axis=(1, 2)), 2e-8, rtol=1e-12)
    np.testing.assert_allclose(e.max(axis=(1, 2)), 4e-8, rtol=1e-12)
    ln = crossbar.sample_offsets(crossbar.Lognormal(3e-8, 0.5), seed=1, trials=4000)
    assert np.median(ln) == pytest.approx(3e-8, rel=0.03)
    assert np.std(np.log(ln)) == pytest.approx(0.5, rel=0.03)
    assert not crossbar.sample_offsets(crossbar.NoOffsets(), trials=3).any()
    fixed = crossbar.FixedOffsets(np.arange(16.0).reshape(4, 4) * 1e-9)
    np.testing.assert_array_equal(crossbar.sample_offsets(fixed, trials=2)[1], fixed.matrix)
    with pytest.raises(ValueError, match=r"offset matrix has shape \(2, 2\), the crossbar needs \(4, 4\)"):
        crossbar.sample_offsets(crossbar.FixedOffsets(np.ones((2, 2))), trials=1)
    with pytest.raises(ValueError, match="0 <= lo < hi"):
        crossbar.RescaledLognormal(1e-7, 1e-8)
    for d in (crossbar.RescaledLognormal(1e-8, 2e-7, 3.0), crossbar.Lognormal(1e-8, 0.2), crossbar.NoOffsets(), fixed):
        again = offsets_from_spec(d.describe())
        np.testing.assert_array_equal(crossbar.sample_offsets(again, seed=4, trials=3),
                                      crossbar.sample_offsets(d, seed=4, trials=3))


def test_streams_are_uniform_normal_and_per_trial():
    u = xrandom.uniform(1, np.arange(2000), 50)
    assert 0 < u.min() and u.max() < 1
    assert u.mean() == pytest.approx(0.5, abs=0.003)
    assert np.corrcoef(u[:, 0], u[:, 1])[0, 1] == pytest.approx(0, abs=0.05)
    z = xrandom.standard_normal(1, np.arange(2000), 50)
    assert z.mean() == pytest.approx(0, abs=0.01) and z.std() == pytest.approx(1, abs=0.01)
    # a trial's stream does not depend on its neighbours, its position, or how many draws are asked
    np.testing.assert_array_equal(xrandom.uniform(1, [1500, 7], 30), u[[1500, 7], :30])
    assert not np.array_equal(xrandom.uniform(2, [7], 50), u[[7]])
    with pytest.raises(ValueError, match=r"seed must be an integer from 0 to 2\*\*63 - 1, got -1"):
        xrandom.stream_key(-1)
