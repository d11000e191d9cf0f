"""Long format (a column numbering the cycles) in decimal-comma tables (probe 26a, D26-1 and D26-2)."""

import numpy as np
import pytest

import crossbar

WIDE = [[1.00, 1.52, 1.80, 1.95], [1.05, 1.60, 1.88, 2.02]]


def _long(delimiter, cycle_cells=("1", "2"), pulse=False):
    head = delimiter.join(["cycle"] + (["pulse"] if pulse else []) + ["G (uS)"])
    rows = [delimiter.join([k] + ([str(p)] if pulse else []) + [f"{v:.2f}".replace(".", ",")])
            for k, cycle in zip(cycle_cells, WIDE) for p, v in enumerate(cycle)]
    return head + "\n" + "\n".join(rows) + "\n"


# D26-1: each cycle is read as a table of its own; with the cycle column gone one column was left, which carries no
# delimiter, and '1,00' was read as two comma-separated cells: "expected 1 field(s) as in the header, found 2".
@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_decimal_comma_long_table_without_a_pulse_column_loads_as_its_wide_table(tmp_path, delimiter):
    path = tmp_path / "long.csv"
    path.write_text(_long(delimiter))
    for k in (1, 2):
        curve = crossbar.load_device(path, cycle=k)
        np.testing.assert_allclose(curve.conductance, np.array(WIDE[k - 1]) * 1e-6, rtol=1e-12)
    assert crossbar.load_device(path).metadata["cycles"] == 2


# D26-2: a cycle number written with the table's decimal comma ('1,0') was "no cycle number".
@pytest.mark.parametrize("cells", [("1,0", "2,0"), ("1,00", "2,00")])
@pytest.mark.parametrize("pulse", [False, True])
def test_a_cycle_number_with_a_decimal_comma_is_its_whole_number(tmp_path, cells, pulse):
    path = tmp_path / "long.csv"
    path.write_text(_long(";", cells, pulse))
    np.testing.assert_allclose(crossbar.load_device(path, cycle=2).conductance, np.array(WIDE[1]) * 1e-6, rtol=1e-12)


def test_a_cycle_number_whose_comma_may_group_thousands_is_refused_naming_both(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(_long(";", ("1,000", "2,000")))
    with pytest.raises(crossbar.DeviceFileError, match=r"line 2: column 'cycle' numbers the cycles \(long format\): "
                                                       r"'1,000' may be 1 with a decimal comma or 1000 with a "
                                                       r"thousands separator"):
        crossbar.load_device(path)


def test_a_cycle_number_with_a_fraction_after_its_comma_is_still_refused(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(_long(";", ("1,5", "2,5")))
    with pytest.raises(crossbar.DeviceFileError, match=r"line 2: .*'1,5' is no cycle number"):
        crossbar.load_device(path)
