"""Hostile device files of probe 5: wrong numbers loaded as success, and refusals quoting a value not in
the file (a column unit ignored, a spike three cells wide, pulse numbers beyond int64, a pandas index,
thousands separators)."""

import re

import numpy as np
import pytest

from crossbar.devices.files import DEFAULT_DEVICE_FILE, DeviceFileError, parse_device

# ------------------------------------------------------------------ the instrument's resistance column


@pytest.mark.parametrize("unit, factor", [("kOhm", 1e3), ("MOhm", 1e6), ("k\u03a9", 1e3)])
def test_the_instrument_columns_resistance_unit_is_honoured(unit, factor):
    """'Resistance (kOhm)' was read as Ohm: 1000 times too high a conductance, rc 0 (probe 5: n_i_res_kohm)."""
    raw = DEFAULT_DEVICE_FILE.read_text()
    reference = parse_device(raw).conductance
    g = parse_device(raw.replace("Resistance (Ohm)", f"Resistance ({unit})")).conductance
    np.testing.assert_allclose(g, reference / factor, rtol=1e-15, atol=0)


@pytest.mark.parametrize("column, message", [
    ("Resistance (uS)", "line 13: column 6 is 'Resistance (uS)'; expected 'Resistance (Ohm)' (or kOhm, MOhm)"),
    ("Current (A)", "line 13: column 6 is 'Current (A)'; expected 'Resistance (Ohm)'"),
])
def test_an_instrument_column_6_that_is_no_resistance_is_refused(column, message):
    raw = DEFAULT_DEVICE_FILE.read_text().replace("Current (A),Resistance (Ohm)", f"Resistance (Ohm),{column}")
    with pytest.raises(DeviceFileError) as info:
        parse_device(raw)
    assert message in str(info.value), str(info.value)


def test_an_instrument_resistance_out_of_range_is_named_in_its_unit():
    head = ("Number of Pulses: 2\nRead Voltage (V): 5.0E-2\n"
            "Time stamp (s), Voltage (V), Current (A), Voltage (V), Current (A),Resistance (kOhm)\n")
    rows = "1,5.0E-2,1,1,1,2.2E+3\n2,5.0E-2,1,1,1,2.1E+3\n3,5.0E-2,1,1,1,2.0E+13\n"  # 2e16 Ohm
    with pytest.raises(DeviceFileError, match=r"line 6: read row has resistance 2.0E\+13 kOhm, a conductance of 5e-17 "
                                              r"S, below .* \(a resistance of 0.001 ... 1e\+12 kOhm\)"):
        parse_device(head + rows)
