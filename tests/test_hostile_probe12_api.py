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
