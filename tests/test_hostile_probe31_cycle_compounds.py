"""A German compound of the cycle word ('Messzyklus', 'Schaltzyklus Nr.', 'Lastzyklen') names the cycle as 'Zyklus'
does, in a long table's cycle column and in a wide table's column names (probe 30a, n72: 5 files). Before, each reader
kept its own list of the bare words: a long table's 'Messzyklus' column was told to carry a unit ("e.g. 'Messzyklus
(uS)'"), and 'G (uS) Messzyklus 2' was refused as a number that may be a scale. The words are now one pattern,
crossbar.devices.cycle_vocabulary.FOREIGN_CYCLE, which every reader builds on."""

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError

CYCLES = [[1.0, 1.5, 1.8, 2.0], [1.1, 1.6, 1.9, 2.05], [0.9, 1.45, 1.7, 1.95]]


def _long(tmp_path, column):
    rows = "".join(f"{c + 1},{p},{g}\n" for c, cycle in enumerate(CYCLES) for p, g in enumerate(cycle))
    path = tmp_path / "long.csv"
    path.write_text(f"{column},Puls,G (uS)\n{rows}", encoding="utf-8")
    return path


def _wide(tmp_path, name):
    header = "Puls," + ",".join(name.format(c + 1) for c in range(len(CYCLES)))
    rows = "".join(f"{p}," + ",".join(str(cycle[p]) for cycle in CYCLES) + "\n" for p in range(len(CYCLES[0])))
    path = tmp_path / "wide.csv"
    path.write_text(header + "\n" + rows, encoding="utf-8")
    return path


def _expected():
    return np.median(np.array(CYCLES), axis=0) * 1e-6


@pytest.mark.parametrize("column", ["Messzyklus", "Schaltzyklus Nr.", "Messzyklusnummer", "Lastzyklus-Nr.", "Zyklus"])
def test_a_long_tables_compound_cycle_column_numbers_the_cycles(tmp_path, column):
    device = load_device(_long(tmp_path, column))
    np.testing.assert_allclose(device.conductance, _expected(), rtol=1e-12)
    second = load_device(_long(tmp_path, column), cycle=2)
    np.testing.assert_allclose(second.conductance, np.array(CYCLES[1]) * 1e-6, rtol=1e-12)


@pytest.mark.parametrize("name", ["G (uS) Messzyklus {}", "G (uS) {}. Messzyklus", "G_Messzyklus{} (uS)",
                                  "G (uS) Schaltzyklus Nr. {}", "I (uA) Lastzyklus {}"])
def test_a_wide_tables_compound_cycle_word_names_its_cycle(tmp_path, name):
    path = _wide(tmp_path, name)
    read_voltage = {"read_voltage": 1.0} if name.startswith("I") else {}
    np.testing.assert_allclose(load_device(path, **read_voltage).conductance, _expected(), rtol=1e-12)
    third = load_device(path, cycle=3, **read_voltage)
    np.testing.assert_allclose(third.conductance, np.array(CYCLES[2]) * 1e-6, rtol=1e-12)


def test_a_word_that_only_begins_with_the_cycle_word_names_no_cycle(tmp_path):
    """'Zyklusdauer 2' (a cycle's duration) is no cycle mark: its number is refused as a possible scale, as
    'duration 2' is."""
    with pytest.raises(DeviceFileError, match="Zyklusdauer"):
        load_device(_wide(tmp_path, "G (uS) Zyklusdauer {}"))
