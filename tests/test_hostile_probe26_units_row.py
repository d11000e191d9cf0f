"""Probe 25a, D25-2 rest (n24: 95 files refused, 120 judgement): a units row saying under the pulse column in a word
what a count's column is ('pulses', 'index', '1', '[1]', 'N') or under the direction column what a sign's is
('sign', '±', 'dir') was no units row: the file was refused as "column 'G': expected a number, found 'uS'", naming
another column's cell. A units row written with '#' under the pulse column ('#,uS', a spreadsheet's "count") was
taken for a note naming a unit no column gives. Words that only say "a count" or "a sign" are read; anything else
under those columns is refused naming its cell."""

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError

READS = [1.0, 1.4, 1.7, 1.9, 2.0]


def _table(tmp_path, head, units, sep=","):
    path = tmp_path / "units.csv"
    path.write_text(f"{head.replace(',', sep)}\n{units.replace(',', sep)}\n"
                    + "".join(f"{m}{sep}{g}\n" for m, g in enumerate(READS)))
    return path


@pytest.mark.parametrize("cell", ["pulses", "pulse", "Pulses", "index", "1", "#/-", "(pulses)"])
@pytest.mark.parametrize("sep", [",", "\t", ";"])
def test_a_word_saying_a_count_under_the_pulse_column_is_read(tmp_path, cell, sep):
    curve = load_device(_table(tmp_path, "Pulse,G", f"{cell},uS", sep))
    np.testing.assert_allclose(curve.conductance, np.array(READS) * 1e-6, rtol=1e-12)


@pytest.mark.parametrize("cell", ["count", "N", "n", "[1]", "(1)", "no", "No."])
def test_guard_what_a_count_says_in_brackets_is_still_read(tmp_path, cell):
    curve = load_device(_table(tmp_path, "Pulse,G", f"{cell},uS"))
    np.testing.assert_allclose(curve.conductance, np.array(READS) * 1e-6, rtol=1e-12)


@pytest.mark.parametrize("cell", ["sign", "\u00b1", "dir", "(sign)", "+/-", "up/down"])
def test_a_word_saying_a_sign_under_the_direction_column_is_read(tmp_path, cell):
    up, down = [1.0, 1.5, 1.8, 2.0], [1.6, 1.3, 1.1]
    rows = [(0, "", up[0])] + [(m, "+", g) for m, g in enumerate(up[1:], 1)] + [
        (m, "-", g) for m, g in enumerate(down, len(up))]
    path = tmp_path / "two_way.csv"
    path.write_text(f"Pulse,Direction,G\npulses,{cell},nS\n" + "".join(f"{m},{d},{g}\n" for m, d, g in rows),
                    encoding="utf-8")
    curve = load_device(path)
    np.testing.assert_allclose(curve.conductance, np.array(up) * 1e-9, rtol=1e-12)
    np.testing.assert_allclose(curve.depression[1:], np.array(down) * 1e-9, rtol=1e-12)


@pytest.mark.parametrize("units", ["#,uS", "# ,uS", "#,(uS)", "#/-,uS"])
@pytest.mark.parametrize("sep", [",", "\t", ";"])
def test_a_units_row_with_a_hash_under_the_pulse_column_is_read_as_units(tmp_path, units, sep):
    curve = load_device(_table(tmp_path, "Pulse,G", units, sep))
    np.testing.assert_allclose(curve.conductance, np.array(READS) * 1e-6, rtol=1e-12)
    assert not curve.metadata.get("notes")


@pytest.mark.parametrize("head,units,column,cell", [("Pulse,G", "ms,uS", "Pulse", "ms"),
                                                    ("Pulse,G", "uS,uS", "Pulse", "uS"),
                                                    ("Pulse,G", "volts,nS", "Pulse", "volts")])
def test_anything_else_under_the_pulse_column_is_refused_naming_that_cell(tmp_path, head, units, column, cell):
    with pytest.raises(DeviceFileError, match=rf"line 2: column '{column}': expected a number, found '{cell}' \(.*"
                                              r"units row.*a count"):
        load_device(_table(tmp_path, head, units))


def test_a_hash_under_the_direction_column_is_refused_naming_that_cell(tmp_path):
    path = tmp_path / "two_way.csv"
    path.write_text("Pulse,Direction,G\n,#,uS\n0,,1\n1,+,2\n2,+,3\n3,-,2.5\n4,-,2\n")
    with pytest.raises(DeviceFileError, match=r"line 2: column 'Direction': expected a number, found '#' \(.*a sign"):
        load_device(path)


def test_guard_a_note_under_the_header_stays_a_note(tmp_path):
    path = tmp_path / "note.csv"
    path.write_text("Pulse,G (uS)\n# measured at 25 C\n" + "".join(f"{m},{g}\n" for m, g in enumerate(READS)))
    curve = load_device(path)
    np.testing.assert_allclose(curve.conductance, np.array(READS) * 1e-6, rtol=1e-12)
    assert curve.metadata["notes"] == ["measured at 25 C"]


def test_guard_a_hash_row_whose_unit_the_header_contradicts_is_still_refused(tmp_path):
    with pytest.raises(DeviceFileError, match="line 2: the note ',nS' names the unit 'nS' and the header's column"):
        load_device(_table(tmp_path, "Pulse,G (uS)", "#,nS"))
