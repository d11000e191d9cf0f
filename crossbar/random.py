"""Counter-based random streams, one per trial.

Monte Carlo trial k must draw the same numbers whatever batch, chunk or
worker it runs in. A sequential generator cannot promise that cheaply, so
each draw is a pure function of ``(key, trial, index)``: the 128-bit key is
generated once from ``numpy.random.SeedSequence(seed)``, and the draw is
two rounds of a 64-bit avalanche mixer (the SplitMix64 finaliser) over the
key, the trial number and the draw index. Trial k's stream is the sequence
index = 0, 1, 2, ...; streams of different trials share no state.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np

from .interrupts import beside
from .jit import cached
from .numbers import MAX_INDEX, index_array, integer, shown, whole
from .resources import require_memory

__all__ = ["stream_key", "uniform", "standard_normal"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_ODD = np.uint64(0xD1B54A32D192ED03)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_TWO_M53 = 2.0**-53


def stream_key(seed):
    """The two 64-bit words that key every trial stream of one seed.

    Parameters
    ----------
    seed : int or numpy.random.SeedSequence
        Non-negative integer seed (or a SeedSequence).

    Returns
    -------
    ndarray of uint64, shape (2,)
    """
    if isinstance(seed, np.random.SeedSequence):
        sequence = seed
    else:
        if not whole(seed) or not 0 <= seed <= MAX_INDEX:
            raise ValueError(f"seed must be an integer from 0 to 2**63 - 1, got {shown(seed)}")
        sequence = np.random.SeedSequence(int(seed))
    return sequence.generate_state(2, np.uint64)


@numba.njit(inline="always")
def _mix(x):
    x = (x ^ (x >> np.uint64(30))) * _M1
    x = (x ^ (x >> np.uint64(27))) * _M2
    return x ^ (x >> np.uint64(31))


@numba.njit(inline="always")
def _uniform(key0, key1, trial, index):
    """One double in the open interval (0, 1) for draw `index` of `trial`."""
    x = _mix(key0 ^ (np.uint64(trial) * _GOLDEN))
    x = _mix(x ^ key1 ^ (np.uint64(index) * _ODD + _GOLDEN))
    return (np.float64(x >> np.uint64(11)) + 0.5) * _TWO_M53


@numba.njit(inline="always")
def _normal(key0, key1, trial, index):
    """Standard normal draw `index` of `trial` (Box-Muller on draws 2i, 2i+1)."""
    u1 = _uniform(key0, key1, trial, 2 * index)
    u2 = _uniform(key0, key1, trial, 2 * index + 1)
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


@cached(nogil=True)
def _fill_uniform(key, trials, out):
    for b in range(trials.size):
        for i in range(out.shape[1]):
            out[b, i] = _uniform(key[0], key[1], trials[b], i)


@cached(nogil=True)
def _fill_normal(key, trials, out):
    for b in range(trials.size):
        for i in range(out.shape[1]):
            out[b, i] = _normal(key[0], key[1], trials[b], i)


def _fill(fill, key, trials, out):
    """fill(key, trials, out) on numba's threads, a contiguous block of trials each (the compiled
    fill releases the GIL). Not a ``numba.prange``: its parallel lowering took 0.5 s more to compile,
    a part of every first call. Off the main thread, so that Ctrl-C during a first call's compile
    ends it at once (:func:`crossbar.interrupts.beside`)."""
    beside(lambda: _fill_threads(fill, key, trials, out), key=("fill", fill.py_func.__name__))


def _fill_threads(fill, key, trials, out):
    parts = max(1, min(numba.get_num_threads(), trials.size // 4096))
    if parts == 1:
        fill(key, trials, out)
        return
    bounds = np.linspace(0, trials.size, parts + 1).round().astype(np.int64)
    with ThreadPoolExecutor(parts) as pool:
        for done in [pool.submit(fill, key, trials[a:b], out[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]:
            done.result()


def _request(trials, size):
    """The trial numbers as uint64 and an empty (B, size) array for their draws, or an error naming `trials` or
    `size`: a float size was truncated (2.7 drew 2), "3" drew 3, and 10**13 draws raised a raw MemoryError."""
    t = index_array(trials, "trials")
    expected = "a number of draws per trial >= 0"
    size = integer(size, "size", expected)
    if size < 0:
        raise ValueError(f"size = {shown(size)}: expected {expected}")
    require_memory(8 * t.size * size, f"{t.size} trials x size = {shown(size)} draws", "draw fewer at once")
    return t.astype(np.uint64), np.empty((t.size, size))


def uniform(seed, trials, size):
    """Draws 0 ... size-1 of each trial's stream, uniform on (0, 1).

    Parameters
    ----------
    seed : int or SeedSequence
    trials : array_like of int, shape (B,)
        Trial numbers; row b holds trial ``trials[b]``'s draws.
    size : int
        Draws per trial.

    Returns
    -------
    ndarray, shape (B, size)
    """
    t, out = _request(trials, size)
    _fill(_fill_uniform, stream_key(seed), t, out)
    return out


def standard_normal(seed, trials, size):
    """Standard normal draws 0 ... size-1 of each trial's stream; see :func:`uniform`."""
    t, out = _request(trials, size)
    _fill(_fill_normal, stream_key(seed), t, out)
    return out
