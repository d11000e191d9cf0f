"""Probe 10c's findings on calls (U4, U6, U8, U11, U12, U10's gain): one physical check with one answer in train()
and the command line's train, a lognormal's bottom tail held like its top, the pulse-steps figure and the lattice's
differences held to the physical range, the sweep figures' where / log_x / annotate checked, and a gain too large
named as the gain."""

import re

import matplotlib
import numpy as np
import pytest

import crossbar as cb
from crossbar.studies import lattice
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

matplotlib.use("Agg")
from crossbar.views import plotting as P  # noqa: E402


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


# U4: window factors past 1 S at the top of the curve, one answer in train() and the command line's train

def test_cli_train_refuses_the_window_draw_train_refuses():
    """--window-spread 3 --gain 1e5 drew trial 0 a window factor 212 (1.602 S at the top of its curve): train()
    refuses it, and the command line trained it with status 0 and "physical": true."""
    with raises(ValueError, "trial 0 draws device (input 1, column 4) a window factor 212"):
        cb.train(setting=cb.TrainingSetting(gain=1e5, max_epochs=5), nonideal=cb.Nonidealities(window_spread=3))
    done = crossbar_cli("train", "--window-spread", "3", "--gain", "1e5", "--max-epochs", "5", "--json")
    assert_one_line_error(done, "--window-spread = 3: trial 0 draws device (input 1, column 4) a window factor 212, "
                                "and at --gain K = 100000 it reaches G = 1.602 S")
    assert "use --allow-nonphysical to report it anyway" in done.stderr and "unphysical=" not in done.stderr
    kept = crossbar_cli("train", "--window-spread", "3", "--gain", "1e5", "--max-epochs", "5", "--json",
                        "--allow-nonphysical")
    # trained and reported as a study reports the trial: not physical (issue 20; it said "physical": true)
    assert kept.returncode == 0 and '"physical": false' in kept.stdout, kept.stderr


# U8: a lognormal's bottom tail

def test_lognormal_bottom_tail_is_refused_before_work_like_its_top():
    """Lognormal(3e-10, 4) at K = 10: one device in a million draws below 1.66e-18 S (1.7e-17 S at K, under
    1e-15 S); a study of 2000 trials ran and reported 4 unphysical, where sigma 4.5 (the top) is refused."""
    with raises(ValueError, "Lognormal.median x exp(-4.75 sigma) (one device in a million draws below it) = "
                            "1.658e-18 S: at K = 10 a device starts at G = 1.658e-17 S"):
        cb.Study(offsets=cb.Lognormal(3e-10, 4.0))
    for report in ("refuse", "report"):
        with raises(ValueError, "exp(-4.75 sigma)"):
            cb.train(offsets=cb.Lognormal(3e-10, 4.0), unphysical=report)
    done = crossbar_cli("montecarlo", "--quiet", "--trials", "20", "--offsets", "lognormal", "--offset-median",
                        "3e-10", "--offset-sigma", "4", "--json")
    assert_one_line_error(done, "--offset-median x exp(-4.75 --offset-sigma) (one device in a million draws below "
                                "it) = 1.658e-18 S: at --gain K = 10 a device starts at G = 1.658e-17 S")


def test_lognormal_within_both_tails_still_runs():
    study = cb.Study(offsets=cb.Lognormal(3e-8, 0.5))  # the default lognormal: 2.8e-9 ... 3.2e-7 S
    assert study.offsets.median == 3e-8


# U6 and U10: a figure's gain

def test_pulse_steps_refuse_a_gain_that_leaves_the_range():
    """plot_pulse_steps(device, 1e300) drew steps of 1e291 nS, a gain plot_conductance_window refuses."""
    D = cb.default_device()
    with raises(ValueError, "plot_pulse_steps: gain = 1e+300: the measured device's g(0) = 4.546e-07 S: at "
                            "K = 1e+300 a device starts at G = 4.546e+293 S, outside the physical range 1e-15 ... "
                            "1 S; expected a gain (or offsets) that keep it in range"):
        P.plot_pulse_steps(D, 1e300)
    assert P.plot_pulse_steps(D, 10.0) is not None


def test_conductance_window_names_the_gain_when_the_gain_is_at_fault():
    """At K = 1e300 it named hi = 1e-07 S, an offset in range, as the value at fault."""
    D = cb.default_device()
    with raises(ValueError, "plot_conductance_window: gain = 1e+300: hi = 1e-07 S: at K = 1e+300"):
        P.plot_conductance_window(D, 1e300, 1e-8, 1e-7)
    with raises(ValueError, "plot_conductance_window: hi = 2 S: at K = 1"):  # the offset itself out of range
        P.plot_conductance_window(D, 1.0, 1e-8, 2.0)


# U12: reachable_differences

@pytest.mark.parametrize("factor, shown", [(-1.0, "-4.546e-07"), (1e7, "4.546")])
def test_reachable_differences_refuse_a_curve_outside_the_range(factor, shown):
    """-g and 1e7 g (up to 5.3 S) were answered with 2551 differences."""
    g = np.asarray(cb.default_device().conductance)
    with raises(ValueError, f"curve[0] = {shown} S: expected conductances within the physical range 1e-15 ... 1 S"):
        lattice.reachable_differences(g * factor)
    assert lattice.reachable_differences(g)[0].size > 0


# U11: the sweep figures' where, log_x and annotate

@pytest.fixture(scope="module")
def sweep():
    base = cb.Study(trials=20, chunk_size=20, setting=cb.TrainingSetting(max_epochs=10))
    return cb.run_sweep(base, cb.Grid(beta=[5e7, 6e7], c2c=[0, 0.02]))


@pytest.mark.parametrize("call, error, message", [
    (lambda s: P.plot_sweep_heatmap(s, "beta", "c2c", where={"bogus": 1}), ValueError,
     "plot_sweep_heatmap: where: 'bogus' is not an axis of the sweep (beta, c2c)"),
    (lambda s: P.plot_sweep_heatmap(s, "beta", "c2c", where={"gain": 99}), ValueError,
     "plot_sweep_heatmap: where: 'gain' is not an axis of the sweep (beta, c2c)"),
    (lambda s: P.plot_sweep_heatmap(s, "beta", "c2c", where={"beta": 7e7}), ValueError,
     "plot_sweep_heatmap: where fixes x = 'beta', the axis drawn"),
    (lambda s: P.plot_sweep_heatmap(s, "beta", "c2c", where="x"), TypeError,
     "plot_sweep_heatmap: where = 'x': expected a dict of sweep axis -> value"),
    (lambda s: P.plot_sweep_lines(s, "beta", where={"c2c": 0.5}), ValueError,
     "plot_sweep_lines: where['c2c'] = 0.5: not a value of the sweep's c2c axis (0, 0.02)"),
    (lambda s: P.plot_sweep_lines(s, "beta", where={"c2c": "0"}), ValueError,
     "plot_sweep_lines: where['c2c'] = '0': not a value of the sweep's c2c axis"),
    (lambda s: P.plot_sweep_lines(s, "beta", where={"c2c": np.nan}), ValueError,
     "plot_sweep_lines: where['c2c'] = nan: not a value"),
    (lambda s: P.plot_sweep_lines(s, "beta", hue="c2c", log_x="y"), TypeError, "plot_sweep_lines: log_x"),
    (lambda s: P.plot_sweep_heatmap(s, "beta", "c2c", annotate="x"), TypeError, "plot_sweep_heatmap: annotate"),
])
def test_sweep_figures_check_where_log_x_and_annotate(sweep, call, error, message):
    """Each drew a figure (a key not an axis ignored, 7e7 off the axis drawn unfixed, log_x 'y' taken as true)
    or failed inside ('tuple.index(x): x not in tuple', 'dictionary update sequence element #0')."""
    with raises(error, message):
        call(sweep)


def test_sweep_figures_take_a_value_on_the_axis(sweep):
    assert P.plot_sweep_lines(sweep, "beta", where={"c2c": np.float64(0.02)}, log_x=False) is not None
    assert P.plot_sweep_heatmap(sweep, "beta", "c2c", where={}, annotate=False) is not None


# U10: a gain too large, named as the gain

@pytest.mark.parametrize("make", [lambda: cb.train(setting=cb.TrainingSetting(gain=1e308)),
                                  lambda: cb.Study(setting=cb.TrainingSetting(gain=1e308))])
def test_a_gain_past_the_range_is_named_as_the_gain(make):
    """The message named RescaledLognormal.lo = 1e-08 S, the untouched default offsets, as the value at fault."""
    with raises(ValueError, "RescaledLognormal.lo = 1e-08 S: at K = 1e+308 a device starts at G = 1e+300 S, outside "
                            "the physical range 1e-15 ... 1 S; at K = 1 these offsets are in range: expected a smaller "
                            "TrainingSetting.gain (or other offsets)"):
        make()


def test_the_command_line_names_the_gain_option():
    done = crossbar_cli("train", "--gain", "1e7")
    assert_one_line_error(done, "at --gain K = 1 these offsets are in range: expected a smaller --gain")
