"""Units written in names (a column's, a note's): the units that are read, and the tokens that are refused.

A unit is a prefix and a base, each in the case SI writes it (``uS``, ``kOhm``, ``nA``, ``umho``); nothing
else is read as one. Where a name writes a token in a unit's place (in brackets, after ``in``, ``/`` or
``_``), the token is a unit that is read, clearly no unit (:func:`is_label`: a cycle, run, sample or
device number, a number, a date) or refused (:func:`unread_unit`), so that no unit is dropped and the
values read in the SI unit, 10^3 to 10^12 times off (probe 12a, U1).
"""

from __future__ import annotations

import re

PREFIX = {"": 1.0, "k": 1e3, "M": 1e6, "G": 1e9, "m": 1e-3, "u": 1e-6, "\u00b5": 1e-6, "\u03bc": 1e-6,
          "n": 1e-9, "p": 1e-12}
# mho (and its symbol, the inverted ohm) is the siemens by its older name: 1 mho = 1 S, read with every prefix.
BASE = {"S": "conductance", "siemens": "conductance", "Siemens": "conductance", "mho": "conductance",
        "mhos": "conductance", "Mho": "conductance", "Mhos": "conductance", "\u2127": "conductance",
        "A": "current", "amps": "current", "Ohm": "resistance", "ohm": "resistance", "Ohms": "resistance",
        "ohms": "resistance", "\u03a9": "resistance", "\u2126": "resistance"}
#: The units read, as a message lists them.
EXPECTED = ("expected a conductance (S, mS, uS, nS, pS; mho, umho), a current (A, mA, uA, nA) or a resistance "
            "(Ohm, kOhm, MOhm, GOhm)")


def unit(text):
    """(quantity, factor) of a unit such as 'uS', 'mA', 'kOhm', 'umho', or None."""
    text = text.strip()
    for base in sorted(BASE, key=len, reverse=True):
        if text.endswith(base):
            prefix = text[: len(text) - len(base)]
            if prefix in PREFIX:
                return BASE[base], PREFIX[prefix]
    return None


# Written all in lower case, 'mohm' is milliohm or (as 'kohm' is kOhm) megaohm: 10^9 apart, and a device above
# 1 GOhm read as milliohm is still in range (probe 10a, U1).
AMBIGUOUS = ("mohm", "mohms")


def read_unit(text):
    """:func:`unit` of a unit written in a name, ValueError for one whose case does not say its prefix."""
    if text.strip() in AMBIGUOUS:
        raise ValueError(f"unit {text.strip()!r} is milliohm or megaohm (its case does not say which); expected "
                         "'mOhm' for milliohm or 'MOhm' for megaohm")
    return unit(text)


# A token spelled as a unit of these quantities in any case, with any SI prefix or none (one letter, µ or Greek
# Mu): 'KOhm', 'US', 'us', 'ns', 'TOhm', 'fS', 'MOHM', 'Μs'. 'us' could be microseconds, 'MOHM' milli- or mega-:
# a case is never guessed.
_SPELLED = re.compile(r"[yzafpnumcdhkgtpe\u00b5\u03bc]?(?:s|siemens|a|amps?|amperes?|ohms?|\u03c9|mhos?|\u2127)",
                      re.IGNORECASE)
# Values on a scale of their own, which no unit turns into conductances.
_NORMALISED = re.compile(r"%|percent|pct|a\.?\s?u\.?|arb\.?(?:\s?units?|\s?u\.?)?|norm(?:ali[sz]ed)?\.?|rel(?:ative)?\.?"
                         r"|dimensionless|-", re.IGNORECASE)
# Clearly no unit: a number (an integer), a cycle, run, sample or device label with its number ('cycle 1', 'c1',
# '#1', 'run_2', 'D12', 'sample A'), or a date ('2024-05-01', '01.05.2024').
_LABEL = re.compile(
    r"(?:(?:cycles?|cyc|c|runs?|sweeps?|reps?|repetitions?|trials?|meas|measurements?|#|no\.?|nr\.?|n|zyklus"
    r"|samples?|devices?|dev|d|cells?|chips?|dies?|wafers?|s)\s*[#._\-=:]?\s*)?\d+"
    r"|(?:samples?|devices?|dev|cells?|chips?|dies?|wafers?)\s*[#._\-=:]?\s*[A-Za-z0-9][A-Za-z0-9.\-]*"
    r"|(?-i:[A-Z][A-Za-z]{0,2}\d+(?:[-.]?[A-Za-z0-9]+)*)"
    r"|\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}", re.IGNORECASE)


def is_label(token):
    """Whether a token in a unit's place is clearly no unit: a number, a cycle/run/sample/device label, a date."""
    return bool(_LABEL.fullmatch(token.strip()))


def spelled_as_unit(token):
    """Whether a token spells a unit of conductance, current or resistance in some case or with some prefix
    (read or not), or marks normalised values ('%', 'a.u.', 'norm')."""
    token = token.strip()
    return bool(_SPELLED.fullmatch(token) or _NORMALISED.fullmatch(token))


def _cased(token):
    """The units read that `token` spells in another case, in SI's spelling ('KOhm': ['kOhm']; 'MOHM': ['MOhm',
    'mOhm']; 'Μs', Greek capital Mu: ['uS'])."""
    folded = re.sub("[\u00b5\u03bc]", "u", token.strip().casefold())
    return [p + b for p in ("", "k", "M", "G", "m", "u", "n", "p") for b in ("S", "A", "Ohm", "mho")
            if (p + b).casefold() == folded]


def cased_unit(token):
    """Whether a loose word of a name ('R KOhm', 'G US') is a unit with a prefix in a case that is not read: its
    prefix would be lost. Two-letter words count only when they end in a capital 'S' or 'A' ('US', 'NS', 'UA'),
    so that 'ma' or 'pa' in a name are not taken for units."""
    token = token.strip()
    prefixed = [u for u in _cased(token) if u[0] in "kMGmunp" and u not in ("mho",)]
    return bool(prefixed) and (len(token) >= 3 or token.endswith(("S", "A")))


def unread_unit(token):
    """Why a token written in a unit's place is refused: it is no unit that is read (message without the
    column, which the caller names)."""
    token = token.strip()
    if _NORMALISED.fullmatch(token):
        return (f"{token!r} marks normalised values, which are not conductances, currents or resistances; give the "
                f"curve in S (or name its unit, e.g. 'G (uS)')")
    cased = " or ".join(repr(u) for u in _cased(token))
    if cased:
        seconds = "; a lower-case 's' is the second" if token.endswith("s") else ""
        return f"unknown unit {token!r} (a unit's case is not guessed: write {cased}{seconds}); {EXPECTED}"
    return f"unknown unit {token!r}; {EXPECTED}"
