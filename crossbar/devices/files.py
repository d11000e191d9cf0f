"""Device files: loading and validating measured curves, and the embedded default device.

A device curve is the conductance g(m) of one memristive device after m
potentiating pulses, m = 0 ... L-1, read at a small read voltage between
pulses. Two file formats are read:

* the raw pulse-train format of the instrument (``Key: value`` header lines,
  one column-name line, then comma-separated rows of time stamp, pulse
  voltage, pulse current, read voltage, read current and resistance);
  the curve is 1 / resistance on the rows taken at the header's read voltage;
* plain CSV: one conductance column under a header, or two columns
  (pulse number, conductance).

Every problem with a file raises :class:`DeviceFileError`, whose message
names the file, the line and what was expected. Beyond the format, the loader
refuses what would give a silently wrong curve (:mod:`crossbar.devices.checks`):
a special or oversized file, a last line cut inside a number, a conductance
outside 1e-15 ... 1 S, and (unless ``allow_outliers``) a single point more than
100 times off its neighbours.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import re
from pathlib import Path

import numpy as np

from . import checks
from .branches import branches_from_directions, parse_csv_two_way, pulse_directions
from .curve import DeviceCurve
from .fields import DeviceFileError, check_conductance, is_number, parse_number

__all__ = [
    "DeviceFileError",
    "DATA_DIR",
    "DEFAULT_DEVICE_FILE",
    "default_device",
    "load_device",
    "parse_device",
    "write_pulse_train",
]

#: Folder holding the device data the project ships.
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
#: The embedded default device: a synthetic pulse train drawn from a fit to a
#: measured LSMO/Gaq3/AlOx/Co device (see ``data/README.md``).
DEFAULT_DEVICE_FILE = DATA_DIR / "default_device.dat"

# Header keys of the instrument format that the loader interprets.
_READ_VOLTAGE_KEY = "Read Voltage (V)"
_PULSE_COUNT_KEY = "Number of Pulses"
_HEADER_UNITS = {
    # header key -> (metadata name, factor to SI)
    "ON Voltage (V)": ("pulse_voltage", 1.0),
    "tON (ms)": ("pulse_width", 1e-3),
    "Read Voltage (V)": ("read_voltage", 1.0),
    "Initial Voltage (V)": ("initial_voltage", 1.0),
    "Initial Voltage Duration (ms)": ("initial_voltage_duration", 1e-3),
    "OFF Voltage (V)": ("off_voltage", 1.0),
    "tOFF (ms)": ("off_time", 1e-3),
    "tWait (ms)": ("wait_time", 1e-3),
    "Temperature (K)": ("temperature", 1.0),
    "Number of Pulses": ("pulse_count", 1.0),
}
_HEADER_LINE = re.compile(r"^\s*([^,:]+?)\s*:\s*(.*?)\s*$")


def load_device(path, *, allow_outliers=False) -> DeviceCurve:
    """Read a device curve from an instrument pulse-train file or a CSV file.

    Parameters
    ----------
    path : str or Path
        The file. The instrument format is recognised by its ``Key: value``
        header; anything else is read as CSV. At most 64 MiB; devices and
        FIFOs are refused.
    allow_outliers : bool
        Accept a point more than 100 times off its neighbours (refused by
        default as a damaged value).

    Returns
    -------
    DeviceCurve

    Raises
    ------
    DeviceFileError
        If the file is missing, special, too large, empty, malformed, cut
        short or not physical; the message names the file and line.
    """
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError(f"path must be a file path (str or Path), got {type(path).__name__}")
    path = Path(os.fsdecode(path))
    raw = checks.read_capped(path, lambda message: DeviceFileError(path, message))
    return parse_device(raw, source=str(path), name=path.stem, allow_outliers=allow_outliers)


def parse_device(raw, source="<data>", name="device", *, allow_outliers=False) -> DeviceCurve:
    """Parse the bytes (or text) of a device file; see :func:`load_device`."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", errors="surrogatepass")
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise TypeError(f"raw must be the bytes or text of a device file, got {type(raw).__name__}")
    raw = bytes(raw)
    if len(raw) > checks.MAX_FILE_BYTES:
        raise DeviceFileError(source, f"is {len(raw)} bytes, more than the {checks.MAX_FILE_BYTES} "
                                      "a device file may have")
    digest = hashlib.sha256(raw).hexdigest()
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise DeviceFileError(source, "is UTF-16 text; save it as UTF-8 (or ASCII)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DeviceFileError(source, f"is not text (undecodable byte at offset {exc.start})") from None
    if "\x00" in text:
        raise DeviceFileError(source, f"is not text (a NUL byte at offset {raw.index(0)})")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise DeviceFileError(source, "is empty, expected a pulse-train or CSV device file")
    # A file cut short ends inside its last line: that line is then held to the format of the others.
    terminated = text.rstrip(" \t").endswith(("\n", "\r"))
    first = next(i for i, line in enumerate(lines) if line.strip())
    down = None
    if _HEADER_LINE.match(lines[first]) and "," not in lines[first]:
        g, meta, where = _parse_pulse_train(lines, source, terminated)
        directions = pulse_directions(lines, meta, len(g))
    elif "direction" in [c.strip().lower() for c in lines[first].split(",")]:
        g, meta, where, directions = parse_csv_two_way(lines, source, terminated)
    else:
        g, meta, where = _parse_csv(lines, source, terminated)
        directions = None
    if not allow_outliers:
        # Reads in measured order: a depressing train continues from the potentiating one.
        i = checks.find_outlier(g)
        if i is not None:
            raise DeviceFileError(source, checks.outlier_message(g, i), where[i])
    if directions is not None:
        g, down = branches_from_directions(g, directions, source, where)
    return DeviceCurve(g, name=name, source=source, metadata=meta, sha256=digest, depression=down)


def _parse_pulse_train(lines, source, terminated=True):
    header = {}
    k = 0
    while k < len(lines):
        line = lines[k]
        if not line.strip():
            k += 1
            continue
        match = _HEADER_LINE.match(line)
        if match is None or "," in line:
            break
        header[match.group(1)] = match.group(2)
        k += 1
    if k == len(lines):
        raise DeviceFileError(source, "has a header but no column line and no data rows", k)
    columns = [c.strip() for c in lines[k].split(",")]
    if len(columns) < 6 or not any("resist" in c.lower() for c in columns):
        raise DeviceFileError(
            source,
            "expected the column line 'Time stamp (s), Voltage (V), Current (A), Voltage (V), "
            f"Current (A), Resistance (Ohm)', found {lines[k].strip()!r}",
            k + 1,
        )
    meta = {}
    for key, value in header.items():
        if key in _HEADER_UNITS:
            meta_name, factor = _HEADER_UNITS[key]
            number = parse_number(value, source, list(header).index(key) + 1, key)
            if meta_name == "pulse_count" and (number != int(number) or number < 0):
                raise DeviceFileError(source, f"'{key}' is {value}; expected a non-negative integer",
                                      list(header).index(key) + 1)
            meta[meta_name] = int(number) if meta_name == "pulse_count" else number * factor
        else:
            meta[key] = value
    if _READ_VOLTAGE_KEY not in header:
        raise DeviceFileError(
            source, f"header has no '{_READ_VOLTAGE_KEY}: value' line, so read rows cannot be found"
        )
    read_voltage = meta["read_voltage"]
    if read_voltage == 0:
        raise DeviceFileError(source, f"'{_READ_VOLTAGE_KEY}' is 0; a read needs a nonzero voltage")

    conductance = []
    where = []  # line of each point
    read_rows = []  # fields of each read row
    data_rows = 0
    last = next(n for n in range(len(lines), 0, -1) if lines[n - 1].strip())  # last non-empty line
    for number, line in enumerate(lines[k + 1 :], start=k + 2):
        if not line.strip():
            continue
        data_rows += 1
        fields = line.split(",")
        if len(fields) < 6:
            raise DeviceFileError(
                source, f"expected 6 comma-separated fields, found {len(fields)}", number
            )
        voltage = parse_number(fields[1], source, number, columns[1])
        if not math.isclose(voltage, read_voltage, rel_tol=1e-6, abs_tol=1e-12):
            continue
        if number == last and not terminated:
            checks.check_last_line(read_rows, fields, {1: columns[1], 5: columns[5]},
                                   lambda message: DeviceFileError(source, message, number))
        resistance = parse_number(fields[5], source, number, columns[5])
        if resistance <= 0:
            raise DeviceFileError(
                source, f"read row has resistance {fields[5].strip()}; expected a positive value (Ohm)", number
            )
        g = 1.0 / resistance  # inf for a subnormal resistance: refused below
        if not checks.CONDUCTANCE_RANGE[0] <= g <= checks.CONDUCTANCE_RANGE[1]:
            check_conductance(g, fields[5], source, number, "resistance")
        conductance.append(g)
        where.append(number)
        read_rows.append(fields)
    if data_rows == 0:
        raise DeviceFileError(source, "has a header and a column line but no data rows")
    if len(conductance) < 2:
        raise DeviceFileError(
            source,
            f"found {len(conductance)} read row(s) at the read voltage {read_voltage:g} V; "
            "a curve needs at least 2",
        )
    expected = meta.get("pulse_count")
    if expected is not None and len(conductance) != expected + 1:
        raise DeviceFileError(
            source,
            f"header says {expected} pulses, so {expected + 1} read rows (before the first pulse "
            f"and after each), but the file has {len(conductance)}",
        )
    return np.array(conductance), meta, where


def _parse_csv(lines, source, terminated=True):
    try:
        rows = [(n, row) for n, row in enumerate(csv.reader(io.StringIO("\n".join(lines))), start=1) if row]
    except csv.Error as exc:
        raise DeviceFileError(source, f"is not a readable CSV file ({exc})") from None
    if not rows:
        raise DeviceFileError(source, "is empty, expected a CSV device file")
    header_line, header = rows[0]
    header = [h.strip() for h in header]
    if len(header) not in (1, 2):
        raise DeviceFileError(
            source,
            f"expected a header naming 1 column (conductance) or 2 (pulse, conductance), found {len(header)}",
            header_line,
        )
    if is_number(header[-1]):
        raise DeviceFileError(
            source, f"expected a header line naming the columns, found numbers {','.join(header)!r}", header_line
        )
    data = rows[1:]
    if len(data) < 2:
        raise DeviceFileError(source, f"has {len(data)} data row(s); a curve needs at least 2")
    pulses, values, where = [], [], []
    line_of_pulse = {}
    for index, (number, row) in enumerate(data):
        if len(row) != len(header):
            raise DeviceFileError(
                source, f"expected {len(header)} field(s) as in the header, found {len(row)}", number
            )
        if index == len(data) - 1 and not terminated:
            checks.check_last_line([r for _, r in data[:-1]], row, dict(enumerate(header)),
                                   lambda message: DeviceFileError(source, message, number))
        g = parse_number(row[-1], source, number, header[-1])
        if g <= 0:
            raise DeviceFileError(
                source, f"conductance {row[-1].strip()} is not positive; expected siemens > 0", number
            )
        if not checks.CONDUCTANCE_RANGE[0] <= g <= checks.CONDUCTANCE_RANGE[1]:
            check_conductance(g, row[-1], source, number, "conductance")
        values.append(g)
        where.append(number)
        if len(header) == 2:
            p = parse_number(row[0], source, number, header[0])
            if p != int(p) or p < 0:
                raise DeviceFileError(
                    source, f"pulse number {row[0].strip()} is not a non-negative integer", number
                )
            if p >= len(data):  # a gap below it, reported below; never an array as long as p
                continue
            if int(p) in line_of_pulse:
                raise DeviceFileError(
                    source, f"pulse number {int(p)} appears twice (first on line {line_of_pulse[int(p)]})", number
                )
            line_of_pulse[int(p)] = number
            pulses.append(int(p))
    meta = {"columns": header}
    if len(header) == 1:
        return np.array(values), meta, where
    if len(pulses) < len(values):
        missing = sorted(set(range(len(values))) - set(pulses))
        raise DeviceFileError(
            source,
            f"pulse numbers must run 0, 1, ..., L-1 without gaps; missing {missing[:5]}"
            + (" ..." if len(missing) > 5 else ""),
        )
    order = np.argsort(pulses)
    pulses = np.asarray(pulses)[order]
    if not np.array_equal(pulses, np.arange(pulses.size)):
        missing = sorted(set(range(pulses.max() + 1)) - set(pulses.tolist()))
        raise DeviceFileError(
            source,
            f"pulse numbers must run 0, 1, ..., L-1 without gaps; missing {missing[:5]}"
            + (" ..." if len(missing) > 5 else ""),
        )
    return np.asarray(values)[order], meta, [where[i] for i in order]


def default_device() -> DeviceCurve:
    """The project's embedded default device, read through :func:`load_device`.

    A synthetic pulse train in the instrument format, generated by
    ``scripts/make_default_device.py`` from a stretched-exponential fit to a
    measured LSMO/Gaq3/AlOx/Co device (Shumilin et al. 2024) plus Gaussian
    pulse-to-pulse noise of the fitted size. 51 points (50 pulses).
    """
    return load_device(DEFAULT_DEVICE_FILE)


def write_pulse_train(path, conductance, *, read_voltage=0.05, pulse_voltage=2.0, pulse_width=1e-3,
                      initial_voltage=-2.0, temperature=300.0, extra_header=None, depression=None):
    """Write a conductance curve as an instrument pulse-train file (atomically).

    The layout is the one :func:`load_device` reads: ``Key: value`` header,
    a column line, then per pulse a pulse row, a 0 V row and a read row whose
    resistance is 1 / g(m). The first pulse is the initial (reset) pulse at
    `initial_voltage`. Currents on read rows are V / R.

    Parameters
    ----------
    path : str or Path
    conductance : array_like (L,)
        g(m), siemens, positive.
    read_voltage, pulse_voltage, initial_voltage : float
        Volts.
    pulse_width : float
        Seconds.
    temperature : float
        Kelvin.
    extra_header : dict, optional
        More ``Key: value`` lines (e.g. provenance); keys must not contain ':' or ','.
    depression : array_like (L_d,), optional
        A depression branch: after the potentiating train, L_d - 1 pulses of the opposite
        polarity, read after each (``depression[0]`` must be the last potentiation point).
    """
    g = np.asarray(conductance, dtype=np.float64)
    if g.ndim != 1 or g.size < 2 or not np.all(np.isfinite(g)) or np.any(g <= 0):
        raise ValueError("conductance must be a finite, positive 1-D curve of at least 2 points")
    down = np.zeros(1) if depression is None else np.asarray(depression, dtype=np.float64)
    if depression is not None and (down.ndim != 1 or down.size < 2 or not np.all(np.isfinite(down))
                                   or np.any(down <= 0) or down[0] != g[-1]):
        raise ValueError("depression must be a finite, positive 1-D curve of at least 2 points starting at "
                         "the last point of the potentiation branch")
    pulses = g.size - 1 + down.size - 1
    header = {
        "Number of Pulses": f"{pulses}",
        "Initial Voltage Duration (ms)": "1000",
        "Initial Voltage (V)": f"{initial_voltage:.6E}",
        "Read Voltage (V)": f"{read_voltage:.6E}",
        "ON Voltage (V)": f"{pulse_voltage:.6E}",
        "tON (ms)": f"{pulse_width * 1e3:g}",
        "OFF Voltage (V)": f"{0.0:.6E}",
        "tOFF (ms)": "100",
        "tWait (ms)": "100",
        "Temperature (K)": f"{temperature:.6E}",
    }
    for key, value in (extra_header or {}).items():
        if ":" in key or "," in key or "\n" in f"{key}{value}" or "," in str(value):
            raise ValueError(f"header key/value {key!r}: {value!r} must not contain ':' (key), ',' or newlines")
        header[key] = str(value)
    lines = [f"{k}: {v}" for k, v in header.items()]
    lines.append("Time stamp (s), Voltage (V), Current (A), Voltage (V), Current (A),Resistance (Ohm)")
    # A nominal 1 kOhm during a pulse; the loader ignores everything but the read rows.
    pulse_resistance = 1.1e3
    reads = np.concatenate([g, down[1:]])
    for m in range(reads.size):
        t = 2.0 + 3.2 * m
        v = initial_voltage if m == 0 else (pulse_voltage if m < g.size else -pulse_voltage)
        lines.append(f"{t:.13E},{v:.6E},{v / pulse_resistance:+.3E},,,{pulse_resistance:.6E}")
        lines.append(f"{t + 0.016:.13E},{0.0:.6E},{0.0:+.3E},,,{0.0:.6E}")
        r = 1.0 / reads[m]
        i = read_voltage / r
        lines.append(f"{t + 2.7:.13E},{read_voltage:.6E},{i:.6E},{-read_voltage:.6E},{-i:.6E},{r:.15E}")
    text = "\r\n".join(lines) + "\r\n"
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(text.encode("ascii"))
    tmp.replace(path)
