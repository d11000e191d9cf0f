"""Probe 19c, W2 and W3 (issue 20): masks the 65cd830 check did not reach.

W2: entry points that converted an argument with their own ``np.asarray`` / ``np.asarray(x, bool)`` dropped a
masked array's mask and computed with the data under it (PatternSet's bits and labels, input_voltages, rule_row,
compare_rules' feasible, knob_sweep's values, networks.states.final_states' trials, mcnemar).
W3: a list or tuple holding masked arrays or ``np.ma.masked`` slipped past ``isinstance(values, MaskedArray)``:
the mask was dropped (train_batch trained on the masked offsets) or numpy's MaskError escaped (wilson_interval,
apply_pulses, sample_offsets, DeviceCurve.at); compare_rules read None in `feasible` as False; crossing read a
masked rate as NaN ("never below the level").
Every array argument now goes through numbers.py's one check: a masked entry, at any depth of a list, is refused
naming the argument and how many; nothing masked is the plain data.
"""

import numpy as np
import pytest

import crossbar as cb
from crossbar import studies as S
from crossbar.networks import states as NS
from crossbar.studies import rules as R
from crossbar.studies.study import trial_dtype

DEVICE = cb.default_device()
SHORT = cb.DEFAULT.replace(max_epochs=3)


def _one(v, k=0):
    return np.eye(1, v.size, k, dtype=bool).reshape(v.shape)


# the masked forms of a plain array v: the entries they mask
WHOLE = {
    "one masked": lambda v: np.ma.masked_array(v, mask=_one(v)),
    "last masked": lambda v: np.ma.masked_array(v, mask=_one(v, v.size - 1)),
    "all masked": lambda v: np.ma.masked_array(v, mask=np.ones(v.shape, bool)),
    "hard mask": lambda v: np.ma.masked_array(v, mask=_one(v), hard_mask=True),
}
SEQUENCES = {
    # the first row (or element) masked at its first entry, the rest plain: a tuple, so no MaskedArray at the top
    "tuple of masked rows": lambda v: tuple(np.ma.masked_array(r, mask=_one(np.asarray(r)) if i == 0 else False)
                                            for i, r in enumerate(v)),
    "list with np.ma.masked": lambda v: _with_masked(v.tolist()),
}


def _with_masked(rows):
    """`rows` (nested lists) with the first entry replaced by np.ma.masked."""
    if isinstance(rows[0], list):
        return [_with_masked(rows[0])] + rows[1:]
    return [np.ma.masked] + rows[1:]


@pytest.fixture(scope="module")
def study_result():
    return cb.run_study(cb.Study(trials=4, setting=SHORT))


@pytest.fixture(scope="module")
def networks():
    return cb.train_networks(DEVICE, cb.NETWORK.replace(max_epochs=3), cb.diagonals_training(), trials=[0, 1])


TRAINING = cb.diagonals_training()

# W2: own conversions, every masked form (each used the data under the mask, or read None as False)
W2 = [
    ("PatternSet.bits", "bits", TRAINING.bits, lambda x, _: cb.PatternSet(x, TRAINING.labels)),
    ("PatternSet.labels", "labels", TRAINING.labels, lambda x, _: cb.PatternSet(TRAINING.bits, x)),
    ("input_voltages", "bits", np.array([[1, 0, 1, 1], [0, 1, 1, 0]]), lambda x, _: cb.input_voltages(x)),
    ("mcnemar.first", "first", np.array([True, False, True, True, False]),
     lambda x, _: S.mcnemar(x, np.array([True, True, False, True, True]))),
    ("mcnemar.second", "second", np.array([True, False, True, True, False]),
     lambda x, _: S.mcnemar(np.array([True, True, False, True, True]), x)),
    ("rule_row", "feasible", np.array([True, False, True, True]), lambda x, f: S.rule_row(f["study_result"], x)),
    ("compare_rules", "feasible", np.array([True, False, True]),
     lambda x, _: S.compare_rules(cb.Study(trials=3, setting=SHORT), {"a": {}}, feasible=x)),
    ("knob_sweep", "values", np.array([0.0, 0.01, 0.02]),
     lambda x, _: S.knob_sweep(DEVICE, SHORT, cb.RescaledLognormal(), "c2c", x, trials=2)),
    ("final_states", "trials", np.array([0, 1]),
     lambda x, f: NS.final_states(f["networks"], DEVICE, seed=0, trials=x)),
    # found on the way (np.flatnonzero, an object array): a masked True took its pattern, a masked size was read
    ("PatternSet.subset", "index", np.array([True, False, True, True, False, True]), lambda x, _: TRAINING.subset(x)),
    ("trial_dtype", "shape", np.array([4, 4]), lambda x, _: trial_dtype(x)),
]

# W3: entry points that refused a masked array already; a sequence holding masked entries slipped past
W3 = [
    ("wilson.successes", "successes", np.array([3, 4]), lambda x, _: cb.wilson_interval(x, 10)),
    ("wilson.trials", "trials", np.array([10, 12]), lambda x, _: cb.wilson_interval(3, x)),
    ("apply_pulses.pulses", "pulses", np.array([1, 5, 2]), lambda x, _: cb.apply_pulses(DEVICE, x)),
    ("apply_pulses.trials", "trials", np.array([0, 1, 2]),
     lambda x, _: cb.apply_pulses(DEVICE, np.array([3]), trials=x)),
    ("sample_offsets.trials", "trials", np.array([0, 3]), lambda x, _: cb.sample_offsets(trials=x)),
    ("DeviceCurve.at", "pulse_count", np.array([0, 3, 5]), lambda x, _: DEVICE.at(x)),
    ("crossing.value", "value", np.array([1.0, 2.0, 3.0]),
     lambda x, _: R.crossing({"value": x, "rate": np.array([0.5, 0.97, 0.99])})),
    ("crossing.rate", "rate", np.array([0.5, 0.97, 0.99]),
     lambda x, _: R.crossing({"value": np.array([1.0, 2.0, 3.0]), "rate": x})),
    ("train_batch.offsets", "offsets", cb.sample_offsets(trials=2), lambda x, _: cb.train_batch(DEVICE, x, SHORT)),
    ("train.offsets", "offsets", cb.sample_offsets(trials=1)[0], lambda x, _: cb.train(offsets=x, setting=SHORT)),
    ("FixedOffsets.matrix", "matrix", np.full((4, 4), 3e-8),
     lambda x, _: cb.sample_offsets(cb.FixedOffsets(x), trials=2)),
    ("evaluate.conductance", "conductance", np.full((4, 4), 5e-8),
     lambda x, _: cb.evaluate(x, TRAINING, cb.REFERENCE)),
    ("locked_pairs.offsets", "offsets", cb.sample_offsets(trials=2), lambda x, _: S.locked_pairs(x, 5e-8)),
    ("weights_feasible.offsets", "offsets", cb.sample_offsets(trials=2),
     lambda x, _: S.weights_feasible(cb.Study(trials=2), x)),
    ("DeviceCurve.cycles", "cycles", np.array([[1e-7, 2e-7, 3e-7], [1.1e-7, 2.1e-7, 3.1e-7]]),
     lambda x, _: cb.DeviceCurve(np.array([1e-7, 2e-7, 3e-7]), cycles=x)),
]

def _cases_gen():
    for entry, name, plain, call in W2:
        for form, make in {**WHOLE, **SEQUENCES}.items():
            yield pytest.param(name, plain, call, make, id=f"{entry}[{form}]")
    for entry, name, plain, call in W3:
        for form, make in SEQUENCES.items():
            yield pytest.param(name, plain, call, make, id=f"{entry}[{form}]")


@pytest.mark.parametrize("name, plain, call, make", list(_cases_gen()))
def test_a_masked_entry_is_refused_naming_the_argument(name, plain, call, make, request):
    fixtures = {"study_result": request.getfixturevalue("study_result") if "rule_row" in request.node.name else None,
                "networks": request.getfixturevalue("networks") if "final_states" in request.node.name else None}
    with pytest.raises(ValueError, match=rf"{name}\b.* masked entr(y|ies)"):
        call(make(plain), fixtures)


def test_none_in_feasible_is_no_answer():
    # what .tolist() makes of a masked entry: compare_rules read it as False ("bound feasible 1 of 3")
    with pytest.raises(TypeError, match="feasible: expected an array of True / False.*holding None"):
        S.compare_rules(cb.Study(trials=3, setting=SHORT), {"a": {}}, feasible=[None, False, True])


def test_compare_rules_checks_feasible_before_running_the_studies(monkeypatch):
    ran = []
    monkeypatch.setattr(R, "run_study", lambda *a, **k: ran.append(1))
    with pytest.raises(TypeError, match="feasible"):
        S.compare_rules(cb.Study(trials=3), {"a": {}}, feasible=[0.5, 1.0, 0.0])
    assert ran == []


def test_a_pandas_column_with_a_missing_value_is_refused():
    pd = pytest.importorskip("pandas")
    # pandas turns pd.NA into NaN or None on the way to numpy: refused by name, as a masked entry
    with pytest.raises(ValueError, match="successes is a Series holding 1 masked entry"):
        cb.wilson_interval(pd.Series([3, None], dtype="Int64"), 10)
    with pytest.raises(ValueError, match="feasible is a Series holding 1 masked entry"):
        S.compare_rules(cb.Study(trials=2), {"a": {}}, feasible=pd.Series([True, None], dtype="boolean"))


@pytest.mark.parametrize("values, what", [
    ((x for x in [3, 4]), "generator"), ({3, 4}, "set"), ({3: 1, 4: 1}, "dict"), ({3: 1}.keys(), "dict_keys"),
    (iter([3, 4]), "list_iterator"),
])
def test_a_container_with_no_order_or_read_once_is_refused_saying_so(values, what):
    why = r"\((it is read once|it has no order|a dict is no array)\)"
    with pytest.raises(TypeError, match=rf"successes must be .*, got {what} {why}"):
        cb.wilson_interval(values, 10)
    with pytest.raises(TypeError, match=rf"bits must be .*, got {what}"):
        cb.input_voltages(values)


# Guards (pass before and after): nothing masked is the plain data.
NOTHING_MASKED = {
    "mask False": lambda v: np.ma.masked_array(v, mask=np.zeros(v.shape, bool)),
    "nomask": lambda v: np.ma.masked_array(v),
    "filled": lambda v: np.ma.masked_array(v, mask=_one(v)).filled(v.flat[0]),
    "tuple of unmasked rows": lambda v: tuple(np.ma.masked_array(r) for r in v),
}


def _same(a, b):
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True)


@pytest.mark.parametrize("form", list(NOTHING_MASKED))
@pytest.mark.parametrize("call, plain, read", [
    (lambda x: cb.PatternSet(x, TRAINING.labels), TRAINING.bits, lambda r: r.bits),
    (lambda x: cb.input_voltages(x), np.array([[1, 0, 1, 1]]), lambda r: r),
    (lambda x: S.mcnemar(x, np.array([True, True, False, True, True])), np.array([True, False, True, True, False]),
     lambda r: (r.only_first, r.only_second, r.p_value)),
    (lambda x: cb.wilson_interval(x, 10), np.array([3, 4]), lambda r: r),
    (lambda x: cb.sample_offsets(trials=x), np.array([0, 3]), lambda r: r),
    (lambda x: DEVICE.at(x), np.array([0, 3, 5]), lambda r: r),
    (lambda x: cb.train_batch(DEVICE, x, SHORT), cb.sample_offsets(trials=2), lambda r: r.pulse_count),
], ids=["PatternSet", "input_voltages", "mcnemar", "wilson", "sample_offsets", "at", "train_batch"])
def test_guard_nothing_masked_is_the_plain_data(form, call, plain, read, request):
    if form == "tuple of unmasked rows" and request.node.callspec.id.split("-")[0] in ("sample_offsets", "at"):
        pytest.skip("trial numbers and pulse counts are refused as 0-d arrays in a tuple, masked or not")
    assert _same(read(call(NOTHING_MASKED[form](plain))), read(call(plain)))


def test_guard_feasible_and_knob_values_with_nothing_masked(study_result, networks):
    feasible = np.array([True, False, True, True])
    assert S.rule_row(study_result, np.ma.masked_array(feasible)) == S.rule_row(study_result, feasible)
    states = NS.final_states(networks, DEVICE, seed=0, trials=np.ma.masked_array([0, 1], mask=False))
    assert all(np.array_equal(a, b, equal_nan=True)
               for a, b in zip(states, NS.final_states(networks, DEVICE, seed=0, trials=[0, 1])))
    sweep = S.knob_sweep(DEVICE, SHORT, cb.RescaledLognormal(), "c2c", np.ma.masked_array([0.0, 0.01]), trials=2)
    assert sweep.values.tolist() == [0.0, 0.01] and sweep.converged.tolist() == S.knob_sweep(
        DEVICE, SHORT, cb.RescaledLognormal(), "c2c", [0.0, 0.01], trials=2).converged.tolist()
