"""Files in another format than a device file, named by their first bytes (probe 24a, D24-5).

A device file is text: a delimited table or the instrument's pulse train (docs/own-device.md). A file that is
something else is refused in one line naming what it is and what is expected, not for the first thing the table
reader trips over ("the header '{' names one column", advice to save an HDF5 file as 'CSV UTF-8'):

* :func:`foreign_kind`, before anything is read: binary formats by their signatures (a zip archive or workbook, an
  HDF5 or MATLAB file, a NumPy array, a PDF, an image, a database, a Parquet file), a wide text encoding (UTF-32, or
  UTF-16 with no byte-order mark: with its mark it is read, :func:`utf16_text`), and text
  that cannot open a device file: JSON that parses as JSON, an XML declaration, an HTML page or table;
* :func:`markup_kind`, only for text the readers refused: JSON that is cut or damaged, other markup, and YAML
  (``---``, ``key: [...]`` lists, ``- item`` lines), and an instrument's own export (a Keysight B1500 EasyEXPERT CSV,
  a LabVIEW ``.lvm`` file). ``key: value`` lines open an instrument file and ``---`` may stand over a table, so
  these are only named where the file did not load anyway;
* :func:`binary_bytes`: whether undecodable bytes are binary data, for which the Windows-1252 advice is not given.
"""

from __future__ import annotations

import json
import re

from .header import header_setting

__all__ = ["DEVICE_FILE", "OFFSETS_FILE", "foreign_kind", "markup_kind", "binary_bytes", "utf16_text", "utf8_text",
           "windows1252_text"]

#: What a device file is, as the refusals say it.
DEVICE_FILE = "a device file (a CSV/TSV table or an instrument pulse train: docs/own-device.md)"
_EXPORT = "export the reads as a CSV table (a header such as 'pulse,G (uS)' over a row per pulse)"
#: What an offsets file (``--shifts``) is, and what to do with a file in another format, for :func:`foreign_kind`.
OFFSETS_FILE = {"expected": "an offsets file (CSV, or a .npy array named .npy)",
                "fixes": {b"\x93NUMPY": "name it .npy"},
                "export": "write the offsets as CSV, one row per input (crossbar.devices.write_offsets)"}

#: What a file that is no text is, by its first bytes: (magic, what it is, what to do); the first ones keep the
#: words they had before the others were added (a workbook, gzip, wide encodings).
_MAGIC = ((b"PK\x03\x04", "an Excel workbook (.xlsx) or another zip archive, not a CSV file",
           "open it in Excel and save the sheet as 'CSV UTF-8'"),
          (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 workbook (.xls), not a CSV file",
           "open it in Excel and save the sheet as 'CSV UTF-8'"),
          (b"\x1f\x8b", "gzip-compressed", "decompress it (gunzip) and give the CSV file"),
          (b"\xff\xfe\x00\x00", "UTF-32 text", "save it as UTF-8 (or ASCII)"),
          (b"\x00\x00\xfe\xff", "UTF-32 text", "save it as UTF-8 (or ASCII)"))
#: Binary formats a measurement may be kept in: (magic, what it is, what to do), refused as not `expected`.
_BINARY = ((b"\x89HDF\r\n\x1a\n", "an HDF5 file (.h5, .hdf5, or a MATLAB v7.3 .mat)", _EXPORT),
           (b"\x93NUMPY", "a NumPy array file (.npy)",
            "write the array as text: numpy.savetxt('device.csv', g, header='G (S)', comments='')"),
           (b"%PDF-", "a PDF document", _EXPORT),
           (b"\x89PNG\r\n\x1a\n", "a PNG image", _EXPORT),
           (b"\xff\xd8\xff", "a JPEG image", _EXPORT),
           (b"GIF8", "a GIF image", _EXPORT),
           (b"SQLite format 3\x00", "an SQLite database", _EXPORT),
           (b"MATLAB ", "a MATLAB .mat file", "write the reads from MATLAB with writematrix or writetable as CSV"))
#: A character of two to four bytes in UTF-8 (a lead byte and its continuation bytes)
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HTML = re.compile(r"<(?:!doctype\s+html|html|table|head|body)[\s>/]", re.IGNORECASE)
_TAG = re.compile(r"<(?:[!?]|[A-Za-z][\w:.-]*[\s>/])")
_JSON_START = re.compile(r'(?:\{\s*(?:"|\}|$)|\[\s*(?:[\[{"\]]|-?\d[\d.eE+-]*\s*(?:[,\]]|$)|$))')
# (?<!\s): the key ends on no space, so a line with no colon is not tried from every space of a run (probe 25a, D25-6).
_YAML_KEY = re.compile(r'^(?:-\s+)?(?P<key>"[^"]*"|\'[^\']*\'|[^\s#\-:"\'][^:]*?)(?<!\s)\s*:(?:\s+(?P<value>.*))?$')


def utf16_text(raw):
    """The text of `raw` where it is UTF-16 with its byte-order mark, else None: Excel's 'Unicode Text' export
    (tab-separated, UTF-16 LE with its mark), refused until probe 26a (180 files) though its mark says how to read
    it. UnicodeDecodeError where the mark opens bytes that are no UTF-16 (an odd length, a lone surrogate)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) and not raw.startswith(b"\xff\xfe\x00\x00"):  # not UTF-32 LE's
        return raw.decode("utf-16").lstrip("\ufeff")  # a second mark is the same mark (probe 28a, D28-12)
    return None


def _marks(raw):
    """How many bytes of UTF-8 byte-order marks open `raw`: one, or two where a tool added its own to a file that
    had one (probe 28a, D28-12: the second was read as part of the first column's name, '\\ufeffpulse')."""
    n = 0
    while raw.startswith(b"\xef\xbb\xbf", n):
        n += 3
    return n


def utf8_text(raw):
    """The text of `raw` as UTF-8, its byte-order marks dropped. A UnicodeDecodeError's offset is the file's: Python's
    'utf-8-sig' counts it after the mark, so a bad byte was named 3 bytes early, a valid one (probe 28a, D28-8)."""
    mark = _marks(raw)
    try:
        return raw[mark:].decode("utf-8")
    except UnicodeDecodeError as exc:
        exc.start, exc.end = exc.start + mark, exc.end + mark
        raise


def windows1252_text(raw):
    """The text of `raw`, no UTF-8, read as Windows-1252: Excel's plain 'CSV' on a Western Windows writes a unit's
    'µ' as the byte 0xB5, refused until probe 26a (111 files) though that byte is 'µ' in every 8-bit code page a
    unit is written in. ValueError saying why not for bytes no text holds (:func:`binary_bytes`), a file that also
    holds a UTF-8 character ('µ' as 0xC2 0xB5: which of its characters is which is unknown), and a byte
    Windows-1252 leaves undefined."""
    if binary_bytes(raw):
        raise ValueError("binary data")
    if _UTF8_SEQUENCE.search(raw):
        raise ValueError("it mixes UTF-8 characters with bytes of another encoding")
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ValueError(f"byte 0x{raw[exc.start]:02X} is undefined there") from None


def _hdf5_at(raw):
    """Whether an HDF5 signature opens the file or ends its user block (512, 1024, ... bytes: MATLAB v7.3)."""
    return any(raw[at:at + 8] == b"\x89HDF\r\n\x1a\n" for at in (0, 512, 1024, 2048, 4096))


def _binary(raw, fixes, export=_EXPORT):
    """(what it is, what to do) for a binary format, else None."""
    for magic, what, fix in _BINARY:
        if raw.startswith(magic) and (magic != b"MATLAB " or b"MAT-file" in raw[:128]):
            return what, fixes.get(magic, export if fix is _EXPORT else fix)
    if raw[:4] == b"PAR1" and raw[-4:] == b"PAR1" and len(raw) >= 12:
        return "an Apache Parquet file", "pandas: pandas.read_parquet(path).to_csv('device.csv', index=False)"
    if _hdf5_at(raw):
        return _BINARY[0][1], export
    if raw.startswith(b"PK\x03\x04"):  # a zip archive: numpy.savez's .npz names its members 'g.npy'
        name = raw[30:30 + int.from_bytes(raw[26:28], "little")]
        if name.endswith(b".npy"):
            return "a NumPy archive (.npz) of arrays", fixes.get(b"\x93NUMPY", _BINARY[1][2])
    return None


def _text(raw):
    """JSON that parses, an XML declaration or an HTML page or table: what it is, or None."""
    head = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    head = head.lstrip()
    if head[:1] in (b"{", b"["):
        try:
            if isinstance(json.loads(head), (dict, list)):
                return "JSON"
        except (ValueError, RecursionError):
            return None
    start = head[:64].decode("utf-8", errors="replace")
    if start.lower().startswith("<?xml"):
        return "XML"
    return "an HTML page" if _HTML.match(start) else None


def foreign_kind(raw, expected=DEVICE_FILE, fixes=None, export=_EXPORT):
    """'is <what it is>; <what to do>' for a file that is not `expected` by its first bytes (a workbook, an
    archive, a wide text encoding, a binary format, JSON, XML or HTML), else None. `fixes`: what to do, by magic,
    where the reader of `expected` differs (an offsets file may be a .npy array); `export`: what to do otherwise."""
    for magic, what, fix in _MAGIC[:3]:
        if raw.startswith(magic) and _binary(raw, {}) is None:
            return f"is {what}; {fix}"
    named = _binary(raw, fixes or {}, export)
    if named is not None:
        return f"is {named[0]}, not {expected}; {named[1]}"
    for magic, what, fix in _MAGIC[3:]:
        if raw.startswith(magic):
            return f"is {what}; {fix}"
    head = raw[:4096]
    for width in (4, 2):  # ASCII text in a wide encoding without a BOM: its high bytes all 0, the low ones not
        head = head[:len(head) - len(head) % width]
        lanes = [head[k::width] for k in range(width)]
        for low in (0, width - 1):  # little- or big-endian
            if len(head) >= 4 * width and all(lane.count(0) == len(lane) for k, lane in enumerate(lanes) if k != low) \
                    and lanes[low].count(0) == 0:
                return (f"looks like UTF-{8 * width} text without a byte-order mark (every character {width} "
                        "bytes); save it as UTF-8 (or ASCII)")
    what = _text(raw)
    return None if what is None else f"is {what}, not {expected}; {export}"


def _setting(key):
    """Whether a key is one an instrument header reads as a setting (or refuses as one)."""
    try:
        return header_setting(key.strip("\"'")) is not None
    except ValueError:
        return True


def _yaml(lines):
    """Whether the lines are YAML a reader refused: every one a document mark, a 'key: value', a '- item' or
    indented under them, with a mark no instrument header has ('---' first, a list, a '[...]' value, nesting)."""
    lines = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return False
    marked, keys = lines[0].strip() == "---", []
    for line in lines:
        text = line.strip()
        if text in ("---", "..."):
            continue
        if line[:1].isspace() or text == "-" or text.startswith("- "):
            marked = True
            continue
        key = _YAML_KEY.match(text)
        if key is None:
            return False
        value = (key.group("value") or "").strip()
        marked = marked or value[:1] in tuple("[{|>&*!")
        keys.append(key.group("key"))
    return marked or not any(_setting(key) for key in keys)


def _instrument_export(lines):
    """(what it is, what to do) for an instrument's own export the readers cannot read as a table, else None."""
    lines = [line.strip() for line in lines if line.strip()]
    if lines and lines[0].startswith("LabVIEW Measurement"):
        return ("a LabVIEW measurement file (.lvm: header blocks, each ending '***End_of_Header***')",
                "keep the table after the last '***End_of_Header***' line, its 'X_Value' column named 'pulse' (or "
                "'Time (s)') and each value column named with its unit, e.g. 'G (uS)'")
    if lines and (lines[0].startswith("SetupTitle,") or any(line.startswith("DataName,") for line in lines)
                  and any(line.startswith("DataValue,") for line in lines)):
        return ("a Keysight B1500 EasyEXPERT export (SetupTitle, TestParameter, DataName and DataValue rows)",
                "keep the DataValue rows without their first cell under a header line naming every column with its "
                "unit, e.g. 'pulse,G (S)' (the DataName row names the measured columns without their units)")
    return None


def markup_kind(text, lines, expected=DEVICE_FILE):
    """For text the readers refused: 'is <what it is>, not <expected>; <what to do>' if it opens as JSON, other
    markup, or is YAML, or is an instrument's own export (a B1500 EasyEXPERT CSV, a LabVIEW .lvm), else None (the
    readers' own refusal stands)."""
    head = text.lstrip()
    if (export := _instrument_export(lines)) is not None:  # refused for line 1's structure (probe 25a, n16)
        return f"is {export[0]}, not {expected}; {export[1]}"
    if _JSON_START.match(head[:200]):
        what = "JSON (cut short or damaged)"
    elif _TAG.match(head) and ("</" in text or "/>" in text):
        what = "markup (HTML or XML)"
    elif _yaml(lines):
        what = "YAML"
    else:
        return None
    return f"is {what}, not {expected}; {_EXPORT}"


def binary_bytes(raw):
    """Whether the file holds a NUL, or its first 4096 bytes another control byte no text file has (binary data)."""
    return b"\x00" in raw or any(b < 0x20 and b not in b"\t\n\r\x0c\x0b\x1a" for b in raw[:4096])
