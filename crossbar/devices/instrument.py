"""The instrument's raw pulse-train format: ``Key: value`` header lines, a column line, then rows.

Each row is comma-separated: time stamp, pulse voltage, pulse current, read voltage, read
current and resistance. The reads are the rows taken at the header's read voltage, and the
curve is 1 / resistance on them. A file may hold several blocks (header, column line, rows), one
per measurement cycle: :func:`blocks` splits them, :func:`parse_pulse_train` reads one, and
:func:`write_pulse_train` writes a curve in it, refusing what the reader would refuse or misread.
The header's settings (their keys, units and ranges) are read by :mod:`crossbar.devices.header`.
The column line's voltage and current columns are read in the units they name by
:mod:`crossbar.devices.instrument_columns`, which also holds the reads' resistance cross-check.
"""

from __future__ import annotations

import math
import re

import numpy as np

from ..numbers import instance, real, real_array
from ..resources import format_bytes
from . import checks
from .columns import note_unit_problem, value_column
from .fields import DeviceFileError, check_conductance, is_number, parse_number
from .instrument_columns import (READ_AGREEMENT, check_header_units, check_pulse_width, check_read,
                                 offset_note_problem, offset_statement, pair_columns, time_stamp)
from .header import (HEADER_LINE, SETTING_NAMES, header_metadata, header_scale, header_setting, setting_problem,
                     settings_conflict)

__all__ = ["HEADER_LINE", "blocks", "parse_pulse_train", "setting_problem", "header_setting", "SETTING_NAMES",
           "settings_conflict", "is_read", "write_pulse_train", "leading_notes", "check_notes", "READ_AGREEMENT"]

#: The header line that says which rows are reads, as the instrument writes it.
_READ_VOLTAGE_KEY = "Read Voltage (V)"


def leading_notes(lines):
    """(index of the first line that is neither blank nor a '#' note, [(line number, note)] of every '#' note of
    the file): an instrument file whose first 'Key: value' line follows notes is still one (probe 9a, N), and
    a note between its lines is a note there too."""
    at = 0
    while at < len(lines) and (not lines[at].strip() or lines[at].lstrip().startswith("#")):
        at += 1
    return at, [(n + 1, line.strip().lstrip("#")) for n, line in enumerate(lines) if line.lstrip().startswith("#")]


def check_notes(notes, lines, source):
    """Refuse a '#' note above an instrument file that names another resistance unit than its column line
    (``# R in kOhm`` over ``Resistance (Ohm)``), or a unit where that line names none: a unit is never dropped."""
    line = next((text for text in lines if _is_column_line(text)), None)
    if not notes or line is None:
        return
    problem = note_unit_problem([n for n in notes if not offset_statement(n[1])], "resistance",  # an offset's unit is
                                columns=(_resistance_column(line.split(",")[5], source, None),))  # its own (20a, O2)
    problem = problem or offset_note_problem(notes)  # '# offset: 100 Ohm', as the key 'Offset (Ohm): 100'
    if problem is not None:
        raise DeviceFileError(source, problem[1], problem[0])


def is_read(voltage, read_voltage):
    """Whether a row at `voltage` is a read at `read_voltage`: the one test of the loader (and of the
    writer, which refuses a read voltage this cannot tell from its other rows' voltages)."""
    return math.isclose(voltage, read_voltage, rel_tol=1e-6, abs_tol=1e-12)


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
    header = []  # (key, value, line) of each header line, in order
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
        header.append((match.group(1), match.group(2), first_line + k))
        k += 1
    if not header and inherited is not None:
        header = [(key, value, None) for key, value, _ in inherited]  # its lines are the block before's
    if k == len(lines):
        raise DeviceFileError(source, "has a header but no column line and no data rows", first_line - 1 + k)
    columns = [c.strip() for c in lines[k].split(",")]
    if len(columns) < 6 or not any("resist" in c.lower() for c in columns):
        raise DeviceFileError(
            source,
            "expected the column line 'Time stamp (s), Voltage (V), Current (A), Voltage (V), "
            f"Current (A), Resistance (Ohm)', found {checks.clipped(lines[k].strip())!r}"
            + (f" (line {header[0][2]}'s 'Key: value' made this an instrument pulse train; in a table, start it "
               "with '#' as a note)" if header and header[0][2] is not None else ""),
            first_line + k,
        )
    resistance_column = _resistance_column(columns[5], source, first_line + k)
    unit = resistance_column.unit or "Ohm"
    pairs = pair_columns(columns, source, first_line + k)  # columns 2 to 5 in the units they name (probe 12a, I1)
    meta = header_metadata(header, source)
    check_header_units(header, columns, pairs, resistance_column, first_line + k, source)  # 'Units: kOhm' (17a, H1)
    if "read_voltage" not in meta:
        raise DeviceFileError(
            source, f"header has no '{_READ_VOLTAGE_KEY}: value' line, so read rows cannot be found"
        )
    read_voltage = meta["read_voltage"]
    if is_read(0.0, read_voltage):  # 1e-300 V took the 0 V rows for reads: 'read row has resistance 0'
        key, text, line = next(entry for entry in header if (header_setting(entry[0]) or ("",))[0] == "read_voltage")
        raise DeviceFileError(source, f"'{checks.clipped(key)}' is {checks.clipped(text)}; expected a read voltage the "
                                      "0 V rows after each pulse can be told from: |V| > 1e-12 V, at most 1000 V", line)
    on = meta.get("pulse_voltage")
    if on is not None and is_read(on, read_voltage):  # the pulse rows read as reads: 'the file has 61' (I1)
        key, text, line = next((k, v, at) for k, v, at in header if (header_setting(k) or ("",))[0] == "pulse_voltage")
        raise DeviceFileError(source, f"'{checks.clipped(key)}' is {checks.clipped(text)} ({on:g} V), the read voltage "
                                      f"({read_voltage:g} V): its pulse rows would be taken for reads; expected a "
                                      "pulse voltage that differs from the read voltage", line)

    conductance = []
    where = []  # line of each point
    read_rows = []  # fields of each read row
    pulse_rows = []  # (voltage, line) of each pulse row
    off_rows = [False, None]  # whether a row is at 0 V; (voltage, line, a read?) of the row after the first pulse row
    stamps, pulse_at = [], []  # (time stamp or None, line) of each data row; index in it of each pulse row
    data_rows = 0
    seen = set()  # the rows' voltages (V), the first 7 distinct ones: named where no row is a read
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
        voltage = pairs[0].si(parse_number(fields[1], source, at, columns[1]))
        if len(seen) <= 6:
            seen.add(voltage)
        stamps.append((time_stamp(fields[0]), at))
        off_rows[0] = off_rows[0] or voltage == 0
        if len(pulse_rows) == 1 and off_rows[1] is None and pulse_rows[0][1] != at:
            off_rows[1] = (voltage, at, is_read(voltage, read_voltage))
        if not is_read(voltage, read_voltage):
            if voltage != 0:
                pulse_rows.append((voltage, at))
                pulse_at.append(len(stamps) - 1)
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
        check_read(fields, columns, pairs, resistance, source, at)
        g = 1.0 / resistance  # inf for a subnormal resistance: refused below
        if not checks.CONDUCTANCE_RANGE[0] <= g <= checks.CONDUCTANCE_RANGE[1]:
            check_conductance(g, fields[5], source, at, "resistance", unit, resistance_column.factor)
        conductance.append(g)
        where.append(at)
        read_rows.append(fields)
    if data_rows == 0:
        raise DeviceFileError(source, "has a header and a column line but no data rows")
    if len(conductance) < 2:
        shown = ", ".join(f"{pairs[0].unit_value(v):g} {pairs[0].unit}" for v in sorted(seen)[:6])
        raise DeviceFileError(
            source,
            f"found {len(conductance)} read row(s) at the read voltage {read_voltage:g} V; a curve needs at least 2: "
            f"column 2 {checks.clipped(columns[1])!r} (line {first_line + k}), read in {pairs[0].unit}, holds "
            f"{shown}{', ...' if len(seen) > 6 else ''}; expected reads at "
            f"{pairs[0].unit_value(read_voltage):g} {pairs[0].unit} (is the column's unit right?)",
        )
    _check_pulse_rows(meta, header, pulse_rows, source)
    _check_initial_and_off(meta, header, pulse_rows, off_rows, source)
    initial = bool(pulse_rows) and pulse_rows[0][0] == meta.get("initial_voltage")  # of its own duration
    check_pulse_width(meta, header, columns[0], stamps, pulse_at[1:] if initial else pulse_at, source)
    _note_pulse_rows(meta, pulse_rows)
    _note_depressing_rows(meta, pulse_rows)
    expected = meta.get("pulse_count")
    if expected is not None and len(conductance) != expected + 1:
        raise DeviceFileError(
            source,
            f"header says {expected} pulses, so {expected + 1} read rows (before the first pulse "
            f"and after each), but the file has {len(conductance)}",
        )
    return np.array(conductance), meta, where, header


def _check_pulse_rows(meta, header, pulse_rows, source):
    """The header's pulse voltage against the block's own pulse rows, those of its polarity (the first row left
    out when it is the initial pulse): their median within 1 % of it, or DeviceFileError naming both ('ON
    Voltage (mV): 3000' over rows at 2 V was believed, and the energy took 3 V). Where no row but the initial
    pulse has its polarity, the header's sign is named against the rows' ('ON Voltage (V):-2' over rows at +2 V
    was refused as a train whose first pulse depresses, at the second read's line: probe 11a, M1)."""
    on = meta.get("pulse_voltage")
    if on is None or not pulse_rows:
        return
    rows = pulse_rows[1:] if pulse_rows[0][0] == meta.get("initial_voltage") else pulse_rows
    same = [(v, at) for v, at in rows if (v > 0) == (on > 0)]
    if not same and not rows:
        return
    median = float(np.median([v for v, _ in same or rows]))
    if same and abs(median - on) <= 0.01 * abs(on):
        return
    key, text, line = next((k, v, at) for k, v, at in header if (header_setting(k) or ("",))[0] == "pulse_voltage")
    if not same:  # every pulse row but the initial one has the other sign
        after = " after the initial pulse" if len(rows) < len(pulse_rows) else ""
        raise DeviceFileError(source, f"'{checks.clipped(key)}' is {checks.clipped(text)} ({on:+g} V), but the file's "
                                      f"pulse rows are at {median:+g} V, the other sign (the median of its {len(rows)} "
                                      f"pulse rows{after}, from line {rows[0][1]}; none is of the "
                                      "header's sign); expected the header to give the pulses' voltage, sign "
                                      "included (within 1 %)", line)
    raise DeviceFileError(source, f"'{checks.clipped(key)}' is {checks.clipped(text)} ({on:g} V), but the file's pulse "
                                  f"rows are at {median:g} V (the median of its {len(same)} pulse rows of that "
                                  f"polarity, from line {same[0][1]}); expected the header to give the pulses' "
                                  "voltage (within 1 %)", line)


def _check_initial_and_off(meta, header, pulse_rows, off_rows, source):
    """The header's Initial and OFF Voltage against the block's rows, as its ON Voltage is: a nonzero initial voltage
    that is not the first pulse row's (within 1 %), or an OFF voltage that no row has where the row after the first
    pulse is no read (the instrument's OFF row), is refused naming the key, its line and the rows' voltage ('Initial
    Voltage (V): 0.1' over a first pulse at -2 V, 'OFF Voltage (V): 1.5' over 0 V rows loaded: probe 15a, H2)."""
    def near(v, x):
        return abs(v - x) <= 0.01 * abs(x)

    initial, off = meta.get("initial_voltage"), meta.get("off_voltage")
    if initial and pulse_rows and not near(pulse_rows[0][0], initial):
        _contradicts(header, "initial_voltage", initial, f"its first pulse row is at {pulse_rows[0][0]:g} V (line "
                                                         f"{pulse_rows[0][1]})", "the initial pulse's voltage", source)
    after = off_rows[1]
    if off is not None and after is not None and not after[2] and not (
            off_rows[0] if off == 0 else any(near(v, off) for v, _ in pulse_rows)):
        _contradicts(header, "off_voltage", off, f"no row of the block is at {off:g} V: the row after its first pulse "
                                                 f"is at {after[0]:g} V (line {after[1]})",
                     "the voltage between the pulses", source)


def _contradicts(header, name, value, rows, what, source):
    key, text, line = next((k, v, at) for k, v, at in header if (header_setting(k) or ("",))[0] == name)
    raise DeviceFileError(source, f"'{checks.clipped(key)}' is {checks.clipped(text)} ({value:g} V), but {rows}; "
                                  f"expected the header to give {what} (within 1 %)", line)


def _note_pulse_rows(meta, pulse_rows):
    """The block's pulse rows' voltage, in `meta` as "pulse_rows" (the median, lowest and highest of those of the
    polarity of the first pulse after the initial one, their count and first line), where the header gives no
    'ON Voltage': the energy took NeuroSim's 2 V for a file whose rows pulse at 3 V
    (:meth:`crossbar.networks.EnergyModel.of` reads it, and refuses rows that disagree beyond 1 %)."""
    if meta.get("pulse_voltage") is not None or not pulse_rows:
        return
    initial = meta.get("initial_voltage")
    rows = pulse_rows[1:] if initial is not None and pulse_rows[0][0] == initial else pulse_rows
    same = [(v, at) for v, at in rows if (v > 0) == (rows[0][0] > 0)] if rows else []
    if same:
        volts = [v for v, _ in same]
        meta["pulse_rows"] = {"voltage": float(np.median(volts)), "low": float(min(volts)),
                              "high": float(max(volts)), "count": len(same), "line": same[0][1]}


def _note_depressing_rows(meta, pulse_rows):
    """The block's pulse rows of the other polarity than its potentiating ones (the header's ON Voltage's, else the
    first pulse's after the initial one), in `meta` as "depress_rows", as "pulse_rows" holds those: a two-way file's
    depressing rows at -3 V beside 'ON Voltage (V):2' were neither read nor checked, and the energy charged them at
    2 V (probe 12a, E1; :meth:`crossbar.networks.EnergyModel.of` reads them and refuses rows beyond 1 % apart)."""
    initial = meta.get("initial_voltage")
    rows = pulse_rows[1:] if pulse_rows and initial is not None and pulse_rows[0][0] == initial else pulse_rows
    if not rows:
        return
    on = meta.get("pulse_voltage")
    rising = (on if on is not None else rows[0][0]) > 0
    other = [(v, at) for v, at in rows if (v > 0) != rising]
    if other:
        volts = [v for v, _ in other]
        meta["depress_rows"] = {"voltage": float(np.median(volts)), "low": float(min(volts)),
                                "high": float(max(volts)), "count": len(other), "line": other[0][1]}


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
    # What load_device would refuse is not written: conductances in the physical range, the header's
    # settings in the ranges the loader reads (a read at 0 V, a pulse of no width, -5 K).
    g = real_array(conductance, "conductance", "a 1-D curve of conductances in siemens")
    if g.ndim != 1 or g.size < 2 or checks.outside_range(g).any():
        raise ValueError(f"conductance must be a 1-D curve of at least 2 points in the physical range "
                         f"{checks.range_text()}")
    down = np.zeros(1) if depression is None else real_array(depression, "depression", "a 1-D curve in siemens")
    if depression is not None and (down.ndim != 1 or down.size < 2 or checks.outside_range(down).any()
                                   or down[0] != g[-1]):
        raise ValueError(f"depression must be a 1-D curve of at least 2 points in the physical range "
                         f"{checks.range_text()} starting at the last point of the potentiation branch")
    for name, branch, rising in [("conductance", g, True)] + ([("depression", down, False)] if depression is not None
                                                              else []):
        i = checks.find_restart(branch, rising)  # several cycles one after the other (probe 8, B)
        problem = None if i is None else (f"{checks.restart_message(branch, i, rising, f'{name}[{i + 1}]')}: "
                                          "several cycles in one curve? Write each cycle to its own file")
        problem = problem or checks.direction_problem(branch, rising)
        if problem:  # load_device refuses it: "the potentiation branch falls in time order ..."
            raise ValueError(f"{name}: the {'potentiation' if rising else 'depression'} branch {problem}")
    settings = {"read_voltage": read_voltage, "pulse_voltage": pulse_voltage, "initial_voltage": initial_voltage,
                "pulse_width": pulse_width, "temperature": temperature}
    for name, value in settings.items():
        value = real(value, name, "a number")
        expected = setting_problem(name, value) or ("a nonzero read voltage, |V| <= 1000"
                                                    if name == "read_voltage" and value == 0 else None)
        if expected:
            raise ValueError(f"{name} = {value!r}: expected {expected}")
        settings[name] = float(value)  # the checked float: a Fraction has no format 'E' (probe 6, M6)
    read_voltage, pulse_voltage, initial_voltage, pulse_width, temperature = settings.values()
    _check_read_voltage(settings, depression is not None)
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
    header.update(_extra_header(extra_header))
    lines = [f"{k}: {v}" for k, v in header.items()]
    lines.append("Time stamp (s), Voltage (V), Current (A), Voltage (V), Current (A),Resistance (Ohm)")
    # A nominal 1 kOhm during a pulse; the loader ignores everything but the read rows.
    pulse_resistance = 1.1e3
    reads = np.concatenate([g, down[1:]])

    # A pulse lies between the read before it and the 0 V row after it, 0.516 s apart, which the loader holds the
    # header's width to: a longer pulse_width stretches that gap (and each pulse's 3.2 s) by what it needs.
    extra = max(0.0, pulse_width - 0.5)

    def rows(m):
        """The pulse row, the 0 V row and the read row after pulse m."""
        t = 2.0 + (3.2 + extra) * m + extra
        v = initial_voltage if m == 0 else (pulse_voltage if m < g.size else -pulse_voltage)
        r = 1.0 / reads[m]
        i = read_voltage / r
        return [f"{t:.13E},{v:.6E},{v / pulse_resistance:+.3E},,,{pulse_resistance:.6E}",
                f"{t + 0.016:.13E},{0.0:.6E},{0.0:+.3E},,,{0.0:.6E}",
                f"{t + 2.7:.13E},{read_voltage:.6E},{i:.6E},{-read_voltage:.6E},{-i:.6E},{r:.15E}"]

    # Each number of a row has a fixed width but for its sign (the initial pulse's, a depressing pulse's), so
    # the first, a potentiating and a depressing pulse's rows give the file's size before any is made.
    size = head = sum(len(line.encode()) + 2 for line in lines)  # bytes, each line ended by CR LF
    for m, count in ((0, 1), (1, g.size - 1), (g.size, down.size - 1)):
        size += count and count * sum(len(line) + 2 for line in rows(m))
    if size > checks.MAX_FILE_BYTES:  # 2 million points wrote 414 MiB, which load_device refuses
        each = (size - head) / reads.size
        raise ValueError(f"conductance: a curve of {reads.size:,} points (both branches) makes a file of "
                         f"{format_bytes(size)}, more than the {format_bytes(checks.MAX_FILE_BYTES)} load_device "
                         f"reads; expected at most about {int((checks.MAX_FILE_BYTES - head) / each):,} points")
    for m in range(reads.size):
        lines += rows(m)
    text = "\r\n".join(lines) + "\r\n"
    checks.write_whole(path, text.encode("utf-8"))


def _check_read_voltage(settings, two_way):
    """Refuse a read voltage the loader cannot tell from the voltage of the writer's other rows (0 V after
    each pulse, the pulses'): 5e-324 V took the 0 V rows for reads, of resistance 0. Compared as written."""
    written = {name: float(f"{value:.6E}") for name, value in settings.items()}
    others = {"the 0 V rows after each pulse": 0.0, "the pulses (pulse_voltage)": written["pulse_voltage"],
              "the initial pulse (initial_voltage)": written["initial_voltage"]}
    if two_way:
        others["the depressing pulses (-pulse_voltage)"] = -written["pulse_voltage"]
    for rows, voltage in others.items():
        if is_read(voltage, written["read_voltage"]):
            raise ValueError(f"read_voltage = {settings['read_voltage']!r}: load_device would take {rows} "
                             f"({voltage:g} V) for reads; expected a read voltage that differs from {voltage:g} V by "
                             "more than a millionth (and 1e-12 V)")


def _extra_header(extra_header):
    """The `extra_header` lines {key: text} as load_device reads them back, or an error naming the key: an
    empty key ('x' on a line of its own), a setting's key ('Read Voltage (V)': the writer's own was
    overridden) or an int key (raw "argument of type 'int' is not iterable") were not refused."""
    if extra_header is None:
        return {}
    instance(extra_header, dict, "extra_header", "a dict of more 'Key: value' header lines, or None")
    out = {}
    for key, value in extra_header.items():
        if not isinstance(key, str):
            raise TypeError(f"extra_header key {key!r}: expected a str, got {type(key).__name__}")
        text = str(value)
        where = f"extra_header[{checks.clipped(repr(key))}]"
        if not key.strip():
            raise ValueError(f"{where}: expected a non-empty key")
        if ":" in key or "," in f"{key}{text}" or not f"{key}{text}".isprintable():
            raise ValueError(f"{where} = {checks.clipped(repr(text))}: expected a key without ':' and a key and "
                             "value without ',' or line breaks (printable text)")
        try:
            setting = header_setting(key)
        except ValueError:
            setting = ("a setting",)
        if setting is not None or key.strip() in SETTING_NAMES:
            raise ValueError(f"{where}: a setting of the header, which the writer writes from its own "
                             "arguments (read_voltage, pulse_voltage, initial_voltage, pulse_width, temperature) and "
                             "the curve; expected another key")
        if header_scale(key, text) is not None:  # 'Gain: 1000': load_device refuses it (probe 15a)
            raise ValueError(f"{where} = {checks.clipped(repr(text))}: a scale of the values, which load_device "
                             "refuses (a scale is not read); expected another key")
        out[key] = text
    return out
