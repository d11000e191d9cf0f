"""Probe 16c's causes C1-C3, A1 and A2, fixed at their cause: a gain of 1e300 is named as the gain (not as a beta
that would overflow at it) by sweep, Study, train_batch and run_sweep; --dask / executor addresses that no
scheduler can have (a port past 65535, a host of non-ASCII digits, inproc://x) are refused at once, naming the
option; an --offset-range LO too far below HI for the physical range is named as LO, not blamed on
--offset-spread, and a spread whose sigma overflows is told a finite least spread; a NUL in load_study's path or
run_study's out names the argument; a broadcast offsets array too large to copy is refused by its size."""

import pathlib

import numpy as np
import pytest

import crossbar as cb
from crossbar.resources import ResourceError
from crossbar.studies.workers import ExecutorError, check_dask_address
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli


# --- C1: a huge gain is named as the gain, before beta's overflow at it ---------------------------------------------

@pytest.mark.parametrize("gain", ["1e300", "1e300,1e308", "1e296"])
def test_sweep_names_a_huge_gain_not_beta(gain):
    """It said '--beta = 60000000.0: expected at most 899 (1/A) ...', a beta the user never gave."""
    done = crossbar_cli("sweep", "--trials", 2, "--gain", gain, "--quiet")
    assert_one_line_error(done, "expected a smaller --gain")
    assert "--beta" not in done.stderr


@pytest.mark.parametrize("call", [
    lambda: cb.Study(setting=cb.TrainingSetting(gain=1e300), trials=2),
    lambda: cb.Study(setting=cb.TrainingSetting(gain=1e297), trials=2),
    lambda: cb.run_sweep(cb.Study(trials=2), cb.Grid(gain=[1e300]), progress=False),
], ids=["Study 1e300", "Study 1e297", "run_sweep"])
def test_the_api_names_a_huge_gain_not_beta(call):
    with pytest.raises(ValueError, match=r"at K = 1e\+(300|297) a device starts at .*smaller TrainingSetting\.gain"):
        call()


def test_train_batch_names_the_offsets_at_a_huge_gain_not_beta():
    # and the gain first, since the offsets alone are in range (probe 17c, C1)
    with pytest.raises(ValueError, match=r"^setting\.gain = 1e\+300: offsets\[0, 0, 0\] = .* at K = 1e\+300 a device "
                                         r"starts at G"):
        cb.train_batch(cb.default_device(), cb.sample_offsets(trials=1), cb.TrainingSetting(gain=1e300))


def test_guard_a_beta_that_overflows_at_a_physical_gain_is_still_named_as_beta():
    """Guard (held before the fix too): at a gain whose offsets are in range, beta's overflow names beta."""
    with pytest.raises(ValueError, match=r"^setting\.beta = 1e\+303: expected at most"):
        cb.Study(setting=cb.TrainingSetting(beta=1e303), trials=2)


# --- C2: Dask addresses no scheduler can have ------------------------------------------------------------------------

@pytest.mark.parametrize("address, words", [
    ("inproc://x", "in-process address"),
    ("tcp://127.0.0.1:99999", "port '99999' is no port: expected 1 ... 65535"),
    ("tcp://\u0663:8786", "host '\u0663' is no host"),
])
def test_dask_addresses_no_scheduler_can_have_are_refused_at_once_naming_dask(address, words):
    """inproc://x came back as 'not enough values to unpack (expected 3, got 1)'; the others after a 10 s wait."""
    done = crossbar_cli("montecarlo", "--trials", 4, "--quiet", "--dask", address)
    assert_one_line_error(done, words)
    assert "argument --dask" in done.stderr


@pytest.mark.parametrize("address", ["inproc://x", "127.0.0.1:0", "ws://h:70000", "tcp://h:\u0663",
                                     "tcp://[::1]:99999"])
def test_the_api_refuses_the_same_addresses_naming_executor(address):
    with pytest.raises(ExecutorError, match=r"^executor: Dask address"):
        check_dask_address(address, "executor")


@pytest.mark.parametrize("address", ["local", "tcp://h:8786", "h:8786", "tcp://[::1]:8786", "tls://a.b:1",
                                     "tcp://localhost", "inproc://127.0.0.1/123/1"])
def test_guard_addresses_a_scheduler_can_have_still_pass(address):
    assert check_dask_address(address, "executor") == address


# --- C3: LO below the physical range named as LO; a finite least spread ----------------------------------------------

@pytest.mark.parametrize("argv", [
    ("train", "--offset-range", "1e-300", "1e-7"),
    ("train", "--offset-range", "5e-324", "1e-7"),
    ("montecarlo", "--trials", 2, "--quiet", "--offset-range", "1e-300", "1e-7"),
    ("sweep", "--trials", 2, "--quiet", "--offset-range", "1e-300,1e-7"),
])
def test_an_offset_range_wider_than_the_physical_range_names_lo(argv):
    """It said '--offset-spread = 5.0: sigma = ... would draw infinite offsets; expected spread > 8.09' (or > inf)."""
    done = crossbar_cli(*argv)
    assert_one_line_error(done, "--offset-range LO = ")
    assert "outside" in done.stderr or "physical range" in done.stderr
    assert "--offset-spread" not in done.stderr and "inf" not in done.stderr


@pytest.mark.parametrize("command", ["train", "montecarlo", "sweep"])
def test_a_spread_whose_sigma_overflows_is_told_a_finite_least_spread(command):
    options = () if command == "train" else ("--trials", 2, "--quiet")
    done = crossbar_cli(command, *options, "--offset-spread", "5e-324")
    assert_one_line_error(done, "--offset-spread = 5e-324")
    assert "expected spread > 0.0276" in done.stderr


@pytest.mark.parametrize("fields, pattern", [
    (dict(lo=5e-324), r"^RescaledLognormal\.lo = 4\.941e-324 S: .*physical range .*expected RescaledLognormal\.lo >= "
                      r"1e-22 S$"),
    (dict(lo=1e-300), r"^RescaledLognormal\.lo = 1e-300 S: "),
    (dict(spread=5e-324), r"expected spread > 0\.0276$"),
    (dict(spread=1e-320), r"expected spread > 0\.0276$"),
])
def test_rescaled_lognormal_names_lo_and_a_finite_spread(fields, pattern):
    with pytest.raises(ValueError, match=pattern):
        cb.RescaledLognormal(**fields)


def test_guard_a_wide_but_drawable_range_still_constructs_and_is_refused_by_range_later():
    """Guard: with a spread that draws finite offsets, the range is checked against the gain, as before."""
    distribution = cb.RescaledLognormal(lo=1e-300, spread=1000)
    with pytest.raises(ValueError, match=r"RescaledLognormal\.lo = 1e-300 S: at K = 10 a device starts at"):
        cb.Study(offsets=distribution, trials=2)


def test_guard_the_reference_offsets_are_drawn_as_before():
    """The default distribution is constructed and drawn unchanged (its sigma is computed as before)."""
    d = cb.RescaledLognormal()
    assert d.sigma == abs(np.log(1e-7 / 1e-8)) / 5.0
    a = d.sample(0, np.arange(3), (4, 4))
    assert a.shape == (3, 4, 4) and a.min() == 1e-8 and a.max() == 1e-7


# --- A1: a NUL in a path argument names the argument -----------------------------------------------------------------

@pytest.mark.parametrize("call, name", [
    (lambda: cb.load_study("a\x00b"), "path"),
    (lambda: cb.load_study(pathlib.Path("a\x00b")), "path"),
    (lambda: cb.run_study(cb.Study(trials=2), out="a\x00b", progress=False), "out"),
    (lambda: cb.run_sweep(cb.Study(trials=2), cb.Grid(gain=[1.0]), out="a\x00b", progress=False), "out"),
])
def test_a_nul_in_a_path_names_the_argument(call, name):
    """It was Python's bare 'embedded null byte', naming no argument."""
    with pytest.raises(ValueError, match=rf"^{name} = .*a\\x00b.*: holds a NUL character"):
        call()


# --- A2: a broadcast offsets array too large to copy -----------------------------------------------------------------

def test_a_broadcast_offsets_array_too_large_to_copy_is_refused_by_its_size():
    """It was numpy's MemoryError 'Unable to allocate 119. GiB ...' from the copy, before any estimate."""
    huge = np.broadcast_to(cb.sample_offsets(trials=1), (10**12, 4, 4))
    with pytest.raises(ResourceError, match=r"^offsets \(shape \(1000000000000, 4, 4\), as float64\) needs about"):
        cb.train_batch(cb.default_device(), huge)
