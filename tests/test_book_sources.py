"""The chapter notebooks as sources: listed in the table of contents, parameterised, readable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from build_book import toc_entries

ROOT = Path(__file__).resolve().parents[1]
#: Characters of code that fit a code cell on a 1280-pixel-wide page of the built book.
PAGE_CODE_WIDTH = 77
GLUE_ONLY = re.compile(r"^\s*(glue_values|glue_figure|glue)\(|^\s*[\]\)}]|^\s*[\"']?\w+[\"']?\s*:|^\s*$|^\s*#")


CHAPTERS = [doc for doc in toc_entries() if doc.startswith("chapters/")]


def _cells(doc):
    return json.loads((ROOT / "book" / f"{doc}.ipynb").read_text(encoding="utf-8"))["cells"]


def test_every_chapter_notebook_is_in_the_table_of_contents():
    on_disk = {f"chapters/{p.stem}" for p in (ROOT / "book" / "chapters").glob("*.ipynb")}
    assert on_disk == set(CHAPTERS), "book/chapters/*.ipynb and the chapters of _toc.yml differ"
    assert all(re.fullmatch(r"chapters/[a-z0-9]+(-[a-z0-9]+)*", doc) for doc in CHAPTERS), \
        "chapter addresses are lower-case words joined by hyphens"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_chapter_has_one_parameters_cell_and_no_stored_outputs(doc):
    cells = _cells(doc)
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{doc}: {len(tagged)} cells tagged 'parameters', expected 1"
    assert not any(c.get("outputs") for c in cells if c["cell_type"] == "code"), \
        f"{doc}: source notebooks carry no outputs (papermill writes the executed copy)"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_code_fits_the_page(doc):
    long = [(i, line) for i, c in enumerate(_cells(doc)) if c["cell_type"] == "code"
            for line in "".join(c["source"]).splitlines() if len(line) > PAGE_CODE_WIDTH]
    assert not long, f"{doc}: {len(long)} code line(s) longer than {PAGE_CODE_WIDTH} characters, " \
                     f"e.g. cell {long[0][0]}: {long[0][1]!r}" if long else ""


@pytest.mark.parametrize("doc", CHAPTERS)
def test_cells_that_only_glue_are_collapsed(doc):
    for i, c in enumerate(_cells(doc)):
        if c["cell_type"] != "code":
            continue
        lines = "".join(c["source"]).splitlines()
        if lines and any("glue" in line for line in lines) and all(GLUE_ONLY.match(line) for line in lines):
            tags = c.get("metadata", {}).get("tags", [])
            assert "hide-input" in tags or "remove-input" in tags, \
                f"{doc}, cell {i}: a cell that only glues values should be tagged hide-input"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_cells_that_glue_values_are_collapsed(doc):
    """``report.glue_values`` only hands numbers to the prose, so a cell that calls it is collapsed.

    The rule above recognises bare ``glue(...)`` lines; this one covers the helper the chapters
    use, whose keyword arguments (``name=value,``) the line pattern does not match.
    """
    for i, c in enumerate(_cells(doc)):
        if c["cell_type"] == "code" and re.search(r"\bglue_values\(", "".join(c["source"])):
            tags = c.get("metadata", {}).get("tags", [])
            assert "hide-input" in tags or "remove-input" in tags, \
                f"{doc}, cell {i}: a cell that calls glue_values should be tagged hide-input"


#: A code cell that shows an ipywidgets widget.
WIDGET_CELL = re.compile(r"\bwidgets\.(interactive_output|interactive|interact)\(|\bdisplay\(widgets\.")


@pytest.mark.parametrize("doc", CHAPTERS)
def test_every_widget_says_how_to_make_it_live(doc):
    """On the static page a widget shows its initial state only: the text just above it says so
    and names ``make lab`` (the nearest markdown cell before the widget's cell)."""
    cells = _cells(doc)
    for i, c in enumerate(cells):
        if c["cell_type"] == "code" and WIDGET_CELL.search("".join(c["source"])):
            text = next(("".join(m["source"]) for m in reversed(cells[:i]) if m["cell_type"] == "markdown"), "")
            assert "`make lab`" in text and "static page" in text, \
                f"{doc}, cell {i}: the text before a widget should say that the static page shows its " \
                f"initial state and that `make lab` runs it live"

