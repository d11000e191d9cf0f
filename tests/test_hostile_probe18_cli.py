"""Probe 18c's command-line leftovers: a keyword value with spaces around it is read as the keyword, as a number
with spaces around it is read as the number."""

from pathlib import Path

import pytest

from test_hostile_cli_probe6 import crossbar_cli

ROOT = Path(__file__).resolve().parents[1]
CYCLES = ROOT / "data" / "example_reram_cycles.csv"


@pytest.mark.parametrize("spelled", [" measured ", "measured\t"])
def test_c2c_measured_with_spaces_around_it_runs_as_measured(spelled):
    """Probe 18c, M1: `--c2c ' measured '` was refused as "expected a number, got ' measured '", while `' 0.01 '` runs
    as 0.01 (RELIABILITY: spaces around an option's value are dropped)."""
    common = ("train", "--device", CYCLES, "--read-voltage", "0.1", "--max-epochs", "3", "--json")
    done = crossbar_cli(*common, "--c2c", spelled)
    plain = crossbar_cli(*common, "--c2c", "measured")
    assert plain.returncode == 0, plain.stderr
    assert done.returncode == 0, done.stderr
    assert done.stdout == plain.stdout
