"""Two-way device files: splitting the reads of a pulse train into a potentiating and a depressing branch.

A two-way measurement is a potentiating train followed by a depressing one. The direction of
the pulse before each read comes from the instrument file's pulse voltages (their polarity
against the header's ON Voltage) or from a CSV ``direction`` column. The depressing branch
starts at the last point of the potentiating one (its pulse 0).
"""

from __future__ import annotations

import csv
import io
import math

import numpy as np

from . import checks
from .fields import DeviceFileError, check_conductance, is_number, parse_number

__all__ = ["branches_from_directions", "pulse_directions", "parse_csv_two_way"]


def branches_from_directions(values, directions, source, lines):
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
        return np.asarray(values), None  # a one-way curve
    k = switches[0]
    up = np.asarray(values[:k])
    if len(values) - k < 1:
        raise DeviceFileError(source, "the depressing train has no read after it", lines[-1])
    return up, np.concatenate([up[-1:], values[k:]])


def pulse_directions(lines, meta, reads):
    """The direction of the pulse before each read of an instrument file, or None.

    Pulses of the polarity of the header's ON Voltage (or of the first pulse after the initial
    one) potentiate; the opposite polarity depresses. The first pulse row is the initial (reset)
    pulse when its voltage is the header's Initial Voltage; it sets the initial state (0).
    None when every pulse potentiates (a one-way curve).
    """
    read_voltage = meta["read_voltage"]
    initial = meta.get("initial_voltage")
    on = meta.get("pulse_voltage")
    directions, last, first_pulse = [], 0, True
    for line in lines:
        fields = line.split(",")
        if len(fields) < 6 or not is_number(fields[1]):
            continue
        voltage = float(fields[1])
        if math.isclose(voltage, read_voltage, rel_tol=1e-6, abs_tol=1e-12):
            directions.append(0 if not directions else last)
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
    if len(directions) != reads or -1 not in directions:  # the same read rows as the main parser
        return None
    directions[0] = 0
    return directions


_DIRECTIONS = {"+": 1, "+1": 1, "1": 1, "up": 1, "p": 1, "-": -1, "-1": -1, "down": -1, "d": -1,
               "0": 0, "": 0, "start": 0, "initial": 0}


def parse_csv_two_way(lines, source, terminated=True):
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
    for index, (number, row) in enumerate(rows[1:]):
        if index == len(rows) - 2 and not terminated and len(row) == len(header):  # a cut last number
            checks.check_last_line([r for _, r in rows[1:-1]], row, {g_col: header[g_col]},
                                   lambda message: DeviceFileError(source, message, number))
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
        g = parse_number(row[g_col], source, number, header[g_col])
        if g <= 0:
            raise DeviceFileError(source, f"conductance {row[g_col].strip()} is not positive; expected siemens > 0",
                                  number)
        if not checks.CONDUCTANCE_RANGE[0] <= g <= checks.CONDUCTANCE_RANGE[1]:
            check_conductance(g, row[g_col], source, number, "conductance")
        values.append(g)
        directions.append(direction)
        numbers.append(number)
    if len(values) < 2:
        raise DeviceFileError(source, f"has {len(values)} data row(s); a curve needs at least 2")
    if directions[1:2] == [-1] or len(directions) < 2:
        raise DeviceFileError(source, "the potentiating train needs at least one pulse", numbers[0])
    return np.array(values), {"columns": header}, numbers, directions
