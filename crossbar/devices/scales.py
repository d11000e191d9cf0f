"""A scale written in words in a column's name or a note (``G (uS) times 1000``, ``G (nS) in thousands``,
``# values multiplied by 1000``): never read, so refused, as ``G x1000`` is (:mod:`.columns`).

Narrow on purpose: a number (digits or a number word) after *times*, *multiplied by*, *scaled by*, *divided
by* or (in a name) *per*; *in thousands* / *in millions*; in a name also ``1000x`` and a bare *thousands*. A
cycle's or a count's number (``G (uS) cycle 1000``, ``# 1000 pulses``, ``# pulsed 1000 times``) is none.
"""

from __future__ import annotations

import re

__all__ = ["word_scale"]

_NUMBER = (r"(?:\d[\d,]*(?:\.\d+)?(?:[eE][+\-\u2212]?\d+)?|(?:a\s+|one\s+)?(?:ten|hundred|thousand|million|billion|"
           r"trillion)s?)\b")
# In a note: '# values multiplied by 1000', '# G in thousands of uS', '# scaled by 10', '# times 1e3'.
_NOTE = re.compile(r"\b(?:(?:multiplied|scaled|divided)\s+by|times)\s+" + _NUMBER
                   + r"|\bin\s+(?:hundreds|thousands|millions|billions)\b", re.IGNORECASE)
# In a name also: 'G (uS) 1000x', 'G (uS) per 1000', 'G (uS) thousands' (a name holds no count of pulses).
_NAME = re.compile(_NOTE.pattern + r"|(?<![\w.])\d[\d,]*(?:\.\d+)?\s*[x\u00d7](?![\w.])|\bper\s+" + _NUMBER
                   + r"|\b(?:hundreds|thousands|millions|billions)\b", re.IGNORECASE)


def word_scale(text, note=False):
    """The match of the first scale `text` writes in words (a column's name; a note's with `note`), or None."""
    return (_NOTE if note else _NAME).search(text)
