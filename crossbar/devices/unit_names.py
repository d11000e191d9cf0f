"""Units written in names (a column's, a note's): the units that are read, and the tokens that are refused.

A unit is a prefix and a base, each in the case SI writes it (``uS``, ``kOhm``, ``nA``, ``umho``); nothing
else is read as one. Where a name writes a token in a unit's place (in brackets, after ``in``, ``/`` or
``_``), the token is a unit that is read, clearly no unit (:func:`is_label`: a cycle, run, sample or
device number, a number, a date) or refused (:func:`unread_unit`), so that no unit is dropped and the
values read in the SI unit, 10^3 to 10^12 times off (probe 12a, U1).
"""

from __future__ import annotations

import re
import unicodedata

from .cycle_vocabulary import FOREIGN_CYCLE
from .quantity_vocabulary import QUANTITY

_DIGIT = re.compile(r"\d")


def number_before(text, at):
    """Whether the last character of ``text[:at]`` that is not white space is a digit: what follows is a value's
    unit ('# compliance 100 uA', '# read at 0.1 V'). In time linear in the white space walked, where a search of
    ``text[:at]`` for each word of a note made a note of 8,000 words take seconds to read."""
    k = at - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return k >= 0 and _DIGIT.match(text, k) is not None


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
    """(quantity, factor) of a unit such as 'uS', 'mA', 'kOhm', 'umho', or None; a conductance written as a quotient
    ('mA/V', 'uA/mV', '1/kOhm', 'kOhm^-1', 'Ohm-1') too."""
    text = text.strip()
    if (quotient := _QUOTIENT.fullmatch(text)) is not None:
        return _quotient(quotient)
    for base in sorted(BASE, key=len, reverse=True):
        if text.endswith(base):
            prefix = text[: len(text) - len(base)]
            if prefix in PREFIX:
                return BASE[base], PREFIX[prefix]
    return None


def _quotient_grammar(part):
    """A conductance as the quotient it is: a current per volt ('mA/V', 'uA/mV') or a resistance's inverse ('1/kOhm',
    'kOhm^-1', 'Ohm-1', 'MΩ⁻¹' as NFKC writes it), its units' symbols made of `part` ('G (mA/V)' was refused as an
    unknown unit: probe 29a, n19). One grammar for a unit alone and for one among a note's words."""
    return (rf"(?P<current>{part}*A)\s*/\s*(?P<volt>{part}*)V|1\s*/\s*(?P<over>{part}+)"
            rf"|(?P<inverse>{part}+?)\s*(?:\^\s*-\s*1|-1|\u207b\u00b9)")


_QUOTIENT = re.compile(_quotient_grammar(r"[^/\s^]"))


def _quotient(match):
    """(quantity, factor) of a :data:`_QUOTIENT` match that is a conductance, or None."""
    if match.group("current") is not None:
        current, volt = unit(match.group("current")), PREFIX.get(match.group("volt"))
        ok = current is not None and current[0] == "current" and volt is not None
        return ("conductance", float(f"{current[1] / volt:.12g}")) if ok else None
    resistance = unit(match.group("over") or match.group("inverse"))
    ok = resistance is not None and resistance[0] == "resistance"
    return ("conductance", float(f"{1.0 / resistance[1]:.12g}")) if ok else None


#: A conductance written as a quotient among a note's words ('# values in mA/V', '# G (1/kOhm)').
_QUOTIENT_WORD = re.compile(r"(?<![\w/^.])(?:" + _quotient_grammar(r"[^\W\d_]") + r")(?![\w/])")


def note_quotients(text, written):
    """(`text` with each conductance written as a quotient blanked, [(the quotient as `written`, (quantity,
    factor))]); `written` as long as `text`. A note's '1/kOhm' named the unit 'kOhm', a resistance, beside a
    header's 'G (1/kOhm)', and '# values in mA/V' over 'pulse,G' the unit 'mA' (stop 51). A value's unit
    ('# compliance 1 mA/V') is none."""
    found = [(m.span(), unit(m.group())) for m in _QUOTIENT_WORD.finditer(text) if not number_before(text, m.start())]
    found = [(span, parsed) for span, parsed in found if parsed is not None and parsed[0] == "conductance"]
    for (start, end), _ in found:
        text = text[:start] + " " * (end - start) + text[end:]
    return text, [(written[start:end], parsed) for (start, end), parsed in found]


#: The prefixes and bases as words ('microsiemens', 'kiloohm', 'nanomho', 'milliamps'): each is the unit its symbols
#: spell ('micromho' is 'umho'), read in every place a unit is read, by :func:`read_unit` and :func:`any_unit`: a
#: column's name, an instrument's unit key, a gain, a '# values in' note, an offsets header (issue 20: 'micromho' was
#: read nowhere, so '# values in micromho' over 'pulse,G' loaded in S; probe 20a, U4: 'G (microsiemens)', 'Units:
#: kiloohm' and 'G+1 (microsiemens)' were refused while '# values in microsiemens' was read). Glued, with a hyphen or
#: a space, in any case (the prefix is spelled out); 'kilohm' and 'megohm' as they are elided too.
WORD_PREFIX = {"pico": "p", "nano": "n", "micro": "u", "milli": "m", "kilo": "k", "mega": "M", "giga": "G"}
WORD_BASE = {"siemens": "S", "mhos": "mho", "mho": "mho", "amperes": "A", "ampere": "A", "amps": "A", "amp": "A",
             "ohms": "Ohm", "ohm": "Ohm"}
_WORD_PREFIXES = "|".join(WORD_PREFIX)
_WORDS = (r"(?P<prefix>" + _WORD_PREFIXES + r")[-\s]?(?P<base>" + "|".join(WORD_BASE) + r")(?![A-Za-z])"
          r"|(?P<elided>kil|meg)(?P<ohm>ohms?)(?![A-Za-z])")
WORD_UNIT = re.compile(_WORDS, re.IGNORECASE)
#: A base alone in words, in lower case or capitalised ('amperes', 'Amps', 'Siemens', 'ohm'; 'AMPS' is refused as
#: 'OHM' is: a case that is not read): the SI unit ('I (amperes)' was refused where 'I (amps)' loads).
_BARE_WORD = re.compile(r"[Ss]iemens|[Mm]hos?|[Aa]mp(?:ere)?s?|[Oo]hms?")
#: A base alone in words in capitals ('SIEMENS', 'OHM', 'AMPS'): a case that is not read as the values' unit, but the
#: base it spells where a note is compared with a header naming a unit (:func:`lower_bases`).
_CAPITAL_WORD = re.compile(r"(?<![A-Za-z])(?:SIEMENS|MHOS?|AMP(?:ERE)?S?|OHMS?)(?![A-Za-z])")
#: A unit in words with a space ('micro siemens') where a name reads one token: after 'in' or '/' (AFTER_SLASH_OR_IN).
SPACED_UNIT = _SPACED = r"(?i:(?:" + _WORD_PREFIXES + r")\s+(?:" + "|".join(WORD_BASE) + r")(?![A-Za-z]))"
#: A unit in words or a run of letters ('micro-siemens', 'values'): a note's words, each unit in words one of them.
WORDS_OR_LETTERS = re.compile(r"(?i:" + _WORDS + r")|[A-Za-z\u00b5\u03bc\u03a9\u2126\u2127]+")
#: A word that names a unit's prefix, alone or with a base's letter ('micro', 'micros', 'milliA'), or a unit in words.
PREFIX_WORD = re.compile(r"(?:" + _WORD_PREFIXES + r")(?:s|a|\u03a9|\u2126|siemen|[-\s]?(?:" + "|".join(WORD_BASE)
                         + r"))?|kilohms?|megohms?", re.IGNORECASE)


def word_unit(match):
    """The unit, in symbols, of a :data:`WORD_UNIT` match ('nanomho': 'nmho', 'kilohm': 'kOhm')."""
    if match.group("elided"):
        return {"kil": "k", "meg": "M"}[match.group("elided").lower()] + "Ohm"
    return WORD_PREFIX[match.group("prefix").lower()] + WORD_BASE[match.group("base").lower()]


def word_symbol(text):
    """The unit in symbols that `text` writes in words ('micro-siemens': 'uS', 'Kilohm': 'kOhm', 'Amperes': 'A'), or
    None."""
    text = text.strip()
    m = WORD_UNIT.fullmatch(text)
    return word_unit(m) if m else WORD_BASE[text.lower()] if _BARE_WORD.fullmatch(text) else None


def lower_bases(text):
    """`text` with each base in words written in capitals in lower case, as long ('# values in SIEMENS': 'siemens'),
    for a note over a header that names a unit: 'SIEMENS' over 'G (nS)' loaded in nS, while 'siemens' (and 'Siemens',
    'MICROSIEMENS') was refused as two units (probe 22a, D22-6). Over a header naming none it is refused, not read."""
    return _CAPITAL_WORD.sub(lambda m: m.group().lower(), text)


def any_unit(text):
    """:func:`unit` of a unit in symbols or in words ('uS', 'microsiemens', 'micro-siemens', 'kilohm'), or None."""
    found = unit(text)
    symbol = None if found is not None else word_symbol(text)
    return found if symbol is None else unit(symbol)


def unit_tokens(text):
    """The words of `text` (split on spaces, ',' and ';'), a unit in words with a space one ('micro siemens')."""
    return re.findall(_SPACED + r"|[^\s;,]+", text)


def word_pattern(quantity=None):
    """A pattern (no group) of the units of `quantity` (any by default) in words with a prefix ('kiloohm', 'mega-ohms',
    'kilohm' of 'resistance'), and with `quantity` None the bases alone too ('Amperes')."""
    bases = "|".join(w for w, s in sorted(WORD_BASE.items(), key=lambda i: -len(i[0])) if BASE[s] == quantity or
                     quantity is None)
    elided = "|(?:kil|meg)ohms?" if quantity in ("resistance", None) else ""
    bare = "|" + _BARE_WORD.pattern if quantity is None else ""
    return r"(?:(?i:(?:" + _WORD_PREFIXES + r")[-\s]?(?:" + bases + r")" + elided + r")" + bare + r")(?![A-Za-z])"


# Written all in lower case, 'mohm' is milliohm or (as 'kohm' is kOhm) megaohm: 10^9 apart, and a device above
# 1 GOhm read as milliohm is still in range (probe 10a, U1).
AMBIGUOUS = ("mohm", "mohms")


def read_unit(text):
    """:func:`any_unit` of a unit written in a name, ValueError for one whose case does not say its prefix."""
    if text.strip() in AMBIGUOUS:
        raise ValueError(f"unit {text.strip()!r} is milliohm or megaohm (its case does not say which); expected "
                         "'mOhm' for milliohm or 'MOhm' for megaohm")
    return any_unit(text)


# A token spelled as a unit of these quantities in any case, with any SI prefix or none (one letter, µ or Greek
# Mu): 'KOhm', 'US', 'us', 'ns', 'TOhm', 'fS', 'MOHM', 'Μs'. 'us' could be microseconds, 'MOHM' milli- or mega-:
# a case is never guessed.
_SPELLED = re.compile(r"(?:mc|[yzafpnumcdhkgtpe\u00b5\u03bc])?(?:s|siemens|a|amps?|amperes?|ohms?|\u03c9|mhos?|\u2127)",
                      re.IGNORECASE)
# Values on a scale of their own, which no unit turns into conductances.
_NORMALISED = re.compile(r"%|percent|pct|a\.?\s?u\.?|arb\.?(?:\s?units?|\s?u\.?)?|norm(?:ali[sz]ed)?\.?|rel(?:ative)?\.?"
                         r"|dimensionless|-", re.IGNORECASE)
# Clearly no unit: a number (an integer), a cycle, run, set, sample or device label with its number ('cycle 1', 'c1',
# '#1', 'run_2', 'set 1', 'iteration 1', 'pulse train 1', 'D12', 'sample A'), an ordinal with or without its word
# ('1st cycle', '2nd', 'cycle 3rd'; probe 14a, L2), or a date ('2024-05-01', '01.05.2024').
_COUNTED = (r"cycles?|cyc|c|runs?|sweeps?|reps?|repetitions?|trials?|meas|measurements?|sets?|iterations?|iter"
            r"|(?:pulse\s*)?trains?|loops?|series|rounds?|passes|pass|batch(?:es)?|blocks?")
#: What makes a number an ordinal in German, French, Spanish or Italian, glued to it ('1.', '1er', '2e', '2\u00e8me',
#: '1\u00b0', '2\u00ba', '2.\u00ba'; '2o' as NFKC writes '2\u00ba'), read before a cycle word only ('2. Zyklus',
#: '2e cycle': probe 29a, D29-7).
ORDINAL_MARKS = r"(?:\.[\u00ba\u00aaoa]|\.|\u00e8me|eme|\u00e8re|ere|er|re|e|[\u00ba\u00b0\u00aaoa])"
_LABEL = re.compile(
    r"\d+" + ORDINAL_MARKS + r"\s*(?:" + _COUNTED + "|" + FOREIGN_CYCLE + ")"
    r"|(?:(?:" + _COUNTED + r"|#|no\.?|nr\.?|n|" + FOREIGN_CYCLE +
    r"|samples?|devices?|dev|d|cells?|chips?|dies?|wafers?|s)\s*[#._\-=:]?\s*)?\d+"
    r"|(?:(?:" + _COUNTED + r")\s*[#._\-=:]?\s*)?\d+(?:st|nd|rd|th)(?:\s*[._\-]?\s*(?:" + _COUNTED + r"))?"
    r"|(?:samples?|devices?|dev|cells?|chips?|dies?|wafers?)\s*[#._\-=:]?\s*[A-Za-z0-9][A-Za-z0-9.\-]*"
    r"|(?-i:[A-Z][A-Za-z]{0,2}\d+(?:[-.]?[A-Za-z0-9]+)*)"
    r"|\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}", re.IGNORECASE)


# A unit per length or area, or times a length: a conductivity, a density, a resistivity or a sheet resistance, no
# conductance, current or resistance. Per: after '/' or 'per' ('S/cm', 'uS/um2', 'A/cm2', 'S per cm', 'S_per_cm'), a
# square ('Ohm/sq', '\u03a9/\u25a1'), or a length to a negative power ('S cm-1', 'S\u00b7cm\u207b\u00b9', 'S m^-1'); times:
# 'Ohm cm', 'Ohm\u00b7m', 'Ohm um2'. 'G in S cm-1' and 'R in Ohm/sq' were read in S and Ohm (probe 14a, U4).
_LENGTH = r"[kcdmunp\u00b5\u03bc]?m(?![A-Za-z])"
_PER_SIZE = re.compile(
    r"(?P<unit>[A-Za-z\u00b5\u03bc\u03a9\u2126\u2127]+)(?:"
    r"\s*(?:/|[\s_]*(?<![A-Za-z])per(?![A-Za-z])[\s_]*)\s*(?:" + _LENGTH + r"(?:\s*\^?\s*[123\u00b2\u00b3])?"
    r"|sq\.?|squares?|\u25a1|\u25fb|\u25ab)"
    r"|[\s_\u00b7*.\u22c5\u2219]+" + _LENGTH
    + r"(?:\s*\^?\s*(?:\([-\u2212]\s*[123]\)|[-\u2212]\s*[123])|\u207b[\u00b9\u00b2\u00b3])"
    r"|(?P<times>\s*[\u00b7*.\u22c5\u2219]\s*|\s+)" + _LENGTH + r"(?:\s*\^?\s*[23]|[\u00b2\u00b3])?)")
# A word in brackets ending a name after its unit, which is a label too ('G (uS) (mean)'); not one that may be a scale.
_WORDS_ONLY = re.compile(r"(?!.*\b(?:per|times|x|scaled?|factor|thousands?|millions?)\b)[A-Za-z][A-Za-z .\-]*", re.IGNORECASE)
# A name that says its values are normalised outside a unit's place: a ratio to a reference value, written with '/' or
# in words ('G/Gmax', 'G/G0', 'R/R_0', 'G+1/G0', 'G over G0', 'G divided by Gmax', 'G normalised to Gmax'; a subscript
# 'G/G\u2098\u2090\u2093' as NFKC writes it), or a word for values on a scale of their own ('G norm', 'G_normalised', 'relative
# G', 'Gnorm', 'G ratio', 'conductance ratio', 'G fraction', 'G a.u.', 'G arbitrary', 'G percent', 'G unitless'; probe
# 14a, N2: the ratios loaded as siemens); 'G/S', 'G0', 'Gmax', 'iteration' are none.
_LEVEL = (r"(?:[GRI]|cond\w*|res\w*|" + QUANTITY + r")\s*_?\s*(?:0|\u2080|max\w*|min\w*|init\w*|ref\w*|sat\w*|start|first"
          r"|last|peak|final)(?![A-Za-z0-9])")
_NORMALISED_NAME = re.compile(
    r"/\s*" + _LEVEL +
    r"|(?<![A-Za-z])(?:over|divided\s+by|normali[sz]ed\s+(?:to|by)|scaled\s+to|relative\s+to|ratio\s+to|fraction\s+of)"
    r"\s+(?:the\s+)?" + _LEVEL +
    r"|(?<![A-Za-z])" + QUANTITY + r"?(?:norm(?:ali[sz]ed)?|rel(?:ative)?)\.?(?![A-Za-z])"  # 'Leitwertnorm' (31a)
    r"|(?<![A-Za-z])(?:normali[sz](?:ed|ation)|normed|ratios?|fractions?|frac|arbitrary|arb\.?\s*units?|a\.\s?u\."
    r"|percent(?:age)?|unitless|dimensionless)(?![A-Za-z])",
    re.IGNORECASE)
# Every name is read as NFKC writes it, character by character (probe 14a, U5: mathematical bold '\U0001d42e\U0001d412'
# and circled '\u24e4\u24e2' were dropped, read as S): the CJK squares ('\u33c0' kOhm, '\u3382' uA), fullwidth letters
# ('\uff55S') and subscripts ('G\u2098\u2090\u2093': 'Gmax') too. A folded token is then read as its ASCII spelling
# would be, and a CJK square or fullwidth token that is no unit read is refused, as before (probe 13a, U2: '\u33b2',
# '\u338c'). Kept as written: the micro and ohm signs, read as units already (NFKC would write Greek mu and omega),
# and superscript digits and signs, which a power of ten ('10\u207b\u2076', a scale) or of a length ('cm\u207b\u00b9',
# :data:`_PER_SIZE`) is written in.
_KEPT = "\u00b5\u2126\u00b9\u00b2\u00b3\u2070\u2074-\u207e"
_KEEP = re.compile(f"[{_KEPT}]")
_SQUARE = re.compile("[\u3371-\u33df\uff01-\uff5e]")


def _fold(text):
    """(`text` as NFKC writes it but :data:`_KEPT`, [for each of its characters whether it comes from a CJK square
    or a fullwidth sign NFKC changed]); a token in a unit's place so changed and not read is refused ('\u33b2')."""
    if text.isascii():
        return text, [False] * len(text)
    out, changed = [], []
    for c in text:
        folded = c if _KEEP.match(c) else unicodedata.normalize("NFKC", c)
        out.append(folded)
        changed += [folded != c and bool(_SQUARE.match(c))] * len(folded)
    return "".join(out), changed


def compat(text):
    """`text` as NFKC writes it but the micro and ohm signs and superscripts ('R in \u33c0': 'R in k\u03a9',
    'G/G\u2098\u2090\u2093': 'G/Gmax')."""
    return _fold(text)[0]


#: A unit of another quantity, with an SI prefix or none: farad, henry, volt, watt, joule, coulomb, hertz, weber,
#: tesla, newton, pascal, electronvolt, kelvin, second ('G in uF', 'G / pF' loaded as siemens: helper h-names' note).
_OTHER_UNIT = re.compile(r"[YZEPTGMkhdcmu\u00b5\u03bcnpfa]?(?:F|H|V|W|J|C|Hz|Wb|T|N|Pa|eV|K|s)")


def other_unit(token):
    """The unit of another quantity than conductance, current or resistance that `token` spells ('uF'), or None."""
    token = token.strip()
    return token if _OTHER_UNIT.fullmatch(token) and not _cased(token) else None


def per_size(token):
    """Whether a token is a unit of conductance or current per length or area ('S/cm', 'uS/um2', 'A/cm2')."""
    m = _PER_SIZE.fullmatch(token.strip())
    if m is not None and m.group("times") is not None:  # 'Ohm cm', 'Ohm\u00b7m': only after a unit that is read
        return unit(m.group("unit")) is not None
    return bool(m) and (unit(m.group("unit")) is not None or bool(_SPELLED.fullmatch(m.group("unit"))))


# A note that says the values are normalised: the word ('# normalized', '# G normalised to Gmax'; not '# not
# normalised', nor '# time normalised to 1 s'), arbitrary units ('# arbitrary units', '# arb. units'), a ratio to a
# reference value ('# G/Gmax', '# G over G0', '# conductance relative to Gmax'), or '# G ratio' with no number after it
# ('# on/off ratio 10', '# Gmax/Gmin = 10' give a value). They loaded over 'pulse,G' as siemens (probe 14a, N2).
_NORMALISED_NOTE = re.compile(
    r"(?<![A-Za-z])(?<!not )(?<!non )(?<!non-)(?<!un-)(?P<word>normali[sz](?:ed|ation)|normed)(?![A-Za-z])"
    r"|(?<![A-Za-z])(?:arbitrary|arb\.?)\s*units?(?![A-Za-z])|(?<![A-Za-z])a\.\s?u\.(?![A-Za-z])"
    r"|(?<![A-Za-z0-9_])(?:[GRI]|conductances?|resistances?|currents?|values?)\s*(?:/|\u00f7|\bover\b|\bdivided\s+by\b"
    r"|\brelative\s+to\b|\bratio\s+to\b|\bfraction\s+of\b)\s*(?:the\s+)?" + _LEVEL +
    r"|(?<![A-Za-z])(?:G|conductances?|R|resistances?|I|currents?|values?)\s+(?:ratios?|fractions?)(?![A-Za-z])(?!.*\d)",
    re.IGNORECASE)
# What a note's 'normalised' may be said of, other than the values: '# time normalised to 1 s', '# x axis normalized'.
_OTHER_SUBJECT = re.compile(r"(?<![A-Za-z])(?:time|t|pulses?|pulse\s+numbers?|numbers?|widths?|voltages?|v|x|axis"
                            r"|x-axis|steps?)[\s_\-(\[]*$", re.IGNORECASE)
# ... or after it: '# normalised pulse width', '# normalized time' say nothing of the values (probe 15a, F2).
_OTHER_OBJECT = re.compile(r"[\s_\-]*(?:(?:pulse|read|write|set|reset|programming)[\s_\-]+)?(?:time|t|pulses?"
                           r"|pulse\s+numbers?|numbers?|widths?|voltages?|v|x|axis|x-axis|steps?|durations?"
                           r"|amplitudes?|frequenc(?:y|ies)|temperatures?|energ(?:y|ies)|power|lengths?|heights?)"
                           r"(?![A-Za-z])", re.IGNORECASE)


def normalised_note(text):
    """The words of a note that say the values are normalised ('normalized', 'arbitrary units', 'G/Gmax', 'G ratio'),
    or None."""
    text = compat(text)
    for m in _NORMALISED_NOTE.finditer(text):
        if not _OTHER_SUBJECT.search(text[:m.start()]) and not (m.group("word") and _OTHER_OBJECT.match(text, m.end())):
            return m.group().strip()
    return None


def per_size_in(text):
    """The first unit per length or area, or times a length, that `text` (a note) states, not a value's ('# G in
    S/cm', '# G in S cm-1'; not '# compliance 10 A/cm2'), or None."""
    text = compat(text)
    for m in _PER_SIZE_IN.finditer(text):
        if per_size(m.group()) and not number_before(text, m.start()):
            return m.group()
    return None


def squared(text):
    """Whether `text` holds a CJK square or a fullwidth sign ('\u33b2', '\uff55S'): such a token in a unit's place is
    read as NFKC writes it or refused."""
    return bool(_SQUARE.search(text))


def normalised_name(text):
    """The part of a name that says its values are normalised ('/Gmax', 'norm', 'relative'), or None."""
    m = _NORMALISED_NAME.search(text)
    return None if m is None else m.group().strip()


def is_label(token):
    """Whether a token in a unit's place is clearly no unit: a number, a cycle/run/sample/device label, a date."""
    return bool(_LABEL.fullmatch(token.strip()))


def spelled_as_unit(token):
    """Whether a token spells a unit of conductance, current or resistance in some case or with some prefix
    (read or not), or marks normalised values ('%', 'a.u.', 'norm')."""
    token = token.strip()
    return bool(_SPELLED.fullmatch(token) or _NORMALISED.fullmatch(token) or per_size(token))


def _cased(token):
    """The units read that `token` spells in another case, in SI's spelling ('KOhm': ['kOhm']; 'MOHM': ['MOhm',
    'mOhm']; 'Μs', Greek capital Mu: ['uS'])."""
    folded = re.sub("[\u00b5\u03bc]", "u", token.strip().casefold())
    return [p + b for p in PREFIX if p.isascii() for b in ("S", "A", "Ohm", "mho") if (p + b).casefold() == folded]


def cased_unit(token):
    """Whether a loose word of a name ('R KOhm', 'G US') is a unit with a prefix in a case that is not read: its
    prefix would be lost. Two-letter words count only when they end in a capital 'S' or 'A' ('US', 'NS', 'UA') or
    are a prefix and a lower-case 's' ('us', 'ms', 'ns', '\u33b2' as NFKC writes it: 'G us' loaded in S, 1e6 times
    off), so that 'ma' or 'pa' in a name are not taken for units."""
    token = token.strip()
    prefixed = [u for u in _cased(token) if u[0] in "kMGmunp" and u not in ("mho",)]
    seconds = len(token) == 2 and token[0] in "u\u00b5\u03bcmnp" and token[1] == "s"
    return bool(prefixed) and (len(token) >= 3 or token.endswith(("S", "A")) or seconds)


def unread_unit(token):
    """Why a token written in a unit's place is refused: it is no unit that is read (message without the
    column, which the caller names)."""
    token = token.strip()
    if _NORMALISED.fullmatch(token) or _NORMALISED_NAME.fullmatch(token):
        return (f"{token!r} marks normalised values, which are not conductances, currents or resistances; give the "
                f"curve in S (or name its unit, e.g. 'G (uS)')")
    cased = " or ".join(repr(u) for u in _cased(token))
    if cased:
        seconds = "; a lower-case 's' is the second" if token.endswith("s") else ""
        return f"unknown unit {token!r} (a unit's case is not guessed: write {cased}{seconds}); {EXPECTED}"
    if per_size(token):
        return f"unknown unit {token!r} (a unit per length or area, not of the values themselves); {EXPECTED}"
    if other_unit(token):
        return f"unknown unit {token!r} (a unit of another quantity); {EXPECTED}"
    apart = re.fullmatch(r"([kKMGmunp\u00b5\u03bc])\s+(\S+)", token)  # 'k ohm' (it was called a scale)
    if apart and apart.group(2) in BASE:
        joined = apart.group(1) + apart.group(2)
        written = repr(joined) if unit(joined) is not None else " or ".join(repr(u) for u in _cased(joined))
        if written:
            return f"unknown unit {token!r} (a prefix apart from its base is not read: write {written}); {EXPECTED}"
    if re.match(r"mc[A-Z\u03a9\u2126\u2127]|mc(?:mho|ohm)", token):
        return f"unknown unit {token!r} ('mc' for micro is not read: write 'u', e.g. 'uS'); {EXPECTED}"
    return f"unknown unit {token!r}; {EXPECTED}"


# A unit is read in brackets anywhere in the name (``G (uS)``, ``R [kOhm] cycle 1``), after a slash or
# "in" (``G / mS``, ``G in uS``), or after an underscore at the end (``conductance_S``).
BRACKETED = re.compile(r"[\(\[]\s*(?P<unit>[^\(\)\[\]]*?)\s*[\)\]]")
AFTER_SLASH_OR_IN = re.compile(r"(?:/|\bin\b)\s*(?P<unit>" + _SPACED + r"|[^\s/\(\)\[\],;]+)", re.IGNORECASE)
# The name before it may hold digits, signs and '_': an offsets file's 'G+1_uS', a cycle's 'G_cycle1_uS' (U2); any
# letter ('r\u00e9sistance_kOhm', 'Gr\u00f6\u00dfe_kOhm', a combining accent) and abbreviation dots ('Cond._uS'), which
# were refused as a unit where none is read (probe 23a, D23-1).
_UNIT_AFTER_UNDERSCORE = re.compile(r"^(?P<name>[^\W\d_][\w +\-.\u0300-\u036f]*?)_(?P<unit>{0}+(?:-{0}+)?)$".format(
    "[A-Za-z\u00b5\u03bc\u03a9\u2126\u2127\u3371-\u33df\uff21-\uff3a\uff41-\uff5a]"))  # 'G_u\u2127', 'G_micro-siemens'
_AFTER_UNDERSCORE = re.compile(r"_([^\s_/\(\)\[\],;:=]+)")
_PER_SIZE_IN = re.compile(r"(?<![A-Za-z\u00b5\u03bc])" + _PER_SIZE.pattern + r"(?![A-Za-z0-9])")


def _last_is_label(token, found):
    """Whether the bracket ending a name, no unit that is read, is a label: a unit is read elsewhere in the name and
    the token is clearly no unit ('G (uS) (cycle 1)', '(#1)', a date) or a word ('G (uS) (mean)'), not one spelled
    as a unit ('G (uS) (KOhm)'); it was refused as "unknown unit 'cycle 1'" (probe 13a, L1)."""
    return bool(found) and not spelled_as_unit(token) and (is_label(token) or bool(_WORDS_ONLY.fullmatch(token)))


def units_in(text):
    """Every place a unit is written in a name: a list of ((start, end), unit as written, (quantity, factor)), and
    why a token there is refused, or None; ValueError for an unknown unit ending the name. The name is read as NFKC
    writes it (:func:`compat`; the spans are in that text). Refused: a token in a unit's place that is no unit read: in
    brackets ending the name, unless a label after a unit that is read; in brackets anywhere, unless a label ('cycle
    1', 'c1', '#1', a date) or beside a unit that is read; after 'in', '/' or '_', where it spells a unit in another
    case or prefix ('KOhm', 'US', 'TOhm', 'mcS'), normalised values, or holds a compatibility letter and is not read
    ('\u33b2', '\u24e4\u24e2'); a unit per length or area, or times a length, anywhere ('G in S/cm', 'G in S cm-1')."""
    text, changed = _fold(text)
    found, unread, last = [], [], None
    for m in BRACKETED.finditer(text):
        token = m.group("unit").strip()
        parsed = read_unit(token)
        if parsed is not None:
            found.append((m.span(), token, parsed))
        elif m.end() == len(text.rstrip()):
            last, last_at = token, m.start()
        elif not is_label(token):
            unread.append((token, True, any(changed[slice(*m.span("unit"))])))  # 'R (KOhm) cycle 1' (probe 12a, U1)
    quotients = [f[0] for f in found if _QUOTIENT.fullmatch(f[1])]  # 'G (mA/V)': its '/V' is no unit of its own
    for m in AFTER_SLASH_OR_IN.finditer(text):
        if any(start < m.start() < end for start, end in quotients):
            continue
        token = m.group("unit").strip()
        parsed = read_unit(token)
        if parsed is not None:
            found.append((m.span(), token, parsed))
        else:
            unread.append((token, False, any(changed[slice(*m.span("unit"))])))  # 'G in US', 'R / KOhm'
    m = _UNIT_AFTER_UNDERSCORE.match(text)
    if m is not None and "_" in m.group("name") and m.group("name").rsplit("_", 1)[-1] in PREFIX:  # 'G_u_S': uS
        m = None
    if m is not None and (parsed := read_unit(m.group("unit"))) is not None:
        found.append((m.span("unit"), m.group("unit"), parsed))
    unread += [(u.group(1), False, any(changed[slice(*u.span(1))])) for u in _AFTER_UNDERSCORE.finditer(text)
               if any_unit(u.group(1)) is None]  # 'G_US', 'R_KOhm_c1'
    unread += [(u.group(), False, False) for u in _PER_SIZE_IN.finditer(text) if per_size(u.group())]  # 'G in S/cm'
    if last is not None and not _last_is_label(last, found):
        before = [f for f in found if f[0][1] <= last_at]
        if before and not spelled_as_unit(last) and not per_size(last):  # 'G (uS) (abc)': no unit, no label read
            raise ValueError(f"{last!r} after the unit {before[0][1]!r} is no unit and a label the loader does not read "
                             "(it reads a cycle, run, set or sample number, an ordinal, a word or a date there: "
                             "'(cycle 1)', '(1st cycle)', '(mean)'); rename or drop it")
        raise ValueError(unread_unit(last))
    unread = [t for t, bracketed, letters in unread if not is_label(t) and (
        spelled_as_unit(t) or letters or bracketed and not found or other_unit(t))]
    return found, None if not unread else unread_unit(unread[0])


def joined_units(words):
    """Whitespace-split header words with a unit joined to the name before it: in brackets ('G (S)', 'G+1 [uS]', 'G+1
    (micro siemens)') or after 'in' or '/' ('G+1 in uS', 'G+1 / uS', 'G+1 in micro siemens'; a unit the loader reads
    there, in symbols or in words, so no column's name is taken)."""
    out, at = [], 0
    while at < len(words):
        word, following = words[at], " ".join(words[at + 1:at + 3])
        spaced = re.match(_SPACED + r"$", following)  # 'in micro siemens': the unit is two words
        if out and word.lower() in ("in", "/") and (any_unit(following.split(" ")[0]) is not None or spaced):
            out[-1] += f" {word} {following if spaced else following.split(' ')[0]}"
            at += 2 if spaced else 1
        elif out and (word[:1] in "([" or re.search(r"[\(\[][^\)\]]*$", out[-1]) and word[-1:] in ")]" or (
                word[:1] == "/" or out[-1][-1:] == "/") and any_unit(word.lstrip("/"))):
            out[-1] += " " + word  # 'G+1 (micro siemens)': the word that closes a bracket left open
        else:
            out.append(word)
        at += 1
    return out


#: A voltage unit written after '/', ' in ' or a final '_' ('Vread / V', 'Voltage in V', 'V_read_mV'), not a current's
#: per volt ('G in mA/V' was "holds voltages": probe 31a, D31-6)
_VOLTS_AFTER = re.compile(r"^(?P<stem>.*?\S)(?:(?<!A)\s*/\s*|\s+(?i:in)\s+|_)(?P<unit>[munk\u00b5\u03bc]?V)$")


def voltage_in_brackets(name, quantities=()):
    """`name` with a voltage unit written after '/', ' in ' or a final '_' put in brackets ('Vread / V' is 'Vread
    (V)'), else `name`: a voltage column's unit is read where a value column's is (probe 27a, D27-5: 'Vread / V' was
    refused as "unknown unit 'V' (a unit of another quantity)" beside 'I / uA', read in the same file). A name whose
    stem is one of `quantities` (lower case: 'g', 'conductance') is left as it is: 'G in mV' is a conductance in a
    unit of another quantity, refused so."""
    spelled = _VOLTS_AFTER.match(name.strip())
    if spelled is None or " ".join(spelled["stem"].lower().replace("_", " ").split()) in quantities:
        return name
    return f"{spelled['stem']} ({spelled['unit']})"
