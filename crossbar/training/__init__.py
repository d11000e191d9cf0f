"""Training: the perceptron's equations, the batch Manhattan rule and the compiled engine.

* :mod:`~crossbar.training.setting`: :class:`TrainingSetting`, the circuit and training knobs;
* :mod:`~crossbar.training.physics`: the model in plain numpy, equation by equation, and a
  per-trial reference loop;
* :mod:`~crossbar.training.reference`: the general device model (non-idealities, two-way
  devices) and every rule in plain numpy, one trial at a time: what the engine is held to;
* :mod:`~crossbar.training.engine`: the same maths compiled, many trials at once;
* :mod:`~crossbar.training.results`: :class:`BatchResult`, :class:`TrainingRun`, evaluation;
* :mod:`~crossbar.training.runs`: :func:`train` (one crossbar) and :func:`sample_offsets`;
* :mod:`~crossbar.training.pulses`: :func:`apply_pulses`, a pulse sequence applied to devices
  directly (``DeviceCurve.apply``);
* :mod:`~crossbar.training.units`: settings in units relative to the device's window;
* :mod:`~crossbar.training.controls`: :func:`train_controlled`, the one-way batch rules with
  random update signs or an opening rule (controls of what a rule does), many trials at once.

This layer imports :mod:`crossbar.devices`, :mod:`crossbar.tasks` and :mod:`crossbar.random`.
"""

from . import physics, reference
from .engine import train_batch
from .pulses import PulseResponse, apply_pulses
from .reference import ReferenceTrial, train_reference
from .results import BatchResult, TrainingRun, evaluate, prediction_table
from .runs import sample_offsets, train
from .setting import DEFAULT, NETWORK, PRESETS, REFERENCE, RULES, TrainingSetting, parse_rule

__all__ = [
    "BatchResult", "DEFAULT", "NETWORK", "PRESETS", "PulseResponse", "apply_pulses", "REFERENCE", "RULES", "ReferenceTrial", "TrainingRun", "TrainingSetting",
    "evaluate", "parse_rule", "physics", "prediction_table", "reference", "sample_offsets", "train", "train_batch",
    "train_reference",
]
