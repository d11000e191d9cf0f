"""Probe 23a, D23-5 and D23-6: a read voltage with a decimal comma, and a float32 read voltage against a note's.

D23-5: in a semicolon or tab table whose numbers use a decimal comma, ``# read at 0,2 V`` was not checked (the
curve loaded 2x off at ``--read-voltage 0.1``, status 0), ``# Vread = 0,2 V`` was read as 0 (a valid file refused)
and a column ``I (uA) @ 0,1 V`` was refused as "'0' in no unit". Their comma is now a decimal comma where the table's
numbers use one, as theirs is; in a table whose numbers do not, it is refused naming the note or the column.
D23-6: ``read_voltage=np.float32(0.1)`` over ``# read at 0.1 V`` was refused printing '0.1 V' twice, while over
``I (uA) @ 0.1 V`` it loads: a note is compared by the same rule; where they differ the digits tell them apart.
"""

from pathlib import Path

import numpy as np
import pytest

import crossbar
from crossbar import DeviceFileError

CURRENTS = ["0,95", "1,05", "1,1", "1,15", "1,18", "1,2"]  # uA, with decimal commas
EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "example_reram_cycles.csv"


def _table(tmp_path, note, header, sep=";", comma=True):
    path = tmp_path / "device.csv"
    rows = [f"{i}{sep}{c if comma else c.replace(',', '.')}" for i, c in enumerate(CURRENTS)]
    path.write_text((note + "\n" if note else "") + header.replace(";", sep) + "\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    return path


NOTES = ["# read at 0,2 V", "# Vread = 0,2 V", "# read voltage 0,2 V", "# Vread=0,2V", "# Vread (V): 0,2",
         "# read at 0,20 V, 25 C"]


@pytest.mark.parametrize("sep", [";", "\t"])
@pytest.mark.parametrize("note", NOTES)
def test_a_note_with_a_decimal_comma_is_its_read_voltage_where_the_numbers_use_one(tmp_path, sep, note):
    path = _table(tmp_path, note, "pulse;I (uA)", sep)
    device = crossbar.load_device(path, read_voltage=0.2)
    assert device.conductance[0] == pytest.approx(0.95e-6 / 0.2, rel=1e-12)
    with pytest.raises(DeviceFileError, match=r"line 1: the note .* and the read voltage given .* is 0\.1 V"):
        crossbar.load_device(path, read_voltage=0.1)  # it loaded at 0.1 V, 2x off, or was refused as 0 V


@pytest.mark.parametrize("sep", [";", "\t"])
@pytest.mark.parametrize("header, volts", [("pulse;I (uA) @ 0,1 V", 0.1), ("pulse;I (uA) @ 100,0 mV", 0.1),
                                           ("pulse;I (uA)@0,25V", 0.25)])
def test_a_column_read_voltage_with_a_decimal_comma_is_read_where_the_numbers_use_one(tmp_path, sep, header, volts):
    device = crossbar.load_device(_table(tmp_path, "", header, sep))
    assert device.conductance[0] == pytest.approx(0.95e-6 / volts, rel=1e-12)
    assert device.metadata["read_voltage"] == pytest.approx(volts, rel=1e-15)


@pytest.mark.parametrize("sep", [",", "\t"])
@pytest.mark.parametrize("note", ["# read at 0,2 V", "# Vread = 0,2 V"])
def test_a_note_with_a_comma_in_a_table_of_decimal_points_is_refused(tmp_path, sep, note):
    path = _table(tmp_path, note, "pulse;I (uA)", sep, comma=False)
    with pytest.raises(DeviceFileError, match=r"line 1: the note .*: the read voltage '0,2 V' has a comma, a decimal "
                                              r"comma only in a table whose numbers use one .* expected '0\.2 V'"):
        crossbar.load_device(path, read_voltage=0.2)


@pytest.mark.parametrize("header", ['pulse,"I (uA) @ 0,1 V"', "pulse\tI (uA) @ 0,1 V"])
def test_a_column_read_voltage_with_a_comma_in_a_table_of_decimal_points_is_refused(tmp_path, header):
    path = tmp_path / "device.csv"
    sep = "\t" if "\t" in header else ","
    path.write_text(header + "\n" + "".join(f"{i}{sep}{c.replace(',', '.')}\n" for i, c in enumerate(CURRENTS)),
                    encoding="utf-8")
    with pytest.raises(DeviceFileError, match=r"line 1: column 'I \(uA\) @ 0,1 V': the read voltage '0,1 V' has a "
                                              r"comma.* expected '0\.1 V'"):
        crossbar.load_device(path)


@pytest.mark.parametrize("note", ["# read at 0.1 V", "# Vread = 100 mV", "# Vread = 0.1"])
@pytest.mark.parametrize("header", ["pulse,I (uA)", "pulse,I (uA) @ 0.1 V"])
def test_a_float32_read_voltage_agrees_with_a_note_as_with_a_header(tmp_path, note, header):
    path = _table(tmp_path, note, header.replace(",", ";"), ",", comma=False)
    device = crossbar.load_device(path, read_voltage=np.float32(0.1))
    assert device.conductance[0] == pytest.approx(0.95e-6 / 0.1, rel=1e-7)


def test_the_example_file_loads_at_a_float32_read_voltage():
    device = crossbar.load_device(EXAMPLE, read_voltage=np.float32(0.1))
    assert device.conductance == pytest.approx(crossbar.load_device(EXAMPLE, read_voltage=0.1).conductance, rel=1e-7)


@pytest.mark.parametrize("given, shown", [(0.1000001, "0.1000001"), (np.float32(0.1000001), "0.10000009834766388")])
def test_a_note_and_a_read_voltage_that_differ_are_printed_apart(tmp_path, given, shown):
    path = _table(tmp_path, "# read at 0.1 V", "pulse;I (uA)", ",", comma=False)
    with pytest.raises(DeviceFileError) as refused:
        crossbar.load_device(path, read_voltage=given)
    assert f"states the read voltage 0.1 V and the read voltage given (--read-voltage, API read_voltage=) is {shown} V" \
        in str(refused.value)


@pytest.mark.parametrize("minus", ["-", "\u2212"])
def test_a_column_read_voltage_with_a_typographic_minus_is_read_as_a_hyphen_minus(tmp_path, minus):
    """A column's '@' voltage is read with the notes' number rule: 'I (uA) @ \u22120.1 V' (U+2212, as a word
    processor writes a minus) was refused as a voltage "read only after '@'", though it stands after '@'."""
    path = tmp_path / "device.csv"
    rows = [f"{i},-{c.replace(',', '.')}" for i, c in enumerate(CURRENTS)]
    path.write_text(f"pulse,I (uA) @ {minus}0.1 V\n" + "\n".join(rows) + "\n", encoding="utf-8")
    device = crossbar.load_device(path)
    assert device.metadata["read_voltage"] == -0.1
    assert device.conductance[0] == pytest.approx(0.95e-6 / 0.1, rel=1e-12)
