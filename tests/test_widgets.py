"""The book's widget callbacks (crossbar.widgets) and the helpers the chapters rely on (crossbar.examples)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import crossbar  # noqa: E402
from crossbar import tasks  # noqa: E402
from crossbar.devices import DeviceCurve  # noqa: E402
from crossbar.devices import laws as fit  # noqa: E402
from crossbar.devices.offsets import read_offset_matrix, write_offsets  # noqa: E402
from crossbar.studies import find_trial  # noqa: E402
from crossbar.tasks import input_voltages  # noqa: E402
from crossbar.training import physics, prediction_table  # noqa: E402
from crossbar.views import plotting  # noqa: E402
from crossbar.views import widgets as views  # noqa: E402

EASY = crossbar.REFERENCE.replace(beta=2e7, target_high=0.5, target_low=-0.5)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def device():
    return crossbar.default_device()


@pytest.fixture(scope="module")
def converging_run(device):
    trial = find_trial(device, EASY, converged=True, seed=1, trials=500)
    return crossbar.train(device, EASY, seed=1, trial=trial)


# --- chapter 1 ---------------------------------------------------------------------------

@pytest.mark.parametrize("kind", views.OFFSET_KINDS)
def test_offset_view_reports_window_and_spread_scaled_by_k(device, kind):
    view = views.offset_view(kind, 1e-8, 1e-7, 10.0, device=device, trials=200)
    twin = kind.startswith("rescaled")  # its point masses get their own axis in the first panel
    assert view.figure is not None and len(view.figure.axes) == 2 + twin
    assert view.samples.shape == (200, 4, 4)
    assert view.window == pytest.approx(10.0 * device.window)
    assert view.spread == pytest.approx(10.0 * 9e-8)
    doubled = views.offset_view(kind, 1e-8, 1e-7, 20.0, device=device, trials=200)
    assert doubled.window == pytest.approx(2 * view.window)
    assert doubled.ratio == pytest.approx(view.ratio)  # K scales both: the ratio does not move


def test_rescaled_offsets_span_the_range_exactly_and_lognormal_does_not(device):
    rescaled = views.offset_view("rescaled-exponential", 2e-8, 5e-8, 1.0, device=device, trials=100)
    flat = rescaled.samples.reshape(100, -1)
    np.testing.assert_allclose(flat.min(axis=1), 2e-8)
    np.testing.assert_allclose(flat.max(axis=1), 5e-8)
    assert rescaled.crossbar_spread == pytest.approx(3e-8)
    plain = views.offset_view("lognormal", 2e-8, 5e-8, 1.0, device=device, trials=2000).samples
    outside = np.mean((plain < 2e-8) | (plain > 5e-8))
    assert 0.03 < outside < 0.07  # [lo, hi] is the central 95 % interval


def test_offset_view_explains_a_bad_range_instead_of_raising(device):
    view = views.offset_view("rescaled-lognormal", 1e-7, 1e-8, 10.0, device=device)
    assert view.figure is None and view.summary.startswith("not drawn") and "lo" in view.summary
    with pytest.raises(ValueError, match="unknown offset kind"):
        views.offset_distribution("uniform", 1e-8, 1e-7)


def test_log_law_fits_the_default_device_as_well_as_the_saturating_law(device):
    sat = fit.fit_saturating(device.conductance)
    log = fit.fit_logarithmic(device.conductance)
    assert abs(log.noise / sat.noise - 1) < 0.1
    assert log(np.arange(device.length)) == pytest.approx(device.conductance, abs=4 * log.noise)


def test_fixed_sign_pairs_are_those_whose_offsets_differ_by_more_than_the_window():
    offsets = np.array([[[0.0, 3.0, 1.0, 1.5]]])
    np.testing.assert_array_equal(physics.fixed_sign_pairs(offsets, window=2.0), [[[True, False]]])


def test_offset_figure_draws_point_masses_as_markers_and_stops_before_the_tail():
    # referee 6, point 18: one rescaled kind's end spikes hid the other's, and the axis ran out to
    # the plain lognormal's farthest offset
    lo, hi = 1e-8, 1e-7
    samples = {kind: crossbar.sample_offsets(views.offset_distribution(kind, lo, hi), 1, 500)
               for kind in views.OFFSET_KINDS}
    fig = plotting.plot_offset_distributions(samples)
    ax, right = fig.axes
    marks = [(line.get_xdata()[0], line.get_ydata()[0]) for line in right.get_lines()
             if len(line.get_xdata()) == 1]
    assert len(marks) == 4  # lo and hi of each rescaled kind, each drawn
    np.testing.assert_allclose(sorted(x for x, _ in marks), [lo * 1e6] * 2 + [hi * 1e6] * 2)
    np.testing.assert_allclose([share for _, share in marks], 100 / 16)  # one device of 16 each
    areas = [np.sum(step.get_data().values * np.diff(step.get_data().edges)) for step in ax.patches]
    beyond = np.mean(samples["lognormal"] > ax.get_xlim()[1] * 1e-6)
    np.testing.assert_allclose(areas, [1 - 2 / 16, 1 - 2 / 16, 1 - beyond])  # the masses are not densities
    assert 0 < beyond < 0.01 and ax.get_xlim()[1] < 0.5 * samples["lognormal"].max() * 1e6
    assert "beyond" in ax.get_legend().get_texts()[2].get_text()


# --- chapter 2 ---------------------------------------------------------------------------

def test_activation_view_reference_targets_are_reachable(device):
    view = views.activation_view(device=device)
    i_high, i_low = view.target_currents
    assert i_high == pytest.approx(np.arctanh(0.8) / 6e6) and i_low == pytest.approx(-i_high)
    assert view.reachable and view.current_limit > i_high
    assert view.best_activation == pytest.approx(np.tanh(6e6 * view.current_limit))
    assert view.figure is not None


def test_activation_view_flags_targets_out_of_reach(device):
    # a tiny beta needs currents far above what the crossbar can produce
    view = views.activation_view(beta=1e5, device=device)
    assert not view.reachable and "OUT OF REACH" in view.summary
    assert view.best_activation < 0.8


def test_activation_figure_shows_the_threshold_currents_its_range_would_hide(device):
    # referee 6, point 19: on the reachable currents' scale (±0.8 µA) tanh is a step, and the
    # thresholds ±artanh(t)/β = ±0.025 µA could not be seen
    ax = views.activation_view(6e7, 0.9, -0.9, 10.0, device=device).figure.axes[0]
    (inset,) = ax.child_axes
    threshold = np.arctanh(0.9) / 6e7 * 1e6  # µA
    np.testing.assert_allclose(inset.get_xticks(), [-threshold, threshold])
    assert threshold < inset.get_xlim()[1] < 0.1 * ax.get_xlim()[1]
    wide = views.activation_view(1e5, 0.9, -0.9, 10.0, device=device).figure.axes[0]
    assert not wide.child_axes  # the main axes show these thresholds themselves
    marks = [line.get_xdata()[0] for line in wide.get_lines() if line.get_linestyle() == "--"]
    np.testing.assert_allclose(sorted(marks), np.array([-1, 1]) * np.arctanh(0.9) / 1e5 * 1e6)



def test_activation_view_reads_beta_in_the_units_training_reads_it(device):
    # the same curve 1000 times wider: in relative units the devices get beta / 1000 and offsets x 1000,
    # so the same |f| is in reach (absolute units, as the view did: beta in 1/A on a 1000x current)
    wide = DeviceCurve(device.conductance * 1000.0, name="wide")
    base = views.activation_view(6e7, 0.9, -0.9, 10.0, device=device)
    rel = views.activation_view(6e7, 0.9, -0.9, 10.0, device=wide)
    absolute = views.activation_view(6e7, 0.9, -0.9, 10.0, device=wide, units="absolute")
    assert rel.current_limit == pytest.approx(1000 * base.current_limit)
    assert rel.target_currents == pytest.approx(tuple(1000 * np.array(base.target_currents)))
    assert rel.best_activation == pytest.approx(base.best_activation) and rel.setting.beta == pytest.approx(6e4)
    assert "β / r = 6·10⁴ A⁻¹ on this device's window, r = 1·10³" in rel.summary
    assert absolute.target_currents == pytest.approx(base.target_currents) and absolute.setting.beta == 6e7
    assert "β / r" not in base.summary and base.setting.beta == 6e7

def test_activation_view_reports_an_invalid_setting(device):
    view = views.activation_view(target_high=0.2, target_low=0.5, device=device)
    assert view.figure is None and "target_low" in view.summary


def test_complements_get_opposite_activations_and_conflicts_cap_the_test_score(converging_run):
    test = crossbar.diagonals_test()
    partner = tasks.complement_index(test)
    assert (partner >= 0).all()
    f = converging_run.evaluate(test)
    np.testing.assert_allclose(f[partner], -f, atol=1e-15)
    conflicts = tasks.complement_conflicts(test)
    assert set(np.array(test.strings())[conflicts]) == {"0000", "1111", "0011", "1100", "0101", "1010"}
    assert tasks.most_correct(test) == 7
    assert tasks.most_correct(crossbar.diagonals_training()) == 6
    table = prediction_table(converging_run, test)
    assert table["correct"].sum() <= 7


# --- chapter 3 ---------------------------------------------------------------------------

def test_manhattan_view_recomputes_every_epoch_of_the_run(converging_run):
    for epoch in range(converging_run.epochs):
        view = views.manhattan_view(converging_run, epoch, draw=False)
        assert view.matches_run, epoch
        assert view.pulses == np.count_nonzero(view.step["update"])
    view = views.manhattan_view(converging_run, 0)
    assert len(view.figure.axes) == 4
    with pytest.raises(ValueError, match="outside"):
        views.manhattan_view(converging_run, converging_run.epochs)


def test_gradient_of_squared_error_matches_finite_differences():
    patterns = crossbar.diagonals_training()
    V = input_voltages(patterns.bits)
    W = np.random.default_rng(7).normal(0.0, 2e-7, (4, 2))  # seed 7: weights of order 1/(beta V)
    analytic = physics.squared_error_gradient(W, V, patterns.labels, crossbar.REFERENCE)
    h = 1e-13
    numeric = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        up, down = W.copy(), W.copy()
        up[idx] += h
        down[idx] -= h
        numeric[idx] = (physics.squared_error(up, V, patterns.labels, crossbar.REFERENCE)
                        - physics.squared_error(down, V, patterns.labels, crossbar.REFERENCE)) / (2 * h)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5)


# --- chapter 4 ---------------------------------------------------------------------------

def test_find_trial_returns_the_first_trial_with_the_outcome(device):
    batch = crossbar.train_batch(device, crossbar.sample_offsets(seed=1, trials=300), EASY)
    for outcome in (True, False):
        expected = int(np.flatnonzero(batch.converged == outcome)[0])
        assert find_trial(device, EASY, outcome, seed=1, trials=300) == expected
        assert crossbar.train(device, EASY, seed=1, trial=expected).converged is outcome
    assert find_trial(device, EASY.replace(max_epochs=0), True, seed=1, trials=20) is None
    slow = find_trial(device, EASY, True, seed=1, trials=300, min_epochs=10)
    expected = int(np.flatnonzero(batch.converged & (batch.epochs >= 10))[0])
    assert slow == expected and crossbar.train(device, EASY, seed=1, trial=slow).epochs >= 10


def test_training_view_trains_the_same_run_as_train(device):
    view = views.training_view(1, 2e7, 0.5, -0.5, 10.0, device=device, trial=3)
    run = crossbar.train(device, EASY, seed=1, trial=3)
    assert view.run.converged == run.converged and view.run.epochs == run.epochs
    np.testing.assert_array_equal(view.run.pulse_count, run.pulse_count)
    assert len(view.figure.axes) == 4
    assert views.training_view(1, 2e7, -0.5, 0.5, device=device).run is None


def test_written_offsets_replay_the_run_exactly(tmp_path, converging_run):
    path = write_offsets(tmp_path / "offsets.csv", converging_run.offsets)
    back = read_offset_matrix(path, converging_run.offsets.shape)
    np.testing.assert_array_equal(back, converging_run.offsets)  # 17 digits: the same doubles
    replay = crossbar.train(converging_run.device, converging_run.setting, crossbar.FixedOffsets(back))
    np.testing.assert_array_equal(replay.pulse_count, converging_run.pulse_count)
