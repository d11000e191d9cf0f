"""Probe 30a (n68b and n74, judgement): two exports pasted into one file, the second's header in the rows, were told
"column 'G (uS)': expected a number, found 'G (uS)'" without saying that the header is repeated (71 files)."""

from __future__ import annotations

import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError


@pytest.mark.parametrize("sep, comma", [(",", False), (";", True), ("\t", False)])
def test_a_header_repeated_in_the_rows_is_named_so_at_its_line(tmp_path, sep, comma):
    table = [f"pulse{sep}G (uS)"] + [f"{k}{sep}{1 + 0.1 * k:.2f}" for k in range(4)]
    text = "\n".join(table + table) + "\n"
    path = tmp_path / "pasted.csv"
    path.write_text(text.replace(".", ",") if comma else text)
    with pytest.raises(DeviceFileError, match=r"pasted\.csv, line 6: column 'G \(uS\)': expected a number, found the "
                                              r"column's own name: this line repeats the header \(files pasted one "
                                              r"after the other\?\)"):
        load_device(path)


def test_guard_a_cell_that_only_resembles_its_column_name_keeps_the_plain_refusal(tmp_path):
    path = tmp_path / "word.csv"
    path.write_text("pulse,G\n0,1e-6\n1,G (uS)\n")
    with pytest.raises(DeviceFileError, match=r"line 3: column 'G': expected a number, found 'G \(uS\)'$"):
        load_device(path)
