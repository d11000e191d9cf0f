"""The lab's reading of a configuration file (``--config=FILE``, ``--config FILE``, ``--JupyterApp.config_file=FILE``)
and its settings, checked as the command line's are (scripts/lab.py, probe 17c, L1; probe 19c, L3 and L4).

The file is loaded as Jupyter loads it (FILE's name without its extension, + .py and + .json, where they exist). A file
whose code ends the program (``sys.exit(3)``, ``raise KeyboardInterrupt``) ended the lab with its status and no word,
or a traceback; a setting the lab refuses on its command line was left to Jupyter when a file gave it (a socket in a
missing folder served nowhere, ``c.Bogus.x = 1`` was ignored without a word, a password turned the token off and the
lab blamed "an empty one" after the kernel install). Each is refused in one line naming the file and the setting, before
anything starts; a Ctrl-C while the file loads still interrupts the lab. A password or token in a file is not echoed.
"""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

from lab_options import name_problem

#: The extensions of the files Jupyter loads for ``--config=FILE``: FILE's name without its extension, + .py and .json.
CONFIG_KINDS = (".py", ".json")

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
    load, read as Jupyter reads them (the file's name without its extension, + .py and + .json, where they exist)."""
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
        try:
            with open(path, "rb"):  # an unreadable file: Jupyter logged a traceback and went on without it
                pass
        except OSError as exc:
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
    return None, settings


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
