"""Probe 25c, C25-1: a study's device file replaced by a folder, a FIFO or a symbolic-link loop was said to be "not
there" by ``--from`` and ``load_study``, while ``--device`` named what is there; now both name it."""

import os
import re
import shutil
from pathlib import Path

import pytest

import crossbar as cb
from crossbar.studies.integrity import StoreError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    where = tmp_path_factory.mktemp("c25_1")
    device = where / "d.csv"
    shutil.copy(ROOT / "data" / "example_reram_cycles.csv", device)
    curve = cb.load_device(device, read_voltage=0.1)
    cb.run_study(cb.Study(device=curve, trials=4, chunk_size=2, setting=cb.TrainingSetting(max_epochs=3)),
                 out=where / "s")
    return where


@pytest.mark.parametrize("kind, said", [("folder", "which is a directory;"),
                                        ("fifo", "which is a FIFO (named pipe), not a regular file;"),
                                        ("loop", "which cannot be read (Too many levels of symbolic links);"),
                                        ("gone", "which is not there;")])
def test_what_lies_where_the_device_file_was_is_named(study, kind, said):
    device = study / "d.csv"
    saved = device.read_bytes()
    device.unlink()
    {"folder": device.mkdir, "fifo": lambda: os.mkfifo(device), "loop": lambda: device.symlink_to(device.name),
     "gone": lambda: None}[kind]()
    try:
        with pytest.raises(StoreError, match=re.escape(f"the study used device 'd' from {str(device)!r}, {said} give "
                                                       "the device file (--device FILE)")):
            cb.load_study(study / "s")
    finally:
        if device.is_dir() and not device.is_symlink():
            device.rmdir()
        elif os.path.lexists(device):
            device.unlink()
        device.write_bytes(saved)
    assert cb.load_study(study / "s").study.device.name == "d"  # and the file back in its place loads it again
