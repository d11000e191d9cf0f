"""Probe 28a: TDMS group/channel headers beside the other readings, and a byte named at its offset in the file.

D28-1: `Measurement/pulse,Measurement/operation,Measurement/G (uS)` kept every name's group (an operation column
named no column to the group check), and was refused as value columns naming no unit.
D28-2: such a header over a units row (`-,uS`, `(#),uS`, `n,,uS` under a cycle column) was refused: the rows above
and under the header were read of the grouped names before the group was dropped.
D28-7: paths under several groups, or nested, were refused with advice for a unit ("write 'S'") or a scale.
D28-8: UTF-8's byte-order mark over Windows-1252 bytes named a valid byte 3 bytes before the bad one.
"""

from __future__ import annotations

import numpy as np
import pytest

from crossbar.devices import read_offset_matrix
from crossbar.devices.files import DeviceFileError, parse_device
from crossbar.devices.offset_files import OffsetFileError

ROWS = "0,,1.00\n1,SET,1.52\n2,SET,1.80\n3,RESET,1.40\n4,RESET,1.10\n"


def same(grouped, plain, **kwargs):
    a, b = parse_device(grouped, **kwargs), parse_device(plain, **kwargs)
    np.testing.assert_array_equal(a.conductance, b.conductance)
    if b.two_way:
        np.testing.assert_array_equal(a.depression, b.depression)
    return a


@pytest.mark.parametrize("operation", ["operation", "mode", "pulse type"])
def test_an_operation_column_under_the_group_is_read(operation):
    read = same(f"Measurement/pulse,Measurement/{operation},Measurement/G (uS)\n" + ROWS,
                f"pulse,{operation},G (uS)\n" + ROWS)
    assert read.two_way and read.metadata["columns"] == ["pulse", operation, "G (uS)"]


def test_an_operation_column_beside_a_read_voltage_under_the_group():
    rows = "".join(f"{p},{w},0.1,{0.1 * g:.3f}\n" for p, w, g in ((0, "", 1.0), (1, "SET", 1.52), (2, "SET", 1.8),
                                                                  (3, "RESET", 1.4), (4, "RESET", 1.1)))
    same("Measurement/pulse,Measurement/operation,Measurement/Vread (V),Measurement/I (uA)\n" + rows, "pulse,operation,Vread (V),I (uA)\n" + rows)


@pytest.mark.parametrize("count", ["-", "(#)", "pulses", "#", "1"])
def test_a_units_row_under_a_grouped_header_is_read(count):
    rows = "0,1.00\n1,1.52\n2,1.80\n"
    same(f"Measurement/pulse,Measurement/G\n{count},uS\n" + rows, f"pulse,G\n{count},uS\n" + rows)


def test_a_units_row_under_a_grouped_long_table_and_metadata_above_it():
    rows = "1,0,1.00\n1,1,1.52\n1,2,1.80\n2,0,1.05\n2,1,1.55\n2,2,1.85\n"
    read = same("Sample,SP12\nMeasurement/cycle,Measurement/pulse,Measurement/G\nn,,uS\n" + rows,
                "cycle,pulse,G\nn,,uS\n" + rows)
    assert read.metadata["cycles"] == 2


@pytest.mark.parametrize("header", ["/'Measurement'/'Time (s)'\t/'Measurement'/'G (uS)'",
                                    "Kanal 1/Time (s)\tKanal 1/G (uS)",
                                    "File/Measurement/Time (s)\tFile/Measurement/G (uS)",
                                    "Measurement / Time (s)\tMeasurement / G (uS)"])
def test_tdms_paths_quoted_nested_or_spaced_are_read_without_their_group(header):
    rows = "0\t1.0\n0.01\t1.5\n0.02\t1.8\n"
    same(header + "\n" + rows, "Time (s)\tG (uS)\n" + rows)


@pytest.mark.parametrize("header, groups", [
    ("Measurement/Time (s),Measurement/G (uS),Other/G (uS)", "2 groups ('Measurement', 'Other')"),
    ("Group 1/pulse,Group 2/G (uS),Group 2/G (uS) cycle 2", "2 groups ('Group 1', 'Group 2')"),
    ("Kanal/Index,Kanal 2/G (uS),Kanal 2/G (uS) cycle 2", "2 groups ('Kanal', 'Kanal 2')"),
])
def test_paths_under_several_groups_are_refused_naming_the_groups(header, groups):
    with pytest.raises(DeviceFileError) as caught:
        parse_device(header + "\n0,1.0,1.0\n1,1.5,1.5\n2,1.8,1.8\n", source="f.csv")
    assert str(caught.value) == (f"f.csv, line 1: the header's names are group/channel paths of {groups}, as a TDMS "
                                 "file's export writes them; expected the channels of one group, one device's "
                                 "measurement: export one group, or keep one group's columns")


@pytest.mark.parametrize("header", ["G/uS cycle 1,G/uS cycle 2", "pulse,Measurement/G (uS)"])
def test_names_that_are_no_group_paths_are_left_as_they_were(header):
    rows = "0,1.0\n1,1.5\n2,1.8\n" if header.startswith("pulse") else "1.0,1.1\n1.5,1.6\n1.8,1.9\n"
    assert parse_device(header + "\n" + rows).metadata["columns"][-1] == header.split(",")[-1]


def test_rows_of_slashes_are_no_header_of_paths():
    """Rows start like numbers: the header of paths is looked for above them only (a row of dates is the table's)."""
    with pytest.raises(DeviceFileError, match=r"^f.csv, line 2: column 'G \(uS\)': expected a number, found '2024/05/01"):
        parse_device("Time,G (uS)\n2024/05/01 10:00:00,2024/05/01 10:00:00\n2024/05/01,1.5\n", source="f.csv")


def test_utf8s_mark_over_windows_1252_bytes_names_the_byte_at_its_offset_in_the_file(tmp_path):
    raw = b"\xef\xbb\xbfpulse,G (\xb5S)\n0,1.0\n1,1.5\n2,1.8\n"
    with pytest.raises(DeviceFileError) as caught:
        parse_device(raw, source="f.csv")
    assert str(caught.value) == ("f.csv: opens with UTF-8's byte-order mark but is no UTF-8 text (byte 0xB5 at "
                                 "offset 12, line 1): saved in another encoding under UTF-8's mark; save it as "
                                 "'CSV UTF-8'")
    assert raw[12] == 0xB5
    offsets = tmp_path / "o.csv"
    offsets.write_bytes(b"\xef\xbb\xbfG+1 (\xb5S),G-1 (\xb5S)\n0.01,0.02\n")
    with pytest.raises(OffsetFileError) as caught:
        read_offset_matrix(offsets, (1, 1))
    assert str(caught.value) == (f"{offsets}: opens with UTF-8's byte-order mark but is no UTF-8 text (byte 0xB5 at "
                                 "offset 8); save it as 'CSV UTF-8'")
    assert offsets.read_bytes()[8] == 0xB5


@pytest.mark.parametrize("raw", [b"\xef\xbb\xbf\xef\xbb\xbfpulse,G (uS)\n0,1.0\n1,1.5\n2,1.8\n",
                                 "\ufeff\ufeffpulse,G (uS)\n0,1.0\n1,1.5\n2,1.8\n".encode("utf-16")])
def test_a_second_byte_order_mark_is_the_same_mark(raw, tmp_path):
    """D28-12: it was read as part of the first name: "1 none ('\\ufeffpulse'); expected ... e.g. '\\ufeffpulse (uS)'"."""
    read = parse_device(raw)
    assert read.metadata["columns"] == ["pulse", "G (uS)"]
    np.testing.assert_array_equal(read.conductance, parse_device("pulse,G (uS)\n0,1.0\n1,1.5\n2,1.8\n").conductance)
    offsets = tmp_path / "o.csv"
    offsets.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbfG+1 (nS),G-1 (nS)\n15,20\n")
    np.testing.assert_allclose(read_offset_matrix(offsets, (1, 2)), [[1.5e-08, 2e-08]], rtol=1e-12)
