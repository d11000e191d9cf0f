"""Probe 19c, L3 and L4 (`make lab --config=FILE`): a configuration file whose code ends the program (``sys.exit(3)``,
``raise KeyboardInterrupt``) ended the lab with its status and no word, or a traceback; settings the lab refuses on its
command line were left to Jupyter when the file gave them (a socket in a missing folder served nowhere, ``c.Bogus.x =
1`` was ignored without a word, ``c.ServerApp.bogus = 1`` warned, a notebook outside the folder served, a required
password, a missing certificate and ``port_retries = -1`` stopped the server after the kernel install, and a password
was blamed as "an empty one"). Each is refused in one `lab:` line naming the file and the setting, with status 2,
before the kernel install; a Ctrl-C while the file loads still interrupts the lab. Only the lab's checks run here (the
scripts in a child end before the kernel install): no server."""

import json
import os
import subprocess
import sys
import types

import pytest

from test_hostile_probe12_cli import ROOT, lab  # noqa: F401 - the lab script with its kernel install refused
from test_hostile_probe17_lab import refused

HELP = "see .venv/bin/jupyter lab --help-all"
TOKEN = "(a token is made for you)"


def _config(tmp_path, text, name="lab_config.py"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def _lab_script(*argv):
    """scripts/lab.py run in a child: (status, stderr)."""
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "lab.py"), *argv], capture_output=True, text=True,
                          timeout=300, cwd=ROOT, stdin=subprocess.DEVNULL)
    return done.returncode, done.stderr


# L3: a file whose code ends the program


ENDS = ("its code ends the program, and Jupyter would end with it after the kernel install; fix it, or drop --config")


@pytest.mark.parametrize("text, what", [
    ("import sys\nsys.exit(3)\n", "SystemExit: 3"),
    ("import sys\nsys.exit(0)\n", "SystemExit: 0"),
    ("import sys\nsys.exit('bye')\n", "SystemExit: bye"),
    ("raise KeyboardInterrupt\n", "KeyboardInterrupt: raised by its code"),
])
def test_a_configuration_file_that_ends_the_program_is_refused_in_one_line(tmp_path, text, what):
    """sys.exit(3): status 3 and no output; sys.exit(0): status 0 and no output; raise KeyboardInterrupt: a traceback
    and status 130."""
    path = _config(tmp_path, text)
    status, err = _lab_script(f"--config={path}")
    assert (status, err) == (2, f"lab: --config={path}: Jupyter cannot load it ({what}): {ENDS}\n")


def test_a_ctrl_c_while_the_configuration_file_loads_interrupts_the_lab_in_one_line(tmp_path):
    """A SIGINT (here the file's own, as a Ctrl-C delivers it) is an interrupt, not the file's fault: status 130 and
    one line (it was a traceback)."""
    path = _config(tmp_path, "import os, signal, time\nos.kill(os.getpid(), signal.SIGINT)\ntime.sleep(30)\n")
    assert _lab_script(f"--config={path}") == (130, "lab: interrupted\n")


def test_a_configuration_file_that_ends_the_program_is_refused_by_the_check_itself(lab, tmp_path):
    """The check returns a line rather than let SystemExit through main (it left main with status 3)."""
    path = _config(tmp_path, "raise SystemExit(3)\n")
    assert lab.path_problem([f"--config={path}"]) == f"--config={path}: Jupyter cannot load it (SystemExit: 3): {ENDS}"


# L4: a file's settings go through the command line's checks


def _password(shown):
    return (f"{shown}: a password turns off the token (Jupyter makes none when one is set), and the lab logs in with "
            f"a token; drop it from the file {TOKEN}")


L4 = [  # (the file's line, or a JSON object; the refusal after 'FILE: ')
    ('c.ServerApp.sock = "/nonexistent_p20/s.sock"', "c.ServerApp.sock = '/nonexistent_p20/s.sock': no such folder "
                                                     "/nonexistent_p20; expected the path of a socket in an existing "
                                                     "folder"),
    ("c.Bogus.x = 1", "c.Bogus.x = 1: JupyterLab reads no settings of a class Bogus; expected c.Class.trait = value of "
                      f"a class it reads, such as ServerApp or LabApp ({HELP})"),
    ("c.ServerApp.bogus = 1", f"c.ServerApp.bogus = 1: ServerApp has no setting bogus; {HELP}"),
    ("c.ServerApp.port_retires = 3", "c.ServerApp.port_retires = 3: ServerApp has no setting port_retires (did you "
                                     f"mean ServerApp.port_retries?); {HELP}"),
    ('c.ServerApp.file_to_run = "/nonexistent_p20.ipynb"', "c.ServerApp.file_to_run = '/nonexistent_p20.ipynb': lies "
                                                           "outside the folder JupyterLab serves (book/chapters); "
                                                           "expected a notebook inside it"),
    ("c.ServerApp.password_required = True", "c.ServerApp.password_required = True: the lab logs in with a token, and "
                                             "a required password replaces it (Jupyter stops without one and makes no "
                                             f"token with one); drop it from the file {TOKEN}"),
    ('c.ServerApp.certfile = "/nonexistent_p20.pem"', "c.ServerApp.certfile = '/nonexistent_p20.pem': no such file; "
                                                      "expected a file of a certificate (PEM)"),
    ("c.ServerApp.port_retries = -1", "c.ServerApp.port_retries = -1: expected a number of further ports to try, 0 or "
                                      "more, for ServerApp.port_retries"),
    ('c.ServerApp.password = "x"', _password("c.ServerApp.password = (a value not shown)")),
    ('c.NotebookApp.password = "x"', _password("c.NotebookApp.password = (a value not shown)")),
    ('c.PasswordIdentityProvider.hashed_password = "sha1:ab:cd"',
     _password("c.PasswordIdentityProvider.hashed_password = (a value not shown)")),
    ('c.IdentityProvider.token = ""', "c.IdentityProvider.token = '': an empty token turns off the login, and the lab "
                                      f"requires one; drop it from the file {TOKEN} or give a token"),
    ('c.ServerApp.sock_mode = "0400"', "c.ServerApp.sock_mode = '0400': the owner cannot read and write the socket "
                                       "(mode 0400), and Jupyter requires it; expected a mode that gives the owner "
                                       "both, such as 0600"),
    ('c.ServerApp.jpserver_extensions.update({"nosuch_p20": True})',
     "c.ServerApp.jpserver_extensions adds {'nosuch_p20': True}: no module 'nosuch_p20' to load as a server extension "
     "here (Jupyter would start without it); install it, or drop it"),
    ("c.port = 1", "c.port = 1: not a setting of a class; expected c.Class.trait = value"),
    ({"ServerApp": {"sock": "/nonexistent_p20/s.sock"}}, "c.ServerApp.sock = '/nonexistent_p20/s.sock': no such folder "
                                                         "/nonexistent_p20; expected the path of a socket in an "
                                                         "existing folder"),
    ({"Bogus": {"x": 1}}, "c.Bogus.x = 1: JupyterLab reads no settings of a class Bogus; expected c.Class.trait = "
                          f"value of a class it reads, such as ServerApp or LabApp ({HELP})"),
    ({"ServerApp": {"password_required": True}}, "c.ServerApp.password_required = True: the lab logs in with a token, "
                                                 "and a required password replaces it (Jupyter stops without one and "
                                                 f"makes no token with one); drop it from the file {TOKEN}"),
    ({"ServerApp": 5}, "c.ServerApp = 5: not a setting of a class; expected c.Class.trait = value"),
]


@pytest.mark.parametrize("setting, why", L4, ids=[str(setting) for setting, _ in L4])
@pytest.mark.parametrize("spelling", ["--config={}", "--config {}"])
def test_a_configuration_file_s_setting_the_command_line_refuses_is_refused_naming_the_file(lab, capsys, tmp_path,
                                                                                             setting, why, spelling):
    if isinstance(setting, dict):
        path = _config(tmp_path, json.dumps(setting), "lab_config.json")
    else:
        path = _config(tmp_path, setting + "\n")
    assert refused(lab, capsys, spelling.format(path).split(" ")) == f"{path}: {why}"


def test_a_password_in_a_configuration_file_is_not_shown(lab, capsys, tmp_path):
    path = _config(tmp_path, 'c.ServerApp.password = "hunter2_p20"\n')
    assert "hunter2_p20" not in refused(lab, capsys, [f"--config={path}"])


def test_a_file_s_token_beside_the_command_line_s_under_another_name_is_refused(lab, capsys, tmp_path):
    """Jupyter takes one of them without a word, as of two on the command line."""
    path = _config(tmp_path, 'c.IdentityProvider.token = "abc"\n')
    assert refused(lab, capsys, [f"--config={path}", "--ServerApp.token=def"]) == (
        f"--ServerApp.token=def and {path}: c.IdentityProvider.token = (a value not shown) both set the login token, "
        "and Jupyter takes one of them without a word; give it once, as --IdentityProvider.token=...")


def test_guard_a_file_s_setting_the_command_line_overrides_is_left_alone(lab, tmp_path):
    """Guard (passes before and after): the command line overrides a file's setting, and Jupyter never reads it."""
    path = _config(tmp_path, "c.ServerApp.port_retries = -1\nc.IdentityProvider.token = ''\n")
    assert lab.path_problem([f"--config={path}", "--ServerApp.port_retries=3", "--IdentityProvider.token=abc"]) is None


def test_guard_a_file_of_settings_jupyter_can_use_passes(lab, tmp_path):
    """Guard (passes before and after): a token, a socket mode, an empty password, no required one, an extension that
    imports added to the list, a list setting extended, in .py and in .json."""
    text = ("c.IdentityProvider.token = 'abc123'\nc.ServerApp.sock_mode = '0600'\nc.ServerApp.password = ''\n"
            "c.ServerApp.password_required = False\nc.ServerApp.jpserver_extensions.update({'jupyterlab': True})\n"
            "c.LabApp.extra_labextensions_path.append('/tmp')\nc.ServerApp.port_retries = 4\n")
    assert lab.path_problem([f"--config={_config(tmp_path, text)}"]) is None
    data = {"IdentityProvider": {"token": "abc123"}, "ServerApp": {"sock_mode": "0600", "password_required": False}}
    assert lab.path_problem([f"--config={_config(tmp_path, json.dumps(data), 'settings.json')}"]) is None


# the files Jupyter finds itself (JUPYTER_CONFIG_DIR, ~/.jupyter, the venv's etc/jupyter): the token checked after
# start-up, naming them


def test_no_token_after_start_up_names_the_files_jupyter_read(lab, capsys, monkeypatch, tmp_path):
    """It said 'a Jupyter configuration file sets an empty one' for a password, and named no file."""
    from jupyterlab.labapp import LabApp

    read = [str(tmp_path / "jupyter_server_config.py")]
    server = types.SimpleNamespace(identity_provider=types.SimpleNamespace(token=""), _loaded_config_files=read)
    monkeypatch.setattr(lab, "install_kernel", lambda: None)
    monkeypatch.setattr(LabApp, "initialize_server", staticmethod(lambda argv=None: server))
    assert lab.main([]) == 2
    assert capsys.readouterr().err == (
        "lab: refusing to start without a token: a Jupyter configuration file turns it off (an empty token, a password "
        f"or a required one; Jupyter read {read[0]})\n")
    assert os.listdir(tmp_path) == []
