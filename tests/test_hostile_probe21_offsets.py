"""Probe 21a, T1-T3: offsets headers whose names carry a neuron's number but are not read were read by position.

The grammar of 58cb352 reads a sign and a neuron after an optional G; a header none of whose names it reads was
trusted by position unless a name "looked signed" (a sign character or word standing alone, or a G). So ``Wn1, Wp1``,
``dGp1``, ``Rpos1``, ``set 1, reset 1``, ``A1, B1``, ``up1, down1`` loaded by position: out of order, each offset on
another device, status 0 (T1, T2). A '#' note of such names apart by spaces (``# R 1 n R 1 p ...``, numpy.savetxt's
header) was taken for text, and the columns again read by position (T3). A header line naming any number it does not
read is now refused; so is a '#' note whose names, numbers aside, take two forms for half the columns each (or that,
words grouped per column, read as devices); notes of other words stay text.
"""

import numpy as np
import pytest

from crossbar.devices.offset_files import OffsetFileError, read_offset_matrix

ROWS = [[0.11, 0.22, 0.33, 0.44], [0.12, 0.23, 0.34, 0.45]]  # G+1, G-1, G+2, G-2 in uS, in order
SWAP = [1, 0, 3, 2]  # the file's columns: G-1, G+1, G-2, G+2


def _file(tmp_path, header, order=SWAP, spaced=False):
    sep = " " if spaced else ","
    path = tmp_path / "offsets.csv"
    path.write_text(header + "\n" + "".join(sep.join(f"{row[k]:g}" for k in order) + "\n" for row in ROWS))
    return path


# sign letters or words glued to a letter other than G, and pairs of words with numbers: (negative, positive) forms
PAIRS = [("Wn{}", "Wp{}"), ("Rm{}", "Rp{}"), ("dGn{}", "dGp{}"), ("dGneg{}", "dGpos{}"), ("WNeg{}", "WPos{}"),
         ("Rminus{}", "Rplus{}"), ("Wnegative{}", "Wpositive{}"), ("R{}n", "R{}p"), ("W{}N", "W{}P"),
         ("reset {}", "set {}"), ("B{}", "A{}"), ("down{}", "up{}"), ("low{}", "high{}"), ("{}b", "{}t"),
         ("ii{}", "i{}"), ("{}lo", "{}hi")]
UNITS = [" (uS)", "_uS", " / uS", " in uS", " [uS]", ""]


def _names(pair, unit):
    neg, pos = pair
    return [form.format(n) + unit for n in (1, 2) for form in (neg, pos)]  # in the file's (swapped) order


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p[1])
def test_a_header_of_numbered_names_not_read_is_refused_not_read_by_position(tmp_path, pair, unit):
    path = _file(tmp_path, ",".join(_names(pair, unit)))
    with pytest.raises(OffsetFileError, match="is not read as a device's .* expected the columns named G\\+1, G-1|"
                                              "'1b_uS': 'uS' looks like a unit|'1lo_uS': 'uS' looks like a unit"):
        read_offset_matrix(path, (2, 4))


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p[1])
def test_a_note_of_such_names_over_values_apart_by_spaces_is_refused(tmp_path, pair):
    path = _file(tmp_path, "# " + " ".join(_names(pair, "")), spaced=True)
    with pytest.raises(OffsetFileError, match="is not read as a device's"):
        read_offset_matrix(path, (2, 4))


@pytest.mark.parametrize("names", [["R 1 n", "R 1 p", "R 2 n", "R 2 p"], ["W N 1", "W P 1", "W N 2", "W P 2"],
                                   ["R 1 Neg", "R 1 Pos", "R 2 Neg", "R 2 Pos"], ["dG 1 -ve", "dG 1 +ve", "dG 2 -ve",
                                                                                   "dG 2 +ve"]])
def test_a_note_of_names_with_spaces_is_read_per_column_and_refused(tmp_path, names):
    """T3: '# R 1 n R 1 p ...' over four values apart by spaces split into 12 words, taken for text."""
    path = _file(tmp_path, "# " + " ".join(names), spaced=True)
    with pytest.raises(OffsetFileError, match="is not read as a device's"):
        read_offset_matrix(path, (2, 4))


@pytest.mark.parametrize("names, order", [(["－ 2", "＋ 2", "－ 1", "＋ 1"], [3, 2, 1, 0]),
                                          (["G N 1", "G P 1", "G N 2", "G P 2"], SWAP),
                                          (["m 2", "p 2", "m 1", "p 1"], [3, 2, 1, 0])])
def test_a_note_of_device_names_with_spaces_is_read_and_its_order_checked(tmp_path, names, order):
    """T3: the same note of names the grammar reads ('G N 1' is G-1) loaded by position, out of order."""
    path = _file(tmp_path, "# " + " ".join(names), order=order, spaced=True)
    with pytest.raises(OffsetFileError, match="expected G\\+1, G-1, G\\+2, G-2 in that order"):
        read_offset_matrix(path, (2, 4))


@pytest.mark.parametrize("names", [["G P 1", "G N 1", "G P 2", "G N 2"], ["＋ 1", "－ 1", "＋ 2", "－ 2"]])
def test_guard_such_a_note_in_order_loads(tmp_path, names):
    path = _file(tmp_path, "# " + " ".join(names), order=[0, 1, 2, 3], spaced=True)
    np.testing.assert_allclose(read_offset_matrix(path, (2, 4)), np.array(ROWS), rtol=1e-12)


@pytest.mark.parametrize("note", ["# 2024-01-05 chip7 300K 0.1V", "# chip 7 wafer 3 die 12 row 5",
                                  "# measured on chip 7", "# run1 run2 run3 run4", "# offsets from the 2nd run"])
def test_guard_notes_of_other_words_and_numbers_stay_text(tmp_path, note):
    path = _file(tmp_path, note, order=[0, 1, 2, 3], spaced=True)
    np.testing.assert_allclose(read_offset_matrix(path, (2, 4)), np.array(ROWS), rtol=1e-12)


@pytest.mark.parametrize("header", ["input,a,b,c", "offset,offset,offset,offset"])
def test_guard_headers_of_words_naming_no_device_are_read_by_position(tmp_path, header):
    path = _file(tmp_path, header, order=[0, 1, 2, 3])
    np.testing.assert_allclose(read_offset_matrix(path, (2, 4)), np.array(ROWS), rtol=1e-12)


@pytest.mark.parametrize("names", [["W-1-N/uS", "W-1-P/uS", "W-2-N/uS", "W-2-P/uS"],
                                   ["dG-1-ii(uS)", "dG-1-i(uS)", "dG-2-ii(uS)", "dG-2-i(uS)"],
                                   ["R-1-M (µS)", "R-1-P (µS)", "R-2-M (µS)", "R-2-P (µS)"],
                                   ["W_n_1/uS", "W_p_1/uS", "W_n_2/uS", "W_p_2/uS"]])
def test_names_not_read_are_refused_for_what_they_are_before_their_units(tmp_path, names):
    """Probe 21a (its M1 cases): 'W-1-P/uS' was refused as "'1-P/uS' is a scale written in the name", a false
    reason; since bd9afd0 'W_p_2/uS' loaded by position. The names are read before their units now."""
    path = _file(tmp_path, ",".join(names))
    with pytest.raises(OffsetFileError, match="is not read as a device's") as caught:
        read_offset_matrix(path, (2, 4))
    assert "scale" not in str(caught.value)
