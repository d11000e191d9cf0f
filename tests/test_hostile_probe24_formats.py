"""Probe 24a, D24-5: a file in another format than a device file is refused naming the format and what is expected.

JSON (the project's own data/default_device.json among them), HTML, XML and YAML files were refused for the first
thing the table reader tripped over ("the header '{' names one column but the rows hold 29 values", "has a header
line and no data rows", "found '17]', which starts like a number"), and binary files (HDF5, PDF, .npy) with the
advice for a CSV that Excel saved as Windows-1252 ("a 'µ' in a unit: save it as 'CSV UTF-8'") or a bare "is not
UTF-8 text". They are named by their first bytes, as .xlsx, .xls and gzip files were. Tables with '---' or
'key: value' notes, and instrument files (whose header is 'Key: value' lines), read as before. The offsets file of
``--shifts`` is sniffed alike.
"""

import io
import json
from pathlib import Path

import numpy as np
import pytest

from crossbar.devices import DATA_DIR, OffsetFileError, read_offset_matrix
from crossbar.devices.files import DeviceFileError, load_device, parse_device
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

G = [1.0, 1.5, 1.8, 1.9, 1.95, 1.97]
EXPECTED = "not a device file (a CSV/TSV table or an instrument pulse train: docs/own-device.md)"
PAD = bytes(range(256)) * 4  # binary bytes after a signature


def _npy(array, savez=False):
    out = io.BytesIO()
    (np.savez(out, g=array) if savez else np.save(out, array))
    return out.getvalue()


BINARY = {
    "hdf5": (b"\x89HDF\r\n\x1a\n" + PAD, "an HDF5 file"),
    "hdf5 after a user block": (b"\x00" * 512 + b"\x89HDF\r\n\x1a\n" + PAD, "an HDF5 file"),
    "npy": (_npy(np.array(G) * 1e-6), "a NumPy array file (.npy)"),
    "npz": (_npy(np.array(G) * 1e-6, savez=True), "a NumPy archive (.npz)"),
    "pdf": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + PAD, "a PDF document"),
    "png": (b"\x89PNG\r\n\x1a\n" + PAD, "a PNG image"),
    "mat v5": (b"MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: Mon May  1 10:00:00 2024" + b" " * 40 + PAD,
               "a MATLAB .mat file"),
    "mat v7.3": (b"MATLAB 7.3 MAT-file, Platform: GLNXA64".ljust(512, b" ") + b"\x89HDF\r\n\x1a\n" + PAD,
                 "a MATLAB .mat file"),
    "sqlite": (b"SQLite format 3\x00" + PAD, "an SQLite database"),
    "parquet": (b"PAR1" + PAD + b"PAR1", "an Apache Parquet file"),
}

TEXT = {
    "json object": (json.dumps({"pulse": list(range(6)), "G (uS)": G}, indent=2), "is JSON,"),
    "json list": (json.dumps(G), "is JSON,"),
    "json records": (json.dumps([{"pulse": m, "G (uS)": g} for m, g in enumerate(G)]), "is JSON,"),
    "json cut short": ('{"pulse": [0, 1, 2, 3, 4, 5],\n "G (uS)": [1.0, 1.5, 1.8', "is JSON (cut short or damaged),"),
    "html table": ("<table><tr><th>pulse</th><th>G (uS)</th></tr>" +
                   "".join(f"<tr><td>{m}</td><td>{g}</td></tr>" for m, g in enumerate(G)) + "</table>\n",
                   "is an HTML page,"),
    "html page": ("<!DOCTYPE html>\n<html><body><table><tr><td>0</td><td>1.0</td></tr></table></body></html>\n",
                  "is an HTML page,"),
    "xml": ('<?xml version="1.0"?>\n<data>\n' + "".join(f'  <row pulse="{m}" G_uS="{g}"/>\n' for m, g in enumerate(G))
            + "</data>\n", "is XML,"),
    "other markup": ("<data>\n" + "".join(f"  <row><p>{m}</p><g>{g}</g></row>\n" for m, g in enumerate(G)) + "</data>\n",
                     "is markup (HTML or XML),"),
    "yaml flow lists": ("pulse: [0, 1, 2, 3, 4, 5]\nG (uS): [" + ", ".join(map(str, G)) + "]\n", "is YAML,"),
    "yaml block lists": ("pulse:\n" + "".join(f"  - {m}\n" for m in range(6)) + "G (uS):\n" +
                         "".join(f"  - {g}\n" for g in G), "is YAML,"),
    "yaml document": ("---\ndevice: A\nreads: [1.0, 1.5, 1.8]\n", "is YAML,"),
    "yaml plain keys": ("device: A\noperator: B\nunit: uS\n", "is YAML,"),
}


@pytest.mark.parametrize("suffix", [".csv", ".dat"])
@pytest.mark.parametrize("kind", sorted(BINARY))
def test_binary_formats_are_named_by_their_signature(tmp_path, kind, suffix):
    raw, what = BINARY[kind]
    path = tmp_path / f"device{suffix}"
    path.write_bytes(raw)
    with pytest.raises(DeviceFileError) as refused:
        load_device(path)
    message = str(refused.value)
    assert f"{path}: is {what}" in message and EXPECTED in message, message
    assert "Latin-1" not in message and "CSV UTF-8" not in message and "header" not in message.split(";")[0]


@pytest.mark.parametrize("kind", sorted(TEXT))
def test_text_formats_are_named(kind):
    text, what = TEXT[kind]
    with pytest.raises(DeviceFileError) as refused:
        parse_device(text)
    message = str(refused.value)
    assert message.startswith(f"<data>: {what} {EXPECTED}; export the reads as a CSV table"), message


def test_the_projects_own_json_is_named_json():
    with pytest.raises(DeviceFileError) as refused:
        load_device(DATA_DIR / "default_device.json")
    assert f"default_device.json: is JSON, {EXPECTED}" in str(refused.value)


@pytest.mark.parametrize("raw", [b"G (\xb5S)\n1.0\n1.5\n\x00\n", b"\x01\x02G (\xb5S)\n1.0\n1.5\n"])
def test_no_excel_advice_for_binary_bytes(raw):
    with pytest.raises(DeviceFileError) as refused:
        parse_device(raw)
    message = str(refused.value)
    assert "is not UTF-8 text (byte 0xB5" in message and f"but binary data, {EXPECTED}" in message, message
    assert "Latin-1" not in message




@pytest.mark.parametrize("text", [
    "# Date: 2024-05-01\n# Operator: A\n# Sample: B\npulse,G (uS)\n" + "".join(f"{m},{g}\n" for m, g in enumerate(G)),
    "# ---\n# device: A\npulse\tG (uS)\n" + "".join(f"{m}\t{g}\n" for m, g in enumerate(G)),
])
def test_tables_with_key_value_notes_still_load(text):
    np.testing.assert_allclose(parse_device(text).conductance, np.array(G) * 1e-6)


def test_instrument_files_still_load():
    device = load_device(DATA_DIR / "default_device.dat")
    assert device.conductance.size == 51


@pytest.mark.parametrize("text", [
    "Number of Pulses: 5\nRead Voltage (V): 0.05\n",  # an instrument header without its rows
    "---\npulse,G (uS)\n" + "".join(f"{m},{g}\n" for m, g in enumerate(G)),  # a table under a '---' line
    "Sample: B\npulse,G (uS)\n" + "".join(f"{m},{g}\n" for m, g in enumerate(G)),  # a note without its '#'
])
def test_what_may_be_a_damaged_device_file_keeps_its_own_refusal(text):
    with pytest.raises(DeviceFileError) as refused:
        parse_device(text)
    assert "YAML" not in str(refused.value) and "not a device file" not in str(refused.value)


@pytest.mark.parametrize("raw, what", [
    (_npy(np.zeros((4, 3))), "is a NumPy array file (.npy), not an offsets file (CSV, or a .npy array named .npy); "
                             "name it .npy"),
    (json.dumps([[0.0, 0.0, 0.0]] * 4).encode(), "is JSON, not an offsets file"),
    (b"\x89HDF\r\n\x1a\n" + PAD, "is an HDF5 file"),
])
def test_offsets_files_are_sniffed_alike(tmp_path, raw, what):
    path = tmp_path / "shifts.csv"
    path.write_bytes(raw)
    with pytest.raises(OffsetFileError) as refused:
        read_offset_matrix(path, (4, 3))
    assert f"{path}: {what}" in str(refused.value), str(refused.value)


def test_the_command_line_gives_one_line(tmp_path):
    path = Path(tmp_path) / "device.json"
    path.write_text(json.dumps({"pulse": list(range(6)), "G (uS)": G}))
    assert_one_line_error(crossbar_cli("device", "--device", path), f"{path}: is JSON, {EXPECTED}")
