"""Probe 20c's U1: the API's word arguments given what is no word (issue 20).

``train(unphysical=np.array(['refuse', 'refuse']))`` ended in numpy's "truth value of an array ... is ambiguous",
``preset(['ag-si'])`` and ``task(['diagonals'])`` in Python's "unhashable type", naming no argument; a 0-d or
1-element array of a word was taken for the word (compared element-wise), and a str subclass whose ``==`` says yes to
everything passed every check. Every word argument now goes through one check, :func:`crossbar.numbers.word`: a str
(numpy's str_, an enum.StrEnum member: read by their characters, the plain word kept) among the words, else a
TypeError naming the argument; a str that is no word, in other case or with spaces around it, is a ValueError, as the
command line's choices refuse ``--units ABSOLUTE`` and ``--units ' relative'``. Decided: ``np.array('tanh')`` (0-d)
is refused like ``np.array(['tanh'])``, as :func:`crossbar.numbers.real` refuses ``np.array(5.0)``.
"""

import enum
import importlib
from pathlib import Path

import numpy as np
import pytest

import crossbar as c
from crossbar import tasks
from crossbar.devices import offsets as offset_kinds
from crossbar.devices import variation
from crossbar.networks.reference import network_reference
from crossbar.training.controls import train_controlled
from crossbar.training.reference import train_reference
from crossbar.training.results import evaluate
from crossbar.training.units import scale_factor
from crossbar.views import checks as view_checks
from crossbar.views import widgets
from crossbar.views.network_figures import MEASURES

rules = importlib.import_module("crossbar.studies.rules")
tolerance = importlib.import_module("crossbar.studies.tolerance")

ROOT = Path(__file__).resolve().parents[1]
DEVICE = c.default_device()
OFFSETS = c.sample_offsets(trials=1)
SHORT = c.TrainingSetting(max_epochs=3)
NET = c.TrainingSetting(hidden=3, hidden_beta=3e7, max_epochs=3)
STUDY = c.Study(trials=2, setting=SHORT)
CURVE = {"value": np.array([0.0, 1.0]), "rate": np.array([1.0, 0.5]), "ci_low": np.array([1.0, 0.5])}


def _sweep():
    return tolerance.knob_sweep(DEVICE, SHORT, c.REFERENCE_OFFSETS, "c2c", [0.0, 0.01], trials=2)


def _measured():
    return c.load_device(ROOT / "data" / "example_reram_cycles.csv", read_voltage=0.1)


#: Every word argument of the API: (the name its messages give, a valid word, the call with the argument at v).
WORDS = {
    "train.unphysical": ("unphysical", "refuse", lambda v: c.train(setting=SHORT, unphysical=v)),
    "train.units": ("units", "relative", lambda v: c.train(setting=SHORT, units=v)),
    "train_batch.unphysical": ("unphysical", "refuse", lambda v: c.train_batch(DEVICE, OFFSETS, SHORT, unphysical=v)),
    "train_batch.units": ("units", "relative", lambda v: c.train_batch(DEVICE, OFFSETS, SHORT, units=v)),
    "train_networks.unphysical": ("unphysical", "report", lambda v: c.train_networks(
        DEVICE, NET, c.diagonals_training(), trials=[0], unphysical=v)),
    "train_networks.units": ("units", "relative", lambda v: c.train_networks(
        DEVICE, NET, c.diagonals_training(), trials=[0], units=v)),
    "train_reference.unphysical": ("unphysical", "refuse", lambda v: train_reference(
        DEVICE, OFFSETS[0], SHORT, unphysical=v)),
    "train_reference.units": ("units", "relative", lambda v: train_reference(DEVICE, OFFSETS[0], SHORT, units=v)),
    "network_reference.units": ("units", "relative", lambda v: network_reference(
        DEVICE, NET, c.diagonals_training(), units=v)),
    "train_controlled.units": ("units", "relative", lambda v: train_controlled(DEVICE, OFFSETS, SHORT, units=v)),
    "evaluate.unphysical": ("unphysical", "refuse", lambda v: evaluate(
        np.full((4, 4), 5e-8), c.diagonals_training(), c.DEFAULT, unphysical=v)),
    "scale_factor.units": ("units", "relative", lambda v: scale_factor(DEVICE, v)),
    "run_study.table": ("table", "npy", lambda v: c.run_study(STUDY, table=v)),
    "run_sweep.table": ("table", "npy", lambda v: c.run_sweep(STUDY, c.Grid(gain=[5.0]), table=v)),
    "Study.units": ("Study.units", "relative", lambda v: c.Study(trials=2, units=v)),
    "preset.name": ("preset name", "ag-si", lambda v: c.preset(v)),
    "task.name": ("task name", "diagonals", lambda v: tasks.task(v)),
    "Nonidealities.c2c_form": ("Nonidealities.c2c_form", "additive", lambda v: c.Nonidealities(c2c=0.01, c2c_form=v)),
    "measured_c2c.form": ("form", "additive", lambda v: c.measured_c2c(_measured(), form=v)),
    "offsets_from_spec.kind": ("spec['kind']", "rescaled-lognormal", lambda v: offset_kinds.offsets_from_spec(
        {"kind": v})),
    "stream_key.effect": ("effect", "c2c", lambda v: variation.stream_key(0, v)),
    "rate_curve.knob": ("knob", "c2c", lambda v: rules.rate_curve(STUDY, v, [0.0])),
    "crossing.column": ("column", "rate", lambda v: rules.crossing(CURVE, 0.9, v)),
    "knob_sweep.knob": ("knob", "c2c", lambda v: tolerance.knob_sweep(
        DEVICE, SHORT, c.REFERENCE_OFFSETS, v, [0.0, 0.01], trials=2)),
    "tolerance.column": ("column", "rate", lambda v: tolerance.tolerance(_sweep(), column=v)),
    "views.offset_distribution.kind": ("offset kind", "lognormal", lambda v: widgets.offset_distribution(
        v, 1e-8, 1e-7)),
    "views.plot_device_outcomes.measure": ("measure", "answers", lambda v: view_checks.choice(*MEASURES)(
        v, "measure")),
}


class _Sly(str):
    """A str that says it equals everything: `bogus` passed every `in (...)` check as a word."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False


def _sly(valid):
    """'bogus' whose == says yes to every word and whose hash is `valid`'s, so dict lookups find `valid` too."""
    return type("Sly", (_Sly,), {"__hash__": lambda self: hash(valid)})("bogus")


#: What is no str: each a TypeError naming the argument.
NOT_STR = {
    "list": lambda w: [w],
    "ndarray of str": lambda w: np.array([w, w]),
    "1-element ndarray": lambda w: np.array([w]),
    "0-d ndarray": lambda w: np.array(w),
    "masked array": lambda w: np.ma.masked_array([w], mask=[True]),
    "dict": lambda w: {w: 1},
    "set": lambda w: {w},
    "bytes": lambda w: w.encode(),
    "None": lambda w: None,
    "int": lambda w: 1,
    "float nan": lambda w: float("nan"),
}

#: (word argument, form) pairs that were already a one-line TypeError naming the argument before this fix: the units
#: of the entry points went through check_units, which took no array. Kept as guards.
ALREADY = {(arg, form) for arg in ("train.units", "train_batch.units", "train_networks.units", "train_reference.units",
                                   "network_reference.units", "train_controlled.units", "scale_factor.units")
           for form in NOT_STR if form != "masked array"}


#: Arguments whose default is None (run_study's and run_sweep's table: the table the folder holds, else npy, since
#: probe 25c's leftover of a resumed study's second table): None is no wrong type there.
NONE_IS_DEFAULT = {"run_study.table", "run_sweep.table"}


def _cases(forms):
    for arg in WORDS:
        for form in forms:
            if form == "None" and arg in NONE_IS_DEFAULT:
                continue
            guard = (arg, form) in ALREADY
            yield pytest.param(arg, form, id=f"{'guard-' if guard else ''}{arg}-{form}")


@pytest.mark.parametrize("arg,form", list(_cases(NOT_STR)))
def test_no_str_is_refused_naming_the_argument(arg, form):
    name, valid, call = WORDS[arg]
    value = NOT_STR[form](valid)
    with pytest.raises(TypeError) as info:
        call(value)
    message = str(info.value)
    assert message.startswith(f"{name} must be "), message
    assert repr(valid) in message and f"got {type(value).__name__}" in message, message
    assert "\n" not in message, message


@pytest.mark.parametrize("arg", list(WORDS))
def test_a_str_subclass_is_read_by_its_characters(arg):
    """A str whose == says yes to every word (and whose hash is a word's) spells 'bogus': refused naming it."""
    name, valid, call = WORDS[arg]
    with pytest.raises(ValueError) as info:
        call(_sly(valid))
    assert "'bogus'" in str(info.value) and "\n" not in str(info.value), str(info.value)


def test_a_rule_of_a_str_subclass_is_read_by_its_characters():
    with pytest.raises(ValueError, match="TrainingSetting.rule 'bogus': unknown part 'bogus'"):
        c.TrainingSetting(rule=_sly("batch"))


@pytest.mark.parametrize("arg", list(WORDS))
@pytest.mark.parametrize("form", ["UPPER", " spaced "])
def test_guard_case_and_spaces_are_no_word(arg, form):
    """Guard (refused before too): as the command line's choices refuse `--units ABSOLUTE`, `--units ' relative'`."""
    name, valid, call = WORDS[arg]
    given = valid.upper() if form == "UPPER" else f" {valid} "
    with pytest.raises(ValueError) as info:
        call(given)
    assert repr(given) in str(info.value), str(info.value)


def test_the_check_returns_the_plain_word():
    """numpy's str_ and an enum.StrEnum member are their characters; what is stored is the plain str."""
    units = enum.StrEnum("Units", {"ABSOLUTE": "absolute"})
    assert type(c.Study(trials=2, units=np.str_("absolute")).units) is str
    assert type(c.Study(trials=2, units=units.ABSOLUTE).units) is str
    assert type(c.Nonidealities(c2c=0.01, c2c_form=np.str_("bounded")).c2c_form) is str
    assert c.Nonidealities(c2c=0.01, c2c_form=np.str_("bounded")) == c.Nonidealities(c2c=0.01, c2c_form="bounded")


def test_guard_valid_words_give_the_same_results():
    """Guard: a plain word, numpy's str_ of it and a StrEnum member of it give identical results."""
    forms = (lambda w: w, np.str_, lambda w: enum.StrEnum("W", {"X": w}).X)
    for form in forms:
        assert np.array_equal(c.preset(form("ag-si")).conductance, c.preset("ag-si").conductance)
        assert np.array_equal(tasks.task(form("diagonals"))[0].bits, tasks.task("diagonals")[0].bits)
        run = c.train(setting=SHORT, units=form("absolute"), unphysical=form("report"))
        plain = c.train(setting=SHORT, units="absolute", unphysical="report")
        assert np.array_equal(run.total_error, plain.total_error) and run.units == "absolute"
        assert np.array_equal(c.run_study(STUDY, table=form("npy")).converged, c.run_study(STUDY).converged)
        assert rules.crossing(CURVE, 0.9, form("ci_low")) == rules.crossing(CURVE, 0.9, "ci_low")
