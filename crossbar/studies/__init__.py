"""Monte Carlo studies: many crossbars per setting, sweeps over settings, their storage and analysis.

* :mod:`~crossbar.studies.study`: :class:`Study` (what is run) and :class:`StudyResult` (the
  per-trial table), one chunk of trials at a time;
* :mod:`~crossbar.studies.execution`: :func:`run_study`, in process, in worker processes or on Dask;
* :mod:`~crossbar.studies.sweep`: :class:`Grid` and :func:`run_sweep`;
* :mod:`~crossbar.studies.store`: study and sweep folders on disk, atomic and resumable;
* :mod:`~crossbar.studies.analysis`: why trials fail and what the devices must be;
* :mod:`~crossbar.studies.diagnosis`: failures that come from the setting's scale (a saturated
  activation, a vanished error signal), and the option that fixes them;
* :mod:`~crossbar.studies.stats`: the Wilson interval, the interval of a median;
* :mod:`~crossbar.studies.chance`: whether a rate under write noise is a tolerance or a search
  (a bar chance cannot meet, a random-sign control beaten, a walk below one window);
* :mod:`~crossbar.studies.outcomes`: a classifier's medians (digits recognised, answers right, energy);
* :mod:`~crossbar.studies.tolerance`: convergence along one device non-ideality, and how much of
  it training tolerates;
* :mod:`~crossbar.studies.rules`: training rules against the LP bound, rate curves along a knob.

This layer imports :mod:`crossbar.training` and the layers below it; nothing here plots.
"""

from .analysis import (
    failure_analysis,
    find_trial,
    locked_pairs,
    outcome_profile,
    required_range,
    requirement_table,
    weights_feasible,
)
from .chance import ChanceTest, chance_test
from .diagnosis import diagnose
from .execution import run_study
from .outcomes import Outcome, outcome, outcome_of, recognised_images
from .rules import compare_rules, feasible_crossbars, rate_curve, rule_row
from .stats import Z95, McNemar, mcnemar, median_interval, wilson_interval
from .store import StoreError, load_study, load_sweep
from .study import (
    Study,
    StudyResult,
    StudySummary,
    min_visited_conductance,
    run_chunk,
    summarize,
    trial_dtype,
)
from .sweep import GRID_AXES, Grid, SweepResult, apply_point, run_sweep
from .tolerance import (
    KNOBS,
    Convergence,
    KnobSweep,
    Tolerance,
    convergence,
    knob_sweep,
    preset_tolerances,
    rule_convergence,
    tolerance,
)

__all__ = [
    "ChanceTest", "GRID_AXES", "Grid", "Outcome", "StoreError", "Study", "StudyResult", "StudySummary", "SweepResult", "Z95",
    "apply_point", "chance_test", "compare_rules", "diagnose", "failure_analysis", "feasible_crossbars", "find_trial", "load_study",
    "load_sweep", "locked_pairs", "median_interval", "min_visited_conductance", "outcome", "outcome_of", "outcome_profile", "rate_curve",
    "required_range", "requirement_table", "rule_row", "run_chunk", "run_study", "run_sweep", "summarize",
    "trial_dtype", "weights_feasible", "wilson_interval",
    "KNOBS", "Convergence", "KnobSweep", "Tolerance", "convergence", "knob_sweep", "preset_tolerances",
    "rule_convergence", "tolerance", "McNemar", "mcnemar", "recognised_images",
]
