"""The words for a measurement cycle in German, Spanish and Italian, written once for every reader of a cycle's label.

German builds compounds on its cycle word (``Messzyklus``, ``Schaltzyklus``, ``Lastzyklen``): each names a cycle as
``Zyklus`` does, in a column's name, a long table's cycle column, a block's key and a note. Before, every reader kept
its own list of the bare words, and a compound named no cycle anywhere (probe 30a, n72: 'Messzyklus' was told to carry
a unit). This module imports nothing, so that the unit grammar, which the cycle words' module builds on, can use it.
"""

from __future__ import annotations

import re

__all__ = ["FOREIGN_CYCLE", "among"]

#: A regular expression's alternation in one group, no anchors: ``Zyklus``/``Zyklen`` alone or ending a German compound,
#: Spanish ``ciclo``/``ciclos``, Italian ``ciclo``/``cicli``; for patterns compiled with re.IGNORECASE.
FOREIGN_CYCLE = r"(?:[a-z\u00e4\u00f6\u00fc\u00df]*zykl(?:us|en)|cicl(?:os?|i))"

_WHOLE = re.compile(FOREIGN_CYCLE, re.IGNORECASE)


def among(word, words):
    """Whether `word`, in any case, is one of the lower-case `words` or, whole, one of :data:`FOREIGN_CYCLE`'s
    ('Messzyklus', 'cicli'; not 'Zyklusdauer'): a list of words that label a number, with the cycle in every language."""
    return word.lower() in words or _WHOLE.fullmatch(word) is not None
