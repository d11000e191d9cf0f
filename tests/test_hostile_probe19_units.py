"""Issue 20 and probe 18a's leftovers: one spelling of the units, one rule for offsets in notes and keys, 'Units: SI',
and offsets files' names and rows.

1. The units a note writes in words were spelled twice in columns.py (one list for a header naming no unit, another
   for one that names one) and nowhere with 'mho': '# values in micromho' over 'pulse,G' loaded in S, 10^6 times
   off; '# megohm' or '# in kilo-ohm' over 'G (uS)' loaded, while '# G in micro-siemens' over it was refused. A
   column 'G micromho' loaded in S. A transimpedance gain in 'mOhm' or 'uOhm' was refused as a scale though the
   same unit is read in a name. The words are now built from unit_names (WORD_PREFIX, WORD_BASE), the gain's
   units from PREFIX and BASE.
2. A '#' note stating an offset ('# offset: 0.1 uS') loaded, while the same instrument header key was refused
   (1aeae05): one rule for both, refused unless it says whether it was subtracted, is zero or is no value's.
3. 'Units: SI' was refused over columns in Ohm, V and A: it agrees with them and loads; over a column in a
   prefixed unit it is refused naming the column.
4. Offsets files: 'G_pos_1 (uS)' was refused as "'1 (uS)' is a scale written in the name" and 'G+1_uS, ...' was
   not read for its order; a tab-separated row with a thousands separator was refused as "expected comma-separated
   numbers, found '900\\t406'".
"""

import numpy as np
import pytest

import crossbar
from crossbar.cli import main
from crossbar.devices import DeviceFileError
from crossbar.devices.files import write_pulse_train
from crossbar.devices.offsets import OffsetFileError, read_offset_matrix

G = [0.3 + 0.01 * i for i in range(20)]
R = [300 - i for i in range(20)]


def _table(tmp_path, header, note, values=G):
    path = tmp_path / "dev.csv"
    path.write_text(f"{note}\n{header}\n" + "".join(f"{i},{v}\n" for i, v in enumerate(values)))
    return path


def _refusal(path, **options):
    with pytest.raises(DeviceFileError) as refused:
        crossbar.load_device(path, **options)
    return str(refused.value)


# 1. one spelling of the units


@pytest.mark.parametrize("note", ["# values in micromho", "# conductance in micromhos", "# nanomho",
                                  "# values in kilomho"])
def test_a_note_naming_a_mho_unit_in_words_over_a_header_naming_none_is_refused(tmp_path, note):
    message = _refusal(_table(tmp_path, "pulse,G", note))
    assert f"line 1: the note '{note[2:]}' names the unit '{note.split()[-1]}' but no column's name gives a unit" \
        in message, message


@pytest.mark.parametrize("header, note, unit", [
    ("pulse,G (uS)", "# megohm", "megohm"), ("pulse,G (uS)", "# in megohms", "megohms"),
    ("pulse,G (uS)", "# kilohm", "kilohm"), ("pulse,G (uS)", "# in kilo-ohm", "kilo-ohm"),
    ("pulse,G (uS)", "# in micro-amps", "micro-amps"), ("pulse,G (uS)", "# nanomho", "nanomho"),
    ("pulse,R (kOhm)", "# megohm", "megohm"), ("pulse,R (kOhm)", "# values in micromho", "micromho")])
def test_a_note_naming_another_unit_in_words_than_the_header_is_refused(tmp_path, header, note, unit):
    values = R if "R" in header else G
    message = _refusal(_table(tmp_path, header, note, values))
    assert f"line 1: the note '{note[2:]}' names the unit '{unit}'" in message, message


@pytest.mark.parametrize("header, note", [("pulse,G (uS)", "# G in micro-siemens"), ("pulse,R (kOhm)", "# in kilo-ohm"),
                                          ("pulse,G (nS)", "# values in nano-siemens")])
def test_a_note_naming_the_header_s_unit_in_words_with_a_hyphen_loads(tmp_path, header, note):
    """They were refused, the note read as naming 'siemens' or 'ohm' without its prefix."""
    factor = {"uS": 1e-6, "nS": 1e-9}.get(header[-3:-1])
    device = crossbar.load_device(_table(tmp_path, header, note, R if factor is None else G))
    expected = 1 / (np.array(R) * 1e3) if factor is None else np.array(G) * factor
    np.testing.assert_allclose(device.conductance, expected, rtol=1e-12)


@pytest.mark.parametrize("header, note", [("pulse,G (uS)", "# in micromho"), ("pulse,G (uS)", "# in microsiemens"),
                                          ("pulse,R (kOhm)", "# in kilohms"), ("pulse,R (kOhm)", "# kiloohm")])
def test_guard_a_note_naming_the_header_s_unit_in_words_loads(tmp_path, header, note):
    """Guard (passes before and after)."""
    device = crossbar.load_device(_table(tmp_path, header, note, R if "R" in header else G))
    expected = 1 / (np.array(R) * 1e3) if "R" in header else np.array(G) * 1e-6
    np.testing.assert_allclose(device.conductance, expected, rtol=1e-12)


@pytest.mark.parametrize("name, word", [("G micromho", "micromho"), ("G nanomhos", "nanomhos")])
def test_a_column_naming_a_mho_unit_in_words_is_refused(tmp_path, name, word):
    """'G micromho' loaded in S ('umho' is read in brackets; 'G microsiemens' was refused)."""
    message = _refusal(_table(tmp_path, f"pulse,{name}", "# measured"))
    assert f"column '{name}': '{word}' names a unit's prefix in a way that is not read" in message, message


@pytest.mark.parametrize("name, word, example", [("G (uS) megohm", "megohm", "R (MOhm)"),
                                                 ("G (uS) nanomho", "nanomho", "G (nmho)"),
                                                 ("R (kOhm) megaohms", "megaohms", "R (MOhm)")])
def test_a_column_naming_another_unit_in_words_beside_its_unit_is_refused(tmp_path, name, word, example):
    """'G (uS) megohm' loaded in uS, the word dropped, as 'G (uS) kOhm' is refused."""
    message = _refusal(_table(tmp_path, f"pulse,{name}", "# measured", R if name[0] == "R" else G))
    assert f"column '{name}': '{word}' looks like a unit but is not where a unit is read" in message, message
    assert f"e.g. '{example}'" in message


@pytest.mark.parametrize("name", ["G (uS) microsiemens", "G (uS) micromho"])
def test_guard_a_column_naming_its_unit_again_in_words_loads(tmp_path, name):
    """Guard (passes before and after)."""
    device = crossbar.load_device(_table(tmp_path, f"pulse,{name}", "# measured"))
    np.testing.assert_allclose(device.conductance, np.array(G) * 1e-6, rtol=1e-12)


@pytest.mark.parametrize("note", ["# TIA gain 1e9 mOhm", "# gain 1e12 uOhm", "# gain 1e12 \u00b5\u03a9"])
def test_a_transimpedance_gain_in_any_resistance_unit_read_in_a_name_loads(tmp_path, note):
    """A gain with a unit of resistance is the amplifier's, not a scale of the values: in kOhm, MOhm, GOhm it loaded,
    in mOhm or uOhm (units a column's name reads) it was refused as a scale."""
    device = crossbar.load_device(_table(tmp_path, "pulse,I (uA)", note), read_voltage=0.1)
    np.testing.assert_allclose(device.conductance, np.array(G) * 1e-6 / 0.1, rtol=1e-12)


@pytest.mark.parametrize("note", ["# TIA gain 1e6 Ohm", "# gain 1 MOhm", "# gain 1e3 kohms", "# gain 10 G\u03a9"])
def test_guard_a_transimpedance_gain_in_ohm_loads(tmp_path, note):
    """Guard (passes before and after)."""
    device = crossbar.load_device(_table(tmp_path, "pulse,I (uA)", note), read_voltage=0.1)
    np.testing.assert_allclose(device.conductance, np.array(G) * 1e-6 / 0.1, rtol=1e-12)


# 2. an offset in a note, as in a key


@pytest.mark.parametrize("note", ["# offset: 0.1 uS", "# Offset (uS): 0.1", "# baseline: 0.1 uS",
                                  "# Zero offset: 0.1 uS", "# G offset 0.1 uS", "# offset = 1e-7 S",
                                  "# conductance offset: 100 nS", "# offset: auto"])
def test_a_note_stating_an_offset_that_does_not_say_whether_it_was_subtracted_is_refused(tmp_path, note):
    message = _refusal(_table(tmp_path, "pulse,G (uS)", note))
    assert f"line 1: the note '{note[2:]}' states an offset of the values, and the file does not say whether the " \
           "instrument subtracted it" in message, message
    assert "Expected the values stored as measured and the line removed" in message


M = np.arange(31)
CURVE = 1e-6 * (1 + 0.5 * (1 - np.exp(-M / 8)))


def _instrument(tmp_path, extra=None, note=None, kohm=False):
    path = tmp_path / "dev.dat"
    write_pulse_train(path, CURVE, extra_header=extra)
    lines = path.read_text().splitlines()
    if kohm:  # the resistance column in kOhm, its values divided by 1000
        lines = [",".join(f[:-1] + ["Resistance (kOhm)"]) if text.startswith("Time stamp") else
                 ",".join(f[:-1] + [repr(float(f[-1]) / 1000)]) if len(f) == 6 else text
                 for text, f in ((text, text.split(",")) for text in lines)]
    if note is not None:
        lines.insert(10, note)
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("note", ["# offset: 100 Ohm", "# baseline 100 Ohm", "# Offset (Ohm): 100"])
def test_a_note_stating_an_offset_in_an_instrument_file_is_refused_as_the_key_is(tmp_path, note):
    message = _refusal(_instrument(tmp_path, note=note))
    assert f"line 11: the note '{note[2:]}'" in message, message
    assert "states an offset of the values" in message or "names the unit" in message, message
    key = _refusal(_instrument(tmp_path, extra={"Offset (Ohm)": "100"}))
    assert "states an offset of the values" in key


def test_the_command_line_refuses_an_offset_note_in_one_line(tmp_path, capsys):
    path = _table(tmp_path, "pulse,G (uS)", "# offset: 0.1 uS")
    assert main(["device", "--device", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the note 'offset: 0.1 uS' states an offset" in err, err
    assert "e.g. '# offset subtracted: 0.1 uS'" in err, err


@pytest.mark.parametrize("note", ["# offset subtracted: 0.1 uS", "# offset: 0", "# time offset: 2 s",
                                  "# voltage offset: 1 mV", "# offset of 0.1 uS removed",
                                  "# offset: 0.1 uS (subtracted)", "# offsets in uS", "# offset 2 ms",
                                  "# baseline: raw", "# zero offset: 1 mV", "# baseline: pristine device"])
def test_guard_a_note_on_an_offset_that_says_what_it_is_loads(tmp_path, note):
    """Guard (passes before and after): zero, said to be subtracted or included, or of time or voltage."""
    device = crossbar.load_device(_table(tmp_path, "pulse,G (uS)", note))
    np.testing.assert_allclose(device.conductance, np.array(G) * 1e-6, rtol=1e-12)


# 3. Units: SI


@pytest.mark.parametrize("key, value", [("Units", "SI"), ("Units", "si"), ("Units", "S.I."), ("Units", "SI units"),
                                        ("Resistance Unit", "SI")])
def test_units_si_over_columns_in_si_units_without_a_prefix_loads(tmp_path, key, value):
    device = crossbar.load_device(_instrument(tmp_path, extra={key: value}))
    np.testing.assert_allclose(device.conductance, CURVE, rtol=1e-12)


@pytest.mark.parametrize("key", ["Units", "Resistance Unit"])
def test_units_si_over_a_column_in_a_prefixed_unit_is_refused_naming_it(tmp_path, key):
    message = _refusal(_instrument(tmp_path, extra={key: "SI"}, kohm=True))
    assert f"line 11: header line '{key}: SI' says the values are in SI units without a prefix, and the column line " \
           "(line 12) names 'Resistance (kOhm)', in 'kOhm': which are the values in?" in message, message
    assert f"Expected '{key}: kOhm', or no such line" in message


def test_units_si_of_another_quantity_than_the_prefixed_column_loads(tmp_path):
    """'Current Unit: SI' over currents in A, the resistance column in kOhm: they agree (refused before)."""
    device = crossbar.load_device(_instrument(tmp_path, extra={"Current Unit": "SI"}, kohm=True))
    np.testing.assert_allclose(device.conductance, CURVE, rtol=1e-9)


# 4. offsets files

ROW = "0.3,0.2,0.5,0.4\n"


def _offsets(tmp_path, text, shape=(2, 4)):
    path = tmp_path / "offsets.csv"
    path.write_text(text)
    return read_offset_matrix(path, shape)


@pytest.mark.parametrize("header", [
    "G_pos_1 (uS),G_neg_1 (uS),G_pos_2 (uS),G_neg_2 (uS)", "G_plus_1 (uS),G_minus_1 (uS),G_plus_2 (uS),G_minus_2 (uS)",
    "pos_1 (uS),neg_1 (uS),pos_2 (uS),neg_2 (uS)", "G_p_1 (uS),G_n_1 (uS),G_p_2 (uS),G_n_2 (uS)",
    "G_pos_1_uS,G_neg_1_uS,G_pos_2_uS,G_neg_2_uS", "G pos 1 (uS),G neg 1 (uS),G pos 2 (uS),G neg 2 (uS)",
    "G_pos_1 in uS,G_neg_1 in uS,G_pos_2 in uS,G_neg_2 in uS", "G_pos_1/uS,G_neg_1/uS,G_pos_2/uS,G_neg_2/uS"])
def test_an_offsets_header_naming_devices_in_words_with_separators_loads_in_order(tmp_path, header):
    np.testing.assert_allclose(_offsets(tmp_path, header + "\n" + ROW * 2)[0], [3e-7, 2e-7, 5e-7, 4e-7], rtol=1e-12)


@pytest.mark.parametrize("header", ["G_neg_1 (uS),G_pos_1 (uS),G_neg_2 (uS),G_pos_2 (uS)",
                                    "G-1_uS,G+1_uS,G-2_uS,G+2_uS", "G+1_uS,G-1_uS,G-2_uS,G+2_uS",
                                    "G_neg_1_uS,G_pos_1_uS,G_neg_2_uS,G_pos_2_uS"])
def test_an_offsets_header_with_separators_out_of_order_is_refused_naming_the_order(tmp_path, header):
    """'G+1_uS, G-1_uS, G-2_uS, G+2_uS' loaded by position (its names were not read for their order)."""
    with pytest.raises(OffsetFileError, match="expected G\\+1, G-1, G\\+2, G-2 in that order"):
        _offsets(tmp_path, header + "\n" + ROW * 2)


def test_an_offsets_header_in_words_naming_a_unit_not_read_names_the_column_as_written(tmp_path):
    with pytest.raises(OffsetFileError, match="column 'G_neg_1 \\(KOhm\\)': unknown unit 'KOhm'"):
        _offsets(tmp_path, "G_pos_1 (uS),G_neg_1 (KOhm),G_pos_2 (uS),G_neg_2 (uS)\n" + ROW * 2)


def test_an_offsets_header_in_words_naming_a_unit_for_some_columns_only_is_refused(tmp_path):
    with pytest.raises(OffsetFileError, match="names a unit for some columns and not for 'G_neg_1'"):
        _offsets(tmp_path, "G_pos_1 (uS),G_neg_1,G_pos_2 (uS),G_neg_2 (uS)\n" + ROW * 2)


@pytest.mark.parametrize("header, factor", [("G+1 (uS),G-1 (uS),G+2 (uS),G-2 (uS)", 1e-6),
                                            ("G_pos,G_neg,G_pos,G_neg", 1), ("G+1_uS,G-1_uS,G+2_uS,G-2_uS", 1e-6),
                                            ("Gpos1 (uS),Gneg1 (uS),Gpos2 (uS),Gneg2 (uS)", 1e-6)])
def test_guard_offsets_headers_read_before_load_as_before(tmp_path, header, factor):
    """Guard (passes before and after)."""
    np.testing.assert_allclose(_offsets(tmp_path, header + "\n" + ROW * 2)[0], np.array([.3, .2, .5, .4]) * factor,
                               rtol=1e-12)


EITHER = "1900 with a thousands separator or 1.900 with a decimal comma"


@pytest.mark.parametrize("row, delimiter, said", [
    ("1,900\t406\t512\t333", "tab", EITHER), ("1,900\t1,406\t512\t333", "tab", EITHER),
    ("1,900.5\t406\t512\t333", "tab", "1900.5 with a thousands separator"),
    ("0,5\t406\t512\t333", "tab", "0.5 with a decimal comma"),
    ("1,900;406;512;333", "semicolon", EITHER), ("1,900 406 512 333", "space", EITHER)])
def test_an_offsets_row_apart_by_tabs_with_a_thousands_separator_says_so(tmp_path, row, delimiter, said):
    header = "G+1 (pS)\tG-1 (pS)\tG+2 (pS)\tG-2 (pS)\n"
    with pytest.raises(OffsetFileError) as refused:
        _offsets(tmp_path, header + (row + "\n") * 2)
    message = str(refused.value)
    cell = row.split({"tab": "\t", "semicolon": ";", "space": " "}[delimiter])[0]
    assert f"line 2: the row {row!r} is {delimiter}-separated and its number {cell!r} holds a comma ({said})" \
        in message, message
    assert "expected plain numbers (no thousands separator, a decimal point), apart by commas, or " + \
           ("by semicolons in every line, the header's too, where a comma is a decimal comma" if delimiter == "semicolon"
            else f"by {delimiter}s with no comma in the row") in message  # semicolons so are read (probe 24)


def test_guard_an_offsets_row_with_a_word_is_refused_as_before(tmp_path):
    """Guard (passes before and after): not a delimiter's problem."""
    with pytest.raises(OffsetFileError, match="expected comma-separated numbers, found 'abc' in '1,2,abc,4'"):
        _offsets(tmp_path, "1,2,abc,4\n" + ROW)
