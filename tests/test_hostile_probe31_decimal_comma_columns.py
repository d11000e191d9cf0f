"""Decimal commas that no delimiter explains (probe 31a, D31-10 and D31-14). A table of one value column written with
decimal commas ('G (uS)' over '1,00'), alone or as each cycle of a long table, was split at its commas: "expected 1
field(s) as in the header (comma-separated), found 2" (32 files). A comma table whose cells quote their decimal commas
('"1,00"', as a spreadsheet set to a decimal comma exports comma-separated) was refused "expected a number, found
'1,00'", saying nothing of the decimal comma. Both read as their decimal-point twins."""

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError

CYCLES = [["1.00", "1.52", "1.80", "1.90"], ["1.01", "1.55", "1.78", "1.93"]]


def _twins(tmp_path, write):
    (tmp_path / "comma.csv").write_text(write(lambda g: g.replace(".", ",")), encoding="utf-8")
    (tmp_path / "point.csv").write_text(write(lambda g: g), encoding="utf-8")
    comma, point = load_device(tmp_path / "comma.csv"), load_device(tmp_path / "point.csv")
    np.testing.assert_array_equal(comma.conductance, point.conductance)
    assert comma.metadata["decimal"] == "comma"
    return comma


def test_one_column_of_decimal_commas_reads_as_its_point_twin(tmp_path):
    device = _twins(tmp_path, lambda mark: "G (uS)\n" + "".join(f"{mark(g)}\n" for g in CYCLES[0]))
    np.testing.assert_allclose(device.conductance, np.array(CYCLES[0], float) * 1e-6, rtol=1e-12)


@pytest.mark.parametrize("delimiter", ["|", " ", "\t"])
def test_a_long_table_of_decimal_commas_reads_as_its_point_twin(tmp_path, delimiter):
    device = _twins(tmp_path, lambda mark: f"cycle{delimiter}G_uS\n" + "".join(
        f"{c + 1}{delimiter}{mark(g)}\n" for c, cycle in enumerate(CYCLES) for g in cycle))
    np.testing.assert_allclose(device.cycles, np.array(CYCLES, float) * 1e-6, rtol=1e-12)


def test_a_comma_table_of_quoted_decimal_commas_reads_as_its_point_twin(tmp_path):
    device = _twins(tmp_path, lambda mark: "pulse,G (uS) cycle 1,G (uS) cycle 2\n" + "".join(
        f'{p},"{mark(a)}","{mark(b)}"\n' for p, (a, b) in enumerate(zip(*CYCLES))))
    np.testing.assert_allclose(device.cycles, np.array(CYCLES, float) * 1e-6, rtol=1e-12)


def test_a_comma_tables_quoted_comma_with_three_digits_after_it_is_refused_as_ambiguous(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text('pulse,R (Ohm)\n0,"1,063"\n1,"1,500"\n2,"1,750"\n', encoding="utf-8")
    with pytest.raises(DeviceFileError, match=r"'1,063' may be 1063 with a thousands separator or 1.063"):
        load_device(path)
