"""Probe 5, the devices' part of the API under attack: numbers beyond CPython's 4,300-digit text limit,
unsigned numpy integers, the law functions' parameters, sizes checked before allocating, the writers and
readers of device files, cycles and the energy model: a TypeError or ValueError naming the argument, never
a raw error from inside, a RuntimeWarning or an unphysical number returned as success."""

import re
import warnings

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


# ------------------------------------------------------------------ N3: the law functions check their parameters

M = np.arange(10.0)


@pytest.mark.parametrize("call, message", [
    (lambda laws: laws.stretched_exponential(M, 1e-6, 1e-7, 0.0, 1.0), "tau = 0.0: expected a finite number > 0"),
    (lambda laws: laws.stretched_exponential([-1.0], 1e-6, 1e-7, 10.0, 0.5), "m: expected finite pulse counts >= 0"),
    (lambda laws: laws.stretched_exponential(M, 1e-6, 1e-7, 10.0, np.nan), "stretch = nan: expected a finite"),
    (lambda laws: laws.logarithmic(M, 1e-6, 1e-7, 0.0), "m0 = 0.0: expected a finite number > 0"),
    (lambda laws: laws.logarithmic([-5.0], 1e-6, 1e-7, 1.0), "m: expected finite pulse counts >= 0, got -5.0"),
    (lambda laws: laws.power_law([-1.0], 1e-6, 1e-7, 0.5, 10.0), "m: expected finite pulse counts >= 0, got -1.0"),
    (lambda laws: laws.power_law(M, 1e-6, 1e-7, 0.5, 0.0), "m_max = 0.0: expected a finite number > 0"),
    (lambda laws: laws.power_law(M, 1e-6, 1e-7, -0.5, 9.0), "exponent = -0.5: expected a finite number > 0"),
    (lambda laws: laws.neurosim_potentiation(M, 1e-7, 1e-6, 10.0, 0.0), "a = 0.0: expected a finite number > 0"),
    (lambda laws: laws.neurosim_potentiation(M, 1e-7, 1e-6, 0.0, 3.0), "p_max = 0.0: expected a finite number > 0"),
    (lambda laws: laws.neurosim_depression(M, 1e-7, 1e-6, 10.0, -1e-3), "a = -0.001: expected a finite number > 0"),
    (lambda laws: laws.neurosim_depression([-1.0], 1e-7, 1e-6, 10.0, 3.0), "q: expected finite pulse counts >= 0"),
    (lambda laws: laws.soft_bounds_potentiation(M, 1e-7, 1e-6, -5.0), "alpha = -5.0: expected a fraction 0 < alpha"),
    (lambda laws: laws.soft_bounds_depression(M, 1e-6, 1e-7, 1.5), "alpha = 1.5: expected a fraction 0 < alpha <= 1"),
    (lambda laws: laws.stretched_exponential(M, "1e-6", 1e-7, 3.0, 1.0), "g0 = '1e-6': expected a finite number"),
    # parameters each valid, a result outside the physical range: refused, not returned as conductances
    (lambda laws: laws.soft_bounds_potentiation(M, -1e-7, 1e-6, 0.5),
     "soft_bounds_potentiation with g_start = -1e-07, g_max = 1e-06, alpha = 0.5 gives -1.000000000000001e-07 S at "
     "m = 0.0: expected conductances within the physical range 1e-15 ... 1 S"),
    (lambda laws: laws.logarithmic([1e300], 1e-6, 1e-2, 1.0),
     "logarithmic with g0 = 1e-06, amplitude = 0.01, m0 = 1.0 gives 6.9"),
    (lambda laws: laws.power_law(M, 1e-6, 1e300, 20.0, 1e-300), "gives inf S at m = 1.0"),
])
def test_the_law_functions_refuse_parameters_that_give_no_conductance(call, message):
    """tau = 0 or a = 0 gave NaN, inf or a ZeroDivisionError with RuntimeWarnings, alpha < 0 conductances of -9 S."""
    from crossbar.devices import laws
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning on the way to the refusal
        with raises(ValueError if "'1e-6'" not in message else TypeError, message):
            call(laws)


def test_the_law_functions_give_what_they_gave_on_valid_parameters():
    """The checks are on the way in and out: the numbers in between are the law's, and the fits are unchanged."""
    from crossbar.devices import laws
    m = np.arange(50.0)
    expected = 1e-7 + 1e-6 * (1.0 - np.exp(-np.power(m / 7.0, 0.8)))
    assert np.array_equal(laws.stretched_exponential(m, 1e-7, 1e-6, 7.0, 0.8), expected)
    b = (1e-6 - 1e-7) / -np.expm1(-49 / 20.0)
    assert np.array_equal(laws.neurosim_potentiation(m, 1e-7, 1e-6, np.uint64(49), 20.0),
                          b * -np.expm1(-m / 20.0) + 1e-7)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        huge = laws.stretched_exponential(m, 1e-7, 1e-6, 1e-300, 1e3)  # exp of an overflowing power: the law's limit
    assert np.array_equal(huge[1:], np.full(49, 1e-7 + 1e-6))


@pytest.mark.parametrize("median, sigma, message", [
    (3e-8, 20, "sigma = 20: lognormal draws around median 3e-08 S exceed 1 S, outside the physical range 1e-15 ... 1 S, "
               "for 0.19 of the devices (more than 1e-06); expected sigma < 3.644"),
    (1, 5, "sigma = 5: lognormal draws around median 1 S exceed 1 S"),
    (1e-3, 2.0, "expected sigma < 1.453"),
])
def test_a_lognormal_whose_draws_often_leave_the_physical_range_is_refused(median, sigma, message):
    """sigma = 20 drew offsets of 1e24 S, and sample_offsets returned them as offsets. The bound is the share of
    devices drawing above 1 S (probe 6, M7: tests/test_hostile_api_probe6_devices.py), no longer every draw."""
    with raises(ValueError, message):
        crossbar.Lognormal(median, sigma)



def _cycles():
    return np.vstack([crossbar.default_device().conductance * (1 + 0.01 * k) for k in range(3)])


@pytest.mark.parametrize("call, error, message", [
    (lambda c: c.combine(_cycles(), cycle=0), ValueError,
     "cycle = 0: 3 cycles given; expected a cycle number 1 ... 3 (cycle numbers start at 1)"),  # was the last one
    (lambda c: c.combine(_cycles(), cycle=4), ValueError, "cycle = 4: 3 cycles given; expected a cycle number 1"),
    (lambda c: c.combine(_cycles(), cycle=2.0), ValueError, "cycle = 2.0: expected a cycle number 1 ... 3"),
    (lambda c: c.combine(_cycles(), cycle=HUGE), ValueError, "cycle = an integer of 5001 digits"),
    (lambda c: c.combine(None), TypeError, "cycles: expected a list of 1-D arrays of conductances"),
    (lambda c: c.combine([]), ValueError, "cycles: expected at least one cycle, got none"),
    (lambda c: c.combine(np.full((2, 5), np.nan)), ValueError, "cycles[0][0] = nan: expected finite conductances"),
    (lambda c: c.cycle_matrix(None), TypeError, "cycles: expected a list of 1-D arrays"),
    (lambda c: c.cycle_matrix([[1e-7, 2e-7], [[1e-7]]]), ValueError, "cycles[1]: expected a 1-D array"),
])
def test_combine_and_cycle_matrix_refuse_by_name(call, error, message):
    from crossbar.devices import cycles
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Mean of empty slice" came with the all-NaN curve
        with raises(error, message):
            call(cycles)


E = crossbar.EnergyModel()
G = np.full((1, 2, 2), 1e-7)


@pytest.mark.parametrize("call, error, message", [
    (lambda: E.write(-G, -G, np.ones((1, 2, 2))), ValueError,
     "EnergyModel.write: before[0, 0, 0] = -1e-07 S: expected conductances in the physical range"),  # was -1.28e-13 J
    (lambda: E.write(G, G * np.nan, np.ones((1, 2, 2))), ValueError, "EnergyModel.write: after[0, 0, 0] = nan S"),
    (lambda: E.write(None, None, None), TypeError, "EnergyModel.write: pulses must be an array (B, ...) of pulse"),
    (lambda: E.write(None, G, np.ones((1, 2, 2))), TypeError, "EnergyModel.write: before must be an array of device"),
    (lambda: E.write(np.ones((1, 2, 3)) * 1e-7, G, np.ones((1, 2, 2))), ValueError,
     "EnergyModel.write: before has shape (1, 2, 3), the pulses (1, 2, 2): expected the pulses' shape"),
    (lambda: E.write(G, G, 1), ValueError, "EnergyModel.write: pulses must have a leading trial axis"),
    (lambda: E.read(np.ones((1, 3, 5)), np.ones((1, 4, 2)) * 1e-7), ValueError,
     "EnergyModel.read: voltages (1, 3, 5) and conductance (1, 4, 2): expected finite voltages (B, P, N)"),
    (lambda: E.read(None, None), TypeError, "EnergyModel.read: voltages must be an array (B, P, N)"),
    (lambda: E.read(np.ones((1, 3, 2)), -G), ValueError, "EnergyModel.read: conductance[0, 0, 0] = -1e-07 S"),
])
def test_the_energy_model_refuses_what_gives_no_energy(call, error, message):
    with raises(error, message):
        call()


def test_the_energy_model_gives_what_it_gave():
    pulses = np.array([[[1, 0], [0, -1]]])
    assert E.write(G, 2 * G, pulses).tolist() == [2 * E.write_voltage ** 2 * 0.5 * 3e-7 * E.write_width]
    assert E.write(G, 2 * G, pulses != 0).tolist() == E.write(G, 2 * G, pulses).tolist()  # the resets' booleans


# ------------------------------------------------------------------ N4: sizes checked, memory estimated first

@pytest.mark.parametrize("call, error, message", [
    (lambda r: r.uniform(1, [0], -1), ValueError, "size = -1: expected a number of draws per trial >= 0"),
    (lambda r: r.uniform(1, [0], 2.7), ValueError, "size = 2.7: expected a number of draws per trial >= 0, got float"),
    (lambda r: r.uniform(1, [0], "3"), TypeError, "size = '3': expected a number of draws per trial >= 0, got str"),
    (lambda r: r.uniform(1, [0], None), TypeError, "size = None: expected a number of draws"),
    (lambda r: r.uniform(1, [0], 10**13), ValueError, "1 trials x size = 10000000000000 draws needs about 72.8 TiB"),
    (lambda r: r.uniform(1, [0], 2**63), ValueError, "1 trials x size = 9223372036854775808 draws needs about"),
    (lambda r: r.uniform(1, np.zeros(10**6, np.int64), 10**7), ValueError, "1000000 trials x size = 10000000 draws"),
    (lambda r: r.standard_normal(1, [0], -5), ValueError, "size = -5: expected a number of draws per trial >= 0"),
    (lambda r: r.standard_normal(1, [-1], 5), ValueError, "trials: -1 is outside 0 ... 9223372036854775807"),
    (lambda r: r.standard_normal(HUGE, [0], 5), ValueError, "seed must be an integer from 0 to 2**63 - 1, got an "
                                                            "integer of 5001 digits"),
])
def test_the_random_streams_check_their_request(call, error, message):
    from crossbar import random
    with raises(error, message):
        call(random)


DISTRIBUTIONS = [crossbar.RescaledLognormal(), crossbar.RescaledExponential(), crossbar.Lognormal(),
                 crossbar.NoOffsets(), crossbar.FixedOffsets(np.full((4, 4), 3e-8))]


@pytest.mark.parametrize("distribution", DISTRIBUTIONS, ids=lambda d: type(d).__name__)
@pytest.mark.parametrize("args, error, message", [
    ((1, [0], (-1, 4)), ValueError, "shape = (-1, 4): expected a tuple of sizes >= 1, e.g. (N, C)"),
    ((1, [0], (10**6, 10**6)), ValueError, "the offsets of 1 trials of shape (1000000, 1000000) needs about 21.8 TiB"),
    ((1, [0], "abc"), TypeError, "shape: expected a tuple of sizes >= 1, e.g. (N, C), got str"),
    ((1, [0], (4, 4.0)), ValueError, "shape[1] = 4.0: expected a tuple of sizes >= 1"),
    ((1, [-1], (4, 4)), ValueError, "trials: -1 is outside 0 ... 9223372036854775807"),
    ((1, [1.5], (4, 4)), TypeError, "trials must hold integers, got float"),
    ((None, [0], (4, 4)), ValueError, "seed must be an integer from 0 to 2**63 - 1, got None"),
])
def test_every_distribution_checks_what_it_is_asked_to_draw(distribution, args, error, message):
    """NoOffsets and FixedOffsets took seed None and trials [-1]; the others raised raw numpy errors."""
    with raises(error, message):
        distribution.sample(*args)


@pytest.mark.parametrize("distribution", DISTRIBUTIONS[:2], ids=lambda d: type(d).__name__)
def test_a_rescaled_distribution_needs_two_offsets_a_crossbar(distribution):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # one offset rescaled onto [lo, hi] was 0 / 0
        with raises(ValueError, "shape = (1, 1): rescaling onto [lo, hi] needs at least 2 offsets a crossbar"):
            distribution.sample(0, [0], (1, 1))


# ------------------------------------------------------------------ N6/N8: the memory budget's own arguments

@pytest.mark.parametrize("call, error, message", [
    (lambda rs: rs.format_bytes("5"), TypeError, "n = '5': expected a number of bytes >= 0, got str"),  # was '5 B'
    (lambda rs: rs.format_bytes(-1), ValueError, "n = -1: expected a number of bytes >= 0"),
    (lambda rs: rs.require_memory(float("nan"), "a test"), ValueError, "nbytes = nan: expected a number of bytes"),
    (lambda rs: rs.require_memory("10", "a test"), TypeError, "nbytes = '10': expected a number of bytes >= 0"),
    (lambda rs: rs.require_memory(HUGE, "a test"), ValueError, "a test needs about 9.52e+285 PiB or more of memory"),
])
def test_the_memory_budget_checks_its_numbers(call, error, message):
    from crossbar import resources
    with raises(error, message):
        call(resources)


# ------------------------------------------------------------------ N5/N8: writers and readers of device files

@pytest.mark.parametrize("call, error, message", [
    (lambda d, p: d.write_pulse_train(p, crossbar.default_device().conductance[::-1].copy()), ValueError,
     "conductance: the potentiation branch falls in time order"),  # load_device refused what was written
    (lambda d, p: d.write_pulse_train(p, np.linspace(5e-7, 6e-7, 20), depression=np.linspace(6e-7, 7e-7, 20)),
     ValueError, "depression: the depression branch rises in time order"),
    (lambda d, p: d.write_pulse_train(p, np.linspace(5e-7, 6e-7, 20), extra_header="x"), TypeError,
     "extra_header: expected a dict of more 'Key: value' header lines, or None, got str"),
    (lambda d, p: d.write_offsets(p, np.zeros((0, 4))), ValueError,
     "offsets must be a matrix (N, C) of at least one offset, got shape (0, 4)"),  # read back: "no offset rows"
    (lambda d, p: d.read_offset_matrix(p, None), TypeError, "shape: expected the crossbar's (N, C), two sizes >= 1"),
    (lambda d, p: d.read_offset_matrix(p, (4,)), ValueError, "shape = (4,): expected the crossbar's (N, C)"),
    (lambda d, p: crossbar.load_device(""), ValueError, "path = '': expected the path of a device file, got an empty"),
    (lambda d, p: crossbar.load_device(d.files.DEFAULT_DEVICE_FILE, depression=""), ValueError,
     "depression = '': expected the path of a"),
])
def test_the_device_files_writers_and_readers_refuse_by_name(tmp_path, call, error, message):
    from crossbar import devices
    path = tmp_path / "out.txt"
    with raises(error, message):
        call(devices, path)
    assert not list(tmp_path.iterdir())  # nothing written
