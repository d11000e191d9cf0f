"""The paths the command line reads and writes, and the Dask scheduler it may run on, as argparse types: an
empty or blank one is refused, since Path('') is '.', the current folder, which an unset shell variable would
silently make a device file, an offsets file or a study folder. An --out inside another run's folder, or a symbolic
link that leads nowhere, or a file, is refused (:func:`out_problem`), and so is a --device name that is both a preset and a file
here (:func:`device_name`)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..devices.presets import PRESETS as DEVICE_PRESETS
from ..studies.folders import broken_link, enclosing_run
from ..studies.integrity import up_from_nothing
from ..studies.workers import ExecutorError, check_dask_address

__all__ = ["device_name", "names_preset", "folder", "input_file", "study_folder", "dask_address", "out_problem",
           "takes_path"]


def takes_path(read):
    """Marks `read`, an argparse type, as reading a path: an option of that type is given a value starting with '-' as
    ``./-x`` too (:func:`crossbar.cli.path_options`), which a new path option then cannot miss."""
    read.takes_path = True
    return read


def _path(text, expected):
    """`text` as a Path, refused if empty or blank: Path('') is '.', the current directory, which an empty
    shell variable would silently make a device file, an offsets file or a study folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"is empty; expected {expected}")
    return Path(text)


def names_preset(path):
    """Whether ``--device PATH`` names a preset: ``preset:NAME``, or a preset's name where no file has it (' ag-si', a
    name padded by shell quoting, is the preset unless a file has that very name)."""
    if path is None:
        return False
    text = str(path)
    name = (text[len("preset:"):] if text.startswith("preset:") else text).strip()
    return text.startswith("preset:") or (name in DEVICE_PRESETS and not Path(text).is_file())


@takes_path
def device_name(text):
    """--device's value, a device file or a preset name. A bare name that is both (a preset's, and a file's in the
    current folder) is refused, saying how to pick each: the file silently won, so that a stray ./pcmo trained on
    a 6-point curve where the user meant the preset. A path (./pcmo, data/pcmo) is a file and ``preset:NAME`` a
    preset, whatever else exists; a folder of a preset's name does not hide the preset."""
    name = text.strip()
    if name in DEVICE_PRESETS and (Path(text).is_file() or Path(name).is_file()):  # ' ag-si' beside a file ag-si
        file = text if Path(text).is_file() else name  # silently trained the preset (probe 31c, C31-11)
        raise argparse.ArgumentTypeError(
            f"{text!r} is both a device preset and a file in the current folder; give --device ./{file} for the "
            f"file or --device preset:{name} for the preset")
    return text


@takes_path
def folder(text):
    """An output folder."""
    return _path(text, "a folder for the results (e.g. --out results)")


@takes_path
def input_file(text):
    """A file to read (--depression-file, --shifts)."""
    return _path(text, "the path of a file")


@takes_path
def study_folder(text):
    """A saved study's folder to read (--from)."""
    path = _path(text, "the folder of a saved study")
    if why := up_from_nothing(os.fspath(path)):
        raise argparse.ArgumentTypeError(f"{why}; expected the folder of a saved study without that detour")
    return path


def dask_address(text):
    """--dask's value, checked as the option (the API's check would name its argument, executor)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty; expected a scheduler address such as tcp://host:8786, or 'local'")
    try:
        return check_dask_address(text, "--dask")
    except ExecutorError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--dask: ")) from None


def out_problem(out, overwrite=False):
    """Why --out `out` cannot take a run, in the option's words, or None: it lies inside a saved (or running) study
    or sweep (:func:`.folders.enclosing_run`), or it or a folder above it is a symbolic link to a missing folder or
    a loop of links (:func:`.folders.broken_link`; mkdir said 'File exists'), unless `overwrite`, which refuses any
    link as it is. An --out that is a file, or below one, the API refuses naming ``out = '...'``, which the error
    line reads as --out (:func:`.guard.folder_options`)."""
    if out is None:
        return None
    if why := enclosing_run(out):
        return f"--out {out}: {why}"
    why = None if overwrite else broken_link(out)
    return None if why is None else f"--out {out}: {why}; expected a writable folder"
