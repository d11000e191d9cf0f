"""Checks on the arguments of the training entry points, made before any array is allocated.

Each check raises ``TypeError`` (wrong kind of object) or ``ValueError`` (wrong value) with a
message naming the argument; memory is estimated before the engine allocates it
(:func:`require_batch_memory`), so an impossible request is refused with its size.

The physical range (:data:`crossbar.devices.checks.CONDUCTANCE_RANGE`, 1e-15 ... 1 S) applies
to every conductance training makes, G = K (g(m) - g(0) + s): :func:`check_conductances` is
the one check of a device, a gain and the offsets the engine will see, before any work, and
:func:`check_distribution` applies it to what a distribution draws in every crossbar. What
training then visits is reported per trial (``BatchResult.physical``).
"""

from __future__ import annotations

import math

import numpy as np

from ..devices import (
    DeviceCurve,
    FixedOffsets,
    Lognormal,
    Nonidealities,
    NoOffsets,
    OffsetDistribution,
    RescaledExponential,
    RescaledLognormal,
)
from ..devices.checks import CONDUCTANCE_RANGE, outside_range, range_text
from ..devices.offsets import LOGNORMAL_Z
from ..numbers import MAX_INDEX, index, index_array, outside_text, real_array, word
from ..resources import require_memory
from ..tasks import PatternSet
from .setting import TrainingSetting

__all__ = ["check_device", "check_setting", "check_patterns", "check_index", "check_trials", "batch_bytes",
           "require_batch_memory", "one_crossbar_offsets", "offsets_array", "check_unphysical", "check_model",
           "MAX_INDEX", "check_conductances", "check_distribution", "highest_rise", "check_hidden_beta",
           "check_nonideal", "check_window_draws", "window_draws_outside"]


def check_device(device, name="device"):
    if not isinstance(device, DeviceCurve):
        raise TypeError(f"{name} must be a DeviceCurve (see crossbar.load_device), got {type(device).__name__}")


def check_setting(setting, name="setting"):
    if not isinstance(setting, TrainingSetting):
        raise TypeError(f"{name} must be a TrainingSetting, got {type(setting).__name__}")


def check_hidden_beta(setting, name="setting"):
    """A single crossbar has no hidden neurons: a hidden_beta for them would be ignored, so it is
    refused (the command line refuses --hidden-beta without --hidden likewise)."""
    if setting.hidden_beta and not setting.network:
        raise ValueError(f"{name}.hidden_beta = {setting.hidden_beta!r} sets the gain of hidden neurons, and "
                         f"{name}.hidden = 0 has none: give hidden > 0 for a network, or leave hidden_beta 0")


def check_model(device, setting, nonideal):
    """Device, setting and non-idealities of a run: their types, and a two-way rule only on a two-way device."""
    check_device(device)
    check_setting(setting)
    check_hidden_beta(setting)
    check_nonideal(nonideal)
    if setting.network:
        raise ValueError(f"setting with hidden = {setting.hidden} and rule {setting.rule!r} trains a network: "
                         "crossbar.networks.train_networks (or a Study) runs it, not the crossbar engine")
    if setting.two_way and not device.two_way:
        raise ValueError(f"rule {setting.rule!r} depresses devices, but device {device.name!r} has no "
                         "depression branch (load a two-way pulse train, or use a preset such as 'ag-si')")


def check_nonideal(nonideal, name="nonideal"):
    if not isinstance(nonideal, Nonidealities):
        raise TypeError(f"{name} must be Nonidealities, got {type(nonideal).__name__}")


def check_patterns(patterns, name="patterns", optional=True):
    """A PatternSet, or None where the entry point has a default (`optional`)."""
    if not (optional and patterns is None) and not isinstance(patterns, PatternSet):
        raise TypeError(f"{name} must be a PatternSet, got {type(patterns).__name__}")


def check_index(value, name):
    """`value` must be an integer 0 ... 2**63 - 1 (a seed or a trial number): :func:`crossbar.numbers.index`."""
    return index(value, name)


def check_trials(trials, name="trials", empty=True):
    """`trials` (an array of trial numbers) as int64, each 0 ... 2**63 - 1; floats and bools refused,
    and no trial at all unless `empty`."""
    trials = index_array(trials, name)
    if not (empty or trials.size):
        raise ValueError(f"{name} is empty: expected at least one trial number")
    return trials


def batch_bytes(trials, epochs, inputs, columns, patterns, neurons, history):
    """Peak memory of ``train_batch`` for B trials, bytes (inputs, outputs and, if kept, history)."""
    per_trial = 8 * (5 * inputs * columns + 2 * patterns * neurons + 8)
    if history:
        per_trial += 8 * (epochs + 1) * (2 * inputs * columns + patterns * neurons + 1)
    return float(trials) * per_trial


def require_batch_memory(trials, setting, shape, n_patterns, n_neurons, history):
    """Refuse a batch whose arrays (and history) will not fit in memory, naming the size."""
    nbytes = batch_bytes(trials, setting.max_epochs, shape[0], shape[1], n_patterns, n_neurons, history)
    if history:
        require_memory(nbytes, f"the history of {trials} trial(s) over setting.max_epochs = "
                               f"{setting.max_epochs} epochs",
                       "lower setting.max_epochs, or train without history (train_batch(..., history=False))")
    else:
        require_memory(nbytes, f"training {trials} trials at once", "train them in smaller batches")


def offsets_array(offsets):
    """``np.array(offsets, float64, ndmin=2)``: a TypeError naming `offsets` if it holds no real numbers, a
    ValueError if any is not finite (train_batch and the reference read offsets the same way). A distribution,
    which ``train`` takes, is refused with the way to draw its offsets (it was 'got object values')."""
    if isinstance(offsets, OffsetDistribution):
        raise TypeError(f"offsets: expected an array of offsets in siemens, (B, N, C) for train_batch, got "
                        f"{type(offsets).__name__}, a distribution (train() draws from one); draw the array with "
                        "crossbar.sample_offsets(distribution, seed, trials), or distribution.sample(seed, trials, "
                        "(N, C))")
    if isinstance(offsets, np.ndarray):  # a broadcast view or a memmap holds more than memory: refused before the copy
        require_memory(8 * offsets.size, f"offsets (shape {offsets.shape}, as float64)",  # probe 16c A2
                       "train fewer crossbars at a time")
    matrix = real_array(offsets, "offsets", "an array of offsets in siemens")
    if not np.all(np.isfinite(matrix)):
        raise ValueError("offsets must be finite (siemens)")
    return matrix.reshape((1,) * (2 - matrix.ndim) + matrix.shape) if matrix.ndim < 2 else matrix


def check_unphysical(unphysical):
    """What to do with a conductance outside the physical range: 'refuse' it or 'report' it (the plain word)."""
    return word(unphysical, "unphysical", ("refuse", "report"))


def one_crossbar_offsets(offsets):
    """`offsets` as one (N, C) matrix for ``train``; a distribution passes through unchanged."""
    if isinstance(offsets, OffsetDistribution):
        return offsets
    matrix = real_array(offsets, "offsets", "an OffsetDistribution or an (N, C) matrix of offsets in siemens")
    if matrix.ndim == 3 and matrix.shape[0] == 1:
        matrix = matrix[0]
    if matrix.ndim == 3:
        raise ValueError(f"offsets holds {matrix.shape[0]} trials (shape {matrix.shape}); train() trains one "
                         "crossbar: pass one (N, C) matrix, or use train_batch() for several")
    if matrix.ndim != 2:
        raise ValueError(f"offsets must be an (N, C) matrix of offsets in siemens, got shape {matrix.shape}")
    return matrix


def highest_rise(device):
    """The highest rise g - g(0) on any branch of `device`, S: how far above its start a device can go."""
    g0 = device.conductance[0]
    high = float(device.conductance.max() - g0)
    return high if device.depression is None else max(high, float(device.depression.max() - g0))


def check_conductances(device, gain, offsets, what="offsets", names=None, gain_name=None, scale=1.0):
    """Refuse, before any work, offsets that make a conductance outside the physical range.

    Every device starts at G = K s (its curve's rise is 0 at pulse 0) and can reach
    K (s + the curve's highest rise); both must lie in 1e-15 ... 1 S. Negative offsets, offsets
    of 1e308, a gain of 1e308 or a curve scaled past 1 S are refused here with the first device
    at fault. (How far below its start a measured curve can take a device is what training
    visits, reported per trial: see ``BatchResult.physical``.)

    Parameters
    ----------
    device : DeviceCurve
    gain : float
        K, as the engine multiplies with it.
    offsets : array_like (..., N, C)
        The offsets exactly as the engine will see them, S.
    what : str
        What the offsets are, for the message (default "offsets", followed by the index).
    names : sequence of str, optional
        For a 1-D `offsets`: the name of each value in the message instead (e.g. "Lognormal.median").
    gain_name : str, optional
        The argument that gave `gain` (e.g. "setting.gain"): named first where the offsets alone (at K = 1) are in
        range, since the product is unphysical by the gain (``train_batch`` at K = 1e300 named only the offsets,
        probe 17c, C1).
    scale : float
        r of relative units: the devices get `offsets` x `scale`, which is checked; the message gives the value as
        given, r and their product (it gave the product alone, a value the caller never wrote, probe 27c, C27-6).
    """
    try:
        _in_range(device, gain, offsets, what, names, scale)
    except ValueError as exc:
        if gain_name is None or gain == 1.0:
            raise
        try:
            _in_range(device, 1.0, offsets, what, names, scale)
        except ValueError:
            raise exc from None
        way = "smaller" if gain > 1 else "larger"
        raise ValueError(f"{gain_name} = {gain:g}: {exc}; at K = 1 these offsets are in range: expected a {way} "
                         f"{gain_name} (or other offsets)") from None


def _in_range(device, gain, offsets, what, names, scale=1.0):
    """check_conductances at one gain."""
    given = np.asarray(offsets, dtype=np.float64)
    s = given if scale == 1.0 else given * scale  # what the devices get, as scaled_offsets makes it
    with np.errstate(all="ignore"):  # an overflow is an infinite conductance, refused below
        start = gain * s
        top = gain * (s + highest_rise(device))
    for g, where in ((start, "starts at"), (top, "pulsed to the top of its curve, reaches")):
        bad = outside_range(g)
        if bad.any():
            index = tuple(int(i) for i in np.argwhere(bad)[0])
            name = names[index[0]] if names is not None else what + (f"[{', '.join(map(str, index))}]" if index else "")
            hint = ""
            if not s.any():  # all zero: NoOffsets() or a matrix of zeros
                hint = (f"; an offset takes the place of the curve's g(0) = {device.conductance[0]:.6g} S: "
                        f"NoOffsets(level={device.conductance[0]:.6g}) makes every device the measured one")
            at = outside_text(g[index], *CONDUCTANCE_RANGE)  # 9.999999999999999e-16, not 1e-15 (probe 23c, C23-5)
            value = f"{s[index]:.4g} S" if scale == 1.0 else \
                f"{given[index]:.4g} S x r = {scale:.6g} (relative units) = {s[index]:.4g} S"
            raise ValueError(f"{name} = {value}: at K = {gain:g} a device {where} G = {at} S, "
                             f"outside the physical range {range_text()}{hint}")


def _sure_offsets(distribution):
    """(offsets, their names): offsets that every crossbar a distribution draws has (the extremes a
    rescaled one maps each crossbar onto, a fixed matrix, a level), or that most devices have (a
    lognormal's median); None for a distribution of the user's own."""
    kind = type(distribution).__name__
    if isinstance(distribution, (RescaledLognormal, RescaledExponential)):
        return [distribution.lo, distribution.hi], [f"{kind}.lo", f"{kind}.hi"]
    if isinstance(distribution, Lognormal):  # and the draws one device in a million passes either way, held to
        # the range at K as Lognormal holds the top to 1 S alone (LOGNORMAL_TAIL): both tails, so a median of 3e-10 S
        # and sigma 4 at K = 10 (start 1.7e-17 S at the bottom) is refused as sigma 4.5 is at the top
        z = LOGNORMAL_Z * distribution.sigma
        top, bottom = distribution.median * math.exp(z), distribution.median * math.exp(-z)
        return ([distribution.median, top, bottom],
                [f"{kind}.median (the median offset)",
                 f"{kind}.median x exp({LOGNORMAL_Z:.3g} sigma) (one device in a million draws above it)",
                 f"{kind}.median x exp(-{LOGNORMAL_Z:.3g} sigma) (one device in a million draws below it)"])
    if isinstance(distribution, NoOffsets):
        return [distribution.level], [f"{kind}.level"]
    if isinstance(distribution, FixedOffsets):
        return distribution.matrix, None
    return None


def check_distribution(device, gain, distribution, scale=1.0):
    """Refuse, before any work, a distribution that would make (nearly) every crossbar unphysical.

    The offsets each of its crossbars certainly has (or, for a lognormal, its median and
    the draws one device in a million passes above and below it), times
    `scale` (f of :mod:`crossbar.training.units`: what the devices get), go through
    :func:`check_conductances`. Rarer draws are not checked here: a lognormal's draw above 1 S
    is refused by its ``sample()`` (naming the trial and the draw), and a window factor drawn past the range
    by :func:`check_window_draws` (``train_batch`` refuses the trial, a study reports it as not physical).
    """
    sure = _sure_offsets(distribution)
    if sure is not None:
        values, names = sure  # as given: the message says them, r and their product (probe 27c, C27-6)
        values = np.asarray(values, dtype=np.float64)
        try:
            check_conductances(device, gain, values, "the offset matrix", names, scale=scale)
        except ValueError as exc:
            try:  # offsets in range at K = 1 are not at fault: the message named only them (K = 1e308: 'lo')
                check_conductances(device, 1.0, values, "the offset matrix", names, scale=scale)
            except ValueError:
                raise exc from None
            way = "smaller" if gain > 1 else "larger"  # in range at K = 1: above it for K > 1, below for K < 1
            raise ValueError(f"{exc}; at K = 1 these offsets are in range: expected a {way} TrainingSetting.gain "
                             "(or other offsets)") from None


def _window_tops(device, gain, offsets, nonideal, seed, trials, layer=None):
    """(trial numbers (B,), window factors, tops K (s + w rise), outside (B, N, C)) of the trials' own window draws
    (of a network's `layer`, whose draws are its own streams); None without a window_spread or with trial numbers
    that do not fit `offsets` (the engine names that)."""
    from ..devices.variation import sample_static

    if not nonideal.window_spread:
        return None
    S = np.asarray(offsets, dtype=np.float64)
    ids = np.arange(S.shape[0], dtype=np.int64) if trials is None else check_trials(trials)
    if ids.shape != S.shape[:1]:
        return None
    window = sample_static(nonideal, seed, ids, S.shape[1:], layer=layer)[0]
    with np.errstate(all="ignore"):
        top = gain * (S + window * highest_rise(device))
    return ids, window, top, outside_range(top)


def window_draws_outside(device, gain, offsets, nonideal, seed, trials, layer=None):
    """(B,) bool: the trials whose drawn window factors take a device past the physical range at the top of its
    curve, the trials :func:`check_window_draws` refuses, as a flag: a study reports them as not physical, whether
    or not training pulsed that device so high. All False without a ``window_spread``; arguments as there."""
    tops = _window_tops(device, gain, offsets, nonideal, seed, trials, layer)
    return np.zeros(np.shape(offsets)[:1], bool) if tops is None else tops[3].reshape(tops[3].shape[0], -1).any(1)


def check_window_draws(device, gain, offsets, nonideal, seed, trials, layer=None):
    """Refuse, before any work, window factors that take a device past the physical range at the top of its curve.

    A ``window_spread`` draws each device a factor w (ln w ~ N(0, spread^2)) that scales its curve's rise, so a
    pulsed device can reach K (s + w rise); the factors are the trials' own draws (the ones training will use),
    and a trial refused here is one a study reports as not physical (:func:`window_draws_outside`). `offsets`
    (B, N, C) are those the devices get, S; `trials` (B,) their numbers in `seed`'s streams; `layer` the network
    layer they are (1, 2: its own streams, named in the message), None for one crossbar.
    """
    tops = _window_tops(device, gain, offsets, nonideal, seed, trials, layer)
    if tops is None:
        return
    ids, window, top, bad = tops
    if bad.any():
        b, i, j = (int(k) for k in np.argwhere(bad)[0])
        at = "" if layer is None else f" of layer {layer}"
        reached = outside_text(top[b, i, j], *CONDUCTANCE_RANGE)
        raise ValueError(f"nonideal.window_spread = {nonideal.window_spread:g}: trial {int(ids[b])} draws device "
                         f"(input {i + 1}, column {j + 1}){at} a window factor {window[b, i, j]:.4g}, and at "
                         f"K = {gain:g} it reaches G = {reached} S at the top of its curve, outside the "
                         f"physical range {range_text()}; use a smaller gain or spread, or unphysical='report'")
