"""Tasks: the letters, the digits, bias rows, and training any task with any rule."""

import numpy as np
import pytest

import crossbar
from crossbar.cli import main
from crossbar.studies import Grid, Study, run_sweep
from crossbar.tasks import LETTERS, PatternSet, complement_conflicts, digits, letters, most_correct, task


def test_letters_are_thirty_distinct_patterns_on_a_10_by_6_crossbar():
    training, test = letters()
    assert training is test
    assert (training.n_patterns, training.n_inputs, training.n_neurons) == (30, 10, 3)
    assert len(set(training.strings())) == 30
    # each pattern is its letter or one pixel away from it, and labelled with it alone
    for bits, label in zip(training.bits, training.labels):
        k = int(np.argmax(label))
        clean = np.array([int(c) for c in list(LETTERS.values())[k]])
        assert label.sum() == 1 and np.abs(bits[:9] - clean).sum() <= 1
    V = training.voltages()
    assert np.all(V[:, -1] == 0.1) and set(np.unique(V[:, :9])) == {-0.1, 0.1}


def test_letters_split_holds_out_noisy_versions_only():
    training, test = letters(held_out=3, seed=2)
    assert (training.n_patterns, test.n_patterns) == (21, 9)
    assert not set(training.strings()) & set(test.strings())
    clean = {b + "1" for b in LETTERS.values()}
    assert clean <= set(training.strings())
    assert letters(held_out=3, seed=2)[1].strings() == test.strings()  # the seed decides
    assert letters(held_out=3, seed=3)[1].strings() != test.strings()
    with pytest.raises(ValueError, match="held_out"):
        letters(held_out=10)


def test_bias_lifts_the_complement_ceiling_of_the_diagonals():
    training, test = task("diagonals")
    both = PatternSet(np.vstack([training.bits, test.bits]), np.vstack([training.labels, test.labels]))
    assert most_correct(both) < both.n_patterns  # without a bias some complement pairs conflict
    biased = both.with_bias()
    assert not complement_conflicts(biased).any() and most_correct(biased) == both.n_patterns
    with pytest.raises(ValueError, match="already has a bias"):
        biased.with_bias()


def test_bias_voltage_reaches_the_engine():
    training = crossbar.diagonals_training()
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, 1, 200, patterns=training.with_bias())
    setting = crossbar.DEFAULT
    low = crossbar.train_batch(crossbar.default_device(), offsets, setting, training.with_bias(0.1))
    high = crossbar.train_batch(crossbar.default_device(), offsets, setting, training.with_bias(0.3))
    assert offsets.shape[1:] == (5, 4)
    assert not np.array_equal(low.activation, high.activation)
    # the engine's activations are the numpy model's with the bias row at its voltage
    run = low[0]
    f = np.tanh(setting.beta * (training.with_bias(0.1).voltages() @ run.weights))
    np.testing.assert_allclose(run.activation, f, rtol=0, atol=1e-12)


def test_digits_are_a_65_by_20_crossbar():
    training, test = digits()
    assert (training.n_patterns, training.n_inputs, training.n_neurons) == (200, 65, 10)
    assert test.n_patterns == 200 and (test.labels.sum(axis=0) == 20).all()
    assert not np.array_equal(training.bits, test.bits)
    assert (training.labels.sum(axis=1) == 1).all() and (training.labels.sum(axis=0) == 20).all()
    with pytest.raises(ValueError, match="per_class"):
        digits(per_class=0)


@pytest.mark.parametrize("rule", ["batch", "gated", "online", "refresh", "online+gated+refresh"])
def test_every_rule_trains_the_letters(rule):
    training, _ = letters()
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, 0, 300, patterns=training)
    setting = crossbar.DEFAULT.replace(rule=rule, beta=3e7, target_high=0.3, target_low=-0.3, max_epochs=60)
    result = crossbar.train_batch(crossbar.default_device(), offsets, setting, training)
    assert result.pulse_count.shape == (300, 10, 6)
    assert (result.pulse_count.sum(axis=(1, 2)) > 0).all()
    # a converged trial answers every pattern right
    for b in np.flatnonzero(result.converged)[:5]:
        assert result[b].accuracy() == 1.0


def test_task_axis_in_a_sweep():
    result = run_sweep(Study(trials=200), Grid(task=["diagonals", "letters"]), progress=False)
    assert list(result.table["task"]) == ["diagonals-training", "letters+bias"]
    assert result.study(1).shape == (10, 6)


@pytest.mark.parametrize("argv, expected", [
    (["--task", "alphabet"], "invalid choice"),
    (["--task", "letters", "--bias"], "already has its bias row"),
    (["--held-out", "2"], "only the letters task"),
    (["--task", "letters", "--held-out", "11"], "--held-out"),
    (["--bias", "nan"], "--bias"),
])
def test_cli_task_errors_are_one_line(capsys, argv, expected):
    try:
        code = main(["train", *argv])
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2 and expected in err and len(err.strip().splitlines()) == 1
