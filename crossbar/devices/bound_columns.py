"""A value column that is a bound of the others, not a cycle: ``G max (uS)`` beside ``G (uS)``.

A table's value columns are its cycles, and their per-pulse median is the curve. A column of the values'
maximum or minimum over cycles beside the curve was averaged in as one more cycle: ``pulse,G (uS),G max (uS)``
with a maximum of 1.3 G loaded as 1.15 G with status 0 (probe 16a, F1), and so did ``G (uS) (max)`` beside
``G (uS) (mean)``. Beside another value column, a column whose name says maximum or minimum (``max``, ``min``,
``maximum``, ``minimum``, ``Gmax``, ``G_min``, ``(max)``) is refused naming it, and so is a reference curve or
a deviation (``G baseline``, ``G reference``, ``G target``, ``dev``; not ``dev 2``, a device). Alone, ``Gmax (uS)``,
``G_max`` or ``G (uS) MAX`` is the one value column and loads as the curve, as before. The other statistic,
model and envelope words (``SD``, ``fit``, ``upper``, ``hi``, ``+ sd``) are refused in any name, alone too, by
:mod:`.name_grammar`.
"""

from __future__ import annotations

import re

from .checks import clipped

__all__ = ["bound_problem"]

# 'max', 'min', 'maximum', 'minima' as a word of their own or glued after a quantity's letter ('Gmax', 'R_min',
# 'Imax'), not inside another word ('minute', 'maxwell', 'admin').
# '5 min' is a time ('G (uS) after 5 min').
_BOUND = re.compile(r"(?:(?<![A-Za-z])|(?<=(?<![A-Za-z])[GgRrIi]))(?P<word>max(?:imum|ima)?|(?<!\d)(?<!\d\s)"
                    r"min(?:imum|ima)?)(?![A-Za-z])", re.IGNORECASE)
# A reference curve or a deviation beside the measured one ('G baseline', 'G target', 'dev (uS)'); 'dev 2',
# 'dev A' name a device.
_OTHER = re.compile(r"(?<![A-Za-z])(?P<word>baseline|reference|target|dev(?!\s*[\dA-Z#]))(?![A-Za-z])", re.IGNORECASE)


def bound_problem(names):
    """The refusal of the first of the value columns `names` (two or more) that names a maximum or a minimum of
    the values (else a reference curve or a deviation), or None; None for a single column ('Gmax (uS)' is the
    curve)."""
    if len(names) < 2:
        return None
    for pattern, what in ((_BOUND, "a bound of the values (their maximum or minimum)"),
                          (_OTHER, "a reference or a deviation of the values")):
        for k, name in enumerate(names):
            found = pattern.search(name)
            if found is not None:
                return (f"column {clipped(name)!r}: {found.group('word')!r} makes it {what}, not a cycle, beside the "
                        f"value column {clipped(names[1] if k == 0 else names[0])!r} (every value column is read as "
                        "a cycle, their median as the curve): drop it")
    return None
