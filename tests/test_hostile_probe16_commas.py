"""Probe 16a, D1: in a table apart by tabs or spaces, a column whose every comma has three digits after it
('1,063') was read as decimal commas, a curve 1000 times off with status 0, though a US locale writes 1063 so.
Such a column is refused as ambiguous; decimal commas of other digit counts, and semicolon files (a
decimal-comma locale's CSV), load as before."""

import re

import numpy as np
import pytest

from crossbar.devices.files import DeviceFileError, load_device

VALUES = ["1,000", "1,120", "1,200", "1,260", "1,300", "1,330"]


def _write(tmp_path, text, name="d.csv"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize("sep", ["\t", " "])
def test_three_digit_groups_are_refused_naming_the_column(tmp_path, sep):
    text = f"pulse{sep}G(nS)\n" + "".join(f"{m}{sep}{v}\n" for m, v in enumerate(VALUES))
    with pytest.raises(DeviceFileError, match=re.escape("column 'G(nS)': '1,000' may be 1000 with a thousands "
                                                        "separator or 1.000 with a decimal comma")) as info:
        load_device(_write(tmp_path, text))
    assert "write 1000 or 1.000" in str(info.value) and "line 2" in str(info.value)


def test_groups_after_plain_integers_are_refused_on_their_line(tmp_path):
    """'#,##0' writes 800 without a comma and 1,000 with one."""
    values = ["800", "850", "900", "950", "1,000", "1,050"]
    text = "pulse\tG (nS)\n" + "".join(f"{m}\t{v}\n" for m, v in enumerate(values))
    with pytest.raises(DeviceFileError, match=re.escape("line 6: column 'G (nS)': '1,000' may be 1000")):
        load_device(_write(tmp_path, text))


def test_resistances_and_currents_in_groups_are_refused(tmp_path):
    text = "pulse\tR (Ohm)\n" + "".join(f"{m}\t{v}\n" for m, v in enumerate(
        ["100,000", "90,000", "83,000", "79,000", "76,000", "74,000"]))
    with pytest.raises(DeviceFileError, match=re.escape("column 'R (Ohm)': '100,000' may be 100000")):
        load_device(_write(tmp_path, text))


def test_guard_genuine_decimal_commas_still_load(tmp_path):
    """Guard: four digits after the comma, a leading '0,' or a mix of digit counts are decimal commas."""
    for values, expected in ((["1,0625", "1,1200", "1,2000", "1,2600"], [1.0625, 1.12, 1.2, 1.26]),
                             (["0,950", "1,063", "1,120", "1,200"], [0.95, 1.063, 1.12, 1.2]),
                             (["1,0", "1,063", "1,12", "1,2"], [1.0, 1.063, 1.12, 1.2])):
        text = "pulse\tG (uS)\n" + "".join(f"{m}\t{v}\n" for m, v in enumerate(values))
        device = load_device(_write(tmp_path, text))
        np.testing.assert_allclose(device.conductance, np.array(expected) * 1e-6, rtol=1e-12)


def test_guard_semicolon_files_keep_the_decimal_comma(tmp_path):
    """Guard: a semicolon-separated file is the CSV of a locale whose decimal mark is the comma."""
    text = "pulse;G (uS)\n" + "".join(f"{m};{v}\n" for m, v in enumerate(VALUES))
    device = load_device(_write(tmp_path, text))
    np.testing.assert_allclose(device.conductance, [1.0e-6, 1.12e-6, 1.2e-6, 1.26e-6, 1.3e-6, 1.33e-6], rtol=1e-12)
