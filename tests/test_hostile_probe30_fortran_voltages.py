"""Probe 30a, D30-8: a read voltage written with Fortran's D exponent, as the table's numbers may be since stop 50
(`Read voltage,1.0D-01 V`, `# V_read: 1.0D-01 V`, `I (uA) @ 1.0D-01 V`, `5,00D-02 V` beside decimal commas), was not
read: beside `--read-voltage 0.2` the file loaded at 0.2 V, status 0, where `0.1 V` is refused as a conflict; the
header's was "'1.0D' is in no unit", and a decimal comma's was read as 5 (no unit)."""

from __future__ import annotations

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError

CURRENTS = "0,0.100\n1,0.152\n2,0.180\n3,0.191\n4,0.197\n5,0.199\n"


@pytest.mark.parametrize("above", ["Read voltage,{}\n\n", "# V_read: {}\n"])
@pytest.mark.parametrize("written", ["1.0D-01 V", "1.0d-1 V", "1D-1 V", "1.0D+02 mV"])
def test_a_noted_read_voltage_with_a_d_exponent_is_read_as_its_e_twin(tmp_path, above, written):
    path = tmp_path / "d.csv"
    path.write_text(above.format(written) + "pulse,I (uA)\n" + CURRENTS)
    with pytest.raises(DeviceFileError, match=r"states the read voltage .* \(0\.1 V\) and the read voltage given .* "
                                              r"is 0\.2 V"):
        load_device(path, read_voltage=0.2)
    with pytest.raises(DeviceFileError, match=r"if they were read at it, give --read-voltage 0\.1\)"):
        load_device(path)
    assert np.allclose(load_device(path, read_voltage=0.1).conductance[:2], [1e-6, 1.52e-6], rtol=1e-12)


def test_a_header_read_voltage_with_a_d_exponent_is_read(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("pulse,I (uA) @ 1.0D-01 V\n" + CURRENTS)
    assert np.allclose(load_device(path).conductance[:2], [1e-6, 1.52e-6], rtol=1e-12)
    with pytest.raises(DeviceFileError, match=r"names the read voltage 0\.1 V and the read voltage given"):
        load_device(path, read_voltage=0.2)


def test_a_decimal_comma_and_a_d_exponent_in_a_note(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("# Read voltage = 5,00D-02 V\npulse;I (uA)\n" + CURRENTS.replace(",", ";").replace(".", ","))
    assert np.allclose(load_device(path, read_voltage=0.05).conductance[:2], [2e-6, 3.04e-6], rtol=1e-12)
    with pytest.raises(DeviceFileError, match=r"states the read voltage 5,00D-02 V \(0\.05 V\)"):
        load_device(path, read_voltage=0.1)
