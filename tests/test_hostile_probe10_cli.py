"""Probe 9's leftovers on the command line (probe 9a J and C', probe 9c C12 and C13, the size of a sweep), fixed at
their cause: a --depression-file no run of the command reads is refused naming the rules that read it; train --from
with a moved device read otherwise names the option that differs; an output encoding that cannot write the report
is found before the work; a run that saved nothing removes the folder it made; a sweep too large to run is refused
before its points are checked."""

import os
import resource
import subprocess
import sys

import numpy as np
import pytest

from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli


def _branches(folder):
    """A potentiation file and a depression file of one two-way device (50 points each, uS)."""
    pulses = np.arange(50)
    up, down = folder / "up.csv", folder / "down.csv"
    up.write_text("pulse,G (uS)\n" + "".join(f"{m},{1 + 9 * (1 - np.exp(-m / 15)):.6f}\n" for m in pulses))
    down.write_text("pulse,G (uS)\n" + "".join(f"{m},{10 - 9 * (1 - np.exp(-m / 15)):.6f}\n" for m in pulses))
    return up, down


# --- probe 9a, J: a depression file that no run of the command reads -----------------------------------------

UNREAD = "no run of this command reads the depression branch: it is read by two-way rules (--rule two-way), "


@pytest.mark.parametrize("command", [
    ["train", "--max-epochs", "30"],
    ["montecarlo", "--trials", "20", "--max-epochs", "30", "--quiet"],
    ["train", "--max-epochs", "30", "--rule", "online"],
    ["sweep", "--beta", "3e7", "6e7", "--trials", "10", "--max-epochs", "30", "--quiet"],
    ["sweep", "--rule", "batch", "gated", "--trials", "10", "--max-epochs", "30", "--quiet"],
])
def test_a_depression_file_no_run_reads_is_refused_naming_the_rules_that_read_it(tmp_path, command):
    """It loaded, was reported ('31 + 31 depression points') and changed nothing: total error 7.269479129697785
    with and without it (probe 9a, J), as --c2c-form without --c2c would, which is refused."""
    up, down = _branches(tmp_path)
    done = crossbar_cli(*command, "--device", up, "--depression-file", down, cwd=tmp_path)
    assert_one_line_error(done, f"--depression-file {down}: {UNREAD}")
    assert "the refresh rule, and the non-idealities (--c2c, ...)" in done.stderr
    assert "give one of them or drop --depression-file" in done.stderr
    assert sorted(os.listdir(tmp_path)) == ["down.csv", "up.csv"]


@pytest.mark.parametrize("extra", [["--rule", "two-way"], ["--rule", "refresh"], ["--c2c", "0.05"]])
def test_a_depression_file_a_run_reads_trains(tmp_path, extra):
    up, down = _branches(tmp_path)
    done = crossbar_cli("train", "--max-epochs", "30", "--device", up, "--depression-file", down, "--json", *extra)
    assert done.returncode == 0, done.stderr


def test_a_sweep_reads_the_depression_file_if_one_point_does(tmp_path):
    up, down = _branches(tmp_path)
    done = crossbar_cli("sweep", "--rule", "batch", "two-way", "--trials", "10", "--max-epochs", "20", "--quiet",
                        "--device", up, "--depression-file", down)
    assert done.returncode == 0, done.stderr


# --- probe 9a, C': train --from with a moved device read with another --cycle or --read-voltage -------------------

@pytest.fixture
def moved_study(tmp_path):
    """A study of a table of read currents in three cycles, read with --read-voltage 0.1 --cycle 2, whose file
    was then moved."""
    pulses = np.arange(31)
    curve = 0.1 + 0.9 * (1 - np.exp(-pulses / 10))
    rows = "".join(f"{m},{g:.6f},{g + 0.002:.6f},{g + 0.004:.6f}\n" for m, g in zip(pulses, curve))
    (tmp_path / "i.csv").write_text("pulse,I (uA) c0,I (uA) c1,I (uA) c2\n" + rows)
    done = crossbar_cli("montecarlo", "--device", "i.csv", "--read-voltage", "0.1", "--cycle", "2", "--trials", "20",
                        "--max-epochs", "20", "--quiet", "--out", "st", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (tmp_path / "i.csv").rename(tmp_path / "j.csv")
    return tmp_path


@pytest.mark.parametrize("option, value, study", [
    ("--cycle", "1", "--cycle 2"), ("--read-voltage", "0.2", "--read-voltage 0.1"), ("--cycle", "3", "--cycle 2"),
])
def test_a_moved_device_read_otherwise_names_the_option_that_differs(moved_study, option, value, study):
    """The refusal said 'device 'j' (j.csv) has content hash e374eb286ba4..., the study used 'i' with
    53cf76c5a401...': right, but it did not say that the file was the study's and the option was not."""
    done = crossbar_cli("train", "--from", "st", "--trial", "2", "--device", "j.csv", option, value,
                        cwd=moved_study)
    assert_one_line_error(done, f"{option} {value} differs from the study's {study}: j.csv read with {study} is "
                                "the study's device")
    assert done.stderr.endswith(f"drop {option} (the study's is used) or give {study}\n"), done.stderr
    assert "content hash" not in done.stderr
    again = crossbar_cli("train", "--from", "st", "--trial", "2", "--device", "j.csv", *study.split(), "--json",
                         cwd=moved_study)
    assert again.returncode == 0, again.stderr


def test_another_file_is_still_refused_by_its_hash(moved_study):
    text = (moved_study / "j.csv").read_text().replace("0.100000,", "0.100100,", 1)
    (moved_study / "k.csv").write_text(text)
    done = crossbar_cli("train", "--from", "st", "--trial", "2", "--device", "k.csv", "--cycle", "1", cwd=moved_study)
    assert_one_line_error(done, "has content hash")


# --- probe 9c, C12: an output encoding that cannot write the report -------------------------------------------

def test_an_encoding_that_cannot_write_the_report_is_refused_before_the_work(tmp_path, measured_file):
    """PYTHONIOENCODING=ascii with a device 'dév.dat' ran the study, saved it in stüdy2/ and only then failed to
    print it (probe 9c, C12)."""
    device = tmp_path / "dév.dat"
    device.write_bytes(measured_file.read_bytes())
    ascii_out = {"PYTHONIOENCODING": "ascii"}
    done = crossbar_cli("montecarlo", "--trials", "20", "--max-epochs", "5", "--device", device.name, "--out",
                        "stüdy2", env=ascii_out, cwd=tmp_path)
    assert_one_line_error(done, "standard output: its encoding (ascii) cannot write '\\xe9' of --device d\\xe9v.dat, "
                                "which the report prints; set PYTHONIOENCODING=utf-8 or unset it, or give --json")
    assert sorted(os.listdir(tmp_path)) == ["dév.dat"]  # nothing ran, nothing was saved
    done = crossbar_cli("train", "--max-epochs", "5", "--device", device.name, env=ascii_out, cwd=tmp_path)
    assert_one_line_error(done, "cannot write '\\xe9' of --device d\\xe9v.dat")
    done = crossbar_cli("sweep", "--beta", "3e7", "6e7", "--trials", "10", "--max-epochs", "5", "--quiet", "--out",
                        "swëep", env=ascii_out, cwd=tmp_path)
    assert_one_line_error(done, "cannot write '\\xeb' of --out sw\\xebep, which the report prints; set "
                                "PYTHONIOENCODING=utf-8 or unset it\n")
    json_out = crossbar_cli("train", "--max-epochs", "5", "--device", device.name, "--json", env=ascii_out,
                            cwd=tmp_path)
    assert json_out.returncode == 0 and json_out.stdout.isascii(), json_out.stderr  # JSON escapes what is not ASCII
    utf8 = crossbar_cli("montecarlo", "--trials", "20", "--max-epochs", "5", "--device", device.name, "--out",
                        "stüdy2", env={"PYTHONIOENCODING": "utf-8"}, cwd=tmp_path)
    assert utf8.returncode == 0, utf8.stderr  # the same names print unchanged where the encoding can write them
    assert "device     dév (" in utf8.stdout and "saved      stüdy2 (replay a trial" in utf8.stdout


def test_a_report_that_fails_after_the_study_was_saved_says_where_it_is(tmp_path, measured_file):
    """Resumed under another file name, the study keeps its device's name 'dév', which no option names: the report
    still fails after the work, and the line says the results are saved (it said only what the encoding lacked)."""
    (tmp_path / "dév.dat").write_bytes(measured_file.read_bytes())
    study = ["montecarlo", "--trials", "20", "--chunk-size", "10", "--max-epochs", "5", "--quiet", "--out", "st"]
    first = crossbar_cli(*study, "--device", "dév.dat", env={"PYTHONIOENCODING": "utf-8"}, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    (tmp_path / "dév.dat").rename(tmp_path / "dev.dat")
    (tmp_path / "st" / "index.json").unlink()  # as a run stopped before its last chunk leaves it
    done = crossbar_cli(*study, "--device", "dev.dat", "--resume", env={"PYTHONIOENCODING": "ascii"}, cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == "", done.stderr
    assert done.stderr.endswith("crossbar: error: standard output: its encoding (ascii) cannot write '\\xe9'; set "
                                "PYTHONIOENCODING=utf-8 or unset it; the results are saved in st\n"), done.stderr


@pytest.fixture
def measured_file():
    path = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "SP291D1NR100.dat")
    if not os.path.isfile(path):
        pytest.skip("the measured file ../shared/data/SP291D1NR100.dat is not on this machine")
    from pathlib import Path

    return Path(path)


# --- probe 9c, C13: a run that saved nothing leaves no folder it made ---------------------------------------------

def _limited(*argv, cwd, size=1024):
    """The command under a file-size limit of `size` bytes (ulimit -f)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return subprocess.run([sys.executable, "-m", "crossbar", *map(str, argv)], capture_output=True, text=True,
                          cwd=cwd, timeout=300, preexec_fn=limit)


@pytest.mark.parametrize("command", [["montecarlo", "--trials", "200", "--max-epochs", "20", "--quiet"],
                                     ["sweep", "--beta", "3e7", "6e7", "--trials", "10", "--max-epochs", "5",
                                      "--quiet"]])
def test_a_folder_made_by_a_run_that_saved_nothing_is_removed(tmp_path, command):
    """`(ulimit -f 1; crossbar montecarlo ... --out fsz --overwrite)` was refused in one line and left an empty fsz/
    it had made (probe 9c, C13); a folder that was there before stays, and so do parents that were."""
    done = _limited(*command, "--out", "fsz", "--overwrite", cwd=tmp_path)
    assert_one_line_error(done, "File too large while writing the results to --out fsz; nothing of this run was "
                                "saved")
    assert not (tmp_path / "fsz").exists()
    (tmp_path / "a").mkdir()
    done = _limited(*command, "--out", "a/b/c", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert sorted(os.listdir(tmp_path)) == ["a"] and os.listdir(tmp_path / "a") == []
    (tmp_path / "mine").mkdir()
    done = _limited(*command, "--out", "mine", cwd=tmp_path)
    assert done.returncode == 2 and (tmp_path / "mine").is_dir() and os.listdir(tmp_path / "mine") == []


# --- a sweep too large to run -------------------------------------------------------------------------------------

def test_a_sweep_of_a_million_points_is_refused_before_its_points_are_checked(tmp_path):
    """It started without a word: 23 minutes of checking its points (1.4 ms each) before the first study."""
    argv = ["sweep", "--beta", "1e7:1e8:1000", "--gain", "5:15:1000", "--trials", "10", "--out", "big"]
    try:
        done = subprocess.run([sys.executable, "-m", "crossbar", *argv], capture_output=True, text=True, cwd=tmp_path,
                              timeout=90)
    except subprocess.TimeoutExpired:
        pytest.fail("the sweep was still checking its points after 90 s")
    assert_one_line_error(done, "a sweep of 1,000,000 points (1000 x 1000) x 10 trials = 10,000,000 crossbars "
                                "trained: expected at most 10,000 points, each a study checked before the sweep starts")
    assert not (tmp_path / "big").exists()
