"""The lab's reading of a configuration file (``--config=FILE``, ``--config FILE``, ``--JupyterApp.config_file=FILE``)
and its settings, checked as the command line's are (scripts/lab.py, probe 17c, L1; probe 19c, L3 and L4).

The file is loaded as Jupyter loads it (FILE's name without its extension, + .py and + .json, where they exist). A file
whose code ends the program (``sys.exit(3)``, ``raise KeyboardInterrupt``) ended the lab with its status and no word,
or a traceback; a setting the lab refuses on its command line was left to Jupyter when a file gave it (a socket in a
missing folder served nowhere, ``c.Bogus.x = 1`` was ignored without a word, a password turned the token off and the
lab blamed "an empty one" after the kernel install). Each is refused in one line naming the file and the setting, before
anything starts; a Ctrl-C while the file loads still interrupts the lab. A password or token in a file is not echoed.

The files Jupyter finds itself on its configuration path (JUPYTER_CONFIG_DIR, ~/.jupyter, the venv's etc/jupyter, ...)
are the user's: they are read, not run, before anything starts (invalid JSON, JSON that is no object, a .py that is no
Python), and one whose code raises or ends the program when Jupyter runs it is named after Jupyter has loaded it
(:class:`RaisedFiles`; probe 22c, C22-6: Jupyter logged a traceback and served without the file; probe 23c, C23-2).
"""

from __future__ import annotations

import glob
import json
import os
import signal
import stat
import threading
import traceback
from pathlib import Path

from lab_options import name_problem

#: The extensions of the files Jupyter loads for ``--config=FILE``: FILE's name without its extension, + .py and .json.
CONFIG_KINDS = (".py", ".json")

#: The configuration files the server and JupyterLab read in each folder of Jupyter's configuration path (name + .py
#: and + .json): every Jupyter application's, the server's (not with --config=FILE, read instead) and JupyterLab's.
#: The server's extension manager reads the server's .json and its .d folder's *.json files in any case, and
#: notebook_shim reads jupyter_notebook_config's .json and .d folder's *.json files as they are (ENABLING).
FOUND_NAMES = ("jupyter_config", "jupyter_server_config", "jupyter_lab_config")
ENABLING = ("jupyter_server_config.d/*.json", "jupyter_notebook_config.d/*.json", "jupyter_notebook_config.json")

#: The settings whose values a message does not show: a password (or its hash) and the login token.
SECRETS = ("password", "hashed_password", "token")


def _shown(file, owner, trait, value, added=False):
    secret = trait in SECRETS and isinstance(value, str) and value.strip()
    return f"{file}: c.{owner}.{trait} {'adds' if added else '='} {'(a value not shown)' if secret else repr(value)}"


def _added(value):
    """What ``c.X.y.update(...)`` or ``.append(...)`` (a LazyConfigValue) adds to a setting: a dict, list or set."""
    changes = value.to_dict()
    if "update" in changes:
        return value.get_value({} if isinstance(changes["update"], dict) else set())
    return value.get_value([])


def _outcome(run):
    """(what `run()` returns, None), or (None, what it raised): a file's code raising, ending the program
    (SystemExit) or raising KeyboardInterrupt itself. A KeyboardInterrupt raised by a Ctrl-C (a SIGINT meanwhile) is
    raised on: the lab is interrupted."""
    signals = []

    def interrupted(number, frame):
        signals.append(number)
        raise KeyboardInterrupt

    watch = threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) not in (
        signal.SIG_IGN, None)
    previous = signal.signal(signal.SIGINT, interrupted) if watch else None
    try:
        return run(), None
    except KeyboardInterrupt as exc:
        if signals:
            raise
        return None, exc
    except BaseException as exc:  # noqa: BLE001 - whatever the file's code raises, SystemExit included
        return None, exc
    finally:
        if watch:
            signal.signal(signal.SIGINT, previous)


def _load(name, folder):
    """(the configs and files Jupyter loads for `name` in `folder`, None), or (None, what the file's code raised)."""
    from jupyterlab.labapp import LabApp

    return _outcome(lambda: list(LabApp._load_config_files(name, path=folder, log=None, raise_config_file_errors=True)))


class NotSettings(ValueError):
    """A configuration file's JSON that is valid but holds no settings: not an object, or a class's section that is
    not one (probe 23c, C23-1: ``[]`` stopped the server's extension manager with an AttributeError traceback)."""


def _not_settings(data, sections):
    """A NotSettings for JSON `data` that is not an object, or (`sections`) whose section of a class (a name
    capitalized, as traitlets reads one) is not an object of its settings, or None."""
    kinds = {list: "an array", str: "a string", bool: "true or false", int: "a number", float: "a number",
             type(None): "null"}
    if not isinstance(data, dict):
        return NotSettings(f"holds {kinds.get(type(data), type(data).__name__)}, not a JSON object; expected "
                           '{"Class": {"trait": value}}')
    for owner, section in data.items() if sections else ():
        if owner[:1].isupper() and not isinstance(section, dict):
            return NotSettings(f'"{owner}" holds {kinds.get(type(section), type(section).__name__)}, not a JSON '
                               f'object; expected {{"{owner}": {{"trait": value}}}}')
    return None


def unloadable(file, sections=False):
    """What reading `file` as Jupyter reads it raises before any of its code runs, or None: a .json is parsed as
    traitlets parses it, a .py compiled as traitlets compiles it (never run: the lab runs only a file it is given
    with --config). An OSError (unreadable), a ValueError (invalid JSON, not text; NotSettings: JSON that is no object,
    or with `sections`, a class's section that is none: the server's own reading of its .json stops on it; for a
    --config file config_settings names such a section) or a SyntaxError."""
    try:
        if file.endswith(".json"):
            with open(file) as handle:  # noqa: PLW1514 - as traitlets opens it
                return _not_settings(json.load(handle), sections)
        else:
            with open(file, "rb") as handle:
                compile(handle.read(), file, "exec")
    except (OSError, ValueError, SyntaxError) as exc:
        return exc
    return None


def _found_problem(file, exc):
    """Why the configuration file `file`, which Jupyter found on its configuration path, cannot be used: `exc`."""
    if isinstance(exc, NotSettings):
        return (f"{file}: {exc}; Jupyter finds it on its configuration path and cannot use it (the server's own "
                "reading stopped on it with a traceback); fix or remove it")
    if isinstance(exc, json.JSONDecodeError):
        why = f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
    elif isinstance(exc, SyntaxError):
        why = f"not valid Python (line {exc.lineno}: {exc.msg})"
    elif isinstance(exc, OSError):
        why = f"cannot be read ({exc.strerror or type(exc).__name__})"
    else:
        why = f"cannot be read ({type(exc).__name__}: {' '.join(str(exc).split())})"
    return (f"{file}: {why}; Jupyter finds it on its configuration path and would start without it after a traceback; "
            "fix or remove it")


def found_files_problem(config_given):
    """Why a configuration file Jupyter finds itself (FOUND_NAMES in the folders of its configuration path, asked of
    jupyter_core as JupyterApp asks it) cannot be read, or None; `config_given`: a --config file is given."""
    from jupyter_core.paths import jupyter_config_dir, jupyter_config_path

    folders = jupyter_config_path()
    if jupyter_config_dir() not in folders:  # as JupyterApp.config_file_paths
        folders.insert(0, jupyter_config_dir())
    for folder in folders:
        named = [os.path.join(folder, name + kind) for name in FOUND_NAMES for kind in CONFIG_KINDS
                 if not (config_given and name == "jupyter_server_config" and kind == ".py")]
        enabling = [file for pattern in ENABLING for file in sorted(glob.glob(os.path.join(glob.escape(folder),
                                                                                      pattern)))]
        found = [file for file in named if os.path.isfile(file)] + [
            file for file in enabling if os.path.isfile(file) and os.path.getsize(file)]  # an empty one: skipped
        for file in found:
            exc = unloadable(file, sections=True)
            if exc is not None:
                return _found_problem(file, exc)
    return None


class RaisedFiles:
    """While Jupyter loads its configuration files (``with RaisedFiles() as raised:``): each file is loaded by the
    loader classes every Jupyter application takes from traitlets' Application (python_config_loader_class and
    json_config_loader_class), replaced meanwhile by subclasses that note a file whose code raises, ends the program
    (``sys.exit(3)``) or raises KeyboardInterrupt itself, and skip it as a missing file is skipped, so that the lab says
    it in one line (:meth:`problem`). Jupyter logged a traceback for the first and served without the file (probe 22c,
    C22-6); the others ended the lab with "its log above says why" and no log, status 0 and no server, or "interrupted"
    (probe 23c, C23-2). A Ctrl-C meanwhile still interrupts the lab."""

    def __init__(self):
        self.raised = []
        self._loaders = None

    def _watched(self, loader):
        from traitlets.config.loader import ConfigFileNotFound

        raised = self.raised

        class Watched(loader):
            def load_config(self):
                config, exc = _outcome(super().load_config)
                if exc is None or isinstance(exc, ConfigFileNotFound):
                    if exc is not None:
                        raise exc
                    return config
                raised.append((self.full_filename or self.filename, exc))
                raise ConfigFileNotFound(self.full_filename or self.filename) from None

        return Watched

    def __enter__(self):
        from traitlets.config.application import Application

        self._loaders = Application.python_config_loader_class, Application.json_config_loader_class
        Application.python_config_loader_class, Application.json_config_loader_class = map(self._watched,
                                                                                          self._loaders)
        return self

    def __exit__(self, *exc):
        from traitlets.config.application import Application

        Application.python_config_loader_class, Application.json_config_loader_class = self._loaders

    def problem(self):
        """Why Jupyter cannot use a configuration file it found (the first whose code raised), or None."""
        if not self.raised:
            return None
        file, exc = self.raised[0]
        lines = [number for frame, number in traceback.walk_tb(exc.__traceback__)
                 if frame.f_code.co_filename == file]
        where = f", line {lines[-1]}" if lines else ""
        if isinstance(exc, Exception):
            said = " ".join(str(exc).split()) or "no reason given"
            return (f"{file}{where}: Jupyter cannot run it ({type(exc).__name__}: {said}) and would serve without it; "
                    "fix or remove it")
        said = (f"SystemExit: {exc.code}" if isinstance(exc, SystemExit) else
                f"{type(exc).__name__}: {' '.join(str(exc).split()) or 'raised by its code'}")
        return (f"{file}{where}: its code ends the program ({said}) when Jupyter runs it, and JupyterLab would end "
                "with it; fix or remove it")


def _load_problem(shown, exc):
    """Why the file `shown` cannot be used, since its code raised `exc` (or its JSON holds no settings)."""
    if isinstance(exc, NotSettings):
        return f"{shown}: {exc}; fix it, or drop --config"
    said = " ".join(str(exc).split()) or ("raised by its code" if isinstance(exc, KeyboardInterrupt)
                                          else "no reason given")
    if isinstance(exc, Exception):  # Jupyter logged it and went on
        return (f"{shown}: Jupyter cannot load it ({type(exc).__name__}: {said}) and would start without it; fix it, "
                "or drop --config")
    return (f"{shown}: Jupyter cannot load it ({type(exc).__name__}: {said}): its code ends the program, and Jupyter "
            "would end with it after the kernel install; fix it, or drop --config")


#: What a path that is no regular file is, by its mode (probe 24c, C24-6: a FIFO was "no such file").
_KINDS = ((stat.S_ISDIR, "is a folder"), (stat.S_ISFIFO, "is a FIFO (named pipe), not a regular file"),
          (stat.S_ISCHR, "is a character device, not a regular file"),
          (stat.S_ISBLK, "is a block device, not a regular file"), (stat.S_ISSOCK, "is a socket, not a regular file"))


def _not_a_file(path):
    """What `path`, no regular file, is instead: 'no such file' where nothing is there."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return f"cannot be looked at ({exc.strerror or type(exc).__name__})"
    return next((what for test, what in _KINDS if test(mode)), "is not a regular file")


def config_settings(arguments):
    """(problem or None, settings): why a configuration file that `arguments` name (``--config=FILE``, as given,
    'JupyterApp.config_file', value) cannot be used, and the settings (as shown, 'Class.trait', value) of those that
    load, read as Jupyter reads them (the file's name without its extension, + .py and + .json, where they exist);
    then why a configuration file Jupyter finds itself cannot be read (:func:`found_files_problem`)."""
    from traitlets.config.loader import LazyConfigValue

    settings = []
    for shown, target, value in arguments:
        if target.rpartition(".")[2] != "config_file":
            continue
        if value is None or not value.strip():
            return f"{shown}: expected a configuration file after it (--config=FILE.py)", settings
        path = Path(value)
        if path.suffix not in CONFIG_KINDS:
            return (f"{shown}: Jupyter reads a configuration file ending in .py or .json (it would look for "
                    f"{path.with_suffix('.py')} and .json in its place)"), settings
        if not path.is_file():
            why = _not_a_file(path)
            skipped = " (Jupyter skips a missing one without a word)" if why in ("no such file", "is a folder") else ""
            return f"{shown}: {why}; expected a configuration file{skipped}", settings
        folder, name = os.path.split(value)
        exc = unloadable(value)  # unreadable, invalid JSON, no Python: Jupyter logged a traceback, went on without it
        if exc is not None:
            return _load_problem(shown, exc), settings
        loaded, exc = _load(os.path.splitext(name)[0], folder)
        if exc is not None:
            return _load_problem(shown, exc), settings
        for config, file in loaded:
            for owner, section in config.items():
                if not hasattr(section, "items"):  # c.port = 1, {"ServerApp": 5}: Jupyter ignored it
                    return (f"{file}: c.{owner} = {section!r}: not a setting of a class; expected c.Class.trait = "
                            "value"), settings
                for trait, setting in section.items():
                    added = isinstance(setting, LazyConfigValue)  # checked for what it adds (Jupyter's own a default)
                    setting = _added(setting) if added else setting
                    settings.append((_shown(file, owner, trait, setting, added), f"{owner}.{trait}", setting))
    given = any(target.rpartition(".")[2] == "config_file" for _, target, _ in arguments)
    return found_files_problem(given), settings


def names_problem(settings, classes):
    """Why a setting of a configuration file (`settings`) is not one JupyterLab reads, or None. `classes`: a callable
    giving lab_options.known_classes(), called only if there are settings."""
    known = classes() if settings else {}
    for shown, target, _ in settings:
        owner, _, trait = target.rpartition(".")
        problem = name_problem(shown, owner, trait, known, form="c.Class.trait = value")
        if problem:
            return problem
    return None


def file_arguments(settings, arguments, rename):
    """The settings of a configuration file (`settings`) that Jupyter will use, as the command line's (as shown,
    'Class.trait', text): those the command line (`arguments`) does not set too (it overrides every file), their values
    written as the command line writes them (True, 3, a path), for its checks of the token, the files and the port.
    `rename`: the name a moved NotebookApp setting has now."""
    from traitlets.config.loader import LazyConfigValue

    given = {rename(target) for _, target, _ in arguments}
    found = []
    for shown, target, value in settings:
        target = rename(target)
        if target not in given and value is not None and not isinstance(value, LazyConfigValue):
            found.append((shown, target, value if isinstance(value, str) else str(value)))
    return found


def files_read(server):
    """The configuration files Jupyter read for the initialized `server` (its own and its extensions'), once each: for
    the lab's line when they leave no token, since those Jupyter finds itself (in JUPYTER_CONFIG_DIR, ~/.jupyter, the
    venv's etc/jupyter) are not checked before the kernel install."""
    manager = getattr(server, "extension_manager", None)
    apps = [server, *(app for found in (manager.extension_apps.values() if manager else ()) for app in found)]
    return list(dict.fromkeys(file for app in apps for file in getattr(app, "_loaded_config_files", [])))
