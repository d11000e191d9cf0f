"""The cycle numbers a table's value columns name, and which column ``--cycle K`` (API ``cycle=K``) takes.

Where every value column names a cycle number (``G (uS) cycle 2``, ``G_c1_uS``, ``R (kOhm) #3``), ``cycle=K``
is the column named K, wherever it stands; a K that no column names is refused listing the names, and so is one
two columns name. Where some column names none, or the names number the columns in order from 1 or from 0, K counts the value columns (1 = the first), as it counts an
instrument file's blocks. ``pulse,G (uS) cycle 2,G (uS) cycle 1`` with ``--cycle 1`` took the column named
``cycle 2`` (probe 12a, C1), and so did ``G (uS) (2nd cycle),G (uS) (1st cycle)``, whose ordinals were not read
(stop 36's note). Where no cycle word names them but every name ends in a number (``G2 (uS)``, ``G_2 (uS)``,
``G (uS) (D2)``), K is the column that names K if the numbers are 1 ... n in some order (``G2 (uS),G1 (uS)``
with ``--cycle 1`` took ``G2``, probe 16a, C1); other numbers (``D3, D5``, ``D1, D1``) are refused for an
explicit K, listing the columns: which of them K means is not in the file.
"""

from __future__ import annotations

import re

from .checks import clipped

__all__ = ["named_cycles", "cycle_position"]

# A cycle's number in a column's name: 'cycle 2', 'Cycle_2', 'cyc2', 'c2', 'run 2', 'sweep 2', '#2', 'cycle no. 2',
# 'set 2', 'iteration 2', 'pulse train 2', 'No. 2', '(2)', a bare '2' ending the name, or an ordinal, '2nd cycle',
# '(1st run)', '(2nd)' (one per name): every form the name reader takes as a label (probe 16a, C1: --cycle 1 took
# the first column of 'G (uS) (set 2),G (uS) (set 1)').
_NAMED = re.compile(r"(?:(?<![A-Za-z])(?:cycles?|cyc|c|runs?|sweeps?|zyklus|sets?|iterations?|loops?|series|rounds?"
                    r"|pass(?:es)?|batch(?:es)?|blocks?|(?:pulse\s*)?trains?|no|nr)\s*(?:(?:no|nr|number)\b\.?)?"
                    r"\s*[#._\-:]?\s*|#\s*|(?<=\()\s*(?=\d+\s*\))|(?<=\s)(?=\d+\s*$))(\d+)(?![\d.A-Za-z])"
                    r"|(?<![\d.])(\d+)(?:st|nd|rd|th)(?:[\s._\-]*(?:cycles?|cyc|runs?|sweeps?))?(?![A-Za-z])",
                    re.IGNORECASE)


# A number ending a name whose units are taken out ('G2 (uS)', 'G_2 (uS)', 'G (uS) (D2)', 'G2_uS'): where every
# column's name ends in one, and no cycle word names them, they number the columns too (probe 16a, C1).
_UNIT_PART = re.compile(r"\s*[\(\[][^\d()\[\]]*[\)\]]|_(?:[pnumkMG\u00b5\u03bc]?(?:S|A|Ohms?|\u03a9))$")
_ENDING = re.compile(r"(?<![\d.,])(\d+)\s*[\)\]]?\s*$")


class _Ending(list):
    """Cycle numbers read from the numbers that end the columns' names: not 1, ..., n in some order, they are
    refused for ``--cycle K`` (which of them is cycle K?)."""


def named_cycles(names):
    """The cycle number each of the value columns `names` names, or None where some name none or more than one, and
    where they are 1, 2, ..., n or 0, 1, ..., n - 1 in order (the column's place is then its cycle: read as it always
    was, ``--cycle 1`` the first column, the one named 0 where they count from 0). Where no cycle word names them
    but every name ends in a number, those numbers (an :class:`_Ending`)."""
    numbers = []
    for name in names:
        found = [after or before for after, before in _NAMED.findall(name)]
        if len(found) != 1:
            return _endings(names)
        numbers.append(int(found[0]))
    in_order = (list(range(1, len(numbers) + 1)), list(range(len(numbers))))  # 'c0, c1, c2' counts from 0: K counts
    return None if numbers in in_order else numbers  # the columns, as it always did (the report names the column)


def _endings(names):
    """The numbers that end every one of `names`, units taken out, as an :class:`_Ending`; None where one ends in
    none, and where they are 1, ..., n or 0, ..., n - 1 in order (K counts the columns, as it always did)."""
    found = [_ENDING.search(_UNIT_PART.sub("", name)) for name in names]
    if len(names) < 2 or not all(found):
        return None
    numbers = [int(m.group(1)) for m in found]
    return None if numbers in (list(range(1, len(names) + 1)), list(range(len(names)))) else _Ending(numbers)


def cycle_position(cycle, names, numbers, source):
    """The position (1 = the first value column) of the column named cycle `cycle`; `cycle` itself where the
    columns name no cycle numbers (`numbers` None). ValueError naming the file and the columns for a cycle no
    column names or two do."""
    if cycle is None or numbers is None:
        return cycle
    where = "the file" if source is None else source
    shown = ", ".join(repr(clipped(n)) for n in names[:6]) + (", ..." if len(names) > 6 else "")
    if isinstance(numbers, _Ending) and sorted(numbers) != list(range(1, len(names) + 1)):
        return _refuse(f"cycle = {cycle}: the value columns of {where} end in the numbers "
                       f"{', '.join(map(str, numbers))}, which are not 1 ... {len(names)} (its columns: {shown}): "
                       f"is cycle {cycle} the column named {cycle}, or the {_ordinal(cycle)}? Expected names "
                       f"that number the cycles 1 ... {len(names)} ('G (uS) cycle 1'), or one cycle per file")
    which = [k for k, n in enumerate(numbers) if n == cycle]
    if len(which) == 1:
        return which[0] + 1
    if which:
        return _refuse(f"cycle = {cycle}: in {where}, columns {clipped(names[which[0]])!r} and "
                       f"{clipped(names[which[1]])!r} both name cycle {cycle}; expected one column per cycle number")
    return _refuse(f"cycle = {cycle}: no value column of {where} names cycle {cycle} (its columns: {shown}); "
                   f"expected one of the cycles they name: {', '.join(map(str, sorted(set(numbers))))}")


def _ordinal(k):
    return f"{k}{'th' if 10 <= k % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th')} column"


def _refuse(message):
    raise ValueError(message)
