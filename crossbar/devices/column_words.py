"""Pulse- and cycle-number columns named in English, German, French, Spanish or Italian, by a rule on their words.

A list of spellings read ``Puls`` and ``pulse nr.`` but not ``Puls Nr.``, ``Impulsnummer`` or ``numéro
d'impulsion`` (probe 27c, C27-10: 13 such headers refused, the refusal telling the user to give the pulse column a
unit, as a value column). A name is a pulse (or cycle) word, alone or with a number word after it (``Puls Nr.``,
``Pulsnummer``, ``ciclo n.``) or before it (``N° impulsion``, ``número de pulso``, ``numéro d'impulsion``); case,
``_`` and ``-`` do not matter.
"""

from __future__ import annotations

import re

from .cycle_vocabulary import FOREIGN_CYCLE

__all__ = ["names_pulses", "names_cycles"]

_PULSE = r"(?:pulses?|puls|impulse?|impulsion|impulsi[oó]n|impulsions|pulsos?|impulsos?|impulsi)"
_CYCLE = rf"(?:cycles?|{FOREIGN_CYCLE})"
#: A word that says "the number of": in English, German, French, Spanish and Italian, abbreviated or not
_NUMBER = r"(?:number|nummer|zahl|nr\.?|no\.?|n[°º]\.?|n\.|#|num\.?|num[eé]ro|n[uú]mero|index|count)"
#: Between a number word and the word it numbers: 'de', "d'", 'di', 'del', 'du', 'des'
_OF = r"(?:(?:de|d'|di|del|du|des|of)\s*)?"


def _rule(word):
    return re.compile(rf"{word}(?:\s*{_NUMBER})?|{_NUMBER}\s*{_OF}{word}")


_PULSE_RULE, _CYCLE_RULE = _rule(_PULSE), _rule(_CYCLE)


def _words(name):
    return " ".join(name.strip().lower().replace("_", " ").replace("-", " ").split())


def names_pulses(name):
    """Whether a header name numbers the pulses by the rule above ('Puls Nr.', 'Impulsnummer', 'N° impulsion')."""
    return _PULSE_RULE.fullmatch(_words(name)) is not None


def names_cycles(name):
    """Whether a header name numbers the cycles by the rule above ('Zyklus Nr.', 'N° de cycle', 'ciclo n.')."""
    return _CYCLE_RULE.fullmatch(_words(name)) is not None
