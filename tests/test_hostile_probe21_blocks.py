"""Probe 21a, K1: instrument blocks noted in roman numerals or in words.

Over blocks noted ``# cycle III``, ``# cycle I``, ``# cycle II`` just above them, ``--cycle 1`` took the first block
(cycle III), with status 0: the note was not read as a cycle label at all, so K counted the blocks; so with
``# cycle three``, ``# third cycle`` and the key ``Cycle: three``. A header key ``Cycle: II`` was already refused as a
number not read; notes and keys in roman numerals or words now are too, for an explicit K (without K every cycle is
used, and their order does not matter). Notes that say something else (``# cycle CV``, ``# cycle time 10 ms``) stay
text.
"""

import numpy as np
import pytest

import crossbar
from crossbar.devices.files import write_pulse_train

M = np.arange(31)
CURVES = [1e-6 * (1 + 0.5 * (1 - np.exp(-M / 8))) * (1 + 0.01 * i) for i in range(3)]


def _blocks(tmp_path, notes):
    """Three blocks, block i holding CURVES[i], with the note notes[i] just above it."""
    parts = []
    for i, note in enumerate(notes):
        part = tmp_path / f"part{i}.dat"
        write_pulse_train(part, CURVES[i])
        parts.append(f"{note}\r\n" + part.read_bytes().decode())
    path = tmp_path / "blocks.dat"
    path.write_bytes("".join(parts).encode())
    return path


@pytest.mark.parametrize("cycle", [1, 2, 3])
@pytest.mark.parametrize("form", ["# cycle {}", "# Cycle {}", "# --- Run {} ---", "# Cyc {}", "# cycle: {}"])
@pytest.mark.parametrize("order", [("III", "I", "II"), ("II", "III", "I"), ("three", "one", "two")])
def test_an_explicit_cycle_over_blocks_noted_in_roman_numerals_or_words_is_refused(tmp_path, form, order, cycle):
    path = _blocks(tmp_path, [form.format(r) for r in order])
    with pytest.raises(ValueError, match=r"at line 1 names its cycle in a form that is not read; expected a whole "
                                         r"number in digits"):
        crossbar.load_device(path, cycle=cycle)


@pytest.mark.parametrize("form", ["# {} cycle", "# --- {} run ---"])
def test_an_ordinal_word_before_the_cycle_word_is_refused_too(tmp_path, form):
    path = _blocks(tmp_path, [form.format(r) for r in ("third", "first", "second")])
    with pytest.raises(ValueError, match=r"names its cycle in a form that is not read"):
        crossbar.load_device(path, cycle=1)


@pytest.mark.parametrize("value", ["three", "third", "Three"])
def test_a_cycle_key_in_words_is_refused_as_its_roman_value_was(tmp_path, value):
    parts = []
    for i, name in enumerate([value, "1", "2"]):
        part = tmp_path / f"part{i}.dat"
        write_pulse_train(part, CURVES[i], extra_header={"Cycle": name})
        parts.append(part.read_bytes().decode())
    path = tmp_path / "keys.dat"
    path.write_bytes("".join(parts).encode())
    with pytest.raises(ValueError, match=r"names its cycle in a form that is not read"):
        crossbar.load_device(path, cycle=1)


def test_guard_without_cycle_every_block_is_used(tmp_path):
    device = crossbar.load_device(_blocks(tmp_path, ["# cycle III", "# cycle I", "# cycle II"]))
    np.testing.assert_allclose(device.conductance, np.median(CURVES, axis=0), rtol=1e-6)


@pytest.mark.parametrize("note", ["# cycle CV", "# cycle time 10 ms", "# cycle in air", "# sweep c", "# one cycle",
                                  "# the third cycle was bad"])
def test_guard_notes_that_are_no_roman_cycle_label_stay_text(tmp_path, note):
    """Labels that are not I to XXXIX are text: K counts the blocks, as before."""
    path = _blocks(tmp_path, [note] * 3)
    np.testing.assert_allclose(crossbar.load_device(path, cycle=2).conductance, CURVES[1], rtol=1e-6)
