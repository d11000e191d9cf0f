"""Referee read 16 (issue 19), points 1, 4 and 6, in the views: an off-range median's label struck
through by its own whisker (Figs 10.3 and 10.5), hyphen-minus and e-notation in the cell labels of
Figs 3.1, 4.4 and 4.8, and a hyphen for "no value" in four tables beside the letters' en dash."""

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

import crossbar
from crossbar.studies.outcomes import Outcome
from crossbar.views import plotting as P
from crossbar.views import report
from crossbar.views import widgets as W

matplotlib.use("Agg")


def outcome(median, low, high):
    """An Outcome whose digits recognised are (median, low, high) in percent."""
    return Outcome("o", 10, (median / 100, low / 100, high / 100), (0.9, 0.85, 0.95), (np.nan,) * 3,
                   (1e-8, 0.9e-8, 1.1e-8), 5.0, 0.95)


def drawn(fig):
    """The figure drawn as the page shows it, so that its texts and lines have their places."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def whiskers_crossing(ax, renderer):
    """The labels of `ax` that an error bar's line passes through."""
    crossed = []
    for text in ax.texts:
        box = text.get_window_extent(renderer)
        for collection in ax.collections:
            for segment in collection.get_segments():
                (x0, y0), (x1, y1) = ax.transData.transform(segment)
                if min(y0, y1) <= box.y1 and max(y0, y1) >= box.y0 and min(x0, x1) <= box.x1 and max(x0, x1) >= box.x0:
                    crossed.append(text.get_text())
    return crossed


def test_fig_10_3_an_off_range_median_has_no_whisker_in_the_window_and_its_label_gives_the_interval():
    """Referee 16, point 1: "default", one crossbar at 71.1% (51.5-82.2%) in the 81-94% panel: its bar ran
    from the edge to 82.2%, through the "71" written at the edge."""
    rows = {"default": {"one crossbar": outcome(71.1, 51.5, 82.2), "network": outcome(84.7, 82.7, 85.4)},
            "ag-si": {"one crossbar": outcome(88.5, 87.4, 89.1), "network": outcome(91.7, 91.1, 92.3)}}
    fig = P.plot_device_outcomes(rows, zoom=(81, 94))
    full, zoomed = fig.axes
    renderer = drawn(fig)
    assert [t.get_text() for t in zoomed.texts] == ["71 (52\u201382)"]
    assert whiskers_crossing(zoomed, renderer) == []
    # the full panel still draws every point with its whole interval, and writes no label
    assert not full.texts and sum(len(c.get_segments()) for c in full.collections) == 4


def test_fig_10_5_two_labels_on_one_row_are_kept_apart_and_not_crossed():
    """Referee 16, point 1: pcmo's "50% (44-56)" and "76% (69-82)" touched, and the second's whisker (its high
    end 82.0% inside the 81-94% window) ran over its "7"."""
    rows = {name: {"one-way": outcome(91, 90.4, 91.6), "two-way": outcome(two, two - 6, two + 6),
                   "G_fix": outcome(fix, fix - 7, fix + 6)}
            for name, two, fix in (("ag-si", 87.5, 89.3), ("pcmo", 50, 76), ("epiram", 88, 88.9))}
    fig = P.plot_energy(rows, zoom=(81, 94))
    ax = fig.axes[1]
    renderer = drawn(fig)
    assert [t.get_text() for t in ax.texts] == ["50% (44\u201356)", "76% (69\u201382)"]
    assert whiskers_crossing(ax, renderer) == []
    upper, lower = (t.get_window_extent(renderer) for t in ax.texts)
    assert lower.y1 < upper.y0  # a gap between the two lines, the first above


@pytest.fixture(scope="module")
def run():
    return crossbar.train(crossbar.default_device(), crossbar.DEFAULT.replace(max_epochs=20), seed=1, trial=0)


def test_figs_3_1_4_4_and_4_8_write_minus_signs_and_powers_of_ten_in_their_cells(run):
    """Referee 16, point 4: the Manhattan step's cells read "-0.074", "-9.9e-08", "-1", the weight maps'
    "-0.142", beside colour bars that write "−0.8"."""
    step = W.manhattan_view(run, 0).figure
    cells = [t.get_text() for ax in step.axes for t in ax.texts]
    weights = [t.get_text() for t in P.plot_weight_map(run).axes[0].texts]
    for texts in (cells, weights):
        assert not any("-" in t or "e" in t.replace("pulse", "") for t in texts), texts
        assert any(t.startswith("\u2212") for t in texts)
    assert "\u22121" in cells and "+1" in cells  # the signs panel
    assert any("\u00b710" in t for t in cells)  # a value near zero as the prose writes one, 1.9·10⁻⁵


def test_a_cell_with_no_value_is_an_en_dash_in_every_table():
    """Referee 16, point 6: the presets, law, MNIST and goal tables wrote "-" for no value, the letters'
    tables "–"."""
    bundle = report.table_bundle(["preset", "NL", "MNIST"], [["default", "-", None], ["pcmo", "\u22121", "~72%"]])
    assert "<td" in bundle["text/html"] and ">-<" not in bundle["text/html"]
    assert bundle["text/html"].count(">\u2013<") == 2
    assert bundle["text/plain"].splitlines()[1].split() == ["default", "\u2013", "\u2013"]
    table = report.markdown_table(["law", "at a bound"], [["power law", "-"], ["soft bounds", "-0.3 x"]])
    assert "| power law | \u2013 |" in table.markdown and "-0.3 x" in table.markdown  # only a lone hyphen
