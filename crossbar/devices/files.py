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
names the file, the line and what was expected.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from pathlib import Path

import numpy as np

from .curve import DeviceCurve

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


class DeviceFileError(ValueError):
    """A device file that cannot be read as a conductance-vs-pulse curve."""

    def __init__(self, source, message, line=None):
        where = f"{source}" if line is None else f"{source}, line {line}"
        super().__init__(f"{where}: {message}")
        self.source = str(source)
        self.line = line


def load_device(path) -> DeviceCurve:
    """Read a device curve from an instrument pulse-train file or a CSV file.

    Parameters
    ----------
    path : str or Path
        The file. The instrument format is recognised by its ``Key: value``
        header; anything else is read as CSV.

    Returns
    -------
    DeviceCurve

    Raises
    ------
    DeviceFileError
        If the file is missing, empty or malformed; the message names the
        file and line.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DeviceFileError(path, "no such file") from None
    except IsADirectoryError:
        raise DeviceFileError(path, "is a directory, expected a device file") from None
    except OSError as exc:
        raise DeviceFileError(path, f"cannot be read ({exc.strerror})") from None
    return parse_device(raw, source=str(path), name=path.stem)


def parse_device(raw, source="<data>", name="device") -> DeviceCurve:
    """Parse the bytes (or text) of a device file; see :func:`load_device`."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DeviceFileError(source, f"is not text (undecodable byte at offset {exc.start})") from None
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise DeviceFileError(source, "is empty, expected a pulse-train or CSV device file")
    first = next(i for i, line in enumerate(lines) if line.strip())
    down = None
    if _HEADER_LINE.match(lines[first]) and "," not in lines[first]:
        g, meta = _parse_pulse_train(lines, source)
        g, down = _split_pulse_train(lines, source, g, meta)
    elif "direction" in [c.strip().lower() for c in lines[first].split(",")]:
        g, down, meta = _parse_csv_two_way(lines, source)
    else:
        g, meta = _parse_csv(lines, source)
    return DeviceCurve(g, name=name, source=source, metadata=meta, sha256=digest, depression=down)


def _branches_from_directions(values, directions, source, lines):
    """(potentiation, depression or None) from reads in order and the direction of the pulse before each.

    directions[0] is the initial state (no pulse); the others are +1 (potentiating) or -1
    (depressing). The reads must be: the initial state, a potentiating train, then optionally
    a depressing one, which starts from the last point of the potentiating train.
    """
    switches = [k for k in range(2, len(directions)) if directions[k] != directions[k - 1]]
    if len(directions) > 1 and directions[1] != 1:
        raise DeviceFileError(source, "the first pulse after the initial state depresses; expected a "
                                      "potentiating train first, then optionally a depressing one", lines[1])
    if len(switches) > 1:
        raise DeviceFileError(source, "the pulses change direction more than once; expected a potentiating "
                                      "train, then optionally a depressing one", lines[switches[1]])
    if not switches:
        return np.asarray(values), None
    k = switches[0]
    up = np.asarray(values[:k])
    if len(values) - k < 1:
        raise DeviceFileError(source, "the depressing train has no read after it", lines[-1])
    return up, np.concatenate([up[-1:], values[k:]])


def _split_pulse_train(lines, source, conductance, meta):
    """Split an instrument file's reads by the polarity of the pulse before each.

    Pulses of the polarity of the header's ON Voltage (or of the first pulse after the initial
    one) potentiate; the opposite polarity depresses. The first pulse row is the initial (reset)
    pulse when its voltage is the header's Initial Voltage; it sets the initial state.
    """
    read_voltage = meta["read_voltage"]
    initial = meta.get("initial_voltage")
    on = meta.get("pulse_voltage")
    directions, rows, last, first_pulse = [], [], 0, True
    for number, line in enumerate(lines, start=1):
        fields = line.split(",")
        if len(fields) < 6 or not _is_number(fields[1]):
            continue
        voltage = float(fields[1])
        if math.isclose(voltage, read_voltage, rel_tol=1e-6, abs_tol=1e-12):
            directions.append(0 if not directions else last)
            rows.append(number)
            continue
        if voltage == 0:
            continue
        if first_pulse and initial is not None and voltage == initial:
            first_pulse = False
            continue
        first_pulse = False
        polarity = 1 if voltage > 0 else -1
        if on is None:
            on = voltage
        last = polarity if on > 0 else -polarity
    if len(directions) != len(conductance):  # pragma: no cover - the same rows as the main parser
        return conductance, None
    if directions:
        directions[0] = 0
    return _branches_from_directions(list(conductance), directions, source, rows)


_DIRECTIONS = {"+": 1, "+1": 1, "1": 1, "up": 1, "p": 1, "-": -1, "-1": -1, "down": -1, "d": -1,
               "0": 0, "": 0, "start": 0, "initial": 0}


def _parse_csv_two_way(lines, source):
    """CSV with a 'direction' column and a conductance column (optionally a pulse column first).

    Rows in order: the initial state (direction 0, empty or 'start'), then one row per pulse with
    the direction of that pulse (+ / up / 1 potentiating, - / down / -1 depressing) and the
    conductance read after it, siemens.
    """
    rows = [(n, row) for n, row in enumerate(csv.reader(io.StringIO("\n".join(lines))), start=1) if row]
    header_line, header = rows[0]
    header = [h.strip().lower() for h in header]
    d_col = header.index("direction")
    g_cols = [i for i, h in enumerate(header) if i != d_col and h not in ("pulse", "pulse number", "m", "n")]
    if len(g_cols) != 1 or len(header) > 3:
        raise DeviceFileError(source, "expected columns direction and conductance (and optionally pulse), "
                                      f"found {','.join(header)!r}", header_line)
    g_col = g_cols[0]
    values, directions, numbers = [], [], []
    for number, row in rows[1:]:
        if len(row) != len(header):
            raise DeviceFileError(source, f"expected {len(header)} field(s) as in the header, found {len(row)}",
                                  number)
        key = row[d_col].strip().lower()
        if key not in _DIRECTIONS:
            raise DeviceFileError(source, f"direction {row[d_col].strip()!r}: expected + / up / 1 (potentiating), "
                                          "- / down / -1 (depressing), or 0 / empty for the initial state", number)
        direction = _DIRECTIONS[key]
        if (direction == 0) != (not directions):
            raise DeviceFileError(source, "only the first row (the initial state) has no direction", number)
        g = _number(row[g_col], source, number, header[g_col])
        if g <= 0:
            raise DeviceFileError(source, f"conductance {row[g_col].strip()} is not positive; expected siemens > 0",
                                  number)
        values.append(g)
        directions.append(direction)
        numbers.append(number)
    if len(values) < 2:
        raise DeviceFileError(source, f"has {len(values)} data row(s); a curve needs at least 2")
    up, down = _branches_from_directions(values, directions, source, numbers)
    if up.size < 2:
        raise DeviceFileError(source, "the potentiating train needs at least one pulse", numbers[0])
    return up, down, {"columns": header}


def _number(text, source, line, column):
    """A finite float from a field, or a DeviceFileError naming line and column."""
    try:
        value = float(text)
    except ValueError:
        raise DeviceFileError(
            source, f"column '{column}': expected a number, found {text.strip()!r}", line
        ) from None
    if not math.isfinite(value):
        raise DeviceFileError(source, f"column '{column}': {text.strip()} is not a finite number", line)
    return value


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def _parse_pulse_train(lines, source):
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
            number = _number(value, source, list(header).index(key) + 1, key)
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
    data_rows = 0
    for number, line in enumerate(lines[k + 1 :], start=k + 2):
        if not line.strip():
            continue
        data_rows += 1
        fields = line.split(",")
        if len(fields) < 6:
            raise DeviceFileError(
                source, f"expected 6 comma-separated fields, found {len(fields)}", number
            )
        voltage = _number(fields[1], source, number, columns[1])
        if not math.isclose(voltage, read_voltage, rel_tol=1e-6, abs_tol=1e-12):
            continue
        resistance = _number(fields[5], source, number, columns[5])
        if resistance <= 0:
            raise DeviceFileError(
                source, f"read row has resistance {fields[5].strip()}; expected a positive value (Ohm)", number
            )
        conductance.append(1.0 / resistance)
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
    return np.array(conductance), meta


def _parse_csv(lines, source):
    rows = [(n, row) for n, row in enumerate(csv.reader(io.StringIO("\n".join(lines))), start=1) if row]
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
    if _is_number(header[-1]):
        raise DeviceFileError(
            source, f"expected a header line naming the columns, found numbers {','.join(header)!r}", header_line
        )
    data = rows[1:]
    if len(data) < 2:
        raise DeviceFileError(source, f"has {len(data)} data row(s); a curve needs at least 2")
    pulses, values = [], []
    for number, row in data:
        if len(row) != len(header):
            raise DeviceFileError(
                source, f"expected {len(header)} field(s) as in the header, found {len(row)}", number
            )
        g = _number(row[-1], source, number, header[-1])
        if g <= 0:
            raise DeviceFileError(
                source, f"conductance {row[-1].strip()} is not positive; expected siemens > 0", number
            )
        values.append(g)
        if len(header) == 2:
            p = _number(row[0], source, number, header[0])
            if p != int(p) or p < 0:
                raise DeviceFileError(
                    source, f"pulse number {row[0].strip()} is not a non-negative integer", number
                )
            if int(p) in pulses:
                first = data[pulses.index(int(p))][0]
                raise DeviceFileError(
                    source, f"pulse number {int(p)} appears twice (first on line {first})", number
                )
            pulses.append(int(p))
    meta = {"columns": header}
    if len(header) == 1:
        return np.array(values), meta
    order = np.argsort(pulses)
    pulses = np.asarray(pulses)[order]
    if not np.array_equal(pulses, np.arange(pulses.size)):
        missing = sorted(set(range(pulses.max() + 1)) - set(pulses.tolist()))
        raise DeviceFileError(
            source,
            f"pulse numbers must run 0, 1, ..., L-1 without gaps; missing {missing[:5]}"
            + (" ..." if len(missing) > 5 else ""),
        )
    return np.asarray(values)[order], meta


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
