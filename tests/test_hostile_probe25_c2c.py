"""Probe 25a, D25-5: `--c2c measured` over cycles whose measured noise is above the most --c2c takes was refused as
"--c2c 30.711552155388848: expected at most 10", a value the user never typed, naming no file and no cause. It now
names the option as given, the file, the measured noise and what to do."""

import re

import numpy as np
import pytest

from test_hostile_cli import crossbar_cli  # noqa: F401 - the command line in a subprocess

M = np.arange(16)


def _failing_device(tmp_path):
    """Three cycles from 10 uS: two that barely switch (+0.05, +0.06 uS), one that switches by 40 uS."""
    cycles = [10 + 0.05 * (1 - np.exp(-M / 4)), 10.02 + 0.06 * (1 - np.exp(-M / 4)), 10.01 + 40 * (1 - np.exp(-M / 4))]
    path = tmp_path / "failing.csv"
    path.write_text("pulse,G (uS) cycle 1,G (uS) cycle 2,G (uS) cycle 3\n"
                    + "".join(f"{m},{a:.5f},{b:.5f},{c:.5f}\n" for m, a, b, c in zip(M, *cycles)))
    return path


@pytest.mark.parametrize("command, form", [("train", "additive"), ("montecarlo", "proportional")])
def test_measured_noise_above_the_most_is_refused_naming_the_file_and_what_to_do(tmp_path, command, form):
    path = _failing_device(tmp_path)
    done = crossbar_cli(command, "--device", path, "--c2c", "measured", "--c2c-form", form, "--max-epochs", "2",
                        *(["--trials", "4"] if command == "montecarlo" else []))
    assert done.returncode == 2 and done.stdout == "", done.stderr
    assert re.fullmatch(
        rf"crossbar: error: --c2c measured: the noise measured from the cycles of {re.escape(str(path))} is "
        r"[\d.]+ of the window per pulse; expected at most 10: its cycles differ too much for one median curve "
        r"\(window [\d.e+-]+ S\); give --cycle K to train on one of them, or a number for --c2c\n", done.stderr), \
        done.stderr


def test_guard_a_typed_value_above_the_most_is_still_named_as_typed(tmp_path):
    done = crossbar_cli("train", "--c2c", "30", "--max-epochs", "2")
    assert (done.returncode, done.stderr) == (2, "crossbar: error: --c2c 30.0: expected at most 10\n"), done.stderr
