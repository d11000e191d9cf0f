"""Probe 21c, K1: NUMBA_CPU_FEATURES=-sse2 ended in LLVM's fatal error "SSE2 register return with SSE2 disabled",
status 1, with no crossbar line (`+bogus` and `avx2` were refused in one line). On x86-64 a feature list that turns
sse or sse2 off is refused in one line naming the variable, status 2; other features turned off still run."""

import json
import platform

import pytest

from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

x86_64 = pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="sse2 is x86-64's")


@x86_64
@pytest.mark.parametrize("value", ["-sse2", "-sse", "+avx2,-sse2", "-SSE2"])
def test_turning_sse2_off_is_one_line_naming_the_variable(tmp_path, value):
    done = crossbar_cli("device", "--json", env={"NUMBA_CPU_FEATURES": value}, cwd=tmp_path)
    assert_one_line_error(done, f"NUMBA_CPU_FEATURES={value}: '{value.split(',')[-1]}' turns off what x86-64 code")


@x86_64
def test_guard_turning_another_feature_off_runs(tmp_path):
    done = crossbar_cli("device", "--json", env={"NUMBA_CPU_FEATURES": "-avx512f"}, cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert json.loads(done.stdout)["device"]["name"] == "default_device"
