"""Non-idealities of real devices beyond the reference model, each a knob that defaults to off.

The reference model of the original tool is one measured potentiation curve, shared by every
device, shifted by an additive offset per device (:mod:`crossbar.devices.offsets`).
:class:`Nonidealities` adds what the field's simulators model (NeuroSim, IBM aihwkit, CrossSim;
see the book's chapter "Real devices"):

* ``c2c``: cycle-to-cycle write noise, in one of three forms (``c2c_form``); each pulse that
  moves a device draws z ~ N(0, 1), W is the curve's window (max g - g(0)), u(p) the curve's
  rise at the device's position p, w its window factor:

  - ``additive`` (the default; NeuroSim's law): G_n+1 = w u(p_n+1) + eta_n+1 with
    eta_n+1 = eta_n + c2c W w z. The deviation eta is a random walk of spread c2c W sqrt(n)
    after n pulses, whether or not the curve still moves (it keeps growing at saturation);
  - ``proportional`` (aihwkit's multiplicative step noise): eta_n+1 = eta_n + c2c |Delta_n| z,
    Delta_n = w (u(p_n+1) - u(p_n)) the pulse's nominal step: c2c is a fraction of the step,
    and the noise fades where the curve is flat;
  - ``bounded`` (the state is the conductance, as in aihwkit's soft-bounds devices):
    G_n+1 = G_n + Delta(G_n) + c2c W w z, Delta(G) the curve's step from the point of
    conductance G on the branch (its running extreme). Where the curve saturates, a device
    pushed below it takes the larger steps of an earlier point and returns, so the deviation
    stays bounded (where the steps grow, a device pushed above runs ahead instead).

  In every form the device stays inside the range of its curve (steps that would leave it are
  cut at the bound and counted). With c2c = 0 the form changes nothing.
* ``window_spread``: device-to-device spread of the curve's window. Device (j, c) follows
  g(0) + w_jc (g(m) - g(0)), with ln w_jc ~ N(0, window_spread^2) (median 1).
* ``nonlinearity_spread``: device-to-device spread of how fast the curve saturates. Device
  (j, c) advances r_jc along the pulse axis per pulse, ln r_jc ~ N(0, nonlinearity_spread^2):
  r > 1 saturates sooner. Between measured points the curve is interpolated linearly.
* ``stuck_low`` / ``stuck_high``: the fraction of devices stuck at the lowest / highest
  conductance of their curve; they ignore every pulse.
* ``read_noise``: every read of a column current I_c gets relative Gaussian noise,
  I_c (1 + read_noise z). The neuron's current I+ - I- then carries noise of standard deviation
  read_noise sqrt(I+^2 + I-^2), which is how it is drawn (one draw per pattern, neuron and read).

Every effect draws from its own counter-based stream, keyed by the seed and the trial (and, for
the noises, the epoch and the device or read), so switching one on changes no other effect's
draws: studies that differ in one knob compare the same crossbars (common random numbers).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

import numpy as np

from .. import random as _random
from ..numbers import index, real, word

__all__ = ["Nonidealities", "NONE", "NONIDEAL_KNOBS", "NOISE_FORMS", "STREAMS", "stream_key", "sample_static"]

#: Stream number of each random effect: the key of the stream is
#: ``numpy.random.SeedSequence(seed, spawn_key=(number,))``. 0 is the root stream of the
#: offsets (crossbar.random with the plain seed), kept as it was. "signs": the random update signs of
#: crossbar.training.controls, a key per update epoch e, spawn_key=(9, e).
STREAMS = {"window": 1, "nonlinearity": 2, "stuck": 3, "c2c": 4, "read": 5, "order": 6, "init": 7, "offsets": 8,
           "signs": 9}


#: Forms of the cycle-to-cycle noise (Nonidealities.c2c_form), see the module docstring.
NOISE_FORMS = ("additive", "proportional", "bounded")


@dataclass(frozen=True)
class Nonidealities:
    """Non-idealities of the devices of a crossbar; every knob 0 (the default) is the reference model.

    ``c2c_form`` is accepted with ``c2c = 0``, by design: a form without noise is the noiseless model, and a
    sweep along c2c from 0 keeps one form at every point. The command line refuses ``--c2c-form`` without
    ``--c2c``, where the option would be ignored.
    """

    c2c: float = 0.0  # cycle-to-cycle write noise per pulse: a fraction of the window (or of the step, proportional)
    window_spread: float = 0.0  # standard deviation of ln(window factor), device to device
    nonlinearity_spread: float = 0.0  # standard deviation of ln(pulse-axis rate), device to device
    stuck_low: float = 0.0  # fraction of devices stuck at the lowest conductance of their curve
    stuck_high: float = 0.0  # fraction of devices stuck at the highest conductance
    read_noise: float = 0.0  # relative standard deviation of every column-current read
    c2c_form: str = "additive"  # how c2c enters: "additive", "proportional" or "bounded" (NOISE_FORMS)

    def __post_init__(self):
        form = word(self.c2c_form, "Nonidealities.c2c_form", NOISE_FORMS,
                    f"Nonidealities.c2c_form = {{}}: expected one of {', '.join(NOISE_FORMS)}")
        object.__setattr__(self, "c2c_form", form)  # the plain word: a str subclass's == said yes to every form
        for f in fields(self):
            if f.name == "c2c_form":
                continue
            value = real(getattr(self, f.name), f"Nonidealities.{f.name}", "a finite number >= 0")
            if value < 0:
                raise ValueError(f"Nonidealities.{f.name} = {value!r}: expected a finite number >= 0")
            object.__setattr__(self, f.name, float(value))
        for name in ("stuck_low", "stuck_high"):
            if getattr(self, name) > 1:
                raise ValueError(f"Nonidealities.{name} = {getattr(self, name)!r}: expected a fraction in [0, 1]")
        if self.stuck_low + self.stuck_high > 1:
            raise ValueError(f"Nonidealities.stuck_low + stuck_high = {self.stuck_low + self.stuck_high!r}: "
                             "expected at most 1")
        for name in ("window_spread", "nonlinearity_spread"):
            if getattr(self, name) > 3:
                raise ValueError(f"Nonidealities.{name} = {getattr(self, name)!r}: expected at most 3 "
                                 "(a log-normal spread of e^3, 20x, either way)")
        if self.c2c > 10 or self.read_noise > 10:
            name = "c2c" if self.c2c > 10 else "read_noise"
            raise ValueError(f"Nonidealities.{name} = {getattr(self, name)!r}: expected at most 10")

    @property
    def any(self) -> bool:
        """Whether any knob is on (the noise form alone is no knob: it shapes c2c)."""
        return any(getattr(self, name) for name in NONIDEAL_KNOBS)

    @property
    def static(self) -> bool:
        """Whether a device-to-device effect (drawn once per trial) is on."""
        return bool(self.window_spread or self.nonlinearity_spread or self.stuck_low or self.stuck_high)

    def replace(self, **changes) -> "Nonidealities":
        return replace(self, **changes)

    def as_dict(self) -> dict:
        """The fields as a dict; the noise form only when it is not "additive" (so that the
        descriptions, and the identities, of studies made before the forms existed stay the same)."""
        d = asdict(self)
        if d["c2c_form"] == "additive":
            del d["c2c_form"]
        return d

    def __str__(self):
        on = [f"{name}={getattr(self, name):g}" for name in NONIDEAL_KNOBS if getattr(self, name)]
        if self.c2c and self.c2c_form != "additive":
            on[0] += f" ({self.c2c_form})"
        return ", ".join(on) if on else "none"


#: The numeric knobs, in order (the noise form is a choice, not a knob).
NONIDEAL_KNOBS = tuple(f.name for f in fields(Nonidealities) if f.name != "c2c_form")
#: No non-ideality: the reference model.
NONE = Nonidealities()


def stream_key(seed, effect, layer=None):
    """The 128-bit key (2 x uint64) of an effect's stream for `seed`; see :data:`STREAMS`.

    `layer` (a network's layer number, crossbar.networks) keys a stream of its own for each
    layer; None is the single crossbar's stream.
    """
    effect = word(effect, "effect", STREAMS, f"unknown random effect {{}}; expected one of {sorted(STREAMS)}")
    seed = index(seed, "seed")  # 0 ... 2**63 - 1, the range every entry point and --seed allow
    key = (STREAMS[effect],) if layer is None else (STREAMS[effect], int(layer))
    return np.random.SeedSequence(int(seed), spawn_key=key)


def kernel_key(seed, effect, layer=None):
    """The stream key as two 32-bit words (uint64) for the engine's Philox draws."""
    words = stream_key(seed, effect, layer).generate_state(2, np.uint32)
    return np.array(words, dtype=np.uint64)


def sample_static(nonideal, seed, trials, shape, layer=None):
    """The device-to-device draws of `trials`: (window factor, pulse-axis rate, stuck), each (B, N, C).

    stuck is 0 (free), 1 (stuck at the lowest conductance) or 2 (stuck at the highest), as int8.
    Draw k of a trial's stream is device k in reading order (rows = inputs, columns
    G+_1 G-_1 G+_2 ...), so a device's draws do not depend on the other effects or the batch.
    """
    trials = np.asarray(trials)
    size = int(np.prod(shape))
    B = trials.size
    window = np.ones((B, size))
    rate = np.ones((B, size))
    stuck = np.zeros((B, size), np.int8)
    if nonideal.window_spread:
        window = np.exp(nonideal.window_spread
                        * _random.standard_normal(stream_key(seed, "window", layer), trials, size))
    if nonideal.nonlinearity_spread:
        rate = np.exp(nonideal.nonlinearity_spread
                      * _random.standard_normal(stream_key(seed, "nonlinearity", layer), trials, size))
    if nonideal.stuck_low or nonideal.stuck_high:
        u = _random.uniform(stream_key(seed, "stuck", layer), trials, size)
        stuck[u < nonideal.stuck_low] = 1
        stuck[u > 1.0 - nonideal.stuck_high] = 2
    return (window.reshape((B, *shape)), rate.reshape((B, *shape)), stuck.reshape((B, *shape)))
