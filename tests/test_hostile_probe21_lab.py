"""Probe 21c, L5: `make lab LAB_ARGS=--version` (and `-V`) was refused as "not an option of JupyterLab", though
`jupyter lab --version` prints its version. The lab now prints JupyterLab's version, as Jupyter does, and starts
nothing (no kernel install, no server), as for --help."""

import os
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


# L6, L7: an environment the lab cannot run in, refused before the kernel install

def _lab(*argv, env=None):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "lab.py"), *argv], capture_output=True, text=True,
                          timeout=300, cwd=ROOT, stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("variable, value, said", [
    ("HOME", "/proc", "HOME=/proc: /proc/.ipython (IPython's folder, written by the kernel install) cannot be made"),
    ("IPYTHONDIR", "/proc/p21c", "IPYTHONDIR=/proc/p21c: /proc/p21c (IPython's folder"),
    ("JUPYTER_RUNTIME_DIR", "/proc/p21c", "JUPYTER_RUNTIME_DIR=/proc/p21c: /proc/p21c (Jupyter's runtime folder)"),
])
def test_a_folder_jupyter_must_write_that_cannot_be_made_is_one_line(variable, value, said):
    """L7: a traceback of IPython's or Jupyter's came first, and HOME=/proc ended with status 1 naming neither."""
    status, out, err = _lab(env={variable: value})
    assert (status, out) == (2, "")
    assert err.startswith(f"lab: {said}") and err.count("\n") == 1, err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="the lab runs as root only here")
@pytest.mark.parametrize("argv", [["--ServerApp.allow_root=False"], ["--ServerApp.allow_root", "false"]])
def test_allow_root_turned_off_as_root_is_refused_before_anything_starts(argv):
    """L6: Jupyter's "Running as root is not recommended" came after the kernel install and the banner, status 1."""
    status, out, err = _lab(*argv)
    assert (status, out) == (2, "")
    assert "Jupyter refuses to run as root without it" in err and err.count("\n") == 1, err
