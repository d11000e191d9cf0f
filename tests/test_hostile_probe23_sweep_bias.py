"""Probe 23c, C23-7: `sweep --task letters diagonals --bias 0.2` was refused ("--bias: the letters task already has its
bias row"), so a sweep of the diagonals with a bias row against the letters could not be asked for. --bias gives the
diagonals points their bias row and the letters and digits keep their own, as --held-out splits only the letters
points; each point equals the montecarlo run of its task, bit for bit."""

import os
import subprocess
import sys

import numpy as np
import pytest

from crossbar.studies.store import load_study

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _crossbar(*argv):
    done = subprocess.run([sys.executable, "-m", "crossbar", *argv], capture_output=True, text=True, timeout=900,
                          cwd=ROOT, stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": ROOT})
    return done.returncode, done.stdout, done.stderr


def _same(a, b):
    return a.dtype.names == b.dtype.names and all(np.array_equal(a[k], b[k], equal_nan=True) for k in a.dtype.names)


@pytest.mark.parametrize("tasks, bias", [(["letters", "diagonals"], "0.2"), (["diagonals", "digits"], "0.3")])
def test_bias_goes_to_the_diagonals_points_of_a_task_axis(tmp_path, tasks, bias):
    status, _, err = _crossbar("sweep", "--trials", "3", "--task", *tasks, "--bias", bias, "--out",
                               str(tmp_path / "sweep"))
    assert status == 0, err
    for k, name in enumerate(tasks):
        alone = ["--bias", bias] if name == "diagonals" else []
        status, _, err = _crossbar("montecarlo", "--trials", "3", "--task", name, *alone, "--out", str(tmp_path / name))
        assert status == 0, err
        point, study = load_study(tmp_path / "sweep" / "points" / f"point_{k:04d}"), load_study(tmp_path / name)
        assert point.study.patterns.bias_voltage == study.study.patterns.bias_voltage
        assert _same(point.table, study.table), name


def test_bias_on_a_task_axis_without_the_diagonals_is_one_line():
    assert _crossbar("sweep", "--trials", "3", "--task", "letters", "digits", "--bias", "0.2") == (
        2, "", "crossbar: error: --bias: only the diagonals take a bias row; the letters and digits tasks already "
               "have theirs (+0.1 V)\n")


def test_guard_bias_on_one_task_that_has_its_row_is_refused_as_before():
    assert _crossbar("sweep", "--trials", "3", "--task", "letters", "--gain", "5", "10", "--bias", "0.2") == (
        2, "", "crossbar: error: --bias: the letters task already has its bias row (+0.1 V)\n")
