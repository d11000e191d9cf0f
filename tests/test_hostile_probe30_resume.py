"""``--resume`` of a two-way study or sweep without the ``--depression-file`` it was run with (stop 51).

The command's own checks came first and named neither the folder nor the file: "--rule batch+two-way: device 'pot2'
has no depression branch" for a study resumed under a copy of its device, and "which no run of it reads" the file
for a sweep whose points did read it."""

import shutil

from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli
from test_hostile_probe10_studies import _falling, _rising

RUN = ["--rule", "two-way", "--trials", "20", "--chunk-size", "10", "--max-epochs", "20", "--quiet"]
SWEEP = ["sweep", *RUN, "--beta", "1e7,2e7", "--out", "sw"]
STUDY = ["montecarlo", *RUN, "--out", "st"]


def _two_way_folder(tmp_path, command):
    _rising(tmp_path / "u.csv")
    _falling(tmp_path / "d.csv")
    done = crossbar_cli(*command, "--device", "u.csv", "--depression-file", "d.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def test_a_study_resumed_under_a_copy_of_its_device_without_the_depression_file_is_told_to_give_it(tmp_path):
    _two_way_folder(tmp_path, STUDY)
    shutil.copy(tmp_path / "u.csv", tmp_path / "u2.csv")
    done = crossbar_cli(*STUDY, "--device", "u2.csv", "--resume", cwd=tmp_path)
    assert_one_line_error(done, "--resume: the study in st was run with --depression-file d.csv (its content is part "
                                "of the device's hash); give --depression-file d.csv (or where it now lies) to resume "
                                "it")
    (tmp_path / "moved").mkdir()
    (tmp_path / "d.csv").rename(tmp_path / "moved" / "d.csv")
    done = crossbar_cli(*STUDY, "--device", "u2.csv", "--resume", cwd=tmp_path)
    assert_one_line_error(done, "--resume: the study used the depression file 'd.csv', which is not there; give where "
                                "it now lies (--depression-file FILE) to resume the study in st")
    done = crossbar_cli(*STUDY, "--device", "u2.csv", "--depression-file", "moved/d.csv", "--resume", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "resuming with it" in done.stderr  # the same bytes under another name: the study's device


def test_a_two_way_sweep_resumed_with_another_rule_and_no_depression_file_is_not_told_its_runs_read_none(tmp_path):
    _two_way_folder(tmp_path, SWEEP)
    other = [word if word != "two-way" else "batch" for word in SWEEP]
    for command in (SWEEP, other):
        done = crossbar_cli(*command, "--device", "u.csv", "--resume", cwd=tmp_path)
        assert_one_line_error(done, "--resume: the sweep in sw was run with --depression-file d.csv (its content is "
                                    "part of the device's hash); give --depression-file d.csv (or where it now lies) "
                                    "to resume it")
