"""Units of probe 7 (causes A and C of notes/probe7.md): a unit written where the table reader does not read one
('G-uS', 'G {uS}', 'G x1e-6', 'microS', a '# conductance in uS' note over 'pulse,G') was dropped, and a curve in uS
loaded as siemens, 1e6 times too high, with exit 0; an offsets file's '# G+1 (uS),...' header (numpy.savetxt's),
a '# offsets in uS' note or a header naming the unit of one column only gave offsets 1e6 times too large. Each is
now read in its unit or refused in one line naming the file, the line and 'G (uS)'."""

import json
import subprocess
import sys

import numpy as np
import pytest

from crossbar.devices.files import DeviceFileError, load_device
from crossbar.devices.offsets import OffsetFileError, read_offset_matrix

#: The probe's curve, in uS: 0.45 ... 0.524 uS over 51 pulses.
PULSES = np.arange(51)
CURVE_US = 1e6 * (4.5e-7 + 7.5e-8 * (1 - np.exp(-(PULSES / 4.0) ** 0.6)))
#: The probe's offsets, in uS (4 rows of 4, 0.01 ... 0.1 uS).
OFFSETS_US = np.random.default_rng(7).uniform(0.01, 0.1, (4, 4))


def crossbar_cli(*argv):
    return subprocess.run([sys.executable, "-m", "crossbar", *map(str, argv)], capture_output=True, text=True)


def assert_one_line_error(done, *messages):
    assert done.returncode == 2, (done.returncode, done.stdout[-400:], done.stderr)
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("crossbar: error: "), done.stderr
    for message in messages:
        assert message in done.stderr, done.stderr


def _rows(values=CURVE_US):
    return "".join(f"{m},{v!r}\n" for m, v in zip(PULSES, values.tolist()))


def _table(tmp_path, header, above="", below="", values=CURVE_US):
    path = tmp_path / "device.csv"
    path.write_text(above + f"pulse,{header}\n" + below + _rows(values), encoding="utf-8")
    return path


# ------------------------------------------------------------------ A: a unit in a value column's name

#: Every header the probe found loading a curve in uS as siemens, and the spellings the brief adds.
REFUSED = [
    ("G-uS", "'uS' looks like a unit"), ("G.uS", "'uS' looks like a unit"), ("G {uS}", "'uS' looks like a unit"),
    ("G <uS>", "'uS' looks like a unit"), ("G~uS", "'uS' looks like a unit"), ("G|uS", "'uS' looks like a unit"),
    ("G 'uS'", "'uS' looks like a unit"), ('G "uS"', "'uS' looks like a unit"),
    ("conductance-uS", "'uS' looks like a unit"), ("G-nS", "e.g. 'G (nS)'"),
    ("G x1e-6", "'x1e-6' is a scale written in the name"), ("G *1e-6", "'*1e-6' is a scale"),
    ("G e-6", "'e-6' is a scale"), ("G/1e-6 S", "'1e-6 S' is a scale"), ("G (S) x 1e-6", "'x 1e-6' is a scale"),
    ("G(S)1e-6", "'1e-6' is a scale"), ("G x10^-6", "'x10^-6' is a scale"),
    ("G \u00d710\u207b\u2076", "'\u00d710\u207b\u2076' is a scale"),
    ("G \u00b5", "'\u00b5' names a unit's prefix"), ("G \u03bc", "'\u03bc' names a unit's prefix"),
    ("microS", "'microS' names a unit's prefix"), ("G in micro S", "'micro' names a unit's prefix"),
    ("G micro", "'micro'"), ("G milli", "'milli'"), ("G nano", "'nano'"), ("G pico", "'pico'"), ("G kilo", "'kilo'"),
    ("G mega", "'mega'"), ("G microsiemens", "'microsiemens'"),
]


@pytest.mark.parametrize("header, message", REFUSED, ids=[h for h, _ in REFUSED])
def test_a_unit_written_where_none_is_read_is_refused(tmp_path, header, message):
    path = _table(tmp_path, header)
    assert_one_line_error(crossbar_cli("device", "--device", path), f"{path}, line 1: column ", header, message,
                          "e.g. 'G (")
    with pytest.raises(DeviceFileError, match="line 1: column"):
        load_device(path)


def test_a_read_current_with_its_unit_after_a_hyphen_is_refused(tmp_path):
    # 'I-uA' with --read-voltage 0.1 loaded 0.45 S: uA read as A
    path = _table(tmp_path, "I-uA", values=0.1 * CURVE_US)
    assert_one_line_error(crossbar_cli("device", "--device", path, "--read-voltage", "0.1"),
                          f"{path}, line 1: column 'I-uA': 'uA' looks like a unit", "e.g. 'I (uA)'")


@pytest.mark.parametrize("header", ["G\uff08uS\uff09", "G \uff08uS\uff09", "G\uff3buS\uff3d"])
def test_fullwidth_brackets_are_read_as_brackets(tmp_path, header):
    path = _table(tmp_path, header)
    np.testing.assert_array_equal(load_device(path).conductance, CURVE_US * 1e-6)
    done = crossbar_cli("device", "--device", path)
    assert done.returncode == 0 and "values conductances in uS" in done.stdout, done.stderr
    assert "g from 4.5e-07 to 5.242e-07 S" in done.stdout, done.stdout


#: Names read today, with their factor to the SI unit: they must read the same values.
VALID = [("Gmax (uS)", 1e-6), ("G@0.1V (uS)", 1e-6), ("Read G [uS]", 1e-6), ("G (uS) cycle 1", 1e-6),
         ("G (uS)", 1e-6), ("G [uS]", 1e-6), ("G/uS", 1e-6), ("G in uS", 1e-6), ("conductance_uS", 1e-6),
         ("G (\u00b5S)", 1e-6), ("G (\u03bcS)", 1e-6), ("Conductance [nS]", 1e-9), ("G (S)", 1.0), ("conductance_S", 1.0),
         ("G", 1.0), ("cycle 3", 1.0), ("cycle A", 1.0), ("sample S", 1.0), ("G1", 1.0), ("G 2", 1.0)]


@pytest.mark.parametrize("header, factor", VALID, ids=[h for h, _ in VALID])
def test_names_read_before_still_read_the_same_values(tmp_path, header, factor):
    values = CURVE_US if factor != 1.0 else CURVE_US * 1e-6
    values = values * (1e3 if factor == 1e-9 else 1.0)
    path = _table(tmp_path, header, values=values)
    np.testing.assert_array_equal(load_device(path).conductance, values * factor)


@pytest.mark.parametrize("header, factor", [("R [kOhm] cycle 1", 1e3), ("R (kOhm)", 1e3), ("R_kOhm", 1e3)])
def test_resistance_names_read_before_still_read_the_same_values(tmp_path, header, factor):
    kohm = 1e-3 / (CURVE_US * 1e-6)  # the curve as resistances in kOhm
    path = _table(tmp_path, header, values=kohm)
    np.testing.assert_array_equal(load_device(path).conductance, 1.0 / (kohm * factor))


# ------------------------------------------------------------------ A: a unit in a '#' note

NOTES = [
    ("# conductance in uS\n", "", 1, "'conductance in uS' names the unit 'uS'"),
    ("# G (uS)\n", "", 1, "'G (uS)' names the unit 'uS'"),
    ("# measured 2024\n# values in microsiemens\n", "", 2, "'values in microsiemens' names the unit 'microsiemens'"),
]


@pytest.mark.parametrize("above, below, line, message", NOTES, ids=["above", "a header in a note", "words"])
def test_a_unit_in_a_note_over_a_header_naming_none_is_refused(tmp_path, above, below, line, message):
    path = _table(tmp_path, "G", above=above, below=below)
    assert_one_line_error(crossbar_cli("device", "--device", path), f"{path}, line {line}: the note ", message,
                          "no column's name gives a unit", "put the unit in the header, e.g. 'G (uS)'")
    with pytest.raises(DeviceFileError, match=f"line {line}: the note"):
        load_device(path)


def test_a_units_row_written_as_a_note_right_under_the_header_gives_the_unit(tmp_path):
    """'# ,uS' under 'pulse,G' was refused here as a note naming a unit no column gives; since probe 25a (D25-2) a note
    line right under the header with one cell per column is the units row, its '#' the pulse column's count."""
    path = _table(tmp_path, "G", below="# ,uS\n")
    np.testing.assert_allclose(load_device(path).conductance, CURVE_US * 1e-6, rtol=1e-12)


def test_a_note_naming_the_header_s_unit_or_none_still_loads(tmp_path):
    path = _table(tmp_path, "G (uS)", above="# conductance in uS\n")
    np.testing.assert_array_equal(load_device(path).conductance, CURVE_US * 1e-6)
    path = _table(tmp_path, "G", above="# measured on 2024-05-01, 100 ns pulses\n", values=CURVE_US * 1e-6)
    np.testing.assert_array_equal(load_device(path).conductance, CURVE_US * 1e-6)
    path = tmp_path / "savetxt.csv"  # a '# ...' line naming the columns is the header, as before
    path.write_text("# pulse,G (uS)\n" + _rows())
    np.testing.assert_array_equal(load_device(path).conductance, CURVE_US * 1e-6)


# ------------------------------------------------------------------ C: offsets files

def _offsets(tmp_path, head):
    path = tmp_path / "shifts.csv"
    path.write_text(head + "".join(",".join(repr(x) for x in row) + "\n" for row in OFFSETS_US.tolist()))
    return path


OFFSET_FILES = [
    ("# offsets in uS\n", 1, "the note 'offsets in uS' names the unit 'uS'", "e.g. 'G+1 (uS)'"),
    ("# all values in uS\nG+1,G-1,G+2,G-2\n", 1, "the note 'all values in uS' names the unit 'uS'", "'G+1 (uS)'"),
    ("G+1,G-1,G+2,G-2\n# uS\n", 2, "the note 'uS' names the unit 'uS'", "'G+1 (uS)'"),
    ("G+1-uS,G-1-uS,G+2-uS,G-2-uS\n", 1, "column 'G+1-uS': 'uS' looks like a unit", "'G (uS)'"),
    ("G+1 (uS),G-1,G+2,G-2\n", 1, "names a unit for some columns and not for 'G-1', 'G+2', 'G-2'", "e.g. 'G-1 (uS)'"),
    ("# G+1 (uS),G-1,G+2,G-2\n", 1, "names a unit for some columns and not for 'G-1'", "e.g. 'G-1 (uS)'"),
    ("G+1 [nS],G-1,G+2 [nS],G-2 [nS]\n", 1, "not for 'G-1', which would be read in S", "e.g. 'G-1 (nS)'"),
]


@pytest.mark.parametrize("head, line, message, hint", OFFSET_FILES,
                         ids=["note", "note over header", "note below", "hyphen", "one column", "savetxt one column",
                              "nS and none"])
def test_an_offsets_unit_that_is_not_read_is_refused(tmp_path, head, line, message, hint):
    path = _offsets(tmp_path, head)
    assert_one_line_error(crossbar_cli("train", "--shifts", path, "--max-epochs", "5"), f"{path}, line {line}: ",
                          message, hint)
    with pytest.raises(OffsetFileError, match=f"line {line}: "):
        read_offset_matrix(path, (4, 4))


def test_a_savetxt_header_note_is_read_as_the_offsets_header(tmp_path):
    path = tmp_path / "savetxt.csv"
    np.savetxt(path, OFFSETS_US, delimiter=",", header="G+1 (uS),G-1 (uS),G+2 (uS),G-2 (uS)")
    np.testing.assert_allclose(read_offset_matrix(path, (4, 4)), OFFSETS_US * 1e-6, rtol=1e-15)
    done = crossbar_cli("train", "--shifts", path, "--max-epochs", "5", "--json")
    assert done.returncode == 0, done.stderr
    np.testing.assert_allclose(json.loads(done.stdout)["shifts"], OFFSETS_US * 1e-6, rtol=1e-15)


def test_offsets_headers_read_before_still_read_the_same_values(tmp_path):
    path = _offsets(tmp_path, "G+1 (uS),G-1 (uS),G+2 (uS),G-2 (uS)\n")
    np.testing.assert_array_equal(read_offset_matrix(path, (4, 4)), OFFSETS_US * 1e-6)
    path = _offsets(tmp_path, "# written by hand\nG+1,G-1,G+2,G-2\n")  # siemens, as write_offsets writes
    np.testing.assert_array_equal(read_offset_matrix(path, (4, 4)), OFFSETS_US)
    path = _offsets(tmp_path, "# a note\n")  # a note that names no column nor unit: no header, siemens
    np.testing.assert_array_equal(read_offset_matrix(path, (4, 4)), OFFSETS_US)


def test_value_columns_of_which_only_some_name_a_unit_are_refused(tmp_path):
    """'G (uS) cycle 1,G cycle 2' read the second cycle in siemens, 10^6 times the first (left by the first fix)."""
    rows = "".join(f"{m},{v!r},{v * 1.01!r}\n" for m, v in enumerate(CURVE_US.tolist()))
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("pulse,G (uS) cycle 1,G cycle 2\n" + rows)
    assert_one_line_error(crossbar_cli("device", "--device", str(mixed)),
                          "line 1: 1 value column(s) name a unit ('G (uS) cycle 1') and 1 none ('G cycle 2')",
                          "'G cycle 2 (uS)', and a column that is no cycle dropped")
    both = tmp_path / "both.csv"
    both.write_text("pulse,G (uS) cycle 1,G (uS) cycle 2\n" + rows)
    assert load_device(both).cycles.shape[0] == 2


# ------------------------------------------------------------------ re-probe 7, A' and C': units still dropped

#: Headers of reprobe A'1-2 (a quantity glued to a prefixed unit, or split by underscores) and their kin: each
#: loaded the curve in uS as siemens (low = 0.45 S, exit 0).
GLUED = [("GuS", "'uS'", "'G (uS)'"), ("G_u_S", "'uS'", "'G (uS)'"), ("GnS", "'nS'", "'G (nS)'"),
         ("conductanceuS", "'uS'", "'G (uS)'"), ("G u S", "'uS'", "'G (uS)'"), ("conductance_u_S", "'uS'", "'G (uS)'"),
         ("GuS cycle 1", "'uS'", "'G (uS)'"), ("G-u-S", "'uS'", "'G (uS)'")]


@pytest.mark.parametrize("header, unit, hint", GLUED, ids=[h for h, _, _ in GLUED])
def test_a_unit_glued_to_the_quantity_or_split_is_refused(tmp_path, header, unit, hint):
    path = _table(tmp_path, header)
    assert_one_line_error(crossbar_cli("device", "--device", path), f"{path}, line 1: column {header!r}: {unit} looks like",
                          f"e.g. {hint}")
    with pytest.raises(DeviceFileError, match="line 1: column"):
        load_device(path)


def test_a_resistance_glued_to_its_unit_is_refused(tmp_path):
    # 'RkOhm' named no quantity the reader knew: kOhm values were read as conductances in siemens
    path = _table(tmp_path, "RkOhm", values=1e-3 / (CURVE_US * 1e-6))
    assert_one_line_error(crossbar_cli("device", "--device", path), "column 'RkOhm': 'kOhm' looks like a unit",
                          "e.g. 'R (kOhm)'")


#: Names with no unit in them that must still be read as siemens (guards: they loaded before, too).
PLAIN = ["Gmax", "Gmin", "G_max", "Gon", "Ion", "G_1", "G A", "cycle A", "sample S", "Gmean", "IDS"]


@pytest.mark.parametrize("header", PLAIN)
def test_names_without_a_glued_unit_still_load_in_siemens(tmp_path, header):
    path = _table(tmp_path, header, values=CURVE_US * 1e-6)
    if header.startswith("I"):  # a current named in A with --read-voltage 1 gives the same siemens
        np.testing.assert_array_equal(load_device(path, read_voltage=1.0).conductance, CURVE_US * 1e-6)
    else:
        np.testing.assert_array_equal(load_device(path).conductance, CURVE_US * 1e-6)


#: Reprobe A'3-6 (and the same notes below the header): a note with a power of ten or a factor over a header
#: naming no unit was dropped, the uS values read as siemens.
SCALE_NOTES = [("# values are 1e-6 S\n", "", 1, "'1e-6'"), ("# scale 1e-6\n", "", 1, "'1e-6'"),
               ("# x1e-6\n", "", 1, "'x1e-6'"), ("# G in 10^-6 S\n", "", 1, "'10^-6'"),
               ("# measured 2024\n# G \u00d710\u207b\u2076\n", "", 2, "'\u00d710\u207b\u2076'"),
               ("", "# scale 1e-6\n", 2, "'1e-6'")]


@pytest.mark.parametrize("above, below, line, scale", SCALE_NOTES,
                         ids=["values are", "scale", "x", "10^", "superscript", "below"])
def test_a_scale_in_a_note_over_a_header_naming_no_unit_is_refused(tmp_path, above, below, line, scale):
    path = _table(tmp_path, "G", above=above, below=below)
    assert_one_line_error(crossbar_cli("device", "--device", path), f"{path}, line {line}: the note ",
                          f"holds the scale {scale}", "no column's name gives a unit",
                          "put the unit in the header, e.g. 'G (uS)'")
    with pytest.raises(DeviceFileError, match=f"line {line}: the note"):
        load_device(path)


def test_a_note_with_numbers_but_no_scale_still_loads(tmp_path):
    for note in ("# 4 x 4 array, 2024-05-01\n", "# read at 0.1 V, pulses 2 V 1 ms\n", "# TiO2 device 7, sample A\n"):
        path = _table(tmp_path, "G", above=note, values=CURVE_US * 1e-6)
        np.testing.assert_array_equal(load_device(path).conductance, CURVE_US * 1e-6)
    path = _table(tmp_path, "G (S)", above="# pulses 1e-6 s wide\n", values=CURVE_US * 1e-6)  # the header's unit rules
    np.testing.assert_array_equal(load_device(path).conductance, CURVE_US * 1e-6)


#: Reprobe C'1-2: an offsets file's note with a scale, over no header or a header naming no unit.
OFFSET_SCALE_NOTES = [("# scale 1e-6\n", 1, "'1e-6'"), ("# x1e-6 S\nG+1,G-1,G+2,G-2\n", 1, "'x1e-6'"),
                      ("G+1,G-1,G+2,G-2\n# values x 1e-6\n", 2, "'x 1e-6'")]


@pytest.mark.parametrize("head, line, scale", OFFSET_SCALE_NOTES, ids=["no header", "plain header", "below"])
def test_a_scale_in_an_offsets_note_is_refused(tmp_path, head, line, scale):
    path = _offsets(tmp_path, head)
    assert_one_line_error(crossbar_cli("train", "--shifts", path, "--max-epochs", "5"),
                          f"{path}, line {line}: the note ", f"holds the scale {scale}", "e.g. 'G+1 (uS)'")
    with pytest.raises(OffsetFileError, match=f"line {line}: the note"):
        read_offset_matrix(path, (4, 4))
