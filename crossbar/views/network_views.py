"""The networks chapter's widget as a plain function: device, width and gains in, a view out.

Like :mod:`crossbar.views.widgets`: a frozen record with the numbers, a one-line ``summary`` and
the ``figure``; a choice that cannot run (a G_fix rule on a device without a depression branch)
returns its reason as the summary and no figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..devices import preset
from ..networks import NetworkBatch, model, train_networks
from ..tasks import PatternSet, digits
from ..training import NETWORK
from ._figure import subplots
from .checks import FRACTIONS, axes, checked, count, number, square, switch
from .report import sci

__all__ = ["NETWORK_RULES", "NetworkView", "network_view", "confusion", "plot_confusion"]

#: Rules the widget offers.
NETWORK_RULES = ("gated", "batch", "gated+two-way", "gated+fixed")


@dataclass(frozen=True, eq=False)
class NetworkView:
    """What `trials` networks of one choice did on the digits.

    Attributes
    ----------
    result : NetworkBatch or None
        None if the choice could not run (see ``summary``).
    confusion : ndarray (10, 10) or None
        Test images of digit i (row) the networks took for digit j (column), pooled over the
        networks, as a fraction of row i.
    summary : str
    figure : matplotlib Figure or None
    """

    result: object
    confusion: np.ndarray | None
    summary: str
    figure: object = None


@checked(result=NetworkBatch, test=PatternSet)
def confusion(result, test):
    """Rows: the labelled digit; columns: the largest output; fractions of each row, pooled over
    the networks of `result` (noiseless reads of the trained conductances)."""
    X = np.broadcast_to(test.voltages(result.setting.v_one, result.setting.v_zero),
                        (len(result), test.n_patterns, test.n_inputs))
    f = model.forward(X, result.conductances, result.setting)[2]
    true = np.broadcast_to(test.labels.argmax(axis=-1), f.shape[:2]).ravel()
    said = f.argmax(axis=-1).ravel()
    classes = test.n_neurons
    counts = np.zeros((classes, classes))
    np.add.at(counts, (true, said), 1)
    return counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)


@checked(matrix=square("a square matrix of fractions", within=FRACTIONS), title=str, ax=axes)
def plot_confusion(matrix, title="", ax=None):
    """The confusion matrix in % of each labelled digit, the diagonal annotated."""
    fig, ax = subplots(figsize=(4.6, 4.0)) if ax is None else (ax.figure, ax)
    image = ax.imshow(100 * matrix, cmap="Blues", vmin=0, vmax=100)
    for k in range(matrix.shape[0]):
        value = 100 * matrix[k, k]
        ax.text(k, k, f"{value:.0f}", ha="center", va="center", fontsize=8,
                color="white" if value > 60 else "black")
    ticks = np.arange(matrix.shape[0])
    ax.set_xticks(ticks)
    ax.set_yticks(ticks)
    ax.set_xlabel("digit the network answers")
    ax.set_ylabel("labelled digit")
    ax.set_title(title, fontsize=10)
    fig.colorbar(image, ax=ax, label="% of the labelled digit's test images")
    return fig


@checked(device=str, hidden=count(None), hidden_beta=number(positive=True), beta=number(positive=True), rule=str,
          trials=count(1), per_class=count(1), max_epochs=count(0), seed=count(0), draw=switch)
def network_view(device="taox-hfox", hidden=32, hidden_beta=3e6, beta=3e6, rule="gated", *, trials=4,
                 per_class=40, max_epochs=100, seed=0, draw=True) -> NetworkView:
    """Chapter "Networks" widget: train `trials` networks on the digits and show what they answer.

    Parameters
    ----------
    device : str
        A preset (:data:`crossbar.devices.presets.PRESETS`).
    hidden : int
        Hidden neurons (0: one crossbar, trained as a network would be only with G_fix).
    hidden_beta, beta : float
        Gains of the hidden and output neurons, 1/A.
    rule : str
        One of :data:`NETWORK_RULES`.
    trials, per_class, max_epochs, seed : int
        Networks (trials 0 ... trials-1 of `seed`, reference offsets), digit images per class for
        training and for test, update epochs.
    draw : bool
        Draw the figure; otherwise ``figure`` is None.
    """
    try:
        dev = preset(device)
        setting = NETWORK.replace(rule=rule, hidden=int(hidden), hidden_beta=float(hidden_beta), beta=float(beta),
                                  max_epochs=int(max_epochs))
        train, test = digits(per_class=per_class, seed=seed)
        if not setting.network:
            raise ValueError("one crossbar (0 hidden neurons) without G_fix is the single-layer engine's: "
                             "pick at least 1 hidden neuron or the G_fix rule")
        result = train_networks(dev, setting, train, test, seed=seed, trials=np.arange(trials))
    except ValueError as exc:
        return NetworkView(None, None, f"not run: {exc}")
    matrix = confusion(result, test)
    energy = float(np.median(result.write_energy))
    summary = (f"{device}, H = {hidden}, β_h = {sci(hidden_beta)}, β = {sci(beta)} A⁻¹, rule {rule}: {trials} networks "
               f"recognise {100 * np.median(result.test_classification):.1f}% of {test.n_patterns} test digits "
               f"(median; {100 * result.test_classification.min():.1f}-"
               f"{100 * result.test_classification.max():.1f}%), answer "
               f"{100 * np.median(result.test_accuracy):.1f}% right, write {_energy(energy)} per training")
    figure = None
    if draw:
        figure = plot_confusion(matrix, f"{device}, H = {hidden}: test digits, {trials} networks pooled")
    return NetworkView(result, matrix, summary, figure)


def _energy(joules):
    if not math.isfinite(joules) or joules <= 0:
        return f"{joules:g} J"
    exponent = min(max(int(math.floor(math.log10(joules) / 3)) * 3, -15), 0)
    prefix = {0: "", -3: "m", -6: "µ", -9: "n", -12: "p", -15: "f"}[exponent]
    return f"{joules / 10 ** exponent:.3g} {prefix}J"
