"""Probe 13a's L1, U2, U3, N1 and M2 in the device-file readers (notes/probe13a.md), each fixed at its cause.

L1: a label in brackets ending a name after its unit ('G (uS) (cycle 1)', '(#1)', a date) was refused as "unknown
unit 'cycle 1'" although the same label before the unit loaded. U2: Unicode compatibility symbols ('R in \u33c0',
'I in \u3382') and the prefix 'mc' (micro) after 'in', '_' or in a note were dropped: values read in S, Ohm or A,
10^3 to 10^6 times off, status 0. U3: 'G in S/cm' was read as S (the per-length part dropped). N1: a name saying the
values are normalised ('G/Gmax', 'G norm', 'relative G') loaded its ratios as siemens. M2: the note '# Sample: mS-12'
over 'G (uS)' was refused as a unit conflict.
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


def _cycles(path, names, scale=1e6):
    second = 2e-6 + 1e-6 * (1 - np.exp(-M / 8))
    path.write_text(f"pulse,{names[0]},{names[1]}\n" + "".join(f"{k},{a * scale:.10g},{b * scale:.10g}\n"
                                                                for k, a, b in zip(M, G, second)))
    return path


# --- L1: a label in brackets after the unit ----------------------------------------------------------------------

LABELS_AFTER = [("G (uS) (cycle 1)", 1e-6), ("G [uS] (#1)", 1e-6), ("G (uS) (c1)", 1e-6), ("G (uS) [cycle 1]", 1e-6),
                ("G (uS) (run 1)", 1e-6), ("G (uS) (run_1)", 1e-6), ("G (uS) (D12)", 1e-6), ("G (uS) (device 3)", 1e-6),
                ("G (uS) (1)", 1e-6), ("G (uS) [2024-05-01]", 1e-6), ("G in uS (sample A)", 1e-6),
                ("G (uS) (mean)", 1e-6), ("R (kOhm) (cycle 1)", 1e3), ("I (uA) (#1)", 1e-6)]


@pytest.mark.parametrize("name, factor", LABELS_AFTER)
def test_a_label_in_brackets_after_the_unit_is_a_label(name, factor):
    assert value_column(name).factor == factor


def test_a_label_after_the_unit_loads_the_curve_of_the_label_before_it(tmp_path):
    after = load_device(_cycles(tmp_path / "a.csv", ("G (uS) (cycle 1)", "G (uS) (cycle 2)")))
    before = load_device(_cycles(tmp_path / "b.csv", ("G (cycle 1) (uS)", "G (cycle 2) (uS)")))
    np.testing.assert_array_equal(after.conductance, before.conductance)
    done = crossbar_cli("device", "--device", tmp_path / "a.csv")
    assert done.returncode == 0, done.stderr


def test_cycle_k_reads_the_cycle_number_of_a_label_after_the_unit(tmp_path):
    path = _cycles(tmp_path / "d.csv", ("G (uS) (cycle 2)", "G (uS) (cycle 1)"))
    assert load_device(path, cycle=1).low == pytest.approx(2e-6)  # the second column is named cycle 1
    assert load_device(path, cycle=2).low == pytest.approx(1e-6)
    done = crossbar_cli("device", "--device", path, "--cycle", "1")
    assert done.returncode == 0 and "'G (uS) (cycle 1)' (value column 2 of 2" in done.stdout, done.stderr


def test_a_read_voltage_name_with_a_label_after_it_loads(tmp_path):
    path = _table(tmp_path / "i.csv", "pulse,I (uA) @ 0.1 V (cycle 1)", G * 0.1 * 1e6)
    np.testing.assert_allclose(load_device(path).conductance, G, rtol=1e-9)


def test_an_offsets_header_with_labels_after_the_unit_reads_as_without(tmp_path):
    rows = "".join(",".join(["0.01", "0.012", "0.008", "0.011"]) + "\n" for _ in range(2))
    (tmp_path / "l.csv").write_text("G+1 (uS) (c1),G-1 (uS) (c1),G+2 (uS) (c1),G-2 (uS) (c1)\n" + rows)
    (tmp_path / "u.csv").write_text("G+1 (uS),G-1 (uS),G+2 (uS),G-2 (uS)\n" + rows)
    np.testing.assert_array_equal(read_offset_matrix(tmp_path / "l.csv", (2, 4)),
                                  read_offset_matrix(tmp_path / "u.csv", (2, 4)))


@pytest.mark.parametrize("name, token", [("G (cycle 1)", "cycle 1"), ("G (uS) (KOhm)", "KOhm"),
                                         ("G (uS) (S/cm)", "S/cm"), ("G (uS) (1000x)", "1000x")])
def test_a_last_bracket_is_still_refused_where_no_unit_is_read_or_it_is_unit_like(name, token):
    with pytest.raises(ValueError, match=re.escape(f"'{token}")):
        value_column(name)


# --- U2: compatibility symbols and the prefix 'mc' ---------------------------------------------------------------

@pytest.mark.parametrize("name, quantity, factor", [("R in \u33c0", "resistance", 1e3), ("R_\u33c0", "resistance", 1e3),
                                                    ("R in \u33c1", "resistance", 1e6), ("I in \u3382", "current", 1e-6),
                                                    ("I in \u3381", "current", 1e-9), ("G in \uff55S", "conductance", 1e-6),
                                                    ("G (\uff55S) c1", "conductance", 1e-6),
                                                    ("R (\u33c0) c1", "resistance", 1e3)])
def test_a_compatibility_symbol_is_read_as_the_unit_it_stands_for(name, quantity, factor):
    column = value_column(name)
    assert (column.quantity, column.factor) == (quantity, factor)


@pytest.mark.parametrize("name", ["G in mcS", "G_mcS", "G (mcS) c1", "G/mcS", "G in \u33b2", "G in \u338c"])
def test_an_unread_prefix_or_compatibility_symbol_is_refused(name):
    with pytest.raises(ValueError, match=re.escape(f"column '{name}': unknown unit")):
        value_column(name)


def test_a_resistance_in_the_kilohm_symbol_loads_as_in_kohm(tmp_path):
    symbol = load_device(_table(tmp_path / "s.csv", "pulse,R in \u33c0", 1 / G / 1e3))
    spelled = load_device(_table(tmp_path / "k.csv", "pulse,R (kOhm)", 1 / G / 1e3))
    np.testing.assert_array_equal(symbol.conductance, spelled.conductance)


@pytest.mark.parametrize("note, token", [("# R in \u33c0", "k\u03a9"), ("# G in \uff55S", "uS"),
                                         ("# values in mcS", "mcS"), ("# G in \u33b2", "\u03bcs")])
def test_a_note_in_a_compatibility_symbol_or_mc_over_a_bare_header_is_refused(tmp_path, note, token):
    path = _table(tmp_path / "d.csv", "pulse,G", G, note + "\n")
    with pytest.raises(DeviceFileError, match=rf"d.csv, line 1: the note .*'{re.escape(token)}'"):
        load_device(path)
    done = crossbar_cli("device", "--device", path)
    assert_one_line_error(done, "d.csv, line 1: the note")


@pytest.mark.parametrize("unit", ["\u33b2", "mcS"])
def test_an_offsets_header_in_a_symbol_or_mc_is_refused(tmp_path, unit):
    rows = "".join(",".join(["0.01"] * 4) + "\n" for _ in range(2))
    (tmp_path / "s.csv").write_text(",".join(f"G{s} in {unit}" for s in ("+1", "-1", "+2", "-2")) + "\n" + rows)
    with pytest.raises(OffsetFileError, match=r"s.csv, line 1: .*unknown unit"):
        read_offset_matrix(tmp_path / "s.csv", (2, 4))


# --- U3: a unit per length or area -------------------------------------------------------------------------------

@pytest.mark.parametrize("name, token", [("G in S/cm", "S/cm"), ("G in uS/um2", "uS/um2"), ("I in A/cm2", "A/cm2"),
                                         ("J in A/cm2", "A/cm2"), ("G / S/cm", "S/cm"), ("G_S/cm", "S/cm"),
                                         ("G (S/cm)", "S/cm")])
def test_a_unit_per_length_or_area_is_refused_wherever_written(name, token):
    with pytest.raises(ValueError, match=re.escape(f"column '{name}': unknown unit '{token}'")):
        value_column(name)


def test_the_command_line_refuses_a_conductance_per_length(tmp_path):
    done = crossbar_cli("device", "--device", _table(tmp_path / "d.csv", "pulse,G in S/cm", G))
    assert_one_line_error(done, "d.csv, line 1: column 'G in S/cm': unknown unit 'S/cm'")


# --- N1: normalised values ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["G/Gmax", "G/G0", "G / G0", "G/G_0", "R/R0", "I/I0", "G norm", "G normalized",
                                  "G normalised", "relative G", "Gnorm", "G_norm", "G rel", "G+1/G0", "G (uS) norm"])
def test_a_name_saying_the_values_are_normalised_is_refused(name):
    with pytest.raises(ValueError, match=rf"column '{re.escape(name)}': .*normalised values, which are not "
                                         "conductances.*give the curve in S"):
        value_column(name)


@pytest.mark.parametrize("name, factor", [("G/S", 1.0), ("G / uS", 1e-6), ("G0", 1.0), ("Gmax", 1.0), ("G_0", 1.0),
                                          ("G (uS) normal", 1e-6), ("G (uS) release 2", 1e-6)])
def test_names_that_say_no_ratio_still_load(name, factor):
    assert value_column(name).factor == factor


def test_the_command_line_refuses_a_curve_over_gmax(tmp_path):
    done = crossbar_cli("device", "--device", _table(tmp_path / "d.csv", "pulse,G/Gmax", G / G[-1]))
    assert_one_line_error(done, "d.csv, line 1: column 'G/Gmax': ")
    assert "normalised" in done.stderr


def test_an_offsets_header_over_g0_is_refused(tmp_path):
    rows = "".join(",".join(["0.01"] * 4) + "\n" for _ in range(2))
    (tmp_path / "s.csv").write_text("G+1/G0,G-1/G0,G+2/G0,G-2/G0\n" + rows)
    with pytest.raises(OffsetFileError, match=r"s.csv, line 1: .*normalised"):
        read_offset_matrix(tmp_path / "s.csv", (2, 4))


# --- M2: a sample's name in a note -------------------------------------------------------------------------------

@pytest.mark.parametrize("note", ["# Sample: mS-12", "# sample mS_3", "# Sample uS-7b"])
def test_a_sample_name_that_starts_like_a_unit_is_no_unit(tmp_path, note):
    with_note = load_device(_table(tmp_path / "n.csv", "pulse,G (uS)", G * 1e6, note + "\n"))
    without = load_device(_table(tmp_path / "b.csv", "pulse,G (uS)", G * 1e6))
    np.testing.assert_array_equal(with_note.conductance, without.conductance)


def test_a_note_naming_another_unit_of_the_quantity_is_still_refused(tmp_path):
    path = _table(tmp_path / "d.csv", "pulse,G (uS)", G * 1e6, "# conductance in mS\n")
    with pytest.raises(DeviceFileError, match="names the unit 'mS'"):
        load_device(path)
