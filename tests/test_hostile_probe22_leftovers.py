"""Issue 20's leftovers after probes 21a and 21c: fixes at the wrong depth, and the last device-file messages.

1. ``DeviceCurve.at`` refused text itself (1022fe2) because it called ``np.asanyarray`` before ``index_array``, whose
   check of text came too late; ``index_array(..., shaped=True)`` now reads a count or an array of any shape, text
   refused first, so there is one check. A ragged list was numpy's own "inhomogeneous shape" ValueError.
"""

import numpy as np
import pytest

import crossbar as c

CURVE = 1e-6 * (1 + 0.5 * (1 - np.exp(-np.arange(31) / 8)))


# 1. DeviceCurve.at: one check of what is no count, in index_array


@pytest.mark.parametrize("counts", [[[1], [2, 3]], [1, [2, 3]], ([0], [1, 2], 3)])
def test_at_refuses_a_ragged_list_in_one_line_of_its_own(counts):
    with pytest.raises(TypeError, match=r"^pulse_count must be a whole number >= 0 or an array of them, got "
                                        r"(list|tuple)$"):
        c.DeviceCurve(CURVE).at(counts)


def test_at_refuses_none_naming_what_it_takes():
    """None was 'must hold integers, got NoneType': numpy read it as an object before index_array saw it."""
    with pytest.raises(TypeError, match=r"^pulse_count must be a whole number >= 0 or an array of them, got NoneType$"):
        c.DeviceCurve(CURVE).at(None)


@pytest.mark.parametrize("text", ["3", b"\x03", bytearray(b"\x03"), memoryview(b"\x03")])
def test_guard_at_refuses_text_with_the_same_message(text):
    """Guard (passes before and after): the message of 1022fe2's check in DeviceCurve.at, now index_array's."""
    with pytest.raises(TypeError, match=rf"^pulse_count must be a whole number >= 0 or an array of them, got "
                                        rf"{type(text).__name__}$"):
        c.DeviceCurve(CURVE).at(text)


def test_guard_at_reads_counts_of_every_shape_as_before():
    """Guard (passes before and after): a count, a numpy count, a list, nested lists, a 0-d and a broadcast array."""
    curve = c.DeviceCurve(CURVE)
    assert curve.at(3) == CURVE[3] and curve.at(np.int8(40)) == CURVE[-1] and curve.at(np.array(2)) == CURVE[2]
    np.testing.assert_array_equal(curve.at([[0, 5], [99, 1]]), CURVE[[[0, 5], [30, 1]]])
    np.testing.assert_array_equal(curve.at(np.broadcast_to(np.uint8(7), (2, 3))), np.full((2, 3), CURVE[7]))
    assert curve.at([]).shape == (0,)
    with pytest.raises(TypeError, match="^pulse_count must hold integers, got float64 values$"):
        curve.at([1.5])
