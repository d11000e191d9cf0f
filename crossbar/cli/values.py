"""Values of a sweep's grid axes: ``A``, ``A,B,...``, ``START:STOP:NUM[:log]`` and target or offset pairs.

Each parser is an argparse ``type``: a bad value is an ``argparse.ArgumentTypeError`` saying
what was expected (argparse names the option).
"""

from __future__ import annotations

import argparse
import math

import numpy as np

from ..devices.fields import is_number

__all__ = ["value_list", "c2c_values", "meant_as_c2c_word", "pair", "offset_pair", "MAX_AXIS_VALUES"]

#: Most values one grid axis (START:STOP:NUM) may have.
MAX_AXIS_VALUES = 1_000_000


def value_list(text, kind=float):
    """A list of values: ``A``, ``A,B,...``, ``START:STOP:NUM`` (linear) or ``START:STOP:NUM:log``."""
    try:
        if ":" in text:
            parts = text.split(":")
            if len(parts) not in (3, 4) or (len(parts) == 4 and parts[3] != "log"):
                raise ValueError
            a, b, n = float(parts[0]), float(parts[1]), int(parts[2])
            if n < 1:
                raise ValueError
            if n > MAX_AXIS_VALUES:
                raise argparse.ArgumentTypeError(f"{n} values in {text!r}: at most {MAX_AXIS_VALUES} per axis")
            if not (math.isfinite(a) and math.isfinite(b)):
                raise argparse.ArgumentTypeError(f"expected finite numbers, got {text!r}")
            if len(parts) == 4 and (a <= 0 or b <= 0):
                raise ValueError
            with np.errstate(all="ignore"):  # an overflow is reported below, not as a numpy warning
                t = np.linspace(0.0, 1.0, n)  # a (1 - t) + b t: no overflow in b - a for -1e308:1e308
                values = np.geomspace(a, b, n) if len(parts) == 4 else a * (1.0 - t) + b * t
            values = _short(values.tolist())
        else:
            values = [float(x) for x in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number, a list A,B,..., START:STOP:NUM or START:STOP:NUM:log, got {text!r}") from None
    if not all(math.isfinite(v) for v in values):
        raise argparse.ArgumentTypeError(f"expected finite numbers, got {text!r}")
    if kind is int:
        if any(v != int(v) or v < 0 for v in values):
            raise argparse.ArgumentTypeError(f"expected non-negative integers, got {text!r}")
        values = [int(v) for v in values]
    twice = _repeated(values)
    if twice is not None:  # two equal points of a grid are one point run twice, or a merge
        raise argparse.ArgumentTypeError(f"{twice:g} appears more than once in {text!r}; give each value once")
    return values


def meant_as_c2c_word(text):
    """Whether a --c2c value that is no number was meant as the word 'measured' or 'device': it holds one, whatever
    its case and the marks in or around it ('measured,' as a sweep's list is written, '"measured"' with its quotes,
    'device)'), or is mostly letters ('measure', 'Measured'); '1e' is a number mistyped, 'nan' a number not finite
    (probe 28c, C28-2)."""
    try:
        float(text)
        return False
    except ValueError:
        pass
    folded = text.casefold()
    letters = sum(c.isalpha() for c in text)
    return "measured" in folded or "device" in folded or letters > 0.5 * len("".join(text.split()))


def c2c_values(text):
    """The --c2c axis of a sweep: :func:`value_list`, whose list may hold the words 'device' and 'measured' (the noise
    train's --c2c takes from the device file; the sweep puts the number in their place: cli/noise.py)."""
    words = [w.strip() for w in text.split(",")]
    if ":" in text:
        return value_list(text)
    odd = next((w for w in words if w not in ("device", "measured") and not is_number(w)), None)
    if odd is not None:  # 'measure' was "expected a number, a list A,B,..." (probe 27c, C27-3)
        raise argparse.ArgumentTypeError(f"expected numbers or the words 'measured' and 'device', as A,B,... (or "
                                         f"START:STOP:NUM[:log]), got {odd!r} in {text!r}")
    if not set(words) & {"device", "measured"}:
        return value_list(text)
    values = []
    for w in words:
        values += [w] if w in ("device", "measured") else value_list(w)
    twice = _repeated(values)
    if twice is not None:
        raise argparse.ArgumentTypeError(f"{twice if isinstance(twice, str) else f'{twice:g}'} appears more than once "
                                         f"in {text!r}; give each value once")
    return values


def _repeated(values):
    """The first value that appears a second time in `values`, or None (in one pass: an axis may
    have a million values)."""
    seen = set()
    for v in values:
        if v in seen:
            return v
        seen.add(v)
    return None


def _short(values):
    """The values of a range rounded to 6 significant digits (1e-07, not 1.0000000000000001e-07), or to
    as many more as keep distinct values distinct (1:1.000001:10 has ten)."""
    distinct = len(set(values))
    for digits in range(6, 18):
        short = [float(f"{v:.{digits}g}") for v in values]
        if len(set(short)) == distinct:
            return short
    return values  # pragma: no cover - 17 digits tell every double apart


def pair(text):
    """``T`` (meaning T,-T) or ``A,B``: one pair."""
    try:
        parts = [float(x) for x in text.split(",")]
    except ValueError:
        parts = []
    if len(parts) == 1:
        parts = [parts[0], -parts[0]]
    if len(parts) != 2 or not all(math.isfinite(v) for v in parts):
        raise argparse.ArgumentTypeError(f"expected T (for T,-T) or A,B, got {text!r}")
    return tuple(parts)


def offset_pair(text):
    """``LO,HI``: one offset range, S. Unlike a target pair, one value is no range: ``1e-8`` is
    refused rather than read as (1e-8, -1e-8), which no offset distribution can have."""
    try:
        parts = [float(x) for x in text.split(",")]
    except ValueError:
        parts = []
    if len(parts) != 2 or not all(math.isfinite(v) for v in parts):
        raise argparse.ArgumentTypeError(f"expected LO,HI (two offsets in S, e.g. 1e-8,1e-7), got {text!r}")
    lo, hi = parts
    if not 0 <= lo < hi:
        raise argparse.ArgumentTypeError(f"expected LO,HI with 0 <= LO < HI, got {text!r}")
    return lo, hi


def choice(text):
    """A choice as given, the spaces around it dropped as they are around a number ('--units " absolute"' was
    refused as an invalid choice while '--gain " 2"' was read: probe 26c, r3)."""
    return text.strip()
