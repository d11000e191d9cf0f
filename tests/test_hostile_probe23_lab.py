"""Probe 23c, C23-1 ... C23-4: the lab (scripts/lab.py) and the configuration files and variables Jupyter reads itself.

C23-1: a configuration file on Jupyter's path holding JSON that is valid but no object (``[]``), or whose class
section is none (``{"ServerApp": 5}``): the server's own reading of it stopped with an AttributeError traceback,
status 1. It is one `lab:` line naming the file, status 2, before the kernel install.
C23-2: a configuration .py Jupyter finds itself whose code ends the program: ``sys.exit(3)`` said "its log above says
why" with no log, ``sys.exit(0)`` ended the lab with status 0 and no server, ``raise KeyboardInterrupt`` said
"interrupted" (nobody pressed Ctrl-C). Each is one line naming the file and line, status 2, before serving.
C23-3: JUPYTERLAB_DIR naming a folder without JupyterLab served a page that opens nothing; it is refused as
--LabApp.app_dir is. C23-4: JUPYTER_PORT was overridden by the lab's 8888 without a word (abc, -1 too); the lab serves
on it, checked as --port is (and JUPYTER_PORT_RETRIES as --ServerApp.port_retries is).
"""

import json
import os
import socket
import subprocess
import sys

import pytest

from test_hostile_probe12_cli import ROOT, lab  # noqa: F401 - the lab script with its kernel install refused
from test_hostile_probe17_lab import refused

pytest.importorskip("jupyterlab")

FOUND = "Jupyter finds it on its configuration path and cannot use it"


# C23-1: JSON that holds no settings


def _on_path(monkeypatch, folder, name, data):
    """`data` written as JSON to the file `name` in `folder`, made Jupyter's configuration folder."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(folder))
    return path


@pytest.mark.parametrize("name, data, why", [
    ("jupyter_server_config.json", [], 'holds an array, not a JSON object; expected {"Class": {"trait": value}}'),
    ("jupyter_server_config.d/a.json", [], "holds an array, not a JSON object"),
    ("jupyter_server_config.json", None, "holds null, not a JSON object"),
    ("jupyter_lab_config.json", "x", "holds a string, not a JSON object"),
    ("jupyter_config.json", 5, "holds a number, not a JSON object"),
    ("jupyter_server_config.json", {"ServerApp": 5},
     '"ServerApp" holds a number, not a JSON object; expected {"ServerApp": {"trait": value}}'),
    ("jupyter_server_config.d/a.json", {"ServerApp": []}, '"ServerApp" holds an array, not a JSON object'),
    ("jupyter_notebook_config.json", [], "holds an array, not a JSON object"),
    ("jupyter_notebook_config.d/b.json", {"NotebookApp": True}, '"NotebookApp" holds true or false'),
])
def test_json_that_holds_no_settings_on_the_path_is_one_line_before_the_install(
        lab, capsys, monkeypatch, tmp_path, name, data, why):  # noqa: F811 - the fixture
    """The probe's case: a 25-line traceback ending in "'list' object has no attribute 'items'", status 1."""
    path = _on_path(monkeypatch, tmp_path, name, data)
    said = refused(lab, capsys, [])
    assert said.startswith(f"{path}: {why}") and FOUND in said, said


def test_a_config_file_given_that_holds_no_object_is_refused(lab, capsys, tmp_path):  # noqa: F811 - the fixture
    """--config=FILE.json holding [] was read as no settings at all, without a word."""
    path = tmp_path / "lab.json"
    path.write_text("[1, 2]\n")
    assert refused(lab, capsys, [f"--config={path}"]) == (
        f'--config={path}: holds an array, not a JSON object; expected {{"Class": {{"trait": value}}}}; fix it, or '
        "drop --config")


def test_guard_json_objects_of_settings_on_the_path_pass(lab, monkeypatch, tmp_path):  # noqa: F811 - the fixture
    """Guard: objects (empty, a lower-case key that is no class, a section of settings) pass the check."""
    _on_path(monkeypatch, tmp_path, "jupyter_server_config.json", {"ServerApp": {"port_retries": 3}, "x": 1})
    _on_path(monkeypatch, tmp_path, "jupyter_lab_config.json", {})
    _on_path(monkeypatch, tmp_path, "jupyter_notebook_config.d/a.json", {"NotebookApp": {"nbserver_extensions": {}}})
    assert lab.path_problem([]) is None


# C23-2: a configuration .py Jupyter finds itself whose code ends the program; the lab run as `make lab` runs it (its
# own handling of KeyboardInterrupt included), with the kernel install skipped and the server's start replaced by a word

DRIVER = """
import runpy, sys
scripts = sys.argv[1]
sys.path.insert(0, scripts)
import build_book
build_book.install_kernel = lambda: None
from jupyter_server.serverapp import ServerApp
ServerApp.start = lambda self: print("served", flush=True)
sys.argv = [scripts + "/lab.py", *sys.argv[2:]]
runpy.run_path(scripts + "/lab.py", run_name="__main__")
"""


def _driven(tmp_path, *argv, env=None):
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           **(env or {})}
    done = subprocess.run([sys.executable, "-c", DRIVER, str(ROOT / "scripts"), "--no-browser", *argv],
                          capture_output=True, text=True, timeout=300, cwd=ROOT, stdin=subprocess.DEVNULL, env=env)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("name, text, line, said", [
    ("jupyter_server_config.py", "import sys; sys.exit(3)\n", 1, "SystemExit: 3"),
    ("jupyter_lab_config.py", "c.ServerApp.port_retries = 3\nimport sys\nsys.exit(0)\n", 3, "SystemExit: 0"),
    ("jupyter_config.py", "raise KeyboardInterrupt\n", 1, "KeyboardInterrupt: raised by its code"),
    ("jupyter_jupyter_server_terminals_config.py", "raise SystemExit('bye')\n", 1, "SystemExit: bye"),
])
def test_a_found_configuration_file_whose_code_ends_the_program_is_one_line(tmp_path, name, text, line, said):
    """sys.exit(3): 'its log above says why' with no log; sys.exit(0): status 0, no server; KeyboardInterrupt:
    'interrupted'. Jupyter's other extensions' files (the terminals') are watched as well."""
    (tmp_path / name).write_text(text)
    status, out, err = _driven(tmp_path)
    expected = (f"lab: {tmp_path / name}, line {line}: its code ends the program ({said}) when Jupyter runs it, and "
                "JupyterLab would end with it; fix or remove it")
    assert (status, out, err.splitlines()[-1], "Traceback" in err) == (2, "", expected, False), err


def test_guard_a_ctrl_c_while_a_found_file_runs_still_interrupts(tmp_path):
    """Guard: a SIGINT (a Ctrl-C) that arrives while Jupyter runs the file ends the lab as 'interrupted', 130."""
    (tmp_path / "jupyter_server_config.py").write_text(
        "import os, signal, time\nos.kill(os.getpid(), signal.SIGINT)\ntime.sleep(5)\n")
    status, out, err = _driven(tmp_path)
    assert (status, out, err.splitlines()[-1]) == (130, "", "lab: interrupted"), err


def test_guard_a_found_file_that_runs_is_served_with_and_the_loaders_are_put_back(tmp_path):
    """Guard: a valid .py is read by Jupyter (its setting taken) and the lab serves; traitlets' loaders are put back."""
    (tmp_path / "jupyter_server_config.py").write_text("c.ServerApp.port_retries = 7\n")
    status, out, err = _driven(tmp_path)
    assert (status, out.splitlines()[-1]) == (0, "served"), err
    assert "Traceback" not in err, err
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from lab_config import RaisedFiles
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    from traitlets.config.application import Application
    from traitlets.config.loader import JSONFileConfigLoader, PyFileConfigLoader

    with RaisedFiles() as raised:
        assert issubclass(Application.python_config_loader_class, PyFileConfigLoader)
        assert Application.python_config_loader_class is not PyFileConfigLoader
    assert (Application.python_config_loader_class, Application.json_config_loader_class) == (
        PyFileConfigLoader, JSONFileConfigLoader)
    assert raised.problem() is None


# C23-3, C23-4: the variables Jupyter reads itself


@pytest.mark.parametrize("env, said", [
    ({"JUPYTERLAB_DIR": "/nonexistent"}, "JUPYTERLAB_DIR=/nonexistent: holds no JupyterLab application (no "
                                         "static/index.html in it), and JupyterLab would serve a page that opens "
                                         "nothing; unset it (the default is the venv's share/jupyter/lab)"),
    ({"JUPYTERLAB_DIR": "{tmp}"}, "JUPYTERLAB_DIR={tmp}: holds no JupyterLab application"),
    ({"JUPYTER_PORT": "abc"}, "JUPYTER_PORT=abc: expected a TCP port 1 ... 65535 (Jupyter's variable for the port, "
                              "which the lab serves on when no --port is given)"),
    ({"JUPYTER_PORT": "-1"}, "JUPYTER_PORT=-1: expected a TCP port 1 ... 65535"),
    ({"JUPYTER_PORT": "70000"}, "JUPYTER_PORT=70000: expected a TCP port 1 ... 65535"),
    ({"JUPYTER_PORT": "\u0663"}, "JUPYTER_PORT=\u0663: expected a TCP port 1 ... 65535"),
    ({"JUPYTER_PORT_RETRIES": "-1"}, "JUPYTER_PORT_RETRIES=-1: expected a number of further ports to try, 0 or more"),
    ({"JUPYTER_PORT_RETRIES": "x"}, "JUPYTER_PORT_RETRIES=x: expected a number of further ports to try"),
])
def test_a_variable_jupyter_reads_that_cannot_be_used_is_one_line_before_the_install(
        lab, capsys, monkeypatch, tmp_path, env, said):  # noqa: F811 - the fixture
    """JUPYTERLAB_DIR=/nonexistent logged three errors and served a page that opens nothing; JUPYTER_PORT=abc or -1
    served on 8888 without a word; JUPYTER_PORT_RETRIES=x stopped after the kernel install."""
    for name, value in env.items():
        monkeypatch.setenv(name, value.format(tmp=tmp_path))
    got = refused(lab, capsys, [])
    assert got.startswith(said.format(tmp=tmp_path)), got


def test_jupyter_port_beside_a_socket_is_refused(lab, capsys, monkeypatch, tmp_path):  # noqa: F811 - the fixture
    """Jupyter stops for a port other than its default beside a socket ('--port and --sock are mutually exclusive')."""
    monkeypatch.setenv("JUPYTER_PORT", "9999")
    sock = tmp_path / "lab.sock"
    assert refused(lab, capsys, [f"--sock={sock}"]) == (
        f"JUPYTER_PORT=9999 and --sock={sock}: a server on a UNIX socket listens on no port (Jupyter stops); unset "
        "JUPYTER_PORT or drop the socket")


def test_jupyter_port_busy_with_no_retries_is_refused(lab, capsys, monkeypatch):  # noqa: F811 - the fixture
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        monkeypatch.setenv("JUPYTER_PORT", str(port))
        monkeypatch.setenv("JUPYTER_PORT_RETRIES", "0")
        assert refused(lab, capsys, []) == (
            f"JUPYTER_PORT={port}: port {port} is in use on 127.0.0.1, and JUPYTER_PORT_RETRIES=0 allows no other; "
            "free it, give another --port, or drop port_retries")


def test_the_lab_serves_on_jupyter_port(monkeypatch, tmp_path):
    """The probe's case: JUPYTER_PORT=9999 served on 8888. The lab now passes it on as its port."""
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import lab as script

    monkeypatch.setenv("JUPYTER_PORT", " 18923 ")
    assert "--ServerApp.port=18923" in script.lab_arguments([])
    assert not any(arg.startswith("--ServerApp.port=") for arg in script.lab_arguments(["--port=9"]))  # --port wins
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    status, out, err = _driven(tmp_path, env={"JUPYTER_PORT": str(port), "JUPYTER_PORT_RETRIES": "0"})
    assert (status, out.splitlines()[-1]) == (0, "served"), err
    assert f"at 127.0.0.1, port {port};" in out, out


def test_guard_unset_empty_or_overridden_variables_pass(lab, monkeypatch, tmp_path):  # noqa: F811 - the fixture
    """Guard: empty variables are unset ones (port 8888); a port or app_dir given wins over its variable; the venv's
    own JupyterLab folder passes."""
    from jupyterlab.commands import get_app_dir

    for name in ("JUPYTER_PORT", "JUPYTER_PORT_RETRIES", "JUPYTERLAB_DIR"):
        monkeypatch.setenv(name, "")
    assert lab.path_problem([]) is None and "--ServerApp.port=8888" in lab.lab_arguments([])
    monkeypatch.setenv("JUPYTER_PORT", "abc")
    assert lab.path_problem(["--port=9999"]) is None
    monkeypatch.setenv("JUPYTER_PORT", "")
    venv = get_app_dir()
    monkeypatch.setenv("JUPYTERLAB_DIR", venv)
    assert lab.path_problem([]) is None
    monkeypatch.setenv("JUPYTERLAB_DIR", str(tmp_path))
    assert lab.path_problem([f"--LabApp.app_dir={venv}"]) is None
