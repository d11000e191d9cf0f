"""Probe 23a, D23-1: a unit after a final '_' is read whatever letters the quantity's name holds.

``pulse,résistance_kOhm`` and ``pulse,Cond._uS`` were refused ("'kOhm' looks like a unit but is not where a unit is
read") although the unit is after a final '_', where units are read (``conductance_uS``): the name before it was read
in ASCII letters only, with no '.'. Any letter (an accent, 'ß', a combining accent) and abbreviation dots are now
read there, as they are before a unit in brackets (``résistance (kOhm)`` loaded).
"""

import subprocess
import sys

import pytest

import crossbar
from crossbar.devices.columns import conductance_factor

RESISTANCES = [100, 66.6667, 50, 40, 35]  # kOhm: the conductance rises
CONDUCTANCES = [10, 15, 18, 20, 21]  # uS or nmho


def _write(tmp_path, name, values):
    path = tmp_path / "device.csv"
    path.write_text(f"pulse,{name}\n" + "".join(f"{i},{v}\n" for i, v in enumerate(values)), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["r\u00e9sistance_kOhm", "R\u00e9s_kOhm", "R\u00e9sistance_kOhm", "R._kOhm",
                                  "Res._kOhm", "R_\u00e9_kOhm", "Gr\u00f6\u00dfe_kOhm", "\u00dc_kOhm"])
def test_a_resistance_unit_after_an_underscore_is_read_after_any_letters_and_dots(tmp_path, name):
    device = crossbar.load_device(_write(tmp_path, name, RESISTANCES))
    assert device.conductance[0] == pytest.approx(1 / 100e3, rel=1e-12)
    assert device.conductance[-1] == pytest.approx(1 / 35e3, rel=1e-12)


@pytest.mark.parametrize("name, factor", [("Cond._uS", 1e-6), ("Leitf\u00e4higkeit_uS", 1e-6), ("G\u00e9_uS", 1e-6),
                                          ("G._uS", 1e-6), ("Cond._nmho", 1e-9), ("Leitf\u00e4h._uS", 1e-6),
                                          ("\u00ff_uS", 1e-6)])
def test_a_conductance_unit_after_an_underscore_is_read_after_any_letters_and_dots(tmp_path, name, factor):
    device = crossbar.load_device(_write(tmp_path, name, CONDUCTANCES))
    assert device.conductance[0] == pytest.approx(10 * factor, rel=1e-12)
    assert conductance_factor(name) == factor  # the offsets reader's columns alike


def test_the_command_line_loads_the_accented_name(tmp_path):
    path = _write(tmp_path, "r\u00e9sistance_kOhm", RESISTANCES)
    done = subprocess.run([sys.executable, "-m", "crossbar", "device", "--device", str(path)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "kOhm" in done.stdout and "1e-05" in done.stdout

