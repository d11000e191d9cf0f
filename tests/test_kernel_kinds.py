"""The kernel compiled per kind of run, its ranges on threads, and the general model's lean paths
(issue 21): what a first call compiles, that the copies never share a cache entry, that the
threads change no result, and that the lean paths are held to the numpy reference."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import crossbar
from crossbar.devices import Nonidealities, preset
from crossbar.training import engine, kernel, train_batch, train_reference

COMPILED = r"""
import json, sys
import numpy as np
from numba.core import event
import crossbar
from crossbar.devices import Nonidealities

names = []


class Names(event.Listener):
    def on_start(self, e):
        names.append(e.data["dispatcher"].py_func.__qualname__)

    def on_end(self, e):
        pass


event.register("numba:compile", Names())
offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=0, trials=20)
crossbar.train_batch(crossbar.default_device(), offsets, crossbar.DEFAULT)
first = list(names)
crossbar.train_batch(crossbar.default_device(), offsets, crossbar.DEFAULT, nonideal=Nonidealities(c2c=0.1))
print(json.dumps([first, names[len(first):]]))
"""


def test_the_first_call_at_default_compiles_the_reference_kind_alone(tmp_path):
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path))  # an empty cache: everything is compiled
    out = subprocess.run([sys.executable, "-c", COMPILED], env=env, capture_output=True, text=True, check=True)
    first, then = json.loads(out.stdout.splitlines()[-1])
    ours = {name for name in first if name.startswith("_")}
    assert "_train_range.base" in ours and "_epoch.base" in ours and "_apply_pulses.base" in ours
    for name in ours:  # nothing of the general model, the online rule or the focus
        assert not name.startswith(("_apply_general", "_online_epoch", "_focus_mask", "_train_range.general")), name
    # The check can fail: a run with a knob compiles the general model's kind.
    assert "_train_range.general" in then and "_apply_pulses.general" in then


def test_each_copy_has_a_cache_name_of_its_own():
    names = {}
    for general in (False, True):
        for online in (False, True):
            for two_way in (False, True):
                for reads in (False, True):
                    for focused in (False, True):
                        kind = (general, online, two_way, reads, focused)
                        for name in kernel._COPIED:
                            copy = kernel._compiled(name, kind)
                            names.setdefault(copy.py_func.__qualname__, set()).add(id(copy))
                            assert copy.py_func.__qualname__ != getattr(kernel, name).py_func.__qualname__
    # One dispatcher per name: kinds that differ only where a function does not look share its copy.
    assert all(len(ids) == 1 for ids in names.values()), names
    assert "_epoch.base" in names and "_epoch.reads.focused" in names
    assert len([n for n in names if n.startswith("_epoch.")]) == 4
    # A copy's constants include its callees': _apply_general calls _apply_pulses, which reads _GENERAL.
    assert len([n for n in names if n.startswith("_apply_general.")]) == 4


@pytest.mark.parametrize("setting, nonideal", [(crossbar.DEFAULT, None), (crossbar.DEFAULT.replace(rule="online"),
                                                                          Nonidealities(c2c=0.05))])
@pytest.mark.parametrize("lanes", [96, 12, 4])
def test_ranges_on_threads_and_lanes_change_no_result(monkeypatch, setting, nonideal, lanes):
    device = crossbar.default_device()
    offsets = crossbar.sample_offsets(seed=2, trials=700)
    kw = {} if nonideal is None else {"nonideal": nonideal, "seed": 2}
    one = train_batch(device, offsets, setting, **kw)
    monkeypatch.setattr(engine, "_ranges", lambda trials, threads, work: (np.array([0, 5, 97, 300, 301, 700]), lanes))
    five = train_batch(device, offsets, setting, **kw)
    for name in ("converged", "epochs", "pulse_count", "conductance", "activation", "bound_hits", "min_conductance"):
        a, b = getattr(one, name), getattr(five, name)
        if a is not None:
            np.testing.assert_array_equal(b, a, err_msg=name)


def test_few_trials_get_blocks_cut_to_their_ranges():
    from crossbar.training.kernel import LANES

    for trials in range(0, 3 * LANES):
        for threads, work in ((1, 10**6), (2, 10**6), (4, 10**6), (2, 96)):
            bounds, lanes = engine._ranges(trials, threads, work)
            sizes = np.diff(bounds)
            assert bounds[0] == 0 and bounds[-1] == trials and (trials == 0 or sizes.min() > 0)
            assert len(sizes) <= threads and lanes % 4 == 0 and 4 <= lanes <= LANES
            if trials >= threads * LANES:
                assert lanes == LANES and len(sizes) == threads  # full blocks on every thread
                continue
            assert lanes == 4 * -(-max(sizes.max(), 1) // 4)  # no block wider than its range needs
            if trials * work >= engine.SPLIT_WORK:  # worth a thread: shared out, MIN_RANGE at least
                assert len(sizes) == min(threads, max(1, -(-trials // engine.MIN_RANGE)))
            else:  # a small task: a second thread only past a full block, as before
                assert len(sizes) == min(threads, max(1, -(-trials // LANES)))


# The lean paths of the general model (kernel._lean): no knob on the pulses, and additive noise
# alone, large enough that devices are cut at their bounds.
@pytest.mark.parametrize("rule", ["batch", "batch+gated", "online", "batch+focus=0.6"])
@pytest.mark.parametrize("c2c", [0.0, 0.6])
def test_the_lean_paths_equal_the_reference_pulse_for_pulse(rule, c2c):
    device = preset("ag-si") if rule == "online" else crossbar.default_device()  # one-way pulses on both
    setting = crossbar.DEFAULT.replace(max_epochs=30, rule=rule)
    trials = np.arange(8) + 5
    offsets = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=7, trials=trials)
    nonideal = Nonidealities(c2c=c2c)
    result = train_batch(device, offsets, setting, nonideal=nonideal, seed=7, trials=trials, general=True)
    hits = 0
    for b, trial in enumerate(trials):
        ref = train_reference(device, offsets[b], setting, nonideal=nonideal, seed=7, trial=int(trial))
        what = f"{rule}, c2c {c2c}, trial {trial}"
        assert (result.epochs[b], bool(result.converged[b]), result.bound_hits[b]) == \
            (ref.epochs, ref.converged, ref.bound_hits), what
        np.testing.assert_array_equal(result.pulse_count[b], ref.pulse_count, err_msg=what)
        np.testing.assert_array_equal(result.conductance[b], ref.conductance, err_msg=what)
        assert result.min_conductance[b] == ref.min_conductance, what
        hits += ref.bound_hits
    assert (hits > 0) == (c2c > 0)  # the noisy path cut devices at their bounds
