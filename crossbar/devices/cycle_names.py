"""The cycle numbers a table's value columns name, and which column ``--cycle K`` (API ``cycle=K``) takes.

Where every value column names a cycle number (``G (uS) cycle 2``, ``G_c1_uS``, ``R (kOhm) #3``), ``cycle=K``
is the column named K, wherever it stands; a K that no column names is refused listing the names, and so is one
two columns name. Where some column names none, or the names number the columns in order from 1 or from 0, K counts the value columns (1 = the first), as it counts an
instrument file's blocks. ``pulse,G (uS) cycle 2,G (uS) cycle 1`` with ``--cycle 1`` took the column named
``cycle 2`` (probe 12a, C1), and so did ``G (uS) (2nd cycle),G (uS) (1st cycle)``, whose ordinals were not read
(stop 36's note).
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


def named_cycles(names):
    """The cycle number each of the value columns `names` names, or None where some name none or more than one, and
    where they are 1, 2, ..., n or 0, 1, ..., n - 1 in order (the column's place is then its cycle: read as it always
    was, ``--cycle 1`` the first column, the one named 0 where they count from 0)."""
    numbers = []
    for name in names:
        found = [after or before for after, before in _NAMED.findall(name)]
        if len(found) != 1:
            return None
        numbers.append(int(found[0]))
    in_order = (list(range(1, len(numbers) + 1)), list(range(len(numbers))))  # 'c0, c1, c2' counts from 0: K counts
    return None if numbers in in_order else numbers  # the columns, as it always did (the report names the column)


def cycle_position(cycle, names, numbers, source):
    """The position (1 = the first value column) of the column named cycle `cycle`; `cycle` itself where the
    columns name no cycle numbers (`numbers` None). ValueError naming the file and the columns for a cycle no
    column names or two do."""
    if cycle is None or numbers is None:
        return cycle
    which = [k for k, n in enumerate(numbers) if n == cycle]
    if len(which) == 1:
        return which[0] + 1
    where = "the file" if source is None else source
    shown = ", ".join(repr(clipped(n)) for n in names[:6]) + (", ..." if len(names) > 6 else "")
    if which:
        return _refuse(f"cycle = {cycle}: in {where}, columns {clipped(names[which[0]])!r} and "
                       f"{clipped(names[which[1]])!r} both name cycle {cycle}; expected one column per cycle number")
    return _refuse(f"cycle = {cycle}: no value column of {where} names cycle {cycle} (its columns: {shown}); "
                   f"expected one of the cycles they name: {', '.join(map(str, sorted(set(numbers))))}")


def _refuse(message):
    raise ValueError(message)
