"""A units row under a write-voltage column that names its unit ('pulse,Vpulse (V),G' over ',V,uS') is no units row
(probe 27a, D27-8), and was refused naming the value column's cell, "column 'G': expected a number, found 'uS'": G's
unit, rightly placed, where the cell that makes the row no units row is the 'V' under 'Vpulse (V)', which a write
voltage's first row lets by (probe 28a, D28-13)."""

import pytest

from crossbar.devices.files import DeviceFileError, parse_device

ROWS = "0,1.5,1.0\n1,2,1.5\n2,2,1.8\n3,-2,1.4\n4,-2,1.1\n"


@pytest.mark.parametrize("name, unit", [("Vpulse (V)", "V"), ("V (V)", "V"), ("V_write (mV)", "mV"),
                                        ("Vread [V]", "V")])
def test_the_cell_under_a_voltage_column_that_names_its_unit_is_named(name, unit):
    with pytest.raises(DeviceFileError) as err:
        parse_device(f"pulse,{name},G\n,{unit},uS\n" + ROWS)
    assert err.value.line == 2
    assert err.value.message.startswith(f"column '{name}': expected a number, found '{unit}' (the row gives the other "
                                        f"columns their units, a units row, but under '{name}' it may say only "
                                        "nothing, its name giving its unit)")
