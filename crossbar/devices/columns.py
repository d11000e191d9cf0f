"""What a column of a device table holds: its role (pulse, direction, a measured value) and its unit.

A measured value is a conductance, a read current or a resistance, in the unit its name gives:
``G (uS)``, ``Conductance [nS]``, ``conductance_S``, ``I (mA)``, ``Read current [A]``,
``R (kOhm)``, ``Resistance (Ohm)``. A name without a recognisable quantity (``cycle 3``) holds
conductances in siemens unless the loader is given a read voltage, which makes it read currents
in amperes. :func:`value_column` returns the quantity and the factor to SI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ValueColumn", "value_column", "is_pulse_column", "is_direction_column", "is_time_column", "QUANTITIES"]

#: Quantities a value column may hold, and their SI unit.
QUANTITIES = {"conductance": "S", "current": "A", "resistance": "Ohm"}

_PREFIX = {"": 1.0, "k": 1e3, "M": 1e6, "G": 1e9, "m": 1e-3, "u": 1e-6, "\u00b5": 1e-6, "\u03bc": 1e-6,
           "n": 1e-9, "p": 1e-12}
_BASE = {"S": "conductance", "siemens": "conductance", "A": "current", "amps": "current", "Ohm": "resistance",
         "ohm": "resistance", "Ohms": "resistance", "ohms": "resistance", "\u03a9": "resistance", "\u2126": "resistance"}
# The words that name a quantity (lower case), first word of a column name.
_WORDS = {"g": "conductance", "conductance": "conductance", "cond": "conductance",
          "i": "current", "current": "current", "read current": "current", "i_read": "current", "iread": "current",
          "r": "resistance", "resistance": "resistance", "res": "resistance"}
_PULSE_NAMES = {"pulse", "pulses", "pulse number", "pulse_number", "pulse no", "pulse #", "pulse index", "n", "m",
                "p", "k", "index", "#", "step", "pulse count", "pulse_count", "number"}
_UNIT_IN_BRACKETS = re.compile(r"^(?P<name>.*?)\s*[\(\[]\s*(?P<unit>[^\)\]]*?)\s*[\)\]]\s*$")
_UNIT_AFTER_UNDERSCORE = re.compile(r"^(?P<name>[A-Za-z][A-Za-z ]*?)_(?P<unit>[A-Za-z\u00b5\u03bc\u03a9\u2126]+)$")


@dataclass(frozen=True)
class ValueColumn:
    """A measured-value column: what it holds and how to get siemens from it."""

    name: str  # as the header writes it
    quantity: str | None  # "conductance", "current", "resistance", or None (not named)
    factor: float  # multiply a value by this for SI (S, A or Ohm)
    unit: str | None  # the unit as written, or None

    def describe(self):
        unit = self.unit if self.unit is not None else QUANTITIES.get(self.quantity or "conductance")
        return f"{self.quantity or 'values'} in {unit}"


def _unit(text):
    """(quantity, factor) of a unit such as 'uS', 'mA', 'kOhm', or None."""
    text = text.strip()
    for base in sorted(_BASE, key=len, reverse=True):
        if text.endswith(base):
            prefix = text[: len(text) - len(base)]
            if prefix in _PREFIX:
                return _BASE[base], _PREFIX[prefix]
    return None


def value_column(name):
    """The :class:`ValueColumn` of a header name; ValueError naming what disagrees.

    A unit in brackets (``G (uS)``) or after an underscore (``conductance_S``) sets the quantity
    and the factor; a leading word (``G``, ``current``, ``resistance``) sets the quantity. A unit
    that names another quantity than the word (``G (mA)``) is refused.
    """
    text = name.strip()
    word, unit, found = text, None, None
    m = _UNIT_IN_BRACKETS.match(text) or _UNIT_AFTER_UNDERSCORE.match(text)
    if m is not None:
        parsed = _unit(m.group("unit"))
        if parsed is not None:
            word, unit, found = m.group("name").strip(), m.group("unit").strip(), parsed
        elif _UNIT_IN_BRACKETS.match(text):
            raise ValueError(f"column {name!r}: unknown unit {m.group('unit')!r}; expected a conductance "
                             "(S, mS, uS, nS), a current (A, mA, uA, nA) or a resistance (Ohm, kOhm, MOhm)")
    key = word.lower().replace("-", " ").strip()
    said = _WORDS.get(key) or _WORDS.get(key.split(" ")[0]) if key else None
    if found is not None:
        quantity, factor = found
        if said is not None and said != quantity:
            raise ValueError(f"column {name!r}: the name says {said} but the unit {unit!r} is a {quantity} unit")
        return ValueColumn(name, quantity, factor, unit)
    return ValueColumn(name, said, 1.0, None)


def is_pulse_column(name):
    """Whether a header name is that of a pulse-number column."""
    return name.strip().lower() in _PULSE_NAMES


_TIME = re.compile(r"^(time|t|timestamp|time stamp|elapsed time)\s*(?:[\(\[]\s*(?:[munp\u00b5]?s|min|h)\s*[\)\]]"
                   r"|_(?:[munp\u00b5]?s))?$", re.IGNORECASE)


def is_time_column(name):
    """Whether a header name is that of a time column (``Time``, ``t (s)``, ``Time[ns]``)."""
    return bool(_TIME.match(name.strip()))


def is_direction_column(name):
    """Whether a header name is that of a pulse-direction column."""
    return name.strip().lower() in ("direction", "dir", "polarity")
