"""UTF-16 text with its byte-order mark, as Excel's 'Unicode Text' export writes it (tab-separated, UTF-16 LE with
its mark, CRLF line ends), is read: it was refused with advice to save it as UTF-8 (probe 26a's judgement family of
180 files), though the mark says how to read it. Without the mark, and in UTF-32, it stays refused."""

import numpy as np
import pytest

from crossbar.devices.files import DeviceFileError, load_device, parse_device
from crossbar.devices.offsets import read_offset_matrix, write_offsets

TABLE = "pulse\tG (uS)\r\n0\t1.0\r\n1\t1.5\r\n2\t1.8\r\n3\t1.9\r\n"
TWO_WAY = "# Leitwert in µS\r\npulse\tdirection\tG (µS)\r\n0\t0\t1.0\r\n1\t+\t1.5\r\n2\t+\t1.8\r\n3\t-\t1.4\r\n4\t-\t1.1\r\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [TABLE, TWO_WAY])
def test_utf16_with_its_byte_order_mark_reads_as_the_same_text_in_utf8(text, encoding):
    mark = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    wide = parse_device(mark + text.encode(encoding))
    plain = parse_device(text.encode("utf-8"))
    np.testing.assert_array_equal(wide.conductance, plain.conductance)
    np.testing.assert_array_equal(wide.depression, plain.depression)
    assert wide.conductance[0] == pytest.approx(1.0e-6, rel=1e-12)


def test_an_offsets_file_in_utf16_reads_as_in_utf8(tmp_path):
    offsets = np.arange(1, 9, dtype=float).reshape(4, 2) * 1e-8
    write_offsets(tmp_path / "plain.csv", offsets)
    (tmp_path / "wide.csv").write_text((tmp_path / "plain.csv").read_text(), encoding="utf-16")
    np.testing.assert_array_equal(read_offset_matrix(tmp_path / "wide.csv", (4, 2)),
                                  read_offset_matrix(tmp_path / "plain.csv", (4, 2)))


@pytest.mark.parametrize("raw, message", [
    (TABLE.encode("utf-16")[:-1], "opens with UTF-16's byte-order mark but is no UTF-16 text (truncated data"),
    (b"\xff\xfe" + "pulse,g\n0,".encode("utf-16-le") + b"\x00\xd8" + "\n".encode("utf-16-le"),
     "opens with UTF-16's byte-order mark but is no UTF-16 text (illegal UTF-16 surrogate"),
    (TABLE.encode("utf-16-le"), "looks like UTF-16 text without a byte-order mark"),
    (TABLE.encode("utf-32"), "is UTF-32 text; save it as UTF-8"),
])
def test_utf16_that_is_damaged_or_unmarked_and_utf32_are_refused(raw, message):
    with pytest.raises(DeviceFileError) as info:
        parse_device(raw)
    assert message in str(info.value), str(info.value)


def test_a_utf16_file_loads_through_its_path(tmp_path):
    (tmp_path / "excel.txt").write_text(TABLE.replace("\r\n", "\n"), encoding="utf-16", newline="\r\n")
    assert (tmp_path / "excel.txt").read_bytes()[:2] == b"\xff\xfe"
    np.testing.assert_allclose(load_device(tmp_path / "excel.txt").conductance, [1.0e-6, 1.5e-6, 1.8e-6, 1.9e-6],
                               rtol=1e-12)
