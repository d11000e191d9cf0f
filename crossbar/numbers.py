"""Numbers handed to the API: numpy scalars count as numbers, anything else is refused by name.

The command line parses its numbers itself; an API caller hands over whatever it has: a numpy
scalar from an array (``np.int64(5)``, ``np.float32(6e7)``), an integer too large for a
float (``10**400``), a float where a count belongs (``1.5``), ``True``, a complex number or a
string. Every validator of the package turns such a value into a plain Python number here,
or raises an error that names the argument:

* :func:`real`: a finite real number (int, float, numpy integer or floating scalar), returned
  as a Python int or float; ``TypeError`` for what is not a real number (bool, complex,
  str, None, arrays), ``ValueError`` for a non-finite one or one beyond the float range;
* :func:`integer`: a whole number of an integer type, returned as a Python int; a float is
  refused (``ValueError``) rather than truncated, even ``5.0``;
* :func:`index`: one seed or trial number, a whole number 0 ... 2**63 - 1 of an integer type;
* :func:`real_array`: an array of real numbers as float64, refusing complex, boolean and
  non-numeric values rather than casting them;
* :func:`index_array`: a 1-D array of trial numbers (0 ... 2**63 - 1) as int64, refusing
  floats, booleans and numbers outside the range instead of truncating or wrapping them;
* :func:`bool_array`: an array of True / False, refusing None, 0.5 or "no" rather than reading them as answers;
* :func:`unmasked`: what every array conversion checks first: no masked entry (a numpy masked array's, or in a
  list or tuple of them or of ``np.ma.masked``, nested, or pd.NA in a pandas column of a nullable dtype), and
  :func:`ordered`: no set, dict or generator; :func:`plain_array` runs both, then ``np.asarray``;
* :func:`copy_fits`: an array argument's copy checked against the memory available before it is made (a
  broadcast view or a memmap of 10**10 elements, which takes no memory itself, ended in numpy's MemoryError);
* :func:`flag`: a switch, True or False (numpy.bool_ too); anything else is a TypeError, since
  ``"no"`` or ``"false"`` would be truthy and switch it on;
* :func:`instance`: an object of the class an argument takes (a setting, a device, a pattern
  set), or a TypeError naming the argument and the type it got, not an AttributeError deep inside;
* :func:`word`: one of a set of words (``unphysical``, ``units``, ``table``, a preset's or a task's name), a str:
  an array, a list or a dict is a TypeError naming the argument (it was numpy's "truth value of an array is
  ambiguous", Python's "unhashable type", or a 1-element array taken for its word).

Never ``OverflowError``, never a silently truncated float, never a silently dropped
imaginary part.
"""

from __future__ import annotations

import math
import numbers
from collections import abc

import numpy as np

from .resources import require_memory

__all__ = ["MAX_INDEX", "TEXT", "real", "integer", "index", "real_array", "index_array", "bool_array", "flag",
           "instance", "shown", "clipped", "QUOTE_CHARS", "printable", "copy_fits", "unmasked", "ordered", "plain_array", "word",
           "outside_text"]

#: Trial numbers and seeds index 64-bit counter-based streams and an int64 table column.
MAX_INDEX = 2**63 - 1

#: Text and byte buffers: sequences, but no array of numbers (numpy reads a bytearray or a memoryview as its bytes,
#: so ``trials=bytearray(b'\x05\x0a')`` ran trials 5 and 10; probe 21c, N4).
TEXT = (str, bytes, bytearray, memoryview)


#: A file's text (a cell, a header, a column name) quoted in a message is cut to this many characters: one
#: cell of 200,000 digits made a 200 KB error line.
QUOTE_CHARS = 60


def clipped(text, limit=QUOTE_CHARS):
    """`text` as a message quotes it: at most `limit` characters and '...' with the full length, so a
    message stays one readable line."""
    text = str(text)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def printable(text):
    """`text` as a report prints a name: as it is, or escaped as repr does where it holds a control character (a
    file named 'name\\x1b[31m.csv' recoloured the terminal, one with a newline broke the report's line)."""
    text = str(text)
    return text if text.isprintable() else repr(text)


def shown(value):
    """`value` for a message: huge integers and long texts shortened, so a message stays one readable line."""
    if (isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.timedelta64))
            and abs(int(value)) >= 10**20):
        return f"{'-' if value < 0 else ''}an integer of {_digits(abs(int(value)))} digits"
    return clipped(repr(value), 80)


def outside_text(value, lo, hi):
    """`value`, which lies outside ``lo ... hi``, with 4 significant digits, or as many more as show it outside: a
    start one ulp under 1e-15 S printed as 1e-15 in "G = 1e-15 S, outside the physical range 1e-15 ... 1 S" (probe
    23c, C23-5); now 9.999999999999999e-16."""
    for digits in range(4, 18):
        text = f"{value:.{digits}g}"
        if not lo <= float(text) <= hi:
            return text
    return repr(float(value))


def _digits(n):
    """Decimal digits of the positive int `n`, counted without ``str(n)``: CPython refuses to turn an int of
    more than 4,300 digits into text, and the refusal quoting it then became Python's own message."""
    digits = int((n.bit_length() - 1) * math.log10(2)) + 1  # exact or one short; settled below
    while n >= 10**digits:
        digits += 1
    while digits > 1 and n < 10**(digits - 1):
        digits -= 1
    return digits


def _is_bool(value):
    return isinstance(value, (bool, np.bool_))


def whole(value):
    """Whether a scalar is an integer of the API's: a Python or numpy integer, neither a bool nor numpy's
    timedelta64 (numpy registers it as an integer; probe 20c, N2)."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.timedelta64))


def _no_number(value):
    """Whether a scalar is no number for the API: a bool, anything not real, and numpy's timedelta64, which numpy
    registers as an integer though it is a duration (probe 20c, N2: it passed, then int() failed naming no
    argument)."""
    return _is_bool(value) or not isinstance(value, numbers.Real) or isinstance(value, np.timedelta64)


def flag(value, name, none=False):
    """`value` as a Python bool if it is True or False (numpy.bool_ included), or TypeError naming
    `name`: a string such as ``"no"`` is truthy and would switch on what it meant to switch off.
    None passes through if `none` (a switch whose default is "decide for me")."""
    if none and value is None:
        return None
    if not _is_bool(value):
        allowed = "True, False or None" if none else "True or False"
        raise TypeError(f"{name} must be {allowed}, got {type(value).__name__} {shown(value)}")
    return bool(value)


def instance(value, kind, name, expected=None):
    """`value` if it is a `kind` (a class or a tuple of them), or TypeError naming `name` and the type
    it got: "Study.setting: expected a TrainingSetting, got NoneType", never the type shown as a value."""
    if isinstance(value, kind):
        return value
    if expected is None:
        names = [k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,))]
        expected = " or ".join(f"{'an' if n[0] in 'AEIOU' else 'a'} {n}" for n in names)
    raise TypeError(f"{name}: expected {expected}, got {type(value).__name__}")


def word(value, name, choices, unknown=None):
    """The one of `choices` (the package's own words) that `value` spells, or an error naming `name`.

    `value` must be a str: numpy's str_, an enum.StrEnum member or another subclass is read by its characters
    alone (its own ``==`` and hash are not asked) and the plain word is returned. Anything else, an array of
    words too (0-d or of one element, as :func:`real` refuses ``np.array(5.0)``), a list, bytes or None, is a
    TypeError. A str that is none of the words, in other case or with spaces around it (as the command line's
    choices refuse them), is a ValueError: `unknown` with the value shown at ``{}``, else "NAME = 'x': expected
    'a' or 'b'". Probe 20c, U1: an array was numpy's "truth value ... is ambiguous", a list "unhashable type"."""
    choices = tuple(choices)
    quoted = [repr(c) for c in choices]
    listed = " or ".join(quoted) if len(quoted) <= 2 else "one of " + ", ".join(quoted)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be {listed}, got {type(value).__name__} {' '.join(shown(value).split())}")
    text = str.__str__(value)  # the characters as a plain str: a subclass's __eq__ said True to every choice
    for choice in choices:
        if text == choice:
            return choice
    raise ValueError(unknown.format(shown(text)) if unknown else f"{name} = {shown(text)}: expected {listed}")


def real(value, name, expected="a finite number"):
    """`value` as a finite Python int or float, or TypeError / ValueError naming `name`
    (and saying what was `expected`).

    Python ints stay ints and floats stay floats, so that a message quotes the number as it was
    given; numpy scalars become the Python number of the same kind. A caller that stores a real
    knob converts it to float itself (TrainingSetting does, so that 60000000 and 6e7 describe
    one study).
    """
    if _no_number(value):
        raise TypeError(f"{name} = {shown(value)}: expected {expected}, got {type(value).__name__}")
    if isinstance(value, numbers.Integral):
        value = int(value)
        try:
            float(value)
        except OverflowError:  # beyond the largest double
            raise ValueError(f"{name} = {shown(value)}: expected {expected} (this one is beyond the "
                             "range of a double)") from None
        return value
    try:
        value = float(value)
    except (OverflowError, ValueError):
        raise ValueError(f"{name} = {shown(value)}: expected {expected}") from None
    if not math.isfinite(value):
        raise ValueError(f"{name} = {shown(value)}: expected {expected}")
    return value


def integer(value, name, expected="an integer"):
    """`value` as a Python int if it is an integer (numpy integers included), or an error naming `name`.

    Floats are refused with ValueError, whole or not (``5.0`` is not taken for 5, nor 2.7 for 2);
    bools and non-numbers with TypeError.
    """
    if _no_number(value):
        raise TypeError(f"{name} = {shown(value)}: expected {expected}, got {type(value).__name__}")
    if not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} = {shown(value)}: expected {expected}, got {type(value).__name__}")
    return int(value)


def index(value, name):
    """`value` as a Python int if it is a seed or trial number (an integer 0 ... 2**63 - 1, numpy
    integers included), or TypeError (a float, bool or non-number) / ValueError naming `name`."""
    if not whole(value):
        raise TypeError(f"{name} must be a non-negative integer, got {type(value).__name__} {shown(value)}")
    if not 0 <= value <= MAX_INDEX:
        raise ValueError(f"{name} = {shown(value)}: expected an integer from 0 to 2**63 - 1")
    return int(value)


#: Copies smaller than this are made without asking the system for its free memory (reading it costs more than
#: copying a small array, and every check of the package copies small arrays).
_SMALL_COPY = 2**26


def copy_fits(array, name, itemsize=8, kind="float64"):
    """Refuse (ResourceError, a ValueError) the copy of `array` as `itemsize`-byte values if it will not fit in
    the memory available, naming `name`, its shape and the size, before the copy is made: a broadcast view
    (``np.broadcast_to(x, (10**10,))``) or a memmap holds more elements than memory and cost nothing until copied."""
    size = getattr(array, "size", 0)
    if isinstance(size, int) and size * itemsize > _SMALL_COPY:
        require_memory(size * itemsize, f"{name} (shape {tuple(array.shape)}, as {kind})", "pass a smaller array")


#: Elements of a list or tuple that hold no mask, told apart by their type alone (one pass in C over a list of
#: a million floats), so that only the rest is looked into.
_PLAIN = frozenset({int, float, bool, complex, str, bytes, type(None), np.float64, np.float32, np.int64, np.int32,
                    np.int8, np.uint8, np.bool_, np.ndarray})


def _masked_count(values):
    """How many entries of `values` are masked: a numpy masked array's (``np.ma.masked`` is one), a pandas
    array's missing ones (pd.NA in an Int64, Float64 or boolean column), and those of the elements of a list or
    tuple, nested. A plain ndarray is not looked into (its type says it holds no mask); a list's elements are
    looked into by type first."""
    if isinstance(values, np.ma.MaskedArray):  # np.ma.masked, a 0-d MaskedConstant, too
        mask = np.ma.getmask(values)
        return 0 if mask is np.ma.nomask else int(np.count_nonzero(mask))
    if isinstance(values, np.ndarray):
        return _masked_count(values.ravel().tolist()) if values.dtype == object else 0
    if isinstance(values, (list, tuple)):
        if set(map(type, values)) <= _PLAIN:
            return 0
        return sum(_masked_count(v) for v in values if type(v) not in _PLAIN)
    dtype = getattr(values, "dtype", None)  # a pandas Series, Index or array of a nullable dtype
    if type(getattr(dtype, "na_value", None)).__name__ == "NAType" and callable(getattr(values, "isna", None)):
        return int(np.count_nonzero(np.asarray(values.isna(), dtype=bool)))
    return 0


#: numpy's own limit on the dimensions of an array: a list nested deeper is no array, and is not looked into further.
_MAX_DEPTH = 64

#: Elements that hold no bytearray or memoryview, by their type alone (an ndarray may, as an object array).
_NO_BUFFER = _PLAIN - {np.ndarray}


def _buffer_inside(values, depth=0):
    """The type name of a bytearray or a memoryview that `values` holds as an element of a list, a tuple or an object
    array, nested, or None: numpy reads one as an array of its bytes (``[bytearray(b'\\x05')]`` is ``[[5]]``), where
    the same list of bytes is an array of text (probe 22c, C22-3). Elements are told apart by their type first, as
    :func:`_masked_count` does."""
    if isinstance(values, np.ndarray):
        if values.dtype != object or depth > _MAX_DEPTH:
            return None
        values = values.ravel().tolist()
    if not isinstance(values, (list, tuple)) or depth > _MAX_DEPTH or set(map(type, values)) <= _NO_BUFFER:
        return None
    for value in values:
        if isinstance(value, (bytearray, memoryview)):
            return type(value).__name__
        if type(value) not in _PLAIN or isinstance(value, np.ndarray) and value.dtype == object:
            found = _buffer_inside(value, depth + 1)
            if found is not None:
                return found
    return None


def unmasked(values, name):
    """Refuse (ValueError) masked entries in an array argument, naming `name` and how many: numpy's conversions
    drop the mask and compute with the data under it, which the caller had masked out
    (``wilson_interval(np.ma.masked, 10)`` was the interval of 0 successes, probe 18c). The masked array itself,
    a list or tuple holding masked arrays or ``np.ma.masked`` (``tuple(masked rows)``: probe 19c, W3; nested
    lists too), and a pandas column of a nullable dtype holding pd.NA. An array with nothing masked is its data."""
    masked = _masked_count(values)
    if masked:
        what = ("a masked array with" if isinstance(values, np.ma.MaskedArray) else
                f"a {type(values).__name__} holding")
        them = "it" if masked == 1 else "them"
        raise ValueError(f"{name} is {what} {masked:,} masked entr{'y' if masked == 1 else 'ies'}: "
                         f"fill {them} (np.ma.filled) or drop {them} (.compressed()) first")


def ordered(values, name, expected):
    """Refuse (TypeError) a container that is no array: a set has no order to match the other arguments', a
    dict's keys or values are no array, a generator or an iterator is spent by the first look (each was
    'got object values'). ``a.flat`` is let through: numpy reads it as the array."""
    no_array = (abc.Mapping, abc.Set, abc.Iterator, abc.MappingView)
    if isinstance(values, no_array) and not isinstance(values, np.flatiter):
        why = ("it is read once" if isinstance(values, abc.Iterator) else
               "it has no order" if isinstance(values, abc.Set) else "a dict is no array")
        raise TypeError(f"{name} must be {expected}, got {type(values).__name__} ({why}): pass a list or an array")


def plain_array(values, name, expected, refusal):
    """`values` as an ndarray (``np.asarray``), after the checks every array argument goes through: no text
    or None, no set, dict or generator (:func:`ordered`), nothing masked (:func:`unmasked`); TypeError with the
    message `refusal` for text, None and what numpy cannot make an array of (ragged rows)."""
    if isinstance(values, TEXT) or values is None:  # bytes: probe 20c, N3
        raise TypeError(refusal)
    if (inside := _buffer_inside(values)) is not None:
        raise TypeError(f"{refusal} holding {inside}")
    ordered(values, name, expected)
    unmasked(values, name)
    try:
        return np.asarray(values)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(refusal) from None


def bool_array(values, name, expected="an array of True / False"):
    """`values` as a bool array of its shape, or an error naming `name`: masked entries refused (ValueError),
    anything but True and False refused (TypeError), not cast: ``np.asarray(x, bool)`` read None (what
    ``.tolist()`` makes of a masked entry), 0.5 and "no" as answers."""
    raw = plain_array(values, name, expected, f"{name}: expected {expected}, got {type(values).__name__}")
    copy_fits(raw, name, 1, "bool")
    if raw.dtype == object and raw.size and _all_bool(raw):  # np.array([True, False], dtype=object)
        raw = raw.astype(bool)
    if raw.dtype != bool:
        if raw.dtype == object and any(v is None for v in raw.ravel().tolist()):
            got = f"{type(values).__name__} holding None"
        else:
            got = type(values).__name__ if raw.dtype == object else f"{raw.dtype} values"
        raise TypeError(f"{name}: expected {expected}, got {got}")
    return np.array(raw, dtype=bool)


def real_array(values, name, expected="an array of real numbers"):
    """`values` as a float64 array (of any shape), or TypeError / ValueError naming `name`.

    Complex, boolean and non-numeric values are refused (TypeError) rather than cast: numpy would
    drop an imaginary part with a mere warning and take True for 1. A Python int beyond the range
    of a double is a ValueError. Whether the values must be finite is the caller's to check.
    """
    raw = plain_array(values, name, expected, f"{name} must be {expected}, got {type(values).__name__}")
    copy_fits(raw, name)
    if raw.dtype.kind in "cbUSVOMm" and not (raw.dtype == object and _all_real(raw)):
        kind = "complex" if raw.dtype.kind == "c" else str(raw.dtype)
        raise TypeError(f"{name} must be {expected}, got {kind} values")
    try:
        return np.array(raw, dtype=np.float64)
    except OverflowError:
        raise ValueError(f"{name} must be finite: a value is beyond the range of a double") from None
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be {expected}, got {type(values).__name__}") from None


def _all_bool(array):
    return all(_is_bool(v) for v in array.ravel().tolist())


def _all_real(array):
    return all(isinstance(v, numbers.Real) and not _is_bool(v) for v in array.ravel().tolist())


def index_array(values, name, high=MAX_INDEX, *, shaped=False):
    """`values` as a 1-D int64 array of whole numbers 0 ... `high`, or an error naming `name`.

    A list of Python ints of any size, or an integer array of any width, is checked before it is
    converted, so ``[2**63]`` or a uint64 2**63 is refused rather than wrapped to a negative
    number, and ``[1.5, 2.7]`` rather than truncated to ``[1, 2]``. `shaped`: a whole number or an array of any
    shape, as numpy reads it, its int64 array of that shape (``DeviceCurve.at``); text is refused before numpy reads
    it (a bytearray was its bytes, probe 21c, N4), a broadcast view before its copy is made (probe 18).
    """
    if isinstance(values, TEXT) or values is None:
        expected = "a whole number >= 0 or an array of them" if shaped else "an array of integers"
        raise TypeError(f"{name} must be {expected}, got {type(values).__name__}")
    if (inside := _buffer_inside(values)) is not None:  # read as its bytes, an array of them (probe 22c, C22-3)
        raise TypeError(f"{name} must hold integers, got {inside}")
    if shaped:
        unmasked(values, name)  # np.asanyarray drops a mask; a masked element in a tuple raised numpy's MaskError
        try:
            array = np.asanyarray(values)
        except (TypeError, ValueError, OverflowError):  # ragged: '[[1], [2, 3]]' was numpy's "inhomogeneous shape"
            raise TypeError(f"{name} must be a whole number >= 0 or an array of them, got "
                            f"{type(values).__name__}") from None
        copy_fits(array, name, kind="int64")  # before ravel copies a broadcast view
        return index_array(array.ravel(), name, high).reshape(array.shape)
    if isinstance(values, range):  # checked by its ends: element by element, range(10**7) took 20 s
        if not values:
            return np.zeros(0, np.int64)
        low, top = sorted((values[0], values[-1]))
        if low < 0 or top > high:
            raise ValueError(f"{name}: {shown(low if low < 0 else top)} is outside 0 ... {high}")
        return np.arange(values.start, values.stop, values.step, dtype=np.int64)
    ordered(values, name, "an array of integers")
    unmasked(values, name)
    try:
        # A list goes in as objects: numpy would turn [0, 2**63] into floats, and [1.5] into an array to truncate.
        array = values if isinstance(values, np.ndarray) else np.array(values, dtype=object)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"{name} must be an array of integers, got {type(values).__name__}") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of integers, got shape {array.shape}")
    copy_fits(array, name, kind="int64")
    if array.dtype == object:  # a list (or an array of Python objects)
        if not all(isinstance(v, numbers.Integral) and not _is_bool(v) for v in array.tolist()):
            raise TypeError(f"{name} must hold integers, got {_kinds(array)}")
        bad = [v for v in array.tolist() if not 0 <= int(v) <= high]
        if bad:
            raise ValueError(f"{name}: {shown(bad[0])} is outside 0 ... {high}")
        return array.astype(np.int64)
    if array.size == 0:
        return np.zeros(0, np.int64)
    if array.dtype.kind == "b" or array.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integers, got {array.dtype} values")
    if array.dtype.kind == "u":
        top = int(array.max())
        if top > high:
            raise ValueError(f"{name}: {shown(top)} is outside 0 ... {high}")
        return array.astype(np.int64)
    low, top = int(array.min()), int(array.max())
    if low < 0 or top > high:
        raise ValueError(f"{name}: {shown(low if low < 0 else top)} is outside 0 ... {high}")
    return np.ascontiguousarray(array, dtype=np.int64)


def _kinds(array):
    return ", ".join(sorted({type(v).__name__ for v in array.tolist()}))
