"""Probe 23a, D23-4: an offsets file's non-finite cell is named by its line, row and column, as every other bad cell.

``G+1 (uS),G-1 (uS)`` over ``0.1,0.2`` and ``0.3,nan`` was refused "offsets must be finite numbers (siemens)" naming
no line, row or column ('abc' in the same place names its line; 5 S names its row and column). The cell is now quoted
as written with its line, row and column; an offset beyond 1 S names its line too, and a .npy its row and column.
"""

import subprocess
import sys

import numpy as np
import pytest

from crossbar.devices.offset_files import OffsetFileError, read_offset_matrix


@pytest.mark.parametrize("cell", ["nan", "NaN", "inf", "-inf", "1e999", "Infinity"])
@pytest.mark.parametrize("header, sep, line", [("G+1 (uS),G-1 (uS)\n", ",", 3), ("", ",", 2),
                                               ("# offsets of chip 3\nG+1,G-1\n", ",", 4), ("# G+1 G-1\n", " ", 3)])
def test_a_non_finite_cell_is_named_by_its_line_row_and_column(tmp_path, cell, header, sep, line):
    path = tmp_path / "shifts.csv"
    path.write_text(header + f"1e-7{sep}2e-7\n3e-7{sep}{cell}\n", encoding="utf-8")
    with pytest.raises(OffsetFileError) as refused:
        read_offset_matrix(path, (2, 2))
    assert str(refused.value) == (f"{path}, line {line}: offsets must be finite numbers (siemens); found {cell!r} "
                                  "(row 2, column 2)")


def test_an_offset_beyond_one_siemens_names_its_line(tmp_path):
    path = tmp_path / "shifts.csv"
    path.write_text("# measured\nG+1,G-1\n1e-7,2e-7\n3e-7,5\n", encoding="utf-8")
    with pytest.raises(OffsetFileError, match=r"shifts\.csv, line 4: offset 5 S \(row 2, column 2\) is beyond 1 S"):
        read_offset_matrix(path, (2, 2))


def test_a_non_finite_value_of_a_npy_file_is_named_by_its_row_and_column(tmp_path):
    path = tmp_path / "shifts.npy"
    matrix = np.full((2, 2), 1e-7)
    matrix[1, 0] = np.nan
    np.save(path, matrix)
    with pytest.raises(OffsetFileError, match=r"shifts\.npy: offsets must be finite numbers \(siemens\); found nan "
                                              r"\(row 2, column 1\)$"):
        read_offset_matrix(path, (2, 2))


def test_train_names_the_line_of_a_nan_offset(tmp_path):
    path = tmp_path / "shifts.csv"
    path.write_text("G+1 (uS),G-1 (uS),G+2 (uS),G-2 (uS)\n" + "0.1,0.2,0.1,0.2\n" * 2 + "0.1,0.2,nan,0.2\n"
                    + "0.1,0.2,0.1,0.2\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "crossbar", "train", "--shifts", str(path), "--max-epochs", "2"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 2
    assert done.stderr.strip().endswith("line 4: offsets must be finite numbers (siemens); found 'nan' (row 3, column 3)")
    assert len(done.stderr.strip().splitlines()) == 1
