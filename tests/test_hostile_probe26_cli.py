"""Probe 25c's leftovers in the command line and the study folders ("noticed and left alone"): the table format of
a resumed study, a task option out of its range on a sweep's task axis, `device` and `measured` on a sweep's --c2c
axis, a lock file of the wrong kind, a sweep folder given where a study's is wanted, and what --c2c measured with
--cycle K measures."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest

import crossbar as cb
from crossbar import cli
from crossbar.devices import DATA_DIR
from crossbar.devices.presets import measured_c2c
from crossbar.studies import StoreError
from crossbar.studies.store import read_table

CYCLES = DATA_DIR / "example_reram_cycles.csv"
QUICK = ["--trials", "8", "--chunk-size", "4", "--max-epochs", "5", "--quiet"]


def run_cli(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code, out, err, *parts):
    assert code == 2, (code, err)
    assert out == "" and "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("crossbar: error: "), err
    for part in parts:
        assert part in err, err


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


# ------------------------------------------------------------------ 1: the table format of a resumed study

def test_resume_with_another_table_format_is_refused_naming_both_and_leaves_the_folder(tmp_path, capsys):
    """It wrote trials.csv beside the study's trials.npy: two tables of one study."""
    out = tmp_path / "s"
    assert run_cli(capsys, "montecarlo", *QUICK, "--out", out)[0] == 0
    before = snapshot(out)
    code, stdout, err = run_cli(capsys, "montecarlo", *QUICK, "--out", out, "--resume", "--table", "csv")
    assert_one_line_error(code, stdout, err, "holds its per-trial table as trials.npy (--table npy)",
                          "resuming with --table csv", "--overwrite")
    assert snapshot(out) == before


def test_resume_without_table_keeps_the_format_the_study_was_saved_in(tmp_path, capsys):
    """A study saved with --table csv and resumed without --table got a trials.npy beside its trials.csv."""
    out = tmp_path / "s"
    assert run_cli(capsys, "montecarlo", *QUICK, "--out", out, "--table", "csv")[0] == 0
    assert run_cli(capsys, "montecarlo", *QUICK, "--out", out, "--resume")[0] == 0
    assert (out / "trials.csv").is_file() and not (out / "trials.npy").exists()
    assert read_table(out)["trial"].tolist() == list(range(8))


def test_api_resume_with_another_table_raises_and_a_sweep_keeps_its_points_format(tmp_path):
    study = cb.Study(trials=8, chunk_size=4, setting=cb.TrainingSetting(max_epochs=5), seed=1)
    cb.run_study(study, out=tmp_path / "s", table="both", progress=False)
    with pytest.raises(StoreError, match=r"trials\.npy and trials\.csv \(table = 'both'\); resuming with "
                                         r"table = 'npy'"):
        cb.run_study(study, out=tmp_path / "s", resume=True, table="npy", progress=False)
    def stop(chunk, table):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):  # unfinished: no table written yet, so any format completes it
        cb.run_study(study, out=tmp_path / "u", table="csv", progress=False, callback=stop)
    cb.run_study(study, out=tmp_path / "u", resume=True, table="npy", progress=False)
    assert (tmp_path / "u" / "trials.npy").is_file() and not (tmp_path / "u" / "trials.csv").exists()
    cb.run_study(study, out=tmp_path / "u", resume=True, table="both", progress=False)  # rewrites what it holds
    assert (tmp_path / "u" / "trials.csv").is_file()
    grid = cb.Grid(beta=[1e7, 2e7])
    cb.run_sweep(study, grid, out=tmp_path / "w", table="csv", progress=False)
    cb.run_sweep(study, grid, out=tmp_path / "w", resume=True, progress=False)
    points = sorted((tmp_path / "w" / "points").iterdir())
    assert len(points) == 2
    assert all((p / "trials.csv").is_file() and not (p / "trials.npy").exists() for p in points)


# ------------------------------------------------------------------ 2: a task option out of its range

@pytest.mark.parametrize("value, said", [
    ("letters:held_out=-1", "held_out = -1: expected an integer 0 ... 9"),
    ("letters:held_out=99", "held_out = 99: expected an integer 0 ... 9"),  # taken, then refused only when run
    ("digits:threshold=-1", "threshold = -1: expected an integer 0 ... 15"),
    ("letters:seed=-2", "seed = -2: expected an integer from 0 to 2**63 - 1"),
])
def test_a_task_option_out_of_range_names_the_value_and_the_range(value, said):
    with pytest.raises(ValueError) as caught:
        cb.Grid(task=[value])
    assert str(caught.value).startswith(f"grid axis task: {value!r}: {said}"), str(caught.value)
    assert "NAME:OPTION=INTEGER" not in str(caught.value)


# ------------------------------------------------------------------ 3: device and measured on a sweep's --c2c axis

def test_sweep_c2c_axis_takes_measured_as_train_does(tmp_path, capsys):
    code, out, err = run_cli(capsys, "sweep", *QUICK, "--device", CYCLES, "--read-voltage", "0.1",
                             "--c2c", "measured,0.01", "--out", tmp_path / "w")
    assert code == 0, err
    device = cb.load_device(CYCLES, read_voltage=0.1)
    c2c = cb.load_sweep(tmp_path / "w")["c2c"]
    assert sorted(np.asarray(c2c, float).tolist()) == sorted([measured_c2c(device), 0.01])


def test_sweep_c2c_measured_on_a_device_of_one_cycle_names_the_option(capsys):
    code, out, err = run_cli(capsys, "sweep", *QUICK, "--c2c", "measured")
    assert_one_line_error(code, out, err, "--c2c measured: device 'default_device' has one measured cycle")


# ------------------------------------------------------------------ 4: a lock file of the wrong kind

@pytest.mark.skipif(not hasattr(os, "mkfifo") or sys.platform == "win32", reason="POSIX named pipes")
def test_a_named_pipe_in_a_study_folder_is_called_one(tmp_path, capsys):
    out = tmp_path / "s"
    assert run_cli(capsys, "montecarlo", *QUICK, "--out", out)[0] == 0
    os.mkfifo(out / ".crossbar.lock")
    code, stdout, err = run_cli(capsys, "train", "--from", out, "--trial", 1)
    assert_one_line_error(code, stdout, err, ".crossbar.lock: a FIFO (named pipe) where crossbar keeps the lock")
    (out / ".crossbar.lock").unlink()
    os.mkfifo(out / "notes")
    code, stdout, err = run_cli(capsys, "train", "--from", out, "--trial", 1)
    assert_one_line_error(code, stdout, err, "notes: unexpected FIFO (named pipe) in study folder")


# ------------------------------------------------------------------ 5: a sweep folder where a study's is wanted

def test_a_sweep_folder_given_for_a_study_says_so(tmp_path, capsys):
    sweep = tmp_path / "w"
    assert run_cli(capsys, "sweep", *QUICK, "--beta", "1e7,2e7", "--out", sweep)[0] == 0
    code, out, err = run_cli(capsys, "train", "--from", sweep, "--trial", 1)
    assert_one_line_error(code, out, err, "but a sweep's (it holds sweep.json)", str(sweep / "points" / "point_0000"))
    code, out, err = run_cli(capsys, "montecarlo", *QUICK, "--out", sweep, "--resume")
    assert_one_line_error(code, out, err, "it holds sweep.json, a sweep's folder, not a study's; give another --out")
    study = tmp_path / "s"
    assert run_cli(capsys, "montecarlo", *QUICK, "--out", study)[0] == 0
    code, out, err = run_cli(capsys, "sweep", *QUICK, "--beta", "1e7,2e7", "--out", study, "--resume")
    assert_one_line_error(code, out, err, "it holds manifest.json, a study's folder, not a sweep's")


# ------------------------------------------------------------------ 6: what --c2c measured with --cycle K measures

def test_c2c_help_says_measured_takes_every_cycle_with_cycle_k(capsys):
    code, out, err = run_cli(capsys, "train", "--help")
    text = " ".join(out.split())
    assert "(all of them, with --cycle K too, over the window of the curve trained on)" in text


# ------------------------------------------------------------------ probe 26c, C26-1: paths past PATH_MAX

def deep_folder(base, total):
    """A path under `base` of `total` bytes, no component over 200 bytes (the folder fits, its files do not)."""
    parts, left = [], total - len(os.fsencode(str(base))) - 1
    while left > 201:
        parts.append("c" * 200)
        left -= 201
    parts.append("d" * left)
    return Path(base, *parts)


def test_an_out_whose_files_would_pass_path_max_is_refused_before_anything_is_made(tmp_path, capsys):
    """The run started, then stopped on its first chunk with '...npy: File name too long', leaving a half-made
    folder (montecarlo, sweep) and through the API a raw OSError."""
    out = deep_folder(tmp_path, 4060)
    study = cb.Study(trials=6, chunk_size=3, setting=cb.TrainingSetting(max_epochs=5), seed=2)
    with pytest.raises(StoreError, match=r"out = '.*': the folder cannot be made or written: File name too long: "
                                         r"the paths of its files would be up to \d+ bytes"):
        cb.run_study(study, out=out, progress=False)
    with pytest.raises(StoreError, match="File name too long"):
        cb.run_sweep(study, cb.Grid(beta=[1e7, 2e7]), out=out, progress=False)
    code, stdout, err = run_cli(capsys, "montecarlo", *QUICK, "--out", out)
    assert_one_line_error(code, stdout, err, "--out ", "File name too long: the paths of its files would be up to")
    code, stdout, err = run_cli(capsys, "sweep", *QUICK, "--beta", "1e7,2e7", "--out", out)
    assert_one_line_error(code, stdout, err, "--out ", "File name too long")
    assert os.listdir(tmp_path) == [], "nothing made"


def test_a_saved_study_reached_by_a_path_its_files_pass_path_max_is_named(tmp_path, monkeypatch, capsys):
    out = deep_folder(tmp_path, 4075)
    out.parent.mkdir(parents=True)
    monkeypatch.chdir(out.parent)  # made by a short relative path
    study = cb.Study(trials=6, chunk_size=3, setting=cb.TrainingSetting(max_epochs=5), seed=2)
    cb.run_study(study, out=out.name, progress=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError, match="is longer than the system takes .File name too long.; give the folder by "
                                         "a shorter path"):
        cb.load_study(out)
    code, stdout, err = run_cli(capsys, "train", "--from", out, "--trial", 1)
    assert_one_line_error(code, stdout, err, "is longer than the system takes (File name too long)")


# ------------------------------------------------------------------ probe 26c, C26-3 / C26-4: '..' out of a missing folder

def test_an_out_that_goes_up_out_of_a_missing_folder_is_refused_and_nothing_is_made(tmp_path, monkeypatch, capsys):
    """'--out q/..' passed every check as a missing folder, then the run made q and wrote its study into the folder
    above, beside the user's files; with --overwrite, 'q/../lnk' emptied the study a symbolic link pointed to."""
    monkeypatch.chdir(tmp_path)
    Path("thesis.tex").write_text("mine")
    assert run_cli(capsys, "montecarlo", *QUICK, "--out", "keep/s", "--seed", "5")[0] == 0
    os.symlink("keep/s", "lnk")
    before = snapshot(tmp_path / "keep")
    for folder, argv in (("q/..", ["montecarlo", *QUICK]), ("m/x/../..", ["sweep", *QUICK, "--beta", "1e7,2e7"]),
                         ("q/../lnk", ["montecarlo", *QUICK, "--overwrite"]),
                         ("keep/s/x/..", ["montecarlo", *QUICK, "--seed", "5", "--resume"])):
        code, out, err = run_cli(capsys, *argv, "--out", folder)
        assert_one_line_error(code, out, err, f"--out {folder}: goes into", "which does not exist, and back up with '..'")
    code, out, err = run_cli(capsys, "train", "--from", "q/..", "--trial", 1)
    assert_one_line_error(code, out, err, "argument --from: goes into 'q', which does not exist")
    with pytest.raises(StoreError, match=r"out = 'n/\.\.': goes into 'n', which does not exist"):
        cb.run_study(cb.Study(trials=4, chunk_size=2, seed=1), out="n/..", progress=False)
    assert sorted(os.listdir(tmp_path)) == ["keep", "lnk", "thesis.tex"]
    assert snapshot(tmp_path / "keep") == before
    # through folders that exist, '..' is the system's and goes ahead
    code, out, err = run_cli(capsys, "montecarlo", *QUICK, "--out", "keep/../keep/s", "--seed", "5", "--resume")
    assert code == 0, err


# ------------------------------------------------------------------ probe 26c, C26-5: the replay command pastes

@pytest.mark.parametrize("name", ["with space/s", "it's", "$HOME", " lead"])
def test_the_replay_command_montecarlo_prints_is_quoted_for_a_shell(tmp_path, monkeypatch, capsys, name):
    import subprocess

    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, "montecarlo", *QUICK, "--out", name)
    assert code == 0, err
    command = out.rsplit("(replay a trial: ", 1)[1].rsplit(")", 1)[0]
    pasted = subprocess.run(["sh", "-c", "printf '%s\\0' " + command.replace(" K", " 1")], capture_output=True,
                            timeout=60)  # the words a shell makes of it, $HOME expanded
    argv = pasted.stdout.decode().split("\0")[:-1]
    assert argv[:5] == ["python", "-m", "crossbar", "train", "--from"] and argv[5] == name, (argv, pasted.stderr)


# ------------------------------------------------------------------ probe 26c, C26-6: a trace file that is stdout

@pytest.mark.parametrize("trace, stream", [("/dev/stdout", "standard output"), ("/dev/fd/2", "standard error")])
def test_a_numba_trace_path_that_is_the_commands_own_output_file_is_refused(tmp_path, trace, stream):
    """The JSON went to the file, then numba's exit handler opened the same file for writing: '[]', status 0."""
    import subprocess

    if not os.path.exists(trace):
        pytest.skip(f"no {trace} here")
    with open(tmp_path / "out.txt", "w") as out, open(tmp_path / "err.txt", "w") as err:
        done = subprocess.run([sys.executable, "-m", "crossbar", "train", "--json", "--max-epochs", "2"],
                              stdout=out, stderr=err, env={**os.environ, "NUMBA_CHROME_TRACE": trace}, timeout=300)
    said = (tmp_path / "err.txt").read_text()
    assert done.returncode == 2, said
    assert said.count("\n") == 1 and f"NUMBA_CHROME_TRACE={trace}" in said and f"this command's {stream}" in said


# ------------------------------------------------------------------ probe 26c, C26-8 / C26-9: loops of symbolic links

def test_overwrite_under_a_loop_of_links_and_reading_a_loop_name_the_loop(tmp_path, monkeypatch, capsys):
    """--overwrite under a loop was 'internal error: RuntimeError: Symlink loop', status 1; --from a loop said
    'no such folder'."""
    monkeypatch.chdir(tmp_path)
    os.symlink("loop", "loop")
    os.symlink("a", "b")
    os.symlink("b", "a")
    code, out, err = run_cli(capsys, "montecarlo", *QUICK, "--out", "loop/x", "--overwrite")
    assert_one_line_error(code, out, err, "--out loop/x: loop (a folder above it) is a loop of symbolic links")
    code, out, err = run_cli(capsys, "sweep", *QUICK, "--beta", "1e7,2e7", "--out", "a/x", "--overwrite")
    assert_one_line_error(code, out, err, "--out a/x: a (a folder above it) is a loop of symbolic links")
    with pytest.raises(StoreError, match="loop of symbolic links"):
        cb.run_study(cb.Study(trials=3, chunk_size=3, seed=1), out="loop/x", overwrite=True, progress=False)
    code, out, err = run_cli(capsys, "train", "--from", "loop", "--trial", 1)
    assert_one_line_error(code, out, err, "loop: is a loop of symbolic links, expected a crossbar Monte Carlo study")
    with pytest.raises(StoreError, match="a: is a loop of symbolic links, expected a crossbar Monte Carlo sweep"):
        cb.load_sweep("a")
    with pytest.raises(StoreError, match=r"loop/x: loop \(a folder above it\) is a loop of symbolic links"):
        cb.load_study("loop/x")
    assert sorted(os.listdir(tmp_path)) == ["a", "b", "loop"]


# ------------------------------------------------------------------ probe 26c, C26-7: a folder in a cache file's place

SCRIPT = """
import sys
from crossbar.jit import cached

@cached()
def plus_one(x):
    return x + 1

print(plus_one(int(sys.argv[1])))
"""


@pytest.mark.parametrize("suffix", [".nbi", ".nbc"])
def test_a_folder_in_place_of_a_numba_cache_file_is_compiled_past(tmp_path, suffix):
    """numba's save renamed its temporary onto the folder: IsADirectoryError naming the temporary, after the compile."""
    import subprocess

    (tmp_path / "f.py").write_text(SCRIPT)
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "nc"),
           "PYTHONPATH": str(Path(cb.__file__).resolve().parents[1])}  # the crossbar under test

    def run(k):
        return subprocess.run([sys.executable, str(tmp_path / "f.py"), str(k)], capture_output=True, text=True,
                              env=env, timeout=300, cwd=tmp_path)

    assert run(1).stdout == "2\n"
    files = [p for p in (tmp_path / "nc").rglob(f"*{suffix}")]
    assert files, list((tmp_path / "nc").rglob("*"))
    for f in files:
        f.unlink()
        f.mkdir()
    done = run(41)
    assert done.returncode == 0 and done.stdout == "42\n" and done.stderr == "", done.stderr
    assert all(f.is_dir() for f in files)  # left as found


FULL = """
import builtins, errno, sys
real = builtins.open

def full(file, mode="r", *args, **kwargs):  # the cache's file system is full: numba's temporary cannot be written
    if ".tmp." in str(file) and "w" in mode:
        raise OSError(errno.ENOSPC, "No space left on device", str(file))
    return real(file, mode, *args, **kwargs)

builtins.open = full
""" + SCRIPT


def test_a_numba_cache_on_a_full_file_system_is_compiled_past(tmp_path):
    """The command failed after its compile, 'crossbar: error: No space left on device', naming nothing (C26-10)."""
    import subprocess

    (tmp_path / "f.py").write_text(FULL)
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "nc"),
           "PYTHONPATH": str(Path(cb.__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, str(tmp_path / "f.py"), "6"], capture_output=True, text=True, env=env,
                          timeout=300, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == "7\n" and done.stderr == "", done.stderr
