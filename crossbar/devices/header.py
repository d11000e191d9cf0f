"""An instrument header's settings: which ``Key (unit): value`` lines the loader reads, in which unit, in which
physical range, and what it refuses (a unit it does not read, a write pulse's setting under a name it does not
read, a key given twice, blocks of one file that give other settings).

The instrument writes ``tON (ms)`` and ``ON Voltage (V)``; a key is read whatever its spelling of the name
(``t_ON``, ``t ON``, ``Pulse Width``; any name whose words are a role and a quantity: ``t-ON``, ``Vset``,
``V_pulse``, ``Pulse time``, ``Width``, ``PW``, ``Duration``, ``Amplitude``, ``Vread``, ``Temp``) or of the unit (in
round or square brackets, after `` in ``, ``/`` or ``_``; compatibility characters as NFKC reads them: the Kelvin
sign is K, ``㎳`` is ms), and turned into SI units under its metadata name (``pulse_width``,
``pulse_voltage``, ...). Used by
:mod:`crossbar.devices.instrument`, whose reader and writer hold to the same ranges.
"""

from __future__ import annotations

import math
import re
import unicodedata

from . import checks
from .fields import DeviceFileError, parse_number
from .scales import stated_scale

__all__ = ["HEADER_LINE", "header_setting", "SETTING_NAMES", "setting_problem", "header_metadata", "settings_conflict",
           "header_scale"]

# The settings of the instrument's header the loader interprets: the name (in lower case, without spaces or
# underscores, before its unit) -> (metadata name, quantity of its unit). The instrument writes 'tON (ms)',
# 'Read Voltage (V)'; a unit the key names is read ('tON (us): 2000' is 2 ms) or refused, never dropped: 'tON (us)',
# then 'tON [ms]', 't_ON (ms)' and 'Pulse Width (us)' were kept as text and the energy model took NeuroSim's
# default pulse for a file that gave its own.
_SETTINGS = {
    "onvoltage": ("pulse_voltage", "voltage"),
    "ton": ("pulse_width", "time"),
    "readvoltage": ("read_voltage", "voltage"),
    "initialvoltage": ("initial_voltage", "voltage"),
    "initialvoltageduration": ("initial_voltage_duration", "time"),
    "offvoltage": ("off_voltage", "voltage"),
    "toff": ("off_time", "time"),
    "twait": ("wait_time", "time"),
    "temperature": ("temperature", "temperature"),
    "numberofpulses": ("pulse_count", None),
}
# Other instruments' names of the write pulse, read as the instrument's own.
_ALIASES = {"pulsewidth": "ton", "pulseduration": "ton", "pulselength": "ton", "pulsevoltage": "onvoltage",
            "pulseamplitude": "onvoltage", "setvoltage": "onvoltage", "writevoltage": "onvoltage"}
# Any other key is read by its words ('t-ON', 'Vset', 'V_pulse', 'Width (us)', 'Temp (K)' were kept as text while the
# energy took NeuroSim's 80 ns, 2 V pulse): the words of its name (split at marks, case changes, and a 't' or 'V'
# glued to a role: 'tpulse', 'Vread') that are all either a role or a quantity name the setting of that role and
# quantity. Role words: which pulse or phase a setting is of.
_ROLES = {"on": "on", "set": "on", "pulse": "on", "write": "on", "program": "on", "programming": "on",
          "potentiation": "on", "potentiating": "on", "ltp": "on", "read": "read", "initial": "initial",
          "off": "off", "wait": "wait", "reset": "other", "erase": "other", "ltd": "other", "depression": "other",
          "depressing": "other"}
# Quantity words; 'width', 'pw' (pulse width), 'duration', 'amplitude' and 'height' alone name the write pulse's when
# their unit is of that quantity (a device's 'Width (um)' is a note): 'PW (us)' and 'Duration (ms)' were kept as text
# and the energy charged NeuroSim's 80 ns pulse (probe 14a, H1).
_QUANTITIES = {"t": "time", "time": "time", "width": "time", "duration": "time", "length": "time", "pw": "time",
               "v": "voltage", "voltage": "voltage", "amplitude": "voltage", "height": "voltage",
               "temperature": "temperature", "temp": "temperature"}
_PULSE_ALONE = {"width", "pw", "duration", "amplitude", "height"}
_WORDY = re.compile(r"^[A-Za-z][A-Za-z _.\-]*$")  # a name of words only ('ON Voltage (V) #2' is not)
# (role, quantity) -> the key of `_SETTINGS` it names
_BY_WORDS = {("on", "time"): "ton", ("on", "voltage"): "onvoltage", ("read", "voltage"): "readvoltage",
             ("initial", "voltage"): "initialvoltage", ("initial", "time"): "initialvoltageduration",
             ("off", "voltage"): "offvoltage", ("off", "time"): "toff", ("wait", "time"): "twait",
             (None, "temperature"): "temperature"}
# quantity -> {unit as written: factor to SI}, and how the instrument writes it
_SETTING_UNITS = {
    "voltage": ({"V": 1.0, "mV": 1e-3, "uV": 1e-6, "\u00b5V": 1e-6, "\u03bcV": 1e-6, "kV": 1e3}, "V, mV, uV or kV", "V"),
    # 'tON (ps)', 'tON (sec)', 'PW (seconds)', 'tWait (min)' were refused or kept as text (probe 15a, M4): the units
    # the time stamps of column 1 are read in (instrument_columns), with their usual spellings
    "time": ({"s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0, "ms": 1e-3, "msec": 1e-3, "us": 1e-6,
              "usec": 1e-6, "\u00b5s": 1e-6, "\u03bcs": 1e-6, "ns": 1e-9, "nsec": 1e-9, "ps": 1e-12, "psec": 1e-12,
              "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0, "h": 3600.0, "hr": 3600.0, "hrs": 3600.0,
              "hour": 3600.0, "hours": 3600.0}, "ps, ns, us, ms, s, min or h", "ms"),
    "temperature": ({"K": 1.0}, "K (kelvin)", "K"),
}
# A key's unit: in round or square brackets at its end, else after a last ' in ' (as in a column's name: 'tON in ms',
# 'ON Voltage in V' were kept as text, and the energy took NeuroSim's pulse or the rows' voltage against the
# header's: probe 14a, H1), else after its last '/', else after its last '_' when what follows looks like a unit
# ('tON_ms'; in 't_ON' it is part of the name).
_BRACKETED = re.compile(r"^(?P<name>.*?)\s*(?:\((?P<round>[^()]*)\)|\[(?P<square>[^\[\]]*)\])$")
_IN_UNIT = re.compile(r"^(?P<name>.*?\S)\s+in\s+(?P<unit>\S+)$", re.IGNORECASE)
_UNIT_LIKE = re.compile(r"^(?:[munpk\u00b5\u03bc]?(?:s|secs?|v|volts?)|seconds?|mins?|minutes?|h|hrs?|hours?|k|kelvin"
                        r"|c|degc|\u00b0c)$", re.IGNORECASE)
# A setting's name followed by a mark that holds no unit the loader reads ('tON.ms', 'tON-ms', 'tON [ms'): refused.
_MARK = re.compile(r"[^\sA-Za-z0-9_]")
# Words of a key that names a write pulse's setting the loader does not read ('RESET Voltage (V)'): refused,
# as a unit it does not read is, rather than kept as text while the energy assumes another pulse.
_PULSE_NAMES = {"pulse", "set", "reset", "write", "program", "programming", "erase", "ltp", "ltd"}
_PULSE_QUANTITIES = {"width", "pw", "duration", "length", "voltage", "amplitude", "height", "t", "v"}


def _split_key(key):
    """(name, unit or None) of a header key as written."""
    m = _BRACKETED.match(key)
    if m:
        unit = m.group("round") if m.group("round") is not None else m.group("square")
        return m.group("name"), unit.strip()
    m = _IN_UNIT.match(key)
    if m:
        return m.group("name"), m.group("unit")
    if "/" in key:
        name, _, unit = key.rpartition("/")
        return name.strip(), unit.strip()
    name, _, unit = key.rpartition("_")
    if name.strip() and _UNIT_LIKE.match(unit.strip()):
        return name.strip(), unit.strip()
    return key, None


def _words(name):
    """The words of a key's name in lower case: split at spaces, marks and digits, at case changes ('tON': t, on;
    'PulseWidth': pulse, width) and after a 't' or 'V' glued to a role ('Vset': v, set; 'tpulse': t, pulse)."""
    words = []
    for run in re.findall(r"[A-Za-z]+", name):
        for word in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+", run):
            word = word.lower()
            words += [word[0], word[1:]] if word[0] in "tv" and word[1:] in _ROLES else [word]
    return words


def _setting_name(name, unit=None):
    """The key of `_SETTINGS` a name as written stands for ('t_ON', 'Pulse Width': 'ton'; by its words 't-ON',
    'Vset', 'Width (us)'), or what it is not."""
    compact = re.sub(r"[\s_]+", "", name.lower())
    compact = _ALIASES.get(compact, compact)
    words = _words(name)
    if compact in _SETTINGS or not _WORDY.match(name.strip()) or any(w not in _ROLES and w not in _QUANTITIES
                                                                     for w in words):
        return compact
    roles = {_ROLES[w] for w in words if w in _ROLES}
    quantities = {_QUANTITIES[w] for w in words if w in _QUANTITIES}
    if not quantities and len(roles) == 1 and unit is not None:  # 'SET (V)': the unit says which quantity
        quantities = {quantity for quantity, (units, _, _) in _SETTING_UNITS.items() if unit in units}
    if len(roles) > 1 or len(quantities) != 1:
        return compact
    quantity = quantities.pop()
    role = roles.pop() if roles else None
    if role is None and quantity != "temperature":  # 'Width (us)', 'Amplitude (V)': the write pulse's
        if not set(words) & _PULSE_ALONE or (unit is not None and unit not in _SETTING_UNITS[quantity][0]):
            return compact
        if unit is None and set(words) == {"duration"}:  # 'Duration: 3 h', the measurement's: a note
            return compact
        role = "on"
    return _BY_WORDS.get((role, quantity), compact)


def _unread_pulse(words, unit):
    """Whether a name of role and quantity words only, with a unit, names a read or write pulse's setting the loader
    does not read: 'tRead (ms)' (the read pulse's width), 'Read Time (ns)'. ('Read Time: 12:00' is a note.)"""
    if unit is None or not words or any(w not in _ROLES and w not in _QUANTITIES for w in words):
        return False
    quantities = {_QUANTITIES[w] for w in words if w in _QUANTITIES}
    pulse_unit = unit in _SETTING_UNITS["time"][0] or unit in _SETTING_UNITS["voltage"][0]
    if "temperature" in quantities or not (quantities or pulse_unit):
        return False  # 'Set Temp (K)': a temperature controller's set point, a note
    return bool({_ROLES[w] for w in words if w in _ROLES} & {"read", "on", "other"})


def _marked_setting(key):
    """The setting's name a key begins with when a mark follows it ('tON.ms', 't-ON [ms'), else None."""
    for mark in _MARK.finditer(key):
        name = key[:mark.start()].strip()
        if name and _setting_name(name) in _SETTINGS:
            return name
    return None


def _unit_shown(key, unit):
    """A key's unit as written, for a message: with the code point of each character that is not ASCII, and what NFKC
    reads it as (a unit that looks like one the loader reads but is not, as 'K' (U+212A) was named as 'K')."""
    written = _split_key(key)[1]
    written = unit if written is None else written
    odd = [f"U+{ord(c):04X}" for c in written if not c.isascii()]
    if not odd:
        return repr(written)
    return f"{written!r} ({', '.join(odd)}{f', read as {unit!r}' if unit != written else ''})"


def header_setting(key):
    """(metadata name, factor to SI) of a header key the loader reads as a setting, None for any other
    key (kept as text), or ValueError saying which unit the key must name, or that a write pulse's setting
    it names is not read. The key is read as NFKC (the Kelvin sign, U+212A, is K; '㎳' is ms; fullwidth
    letters and brackets are ASCII); messages quote it as written."""
    key = key.strip()
    if "_" in key and key in SETTING_NAMES:  # 'pulse_width': refused by the reader as a metadata name
        return None
    written, key = key, unicodedata.normalize("NFKC", key)
    try:
        return _setting_of(key, written)
    except ValueError as exc:
        if key != written:  # the message quotes the key as written
            raise ValueError(str(exc).replace(f"header key '{checks.clipped(key)}'",
                                              f"header key '{checks.clipped(written)}'", 1)) from None
        raise


def _setting_of(key, written):
    """:func:`header_setting` of a key read as NFKC (`written`: as the file writes it)."""
    name, unit = _split_key(key)
    if set(_words(name)) == {"duration"} and _SETTING_UNITS["time"][0].get(unit, 0) >= 60:
        raise ValueError(f"header key '{checks.clipped(key)}' names a duration in {unit}, the write pulse's width or "
                         f"the measurement's? Expected 'tON ({unit})' or 'Pulse Width ({unit})' for the pulse, or "
                         f"another key for a note, e.g. 'Measurement Duration ({unit})'")
    compact = _setting_name(name, unit)
    if compact not in _SETTINGS:
        written = _marked_setting(key) if unit is None or not _WORDY.match(name.strip()) else None
        if written is not None:
            quantity = _SETTINGS[_setting_name(written)][1]
            _, listed, usual = _SETTING_UNITS.get(quantity, (None, None, None))
            expected = f"'{written}' without a unit (a count)" if quantity is None else \
                f"'{written} ({usual})' (units: {listed})"
            raise ValueError(f"header key '{checks.clipped(key)}' names a setting in a form the loader does not read; "
                             f"expected {expected}")
        words = set(_words(name))
        if words & _PULSE_NAMES and words & _PULSE_QUANTITIES or _unread_pulse(words, unit):
            raise ValueError(f"header key '{checks.clipped(key)}' names a pulse setting the loader does not read; "
                             "expected the write pulse as 'ON Voltage (V)' and 'tON (ms)' (also read: 'Pulse "
                             "Voltage (V)', 'Vset (V)', 'Pulse Width (us)', 'Width (us)'), or another key for a note")
        return None
    meta_name, quantity = _SETTINGS[compact]
    if quantity is None:
        if unit is not None:
            raise ValueError(f"header key '{checks.clipped(key)}' names a unit ({unit!r}); expected "
                             f"'{name}' without one: a count")
        return meta_name, 1.0
    units, listed, usual = _SETTING_UNITS[quantity]
    if unit is None:
        raise ValueError(f"header key '{checks.clipped(key)}' names no unit; expected the {quantity} unit in "
                         f"brackets, e.g. '{name} ({usual})' (units: {listed})")
    if unit not in units:
        raise ValueError(f"header key '{checks.clipped(key)}': unit {_unit_shown(written, unit)} is not a {quantity} "
                         f"unit the loader reads; expected {listed}, e.g. '{name} ({usual})'")
    return meta_name, units[unit]


#: The metadata names of the header's settings (a text key of that name would take a setting's place).
SETTING_NAMES = frozenset(meta_name for meta_name, _ in _SETTINGS.values())
# What a header setting may be, in SI: (lowest, highest, whether the lowest is allowed, what is expected). A write
# pulse of 1e-300 ns was read as 1e-309 s, and its energy reported as about 0 J: 1 ps (and 1 mV) is the floor.
_SETTING_RANGES = {
    "pulse_width": (1e-12, 1e3, True, "a pulse width > 0 and at most 1e6 ms, at least 1 ps (1e-9 ms)"),
    "off_time": (0.0, 1e3, True, "a time >= 0 and at most 1e6 ms"),
    "wait_time": (0.0, 1e3, True, "a time >= 0 and at most 1e6 ms"),
    "initial_voltage_duration": (0.0, 1e3, True, "a time >= 0 and at most 1e6 ms"),
    "temperature": (0.0, 1e4, False, "a temperature > 0 K, at most 1e4 K"),
}


def setting_problem(name, value):
    """What header setting `name` (its metadata name, in SI units) must be if `value` is not that,
    else None: the one range the loader reads and :func:`write_pulse_train`
    writes."""
    if name.endswith("voltage"):
        ok = math.isfinite(value) and abs(value) <= 1e3 and (abs(value) >= 1e-3 or name != "pulse_voltage")
        expected = "a nonzero pulse voltage, |V| <= 1000 V and >= 1 mV" if name == "pulse_voltage" else \
            "a voltage, |V| <= 1000"
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


def header_scale(key, value):
    """The scale of the values a header line other than a setting gives ('Gain: 1000', 'Scale Factor: 0.001',
    'Multiplier: 1e3', 'Gain (dB): 60'), read as the note 'Gain: 1000' is, or None. A gain with a unit of voltage per
    current ('TIA Gain (V/A): 1e6') is the amplifier's, not the values' scale."""
    name, unit = _split_key(unicodedata.normalize("NFKC", key))
    return stated_scale(f"{name}: {unicodedata.normalize('NFKC', value)}{f' {unit}' if unit else ''}")


def _check_scale(key, value, source, line):
    """Refuse a header line that gives a scale of the values, which is not read: 'Gain: 1000', 'Scale Factor: 0.001',
    'Multiplier: 1e3' loaded with status 0, the resistances taken as they are (probe 15a)."""
    if header_scale(key, value) is not None:
        raise DeviceFileError(source, f"header key '{checks.clipped(key)}' is {checks.clipped(value)}, a scale of the "
                                      "values, which is not read (the resistances would be taken as they are); "
                                      "expected the column line to name their unit, e.g. 'Resistance (kOhm)', and no "
                                      "scale", line)


def header_metadata(header, source):
    """The metadata of a block's header lines [(key, value, line)]: each setting in SI units, checked,
    any other key as its text; DeviceFileError naming the line for a unit it cannot read or a setting
    given twice ('tON (ms)' and 'tON (us)': which one holds?), or any other key given twice (the first
    value was dropped)."""
    meta, given, texts = {}, {}, {}
    for key, value, at in header:
        try:
            setting = header_setting(key)
        except ValueError as exc:
            raise DeviceFileError(source, str(exc), at) from None
        if setting is None:
            if key in SETTING_NAMES:  # would take the place of the setting the loader reads
                raise DeviceFileError(source, f"header key '{key}' is the name the loader gives a setting of the "
                                              "header; rename it", at)
            if key in texts:
                before, line = texts[key]
                raise DeviceFileError(source, f"header key '{checks.clipped(key)}' is given again ("
                                              f"{'an inherited line' if line is None else f'line {line}'} gives "
                                              f"{checks.clipped(before)!r}, this line {checks.clipped(value)!r}); "
                                              "expected one line each", at)
            texts[key] = (value, at)
            meta[key] = value
            _check_scale(key, value, source, at)
            continue
        meta_name, factor = setting
        if meta_name in given:
            before, line = given[meta_name]
            raise DeviceFileError(source, f"header '{checks.clipped(key)}' gives the setting of '{checks.clipped(before)}'"
                                          f"{'' if line is None else f' (line {line})'} again; expected one line each", at)
        given[meta_name] = (key, at)
        number = parse_number(value, source, at, key)
        if meta_name == "pulse_count" and (number != int(number) or number < 0):
            raise DeviceFileError(source, f"'{key}' is {value}; expected a non-negative integer", at)
        meta[meta_name] = int(number) if meta_name == "pulse_count" else number * factor
        _check_setting(meta_name, key, value, meta[meta_name], source, at)
    return meta


def settings_conflict(metas, headers):
    """What to say of the first setting (other than the pulse count and the temperature) that a later
    block of a file gives otherwise than its first (blocks' `metas` and `headers` [(key, value, line)]), or
    None: block 2's 'tON (ms): 2' was dropped without a word, even for its own cycle."""
    def lines(header):
        found = {}
        for key, value, at in header:
            setting = header_setting(key)
            if setting is not None:
                found[setting[0]] = (key, value, at)
        return found

    first = lines(headers[0])
    for k, (meta, header) in enumerate(zip(metas[1:], headers[1:]), start=2):
        # the temperature is a reading, not a setting: it drifts between the blocks of every real measurement
        for name in sorted((set(metas[0]) | set(meta)) & SETTING_NAMES - {"pulse_count", "temperature"}):
            a, b = metas[0].get(name), meta.get(name)
            if a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=0.0):
                continue
            given = lines(header)
            (key, text, at), (other, text2, at2) = first.get(name, (None,) * 3), given.get(name, (None,) * 3)
            if key is None or other is None:
                said, cycle = (first[name], 1) if other is None else (given[name], k)
                what = (f"'{checks.clipped(said[0])}' is {checks.clipped(said[1])} at line {said[2]} (cycle {cycle}) "
                        f"and not given in cycle {k if other is None else 1}")
            else:
                what = (f"'{checks.clipped(key)}' is {checks.clipped(text)} at line {at} (cycle 1) and "
                        f"{'' if other == key else repr(checks.clipped(other)) + ' '}{checks.clipped(text2)} at line "
                        f"{at2} (cycle {k})")
            return (f"the cycles' blocks give other settings: {what}; the median of the cycles needs one setting: "
                    "choose a cycle with --cycle K (API cycle=K)")
    return None


class _HeaderLine:
    """A header line ``Key: value`` as the pattern ``^\\s*([^,:]+?)\\s*:\\s*(.*?)\\s*$`` reads it, in string operations:
    the pattern was tried from every space of a long run of them, and a header name padded with 60,000 spaces took
    4 s (probe 25a, D25-6). ``HEADER_LINE.match(line)`` is a match with the key as group 1 and the value as group 2,
    or None; the same lines match, with the same groups."""

    class Match(tuple):
        def group(self, k):
            return self[k - 1]

        def groups(self):
            return tuple(self)

    def match(self, line):
        body = line.lstrip()
        head, colon, value = body.partition(":")
        if not colon or "," in head:
            return None
        key = head.rstrip()
        if not key:  # only spaces before the colon: the pattern's key is the last of them
            lead = len(line) - len(body) + len(head)
            if not lead:
                return None
            key = (line[:len(line) - len(body)] + head)[-1]
        return self.Match((key, value.strip()))


HEADER_LINE = _HeaderLine()
