"""Probe 17a, V2: a read voltage is read from a current column's name only after '@' (``I (uA) @ 0.2 V``). Written
any other way (``at 0.2 V``, ``Vread=0.2V``, ``bias 0.2 V``, ``I (0.2 V) (uA)``, ``200mV``) it was taken for a label,
and ``--read-voltage 0.1`` loaded the curve at 0.1 V, 2x off, with status 0. Such a name is refused, saying how to
write the voltage so that it is read."""

import numpy as np
import pytest

import crossbar
from crossbar.devices import DeviceFileError

ROWS = "0,0.200\n1,0.240\n2,0.260\n3,0.270\n"
NAMES = ["I (uA) at 0.2 V", "I (uA) at 200 mV", "I (uA) read at 0.2 V", "I (uA) read 0.2 V", "I (uA) 0.2 V",
         "I (uA) 0.2V", "I (uA) Vread=0.2V", "I (uA) Vread = 0.2 V", "I (uA) Vr=0.2 V", "I (uA) V_read 0.2 V",
         "I (0.2 V) (uA)", "Iread(0.2V) (uA)", "I (uA) bias 0.2 V", "I (uA) Vbias=0.2V", "I (uA) 200mV"]


@pytest.mark.parametrize("voltage", [None, 0.1, 0.2])
@pytest.mark.parametrize("name", NAMES)
def test_a_voltage_in_a_current_columns_name_not_after_at_is_refused(tmp_path, name, voltage):
    path = tmp_path / "v2.csv"
    path.write_text(f"pulse,{name}\n{ROWS}")
    with pytest.raises(DeviceFileError) as refused:
        crossbar.load_device(path, read_voltage=voltage)
    assert f"column {name!r} writes the voltage" in str(refused.value)
    assert "only after '@'" in str(refused.value) and "line 1" in str(refused.value)


@pytest.mark.parametrize("name", ["I (uA) @ 0.2 V", "I (uA)@200mV", "I (uA) cycle 2", "I (uA) 10 ms pulses",
                                  "G (uS) at 0.2 V"])
def test_guard_a_read_voltage_after_at_and_other_labels_load(tmp_path, name):
    path = tmp_path / "ok.csv"
    path.write_text(f"pulse,{name}\n{ROWS}")
    device = crossbar.load_device(path, read_voltage=None if "@" in name or name.startswith("G") else 0.2)
    expected = np.array([0.2, 0.24, 0.26, 0.27]) * (1e-6 if name.startswith("G") else 1e-6 / 0.2)
    np.testing.assert_allclose(device.conductance, expected, rtol=1e-12)
