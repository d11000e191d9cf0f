"""Probe 31c, C31-13: Ctrl-C or SIGTERM of `montecarlo --overwrite` (another seed) before it removed anything said
"finished chunks are saved in DIR: complete with --resume", but DIR still held the previous study, untouched, and the
--resume it advised was refused as "holds a different study (seed: 8 there, 9 now)"."""

from __future__ import annotations

import os

import pytest

from crossbar.cli import main

STUDY = ["montecarlo", "--trials", "20", "--chunk-size", "10", "--max-epochs", "5", "--quiet"]


def _stopped(monkeypatch, module, name, before=lambda: None):
    def run(*args, **kwargs):
        before()
        raise KeyboardInterrupt

    monkeypatch.setattr(module, name, run)


@pytest.fixture
def saved(tmp_path):
    assert main([*STUDY, "--seed", "8", "--out", str(tmp_path / "s")]) == 0
    return tmp_path / "s"


def test_a_stop_before_the_removal_says_the_previous_study_is_there_unchanged(saved, monkeypatch, capsys):
    from crossbar.cli import montecarlo

    files = sorted(os.listdir(saved / "chunks"))
    capsys.readouterr()
    _stopped(monkeypatch, montecarlo, "run_study")
    assert main([*STUDY, "--seed", "9", "--out", str(saved), "--overwrite"]) == 130
    line = capsys.readouterr().err
    assert f"{saved} still holds the previous study, unchanged" in line, line
    assert "--resume" not in line, line
    assert sorted(os.listdir(saved / "chunks")) == files


def test_a_stop_during_the_removal_says_part_of_it_is_there(saved, monkeypatch, capsys):
    from crossbar.cli import montecarlo

    first = sorted(os.listdir(saved / "chunks"))[0]
    capsys.readouterr()
    _stopped(monkeypatch, montecarlo, "run_study", lambda: os.unlink(saved / "chunks" / first))
    assert main([*STUDY, "--seed", "9", "--out", str(saved), "--overwrite"]) == 130
    line = capsys.readouterr().err
    assert f"{saved} holds part of the previous study" in line, line
    assert "--resume" not in line and "unchanged" not in line, line


def test_a_stop_of_the_same_study_still_advises_resume(saved, monkeypatch, capsys):
    from crossbar.cli import montecarlo

    capsys.readouterr()
    _stopped(monkeypatch, montecarlo, "run_study")
    assert main([*STUDY, "--seed", "8", "--out", str(saved), "--overwrite"]) == 130
    line = capsys.readouterr().err
    assert f"finished chunks are saved in {saved}: complete with --resume" in line, line


def test_a_sweep_stopped_before_its_overwrite_says_so_too(tmp_path, monkeypatch, capsys):
    from crossbar.cli import sweep

    sweep_args = ["sweep", "--beta", "1e8,2e8", "--trials", "10", "--chunk-size", "10", "--max-epochs", "3",
                  "--out", str(tmp_path / "w")]
    assert main([*sweep_args, "--seed", "1"]) == 0
    capsys.readouterr()
    _stopped(monkeypatch, sweep, "run_sweep")
    assert main([*sweep_args, "--seed", "2", "--overwrite"]) == 130
    line = capsys.readouterr().err
    assert f"{tmp_path / 'w'} still holds the previous sweep, unchanged" in line, line
