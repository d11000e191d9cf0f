"""`make lab` under attack (issue 20, point 11): a port or an address Jupyter cannot use as given is one
line and status 2 before anything starts, never a traceback or a URL the server does not listen on."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("argv, message", [
    (["--port=-1"], "lab: --port=-1: expected a TCP port 1 ... 65535"),
    (["--port=70000"], "lab: --port=70000: expected a TCP port 1 ... 65535"),  # Jupyter listened on 4464
    (["--port", "65536"], "lab: --port=65536: expected a TCP port 1 ... 65535"),
    (["--ServerApp.port=abc"], "lab: --ServerApp.port=abc: expected a TCP port 1 ... 65535"),
    (["--ip=256.1.1.1"], "lab: --ip=256.1.1.1: not an address of this machine's networks"),
    (["--ServerApp.ip=no-such-host.invalid"], "lab: --ServerApp.ip=no-such-host.invalid: not an address"),
    (["--port"], "lab: --port: expected a TCP port 1 ... 65535 after it"),  # Jupyter's usage, 11 s later (lb12)
    (["--port", "--ip=127.0.0.1"], "lab: --port: expected a TCP port"),
    (["--ServerApp.ip"], "lab: --ServerApp.ip: expected an address after it"),
    # Jupyter read an empty address as every interface (an unset $IP in LAB_ARGS), probe 5
    (["--ip="], "lab: --ip=: is empty; expected an address"),
    (["--ip", ""], "lab: --ip=: is empty; expected an address"),
    (["--ServerApp.ip=", "--port=18941"], "lab: --ServerApp.ip=: is empty"),
    # Jupyter's 20-line usage after ~6 s; a missing folder was status 1 and a log line (probe 5)
    (["--frobnicate", "--port=18933"], "lab: --frobnicate: not an option of JupyterLab"),
    (["--ServerApp.root_dir=/nonexistent_dir"], "lab: --ServerApp.root_dir=/nonexistent_dir: no such folder"),
    (["--notebook-dir", "/nonexistent_dir"], "lab: --notebook-dir=/nonexistent_dir: no such folder"),
])
def test_a_bad_port_or_address_is_one_line_and_status_2(argv, message):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "lab.py"), *argv], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(message) and "Traceback" not in done.stderr


def test_good_ports_and_addresses_pass(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import lab

    for argv in ([], ["--port=9999"], ["--port", "1"], ["--ServerApp.port=65535"], ["--ip=127.0.0.1"],
                 ["--ip=::1"], ["--ip=localhost"], ["--ip=*"], ["--ServerApp.root_dir=/tmp"]):
        assert lab.address_problem(argv) is None, argv
    for argv in ([], ["--port=9999", "--no-browser"], ["--ServerApp.token=abc"], ["-y"], ["--notebook-dir=/tmp"],
                 ["--LabApp.news_url=None", "--log-level", "DEBUG"], ["--debug"]):
        assert lab.option_problem(argv) is None, argv
    assert lab.option_values(["--port", "5", "--ServerApp.port=6", "--ip=x"], "--ServerApp.port") == [
        ("--port", "5"), ("--ServerApp.port", "6")]


@pytest.mark.parametrize("flag", ["--help", "-h", "--help-all"])
def test_help_prints_the_scripts_usage_and_status_0(flag):
    """Jupyter's own --help ended in a traceback (KeyError: 'LabApp', status 1; probe 5)."""
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "lab.py"), flag], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.startswith("usage: python scripts/lab.py") and "jupyter lab --help-all" in done.stdout


def test_help_into_a_pipe_closed_early_is_quiet_with_status_141():
    """`lab.py --help | head -2` ended in a BrokenPipeError traceback, status 1; the command line answers a closed
    pipe with status 141 and no word, and so does the lab now."""
    read, write = os.pipe()
    os.close(read)  # a reader that has gone, as `head` once it has its lines
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "lab.py"), "--help"], stdout=write,
                          stderr=subprocess.PIPE, text=True, timeout=120)
    os.close(write)
    assert (done.returncode, done.stderr) == (141, "")
