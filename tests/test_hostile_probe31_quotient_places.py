"""A conductance's unit written as a quotient after ' in ', '/' or '_' is read as the conductance it is where the name
reads one way, and refused, saying to write 'G (mA/V)', where it reads two; never as another quantity (probe 31a,
D31-6: 80 files of its sets).

Before, the unit after 'in', '/' or '_' was read up to the next '/': 'G in mA/V', 'G / mA/V', 'G_mA/V' "hold
voltages ... give the read voltage and drop the column"; 'G_1/kOhm' loaded its values as resistances in kOhm (refused
only as a branch falling in time order); 'G in 1/kOhm' was "a number after 'in' ... a scale"."""

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError
from crossbar.devices.columns import value_column, voltage_kind

CYCLES = [[1.0, 1.5, 1.8, 1.9], [1.01, 1.52, 1.79, 1.93], [0.98, 1.49, 1.82, 1.91]]
FACTOR = {"mA/V": 1e-3, "uA/mV": 1e-3, "1/kOhm": 1e-3, "1/MOhm": 1e-6, "kOhm^-1": 1e-3, "MOhm^-1": 1e-6}


def _write(tmp_path, names):
    rows = [",".join([str(p)] + [repr(c[p]) for c in CYCLES[:len(names)]]) for p in range(len(CYCLES[0]))]
    path = tmp_path / "f.csv"
    path.write_text("\n".join(["pulse," + ",".join(names)] + rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("unit", sorted(FACTOR))
@pytest.mark.parametrize("name", ["G in {u}", "G cycle {k} in {u}", "Conductance c{k} in {u}", "Leitwert {k} in {u}",
                                  "G_c{k}_{u}", "G_cycle{k}_{u}"])
def test_a_quotient_after_in_or_a_final_underscore_is_read(tmp_path, unit, name):
    if unit.startswith("1/") and "_" in name:
        pytest.skip("'_1/kOhm' reads two ways: refused below")
    count = 1 if "{k}" not in name else 3
    names = [name.format(u=unit, k=k + 1) for k in range(count)]
    assert voltage_kind(names[0]) is None
    assert value_column(names[0]).quantity == "conductance"
    assert value_column(names[0]).factor == FACTOR[unit]
    assert value_column(names[0]).name == names[0]
    device = load_device(_write(tmp_path, names))
    np.testing.assert_allclose(device.conductance, np.median(CYCLES[:count], axis=0) * FACTOR[unit], rtol=1e-12)
    if count > 1:
        np.testing.assert_allclose(device.cycles, np.array(CYCLES) * FACTOR[unit], rtol=1e-12)


@pytest.mark.parametrize("name", ["G / mA/V", "G/mA/V", "G / 1/kOhm", "G/uA/mV", "G cycle 1 / mA/V", "G_1/kOhm",
                                  "G_c1_1/kOhm", "G_1/MOhm", "G_mA/V cycle 1"])
def test_a_quotient_that_reads_two_ways_is_refused_saying_to_bracket_it(tmp_path, name):
    with pytest.raises(DeviceFileError, match=r"e\.g\. 'G \((mA/V|1/kOhm|uA/mV|1/MOhm)\)'") as refused:
        load_device(_write(tmp_path, [name]))
    assert "voltage" not in str(refused.value) and "scale" not in str(refused.value)


@pytest.mark.parametrize("name", ["Vread / V", "Vread_V", "V_read in mV", "Voltage / mV"])
def test_a_voltage_unit_after_a_slash_stays_a_voltages(name):
    assert voltage_kind(name) == "voltage"


@pytest.mark.parametrize("name", ["I in mA/V", "R_kOhm^-1", "I_uA/mV"])
def test_a_quotient_after_another_quantitys_word_is_refused(name):
    with pytest.raises(ValueError, match="is a conductance unit"):
        value_column(name)
