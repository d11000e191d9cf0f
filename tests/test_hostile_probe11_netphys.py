"""One "physical" for networks and the command line's JSON (issue 20, after 8c73cec): a drawn window factor past 1 S
at the top of a device's curve made NetworkBatch.physical False, but a network study, 'train --hidden' and the JSON
of one crossbar judged from the lowest and highest conductance only, and train_reference trained such a trial under
unphysical='refuse'."""

import numpy as np

import crossbar as cb
from crossbar.networks import train_networks

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
