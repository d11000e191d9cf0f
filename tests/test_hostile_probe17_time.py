"""Probe 17a, T1: valid time columns were refused. `Time (sec)`, `Time (secs)` and `time (seconds)` were told
"unknown time unit 'sec'"; `elapsed (s)`, `Relative Time (s)`, `Abs Time (s)`, `Clock (s)` were read as value
columns and told to write 'S' (siemens) for their 's'. They are time columns: the rows load in their order."""

import numpy as np
import pytest

import crossbar

ROWS = "0.031,1.35\n0.001,1.0\n0.011,1.2\n0.021,1.3\n"  # newest last in time, not in the file


@pytest.mark.parametrize("name", ["Time (sec)", "Time (secs)", "time (seconds)", "elapsed (s)", "Elapsed (ms)",
                                  "Relative Time (s)", "rel. time (s)", "Abs Time (s)", "absolute time (s)",
                                  "Clock (s)"])
def test_a_time_column_in_these_spellings_orders_the_rows(tmp_path, name):
    path = tmp_path / "t.csv"
    path.write_text(f"{name},G (uS)\n{ROWS}")
    device = crossbar.load_device(path)
    np.testing.assert_allclose(device.conductance, [1.0e-6, 1.2e-6, 1.3e-6, 1.35e-6], rtol=1e-12)
    assert repr(name) in device.metadata["pulses"]


@pytest.mark.parametrize("name", ["Time (furlongs)", "Time (sek)"])
def test_guard_a_time_word_with_another_unit_is_still_refused(tmp_path, name):
    path = tmp_path / "t.csv"
    path.write_text(f"{name},G (uS)\n{ROWS}")
    with pytest.raises(crossbar.DeviceFileError, match="unknown time unit"):
        crossbar.load_device(path)
