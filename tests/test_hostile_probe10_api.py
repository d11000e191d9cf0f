"""Probe 9's leftovers through the Python API: a static explorer's duplicate position (probe 9c, C9 d), train() with
a drawn trial outside the physical range, a study folder made by a run that saved nothing (probe 9c, C13) and a sweep
too large to run, each refused naming the argument (or cleaned up) where it was accepted."""

import dataclasses
import errno
import os
import re

import numpy as np
import pytest

import crossbar as cb
from crossbar.studies import Grid, Study, run_study, run_sweep, store
from test_hostile_physical import LognormalBelow


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


SHORT = dataclasses.replace(cb.DEFAULT, max_epochs=60)


# C9 d: a position given twice

@pytest.mark.parametrize("positions", [[6e6, 6e6], [3e6, 6e6, 6e6 * (1 + 1e-12)]])
def test_static_explorer_refuses_a_position_given_twice(positions):
    """It precomputed the position twice ('<StaticExplorer: 2 precomputed positions of beta (2)>'), as a Grid
    refuses ('appears more than once'); a slider with two equal stops cannot tell them apart."""
    from crossbar.views import explorer, widgets

    with raises(ValueError, f"static_explorer: grid['beta'] = {positions!r}: {positions[-1]!r} is given twice "
                            "(to 1e-9 relative); give each position once"):
        explorer.static_explorer(widgets.activation_view, {"beta": positions}, {"beta": 6e6})


# train(): a drawn trial outside the physical range

def test_train_refuses_a_drawn_trial_outside_the_range_as_train_batch_does():
    """Lognormal(2e-16, 1) draws trial 0 a device at 5.982e-17 S (5.982e-16 S at K = 10): train() trained it and
    returned run.physical False, where train_batch(unphysical='refuse') refuses such offsets before any work."""
    offsets = LognormalBelow()  # Lognormal(2e-16, 1) itself is refused now, its bottom tail held (probe 10c U8)
    with raises(ValueError, "offsets: trial 0 of seed 0 drawn from LognormalBelow() gives "
                            "offsets[0, 3] = 5.982e-17 S: at K = 10 a device starts at G = 5.982e-16 S, outside the "
                            "physical range 1e-15 ... 1 S; pass unphysical='report' to train it anyway"):
        cb.train(None, SHORT, offsets)
    matrix = cb.sample_offsets(offsets, 0, [0])
    with raises(ValueError, "offsets[0, 0, 3] = 5.982e-17 S: at K = 10 a device starts at G = 5.982e-16 S"):
        cb.train_batch(cb.default_device(), matrix, SHORT)
    run = cb.train(None, SHORT, offsets, unphysical="report")
    assert not run.physical
    with raises(ValueError, "unphysical = 'no': expected 'refuse' or 'report'"):
        cb.train(None, SHORT, offsets, unphysical="no")


def test_train_refuses_a_drawn_window_factor_past_1_S():
    setting = dataclasses.replace(SHORT, gain=1e6)
    spread = cb.Nonidealities(window_spread=3.0)
    with raises(ValueError, "nonideal.window_spread = 3: trial 99 draws device"):
        cb.train(None, setting, cb.REFERENCE_OFFSETS, seed=1, trial=99, nonideal=spread)
    assert not cb.train(None, setting, cb.REFERENCE_OFFSETS, seed=1, trial=99, nonideal=spread,
                        unphysical="report").physical


def test_train_of_a_physical_draw_is_unchanged():
    run = cb.train(None, SHORT, seed=3, trial=5)
    batch = cb.train_batch(cb.default_device(), cb.sample_offsets(seed=3, trials=[5]), SHORT, history=True,
                           trials=[5])[0]
    assert run.physical and np.array_equal(run.pulse_count, batch.pulse_count) and run.epochs == batch.epochs


# C13: a folder made by a run that saved nothing

def _failing_writes(monkeypatch):
    def write_atomic(path, data):
        raise OSError(errno.EFBIG, "File too large", str(path))

    monkeypatch.setattr(store, "write_atomic", write_atomic)


def test_a_study_folder_made_by_a_run_that_saved_nothing_is_removed(tmp_path, monkeypatch):
    _failing_writes(monkeypatch)
    study = Study(trials=20, chunk_size=10, setting=SHORT)
    with pytest.raises(ValueError, match="File too large"):
        run_study(study, out=tmp_path / "a" / "b" / "c", progress=False)
    assert os.listdir(tmp_path) == []
    (tmp_path / "mine").mkdir()
    with pytest.raises(ValueError, match="File too large"):
        run_study(study, out=tmp_path / "mine", progress=False)
    assert os.listdir(tmp_path) == ["mine"] and os.listdir(tmp_path / "mine") == []
    with pytest.raises(ValueError, match="File too large"):
        run_sweep(study, Grid(beta=[3e7, 6e7]), out=tmp_path / "sw", progress=False)
    assert sorted(os.listdir(tmp_path)) == ["mine"]


# A sweep too large to run

def test_run_sweep_refuses_a_grid_of_more_than_ten_thousand_points():
    grid = Grid(beta=list(np.linspace(1e7, 1e8, 101)), gain=list(np.linspace(5, 15, 100)))
    with raises(ValueError, "grid: a sweep of 10,100 points (101 x 100) x 20 trials = 202,000 crossbars trained: "
                            "expected at most 10,000 points"):
        run_sweep(Study(trials=20, chunk_size=10), grid)
