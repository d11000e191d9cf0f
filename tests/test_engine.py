"""The training engine: exactness against the reference runs, batch = loop, trial independence."""

import numpy as np
import pytest

import crossbar
from crossbar.tasks import PatternSet, input_voltages
from crossbar.training import physics


def _conductance_by_hand(curve, m, s, gain):
    L = curve.size
    return np.array([[gain * (curve[min(m[j, c], L - 1)] - curve[0] + s[j, c]) for c in range(m.shape[1])]
                     for j in range(m.shape[0])])


def test_reference_runs_are_reproduced_exactly(measured_device, exact_case):
    # The original tool read beta in 1/A and offsets in S on the measured device: absolute units.
    run = crossbar.train(measured_device, exact_case["setting"], exact_case["offsets"], units="absolute")
    assert run.converged is exact_case["converged"]
    assert run.epochs == exact_case["epochs"]
    np.testing.assert_array_equal(run.pulse_count, exact_case["pulse_count"])
    expected = _conductance_by_hand(measured_device.conductance, exact_case["pulse_count"],
                                    exact_case["offsets"], exact_case["setting"].gain)
    np.testing.assert_allclose(run.conductance, expected, rtol=1e-12, atol=0)


def test_numpy_reference_loop_agrees_on_the_reference_runs(measured_device, exact_case):
    patterns = crossbar.diagonals_training()
    converged, epochs, m = physics.train_reference(
        measured_device.conductance, exact_case["offsets"], input_voltages(patterns.bits),
        patterns.labels, exact_case["setting"])
    assert (converged, epochs) == (exact_case["converged"], exact_case["epochs"])
    np.testing.assert_array_equal(m, exact_case["pulse_count"])


def test_history_is_consistent_with_the_final_state(measured_device, exact_case):
    run = crossbar.train(measured_device, exact_case["setting"], exact_case["offsets"], units="absolute")
    s = run.setting
    assert run.conductance_history.shape == (run.epochs + 1, 4, 4)
    np.testing.assert_array_equal(run.pulse_count_history[0], 0)
    np.testing.assert_array_equal(run.pulse_count_history[-1], run.pulse_count)
    np.testing.assert_allclose(run.conductance_history[-1], run.conductance, rtol=1e-15)
    # every update epoch sends exactly one pulse to each of the N x M pairs, or none
    step = np.diff(run.pulse_count_history, axis=0)
    pairs = step[..., 0::2] + step[..., 1::2]
    assert set(np.unique(pairs)) <= {0, 1}
    f = crossbar.evaluate(run.conductance_history, run.patterns, s)
    np.testing.assert_allclose(run.activation_history, f, rtol=1e-12, atol=1e-15)
    errors = physics.total_error(f, run.patterns.labels, s.target_high, s.target_low)
    np.testing.assert_allclose(run.error_history, errors, rtol=1e-12, atol=1e-15)
    assert run.total_error == pytest.approx(errors[-1], rel=1e-12, abs=1e-15)
    assert bool(physics.meets_targets(f[-1], run.patterns.labels, s.target_high, s.target_low).all()) \
        is run.converged


def test_batch_equals_single_runs_and_the_numpy_loop():
    device = crossbar.default_device()
    setting = crossbar.REFERENCE.replace(beta=2e7, target_high=0.3, target_low=-0.3)
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=7, trials=120)
    batch = crossbar.train_batch(device, offsets, setting)
    assert 0 < batch.converged.sum() < 120  # both outcomes are exercised
    patterns = crossbar.diagonals_training()
    V = input_voltages(patterns.bits)
    for b in range(0, 120, 7):
        single = crossbar.train_batch(device, offsets[b], setting)
        np.testing.assert_array_equal(single.pulse_count[0], batch.pulse_count[b])
        assert single.epochs[0] == batch.epochs[b]
        converged, epochs, m = physics.train_reference(device.conductance, offsets[b], V, patterns.labels, setting)
        assert (converged, epochs) == (batch.converged[b], batch.epochs[b])
        np.testing.assert_array_equal(m, batch.pulse_count[b])


def test_trial_results_do_not_depend_on_the_batch_around_them():
    device = crossbar.default_device()
    setting = crossbar.REFERENCE.replace(beta=3e7, target_high=0.5, target_low=-0.5)
    everything = crossbar.train_batch(device, crossbar.sample_offsets(seed=3, trials=500), setting)
    picked = [499, 3, 250, 17]
    alone = crossbar.train_batch(device, crossbar.sample_offsets(seed=3, trials=picked), setting)
    np.testing.assert_array_equal(alone.pulse_count, everything.pulse_count[picked])
    np.testing.assert_array_equal(alone.epochs, everything.epochs[picked])
    np.testing.assert_array_equal(alone.conductance, everything.conductance[picked])


def test_same_seed_same_run_other_seed_other_offsets():
    a = crossbar.train(seed=11)
    b = crossbar.train(seed=11)
    c = crossbar.train(seed=12)
    np.testing.assert_array_equal(a.offsets, b.offsets)
    np.testing.assert_array_equal(a.pulse_count, b.pulse_count)
    assert not np.array_equal(a.offsets, c.offsets)


def test_train_seed_draws_trial_zero_of_that_seed():
    run = crossbar.train(seed=5, trial=9)
    np.testing.assert_array_equal(run.offsets, crossbar.sample_offsets(seed=5, trials=[9])[0])


def test_devices_pulsed_past_the_curve_saturate_without_error():
    device = crossbar.DeviceCurve([1e-7, 1.001e-7, 1.0015e-7])  # L = 3, a window far too small to train
    setting = crossbar.REFERENCE.replace(max_epochs=20)
    run = crossbar.train(device, setting, np.full((4, 4), 1e-8), units="absolute")  # G by hand below
    assert not run.converged and run.epochs == 20
    assert run.pulse_count.max() > 2
    saturated = run.pulse_count >= 2
    np.testing.assert_allclose(run.conductance[saturated],
                               setting.gain * ((1.0015e-7 - 1e-7) + 1e-8), rtol=1e-15)


def test_engine_conductances_are_the_physics_to_the_bit():
    # The engine reports the conductances its kernel kept, not a numpy recomputation: they must
    # be physics.conductance's exactly, saturated devices included.
    device = crossbar.default_device()
    setting = crossbar.REFERENCE.replace(max_epochs=200)
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=4, trials=300)
    result = crossbar.train_batch(device, offsets, setting)
    assert result.pulse_count.max() >= device.conductance.size  # some devices pulsed past the curve
    np.testing.assert_array_equal(
        result.conductance, physics.conductance(device.conductance, result.pulse_count, offsets, setting.gain))


def test_a_crossbar_that_already_meets_its_targets_needs_no_update():
    device = crossbar.default_device()
    patterns = crossbar.diagonals_training()
    # Offsets that encode the task directly: large G+ where the weight should be positive.
    w = np.array([[-1, 1], [1, -1], [1, -1], [-1, 1]]) * 5e-7
    offsets = np.zeros((4, 4))
    offsets[:, 0::2] = np.maximum(w, 0) + 1e-8
    offsets[:, 1::2] = np.maximum(-w, 0) + 1e-8
    run = crossbar.train(device, crossbar.REFERENCE, offsets, patterns=patterns)
    assert run.converged and run.epochs == 0
    np.testing.assert_array_equal(run.pulse_count, 0)
    assert run.accuracy() == 1.0


def test_nothing_assumes_four_inputs_and_two_neurons():
    rng = np.random.default_rng(0)
    patterns = PatternSet(rng.integers(0, 2, (5, 3)), np.eye(5, 3, dtype=int)[:, :3] | np.array([[0, 0, 0]]), "3x3")
    device = crossbar.default_device()
    setting = crossbar.REFERENCE.replace(beta=1e7, target_high=0.2, target_low=-0.2, v_one=0.2, v_zero=0.0)
    offsets = crossbar.sample_offsets(seed=1, trials=30, patterns=patterns)
    assert offsets.shape == (30, 3, 6)
    batch = crossbar.train_batch(device, offsets, setting, patterns)
    V = input_voltages(patterns.bits, setting.v_one, setting.v_zero)
    for b in range(30):
        converged, epochs, m = physics.train_reference(device.conductance, offsets[b], V, patterns.labels, setting)
        assert (converged, epochs) == (batch.converged[b], batch.epochs[b])
        np.testing.assert_array_equal(m, batch.pulse_count[b])


def test_offsets_that_do_not_fit_the_patterns_are_refused():
    with pytest.raises(ValueError, match=r"offsets have shape \(N=3, C=4\) but the patterns need N=4"):
        crossbar.train_batch(crossbar.default_device(), np.zeros((3, 4)))
    with pytest.raises(ValueError, match="finite"):
        crossbar.train_batch(crossbar.default_device(), np.full((4, 4), np.nan))


def test_prediction_counts_undecided_as_wrong():
    f = np.array([[0.9, -0.9], [0.5, -0.95]])
    np.testing.assert_array_equal(physics.predict(f, 0.8, -0.8), [[1, 0], [-1, 0]])
    run = crossbar.train(seed=0)
    test = crossbar.diagonals_test()
    predicted = run.predict(test)
    assert run.accuracy(test) == pytest.approx((predicted == test.labels).mean())


def test_manhattan_step_matches_the_equations_by_hand():
    rng = np.random.default_rng(4)
    V = rng.choice([-0.1, 0.1], (6, 4))
    f = rng.uniform(-1, 1, (6, 2))
    current = rng.normal(0, 1e-7, (6, 2))
    labels = rng.integers(0, 2, (6, 2))
    delta = physics.error_signal(f, current, labels, 6e6, 0.8, -0.8)
    for n in range(6):
        for i in range(2):
            goal = 0.8 if labels[n, i] else -0.8
            assert delta[n, i] == pytest.approx((goal - f[n, i]) * 6e6 / np.cosh(6e6 * current[n, i]) ** 2)
    update = physics.manhattan_update(delta, V)
    np.testing.assert_array_equal(update, np.sign(V.T @ delta))
    m = physics.apply_pulses(np.zeros((4, 4), int), update)
    np.testing.assert_array_equal(m[:, 0::2] - m[:, 1::2], update)


def test_compiled_tanh_and_sech2_agree_with_libm_to_a_few_ulp():
    from crossbar.training.kernel import tanh_sech2 as _tanh_sech2

    xs = np.concatenate([np.linspace(-400, 400, 40001), np.logspace(-15, 1.5, 4001), np.linspace(0.3, 0.4, 1001)])
    for x in xs:
        th, sech2 = _tanh_sech2(x)
        assert abs(th - np.tanh(x)) <= 4 * np.spacing(abs(np.tanh(x))), x
        expected = 1 / np.cosh(x) ** 2 if abs(x) < 350 else 4 * np.exp(-2 * abs(x))
        assert abs(sech2 - expected) <= 8 * np.spacing(expected), x


# --------------------------------------------------------------------------- vectorised kernel

@pytest.mark.parametrize("setting", [crossbar.REFERENCE, crossbar.DEFAULT,
                                     crossbar.REFERENCE.replace(beta=2e7, target_high=0.3, target_low=-0.3)],
                         ids=["reference", "default", "easy"])
def test_fast_path_makes_the_exact_paths_decisions(setting):
    device = crossbar.default_device()
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=21, trials=20_000)
    fast = crossbar.train_batch(device, offsets, setting)
    exact = crossbar.train_batch(device, offsets, setting, exact=True)
    np.testing.assert_array_equal(fast.pulse_count, exact.pulse_count)
    np.testing.assert_array_equal(fast.epochs, exact.epochs)
    np.testing.assert_array_equal(fast.converged, exact.converged)
    np.testing.assert_allclose(fast.activation, exact.activation, rtol=0, atol=1e-14)
    np.testing.assert_allclose(fast.total_error, exact.total_error, rtol=1e-12, atol=1e-13)
    assert not exact.exact_epochs.any()  # exact=True is not counted as a hand-over
    # The fast path decides nearly every epoch itself (handing all of them over would pass the
    # checks above too).
    assert fast.exact_epochs.sum() <= 0.001 * (fast.epochs + 1).sum()


def test_coarse_offsets_with_many_equal_currents_train_as_the_reference_does():
    """Offsets on a coarse grid make many equal currents and update sums built of equal terms."""
    device = crossbar.default_device()
    patterns = crossbar.diagonals_training()
    rng = np.random.default_rng(8)
    offsets = rng.integers(0, 3, (400, 4, 4)) * 1e-8
    offsets[:50] = 0.0  # identical devices: every current is exactly zero at the start
    setting = crossbar.REFERENCE.replace(beta=2e7, target_high=0.5, target_low=-0.5)
    fast = crossbar.train_batch(device, offsets, setting, unphysical="report")  # zero offsets: G starts at 0
    V = input_voltages(patterns.bits)
    for b in range(0, 400, 3):
        converged, epochs, m = physics.train_reference(device.conductance, offsets[b], V, patterns.labels, setting)
        assert (converged, epochs) == (fast.converged[b], fast.epochs[b]), b
        np.testing.assert_array_equal(m, fast.pulse_count[b])


def test_an_update_sum_that_is_exactly_zero_is_decided_on_the_exact_path():
    # The same pattern twice with opposite labels, on pairs whose two devices are equal (I = 0,
    # f = 0): the two error signals cancel to an exact zero in every epoch, so no weight is
    # ever pulsed. Every epoch is handed over to the exact path.
    patterns = PatternSet([[1, 0, 1], [1, 0, 1]], [[1], [0]], "tie")
    setting = crossbar.REFERENCE.replace(beta=2e7, target_high=0.5, target_low=-0.5, max_epochs=10)
    device = crossbar.default_device()
    offsets = crossbar.sample_offsets(seed=2, trials=5, patterns=patterns)
    offsets[..., 1] = offsets[..., 0]
    fast = crossbar.train_batch(device, offsets, setting, patterns)
    V = input_voltages(patterns.bits)
    for b in range(5):
        converged, epochs, m = physics.train_reference(device.conductance, offsets[b], V, patterns.labels, setting)
        assert (fast.converged[b], fast.epochs[b]) == (converged, epochs) == (False, 10)
        np.testing.assert_array_equal(fast.pulse_count[b], m)
    np.testing.assert_array_equal(fast.pulse_count, 0)
    np.testing.assert_array_equal(fast.exact_epochs, 11)


def test_an_activation_exactly_on_its_target_is_decided_on_the_exact_path():
    # Identical devices give I = 0, f = 0 on every pattern: exactly the target t+ = 0, which a
    # pattern labelled 1 does not meet (f > t+ is strict).
    setting = crossbar.REFERENCE.replace(beta=2e7, target_high=0.0, target_low=-0.5, max_epochs=3)
    device = crossbar.default_device()
    patterns = crossbar.diagonals_training()
    fast = crossbar.train_batch(device, np.zeros((4, 4)), setting, unphysical="report")  # G starts at 0
    converged, epochs, m = physics.train_reference(device.conductance, np.zeros((4, 4)),
                                                   input_voltages(patterns.bits), patterns.labels, setting)
    assert (fast.converged[0], fast.epochs[0]) == (converged, epochs)
    np.testing.assert_array_equal(fast.pulse_count[0], m)
    assert fast.exact_epochs[0] >= 1


@pytest.mark.parametrize("rule", ["batch", "gated", "focused"])
def test_complementary_twins_and_odd_counts_keep_the_exact_paths_decisions(rule):
    # The kernel evaluates a complementary pattern together with its twin and sums the updates
    # two patterns (and the currents two inputs) a pass. Five inputs and five patterns: 0 and
    # 1 are twins, 2 and 3 too, 4 repeats 1 (0's twin is taken), so three patterns are
    # evaluated: every odd remainder of those passes is taken.
    bits = [[1, 0, 0, 1, 1], [0, 1, 1, 0, 0], [1, 1, 0, 0, 1], [0, 0, 1, 1, 0], [0, 1, 1, 0, 0]]
    patterns = PatternSet(bits, [[1, 0], [0, 1], [1, 1], [0, 0], [0, 1]], "twins")
    setting = crossbar.DEFAULT.replace(rule=rule)
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=5, trials=3_000, patterns=patterns)
    device = crossbar.default_device()
    fast = crossbar.train_batch(device, offsets, setting, patterns)
    exact = crossbar.train_batch(device, offsets, setting, patterns, exact=True)
    assert fast.epochs.sum() > 2 * len(offsets)  # many updates decided, not one
    np.testing.assert_array_equal(fast.pulse_count, exact.pulse_count)
    np.testing.assert_array_equal(fast.epochs, exact.epochs)
    np.testing.assert_allclose(fast.activation, exact.activation, rtol=0, atol=1e-14)
    assert fast.exact_epochs.sum() <= 0.001 * (fast.epochs + 1).sum()  # decided on the fast path


@pytest.mark.parametrize("trials", [1, 3, 16, 17, 33, 250])
def test_results_do_not_depend_on_how_trials_fill_the_lanes(trials):
    device = crossbar.default_device()
    everything = crossbar.sample_offsets(seed=4, trials=300)
    reference = crossbar.train_batch(device, everything, crossbar.DEFAULT)
    order = np.random.default_rng(trials).permutation(300)[:trials]
    part = crossbar.train_batch(device, everything[order], crossbar.DEFAULT)
    np.testing.assert_array_equal(part.pulse_count, reference.pulse_count[order])
    np.testing.assert_array_equal(part.epochs, reference.epochs[order])
    np.testing.assert_array_equal(part.activation, reference.activation[order])
