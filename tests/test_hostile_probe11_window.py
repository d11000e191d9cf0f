"""Window draws past 1 S at the last entry points (issue 20): train(..., unphysical="report").physical and
BatchResult.physical said only what training visited, so a trial whose drawn window factor takes a device past 1 S at
the top of its curve (which train refuses and a study flags) reported physical True there."""

import numpy as np

import crossbar as cb
from crossbar.training.checks import window_draws_outside

# K = 1e4 with window_spread 3: train() refuses trials 13, 14, 21, 29 and 32 (tests/test_hostile_probe11_studies.py);
# training pulses the devices of 13, 14 and 32 past 1 S, never trial 29's device (input 4, column 4), factor 3675.
SETTING = cb.TrainingSetting(gain=1e4, beta=6e4, max_epochs=50)
WINDOW = cb.Nonidealities(window_spread=3)
REFUSED = {13, 14, 21, 29, 32}


def test_train_reports_a_window_draw_past_1_s_as_not_physical():
    """Trial 29 converged with run.physical True under unphysical="report"; train() refuses it under "refuse"."""
    run = cb.train(cb.default_device(), SETTING, seed=0, trial=29, nonideal=WINDOW, unphysical="report")
    assert run.converged and run.max_conductance < 1  # training never took a device past 1 S ...
    assert run.physical is False  # ... but its drawn factor can, as train() refuses and a study flags
    assert cb.train(cb.default_device(), SETTING, seed=0, trial=12, nonideal=WINDOW).physical is True


def test_train_batch_flags_the_trials_train_refuses():
    """BatchResult.physical flagged 3 of the 40 (13, 14, 32: what training visited); now the five train refuses."""
    offsets = cb.sample_offsets(seed=0, trials=40)
    batch = cb.train_batch(cb.default_device(), offsets, SETTING, nonideal=WINDOW, seed=0, unphysical="report")
    assert set(np.flatnonzero(~batch.physical)) == REFUSED
    assert [batch[k].physical for k in (12, 21, 29)] == [True, False, False]
    # one computation: the flag train_batch keeps is the check's, on the offsets the devices got
    drawn = window_draws_outside(batch.device, batch.setting.gain, batch.offsets, WINDOW, 0, np.arange(40))
    assert (batch.window_outside == drawn).all() and set(np.flatnonzero(drawn)) == {13, 14, 21, 29, 32}
    # trial numbers decide, as in a study: trials 29 and 30 alone are trial 29's and trial 30's draws
    pair = cb.train_batch(cb.default_device(), offsets[29:31], SETTING, nonideal=WINDOW, seed=0, trials=[29, 30],
                          unphysical="report")
    assert list(pair.physical) == [False, True]


def test_the_reference_path_flags_nothing_new():
    """Without a window_spread nothing is drawn: physical is what training visited, as before."""
    batch = cb.train_batch(cb.default_device(), cb.sample_offsets(seed=0, trials=20), cb.TrainingSetting(max_epochs=20))
    assert not batch.window_outside.any() and batch.physical.all()
    assert cb.train().physical is True


# 2. networks (train_networks) did not check window draws at all

def _network():
    """TaOx/HfOx, 4 inputs -> 5 hidden -> 2 outputs (tests/test_networks.py's small task) at K = 1e3, spread 3:
    network 17 of seed 0 draws device (input 4, column 4) of layer 2 a factor 4.155e4, 3.138 S at the top of its
    curve; training takes no device of networks 0-19 above 0.43 S."""
    from test_networks import BASE, SMALL, TAOX

    return TAOX, BASE.replace(gain=1e3), SMALL


def test_networks_flag_a_window_draw_past_1_s_in_any_layer():
    """train_networks reported all 20 networks physical (it looked only at what training visited)."""
    from crossbar.networks import train_networks

    device, setting, patterns = _network()
    batch = train_networks(device, setting, patterns, nonideal=WINDOW, seed=0, trials=np.arange(20))
    assert batch.max_conductance.max() < 1 and batch.min_conductance.min() > 1e-15
    assert list(np.flatnonzero(~batch.physical)) == [17] and list(np.flatnonzero(batch.window_outside)) == [17]
    assert not train_networks(device, setting, patterns, nonideal=WINDOW, seed=0, trials=[17]).physical[0]


def test_networks_refuse_a_window_draw_past_1_s_naming_the_layer_before_any_work(monkeypatch):
    """unphysical="refuse" refuses it as train_batch does, before any group of networks trains."""
    import pytest

    from crossbar.networks import engine, train_networks

    device, setting, patterns = _network()
    message = ("nonideal.window_spread = 3: trial 17 draws device (input 4, column 4) of layer 2 a window factor "
               "4.155e+04, and at K = 1000 it reaches G = 3.138 S at the top of its curve, outside the physical range "
               "1e-15 ... 1 S; use a smaller gain or spread, or unphysical='report'")
    with pytest.raises(ValueError) as refused:
        train_networks(device, setting, patterns, nonideal=WINDOW, seed=0, trials=np.arange(20), unphysical="refuse")
    assert str(refused.value) == message
    monkeypatch.setattr(engine, "GROUP_BYTES", 1.0)  # one network per group

    def no_training(*args, **kwargs):
        raise AssertionError("a group trained before the refusal")

    monkeypatch.setattr(engine, "Layer", no_training)
    with pytest.raises(ValueError, match="trial 17 draws device .input 4, column 4. of layer 2"):
        train_networks(device, setting, patterns, nonideal=WINDOW, seed=0, trials=np.arange(20), unphysical="refuse")
    with pytest.raises(ValueError, match="unphysical = 'no': expected 'refuse' or 'report'"):
        train_networks(device, setting, patterns, unphysical="no")
    monkeypatch.undo()
    kept = train_networks(device, setting, patterns, nonideal=WINDOW, seed=0, trials=np.arange(17),
                          unphysical="refuse")
    assert kept.physical.all() and not kept.window_outside.any()


def test_a_default_network_flags_nothing_new():
    """Without a window_spread nothing is drawn, and the flag changes no number."""
    from crossbar.networks import train_networks

    device, setting, patterns = _network()
    batch = train_networks(device, setting.replace(gain=10.0), patterns, seed=0, trials=np.arange(5))
    assert not batch.window_outside.any() and batch.physical.all()
