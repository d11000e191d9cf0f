"""A conductance written as the quotient it is: a current per volt ('mA/V') or a resistance's inverse ('1/kOhm',
'kOhm^-1'). Refused as "unknown unit 'mA/V'" or as naming two units ('1/kOhm', 'kOhm') (probe 29a, n19 judgement:
139 files); a note's '1/kOhm' was named as the resistance unit 'kOhm'."""

from __future__ import annotations

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError

LEVELS = 1.0 + 0.9 * (1.0 - np.exp(-np.arange(30) / 5.0))


def _file(folder, header, note="", units_row=None, name="q.csv"):
    lines = ([note] if note else []) + [f"pulse,{header}"] + ([units_row] if units_row else [])
    lines += [f"{k},{v:.6f}" for k, v in enumerate(LEVELS)]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("written, siemens", [
    ("mA/V", "mS"), ("uA/V", "uS"), ("nA/V", "nS"), ("uA/mV", "mS"), ("nA/mV", "uS"), ("mA / V", "mS"),
    ("1/kOhm", "mS"), ("1/MOhm", "uS"), ("1/M\u03a9", "uS"), ("1 / kOhm", "mS"), ("1/GOhm", "nS"),
    ("kOhm^-1", "mS"), ("MOhm-1", "uS"), ("k\u03a9\u207b\u00b9", "mS"), ("GOhm^-1", "nS"),
])
def test_a_quotient_reads_as_the_siemens_it_equals(tmp_path, written, siemens):
    expected = load_device(_file(tmp_path, f"G ({siemens})", name="s.csv")).conductance
    assert np.array_equal(load_device(_file(tmp_path, f"G ({written})")).conductance, expected)
    units_row = load_device(_file(tmp_path, "G", units_row=f",{written}", name="r.csv")).conductance
    assert np.array_equal(units_row, expected)


def test_cycles_named_beside_a_quotient_unit(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("pulse,G (uA/V) cycle 1,G (uA/V) cycle 2\n" + "".join(
        f"{k},{v:.6f},{v * 0.9:.6f}\n" for k, v in enumerate(LEVELS)))
    device = load_device(path)
    assert device.cycles.shape == (2, 30)
    assert np.allclose(device.cycles[0], np.round(LEVELS, 6) * 1e-6, rtol=1e-12)
    assert np.allclose(device.cycles[1], np.round(LEVELS * 0.9, 6) * 1e-6, rtol=1e-12)


@pytest.mark.parametrize("header, expected", [
    ("G (uS/V)", "unknown unit 'uS/V'"),  # no conductance
    ("G (1/uS)", "unknown unit '1/uS'"),  # a resistance
    ("R (1/kOhm)", "the name says resistance but the unit '1/kOhm' is a conductance unit"),
])
def test_a_quotient_that_is_no_conductance_or_beside_another_quantity_is_refused(tmp_path, header, expected):
    with pytest.raises(DeviceFileError, match=expected.replace("(", r"\(").replace(")", r"\)").replace("/", "/")):
        load_device(_file(tmp_path, header))


def test_a_note_with_a_quotient_agrees_or_disagrees_with_the_header_by_its_value(tmp_path):
    millisiemens = load_device(_file(tmp_path, "G (mS)", name="s.csv")).conductance
    assert np.array_equal(load_device(_file(tmp_path, "G (mS)", note="# G in 1/kOhm")).conductance, millisiemens)
    assert np.array_equal(load_device(_file(tmp_path, "G (1/kOhm)", note="# values in mS")).conductance, millisiemens)
    assert np.allclose(load_device(_file(tmp_path, "G (uS)", note="# compliance 1 mA/V")).conductance * 1e3, millisiemens,
                       rtol=1e-12)
    with pytest.raises(DeviceFileError, match=r"the note 'values in 1/MOhm' names the unit '1/MOhm' and the "
                                              r"header's column 'G \(mS\)' the unit 'mS'"):
        load_device(_file(tmp_path, "G (mS)", note="# values in 1/MOhm"))


def test_a_note_with_a_quotient_over_a_header_naming_none_is_quoted_whole(tmp_path):
    with pytest.raises(DeviceFileError, match=r"the note 'values in mA/V' names the unit 'mA/V' but no column's name "
                                              r"gives a unit.*e\.g\. 'G \(mA/V\)'"):
        load_device(_file(tmp_path, "G", note="# values in mA/V"))
