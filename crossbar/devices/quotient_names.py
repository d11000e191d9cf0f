"""A conductance written as a quotient (``mA/V``, ``uA/mV``, ``1/kOhm``, ``kOhm^-1``) after ``in``, ``/`` or ``_`` in
a column's name: read where the name can be read one way, refused where it can be read two.

A unit after ``in``, ``/`` or a final ``_`` is read as one token up to the next ``/``, so a quotient there was read as
another quantity: ``G in mA/V`` and ``G_mA/V`` as ``mA`` over a ``/V``, "holds voltages ... drop the column";
``G_1/kOhm`` as cycle 1 in kOhm, a resistance; ``G in 1/kOhm`` as a number after ``in``, a scale (probe 31a, D31-6).
By spelling:

* after ``in`` (``G in mA/V``, ``G cycle 1 in 1/kOhm``) and after a final ``_`` (``G_mA/V``, ``G_c1_kOhm^-1``): the
  unit, as ``G (mA/V)`` is read;
* after ``/`` a quotient with a ``/`` of its own (``G / mA/V``, ``G/1/kOhm``): which ``/`` divides what is not
  written, refused (``G / kOhm^-1`` is read as the unit after ``/`` always was);
* ``_1/...`` (``G_1/kOhm``, ``G_c1_1/kOhm``): a cycle's number before a unit after ``/`` or the unit ``1/kOhm``,
  refused; after a ``_`` that does not end the name (``G_mA/V cycle 1``), refused as any unit there is.

A refusal says to write the unit in brackets, ``G (mA/V)``.
"""

from __future__ import annotations

import re

from .checks import clipped
from .unit_names import unit

__all__ = ["bracketed_quotient"]

# A token after ' in ', '/' or '_' that may be a quotient: one '/' inside at most, ending the name or before a space.
_AFTER = re.compile(r"(?P<sep>\s+in\s+|\s*/\s*|_)(?P<unit>[^\s_/\(\)\[\],;]+(?:/[^\s_/\(\)\[\],;]+)?)(?=\s|$)",
                    re.IGNORECASE)


def bracketed_quotient(name):
    """`name` with a conductance written as a quotient after ' in ' or a final '_' in brackets ('G in mA/V' is 'G
    (mA/V)'), else `name`; ValueError naming the column where the quotient can be read two ways ('G / mA/V',
    'G_1/kOhm')."""
    text = name.strip()
    for m in _AFTER.finditer(text):
        written, sep = m.group("unit"), m.group("sep").strip().lower()
        if "/" not in written and "-1" not in written and "\u207b" not in written or unit(written) is None:
            continue
        if sep == "/" and "/" in written or sep == "_" and written.startswith("1/"):
            how = ("two '/', and which divides what is not written" if sep == "/" else
                   f"'_{written}' may be a cycle's number 1 before the unit '{written[2:]}' or the unit {written!r}")
            raise ValueError(f"column {clipped(name)!r}: a conductance's unit {written!r} after {sep!r} is read two "
                             f"ways ({how}); write it in brackets after the quantity, e.g. 'G ({written})'")
        if sep == "_" and m.end() < len(text):  # 'G_mA/V cycle 1': "'mA' looks like a unit", advised 'I (mA)'
            raise ValueError(f"column {clipped(name)!r}: a unit after '_' is read where it ends the name, and "
                             f"{written!r} does not; write it in brackets after the quantity, e.g. 'G ({written})'")
        if sep in ("in", "_"):
            return f"{text[:m.start()]} ({written}){text[m.end():]}"
    return name
