"""Run the book's chapters live: JupyterLab from this interpreter (the project's .venv).

    python scripts/lab.py [JUPYTER SERVER/LAB OPTIONS ...]      (``make lab``)

* the ``crossbar`` kernel is installed into the venv first (as scripts/build_book.py does), and
  is the default kernel; the chapter notebooks ask for it by name;
* the server listens on 127.0.0.1 only, on port 8888 or the next free one, and requires a
  token: open the URL it prints (``http://127.0.0.1:PORT/lab?token=...``). It refuses to start
  if a configuration file turned the token off;
* it serves book/chapters, the source notebooks. Saving a notebook under book/ writes it as the
  repository keeps it: code and text, but no outputs, execution counts or widget state
  (tests/test_book_sources.py requires that; the executed copies are the build's business);
* JupyterLab fetches no news, checks for no updates and searches no extension index: nothing
  leaves the machine. Packages come from requirements.txt, not from JupyterLab's extension panel.

Options after the script name are Jupyter's and override the defaults above, e.g.
``make lab LAB_ARGS="--port=9999"``. A port outside 1 ... 65535, an address that is not one or is
empty, a folder to serve that does not exist, or an option JupyterLab does not know (``--port=70000``,
``--ip=256.1.1.1``, ``--ip=``, ``--frobnicate``) is refused in one line with status 2 before anything
starts: Jupyter would take 70000 modulo 65536 and print a URL it does not listen on, and serve on
every interface for an empty address. ``--help`` prints this script's usage. The ipywidgets front end comes with ipywidgets
(jupyterlab_widgets, a prebuilt extension found in the venv): nothing is installed by hand.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from pathlib import Path

from build_book import KERNEL, ROOT, BuildError, install_kernel

CHAPTERS = ROOT / "book" / "chapters"


def save_without_outputs(model, path, contents_manager, **_):
    """ContentsManager pre-save hook: a notebook under book/ is saved without outputs,
    execution counts or widget state, as the repository keeps it (anywhere else: untouched)."""
    if model.get("type") != "notebook":
        return
    if not (Path(contents_manager.root_dir) / path).resolve().is_relative_to(ROOT / "book"):
        return
    notebook = model["content"]
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    notebook.get("metadata", {}).pop("widgets", None)


#: The project's defaults: Jupyter option -> value (an option given on the command line wins).
DEFAULTS = {
    "ServerApp.root_dir": str(CHAPTERS),
    "ServerApp.ip": "127.0.0.1",
    "ServerApp.port": "8888",
    "ServerApp.open_browser": "False",
    "MappingKernelManager.default_kernel_name": KERNEL,
    "LabApp.news_url": "None",
    "LabApp.check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
    "LabApp.extension_manager": "readonly",
    # Containers and CI run as root; the server still listens on loopback only, behind a token.
    "ServerApp.allow_root": str(os.geteuid() == 0),
}
#: Jupyter's short spellings of the options above.
ALIASES = {"root-dir": "ServerApp.root_dir", "notebook-dir": "ServerApp.root_dir", "ip": "ServerApp.ip",
           "port": "ServerApp.port", "no-browser": "ServerApp.open_browser",
           "browser": "ServerApp.open_browser"}


def lab_arguments(extra=()):
    """The JupyterLab command line: the project's defaults, except those that `extra` sets, then `extra`.

    (traitlets refuses an option given twice, so a default is dropped rather than overridden.)
    """
    given = set()
    for arg in extra:
        name = arg.lstrip("-").split("=", 1)[0]
        given.add(ALIASES.get(name, name))
    return [f"--{name}={value}" for name, value in DEFAULTS.items() if name not in given] + list(extra)


def option_values(extra, option):
    """(name, value) of every value `extra` gives Jupyter option `option` (``--port=V``, ``--port V`` or
    its long name); value None where the option ends the line or another option follows it."""
    names = {option} | {f"--{short}" for short, long in ALIASES.items() if f"--{long}" == option}
    values = []
    for k, arg in enumerate(extra):
        name, equals, value = arg.partition("=")
        if name in names:
            if equals:
                values.append((name, value))
            else:
                values.append((name, extra[k + 1] if k + 1 < len(extra) and not extra[k + 1].startswith("--")
                               else None))
    return values


def address_problem(extra):
    """Why the port or the address that `extra` asks for cannot be used as given, or None."""
    for name, port in option_values(extra, "--ServerApp.port"):
        if port is None:
            return f"{name}: expected a TCP port 1 ... 65535 after it (--port=8888 or --port 8888)"
        if not (port.strip().isdigit() and 1 <= int(port) <= 65535):
            return f"{name}={port}: expected a TCP port 1 ... 65535"
    for name, ip in option_values(extra, "--ServerApp.ip"):
        if ip is None:
            return f"{name}: expected an address after it (--ip=127.0.0.1 or --ip 127.0.0.1)"
        if not ip.strip():  # Jupyter reads an empty address as every interface: an unset $IP would do that
            return f"{name}={ip}: is empty; expected an address (the default is 127.0.0.1)"
        if ip == "*":  # Jupyter's own spelling of every interface, asked for explicitly
            continue
        try:
            ipaddress.ip_address(ip)
            continue
        except ValueError:
            pass
        try:
            socket.getaddrinfo(ip, None)
        except (socket.gaierror, UnicodeError, ValueError) as exc:
            return f"{name}={ip}: not an address of this machine's networks ({exc.args[-1] if exc.args else exc})"
    for name, folder in option_values(extra, "--ServerApp.root_dir"):
        if folder is None or not folder.strip():
            return f"{name}: expected the folder to serve after it"
        if not Path(folder).is_dir():
            return f"{name}={folder}: no such folder; expected the folder to serve (the default is book/chapters)"
    return None


def option_problem(extra):
    """Why an option of `extra` is not one JupyterLab knows, or None. Jupyter itself says so only after
    about 6 s of start-up, with its 20-line usage."""
    from jupyter_server import serverapp
    from jupyterlab.labapp import LabApp

    known = {str(k) for table in (LabApp.aliases, LabApp.flags, serverapp.aliases, serverapp.flags) for k in table}
    known |= set(ALIASES)
    for arg in extra:
        if not arg.startswith("-"):
            continue
        name = arg.lstrip("-").split("=", 1)[0]
        if "." in name or name in known:  # Class.trait=value: traitlets checks the value
            continue
        return (f"{arg}: not an option of JupyterLab; expected --Class.trait=value or one of its short options "
                "(see .venv/bin/jupyter lab --help-all)")
    return None


USAGE = """usage: python scripts/lab.py [JUPYTER OPTIONS ...]      (make lab LAB_ARGS="...")

JupyterLab on book/chapters with the crossbar kernel, on 127.0.0.1, port 8888 or the next free one, behind a
token (open the URL it prints). Any JupyterLab option may follow, e.g. --port=9999; for their list run
  .venv/bin/jupyter lab --help-all"""


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if any(arg in ("-h", "--help", "--help-all") for arg in argv):  # Jupyter's own help fails on LabApp's aliases
        print(USAGE)
        return 0
    problem = address_problem(argv) or option_problem(argv)
    if problem is not None:
        print(f"lab: {problem}", file=sys.stderr)
        return 2
    try:
        install_kernel()
    except BuildError as exc:
        print(f"lab: {exc}", file=sys.stderr)
        return 1
    from jupyterlab.labapp import LabApp

    try:
        server = LabApp.initialize_server(argv=lab_arguments(argv))
    except (OSError, ValueError) as exc:  # an address that cannot be bound, a value traitlets refuses
        print(f"lab: cannot start JupyterLab: {' '.join(str(exc).split()) or type(exc).__name__}", file=sys.stderr)
        return 2
    if not server.identity_provider.token:
        print("lab: refusing to start without a token (a Jupyter configuration file sets an empty one)",
              file=sys.stderr)
        return 2
    server.contents_manager.pre_save_hook = save_without_outputs
    root = Path(server.root_dir)
    shown = root.relative_to(ROOT) if root.is_relative_to(ROOT) else root
    print(f"lab: JupyterLab on {shown} with the {KERNEL} kernel, at {server.ip}; open the URL with the "
          f"token printed below, open a chapter, Run > Run All Cells. Ctrl-C twice stops it.", flush=True)
    server.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
