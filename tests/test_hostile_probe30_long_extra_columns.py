"""Probe 30a, D30-6: a long table ('cycle,pulse,G (uS)') with one more column ('ok' of yes/no marking bad cycles, a
'comment', 'T (K)') is refused naming that column and what to do (drop it, first deleting the rows it marks): it was
told to pivot itself into one column per cycle, the column unnamed. Read without the column, the rows an 'ok' column
marks as bad would be read as good cycles, so the table is refused, not read."""

from __future__ import annotations

import numpy as np
import pytest

import crossbar
from crossbar.devices import DeviceFileError


def table(tmp_path, header, extra):
    """A long table of two cycles under `header`, `extra` (one cell per row) after its values."""
    rows = "".join(f"{c},{p},{g + 0.01 * c}{cell}\n" for (c, p, g), cell in zip(
        ((c, p, g) for c in (1, 2) for p, g in enumerate((1.0, 1.52, 1.8))), extra))
    path = tmp_path / "l.csv"
    path.write_text(header + "\n" + rows, encoding="utf-8")
    return path


def refused(path):
    with pytest.raises(DeviceFileError) as err:
        crossbar.load_device(path)
    return err.value


@pytest.mark.parametrize("name,cells", [("ok", ["yes"] * 3 + ["no"] * 3), ("comment", ["", "", "drift", "", "", ""]),
                                        ("T (K)", ["300"] * 6), ("flag", ["0", "0", "0", "1", "1", "1"])])
def test_a_long_table_with_a_column_beside_its_values_is_refused_naming_it(tmp_path, name, cells):
    error = refused(table(tmp_path, f"cycle,pulse,G (uS),{name}", [f",{cell}" for cell in cells]))
    assert error.line == 1
    assert error.message.startswith(f"column {name!r} (column 4) is no column a table in long format reads: column "
                                    "'cycle' numbers the cycles, column 'G (uS)' holds their values")
    assert "drop it (first deleting the rows it marks to leave out" in error.message
    assert "pivot" not in error.message


def test_a_long_table_without_the_column_reads_and_two_extra_columns_are_named(tmp_path):
    device = crossbar.load_device(table(tmp_path, "cycle,pulse,G (uS)", [""] * 6))
    assert len(device.cycles) == 2 and np.allclose(device.cycles[1], [1.02e-6, 1.54e-6, 1.82e-6], rtol=1e-12)
    error = refused(table(tmp_path, "cycle,pulse,G (uS),ok,comment", [",yes,"] * 6))
    assert error.message.startswith("columns 'ok', 'comment' (columns 4, 5) are no columns a table in long format")
    assert "drop them (first deleting the rows they mark" in error.message


def test_a_long_table_with_a_read_voltage_column_still_reads(tmp_path):
    path = tmp_path / "v.csv"
    path.write_text("cycle,pulse,Vread (V),I (uA)\n" + "".join(
        f"{c},{p},0.1,{i + 0.001 * c}\n" for c in (1, 2) for p, i in enumerate((0.1, 0.152, 0.18))), encoding="utf-8")
    device = crossbar.load_device(path)
    assert len(device.cycles) == 2 and device.metadata["read_voltage"] == 0.1
