"""A conductance's unit written as a quotient ('mA/V', 'uA/mV', '1/kOhm', '1/MOhm', 'kOhm^-1') is a unit wherever a
name or a row is read, as 'uS' is (probe 31a, D31-5: 125 files of its sets).

Before, the readers of a name outside the unit reader took its parts for words and numbers: 'G (mA/V) #2', 'G
(kOhm^-1) [2]', 'G (uA/mV) #2' were refused as naming no cycle (its 'V' a word beside the quantity); 'G,G' over a
units row '1/kOhm,1/kOhm' as both naming cycle 1 (the '1' of '1/kOhm'); 'G cycle 1' over '1/kOhm' as "expected a
number, found '1/kOhm'" (its '1' a scale, so no units row); and a units row 'mA/V' under 'G1,G2,G3' was read as TDMS
paths, its channel 'V' ("expected a number, found 'V'")."""

import numpy as np
import pytest

from crossbar import load_device

CYCLES = [[1.0, 1.5, 1.8, 1.9], [1.01, 1.52, 1.79, 1.93], [0.98, 1.49, 1.82, 1.91]]
FACTOR = {"mA/V": 1e-3, "uA/mV": 1e-3, "1/kOhm": 1e-3, "1/MOhm": 1e-6, "kOhm^-1": 1e-3, "uS": 1e-6}


def _write(tmp_path, names, units=None, pulse=True, above=(), delimiter=","):
    lines = list(above) + [delimiter.join((["pulse"] if pulse else []) + names)]
    if units is not None:
        lines.append(delimiter.join(([""] if pulse else []) + [units] * len(names)))
    lines += [delimiter.join(([str(p)] if pulse else []) + [repr(c[p]) for c in CYCLES[:len(names)]])
              for p in range(len(CYCLES[0]))]
    path = tmp_path / "f.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _expected(unit, count=3):
    return np.array(CYCLES[:count]) * FACTOR[unit]


@pytest.mark.parametrize("unit", sorted(FACTOR))
@pytest.mark.parametrize("name", ["G ({u}) #{k}", "G ({u}) [{k}]", "G ({u}) ({k})", "G [{u}] {k}", "G{k} ({u})",
                                  "G ({u}).{k}", "G ({u}) cycle {k}", "Conductance ({u}) {k}"])
def test_a_quotient_beside_a_cycles_number_is_the_names_unit(tmp_path, unit, name):
    names = [name.format(u=unit, k=k + 1) for k in range(3)]
    device = load_device(_write(tmp_path, names))
    np.testing.assert_allclose(device.cycles, _expected(unit), rtol=1e-12)


@pytest.mark.parametrize("unit", sorted(FACTOR))
@pytest.mark.parametrize("names", [["G1", "G2", "G3"], ["G", "G", "G"], ["G cycle 1", "G cycle 2", "G cycle 3"],
                                   ["G c1", "G c2", "G c3"], ["Leitwert1", "Leitwert2", "Leitwert3"]])
@pytest.mark.parametrize("pulse", [True, False])
def test_a_units_row_of_quotients_gives_each_column_its_unit(tmp_path, unit, names, pulse):
    device = load_device(_write(tmp_path, names, units=unit, pulse=pulse))
    np.testing.assert_allclose(device.cycles, _expected(unit), rtol=1e-12)


@pytest.mark.parametrize("unit", ["mA/V", "1/kOhm"])
def test_a_units_row_of_quotients_under_metadata_rows_is_read(tmp_path, unit):
    path = _write(tmp_path, ["G1", "G2", "G3"], units=unit, pulse=False, above=("Sample,SP12", "Operator,Mueller", ""))
    np.testing.assert_allclose(load_device(path).cycles, _expected(unit), rtol=1e-12)


@pytest.mark.parametrize("name", ["G (1/kOhm) c{k}", "Leitwert (1/kOhm) c{k}", "G cycle {k} (1/kOhm)"])
def test_a_quotients_slash_is_no_group_path(tmp_path, name):
    """Pipe tables are looked at for TDMS's 'group/channel' names: a '/' of a unit is none."""
    path = _write(tmp_path, [name.format(k=k + 1) for k in range(3)], delimiter="|")
    np.testing.assert_allclose(load_device(path).cycles, _expected("1/kOhm"), rtol=1e-12)
