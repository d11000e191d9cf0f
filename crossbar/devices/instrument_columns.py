"""The voltage and current columns of an instrument file's column line, in the units they name.

The instrument writes ``Time stamp (s), Voltage (V), Current (A), Voltage (V), Current (A),
Resistance (Ohm)``: columns 2 and 4 are voltages (the pulse and read voltage of each row, and the
read's other terminal), columns 3 and 5 the currents logged beside them. A unit named there is read
(``Voltage (mV)``: the rows' 50 is 0.05 V, the header's read voltage) or the column line is refused
naming the column, never dropped: ``Voltage (mV)`` over rows in mV was refused as "found 0 read
row(s) at the read voltage 0.05 V", and ``Current (uA)`` switched the reads' resistance cross-check
off, so a column mislabelled ``Resistance (kOhm)`` loaded 1000 times off (probe 12a, I1). Column 1's time stamps
bound the header's pulse width (:func:`check_pulse_width`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from . import checks
from .columns import note_unit_problem, value_column
from .fields import DeviceFileError, as_float, is_number
from .header import header_setting
from .unit_names import AMBIGUOUS, any_unit, compat, unit_tokens
from .rows import time_name

__all__ = ["PairColumn", "pair_columns", "voltage_column", "check_read", "COLUMN_NAMES", "READ_AGREEMENT",
           "time_stamp", "check_pulse_width", "check_header_units", "offset_statement", "offset_note_problem"]

#: Each unit read, by quantity: the power of ten of one unit in V or A.
_UNITS = {"voltage": {"V": 0, "mV": -3, "uV": -6, "\u00b5V": -6, "\u03bcV": -6, "kV": 3},
          "current": {"A": 0, "mA": -3, "uA": -6, "\u00b5A": -6, "\u03bcA": -6, "nA": -9, "pA": -12}}
#: The names read as each quantity (lower case, spaces single), with the unit after them.
_NAMES = {"voltage": re.compile(r"^(?:(?:applied|bias|read|pulse|source|sense) )?voltage(?: ?\d)?$|^v ?\d?$|^bias$"),
          "current": re.compile(r"^(?:(?:measured|read|pulse|source|sense) )?current(?: ?\d)?$|^i ?\d?$")}
#: Where each quantity is expected: column index (0-based) -> quantity.
COLUMN_NAMES = {1: "voltage", 2: "current", 3: "voltage", 4: "current"}
_SYMBOL = {"voltage": "V", "current": "A"}
_EXPECTED = {"voltage": "'Voltage (V)' (or mV, uV, kV)", "current": "'Current (A)' (or mA, uA, nA, pA)"}
_WHAT = {1: "the rows' pulse and read voltages", 2: "the current logged beside column 2's voltage",
         3: "the read's voltage at the other terminal", 4: "the current logged beside column 4's voltage"}
_SPLIT = re.compile(r"^(?P<name>[^\(\)\[\]/]*?)\s*(?:[\(\[]\s*(?P<unit>[^\(\)\[\]]*?)\s*[\)\]]|/\s*(?P<slash>\S+))?$")
_FULLWIDTH = str.maketrans("\uff08\uff09\uff3b\uff3d", "()[]")


@dataclass(frozen=True)
class PairColumn:
    """A voltage or current column of the column line: its name as written, its quantity and unit, and the power
    of ten of that unit in V or A."""

    name: str
    quantity: str
    unit: str
    power: int

    def si(self, value):
        """`value` (a float in the column's unit) in V or A: unchanged in V or A (the reference file's numbers
        stay bit-exact), else divided or multiplied by a power of ten (50 mV is 0.05 V, the nearest double)."""
        if self.power == 0:
            return value
        return value / 10.0 ** -self.power if self.power < 0 else value * 10.0 ** self.power

    def unit_value(self, value):
        """`value` in V or A back in the column's unit, for a message."""
        return value if self.power == 0 else value * 10.0 ** -self.power


def _column(index, name, source, line):
    """The :class:`PairColumn` of column `index` (0-based) named `name`, or DeviceFileError naming it."""
    quantity = COLUMN_NAMES[index]
    text = name.translate(_FULLWIDTH).replace("\u00a0", " ").strip()
    match = _SPLIT.match(text)
    words = " ".join(match.group("name").lower().split()) if match else ""
    unit = None if match is None else (match.group("unit") if match.group("unit") is not None else match.group("slash"))
    shown = checks.clipped(name.strip())
    if match is None or not _NAMES[quantity].match(words):
        raise DeviceFileError(source, f"column {index + 1} is {shown!r}; expected {_EXPECTED[quantity]}: "
                                      f"{_WHAT[index]}", line)
    if unit is None or not unit.strip():
        raise DeviceFileError(source, f"column {index + 1} is {shown!r}, which names no unit; expected "
                                      f"{_EXPECTED[quantity]}: {_WHAT[index]}, in the unit the column names", line)
    power = _UNITS[quantity].get(unit.strip())
    if power is None:
        known = ", ".join(u for u in _UNITS[quantity] if u.isascii())
        raise DeviceFileError(source, f"column {index + 1} is {shown!r}: {checks.clipped(unit.strip())!r} is no "
                                      f"{quantity} unit read here; expected {_EXPECTED[quantity]}, a unit of "
                                      f"{known} ({_SYMBOL[quantity]} with a prefix)", line)
    return PairColumn(name.strip(), quantity, unit.strip(), power)


def pair_columns(columns, source, line):
    """The :class:`PairColumn` of columns 2 to 5 of the column line `columns` (its names), or DeviceFileError
    naming the first that is not a voltage or a current in a unit read here."""
    return tuple(_column(index, columns[index], source, line) for index in sorted(COLUMN_NAMES))


def voltage_column(lines):
    """The :class:`PairColumn` of column 2 (the rows' voltages) of the first column line among `lines` (a block of
    an instrument file, already read by the parser), or None where there is none or it is not read."""
    for line in lines:
        fields = line.split(",")
        if len(fields) >= 6 and any("resist" in f.lower() for f in fields) and not is_number(fields[0]):
            try:
                return _column(1, fields[1], "", None)
            except DeviceFileError:
                return None
    return None



#: A read row's resistance and its own read voltage over read current (each pair the row logs) must agree within
#: this factor (the measured file's agree within 7 %; a column relabelled 'Resistance (kOhm)' is 1000 times off).
READ_AGREEMENT = 2.0


def check_read(fields, columns, pairs, resistance, source, at):
    """Refuse a read row whose resistance (`resistance`, Ohm) and the voltage over the current it logs beside it
    (columns 2/3 and 4/5, in the units their names give: `pairs`, from :func:`pair_columns`), where both are nonzero
    numbers, are more than :data:`READ_AGREEMENT` apart. Any unit is read, so the check is never off: under
    'Current (uA)' or 'I (A)' it was skipped, and a 'Resistance (kOhm)' over resistances in Ohm loaded 1000 times
    off (probe 12a, I1)."""
    for v, i in ((1, 2), (3, 4)):
        try:
            volts, amps = pairs[v - 1].si(as_float(fields[v])), pairs[i - 1].si(as_float(fields[i]))
        except ValueError:
            continue  # an empty pair (not logged) or no number: the resistance column alone is read
        ohms = abs(volts / amps) if amps != 0 and math.isfinite(volts / amps) else 0.0
        if ohms > 0 and not 1 / READ_AGREEMENT <= resistance / ohms <= READ_AGREEMENT:
            units = [p.unit for p in (pairs[v - 1], pairs[i - 1])]
            written = (f"{fields[v].strip()} / {fields[i].strip()}" if units == ["V", "A"] else
                       f"{fields[v].strip()} {units[0]} / {fields[i].strip()} {units[1]}")
            raise DeviceFileError(source, f"the read's resistance {checks.clipped(fields[5].strip())} "
                                          f"({checks.clipped(columns[5])}, {resistance:.4g} Ohm) is {resistance / ohms:.3g}"
                                          f" times its own '{checks.clipped(columns[v])}' over "
                                          f"'{checks.clipped(columns[i])}' ({written} = "
                                          f"{ohms:.4g} Ohm), more than {READ_AGREEMENT:g} times apart: is the "
                                          "resistance column's unit right?", at)


#: The time units of column 1 (its name's unit in lower case, as rows.time_name reads it) in seconds.
_SECONDS = {"s": 1.0, "sec": 1.0, "secs": 1.0, "seconds": 1.0,
            "ms": 1e-3, "us": 1e-6, "\u00b5s": 1e-6, "\u03bcs": 1e-6, "ns": 1e-9, "ps": 1e-12, "min": 60.0,
            "h": 3600.0}


def time_stamp(text):
    """A row's time stamp (column 1) as a finite float, or None where it holds none (it is read for nothing else)."""
    try:
        value = as_float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def check_pulse_width(meta, header, column, stamps, pulses, source):
    """Refuse a header pulse width (`meta["pulse_width"]`, s) longer than the block's rows allow: each pulse row
    (`pulses`: its index in `stamps`, the (time stamp or None, line) of every data row; the initial pulse left out)
    lies between the row before it and the row after it, so the width is at most the longest such gap, in column
    1's unit (`column`, its name). 'tON (s): 500' over rows 0.01 s apart was taken, and the energy charged 500 s
    pulses (probe 14a, E2). Between the rows, not from the pulse row to the next: the measured file logs its
    1000 ms initial pulse 16 ms before the next row, and three of its 1 ms pulses at the next row's time stamp
    (its clock ticks in 15.6 ms). Where column 1 names no time unit read here, or no gap is known, nothing is
    checked (the time stamps are read for nothing else)."""
    width = meta.get("pulse_width")
    named = time_name(column)
    factor = None if named is None or not named[1] else _SECONDS.get(named[0].lower())
    if width is None or factor is None:
        return
    longest = None  # (gap in s, line before, line after)
    for j in pulses:
        if 0 < j < len(stamps) - 1 and stamps[j - 1][0] is not None and stamps[j + 1][0] is not None:
            gap = (stamps[j + 1][0] - stamps[j - 1][0]) * factor
            if gap > 0 and (longest is None or gap > longest[0]):
                longest = (gap, stamps[j - 1][1], stamps[j + 1][1])
    if longest is None or width <= longest[0] * (1 + 1e-9):
        return
    key, text, line = next(entry for entry in header if (header_setting(entry[0]) or ("",))[0] == "pulse_width")
    gap, before, after = longest
    raise DeviceFileError(source, f"'{checks.clipped(key)}' is {checks.clipped(text)} ({width:g} s), longer than the "
                                  f"file's rows allow: by its time stamps ({checks.clipped(column)!r}) no pulse row "
                                  f"lies more than {gap:.3g} s between the row before it and the row after it (the "
                                  f"longest of its {len(pulses)} pulse rows, lines {before} to {after}); expected the "
                                  f"pulses' width, at most {gap:.3g} s (is the key's unit right?)", line)


# A header key that states the values' unit ('Units: kOhm', 'Resistance Unit: kOhm', 'Current Unit: uA', 'Unit: uS'),
# and one whose value is a note ('Comment: values in kOhm'): over a column line in Ohm they loaded with status 0, the
# rows read in Ohm, while the same words in a '#' note were refused (probe 17a, H1). Any other key stays text,
# 'Gain (V/A): 1e6' too (the amplifier's gain: the column line names the values' units).
_UNIT_KEY = re.compile(r"^(?:(?P<quantity>resistance|current|conductance|voltage|values?|data|measurement|r|i|g|v)"
                       r"[\s_\-]*)?units?$", re.IGNORECASE)
_KEY_QUANTITY = {"resistance": "resistance", "r": "resistance", "current": "current", "i": "current",
                 "conductance": "conductance", "g": "conductance", "voltage": "voltage", "v": "voltage"}
_NOTE_KEY = re.compile(r"^(?:comments?|notes?|remarks?|descriptions?)$", re.IGNORECASE)


def _unit_of(token):
    """(quantity, factor to SI) of a unit token ('kOhm', 'uA', 'mV', 'uS'), or None: the units a column's name reads,
    in symbols and in words ('amps', 'kA', 'kiloohm', 'micro-siemens' were "no unit read here"; probe 20a, U2, U4)."""
    for quantity, units in _UNITS.items():
        if token in units:
            return quantity, 10.0 ** units[token]
    if compat(token).strip() not in AMBIGUOUS and any_unit(compat(token)) is not None:
        return any_unit(compat(token))
    for symbol in ("R", "G"):
        try:
            column = value_column(f"{symbol} ({token})")
        except ValueError:
            continue
        if column is not None and column.unit:
            return column.quantity, column.factor
    return None


def check_header_units(header, columns, pairs, resistance, at, source):
    """Refuse a header line that states the values' unit (`header` [(key, value, line)]; `columns` the column line's
    names, at line `at`; `pairs` its voltage and current columns, `resistance` its resistance column) otherwise than
    the column line: a unit key ('Units: kOhm' over 'Resistance (Ohm)') naming both lines, a comment key's note
    ('Comment: values in kOhm') as a '#' note's is refused. A key that agrees ('Units: Ohm', or 'Units: OHM': a case
    that can mean no other unit) loads, and so does 'Units: SI' over columns in Ohm, V and A (:func:`_check_si`); one
    naming no unit read here ('Units: furlongs', 'Units: MOHM') is refused naming the column line's units. An offset
    key that does not say whether the values include it ('Offset (Ohm): 100') is refused unless it is zero
    (:func:`_check_offset`)."""
    named = {"voltage": [pairs[0], pairs[2]], "current": [pairs[1], pairs[3]], "resistance": [resistance]}
    for key, value, line in header:
        name = unicodedata.normalize("NFKC", key).strip()
        unit_key = _UNIT_KEY.match(name)
        if line is not None and _OFFSET_KEY.match(name):
            _check_offset(name, key, value, line, source)
        if line is None or not (unit_key or _NOTE_KEY.match(name)):
            continue  # an inherited line was read in its own block
        if not unit_key:
            currents = []
            for index in (2, 4):
                try:
                    currents.append(value_column(columns[index]))
                except ValueError:
                    pass
            problem = note_unit_problem([(line, value)], "resistance",
                                        columns=(resistance, *[c for c in currents if c is not None]))
            if problem is not None:
                said = problem[1].replace(f"the note {checks.clipped(value.strip())!r}",
                                          f"header line {checks.clipped(f'{key}: {value}')!r}", 1)
                raise DeviceFileError(source, said.replace("the header's column", f"the column line's (line {at}) "
                                                           "column").replace("Correct the note or the header",
                                                                             "Correct the line or the column line"),
                                      line)
            continue
        wanted = _KEY_QUANTITY.get((unit_key.group("quantity") or "").lower())
        tokens = unit_tokens(unicodedata.normalize("NFKC", value))  # 'micro siemens' is one
        if _SI.fullmatch(value.strip()):  # 'Units: SI' over 'Resistance (Ohm)' (issue 20): their own words
            _check_si(key, value, named, wanted, at, source, line)
            continue
        read = [(token, _unit_of(token) or _cased_unit(token)) for token in tokens]
        if tokens and all(unit is None for _, unit in read):  # 'Units: furlongs', 'Units: MOHM'
            _unread_unit_key(key, value, tokens, named, wanted, at, source, line)
        for token, unit in read:
            if unit is None:
                continue
            quantity, factor = unit
            same = [c for c in named.get(quantity, []) if math.isclose(_factor(c), factor, rel_tol=1e-9)]
            if same and wanted in (None, quantity):
                continue
            column = named.get(wanted or quantity, named["resistance"])[0]
            raise DeviceFileError(source, f"header line {checks.clipped(f'{key}: {value}')!r} names the unit "
                                          f"{token!r} (a {quantity} unit), and the column line (line {at}) names "
                                          f"{checks.clipped(column.name)!r}, in {column.unit!r}: "
                                          "which are the values in? Correct the line or the column line (whose "
                                          "units are the ones read)", line)


# 'SI' (also 'S.I.', 'SI units'): the SI units without a prefix, the column line's where each of its columns of the
# key's quantity names one ('Units: SI' over 'Resistance (Ohm)'); over 'Resistance (kOhm)' the two lines disagree.
_SI = re.compile(r"s\.?\s?i\.?(?:\s+units?)?", re.IGNORECASE)


def _check_si(key, value, named, wanted, at, source, line):
    """Refuse a unit key that says 'SI' (`value`) over a column of its quantity (`wanted`, else any) in a prefixed
    unit, naming the column; over columns in V, A and Ohm it agrees and loads."""
    columns = named.get(wanted) or [c for q in ("resistance", "voltage", "current") for c in named[q]]
    prefixed = next((c for c in columns if not math.isclose(_factor(c), 1.0, rel_tol=1e-12)), None)
    if prefixed is None:
        return
    said = f"{key}: {value}"
    raise DeviceFileError(source, f"header line {checks.clipped(said)!r} says the values are in SI units without a "
                                  f"prefix, and the column line (line {at}) names {checks.clipped(prefixed.name)!r}, "
                                  f"in {prefixed.unit!r}: which are the values in? Expected "
                                  f"{checks.clipped(f'{key}: {prefixed.unit}')!r}, or no such line (the column line's "
                                  "units are the ones read)", line)


# An offset of the values ('Offset (Ohm): 100', 'Offset (uS): 0.1', 'Zero offset: 0.1 uS', 'Baseline (Ohm): 100') that
# the instrument may or may not have subtracted was kept as text (issue 20). As a '# offset subtracted' note loads
# (it says what the values are: they are read as stored), a line that says whether it was subtracted loads; one that
# does not is refused unless it is zero. A key whose unit is no resistance, conductance or current ('Time Offset (s)',
# 'Offset (V)'), or that names another quantity ('Voltage offset'), is not the values' and stays text.
# Its words apart by spaces, '_', '-' or '.' alike ('G_offset: 0.1 uS' loaded, 'G offset: 0.1 uS' was refused; probe
# 20a, O1); a last word that is a unit is the offset's ('offset_mV: 5').
_SEP = r"[\s_.\-]+"
_OFFSET_KEY = re.compile(rf"^(?:[A-Za-z]+{_SEP})?(?:offset|baseline)(?:{_SEP}(?P<word>[A-Za-z\u00b5\u03bc]+))?\s*"
                         r"(?:[\(\[](?P<unit>[^\(\)\[\]]*)[\)\]])?$", re.IGNORECASE)
_OTHER_OFFSET = re.compile(r"(?<![A-Za-z])(?:voltage|bias|time|timing|delay|temperature|phase|position|pulse|sample"
                           r"|file)(?![A-Za-z])", re.IGNORECASE)
_SAYS = re.compile(r"(?<![A-Za-z])(?:subtract|remov|correct|compensat|includ)\w*|(?<![A-Za-z])raw(?![A-Za-z])"
                   r"|\bas measured\b", re.IGNORECASE)
_NO_OFFSET = re.compile(r"^(?:[+-]?(?:0+\.?0*|\.0+)(?:[eE][+-]?\d+)?(?:\s*[A-Za-z\u00b5\u03bc\u03a9\u2126]+)?"
                        r"|none|off|no|n/?a|-)?$", re.IGNORECASE)


# The unit after an offset's number ('0.1 uS', '2 ms'): one of time or voltage says the offset is no value's
# ('# offset: 2 ms', 'Zero offset: 1 mV'); a time's 's' is lower case ('0.1 us' is microseconds).
_VALUE_UNIT = re.compile(r"\d\.?\s*(?P<unit>[^\s\d.,;()\[\]]+)\s*$")
_TIME = re.compile(r"[munp\u00b5\u03bc]?s|sec|min|h")


def _unsaid_offset(name, key, value, said):
    """The refusal of an offset key or note (`name`, NFKC, as `key: value`; `said`, how the message names the line)
    that does not say whether the values include it, unless it is zero or an offset of no value (time, voltage)."""
    read = _OFFSET_KEY.match(name)
    unit = read.group("unit") or (read.group("word") if _unit_of(read.group("word") or "") else None)
    if _OTHER_OFFSET.search(name) or _SAYS.search(f"{name} {value}") or _NO_OFFSET.match(value.strip()):
        return None
    if not re.search(r"\d|\bauto", value, re.IGNORECASE):
        return None  # a value with no number is text ('baseline: pristine device'), as a key and a note (20a, O3)
    if unit is not None:
        read = _unit_of(unit.strip()) or _cased_unit(unit.strip())
        if read is None or read[0] == "voltage":
            return None
    tail = _VALUE_UNIT.search(value)
    if tail is not None and (_TIME.fullmatch(tail["unit"]) or (_unit_of(tail["unit"]) or ("",))[0] == "voltage"):
        return None
    example = re.sub(r"^(.*?)(\s*[\(\[].*)?$", lambda m: f"{m.group(1)} subtracted{m.group(2) or ''}", key.strip())
    return (f"{said} states an offset of the values, and the file does not say whether the instrument subtracted it: "
            "the rows are read as they are stored. Expected the values stored as measured and the line removed (or "
            "its value 0 where none was applied, or a line that says so, e.g. "
            f"{checks.clipped(f'{example}: {value.strip()}')!r})")


def _check_offset(name, key, value, line, source):
    """Refuse an offset key (`name`, NFKC) that does not say whether the values include it, unless it is zero."""
    problem = _unsaid_offset(name, key, value, f"header line {checks.clipped(f'{key}: {value}')!r}")
    if problem is not None:
        raise DeviceFileError(source, problem, line)


# A '#' note stating an offset as a key does ('# offset: 0.1 uS', '# Offset (uS) = 0.1'), or in words with a unit of
# the values after its number ('# baseline 0.1 uS', '# G offset of 100 nS'): it loaded, while the same key was
# refused (issue 20). One rule for both: :func:`_unsaid_offset`.
_NOTE_KEY_VALUE = re.compile(r"^(?P<key>[^:=]*?)\s*[:=]\s*(?P<value>.*)$")
_NOTE_WORDS = re.compile(rf"^(?P<key>(?:[A-Za-z]+{_SEP})?(?:offset|baseline)(?:{_SEP}[A-Za-z]+)?)\s+(?:(?:of|is|was)"
                         r"\s+)?(?P<value>[+\-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+\-]?\d+)?(?:\s*(?P<unit>[^\s\d]\S*))?"
                         r"(?:\s+\S+)?)$", re.IGNORECASE)


def offset_statement(text):
    """(key, value) of a '#' note's `text` that states an offset as a key does ('offset: 0.1 uS', 'G_offset = 0.1',
    'Offset (nS): 0') or in words, its number with no unit or a unit that is read after it ('G offset 0.1 uS',
    'baseline of 100 nS'; '# baseline 3 cycles' is text), or None. Its unit is the offset's, never the values'
    (probe 20a, O2)."""
    text = unicodedata.normalize("NFKC", text).strip()
    m = _NOTE_KEY_VALUE.match(text)
    if m is None or not _OFFSET_KEY.match(m.group("key")):
        m = _NOTE_WORDS.match(text)
        if m is None or m.group("unit") is not None and _unit_of(m.group("unit")) is None:
            return None
    return m.group("key"), m.group("value")


def offset_note_problem(notes):
    """(line, message) of the first '#' note of `notes` [(line, text)] that states an offset of the values
    (:func:`offset_statement`) and does not say whether it was subtracted, as a key is refused (:func:`_check_offset`),
    or None."""
    for line, text in notes:
        if (stated := offset_statement(text)) is None:
            continue
        text = unicodedata.normalize("NFKC", text).strip()
        problem = _unsaid_offset(stated[0], stated[0], stated[1], f"the note {checks.clipped(text)!r}")
        if problem is not None:
            return line, problem.replace(" e.g. '", " e.g. '# ", 1)
    return None


def _factor(column):
    """The factor to SI of a column line's column (a :class:`PairColumn` or a resistance ValueColumn)."""
    return 10.0 ** column.power if isinstance(column, PairColumn) else column.factor


_PREFIXES = ("", "k", "M", "G", "m", "u", "n", "p")
_BASES = ("S", "A", "Ohm", "mho", "V", "s")  # 's', the second, only to see that 'us' or 'ms' could be one


def _spellings(token):
    """The units (any prefix and base, read or not) that `token` spells in some case: 'KOHM' ['kOhm'], 'MS' ['MS',
    'mS'], 'mv' ['MV', 'mV']."""
    folded = re.sub("[\u00b5\u03bc]", "u", token.casefold())
    return [p + b for p in _PREFIXES for b in _BASES if (p + b).casefold() == folded]


def _cased_unit(token):
    """:func:`_unit_of` the one unit `token` spells in another case ('KOHM' as kOhm, 'v' as V), or None where it
    spells none or two (mS and MS, mV and MV: 10^9 apart, a case is never guessed)."""
    spelled = _spellings(token)
    return _unit_of(spelled[0]) if len(spelled) == 1 else None


def _unread_unit_key(key, value, tokens, named, wanted, at, source, line):
    """Refuse a unit key whose value names no unit read here ('Units: furlongs', 'Units: MOHM'): it was kept as text
    while the columns were read in their own units (issue 20), naming the units the column line uses."""
    columns = named.get(wanted) or [c for q in ("resistance", "voltage", "current") for c in named[q]]
    units = list(dict.fromkeys(c.unit for c in columns))
    cased = [f"{t!r} is {' or '.join(repr(u) for u in _spellings(t))} by its case, which is not guessed"
             for t in tokens if len(_spellings(t)) > 1]
    why = f" ({'; '.join(cased)})" if cased else ""
    raise DeviceFileError(source, f"header line {checks.clipped(f'{key}: {value}')!r} names no unit read here{why}; "
                                  f"the column line (line {at}) names its values in "
                                  f"{', '.join(repr(u) for u in units)}: expected "
                                  f"{' or '.join(repr(f'{key}: {u}') for u in units)}, or no such line (the column "
                                  "line's units are the ones read)", line)
