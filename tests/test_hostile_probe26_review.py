"""Found by reading the stop-46 changes again, and the small device-file causes of probe 26a."""

import re
import warnings

import numpy as np
import pytest

import crossbar
from crossbar.devices.files import DEFAULT_DEVICE_FILE, parse_device


# A curve that moves by a billionth of its conductance or less is the last digits of its numbers, not a window: a flat
# curve risen by 1 ulp (1e-21 S at 1e-6 S) loaded with its laws fitted to a window of 1e-16 S, and one that fell by
# 1 ulp printed numpy's "Mean of empty slice" from the restart rule before its refusal.
@pytest.mark.parametrize("last", ["1.000000000000001e-06", "1.0000000001e-06"])
def test_a_window_below_a_billionth_of_the_conductance_is_refused(tmp_path, last):
    path = tmp_path / "flat.csv"
    path.write_text("pulse,G (S)\n" + "".join(f"{i},1e-06\n" for i in range(30)) + f"30,{last}\n")
    with pytest.raises(crossbar.DeviceFileError, match=r"rises above its first point \(1e-06 S\) by only .* a window "
                                                       r"under 1e-09 of the conductance is below any instrument's"):
        crossbar.load_device(path)


def test_a_depression_branch_falling_by_a_billionth_is_refused_through_the_api():
    top = 2e-6
    with pytest.raises(ValueError, match=r"^depression: falls below its first point \(2e-06 S\) by only 2e-18 S"):
        crossbar.DeviceCurve(conductance=[1e-6, 1.5e-6, top], depression=[top, top * (1 - 1e-12)])


def test_a_window_of_a_hundred_millionth_still_loads(tmp_path):
    path = tmp_path / "tiny.csv"
    g = [1e-6 * (1 + 1e-8 * (1 - np.exp(-i / 5))) for i in range(30)]
    path.write_text("pulse,G (S)\n" + "".join(f"{i},{v:.17g}\n" for i, v in enumerate(g)))
    assert crossbar.load_device(path).window == pytest.approx(g[-1] - g[0], rel=1e-9)


def test_a_falling_ulp_prints_no_numpy_warning(tmp_path):
    path = tmp_path / "flat.csv"
    path.write_text("pulse,G (S)\n" + "".join(f"{i},1e-06\n" for i in range(30)) + "30,9.999999999999997e-07\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(crossbar.DeviceFileError, match="never rises above its first point"):
            crossbar.load_device(path)


# Probe 26a, D26-3: one line of a key and its values directly above the header that is no 'key,value' pair was read
# as the header ("found '1 V', which starts like a number ... Name the columns on the first line"; "column 'ms':
# unknown unit"). A key, a number and a unit in three cells is a pair; other such lines are named as no pair.
TABLE = "pulse,I (uA)\n0,0.10\n1,0.15\n2,0.18\n3,0.19\n"


def test_a_key_a_value_and_its_unit_in_three_cells_are_a_metadata_pair(tmp_path):
    path = tmp_path / "three.csv"
    path.write_text("Read voltage,0.1,V\n" + TABLE)
    curve = crossbar.load_device(path, read_voltage=0.1)
    np.testing.assert_allclose(curve.conductance, [1.0e-6, 1.5e-6, 1.8e-6, 1.9e-6], rtol=1e-12)
    assert "Read voltage: 0.1 V" in curve.metadata["notes"]
    path.write_text("Read voltage,0.2,V\n" + TABLE)
    with pytest.raises(crossbar.DeviceFileError, match=r"0\.2 V"):  # the pair's voltage is checked as a note's is
        crossbar.load_device(path, read_voltage=0.1)


@pytest.mark.parametrize("line", ["Read voltage,0,1 V", "Pulse width,1,ms,2"])
def test_a_keyed_line_above_the_header_that_is_no_pair_is_named_so(tmp_path, line):
    path = tmp_path / "keyed.csv"
    path.write_text(line + "\n" + TABLE)
    with pytest.raises(crossbar.DeviceFileError, match=rf"line 1: '{line}', above the header on line 2, is neither a "
                                                       r"'key,value' metadata pair nor the header"):
        crossbar.load_device(path, read_voltage=0.1)


# Probe 23a's D23-8 rest (probe 25a, n2: 22 files): two cycles in one column, the later one's window larger, with a
# reset read between them that lands below the first read. A fall was "home" only within 0.2 of the climb either side
# of the first read, so a reset that overshoots it was no restart, and the saw-tooth loaded as one curve.
def test_a_second_cycle_after_a_reset_read_below_the_first_read_is_refused():
    first = 1.0 + 0.4 * (1 - np.exp(-np.arange(16) / 3))
    second = 0.95 + 0.9 * (1 - np.exp(-np.arange(17) / 3))
    g = np.concatenate([first, [0.85], second])
    text = "pulse,G (uS)\n" + "".join(f"{i},{v:.6f}\n" for i, v in enumerate(g))
    with pytest.raises(crossbar.DeviceFileError, match=r"line 18: the potentiation branch falls 1\.64 times in one "
                                                       r"pulse .* and then rises again: several cycles"):
        parse_device(text)


def test_a_dropout_below_the_first_read_back_at_the_level_still_loads():
    first = 1.0 + 0.4 * (1 - np.exp(-np.arange(16) / 3))
    g = np.concatenate([first, [0.8, 0.82], first[-1] + 0.001 * np.arange(1, 10)])
    text = "pulse,G (uS)\n" + "".join(f"{i},{v:.6f}\n" for i, v in enumerate(g))
    assert parse_device(text).conductance.size == g.size


# Probe 26a, D26-4: 'Key: value' lines over a table make an instrument file, refused for its column line with the
# advice to write them as '#' notes (decided); given a read voltage, the refusal said instead that an instrument pulse
# train takes none, naming no line, though the file was no pulse train at all.
@pytest.mark.parametrize("read_voltage", [None, 0.1])
def test_key_value_lines_over_a_table_get_one_refusal_with_or_without_a_read_voltage(read_voltage):
    text = "Sample: SP12\nRead voltage: 0.1 V\npulse,I (uA)\n0,0.10\n1,0.15\n2,0.18\n"
    with pytest.raises(crossbar.DeviceFileError, match=r"line 3: expected the column line .* found 'pulse,I \(uA\)' "
                                                       r"\(line 1's 'Key: value' made this an instrument pulse train"):
        parse_device(text, read_voltage=read_voltage)


def test_an_instrument_pulse_train_still_refuses_a_read_voltage():
    with pytest.raises(crossbar.DeviceFileError, match=r"is an instrument pulse train, whose reads are resistances"):
        crossbar.load_device(DEFAULT_DEVICE_FILE, read_voltage=0.1)


# Probe 26a, D26-5 (287 files): a metadata row 'key (unit),value' became the note 'key (unit): value', which states the
# values' unit, and was refused beside 'G (uS)' as a conflict; it is a value with its unit, as '# Compliance: 1 mA' is.
@pytest.mark.parametrize("row, note", [("Compliance [mA],1", "Compliance: 1 mA"), ("HRS (kOhm),100", "HRS: 100 kOhm"),
                                       ("Current limit (A),0.001", "Current limit: 0.001 A")])
def test_a_metadata_key_with_its_unit_in_brackets_is_a_value_with_its_unit(row, note):
    curve = parse_device(f"Sample,SP12\n{row}\npulse,G (uS)\n0,1.0\n1,1.5\n2,1.7\n")
    np.testing.assert_allclose(curve.conductance, [1.0e-6, 1.5e-6, 1.7e-6], rtol=1e-12)
    assert note in curve.metadata["notes"]


def test_a_read_voltage_key_with_its_unit_in_brackets_gives_the_read_voltage():
    text = "Sample,SP12\nRead voltage (V),0.1\npulse,I (uA)\n0,0.10\n1,0.15\n2,0.17\n"
    np.testing.assert_allclose(parse_device(text, read_voltage=0.1).conductance, [1.0e-6, 1.5e-6, 1.7e-6], rtol=1e-12)
    with pytest.raises(crossbar.DeviceFileError, match=r"0\.2"):
        parse_device(text, read_voltage=0.2)


# 0aae4c0 read 'pulse' under a pulse column as a count's unit, and 'Sample' names an index (pulse) column since the
# same round: 'Sample,SP12' over 'pulse,G (uS)' became a header over its units row, 'SP12 (G (uS))'. A cell that is a
# name with its unit in brackets is no unit.
def test_a_metadata_pair_over_a_header_with_units_is_no_header_over_a_units_row():
    curve = parse_device("Sample,SP12\npulse,G (uS)\n0,1.0\n1,1.5\n2,1.7\n")
    np.testing.assert_allclose(curve.conductance, [1.0e-6, 1.5e-6, 1.7e-6], rtol=1e-12)
    assert curve.metadata["columns"] == ["pulse", "G (uS)"] and "Sample: SP12" in curve.metadata["notes"]


# Quoted, the line was split on every comma, quotes kept: '"Sample"' starts with no letter, and the file was refused
# as the header of a table whose column 'D3' may be a statistic (review of 18c90e9).
@pytest.mark.parametrize("line", ['Sample,SP12,D3', '"Sample","SP12","D3"', '"Sample, lot 4",SP12,D3'])
def test_a_line_of_a_key_and_words_alone_above_the_header_is_named_too(line):
    with pytest.raises(crossbar.DeviceFileError, match=f"line 1: {re.escape(repr(line))}, above the header on line 2, "
                                                       r"is neither a 'key,value' metadata pair nor the header"):
        parse_device(line + "\npulse,G (uS)\n0,1.0\n1,1.5\n2,1.7\n")


@pytest.mark.parametrize("above", ["Pulse,G\n,uS\n", "# a note\n", ""])
def test_names_over_units_and_notes_above_the_header_keep_their_reading(above):
    text = above + "pulse,G (uS)\n0,1.0\n1,1.5\n2,1.7\n" if above != "Pulse,G\n,uS\n" else above + "0,1.0\n1,1.5\n2,1.7\n"
    np.testing.assert_allclose(parse_device(text).conductance, [1.0e-6, 1.5e-6, 1.7e-6], rtol=1e-12)
