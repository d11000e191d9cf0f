"""Probe 14a's N2, U4, U5 and L2 in the device-file readers (notes/probe14a.md), each fixed at its cause.

N2: names and notes saying the values are normalised in words the N1 fix did not list ('G ratio', 'G over G0',
'G fraction', 'G/G\u2098\u2090\u2093', '# normalized', '# arbitrary units') loaded the ratios as siemens, status 0. U4: a unit
per length or area written without '/' ('G in S cm-1', 'G in S per cm', 'R in Ohm/sq') was read as the bare unit.
U5: letters NFKC folds but the U2 fix did not ('G in \U0001d42e\U0001d412', mathematical bold) were dropped: values read in S.
L2: a label after a read unit that the label list did not hold ('G (uS) (1st cycle)', '(set 1)') was refused as an
"unknown unit".
"""

import re

import numpy as np
import pytest

from crossbar.devices.columns import value_column
from crossbar.devices.files import DeviceFileError, load_device
from crossbar.devices.offsets import OffsetFileError, read_offset_matrix
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

M = np.arange(31)
G = 1e-6 + 0.5e-6 * (1 - np.exp(-M / 8))  # S


def _table(path, header, values, notes=""):
    path.write_text(notes + header + "\n" + "".join(f"{k},{v:.10g}\n" for k, v in zip(M, values)))
    return path


def _offsets(path, names):
    rows = "".join(",".join(["0.5"] * 4) + "\n" for _ in range(2))
    path.write_text(",".join(names) + "\n" + rows)
    return path


# --- N2: normalised values, in more words ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["G ratio", "conductance ratio", "G over G0", "G fraction", "G/G\u2098\u2090\u2093",
                                  "G divided by Gmax", "G ratio (uS)", "G a.u.",
                                  "G percent", "G unitless", "G normalization"])
def test_a_name_saying_the_values_are_normalised_in_other_words_is_refused(name):
    with pytest.raises(ValueError, match=rf"column '{re.escape(name)}': .*normalised values, which are not "
                                         "conductances"):
        value_column(name)


def test_names_holding_such_letters_but_no_ratio_load():
    for name in ("G (uS) (iteration 1)", "Iteration (uS)", "Gmax (uS)", "G (uS) normal"):  # 'ratio' in 'iteration'
        assert value_column(name).factor == 1e-6, name


def test_the_command_line_refuses_a_curve_of_ratios(tmp_path):
    done = crossbar_cli("device", "--device", _table(tmp_path / "d.csv", "pulse,G ratio", G / G[-1]))
    assert_one_line_error(done, "d.csv, line 1: column 'G ratio': 'ratio' marks normalised values")


@pytest.mark.parametrize("note", ["# G normalised to Gmax", "# arbitrary units", "# normalized", "# G/Gmax",
                                  "# G over G0", "# conductance ratio"])
def test_a_note_saying_the_values_are_normalised_is_refused(tmp_path, note):
    path = _table(tmp_path / "d.csv", "pulse,G", G / G[-1], note + "\n")
    with pytest.raises(DeviceFileError, match=r"d.csv, line 1: the note .* says the values are normalised"):
        load_device(path)
    with_unit = _table(tmp_path / "u.csv", "pulse,G (uS)", G * 1e6, note + "\n")  # normalised, or in uS?
    with pytest.raises(DeviceFileError, match=r"u.csv, line 1: the note .* says the values are normalised.*'uS'"):
        load_device(with_unit)


def test_the_command_line_refuses_a_normalised_note_over_a_bare_header(tmp_path):
    done = crossbar_cli("device", "--device", _table(tmp_path / "d.csv", "pulse,G", G / G[-1], "# normalized\n"))
    assert_one_line_error(done, "d.csv, line 1: the note 'normalized' says the values are normalised")


def test_only_the_notes_that_say_so_are_refused(tmp_path):
    with pytest.raises(DeviceFileError, match="normalised"):
        load_device(_table(tmp_path / "r.csv", "pulse,G", G / G[-1], "# G normalized to Gmax\n"))
    without = load_device(_table(tmp_path / "b.csv", "pulse,G", G))
    for note in ("# not normalised", "# on/off ratio 10", "# Gmax/Gmin = 10", "# time normalised to 1 s",
                 "# compliance 10 A/cm2", "# 1000 cycles endurance test"):
        with_note = load_device(_table(tmp_path / "n.csv", "pulse,G", G, note + "\n"))
        np.testing.assert_array_equal(with_note.conductance, without.conductance)


def test_an_offsets_header_of_ratios_is_refused(tmp_path):
    path = _offsets(tmp_path / "s.csv", ["G+1 ratio", "G-1 ratio", "G+2 ratio", "G-2 ratio"])
    with pytest.raises(OffsetFileError, match=r"s.csv, line 1: .*'ratio' marks normalised values"):
        read_offset_matrix(path, (2, 4))


def test_a_depression_file_of_ratios_is_refused(tmp_path):
    up = _table(tmp_path / "d.csv", "pulse,G (uS)", G * 1e6)
    down = _table(tmp_path / "q.csv", "pulse,G ratio", G[::-1] / G[-1])
    with pytest.raises(DeviceFileError, match=r"q.csv, line 1: column 'G ratio': 'ratio' marks normalised"):
        load_device(up, depression=down)


# --- U4: a unit per length or area without '/' -------------------------------------------------------------------

@pytest.mark.parametrize("name, token", [("G in S cm-1", "S cm-1"), ("G in S\u00b7cm\u207b\u00b9", "S\u00b7cm\u207b\u00b9"),
                                         ("G in S per cm", "S per cm"), ("G_S_per_cm", "S_per_cm"),
                                         ("R in Ohm/sq", "Ohm/sq"), ("G in S m^-1", "S m^-1"),
                                         ("R in Ohm cm", "Ohm cm"), ("G (uS per um2)", "uS per um2")])
def test_a_unit_per_length_written_without_a_slash_is_refused(name, token):
    with pytest.raises(ValueError, match=re.escape(f"column '{name}': unknown unit '{token}' (a unit per length")):
        value_column(name)


def test_the_command_line_refuses_a_conductivity_and_a_sheet_resistance(tmp_path):
    done = crossbar_cli("device", "--device", _table(tmp_path / "d.csv", "pulse,G in S cm-1", G))
    assert_one_line_error(done, "d.csv, line 1: column 'G in S cm-1': unknown unit 'S cm-1' (a unit per length")
    done = crossbar_cli("device", "--device", _table(tmp_path / "r.csv", "pulse,R in Ohm/sq", 1 / G))
    assert_one_line_error(done, "r.csv, line 1: column 'R in Ohm/sq': unknown unit 'Ohm/sq'")


@pytest.mark.parametrize("note", ["# G in S/cm", "# G in S cm-1"])
def test_a_note_naming_a_conductivity_is_refused(tmp_path, note):
    path = _table(tmp_path / "d.csv", "pulse,G", G, note + "\n")
    with pytest.raises(DeviceFileError, match=r"d.csv, line 1: the note .* a unit per length or area"):
        load_device(path)


def test_a_depression_file_of_conductivities_is_refused(tmp_path):
    up = _table(tmp_path / "d.csv", "pulse,G (uS)", G * 1e6)
    down = _table(tmp_path / "q.csv", "pulse,G in S cm-1", G[::-1])
    with pytest.raises(DeviceFileError, match=r"q.csv, line 1: .*unknown unit 'S cm-1'"):
        load_device(up, depression=down)


# --- U5: every compatibility letter read as NFKC writes it -------------------------------------------------------

@pytest.mark.parametrize("name", ["G in \U0001d42e\U0001d412", "G (\U0001d462\U0001d446)", "G_\U0001d42e\U0001d412"])
def test_mathematical_letters_are_read_as_the_unit_they_spell(name):
    column = value_column(name)
    assert (column.quantity, column.factor, column.unit) == ("conductance", 1e-6, "uS")


def test_a_file_in_mathematical_bold_us_loads_the_curve_in_us(tmp_path):
    bold = load_device(_table(tmp_path / "b.csv", "pulse,G in \U0001d42e\U0001d412", G * 1e6))
    plain = load_device(_table(tmp_path / "p.csv", "pulse,G (uS)", G * 1e6))
    np.testing.assert_array_equal(bold.conductance, plain.conductance)


def test_folded_letters_are_read_as_their_ascii_spelling_would_be():
    for name in ("G in \u24e4\u24e2", "R (\u212a\u03a9)"):  # circled 'us', Kelvin-sign K: a case that is not read
        with pytest.raises(ValueError, match=r"unknown unit"):
            value_column(name)
    for name, unit, factor in [("G (\u00b5S)", "\u00b5S", 1e-6), ("G (\u03bcS)", "\u03bcS", 1e-6),
                               ("R (k\u2126)", "k\u2126", 1e3), ("R (k\u03a9)", "k\u03a9", 1e3), ("R in \u33c0", "k\u03a9", 1e3),
                               ("G in \uff55S", "uS", 1e-6), ("G (\U0001d42e\U0001d412)", "uS", 1e-6)]:
        column = value_column(name)  # the micro and ohm signs as written, the U2 symbols as before
        assert (column.unit, column.factor) == (unit, factor), name


# --- L2: more labels after a read unit ---------------------------------------------------------------------------

@pytest.mark.parametrize("label", ["1st cycle", "2nd cycle", "set 1", "iteration 1", "pulse train 1", "3rd"])
def test_an_ordinal_set_iteration_or_train_after_the_unit_is_a_label(label):
    assert value_column(f"G (uS) ({label})").factor == 1e-6


def test_the_command_line_loads_cycles_labelled_by_ordinals(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("pulse,G (uS) (1st cycle),G (uS) (2nd cycle)\n" + "".join(
        f"{k},{a * 1e6:.10g},{a * 1.01e6:.10g}\n" for k, a in zip(M, G)))
    done = crossbar_cli("device", "--device", path)
    assert done.returncode == 0, done.stderr


def test_a_label_the_loader_does_not_read_is_called_so(tmp_path):
    with pytest.raises(ValueError, match=r"'mean±std' after the unit 'uS' is no unit and a label the loader does not "
                                         "read"):
        value_column("G (uS) (mean±std)")
    with pytest.raises(ValueError, match=r"unknown unit 'KOhm'"):  # a name spelled as a unit stays a unit
        value_column("G (uS) (KOhm)")


# A unit of another quantity after 'in' or '/' (the names helper's note): 'G in uF' and 'G / pF' loaded as siemens.

@pytest.mark.parametrize("name, token", [("G in uF", "uF"), ("G / pF", "pF"), ("Conductance in kHz", "kHz"),
                                         ("G in mV", "mV"), ("R in nH", "nH")])
def test_a_unit_of_another_quantity_after_in_or_a_slash_is_refused_naming_it(name, token):
    with pytest.raises(ValueError, match=re.escape(f"column '{name}': unknown unit '{token}' (a unit of another "
                                                   "quantity)")):
        value_column(name)


@pytest.mark.parametrize("name", ["G in uS", "G (uS) in air", "G in cycle 1", "G / mS", "R in kOhm"])
def test_words_after_in_that_are_no_unit_of_another_quantity_still_load(name):
    assert value_column(name).quantity in ("conductance", "resistance")


# M3 (probe 14a): paired x/y columns per cycle, as Origin exports them. The advice was "expected every value column a
# cycle with its unit, e.g. 'p1 (uS)'", taking a pulse-number column for conductances.

@pytest.mark.parametrize("header, named, pairs", [("p1,G (uS) c1,p2,G (uS) c2", "p2", "'p1', 'p2'"),
                                                  ("pulse,G (uS) c1,pulse 2,G (uS) c2", "pulse 2", "'pulse 2'")])
def test_paired_pulse_columns_are_named_as_pulse_columns(tmp_path, header, named, pairs):
    path = tmp_path / "xy.csv"
    path.write_text(header + "\n" + "".join(f"{k},{1 + k / 10},{k},{1 + k / 9}\n" for k in range(8)))
    with pytest.raises(DeviceFileError, match=re.escape(f"column '{named}' numbers the pulses of one cycle (x/y column "
                                                        f"pairs: {pairs}); expected one pulse column for every cycle: "
                                                        "keep the first and drop the others")):
        load_device(path)
