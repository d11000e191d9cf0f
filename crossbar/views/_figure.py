"""What every figure function shares: a fresh figure when no axes are given, and units.

New figures are made without pyplot (:func:`subplots`). pyplot keeps a global list of open
figures, and IPython's inline backend, after *any* execution in the kernel finishes, displays and
closes every figure on that list. JupyterLab 4 runs widget callbacks in kernel subshells (threads),
so a figure a callback was still drawing was drawn at the same time by another thread, shown
half-drawn and also shown a second time elsewhere. A figure outside pyplot is drawn only when it
is displayed or saved, by whoever does that. Displaying one in a notebook works as before.
"""

from __future__ import annotations

from matplotlib.figure import Figure

#: siemens -> microsiemens, amperes -> microamperes: conductances are drawn in µS, currents in µA.
US = 1e6


def subplots(nrows=1, ncols=1, *, figsize=(5.5, 4), layout="constrained", **kwargs):
    """(figure, axes) as ``plt.subplots(nrows, ncols, ...)`` makes them, but unknown to pyplot.

    `kwargs` go to :meth:`matplotlib.figure.Figure.subplots` (sharex, sharey, squeeze,
    height_ratios, ...).
    """
    fig = Figure(figsize=figsize, layout=layout)
    return fig, fig.subplots(nrows, ncols, **kwargs)


def new_axes(ax, figsize=(5.5, 4)):
    """(figure, axes): `ax` and its figure, or a new constrained-layout figure of `figsize` inches."""
    if ax is None:
        fig, ax = subplots(figsize=figsize)
    return ax.figure, ax


def column_names(n_columns):
    """TeX labels G+_1, G-_1, G+_2, ... of the crossbar's columns."""
    return [f"$G^{'+' if c % 2 == 0 else '-'}_{c // 2 + 1}$" for c in range(n_columns)]
