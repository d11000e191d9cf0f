"""The words that name what a value column holds (a conductance, a read current, a resistance) in English, German,
French, Spanish and Italian, written once for every reader of a column's name, and the quantity a name's leading words
say.

A name's quantity word says what its values are where no unit does (``Current`` holds read currents, ``R`` ohms),
and the readers of a name's other words take it out before they read them: a cycle mark (``Leitwert (uS) #2`` names
cycle 2 as ``G (uS) #2`` does), a number that may be a scale (the ``1`` of ``Leitwert (1/kOhm)`` begins its unit), a
TDMS path's channel (``Widerstand cycle 1 / MOhm``), a derived or normalised quantity glued to the word (``logG``,
``Leitwertnorm``). Each reader kept its own list of the English words (probe 31a, D31-4: ``Leitwert (uS) #2``,
``Strom @ 0.1 V`` and ``Widerstand cycle 1 / MOhm`` were refused where ``G``, ``Current`` and ``R`` load). The word
with a cycle's number glued to it or after a separator (``I1``, ``Current_2``, ``Resistance1``) names the same
quantity as the word alone: ``I1,I2`` loaded as conductances in S ("the header names no quantity"), read currents taken
for siemens, 1 / V_read times off, while ``Current`` alone is refused asking for the read voltage (D31-3). This module
imports nothing, so that every reader can use it.
"""

from __future__ import annotations

import re

__all__ = ["QUANTITY_WORDS", "QUANTITY_NAMES", "QUANTITY", "quantity_of"]

#: Each word (lower case) that names a value column's quantity, and the quantity: the symbol, the English word and
#: its abbreviation, and the German, French, Spanish and Italian words ('conductance' is French too).
QUANTITY_WORDS = {
    **dict.fromkeys(("g", "conductance", "cond", "leitwert", "konduktanz", "conductancia", "conduttanza"),
                    "conductance"),
    **dict.fromkeys(("i", "current", "iread", "strom", "lesestrom", "courant", "corriente", "corrente"), "current"),
    **dict.fromkeys(("r", "resistance", "res", "widerstand", "r\u00e9sistance", "resistencia", "resistenza"),
                    "resistance"),
}
#: :data:`QUANTITY_WORDS` and the two words that name a read current together ('read current', 'I read'; 'I_read' as a
#: name's words are read, '_' a space).
QUANTITY_NAMES = {**QUANTITY_WORDS, "read current": "current", "i read": "current"}
#: A regular expression's alternation of :data:`QUANTITY_WORDS`, longest first, no anchors, for patterns compiled with
#: re.IGNORECASE.
QUANTITY = "(?:" + "|".join(sorted(QUANTITY_WORDS, key=len, reverse=True)) + ")"
# A word and the cycle's number glued to it ('I1', 'Iread2', 'Resistance3').
_GLUED = re.compile(r"([^\W\d_]+)\d{1,9}")


def quantity_of(words):
    """The quantity the leading words of a name (its units taken out) say, or None: the whole ('read current'), its
    first two words or its first word ('Current cycle 1', 'I_read c2', 'I @ 0.1 V'), or a first word glued to a
    cycle's number ('I1', 'Current1', 'Resistance2'). Hyphens, underscores and a point before a number part words
    (pandas' 'I.1', its copy of a second 'I')."""
    key = " ".join(re.sub(r"[-_]|\.(?=\d)", " ", words.lower()).split())
    first = key.split(" ")
    for said in (key, " ".join(first[:2]), first[0]):
        if said in QUANTITY_NAMES:
            return QUANTITY_NAMES[said]
    glued = _GLUED.fullmatch(first[0])
    return QUANTITY_WORDS.get(glued.group(1)) if glued is not None else None
