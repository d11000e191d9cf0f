"""Whether a rate under cycle-to-cycle noise is a tolerance or a search: one test for every chapter.

Under write noise a rule's rate above a bar is not yet a tolerance: the noise walks each device off
its curve, and a crossbar that meets its targets may have been found by the noise as much as
trained. A control with random update signs on the same crossbars and the same noise draws
(:func:`crossbar.training.controls.train_controlled`) measures what chance trains. A noise level
counts as **tolerated** against a bar only if all four hold:

1. *the bar decides*: chance cannot meet it; the control's 95 % interval lies wholly below the bar's
   own 95 % interval (a bar computed from a sampled rate, such as 90 % of another rule's rate, has
   one; a fixed goal such as 95 % is its own interval);
2. *above the bar*: the rule's 95 % interval lies wholly above the bar's;
3. *beats chance*: the rule's 95 % interval lies wholly above the control's;
4. *a walk below one window*: the noise a device has accumulated, c2c·√n windows after n pulses, stays
   below one window, beyond which a device's state is mostly chance (the chapter says which device's
   n it takes).

A bar that chance reaches within its own sampling error cannot tell training from search, whatever
the rule's rate: condition 1 makes that a refusal rather than a pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..numbers import real
from .stats import wilson_interval

__all__ = ["ChanceTest", "chance_test"]


@dataclass(frozen=True)
class ChanceTest:
    """What :func:`chance_test` returns: the intervals it compared and the four conditions."""

    rule: tuple  # (rate, low, high): the rule's share trained, 95 % Wilson interval
    control: tuple  # (rate, low, high): the random-sign control's, on the same crossbars
    bar: tuple  # (low, high): the bar's 95 % interval (low == high for a fixed goal)
    walk: float  # the accumulated walk, in windows

    @property
    def bar_decides(self) -> bool:
        """Chance cannot meet the bar: the control's interval lies wholly below the bar's."""
        return self.control[2] < self.bar[0]

    @property
    def above_bar(self) -> bool:
        return self.rule[1] > self.bar[1]

    @property
    def beats_chance(self) -> bool:
        return self.rule[1] > self.control[2]

    @property
    def walk_below_window(self) -> bool:
        return self.walk < 1.0

    @property
    def tolerated(self) -> bool:
        return self.bar_decides and self.above_bar and self.beats_chance and self.walk_below_window

    @property
    def reason(self) -> str:
        """Why the level is not tolerated, in words ("" when it is): the first condition that fails."""
        if not self.bar_decides:
            return (f"chance can meet the bar (random signs train up to {self.control[2]:.1%}, "
                    f"and the bar's own interval reaches down to {self.bar[0]:.1%})")
        if not self.above_bar:
            return f"the rule's interval reaches down to {self.rule[1]:.1%}, not wholly above the bar"
        if not self.beats_chance:
            return "the rule's interval and the random-sign control's overlap"
        if not self.walk_below_window:
            return f"the walk reaches {self.walk:.2f} windows, where a device's state is mostly chance"
        return ""


def _count(value, name):
    """(k, n) of a rate, or TypeError / ValueError naming `name`."""
    if not isinstance(value, tuple) or len(value) != 2:
        raise TypeError(f"{name} = {value!r}: expected (trained, trials), two whole numbers")
    k, n = value
    try:  # refuses what is not 0 <= k <= n, n >= 1, naming the counts, not which pair held them
        low, high = wilson_interval(k, n)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{name} = {value!r}: {exc}") from None
    return (k / n, low, high)


def chance_test(rule, control, bar, walk) -> ChanceTest:
    """Test one noise level: the rule's rate against a bar, with chance ruled out (module docstring).

    Parameters
    ----------
    rule, control : (int, int)
        (crossbars trained, crossbars run) of the rule and of its random-sign control, on the same
        crossbars under the same noise.
    bar : float or (float, float)
        The bar, a share of crossbars: a fixed goal, or the (low, high) 95 % interval of a bar
        computed from a sampled rate.
    walk : float
        The accumulated walk c2c·√n, in windows.
    """
    rule_rate, control_rate = _count(rule, "rule"), _count(control, "control")
    if isinstance(bar, tuple):
        if len(bar) != 2:
            raise TypeError(f"bar = {bar!r}: expected a share or its (low, high) interval")
        bar_low, bar_high = (real(b, "bar", "a share between 0 and 1") for b in bar)
    else:
        bar_low = bar_high = real(bar, "bar", "a share between 0 and 1")
    if not 0.0 <= bar_low <= bar_high <= 1.0:
        raise ValueError(f"bar = {bar!r}: expected a share between 0 and 1 (low <= high)")
    walk = real(walk, "walk", "a walk in windows, 0 or more")
    if walk < 0:
        raise ValueError(f"walk = {walk!r}: expected a walk in windows, 0 or more")
    return ChanceTest(rule_rate, control_rate, (bar_low, bar_high), walk)
