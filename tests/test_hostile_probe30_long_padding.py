"""Probe 30a, D30-9: a long table written by pandas' melt of a wide table whose cycles end early holds rows of no
value after a short cycle's end ('2,2,', '2,2,NaN', '2,2,#N/A'); they are dropped, as the wide twin's empty cells
are, where the file was refused "(cycle 2), line 7: a row without any value" (150 of 150 such files of the probe)."""

from __future__ import annotations

import numpy as np
import pytest

import crossbar
from crossbar.devices import DeviceFileError

CYCLES = {1: [1.0, 1.52, 1.8, 1.95], 2: [1.01, 1.5], 3: [1.02, 1.55, 1.83]}  # uS; cycles 2 and 3 end early


def melted(tmp_path, pad, by_pulse):
    pairs = [(c, p) for p in range(4) for c in CYCLES] if by_pulse else [(c, p) for c in CYCLES for p in range(4)]
    rows = "".join(f"{c},{p},{CYCLES[c][p] if p < len(CYCLES[c]) else pad}\n" for c, p in pairs)
    path = tmp_path / "long.csv"
    path.write_text("cycle,pulse,G (uS)\n" + rows, encoding="utf-8")
    return path


def wide(tmp_path):
    rows = "".join(f"{p}," + ",".join(str(g[p]) if p < len(g) else "" for g in CYCLES.values()) + "\n"
                   for p in range(4))
    path = tmp_path / "wide.csv"
    path.write_text("pulse,G (uS) cycle 1,G (uS) cycle 2,G (uS) cycle 3\n" + rows, encoding="utf-8")
    return path


@pytest.mark.parametrize("pad", ["", "NaN", "nan", "NA", "#N/A", "#NV"])
@pytest.mark.parametrize("by_pulse", [False, True], ids=["by-cycle", "by-pulse"])
def test_a_melted_long_tables_rows_after_a_cycles_end_read_as_its_wide_twin(tmp_path, pad, by_pulse):
    device = crossbar.load_device(melted(tmp_path, pad, by_pulse))
    twin = crossbar.load_device(wide(tmp_path))
    assert [int(np.isfinite(c).sum()) for c in device.cycles] == [4, 2, 3]
    assert all(np.array_equal(a, b, equal_nan=True) for a, b in zip(device.cycles, twin.cycles))
    assert np.array_equal(device.conductance, twin.conductance)


def test_a_row_of_no_value_before_a_cycles_last_value_stays_refused(tmp_path):
    path = tmp_path / "gap.csv"
    path.write_text("cycle,pulse,G (uS)\n1,0,1.0\n1,1,1.5\n1,2,1.8\n2,0,1.0\n2,1,\n2,2,1.8\n", encoding="utf-8")
    with pytest.raises(DeviceFileError) as err:
        crossbar.load_device(path)
    assert err.value.line == 6 and "a row without any value" in err.value.message
