"""Probe 17c, E1: libgomp's complaints about OMP_STACKSIZE (and GOMP_STACKSIZE) and GOMP_CPU_AFFINITY passed: its
line on stderr ("Stack size less than minimum of 16k", which names no variable; "Invalid value for enviroment
variable GOMP_CPU_AFFINITY", in its own spelling) and the run went on with status 0. They are refused as an
unreadable OMP_NUM_THREADS is: one line naming the variable and the form libgomp reads, status 2."""

from __future__ import annotations

import json

import pytest

from test_hostile_probe16_signals_env import assert_one_line_error, crossbar_cli


@pytest.mark.parametrize("name, value, said", [
    ("OMP_STACKSIZE", "1", "cannot use it (Stack size less than minimum of 16k; it would run on with its default)"),
    ("OMP_STACKSIZE", "2B", "cannot use it (Stack size less than minimum of 16k; it would run on with its default)"),
    ("GOMP_STACKSIZE", "1", "cannot use it (Stack size less than minimum of 16k; it would run on with its default)"),
])
def test_a_stack_size_libgomp_cannot_use_is_one_line_and_status_2(name, value, said):
    done = crossbar_cli("train", "--max-epochs", 2, "--json", env={name: value})
    assert_one_line_error(done, f"crossbar: error: {name}={value}: the OpenMP library (libgomp) {said}; expected a "
                                "stack size of at least 16k")


@pytest.mark.parametrize("value", ["bogus", "1-0", "-1", "0,,1"])
def test_a_cpu_affinity_libgomp_cannot_read_is_one_line_and_status_2(value):
    done = crossbar_cli("train", "--max-epochs", 2, "--json", env={"GOMP_CPU_AFFINITY": value})
    assert_one_line_error(done, f"crossbar: error: GOMP_CPU_AFFINITY={value}: the OpenMP library (libgomp) cannot "
                                "read it (it would run on with its default); expected CPU numbers, ranges and ranges "
                                "with a stride, separated by spaces or commas, such as '0 3 1-2 4-15:2', or unset it")


def test_a_stack_size_with_workers_is_refused_once_before_they_start():
    done = crossbar_cli("montecarlo", "--trials", 2, "--max-epochs", 2, "--workers", 2, "--quiet", "--json",
                        env={"OMP_STACKSIZE": "1"})
    assert_one_line_error(done, "OMP_STACKSIZE=1: the OpenMP library (libgomp) cannot use it")


@pytest.mark.parametrize("env", [{"OMP_STACKSIZE": "4M"}, {"OMP_STACKSIZE": "16"}, {"GOMP_CPU_AFFINITY": "0-1"},
                                 {"GOMP_CPU_AFFINITY": "0 1"}, {"GOMP_CPU_AFFINITY": "0-7:2"}])
def test_guard_values_libgomp_reads_run_with_the_same_numbers(env):
    """Guard (passes before the fix too): the forms libgomp reads run on, quietly, with a plain run's numbers."""
    plain = crossbar_cli("train", "--max-epochs", 5, "--json", env={})
    done = crossbar_cli("train", "--max-epochs", 5, "--json", env=env)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert json.loads(done.stdout) == json.loads(plain.stdout)
