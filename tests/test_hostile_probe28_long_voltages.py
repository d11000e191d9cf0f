"""A long table whose cycles were each read at one voltage, apart within 20 % (cycle 1 at 0.1 V, cycle 2 at 0.11 V),
given a read voltage too, was refused as "column 'Vread (V)' names the read voltage 0.11 V and the read voltage
given ... is 0.1 V": one cycle's voltage named as the column's, where the column holds 0.1 V on cycle 1's rows, the
value given (probe 28a, D28-6). The column is held as one over every cycle's rows before any cycle's table is read."""

import pytest

from crossbar.devices.files import DeviceFileError, parse_device

TABLE = "cycle,pulse,Vread (V),I (uA)\n" + "".join(f"{k},{m},{v},{i + 0.1 * k}\n" for k, v in ((1, 0.1), (2, 0.11))
                                                   for m, i in enumerate((1.0, 1.5, 1.8)))


@pytest.mark.parametrize("given", [0.1, 0.11, 0.105])
def test_cycles_at_voltages_apart_within_20_percent_and_a_read_voltage_given_name_both_readings(given):
    with pytest.raises(DeviceFileError) as err:
        parse_device(TABLE, read_voltage=given)
    assert err.value.message == (f"column 'Vread (V)' holds the read voltage of each row (0.1 ... 0.11 V) and the "
                                 f"read voltage given is {given:g} V; expected one of the two: drop the option to "
                                 "divide each current by its row's voltage, or drop the column")
