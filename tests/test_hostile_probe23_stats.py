"""Probe 23c, C23-10: `wilson_interval` with counts of shapes that do not broadcast raised numpy's "operands could not
be broadcast together with shapes (2,) (3,)", naming neither argument. It names both and their shapes."""

import numpy as np
import pytest

import crossbar


@pytest.mark.parametrize("successes, trials, shapes", [
    ([1, 2], [10, 10, 10], "(2,) and trials (3,)"),
    ([[1, 2], [3, 4]], [10, 10, 10], "(2, 2) and trials (3,)"),
])
def test_counts_of_shapes_that_do_not_broadcast_are_named(successes, trials, shapes):
    with pytest.raises(ValueError) as caught:
        crossbar.wilson_interval(successes, trials)
    assert str(caught.value) == (f"successes has shape {shapes}: expected arrays of the same shape (or shapes that "
                                 "broadcast, such as one trials for all)")


def test_guard_counts_that_broadcast_are_taken():
    """Guard: one trials for all, and a column against a row, as numpy broadcasts them."""
    low, high = crossbar.wilson_interval([1, 2], 10)
    assert low.shape == (2,) and np.all(low < high)
    low, _ = crossbar.wilson_interval([[1], [2]], [10, 20, 30])
    assert low.shape == (2, 3)
    assert crossbar.wilson_interval(3, 10) == pytest.approx((0.1078, 0.6032), abs=1e-4)
