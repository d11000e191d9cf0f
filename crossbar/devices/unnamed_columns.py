"""A header's column without a name: empty (a delimiter with no name before it) or pandas' ``Unnamed: N``.

None is read: a column without a name holds nothing the loader can place. Each is refused saying why it is there
and what to do: the first, a pandas index (``df.to_csv(..., index=False)``); empty columns after the last name, the
delimiters a spreadsheet writes for a used range wider than the table (Excel's CSV of ``pulse,G (uS),,``: they were
refused as "column 3 of the header has no name", no cause, nothing expected; probe 28a, D28-4); one between two
names, a column to name or drop; one at each end of the line, a Markdown table's outer '|'s.
"""

from __future__ import annotations

import re

from .checks import clipped

__all__ = ["unnamed_problem"]

#: The name pandas gives a column that had none, e.g. the index written by df.to_csv() without index=False.
_PANDAS_UNNAMED = re.compile(r"^Unnamed: \d+$")


def unnamed_problem(names, i):
    """What to say of column `i` of the header `names` if it has no name, or None."""
    name = names[i]
    if _PANDAS_UNNAMED.match(name):  # read as conductances: 'conductance 0 is not positive' (probe 5)
        return (f"column {clipped(name)!r} is a pandas index: drop it (df.to_csv(..., index=False))" if i == 0 else
                f"column {clipped(name)!r} is a column pandas read without a name: name it or drop it")
    if name:
        return None
    if i == 0 and len(names) > 2 and not names[-1] and all(names[1:-1]):  # '| pulse | G (uS) |'
        return (f"columns 1 and {len(names)} of the header have no name (a delimiter at both ends of the line, as a "
                "Markdown table writes '| pulse | G (uS) |'); expected none: drop the first and last delimiter of "
                "every line, and a rule line ('|---|---|') under the header")
    if i == 0:
        return ("column 1 of the header has no name (row names, as pandas' to_csv and R's write.csv write them?); "
                "expected none: write the table with df.to_csv(..., index=False) or write.csv(..., row.names = FALSE)")
    if not any(names[i:]):
        if i == len(names) - 1:
            return (f"column {i + 1} of the header has no name (a delimiter after the last name: an empty last "
                    "column); expected none after the last column: drop it")
        return (f"columns {i + 1}-{len(names)} of the header have no name (delimiters after the last name: empty "
                "columns, as a spreadsheet writes a used range wider than the table); expected none after the last "
                "column: drop them")
    after = next(n for n in names[i:] if n)
    return (f"column {i + 1} of the header has no name (an empty column between {clipped(names[i - 1])!r} and "
            f"{clipped(after)!r}); expected a name for every column: name it or drop it")
