"""Probe 30a, D30-4: one value column named without its unit over a units row ('G' over 'uS'), below 'key,value'
metadata rows, is read as it is without them: the units row was taken for the header, and 'G' refused as "line 4
'G' is no 'key,value' pair"."""

from __future__ import annotations

import numpy as np
import pytest

import crossbar

META = "Sample,SP12\nOperator,Mueller\n\n"


def load(tmp_path, name, text, **options):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return crossbar.load_device(path, **options)


@pytest.mark.parametrize("name,unit,values,options,expected", [
    ("G", "uS", "1.00\n1.52\n1.80\n1.95\n", {}, [1.0e-6, 1.52e-6, 1.8e-6, 1.95e-6]),
    ("G", "nS", "100\n152\n180\n195\n", {}, [1.0e-7, 1.52e-7, 1.8e-7, 1.95e-7]),
    ("I", "uA", "0.100\n0.152\n0.180\n0.195\n", {"read_voltage": 0.1}, [1.0e-6, 1.52e-6, 1.8e-6, 1.95e-6]),
])
def test_one_column_over_its_units_row_under_metadata_rows_reads_as_without_them(tmp_path, name, unit, values,
                                                                                 options, expected):
    bare = load(tmp_path, "bare.csv", f"{name}\n{unit}\n{values}", **options)
    device = load(tmp_path, "meta.csv", f"{META}{name}\n{unit}\n{values}", **options)
    assert np.array_equal(device.conductance, bare.conductance)
    assert np.allclose(device.conductance, expected, rtol=1e-12)
    assert device.metadata["units"] == "from the row under the header (line 5)"
    assert device.metadata["notes"] == ["Sample: SP12", "Operator: Mueller"]


def test_one_column_over_its_units_row_under_pipe_metadata_rows(tmp_path):
    device = load(tmp_path, "p.txt", "Sample|SP12\nG\nuS\n1.00\n1.52\n1.80\n1.95\n")
    assert np.allclose(device.conductance, [1.0e-6, 1.52e-6, 1.8e-6, 1.95e-6], rtol=1e-12)
    assert device.metadata["notes"] == ["Sample: SP12"]
