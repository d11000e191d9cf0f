"""A long table whose value column writes its unit after a final '_' ('I_uA', 'G_nS', 'R_kOhm') loads beside a
read-voltage column as without one, and as its wide twin does (probe 31a, D31-9: 15 files of its sets l1, l2).

Each cycle of a long table is named '<value column> cycle K'; 'I_uA cycle 1' names no unit where one is read (a unit
after '_' ends the name), so beside 'Vread (V)' the file was refused "column 'I_uA cycle 1': 'uA' looks like a unit
but is not where a unit is read", naming a column the file does not have, with no file or line, and the API raised a
bare ValueError."""

import numpy as np
import pytest

from crossbar import load_device

CYCLES = [[1.0, 1.52, 1.8, 1.9], [1.01, 1.5, 1.79, 1.93]]


def _long(tmp_path, value, volts=True, column="cycle"):
    head = [column, "pulse"] + (["Vread (V)"] if volts else []) + [value]
    rows = [[str(c + 1), str(p)] + (["0.1"] if volts else []) + [repr(g)] for c, cycle in enumerate(CYCLES)
            for p, g in enumerate(cycle)]
    path = tmp_path / "long.csv"
    path.write_text("\n".join(",".join(r) for r in [head] + rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("value, factor", [("I_uA", 1e-6 / 0.1), ("Current_mA", 1e-3 / 0.1), ("G_nS", 1e-9),
                                           ("Leitwert_uS", 1e-6), ("G_mA/V", 1e-3)])
@pytest.mark.parametrize("volts", [True, False])
def test_a_unit_after_underscore_names_each_cycle_of_a_long_table(tmp_path, value, factor, volts):
    options = {} if volts or not value[0] in "IC" else {"read_voltage": 0.1}
    device = load_device(_long(tmp_path, value, volts), **options)
    np.testing.assert_allclose(device.cycles, np.array(CYCLES) * factor, rtol=1e-12)
    second = load_device(_long(tmp_path, value, volts), cycle=2, **options)
    np.testing.assert_allclose(second.conductance, np.array(CYCLES[1]) * factor, rtol=1e-12)
