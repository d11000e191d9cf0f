"""One "physical" for networks and the command line's JSON (issue 20, after 8c73cec): a drawn window factor past 1 S
at the top of a device's curve made NetworkBatch.physical False, but a network study, 'train --hidden' and the JSON
of one crossbar judged from the lowest and highest conductance only, and train_reference trained such a trial under
unphysical='refuse'."""

import json

import numpy as np
import pytest

import crossbar as cb
from crossbar.networks import train_networks
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

WINDOW = cb.Nonidealities(window_spread=3)


def _network():
    """TaOx/HfOx, 4 inputs -> 5 hidden -> 2 outputs at K = 1e3, spread 3: network 17 of seed 0 draws device
    (input 4, column 4) of layer 2 a factor 4.155e4 (3.138 S at the top of its curve); training takes no device of
    networks 0-19 above 0.43 S (tests/test_hostile_probe11_window.py)."""
    from test_networks import BASE, SMALL, TAOX

    return TAOX, BASE.replace(gain=1e3), SMALL


# 1. a network study judged physical from the lowest and highest conductance only

def test_a_network_study_flags_the_networks_train_networks_flags():
    """StudyResult.physical was all True and the summary said 'physical yes' where NetworkBatch.physical flags 17."""
    device, setting, patterns = _network()
    study = cb.Study(device=device, setting=setting, patterns=patterns, test_patterns=patterns, trials=20, seed=0,
                     nonideal=WINDOW, chunk_size=7)
    result = cb.run_study(study)
    batch = train_networks(device, setting, patterns, patterns, nonideal=WINDOW, seed=0, trials=np.arange(20))
    assert list(np.flatnonzero(~batch.physical)) == [17]
    assert (result.physical == batch.physical).all()
    summary = result.summary()
    assert (summary.physical, summary.nonphysical) == (False, 1)
    assert summary.converged == int((batch.converged & batch.physical).sum())
    # trial numbers decide: the table of trials 15-19 alone flags its third row
    from crossbar.studies.summary import nonphysical_trials

    assert list(nonphysical_trials(result.table[15:], study)) == [False, False, True, False, False]


def test_a_network_study_without_a_window_spread_flags_nothing_new():
    device, setting, patterns = _network()
    study = cb.Study(device=device, setting=setting.replace(gain=10.0), patterns=patterns, test_patterns=patterns,
                     trials=6, seed=0)
    assert cb.run_study(study).physical.all()


# 2. the command line's JSON: 'train --hidden' and one crossbar's "physical"

# The command line's network task (the diagonals) at K = 300: network 23 of seed 0 draws a factor past 1 S; training
# takes no device above 0.71 S. 'train' said "physical": true for it (and exit 0 without --allow-nonphysical).
NETWORK_ARGS = ["train", "--preset", "network", "--hidden", "5", "--gain", "300", "--window-spread", "3", "--trial",
                "23"]


def test_train_hidden_json_reports_a_window_draw_past_1_s_as_not_physical(tmp_path):
    done = crossbar_cli(*NETWORK_ARGS, "--allow-nonphysical", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["max_conductance"] < 1 and record["physical"] is False


def test_train_hidden_refuses_a_window_draw_past_1_s_naming_the_factor(tmp_path):
    done = crossbar_cli(*NETWORK_ARGS, "--json", cwd=tmp_path)
    assert_one_line_error(done, "--window-spread = 3: trial 23 draws device (input ")
    assert "of layer " in done.stderr and "use --allow-nonphysical to report it anyway" in done.stderr


def test_network_record_is_the_batch_physical():
    from crossbar.cli.train import network_record

    device, setting, patterns = _network()
    run = train_networks(device, setting, patterns, nonideal=WINDOW, seed=0, trials=[17])
    record = network_record(run, device, setting, cb.REFERENCE_OFFSETS, {}, patterns)
    assert run.max_conductance[0] < 1 and record["physical"] is False


def test_run_record_is_the_run_physical():
    """run_record(run, ...) without the draws said "physical": true for trial 29 (factor 3675 at K = 1e4), whose
    run.physical is False."""
    from crossbar.cli.train import run_record

    setting = cb.TrainingSetting(gain=1e4, beta=6e4, max_epochs=50)
    run = cb.train(cb.default_device(), setting, seed=0, trial=29, nonideal=WINDOW, unphysical="report")
    assert run.physical is False and run_record(run, run.patterns, {})["physical"] is False
    kept = cb.train(cb.default_device(), setting, seed=0, trial=12, nonideal=WINDOW)
    assert run_record(kept, kept.patterns, {})["physical"] is True


def test_a_network_study_and_its_replay_say_the_same(tmp_path):
    """montecarlo said 'physical yes' for 24 such networks and 'train --from' replayed network 23 as physical."""
    study = ["montecarlo", *NETWORK_ARGS[1:9], "--trials", "24", "--out", "st", "--quiet", "--json"]
    done = crossbar_cli(*study, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)["summary"]
    assert (summary["physical"], summary["nonphysical"]) == (False, 1)
    refused = crossbar_cli("train", "--from", "st", "--trial", "23", cwd=tmp_path)
    assert_one_line_error(refused, "--window-spread = 3: trial 23 draws device (input ")
    shown = crossbar_cli("train", "--from", "st", "--trial", "23", "--allow-nonphysical", "--json", cwd=tmp_path)
    assert shown.returncode == 0 and json.loads(shown.stdout)["physical"] is False
    kept = crossbar_cli("train", "--from", "st", "--trial", "22", "--json", cwd=tmp_path)
    assert kept.returncode == 0 and json.loads(kept.stdout)["physical"] is True


# 3. train_reference trained a trial train() refuses

def test_train_reference_refuses_and_flags_the_window_draws_train_refuses():
    from crossbar.training.reference import train_reference

    setting = cb.TrainingSetting(gain=1e4, beta=6e4, max_epochs=50)
    device = cb.default_device()
    offsets = cb.sample_offsets(seed=0, trials=30)
    with pytest.raises(ValueError, match=r"window_spread = 3: trial 29 draws device \(input 4, column 4\) a window "
                                         r"factor 3675"):
        train_reference(device, offsets[29], setting, nonideal=WINDOW, seed=0, trial=29)
    flagged = train_reference(device, offsets[29], setting, nonideal=WINDOW, seed=0, trial=29, unphysical="report")
    assert flagged.max_conductance < 1 and flagged.physical is False
    kept = train_reference(device, offsets[12], setting, nonideal=WINDOW, seed=0, trial=12)
    batch = cb.train_batch(device, offsets[12:13], setting, nonideal=WINDOW, seed=0, trials=[12])
    assert kept.physical is True and kept.epochs == batch.epochs[0]
    assert (kept.conductance == batch.conductance[0]).all()
