"""Probe 29a, D29-6: a cycle cut short padded with Excel's #N/A as German, Spanish, Dutch ... Excel write it (#NV,
#N/D, #N/B) was refused "expected a number", where English Excel's #N/A is read. D29-3: "pulse number 0 appears
twice" said what was wrong and not what was expected."""

from __future__ import annotations

import numpy as np
import pytest

import crossbar
from crossbar.devices import DeviceFileError

LOCALES = ["#N/A", "#NV", "#N/D", "#N/B", "#N/D!", "#I/T", "#SAKNAS!", "#PUUTTUU!", "#YOK", "#Н/Д", "<NA>"]


@pytest.mark.parametrize("pad", LOCALES)
def test_excels_no_value_in_every_language_pads_a_cycle_cut_short(tmp_path, pad):
    rows = [(0, "1,00", "1,10"), (1, "1,50", "1,60"), (2, "1,80", "1,90"), (3, "1,90", pad)]
    text = "pulse;G (uS) Zyklus 1;G (uS) Zyklus 2\r\n" + "".join(f"{p};{a};{b}\r\n" for p, a, b in rows)
    path = tmp_path / "de.csv"
    path.write_bytes(text.encode("utf-8"))
    device = crossbar.load_device(path)
    assert np.allclose(device.cycles[0], [1.0e-6, 1.5e-6, 1.8e-6, 1.9e-6], rtol=1e-12)
    assert np.allclose(device.cycles[1][:3], [1.1e-6, 1.6e-6, 1.9e-6], rtol=1e-12) and np.isnan(device.cycles[1][3])


@pytest.mark.parametrize("pad", ["#NV", "#N/D"])
def test_a_no_value_before_a_read_stays_refused(tmp_path, pad):
    path = tmp_path / "gap.csv"
    path.write_text(f"pulse,G (uS)\n0,1.0\n1,{pad}\n2,1.8\n", encoding="utf-8")
    with pytest.raises(DeviceFileError, match="line 3"):
        crossbar.load_device(path)


def test_a_word_that_is_no_padding_stays_refused(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("pulse,G (uS) cycle 1,G (uS) cycle 2\n0,1.0,1.1\n1,1.5,#WERT!\n", encoding="utf-8")
    with pytest.raises(DeviceFileError, match="expected a number, found '#WERT!'"):
        crossbar.load_device(path)


def refusal(path, text):
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeviceFileError) as caught:
        crossbar.load_device(path)
    return str(caught.value)


def test_cycles_stacked_in_one_column_are_told_the_two_layouts_that_read(tmp_path):
    path = tmp_path / "stacked.csv"
    assert refusal(path, "pulse,G (uS)\n0,1.0\n1,1.5\n2,1.8\n\n0,1.1\n1,1.6\n2,1.9\n") == (
        f"{path}, line 6: pulse number 0 appears twice (first on line 2); several cycles in one column? expected one "
        "value column per cycle (G (uS) cycle 1, G (uS) cycle 2), or a cycle column numbering each row's cycle (long "
        "format)")


def test_a_later_train_from_0_beside_a_direction_column_is_told_how_to_number_it(tmp_path):
    message = refusal(tmp_path / "two.csv", "pulse,direction,G (uS)\n0,,1.0\n1,+,1.5\n2,+,1.8\n0,-,1.5\n1,-,1.2\n")
    assert message.endswith("line 5: pulse number 0 appears twice (first on line 2); expected the pulses numbered on "
                            "through the file (0, 1, ..., n, n+1, ...) or each train's from 1 after the initial state "
                            "at 0 (0, 1, ..., n, then 1, ..., m)")
    numbered = tmp_path / "numbered.csv"  # what the message asks for reads
    numbered.write_text("pulse,direction,G (uS)\n0,,1.0\n1,+,1.5\n2,+,1.8\n1,-,1.5\n2,-,1.2\n", encoding="utf-8")
    assert crossbar.load_device(numbered).two_way


def test_a_repeated_later_pulse_is_told_to_drop_it(tmp_path):
    assert refusal(tmp_path / "rep.csv", "pulse,G (uS)\n0,1.0\n1,1.5\n1,1.6\n2,1.8\n").endswith(
        "line 4: pulse number 1 appears twice (first on line 3); expected each pulse once: drop the repeated row, or "
        "number the rows on")
