"""A header with an unnamed column that is neither the first nor the last (Excel's CSV of a sheet whose used range is
two or more columns wider than the table, 'pulse,G (uS),,'; or 'pulse,,G (uS)') was refused as "column 3 of the
header has no name" only: no cause, nothing expected (probe 28a, D28-4)."""

import pytest

from crossbar.devices.files import DeviceFileError, parse_device


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("empty", [2, 3])
def test_empty_columns_after_the_last_name_are_named_with_their_cause_and_what_is_expected(delimiter, empty):
    d = delimiter
    text = f"pulse{d}G (uS){d * empty}\r\n" + "".join(f"{m}{d}{g}{d * empty}\r\n" for m, g in enumerate((1.0, 1.5, 1.8)))
    with pytest.raises(DeviceFileError) as err:
        parse_device(text)
    assert err.value.message == (f"columns 3-{2 + empty} of the header have no name (delimiters after the last name: "
                                 "empty columns, as a spreadsheet writes a used range wider than the table); expected "
                                 "none after the last column: drop them")
    assert err.value.line == 1


def test_an_empty_column_between_two_names_is_named_between_them():
    with pytest.raises(DeviceFileError) as err:
        parse_device("pulse,,G (uS)\n0,,1.0\n1,,1.5\n2,,1.8\n")
    assert err.value.message == ("column 2 of the header has no name (an empty column between 'pulse' and 'G (uS)'); "
                                 "expected a name for every column: name it or drop it")
