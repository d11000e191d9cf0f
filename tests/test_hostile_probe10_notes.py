"""Probe 9a's leftovers on offsets files and `#` notes (notes/probe9a.md, G2, H2, H3 and M'), each fixed at its cause.

G2: an offsets file whose header names units and is split by spaces or tabs, as `numpy.savetxt(header=...)` writes
it (`# G+1 (uS) G-1 (uS) ...`), or a plain whitespace header (`G+1(uS) G-1(uS) ...`), was refused for a wrong reason
("no column's name gives a unit", "the header names 1 columns"), and `G+1_uS,G-1_uS,...` as a unit not where one is
read. H2: a `#` note holding a scale (`# scale 1e-3`) or naming another quantity's unit (`# R in kOhm`) over a header
that names a unit was dropped: the values were read 1000 times off, or as another quantity than the note says. H3: an
offsets file's note naming another unit than its header (`# offsets in nS` over `G+1 (uS)`) was dropped. M': after
probe 9a's M read `pulse (#)`, `pulse_#` and `direction (+/-)` were still taken for value columns.
"""

import io
import json
import re

import numpy as np
import pytest

from crossbar.devices.offsets import OffsetFileError, read_offset_matrix, write_offsets
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli
from test_hostile_probe9_files import CURVE, M, table
from test_hostile_probe9_files import load_text as device
from test_hostile_probe9_files import refused as device_refused

#: The probe's offsets, S: a 4 x 4 matrix (rows = inputs, columns G+1 G-1 G+2 G-2).
S0 = np.random.default_rng(7).uniform(1e-8, 1e-7, (4, 4))
NAMES = ["G+1", "G-1", "G+2", "G-2"]


def savetxt(header="", delimiter=" ", comments="# ", values=S0 * 1e6):
    text = io.StringIO()
    np.savetxt(text, values, header=header, delimiter=delimiter, comments=comments)
    return text.getvalue()


def offsets(tmp_path, text, name="s.csv"):
    path = tmp_path / name
    path.write_text(text)
    return read_offset_matrix(path, S0.shape)


def offsets_refused(tmp_path, text, *pieces):
    with pytest.raises(OffsetFileError) as info:
        offsets(tmp_path, text)
    for piece in pieces:
        assert piece in str(info.value), str(info.value)
    return str(info.value)


# --- G2: whitespace- and tab-separated headers of an offsets file that name units -------------------------------

@pytest.fixture
def comma_reference(tmp_path):
    """The offsets of the comma header 'G+1 (uS),G-1 (uS),...' over comma rows, as savetxt writes them."""
    return offsets(tmp_path, savetxt(",".join(f"{n} (uS)" for n in NAMES), ",", comments=""), "comma.csv")


@pytest.mark.parametrize("text", [
    savetxt(" ".join(f"{n} (uS)" for n in NAMES)),  # np.savetxt(header='G+1 (uS) G-1 (uS) ...')
    savetxt("\t".join(f"{n} (uS)" for n in NAMES), "\t"),  # the same with delimiter='\t'
    savetxt(" ".join(f"{n}(uS)" for n in NAMES)),
    savetxt(" ".join(f"{n}[uS]" for n in NAMES)),
    savetxt(" ".join(f"{n} [uS]" for n in NAMES)),
    savetxt(" ".join(f"{n}_uS" for n in NAMES)),
    savetxt(" ".join(f"{n}(uS)" for n in NAMES), comments=""),  # a plain whitespace header
    savetxt("\t".join(f"{n} (uS)" for n in NAMES), "\t", comments=""),
    savetxt(" ".join(f"{n} (uS)" for n in NAMES), comments=""),
    savetxt(",".join(f"{n}_uS" for n in NAMES), ",", comments=""),  # RELIABILITY.md reads a unit after a final '_'
    savetxt(",".join(f"{n}_uS" for n in NAMES), ",", comments="# "),
], ids=["savetxt-space", "savetxt-tab", "no-space", "square", "square-space", "underscore", "plain-space",
        "plain-tab", "plain-space-units", "comma-underscore", "comma-underscore-note"])
def test_a_whitespace_or_tab_header_naming_units_is_read_like_the_comma_header(tmp_path, comma_reference, text):
    """Refused as "the note ... names the unit 'uS' but no column's name gives a unit" or "the header names 1
    columns and units, the rows have 4 values": every column named its unit."""
    np.testing.assert_array_equal(offsets(tmp_path, text), comma_reference)
    np.testing.assert_allclose(comma_reference, S0, rtol=1e-15)


def test_a_header_in_siemens_split_by_spaces_is_read_in_siemens(tmp_path):
    text = savetxt(" ".join(f"{n}(S)" for n in NAMES), values=S0, comments="")
    np.testing.assert_array_equal(offsets(tmp_path, text), offsets(tmp_path, savetxt(values=S0, comments=""), "b.csv"))


def test_the_command_line_trains_on_the_savetxt_header_as_on_the_comma_header(tmp_path):
    runs = []
    for name, text in (("comma.csv", savetxt(",".join(f"{n} (uS)" for n in NAMES), ",", comments="")),
                       ("space.csv", savetxt(" ".join(f"{n} (uS)" for n in NAMES)))):
        (tmp_path / name).write_text(text)
        done = crossbar_cli("train", "--units", "absolute", "--shifts", tmp_path / name, "--max-epochs", "60", "--json")
        assert done.returncode == 0, done.stderr
        runs.append(json.loads(done.stdout))
        assert runs[-1]["parameters"].pop("shifts_file") == str(tmp_path / name)
    assert runs[0] == runs[1]


def test_a_whitespace_header_naming_units_for_other_than_every_column_is_refused_naming_the_count(tmp_path):
    """Three names with units over four values a row: the header is named, not called 'a note with no unit'."""
    for comments in ("# ", ""):
        offsets_refused(tmp_path, savetxt(" ".join(f"{n} (uS)" for n in NAMES[:3]), comments=comments),
                        "line 1: the header names 3 columns and units, the rows have 4 values")
    offsets_refused(tmp_path, savetxt("G+1 (uS) G-1 G+2 (uS) G-2 (uS)", comments=""),
                    "line 1: the header names a unit for some columns and not for 'G-1'")


# --- H3 and H2: an offsets file's notes over a header that names a unit ------------------------------------------

@pytest.mark.parametrize("note, line", [("# offsets in nS\n", 1), ("# values in mS\n", 1)])
def test_an_offsets_note_naming_another_unit_than_the_header_is_refused_naming_its_line_and_both(tmp_path, note,
                                                                                                  line):
    header = ",".join(f"{n} (uS)" for n in NAMES)
    text = note + savetxt(header, ",", comments="")
    unit = re.search(r"in (\w+)", note).group(1)
    offsets_refused(tmp_path, text, f"line {line}: the note {note[2:-1]!r} names the unit {unit!r} and the header's "
                                    "column 'G+1 (uS)' the unit 'uS'")
    below = savetxt(header, ",", comments="").replace("\n", "\n" + note, 1)  # just under the header
    offsets_refused(tmp_path, below, f"line 2: the note {note[2:-1]!r}")
    path = tmp_path / "s.csv"
    path.write_text(text)
    assert_one_line_error(crossbar_cli("train", "--units", "absolute", "--shifts", path, "--max-epochs", "60"),
                          f"{path}, line 1: the note {note[2:-1]!r} names the unit {unit!r}")


@pytest.mark.parametrize("note", ["# scale 1e-3", "# x 1e-3", "# resistance in Ohm"])
def test_an_offsets_note_holding_a_scale_or_another_quantitys_unit_over_a_unit_header_is_refused(tmp_path, note):
    offsets_refused(tmp_path, note + "\n" + savetxt(",".join(f"{n} (uS)" for n in NAMES), ",", comments=""),
                    f"line 1: the note {note[2:]!r}")


def test_an_offsets_note_over_a_unit_header_is_refused_if_it_scales_or_names_another_unit_and_stands_if_harmless(
        tmp_path, comma_reference):
    """The notes that were dropped are told from the ones that describe something else: all of them loaded."""
    header = ",".join(f"{n} (uS)" for n in NAMES)
    for note in ("# offsets in uS", "# chip 7, 2024-05-01 12:30", "# measured at 300 K", "# 4 x 4 crossbar",
                 "# see https://doi.org/10.1000/xyz123", "# compliance = 1e-4 A", "# 1e6 pulses per run"):
        np.testing.assert_array_equal(offsets(tmp_path, note + "\n" + savetxt(header, ",", comments="")),
                                      comma_reference, err_msg=note)
    for note in ("# offsets in nS", "# values x1e-3", "# factor 1e-3", "# R in kOhm", "# offsets in uS, scale 1e-3"):
        offsets_refused(tmp_path, note + "\n" + savetxt(header, ",", comments=""), f"line 1: the note {note[2:]!r}")


def test_write_offsets_round_trips_exactly_and_resaved_in_uS_with_a_savetxt_header_reads_the_same(tmp_path):
    path = write_offsets(tmp_path / "w.csv", S0)
    np.testing.assert_array_equal(read_offset_matrix(path, S0.shape), S0)
    again = savetxt(" ".join(f"{n} (uS)" for n in NAMES), values=read_offset_matrix(path, S0.shape) * 1e6)
    np.testing.assert_allclose(offsets(tmp_path, again, "again.csv"), S0, rtol=1e-15)


# --- H2: a note holding a scale over a device table's header that names a unit -------------------------------

SCALES = [  # (text, note above the header, note just under it, unit, factor to write the values in)
    ("scale over uS", "# scale 1e-3\n", "", "uS", 1e6),
    ("scale over uS, values in nS", "# scale 1e-3\n", "", "uS", 1e9),
    ("x 1e-3 below the header", "", "# x 1e-3\n", "uS", 1e9),
    ("x1e-3 over mS", "# x1e-3\n", "", "mS", 1e6),
    ("10^-3 uS", "# G in 10^-3 uS\n", "", "uS", 1e9),
]


@pytest.mark.parametrize("what, note, below, unit, factor", SCALES, ids=[s[0] for s in SCALES])
def test_a_note_holding_a_scale_over_a_header_naming_a_unit_is_refused_naming_its_line(tmp_path, what, note, below,
                                                                                       unit, factor):
    """Loaded with the scale dropped: 'g from 0.001 to 0.001488 S' for a curve of 1 ... 1.488 uS."""
    said = (note or below)[2:-1]
    line = 1 if note else 2
    message = device_refused(tmp_path, table(CURVE, unit, factor, note, below), f"line {line}: the note {said!r} holds "
                                                                                  "the scale")
    assert f"'G ({unit})'" in message


def test_the_command_line_refuses_a_scale_note_in_one_line(tmp_path):
    path = tmp_path / "h2.csv"
    path.write_text(table(CURVE, "uS", 1e9, "# scale 1e-3\n"))
    assert_one_line_error(crossbar_cli("device", "--device", path), f"{path}, line 1: the note 'scale 1e-3' holds the "
                                                                     "scale '1e-3', which is not read")


def test_a_scale_note_over_a_savetxt_header_is_named_first(tmp_path):
    """Over numpy.savetxt's header ('# pulse G (uS)') the refusal said 'line 3: expected a header line naming the
    columns, found numbers ...' and only then, in brackets, the note; the note is the problem, and said first."""
    text = "# scale 1e-3\n" + savetxt("pulse G (uS)", values=np.c_[M, CURVE * 1e9])
    message = device_refused(tmp_path, text, "line 1: the note 'scale 1e-3' holds the scale '1e-3'")
    assert "expected a header line" not in message
    device_refused(tmp_path, "# offsets in nS\n" + savetxt("pulse,G (uS)", ",", values=np.c_[M, CURVE * 1e6]),
                   "d.csv, line 1: the note 'offsets in nS' names the unit 'nS'")


# --- H2: a note naming another quantity's unit over a header that names a unit ------------------------------

@pytest.mark.parametrize("note, unit, quantity", [("# resistance in Ohm", "Ohm", "resistance"),
                                                  ("# R in kOhm", "kOhm", "resistance"),
                                                  ("# read current in uA", "uA", "current"),
                                                  ("# G [kOhm]", "kOhm", "resistance")])
def test_a_note_naming_another_quantitys_unit_is_refused_naming_its_line_and_both(tmp_path, note, unit, quantity):
    device_refused(tmp_path, table(note=note + "\n"), f"line 1: the note {note[2:]!r} names the unit {unit!r}, a "
                                                      f"{quantity} unit, and the header's column 'G (uS)' holds "
                                                      "conductances in 'uS'")


def test_a_conductance_unit_note_over_a_resistance_header_is_refused(tmp_path):
    device_refused(tmp_path, table(1 / CURVE, "kOhm", 1e-3, "# conductance in uS\n").replace("G (kOhm)", "R (kOhm)"),
                   "line 1: the note 'conductance in uS' names the unit 'uS', a conductance unit, and the header's "
                   "column 'R (kOhm)' holds resistances in 'kOhm'")


HARMLESS = ["# 2024-05-01 12:30:00", "# sample SP291 D1, chip 4", "# https://doi.org/10.1000/xyz123",
            "# measured at 300 K", "# tON = 1e-3 s", "# compliance 1e-4 A", "# read at 0.1 V, compliance 10 uA",
            "# series resistor 1 kOhm", "# 4 x 4 crossbar", "# operator = A. Smith", "# Rload = 10 kOhm",
            "# conductance in uS (R = 1/G in MOhm)", "# 1e6 pulses per run", "# Sample mA-12", "# x = 2",
            "# sample E-3", "# G in uS", "# target 500 nS", "# device 3 (A)", "# ramp x2",
            "# x2 averaging", "# see https://example.org/data/kOhm/1e-3", "# G0 = 1e-6 S", "# step 1e-3 V"]
REFUSED = ["# scale 1e-3", "# factor: 1e-3", "# values x 1e-3", "# in units of 1e-3 uS", "# 1e-3",
           "# G in uS, scaled by 1e-3", "# G x10^-3", "# gain x 10",  # an amplifier's gain: a scale (probe 14a, S3)
           "# R in kOhm", "# units: kOhm", "# current (uA)", "# G in nS", "# kiloohm", "# I (A)"]


def test_notes_over_a_unit_header_are_refused_if_they_scale_or_name_another_unit_and_stand_if_harmless(tmp_path):
    """Every note of REFUSED loaded (the scale or the unit dropped), above the header or below it; HARMLESS ones
    describe something else (a date, a sample, a value with its unit) and still load to the same curve."""
    plain = device(tmp_path, table(), "plain.csv").conductance
    for note in HARMLESS:
        above = device(tmp_path, table(note=note + "\n")).conductance
        below = device(tmp_path, table(below=note + "\n"), "below.csv").conductance
        assert above.tobytes() == below.tobytes() == plain.tobytes(), note
    for note in REFUSED:
        device_refused(tmp_path, table(note=note + "\n"), f"line 1: the note {note[2:]!r}")
        device_refused(tmp_path, table(below=note + "\n"), f"line 2: the note {note[2:]!r}")


# --- M': a pulse or direction column labelled as spreadsheets do ------------------------------------------------

@pytest.mark.parametrize("pulse, direction", [("pulse_#", "direction"), ("Pulse_No", "direction"),
                                              ("pulse", "direction (+/-)"), ("pulse (#)", "Polarity [up/down]"),
                                              ("pulse", "dir (\u00b1)")])
def test_a_pulse_or_direction_column_labelled_as_spreadsheets_do_is_read_as_one(tmp_path, pulse, direction):
    """'pulse_#' was a value column ('1 value column(s) name a unit ... and 1 none ('pulse_#')'), and 'direction (+/-)'
    was refused as "unknown unit '+/-'; expected a conductance ..." (after probe 9a's M, which read 'pulse (#)')."""
    rows = "".join(f"{m},{'' if m == 0 else '+'},{x * 1e6:.8g}\n" for m, x in enumerate(CURVE))
    plain = device(tmp_path, "pulse,direction,G (uS)\n" + rows, "plain.csv").conductance
    assert device(tmp_path, f"{pulse},{direction},G (uS)\n" + rows).conductance.tobytes() == plain.tobytes()
    device_refused(tmp_path, "pulse,direction (uS),G (uS)\n" + rows, "column 'direction (uS)'")  # a unit: a value column
