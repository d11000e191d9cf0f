"""Hostile probe 24c, C24-8: workers from a script read on standard input are one clear error (a worker traceback
each, then BrokenProcessPool).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# C24-8: run_study(workers=N) from a script Python read on standard input

RUN = '''import crossbar as cb
S = cb.Study(trials=6, chunk_size=3, setting=cb.TrainingSetting(max_epochs=3))
print(cb.run_study(S, workers=1).table.size)
'''


def test_workers_from_a_script_read_on_standard_input_is_one_clear_error(tmp_path):
    """Each worker printed spawn's "FileNotFoundError: ... '<stdin>'" traceback, then BrokenProcessPool."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-"], input=RUN, env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("Traceback") == 1 and "BrokenProcessPool" not in done.stderr, done.stderr
    assert done.stderr.splitlines()[-1] == (
        "RuntimeError: workers = 1: each worker process imports the script that started it again (multiprocessing's "
        "spawn), and this script has no file to import ('<stdin>': Python read it from standard input, or it was "
        "removed); save it to a file and run that, or run without worker processes (workers=None)")


def test_guard_the_same_script_given_with_c_runs_its_workers(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", RUN], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=600)
    assert (done.returncode, done.stdout, done.stderr) == (0, "6\n", "")
