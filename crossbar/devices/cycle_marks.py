"""Which value columns of a table are cycles: a closed rule on their names (probe 17a, F2, F3, C2, C3).

A table's value columns are read as cycles of one pulse protocol, and their per-pulse median is the curve. Which
second column is no cycle was a list of words (``SD``, ``fit``, ``max``, ``baseline``): ``G expected``, ``G se``,
``G (uS) 1 V``, ``device A``, ``HfO2``, ``LTP`` and 40-odd more loaded as cycles with status 0, their median the
curve and their spread the cycle-to-cycle noise ``--c2c measured`` trains (probe 17a, F2: 172 cases; F3: 15).
The rule is now closed. Several value columns load only where

* every one's name carries a **cycle mark** (:func:`cycle_mark`): a cycle word with its number (``cycle 2``,
  ``c2``, ``cyc2``, ``Cy2``, ``run 2``, ``sweep 2``, ``rep 2``, ``trial 2``, ``iter 2``, ``it2``, ``set 2``,
  ``measurement 2``, ``No. 2``, ``N=2``, ``cycle 2 of 5``), an ordinal (``2nd``, ``(2nd cycle)``), or a whole
  number with nothing but the quantity and its unit before it (``G (uS) 2``, ``#2``, ``(2)``, ``[2]``, ``{2}``,
  ``<2>``, ``_2``, ``-2``, ``G2 (uS)``, ``G_2 (uS)``, ``G2_uS``, pandas' ``G (uS).2``), and their names are the
  same once the marks (and units, and the quantity's word) are taken out; a number after any other word (``D2``,
  ``dev 2``, ``sample 2``, ``T=300``, ``LTP 2``) names a device or a condition, not a cycle;
* or every name is the same, units and the quantity's word aside (a repeated header, ``G (uS),G (nS)``: repeated
  measurements; ``--cycle K`` counts the columns);
* or only the first names none and is the others' name without a mark (``G (uS),G (uS) c2,G (uS) c3``: the first
  cycle often has none): it is cycle 1, and ``--cycle K`` takes the column named K; beside a column that names
  cycle 1 or 0 it is refused (which is cycle 1?), except pandas' ``G (uS),G (uS).1,G (uS).2``, its copies of one name,
  where K counts the columns.

Anything else is refused naming the column: it may be a statistic, a model, a condition or another device. One
value column loads whatever its label. A pulse word with its number, in any form a cycle mark takes (``pulse 3``,
``pulse no. 3``, ``step 3``, ``3 pulses``: :func:`pulse_mark`), is no cycle mark: such columns are a transposed table
(probe 18a, W1: ``pulse no. 3`` was read as cycle 3). A cycle named twice (``cycle 1,cycle 1``, ``cycle 01,c1``,
pandas' ``cycle 1.1``) is refused naming both columns. A mark's number is a whole number in digits 0-9, at most 9 of
them; one in another form (``cycle ①``, 10+ digits, ``cycle 1.5``, ``cycle -1``, ``G (uS) +1``) is refused naming
the column (probe 19a, X1: Python's own ValueError; ``1.5`` was read as 1). A batch is no cycle (other devices).
:func:`layout_problem` reads the header's layout first.
"""

from __future__ import annotations

import re

from .checks import clipped
from .columns import (is_cycle_column, is_direction_column, is_pulse_column, is_time_column, value_column,
                      without_read_voltage)
from .name_grammar import unread_cycle_number
from .cycle_vocabulary import FOREIGN_CYCLE
from .quantity_vocabulary import QUANTITY
from .cycle_words import CYCLE_WORD as _CYCLE_WORD, cycle_words, english_ordinals, spelled_labels, spelled_refusal
from .unit_names import BASE, PREFIX, note_quotients, word_pattern

__all__ = ["cycle_mark", "pulse_mark", "column_marks", "cycle_columns_problem", "layout_problem", "note_labels"]

# Words that number a cycle before its number ('cycle 2', 'c2', 'run_2', 'N=2', 'measurement 2').
_WORDS = cycle_words("series", "trains?", "sets?", "cy", "c", "it", "no", "nr", "num", "n", "k")
_WORD = re.compile(rf"(?:{_WORDS})$", re.IGNORECASE)
_GLUED = re.compile(rf"(?:{_WORDS})(\d{{1,9}})$", re.IGNORECASE)  # 'c2', 'cycle2', 'Cy2', 'run2'
_NUMBER_WORD = re.compile(r"(?:no|nr|num|number)$", re.IGNORECASE)  # 'cycle no. 2'
_ORDINAL = re.compile(r"(\d{1,9})(?:st|nd|rd|th)$", re.IGNORECASE)
_AFTER_ORDINAL = re.compile(r"(?:cycles?|cyc|runs?|sweeps?|reps?|repetitions?|trials?|measurements?|meas|scans?"
                            rf"|{FOREIGN_CYCLE})$",
                            re.IGNORECASE)
# The quantity's word and a unit: not part of a label ('G (uS) c2' and 'G_c2 (nS)' name the same thing).
# In five languages, 'read' of 'I read' among them ('Leitwert (uS) #2' was refused as naming no cycle: 31a, D31-4).
_QUANTITY = re.compile(rf"(?:{QUANTITY}|read)$", re.IGNORECASE)
_GLUED_QUANTITY = re.compile(rf"(?:{QUANTITY}|read)(\d{{1,9}})$", re.IGNORECASE)  # 'Strom1', 'I_read2'
# A cycle word glued to what is no number read ('c①', 'c' and 5,000 digits): a cycle number not read (probe 19a, X1)
_GLUED_ANY = re.compile(rf"(?:{_WORDS})(\w+)$", re.IGNORECASE)
# the units unit_names reads: a prefix and a base, longest first, or a unit in words ('G2 (microsiemens)', 20a U4)
_U = (rf"(?:(?:{'|'.join(map(re.escape, sorted(PREFIX, key=len, reverse=True)))})"
      rf"(?:{'|'.join(map(re.escape, sorted(BASE, key=len, reverse=True)))})|{word_pattern()})")
# A unit where a name gives one: '(uS)', '[kOhm]', 'in uS', '/ uS', a final '_uS' ('G (uS) device A' keeps its 'A').
_UNIT_TEXT = re.compile(rf"[\(\[]\s*{_U}\s*[\)\]]|(?<=_){_U}$|\bin\s+{_U}\b|/\s*{_U}\b")
_TOKEN = re.compile(r"[^\W_]+")


def _without_units(text):
    """`text` with its units blanked: a conductance written as a quotient without spaces first, found by the unit
    reader's own grammar and written 'S' ('G (mA/V) #2', 'G2 (1/kOhm)', 'G 2 in mA/V': its 'V' was a word of the name
    and the '1' a cycle's number, probe 31a, D31-5; 'R cycle 1 / kOhm' is cycle 1 in kOhm), then every unit in its
    place ('(S)', 'in S')."""
    solid = re.sub(r"\s", "\0", text)
    out, inside = [], False
    for written, kept, blanked in zip(text, solid, note_quotients(solid, solid)[0]):
        out.append(written if kept == blanked else " " if inside else "S")
        inside = kept != blanked
    return _UNIT_TEXT.sub(" ", "".join(out))


_OF = re.compile(r"(?<=\d)\s*(?:of|/)\s*\d+(?=\s*[\)\]]?\s*$|\s*[\)\]]?\s+\D)", re.IGNORECASE)  # 'cycle 2 of 5'
# A pulse mark: a word that names a pulse (or a step of the train) with its number in the forms a cycle mark takes
# ('pulse 3', 'pulse3', 'p3', 'pulse #3', 'pulse no. 3', 'pulse No3', 'pulse number 3', 'step 3'), or a number or an
# ordinal before it ('3 pulses', 'after 3 pulses', '3rd pulse'). A column so named is one pulse of many cycles.
_PULSE_WORDS = r"pulses?|steps?|shots?|impulses?|puls|spikes?|writes?|stimul(?:us|i)|events?"  # 20a M1: spike ...
_PULSE_BEFORE = re.compile(rf"(?:{_PULSE_WORDS}|p)$", re.IGNORECASE)  # 'p 3' too
_PULSE_AFTER = re.compile(rf"(?:{_PULSE_WORDS})$", re.IGNORECASE)
_GLUED_PULSE = re.compile(rf"(?:{_PULSE_WORDS}|p)(\d{{1,9}})$", re.IGNORECASE)  # 'pulse3', 'p3'
_GLUED_NUMBER = re.compile(r"(?:no|nr|num|number)(\d{1,9})$", re.IGNORECASE)  # 'pulse No3'
# what stands between a pulse word and its number: 'no.', 'nr', 'number', and 'N°' or 'n=' (probe 20a, W2: read as
# the cycle mark 'N 3', 'n=3', so a (cycles x pulses) matrix labelled 'pulse N°3' loaded as cycles)
_PULSE_NUMBER_WORD = re.compile(r"(?:no|nr|num|number|n|k|count)$", re.IGNORECASE)  # 'pulse count 3' too
_PANDAS = re.compile(r"^(.*[^\s\d.])\.(\d{1,9})$")  # 'G (uS).2': pandas' name for a repeated header


class Mark:
    """The cycle number a column's name gives, how (`kind`: 'named' for a cycle word, an ordinal, '#', '(2)' or a
    number after a space; 'ending' for a number glued to the name or after '_', '-', '.', '[', '{', '<';
    'pandas' for pandas' '.2'), and the name without it (`stem`: its words, units and quantity taken out)."""

    def __init__(self, number, kind, stem):
        self.number, self.kind, self.stem = number, kind, stem


def _stem(tokens, skip=()):
    return " ".join(t.lower() for k, (t, _, _) in enumerate(tokens) if k not in skip and not _QUANTITY.match(t))


def cycle_mark(name):
    """The :class:`Mark` of a value column's `name`, or None where it names no cycle, or more than one."""
    read = _read(name)
    if isinstance(read, Mark) or read is None:
        return read
    found, tokens, odd = read
    if len(found) != 1 or odd:
        return None
    number, kind, used = found[0]
    return Mark(number, kind, _stem(tokens, used))


def _tokens(text):
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _whole(token):
    """Whether a token is a number a mark gives: digits 0-9 of any script (what int() reads), at most 9 of them
    (probe 19a, X1: '①' passed str.isdigit and a number of 4,301 digits int()'s limit, both Python's own error)."""
    return token.isdecimal() and len(token) <= 9


def _unread_number(text, tokens, k, worded):
    """The cycle number token `k` of `text` gives in a form that is not read ('' where it does not end the name: no
    mark), or None where it is read or no number. After a cycle word (`worded`), glued to one or alone after the
    quantity: a number that is not :func:`_whole` ('①', 10+ digits), or has a decimal point ('cycle 1.5', read as 1
    before), or a sign ('cycle -1', 'cycle +1', 'G (uS) +1'; '-' is a separator where glued, 'cycle-1', or alone,
    'G (uS) -1', as '_1')."""
    token, start, end = tokens[k]
    last = re.fullmatch(r"(?:\.\d+)?[\s)\]}>]*", text[end:])  # where 'G (uS) 2' has its 2
    alone = _alone(tokens, k) and last
    glued = _GLUED_ANY.match(token)
    number = (token if token.isnumeric() and (worded or alone) else
              glued.group(1) if glued is not None and glued.group(1).isnumeric() else None)
    if number is None:
        return None
    sign = start > 1 and text[start - 1] in "+-" and not text[start - 2].isalnum()
    if not _whole(number) or re.match(r"\.\d", text[end:]) or sign and (worded or text[start - 1] == "+"):
        said = clipped(re.match(r"[+-]?\w*(?:\.\d+)?", text[start - sign:]).group())
        return said if last or not _whole(number) else ""  # 'sweep 0.5 V/s': no cycle, and no mark read
    return None


def _read(name):
    """A pandas copy's :class:`Mark`, or (the cycle marks found [(number, kind, token indices)], the name's tokens,
    the cycle numbers written in a form that is not read [text]: '①', 10+ digits, '1.5', 'cycle -1', '+1')."""
    text = without_read_voltage(name.strip())  # 'I (uA) @ 0.1 V.1' is a copy of a name, as 'G (uS).1'
    pandas = _PANDAS.match(text)
    if pandas is not None and cycle_mark(pandas.group(1)) is None and not _NUMBER_WORD.match(
            (_tokens(pandas.group(1)) or [("", 0, 0)])[-1][0]):  # 'G (uS) c2.1', 'pulse No.3': no copy of a name
        return Mark(int(pandas.group(2)), "pandas", _stem(_tokens(_without_units(pandas.group(1)))))
    text = english_ordinals(_OF.sub("", _without_units(text)))  # '2. Zyklus', '2e cycle' (probe 29a, D29-7)
    tokens = _tokens(text)
    pulses = set().union(*(used for _, used in _pulse_marks(tokens)))  # 'pulse no. 3' names no cycle 3
    found, odd = [], []  # (number, kind, token indices); [text]
    for k, (token, start, end) in enumerate(tokens):
        if k in pulses:
            continue
        before = tokens[k - 1][0] if k else None
        rest = [t for t, _, _ in tokens[k + 1:]]  # what follows
        after = rest[0] if rest else None
        last = not rest or len(rest) == 1 and _AFTER_ORDINAL.match(rest[0])  # '2', '#2 cycle', '2nd run'
        worded = before is not None and _WORD.match(before)
        if (unread := _unread_number(text, tokens, k, worded)) is not None:
            odd.extend([unread] if unread else [])
        elif (glued := _GLUED.match(token)) is not None:
            found.append((int(glued.group(1)), "named", {k}))
        elif _whole(token) and before is not None and _NUMBER_WORD.match(before) and k > 1 \
                and _WORD.match(tokens[k - 2][0]):  # 'cycle no. 2'
            found.append((int(token), "named", {k - 2, k - 1, k}))
        elif _whole(token) and worded:
            train = k > 1 and before.lower().startswith("train") and tokens[k - 2][0].lower() == "pulse"
            found.append((int(token), "named", {k - 2, k - 1, k} if train else {k - 1, k}))
        elif (ordinal := _ORDINAL.match(token)) is not None and last:
            found.append((int(ordinal.group(1)), "named", {k, k + 1} if after else {k}))
        elif _whole(token) and _alone(tokens, k) and last:
            gap = text[tokens[k - 1][2] if k else 0:start]  # 'G (uS) 2', '#2', '(2)'; '_2', '[2]', '{2}': an ending
            found.append((int(token), "ending" if re.search(r"[_\-.\[{</]", gap) else "named", {k, k + 1} if after
                          else {k}))
        elif (glued := _GLUED_QUANTITY.match(token)) is not None and _alone(tokens, k) and not rest:  # 'G2 (uS)'
            found.append((int(glued.group(1)), "ending", {k}))
    return found, tokens, odd


def _pulse_marks(tokens):
    """[(pulse number, token indices)] of the pulse marks among a name's `tokens` (see ``_PULSE_WORDS``)."""
    words = [t for t, _, _ in tokens]
    found = []
    for k, token in enumerate(words):
        before, after = words[k - 1] if k else "", words[k + 1] if k + 1 < len(words) else ""
        number = token if token.isdigit() else (_GLUED_NUMBER.match(token) or [None, None])[1]
        if (glued := _GLUED_PULSE.match(token)) is not None:  # 'pulse3', 'p3'
            found.append((int(glued.group(1)), {k}))
        elif number is not None and k and _PULSE_BEFORE.match(before):  # 'pulse 3', 'pulse #3', 'pulse No3'
            found.append((int(number), {k - 1, k}))
        elif token.isdigit() and k > 1 and _PULSE_NUMBER_WORD.match(before) and _PULSE_BEFORE.match(words[k - 2]):
            found.append((int(token), {k - 2, k - 1, k}))  # 'pulse no. 3', 'pulse number 3', 'pulse N°3'
        elif (token.isdigit() or _ORDINAL.match(token)) and _PULSE_AFTER.match(after):  # '3 pulses', '3rd pulse'
            found.append((int(re.match(r"\d+", token).group()), {k, k + 1}))
    return found


def pulse_mark(name):
    """The pulse number a value column's `name` gives where it names a pulse and no cycle (``G (uS) pulse no. 3``,
    ``G (uS) after 3 pulses``, ``G_pulse3_uS``), or None."""
    read = _read(name)
    if isinstance(read, Mark) or read is None or len(read[0]) == 1:
        return None
    marks = _pulse_marks(read[1])
    return marks[0][0] if marks else None


def _unread_cycle(name):
    """What a name that gives no cycle mark says of its cycle in a form that is not read, with the form that is, or
    None: two numbers ('cycle 1 run 2'), a roman numeral or a word ('cycle II', 'run three', 'third cycle'), a number
    not read ('cycle ①', 'cycle 1.5', 'cycle -1')."""
    read = _read(name)
    if isinstance(read, Mark) or read is None:
        return None
    found, tokens, odd = read
    words = [t for t, _, _ in tokens]
    if odd:  # 'cycle ①', 'cycle 1.5', 'cycle -1' (probe 19a, X1 and its leftovers)
        return unread_cycle_number(odd[0])
    if len(found) > 1:
        said = [" ".join(words[i] for i in sorted(used)) for _, _, used in found]
        first = next((n for n, _, used in found if any(_CYCLE_WORD.match(words[i]) for i in used)), found[0][0])
        return (f"names two numbers ({', '.join(repr(s) for s in said)}), and which is its cycle is not read: write "
                f"the cycle's number alone (e.g. 'G (uS) cycle {first}'), one run, sample or device per file")
    spelled = spelled_labels(_without_units(without_read_voltage(name.strip())))
    return spelled_refusal(spelled[0]) if spelled else None  # 'cycle XL', 'cycle A' (probe 22a, D22-2, K1)


def note_labels(text):
    """[(number, what says it, first token, last token, count of tokens, read)] of the cycle labels a free text (an
    instrument block's '#' note) names by the grammar of a value column's name: `read` where a column so named is read
    as cycle `number` ('scan 3', 'measurement #3', 'LTP cycle 3', '3. cycle'), not where it spells its number
    (:func:`.cycle_words.spelled_labels`). A number alone, after the quantity's word or glued to a name ('3', 'G 3',
    'G_3') is no label in a note."""
    read = _read(text)
    if isinstance(read, Mark) or read is None:
        return []
    found, tokens, _ = read
    words = [t for t, _, _ in tokens]
    labels = [(number, " ".join(words[i] for i in sorted(used)), min(used), max(used), len(words), True)
              for number, kind, used in found if kind == "named" and any(
                  not words[i].isdecimal() and not _QUANTITY.match(words[i]) for i in used)]
    return labels + [label + (False,) for label in spelled_labels(text)]


def _alone(tokens, k):
    """Whether only the quantity's word stands before token `k` ('G (uS) 2', 'G2 (uS)', '#2'; units are out)."""
    return all(_QUANTITY.match(t) for t, _, _ in tokens[:k])


def column_marks(names):
    """The cycle numbers the value columns `names` name, one per column, with the kind of each ('named', 'ending',
    'pandas'), or None where they name none that is read: all the same name, or one column. The first column
    with no mark, beside marked ones of its name, is cycle 1 (or, beside pandas' copies '.1', '.2', copy 0)."""
    marks = [cycle_mark(n) for n in names]
    if len(names) < 2 or _problem(names, marks) is not None or all(m is None for m in marks):
        return None
    if marks[0] is None:
        pandas = all(m.kind == "pandas" for m in marks[1:])
        return [0 if pandas else 1] + [m.number for m in marks[1:]], [m.kind for m in marks[1:]]
    return [m.number for m in marks], [m.kind for m in marks]


def cycle_columns_problem(names, columns=None):
    """The refusal (one line) of value columns `names` that are not all cycles by :func:`cycle_mark`'s rule, or
    None. `columns`: each one's place among the header's columns (1 = the first), for the message."""
    if len(names) < 2:
        return None
    return _problem(names, [cycle_mark(n) for n in names], columns)


_TRANSPOSED = ("one column per pulse, the table looks transposed; expected one column per cycle, one row per pulse "
               "(pandas: df.T; numpy: M.T)")


def _problem(names, marks, columns=None):
    plain = [k for k, m in enumerate(marks) if m is None]
    stems = [m.stem if m is not None else _stem(_tokens(_without_units(without_read_voltage(names[k]))))
             for k, m in enumerate(marks)]
    if len(plain) == len(names) and len(set(stems)) == 1:  # one name, its units aside ('G (uS),G (nS)')
        return None
    columns = columns or list(range(1, len(names) + 1))
    where = [f"column {clipped(names[k])!r} (column {columns[k]}, value column {k + 1} of {len(names)})"
             for k in range(len(names))]
    pulsed = [k for k in plain if pulse_mark(names[k]) is not None]  # 'G (uS) pulse no. 3' (probe 18a, W1)
    if pulsed:
        return f"{where[pulsed[0]]} names a pulse, not a cycle: {_TRANSPOSED}"
    twice = ("two devices, or one column pasted twice? Expected one column per cycle: keep one, or save each device "
             "in its own file")
    marked = {names[i].strip(): i for i in reversed(range(len(names))) if marks[i] is not None}
    for j, name in enumerate(names):  # 'G (uS) cycle 1.1': pandas' name for 'G (uS) cycle 1' written twice
        copy = re.fullmatch(r"(.*)\.\d+", name.strip())
        i = marked.get(copy.group(1)) if copy is not None else None
        if i is not None:
            return (f"{where[j]} is pandas' name for a second column {clipped(names[i])!r}, so the file names cycle "
                    f"{marks[i].number} twice ({where[i]}): {twice}")
    first = 0 if not plain or plain[0] != 0 else 1  # a first column with no mark may be cycle 1
    if plain and (plain != [0] or len(set(stems)) > 1):
        labelled = [k for k in plain if stems[k]]  # 'G expected (uS)' beside 'G (uS)', 'direction (uS)' beside it
        k = labelled[0] if len(labelled) == 1 else next((k for k in plain if k > 0), plain[0])
        other = names[1] if k == 0 else names[0]
        if (unread := _unread_cycle(names[k])) is not None:  # 'cycle 1 run 2', 'cycle II' (probe 18a, C6, C7)
            return f"{where[k]} {unread}"
        return (f"{where[k]}: several value columns are read as cycles only where each names its cycle (e.g. "
                f"'G (uS) cycle {k + 1}'), or all have one name; this one names none, so it may be a statistic, a "
                f"model, a condition or another device beside {clipped(other)!r}: keep the cycles' columns only, or "
                "save one column per file")
    if len(set(stems)) > 1:
        k = next(k for k in range(len(names)) if stems[k] != stems[first])
        return (f"{where[k]} and {where[first]} name cycles, but their names differ by more than the cycle "
                f"({stems[k] or 'nothing'!r}, {stems[first] or 'nothing'!r}): different conditions or devices are "
                "not cycles of one protocol; keep the cycles of one in the file, or save one per file")
    seen = {}  # number -> {kind: the first column naming it so}
    for k, m in enumerate(marks):  # 'cycle 1, cycle 1', 'cycle 01, cycle 1', 'c1, G_1' (probe 18a)
        if m is None or m.kind == "pandas":
            continue
        before = seen.setdefault(m.number, {})
        i = min(before.values()) if m.kind == "named" and before else before.get("named")
        if i is not None:  # numbers that only end the names ('G1, G_1') are refused for --cycle K (cycle_names)
            return f"{where[i]} and {where[k]} both name cycle {m.number}: {twice}"
        before.setdefault(m.kind, k)
    if plain and any(m.number in (0, 1) and m.kind != "pandas" for m in marks[1:]):  # probe 19a, C9: beside 0 too
        k = next(k for k, m in enumerate(marks) if k and m.number in (0, 1))
        if marks[k].number == 0:  # 'G (uS),G (uS) c0' was cycle 1 beside cycle 0: --cycle 1 took the 'c0' column
            return (f"{where[0]} names no cycle and {where[k]} names cycle 0: is the first a cycle before 0, cycle 1 "
                    "or no cycle? Name its cycle (e.g. 'G (uS) cycle 1'), or keep the cycles' columns only")
        return (f"{where[0]} names no cycle and {where[k]} names cycle 1: is the first cycle 1, 0 or no cycle? Name "
                "its cycle (e.g. 'G (uS) cycle 0'), or keep the cycles' columns only")
    return None


def _without_pulse(name):
    """`name` with its pulse mark cut out ('G_nS pulse 0' -> 'G_nS', 'G (nS) pulse 0' -> 'G (nS)'), else `name`:
    a unit after '_' is read where it ends the name only (probe 21a, A2: the advice fell back to 'G (uS)')."""
    read = _read(name)
    marks = [] if isinstance(read, Mark) or read is None else _pulse_marks(read[1])
    if len(marks) != 1:
        return name
    words = r"[\W_]*".join(re.escape(read[1][k][0]) for k in sorted(marks[0][1]))  # the tokens of a read text
    found = list(re.finditer(rf"(?<![^\W_]){words}(?![^\W_])", name))
    if not found:
        return name
    start, end = found[-1].span()
    return (name[:start].rstrip(" _-#") + name[end:]).strip()


def _advised(names):
    """The one quantity, unit and read voltage the value columns `names` state, written as a cycle column's stem
    ('G (nS)', 'I (uA) @ 0.1 V'), or None where they state none or several (probe 20a, A1: the advice's code wrote
    'G (uS) cycle' over nS values, which then loaded 1000x off)."""
    stated = set()
    for name in names:
        try:
            column = value_column(_without_pulse(name))
        except ValueError:
            return None
        if column.unit is None:
            return None
        volts = f" @ {column.read_voltage:g} V" if column.read_voltage else ""
        stated.add(f"{dict(conductance='G', resistance='R', current='I')[column.quantity]} ({column.unit}){volts}")
    return stated.pop() if len(stated) == 1 else None


def layout_problem(names, row):
    """The refusal (one line) of a header whose columns are laid out as a device table is not, or None; `row`: the
    cells of the line after it. Read before the columns' units and the rows (probe 18a):

    * value columns named as pulses ('G (uS) pulse no. 3', 'G (uS) p 3'): a (cycles x pulses) matrix saved as it is,
      refused as transposed whatever its rows hold (without drift they were refused as falling in time order);
    * a column numbering the cycles beside value columns named as pulses or by numbers ('cycle,pulse 1,pulse 2'):
      one row per cycle; pandas' pivot written with its index ('cycle,1,2' over 'pulse,,'), whose columns name no
      quantity; beside a value column, long format. Each with pandas code that writes a table that loads;
    * MATLAB's default names ('Var1'): no quantity or unit.
    """
    if any(not n or n.startswith("Unnamed: ") for n in names):
        return None  # the loader names those columns
    roles = ["pulse" if is_pulse_column(n) else "cycle" if is_cycle_column(n) else "other" if
             is_direction_column(n) or is_time_column(n) else None for n in names]
    values = [k for k, r in enumerate(roles) if r is None]
    where = {k: f"column {clipped(names[k])!r} (column {k + 1}, value column {at + 1} of {len(values)})"
             for at, k in enumerate(values)}
    cycle, pulse = (next((k for k, r in enumerate(roles) if r == role), None) for role in ("cycle", "pulse"))
    xs = [k for k in values if re.fullmatch(r"[xX][\s_]*\d{1,9}", names[k].strip())]  # 'x1,G (uS) c1,x2,G (uS) c2'
    if 1 < len(xs) < len(values):  # Origin's x/y pairs: 'x1' was "a scale written in the name" (probe 20a, M1)
        return (f"column {clipped(names[xs[-1]])!r} numbers the pulses of one cycle (x/y column pairs: "
                f"{', '.join(repr(clipped(names[k])) for k in xs[:3])}{', ...' if len(xs) > 3 else ''}); expected one "
                "pulse column for every cycle: keep the first, name it 'pulse', and drop the others")
    pulsed = [k for k in values if pulse_mark(names[k]) is not None]
    if cycle is None and len(pulsed) > 1 and not any(cycle_mark(names[k]) for k in values):  # not x/y pairs
        return f"{where[pulsed[0]]} names a pulse, not a cycle: {_TRANSPOSED}"  # ('p1,G (uS) c1,p2,G (uS) c2')
    matlab = next((k for k in values if re.fullmatch(r"Var\d+", names[k])), None)
    if cycle is None and matlab is not None:
        return (f"{where[matlab]} names no quantity or unit (MATLAB's name for a table's unnamed variable): name each "
                "column, e.g. 'G (uS)', or 'G (uS) cycle 1', 'G (uS) cycle 2' for cycles")
    if cycle is None:
        return None
    head = f"column {clipped(names[cycle])!r} numbers the cycles"
    if pulse is None and len(values) > 1 and all(k in pulsed or names[k].isdigit() for k in values):
        shown = ", ".join(repr(clipped(names[k])) for k in values[:3]) + (", ..." if len(values) > 3 else "")
        named = row[cycle].strip() if cycle < len(row) else ""  # 'pulse,,' under 'cycle,1,2'
        if is_pulse_column(named) and not any(c.strip() for c in row[cycle + 1:]):
            return (f"{head} and columns {shown} are its cycles, over a row {clipped(','.join(row))!r} naming the "
                    "pulses: pandas' pivot written with its index; they name no quantity or unit. Expected "
                    f"'pulse,G (uS) cycle 1,G (uS) cycle 2' (pandas: df.pivot(index={named!r}, columns="
                    f"{names[cycle]!r}, values='G (uS)').add_prefix('G (uS) cycle ').reset_index().to_csv(path, "
                    "index=False))")
        value = _advised({names[k] for k in values})  # the code names no unit it cannot read: 'G (<unit>)'
        return (f"{head} and columns {shown} name pulses: one row per cycle, the table looks transposed; expected one "
                f"column per cycle, one row per pulse, e.g. 'pulse,{value or 'G (uS)'} cycle 1,{value or 'G (uS)'} "
                f"cycle 2' (pandas: df.set_index({names[cycle]!r}).T.reset_index(drop=True).rename_axis('pulse')"
                f".add_prefix({(value or 'G (<unit>)') + ' cycle '!r}).reset_index().to_csv(path, index=False)"
                + ("" if value else ", with <unit> the values' unit, e.g. uS") + ")")
    column = names[values[0]] if values else "G (uS)"
    value = _advised([column]) or column  # 'R_kOhm' -> 'R (kOhm)': 'R_kOhm cycle 1' is refused (probe 21a, A3)
    index = names[pulse] if pulse is not None else "pulse"
    counted = "" if pulse is not None else f".assign(pulse=df.groupby({names[cycle]!r}).cumcount())"
    return (f"{head}: a table with one row per cycle and pulse (long format); expected one value column per cycle, "
            f"e.g. '{index},{value} cycle 1,{value} cycle 2' (pandas: df{counted}.pivot(index={index!r}, "
            f"columns={names[cycle]!r}, values={column!r}).add_prefix({value + ' cycle '!r}).reset_index()"
            ".to_csv(path, index=False))")
