"""Probe 30c, C30-1: a worker ended by SIGTERM from outside was reported under another worker's pid, one the pool
ended with SIGTERM after it (every ended worker then has the same exit code, and the first in the pool's order was
named)."""

from __future__ import annotations

from types import SimpleNamespace

from crossbar.studies.workers import WorkerLost


def _pool(*exitcodes):
    return [SimpleNamespace(pid=100 + k, exitcode=code) for k, code in enumerate(exitcodes)]


def test_of_several_ended_by_sigterm_none_is_named_as_the_one():
    text = str(WorkerLost(_pool(-15, -15)))
    assert text.startswith("a worker process (one of 100, 101: the pool ends the others so) was ended by SIGTERM "
                           "(ended from outside) in the middle of a chunk"), text
    assert "worker process 100 was" not in text


def test_a_lone_sigterm_or_another_signal_is_named_by_its_pid():
    assert str(WorkerLost(_pool(None, -15))).startswith("worker process 101 was ended by SIGTERM (ended from outside)")
    assert str(WorkerLost(_pool(-15, -9))).startswith("worker process 101 was ended by SIGKILL (killed from outside")
    assert str(WorkerLost(_pool(-15, -11))).startswith("worker process 101 was ended by SIGSEGV (a fault")


def _saved(tmp_path):
    from crossbar import TrainingSetting
    from crossbar.studies import Study, run_study

    study = Study(trials=20, chunk_size=10, seed=1, setting=TrainingSetting(max_epochs=5))
    run_study(study, out=tmp_path / "s", progress=False)
    return study


def _vanishing(path):
    raise FileNotFoundError(2, "No such file or directory", str(path / "chunks" / ".chunk_000001-ab.npy.tmp-8350"))


def test_a_resume_beside_a_running_study_is_told_another_run_writes_it_not_a_vanished_temporary(tmp_path,
                                                                                                monkeypatch):
    """C30-5: '--resume' beside a writer (through a link) ended 'lk/m/chunks/.chunk_...tmp-8350: No such file or
    directory': the folder's files were listed before its lock was tried, and a writer's temporary vanished."""
    import pytest

    from crossbar.studies import integrity, run_study
    from crossbar.studies.lock import FolderLock, LockedError

    study = _saved(tmp_path)
    (tmp_path / "link").symlink_to(tmp_path / "s")
    monkeypatch.setattr(integrity, "study_entries", _vanishing)
    writer = FolderLock(tmp_path / "s").acquire()  # another run holds the folder
    try:
        with pytest.raises(LockedError, match="link: another crossbar run is writing this folder"):
            run_study(study, out=tmp_path / "link", resume=True, progress=False)
    finally:
        writer.release()


def test_a_writer_that_takes_the_lock_during_the_listing_is_named_too(tmp_path, monkeypatch):
    import pytest

    from crossbar.studies import folders, integrity, run_study
    from crossbar.studies.lock import LockedError

    study = _saved(tmp_path)
    answers = iter([False, True])  # free when first asked, held once the listing met the writer's temporary
    monkeypatch.setattr(folders, "held_elsewhere", lambda path: next(answers))
    monkeypatch.setattr(integrity, "study_entries", _vanishing)
    with pytest.raises(LockedError, match="another crossbar run is writing this folder"):
        run_study(study, out=tmp_path / "s", resume=True, progress=False)
    monkeypatch.setattr(folders, "held_elsewhere", lambda path: False)  # no writer: the error is the file's
    with pytest.raises(ValueError, match=r"the folder cannot be made or written: No such file or directory \("):
        run_study(study, out=tmp_path / "s", resume=True, progress=False)
