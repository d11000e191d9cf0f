"""Probe 21c, N4: a bytearray or a memoryview is no array of numbers.

be7ef69 refused them where arrays pass through numbers.plain_array, but numpy reads either as an array of its
bytes, and the checks that refused text by ``isinstance(x, (str, bytes))`` let them through: ``dev.at(memoryview(
b'\\x05'))`` was the conductance after 5 pulses, ``sample_offsets(trials=bytearray(b'\\x05\\x0a'))`` the offsets of
trials 5 and 10, and ``run_sweep(Study(trials=2), Grid(gain=bytearray(b'\\x05\\x0a')))`` a sweep of gains 5 and 10.
One tuple, numbers.TEXT, now says what is text at every such check.
"""

import numpy as np
import pytest

import crossbar as c

BUFFERS = [bytearray(b"\x05\x0a"), memoryview(b"\x05\x0a"), memoryview(b"\x05")]


@pytest.fixture(scope="module")
def dev():
    return c.default_device()


CALLS = {
    "DeviceCurve.at": lambda dev, buf: dev.at(buf),
    "sample_offsets(trials=)": lambda dev, buf: c.sample_offsets(trials=buf),
    "apply_pulses(trials=)": lambda dev, buf: c.apply_pulses(dev, [1, 0], trials=buf),
    "Grid(gain=)": lambda dev, buf: c.Grid(gain=buf),
    "Grid(max_epochs=)": lambda dev, buf: c.Grid(max_epochs=buf),
    "train_networks(trials=)": lambda dev, buf: c.train_networks(
        dev, c.TrainingSetting(hidden=3, hidden_beta=3e7, max_epochs=3), c.diagonals_training(), trials=buf),
}


@pytest.mark.parametrize("buf", BUFFERS, ids=["bytearray", "memoryview", "memoryview1"])
@pytest.mark.parametrize("call", list(CALLS))
def test_a_byte_buffer_is_refused_as_no_array_of_numbers(dev, call, buf):
    with pytest.raises((TypeError, ValueError), match=r"bytearray|memoryview|memory at|expected a list of numbers"):
        CALLS[call](dev, buf)


def test_guard_lists_of_the_same_numbers_still_run(dev):
    np.testing.assert_array_equal(dev.at([5, 10]), dev.conductance[[5, 10]])
    assert c.Grid(gain=[5, 10]).axes == (("gain", (5.0, 10.0)),)
    assert c.sample_offsets(trials=[5, 10]).shape[0] == 2
