"""Probe 5 against the views: the book's helpers, the unchecked figures, the widgets and the static
explorer. A wrong argument gets one TypeError or ValueError naming the function and the argument, not a
raw AttributeError, OverflowError or MemoryError from inside, and nothing meaningless (an inf window,
offsets below zero) comes back as an answer."""

import re

import matplotlib
import numpy as np
import pytest

from crossbar.views import report

matplotlib.use("Agg")


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


@pytest.mark.parametrize("call, error, message", [
    (lambda: report.sci(10**400), ValueError, "sci: x = an integer of 401 digits: expected a finite number"),
    (lambda: report.sci("x"), TypeError, "sci: x = 'x': expected a finite number, got str"),
    (lambda: report.sci(None), TypeError, "sci: x = None: expected a finite number, got NoneType"),
    (lambda: report.sci(float("nan")), ValueError, "sci: x = nan: expected a finite number"),
    (lambda: report.sci(1.0, digits=-1), ValueError, "sci: digits = -1: expected an integer from 1 to 17"),
    (lambda: report.sci(1.0, digits=10**9), ValueError, "sci: digits = 1000000000: expected an integer from 1 to 17"),
    (lambda: report.table_bundle(None, None), TypeError,
     "table_bundle: header: expected a list of column names, got NoneType"),
    (lambda: report.table_bundle(["a"], "abc"), TypeError,
     "table_bundle: rows: expected a list of rows (lists of cells), got str"),
    (lambda: report.table_bundle(["a"], [["1"], "b"]), TypeError,
     "table_bundle: rows[1]: expected a row (a list of cells), got str"),
    (lambda: report.table_bundle(["a", "b"], [[1]]), ValueError, "table_bundle: rows: every row needs 2 cells"),
    (lambda: report.check_legible(None), TypeError, "check_legible: figure: expected a matplotlib Figure, got NoneType"),
    (lambda: report.smallest_text(None), TypeError, "smallest_text: figure: expected a matplotlib Figure, got NoneType"),
])
def test_a_book_helper_names_the_argument_it_cannot_use(call, error, message):
    """Probe 5, N8/N6: OverflowError, "Unknown format code 'e'", "Format specifier missing precision",
    "'NoneType' object has no attribute 'savefig'", or a table of one row per character of a string."""
    with raises(error, message):
        call()


def test_a_table_takes_numbers_as_cells_and_shows_markup_as_text():
    bundle = report.table_bundle(["a", "<b>"], [[1, np.float64(2.5)], ("x & y", "<script>")])
    assert bundle["text/plain"].splitlines() == ["a      <b>", "1      2.5", "x & y  <script>"]
    assert "<script>" not in bundle["text/html"] and "&lt;script&gt;" in bundle["text/html"]
    assert "&lt;b&gt;</th>" in bundle["text/html"] and "x &amp; y" in bundle["text/html"]
    assert report.sci(np.float32(6e7)) == "6·10⁷" and report.sci(np.int64(15), digits=np.int64(2)) == "1.5·10¹"
