"""MNIST's IDX files (optionally gzipped) read whole or refused naming the argument and the file: the reader
behind :func:`crossbar.tasks.mnist` for a user's own MNIST files."""

from __future__ import annotations

import gzip
import io
import os
import stat
import zlib
from pathlib import Path

import numpy as np

__all__ = ["IDX_LIMIT", "idx_path", "read_idx"]

#: The largest MNIST file read, bytes, before and after gunzip (the full training images: 47 MB).
IDX_LIMIT = 256 * 2**20


def idx_path(path, name):
    """Argument `name` as a Path, or TypeError / ValueError naming it: what no file can be."""
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError(f"{name} must be a file path (str or Path), got {type(path).__name__}")
    text = os.fsdecode(path)
    if not text:
        raise ValueError(f"{name} = '': expected the path of an MNIST IDX file")
    if "\0" in text:
        raise ValueError(f"{name} = {text!r}: a file path holds no NUL character")
    return Path(text)


def read_idx(path, dims, name):
    """The array of IDX file `path` (MNIST's own format, optionally gzipped) with `dims` dimensions;
    ValueError naming the argument `name` and the file."""
    where = f"{name} = {path}"
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{where}: not a regular file (an MNIST IDX file is expected)")
        if info.st_size > IDX_LIMIT:
            raise ValueError(f"{where}: {info.st_size:,} bytes, more than the {IDX_LIMIT:,} an MNIST file can take")
        with path.open("rb") as handle:
            raw = handle.read(IDX_LIMIT + 1)
        if raw[:2] == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as unzipped:
                raw = unzipped.read(IDX_LIMIT + 1)
    except OSError as exc:  # gzip's BadGzipFile is one
        raise ValueError(f"{where}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    except (EOFError, zlib.error) as exc:
        raise ValueError(f"{where}: a damaged gzip file ({exc})") from None
    if len(raw) > IDX_LIMIT:
        raise ValueError(f"{where}: more than {IDX_LIMIT:,} bytes once unzipped, more than an MNIST file holds")
    if len(raw) < 4 + 4 * dims or raw[:2] != b"\0\0" or raw[2] != 0x08 or raw[3] != dims:
        raise ValueError(f"{where}: not an MNIST IDX file of unsigned bytes with {dims} dimension(s) "
                         f"(expected the magic number 0x0000080{dims})")
    shape = tuple(int.from_bytes(raw[4 + 4 * k: 8 + 4 * k], "big") for k in range(dims))
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims)
    if data.size != int(np.prod(shape, dtype=object)):
        raise ValueError(f"{where}: its header says {shape}, its data hold {data.size} bytes: cut short?")
    return data.reshape(shape)
