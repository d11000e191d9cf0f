"""The compiled engine: blocks of trials advanced in lock-step, one trial per vector lane.

Every trial is independent, and one trial's epoch is small and has the same shape as any
other's (N x 2M devices, P patterns, M neurons). So the kernel keeps a block of W trials side
by side and advances the whole block one epoch per step: conductances, column currents,
activations, the convergence check and the Manhattan update, each a loop that LLVM compiles to
vector instructions (``benchmarks/vector_report.py`` counts them). A lane whose trial has finished takes
the next trial of its thread's range at once, so no lane idles while others run to
``max_epochs``. Trial b's result depends only on its own offsets: not on the block, the lane,
the thread or the other trials.

Layout. The state of a block is a set of (N, 2 M W) arrays, row j holding the G+ devices of
every neuron and lane, then the G- devices: element ``j, side * M W + i W + lane`` is device
(j, column 2 i + side) of the trial in ``lane``. The innermost loops therefore run over all
M W (neuron, lane) pairs at once, long enough for the vector loops to pay off; the lane count W
is a run-time value, because LLVM fully unrolls loops with a small constant trip count before
its loop vectoriser sees them (and numba leaves the SLP vectoriser off).

Arithmetic. Everything per (neuron, lane) is IEEE-rounded in program order (no ``fastmath``),
in the same order as the exact scalar evaluation, except tanh and 1/cosh^2, which come from
the vectorisable polynomial of :func:`tanh_sech2_fast` instead of libm (below). Its error against the exact path is bounded (``TANH_ERROR``, ``SECH2_ERROR``), and every
decision carries that bound:

* a target comparison f > t+ (or f < t-) with |f - t| <= TANH_ERROR, or an argument beyond
  the fast path's range, and
* an update sum sum_n delta_i(n) V_j(n) whose size is within the propagated error bound of
  zero (which includes every sum that the exact path makes exactly zero),

make the lane redo its whole epoch on the exact path (:func:`_evaluate_exact`, libm as in the
numpy reference). Every decision is therefore the exact path's, and pulse counts, epochs and
convergence equal the scalar reference's. Histories are recorded on the exact path.

Where new physics plugs in (see ARCHITECTURE.md):

* **device model** -- :func:`_conductance` turns a device's state into its conductance G,
  :func:`_load` sets up a new trial's devices, and :func:`_apply_pulses` moves the state by
  the pulses the rule chose and updates G.
  Today's model is the measured curve with saturation and additive offsets (state: pulse
  counts m). Two-way curves, per-device laws and noise add state arrays and cases there.
* **rule** -- :func:`_error_signal` gives each pattern's delta_i(n); the sign of the summed
  update decides the pulses in :func:`_apply_pulses`. A rule that is not a batch rule (one
  pattern at a time) gets its own step function beside :func:`_epoch`.
* **random draws** inside the kernel take a counter-based value keyed by (seed, trial, epoch,
  device) from :mod:`crossbar.random`, so they do not depend on the lane or the block.

tanh and 1/cosh^2. The engine needs, for every pattern and neuron, f = tanh(beta I) and the slope
beta / cosh^2(beta I) of the error signal. Both come from one exponential
e = exp(-2|x|):

    tanh|x| = (1 - e) / (1 + e),        1 / cosh^2 x = 4 e / (1 + e)^2.

* :func:`tanh_sech2` is the **exact path**: e from libm's ``exp`` (or ``expm1`` near
  x = 0, so that tanh keeps its relative precision there). It is the arithmetic of the
  scalar engine before version 0.2, within a few ulp of numpy's ``tanh`` and ``cosh``,
  and the engine's reference for every decision.
* :func:`tanh_sech2_fast` is the **fast path**: e from :func:`exp_fast`, a branch-free
  polynomial that LLVM vectorises across trials (libm calls do not vectorise), accurate to
  about 1e-14 rather than to the last bit: a more accurate polynomial costs more than the
  rare hand-over of a close decision to the exact path. No ``fastmath`` flag is used: every
  operation is IEEE-rounded (fused multiply-adds are IEEE operations too) and evaluated in
  program order, so the fast path gives the same bits in a vector lane and in scalar code.

Error bounds of the fast path against the exact path. ``exp_fast``'s relative error is at
most the polynomial's truncation, 9.1e-15, plus a few roundings; tanh = (1 - e) / (1 + e)
moves by at most half of e's relative error, 1/cosh^2 by at most all of it. The constants
used have a margin of 2 over that (``tests/test_activation.py`` measures the errors on
10^7 arguments spread over |x| < 350 and asserts them):

* |exp_fast(a) / exp(a) - 1| < 1e-14 on [-700, 0] (measured: 8.9e-15);
* |tanh_fast - tanh_exact| <= :data:`TANH_ERROR` = 2e-14, absolute (measured: 4.3e-15);
* |sech2_fast - sech2_exact| <= :data:`SECH2_ERROR` x sech2_exact = 2e-14 relative
  (measured: 9.0e-15).

Both are compiled with numba's ``error_model="numpy"``: a division by zero would give an IEEE
infinity instead of raising (none occurs: every divisor is at least 1), which is what lets
LLVM vectorise the loops that call them.

Arguments with |x| > :data:`FAST_LIMIT` = 350 (where exp(-2|x|) nears the bottom of the
double range) are not computed by the fast path: it reports them, and the engine
computes them on the exact path. The engine redoes a trial's whole epoch on the exact
path whenever one of its decisions lies within these bounds of going the other way
(:mod:`crossbar.training.engine`), so its pulse counts equal the exact path's.

One file. numba caches each compiled function keyed on its own source file only: a function
that inlines code from another file would keep running stale machine code after that file
changed. So everything the compiled kernel inlines lives here. This module is long because
of that.

"""

from __future__ import annotations

import math

import numba
import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

# --------------------------------------------------------------------------- tanh and 1/cosh^2

#: Bound on |tanh_fast(x) - tanh_exact(x)| (absolute) for |x| <= FAST_LIMIT.
TANH_ERROR = 2e-14
#: Bound on |sech2_fast(x) / sech2_exact(x) - 1| for |x| <= FAST_LIMIT.
SECH2_ERROR = 2e-14
#: Largest |x| the fast path computes; beyond it the engine uses the exact path.
FAST_LIMIT = 350.0

# ln 2 split so that k * _LN2_HI is exact for |k| < 2^20 (the low 32 bits of _LN2_HI are zero).
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
_INV_LN2 = 1.44269504088896338700e00


@numba.njit(inline="always", error_model="numpy")
def tanh_sech2(x):
    """(tanh x, 1 / cosh^2 x) from one libm exponential, to a few ulp, without overflow.

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


@intrinsic
def _double_from_bits(typingctx, bits):
    """The float64 whose IEEE-754 bits are the int64 `bits` (an LLVM bitcast: free, and vectorisable)."""
    if bits != types.int64:
        return None

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.DoubleType())

    return types.float64(types.int64), codegen


@intrinsic
def _bits_from_double(typingctx, value):
    """The int64 holding the IEEE-754 bits of the float64 `value` (an LLVM bitcast)."""
    if value != types.float64:
        return None

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.IntType(64))

    return types.int64(types.float64), codegen


_TWO52 = 4503599627370496.0  # 2^52: adding it to 0 <= t < 2^52 puts the integer t in the low bits


@intrinsic
def _fma(typingctx, a, b, c):
    """a b + c with one rounding (IEEE fused multiply-add: the same bits in a vector lane and in scalar code)."""
    if not (a == b == c == types.float64):
        return None

    def codegen(context, builder, signature, args):
        return builder.fma(*args)

    return types.float64(types.float64, types.float64, types.float64), codegen


@numba.njit(inline="always")
def _exp_reduced(r):
    """exp(r) for |r| <= ln(2)/2 by its Taylor series to r^11.

    The truncation is below (ln 2 / 2)^12 / 12! e^(ln 2 / 2) = 9.1e-15 relative. Evaluated by
    Estrin's scheme with fused multiply-adds: pairs of terms, then pairs of pairs, so that the
    longest chain of dependent operations is four deep instead of eleven.
    """
    r2 = r * r
    r4 = r2 * r2
    r8 = r4 * r4
    q0 = _fma(r, 1.0, 1.0)
    q1 = _fma(r, 1.0 / 6.0, 0.5)
    q2 = _fma(r, 1.0 / 120.0, 1.0 / 24.0)
    q3 = _fma(r, 1.0 / 5040.0, 1.0 / 720.0)
    q4 = _fma(r, 1.0 / 362880.0, 1.0 / 40320.0)
    q5 = _fma(r, 1.0 / 39916800.0, 1.0 / 3628800.0)
    s0 = _fma(q1, r2, q0)
    s1 = _fma(q3, r2, q2)
    s2 = _fma(q5, r2, q4)
    t0 = _fma(s1, r4, s0)
    return _fma(s2, r8, t0)


@numba.njit(inline="always", error_model="numpy")
def exp_fast(a):
    """exp(a) for -700 <= a <= 0 without a libm call, so that a loop of it vectorises.

    a = k ln2 + r with k = round(a / ln2) and |r| <= ln2 / 2 (Cody-Waite: r is exact up
    to one rounding), exp(a) = 2^k exp(r). 2^k is made from its exponent bits without a
    float-to-integer conversion, which AVX2 has no vector instruction for: k + 1023 + 2^52
    holds the biased exponent k + 1023 as an integer in its low bits.
    """
    k = np.floor(a * _INV_LN2 + 0.5)  # a float: np.floor, unlike math.floor, returns no integer
    r = (a - k * _LN2_HI) - k * _LN2_LO
    biased = _bits_from_double(k + (1023.0 + _TWO52)) - _bits_from_double(_TWO52)
    return _exp_reduced(r) * _double_from_bits(biased << 52)


@numba.njit(inline="always", error_model="numpy")
def tanh_sech2_fast(x):
    """(tanh x, 1 / cosh^2 x, exact_needed) on the fast path; see the module docstring.

    ``exact_needed`` is True when |x| > FAST_LIMIT: the values returned are then not
    meaningful and the caller must use :func:`tanh_sech2`.
    """
    a = -2.0 * abs(x)
    far = a < -2.0 * FAST_LIMIT
    # A select, not numba's max(): that one is a call LLVM does not vectorise.
    e = exp_fast(-2.0 * FAST_LIMIT if far else a)
    q = 1.0 / (1.0 + e)  # one division for both
    return math.copysign((1.0 - e) * q, x), (4.0 * e) * q * q, far


#: Trials advanced together in one block (the vector lanes of the kernel), by default.
LANES = 64

_U = 2.0**-53  # unit roundoff of float64
# Relative difference of (f^g - f) beta sech2 between the paths, beyond that of f: the error of
# sech2 plus the roundings of the two products and the difference, on each path.
_SLOPE_ERROR = SECH2_ERROR + 8 * _U


# --------------------------------------------------------------------------- device model

@numba.njit(inline="always", error_model="numpy")
def _conductance(dg, gain, m, s):
    """G = K ((g(min(m, L-1)) - g(0)) + s) of one device; dg[k] = g(k) - g(0)."""
    last = dg.size - 1
    return gain * (dg[m if m < last else last] + s)  # pulsed past the measured curve: saturated


@numba.njit(cache=True, error_model="numpy")
def _apply_pulses(dg, gain, mp, mm, sp, sm, Gp, Gm, acc, update, index, value):
    """One potentiating pulse to G+ of (j, i) where the summed update is > 0, to G- where < 0.

    `update` (M W) is 1 for the (neuron, lane) pairs whose trial goes on, 0 elsewhere. At most
    one device of a pair moves, so one table look-up per pair brings G up to date. The look-up
    has a loop of its own (`index`, `value` (M W) are scratch): LLVM cannot bound an index
    into the table, so a loop that reads the table and writes the state does not vectorise.
    """
    N, X = acc.shape
    last = dg.size - 1
    for j in range(N):
        for x in range(X):
            a = acc[j, x]
            u = update[x]
            plus = u * (a > 0.0)
            minus = u * (a < 0.0)
            m_plus = mp[j, x] + plus
            m_minus = mm[j, x] + minus
            mp[j, x] = m_plus
            mm[j, x] = m_minus
            k = m_plus if plus else m_minus  # the device that moved (G- if none did)
            index[x] = k if k < last else last  # pulsed past the measured curve: saturated
        for x in range(X):
            value[x] = dg[index[x]]
        for x in range(X):
            a = acc[j, x]
            u = update[x]
            plus = u * (a > 0.0)
            minus = u * (a < 0.0)
            g = gain * (value[x] + (sp[j, x] if plus else sm[j, x]))
            Gp[j, x] = g if plus else Gp[j, x]
            Gm[j, x] = g if minus else Gm[j, x]


# --------------------------------------------------------------------------- rule

@numba.njit(inline="always", error_model="numpy")
def _error_signal(goal, f, beta, sech2):
    """delta_i(n) = (f^g - f) beta / cosh^2(beta I) of the batch Manhattan rule."""
    return (goal - f) * beta * sech2


# --------------------------------------------------------------------------- one epoch

@numba.njit(inline="always", error_model="numpy")
def _judge(x, fi, s2, t, sign, beta, ok, redo, slope):
    """Target check, closeness and the error signal of one pattern on pair x; returns delta."""
    # Label 1 needs f > t+, label 0 f < t-: sign (f - t) > 0. The sign of a difference of
    # two doubles is exact, so this is the comparison itself.
    gap = sign * (fi - t)
    ok[x] &= gap > 0.0
    redo[x] |= abs(gap) <= TANH_ERROR
    slope[x] += s2
    return _error_signal(t, fi, beta, s2)


@numba.njit(cache=True, error_model="numpy")
def _epoch(Gp, Gm, V, mirror, goal, sign, beta, reach, f, sech2, acc, ok, redo, slope, ip, im):
    """Evaluate every pattern on every lane and sum the updates, on the fast path.

    Per (neuron, lane) pair x = i W + lane: f (P, M W) the activations; ok (M W) 1 where every
    pattern meets its target on neuron i; redo (M W) 1 where a decision is too close to call
    here; and acc (N, M W) = sum_n delta_i(n) V_j(n). goal and sign (P, M W) hold t+ and +1 for
    label 1, t- and -1 for label 0; `reach` is max|V| (1 + max|t|), see below; sech2 (P, M W),
    slope, ip and im are scratch.

    mirror[n] >= 0 names an earlier pattern whose voltages are exactly those of n negated (a
    complementary image, with v_zero = -v_one). Negating every term of a sum negates the
    rounded sum exactly, so pattern n's current is exactly minus that pattern's, its f
    exactly minus, its 1/cosh^2 the same: they are copied, not computed again.
    """
    N, X = Gp.shape
    P = V.shape[0]
    for x in range(X):
        ok[x] = 1
        redo[x] = 0
        slope[x] = 0.0
    for n in range(P):
        n0 = mirror[n]
        if n0 < 0:
            # The sums start from their first term (0 + t is exactly t).
            v = V[n, 0]
            for x in range(X):
                ip[x] = v * Gp[0, x]
                im[x] = v * Gm[0, x]
            for j in range(1, N):
                v = V[n, j]
                for x in range(X):
                    ip[x] += v * Gp[j, x]
                    im[x] += v * Gm[j, x]
            for x in range(X):
                fi, s2, far = tanh_sech2_fast(beta * (ip[x] - im[x]))
                f[n, x] = fi
                sech2[n, x] = s2
                redo[x] |= far
        else:
            for x in range(X):
                f[n, x] = -f[n0, x]
                sech2[n, x] = sech2[n0, x]
        for x in range(X):
            ip[x] = _judge(x, f[n, x], sech2[n, x], goal[n, x], sign[n, x], beta, ok, redo, slope)
        if n == 0:
            for j in range(N):
                v = V[n, j]
                for x in range(X):
                    acc[j, x] = ip[x] * v
        else:
            for j in range(N):
                v = V[n, j]
                for x in range(X):
                    acc[j, x] += ip[x] * v
    # An update sum within its error bound of zero is a decision the fast path cannot make.
    # |delta| = |f^g - f| beta sech2 <= (1 + max|t|) beta sech2, and each delta may differ from
    # the exact path's by |delta| _SLOPE_ERROR + 2 TANH_ERROR beta sech2 (the errors of sech2
    # and of f, and the roundings); each sum adds at most (P + 2) u sum_n |delta V| of rounding.
    # So both paths' sums lie within slope[x] of each other (scaled by beta sum_n sech2).
    rounding = 2.0 * (P + 2) * _U
    for x in range(X):
        slope[x] *= beta * reach * (1.01 * (_SLOPE_ERROR + 2.0 * TANH_ERROR) + rounding)
    for j in range(N):
        for x in range(X):
            redo[x] |= abs(acc[j, x]) <= slope[x]


@numba.njit(cache=True, error_model="numpy")
def _evaluate_exact(lane, W, Gp, Gm, V, label, beta, t_hi, t_lo, f, acc, D):
    """The exact path for one lane: libm tanh and 1/cosh^2, the reference's order of sums.

    Returns (every target met, total error); fills f and acc for the lane.
    """
    N = Gp.shape[0]
    P, M = label.shape
    good = True
    total = 0.0
    for n in range(P):
        for i in range(M):
            x = i * W + lane
            i_plus = 0.0
            i_minus = 0.0
            for j in range(N):
                i_plus += V[n, j] * Gp[j, x]
                i_minus += V[n, j] * Gm[j, x]
            fi, s2 = tanh_sech2(beta * (i_plus - i_minus))
            f[n, x] = fi
            if label[n, i] == 1:
                goal = t_hi
                if not fi > t_hi:
                    good = False
                    total += t_hi - fi
            else:
                goal = t_lo
                if not fi < t_lo:
                    good = False
                    total += fi - t_lo
            D[n, i] = _error_signal(goal, fi, beta, s2)
    for j in range(N):
        for i in range(M):
            a = 0.0
            for n in range(P):
                a += D[n, i] * V[n, j]
            acc[j, i * W + lane] = a
    return good, total


@numba.njit(inline="always", error_model="numpy")
def _total_error(lane, W, f, label, t_hi, t_lo):
    """sum over patterns and neurons of how far f falls short of its target (0 where met)."""
    P, M = label.shape
    total = 0.0
    for n in range(P):
        for i in range(M):
            fi = f[n, i * W + lane]
            if label[n, i] == 1:
                if not fi > t_hi:
                    total += t_hi - fi
            elif not fi < t_lo:
                total += fi - t_lo
    return total


# --------------------------------------------------------------------------- one thread's trials

@numba.njit(inline="always", error_model="numpy")
def _load(lane, W, b, offsets, dg, gain, mp, mm, sp, sm, Gp, Gm):
    """Put trial b, unpulsed, into `lane`: device (j, 2i) at [j, i W + lane] of the plus
    arrays, device (j, 2i + 1) there in the minus arrays."""
    N, C = offsets.shape[1:]
    for j in range(N):
        for i in range(C // 2):
            x = i * W + lane
            sp[j, x] = offsets[b, j, 2 * i]
            sm[j, x] = offsets[b, j, 2 * i + 1]
            mp[j, x] = 0
            mm[j, x] = 0
            Gp[j, x] = _conductance(dg, gain, 0, sp[j, x])
            Gm[j, x] = _conductance(dg, gain, 0, sm[j, x])


@numba.njit(cache=True, error_model="numpy")
def _train_range(lo, hi, W, dg, offsets, V, label, beta, t_hi, t_lo, gain, max_epochs, exact, record,
                 m_out, conv_out, epochs_out, err_out, f_out, redone_out, hist_m, hist_G, hist_f, hist_err):
    """Train trials lo ... hi-1 through one block of W lanes, refilling lanes as trials end."""
    B, N, C = offsets.shape
    P, M = label.shape
    X = M * W
    reach = 0.0  # max|V| (1 + max|t|): a bound on |delta V| / (beta sech2)
    for n in range(P):
        for j in range(N):
            reach = max(reach, abs(V[n, j]))
    reach *= 1.0 + max(abs(t_hi), abs(t_lo))
    mirror = np.full(P, -1, np.int64)  # see _epoch
    for n in range(P):
        for n0 in range(n):
            same = True
            for j in range(N):
                same &= V[n, j] == -V[n0, j]
            if same and mirror[n0] < 0:
                mirror[n] = n0
                break
    goal = np.empty((P, X))
    sign = np.empty((P, X))
    for n in range(P):
        for i in range(M):
            for lane in range(W):
                goal[n, i * W + lane] = t_hi if label[n, i] == 1 else t_lo
                sign[n, i * W + lane] = 1.0 if label[n, i] == 1 else -1.0
    mp = np.zeros((N, X), np.int64)  # pulse counts of the G+ devices, [j, i W + lane]
    mm = np.zeros((N, X), np.int64)  # ... of the G- devices
    sp = np.zeros((N, X))  # offsets, S
    sm = np.zeros((N, X))
    Gp = np.zeros((N, X))  # conductances, S
    Gm = np.zeros((N, X))
    f = np.empty((P, X))
    sech2 = np.empty((P, X))
    acc = np.empty((N, X))
    ok = np.empty(X, np.int64)
    redo = np.empty(X, np.int64)
    slope = np.empty(X)
    ip = np.empty(X)
    im = np.empty(X)
    update = np.zeros(X, np.int64)
    index = np.zeros(X, np.int64)
    value = np.zeros(X)
    D = np.empty((P, M))
    trial = np.full(W, -1, np.int64)
    epoch = np.zeros(W, np.int64)
    go = np.zeros(W, np.int64)
    lane_close = np.zeros(W, np.int64)
    lane_met = np.zeros(W, np.int64)
    following = lo
    for lane in range(W):
        if following < hi:
            _load(lane, W, following, offsets, dg, gain, mp, mm, sp, sm, Gp, Gm)
            trial[lane] = following
            following += 1
    running = min(W, hi - lo)
    while running > 0:
        if not exact:
            _epoch(Gp, Gm, V, mirror, goal, sign, beta, reach, f, sech2, acc, ok, redo, slope, ip, im)
        # Per lane: a decision too close to call on any neuron, and every target met.
        for lane in range(W):
            lane_close[lane] = 0
            lane_met[lane] = 1
        if not exact:
            for i in range(M):
                for lane in range(W):
                    lane_close[lane] |= redo[i * W + lane]
                    lane_met[lane] &= ok[i * W + lane]
        for lane in range(W):
            b = trial[lane]
            go[lane] = 0
            if b < 0:
                continue
            met = lane_met[lane] != 0
            total = -1.0  # the total error, only worked out for a record or a trial's end
            if exact or lane_close[lane]:
                met, total = _evaluate_exact(lane, W, Gp, Gm, V, label, beta, t_hi, t_lo, f, acc, D)
                redone_out[b] += not exact
            e = epoch[lane]
            if total < 0.0 and (record or met or e == max_epochs):
                total = _total_error(lane, W, f, label, t_hi, t_lo)
            if record:
                for j in range(N):
                    for i in range(M):
                        x = i * W + lane
                        hist_m[b, e, j, 2 * i] = mp[j, x]
                        hist_m[b, e, j, 2 * i + 1] = mm[j, x]
                        hist_G[b, e, j, 2 * i] = Gp[j, x]
                        hist_G[b, e, j, 2 * i + 1] = Gm[j, x]
                for n in range(P):
                    for i in range(M):
                        hist_f[b, e, n, i] = f[n, i * W + lane]
                hist_err[b, e] = total
            if met or e == max_epochs:
                conv_out[b] = met
                epochs_out[b] = e
                err_out[b] = total
                for j in range(N):
                    for i in range(M):
                        m_out[b, j, 2 * i] = mp[j, i * W + lane]
                        m_out[b, j, 2 * i + 1] = mm[j, i * W + lane]
                for n in range(P):
                    for i in range(M):
                        f_out[b, n, i] = f[n, i * W + lane]
                if following < hi:
                    _load(lane, W, following, offsets, dg, gain, mp, mm, sp, sm, Gp, Gm)
                    trial[lane] = following
                    epoch[lane] = 0
                    following += 1
                else:
                    trial[lane] = -1
                    running -= 1
            else:
                go[lane] = 1
                epoch[lane] = e + 1
        for i in range(M):
            for lane in range(W):
                update[i * W + lane] = go[lane]
        _apply_pulses(dg, gain, mp, mm, sp, sm, Gp, Gm, acc, update, index, value)


@numba.njit(cache=True, parallel=True, error_model="numpy")
def train_kernel(dg, offsets, V, label, beta, t_hi, t_lo, gain, max_epochs, exact, record, ranges, lanes,
                 m_out, conv_out, epochs_out, err_out, f_out, redone_out, hist_m, hist_G, hist_f, hist_err):
    """Train every trial of `offsets`; trial ranges ``ranges[k] ... ranges[k+1]-1`` run in parallel.

    redone_out[b] counts the epochs of trial b that the fast path handed to the exact one.
    """
    for k in numba.prange(ranges.size - 1):
        _train_range(ranges[k], ranges[k + 1], lanes, dg, offsets, V, label, beta, t_hi, t_lo, gain,
                     max_epochs, exact, record, m_out, conv_out, epochs_out, err_out, f_out, redone_out,
                     hist_m, hist_G, hist_f, hist_err)

