"""An offsets file (``--shifts``) written with CSV's quotes, as R's write.csv and pandas' QUOTE_ALL write them, is read
as the same file unquoted: '"G+1","G-1",...' was refused as naming no device (probe 27a, D27-6, 54 files)."""

import numpy as np
import pytest

from crossbar.devices.offsets import OffsetFileError, read_offset_matrix

OFFSETS = np.arange(1, 9, dtype=float).reshape(4, 2) * 1e-8


def _write(path, header, quote_numbers=False):
    rows = [",".join(f'"{v!r}"' if quote_numbers else repr(v) for v in row) for row in OFFSETS.tolist()]
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


@pytest.mark.parametrize("header, quote_numbers", [
    ('"G+1","G-1"', False),
    ('"G+1 (S)","G-1 (S)"', False),
    ('"G+1","G-1"', True),
])
def test_a_quoted_offsets_file_reads_as_unquoted(tmp_path, header, quote_numbers):
    plain = read_offset_matrix(_write(tmp_path / "plain.csv", "G+1,G-1"), (4, 2))
    quoted = read_offset_matrix(_write(tmp_path / "quoted.csv", header, quote_numbers), (4, 2))
    np.testing.assert_array_equal(quoted, plain)
    np.testing.assert_array_equal(quoted, OFFSETS)


def test_a_header_with_a_quote_left_open_is_still_refused(tmp_path):
    with pytest.raises(OffsetFileError, match=r"line 1"):
        read_offset_matrix(_write(tmp_path / "open.csv", '"G+1,G-1'), (4, 2))


@pytest.mark.parametrize("first, delimiter", [("sep=,", ","), ("sep=;", ";"), ("\ufeffsep=,", ",")])
def test_excels_sep_line_over_an_offsets_file_is_read_as_excel_means_it(tmp_path, first, delimiter):
    rows = [delimiter.join(repr(v).replace(".", ",") if delimiter == ";" else repr(v) for v in row)
            for row in OFFSETS.tolist()]
    (tmp_path / "sep.csv").write_text("\n".join([first, f"G+1 (S){delimiter}G-1 (S)", *rows]) + "\n")
    np.testing.assert_array_equal(read_offset_matrix(tmp_path / "sep.csv", (4, 2)), OFFSETS)
