"""Which classes and settings JupyterLab reads, for the lab's checks of its options (scripts/lab.py) and of the settings
of a configuration file (lab_config.py): one that it does not read is refused, where Jupyter ignored ``--Bogus.x=1``
and ``c.Bogus.x = 1`` without a word and started with a mere warning for ``--ServerApp.bogus=1`` and
``c.ServerApp.bogus = 1`` (probe 19c, L4)."""

from __future__ import annotations

import difflib
import importlib

HELP = "see .venv/bin/jupyter lab --help-all"


def name_problem(shown, owner, trait, classes, form="--Class.trait=value"):
    """Why the setting `owner`.`trait` (as `shown`) is not one JupyterLab reads, or None. `classes`: known_classes();
    `form`: how the settings are written where it stands (the command line's, or a file's)."""
    if owner not in classes:  # Jupyter ignored it without a word
        return (f"{shown}: JupyterLab reads no settings of a class {owner}; expected {form} of a class it reads, such "
                f"as ServerApp or LabApp ({HELP})")
    traits = classes[owner]
    if trait not in traits:  # Jupyter warned in its log, and started
        close = difflib.get_close_matches(trait, traits, n=1)
        return (f"{shown}: {owner} has no setting {trait}" + (f" (did you mean {owner}.{close[0]}?)" if close else "")
                + f"; {HELP}")
    return None


def option_problem(extra, aliases):
    """Why an option of `extra` is not one JupyterLab knows (beside its own short options, the lab's `aliases`), or
    None. Jupyter itself says so only after about 6 s of start-up, with its 20-line usage."""
    from jupyter_server import serverapp
    from jupyterlab.labapp import LabApp

    known = {str(k) for table in (LabApp.aliases, LabApp.flags, serverapp.aliases, serverapp.flags) for k in table}
    known |= set(aliases)
    classes = None
    for arg in extra:
        if not arg.startswith("-"):
            continue
        name = arg.lstrip("-").split("=", 1)[0]
        if name in known:
            continue
        if "." not in name:
            return (f"{arg}: not an option of JupyterLab; expected --Class.trait=value or one of its short options "
                    f"({HELP})")
        classes = known_classes() if classes is None else classes
        owner, _, trait = name.rpartition(".")
        problem = name_problem(arg, owner, trait, classes)
        if problem:
            return problem
    return None


def known_classes():
    """Class name -> the names of the settings (config traits) Jupyter reads for it, over every configurable class
    of the server, of JupyterLab and of the server extensions enabled in this environment (a setting of a
    subclass counts: Jupyter gives a class's section to its subclasses too)."""
    from jupyter_server.serverapp import ServerApp
    from traitlets.config import Configurable

    server = ServerApp()
    server.find_server_extensions()
    for module, enabled in server.jpserver_extensions.items():
        try:
            if enabled:
                package = importlib.import_module(module)
                for point in getattr(package, "_jupyter_server_extension_points", list)():
                    importlib.import_module(point["module"])
        except Exception:  # noqa: BLE001 - an extension that does not import is Jupyter's to report
            continue
    every, stack = set(), [Configurable]
    while stack:
        cls = stack.pop()
        if cls not in every:
            every.add(cls)
            stack.extend(cls.__subclasses__())
    names = {}
    for cls in every:
        names.setdefault(cls.__name__, set()).update(
            trait for sub in every if issubclass(sub, cls) for trait in sub.class_traits(config=True))
    try:  # JupyterLab still reads --NotebookApp.x (notebook_shim): the classic server's, moved to ServerApp or LabApp
        from notebook_shim.traits import NotebookAppTraits
        names.setdefault("NotebookApp", set()).update(NotebookAppTraits.class_traits(config=True), names["ServerApp"],
                                                      names["LabApp"])
    except ImportError:
        pass
    return names


def configurables():
    """Class name -> class of every configurable JupyterLab's server reads (``--Class.trait=value``)."""
    from jupyter_server.serverapp import ServerApp
    from jupyterlab.labapp import LabApp

    return {c.__name__: c for cls in (LabApp, ServerApp, *ServerApp.classes, *LabApp.classes)
            for c in cls.mro() if hasattr(c, "class_traits")}
