"""Probe 5, the devices' part of the API under attack: numbers beyond CPython's 4,300-digit text limit,
unsigned numpy integers, the law functions' parameters, sizes checked before allocating, the writers and
readers of device files, cycles and the energy model: a TypeError or ValueError naming the argument, never
a raw error from inside, a RuntimeWarning or an unphysical number returned as success."""

import re

import numpy as np
import pytest

import crossbar

#: An integer beyond CPython's limit for int -> str (4,300 digits): str() of it raises ValueError.
HUGE = 10**5000


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


# ------------------------------------------------------------------ N1: integers of more than 4,300 digits

@pytest.mark.parametrize("value, text", [
    (10**20, "an integer of 21 digits"), (10**20 - 1, "99999999999999999999"), (-10**400, "-an integer of 401 digits"),
    (HUGE, "an integer of 5001 digits"), (HUGE - 1, "an integer of 5000 digits"), (-HUGE, "-an integer of 5001 digits"),
], ids=["1e20", "1e20-1", "-1e400", "1e5000", "1e5000-1", "-1e5000"])  # pytest's own ids would str() it
def test_shown_counts_the_digits_of_any_integer(value, text):
    assert crossbar.numbers.shown(value) == text


@pytest.mark.parametrize("call, message", [
    (lambda: crossbar.DEFAULT.replace(max_epochs=HUGE), "TrainingSetting.max_epochs = an integer of 5001 digits"),
    (lambda: crossbar.DEFAULT.replace(max_epochs=-HUGE), "TrainingSetting.max_epochs = -an integer of 5001 digits"),
    (lambda: crossbar.Study(seed=HUGE), "Study.seed = an integer of 5001 digits"),
    (lambda: crossbar.sample_offsets(seed=HUGE), "seed = an integer of 5001 digits"),
    (lambda: crossbar.Nonidealities(c2c=HUGE), "Nonidealities.c2c = an integer of 5001 digits"),
    (lambda: crossbar.EnergyModel(write_voltage=HUGE), "EnergyModel.write_voltage = an integer of 5001 digits"),
    (lambda: crossbar.default_device().at(HUGE), "an integer of 5001 digits is outside 0"),
])
def test_a_refusal_quotes_an_integer_of_5000_digits_by_its_length(call, message):
    with raises(ValueError, message):
        call()
