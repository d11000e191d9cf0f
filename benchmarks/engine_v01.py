"""The engine of crossbar 0.1, kept as the speed baseline of the benchmarks.

A scalar numba kernel: one trial after another, each epoch a loop over patterns,
neurons and devices, one libm exponential per activation. It is what the
vectorised engine of :mod:`crossbar.training.engine` replaced; the benchmarks time
both in one process and check that they give the same pulse counts.
"""

import math

import numba
import numpy as np


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


def train_batch_v01(curve, offsets, voltages, labels, setting):
    """(converged, epochs, pulse_count) of B trials with the 0.1 engine (no histories)."""
    B, N, C = offsets.shape
    P, M = labels.shape
    out = dict(
        m_out=np.zeros((B, N, C), np.int64), conv_out=np.zeros(B, np.bool_),
        epochs_out=np.zeros(B, np.int64), err_out=np.zeros(B), f_out=np.zeros((B, P, M)),
        hist_m=np.zeros((1, 1, N, C), np.int64), hist_G=np.zeros((1, 1, N, C)),
        hist_f=np.zeros((1, 1, P, M)), hist_err=np.zeros((1, 1)),
    )
    _train_kernel(np.ascontiguousarray(curve), np.ascontiguousarray(offsets), np.ascontiguousarray(voltages),
                  np.ascontiguousarray(labels), float(setting.beta), float(setting.target_high),
                  float(setting.target_low), float(setting.gain), int(setting.max_epochs), False,
                  max(1, min(B, 8 * numba.get_num_threads())), *out.values())
    return out["conv_out"], out["epochs_out"], out["m_out"]
