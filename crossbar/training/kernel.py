"""The compiled engine: blocks of trials advanced in lock-step, one trial per vector lane.

One long file on purpose: numba caches a compiled function keyed on its own source file only,
so everything the kernel inlines must live here (see "One file." below).

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

Arithmetic. Everything per (neuron, lane) is IEEE-rounded in program order (no ``fastmath``).
The column currents are summed in the exact scalar evaluation's order, to the same bits; tanh
and 1/cosh^2 come from the vectorisable polynomial of :func:`tanh_sech2_fast` instead of libm
(below), and the update sums are added in an order that suits the vector unit (two patterns a
pass, a complementary pattern's term joined to its twin's, see :func:`_epoch`). Their error
against the exact path is bounded (``TANH_ERROR``, ``SECH2_ERROR``, and a rounding bound that
holds for any order of summation), and every decision carries that bound:

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
of that: the activation and its error bounds, the Philox streams, the reference and the
general device models, the batch and online rules and the block driver are inlined into one
kernel, and splitting them over files would let a cached kernel run stale code.

Kinds of run. The driver and the functions it calls are written once for every kind of run
(the reference or the general model, a batch or the online rule, two-way pulses, read noise, a
focus) and compiled per kind, as copies that see the kind as module constants
(:func:`_compiled`): a kind compiles only its own code, and the first call at DEFAULT compiles
the reference model and the batch rule alone (about 5 s, against about a minute for all of
them). A feature whose code is large gets a constant of its own in ``_KIND``; code that only
some kinds run goes under ``if`` on that constant, in a copied function, never in an
``inline="always"`` one (numba inlines those with the module's own constants, after pruning).

"""

from __future__ import annotations

import math
import threading
from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

from ..jit import cached

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

    With e = exp(-2|x|) and t = e - 1: tanh|x| = -t / (1 + e), 1/cosh^2 x = 4 e / (1 + e)^2
    (past |x| = 354, where e is subnormal, (2 exp(-|x|))^2: 0 only where 1/cosh^2 rounds to 0).
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
    # Past |x| = 354, e is subnormal (it loses bits, and is 0 past |x| = 372.6) while 1/cosh^2
    # = 4 e is a nonzero double up to |x| = 373.3: there, take it as (2 e^-|x|)^2, as 1/cosh^2 does.
    if a < -708.0:
        h = 2.0 * math.exp(0.5 * a)
        return (th if x >= 0 else -th), h * h
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


@intrinsic
def _address(typingctx, array):
    """The address of a contiguous float64 or int64 array's first element, as a typed pointer.

    An array handed to an inlined function is a new reference, counted in and out by two calls
    into the runtime, and a loop that makes such a call per element spills its registers around
    them. A pointer is not counted, and ``pointer[k]`` skips the correction for negative indices
    that an array subscript makes with a signed index: a few instructions that count in a scalar
    loop over devices (see _two_way_pulses for what each saved). The array must outlive the
    pointer and k must be in range: nothing is checked.
    """
    if not (isinstance(array, types.Array) and array.dtype in (types.float64, types.int64) and array.layout == "C"):
        return None

    def codegen(context, builder, signature, args):
        return context.make_array(signature.args[0])(context, builder, args[0]).data

    return types.CPointer(array.dtype)(array), codegen


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
def _exp_far(x):
    """(e, far): e = exp(-2|x|) on the fast path, far = |x| > FAST_LIMIT (e then not meaningful)."""
    a = -2.0 * abs(x)
    far = a < -2.0 * FAST_LIMIT
    # A select, not numba's max(): that one is a call LLVM does not vectorise.
    return exp_fast(-2.0 * FAST_LIMIT if far else a), far


@numba.njit(inline="always", error_model="numpy")
def _tanh_sech2_from(x, e):
    """(tanh x, 1 / cosh^2 x) from e = exp(-2|x|)."""
    q = 1.0 / (1.0 + e)  # one division for both
    return math.copysign((1.0 - e) * q, x), (4.0 * e) * q * q


@numba.njit(inline="always", error_model="numpy")
def tanh_sech2_fast(x):
    """(tanh x, 1 / cosh^2 x, exact_needed) on the fast path; see the module docstring.

    ``exact_needed`` is True when |x| > FAST_LIMIT: the values returned are then not
    meaningful and the caller must use :func:`tanh_sech2`.
    """
    e, far = _exp_far(x)
    th, s2 = _tanh_sech2_from(x, e)
    return th, s2, far


# --------------------------------------------------------------------------- random draws

# Philox4x32-10 (Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy as 1, 2, 3",
# SC11, 2011): a counter-based generator, ten rounds of 32 x 32 -> 64-bit multiplications,
# which AVX2 does four at a time (vpmuludq). Each 32-bit word is held in a uint64.
#
# What each random effect of the engine draws, with its stream (crossbar.devices.variation
# .STREAMS) and its counter (trial, epoch, block), normal k of a counter being slot k mod 4 of
# block k // 4 (so one Philox call gives four normals):
# * cycle-to-cycle steps of the update after evaluation e: epoch e, normal j M + i for the
#   device that the one-way rule moves on pair (j, i), normals 2 (j M + i) (G+) and
#   2 (j M + i) + 1 (G-) with two-way pulses; step t of the online rule: blocks from
#   t ceil(K / 4) on, K the normals of one update.
# * read noise of evaluation e: epoch e, normal n M + i for pattern n on neuron i; step t of
#   the online rule reads with normals from block ceil(P M / 4) + t ceil(M / 4) on, neuron i
#   taking normal i.
# * the online rule's order of epoch e: one Philox call per Fisher-Yates step (shuffle_step).
_PHILOX_M0 = np.uint64(0xD2511F53)
_PHILOX_M1 = np.uint64(0xCD9E8D57)
_PHILOX_W0 = np.uint64(0x9E3779B9)
_PHILOX_W1 = np.uint64(0xBB67AE85)
_MASK32 = np.uint64(0xFFFFFFFF)
_SHIFT32 = np.uint64(32)


@numba.njit(inline="always")
def _philox_round(c0, c1, c2, c3, k0, k1):
    p0 = _PHILOX_M0 * c0
    p1 = _PHILOX_M1 * c2
    return (((p1 >> _SHIFT32) ^ c1 ^ k0) & _MASK32, p1 & _MASK32,
            ((p0 >> _SHIFT32) ^ c3 ^ k1) & _MASK32, p0 & _MASK32)


@numba.njit(inline="always")
def philox(c0, c1, c2, c3, k0, k1):
    """Philox4x32-10 of the counter (c0, c1, c2, c3) under the key (k0, k1): four 32-bit words.

    The ten rounds are written out: a loop inside the lane loop would keep LLVM from
    vectorising the lane loop.
    """
    c0, c1, c2, c3 = _philox_round(c0, c1, c2, c3, k0, k1)
    k0, k1 = (k0 + _PHILOX_W0) & _MASK32, (k1 + _PHILOX_W1) & _MASK32
    c0, c1, c2, c3 = _philox_round(c0, c1, c2, c3, k0, k1)
    k0, k1 = (k0 + _PHILOX_W0) & _MASK32, (k1 + _PHILOX_W1) & _MASK32
    c0, c1, c2, c3 = _philox_round(c0, c1, c2, c3, k0, k1)
    k0, k1 = (k0 + _PHILOX_W0) & _MASK32, (k1 + _PHILOX_W1) & _MASK32
    c0, c1, c2, c3 = _philox_round(c0, c1, c2, c3, k0, k1)
    k0, k1 = (k0 + _PHILOX_W0) & _MASK32, (k1 + _PHILOX_W1) & _MASK32
    c0, c1, c2, c3 = _philox_round(c0, c1, c2, c3, k0, k1)
    k0, k1 = (k0 + _PHILOX_W0) & _MASK32, (k1 + _PHILOX_W1) & _MASK32
    c0, c1, c2, c3 = _philox_round(c0, c1, c2, c3, k0, k1)
    k0, k1 = (k0 + _PHILOX_W0) & _MASK32, (k1 + _PHILOX_W1) & _MASK32
    c0, c1, c2, c3 = _philox_round(c0, c1, c2, c3, k0, k1)
    k0, k1 = (k0 + _PHILOX_W0) & _MASK32, (k1 + _PHILOX_W1) & _MASK32
    c0, c1, c2, c3 = _philox_round(c0, c1, c2, c3, k0, k1)
    k0, k1 = (k0 + _PHILOX_W0) & _MASK32, (k1 + _PHILOX_W1) & _MASK32
    c0, c1, c2, c3 = _philox_round(c0, c1, c2, c3, k0, k1)
    k0, k1 = (k0 + _PHILOX_W0) & _MASK32, (k1 + _PHILOX_W1) & _MASK32
    return _philox_round(c0, c1, c2, c3, k0, k1)


@numba.njit(inline="always", error_model="numpy")
def _open_unit(word):
    """A double in (0, 1) from a 32-bit word w: (w + 1/2) 2^-32."""
    # w < 2^32 as a double, exactly, from its bits (no integer conversion: AVX2 has none)
    return (_double_from_bits(np.int64(word | np.uint64(0x4330000000000000))) - _TWO52 + 0.5) * 2.0**-32


@numba.njit(inline="always", error_model="numpy")
def _log_unit(u):
    """ln u for 0 < u <= 1 by u = 2^e m, m in [sqrt(1/2), sqrt(2)), and ln m = 2 atanh((m-1)/(m+1)).

    The atanh series to s^21 (|s| <= 0.1716) truncates below 1e-17 relative; branch-free.
    """
    bits = _bits_from_double(u)
    e = (bits >> 52) - 1023
    m = _double_from_bits((bits & 0x000FFFFFFFFFFFFF) | 0x3FF0000000000000)  # in [1, 2)
    big = m > 1.4142135623730951
    m = m * 0.5 if big else m
    e = e + 1 if big else e
    s = (m - 1.0) / (m + 1.0)
    s2 = s * s
    s4 = s2 * s2
    s8 = s4 * s4
    q0 = _fma(s2, 1.0 / 3.0, 1.0)
    q1 = _fma(s2, 1.0 / 7.0, 1.0 / 5.0)
    q2 = _fma(s2, 1.0 / 11.0, 1.0 / 9.0)
    q3 = _fma(s2, 1.0 / 15.0, 1.0 / 13.0)
    q4 = _fma(s2, 1.0 / 19.0, 1.0 / 17.0)
    r0 = _fma(q1, s4, q0)
    r1 = _fma(q3, s4, q2)
    series = _fma(_fma(1.0 / 21.0, s4, q4), s8 * s8, _fma(r1, s8, r0))
    # e as a double without an integer conversion: -1100 < e < 1100, shifted to be positive
    e_double = _double_from_bits((e + 2048) | 0x4330000000000000) - (_TWO52 + 2048.0)
    return _fma(e_double, _LN2_HI, _fma(e_double, _LN2_LO, 2.0 * s * series))


@numba.njit(inline="always", error_model="numpy")
def _sin_cos_turn(t):
    """(sin 2 pi t, cos 2 pi t) for 0 <= t <= 1: the turn split into quarters, Taylor series on
    |r| <= pi/4 (to r^17 and r^16: truncation below 1e-16); branch-free."""
    q = np.floor(4.0 * t + 0.5)  # the nearest quarter turn, 0 ... 4
    r = (t - 0.25 * q) * 6.283185307179586  # |r| <= pi/4; the error of 2 pi in r is harmless noise
    r2 = r * r
    sin_r = r * _fma(r2, _fma(r2, _fma(r2, _fma(r2, _fma(r2, _fma(r2, _fma(r2, _fma(
        r2, 1.0 / 355687428096000.0, -1.0 / 1307674368000.0), 1.0 / 6227020800.0), -1.0 / 39916800.0),
        1.0 / 362880.0), -1.0 / 5040.0), 1.0 / 120.0), -1.0 / 6.0), 1.0)
    cos_r = _fma(r2, _fma(r2, _fma(r2, _fma(r2, _fma(r2, _fma(r2, _fma(r2, _fma(
        r2, 1.0 / 20922789888000.0, -1.0 / 87178291200.0), 1.0 / 479001600.0), -1.0 / 3628800.0),
        1.0 / 40320.0), -1.0 / 720.0), 1.0 / 24.0), -0.5), 1.0)
    quarter = _bits_from_double(q + _TWO52) & 3  # q mod 4 (the integer q sits in the low bits)
    # Quarter 0: (s, c); 1: (c, -s); 2: (-s, -c); 3: (-c, s). Selects, not a switch: a switch
    # keeps the loop from vectorising.
    odd = (quarter & 1) != 0
    a = cos_r if odd else sin_r
    b = sin_r if odd else cos_r
    sin_t = -a if (quarter & 2) != 0 else a
    cos_t = -b if ((quarter + 1) & 2) != 0 else b
    return sin_t, cos_t


@numba.njit(inline="always", error_model="numpy")
def _box_muller(w0, w1):
    """Two independent standard normals from two 32-bit words: sqrt(-2 ln u1) (cos, sin) 2 pi u2."""
    radius = np.sqrt(-2.0 * _log_unit(_open_unit(w0)))
    sin_t, cos_t = _sin_cos_turn(_open_unit(w1))
    return radius * cos_t, radius * sin_t


@numba.njit(inline="always", error_model="numpy")
def normal_quad(k0, k1, trial, epoch, block):
    """Normals 4 block ... 4 block + 3 of (trial, epoch) in the stream keyed (k0, k1).

    Philox4x32-10 of the counter (trial low word, trial high word, epoch, block) gives four
    32-bit words, Box-Muller turns them into four standard normals (|z| < 6.7: the uniforms
    are (w + 1/2) 2^-32). Branch-free IEEE arithmetic: the same bits in a vector lane and in
    scalar code, so a trial's draws depend on nothing but its key and counter.
    """
    t = np.uint64(trial)
    w0, w1, w2, w3 = philox(t & _MASK32, t >> _SHIFT32, np.uint64(epoch) & _MASK32,
                            np.uint64(block) & _MASK32, k0, k1)
    z0, z1 = _box_muller(w0, w1)
    z2, z3 = _box_muller(w2, w3)
    return z0, z1, z2, z3


@numba.njit(inline="always", error_model="numpy")
def _fill_normals(key, gid, epoch, first_block, count, out):
    """out[k, lane] = normal k of (trial gid[lane], epoch[lane]), k < count rounded up to 4,
    from blocks first_block, first_block + 1, ... of the stream `key`."""
    k0 = key[0]
    k1 = key[1]
    for q in range((count + 3) // 4):
        for lane in range(gid.size):
            z0, z1, z2, z3 = normal_quad(k0, k1, gid[lane], epoch[lane], first_block + q)
            out[4 * q, lane] = z0
            out[4 * q + 1, lane] = z1
            out[4 * q + 2, lane] = z2
            out[4 * q + 3, lane] = z3


@numba.njit
def normals(key, trial, epoch, first_block, count):
    """Normals 0 ... count-1 of (trial, epoch) from block `first_block` on: what the engine draws
    (for the per-trial reference and the tests)."""
    out = np.empty((4 * ((count + 3) // 4), 1))
    _fill_normals(key, np.array([trial], np.int64), np.array([epoch], np.int64), first_block, count, out)
    return out[:count, 0].copy()

#: Trials advanced together in one block (the vector lanes of the kernel), by default. Measured
#: on the 2-core AVX2 machine: 96 is 3 % faster than 64 and than 128, on the diagonals and the letters.
LANES = 96

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


@cached(error_model="numpy")
def _apply_pulses(dg, gain, mp, mm, sp, sm, Gp, Gm, acc, update, index, value, gmin):
    """One potentiating pulse to G+ of (j, i) where the summed update is > 0, to G- where < 0.

    `update` (M W) is 1 for the (neuron, lane) pairs whose trial goes on, 0 elsewhere. At most
    one device of a pair moves, so one table look-up per pair brings G up to date. The look-up
    has a loop of its own (`index`, `value` (M W) are scratch): LLVM cannot bound an index
    into the table, so a loop that reads the table and writes the state does not vectorise.

    The general model with no knob to apply runs these pulses too (:func:`_apply_general`): its
    copies (``_GENERAL``, see :func:`_compiled`) also keep gmin (M W), the lowest conductance
    of each pair's devices.
    """
    general = _GENERAL  # a constant of each compiled copy
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
            if general:
                gmin[x] = g if (plus | minus) & (g < gmin[x]) else gmin[x]  # a select: min() is a call


# --------------------------------------------------------------------------- general device model

# The general model (crossbar.devices.Nonidealities, two-way devices and the rules that need
# them) keeps, for each device, stacked (2, N, M W) with side 0 the G+ devices and side 1 the
# G- ones: its position `pos` along its current `branch` (0 potentiation, 1 depression) in
# pulses, its accumulated cycle-to-cycle noise `eta` and its conductance rise `level`
# = w curve(pos) + eta (S, before the gain and the offset), its window factor w, pulse-axis
# rate r and stuck state, and its pulse counts. The curves are one table `tab` of rises
# g - g(0): the potentiation branch at first[0] ... last[0], the depression branch at
# first[1] ... last[1]; `env` holds their running extremes (max, then min), along which a
# device switching branch finds its place, and `guide` and `scale` a guide table that starts
# that search next to its answer (:func:`_switch_position`); `listed` (M W) is scratch, the
# devices of a row that switch. With every knob off, the model is the reference one to the bit:
# w = 1 and eta = 0 change nothing, and pos is a whole number of pulses, where the interpolation
# returns the table's value itself.

@numba.njit(inline="always", error_model="numpy")
def _curve_value(tab, f0, l0, pos):
    """The branch tab[f0 ... l0] at position pos >= 0, linear between points, saturated past its end."""
    if pos >= l0 - f0:
        return tab[l0]
    k = int(pos)
    return tab[f0 + k] + (pos - k) * (tab[f0 + k + 1] - tab[f0 + k])


@numba.njit(inline="always", error_model="numpy")
def _switch_position(env, f0, l0, c, rising, guide, g0, scale, buckets):
    """Where a device at rise c continues on a branch: the first position whose running extreme
    env[f0 ... l0] reaches c (>= c rising, <= c falling), linear between points; 0 if the
    branch starts beyond c, its end if it never reaches c.

    env is monotone, so the points that have not reached c are a prefix, and its last point,
    `below`, is the same whatever finds it. A guide table finds it without a search: the
    rises are cut into `buckets` of equal width, bucket int((c - env[f0]) scale), and
    guide[g0 + bucket] is the last point that has not reached the bucket's first rise (see
    :func:`crossbar.training.engine.device_tables`). A short scan from there ends at `below`:
    down while the point has reached c, in case rounding put c in the next bucket, then up while
    the next point has not. Any guide gives the same answer, only more slowly. When a bucket
    holds at most one point the scans go the same way nearly every time, which the processor
    predicts, where each probe of a binary or galloping search goes either way (the guide made
    the two-way rule 1.22x faster at DEFAULT).
    env and guide (the table's rows one after the other) are one-dimensional arrays or, in the
    kernel's loops, their pointers (:func:`_address`).
    """
    if (env[f0] >= c) if rising else (env[f0] <= c):
        return 0.0
    if not ((env[l0] >= c) if rising else (env[l0] <= c)):
        return float(l0 - f0)
    t = (c - env[f0]) * scale
    t = t if t > 0.0 else 0.0  # selects: any c, even NaN, gives a bucket in range
    t = t if t < buckets - 1.0 else buckets - 1.0
    below = guide[g0 + int(t)]
    while (env[below] >= c) if rising else (env[below] <= c):  # stops at f0, which has not
        below -= 1
    while not ((env[below + 1] >= c) if rising else (env[below + 1] <= c)):  # stops before l0, which has
        below += 1
    return (below - f0) + (c - env[below]) / (env[below + 1] - env[below])


@cached(error_model="numpy")
def _apply_general(model, sigma, form, refresh, gain, key, gid, stamp, first_block, M, W, acc, update, state, hits,
                   resets, gmin, direction, value, zq):
    """The pulses of one update on the general model: the sign of acc (N, M W) on each pair.

    One-way: acc > 0 potentiates G+, acc < 0 potentiates G-. Two-way (Prezioso's SET/RESET):
    acc > 0 also depresses G-, acc < 0 depresses G+. A device pulsed against its branch first
    switches (:func:`_switch_position`; its conductance does not jump), then moves r pulses
    along the branch and takes a cycle-to-cycle step from the stream `key` (see "random draws"
    for which normal), z ~ N(0, 1), by the noise `form`: 0 additive, sigma w z (sigma in S);
    1 proportional, sigma |nominal step| z (sigma a fraction of the step the curve makes); 2
    bounded, sigma w z, after which the device is placed at the point of its new conductance on
    its branch (:func:`_place_on_curve`). A device that the step would take past its
    bounds (w times the table's extremes) stops there, and the lane counts a hit. Stuck devices
    ignore every pulse (which are still counted: the controller sends them). With `refresh`, a
    pulse about to potentiate a device at the end of its potentiation branch first resets both
    devices of the pair to their initial state, two counted reset pulses.

    Two-way pulses are a constant of each compiled copy (``_TWO_WAY``, see :func:`_compiled`).
    The runs that need less than all of this do not come here (see :func:`_lean`).
    """
    tab, env, first, last, bounds, guide, scale = model
    m, down, pos, branch, eta, level, w, r, stuck, s, G, listed = state
    two_way = _TWO_WAY  # a constant of each compiled copy
    N, X = acc.shape
    low = bounds[0]
    high = bounds[1]
    per_pair = 2 if two_way else 1  # normals per pair and update
    if sigma != 0.0:
        _fill_normals(key, gid, stamp, first_block, N * M * per_pair, zq)
    for j in range(N):
        if two_way:
            _two_way_pulses(model, gain, refresh, j, acc, update, state, resets, direction, value)
        else:
            _one_way_pulses(model, gain, refresh, j, acc, update, state, resets, direction, value)
        if sigma != 0.0:  # each device's normal, in rows 2 (G+) and 3 (G-) of value
            for side in range(2):
                for i in range(M):
                    k = per_pair * (j * M + i) + (side if two_way else 0)
                    for lane in range(W):
                        value[2 + side, i * W + lane] = zq[k, lane]
        # One loop over all M W pairs per side (not one per neuron): fewer, longer vector loops.
        for side in range(2):
            for x in range(M * W):
                moving = (direction[side, x] != 0) & (stuck[side, j, x] == 0)
                wv = w[side, j, x]
                e = eta[side, j, x]
                base = wv * value[side, x]
                if sigma != 0.0:
                    # level - eta is the curve's value before the pulse: |base - it| the nominal step.
                    size = sigma * abs(base - (level[side, j, x] - e)) if form == 1 else sigma * wv
                    e += size * value[2 + side, x]
                y = base + e
                floor = wv * low
                ceiling = wv * high
                hit = (y < floor) | (y > ceiling)
                y = floor if y < floor else (ceiling if y > ceiling else y)
                e = y - base if hit else e
                g = gain * (y + s[side, j, x])
                eta[side, j, x] = e if moving else eta[side, j, x]
                level[side, j, x] = y if moving else level[side, j, x]
                G[side, j, x] = g if moving else G[side, j, x]
                hits[x] += 1 if moving & hit else 0
                gmin[x] = g if moving & (g < gmin[x]) else gmin[x]  # a select: numba's min() is a call
        if sigma != 0.0 and form == 2:
            _place_on_curve(model, j, state, direction)


@numba.njit(inline="always", error_model="numpy")
def _lean(two_way, drawn, refresh, sigma, form):
    """Whether a run of the general model pulses its devices as the reference model does, each
    at the position of its pulse count with w = r = 1: one-way pulses, no draws (window factors,
    rates, stuck devices), no refresh, and no noise or additive noise. Such a run keeps only the
    counts, the offsets, eta and G: with no noise its pulses are :func:`_apply_pulses` (keeping
    the lowest conductance), with additive noise :func:`_noisy_pulses`. Their callers call
    them directly: called from :func:`_apply_general`, with its arguments, views and unpacking,
    they cost 5 ns more per trial-epoch at DEFAULT (0.71 of the reference kernel's pace with
    every knob at zero, against 0.83)."""
    return not (two_way or drawn or refresh or (sigma != 0.0 and form != 0))


@numba.njit(inline="always", error_model="numpy")
def _noisy_pulses(dg, gain, sigma, low, high, M, W, acc, update, m, eta, s, G, hits, gmin, index, value, z, zq):
    """One-way pulses with additive cycle-to-cycle noise and nothing else (:func:`_lean`):
    :func:`_apply_general`'s arithmetic with w = 1 and each device at the position of its pulse
    count, one pair at a time (at most one of its devices moves), reading only the counts, eta,
    the offsets and G; z (M W) is scratch for the pairs' normals, zq as _fill_normals fills it."""
    N, X = acc.shape
    last = dg.size - 1
    for j in range(N):
        for x in range(X):  # the counts, and the moving device's place on the curve (G- if none)
            a = acc[j, x]
            u = update[x]
            plus = u * (a > 0.0)
            minus = u * (a < 0.0)
            m_plus = m[0, j, x] + plus
            m_minus = m[1, j, x] + minus
            m[0, j, x] = m_plus
            m[1, j, x] = m_minus
            k = m_plus if plus else m_minus
            index[x] = k if k < last else last  # pulsed past the measured curve: saturated
        for x in range(X):  # the look-up in a loop of its own, as in _apply_pulses
            value[x] = dg[index[x]]
        for i in range(M):  # the pairs' normals (see "random draws"), in the pairs' order
            for lane in range(W):
                z[i * W + lane] = zq[j * M + i, lane]
        # On the row's one-dimensional views, one loop over all pairs: as one loop per neuron
        # with its indices into the stacked arrays, LLVM could not bound the accesses (scalar).
        eta_p, eta_m, G_p, G_m, s_p, s_m = eta[0, j], eta[1, j], G[0, j], G[1, j], s[0, j], s[1, j]
        for x in range(X):
            a = acc[j, x]
            u = update[x]
            plus = u * (a > 0.0) != 0
            minus = u * (a < 0.0) != 0
            moving = plus | minus
            # Every load unconditional: a select between two loads (x if c else a[i]) made this
            # loop 12x slower (0.52 against 6.4 ns per pair, measured apart): vector code that
            # loads under a mask.
            e_p = eta_p[x]
            e_m = eta_m[x]
            offset_p = s_p[x]
            offset_m = s_m[x]
            g_p = G_p[x]
            g_m = G_m[x]
            lowest = gmin[x]
            e = e_p if plus else e_m
            base = value[x]
            e += sigma * z[x]
            y = base + e
            hit = (y < low) | (y > high)
            y = low if y < low else (high if y > high else y)
            e = y - base if hit else e
            g = gain * (y + (offset_p if plus else offset_m))
            eta_p[x] = e if plus else e_p
            eta_m[x] = e if minus else e_m
            G_p[x] = g if plus else g_p
            G_m[x] = g if minus else g_m
            hits[x] += 1 if moving & hit else 0
            gmin[x] = g if moving & (g < lowest) else lowest


@numba.njit(inline="always", error_model="numpy")
def _place_on_curve(model, j, state, direction):
    """The bounded noise form: the state of a device that moved is its conductance. Each one of row
    j is placed at the point of equal conductance on its branch (as a switch places it), so the
    next pulse takes the curve's step from there and a deviation from the curve does not
    accumulate; eta keeps only what the running extreme differs from the curve there."""
    tab, env, first, last, bounds, guide, scale = model
    m, down, pos, branch, eta, level, w, r, stuck, s, G, listed = state
    at_env = _address(env)
    at_tab = _address(tab)
    at_guide = _address(guide)
    buckets = guide.shape[1]
    for side in range(2):
        lv, wv, pv, ev, bv, sv = level[side, j], w[side, j], pos[side, j], eta[side, j], branch[side, j], stuck[side, j]
        for x in range(lv.size):
            if (direction[side, x] != 0) & (sv[x] == 0):
                b = bv[x]
                c = lv[x] if wv[x] == 1.0 else lv[x] / wv[x]
                q = _switch_position(at_env, first[b], last[b], c, b == 0, at_guide, b * buckets, scale[b], buckets)
                ev[x] = lv[x] - wv[x] * _curve_value(at_tab, first[b], last[b], q)
                pv[x] = q


@numba.njit(inline="always", error_model="numpy")
def _reset_pair(model, gain, state, j, x):
    """The refresh rule's reset of pair x of row j: both (free) devices back to their initial state."""
    tab, env, first, last, bounds, guide, scale = model
    m, down, pos, branch, eta, level, w, r, stuck, s, G, listed = state
    for q in range(2):
        if stuck[q, j, x] == 0:
            pos[q, j, x] = 0.0
            branch[q, j, x] = 0
            eta[q, j, x] = 0.0
            level[q, j, x] = w[q, j, x] * tab[first[0]]
            G[q, j, x] = gain * (level[q, j, x] + s[q, j, x])


@numba.njit(inline="always", error_model="numpy")
def _one_way_pulses(model, gain, refresh, j, acc, update, state, resets, direction, value):
    """Row j of a one-way update: which device of each pair moves, its counts, position and
    curve value (value[side, x], the moving device's on both sides)."""
    tab, env, first, last, bounds, guide, scale = model
    m, down, pos, branch, eta, level, w, r, stuck, s, G, listed = state
    X = acc.shape[1]
    top = last[0] - first[0]
    for x in range(X):
        a = acc[j, x]
        u = update[x]
        d_plus = u * (a > 0.0)
        d_minus = u * (a < 0.0)
        direction[0, x] = d_plus
        direction[1, x] = d_minus
        m[0, j, x] += d_plus
        m[1, j, x] += d_minus
    if refresh:
        for x in range(X):
            for side in range(2):
                if direction[side, x] > 0 and stuck[side, j, x] == 0 and pos[side, j, x] >= top:
                    _reset_pair(model, gain, state, j, x)
                    resets[x] += 2
    for side in range(2):
        for x in range(X):
            moving = (direction[side, x] != 0) & (stuck[side, j, x] == 0)
            p = pos[side, j, x]
            pos[side, j, x] = p + r[side, j, x] if moving else p
    # The look-up in a loop of its own, as in _apply_pulses: only the device that moved (G- if
    # neither did).
    l0 = last[0]
    at_tab = _address(tab)  # no negative-index correction per device (see _address)
    for x in range(X):
        side = 0 if direction[0, x] != 0 else 1
        value[0, x] = _curve_value(at_tab, 0, l0, pos[side, j, x])
    for x in range(X):
        value[1, x] = value[0, x]


@numba.njit(inline="always", error_model="numpy")
def _two_way_pulses(model, gain, refresh, j, acc, update, state, resets, direction, value):
    """Row j of a two-way update: both devices of a pair move, one up, one down; a device pulsed
    against its branch switches first."""
    tab, env, first, last, bounds, guide, scale = model
    m, down, pos, branch, eta, level, w, r, stuck, s, G, listed = state
    X = acc.shape[1]
    top = last[0] - first[0]
    for x in range(X):
        a = acc[j, x]
        u = update[x]
        up = u * (a > 0.0)
        dn = u * (a < 0.0)
        d_plus = up - dn
        d_minus = dn - up
        direction[0, x] = d_plus
        direction[1, x] = d_minus
        m[0, j, x] += up
        m[1, j, x] += dn
        down[0, j, x] += dn
        down[1, j, x] += up
    if refresh:
        for x in range(X):
            for side in range(2):
                if direction[side, x] > 0 and stuck[side, j, x] == 0 and branch[side, j, x] == 0 \
                        and pos[side, j, x] >= top:
                    _reset_pair(model, gain, state, j, x)
                    resets[x] += 2
                    break
    # The tables through pointers (see _address): as arrays, env and guide would cost two
    # runtime calls per switch, and every subscript of tab, first and last a correction for
    # negative indices (at DEFAULT: 1.16x for env, then 1.07x for tab, 1.05x for first and last).
    at_env = _address(env)
    at_tab = _address(tab)
    at_first = _address(first)
    at_last = _address(last)
    at_guide = _address(guide)
    buckets = guide.shape[1]
    # Each device's switch depends on its own state alone: one side at a time, on the row's
    # one-dimensional views, whose addresses need no strides (fewer instructions per switch).
    # The devices that switch are listed first, by a loop without a branch, then searched: about
    # 10 of the 16 devices switch per epoch at DEFAULT, a branch per device that the processor
    # could not predict (the list: 1.07x at DEFAULT, 1.02x with every knob on).
    for side in range(2):
        lv, wv, pv, ev, bv, sv = level[side, j], w[side, j], pos[side, j], eta[side, j], branch[side, j], stuck[side, j]
        count = 0
        for x in range(X):
            d = direction[side, x]
            listed[count] = x
            count += (d != 0) & (sv[x] == 0) & (bv[x] != (0 if d > 0 else 1))
        for k in range(count):
            x = listed[k]
            want = 0 if direction[side, x] > 0 else 1
            # The same c without the long division when w = 1 (no window spread): 1.05x at
            # DEFAULT, 0.97x at the reference setting, where few devices switch.
            c = lv[x] if wv[x] == 1.0 else lv[x] / wv[x]
            q = _switch_position(at_env, at_first[want], at_last[want], c, want == 0, at_guide, want * buckets,
                                 scale[want], buckets)
            ev[x] = lv[x] - wv[x] * _curve_value(at_tab, at_first[want], at_last[want], q)
            pv[x] = q
            bv[x] = want
    for side in range(2):
        for x in range(X):
            moving = (direction[side, x] != 0) & (stuck[side, j, x] == 0)
            p = pos[side, j, x]
            pos[side, j, x] = p + r[side, j, x] if moving else p
        for x in range(X):  # the look-ups in a loop of their own, as in _apply_pulses
            b = branch[side, j, x]
            value[side, x] = _curve_value(at_tab, at_first[b], at_last[b], pos[side, j, x])


@numba.njit(inline="always", error_model="numpy")
def _shuffle_draw(k0, k1, trial, epoch, t):
    """u (t + 1), u in (0, 1) the uniform of Fisher-Yates step t of (trial, epoch): branch-free,
    so a loop over lanes vectorises (the integer part is taken apart: AVX2 cannot convert it)."""
    g = np.uint64(trial)
    w0, _, _, _ = philox(g & _MASK32, g >> _SHIFT32, np.uint64(epoch) & _MASK32, np.uint64(t) & _MASK32, k0, k1)
    return _open_unit(w0) * (t + 1)


@numba.njit(inline="always")
def shuffle_step(key, trial, epoch, t):
    """Fisher-Yates step t (P-1 down to 1) of the pattern order of (trial, epoch): an index in 0 ... t."""
    return min(int(_shuffle_draw(key[0], key[1], trial, epoch, t)), t)


# --------------------------------------------------------------------------- rule

@numba.njit(inline="always", error_model="numpy")
def _error_signal(goal, f, beta, sech2):
    """delta_i(n) = (f^g - f) beta / cosh^2(beta I) of the batch Manhattan rule."""
    return (goal - f) * beta * sech2


# --------------------------------------------------------------------------- one epoch

@numba.njit(inline="always", error_model="numpy")
def _neuron_current(i_plus, i_minus, read, z):
    """I = I+ - I- as read: each column read with relative noise `read` (see
    :class:`crossbar.devices.Nonidealities`), drawn as one normal z per neuron and read."""
    if read == 0.0:
        return i_plus - i_minus
    return (i_plus - i_minus) + read * math.sqrt(i_plus * i_plus + i_minus * i_minus) * z


@numba.njit(inline="always", error_model="numpy")
def _judge(x, fi, s2, t, sign, beta, gated, ok, redo, slope):
    """Target check, closeness and the error signal of one pattern on pair x; returns delta.

    With `gated`, a pattern that meets its target contributes delta = 0.
    """
    # Label 1 needs f > t+, label 0 f < t-: sign (f - t) > 0. The sign of a difference of
    # two doubles is exact, so this is the comparison itself.
    gap = sign * (fi - t)
    met = gap > 0.0
    ok[x] &= met
    redo[x] |= abs(gap) <= TANH_ERROR
    silent = gated and met
    slope[x] += 0.0 if silent else s2
    delta = _error_signal(t, fi, beta, s2)
    return 0.0 if silent else delta


@numba.njit(inline="always", error_model="numpy")
def _activate(z, e, x, n, twin, f, goal, sign, beta, gated, ok, redo, slope):
    """f and 1/cosh^2 of pattern n at beta I = z (e = exp(-2|z|)) on pair x, judged; with its
    twin (see _epoch) judged too. Returns the pair's factor of V(n) in the update sums."""
    fi, s2 = _tanh_sech2_from(z, e)
    f[n, x] = fi
    delta = _judge(x, fi, s2, goal[n, x], sign[n, x], beta, gated, ok, redo, slope)
    if twin >= 0:
        delta -= _judge(x, -fi, s2, goal[twin, x], sign[twin, x], beta, gated, ok, redo, slope)
    return delta


@cached(error_model="numpy")
def _epoch(Gp, Gm, V, twin, computed, goal, sign, beta, reach, read, zr, gated, focus, f, d, acc, ok, redo, slope,
           ip, im, stop):
    """Evaluate every pattern on every lane and sum the updates, on the fast path.

    Per (neuron, lane) pair x = i W + lane: f (P, M W) the activations; ok (M W) 1 where every
    pattern meets its target on neuron i; redo (M W) 1 where a decision is too close to call
    here; and acc (N, M W) = sum_n delta_i(n) V_j(n). goal and sign (P, M W) hold t+ and +1 for
    label 1, t- and -1 for label 0; `reach` is max|V| (1 + max|t|), see below; `computed`
    lists the patterns evaluated here (twin != -2); d (P, M W), slope, ip and im are scratch.

    The loops are kept short: the exponentials, the activations with their judgement, and the
    sums each have their own. One loop doing all of a pattern's work was measured 15 % slower
    on this machine: its chain of dependent operations is too long for the vector unit to
    overlap one group of lanes with the next.

    twin[n] >= 0 names a later pattern whose voltages are exactly those of n negated (a
    complementary image, with v_zero = -v_one); twin[n] = -2 marks such a later pattern, -1
    a pattern with none. Negating every term of a sum negates the rounded sum exactly, so the
    twin's current is exactly minus n's, its f exactly minus, its 1/cosh^2 the same: the twin
    is judged in the same pass as n, and as V(twin) = -V(n) its term joins n's,
    (delta(n) - delta(twin)) V(n).

    The fast path's sums are only ever used for their signs, inside an error bound that holds
    for any order of summation, so they need not follow the reference's order.

    With read noise (`read` > 0), the neuron's current is :func:`_neuron_current` of the draws
    zr (P, M W), and no pattern has a twin. With `gated`, a pattern that meets its target on a
    neuron adds nothing to that neuron's sums, nor to their error bound. With `focus` > 0, the
    comparisons of :func:`_focus_mask` are decisions too (ip holds the largest |sum| per pair).
    Whether the run has read noise and a focus are constants of each compiled copy (see
    :func:`_compiled`).

    It returns unfinished, between patterns (and between rows of the sums), once ``stop[0]`` is
    nonzero: an epoch of a large task (MNIST's 4,000 patterns x 401 x 20 devices x 96 lanes) lasts
    seconds, too long a wait for Ctrl-C.
    """
    N, X = Gp.shape
    P = V.shape[0]
    reads = _READS  # constants of each compiled copy
    focused = _FOCUSED
    for x in range(X):
        ok[x] = 1
        redo[x] = 0
        slope[x] = 0.0
    for n in range(P):
        if stop[0] != 0:
            return
        partner = twin[n]
        if partner == -2:
            continue  # judged with the pattern it mirrors
        # The currents, summed over j in the reference's order, two terms per pass over the
        # lanes (half the loads and stores of one per pass; one term per pass measured 0.86-0.99x
        # as fast). The sums start from their first term (0 + t is exactly t).
        v = V[n, 0]
        if N == 1:
            for x in range(X):
                ip[x] = v * Gp[0, x]
                im[x] = v * Gm[0, x]
        else:
            w = V[n, 1]
            for x in range(X):
                ip[x] = v * Gp[0, x] + w * Gp[1, x]
                im[x] = v * Gm[0, x] + w * Gm[1, x]
        for j in range(2, N - 1, 2):
            v = V[n, j]
            w = V[n, j + 1]
            for x in range(X):
                ip[x] = (ip[x] + v * Gp[j, x]) + w * Gp[j + 1, x]
                im[x] = (im[x] + v * Gm[j, x]) + w * Gm[j + 1, x]
        if N > 2 and N % 2 == 1:
            v = V[n, N - 1]
            for x in range(X):
                ip[x] += v * Gp[N - 1, x]
                im[x] += v * Gm[N - 1, x]
        # The exponentials in a loop of their own (see above). ip, im := beta I, exp(-2 |beta I|).
        if not reads:
            for x in range(X):
                z = beta * (ip[x] - im[x])
                e, far = _exp_far(z)
                ip[x] = z
                im[x] = e
                redo[x] |= far
        else:
            for x in range(X):
                z = beta * _neuron_current(ip[x], im[x], read, zr[n, x])
                e, far = _exp_far(z)
                ip[x] = z
                im[x] = e
                redo[x] |= far
        # Two copies of one loop, so that each is branch-free. d[n] := the factors of V(n).
        if partner >= 0:
            for x in range(X):
                d[n, x] = _activate(ip[x], im[x], x, n, partner, f, goal, sign, beta, gated, ok, redo, slope)
            for x in range(X):  # not in the loop above: two rows of f written there keep it scalar
                f[partner, x] = -f[n, x]
        else:
            for x in range(X):
                d[n, x] = _activate(ip[x], im[x], x, n, -1, f, goal, sign, beta, gated, ok, redo, slope)
    # The update sums, two patterns per pass over the lanes (half the loads and stores of one).
    K = computed.size
    for j in range(N):
        if stop[0] != 0:
            return
        a = computed[0]
        va = V[a, j]
        if K == 1:
            for x in range(X):
                acc[j, x] = d[a, x] * va
            continue
        b = computed[1]
        vb = V[b, j]
        for x in range(X):
            acc[j, x] = d[a, x] * va + d[b, x] * vb
        for k in range(2, K - 1, 2):
            a = computed[k]
            b = computed[k + 1]
            va = V[a, j]
            vb = V[b, j]
            for x in range(X):
                acc[j, x] += d[a, x] * va + d[b, x] * vb
        if K > 2 and K % 2 == 1:
            a = computed[K - 1]
            va = V[a, j]
            for x in range(X):
                acc[j, x] += d[a, x] * va
    # An update sum within its error bound of zero is a decision the fast path cannot make.
    # |delta| = |f^g - f| beta sech2 <= (1 + max|t|) beta sech2, and each delta may differ from
    # the exact path's by |delta| _SLOPE_ERROR + 2 TANH_ERROR beta sech2 (the errors of sech2
    # and of f, and the roundings); each sum adds at most (P + 2) u sum_n |delta V| of rounding,
    # in any order, a twin's delta joining its pattern's first (one rounding more per pair).
    # So both paths' sums lie within slope[x] of each other (scaled by beta sum_n sech2).
    rounding = 2.0 * (P + 2) * _U
    for x in range(X):
        slope[x] *= beta * reach * (1.01 * (_SLOPE_ERROR + 2.0 * TANH_ERROR) + rounding)
    # No pattern adding to a sum (all gated): both paths' sums are exactly 0, nothing to redo.
    for j in range(N):
        for x in range(X):
            redo[x] |= (abs(acc[j, x]) <= slope[x]) & (slope[x] > 0.0)
    if focused:
        # |a_j| - focus max|a|: each |a| within slope of the exact path's, so the difference
        # within (1 + focus) slope, plus the roundings of the product and the difference.
        _largest(acc, ip)
        for j in range(N):
            for x in range(X):
                gap = abs(acc[j, x]) - focus * ip[x]
                margin = 2.0 * ((1.0 + focus) * slope[x] + 2.0 * _U * ip[x])
                redo[x] |= (abs(gap) <= margin) & (slope[x] > 0.0)


@numba.njit(inline="always", error_model="numpy")
def _largest(acc, amax):
    """amax[x] = max_j |acc[j, x]| (a select: numba's max() is a call LLVM does not vectorise)."""
    N, X = acc.shape
    for x in range(X):
        amax[x] = 0.0
    for j in range(N):
        for x in range(X):
            a = abs(acc[j, x])
            amax[x] = a if a > amax[x] else amax[x]


@cached(error_model="numpy")
def _focus_mask(acc, focus, amax):
    """The focus modifier: on each pair x (neuron, lane), only the sums with |a_j| >= focus max_j |a_j|
    keep their sign; the others become 0 (no pulse). The largest always stays (focus < 1)."""
    _largest(acc, amax)
    N, X = acc.shape
    for j in range(N):
        for x in range(X):
            a = acc[j, x]
            acc[j, x] = a if abs(a) >= focus * amax[x] else 0.0


@cached(error_model="numpy")
def _evaluate_exact(lane, W, Gp, Gm, V, label, beta, t_hi, t_lo, read, zr, gated, f, acc, D):
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
            fi, s2 = tanh_sech2(beta * _neuron_current(i_plus, i_minus, read, zr[n, x]))
            f[n, x] = fi
            if label[n, i] == 1:
                goal = t_hi
                met = fi > t_hi
                if not met:
                    good = False
                    total += t_hi - fi
            else:
                goal = t_lo
                met = fi < t_lo
                if not met:
                    good = False
                    total += fi - t_lo
            D[n, i] = 0.0 if gated and met else _error_signal(goal, fi, beta, s2)
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


# --------------------------------------------------------------------------- the online rule

@cached(error_model="numpy")
def _online_epoch(dg, model, sigma, form, drawn, refresh, gain, keys, gid, stamp, go, exact, V, goal, sign, beta,
                  read, gated, M, W, order, vstep, gstep, sstep, zs, zread, step, ip, im, acc, update, state, hits,
                  resets, gmin, direction, value, zq, index, value1, stop):
    """One epoch of the online rule on every lane with go = 1: the P patterns one at a time.

    Each lane takes its patterns in the order of its trial's `order` stream for this epoch
    (:func:`shuffle_step`). For pattern n, every weight gets the pulse sgn(delta_i(n) V_j(n)),
    delta as in the batch rule (0 for a met pattern if `gated`); as beta / cosh^2 > 0, that is
    sgn(f^g - f) sgn(V_j), and no pulse where 1/cosh^2 underflows to 0. A decision within the
    fast path's error of its target is made on the exact path. Its random draws: see "random
    draws" above. The pulses move the general model's state, or, without it, the
    reference model's (:func:`_apply_pulses`; index and value1 its scratch). The general model
    and read noise are constants of each compiled copy, as in :func:`_train_range`. It returns
    unfinished, between patterns, once ``stop[0]`` is nonzero (as :func:`_epoch` does).
    """
    P, N = V.shape
    X = M * W
    general = _GENERAL  # constants of each compiled copy
    reads = _READS
    two_way = _TWO_WAY
    k0 = keys[2, 0]
    k1 = keys[2, 1]
    for lane in range(W):
        for n in range(P):
            order[lane, n] = n
    for t in range(P - 1, 0, -1):
        # The draws of every lane in one vector loop (Philox is most of the work), the swaps after.
        for lane in range(W):
            zs[lane] = _shuffle_draw(k0, k1, gid[lane], stamp[lane], t)
        for lane in range(W):
            if go[lane]:
                k = min(int(zs[lane]), t)
                held = order[lane, t]
                order[lane, t] = order[lane, k]
                order[lane, k] = held
    for i in range(M):
        for lane in range(W):
            update[i * W + lane] = go[lane]
    m, eta, s, G = state[0], state[4], state[9], state[10]
    mp, mm, sp, sm, Gp, Gm = m[0], m[1], s[0], s[1], G[0], G[1]
    low = model[4][0]
    high = model[4][1]
    lean = _lean(two_way, drawn, refresh, sigma, form)
    for t in range(P):
        if stop[0] != 0:
            return
        for i in range(M):
            for lane in range(W):
                x = i * W + lane
                n = order[lane, t]
                gstep[x] = goal[n, x]
                sstep[x] = sign[n, x]
                for j in range(N):
                    vstep[j, x] = V[n, j]
        if reads:
            _fill_normals(keys[1], gid, stamp, (P * M + 3) // 4 + t * ((M + 3) // 4), M, zread)
            for i in range(M):
                for lane in range(W):
                    zs[i * W + lane] = zread[i, lane]
        for x in range(X):
            ip[x] = vstep[0, x] * Gp[0, x]
            im[x] = vstep[0, x] * Gm[0, x]
        for j in range(1, N):
            for x in range(X):
                ip[x] += vstep[j, x] * Gp[j, x]
                im[x] += vstep[j, x] * Gm[j, x]
        for x in range(X):
            fi, s2, far = tanh_sech2_fast(beta * _neuron_current(ip[x], im[x], read, zs[x]))
            gap = sstep[x] * (fi - gstep[x])
            close = far | (abs(gap) <= TANH_ERROR) | exact
            rise = gstep[x] - fi
            sgn = 1.0 if rise > 0.0 else (-1.0 if rise < 0.0 else 0.0)
            step[x] = 2.0 if close else (0.0 if (gated and gap > 0.0) or s2 == 0.0 else sgn)
        for x in range(X):
            if step[x] == 2.0:
                fi, s2 = tanh_sech2(beta * _neuron_current(ip[x], im[x], read, zs[x]))
                rise = gstep[x] - fi
                met = sstep[x] * (fi - gstep[x]) > 0.0
                sgn = 1.0 if rise > 0.0 else (-1.0 if rise < 0.0 else 0.0)
                step[x] = 0.0 if (gated and met) or s2 == 0.0 else sgn
        for j in range(N):
            for x in range(X):
                acc[j, x] = step[x] * vstep[j, x]
        first_block = t * ((N * M * (2 if two_way else 1) + 3) // 4)
        if not general or (lean and sigma == 0.0):  # as in _train_range
            _apply_pulses(dg, gain, mp, mm, sp, sm, Gp, Gm, acc, update, index, value1, gmin)
        elif lean:
            _fill_normals(keys[0], gid, stamp, first_block, N * M, zq)
            _noisy_pulses(dg, gain, sigma, low, high, M, W, acc, update, m, eta, s, G, hits, gmin, index, value[0],
                          value[1], zq)
        else:
            _apply_general(model, sigma, form, refresh, gain, keys[0], gid, stamp, first_block, M, W, acc, update,
                           state, hits, resets, gmin, direction, value, zq)


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


@numba.njit(inline="always", error_model="numpy")
def _load_general(lane, W, b, offsets, static, model, gain, state, hits, resets, gmin):
    """Put trial b, unpulsed, into `lane` of the general model's state (layout as :func:`_load`)."""
    tab, env, first, last, bounds, guide, scale = model
    window, rate, stuck_of = static
    m, down, pos, branch, eta, level, w, r, stuck, s, G, listed = state
    drawn = window.shape[0] > 0
    N, C = offsets.shape[1:]
    for i in range(C // 2):
        x = i * W + lane
        hits[x] = 0
        resets[x] = 0
        gmin[x] = np.inf
        for j in range(N):
            for side in range(2):
                c = 2 * i + side
                wv = window[b, j, c] if drawn else 1.0
                code = stuck_of[b, j, c] if drawn else 0
                s[side, j, x] = offsets[b, j, c]
                m[side, j, x] = 0
                down[side, j, x] = 0
                pos[side, j, x] = 0.0
                branch[side, j, x] = 0
                eta[side, j, x] = 0.0
                w[side, j, x] = wv
                r[side, j, x] = rate[b, j, c] if drawn else 1.0
                stuck[side, j, x] = code
                y = wv * (bounds[0] if code == 1 else (bounds[1] if code == 2 else tab[first[0]]))
                level[side, j, x] = y
                G[side, j, x] = gain * (y + s[side, j, x])
                gmin[x] = min(gmin[x], G[side, j, x])


@cached(nogil=True, error_model="numpy")
def _train_range(lo, hi, W, dg, offsets, V, label, setting, rule, model, static, noise, ids, exact, record, out,
                 hist, stop):
    """Train trials lo ... hi-1 through one block of W lanes, refilling lanes as trials end.

    The block checks ``stop[0]`` before each of its epochs and returns, its trials unfinished,
    once it is nonzero (Ctrl-C: the caller sets it, see :func:`crossbar.training.engine`).

    setting = (beta, t+, t-, K, max_epochs); rule = (general, gated, online, two_way, refresh)
    flags and focus (THETA, 0.0 for none); model = the general model's tables; static = per-device (window, rate, stuck) draws
    (empty arrays when none); noise = (sigma, read, keys, form): the cycle-to-cycle step (in S for
    the additive and bounded forms, a fraction of the pulse's nominal step for the proportional
    one), the relative read noise, the stream keys (c2c, read, order) and the noise form (0
    additive, 1 proportional, 2 bounded; see _apply_general); ids the trials' numbers.

    What kind of run this is (the general model, the online rule, read noise, a focus) is read
    from the module's constants, not from `rule` and `noise`: each kind runs a copy of this
    function compiled with its own constants, without the code the others need (see
    :func:`_compiled`).
    """
    beta, t_hi, t_lo, gain, max_epochs = setting
    _, gated, _, _, refresh, focus = rule
    sigma, read, keys, form = noise
    general = _GENERAL  # the kind of run: constants of each compiled copy
    online = _ONLINE
    reads = _READS
    focused = _FOCUSED
    m_out, down_out, conv_out, epochs_out, err_out, f_out, redone_out, G_out, hits_out, resets_out, gmin_out = out
    hist_m, hist_G, hist_f, hist_err = hist
    B, N, C = offsets.shape
    P, M = label.shape
    X = M * W
    drawn = static[0].shape[0] > 0  # window factors, rates and stuck states of each device
    lean = _lean(_TWO_WAY, drawn, refresh, sigma, form)
    reach = 0.0  # max|V| (1 + max|t|): a bound on |delta V| / (beta sech2)
    for n in range(P):
        for j in range(N):
            reach = max(reach, abs(V[n, j]))
    reach *= 1.0 + max(abs(t_hi), abs(t_lo))
    # Arrays are made by np.zeros alone, floats without a dtype, integers as int64: numba compiles
    # an allocation once per function, dimension and dtype argument (0.1-0.3 s each, at a first call).
    twin = np.zeros(P, np.int64)  # see _epoch; none with read noise
    for n in range(P):
        twin[n] = -1
        for n0 in range(n):
            same = read == 0.0 and twin[n0] == -1
            j = 0
            while same and j < N:  # to the first difference: all N of P^2 / 2 pairs took a second on MNIST
                same = V[n, j] == -V[n0, j]
                j += 1
            if same:
                twin[n0] = n
                twin[n] = -2
                break
    evaluated = 0
    for n in range(P):
        evaluated += twin[n] != -2
    computed = np.zeros(evaluated, np.int64)  # the patterns _epoch evaluates
    evaluated = 0
    for n in range(P):
        if twin[n] != -2:
            computed[evaluated] = n
            evaluated += 1
    goal = np.zeros((P, X))
    sign = np.zeros((P, X))
    for n in range(P):
        for i in range(M):
            for lane in range(W):
                goal[n, i * W + lane] = t_hi if label[n, i] == 1 else t_lo
                sign[n, i * W + lane] = 1.0 if label[n, i] == 1 else -1.0
    # Stacked (2, N, X) state: side 0 the G+ devices, side 1 the G- devices, [side, j, i W + lane].
    m = np.zeros((2, N, X), np.int64)  # potentiating pulses
    s = np.zeros((2, N, X))  # offsets, S
    G = np.zeros((2, N, X))  # conductances, S
    mp, mm, sp, sm, Gp, Gm = m[0], m[1], s[0], s[1], G[0], G[1]
    if general or online:
        NG = N if general else 0  # the general model's own state
        state = (m, np.zeros((2, NG, X), np.int64), np.zeros((2, NG, X)), np.zeros((2, NG, X), np.int64),
                 np.zeros((2, NG, X)), np.zeros((2, NG, X)), np.zeros((2, NG, X)), np.zeros((2, NG, X)),
                 np.zeros((2, NG, X), np.int64), s, G, np.zeros(X, np.int64))  # last: _two_way_pulses' list
        state[6][:] = 1.0  # window factors and rates
        state[7][:] = 1.0
        down = state[1]
        eta = state[4]
    low = model[4][0]  # the lowest and highest rise of the device's branches
    high = model[4][1]
    hits = np.zeros(X, np.int64)
    resets = np.zeros(X, np.int64)
    gmin = np.zeros(X)
    direction = np.zeros((2, X), np.int64)
    value2 = np.zeros((4, X))  # the moving devices' curve values per side, then their c2c normals
    zq = np.zeros((4 * ((2 * N * M + 3) // 4), W))  # the normals of one update
    zread = np.zeros((4 * ((P * M + 3) // 4), W))  # the normals of one evaluation
    f = np.zeros((P, X))
    d = np.zeros((P, X))
    acc = np.zeros((N, X))
    ok = np.zeros(X, np.int64)
    redo = np.zeros(X, np.int64)
    slope = np.zeros(X)
    ip = np.zeros(X)
    im = np.zeros(X)
    zr = np.zeros((P, X))  # read-noise draws of the current evaluation
    update = np.zeros(X, np.int64)
    index = np.zeros(X, np.int64)
    value = np.zeros(X)
    D = np.zeros((P, M))
    order = np.zeros((W, P), np.int64)
    vstep = np.zeros((N, X))
    gstep = np.zeros(X)
    sstep = np.zeros(X)
    zs = np.zeros(X)
    step = np.zeros(X)
    trial = np.zeros(W, np.int64)
    gid = np.zeros(W, np.int64)  # the trial's number, for its random streams
    trial[:] = -1
    gid[:] = -1
    epoch = np.zeros(W, np.int64)
    stamp = np.zeros(W, np.int64)  # the epoch an update follows
    go = np.zeros(W, np.int64)
    lane_close = np.zeros(W, np.int64)
    lane_met = np.zeros(W, np.int64)
    special_lanes = np.zeros(W, np.int64)
    following = lo
    for lane in range(W):
        if following < hi:
            if general:
                _load_general(lane, W, following, offsets, static, model, gain, state, hits, resets, gmin)
            else:
                _load(lane, W, following, offsets, dg, gain, mp, mm, sp, sm, Gp, Gm)
            trial[lane] = following
            gid[lane] = ids[following]
            following += 1
    running = min(W, hi - lo)
    while running > 0:
        if stop[0] != 0:  # one load per block epoch: asked to stop, the outputs are left unfinished
            return
        if reads:
            _fill_normals(keys[1], gid, epoch, 0, P * M, zread)
            for n in range(P):
                for i in range(M):
                    for lane in range(W):
                        zr[n, i * W + lane] = zread[n * M + i, lane]
        if not exact:
            _epoch(Gp, Gm, V, twin, computed, goal, sign, beta, reach, read, zr, gated, focus, f, d, acc, ok, redo,
                   slope, ip, im, stop)
            if stop[0] != 0:  # the epoch was cut short: its sums are partial
                return
        # Per lane: a decision too close to call on any neuron, and every target met.
        for lane in range(W):
            lane_close[lane] = 0
            lane_met[lane] = 1
        if not exact:
            for i in range(M):
                for lane in range(W):
                    lane_close[lane] |= redo[i * W + lane]
                    lane_met[lane] &= ok[i * W + lane]
        # Most lanes just go on to their next epoch: that in one vector loop; the lanes with
        # something to do (an empty lane, a trial at its end, a close decision, a record) after.
        keep = exact or record
        n_special = 0
        for lane in range(W):
            e = epoch[lane]
            special = keep | (trial[lane] >= 0) & ((lane_met[lane] != 0) | (lane_close[lane] != 0) | (e == max_epochs))
            go[lane] = 0 if special | (trial[lane] < 0) else 1
            stamp[lane] = stamp[lane] if special else e
            epoch[lane] = e if special else e + 1
            special_lanes[n_special] = lane  # a list of the special lanes, without a branch
            n_special += special
        for k in range(n_special):
            if stop[0] != 0:  # the exact path evaluates every pattern lane by lane: a long wait on a large task
                return
            lane = special_lanes[k]
            b = trial[lane]
            if b < 0:
                continue
            met = lane_met[lane] != 0
            total = -1.0  # the total error, only worked out for a record or a trial's end
            if exact or lane_close[lane]:
                met, total = _evaluate_exact(lane, W, Gp, Gm, V, label, beta, t_hi, t_lo, read, zr, gated, f, acc, D)
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
                gmin_out[b] = np.inf
                for i in range(M):
                    x = i * W + lane
                    if general:
                        hits_out[b] += hits[x]
                        resets_out[b] += resets[x]
                        gmin_out[b] = min(gmin_out[b], gmin[x])
                    for j in range(N):
                        m_out[b, j, 2 * i] = mp[j, x]
                        m_out[b, j, 2 * i + 1] = mm[j, x]
                        G_out[b, j, 2 * i] = Gp[j, x]
                        G_out[b, j, 2 * i + 1] = Gm[j, x]
                        if general:
                            down_out[b, j, 2 * i] = down[0, j, x]
                            down_out[b, j, 2 * i + 1] = down[1, j, x]
                for n in range(P):
                    for i in range(M):
                        f_out[b, n, i] = f[n, i * W + lane]
                if following < hi:
                    if general:
                        _load_general(lane, W, following, offsets, static, model, gain, state, hits, resets, gmin)
                    else:
                        _load(lane, W, following, offsets, dg, gain, mp, mm, sp, sm, Gp, Gm)
                    trial[lane] = following
                    gid[lane] = ids[following]
                    epoch[lane] = 0
                    following += 1
                else:
                    trial[lane] = -1
                    gid[lane] = -1
                    running -= 1
            else:
                go[lane] = 1
                stamp[lane] = e
                epoch[lane] = e + 1
        if online:
            _online_epoch(dg, model, sigma, form, drawn, refresh, gain, keys, gid, stamp, go, exact, V, goal, sign,
                          beta, read, gated, M, W, order, vstep, gstep, sstep, zs, zread, step, ip, im, acc, update,
                          state, hits, resets, gmin, direction, value2, zq, index, value, stop)
            continue  # to the stop check
        for i in range(M):
            for lane in range(W):
                update[i * W + lane] = go[lane]
        if focused:  # on the final sums: the fast path's, or the exact path's where it redid
            _focus_mask(acc, focus, ip)
        if not general or (lean and sigma == 0.0):
            _apply_pulses(dg, gain, mp, mm, sp, sm, Gp, Gm, acc, update, index, value, gmin)
        elif lean:
            _fill_normals(keys[0], gid, stamp, 0, N * M, zq)
            _noisy_pulses(dg, gain, sigma, low, high, M, W, acc, update, m, eta, s, G, hits, gmin, index, value2[0],
                          value2[1], zq)
        else:
            _apply_general(model, sigma, form, refresh, gain, keys[0], gid, stamp, 0, M, W, acc, update, state, hits,
                           resets, gmin, direction, value2, zq)


# The kind of run a compiled copy of the driver serves: the functions as written serve every kind,
# and _compiled compiles copies of them in which these are fixed.
_GENERAL = True  # the general device model (else the reference model)
_ONLINE = True  # the online rule (else a batch rule)
_TWO_WAY = True  # two-way pulses
_READS = True  # read noise
_FOCUSED = True  # the focus modifier
_KIND = ("_GENERAL", "_ONLINE", "_TWO_WAY", "_READS", "_FOCUSED")
#: The functions compiled per kind: the constants each reads itself, and the copied functions it calls.
_COPIED = {
    "_apply_pulses": (("_GENERAL",), ()),
    "_apply_general": (("_TWO_WAY",), ("_apply_pulses",)),
    "_epoch": (("_READS", "_FOCUSED"), ()),
    "_online_epoch": (("_GENERAL", "_READS", "_TWO_WAY"), ("_apply_pulses", "_apply_general")),
    "_train_range": (_KIND, ("_epoch", "_online_epoch", "_apply_pulses", "_apply_general")),
}


def _reads(name):
    """The constants a copied function depends on: its own and its callees'."""
    own, callees = _COPIED[name]
    return set(own).union(*(_reads(callee) for callee in callees))


def _compiled(name, kind):
    """The function `name` compiled for one kind of run, kind = the values of _KIND: only the
    code that kind runs.

    Copies of the function (the same code) see the kind as module constants, and numba drops
    the branches that a constant rules out before it types them: the first call at DEFAULT (the
    reference model and the batch rule) compiles none of the general model, the online rule,
    read noise or the focus. (A flag passed as an argument, even as a literal, is typed on both
    branches.) A copy depends only on the constants it and its callees read, so kinds that
    differ elsewhere share it.
    """
    reads = _reads(name)
    return _compiled_copy(name, tuple((c, v) for c, v in zip(_KIND, kind) if c in reads))


#: The compiled copies made so far, by (function name, constants).
COPIES = {}
_COPYING = threading.RLock()  # runs started from several threads make each copy once


def _compiled_copy(name, constants):
    """`name` compiled with the module constants `constants` ((name, value) pairs), calling the
    copies of its callees for the same constants.

    The copy's name (``_train_range.general.online``, ``_epoch.base``, ...) is the one numba's
    cache keeps it under on disk, stamped with this file as every other function of the kernel.
    """
    with _COPYING:
        if (name, constants) in COPIES:
            return COPIES[name, constants]
        scope = dict(globals(), **dict(constants))
        kind = tuple(dict(constants).get(c, False) for c in _KIND)
        for callee in _COPIED[name][1]:
            scope[callee] = _compiled(callee, kind)
        function = globals()[name].py_func
        copy = type(function)(function.__code__, scope, function.__name__, function.__defaults__)
        on = [c[1:].lower() for c, value in constants if value]
        copy.__qualname__ = ".".join([function.__qualname__] + (on or ["base"]))  # never the function's own name
        copy.__doc__ = function.__doc__
        COPIES[name, constants] = cached(nogil=True, error_model="numpy")(copy)
        return COPIES[name, constants]


def train_kernel(dg, offsets, V, label, setting, rule, model, static, noise, ids, exact, record, ranges, lanes, out,
                 hist, stop):
    """Train every trial of `offsets`; trial ranges ``ranges[k] ... ranges[k+1]-1`` run in parallel.

    Arguments as :func:`_train_range`; `out` = (pulse counts up, down, converged, epochs, total
    error, activations, exact epochs, conductances, bound hits, resets, lowest conductance) per
    trial, `hist` = (pulse counts, conductances, activations, total error) per trial and epoch.
    redone_out[b] counts the epochs of trial b that the fast path handed to the exact one.
    `stop` (int64, 1): set ``stop[0]`` nonzero from another thread and every range returns
    before its next epoch, leaving its trials unfinished (Ctrl-C, see
    :func:`crossbar.training.engine.interruptible`).

    The range is compiled for the kind of run (:func:`_compiled`). One thread per range:
    the compiled range releases the GIL. Not a ``numba.prange``: its parallel lowering optimised
    and compiled the whole kernel again, into the gufunc, a third of a first call's compile time.
    """
    general, gated, online, two_way, refresh, focus = rule
    train_range = _compiled("_train_range", (bool(general), bool(online), bool(two_way), noise[1] != 0.0, focus > 0.0))

    def run(k):
        train_range(ranges[k], ranges[k + 1], lanes, dg, offsets, V, label, setting, rule, model, static, noise, ids,
                    exact, record, out, hist, stop)

    parts = ranges.size - 1
    if parts == 1:
        run(0)
        return
    with ThreadPoolExecutor(parts) as pool:
        for done in [pool.submit(run, k) for k in range(parts)]:
            done.result()
