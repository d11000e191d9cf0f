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
  cycle 1 it is refused (which is cycle 1?), except pandas' ``G (uS),G (uS).1,G (uS).2``, its copies of one name,
  where K counts the columns.

Anything else is refused naming the column: it may be a statistic, a model, a condition or another device. One
value column loads whatever its label.
"""

from __future__ import annotations

import re

from .checks import clipped
from .unit_names import BASE, PREFIX

__all__ = ["cycle_mark", "column_marks", "cycle_columns_problem"]

# Words that number a cycle before its number ('cycle 2', 'c2', 'run_2', 'N=2', 'measurement 2').
_WORDS = (r"cycles?|cyc|cy|c|runs?|sweeps?|zyklus|ciclo|sets?|iterations?|iter|it|loops?|series|rounds?"
          r"|pass(?:es)?|batch(?:es)?|blocks?|trains?|no|nr|num|reps?|repetitions?|repeats?|trials?|meas"
          r"|measurements?|scans?|n|k")
_WORD = re.compile(rf"(?:{_WORDS})$", re.IGNORECASE)
_GLUED = re.compile(rf"(?:{_WORDS})(\d+)$", re.IGNORECASE)  # 'c2', 'cycle2', 'Cy2', 'run2'
_NUMBER_WORD = re.compile(r"(?:no|nr|num|number)$", re.IGNORECASE)  # 'cycle no. 2'
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)$", re.IGNORECASE)
_AFTER_ORDINAL = re.compile(r"(?:cycles?|cyc|runs?|sweeps?|reps?|repetitions?|trials?|measurements?|meas|scans?)$",
                            re.IGNORECASE)
# The quantity's word and a unit: not part of a label ('G (uS) c2' and 'G_c2 (nS)' name the same thing).
_QUANTITY = re.compile(r"(?:g|conductance|cond|i|current|read|iread|r|resistance|res)$", re.IGNORECASE)
_GLUED_QUANTITY = re.compile(r"(?:g|conductance|cond|i|current|iread|r|resistance|res)(\d+)$", re.IGNORECASE)
# the units unit_names reads: a prefix and a base, longest first
_U = (rf"(?:{'|'.join(map(re.escape, sorted(PREFIX, key=len, reverse=True)))})"
      rf"(?:{'|'.join(map(re.escape, sorted(BASE, key=len, reverse=True)))})")
# A unit where a name gives one: '(uS)', '[kOhm]', 'in uS', '/ uS', a final '_uS' ('G (uS) device A' keeps its 'A').
_UNIT_TEXT = re.compile(rf"[\(\[]\s*{_U}\s*[\)\]]|(?<=_){_U}$|\bin\s+{_U}\b|/\s*{_U}\b")
_TOKEN = re.compile(r"[^\W_]+")
_AT_VOLTAGE = re.compile(r"@\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*[A-Za-z\u00b5\u03bc]*")  # 'I (uA) @ 0.1 V'
_OF = re.compile(r"(?<=\d)\s*(?:of|/)\s*\d+(?=\s*[\)\]]?\s*$|\s*[\)\]]?\s+\D)", re.IGNORECASE)  # 'cycle 2 of 5'
_PULSE = re.compile(r"(?<![A-Za-z])(?:pulses?|p)\s*[#._\-:=]?\s*\d+(?![\d.])", re.IGNORECASE)  # 'pulse 3', 'p3'
_PANDAS = re.compile(r"^(.*[^\s\d.])\.(\d+)$")  # 'G (uS).2': pandas' name for a repeated header


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
    text = _AT_VOLTAGE.sub(" ", name.strip())
    pandas = _PANDAS.match(text)
    if pandas is not None and cycle_mark(pandas.group(1)) is None:  # 'G (uS) c2.1' is no copy of a cycle's name
        tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(_UNIT_TEXT.sub(" ", pandas.group(1)))]
        return Mark(int(pandas.group(2)), "pandas", _stem(tokens))
    text = _OF.sub("", _UNIT_TEXT.sub(" ", text))
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    found = []  # (number, kind, token indices)
    for k, (token, start, _) in enumerate(tokens):
        before = tokens[k - 1][0] if k else None
        rest = [t for t, _, _ in tokens[k + 1:]]  # what follows
        after = rest[0] if rest else None
        last = not rest or len(rest) == 1 and _AFTER_ORDINAL.match(rest[0])  # '2', '#2 cycle', '2nd run'
        if (glued := _GLUED.match(token)) is not None:
            found.append((int(glued.group(1)), "named", {k}))
        elif token.isdigit() and before is not None and _NUMBER_WORD.match(before) and k > 1 \
                and _WORD.match(tokens[k - 2][0]):  # 'cycle no. 2'
            found.append((int(token), "named", {k - 2, k - 1, k}))
        elif token.isdigit() and before is not None and _WORD.match(before):
            train = k > 1 and before.lower().startswith("train") and tokens[k - 2][0].lower() == "pulse"
            found.append((int(token), "named", {k - 2, k - 1, k} if train else {k - 1, k}))
        elif (ordinal := _ORDINAL.match(token)) is not None and last:
            found.append((int(ordinal.group(1)), "named", {k, k + 1} if after else {k}))
        elif token.isdigit() and _alone(tokens, k) and last:
            gap = text[tokens[k - 1][2] if k else 0:start]  # 'G (uS) 2', '#2', '(2)'; '_2', '[2]', '{2}': an ending
            found.append((int(token), "ending" if re.search(r"[_\-.\[{</]", gap) else "named", {k, k + 1} if after
                          else {k}))
        elif (glued := _GLUED_QUANTITY.match(token)) is not None and _alone(tokens, k) and not rest:  # 'G2 (uS)'
            found.append((int(glued.group(1)), "ending", {k}))
    if len(found) != 1:
        return None
    number, kind, used = found[0]
    return Mark(number, kind, _stem(tokens, used))


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


def _problem(names, marks, columns=None):
    plain = [k for k, m in enumerate(marks) if m is None]
    stems = [m.stem if m is not None else _stem([(t.group(), 0, 0) for t in _TOKEN.finditer(_UNIT_TEXT.sub(
        " ", _AT_VOLTAGE.sub(" ", names[k])))]) for k, m in enumerate(marks)]
    if len(plain) == len(names) and len(set(stems)) == 1:  # one name, its units aside ('G (uS),G (nS)')
        return None
    columns = columns or list(range(1, len(names) + 1))
    where = [f"column {clipped(names[k])!r} (column {columns[k]}, value column {k + 1} of {len(names)})"
             for k in range(len(names))]
    first = 0 if not plain or plain[0] != 0 else 1  # a first column with no mark may be cycle 1
    if plain and (plain != [0] or len(set(stems)) > 1):
        labelled = [k for k in plain if stems[k]]  # 'G expected (uS)' beside 'G (uS)', 'direction (uS)' beside it
        k = labelled[0] if len(labelled) == 1 else next((k for k in plain if k > 0), plain[0])
        other = names[1] if k == 0 else names[0]
        if _PULSE.search(names[k]) is not None:  # 'G (uS) pulse 3', 'G (uS) p3': one column per pulse (probe 10a)
            return (f"{where[k]} names a pulse, not a cycle: one column per pulse, the table looks transposed; "
                    "expected one column per cycle, one row per pulse (pandas: df.T; numpy: M.T)")
        return (f"{where[k]}: several value columns are read as cycles only where each names its cycle (e.g. "
                f"'G (uS) cycle {k + 1}'), or all have one name; this one names none, so it may be a statistic, a "
                f"model, a condition or another device beside {clipped(other)!r}: keep the cycles' columns only, or "
                "save one column per file")
    if len(set(stems)) > 1:
        k = next(k for k in range(len(names)) if stems[k] != stems[first])
        return (f"{where[k]} and {where[first]} name cycles, but their names differ by more than the cycle "
                f"({stems[k] or 'nothing'!r}, {stems[first] or 'nothing'!r}): different conditions or devices are "
                "not cycles of one protocol; keep the cycles of one in the file, or save one per file")
    if plain and any(m.number == 1 and m.kind != "pandas" for m in marks[1:]):
        k = next(k for k, m in enumerate(marks) if k and m.number == 1)
        return (f"{where[0]} names no cycle and {where[k]} names cycle 1: is the first cycle 1, 0 or no cycle? Name "
                "its cycle (e.g. 'G (uS) cycle 0'), or keep the cycles' columns only")
    return None
