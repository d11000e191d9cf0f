"""Probe 19a, C8, C9, B1, X1 and their leftovers (issue 20): one reading of ``--cycle K`` for one measurement.

C8: cycles named from 0 with a gap (``cycle 0, 1, 3``: a bad cycle dropped) were no longer 0 ... n - 1, and K took
the one *named* K: ``--cycle 1`` the second cycle, where the same file without the gap gives the first; the API's
``cycle=0`` loaded the one named 0, which the command line refuses; over ``cycle 0, cycle 2`` the first cycle could
not be chosen; with ``--depression-file`` the two branches came from different cycles. Decided: wherever 0 is among
the numbers, cycle K is the one named K - 1 (as for 0 ... n - 1), so dropping a cycle moves no other; a K whose
K - 1 no column or block names is refused, and so is K < 1.
C9: a first column with no mark beside one marked 0 (``G (uS),G (uS) c0``) was called cycle 1, and ``--cycle 1``
took the ``c0`` column. It is refused as it is beside a column marked 1 (with or without K).
B1: instrument blocks whose ``Cycle:`` value or ``#`` note was not read (``3.0``, ``+3``, ``3 (LTP)``, ``# Cycle 3
(LTP)``) were kept as text and K counted the blocks: over blocks saved newest first, ``--cycle 1`` took the last
cycle. ``cycle 3``, ``c3`` and ordinals (``3rd``, ``# 3rd cycle``) are now read; any other cycle key or note that
gives a number refuses an explicit K naming its line. Two blocks naming one cycle among others are refused without
K too, as two such columns are.
X1: ``cycle ①`` and cycle numbers of 4,301+ digits raised Python's own ValueError (no file, no column).
Leftovers: ``cycle 1.5`` and ``cycle -1`` were read as cycles 1 (and 2, 3...) by their whole part; ``batch N`` was
read as a cycle (a batch is a fabrication lot: other devices).
"""

import re

import numpy as np
import pytest

import crossbar
from crossbar.cli import main
from crossbar.devices import DeviceFileError
from crossbar.devices.columns import MAX_NAME
from test_hostile_probe18_instrument import CURVES, _blocks

PULSES = np.arange(6)
RISE = 1 + 0.4 * (1 - np.exp(-PULSES / 2))


def _cycle(j):
    """Cycle named j of one measurement, uS: 1 + 0.1 j at pulse 0 (distinct for every j)."""
    return (1.0 + 0.1 * j) * RISE


def _table(tmp_path, numbers, form="G (uS) cycle {}", name="c.csv", falling=False):
    names = ["G (uS)" if j is None else form.format(j) for j in numbers]
    curves = [_cycle(9 if j is None else int(j)) for j in numbers]
    curves = [c[::-1] for c in curves] if falling else curves
    rows = [",".join([str(m)] + [f"{c[m]:.6f}" for c in curves]) for m in PULSES]
    path = tmp_path / name
    path.write_text("\n".join([",".join(["pulse"] + names), *rows]) + "\n")
    return path


# --- C8: 0-based numbers with a gap ------------------------------------------------------------------------------

GAPS = {"0,1,3": [0, 1, 3], "3,0,1": [3, 0, 1], "1,3,0": [1, 3, 0], "0,2": [0, 2], "2,0": [2, 0]}


@pytest.mark.parametrize("form", ["G (uS) cycle {}", "G (uS) c{}", "G (uS) run {}", "G (uS) #{}"])
@pytest.mark.parametrize("gap", GAPS)
def test_cycle_k_is_the_one_named_k_minus_1_where_0_is_among_numbers_with_a_gap(tmp_path, gap, form):
    numbers = GAPS[gap]
    path = _table(tmp_path, numbers, form)
    for named in numbers:
        device = crossbar.load_device(path, cycle=named + 1)
        np.testing.assert_allclose(device.conductance, _cycle(named) * 1e-6, rtol=1e-6)
        assert device.metadata["cycle_column"].endswith(f"which names cycle {named})")


@pytest.mark.parametrize("gap", GAPS)
def test_a_k_whose_cycle_k_minus_1_is_missing_and_k_0_are_refused_listing_the_ks(tmp_path, gap):
    numbers = GAPS[gap]
    path = _table(tmp_path, numbers)
    expected = ", ".join(str(j + 1) for j in sorted(numbers))
    for cycle in [0, -1] + [k for k in range(1, max(numbers) + 3) if k - 1 not in numbers]:
        with pytest.raises(ValueError, match=f"counted from 1 by K .*expected one of {expected}$"):
            crossbar.load_device(path, cycle=cycle)


def test_the_command_line_takes_the_one_named_0_for_cycle_1_and_refuses_a_missing_one(tmp_path, capsys):
    path = _table(tmp_path, [0, 1, 3])
    assert main(["device", "--device", str(path), "--cycle", "1"]) == 0
    assert "cycle_column 'G (uS) cycle 0' (value column 1 of 3, which names cycle 0)" in capsys.readouterr().out
    assert main(["device", "--device", str(path), "--cycle", "3"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--cycle 3:" in err and "none names 2: expected one of 1, 2, 4" in err


@pytest.mark.parametrize("down", [[3, 0, 1], [0, 1, 3], [2, 0]])
def test_both_branches_come_from_the_same_cycle_with_a_depression_file(tmp_path, down):
    """c8_pot.csv (0, 1, 2) with c8_dep.csv (3, 0, 1), --cycle 1: potentiation from cycle 0, depression from 1."""
    up = _table(tmp_path, [0, 1, 2], name="up.csv")
    dep = _table(tmp_path, down, name="down.csv", falling=True)
    device = crossbar.load_device(up, depression=dep, cycle=1)
    np.testing.assert_allclose(device.conductance, _cycle(0) * 1e-6, rtol=1e-6)
    np.testing.assert_allclose(device.depression, _cycle(0)[::-1] * 1e-6, rtol=1e-6)
    assert device.metadata["depression_metadata"]["cycle_column"].endswith("which names cycle 0)")


@pytest.mark.parametrize("names", [[0, 2, 3], [3, 0, 1], [2, 0]])
def test_blocks_named_from_0_with_a_gap_take_the_one_named_k_minus_1(tmp_path, names):
    path = _blocks(tmp_path, names)
    for named in names:
        device = crossbar.load_device(path, cycle=named + 1)
        np.testing.assert_allclose(device.conductance, CURVES[names.index(named)], rtol=1e-6)
        assert f"which names cycle {named} ('Cycle: {named}'" in device.metadata["cycle_block"]
    for cycle in (0, max(names) + 2):
        with pytest.raises(ValueError, match="counted from 1 by K"):
            crossbar.load_device(path, cycle=cycle)


@pytest.mark.parametrize("numbers", [[0, 1, 2], [2, 0, 1], [1, 2, 3], [3, 1, 2]])
def test_guard_cycles_without_a_gap_read_as_before(tmp_path, numbers):
    path = _table(tmp_path, numbers)
    shift = 1 if 0 in numbers else 0
    for named in numbers:
        device = crossbar.load_device(path, cycle=named + shift)
        np.testing.assert_allclose(device.conductance, _cycle(named) * 1e-6, rtol=1e-6)


# --- C9: an unmarked first column beside a column marked 0 --------------------------------------------------------

@pytest.mark.parametrize("form", ["G (uS) cycle {}", "G (uS) c{}", "G (uS) #{}", "G (uS) run {}", "G (uS) ({})",
                                  "G_c{} (uS)"])
@pytest.mark.parametrize("marks", [[0], [0, 2], [2, 0], [0, 2, 3]])
@pytest.mark.parametrize("cycle", [None, 1, 2])
def test_a_first_column_with_no_mark_beside_cycle_0_is_refused(tmp_path, marks, form, cycle):
    path = _table(tmp_path, [None] + marks, form)
    with pytest.raises(DeviceFileError) as refused:
        crossbar.load_device(path, cycle=cycle)
    message = str(refused.value)
    assert "line 1: column 'G (uS)' (column 2, value column 1 of" in message
    assert f"column {form.format(0)!r} (column {marks.index(0) + 3}" in message and "names cycle 0:" in message


def test_guard_a_first_column_with_no_mark_beside_cycles_from_2_is_cycle_1(tmp_path):
    path = _table(tmp_path, [None, 3, 2])
    np.testing.assert_allclose(crossbar.load_device(path, cycle=1).conductance, _cycle(9) * 1e-6, rtol=1e-6)
    np.testing.assert_allclose(crossbar.load_device(path, cycle=3).conductance, _cycle(3) * 1e-6, rtol=1e-6)


# --- B1: instrument blocks whose cycle key or note is not read -----------------------------------------------------

UNREAD = ["{}.0", "+{}", "{} (LTP)", "{}e0", "-{}", "{}.5", "{} 1"]


@pytest.mark.parametrize("key", ["Cycle", "Run"])
@pytest.mark.parametrize("value", UNREAD)
def test_a_cycle_key_whose_number_is_not_read_refuses_an_explicit_k_naming_its_line(tmp_path, value, key):
    path = _blocks(tmp_path, [value.format(j) for j in (3, 2, 1)], key)
    for cycle in (1, 3):
        with pytest.raises(ValueError) as refused:
            crossbar.load_device(path, cycle=cycle)
        message = str(refused.value)
        assert f"'{key}: {value.format(3)}' at line 11 names its cycle in a form that is not read" in message
        assert f"which block is cycle {cycle} is not in the file" in message


@pytest.mark.parametrize("note", ["# Cycle {} (LTP)", "# cycle {}.0", "# Run {} at 300 K", "# cycle +{}"])
def test_a_cycle_note_whose_number_is_not_read_refuses_an_explicit_k_naming_its_line(tmp_path, note):
    path = _blocks(tmp_path, [3, 2, 1], note=note)
    with pytest.raises(ValueError, match=re.escape(f"'{note.format(3)}' at line 1 names its cycle in a form")):
        crossbar.load_device(path, cycle=1)


@pytest.mark.parametrize("value", UNREAD)
def test_guard_blocks_whose_cycle_is_not_read_load_as_their_median_without_k(tmp_path, value):
    path = _blocks(tmp_path, [value.format(j) for j in (3, 2, 1)])
    np.testing.assert_allclose(crossbar.load_device(path).conductance, np.median(CURVES, axis=0), rtol=1e-6)


@pytest.mark.parametrize("value", ["cycle {}", "Cycle {}", "c{}", "run {}", "ORD"])
def test_a_cycle_value_with_its_word_or_as_an_ordinal_is_read(tmp_path, value):
    ordinal = {1: "1st", 2: "2nd", 3: "3rd"}
    path = _blocks(tmp_path, [ordinal[j] if value == "ORD" else value.format(j) for j in (3, 2, 1)])
    device = crossbar.load_device(path, cycle=1)
    np.testing.assert_allclose(device.conductance, CURVES[2], rtol=1e-6)
    assert device.metadata["cycle_block"].startswith("block 3 of 3 (from line 211), which names cycle 1")


@pytest.mark.parametrize("note", ["# {}rd cycle", "# {}rd run", "# --- {}rd sweep ---"])
def test_a_note_naming_an_ordinal_cycle_is_read(tmp_path, note):
    path = _blocks(tmp_path, [3, 2, 1], note=note)  # '3rd', '2rd', '1rd': the ordinal's ending is not judged
    np.testing.assert_allclose(crossbar.load_device(path, cycle=1).conductance, CURVES[2], rtol=1e-6)


@pytest.mark.parametrize("key, value", [("Cycles", "3"), ("Number of Cycles", "3"), ("Cycle Count", "3"),
                                        ("Sweep", "forward"), ("Cycle", "")])
def test_guard_count_keys_and_words_stay_text_and_k_counts_the_blocks(tmp_path, key, value):
    path = _blocks(tmp_path, [value] * 3, key)
    for cycle in (1, 3):
        np.testing.assert_allclose(crossbar.load_device(path, cycle=cycle).conductance, CURVES[cycle - 1], rtol=1e-6)


def test_the_command_line_refuses_an_unread_block_name_in_one_line(tmp_path, capsys):
    path = _blocks(tmp_path, ["3.0", "2.0", "1.0"])
    assert main(["device", "--device", str(path), "--cycle", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--cycle 1: in " in err and "'Cycle: 3.0' at line 11" in err


def test_a_block_cycle_number_of_5000_digits_is_not_read_naming_its_line(tmp_path):
    path = _blocks(tmp_path, [str(j) * 5000 for j in (3, 2, 1)])
    with pytest.raises(ValueError, match="at line 11 names its cycle in a form that is not read"):
        crossbar.load_device(path, cycle=1)


@pytest.mark.parametrize("names", [[1, 2, 2], [2, 1, 2], [0, 0, 1]])
def test_blocks_naming_one_cycle_twice_are_refused_without_k_naming_both_lines(tmp_path, names):
    path = _blocks(tmp_path, names)
    twice = next(j for j in names if names.count(j) > 1)
    first, second = [i for i, j in enumerate(names) if j == twice]
    with pytest.raises(DeviceFileError) as refused:
        crossbar.load_device(path)
    message = str(refused.value)
    assert f"the blocks from lines {1 + 105 * first} and {1 + 105 * second} both name cycle {twice}" in message
    assert f"'Cycle: {twice}' at line {11 + 105 * first}" in message and "one block saved twice?" in message


@pytest.mark.parametrize("names", [[1, 1, 1], [0, 0, 0]])
def test_guard_blocks_that_all_name_one_cycle_are_counted(tmp_path, names):
    path = _blocks(tmp_path, names)
    np.testing.assert_allclose(crossbar.load_device(path).conductance, np.median(CURVES, axis=0), rtol=1e-6)
    np.testing.assert_allclose(crossbar.load_device(path, cycle=2).conductance, CURVES[1], rtol=1e-6)


# --- X1 and the leftovers: cycle numbers in a form that is not read ----------------------------------------------

ODD = {"circled": ["\u2460", "\u2461", "\u2462"], "4301 digits": ["1" * 4301, "2" * 4301, "3" * 4301],
       "5000 digits": ["1" * 5000, "2" * 5000, "3" * 5000], "10 digits": ["1" * 10, "2" * 10, "3" * 10],
       "decimal": ["1.5", "2.5", "3.5"], "decimal .0": ["1.0", "2.0", "3.0"], "minus": ["-1", "-2", "-3"],
       "plus": ["+1", "+2", "+3"]}


@pytest.mark.parametrize("form", ["G (uS) cycle {}", "G (uS) run {}", "G (uS) sweep no. {}"])
@pytest.mark.parametrize("odd", ODD)
@pytest.mark.parametrize("cycle", [None, 1])
def test_a_cycle_number_not_read_is_refused_naming_the_column(tmp_path, odd, form, cycle):
    names = [form.format(j) for j in ODD[odd]]
    path = tmp_path / "odd.csv"
    path.write_text(",".join(["pulse"] + names) + "\n" + "".join(
        f"{m}," + ",".join(f"{_cycle(j)[m]:.6f}" for j in range(3)) + "\n" for m in PULSES))
    with pytest.raises(DeviceFileError) as refused:
        crossbar.load_device(path, cycle=cycle)
    message = str(refused.value)
    if len(names[1]) > MAX_NAME:  # refused for its length before its cycle is read (probe 25a, D25-6)
        assert f"line 1: column '{names[0][:20]}" in message and f"has a name of {len(names[0]):,} characters" in message
        return
    assert "line 1: column " in message and "(column 3, value column 2 of 3) names its cycle as " in message
    assert "which is not read: expected a whole number in digits 0-9, at most 9 of them" in message


@pytest.mark.parametrize("form", ["G (uS) c{}", "G (uS) #{}", "G (uS) ({})", "G (uS) {}"])
def test_circled_digits_in_every_mark_form_are_refused_naming_the_column(tmp_path, form, capsys):
    names = [form.format(j) for j in ODD["circled"]]
    path = tmp_path / "circled.csv"
    path.write_text(",".join(["pulse"] + names) + "\n" + "".join(
        f"{m}," + ",".join(f"{_cycle(j)[m]:.6f}" for j in range(3)) + "\n" for m in PULSES))
    assert main(["device", "--device", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"column {names[1]!r} (column 3" in err and "names its cycle as" in err


@pytest.mark.parametrize("names", [["G (uS) cycle-1", "G (uS) cycle-2"], ["G (uS) -1", "G (uS) -2"],
                                   ["G (uS) c1", "G (uS) c2"], ["G (uS) cycle 01", "G (uS) cycle 02"],
                                   ["G (uS) cycle \uff11", "G (uS) cycle \uff12"], ["G (uS).1", "G (uS).2"]])
def test_guard_marks_that_are_whole_numbers_still_load(tmp_path, names):
    path = tmp_path / "ok.csv"
    path.write_text(",".join(["pulse"] + names) + "\n" + "".join(
        f"{m}," + ",".join(f"{_cycle(j)[m]:.6f}" for j in range(2)) + "\n" for m in PULSES))
    np.testing.assert_allclose(crossbar.load_device(path, cycle=2).conductance, _cycle(1) * 1e-6, rtol=1e-6)


@pytest.mark.parametrize("form", ["G (uS) batch {}", "G (uS) (batch {})", "G (uS) batch{}"])
def test_a_batch_is_no_cycle(tmp_path, form):
    path = _table(tmp_path, [1, 2, 3], form)
    with pytest.raises(DeviceFileError, match="this one names none, so it may be a statistic, a model, a condition"):
        crossbar.load_device(path)
