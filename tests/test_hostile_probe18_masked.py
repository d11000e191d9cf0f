"""Probe 18c, W1: numpy masked arrays lost their mask on the way in (np.asarray drops it), so the data under a
masked entry was used without a word. A masked entry is refused naming the argument; nothing masked is its data."""

import numpy as np
import pytest

import crossbar as cb


def _masked_offsets():
    offsets = np.ma.masked_array(cb.sample_offsets(trials=3))
    offsets[0, 0, 0] = np.ma.masked
    return offsets


@pytest.mark.parametrize("call, name", [
    (lambda: cb.wilson_interval(np.ma.masked, 10), "successes"),
    (lambda: cb.wilson_interval(np.ma.masked_array([3, 5], mask=[0, 1]), 10), "successes"),
    (lambda: cb.wilson_interval(np.ma.masked_array(3, mask=True), 10), "successes"),
    (lambda: cb.wilson_interval(3, np.ma.masked_array([10, 10], mask=[1, 0])), "trials"),
    (lambda: cb.train_batch(cb.default_device(), _masked_offsets()), "offsets"),
    (lambda: cb.DeviceCurve(np.ma.masked_array([1e-7, 1.5e-7, 2e-7, 9e-7, 3e-7], mask=[0, 0, 0, 1, 0])), ""),
], ids=["masked-constant", "masked-entry", "masked-0d", "masked-trials", "train-batch-offsets", "device-curve"])
def test_a_masked_entry_is_refused_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=f"{name}.*masked array with 1 masked entry"):
        call()


def test_guard_a_masked_array_with_nothing_masked_is_its_data():
    assert cb.wilson_interval(np.ma.masked_array([3, 5]), 10)[0].tolist() == cb.wilson_interval([3, 5], 10)[0].tolist()
    offsets = cb.sample_offsets(trials=2)
    run = cb.train_batch(cb.default_device(), np.ma.masked_array(offsets), cb.DEFAULT.replace(max_epochs=5))
    plain = cb.train_batch(cb.default_device(), offsets, cb.DEFAULT.replace(max_epochs=5))
    assert np.array_equal(run.pulse_count, plain.pulse_count)
