"""The package's layering (ARCHITECTURE.md): one-way doors between layers, no cycles, short modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "crossbar"

# Layer of each top-level part of the package; a module may import its own layer and lower ones.
LAYERS = {
    "crossbar._version": 0,
    "crossbar.random": 0,
    "crossbar.interrupts": 0,
    "crossbar.jit": 0,
    "crossbar.resources": 0,
    "crossbar.numbers": 0,
    "crossbar.tasks": 0,
    "crossbar.idx": 0,
    "crossbar.devices": 1,
    "crossbar.training": 2,
    "crossbar.networks": 2,
    "crossbar.studies": 3,
    "crossbar.views": 4,
    "crossbar.cli": 4,
    "crossbar.__main__": 5,
    "crossbar": 5,  # the package's __init__ re-exports the public API of layers 0-3
}
# Third-party modules that only the views may import (compute layers never plot).
VIEW_ONLY = ("matplotlib", "IPython", "ipywidgets", "myst_nb")
LONG_MODULE_LINES = 500


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> set[str]:
    """Every module `name` imports, anywhere in the file (lazy imports included), resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    known = _modules()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            # `from . import physics` names a module; `from .devices import X` names a package.
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
    return found


def _layer(module: str) -> int | None:
    best = None
    for prefix, layer in LAYERS.items():
        if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, layer)
    return None if best is None else best[1]


def _part(module: str) -> str:
    """The layer entry a module belongs to (e.g. crossbar.training for crossbar.training.engine)."""
    return max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)


MODULES = _modules()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_only_go_down_the_layers(name):
    layer = _layer(name)
    assert layer is not None, f"{name} belongs to no layer; add it to ARCHITECTURE.md and LAYERS"
    for target in _imports(name, MODULES[name]):
        if target.split(".")[0] in VIEW_ONLY:
            assert _part(name) == "crossbar.views", f"{name} imports {target}: only crossbar.views may plot"
        if not target.startswith("crossbar"):
            continue
        assert _layer(target) <= layer or _part(target) == _part(name), (
            f"{name} (layer {layer}) imports {target} (layer {_layer(target)}): imports must go down")
        if _part(name) == "crossbar.cli":
            assert _part(target) != "crossbar.views", f"{name} imports {target}: the command line does not plot"


def test_no_import_cycles():
    graph = {name: {t for t in _imports(name, path) if t in MODULES and t != name} for name, path in MODULES.items()}
    # A package imports its own submodules from its __init__; a submodule importing its own package's
    # __init__ back would be a cycle, and is reported like any other.
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_are_short_or_say_why_not(name):
    text = MODULES[name].read_text(encoding="utf-8")
    lines = text.count("\n")
    doc = ast.get_docstring(ast.parse(text)) or ""
    assert lines <= LONG_MODULE_LINES or "This module is long because" in doc, (
        f"{name} has {lines} lines; split it, or say at its top why it must be long")


def test_the_layering_test_sees_a_violation(tmp_path):
    """The checker itself: a compute module importing matplotlib or a higher layer is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("from ..studies import Study\nimport matplotlib.pyplot as plt\n")
    found = _imports("crossbar.devices.bad", bad)
    assert "crossbar.studies" in found and "matplotlib.pyplot" in found
    assert _layer("crossbar.studies") > _layer("crossbar.devices.bad")
