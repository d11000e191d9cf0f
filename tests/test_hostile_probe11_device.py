"""Probe 11a's findings on the user's own device (M1, N2, E3): an instrument header whose 'ON Voltage' has the other
sign than its pulse rows, refused as a train that depresses first; `cycle_noise` over a window below the physical
range; `EnergyModel.write` charging a pulse count of 3 as one pulse."""

import re

import numpy as np
import pytest

from crossbar.devices import load_device
from crossbar.devices.cycles import cycle_noise
from crossbar.devices.fields import DeviceFileError
from crossbar.devices.instrument import write_pulse_train
from crossbar.devices.presets import measured_c2c, measured_noise
from crossbar.networks.energy import EnergyModel
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

CURVE = 1e-6 + 0.5e-6 * (1 - np.exp(-np.arange(31) / 8))


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


def _instrument(path, on_line, **kwargs):
    """The writer's reference layout (30 pulses at +2 V after an initial pulse at -2 V) with line 5, its 'ON
    Voltage (V)' header line, replaced by `on_line`."""
    write_pulse_train(path, CURVE, **kwargs)
    lines = path.read_bytes().decode().split("\r\n")
    assert lines[4].startswith("ON Voltage (V):")
    lines[4] = on_line
    path.write_bytes("\r\n".join(lines).encode())
    return path


# M1: the header's ON Voltage of the other sign than every pulse row

def test_an_on_voltage_of_the_other_sign_than_the_rows_is_named(tmp_path):
    """'ON Voltage (V):-2' over pulse rows at +2 V (the initial pulse at -2 V) was refused as "the first pulse after
    the initial state depresses" (line 17): the header's sign, not the train, is what disagrees."""
    path = _instrument(tmp_path / "d.dat", "ON Voltage (V):-2")
    with pytest.raises(DeviceFileError) as error:
        load_device(path)
    message = str(error.value)
    assert "line 5" in message and "'ON Voltage (V)' is -2 (-2 V)" in message, message
    assert "+2 V" in message and "from line 15" in message, message
    assert "depresses" not in message, message


def test_the_command_line_names_the_on_voltage_in_one_line(tmp_path):
    _instrument(tmp_path / "d.dat", "ON Voltage (V):-2")
    done = crossbar_cli("train", "--device", "d.dat", "--json", "--max-epochs", "2", cwd=tmp_path)
    assert_one_line_error(done, "d.dat, line 5: 'ON Voltage (V)' is -2 (-2 V)")
    assert "+2 V" in done.stderr and "depresses" not in done.stderr, done.stderr


@pytest.mark.parametrize("on_line, kwargs", [
    ("ON Voltage (V): 2.000000E+00", {}),                                       # the reference layout, as written
    ("ON Voltage (V): -2.000000E+00", {"pulse_voltage": -2.0, "initial_voltage": 2.0}),  # potentiating at -2 V
])
def test_an_on_voltage_of_the_rows_sign_still_loads(tmp_path, on_line, kwargs):
    write_pulse_train(tmp_path / "as_written.dat", CURVE, **kwargs)
    device = load_device(_instrument(tmp_path / "d.dat", on_line, **kwargs))
    np.testing.assert_array_equal(device.conductance, load_device(tmp_path / "as_written.dat").conductance)
    np.testing.assert_allclose(device.conductance, CURVE, rtol=1e-14)
    assert device.metadata["pulse_voltage"] == kwargs.get("pulse_voltage", 2.0)


def test_an_unnamed_reset_pulse_of_the_other_sign_still_loads(tmp_path):
    """No 'Initial Voltage' line: the first pulse row (-2 V, the reset) is a pulse of the other sign than the header's
    +2 V, and the rows after it are of the header's: a file that loaded, and still does."""
    path = tmp_path / "d.dat"
    write_pulse_train(path, CURVE)
    lines = [line for line in path.read_bytes().decode().split("\r\n") if not line.startswith("Initial Voltage (V)")]
    (tmp_path / "e.dat").write_bytes("\r\n".join(lines).encode())
    np.testing.assert_array_equal(load_device(tmp_path / "e.dat").conductance, load_device(path).conductance)


# N2: cycle_noise's window outside the physical range

_CYCLES = np.array([1e-6 * (1 + 0.01 * i) + 0.5e-6 * (1 - np.exp(-np.arange(31) / 8)) for i in range(5)])


@pytest.mark.parametrize("window", [1e-30, 9.99e-16, 1.97e-31, 1.0000001])
def test_cycle_noise_refuses_a_window_outside_the_physical_range(window):
    """1e-30 S was taken and gave spreads of 1.6e22 windows: the floor was the spacing of doubles at 1e-15 S
    (1.97e-31 S), not the 1e-15 S every other conductance is held to."""
    with raises(ValueError, f"window = {window!r}: expected a window of the device's curve in the physical range "
                            "1e-15 ... 1 S"):
        cycle_noise([_CYCLES], window)


def test_cycle_noise_takes_a_window_at_the_range_floor():
    noise = cycle_noise([_CYCLES], 1e-15)
    assert noise.window == 1e-15 and np.isfinite(noise.spread[1:]).all()


# E3: EnergyModel.write of pulses other than -1, 0, +1

_G = np.full((2, 3, 4), 1e-6)


@pytest.mark.parametrize("value, shown", [(3, "3"), (2.5, "2.5"), (-2, "-2"), (3.0, "3.0")])
def test_energy_write_refuses_a_pulse_other_than_one_each(value, shown):
    """A pulse count of 3 (or 2.5) was charged as one pulse: the engine sends -1, 0 or +1 per device and call."""
    pulses = np.ones((2, 3, 4), np.int64 if isinstance(value, int) else np.float64)
    pulses[1, 2, 0] = value
    with raises(ValueError, f"EnergyModel.write: pulses[1, 2, 0] = {shown}: expected -1, 0 or +1 per device"):
        EnergyModel(2.0, 1e-3).write(_G, _G, pulses)


def test_energy_write_of_single_pulses_is_unchanged():
    """-1, 0 and +1 (int, float or bool) cost V^2 G t each where sent: 2^2 x 1e-6 S x 1e-3 s x 12 devices."""
    model = EnergyModel(2.0, 1e-3)
    signs = np.array([1, -1, 0, 1] * 6).reshape(2, 3, 4)
    expected = model.write(_G, _G, signs != 0)
    np.testing.assert_array_equal(expected, [4e-9 * 9] * 2)
    for pulses in (signs, signs.astype(float), signs.astype(np.int8)):
        np.testing.assert_array_equal(model.write(_G, _G, pulses), expected)


def test_measured_noise_names_the_device_whose_window_is_below_the_range(tmp_path):
    """measured_noise hands the device's own window to cycle_noise: a curve rising by 4.9e-17 S loads (its
    conductances are in the range), and its noise was measured in windows of 4.9e-17 S; now refused naming the
    device, not a `window` its caller never gave."""
    rows = ["pulse,G1 (S),G2 (S),G3 (S)"] + [
        ",".join([str(m)] + [repr(float(1e-12 * (1 + 0.001 * i) + 5e-17 * (1 - np.exp(-m / 8)))) for i in range(3)])
        for m in range(31)]
    (tmp_path / "tiny.csv").write_text("\n".join(rows) + "\n")
    device = load_device(tmp_path / "tiny.csv")
    assert device.cycles.shape == (3, 31) and device.window < 1e-15
    with raises(ValueError, "device 'tiny' ("):
        measured_noise(device)
    with pytest.raises(ValueError, match=r"its window max g - g\(0\) = 4.88e-17 S is outside the physical range"):
        measured_c2c(device)
