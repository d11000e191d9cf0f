"""A pad of no read (NaN, NA, #N/A) in a two-way table's direction, operation or write-voltage column (probe 31a,
D31-12 and D31-13). In a write-voltage column it ended in "crossbar: error: cannot convert float NaN to integer",
naming neither file nor line (the API's bare ValueError); before the initial state's read, which "may be anything",
it was refused as "'NaN' is no voltage" or "direction 'NA'", though value columns read the same pads. The initial
state's cell may now be a pad; a pulse's is refused naming its line."""

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError

READS = ["1.00", "1.52", "1.80", "1.41", "1.12"]
COLUMNS = {"V (V)": ["0", "2", "2", "-2", "-2"], "direction": ["", "+", "+", "-", "-"],
           "operation": ["", "SET", "SET", "RESET", "RESET"]}


def _table(tmp_path, column, cells, name="f.csv"):
    path = tmp_path / name
    path.write_text(f"pulse,{column},G (uS)\n" + "".join(f"{k},{c},{g}\n" for k, (c, g) in enumerate(zip(cells, READS))),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("column", list(COLUMNS))
@pytest.mark.parametrize("pad", ["NaN", "NA", "#N/A", "nan", "<NA>"])
def test_the_initial_states_cell_may_be_a_pad(tmp_path, column, pad):
    plain = load_device(_table(tmp_path, column, COLUMNS[column], "plain.csv"))
    padded = load_device(_table(tmp_path, column, [pad] + COLUMNS[column][1:]))
    np.testing.assert_array_equal(padded.conductance, plain.conductance)
    np.testing.assert_array_equal(padded.depression, plain.depression)
    np.testing.assert_allclose(padded.depression, [1.80e-6, 1.41e-6, 1.12e-6], rtol=1e-12)


@pytest.mark.parametrize("column", list(COLUMNS))
@pytest.mark.parametrize("pad", ["NaN", "NA", "#N/A"])
def test_a_pulses_pad_is_refused_at_its_line(tmp_path, column, pad):
    cells = list(COLUMNS[column])
    cells[2] = pad
    with pytest.raises(DeviceFileError, match=r"f\.csv, line 4: ") as caught:
        load_device(_table(tmp_path, column, cells))
    assert "convert" not in str(caught.value)
