"""Issue 20, items 1-3 (probe 16c's leftovers in `make lab`): a positional notebook beside --ServerApp.sock stopped
Jupyter after the kernel install ("Options --ServerApp.file_to_run and --sock are mutually exclusive"); a socket mode
Jupyter refuses (999, abc, 0o777x, '', 0400) stopped it there too ("Bad config encountered during initialization")
and -1, which Jupyter's validator lets through, made the socket mode 7777 (srwsrwsrwt); with a socket the start line
told the user to open a URL no browser opens. Only the lab's checks run here: no kernel install, no server."""

import os
import socket
import types

import pytest

from test_hostile_probe12_cli import lab  # noqa: F401 - the lab script with its kernel install refused


def refused(lab, capsys, argv):
    """The one line main prints for `argv`, which it refuses with status 2 before the kernel install."""
    assert lab.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("lab: ") and err.count("\n") == 1, err
    return err[len("lab: "):-1]


def _chapter(lab):
    return os.path.relpath(sorted(lab.CHAPTERS.glob("*.ipynb"))[0])


# 1. a positional notebook beside a socket


@pytest.mark.parametrize("spelling", ["--ServerApp.sock={sock}", "--sock={sock}", "--ServerApp.sock {sock}"])
@pytest.mark.parametrize("first", [True, False])
def test_a_notebook_to_open_beside_a_socket_is_refused(lab, capsys, tmp_path, spelling, first):
    notebook, sock = _chapter(lab), str(tmp_path / "lab.sock")
    option = spelling.format(sock=sock).split(" ")
    argv = [notebook, *option] if first else [*option, notebook]
    assert refused(lab, capsys, argv) == (
        f"{notebook} and {'='.join(option)}: a server on a UNIX socket opens no notebook (Jupyter stops after the "
        "kernel install); drop the notebook and open it from JupyterLab's file browser, or drop the socket")
    assert os.listdir(tmp_path) == []


def test_guard_a_folder_to_serve_beside_a_socket_passes(lab, tmp_path):
    """Guard: a positional folder is the folder served, which a socket allows (passes before and after)."""
    for given in ([os.path.relpath(lab.CHAPTERS), f"--ServerApp.sock={tmp_path}/lab.sock"],
                  [f"--ServerApp.sock={tmp_path}/lab.sock"]):
        assert lab.path_problem(given) is None, given
    assert os.listdir(tmp_path) == []


# 2. the socket's mode


@pytest.mark.parametrize("mode, line", [
    ("999", "not an octal mode; expected one such as 0600 (the owner reads and writes, the default)"),
    ("abc", "not an octal mode; expected one such as 0600 (the owner reads and writes, the default)"),
    ("0o777x", "not an octal mode; expected one such as 0600 (the owner reads and writes, the default)"),
    ("\uff10\uff16\uff10\uff10", "not an octal mode; expected one such as 0600 (the owner reads and writes, the default)"),
    ("", "is empty; expected an octal mode such as 0600 (the owner reads and writes, the default)"),
    (" ", "is empty; expected an octal mode such as 0600 (the owner reads and writes, the default)"),
    ("-1", "expected an octal mode 0000 ... 7777, such as 0600"),
    ("-0o7777", "expected an octal mode 0000 ... 7777, such as 0600"),
    ("10000", "expected an octal mode 0000 ... 7777, such as 0600"),
    ("0400", "the owner cannot read and write the socket (mode 0400), and Jupyter requires it; expected a mode that "
             "gives the owner both, such as 0600"),
    ("0o044", "the owner cannot read and write the socket (mode 0044), and Jupyter requires it; expected a mode that "
              "gives the owner both, such as 0644"),
])
@pytest.mark.parametrize("with_socket", [True, False])
def test_a_socket_mode_jupyter_refuses_or_misreads_is_refused(lab, capsys, tmp_path, mode, line, with_socket):
    """Refused with or without a socket: Jupyter validates the mode at start-up in either case."""
    argv = [f"--ServerApp.sock_mode={mode}"] + ([f"--ServerApp.sock={tmp_path}/lab.sock"] if with_socket else [])
    assert refused(lab, capsys, argv) == f"--ServerApp.sock_mode={mode}: {line}"


def test_a_socket_mode_option_without_its_value_is_refused(lab, capsys):
    assert refused(lab, capsys, ["--sock-mode"]) == "--sock-mode: expected a mode after it, such as " \
                                                     "--ServerApp.sock_mode=0600"


MODES = ["0600", "0o600", "600", "0O600", " 600", "6_00", "+600", "0700", "0666", "0777", "7777", "0o7777", "10000",
         "0400", "0200", "0", "999", "abc", "0o777x", "0x180", "", "-1", "-0o1", "-0o7777", "\uff10\uff16\uff10\uff10"]


def test_the_lab_takes_the_modes_jupyter_takes_but_negative_ones(lab, tmp_path):
    """Jupyter's own validator (ServerApp._validate_sock_mode) is the reference: the lab refuses what it refuses, and
    also the negative modes it lets through (-1 made the socket srwsrwsrwt). Fails before the fix, which took every
    mode."""
    from jupyter_server.serverapp import ServerApp
    from traitlets import TraitError

    server = ServerApp()

    def jupyter_takes(mode):
        try:
            server.sock_mode = mode
        except TraitError:
            return False
        return True

    lab_takes = {mode for mode in MODES if lab.path_problem([f"--ServerApp.sock_mode={mode}"]) is None}
    assert lab_takes == {mode for mode in MODES if jupyter_takes(mode)} - {"-1", "-0o1"}
    assert {"0600", "0o600", "600", "0777", "7777"} <= lab_takes  # the guard: valid modes keep working


def test_guard_a_valid_mode_with_a_socket_passes_and_leaves_nothing(lab, tmp_path):
    """Guard: passes before and after."""
    for given in ([f"--ServerApp.sock={tmp_path}/lab.sock", "--ServerApp.sock_mode=0600"],
                  ["--sock", f"{tmp_path}/lab.sock", "--sock-mode", "0o660"]):
        assert lab.path_problem(given) is None, given
    assert os.listdir(tmp_path) == []


# 3. where the lab says it serves


def _server(lab, **where):
    """A stand-in for Jupyter's started server, as main reads it (nothing listens)."""
    return types.SimpleNamespace(identity_provider=types.SimpleNamespace(token="t"),
                                 contents_manager=types.SimpleNamespace(), root_dir=str(lab.CHAPTERS),
                                 start=lambda: None, **{"sock": "", "ip": "127.0.0.1", "port": 8888, **where})


@pytest.mark.parametrize("where, said", [
    ({"sock": "/run/user/lab.sock"}, "on the UNIX socket /run/user/lab.sock, which no browser opens: forward a port "
                                     "to it (the log below shows an ssh -L command) and open the URL with the token "
                                     "printed below, open a chapter"),
    ({"port": 8890}, "at 127.0.0.1, port 8890; open the URL with the token printed below, open a chapter"),
])
def test_the_start_line_says_where_jupyter_serves(lab, capsys, monkeypatch, where, said):
    """With a socket the line said 'open the URL', which no browser opens; on a port it did not say which (8888 or
    the next free one)."""
    from jupyterlab.labapp import LabApp

    monkeypatch.setattr(lab, "install_kernel", lambda: None)
    monkeypatch.setattr(LabApp, "initialize_server", classmethod(lambda cls, argv=None: _server(lab, **where)))
    assert lab.main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("lab: JupyterLab on book/chapters with the crossbar kernel, " + said), out
    assert out.count("\n") == 1 and ("127.0.0.1" in out) == ("port" in where)


def test_socket_and_port_probes_leave_no_socket_behind(lab, tmp_path):
    """Guard (passes before and after): the lab's own bind of the socket path is undone."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as stale:
        stale.bind(str(tmp_path / "stale.sock"))
    assert lab.path_problem([f"--ServerApp.sock={tmp_path}/stale.sock", "--ServerApp.sock_mode=600"]) is None
    assert os.listdir(tmp_path) == ["stale.sock"]
