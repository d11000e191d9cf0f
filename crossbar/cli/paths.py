"""The paths the command line reads and writes, as argparse types: an empty or blank one is refused, since
Path('') is '.', the current folder, which an unset shell variable would silently make a device file, an
offsets file or a study folder."""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["folder", "input_file", "study_folder"]


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
