"""Training: the perceptron's equations, the batch Manhattan rule and the compiled engine.

* :mod:`~crossbar.training.setting`: :class:`TrainingSetting`, the circuit and training knobs;
* :mod:`~crossbar.training.physics`: the model in plain numpy, equation by equation, and a
  per-trial reference loop;
* :mod:`~crossbar.training.engine`: the same maths compiled, many trials at once;
* :mod:`~crossbar.training.results`: :class:`BatchResult`, :class:`TrainingRun`, evaluation;
* :mod:`~crossbar.training.runs`: :func:`train` (one crossbar) and :func:`sample_offsets`.

This layer imports :mod:`crossbar.devices`, :mod:`crossbar.tasks` and :mod:`crossbar.random`.
"""

from . import physics
from .engine import train_batch
from .results import BatchResult, TrainingRun, evaluate, prediction_table
from .runs import sample_offsets, train
from .setting import DEFAULT, PRESETS, REFERENCE, RULES, TrainingSetting, parse_rule

__all__ = [
    "BatchResult", "DEFAULT", "PRESETS", "REFERENCE", "TrainingRun", "TrainingSetting", "evaluate", "physics",
    "prediction_table", "sample_offsets", "train", "train_batch", "RULES", "parse_rule",
]
