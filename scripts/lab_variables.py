"""The variables of the environment that Jupyter reads for a setting the lab checks (scripts/lab.py, probe 23c).

``JUPYTER_PORT`` (the port when none is given) was overridden by the lab's own 8888 without a word, and ``abc`` or
``-1`` served on 8888 too (C23-4): the lab serves on it when neither the command line nor a configuration file gives a
port, checked as ``--port`` is (1 ... 65535, in ASCII digits), and refuses it beside a UNIX socket, on which Jupyter
listens on no port and stops for any port but its default. ``JUPYTER_PORT_RETRIES`` (further ports to try) is checked
as ``--ServerApp.port_retries`` is. ``JUPYTERLAB_DIR`` (JupyterLab's application folder) naming a folder without
JupyterLab served a page that opens nothing (C23-3), as ``--LabApp.app_dir`` does, which is refused the same way. An
empty variable is an unset one, as Jupyter reads it.
"""

from __future__ import annotations

import os
from pathlib import Path

from lab_files import JUPYTER_PORT


def _whole(text, least):
    text = text.strip()
    return text.isascii() and text.isdecimal() and int(text) >= least


def port_variable():
    """The port JUPYTER_PORT gives (its text, stripped), or None where it is unset or empty."""
    return os.environ.get("JUPYTER_PORT", "").strip() or None


def retries_variable():
    """The further ports JUPYTER_PORT_RETRIES gives (its text, stripped), or None where it is unset or empty."""
    return os.environ.get("JUPYTER_PORT_RETRIES", "").strip() or None


def variables_problem(settings):
    """Why a variable Jupyter reads (the module's text) cannot be used, or None. `settings`: (as shown, 'Class.trait',
    value) of the command line and of a configuration file; a setting given there wins over its variable."""
    given = {target: (shown, value) for shown, target, value in settings if value is not None}
    port = port_variable()
    if port is not None and "ServerApp.port" not in given:
        said = os.environ["JUPYTER_PORT"]
        if not (_whole(port, 1) and int(port) <= 65535):
            return (f"JUPYTER_PORT={said}: expected a TCP port 1 ... 65535 (Jupyter's variable for the port, which the "
                    "lab serves on when no --port is given)")
        sock = given.get("ServerApp.sock", ("", ""))
        if str(sock[1]).strip() and int(port) != JUPYTER_PORT:
            return (f"JUPYTER_PORT={said} and {sock[0]}: a server on a UNIX socket listens on no port (Jupyter "
                    "stops); unset JUPYTER_PORT or drop the socket")
    retries = retries_variable()
    if retries is not None and "ServerApp.port_retries" not in given and not _whole(retries, 0):
        return (f"JUPYTER_PORT_RETRIES={os.environ['JUPYTER_PORT_RETRIES']}: expected a number of further ports to "
                "try, 0 or more, in ASCII digits")
    folder = os.environ.get("JUPYTERLAB_DIR")
    if folder and not any(target.rpartition(".")[2] == "app_dir" for target in given):
        from jupyterlab.commands import get_app_dir

        if not (Path(get_app_dir()) / "static" / "index.html").is_file():
            return (f"JUPYTERLAB_DIR={folder}: holds no JupyterLab application (no static/index.html in it), and "
                    "JupyterLab would serve a page that opens nothing; unset it (the default is the venv's "
                    "share/jupyter/lab)")
    return None
