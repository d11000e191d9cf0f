"""NUMBA_CPU_NAME=generic, numba's setting for a cache shared between machines, runs: numba sets the feature list to
'' itself for it, and crossbar's check of NUMBA_CPU_FEATURES then read the variable that was not set, a traceback
(KeyError) and status 1 on every command (probe 23c, C23-8)."""

import json
import os
import subprocess
import sys
from pathlib import Path


def _run(*argv, **variables):
    environment = {**os.environ, **variables, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    environment.pop("NUMBA_CPU_FEATURES", None)
    return subprocess.run([sys.executable, "-m", "crossbar", *argv], capture_output=True, text=True,
                          env=environment, timeout=600)


def test_the_generic_cpu_runs_a_command():
    done = _run("device", "--json", NUMBA_CPU_NAME="generic")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert json.loads(done.stdout) == json.loads(_run("device", "--json").stdout)


def test_a_cpu_llvm_does_not_know_is_still_one_line():
    done = _run("device", "--json", NUMBA_CPU_NAME="GENERIC")
    assert done.returncode == 2 and done.stdout == "" and done.stderr.count("\n") == 1
    assert done.stderr.startswith("crossbar: error: NUMBA_CPU_NAME=GENERIC: LLVM does not know that CPU")
