"""--cycle K (API cycle=K) on value columns that name their cycle by an ordinal or 'no.' (stop 36's note):
``G (uS) (2nd cycle),G (uS) (1st cycle)`` with ``--cycle 1`` took the first column, the 2nd cycle's, with status 0,
because only 'cycle 2', 'c2', '#2' were read as names. A refusal of K names the file it was given."""

from __future__ import annotations

import pytest

from crossbar.devices.cycle_names import named_cycles
from crossbar.devices.files import load_device
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

ROWS = [(0, 1.0, 10.0), (1, 2.0, 20.0), (2, 3.0, 30.0), (3, 3.5, 35.0)]


def _file(tmp_path, first, second):
    path = tmp_path / "cycles.csv"
    path.write_text(f"pulse,{first},{second}\n" + "".join(f"{p},{a:g},{b:g}\n" for p, a, b in ROWS))
    return path


@pytest.mark.parametrize("first, second", [
    ("G (uS) (2nd cycle)", "G (uS) (1st cycle)"),
    ("G (uS) 2nd cycle", "G (uS) 1st cycle"),
    ("G (uS) (2nd run)", "G (uS) (1st run)"),
    ("G (uS) cycle no. 2", "G (uS) cycle no. 1"),
    ("G (uS) cycle nr 2", "G (uS) cycle nr 1"),
])
def test_cycle_k_takes_the_column_whose_ordinal_or_number_names_k(tmp_path, first, second):
    path = _file(tmp_path, first, second)
    assert load_device(path, cycle=1).conductance[0] == pytest.approx(10e-6)  # the second column: cycle 1
    assert load_device(path, cycle=2).conductance[0] == pytest.approx(1e-6)
    done = crossbar_cli("device", "--device", path, "--cycle", "1")
    assert done.returncode == 0 and "g from 1e-05 to" in done.stdout, done.stdout + done.stderr


def test_ordinals_are_read_as_numbers_and_counting_names_stay_positions():
    assert named_cycles(["G (uS) (3rd run)", "G (uS) (21st run)"]) == [3, 21]
    assert named_cycles(["G 1st", "G 2nd"]) is None  # an ordinal of nothing names no cycle
    assert named_cycles(["G (uS) (1st cycle)", "G (uS) (2nd cycle)"]) is None  # 1, 2 in order: K counts columns


def test_a_cycle_no_column_names_is_refused_naming_the_file(tmp_path):
    path = _file(tmp_path, "G (uS) (2nd cycle)", "G (uS) (1st cycle)")
    with pytest.raises(ValueError, match=rf"cycle = 3: no value column of {path} names cycle 3"):
        load_device(path, cycle=3)
    assert_one_line_error(crossbar_cli("device", "--device", path, "--cycle", "3"),
                          f"--cycle 3: no value column of {path} names cycle 3")
