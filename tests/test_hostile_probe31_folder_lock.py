"""Probe 31c, C31-6: a new run (no --resume, no --overwrite) on a folder another run was writing was told "output folder
exists; use --resume to complete it or --overwrite to start again", and both were then refused by the other run's
lock. The lock is named first, as it is for --resume and --overwrite."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _saved(tmp_path):
    from crossbar import TrainingSetting
    from crossbar.studies import Study, run_study

    study = Study(trials=20, chunk_size=10, seed=1, setting=TrainingSetting(max_epochs=5))
    run_study(study, out=tmp_path / "s", progress=False)
    return study


@pytest.mark.parametrize("how", [{}, {"resume": True}, {"overwrite": True}])
def test_every_run_beside_a_writer_is_refused_naming_the_writer(tmp_path, how):
    from crossbar.studies import run_study
    from crossbar.studies.lock import FolderLock, LockedError

    study = _saved(tmp_path)
    writer = FolderLock(tmp_path / "s").acquire()  # another run holds the folder
    try:
        with pytest.raises(LockedError, match="another crossbar run is writing this folder") as caught:
            run_study(study.replace(seed=2), out=tmp_path / "s", progress=False, **how)
        assert "resume=True" not in str(caught.value)
    finally:
        writer.release()
    assert sorted(os.listdir(tmp_path / "s" / "chunks")) != []  # the writer's study is untouched


def test_a_sweep_beside_a_writer_is_refused_naming_the_writer(tmp_path):
    from crossbar import TrainingSetting
    from crossbar.studies import Grid, Study, run_sweep
    from crossbar.studies.lock import FolderLock, LockedError

    base, grid = Study(trials=10, chunk_size=10, seed=1, setting=TrainingSetting(max_epochs=3)), Grid(beta=[1e8, 2e8])
    run_sweep(base, grid, out=tmp_path / "w", progress=False)
    writer = FolderLock(tmp_path / "w").acquire()
    try:
        with pytest.raises(LockedError, match="another crossbar run is writing this folder"):
            run_sweep(base, grid, out=tmp_path / "w", progress=False)
    finally:
        writer.release()


def test_the_command_line_names_the_other_run_not_resume(tmp_path):
    from crossbar.studies.lock import FolderLock

    _saved(tmp_path)
    writer = FolderLock(tmp_path / "s").acquire()
    try:
        done = subprocess.run([sys.executable, "-m", "crossbar", "montecarlo", "--trials", "10", "--out",
                               str(tmp_path / "s")], capture_output=True, text=True, timeout=300)
    finally:
        writer.release()
    assert done.returncode == 2, done.stderr
    assert "another crossbar run is writing this folder" in done.stderr, done.stderr
    assert "--resume" not in done.stderr, done.stderr
