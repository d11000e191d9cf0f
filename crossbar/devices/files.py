"""Device files: loading and validating measured curves, and the embedded default device.

A device curve is the conductance g(m) of one memristive device after m
potentiating pulses, m = 0 ... L-1, read at a small read voltage between
pulses (and, for a two-way device, its depression branch). Two kinds of file
are read, each of which may hold several measurement cycles:

* the raw pulse-train format of the instrument (:mod:`crossbar.devices.instrument`),
  one block per cycle;
* tables (:mod:`crossbar.devices.tables`): comma, tab, semicolon or whitespace
  delimited, one value column per cycle, conductances, read currents or
  resistances in the unit the header names.

Each cycle's reads are split into branches by the direction of the pulse
before each (:mod:`crossbar.devices.branches`), each branch must go its way in
time order, and the cycles make one curve (:mod:`crossbar.devices.cycles`).

Every problem with a file raises :class:`DeviceFileError`, whose message
names the file, the line and what was expected. Beyond the format, the loader
refuses what would give a silently wrong curve (:mod:`crossbar.devices.checks`):
a special or oversized file, a last line cut inside a number, a conductance
outside 1e-15 ... 1 S, a branch that jumps back to its start and goes its way
again (several cycles in one column or block), and (unless ``allow_outliers``) a
single point more than 100 times off its neighbours.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from ..numbers import flag, real, whole
from . import checks
from .branches import branches_from_directions, pulse_directions
from .curve import DeviceCurve
from .cycle_names import block_cycles, cycle_position, named_cycles
from .cycles import combine, cycle_matrix
from .fields import DeviceFileError, NoReadCurrents
from .formats import DEVICE_FILE, foreign_kind, markup_kind, utf16_text, utf8_text, windows1252_text
from .instrument import (HEADER_LINE, blocks, check_notes, leading_notes, parse_pulse_train, settings_conflict,
                         write_pulse_train)
from .tables import parse_table

__all__ = [
    "DeviceFileError",
    "DATA_DIR",
    "DEFAULT_DEVICE_FILE",
    "default_device",
    "load_device",
    "parse_device",
    "write_pulse_train",
]

#: Folder holding the device data the project ships.
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
#: The embedded default device: a synthetic pulse train drawn from a fit to a
#: measured LSMO/Gaq3/AlOx/Co device (see ``data/README.md``).
DEFAULT_DEVICE_FILE = DATA_DIR / "default_device.dat"

def load_device(path, *, allow_outliers=False, cycle=None, read_voltage=None, depression=None) -> DeviceCurve:
    """Read a device curve from an instrument pulse-train file or a device table.

    Parameters
    ----------
    path : str or Path
        The file. The instrument format is recognised by its ``Key: value``
        header (several blocks are several cycles); anything else is read as a
        table (:mod:`crossbar.devices.tables`: comma, tab, semicolon or
        whitespace delimited, one column per cycle, units in the header). At
        most 64 MiB; devices and FIFOs are refused.
    allow_outliers : bool
        Accept a point more than 100 times off its neighbours (refused by
        default as a damaged value).
    cycle : int, optional
        Use measurement cycle `cycle` instead of the per-pulse median of all
        cycles: the column or block that names cycle `cycle` where they name
        their cycles, the one named `cycle` - 1 where their numbers count
        from 0 (0 is among them, with or without a gap: ``cycle 0, 1, 3``),
        else the `cycle`-th (1 = the first column or block). Refused: a
        cycle below 1, one no column or block names, and any where a name
        gives its number in a form that is not read (``cycle 1.5``,
        ``Cycle: 3 (LTP)``).
    read_voltage : float, optional
        Volts: the table's values are read currents, G = I / V. With
        `depression`, it applies to the file(s) of read currents: a file of
        conductances or resistances beside one needs none.
    depression : str or Path, optional
        A second file holding the depression branch (its cycles, in time
        order, each falling), for a device whose potentiating and depressing
        trains were saved apart. `path` then holds the potentiation branch.

    Returns
    -------
    DeviceCurve

    Raises
    ------
    DeviceFileError
        If the file is missing, special, too large, empty, malformed, cut
        short, not physical, or its branches go the wrong way; the message
        names the file and line.
    """
    path = _path_argument(path, "path")
    raw = checks.read_capped(path, lambda message: DeviceFileError(path, message))
    if depression is None:
        return parse_device(raw, source=str(path), name=path.stem, allow_outliers=allow_outliers, cycle=cycle,
                            read_voltage=read_voltage)
    down_path = _path_argument(depression, "depression")
    down_raw = checks.read_capped(down_path, lambda message: DeviceFileError(down_path, message))
    read_voltage = _read_voltage(read_voltage)
    up, down = _read_pair(((raw, str(path), True), (down_raw, str(down_path), False)), allow_outliers, read_voltage)
    for reads, where, other in ((up, path, (-1, "depressing")), (down, down_path, (1, "potentiating"))):
        if reads.ways == {other[0]}:  # the other branch's pulses alone: the files given the other way round
            raise DeviceFileError(where, f"its direction column gives {other[1]} pulses only; with a separate "
                                         f"depression file, expected the {'potentiation' if other[0] < 0 else 'depression'}"
                                         " branch here: are the two files swapped?")
        if other[0] in reads.ways:  # a direction column of its own branch's pulses alone is read (probe 28a, D28-15;
            # a depression file's too: probe 29a, D29-5)
            raise DeviceFileError(where, f"holds {other[1]} pulses too; with a separate depression file, each file "
                                         "holds one branch")
    cycle = _check_cycle(cycle, (up, str(path)), (down, str(down_path)))
    options = _options(cycle, read_voltage)
    at, down_at = up.position(cycle, str(path)), down.position(cycle, str(down_path))
    g, cycles = _branch_of(up, at, str(path), rising=True)
    d, down_cycles = _branch_of(down, down_at, str(down_path), rising=False, branch="depression branch")
    window = g.max() - g[0]
    if not abs(d[0] - g.max()) <= window:  # a depressing train starts near the top of the potentiating one
        raise DeviceFileError(down_path, f"the depression branch starts at {d[0]:.4g} S, more than a window "
                                         f"({window:.3g} S) from the top of the potentiation branch in {path} "
                                         f"({g.max():.4g} S): are both files in the same unit?")
    digest = _digest(up.digest + "|depression:" + down.digest, options)
    meta = {**_metadata_of(up, at, path), **up.took(cycle, at), "depression_file": str(down_path),
            "depression_metadata": {**_metadata_of(down, down_at, down_path), **down.took(cycle, down_at)}}
    if options:
        meta["load_options"] = {**options, "depression": str(down_path)}
    else:
        meta["load_options"] = {"depression": str(down_path)}
    return DeviceCurve(g, name=path.stem, source=str(path), metadata=meta, sha256=digest, depression=d,
                       cycles=cycles, depression_cycles=down_cycles)


def _read_pair(files, allow_outliers, read_voltage):
    """The reads of a potentiation and a depression file [(raw, source, rising)]. A read voltage applies to the one(s)
    holding read currents; a file of conductances or resistances beside one needs none, and it is refused only
    where neither file holds read currents (probe 19a, R2: an 'I (uA)' file beside a 'G (uS)' one had no way in)."""
    reads, unused = [], []
    for raw, source, rising in files:
        try:
            reads.append(_read_cycles(raw, source, allow_outliers, read_voltage, rising=rising))
        except NoReadCurrents as exc:
            unused.append(exc)
            reads.append(_read_cycles(raw, source, allow_outliers, None, rising=rising))
    if len(unused) == len(files):
        raise unused[0]
    return reads


def _path_argument(path, name):
    if not isinstance(path, (str, bytes, os.PathLike)):  # bytes too: a name that is not UTF-8 (probe 30c: the
        raise TypeError(f"{name} must be a file path (str, bytes or Path), got {type(path).__name__}")  # text hid it)
    if not os.fspath(path):  # Path("") is ".": the refusal named the working folder, "is a directory"
        raise ValueError(f"{name} = {path!r}: expected the path of a device file, got an empty path")
    return Path(os.fsdecode(path))


def parse_device(raw, source="<data>", name="device", *, allow_outliers=False, cycle=None,
                 read_voltage=None) -> DeviceCurve:
    """Parse the bytes (or text) of a device file; see :func:`load_device`."""
    read_voltage = _read_voltage(read_voltage)
    reads = _read_cycles(raw, source, allow_outliers, read_voltage)
    named = None if source == "<data>" else source  # a refusal names the file ('the file' for bytes handed over)
    cycle = _check_cycle(cycle, (reads, named))
    at = reads.position(cycle, named)  # the column named cycle `cycle`, where the columns name their cycles
    ups, downs = [], []
    for k, (values, directions, where) in enumerate(zip(reads.values, reads.directions, reads.lines)):
        up, down = (np.asarray(values), None) if directions is None else \
            branches_from_directions(values, directions, _cycle_source(source, reads, k), where)
        ups.append(up)
        downs.append(down)
    # each branch's lines: the potentiating train's reads come first, the depressing train's last
    up_reads = _Reads(ups, [None] * len(ups), [lines[:len(up)] for lines, up in zip(reads.lines, ups)],
                      reads.metadata, reads.digest)
    g, cycles = _branch_of(up_reads, at, source, rising=True)
    d = down_cycles = None
    # A cycle that ends before its depressing train (a cut-short column) has potentiation only.
    kept = [k for k, down in enumerate(downs) if down is not None]
    if kept and (at is None or at - 1 in kept):
        down_reads = _Reads([downs[k] for k in kept], [None] * len(kept),
                            [reads.lines[k][len(reads.lines[k]) - len(downs[k]):] for k in kept], reads.metadata,
                            reads.digest)
        d, down_cycles = _branch_of(down_reads, None if at is None else kept.index(at - 1) + 1, source,
                                    rising=False, branch="depression branch")
    elif kept:
        raise DeviceFileError(source, f"cycle {cycle} ends before its depressing train, which the other cycles have; "
                                      "choose another cycle, or use the median of all (no --cycle)")
    options = _options(cycle, read_voltage)
    meta = {**_metadata_of(reads, at, source), **reads.took(cycle, at)}
    if options:
        meta["load_options"] = options
    if d is not None and d[0] != g.max():
        meta["branch_gap"] = _branch_gap(g, d, len(ups) - len(kept), source)
    return DeviceCurve(g, name=name, source=source, metadata=meta, sha256=_digest(reads.digest, options),
                       depression=d, cycles=cycles, depression_cycles=down_cycles)


def _branch_gap(g, d, cut, source):
    """Where the medians of several cycles' branches do not meet: each cycle's depressing train starts
    at its own top, but the median potentiation branch also holds the cycles cut before depressing
    (`cut`) and ends where half of the cycles reach. A device pulsed down from the top takes the gap
    in its first step (it continues from the depression branch's start); more than a window is refused."""
    gap = float(d[0] - g.max())
    window = float(g.max() - g[0])
    why = (f"{cut} cycle(s) end before depressing" if cut else "the cycles' potentiating trains differ in length")
    if abs(gap) > window:
        raise DeviceFileError(source, f"the median of the cycles' depression branch starts {gap:.3g} S from the top "
                                      f"of their median potentiation branch, more than a window ({window:.3g} S; "
                                      f"{why}); choose one cycle with --cycle K (API cycle=K)")
    return {"gap": gap, "of_window": gap / window, "why": why}


class _Reads:
    """The reads of a file: per cycle, the values (S) in time order, the directions and the lines; the
    metadata (an instrument file's first block's) and, for several blocks, each block's and what differs."""

    def __init__(self, values, directions, lines, metadata, digest, blocks=None, conflict=None, names=None,
                 block_names=None):
        self.values, self.directions, self.lines = values, directions, lines
        self.metadata, self.digest = metadata, digest
        self.blocks, self.conflict = blocks, conflict
        self.names = names  # a table's value columns' names, one per cycle
        self.numbers = None if names is None else named_cycles(names)  # the cycle numbers they name, or None
        self.block_names = block_names  # an instrument file's blocks' cycle numbers (probe 17a, C4)
        if block_names is not None:
            self.numbers = block_names.numbers

    def position(self, cycle, source):
        """Where cycle `cycle` is among the cycles (1 = the first): the column that names it, where every one
        names a cycle number, else the `cycle`-th (probe 12a, C1); the block that names it, for blocks."""
        if self.block_names is not None:
            return self.block_names.position(cycle, source)
        return cycle_position(cycle, self.names, self.numbers, source)

    def took(self, cycle, position):
        """Metadata saying which column `cycle` took, for a table (the device report prints it), or which block
        where blocks name cycles."""
        if cycle is not None and self.block_names is not None and any(self.block_names.named):
            return {"cycle_block": self.block_names.took(position)}
        if cycle is None or not self.names:
            return {}
        column = getattr(self.names[position - 1], "column", None)  # a long table's cycle column (LongCycle)
        if column is not None and self.numbers:  # not the loader's pivot name, 'G (uS) cycle 3' (probe 28a)
            return {"cycle_column": f"{column!r} = {self.numbers[position - 1]} (its rows, cycle {position} of "
                                    f"{len(self.names)}, long format)"}
        return {"cycle_column": f"{self.names[position - 1]!r} (value column {position} of {len(self.names)}"
                                f"{f', which names cycle {self.numbers[position - 1]}' if self.numbers else ''})"}

    @property
    def ways(self):
        """The directions (+1, -1) a direction column gives the pulses, in any cycle (none without one)."""
        return {int(w) for d in self.directions if d is not None for w in np.unique(d) if w}


def _metadata_of(reads, cycle, source):
    """The metadata of a file read for `cycle` (None: the median of all): the chosen block's header, or the
    one the blocks agree on (DeviceFileError naming both lines where they give other settings)."""
    if reads.blocks is None:
        return dict(reads.metadata)
    if cycle is not None:
        return {**reads.blocks[cycle - 1], "cycles": len(reads.blocks)}
    if reads.conflict is not None:
        raise DeviceFileError(source, reads.conflict)
    return dict(reads.metadata)


def _read_voltage(read_voltage):
    """The read voltage of a table of read currents as a Python float (or None), or an error naming it:
    kept as given, np.float64(0.1) hashed as 'np.float64(0.1)', another device than 0.1 V."""
    if read_voltage is None:
        return None
    expected = "a nonzero read voltage in volts (1e-12 < |V| <= 1000, as an instrument header's)"
    read_voltage = real(read_voltage, "read_voltage", expected)  # a Fraction or numpy scalar too
    if not 1e-12 < abs(read_voltage) <= 1e3:  # 1e-300 V made a read of 0.1 uA 1e293 S, blamed on the file
        raise ValueError(f"read_voltage = {read_voltage!r}: expected {expected}")
    return float(read_voltage)


def _options(cycle, read_voltage):
    """The loading options that change the curve made of a file, as a JSON-ready dict."""
    options = {}
    if cycle is not None:
        options["cycle"] = cycle
    if read_voltage is not None:
        options["read_voltage"] = read_voltage
    return options


def _digest(file_digest, options):
    """The device's content hash: the file's, or with the options that made the curve of it."""
    if not options and "|" not in file_digest:
        return file_digest
    text = file_digest + "|" + "|".join(f"{k}={options[k]!r}" for k in sorted(options))
    return hashlib.sha256(text.encode()).hexdigest()


def _check_cycle(cycle, *files):
    """`cycle` as a Python int (or None) within the cycles of every file: a numpy integer stored as
    it came gave the device another hash (``cycle=np.int64(2)``) and a describe() no JSON could hold."""
    if cycle is None:
        return None
    if not whole(cycle):
        raise TypeError(f"cycle must be a whole number (1 = the first cycle), got {type(cycle).__name__} {cycle!r}")
    cycle = int(cycle)
    for reads, name in files:
        n = len(reads.values)
        if reads.numbers is not None:
            reads.position(cycle, name)  # the column named `cycle`, wherever it stands
        elif not 1 <= cycle <= n:
            which = "the file" if name is None else name
            raise ValueError(f"cycle = {cycle}: {which} has {n} cycle{'s' if n != 1 else ''}; expected 1 ... {n}")
    return cycle


def _cycle_source(source, reads, k):
    return source if len(reads.values) == 1 else f"{source} (cycle {k + 1})"


def _branch_of(reads, cycle, source, rising, branch="potentiation branch"):
    """(curve, cycle matrix or None) of one branch: checked in time order, cycle by cycle."""
    cycles = [np.asarray(v, dtype=np.float64) for v in reads.values]
    transposed = checks.transposed_problem(cycles) if "delimiter" in reads.metadata else None
    if transposed is not None:  # one column per pulse, one row per cycle (probe 10a, L2)
        raise DeviceFileError(source, f"the {branch}: {transposed}")
    for k, values in enumerate(cycles):
        if values.size < 2:
            raise DeviceFileError(_cycle_source(source, reads, k),
                                  f"the {branch} has {values.size} point(s); a curve needs at least 2")
        # several cycles first: a full cycle and the start of the next falls overall (probe 8, F)
        i = checks.find_restart(values, rising)
        if i is not None:
            how = ("column? Give one column per cycle, e.g. 'pulse,G (uS) cycle 1,G (uS) cycle 2'"
                   if "delimiter" in reads.metadata else
                   "block? Give each cycle its own block (header, column line, rows)")
            raise DeviceFileError(_cycle_source(source, reads, k), f"the {branch} "
                                  f"{checks.restart_message(values, i, rising)}: several cycles in one {how}",
                                  reads.lines[k][i + 1])
        problem = checks.direction_problem(values, rising)
        if problem is not None:
            raise DeviceFileError(_cycle_source(source, reads, k), f"the {branch} {problem}")
    g = combine(cycles, cycle)
    if cycle is None and len(cycles) > 1:
        problem = checks.direction_problem(g, rising)
        if problem is not None:
            raise DeviceFileError(source, f"the per-pulse median of the cycles' {branch} {problem}")
    return g, (cycle_matrix(cycles) if len(cycles) > 1 else None)


def _read_cycles(raw, source, allow_outliers, read_voltage, rising=True):
    """Decode a file and read its cycles; outliers refused cycle by cycle (unless allowed). `rising`: whether
    a cycle without pulse directions is a potentiation branch (a depression file's are not)."""
    allow_outliers = flag(allow_outliers, "allow_outliers")
    if isinstance(raw, str):
        raw = raw.encode("utf-8", errors="surrogatepass")
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise TypeError(f"raw must be the bytes or text of a device file, got {type(raw).__name__}")
    read_voltage = _read_voltage(read_voltage)
    raw = bytes(raw)
    if len(raw) > checks.MAX_FILE_BYTES:
        raise DeviceFileError(source, f"is {len(raw):,} bytes, more than the {checks.MAX_FILE_BYTES:,} "
                                      "a device file may have")
    digest = hashlib.sha256(raw).hexdigest()
    kind = foreign_kind(raw)
    if kind is not None:
        raise DeviceFileError(source, kind)
    text, encoding = _decoded(raw, source)
    if "\x00" in text:
        raise DeviceFileError(source, f"is not text (a NUL byte at offset {raw.index(0)}); expected {DEVICE_FILE}")
    try:
        reads = _cycles_of(text, source, allow_outliers, read_voltage, rising, digest)
        if encoding is not None:
            reads.metadata["encoding"] = encoding
        return reads
    except DeviceFileError:  # JSON cut short, markup or YAML: named, not what the table reader tripped on
        kind = markup_kind(text, text.splitlines())
        if kind is None:
            raise
        raise DeviceFileError(source, kind) from None


def _decoded(raw, source):
    """(text, encoding) of a device file's bytes: UTF-8 (encoding None), UTF-16 with its byte-order mark, or
    Windows-1252 where it is no UTF-8 (:mod:`.formats`); DeviceFileError for bytes none of them reads."""
    try:
        text = utf16_text(raw)
    except UnicodeDecodeError as exc:
        raise DeviceFileError(source, f"opens with UTF-16's byte-order mark but is no UTF-16 text ({exc.reason} at "
                                      f"offset {exc.start}); save it as UTF-8") from None
    if text is not None:
        return text, "UTF-16"
    try:
        return utf8_text(raw), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        where = f"byte 0x{raw[exc.start]:02X} at offset {exc.start}, line {line}"
    if raw.startswith(b"\xef\xbb\xbf"):  # the mark says UTF-8: no other encoding is guessed (probe 28a, D28-8)
        raise DeviceFileError(source, f"opens with UTF-8's byte-order mark but is no UTF-8 text ({where}): saved in "
                                      "another encoding under UTF-8's mark; save it as 'CSV UTF-8'")
    try:
        return windows1252_text(raw), "Windows-1252"
    except ValueError as exc:
        if str(exc) == "binary data":  # a NUL or control bytes: no advice on saving text (probe 24a, D24-5)
            raise DeviceFileError(source, f"is not UTF-8 text ({where}) but binary data, not {DEVICE_FILE}") from None
        raise DeviceFileError(source, f"is not UTF-8 text ({where}), nor Windows-1252 text: {exc}; save it as "
                                      "'CSV UTF-8'") from None


def _cycles_of(text, source, allow_outliers, read_voltage, rising, digest):
    """The cycles of a device file's text (see :func:`_read_cycles`)."""
    lines = text.splitlines()
    blocks_read, names, block_names = (None, None), None, None
    if not any(line.strip() for line in lines):
        raise DeviceFileError(source, "is empty, expected a pulse-train or CSV device file")
    # A file cut short ends inside its last line: that line is then held to the format of the others.
    terminated = text.rstrip(" \t").endswith(("\n", "\r"))
    # An instrument file opens with 'Key: value' (after any '#' notes: probe 9a, N); a '#' line is a note, whatever
    # it holds ('# Date: ...'), and a file that opens with notes and then a column line is a table.
    first, notes = leading_notes(lines)
    if first < len(lines) and HEADER_LINE.match(lines[first]) and "," not in lines[first]:
        check_notes(notes, lines, source)
        noted = {n - 1 for n, _ in notes}
        lines = ["" if n in noted else line for n, line in enumerate(lines)]  # notes as blank lines, numbers kept
        parts = blocks(lines)
        values, directions, where, metas, headers = [], [], [], [], []
        header = None
        for b, (start, block) in enumerate(parts):
            g, meta, rows, header = parse_pulse_train(block, source, terminated or b < len(parts) - 1, start,
                                                      header)
            values.append(g)
            directions.append(pulse_directions(block, meta, len(g)))
            where.append(rows)
            metas.append(meta)
            headers.append(header)
        if read_voltage is not None:  # once the file is read as one: a table under 'Key: value' lines is refused
            # for its structure with the option as without it (probe 26a, D26-4)
            raise NoReadCurrents(source, "is an instrument pulse train, whose reads are resistances at the "
                                         "header's read voltage; a read voltage applies to tables of read currents")
        meta = dict(metas[0])
        block_names = block_cycles(parts, headers, notes)
        if len(parts) > 1:
            meta["cycles"] = len(parts)
            blocks_read = (metas, settings_conflict(metas, headers))
    else:
        table = parse_table(lines, source, terminated, read_voltage=read_voltage)
        values, where, names = table.cycles, [table.lines[:c.size] for c in table.cycles], table.names
        if table.lines and isinstance(table.lines[0], list):  # long format: each cycle's own lines
            where = table.lines
        directions = [None if table.directions is None else table.directions[:c.size] for c in table.cycles]
        meta = table.metadata
        if read_voltage is not None:
            meta["read_voltage"] = read_voltage
    if not allow_outliers:
        # Reads in measured order: a depressing train continues from the potentiating one.
        for k, g in enumerate(values):
            i = checks.find_outlier(g)
            message = None if i is None else checks.outlier_message(g, i)
            if i is None:
                ends = {rising} if directions[k] is None else {d > 0 for d in directions[k][-3:]}  # last branch
                i = checks.find_spike(g, rising=ends.pop() if len(ends) == 1 else None)  # its late switch loads
                if i is not None and directions[k] is None and checks.find_restart(g, rising) == i - 1:
                    continue  # the first read of a next cycle, a decade below the last: refused as that below
                message = None if i is None else checks.spike_message(g, i, lines=where[k])
            if i is not None:
                raise DeviceFileError(source if len(values) == 1 else f"{source} (cycle {k + 1})", message,
                                      where[k][i])
    odd = checks.odd_cycle(values)
    if odd is not None:
        k, level, others = odd
        raise DeviceFileError(source, f"cycle {k + 1} reads a median conductance of {level:.4g} S and the other "
                                      f"cycle{'s' if len(values) > 2 else ''} {others:.4g} S, "
                                      f"{max(level / others, others / level):.3g} times apart, more than the "
                                      f"{checks.CYCLE_LEVEL_FACTOR:g} times that cycles of one device may be: is one "
                                      "column another quantity, or in another unit? Name its unit in the header, or "
                                      "drop the column")
    return _Reads(values, directions, where, meta, digest, *blocks_read, names=names, block_names=block_names)


def default_device() -> DeviceCurve:
    """The project's embedded default device, read through :func:`load_device`.

    A synthetic pulse train in the instrument format, generated by
    ``scripts/make_default_device.py`` from a stretched-exponential fit to a
    measured LSMO/Gaq3/AlOx/Co device (Shumilin et al. 2024) plus Gaussian
    pulse-to-pulse noise of the fitted size. 51 points (50 pulses).
    """
    return load_device(DEFAULT_DEVICE_FILE)
