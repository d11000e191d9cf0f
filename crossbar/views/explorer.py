"""Static explorers: a widget's outputs precomputed on a grid of slider positions, for pages without a kernel.

A page of the built book shows each ipywidgets widget in its initial state only: nothing runs
the callback when a slider moves. Where the callback is cheap, :func:`static_explorer` calls it
at every point of a small grid when the chapter is executed and returns a
:class:`StaticExplorer`, which a notebook displays as one self-contained HTML output: a range
input per grid axis, the callback's summary line and figure (PNG, embedded as a data URI), and
a few lines of inline JavaScript that swap them as the reader moves a range input. It loads
nothing from anywhere, so it works on an offline page; without JavaScript it still shows the
starting position.

The callbacks are those of :mod:`crossbar.views.widgets`: they take slider values and return a
record with a ``summary`` string and a ``figure`` (a matplotlib Figure, or None).
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import itertools
import json
import math
import re
from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from ..numbers import instance, shown
from .checks import array, checked, function, mapping, number, optional

__all__ = ["LIVE_NOTE", "StaticExplorer", "static_explorer", "MAX_POINTS", "MAX_DPI"]

#: Most grid points an explorer precomputes: each runs the callback once and puts a PNG in the page
#: (some 50 kB each: 500 points are a page of some 25 MB already).
MAX_POINTS = 500
#: Highest resolution of the embedded figures: at 600 dots per inch a 6.6-inch figure is 3960 pixels wide,
#: six times the page's column.
MAX_DPI = 600

#: The line under every explorer: what it is, and how to get the live widget.
LIVE_NOTE = ("Precomputed at these positions, with the other controls at their initial values; "
             "no kernel is needed. `make lab` runs the chapter live, every control free.")

_SCRIPT = """
(function () {
  var root = document.currentScript ? document.currentScript.parentElement
                                    : document.getElementById("%(id)s");
  var data = JSON.parse(root.querySelector("script.crossbar-explorer-data").textContent);
  var inputs = root.querySelectorAll("input.crossbar-explorer-input");
  var summary = root.querySelector(".crossbar-explorer-summary");
  var figure = root.querySelector(".crossbar-explorer-figure");
  function show() {
    var index = 0;
    inputs.forEach(function (input, axis) {
      var position = Number(input.value);
      input.parentElement.querySelector("output").textContent = data.readouts[axis][position];
      index = index * data.readouts[axis].length + position;
    });
    summary.textContent = data.summaries[index];
    var image = data.images[index];
    figure.innerHTML = image ? '<img style="max-width: 100%%" alt="figure at this position" '
                               + 'src="data:image/png;base64,' + image + '">' : "";
  }
  inputs.forEach(function (input) { input.addEventListener("input", show); });
  // Inside JupyterLab the notebook would take these for itself (select the cell, move the focus).
  ["mousedown", "pointerdown", "focusin", "keydown"].forEach(function (type) {
    root.addEventListener(type, function (event) { event.stopPropagation(); });
  });
  root.setAttribute("data-live", "true");
})();
"""


@dataclass(frozen=True, eq=False)
class StaticExplorer:
    """A callback's outputs at every point of a grid, displayed as self-contained HTML.

    Attributes
    ----------
    names : tuple of str
        The callback's keyword arguments, one per grid axis.
    labels : tuple of str
        What each axis' range input is called on the page.
    values : tuple of tuple of float
        The positions of each axis.
    readouts : tuple of tuple of str
        Each position as the page shows it.
    start : tuple of int
        Index of the starting position on each axis.
    summaries : tuple of str
        The callback's ``summary`` at every point, in row-major order of the grid (the last axis
        varies fastest).
    images : tuple of (str or None)
        The callback's figure at every point as base64 PNG, None where it drew none.
    note : str
        The line under the explorer.
    """

    names: tuple
    labels: tuple
    values: tuple
    readouts: tuple
    start: tuple
    summaries: tuple
    images: tuple
    note: str

    @property
    def shape(self):
        """Positions per axis."""
        return tuple(len(v) for v in self.values)

    def index(self, positions):
        """Flat index into ``summaries``/``images`` of a tuple of per-axis positions."""
        flat = 0
        for position, size in zip(positions, self.shape):
            flat = flat * size + position
        return flat

    def __repr__(self):
        axes = ", ".join(f"{label} ({len(v)})" for label, v in zip(self.labels, self.values))
        return f"<StaticExplorer: {math.prod(self.shape)} precomputed positions of {axes}>"

    def _repr_html_(self):
        return self.to_html()

    def to_html(self):
        """The explorer as one HTML fragment with inline data and script (no external resource)."""
        data = json.dumps({"readouts": self.readouts, "summaries": self.summaries, "images": self.images},
                          separators=(",", ":")).replace("</", "<\\/")
        uid = "crossbar-explorer-" + hashlib.sha1(data.encode()).hexdigest()[:12]
        first = self.index(self.start)
        controls = []
        for axis, (label, readouts, start) in enumerate(zip(self.labels, self.readouts, self.start)):
            controls.append(
                f'<label style="display: block; margin: 0.2em 0">{html.escape(label)} '
                f'<input class="crossbar-explorer-input" type="range" min="0" max="{len(readouts) - 1}" '
                f'step="1" value="{start}" data-axis="{axis}" aria-label="{html.escape(label)}" '
                f'style="vertical-align: middle; width: 18em"> '
                f"<output>{html.escape(readouts[start])}</output></label>")
        image = self.images[first]
        figure = ('<div class="crossbar-explorer-figure">'
                  + (f'<img style="max-width: 100%" alt="figure at this position" '
                     f'src="data:image/png;base64,{image}">' if image else "")
                  + "</div>")
        note = re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(self.note))
        return (
            f'<div class="crossbar-explorer" id="{uid}" data-lm-suppress-shortcuts="true">'
            + "".join(controls)
            + f'<pre class="crossbar-explorer-summary" style="white-space: pre-wrap">'
              f"{html.escape(self.summaries[first])}</pre>"
            + figure
            + f'<p class="crossbar-explorer-note" style="font-size: smaller">{note}</p>'
            + f'<script type="application/json" class="crossbar-explorer-data">{data}</script>'
            + f"<script>{_SCRIPT % {'id': uid}}</script>"
            + "</div>")


def _readout_format(value, name):
    """A format spec of a number or a function number -> text."""
    if callable(value):
        return value
    return instance(value, str, name, "a format spec such as '.3g', or a function of the number returning text")


def _readouts(name, axis, spec):
    """The readout texts of one axis' positions, `spec` a format spec or a function."""
    try:
        texts = tuple(spec(x) if callable(spec) else format(x, spec) for x in axis)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"static_explorer: formats[{name!r}] = {shown(spec)}: expected a format spec of a number, "
                         f"such as '.3g', or a function of the number returning text ({exc})") from None
    wrong = next((text for text in texts if not isinstance(text, str)), None)
    if wrong is not None:
        raise TypeError(f"static_explorer: formats[{name!r}] returned {type(wrong).__name__}: expected text")
    return texts


def _png(figure, dpi):
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


@checked(view=function, grid=mapping("axis name -> positions", array(1, "a list of positions")),
         start=mapping("axis name -> starting position", number()),
         labels=optional(mapping("axis name -> label", str)),
         formats=optional(mapping("axis name -> format", _readout_format)),
         note=str, dpi=number(positive=True, high=MAX_DPI))
def static_explorer(view, grid, start, *, labels=None, formats=None, note=LIVE_NOTE, dpi=100) -> StaticExplorer:
    """Call `view` at every point of `grid` and keep the summaries and figures for a static page.

    Parameters
    ----------
    view : callable
        ``view(**point)`` returns a record with ``summary`` (str) and ``figure`` (matplotlib
        Figure or None), as the callbacks of :mod:`crossbar.views.widgets` do. Each figure is
        closed once drawn.
    grid : dict
        Keyword name -> the positions of that axis, in slider order. The grid is the product of
        the axes: keep it small, the callback runs once per point (at most :data:`MAX_POINTS`).
    start : dict
        Keyword name -> the starting position: the live widget's initial value on that axis,
        which must be one of the axis' positions (to 1e-9 relative).
    labels : dict, optional
        Keyword name -> label of its range input (default: the name).
    formats : dict, optional
        Keyword name -> the format of its readout: a format spec (default ``".3g"``) or a function
        of the number returning the text, such as :func:`crossbar.views.report.sci` for β written as
        the prose writes it (6·10⁷).
    note : str
        The line under the explorer (default :data:`LIVE_NOTE`).
    dpi : float
        Resolution of the embedded figures (at most :data:`MAX_DPI`).

    Returns
    -------
    StaticExplorer
    """
    names = tuple(grid)
    bad = next((name for name in names if not isinstance(name, str) or not name.isidentifier()), None)
    if bad is not None:
        raise TypeError(f"static_explorer: grid: axis {shown(bad)} is no keyword name of the view")
    if set(start) != set(names):
        raise ValueError(f"static_explorer: start names {sorted(start)}, the grid axes are {sorted(names)}")
    for argument, given in (("labels", labels), ("formats", formats)):
        unknown = sorted(set(given or {}) - set(names))
        if unknown:
            raise ValueError(f"static_explorer: {argument} names {shown(unknown[0])}, which is no grid axis "
                             f"(the axes are {', '.join(names)})")
    points = math.prod(len(grid[name]) for name in names)
    if points > MAX_POINTS:
        raise ValueError(f"static_explorer: grid has {points:,} points ({' x '.join(str(len(grid[n])) for n in names)}): "
                         f"expected at most {MAX_POINTS}, each runs the view once and puts a figure in the page")
    values = tuple(tuple(float(x) for x in grid[name]) for name in names)
    labels = {**{name: name for name in names}, **(labels or {})}
    formats = {**{name: ".3g" for name in names}, **(formats or {})}
    readouts = tuple(_readouts(name, axis, formats[name]) for name, axis in zip(names, values))
    start_index = []
    for name, axis in zip(names, values):
        if not all(map(math.isfinite, axis)):
            raise ValueError(f"static_explorer: grid[{name!r}] = {shown(list(axis))}: expected finite positions")
        twice = next((x for k, x in enumerate(axis) if any(math.isclose(x, y, rel_tol=1e-9) for y in axis[:k])), None)
        if twice is not None:  # a slider's two equal stops, the view run twice (a Grid refuses them too)
            raise ValueError(f"static_explorer: grid[{name!r}] = {shown(list(axis))}: {twice!r} is given twice (to "
                             "1e-9 relative); give each position once")
        hits = [i for i, x in enumerate(axis) if math.isclose(x, start[name], rel_tol=1e-9)]
        if not hits:
            raise ValueError(f"static_explorer: start {name}={start[name]!r} is not one of the axis' "
                             f"positions {list(axis)}")
        start_index.append(hits[0])
    summaries, images = [], []
    for point in itertools.product(*values):
        at = dict(zip(names, point))
        record = view(**at)
        if not isinstance(getattr(record, "summary", None), str) or not isinstance(getattr(record, "figure", None),
                                                                                    (Figure, type(None))):
            raise TypeError(f"static_explorer: view returned {type(record).__name__} at {at}: expected a record with "
                            "a summary (str) and a figure (a matplotlib Figure or None)")
        summaries.append(record.summary)
        images.append(None if record.figure is None else _png(record.figure, dpi))
    return StaticExplorer(
        names=names,
        labels=tuple(labels[name] for name in names),
        values=values,
        readouts=readouts,
        start=tuple(start_index),
        summaries=tuple(summaries),
        images=tuple(images),
        note=note,
    )
