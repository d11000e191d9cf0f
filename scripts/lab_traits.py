"""The lab's checks of a configuration file (``--config=FILE``) and of the settings Jupyter checks only at start-up
(scripts/lab.py, probe 17c, L1 and L2).

A configuration file that Jupyter cannot load was logged with a traceback after the kernel install and ignored; one it
does not find was skipped without a word; a setting of it that the lab gives on Jupyter's command line itself (its port,
address, folder) was overridden without a word (``c.ServerApp.port = 70000`` served on 8888). A folder to start in
(``preferred_dir``) outside the folder served or missing, a contents folder (``ContentsManager.root_dir``) that does not
exist, a JupyterLab application folder (``LabApp.app_dir``) without JupyterLab in it, a server extension
(``jpserver_extensions``) that does not import: Jupyter said so only after the kernel install, and for the last two
served a page that opens nothing or ran without the extension. Each is refused in one line before anything starts,
whether the command line or the configuration file gives it.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

#: The extensions of the files Jupyter loads for ``--config=FILE``: FILE's name without its extension, + .py and .json.
CONFIG_KINDS = (".py", ".json")


def _shown(file, owner, trait, value):
    return f"{file}: c.{owner}.{trait} = {value!r}"


def config_settings(arguments):
    """(problem or None, settings): why a configuration file that `arguments` name (``--config=FILE``, as given,
    'JupyterApp.config_file', value) cannot be used, and the settings (as shown, 'Class.trait', value) of those that
    load, read as Jupyter reads them (the file's name without its extension, + .py and + .json, where they exist)."""
    from jupyterlab.labapp import LabApp

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
            loaded = list(LabApp._load_config_files(os.path.splitext(name)[0], path=folder, log=None,
                                                    raise_config_file_errors=True))
        except Exception as exc:  # noqa: BLE001 - whatever the file raises, Jupyter would log it and go on
            said = " ".join(str(exc).split()) or "no reason given"
            return (f"{shown}: Jupyter cannot load it ({type(exc).__name__}: {said}) and would start without it; "
                    "fix it, or drop --config"), settings
        for config, file in loaded:
            for owner, section in config.items():
                if not hasattr(section, "items"):
                    continue
                for trait, setting in section.items():
                    settings.append((_shown(file, owner, trait, setting), f"{owner}.{trait}", setting))
    return None, settings


def overridden_problem(settings, arguments, defaults, rename):
    """Why a setting of a configuration file (`settings`) is one the lab's own `defaults` override on Jupyter's command
    line (which beats every file), unless the command line (`arguments`) gives it too; or None. `rename`: the name a
    moved NotebookApp setting has now."""
    given = {rename(target) for _, target, _ in arguments}
    for shown, target, value in settings:
        target = rename(target)
        if target in defaults and target not in given:
            return (f"{shown}: the lab sets {target} itself ({defaults[target]}) on Jupyter's command line, which "
                    f"overrides a configuration file; give it on the command line instead: --{target}={value}")
    return None


def _contents_manager(owner):
    return owner.endswith(("ContentsManager", "FileManager"))


def _app_has_lab(folder):
    return (Path(folder) / "static" / "index.html").is_file()


def trait_problem(settings, classes, root, rename):
    """Why a setting of `settings` (as shown, 'Class.trait', value: a command line's text or a file's value) is one
    Jupyter refuses or cannot use only at start-up, or None. `classes`: class name -> configurable class; `root`: the
    folder JupyterLab serves."""
    import traitlets
    from traitlets.config.loader import LazyConfigValue

    values = {}
    for shown, target, value in settings:
        target = rename(target)
        owner, _, name = target.rpartition(".")
        trait = classes[owner].class_traits().get(name) if owner in classes else None
        if trait is None or value is None or isinstance(value, LazyConfigValue):  # c.X.y.append(...): Jupyter's
            continue
        try:
            if not (value is None and trait.allow_none):
                trait.validate(None, value)
        except (traitlets.TraitError, ValueError, TypeError):
            return f"{shown}: expected {trait.info()} for {target}"
        except Exception:  # noqa: BLE001 - a check that needs the running server: Jupyter's own
            pass
        values.setdefault(name if name != "root_dir" or _contents_manager(owner) else "server_root", []).append(
            (shown, owner, value))
    contents = root
    for shown, owner, folder in values.get("root_dir", []):
        if not str(folder).strip() or not Path(folder).is_dir():  # Jupyter: "'/x' is not a directory", and stopped
            return f"{shown}: no such folder; expected the folder of the notebooks JupyterLab serves"
        contents = Path(os.path.abspath(folder))
    contents = Path(os.path.abspath(contents))
    for shown, owner, folder in values.get("preferred_dir", []):
        if not str(folder).strip():
            continue  # Jupyter's default: the folder served
        where = Path(os.path.abspath(folder if owner in ("ServerApp", "NotebookApp") or os.path.isabs(folder)
                                     else contents / str(folder).strip("/")))
        if not where.resolve().is_relative_to(contents.resolve()):  # Jupyter: "... is outside root contents directory"
            return (f"{shown}: lies outside the folder JupyterLab serves ({contents}); expected a folder inside it to "
                    "start in")
        if not where.is_dir():
            return f"{shown}: no such folder in the folder JupyterLab serves ({contents}); expected one to start in"
    for shown, owner, folder in values.get("app_dir", []):
        if str(folder).strip() and not _app_has_lab(folder):  # Jupyter logged it and served a page that opens nothing
            return (f"{shown}: holds no JupyterLab application (no static/index.html in it), and JupyterLab would "
                    "serve a page that opens nothing; drop it (the default is the venv's share/jupyter/lab)")
    for shown, owner, extensions in values.get("jpserver_extensions", []):
        for module, enabled in dict(extensions).items():
            try:
                found = enabled and importlib.util.find_spec(str(module)) is not None
            except (ImportError, ValueError):
                found = False
            if enabled and not found:  # Jupyter: "The module 'x' could not be found", and started without it
                return (f"{shown}: no module {module!r} to load as a server extension here (Jupyter would start "
                        "without it); install it, or drop it")
    return None


def _parsed(arguments, classes, rename):
    """The command line's settings with their values read as Jupyter reads them (a dict from its text), where the trait
    reads them (a value it cannot read was refused before, by the lab's value_problem)."""
    parsed = []
    for shown, target, value in arguments:
        owner, _, name = rename(target).rpartition(".")
        trait = classes[owner].class_traits().get(name) if owner in classes else None
        if trait is None or value is None:
            continue
        try:
            parsed.append((shown, target, trait.from_string(value)))
        except Exception:  # noqa: BLE001 - refused by the value check, or Jupyter's to say
            continue
    return parsed


def settings_problem(arguments, classes, root, defaults, rename):
    """Why a configuration file or a setting checked only at start-up cannot be used, or None: see the module's text.
    `arguments`: (as given, 'Class.trait', value or None) of the command line's settings."""
    problem, settings = config_settings(arguments)
    return problem or overridden_problem(settings, arguments, defaults, rename) or trait_problem(
        settings + _parsed(arguments, classes, rename), classes, root, rename)
