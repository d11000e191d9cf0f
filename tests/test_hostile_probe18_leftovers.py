"""Three leftovers of issue 20's fixes: ``DeviceCurve.at`` given a broadcast view, instrument unit keys the loader
cannot read, and instrument offset keys.

1. ``DeviceCurve.at(np.broadcast_to(0, (10**12,)))`` ended in numpy's MemoryError: ``np.ravel`` copied the view
   before ``index_array`` checked its size. It is refused by ``numbers.copy_fits`` naming pulse_count, its shape and
   the memory.
2. A unit key whose value names no unit read here (``Units: furlongs``, ``Units: KOhm``) was kept as
   text while the columns were read in their own units. It is refused naming the line and the column line's units,
   unless it spells one of them in another case that cannot mean another unit (``Units: OHM`` over ``Resistance
   (Ohm)``); ``MOHM`` (MOhm or mOhm), ``MA``, ``mv`` never agree by their case.
3. ``Offset (Ohm): 100``, ``Offset (uS): 0.1``, ``Zero offset: 0.1 uS``, ``Baseline (Ohm): 100`` were kept as text:
   nothing said whether the instrument had subtracted them. As a ``# offset subtracted`` note loads (it says what the
   values are), a line that says so loads; one that does not is refused unless it is zero.
"""

import numpy as np
import pytest

import crossbar
from crossbar.cli import main
from crossbar.devices import DeviceFileError
from crossbar.devices.files import write_pulse_train
from crossbar.resources import ResourceError

M = np.arange(31)
CURVE = 1e-6 * (1 + 0.5 * (1 - np.exp(-M / 8)))


# 1. DeviceCurve.at


@pytest.mark.parametrize("shape", [(10**12,), (10**6, 10**6)])
def test_at_refuses_a_broadcast_view_before_copying_it(shape):
    curve = crossbar.DeviceCurve(CURVE)
    with pytest.raises(ResourceError) as refused:
        curve.at(np.broadcast_to(np.int64(3), shape))
    message = str(refused.value)
    assert message.startswith(f"pulse_count (shape {shape}, as int64) needs about ")
    assert "of memory, more than" in message
    assert message.endswith("; pass a smaller array")


def test_guard_at_reads_counts_as_before():
    """Guard (passes before and after): a count, a list, a 2-D array and a broadcast that fits."""
    curve = crossbar.DeviceCurve(CURVE)
    assert curve.at(3) == CURVE[3] and curve.at(10**6) == CURVE[-1]
    np.testing.assert_array_equal(curve.at([0, 5, 99]), CURVE[[0, 5, 30]])
    np.testing.assert_array_equal(curve.at(np.array([[1, 2], [3, 40]])), CURVE[[[1, 2], [3, 30]]])
    np.testing.assert_array_equal(curve.at(np.broadcast_to(np.int64(2), (3, 4))), np.full((3, 4), CURVE[2]))
    with pytest.raises(ValueError, match="pulse_count: -1 is outside 0"):
        curve.at([-1])


# 2. unit keys the loader cannot read


def _file(tmp_path, extra, kohm=False):
    path = tmp_path / "dev.dat"
    write_pulse_train(path, CURVE, extra_header=extra)
    if kohm:  # the resistance column in kOhm, its values divided by 1000
        lines = path.read_text().splitlines()
        out = []
        for text in lines:
            fields = text.split(",")
            if text.startswith("Time stamp"):
                fields[-1] = "Resistance (kOhm)"
            elif len(fields) == 6:
                fields[-1] = repr(float(fields[-1]) / 1000)
            out.append(",".join(fields))
        path.write_text("\n".join(out) + "\n")
    return path


def _refusal(path):
    with pytest.raises(DeviceFileError) as refused:
        crossbar.load_device(path)
    return str(refused.value)


@pytest.mark.parametrize("key, value, expected", [
    ("Units", "furlongs", "expected 'Units: Ohm' or 'Units: V' or 'Units: A'"),
    ("Resistance Unit", "ohmz", "expected 'Resistance Unit: Ohm'"),
    ("Current Unit", "amperage", "expected 'Current Unit: A'"),
    ("Units", "MOHM", "'MOHM' is 'MOhm' or 'mOhm' by its case, which is not guessed"),
    ("Voltage Unit", "mv", "'mv' is 'MV' or 'mV' by its case")])
def test_a_unit_key_naming_no_unit_read_here_is_refused(tmp_path, key, value, expected):
    message = _refusal(_file(tmp_path, {key: value}))
    assert f"line 11: header line '{key}: {value}' names no unit read here" in message, message
    assert "the column line (line 12) names its values in" in message and expected in message, message


def test_a_current_unit_key_of_mega_amperes_disagrees_with_the_column_line(tmp_path):
    """'MA' was refused as "'MA' or 'mA' by its case"; since d02522c (one vocabulary of units, probe 20a U2) a unit
    key reads symbols as column names do, where 'MA' is mega-amperes: over 'Current (A)' it disagrees."""
    message = _refusal(_file(tmp_path, {"Current Unit": "MA"}))
    assert "header line 'Current Unit: MA' names the unit 'MA' (a current unit)" in message, message
    assert "'Current (A)', in 'A'" in message and "which are the values in?" in message, message


@pytest.mark.parametrize("value", ["KOhm", "KOHM", "kohm"])
def test_a_unit_key_in_another_case_that_disagrees_is_refused(tmp_path, value):
    """'KOhm' can only be kOhm: over 'Resistance (Ohm)' it disagrees, as 'Units: kOhm' does ('kohm', a spelling read
    as written, was refused before too)."""
    message = _refusal(_file(tmp_path, {"Units": value}))
    assert f"header line 'Units: {value}' names the unit '{value}' (a resistance unit)" in message
    assert "'Resistance (Ohm)', in 'Ohm'" in message and "which are the values in?" in message


@pytest.mark.parametrize("key, value, kohm", [("Units", "OHM", False), ("Units", "ohms", False),
                                              ("Voltage Unit", "v", False), ("Current Unit", "a", False),
                                              ("Units", "KOHM", True), ("Units", "kOhm", True), ("Units", "", False)])
def test_guard_a_unit_key_that_agrees_in_a_case_that_says_one_unit_loads(tmp_path, key, value, kohm):
    """Guard (passes before and after): the column line's unit in a case that cannot mean another unit."""
    device = crossbar.load_device(_file(tmp_path, {key: value}, kohm))
    np.testing.assert_allclose(device.conductance, CURVE, rtol=1e-12)


# 3. offset keys


@pytest.mark.parametrize("key, value", [("Offset (Ohm)", "100"), ("Offset (uS)", "0.1"), ("Zero offset", "0.1 uS"),
                                        ("Baseline (Ohm)", "100"), ("Offset", "auto"), ("Baseline", "0.1"),
                                        ("Offset (KOHM)", "1"), ("Zero Offset (A)", "1e-9")])
def test_an_offset_key_that_does_not_say_whether_it_was_subtracted_is_refused(tmp_path, key, value):
    message = _refusal(_file(tmp_path, {key: value}))
    assert f"line 11: header line '{key}: {value}' states an offset of the values" in message, message
    assert "does not say whether the instrument subtracted it" in message
    assert "Expected the values stored as measured and the line removed" in message


def test_the_command_line_refuses_an_offset_in_one_line(tmp_path, capsys):
    path = _file(tmp_path, {"Offset (Ohm)": "100"})
    assert main(["device", "--device", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'Offset (Ohm): 100' states an offset" in err
    assert "e.g. 'Offset subtracted (Ohm): 100'" in err


@pytest.mark.parametrize("key, value", [("Offset (Ohm)", "0"), ("Offset (uS)", "0.0"), ("Zero offset", "0 uS"),
                                        ("Offset (Ohm)", "none"), ("Offset subtracted (Ohm)", "100"),
                                        ("Offset (Ohm)", "100 (subtracted)"), ("Offset correction", "on"),
                                        ("Baseline (Ohm)", "100 included"), ("Time Offset (s)", "2.3"),
                                        ("Offset (V)", "0.1"), ("Voltage offset", "0.1")])
def test_guard_an_offset_that_is_zero_says_what_it_is_or_is_not_the_values_loads(tmp_path, key, value):
    """Guard (passes before and after): zero, a line that says whether it was subtracted (as a '# offset subtracted'
    note loads), and an offset of time or voltage."""
    device = crossbar.load_device(_file(tmp_path, {key: value}))
    np.testing.assert_allclose(device.conductance, CURVE, rtol=1e-12)
    assert device.metadata[key] == value


def test_guard_an_offset_note_loads_as_before(tmp_path):
    """Guard: the '#' note rule the header keys follow (a note saying the offset was subtracted loads)."""
    path = tmp_path / "a.csv"
    rows = "\n".join(f"{i},{float(g) * 1e6!r}" for i, g in enumerate(CURVE))
    path.write_text(f"# offset 100 Ohm subtracted\npulse,G (uS)\n{rows}\n")
    np.testing.assert_allclose(crossbar.load_device(path).conductance, CURVE, rtol=1e-12)
