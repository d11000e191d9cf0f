"""Probe 14c's findings on the command line's environment (issue 20, E1): numba's debugging variables made it print
to standard output in among the command's results, so that --json gave no JSON with status 0."""

import json

import pytest

from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli


@pytest.mark.parametrize("name, value", [("NUMBA_DEBUG_CACHE", "1"), ("NUMBA_DEBUG", "1"), ("NUMBA_DUMP_IR", "1"),
                                         ("NUMBA_DEBUG_TYPEINFER", "2"), ("NUMBA_DUMP_ASSEMBLY", " 1")])
def test_numba_settings_that_print_to_standard_output_are_refused_naming_them(tmp_path, name, value):
    """NUMBA_DEBUG_CACHE=1 put "[cache] index loaded from ..." before the JSON; NUMBA_DEBUG=1 15 kB of it."""
    done = crossbar_cli("train", "--max-epochs", "5", "--json", env={name: value}, cwd=tmp_path)
    shown = f"{name}={value}" if value.strip() == value else f"{name}={value!r}"
    assert_one_line_error(done, f"crossbar: error: {shown}: numba then prints its debugging text to standard output, "
                                "in among the command's results (--json is then no JSON); unset it")
    assert done.stdout == "" and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("env", [{"NUMBA_DEBUG_CACHE": "0"}, {"NUMBA_DEBUG": "0"},
                                 {"NUMBA_DEBUG_PRINT_AFTER": "none"}, {"NUMBA_DEBUGINFO": "0"}])
def test_numba_settings_that_print_nothing_are_taken(tmp_path, env):
    done = crossbar_cli("device", "--json", env=env, cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert json.loads(done.stdout)["device"]
