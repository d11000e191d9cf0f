"""Probe 27c, C27-4: `read_table` of a path that is no study folder said "no trials.npy or trials.csv; the study is
not complete (run it again with resume=True)" -- for a missing folder, a file (the study's own trials.npy), an empty or
foreign folder, a loop of links and /dev/null -- telling the user to resume a study that does not exist or is
complete. It refuses as `load_study` does; a real study folder without its table still says it is not complete.
C27-8: `--resume` after the device file was replaced under its name said "holds a different study (device.g0 ...);
use --overwrite to replace it", naming no file and advising to delete the study: it says the file changed."""

from __future__ import annotations

import os

import pytest

import crossbar as cb
from crossbar import cli
from crossbar.studies import StoreError
from crossbar.studies.lock import FolderLock
from crossbar.studies.store import load_study, read_table


@pytest.fixture(scope="module")
def complete(tmp_path_factory):
    out = tmp_path_factory.mktemp("c274") / "s"
    cb.run_study(cb.Study(trials=4, chunk_size=2, seed=1), out=out, progress=False)
    return out


def refusal(call, path):
    with pytest.raises(StoreError) as info:
        call(path)
    return str(info.value)


@pytest.mark.parametrize("where, said", [
    ("missing", "missing: no such folder, expected a crossbar Monte Carlo study folder"),
    ("s/trials.npy", "trials.npy: is a file, expected a crossbar Monte Carlo study folder"),
    ("s/manifest.json", "manifest.json: is a file, expected a crossbar Monte Carlo study folder"),
    ("user.txt", "user.txt: is a file, expected a crossbar Monte Carlo study folder"),
    ("empty", "empty: no manifest.json; not a crossbar Monte Carlo study folder"),
    ("loop", "loop: is a loop of symbolic links, expected a crossbar Monte Carlo study folder"),
    ("/dev/null", "/dev/null: is not a folder, expected a crossbar Monte Carlo study folder"),
])
def test_read_table_of_no_study_folder_refuses_as_load_study_does(complete, monkeypatch, where, said):
    monkeypatch.chdir(complete.parent)
    if not os.path.exists("user.txt"):
        open("user.txt", "w").write("mine\n")
        os.mkdir("empty")
        os.symlink("loop", "loop")
    message = refusal(read_table, where)
    assert said in message and "resume" not in message and "not complete" not in message, message
    assert message == refusal(load_study, where)  # the same words as its neighbour


def test_read_table_of_a_sweep_folder_names_its_points_and_of_a_study_without_table_says_incomplete(complete,
                                                                                                       tmp_path):
    cb.run_sweep(cb.Study(trials=2, chunk_size=2, seed=1), cb.Grid(beta=[1e7, 2e7]), out=tmp_path / "w",
                 progress=False)
    message = refusal(read_table, tmp_path / "w")
    assert "not a crossbar Monte Carlo study folder but a sweep's" in message and "resume" not in message, message
    part = tmp_path / "part"  # a study's folder without its table: that one is not complete
    part.mkdir()
    (part / "manifest.json").write_bytes((complete / "manifest.json").read_bytes())
    assert "no trials.npy or trials.csv; the study is not complete" in refusal(read_table, part)


def test_read_table_of_a_study_another_run_is_writing_says_so(complete):
    with FolderLock(complete):  # it said "not complete, run it again with resume=True", which the lock refuses
        assert "another crossbar run is writing this study" in refusal(read_table, complete)
    assert read_table(complete)["trial"].tolist() == [0, 1, 2, 3]


# ------------------------------------------------------------------ C27-8: a device file replaced under its name

def curve_file(path, factor):
    rows = "".join(f"{i},{float(g) * factor!r}\n" for i, g in enumerate(cb.default_device().conductance))
    path.write_text("pulse,G (S)\n" + rows)


@pytest.mark.parametrize("command, extra", [("montecarlo", []), ("sweep", ["--beta", "1e8,2e8"])])
def test_resume_after_the_device_file_changed_names_the_file_not_overwrite(tmp_path, monkeypatch, capsys, command,
                                                                          extra):
    monkeypatch.chdir(tmp_path)
    curve_file(tmp_path / "dev.csv", 2.0)
    argv = [command, "--device", "dev.csv", *extra, "--trials", "4", "--chunk-size", "4", "--quiet", "--out", "st"]
    assert cli.main(argv + ["--max-epochs", "3"]) == 0
    capsys.readouterr()
    before = sorted(p.name for p in (tmp_path / "st").rglob("*"))
    curve_file(tmp_path / "dev.csv", 1e-3)  # the same name, the curve x 1e-3
    assert cli.main(argv + ["--max-epochs", "3", "--resume"]) == 2
    out, err = capsys.readouterr()
    kind = "study" if command == "montecarlo" else "sweep"
    assert out == "" and err.count("\n") == 1, err
    assert f"st: its device file dev.csv changed since the {kind} was made (device.g0: " in err, err
    assert f"give the file the {kind} read to resume it, or another --out (--overwrite deletes the saved {kind})" in err
    assert sorted(p.name for p in (tmp_path / "st").rglob("*")) == before
    curve_file(tmp_path / "dev.csv", 2.0)  # the file back, another setting: a different study, as it said
    assert cli.main(argv + ["--max-epochs", "4", "--resume"]) == 2
    assert "holds a different" in capsys.readouterr().err


def test_the_api_says_the_device_file_changed_too(tmp_path):
    curve_file(tmp_path / "dev.csv", 2.0)
    study = cb.Study(device=cb.load_device(tmp_path / "dev.csv"), trials=2, chunk_size=2, seed=1)
    cb.run_study(study, out=tmp_path / "s", progress=False)
    curve_file(tmp_path / "dev.csv", 1e-3)
    with pytest.raises(StoreError, match=r"its device file .*dev.csv changed since the study was made .*"
                                         r"or another out \(overwrite=True deletes the saved study\)"):
        cb.run_study(study.replace(device=cb.load_device(tmp_path / "dev.csv")), out=tmp_path / "s", resume=True,
                     progress=False)
