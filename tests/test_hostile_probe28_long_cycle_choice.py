"""--cycle K (API cycle=K) naming no cycle of a long table (cycles numbered 1 and 3, K = 2) was refused naming value
columns the file does not have, the loader's own pivot of the table ("no value column of ... names cycle 2 (its
columns: 'G (µS) cycle 1', 'G (µS) cycle 3')"); it is refused in the file's words, its cycle column and the numbers
it holds (probe 28a, D28-14)."""

import pytest

from crossbar.devices.files import load_device, parse_device

ROWS = [(1.0, 1.5, 1.8), (1.05, 1.55, 1.85)]


@pytest.mark.parametrize("column, delimiter", [("Zyklus Nr.", ";"), ("cycle", ","), ("run", "\t")])
def test_a_cycle_no_row_numbers_is_refused_naming_the_cycle_column_and_its_numbers(column, delimiter):
    d = delimiter
    text = f"{column}{d}pulse{d}G (uS)\n" + "".join(f"{k}{d}{m}{d}{g}\n" for k, gs in zip((1, 3), ROWS)
                                                      for m, g in enumerate(gs))
    with pytest.raises(ValueError) as err:
        parse_device(text, cycle=2, source="f.csv")
    assert str(err.value) == (f"cycle = 2: no row of f.csv numbers cycle 2 in column '{column}' (long format); "
                              "expected one of the cycles it numbers: 1, 3")


def test_the_cycle_a_long_table_gave_is_reported_in_its_words(tmp_path):
    """It was reported as the loader's pivot, "'G (uS) cycle 3' (value column 2 of 2, which names cycle 3)", a column
    the file does not have (probe 28a, fix28a's note)."""
    path = tmp_path / "long.csv"
    path.write_text("cycle,pulse,G (uS)\n1,0,1.0\n1,1,1.5\n1,2,1.8\n3,0,1.1\n3,1,1.6\n3,2,1.85\n")
    assert load_device(path, cycle=3).metadata["cycle_column"] == "'cycle' = 3 (its rows, cycle 2 of 2, long format)"
