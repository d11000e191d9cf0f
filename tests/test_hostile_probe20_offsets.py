"""Probe 19a, S4 and probe 19c, O1 (issue 20): an offsets header whose every name gives a sign and a neuron in a
spelling the order check did not read ('G_-1', 'G1n', 'G1_neg', 'G1 minus', 'negative1', 'G＋1', 'G⁻1', 'G1₋',
'G1_p'/'G1_m', 'P1'/'N1', '-1 (uS)', with the unit in brackets, after '/' or 'in', after '_' or none) was trusted by
position: out of order, each offset went to another device, with status 0. Every name is now read by one grammar (a
sign, as a character or a word or letter, and a neuron, in either order, optionally after G, then a unit), and a
header is held to the order G+1, G-1, G+2, G-2, ...; a header none of whose names is read while one looks like a
device's ('G1A', 'G+1 high') is refused; a header of plain words ('input,a,b,c') is still read by position."""

import json
import re
import subprocess
import sys

import numpy as np
import pytest

from crossbar.devices.offsets import OffsetFileError, read_offset_matrix

#: (plus, minus) spellings of one device's name, {k} the neuron: the ones the order check did not read.
SPELLINGS = {
    "G_-1": ("G_+{k}", "G_-{k}"), "G1n": ("G{k}p", "G{k}n"), "G1_neg": ("G{k}_pos", "G{k}_neg"),
    "G1 minus": ("G{k} plus", "G{k} minus"), "negative1": ("positive{k}", "negative{k}"),
    "G negative 1": ("G positive {k}", "G negative {k}"), "fullwidth": ("G\uff0b{k}", "G\uff0d{k}"),
    "superscript": ("G\u207a{k}", "G\u207b{k}"), "subscript": ("G{k}\u208a", "G{k}\u208b"),
    "G1_m": ("G{k}_p", "G{k}_m"), "P1/N1": ("P{k}", "N{k}"), "-1": ("+{k}", "-{k}"),
}
#: The unit forms an offsets header's unit is read in ('' none: siemens).
UNITS = {"(uS)": " (uS)", "[uS]": " [uS]", "/ uS": " / uS", "in uS": " in uS", "_uS": "_uS", "none": ""}
#: Orders of the columns G+1, G-1, G+2, G-2 that are not theirs: the signs swapped, the neurons, both.
ORDERS = {"signs": [1, 0, 3, 2], "neurons": [2, 3, 0, 1], "both": [3, 2, 1, 0]}
GIVEN = {"signs": "G-1, G+1, G-2, G+2", "neurons": "G+2, G-2, G+1, G-1", "both": "G-2, G+2, G-1, G+1"}
ROW = [0.3, 0.2, 0.5, 0.4]  # G+1, G-1, G+2, G-2 in the header's unit


def _names(spelling, unit):
    plus, minus = SPELLINGS[spelling]
    return [(plus if c % 2 == 0 else minus).format(k=c // 2 + 1) + UNITS[unit] for c in range(4)]


def _file(tmp_path, header, order=(0, 1, 2, 3), sep=","):
    path = tmp_path / "shifts.csv"
    path.write_text(header + "\n" + (sep.join(str(ROW[j]) for j in order) + "\n") * 4, encoding="utf-8")
    return path


# '+1,-1,+2,-2' with no unit is a row of numbers, refused as one (2 S is beyond 1 S), before and after.
CASES = [(s, u) for s in SPELLINGS for u in UNITS if not (s == "-1" and u == "none")]


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("spelling, unit", CASES)
def test_an_out_of_order_header_in_any_spelling_read_is_refused_naming_the_order(tmp_path, spelling, unit, order):
    names = _names(spelling, unit)
    path = _file(tmp_path, ",".join(names[j] for j in ORDERS[order]), ORDERS[order])
    message = f"line 1: the header names the columns {GIVEN[order]}; expected G+1, G-1, G+2, G-2 in that order"
    with pytest.raises(OffsetFileError, match=re.escape(message)):
        read_offset_matrix(path, (4, 4))


#: In order, these were refused: 'G positive 1 (uS)' as "'positive 1 (uS)' is a scale written in the name", and
#: 'G⁺1_uS', 'G1₊_uS', 'G1_p_uS', '+1_uS' as "'uS' looks like a unit but is not where a unit is read".
REFUSED_IN_ORDER = [(s, u) for s, u in CASES if s == "G negative 1" or
                    (u == "_uS" and s in ("superscript", "subscript", "G1_m", "-1"))]


def _in_order(tmp_path, spelling, unit):
    path = _file(tmp_path, ",".join(_names(spelling, unit)))
    np.testing.assert_allclose(read_offset_matrix(path, (4, 4))[0], np.array(ROW) * (1e-6 if unit != "none" else 1),
                               rtol=1e-15)


@pytest.mark.parametrize("spelling, unit", REFUSED_IN_ORDER)
def test_a_header_in_order_that_was_refused_loads_its_values(tmp_path, spelling, unit):
    _in_order(tmp_path, spelling, unit)


@pytest.mark.parametrize("spelling, unit", [case for case in CASES if case not in REFUSED_IN_ORDER])
def test_guard_the_same_header_in_order_loads_its_values(tmp_path, spelling, unit):
    """Guard: these loaded in order before, by position; they load the same values, read."""
    _in_order(tmp_path, spelling, unit)


@pytest.mark.parametrize("spelling", ["G1n", "P1/N1", "subscript", "G_-1"])
@pytest.mark.parametrize("form", ["tab", "savetxt"])
def test_a_tab_or_savetxt_header_out_of_order_is_refused_too(tmp_path, spelling, form):
    names = _names(spelling, "none")
    header = "\t".join(names[j] for j in ORDERS["signs"])
    path = _file(tmp_path, header if form == "tab" else "# " + header.replace("\t", " "), ORDERS["signs"],
                 "\t" if form == "tab" else " ")
    with pytest.raises(OffsetFileError, match="line 1: the header names the columns G-1, G\\+1, G-2, G\\+2; expected"):
        read_offset_matrix(path, (4, 4))


@pytest.mark.parametrize("header, name", [
    ("G1A,G1B,G2A,G2B", "G1A"), ("G1A (uS),G1B (uS),G2A (uS),G2B (uS)", "G1A (uS)"),
    ("G+1 high,G-1 low,G+2 high,G-2 low", "G+1 high"), ("G-1 low (uS),G+1 high (uS),G-2 low (uS),G+2 high (uS)",
                                                        "G-1 low (uS)"),
    ("G,G,G,G", "G"), ("G (uS),G (uS),G (uS),G (uS)", "G (uS)"),
    ("# G1A G1B G2A G2B", "G1A"),
])
def test_a_header_whose_names_look_like_devices_but_are_not_read_is_refused(tmp_path, header, name):
    """A and B, 'high' and 'low', G alone name no sign the grammar reads: by position they were trusted."""
    path = _file(tmp_path, header, sep=" " if header.startswith("#") else ",")
    message = (re.escape(f"line 1: the header's name {name!r} is not read as a device's") + ".*" +
               re.escape("expected the columns named G+1, G-1, G+2, G-2 in that order"))
    with pytest.raises(OffsetFileError, match=message):
        read_offset_matrix(path, (4, 4))


@pytest.mark.parametrize("header", ["input,a,b,c", "x,y,z,w", "# measured by hand today", "# a note"])
def test_guard_a_header_or_note_of_words_naming_no_device_loads_by_position(tmp_path, header):
    """Guard: words with no sign and no G (the documented position-only reading, as a headerless file)."""
    path = _file(tmp_path, header, sep=" " if header.startswith("#") else ",")
    np.testing.assert_array_equal(read_offset_matrix(path, (4, 4))[0], ROW)


def _train(path):
    return subprocess.run([sys.executable, "-m", "crossbar", "train", "--shifts", str(path), "--max-epochs", "3",
                           "--json"], capture_output=True, text=True)


@pytest.mark.parametrize("spelling", ["G1_m", "P1/N1"])
def test_train_shifts_refuses_an_out_of_order_header_and_trains_on_one_in_order(tmp_path, spelling):
    """Probe 19c, O1: 'train --shifts' with 'G1_m,G1_p,...' or 'N1,P1,...' trained on each offset as another
    device's, status 0."""
    names = _names(spelling, "(uS)")
    path = _file(tmp_path, ",".join(names[j] for j in ORDERS["signs"]), ORDERS["signs"])
    done = _train(path)
    assert done.returncode == 2 and done.stdout == "", (done.returncode, done.stdout[-300:])
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"crossbar: error: {path}, line 1: the header "
                                                                   "names the columns G-1, G+1, G-2, G+2"), done.stderr
    path = _file(tmp_path, ",".join(names))
    done = _train(path)
    assert done.returncode == 0, done.stderr
    np.testing.assert_allclose(np.array(json.loads(done.stdout)["shifts"])[0], np.array(ROW) * 1e-6, rtol=1e-15)


@pytest.mark.parametrize("plus, minus", [("G_pos_{k} (uS)", "G_neg_{k} (uS)"), ("G_plus_{k}", "G_minus_{k}"),
                                         ("Gp_{k}", "Gn_{k}"), ("pos_{k}", "neg_{k}"), ("G plus {k}", "G minus {k}")])
def test_guard_names_once_refused_as_a_scale_load_in_order_and_are_refused_out_of_order(tmp_path, plus, minus):
    """Guard: 'G_pos_1 (uS)' and these were refused in order as "'1 (uS)' is a scale written in the name" (probe
    18a); 4656658 read them. The grammar reads them as before."""
    names = [(plus if c % 2 == 0 else minus).format(k=c // 2 + 1) for c in range(4)]
    factor = 1e-6 if "uS" in plus else 1
    np.testing.assert_allclose(read_offset_matrix(_file(tmp_path, ",".join(names)), (4, 4))[0], np.array(ROW) * factor)
    with pytest.raises(OffsetFileError, match="the header names the columns G-1, G\\+1, G-2, G\\+2; expected"):
        read_offset_matrix(_file(tmp_path, ",".join(names[j] for j in (1, 0, 3, 2))), (4, 4))
