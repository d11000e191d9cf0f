"""The three forms of cycle-to-cycle noise, noise measured from cycles, and pulsing devices directly."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import crossbar
from crossbar.devices import DeviceCurve, Nonidealities, preset
from crossbar.devices.cycles import cycle_noise
from crossbar.devices.files import DATA_DIR, parse_device
from crossbar.training import train_batch, train_reference

ROOT = Path(__file__).resolve().parents[1]
AG = preset("ag-si")
SHORT_AG = DeviceCurve(AG.conductance[::12], name="ag-si-short", depression=AG.depression[::12])
SHORT_DEFAULT = DeviceCurve(crossbar.default_device().conductance[::6], name="default-short")
FORMS = {"proportional": Nonidealities(c2c=0.3, c2c_form="proportional"),
         "bounded": Nonidealities(c2c=0.04, c2c_form="bounded"),
         "bounded-all": Nonidealities(c2c=0.04, c2c_form="bounded", window_spread=0.3, nonlinearity_spread=0.4,
                                      stuck_low=0.05, stuck_high=0.05, read_noise=0.02),
         "proportional-all": Nonidealities(c2c=0.3, c2c_form="proportional", window_spread=0.3,
                                           nonlinearity_spread=0.4, stuck_low=0.05, stuck_high=0.05)}
CASES = [("batch", crossbar.default_device()), ("online", AG), ("batch+two-way", AG),
         ("online+gated+two-way+refresh", SHORT_AG), ("batch+gated+refresh+focus=0.7", SHORT_DEFAULT)]


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("rule, device", CASES, ids=[f"{r}-{d.name}" for r, d in CASES])
def test_engine_equals_the_reference_pulse_for_pulse(form, rule, device):
    nonideal = FORMS[form]
    setting = crossbar.DEFAULT.replace(max_epochs=12, rule=rule)
    trials = np.arange(5) + 11
    offsets = crossbar.sample_offsets(seed=3, trials=trials)
    result = train_batch(device, offsets, setting, nonideal=nonideal, seed=3, trials=trials)
    hits = 0
    for b, trial in enumerate(trials):
        ref = train_reference(device, offsets[b], setting, nonideal=nonideal, seed=3, trial=int(trial))
        what = f"{form}, {rule}, trial {trial}"
        assert (result.epochs[b], bool(result.converged[b]), result.bound_hits[b]) == \
            (ref.epochs, ref.converged, ref.bound_hits), what
        np.testing.assert_array_equal(result.pulse_count[b], ref.pulse_count, err_msg=what)
        np.testing.assert_array_equal(result.depression_count[b], ref.depression_count, err_msg=what)
        np.testing.assert_allclose(result.conductance[b], ref.conductance, rtol=1e-12, atol=0, err_msg=what)
        hits += ref.bound_hits
    assert result.pulse_count.sum() > 0


@pytest.mark.parametrize("form", ["proportional", "bounded"])
def test_a_form_without_noise_is_the_noiseless_model(form):
    offsets = crossbar.sample_offsets(seed=1, trials=200)
    setting = crossbar.DEFAULT.replace(rule="two-way")
    plain = train_batch(AG, offsets, setting)
    formed = train_batch(AG, offsets, setting, nonideal=Nonidealities(c2c_form=form))
    assert not Nonidealities(c2c_form=form).any
    for name in ("converged", "epochs", "pulse_count", "depression_count", "conductance"):
        np.testing.assert_array_equal(getattr(formed, name), getattr(plain, name), err_msg=name)


def test_the_forms_differ_at_saturation_as_their_equations_say():
    """1,000 potentiating pulses on a curve that saturates after 4: additive noise keeps spreading
    (c2c W sqrt(n) until the range cuts it), proportional noise stops with the step, bounded noise
    stays near the curve's top."""
    device = DeviceCurve(1e-7 * (1 + np.minimum(np.arange(6), 4) / 4.0 + 1e-9 * np.arange(6)), name="steps")
    pulses = np.ones((1000, 600))  # 600 devices
    spread = {}
    for form, c2c in (("additive", 0.01), ("proportional", 0.3), ("bounded", 0.01)):
        g = device.apply(pulses, nonideal=Nonidealities(c2c=c2c, c2c_form=form), seed=5).conductance[0]
        spread[form] = (np.std(g[10]), np.std(g[200]), np.std(g[1000]), np.mean(g[1000]), np.std(g[3]))
    W = device.window
    a10, a200, _, _, a3 = spread["additive"]
    assert a3 == pytest.approx(0.01 * W * np.sqrt(3), rel=0.1)  # a random walk of 0.01 W per pulse
    assert a200 > 3 * a10  # it goes on at saturation, cut only at the top
    p10, p200, p1000, _, _ = spread["proportional"]
    assert p200 == pytest.approx(p10, rel=0.05) and p1000 == pytest.approx(p10, rel=0.05)  # no step, no noise
    b10, b200, b1000, mean, _ = spread["bounded"]
    assert b1000 < 0.5 * a200 and b1000 == pytest.approx(b200, rel=0.2)  # stationary, bounded
    assert mean > device.conductance.max() - 0.1 * W  # near the top of the curve


def test_apply_is_the_engines_device_model_to_the_bit():
    """Replay a two-way training's pulses device by device: the same conductances, every epoch."""
    nonideal = Nonidealities(c2c=0.05, c2c_form="bounded", window_spread=0.2, nonlinearity_spread=0.3,
                             stuck_low=0.05)
    setting = crossbar.DEFAULT.replace(rule="two-way", max_epochs=30)
    trial = 6
    offsets = crossbar.sample_offsets(seed=9, trials=[trial])
    run = train_batch(AG, offsets, setting, nonideal=nonideal, seed=9, trials=[trial], history=True)
    E = run.epochs[0]
    assert E > 5
    # The history keeps potentiating counts; a two-way pair moves both ways at once: G+ up where its
    # count rose (and G- down), G- up where its count rose (and G+ down).
    up = np.diff(run.pulse_count_history[0, :E + 1], axis=0)
    plus, minus = up[..., 0::2], up[..., 1::2]
    direction = np.zeros_like(up)
    direction[..., 0::2] = plus - minus
    direction[..., 1::2] = minus - plus
    response = AG.apply(direction.reshape(E, -1), nonideal=nonideal, seed=9, trials=[trial])
    K, s = setting.gain, offsets[0].reshape(-1)
    np.testing.assert_array_equal(K * (response.rise[0] + s), run.conductance_history[0, :E + 1].reshape(E + 1, -1))


@pytest.mark.parametrize("pulses, message", [
    ("abc", "pulses must be numbers"),
    ([[1, 1], [1]], "pulses must be numbers"),
    ([np.nan], "pulses must be finite numbers"),
    (np.ones((2, 2, 2)), r"pulses must have shape \(T,\) or \(T, D\)"),
])
def test_apply_refuses_what_is_not_a_pulse_sequence(pulses, message):
    with pytest.raises((TypeError, ValueError), match=message):
        AG.apply(pulses)
    with pytest.raises(ValueError, match="pulses depress a device, but device 'default_device' has no depression"):
        crossbar.default_device().apply([1, -1])


def test_noise_measured_from_cycles_recovers_the_noise_put_in():
    rng = np.random.default_rng(7)
    W, sigma, n, L = 1e-4, 0.004, 40, 60
    curve = 1e-3 + W * (1 - np.exp(-np.arange(L) / 15)) / (1 - np.exp(-(L - 1) / 15))
    walks = np.cumsum(np.concatenate([np.zeros((n, 1)), sigma * W * rng.standard_normal((n, L - 1))], axis=1), axis=1)
    noise = cycle_noise([curve + walks], W)
    assert noise.cycles == n and noise.step_scatter == pytest.approx(sigma, rel=0.05)
    assert noise.spread[-1] == pytest.approx(sigma * np.sqrt(L - 1), rel=0.3)
    steps = np.diff(curve)
    assert noise.relative_step_scatter == pytest.approx(sigma * W / np.sqrt(np.mean(steps**2)), rel=0.1)
    with pytest.raises(ValueError, match="needs at least 2 cycles"):
        cycle_noise([curve[np.newaxis]], W)


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "crossbar", "train", *args], capture_output=True, text=True, cwd=ROOT)


def test_c2c_measured_takes_the_files_step_scatter_and_the_form():
    example = ["--device", str(DATA_DIR / "example_reram_cycles.csv"), "--read-voltage", "0.1", "--rule", "gated"]
    device = crossbar.load_device(DATA_DIR / "example_reram_cycles.csv", read_voltage=0.1)
    for form, expected in (("additive", crossbar.measured_noise(device).step_scatter),
                           ("proportional", crossbar.measured_noise(device).relative_step_scatter)):
        run = _cli(*example, "--c2c", "measured", "--c2c-form", form)
        assert run.returncode == 0, run.stderr
        shown = re.search(r"non-idealities: c2c=([0-9.e+-]+)", run.stdout).group(1)
        assert float(shown) == pytest.approx(expected, rel=1e-5)
    with pytest.warns(crossbar.devices.laws.LawFitWarning, match="tau ended at a bound"):
        misfit = crossbar.calibrated_c2c(device)  # the law does not follow this accelerating curve
    assert crossbar.measured_noise(device).step_scatter < 0.1 * misfit  # the misfit is not pulse noise
    warned = _cli(*example, "--c2c", "device")
    assert warned.returncode == 0 and warned.stderr.count("\n") == 1, warned.stderr
    assert warned.stderr.startswith("crossbar: warning: --c2c device: stretched exponential fit: tau ended at a bound")
    for args, message in [
        (("--c2c", "measured"), "--c2c measured: device 'default_device' has one measured cycle"),
        (("--c2c-form", "bounded"), "--c2c-form bounded shapes the cycle-to-cycle noise: give --c2c too"),
        (("--c2c", "0.1", "--c2c-form", "sideways"), "invalid choice: 'sideways'"),
    ]:
        bad = _cli(*args)
        assert bad.returncode == 2 and message in bad.stderr, bad.stderr


def test_nonidealities_name_their_form_and_keep_old_descriptions():
    assert "c2c_form" not in Nonidealities(c2c=0.1).as_dict()
    assert Nonidealities(c2c=0.1, c2c_form="bounded").as_dict()["c2c_form"] == "bounded"
    assert str(Nonidealities(c2c=0.1, c2c_form="bounded")) == "c2c=0.1 (bounded)"
    with pytest.raises(ValueError, match="c2c_form = 'gaussian': expected one of additive, proportional, bounded"):
        Nonidealities(c2c=0.1, c2c_form="gaussian")
    one = parse_device("G\n1e-7\n2e-7\n3e-7\n")
    with pytest.raises(ValueError, match="has one measured cycle"):
        crossbar.measured_c2c(one)
