"""What training returns: the outcome of a batch of runs, of one run, and what a trained crossbar answers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..devices import DeviceCurve
from ..devices.checks import CONDUCTANCE_RANGE, outside_range, range_text
from ..tasks import PatternSet, complement_conflicts
from ..numbers import instance, outside_text, real_array
from . import physics
from .checks import check_patterns, check_setting, check_unphysical
from .setting import TrainingSetting

__all__ = ["BatchResult", "TrainingRun", "evaluate", "prediction_table"]


@dataclass(frozen=True, eq=False)
class BatchResult:
    """Outcome of B training runs (leading axis B on every array).

    Attributes
    ----------
    converged : ndarray of bool (B,)
    epochs : ndarray of int (B,)
        Update epochs applied (0 if the initial state met every target).
    pulse_count : ndarray of int (B, N, C)
        Pulses each device received.
    offsets : ndarray (B, N, C)
        Device offsets s, S.
    conductance : ndarray (B, N, C)
        Final conductances, S.
    activation : ndarray (B, P, M)
        Final f of every training pattern.
    total_error : ndarray (B,)
        Final total error.
    device, setting, patterns
        What was trained.
    pulse_count_history, conductance_history, activation_history, error_history
        With ``history=True``: the state before each update epoch and after the
        last, shapes (B, E+1, ...); entries past a trial's ``epochs`` are zero.
    exact_epochs : ndarray of int (B,) or None
        Epochs of each trial that the engine's vectorised path handed to its exact path
        because a decision was too close to call (see :mod:`crossbar.training.kernel`).
    depression_count : ndarray of int (B, N, C) or None
        Depressing pulses each device received (two-way rules; 0 otherwise).
    bound_hits : ndarray of int (B,) or None
        Pulses whose cycle-to-cycle step would have taken a device past its bounds, where it
        stopped instead.
    reset_pulses : ndarray of int (B,) or None
        Reset pulses of the refresh rule.
    min_conductance : ndarray (B,) or None
        Lowest conductance any device took during training, S (the reference model's from its
        pulse counts, the general model's tracked by the kernel as it goes).
    max_conductance : ndarray (B,) or None
        Highest conductance any device took (the reference model), or could have taken (the
        general model: the top of a pulsed device's curve, its window factor included), S.
    nonideal : Nonidealities or None
        The non-idealities trained with.
    units : str
        "relative" or "absolute": how the setting was read (:mod:`crossbar.training.units`).
    scale : float
        r = W / W_ref the setting was scaled by (1.0 in absolute units and on the embedded device).
    nominal_setting : TrainingSetting or None
        The setting as given; ``setting`` (β / r) and ``offsets`` (r s) are what the devices got.

    window_outside : ndarray of bool (B,) or None
        The trials whose drawn window factors (``nonideal.window_spread``) take a device past the physical range at
        the top of its curve, whether or not training pulsed it there: the flag of
        :func:`~crossbar.training.checks.window_draws_outside`, the check ``train_batch`` refuses such a trial with
        under ``unphysical="refuse"`` (all False then, and without a window_spread).

    ``physical`` (B,): whether every conductance of the trial stayed inside the physical range
    1e-15 ... 1 S (:data:`crossbar.devices.checks.CONDUCTANCE_RANGE`) and no drawn window factor can take a
    device out of it (``window_outside``), as a study reports its trials.
    """

    converged: np.ndarray
    epochs: np.ndarray
    pulse_count: np.ndarray
    offsets: np.ndarray
    conductance: np.ndarray
    activation: np.ndarray
    total_error: np.ndarray
    device: DeviceCurve
    setting: TrainingSetting
    patterns: PatternSet
    pulse_count_history: np.ndarray | None = None
    conductance_history: np.ndarray | None = None
    activation_history: np.ndarray | None = None
    error_history: np.ndarray | None = None
    exact_epochs: np.ndarray | None = None
    depression_count: np.ndarray | None = None
    bound_hits: np.ndarray | None = None
    reset_pulses: np.ndarray | None = None
    min_conductance: np.ndarray | None = None
    max_conductance: np.ndarray | None = None
    nonideal: object = None
    units: str = "relative"
    scale: float = 1.0
    nominal_setting: TrainingSetting | None = None
    window_outside: np.ndarray | None = None

    def __len__(self):
        return self.converged.size

    @property
    def convergence_rate(self) -> float:
        return float(self.converged.mean())

    @property
    def physical(self) -> np.ndarray:
        """(B,) bool: every conductance of the trial stayed inside the physical range, and no drawn window factor
        can take a device past it (``window_outside``)."""
        off = outside_range(self.min_conductance) | outside_range(self.max_conductance)
        return ~(off if self.window_outside is None else off | self.window_outside)

    def __getitem__(self, b) -> "TrainingRun":
        """Trial b as a :class:`TrainingRun` (history only if it was recorded)."""
        b = range(len(self))[b]
        e = int(self.epochs[b]) + 1
        hist = self.conductance_history is not None
        return TrainingRun(
            converged=bool(self.converged[b]),
            epochs=int(self.epochs[b]),
            pulse_count=self.pulse_count[b],
            offsets=self.offsets[b],
            conductance=self.conductance[b],
            activation=self.activation[b],
            total_error=float(self.total_error[b]),
            device=self.device,
            setting=self.setting,
            patterns=self.patterns,
            pulse_count_history=self.pulse_count_history[b, :e] if hist else None,
            conductance_history=self.conductance_history[b, :e] if hist else None,
            activation_history=self.activation_history[b, :e] if hist else None,
            error_history=self.error_history[b, :e] if hist else None,
            depression_count=None if self.depression_count is None else self.depression_count[b],
            bound_hits=None if self.bound_hits is None else int(self.bound_hits[b]),
            reset_pulses=None if self.reset_pulses is None else int(self.reset_pulses[b]),
            nonideal=self.nonideal,
            units=self.units,
            scale=self.scale,
            nominal_setting=self.nominal_setting,
            min_conductance=None if self.min_conductance is None else float(self.min_conductance[b]),
            max_conductance=None if self.max_conductance is None else float(self.max_conductance[b]),
            window_outside=None if self.window_outside is None else bool(self.window_outside[b]),
        )


@dataclass(frozen=True, eq=False)
class TrainingRun:
    """One crossbar's training: :class:`BatchResult` fields without the trial axis.

    Histories have shape (epochs + 1, ...): the initial state, then the state
    after each update epoch. ``setting`` and ``offsets`` are what the devices got: in relative
    units, β / r and r s of the setting and offsets given (``nominal_setting``), r = ``scale``.
    """

    converged: bool
    epochs: int
    pulse_count: np.ndarray
    offsets: np.ndarray
    conductance: np.ndarray
    activation: np.ndarray
    total_error: float
    device: DeviceCurve
    setting: TrainingSetting
    patterns: PatternSet
    pulse_count_history: np.ndarray | None = None
    conductance_history: np.ndarray | None = None
    activation_history: np.ndarray | None = None
    error_history: np.ndarray | None = None
    depression_count: np.ndarray | None = None  # (N, C) depressing pulses (two-way rules)
    bound_hits: int | None = None  # cycle-to-cycle steps stopped at a device's bound
    reset_pulses: int | None = None  # reset pulses of the refresh rule
    nonideal: object = None  # the Nonidealities trained with
    units: str = "relative"  # how the setting was read; setting and offsets are what the devices got
    scale: float = 1.0  # r = W / W_ref the setting was scaled by (crossbar.training.units)
    nominal_setting: TrainingSetting | None = None  # the setting as given (beta before / f)
    min_conductance: float | None = None  # lowest conductance any device took, S
    max_conductance: float | None = None  # highest any device took (or could, general model), S
    window_outside: bool | None = None  # a drawn window factor takes a device past 1 S at the top of its curve

    @property
    def physical(self) -> bool:
        """Whether every conductance of the run stayed inside the physical range 1e-15 ... 1 S, and no drawn window
        factor can take a device past it (``window_outside``, as ``BatchResult.physical``)."""
        return not (outside_range(self.min_conductance) or outside_range(self.max_conductance)
                    or bool(self.window_outside))

    @property
    def weights(self):
        """G+ - G- of each (input, neuron), S: shape (N, M)."""
        return self.conductance[:, 0::2] - self.conductance[:, 1::2]

    @property
    def weight_history(self):
        """G+ - G- before each update epoch and after the last: (epochs + 1, N, M)."""
        h = self.conductance_history
        return None if h is None else h[..., 0::2] - h[..., 1::2]

    def evaluate(self, patterns=None):
        """Activations f (P, M) of the final crossbar on a pattern set (default: training set); a run
        that left the physical range says so itself (``physical``), so its conductances are evaluated."""
        return evaluate(self.conductance, self.patterns if patterns is None else patterns, self.setting,
                        unphysical="report")

    def predict(self, patterns=None):
        """Per pattern and neuron: 1 (f > t+), 0 (f < t-) or -1 (undecided)."""
        s = self.setting
        return physics.predict(self.evaluate(patterns), s.target_high, s.target_low)

    def accuracy(self, patterns=None):
        """Fraction of (pattern, neuron) answers equal to the label; undecided counts as wrong."""
        patterns = self.patterns if patterns is None else patterns
        return float((self.predict(patterns) == patterns.labels).mean())


def evaluate(conductance, patterns, setting, *, unphysical="refuse"):
    """f = tanh(beta I) of every pattern on given conductances, (..., N, C) -> (..., P, M).

    Conductances outside the physical range 1e-15 ... 1 S are refused, as training refuses the
    offsets that make them, unless `unphysical` is "report" (a study evaluates the trials it flags).
    """
    check_patterns(patterns, optional=False)
    check_setting(setting)
    if setting.hidden:  # it evaluated one crossbar and ignored the hidden layer (train() refuses such a setting)
        raise ValueError(f"setting.hidden = {setting.hidden}: the setting describes a network with a hidden layer; "
                         "evaluate reads one crossbar (a network's accuracies are in train_networks' NetworkBatch)")
    conductance = real_array(conductance, "conductance", "an array of real conductances in siemens")
    if not np.all(np.isfinite(conductance)):  # an infinite conductance has no activation (NaN)
        raise ValueError("conductance must be finite (siemens)")
    unphysical = check_unphysical(unphysical)
    bad = outside_range(conductance) if unphysical == "refuse" else None
    if bad is not None and bad.any():  # -1e-6 S gave activations of 0, no error
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        value = outside_text(conductance[index], *CONDUCTANCE_RANGE)
        raise ValueError(f"conductance[{', '.join(map(str, index))}] = {value} S: outside the "
                         f"physical range {range_text()}")
    shape = (patterns.n_inputs, 2 * patterns.n_neurons)
    if conductance.shape[-2:] != shape:
        raise ValueError(f"conductance has shape {conductance.shape}; the patterns need (..., {shape[0]}, "
                         f"{shape[1]}): one row per input, two columns per neuron")
    V = patterns.voltages(setting.v_one, setting.v_zero)
    current = physics.logic_current(physics.column_currents(V, conductance))
    return physics.activation(current, setting.beta)


def prediction_table(run, patterns):
    """What a trained crossbar answers on a pattern set, and why.

    Parameters
    ----------
    run : TrainingRun
    patterns : PatternSet

    Returns
    -------
    dict
        ``pattern`` list of bit strings; ``label`` (P, M); ``logic_current`` (P, M) A;
        ``activation`` (P, M); ``prediction`` (P, M) with -1 for undecided;
        ``correct`` (P,) bool, every neuron right; ``undecided`` (P,) bool, some neuron
        between the targets; ``complement_conflict`` (P,) bool, see :func:`complement_conflicts`.
    """
    instance(run, TrainingRun, "run", "a TrainingRun (crossbar.train's)")
    check_patterns(patterns, optional=False)
    if (patterns.n_inputs, 2 * patterns.n_neurons) != run.conductance.shape:
        raise ValueError(f"patterns: the run's crossbar {run.conductance.shape} takes {run.conductance.shape[0]} inputs "
                         f"and {run.conductance.shape[1] // 2} neurons, these patterns have {patterns.n_inputs} and "
                         f"{patterns.n_neurons}")
    s = run.setting
    V = patterns.voltages(s.v_one, s.v_zero)
    current = physics.logic_current(physics.column_currents(V, run.conductance))
    f = physics.activation(current, s.beta)
    prediction = physics.predict(f, s.target_high, s.target_low)
    return {
        "pattern": patterns.strings(),
        "label": patterns.labels,
        "logic_current": current,
        "activation": f,
        "prediction": prediction,
        "correct": np.all(prediction == patterns.labels, axis=1),
        "undecided": np.any(prediction < 0, axis=1),
        "complement_conflict": complement_conflicts(patterns),
    }
