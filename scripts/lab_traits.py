"""The lab's checks of a configuration file (``--config=FILE``) and of the settings Jupyter checks only at start-up
(scripts/lab.py, probe 17c, L1 and L2).

A configuration file that Jupyter cannot load was logged with a traceback after the kernel install and ignored; one it
does not find was skipped without a word; a setting of it that the lab gives on Jupyter's command line itself (its port,
address, folder) was overridden without a word (``c.ServerApp.port = 70000`` served on 8888). A folder to start in
(``preferred_dir``) outside the folder served or missing, a contents folder (``ContentsManager.root_dir``) that does not
exist, a JupyterLab application folder (``LabApp.app_dir``) without JupyterLab in it, a server extension
(``jpserver_extensions``) that does not import: Jupyter said so only after the kernel install, and for the last two
served a page that opens nothing or ran without the extension. Each is refused in one line before anything starts,
whether the command line or the configuration file gives it (lab_config.py reads the file).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path


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


def retries_problem(shown, target, value):
    """Why `value` (read) is not a number of further ports to try for `target` (as `shown`), or None: Jupyter took -5,
    tried no port at all and stopped with 1 after the kernel install."""
    if target == "ServerApp.port_retries" and isinstance(value, int) and value < 0:
        return f"{shown}: expected a number of further ports to try, 0 or more, for {target}"
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
        if problem := retries_problem(shown, target, value):
            return problem
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


def settings_problem(settings, arguments, classes, root, defaults, rename):
    """Why a setting of a configuration file (`settings`, lab_config.config_settings) or a setting checked only at
    start-up cannot be used, or None: see the module's text. `arguments`: (as given, 'Class.trait', value or None) of
    the command line's settings."""
    given = {rename(target) for _, target, _ in arguments}  # the command line overrides a file's setting
    used = [setting for setting in settings if rename(setting[1]) not in given]
    return trait_problem(used + _parsed(arguments, classes, rename), classes, root, rename) or overridden_problem(
        settings, arguments, defaults, rename)  # a value Jupyter cannot read first: no advice for the command line
