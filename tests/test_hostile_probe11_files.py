"""Probe 10a's leftovers in the device-file readers (notes/probe10a.md, L3 and U3), each fixed at its cause.

L3a: a table with a pulse column and a time column that give the rows different orders loaded by the pulse column,
the time column dropped without a word. L3b: a time column's unknown unit was refused with a list of conductance,
current and resistance units. U3a: a current column naming its read voltage ('I (uA) @ 0.1 V') loaded at another
--read-voltage, the header's 0.1 V dropped; without the option it was refused asking for one. U3b: an offsets file
written by pandas' df.to_csv() (an unnamed index column first) was refused with advice to name a unit for column ''.
"""

import numpy as np
import pytest

from crossbar.devices.files import DeviceFileError, load_device
from crossbar.devices.offsets import OffsetFileError, read_offset_matrix
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

M = np.arange(31)
G = 1e-6 + 0.5e-6 * (1 - np.exp(-M / 8))  # S


def _table(path, header, rows):
    path.write_text(header + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows))
    return path


# --- U3b: a pandas index column in an offsets file ------------------------------------------------------------

@pytest.mark.parametrize("header", [",G+1 (uS),G-1 (uS),G+2 (uS),G-2 (uS)", ",G+1,G-1,G+2,G-2",
                                    "Unnamed: 0,G+1 (uS),G-1 (uS),G+2 (uS),G-2 (uS)"])
def test_an_offsets_files_pandas_index_is_refused_as_one(tmp_path, header):
    shifts = tmp_path / "s.csv"
    shifts.write_text(header + "\n" + "".join(f"{i},0.01,0.02,0.03,0.04\n" for i in range(4)))
    done = crossbar_cli("train", "--shifts", shifts, "--max-epochs", "2")
    assert_one_line_error(done, "s.csv, line 1: the first column ")
    assert "has no name" in done.stderr and "and holds 0, 1, 2, 3: a row index, as pandas' df.to_csv() writes it" in \
        done.stderr, done.stderr
    assert "index=False" in done.stderr, done.stderr
    with pytest.raises(OffsetFileError, match=r"s.csv, line 1: the first column .*has no name .* drop it"):
        read_offset_matrix(shifts, (4, 4))
    # an unnamed first column of other values: no index, but no name either
    shifts.write_text(header + "\n" + "".join(f"{i + 5},0.01,0.02,0.03,0.04\n" for i in range(4)))
    with pytest.raises(OffsetFileError, match=r"s.csv, line 1: the first column .*has no name; expected a name"):
        read_offset_matrix(shifts, (4, 4))
