"""The lab's reading of a configuration file (``--config=FILE``, ``--config FILE``, ``--JupyterApp.config_file=FILE``)
and its settings, checked as the command line's are (scripts/lab.py, probe 17c, L1; probe 19c, L3 and L4).

The file is loaded as Jupyter loads it (FILE's name without its extension, + .py and + .json, where they exist). A file
whose code ends the program (``sys.exit(3)``, ``raise KeyboardInterrupt``) ended the lab with its status and no word,
or a traceback; a setting the lab refuses on its command line was left to Jupyter when a file gave it (a socket in a
missing folder served nowhere, ``c.Bogus.x = 1`` was ignored without a word, a password turned the token off and the
lab blamed "an empty one" after the kernel install). Each is refused in one line naming the file and the setting, before
anything starts; a Ctrl-C while the file loads still interrupts the lab. A password or token in a file is not echoed.

The files Jupyter finds itself on its configuration path (JUPYTER_CONFIG_DIR, ~/.jupyter, the venv's etc/jupyter, ...)
are the user's: they are read, not run, before anything starts (invalid JSON, a .py that is no Python), and one whose
code raises when Jupyter runs it is named after Jupyter has loaded it (probe 22c, C22-6: Jupyter logged a traceback
and served without the file).
"""

from __future__ import annotations

import glob
import json
import logging
import os
import signal
import threading
import traceback
from pathlib import Path

from lab_options import name_problem

#: The extensions of the files Jupyter loads for ``--config=FILE``: FILE's name without its extension, + .py and .json.
CONFIG_KINDS = (".py", ".json")

#: The configuration files the server and JupyterLab read in each folder of Jupyter's configuration path (name + .py
#: and + .json): every Jupyter application's, the server's (not with --config=FILE, read instead) and JupyterLab's.
#: The server's extension manager reads the server's .json and its .d folder's *.json files in any case.
FOUND_NAMES = ("jupyter_config", "jupyter_server_config", "jupyter_lab_config")

#: What traitlets logs, with the traceback, when a configuration file's code raised: Jupyter then goes on without it.
_RAISED = "Exception while loading config file %s"

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


def _load(name, folder):
    """(the configs and files Jupyter loads for `name` in `folder`, None), or (None, what the file's code raised). A
    KeyboardInterrupt raised by a Ctrl-C (a SIGINT while it loads) is raised on: the lab is interrupted."""
    from jupyterlab.labapp import LabApp

    signals = []

    def interrupted(number, frame):
        signals.append(number)
        raise KeyboardInterrupt

    watch = threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) not in (
        signal.SIG_IGN, None)
    previous = signal.signal(signal.SIGINT, interrupted) if watch else None
    try:
        return list(LabApp._load_config_files(name, path=folder, log=None, raise_config_file_errors=True)), None
    except KeyboardInterrupt as exc:
        if signals:
            raise
        return None, exc
    except BaseException as exc:  # noqa: BLE001 - whatever the file's code raises, SystemExit included
        return None, exc
    finally:
        if watch:
            signal.signal(signal.SIGINT, previous)


def unloadable(file):
    """What reading `file` as Jupyter reads it raises before any of its code runs, or None: a .json is parsed as
    traitlets parses it, a .py compiled as traitlets compiles it (never run: the lab runs only a file it is given
    with --config). An OSError (unreadable), a ValueError (invalid JSON, not text) or a SyntaxError."""
    try:
        if file.endswith(".json"):
            with open(file) as handle:  # noqa: PLW1514 - as traitlets opens it
                json.load(handle)
        else:
            with open(file, "rb") as handle:
                compile(handle.read(), file, "exec")
    except (OSError, ValueError, SyntaxError) as exc:
        return exc
    return None


def _found_problem(file, exc):
    """Why the configuration file `file`, which Jupyter found on its configuration path, cannot be used: `exc`."""
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
        enabling = sorted(glob.glob(os.path.join(glob.escape(folder), "jupyter_server_config.d", "*.json")))
        found = [file for file in named if os.path.isfile(file)] + [
            file for file in enabling if os.path.isfile(file) and os.path.getsize(file)]  # an empty one: skipped
        for file in found:
            exc = unloadable(file)
            if exc is not None:
                return _found_problem(file, exc)
    return None


class RaisedFiles(logging.Filter):
    """While Jupyter loads its configuration files (``with RaisedFiles() as raised:``): notes each file whose code
    raised and drops that log, so that the lab says it in one line (:meth:`problem`). traitlets logs "Exception while
    loading config file" with the traceback on the logger of the application loading it, the server's or one of its
    extensions' (JupyterLab's, the terminals'), named after its class and then goes on without the file; this filter is
    put on each logger that makes a record meanwhile (the record factory is wrapped), so that every one is covered."""

    def __init__(self):
        super().__init__()
        self.loggers = []
        self.raised = []
        self._factory = None

    def __enter__(self):
        self._factory = factory = logging.getLogRecordFactory()

        def make(name, *args, **kwargs):
            logger = logging.getLogger(name)
            if self not in logger.filters:  # before the logger filters the record it is making
                logger.addFilter(self)
                self.loggers.append(logger)
            return factory(name, *args, **kwargs)

        logging.setLogRecordFactory(make)
        return self

    def __exit__(self, *exc):
        logging.setLogRecordFactory(self._factory)
        for logger in self.loggers:
            logger.removeFilter(self)

    def filter(self, record):
        if record.msg == _RAISED and record.args and record.exc_info:
            self.raised.append((str(record.args[0]), record.exc_info[1]))
            return False
        return True

    def problem(self):
        """Why Jupyter started without a configuration file (the first whose code raised), or None."""
        if not self.raised:
            return None
        file, exc = self.raised[0]
        lines = [number for frame, number in traceback.walk_tb(exc.__traceback__)
                 if frame.f_code.co_filename == file]
        where = f", line {lines[-1]}" if lines else ""
        said = " ".join(str(exc).split()) or "no reason given"
        return (f"{file}{where}: Jupyter cannot run it ({type(exc).__name__}: {said}) and would serve without it; "
                "fix or remove it")


def _load_problem(shown, exc):
    """Why the file `shown` cannot be used, since its code raised `exc`."""
    said = " ".join(str(exc).split()) or ("raised by its code" if isinstance(exc, KeyboardInterrupt)
                                          else "no reason given")
    if isinstance(exc, Exception):  # Jupyter logged it and went on
        return (f"{shown}: Jupyter cannot load it ({type(exc).__name__}: {said}) and would start without it; fix it, "
                "or drop --config")
    return (f"{shown}: Jupyter cannot load it ({type(exc).__name__}: {said}): its code ends the program, and Jupyter "
            "would end with it after the kernel install; fix it, or drop --config")


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
            why = "is a folder" if path.is_dir() else "no such file"
            return (f"{shown}: {why}; expected a configuration file (Jupyter skips a missing one without a word)",
                    settings)
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
