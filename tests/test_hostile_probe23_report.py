"""Probe 23c, C23-5, C23-6: conductances the command line prints.

C23-5: the refusal of a start outside the physical range printed the value rounded onto the bound: "a device starts at
G = 1e-15 S, outside the physical range 1e-15 ... 1 S" for 1e-8 S x 1e-7 = 9.999999999999999e-16 (and 9.9999e-16). The
value is printed with the digits that show it outside. (The bound itself stays exact: a start one ulp under it is
refused, as the run's own physical check would report it.)
C23-6: `train`'s text report printed conductances under 'G (uS)' with 4 decimals: a 1e-14 S device showed as 0.0000,
read as G = 0 under "physical yes". The unit is the one the largest conductance fits (uS for the reference run, as
before), and a device that would show as 0.0000 switches the matrix to 4 significant digits.
"""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import crossbar
from crossbar.cli.train import conductance_lines
from crossbar.numbers import outside_text
from crossbar.training.checks import check_conductances

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _crossbar(*argv):
    done = subprocess.run([sys.executable, "-m", "crossbar", *argv], capture_output=True, text=True, timeout=600,
                          cwd=ROOT, stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": ROOT})
    return done.returncode, done.stdout, done.stderr


# C23-5


@pytest.mark.parametrize("gain, shown", [("1e-7", "9.999999999999999e-16"), ("0.99999e-7", "9.9999e-16")])
def test_a_start_under_the_range_is_printed_with_the_digits_that_show_it(gain, shown):
    status, out, err = _crossbar("train", "--gain", gain)
    assert (status, out) == (2, ""), err
    assert f"a device starts at G = {shown} S, outside the physical range 1e-15 ... 1 S" in err, err


def test_the_api_refusal_shows_the_start_outside_the_range():
    with pytest.raises(ValueError, match=r"a device starts at G = 9\.999999999999999e-16 S, outside"):
        check_conductances(crossbar.default_device(), 1e-7, np.full((2, 4), 1e-8))


@pytest.mark.parametrize("value, lo, hi, text", [
    (9.999999999999999e-16, 1e-15, 1.0, "9.999999999999999e-16"),
    (1.00001, 1e-15, 1.0, "1.00001"),
    (2.5e-16, 1e-15, 1.0, "2.5e-16"),  # 4 digits where they show it
    (float("nan"), 1e-15, 1.0, "nan"),
    (float("inf"), 1e-15, 1.0, "inf"),
    (-3e-7, 1e-15, 1.0, "-3e-07"),
])
def test_outside_text(value, lo, hi, text):
    assert outside_text(value, lo, hi) == text


# C23-6


def _block(out):
    """(unit, rows of values) of the report's conductance matrix."""
    lines = out.splitlines()
    k = next(k for k, line in enumerate(lines) if line.startswith("G ("))
    return lines[k][3:-1], [[float(v) for v in line.split()] for line in lines[k + 1:] if line.startswith("     ")]


def test_a_run_of_small_conductances_prints_them_in_a_unit_that_shows_them():
    """The probe's case: every device printed as 0.0000 (uS), under "physical yes"."""
    status, out, err = _crossbar("train", "--gain", "1.0000001e-7", "--max-epochs", "1")
    assert status == 0, err
    assert "physical   yes" in out
    unit, rows = _block(out)
    status, record, err = _crossbar("train", "--gain", "1.0000001e-7", "--max-epochs", "1", "--json")
    g = np.asarray(json.loads(record)["conductance"])
    assert unit == "fS" and np.allclose(np.asarray(rows) * 1e-15, g, rtol=1e-4, atol=0), out


def test_a_matrix_from_1e_15_to_1e_6_s_shows_every_device():
    g = np.array([[1e-15, 1.234e-6], [3.3e-12, 0.0]])
    lines = conductance_lines(g)
    assert lines[0] == "G (uS)"
    shown = np.array([[float(v) for v in line.split()] for line in lines[1:]])
    assert np.allclose(shown * 1e-6, g, rtol=1e-3, atol=0), lines


def test_guard_the_reference_run_prints_as_before():
    """Guard: microsiemens with 4 decimals, as the reference run printed them."""
    assert conductance_lines(np.array([[1.4341e-6, 0.8331e-6]])) == ["G (uS)", "            1.4341  0.8331"]
    assert conductance_lines(np.array([[2e-3]]))[0] == "G (mS)"
