"""Probe 31c, C31-7: a sweep's point whose chunks were all saved, the sweep stopped before it summarised the point
(no index.json, offsets/ or trials.npy yet): load_study read it, `train --from` refused it as "a point of the sweep
..., which is not complete". A study whose every chunk is saved is complete for both."""

from __future__ import annotations

import json
import shutil

import pytest

from crossbar.cli import main

SWEEP = ["sweep", "--beta", "1e7,6e7", "--trials", "20", "--chunk-size", "10", "--max-epochs", "20", "--quiet"]


def _unsummarised(point, sweep):
    for name in ("summary.json", "trials.npy", "index.json"):
        (point / name).unlink()
    shutil.rmtree(point / "offsets")
    for name in ("sweep.csv", "index.json"):
        (sweep / name).unlink()


def _replay(capsys, folder, trial):
    capsys.readouterr()
    assert main(["train", "--from", str(folder), "--trial", str(trial), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def sweeps(tmp_path):
    assert main([*SWEEP, "--out", str(tmp_path / "whole")]) == 0
    shutil.copytree(tmp_path / "whole", tmp_path / "cut")
    _unsummarised(tmp_path / "cut" / "points" / "point_0001", tmp_path / "cut")
    return tmp_path / "whole" / "points" / "point_0001", tmp_path / "cut" / "points" / "point_0001"


def test_train_from_replays_a_point_whose_chunks_are_saved_as_from_the_summarised_one(sweeps, capsys):
    from crossbar import load_study

    whole, cut = sweeps
    assert load_study(cut).table.size == 20
    for trial in (0, 13):
        was, now = _replay(capsys, whole, trial), _replay(capsys, cut, trial)
        was["parameters"].pop("from"), now["parameters"].pop("from")
        assert now == was


def test_a_point_with_a_chunk_missing_is_still_refused(sweeps, capsys):
    _, cut = sweeps
    next((cut / "chunks").glob("chunk_000001-*.npy")).unlink()
    capsys.readouterr()
    assert main(["train", "--from", str(cut), "--trial", "3"]) == 2
    assert "which is not complete" in capsys.readouterr().err
