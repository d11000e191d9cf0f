"""Issue 20's leftovers after probes 21a and 21c: fixes at the wrong depth, and the last device-file messages.

1. ``DeviceCurve.at`` refused text itself (1022fe2) because it called ``np.asanyarray`` before ``index_array``, whose
   check of text came too late; ``index_array(..., shaped=True)`` now reads a count or an array of any shape, text
   refused first, so there is one check. A ragged list was numpy's own "inhomogeneous shape" ValueError.
2. A cycle's number written with an exponent after a cycle word or '#' (``G (uS) cycle 3e0``, ``R (kOhm) #3e0``,
   ``c3e0``; probe 21a, 25 cases) was refused as "'3e0' is a scale written in the name" (the power-of-ten check ran
   before the label words), or glued ('c3e0') as a column naming no cycle. It is a cycle number that is not read,
   as '3.0' is, and says so in the one message of every such form. It is not read as 3: a cycle is numbered in digits.
3. An offsets header 'G -ve 1_uS,G +ve 1_uS,...' (a --shifts file) was refused as "'ve 1_uS' is a scale written in
   the name": without the part quoted, 'G +' reads as a device. '+ve'/'-ve' are no sign words of the offsets grammar
   (probe 21a: 'G+ve1' and the like are refused as names not read), so the header is refused with the grammar's
   message; so are names whose refusal was "'dG 1' is a number after 'dG', a word not read as a label" ('dG 1 + (uS)').
"""

import numpy as np
import pytest

import crossbar as c
from crossbar.cli import main
from crossbar.devices import DeviceFileError
from crossbar.devices.offset_files import OffsetFileError, read_offset_matrix

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


# 3. Offsets headers with '+ve'/'-ve': the grammar's refusal, not "a scale"

OFFSETS = [[0.11, 0.22, 0.33, 0.44], [0.12, 0.23, 0.34, 0.45]]


def _offsets(tmp_path, names, rows=OFFSETS):
    path = tmp_path / "shifts.csv"
    path.write_text(",".join(names) + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows))
    return path


@pytest.mark.parametrize("spelling", ["G {s}ve {n}_uS", "G {s}ve {n} (uS)", "G {s}ve {n} [uS]", "G {s}ve {n}/uS",
                                      "G {s}ve {n} in uS", "G{s}ve {n} (uS)", "{s}ve {n} (uS)", "G {s}VE {n}_uS",
                                      "G {s}ve. {n}_uS", "G {s} ve {n}_uS", "dG {n} {s} (uS)"])
@pytest.mark.parametrize("order", ["-+", "+-"])
def test_an_offsets_name_with_a_sign_word_not_read_is_refused_by_the_grammar(tmp_path, spelling, order):
    names = [spelling.format(s=s, n=n) for n in (1, 2) for s in order]
    with pytest.raises(OffsetFileError) as refused:
        read_offset_matrix(_offsets(tmp_path, names), (2, 4))
    message = str(refused.value)
    assert "scale" not in message, message
    assert f"line 1: the header's name {names[0]!r} is not read as a device's (a sign and a neuron, as in G+1, G-1, " \
           "G1n, pos1); expected the columns named G+1, G-1, G+2, G-2 in that order" in message


@pytest.mark.parametrize("names", [["G +ve 1_uS", "G -ve 1_uS"], ["G +ve 1 (uS)", "G -ve 1 (uS)"]])
def test_one_neurons_offsets_with_plus_ve_are_refused_by_the_grammar_too(tmp_path, names):
    with pytest.raises(OffsetFileError, match=r"the header's name 'G \+ve 1.*' is not read as a device's"):
        read_offset_matrix(_offsets(tmp_path, names, [[0.11, 0.22], [0.12, 0.23]]), (2, 2))


@pytest.mark.parametrize("names", [["G+1 (uS) X10", "G-1 (uS) X10", "G+2 (uS) X10", "G-2 (uS) X10"],
                                   ["G +1 (uS) by 1000", "G -1 (uS) by 1000", "G +2 (uS) by 1000", "G -2 (uS) by 1000"]])
def test_guard_a_device_with_a_real_scale_is_refused_for_its_scale(tmp_path, names):
    """Guard (so before and after, 0ecf2c4): the name without its scale is a device's, and the scale is refused."""
    with pytest.raises(OffsetFileError, match="is a scale written in the name"):
        read_offset_matrix(_offsets(tmp_path, names), (2, 4))


@pytest.mark.parametrize("spelling", ["G {w} {n}_uS", "G {w} {n} (uS)", "G_{w}_{n}/uS", "G {w}{n} in uS"])
def test_guard_sign_words_of_the_grammar_load_on_their_devices(tmp_path, spelling):
    """Guard (loads before and after): 'pos'/'neg' spaced, with units after '_', '/', 'in' or in brackets, in order,
    each value on its device; swapped, refused."""
    names = [spelling.format(w=w, n=n) for n in (1, 2) for w in ("pos", "neg")]
    np.testing.assert_allclose(read_offset_matrix(_offsets(tmp_path, names), (2, 4)), np.array(OFFSETS) * 1e-6,
                               rtol=1e-12)
    swapped = [names[1], names[0], names[3], names[2]]
    with pytest.raises(OffsetFileError, match="expected G\\+1, G-1, G\\+2, G-2 in that order"):
        read_offset_matrix(_offsets(tmp_path, swapped), (2, 4))
