"""Static explorers (crossbar.views.explorer): a widget callback precomputed on a grid, as HTML."""

import base64
import json
import re
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import crossbar  # noqa: E402
from crossbar.views import widgets as views  # noqa: E402
from crossbar.views.explorer import LIVE_NOTE, static_explorer  # noqa: E402
from crossbar.views.report import sci  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass
class _View:
    summary: str
    figure: object = None


def _data(page):
    """The JSON an explorer's script reads, parsed back."""
    text = re.search(r'<script type="application/json" class="crossbar-explorer-data">(.*?)</script>', page,
                     re.S).group(1)
    return json.loads(text)


def test_every_grid_point_is_computed_once_in_row_major_order():
    calls = []

    def view(a, b):
        calls.append((a, b))
        if a < 0:  # no figure here, as a widget callback does for an invalid setting
            return _View(f"invalid a={a:g}")
        fig, ax = plt.subplots()
        ax.plot([0, 1], [a, b])
        return _View(f"a={a:g} b={b:g}", fig)

    e = static_explorer(view, {"a": [-1.0, 1.0, 2.0], "b": [10.0, 20.0]}, start={"a": 1.0, "b": 20.0},
                        labels={"a": "alpha"}, formats={"b": ".1f"})
    assert calls == [(a, b) for a in (-1.0, 1.0, 2.0) for b in (10.0, 20.0)]
    assert e.shape == (3, 2) and e.start == (1, 1) and e.labels == ("alpha", "b")
    assert e.readouts == (("-1", "1", "2"), ("10.0", "20.0"))
    assert e.summaries[e.index((2, 0))] == "a=2 b=10"
    assert e.images[:2] == (None, None)
    assert all(base64.b64decode(image).startswith(PNG_SIGNATURE) for image in e.images[2:])
    assert plt.get_fignums() == []  # every figure was closed once drawn


def test_the_explorer_holds_what_the_activation_callback_computes():
    device = crossbar.default_device()
    betas = 6e6 * np.logspace(-1.0, 1.0, 3)
    e = static_explorer(lambda beta: views.activation_view(beta, 0.8, -0.8, 10.0, device=device),
                        {"beta": betas}, start={"beta": 6e6}, formats={"beta": sci})
    assert e.start == (1,)
    assert e.readouts == (("6·10⁵", "6·10⁶", "6·10⁷"),)  # β as the prose writes it
    for beta, summary, image in zip(betas, e.summaries, e.images):
        view = views.activation_view(beta, 0.8, -0.8, 10.0, device=device)
        assert summary == view.summary
        assert image is not None
        plt.close(view.figure)
    assert "OUT OF REACH" in e.summaries[0] and "both targets reachable" in e.summaries[2]


def test_the_start_must_be_a_grid_position_on_every_axis():
    def view(x):
        return _View(str(x))

    with pytest.raises(ValueError, match=r"start x=1\.5 is not one of"):
        static_explorer(view, {"x": [1.0, 2.0]}, start={"x": 1.5})
    with pytest.raises(ValueError, match="start names"):
        static_explorer(view, {"x": [1.0, 2.0]}, start={"y": 1.0})
    assert static_explorer(view, {"x": [1.0, 2.0]}, start={"x": 2.0 * (1 + 1e-12)}).start == (1,)


def test_the_html_is_self_contained_and_starts_at_the_start():
    def view(x):
        return _View(f"x = {x:g} </script><b>not markup</b>")  # text the page must not interpret

    e = static_explorer(view, {"x": [1.0, 2.0, 3.0]}, start={"x": 2.0})
    page = e.to_html()
    assert e._repr_html_() == page
    assert not re.search(r"(src|href)=\"(?!data:)", page), "only data: URIs may be referenced"
    assert "http" not in page and "//" not in re.sub(r"<script>.*?</script>", "", page, flags=re.S)
    assert _data(page)["summaries"] == list(e.summaries)
    assert page.count("</script>") == 2  # the data block's own "</script>" text is escaped
    assert '<input class="crossbar-explorer-input" type="range" min="0" max="2" step="1" value="1"' in page
    assert "x = 2 &lt;/script&gt;&lt;b&gt;not markup&lt;/b&gt;" in page  # the starting summary, escaped
    assert "<code>make lab</code>" in page and "make lab" in LIVE_NOTE
    assert "3 precomputed positions" in repr(e)


def test_a_chapter_glues_an_explorer_as_a_figure_with_its_html(monkeypatch):
    """A static explorer under "Try it" had no caption or number (referee 9, m3): the chapters glue it for a
    {glue:figure} like their other figures, which report.glue_figure hands to myst-nb as the explorer's HTML,
    without the matplotlib legibility check (it has no text of its own to measure) and without a figure to close."""
    import myst_nb
    from IPython.core.formatters import format_display_data

    from crossbar.views import report

    glued = {}
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display=True: glued.update({name: (value, display)}))
    e = static_explorer(lambda x: _View(f"x = {x:g}"), {"x": [1.0, 2.0]}, start={"x": 1.0})
    report.glue_figure("fig_explorer", e)
    value, display = glued["fig_explorer"]
    assert value is e and display is False
    bundle, _ = format_display_data(value)  # what myst-nb stores: the explorer's page fragment
    assert bundle["text/html"] == e.to_html()
