"""Two-way tables as instruments and people write their direction columns (probe 27a, judgement family e3).

- A direction column named `pulse direction` or `sign` was refused as a value column that names no unit.
- The operation words (`dep`, `LTD`, `pot`, `LTP`) under `direction` were refused, though `SET` and `RESET` were read
  there and all of them under `operation`.
- A depression train numbered 1, 2, ... after a potentiation train 0, 1, ... (each train's own pulse count) was
  "pulse number 1 appears twice".
"""

from __future__ import annotations

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError

UP = [10.0, 14.0, 17.0, 19.0, 20.0, 20.5]       # uS: the initial read, then five potentiating pulses
DOWN = [16.0, 13.0, 11.5, 10.8, 10.4]             # uS: five depressing pulses


def table(tmp_path, header, rows, name="d.csv"):
    path = tmp_path / name
    path.write_text(header + "\n" + "\n".join(",".join(str(c) for c in row) for row in rows) + "\n")
    return path


def continuous(words=("+", "-")):
    return [(k, words[0] if k else "", g) for k, g in enumerate(UP)] + \
        [(len(UP) + k, words[1], g) for k, g in enumerate(DOWN)]


def restarted(words=("+", "-")):
    return [(k, words[0] if k else "", g) for k, g in enumerate(UP)] + \
        [(k + 1, words[1], g) for k, g in enumerate(DOWN)]


def branches(device):
    return device.conductance.tolist(), device.depression.tolist()


@pytest.fixture
def reference(tmp_path):
    return branches(load_device(table(tmp_path, "pulse,direction,G (uS)", continuous(), "ref.csv")))


def test_the_reference_file_is_two_way(reference):
    up, down = reference
    assert up == pytest.approx([g * 1e-6 for g in UP], rel=1e-12)
    assert down == pytest.approx([g * 1e-6 for g in [UP[-1]] + DOWN], rel=1e-12)


@pytest.mark.parametrize("name", ["pulse direction", "sign", "Pulse_Direction", "pulse polarity", "sign (+/-)"])
def test_a_direction_column_under_another_common_name_is_read(tmp_path, reference, name):
    assert branches(load_device(table(tmp_path, f"pulse,{name},G (uS)", continuous()))) == reference


@pytest.mark.parametrize("words", [("pot", "dep"), ("LTP", "LTD"), ("SET", "dep"), ("up", "reset"),
                                   ("potentiation", "depression")])
def test_operation_words_under_a_direction_column_are_read(tmp_path, reference, words):
    assert branches(load_device(table(tmp_path, "pulse,direction,G (uS)", continuous(words)))) == reference


def test_an_unknown_direction_word_names_the_words_read(tmp_path):
    rows = continuous()
    rows[8] = (rows[8][0], "fall", rows[8][2])
    with pytest.raises(DeviceFileError) as caught:
        load_device(table(tmp_path, "pulse,direction,G (uS)", rows))
    assert str(caught.value) == (f"{tmp_path / 'd.csv'}, line 10: direction 'fall': expected + / up / 1 / SET / LTP / "
                                 "pot (potentiating), - / down / -1 / RESET / LTD / dep (depressing), or 0 / empty / "
                                 "start / initial for the initial state")


def test_pulses_numbered_within_each_train_read_as_numbered_throughout(tmp_path, reference):
    device = load_device(table(tmp_path, "pulse,direction,G (uS)", restarted()))
    assert branches(device) == reference
    assert "within each train" in device.metadata["pulses"]


def test_a_train_in_any_order_within_itself(tmp_path, reference):
    rows = restarted()
    shuffled = rows[:1] + rows[1:6][::-1] + rows[6:][::-1]  # each train's rows backwards, trains in their place
    assert branches(load_device(table(tmp_path, "pulse,direction,G (uS)", shuffled))) == reference


def test_a_voltage_direction_column_numbers_its_trains_too(tmp_path, reference):
    rows = [(p, {"+": 2.0, "-": -2.0, "": 0.0}[w], g) for p, w, g in restarted()]
    assert branches(load_device(table(tmp_path, "pulse,V (V),G (uS)", rows))) == reference


@pytest.mark.parametrize("case", ["later train from 0", "rows of a train away from it", "no direction column",
                                  "first train from 1"])
def test_numbers_that_are_no_train_count_stay_refused(tmp_path, case):
    rows = restarted()
    header = "pulse,direction,G (uS)"
    if case == "later train from 0":
        rows = rows[:6] + [(k, "-", g) for k, g in enumerate(DOWN)]
    elif case == "rows of a train away from it":
        rows = rows[:4] + rows[6:8] + rows[4:6] + rows[8:]
    elif case == "no direction column":
        rows = [(p, g) for p, _, g in rows]
        header = "pulse,G (uS)"
    else:
        rows = [(p + 1, w, g) for p, w, g in rows[:6]] + rows[6:]
    with pytest.raises(DeviceFileError, match=r"pulse number \d appears twice \(first on line \d+\)"):
        load_device(table(tmp_path, header, rows))


def test_a_one_way_file_with_a_sign_column_of_one_sign_is_one_way(tmp_path):
    rows = [(k, "+" if k else "", g) for k, g in enumerate(UP)]
    device = load_device(table(tmp_path, "pulse,sign,G (uS)", rows))
    assert not device.two_way and np.allclose(device.conductance, np.array(UP) * 1e-6, rtol=1e-12)


def test_a_cycle_the_file_lacks_is_the_arguments_error_not_the_files(tmp_path):
    """A decision RELIABILITY.md states: the file is fine, the argument is not (probe 27a's e2 family)."""
    path = table(tmp_path, "pulse,direction,G (uS) cycle 1,G (uS) cycle 2", [(p, w, g, g) for p, w, g in continuous()])
    with pytest.raises(ValueError) as caught:
        load_device(path, cycle=3)
    assert not isinstance(caught.value, DeviceFileError)
    assert str(caught.value) == f"cycle = 3: {path} has 2 cycles; expected 1 ... 2"
    assert load_device(path).two_way


# Probe 28a, D28-15: a potentiation file whose direction (or operation) column holds its own branch's pulses alone,
# given with a depression file, was refused as "holds depressing pulses too": it holds none.

def pair(folder, header, rows):
    folder.mkdir(exist_ok=True)
    return table(folder, header, rows, "up.csv"), table(folder, "pulse,G (uS)", list(enumerate(DOWN)), "down.csv")


@pytest.mark.parametrize("header, word", [("pulse,direction,G (uS)", "+"), ("pulse,operation,G (uS)", "SET"),
                                          ("pulse,sign,G (uS)", "pot")])
def test_a_direction_column_of_the_files_own_branch_reads_beside_a_depression_file(tmp_path, header, word):
    up, down = pair(tmp_path, header, [(k, word if k else "", g) for k, g in enumerate(UP)])
    plain, _ = pair(tmp_path / "plain", "pulse,G (uS)", list(enumerate(UP)))
    read, control = load_device(up, depression=down), load_device(plain, depression=down)
    assert branches(read) == branches(control) and read.two_way


def test_a_file_of_both_branches_given_with_a_depression_file_is_still_refused(tmp_path):
    up, down = pair(tmp_path, "pulse,direction,G (uS)", continuous())
    with pytest.raises(DeviceFileError, match=r"up.csv: holds depressing pulses too; with a separate depression file, "
                                              r"each file holds one branch$"):
        load_device(up, depression=down)
    with pytest.raises(DeviceFileError, match=r"up.csv: holds potentiating pulses too; with a separate depression "
                                              r"file, each file holds one branch$"):
        load_device(table(tmp_path, "pulse,G (uS)", list(enumerate(UP)), "p.csv"), depression=up)
