"""Probe 5, the studies and tasks API under attack: wrong input is a TypeError or ValueError naming the
argument and what was expected, never a raw IndexError, KeyError, AttributeError, OverflowError or
numpy warning from inside, and nothing unphysical answered as success."""

import re
import warnings

import numpy as np
import pytest

import crossbar
from crossbar import studies


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


@pytest.fixture(scope="module")
def study():
    return crossbar.Study(trials=40, seed=1, setting=crossbar.DEFAULT.replace(max_epochs=30), chunk_size=20)


@pytest.fixture(scope="module")
def result(study):
    return crossbar.run_study(study, progress=False)


@pytest.fixture(scope="module")
def network_result():
    training, test = crossbar.tasks.digits(per_class=2, classes=3)
    s = crossbar.Study(trials=4, patterns=training, test_patterns=test,
                       setting=crossbar.NETWORK.replace(hidden=3, max_epochs=3))
    return crossbar.run_study(s, progress=False)


def _visited(gain):
    return studies.min_visited_conductance(crossbar.default_device().conductance, np.zeros((1, 4, 4), int),
                                           crossbar.sample_offsets(trials=1), gain)


def _epochs(table, value):
    table = table.copy()
    table["epochs"] = value
    return table


# ------------------------------------------------------------------ study.py, stats.py, outcomes.py

@pytest.mark.parametrize("call, error, message", [
    # a gain as TrainingSetting.gain takes it: no -3e-7 S, 0 S or 9e10 S answered
    (lambda s, r: _visited(-3), ValueError, "gain = -3: expected a gain K > 0"),
    (lambda s, r: _visited(0), ValueError, "gain = 0: expected a gain K > 0"),
    (lambda s, r: _visited(5e-324), ValueError, "gain = 5e-324: the device at (0, 0, 0) starts at G = K s = 0 S"),
    (lambda s, r: _visited(2**63), ValueError, "starts at G = K s = 9.223e+11 S (offset 1e-07 S), outside the physical"),
    (lambda s, r: _visited("10"), TypeError, "gain = '10': expected a gain K > 0, got str"),
    (lambda s, r: crossbar.wilson_interval(3, 10, z=1e200), ValueError,
     "z = 1e+200: expected a standard-normal quantile 0 < z <= 40"),
    # chunk_trials as run_chunk: 0.5 is no chunk, and out of range is a ValueError naming it
    (lambda s, r: s.chunk_trials(0.5), ValueError, "chunk = 0.5: expected a chunk number, got float"),
    (lambda s, r: s.chunk_trials(2), ValueError, "chunk = 2: expected a chunk number 0 ... 1"),
    (lambda s, r: s.chunk_trials(-1), ValueError, "chunk = -1: expected a chunk number 0 ... 1"),
    (lambda s, r: s.chunk_trials("0"), TypeError, "chunk = '0': expected a chunk number, got str"),
    (lambda s, r: studies.run_chunk(s, 0, threads="2"), TypeError, "threads = '2': expected a number of threads"),
    (lambda s, r: studies.run_chunk(s, 0, threads=2.5), ValueError, "threads = 2.5: expected a number of threads"),
    (lambda s, r: studies.trial_dtype(None), TypeError, "shape = None: expected a crossbar shape (N, C)"),
    (lambda s, r: studies.trial_dtype((4,)), ValueError, "shape = (4,): expected a crossbar shape (N, C)"),
    (lambda s, r: studies.trial_dtype((4, 4), general="no"), TypeError, "general must be True or False"),
    # a StudyResult is a study and its own table
    (lambda s, r: crossbar.StudyResult(s, np.zeros(3)), TypeError,
     "StudyResult.table: expected the study's per-trial table"),
    (lambda s, r: crossbar.StudyResult(None, r.table), TypeError, "StudyResult.study: expected a Study, got NoneType"),
    (lambda s, r: crossbar.StudyResult(s, r.table[:5]), ValueError,
     "StudyResult.table: expected one row per trial of the study, shape (40,), got shape (5,)"),
    (lambda s, r: crossbar.StudyResult(s, r.table, path=3), TypeError,
     "StudyResult.path: expected a folder path (str or Path) or None, got int"),
    (lambda s, r: studies.summarize(_epochs(r.table, -1)), ValueError,
     "table: row 0 has epochs = -1: expected a number of epochs >= 0"),
])
def test_study_helpers_name_the_argument(study, result, call, error, message):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy RuntimeWarning on the way
        with raises(error, message):
            call(study, result)


def test_valid_study_calls_are_unchanged(study, result):
    assert _visited(np.int64(10)).tolist() == [1e-7]
    np.testing.assert_array_equal(study.chunk_trials(np.int64(1)), np.arange(20, 40))
    assert crossbar.StudyResult(study, result.table, path=crossbar.__path__[0]).path == crossbar.__path__[0]
    assert studies.trial_dtype([4, 4]) == study.trial_dtype
    assert crossbar.wilson_interval(3, 10, z=40)[0] > 0


def test_a_network_study_says_what_it_lacks(network_result):
    with raises(ValueError, "StudyResult of a network study: a network study keeps no offsets or pulse counts"):
        network_result.final_conductance
    with raises(AttributeError, "StudyResult.offsets: a network study keeps no offsets"):
        network_result.offsets  # what plot_failure_analysis reads
    with raises(ValueError, "table['test_classification']: 4 values give no 95 % interval of the median; "
                            "at least 6 are needed"):
        studies.outcome_of(network_result.table)
