"""What may stand in a value column's name beside its quantity and unit: read as a grammar, the rest refused.

A name is ``[labels] QUANTITY [labels] [UNIT] [labels]`` (``G (uS)``, ``device 3 G (uS) cycle 2``, ``G_c1 (uS)``,
``Conductance in nS``). :mod:`.columns` reads the quantity and the unit and takes the unit out; what is left is
read here, token by token, and must be labels: words (``cycle``, ``LTP``, ``mean``, ``sample A``), numbers that
label something (:func:`.scales.name_scale` says which) and punctuation. Closed by default: anything else is
refused naming the token, so that a value that is no curve in the unit named never loads with status 0 (probe 15a,
S4, Q1, N3: ``G (uS) 1k``, ``G*1000 (uS)``, ``log10 G (uS)``, ``G (uS) ppm`` loaded as ``G (uS)``):

- a sign that is no punctuation (Unicode's symbols and other numbers: ``*``, ``\u00d7``, ``\u2715``, ``\u22c5``,
  ``\u2022``, ``^``, ``\u00b2``, ``\u221a``, ``\u00b1``, ``%``, ``\u2030``), whatever it is;
- a number whose form writes a factor: a prefix glued to it (``1k``, ``1M``, ``1 k``), a ratio of two numbers
  (``1/1000``, ``1:1000``; a date, ``10:00`` and a size ``4x4`` are labels), digits in groups (``1 000``), ``e3``, a
  ``fold`` or ``times`` (``1000-fold``, ``tenfold``, ``3-times``), a prefix's word (``milli``), a quantity glued to a
  multiplication (``Gx1000``, and a Cyrillic or Greek letter that looks like ``x``);
- a unit of a ratio (``ppm``, ``ppb``, ``ppt``, ``dB``);
- a word that makes the values a quantity derived from the measured one (``log``, ``ln``, ``sqrt``, ``squared``,
  ``d``/``delta``/``\u0394`` before the quantity, ``1/``, ``std``, ``sigma``, ``variance``, ``error``,
  ``uncertainty``, ``noise``, ``diff``, ``change``, ``slope``, ``per pulse``, ``/pulse``), or a statistic, model or
  envelope of it (``CI95``, ``IQR``, ``range``, ``MAD``, ``fit``, ``model``, ``smoothed``, ``upper``,
  ``lower``, ``hi``, ``lo``, ``envelope``; probe 16a, F1: a second such column was averaged in as a cycle). A mean,
  median or rms over cycles is the curve and loads.
"""

from __future__ import annotations

import re
import unicodedata

from .cycle_vocabulary import FOREIGN_CYCLE
from .quantity_vocabulary import QUANTITY_WORDS

__all__ = ["unread_part", "message", "unread_cycle_number", "exponent_cycle"]

# The quantity words a derived word may be glued to ('dG', 'logG', 'Gstd'), lower case.
_QUANTITY = tuple(sorted(QUANTITY_WORDS, key=len, reverse=True))
# Words that make the values a quantity derived from the measured one, lower case; a glued one ('Gstd') needs 3 letters.
_DERIVED = {"log", "log10", "log2", "lg", "ln", "sqrt", "squared", "cubed", "delta", "diff",
            "difference", "differences", "change", "changes", "derivative", "deriv", "slope", "gradient", "grad",
            "std", "stdev", "stddev", "sd", "sigma", "var", "variance", "err", "error", "errors", "uncertainty", "unc",
            "noise", "fluctuation", "fluctuations", "spread", "deviation", "sem", "rsd", "inverse", "inv",
            "reciprocal", "increment", "dn", "dt",
            # a statistic, model or envelope of the values, beside them in a column of its own ('G SD (uS)', 'G fit',
            # 'G (uS) (fit)'): read as one more cycle it was averaged in, G with an SD of 0.4 G loaded as 0.7 G
            "stderr", "ci", "iqr", "range", "mad", "fit", "fitted", "model", "modeled", "modelled", "sim",
            "simulation", "simulated", "theory", "theoretical", "pred", "predicted", "prediction", "calc",
            "calculated", "interp", "interpolated", "smooth", "smoothed", "filtered", "ideal", "upper", "lower",
            "hi", "lo", "envelope"}  # not 'exp' (experiment), 'dev' (device), 'cv', 'max'/'min' (a column 'Gmax' loads)
# Greek letters written before a quantity for a change or a spread ('\u0394G', '\u03c3G').
_DERIVED_SIGNS = {"\u0394": "delta", "\u2206": "delta", "\u03b4": "delta", "\u03c3": "sigma", "\u221a": "sqrt",
                  "\u2202": "d"}
# Units of a ratio: the values on a scale of their own, in parts per ..., or in decibels.
_RATIO_UNITS = {"ppm", "ppb", "ppt", "ppq", "db", "dbm", "dbi", "decibel", "decibels", "permille", "promille"}
# Letters glued to a number that make it a factor ('1k', '10M'); 'K' (kelvin) and 'm' (metre) measure something.
_FACTOR_SUFFIX = {"k", "M", "G", "T", "x", "X", "kx", "Kx"}
# Punctuation read in a name as separators (Unicode's other symbols beside these are refused: '\u2715', '\u22c5').
_PUNCTUATION = set("_-.,:;#()[]{}'\"+=/&@!?~|<>`$\\\u00b0\u2103\u207a\u207b\u2212")
_MULTIPLY = set("*\u00d7\u2715\u2716\u2a2f\u2219\u22c5\u2022\u00b7\u2217\u00f7\uff0a\u2062")
_TOKENS = re.compile(r"(?P<num>\d+(?:\.\d+)?)(?P<glued>[^\W\d_]+)?|(?P<word>[^\W\d_]+)|(?P<space>\s+)|(?P<sign>.)",
                     re.S)
_X_LIKE = ("\u0445", "\u0425", "\u03c7", "\u03a7")  # Cyrillic and Greek letters that look like 'x'
_PREFIX_WORDS = {"pico", "nano", "micro", "milli", "centi", "deci", "kilo", "mega", "giga", "tera"}
_GROUP = (" ", "\u00a0", "\u2009", "\u202f", "'")  # the signs a number's digits are grouped by: '1 000'
_LENGTH = re.compile(r"[kcdmun\u00b5\u03bc]?m")


def _derived(word):
    """The derived word `word` is or holds glued to a quantity ('std', 'dG', 'logG', 'Gerr'), or None."""
    lower = word.lower()
    if lower in _DERIVED:
        return word
    if word[:1] in _DERIVED_SIGNS:
        return word[:1]
    for q in _QUANTITY:
        if lower.endswith(q) and len(lower) > len(q):  # 'dG', 'logG', 'sigmaG', 'stdR'
            head = word[:len(word) - len(q)]
            if (head.lower() in _DERIVED or head == "d") and (len(head) > 1 or word[len(head):][:1].isupper()):
                return word if head == "d" else head  # 'dG' (not 'dr') names the derivative, 'log' the log
        if lower.startswith(q) and lower[len(q):] in _DERIVED and len(lower) - len(q) >= 3:  # 'Gstd', 'Gerr'
            return word[len(q):]
    return None


def _is_quantity(word):
    return word is not None and word.lower() in _QUANTITY


def _after_quantity(tokens, kinds, k):
    """Whether token `k` follows the quantity's word with nothing but signs between ('G (uS)/pulse', 'G per')."""
    words = [tokens[j].group("word") for j in range(k) if kinds[j] == "word"]
    return bool(words) and all(_is_quantity(w) for w in words) and not any(kinds[j] == "num" for j in range(k))


def unread_part(rest):
    """(the token, why it is refused) of the first part of `rest` that is no label, or None. `rest` is a value
    column's name as :func:`.columns._named_unit` leaves it: NFKC-folded, its units and read voltage taken out."""
    tokens = list(_TOKENS.finditer(rest))
    kinds = [t.lastgroup if t.lastgroup != "glued" else "num" for t in tokens]
    solid = [k for k, kind in enumerate(kinds) if kind != "space"]

    def around(k, step):  # the next token that is no space, or None
        at = solid.index(k) + step
        return tokens[solid[at]] if 0 <= at < len(solid) else None

    for k in solid:
        token, kind = tokens[k], kinds[k]
        text = token.group()
        before, after = around(k, -1), around(k, 1)
        if kind == "sign":
            if text in _DERIVED_SIGNS and after is not None and _is_quantity(after.group("word")):
                return text, "derived"
            if text in _MULTIPLY:
                return text, "scale"
            if text == "^" and re.match(r"\s*[{(]?\s*[+\-\u2212]?\s*[\d.]", rest[token.end():]):
                return rest[token.start():].split()[0], "derived"  # 'G^2', 'G^-1'; '$G^+$' names a device of a pair
            if text == "^":
                continue
            if text in ("%", "\u2030", "\u2031"):
                return text, "ratio"
            if text == "/" and after is not None and after.group("word") is not None and not after.group(
                    "word").isupper() and _after_quantity(tokens, kinds, k):
                return "/" + after.group(), "per"  # 'G (uS)/pulse', 'G/step': a rate
            if text == "/" and before is not None and before.group() == "1" and after is not None and _is_quantity(
                    after.group("word")):
                return "1/", "derived"  # '1/G'
            if text in (":", "/") and before is not None and after is not None and before.group("num") and \
                    after.group("num") and before.end() == token.start() and after.start() == token.end():
                others = [tokens[j] for j in (solid[solid.index(k) - 2] if solid.index(k) >= 2 else None,
                                              solid[solid.index(k) + 2] if solid.index(k) + 2 < len(solid) else None)
                          if j is not None]
                date = any(o.group() == text for o in others)  # '01/05/2024', '10:00:00'
                clock = text == ":" and re.fullmatch(r"\d{2}", after.group()) and re.fullmatch(r"[01]?\d|2[0-3]",
                                                                                          before.group())
                if not date and (not clock or before.group() == "1" and after.group() == "10"):  # '1:10' a ratio
                    return before.group() + text + after.group(), "scale"  # '1/1000', '1:1000'
            if text in _PUNCTUATION:
                continue
            category = unicodedata.category(text)
            if category == "Cf":
                continue  # a byte-order mark, a word joiner: no sign
            if category in ("Pd", "Ps", "Pe", "Pi", "Pf", "Pc") or text in "\u3001\u3002":
                continue  # dashes, brackets, quotes of any script, CJK commas; not '\u2022', '\u204e', '\u203b'
            if text in "\u00b2\u00b3" and before is not None and before.end() == token.start() and \
                    _LENGTH.fullmatch(before.group()):
                continue  # '10 um\u00b2' a pad's area
            return text, "sign"
        if kind == "num":
            glued = token.group("glued")
            if glued in ("x", "X") and re.match(r"\s*\d", rest[token.end():]):
                continue  # '4x4', a size
            if glued is not None and not glued.isalpha():
                return text, "scale"  # '10\u00b2', a power of the number
            if k and kinds[k - 1] == "word":
                continue  # 'D12k', 'xe9x': the number is part of a label
            if after is not None and after.group("num") and rest[token.end():after.start()] in _GROUP and \
                    re.fullmatch(r"\d{1,3}", token.group("num")) and re.fullmatch(r"\d{3}", after.group()):
                return text + rest[token.end():after.end()], "scale"  # '1 000', a number written in groups
            if glued is not None and (glued in _FACTOR_SUFFIX or glued.lower() in _RATIO_UNITS
                                      or glued.lower().endswith("fold")):
                return text, "scale"  # '1k', '10M', '60dB', '1000fold'
            if after is not None and after.group("word") in ("k", "M") and after.start() - token.end() <= 1:
                return text + rest[token.end():after.end()], "scale"  # '1 k'
            continue
        word = token.group()
        lower = word.lower()
        odd = next((c for c in word if not c.isalpha()), None)  # '\u00b2' is a word character to re, no letter
        if odd is not None:
            at = word.index(odd)
            if not (odd in "\u00b2\u00b3" and _LENGTH.fullmatch(word[:at]) and at == len(word) - 1):
                return odd, "derived" if odd in "\u00b2\u00b3" else "sign"  # 'G\u00b2'
            word = lower = word[:at]  # '10 um\u00b2', a pad's area
        if word in _X_LIKE and after is not None and after.group("num"):
            return word, "scale"  # Cyrillic or Greek 'x' before a number: 'G (uS) \u0445 1000'
        if lower in _PREFIX_WORDS or word == "e" and after is not None and after.start() == token.end() and \
                after.group("num"):
            return word + (after.group() if word == "e" else ""), "scale"  # 'milli', 'e3'
        if lower in _RATIO_UNITS:
            return word, "ratio"
        number = around(k, -2) if before is not None and before.group() == "-" else None
        if lower in ("times", "x") and number is not None and number.group("num"):
            return rest[number.start():token.end()], "scale"  # '3-times', '10-x'
        if lower.endswith("fold"):
            return word, "scale"  # 'tenfold', '1000-fold'
        head = next((q for q in _QUANTITY if lower.startswith(q) and lower[len(q):] in ("x", "by", "times", *_X_LIKE)),
                    None)
        if head and after is not None and after.group("num") is not None and after.start() == token.end():
            return word[len(head):] + after.group(), "scale"  # 'Gx1000'
        derived = _derived(word)
        if derived is not None:
            return derived, "derived"
        if lower in ("d", "delta") and after is not None and _is_quantity(after.group("word")):
            return word, "derived"  # 'd G / d n'
        if lower == "per" and _after_quantity(tokens, kinds, k):
            return word + rest[token.end():].split("(")[0].rstrip(), "per"  # 'G (uS) per pulse'
    return None


_WHY = {
    "scale": "a scale in the name, which would leave the values as they are",
    "ratio": "a unit of a ratio (ppm, %, dB), which would leave the values as they are",
    "derived": "it makes the values a quantity derived from the measured one, not the curve",
    "per": "it makes the values a rate, a change per pulse or step, not the curve",
}


# A cycle's number written with an exponent after a cycle word or '#' ('cycle 3e0', 'Cycle 3E0', 'c3e0', 'run 1e1',
# 'cycle no. 3e0', 'G#3e0', 'R (kOhm) #3e0'): a label's number, no scale, but not read (a spreadsheet's float?).
_EXPONENT_CYCLE = re.compile(
    r"(?:(?<![^\W\d_])(?:cycles?|cyc|cy|c|runs?|sweeps?|reps?|repetitions?|repeats?|trials?|iterations?|iter|loops?"
    r"|rounds?|pass(?:es)?|scans?|meas|measurements?|" + FOREIGN_CYCLE + r"|no|nr|num|number)\.?|#)[\s_:=#.\-]*"
    r"(?P<said>[+\-\u2212]?(?:\d+\.?\d*|\.\d+)[eE][+\-\u2212]?\d+)(?![^\W_]|\.\d)", re.IGNORECASE)


def unread_cycle_number(said):
    """The words of the refusal of a column that names its cycle as `said`, a number in a form that is not read
    ('3e0', '3.0', '1.5', '-1', '\u2460', 10 digits), for every such form alike; the example is its number where
    it is whole ('3e0', '3.0': 'cycle 3'). No such form is read as its value: a cycle is numbered in digits only, in
    columns as in instrument blocks' keys and notes, and '1e1' or '3.0' may be a float written for a label."""
    try:
        value = float(said.replace("\u2212", "-"))
    except ValueError:
        value = None
    number = int(value) if value is not None and value.is_integer() and 0 <= value < 1e9 else 2
    return (f"names its cycle as {said!r}, which is not read: expected a whole number in digits 0-9, at most 9 of "
            f"them, with no sign, decimal point or exponent (e.g. 'G (uS) cycle {number}')")


def exponent_cycle(text):
    """:func:`unread_cycle_number` for a name `text` that writes its cycle's number with an exponent after a cycle
    word or '#' ('G (uS) cycle 3e0', 'G#3e0', 'c3e0'), else None. Read before a power of ten in a name is refused
    as a scale: it was "'3e0' is a scale written in the name" (probe 21a)."""
    found = _EXPONENT_CYCLE.search(text)
    return None if found is None else unread_cycle_number(found.group("said"))


def message(name, part, example):
    """The refusal of column `name` (already clipped) for `part` (:func:`unread_part`), with `example` a name
    that is read ('G (uS)')."""
    token, kind = part
    why = _WHY[kind] + "; " if kind in _WHY else ""
    return (f"column {name!r}: {token!r} is not read ({why}the loader reads a quantity, its unit and labels such as "
            f"'cycle 2'); rename the column, e.g. {example!r}")
