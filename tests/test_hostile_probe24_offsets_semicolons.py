"""An offsets file saved by Excel in a decimal-comma locale: header and rows apart by semicolons, commas as decimal
marks ('1,5e-7;2e-7').

It was refused "expected comma-separated numbers, found '1e-7;2e-7'", while a device table so written is read, and
the message for a semicolon row with a decimal comma even promised that semicolon rows with no comma are read. A file
whose every header and row line is apart by semicolons is now read as the comma CSV it stands for; a bad cell is
quoted as written; anything else is refused as before, the message saying when semicolons are read.
"""

import subprocess
import sys

import numpy as np
import pytest

from crossbar.devices.offset_files import OffsetFileError, read_offset_matrix

EXPECTED = np.array([[1.5e-7, 2e-7, 0.0, 3e-8], [0.0, 4.25e-7, 1e-8, 0.0]])


def _write(tmp_path, text):
    path = tmp_path / "shifts.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("header, factor", [("", 1.0), ("G+1;G-1;G+2;G-2\n", 1.0), ("# G+1;G-1;G+2;G-2\n", 1.0),
                                            ("G+1 (uS);G-1 (uS);G+2 (uS);G-2 (uS)\n", 1e-6),
                                            ("# offsets of chip 3, 25 C\nG+1;G-1;G+2;G-2\n", 1.0)])
@pytest.mark.parametrize("rows", ["1,5e-7;2e-7;0;3e-8\n0;4,25e-7;1e-8;0\n", "1.5e-7;2e-7;0;3e-8\n0;4.25e-7;1e-8;0\n",
                                  "1,5E-07 ; 2,0E-07 ; 0,0 ; 3,0E-08\r\n0,0;4,25E-07;1,0E-08;0,0\r\n"])
def test_a_semicolon_file_is_read_as_the_comma_file_it_stands_for(tmp_path, header, factor, rows):
    scale = 1.0 if factor == 1.0 else 1e6  # the same offsets, written in uS under a uS header
    if scale != 1.0:
        rows = ";".join(f"{v * scale:g}".replace(".", ",") for v in EXPECTED[0]) + "\n" + \
            ";".join(f"{v * scale:g}".replace(".", ",") for v in EXPECTED[1]) + "\n"
    np.testing.assert_allclose(read_offset_matrix(_write(tmp_path, header + rows), (2, 4)), EXPECTED, rtol=1e-12)


def test_a_bad_cell_of_a_semicolon_file_is_quoted_as_written(tmp_path):
    path = _write(tmp_path, "G+1;G-1;G+2;G-2\n1,5e-7;2e-7;0;3e-8\n0;4,25e-7;abc,1;0\n")
    with pytest.raises(OffsetFileError) as refused:
        read_offset_matrix(path, (2, 4))
    assert str(refused.value) == f"{path}, line 3: expected semicolon-separated numbers, found 'abc,1' in " \
                                 "'0;4,25e-7;abc,1;0'"


@pytest.mark.parametrize("text", ["G+1,G-1,G+2,G-2\n1e-7;2e-7;0;3e-8\n0;4e-7;1e-8;0\n",  # header apart by commas
                                  "1.000,5;2e-7;0;3e-8\n0;4e-7;1e-8;0\n"])  # a thousands point and a decimal comma
def test_a_file_not_all_apart_by_semicolons_stays_refused(tmp_path, text):
    with pytest.raises(OffsetFileError, match=r"line 2: |line 1: "):
        read_offset_matrix(_write(tmp_path, text), (2, 4))


def test_the_message_for_a_semicolon_row_with_a_comma_says_when_semicolons_are_read(tmp_path):
    path = _write(tmp_path, "G+1\tG-1\tG+2\tG-2\n1,900;406;512;333\n1,900;406;512;333\n")
    with pytest.raises(OffsetFileError) as refused:
        read_offset_matrix(path, (2, 4))
    assert "or by semicolons in every line, the header's too, where a comma is a decimal comma" in str(refused.value)


def test_train_reads_a_semicolon_offsets_file(tmp_path):
    """The command line trains on it as on the comma file (the embedded crossbar: 4 inputs, 2 neurons)."""
    rows = ["1,5e-7;2,0e-7;2,5e-7;1,0e-7"] + ["2,0e-7;2,0e-7;2,0e-7;2,0e-7"] * 3
    (tmp_path / "semicolon.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "comma.csv").write_text("\n".join(r.replace(",", ".").replace(";", ",") for r in rows) + "\n")
    out = [subprocess.run([sys.executable, "-m", "crossbar", "train", "--shifts", name, "--json", "--max-epochs", "5"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=600)
           for name in ("semicolon.csv", "comma.csv")]
    assert [o.returncode for o in out] == [0, 0], out[0].stderr + out[1].stderr
    assert out[0].stdout.replace("semicolon.csv", "X") == out[1].stdout.replace("comma.csv", "X")
