"""A row of units under the header (Origin's export: 'Pulse,Conductance' over ',uS'), and the time and direction
columns named in other languages (judgement calls of probe 23a, decided).

The units row was refused as "expected a number, found 'uS'": a device physicist's Origin export needed editing by
hand. Its units now go to the names above them, where that reads as a header naming them would; a row that is not
plainly units (a name already naming one, a unit of another quantity, any other text) stays refused. 'Zeit (s)' was
refused as "unknown unit 's' ... write 'S'" (a hint towards reading times as siemens) and 'Richtung' as a cycle
naming no unit, though 'Puls' and 'Zyklus' are read.
"""

import numpy as np
import pytest

import crossbar
from crossbar import DeviceFileError

READS = ["1.0", "1.5", "1.8", "1.9", "1.95", "1.97"]
RESISTANCES = ["100", "80", "70", "65", "62", "60"]  # falling: a rising conductance


def _write(tmp_path, header, units, sep=",", comma=False, name="device.csv", extra=None):
    reads = RESISTANCES if header[1][:1] == "R" else READS
    rows = [sep.join([str(i)] + [r.replace(".", ",") if comma else r] * (len(header) - 1))
            for i, r in enumerate(reads)]
    if extra is not None:
        rows = [sep.join([str(i), str(i)] + [r] * (len(header) - 2)) for i, r in enumerate(READS)]
    lines = [sep.join(header)] + ([sep.join(units)] if units is not None else []) + rows
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("sep, comma", [(",", False), ("\t", False), (";", True)])
@pytest.mark.parametrize("name, unit, factor", [("Conductance", "uS", 1e-6), ("G", "\u00b5S", 1e-6),
                                                ("G", "nS", 1e-9), ("R", "kOhm", None), ("Resistance", "MOhm", None)])
def test_a_units_row_under_the_header_gives_its_columns_their_units(tmp_path, sep, comma, name, unit, factor):
    united = crossbar.load_device(_write(tmp_path, ["Pulse", name], ["", unit], sep, comma))
    named = crossbar.load_device(_write(tmp_path, ["Pulse", f"{name} ({unit})"], None, sep, comma, "named.csv"))
    np.testing.assert_array_equal(united.conductance, named.conductance)
    if factor is not None:
        np.testing.assert_allclose(united.conductance, np.array(READS, float) * factor, rtol=1e-12)
    assert united.metadata["units"] == "from the row under the header (line 2)"


def test_a_units_row_gives_each_cycle_and_the_time_column_its_unit(tmp_path):
    path = _write(tmp_path, ["Pulse", "Time", "G1", "G2"], ["", "s", "uS", "uS"], extra=True)
    device = crossbar.load_device(path, cycle=2)
    np.testing.assert_allclose(device.conductance, np.array(READS, float) * 1e-6, rtol=1e-12)
    assert device.metadata["columns"] == ["Pulse", "Time (s)", "G1 (uS)", "G2 (uS)"]


def test_read_currents_in_a_units_row_take_the_read_voltage_given(tmp_path):
    device = crossbar.load_device(_write(tmp_path, ["Pulse", "I"], ["", "uA"]), read_voltage=0.1)
    np.testing.assert_allclose(device.conductance, np.array(READS, float) * 1e-6 / 0.1, rtol=1e-12)


@pytest.mark.parametrize("header, units, found", [
    (["Pulse", "G (uS)"], ["", "uS"], "uS"),  # the name names its unit already: two statements, not read
    (["Pulse", "G"], ["", "mA"], "mA"),  # a current's unit under a conductance's name
    (["Pulse", "G"], ["", "sample A"], "sample A"),  # Origin's comments row, not units
])
def test_a_row_that_is_not_plainly_units_stays_refused_naming_its_line(tmp_path, header, units, found):
    with pytest.raises(DeviceFileError, match=rf"line 2: column '{header[1][:1]}.*expected a number, found '{found}'"):
        crossbar.load_device(_write(tmp_path, header, units))


def test_a_comments_row_under_a_units_row_is_refused_naming_its_line(tmp_path):
    path = tmp_path / "origin.csv"
    path.write_text("Pulse,Conductance\n,uS\n,sample A\n" + "".join(f"{i},{r}\n" for i, r in enumerate(READS)))
    with pytest.raises(DeviceFileError, match=r"line 3: .*expected a number, found 'sample A'"):
        crossbar.load_device(path)


@pytest.mark.parametrize("word", ["Zeit", "temps", "Tiempo", "tempo"])
def test_a_time_column_named_in_another_language_orders_the_rows(tmp_path, word):
    path = tmp_path / "device.csv"
    order = [3, 0, 5, 1, 4, 2]  # rows shuffled: the time column puts them back
    path.write_text(f"{word} (s),G (uS)\n" + "".join(f"{0.1 * k:.1f},{READS[k]}\n" for k in order))
    device = crossbar.load_device(path)
    np.testing.assert_allclose(device.conductance, np.array(READS, float) * 1e-6, rtol=1e-12)


@pytest.mark.parametrize("word", ["Richtung", "Polarit\u00e4t", "polarit\u00e9", "Direcci\u00f3n", "direzione"])
def test_a_direction_column_named_in_another_language_splits_the_branches(tmp_path, word):
    path = tmp_path / "device.csv"
    signs = ["", "+", "+", "+", "-", "-", "-"]
    reads = ["1.0", "1.5", "1.8", "1.9", "1.6", "1.3", "1.1"]
    path.write_text(f"Puls,{word},G (uS)\n" + "".join(f"{i},{s},{r}\n" for i, (s, r) in enumerate(zip(signs, reads))))
    english = tmp_path / "english.csv"
    english.write_text(path.read_text().replace(word, "direction", 1))
    device, reference = crossbar.load_device(path), crossbar.load_device(english)
    assert device.depression is not None
    assert len(device.depression) == 4  # its start, the top of potentiation, and three reads
    np.testing.assert_array_equal(device.conductance, reference.conductance)
    np.testing.assert_array_equal(device.depression, reference.depression)


@pytest.mark.parametrize("cell", ["(uS)", "[uS]", "( uS )"])
def test_a_bracketed_unit_in_the_units_row_names_the_column_once(tmp_path, cell):
    device = crossbar.load_device(_write(tmp_path, ["Pulse", "G"], ["", cell]))
    assert device.metadata["columns"] == ["Pulse", "G (uS)"]  # it was 'G ((uS))'
    np.testing.assert_allclose(device.conductance, np.array(READS, float) * 1e-6, rtol=1e-12)
