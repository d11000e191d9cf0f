"""The controls of the one-way batch rules (crossbar.training.controls) against the engine."""

import numpy as np
import pytest

import crossbar
from crossbar.devices import Nonidealities, preset
from crossbar.training.controls import train_controlled

DEVICE = crossbar.default_device()
OFFSETS = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, 3, 400)


def same_runs(a, b):
    return (np.array_equal(a.converged, b.converged) and np.array_equal(a.epochs, b.epochs)
            and np.array_equal(a.pulse_count, b.pulse_count) and np.array_equal(a.reset_pulses, b.reset_pulses))


@pytest.mark.parametrize("rule, nonideal, epochs", [
    ("batch", Nonidealities(), 100),
    ("gated", Nonidealities(c2c=0.1), 100),
    ("gated", Nonidealities(read_noise=0.1), 100),
    ("batch", Nonidealities(c2c=0.2, read_noise=0.05), 100),
    ("focused", Nonidealities(c2c=0.05), 300),
])
def test_without_controls_a_run_is_the_engines(rule, nonideal, epochs):
    setting = crossbar.DEFAULT.replace(rule=rule, max_epochs=epochs)
    engine = crossbar.train_batch(DEVICE, OFFSETS, setting, nonideal=nonideal, seed=3)
    assert same_runs(train_controlled(DEVICE, OFFSETS, setting, nonideal=nonideal, seed=3), engine)


def test_a_two_way_device_trained_one_way_is_the_engines():
    device, setting, noise = preset("ag-si"), crossbar.DEFAULT.replace(rule="gated"), Nonidealities(c2c=0.2)
    engine = crossbar.train_batch(device, OFFSETS, setting, nonideal=noise, seed=3)
    assert same_runs(train_controlled(device, OFFSETS, setting, nonideal=noise, seed=3), engine)


def test_an_opening_rule_rules_its_epochs_and_no_more():
    gated, batch = (crossbar.DEFAULT.replace(rule=r) for r in ("gated", "batch"))
    engine_batch = crossbar.train_batch(DEVICE, OFFSETS, batch)
    engine_gated = crossbar.train_batch(DEVICE, OFFSETS, gated)
    assert same_runs(train_controlled(DEVICE, OFFSETS, gated, opening=("batch", 0)), engine_gated)
    assert same_runs(train_controlled(DEVICE, OFFSETS, gated, opening=("batch", 100)), engine_batch)
    switched = train_controlled(DEVICE, OFFSETS, gated, opening=("batch", 5))
    # the first 5 epochs are the batch rule's: a crossbar it trains by then is the same run
    early = engine_batch.converged & (engine_batch.epochs <= 5)
    assert early.any() and np.array_equal(switched.epochs[early], engine_batch.epochs[early])
    assert batch_rate(engine_batch) < switched.rate < batch_rate(engine_gated)


def batch_rate(result):
    return float(np.mean(result.converged))


def test_random_signs_are_the_trials_own_and_change_only_the_signs():
    setting = crossbar.DEFAULT.replace(rule="gated")
    noise = Nonidealities(c2c=0.1)
    control = train_controlled(DEVICE, OFFSETS, setting, nonideal=noise, random_signs=True)
    alone = train_controlled(DEVICE, OFFSETS[7:9], setting, nonideal=noise, random_signs=True, trials=[7, 8])
    assert same_runs(alone, type(control)(trials=control.trials[7:9], converged=control.converged[7:9],
                                          epochs=control.epochs[7:9], pulse_count=control.pulse_count[7:9],
                                          reset_pulses=control.reset_pulses[7:9]))
    rule = crossbar.train_batch(DEVICE, OFFSETS, setting, nonideal=noise)
    # before any pulse the two are one crossbar; chance trains far fewer after it
    assert np.array_equal(control.converged & (control.epochs == 0), rule.converged & (rule.epochs == 0))
    assert control.rate < batch_rate(rule) - 0.3
    # a pulse the rule sends, the control sends too (up or down): a weight per epoch, one device of a pair
    assert np.all(control.pulse_count.reshape(400, 4, 2, 2).sum(axis=3) <= control.epochs[:, None, None])


@pytest.mark.parametrize("kwargs, message", [
    (dict(setting=crossbar.DEFAULT.replace(rule="online")), "setting.rule"),
    (dict(nonideal=Nonidealities(stuck_low=0.1)), "nonideal"),
    (dict(nonideal=Nonidealities(c2c=0.1, c2c_form="bounded")), "nonideal"),
    (dict(opening=("online", 5)), "opening"),
    (dict(opening=("batch", 101)), "opening epochs"),
    (dict(trials=[1, 2]), "trials"),
    (dict(offsets=OFFSETS[0]), "offsets"),
])
def test_what_it_does_not_run_is_refused_naming_the_argument(kwargs, message):
    args = dict(device=DEVICE, offsets=OFFSETS, setting=crossbar.DEFAULT)
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        train_controlled(args.pop("device"), args.pop("offsets"), args.pop("setting"), **args)


def test_random_signs_and_opening_must_be_what_they_say():
    with pytest.raises(TypeError, match="random_signs"):
        train_controlled(DEVICE, OFFSETS, random_signs=1)
    with pytest.raises(TypeError, match="opening"):
        train_controlled(DEVICE, OFFSETS, opening="batch")
