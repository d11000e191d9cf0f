"""A depression file whose direction or operation column gives its own pulses alone (probe 29a, D29-5).

Since D28-15 a potentiation file so written (`+`, `SET` after an empty first cell) is read beside a depression file;
the depression file so written (`-`, `dep`, `RESET`) was refused as "the potentiating train needs at least one pulse
before the depressing one; a file of the depression branch alone ... needs no direction column: drop it". It is read
as the same file without the column; a lone file that depresses first, and a pair given the other way round, are
refused saying so.
"""

from __future__ import annotations

import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError

UP = [1.0, 1.5, 1.8, 2.0, 2.1]       # uS: the initial read, then four potentiating pulses
DOWN = [2.0, 1.6, 1.3, 1.1, 1.05]    # uS: the top, then four depressing pulses


def table(folder, header, rows, name):
    path = folder / name
    path.write_text(header + "\n" + "\n".join(",".join(str(c) for c in row) for row in rows) + "\n")
    return path


def branches(device):
    return device.conductance.tolist(), device.depression.tolist()


@pytest.mark.parametrize("column, word", [("direction", "-"), ("sign", "dep"), ("operation", "RESET"),
                                          ("mode", "LTD"), ("sign", "-1"), ("pulse direction", "down")])
def test_a_depression_files_own_direction_column_is_read_as_without_it(tmp_path, column, word):
    up = table(tmp_path, "pulse,G (uS)", list(enumerate(UP)), "up.csv")
    plain = table(tmp_path, "pulse,G (uS)", list(enumerate(DOWN)), "plain.csv")
    down = table(tmp_path, f"pulse,{column},G (uS)", [(k, word if k else "", g) for k, g in enumerate(DOWN)],
                 "down.csv")
    read, control = load_device(up, depression=down), load_device(up, depression=plain)
    assert branches(read) == branches(control) and read.two_way


def test_a_depression_file_of_two_cycles_with_a_direction_column_is_read(tmp_path):
    up = table(tmp_path, "pulse,G (uS)", list(enumerate(UP)), "up.csv")
    rows = [(k, "-" if k else "", g, round(g * 1.01, 4)) for k, g in enumerate(DOWN)]
    down = table(tmp_path, "pulse,direction,G (uS) cycle 1,G (uS) cycle 2", rows, "down.csv")
    plain = table(tmp_path, "pulse,G (uS) cycle 1,G (uS) cycle 2", [(k, g, h) for k, _, g, h in rows], "plain.csv")
    assert branches(load_device(up, depression=down)) == branches(load_device(up, depression=plain))


def test_a_lone_file_that_depresses_first_is_pointed_to_depression_file(tmp_path):
    down = table(tmp_path, "pulse,direction,G (uS)", [(k, "-" if k else "", g) for k, g in enumerate(DOWN)], "d.csv")
    with pytest.raises(DeviceFileError) as caught:
        load_device(down)
    assert str(caught.value) == (f"{down}, line 3: the first pulse after the initial state depresses; expected a "
                                 "potentiating train first, then optionally a depressing one (a file of the depression "
                                 "branch alone goes beside its potentiation file: --depression-file, API depression=)")


def test_files_given_the_other_way_round_are_told_so(tmp_path):
    up = table(tmp_path, "pulse,direction,G (uS)", [(k, "+" if k else "", g) for k, g in enumerate(UP)], "up.csv")
    down = table(tmp_path, "pulse,direction,G (uS)", [(k, "-" if k else "", g) for k, g in enumerate(DOWN)], "dn.csv")
    with pytest.raises(DeviceFileError, match=r"dn.csv: its direction column gives depressing pulses only; with a "
                                              r"separate depression file, expected the potentiation branch here: are "
                                              r"the two files swapped\?$"):
        load_device(down, depression=up)
    assert branches(load_device(up, depression=down))[1] == [g * 1e-6 for g in DOWN]
    # a depression file that holds both branches is still refused, as "holds ... too"
    rows = [(k, "+" if k else "", g) for k, g in enumerate(UP)] + [(len(UP) + k, "-", g)
                                                                   for k, g in enumerate(DOWN[1:])]
    both = table(tmp_path, "pulse,direction,G (uS)", rows, "both.csv")
    with pytest.raises(DeviceFileError, match=r"both.csv: holds potentiating pulses too; with a separate depression "
                                              r"file, each file holds one branch$"):
        load_device(table(tmp_path, "pulse,G (uS)", list(enumerate(UP)), "plain.csv"), depression=both)
