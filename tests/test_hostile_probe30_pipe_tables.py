"""Probe 30a, D30-1 and D30-2: a table delimited by '|' is read as its comma twin, and so are the lines above and in
its header that the comma twin reads: 'key|value' metadata rows (they were no pairs, 'Sample|SP12' was taken for the
header and 'Mueller' for a value: "line 2: column 'SP12': expected a number, found 'Mueller'") and TDMS group paths
('/'Measurement'/'G (uS)'', 'Measurement / Vread (V)': the group was kept, and a unit advised for the pulse column)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import crossbar
from crossbar.devices import DeviceFileError

ROOT = str(Path(crossbar.__file__).parents[1])


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def twins(tmp_path, piped):
    """The device of the '|' table `piped` and of its comma twin (every '|' a comma)."""
    return (crossbar.load_device(write(tmp_path, "p.txt", piped)),
            crossbar.load_device(write(tmp_path, "c.csv", piped.replace("|", ","))))


ROWS = "0|1.00\n1|1.52\n2|1.80\n3|1.95\n"


@pytest.mark.parametrize("header", ["pulse|G (uS)\n", "pulse|G\n|uS\n"], ids=["unit-in-name", "units-row"])
def test_key_value_metadata_rows_of_a_pipe_table_are_read_as_the_comma_twins(tmp_path, header):
    piped, twin = twins(tmp_path, "Sample|SP12\nOperator|Mueller\n\n" + header + ROWS)
    assert np.array_equal(piped.conductance, twin.conductance)
    assert np.allclose(piped.conductance, [1.0e-6, 1.52e-6, 1.8e-6, 1.95e-6], rtol=1e-12)
    assert piped.metadata["delimiter"] == "pipe"
    assert piped.metadata["notes"] == twin.metadata["notes"] == ["Sample: SP12", "Operator: Mueller"]


def test_a_pipe_metadata_block_with_a_line_that_is_no_pair_is_refused_as_the_comma_twins(tmp_path):
    text = "Sample|SP12\nOperator|Mueller|x|y\n\npulse|G (uS)\n" + ROWS
    messages = []
    for name, written in (("p.txt", text), ("c.csv", text.replace("|", ","))):
        with pytest.raises(DeviceFileError) as err:
            crossbar.load_device(write(tmp_path, name, written))
        messages.append(str(err.value).split(": ", 1)[1].replace(",", "|"))
    assert messages[0] == messages[1]
    assert "line 2 'Operator|Mueller|x|y' is no 'key|value' pair" in messages[0]


@pytest.mark.parametrize("header", ["/'Measurement'/'pulse'|/'Measurement'/'G (uS)'\n",
                                    "Measurement/pulse|Measurement/G (uS)\n",
                                    "Measurement / pulse|Measurement / G (uS)\n"])
def test_tdms_group_paths_in_a_pipe_tables_header_are_read_without_their_group(tmp_path, header):
    piped, twin = twins(tmp_path, header + ROWS)
    assert np.array_equal(piped.conductance, twin.conductance)
    assert piped.metadata["columns"] == twin.metadata["columns"] == ["pulse", "G (uS)"]


def test_a_pipe_tables_read_voltage_column_and_long_format_under_a_group(tmp_path):
    volts = "Measurement / pulse|Measurement / Vread (V)|Measurement / I (uA)\n" + \
        "".join(f"{p}|0.1|{i}\n" for p, i in enumerate((0.100, 0.152, 0.180, 0.195)))
    piped, twin = twins(tmp_path, volts)
    assert np.array_equal(piped.conductance, twin.conductance) and piped.metadata["read_voltage"] == 0.1
    long = "Measurement/cycle|Measurement/pulse|Measurement/G (uS)\n" + \
        "".join(f"{c}|{p}|{g + 0.01 * c}\n" for c in (1, 2) for p, g in enumerate((1.0, 1.52, 1.8)))
    piped, twin = twins(tmp_path, long)
    assert len(piped.cycles) == 2 and all(np.array_equal(a, b) for a, b in zip(piped.cycles, twin.cycles))


def test_the_command_line_reads_a_pipe_table_with_metadata_and_groups(tmp_path):
    path = write(tmp_path, "d.txt", "Sample|SP12\n\nMeasurement/pulse|Measurement/G (uS)\n" + ROWS)
    done = subprocess.run([sys.executable, "-m", "crossbar", "device", "--device", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "delimiter pipe" in done.stdout and "4 potentiation" in done.stdout
