"""A unit whose prefix is set apart from its base ('R (k ohm)', 'G (u S)') is refused as the unknown unit it is,
with the unit to write; 'k ohm' and 'M Ohm' were refused as 'a scale written in the name', the wrong reason
(stop 43's leftover)."""

import pytest

import crossbar
from crossbar import DeviceFileError


@pytest.mark.parametrize("header, token, write", [("R (k ohm)", "k ohm", "kohm"), ("R (k Ohm)", "k Ohm", "kOhm"),
                                                  ("R (M Ohm)", "M Ohm", "MOhm"), ("R [K ohm]", "K ohm", "kOhm"),
                                                  ("G (u S)", "u S", "uS"), ("G (n S)", "n S", "nS"),
                                                  ("G (\u00b5 S)", "\u00b5 S", "\u00b5S"), ("I (m A)", "m A", "mA")])
def test_a_prefix_apart_from_its_base_is_an_unknown_unit_with_the_one_to_write(tmp_path, header, token, write):
    path = tmp_path / "device.csv"
    path.write_text(f"pulse,{header}\n0,30\n1,20\n2,15\n3,12\n", encoding="utf-8")
    with pytest.raises(DeviceFileError) as refused:
        crossbar.load_device(path, read_voltage=0.1)
    message = str(refused.value)
    assert f"unknown unit {token!r} (a prefix apart from its base is not read: write {write!r})" in message
    assert "scale" not in message and "line 1" in message


@pytest.mark.parametrize("header", ["R (kohm)", "R (kOhm)", "G (uS)"])
def test_the_unit_written_together_loads(tmp_path, header):
    path = tmp_path / "device.csv"
    rows = "0,30\n1,20\n2,15\n3,12\n" if header.startswith("R") else "0,10\n1,20\n2,25\n3,27\n"
    path.write_text(f"pulse,{header}\n{rows}", encoding="utf-8")
    assert crossbar.load_device(path).conductance.size == 4


def test_a_scale_word_before_a_unit_is_still_a_scale(tmp_path):
    path = tmp_path / "device.csv"
    path.write_text("pulse,R (x1k) (ohm)\n0,30\n1,20\n2,15\n3,12\n", encoding="utf-8")
    with pytest.raises(DeviceFileError, match="scale"):
        crossbar.load_device(path)
