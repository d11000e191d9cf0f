"""Probe 10a's findings on studies and the API (R1, H4, E1, N1, E2): a resume that warns "resuming with it" and then
refuses, a device identified by its file's bytes rather than what was read, raw StopIteration and numpy messages
from the energy and the noise of cycles, and a pulse voltage the file gives only in its rows."""

import re
import warnings

import numpy as np
import pytest

from crossbar.devices.cycles import cycle_noise
from crossbar.networks.energy import EnergyModel


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


# E1: EnergyModel.read with no row or no column

@pytest.mark.parametrize("voltages, conductance", [
    (np.zeros((3, 5, 0)), np.zeros((3, 0, 4))),          # no input row
    (np.full((3, 5, 4), 0.1), np.zeros((3, 4, 0))),      # no output column
    (np.zeros((3, 5, 0)), np.zeros((3, 0, 0))),          # neither
])
def test_energy_read_of_no_device_is_zero(voltages, conductance):
    """N = 0 or C = 0 reached ordered_sum with nothing to sum: a raw StopIteration. No device is read: 0 J for each
    pattern and trial, as write() gives for its empty cases."""
    energy = EnergyModel(2.0, 1e-3).read(voltages, conductance)
    assert energy.shape == (3, 5) and not energy.any()


# N1: cycle_noise of an all-NaN or an empty matrix

@pytest.mark.parametrize("matrix, message", [
    (np.full((3, 5), np.nan), "branches[1] holds no conductance (all 15 values are NaN)"),
    (np.zeros((3, 0)), "branches[1] has shape (3, 0): no pulse; expected an (n, L) cycle matrix"),
    (np.zeros((0, 5)), "branches[1] has shape (0, 5): no cycle; expected an (n, L) cycle matrix"),
])
def test_cycle_noise_refuses_an_empty_or_all_nan_matrix_itself(matrix, message):
    """An all-NaN matrix gave numpy's "All-NaN slice encountered" RuntimeWarning before the package's ValueError; an
    empty one numpy's own "zero-size array to reduction operation fmax which has no identity"."""
    good = np.full((3, 5), 1e-6) + np.arange(5) * 1e-8 + np.arange(3)[:, None] * 1e-9
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with raises(ValueError, message):
            cycle_noise([good, matrix], 1e-6)
        with raises(ValueError, message.replace("branches[1]", "branches[0]")):
            cycle_noise([matrix], 1e-6)
