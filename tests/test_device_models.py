"""The general device model and the rules: engine against the numpy reference, the random
streams, the noise statistics, hand-computed runs, and input validation."""

import math

import numba
import numpy as np
import pytest

import crossbar
from crossbar.devices import NONE, DeviceCurve, Nonidealities, preset
from crossbar.devices.variation import kernel_key, sample_static
from crossbar.tasks import PatternSet
from crossbar.training import TrainingSetting, kernel, train_batch
from crossbar.training.engine import device_tables
from crossbar.training.reference import curve_value, switch_position, train_reference

KNOBS = {
    "none": NONE,
    "c2c": Nonidealities(c2c=0.03),
    "window": Nonidealities(window_spread=0.3),
    "nonlinearity": Nonidealities(nonlinearity_spread=0.4),
    "stuck": Nonidealities(stuck_low=0.1, stuck_high=0.1),
    "read": Nonidealities(read_noise=0.02),
    "all": Nonidealities(c2c=0.03, window_spread=0.3, nonlinearity_spread=0.4, stuck_low=0.05, stuck_high=0.05,
                         read_noise=0.02),
}


def _short(device, step):
    """Every `step`-th point of a device's branches: a short curve, so that devices saturate
    (and the refresh rule resets them) within a few epochs."""
    return DeviceCurve(device.conductance[::step], name=f"{device.name}-short",
                       depression=None if device.depression is None else device.depression[::step])


DEVICES = {"default": crossbar.default_device(), "ag-si": preset("ag-si")}
DEVICES["default-short"] = _short(DEVICES["default"], 6)
DEVICES["ag-si-short"] = _short(DEVICES["ag-si"], 12)

# (rule, device): every base and modifier, alone and combined; refresh on the short curves,
# where it fires.
CASES = [
    ("batch", "default"), ("batch", "ag-si"), ("batch+gated", "default"), ("online", "default"),
    ("online", "ag-si"), ("online+gated", "default"), ("batch+two-way", "ag-si"), ("online+two-way", "ag-si"),
    ("batch+refresh", "default-short"), ("online+refresh", "ag-si-short"),
    ("batch+gated+two-way+refresh", "ag-si-short"), ("online+gated+two-way+refresh", "ag-si-short"),
    ("online+two-way", "ag-si", 3e9),  # beta I past 354, where 1/cosh^2 is subnormal
    ("batch+gated+refresh+focus=0.7", "default-short"), ("batch+two-way+focus=0.5", "ag-si"),
]


def _assert_same_trial(result, b, ref, what):
    got = dict(epochs=result.epochs[b], converged=bool(result.converged[b]), resets=result.reset_pulses[b],
               hits=result.bound_hits[b])
    want = dict(epochs=ref.epochs, converged=ref.converged, resets=ref.reset_pulses, hits=ref.bound_hits)
    assert got == want, what
    np.testing.assert_array_equal(result.pulse_count[b], ref.pulse_count, err_msg=what)
    np.testing.assert_array_equal(result.depression_count[b], ref.depression_count, err_msg=what)
    np.testing.assert_allclose(result.conductance[b], ref.conductance, rtol=1e-12, atol=0, err_msg=what)
    np.testing.assert_allclose(result.activation[b], ref.activation, rtol=0, atol=1e-12, err_msg=what)
    assert result.min_conductance[b] == pytest.approx(ref.min_conductance, rel=1e-12, abs=0), what
    assert result.total_error[b] == pytest.approx(ref.total_error, rel=1e-12, abs=1e-12), what


@pytest.mark.parametrize("case", CASES, ids=["-".join(map(str, case)) for case in CASES])
def test_engine_equals_the_reference_pulse_for_pulse(case):
    rule, device_name, beta = (*case, crossbar.DEFAULT.beta)[:3]
    device = DEVICES[device_name]
    setting = crossbar.DEFAULT.replace(max_epochs=12, rule=rule, beta=beta)
    seen = dict(resets=0, down=0)
    for knob, nonideal in KNOBS.items():
        for seed in (1, 2):
            trials = np.arange(6) + 3 * seed  # not 0 ... B-1: the trial numbers, not the lanes, key the draws
            offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=seed, trials=trials)
            result = train_batch(device, offsets, setting, nonideal=nonideal, seed=seed, trials=trials,
                                 general=True)
            for b, trial in enumerate(trials):
                ref = train_reference(device, offsets[b], setting, nonideal=nonideal, seed=seed, trial=int(trial))
                _assert_same_trial(result, b, ref, f"{rule} on {device_name}, {knob}, seed {seed}, trial {trial}")
            seen["resets"] += result.reset_pulses.sum()
            seen["down"] += result.depression_count.sum()
    # The comparison meant something: the rule's special cases happened.
    assert seen["resets"] > 0 if "refresh" in rule else seen["resets"] == 0
    assert seen["down"] > 0 if "two-way" in rule else seen["down"] == 0


@pytest.mark.parametrize("rule", ["batch", "batch+gated", "online", "online+gated"])
def test_general_model_with_every_knob_off_is_the_reference_model(rule):
    # The online rule without knobs runs on the reference model's state by default.
    device = crossbar.default_device()
    setting = crossbar.DEFAULT.replace(max_epochs=40 if rule.startswith("batch") else 150, rule=rule)
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=5, trials=150)
    plain = train_batch(device, offsets, setting, general=False)
    general = train_batch(device, offsets, setting, general=True)
    assert 0 < plain.converged.sum() < 150
    for name in ("converged", "epochs", "pulse_count", "conductance", "activation", "total_error"):
        np.testing.assert_array_equal(getattr(general, name), getattr(plain, name), err_msg=name)
    np.testing.assert_array_equal(general.depression_count, 0)
    np.testing.assert_array_equal(general.bound_hits, 0)


@pytest.mark.parametrize("rule,device_name", [("batch+gated+refresh", "default-short"),
                                              ("online+two-way+refresh", "ag-si-short")])
def test_draws_do_not_depend_on_the_batch_order_or_size(rule, device_name):
    device = DEVICES[device_name]
    setting = crossbar.DEFAULT.replace(max_epochs=20, rule=rule)
    trials = np.arange(150) * 7919 + 2**33  # numbers past 2^32 use the counter's high word
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=3, trials=trials)
    run = dict(setting=setting, nonideal=KNOBS["all"], seed=3)
    whole = train_batch(device, offsets, trials=trials, **run)
    backwards = train_batch(device, offsets[::-1], trials=trials[::-1], **run)
    parts = [train_batch(device, offsets[k:k + 37], trials=trials[k:k + 37], **run) for k in range(0, 150, 37)]
    for name in ("converged", "epochs", "pulse_count", "depression_count", "conductance", "bound_hits",
                 "reset_pulses", "activation"):
        np.testing.assert_array_equal(getattr(backwards, name)[::-1], getattr(whole, name), err_msg=name)
        np.testing.assert_array_equal(np.concatenate([getattr(p, name) for p in parts]), getattr(whole, name),
                                      err_msg=name)
    assert 0 < whole.converged.sum() < 150


def _forced(n_inputs=2, beta=1e5):
    """One all-ones pattern labelled 1 with a target it cannot reach: every epoch, every G+ is
    potentiated (and G- depressed with two-way pulses), whatever the noise."""
    patterns = PatternSet([[1] * n_inputs], [[1]])
    return patterns, crossbar.DEFAULT.replace(beta=beta, target_high=0.9, target_low=-0.9)


def _linear(points, g0=2.0**-24, step=2.0**-30, two_way=False):
    """A linear device: g0 + step k up, and (two-way) the same line down from the top."""
    up = g0 + step * np.arange(points)
    return DeviceCurve(up, name="linear", depression=up[::-1].copy() if two_way else None)


def test_one_knob_does_not_change_another_knobs_draws():
    shape = (4, 4)
    stuck = Nonidealities(stuck_low=0.2, stuck_high=0.1)
    others = stuck.replace(c2c=0.05, window_spread=0.5, nonlinearity_spread=0.5, read_noise=0.1)
    np.testing.assert_array_equal(sample_static(stuck, 9, np.arange(50), shape)[2],
                                  sample_static(others, 9, np.arange(50), shape)[2])
    window = Nonidealities(window_spread=0.5)
    np.testing.assert_array_equal(sample_static(window, 9, np.arange(50), shape)[0],
                                  sample_static(others, 9, np.arange(50), shape)[0])
    # In the engine: with the pulses forced, the c2c steps are the same with read noise and
    # stuck devices on (those that are free), and scale with the window factor.
    patterns, setting = _forced()
    setting = setting.replace(max_epochs=6)
    device = _linear(21)
    offsets = np.zeros((200, 2, 2))
    base = dict(setting=setting, patterns=patterns, seed=4, unphysical="report")  # zero offsets: G starts at 0
    c2c = train_batch(device, offsets, nonideal=Nonidealities(c2c=0.01), **base)
    with_read = train_batch(device, offsets, nonideal=Nonidealities(c2c=0.01, read_noise=0.2), **base)
    np.testing.assert_array_equal(with_read.conductance, c2c.conductance)
    with_stuck = train_batch(device, offsets, nonideal=Nonidealities(c2c=0.01, stuck_high=0.3), **base)
    free = sample_static(Nonidealities(stuck_high=0.3), 4, np.arange(200), (2, 2))[2] == 0
    assert 0.2 < 1 - free.mean() < 0.4
    np.testing.assert_array_equal(with_stuck.conductance[free], c2c.conductance[free])
    spread = Nonidealities(c2c=0.01, window_spread=0.4)
    with_window = train_batch(device, offsets, nonideal=spread, **base)
    w = sample_static(spread, 4, np.arange(200), (2, 2))[0]
    rise = device.conductance[6] - device.conductance[0]
    eta = c2c.conductance[:, :, 0] / setting.gain - rise
    np.testing.assert_allclose(with_window.conductance[:, :, 0] / setting.gain - w[:, :, 0] * rise,
                               w[:, :, 0] * eta, rtol=1e-9, atol=1e-24)


def test_c2c_spread_after_n_pulses_is_sigma_window_sqrt_n():
    patterns, setting = _forced()
    n = 9
    device = _linear(21)  # after 9 pulses at 45 % of the window: the bounds are 15 sigma away
    c2c = 0.01
    B = 4000
    result = train_batch(device, np.zeros((B, 2, 2)), setting.replace(max_epochs=n), patterns,
                         nonideal=Nonidealities(c2c=c2c), seed=11, unphysical="report")  # G starts at 0
    assert (result.epochs == n).all() and (result.bound_hits == 0).all()
    np.testing.assert_array_equal(result.pulse_count[:, :, 0], n)
    np.testing.assert_array_equal(result.pulse_count[:, :, 1], 0)
    eta = (result.conductance[:, :, 0] / setting.gain - (device.conductance[n] - device.conductance[0])).ravel()
    expected = c2c * device.window * math.sqrt(n)
    samples = eta.size
    # Sample std of normals: relative standard error 1 / sqrt(2 samples); 5 of them.
    assert abs(eta.std() / expected - 1) < 5 / math.sqrt(2 * samples)
    assert abs(eta.mean()) < 5 * expected / math.sqrt(samples)
    # The two inputs' devices draw independently.
    assert abs(np.corrcoef(eta.reshape(B, 2).T)[0, 1]) < 5 / math.sqrt(B)
    # The untouched G- devices took no noise.
    np.testing.assert_array_equal(result.conductance[:, :, 1], 0.0)


def test_read_noise_on_the_neuron_current_has_the_stated_std():
    read = 0.05
    setting = crossbar.DEFAULT.replace(beta=1e5, max_epochs=0)  # one evaluation, f = tanh(beta I) ~ 0.01
    B = 1500
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=2, trials=B)
    result = train_batch(crossbar.default_device(), offsets, setting, nonideal=Nonidealities(read_noise=read),
                         seed=2, exact=True)
    V = crossbar.input_voltages(crossbar.diagonals_training().bits, setting.v_one, setting.v_zero)
    columns = V @ (setting.gain * offsets)  # unpulsed: G = K s
    i_plus, i_minus = columns[..., 0::2], columns[..., 1::2]
    z = (np.arctanh(result.activation) / setting.beta - (i_plus - i_minus)) / (read * np.hypot(i_plus, i_minus))
    samples = z.size
    assert abs(z.std() - 1) < 5 / math.sqrt(2 * samples)
    assert abs(z.mean()) < 5 / math.sqrt(samples)
    assert abs(np.corrcoef(z[:, :, 0].ravel(), z[:, :, 1].ravel())[0, 1]) < 5 / math.sqrt(samples / 2)


def test_stuck_devices_never_move_and_their_fraction_is_the_probability():
    nonideal = Nonidealities(c2c=0.05, stuck_low=0.15, stuck_high=0.1)
    device = preset("ag-si")
    setting = crossbar.DEFAULT.replace(max_epochs=15, rule="batch+two-way")
    B = 60
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=8, trials=B)
    result = train_batch(device, offsets, setting, nonideal=nonideal, seed=8, history=True)
    window, _, stuck = sample_static(nonideal, 8, np.arange(B), (4, 4))
    rise = np.concatenate([device.conductance, device.depression]) - device.conductance[0]
    at = np.where(stuck == 1, window * rise.min(), window * rise.max()) + offsets
    for b in range(B):
        history = result.conductance_history[b, :result.epochs[b] + 1]
        held = stuck[b] != 0
        np.testing.assert_array_equal(history[:, held], np.broadcast_to(setting.gain * at[b][held],
                                                                        history[:, held].shape))
    pulsed = result.pulse_count + result.depression_count
    assert pulsed[stuck != 0].sum() > 0  # they were sent pulses, and ignored them
    draws = sample_static(nonideal, 8, np.arange(5000), (4, 4))[2]
    samples = draws.size
    for code, p in ((1, 0.15), (2, 0.1)):
        assert abs((draws == code).mean() - p) < 5 * math.sqrt(p * (1 - p) / samples)


def test_a_linear_two_way_device_steps_by_hand():
    # Two patterns with the same input and opposite labels: sgn sum_n delta V = -sgn f, so the
    # weight swings about 0. Linear branches, dyadic values: every conductance is exact.
    a = 2.0**-30
    device = _linear(9, step=a, two_way=True)
    patterns = PatternSet([[1], [1]], [[1], [0]])
    setting = TrainingSetting(beta=1e9, target_high=0.5, target_low=-0.5, max_epochs=8, rule="batch+two-way")
    offsets = np.array([[0.0, 2.5 * a]])
    result = train_batch(device, offsets, setting, patterns, history=True, units="absolute",
                         unphysical="report")[0]  # by hand; G+ from 0
    # W / (K a) = -2.5 -1.5 -0.5 (up: G+ climbs, G- already at its floor) 0.5 (down: G+ down a
    # step from 3a, G- up from 0) -1.5 (up) 0.5 ...
    steps = [(0, 0), (1, 0), (2, 0), (3, 0), (2, 1), (3, 0), (2, 1), (3, 0), (2, 1)]
    expected = setting.gain * (a * np.array(steps, float)[:, np.newaxis, :] + offsets)
    np.testing.assert_array_equal(result.conductance_history, expected)
    np.testing.assert_array_equal(result.pulse_count, [[5, 3]])
    np.testing.assert_array_equal(result.depression_count, [[3, 5]])
    assert not result.converged and result.epochs == 8
    ref = train_reference(device, offsets, setting, patterns, units="absolute", unphysical="report")
    np.testing.assert_array_equal(ref.conductance, expected[-1])


def _first_reaching(envelope, rise, rising):
    """Position where a running extreme first reaches `rise`, by searchsorted and interpolation."""
    e = envelope if rising else -envelope
    c = rise if rising else -rise
    k = np.searchsorted(e, c, side="left")  # e is non-decreasing: the first index with e[k] >= c
    if k == 0:
        return 0.0
    if k == e.size:
        return float(e.size - 1)
    return (k - 1) + (c - e[k - 1]) / (e[k] - e[k - 1])


@numba.njit
def _switch_through_pointers(env, first, last, rise, rising, guide, g0, scale, buckets):
    return kernel._switch_position(kernel._address(env), first, last, rise, rising, kernel._address(guide), g0,
                                   scale, buckets)


def test_address_takes_only_contiguous_float64_or_int64_arrays():
    @numba.njit
    def third(a):
        return kernel._address(a)[2]

    assert third(np.arange(5.0)) == 2.0
    assert third(np.arange(5)) == 2
    for wrong in (np.arange(10.0)[::2], np.arange(5, dtype=np.int32)):  # a strided view; 32-bit integers
        with pytest.raises(numba.core.errors.TypingError):
            third(wrong)


def test_the_guide_table_points_below_every_rise_of_its_bucket():
    tab, env, first, last, bounds, guide, scale_of = device_tables(preset("ag-si"))
    buckets = guide.shape[1]
    for b, rising in ((0, True), (1, False)):
        origin, scale = env[first[b]], scale_of[b]
        assert (rising and scale > 0) or (not rising and scale < 0)
        g = guide[b]
        assert np.all(np.diff(g) >= 0) and first[b] <= g.min() and g.max() <= last[b] - 1
        # The first rise of each bucket, on the grid, has not been reached at its guide point
        # and has at the next one, but where the guide is held on the branch's first or
        # second-last point.
        starts = origin + np.arange(buckets) / scale
        inside = (g > first[b]) & (g < last[b] - 1)
        assert inside.mean() > 0.5
        if rising:
            assert np.all((env[g] < starts)[inside]) and np.all((env[g + 1] >= starts)[inside])
        else:
            assert np.all((env[g] > starts)[inside]) and np.all((env[g + 1] <= starts)[inside])


def test_switch_position_is_the_point_of_equal_conductance():
    device = preset("ag-si")
    tab, env, first_of, last_of, bounds, guide, scale_of = device_tables(device)
    buckets = guide.shape[1]
    up, down = tab[:first_of[1]], tab[first_of[1]:]
    rng = np.random.default_rng(0)
    edges = np.concatenate([env[first_of[b]] + np.arange(0, buckets, 7) / scale_of[b] for b in (0, 1)])
    for rise in np.concatenate([rng.uniform(-0.1, 1.1, 200) * device.window, up[:5], down[-5:], edges[::3]]):
        for branch, (first, last) in enumerate(zip(first_of, last_of)):
            rising = branch == 0
            want = _first_reaching(env[first:last + 1], rise, rising)
            # The guide table only says where the scan starts: any table, even one that points
            # to the branch's first or last point or at random, gives the same answer.
            tables = (guide.ravel(), np.full(guide.size, first), np.full(guide.size, last - 1),
                      rng.integers(first, last, guide.size))
            found = {kernel._switch_position(env, first, last, rise, rising, g, branch * buckets, scale_of[branch],
                                             buckets) for g in tables}
            # The kernel's loops read env and the guide through pointers: the same answers, to the bit.
            found |= {_switch_through_pointers(env, first, last, rise, rising, g, branch * buckets, scale_of[branch],
                                               buckets) for g in tables}
            assert len(found) == 1
            assert found.pop() == pytest.approx(want, rel=1e-14, abs=0)
            assert switch_position(env[first:last + 1], rise, rising) == pytest.approx(want, rel=1e-14, abs=0)
            if 0.0 < want < last - first:  # inside the branch: the same conductance there
                assert curve_value(tab[first:last + 1], want) == pytest.approx(rise, rel=1e-12, abs=1e-24)


def test_a_potentiated_device_depressed_continues_from_equal_conductance():
    # Opposite labels on one input: G+ is potentiated until the weight turns positive, then depressed.
    device = preset("ag-si")
    up = device.conductance - device.conductance[0]
    down = device.depression - device.conductance[0]
    patterns = PatternSet([[1], [1]], [[1], [0]])
    setting = TrainingSetting(beta=1e9, target_high=0.5, target_low=-0.5, max_epochs=12, rule="batch+two-way")
    offsets = np.array([[0.0, 0.5 * (up[5] + up[6])]])
    result = train_batch(device, offsets, setting, patterns, history=True, unphysical="report")[0]  # G+ from 0
    g_plus = result.conductance_history[:, 0, 0] / setting.gain
    k = int(np.argmax(np.diff(g_plus) < 0))  # the first epoch that lowered G+: after k potentiating pulses
    assert k == 6
    np.testing.assert_allclose(g_plus[:k + 1], up[:k + 1], rtol=1e-12)
    q = _first_reaching(np.minimum.accumulate(down), up[k], rising=False)
    assert np.interp(q, np.arange(down.size), down) == pytest.approx(up[k], rel=1e-12)  # equal conductance
    assert g_plus[k + 1] == pytest.approx(np.interp(q + 1, np.arange(down.size), down), rel=1e-12)


# Random123's known-answer tests for Philox4x32-10 (kat_vectors): counter, key -> output.
PHILOX_KAT = [
    ((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
    ((0xFFFFFFFF,) * 4, (0xFFFFFFFF, 0xFFFFFFFF), (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
    ((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344), (0xA4093822, 0x299F31D0),
     (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1)),
]


def _philox_python(counter, key):
    """Philox4x32-10 written from the paper (Salmon et al. 2011), in Python integers."""
    c0, c1, c2, c3 = counter
    k0, k1 = key
    mask = 0xFFFFFFFF
    for round_ in range(10):
        if round_:
            k0, k1 = (k0 + 0x9E3779B9) & mask, (k1 + 0xBB67AE85) & mask
        p0, p1 = 0xD2511F53 * c0, 0xCD9E8D57 * c2
        c0, c1, c2, c3 = ((p1 >> 32) ^ c1 ^ k0) & mask, p1 & mask, ((p0 >> 32) ^ c3 ^ k1) & mask, p0 & mask
    return c0, c1, c2, c3


@pytest.mark.parametrize("counter,key,output", PHILOX_KAT)
def test_philox_matches_random123s_known_answers(counter, key, output):
    assert _philox_python(counter, key) == output
    words = kernel.philox(*(np.uint64(v) for v in counter + key))
    assert tuple(int(w) for w in words) == output


def test_normals_and_the_online_order_are_philox_box_muller():
    key = kernel_key(7, "c2c")
    k = (int(key[0]), int(key[1]))
    for trial, epoch, first_block in ((0, 0, 0), (5, 3, 2), (2**33 + 17, 40, 9)):
        z = kernel.normals(key, trial, epoch, first_block, 10)
        want = []
        for block in range(first_block, first_block + 3):
            w = _philox_python((trial & 0xFFFFFFFF, trial >> 32, epoch, block), k)
            u = [(v + 0.5) * 2.0**-32 for v in w]
            for u1, u2 in ((u[0], u[1]), (u[2], u[3])):
                r = math.sqrt(-2.0 * math.log(u1))
                want += [r * math.cos(2 * math.pi * u2), r * math.sin(2 * math.pi * u2)]
        np.testing.assert_allclose(z, want[:10], rtol=1e-12, atol=1e-13)
    order = kernel_key(7, "order")
    for t in (1, 2, 5):
        w0 = _philox_python((123, 0, 4, t), (int(order[0]), int(order[1])))[0]
        assert kernel.shuffle_step(order, 123, 4, t) == min(int((w0 + 0.5) * 2.0**-32 * (t + 1)), t)


@pytest.mark.parametrize("build,name", [
    (lambda: Nonidealities(c2c=-0.01), "c2c"),
    (lambda: Nonidealities(read_noise=-1.0), "read_noise"),
    (lambda: Nonidealities(stuck_low=0.6, stuck_high=0.5), "stuck_low + stuck_high"),
    (lambda: TrainingSetting(rule="batch+sideways"), "'sideways'"),
    (lambda: TrainingSetting(rule="batch+online"), "more than one base"),
])
def test_bad_values_are_rejected_naming_the_parameter(build, name):
    with pytest.raises(ValueError, match=name.replace("+", r"\+")):
        build()


def test_a_two_way_rule_on_a_one_way_device_is_rejected():
    setting = crossbar.DEFAULT.replace(rule="online+two-way")
    offsets = np.zeros((4, 4))
    with pytest.raises(ValueError, match="rule 'online\\+two-way'.*no depression branch"):
        train_batch(crossbar.default_device(), offsets, setting)
    with pytest.raises(ValueError, match="rule 'online\\+two-way'.*no depression branch"):
        train_reference(crossbar.default_device(), offsets, setting)


@pytest.mark.parametrize("rule,nonideal", [("online", Nonidealities(read_noise=0.01)), ("batch", Nonidealities(c2c=0.05)),
                                           ("batch+refresh", NONE)])
def test_the_reference_kernel_refuses_what_only_the_general_model_can_run(rule, nonideal):
    # general=False used to ignore the knobs silently, and with the online rule wrote past the
    # general model's (empty) state arrays: heap corruption.
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=1, trials=3)
    setting = crossbar.DEFAULT.replace(max_epochs=3, rule=rule)
    with pytest.raises(ValueError, match="general=False"):
        train_batch(crossbar.default_device(), offsets, setting, nonideal=nonideal, general=False)


@pytest.mark.parametrize("rule", ["batch", "online"])
def test_a_saturated_neuron_is_still_pulsed_where_one_over_cosh_squared_is_subnormal(rule):
    # beta I = 372.9: f = 1 exactly, and 1/cosh^2 = 4 e^(-2 beta I) is about 1.5e-323, a nonzero
    # double, so delta = (t- - 1) beta / cosh^2 < 0 and G- is potentiated every epoch. (The
    # engine's exact path used to compute it as 4 e with e = exp(-2|x|), which is 0 past 372.6.)
    setting = TrainingSetting(beta=6e7, max_epochs=3, rule=rule)
    patterns = PatternSet([[1]], [[0]])
    offsets = np.array([[372.9 / 6e7 / (0.1 * setting.gain), 0.0]])
    x = 372.9
    with np.errstate(over="ignore"):
        assert (1 / np.cosh(x)) ** 2 > 0 and kernel.tanh_sech2(x)[1] > 0 and np.tanh(x) == 1.0
    result = train_batch(crossbar.default_device(), offsets, setting, patterns, general=True,
                         unphysical="report")  # G- starts at 0
    np.testing.assert_array_equal(result.pulse_count[0], [[0, 3]])
    ref = train_reference(crossbar.default_device(), offsets, setting, patterns, unphysical="report")
    np.testing.assert_array_equal(ref.pulse_count, [[0, 3]])


def test_the_reference_on_the_reference_model_is_the_physics_loop():
    # Every knob off, the batch rule, a one-way device: reference.py reduces to physics.py's loop.
    from crossbar.training import physics

    setting = crossbar.DEFAULT.replace(max_epochs=30)
    patterns = crossbar.diagonals_training()
    V = crossbar.input_voltages(patterns.bits, setting.v_one, setting.v_zero)
    curve = crossbar.default_device().conductance
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=6, trials=30)
    outcomes = []
    for s in offsets:
        converged, epochs, m = physics.train_reference(curve, s, V, patterns.labels, setting)
        ref = train_reference(crossbar.default_device(), s, setting)
        assert (ref.converged, ref.epochs) == (converged, epochs)
        np.testing.assert_array_equal(ref.pulse_count, m)
        np.testing.assert_allclose(ref.conductance, physics.conductance(curve, m, s, setting.gain), rtol=1e-15)
        outcomes.append(converged)
    assert 0 < sum(outcomes) < len(outcomes)


def test_the_online_order_is_a_uniform_shuffle():
    # Fisher-Yates with an index drawn from 0 ... t: every pattern equally likely at every place
    # (a draw from 0 ... t-1, Sattolo's cycles, would never leave a pattern where it was).
    key = kernel_key(2, "order")
    P, trials = 6, 3000
    counts = np.zeros((P, P))
    for trial in range(trials):
        order = list(range(P))
        for t in range(P - 1, 0, -1):
            k = kernel.shuffle_step(key, trial, 7, t)
            order[t], order[k] = order[k], order[t]
        counts[np.arange(P), order] += 1
    p = 1 / P
    assert np.abs(counts / trials - p).max() < 5 * math.sqrt(p * (1 - p) / trials)
