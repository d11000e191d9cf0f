"""Probe 29c, C29-6: `train --from DIR --device NEW` of a study whose depression file moved too said only "dep.csv: no
such file", naming neither the study's depression file nor --depression-file. C29-7: a symbolic link to a point of an
unfinished sweep bypassed C28-4's refusal: `train --from`, `load_study` and `read_table` advised resuming the point,
and `montecarlo --out LINK --resume` completed it, even beside the sweep writing that very folder."""

from __future__ import annotations

import math

import pytest

import crossbar
from crossbar.studies import store
from test_hostile_probe26_cli import assert_one_line_error, run_cli


def write_curves(folder):
    rise = [1 + 0.9 * (1 - math.exp(-k / 5)) for k in range(20)]
    (folder / "pot.csv").write_text("pulse,G (uS)\n" + "".join(f"{k},{g:.6f}\n" for k, g in enumerate(rise)))
    (folder / "dep.csv").write_text("pulse,G (uS)\n" + "".join(f"{k},{2.9 - g:.6f}\n" for k, g in enumerate(rise)))


def test_a_moved_depression_file_is_named_as_the_studys_with_the_option(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_curves(tmp_path)
    code, out, err = run_cli(capsys, "montecarlo", "--device", "pot.csv", "--depression-file", "dep.csv", "--rule",
                             "two-way", "--trials", "6", "--max-epochs", "20", "--quiet", "--out", "m")
    assert code == 0, err
    (tmp_path / "sub").mkdir()
    for name in ("pot.csv", "dep.csv"):
        (tmp_path / name).rename(tmp_path / "sub" / name)
    code, out, err = run_cli(capsys, "train", "--from", "m", "--trial", "2", "--device", "sub/pot.csv")
    assert_one_line_error(code, out, err, "crossbar: error: the study used the depression file 'dep.csv', which is "
                                          "not there; give where it now lies (--depression-file FILE)")
    code, out, err = run_cli(capsys, "train", "--from", "m", "--trial", "2", "--device", "sub/pot.csv",
                             "--depression-file", "sub/dep.csv")
    assert code == 0 and "replay     trial 2" in out, err


@pytest.fixture
def unfinished_sweep(tmp_path):
    """A sweep whose first point has its first chunks and no more (stopped from its callback), and a link to it."""
    base = crossbar.Study(trials=400, chunk_size=100, setting=crossbar.TrainingSetting(max_epochs=20))

    def stop(point, chunk, table):
        if chunk == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        crossbar.run_sweep(base, crossbar.Grid(beta=[1e7, 3e7]), out=tmp_path / "s", callback=stop, progress=False)
    (tmp_path / "lk").mkdir()
    (tmp_path / "lk" / "pt").symlink_to(tmp_path / "s" / "points" / "point_0000")
    return tmp_path


def test_a_link_to_a_point_of_an_unfinished_sweep_is_named_as_the_sweeps(unfinished_sweep, capsys, monkeypatch):
    monkeypatch.chdir(unfinished_sweep)
    sweep = unfinished_sweep / "s"
    said = f"lk/pt: a point of the sweep in {sweep}, which is not complete; complete the sweep (run it again with "
    for read in (crossbar.load_study, store.read_table):
        with pytest.raises(store.StoreError) as caught:
            read("lk/pt")
        assert str(caught.value) == said + "resume=True)"
    code, out, err = run_cli(capsys, "train", "--from", "lk/pt", "--trial", "3")
    assert_one_line_error(code, out, err, "crossbar: error: " + said + "--resume)")


def test_a_study_is_never_resumed_into_a_sweeps_point_through_a_link(unfinished_sweep, capsys, monkeypatch):
    monkeypatch.chdir(unfinished_sweep)
    chunks = sorted((unfinished_sweep / "s" / "points" / "point_0000" / "chunks").iterdir())
    code, out, err = run_cli(capsys, "montecarlo", "--trials", "400", "--chunk-size", "100", "--beta", "1e7",
                             "--max-epochs", "20", "--quiet", "--out", "lk/pt", "--resume")
    assert_one_line_error(code, out, err, "crossbar: error: --out lk/pt: inside the saved sweep in s (sweep.json), "
                                          "whose --resume would refuse a folder of another run; expected a folder "
                                          "outside it")
    assert sorted((unfinished_sweep / "s" / "points" / "point_0000" / "chunks").iterdir()) == chunks
