"""Circuit and training knobs of one in-situ training run, validated on construction."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace

__all__ = ["TrainingSetting", "REFERENCE", "DEFAULT", "PRESETS", "MAX_EPOCHS"]

#: Most update epochs a setting may ask for: a study's per-trial table counts epochs in int32.
MAX_EPOCHS = 2**31 - 1


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

    def __post_init__(self):
        def bad(name, value, expected):
            raise ValueError(f"TrainingSetting.{name} = {value!r}: expected {expected}")

        for name in ("beta", "target_high", "target_low", "gain", "v_one", "v_zero"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                bad(name, value, "a finite number")
        if self.beta <= 0:
            bad("beta", self.beta, "> 0 (1/A)")
        if not -1 < self.target_high < 1:
            bad("target_high", self.target_high, "inside (-1, 1), the range of tanh")
        if not -1 < self.target_low < self.target_high:
            bad("target_low", self.target_low, f"inside (-1, target_high={self.target_high})")
        if self.gain <= 0:
            bad("gain", self.gain, "> 0")
        if isinstance(self.max_epochs, bool) or not isinstance(self.max_epochs, int) or self.max_epochs < 0:
            bad("max_epochs", self.max_epochs, "an integer >= 0")
        if self.max_epochs > MAX_EPOCHS:
            bad("max_epochs", self.max_epochs, f"at most {MAX_EPOCHS} (2**31 - 1)")
        if self.v_one == self.v_zero:
            bad("v_zero", self.v_zero, f"different from v_one = {self.v_one}")

    def replace(self, **changes) -> "TrainingSetting":
        """A copy with some fields changed (and validated)."""
        return replace(self, **changes)

    def as_dict(self) -> dict:
        return asdict(self)


#: The published setting of the original tool (beta = 6e6 /A, t = +-0.8, K = 10, E = 50).
REFERENCE = TrainingSetting()
#: The knobs that train most crossbars: the Monte Carlo study (book chapter 5,
#: scripts/montecarlo_study.py) searched beta, targets and epochs with the device and its
#: reference offsets fixed. On the default device 47.9 % of crossbars train (95 % CI
#: 47.7-48.1 %, 200,000 trials) against 0.013 % at REFERENCE. Only beta*K matters (I scales
#: with K), so K keeps the reference value.
DEFAULT = TrainingSetting(beta=6e7, target_high=0.9, target_low=-0.9, gain=10.0, max_epochs=100)
PRESETS = {"reference": REFERENCE, "default": DEFAULT}
