"""A cycle's number written in English words, in roman numerals or as a letter: read by one rule, for the value
columns' names (:mod:`.cycle_marks`) and the instrument blocks' keys and notes (:mod:`.cycle_names`) alike.

No such form is read as a cycle number (a cycle is numbered in digits); each is a cycle label that is not read, and
``--cycle K`` over columns or blocks so named is refused naming the name, key or note. The words are composed, not
listed: cardinals and ordinals zero to ninety-nine (``three``, ``thirteen``, ``twenty one``, ``twenty-three``,
``forty``, ``twenty-first``); roman numerals by the pattern of a valid numeral, I to XCIX (``XL`` ... as well as
``III``; probe 22a, D22-2: a fixed list stopped at twelve and XXXIX, and ``# cycle thirteen`` or ``# cycle XL`` were
neither read nor refused); a single letter (``cycle A``, ``cycle B``: probe 22a, K1). Numerals with C, D or M past
XC are words of their own (``CV``, ``DC``, ``MIX``), and so are numbers past ninety-nine in words.
"""

from __future__ import annotations

import re

from .cycle_vocabulary import FOREIGN_CYCLE
from .unit_names import ORDINAL_MARKS

__all__ = ["CYCLE_NAMES", "cycle_words", "CYCLE_WORD", "word_number", "roman_number", "letter_number", "spelled_number", "spelled_labels",
           "spelled_refusal", "english_ordinals"]

_UNITS = "zero one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_UNITS_TH = "zeroth first second third fourth fifth sixth seventh eighth ninth".split()
_TEENS_TH = [w + "th" for w in "ten eleven twelf thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()]
_TENS_TH = [w[:-1] + "ieth" for w in _TENS]
#: each word that is a number by itself: its value and whether it is an ordinal
_SINGLE = {**{w: (k, False) for k, w in enumerate(_UNITS)}, **{w: (k, True) for k, w in enumerate(_UNITS_TH)},
           **{w: (10 + k, False) for k, w in enumerate(_TEENS)}, **{w: (10 + k, True) for k, w in enumerate(_TEENS_TH)},
           **{w: (20 + 10 * k, False) for k, w in enumerate(_TENS)},
           **{w: (20 + 10 * k, True) for k, w in enumerate(_TENS_TH)}}
_GLUED_TENS = re.compile(rf"({'|'.join(_TENS)})-?({'|'.join(_UNITS[1:] + _UNITS_TH[1:])})$")  # 'twentyone'
_ROMAN = re.compile(r"(?=[ivxlc])(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.IGNORECASE)  # I ... XCIX
_LETTER = re.compile(r"[a-z]$", re.IGNORECASE)
#: The words that name a cycle, singular: the one list every reader of a cycle's label builds on (a block's key, a
#: note, a column's name), each adding the words only it reads (:func:`cycle_words`).
CYCLE_NAMES = ("cycle", "cyc", "run", "sweep", "iteration", "iter", "repeat", "repetition", "rep", "loop", "round",
               "pass", "trial", "scan", "measurement", "meas", "block")  # and FOREIGN_CYCLE's words
_NO_PLURAL = frozenset({"cyc", "iter", "meas"})


def cycle_words(*extra, plural=True):
    """A regular expression's alternation (no group, no anchors) of :data:`CYCLE_NAMES`, with their plurals unless
    `plural` is false, and the `extra` patterns a reader adds ('series', 'trains?', 'c'), longest first: where one
    word begins another ('cyc', 'cycle'; 'rep', 'repetition') the longer is tried first, as a capture after it needs."""
    forms = [w if w in _NO_PLURAL or not plural else w + ("(?:es)?" if w.endswith("s") else "s?") for w in CYCLE_NAMES]
    forms.append(FOREIGN_CYCLE)  # 'Zyklus', 'Messzyklus', 'ciclo': their plurals are words of their own
    return "|".join(sorted(forms + list(extra), key=len, reverse=True))


#: An ordinal in German, French, Spanish or Italian before a cycle word ('1. Zyklus', '1er cycle', '2\u00e8me cycle',
#: '1\u00b0 ciclo', '2.\u00ba ciclo'), and the word after it.
_FOREIGN_ORDINAL = re.compile(rf"(?<![\w.,])(\d{{1,9}}){ORDINAL_MARKS}\s*(?=(?:{cycle_words()})\b)",
                              re.IGNORECASE)


def english_ordinals(text):
    """`text` with each ordinal in German, French, Spanish or Italian before a cycle word written as English writes
    it ('G (uS) 2. Zyklus' is 'G (uS) 2th Zyklus', '2e cycle' '2th cycle'), so that it is read as '2nd cycle' is: such
    cycles were refused as columns naming none (probe 29a, D29-7)."""
    return _FOREIGN_ORDINAL.sub(lambda m: m.group(1) + "th ", text)


#: The words a cycle's label opens with, spelled or in digits ('cycle II', 'run three', 'scan 3').
CYCLE_WORD = re.compile(rf"(?:{cycle_words()})$", re.IGNORECASE)
_NUMBER_WORD = re.compile(r"(?:no|nr|num|number)$", re.IGNORECASE)  # 'cycle no. three'
_TOKEN = re.compile(r"[^\W_]+")
_APART = re.compile(r"\s*(?:$|[(\[,;]|[-=*~]+(?:\s|$))")  # what may follow a one-letter label


def word_number(words, k=0):
    """The number English words spell from ``words[k]`` on (cardinal or ordinal, zero to ninety-nine: 'three',
    'thirteen', 'twenty' 'one', 'twenty-one', 'twentyone', 'twenty' 'first'), as (value, ordinal, count of words
    used), or None. `words` are lower- or upper-case tokens."""
    if k >= len(words):
        return None
    word = words[k].lower()
    glued = _GLUED_TENS.match(word)
    if glued is not None:
        units, ordinal = _SINGLE[glued.group(2)]
        return _SINGLE[glued.group(1)][0] + units, ordinal, 1
    if word not in _SINGLE:
        return None
    value, ordinal = _SINGLE[word]
    after = words[k + 1].lower() if k + 1 < len(words) else ""
    if word in _TENS and after in _SINGLE and 1 <= _SINGLE[after][0] <= 9:  # 'twenty one', 'twenty third'
        return value + _SINGLE[after][0], _SINGLE[after][1], 2
    return value, ordinal, 1


def roman_number(word):
    """The value of a valid roman numeral I to XCIX ('iii', 'XIV', 'XLII'), or None ('CV', 'IIII', 'VX')."""
    if not word or _ROMAN.match(word) is None:
        return None
    values = [{"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}[c] for c in word.lower()]
    return sum(-v if v < w else v for v, w in zip(values, values[1:] + [0]))


def letter_number(word):
    """The place in the alphabet of a single letter that labels a cycle ('A' 1, 'b' 2), or None."""
    return ord(word.lower()) - ord("a") + 1 if _LETTER.match(word) else None


def spelled_number(words, k=0, letters=True):
    """A cycle's number as :func:`word_number`, :func:`roman_number` or (with `letters`) :func:`letter_number` spell
    it from ``words[k]`` on, as (value, what it said, count of words used), or None: the one reading of such
    labels. A single letter that is also a numeral ('I', 'V', 'X', 'L') is the numeral."""
    spelled = word_number(words, k)
    if spelled is not None:
        return spelled[0], " ".join(words[k:k + spelled[2]]), spelled[2]
    if k >= len(words):
        return None
    number = roman_number(words[k])
    if number is None and letters:
        number = letter_number(words[k])
    return None if number is None else (number, words[k], 1)


def spelled_labels(text):
    """[(number, what says it, first token, last token, count of tokens)] of the cycle labels `text` (a column's name,
    a block's note, 'cycle ' and a key's value) spells by :func:`spelled_number`: after a cycle word and any 'no.'
    ('cycle three', 'Sweep III (V=1.2)', 'cycle no. twenty one', 'cycle A'), or an ordinal word before one ('third
    cycle', 'twenty-first run'). A one-letter label ('A', 'I') ends the text or stands before a bracket, ',', ';' or
    dashes apart ('cycle A (LTP)', '--- Run A ---'; 'run a new sample', 'sweep I-V', 'Sweep V: 0 to 1 V' are words)."""
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    words = [t for t, _, _ in tokens]
    found = []
    for k, word in enumerate(words):
        if not CYCLE_WORD.match(word):
            continue
        j = k + 1
        while j < len(words) - 1 and _NUMBER_WORD.match(words[j]):
            j += 1
        after = spelled_number(words, j)
        if after is not None and (len(words[j]) > 1 or _APART.match(text, tokens[j][2])):
            last = j + after[2] - 1
            found.append((after[0], text[tokens[j][1]:tokens[last][2]], k, last, len(words)))  # as written
            continue
        for i in (k - 2, k - 1):  # 'third cycle', 'twenty first run'
            before = word_number(words, i) if i >= 0 else None
            if before is not None and before[1] and i + before[2] == k:
                found.append((before[0], text[tokens[i][1]:tokens[k - 1][2]], i, k, len(words)))
                break
    return found


def spelled_refusal(label):
    """The words of the refusal of a column's name that spells its cycle as `label` (one of :func:`spelled_labels`),
    with the number in digits that would be read ('cycle three': 'G (uS) cycle 3')."""
    return (f"names its cycle as {label[1]!r}, which is not read: write its number in digits (e.g. 'G (uS) cycle "
            f"{label[0]}')")
