"""Probe 22c, C22-5, C22-6, C22-7: the lab's environment lines, the configuration files Jupyter finds itself, and a
NUMBA_CHROME_TRACE numba cannot write.

C22-5: a runtime folder Jupyter cannot make because of JUPYTER_DATA_DIR or XDG_DATA_HOME was blamed on HOME=/root (a
HOME that is fine); the line names the variable that decides the folder, as jupyter_core.paths says.
C22-6: a broken file on Jupyter's configuration path (JUPYTER_CONFIG_DIR, ~/.jupyter): Jupyter printed a traceback
and served without it. Invalid JSON or a .py that is no Python is one `lab:` line before the kernel install; a .py
whose code raises (the lab does not run users' files) is one line after Jupyter has loaded it, before serving.
C22-7: NUMBA_CHROME_TRACE=<unwritable> printed the results, then numba's traceback from its exit handler, status 0;
it is one `crossbar: error:` line, status 2, before the run.
"""

import json
import os
import subprocess
import sys

import pytest

from test_hostile_probe12_cli import ROOT, lab  # noqa: F401 - the lab script with its kernel install refused
from test_hostile_probe17_lab import refused

pytest.importorskip("jupyterlab")


def _lab(*argv, env=None):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "lab.py"), *argv], capture_output=True, text=True,
                          timeout=300, cwd=ROOT, stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    return done.returncode, done.stdout, done.stderr


# C22-5: the variable that decides where Jupyter's runtime folder is


@pytest.mark.parametrize("env, said", [
    ({"JUPYTER_DATA_DIR": "/proc/p22c"}, "JUPYTER_DATA_DIR=/proc/p22c: /proc/p22c/runtime (Jupyter's runtime folder) "
                                         "cannot be made or written to: No such file or directory"),
    ({"XDG_DATA_HOME": "/proc/p22c"}, "XDG_DATA_HOME=/proc/p22c: /proc/p22c/jupyter/runtime (Jupyter's runtime "
                                      "folder) cannot be made or written to: No such file or directory"),
    ({"JUPYTER_DATA_DIR": "/etc/passwd"}, "JUPYTER_DATA_DIR=/etc/passwd: /etc/passwd/runtime (Jupyter's runtime "
                                          "folder) cannot be made or written to: Not a directory"),
    ({"JUPYTER_PLATFORM_DIRS": "1", "XDG_DATA_HOME": "/proc/p22c"}, "XDG_DATA_HOME=/proc/p22c: /proc/p22c/jupyter/"
                                                                    "runtime (Jupyter's runtime folder)"),
    ({"JUPYTER_DATA_DIR": "/proc/p22c", "XDG_DATA_HOME": "/proc/other"}, "JUPYTER_DATA_DIR=/proc/p22c: /proc/p22c/"
                                                                         "runtime (Jupyter's runtime folder)"),
])
@pytest.mark.skipif(sys.platform != "linux", reason="Jupyter's folders as Linux places them")
def test_a_runtime_folder_that_cannot_be_made_names_the_variable_that_put_it_there(env, said):
    """It said 'HOME=/root: ...', a HOME that is fine, and not the variable to change."""
    status, out, err = _lab(env={"JUPYTER_RUNTIME_DIR": "", **env})
    assert (status, out) == (2, "")
    assert err.startswith(f"lab: {said}") and err.count("\n") == 1, err


def test_guard_the_runtime_folder_variable_is_asked_of_jupyter_core(monkeypatch, tmp_path):
    """Guard: JUPYTER_RUNTIME_DIR outranks JUPYTER_DATA_DIR, and a variable that moves nothing is not named."""
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    from jupyter_core.paths import jupyter_runtime_dir
    from lab_files import RUNTIME_VARIABLES, deciding_variable

    for name in RUNTIME_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    assert deciding_variable(jupyter_runtime_dir, RUNTIME_VARIABLES) == "HOME"
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    assert deciding_variable(jupyter_runtime_dir, RUNTIME_VARIABLES) == "JUPYTER_DATA_DIR"
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    assert deciding_variable(jupyter_runtime_dir, RUNTIME_VARIABLES) == "JUPYTER_RUNTIME_DIR"
    assert os.environ["JUPYTER_DATA_DIR"] == str(tmp_path / "data")  # put back


# C22-6: the configuration files Jupyter finds on its configuration path

FOUND = "Jupyter finds it on its configuration path and would start without it after a traceback; fix or remove it"


@pytest.mark.parametrize("name, text, why", [
    ("jupyter_server_config.json", '{"ServerApp": {\n',
     "not valid JSON (line 2, column 1: Expecting property name enclosed in double quotes)"),
    ("jupyter_lab_config.json", '{"LabApp": {"x": 1,}}\n', "not valid JSON (line 1, column 20: Expecting property "
                                                          "name enclosed in double quotes)"),
    ("jupyter_config.json", "", "not valid JSON (line 1, column 1: Expecting value)"),
    ("jupyter_server_config.d/extension.json", '{"ServerApp": {"jpserver_extensions": {"x": true}\n',
     "not valid JSON (line 2, column 1: Expecting ',' delimiter)"),
    ("jupyter_server_config.py", "c.ServerApp.ip = (\n", "not valid Python (line 1: '(' was never closed)"),
    ("jupyter_lab_config.py", "c = 1\nc.LabApp.x = = 2\n", "not valid Python (line 2: invalid syntax)"),
])
def test_a_broken_configuration_file_jupyter_finds_itself_is_one_line_before_the_install(
        lab, capsys, monkeypatch, tmp_path, name, text, why):  # noqa: F811 - the fixture
    """Jupyter logged a traceback (or 'Invalid JSON in ..., skipping') and served without the file's settings."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path))
    assert refused(lab, capsys, []) == f"{path}: {why}; {FOUND}"
    assert refused(lab, capsys, ["--port=9999"]) == f"{path}: {why}; {FOUND}"


def test_a_broken_configuration_file_is_named_with_a_config_file_given_too(
        lab, capsys, monkeypatch, tmp_path):  # noqa: F811 - the fixture
    """The server's extension manager reads jupyter_server_config.json on the path whatever --config names."""
    (tmp_path / "jupyter_server_config.json").write_text("{,}")
    given = tmp_path / "given"
    given.mkdir()
    (given / "lab.py").write_text("c.ServerApp.port_retries = 3\n")
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path))
    assert refused(lab, capsys, [f"--config={given / 'lab.py'}"]).startswith(
        f"{tmp_path / 'jupyter_server_config.json'}: not valid JSON (line 1, column 2: ")


def test_guard_valid_configuration_files_on_the_path_are_taken(lab, monkeypatch, tmp_path):  # noqa: F811
    """Guard: valid files (and an empty .py, an empty .d file, which Jupyter skips) pass the lab's checks."""
    (tmp_path / "jupyter_server_config.json").write_text(json.dumps({"ServerApp": {"port_retries": 3}}))
    (tmp_path / "jupyter_lab_config.py").write_text("# -*- coding: utf-8 -*-\nc.ServerApp.port_retries = 3\n")
    (tmp_path / "jupyter_config.py").write_text("")
    (tmp_path / "jupyter_server_config.d").mkdir()
    (tmp_path / "jupyter_server_config.d" / "empty.json").write_text("")
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path))
    assert lab.path_problem([]) is None


def test_guard_a_config_file_that_is_no_python_is_refused_as_before(lab, capsys, tmp_path):  # noqa: F811
    """Guard: one check for both (lab_config.unloadable), and a --config file that is no Python is refused as before."""
    path = tmp_path / "lab.py"
    path.write_text("c.ServerApp.ip = (\n")
    assert refused(lab, capsys, [f"--config={path}"]) == (
        f"--config={path}: Jupyter cannot load it (SyntaxError: '(' was never closed (lab.py, line 1)) and would start "
        "without it; fix it, or drop --config")


# a .py whose code raises when Jupyter runs it: one line after Jupyter has loaded it, before serving (the lab runs no
# user's file itself); here with the kernel install skipped and the server's start replaced by a word

DRIVER = """
import sys
sys.path.insert(0, sys.argv[1])
import lab
from jupyter_server.serverapp import ServerApp
lab.install_kernel = lambda: None
ServerApp.start = lambda self: print("served", flush=True)
sys.exit(lab.main(sys.argv[2:]))
"""


def _driven(tmp_path, *argv):
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    done = subprocess.run([sys.executable, "-c", DRIVER, str(ROOT / "scripts"), "--no-browser", *argv],
                          capture_output=True, text=True, timeout=300, cwd=ROOT, stdin=subprocess.DEVNULL, env=env)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("name, text, line, said", [
    ("jupyter_server_config.py", "raise RuntimeError('boom')\n", 1, "RuntimeError: boom"),
    ("jupyter_lab_config.py", "c.ServerApp.port_retries = 3\nimport no_such_module_p22c\n", 2,
     "ModuleNotFoundError: No module named 'no_such_module_p22c'"),
    ("jupyter_config.py", "x = 1 / 0\n", 1, "ZeroDivisionError: division by zero"),
])
def test_a_configuration_file_whose_code_raises_is_refused_before_serving(tmp_path, name, text, line, said):
    """Jupyter logged 'Exception while loading config file' with a traceback and served without the file."""
    (tmp_path / name).write_text(text)
    status, out, err = _driven(tmp_path)
    assert (status, out) == (2, ""), err
    assert "Traceback" not in err, err
    assert err.splitlines()[-1] == (f"lab: {tmp_path / name}, line {line}: Jupyter cannot run it ({said}) and would "
                                    "serve without it; fix or remove it"), err


def test_guard_a_valid_configuration_file_is_served_with(tmp_path):
    """Guard: a .py that runs is read by Jupyter and the lab serves."""
    (tmp_path / "jupyter_server_config.py").write_text("c.ServerApp.port_retries = 7\n")
    status, out, err = _driven(tmp_path)
    assert (status, out.splitlines()[-1]) == (0, "served"), err
    assert "Traceback" not in err, err


# C22-7: NUMBA_CHROME_TRACE


def _crossbar(*argv, trace, cwd):
    env = {**os.environ, "NUMBA_CHROME_TRACE": trace, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "crossbar", *argv], capture_output=True, text=True, timeout=600,
                          cwd=cwd, stdin=subprocess.DEVNULL, env=env)
    return done.returncode, done.stdout, done.stderr


def test_a_trace_numba_cannot_write_is_refused_before_the_run(tmp_path):
    """The probe's case: the JSON of the reference run, then numba's atexit traceback, status 0."""
    trace = "/proc/p22c/trace.json"
    assert _crossbar("train", "--json", trace=trace, cwd=tmp_path) == (
        2, "", f"crossbar: error: NUMBA_CHROME_TRACE={trace}: numba writes its trace there at exit and cannot (No "
               "such file or directory); expected a writable file, or unset it\n")


@pytest.mark.parametrize("trace, why", [
    ("{tmp}/missing/trace.json", "No such file or directory"),
    ("{tmp}/file/trace.json", "Not a directory"),
    ("{tmp}", "Is a directory"),
    ("missing/trace.json", "No such file or directory"),
    ("{tmp}/link.json", "No such file or directory"),
])
def test_each_trace_path_numba_cannot_write_is_one_line(tmp_path, trace, why):
    (tmp_path / "file").write_text("x")
    (tmp_path / "link.json").symlink_to(tmp_path / "missing" / "target.json")
    trace = trace.format(tmp=tmp_path)
    status, out, err = _crossbar("--help", trace=trace, cwd=tmp_path)
    assert (status, out) == (2, "")
    assert err == (f"crossbar: error: NUMBA_CHROME_TRACE={trace}: numba writes its trace there at exit and cannot "
                   f"({why}); expected a writable file, or unset it\n")
    assert sorted(os.listdir(tmp_path)) == ["file", "link.json"]


def test_guard_a_writable_trace_is_written_and_checked_without_touching_it(tmp_path):
    """Guard: a writable trace path runs and numba writes its trace; the check itself neither makes nor empties the
    user's file."""
    import crossbar

    kept = tmp_path / "kept.json"
    kept.write_text("old")
    assert crossbar._unwritable_trace(str(kept)) is None and kept.read_text() == "old"
    assert crossbar._unwritable_trace(str(tmp_path / "new.json")) is None
    assert os.listdir(tmp_path) == ["kept.json"]
    status, out, err = _crossbar("--help", trace="trace.json", cwd=tmp_path)
    assert (status, err) == (0, ""), err
    assert isinstance(json.loads((tmp_path / "trace.json").read_text()), list)
