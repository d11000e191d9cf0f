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
