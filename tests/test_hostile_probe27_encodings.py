"""Text in the encodings Excel saves, read (probe 26a's judgement families, refused with advice to save as UTF-8):

* UTF-16 with its byte-order mark, as the 'Unicode Text' export writes it (tab-separated, UTF-16 LE with its mark,
  CRLF line ends; 180 files), though the mark says how to read it. Without the mark, and in UTF-32, it stays refused;
* Windows-1252, as the plain 'CSV' export writes a unit's 'µ' (the byte 0xB5; 111 files). A file that mixes it with
  UTF-8 characters, or holds a byte Windows-1252 leaves undefined, stays refused.
"""

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
    ("pulse,G (µS)\n# µ\n0,1.0\n1,1.5\n".encode("latin-1").replace(b"# \xb5", b"# \xc2\xb5"),
     "line 1), nor Windows-1252 text: it mixes UTF-8 characters with bytes of another encoding; save it as 'CSV UTF-8'"),
    ("pulse,G (µS)\n0,1.0\n1,1.5\n".encode("latin-1") + b"#\x81\n",
     "nor Windows-1252 text: byte 0x81 is undefined there; save it as 'CSV UTF-8'"),
    (TABLE.encode("utf-16")[:-1], "opens with UTF-16's byte-order mark but is no UTF-16 text (truncated data"),
    (b"\xff\xfe" + "pulse,g\n0,".encode("utf-16-le") + b"\x00\xd8" + "\n".encode("utf-16-le"),
     "opens with UTF-16's byte-order mark but is no UTF-16 text (illegal UTF-16 surrogate"),
    (TABLE.encode("utf-16-le"), "looks like UTF-16 text without a byte-order mark"),
    (TABLE.encode("utf-32"), "is UTF-32 text; save it as UTF-8"),
])
def test_mixed_damaged_or_unmarked_text_and_utf32_are_refused(raw, message):
    with pytest.raises(DeviceFileError) as info:
        parse_device(raw)
    assert message in str(info.value), str(info.value)


def test_a_utf16_file_loads_through_its_path(tmp_path):
    (tmp_path / "excel.txt").write_text(TABLE.replace("\r\n", "\n"), encoding="utf-16", newline="\r\n")
    assert (tmp_path / "excel.txt").read_bytes()[:2] == b"\xff\xfe"
    np.testing.assert_allclose(load_device(tmp_path / "excel.txt").conductance, [1.0e-6, 1.5e-6, 1.8e-6, 1.9e-6],
                               rtol=1e-12)


@pytest.mark.parametrize("text", [
    "# Probe 3, 25 °C\npulse;G (µS)\n0;1,0\n1;1,5\n2;1,8\n3;1,9\n",
    "# Probe 3 (µ-contact), 25 °C\npulse,R (kOhm)\n0,1.9\n1,1.8\n2,1.5\n3,1.0\n",  # no 'Ω' in Windows-1252
])
def test_windows1252_reads_as_the_same_text_in_utf8(text):
    plain, legacy = parse_device(text.encode("utf-8")), parse_device(text.encode("cp1252"))
    np.testing.assert_array_equal(legacy.conductance, plain.conductance)
    assert legacy.metadata["notes"] == plain.metadata["notes"] and legacy.metadata["encoding"] == "Windows-1252"
    assert "encoding" not in plain.metadata


def test_an_offsets_file_in_windows1252_reads_as_in_utf8(tmp_path):
    offsets = np.arange(1, 9, dtype=float).reshape(4, 2) * 1e-8
    write_offsets(tmp_path / "plain.csv", offsets)
    text = "# Offsets, 25 °C\n" + (tmp_path / "plain.csv").read_text()
    (tmp_path / "plain.csv").write_text(text, encoding="utf-8")
    (tmp_path / "legacy.csv").write_bytes(text.encode("cp1252"))
    np.testing.assert_array_equal(read_offset_matrix(tmp_path / "legacy.csv", (4, 2)),
                                  read_offset_matrix(tmp_path / "plain.csv", (4, 2)))
