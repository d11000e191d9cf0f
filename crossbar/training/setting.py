"""Circuit and training knobs of one in-situ training run, validated on construction."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace

from ..numbers import integer, real, shown
from ..tasks import input_voltage

__all__ = ["TrainingSetting", "REFERENCE", "DEFAULT", "NETWORK", "PRESETS", "RULES", "RULE_BASES", "RULE_MODIFIERS",
           "parse_rule", "MAX_EPOCHS", "MAX_HIDDEN", "DEFAULT_FOCUS"]

#: Most update epochs a setting may ask for: a study's per-trial table counts epochs in int32.
MAX_EPOCHS = 2**31 - 1
#: Most hidden neurons a network may have.
MAX_HIDDEN = 100_000

#: How the pulses of an epoch are decided: over the whole batch of patterns, or one pattern at a time.
RULE_BASES = {
    "batch": "batch Manhattan (Prezioso 2015): each epoch, every weight gets sgn(sum_n delta_i(n) V_j(n))",
    "online": "stochastic Manhattan: each epoch, the patterns one at a time in a random order, "
              "each weight getting sgn(delta_i(n) V_j(n)) after each",
}
#: What may be added to a base rule, joined with "+" (e.g. "batch+gated+two-way").
RULE_MODIFIERS = {
    "gated": "a pattern that meets its target on neuron i contributes delta_i(n) = 0",
    "two-way": "with two-way devices, a weight's pulse also depresses the other device of its pair "
               "(Prezioso's SET/RESET)",
    "refresh": "a pulse about to potentiate a device at the end of its curve first resets both "
               "devices of the pair (two counted reset pulses)",
    "fixed": "G_fix: the G- device of every pair is held at the middle of its curve's range, and G+ is "
             "potentiated where the weight must grow and depressed where it must shrink (two-way devices; "
             "the network engine, crossbar.networks)",
    "focus": "focus=THETA (0 < THETA < 1; 'focus' alone is 0.7), batch rules only: on neuron i only the "
             "weights with |sum_n delta_i(n) V_j(n)| >= THETA max_j' |sum_n delta_i(n) V_j'(n)| get a pulse",
}
#: THETA of a bare "focus" modifier: the value the rule study found best on the letters.
DEFAULT_FOCUS = 0.7
#: The rules by their short names (any base with any modifiers is a rule too).
RULES = {"batch": "batch", "gated": "batch+gated", "online": "online", "two-way": "batch+two-way",
         "refresh": "batch+refresh", "focused": "batch+gated+refresh+focus=0.7"}


def parse_rule(text):
    """The canonical form of a rule name: its base, then its modifiers in a fixed order.

    ``"gated"`` -> ``"batch+gated"``; ``"two-way+online"`` -> ``"online+two-way"``. Raises
    ValueError naming what was wrong.
    """
    if not isinstance(text, str) or not text:
        raise ValueError(f"rule {text!r}: expected a name like 'batch', 'gated' or 'online+two-way'")
    text = str.__str__(text)  # its characters: a str subclass's == and hash said yes to a rule (probe 20c, U1)
    if text in RULES:
        text = RULES[text]
    # A rule without a base is a batch rule; spaces around a name are dropped, as float() drops them around a number.
    parts = [word.strip() for word in text.split("+")]
    if "" in parts:  # '+gated' was refused as "unknown part ''", beside an "expected ... +gated" that invited it
        where = "is blank" if len(parts) == 1 else f"has no name {'before' if not parts[0] else 'after'} a '+'"
        raise ValueError(f"rule {text!r}: {where}; expected names joined by '+', such as 'gated' or 'batch+gated' "
                         f"(a base, {' or '.join(RULE_BASES)}, then modifiers; without a base it is batch)")
    named = [p.split("=")[0] for p in parts]  # as written: 'focused+focused' is given twice
    parts = _written_out(parts)
    focus = None
    for k, p in enumerate(parts):
        if p == "focus" or p.startswith("focus="):
            focus = _focus_value(text, p)
            parts[k] = "focus"
    bases = [p for p in parts if p in RULE_BASES]
    unknown = [p for p in parts if p not in RULE_BASES and p not in RULE_MODIFIERS]
    if unknown or len(bases) > 1:
        raise ValueError(
            f"rule {text!r}: " + (f"unknown part {unknown[0]!r}" if unknown else "more than one base rule")
            + f"; expected one of {', '.join(RULE_BASES)}, optionally with +{', +'.join(RULE_MODIFIERS)} (or a short "
            f"name: {', '.join(RULES)})")
    twice = next((p for k, p in enumerate(named) if p in named[:k]), None)
    if twice is not None:  # focus=0.3+focus=0.5 would silently be one of them
        raise ValueError(f"rule {text!r}: {twice!r} is given more than once; give each part once")
    base = bases[0] if bases else "batch"
    if "fixed" in parts and "two-way" in parts:
        raise ValueError(f"rule {text!r}: fixed already depresses G+ where the weight must shrink, and holds G-; "
                         "drop two-way")
    if focus is not None and base != "batch":
        raise ValueError(f"rule {text!r}: focus selects among the summed updates of a batch rule; "
                         "the online rule has one pattern's update at a time")
    mods = [m if m != "focus" else f"focus={focus!r}" for m in RULE_MODIFIERS if m in parts]
    return "+".join([base] + mods)


def _written_out(parts):
    """`parts` with each short name that is no base or modifier ('focused') written out as the parts of its rule that
    the others do not name: 'focused+two-way' is batch+gated+refresh+focus=0.7+two-way, 'focused+focus=0.5' takes
    THETA 0.5 (probe 31c, C31-10: "unknown part 'focused'", in a list of parts that never named it)."""
    named = {p.split("=")[0] for p in parts}
    out = []
    for p in parts:
        if p in RULES and p not in RULE_BASES and p not in RULE_MODIFIERS:
            out += [q for q in RULES[p].split("+") if q.split("=")[0] not in named and q not in out]
        else:
            out.append(p)
    return out


def _focus_value(text, part):
    if part == "focus":
        return DEFAULT_FOCUS
    try:
        value = float(part[len("focus="):])
    except ValueError:
        value = math.nan
    if not 0.0 < value < 1.0:
        raise ValueError(f"rule {text!r}: {part!r} needs 0 < THETA < 1, e.g. focus=0.7")
    return value


#: The knobs that are real numbers, kept as floats whatever number type they are given as.
FLOAT_KNOBS = ("beta", "target_high", "target_low", "gain", "v_one", "v_zero", "hidden_beta")


@dataclass(frozen=True)
class TrainingSetting:
    """Knobs of the crossbar perceptron and its batch Manhattan training.

    The device (its curve and its offset distribution) is deliberately not
    part of a setting: variation is a property of the hardware, not a knob.
    """

    beta: float = 6e6  # activation gain: f = tanh(beta * I), 1/A
    target_high: float = 0.8  # t+: a pattern labelled 1 needs f > t+
    target_low: float = -0.8  # t-: a pattern labelled 0 needs f < t-
    gain: float = 10.0  # K, multiplication factor: G = K (g(m) - g(0) + s), dimensionless
    max_epochs: int = 50  # E, most update epochs before giving up
    v_one: float = 0.1  # row voltage for input bit 1, V
    v_zero: float = -0.1  # row voltage for input bit 0, V
    rule: str = "batch"  # training rule: see RULE_BASES, RULE_MODIFIERS and parse_rule
    hidden: int = 0  # hidden neurons of a network (crossbar.networks); 0: one crossbar layer
    hidden_beta: float = 0.0  # activation gain of the hidden neurons, 1/A; 0: the same as beta

    def __post_init__(self):
        def bad(name, value, expected):
            raise ValueError(f"TrainingSetting.{name} = {shown(value)}: expected {expected}")

        for name in ("beta", "target_high", "target_low", "gain"):
            object.__setattr__(self, name, real(getattr(self, name), f"TrainingSetting.{name}"))
        for name in ("v_one", "v_zero"):  # the physical range of a row voltage, as the bias row's
            object.__setattr__(self, name, input_voltage(getattr(self, name), f"TrainingSetting.{name}"))
        object.__setattr__(self, "max_epochs", integer(self.max_epochs, "TrainingSetting.max_epochs",
                                                       "an integer >= 0"))
        if self.beta <= 0:
            bad("beta", self.beta, "> 0 (1/A)")
        if not -1 < self.target_high < 1:
            bad("target_high", self.target_high, "inside (-1, 1), the range of tanh")
        if not -1 < self.target_low < self.target_high:
            bad("target_low", self.target_low, f"inside (-1, target_high={self.target_high})")
        if self.gain <= 0:
            bad("gain", self.gain, "> 0")
        if self.max_epochs < 0:
            bad("max_epochs", self.max_epochs, "an integer >= 0")
        if self.max_epochs > MAX_EPOCHS:
            bad("max_epochs", self.max_epochs, f"at most {MAX_EPOCHS} (2**31 - 1)")
        if self.v_one == self.v_zero:
            bad("v_zero", self.v_zero, f"different from v_one = {self.v_one}")
        object.__setattr__(self, "hidden", integer(self.hidden, "TrainingSetting.hidden", "an integer >= 0"))
        if not 0 <= self.hidden <= MAX_HIDDEN:
            bad("hidden", self.hidden, f"an integer 0 ... {MAX_HIDDEN}")
        object.__setattr__(self, "hidden_beta", real(self.hidden_beta, "TrainingSetting.hidden_beta"))
        if self.hidden_beta < 0:
            bad("hidden_beta", self.hidden_beta, ">= 0 (1/A; 0: the same as beta)")
        # Float knobs are kept as floats (checked as given, so a message quotes the value given): a study's
        # identity is the hash of its description, where beta=60000000 and beta=6e7 were two studies.
        for name in FLOAT_KNOBS:
            object.__setattr__(self, name, float(getattr(self, name)))
        try:
            object.__setattr__(self, "rule", parse_rule(self.rule))
        except ValueError as exc:
            raise ValueError(f"TrainingSetting.{exc}") from None

    @property
    def online(self) -> bool:
        return self.rule.startswith("online")

    @property
    def gated(self) -> bool:
        return "+gated" in self.rule

    @property
    def two_way(self) -> bool:
        return "+two-way" in self.rule

    @property
    def refresh(self) -> bool:
        return "+refresh" in self.rule

    @property
    def focus(self) -> float:
        """THETA of the focus modifier, 0.0 without it."""
        for part in self.rule.split("+"):
            if part.startswith("focus="):
                return float(part[len("focus="):])
        return 0.0

    @property
    def fixed(self) -> bool:
        """Whether one device of each pair is held fixed (G_fix)."""
        return "+fixed" in self.rule

    @property
    def network(self) -> bool:
        """Whether the setting trains a network of crossbar layers (crossbar.networks): a hidden
        layer, or the G_fix modifier, which only the network engine runs."""
        return self.hidden > 0 or self.fixed

    @property
    def effective_hidden_beta(self) -> float:
        """The hidden neurons' activation gain: hidden_beta, or beta where it is 0."""
        return self.hidden_beta or self.beta

    def replace(self, **changes) -> "TrainingSetting":
        """A copy with some fields changed (and validated)."""
        return replace(self, **changes)

    def as_dict(self) -> dict:
        """The fields as a dict; the rule only when it is not the reference "batch" (so that the
        descriptions, and the identities, of studies made before rules existed stay the same)."""
        d = asdict(self)
        if d["rule"] == "batch":
            del d["rule"]
        for name in ("hidden", "hidden_beta"):  # likewise, a single layer keeps its identity
            if not d[name]:
                del d[name]
        return d


#: The published setting of the original tool (beta = 6e6 /A, t = +-0.8, K = 10, E = 50).
REFERENCE = TrainingSetting()
#: The knobs that train most crossbars: the Monte Carlo study (book chapter 5,
#: scripts/montecarlo_study.py) searched beta, targets and epochs with the device and its
#: reference offsets fixed; chapter 5 computes how many crossbars of the default device it trains
#: (with their Wilson interval, and on trials the search never saw), against REFERENCE's. Only
#: beta*K matters (I scales with K), so K keeps the reference value. In relative units
#: (crossbar.training.units) both settings mean the same on a device of any window.
DEFAULT = TrainingSetting(beta=6e7, target_high=0.9, target_low=-0.9, gain=10.0, max_epochs=100)
#: A network's knobs (crossbar.networks): 32 hidden neurons, 200 epochs, the output neurons' beta
#: and the hidden neurons' chosen on a grid of 5 x 4 values (seed 0) for the answers right on the
#: held-out digits of the most linear preset, TaOx/HfOx, without offsets; the book's chapter
#: "Networks" shows the grid and checks the choice on another seed. The rest is DEFAULT's.
NETWORK = DEFAULT.replace(beta=2.4e8, hidden_beta=3e7, hidden=32, max_epochs=200)
PRESETS = {"reference": REFERENCE, "default": DEFAULT, "network": NETWORK}
