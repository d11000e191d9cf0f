"""Offsets files: an offset matrix (rows = inputs, columns G+1 G-1 G+2 G-2 ..., S) written as CSV by
:func:`write_offsets` and read from CSV or ``.npy`` by :func:`read_offset_matrix` (``--shifts``), with the units
its header names; every problem is an :class:`OffsetFileError` naming the file and the line.
"""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from pathlib import Path

import numpy as np

from ..numbers import TEXT, integer, real_array
from .checks import clipped, read_capped, write_whole
from .columns import ValueColumn, conductance_factor, joined_units, note_unit_problem, written_unit
from .fields import thousands_problem
from .formats import OFFSETS_FILE, foreign_kind, utf16_text, utf8_text, windows1252_text
from .offset_cells import comma_cells, mixed as _mixed, number as _number, semicolon_rows, shown, whitespace_cells, \
    without_sep_line
from .scales import ScaleInName
from .unit_names import SPACED_UNIT

__all__ = ["OffsetFileError", "read_offset_matrix", "write_offsets"]


def checked_shape(shape, expected="a tuple of sizes >= 1, e.g. (N, C)", ndim=None):
    """`shape` as a tuple of Python ints >= 1 (`ndim` of them if given), or TypeError / ValueError naming it."""
    if isinstance(shape, TEXT) or not isinstance(shape, (tuple, list, np.ndarray)):
        raise TypeError(f"shape: expected {expected}, got {type(shape).__name__}")
    dims = tuple(integer(n, f"shape[{k}]", expected) for k, n in enumerate(np.asarray(shape, dtype=object).ravel()))
    if not dims or min(dims) < 1 or (ndim is not None and len(dims) != ndim):
        raise ValueError(f"shape = {dims}: expected {expected}")
    return dims


def write_offsets(path, offsets):
    """Write an offset matrix (rows = inputs, columns G+1 G-1 G+2 G-2 ..., S) as CSV.

    Values are written with 17 significant digits, so reading the file back
    (``python -m crossbar train --shifts FILE``) gives the same doubles.
    Returns the path.
    """
    offsets = real_array(offsets, "offsets", "an (N, C) matrix of offsets in siemens")
    if offsets.ndim != 2 or not offsets.size:  # read_offset_matrix finds "no offset rows" in an empty one
        raise ValueError(f"offsets must be a matrix (N, C) of at least one offset, got shape {offsets.shape}")
    problem = _values_problem(offsets)  # what read_offset_matrix would refuse is not written
    if problem:
        raise ValueError(f"offsets: {problem[1]}")
    header = ",".join(f"G{'+' if c % 2 == 0 else '-'}{c // 2 + 1}" for c in range(offsets.shape[1]))
    text = io.StringIO()
    np.savetxt(text, offsets, delimiter=",", fmt="%.17g", header=header, comments="")
    return write_whole(path, text.getvalue().encode("ascii"))


def _values_problem(matrix, written=None):
    """(row, what is wrong) of an offset matrix's first bad value, as `written` (a CSV's cells) if given, or None."""
    if not np.all(np.isfinite(matrix)):  # named by no line, row or column (probe 23a, D23-4)
        i, j = np.argwhere(~np.isfinite(matrix))[0]
        shown = repr(written[i][j]) if written is not None else f"{matrix[i, j]}"
        return i, f"offsets must be finite numbers (siemens); found {shown} (row {i + 1}, column {j + 1})"
    if np.any(np.abs(matrix) > 1.0):
        i, j = np.argwhere(np.abs(matrix) > 1.0)[0]
        return i, (f"offset {matrix[i, j]:.4g} S (row {i + 1}, column {j + 1}) is beyond 1 S in magnitude: not a "
                   "physical device offset")
    return None


class OffsetFileError(ValueError):
    """An offset-matrix file that cannot be read; the message names the file and the line."""


def _check_npy_start(path, raw):
    """OffsetFileError for a file named .npy that is not numpy.save's array, or holds Python objects: numpy's own
    text ('pickled (object) data ... load it unsafely using the `allow_pickle=` keyword argument or
    `pickle.load()`') advised, for a CSV named .npy, to unpickle it, which nothing here can or should do."""
    if not raw.startswith(b"\x93NUMPY"):
        raise OffsetFileError(f"{path}: not a .npy array file (it does not start with numpy's magic string "
                              "\\x93NUMPY); expected numpy.save's format, or a CSV file named with .csv")
    stream, form = io.BytesIO(raw), np.lib.format
    try:
        version = form.read_magic(stream)
        header = {(1, 0): form.read_array_header_1_0, (2, 0): form.read_array_header_2_0}.get(version)
        dtype = header(stream)[2] if header else None  # (3, 0): np.load reads it
    except Exception:  # noqa: BLE001 - a damaged header: np.load names it below
        return
    if dtype is not None and dtype.hasobject:
        raise OffsetFileError(f"{path}: holds Python objects (dtype {dtype}), which are not read; expected a numeric "
                              "array of offsets in siemens")


def read_offset_matrix(path, shape):
    """An offset matrix (rows = inputs, columns G+_1 G-_1 G+_2 ..., S) from CSV or .npy.

    The counterpart of :func:`write_offsets`. CSV may have one header line of
    column names and ``#`` comment lines; where no header line comes before the
    first row, a ``#`` line just above it naming as many columns (what
    ``numpy.savetxt(header=...)`` writes) is the header. The header's units
    (``G+1 (uS)``) are read; one that names a unit for some columns and not
    the others, or a ``#`` note that names a unit over a header naming none,
    is refused.

    Parameters
    ----------
    path : str or Path
    shape : tuple (N, C)
        The shape the crossbar needs.

    Returns
    -------
    ndarray (N, C), siemens

    Raises
    ------
    OffsetFileError
        Missing, special (device, FIFO), oversized (over 64 MiB), binary or
        unreadable file, ragged rows, wrong shape, non-finite values or an
        offset beyond 1 S in magnitude.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file path (str or Path), got {type(path).__name__}")
    shape = checked_shape(shape, "the crossbar's (N, C), two sizes >= 1", 2)  # None was "not iterable" after the reading
    path = Path(path)
    raw = read_capped(path, lambda message: OffsetFileError(f"{path}: {message}"), what="offsets file")
    if path.suffix == ".npy":
        _check_npy_start(path, raw)
        try:
            matrix = np.load(io.BytesIO(raw), allow_pickle=False)
        except Exception as exc:  # numpy raises several types for damaged files
            raise OffsetFileError(f"{path}: not a readable .npy array ({_one_line(exc)})") from None
        if not isinstance(matrix, np.ndarray) or matrix.dtype.kind not in "fiu":
            raise OffsetFileError(f"{path}: expected a numeric array of offsets in siemens")
        matrix = np.asarray(matrix, dtype=np.float64)
    else:
        rows, written = [], []  # each row's numbers, and its (line, cells as written)
        header = None  # the line of column names above the rows: (line, text), split when the rows show how
        units = None  # the header's unit of each column: (line, factors to siemens, names), if it names one
        notes = []  # the '#' lines: (line, text after the '#')
        unnamed = None  # the header's line and first name where that names no column (a pandas index)
        as_written = without_sep_line(_offset_text(path, raw))
        text, how = semicolon_rows(as_written)  # a decimal-comma locale's CSV: '1,5e-7;0;...'
        as_written = as_written.splitlines()
        for number, line in enumerate(text.splitlines(), start=1):
            if line.lstrip().startswith("#"):
                notes.append((number, line.strip()[1:]))
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = comma_cells(line)
            spaced = len(fields) == 1 and all(_number(x) is not None for x in whitespace_cells(line))
            if spaced:
                fields = whitespace_cells(line)  # numpy.savetxt's default: numbers apart by spaces (or tabs)
            numbers_ = [_number(x) for x in fields]
            if any(v is None for v in numbers_):
                # A header is a line of column names, none of them a number; a line with some numbers
                # and a typo is a damaged first row, not a header to drop without a word.
                if header is None and not rows and all(v is None for v in numbers_):
                    header = (number, line)
                    continue
                bad = next(k for k, v in enumerate(numbers_) if v is None)
                if how == "semicolon":  # quoted as written
                    line, fields = as_written[number - 1], as_written[number - 1].split(";")
                raise OffsetFileError(f"{path}, line {number}: " + (how == "comma" and _mixed(line) or
                                                                     thousands_problem(fields[bad]) or
                                                                     f"expected {how}-separated numbers, found "
                                                                     f"{shown(fields[bad].strip())} in "
                                                                     f"{shown(line.strip())}"))
            if not rows:
                try:
                    units = _first_header(path, header, notes, len(numbers_), spaced)
                except _UnnamedFirst as exc:  # refused once the rows show whether it is an index
                    unnamed, units = exc.args, None
            rows.append(numbers_)
            written.append((number, [x.strip() for x in fields]))
            if len(rows[-1]) != len(rows[0]):
                raise OffsetFileError(
                    f"{path}, line {number}: {len(rows[-1])} values, the first row has {len(rows[0])}")
        if not rows:
            raise OffsetFileError(f"{path}: no offset rows found")
        if unnamed is not None:
            raise OffsetFileError(_unnamed_message(path, *unnamed, [row[0] for row in rows]))
        # '# offsets in uS' over a header naming no unit; '# offsets in nS', '# scale 1e-3' over 'G+1 (uS)'
        columns = () if units is None else [ValueColumn(name.strip(), "conductance", factor,
                                                        written_unit(_canonical(name)))
                                            for name, factor in zip(units[2], units[1])]
        unread = note_unit_problem(notes, symbol="G+1", columns=columns)
        if unread is not None:
            raise OffsetFileError(f"{path}, line {unread[0]}: {unread[1]}")
        matrix = np.array(rows)
        if units is not None:
            matrix = matrix * np.array(units[1])
    if matrix.shape != shape:
        raise OffsetFileError(
            f"{path}: offsets have shape {matrix.shape}, expected {shape} "
            f"(rows = inputs, columns = G+/G- pairs of each neuron)"
        )
    problem = _values_problem(matrix, None if path.suffix == ".npy" else [cells for _, cells in written])
    if problem:
        where = "" if path.suffix == ".npy" else f", line {written[problem[0]][0]}"
        raise OffsetFileError(f"{path}{where}: {problem[1]}")
    return matrix


def _first_header(path, header, notes, width, spaced):
    """(line, factors to siemens, names) of the header above the first row of `width` values, None where it names no
    unit. The header is the line of names above the rows (`header`: (line, text)), else a '#' note just above them
    that names the columns (what numpy.savetxt(header=...) writes; it is taken from `notes`). Its names are split as
    the rows are: by commas, or, over rows apart by spaces or tabs, by tabs or spaces with a bracketed unit kept with
    its name ('# G+1 (uS) G-1 (uS) ...', 'G+1(uS)\tG-1(uS)'; they were read as one name, or as a note naming 'uS')."""
    if header is not None:
        number, text = header
        names = _split_names(text, width, spaced)
        try:
            units = _header_units(path, number, names)
        except OffsetFileError as exc:  # "'1-P/uS' is a scale" of 'W-1-P/uS' is no reason: it names no device
            if isinstance(exc.__cause__, ScaleInName) and len(names) == width and _no_device(exc.__cause__, width):
                _check_order(path, number, names, width)  # probe 21a, its M1 cases; 'G +ve 1_uS' (issue 20)
            raise
        if units is not None and len(names) != width:
            _refuse_count(path, number, names, width)
        _check_order(path, number, names, width)
        return units
    if not notes:
        return None
    number, text = notes[-1]
    names = _split_names(text, width, spaced)
    if len(names) != width and "," not in text:  # numpy.savetxt(delimiter=',', header='G-1 G+1 G-2 G+2') writes
        by = _split_names(text, width, True)  # '# G-1 G+1 ...' over rows apart by commas (probe 22a, D22-4)
        names = by if not spaced and len(by) == width and _devices(by, True) else _grouped(text, width) or names
    if len(names) < 2 or any(_number(n) is not None for n in names) and not _signed(names, width):
        return None
    try:
        factors = [_factor(name) for name in names]
    except ValueError:
        factors = None
    if len(names) == width:
        _check_order(path, number, names, width, note=True)
    if "," in text and len(names) == width:  # '# G+1 (uS),G-1 (uS),...': a header, its errors named
        notes.pop()
        return _header_units(path, number, names)
    if factors is None or all(f is None for f in factors):
        return None  # a note of words ('# measured on chip 7'), checked as a note
    if len(names) != width:  # '# G+1 (uS) G-1 (uS) G+2 (uS)' over 4 values: it was 'a note naming uS'
        if None in factors:
            return None
        _refuse_count(path, number, names, width)
    notes.pop()
    return _header_units(path, number, names)


# An offsets column's name is read by one grammar (issue 20; probe 19a, S4; probe 19c, O1): a sign and a neuron
# number in either order, the sign a character (+, -, U+2212 and their fullwidth, superscript and subscript forms) or
# a word or letter (p, n, m, pos, neg, plus, minus, positive, negative), apart by spaces or '_' ('-' too beside a word:
# 'G-pos-1'), optionally after G; then a unit in brackets, after 'in' or '/', or after a final '_': 'G+1', 'G1-',
# 'G_n1 (uS)', 'G1_neg_uS', 'G negative 1 / uS', 'G⁻1', 'G1₋', and 'P1', 'N1' as Gp1, Gn1. A character or a letter
# alone needs the G ('G+', 'Gn'); a word does not ('pos'). Nothing else is read ('G+1 high', 'dG+1', 'G(+)1', 'G–1').
_SIGN_CHARS = str.maketrans("\u2212\uff0b\uff0d\u207a\u207b\u208a\u208b", "-+-+-+-")
_WORDS = "positive|negative|plus|minus|pos|neg"
_WORD = _WORDS + "|p|n|m"
_DEVICE = re.compile(rf"^(?:G[\s_]*(?P<s1>[+-])[\s_]*(?P<n1>\d+)?|(?P<s2>[+-])[\s_]*(?P<n2>\d+)"
                     rf"|(?P<g3>G[\s_-]*)?(?P<s3>{_WORD})(?:[\s_-]*(?P<n3>\d+))?"
                     rf"|(?:G[\s_]*)?(?P<n4>\d+)(?:[\s_]*(?P<s4>[+-])|[\s_-]*(?P<s5>{_WORD})))$", re.I)
# A unit ending a name: brackets (one or more: 'G+1 (uS) (c1)'), else after 'in', '/' or a final '_'.
_BRACKETS = re.compile(r"(?:\s*[\(\[][^\(\)\[\]]*[\)\]])+$")
_UNIT_AFTER = re.compile(rf"(?:\s+in\s+(?:{SPACED_UNIT}|\S+)|\s*/\s*(?:{SPACED_UNIT}|\S+)|_{{0}}+(?:-{{0}}+)?)$".format(
    r"[^\s_\d+\-/\(\)\[\]]"), re.I)  # a unit in words too: 'G+1 in micro siemens', 'G+1_micro-siemens' (20a, U4)
# An unread name that still looks like one device's: a sign character or word, or a G not starting a word ('G',
# 'G1A', 'G(+)1', 'G–1'); a header of such names is not trusted by position. Other words ('input', 'a') name none.
_LOOKS_SIGNED = re.compile(rf"[+\-\u2013\u2014]|^G(?![a-z]{{2}})|(?<![a-z])(?:{_WORDS})(?![a-z])", re.I)


def _looks_device(name, numbered=True):
    """Whether an offsets column's name that is not read still names some device: a sign ('G1A', 'G+1 high') or,
    where `numbered`, a number ('Wn1', 'dGp1', 'set 1', 'A1'; probe 21a, T1, T2: a header of them loaded by position)."""
    return bool(_LOOKS_SIGNED.search(name.strip().translate(_SIGN_CHARS))
                or numbered and re.search(r"\d", _BRACKETS.sub("", name)))


def _paired(names):
    """Whether `names`, one number in each, without it take two forms, each for half of them ('Wp1, Wn1, Wp2, Wn2'), or
    one with each number twice ('W2 W2 W1 W1', 'pair 2 pair 2 ...': text, read by position, probe 22a, D22-5): a '#'
    note so written names the devices; one of other words and numbers ('# run1 run2 run3 run4') is text."""
    bare = [_BRACKETS.sub("", name).strip() for name in names]
    forms, numbers = Counter(re.sub(r"\d+", "#", name) for name in bare), [re.findall(r"\d+", name) for name in bare]
    return all(len(n) == 1 for n in numbers) and (len(forms) == 2 and len(set(forms.values())) == 1 or len(forms) == 1
                                                  and set(Counter(int(n[0]) for n in numbers).values()) == {2})


def _devices(names, numbered=False):
    """Whether all `names` are or look like devices' (:func:`_looks_device`), or, `numbered`, one is with its neuron."""
    paired, read = _paired(names), [_device_of(name) for name in names]
    return all(d or _looks_device(n, paired) for n, d in zip(names, read)) or numbered and any(
        d and d[1] is not None for d in read)


def _signed(names, width):
    """Whether `names` are each sign of each neuron 1 ... width/2 once ('# +1,+2,-1,-2'; as a row 2 S, no offset)."""
    return all(re.fullmatch(r"\s*[+-]\d+\s*", n.translate(_SIGN_CHARS)) for n in names) and sorted(
        map(_device_of, names)) == sorted((s, k) for k in range(1, width // 2 + 1) for s in "+-")


def _grouped(text, width):
    """A '#' note's words in `width` names of as many words each ('# R 1 n R 1 p ...' over 4 values: 'R 1 n', ...)
    where every such name is read as a device or names one (probe 21a, T3: the note was taken for text, and the
    columns were read by position), else None."""
    words = joined_units(text.split())
    if len(words) <= width or len(words) % width:
        return None
    k = len(words) // width
    names = [" ".join(words[i:i + k]) for i in range(0, len(words), k)]
    return names if _devices(names) else None


def _read_name(name):
    """(sign '+' or '-', neuron or None, unit as written or '') of an offsets column's name, else None."""
    text = name.strip().translate(_SIGN_CHARS)
    brackets = _BRACKETS.search(text)
    core, unit = (text[:brackets.start()], text[brackets.start():]) if brackets else (text, "")
    m = _DEVICE.match(core)
    if m is None and (after := _UNIT_AFTER.search(core)):  # 'G_neg_1 in uS', 'G-1/uS', 'G1_pos_uS'; 'G1_pos' whole
        core, unit = core[:after.start()], core[after.start():] + unit
        m = _DEVICE.match(core)
    if m is None:
        return None
    sign, neuron = next((m[f"s{k}"], m[f"n{min(k, 4)}"]) for k in range(1, 6) if m[f"s{k}"])
    if len(sign) == 1 and sign.isalpha() and not (neuron or m["g3"]):
        return None  # 'p', 'n': a letter alone names no sign
    sign = sign if sign in "+-" else "+" if sign.lower() in ("p", "pos", "plus", "positive") else "-"
    return sign, neuron and int(neuron), unit


def _no_device(scale, width):
    """Whether the name a :class:`ScaleInName` refuses names no device without what it quotes: it reads as none
    ('W-1-P/uS' without '1-P/uS'), or as a sign alone where the quoted part held the neuron: over several neurons,
    or with a word glued to the sign ('G +ve 1_uS' is no 'G +' and a scale 've 1_uS'; 'G+1 (uS) X10' keeps its scale)."""
    device, start = _device_of(scale.rest), scale.span[0]
    glued = start > 0 and scale.text[start - 1] in "+-" and scale.text[start:start + 1].isalpha()
    return device is None or device[1] is None and (width > 2 or glued)


def _device_of(name):
    """(sign '+' or '-', neuron or None) of an offsets column's name read by the grammar above, else None."""
    read = _read_name(name)
    return read and read[:2]


def _check_order(path, number, names, width, note=False):
    """Refuse a header whose names are not G+1, G-1, G+2, G-2, ... in order, in any spelling read: the columns are
    read by position, so 'G-1,G+1,...' put each offset on another device (probe 16a, S1). A header of names of which
    none is read is refused where one looks like a device's, unread ('G1A', 'G+1 high'; every one in a '#' note), and
    read by position where none does ('input,a,b,c'): a name with a number in it ('Wn1', 'dGp1', 'set 1', 'A1') names
    some device, and a header of them is refused unless read (probe 21a, T1, T2: they loaded by position)."""
    read = [_device_of(name) for name in names]
    if any(read) and not all(read):  # 'G+1,G-1,G+1 baseline,G-1 baseline': which are the devices?
        other = next(name.strip() for name, device in zip(names, read) if device is None)
        raise OffsetFileError(f"{path}, line {number}: the header names some columns as devices (G+k, G-k) and "
                              f"{other!r} as none; expected every column one device's offset, G+1, G-1, G+2, G-2, "
                              "... in that order")
    expected = [f"G{'+-'[k % 2]}{k // 2 + 1}" for k in range(width)]
    if not any(read):
        looks = [name.strip() for name in names if _looks_device(name, not note or _paired(names))]
        if looks and (not note or len(looks) == len(names)):
            raise OffsetFileError(f"{path}, line {number}: the header's name {clipped(looks[0])!r} is not read as a "
                                  "device's (a sign and a neuron, as in G+1, G-1, G1n, pos1); expected the columns "
                                  f"named {', '.join(expected[:4])}{', ...' * (width > 4)} in that order (they are "
                                  "read by position), or no header")
        return
    numbered = all(neuron is not None for _, neuron in read)
    given = [f"G{sign}{neuron if numbered else ''}" for sign, neuron in read]
    expected = [name if numbered else name.rstrip("0123456789") for name in expected]
    if given != expected:
        raise OffsetFileError(f"{path}, line {number}: the header names the columns {', '.join(given)}; expected "
                              f"{', '.join(expected)} in that order (the columns are read by position): put the "
                              "columns in that order")


def _split_names(text, width, spaced):
    """The column names of a header line: apart by commas, or, over rows apart by spaces or tabs, by tabs, by
    spaces with a unit kept with its name, or by runs of 2 spaces, whichever gives `width` names (else the second)."""
    if "," in text or not spaced:
        return comma_cells(text)
    ways = ([comma_cells(text.strip(), "\t")] if "\t" in text else []) + [joined_units(text.split()),
                                                                   re.split(r"\s{2,}|\t", text.strip())]
    return next((names for names in ways if len(names) == width), ways[-2])


def _refuse_count(path, number, names, width):
    split = len(names) == 1 and len(joined_units(names[0].split())) == width  # spaces over rows apart by commas
    raise OffsetFileError(f"{path}, line {number}: the header names {len(names)} column{'s' * (len(names) != 1)} and "
                          f"units, the rows have {width} values"
                          f"{' (the header is split by spaces, the rows by commas)' if split else ''}; expected one "
                          "name per column")


class _UnnamedFirst(Exception):
    """A header whose first column has no name (pandas' df.to_csv() index): args (line, the name as written)."""


def _unnamed_message(path, number, name, first):
    """Why an offsets file whose header names no first column is refused: `first`, the rows' first values, say
    whether it is the row index pandas writes (0, 1, 2, ...; it was refused as 'name every column's unit, e.g.
    ' (uS)'', probe 10a U3). Even then it is not dropped: a shifts file is the user's matrix, not to be guessed at."""
    which = f"the first column {name!r} (pandas' name for a nameless column)" if name.strip() else "the first column"
    if first != list(range(len(first))):
        return (f"{path}, line {number}: {which} has no name; expected a name with its unit for every column, e.g. "
                "'G+1 (uS)' (a row index, as pandas' df.to_csv() writes without index=False, is dropped with "
                "index=False)")
    shown = ", ".join(map(str, range(len(first)))) if len(first) <= 5 else f"0, 1, 2, ..., {len(first) - 1}"
    return (f"{path}, line {number}: {which} has no name and holds {shown}: a row index, as pandas' df.to_csv() "
            "writes it without index=False; expected the offsets' columns only: drop it (df.to_csv(path, "
            "index=False))")


def _header_units(path, number, fields):
    """(line, factor to siemens of each column, names) of a header line that names a unit ('G+1 (uS)'), else None
    (the header was dropped unread, and offsets in uS were taken as siemens, 10^6 times too large); refused if
    it names a unit for some columns only ('G+1 (uS),G-1': G-1 was read in S, 0.08 S for 0.08 uS). _UnnamedFirst
    for a first column with no name beside named ones (',G+1 (uS),...', 'Unnamed: 0,G+1 (uS),...')."""
    if len(fields) > 1 and re.fullmatch(r"\s*(?:Unnamed: \d+)?\s*", fields[0]) and any(f.strip() for f in fields[1:]):
        raise _UnnamedFirst(number, fields[0].strip())
    try:
        factors = [_factor(name) for name in fields]
    except ValueError as exc:  # a scale in a name keeps what it quotes for _first_header
        raise OffsetFileError(f"{path}, line {number}: {exc}") from exc if isinstance(exc, ScaleInName) else None
    if all(f is None for f in factors):
        return None
    bare = [name.strip() for name, f in zip(fields, factors) if f is None]  # read as siemens, the others not
    if bare:
        unit = next(written_unit(_canonical(name)) for name, f in zip(fields, factors) if f is not None)
        raise OffsetFileError(f"{path}, line {number}: the header names a unit for some columns and not for "
                              f"{', '.join(repr(n) for n in bare[:4])}{' ...' if len(bare) > 4 else ''}, which would "
                              f"be read in S while the others give {unit}; name every column's unit, e.g. "
                              f"'{bare[0]} ({unit})'")
    return number, factors, fields


def _canonical(name):
    """An offsets column's name as 'G+1' writes it with its unit ('G_neg_1 (uS)': 'G-1 (uS)'), where it names a device
    in another spelling that is read, so that its number is read as the device's, not as a scale (it was refused as
    "'1 (uS)' is a scale written in the name", probe 18a); else the name."""
    read = _read_name(name)
    if read is None:
        return name
    sign, neuron, unit = read
    unit = " " + unit.lstrip() if unit.lstrip().startswith(("(", "[")) else unit  # '(uS) (c1)': both; '_uS', ' in uS'
    return f"G{sign}{'' if neuron is None else neuron}{unit}"


def _factor(name):
    """:func:`conductance_factor` of an offsets column's name (:func:`_canonical`); a message names it as written."""
    canonical = _canonical(name)
    try:
        return conductance_factor(canonical)
    except ValueError as exc:  # the same error (a ScaleInName keeps its span), naming the name as written
        exc.args = (str(exc).replace(repr(clipped(canonical.strip())), repr(clipped(name.strip())), 1),)
        raise


def _offset_text(path, raw):
    """The text of a CSV offsets file, or OffsetFileError if it is another format (probe 24a, D24-5) or not UTF-8."""
    kind = foreign_kind(raw, **OFFSETS_FILE)
    if kind is not None:
        raise OffsetFileError(f"{path}: {kind}")
    try:
        text = utf16_text(raw)
    except UnicodeDecodeError as exc:
        raise OffsetFileError(f"{path}: opens with UTF-16's byte-order mark but is no UTF-16 text ({exc.reason} at "
                              f"offset {exc.start}); expected CSV or a .npy file") from None
    try:
        text = utf8_text(raw) if text is None else text
    except UnicodeDecodeError as exc:
        if raw.startswith(b"\xef\xbb\xbf"):  # the mark says UTF-8: no other encoding is guessed (D28-8)
            raise OffsetFileError(f"{path}: opens with UTF-8's byte-order mark but is no UTF-8 text (byte "
                                  f"0x{raw[exc.start]:02X} at offset {exc.start}); save it as 'CSV UTF-8'") from None
        try:  # Excel's plain 'CSV', a 'µ' in a unit, as a device file is read
            text = windows1252_text(raw)
        except ValueError:
            raise OffsetFileError(f"{path}: is not text (undecodable byte at offset {exc.start}); expected CSV "
                                  "or a .npy file") from None
    if "\x00" in text:
        raise OffsetFileError(f"{path}: is not text (a NUL byte at offset {raw.index(0)}); expected CSV "
                              "or a .npy file")
    return text


def _one_line(exc):
    return " ".join(str(exc).split())
