"""A table whose first line is the header, written as an instrument's column line ('Time' and six or more columns,
one naming a resistance), over a units row, loads (probe 31a, D31-2). The hint for metadata rows above an instrument's
column line took the first of no rows: "internal error: IndexError", status 1."""

import numpy as np
import pytest

from crossbar import load_device
from crossbar.cli import main

ROWS = [[200, 199, 201, 202, 198], [150, 151, 149, 152, 150], [140, 141, 139, 138, 142]]


@pytest.mark.parametrize("word", ["Resistance", "R"])
def test_a_column_line_first_over_a_units_row_loads(tmp_path, word):
    path = tmp_path / "f.csv"
    path.write_text(f"Time,{','.join(f'{word}{k}' for k in range(1, 6))}\ns,{','.join(['Ohm'] * 5)}\n"
                    + "".join(f"{t},{','.join(map(str, row))}\n" for t, row in enumerate(ROWS)), encoding="utf-8")
    device = load_device(path)
    np.testing.assert_allclose(device.cycles, 1.0 / np.array(ROWS, dtype=float).T, rtol=1e-12)
    assert main(["device", "--device", str(path), "--json"]) == 0
