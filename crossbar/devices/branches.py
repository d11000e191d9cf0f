"""Two-way device files: splitting the reads of a pulse train into a potentiating and a depressing branch.

A two-way measurement is a potentiating train followed by a depressing one. The direction of
the pulse before each read comes from the instrument file's pulse voltages (their polarity
against the header's ON Voltage) or from a table's ``direction`` column
(:mod:`crossbar.devices.tables`). The depressing branch
starts at the last point of the potentiating one (its pulse 0).
"""

from __future__ import annotations

import numpy as np

from .fields import DeviceFileError, as_float, is_number
from .instrument import is_read
from .instrument_columns import voltage_column

__all__ = ["branches_from_directions", "pulse_directions"]


def branches_from_directions(values, directions, source, lines):
    """(potentiation, depression or None) from reads in order and the direction of the pulse before each.

    directions[0] is the initial state (no pulse); the others are +1 (potentiating) or -1
    (depressing). The reads must be: the initial state, a potentiating train, then optionally
    a depressing one, which starts from the last point of the potentiating train.
    """
    switches = [k for k in range(2, len(directions)) if directions[k] != directions[k - 1]]
    if len(directions) > 1 and directions[1] != 1:
        raise DeviceFileError(source, "the first pulse after the initial state depresses; expected a "
                                      "potentiating train first, then optionally a depressing one (a file of the "
                                      "depression branch alone goes beside its potentiation file: --depression-file, "
                                      "API depression=)", lines[1])
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
    column = voltage_column(lines)  # the rows' voltages in the unit the column line names ('Voltage (mV)')
    for line in lines:
        fields = line.split(",")
        if len(fields) < 6 or not is_number(fields[1]):
            continue
        voltage = as_float(fields[1]) if column is None else column.si(as_float(fields[1]))
        if is_read(voltage, read_voltage):
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
