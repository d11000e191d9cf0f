"""What a study of a classifier reports: the median over its trials of the test digits recognised
and of the answers right, each with a distribution-free interval, and what the trainings cost.

A crossbar study and a network study give the same :class:`Outcome`, so that one crossbar and a
network of crossbars can be set side by side (chapter "Networks"). Two measures, because they
differ on a task of many classes:

* **recognised**: the fraction of test patterns whose largest output is the labelled class
  (the accuracy NeuroSim and the other simulators report);
* **answers right**: the fraction of (pattern, neuron) answers that meet their target (the
  measure of every crossbar study here). With ten classes, a network that answers "no" to
  everything already gets 90 % of its answers right.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..networks import train_networks
from ..networks.model import forward
from ..numbers import index, instance
from ..training.engine import train_batch
from ..training.results import evaluate
from .execution import run_study
from .stats import median_interval
from .study import Study
from .tables import check_table

__all__ = ["Outcome", "outcome", "outcome_of", "recognised_images"]


@dataclass(frozen=True)
class Outcome:
    """Medians over the trials of a study, each as (median, low, high) with the interval's exact
    coverage (:func:`~crossbar.studies.stats.median_interval`)."""

    label: str
    trials: int
    recognised: tuple  # test patterns whose largest output is the labelled class
    answers: tuple  # test (pattern, neuron) answers that meet their target
    trained: tuple  # training patterns recognised (NaN for a crossbar study, which does not keep it)
    energy: tuple  # write energy of the training, J (NaN for a crossbar study)
    epochs: float  # median update epochs
    coverage: float  # of every interval above

    def row(self, label=None):
        """A table row: the label (this one's, or `label`), the trials, and the digits recognised and the
        answers right, each as "median (low-high)" in %."""
        def cell(t):
            return f"{100 * t[0]:.1f} ({100 * t[1]:.1f}-{100 * t[2]:.1f})"

        return [self.label if label is None else label, f"{self.trials}", cell(self.recognised), cell(self.answers)]


def outcome_of(table, label="", confidence=0.95) -> Outcome:
    """The :class:`Outcome` of a per-trial table (a crossbar or a network study's)."""
    names = check_table(table, "table", ("test_classification", "epochs")).dtype.names

    def interval(name):
        if name not in names:
            return (math.nan, math.nan, math.nan)
        return median_interval(table[name], confidence, f"table[{name!r}]")[:3]

    coverage = median_interval(table["test_classification"], confidence, "table['test_classification']")[3]
    return Outcome(label=label, trials=int(table.size), recognised=interval("test_classification"),
                   answers=interval("test_accuracy"), trained=interval("training_classification"),
                   energy=interval("write_energy"), epochs=float(np.median(table["epochs"])), coverage=coverage)


def outcome(study, label="", confidence=0.95) -> Outcome:
    """Run `study` in process (not saved) and return its :class:`Outcome`."""
    return outcome_of(run_study(study, progress=False).table, label, confidence)


def recognised_images(study, trial):
    """Whether trial `trial` of `study` recognises each test pattern (its largest output is the
    labelled class): bool array (P_test,), for a crossbar or a network study.

    The per-trial table keeps only the fraction; this trains the one trial again (a trial trains
    the same devices in any chunk, so its mean is that trial's ``test_classification``). Two such
    arrays on the same test set are what :func:`crossbar.studies.stats.mcnemar` compares.
    """
    instance(study, Study, "study")
    trial = index(trial, "trial")
    if trial >= study.trials:
        raise ValueError(f"trial = {trial}: expected a trial of the study, 0 ... {study.trials - 1}")
    test = study.test_patterns
    if study.network:
        run = train_networks(study.device, study.setting, study.patterns, test, study.offsets,
                             nonideal=study.nonideal, seed=study.seed, trials=[trial], units=study.units)
        s = run.setting
        f = forward(test.voltages(s.v_one, s.v_zero)[None], run.conductances, s, ordered=True)[2]
    else:  # as run_chunk trains a chunk, on one trial
        trials = np.array([trial])
        S = study.offsets.sample(study.seed, trials, study.shape)
        run = train_batch(study.device, S, study.setting, study.patterns, nonideal=study.nonideal,
                          seed=study.seed, trials=trials, units=study.units, unphysical="report")
        f = evaluate(run.conductance, test, run.setting, unphysical="report")
    return f[0].argmax(axis=-1) == test.labels.argmax(axis=-1)
