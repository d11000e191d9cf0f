"""Several cycles in one column or block of a saturating device (cause B of notes/probe7.md).

`checks.find_restart` wanted every step of the climb before and after a jump back below 10 x the branch's median
step. A saturating curve's first pulse makes a large share of its window (the measured device SP291D1NR100: 1.06
times that bar; the probe's smooth curve: 9.4 times), so two or three copies of the measured curve in one column,
in one instrument block or in a depression file loaded as one saw-tooth curve of 102 or 153 points with exit 0.
The bar for the climbs now comes from the climb itself. A real single curve (the measured one, the default
device, every preset, every cycle of the example file, noisy curves with dips) must still load, to the same curve.
"""

import re
import subprocess
import sys
import warnings
from pathlib import Path
from unittest.mock import patch

import numpy as np
import pytest

import crossbar
from crossbar.devices import checks
from crossbar.devices.files import DeviceFileError, load_device, write_pulse_train
from crossbar.devices.presets import PRESETS

ROOT = Path(__file__).resolve().parents[1]
#: The probe's smooth curve: 0.45 + 0.075 (1 - exp(-(m / 4)^0.6)) uS, 51 points; its first pulse makes 36 % of it.
PULSES = np.arange(51)
SMOOTH = 4.5e-7 + 7.5e-8 * (1 - np.exp(-(PULSES / 4.0) ** 0.6))
#: The probe's depression branch: 31 points falling from the top of SMOOTH.
FALLING = SMOOTH[-1] - 0.9 * (SMOOTH - SMOOTH[0])[:31]
COLUMN = "several cycles in one column? Give one column per cycle, e.g. 'pulse,G (uS) cycle 1,G (uS) cycle 2'"
BLOCK = "several cycles in one block? Give each cycle its own block (header, column line, rows)"


@pytest.fixture(autouse=True)
def _no_runtime_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        yield


def _column(g, pulses=True):
    """A one-column table of `g` in S, every value as repr writes it (read back bit for bit)."""
    return ("pulse,G (S)\n" if pulses else "G (S)\n") + "".join(
        (f"{m}," if pulses else "") + f"{x!r}\n" for m, x in enumerate(np.asarray(g).tolist()))


def _cli(*argv):
    return subprocess.run([sys.executable, "-m", "crossbar", *map(str, argv)], capture_output=True, text=True,
                          cwd=ROOT)


def _copies(g, factors):
    return np.concatenate([f * g for f in factors])


# ------------------------------------------------------------------ the probe's cases, refused

def _write(tmp_path, kind, g):
    """The files of one case and the command line's arguments: (argv, the file the refusal must name)."""
    if kind == "block":
        path = tmp_path / "train.dat"
        with pytest.raises(ValueError, match=re.escape("several cycles in one curve?")):
            write_pulse_train(path, g)  # the writer refuses it too (probe 8, B): written here with its check off
        with patch.object(checks, "find_restart", lambda g, rising: None):
            write_pulse_train(path, g)
        return ["--device", path], path
    path = tmp_path / "branch.csv"
    path.write_text(_column(g, pulses=kind != "no-pulse-column"))
    if kind != "depression":
        return ["--device", path], path
    up = tmp_path / "up.csv"
    up.write_text(_column(SMOOTH))
    return ["--device", up, "--depression-file", path], path


def _falling(m):
    """The measured curve made a depression branch falling from the top of SMOOTH over 90 % of its window."""
    return SMOOTH[-1] - 0.9 * (m - m[0]) * np.ptp(SMOOTH) / np.ptp(m)


#: (id, how it is written, its branch from the measured curve m (None: not needed), the refusal's line, the hint)
CASES = [
    ("smooth-x2", "table", lambda m: _copies(SMOOTH, (1, 1)), 53, COLUMN),
    ("smooth-x3", "table", lambda m: _copies(SMOOTH, (1, 1, 1)), 53, COLUMN),
    ("smooth-x3-drifting", "table", lambda m: _copies(SMOOTH, (1, 1.01, 1.02)), 53, COLUMN),
    ("smooth-x3-no-pulse-column", "no-pulse-column", lambda m: _copies(SMOOTH, (1, 1.01, 1.02)), 53, COLUMN),
    ("smooth-26+25", "table", lambda m: np.r_[SMOOTH[:26], SMOOTH[:25]], 28, COLUMN),
    ("measured-x2", "table", lambda m: _copies(m, (1, 1)), 53, COLUMN),
    ("measured-x3", "table", lambda m: _copies(m, (1, 1, 1)), 53, COLUMN),
    ("measured-x2-0.98", "table", lambda m: _copies(m, (1, 0.98)), 53, COLUMN),
    ("measured-x3-drifting", "table", lambda m: _copies(m, (0.98, 1.01, 1.02)), 53, COLUMN),
    ("measured-26+25", "table", lambda m: np.r_[m[:26], m[:25]], 28, COLUMN),
    ("measured-x2-no-pulse-column", "no-pulse-column", lambda m: _copies(m, (1, 1)), 53, COLUMN),
    ("block-measured-x3", "block", lambda m: _copies(m, (1, 1, 1)), None, BLOCK),
    ("block-smooth-x2", "block", lambda m: _copies(SMOOTH, (1, 1)), None, BLOCK),
    ("depression-file-x2", "depression", lambda m: _copies(FALLING, (1, 1)), 33, COLUMN),
    ("depression-file-measured-x2", "depression", lambda m: _copies(_falling(m), (1, 1)), 53, COLUMN),
]


@pytest.fixture
def case(request, tmp_path):
    name, kind, branch, line, hint = next(c for c in CASES if c[0] == request.param)
    m = request.getfixturevalue("measured_device").conductance if "measured" in name else None
    argv, path = _write(tmp_path, kind, branch(m))
    return argv, path, line, hint


@pytest.mark.parametrize("case", [c[0] for c in CASES], indirect=True)
def test_the_probes_cycles_in_one_column_or_block_are_refused_in_one_line(case):
    """Each loaded with exit 0 as one saw-tooth curve (102 or 153 points, 62 in the depression file). The line
    named is the read the branch falls back to (or, in a depression file, rises back to), in the file it is in."""
    argv, path, line, hint = case
    done = _cli("device", *argv)
    assert done.returncode == 2 and done.stdout == "", (done.returncode, done.stdout, done.stderr)
    assert done.stderr.count("\n") == 1, done.stderr
    where = f"crossbar: error: {path}, line {line if line is not None else ''}"
    assert done.stderr.startswith(where), done.stderr
    branch = "depression branch rises" if "--depression-file" in argv else "potentiation branch falls"
    assert f": the {branch} " in done.stderr and done.stderr.endswith(f"again: {hint}\n"), done.stderr


@pytest.mark.parametrize("case", [c[0] for c in CASES if c[0].startswith(("measured-x3", "block-", "depression"))],
                         indirect=True)
def test_allow_outliers_does_not_take_several_cycles(case):
    argv, path, line, hint = case
    device, rest = argv[1], argv[2:]
    options = {"depression": rest[1]} if rest else {}
    for allow in (False, True):
        with pytest.raises(DeviceFileError, match=re.escape(hint)):
            load_device(device, allow_outliers=allow, **options)


def test_find_restart_names_the_jump_of_the_measured_curve_repeated(measured_device):
    """The probe's call: find_restart(np.concatenate([m, m]), True) returned None."""
    m = measured_device.conductance
    assert checks.find_restart(np.concatenate([m, m]), True) == m.size - 1
    assert checks.find_restart(np.concatenate([m, 1.01 * m, 1.02 * m]), True) == m.size - 1
    assert checks.find_restart(np.concatenate([m, m])[::-1], False) == m.size - 1


# ------------------------------------------------------------------ real single curves, unchanged

def _without_restart_check(monkeypatch, load):
    """What `load()` gives with find_restart switched off: the curve read before any restart was looked for."""
    with monkeypatch.context() as patch:
        patch.setattr(checks, "find_restart", lambda g, rising, steps=checks.RESTART_STEPS: None)
        return load()


def _same_device(a, b):
    for name in ("conductance", "depression", "cycles", "depression_cycles"):
        x, y = getattr(a, name), getattr(b, name)
        assert (x is None) == (y is None), name
        if x is not None:
            assert x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes(), name
    assert a.sha256 == b.sha256


@pytest.mark.parametrize("load", [
    lambda: load_device(ROOT / "data" / "default_device.dat"),
    lambda: load_device(ROOT / "data" / "example_reram_cycles.csv", read_voltage=0.1),
    lambda: load_device(ROOT / "data" / "example_reram_cycles.csv", read_voltage=0.1, cycle=7),
], ids=["default-device", "example-cycles", "example-cycle-7"])
def test_the_shipped_devices_load_to_the_same_curve(monkeypatch, load):
    _same_device(load(), _without_restart_check(monkeypatch, load))


def test_the_measured_file_loads_to_the_same_curve(monkeypatch, measured_device):
    from conftest import SHARED_MEASUREMENT
    _same_device(load_device(SHARED_MEASUREMENT), _without_restart_check(monkeypatch,
                                                                        lambda: load_device(SHARED_MEASUREMENT)))


def _example_cycles():
    device = load_device(ROOT / "data" / "example_reram_cycles.csv", read_voltage=0.1)
    up = [(f"example-up-{k + 1}", c[~np.isnan(c)], True) for k, c in enumerate(device.cycles)]
    down = [(f"example-down-{k + 1}", c[~np.isnan(c)], False) for k, c in enumerate(device.depression_cycles)]
    return up + down


def _preset_branches():
    out = []
    for name in PRESETS:
        device = crossbar.preset(name)
        out.append((f"{name}-up", device.conductance, True))
        if device.depression is not None:
            out.append((f"{name}-down", device.depression, False))
    return out


def test_every_real_single_curve_is_one_cycle_and_two_of_it_are_two(measured_device):
    """The measured curve, the default device, each preset's branches and each of the example file's 24 cycles
    (48 branches) is no restart; the same curve twice in a row is one, at its end (the old bar missed the measured
    curve and the smooth ones). hzo-fefet's first pulse makes 3.5 times its first conductance: twice in a row, the
    second cycle's first point is half a decade below both neighbours, a spike too, and no restart before a
    fast device's repeat was one (probe 9a, B2: the loader then named a glitch, not the cycles)."""
    curves = [("measured", measured_device.conductance, True), ("default", crossbar.default_device().conductance,
                                                                   True), ("smooth", SMOOTH, True),
              ("falling", FALLING, False)] + _preset_branches() + _example_cycles()
    assert len(curves) == 4 + 15 + 48
    for name, g, rising in curves:
        assert checks.direction_problem(g, rising) is None, name
        assert checks.find_restart(g, rising) is None, name
        twice = np.concatenate([g, g])
        assert checks.find_restart(twice, rising) == g.size - 1, name


def test_each_preset_written_to_files_loads_to_its_branches(tmp_path):
    for name in PRESETS:
        device = crossbar.preset(name)
        up = tmp_path / f"{name}-up.csv"
        up.write_text(_column(device.conductance))
        options = {}
        if device.depression is not None:
            options["depression"] = tmp_path / f"{name}-down.csv"
            options["depression"].write_text(_column(device.depression))
        loaded = load_device(up, **options)
        assert loaded.conductance.tobytes() == device.conductance.tobytes(), name
        if device.depression is not None:
            assert loaded.depression.tobytes() == device.depression.tobytes(), name


DIPS = [
    # the measured device's 18 dips are 1 ... 18 % of its window, each regained over a pulse or two; the default
    # device's 20 are up to 21 %
    lambda g, w: g - 0.05 * w * (np.arange(g.size) == 30),
    lambda g, w: g - 0.06 * w * (np.arange(g.size) == 3) - 0.03 * w * (np.arange(g.size) == 4),
    lambda g, w: g - 0.2 * w * (np.arange(g.size) == 40) - 0.1 * w * (np.arange(g.size) == 41),
    lambda g, w: g - 0.04 * w * np.isin(np.arange(g.size), (5, 17, 29, 44)),
    lambda g, w: g + w * np.random.default_rng(7).normal(0, 0.03, g.size),
]


@pytest.mark.parametrize("dip", range(len(DIPS)))
def test_a_single_curve_with_dips_loads_as_written_and_two_of_it_are_refused(tmp_path, dip):
    for name, g in (("smooth", SMOOTH), ("default", crossbar.default_device().conductance)):
        g = DIPS[dip](g, np.ptp(g))
        path = tmp_path / f"{name}.csv"
        path.write_text(_column(g))
        assert load_device(path).conductance.tobytes() == g.tobytes(), name
        path.write_text(_column(np.concatenate([g, g])))
        with pytest.raises(DeviceFileError, match=re.escape("line 53: the potentiation branch falls ")):
            load_device(path)


# ------------------------------------------------------------------ random saturating curves

def _random_curve(rng):
    """A noisy saturating curve: 20 ... 100 pulses, g0 + W (1 - exp(-(m / tau)^p)) normalised to W at its end,
    tau 1.5 ... n / 2, p 0.5 ... 1.5 (its first pulse makes up to 70 % of W), Gaussian noise of 0 ... 3 % of W
    on each read, and up to 4 dips of 1 ... 6 % of W, half of them regained over two pulses."""
    n = int(rng.integers(20, 101))
    m = np.arange(n)
    shape = 1 - np.exp(-(m / rng.uniform(1.5, n / 2)) ** rng.uniform(0.5, 1.5))
    y = shape / shape[-1] + rng.normal(0, rng.uniform(0, 0.03), n)
    for _ in range(int(rng.integers(0, 5))):
        at, depth = int(rng.integers(1, n - 1)), rng.uniform(0.01, 0.06)
        y[at] -= depth
        if rng.random() < 0.5:
            y[at + 1] -= depth * rng.uniform(0.2, 0.6)
    g0 = 10 ** rng.uniform(-8, -4)
    return g0 + g0 * rng.uniform(0.1, 3.0) * y


def test_random_noisy_single_curves_load_and_their_copies_are_refused():
    """200 curves (seed 2026): none is a restart, rising or stored falling; 2 or 3 copies of each in a row, at
    levels x0.98 ... x1.02, are one at the end of the first copy. Before the fix 55 of the 200 rising copies and
    56 of the falling ones were not (those whose first pulse passed 10 median steps, or half of the jump)."""
    rng = np.random.default_rng(2026)
    for trial in range(200):
        g = _random_curve(rng)
        assert checks.direction_problem(g, True) is None, trial
        assert checks.find_restart(g, True) is None, trial
        assert checks.find_restart(g[::-1], False) is None, trial
        levels = np.r_[1.0, rng.uniform(0.98, 1.02, int(rng.integers(1, 3)))]
        copies = _copies(g, levels)
        assert checks.find_restart(copies, True) == g.size - 1, trial
        falling = _copies(g[::-1], levels)
        assert checks.find_restart(falling, False) == g.size - 1, trial


# ------------------------------------------------------------ re-probe 7, B': read noise, a higher second cycle

def _shape(rng, n):
    """A saturating curve normalised to 1 at its end, as in _random_curve (first pulse up to 70 % of it)."""
    shape = 1 - np.exp(-(np.arange(n) / rng.uniform(1.5, n / 2)) ** rng.uniform(0.5, 1.5))
    return shape / shape[-1]


def test_random_curves_with_read_noise_of_1_to_2_percent_load_and_their_copies_are_refused():
    """200 curves (seed 8): a saturating curve with Gaussian read noise of 1 ... 2 % of its window is no restart,
    rising or stored falling; 2 or 3 copies, each read with its own noise, are one at the end of the first copy,
    whether the later copies start within 2 % of the window of the first or 10 ... 30 % of it above. Before
    the fix 23 of the 200 rising copies and 28 falling were not: a jump back had to land within a quarter of
    the gain from the first point and be half of the whole window, which a cycle starting higher widens."""
    rng = np.random.default_rng(8)
    missed = []
    for trial in range(200):
        n = int(rng.integers(20, 101))
        y = _shape(rng, n)
        g0 = 10 ** rng.uniform(-8, -4)
        window = g0 * rng.uniform(0.1, 3.0)
        noise = rng.uniform(0.01, 0.02)

        def read(shift):
            return g0 + window * (y + shift + rng.normal(0, noise, n))

        g = read(0.0)
        assert checks.find_restart(g, True) is None, trial
        assert checks.find_restart(g[::-1], False) is None, trial
        later = int(rng.integers(1, 3))
        shifts = np.r_[0.0, rng.uniform(0.1, 0.3, later) if trial % 2 else rng.uniform(-0.02, 0.02, later)]
        copies = np.concatenate([read(s) for s in shifts])
        falling = np.concatenate([read(s)[::-1] for s in shifts])
        if checks.find_restart(copies, True) != n - 1 or checks.find_restart(falling, False) != n - 1:
            missed.append((trial, shifts.round(3).tolist()))
    assert not missed, missed


def test_a_second_cycle_starting_higher_is_refused_and_one_curve_so_high_loads(tmp_path):
    """Re-probe 7, B' case 2: SMOOTH and SMOOTH + 0.3 of its window in one column loaded as one 102-point curve
    (0.1 and 0.2 were refused before)."""
    w = np.ptp(SMOOTH)
    path = tmp_path / "two.csv"
    for shift in (0.1, 0.2, 0.3):
        path.write_text(_column(np.concatenate([SMOOTH, SMOOTH + shift * w])))
        with pytest.raises(DeviceFileError, match=re.escape("line 53: the potentiation branch falls ")):
            load_device(path)
        path.write_text(_column(SMOOTH + shift * w))
        assert load_device(path).conductance.tobytes() == (SMOOTH + shift * w).tobytes()


def test_the_measured_curve_with_read_noise_loads_and_two_of_it_the_second_higher_are_refused(
        tmp_path, measured_device):
    """The measured curve with read noise of 1 and 2 % of its window loads as written (30 draws each); two noisy
    copies, the second 0, 10 or (with 1 % noise) 20 % of the window higher, are refused at the first copy's end.
    At 20 % higher the old landing bar (a quarter of the gain) caught 169 and 145 of 200 draws at 1 and 2 %
    noise, now 200 and 185 (the 2 % misses: the jump, 65 % of the window, falls under half of the 120 % the
    second copy widens it to). 30 % higher is still missed: the measured curve's last read is at 85 % of its
    window, so the jump is 55 % of a window that the second copy widens to 130 %, under the half it must be."""
    m = measured_device.conductance
    w = np.ptp(m)
    path = tmp_path / "m.csv"
    for noise, shifts in ((0.01, (0.0, 0.1, 0.2)), (0.02, (0.0, 0.1))):
        rng = np.random.default_rng(int(noise * 100))
        for draw in range(30):
            g = m + w * rng.normal(0, noise, m.size)
            assert checks.find_restart(g, True) is None, (noise, draw)
            shift = shifts[draw % len(shifts)]
            twice = np.concatenate([g, m + w * (shift + rng.normal(0, noise, m.size))])
            assert checks.find_restart(twice, True) == m.size - 1, (noise, draw, shift)
        path.write_text(_column(g))
        assert load_device(path).conductance.tobytes() == g.tobytes()
        path.write_text(_column(twice))
        with pytest.raises(DeviceFileError, match=re.escape("line 53: the potentiation branch falls ")):
            load_device(path)
