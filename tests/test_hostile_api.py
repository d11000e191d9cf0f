"""The API under attack: numpy scalars are numbers, anything else is a TypeError or ValueError naming
the argument; never an OverflowError, a truncated float, a dropped imaginary part or a raw MemoryError."""

import importlib
import os
import re
import warnings

import numpy as np
import pytest

import crossbar
from crossbar import cli
from crossbar.devices import laws
from crossbar.numbers import index_array, integer, real
from crossbar.studies import StoreError
from crossbar.studies.stats import wilson_interval


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


# ------------------------------------------------------------------ numbers (issue 20, point 9)

def test_numpy_scalars_are_numbers_and_keep_their_value():
    s = crossbar.TrainingSetting(beta=np.float32(6e7), max_epochs=np.int64(5), gain=np.int32(10))
    assert (s.beta, s.max_epochs, s.gain) == (6e7, 5, 10)
    assert type(s.beta) is float and type(s.max_epochs) is int and type(s.gain) is float
    assert crossbar.Nonidealities(c2c=np.float16(0.5)).c2c == 0.5
    assert crossbar.Lognormal(np.float64(3e-8), np.float32(0.5)).describe() == {
        "kind": "lognormal", "median": 3e-8, "sigma": 0.5}
    # a float knob is a float whatever it came as: gain=10 and gain=10.0 are one study (probe 6, M1); a folder
    # written when an int stayed an int still resumes (tests/test_hostile_api_probe6_studies.py)
    assert type(crossbar.TrainingSetting(gain=10).as_dict()["gain"]) is float


@pytest.mark.parametrize("call, error, message", [
    (lambda: crossbar.TrainingSetting(beta=10**400), ValueError, "TrainingSetting.beta = an integer of 401 digits"),
    (lambda: crossbar.TrainingSetting(beta="6e7"), TypeError, "TrainingSetting.beta = '6e7': expected a finite"),
    (lambda: crossbar.TrainingSetting(beta=6e7 + 0j), TypeError, "TrainingSetting.beta = (60000000+0j)"),
    (lambda: crossbar.TrainingSetting(gain=True), TypeError, "TrainingSetting.gain = True"),
    (lambda: crossbar.TrainingSetting(max_epochs=5.0), ValueError, "TrainingSetting.max_epochs = 5.0: expected an "
                                                                   "integer >= 0"),
    (lambda: crossbar.TrainingSetting(max_epochs=np.float64(2.7)), ValueError, "max_epochs = np.float64(2.7)"),
    (lambda: crossbar.Nonidealities(c2c=10**400), ValueError, "Nonidealities.c2c = an integer of 401 digits"),
    (lambda: crossbar.Nonidealities(read_noise=1j), TypeError, "Nonidealities.read_noise = 1j"),
    (lambda: crossbar.RescaledLognormal(10**400, 1e-7), ValueError, "RescaledLognormal.lo = an integer of 401"),
    (lambda: crossbar.RescaledLognormal(spread=-10**400), ValueError, "RescaledLognormal.spread = -an integer"),
    (lambda: crossbar.Lognormal(1j), TypeError, "Lognormal.median = 1j"),
    (lambda: crossbar.sample_offsets(trials=[1.5, 2.7]), TypeError, "trials must hold integers, got float"),
    (lambda: crossbar.sample_offsets(trials=[2**63]), ValueError, "trials: 9223372036854775808 is outside 0"),
    (lambda: crossbar.sample_offsets(trials=[2**64]), ValueError, "trials: 18446744073709551616 is outside"),
    (lambda: crossbar.sample_offsets(trials=np.array([2**63], np.uint64)), ValueError, "is outside 0 ..."),
    (lambda: crossbar.sample_offsets(trials=[True, False]), TypeError, "trials must hold integers, got bool"),
    (lambda: crossbar.sample_offsets(trials=np.uint64(2**63)), ValueError, "9223372036854775808): expected an integer from 0 to 2**63 - 1"),
    (lambda: crossbar.train_batch(crossbar.default_device(), crossbar.sample_offsets(trials=2), trials=[1.5, 2.7]),
     TypeError, "trials must hold integers, got float"),
    (lambda: crossbar.train_batch(crossbar.default_device(), crossbar.sample_offsets(trials=1), trials=[2**63]),
     ValueError, "trials: 9223372036854775808 is outside 0"),
    (lambda: crossbar.train(offsets=np.full((4, 4), 5e-8 + 1e-9j)), TypeError, "got complex values"),
    (lambda: crossbar.train_batch(crossbar.default_device(), np.full((4, 4), 5e-8 + 0j)), TypeError,
     "offsets must be an array of offsets in siemens, got complex values"),
    (lambda: crossbar.train(offsets=[[10**400] * 4] * 4), ValueError, "beyond the range of a double"),
    (lambda: crossbar.train(offsets=np.full((4, 4), True)), TypeError, "got bool values"),
    (lambda: wilson_interval(float("nan"), 10), ValueError, "successes = nan: expected whole numbers"),
    (lambda: wilson_interval(3, 10.5), ValueError, "trials = 10.5: expected whole numbers"),
    (lambda: wilson_interval("3", 10), TypeError, "successes must be a whole number"),
    (lambda: wilson_interval(3, 10, z=float("nan")), ValueError, "z = nan"),
    (lambda: crossbar.evaluate(None, None, None), TypeError, "patterns must be a PatternSet, got NoneType"),
    (lambda: crossbar.evaluate(None, crossbar.diagonals_training(), None), TypeError,
     "setting must be a TrainingSetting, got NoneType"),
    (lambda: crossbar.evaluate(None, crossbar.diagonals_training(), crossbar.DEFAULT), TypeError,
     "conductance must be an array of real conductances"),
    (lambda: crossbar.evaluate(np.ones((3, 4)), crossbar.diagonals_training(), crossbar.DEFAULT), ValueError,
     "conductance has shape (3, 4); the patterns need (..., 4, 4)"),
    (lambda: crossbar.evaluate(np.full((4, 4), np.inf), crossbar.diagonals_training(), crossbar.DEFAULT), ValueError,
     "conductance must be finite (siemens)"),  # found by the fuzzing: NaN activations
])
def test_bad_api_values_name_the_argument(call, error, message):
    with raises(error, message):
        call()


def test_the_number_helpers_never_overflow_truncate_or_wrap():
    for value in (10**400, -(10**400), float("inf"), float("nan"), np.float64("nan")):
        with pytest.raises(ValueError):
            real(value, "x")
    for value in (None, "1", b"1", 1j, True, np.bool_(True), [1.0], np.array([1.0])):
        with pytest.raises(TypeError):
            real(value, "x")
    assert integer(np.uint8(7), "n") == 7 and type(integer(np.uint8(7), "n")) is int
    with pytest.raises(ValueError):
        integer(2.0, "n")
    np.testing.assert_array_equal(index_array(np.array([0, 2**63 - 1], np.uint64), "t"), [0, 2**63 - 1])
    for values in ([-1], [0, 2**63], np.array([2**64 - 1], np.uint64), [2**70]):
        with pytest.raises(ValueError):
            index_array(values, "t")
    for values in ([0.0], [1.5], ["1"], [None], [[0]], 3, "0,1", None, [0, 1j]):
        with pytest.raises((TypeError, ValueError)):
            index_array(values, "t")


# ------------------------------------------------------------------ memory before allocating (point 8)

@pytest.mark.parametrize("trials", [10**12, 3 * 10**8, 2**63 - 1])
def test_an_impossible_draw_is_refused_before_any_array_is_made(trials, monkeypatch):
    def no_arange(*args, **kwargs):
        raise AssertionError("np.arange was called before the memory check")

    monkeypatch.setattr(crossbar.resources, "available_memory", lambda: 2**30)  # 1 GiB: the same on any machine
    monkeypatch.setattr(np, "arange", no_arange)
    with pytest.raises(crossbar.resources.ResourceError, match=f"the offsets of {trials} trials needs about"):
        crossbar.sample_offsets(trials=trials)


def test_a_drawable_number_of_trials_still_draws_the_same_offsets():
    a = crossbar.sample_offsets(seed=3, trials=5)
    b = crossbar.sample_offsets(seed=3, trials=np.arange(5, dtype=np.uint16))
    np.testing.assert_array_equal(a, b)
    assert crossbar.sample_offsets(trials=[]).shape == (0, 4, 4)


# ------------------------------------------------------------------ networks (issue 23)

def _net_args():
    from crossbar.tasks import digits

    return crossbar.preset("taox-hfox"), crossbar.NETWORK.replace(hidden=4, max_epochs=1), digits(per_class=2)[0]


@pytest.mark.parametrize("change, error, message", [
    ({"device": "taox-hfox"}, TypeError, "device must be a DeviceCurve"),
    ({"setting": None}, TypeError, "setting must be a TrainingSetting, got NoneType"),
    ({"patterns": None}, TypeError, "patterns must be a PatternSet, got NoneType"),
    ({"test": "x"}, TypeError, "test must be a PatternSet, got str"),
    ({"test": "letters"}, ValueError, "test patterns have 10 inputs and 3 neurons, the training patterns 65 and 10"),
    ({"offsets": "x"}, TypeError, "offsets must be an OffsetDistribution (a network's layers draw theirs), got str"),
    ({"nonideal": {"c2c": 0.1}}, TypeError, "nonideal must be Nonidealities, got dict"),
    ({"energy": 2.0}, TypeError, "energy must be an EnergyModel, got float"),
    ({"seed": -1}, ValueError, "seed = -1: expected an integer from 0 to 2**63 - 1"),
    ({"units": "abs"}, ValueError, "units = 'abs'"),
    # the one physical range, in both forms (the reference trained devices of 5 ... 110 S)
    ({"offsets": crossbar.RescaledLognormal(0.5, 0.9)}, ValueError,
     "RescaledLognormal.lo = 0.5 S: at K = 10 a device starts at G = 5 S, outside the physical range"),
    ({"setting": crossbar.NETWORK.replace(hidden=4, max_epochs=1, gain=1e9)}, ValueError,
     "RescaledLognormal.lo = 1e-08 S: at K = 1e+09 a device starts at G = 10 S, outside the physical range"),
])
def test_network_arguments_are_refused_naming_the_argument(change, error, message):
    from crossbar.networks import network_reference, train_networks
    from crossbar.tasks import letters

    device, setting, patterns = _net_args()
    args = {"device": device, "setting": setting, "patterns": patterns}
    kwargs = {}
    for name, value in change.items():
        value = letters()[0] if value == "letters" else value
        (args if name in args else kwargs)[name] = value
    with raises(error, message):
        train_networks(args["device"], args["setting"], args["patterns"], **kwargs)
    if "test" not in change:  # the reference trains one network on its training set
        with raises(error, message):
            network_reference(args["device"], args["setting"], args["patterns"], **kwargs)


# ------------------------------------------------------------------ a later hostile probe

def test_numpy_integer_workers_are_workers_and_bools_are_not():
    import concurrent.futures as cf

    from crossbar.studies.execution import _close, _make_executor

    study = crossbar.Study(trials=4)
    np.testing.assert_array_equal(crossbar.run_study(study, workers=np.int64(0)).table,
                                  crossbar.run_study(study, workers=0).table)
    pool, threads, owned = _make_executor(None, np.int64(2))  # no process starts before a chunk is submitted
    try:
        assert isinstance(pool, cf.ProcessPoolExecutor) and pool._max_workers == 2 and threads == 1 and owned
    finally:
        _close(pool)
    for call in (lambda w: crossbar.run_study(study, workers=w), lambda w: _make_executor(None, w),
                 lambda w: crossbar.run_sweep(study, crossbar.Grid(beta=[1e7]), workers=w)):
        with raises(TypeError, "workers = True: expected an integer >= 0, got bool"):
            call(True)
        with raises(ValueError, "workers = -1: expected an integer >= 0"):
            call(np.int64(-1))
        with raises(ValueError, "workers = 1.0: expected an integer >= 0, got float"):
            call(1.0)


def _two_cycles():
    from crossbar.devices.files import parse_device

    rows = "".join(f"{1e-7 * (1 + 0.1 * k + 0.01 * (k % 3))},{1e-7 * (1 + 0.1 * k - 0.01 * (k % 2))}\n"
                   for k in range(12))
    return parse_device("cycle 1,cycle 2\n" + rows)


@pytest.mark.parametrize("call, error, message", [
    (lambda: crossbar.devices.laws.nl_label("1.0"), TypeError, "a_norm = '1.0': expected a normalised A / P_max"),
    (lambda: crossbar.devices.laws.nl_label(True), TypeError, "a_norm = True"),
    (lambda: crossbar.devices.laws.nl_label(0.5 + 0j), TypeError, "a_norm = (0.5+0j)"),
    (lambda: crossbar.devices.laws.nl_to_a("1.0"), TypeError, "nl = '1.0': expected NeuroSim's nonlinearity label"),
    (lambda: crossbar.devices.laws.nl_to_a(True), TypeError, "nl = True"),
    (lambda: crossbar.measured_c2c(_two_cycles(), "proportinal"), ValueError,
     "form = 'proportinal': expected one of additive, proportional, bounded"),
    (lambda: crossbar.measured_c2c(_two_cycles(), None), TypeError, "form must be one of 'additive', 'proportional', "
     "'bounded', got NoneType None"),  # no str is a TypeError, as every word argument's (probe 20c, U1)
    (lambda: crossbar.default_device().apply(np.array([1 + 1j, 1])), TypeError, "pulses must be numbers: +1"),
    (lambda: crossbar.default_device().apply([1, 1j]), TypeError, "got complex values"),
    (lambda: crossbar.default_device().apply([True, False]), TypeError, "pulses must be numbers: +1"),
    (lambda: crossbar.default_device().apply([1, None]), TypeError, "pulses must be numbers: +1"),
    (lambda: crossbar.default_device().apply([10**400]), ValueError, "pulses must be finite: a value is beyond"),
])
def test_labels_forms_and_pulses_are_refused_naming_the_argument(call, error, message):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a ComplexWarning is not a refusal
        with raises(error, message):
            call()


def test_the_measured_noise_of_each_form_is_still_measured():
    device = _two_cycles()
    additive = crossbar.measured_c2c(device)
    assert crossbar.measured_c2c(device, "bounded") == additive != crossbar.measured_c2c(device, "proportional")
    np.testing.assert_array_equal(crossbar.default_device().apply(np.array([1, 0, 1], object)).conductance,
                                  crossbar.default_device().apply([1.0, 0.0, 2.0]).conductance)


# ------------------------------------------------------------------ a setting the scale factor breaks

def _window_device(factor):
    """The embedded device's curve with its window (and every conductance) times `factor`: f = factor."""
    device = crossbar.default_device()
    return crossbar.DeviceCurve(device.conductance * factor, name=f"window x {factor:g}")


@pytest.mark.parametrize("factor, change, message", [
    (1e4, {"beta": 5e-324}, "setting.beta = 5e-324: in relative units the devices get it divided by the device's "
                            "scale factor r = 1e+04"),
    (1e-4, {"beta": 1e308}, "setting.beta = 1e+308: in relative units the devices get it divided by the device's "
                            "scale factor r = 0.0001 (its window over the embedded device's), which makes it inf"),
    (1e4, {"hidden": 4, "hidden_beta": 5e-324}, "setting.hidden_beta = 5e-324: in relative units"),
])
def test_a_setting_the_window_factor_takes_out_of_range_is_refused_naming_it(factor, change, message):
    device = _window_device(factor)
    setting = crossbar.DEFAULT.replace(**change)
    runs = [lambda: crossbar.Study(device=device, setting=setting, trials=10)]
    if not setting.network:
        runs.append(lambda: crossbar.train(device, setting))
    for run in runs:
        with raises(ValueError, message):
            run()
    if setting.beta > 1e300:  # taken as given in absolute units, and then too large for any current's product
        with raises(ValueError, "setting.beta = 1e+308: expected at most 8.99e+301 (1/A)"):
            crossbar.Study(device=device, setting=setting, trials=10, units="absolute")
    else:
        assert crossbar.Study(device=device, setting=setting, trials=10, units="absolute").setting == setting


@pytest.mark.parametrize("trials, error, message", [
    ([], ValueError, "trials is empty: expected at least one trial number"),
    (np.array([], np.float64), ValueError, "trials is empty"),
    ([-1], ValueError, "trials: -1 is outside 0"),
    ([0.0], TypeError, "trials must hold integers, got float"),
    ([True], TypeError, "trials must hold integers, got bool"),
])
def test_network_trials_are_refused_naming_them(trials, error, message):
    from crossbar.networks import train_networks

    with raises(error, message):
        train_networks(*_net_args(), trials=trials)


@pytest.mark.parametrize("build", ["letters", "digits", "mnist"])
@pytest.mark.parametrize("seed, error, message", [
    (-1, ValueError, "seed = -1: expected an integer from 0 to 2**63 - 1"),
    (2**64, ValueError, "seed = 18446744073709551616: expected an integer from 0 to 2**63 - 1"),
    (1.5, TypeError, "seed must be a non-negative integer, got float 1.5"),
    ("0", TypeError, "seed must be a non-negative integer, got str '0'"),
    (True, TypeError, "seed must be a non-negative integer, got bool True"),
])
def test_task_seeds_are_refused_naming_the_seed(build, seed, error, message):
    from crossbar import tasks

    with raises(error, message):
        getattr(tasks, build)(seed=seed)


def test_mnist_paths_are_refused_naming_the_argument_and_the_file(tmp_path):
    from crossbar.tasks import mnist

    (tmp_path / "lab").write_bytes(b"\0\0\x08\x01" + (5).to_bytes(4, "big") + bytes([3, 1, 4, 1, 5]))
    lab = tmp_path / "lab"
    for images, labels, error, message in [
        (3, lab, TypeError, "images must be a file path (str or Path), got int"),
        (lab, [lab], TypeError, "labels must be a file path (str or Path), got list"),
        ("", lab, ValueError, "images = '': expected the path of an MNIST IDX file"),
        ("a\0b", lab, ValueError, "images = 'a\\x00b': a file path holds no NUL character"),
        (tmp_path / "none", lab, ValueError, f"images = {tmp_path / 'none'}: cannot be read (No such file"),
        (tmp_path, lab, ValueError, f"images = {tmp_path}: not a regular file"),
        (lab, lab, ValueError, f"images = {lab}: not an MNIST IDX file of unsigned bytes with 3 dimension(s)"),
        (os.fsencode(lab), lab, ValueError, f"images = {lab}: not an MNIST IDX file"),
    ]:
        with raises(error, message):
            mnist(train=3, test=1, images=images, labels=labels)


# ------------------------------------------------------------------ probe 3: arguments silently ignored

def test_a_hidden_beta_without_hidden_neurons_is_refused_not_ignored(capsys):
    offsets = crossbar.sample_offsets(seed=0, trials=2)
    with raises(ValueError, "setting.hidden_beta = 1000000.0 sets the gain of hidden neurons, and setting.hidden "
                            "= 0 has none"):
        crossbar.train_batch(crossbar.default_device(), offsets, crossbar.DEFAULT.replace(hidden_beta=1e6))
    with raises(ValueError, "Study.setting.hidden_beta = 1000000.0 sets the gain of hidden neurons"):
        crossbar.Study(trials=5, setting=crossbar.DEFAULT.replace(hidden_beta=1e6))
    # the network preset made a single crossbar on the command line: its hidden gain has nothing to set
    assert cli.main(["montecarlo", "--preset", "network", "--hidden", "0", "--trials", "3", "--quiet"]) == 0


@pytest.mark.parametrize("device, message", [
    ("ag-si", "Study.device must be a DeviceCurve (crossbar.preset('ag-si') or crossbar.load_device(path)), "
              "got str 'ag-si'"),
    (None, "Study.device must be a DeviceCurve (crossbar.load_device(path)), got NoneType"),
])
def test_a_study_device_given_by_name_says_how_to_get_the_device(device, message):
    with raises(TypeError, message):
        crossbar.Study(trials=5, device=device)


OUTLIER_FILE = b"pulse,G (S)\n0,1e-6\n1,2e-6\n2,3e-3\n3,3.1e-6\n4,3.2e-6\n"  # one point 1000x off its neighbours


@pytest.mark.parametrize("call, name", [
    (lambda v: crossbar.devices.parse_device(OUTLIER_FILE, allow_outliers=v), "allow_outliers"),
    (lambda v: crossbar.train_batch(crossbar.default_device(), crossbar.sample_offsets(trials=1), history=v),
     "history"),
    (lambda v: crossbar.train_batch(crossbar.default_device(), crossbar.sample_offsets(trials=1), exact=v), "exact"),
    (lambda v: crossbar.tasks.digits(per_class=2, bias=v), "bias"),
    (lambda v: crossbar.tasks.letters(bias=v), "bias"),
    (lambda v: crossbar.tasks.task("diagonals", bias=v), "bias"),
    (lambda v: crossbar.run_study(crossbar.Study(trials=2), progress=v), "progress"),
])
def test_a_switch_takes_true_or_false_not_a_truthy_string(call, name):
    for value in ("no", "yes", 1, 0.0):
        with pytest.raises(TypeError, match=f"^{name} must be True"):
            call(value)
    call(np.bool_(name != "progress"))  # numpy's bool is a bool (no progress bar in a test)


def test_allow_outliers_no_does_not_let_an_outlier_through(tmp_path):
    path = tmp_path / "outlier.csv"
    path.write_bytes(OUTLIER_FILE)
    with raises(TypeError, "allow_outliers must be True or False, got str 'no'"):
        crossbar.load_device(path, allow_outliers="no")
    with pytest.raises(ValueError, match="Pass allow_outliers=True"):
        crossbar.load_device(path, allow_outliers=np.bool_(False))
    assert crossbar.load_device(path, allow_outliers=True).conductance.size == 5


# ------------------------------------------------------------------ probe 3: API errors that named nothing

CURVE = 1e-6 + 9e-6 * (1 - np.exp(-np.arange(50) / 15))  # the probe's reference curve, S


@pytest.mark.parametrize("device", ["f52_Rcycles.csv", None])
def test_measured_noise_of_a_path_or_none_is_a_type_error(device):
    with raises(TypeError, "device must be a DeviceCurve (crossbar.load_device(path) reads a file), got "):
        crossbar.measured_noise(device)


@pytest.mark.parametrize("call, error, message", [
    (lambda: laws.fit_saturating(np.r_[CURVE[:10], np.nan, CURVE[11:]]), ValueError,
     "conductance[10] = nan: expected finite conductances > 0, S"),
    (lambda: laws.fit_saturating(np.r_[CURVE[:3], np.inf, CURVE[4:]]), ValueError, "conductance[3] = inf"),
    (lambda: laws.fit_neurosim("abc"), TypeError, "conductance must be an array of conductances, S, got str"),
    (lambda: laws.fit_logarithmic(["1e-6"] * 9), TypeError, "conductance must be an array of conductances"),
    (lambda: laws.fit_power_law(-CURVE), ValueError, "conductance[0] = -1e-06: expected finite conductances > 0"),
    (lambda: laws.fit_neurosim(CURVE, depression=True), ValueError,
     "conductance, depression=True: the curve rises in time order"),
    (lambda: laws.fit_soft_bounds(CURVE[::-1]), ValueError,
     "conductance, a potentiation branch (depression=False): the curve falls in time order"),
    (lambda: laws.fit_soft_bounds(CURVE, depression="no"), TypeError, "depression must be True or False"),
])
def test_law_fits_refuse_what_is_no_conductance_curve_naming_it(call, error, message):
    with raises(error, message):
        call()


def test_an_empty_batch_is_refused_not_a_nan_rate():
    with raises(ValueError, "offsets hold no trial (shape (0, 4, 4)): expected at least one crossbar"):
        crossbar.train_batch(crossbar.default_device(), crossbar.sample_offsets(trials=3)[:0])


def test_load_study_says_when_the_folder_is_missing_or_a_file(tmp_path):
    (tmp_path / "afile").write_text("x")
    with raises(StoreError, "nothere: no such folder, expected a crossbar Monte Carlo study folder"):
        crossbar.load_study(tmp_path / "nothere")
    with raises(StoreError, "afile: is a file, expected a crossbar Monte Carlo study folder"):
        crossbar.load_study(tmp_path / "afile")
    with raises(StoreError, "afile: is a file, expected a crossbar Monte Carlo sweep folder"):
        crossbar.load_sweep(tmp_path / "afile")


# ------------------------------------------------------------------ issue 20 leftovers

@pytest.mark.parametrize("change, error, message", [
    ({"trials": 0}, ValueError, "trials = 0: expected the number of trials to scan, an integer >= 1"),
    ({"trials": -1}, ValueError, "trials = -1: expected an integer from 0 to 2**63 - 1"),
    ({"trials": 2.0}, TypeError, "trials must be a non-negative integer, got float 2.0"),
    ({"converged": "no"}, TypeError, "converged must be True or False, got str 'no'"),
    ({"min_epochs": -1}, ValueError, "min_epochs = -1: expected an integer from 0 to 2**63 - 1"),
])
def test_find_trial_names_its_own_arguments(change, error, message):
    from crossbar.studies import find_trial

    kwargs = {"converged": True, "trials": 5, **change}
    with raises(error, message):
        find_trial(crossbar.default_device(), crossbar.DEFAULT, **kwargs)
    assert find_trial(crossbar.default_device(), crossbar.DEFAULT, True, trials=np.int64(5)) == 1


@pytest.mark.parametrize("trials", [[-1], [1.5], [True], np.array([2**63], np.uint64), [2**63], np.zeros((1, 1), int),
                                    "0", -1, np.uint64(2**63), 1.0, True])
def test_apply_pulses_refuses_trials_in_the_words_of_train_batch_and_sample_offsets(trials):
    if np.ndim(trials) == 0:  # one trial number: sample_offsets' check of a count
        reference = lambda: crossbar.sample_offsets(trials=trials)
    else:
        reference = lambda: crossbar.train_batch(crossbar.default_device(), crossbar.sample_offsets(trials=1),
                                                 trials=trials)
    with pytest.raises((TypeError, ValueError)) as expected:
        reference()
    with raises(expected.type, str(expected.value)):  # a uint64 2**63 was taken, and wrapped to a negative trial
        crossbar.default_device().apply([1, 1], trials=trials)


def test_apply_pulses_and_evaluate_refuse_what_the_shared_helpers_refuse():
    with raises(ValueError, "trials is empty: expected at least one trial number"):  # as train_networks says
        crossbar.default_device().apply([1, 1], trials=[])
    with raises(TypeError, "conductance must be an array of real conductances in siemens, got complex values"):
        crossbar.evaluate(np.full((4, 4), 5e-8 + 0j), crossbar.diagonals_training(), crossbar.DEFAULT)
    with raises(TypeError, "patterns must be a PatternSet, got NoneType"):
        crossbar.evaluate(np.full((4, 4), 5e-8), None, crossbar.DEFAULT)


def test_apply_pulses_and_evaluate_give_the_same_numbers_for_any_accepted_form():
    device, pulses = crossbar.preset("ag-si"), np.tile([1, 1, -1, 0], (8, 3))
    noisy = crossbar.Nonidealities(c2c=0.05)
    first = device.apply(pulses, nonideal=noisy, seed=3, trials=np.arange(4)).conductance
    for trials in (range(4), [0, 1, 2, 3], np.arange(4, dtype=np.uint8), [np.int64(k) for k in range(4)]):
        np.testing.assert_array_equal(device.apply(pulses, nonideal=noisy, seed=3, trials=trials).conductance, first)
    np.testing.assert_array_equal(device.apply(pulses, nonideal=noisy, seed=3, trials=np.int64(2)).conductance,
                                  first[2:3])
    g = crossbar.train(setting=crossbar.DEFAULT.replace(max_epochs=5)).conductance
    patterns = crossbar.diagonals_training()
    f = crossbar.evaluate(g, patterns, crossbar.DEFAULT)
    np.testing.assert_array_equal(crossbar.evaluate(g.astype(object), patterns, crossbar.DEFAULT), f)
    np.testing.assert_array_equal(crossbar.evaluate(g.tolist(), patterns, crossbar.DEFAULT), f)


@pytest.mark.parametrize("trials", [range(5), range(9, 2, -3), range(0), range(2**63 - 2, 2**63), range(-1, 3),
                                    range(3, 2**63 + 2), range(5, -3, -2)])
def test_a_range_of_trials_is_checked_by_its_ends_as_a_list_is_element_by_element(trials):
    try:
        expected = index_array(list(trials) if len(trials) < 100 else [trials[0], trials[-1]], "trials")
    except ValueError as exc:
        with raises(ValueError, str(exc)):
            index_array(trials, "trials")
    else:
        np.testing.assert_array_equal(index_array(trials, "trials"), expected)


# ------------------------------------------------------------------ probe 4: C8-C12, C14 (public helpers)

def _studies():
    from crossbar import studies
    return studies


def _module(name):
    return importlib.import_module(name)


_CYCLES = np.cumsum(np.full((3, 6), 1e-8), axis=1) + 1e-7


@pytest.mark.parametrize("call, error, message", [
    (lambda: crossbar.networks.EnergyModel.of(None), TypeError, "device: expected a DeviceCurve"),
    (lambda: crossbar.networks.EnergyModel.of("ag-si"), TypeError, "load_device(path)), got str"),
    (lambda: _studies().summarize(None), TypeError, "table: expected a per-trial table"),
    (lambda: _studies().summarize(np.zeros(3)), TypeError, "a StudyResult's table), got ndarray"),
    (lambda: _studies().summarize(np.zeros(0, _studies().trial_dtype((4, 4)))), ValueError,
     "table: expected a 1-D table of at least one trial, got shape (0,)"),
    (lambda: _studies().outcome_of(None), TypeError, "table: expected a per-trial table"),
    (lambda: _studies().median_interval("abc"), TypeError, "values must be an array of real numbers, got str"),
    (lambda: _studies().min_visited_conductance(None, 1, 1, 1), TypeError, "curve must be a 1-D array of conductances"),
    (lambda: _studies().min_visited_conductance([1e-7, 2e-7], [[1]], [[1e-8, 0]], 10), ValueError,
     "pulse_count and offsets: expected arrays of one shape (B, N, C), got (1, 1) and (1, 2)"),
    (lambda: _studies().compare_rules(None, {"gated": {"rule": "gated"}}), TypeError, "study: expected a Study, got NoneType"),
    (lambda: _studies().compare_rules(crossbar.Study(trials=2), ["batchh"]), TypeError,
     "rules: expected a dict of label -> setting changes, e.g. {'gated': {'rule': 'gated'}}, got list"),
    (lambda: _studies().compare_rules(crossbar.Study(trials=2), {"g": "gated"}), TypeError,
     "rules['g']: expected a dict of setting changes"),
    (lambda: _studies().feasible_crossbars(crossbar.Study(trials=2), np.ones(3)), ValueError,
     "offsets: expected an array (T, N, C) of the study's (4, 4) crossbars, got shape (3,)"),
    (lambda: _studies().diagnose(None), TypeError, "result: expected a StudyResult (run_study's), got NoneType"),
    (lambda: _module("crossbar.studies.study").run_chunk(None, 0), TypeError, "study: expected a Study, got NoneType"),
    (lambda: _module("crossbar.studies.study").run_chunk(crossbar.Study(trials=2), 1), ValueError,
     "chunk = 1: expected a chunk number 0 ... 0"),
    (lambda: _module("crossbar.studies.study").run_chunk(crossbar.Study(trials=2), 0.0), ValueError, "chunk = 0.0: expected a chunk"),
    (lambda: _module("crossbar.studies.tolerance").preset_tolerances([], crossbar.DEFAULT, crossbar.REFERENCE_OFFSETS, {}, trials=2),
     TypeError, "devices: expected a dict of name -> DeviceCurve"),
    (lambda: _module("crossbar.studies.tolerance").preset_tolerances({"x": "ag-si"}, crossbar.DEFAULT, crossbar.REFERENCE_OFFSETS,
                                                    {"c2c": [0]}, trials=2), TypeError,
     "devices['x']: expected a DeviceCurve, got str"),
    (lambda: _module("crossbar.studies.tolerance").preset_tolerances({"x": crossbar.preset("ag-si")}, crossbar.DEFAULT,
                                                    crossbar.REFERENCE_OFFSETS, [0], trials=2), TypeError,
     "values: expected a dict of knob -> values"),
    (lambda: _module("crossbar.studies.tolerance").rule_convergence(crossbar.default_device(), "batch", crossbar.REFERENCE_OFFSETS,
                                                   setting=crossbar.DEFAULT, trials=2), TypeError,
     "rules: expected a list of rule names, e.g. ['batch', 'two-way'], got str"),
    (lambda: crossbar.devices.offsets_from_spec(None), TypeError, "spec: expected a dict of OffsetDistribution"),
    (lambda: crossbar.devices.offsets_from_spec({"kind": "lognormal", "median": 3e-8, "sigma": 0.5, "sgima": 1}),
     ValueError, "spec: lognormal has no field 'sgima'"),
    (lambda: _module("crossbar.devices.cycles").cycle_noise(None, 1e-7), TypeError,
     "branches: expected a list of (n, L) cycle matrices, got NoneType"),
    (lambda: _module("crossbar.devices.cycles").cycle_noise({"potentiation": _CYCLES}, 1e-7), TypeError,
     "branches: expected a list of (n, L) cycle matrices, got dict"),
    (lambda: _module("crossbar.devices.cycles").cycle_noise([_CYCLES], "1e-7"), TypeError, "window = '1e-7': expected a window"),
    (lambda: _module("crossbar.devices.presets").neurosim_device(2.0, metadata=[1]), TypeError,
     "metadata: expected a dict of what to record with the device, or None, got list"),
])
def test_public_helpers_name_the_argument_not_an_attribute_or_index_inside(call, error, message):
    """Probe 4, C9: each of these raised a bare AttributeError, IndexError, KeyError or TypeError
    (e.g. "'NoneType' object has no attribute 'metadata'") or iterated a string letter by letter."""
    with raises(error, message):
        call()


def test_public_helpers_still_answer_what_they_answered():
    studies = _studies()
    result = crossbar.run_study(crossbar.Study(trials=6), progress=False)
    assert studies.summarize(result.table) == result.summary()
    assert studies.outcome_of(result.table).trials == 6
    assert studies.diagnose(result, examine=np.int64(1))["failed"] == result.summary().trials - result.summary().converged
    g = crossbar.default_device().conductance
    assert studies.min_visited_conductance(g, np.zeros((1, 4, 4), np.int64), np.full((1, 4, 4), 3e-8), 10) == \
        pytest.approx(3e-7)
    for distribution in (crossbar.REFERENCE_OFFSETS, crossbar.Lognormal(3e-8, 0.5), crossbar.NoOffsets()):
        assert crossbar.devices.offsets_from_spec(distribution.describe()) == distribution
    assert crossbar.networks.EnergyModel.of(crossbar.default_device()).write_voltage == 2.0


@pytest.mark.parametrize("call, message", [
    (lambda: crossbar.networks.EnergyModel(write_voltage=10**400),
     "EnergyModel.write_voltage = an integer of 401 digits"),
    (lambda: crossbar.networks.EnergyModel.of(crossbar.DeviceCurve(crossbar.default_device().conductance,
                                                                   metadata={"pulse_width": 10**400})),
     "metadata pulse_width = 1000000"),
    (lambda: wilson_interval(10**400, 10**401), "successes must be finite: a value is beyond the range of a double"),
    (lambda: _module("crossbar.devices.presets").neurosim_device(10**400), "nl_up = an integer of 401 digits"),
    (lambda: _module("crossbar.devices.presets").neurosim_device(2.0, on_off=10**400), "on_off = an integer of 401 digits"),
])
def test_huge_python_ints_are_refused_naming_the_argument_not_an_overflow(call, message):
    """Probe 4, C10: OverflowError, or 'successes must be a whole number, got int' for a whole number."""
    with raises(ValueError, message):
        call()


@pytest.mark.parametrize("field, value, message", [
    ("setting", None, "Study.setting: expected a TrainingSetting, got NoneType"),
    ("offsets", np.ones((4, 4)), "Study.offsets: expected an OffsetDistribution, got ndarray"),
    ("patterns", "letters", "Study.patterns: expected a PatternSet, got str"),
    ("test_patterns", None, "Study.test_patterns: expected a PatternSet, got NoneType"),
    ("nonideal", {}, "Study.nonideal: expected Nonidealities, got dict"),
])
def test_study_gives_a_wrong_type_a_type_error_naming_the_type_it_got(field, value, message):
    """Probe 4, C11: ValueError "Study.setting = 'NoneType': expected ...", the type shown as a value."""
    with raises(TypeError, message):
        crossbar.Study(trials=3, **{field: value})


def test_minor_messages_say_what_was_wrong():
    """Probe 4, C12."""
    from fractions import Fraction
    with raises(ValueError, "TrainingSetting.max_epochs = an integer of 401 digits: expected at most 2147483647"):
        crossbar.DEFAULT.replace(max_epochs=10**400)
    g = crossbar.default_device().conductance
    text = "I (mA)\n" + "".join(f"{x * 0.2 * 1e3:.12g}\n" for x in g)  # read currents, G = I / V
    np.testing.assert_array_equal(crossbar.devices.parse_device(text, read_voltage=Fraction(1, 5)).conductance,
                                  crossbar.devices.parse_device(text, read_voltage=0.2).conductance)
    with raises(ValueError, "executor: Dask address 'thread': expected a scheduler address such as tcp://host:8786"):
        crossbar.run_study(crossbar.Study(trials=3), executor="thread")
    result = crossbar.run_study(crossbar.Study(trials=3), progress=False)
    with raises(ValueError, "examine = -1: expected a count of trials >= 0"):
        _studies().diagnose(result, examine=-1)
    fit = laws.fit_saturating(crossbar.default_device().conductance)
    with raises(ValueError, "m: expected finite pulse counts >= 0, got -5.0"):
        fit(np.array([-5.0]))
    assert fit(np.float64(3)) == fit(3)
    with raises(ValueError, "on_off = 1e+300: expected a ratio G_max / G_min from 1.00000008 to 7.55e+07"):
        _module("crossbar.devices.presets").neurosim_device(2.0, on_off=1e300)
    assert _module("crossbar.devices.presets").neurosim_device(2.0, on_off=7e7).length == 65  # inside the range it names


@pytest.mark.parametrize("axis, value, error, message", [
    ("max_epochs", True, TypeError, "grid axis max_epochs = True: expected a whole number, got bool"),
    ("max_epochs", np.bool_(True), TypeError, "grid axis max_epochs = np.True_: expected a whole number"),
    ("beta", True, TypeError, "grid axis beta = True: expected a number, got bool"),
    ("beta", b"1e7", TypeError, "grid axis beta = b'1e7': expected a number, got bytes"),
    ("beta", "1e7", TypeError, "grid axis beta = '1e7': expected a number, got str"),
    ("c2c", "0.1", TypeError, "grid axis c2c = '0.1': expected a number, got str"),
    ("seed", "3", TypeError, "grid axis seed = '3': expected a whole number, got str"),
    ("beta", "nan", TypeError, "grid axis beta = 'nan': expected a number, got str"),
    ("beta", 10**400, ValueError, "grid axis beta = an integer of 401 digits: expected a number"),
    ("targets", (0.5, False), TypeError, "grid axis targets = False: expected a number, got bool"),
])
def test_grid_axes_take_numbers_as_the_setting_does(axis, value, error, message):
    """Probe 4, C14: Grid(max_epochs=[True]) trained 1 epoch; "1e7" and b"1e7" were parsed as numbers."""
    with raises(error, message):
        crossbar.Grid(**{axis: [value]})


def test_grid_axes_still_take_numpy_numbers_and_whole_floats():
    grid = crossbar.Grid(max_epochs=[np.int64(5), 7.0], beta=np.array([1e6, 1e7], np.float32), seed=[np.uint8(3)],
                         targets=[(np.float64(0.5), -0.5)])
    assert dict(grid.axes) == {"max_epochs": (5, 7), "beta": (1e6, float(np.float32(1e7))), "seed": (3,),
                               "targets": ((0.5, -0.5),)}
    assert all(type(v) is int for v in dict(grid.axes)["max_epochs"])


@pytest.mark.parametrize("call, error, message", [
    (lambda: crossbar.run_study(crossbar.Study(trials=3), table="csv"), ValueError,
     "table = 'csv' needs out (a study folder): without one no table is written"),
    (lambda: crossbar.run_sweep(crossbar.Study(trials=3), crossbar.Grid(beta=[1e7]), table="both"), ValueError,
     "table = 'both' needs out (a study folder)"),
    (lambda: crossbar.run_sweep(crossbar.Study(trials=3), crossbar.Grid(beta=[1e7]), keep_results="yes"), TypeError,
     "keep_results must be True or False, got str 'yes'"),
    (lambda: _studies().apply_point(crossbar.Study(trials=2), {"betta": 1}), ValueError,
     "point: unknown grid axis 'betta'; expected some of"),
    (lambda: _studies().apply_point(crossbar.Study(trials=2), [("beta", 1e7)]), TypeError,
     "point: expected a dict of grid axis -> value, got list"),
])
def test_options_the_api_would_ignore_are_refused_as_the_command_line_refuses_them(call, error, message):
    """Probe 4, C8: nothing was written and no word said (the CLI refuses --table without --out); a
    truthy string kept every table; an unknown axis was dropped."""
    with raises(error, message):
        call()


@pytest.mark.parametrize("call, error, message", [
    (lambda: crossbar.networks.network_shapes(None, 3), TypeError, "patterns: expected a PatternSet, got NoneType"),
    (lambda: crossbar.networks.network_shapes(crossbar.diagonals_training(), -1), ValueError,
     "hidden = -1: expected a count of hidden neurons >= 0"),
    (lambda: crossbar.training.prediction_table(None, None), TypeError,
     "run: expected a TrainingRun (crossbar.train's), got NoneType"),
    (lambda: crossbar.training.prediction_table(crossbar.train(), crossbar.tasks.letters()[0]), ValueError,
     "patterns: the run's crossbar (4, 4) takes 4 inputs and 2 neurons, these patterns have 10 and 3"),
    (lambda: _studies().failure_analysis(None), TypeError, "result: expected a StudyResult (run_study's), got NoneType"),
    (lambda: _studies().outcome_profile("x"), TypeError, "result: expected a StudyResult (run_study's), got str"),
    (lambda: _studies().requirement_table(None), TypeError, "sweep: expected a SweepResult (run_sweep's), got NoneType"),
    (lambda: _studies().required_range(None), TypeError,
     "table: expected a table (dict of columns) with range_ratio, offset_spread, rate, got NoneType"),
    (lambda: _studies().required_range({}, level=5), ValueError,
     "table: expected a table with the columns range_ratio, offset_spread, rate; 'range_ratio' is missing"),
    (lambda: _studies().required_range({"range_ratio": [1.0], "offset_spread": [2.0], "rate": [1.0]}, level=5),
     ValueError, "level = 5: expected a fraction of crossbars in (0, 1]"),
    (lambda: _studies().weights_feasible(None, None), TypeError, "study: expected a Study, got NoneType"),
    (lambda: _studies().weights_feasible(crossbar.Study(trials=2), np.ones((2, 3, 4))), ValueError,
     "offsets: expected an array (T, N, C) of the study's (4, 4) crossbars, got shape (2, 3, 4)"),
])
def test_analyses_and_network_helpers_name_the_argument(call, error, message):
    """Probe 4, C9 (the files another helper held until 18:45): AttributeError, IndexError, KeyError
    'range_ratio', and network_shapes(tr, -1) answered [(65, -2), (0, 20)]."""
    with raises(error, message):
        call()


def test_train_networks_refuses_a_run_that_cannot_be_kept_before_allocating(monkeypatch):
    """Probe 4, C1: groups of networks were checked one by one, but every group's conductances are kept
    and joined, so 1,000 MNIST networks of 100,000 hidden neurons grew until MemoryError (or the OOM
    killer). 100,000 networks of 1,000 hidden neurons keep about 240 GB: refused before any draw."""
    from crossbar import resources
    from crossbar.networks import engine

    def allocated(*args, **kwargs):
        raise AssertionError("train_networks allocated before its memory check")

    monkeypatch.setattr(resources, "available_memory", lambda: 8 * 2**30)
    monkeypatch.setattr(engine, "draw_layers", allocated)
    training, test = crossbar.tasks.digits(per_class=3)
    with raises(resources.ResourceError, "training 100000 networks (each keeps the final conductances of its 150020 "
                                        "devices) needs about"):
        crossbar.train_networks(crossbar.default_device(), crossbar.NETWORK.replace(hidden=1000, max_epochs=1),
                                training, test, trials=np.arange(10**5))
