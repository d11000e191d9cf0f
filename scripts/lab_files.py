"""The lab's checks of the files and the socket that Jupyter's options name (scripts/lab.py, probe 16c, L2).

A certificate, its key or a certificate authority TLS cannot load, a notebook to open (``--ServerApp.file_to_run``,
read relative to the folder served) missing or outside that folder, a socket (``--ServerApp.sock``) Jupyter cannot
listen on: Jupyter failed on each only after the kernel install (a KeyError traceback for a key without its
certificate, a log line, a server that listened nowhere). Each is refused in one line before anything starts, and so
are a notebook to open given as a positional argument beside a socket and a socket mode Jupyter refuses (issue 20).
"""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

#: Jupyter's default port: with a socket, Jupyter stops on any other port given.
JUPYTER_PORT = 8888


class _Encrypted(Exception):
    """A key with a pass phrase: Jupyter asks for it at start-up, and the lab leaves that to Jupyter."""


def _encrypted():
    raise _Encrypted


def _tls_reason(exc):
    """What ssl says is wrong with a certificate or key file, in words ('key values mismatch')."""
    import ssl

    if isinstance(exc, ssl.SSLError):
        return exc.reason.lower().replace("_", " ") if exc.reason else "no certificate or key in PEM form"
    return exc.strerror or str(exc)


def tls_problem(given):
    """Why the certificate, key and certificate authority files in `given` ('ServerApp.trait' -> (as given, value))
    cannot serve TLS, or None."""
    import ssl

    (cert_shown, cert), (key_shown, key), (ca_shown, ca) = (given.get(f"ServerApp.{name}", (None, None))
                                                           for name in ("certfile", "keyfile", "client_ca"))
    if key and not cert:  # Jupyter: a traceback, KeyError: 'missing key "certfile" in ssl_options'
        return f"{key_shown}: a key without its certificate; give the certificate too: --ServerApp.certfile=FILE"
    for shown, path, what in ((cert_shown, cert, "a certificate"), (key_shown, key, "its private key"),
                              (ca_shown, ca, "certificate authorities")):
        if path and not os.path.isfile(path):
            why = "is a folder" if os.path.isdir(path) else "no such file"
            return f"{shown}: {why}; expected a file of {what} (PEM)"
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        if cert:
            context.load_cert_chain(cert, key, password=_encrypted)
    except _Encrypted:
        pass
    except (OSError, ValueError) as exc:  # an ssl.SSLError is an OSError
        if key:
            return (f"{cert_shown} and {key_shown}: TLS cannot load a certificate and its key from them "
                    f"({_tls_reason(exc)})")
        return (f"{cert_shown}: TLS cannot load a certificate and its key from it ({_tls_reason(exc)}); expected one "
                "PEM file of both, or the key in --ServerApp.keyfile=FILE")
    try:
        if ca:
            context.load_verify_locations(ca)
    except (OSError, ValueError) as exc:
        return f"{ca_shown}: TLS cannot load certificate authorities from it ({_tls_reason(exc)})"
    return None


def notebook_problem(shown, name, root, opened):
    """Why Jupyter cannot open `name` (ServerApp.file_to_run, as `shown`) in the folder `root` it serves, beside the
    positional arguments `opened`, or None. Jupyter reads it relative to `root` and checked neither that it exists nor
    (until after the kernel install: "`root_dir` and `file_to_run` are incompatible") that it lies inside."""
    if opened:  # Jupyter opens the positional argument instead, or reads the notebook relative to it
        return f"{opened[0]} and {shown} both name what Jupyter opens; give one of them"
    root = os.path.abspath(root)
    path = os.path.abspath(os.path.join(root, name))
    where = os.path.relpath(root) if Path(root).is_relative_to(Path.cwd()) else root
    if not Path(path).is_relative_to(root):
        return f"{shown}: lies outside the folder JupyterLab serves ({where}); expected a notebook inside it"
    if not os.path.exists(path):
        return (f"{shown}: no such file in the folder JupyterLab serves ({where}); expected a notebook there, read "
                "relative to it")
    return None


def socket_problem(shown, sock, given, opened=()):
    """Why Jupyter cannot listen on the UNIX socket `sock` (ServerApp.sock, as `shown`) beside the settings `given` and
    the positional arguments `opened`, or None. A socket is bound at the path and removed at once, as the lab binds an
    address to check it."""
    from jupyter_server.utils import unix_socket_in_use

    for other, why in (("ServerApp.port", "listens on no port"), ("ServerApp.file_to_run", "opens no notebook")):
        value = given.get(other, (None, ""))[1].strip()
        if value and not (other == "ServerApp.port" and value.isascii() and value.isdecimal()
                          and int(value) == JUPYTER_PORT):
            return f"{given[other][0]} and {shown}: a server on a UNIX socket {why} (Jupyter stops); give one of them"
    notebook = next((arg for arg in opened if os.path.isfile(arg)), None)
    if notebook is not None:  # Jupyter makes it file_to_run, then "--ServerApp.file_to_run and --sock are mutually
        # exclusive" after the kernel install (issue 20)
        return (f"{notebook} and {shown}: a server on a UNIX socket opens no notebook (Jupyter stops after the kernel "
                "install); drop the notebook and open it from JupyterLab's file browser, or drop the socket")
    folder = os.path.dirname(os.path.abspath(sock))
    if not os.path.isdir(folder):
        why = f"{folder} is a file, not a folder" if os.path.exists(folder) else f"no such folder {folder}"
        return f"{shown}: {why}; expected the path of a socket in an existing folder"
    if os.path.lexists(sock):
        try:
            is_socket = stat.S_ISSOCK(os.stat(sock).st_mode)
        except OSError:
            is_socket = False
        if not is_socket:  # Jupyter: 'File ... exists and is not a socket', and served nowhere
            return f"{shown}: exists and is not a socket; expected a new path (Jupyter replaces only a socket)"
        return f"{shown}: a server already listens on it; give another path" if unix_socket_in_use(sock) else None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.bind(sock)
        os.unlink(sock)
    except OSError as exc:  # a folder not writable, a path too long, ...: Jupyter served nowhere
        return f"{shown}: cannot listen on it ({exc.strerror or exc})"
    return None


def sock_mode_problem(shown, mode):
    """Why Jupyter cannot make its socket with the permissions `mode` (ServerApp.sock_mode, as `shown`), or None.
    Read as Jupyter's own validator reads it (``int(mode.encode(), 8)``: 0600, 600, 0o600), which refused a mode with
    no owner read and write or not octal only after the kernel install, and took -1 as mode 7777 (a socket anyone
    may connect to, with setuid, setgid and sticky bits)."""
    if mode is None:
        return f"{shown}: expected a mode after it, such as --ServerApp.sock_mode=0600"
    if not mode.strip():
        return f"{shown}: is empty; expected an octal mode such as 0600 (the owner reads and writes, the default)"
    try:
        number = int(mode.encode(), 8)
    except ValueError:
        return f"{shown}: not an octal mode; expected one such as 0600 (the owner reads and writes, the default)"
    if not 0 <= number <= 0o7777:
        return f"{shown}: expected an octal mode 0000 ... 7777, such as 0600"
    if number & 0o600 != 0o600:  # Jupyter: "must have u+rw (0600) at a minimum"
        return (f"{shown}: the owner cannot read and write the socket (mode {number:04o}), and Jupyter requires it; "
                f"expected a mode that gives the owner both, such as {number | 0o600:04o}")
    return None


def files_problem(arguments, root, opened):
    """Why a file or a socket that `arguments` name cannot be used by a server on the folder `root` with the positional
    arguments `opened`, or None. `arguments`: (as given, 'Class.trait', value or None) of each setting given."""
    for shown, target, mode in arguments:  # checked with a socket or without: Jupyter validates it in either case
        if target == "ServerApp.sock_mode" and (problem := sock_mode_problem(shown, mode)):
            return problem
    given = {target: (shown, value) for shown, target, value in arguments if value}
    problem = tls_problem(given)
    if problem is None and given.get("ServerApp.file_to_run"):
        problem = notebook_problem(*given["ServerApp.file_to_run"], root, opened)
    if problem is None and given.get("ServerApp.sock"):
        problem = socket_problem(*given["ServerApp.sock"], given, opened)
    return problem


def where_served(server):
    """Where the started `server` (Jupyter's ServerApp) listens and how to reach it, for the lab's start line: the port
    Jupyter found (8888 or the next free one), or the socket, where it listens on no port and no browser goes."""
    if server.sock:
        return (f"on the UNIX socket {server.sock}, which no browser opens: forward a port to it (the log below shows "
                "an ssh -L command) and open the URL with the token printed below")
    address = "every address (*)" if server.ip in ("*", "") else server.ip  # Jupyter reads --ip=* as '' (C24-3)
    return f"at {address}, port {server.port}; open the URL with the token printed below"


def _not_a_folder(folder):
    """Why `folder` cannot be made (the reason in words), or None; it is made as Jupyter would."""
    if os.path.lexists(folder) and not os.path.isdir(folder):
        return "it is not a folder"
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return None


def _unwritable(folder):
    """Why `folder` cannot be made or written to (the reason in words), or None; it is made as Jupyter would."""
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return None if os.access(folder, os.W_OK) else "not writable"


#: The variables that may decide where Jupyter's runtime folder is, the first that is set deciding (jupyter_core.paths:
#: JUPYTER_RUNTIME_DIR, else JUPYTER_DATA_DIR/runtime, else the user's data folder, XDG_DATA_HOME/jupyter/runtime on
#: Linux, with JUPYTER_PLATFORM_DIRS as platformdirs places it); HOME where none of them does.
RUNTIME_VARIABLES = ("JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "XDG_DATA_HOME", "JUPYTER_PLATFORM_DIRS")


def deciding_variable(where, variables):
    """Which of `variables` decides the folder that `where()` (a function of jupyter_core.paths) gives: the first that
    is set and without which jupyter_core gives another folder; HOME where none does. jupyter_core itself is asked
    (each variable unset in turn, then put back), so that its rules are not guessed here (probe 22c, C22-5:
    JUPYTER_DATA_DIR=/proc/x was blamed on HOME=/root)."""
    folder = where()
    for variable in variables:
        value = os.environ.get(variable)
        if not value:
            continue
        del os.environ[variable]
        try:
            moved = where() != folder
        finally:
            os.environ[variable] = value
        if moved:
            return variable
    return "HOME"


def environment_problem(allow_root):
    """Why this process's environment cannot run the lab, or None (probe 21c, L6, L7): IPython's folder (IPYTHONDIR,
    else ~/.ipython) that the kernel install writes, or Jupyter's runtime folder, cannot be made (``HOME=/proc``,
    ``JUPYTER_RUNTIME_DIR=/proc/x``: a traceback, then status 1 after or during the kernel install), naming the
    variable that put it there; or the process runs as root with `allow_root` turned off (the values given for
    ServerApp.allow_root), which Jupyter refused after the kernel install with status 1."""
    from jupyter_core.paths import jupyter_data_dir, jupyter_runtime_dir

    ipython = os.environ.get("IPYTHONDIR") or os.path.join(os.path.expanduser("~"), ".ipython")
    said = "IPYTHONDIR" if os.environ.get("IPYTHONDIR") else "HOME"
    for variable, folder, what in ((said, ipython, "IPython's folder, written by the kernel install"),
                                   (deciding_variable(jupyter_runtime_dir, RUNTIME_VARIABLES),
                                    jupyter_runtime_dir(), "Jupyter's runtime folder")):
        reason = _unwritable(folder)
        if reason is not None:
            return (f"{variable}={os.environ.get(variable, '')}: {folder} ({what}) cannot be made or written to: "
                    f"{reason}; expected a writable folder")
    data = jupyter_data_dir()  # probe 24c, C24-7: /dev/null gave two extension tracebacks in Jupyter's log, then served
    reason = _not_a_folder(data)
    if reason is not None:
        variable = deciding_variable(jupyter_data_dir, RUNTIME_VARIABLES[1:])
        return (f"{variable}={os.environ.get(variable, '')}: {data} (Jupyter's data folder) cannot be made: {reason}; "
                "expected a folder")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        off = next((shown for shown, value in allow_root if value.strip().lower() in ("false", "0", "no", "off")),
                   None)
        if off is not None:
            return (f"{off}: Jupyter refuses to run as root without it, and this process runs as root; drop the "
                    "option")
    return None
