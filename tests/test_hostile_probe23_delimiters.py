"""Probe 23a, D23-3: a semicolon table whose rows each end in a ';' is refused for what it is.

``pulse;G (uS)`` over ``0;1.0;`` was read as one column ("expected a number, found '0;1.0;'") and over ``0;1,0;`` as
comma-separated ("expected 1 field(s) as in the header (comma-separated), found 2"): the rows split into one column
more than the header names, so no delimiter was taken. The comma file was named right (an empty last column); every
delimiter is now named alike.
"""

import subprocess
import sys

import pytest

import crossbar

ROWS = [(0, "1.0"), (1, "1.5"), (2, "1.8"), (3, "2.0"), (4, "2.1")]


def _write(tmp_path, header, rows, name="device.csv"):
    path = tmp_path / name
    path.write_text(header + "\n" + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("comma", [False, True])
@pytest.mark.parametrize("header, row, columns", [("pulse;G (uS)", "{0};{1};", 2), ("pulse;G (uS)", "{0};{1} ;", 2),
                                                  ("pulse;G c1 (uS);G c2 (uS)", "{0};{1};{1};", 3),
                                                  ("G (uS);G2 (uS)", "{1};{1};", 2)])
def test_rows_ending_in_a_semicolon_are_refused_as_an_empty_last_column(tmp_path, comma, header, row, columns):
    rows = [row.format(i, v.replace(".", ",") if comma else v) for i, v in ROWS]
    with pytest.raises(crossbar.DeviceFileError) as refused:
        crossbar.load_device(_write(tmp_path, header, rows))
    message = str(refused.value)
    assert f"line 1: the header names {columns} semicolon-separated columns" in message
    assert "each ends in a ';': an empty last column); expected no ';' after a row's last value: drop it" in message


def test_the_command_line_names_the_semicolon(tmp_path):
    path = _write(tmp_path, "pulse;G (uS)", [f"{i};{v.replace('.', ',')};" for i, v in ROWS])
    done = subprocess.run([sys.executable, "-m", "crossbar", "device", "--device", str(path)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "each ends in a ';'" in done.stderr and "comma-separated" not in done.stderr
