"""Probe 30a, D30-10: an instrument pulse train (the ``Key: value`` format of data/default_device.dat) whose rows are
written with Fortran's D exponent raised a bare ValueError ("could not convert string to float: '-2.000000D+00'"):
fields that ``is_number`` accepts since stop 50 were converted with float() in the readers of instrument rows,
direction columns, long tables and offsets cells. The instrument rows' cross-check of V / I against the resistance
column was skipped for them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import crossbar
from crossbar import load_device
from crossbar.devices import DeviceFileError

DEFAULT = Path(crossbar.__file__).parents[1] / "data" / "default_device.dat"


def _rows_in_d(text):
    head, _, rows = text.partition("Resistance (Ohm)\n")
    return head + "Resistance (Ohm)\n" + rows.replace("E", "D")


def test_an_instrument_file_whose_rows_use_d_exponents_reads_as_its_e_twin(tmp_path):
    path = tmp_path / "d.dat"
    path.write_text(_rows_in_d(DEFAULT.read_text()))
    assert np.array_equal(load_device(path).conductance, load_device(DEFAULT).conductance)


def test_the_read_cross_check_still_runs_on_d_exponents(tmp_path):
    text = DEFAULT.read_text()
    bad = text.replace("2.199840539503749E+06", "2.199840539503749E+07")  # one read's resistance 10x its V / I
    (tmp_path / "e.dat").write_text(bad)
    (tmp_path / "d.dat").write_text(_rows_in_d(bad))
    with pytest.raises(DeviceFileError) as e_twin:
        load_device(tmp_path / "e.dat")
    with pytest.raises(DeviceFileError) as d_twin:
        load_device(tmp_path / "d.dat")
    assert str(d_twin.value).replace("d.dat", "e.dat").replace("D", "E") == str(e_twin.value)  # cells as written


def test_a_long_table_in_d_exponents(tmp_path):
    rows = [(c, k, 1.0 + 0.1 * c + 0.5 * (1 - np.exp(-k / 3))) for c in (1, 2) for k in range(8)]
    e_text = "cycle,pulse,G (uS)\n" + "".join(f"{c},{k:.1E},{g:.6E}\n" for c, k, g in rows)
    (tmp_path / "e.csv").write_text(e_text)
    (tmp_path / "d.csv").write_text(e_text.replace("E", "D"))
    assert np.array_equal(load_device(tmp_path / "d.csv").cycles, load_device(tmp_path / "e.csv").cycles)
