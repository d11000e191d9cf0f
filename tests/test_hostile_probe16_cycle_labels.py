"""Probe 16a, C1: ``--cycle K`` took the K-th column where the labels named their cycles in a form the cycle reader
did not read (``G (uS) (set 2),G (uS) (set 1)`` with ``cycle=1`` loaded the column named 2, status 0). Every label
form the name reader accepts as a cycle's number is read as one, so K takes the column that names K. (``(batch N)``
left the list in issue 20: a batch is a fabrication lot, other devices, not a cycle; test_hostile_probe20_cycles.)"""

import pytest

import crossbar

ROWS = [(0, 1.02, 1.00), (1, 1.22, 1.20), (2, 1.33, 1.30), (3, 1.38, 1.35)]


@pytest.mark.parametrize("label", ["(set {})", "set {}", "(iteration {})", "(pulse train {})", "(loop {})",
                                   "(round {})", "(pass {})", "(block {})", "No. {}", "Nr. {}",
                                   "({})", "{}", "({}{})"])
@pytest.mark.parametrize("cycle, first", [(1, 1.00e-6), (2, 1.02e-6)])
def test_cycle_k_takes_the_column_that_names_k(tmp_path, label, cycle, first):
    if label == "({}{})":
        two, one = "(2nd)", "(1st)"
    else:
        two, one = label.format(2), label.format(1)
    path = tmp_path / "c.csv"
    path.write_text(f"pulse,G (uS) {two},G (uS) {one}\n" + "".join(f"{p},{a},{b}\n" for p, a, b in ROWS))
    assert crossbar.load_device(path, cycle=cycle).conductance[0] == pytest.approx(first)


def test_guard_columns_named_in_order_still_count_in_order(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("pulse,G (uS) (set 1),G (uS) (set 2)\n" + "".join(f"{p},{a},{b}\n" for p, a, b in ROWS))
    assert crossbar.load_device(path, cycle=1).conductance[0] == pytest.approx(1.02e-6)
