"""R's write.table default: space-delimited, names in quotes ('"pulse" "G (uS) cycle 1" "G (uS) cycle 2"' over
'0 1.0 1.1'). Split at every space, the header was "names one column but the rows hold 3 values: is the header
separated by another delimiter than the rows?", and '"pulse" "G (uS)"' was told to give '"pulse"' a unit (probe 28a,
D28-9). The quoted names are read as CSV's quotes are; R's row names (row.names = TRUE) are refused naming them."""

import numpy as np
import pytest

from crossbar.devices.files import DeviceFileError, parse_device

ROWS = [(0, 1.0, 1.1), (1, 1.5, 1.6), (2, 1.8, 1.9)]


def test_quoted_names_apart_by_spaces_are_read_as_tab_separated_ones_are():
    spaced = '"pulse" "G (uS) cycle 1" "G (uS) cycle 2"\n' + "".join(f"{m} {a} {b}\n" for m, a, b in ROWS)
    tabbed = '"pulse"\t"G (uS) cycle 1"\t"G (uS) cycle 2"\n' + "".join(f"{m}\t{a}\t{b}\n" for m, a, b in ROWS)
    read, control = parse_device(spaced, cycle=2), parse_device(tabbed, cycle=2)
    np.testing.assert_array_equal(read.conductance, control.conductance)
    np.testing.assert_allclose(read.conductance, [1.1e-6, 1.6e-6, 1.9e-6], rtol=1e-12)


def test_one_quoted_value_column_is_read_with_its_unit():
    device = parse_device('"pulse" "G (uS)"\n' + "".join(f"{m} {a}\n" for m, a, _ in ROWS))
    np.testing.assert_allclose(device.conductance, [1.0e-6, 1.5e-6, 1.8e-6], rtol=1e-12)


@pytest.mark.parametrize("header", ['"pulse" "G (uS) cycle 1" "G (uS) cycle 2"', '"pulse" "G (uS)"'])
def test_r_row_names_are_refused_naming_them(header):
    width = header.count('" "') + 1
    rows = "".join(f'"{m + 1}" ' + " ".join(map(str, row[:width])) + "\n" for m, row in enumerate(ROWS))
    with pytest.raises(DeviceFileError) as err:
        parse_device(header + "\n" + rows)
    assert err.value.message == (f"each row holds a quoted name before the {width} values the header names ('\"1\"'): "
                                 "R's row names; expected none: write the table with write.table(..., row.names = "
                                 "FALSE)")
    assert err.value.line == 2
