"""The paths the command line reads and writes, and the Dask scheduler it may run on, as argparse types: an
empty or blank one is refused, since Path('') is '.', the current folder, which an unset shell variable would
silently make a device file, an offsets file or a study folder. An --out inside another run's folder is refused
(:func:`nested_out`)."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from ..studies.integrity import STUDY_FORMAT, SWEEP_FORMAT
from ..studies.workers import ExecutorError, check_dask_address

__all__ = ["folder", "input_file", "study_folder", "dask_address", "nested_out"]


def _path(text, expected):
    """`text` as a Path, refused if empty or blank: Path('') is '.', the current directory, which an empty
    shell variable would silently make a device file, an offsets file or a study folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"is empty; expected {expected}")
    return Path(text)


def folder(text):
    """An output folder."""
    return _path(text, "a folder for the results (e.g. --out results)")


def input_file(text):
    """A file to read (--depression-file, --shifts)."""
    return _path(text, "the path of a file")


def study_folder(text):
    """A saved study's folder to read (--from)."""
    return _path(text, "the folder of a saved study")


def dask_address(text):
    """--dask's value, checked as the option (the API's check would name its argument, executor)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty; expected a scheduler address such as tcp://host:8786, or 'local'")
    try:
        return check_dask_address(text, "--dask")
    except ExecutorError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--dask: ")) from None


def nested_out(out):
    """Why --out `out` lies inside a saved (or running) study or sweep, or None: that run's --resume would then
    refuse the folder it does not know (a study's folder holds its own files only)."""
    if out is None:
        return None
    for parent in Path(os.path.abspath(out)).parents:
        for name, fmt, kind in (("manifest.json", STUDY_FORMAT, "study"), ("sweep.json", SWEEP_FORMAT, "sweep")):
            if _format_of(parent / name) == fmt:
                return (f"--out {out}: inside the saved {kind} in {os.path.relpath(parent)} ({name}), whose --resume "
                        "would refuse a folder of another run; expected a folder outside it")
    return None


def _format_of(path):
    """The "format" of the JSON file `path` (a crossbar manifest names its own), or None: no such file, or
    another program's manifest.json."""
    try:
        if path.stat().st_size > 1 << 24:
            return None
        return json.loads(path.read_bytes()).get("format")
    except (OSError, ValueError, AttributeError):
        return None
