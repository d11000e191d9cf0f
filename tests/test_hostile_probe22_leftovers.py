"""Issue 20's leftovers after probes 21a and 21c: fixes at the wrong depth, and the last device-file messages.

1. ``DeviceCurve.at`` refused text itself (1022fe2) because it called ``np.asanyarray`` before ``index_array``, whose
   check of text came too late; ``index_array(..., shaped=True)`` now reads a count or an array of any shape, text
   refused first, so there is one check. A ragged list was numpy's own "inhomogeneous shape" ValueError.
2. A cycle's number written with an exponent after a cycle word or '#' (``G (uS) cycle 3e0``, ``R (kOhm) #3e0``,
   ``c3e0``; probe 21a, 25 cases) was refused as "'3e0' is a scale written in the name" (the power-of-ten check ran
   before the label words), or glued ('c3e0') as a column naming no cycle. It is a cycle number that is not read,
   as '3.0' is, and says so in the one message of every such form. It is not read as 3: a cycle is numbered in digits.
"""

import numpy as np
import pytest

import crossbar as c
from crossbar.cli import main
from crossbar.devices import DeviceFileError

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


# 2. A cycle's number with an exponent: a cycle number not read, not "a scale"

PULSES = 12
FAMILY = ["G (uS) cycle {}e0", "G (uS) Cycle {}E0", "G (uS) cycle{}e0", "G (uS) c{}e0", "G_c{}e0_uS", "G (uS) run {}e0",
          "G (uS) sweep_{}e0", "G (nS) cycle no. {}e0", "G#{}e0", "R (kOhm) #{}e0", "cycle {}e0 I (uA) @ 0.1 V",
          "G (uS) cycle {}e+0", "G (uS) cycle {}0e-1", "G (uS) cycle {}.0e0", "G (uS) trial {}e0"]


def _cycles(tmp_path, spelling, numbers=(1, 2, 3)):
    rows = [[str(k)] + [f"{1 + 0.1 * n + 0.02 * k:.4f}" for n in range(len(numbers))] for k in range(PULSES)]
    path = tmp_path / "cycles.csv"
    path.write_text(",".join(["pulse"] + [spelling.format(n) for n in numbers]) + "\n"
                    + "".join(",".join(r) + "\n" for r in rows))
    return path


@pytest.mark.parametrize("spelling", FAMILY)
def test_a_cycle_number_with_an_exponent_is_refused_as_a_cycle_number_not_read(tmp_path, spelling):
    path = _cycles(tmp_path, spelling)
    with pytest.raises(DeviceFileError) as refused:
        c.load_device(path, read_voltage=0.1 if spelling.startswith("cycle") else None)
    message = str(refused.value)
    assert "scale" not in message and "names none" not in message, message
    first = spelling.format(1)
    said = first[first.index("1") - ("+" in first[:first.index("1")]):].split(" I (")[0].split("_uS")[0]
    assert f"line 1: column {first!r} names its cycle as {said!r}, which is not read: expected a whole number in " \
           "digits 0-9, at most 9 of them, with no sign, decimal point or exponent (e.g. 'G (uS) cycle 1')" in message


@pytest.mark.parametrize("spelling", ["G (uS) cycle 3e0", "G (uS) c3e0", "G#3e0", "G (uS) cycle 1e1"])
def test_one_column_naming_its_cycle_with_an_exponent_is_refused_too(tmp_path, spelling):
    """One value column loads whatever its label, but '3e0' was "a scale" there too; it is no scale, and no label
    read: refused as the cycles are, the example its number ('1e1': 'cycle 10')."""
    path = tmp_path / "one.csv"
    path.write_text(f"pulse,{spelling}\n" + "".join(f"{k},{1 + 0.05 * k}\n" for k in range(PULSES)))
    number = {"1e1": 10}.get(spelling[-3:], 3)
    with pytest.raises(DeviceFileError, match=rf"names its cycle as '{spelling[-3:]}', which is not read: .*"
                                              rf"\(e\.g\. 'G \(uS\) cycle {number}'\)$"):
        c.load_device(path)


def test_the_command_line_refuses_a_cycle_number_with_an_exponent_in_one_line(tmp_path, capsys):
    path = _cycles(tmp_path, "G (uS) cycle {}e0", numbers=(3, 1, 2))
    assert main(["device", "--device", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "column 'G (uS) cycle 3e0' names its cycle as '3e0', which is not read" in err


@pytest.mark.parametrize("spelling", ["G (uS) 1e3", "G (uS) x 1e3", "G (uS) sample 1e3", "G (uS) spec 1e3",
                                      "G (uS) sec 1e3"])
def test_guard_a_power_of_ten_after_no_cycle_word_is_still_a_scale(tmp_path, spelling):
    """Guard (refused so before and after): a power of ten beside no cycle word or '#' is still a possible scale."""
    path = tmp_path / "one.csv"
    path.write_text(f"pulse,{spelling}\n" + "".join(f"{k},{1 + 0.05 * k}\n" for k in range(PULSES)))
    with pytest.raises(DeviceFileError, match="is a scale written in the name"):
        c.load_device(path)


def test_guard_cycles_in_digits_and_pandas_copies_load(tmp_path):
    """Guard (loads before and after): cycles numbered in digits, and '3.0' keeps its refusal's words."""
    for spelling in ("G (uS) cycle {}", "G (uS) c{}", "G (uS) #{}", "G (uS) cycle no. {}"):
        device = c.load_device(_cycles(tmp_path, spelling))
        assert device.cycles.shape == (3, PULSES)
        np.testing.assert_allclose(device.cycles[:, 0], [1e-6, 1.1e-6, 1.2e-6], rtol=1e-12)
    with pytest.raises(DeviceFileError, match="names its cycle as '2.0', which is not read: expected a whole number"):
        c.load_device(_cycles(tmp_path, "G (uS) cycle {}.0"))
