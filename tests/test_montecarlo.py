"""Monte Carlo studies: Wilson interval, per-trial results independent of chunking and executor."""

import concurrent.futures as cf
import multiprocessing

import numpy as np
import pytest

import crossbar
from crossbar.studies import (
    Study,
    failure_analysis,
    locked_pairs,
    min_visited_conductance,
    run_chunk,
    run_study,
    wilson_interval,
)
from crossbar.training import physics

# beta = 1e8 /A converges for roughly 40 % of crossbars on the default device, so a
# table of mixed outcomes (a table of all-failures would make equality checks weak).
MIXED = crossbar.REFERENCE.replace(beta=1e8)


def study(trials=240, chunk_size=240, seed=11, **kw):
    return Study(setting=MIXED, trials=trials, chunk_size=chunk_size, seed=seed, **kw)


@pytest.fixture(scope="module")
def reference_table():
    return run_study(study()).table


# ---------------------------------------------------------------- Wilson interval

@pytest.mark.parametrize("k, n, low, high", [
    (1, 10, 0.017876, 0.404150),     # textbook example
    (50, 100, 0.403832, 0.596168),
    (0, 100, 0.0, 3.841459 / 103.841459),  # k = 0: upper bound z^2 / (n + z^2)
    (100, 100, 1 - 3.841459 / 103.841459, 1.0),
    (1, 1_000_000, 1.765e-07, 5.665e-06),
])
def test_wilson_interval_known_values(k, n, low, high):
    lo, hi = wilson_interval(k, n)
    assert lo == pytest.approx(low, rel=1e-3, abs=1e-9)
    assert hi == pytest.approx(high, rel=1e-3, abs=1e-9)


def test_wilson_interval_is_symmetric_and_vectorised():
    k = np.array([0, 3, 17, 40])
    lo, hi = wilson_interval(k, 40)
    lo2, hi2 = wilson_interval(40 - k, 40)
    np.testing.assert_allclose(lo, 1 - hi2, atol=1e-15)
    np.testing.assert_allclose(hi, 1 - lo2, atol=1e-15)
    assert np.all((lo <= k / 40) & (k / 40 <= hi))


def test_wilson_interval_rejects_impossible_counts():
    with pytest.raises(ValueError, match="successes"):
        wilson_interval(5, 4)


# ---------------------------------------------------------------- study definition

def test_study_validation_names_the_field():
    with pytest.raises(ValueError, match=r"Study.trials = 0"):
        Study(trials=0)
    with pytest.raises(ValueError, match=r"Study.chunk_size"):
        Study(chunk_size=-1)
    with pytest.raises(TypeError, match=r"Study.setting: expected a TrainingSetting, got dict"):  # a type, not a value
        Study(setting={"beta": 1})


def test_chunks_partition_the_trials():
    s = study(trials=23, chunk_size=5)
    assert s.n_chunks == 5
    np.testing.assert_array_equal(np.concatenate([s.chunk_trials(c) for c in range(5)]), np.arange(23))


# ---------------------------------------------------------------- reproducibility

def test_outcomes_are_mixed(reference_table):
    rate = reference_table["converged"].mean()
    assert 0.1 < rate < 0.9


@pytest.mark.parametrize("chunk_size", [1, 7, 64, 1000])
def test_results_do_not_depend_on_chunk_size(reference_table, chunk_size):
    table = run_study(study(chunk_size=chunk_size)).table
    assert table.tobytes() == reference_table.tobytes()


def test_trial_k_does_not_depend_on_how_many_trials_run(reference_table):
    head = run_study(study(trials=37, chunk_size=10)).table
    assert head.tobytes() == reference_table[:37].tobytes()


def test_a_chunk_is_the_same_trials_as_a_batch_of_one(reference_table):
    s = study(chunk_size=16)
    table = run_chunk(s, 3)
    for row in table[:4]:
        run = crossbar.train(s.device, s.setting, s.offsets, s.seed, trial=int(row["trial"]))
        assert run.converged == row["converged"] and run.epochs == row["epochs"]
        np.testing.assert_array_equal(run.pulse_count, row["pulse_count"])
    assert table.tobytes() == reference_table[48:64].tobytes()


def test_process_pool_executor_gives_identical_results(reference_table):
    ctx = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(2, mp_context=ctx) as pool:
        table = run_study(study(chunk_size=50), executor=pool).table
    assert table.tobytes() == reference_table.tobytes()


def test_dask_local_cluster_gives_identical_results(reference_table):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        table = run_study(study(chunk_size=60), executor=client).table
    assert table.tobytes() == reference_table.tobytes()


# ---------------------------------------------------------------- per-trial columns

def test_columns_agree_with_the_physics(reference_table):
    s = study()
    result = crossbar.studies.StudyResult(s, reference_table)
    g = s.device.conductance
    np.testing.assert_array_equal(result.initial_conductance, s.setting.gain * result.offsets)
    np.testing.assert_array_equal(
        result.final_conductance, physics.conductance(g, result.pulse_count, result.offsets, s.setting.gain))
    run = crossbar.train(s.device, s.setting, s.offsets, s.seed, trial=5)
    np.testing.assert_array_equal(result.final_conductance[5], run.conductance)
    assert result.training_accuracy[5] == run.accuracy()
    assert result.test_accuracy[5] == run.accuracy(crossbar.diagonals_test())
    assert np.all(result.training_accuracy[result.converged] == 1.0)
    assert np.array_equal(result.saturated_devices, (result.pulse_count >= g.size - 1).sum(axis=(1, 2)))


def test_summary_counts_and_epochs(reference_table):
    result = crossbar.studies.StudyResult(study(), reference_table)
    s = result.summary()
    k = int(reference_table["converged"].sum())
    assert (s.trials, s.converged) == (240, k)
    assert (s.ci_low, s.ci_high) == wilson_interval(k, 240)
    e = reference_table["epochs"][reference_table["converged"]]
    assert s.epochs_median == np.median(e) and s.epochs_p10 <= s.epochs_median <= s.epochs_p90
    assert "Wilson" in str(s)


def test_min_visited_conductance_sees_a_dip_below_zero():
    # A non-monotone curve: g dips 3 nS below g(0) at m = 2, then recovers.
    curve = np.array([10e-9, 9e-9, 7e-9, 12e-9, 15e-9])
    offsets = np.full((1, 1, 2), 2e-9)
    m = np.array([[[1, 4]]])  # device 0 never reaches the dip; device 1 passes through it
    low = min_visited_conductance(curve, m, offsets, gain=10)
    assert low[0] == pytest.approx(10 * (-3e-9 + 2e-9))
    assert min_visited_conductance(curve, np.array([[[1, 1]]]), offsets, 10)[0] > 0


def test_locked_pairs_counts_imbalance_beyond_the_window():
    s = np.zeros((1, 2, 4))
    s[0, 0, 0] = 5e-8   # |s+ - s-| = 5e-8 > 4e-8: locked
    s[0, 1, 3] = 3e-8   # 3e-8 < 4e-8: not locked
    assert locked_pairs(s, 4e-8).tolist() == [1]


def test_failure_analysis_partitions_the_failures(reference_table):
    fa = failure_analysis(crossbar.studies.StudyResult(study(), reference_table))
    assert fa["converged"] + fa["failed"] == 240
    assert fa["failed_saturated"] + fa["failed_unsaturated"] == fa["failed"]
    assert sum(v["trials"] for v in fa["rate_by_locked"].values()) == 240


def test_reference_rate_on_the_measured_curve(measured_device):
    """The published setting on the measured curve converges for fewer than 1 % of crossbars."""
    result = run_study(Study(device=measured_device, setting=crossbar.REFERENCE, trials=4000,
                             chunk_size=4000, seed=0, units="absolute"))
    s = result.summary()
    assert s.ci_high < 0.01  # seed 0: 0.03 % (1 of 4000)
    assert s.physical
