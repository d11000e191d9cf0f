"""A value column named by its quantity's word with the cycle's number glued to it or after a separator ('I1',
'Current1', 'Iread1', 'Current_1', 'I.1', 'Resistance1') holds that quantity, as the word alone does (probe 31a, D31-3).

Before, 'pulse,I1,I2' loaded with status 0 as "conductances in S (the header names no quantity)": read currents in A
taken for siemens, 1 / V_read times off (10 times at 0.1 V), while 'Current' alone, or 'Current cycle 1', is refused
asking for the read voltage; 'Resistance1,...' over 200 Ohm was "conductance 200 S above the range". And with
--read-voltage a 'G1,G2' table was read as currents, where 'G' is refused as conductances given a read voltage."""

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError
from crossbar.devices.columns import value_column

CURRENTS = [[1.0e-6, 1.5e-6, 1.8e-6, 1.9e-6], [1.01e-6, 1.52e-6, 1.79e-6, 1.93e-6]]  # A
RESISTANCES = [[200.0, 150.0, 140.0, 130.0], [199.0, 151.0, 141.0, 129.0]]  # Ohm


def _table(tmp_path, names, cycles):
    rows = "".join(f"{p}," + ",".join(repr(c[p]) for c in cycles) + "\n" for p in range(len(cycles[0])))
    path = tmp_path / "f.csv"
    path.write_text("pulse," + ",".join(names) + "\n" + rows, encoding="utf-8")
    return path


@pytest.mark.parametrize("stem", ["I{}", "Current{}", "Iread{}", "Current_{}", "I_{}", "I-{}", "current {}",
                                  "I {} @ 0.1 V", "I.{}", "Current.{}", "Iread{} @ 0.1 V"])
def test_a_currents_word_with_its_cycles_number_names_read_currents(tmp_path, stem):
    path = _table(tmp_path, [stem.format(k + 1) for k in range(2)], CURRENTS)
    assert value_column(stem.format(1)).quantity == "current"
    if "@" not in stem:
        with pytest.raises(DeviceFileError, match="read currents; give the read voltage"):
            load_device(path)  # as 'Current' alone: no read voltage, no conductance
    device = load_device(path) if "@" in stem else load_device(path, read_voltage=0.1)
    np.testing.assert_allclose(device.conductance, np.median(CURRENTS, axis=0) / 0.1, rtol=1e-12)


@pytest.mark.parametrize("stem", ["Resistance{}", "R{}", "R_{}", "res{}", "R.{}"])
def test_a_resistances_word_with_its_cycles_number_names_resistances(tmp_path, stem):
    device = load_device(_table(tmp_path, [stem.format(k + 1) for k in range(2)], RESISTANCES))
    np.testing.assert_allclose(device.conductance, np.median(1 / np.array(RESISTANCES), axis=0), rtol=1e-12)


@pytest.mark.parametrize("stem", ["G{}", "Conductance{}", "G_{}"])
def test_a_conductances_word_with_its_cycles_number_holds_no_currents(tmp_path, stem):
    """'G1,G2' given a read voltage were read as currents; 'G' so given is refused: they hold conductances."""
    path = _table(tmp_path, [stem.format(k + 1) for k in range(2)], CURRENTS)
    assert value_column(stem.format(1)).quantity == "conductance"
    np.testing.assert_allclose(load_device(path).conductance, np.median(CURRENTS, axis=0), rtol=1e-12)
    with pytest.raises(DeviceFileError, match="holds conductances, not read currents"):
        load_device(path, read_voltage=0.1)


@pytest.mark.parametrize("name, quantity", [("I1 (uA)", "current"), ("Current_2 (mA)", "current"),
                                            ("R1 (kOhm)", "resistance"), ("G2 (uS)", "conductance")])
def test_a_unit_and_the_glued_word_agree(name, quantity):
    assert value_column(name).quantity == quantity


@pytest.mark.parametrize("name", ["I1 (uS)", "Current_2 (kOhm)", "G1 (uA)", "Resistance1 (nS)"])
def test_a_unit_of_another_quantity_than_the_glued_word_is_refused(name):
    with pytest.raises(ValueError, match="the name says"):
        value_column(name)


@pytest.mark.parametrize("name", ["cycle 1", "Index2", "T1", "read1", "Gate1"])
def test_a_word_that_is_no_quantitys_names_none(name):
    """Only a quantity's own word with a number names the quantity: 'Gate1' is no 'G', 'read1' no current."""
    assert value_column(name).quantity is None
