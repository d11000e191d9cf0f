"""Probe 22a, D22-7: a unit in words, then a cycle's number, in a column's name.

d02522c reads units in words wherever units in symbols are read, and 'R / MOhm #2' loads as cycle 2 in megohms. The
same name with the unit in words ('R / megohms #2', 'G / MicroSiemens (2)', 'I in nanoamperes @ 200 mV #2',
'G in microsiemens 2') was refused: "'2' is a scale written in the name", because the check for a scale took a number
after a unit for a cycle's only where the unit was in symbols. A valid file was refused with a false reason; these
tests fail before the fix. A scale after a unit in words is still refused (guards).
"""
import numpy as np
import pytest

import crossbar
from crossbar.devices import DeviceFileError

# the values of cycles 1 and 2, in the file's own unit, and each one's conductance in siemens
CYCLE = {1: [1.0, 1.1, 1.2, 1.25], 2: [1.2, 1.3, 1.35, 1.4]}
FALLING = {1: [1.0, 0.9, 0.85, 0.8], 2: [0.9, 0.8, 0.75, 0.7]}  # resistances, whose conductances rise

# name template ({} = the cycle's mark), and the factor from the file's numbers to siemens (None: megohms)
NAMES = [
    ("R / megohms #{}", None),
    ("R / Megohms #{}", None),
    ("R in megohm ({})", None),
    ("G / MicroSiemens ({})", 1e-6),
    ("G / micro siemens #{}", 1e-6),
    ("G / micro-siemens #{}", 1e-6),
    ("G in microsiemens {}", 1e-6),
    ("G / microsiemens {}", 1e-6),
    ("G / nanomhos #{}", 1e-9),
    ("I in nanoamperes @ 200 mV #{}", 1e-9 / 0.2),
    ("I / microamps @ 0.1 V ({})", 1e-6 / 0.1),
]


def _values(template):
    return FALLING if template.startswith("R") else CYCLE


def _write(path, template):
    values = _values(template)
    rows = ["pulse," + ",".join(template.format(c) for c in (2, 1))]
    rows += [f"{p},{values[2][p]},{values[1][p]}" for p in range(4)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("cycle", [1, 2])
@pytest.mark.parametrize("template,factor", NAMES, ids=[n for n, _ in NAMES])
def test_a_unit_in_words_then_a_cycle_mark_loads_that_cycle(tmp_path, template, factor, cycle):
    device = crossbar.load_device(_write(tmp_path / "d.csv", template), cycle=cycle)
    values = np.array(_values(template)[cycle])
    meant = 1 / (values * 1e6) if factor is None else values * factor
    assert np.allclose(np.sort(device.conductance), np.sort(meant), rtol=1e-12, atol=0)


@pytest.mark.parametrize("template,factor", NAMES[:4], ids=[n for n, _ in NAMES[:4]])
def test_the_same_name_in_symbols_loads_the_same_values(tmp_path, template, factor):
    """The words and the symbols of one unit give one device (the words were refused before)."""
    symbols = template.replace("megohms", "MOhm").replace("Megohms", "MOhm").replace("megohm", "MOhm").replace(
        "MicroSiemens", "uS")
    words = crossbar.load_device(_write(tmp_path / "w.csv", template), cycle=2)
    sym = crossbar.load_device(_write(tmp_path / "s.csv", symbols), cycle=2)
    assert np.array_equal(words.conductance, sym.conductance)


@pytest.mark.parametrize("name", ["G / microsiemens x1000", "G in microsiemens times 1000", "G / megohms * 1e-3",
                                  "G / microsiemens multiplied by 1000"])
def test_guard_a_scale_after_a_unit_in_words_is_still_refused(tmp_path, name):
    (tmp_path / "s.csv").write_text(f"pulse,{name}\n0,1.0\n1,1.1\n2,1.2\n3,1.25\n", encoding="utf-8")
    with pytest.raises(DeviceFileError, match="scale"):
        crossbar.load_device(tmp_path / "s.csv")
