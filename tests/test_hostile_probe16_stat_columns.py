"""Probe 16a, F1: a statistic, model or envelope column beside G was loaded as one more cycle and averaged in
(``pulse,G (uS),G fit (uS)`` loaded the mean of the curve and its fit, status 0). Such a column is refused naming it."""

import pytest

import crossbar
from crossbar.devices.name_grammar import unread_part

ROWS = [(0, 1.00, 0.40), (1, 1.20, 0.48), (2, 1.30, 0.52), (3, 1.35, 0.54), (4, 1.38, 0.55), (5, 1.40, 0.56)]


def _write(tmp_path, header):
    path = tmp_path / "dev.csv"
    path.write_text(header + "\n" + "".join(f"{p},{g},{s}\n" for p, g, s in ROWS))
    return path


@pytest.mark.parametrize("second", ["G fit (uS)", "G model (uS)", "G smoothed (uS)", 
                                    "G upper (uS)", "G lower (uS)", "G hi (uS)", "G lo (uS)", "G envelope (uS)",
                                    "G CI95 (uS)", "G IQR (uS)", "G range (uS)", "G MAD (uS)", "G stderr (uS)",
                                    "G (uS) (fit)", "G (uS) (model)", 
                                    "G_calc (uS)", "G predicted (uS)", "G sim (uS)", "G interpolated (uS)"])
def test_a_statistic_model_or_envelope_column_is_refused_naming_it(tmp_path, second):
    path = _write(tmp_path, f"pulse,G (uS),{second}")
    with pytest.raises(crossbar.DeviceFileError, match="column " + repr(second).replace("(", r"\(").replace(")", r"\)")):
        crossbar.load_device(path)


def test_cycle_2_does_not_load_the_fit_column(tmp_path):
    with pytest.raises(crossbar.DeviceFileError, match="'fit' is not read"):
        crossbar.load_device(_write(tmp_path, "pulse,G (uS),G fit (uS)"), cycle=2)


def test_a_resistance_table_with_its_spread_is_refused(tmp_path):
    with pytest.raises(crossbar.DeviceFileError, match="range"):
        crossbar.load_device(_write(tmp_path, "pulse,R (kOhm),R range (kOhm)"))


@pytest.mark.parametrize("name", ["G (uS) cycle 2", "G (uS) (mean)", "G (uS) median", "device 3 G (uS)",
                                  "G (uS) sample A", "G (uS) LTP"])
def test_guard_labels_that_are_no_statistic_still_read(name):
    assert unread_part(name.replace("(uS)", "")) is None


def test_guard_a_table_with_two_cycles_still_loads_their_values(tmp_path):
    path = _write(tmp_path, "pulse,G (uS) cycle 1,G (uS) cycle 2")
    g = crossbar.load_device(path, cycle=1).conductance
    assert g[0] == pytest.approx(1.0e-6) and g[-1] == pytest.approx(1.40e-6)


def test_an_envelope_in_capitals_is_refused_as_a_statistic_not_as_a_unit():
    from crossbar.devices.columns import value_column
    with pytest.raises(ValueError, match="'UPPER' is not read") as raised:
        value_column("G (uS) UPPER")
    assert "unknown unit" not in str(raised.value)
