"""A glitch at pulse 1 (or at the last pulse but one) is named at its own line, not at the end's good point (probe 31a,
D31-16: 3 of 4 factors). A 150-times read at pulse 1 between 1.00 and 1.80 was "conductance 1e-06 S (pulse 0) is at
least 150 times off its neighbour": the advice (--allow-outliers) then loaded the glitch as the curve's window."""

import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError
from crossbar.devices.checks import find_outlier

GOOD = [1.00, 1.52, 1.80, 1.90, 1.95, 1.97, 1.98, 1.99]


def _refusal(tmp_path, values):
    path = tmp_path / "f.csv"
    path.write_text("pulse,G (uS)\n" + "".join(f"{k},{g}\n" for k, g in enumerate(values)), encoding="utf-8")
    with pytest.raises(DeviceFileError) as caught:
        load_device(path)
    return str(caught.value)


@pytest.mark.parametrize("factor", [120, 150, 180, 1e4])
def test_a_glitch_at_pulse_1_is_named_at_its_line(tmp_path, factor):
    values = list(GOOD)
    values[1] = values[0] * factor
    said = _refusal(tmp_path, values)
    assert ", line 3: " in said and "(pulse 1)" in said, said


@pytest.mark.parametrize("factor", [120, 150, 1e4])
def test_a_glitch_at_the_last_pulse_but_one_is_named_at_its_line(tmp_path, factor):
    values = list(GOOD)
    values[-2] = values[-1] * factor
    said = _refusal(tmp_path, values)
    assert f", line {len(GOOD)}: " in said and f"(pulse {len(GOOD) - 2})" in said, said


@pytest.mark.parametrize("curve, index", [([1e-6, 2e-4, 2.1e-4, 2.2e-4], 0), ([1e-6, 1.1e-6, 1.2e-6, 2e-4], 3),
                                          ([1e-6, 1e-1, 3.16e-4, 3.2e-4], 1), ([1e-6, 1.1e-6], None),
                                          ([1e-6, 2e-4], 0)])
def test_an_end_point_off_the_others_is_still_the_one_named(curve, index):
    assert find_outlier(curve) == index
