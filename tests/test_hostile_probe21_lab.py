"""Probe 21c, L5: `make lab LAB_ARGS=--version` (and `-V`) was refused as "not an option of JupyterLab", though
`jupyter lab --version` prints its version. The lab now prints JupyterLab's version, as Jupyter does, and starts
nothing (no kernel install, no server), as for --help."""

import subprocess
import sys

import pytest

from test_hostile_probe12_cli import ROOT

jupyterlab = pytest.importorskip("jupyterlab")


@pytest.mark.parametrize("argv", [["--version"], ["-V"], ["--port=9999", "--version"]])
def test_the_lab_prints_jupyterlabs_version_and_starts_nothing(argv):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "lab.py"), *argv], capture_output=True, text=True,
                          timeout=300, cwd=ROOT, stdin=subprocess.DEVNULL)
    assert (done.returncode, done.stdout, done.stderr) == (0, jupyterlab.__version__ + "\n", "")
