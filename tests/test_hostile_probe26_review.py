"""Found by reading the stop-46 changes again, not by a probe: cases their tests did not reach."""

import numpy as np
import pytest

import crossbar


# The units-row test of metadata_rows split the names at every comma, so a quoted name holding a comma over a units
# row was not seen as one; the file was refused as "column 1 of the header has no name".
@pytest.mark.parametrize("above", ["", "Sample,SP1\n", "Sample,SP1\nDate,2024-05-01\n"])
def test_a_quoted_name_with_a_comma_over_a_units_row_is_the_header(tmp_path, above):
    path = tmp_path / "origin.csv"
    path.write_text(above + 'Pulse,"Leitwert, Probe 3"\n,nS\n0,100\n1,150\n2,180\n')
    curve = crossbar.load_device(path)
    np.testing.assert_allclose(curve.conductance, [1.0e-7, 1.5e-7, 1.8e-7], rtol=1e-12)
    assert curve.metadata["units"] == f"from the row under the header (line {above.count(chr(10)) + 2})"
