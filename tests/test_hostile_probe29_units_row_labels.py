"""Probe 29a, D29-1: a wide table whose value columns name their cycle in brackets ('G (cycle 1)', 'G (ciclo 1)',
'I [Zyklus 1]') over a units row giving their unit (',uS,uS') was refused as "column 'G (cycle 1)': unknown unit
'cycle 1'" (with a read voltage's column 'Vread' over 'V' beside it, as "column 'Vread' holds voltages"), while the
same label unbracketed ('G cycle 1' over 'uS') was read. The units row's unit now follows the bracket ending the
name, read as any bracket before a unit is; a bracket holding a unit (another case, another quantity, per length)
stays refused as before."""

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError

UP = [[1.0, 1.5, 1.8, 2.0], [1.1, 1.6, 1.9, 2.1]]


def _table(tmp_path, names, units, cycles=UP, extra=None):
    head = "pulse," + ("Vread," if extra else "") + ",".join(names)
    unit_row = "," + ("V," if extra else "") + ",".join(units)
    rows = "".join(f"{m}," + (f"{extra}," if extra else "") + ",".join(f"{c[m]}" for c in cycles) + "\n"
                   for m in range(len(cycles[0])))
    path = tmp_path / "labels.csv"
    path.write_text(f"{head}\n{unit_row}\n{rows}", encoding="utf-8")
    return path


@pytest.mark.parametrize("label", ["(cycle {})", "(ciclo {})", "(Zyklus {})", "[cycle {}]", "(run {})",
                                   "(cycle #{})", "({})", "(cycle no.{})"])
def test_a_bracketed_cycle_label_over_a_units_row_is_read_as_the_unbracketed_one(tmp_path, label):
    names = [f"G {label.format(k)}" for k in (1, 2)]
    curve = load_device(_table(tmp_path, names, ["uS", "uS"]))
    np.testing.assert_allclose(curve.cycles, np.array(UP) * 1e-6, rtol=1e-12)
    plain = load_device(_table(tmp_path, [f"G cycle {k}" for k in (1, 2)], ["uS", "uS"]))
    np.testing.assert_allclose(curve.cycles, plain.cycles, rtol=0)


def test_the_units_row_gives_the_bracketed_columns_their_unit(tmp_path):
    curve = load_device(_table(tmp_path, ["G (cycle 1)", "G (cycle 2)"], ["nS", "nS"]))
    np.testing.assert_allclose(curve.cycles, np.array(UP) * 1e-9, rtol=1e-12)
    ohms = [[4.0, 3.0, 2.5, 2.0], [3.9, 2.9, 2.4, 1.9]]
    curve = load_device(_table(tmp_path, ["R (cycle 1)", "R (cycle 2)"], ["kOhm", "kOhm"], ohms))
    np.testing.assert_allclose(curve.cycles, 1 / (np.array(ohms) * 1e3), rtol=1e-12)


def test_read_currents_with_a_read_voltage_column_are_read(tmp_path):
    """D29-1d/e: 'pulse,Vread,I (ciclo 1),I (ciclo 2)' over ',V,uA,uA' was refused blaming the 'Vread' column."""
    curve = load_device(_table(tmp_path, ["I (ciclo 1)", "I (ciclo 2)"], ["uA", "uA"], extra="0.1"))
    np.testing.assert_allclose(curve.cycles, np.array(UP) * 1e-6 / 0.1, rtol=1e-12)
    assert curve.metadata.get("read_voltage") == pytest.approx(0.1)


@pytest.mark.parametrize("name,words", [("G (KOhm)", "unknown unit 'KOhm'"), ("G (V)", "holds voltages"),
                                        ("G (S/cm)", "unknown unit 'S/cm'")])
def test_guard_a_bracket_holding_a_unit_over_a_units_row_stays_refused(tmp_path, name, words):
    with pytest.raises(DeviceFileError, match=words):
        load_device(_table(tmp_path, [name, name], ["uS", "uS"]))


def test_guard_a_unit_in_the_name_and_another_in_the_units_row_stays_a_data_row(tmp_path):
    with pytest.raises(DeviceFileError, match="expected a number, found 'uS'"):
        load_device(_table(tmp_path, ["G (mS) (cycle 1)", "G (mS) (cycle 2)"], ["uS", "uS"]))
