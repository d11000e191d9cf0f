"""Where a two-way device's pulses balance and where a network's devices end
(crossbar.networks.states): what the networks chapter reads on PCMO's two-way network."""

import numpy as np
import pytest

import crossbar
from crossbar.devices import neurosim_device, preset
from crossbar.networks import network_reference, train_networks
from crossbar.networks.engine import draw_layers, network_shapes
from crossbar.networks.states import balance, final_states, pulse_steps
from crossbar.tasks import digits

TRAIN, TEST = digits(per_class=3)


def test_a_symmetric_device_balances_in_the_middle_and_pcmo_below_it():
    state, step = balance(neurosim_device(2.0, states=40, on_off=10.0))
    assert state == pytest.approx(0.5, abs=1e-3)
    pcmo = preset("pcmo")  # depression label 6.76 against potentiation's 3.68: depression wins early
    state, step = balance(pcmo)
    assert 0.2 < state < 0.35 and 0.03 < step < 0.07
    up, down = pulse_steps(pcmo, pcmo.window * np.array([state + 0.05, state - 0.05]))
    assert down[0] > up[0] and up[1] > down[1]  # above it depression moves a device more, below it potentiation


def test_pulse_steps_are_the_branches_own_steps_at_their_points():
    device = preset("ag-si")
    up = device.conductance - device.conductance[0]
    gain, _ = pulse_steps(device, up[10:12])
    assert np.allclose(gain, np.diff(up)[10:12], rtol=0, atol=1e-12 * device.window)
    with pytest.raises(ValueError, match="no depression branch"):
        pulse_steps(crossbar.default_device(), [0.0])


def test_final_states_are_the_reference_networks_pulsed_positions():
    device = preset("taox-hfox")  # the one-way rule: a device's position is its start plus its pulses
    setting = crossbar.NETWORK.replace(rule="gated", hidden=4, max_epochs=30)
    run = train_networks(device, setting, TRAIN, TEST, seed=3, trials=[2])
    states = final_states(run, device, seed=3, trials=[2])
    reference = network_reference(device, setting, TRAIN, seed=3, trial=2)
    layers = draw_layers(device, crossbar.REFERENCE_OFFSETS, crossbar.NONE, run.setting, 3, [2],
                         network_shapes(TRAIN, 4), run.scale)
    up = device.conductance - device.conductance[0]
    reach = np.concatenate([up, device.depression - device.conductance[0]])
    for state, (_, _, start, _), count in zip(states, layers, reference.up_counts):
        pos = np.minimum(start[0] + count, up.size - 1)
        expected = (np.interp(pos, np.arange(up.size), up) - reach.min()) / (reach.max() - reach.min())
        assert np.allclose(state[0], expected, rtol=0, atol=1e-9)
    assert any(np.any(c > 0) for c in reference.up_counts)


def test_final_states_leave_out_the_held_devices_of_g_fix():
    device = preset("ag-si")
    run = train_networks(device, crossbar.NETWORK.replace(rule="gated+fixed", hidden=3, max_epochs=5), TRAIN,
                         TEST, seed=0, trials=[0, 1])
    for state in final_states(run, device, seed=0, trials=[0, 1]):
        assert np.isnan(state[:, :, 1::2]).all() and np.isfinite(state[:, :, 0::2]).all()
        assert np.all((state[:, :, 0::2] >= -1e-9) & (state[:, :, 0::2] <= 1 + 1e-9))
    with pytest.raises(ValueError, match="trials"):
        final_states(run, device, seed=0, trials=[0])
