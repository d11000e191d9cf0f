"""Probe 24c, C24-1, C24-2, C24-3, C24-6, C24-7: the lab (scripts/lab.py), each refused in one `lab:` line with
status 2 before Jupyter starts, or said as it is.

C24-1: a configuration .py Jupyter found that closes sys.stdout ended the lab's own start line in a ValueError traceback
(I/O operation on closed file), status 1; as for ``sys.stdout = None``, it is one line, status 2.
C24-2: ``--ip=::ffff:127.0.0.1`` (IPv4-mapped) passed the address check and failed inside Jupyter with errno 22 after
its start-up log. C24-3: ``--ip=*`` served on every interface and the lab's line said "at , port 8931".
C24-6: ``--config`` naming a FIFO said "no such file". C24-7: ``JUPYTER_DATA_DIR=/dev/null`` gave two extension
tracebacks in Jupyter's log, and the lab served. Only the lab's checks run here: no kernel install, no server.
"""

import os
import socket
import subprocess
import sys
from types import SimpleNamespace

import pytest

from test_hostile_probe12_cli import ROOT, lab  # noqa: F401 - the lab script with its kernel install refused
from test_hostile_probe17_lab import refused

pytest.importorskip("jupyterlab")


# C24-1: standard output closed by a configuration file


def test_a_closed_standard_output_is_one_line_as_a_missing_one_is(lab, capsys, tmp_path, monkeypatch):
    import lab_streams

    closed = open(tmp_path / "out.txt", "w")
    closed.close()
    monkeypatch.setattr(sys, "stdout", closed)
    assert lab_streams.say("lab: JupyterLab on ...", "the URL to open (with its token)") == 2
    assert capsys.readouterr().err == (
        "lab: standard output is closed, so the URL to open (with its token) would be lost; redirect it to a file "
        "instead of closing it\n")


# C24-2, C24-3: addresses


@pytest.mark.parametrize("ip, ipv4", [("::ffff:127.0.0.1", "127.0.0.1"), ("::ffff:7f00:1", "127.0.0.1"),
                                      ("::FFFF:10.1.2.3", "10.1.2.3")])
def test_an_ipv4_mapped_address_is_refused_naming_the_ipv4_address(lab, capsys, ip, ipv4):
    assert refused(lab, capsys, [f"--ip={ip}"]) == (
        f"--ip={ip}: an IPv4-mapped IPv6 address, which Jupyter's server cannot listen on (it binds an IPv6 address on "
        f"an IPv6-only socket); expected the IPv4 address itself, --ip={ipv4}")


def test_guard_ipv6_loopback_and_every_interface_pass(lab):
    assert lab.address_problem(["--ip=127.0.0.1"]) is None
    assert lab.address_problem(["--ip=*"]) is None  # Jupyter's spelling of every interface, asked for explicitly
    if socket.has_ipv6 and lab._bindable("::1"):
        assert lab.address_problem(["--ip=::1"]) is None


@pytest.mark.parametrize("ip", ["*", ""])
def test_the_start_line_names_every_interface_for_star(lab, ip):
    """Jupyter reads --ip=* as '' (its validator): the lab's line said 'at , port 8931'."""
    said = lab.where_served(SimpleNamespace(sock="", ip=ip, port=8931))
    assert said == "at every address (*), port 8931; open the URL with the token printed below"


# C24-6: --config naming no regular file


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX's")
@pytest.mark.parametrize("name", ["c.json", "c.py"])
def test_a_configuration_fifo_is_said_to_be_one(lab, capsys, tmp_path, name):
    path = tmp_path / name
    os.mkfifo(path)
    assert refused(lab, capsys, [f"--config={path}"]) == (
        f"--config={path}: is a FIFO (named pipe), not a regular file; expected a configuration file")


def test_guard_a_missing_configuration_file_is_still_said_missing(lab, capsys, tmp_path):
    path = tmp_path / "none.json"
    assert refused(lab, capsys, [f"--config={path}"]) == (
        f"--config={path}: no such file; expected a configuration file (Jupyter skips a missing one without a word)")


# C24-7: Jupyter's data folder


def _lab(env):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "lab.py")], capture_output=True, text=True,
                          timeout=300, cwd=ROOT, stdin=subprocess.DEVNULL, env={**os.environ, **env})
    return done.returncode, done.stdout, done.stderr


def test_a_data_folder_that_is_no_folder_is_one_line(tmp_path):
    """With the runtime folder elsewhere (JUPYTER_RUNTIME_DIR), JUPYTER_DATA_DIR=/dev/null was not checked at all."""
    runtime = tmp_path / "runtime"
    assert _lab({"JUPYTER_DATA_DIR": os.devnull, "JUPYTER_RUNTIME_DIR": str(runtime)}) == (
        2, "", f"lab: JUPYTER_DATA_DIR={os.devnull}: {os.devnull} (Jupyter's data folder) cannot be made: it is not a "
               "folder; expected a folder\n")


def test_guard_a_data_folder_inside_the_null_device_is_refused_for_its_runtime_folder():
    status, out, err = _lab({"JUPYTER_DATA_DIR": os.devnull})
    assert (status, out) == (2, "")
    assert err.startswith(f"lab: JUPYTER_DATA_DIR={os.devnull}: {os.devnull}/runtime (Jupyter's runtime folder) "
                          "cannot be made") and err.count("\n") == 1, err
