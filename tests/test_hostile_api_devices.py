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


# ------------------------------------------------------------------ N2: unsigned numpy integers are numbers

@pytest.mark.parametrize("kind", [np.uint8, np.uint16, np.uint32, np.uint64, np.int16])
def test_neurosim_device_takes_states_of_any_numpy_integer_type(kind, recwarn):
    """-p_max / a on an unsigned states wrapped around: "never rises above its first point", overflow warnings."""
    from crossbar import devices
    made = devices.neurosim_device(2.0, states=kind(64))
    assert np.array_equal(made.conductance, devices.neurosim_device(2.0, states=64).conductance)
    assert made.metadata["states"] == 64 and type(made.metadata["states"]) is int
    assert not recwarn.list


@pytest.mark.parametrize("states, error, message", [
    (1, ValueError, "states = 1: expected a whole number of pulses 2 ... 100000"),
    (64.0, ValueError, "states = 64.0: expected a whole number of pulses 2 ... 100000, got float"),
    ("64", TypeError, "states = '64': expected a whole number of pulses"),
    (np.uint64(2**64 - 1), ValueError, "states = 18446744073709551615: expected a whole number"),
])
def test_neurosim_device_refuses_states_by_name(states, error, message):
    from crossbar import devices
    with raises(error, message):
        devices.neurosim_device(2.0, states=states)
