"""Probe 24a, D24-6 and D24-1: one cycle measured again and again, written in one column, where the later cycles do
not start on the first cycle's first read.

D24-6: each later cycle saved from its first pulse's read on, not its start read (7.8 -> 78 uS, then 22.1 -> 77.9 uS:
1,157 of the probe's files). D24-1: one or two reset reads at or below the first read between the cycles (728). Both
loaded as one saw-tooth potentiation (or depression) curve with status 0: the restart rules looked for a fall to the
first read, followed by the first cycle's reads from its first. The later reads repeating the first cycle's from its
read 1, or from its read 0 after the reset reads, are several cycles now; a dropout to those levels is not.
"""

import numpy as np
import pytest

import crossbar
from crossbar import DeviceFileError
from crossbar.devices import checks


def _cycle(n, tau, g0=7.8e-6, ratio=10.0):
    return g0 * (1 + (ratio - 1) * (1 - np.exp(-np.arange(n) / tau)) / (1 - np.exp(-(n - 1) / tau)))


def _write(path, g, header="pulse,G (uS)"):
    path.write_text(header + "\n" + "".join(f"{i},{v * 1e6:.8g}\n" for i, v in enumerate(g)), encoding="utf-8")
    return path


@pytest.mark.parametrize("copies", [2, 3])
@pytest.mark.parametrize("n, tau", [(11, 3.0), (8, 2.0), (20, 5.0)])
def test_cycles_saved_from_their_first_pulse_in_one_column_are_refused(tmp_path, copies, n, tau):
    first = _cycle(n, tau)
    g = np.concatenate([first] + [first[1:]] * (copies - 1))
    with pytest.raises(DeviceFileError, match=rf"line {n + 2}: the potentiation branch falls .* and then rises again: "
                                              r"several cycles in one column\?"):
        crossbar.load_device(_write(tmp_path / "device.csv", g))


@pytest.mark.parametrize("resets", [1, 2])
@pytest.mark.parametrize("n, tau", [(8, 1.6), (6, 1.0), (12, 3.0)])
def test_cycles_with_reset_reads_between_them_in_one_column_are_refused(tmp_path, resets, n, tau):
    first = _cycle(n, tau, ratio=2.0)
    g = np.concatenate([first, first[0] * np.linspace(0.9, 0.95, resets), first])
    with pytest.raises(DeviceFileError, match=rf"line {n + 2}: the potentiation branch falls .* several cycles"):
        crossbar.load_device(_write(tmp_path / "device.csv", g))


def test_a_depression_branch_falling_again_from_its_first_pulse_is_refused(tmp_path):
    """The same in a depression file: each later fall saved from its first pulse's read on."""
    up = _write(tmp_path / "up.csv", _cycle(10, 3.0, g0=6.2e-6, ratio=4.8))
    fall = _cycle(10, 2.5, g0=6.2e-6, ratio=4.8)[::-1]
    down = _write(tmp_path / "down.csv", np.concatenate([fall, fall[1:]]))
    with pytest.raises(DeviceFileError, match=r"down\.csv.*line 12: the depression branch rises .* several cycles"):
        crossbar.load_device(up, depression=down)


def test_noisy_single_curves_and_dropouts_are_no_restart():
    """6,000 seeded curves: saturating at any speed, 0-30 % read noise, one-way and as depression branches, a
    third with a dropout of 1-4 reads to read 1's or below read 0's level: the rule takes none for a restart."""
    rng = np.random.default_rng(2424)
    taken = []
    for trial in range(6000):
        n = int(rng.integers(6, 41))
        shape = 1 - np.exp(-(np.arange(n) / rng.uniform(0.3, 10)) ** rng.uniform(0.6, 1.5))
        g = 1e-6 * (1 + rng.uniform(0.2, 29) * shape)
        g = g * (1 + rng.choice([0, rng.uniform(0.001, 0.1), rng.uniform(0.1, 0.3)]) * rng.standard_normal(n))
        if trial % 3 == 1 and n > 8:
            at = int(rng.integers(3, n - 2))
            g[at:at + int(rng.integers(1, min(4, n - at - 1) + 1))] = g[1] if trial % 2 else g[0] * 0.9
        g = np.abs(g) + 1e-9
        rising = trial % 3 != 2
        way = g if rising else -g[::-1]
        drop = way[:-1] - way[1:]
        sd = 0.6052 * float(np.median(np.abs(np.diff(way, 2))))
        if checks._repeats_shifted(way, drop, set(), sd) is not None:
            taken.append(trial)
    assert not taken, taken[:10]


@pytest.mark.parametrize("sets", [1, 2])
def test_a_two_way_table_whose_depression_copies_follow_set_reads_without_their_start_is_refused(tmp_path, sets):
    """Both at once (probe 24a, n13): a two-way table whose depression branch is one fall measured again after one
    or two 'set' reads above its top, each copy saved from its first depressing pulse's read on."""
    rise = _cycle(9, 1.5, g0=6.7e-6, ratio=1.3)
    fall = rise[-1] - (rise[-1] - 7.0e-6) * (1 - np.exp(-np.arange(1, 15) / 3.0))
    g = np.concatenate([rise, fall, np.full(sets, 1.15 * rise[-1]), fall, np.full(sets, 1.12 * rise[-1]), fall])
    signs = ["start"] + ["+"] * 8 + ["-"] * (g.size - 9)
    path = tmp_path / "device.csv"
    path.write_text("pulse,direction,G (uS)\n" + "".join(f"{i},{s},{v * 1e6:.8g}\n" for i, (s, v) in
                                                           enumerate(zip(signs, g))), encoding="utf-8")
    with pytest.raises(DeviceFileError, match=r"the depression branch rises .* several cycles"):
        crossbar.load_device(path)
