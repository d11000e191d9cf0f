"""The pulse-count lattice check against brute force, the linear program and trained crossbars."""

import itertools

import numpy as np
import pytest

import crossbar
from crossbar.devices.curve import DeviceCurve
from crossbar.studies import Study, run_study, weights_feasible
from crossbar.studies.lattice import lattice_check, reachable_differences
from crossbar.training import physics


def test_reachable_differences_are_every_pair_sorted_and_unique():
    g = np.array([1.0, 3.0, 2.0, 3.0]) * 1e-7
    values, plus, minus = reachable_differences(g)
    assert np.all(np.diff(values) > 0)
    assert np.allclose(g[plus] - g[minus], values)
    assert set(np.round(values * 1e7, 9)) == {round(a - b, 9) for a in (1, 2, 3) for b in (1, 2, 3)}


def _brute_force(study, offsets):
    """Every pulse-count pair per weight, neuron by neuron, checked the engine's way (at the setting
    the devices train at: window-relative, as the linear program reads it)."""
    s, p = study.effective_setting, study.patterns
    g = study.device.conductance
    V = p.voltages(s.v_one, s.v_zero)
    L, N = g.size, p.n_inputs
    pairs = list(itertools.product(range(L), repeat=2))
    out = []
    for i in range(p.n_neurons):
        found = False
        for combo in itertools.product(pairs, repeat=N):
            counts = np.zeros(offsets.shape, dtype=np.int64)
            counts[:, 2 * i] = [a for a, _ in combo]
            counts[:, 2 * i + 1] = [b for _, b in combo]
            G = physics.conductance(g, counts, offsets, s.gain)
            f = physics.activation(physics.logic_current(physics.column_currents(V, G)), s.beta)
            if physics.meets_targets(f, p.labels, s.target_high, s.target_low)[:, i].all():
                found = True
                break
        out.append(found)
    return np.array(out)


def test_lattice_check_agrees_with_brute_force_on_a_coarse_curve():
    # A three-point curve: 9 pulse-count pairs per weight, 9**4 combinations per neuron, so every
    # answer can be checked by trying them all. Seeded offsets; the targets are chosen so that the
    # linear program's intervals admit weights that the lattice does not (the "none" case).
    device = DeviceCurve(np.array([1.0, 1.9, 2.0]) * 1e-7, name="coarse")
    setting = crossbar.DEFAULT.replace(beta=1e7, target_high=0.9, target_low=-0.9)
    study = Study(device=device, setting=setting, trials=12, seed=1)
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, 1, 12)  # seed 1: all three answers
    check = lattice_check(study, offsets)
    lp = weights_feasible(study, offsets)
    seen = set()
    for b in range(offsets.shape[0]):
        truth = _brute_force(study, offsets[b])
        for i, status in enumerate(check["status"][b]):
            seen.add(status)
            assert status != "undecided"
            assert (status == "witness") == truth[i], (b, i, status)
            assert (status == "lp-infeasible") == (not lp[b, i]), (b, i, status)
    assert {"witness", "none", "lp-infeasible"} <= seen, f"the case no longer exercises every answer: {seen}"


def test_every_trained_crossbar_has_a_witness_that_meets_its_targets():
    study = Study(trials=200, seed=3)
    result = run_study(study, progress=False)
    check = lattice_check(study, result.offsets)
    assert np.all(check["crossbar"][result.converged] == "witness")
    lp = weights_feasible(study, result.offsets).all(axis=1)
    assert np.array_equal(check["crossbar"] != "lp-infeasible", lp)
    s, p = study.effective_setting, study.patterns
    V = p.voltages(s.v_one, s.v_zero)
    for b in np.flatnonzero(check["crossbar"] == "witness")[:20]:
        G = physics.conductance(study.device.conductance, check["pulses"][b], result.offsets[b], s.gain)
        f = physics.activation(physics.logic_current(physics.column_currents(V, G)), s.beta)
        assert physics.meets_targets(f, p.labels, s.target_high, s.target_low).all()


def test_lattice_check_needs_matching_offsets():
    with pytest.raises(ValueError, match="offsets have shape"):
        lattice_check(Study(trials=2), np.zeros((2, 3, 4)))
