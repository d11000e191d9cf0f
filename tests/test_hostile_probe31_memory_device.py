"""Probe 31c, C31-5: a study of a DeviceCurve made in memory (its source '') was refused by load_study as "from '',
which is not there; give the device file (--device FILE)": no path, no file, and a command-line option told to an API
caller. The refusal says the curve was made in memory, names device=, and that the command line cannot replay it."""

from __future__ import annotations

import pytest


@pytest.fixture
def saved(tmp_path):
    import crossbar
    from crossbar import DeviceCurve, Study, TrainingSetting, run_study

    curve = DeviceCurve(crossbar.default_device().conductance * 1.2, name="memdev")
    study = Study(device=curve, trials=10, chunk_size=10, seed=1, setting=TrainingSetting(max_epochs=5))
    run_study(study, out=tmp_path / "s", progress=False)
    return tmp_path / "s", curve


def test_load_study_names_the_curve_made_in_memory_and_device(saved):
    from crossbar import load_study
    from crossbar.studies import StoreError

    folder, curve = saved
    with pytest.raises(StoreError) as caught:
        load_study(folder)
    text = str(caught.value)
    assert "a DeviceCurve made in memory" in text and "device=" in text, text
    assert "from ''" not in text and "--device FILE" not in text, text
    assert load_study(folder, device=curve).table.size == 10  # what it advises is taken


def test_train_from_says_the_command_line_cannot_replay_it(saved, capsys):
    from crossbar.cli import main

    folder, _ = saved
    assert main(["train", "--from", str(folder)]) == 2
    line = capsys.readouterr().err
    assert "made in memory" in line and "the command line cannot replay" in line, line
    assert "--device FILE" not in line, line
