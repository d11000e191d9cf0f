"""The API's writers refuse a path whose rename would replace rather than write it (probe 31c, C31-18: data destroyed).
`SweepResult.to_csv(path)` wrote a temporary and renamed it over whatever was there: a symbolic link (replaced, its
target never written), a FIFO, a device node (as root it replaced /dev/full with a regular file); 'sub/' wrote a file
named sub. It now goes through the checks the device writers use (`devices.checks.write_whole`), which gain these."""

import os
import stat

import numpy as np
import pytest

from crossbar import Grid, Study, run_sweep
from crossbar.devices.offset_files import write_offsets


@pytest.fixture(scope="module")
def sweep():
    return run_sweep(Study(trials=4, chunk_size=4), Grid(beta=[1e7, 6e7]), progress=False)


WRITERS = {"to_csv": lambda sweep, path: sweep.to_csv(path),
           "write_offsets": lambda sweep, path: write_offsets(path, np.full((3, 2), 1e-7))}


def _places(tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("mine\n")
    (tmp_path / "link.csv").symlink_to(target)
    os.mkfifo(tmp_path / "fifo.csv")
    (tmp_path / "sub").mkdir()
    return target


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("name, said", [("link.csv", "is a symbolic link"), ("fifo.csv", "is no regular file"),
                                        ("sub", "is a directory"), ("new/", "is a directory")])
def test_a_path_the_rename_would_replace_is_refused_and_left_as_it_was(tmp_path, sweep, writer, name, said):
    target = _places(tmp_path)
    before = {p.name: os.lstat(p).st_mode for p in tmp_path.iterdir()}
    path = str(tmp_path / name) + ("/" if name.endswith("/") else "")
    with pytest.raises(ValueError, match=rf"^path '.*{name.rstrip('/')}/?' {said}"):
        WRITERS[writer](sweep, path)
    assert {p.name: os.lstat(p).st_mode for p in tmp_path.iterdir()} == before
    assert target.read_text() == "mine\n" and stat.S_ISFIFO(os.lstat(tmp_path / "fifo.csv").st_mode)


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_regular_file_or_a_new_path_is_written_whole(tmp_path, sweep, writer):
    target = _places(tmp_path)
    WRITERS[writer](sweep, target)
    WRITERS[writer](sweep, tmp_path / "fresh.csv")
    assert target.read_bytes() == (tmp_path / "fresh.csv").read_bytes() != b"mine\n"
