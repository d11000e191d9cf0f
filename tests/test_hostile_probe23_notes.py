"""A '#' note over a header that names a unit: a unit symbol written in a case that is not read ('US', 'KOHM') is
refused as two statements of the unit, as it is over a header naming none, and each unit a message quotes is quoted
from its own place in the note (stop 43's leftovers: '# values in US' over 'G (nS)' loaded in nS; the first place of
a unit written twice was quoted)."""

import pytest

import crossbar
from crossbar import DeviceFileError


def _load(tmp_path, note, header="pulse,G (nS)"):
    path = tmp_path / "device.csv"
    path.write_text(f"{note}\n{header}\n0,10\n1,20\n2,25\n3,27\n", encoding="utf-8")
    return crossbar.load_device(path)


@pytest.mark.parametrize("note, unit", [("# values in US", "US"), ("# G in US", "US"), ("# units: US", "US"),
                                        ("# R in KOHM", "KOHM"), ("# measured in US", "US"),
                                        ("# NIST, USA, in KOHM", "KOHM")])
@pytest.mark.parametrize("header", ["pulse,G (nS)", "pulse,G (uS)"])
def test_a_unit_in_a_case_not_read_over_a_header_naming_one_is_refused(tmp_path, note, unit, header):
    with pytest.raises(DeviceFileError) as refused:
        _load(tmp_path, note, header)
    message = str(refused.value)
    assert "line 1" in message and repr(unit) in message and header.split(",")[1] in message
    assert len(message.splitlines()) == 1


@pytest.mark.parametrize("note", ["# measured in the US", "# made in USA", "# sample in N2 (dry)", "# in SI units",
                                  "# tested in DC mode", "# values in nS", "# Sample A in MS-3 box"])
def test_text_and_agreeing_units_over_a_named_header_still_load(tmp_path, note):
    device = _load(tmp_path, note)
    assert device.conductance[-1] == pytest.approx(27e-9, rel=1e-12)


@pytest.mark.parametrize("note, quoted", [("# siemens in the lab, values [SIEMENS]", "SIEMENS"),
                                          ("# SIEMENS in the lab, values [siemens]", "siemens"),
                                          ("# values in SIEMENS", "SIEMENS")])
def test_the_unit_a_message_quotes_is_the_one_at_its_place(tmp_path, note, quoted):
    with pytest.raises(DeviceFileError, match=f"names the unit '{quoted}' and the header's column 'G \\(nS\\)'"):
        _load(tmp_path, note)
