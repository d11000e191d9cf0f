"""Probe 28a's judgement families read or told plainly: tables delimited by '|' (219 files refused "expected a number,
found '0|0.030576391'"), numbers with Fortran's D exponent ('2.18019009D+04', 232 files refused "expected a number"),
a Markdown table's outer '|'s (told to be a pandas index), a unit written in the cells (229: "expected a number,
found '33.808205uS'", no cause) and pulses read every k-th pulse (219: "missing [1, 3, 5, 7, 9]", no cause)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import crossbar
from crossbar.devices import DeviceFileError

ROOT = str(Path(crossbar.__file__).parents[1])
G = [1.0e-6, 1.5e-6, 1.8e-6, 1.95e-6, 2.0e-6]  # a rising curve in siemens


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def uS(g, comma=False):
    text = f"{g * 1e6:.4f}"
    return text.replace(".", ",") if comma else text


@pytest.mark.parametrize("decimal_comma", [False, True])
def test_a_pipe_delimited_table_reads_as_its_comma_twin(tmp_path, decimal_comma):
    rows = "".join(f"{p}|{uS(g, decimal_comma)}|{uS(g * 1.1, decimal_comma)}\n" for p, g in enumerate(G))
    piped = crossbar.load_device(write(tmp_path, "p.txt", "pulse|G (uS) cycle 1|G (uS) cycle 2\n" + rows))
    twin_rows = "".join(f"{p},{uS(g)},{uS(g * 1.1)}\n" for p, g in enumerate(G))
    twin = crossbar.load_device(write(tmp_path, "c.csv", "pulse,G (uS) cycle 1,G (uS) cycle 2\n" + twin_rows))
    assert np.array_equal(piped.conductance, twin.conductance)
    assert piped.metadata["delimiter"] == "pipe" and len(piped.cycles) == 2


def test_a_pipe_delimited_long_table_and_two_way_table_read(tmp_path):
    long = "cycle|pulse|I (uA)\n" + "".join(f"{c}|{p}|{uS(g * c)}\n" for c in (1, 2) for p, g in enumerate(G))
    device = crossbar.load_device(write(tmp_path, "l.txt", long), read_voltage=0.1)
    assert device.metadata["delimiter"] == "pipe" and len(device.cycles) == 2
    assert np.allclose(device.cycles[1], np.array(G) * 2 * 10, rtol=1e-9)  # I / V: uA at 0.1 V
    two = ("pulse|direction|G (uS)\n0||1.0\n" + "".join(f"{p}|+|{1.0 + 0.2 * p}\n" for p in (1, 2, 3))
           + "".join(f"{p}|-|{1.6 - 0.2 * (p - 3)}\n" for p in (4, 5, 6)))
    device = crossbar.load_device(write(tmp_path, "t.txt", two))
    assert device.two_way and np.allclose(device.conductance, [1.0e-6, 1.2e-6, 1.4e-6, 1.6e-6], rtol=1e-9)


def test_a_pipe_table_padded_with_rows_of_bars_reads_as_without_them(tmp_path):
    rows = "".join(f"{p}|{uS(g)}\n" for p, g in enumerate(G))
    padded = crossbar.load_device(write(tmp_path, "p.txt", "pulse|G (uS)\n" + rows + "||\n|\n"))
    assert np.array_equal(padded.conductance, crossbar.load_device(write(tmp_path, "q.txt", "pulse|G (uS)\n" + rows))
                          .conductance)


def test_device_names_the_pipe_on_the_command_line(tmp_path):
    path = write(tmp_path, "p.txt", "pulse|G (uS)\n" + "".join(f"{p}|{uS(g)}\n" for p, g in enumerate(G)))
    done = subprocess.run([sys.executable, "-m", "crossbar", "device", "--device", str(path), "--json"],
                          capture_output=True, text=True, timeout=240, env={"PYTHONPATH": ROOT, "PATH": ""})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["read"]["delimiter"] == "pipe"


@pytest.mark.parametrize("mark", ["E", "D", "d"])
@pytest.mark.parametrize("digits", [3, 8, 16])
def test_fortran_d_exponents_read_as_e(tmp_path, mark, digits):
    text = "pulse,G (S)\n" + "".join(f"{p},{g:.{digits}E}\n".replace("E", mark) for p, g in enumerate(G))
    device = crossbar.load_device(write(tmp_path, "f.csv", text))
    assert np.array_equal(device.conductance, [float(f"{g:.{digits}E}") for g in G])


def test_fortran_d_exponents_with_decimal_commas_and_in_long_tables(tmp_path):
    semi = "pulse;R (kOhm)\n0;1,0D+03\n1;0,8D+03\n2;0,7D+03\n"
    assert np.allclose(crossbar.load_device(write(tmp_path, "s.csv", semi)).conductance,
                       [1e-6, 1.25e-6, 1 / 7e5], rtol=1e-12)
    long = "cycle\tpulse\tG (S)\n" + "".join(f"{c}\t{p}\t{g * c:.6E}\n".replace("E", "D")
                                             for c in (1, 2) for p, g in enumerate(G))
    device = crossbar.load_device(write(tmp_path, "l.tsv", long))
    assert len(device.cycles) == 2 and np.allclose(device.cycles[1], np.array(G) * 2, rtol=1e-6)


def test_a_fortran_number_cut_at_the_end_of_the_file_is_still_seen(tmp_path):
    path = write(tmp_path, "cut.csv", "pulse,G (uS)\n0,1.0D0\n1,1.5D0\n2,1.8D")
    with pytest.raises(DeviceFileError, match=r"line 4: .*its last value '1.8D' is not written like the rows before "
                                              r"it .* the file looks cut short"):
        crossbar.load_device(path)


def test_a_d_that_is_no_exponent_stays_refused(tmp_path):
    for cell in ("1.5D", "D5", "1.5Dx3", "0x1D"):
        with pytest.raises(DeviceFileError, match=f"expected a number, found '{cell}'"):
            crossbar.load_device(write(tmp_path, "d.csv", f"pulse,G (uS)\n0,1.0\n1,{cell}\n2,1.8\n"))


def test_a_markdown_table_is_told_to_drop_its_outer_bars(tmp_path):
    path = write(tmp_path, "m.md", "| pulse | G (uS) |\n|---|---|\n| 0 | 1.0 |\n| 1 | 1.5 |\n")
    with pytest.raises(DeviceFileError) as caught:
        crossbar.load_device(path)
    assert str(caught.value) == (
        f"{path}, line 1: columns 1 and 4 of the header have no name (a delimiter at both ends of the line, as a "
        "Markdown table writes '| pulse | G (uS) |'); expected none: drop the first and last delimiter of every line, "
        "and a rule line ('|---|---|') under the header")


def test_a_unit_in_the_cells_is_told_to_move_to_the_name(tmp_path):
    path = write(tmp_path, "u.csv", "pulse,G\n0,33.808205uS\n1,41.302472uS\n")
    with pytest.raises(DeviceFileError) as caught:
        crossbar.load_device(path)
    assert str(caught.value) == (f"{path}, line 2: column 'G': expected a number, found '33.808205uS' (a number with "
                                 "its unit 'uS' in the cell); expected numbers alone in the cells and the unit in the "
                                 "column's name: 'G (uS)'")
    named = write(tmp_path, "n.csv", "pulse,G (uS)\n0,1.0 uS\n1,1.5 uS\n")
    with pytest.raises(DeviceFileError, match=r"found '1.0 uS' \(a number with its unit 'uS' in the cell\); expected "
                                              r"numbers alone in the cells$"):
        crossbar.load_device(named)


def test_reads_every_kth_pulse_are_told_so(tmp_path):
    text = "pulse,G (uS)\n" + "".join(f"{2 * p},{uS(g)}\n" for p, g in enumerate(G))
    with pytest.raises(DeviceFileError) as caught:
        crossbar.load_device(write(tmp_path, "k.csv", text))
    assert str(caught.value).endswith("missing [1, 3] (this row is pulse 2): the pulses run 0, 2, 4, ..., a "
                                      "read every 2 pulses; expected a read after every pulse (training gives a "
                                      "device one pulse at a time); to train with 2 pulses as one step, number the "
                                      "reads 0, 1, 2, ...")
    gap = "pulse,G (uS)\n0,1.0\n1,1.5\n3,1.8\n4,1.9\n"  # one read missing: no stride to name
    with pytest.raises(DeviceFileError) as caught:
        crossbar.load_device(write(tmp_path, "g.csv", gap))
    assert str(caught.value).endswith("missing [2] (this row is pulse 3)")
