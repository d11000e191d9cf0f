"""Small presentation helpers for the book: numbers and tables as prose and pages want them."""

from __future__ import annotations

from html import escape

from ..numbers import instance
from .checks import checked, count, figure, number

__all__ = ["use_book_style", "BOOK_STYLE", "sci", "plain", "counted", "about_whole", "median_range", "percent_range",
           "RANGE_DASH", "NO_VALUE", "table_bundle",
           "show_table", "markdown_table", "MarkdownTable", "glue_values", "glue_figure", "smallest_text",
           "check_legible", "IllegibleFigure", "COLUMN_PX", "MIN_TEXT_PX"]

#: Width in CSS pixels of the book's text column in a 1280-pixel-wide window: a figure up to this
#: width is shown at its own size, a wider one is scaled down to it (tests/test_book_pages.py
#: checks the first half of that on every page).
COLUMN_PX = 660
#: Smallest text a figure may show, in CSS pixels: 10 pt of a page whose body text is 12 pt
#: (16 CSS pixels), i.e. 16 x 10 / 12.
MIN_TEXT_PX = 13.3

#: The minus sign of prose and tables (U+2212), not the hyphen-minus of code: '−0.3', '−2.5·10⁻⁵'.
MINUS = "\u2212"
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


@checked(x=number(), digits=count(1, 17))
def sci(x, digits=2):
    """A number in scientific notation for prose: ``sci(6e7) == '6·10⁷'``, ``sci(1.5e-8) == '1.5·10⁻⁸'``,
    a negative one with a minus sign, ``sci(-2e-5) == '−2·10⁻⁵'``.

    Parameters
    ----------
    x : float
    digits : int
        Significant digits kept (trailing zeros dropped), 1 ... 17 (a double has no more).
    """
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}·10".replace("-", MINUS) + str(int(exponent)).translate(_SUPERSCRIPT)



@checked(x=number(), digits=count(1, 17))
def plain(x, digits=3):
    """A number for prose to `digits` significant digits: positional where Python's ``g`` format is
    (``'0.5'``, ``'12.3'``, ``'0.0001'``, ``'−0.3'`` with a minus sign), else as :func:`sci` (``'1·10³'``),
    never ``'1e+03'``. Monte Carlo's table printed the targets '0.3, -0.3' with a hyphen (referee 14)."""
    text = f"{x:.{digits}g}"
    return sci(x, digits) if "e" in text else text.replace("-", MINUS)


@checked(x=number(), digits=count(1, 17))
def signed(x, digits=3):
    """:func:`plain` with its sign always written, for a value whose sign is the point (a row's
    voltage): ``signed(0.1) == '+0.1'``, ``signed(-0.1) == '−0.1'`` (a minus sign: the glue format
    ``:+g`` wrote '-0.1 V', referee 15, point 4), ``signed(0) == '0'``."""
    return ("+" if x > 0 else "") + plain(x, digits)


@checked(n=count(), one=str, many=str)
def counted(n, one, many):
    """A count and the words after it, as prose writes them: zero and one in words, the verb agreeing.

    ``counted(0, "was found", "were found") == 'none were found'``, ``counted(1, ...) == 'one was found'``,
    ``counted(1234, ...) == '1,234 were found'``. Glue it for a count the code may make zero or one, so
    the page never reads "0 of" or "1 have".
    """
    return "none " + many if n == 0 else "one " + one if n == 1 else f"{n:,} {many}"


@checked(x=number(low=0, expected="a median of whole numbers (epochs, pulses)"))
def about_whole(x):
    """A median of whole numbers (epochs, pulses) for prose: exact when it is whole, ``'68'``; rounded,
    with "about", when it falls between two, as the median of an even count may: ``'about 306'`` for
    305.5, ``'about 4,290'`` for 4,290.5 (half to even, as Python rounds). A reader stops at half an
    epoch (referee 11, m11). A negative `x` is refused: -0.5 gave 'about 0' (probe 17c, V2)."""
    whole = round(x)
    return f"{whole:,}" if x == whole else f"about {whole:,}"


#: Glue a range's ends to its dash: U+2060 WORD JOINER either side of the en dash, so that a line
#: never breaks after it ("91.6 (91.1–" / "92.2)", referee 13, m1); and a no-break space between a
#: value and its bracketed range. Both are invisible on the page and in the plain text.
RANGE_DASH = "\u2060\u2013\u2060"
NO_BREAK_SPACE = "\u00a0"


@checked(median=number(), low=number(), high=number(), digits=count(0, 6))
def median_range(median, low, high, digits=1):
    """A value (a median, a rate) and its interval, given as fractions, for a table cell in %: the
    range with an en dash, as the book writes ranges, ``'91.6 (91.1–92.2)'`` for
    ``median_range(0.916, 0.911, 0.922)`` (the networks' tables wrote '91.6 (91.1-92.2)', referee 12,
    m5). The cell has no break opportunity: a no-break space before the bracket and word joiners
    around the dash (:data:`RANGE_DASH`) keep it on one line in a narrow column (referee 13, m1). A
    median outside its interval is refused naming the three: such a cell would report an interval
    that is not the median's."""
    if not low <= median <= high:
        raise ValueError(f"median_range: low = {low!r}, median = {median!r}, high = {high!r}: expected "
                         "low <= median <= high")
    return (f"{100 * median:.{digits}f}{NO_BREAK_SPACE}({100 * low:.{digits}f}{RANGE_DASH}"
            f"{100 * high:.{digits}f})")


@checked(low=number(), high=number(), digits=count(0, 6))
def percent_range(low, high, digits=1):
    """An interval, given as fractions, in % for prose and printed outputs, as the book writes every
    range, with an unspaced en dash: ``percent_range(0.44, 0.483) == '44.0%–48.3%'`` (printed outputs
    wrote '44.0% - 48.3%', referee 13, m4; the prose had both '47.5% – 48.1%' and '2.0–3.5%', referee
    17, point 7). A low end above the high end is refused naming both."""
    if not low <= high:
        raise ValueError(f"percent_range: low = {low!r}, high = {high!r}: expected low <= high")
    return f"{low:.{digits}%}\u2013{high:.{digits}%}"


#: Body cells of one word and at most this many characters never wrap in a table's HTML.
SHORT_CELL = 14
_NOWRAP = "; white-space: nowrap"


def _unbroken(text, space):
    """A cell's text with `space` (a no-break space) where a line break would part what belongs together: a
    value from its percent sign in a user's text ('20 %+'; the book writes '20%', referee 15, m5), '95%'
    from 'CI', and the sides of an equation ('E = 1,000': training rules' table broke it as
    'online+gated (E =' / '100)', referee 15, point 2)."""
    return text.replace(" %", space + "%").replace("% CI", "%" + space + "CI").replace(" = ", f"{space}={space}")


#: The sign of a table cell that has no value: an en dash, as the letters' tables write it. A cell
#: given as "-" (or None) is written so: four tables wrote the hyphen, which reads as a minus in a
#: column of numbers, beside the letters' en dash (referee 16, point 6).
NO_VALUE = "\u2013"


def _cell(c):
    """A cell's text: ``str(c)``, and :data:`NO_VALUE` for None or a lone hyphen."""
    text = "" if c is None else str(c)
    return NO_VALUE if c is None or text.strip() == "-" else text


def table_bundle(header, rows):
    """A table as a MIME bundle: HTML for the page, aligned plain text for nbval and terminals.

    Parameters
    ----------
    header : list of str
    rows : list of list of str
        Each cell is shown as ``str(cell)`` (numbers too); the HTML shows it as text (``<`` is
        escaped, not read as markup). A cell with no value, None or "-", is written
        :data:`NO_VALUE`, an en dash.

    Returns
    -------
    dict with ``text/html`` and ``text/plain``
    """
    header = [str(c) for c in instance(header, (list, tuple), "table_bundle: header", "a list of column names")]
    instance(rows, (list, tuple), "table_bundle: rows", "a list of rows (lists of cells)")
    rows = [[_cell(c) for c in instance(r, (list, tuple), f"table_bundle: rows[{i}]", "a row (a list of cells)")]
            for i, r in enumerate(rows)]
    if any(len(r) != len(header) for r in rows):
        raise ValueError(f"table_bundle: rows: every row needs {len(header)} cells, as the header has")

    def cell(tag, c):
        # Long cells and headers wrap, so that a table fits the column. A short cell of one word (a
        # device name such as taox-hfox) stays on one line rather than break at its hyphen, and a
        # value never parts from its percent sign ("20 %+").
        nowrap = tag == "td" and len(c) <= SHORT_CELL and not any(ch.isspace() for ch in c)
        text = _unbroken(escape(c), "&nbsp;")
        return f'<{tag} style="padding: 0.2em 0.5em; text-align: left{_NOWRAP if nowrap else ""}">{text}</{tag}>'

    def tr(tag, row):
        return "<tr>" + "".join(cell(tag, c) for c in row) + "</tr>"

    html = ("<table><thead>" + tr("th", header) + "</thead><tbody>"
            + "".join(tr("td", r) for r in rows) + "</tbody></table>")
    # the plain text aligns what it shows: a word joiner (RANGE_DASH) has no width
    lines = [[c.replace("\u2060", "") for c in r] for r in [header, *rows]]
    widths = [max(len(r[i]) for r in lines) for i in range(len(header))]
    plain = "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in lines)
    return {"text/html": html, "text/plain": plain}


class MarkdownTable:
    """A table as Markdown, to be glued and pasted by ``{glue:md}`` (``:format: myst``) inside a
    ``{table}`` directive, whose caption numbers it (Table 8.1) so that the text can cite it with
    ``{numref}``; a table shown as a cell's HTML output has no number. Its ``repr`` is the aligned
    plain text of :func:`table_bundle`."""

    def __init__(self, markdown, plain):
        self.markdown, self.plain = markdown, plain

    def _repr_markdown_(self):
        return self.markdown

    def __repr__(self):
        return self.plain


def markdown_table(header, rows):
    """A :class:`MarkdownTable` of the cells :func:`table_bundle` takes (checked as it checks them).

    Cells are Markdown (``**bold**`` is bold) on one line (a line break becomes a space); a ``|`` is
    escaped; a cell with no value, None or "-", is :data:`NO_VALUE`. As in the HTML tables, a value
    never parts from its percent sign, and a short cell of one word (a device name such as taox-hfox)
    never breaks at its hyphen.
    """
    table_bundle(header, rows)  # the checks
    header = [str(c) for c in header]
    rows = [[_cell(c) for c in r] for r in rows]
    plain = table_bundle(header, [[c.replace("**", "") for c in r] for r in rows])["text/plain"]

    def cell(c, body=True):
        text = _unbroken(" ".join(c.splitlines()).replace("|", "\\|"), NO_BREAK_SPACE)
        if body and len(c) <= SHORT_CELL and not any(ch.isspace() for ch in c) and "-" in c:
            text = f'<span style="white-space: nowrap">{text}</span>'
        return text

    lines = ["| " + " | ".join(cell(c, body=False) for c in header) + " |",
             "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
    return MarkdownTable("\n".join(lines) + "\n", plain)


def show_table(header, rows):
    """Display :func:`table_bundle` in a notebook."""
    from IPython.display import display

    display(table_bundle(header, rows), raw=True)


def glue_values(values=None, **more):
    """Glue every name -> value for the page's text (``{glue:text}`name```), without showing them.

    One call instead of one ``glue(name, value, display=False)`` line per number, so the cells
    that only hand numbers to the prose stay short. Numpy scalars are glued as Python numbers.

    Parameters
    ----------
    values : dict, optional
        name -> value.
    **more
        More names and values.
    """
    from myst_nb import glue

    for name, value in {**(values or {}), **more}.items():
        glue(name, value.item() if hasattr(value, "item") and getattr(value, "ndim", 1) == 0 else value,
             display=False)


def _inline_figures():
    """Make IPython show matplotlib figures as PNG, as ``%matplotlib inline`` does.

    The figures are made without pyplot (:mod:`crossbar.views._figure`), and IPython's inline
    backend registers its PNG formatter only when it is activated, which pyplot does lazily on its
    first figure: a figure glued before that was stored as text alone ("<Figure size ...>") and
    was missing from the page.
    """
    global _INLINE
    if _INLINE:
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.run_line_magic("matplotlib", "inline")
    _INLINE = True


_INLINE = False


#: matplotlib settings of the book's figures: text 12.5 pt, so that "small" text (legends, tick
#: labels, annotations) is 10.4 pt, 14.4 CSS pixels on the page for a figure up to the column's
#: width (the figures are at most 6.6 inches wide at 100 dots per inch).
BOOK_STYLE = {
    "font.size": 12.5,
    "axes.titlesize": "medium",
    "axes.labelsize": "medium",
    "xtick.labelsize": "small",
    "ytick.labelsize": "small",
    "legend.fontsize": "small",
    "legend.title_fontsize": "small",
    "figure.titlesize": "medium",
    "figure.dpi": 100,
}


def use_book_style():
    """Set :data:`BOOK_STYLE` for the figures made after it (the chapters call it once, first)."""
    import matplotlib

    matplotlib.rcParams.update(BOOK_STYLE)


class IllegibleFigure(ValueError):
    """A figure whose smallest text would be shown smaller than :data:`MIN_TEXT_PX` on the page."""


@checked(figure=figure, column_px=number(positive=True))
def smallest_text(figure, column_px=COLUMN_PX):
    """The smallest text of a figure as a reader sees it on the page: (CSS pixels, the text).

    The figure is rendered as the notebook shows it (PNG at the figure's dpi, cropped to its
    content); a PNG wider than `column_px` is scaled down to it, as the page does. Every visible,
    non-empty text counts: titles, labels, tick labels, legends, annotations.

    Returns
    -------
    (float, str)
        The size in CSS pixels (1 pt = dpi / 72 pixels of the PNG, times the page's scale) and the
        text; (inf, "") for a figure without text.
    """
    import io

    from matplotlib.image import imread
    from matplotlib.text import Text

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi, bbox_inches="tight")
    buffer.seek(0)
    width = imread(buffer).shape[1]
    scale = min(1.0, column_px / width)
    sizes = [(t.get_fontsize() * figure.dpi / 72 * scale, t.get_text())
             for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return min(sizes, default=(float("inf"), ""))


@checked(figure=figure, name=str, min_px=number(positive=True))
def check_legible(figure, name="figure", *, column_px=COLUMN_PX, min_px=MIN_TEXT_PX):
    """Raise :class:`IllegibleFigure` if `figure`'s smallest text is below `min_px` on the page."""
    size, text = smallest_text(figure, column_px)
    if size < min_px:
        raise IllegibleFigure(f"{name}: the text {text!r} would be {size:.1f} CSS pixels high on the page "
                              f"(at least {min_px} needed): make the figure narrower or its text larger")
    return size


def glue_figure(name, figure):
    """Glue a figure for a ``{glue:figure}`` directive, then close it (it is not shown twice).

    `figure` is a matplotlib figure, which must be legible at the page's width
    (:func:`check_legible`: an illegible one fails the build), or a static explorer
    (:class:`crossbar.views.explorer.StaticExplorer`), glued as its HTML so that its caption
    numbers it like any other figure of the chapter.
    """
    import matplotlib.pyplot as plt
    from myst_nb import glue

    from .explorer import StaticExplorer

    if isinstance(figure, StaticExplorer):  # its own images were closed as it drew them
        glue(name, figure, display=False)
        return
    check_legible(figure, name)
    _inline_figures()
    glue(name, figure, display=False)
    plt.close(figure)
