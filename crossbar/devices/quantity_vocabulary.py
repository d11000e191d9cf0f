"""The words that name what a value column holds (a conductance, a read current, a resistance), written once for every
reader of a column's name, and the quantity a name's leading words say.

A name's quantity word says what its values are where no unit does (``Current`` holds read currents, ``R`` ohms). The
word with a cycle's number glued to it or after a separator (``I1``, ``Current_2``, ``Iread1``, ``Resistance1``) names
the same quantity as the word alone: ``I1,I2`` loaded as conductances in S ("the header names no quantity"), read
currents taken for siemens, 1 / V_read times off, while ``Current`` alone is refused asking for the read voltage, and
``Resistance1`` was a conductance of 200 S (probe 31a, D31-3). This module imports nothing, so that every reader can
use it.
"""

from __future__ import annotations

import re

__all__ = ["QUANTITY_WORDS", "QUANTITY_NAMES", "quantity_of"]

#: Each word (lower case) that names a value column's quantity, and the quantity: the symbol, the word and its
#: abbreviation.
QUANTITY_WORDS = {
    **dict.fromkeys(("g", "conductance", "cond"), "conductance"),
    **dict.fromkeys(("i", "current", "iread"), "current"),
    **dict.fromkeys(("r", "resistance", "res"), "resistance"),
}
#: :data:`QUANTITY_WORDS` and the two words that name a read current together ('read current', 'I read'; 'I_read' as a
#: name's words are read, '_' a space).
QUANTITY_NAMES = {**QUANTITY_WORDS, "read current": "current", "i read": "current"}
# A word and the cycle's number glued to it ('I1', 'Iread2', 'Resistance3').
_GLUED = re.compile(r"([^\W\d_]+)\d{1,9}")


def quantity_of(words):
    """The quantity the leading words of a name (its units taken out) say, or None: the whole ('read current'), its
    first two words or its first word ('Current cycle 1', 'I_read c2', 'I @ 0.1 V'), or a first word glued to a
    cycle's number ('I1', 'Current1', 'Resistance2'). Hyphens and underscores part words."""
    key = " ".join(re.sub(r"[-_]", " ", words.lower()).split())
    first = key.split(" ")
    for said in (key, " ".join(first[:2]), first[0]):
        if said in QUANTITY_NAMES:
            return QUANTITY_NAMES[said]
    glued = _GLUED.fullmatch(first[0])
    return QUANTITY_WORDS.get(glued.group(1)) if glued is not None else None
