"""Probe 13a's S2, S1 and M1 (issue 20): a scale written in words after the unit (`G (uS) times 1000`, `1000x`,
`in thousands`, the note `# values multiplied by 1000`) was dropped, the values loaded 1000 times off with status 0
(S2); an abrupt switch at the last pulse (or the last two) of a branch, in its own direction, was refused as a glitch
although RELIABILITY says it loads (9 of 119 single and 16 of 119 multi-cycle genuine depression files; S1); and
`read_voltage=np.float32(0.1)` over a column `I (uA) @ 0.1 V` was refused, the message printing 0.1 V twice (M1)."""

import re

import numpy as np
import pytest

from crossbar.devices import DeviceFileError, load_device, parse_device
from crossbar.devices.columns import value_column

M = np.arange(31)


def _table(values, header="pulse,G (S)", notes=()):
    return "".join(f"# {n}\n" for n in notes) + header + "\n" + "".join(f"{k},{v:.9g}\n" for k, v in enumerate(values))


# S2. A scale in words


@pytest.mark.parametrize("name, scale", [
    ("G (uS) times 1000", "times 1000"), ("G (uS) 1000x", "1000x"), ("G (nS) in thousands", "in thousands"),
    ("G (uS) multiplied by 10", "multiplied by 10"), ("G (uS) scaled by 1000", "scaled by 1000"),
    ("G (uS) thousands", "thousands"), ("G (uS) per 1000", "per 1000"), ("G (uS) divided by 1000", "divided by 1000"),
    ("G (uS) times ten", "times ten"), ("I (uA) in millions", "in millions"),
])
def test_a_scale_in_words_after_the_unit_is_refused_naming_the_column_and_the_scale(name, scale):
    with pytest.raises(ValueError, match=re.escape(f"column {name!r}: {scale!r} is a scale written in the name")):
        value_column(name)  # returned uS, factor 1e-6: the scale dropped
    g = 1e-6 + 0.5e-6 * (1 - np.exp(-M / 8))
    with pytest.raises(DeviceFileError, match=re.escape(f"line 1: column {name!r}: {scale!r} is a scale")):
        parse_device(_table(g * 1e3, "pulse," + name), read_voltage=0.1 if name[0] == "I" else None)


@pytest.mark.parametrize("header, note", [
    ("pulse,G", "values multiplied by 1000"), ("pulse,G", "G in thousands of S"),
    ("pulse,G (uS)", "values scaled by 10"), ("pulse,G (uS)", "sample 3, times 1000"),
])
def test_a_note_holding_a_scale_in_words_is_refused_naming_its_line_and_a_count_is_not(header, note):
    """'# values multiplied by 1000' over 'pulse,G' loaded values of 1e-3 as siemens, status 0."""
    g = 1e-6 + 0.5e-6 * (1 - np.exp(-M / 8))
    with pytest.raises(DeviceFileError, match=f"line 1: the note {re.escape(repr(note))} holds the scale"):
        parse_device(_table(g * (1e3 if header.endswith("G") else 1e6), header, notes=[note]))
    # a cycle's or a count's number is no scale, in a note or a name
    for header, note in [("pulse,G (uS) cycle 1000", None), ("pulse,G (uS)", "cycle 1000"),
                         ("pulse,G (uS)", "1000 pulses"), ("pulse,G (uS)", "pulsed 1000 times"),
                         ("pulse,G (uS)", "one read per 1000 pulses"), ("pulse,G", "4x4 array"),
                         ("pulse,R (kOhm) 4x4", None)]:
        factor = 1e-3 if "kOhm" in header else 1.0 if header.endswith("G") else 1e6
        values = 1 / g * factor if "kOhm" in header else g * factor
        device = parse_device(_table(values, header, notes=[note] if note else []))
        assert device.conductance == pytest.approx(g, rel=1e-8)


# S1. A switch at the last pulse(s), in the branch's own direction


def _flat_then(last, start=1e-7, drift=0.01, noise=0.0, falling=False, seed=0):
    """A branch that barely moves (drift over the train, read noise of `noise`), then ends in the reads `last`."""
    g = start * (1 + (-drift if falling else drift) * M / M[-1])
    g = g * (1 + noise * np.random.default_rng(seed).normal(size=g.size))
    return np.r_[g[:-len(last)], last]


def _write(path, values, header="pulse,G (S)"):
    path.write_text(_table(values, header))
    return path


@pytest.mark.parametrize("last, noise", [([5e-7], 0.0), ([5e-7], 0.01), ([4e-7, 5e-7], 0.0), ([5e-6], 0.0),
                                         ([5e-6], 0.01), ([1e-6], 0.02)])
def test_a_switch_up_at_the_last_pulses_of_a_potentiation_branch_loads(last, noise):
    g = _flat_then(last, noise=noise)
    device = parse_device(_table(g))  # refused: 'is 4.95 times above the point before, at the end of the curve'
    assert device.conductance[-1] == pytest.approx(last[-1]) and device.window == pytest.approx(g[-1] - g[0])


@pytest.mark.parametrize("last, noise", [([1e-7], 0.0), ([1e-7], 0.01), ([1e-8], 0.0), ([1e-7, 5e-8], 0.0)])
def test_a_reset_at_the_last_pulses_of_a_depression_file_loads(tmp_path, last, noise):
    up = _write(tmp_path / "p.csv", 1e-7 + 4e-7 * (1 - np.exp(-M / 5)))
    down = _write(tmp_path / "q.csv", _flat_then(last, start=5e-7, falling=True, noise=noise))
    device = load_device(up, depression=down)
    assert device.depression[-1] == pytest.approx(last[-1])


def test_a_depression_branch_falling_fastest_at_its_end_loads(tmp_path):
    up = _write(tmp_path / "p.csv", 1e-7 + 4e-7 * (1 - np.exp(-M / 5)))
    down = _write(tmp_path / "q.csv", (1e-8 + 4.9e-7 * (1 - np.exp(-M / 1.0)))[::-1])  # a saturating rise, reversed
    assert load_device(up, depression=down).depression[-1] == pytest.approx(1e-8)


def test_a_reset_at_the_last_pulse_of_a_two_way_table_loads():
    up = np.r_[1e-7 * (1 + 0.01 * np.arange(19) / 19), 5e-7]  # an abrupt SET at its last pulse ...
    down = np.r_[5e-7 * (1 - 0.01 * np.arange(19) / 19), 1e-7]  # ... and an abrupt RESET at its last
    rows = ["pulse,direction,G (S)"] + [f"{k},{'start' if k == 0 else 'up'},{v:.9g}" for k, v in enumerate(up)]
    rows += [f"{20 + k},down,{v:.9g}" for k, v in enumerate(down)]
    assert parse_device("\n".join(rows) + "\n").depression[-1] == pytest.approx(1e-7)
    rows[-1] = rows[-1].rsplit(",", 1)[0] + ",2.5e-6"  # up at the end of a depression branch: a suspect
    with pytest.raises(DeviceFileError, match=r"line \d+: conductance 2\.5e-06 S .* 5\.\d+ times above the point "
                                              r"before, at the end of the curve"):
        parse_device("\n".join(rows) + "\n")


def test_a_last_read_against_the_branch_or_past_its_saturation_is_still_refused():
    for g, message in [
        (_flat_then([2e-8]), r"conductance 2e-08 S \(pulse 30\) is 5\.\d+ times below the point before"),
        (_flat_then([2.5e-7, 2e-8]), r"conductance 2e-08 S \(pulse 30\) is 12\.\d times below the point before"),
        (np.r_[(1e-6 + 9e-6 * (1 - np.exp(-np.arange(49) / 15))), 4.9e-4],  # a saturated branch, then 50 x
         r"conductance 0\.00049 S \(pulse 49\) is 5\d\.\d times above the point before"),
    ]:
        with pytest.raises(DeviceFileError, match=message + r".*--allow-outliers"):
            parse_device(_table(g))
    # the same branch that had not moved, switching up at its last pulse, loads
    assert parse_device(_table(_flat_then([4e-7, 5e-7]))).conductance[-1] == pytest.approx(5e-7)


def _spread(x):
    return (x - x[0]) / (x[-1] - x[0])


def _genuine_depression(seed):
    """Probe 13a's e3 depression branch `seed`: one of six saturating shapes, reversed in time, with read noise."""
    r = np.random.default_rng(5500 + seed)
    kind = ["exp", "pow", "lin", "sig", "two", "log"][seed % 6]
    n, tau, noise = int(r.integers(12, 120)), float(r.uniform(0.6, 10)), float(r.uniform(0.0, 0.07))
    r.uniform(-0.002, 0.002)  # the drift of a multi-cycle file: none here, drawn to keep the stream
    g0 = 10 ** r.uniform(-12, -3)
    w, m = g0 * 10 ** r.uniform(-1.2, 1), np.arange(n)
    s = {"exp": lambda: 1 - np.exp(-m / tau), "pow": lambda: (m / (n - 1)) ** (1 / (1 + tau / 3)),
         "lin": lambda: np.minimum(m / (tau * 4), 1.0), "two": lambda: 0.6 * (1 - np.exp(-m / 0.7)) + 0.4 * (
             1 - np.exp(-m / (tau * 3))), "log": lambda: np.log1p(m / tau) / np.log1p((n - 1) / tau),
         "sig": lambda: _spread(1 / (1 + np.exp(-(m - tau * 2) / max(tau / 2, 0.3))))}[kind]()
    return g0 + w * s, (g0 + w * s + r.normal(0, noise * w, n))[::-1]


@pytest.mark.parametrize("seed", [4, 14, 32, 34, 43, 52, 64, 70])
def test_genuine_depression_branches_that_fall_fastest_at_their_end_load(tmp_path, seed):
    """The probe's 9 refused of 119: 8 end in a fall of 3.2 times or more in one or two pulses and now load; the
    ninth (seed 75) holds a read 40 times below both neighbours that comes back, a dip, and is still refused."""
    up, down = _genuine_depression(seed)
    device = load_device(_write(tmp_path / "p.csv", up), depression=_write(tmp_path / "q.csv", down))
    assert device.depression == pytest.approx(down, rel=1e-8)


# M1. A float32 read voltage


def test_a_float32_read_voltage_equal_to_the_headers_loads_and_a_different_one_prints_both(tmp_path):
    g = 1e-6 + 0.5e-6 * (1 - np.exp(-M / 8))
    path = _write(tmp_path / "i.csv", g * 0.1 * 1e6, "pulse,I (uA) @ 0.1 V")
    device = load_device(path, read_voltage=np.float32(0.1))  # refused: 'names the read voltage 0.1 V ... is 0.1 V'
    assert device.conductance == pytest.approx(g, rel=1e-7)
    for given, shown in ((np.float32(0.10000001), "0.10000000894069672"), (0.1000001, "0.1000001"),
                         (np.float32(0.2), "0.2")):
        with pytest.raises(DeviceFileError, match=r"names the read voltage 0\.1 V and the read voltage given "
                                                  rf"\(--read-voltage, API read_voltage=\) is {re.escape(shown)} V"):
            load_device(path, read_voltage=given)
