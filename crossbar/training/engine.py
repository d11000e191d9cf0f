"""Batch Manhattan training of many crossbars at once: the Python side of the compiled engine.

Every array carries a leading trial axis B. Trials are independent: each
runs its own epochs until it meets every target or uses up ``max_epochs``,
so a trial that has converged does no further work, and trial b's result
does not depend on B or on the trials beside it. One run is B = 1.

The maths is that of :mod:`crossbar.training.physics`; the kernel
(:mod:`crossbar.training.kernel`) advances blocks of trials in vector lanes
and makes every decision as the exact scalar path does, so the tests hold the
engine and the numpy reference to the same pulse counts.
"""

from __future__ import annotations

import numba
import numpy as np

from ..devices import DeviceCurve
from ..tasks import diagonals_training, input_voltages
from . import checks, physics
from .kernel import LANES, train_kernel
from .results import BatchResult
from .setting import DEFAULT, TrainingSetting

__all__ = ["train_batch"]


def _check_shapes(offsets, patterns):
    N, C = offsets.shape[-2:]
    if C % 2 or C == 0:
        raise ValueError(f"offsets need an even number of columns (G+/G- pairs), got {C}")
    if N != patterns.n_inputs or C != 2 * patterns.n_neurons:
        raise ValueError(
            f"offsets have shape (N={N}, C={C}) but the patterns need N={patterns.n_inputs} inputs "
            f"and C={2 * patterns.n_neurons} columns (2 per neuron)"
        )


def _ranges(trials, threads):
    """Boundaries of the contiguous trial ranges the threads take: one per thread, none empty."""
    parts = max(1, min(threads, -(-trials // LANES)))
    return np.linspace(0, trials, parts + 1).round().astype(np.int64)


def train_batch(device, offsets, setting=DEFAULT, patterns=None, *, history=False, exact=False) -> BatchResult:
    """Train B crossbars with the batch Manhattan rule.

    Parameters
    ----------
    device : DeviceCurve
        Conductance-vs-pulse curve shared by every device.
    offsets : array_like (B, N, C) or (N, C)
        Device-to-device offsets s, S. (N, C) is one trial.
    setting : TrainingSetting
    patterns : PatternSet, optional
        Training set; default :func:`crossbar.patterns.diagonals_training`.
    history : bool
        Record the state of every epoch (memory grows as B · E).
    exact : bool
        Evaluate every epoch on the exact (libm) path instead of the vectorised one. The
        pulse counts are the same either way (the fast path hands every close decision to
        the exact one); the activations and total errors then equal the exact path's to the
        last bit rather than to about 1e-15. Histories are always recorded exactly.

    Returns
    -------
    BatchResult
    """
    if not isinstance(device, DeviceCurve):
        raise TypeError(f"device must be a DeviceCurve, got {type(device).__name__}")
    if not isinstance(setting, TrainingSetting):
        raise TypeError(f"setting must be a TrainingSetting, got {type(setting).__name__}")
    checks.check_patterns(patterns)
    patterns = diagonals_training() if patterns is None else patterns
    S = checks.offsets_array(offsets)
    if S.ndim == 2:
        S = S[np.newaxis]
    if S.ndim != 3:
        raise ValueError(f"offsets must have shape (B, N, C) or (N, C), got {np.shape(offsets)}")
    if not np.all(np.isfinite(S)):
        raise ValueError("offsets must be finite (siemens)")
    _check_shapes(S, patterns)
    S = np.ascontiguousarray(S)
    B, N, C = S.shape
    P, M = patterns.n_patterns, patterns.n_neurons
    checks.require_batch_memory(B, setting, (N, C), P, M, history)
    E = setting.max_epochs
    V = np.ascontiguousarray(input_voltages(patterns.bits, setting.v_one, setting.v_zero))
    label = np.ascontiguousarray(patterns.labels)
    hb = B if history else 1  # the kernel needs arrays even when it records nothing
    out = dict(
        m_out=np.zeros((B, N, C), np.int64),
        conv_out=np.zeros(B, np.bool_),
        epochs_out=np.zeros(B, np.int64),
        err_out=np.zeros(B),
        f_out=np.zeros((B, P, M)),
        redone_out=np.zeros(B, np.int64),
        hist_m=np.zeros((hb, E + 1 if history else 1, N, C), np.int64),
        hist_G=np.zeros((hb, E + 1 if history else 1, N, C)),
        hist_f=np.zeros((hb, E + 1 if history else 1, P, M)),
        hist_err=np.zeros((hb, E + 1 if history else 1)),
    )
    curve = np.ascontiguousarray(device.conductance)
    rise = curve - curve[0]  # g(k) - g(0), the table the kernel reads
    train_kernel(
        rise, S, V, label, float(setting.beta), float(setting.target_high), float(setting.target_low),
        float(setting.gain), int(E), bool(exact or history), bool(history),
        _ranges(B, numba.get_num_threads()), LANES, *out.values(),
    )
    G = physics.conductance(curve, out["m_out"], S, setting.gain)
    return BatchResult(
        converged=out["conv_out"],
        epochs=out["epochs_out"],
        pulse_count=out["m_out"],
        offsets=S,
        conductance=G,
        activation=out["f_out"],
        total_error=out["err_out"],
        device=device,
        setting=setting,
        patterns=patterns,
        pulse_count_history=out["hist_m"] if history else None,
        conductance_history=out["hist_G"] if history else None,
        activation_history=out["hist_f"] if history else None,
        error_history=out["hist_err"] if history else None,
        exact_epochs=out["redone_out"],
    )
