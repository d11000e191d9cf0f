"""What a column of a device table holds: its role (pulse, direction, a measured value) and its unit.

A measured value is a conductance, a read current or a resistance, in the unit its name gives:
``G (uS)``, ``Conductance [nS]``, ``conductance_S``, ``I (mA)``, ``Read current [A]``,
``R (kOhm)``, ``Resistance (Ohm)``. A name without a recognisable quantity (``cycle 3``) holds
conductances in siemens unless the loader is given a read voltage, which makes it read currents
in amperes. :func:`value_column` returns the quantity and the factor to SI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .checks import clipped
from .cycle_words import spelled_labels, spelled_refusal
from .name_grammar import exponent_cycle, message as grammar_message, unread_part
from .read_voltages import AT_VOLTAGE as _AT_VOLTAGE, named_read_voltage, unread_voltage, without_read_voltage
from .rows import TIME_UNITS, is_time_column, time_name
from .scales import (SCALE as _SCALE, bare_number, name_scale, note_scale, per_current, scale_refusal, stated_scale,
                     value_of_another, written_scale)
from .column_words import names_cycles, names_pulses
from .quantity_vocabulary import QUANTITY_NAMES, QUANTITY_WORDS, quantity_of
from .quotient_names import bracketed_quotient
from .unit_names import (AFTER_SLASH_OR_IN as _AFTER_SLASH_OR_IN, BASE as _BASE, BRACKETED as _BRACKETED,
                         PREFIX as _PREFIX, PREFIX_WORD as _PREFIX_WORD, WORD_UNIT as _WORD_UNIT, WORDS_OR_LETTERS as
                         _WORDS_OR_LETTERS, any_unit as _any_unit, cased_unit, compat, is_label, joined_units,
                         normalised_name, normalised_note, per_size_in, spelled_as_unit, squared, unit as _unit,
                         units_in as _units_in, unread_unit, word_unit, lower_bases, note_quotients, number_before,
                         voltage_in_brackets)

__all__ = ["ValueColumn", "value_column", "conductance_factor", "is_pulse_column", "is_direction_column", "is_time_column",
           "names_a_column", "note_unit_problem", "written_unit", "mixed_units", "joined_units", "named_read_voltage",
           "QUANTITIES", "TIME_UNITS", "is_cycle_column", "without_read_voltage", "WRITE_VOLTAGE"]

#: Quantities a value column may hold, and their SI unit.
QUANTITIES = {"conductance": "S", "current": "A", "resistance": "Ohm"}

# The words that name a quantity (lower case), first words of a column name, in five languages (probe 31a, D31-4).
_WORDS = QUANTITY_NAMES
_PULSE_NAMES = {"pulse", "pulses", "n", "m", "p", "k", "index", "#", "step", "number", "puls", "impuls", "impulse",
                "impulsion", "pulso", "impulso",  # de fr es it; 'pulse nr.', 'Puls Nr.', 'N° impulsion': column_words
                "point", "no.", "no", "nr", "nr.", "sample",  # an instrument's index column (probe 25a, set n1)
                "punkt", "messpunkt", "schritt", "n\u00b0", "n\u00ba", "paso", "passo"}  # and in words (31a, D31-15)
# Names of a column that numbers the cycles (a table in long format) or holds voltages: never a cycle's values.
_CYCLE_NUMBER_NAMES = {"run", "sweep", "repetition"}  # and 'cycle', 'Zyklus Nr.', 'N° de cycle': column_words.py
_VOLTAGE_NAMES = {"v", "vread", "v_read", "v read", "read voltage", "voltage", "bias", "vpulse", "v_pulse",
                  "pulse voltage", "amplitude", "v write", "vwrite", "write voltage", "v pulse", "pulse amplitude"}
_VOLTAGE_UNIT = re.compile(r"^[munk\u00b5\u03bc]?V$")
# Units are read in brackets, after '/' or 'in' or a final '_' (unit_names.units_in).
_TOKEN = re.compile(r"[^\s_/\(\)\[\],;:=]+")
# Where a name holds no unit that is read, its words split on every character that is not a letter ('G-uS',
# 'G {uS}', 'G|uS'), each refused if it is a unit: the unit would be lost, the values read as siemens.
_LETTERS = re.compile(r"[A-Za-z\u00b5\u03bc\u03a9\u2126\u2127]+")  # \u2127: the mho sign
# Fullwidth brackets (a CJK keyboard's) are read as brackets: 'G\uff08uS\uff09' is 'G (uS)'.
_FULLWIDTH = str.maketrans("\uff08\uff09\uff3b\uff3d", "()[]")
# Bases that are units whatever their prefix; "S" and "A" alone are also letters (cycle A, sample S).
_UNAMBIGUOUS_BASES = tuple(b for b in _BASE if b not in ("S", "A"))
_PREFIXES = "".join(p for p in _PREFIX if p)
# Letter runs joined only by separators ('G_u_S', 'G u S', 'G-u-S'): read together, they may spell a unit.
_RUNS = re.compile(r"[A-Za-z\u00b5\u03bc\u03a9\u2126]+(?:[\s_.\-~|]+[A-Za-z\u00b5\u03bc\u03a9\u2126]+)*")
# Quantity words a unit may be glued to ('GuS', 'conductanceuS', 'RkOhm'), longest first.
_GLUED_WORDS = sorted(QUANTITY_WORDS, key=len, reverse=True)


@dataclass(frozen=True)
class ValueColumn:
    """A measured-value column: what it holds and how to get siemens from it."""

    name: str  # as the header writes it
    quantity: str | None  # "conductance", "current", "resistance", or None (not named)
    factor: float  # multiply a value by this for SI (S, A or Ohm)
    unit: str | None  # the unit as written, or None
    read_voltage: float | None = None  # V, where the name gives it ('I (uA) @ 0.1 V')

    def describe(self):
        unit = self.unit if self.unit is not None else QUANTITIES.get(self.quantity or "conductance")
        if self.quantity is None:
            return f"conductances in {unit} (the header names no quantity)"
        return f"{self.quantity}s in {unit}"


def _looks_like_unit(token):
    """Whether a word of a name is a unit (``mS``, ``kOhm``, ``uA``) rather than a name."""
    parsed = _unit(token)
    if parsed is None:
        return False
    return any(token.endswith(b) for b in _UNAMBIGUOUS_BASES) or token[:1] in _PREFIXES and len(token) > 1


#: A voltage column's name that says it is the programming (write) pulse's, not the read voltage.
WRITE_VOLTAGE = re.compile(r"pulse|set|write|prog|amplitude|erase|form|stress|^v ?p$")


def voltage_kind(name):
    """'write' where a header name is that of the write pulses' voltage (``V_pulse``, ``Vset (V)``, ``amplitude``),
    'voltage' where it names another voltage (``V (V)``, ``Vread``), else None."""
    text = voltage_in_brackets(name.strip().translate(_FULLWIDTH), _WORDS)  # 'Vread / V', 'Vread_V' (27a, D27-5)
    stem = " ".join(text.lower().replace("_", " ").split()).split(" (")[0].split(" [")[0]
    bracket = _BRACKETED.search(text)
    if not (stem in _VOLTAGE_NAMES or (bracket and _VOLTAGE_UNIT.match(bracket.group("unit")))):
        return None
    return "write" if WRITE_VOLTAGE.search(stem) else "voltage"


#: The longest value column's name read, in characters: a name padded with 40,000 spaces took minutes to read.
MAX_NAME = 1000


def long_name(name):
    """The refusal of a column name longer than :data:`MAX_NAME` characters, or None: read before any rule reads the
    name, several of which take time growing with its square (probe 25a, D25-6)."""
    if len(name.strip()) <= MAX_NAME:
        return None
    return (f"column {clipped(name.strip())!r} has a name of {len(name.strip()):,} characters; expected a column's "
            f"name of at most {MAX_NAME:,} (its quantity, unit and cycle, e.g. 'G (uS) cycle 1')")


def value_column(name, comma=None):
    """The :class:`ValueColumn` of a header name; ValueError naming what disagrees.

    A unit in brackets anywhere (``G (uS)``, ``R (kOhm) cycle 1``), after a slash or "in"
    (``G / mS``, ``G in uS``) or after a final underscore (``conductance_S``) sets the quantity
    and the factor; a leading word (``G``, ``current``, ``resistance``) sets the quantity. Refused,
    never guessed: a unit that names another quantity than the word (``G (mA)``), two different
    units in one name, and a unit written anywhere else (``G mS``), which would otherwise be read
    as siemens and be off by its prefix. A read voltage after '@' (``I (uA) @ 0.1 V``) is the
    column's (:func:`named_read_voltage`, with a decimal comma where `comma`, the table's numbers use one); a time
    word with no time unit (``time (furlongs)``) is refused.
    """
    if problem := long_name(name):
        raise ValueError(problem)
    if (bracketed := bracketed_quotient(name)) != name:  # 'G in mA/V' read as 'G (mA/V)' (probe 31a, D31-6)
        return replace(value_column(bracketed, comma), name=name)
    text = name.strip().translate(_FULLWIDTH)
    if is_cycle_column(text):
        raise ValueError(f"column {clipped(name)!r} numbers the cycles: a table with one row per cycle and pulse "
                         "(long format); expected one value column per cycle, e.g. 'pulse,G (uS) cycle 1,G (uS) cycle 2' "
                         "(pandas: df.pivot(index='pulse', columns='cycle', values='G (uS)').add_prefix('G (uS) cycle ')"
                         ".reset_index().to_csv(path, index=False))")
    if voltage := voltage_kind(name):
        if voltage == "write":  # V_pulse, Vset: no read voltage
            raise ValueError(f"column {clipped(name)!r} holds the write pulses' voltage, which the curve does not "
                             "use: drop the column (or move it to a '#' note); a read voltage, for a column of read "
                             "currents, is --read-voltage V")
        raise ValueError(f"column {clipped(name)!r} holds voltages; expected conductances, read currents or "
                         "resistances, one column per cycle: give the read voltage as --read-voltage V (API "
                         "read_voltage=V) and drop the column")
    timed = time_name(name)
    if timed is not None and not timed[1] and _unit(timed[0]) is None:  # 'time (uA)' holds currents, as it did
        # 'time (furlongs)' was refused with the conductance units (probe 10a, L3)
        raise ValueError(f"column {clipped(name)!r}: unknown time unit {timed[0]!r}; expected a time column's unit: "
                         f"{TIME_UNITS}")
    volts = named_read_voltage(name, comma)
    found, word = _named_unit(name)
    said = quantity_of(word) if word.strip() else None  # 'I1', 'Current_2' as 'I' (probe 31a, D31-3)
    if found:
        _, unit, (quantity, factor) = found[0]
        if said is not None and said != quantity:
            raise ValueError(f"column {clipped(name)!r}: the name says {said} but the unit {unit!r} is a {quantity} unit")
        if quantity == "current" and volts is None:
            unread_voltage(name, text)
        return ValueColumn(name, quantity, factor, unit, volts)
    if volts is not None and said is None:  # read currents in A, or conductances in S measured at that voltage?
        raise ValueError(f"column {clipped(name)!r} names a read voltage but not what it holds; name the quantity and "
                         "its unit, e.g. 'I (uA) @ 0.1 V' for read currents")
    return ValueColumn(name, said, 1.0, None, volts)


def _named_unit(name):
    """(the units found in a column name, the name without them), or ValueError naming the column for a
    bracketed unit of no quantity, two units, a unit written where none is read (its prefix lost; 'G-uS' too
    when no unit is read), a unit word ('microS') or a scale written in the name ('G x1e-6')."""
    text = without_read_voltage(name.strip().translate(_FULLWIDTH)).strip()  # '@ 1e-1 V' is a read voltage
    per = per_size_in(text)  # 'G in S cm-1' is a conductivity, not a scale of 10^-1 (probe 14a, U4)
    if per is not None:
        raise ValueError(f"column {clipped(name)!r}: {unread_unit(per)}")
    folded = compat(text)  # 'G (uS) by 1000', 'X1000', '(k)': any number that labels nothing (probe 14a, S3)
    if (cycle := exponent_cycle(folded)) is not None:  # 'cycle 3e0', '#3e0': no scale (probe 21a)
        raise ValueError(f"column {clipped(name)!r} {cycle}")
    power = _SCALE.search(text)
    start = power.start() if power is not None else (name_scale(note_quotients(folded, folded)[0]) or (None,))[0]
    spelled = next((label for label in spelled_labels(folded) if start is not None and not power and any(
        folded[start:].lower().startswith(word) for word in re.split(r"[\s\-]+", label[1].lower()))), None)
    if spelled is not None:  # 'cycle twenty three' was "'twenty three' is a scale" (probe 22a, D22-2)
        raise ValueError(f"column {clipped(name)!r} {spelled_refusal(spelled)}")
    if start is not None:  # 20a, M1; a ScaleInName, with the span it quotes for the offsets reader
        raise scale_refusal(clipped(name), text if power else folded, start)
    ratio = normalised_name(compat(text))  # 'G/Gmax', 'G ratio' loaded their ratios as siemens (probe 13a N1, 14a N2)
    try:
        found, unread = _units_in(text)  # its spans are in compat(text): 'G in \U0001d42e\U0001d412' is 'G in uS' (14a, U5)
        if ratio is not None:
            raise ValueError(unread_unit(ratio))
    except ValueError as exc:
        raise ValueError(f"column {clipped(name)!r}: {exc}") from None
    units = {(f[2][0], f[2][1]) for f in found}
    if len(units) > 1:
        raise ValueError(f"column {clipped(name)!r} names {len(units)} units ({', '.join(f[1] for f in found)}); "
                         "expected one, e.g. 'G (uS)'")
    word = compat(text)
    for (start, end), _, _ in sorted(found, reverse=True):
        word = word[:start] + " " + word[end:]
    word = compat(re.sub(r"[/_]+\s*$", "", word.replace(" in ", " ")).strip())  # 'G \u3382' is 'G \u03bcA'
    parts = {p for w in _WORD_UNIT.finditer(word) for p in re.split(r"[-\s]+", w.group())}  # 'micro siemens' is one
    stray = [t for t in _TOKEN.findall(word) if _looks_like_unit(t) and (found or t not in parts)] + [  # 'G (uS) megohm'
        w.group() for w in _WORD_UNIT.finditer(word) if found and _unit(word_unit(w)) not in units]
    if not stray and not found and (cased := next((t for t in _TOKEN.findall(word) if cased_unit(t)), None)):
        raise ValueError(f"column {clipped(name)!r}: {unread_unit(cased)}")  # 'R KOhm' loaded in Ohm
    if not stray and not found:
        spelled = next((w.group() for w in _WORD_UNIT.finditer(word)), None)  # 'G_micro-siemens c1' was 'siemens'
        stray = [] if spelled else [t for t in _LETTERS.findall(word) if _looks_like_unit(t)] or _glued_unit(word)
        other = spelled or next((t for t in _LETTERS.findall(word) if _PREFIX_WORD.fullmatch(t) or t in ("\u00b5",
                                                                                                     "\u03bc")), None)
        if not stray and other is not None:
            raise ValueError(f"column {clipped(name)!r}: {other!r} names a unit's prefix in a way that is not read, so "
                             "the values would be taken in the SI unit; write the unit in brackets after the quantity, "
                             "e.g. 'G (uS)'")
    if stray:
        unit = word_unit(words) if (words := _WORD_UNIT.fullmatch(stray[0])) else stray[0]
        symbol = {"conductance": "G", "current": "I", "resistance": "R"}[_unit(unit)[0]]
        raise ValueError(f"column {clipped(name)!r}: {stray[0]!r} looks like a unit but is not where a unit is read, so its "
                         f"prefix would be lost; write it in brackets after the quantity, e.g. '{symbol} ({unit})'")
    if unread is not None:  # 'R (KOhm) cycle 1', 'G in US' loaded in Ohm and S (probe 12a, U1)
        raise ValueError(f"column {clipped(name)!r}: {unread}")
    part = unread_part(word)  # 'G (uS) 1k', 'G*1000 (uS)', 'log10 G (uS)', 'G (uS) ppm' loaded as G (uS) (probe 15a)
    if part is not None:
        symbol = {"conductance": "G", "current": "I", "resistance": "R"}[found[0][2][0]] if found else "G"
        raise ValueError(grammar_message(clipped(name), part, f"{symbol} ({found[0][1]})" if found else "G (uS)"))
    return found, word


def _glued_unit(word):
    """[the unit] a name spells glued to its quantity or split by separators ('GuS', 'G_u_S', 'conductanceuS',
    'RkOhm': 'uS', 'uS', 'uS', 'kOhm'), or []. A giga- or mega- siemens or ampere so spelled ('IGS', 'G A') is a name."""
    for chain in _RUNS.findall(word):
        runs = _LETTERS.findall(chain)
        for i in range(len(runs)):
            for j in range(i + 1, len(runs) + 1):
                text = "".join(runs[i:j])
                head = next((w for w in _GLUED_WORDS if text.lower().startswith(w) and len(text) > len(w)), None)
                for unit in ([text] if j - i > 1 else []) + ([text[len(head):]] if head else []):
                    if _looks_like_unit(unit) and (unit[:1] not in "GM" or _unit(unit)[0] == "resistance"):
                        return [unit]
    return []


def mixed_units(columns):
    """Why the value columns of one table cannot be read together, or None: some name a unit and others
    none (``G (uS) cycle 1,G cycle 2``), which would read the others in SI, off by the named prefix."""
    bare = [c.name for c in columns if c.unit is None]
    named = [c for c in columns if c.unit is not None]
    paired = [n for n in bare if is_pulse_column(re.sub(r"[\s_]*(?:c|cycle|#)?\s*\d+$", "", n, flags=re.I))]
    if paired and named:  # Origin's x/y pairs: the advice below, 'p1 (uS)', took a pulse column for conductances
        pairs = ", ".join(repr(clipped(n)) for n in paired[:3]) + (", ..." if len(paired) > 3 else "")
        return (f"column {clipped(paired[-1])!r} numbers the pulses of one cycle (x/y column pairs: {pairs}); "
                "expected one pulse column for every cycle: keep the first and drop the others")
    if bare and named:
        return (f"{len(named)} value column(s) name a unit ({clipped(named[0].name)!r}) and {len(bare)} none "
                f"({', '.join(repr(clipped(n)) for n in bare[:3])}{', ...' if len(bare) > 3 else ''}); expected "
                f"every value column a cycle with its unit, e.g. '{clipped(bare[0].strip())} ({named[0].unit})', "
                "and a column that is no cycle dropped")
    return None


def conductance_factor(name):
    """The factor to siemens of a column of conductances (an offsets file's ``G+1 (uS)``), None where the name
    gives no unit; ValueError naming the column for a unit of another quantity or one that is not read."""
    found, _ = _named_unit(name)
    if _AT_VOLTAGE.search(name):
        raise ValueError(f"column {clipped(name)!r} names a read voltage; expected conductances, in S, mS, uS or nS")
    if not found:
        return None
    _, unit, (quantity, factor) = found[0]
    if quantity != "conductance":
        raise ValueError(f"column {clipped(name)!r}: {unit!r} is a {quantity} unit; expected conductances, in S, mS, "
                         "uS or nS")
    return factor


def written_unit(name):
    """The unit a column's name writes where it is read (``uS`` of ``G+1 (uS)``), or None; ValueError as
    :func:`conductance_factor`."""
    found, _ = _named_unit(name)
    return found[0][1] if found else None


# A name's start glued to its number ('mS-12', 'uS_3'): a sample's name, no unit.
_LABELLED = re.compile(r"[-_]\d")
_LETTER_BEFORE = re.compile(r"[A-Za-z]")  # a unit glued to a word before it is none


def _note_units(text, written):
    """[(unit as `written`, (quantity, factor))] a note `text` names as a unit, not as a value's ('0.1 V', '500 nS'):
    in brackets, after '/' or 'in' (also a bare 'S'), or as a word that is one ('nS', 'kOhm', 'nanosiemens').
    `written` is the note as written, as long as `text` (:func:`lower_bases`): each unit is quoted from its place."""
    found = [(written[m.start("unit"):m.end("unit")].strip(), _any_unit(m.group("unit")))
             for r in (_BRACKETED, _AFTER_SLASH_OR_IN) for m in r.finditer(text)
             if _any_unit(m.group("unit")) is not None and not per_current(text, m.start())]
    for m in _WORDS_OR_LETTERS.finditer(text):  # 'micro-siemens' one word: it was named 'siemens' (probe 20a, U3)
        if number_before(text, m.start()) or _LABELLED.match(text, m.end()):
            continue  # a value's unit, a sample's name ('# Sample: mS-12', probe 13a M2)
        word = _WORD_UNIT.fullmatch(m.group())
        if word:
            found.append((written[m.start():m.end()], _unit(word_unit(word))))
        elif _looks_like_unit(m.group()):
            found.append((written[m.start():m.end()], _unit(m.group())))
    return [f for f in found if f[1] is not None]


# Where a note states a unit rather than a value's ('# R in kOhm', '# G [kOhm]', '# units: kOhm', not '# 10 kOhm load').
_STATED_UNIT = re.compile(r"(?:[\(\[]\s*|(?:/|\bin\b|\bunits?\b\s*[:=]?)\s*)(?P<unit>[^\s/\(\)\[\],;]+)", re.IGNORECASE)
_URL = re.compile(r"\b[A-Za-z][\w+.\-]*://\S*|\bwww\.\S*|\bdoi:\S*", re.IGNORECASE)


def _stated_units(text, written):
    """[(unit as `written`, (quantity, factor))] a note `text` states as a unit: in brackets, after '/', 'in' or
    'units:', or spelled as a word ('kilohm'); a value's unit ('compliance 10 uA') and a unit in a name ('Sample
    mA-12') are none. `written` as for :func:`_note_units`."""
    found = [(written[m.start("unit"):m.end("unit")], _any_unit(m.group("unit"))) for m in _STATED_UNIT.finditer(text)
             if (m.group("unit") not in ("A", "S") or m.group()[:1] not in "([" or  # '# device 3 (A)' is a label
             (re.findall(r"[A-Za-z]+", text[:m.start()]) or [""])[-1].lower() in _WORDS)  # '# I (A)' is not
             and not per_current(text, m.start())]  # '# transimpedance 1e6 V/A' (probe 15a, F1)
    found += [(written[m.start():m.end()], _unit(word_unit(m))) for m in _WORD_UNIT.finditer(text)
              if not number_before(text, m.start())
              and not (m.start() and _LETTER_BEFORE.match(text, m.start() - 1))]
    return [f for f in found if f[1] is not None]


def _unread_in_note(text):
    """Why a unit a note states (in brackets, after '/', 'in' or 'units:') is no unit that is read ('US', 'KOhm',
    '%'), or None. A lower-case one ('us', 'ms', 'a') only after a quantity's word ('# G in us'), else a word."""
    for m in _STATED_UNIT.finditer(text):
        token = compat(m.group("unit")).rstrip(".:")  # '# R in \u33c0' is '# R in k\u03a9'; '\u338c' (uF) refused
        changed = squared(m.group("unit"))
        if _any_unit(token) is not None or is_label(token) or not (spelled_as_unit(token) or changed):
            continue
        before = (re.findall(r"[A-Za-z]+", text[:m.start()]) or [""])[-1].lower()
        if token != token.lower() or not token.isalpha() or before in _WORDS:
            return unread_unit(token)
    return None


def _note_not_values(text):
    """What a note says that makes the values no conductances, currents or resistances in a unit ('says the values
    are normalised (...)', 'names ..., a unit per length or area'), or None."""
    text = _URL.sub(" ", text)
    ratio = normalised_note(text)
    if ratio is not None:
        return (f"says the values are normalised ({ratio!r}), which are not conductances, currents or resistances "
                "(the loader reads no reference value)")
    per = per_size_in(text)
    if per is not None:
        return f"names {per!r}, a unit per length or area (or times a length), not one of the values themselves"
    return None


def _note_conflict(notes, columns):
    """(line, message) of the first note, over value `columns` that name a unit, that holds a scale ('# scale 1e-3'
    over 'G (uS)': in uS, or in nS?), names a unit of their quantity and none of theirs ('# conductance in nS' over
    'G (uS)': the values are in one of the two, 1000 times apart) or states a unit of another quantity and none of
    theirs ('# R in kOhm' over 'G (uS)': are they resistances?), or None. Each was dropped (probe 8 H, 9a H2)."""
    named = {}
    for column in columns:
        if column.unit:
            named.setdefault((column.quantity, column.factor), column)  # the first column of each unit is named
    first = next(iter(named.values()))
    quantities = {k[0] for k in named}
    for line, written in notes:
        shown = clipped(written.strip())
        text = _URL.sub(" ", compat(written))  # 'https://host/data/kOhm/1e-3' is an address
        scale = stated_scale(text)
        if scale is not None:  # a scale is never read, even beside the header's unit ('# G in uS, scaled by 1e-3')
            factor = scale if note_scale(scale) else "times " + scale.lstrip("x\u00d7*\u00b7 ")
            return line, (f"the note {shown!r} holds the scale {scale!r}, which is not read, over the header's column "
                          f"{clipped(first.name)!r}, whose unit {first.unit!r} is read: are the values in "
                          f"{first.unit}, or in {first.unit} {factor}? Write their unit in the header and "
                          "drop the note")
        if bare_number(text) is not None:  # '# 1000' over 'G (uS)' loaded as uS (probe 15a, S5)
            return line, (f"the note {shown!r} is only a number, which is not read, over the header's column "
                          f"{clipped(first.name)!r}, whose unit {first.unit!r} is read: is it a scale of the values "
                          f"(in {first.unit} times it)? If so, write their unit in the header; if not, say in the "
                          "note what it is, e.g. '# sample 17' or '# read at 0.1 V'")
        said = _note_not_values(text)  # '# normalized', '# G in S/cm' over 'G (uS)' (probe 14a, N2 and U4)
        if said is not None:
            return line, (f"the note {shown!r} {said}, and the header's column {clipped(first.name)!r} names the unit "
                          f"{first.unit!r}: which are the values in? Correct the note or the header")
        folded, quotients = note_quotients(lower_bases(text), text)  # '# values in SIEMENS' as 'siemens' (22a, D22-6)
        stated = _stated_units(folded, text) + quotients  # '# G in 1/kOhm' named 'kOhm' (stop 51)
        units = _note_units(folded, text) + stated
        if any(q in named for _, q in units):
            continue  # the note agrees with the header
        said = [(u, q) for u, q in units if q[0] in quantities]
        if said:
            column = next(c for k, c in named.items() if k[0] == said[0][1][0])
            return line, (f"the note {shown!r} names the unit {said[0][0]!r} and the header's column "
                          f"{clipped(column.name)!r} the unit {column.unit!r}: which are the values in? Correct the "
                          "note or the header")
        unread = _unread_in_note(folded)  # '# values in US', '# R in KOHM' over 'G (nS)' loaded in nS (probe 23, left)
        if unread is not None:
            return line, (f"the note {shown!r}: {unread}; the header's column {clipped(first.name)!r} names the unit "
                          f"{first.unit!r}: which are the values in? Correct the note or the header")
        other = next(((u, q) for u, q in stated if q[0] not in quantities), None)
        if other is not None:
            return line, (f"the note {shown!r} names the unit {other[0]!r}, a {other[1][0]} unit, and the header's "
                          f"column {clipped(first.name)!r} holds {first.quantity}s in {first.unit!r}: which are the "
                          "values? Correct the note or the header (a note may give a value with its unit: "
                          "'# compliance 100 uA')")
    return None


def note_unit_problem(notes, quantity=None, symbol=None, columns=()):
    """(line, message) of the first '#' note of `notes` [(line, text)] that names a unit ('# conductance in uS',
    '# ,uS', '# microsiemens'), for a header that names none: the unit would be dropped, the values read in the SI
    unit of `quantity` (conductance by default); None if no note names a unit. `symbol`: the column's name in
    the example the message gives (G, I or R by the quantity). Where value `columns` name a unit, a note holding a
    scale, naming another unit of their quantity or stating one of another quantity (:func:`_note_conflict`)."""
    if any(c.unit for c in columns):
        return _note_conflict(notes, columns)
    si, default = {"current": ("A", "I"), "resistance": ("Ohm", "R")}.get(quantity, ("S", "G"))
    symbol = symbol or default
    for line, text in notes:
        example = {"S": "uS", "A": "uA", "Ohm": "kOhm"}[si]
        said = _note_not_values(text)  # '# normalized', '# G in S/cm' over 'pulse,G' loaded as S (probe 14a, N2, U4)
        if said is not None:
            return line, (f"the note {clipped(text.strip())!r} {said}; the values would be read in {si}: give the curve "
                          f"in {si}, or in a unit the header names, e.g. '{symbol} ({example})'")
        unread, example = _unread_in_note(text), {"S": "uS", "A": "uA", "Ohm": "kOhm"}[si]
        if unread is not None:  # '# G in US', '# R in KOhm', '# units: US' over 'pulse,G' (probe 12a, U1)
            return line, (f"the note {clipped(text.strip())!r}: {unread}; no column's name gives a unit, so the values "
                          f"would be read in {si}: put the unit in the header, e.g. '{symbol} ({example})'")
        plain, quotients = note_quotients(compat(text), compat(text))  # once: per word, 8,000 words took 0.6 s
        token = next((written for written, _ in quotients), None) or next((m.group() for m in _WORDS_OR_LETTERS.finditer(plain)
                      if not _LABELLED.match(plain, m.end())
                      and (_looks_like_unit(m.group()) or _PREFIX_WORD.fullmatch(m.group()))
                      and not value_of_another(plain, m.start(), m.group(), quantity)), None)  # '# in mA/V': 'mA'
        if token is not None:
            same = _any_unit(token) is not None and _any_unit(token)[0] == (quantity or "conductance")
            written = word_unit(w) if (w := _WORD_UNIT.fullmatch(token)) else token  # 'uS' for 'microsiemens'
            example = f"{symbol} ({written if same else {'S': 'uS', 'A': 'uA', 'Ohm': 'kOhm'}[si]})"
            return line, (f"the note {clipped(text.strip())!r} names the unit {token!r} but no column's name gives "
                          f"a unit, so the values would be read in {si}: put the unit in the header, e.g. "
                          f"'{example}' ('{symbol} ({si})' if they are in {si})")
        scale = written_scale(compat(text), quantity or "conductance")
        if scale is not None:  # '# scale 1e-6', '# x1e-6 S', '# G in 10^-6 S': the same check as 'G x1e-6'
            return line, (f"the note {clipped(text.strip())!r} holds the scale {scale!r}, which is not read, and no "
                          f"column's name gives a unit, so the values would be read in {si} as they are: put the "
                          f"unit in the header, e.g. '{symbol} ({ {'S': 'uS', 'A': 'uA', 'Ohm': 'kOhm'}[si]})' "
                          f"('{symbol} ({si})' if they are in {si})")
        if bare_number(compat(text)) is not None:  # '# 1000' over 'pulse,G' loaded as S (probe 15a, S5)
            return line, (f"the note {clipped(text.strip())!r} is only a number, which is not read: is it a scale of "
                          f"the values, which would be read in {si} as they are? If so, write their unit in the "
                          f"column's name, e.g. '{symbol} ({ {'S': 'mS', 'A': 'mA', 'Ohm': 'kOhm'}[si]})'; if not, say "
                          "in the note what it is, e.g. '# sample 17' or '# read at 0.1 V'")
    return None


#: A count's "unit" after a pulse column's name, as spreadsheet and Origin exports write it: ``pulse (#)``. Each of
#: these patterns starts its spaces after a non-space only: tried from every space of a long run, a name padded with
#: 40,000 spaces took minutes (probe 25a, D25-6).
_COUNT_UNIT = re.compile(r"(?<!\s)\s*[\(\[]\s*(?:#|n|-|1|a\.?\s?u\.?|no\.?|counts?)\s*[\)\]]$", re.IGNORECASE)
# ... or after '/' or a final '_', where a value column's unit is read too: ``pulse/#``, ``pulse_n`` (probe 10a, U4).
_COUNT_AFTER = re.compile(r"(?<!\s)\s*(?:/\s*(?:#|n|-|1|a\.?\s?u\.?|no\.?|counts?)|_(?:#|n|no\.?|counts?))$",
                          re.IGNORECASE)


def is_pulse_column(name):
    """Whether a header name is that of a pulse-number column (``pulse``, ``Pulse (#)``, ``pulse [a.u.]``)."""
    bare = name.strip().lower()
    spaced = " ".join(bare.replace("_", " ").split())  # 'pulse_#', 'Pulse_No' as 'pulse #', 'pulse no'
    forms = (bare, spaced, _COUNT_UNIT.sub("", bare), _COUNT_UNIT.sub("", spaced), _COUNT_AFTER.sub("", bare))
    return any(form and (form in _PULSE_NAMES or names_pulses(form)) for form in forms)


#: What a direction column's name may say of its cells in brackets: ``direction (+/-)``, ``polarity [up/down]``.
_SIGNS = re.compile(r"(?<!\s)\s*[\(\[](?:[+\-\u00b1/1]|up|down|\s)+[\)\]]$", re.IGNORECASE)
#: A direction column's names, lower case, '_' as a space (probe 27a e3: `pulse direction`, `sign` were refused).
_DIRECTION_NAMES = {"direction", "dir", "polarity", "richtung", "polarit\u00e4t", "polarit\u00e9", "direcci\u00f3n",
                    "direzione", "pulse direction", "pulse polarity", "pulse sign", "sign", "pulsrichtung"}


def is_cycle_column(name):
    """Whether a header name is that of a column numbering the cycles (``cycle``, ``Cycle #``, ``run``)."""
    return " ".join(name.strip().lower().replace("_", " ").split()) in _CYCLE_NUMBER_NAMES or names_cycles(name)


def is_direction_column(name):
    """Whether a header name is that of a pulse-direction column (``direction``, ``direction (+/-)``, ``sign``)."""
    return " ".join(_SIGNS.sub("", name.strip().lower()).replace("_", " ").split()) in _DIRECTION_NAMES


def names_a_column(name, refused=True):
    """Whether `name` names a column as a header does: a pulse, direction or time column, a quantity or a
    unit (one the loader does not read counts, unless not `refused`: the header's refusal then names it)."""
    if is_pulse_column(name) or is_direction_column(name) or is_time_column(name):
        return True
    try:
        column = value_column(name)
    except ValueError:
        return refused
    return column.quantity is not None or column.unit is not None
