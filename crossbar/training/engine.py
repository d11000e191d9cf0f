"""Batch Manhattan training of many crossbars at once (compiled with numba).

Every array carries a leading trial axis B. Trials are independent: each
runs its own epochs until it meets every target or uses up ``max_epochs``,
so a trial that has converged does no further work, and trial b's result
does not depend on B or on the trials beside it. One run is B = 1.

The maths is that of :mod:`crossbar.physics`, written out as loops so it
compiles; the tests hold the two to the same pulse counts. One deliberate
difference: tanh(beta I) and 1/cosh^2(beta I) come from one exponential
(``_tanh_sech2``, within a few ulp of libm), which halves the time of an
epoch, and 1/cosh^2 cannot overflow however large beta I gets.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from ..devices import DeviceCurve
from ..tasks import diagonals_training, input_voltages
from . import physics
from .results import BatchResult
from .setting import DEFAULT, TrainingSetting

__all__ = ["train_batch"]


@numba.njit(inline="always")
def _tanh_sech2(x):
    """(tanh x, 1 / cosh^2 x) from one exponential, to a few ulp, without overflow.

    With e = exp(-2|x|) and t = e - 1: tanh|x| = -t / (1 + e), 1/cosh^2 x = 4 e / (1 + e)^2.
    Near x = 0, t comes from expm1 (no cancellation); elsewhere e from exp, so
    1/cosh^2 keeps its relative precision far into the tails.
    """
    a = -2.0 * abs(x)
    if a > -0.7:
        t = math.expm1(a)
        e = 1.0 + t
    else:
        e = math.exp(a)
        t = e - 1.0
    u = 1.0 + e
    th = -t / u
    return (th if x >= 0 else -th), 4.0 * e / (u * u)


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _run_trial(curve, s, V, label, beta, t_hi, t_lo, gain, max_epochs, m, G, I, f, D,
               record, hist_m, hist_G, hist_f, hist_err):
    """Train one crossbar in place; returns (converged, epochs, final total error)."""
    L = curve.size
    N, C = s.shape
    P = V.shape[0]
    M = C // 2
    g0 = curve[0]
    m[:, :] = 0
    epochs = 0
    while True:
        for j in range(N):
            for c in range(C):
                k = m[j, c]
                if k > L - 1:
                    k = L - 1  # pulsed past the measured curve: saturated
                G[j, c] = gain * ((curve[k] - g0) + s[j, c])
        ok = True
        err = 0.0
        for n in range(P):
            for i in range(M):
                i_plus = 0.0
                i_minus = 0.0
                for j in range(N):
                    i_plus += V[n, j] * G[j, 2 * i]
                    i_minus += V[n, j] * G[j, 2 * i + 1]
                I[n, i] = i_plus - i_minus
                # One expm1 gives both tanh and 1/cosh^2 (see _tanh_sech2); keep the latter in D.
                fi, D[n, i] = _tanh_sech2(beta * I[n, i])
                f[n, i] = fi
                if label[n, i] == 1:
                    if not fi > t_hi:
                        ok = False
                        err += t_hi - fi
                else:
                    if not fi < t_lo:
                        ok = False
                        err += fi - t_lo
        if record:
            hist_m[epochs] = m
            hist_G[epochs] = G
            hist_f[epochs] = f
            hist_err[epochs] = err
        if ok:
            return True, epochs, err
        if epochs == max_epochs:
            return False, epochs, err
        for n in range(P):
            for i in range(M):
                goal = t_hi if label[n, i] == 1 else t_lo
                D[n, i] = (goal - f[n, i]) * beta * D[n, i]
        # Batch rule: every pulse of this epoch is decided from the same state.
        for j in range(N):
            for i in range(M):
                acc = 0.0
                for n in range(P):
                    acc += D[n, i] * V[n, j]
                if acc > 0:
                    m[j, 2 * i] += 1
                elif acc < 0:
                    m[j, 2 * i + 1] += 1
        epochs += 1


@numba.njit(cache=True, parallel=True)
def _train_kernel(curve, offsets, V, label, beta, t_hi, t_lo, gain, max_epochs, record, blocks,
                  m_out, conv_out, epochs_out, err_out, f_out, hist_m, hist_G, hist_f, hist_err):
    B, N, C = offsets.shape
    P = V.shape[0]
    M = C // 2
    # Trials run in `blocks` tasks, so scratch arrays are allocated per block, not per trial.
    for k in numba.prange(blocks):
        G = np.empty((N, C))
        I = np.empty((P, M))
        D = np.empty((P, M))
        for b in range(k * B // blocks, (k + 1) * B // blocks):
            hb = b if record else 0
            conv, epochs, err = _run_trial(
                curve, offsets[b], V, label, beta, t_hi, t_lo, gain, max_epochs,
                m_out[b], G, I, f_out[b], D,
                record, hist_m[hb], hist_G[hb], hist_f[hb], hist_err[hb],
            )
            conv_out[b] = conv
            epochs_out[b] = epochs
            err_out[b] = err


def _check_shapes(offsets, patterns):
    N, C = offsets.shape[-2:]
    if C % 2 or C == 0:
        raise ValueError(f"offsets need an even number of columns (G+/G- pairs), got {C}")
    if N != patterns.n_inputs or C != 2 * patterns.n_neurons:
        raise ValueError(
            f"offsets have shape (N={N}, C={C}) but the patterns need N={patterns.n_inputs} inputs "
            f"and C={2 * patterns.n_neurons} columns (2 per neuron)"
        )


def train_batch(device, offsets, setting=DEFAULT, patterns=None, *, history=False) -> BatchResult:
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

    Returns
    -------
    BatchResult
    """
    if not isinstance(device, DeviceCurve):
        raise TypeError(f"device must be a DeviceCurve, got {type(device).__name__}")
    if not isinstance(setting, TrainingSetting):
        raise TypeError(f"setting must be a TrainingSetting, got {type(setting).__name__}")
    patterns = diagonals_training() if patterns is None else patterns
    S = np.array(offsets, dtype=np.float64, ndmin=2)
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
        hist_m=np.zeros((hb, E + 1 if history else 1, N, C), np.int64),
        hist_G=np.zeros((hb, E + 1 if history else 1, N, C)),
        hist_f=np.zeros((hb, E + 1 if history else 1, P, M)),
        hist_err=np.zeros((hb, E + 1 if history else 1)),
    )
    curve = np.ascontiguousarray(device.conductance)
    _train_kernel(
        curve, S, V, label, float(setting.beta), float(setting.target_high), float(setting.target_low),
        float(setting.gain), int(E), bool(history), max(1, min(B, 8 * numba.get_num_threads())),
        *out.values(),
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
    )
