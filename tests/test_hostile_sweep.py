"""Sweeps under attack (issue 20, point 5): every point is the study asked for, distinct points stay
distinct, and a bad axis is one line with no numpy warning before it."""

import re
import warnings

import numpy as np
import pytest

import crossbar
from crossbar import cli
from crossbar.cli.options import value_list
from crossbar.studies import Grid, Study, apply_point


def run_cli(capsys, *argv):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a numpy warning before the error fails the test
        code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_task_axis_keeps_the_held_out_split_of_the_letters(capsys):
    code, out, err = run_cli(capsys, "sweep", "--task", "letters", "digits", "--held-out", "3", "--trials", "2",
                             "--max-epochs", "1", "--quiet")
    assert code == 0 and err == ""
    assert "0: letters:held_out=3, 1: digits" in out and "letters+bias-training" in out
    base = Study(trials=2)
    point = apply_point(base, {"task": "letters:held_out=3"})
    training, test = crossbar.tasks.task("letters", held_out=3)
    assert point.patterns.n_patterns == 21 and point.test_patterns.n_patterns == 9
    np.testing.assert_array_equal(point.patterns.bits, training.bits)
    np.testing.assert_array_equal(point.test_patterns.bits, test.bits)
    assert apply_point(base, {"task": "letters"}).patterns.n_patterns == 30  # what it says: all 30


@pytest.mark.parametrize("argv, message", [
    (["--task", "letters", "letters", "--held-out", "3"], "--task: 'letters:held_out=3' appears more than once"),
    (["--task", "diagonals", "digits", "--held-out", "3"], "--held-out 3: only the letters task has held-out"),
    (["--beta", "1e7,1e7"], "argument --beta: 1e+07 appears more than once in '1e7,1e7'"),
    (["--beta", "1e7:1e7:3"], "argument --beta: 1e+07 appears more than once in '1e7:1e7:3'"),
    (["--max-epochs", "5,5"], "argument --max-epochs: 5 appears more than once"),
    (["--beta", "1e308:-1e308:3:log"], "argument --beta: expected a number, a list"),
    (["--beta", "1:inf:3"], "argument --beta: expected finite numbers, got '1:inf:3'"),
    (["--beta", "-1e308:1e308:5"], "--beta = -1e+308: expected > 0"),  # a negative range is a range, refused by value
    (["--c2c", "-1:1:3"], "--c2c = -1.0: expected a finite number >= 0"),
    (["--rule", "focus=0.3+focus=0.5"], "rule 'focus=0.3+focus=0.5': 'focus' is given more than once"),
    (["--rule", "gated+batch+gated"], "'gated' is given more than once"),
])
def test_bad_axes_are_one_line_without_warnings(capsys, argv, message):
    code, out, err = run_cli(capsys, "sweep", *argv, "--trials", "2", "--quiet")
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err, err


def test_ranges_keep_distinct_points_distinct():
    values = value_list("1:1.000001:10")
    assert len(set(values)) == 10 and values[0] == 1.0 and values[-1] == 1.000001
    assert value_list("1e6:1e8:5") == [1e6, 25.75e6, 50.5e6, 75.25e6, 1e8]  # still short where 6 digits do
    assert value_list("1e6:1e8:3:log") == [1e6, 1e7, 1e8]
    assert len(Grid(beta=value_list("1:1.000001:10"))) == 10


def test_the_summary_shows_distinct_points_distinctly(capsys):
    code, out, _ = run_cli(capsys, "sweep", "--beta", "1:1.000001:3", "--trials", "2", "--max-epochs", "1",
                           "--quiet")
    assert code == 0 and "1.0000005" in out and "1.000001" in out


def test_the_api_refuses_repeated_axis_values_and_rule_parts():
    for axes in (dict(beta=[1e7, 1e7]), dict(task=["letters", "letters"]), dict(rule=["gated", "batch+gated"]),
                 dict(targets=[(0.5, -0.5), (0.5, -0.5)])):
        with pytest.raises(ValueError, match="appears more than once"):
            Grid(**axes)
    with pytest.raises(ValueError, match="given more than once"):
        crossbar.TrainingSetting(rule="focus=0.3+focus=0.5")
    with pytest.raises(ValueError, match="expected NAME or NAME:OPTION=INTEGER"):
        Grid(task=["letters:held_out=three"])
    with pytest.raises(ValueError, match="unknown task 'latters'"):
        Grid(task=["latters"])


# ------------------------------------------------------------------ seeds past the streams' range (probe 4, C13)

@pytest.mark.parametrize("seed, shown", [(2**63, "9223372036854775808"), (2**64, "18446744073709551616"),
                                         (10**30, "an integer of 31 digits")])
def test_a_study_refuses_a_seed_past_the_range_the_streams_key_on(tmp_path, seed, shown):
    """Study(seed=2**63) ran (every other entry point and --seed refuse it), and so did a seed axis."""
    message = re.escape(f"Study.seed = {shown}: expected an integer from 0 to 2**63 - 1")
    with pytest.raises(ValueError, match=message):
        Study(trials=3, seed=seed)
    with pytest.raises(ValueError, match=message):
        crossbar.run_sweep(Study(trials=3), Grid(seed=[1, seed]), out=tmp_path / "sweep")
    assert not (tmp_path / "sweep").exists()  # refused before any folder is made
    assert Study(trials=3, seed=np.uint64(2**63 - 1)).seed == 2**63 - 1


@pytest.mark.parametrize("call", [
    lambda: crossbar.train_batch(crossbar.default_device(), crossbar.sample_offsets(trials=1), seed=2**64),
    lambda: crossbar.devices.variation.sample_static(crossbar.Nonidealities(window_spread=0.1), 2**63, [0], (4, 4)),
    lambda: crossbar.random.uniform(2**63, [0], 4),
])
def test_every_stream_is_keyed_on_a_seed_in_0_to_2_63_minus_1(call):
    with pytest.raises(ValueError, match=r"seed.*2\*\*63 - 1"):
        call()


# ------------------------------------------------------------------ a task axis through the API (probe 4, C15)

def test_a_task_axis_naming_the_base_task_keeps_its_held_out_split():
    """run_sweep(base, Grid(task=["letters"])) trained and tested every point on all 30 letters
    though the base held 3 noisy versions of each out; the command line passed letters:held_out=K."""
    training, test = crossbar.tasks.letters(held_out=3, seed=5)
    base = Study(trials=2, patterns=training, test_patterns=test)
    point = apply_point(base, {"task": "letters"})
    assert point.patterns is training and point.test_patterns is test
    assert (point.patterns.n_patterns, point.test_patterns.n_patterns) == (21, 9)
    other = apply_point(base, {"task": "diagonals"})  # another task: its own sets, without the letters' bias row
    assert other.patterns.name == "diagonals-training" and other.test_patterns.name == "diagonals-test"
    explicit = apply_point(base, {"task": "letters:held_out=0"})  # options given: the task as they say
    assert explicit.patterns.n_patterns == explicit.test_patterns.n_patterns == 30
    result = crossbar.run_sweep(base, Grid(task=["letters", "diagonals"], max_epochs=[1]), keep_results=True)
    assert [r.study.patterns.n_patterns for r in result.results] == [21, 6]


def test_a_task_option_the_task_does_not_take_is_refused_when_the_grid_is_made():
    with pytest.raises(ValueError, match="^grid axis task: 'digits:perclass=3': task 'digits' has no option "
                                         "'perclass'; expected some of classes, per_class, threshold, seed$"):
        Grid(task=["digits:perclass=3"])
    with pytest.raises(ValueError, match="^task 'diagonals' has no option 'held_out'; expected none$"):
        crossbar.tasks.task("diagonals", held_out=3)


def test_a_diagonals_point_gets_a_bias_row_only_from_a_diagonals_base():
    """sweep --task letters diagonals trained the diagonals with the letters' bias row (20 % where the
    diagonals alone give 50 %): the order of the axis changed the other points' task (probe 4 CLI, 1)."""
    training, test = crossbar.tasks.task("letters")
    letters_base = Study(trials=2, patterns=training, test_patterns=test)
    assert apply_point(letters_base, {"task": "diagonals"}).patterns.bias_voltage is None
    training, test = crossbar.tasks.task("diagonals")
    biased = Study(trials=2, patterns=training.with_bias(0.2), test_patterns=test.with_bias(0.2))
    point = apply_point(biased, {"task": "diagonals"})
    assert point.patterns.bias_voltage == 0.2
    assert apply_point(biased, {"task": "letters"}).patterns.bias_voltage == 0.1  # the letters' own row
