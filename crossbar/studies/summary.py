"""What a finished study says: the convergence rate with its Wilson interval, the epochs of the converged
trials, and which trials left the physical range (:func:`summarize` of a per-trial table)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..devices.checks import outside_range, range_text
from ..networks.engine import layer_offsets, network_shapes, window_outside
from ..training.checks import window_draws_outside
from .stats import wilson_interval
from .tables import check_table

__all__ = ["StudySummary", "summarize", "nonphysical_trials"]


@dataclass(frozen=True)
class StudySummary:
    """Convergence rate with its 95 % Wilson interval and the epochs of converged trials."""

    trials: int  # T
    converged: int  # trials that met every target and stayed inside the physical range
    rate: float  # converged / trials
    ci_low: float  # 95 % Wilson interval
    ci_high: float
    epochs_mean: float  # update epochs of the converged trials (NaN if none)
    epochs_median: float
    epochs_p10: float
    epochs_p90: float
    saturated_fraction: float  # trials with at least one device pulsed to the end of the curve
    physical: bool  # every conductance of every trial stayed inside the physical range 1e-15 ... 1 S
    nonphysical: int = 0  # trials where some conductance left it: not counted as converged
    nonphysical_met_targets: int = 0  # of those, how many met every target all the same
    test_accuracy_median: float = math.nan  # median over trials of the test answers right
    test_classification_median: float = math.nan  # median over trials of the test patterns classified right
    write_energy_median: float = math.nan  # median over trials of the training's pulse energy, J (networks)

    def as_dict(self):
        return dict(self.__dict__)

    def __str__(self):
        e = (f"epochs to converge: mean {self.epochs_mean:.1f}, median {self.epochs_median:g}, "
             f"p10 {self.epochs_p10:g}, p90 {self.epochs_p90:g}" if self.converged else
             "epochs to converge: - (no trial converged)")
        return "\n".join([
            f"converged  {self.converged} of {self.trials} trials: rate {_pct(self.rate)} "
            f"(95 % CI {_pct(self.ci_low)} - {_pct(self.ci_high)}, Wilson)",
            e,
            *([] if math.isnan(self.saturated_fraction) else
              [f"saturated  {_pct(self.saturated_fraction)} of trials pulsed a device to the end of the curve"]),
            f"test       median over trials: {_pct(self.test_accuracy_median)} of answers right, "
            f"{_pct(self.test_classification_median)} of patterns classified right",
            *([] if math.isnan(self.write_energy_median) else
              [f"energy     median over trials: {self.write_energy_median:.3g} J of write pulses per training"]),
            f"physical   {'yes: every conductance stayed within ' + range_text() if self.physical else _nonphysical(self)}",
        ])


def _nonphysical(summary):
    return (f"NO: {summary.nonphysical} of {summary.trials} trials took a conductance outside {range_text()}, "
            f"counted as not converged ({summary.nonphysical_met_targets} of them met every target)")


def _pct(x):
    return f"{100 * x:.3g} %" if x >= 1e-3 or x == 0 else f"{100 * x:.2g} %"


def summarize(table, study=None) -> StudySummary:
    """:class:`StudySummary` of a per-trial table (of `study`, whose window factors decide too: see
    :func:`nonphysical_trials`)."""
    n = int(check_table(table).size)
    off = nonphysical_trials(table, study)
    met = table["converged"]
    conv = met & ~off  # a trial that left the physical range met its targets on no real crossbar
    k = int(conv.sum())
    low, high = wilson_interval(k, n)
    e = table["epochs"][conv]
    if k:
        p10, med, p90 = np.percentile(e, [10, 50, 90])
        mean = float(e.mean())
    else:
        p10 = med = p90 = mean = math.nan
    return StudySummary(
        trials=n, converged=k, rate=k / n, ci_low=low, ci_high=high,
        epochs_mean=mean, epochs_median=float(med), epochs_p10=float(p10), epochs_p90=float(p90),
        saturated_fraction=(float((table["saturated_devices"] > 0).mean()) if "saturated_devices" in table.dtype.names
                            else math.nan),
        physical=not off.any(), nonphysical=int(off.sum()), nonphysical_met_targets=int((off & met).sum()),
        **{f"{name}_median": float(np.median(table[name])) for name in
           ("test_accuracy", "test_classification", "write_energy") if name in table.dtype.names},
    )


#: Trials whose window draws :func:`nonphysical_trials` checks at once (bounds the memory of the draws).
_WINDOW_BLOCK = 1 << 16


def nonphysical_trials(table, study=None):
    """(T,) bool: trials of a per-trial table where some conductance left the physical range
    (its lowest or its highest; a table without the highest, from an older crossbar, by its lowest).

    With the crossbar `study` the table is of, a trial whose drawn window factors (``window_spread``) take a device
    past the range at the top of its curve is not physical either, whether or not training pulsed it there: the
    check ``train`` and ``train_batch`` refuse such a trial with (:func:`~crossbar.training.checks.check_window_draws`),
    made from the trial's number and offsets in the table, so a crossbar is physical or not the same way there.
    With a network `study` (a hidden layer, or G_fix), each layer's offsets are drawn again from the study's seed and
    the trial's number (a network's table keeps none), and its window factors are held to the range as
    ``train_networks`` holds them (:func:`~crossbar.networks.engine.window_outside`): the study flags the networks
    ``NetworkBatch.physical`` flags."""
    if not (isinstance(table, np.ndarray) and table.dtype.names and "min_conductance" in table.dtype.names):
        check_table(table, "table", ("min_conductance",))  # names the argument (None was 'not subscriptable')
    off = outside_range(table["min_conductance"])
    if "max_conductance" in table.dtype.names:
        off |= outside_range(table["max_conductance"])
    if study is not None and study.network and study.nonideal.window_spread:
        off |= _network_window_outside(study, table["trial"])
    elif study is not None and study.nonideal.window_spread and "offsets" in table.dtype.names:
        gain = study.effective_setting.gain  # as the engine checks it: on the offsets the devices got (the table's)
        for at in range(0, table.size, _WINDOW_BLOCK):
            rows = table[at:at + _WINDOW_BLOCK]
            off[at:at + rows.size] |= window_draws_outside(study.device, gain, rows["offsets"], study.nonideal,
                                                           study.seed, rows["trial"])
    return off


#: Bytes of draws :func:`_network_window_outside` holds at once (a network's layers can hold 1e5 devices each).
_NETWORK_BLOCK_BYTES = 64 * 2**20


def _network_window_outside(study, trials):
    """(T,) bool: the networks of `study` (trial numbers `trials`) whose drawn window factors take a device of some
    layer past the physical range at the top of its curve, drawn and checked as ``train_networks`` does."""
    scale, gain = study.scale, study.effective_setting.gain
    shapes = network_shapes(study.patterns, study.setting.hidden)
    # offsets, window factors, tops: a few float64 arrays per device and network
    block = max(1, _NETWORK_BLOCK_BYTES // (64 * sum(n * c for n, c in shapes)))
    off = np.zeros(trials.size, bool)
    for at in range(0, trials.size, block):
        ids = np.asarray(trials[at:at + block], dtype=np.int64)
        layers = [layer_offsets(study.offsets, study.seed, ids, shape, layer, scale)
                  for layer, shape in enumerate(shapes, start=1)]
        off[at:at + ids.size] = window_outside(study.device, gain, layers, study.nonideal, study.seed, ids,
                                               refuse=False)
    return off
