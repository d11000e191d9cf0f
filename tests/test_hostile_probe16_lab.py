"""Probe 16c's findings on the lab (issue 20, L1-L3): an option spelled with one dash bypassed the lab's checks
(-ServerApp.ip= served on every interface, -ServerApp.port=\u0663 on port 3, -port=70000 was ignored with a warning);
a certificate, a key, a notebook to open or a socket that Jupyter cannot use failed only after the kernel install (a
KeyError traceback, a server listening nowhere); a token given under two names was taken without a word."""

import os
import shutil
import socket
import subprocess

import pytest

from test_hostile_probe12_cli import lab  # noqa: F401 - the lab script with its kernel install refused


def refused(lab, capsys, argv):
    """The one line main prints for `argv`, which it refuses with status 2 before the kernel install."""
    assert lab.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("lab: ") and err.count("\n") == 1, err
    return err[len("lab: "):-1]


# L1. one dash (or three): the lab's checks read Jupyter's options as --name


@pytest.mark.parametrize("arg", ["-ServerApp.ip=", "-ServerApp.port=\u0663", "-NotebookApp.port=\u0663",
                                 "-ServerApp.port=70000", "-port=\u0663", "-port=70000", "-ip=8.8.8.8",
                                 "-ServerApp.ip=8.8.8.8", "-ServerApp.root_dir=/nonexistent", "-notebook-dir=/nonexistent",
                                 "-generate-config", "---ServerApp.ip=", "-ServerApp.token=abc"])
def test_an_option_with_one_dash_is_refused_naming_its_two_dash_spelling(lab, capsys, arg):
    dashes = len(arg) - len(arg.lstrip("-"))
    assert refused(lab, capsys, [arg]) == (f"{arg}: {'one dash' if dashes == 1 else '3 dashes'}; expected two, as the "
                                           f"lab checks Jupyter's options: --{arg.lstrip('-')}")


def test_the_two_dash_spelling_is_checked_as_before(lab, capsys):
    """Guard: what the one-dash message points to is checked as it was (valid input passes dash_problem)."""
    assert refused(lab, capsys, ["--ServerApp.ip="]).startswith("--ServerApp.ip=: is empty")
    for given in (["-y"], ["--port=9999"], ["--ServerApp.port", "8888"], ["-5"], ["-"], ["nothing.ipynb"]):
        assert lab.dash_problem(given) is None, given


# L2. certificate, key, notebook to open, socket


def test_a_key_without_its_certificate_is_refused(lab, capsys):
    """Jupyter: a 30-line traceback, KeyError: 'missing key "certfile" in ssl_options', status 1."""
    assert refused(lab, capsys, ["--ServerApp.keyfile=/nonexistent.key"]) == (
        "--ServerApp.keyfile=/nonexistent.key: a key without its certificate; give the certificate too: "
        "--ServerApp.certfile=FILE")


@pytest.mark.parametrize("argv, line", [
    (["--ServerApp.certfile=/nonexistent.pem"], "--ServerApp.certfile=/nonexistent.pem: no such file; expected a file "
                                                "of a certificate (PEM)"),
    (["--certfile=/"], "--certfile=/: is a folder; expected a file of a certificate (PEM)"),
    (["--ServerApp.client_ca=/nonexistent.pem"], "--ServerApp.client_ca=/nonexistent.pem: no such file; expected a "
                                                 "file of certificate authorities (PEM)"),
])
def test_a_certificate_file_that_is_not_there_is_refused(lab, capsys, argv, line):
    """Jupyter: its log, then 'certfile "/nonexistent.pem" does not exist', after the kernel install."""
    assert refused(lab, capsys, argv) == line


def test_a_file_that_holds_no_certificate_is_refused(lab, capsys, tmp_path):
    """Jupyter: '[SSL] PEM lib (_ssl.c:3905)' after the kernel install."""
    (tmp_path / "junk.pem").write_text("not a certificate\n")
    assert refused(lab, capsys, [f"--ServerApp.certfile={tmp_path}/junk.pem"]) == (
        f"--ServerApp.certfile={tmp_path}/junk.pem: TLS cannot load a certificate and its key from it (no certificate "
        "or key in PEM form); expected one PEM file of both, or the key in --ServerApp.keyfile=FILE")


def _certificate(folder, name, *options):
    done = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", *options, "-keyout", f"{folder}/{name}.key",
                           "-out", f"{folder}/{name}.pem", "-days", "2", "-subj", "/CN=localhost"], capture_output=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl makes the test's certificates")
def test_a_certificate_and_a_key_of_another_are_refused_and_a_pair_passes(lab, capsys, tmp_path):
    _certificate(tmp_path, "a", "-nodes")
    _certificate(tmp_path, "b", "-nodes")
    _certificate(tmp_path, "locked", "-passout", "pass:secret")
    argv = [f"--ServerApp.certfile={tmp_path}/a.pem", f"--ServerApp.keyfile={tmp_path}/b.key"]
    assert refused(lab, capsys, argv) == f"{argv[0]} and {argv[1]}: TLS cannot load a certificate and its key from " \
                                         "them (key values mismatch)"
    # guard: a certificate with its key, with a pass phrase (Jupyter asks for it), in one file, as authority
    (tmp_path / "both.pem").write_text((tmp_path / "a.pem").read_text() + (tmp_path / "a.key").read_text())
    for given in ([f"--ServerApp.certfile={tmp_path}/a.pem", f"--ServerApp.keyfile={tmp_path}/a.key"],
                  [f"--certfile={tmp_path}/locked.pem", f"--keyfile={tmp_path}/locked.key"],
                  [f"--ServerApp.certfile={tmp_path}/both.pem", f"--ServerApp.client_ca={tmp_path}/b.pem"]):
        assert lab.path_problem(given) is None, given


@pytest.mark.parametrize("argv, line", [
    (["--ServerApp.file_to_run=/nonexistent.ipynb"], "--ServerApp.file_to_run=/nonexistent.ipynb: lies outside the "
                                                     "folder JupyterLab serves ({chapters}); expected a notebook inside it"),
    (["--ServerApp.file_to_run=nothing.ipynb"], "--ServerApp.file_to_run=nothing.ipynb: no such file in the folder "
                                                "JupyterLab serves ({chapters}); expected a notebook there, read relative "
                                                "to it"),
])
def test_a_notebook_to_open_missing_or_outside_the_folder_served_is_refused(lab, capsys, argv, line):
    """Jupyter printed the URL, then "`root_dir` and `file_to_run` are incompatible" (the positional argument's check
    did not cover its trait spelling)."""
    chapters = os.path.relpath(lab.CHAPTERS) if lab.CHAPTERS.is_relative_to(os.getcwd()) else str(lab.CHAPTERS)
    assert refused(lab, capsys, argv) == line.format(chapters=chapters)


def test_a_notebook_to_open_in_the_folder_served_passes(lab, tmp_path):
    """Guard: read relative to the folder served, book/chapters or --ServerApp.root_dir."""
    chapter = sorted(lab.CHAPTERS.glob("*.ipynb"))[0]
    (tmp_path / "mine.ipynb").write_text("{}")
    for given in ([f"--ServerApp.file_to_run={chapter.name}"], [f"--ServerApp.file_to_run={chapter}"],
                  [f"--ServerApp.root_dir={tmp_path}", "--ServerApp.file_to_run=mine.ipynb"]):
        assert lab.path_problem(given) is None, given


def test_a_socket_in_a_missing_folder_is_refused(lab, capsys):
    """Jupyter: 'Exception in callback ..._bind_http_server', a traceback in its log, and a server that stayed up
    listening nowhere."""
    assert refused(lab, capsys, ["--ServerApp.sock=/nonexistent/dir/x.sock"]) == (
        "--ServerApp.sock=/nonexistent/dir/x.sock: no such folder /nonexistent/dir; expected the path of a socket in an "
        "existing folder")


def test_a_socket_jupyter_cannot_listen_on_is_refused(lab, capsys, tmp_path):
    (tmp_path / "plain").write_text("")
    assert refused(lab, capsys, [f"--ServerApp.sock={tmp_path}/plain"]) == (
        f"--ServerApp.sock={tmp_path}/plain: exists and is not a socket; expected a new path (Jupyter replaces only a "
        "socket)")
    long = f"{tmp_path}/{'x' * 120}.sock"
    assert refused(lab, capsys, [f"--ServerApp.sock={long}"]) == f"--ServerApp.sock={long}: cannot listen on it " \
                                                                  "(AF_UNIX path too long)"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(tmp_path / "live.sock"))
        server.listen()
        assert refused(lab, capsys, [f"--ServerApp.sock={tmp_path}/live.sock"]) == (
            f"--ServerApp.sock={tmp_path}/live.sock: a server already listens on it; give another path")
    assert refused(lab, capsys, [f"--ServerApp.sock={tmp_path}/new.sock", "--port=9999"]) == (
        f"--port=9999 and --ServerApp.sock={tmp_path}/new.sock: a server on a UNIX socket listens on no port (Jupyter "
        "stops); give one of them")


def test_a_socket_jupyter_can_listen_on_passes_and_is_not_left_behind(lab, tmp_path):
    """Guard: a new path, with Jupyter's default port, or a socket no server listens on (Jupyter replaces it)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as stale:
        stale.bind(str(tmp_path / "stale.sock"))
    for given in ([f"--ServerApp.sock={tmp_path}/new.sock"], [f"--ServerApp.sock={tmp_path}/new.sock", "--port=8888"],
                  ["--ServerApp.sock", f"{tmp_path}/stale.sock"]):
        assert lab.path_problem(given) is None, given
    assert sorted(os.listdir(tmp_path)) == ["stale.sock"]


# L3. the token under two names


@pytest.mark.parametrize("argv", [["--IdentityProvider.token=abc", "--ServerApp.token=def"],
                                  ["--NotebookApp.token", "abc", "--IdentityProvider.token=abc"],
                                  ["--IdentityProvider.token=abc", "--PasswordIdentityProvider.token=def"]])
def test_a_token_under_two_names_is_refused(lab, capsys, argv):
    """Jupyter served with one of them, its deprecation warning and the URL's token shown as '...'."""
    first, second = ("=".join(argv[:2]), argv[2]) if len(argv) == 3 else argv
    assert refused(lab, capsys, argv) == (f"{first} and {second} both set the login token, and Jupyter takes one of "
                                          "them without a word; give it once, as --IdentityProvider.token=...")
    for given in (["--IdentityProvider.token=abc"], ["--ServerApp.token=abc"], ["--port=9999"]):
        assert lab.token_problem(given) is None, given
