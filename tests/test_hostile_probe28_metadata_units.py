"""Key,value metadata rows above a header whose units row has '1' (a count's "dimensionless") under a pulse or cycle
column that is not the first column ('cycle,pulse,G' over ',1,uS'; 'Time,pulse,G' over 's,1,uS') were not read: the
'1' made the units row no header, so no block was found, and the file was refused as "line 1: the header names 2
comma-separated columns ('Sample,SP12') but the rows do not split into them" (probe 28a, D28-3)."""

import numpy as np
import pytest

from crossbar.devices.files import parse_device

META = "Sample,SP12\n\n"


def _long(header, units, order):
    rows = "".join(",".join({"cycle": str(k), "pulse": str(m), "G": f"{g + 0.05 * k:.2f}"}[c] for c in order) + "\n"
                   for k in (1, 2) for m, g in enumerate((1.0, 1.5, 1.8)))
    return f"{header}\n{units}\n{rows}"


@pytest.mark.parametrize("order", [("cycle", "pulse", "G"), ("pulse", "cycle", "G")])
def test_a_units_row_with_1_under_a_count_column_below_metadata_rows_is_read(order):
    header, units = ",".join(order), ",1,uS"  # '1' under the pulse column, or under the cycle column
    read = parse_device(META + _long(header, units, order), cycle=2)
    bare = parse_device(_long(header, units, order), cycle=2)
    np.testing.assert_array_equal(read.conductance, bare.conductance)
    assert "Sample: SP12" in read.metadata["notes"]


def test_a_time_column_beside_a_pulse_column_with_1_under_it_below_metadata_rows_is_read():
    table = "Time,pulse,G\ns,1,uS\n" + "".join(f"{0.1 * m:.1f},{m},{g}\n" for m, g in enumerate((1.0, 1.5, 1.8)))
    read = parse_device(META + table)
    np.testing.assert_allclose(read.conductance, [1.0e-6, 1.5e-6, 1.8e-6], rtol=1e-12)
