"""Probe 29a, D29-2: an operation column ('mode', 'operation', 'type', 'op', 'pulse type') holding read and write
steps ('read' / 'write', 'R' / 'W': a row for each write pulse between the reads, as pulse-train exports write them)
was refused as "1 value column(s) name a unit ('I (A)') and 1 none ('mode'); expected ... e.g. 'mode (A)'": advice to
give a column of words a unit. It is refused naming the column and its words, saying to keep only the read rows; it
is not read (the write pulses' directions are not given and the write rows' values are the write's, not a read's).
"""

import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError

READS = [1.0e-7, 1.5e-7, 1.8e-7, 2.0e-7]


def _interleaved(tmp_path, column, read, write, pulses=True):
    lines = [("pulse," if pulses else "") + f"{column},I (A)"]
    for m, i in enumerate(READS):
        if m:
            lines.append((f"{m}," if pulses else "") + f"{write},5.0e-4")
        lines.append((f"{m}," if pulses else "") + f"{read},{i}")
    path = tmp_path / "steps.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("column", ["mode", "operation", "type", "op", "pulse type", "Mode"])
@pytest.mark.parametrize("read,write", [("read", "write"), ("Read", "Write"), ("READ", "WRITE"), ("R", "W")])
@pytest.mark.parametrize("pulses", [True, False])
def test_read_and_write_rows_are_refused_naming_the_column_and_its_words(tmp_path, column, read, write, pulses):
    with pytest.raises(DeviceFileError) as err:
        load_device(_interleaved(tmp_path, column, read, write, pulses), read_voltage=0.1)
    text = str(err.value)
    assert f"column '{column}' holds '{read}' and '{write}' rows" in text
    assert "keep only the read rows" in text
    assert "line 2" in text
    assert "name a unit" not in text and "(A)'" not in text.split("rows")[0]


def test_guard_a_read_row_among_operations_is_refused_as_a_word_that_is_no_operation(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text("pulse,mode,I (A)\n0,,1.0e-7\n1,SET,1.5e-7\n2,read,1.6e-7\n3,SET,1.8e-7\n", encoding="utf-8")
    with pytest.raises(DeviceFileError, match=r"line 4: column 'mode': operation 'read'; expected SET"):
        load_device(path, read_voltage=0.1)


def test_guard_operation_words_are_still_read_and_other_words_refused(tmp_path):
    path = tmp_path / "ops.csv"
    path.write_text("pulse,mode,I (A)\n0,,1.0e-7\n1,SET,1.5e-7\n2,SET,1.8e-7\n3,RESET,1.2e-7\n", encoding="utf-8")
    curve = load_device(path, read_voltage=0.1)
    assert curve.two_way
    path.write_text("pulse,mode,I (A)\n0,,1.0e-7\n1,SET,1.5e-7\n2,foo,1.8e-7\n3,RESET,1.2e-7\n", encoding="utf-8")
    with pytest.raises(DeviceFileError, match="line 4: column 'mode': operation 'foo'; expected SET"):
        load_device(path, read_voltage=0.1)


def test_guard_a_column_of_other_words_is_no_direction(tmp_path):
    path = tmp_path / "type.csv"
    path.write_text("pulse,type,G (uS)\n0,devA,1.0\n1,devA,1.5\n2,devA,1.8\n", encoding="utf-8")
    with pytest.raises(DeviceFileError, match="1 none \\('type'\\)"):
        load_device(path)


def _signed(tmp_path, column, signs=("+", "-")):
    path = tmp_path / "signs.csv"
    path.write_text(f"pulse,{column},G (uS)\n0,,1.0\n1,{signs[0]},1.5\n2,{signs[0]},1.8\n3,{signs[1]},1.4\n"
                    f"4,{signs[1]},1.1\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("column", ["Vorzeichen", "signo", "segno", "sens"])
@pytest.mark.parametrize("signs", [("+", "-"), ("up", "down"), ("SET", "RESET")])
def test_signs_under_a_name_no_direction_column_has_are_refused_as_signs(tmp_path, column, signs):
    """D29-2d/e: they were told to give the column a unit, "e.g. 'signo (uS)'"."""
    with pytest.raises(DeviceFileError) as err:
        load_device(_signed(tmp_path, column, signs))
    text = str(err.value)
    assert f"line 3: column '{column}' holds signs or direction words ('{signs[0]}', '{signs[1]}')" in text
    assert "'Richtung'" in text and "rename it so, or drop it" in text and "name a unit" not in text


@pytest.mark.parametrize("column", ["Richtung", "direction", "sign"])
def test_guard_signs_under_a_direction_name_are_read(tmp_path, column):
    assert load_device(_signed(tmp_path, column)).two_way


def test_guard_a_column_of_numbers_or_of_one_sign_keeps_its_refusal(tmp_path):
    for signs in (("1", "-1"), ("+", "+")):
        with pytest.raises(DeviceFileError, match=r"1 none \('flag'\)"):
            load_device(_signed(tmp_path, "flag", signs))
