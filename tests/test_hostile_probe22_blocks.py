"""Probe 22a, D22-1, D22-2, D22-3 and K1's rest: instrument blocks' cycle labels read as the columns' are.

Three blocks saved as cycles 3, 1, 2, each named by a ``#`` note just above it or a ``Cycle:``-like key. ``--cycle 1``
took the first block (cycle 3) with status 0 where the label was
D22-1: in words or roman numerals with other text after it (``# cycle three (LTP)``, ``# Sweep III (V=1.2)``,
``# iteration three done``, ``Cycle: III (LTP)``);
D22-2: a number word past twelve or a numeral past XXXIX (``thirteen``, ``twenty one``, ``twenty-three``, ``forty``,
``XL``; a fixed list);
D22-3: a label the column grammar reads (``scan 3``, ``measurement #3``, ``block 3``, ``3. cycle``, ``LTP cycle 3``,
``sample 7 cycle 3``);
K1: a letter (``# cycle A``, ``Cycle: B``).
One reader now spells a cycle in words, roman numerals or a letter for the columns and the blocks alike
(:mod:`crossbar.devices.cycle_words`, composed, not listed); such labels are not read, and an explicit K is refused
naming the note or key. A note that is only a cycle word and its number is read (``# scan 3``, ``# 3. Zyklus``); one
with more around it (``# LTP cycle 3``) is refused for K as ``# Cycle 3 (LTP)`` was (probe 19a, B1). Notes that are
text (``# chip 7 wafer 3``, ``# n = 50``, ``# the third cycle was bad``) leave K counting the blocks.
"""

import re

import numpy as np
import pytest

import crossbar
from crossbar.cli import main
from crossbar.devices import DeviceFileError
from crossbar.devices.files import write_pulse_train

M = np.arange(25)
SAVED = (3, 1, 2)  # the cycle each block holds, in file order


def _curve(cycle):
    return 1e-6 * (1 + 0.1 * (cycle - 1)) + 0.4e-6 * (1 + 0.15 * (cycle - 1)) * (1 - np.exp(-M / 6))


def _blocks(tmp_path, labels, note=None, key=None):
    """Blocks holding cycles SAVED, block i labelled labels[i] by the note `note` ('{}' the label) or the key `key`."""
    parts = []
    for i, (cycle, label) in enumerate(zip(SAVED, labels)):
        part = tmp_path / f"part{i}.dat"
        write_pulse_train(part, _curve(cycle), extra_header={key: label} if key else None)
        text = part.read_bytes().decode()
        parts.append(("# " + note.format(label) + "\r\n" if note else "") + text)
    path = tmp_path / "blocks.dat"
    path.write_bytes("".join(parts).encode())
    return path


WORDS = {3: "three", 1: "one", 2: "two", 13: "thirteen", 14: "fourteen", 15: "fifteen", 21: "twenty one",
         22: "twenty two", 23: "twenty three", 40: "forty", 50: "fifty", 60: "sixty"}
ORDINALS = {3: "third", 1: "first", 2: "second", 13: "thirteenth", 11: "eleventh", 12: "twelfth",
            23: "twenty-third", 21: "twenty-first", 22: "twenty-second"}
SPELLED = {  # label sets in file order
    "words": ["three", "one", "two"], "Words": ["Three", "One", "Two"], "roman": ["III", "I", "II"],
    "teens": ["fifteen", "thirteen", "fourteen"], "twenties": ["twenty three", "twenty one", "twenty two"],
    "hyphened": ["twenty-three", "twenty-one", "twenty-two"], "glued": ["twentythree", "twentyone", "twentytwo"],
    "tens": ["forty", "twenty", "thirty"], "ninety": ["ninety-nine", "ninety-seven", "ninety-eight"],
    "roman40": ["XLII", "XL", "XLI"], "romanlow": ["xlii", "xl", "xli"], "roman90": ["XCIX", "LXXX", "LXXXIX"],
    "letters": ["C", "A", "B"],
}

# --- D22-1: words or roman numerals with other text after them --------------------------------------------------

D22_1 = [("cycle {} (LTP)", "words"), ("cycle {}, LTP", "words"), ("Cycle {}: LTP", "roman"),
         ("Sweep {} (V=1.2)", "roman"), ("cycle {} of three", "words"), ("iteration {} done", "words"),
         ("--- Run {} --- LTP", "Words"), ("cycle no. {} (LTP)", "roman"), ("Zyklus {} (LTP)", "words")]


@pytest.mark.parametrize("note, kind", D22_1)
def test_a_note_spelling_its_cycle_with_text_after_it_refuses_k(tmp_path, note, kind):
    path = _blocks(tmp_path, SPELLED[kind], note=note)
    with pytest.raises(ValueError) as refused:
        crossbar.load_device(path, cycle=1)
    message = str(refused.value)
    assert f"{'# ' + note.format(SPELLED[kind][0])!r} at line 1 names its cycle in a form that is not read" in message
    assert "which block is cycle 1 is not in the file" in message


@pytest.mark.parametrize("labels", [["third", "first", "second"], ["Third", "First", "Second"]])
@pytest.mark.parametrize("note", ["{} cycle (LTP)", "{} run, 300 K", "{} measurement (LTP)"])
def test_an_ordinal_word_before_a_cycle_word_with_text_after_refuses_k(tmp_path, note, labels):
    path = _blocks(tmp_path, labels, note=note)
    with pytest.raises(ValueError, match="at line 1 names its cycle in a form that is not read"):
        crossbar.load_device(path, cycle=1)


@pytest.mark.parametrize("value", ["{} (LTP)", "{} - LTP", "{}: LTP"])
@pytest.mark.parametrize("kind", ["words", "roman"])
def test_a_cycle_key_spelling_its_cycle_with_text_after_it_refuses_k(tmp_path, value, kind):
    path = _blocks(tmp_path, [value.format(w) for w in SPELLED[kind]], key="Cycle")
    with pytest.raises(ValueError, match=f"'Cycle: {SPELLED[kind][0]}.*' at line 11 names its cycle in a form"):
        crossbar.load_device(path, cycle=1)


# --- D22-2: number words past twelve, numerals past XXXIX ---------------------------------------------------------

BEYOND = ["teens", "twenties", "hyphened", "glued", "tens", "ninety", "roman40", "romanlow", "roman90"]


@pytest.mark.parametrize("note", ["cycle {}", "Cycle {}", "cycle no. {}", "--- Run {} ---", "sweep {}"])
@pytest.mark.parametrize("kind", BEYOND)
def test_a_note_naming_a_cycle_past_twelve_or_xxxix_refuses_k(tmp_path, note, kind):
    path = _blocks(tmp_path, SPELLED[kind], note=note)
    with pytest.raises(ValueError, match="at line 1 names its cycle in a form that is not read"):
        crossbar.load_device(path, cycle=1)


@pytest.mark.parametrize("key", ["Cycle", "Cycle Number", "Loop", "Run"])
@pytest.mark.parametrize("kind", [k for k in BEYOND if not k.startswith("roman")])  # a key's 'XL' was refused
def test_a_key_naming_a_cycle_past_twelve_in_words_refuses_k(tmp_path, key, kind):
    path = _blocks(tmp_path, SPELLED[kind], key=key)
    with pytest.raises(ValueError, match=f"'{key}: {SPELLED[kind][0]}' at line 11 names its cycle in a form"):
        crossbar.load_device(path, cycle=1)


@pytest.mark.parametrize("labels", [["thirteenth", "fourteenth", "fifteenth"],
                                    ["twenty-third", "twenty-first", "twenty-second"],
                                    ["twenty third", "twenty first", "twenty second"],
                                    ["fortieth", "thirtieth", "50th"]])
def test_an_ordinal_word_past_twelfth_before_a_cycle_word_refuses_k(tmp_path, labels):
    path = _blocks(tmp_path, labels, note="{} cycle")
    with pytest.raises(ValueError, match="at line 1 names its cycle in a form that is not read"):
        crossbar.load_device(path, cycle=1)


# --- D22-3: labels the column grammar reads -----------------------------------------------------------------------

@pytest.mark.parametrize("note", ["scan {}", "Scan {}", "measurement {}", "measurement #{}", "Measurement No. {}",
                                  "block {}", "--- Block {} ---", "{}. cycle", "{}. Zyklus", "meas {}",
                                  "Scan: {}"])
@pytest.mark.parametrize("cycle", [1, 2, 3])
def test_a_note_that_is_only_a_label_the_columns_read_names_the_block(tmp_path, note, cycle):
    path = _blocks(tmp_path, [str(k) for k in SAVED], note=note)
    device = crossbar.load_device(path, cycle=cycle)
    np.testing.assert_allclose(device.conductance, _curve(cycle), rtol=1e-6)
    assert device.metadata["cycle_block"].startswith(f"block {SAVED.index(cycle) + 1} of 3")


@pytest.mark.parametrize("note", ["LTP cycle {}", "sample 7 cycle {}", "IV sweep {}", "device D2, run {}",
                                  "scan {} (LTP)", "measurement {} at 300 K", "forming, then cycle {}"])
def test_a_note_with_a_label_the_columns_read_among_other_words_refuses_k(tmp_path, note):
    path = _blocks(tmp_path, [str(k) for k in SAVED], note=note)
    with pytest.raises(ValueError, match=re.escape(f"{'# ' + note.format(3)!r} at line 1 names its cycle in a form")):
        crossbar.load_device(path, cycle=1)


@pytest.mark.parametrize("key", ["Scan", "Measurement", "Block", "Scan Number"])
def test_a_key_the_columns_read_names_the_block(tmp_path, key):
    path = _blocks(tmp_path, [str(k) for k in SAVED], key=key)
    np.testing.assert_allclose(crossbar.load_device(path, cycle=1).conductance, _curve(1), rtol=1e-6)


# --- K1: letters ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("note", ["cycle {}", "Cycle {} (LTP)", "--- Run {} ---", "sweep {}, LTP"])
@pytest.mark.parametrize("letters", [["C", "A", "B"], ["b", "a", "d"], ["D", "A", "B"]])
def test_blocks_named_by_letters_refuse_k(tmp_path, note, letters):
    path = _blocks(tmp_path, letters, note=note)
    with pytest.raises(ValueError, match="at line 1 names its cycle in a form that is not read"):
        crossbar.load_device(path, cycle=1)


@pytest.mark.parametrize("letters", [["B", "A", "D"], ["b", "a", "e"]])
def test_a_cycle_key_naming_a_letter_refuses_k(tmp_path, letters):
    path = _blocks(tmp_path, letters, key="Cycle")
    with pytest.raises(ValueError, match=f"'Cycle: {letters[0]}' at line 11 names its cycle in a form"):
        crossbar.load_device(path, cycle=1)


# --- one reader: the same words as column names -------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["teens", "twenties", "hyphened", "tens", "letters"])  # columns' 'XL' was refused
def test_columns_spelling_their_cycle_are_refused_naming_the_spelling(tmp_path, kind):
    names = [f"G (uS) cycle {w}" for w in SPELLED[kind]]
    path = tmp_path / "c.csv"
    path.write_text(",".join(["pulse"] + names) + "\n" + "".join(
        f"{m}," + ",".join(f"{_curve(c)[m] * 1e6:.6f}" for c in SAVED) + "\n" for m in M))
    spelled = "|".join(re.escape(repr(w)) for w in SPELLED[kind])
    with pytest.raises(DeviceFileError, match=f"names its cycle as (?:{spelled}), which is not read: write its number "
                                              "in digits"):
        crossbar.load_device(path)


def test_the_command_line_refuses_a_spelled_block_label_in_one_line(tmp_path, capsys):
    path = _blocks(tmp_path, SPELLED["twenties"], note="cycle {} (LTP)")
    assert main(["device", "--device", str(path), "--cycle", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'# cycle twenty three (LTP)' at line 1 names its cycle in a form" in err


# --- guards: labels read, text kept as text (loaded so before and after) ------------------------------------------

@pytest.mark.parametrize("note", ["cycle {}", "Zyklus {}", "{}rd cycle", "--- Run {} ---"])
def test_guard_notes_read_before_still_name_the_block(tmp_path, note):
    path = _blocks(tmp_path, [str(k) for k in SAVED], note=note)
    np.testing.assert_allclose(crossbar.load_device(path, cycle=1).conductance, _curve(1), rtol=1e-6)


TEXT = ["chip 7 wafer {}", "sample {}", "measured 2026-01-0{}", "n = {}0", "N = {}0 pulses", "c = {} uF",
        "Set {} V", "T = 30{} K", "the third cycle was bad {}", "one cycle, {} ms", "cycle CV {}",
        "run a new sample {}", "sweep I-V, {} V", "Sweep V: 0 to {} V", "cycle time {} ms", "device {}", "{}", "G {}"]


@pytest.mark.parametrize("note", TEXT)
def test_guard_notes_that_are_text_leave_k_counting_the_blocks(tmp_path, note):
    labels = [str(k) for k in SAVED] if "{}" in note else ["x"] * 3
    path = _blocks(tmp_path, labels if note != "sample {}" else ["C", "A", "B"], note=note)
    for cycle in (1, 2):
        np.testing.assert_allclose(crossbar.load_device(path, cycle=cycle).conductance, _curve(SAVED[cycle - 1]),
                                   rtol=1e-6)


@pytest.mark.parametrize("kind", ["words", "teens", "roman40", "letters"])
def test_guard_without_k_spelled_blocks_load_as_their_median(tmp_path, kind):
    path = _blocks(tmp_path, SPELLED[kind], note="cycle {} (LTP)")
    np.testing.assert_allclose(crossbar.load_device(path).conductance,
                               np.median([_curve(c) for c in SAVED], axis=0), rtol=1e-6)
