"""Probe 16a, S1: an offsets file's header names were read for their units only, so columns named
'G-1,G+1,G-2,G+2' loaded in file order, each offset on another device, with status 0. A header whose names
are all G+k / G-k is held to the order the columns are read in, G+1, G-1, G+2, G-2, ..."""

import re

import numpy as np
import pytest

from crossbar.devices.offsets import OffsetFileError, read_offset_matrix

ROWS = "0.3,0.2,0.5,0.4\n" * 4


@pytest.mark.parametrize("header, given", [
    ("G-1 (uS),G+1 (uS),G-2 (uS),G+2 (uS)", "G-1, G+1, G-2, G+2"),
    ("G+1,G+2,G-1,G-2", "G+1, G+2, G-1, G-2"),
    ("G+2 (uS),G-2 (uS),G+1 (uS),G-1 (uS)", "G+2, G-2, G+1, G-1"),
    ("G+1,G+1,G-1,G-2", "G+1, G+1, G-1, G-2"),
    ("# G-1 (uS),G+1 (uS),G-2 (uS),G+2 (uS)", "G-1, G+1, G-2, G+2"),
])
def test_names_in_another_order_are_refused(tmp_path, header, given):
    path = tmp_path / "shifts.csv"
    path.write_text(header + "\n" + ROWS)
    with pytest.raises(OffsetFileError, match=re.escape(f"line 1: the header names the columns {given}; expected "
                                                        "G+1, G-1, G+2, G-2 in that order")):
        read_offset_matrix(path, (4, 4))


def test_guard_names_in_order_load(tmp_path):
    """Guard: the order the columns are read in, with or without units, loads as before."""
    for header, factor in (("G+1 (uS),G-1 (uS),G+2 (uS),G-2 (uS)", 1e-6), ("G+1,G-1,G+2,G-2", 1.0),
                           ("input,a,b,c", 1.0)):
        path = tmp_path / "shifts.csv"
        path.write_text(header + "\n" + ROWS)
        np.testing.assert_array_equal(read_offset_matrix(path, (4, 4))[0], np.array([0.3, 0.2, 0.5, 0.4]) * factor)
