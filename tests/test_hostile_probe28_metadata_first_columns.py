"""Key,value metadata rows above a table whose first column is a direction or operation column (its first cell empty,
then '+'/'-' or SET/RESET), a write voltage's column, or whose every cell is quoted (csv's QUOTE_ALL), were not read:
no row under the header started like a number, so no header was found, and line 1 ('Sample,SP12') was refused as the
header (probe 28a, D28-18)."""

import numpy as np
import pytest

from crossbar.devices.files import parse_device

G = (1.0, 1.5, 1.8, 1.4, 1.1)
SIGNS = ("", "+", "+", "-", "-")


@pytest.mark.parametrize("name, words", [("direction", SIGNS), ("operation", ("", "SET", "SET", "RESET", "RESET")),
                                         ("V (V)", ("", "2", "2", "-2", "-2"))])
def test_metadata_rows_over_a_table_whose_first_column_gives_the_directions_are_read(name, words):
    table = f"{name},pulse,G (uS)\n" + "".join(f"{w},{m},{g}\n" for m, (w, g) in enumerate(zip(words, G)))
    read, bare = parse_device("Sample,SP12\nDate,2024-05-01\n\n" + table), parse_device(table)
    np.testing.assert_array_equal(read.conductance, bare.conductance)
    np.testing.assert_array_equal(read.depression, bare.depression)
    assert "Sample: SP12" in read.metadata["notes"]


def test_metadata_rows_over_a_table_of_quoted_cells_are_read():
    table = '"pulse","G (uS)"\n' + "".join(f'"{m}","{g}"\n' for m, g in enumerate(G[:3]))
    read = parse_device("Sample,SP12\n\n" + table)
    np.testing.assert_allclose(read.conductance, [1.0e-6, 1.5e-6, 1.8e-6], rtol=1e-12)


@pytest.mark.parametrize("units", [",n,uS", ",1,uS", ",#,uS", "(+/-),,uS"])
def test_metadata_rows_over_such_a_table_with_a_units_row_are_read(units):
    table = "direction,pulse,G\n" + units + "\n" + "".join(f"{w},{m},{g}\n" for m, (w, g) in enumerate(zip(SIGNS, G)))
    read = parse_device("Sample,SP12\nDate,2024-05-01\n\n" + table)
    np.testing.assert_array_equal(read.conductance, parse_device(table).conductance)
