"""Probe 22a, D22-4, D22-5, D22-5j, D22-6: '#' notes that were text, or whose unit was not compared, over the rows.

D22-4: ``numpy.savetxt(path, M, delimiter=',', header='G-1 G+1 G-2 G+2')`` writes a '#' note split by spaces over rows
apart by commas. The note was read as the header only where it split as the rows do, so this one was text and the
columns were read by position although the note names them out of order: each offset on another device, status 0,
and ``train --shifts`` trained on them. A note that splits into one name per column by spaces or tabs is now the header
(its order checked, its units read) whatever separates the rows, where its names are devices'.
D22-5: a note naming each neuron twice with no sign (``# neuron2,neuron2,neuron1,neuron1``, ``# W2 W2 W1 W1``) was
text, read by position (neurons swapped), while the same names as a header line are refused (cf36457): refused too.
D22-5j: ``# +1,+2,-1,-2``, each sign of each neuron once, was a row of numbers, so text: it names the devices (as a
commented-out row it would be offsets of 1 S and 2 S, beyond a device's), and its order is checked.
D22-6: ``# values in SIEMENS`` over ``G (nS)`` loaded in nS while ``# values in siemens`` is refused as two units: a
base in words in capitals counts as the unit it spells where a note is compared with a header naming another.
"""

import json
import re
import subprocess
import sys

import numpy as np
import pytest

import crossbar
from crossbar.devices import DeviceFileError
from crossbar.devices.offset_files import OffsetFileError, read_offset_matrix

ROW = [0.3, 0.2, 0.5, 0.4]  # G+1, G-1, G+2, G-2 in uS
SWAP = [1, 0, 3, 2]  # the file's columns: G-1, G+1, G-2, G+2
NEURONS = [2, 3, 0, 1]  # G+2, G-2, G+1, G-1


def _file(tmp_path, note, order=(0, 1, 2, 3), sep=",", scale=1e-6):
    path = tmp_path / "shifts.csv"
    path.write_text(note + "\n" + (sep.join(repr(ROW[j] * scale) for j in order) + "\n") * 4, encoding="utf-8")
    return path


def _savetxt(tmp_path, header, order=(0, 1, 2, 3), scale=1e-6):
    path = tmp_path / "shifts.csv"
    np.savetxt(path, np.array([[ROW[j] * scale for j in order]] * 4), delimiter=",", header=header)
    return path


def _order_refused(path, given):
    message = f"line 1: the header names the columns {given}; expected G+1, G-1, G+2, G-2 in that order"
    with pytest.raises(OffsetFileError, match=re.escape(message)):
        read_offset_matrix(path, (4, 4))


# --- D22-4: a note split by spaces or tabs over rows apart by commas --------------------------------------------

def test_numpy_savetxt_s_header_out_of_order_over_commas_is_refused_naming_the_order(tmp_path):
    """It loaded G+1 = the offset of the column named G-1, status 0."""
    _order_refused(_savetxt(tmp_path, "G-1 G+1 G-2 G+2", SWAP), "G-1, G+1, G-2, G+2")


@pytest.mark.parametrize("note, order, given", [
    ("# G-1 G+1 G-2 G+2", SWAP, "G-1, G+1, G-2, G+2"), ("# G-1\tG+1\tG-2\tG+2", SWAP, "G-1, G+1, G-2, G+2"),
    ("# Gp2 Gn2 Gp1 Gn1", NEURONS, "G+2, G-2, G+1, G-1"), ("# G-1  G+1  G-2  G+2", SWAP, "G-1, G+1, G-2, G+2"),
    ("# neg1 pos1 neg2 pos2", SWAP, "G-1, G+1, G-2, G+2"), ("#G-2 G+2 G-1 G+1", [3, 2, 1, 0], "G-2, G+2, G-1, G+1")])
def test_a_note_of_device_names_by_spaces_or_tabs_over_commas_is_refused_out_of_order(tmp_path, note, order, given):
    _order_refused(_file(tmp_path, note, order), given)


def test_such_a_note_with_a_column_named_no_device_is_refused(tmp_path):
    """'# G+1 G-1 G+2 baseline': the fourth column was read as G-2."""
    with pytest.raises(OffsetFileError, match="names some columns as devices .* and 'baseline' as none"):
        read_offset_matrix(_file(tmp_path, "# G+1 G-1 G+2 baseline"), (4, 4))


def test_numpy_savetxt_s_header_with_units_over_commas_is_read_in_its_units(tmp_path):
    """'# G+1 (uS) G-1 (uS) ...' over commas was refused as a note naming 'uS' over no header: it is the header."""
    path = _savetxt(tmp_path, "G+1 (uS) G-1 (uS) G+2 (uS) G-2 (uS)", scale=1.0)
    np.testing.assert_allclose(read_offset_matrix(path, (4, 4))[0], np.array(ROW) * 1e-6, rtol=1e-15)


def test_numpy_savetxt_s_header_with_units_out_of_order_is_refused(tmp_path):
    _order_refused(_savetxt(tmp_path, "G-1 (uS) G+1 (uS) G-2 (uS) G+2 (uS)", SWAP, scale=1.0), "G-1, G+1, G-2, G+2")


@pytest.mark.parametrize("header", ["G+1 G-1 G+2 G-2", "G+1\tG-1\tG+2\tG-2", "Gp1 Gn1 Gp2 Gn2", "pos1 neg1 pos2 neg2"])
def test_guard_numpy_savetxt_s_header_in_order_over_commas_loads_the_right_values(tmp_path, header):
    """Guard (passes before and after): in order, position and names agree."""
    np.testing.assert_allclose(read_offset_matrix(_savetxt(tmp_path, header), (4, 4))[0], np.array(ROW) * 1e-6,
                               rtol=1e-15)


def _train(path):
    return subprocess.run([sys.executable, "-m", "crossbar", "train", "--shifts", str(path), "--max-epochs", "3",
                           "--json"], capture_output=True, text=True)


def test_train_shifts_refuses_numpy_savetxt_s_header_out_of_order_and_trains_on_it_in_order(tmp_path):
    """'train --shifts' trained on each offset as another device's, status 0."""
    done = _train(_savetxt(tmp_path, "G-1 G+1 G-2 G+2", SWAP))
    assert done.returncode == 2 and done.stdout == "", (done.returncode, done.stdout[-300:])
    assert done.stderr.count("\n") == 1 and "line 1: the header names the columns G-1, G+1, G-2, G+2" in done.stderr
    done = _train(_savetxt(tmp_path, "G+1 G-1 G+2 G-2"))
    assert done.returncode == 0, done.stderr
    np.testing.assert_allclose(np.array(json.loads(done.stdout)["shifts"])[0], np.array(ROW) * 1e-6, rtol=1e-15)


@pytest.mark.parametrize("note", ["# chip 7 wafer 3 die 12 row 5", "# measured by A. B.", "# run1 run2 run3 run4",
                                  "# ch1 ch2 ch3 ch4", "# G and S too",
                                  "# 2024-01-05 chip7 300K 0.1V"])
@pytest.mark.parametrize("sep", [",", " "])
def test_guard_notes_of_text_stay_text_and_load_by_position(tmp_path, note, sep):
    """Guard (passes before and after)."""
    np.testing.assert_allclose(read_offset_matrix(_file(tmp_path, note, sep=sep), (4, 4))[0], np.array(ROW) * 1e-6,
                               rtol=1e-15)


@pytest.mark.parametrize("sep", [",", " "])
def test_a_note_of_text_over_two_columns_is_text(tmp_path, sep):
    """'# chip 7 wafer 3 die 12 row 5' over two values was taken as two names, 'chip 7 wafer 3' and 'die 12 row 5'
    (two forms, numbers aside), and refused: a name of a device holds one number."""
    path = tmp_path / "shifts.csv"
    path.write_text("# chip 7 wafer 3 die 12 row 5\n" + f"3e-07{sep}2e-07\n" * 4, encoding="utf-8")
    np.testing.assert_allclose(read_offset_matrix(path, (4, 2))[0], [3e-7, 2e-7], rtol=1e-15)


# --- D22-5, D22-5j: a note naming each neuron twice, or signed neuron numbers -------------------------------------

NEURON_NOTES = ["# neuron2,neuron2,neuron1,neuron1", "# W2 W2 W1 W1", "# dG2 dG2 dG1 dG1",
                "# pair 2 pair 2 pair 1 pair 1", "# Neuron_2 Neuron_2 Neuron_1 Neuron_1",
                "# neuron1,neuron1,neuron2,neuron2", "# W1 (uS) W1 (uS) W2 (uS) W2 (uS)"]


# '# W1 (uS) W1 (uS) ...' over values apart by spaces was refused before (as a note naming 'uS' over no header).
@pytest.mark.parametrize("note, sep", [(n, s) for n in NEURON_NOTES for s in ", " if not ("(uS)" in n and s == " ")])
def test_a_note_naming_each_neuron_twice_with_no_sign_is_refused_as_the_header_is(tmp_path, note, sep):
    """It was text, read by position (the neurons swapped, status 0); a header line of the same names is refused."""
    with pytest.raises(OffsetFileError, match="line 1: the header's name '.*' is not read as a device's .* expected "
                                              "the columns named G\\+1, G-1, G\\+2, G-2 in that order"):
        read_offset_matrix(_file(tmp_path, note, NEURONS, sep), (4, 4))


@pytest.mark.parametrize("note, order, given", [("# +1,+2,-1,-2", [0, 2, 1, 3], "G+1, G+2, G-1, G-2"),
                                                ("# -1,+1,-2,+2", SWAP, "G-1, G+1, G-2, G+2"),
                                                ("# +1 +2 -1 -2", [0, 2, 1, 3], "G+1, G+2, G-1, G-2"),
                                                ("# \u22121,+1,\u22122,+2", SWAP, "G-1, G+1, G-2, G+2")])
def test_a_note_of_signed_neuron_numbers_is_read_as_names_and_refused_out_of_order(tmp_path, note, order, given):
    """D22-5j: a row of numbers, so text, read by position."""
    _order_refused(_file(tmp_path, note, order), given)


@pytest.mark.parametrize("note", ["# +1,-1,+2,-2", "# 1,2,3,4", "# +1,+1,-1,-1", "# 1 -1 2 -2", "# 0.1,-0.1,0.2,-0.2"])
def test_guard_a_note_of_numbers_in_order_or_naming_no_devices_loads_by_position(tmp_path, note):
    """Guard (passes before and after): in order, or not each sign of each neuron once (a commented-out row)."""
    np.testing.assert_allclose(read_offset_matrix(_file(tmp_path, note), (4, 4))[0], np.array(ROW) * 1e-6, rtol=1e-15)


# --- D22-6: a note's base in words in capitals over a header naming another unit ----------------------------------

CAPITALS = [("SIEMENS", "G (nS)", [1000, 1100, 1200, 1250]), ("MHO", "G (nS)", [1000, 1100, 1200, 1250]),
            ("MHOS", "G (uS)", [1, 1.1, 1.2, 1.25]), ("AMPERES", "I (nA) @ 0.1 V", [100, 110, 120, 125]),
            ("AMPERE", "I (nA) @ 0.1 V", [100, 110, 120, 125]), ("AMPS", "I (nA) @ 0.1 V", [100, 110, 120, 125]),
            ("OHM", "R (kOhm)", [1000, 900, 850, 800]), ("OHMS", "R (kOhm)", [1000, 900, 850, 800])]


def _curve(tmp_path, note, header, values):
    path = tmp_path / "dev.csv"
    path.write_text(f"{note}\npulse,{header}\n" + "".join(f"{k},{v}\n" for k, v in enumerate(values)), encoding="utf-8")
    return path


@pytest.mark.parametrize("word, header, values", CAPITALS)
def test_a_note_naming_a_base_in_capitals_over_another_unit_is_refused_as_two_units(tmp_path, word, header, values):
    """It loaded in the header's unit, status 0, while the same word in lower case was refused."""
    with pytest.raises(DeviceFileError, match=re.escape(f"line 1: the note 'values in {word}' names the unit {word!r} "
                                                        "and the header's column")):
        crossbar.load_device(_curve(tmp_path, f"# values in {word}", header, values))


def test_a_note_naming_a_base_in_capitals_of_another_quantity_is_refused(tmp_path):
    with pytest.raises(DeviceFileError, match="the note 'values in OHM' names the unit 'OHM', a resistance unit"):
        crossbar.load_device(_curve(tmp_path, "# values in OHM", "G (nS)", [1000, 1100, 1200, 1250]))


def test_the_command_line_refuses_it_with_status_2(tmp_path):
    path = _curve(tmp_path, "# values in SIEMENS", "G (nS)", [1000, 1100, 1200, 1250])
    done = subprocess.run([sys.executable, "-m", "crossbar", "device", "--device", str(path)], capture_output=True,
                          text=True)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, (done.returncode, done.stderr)
    assert "names the unit 'SIEMENS' and the header's column 'G (nS)' the unit 'nS'" in done.stderr


def test_an_offsets_note_naming_a_base_in_capitals_over_another_unit_is_refused(tmp_path):
    path = _file(tmp_path, "# values in SIEMENS\nG+1 (uS),G-1 (uS),G+2 (uS),G-2 (uS)", scale=1.0)
    with pytest.raises(OffsetFileError, match="the note 'values in SIEMENS' names the unit 'SIEMENS'"):
        read_offset_matrix(path, (4, 4))


@pytest.mark.parametrize("note, header, values, first", [
    ("# values in SIEMENS", "G (S)", [1e-6, 1.1e-6, 1.2e-6, 1.25e-6], 1e-6),
    ("# values in OHMS", "R (Ohm)", [1e6, 9e5, 8.5e5, 8e5], 1e-6),
    ("# TIA AMP model 7", "I (nA) @ 0.1 V", [100, 110, 120, 125], 1e-6),
    ("# measured by OHM lab", "G (nS)", [1000, 1100, 1200, 1250], 1e-6)])
def test_guard_a_note_in_capitals_agreeing_with_the_header_or_naming_no_unit_loads(tmp_path, note, header, values,
                                                                                    first):
    """Guard (passes before and after): the header's unit, which the note agrees with or does not state."""
    curve = crossbar.load_device(_curve(tmp_path, note, header, values))
    np.testing.assert_allclose(curve.conductance[0], first, rtol=1e-12)


def test_guard_a_base_in_capitals_over_a_header_naming_no_unit_is_refused_as_not_read(tmp_path):
    """Guard (passes before and after): the one vocabulary reads no base in capitals as the values' unit."""
    with pytest.raises(DeviceFileError, match="the note 'values in SIEMENS': unknown unit 'SIEMENS'"):
        crossbar.load_device(_curve(tmp_path, "# values in SIEMENS", "G", [1e-6, 1.1e-6, 1.2e-6, 1.25e-6]))
