"""Probe 12c's findings in the API (issue 20): a rule axis ran focus values one rounding step apart twice and the
sweep table's rule column did not widen for long names (S1b); workers=0 ran undocumented, 2**70 workers were taken
and the guard's error named the count the pool got, not the one given (W1); a dict axis was read as its keys (G1);
chance_test did not say whether `rule` or `control` was wrong (M1); a CSV named .npy was refused with numpy's advice
to unpickle it, and train_networks trained the same network twice for trials=[0, 0] (observations)."""

import inspect
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import crossbar as cb
from crossbar.studies import limits
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

REPO = str(Path(__file__).resolve().parents[1])
TINY = cb.Study(trials=4, setting=cb.TrainingSetting(max_epochs=3))

# S1b. focus values one rounding step apart on a rule axis


@pytest.mark.parametrize("rules, shown", [
    (["batch+focus=0.3", "batch+focus=0.30000000000000004"], "'batch+focus=0.3' and 'batch+focus=0.30000000000000004'"),
    (["batch+focus=0.30000000001", "gated", "focus=0.3"], "'batch+focus=0.3' and 'batch+focus=0.30000000001'"),
    (["gated+focus=0.7", "batch+gated+focus=0.7000000000000001"],
     "'batch+gated+focus=0.7' and 'batch+gated+focus=0.7000000000000001'"),
])
def test_a_rule_axis_refuses_focus_values_within_1e_9_naming_both_rules(rules, shown):
    with pytest.raises(ValueError, match="grid axis rule: " + shown.replace("+", r"\+").replace(".", r"\.")
                       + r" differ by less than 1e-09 of their focus"):
        cb.Grid(rule=rules)
    # values that differ by more, and near values of two different rules, are two points
    grid = cb.Grid(rule=["focus=0.3", "focus=0.3000001", "gated+focus=0.30000000000000004", "batch"])
    assert grid.describe()["rule"] == ["batch+focus=0.3", "batch+focus=0.3000001",
                                       "batch+gated+focus=0.30000000000000004", "batch"]


def test_the_command_line_refuses_the_rules_naming_rule(tmp_path):
    done = crossbar_cli("sweep", "--quiet", "--trials", "20", "--max-epochs", "20",
                        "--rule", "batch+focus=0.3", "batch+focus=0.30000000001", cwd=tmp_path)
    assert_one_line_error(done, "--rule: 'batch+focus=0.3' and 'batch+focus=0.30000000001' differ by less than 1e-09")


def test_the_sweep_table_widens_its_rule_column_to_the_longest_rule():
    from crossbar.cli.sweep import sweep_summary

    result = cb.run_sweep(TINY, cb.Grid(rule=["batch", "batch+gated+refresh+focus=0.7"], c2c=[0.0, 0.01]),
                          progress=False)
    lines = sweep_summary(result).splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("rule "))
    table = lines[start:start + 5]
    assert len({len(line) for line in table}) == 1, "\n".join(table)  # the header and each row end together
    assert table[0].index("c2c") + 3 == table[1].index(" 0 ") + 2, "\n".join(table)


# G1. a Mapping or a set as an axis


@pytest.mark.parametrize("axis, values, kind", [
    ("c2c", {0: 1, 0.01: 2}, "dict"), ("beta", {6e7, 7e7}, "set"), ("rule", frozenset({"batch"}), "frozenset"),
    ("task", {"letters": 1}, "dict"), ("targets", {(0.5, -0.5): 1}, "dict"), ("seed", {0: 1}.keys(), "dict_keys"),
])
def test_a_mapping_or_a_set_is_no_axis(axis, values, kind):
    with pytest.raises(TypeError, match=f"grid axis {axis}: got a {kind}; expected a list, tuple or array of values"):
        cb.Grid(**{axis: values})
    assert cb.Grid(c2c=(0.0, 0.01), beta=np.array([6e7]), seed={"a": 1, "b": 2}.values()).shape == (2, 1, 2)


# W1. workers


def test_workers_0_is_documented_as_in_this_process():
    for function in (cb.run_study, cb.run_sweep):
        assert "0 or None: in this process" in " ".join(inspect.getdoc(function).split()), function.__name__
    assert "`workers=0`" in (Path(REPO) / "RELIABILITY.md").read_text()


@pytest.mark.parametrize("workers", [1025, 2**70, np.int64(2**40)])
def test_absurd_worker_counts_are_refused_naming_workers(workers):
    message = f"workers = {int(workers)}: expected an integer 0 ... 1024"
    for call in (lambda: cb.run_study(TINY, workers=workers, progress=False),
                 lambda: cb.run_sweep(TINY, cb.Grid(beta=[6e7]), workers=workers, progress=False)):
        with pytest.raises(ValueError, match=message):
            call()


def test_the_bound_is_1024_and_the_command_line_names_it(tmp_path):
    assert getattr(limits, "MAX_WORKERS", None) == 1024 and limits.check_workers(1024) == 1024 and limits.check_workers(0) == 0
    done = crossbar_cli("montecarlo", "--quiet", "--trials", "20", "--workers", str(2**63 - 1), cwd=tmp_path)
    assert_one_line_error(done, f"--workers {2**63 - 1}: expected an integer 1 ... 1024")


UNGUARDED = """
import crossbar as cb
study = cb.Study(trials=8, chunk_size=4, setting=cb.TrainingSetting(max_epochs=5))
try:
    cb.run_study(study, workers=64, progress=False)
except RuntimeError as exc:
    print("RuntimeError:", exc)
"""


def test_the_guard_error_names_the_workers_given(tmp_path):
    """It said 'workers = 2' (the processes started for 2 chunks) for workers=2**70."""
    script = tmp_path / "nog.py"
    script.write_text(textwrap.dedent(UNGUARDED))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=300,
                          env={**os.environ, "PYTHONPATH": REPO})
    assert done.returncode == 0, done.stderr
    assert "RuntimeError: workers = 64 (2 processes, one per chunk): each worker process imports" in done.stdout, \
        done.stdout


# M1. chance_test names the pair that is wrong


@pytest.mark.parametrize("rule, control, name, shown", [
    ((11, 10), (3, 10), "rule", "(11, 10)"), ((5, 10), (11, 10), "control", "(11, 10)"),
    ((5, 10), (0, 0), "control", "(0, 0)"), ((-1, 10), (3, 10), "rule", "(-1, 10)"),
])
def test_chance_test_names_rule_or_control(rule, control, name, shown):
    from crossbar.studies.chance import chance_test

    with pytest.raises(ValueError, match=rf"^{name} = {re.escape(shown)}: need 0 <= successes <= trials and "
                                         r"trials >= 1, got "):
        chance_test(rule, control, 0.5, 0.1)


def test_chance_test_names_the_pair_of_a_count_that_is_no_whole_number():
    from crossbar.studies.chance import chance_test

    with pytest.raises(ValueError, match=r"^control = \(2\.5, 10\): successes = 2\.5: expected whole numbers"):
        chance_test((5, 10), (2.5, 10), 0.5, 0.1)


# Observations: a CSV named .npy; repeated network trials


@pytest.fixture
def npy_files(tmp_path):
    (tmp_path / "s.npy").write_text("1e-7,2e-7\n3e-7,4e-7\n")
    np.save(tmp_path / "obj.npy", np.array([1, None], dtype=object))
    return tmp_path


def test_a_csv_named_npy_is_not_answered_with_pickle_advice(npy_files):
    from crossbar.devices.offset_files import OffsetFileError, read_offset_matrix

    with pytest.raises(OffsetFileError) as caught:
        read_offset_matrix(npy_files / "s.npy", (2, 2))
    text = str(caught.value)
    assert "pickle" not in text and text.endswith(
        "s.npy: not a .npy array file (it does not start with numpy's magic string \\x93NUMPY); expected "
        "numpy.save's format, or a CSV file named with .csv"), text
    with pytest.raises(OffsetFileError) as caught:
        read_offset_matrix(npy_files / "obj.npy", (2, 2))
    assert "pickle" not in str(caught.value) and str(caught.value).endswith(
        "obj.npy: holds Python objects (dtype object), which are not read; expected a numeric array of offsets in "
        "siemens"), str(caught.value)


def test_train_shifts_says_the_same_in_one_line(npy_files):
    done = crossbar_cli("train", "--max-epochs", "5", "--shifts", "s.npy", cwd=npy_files)
    assert_one_line_error(done, "s.npy: not a .npy array file")
    assert "pickle" not in done.stderr


def test_train_networks_refuses_a_trial_given_twice():
    net = (cb.preset("taox-hfox"), cb.NETWORK.replace(hidden=4, max_epochs=1), cb.tasks.digits(per_class=2)[0])
    with pytest.raises(ValueError, match=r"trials: 0 appears more than once \(positions 0 and 2\); a trial number is "
                                         r"one network \(its offsets drawn from seed and trial\): give each once"):
        cb.train_networks(*net, trials=[0, 1, 0])
