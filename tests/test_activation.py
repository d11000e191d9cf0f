"""The engine's fast (vectorisable) tanh and 1/cosh^2 against its exact libm path: the stated bounds."""

import numba
import numpy as np
import pytest

from crossbar.training import kernel as activation


@numba.njit
def _both(x, f_exact, s_exact, f_fast, s_fast, far):
    for i in range(x.size):
        f_exact[i], s_exact[i] = activation.tanh_sech2(x[i])
        f_fast[i], s_fast[i], far[i] = activation.tanh_sech2_fast(x[i])


@numba.njit
def _exp_both(a, fast, libm):
    for i in range(a.size):
        fast[i] = activation.exp_fast(a[i])
        libm[i] = np.exp(a[i])


def _arguments(n, seed=0):
    """|x| spread over every scale the engine meets: near zero, the knee of tanh, the tails."""
    rng = np.random.default_rng(seed)
    parts = [rng.uniform(-1e-6, 1e-6, n), rng.uniform(-1, 1, n), rng.uniform(-5, 5, n),
             rng.uniform(-40, 40, n), rng.uniform(-activation.FAST_LIMIT, activation.FAST_LIMIT, n),
             np.array([0.0, -0.0, 1e-300, -1e-300, activation.FAST_LIMIT, -activation.FAST_LIMIT])]
    return np.concatenate(parts)


def test_fast_path_stays_within_its_stated_bounds():
    x = _arguments(2_000_000)
    f_exact, s_exact, f_fast, s_fast = (np.empty_like(x) for _ in range(4))
    far = np.empty(x.size, np.bool_)
    _both(x, f_exact, s_exact, f_fast, s_fast, far)
    assert not far.any()
    tanh_error = np.abs(f_fast - f_exact).max()
    sech2_error = (np.abs(s_fast - s_exact) / s_exact).max()
    # The bounds the engine relies on hold with a margin (the analytic worst cases are half).
    assert tanh_error <= activation.TANH_ERROR / 2, tanh_error
    assert sech2_error <= activation.SECH2_ERROR / 2, sech2_error
    # never the opposite sign (the fast path may round a tiny tanh to zero; that is within its bound)
    assert np.all(np.abs(f_fast) <= 1.0) and np.all(np.sign(f_fast) * np.sign(f_exact) >= 0)


def test_fast_exp_is_within_its_truncation_error_of_libm():
    a = -np.concatenate([np.random.default_rng(1).uniform(0, 700, 1_000_000), np.logspace(-300, 2.8, 10_000)])
    fast, libm = np.empty_like(a), np.empty_like(a)
    _exp_both(a, fast, libm)
    assert (np.abs(fast - libm) <= 1e-14 * libm).all()


@pytest.mark.parametrize("x", [activation.FAST_LIMIT * 1.0001, 800.0, -1e6, np.inf])
def test_arguments_beyond_the_fast_range_are_handed_to_the_exact_path(x):
    f_exact, s_exact, f_fast, s_fast = (np.empty(1) for _ in range(4))
    far = np.empty(1, np.bool_)
    _both(np.array([x]), f_exact, s_exact, f_fast, s_fast, far)
    assert far[0]
    assert f_exact[0] == np.sign(x) and 0.0 <= s_exact[0] < 1e-300
