"""Probe 18a, C5: cycles named from 0 (``cycle 0, cycle 1, cycle 2``). In column order ``--cycle K`` counted the
columns (K = 1 the one named 0); with the same columns in another order it took the column *named* K, so one K
meant two cycles of one measurement by the order its columns were saved in (302 cases), and the API took
``cycle=0`` on a permuted file that the command line refuses. K now counts the cycles from 1 in every order, for
columns and instrument blocks alike: cycle K is the one named K - 1."""

import numpy as np
import pytest

import crossbar
from test_hostile_probe18_instrument import CURVES, _blocks

PULSES = np.arange(6)
# cycle j (named j) of one measurement: 1 + 0.1 j uS at pulse 0
CYCLE = {j: (1.0 + 0.1 * j) * (1 + 0.4 * (1 - np.exp(-PULSES / 2))) for j in range(3)}
ORDERS = {"in order": [0, 1, 2], "reversed": [2, 1, 0], "permuted": [1, 0, 2]}


def _table(tmp_path, order, form="G (uS) cycle {}"):
    head = ",".join(["pulse"] + [form.format(j) for j in order])
    rows = [",".join([str(m)] + [f"{CYCLE[j][m]:.6f}" for j in order]) for m in PULSES]
    path = tmp_path / "from_zero.csv"
    path.write_text("\n".join([head, *rows]) + "\n")
    return path


@pytest.mark.parametrize("form", ["G (uS) cycle {}", "G (uS) c{}", "G_{} (uS)", "G (uS) run {}"])
@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("cycle", [1, 2, 3])
def test_cycle_k_is_the_one_named_k_minus_1_in_every_order(tmp_path, order, cycle, form):
    device = crossbar.load_device(_table(tmp_path, ORDERS[order], form), cycle=cycle)
    np.testing.assert_allclose(device.conductance, CYCLE[cycle - 1] * 1e-6, rtol=1e-6)
    assert f"{form.format(cycle - 1)!r}" in device.metadata["cycle_column"]


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("cycle", [0, 4])
def test_a_cycle_outside_1_to_n_is_refused_in_every_order(tmp_path, order, cycle):
    with pytest.raises(ValueError, match="expected 1 ... 3"):
        crossbar.load_device(_table(tmp_path, ORDERS[order]), cycle=cycle)


def test_the_report_names_the_cycle_the_column_names(tmp_path):
    device = crossbar.load_device(_table(tmp_path, ORDERS["reversed"]), cycle=1)
    assert device.metadata["cycle_column"] == "'G (uS) cycle 0' (value column 3 of 3, which names cycle 0)"


@pytest.mark.parametrize("names", [[2, 1, 0], [1, 0, 2]])
def test_blocks_named_from_zero_in_another_order_count_from_1(tmp_path, names):
    path = _blocks(tmp_path, names)
    for cycle in (1, 2, 3):
        block = names.index(cycle - 1)  # the block named cycle - 1 holds CURVES[block]
        np.testing.assert_allclose(crossbar.load_device(path, cycle=cycle).conductance, CURVES[block], rtol=1e-6)
    with pytest.raises(ValueError, match="expected 1 ... 3"):
        crossbar.load_device(path, cycle=0)


def test_guard_blocks_named_from_zero_in_order_count_from_1(tmp_path):
    path = _blocks(tmp_path, [0, 1, 2])
    for cycle in (1, 2, 3):
        np.testing.assert_allclose(crossbar.load_device(path, cycle=cycle).conductance, CURVES[cycle - 1], rtol=1e-6)
