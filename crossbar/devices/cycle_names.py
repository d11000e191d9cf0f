"""The cycle numbers a table's value columns name, and which column ``--cycle K`` (API ``cycle=K``) takes.

Which columns may be cycles, and the marks that give their numbers, are :mod:`.cycle_marks`' closed rule. Where
every value column names a cycle number (``G (uS) cycle 2``, ``G_c1_uS``, ``R (kOhm) #3``), ``cycle=K`` is the
column named K, wherever it stands; a K that no column names is refused listing the names, and so is one two
columns name. Where 0 is among the numbers (``cycle 0, 1, 3``, in any order), ``cycle=K`` is the one named K - 1
(:class:`_FromZero`; probe 19a, C8). A first column with no mark beside marked ones of its name
(``G (uS),G (uS) c2,G (uS) c3``) is cycle 1 (probe 17a, C2: K counted positions). Where every name is the same,
or the numbers number the columns in order from 1 or from 0, K counts the value columns (1 = the first), as it
counts an instrument file's blocks.
``pulse,G (uS) cycle 2,G (uS) cycle 1`` with ``--cycle 1`` took the column named ``cycle 2`` (probe 12a, C1),
and so did ``G (uS) (2nd cycle),G (uS) (1st cycle)``, whose ordinals were not read (stop 36's note). Where no
cycle word names them but every name ends in a number (``G2 (uS)``, ``G_2 (uS)``, ``G (uS) [2]``, pandas'
``G (uS).2``), K is the column that names K if the numbers are 1 ... n in some order (``G2 (uS),G1 (uS)`` with
``--cycle 1`` took ``G2``, probe 16a, C1); other numbers (``G3, G1``) are refused for an explicit K, listing the
columns: which of them K means is not in the file.
"""

from __future__ import annotations

import collections
import re

from .checks import clipped
from .fields import DeviceFileError
from .cycle_marks import column_marks, note_labels
from .cycle_words import cycle_words, spelled_labels

__all__ = ["named_cycles", "cycle_position", "LongCycle", "block_cycles", "BlockCycles", "block_key_number", "block_note_number"]


class LongCycle(str):
    """A long table's cycle, named as a wide table's column would be ('G (uS) cycle 3': :func:`.long_format.read_long`),
    with the column whose rows number it: ``--cycle K`` naming no cycle is refused in the file's words, that column
    and the numbers it holds (probe 28a, D28-14: it named value columns the file does not have)."""

    def __new__(cls, name, column=None):
        self = super().__new__(cls, name)
        self.column = column
        return self


class _Ending(list):
    """Cycle numbers read from the numbers that end the columns' names: not 1, ..., n in some order, they are
    refused for ``--cycle K`` (which of them is cycle K?)."""


class _FromZero(list):
    """Cycle numbers that count from 0 (0 is among them), in any order, with or without a gap: K counts the cycles
    from 1, as it does where they are 0 ... n - 1 in order (``--cycle 1`` the one named 0), so cycle K is the one
    named K - 1 (probe 18a, C5: it was the one named K, another cycle for the same file with its columns permuted;
    probe 19a, C8: with a gap, ``cycle 0, 1, 3``, it was again the one named K, and the API's ``cycle=0`` loaded
    the one named 0). A K whose cycle K - 1 no column or block names is refused, as a K no 1-based name gives is."""


def named_cycles(names):
    """The cycle number each of the value columns `names` names (:func:`.cycle_marks.column_marks`), or None where
    they name none (one name repeated) and where they are 1, 2, ..., n or 0, 1, ..., n - 1 in order (the column's
    place is then its cycle: read as it always was, ``--cycle 1`` the first column, the one named 0 where they count
    from 0). Where no cycle word names them but every name ends in a number, those numbers (an :class:`_Ending`)."""
    read = column_marks(names)
    if read is None:
        return None
    numbers, kinds = read
    in_order = (list(range(1, len(numbers) + 1)), list(range(len(numbers))))  # 'c0, c1, c2' counts from 0: K counts
    if numbers in in_order:  # the columns, as it always did (the report names the column)
        return None
    if sorted(numbers) == in_order[1] or 0 in numbers and "named" in kinds:  # 'cycle 0, 1, 3' too (probe 19a, C8)
        return _FromZero(numbers)
    return numbers if "named" in kinds else _Ending(numbers)


def cycle_position(cycle, names, numbers, source):
    """The position (1 = the first value column) of the column named cycle `cycle`; `cycle` itself where the
    columns name no cycle numbers (`numbers` None). ValueError naming the file and the columns for a cycle no
    column names or two do."""
    if cycle is None or numbers is None:
        return cycle
    where = "the file" if source is None else source
    shown = ", ".join(repr(clipped(n)) for n in names[:6]) + (", ..." if len(names) > 6 else "")
    column = getattr(names[0], "column", None)  # a long table's cycle column (LongCycle)
    if isinstance(numbers, _Ending) and sorted(numbers) != list(range(1, len(names) + 1)):
        return _refuse(f"cycle = {cycle}: the value columns of {where} end in the numbers "
                       f"{', '.join(map(str, numbers))}, which are not 1 ... {len(names)} (its columns: {shown}): "
                       f"is cycle {cycle} the column named {cycle}, or the {_ordinal(cycle)}? Expected names "
                       f"that number the cycles 1 ... {len(names)} ('G (uS) cycle 1'), or one cycle per file")
    counts = collections.Counter(numbers)  # one pass: a header may name thousands of columns
    twice = next((n for n in numbers if counts[n] > 1), None)  # 'G1, G_1, cycle 2' (probe 20a, D1)
    if twice is not None:  # any K: the file names one cycle twice, two devices or a column pasted twice
        which = [k for k, n in enumerate(numbers) if n == twice]
        return _refuse(f"cycle = {cycle}: in {where}, columns {clipped(names[which[0]])!r} and "
                       f"{clipped(names[which[1]])!r} both name cycle {twice}; expected one column per cycle number")
    if isinstance(numbers, _FromZero):
        return _from_zero(cycle, numbers, f"the value columns of {where} ({shown})" if column is None else
                          f"the rows of {where} (long format, column {clipped(column)!r})")
    which = [k for k, n in enumerate(numbers) if n == cycle]
    if len(which) == 1:
        return which[0] + 1
    if column is not None:
        return _refuse(f"cycle = {cycle}: no row of {where} numbers cycle {cycle} in column {clipped(column)!r} (long "
                       f"format); expected one of the cycles it numbers: {', '.join(map(str, sorted(set(numbers))))}")
    return _refuse(f"cycle = {cycle}: no value column of {where} names cycle {cycle} (its columns: {shown}); "
                   f"expected one of the cycles they name: {', '.join(map(str, sorted(set(numbers))))}")


def _from_zero(cycle, numbers, what):
    """The position of cycle `cycle` among `numbers` (a :class:`_FromZero`): the one named `cycle` - 1."""
    if cycle >= 1 and cycle - 1 in numbers:
        return numbers.index(cycle - 1) + 1
    if sorted(numbers) == list(range(len(numbers))):
        return _refuse(f"cycle = {cycle}: {what} name cycles 0 ... {len(numbers) - 1}, counted from 1 by K (K = 1 "
                       f"the one named 0): expected 1 ... {len(numbers)}")
    named, missing = sorted(numbers), f", and none names {cycle - 1}" if cycle >= 1 else ""
    return _refuse(f"cycle = {cycle}: {what} name cycles {', '.join(map(str, named))}, counted from 1 by K (cycle K "
                   f"is the one named K - 1, K = 1 the one named 0){missing}: expected one of "
                   f"{', '.join(str(n + 1) for n in named)}")


def _ordinal(k):
    return f"{k}{'th' if 10 <= k % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th')} column"


def _refuse(message):
    raise ValueError(message)


# An instrument block's header key that names its cycle's number ('Cycle: 3', 'Cycle Number: 3', 'Run: 2', 'Sweep #: 2',
# 'Iteration: 1'; 'Cycles: 3' and 'Number of Cycles: 3' are counts, kept as text), its value (an integer, '2 of 3'),
# and a '#' note that is only such a label ('# cycle 2', '# --- Run 3 ---') just above a block (probe 17a, C4: with the
# blocks headed 'Cycle: 3', 'Cycle: 2', 'Cycle: 1', --cycle 1 took the block headed 'Cycle: 3'). A number is read as
# a column's cycle mark is: whole, in digits, at most 9 of them; an ordinal ('3rd') and the key's word again ('cycle 3',
# 'c3') say no more. A key or note that gives its number in another form ('3.0', '+3', '-3', '3e0', '3 (LTP)',
# '# Cycle 3 (LTP)') names a cycle that is not read: an explicit K is refused naming its line (probe 19a, B1: it was
# kept as text, and K counted the blocks, the last cycle for --cycle 1 over blocks saved newest first). 'scan',
# 'measurement', 'block' and '3.' before a cycle word name a cycle as in a column's name ('# scan 3', '# 3. Zyklus';
# probe 22a, D22-3: they were text).
_WORD = rf"(?:{cycle_words(plural=False)})(?:[\s_\-]*(?:number|num|no|nr|index|idx|#)\.?)?"
_BLOCK_KEY = re.compile(rf"^{_WORD}$", re.IGNORECASE)
_NUMBER = r"(\d{1,9})(?:st|nd|rd|th)?(?:\s*(?:of|/)\s*\d{1,9})?"  # '3', '03', '3rd', '3 of 5', '3/5'
_BLOCK_VALUE = re.compile(rf"^(?:#|(?:{_WORD}|c)[\s#:=_\-]*)?\s*{_NUMBER}$", re.IGNORECASE)
_BLOCK_NOTE = re.compile(rf"^[\s\-=*:]*(?:{_WORD}[\s#:=_\-]*{_NUMBER}|(\d{{1,9}})(?:st|nd|rd|th|\.)[\s_\-]*{_WORD})"
                         r"[\s\-=*:.]*$", re.IGNORECASE)  # '# cycle 3', '# --- Run 3 ---', '# 3rd cycle', '# 3. Zyklus'
# a note that opens with a cycle word and a number, or an ordinal and a cycle word ('# Cycle 3 (LTP)', '# 3rd cycle
# (LTP)'), whatever follows: a cycle label, read or not ('# cycle time 10 ms', '# Cycles: 3' are not)
_NOTE_LABEL = re.compile(rf"^[\s\-=*:#]*(?:{_WORD}[\s#:=_\-]*[+\-.]?(\w)|\d+\s*(?:st|nd|rd|th|\.)[\s_\-]*{_WORD}\b)",
                         re.IGNORECASE)
# The words by which a note names its cycle in a label the grammar of a column's name reads (cycle_marks.note_labels:
# 'LTP cycle 3', 'sample 7 cycle 3', 'cycle three (LTP)', 'Sweep XL', 'cycle A'; probe 22a, D22-1 to D22-3): the keys'
# words and 'series', 'train'; not the letters and short forms a note says other things with ('n = 50', 'c = 1 uF',
# 'no. 3', 'Set 2 V', 'it'), which name a cycle in a column's name only.
_NOTE_WORD = re.compile(rf"(?:{cycle_words('series', 'trains?')})\d{{0,9}}$", re.IGNORECASE)


def block_key_number(key, value):
    """The cycle number an instrument header line names ('Cycle: 3', 'Run No.: 2'), or None."""
    found = _BLOCK_KEY.match(key.strip()) and _BLOCK_VALUE.match(value.strip())
    return int(found.group(1)) if found else None


def block_note_number(text):
    """The cycle number a '#' note names when that is all it says ('# cycle 3', '# Run 2', '# 3rd cycle'), or None."""
    found = _BLOCK_NOTE.match(text)
    return int(found.group(1) or found.group(2)) if found else None


def _unread_key(key, value):
    """Whether a header line is a cycle key ('Cycle', 'Run', ...) whose value gives a number that
    :func:`block_key_number` does not read ('3.0', '+3', '3 (LTP)'), or opens with one spelled in words, roman
    numerals or a letter, as a column's name 'cycle <value>' would ('II', 'three (LTP)', 'thirteen', 'XL', 'B':
    :func:`.cycle_words.spelled_labels`); a value with neither ('forward') is text."""
    value = value.strip()
    return bool(_BLOCK_KEY.match(key.strip()) and block_key_number(key, value) is None
                and (any(c.isnumeric() for c in value)
                     or any(label[2] == 0 for label in spelled_labels(f"cycle {value}"))))  # probe 22a, D22-1, D22-2


def _unread_note(text):
    """Whether a '#' note that :func:`block_note_number` does not read is a cycle label: one opening with a cycle word
    and a number, or an ordinal and a cycle word (``_NOTE_LABEL``: '# Cycle 3 (LTP)', '# Run 3 at 300 K'), or one that
    opens or ends with a label a column's name is read or refused by (:func:`.cycle_marks.note_labels` with a word of
    ``_NOTE_WORD``: '# LTP cycle 3', '# sample 7 cycle 3', '# cycle three (LTP)', '# iteration three done', '# Sweep
    III (V=1.2)', '# twenty-first cycle', '# cycle XL', '# cycle A'; probe 22a: they were text, and K counted the
    blocks). A label inside other words is text ('# the third cycle was bad', '# cycle time 10 ms')."""
    if block_note_number(text) is not None:
        return False
    found = _NOTE_LABEL.match(text)
    if found and (found.group(1) is None or found.group(1).isnumeric()):
        return True
    return any((first == 0 and opens or last == count - 1 and closes)
               and (not read or any(_NOTE_WORD.match(w) for w in said.split()))
               for part, opens, closes in _ends(text) for _, said, first, last, count, read in note_labels(part))


def _ends(text, words=8):
    """A note's opening and closing `words` words [(text, whether it opens the note, whether it closes it)], or the
    note whole where it is no longer: a label is a few words ('cycle no. twenty one'), and a note of thousands is not
    read whole (the column grammar's reading of a name grows with the square of its words: a note of 8,000 'G' took
    95 s)."""
    tokens = list(re.finditer(r"[^\W_]+", text))
    if len(tokens) <= 2 * words:
        return [(text, True, True)]
    return [(text[:tokens[words - 1].end()], True, False), (text[tokens[-words].start():], False, True)]


class BlockCycles:
    """The cycle numbers an instrument file's blocks name (`named`: per block, [(number, what names it)]; `starts`:
    each block's first line), and which block ``--cycle K`` takes: the block named K where every block names its own
    number and the numbers are not 1 ... n (nor 0 ... n - 1) in block order; K counts the blocks where none names one,
    where they name 1 ... n or 0 ... n - 1 in order, where every block names the same number (a setting each block
    repeats, or each file's own first cycle), and where those that name one name their place. Otherwise (a number two
    blocks name, some blocks naming one out of place and others none, a block named twice otherwise) which block is
    cycle K is not in the file: an explicit K is refused naming the blocks' lines, and so it is where a block's key or
    note names its cycle in a form that is not read (`unread`: [what says so], probe 19a, B1). Two blocks naming one
    number among others (`twice`) are refused with or without K, as two columns naming one cycle are."""

    def __init__(self, named, starts, unread=()):
        self.named, self.starts = named, starts
        self.numbers, self.problem, self.twice = None, None, None  # numbers None: K counts the blocks
        n = len(named)
        if unread and n > 1:
            self.problem = (f"{unread[0]} names its cycle in a form that is not read; expected a whole number in "
                            "digits ('Cycle: 3', '# cycle 3')")
            self.numbers = [None] * n
            return
        for k, names in enumerate(named):
            if len({number for number, _ in names}) > 1:
                (a, said), (b, other) = names[0], next(x for x in names if x[0] != names[0][0])
                self.problem = (f"the block from line {starts[k]} names cycle {a} ({said}) and cycle {b} ({other}); "
                                "expected one cycle number per block")
                self.numbers = [None] * n
                return
        numbers = [names[0][0] if names else None for names in named]
        if all(x is None for x in numbers) or numbers in (list(range(1, n + 1)), list(range(n))):
            return
        if None not in numbers and n > 1 and len(set(numbers)) == 1:
            return
        if None in numbers:
            if all(x in (None, k + 1) for k, x in enumerate(numbers)):
                return
            k, j = next(k for k, x in enumerate(numbers) if x not in (None, k + 1)), numbers.index(None)
            self.problem = (f"the block from line {starts[k]} names cycle {numbers[k]} ({named[k][0][1]}) but the block "
                            f"from line {starts[j]} names none; expected every block to name its cycle ('Cycle: N') "
                            "or none (K then counts the blocks)")
        elif len(set(numbers)) < n:
            k = next(k for k, x in enumerate(numbers) if numbers.count(x) > 1)
            j = numbers.index(numbers[k], k + 1)
            self.problem = (f"the blocks from lines {starts[k]} and {starts[j]} both name cycle {numbers[k]} "
                            f"({named[k][0][1]}, {named[j][0][1]}); expected one block per cycle number")
            self.twice = (f"{self.problem[:self.problem.index('; expected')]}: two devices, or one block saved twice? "
                          "Expected one block per cycle number: keep one, or save each device in its own file")
        self.numbers = _FromZero(numbers) if None not in numbers and 0 in numbers else numbers  # probe 19a, C8

    def position(self, cycle, source):
        """The block (1 = the first) cycle `cycle` takes; ValueError naming the file and the blocks' lines where the
        blocks' names do not say which; DeviceFileError for two blocks naming one cycle (`twice`) without K."""
        if self.twice is not None and cycle is None:
            raise DeviceFileError(source if source is not None else "the file", self.twice)
        if cycle is None or self.numbers is None:
            return cycle
        where = "the file" if source is None else source
        if self.problem is not None:
            return _refuse(f"cycle = {cycle}: in {where}, {self.problem}, or one cycle per file; which block is cycle "
                           f"{cycle} is not in the file")
        if isinstance(self.numbers, _FromZero):
            return _from_zero(cycle, self.numbers, f"the blocks of {where}")
        if cycle in self.numbers:
            return self.numbers.index(cycle) + 1
        shown = ", ".join(f"{number} ({names[0][1]})" for number, names in zip(self.numbers[:6], self.named))
        return _refuse(f"cycle = {cycle}: no block of {where} names cycle {cycle} (its blocks name {shown}"
                       f"{', ...' if len(self.numbers) > 6 else ''}); expected one of the cycles they name: "
                       f"{', '.join(map(str, sorted(self.numbers)))}")

    def took(self, position):
        """What the `device` report says of the block `position` (1 = the first) a cycle took."""
        names = self.named[position - 1]
        said = f", which names cycle {names[0][0]} ({names[0][1]})" if names else ", which names no cycle"
        return f"block {position} of {len(self.named)} (from line {self.starts[position - 1]}){said}"


def block_cycles(parts, headers, notes):
    """The :class:`BlockCycles` of an instrument file's blocks `parts` [(first line, lines)], their `headers`
    [(key, value, line)] (line None where a block inherits the header before it: no name of its own) and the file's
    '#' `notes` [(line, text)]: a note names the block it stands just above (after the rows of the block before)."""
    spans = []  # (first, last) line of each block that is not blank
    for start, lines in parts:
        filled = [i for i, line in enumerate(lines) if line.strip()] or [0]
        spans.append((start + filled[0], start + filled[-1]))
    named = [[(number, f"{clipped(f'{key}: {value}')!r} at line {at}") for key, value, at in header
              if at is not None and (number := block_key_number(key, value)) is not None] for header in headers]
    unread = [(f"{key}: {value}", at, b) for b, header in enumerate(headers) for key, value, at in header
              if at is not None and _unread_key(key, value)]
    for at, text in notes:
        number = block_note_number(text)
        block = next((b for b, (first, _) in enumerate(spans) if at < first and (b == 0 or spans[b - 1][1] < at)), None)
        if number is not None and block is not None:
            named[block].append((number, f"{clipped('#' + text.rstrip())!r} at line {at}"))
        elif block is not None and _unread_note(text):
            unread.append(("#" + text.rstrip(), at, block))
    if len({said for said, _, _ in unread}) == 1 and len({b for _, _, b in unread}) == len(spans) == len(unread):
        unread = []  # every block says the same ('# sweep c'): a setting each repeats, as one number all name
    return BlockCycles(named, [first for first, _ in spans],
                       [f"{clipped(said)!r} at line {at}" for said, at, _ in sorted(unread, key=lambda u: u[1])])
