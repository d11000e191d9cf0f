"""Probe 25c, C25-3: NUMBA_CHROME_TRACE naming a FIFO hung the command for ever after its output (numba's exit handler
opens the trace for writing, and waits for a reader; Ctrl-C and SIGTERM are ignored once the output is written);
naming /dev/full printed numba's exit traceback after the output, status 0. Both are refused before the run, as a
missing folder is (probe 22c, C22-7); /dev/null, where a trace is thrown away, still runs."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _crossbar(*argv, trace, cwd):
    env = {**os.environ, "NUMBA_CHROME_TRACE": trace, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "crossbar", *argv], capture_output=True, text=True, timeout=300,
                          cwd=cwd, stdin=subprocess.DEVNULL, env=env)
    return done.returncode, done.stdout, done.stderr


def _said(trace, why):
    return (f"crossbar: error: NUMBA_CHROME_TRACE={trace}: numba writes its trace there at exit and cannot ({why}); "
            "expected a writable file, or unset it\n")


def test_a_fifo_is_refused_before_the_run_and_nothing_waits_on_it(tmp_path):
    os.mkfifo(tmp_path / "trace.fifo")
    assert _crossbar("train", "--json", "--max-epochs", "2", trace="trace.fifo", cwd=tmp_path) == (
        2, "", _said("trace.fifo", "a FIFO: opening it waits for a reader, at the process's exit for ever"))


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_a_device_that_takes_no_writes_is_refused_and_a_link_to_it_alike(tmp_path):
    (tmp_path / "link.json").symlink_to("/dev/full")
    for trace in ("/dev/full", "link.json"):
        assert _crossbar("train", "--max-epochs", "2", trace=trace, cwd=tmp_path) == (
            2, "", _said(trace, "a character device, not a regular file"))


def test_guard_the_null_device_still_runs(tmp_path):
    status, out, err = _crossbar("train", "--json", "--max-epochs", "2", trace=os.devnull, cwd=tmp_path)
    assert (status, err) == (0, "") and out.startswith('{"converged"')
