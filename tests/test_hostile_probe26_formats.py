"""Probe 25a, n16 (156 files, judgement): a Keysight B1500 EasyEXPERT CSV export (SetupTitle / TestParameter /
DataName / DataValue rows) and a LabVIEW .lvm file (header blocks ending '***End_of_Header***') were refused for
line 1's structure ("the header names 2 comma-separated columns ('SetupTitle, Pulse train') but the rows do not
split into them"; "line 1 'LabVIEW Measurement' is no 'key,value' pair") without naming the format. They are refused
naming it and saying which part of the file is the table, as a JSON or HDF5 file is."""

import re

import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError

READS = [1.0e-6, 1.4e-6, 1.7e-6, 1.9e-6, 2.0e-6, 2.05e-6]

B1500 = ("SetupTitle, Pulse train\nPrimitiveTest, Sampling\nTestParameter, Channel.Unit, SMU1:HR, SMU2:HR\n"
         "TestParameter, Measurement.Primary.Compliance, 0.001\nDimension1, 6\nDimension2, 1\nDataName, Index, I1\n"
         + "".join(f"DataValue, {m}, {g * 0.1:.6E}\n" for m, g in enumerate(READS)))
LVM = ("LabVIEW Measurement\t\nWriter_Version\t2\nReader_Version\t2\nSeparator\tTab\nDecimal_Separator\t.\n"
       "Multiple_Headers\tNo\nX_Columns\tOne\n***End_of_Header***\t\n\t\nChannels\t1\t\nSamples\t6\t\n"
       "X_Dimension\tTime\t\nX0\t0.0000000000000000E+0\t\nDelta_X\t1.000000\t\n***End_of_Header***\t\n"
       "X_Value\tG (uS)\tComment\n" + "".join(f"{m}\t{g * 1e6:.4f}\t\n" for m, g in enumerate(READS)))


@pytest.mark.parametrize("text,name,table", [
    (B1500, r"is a Keysight B1500 EasyEXPERT export \(SetupTitle, TestParameter, DataName and DataValue rows\), not "
            r"a device file", "DataValue rows without their first cell under a header line"),
    (B1500.replace("SetupTitle, Pulse train\n", ""), "is a Keysight B1500 EasyEXPERT export", "DataValue rows"),
    (LVM, r"is a LabVIEW measurement file \(\.lvm", r"after the last '\*\*\*End_of_Header\*\*\*' line, its 'X_Value' "
                                                    "column named 'pulse'")])
def test_an_instrument_export_is_refused_naming_its_format_and_its_table(tmp_path, text, name, table):
    path = tmp_path / "export.csv"
    path.write_text(text)
    with pytest.raises(DeviceFileError) as caught:
        load_device(path)
    message = str(caught.value)
    assert "\n" not in message
    assert re.search(name, message), message
    assert re.search(table, message), message


def test_guard_the_table_the_refusal_points_to_loads(tmp_path):
    path = tmp_path / "table.txt"
    path.write_text(LVM.split("***End_of_Header***\t\n")[-1].replace("X_Value", "pulse").replace("\tComment", "")
                    .replace("\t\n", "\n"))
    assert list(load_device(path).conductance) == pytest.approx(READS, rel=1e-9)
