"""Hypothesis at the API entry points (issue 20): whatever a caller hands over, each call returns a
correct, physical result or raises TypeError / ValueError naming what was wrong. Never an
OverflowError, AttributeError, ZeroDivisionError, IndexError, a raw MemoryError, a NaN result or
a silently truncated number."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crossbar
from crossbar.resources import ResourceError
from crossbar.studies import Grid, Study, apply_point
from crossbar.studies.stats import wilson_interval

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])

DEVICE = crossbar.default_device()
SMALL = crossbar.DEFAULT.replace(max_epochs=5)

# Anything a caller might pass where a number belongs.
NUMBERS = st.one_of(
    st.integers(-(2**70), 2**70), st.sampled_from([10**400, -(10**400), 2**63, 2**63 - 1, 2**64, 0, 1, -1]),
    st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
    st.sampled_from([np.float32(6e7), np.float16(0.5), np.int64(5), np.uint64(2**63), np.int8(-3),
                     np.float64("nan"), np.longdouble(1e-9), np.bool_(True)]),
)
OTHERS = st.sampled_from([None, True, False, "1e7", "", b"5", 1j, 6e7 + 0j, [1.0], (1, 2), {"a": 1},
                          np.array([1.0]), np.array(2.0), float, object()])
VALUES = st.one_of(NUMBERS, OTHERS)
SETTING_FIELDS = ["beta", "target_high", "target_low", "gain", "max_epochs", "v_one", "v_zero", "rule"]
KNOBS = ["c2c", "window_spread", "nonlinearity_spread", "stuck_low", "stuck_high", "read_noise"]


def allowed(call):
    """The result of `call()`, or None if it raised TypeError or ValueError (any other exception fails)."""
    try:
        return call()
    except (TypeError, ValueError) as exc:
        assert not isinstance(exc, OverflowError)
        assert str(exc) and "\n" not in str(exc).strip(), repr(exc)
        return None


def plain_number(x):
    return type(x) in (int, float) and math.isfinite(x)


@FUZZ
@given(st.dictionaries(st.sampled_from(SETTING_FIELDS), VALUES, max_size=4))
def test_a_setting_is_plain_finite_numbers_or_refused(fields):
    s = allowed(lambda: crossbar.TrainingSetting(**fields))
    if s is not None:
        assert all(plain_number(getattr(s, f)) for f in SETTING_FIELDS[:-1])
        assert type(s.max_epochs) is int and s.beta > 0 and s.gain > 0
        for f, v in fields.items():  # accepted means taken as given, never rounded or truncated
            if f != "rule":
                assert getattr(s, f) == v


@FUZZ
@given(st.dictionaries(st.sampled_from(KNOBS), VALUES, max_size=3))
def test_nonidealities_are_plain_finite_numbers_or_refused(knobs):
    n = allowed(lambda: crossbar.Nonidealities(**knobs))
    if n is not None:
        assert all(type(getattr(n, k)) is float and 0 <= getattr(n, k) < math.inf for k in KNOBS)


@FUZZ
@given(st.sampled_from(["rescaled-lognormal", "rescaled-exponential", "lognormal", "none"]), VALUES, VALUES, VALUES)
def test_distributions_are_plain_numbers_or_refused_and_draw_finite_offsets(kind, a, b, c):
    make = {"rescaled-lognormal": lambda: crossbar.RescaledLognormal(a, b, c),
            "rescaled-exponential": lambda: crossbar.RescaledExponential(a, b),
            "lognormal": lambda: crossbar.Lognormal(a, b),
            "none": lambda: crossbar.NoOffsets(a)}[kind]
    d = allowed(make)
    if d is not None:
        assert all(plain_number(v) for k, v in d.describe().items() if k != "kind")
        assert np.isfinite(crossbar.sample_offsets(d, seed=1, trials=3)).all()


TRIALS = st.one_of(NUMBERS, OTHERS, st.lists(NUMBERS, max_size=4),
                   st.sampled_from([np.array([1.5, 2.7]), np.array([2**63], np.uint64), np.array([[0, 1]]),
                                    np.array([True]), np.arange(3, dtype=np.uint8), np.array([-1])]))


@FUZZ
@given(TRIALS, VALUES)
def test_sample_offsets_draws_exactly_the_trials_asked_or_refuses(trials, seed):
    def call():
        return crossbar.sample_offsets(seed=seed, trials=trials)

    try:
        draws = allowed(call)
    except ResourceError:  # a ValueError too: a count beyond memory, refused before allocating
        return
    if draws is not None:
        n = int(trials) if np.ndim(trials) == 0 else len(trials)
        assert draws.shape == (n, 4, 4) and np.isfinite(draws).all()
        if np.ndim(trials) == 1 and n:
            assert all(float(t) == int(t) for t in np.asarray(trials, dtype=object))  # nothing truncated


OFFSETS = st.one_of(
    OTHERS, NUMBERS,
    st.lists(st.lists(st.one_of(NUMBERS, st.sampled_from([1j, "x", None])), min_size=4, max_size=4),
             min_size=4, max_size=4),
    st.builds(lambda v, shape: np.full(shape, v), st.floats(-1, 1) | st.sampled_from([1e308, -1e-8, 0.0, 5e-8]),
              st.sampled_from([(4, 4), (1, 4, 4), (2, 4, 4), (3, 3), (4,)])),
)


@FUZZ
@given(OFFSETS, st.sampled_from(["train", "train_batch"]))
def test_training_entry_points_return_physical_runs_or_refuse(offsets, entry):
    if entry == "train":
        run = allowed(lambda: crossbar.train(DEVICE, SMALL, offsets))
        if run is not None:
            assert run.physical and np.isfinite(run.conductance).all()
    else:
        batch = allowed(lambda: crossbar.train_batch(DEVICE, offsets, SMALL))
        if batch is not None:
            assert batch.physical.all() and np.isfinite(batch.conductance).all()


@FUZZ
@given(st.dictionaries(st.sampled_from(["trials", "seed", "chunk_size", "gain", "offsets", "device", "nonideal"]),
                       st.one_of(VALUES, st.sampled_from([crossbar.Lognormal(1, 0), crossbar.NoOffsets(),
                                                          crossbar.RescaledLognormal(0, 1e-7)])), max_size=3))
def test_a_study_is_made_of_valid_parts_or_refused(fields):
    def make():
        kwargs = dict(fields)
        gain = kwargs.pop("gain", None)
        if gain is not None:
            kwargs["setting"] = crossbar.DEFAULT.replace(gain=gain)
        return Study(**kwargs)

    study = allowed(make)
    if study is not None:
        assert all(type(getattr(study, f)) is int for f in ("trials", "seed", "chunk_size"))


AXES = st.sampled_from(["beta", "targets", "gain", "max_epochs", "offset_range", "offset_spread", "seed", "task",
                        "rule", "c2c", "stuck_low", "nope"])


@FUZZ
@given(AXES, st.one_of(VALUES, st.lists(st.one_of(VALUES, st.tuples(NUMBERS, NUMBERS)), max_size=3)))
def test_grid_points_are_valid_studies_or_refused(axis, values):
    grid = allowed(lambda: Grid(**{axis: values}))
    if grid is not None:
        assert len(grid) == len(set(map(str, grid.points())))  # distinct values, distinct points
        for point in grid.points():
            allowed(lambda: apply_point(Study(trials=10), point))


@FUZZ
@given(st.one_of(NUMBERS, OTHERS, st.lists(NUMBERS, max_size=3)), st.one_of(NUMBERS, OTHERS))
def test_wilson_intervals_are_numbers_in_0_1_or_refused(k, n):
    interval = allowed(lambda: wilson_interval(k, n))
    if interval is not None:
        low, high = (np.asarray(v) for v in interval)
        assert np.all((0 <= low) & (low <= high) & (high <= 1))


@FUZZ
@given(st.one_of(OTHERS, NUMBERS, st.builds(np.full, st.sampled_from([(4, 4), (2, 4, 4), (3, 4)]),
                                            st.floats(allow_nan=False))),
       st.sampled_from([None, "diagonals", crossbar.diagonals_test()]),
       st.sampled_from([None, crossbar.DEFAULT, {"beta": 1}]))
def test_evaluate_answers_or_names_the_argument(conductance, patterns, setting):
    f = allowed(lambda: crossbar.evaluate(conductance, patterns, setting))
    if f is not None:
        assert f.shape[-2:] == (patterns.n_patterns, patterns.n_neurons) and np.all(np.abs(f) <= 1)


@pytest.mark.parametrize("call", [
    lambda: crossbar.train(DEVICE, SMALL, np.full((4, 4), np.float32(5e-8))),
    lambda: crossbar.train(DEVICE, SMALL.replace(beta=np.float32(6e7)), seed=np.int64(3), trial=np.uint8(2)),
    lambda: crossbar.train_batch(DEVICE, crossbar.sample_offsets(trials=np.arange(3, dtype=np.uint16)), SMALL,
                                 trials=np.arange(3, dtype=np.int32)),
])
def test_numpy_numbers_are_taken_as_numbers_everywhere(call):
    assert call() is not None
