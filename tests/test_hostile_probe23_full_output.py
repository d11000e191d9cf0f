"""Output a full device cannot take (``> /dev/full``) is one line naming standard output and status 2 whether or not
Python buffers standard output: without PYTHONUNBUFFERED (a user's shell) the output was still in stdout's buffer
after the line, and Python's own flush at exit printed 'Exception ignored ... OSError: [Errno 28]' and ended with
status 120 (probe 23c, C23-9). The earlier tests of this guarantee ran under this machine's PYTHONUNBUFFERED=1."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")


def _buffered_environment():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    environment["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    return environment


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["train", "--max-epochs", "2"],
                                  ["train", "--json", "--max-epochs", "2"], ["device", "--json"],
                                  ["montecarlo", "--trials", "8", "--max-epochs", "2"],
                                  ["sweep", "--trials", "4", "--max-epochs", "2", "--beta", "0.5", "1"]])
def test_output_to_a_full_device_is_one_line_and_status_2_when_buffered(tmp_path, argv):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "crossbar", *argv], stdout=full, stderr=subprocess.PIPE,
                              text=True, cwd=tmp_path, env=_buffered_environment(), timeout=600)
    assert (done.returncode, done.stderr) == (2, "crossbar: error: standard output: No space left on device\n")


def test_a_refusal_with_output_still_buffered_keeps_its_line_and_status(tmp_path):
    """A refusal after the command printed (a bad option is refused before any output: its line alone)."""
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "crossbar", "train", "--frobnicate"], stdout=full,
                              stderr=subprocess.PIPE, text=True, cwd=tmp_path, env=_buffered_environment(),
                              timeout=600)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "--frobnicate" in done.stderr
