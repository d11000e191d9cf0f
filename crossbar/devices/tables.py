"""Device tables: delimited text files of pulse-train reads, one column per cycle.

A table has a header line naming its columns (after any ``#`` note lines; where the line after the
notes holds numbers, the last note is the header if it names columns as one does, as
``numpy.savetxt(header=...)`` writes ``# pulse,G (uS)``), then one row per read in time order:

* optionally a pulse-number column (``pulse``, ``n``, ``index``, ...): whole pulses 0, 1, ...;
  the rows are taken in its order, so they may come in any order;
* or a time column (``Time [ns]``, ``t (s)``): the rows are taken in its order, one pulse per
  row (it gives no pulse numbers; the curve's metadata says so); beside a pulse column, it must
  give the rows the same order (:mod:`crossbar.devices.rows`);
* optionally a ``direction`` column (two-way devices): ``+`` / ``up`` / ``1`` for a
  potentiating pulse before the read, ``-`` / ``down`` / ``-1`` for a depressing one, empty or
  ``0`` on the first row (the initial state);
* one or more value columns, each one measurement cycle of the same pulse protocol: conductances,
  read currents or resistances in the unit the header names (:mod:`crossbar.devices.columns`);
  read currents at the read voltage a name gives (``I (uA) @ 0.1 V``) or the one given.
  A cycle may end before the others: empty cells at the end of its column, in the pulse or time
  column's order (NaN between spaces, which cannot leave a cell empty); a column of no number
  is refused. Several cycles one after the other in one column are refused (see
  :func:`crossbar.devices.checks.find_restart`).

The delimiter (comma, tab, semicolon or runs of whitespace) is detected from the header and the
rows, and named in every error. With a semicolon, tab or whitespace delimiter, numbers may use a
decimal comma (``1,25``; :mod:`crossbar.devices.decimals`). :func:`parse_table` returns the reads of
every cycle in siemens.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field

import numpy as np

from . import checks
from .bound_columns import bound_problem
from .channel_names import ungrouped_header
from .columns import (is_direction_column, is_pulse_column, is_time_column, joined_units, mixed_units,
                      long_name, names_a_column, note_unit_problem, value_column)
from .cycle_marks import cycle_columns_problem, layout_problem
from .decimals import check_comma_groups, check_one_mark, check_point_groups, decimal_comma, number_columns
from .direction_columns import DIRECTIONS, direction_column
from .fields import (DELIMITER_NAMES, MISSING, SEP_LINE, DeviceFileError, NoReadCurrents, is_note, parse_number,
                     spaced_cells, thousands_problem, ungrouped)
from .instrument_columns import offset_note_problem, offset_statement
from .long_format import long_cycles, read_long
from .metadata_rows import block_hint, metadata_rows
from .read_voltages import table_voltage
from .rows import (check_ends, no_header_problem, one_line_problem, pulse_number, pulse_order, same_order,
                   time_order)
from .timestamps import TimeCells
from .units_row import units_row_under
from .unnamed_columns import unnamed_problem
from .voltage_columns import voltage_column

__all__ = ["Table", "parse_table", "DELIMITER_NAMES", "DIRECTIONS"]



@dataclass
class Table:
    """The reads of a device table, per cycle, in time order.

    Attributes
    ----------
    cycles : list of ndarray
        Conductance of each read, S, one array per value column (cycle), in time order.
    directions : list of int or None
        Direction of the pulse before each read (0 for the first), shared by the cycles.
    lines : list of int, or list of lists of int
        File line of each read (row); one list per cycle for a table in long format.
    metadata : dict
        Columns, delimiter, quantity and unit of the values, cycles.
    names : list of str
        The value columns' names, one per cycle.
    """

    cycles: list
    directions: list | None
    lines: list
    metadata: dict = field(default_factory=dict)
    names: list = field(default_factory=list)


#: A row of delimiters only (any of DELIMITER_NAMES').
_PADDING = re.compile(r"[\s,;|]+")


def _split(line, delimiter, source=None, number=None):
    """The cells of a line; DeviceFileError naming the line where csv cannot read it."""
    if delimiter is None:
        return spaced_cells(line)  # R's write.table quotes names: '"pulse" "G (uS)"' (probe 28a, D28-9)
    if '"' not in line:  # nothing quoted: the same cells as csv's, and no limit on a cell's length
        return ungrouped(line.split(delimiter), line)
    try:
        return ungrouped(next(csv.reader([line], delimiter=delimiter)), line)
    except csv.Error as exc:
        raise DeviceFileError(source, f"csv cannot read this line ({exc}); expected the cells of a table, quoted "
                                      "with \" only where a cell holds the delimiter", number) from None


def _cells(rows, delimiter, source):
    """(line, cells) of each of the `rows`, split one at a time."""
    return ((number, _split(line, delimiter, source, number)) for number, line in rows)


def _detect(lines, source, header_line):
    """The delimiter of a table: the one whose header names as many columns as the widest row.

    Returns (delimiter, header fields). A header that no delimiter splits, over rows of one
    value each, is a one-column table (delimiter ',' by convention).
    """
    header = lines[0][1]
    rows = [line for _, line in lines[1:6]]
    ending = None  # (delimiter, names) of a header whose every row ends in its delimiter: an empty last column
    for delimiter in ("\t", ";", "|", ","):
        names = _split(header, delimiter, source, header_line)
        widths = [len(_split(r, delimiter, source, n)) for n, r in lines[1:6]]
        # the header's delimiter, if most of the first rows split into no more columns than it names
        if len(names) > 1 and rows and sum(1 < w <= len(names) for w in widths) * 2 >= len(widths):
            if delimiter == ",":
                _check_semicolon_rows(lines, names, source)
            return delimiter, names
        ends = [r.rstrip(" \t\r\n".replace(delimiter, "")) for r in rows]  # a last tab too (probe 29c, C29-3)
        if len(names) > 1 and rows and ending is None and all(r.endswith(delimiter) for r in ends):
            ending = delimiter, names  # 'pulse;G (uS)' over '0;1,0;' was read as comma-separated (probe 23a, D23-3)
    widths = [] if ending else [len(spaced_cells(r)) for r in rows]  # a tab's too: no whitespace table (29c, C29-3)
    quoted = [spaced_cells(header)] if '"' in header else []
    for names in quoted + [joined_units(header.split()), re.split(r"\s{2,}|\t", header.strip())]:
        if len(names) > 1 and widths and max(widths) == len(names):
            return None, names
    if quoted and widths and min(widths) == len(quoted[0]) + 1 and all(r.lstrip().startswith('"') for r in rows):
        raise DeviceFileError(source, f"each row holds a quoted name before the {len(quoted[0])} values the header "
                                      f"names ({checks.clipped(rows[0].split()[0])!r}): R's row names; expected none: "
                                      "write the table with write.table(..., row.names = FALSE)", lines[1][0])
    delimiter, names = ending or (",", _split(header, ",", source, header_line))
    if len(names) > 1:  # a header over rows that are not separated as it is
        mark = "tab" if delimiter == "\t" else repr(delimiter)
        end = (f" (each ends in a {mark}: an empty last column); expected no {mark} after a row's last value: drop "
               "it") if ending else ""
        raise DeviceFileError(source, f"the header names {len(names)} {DELIMITER_NAMES[delimiter]}-separated columns "
                                      f"({checks.clipped(header.strip())!r}) but the rows do not split into them{end}",
                              header_line)
    if rows and max(len(r.split()) for r in rows) > 1:
        raise DeviceFileError(source, f"the header {checks.clipped(header.strip())!r} names one column but the rows "
                                      f"hold {max(len(r.split()) for r in rows)} values: is the header separated by "
                                      "another delimiter than the rows?", header_line)
    comma = rows and all(re.fullmatch(r'\s*"?[+-]?\d+,\d+(?:[eEdD][+-]?\d+)?"?\s*', r) for r in rows)
    return (";" if comma else ","), names  # one column of decimal commas ('1,00') split in two (probe 31a, D31-10)


def _check_semicolon_rows(lines, names, source):
    """A comma header over rows that split by semicolons into its columns: the rows' commas are decimal
    commas or thousands separators, which the comma would split ('0;1,000.0' read as '0;1' and '000.0')."""
    header, rows = lines[0][1], lines[1:6]
    if ";" in header or not all(len(_split(r, ";")) == len(names) for _, r in rows):
        return
    number, row = rows[0]
    cells = [c.strip() for c in _split(row, ";")]
    found = next((thousands_problem(c) for c in cells if thousands_problem(c)), None)
    shown = checks.clipped(header.strip())
    raise DeviceFileError(source, f"{found} (the rows are semicolon-separated, the header {shown!r} comma-separated)"
                          if found else f"the header {shown!r} is comma-separated but the rows are semicolon-separated "
                                        f"({checks.clipped(row.strip())!r}); expected one delimiter", number)


def parse_table(lines, source, terminated=True, *, read_voltage=None):
    """Parse the `lines` (text lines of a device table); see the module docstring.

    Parameters
    ----------
    lines : list of str
    source : str
        The file, for messages.
    terminated : bool
        Whether the file ends with a line break: if not, its last row may be cut short and is
        held to the format of the rows before it.
    read_voltage : float, optional
        Volts: the value columns hold read currents, G = I / V.

    Returns
    -------
    Table
    """
    return _parse_table(lines, source, terminated, read_voltage, note_header=True)


def _parse_table(lines, source, terminated, read_voltage, note_header):
    numbered = [(n, line) for n, line in (lines.items() if isinstance(lines, dict) else enumerate(lines, start=1))
                if line.strip()]  # a dict: {line number: text} of some lines (one cycle of a long table)
    while numbered and _PADDING.fullmatch(numbered[-1][1]):  # Excel's empty rows of a wider used range, ',,,'
        numbered.pop()  # after the table, as blank lines are (probe 28a, n49: "a row without any value")
    # Excel's 'sep=;' first line names the delimiter (and is no header)
    sep = SEP_LINE.fullmatch(numbered[0][1].strip(" \r\n")) if numbered else None
    if sep is not None:
        numbered.pop(0)
    noted, last_note = [], None
    while numbered and numbered[0][1].lstrip().startswith("#"):  # notes above the header
        last_note = numbered.pop(0)
        noted.append(last_note)
    if not numbered:
        raise DeviceFileError(source, "is empty, expected a device table")
    if len(numbered) == 1:
        raise DeviceFileError(source, one_line_problem(numbered[0][1]), numbered[0][0])
    # notes below the header (a '# end' line, a remark between cycles) are notes too: no row starts with '#' but a
    # padded or broken first cell's ('#N/A,1.93', '#DIV/0!;1,2')
    notes_below = [(n, line) for n, line in numbered[1:] if is_note(line)]
    if notes_below:
        noted += notes_below
        numbered = numbered[:1] + [row for row in numbered[1:] if not is_note(row[1])]
    numbered = ungrouped_header(numbered, source)  # 'Measurement/G (uS)': before the rows above and under it
    if block := metadata_rows(numbered):  # 'Sample,SP12' rows above the header: notes (probe 24a, n1)
        noted, numbered = sorted(noted + block), numbered[len(block):]
    elif hint := block_hint(numbered):  # such a block with a line that is no pair
        raise DeviceFileError(source, hint, numbered[0][0])
    header_line = numbered[0][0]
    delimiter, names = ((sep.group(1), _split(numbered[0][1], sep.group(1), source, header_line)) if sep
                        else _detect(numbered, source, header_line))
    how = DELIMITER_NAMES[delimiter]
    names = [n.strip() for n in names]
    if long := next(filter(None, map(long_name, names)), None):  # before any rule reads them (probe 25a, D25-6)
        raise DeviceFileError(source, long, header_line)
    found = no_header_problem(names, numbered[0][1], delimiter)  # numbers, or a damaged one, where names go
    if found is not None and last_note is not None and note_header:
        return _note_as_header(lines, last_note, source, terminated, read_voltage, found, header_line)
    if found is not None:
        raise DeviceFileError(source, found, header_line)
    united = units_row_under(names, numbered, noted, lambda n, text: _split(text, delimiter, source, n), source)
    if united is not None:  # 'Conductance' over 'uS' (Origin's export), '#,uS': "expected a number, found 'uS'"
        (names, units_line), numbered = united, [row for row in numbered if row[0] != united[1]]
        noted = [row for row in noted if row[0] != units_line]
    notes = [(n, line.strip().lstrip("#")) for n, line in noted]
    comments = [line.strip().lstrip("#").strip() for _, line in noted]
    below = _split(numbered[1][1], delimiter, source, numbered[1][0]) if len(numbered) > 1 else []  # only notes: 17a
    units_at = None if united is None else units_line
    rows = numbered[1:]  # their decimal mark, before a read voltage is read: '@ 0,1 V' (probe 23a, D23-5)
    if (long := long_cycles(lines, numbered, delimiter, names, units_at, _split, source, MISSING)) is not None:
        parse = lambda sub, last: _parse_table(sub, source, terminated or not last, read_voltage, False)  # noqa: E731
        volts = _voltages(names, rows, delimiter, read_voltage, source)[2]  # held as one column (probe 27a, D27-7),
        table = Table(*read_long(long, names, delimiter, parse, source))  # before each cycle's table is (28a, D28-6)
        if volts is not None and table.metadata.get("read_voltage") is not None:
            volts.describe(table.metadata, value_column(table.names[0]).unit or "A")
        return table
    if (layout := layout_problem(names, below)) is not None:
        raise DeviceFileError(source, layout, header_line)  # one column per pulse, or per cycle and pulse (18a, W1)
    comma, written, volts = _voltages(names, rows, delimiter, read_voltage, source)
    pulse_col, direction_col, time_col, value_cols, columns, given = _roles(written.names(names), source, header_line,
                                                                            read_voltage, notes, comma, written.ignored(),
                                                                            volts)
    (read_voltage, origin), given = given, read_voltage  # the header's read voltage, where it names one
    unread = note_unit_problem(  # '# conductance in uS' over 'pulse,G', '# ... in nS' over 'G (uS)'; an offset's unit
        [n for n in notes if not (any(c.unit for c in columns) and offset_statement(n[1]))],  # is its own (20a, O2)
        "current" if read_voltage else columns[0].quantity, columns=columns)
    if unread is not None:
        raise _NoteUnitError(source, unread[1], unread[0])
    offset = offset_note_problem(notes)  # '# offset: 0.1 uS', as 'Offset (uS): 0.1' in an instrument header
    if offset is not None:
        raise DeviceFileError(source, offset[1], offset[0])
    if len(rows) < 2:
        raise DeviceFileError(source, f"has {len(rows)} data row(s); a curve needs at least 2")
    if comma and delimiter != ";":  # a semicolon file is a decimal-comma locale's CSV: its '1,063' is 1.063
        check_comma_groups(_cells(rows, delimiter, source), names, source)
    if delimiter == ";":  # ... and its '100.000' may be 100000 (probe 25a, D25-3)
        check_point_groups(_cells(rows, delimiter, source), names, source)
    if not comma and delimiter != ",":  # '1,0' beside '1.5'
        check_one_mark(_cells(rows, delimiter, source), value_cols, names, source)
    width = len(names)
    values = np.full((len(rows), len(value_cols)), np.nan)
    pulses, times, directions, where = [], [], [], []
    stamps = TimeCells(names[time_col] if time_col is not None else "")  # '10:00:02', '2024-05-01T10:00:02' (26d)
    for index, (number, line) in enumerate(rows):
        cells = [c.strip() for c in _split(line, delimiter, source, number)]
        short = len(cells) < width and (len(value_cols) == 1 or max(pulse_col or 0, direction_col or 0) >= len(cells))
        if len(cells) < width and delimiter is None and not short:  # padded, a later cycle's values went to an earlier
            raise DeviceFileError(source, f"{len(cells)} values where the header names {width} columns, in a table "
                                          "separated by spaces, which cannot leave a cell empty: which cycle ended is "
                                          "not in the file (its values would go to the first cycles); expected "
                                          f"{width} values per row: write NaN for an ended cycle's reads, or write "
                                          "the table with commas or tabs, leaving its cells empty", number)
        if len(cells) > width or short:
            raise DeviceFileError(source, f"expected {width} field(s) as in the header ({how}-separated), found "
                                          f"{len(cells)}", number)
        cells += [""] * (width - len(cells))
        as_written, cells = cells, [c.replace(",", ".") for c in cells] if comma else cells
        last = index == len(rows) - 1
        if last and not terminated:
            _check_cut(rows, cells, delimiter, value_cols, names, comma, source, number)
        for k, col in enumerate(value_cols):
            text = cells[col]
            if text.lower() not in MISSING:  # a cut-short cycle: empty, or NaN, NA, #N/A as tools pad it
                values[index, k] = _conductance(text, columns[k], read_voltage if volts is None or read_voltage is
                                                None else volts.at(number, read_voltage), source, number, as_written[col])
        if np.all(np.isnan(values[index])):
            raise DeviceFileError(source, "a row without any value; expected at least one value per row", number)
        if pulse_col is not None:
            pulses.append(pulse_number(cells[pulse_col], names[pulse_col], source, number))
        if time_col is not None:  # beside a pulse column too: the two must agree (probe 10a, L3)
            times.append(stamps.read(cells[time_col], source, number))
        if direction_col is not None:
            directions.append(written.cell(cells, source, number))
        where.append(number)
    if pulse_col is not None or time_col is not None:
        order = time_order(times, where, names[time_col], source) if pulse_col is None else \
            pulse_order(pulses, where, source, names[pulse_col], directions if direction_col is not None else None)
        if pulse_col is not None and time_col is not None:
            same_order(order, times, pulses, where, (names[pulse_col], names[time_col]), source)
        values, where = values[order], [where[i] for i in order]
        directions = [directions[i] for i in order] if directions else directions
    # in pulse (time) order: a valid file, rows newest first, was refused in file order (probe 16a, P1)
    check_ends(values, names, value_cols, where, source, None if pulse_col is None and time_col is None else
               (names[time_col], False) if pulse_col is None else (names[pulse_col], True))
    if direction_col is not None:
        directions = written.directions(directions, values, where, source)
    cycles = []
    for k, col in enumerate(value_cols):
        column = values[:, k]
        filled = int(np.sum(~np.isnan(column)))
        if not filled:  # its median was NaN: numpy warnings, then "cycles nan times apart" (probe 6)
            raise DeviceFileError(source, f"column '{names[col]}' (cycle {k + 1}) holds no number, only empty or NaN "
                                          "cells; expected the reads of a cycle: fill it or drop it", header_line)
        cycles.append(column[:filled].copy())
    meta = {"columns": names, "delimiter": how, "cycles": len(cycles),
            "values": _described(columns) if read_voltage is None else
            f"read currents in {columns[0].unit or 'A'} at {read_voltage:g} V" + ("" if given else f" ({origin[0]})")}
    if comma:
        meta["decimal"] = "comma"
    meta.update(written.metadata())
    if len(set(pulses)) < len(pulses):  # rows.train_order
        meta["pulses"] = f"numbered by the column '{names[pulse_col]}' within each train, from 1 after the first"
    if united is not None:
        meta["units"] = f"from the row under the header (line {units_line})"
    if given is None and read_voltage is not None:
        meta["read_voltage"] = read_voltage
        meta["read_voltage_from"] = origin[1]
        if volts is not None:  # 'V_read (V)' measured row by row (voltage_columns.py)
            volts.describe(meta, columns[0].unit or "A")
    if time_col is not None:
        meta["pulses"] = (f"one pulse per row, rows in the order of the time column '{names[time_col]}' (it "
                          "gives no pulse numbers)") if pulse_col is None else \
            f"numbered by the column '{names[pulse_col]}', in the order of the time column '{names[time_col]}' too"
    if comments:
        meta["notes"] = comments
    return Table(cycles, directions if direction_col is not None else None, where, meta, [names[c] for c in value_cols])


class _NoteUnitError(DeviceFileError):
    """A note's unit or scale refused once the header was read (also a header written as a note, '# pulse G (uS)')."""


def _note_as_header(lines, note, source, terminated, read_voltage, found, header_line):
    """The table whose header is its last note line, the one above a first row of numbers: numpy's
    savetxt(header=...) writes '# pulse,G (uS)', and a column may be named '# pulses'. It must name a
    column as a header does (a pulse, direction or time column, a quantity or a unit); else `found`, the
    refusal of the row of numbers, says which line was read as a note (it was skipped silently)."""
    number, text = note
    written = text.lstrip()
    why = f"line {number} {checks.clipped(written.strip())!r} starts with '#', so it is a note"
    if re.match(r"#\s*[,;\t]", written):  # '#,G (uS)': a '#' column, which the '#' makes a note
        raise DeviceFileError(source, f"{found} (line {number} starts with '#', so it is a note: a header naming a "
                                      "'#' column first is read as one; call it 'pulse')", header_line)
    cells = re.split(r"[,;\t]", written[1:])
    if not any(names_a_column(n.strip()) for n in (cells if len(cells) > 1 else joined_units(cells[0].split()))
               if n.strip()):
        raise DeviceFileError(source, f"{found} ({why}, and it names no column as a header does: no pulse column, "
                                      "quantity or unit)", header_line)
    retried = list(lines)
    retried[number - 1] = written[1:]
    try:
        table = _parse_table(retried, source, terminated, read_voltage, note_header=False)
    except _NoteUnitError as exc:  # the header was read: the note is the problem, said as it is
        raise DeviceFileError(source, exc.message, exc.line) from None
    except DeviceFileError as exc:
        where = "" if exc.line is None else f"line {exc.line}: "
        raise DeviceFileError(source, f"{found} ({why}; read as the header: {where}{exc.message})",
                              header_line) from None
    table.metadata["header"] = f"line {number}, written as a note ('#'): the line after it holds numbers"
    return table


def _described(columns):
    """What the value columns hold, naming each unit when the cycles are written in different ones."""
    units = list(dict.fromkeys(c.unit for c in columns))
    if len(units) == 1:
        return columns[0].describe()
    return f"{columns[0].quantity or 'conductance'}s in " + ", ".join(u or "the SI unit" for u in units) + \
        " (each column in its own)"


def _voltages(names, rows, delimiter, read_voltage, source):
    """(decimal comma, :class:`.DirectionColumn`, :class:`.VoltageColumn` or None) of a table's `names` over its
    `rows`: its numbers' decimal mark, its directions ('+/-', SET/RESET, +2 V/-2 V: probe 26b) and a read voltage's
    column ('Vread (V)': probe 26d), a write voltage giving the directions no read voltage."""
    # a comma table's too: its quoted '"1,00"' (probe 31a, D31-14: "expected a number, found '1,00'")
    comma = decimal_comma(_cells(rows, delimiter, source), *number_columns(names))
    written = direction_column(names, _cells(rows, delimiter, source), comma)
    return comma, written, voltage_column(names, _cells(rows, delimiter, source), comma, read_voltage, source,
                                          taken=(written.voltage,))


def _roles(names, source, line, read_voltage, notes=(), comma=False, ignored=(), volts=None):
    pulse_col = direction_col = time_col = None
    value_cols, columns = [], []
    for i, name in enumerate(names):
        if i in ignored or volts is not None and i == volts.index:  # a write voltage held to the direction column
            continue  # (direction_columns.py), a read voltage's column (voltage_columns.py)
        if (unnamed := unnamed_problem(names, i)) is not None:  # empty, or pandas' 'Unnamed: 0'
            raise DeviceFileError(source, unnamed, line)
        if is_pulse_column(name) and pulse_col is not None:
            raise DeviceFileError(source, f"columns {pulse_col + 1} and {i + 1} ({checks.clipped(names[pulse_col])!r}, "
                                          f"{checks.clipped(name)!r}) both number the pulses; keep one", line)
        if is_pulse_column(name) and pulse_col is None:
            pulse_col = i
        elif is_direction_column(name) and direction_col is None:
            direction_col = i
        elif is_time_column(name) and time_col is None:
            time_col = i
        else:
            try:
                column = value_column(name, comma)
            except ValueError as exc:
                raise DeviceFileError(source, str(exc), line) from None
            value_cols.append(i)
            columns.append(column)
    if not value_cols:
        raise DeviceFileError(source, f"the header {','.join(names)!r} names no value column; expected "
                                      "conductances, read currents or resistances, one column per cycle", line)
    quantities = {c.quantity for c in columns if c.quantity is not None}
    if len(quantities) > 1:
        raise DeviceFileError(source, f"the value columns hold different quantities ({', '.join(sorted(quantities))});"
                                      " expected one column per cycle of the same quantity", line)
    value_names = [names[i] for i in value_cols]
    # 'G max' (16a F1); then the closed rule: 'G expected', 'G (uS) 1 V', 'device A' beside G are no cycles (17a F2, F3)
    if (mixed := mixed_units(columns) or bound_problem(value_names) or
            cycle_columns_problem(value_names, [i + 1 for i in value_cols])) is not None:
        raise DeviceFileError(source, mixed, line)
    quantity = quantities.pop() if quantities else None
    if read_voltage is not None and quantity in ("conductance", "resistance"):
        named = next(c.name for c in columns if c.quantity is not None)
        raise NoReadCurrents(source, f"a read voltage was given but column '{named}' holds {quantity}s, not read "
                                     "currents; drop the read voltage, or name the column as a current", line)
    return pulse_col, direction_col, time_col, value_cols, columns, table_voltage(
        columns, read_voltage, notes, source, line, comma, volts and volts.stated())  # notes' too (16a, V1)


def _conductance(text, column, read_voltage, source, line, written):
    """A value cell in siemens, in the physical range; DeviceFileError naming the line and column, quoting the cell
    as `written` (before a decimal comma was made a point)."""
    value = parse_number(text, source, line, column.name, written) * column.factor
    text = written.strip()
    quantity = "current" if read_voltage is not None else (column.quantity or "conductance")
    if quantity == "current" and read_voltage < 0:
        # A read at negative bias: the currents are negative too, and G = I / V is positive.
        if value >= 0:
            unit = column.unit or "amperes"
            raise DeviceFileError(source, f"read current {text} is not negative, but the read voltage is "
                                          f"{read_voltage:g} V; expected currents of the read voltage's sign "
                                          f"({unit} < 0), or give the read voltage as it was applied", line)
    elif value <= 0:
        what = {"conductance": "conductance", "current": "read current", "resistance": "resistance"}[quantity]
        unit = column.unit or {"conductance": "siemens", "current": "amperes", "resistance": "ohms"}[quantity]
        raise DeviceFileError(source, f"column '{column.name}': {what} {text} is not positive; expected {unit} > 0",
                              line)
    g = value / read_voltage if quantity == "current" else (1.0 / value if quantity == "resistance" else value)
    low, high = checks.CONDUCTANCE_RANGE
    if not low <= g <= high:
        side = "below" if g < low else "above"
        if quantity == "conductance" and column.unit is None:
            raise DeviceFileError(source, f"conductance {text} S is {side} the physical range {low:g} ... {high:g} S;"
                                          " if the column is in another unit, name it in the header, e.g. 'G (uS)'",
                                  line)
        raise DeviceFileError(source, f"column '{column.name}': {text} is a conductance of {g:.4g} S, {side} the "
                                      f"physical range {low:g} ... {high:g} S", line)
    return g


def _check_cut(rows, cells, delimiter, value_cols, names, comma, source, number):
    """An unterminated last row: every value cell filled, and the last one written like the rows before."""
    filled = [c for c in value_cols if cells[c]]
    if len(filled) < len(value_cols):
        raise DeviceFileError(source, "the file ends without a line break in a row with empty value cells; it looks "
                                      "cut short (end the file with a line break if it is complete)", number)
    last = max(value_cols)
    previous = []
    for _, line in rows[:-1]:
        row = [c.strip() for c in _split(line, delimiter)]
        if comma:
            row = [c.replace(",", ".") for c in row]
        if last < len(row) and row[last]:
            previous.append(row[: last + 1])
    checks.check_last_line(previous, cells[: last + 1], {last: names[last]},
                           lambda message: DeviceFileError(source, message, number))
