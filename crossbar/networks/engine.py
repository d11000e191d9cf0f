"""Training many networks of crossbar layers at once: the fast path, on arrays with a trial axis.

B networks advance together, epoch by epoch (and pattern by pattern for the online rule): their
reads, errors and steps are matrix products over the trial axis (:mod:`crossbar.networks.model`),
their devices one vectorised device model per layer (:class:`crossbar.networks.layers.Layer`).
A network that meets every target stops, as a crossbar of the single-layer engine does.
:func:`crossbar.networks.reference.network_reference` states the same training one network at
a time, with the single crossbar's numpy device model, and ``tests/test_networks.py`` holds the
two to the same pulses.

Random draws, each from its own stream keyed by the seed, the layer and the trial (so a trial
trains the same network in any batch): the offsets of layer l (stream "offsets", l), its
device-to-device draws (window, nonlinearity, stuck; l), its initial programming ("init", l),
its cycle-to-cycle noise ("c2c", l: normal k of update epoch e is device k in reading order,
pattern t of the online rule from block t ceil(N C / 4) on), its read noise ("read", l), and
the online rule's order of the patterns (a permutation drawn per trial and epoch from the
"order" stream).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import random as _random
from ..devices import NONE, FixedOffsets, OffsetDistribution
from ..devices.checks import outside_range
from ..devices.variation import STREAMS, kernel_key, sample_static, stream_key
from ..training import kernel
from ..numbers import instance, integer
from ..resources import require_memory, require_network_room
from ..tasks import PatternSet
from ..training.checks import (
    check_device,
    check_distribution,
    check_index,
    check_nonideal,
    check_patterns,
    check_setting,
    check_trials,
    check_unphysical,
    check_window_draws,
    window_draws_outside,
)
from ..training.units import check_units, effective_setting, scale_factor
from . import model
from .energy import EnergyModel
from .layers import Layer

__all__ = ["NetworkBatch", "train_networks", "network_shapes", "initial_pulses", "draw_layers", "order_of"]


@dataclass(frozen=True, eq=False)
class NetworkBatch:
    """Outcome of training B networks (leading axis B on every array).

    Attributes
    ----------
    converged : ndarray of bool (B,)
        Every training pattern met every target.
    epochs : ndarray of int (B,)
        Update epochs applied.
    training_accuracy, test_accuracy : ndarray (B,)
        Fraction of (pattern, neuron) answers equal to the label (undecided counts as wrong).
    training_classification, test_classification : ndarray (B,)
        Fraction of patterns whose largest output is the labelled class.
    pulses, depressions, resets, bound_hits : ndarray of int (B,)
        Potentiating and depressing pulses sent, reset pulses (refresh), noise steps cut at a bound.
    write_energy : ndarray (B,)
        Energy of every pulse of the training, J (:class:`~crossbar.networks.energy.EnergyModel`), the
        refresh rule's reset pulses included: each counted in ``resets`` takes its device from G to its
        start G' (G' = G for a stuck or held device) with the same V_w and t_w.
    read_energy : ndarray (B,)
        Energy of one inference (reading one test pattern through every layer), J, the mean over the
        test patterns. It and the accuracies are read in row order
        (:func:`~crossbar.networks.model.ordered_product`): the same on any BLAS thread count.
    min_conductance, max_conductance : ndarray (B,)
        Lowest and highest conductance any device took, S.
    physical : ndarray of bool (B,)
        Whether both lie in the physical range 1e-15 ... 1 S and no drawn window factor can take a device of any
        layer out of it (a property of the two above and ``window_outside``).
    conductances : list of ndarray (B, N_l, C_l)
        Final conductances of each layer, S.
    setting, nominal_setting, scale, units, energy, shapes
        What was trained.
    window_outside : ndarray of bool (B,) or None
        The networks whose drawn window factors (``nonideal.window_spread``) take a device of some layer past the
        physical range at the top of its curve, whether or not training pulsed it there: per layer the flag of
        :func:`~crossbar.training.checks.window_draws_outside`, as ``BatchResult.window_outside`` (all False
        under ``unphysical="refuse"``, which refuses them, and without a window_spread).
    """

    converged: np.ndarray
    epochs: np.ndarray
    training_accuracy: np.ndarray
    test_accuracy: np.ndarray
    training_classification: np.ndarray
    test_classification: np.ndarray
    pulses: np.ndarray
    depressions: np.ndarray
    resets: np.ndarray
    bound_hits: np.ndarray
    write_energy: np.ndarray
    read_energy: np.ndarray
    min_conductance: np.ndarray
    max_conductance: np.ndarray
    conductances: list
    setting: object
    nominal_setting: object
    scale: float
    units: str
    energy: EnergyModel
    shapes: list
    window_outside: np.ndarray | None = None

    def __len__(self):
        return self.converged.size

    @property
    def physical(self):
        """Per network (B,), bool: every conductance it took stayed inside the physical range 1e-15 ... 1 S (its
        lowest and highest conductance decide) and no drawn window factor can take a device out of it
        (``window_outside``), as for a crossbar's ``BatchResult.physical``."""
        off = outside_range(self.min_conductance) | outside_range(self.max_conductance)
        return ~(off if self.window_outside is None else off | self.window_outside)


def network_shapes(patterns, hidden):
    """[(N_l, C_l)] of each layer: one crossbar, or inputs -> hidden -> outputs."""
    instance(patterns, PatternSet, "patterns")
    hidden = integer(hidden, "hidden", "a count of hidden neurons >= 0")
    if hidden < 0:  # -1 gave a layer of -2 columns
        raise ValueError(f"hidden = {hidden}: expected a count of hidden neurons >= 0")
    if hidden:
        return [(patterns.n_inputs, 2 * hidden), (hidden + 1, 2 * patterns.n_neurons)]
    return [(patterns.n_inputs, 2 * patterns.n_neurons)]


def initial_pulses(device):
    """The most pulses a network's device is programmed with before training: the first position
    at which the potentiation branch's running maximum reaches a quarter of its window (at least
    1). Each device starts after a number of pulses drawn uniformly from 0 to that, so that the
    hidden neurons differ and learn different features (identical devices would stay identical)."""
    up = np.maximum.accumulate(device.conductance - device.conductance[0])
    return max(1, int(np.argmax(up >= 0.25 * up[-1])))


def middle_pulses(device):
    """Pulses from g(0) to the middle of the device's range, where G_fix holds the G- devices: the
    first position at which the potentiation branch's running maximum reaches it."""
    up = np.maximum.accumulate(device.conductance - device.conductance[0])
    rises = np.concatenate([up, device.depression - device.conductance[0]]) if device.two_way else up
    return int(np.argmax(up >= 0.5 * (rises.min() + rises.max())))


def start_positions(device, setting, u):
    """Where each free device starts on its potentiation branch, from uniform draws u in [0, 1).

    A network's devices start after 0 ... :func:`initial_pulses` pulses. With G_fix (``fixed``),
    the G+ devices start within as many pulses of :func:`middle_pulses` (on either side, cut to
    the curve), so that every weight G+ - G_fix starts near zero, free to grow or shrink."""
    init = initial_pulses(device)
    if not setting.fixed:
        return np.floor(u * (init + 1))
    return np.clip(middle_pulses(device) - init + np.floor(u * (2 * init + 1)), 0, device.length - 1)


def order_of(seed, trial, epoch, patterns):
    """The online rule's order of the patterns in epoch `epoch` of trial `trial`: a permutation drawn
    from its own stream, keyed by the seed, the trial and the epoch."""
    key = np.random.SeedSequence(int(seed), spawn_key=(STREAMS["order"], 0, int(trial), int(epoch)))
    return np.random.Generator(np.random.Philox(key)).permutation(patterns)


def draw_layers(device, offsets, nonideal, setting, seed, trials, shapes, scale):
    """Per layer: (offsets the devices get (B, N, C), static draws, start positions, held devices)."""
    out = []
    for layer, shape in enumerate(shapes, start=1):
        s = layer_offsets(offsets, seed, trials, shape, layer, scale)
        static = sample_static(nonideal, seed, trials, shape, layer=layer)
        if not static[0].size:
            static = (np.ones((len(trials), *shape)), np.ones((len(trials), *shape)),
                      np.zeros((len(trials), *shape), np.int8))
        start = None
        if setting.hidden or setting.fixed:
            u = _random.uniform(stream_key(seed, "init", layer), trials, int(np.prod(shape)))
            start = start_positions(device, setting, u).reshape((len(trials), *shape))
        held = None
        if setting.fixed:
            held = np.zeros(shape, bool)
            held[:, 1::2] = True
        out.append((s, static, start, held))
    return out


def layer_offsets(offsets, seed, trials, shape, layer, scale):
    """The offsets the devices of network layer `layer` (1, 2) get, S: (B, N_l, C_l), the layer's own stream."""
    return offsets.sample(stream_key(seed, "offsets", layer), trials, shape) * scale


def window_outside(device, gain, layers, nonideal, seed, trials, refuse):
    """(B,) bool: networks whose drawn window factors take a device of some layer past the physical range at the top
    of its curve (`layers`: each layer's offsets the devices get, in order); with `refuse`, the first such device is
    a ValueError naming its layer instead (:func:`~crossbar.training.checks.check_window_draws`, one check for a
    crossbar and a network's layers alike)."""
    off = np.zeros(len(trials), bool)
    for layer, s in enumerate(layers, start=1):
        if refuse:
            check_window_draws(device, gain, s, nonideal, seed, trials, layer=layer)
        else:
            off |= window_draws_outside(device, gain, s, nonideal, seed, trials, layer=layer)
    return off


def _normals(key, trials, epoch, first_block, count, shape):
    return np.stack([kernel.normals(key, int(t), int(epoch), first_block, count) for t in trials]).reshape(shape)


def _check(device, setting, offsets, units, *, patterns=None, test=None, nonideal=NONE, seed=0, energy=None):
    """Types and ranges of a network run's arguments, before any work: one clear error each (for
    :func:`train_networks` and :func:`~crossbar.networks.reference.network_reference` alike)."""
    check_device(device)
    check_setting(setting)
    check_units(units)
    check_index(seed, "seed")
    check_nonideal(nonideal)
    if not isinstance(offsets, OffsetDistribution):
        raise TypeError(f"offsets must be an OffsetDistribution (a network's layers draw theirs), got "
                        f"{type(offsets).__name__}")
    if energy is not None and not isinstance(energy, EnergyModel):
        raise TypeError(f"energy must be an EnergyModel, got {type(energy).__name__}")
    check_patterns(patterns, optional=False)
    if test is not None:
        check_patterns(test, "test")
        if (test.n_inputs, test.n_neurons) != (patterns.n_inputs, patterns.n_neurons):
            bias = " (a bias row on one set only?)" if abs(test.n_inputs - patterns.n_inputs) == 1 else ""
            raise ValueError(f"test patterns have {test.n_inputs} inputs and {test.n_neurons} neurons, the training "
                             f"patterns {patterns.n_inputs} and {patterns.n_neurons}{bias}")
    if not setting.network:
        raise ValueError("the setting trains one crossbar (hidden = 0, no fixed modifier): use train_batch")
    if (setting.fixed or setting.two_way) and not device.two_way:
        raise ValueError(f"rule {setting.rule!r} depresses devices, but device {device.name!r} has no depression "
                         "branch (load a two-way pulse train, or use a preset such as 'ag-si')")
    if isinstance(offsets, FixedOffsets):
        raise ValueError("a network's layers draw their offsets from a distribution; a fixed offset matrix fits "
                         "one crossbar only")
    # the one physical range, on the offsets the devices get (r s): the same for both forms of training
    check_distribution(device, setting.gain, offsets, scale_factor(device, units))


def _refuse_repeats(trials):
    """A trial number given twice: its network's offsets and draws come from (seed, trial), so it was the same
    network trained twice, without a word. (train_batch takes each trial's offsets from its caller: a trial
    number there twice with other offsets is another crossbar under the same noise draws, and is kept.)"""
    values, first, counts = np.unique(trials, return_index=True, return_counts=True)
    if (counts > 1).any():
        k = int(np.flatnonzero(counts > 1)[np.argmin(first[counts > 1])])  # the repeat met first
        at = np.flatnonzero(trials == values[k])
        raise ValueError(f"trials: {int(values[k])} appears more than once (positions {at[0]} and {at[1]}); a trial "
                         "number is one network (its offsets drawn from seed and trial): give each once")


def train_networks(device, setting, patterns, test=None, offsets=None, *, nonideal=NONE, seed=0, trials=None,
                   units="relative", energy=None, unphysical="report") -> NetworkBatch:
    """Train networks of crossbar layers with the setting's rule (see :mod:`crossbar.networks.model`).

    Parameters
    ----------
    device : DeviceCurve
    setting : TrainingSetting
        With ``hidden`` > 0 (a hidden layer) or the ``fixed`` modifier (G_fix).
    patterns, test : PatternSet
        Training and test sets (test: default the training set).
    offsets : OffsetDistribution
        Device-to-device offsets (default: the reference distribution), drawn per layer.
    nonideal : Nonidealities
    seed : int
    trials : array_like of int
        Trial numbers (default [0]).
    units : {"relative", "absolute"}
        As :func:`crossbar.training.train_batch`: β (and the hidden neurons' β) and the offsets
        scaled by r = W / W_ref, or as given.
    energy : EnergyModel, optional
        Default: :meth:`EnergyModel.of` the device.
    unphysical : {"report", "refuse"}
        "report" (default, as a study trains its networks): a network whose drawn window factors
        (``nonideal.window_spread``) take a device of some layer past the physical range 1e-15 ... 1 S
        at the top of its curve is trained and flagged (``physical`` False, ``window_outside``), as
        one that training takes out of the range. "refuse": such a draw is a ValueError before any
        work, naming the trial, the layer, the device and its factor, as ``train_batch`` refuses it.

    Returns
    -------
    NetworkBatch
    """
    from ..devices import REFERENCE_OFFSETS

    offsets = REFERENCE_OFFSETS if offsets is None else offsets
    _check(device, setting, offsets, units, patterns=patterns, test=test, nonideal=nonideal, seed=seed, energy=energy)
    units = check_units(units)  # the plain word, kept in the result
    test = patterns if test is None else test
    trials = check_trials([0] if trials is None else trials, empty=False)
    _refuse_repeats(trials)
    unphysical = check_unphysical(unphysical)
    energy = EnergyModel.of(device) if energy is None else energy
    require_network_room(setting)  # before numpy's first matrix product (30c, C30-2)
    shapes = network_shapes(patterns, setting.hidden)
    per_trial = _bytes_per_trial(shapes, patterns, test)
    group = max(1, int(GROUP_BYTES // per_trial))
    # The whole run before any group starts: every network's result (its final conductances above all) is
    # kept until the groups are joined, so a check per group let 1,000 MNIST networks grow to the OOM killer.
    devices = sum(n * c for n, c in shapes)
    require_memory(network_bytes(shapes, patterns, test, trials.size),
                   f"training {trials.size} network{'s' if trials.size > 1 else ''} (each keeps the final conductances of its {devices} devices)",
                   ("train fewer at a time, or " if trials.size > 1 else "")  # one network: only its size helps
                   + f"give the hidden layer fewer neurons than setting.hidden = {setting.hidden}")
    if trials.size > group:  # trials are independent: groups that fit in memory give the same results
        if unphysical == "refuse" and nonideal.window_spread:  # every group's draws before any group trains
            scale = scale_factor(device, units)
            gain = effective_setting(setting, scale).gain
            for k in range(0, trials.size, group):
                ids = trials[k:k + group]
                window_outside(device, gain, [layer_offsets(offsets, seed, ids, shape, layer, scale)
                                              for layer, shape in enumerate(shapes, start=1)], nonideal, seed, ids,
                               refuse=True)
        parts = [train_networks(device, setting, patterns, test, offsets, nonideal=nonideal, seed=seed,
                                trials=trials[k:k + group], units=units, energy=energy, unphysical=unphysical)
                 for k in range(0, trials.size, group)]
        return _joined(parts)
    scale = scale_factor(device, units)
    nominal, setting = setting, effective_setting(setting, scale)
    shapes = network_shapes(patterns, setting.hidden)
    B = trials.size
    drawn = draw_layers(device, offsets, nonideal, setting, seed, trials, shapes, scale)
    # a window_spread's factors, the networks' own draws, held to the range at the top of each layer's curve
    flagged = window_outside(device, setting.gain, [s for s, *_ in drawn], nonideal, seed, trials,
                             refuse=unphysical == "refuse")
    layers = [Layer(device, s, static, setting.gain, start, held) for s, static, start, held in drawn]
    sigma = (nonideal.c2c if nonideal.c2c_form == "proportional" else nonideal.c2c * device.window)
    c2c_keys = [kernel_key(seed, "c2c", layer) for layer in range(1, len(shapes) + 1)]
    read_keys = [kernel_key(seed, "read", layer) for layer in range(1, len(shapes) + 1)]
    X = patterns.voltages(setting.v_one, setting.v_zero)
    labels = patterns.labels
    P, M = labels.shape
    outs = [c // 2 for _, c in shapes]
    epochs = np.zeros(B, np.int64)
    done = np.zeros(B, bool)
    write = np.zeros(B)
    x_all = np.broadcast_to(X, (B, *X.shape))

    def reads(epoch, first, count_of):
        if not nonideal.read_noise:
            return None
        return [_normals(read_keys[k], trials, epoch, first(k), count_of(k), (B, -1, m))
                for k, m in enumerate(outs)]

    def step_layers(steps, active, epoch, first_block):
        nonlocal write
        for k, (layer, step) in enumerate(zip(layers, steps)):
            step = np.where(active[:, None, None], step, 0)
            pulses = model.pulses_of(step, setting)
            N, C = shapes[k]
            z = _normals(c2c_keys[k], trials, epoch, first_block(k), N * C, (B, N, C)) if sigma else None
            before = layer.pulse(pulses, z, sigma, setting.refresh, nonideal.c2c_form)
            write += energy.write(before, layer.device_conductance(), pulses)
            if layer.reset is not None:  # the refresh rule's reset pulses
                write += energy.write(*layer.reset)

    for epoch in range(setting.max_epochs + 1):
        z = reads(epoch, lambda k: 0, lambda k: P * outs[k])
        inputs, currents, f = model.forward(x_all, [layer.conductance() for layer in layers], setting,
                                            nonideal.read_noise, z)
        done |= model.answers(f, labels, setting).all(axis=(-2, -1))
        active = ~done
        if epoch == setting.max_epochs or not active.any():
            break
        if not setting.online:
            steps = _deltas(inputs, currents, f, labels, layers, setting)
            steps = [model.batch_step(x, d, setting.focus) for x, d in zip(inputs, steps)]
            step_layers(steps, active, epoch, lambda k: 0)
        else:
            order = np.stack([order_of(seed, t, epoch, P) for t in trials])
            for t in range(P):
                n = order[:, t]
                x = X[n][:, None, :]
                zt = reads(epoch, lambda k: -(-P * outs[k] // 4) + t * -(-outs[k] // 4), lambda k: outs[k])
                ins, curs, ft = model.forward(x, [layer.conductance() for layer in layers], setting,
                                              nonideal.read_noise, zt)
                deltas = _deltas(ins, curs, ft, labels[n][:, None, :], layers, setting)
                steps = [model.online_step(i[:, 0, :], d[:, 0, :]) for i, d in zip(ins, deltas)]
                step_layers(steps, active, epoch, lambda k: t * -(-(shapes[k][0] * shapes[k][1]) // 4))
        epochs[active] += 1
    return _result(layers, f, patterns, test, setting, nominal, scale, units, energy, shapes, done, epochs, write,
                   flagged)


#: Memory a group of networks trained together may take, bytes: larger batches are trained in groups.
GROUP_BYTES = 256 * 2**20


def network_bytes(shapes, patterns, test, trials):
    """The memory :func:`train_networks` asks for before it trains `trials` networks of layers `shapes` (each
    network's kept result, and one group's training): what a study's chunk of networks needs (studies/limits.py)."""
    per_trial = _bytes_per_trial(shapes, patterns, test)
    return _bytes_kept(shapes) * trials + per_trial * min(max(1, int(GROUP_BYTES // per_trial)), trials)


def _bytes_per_trial(shapes, patterns, test):
    """A bound on the memory one network takes while it trains: its layers' state arrays and the
    activations of the larger pattern set through every layer."""
    devices = sum(n * c for n, c in shapes)
    patterns_ = max(patterns.n_patterns, test.n_patterns)
    return 8.0 * (24 * devices + 8 * patterns_ * sum(n + c for n, c in shapes))


def _bytes_kept(shapes):
    """The memory one network's result takes until the end of train_networks: its final conductances
    and a few numbers, twice while the groups' results are joined into one."""
    return 2 * 8.0 * (sum(n * c for n, c in shapes) + 16)


def _joined(parts):
    """One NetworkBatch of groups of trials trained apart."""
    first = parts[0]
    fields = {name: np.concatenate([getattr(p, name) for p in parts]) for name in
              ("converged", "epochs", "training_accuracy", "test_accuracy", "training_classification",
               "test_classification", "pulses", "depressions", "resets", "bound_hits", "write_energy",
               "read_energy", "min_conductance", "max_conductance", "window_outside")}
    conductances = [np.concatenate([p.conductances[k] for p in parts]) for k in range(len(first.conductances))]
    return NetworkBatch(**fields, conductances=conductances, setting=first.setting,
                        nominal_setting=first.nominal_setting, scale=first.scale, units=first.units,
                        energy=first.energy, shapes=first.shapes)


def _deltas(inputs, currents, f, labels, layers, setting):
    """The error of each layer's neurons: [delta_out] or [delta_hidden, delta_out]."""
    delta = model.output_error(f, currents[-1], labels, setting)
    if len(layers) == 1:
        return [delta]
    return [model.hidden_error(delta, layers[1].conductance(), currents[0], setting), delta]


def _result(layers, f, patterns, test, setting, nominal, scale, units, energy, shapes, done, epochs, write,
            window=None):
    """The NetworkBatch of trained layers: accuracies (noiseless reads), energies, counts."""
    B = done.size
    G = [layer.conductance() for layer in layers]
    Xt = np.broadcast_to(test.voltages(setting.v_one, setting.v_zero), (B, test.n_patterns, test.n_inputs))
    # reads in row order: what is reported is the same on any BLAS thread count (model.ordered_product)
    inputs_t, _, ft = model.forward(Xt, G, setting, ordered=True)
    Xs = np.broadcast_to(patterns.voltages(setting.v_one, setting.v_zero), (B, patterns.n_patterns, patterns.n_inputs))
    f_train = model.forward(Xs, G, setting, ordered=True)[2]
    read = sum(energy.read(x, layer.device_conductance()) for x, layer in zip(inputs_t, layers)).mean(axis=-1)

    def count(name):
        return sum(getattr(layer, name).reshape(B, -1).sum(axis=1) for layer in layers)

    def answered(fx, p):
        return (np.where(fx > setting.target_high, 1, np.where(fx < setting.target_low, 0, -1)) == p.labels).mean(
            axis=(-2, -1))

    return NetworkBatch(
        converged=done.copy(), epochs=epochs,
        training_accuracy=answered(f_train, patterns), test_accuracy=answered(ft, test),
        training_classification=model.classification(f_train, patterns.labels),
        test_classification=model.classification(ft, test.labels),
        pulses=count("up_count"), depressions=count("down_count"), resets=sum(layer.resets for layer in layers),
        bound_hits=sum(layer.hits for layer in layers), write_energy=write, read_energy=read,
        min_conductance=np.min([layer.lowest for layer in layers], axis=0),
        max_conductance=np.max([layer.highest for layer in layers], axis=0),
        conductances=G, setting=setting, nominal_setting=nominal, scale=scale, units=units, energy=energy,
        shapes=shapes, window_outside=window,
    )
