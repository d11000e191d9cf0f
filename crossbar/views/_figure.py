"""What every figure function shares: a fresh figure when no axes are given, and units."""

from __future__ import annotations

import matplotlib.pyplot as plt

#: siemens -> microsiemens, amperes -> microamperes: conductances are drawn in µS, currents in µA.
US = 1e6


def new_axes(ax, figsize=(5.5, 4)):
    """(figure, axes): `ax` and its figure, or a new constrained-layout figure of `figsize` inches."""
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax.figure, ax


def column_names(n_columns):
    """TeX labels G+_1, G-_1, G+_2, ... of the crossbar's columns."""
    return [f"$G^{'+' if c % 2 == 0 else '-'}_{c // 2 + 1}$" for c in range(n_columns)]
