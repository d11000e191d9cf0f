"""The focus modifier and the rule names: the engine against a plain numpy statement of the rule."""

import numpy as np
import pytest

import crossbar
from crossbar.studies import Study
from crossbar.studies.analysis import weights_feasible
from crossbar.tasks import task
from crossbar.training.setting import DEFAULT_FOCUS, TrainingSetting, parse_rule


def numpy_rule(device, offsets, setting, patterns):
    """Batch Manhattan with the gated, refresh and focus modifiers, all trials at once, in numpy.

    Each epoch: f = tanh(beta I); delta = (f^g - f) beta / cosh^2(beta I), 0 where the target is
    met (gated); a_ji = sum_n delta_i(n) V_j(n); with focus, a_ji = 0 where |a_ji| < theta
    max_j |a_ji|; one pulse on G+ where a > 0, on G- where a < 0; with refresh, a pair whose
    device to be pulsed sits at the end of the curve is first reset to (0, 0).
    Returns (converged, epochs, positions on the curve).
    """
    s = setting
    g, L = device.conductance, device.length
    V, labels = patterns.voltages(s.v_one, s.v_zero), patterns.labels
    goal = np.where(labels == 1, s.target_high, s.target_low)
    B = offsets.shape[0]
    m = np.zeros(offsets.shape, int)
    converged = np.zeros(B, bool)
    epochs = np.full(B, s.max_epochs)
    for e in range(s.max_epochs + 1):
        G = s.gain * (g[np.minimum(m, L - 1)] - g[0] + offsets)
        columns = np.einsum("pn,bnc->bpc", V, G)
        current = columns[..., 0::2] - columns[..., 1::2]
        f = np.tanh(s.beta * current)
        met = np.where(labels == 1, f > s.target_high, f < s.target_low)
        done = met.all(axis=(1, 2)) & ~converged
        epochs[done] = e
        converged |= done
        if e == s.max_epochs:
            break
        delta = (goal - f) * s.beta / np.cosh(s.beta * current) ** 2
        if s.gated:
            delta = np.where(met, 0.0, delta)
        a = np.einsum("pn,bpm->bnm", V, delta)
        if s.focus:
            a = np.where(np.abs(a) >= s.focus * np.abs(a).max(axis=1, keepdims=True), a, 0.0)
        a[converged] = 0.0
        up, down = a > 0, a < 0
        if s.refresh:
            reset = (up & (m[..., 0::2] >= L - 1)) | (down & (m[..., 1::2] >= L - 1))
            m[..., 0::2][reset] = 0
            m[..., 1::2][reset] = 0
        m[..., 0::2] += up
        m[..., 1::2] += down
    return converged, epochs, m


@pytest.mark.parametrize("task_name, rule, setting", [
    ("diagonals", "batch+gated+focus=0.5", {}),
    ("diagonals", "focused", {"max_epochs": 200}),
    ("letters", "focused", {"beta": 3e7, "target_high": 0.3, "target_low": -0.3, "max_epochs": 150}),
    ("letters", "batch+focus=0.9", {"beta": 3e7, "target_high": 0.3, "target_low": -0.3, "max_epochs": 60}),
])
def test_engine_follows_the_rule_trial_for_trial(task_name, rule, setting):
    training, _ = task(task_name)
    device = crossbar.default_device()
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, 3, 300, patterns=training)
    s = crossbar.DEFAULT.replace(rule=rule, **setting)
    converged, epochs, positions = numpy_rule(device, offsets, s, training)
    fast = crossbar.train_batch(device, offsets, s, training)
    np.testing.assert_array_equal(fast.converged, converged)
    np.testing.assert_array_equal(fast.epochs, epochs)
    if not s.refresh:  # without resets the pulse counts are the positions
        np.testing.assert_array_equal(fast.pulse_count, positions)
    exact = crossbar.train_batch(device, offsets, s, training, exact=True)
    np.testing.assert_array_equal(exact.pulse_count, fast.pulse_count)
    np.testing.assert_array_equal(exact.epochs, fast.epochs)


def test_focus_sends_fewer_pulses_and_keeps_the_largest():
    training, _ = task("letters")
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, 0, 200, patterns=training)
    s = crossbar.DEFAULT.replace(beta=3e7, target_high=0.3, target_low=-0.3, max_epochs=1)
    plain = crossbar.train_batch(crossbar.default_device(), offsets, s.replace(rule="gated"), training)
    focused = crossbar.train_batch(crossbar.default_device(), offsets, s.replace(rule="gated+focus=0.7"), training)
    first = plain.epochs == 1  # trials that took their one update
    assert first.any()
    pulses = lambda r: r.pulse_count[first].reshape(first.sum(), 10, 3, 2).sum(axis=-1)  # noqa: E731
    assert (pulses(focused) <= pulses(plain)).all() and (pulses(focused) < pulses(plain)).any()
    # every neuron that got any pulse without focus still gets at least one with it
    assert ((pulses(plain).sum(axis=1) > 0) <= (pulses(focused).sum(axis=1) > 0)).all()


def test_focused_rule_trains_what_the_lp_allows_on_the_diagonals():
    study = Study(trials=1500, seed=4).replace(rule="focused", max_epochs=1000)
    offsets = study.offsets.sample(study.seed, np.arange(study.trials), study.shape)
    feasible = weights_feasible(study, offsets).all(axis=1)
    run = crossbar.train_batch(study.device, offsets, study.setting)
    assert not (run.converged & ~feasible).any()  # nothing trains that no weights could
    assert (run.converged & feasible).sum() >= 0.99 * feasible.sum()
    batch = crossbar.train_batch(study.device, offsets, study.setting.replace(rule="batch"))
    assert batch.converged.sum() < 0.6 * feasible.sum()


def test_rule_names():
    assert parse_rule("focused") == "batch+gated+refresh+focus=0.7"
    assert TrainingSetting(rule="focus").focus == DEFAULT_FOCUS
    assert TrainingSetting(rule="gated+focus=0.25").rule == "batch+gated+focus=0.25"
    assert TrainingSetting().focus == 0.0 and "rule" not in TrainingSetting().as_dict()
    for bad, message in (("online+focus", "batch rule"), ("focus=1.5", "0 < THETA < 1"), ("focus=", "THETA"),
                         ("gated+gated+sideways", "unknown part")):
        with pytest.raises(ValueError, match=message):
            parse_rule(bad)
