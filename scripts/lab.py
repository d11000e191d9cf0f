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
``make lab LAB_ARGS="--port=9999"``. A port outside 1 ... 65535 or not in ASCII digits, an address that is
not one, is empty or is another machine's, a folder to serve that does not exist, or an option JupyterLab does
not know (``--port=70000``, ``--port=٣``, ``--ip=256.1.1.1``, ``--ip=``, ``--ip=8.8.8.8``, ``--frobnicate``, a
class or a setting it does not read: ``--Bogus.x=1``, ``--ServerApp.bogus=1``), a value its trait refuses
(``--ServerApp.open_browser=maybe``, a negative ``port_retries``), one setting given twice (``--ip`` and
``--ServerApp.ip``), a busy port with ``--ServerApp.port_retries=0`` or an empty token
(``--ServerApp.token=``: no login) or a token under two names, a positional argument (a notebook or folder to open,
read relative to the current folder) that does not exist, an option spelled with one dash (``-ServerApp.ip=``), a file
or socket Jupyter cannot use (lab_files.py), a ``--config`` file or a setting it checks at start-up (lab_traits.py), a
variable of Jupyter's for the port or JupyterLab's folder it cannot use (``JUPYTER_PORT``, which the lab serves on when
no port is given, ``JUPYTERLAB_DIR``: lab_variables.py) is refused in one line with status 2 before anything starts,
and so is each setting of a ``--config`` file that the command line would refuse (lab_config.py);
a Ctrl-C before the server runs ends it with ``lab: interrupted``, 130:
Jupyter would take 70000 modulo 65536 and print a URL it does not listen on, serve on
every interface for an empty address, and start with a mere warning for a setting it does not know. ``--help`` prints this script's usage. The ipywidgets front end comes with ipywidgets
(jupyterlab_widgets, a prebuilt extension found in the venv): nothing is installed by hand.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import sys
from pathlib import Path

from build_book import KERNEL, ROOT, BuildError, install_kernel
from lab_config import RaisedFiles, config_settings, file_arguments, files_read, names_problem
from lab_files import environment_problem, files_problem, where_served
from lab_options import configurables, known_classes
from lab_options import option_problem as _option_problem
from lab_streams import Stderr, say, stderr_problem, stdout_problem
from lab_traits import retries_problem, settings_problem
from lab_variables import port_variable, retries_variable, variables_problem

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


#: NotebookApp's names of traits that moved to ServerApp, which Jupyter still passes on to it ("'port' has moved from
#: NotebookApp to ServerApp"): the checks below read them as the ServerApp traits they set (probe 15c, L1:
#: --NotebookApp.port=\u0663 served on port 3, --NotebookApp.port=abc printed a traceback and served on 8888).
_MOVED = {"notebook_dir": "root_dir"}


def current_name(target):
    """'ServerApp.trait' for a 'NotebookApp.trait' that moved there, else `target` as given."""
    owner, _, trait = target.rpartition(".")
    if owner != "NotebookApp":
        return target
    from jupyter_server.serverapp import ServerApp

    trait = _MOVED.get(trait, trait)
    return f"ServerApp.{trait}" if ServerApp.class_traits().get(trait) is not None else target


def lab_arguments(extra=()):
    """The JupyterLab command line: the project's defaults, except those that `extra` sets, then `extra`.

    (traitlets refuses an option given twice, so a default is dropped rather than overridden.)
    """
    given = set()
    for arg in extra:
        name = arg.lstrip("-").split("=", 1)[0]
        given.add(current_name(ALIASES.get(name, name)))
    return [f"--{name}={value}" for name, value in defaults().items() if name not in given] + list(extra)


def defaults():
    """DEFAULTS, with the port JUPYTER_PORT gives where it is set (lab_variables.py checks it; probe 23c, C23-4)."""
    return {**DEFAULTS, "ServerApp.port": port_variable() or DEFAULTS["ServerApp.port"]}


def option_values(extra, option):
    """(name, value) of every value `extra` gives Jupyter option `option` (``--port=V``, ``--port V`` or
    its long name); value None where the option ends the line or another option follows it."""
    names = {option} | {f"--{short}" for short, long in ALIASES.items() if f"--{long}" == option}
    if option.startswith("--ServerApp."):  # and its NotebookApp spelling, which Jupyter passes on to it
        trait = option.removeprefix("--ServerApp.")
        names |= {f"--NotebookApp.{old}" for old, new in {**_MOVED, trait: trait}.items() if new == trait}
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


def _digits(text):
    """Whether `text` is a whole number 0 or more in ASCII digits: isdecimal() takes '٣' and '８８８８', which int()
    reads as 3 and 8888 (and isdigit() takes '²', which int() does not read at all)."""
    text = text.strip()
    return text.isascii() and text.isdecimal()


def _bindable(host):
    """Whether this machine can listen on `host` (a name or an address): a socket bound to one of its addresses,
    port 0, and closed at once. Only 'no such address here' counts against it; anything else is Jupyter's to say."""
    try:
        found = socket.getaddrinfo(host, 0, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError, ValueError):
        return False
    for family, kind, proto, _, address in found:
        try:
            with socket.socket(family, kind, proto) as probe:
                if family == socket.AF_INET6:  # as Jupyter's server (tornado) binds: IPv6 only, no IPv4-mapped
                    probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                probe.bind(address)
            return True
        except OSError as exc:
            if exc.errno not in (errno.EADDRNOTAVAIL, errno.EINVAL):
                return True
    return False


def _mapped(ip):
    """The IPv4 address of an IPv4-mapped IPv6 address (``::ffff:127.0.0.1``), else None."""
    try:
        mapped = getattr(ipaddress.ip_address(ip.strip()), "ipv4_mapped", None)
    except ValueError:
        return None
    return str(mapped) if mapped else None


def address_problem(extra):
    """Why the port or the address that `extra` asks for cannot be used as given, or None."""
    for name, port in option_values(extra, "--ServerApp.port"):
        if port is None:
            return f"{name}: expected a TCP port 1 ... 65535 after it (--port=8888 or --port 8888)"
        if not (_digits(port) and 1 <= int(port) <= 65535):
            return f"{name}={port}: expected a TCP port 1 ... 65535"
    for name, ip in option_values(extra, "--ServerApp.ip"):
        if ip is None:
            return f"{name}: expected an address after it (--ip=127.0.0.1 or --ip 127.0.0.1)"
        if not ip.strip():  # Jupyter reads an empty address as every interface: an unset $IP would do that
            return f"{name}={ip}: is empty; expected an address (the default is 127.0.0.1)"
        if ip == "*":  # Jupyter's own spelling of every interface, asked for explicitly
            continue
        if ip != ip.strip():  # '127.0.0.1 ' (a quoted $IP): "Name or service not known" named no cause
            return f"{name}={ip!r}: has spaces around the address; expected the address alone, {name}={ip.strip()}"
        if _mapped(ip):  # probe 24c, C24-2: errno 22 from inside Jupyter, after its start-up log
            return (f"{name}={ip}: an IPv4-mapped IPv6 address, which Jupyter's server cannot listen on (it binds an "
                    f"IPv6 address on an IPv6-only socket); expected the IPv4 address itself, --ip={_mapped(ip)}")
        try:
            socket.getaddrinfo(ip, None)
        except (socket.gaierror, UnicodeError, ValueError) as exc:
            return f"{name}={ip}: not an address of this machine's networks ({exc.args[-1] if exc.args else exc})"
        if not _bindable(ip):  # 8.8.8.8, another machine's, failed to bind only after the kernel install
            return (f"{name}={ip}: not an address of this machine's networks (none of its interfaces has it); "
                    "expected one of its own, such as 127.0.0.1")
    for name, folder in option_values(extra, "--ServerApp.root_dir"):
        if folder is None or not folder.strip():
            return f"{name}: expected the folder to serve after it"
        if not Path(folder).is_dir():
            what = "is a file, not a folder" if Path(folder).exists() else "no such folder"
            return f"{name}={folder}: {what}; expected the folder to serve (the default is book/chapters)"
    return None


def _positionals(extra):
    """The positional arguments of `extra`: neither an option nor the value of the option before it."""
    values = set()
    for k, arg in enumerate(extra[:-1]):
        if arg.startswith("-") and "=" not in arg and not extra[k + 1].startswith("-") and any(
                shown == f"{arg}={extra[k + 1]}" for shown, _, _ in _trait_arguments(extra[k:k + 2])):
            values.add(k + 1)
    return [arg for k, arg in enumerate(extra) if not arg.startswith("-") and k not in values]


def positional_problem(extra):
    """Why a positional argument of `extra` (not an option, nor the value of the option before it) cannot be opened,
    or None. Jupyter opens it as a notebook or a folder, read relative to the current folder (not book/chapters);
    one that does not exist stopped the server only after the kernel install, in two lines, and so did a notebook
    outside the folder it serves (probe 14c, L1); of two or more, it opened the first and dropped the others."""
    given = _positionals(extra)
    for arg in given:
        if Path(arg).exists():
            continue
        chapter = CHAPTERS / arg
        hint = (f" (a chapter: give {os.path.relpath(chapter)})" if chapter.exists() else "")
        return (f"{arg}: no such file or folder in {Path.cwd()}{hint}; a positional argument is a notebook or folder "
                "to open, read relative to the current folder")
    if len(given) > 1:  # Jupyter opened the first and dropped the others without a word
        return (f"{' '.join(given)}: {len(given)} positional arguments; expected one notebook or folder to open "
                "(Jupyter opens only the first)")
    roots = [folder for _, folder in option_values(extra, "--ServerApp.root_dir") if folder]
    root = Path(roots[-1] if roots else CHAPTERS).resolve()
    for arg in given:  # Jupyter stopped after the kernel install: "root_dir and file_to_run are incompatible"
        if Path(arg).is_file() and not Path(arg).resolve().is_relative_to(root):
            shown = os.path.relpath(root) if root.is_relative_to(Path.cwd()) else str(root)
            return (f"{arg}: lies outside the folder JupyterLab serves ({shown}), and Jupyter opens only a notebook "
                    f"inside it; copy it there, or serve its folder: --ServerApp.root_dir="
                    f"{os.path.dirname(os.path.abspath(arg))}")
    return None


def dash_problem(extra):
    """Why an option of `extra` is spelled with other than two dashes, or None. The lab's checks read Jupyter's options
    as --name; Jupyter also takes -ServerApp.ip= (unchecked: an empty address served on every interface), ignores
    -port=3 with a warning, and stops on -notebook-dir=X or ---ip=X only after the kernel install (probe 16c, L1)."""
    for arg in extra:
        name = arg.lstrip("-")
        dashes = len(arg) - len(name)
        if (dashes == 1 and name[:1].isalpha() and len(name.partition("=")[0]) > 1) or (dashes > 2 and name):
            return (f"{arg}: {'one dash' if dashes == 1 else f'{dashes} dashes'}; expected two, as the lab checks "
                    f"Jupyter's options: --{name}")
    return None


#: Jupyter's flags that do something else and start no server (--generate-config crashed in an AttributeError after
#: the kernel install, probe 15c, L2).
NO_SERVER = ("--generate-config", "--show-config", "--show-config-json")


def no_server_problem(extra):
    """Why a flag of `extra` that starts no server cannot go to the lab, which starts one, or None."""
    flag = next((arg for arg in extra if arg in NO_SERVER), None)
    return None if flag is None else (f"{flag}: starts no server, and the lab starts one; run .venv/bin/jupyter lab "
                                      f"{flag} for that")


def option_problem(extra):
    """Why an option of `extra` is not one JupyterLab knows, or None (lab_options.py)."""
    return _option_problem(extra, ALIASES)


def _trait_arguments(extra):
    """(as given, 'Class.trait', value or None) of each argument of `extra` that sets a trait: ``--Class.trait=V``,
    ``--Class.trait V`` or a short option such as ``--port``; flags (``--no-browser``) are not listed."""
    from jupyter_server import serverapp
    from jupyterlab.labapp import LabApp

    aliases = {**serverapp.aliases, **LabApp.aliases}
    found = []
    for k, arg in enumerate(extra):
        if not arg.startswith("-"):
            continue
        name, equals, value = arg.lstrip("-").partition("=")
        target = aliases.get(name, name)
        target = target[0] if isinstance(target, tuple) else target
        if not isinstance(target, str) or "." not in target:
            continue
        target = current_name(target)
        if not equals:
            value = extra[k + 1] if k + 1 < len(extra) and not extra[k + 1].startswith("-") else None
        found.append((f"{arg.partition('=')[0]}={value}" if value is not None else arg, target, value))
    return found


def value_problem(extra):
    """Why a trait value of `extra` is one Jupyter would refuse at start-up (a boolean 'maybe', an int 'abc', one
    trait given twice), or None. Jupyter says so after seconds of log, with status 1."""
    import traitlets

    classes = configurables()
    seen = {}
    for shown, target, value in _trait_arguments(extra):
        owner, _, name = target.rpartition(".")
        trait = classes[owner].class_traits().get(name) if owner in classes else None
        if trait is None or value is None:
            continue
        if not isinstance(trait, (traitlets.Container, traitlets.Dict)):  # those take a value more each time
            if target in seen:
                return f"{seen[target]} and {shown} both set {target}; give it once"
            seen[target] = shown
        try:
            value = trait.from_string(value)
            if not (value is None and trait.allow_none):  # --LabApp.news_url=None, the project's own default
                trait.validate(None, value)
        except (traitlets.TraitError, ValueError):
            return f"{shown}: expected {trait.info()} for {target}"
        except Exception:  # noqa: BLE001 - a check that needs the running server: Jupyter's own
            continue
        if problem := retries_problem(shown, target, value):
            return problem
    return None


#: The settings after which Jupyter makes no token: a password (any but an empty one: the server then logs in with it)
#: or a required one (without one the server stops). The sections of the classes Jupyter reads them from (a class's
#: section reaches its subclasses: --IdentityProvider.hashed_password sets PasswordIdentityProvider's).
PASSWORD_SETTINGS = {
    "password": ("ServerApp.password", "NotebookApp.password", "IdentityProvider.hashed_password",
                 "PasswordIdentityProvider.hashed_password"),
    "required": tuple(f"{owner}.password_required" for owner in ("ServerApp", "NotebookApp", "IdentityProvider",
                                                                "PasswordIdentityProvider")),
}


#: The settings of the token that reach the server's identity provider (PasswordIdentityProvider, Jupyter's default).
TOKENS = ("ServerApp.token", "IdentityProvider.token", "PasswordIdentityProvider.token")


def token_problem(extra, settings=()):
    """Why the token that `extra` and a configuration file's `settings` (lab_config.file_arguments) leave is not one
    the lab can start with, or None: a token given empty or blank (no login at all), or a password given or required,
    after which Jupyter makes no token. The server refused them only after the kernel install, blaming a
    configuration file (a required password: 'its log above says why'; a file's password: 'an empty one')."""
    arguments = _trait_arguments(extra) + list(settings)
    tokens = [shown for shown, target, value in arguments if value is not None and target in TOKENS]
    if len(tokens) > 1:  # Jupyter took one and named neither (probe 16c, L3: the URL's token shown as '...')
        return (f"{tokens[0]} and {tokens[1]} both set the login token, and Jupyter takes one of them without a word; "
                "give it once, as --IdentityProvider.token=...")
    for shown, target, value in arguments:
        drop = "drop the option" if shown.startswith("-") else "drop it from the file"
        if value is None:
            continue
        if target.rpartition(".")[2] == "token" and not value.strip():
            return (f"{shown}: an empty token turns off the login, and the lab requires one; {drop} (a "
                    f"token is made for you) or give a token")
        if target in PASSWORD_SETTINGS["password"] and value:
            return (f"{shown}: a password turns off the token (Jupyter makes none when one is set), and the lab "
                    f"logs in with a token; {drop} (a token is made for you)")
        if target in PASSWORD_SETTINGS["required"] and value.strip().lower() in ("true", "1"):
            return (f"{shown}: the lab logs in with a token, and a required password replaces it (Jupyter stops "
                    f"without one and makes no token with one); {drop} (a token is made for you)")
    return None


def port_problem(extra, settings=()):
    """Why the port asked for (by `extra` and a configuration file's `settings`, lab_config.file_arguments) cannot be
    served when ``port_retries`` is 0 (it is in use), or None. Jupyter would stop with status 1 after seconds of log;
    with retries it takes the next free port itself."""
    arguments = _trait_arguments(extra) + list(settings)
    given = {target: (shown, value) for shown, target, value in arguments if value is not None}
    if retries_variable() is not None:  # Jupyter reads JUPYTER_PORT_RETRIES where no setting gives them
        given.setdefault("ServerApp.port_retries", (f"JUPYTER_PORT_RETRIES={retries_variable()}", retries_variable()))
    retries, port, ip = (given.get(f"ServerApp.{name}", (None, None))[1] for name in ("port_retries", "port", "ip"))
    if retries is None or retries.strip() != "0":
        return None
    shown = given["ServerApp.port"][0] if port is not None else (
        f"JUPYTER_PORT={port_variable()}" if port_variable() else f"the default port {DEFAULTS['ServerApp.port']}")
    port, ip = int(port or defaults()["ServerApp.port"]), ip or DEFAULTS["ServerApp.ip"]
    try:
        family, kind, proto, _, address = socket.getaddrinfo(None if ip == "*" else ip, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Jupyter binds
            probe.bind(address)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return (f"{shown}: port {port} is in use on {ip}, and {given['ServerApp.port_retries'][0]} allows no "
                    "other; free it, give another --port, or drop port_retries")
    return None


def path_problem(extra):
    """Why a file or a socket that `extra` names for the server, a configuration file, a folder or extension setting,
    or the port cannot be used, or None. A configuration file's settings (lab_config.py) go through the command line's
    checks: their names, their values (lab_traits.py), the token, the files and socket (lab_files.py) and the port."""
    roots = [folder for _, folder in option_values(extra, "--ServerApp.root_dir") if folder]
    root, arguments = roots[-1] if roots else CHAPTERS, _trait_arguments(extra)
    problem, settings = config_settings(arguments)
    given = file_arguments(settings, arguments, current_name)
    return (problem or names_problem(settings, known_classes)
            or settings_problem(settings, arguments, configurables(), root, defaults(), current_name)
            or token_problem(extra, given) or files_problem(arguments + given, root, _positionals(extra))
            or variables_problem(arguments + given) or port_problem(extra, given))


USAGE = """usage: python scripts/lab.py [JUPYTER OPTIONS ...]      (make lab LAB_ARGS="...")

JupyterLab on book/chapters with the crossbar kernel, on 127.0.0.1, port 8888 or the next free one, behind a
token (open the URL it prints). Any JupyterLab option may follow, e.g. --port=9999; for their list run
  .venv/bin/jupyter lab --help-all"""


#: What Jupyter writes on standard error that the user needs.
LOG = "Jupyter's log (with the URL to open and its token)"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if any(arg in ("-h", "--help", "--help-all") for arg in argv):  # Jupyter's own help fails on LabApp's aliases
        return say(USAGE, "the usage")
    if any(arg in ("-V", "--version") for arg in argv):  # Jupyter's own, no server (probe 21c, L5: "not an option")
        from jupyterlab import __version__
        return say(__version__, "the version")
    if problem := stderr_problem(LOG):  # no server whose URL would be lost; the line goes where every refusal goes
        print(f"lab: {problem}", file=sys.stderr)  # (never to stdout: probe 22c, C22-1)
        return 2
    problem = (stdout_problem("the URL to open (with its token)") or dash_problem(argv) or no_server_problem(argv)
               or address_problem(argv) or positional_problem(argv) or option_problem(argv) or value_problem(argv)
               or token_problem(argv) or path_problem(argv)
               or environment_problem([(shown, value) for shown, target, value in _trait_arguments(argv)
                                       if target == "ServerApp.allow_root" and value is not None]))
    if problem is not None:
        print(f"lab: {problem}", file=sys.stderr)
        return 2
    try:
        install_kernel()
    except BuildError as exc:
        print(f"lab: {exc}", file=sys.stderr)
        return 1
    from jupyterlab.labapp import LabApp

    raised = RaisedFiles()
    try:
        with raised:  # a configuration file Jupyter found itself whose code raises or exits: noted, the file left out
            server = LabApp.initialize_server(argv=lab_arguments(argv))
    except (OSError, ValueError) as exc:  # an address that cannot be bound, a value traitlets refuses
        said = " ".join(str(exc).split()) or type(exc).__name__
        print(f"lab: {raised.problem() or f'cannot start JupyterLab: {said}'}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # Jupyter's own refusal (a bad config file, ...), its reason logged above
        if exc.code in (0, None) and raised.problem() is None:
            raise
        print(f"lab: {raised.problem() or 'cannot start JupyterLab: its log above says why'}", file=sys.stderr)
        return 2
    if raised.problem() is not None:  # probe 22c, C22-6 and 23c, C23-2: a traceback and served without it, or ended
        print(f"lab: {raised.problem()}", file=sys.stderr)
        return 2
    if not server.identity_provider.token:  # a file Jupyter found itself: an empty token, a password (probe 19c, L4)
        print("lab: refusing to start without a token: a Jupyter configuration file turns it off (an empty token, a "
              f"password or a required one; Jupyter read {', '.join(files_read(server)) or 'none'})", file=sys.stderr)
        return 2
    if problem := stderr_problem(LOG):  # a configuration file Jupyter ran closed it
        print(f"lab: {problem}", file=sys.stderr)
        return 2
    server.contents_manager.pre_save_hook = save_without_outputs
    root = Path(server.root_dir)
    shown = root.relative_to(ROOT) if root.is_relative_to(ROOT) else root
    status = say(f"lab: JupyterLab on {shown} with the {KERNEL} kernel, {where_served(server)}, open a chapter, Run > "
                  "Run All Cells. Ctrl-C twice stops it.", "the URL to open (with its token)")
    if status:  # stdout failed at the banner (a full disk): no server the user cannot open
        return status
    server.start()
    return 0


if __name__ == "__main__":
    sys.stderr = Stderr(sys.stderr)
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C before the server runs (the checks, a configuration file, the kernel install)
        print("lab: interrupted", file=sys.stderr)
        sys.exit(130)
