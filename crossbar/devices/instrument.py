"""The instrument's raw pulse-train format: ``Key: value`` header lines, a column line, then rows.

Each row is comma-separated: time stamp, pulse voltage, pulse current, read voltage, read
current and resistance. The reads are the rows taken at the header's read voltage, and the
curve is 1 / resistance on them. A file may hold several blocks (header, column line, rows), one
per measurement cycle: :func:`blocks` splits them, :func:`parse_pulse_train` reads one.
"""

from __future__ import annotations

import math
import re

import numpy as np

from . import checks
from .columns import value_column
from .fields import DeviceFileError, check_conductance, is_number, parse_number

__all__ = ["HEADER_LINE", "blocks", "parse_pulse_train", "setting_problem"]

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
HEADER_LINE = re.compile(r"^\s*([^,:]+?)\s*:\s*(.*?)\s*$")


# What a header setting may be, in SI: (lowest, highest, whether the lowest is allowed, what is expected).
_SETTING_RANGES = {
    "pulse_width": (0.0, 1e3, False, "a pulse width > 0 and at most 1e6 ms"),
    "off_time": (0.0, 1e3, True, "a time >= 0 and at most 1e6 ms"),
    "wait_time": (0.0, 1e3, True, "a time >= 0 and at most 1e6 ms"),
    "initial_voltage_duration": (0.0, 1e3, True, "a time >= 0 and at most 1e6 ms"),
    "temperature": (0.0, 1e4, False, "a temperature > 0 K"),
}


def setting_problem(name, value):
    """What header setting `name` (its metadata name, in SI units) must be if `value` is not that,
    else None: the one range the loader reads and :func:`~crossbar.devices.files.write_pulse_train`
    writes."""
    if name.endswith("voltage"):
        ok = math.isfinite(value) and abs(value) <= 1e3 and (value != 0 or name not in ("pulse_voltage",))
        expected = "a nonzero pulse voltage, |V| <= 1000" if name == "pulse_voltage" else "a voltage, |V| <= 1000"
    elif name in _SETTING_RANGES:
        low, high, closed, expected = _SETTING_RANGES[name]
        ok = math.isfinite(value) and (low <= value if closed else low < value) and value <= high
    else:
        return None
    return None if ok else expected


def _check_setting(name, key, text, value, source, line):
    """A header setting in its physical range; DeviceFileError naming the line otherwise (a pulse of
    no width or a negative time would otherwise be replaced or flip sign unseen downstream)."""
    expected = setting_problem(name, value)
    if expected:
        raise DeviceFileError(source, f"'{key}' is {text}; expected {expected}", line)


def _is_column_line(line):
    fields = line.split(",")
    return len(fields) >= 6 and not is_number(fields[0]) and any("resist" in f.lower() for f in fields)


def _resistance_column(name, source, line):
    """The :class:`~crossbar.devices.columns.ValueColumn` of the column line's sixth name, the one the
    reads' resistances are taken from, in the unit it names (``Resistance (kOhm)`` is not Ohm: it
    was read as Ohm, 1000 times too high a conductance); DeviceFileError if it names no resistance."""
    try:
        column = value_column(name)
    except ValueError:
        column = None
    if column is None or column.quantity != "resistance":
        raise DeviceFileError(source, f"column 6 is {checks.clipped(name)!r}; expected 'Resistance (Ohm)' (or kOhm, "
                                      "MOhm): the reads' resistances", line)
    return column


def blocks(lines):
    """The blocks of an instrument file: [(line number of its first line, its lines)].

    A block is header lines, a column line and data rows; a header line or a column line after
    data rows starts the next block (the instrument's next cycle).
    """
    blocks, start, in_data = [], 0, False
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        header = bool(HEADER_LINE.match(line)) and "," not in line
        column = _is_column_line(line)
        if in_data and (header or column):
            blocks.append((start + 1, lines[start:i]))
            start, in_data = i, False
        elif not header and not column:
            in_data = True
    blocks.append((start + 1, lines[start:]))
    return blocks


#: A header value written with a decimal comma (a German-locale export): one comma between digits.
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+(?:[eE][+-]?\d+)?$")


def parse_pulse_train(lines, source, terminated=True, first_line=1, inherited=None):
    """(conductance, metadata, line of each read, header) of one block; the header of a block
    that has none is `inherited` from the block before."""
    header = {}
    k = 0
    while k < len(lines):
        line = lines[k]
        if not line.strip():
            k += 1
            continue
        match = HEADER_LINE.match(line)
        if match is not None and _DECIMAL_COMMA.match(match.group(2)):  # 'Read Voltage (V): 5,000000E-02'
            raise DeviceFileError(source, f"header '{checks.clipped(match.group(1))}' has value "
                                          f"{checks.clipped(match.group(2))!r}, a number with a decimal comma; "
                                          f"expected a decimal point ({match.group(2).replace(',', '.')})",
                                  first_line + k)
        if match is None or "," in line:
            break
        header[match.group(1)] = match.group(2)
        k += 1
    if not header and inherited is not None:
        header = inherited
    if k == len(lines):
        raise DeviceFileError(source, "has a header but no column line and no data rows", first_line - 1 + k)
    columns = [c.strip() for c in lines[k].split(",")]
    if len(columns) < 6 or not any("resist" in c.lower() for c in columns):
        raise DeviceFileError(
            source,
            "expected the column line 'Time stamp (s), Voltage (V), Current (A), Voltage (V), "
            f"Current (A), Resistance (Ohm)', found {checks.clipped(lines[k].strip())!r}",
            first_line + k,
        )
    resistance_column = _resistance_column(columns[5], source, first_line + k)
    unit = resistance_column.unit or "Ohm"
    meta = {}
    for key, value in header.items():
        if key in _HEADER_UNITS:
            meta_name, factor = _HEADER_UNITS[key]
            at = first_line + list(header).index(key) if header is not inherited else None
            number = parse_number(value, source, at, key)
            if meta_name == "pulse_count" and (number != int(number) or number < 0):
                raise DeviceFileError(source, f"'{key}' is {value}; expected a non-negative integer", at)
            meta[meta_name] = int(number) if meta_name == "pulse_count" else number * factor
            _check_setting(meta_name, key, value, meta[meta_name], source, at)
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
    for number, line in enumerate(lines[k + 1:], start=k + 2):
        if not line.strip():
            continue
        data_rows += 1
        at = first_line - 1 + number
        fields = line.split(",")
        if len(fields) < 6:
            raise DeviceFileError(
                source, f"expected 6 comma-separated fields, found {len(fields)}", at
            )
        voltage = parse_number(fields[1], source, at, columns[1])
        if not math.isclose(voltage, read_voltage, rel_tol=1e-6, abs_tol=1e-12):
            continue
        if number == last and not terminated:
            checks.check_last_line(read_rows, fields, {1: columns[1], 5: columns[5]},
                                   lambda message: DeviceFileError(source, message, at))
        resistance = parse_number(fields[5], source, at, columns[5]) * resistance_column.factor
        if resistance <= 0:
            raise DeviceFileError(
                source, f"read row has resistance {checks.clipped(fields[5].strip())}; expected a positive value ({unit})",
                at
            )
        g = 1.0 / resistance  # inf for a subnormal resistance: refused below
        if not checks.CONDUCTANCE_RANGE[0] <= g <= checks.CONDUCTANCE_RANGE[1]:
            check_conductance(g, fields[5], source, at, "resistance", unit, resistance_column.factor)
        conductance.append(g)
        where.append(at)
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
    return np.array(conductance), meta, where, header
