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

import os
import signal
import socket
import threading

import numba
import numpy as np

from ..devices import NONE
from ..devices.variation import NOISE_FORMS, kernel_key, sample_static
from ..interrupts import beside
from ..numbers import flag
from ..tasks import diagonals_training
from . import checks, physics
from .kernel import LANES, train_kernel
from .results import BatchResult
from .setting import DEFAULT
from .units import check_units, effective_setting, scale_factor, scaled_offsets

__all__ = ["train_batch", "device_tables", "needs_general_model", "reads_depression", "interruptible"]


def _check_shapes(offsets, patterns):
    N, C = offsets.shape[-2:]
    if C % 2 or C == 0:
        raise ValueError(f"offsets need an even number of columns (G+/G- pairs), got {C}")
    if N != patterns.n_inputs or C != 2 * patterns.n_neurons:
        raise ValueError(
            f"offsets have shape (N={N}, C={C}) but the patterns need N={patterns.n_inputs} inputs "
            f"and C={2 * patterns.n_neurons} columns (2 per neuron)"
        )


#: The fewest trials a thread is given a range of when there are fewer trials than full blocks.
MIN_RANGE = 4
#: Multiply-adds of all the trials of one epoch (trials x P N C) from which a call of fewer trials
#: than full blocks is worth a second thread: below it, starting the thread costs more than it saves.
SPLIT_WORK = 50_000


def _ranges(trials, threads, work=SPLIT_WORK):
    """(boundaries of the contiguous trial ranges the threads take, lanes of each block).

    Enough trials fill a block of :data:`~crossbar.training.kernel.LANES` lanes on every thread.
    Fewer are shared out between the threads (at least :data:`MIN_RANGE` each) when an epoch of
    theirs is `work` >= :data:`SPLIT_WORK` multiply-adds per trial times the trials, and each block
    is cut to its range, rounded up to 4 lanes: a lane without a trial costs as much as one with, so
    10 trials of the digits run 13 times faster than in blocks of 96 (``benchmarks/README.md``).
    A trial's result does not depend on its lane or its thread.
    """
    parts = -(-trials // LANES)
    if trials < threads * LANES and trials * work >= SPLIT_WORK:
        parts = -(-trials // MIN_RANGE)
    parts = max(1, min(threads, parts))
    bounds = np.linspace(0, trials, parts + 1).round().astype(np.int64)
    widest = int(np.diff(bounds).max()) if trials else 1
    return bounds, min(LANES, 4 * -(-widest // 4))


GUIDE_BUCKETS_PER_POINT = 8  # buckets of a switch's guide table per point of the longer branch
GUIDE_BUCKETS_MAX = 1 << 16  # and at most this many (1 MiB for both branches)


def device_tables(device):
    """The general model's tables of `device`: (tab, env, first, last, bounds, guide, scale),
    see the kernel.

    tab holds the rises g - g(0) of the potentiation branch, then of the depression branch (a
    one-way device gets a flat stand-in, never read); env their running max, then running min;
    bounds the lowest and highest rise of the branches the device has. guide (2, B) and scale
    (2,) are the guide table of :func:`crossbar.training.kernel._switch_position`: branch b's
    rises from env at its start onwards fall in B buckets of width 1 / |scale[b]| (scale[b] < 0
    on the falling branch), and guide[b, k] is the last point of branch b that
    has not reached the first rise of bucket k (an index into env, at most the branch's
    second-last point). B is 8 per point of the longer branch (finer made no faster switch),
    at most GUIDE_BUCKETS_MAX.
    """
    up = device.conductance - device.conductance[0]
    down = (device.depression - device.conductance[0]) if device.two_way else np.full(2, up[-1])
    tab = np.concatenate([up, down])
    env = np.concatenate([np.maximum.accumulate(up), np.minimum.accumulate(down)])
    first = np.array([0, up.size], np.int64)
    last = np.array([up.size - 1, up.size + down.size - 1], np.int64)
    used = tab if device.two_way else up
    buckets = min(GUIDE_BUCKETS_PER_POINT * max(up.size, down.size), GUIDE_BUCKETS_MAX)
    guide = np.empty((2, buckets), np.int64)
    scale = np.zeros(2)
    for b, sign in enumerate((1.0, -1.0)):  # rising, falling: as -env, the falling one rises too
        rising = sign * env[first[b]:last[b] + 1]
        span = rising[-1] - rising[0]
        scale[b] = sign * buckets / span if span > 0 else 0.0
        starts = rising[0] + np.arange(buckets) * (span / buckets)
        # The last point below each bucket's first rise, kept off the branch's last point (the
        # scan reads the point after it) and never before its first.
        below = np.searchsorted(rising, starts, side="left") - 1
        guide[b] = first[b] + np.clip(below, 0, rising.size - 2)
    return tab, env, first, last, np.array([used.min(), used.max()]), guide, scale


def _noise_step(nonideal, device):
    """The kernel's sigma: c2c x window in S, or for the proportional form c2c itself (a fraction of
    each pulse's nominal step)."""
    if nonideal.c2c_form == "proportional":
        return float(nonideal.c2c)
    return float(nonideal.c2c * device.window)


def _of_kind(call, kind):
    """`call`, marked with the kind of run it compiles for (:func:`interruptible`)."""
    call.kind = kind
    return call


def interruptible(call):
    """``call(stop)``, a compiled kernel polling ``stop[0]``, so that Ctrl-C ends it within an epoch.

    Python runs signal handlers between bytecodes of the main thread, never inside compiled
    code: a kernel called from the main thread took Ctrl-C only when it returned, minutes later.
    The signal itself is seen at once, by CPython's C handler, which writes its number to the
    wakeup file descriptor (:func:`signal.set_wakeup_fd`). So for the length of the call the
    wakeup descriptor is a socket that a watcher thread reads: on SIGINT it sets ``stop[0]``
    (the kernel releases the GIL, so the watcher can run), the kernel returns from its current
    epoch, and the KeyboardInterrupt of Python's handler is raised as the main thread leaves
    the kernel. Elsewhere (a worker's thread, a kernel subshell, SIGINT ignored) no signal
    arrives, and the kernel is simply called.

    On the main thread the call itself runs on a thread of its own while the main thread waits
    (:func:`crossbar.interrupts.beside`): the first call of a kind of run compiles its kernel, about 25 s of numba's
    typing and LLVM's passes with an empty cache, and a Ctrl-C landing inside that (Python code
    and ctypes callbacks on the main thread) came 1-1.5 s late, was swallowed by llvmlite's
    callback with "Exception ignored ... KeyboardInterrupt" while the compile ran on for 30 s,
    or broke numba's compile into "internal error: RuntimeError: no compiled object yet". The
    waiting thread takes the KeyboardInterrupt at once; the compile is left to the end of the
    process (numba writes each cache file whole), or to finish in the background in a notebook.
    Once a call marked with a ``kind`` attribute (the kind of run, which decides the compiled
    code) has returned, the kernel of that kind is compiled and later calls of that kind are made
    on the calling thread.
    """
    stop = np.zeros(1, np.int64)
    if threading.current_thread() is not threading.main_thread() or not callable(signal.getsignal(signal.SIGINT)):
        call(stop)
        return
    watcher = _Watcher.get()
    previous = None
    try:
        previous = signal.set_wakeup_fd(watcher.fileno, warn_on_full_buffer=False)
        watcher.arm(stop, previous)
        beside(lambda: call(stop), stop, getattr(call, "kind", None))
    finally:
        watcher.disarm()
        if previous is not None:  # a Ctrl-C before the descriptor was ours leaves it as it was
            signal.set_wakeup_fd(previous)
    if stop[0]:  # the handler of SIGINT ran and raised nothing: the run is unfinished all the same
        raise KeyboardInterrupt


class _Watcher:
    """The thread that reads the wakeup socket while a kernel runs, and stops it on SIGINT."""

    _one = None
    _lock = threading.Lock()

    @classmethod
    def get(cls):
        with cls._lock:
            if cls._one is None:
                cls._one = cls()
            return cls._one

    def __init__(self):
        self._read, self._write = socket.socketpair()
        self._write.setblocking(False)  # as set_wakeup_fd requires
        self.fileno = self._write.fileno()
        self._stop = None
        self._forward = -1
        threading.Thread(target=self._run, name="crossbar-interrupt-watcher", daemon=True).start()

    def arm(self, stop, previous):
        self._forward = previous
        self._stop = stop

    def disarm(self):
        self._stop = None
        self._forward = -1

    def _run(self):
        while True:
            try:
                data = self._read.recv(256)
            except OSError:  # pragma: no cover - the socket closed at interpreter exit
                return
            stop, forward = self._stop, self._forward
            if stop is not None and (signal.SIGINT in data or signal.SIGTERM in data):  # TERM: the command line's
                stop[0] = 1
            if forward != -1:  # whoever had the wakeup descriptor before still hears of its signals
                try:
                    os.write(forward, data)
                except OSError:
                    pass


def _needs_general_kernel(setting, nonideal):
    """Whether the kernel must keep the general model's state: the online rule alone moves
    devices as the reference model does (one-way, noiseless), so it runs on that model's state."""
    return bool(nonideal.any or setting.two_way or setting.refresh)


def reads_depression(setting, nonideal):
    """Whether a run of `setting` with `nonideal` can read a two-way device's depression branch.

    Two-way rules pulse devices along it and G_fix places its held devices by both branches' range;
    the refresh rule and every non-ideality run the general model, whose bounds (the extremes of both
    branches) stop noise steps, place stuck devices and bound the highest conductance reported. Any
    other run reads the potentiation branch alone: a depression branch changes none of its numbers.
    """
    return bool(setting.two_way or setting.fixed or setting.refresh or nonideal.any)


def needs_general_model(setting, nonideal):
    """Whether a run goes beyond the reference model and rule, so that its results carry the
    general model's counts (depression and reset pulses, bound hits; zero where they cannot occur)."""
    return _needs_general_kernel(setting, nonideal) or bool(setting.online)


def train_batch(device, offsets, setting=DEFAULT, patterns=None, *, nonideal=NONE, seed=0, trials=None,
                history=False, exact=False, general=None, units="relative", unphysical="refuse") -> BatchResult:
    """Train B crossbars with the setting's rule (the batch Manhattan rule by default).

    Parameters
    ----------
    device : DeviceCurve
        Conductance-vs-pulse curve(s) shared by every device.
    offsets : array_like (B, N, C) or (N, C)
        Device-to-device offsets s, S (on the embedded device's scale in relative units). (N, C)
        is one trial; B = 0 is refused (an empty batch has no convergence rate).
    setting : TrainingSetting
    patterns : PatternSet, optional
        Training set; default :func:`crossbar.patterns.diagonals_training`.
    nonideal : Nonidealities
        Non-idealities of the devices (default: none, the reference model).
    seed : int
        Seed of the non-idealities' streams (the offsets are drawn by the caller, usually from
        the same seed).
    trials : array_like of int (B,), optional
        The trials' numbers in their seed's streams (default 0 ... B-1): trial k draws the same
        noise whatever batch it is in.
    history : bool
        Record the state of every epoch (memory grows as B · E).
    exact : bool
        Evaluate every epoch on the exact (libm) path instead of the vectorised one. The
        pulse counts are the same either way (the fast path hands every close decision to
        the exact one); the activations and total errors then equal the exact path's to the
        last bit rather than to about 1e-15. Histories are always recorded exactly.
    general : bool, optional
        Run on the general device model even when the reference one would do (it gives the
        same results; for tests). Default: only when needed, for non-idealities and for the
        two-way and refresh rules; False when it is needed raises ValueError.
    units : {"relative", "absolute"}
        "relative" (default): β and the offsets are on the embedded device's scale and are
        scaled by r = W / W_ref to this device's window (:mod:`crossbar.training.units`; r = 1
        on the embedded device and the presets); "absolute": as given, β in 1/A, s in S.
    unphysical : {"refuse", "report"}
        "refuse" (default): offsets that start a device, or take it at the top of its curve,
        outside the physical range 1e-15 ... 1 S are a ValueError before any work
        (:func:`crossbar.training.checks.check_conductances`). "report": train them anyway, and
        report each trial's lowest and highest conductance and whether it stayed physical, a
        window factor drawn past the range included (a study does so, so that one rare draw flags
        its trial rather than stopping the study).
        The check is made on the offsets the devices get (r s).

    Returns
    -------
    BatchResult
        Its ``setting`` and ``offsets`` are what the devices got (β / r, r s); ``nominal_setting``
        is the setting as given, ``scale`` is r. With ``min_conductance``, ``max_conductance``
        and ``physical`` per trial.
    """
    checks.check_model(device, setting, nonideal)
    history, exact, general = flag(history, "history"), flag(exact, "exact"), flag(general, "general", none=True)
    units = check_units(units)
    checks.check_patterns(patterns)
    patterns = diagonals_training() if patterns is None else patterns
    S = checks.offsets_array(offsets)
    if S.ndim == 2:
        S = S[np.newaxis]
    if S.ndim != 3:
        raise ValueError(f"offsets must have shape (B, N, C) or (N, C), got {np.shape(offsets)}")
    if S.shape[0] == 0:  # no crossbar has no convergence rate (it would be nan), as train_networks says too
        raise ValueError(f"offsets hold no trial (shape {S.shape}): expected at least one crossbar, B >= 1")
    unphysical = checks.check_unphysical(unphysical)
    _check_shapes(S, patterns)
    scale = scale_factor(device, units)
    given, S = S, np.ascontiguousarray(scaled_offsets(S, scale))
    if unphysical == "refuse":  # before beta's overflow, which a gain of 1e300 causes: the gain named (probe 16c C1)
        # named (probe 17c C1), as given, with r and what the devices get in relative units (probe 27c, C27-6)
        checks.check_conductances(device, setting.gain, given, gain_name="setting.gain", scale=scale)
    nominal, setting = setting, effective_setting(setting, scale)
    B, N, C = S.shape
    ids = np.arange(B, dtype=np.int64) if trials is None else checks.check_trials(trials)
    if ids.shape != (B,):
        raise ValueError(f"trials must give one number per trial: shape ({B},), got {ids.shape}")
    if unphysical == "refuse":  # a window_spread's factors too: the trials' own draws, held to 1 S at the top
        checks.check_window_draws(device, setting.gain, S, nonideal, seed, ids)
        window_outside = np.zeros(B, bool)
    else:  # the same check as a flag: such a trial is not physical (BatchResult.physical), as a study reports it
        window_outside = checks.window_draws_outside(device, setting.gain, S, nonideal, seed, ids)
    P, M = patterns.n_patterns, patterns.n_neurons
    checks.require_batch_memory(B, setting, (N, C), P, M, history)
    E = setting.max_epochs
    V = np.ascontiguousarray(patterns.voltages(setting.v_one, setting.v_zero))
    label = np.ascontiguousarray(patterns.labels)
    needed = _needs_general_kernel(setting, nonideal)
    if general is not None and not general and needed:
        # The reference kernel has no state for these: it would ignore the knobs, and two-way or
        # refresh pulses would write past its (empty) general-model arrays.
        raise ValueError(f"general=False, but rule {setting.rule!r} with non-idealities ({nonideal}) needs "
                         "the general device model; pass general=None or True")
    general = needed if general is None else bool(general)
    hb = B if history else 1  # the kernel needs arrays even when it records nothing
    he = E + 1 if history else 1
    out = (
        np.zeros((B, N, C), np.int64),  # potentiating pulses
        np.zeros((B, N, C), np.int64),  # depressing pulses
        np.zeros(B, np.bool_),  # converged
        np.zeros(B, np.int64),  # epochs
        np.zeros(B),  # total error
        np.zeros((B, P, M)),  # activations
        np.zeros(B, np.int64),  # epochs redone on the exact path
        np.zeros((B, N, C)),  # conductances
        np.zeros(B, np.int64),  # bound hits
        np.zeros(B, np.int64),  # reset pulses
        np.zeros(B),  # lowest conductance any device took
    )
    hist = (np.zeros((hb, he, N, C), np.int64), np.zeros((hb, he, N, C)), np.zeros((hb, he, P, M)),
            np.zeros((hb, he)))
    curve = np.ascontiguousarray(device.conductance)
    rise = curve - curve[0]  # g(k) - g(0), the table the reference model reads
    if nonideal.static:
        static = tuple(np.ascontiguousarray(a) for a in sample_static(nonideal, seed, ids, (N, C)))
    else:
        static = (np.ones((0, N, C)), np.ones((0, N, C)), np.zeros((0, N, C), np.int8))
    keys = np.stack([kernel_key(seed, e) for e in ("c2c", "read", "order")])
    tables = device_tables(device)
    interruptible(_of_kind(lambda stop: train_kernel(
        rise, S, V, label,
        (float(setting.beta), float(setting.target_high), float(setting.target_low), float(setting.gain), int(E)),
        (general, setting.gated, setting.online, setting.two_way, setting.refresh, float(setting.focus)),
        tables, static, (_noise_step(nonideal, device), float(nonideal.read_noise), keys,
                         NOISE_FORMS.index(nonideal.c2c_form)),
        ids, bool(exact or history), bool(history), *_ranges(B, numba.get_num_threads(), P * N * C), out, hist, stop,
    ), ("train_kernel", general, setting.online, setting.two_way, nonideal.read_noise != 0, setting.focus > 0)))
    up, down, converged, epochs, error, f, redone, G, hits, resets, gmin = out
    if general:
        gmax = _general_highest(tables[4], float(setting.gain), S, static, up + down)
    else:  # the kernel's G is physics.conductance's to the bit: the same rise table, sum, product
        gmin, gmax = physics.visited_conductance(curve, up, S, setting.gain)
    return BatchResult(
        converged=converged,
        epochs=epochs,
        pulse_count=up,
        offsets=S,
        conductance=G,
        activation=f,
        total_error=error,
        device=device,
        setting=setting,
        patterns=patterns,
        pulse_count_history=hist[0] if history else None,
        conductance_history=hist[1] if history else None,
        activation_history=hist[2] if history else None,
        error_history=hist[3] if history else None,
        exact_epochs=redone,
        depression_count=down,
        bound_hits=hits,
        reset_pulses=resets,
        min_conductance=gmin,
        max_conductance=gmax,
        nonideal=nonideal,
        units=units,
        scale=scale,
        nominal_setting=nominal,
        window_outside=window_outside,
    )


def _general_highest(bounds, gain, S, static, pulsed):
    """Per trial, the highest conductance a device of the general model can have taken, S.

    The general model keeps a device within its curve's bounds, scaled by its window factor
    (noise steps are cut there), so a device that was pulsed can have reached K (s + w high),
    a stuck one sits at its bound, and an unpulsed one stayed at K (s + 0). This bound is what
    is reported as the highest (the kernel tracks the lowest exactly, not the highest).
    """
    window, _, stuck = static
    if window.shape[0] == 0:  # no device-to-device draws: w = 1, nothing stuck
        window, stuck = np.ones_like(S), np.zeros(S.shape, np.int8)
    level = np.where(stuck == 1, bounds[0], np.where((stuck == 2) | (pulsed > 0), bounds[1], 0.0))
    with np.errstate(all="ignore"):
        high = gain * (window * level + S)
    return high.reshape(high.shape[0], -1 if high.size else 0).max(axis=1, initial=-np.inf)
