"""Probe 25a, D25-2: a units row with anything under the pulse column ('(#)', '[#]', '(-)', '[ ]', '-', 'no.') or the
direction column ('(+/-)') was no units row: the file was refused as "column 'G': expected a number, found '(uS)'"
(763 files of the probe), while the same row with those cells empty loaded. What a count's or a sign's column may
say in brackets after its name it may say in the units row."""

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError

READS = [1.0, 1.4, 1.7, 1.9, 2.0]


@pytest.mark.parametrize("pulse_cell", ["(#)", "[#]", "(-)", "[ ]", "-", "no.", "()", "(a.u.)", ""])
@pytest.mark.parametrize("sep", [",", "\t", ";"])
def test_a_count_under_the_pulse_column_of_a_units_row_is_read(tmp_path, pulse_cell, sep):
    path = tmp_path / "units.csv"
    path.write_text(f"Pulse{sep}G\n{pulse_cell}{sep}(uS)\n" + "".join(f"{m}{sep}{g}\n" for m, g in enumerate(READS)))
    np.testing.assert_allclose(load_device(path).conductance, np.array(READS) * 1e-6, rtol=1e-12)


@pytest.mark.parametrize("sign_cell", ["(+/-)", "+/-", "[+/-]", "-", ""])
def test_a_sign_under_the_direction_column_of_a_units_row_is_read(tmp_path, sign_cell):
    up, down = [1.0, 1.5, 1.8, 2.0], [1.6, 1.3, 1.1]
    rows = [(0, "", up[0])] + [(m, "+", g) for m, g in enumerate(up[1:], 1)] + [
        (m, "-", g) for m, g in enumerate(down, len(up))]
    path = tmp_path / "two_way.csv"
    path.write_text(f"Pulse,Direction,G\n(#),{sign_cell},uS\n" + "".join(f"{m},{d},{g}\n" for m, d, g in rows))
    curve = load_device(path)
    np.testing.assert_allclose(curve.conductance, np.array(up) * 1e-6, rtol=1e-12)
    np.testing.assert_allclose(curve.depression[1:], np.array(down) * 1e-6, rtol=1e-12)


def test_guard_a_conductance_unit_under_the_pulse_column_is_still_no_units_row(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("Pulse,G\nuS,uS\n" + "".join(f"{m},{g}\n" for m, g in enumerate(READS)))
    with pytest.raises(DeviceFileError, match="expected a number, found"):
        load_device(path)
