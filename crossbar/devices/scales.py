"""A scale written in words in a column's name or a note (``G (uS) by 1000``, ``G (uS) X1000``, ``G (uS) (k)``,
``# amplifier gain 1000``): never read, so refused, as ``G x1e-6`` is (:mod:`.columns`). A dropped scale loads the
values 10 ... 1000 times off with status 0 (probe 13a S2, probe 14a S3), so the rule is by what a number is, not
by a list of the words a scale may be written in.

In a **name** (:func:`name_scale`) a number says what it labels or it is refused: a number or number word (``ten``,
``thousand``, ``k``, ``M``) is read only as part of a label, i.e. glued to a word (``c2``, ``D12``, ``G+1``), after a
label's word (``cycle 1000``, ``run 10``, ``sample 3``, ``set 1``, ``after 1000 pulses``, ``#3``), alone after the
quantity or its unit as a whole number (``G (uS) 3``: a cycle), an ordinal (``1st``), a size (``4x4``), a date, or a
value with a unit of time, voltage, length, temperature or frequency or a count (``10 ms pulses``, ``300 K``). Any
other number is a possible scale (``by 1000``, ``factor 1000``, ``gain 1000``, ``X1000``, ``in 1000s``,
``thousand``, ``ten times``, ``x ten``, ``(k)``).

In a **note** (:func:`note_scale`), free text, a number is a scale where a word of multiplying stands before it
(``x``, ``by``, ``times``, ``per``, ``factor``, ``scale``, ``gain``, ``multiplied``, ``divide``, ... in any case,
``# scale factor: 1000``, ``# all values X1000``, ``# divide by 1000 to get S``), or after it (``1000x``, ``1000 times
larger``), and in ``thousands``/``1000s``; not where the number counts or measures something (``# measured by 2
operators``, ``# 30 pulses by 1 ms``, ``# pulsed 1000 times``, ``# 4x4 array``, ``# pad 100x100 um``). A bare
``x`` before a factor that is no power of ten (``# ramp x2``, ``# x2 averaging``) is none unless a word of scaling
is in the note (``# gain x 2``). A gain in volts per ampere (``# TIA gain 1e6 V/A``) is a transimpedance amplifier's,
which the instrument undoes before it gives the values in their unit: none. A number in a time of day (``# times:
10:00``) or a date, and one after a size's first factor and its unit (``# 2 um x 2 um``), are none.

A note that is **only a number** (:func:`bare_number`) is a possible scale unless it is a whole number of two digits
or more that is no power of ten, or 0 or 1 (``# 17``, ``# 2024``: a sample's, a run's or a year's number).
"""

from __future__ import annotations

import math
import re

from .checks import clipped
from .cycle_vocabulary import among
from .quantity_vocabulary import QUANTITY_WORDS
from .unit_names import BASE, PREFIX, any_unit, number_before, unit as _unit, word_pattern

__all__ = ["SCALE", "name_scale", "scale_refusal", "ScaleInName", "note_scale", "written_scale", "stated_scale",
           "bare_number", "per_current", "value_of_another"]

#: A power of ten or a factor written with digits and signs ('G x1e-6', 'G (S) x 1e-6', 'x10^-6', '/1e3',
#: '\u00d710\u207b\u2076'): never read, so refused in a name, and in a note as :func:`written_scale` says.
SCALE = re.compile(r"(?<![A-Za-z0-9.])(?:(?:\d+\.?\d*|\.\d+)[eE][+\-\u2212]?\d+|[eE][+\-\u2212]\d+)"
                   r"|10\s*(?:\^|\*\*)\s*[+\-\u2212]?\d+|10[\u207a\u207b]?[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+"
                   r"|(?<![A-Za-z0-9])[x\u00d7*\u00b7/\u00f7]\s*\d")
# A note's words that say its number is a scale of the values ('# scale 1e-3', '# factor 1e-3', '# in units of
# 1e-3 uS').
_SCALE_WORDS = re.compile(r"\b(?:scal\w*|factors?|multipl\w*|divid\w*|times|units?|thousands|millions)\b", re.I)
# The words that name a quantity (a note's '# G0 = 1e-6 S' gives a value of one).
_NAMED = {*QUANTITY_WORDS, "i_read"}

_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "fifty": 50, "dozen": 12, "hundred": 100,
                 "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Number words in the plural: 'in thousands'.
_PLURALS = {w + "s" for w in ("ten", "hundred", "thousand", "million", "billion", "trillion", "dozen")}
# Words that label the number after them in a name (lower case): a cycle, run, sample, set, a place on a chip ...
_LABEL_WORDS = set("""
cycle cycles cyc c run runs sweep sweeps rep reps repetition repetitions trial trials meas measurement measurements
no nr num number n sample samples specimen device devices dev d cell cells chip chips die dies wafer wafers
pad pads set sets iteration iterations iter it train trains pulse pulses step steps day days week weeks batch lot
block row col column file port channel ch smu electrode site pos position point id index idx array crossbar element
node structure loop epoch round seq sequence group film stack layer ltp ltd potentiation depression reset ref
release test tests exp experiment curve trace series pass scan probe reading segment measured
of after before at from to and vs with t temp temperature v vset vreset version ver rev
p spike spikes write writes stimulus stimuli event events count shot shots impulse impulses
""".split())  # the last line: a pulse's words, as cycle_marks reads them ('G (uS) spike 3' was "a scale", 20a M1)
_QUANTITY_WORDS = {*QUANTITY_WORDS, "read", "time", "t"}  # 'Leitwert (1/kOhm)': no scale 1 (probe 31a, D31-4)
# Units of what is no value of the curve: time, voltage, length, temperature, frequency, a percentage of a duty cycle.
_OTHER_UNIT = re.compile(r"(?:[munpkf\u00b5\u03bc]?s|sec|secs|seconds?|min|mins|minutes?|h|hrs?|hours?"
                         r"|[munk\u00b5\u03bc]?V|[kMG]?Hz|[munpcdk\u00b5\u03bc]?m|\u00c5|K|\u00b0C?|\u00b0F|degC|C)")
# Words that are no count, though plural: what a scale multiplies, or a unit of the values.
_NO_COUNT = {"values", "units", "times", "thousands", "hundreds", "millions", "billions", "ohms", "siemens", "amps",
             "mhos", "tens"}
_NUMBER = r"\d[\d,]*(?:\.\d+)?(?:[eE][+\-\u2212]?\d+)?|\.\d+"
# A name's tokens: a number (with letters glued after it), a word (with a number glued after it), any other sign.
_TOKENS = re.compile(r"(?P<num>" + _NUMBER + r")(?P<suffix>[^\W\d_]*)|(?P<word>(?:[^\W\d_]|\u2127)+)(?P<glued>\d[\d,.]*)?"
                     r"|(?P<sign>\S)")
# Words of multiplying: a number beside one is a scale (a name's number is one anyway unless it labels something).
_SCALE_WORD = re.compile(r"x|\u00d7|\*|\u00b7|by|times|per|fold|factors?|scal\w*|gains?|mult\w*|multipl\w*|divid\w*"
                         r"|divide|amplif\w*|magnif\w*|conversion|converted|over", re.IGNORECASE)
_OPERATORS = {"x", "\u00d7", "*", "\u00b7"}
# A unit's base after a space ('k ohm', 'M Ohm'): the 'k' before it is a prefix set apart, not a thousand
_BASE_APART = re.compile(rf"\s+(?:{'|'.join(map(re.escape, sorted(BASE, key=len, reverse=True)))})(?![^\W\d_])")
# Words a note may write between a scale word and its number ('scale factor: 1000', 'multiplied by a thousand').
_BETWEEN = re.compile(r"(?:\s|[:=~]|\bof\b|\bis\b|\bwas\b|\bby\b|\ban?\b|\bup\b|\bdown\b|\bto\b|\babout\b|\bapprox\.?"
                      r"|\bfactors?\b|\bscale\b|\bgain\b)*", re.IGNORECASE)


def _value(token):
    """The number a token writes (digits, a number word), or None."""
    word = token.lower()
    if word in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[word])
    if word in ("k", "m"):
        return 1e3 if word == "k" else 1e6
    try:
        return float(token.replace(",", "").replace("\u2212", "-"))
    except ValueError:
        return None


def _power_of_ten(value):
    """Whether `value` is 10, 100, 1000, ... or 0.1, 0.01, ...: what a unit's prefix changes the values by."""
    if value is None or value <= 0 or value == 1:
        return False
    exponent = round(math.log10(value))
    return exponent != 0 and abs(value / 10.0 ** exponent - 1) < 1e-9


def _counts(rest):
    """Whether the text after a number says what it counts or measures ('pulses', ' ms', '% duty'): a count noun,
    or a unit of something that is no value of the curve; ' values', ' uS', ' to get S' are none."""
    m = re.match(r"\s*(?:-\s*)?(?:of\s+)?(?P<word>[^\W\d_]+|\u00b0[CF]?|%)", rest)
    if m is None:
        return False
    word = m.group("word")
    if re.match(r"\s*/", rest[m.end():]):  # '1000 V/A' is a transimpedance gain, no voltage
        return False
    if _OTHER_UNIT.fullmatch(word) and _unit(word) is None:
        return True
    lower = word.lower()
    return lower not in _NO_COUNT and any_unit(word) is None and not _SCALE_WORD.fullmatch(lower) and (
        len(lower) >= 4 and lower.endswith("s") or lower in ("pulse", "cycle", "read", "step", "point", "epoch",
                                                            "operator", "device", "sample", "measurement", "run"))


def _tokens(text):
    return list(_TOKENS.finditer(text))


def _number_of(token):
    """(value, is written in digits) of a token that is a number or a number word, or None."""
    if token.group("num") is not None:
        return _value(token.group("num")), True
    word = token.group("word")
    if word is not None and token.group("glued") is None and (word.lower() in _WORD_NUMBERS or word in ("k", "K", "M")
                                                              or word.lower() in _PLURALS):
        return (_value(word.lower().rstrip("s")) if word.lower() in _PLURALS else _value(word)), False
    return None


# A unit in words that ends where a word ends ('megohms', 'MicroSiemens', 'GIGA MHOS'): a number after it is a cycle's
# or a column's, as after 'uS' ('R / megohms #2' was "'2' is a scale written in the name", probe 22a, D22-7).
_UNIT_IN_WORDS = re.compile(word_pattern() + r"$")


def _previous_word(tokens, at):
    """The token of the word or number before token `at`, past signs ('cycle #3', 'G+1', 'run=2'), or the closing
    bracket of a unit ('G (uS) 3'); None at the start."""
    for k in range(at - 1, -1, -1):
        token = tokens[k]
        if token.group("sign") is None or token.group("sign") in ")]":
            return token
    return None


def _start(tokens, at):
    """Where a scale found at token `at` starts, for the message: the words of scaling before it ('multiplied by
    1000', 'in thousands', 'gain 1000')."""
    start = at
    for k in range(at - 1, -1, -1):
        token = tokens[k]
        word = token.group("word")
        if word is not None and token.group("glued") is None and (_SCALE_WORD.fullmatch(word) or (
                not among(word, _LABEL_WORDS) and word.lower() not in _QUANTITY_WORDS and _unit(word) is None)):
            start = k  # 'multiplied by', 'in', 'mult.', an unknown word: why it is refused
        elif token.group("sign") is not None and token.group("sign") in ":=." and k > 0:
            continue
        else:
            break
    return tokens[start].start()


def name_scale(text):
    """(start, end) of the first number in a column's name `text` (its read voltage taken out) that labels nothing,
    a possible scale, or None. See the module's docstring for what a label is."""
    tokens = _tokens(text)
    for at, token in enumerate(tokens):
        following = text[token.end():]
        glued, word = token.group("glued"), token.group("word")
        if glued is not None:  # 'c2', 'D12', 'cycle1' are labels; 'X1000', 'by1000', 'x10' scales
            if _SCALE_WORD.fullmatch(word) and not re.match(r"\s*[-,]?\s*[Yy]\d", following):  # 'X12-Y3' is a place
                return _start(tokens, at), token.end()
            continue
        number = _number_of(token)
        if number is None:
            continue
        value, digits = number
        suffix = token.group("suffix") or ""
        if digits and suffix:
            if re.fullmatch(r"st|nd|rd|th", suffix, re.IGNORECASE):
                continue  # '1st cycle'
            if suffix.lower() == "x" or suffix in _OPERATORS:
                if re.match(r"\s*\d", following):
                    continue  # '4x4'
                return _start(tokens, at), token.end()
            if suffix.lower() == "s" and _power_of_ten(value) and not _counts(following):
                return _start(tokens, at), token.end()  # 'in 1000s'
            if suffix.lower() == "fold" or _unit(suffix) is not None:
                return _start(tokens, at), token.end()  # '1000fold', '100uS'
            continue  # '10ms', '300K', '3a'
        if not digits and token.group("word") in ("k", "K", "M") and _BASE_APART.match(following):
            continue  # 'R (k ohm)': an unknown unit, refused as one (it was 'a scale written in the name')
        if not digits and token.group("word") in ("k", "K", "M") and (at == 0 or tokens[at - 1].group("num")):
            continue  # a name 'k' or 'M' alone is a pulse column's or a word; '300 K' the unit of its number
        if at and tokens[at - 1].group("num") and (tokens[at - 1].group("suffix") or "").lower() in ("x", "\u00d7") \
                and tokens[at - 1].end() == token.start():
            continue  # the second number of a size, '4x4'
        if _counts(following):
            continue  # '10 ms pulses', 'thousand pulses', '300 K'
        after = re.match(r"\s*([^\W\d_]+|[\u00d7*])", following)
        if after and (after.group(1).lower() in ("x", "\u00d7", "*") and re.match(r"\s*[x\u00d7*]\s*\d", following,
                                                                                   re.IGNORECASE)):
            continue  # '4 x 4'
        if after and _SCALE_WORD.fullmatch(after.group(1)) and after.group(1).lower() not in ("over", "per", "by"):
            return _start(tokens, at), token.end() + after.end()  # 'ten times', '10 x'
        previous = _previous_word(tokens, at)
        before = None if previous is None else (previous.group("word") or previous.group("num") or "")
        if previous is not None and previous.group("sign") is None and previous.group("word") is not None and \
                previous.group("glued") is None and (among(before, _LABEL_WORDS) or before.lower() == "k" and among(
                    (_previous_word(tokens, tokens.index(previous)) or previous).group(), _LABEL_WORDS)):
            continue  # 'cycle 1000', 'run 10', 'sample 3', 'after 1000 pulses', 'pulse k=3'
        if at and tokens[at - 1].group("sign") == "#" and re.fullmatch(r"\d+\.\d+", token.group("num") or ""):
            continue  # '#1.1': pandas' copy of '#1' (cycle_marks names it), as 'cycle 1.1' (probe 20a, M1)
        if previous is not None and previous.group("num") is not None and previous.end() < token.start() and \
                text[previous.end():token.start()].strip() in ("-", ".", ":", "/", ",", "") and digits:
            continue  # '2024-05-01', '10:00': the number before it says what it is
        if not digits and (value is None or value >= 10 or token.group("word").lower() in _PLURALS):
            if previous is not None and previous.group("word") is not None and previous.group("glued") is None \
                    and among(before, _LABEL_WORDS):
                continue
            return _start(tokens, at), token.end()  # 'thousand', 'thousands', '(k)', 'ten'
        bare = previous is None or previous.group("sign") is not None or previous.group("glued") is not None or (
            previous.group("word") is not None and (before.lower() in _QUANTITY_WORDS or _unit(before) is not None
                                                    or _UNIT_IN_WORDS.search(text, 0, previous.end())))
        if bare and (not digits or re.fullmatch(r"\d+", token.group("num"))):
            continue  # 'G (uS) 3', 'G+1', 'G_2', 'G (uS) (1)': a cycle's or a column's number
        if bare and re.fullmatch(r"\.\d+", token.group("num")) and token.start() > 0 and text[token.start() - 1] \
                not in " \t" and token.end() == len(text.rstrip()):
            continue  # pandas' duplicate 'G (uS).1'
        return _start(tokens, at), token.end()
    return None


class ScaleInName(ValueError):
    """A column's name refused for a number that labels nothing (:func:`scale_refusal`): `text` is the name as read,
    `span` (start, end) what the refusal quotes of it and `label` the word before the number where it is said to be a
    number after a word not read as a label (else None: "a scale"), so that a reader of names asks what the rest names
    without reading the message (the offsets reader: is 'W-1-P/uS' a device's name without '1-P/uS'?)."""

    def __init__(self, message, text, span, label=None):
        super().__init__(message)
        self.text, self.span, self.label = text, span, label

    @property
    def rest(self):
        """The name as read without what the refusal quotes."""
        return self.text[:self.span[0]] + self.text[self.span[1]:]


def scale_refusal(name, text, start):
    """The :class:`ScaleInName` of column `name` (clipped) whose name as read, `text`, holds from `start` on a number
    that labels nothing (where :func:`name_scale` or a power of ten found it): a whole number after a word that is no
    label read ('G (uS) foo 3') is said to be so (probe 20a, M1: such labels were all called "a scale"); any other is
    a possible scale. What it quotes is clipped."""
    written, span = clipped(text[start:]), (start, len(text))
    label = re.match(r"([^\W\d_]+)\s*[:=#_.-]?\s*(\d{1,9})(?![\w.,])", written.strip())
    word, said = (label.group(1), label.group()) if label is not None else ("", "")
    if label is not None and not SCALE.match(said) and not _SCALE_WORD.fullmatch(word) and _value(word) is None \
            and _unit(word) is None:  # 'e-6' is a power of ten
        return ScaleInName(f"column {name!r}: {said!r} is a number after {word!r}, a word not read as a label, so it "
                           "may be a scale of the values, which is not read; name what it numbers with a word that is "
                           f"read, e.g. 'cycle {label.group(2)}', 'sample {label.group(2)}' or 'pulse "
                           f"{label.group(2)}', or drop it", text, span, word)
    return ScaleInName(f"column {name!r}: {written!r} is a scale written in the name, which is not read (the values "
                       "would be taken as they are); give the values' unit instead, e.g. 'G (uS)' (a label's number "
                       "after a word that names it: 'cycle 3', 'sample 3')", text, span)


# A unit of voltage per current after a number ('1e6 V/A', '1 MV/A', '10 mV/nA') or, after a gain, of resistance ('gain
# 1e6 Ohm'): a transimpedance amplifier's gain, which turns the current it measures into a voltage. Values named in
# siemens, amperes or ohms are what the instrument gives after undoing it; a gain with no unit ('gain 1000', '60 dB')
# may be a scale of the values and is refused.
_TRANSIMPEDANCE = re.compile(r"\s*[munpkMG\u00b5\u03bc]?V\s*/\s*[munpfk\u00b5\u03bc]?A(?![A-Za-z])")
_GAIN_OHMS = re.compile(r"\s*(?:" + "|".join(sorted(PREFIX, key=len, reverse=True)) + ")(?:"
                        + "|".join(sorted((b for b, q in BASE.items() if q == "resistance"), key=len, reverse=True))
                        + r")(?![A-Za-z])|\s*" + word_pattern("resistance"))  # every unit of resistance a name reads
# A number that is part of a time of day or a date ('10:00', '01.05.2024', '2024-05-01', '05/01/2024').
_CLOCK_OR_DATE = re.compile(r"\d{1,2}:\d{2}|\d{1,4}([.\-/])\d{1,2}\1\d{1,4}(?![\d.])")


def _measures(rest, word=""):
    """Whether the text after a note's number says it measures something ('pulses', ' ms', '% duty', ' V/A'; ' Ohm'
    after a `word` 'gain'), so that the number is no scale of the values."""
    return _counts(rest) or bool(_TRANSIMPEDANCE.match(rest)) or (
        word.lower() in ("gain", "gains") and bool(_GAIN_OHMS.match(rest)))


# 'times' after a number that says how often ('# pulsed 1e3 times'), not by how much ('# 1e3 times larger').
_HOW_OFTEN = re.compile(r"\s*times\b(?!\s*(?:larger|smaller|higher|lower|greater|bigger|more|less|above|below|the|too"
                        r"|of|to|as)\b)", re.IGNORECASE)


def _measured(rest, quantity):
    """Whether the text after a note's number gives it a unit of another quantity than the values' (`quantity`) or
    says what it counts: '1e-4 A' over conductances is a compliance, '1e-6 S' over them may be their scale."""
    if _measures(rest) or _HOW_OFTEN.match(rest):
        return True  # '# 1e6 cycles', '# pulsed 1e3 times'
    m = re.match(r"\s*([^\W\d_]+(?:-[^\W\d_]+)?)(?![/\w])", rest)
    found = None if m is None else any_unit(m.group(1))  # '1e-4 A', '1e6 kiloohm' alike
    return found is not None and found[0] != quantity


# A voltage per current after a number ('1e6 V/A', '1 MV/A'): a transimpedance gain, its 'A' no unit of the values.
def _per_current_before(text, end):
    """Whether ``text[:end]`` ends in a voltage per, after a number ('1e6 V/', '1 MV /  ', '5mV/'), walked back from
    `end`: a search of ``text[:end]`` for each unit of a note took seconds over a note of 8,000 words."""
    k = end - 1
    for expected in "/V":
        while k >= 0 and text[k].isspace():
            k -= 1
        if k < 0 or text[k] != expected:
            return False
        k -= 1
    if k >= 0 and text[k] in "munpkMG\u00b5\u03bc":  # the voltage's prefix
        k -= 1
    return number_before(text, k + 1)


def per_current(text, at):
    """Whether the '/' at `at` of a note divides a voltage after a number by a current ('# TIA gain 1e6 V/A')."""
    return _per_current_before(text, at + 1)


def value_of_another(text, at, written, quantity=None):
    """Whether the unit `written` at `at` of a note is a value's of another quantity than the values' (`quantity`,
    conductance by default): a number or a voltage per current before it ('# compliance 100 uA', '# 100uA CC',
    '# TIA gain 1 MV/A' over conductances). One of theirs ('# G0 = 100 uS' over 'pulse,G') may be their unit."""
    if number_before(text, at) or _per_current_before(text, at):
        return _unit(written) is None or _unit(written)[0] != (quantity or "conductance")
    return False


def _in_clock_or_date(text, start):
    """Whether the number at `start` of `text` begins or continues a time of day or a date."""
    return any(m.start() <= start < m.end() for m in _CLOCK_OR_DATE.finditer(text))


# A size's first factor before 'x' or 'by', with its unit of length ('2 um x 2 um', '100 nm by 100 nm', '2um x 2um').
_SIZE_BEFORE = re.compile(r"\d\s*(?:[munpc\u00b5\u03bc]?m)?\s*$")


def _note_scale_words(text):
    return [m for m in re.finditer(r"[^\W\d_]+|[\u00d7*\u00b7]", text) if _SCALE_WORD.fullmatch(m.group())]


_NOTE_NUMBER = re.compile(r"(?P<num>(?:" + _NUMBER + r")(?:\s*(?:\^|\*\*)\s*[+\-\u2212]?\d+)?)"
                          r"|(?P<word>[^\W\d_]+)", re.IGNORECASE)


def _note_number_at(text, at):
    """The match of a number or number word starting at `at` of a note, or None."""
    m = _NOTE_NUMBER.match(text, at)
    if m is None:
        return None
    if m.group("word") is not None and (m.group("word").lower() not in _WORD_NUMBERS and
                                        m.group("word").lower() not in _PLURALS):
        return None
    if m.group("num") is not None and re.match(r"[^\W\d_]", text[m.end():m.end() + 1]) and not re.match(
            r"[eE]", text[m.end():m.end() + 1]):
        return m if re.match(r"(?:x|\u00d7)(?![\w])", text[m.end():], re.IGNORECASE) else None  # '1000x'; '10ms'
    return m


def _note_value(m):
    if m.group("word") is not None:
        word = m.group("word").lower()
        return _value(word.rstrip("s") if word in _PLURALS else word)
    written = m.group("num")
    power = re.search(r"(?:\^|\*\*)\s*([+\-\u2212]?\d+)$", written)
    if power:
        return 10.0 ** int(power.group(1).replace("\u2212", "-"))
    return _value(written)


def note_scale(text):
    """The scale a note (`text`, a '#' line without its '#') writes in words, as written, or None."""
    words = _note_scale_words(text)
    scaling = [w for w in words if w.group().lower() not in _OPERATORS | {"by", "per", "times", "over"}]
    for word in words:
        lower = word.group().lower()
        between = _BETWEEN.match(text, word.end()) if lower not in _OPERATORS else re.compile(r"\s*").match(
            text, word.end())
        number = _note_number_at(text, between.end())
        if number is None:
            continue
        value, rest = _note_value(number), text[number.end():]
        gain = "gain" if re.search(r"\bgains?\b", text[word.start():between.end()], re.IGNORECASE) else lower
        if value == 1 or _measures(rest, gain) or _in_clock_or_date(text, number.start()):  # 'amplifier gain 1e6 Ohm'
            continue  # '# gain 1', '# 30 pulses by 1 ms', '# by 2 operators', '# TIA gain 1e6 V/A', '# times: 10:00'
        if _SIZE_BEFORE.search(text[:word.start()]) and lower in ("x", "\u00d7", "*", "by"):
            continue  # '# 4x4 array', '# 10 by 10 pads', '# 2 um x 2 um'
        if lower in _OPERATORS and (not _power_of_ten(value) and not scaling or re.match(r"\s*[-,]?\s*[Yy]\d", rest)):
            continue  # '# ramp x2', '# x2 averaging', '# die X10-Y5'
        return text[word.start():number.end()].strip()
    for m in re.finditer(r"(?<![\w.])(" + _NUMBER + r")\s*(x|\u00d7|times|fold|-fold)(?![\w])", text, re.IGNORECASE):
        value, rest, said = _value(m.group(1)), text[m.end():], m.group(2).lower()
        if said == "times" and _HOW_OFTEN.match(m.group(2) + rest):
            continue  # '# pulsed 1000 times', '# 10 times measured'
        if re.match(r"\s*\d", rest) or value == 1:
            continue  # '# 4 x 4 crossbar'
        if said in ("x", "\u00d7") and not _power_of_ten(value) and not scaling:
            continue  # '# 2x averaging'
        return m.group().strip()
    for m in re.finditer(r"(?<![\w.])(?:(?:hundreds|thousands|millions|billions)|(?:10+)s)(?![\w])", text,
                         re.IGNORECASE):
        if not _counts(text[m.end():]):
            start = m.start()
            before = re.search(r"\bin\s+$", text[:start], re.IGNORECASE)
            return text[before.start() if before else start:m.end()].strip()  # '# in thousands', '# in 1000s'
    return None


def written_scale(text, quantity="conductance"):
    """The power of ten or factor a note writes ('1e-6', 'x1e-6', '10^-6', 'x2', 'gain 1000'), or None; a size
    ('4 x 4', '2 um x 2 um') is none, and so is a number that measures something else than the values, `quantity`
    ('# 1e6 cycles', '# pulse 1e-3 s', '# compliance 1e-4 A' over conductances). Over a header that names no unit,
    any other is refused ('# 1e-6 S' over conductances: a value, or the values' scale?)."""
    return _power_scale(text, quantity) or note_scale(text)  # '# amplifier gain 1000' (probe 13a S2, 14a S3)


def _power_scale(text, quantity=None):
    """The power of ten or factor a note writes with digits and signs ('1e-6', 'x1e-6', '10^-6', 'x2'), or None; with
    a `quantity`, not one followed by a count or a unit of another quantity ('1e6 cycles', '1e-4 A' over siemens)."""
    for m in SCALE.finditer(text):
        bare = m.group(0)[:1] in "x\u00d7*\u00b7/\u00f7" and not re.match(
            r"[^\d]\s*(?:\d+\.?\d*[eE]|10\s*(?:\^|\*\*)|10[\u207a\u207b\u2070-\u2079\u00b9\u00b2\u00b3])",
            text[m.start():])
        if bare and _SIZE_BEFORE.search(text[:m.start()]):
            continue  # '4 x 4', '2 um x 2 um'
        if quantity is not None and not bare and _measured(text[m.end():], quantity):
            continue  # '# endurance 1e6 cycles', '# pulse 1e-3 s', '# TIA gain 1e6 V/A', '# compliance 1e-4 A'
        end = re.match(r"[x\u00d7*\u00b7/\u00f7]?\s*[^\s,;]*", text[m.start():]).end()
        return text[m.start():m.start() + end]
    return None


def stated_scale(text):
    """The scale a note states for the values ('# scale 1e-3', '# x 1e-3', '# G in 10^-3 uS', '# 1e-3', '# factor
    1000', '# gain x 10'), or None, over a header that names a unit; a number given as a value ('# tON = 1e-3 s',
    '# compliance 1e-4 A', '# 1e6 pulses'), a size ('4 x 4') or a factor that is no power of ten written as one
    with no word of scaling ('# ramp x2') is none."""
    scale = _power_scale(text)
    if scale is None:
        return note_scale(text)
    at = text.index(scale)
    before, after = text[:at], text[at + len(scale):]
    rest = [w for w in re.findall(r"[A-Za-z\u00b5\u03bc]\w*", before + " " + after) if w.lower() not in _NAMED and
            _unit(w) is None] or re.findall(r"[=:]", text)  # '# G0 = 1e-6 S' gives a value
    power = re.search(r"[eE^\u2070-\u207b\u00b9\u00b2\u00b3]|\*\*", scale)  # 'x1e-3', 'x10^-3'; 'ramp x2' is no scale
    if scale[:1] not in "x\u00d7*\u00b7/\u00f7" and _HOW_OFTEN.match(after):
        return note_scale(text)  # '# stimulus 1 V, 1 ms, 1e3 times': how often
    if (scale[:1] in "x\u00d7*\u00b7/\u00f7" and power or re.search(r"(?:/|\bin\b)\s*$", before, re.IGNORECASE)
            or _SCALE_WORDS.search(text) or not rest):
        return scale
    return note_scale(text)


# A note that is only a number: a sign, digits (thousands by ',', '_' or spaces; a decimal point or comma), an exponent
# or a power ('1e3', '10^3', '10**3', '10\u00b3'), an operator, a ratio or a prefix's letter beside it ('x1000',
# '1/1000', '1:1000', '1000x', '1k'), in brackets or after '=' or ':', a sentence's dot or a spreadsheet's empty
# cells (',,') after it.
_ONLY_A_NUMBER = re.compile(
    r"\s*[\(\[]?\s*[=:]?\s*(?P<op>[x\u00d7*\u00b7/\u00f7]\s*|1\s*[/:]\s*)?(?P<sign>[+\-\u2212])?\s*"
    r"(?P<num>\d{1,3}(?:[,_ ]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d*)?|[.,]\d+)"
    r"(?P<power>\s*(?:[eE][+\-\u2212]?\d+|(?:\^|\*\*)\s*[+\-\u2212]?\d+"
    r"|[\u207a\u207b]?[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+))?\s*(?P<suffix>[x\u00d7]|[kM])?\s*[\)\]]?"
    r"\s*[.,;]*\s*$")


def bare_number(text):
    """The number a note (`text`, a '#' line without its '#') writes alone, as written, where it may be a scale of the
    values, or None. Read: a whole number of two digits or more that is no power of ten ('# 17', '# 2024', '# 365'),
    and 0 or 1, which scale nothing: a sample's, a run's or a year's number. Refused: a power of ten ('# 10', '# 1000',
    '# 1,000', '# 1e3', '# 10^3'), a decimal ('# 0.001', '# 2.5', '# 1,5'), a signed number ('# -1000'), and one written
    with an operator or a prefix ('# x1000', '# 1000x', '# 1k'): what a scale of the values is written as (a scale is
    never read: the values would be taken as they are), and nothing else a bare number in a note is likely to be."""
    m = _ONLY_A_NUMBER.fullmatch(text)
    if m is None:
        return None
    number = m.group("num")
    whole = re.fullmatch(r"\d+[.,]?|\d{1,3}(?:[,_ ]\d{3})+", number)  # '17.': a sentence's dot
    if whole and not (m.group("op") or m.group("sign") or m.group("power") or m.group("suffix")):
        value = int(re.sub(r"[,_ .]", "", number))
        if value in (0, 1) or not _power_of_ten(float(value)):
            return None  # '# 17', '# 2024', '# 2,000': a sample's, a run's, a year's number
    return text.strip()
