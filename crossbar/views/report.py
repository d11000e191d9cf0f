"""Small presentation helpers for the book: numbers and tables as prose and pages want them."""

from __future__ import annotations

__all__ = ["sci", "table_bundle", "show_table", "glue_values", "glue_figure"]

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sci(x, digits=2):
    """A number in scientific notation for prose: ``sci(6e7) == '6·10⁷'``, ``sci(1.5e-8) == '1.5·10⁻⁸'``.

    Parameters
    ----------
    x : float
    digits : int
        Significant digits kept (trailing zeros dropped).
    """
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}·10" + str(int(exponent)).translate(_SUPERSCRIPT)


def table_bundle(header, rows):
    """A table as a MIME bundle: HTML for the page, aligned plain text for nbval and terminals.

    Parameters
    ----------
    header : list of str
    rows : list of list of str

    Returns
    -------
    dict with ``text/html`` and ``text/plain``
    """
    if any(len(r) != len(header) for r in rows):
        raise ValueError(f"every row needs {len(header)} cells, as the header has")

    def tr(tag, row):
        style = "padding: 0.2em 0.5em; text-align: left" + ("; white-space: nowrap" if tag == "td" else "")
        return "<tr>" + "".join(f'<{tag} style="{style}">{c}</{tag}>' for c in row) + "</tr>"

    html = ("<table><thead>" + tr("th", header) + "</thead><tbody>"
            + "".join(tr("td", r) for r in rows) + "</tbody></table>")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    plain = "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in [header, *rows])
    return {"text/html": html, "text/plain": plain}


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


def glue_figure(name, figure):
    """Glue a matplotlib figure for a ``{glue:figure}`` directive, then close it (it is not shown twice)."""
    import matplotlib.pyplot as plt
    from myst_nb import glue

    _inline_figures()
    glue(name, figure, display=False)
    plt.close(figure)
