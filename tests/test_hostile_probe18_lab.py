"""Probe 17c, L1 and L2 (`make lab`): a configuration file given with --config that Jupyter cannot load was logged with
a traceback after the kernel install and ignored, a missing one skipped without a word, and a setting of it that the
lab gives on Jupyter's command line itself overridden without a word (``c.ServerApp.port = 70000`` served on 8888);
a folder to start in outside the folder served, a contents folder that does not exist, an application folder without
JupyterLab, a server extension that does not import were Jupyter's to find only after the kernel install (and the
last two served anyway). Each is refused in one `lab:` line with status 2 before it. Only the lab's checks run here:
no kernel install, no server."""

import pytest

from test_hostile_probe12_cli import lab  # noqa: F401 - the lab script with its kernel install refused
from test_hostile_probe17_lab import refused


def _config(tmp_path, text, name="lab_config.py"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


# L1: --config=FILE


@pytest.mark.parametrize("text, name, why", [
    ("c.ServerApp.port = \n", "lab_config.py", "Jupyter cannot load it (SyntaxError: invalid syntax (lab_config.py, "
                                               "line 1)) and would start without it; fix it, or drop --config"),
    ("raise RuntimeError('boom')\n", "lab_config.py", "Jupyter cannot load it (RuntimeError: boom) and would start "
                                                      "without it; fix it, or drop --config"),
    ('{"ServerApp": {"port_retries": \n', "lab_config.json", "Jupyter cannot load it (JSONDecodeError: Expecting "
                                                            "value: line 2 column 1 (char 32)) and would start without "
                                                            "it; fix it, or drop --config"),
])
@pytest.mark.parametrize("spelling", ["--config={}", "--config {}", "--JupyterApp.config_file={}"])
def test_a_configuration_file_jupyter_cannot_load_is_refused(lab, capsys, tmp_path, text, name, why, spelling):
    path = _config(tmp_path, text, name)
    argv = spelling.format(path).split(" ")
    assert refused(lab, capsys, argv) == f"{'='.join(argv)}: {why}"


@pytest.mark.parametrize("name, why", [
    ("missing.py", "no such file; expected a configuration file (Jupyter skips a missing one without a word)"),
    ("folder.py", "is a folder; expected a configuration file (Jupyter skips a missing one without a word)"),
    ("lab.cfg", "Jupyter reads a configuration file ending in .py or .json (it would look for {tmp}/lab.py and .json "
                "in its place)"),
])
def test_a_configuration_file_jupyter_would_skip_is_refused(lab, capsys, tmp_path, name, why):
    (tmp_path / "folder.py").mkdir()
    (tmp_path / "lab.cfg").write_text("c.ServerApp.port_retries = 3\n")
    path = str(tmp_path / name)
    assert refused(lab, capsys, [f"--config={path}"]) == f"--config={path}: {why.format(tmp=tmp_path)}"


@pytest.mark.parametrize("argv", [["--config="], ["--config"]])
def test_a_configuration_option_without_a_file_is_refused(lab, capsys, argv):
    assert refused(lab, capsys, argv) == f"{argv[0]}: expected a configuration file after it (--config=FILE.py)"


@pytest.mark.parametrize("setting, target, default, value", [
    ("c.ServerApp.port = 70000", "ServerApp.port", "8888", "70000"),
    ("c.ServerApp.port = 9999", "ServerApp.port", "8888", "9999"),
    ("c.ServerApp.ip = ''", "ServerApp.ip", "127.0.0.1", ""),
    ("c.ServerApp.open_browser = True", "ServerApp.open_browser", "False", "True"),
])
def test_a_file_setting_the_lab_overrides_is_refused_naming_the_command_line_form(lab, capsys, tmp_path, setting,
                                                                                   target, default, value):
    path = _config(tmp_path, setting + "\n")
    shown = f"{path}: c.{target} = {value if target != 'ServerApp.ip' else repr(value)}"
    shown = shown if target != "ServerApp.open_browser" else f"{path}: c.{target} = True"
    assert refused(lab, capsys, [f"--config={path}"]) == (
        f"{shown}: the lab sets {target} itself ({default}) on Jupyter's command line, which overrides a configuration "
        f"file; give it on the command line instead: --{target}={value}")


def test_guard_a_configuration_file_jupyter_loads_passes(lab, tmp_path):
    """Guard: a file that loads and sets what the lab leaves alone, or what the command line gives too, passes the
    checks (before the fix: not checked at all)."""
    path = _config(tmp_path, "c.ServerApp.port_retries = 3\nc.ServerApp.port = 9999\n")
    assert lab.path_problem([f"--config={_config(tmp_path, 'c.ServerApp.port_retries = 3', 'plain.py')}"]) is None
    assert lab.path_problem([f"--config={path}", "--port=9999"]) is None
    json_path = _config(tmp_path, '{"ServerApp": {"port_retries": 4}}', "settings.json")
    assert lab.path_problem([f"--config={json_path}"]) is None


# L2: settings Jupyter checks only at start-up


def test_a_folder_to_start_in_outside_the_folder_served_is_refused(lab, capsys, tmp_path):
    chapters = lab.CHAPTERS
    for argv in (["--ServerApp.preferred_dir=/nowhere_p18"], [f"--ServerApp.preferred_dir={tmp_path}"],
                 [f"--preferred-dir={tmp_path}"], [f"--FileContentsManager.preferred_dir={tmp_path}"],
                 ["--NotebookApp.preferred_dir=/nowhere_p18"]):
        assert refused(lab, capsys, argv) == (f"{argv[0]}: lies outside the folder JupyterLab serves ({chapters}); "
                                              "expected a folder inside it to start in")


def test_a_folder_to_start_in_that_does_not_exist_is_refused(lab, capsys):
    chapters = lab.CHAPTERS
    for argv in ([f"--ServerApp.preferred_dir={chapters}/missing"], ["--ContentsManager.preferred_dir=missing"]):
        assert refused(lab, capsys, argv) == (f"{argv[0]}: no such folder in the folder JupyterLab serves "
                                              f"({chapters}); expected one to start in")


@pytest.mark.parametrize("owner", ["ContentsManager", "FileContentsManager"])
def test_a_contents_folder_that_does_not_exist_is_refused(lab, capsys, tmp_path, owner):
    argv = [f"--{owner}.root_dir={tmp_path}/missing"]
    assert refused(lab, capsys, argv) == (f"{argv[0]}: no such folder; expected the folder of the notebooks "
                                          "JupyterLab serves")


@pytest.mark.parametrize("spelling", ["--LabApp.app_dir={}", "--app-dir={}", "--app-dir {}"])
def test_an_application_folder_without_jupyterlab_is_refused(lab, capsys, tmp_path, spelling):
    argv = spelling.format(tmp_path).split(" ")
    assert refused(lab, capsys, argv) == (
        f"{'='.join(argv)}: holds no JupyterLab application (no static/index.html in it), and JupyterLab would serve a "
        "page that opens nothing; drop it (the default is the venv's share/jupyter/lab)")


def test_a_server_extension_that_does_not_import_is_refused(lab, capsys):
    argv = ["--ServerApp.jpserver_extensions={'bogus_ext_p18': True}"]
    assert refused(lab, capsys, argv) == (
        f"{argv[0]}: no module 'bogus_ext_p18' to load as a server extension here (Jupyter would start without it); "
        "install it, or drop it")


def test_a_configuration_file_s_folder_settings_are_checked_too(lab, capsys, tmp_path):
    path = _config(tmp_path, "c.ServerApp.preferred_dir = '/nowhere_p18'\n")
    assert refused(lab, capsys, [f"--config={path}"]) == (
        f"{path}: c.ServerApp.preferred_dir = '/nowhere_p18': lies outside the folder JupyterLab serves "
        f"({lab.CHAPTERS}); expected a folder inside it to start in")


def test_guard_settings_jupyter_can_use_pass(lab, tmp_path):
    """Guard (passes before and after): a folder to start in inside the folder served, an existing contents folder,
    the venv's application folder, an extension that imports or one switched off."""
    import jupyterlab.labapp

    chapters = lab.CHAPTERS
    app_dir = jupyterlab.labapp.LabApp().app_dir
    for argv in ([f"--ServerApp.preferred_dir={chapters}"], [f"--FileContentsManager.root_dir={tmp_path}"],
                 [f"--LabApp.app_dir={app_dir}"], ["--ServerApp.jpserver_extensions={'jupyterlab': True}"],
                 ["--ServerApp.jpserver_extensions={'bogus_ext_p18': False}"],
                 [f"--ServerApp.root_dir={tmp_path}", f"--ServerApp.preferred_dir={tmp_path}"]):
        assert lab.path_problem(argv) is None, argv
