"""Left by probe 24c: ``--ip='127.0.0.1 '`` (an address quoted with a space, as an unset-and-padded ``$IP`` gives) was
refused as "not an address of this machine's networks (Name or service not known)", which names no cause. Probe 25c,
C25-4: a closed standard error (below). Only the lab's checks run here: no kernel install, no server."""

import os
import sys

import pytest

from test_hostile_probe12_cli import lab  # noqa: F401 - the lab script with its kernel install refused
from test_hostile_probe17_lab import refused

pytest.importorskip("jupyterlab")


@pytest.mark.parametrize("ip", ["127.0.0.1 ", " 127.0.0.1", "\t127.0.0.1\n", " localhost "])
def test_an_address_with_spaces_around_it_is_refused_naming_the_spaces(lab, capsys, ip):
    assert refused(lab, capsys, [f"--ip={ip}"]) == (
        f"--ip={ip!r}: has spaces around the address; expected the address alone, --ip={ip.strip()}")


def test_guard_the_address_alone_passes(lab):
    assert lab.address_problem(["--ip=127.0.0.1"]) is None
    assert lab.address_problem(["--ip", "localhost"]) is None


# Probe 25c, C25-4: standard error closed (``2>&-``, or by a configuration file Jupyter ran): the lab served and said
# to open the URL with the token printed below, which Jupyter logged to the closed stream.

def test_a_standard_error_closed_at_start_is_status_2_and_no_server(lab, capsys, monkeypatch):
    import lab_streams

    monkeypatch.setattr(sys, "stderr", lab_streams.Stderr(None))
    assert lab.main(["--no-browser"]) == 2  # before the kernel install (the fixture refuses it) and the server
    assert capsys.readouterr().out == ""  # the refusal never goes to stdout (probe 22c, C22-1)


def test_a_standard_error_closed_by_a_configuration_file_is_said_alike(lab, capsys, monkeypatch, tmp_path):
    import lab_streams

    closed = open(tmp_path / "err.txt", "w")
    closed.close()
    monkeypatch.setattr(sys, "stderr", lab_streams.Stderr(closed))
    assert lab_streams.stderr_problem("the log") == (
        "standard error is closed, so the log would be lost; redirect it to a file instead of closing it")
    assert lab.main(["--no-browser"]) == 2
    assert capsys.readouterr().out == ""


def test_guard_standard_error_to_the_null_device_is_the_users_choice(lab, monkeypatch):
    import lab_streams

    with open(os.devnull, "w") as null:
        monkeypatch.setattr(sys, "stderr", lab_streams.Stderr(null))
        assert lab_streams.stderr_problem("the log") is None


def test_the_refusal_names_the_closed_stream_where_it_can_be_read(lab, capsys, monkeypatch):
    monkeypatch.setattr(lab, "stderr_problem", lambda what: f"standard error is closed, so {what} would be lost")
    assert lab.main(["--no-browser"]) == 2
    assert capsys.readouterr().err == (
        "lab: standard error is closed, so Jupyter's log (with the URL to open and its token) would be lost\n")
