"""Probe 8's leftovers on a user's own device files (notes/probe8a.md, causes B, F, H and I), each fixed at its cause.

B: several cycles in one column passed the restart check as one saw-tooth curve when the second cycle restarted
30-35 % up its climb and saturated at the same top (the check wanted it to climb 0.75 of its landing height past
the first cycle's top), or when the branch ended before the second cycle regained half of the fall (a full cycle
and the first 3 reads again; a linear cycle and 15 reads of the next). F: an abrupt device (its window in the first
pulse) was refused as "does not rise overall", and so was a full cycle followed by 5 or 10 reads of the next.
H: a `#` note naming another unit than the header was dropped. I: five neighbouring reads 200 times too high
loaded as a plateau that set the window.
"""

import re
from unittest.mock import patch

import numpy as np
import pytest

import crossbar
from crossbar.devices import checks
from crossbar.devices.files import DeviceFileError, load_device
from crossbar.devices.instrument import write_pulse_train
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

M = np.arange(31)
#: The probe's cycle: 1 + 0.5 (1 - exp(-m / 8)) uS, 31 reads; its top is CURVE[-1].
CURVE = 1e-6 + 0.5e-6 * (1 - np.exp(-M / 8))
COLUMN = "several cycles in one column? Give one column per cycle"
#: The first cycle's last read is on line 32 (header on line 1): the read it falls to is on line 33.
FALL = "line 33: the potentiation branch falls "


def second(land, tau=8.0, curve=CURVE):
    """A second cycle landing `land` of the first's climb above its first read, saturating at the same top."""
    start = curve[0] + land * (curve[-1] - curve[0])
    return start + (curve[-1] - start) * (1 - np.exp(-np.arange(curve.size) / tau))


def table(g=CURVE, unit="uS", factor=1e6, note="", below=""):
    """The probe's layout: 'pulse,G (uS)' and rows written with %.8g; `note` above the header, `below` just under it."""
    return note + f"pulse,G ({unit})\n" + below + "".join(f"{m},{x * factor:.8g}\n" for m, x in enumerate(g))


def load_text(tmp_path, text, name="d.csv", **options):
    path = tmp_path / name
    path.write_text(text)
    return load_device(path, **options)


def refused(tmp_path, text, *pieces, **options):
    with pytest.raises(DeviceFileError) as info:
        load_text(tmp_path, text, **options)
    for piece in pieces:
        assert piece in str(info.value), str(info.value)
    return str(info.value)


# --- B: several cycles in one column ---------------------------------------------------------------------

@pytest.mark.parametrize("land", [0.3, 0.35])
@pytest.mark.parametrize("noise", [0.0, 0.01])
def test_a_second_cycle_restarting_30_to_35_percent_up_and_saturating_at_the_same_top_is_refused(
        tmp_path, land, noise):
    """Loaded as one 62-point curve, exit 0 (a fall of 65-70 % of the window in one pulse)."""
    g = np.concatenate([CURVE, second(land)]) + np.random.default_rng(11).normal(0, noise * 0.5e-6, 2 * M.size)
    refused(tmp_path, table(g), FALL, COLUMN)


def test_three_such_cycles_and_the_probes_restart_above_are_refused(tmp_path):
    refused(tmp_path, table(np.concatenate([CURVE, second(0.3), second(0.3)])), FALL, COLUMN)
    # c_restart_above: the second cycle 1.15 + 0.35 (1 - exp(-m / 8)) uS, 1.492 uS at its top against 1.488
    refused(tmp_path, table(np.concatenate([CURVE, 1.15e-6 + 0.35e-6 * (1 - np.exp(-M / 8))])), FALL, COLUMN)


@pytest.mark.parametrize("keep", [3, 5, 10])
def test_a_full_cycle_then_the_first_reads_of_the_next_names_the_fall(tmp_path, keep):
    """3 reads loaded (34 points); 5 and 10 were refused as 'does not rise overall' (F), which named no line."""
    refused(tmp_path, table(np.concatenate([CURVE, CURVE[:keep]])), FALL, "and then rises again", COLUMN)


def test_the_measured_like_curve_then_its_first_10_reads_names_the_fall(tmp_path):
    """Refused as 'does not rise overall' (5 or 25 reads were refused naming the fall already)."""
    m = np.arange(51)
    fast = 4.545e-7 + 7.5e-8 * (1 - np.exp(-(m / 3.9) ** 0.4))  # its first pulse makes a third of its window
    refused(tmp_path, table(np.concatenate([fast, fast[:10]])), "line 53: the potentiation branch falls ", COLUMN)


def test_a_linear_cycle_then_the_same_cut_after_15_reads_is_refused(tmp_path):
    """Loaded as one 46-point curve that falls by 100 % of its window, back to g(0), at pulse 31."""
    linear = 1e-6 + 1e-8 * M
    refused(tmp_path, table(np.concatenate([linear, linear[:15]])), FALL, COLUMN)
    noisy = np.concatenate([linear, linear[:10]]) + np.random.default_rng(4).normal(0, 3e-10, 41)
    refused(tmp_path, table(noisy), FALL, COLUMN)


@pytest.mark.parametrize("keep", [1, 2])
def test_a_full_cycle_then_one_or_two_reads_of_the_next_is_refused(tmp_path, keep):
    """The last read back at the first one (a fall of the whole window in the last pulse) loaded as 32 points."""
    refused(tmp_path, table(np.concatenate([CURVE, CURVE[:keep]])), FALL, "back near its first read (1e-06 S), at its "
            "end: the first read", COLUMN)


def test_a_depression_file_with_a_second_cycle_restarting_30_percent_down_is_refused(tmp_path):
    down = 1.5e-6 - 0.5e-6 * (1 - np.exp(-M / 6))
    again = down[0] - 0.3 * np.ptp(down) - 0.7 * np.ptp(down) * (1 - np.exp(-M / 6))
    (tmp_path / "up.csv").write_text(table(CURVE))
    (tmp_path / "down.csv").write_text(table(np.concatenate([down, again])))
    with pytest.raises(DeviceFileError, match=re.escape("line 33: the depression branch rises ")):
        load_device(tmp_path / "up.csv", depression=tmp_path / "down.csv")


def test_the_saw_tooth_in_one_instrument_block_is_refused_and_the_writer_refuses_to_write_it(tmp_path):
    saw = np.concatenate([CURVE, second(0.3)])
    path = tmp_path / "train.dat"
    with pytest.raises(ValueError, match=re.escape("conductance: the potentiation branch falls 1.3 times in one pulse "
                                                   "(1.488e-06 S to 1.146e-06 S, conductance[31]) and then rises "
                                                   "again: several cycles in one curve?")):
        write_pulse_train(path, saw)
    assert not path.exists()
    with patch.object(checks, "find_restart", lambda g, rising: None):
        write_pulse_train(path, saw)
    done = crossbar_cli("device", "--device", path)
    assert_one_line_error(done, "the potentiation branch falls 1.3 times in one pulse")
    assert "several cycles in one block? Give each cycle its own block" in done.stderr


def test_the_cli_refuses_the_saw_tooth_in_one_line(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(table(np.concatenate([CURVE, second(0.3)])))
    assert_one_line_error(crossbar_cli("device", "--device", path), f"{path}, {FALL}1.3 times in one pulse")


def _dipped(rng, depth):
    """A single saturating curve (20-100 reads, first pulse up to 70 % of its window) with read noise of 0-3 % of
    its window and one dip of `depth` of the window at a random read, regained over 1-4 pulses."""
    n = int(rng.integers(20, 101))
    shape = 1 - np.exp(-(np.arange(n) / rng.uniform(1.5, n / 2)) ** rng.uniform(0.5, 1.5))
    y = shape / shape[-1] + rng.normal(0, rng.uniform(0, 0.03), n)
    at, k = int(rng.integers(2, n)), int(rng.integers(1, 5))
    for j in range(min(k, n - at)):
        y[at + j] -= depth * (1 - j / k)
    g0 = 10 ** rng.uniform(-8, -4)
    return g0 + g0 * rng.uniform(0.1, 3.0) * y


def test_single_curves_with_dips_up_to_25_percent_are_no_restart_and_their_saw_tooth_is():
    """600 curves with one dip of 10, 20 or 25 % of the window (the measured device's deepest is 18 %, the
    default device's 21 %), also at the last read: none is a restart, rising or stored falling (none was before
    either); the same curve followed by a second cycle restarting 30 % up, saturating at its top, is one."""
    rng = np.random.default_rng(9)
    missed = []
    for trial in range(600):
        g = _dipped(rng, (0.1, 0.2, 0.25)[trial % 3])
        assert checks.find_restart(g, True) is None, trial
        assert checks.find_restart(g[::-1], False) is None, trial
        smooth = g[0] + (g[-1] - g[0]) * (1 - np.exp(-np.arange(g.size) / max(g.size / 4, 3)))
        if checks.find_restart(np.concatenate([smooth, second(0.3, max(g.size / 4, 3), smooth)]), True) is None:
            missed.append(trial)
    assert not missed, missed


# --- F: an abrupt device ------------------------------------------------------------------------------

def test_a_curve_that_switches_its_window_in_the_first_pulse_loads(tmp_path):
    """'pulse,G (uS)', 0,1.0 then 1 ... 30 at 1.5: refused as 'does not rise overall' though it rises by 50 %."""
    device = load_text(tmp_path, "pulse,G (uS)\n0,1.0\n" + "".join(f"{m},1.5\n" for m in range(1, 31)))
    assert device.conductance[0] == pytest.approx(1e-6) and device.conductance[1:] == pytest.approx(1.5e-6)
    done = crossbar_cli("device", "--device", tmp_path / "d.csv")
    assert done.returncode == 0 and "g from 1e-06 to 1.5e-06 S" in done.stdout, done.stderr
    (tmp_path / "down.csv").write_text("pulse,G (uS)\n0,1.5\n" + "".join(f"{m},1.0\n" for m in range(1, 31)))
    both = load_device(tmp_path / "d.csv", depression=tmp_path / "down.csv")
    assert both.depression[1:] == pytest.approx(1e-6)
    # still refused: a flat curve with one high read inside, whose quarters and first read are equal
    refused(tmp_path, table(np.r_[np.ones(15), 1.5, np.ones(15)] * 1e-6), "does not rise overall")


# --- H: a note naming another unit than the header ----------------------------------------------------

@pytest.mark.parametrize("note, header, named", [("# conductance in nS", "uS", "nS"), ("# G [mS]", "uS", "mS"),
                                                ("# values in nanosiemens", "uS", "nanosiemens"),
                                                ("# G in S", "nS", "S")])
def test_a_note_naming_another_unit_than_the_header_is_refused_naming_its_line_and_both(tmp_path, note, header,
                                                                                         named):
    factor = {"uS": 1e6, "nS": 1e9}[header]
    path = tmp_path / "d.csv"
    path.write_text(table(CURVE, header, factor, note + "\n"))
    assert_one_line_error(crossbar_cli("device", "--device", path),
                          f"{path}, line 1: the note {note[2:]!r} names the unit {named!r} and the header's column "
                          f"'G ({header})' the unit {header!r}: which are the values in?")
    below = table(CURVE, header, factor).replace("\n20,", "\n# the rest in nS\n20,") if header != "nS" else None
    if below is not None:
        refused(tmp_path, below, "line 22: the note 'the rest in nS' names the unit 'nS'")


def test_a_note_that_agrees_or_names_a_value_stands(tmp_path):
    plain = load_text(tmp_path, table(CURVE), "plain.csv").conductance
    for note in ("# conductance in uS", "# microsiemens", "# target 500 nS", "# range 1 uS = 1000 nS",
                 "# read at 0.1 V, compliance 10 uA"):
        assert load_text(tmp_path, table(CURVE, note=note + "\n")).conductance.tobytes() == plain.tobytes(), note
    with pytest.raises(DeviceFileError, match=re.escape("line 1: the note 'conductance in nS'")):
        load_text(tmp_path, table(CURVE, note="# conductance in nS\n"))


def test_a_note_naming_another_current_or_resistance_unit_is_refused(tmp_path):
    refused(tmp_path, table(CURVE * 0.1, "uA", 1e6, "# current in nA\n").replace("G (uA)", "I (uA)"),
            "line 1: the note 'current in nA' names the unit 'nA'", read_voltage=0.1)
    refused(tmp_path, table(1 / CURVE, "kOhm", 1e-3, "# R in Ohm\n").replace("G (kOhm)", "R (kOhm)"),
            "line 1: the note 'R in Ohm' names the unit 'Ohm'")


# --- I: a plateau of reads 200 times off ----------------------------------------------------------------

@pytest.mark.parametrize("run, factor", [(5, 200), (5, 1 / 200), (8, 200), (5, 150)])
def test_a_run_of_reads_more_than_100_times_off_both_neighbours_is_refused_naming_its_lines(tmp_path, run, factor):
    """Five reads 200 times too high set a window 200 times the true one; one or two were refused already. No
    saturation falls back 100 times in one pulse, so a run of any length that does is a glitch."""
    g = CURVE.copy()
    g[10:10 + run] *= factor
    way = "above" if factor > 1 else "below"
    refused(tmp_path, table(g), f"line 12: conductances {g[10]:.4g} S ... {g[9 + run]:.4g} S (pulses 10 to {9 + run}, "
                                f"lines 12 to {11 + run}) are", f"times {way} both neighbours", "--allow-outliers")
    assert load_text(tmp_path, table(g), allow_outliers=True).conductance.size == 31
    g = CURVE.copy()  # the documented limit: a run longer than four reads is a glitch only when 100 times off
    g[10:10 + run] *= 50 if factor > 1 else 1 / 50
    assert checks.find_spike(g) is None


def test_the_shipped_and_measured_devices_have_no_plateau(measured_device):
    curves = [crossbar.default_device().conductance, measured_device.conductance]
    curves += [c[~np.isnan(c)] for c in load_device(checks.Path(__file__).parents[1] / "data" /
                                                    "example_reram_cycles.csv", read_voltage=0.1).cycles]
    for g in curves:
        assert checks.find_spike(g) is None
    g = measured_device.conductance.copy()
    g[20:26] *= 300
    assert checks.find_spike(g) == 20


@pytest.mark.parametrize("volts", ["1e-300", "1e-13", "-1e-13"])
def test_a_read_voltage_too_small_to_read_names_the_option(tmp_path, volts):
    """Probe 9a, K: --read-voltage 1e-300 over a table of read currents was refused as 'column I (uA): 0.1 is a
    conductance of 1e+293 S', blaming the file; the option is named now, with the instrument header's floor."""
    table = tmp_path / "d.csv"
    table.write_text("pulse,I (uA)\n" + "".join(f"{i},{0.1 + 0.01 * i}\n" for i in range(20)))
    done = crossbar_cli("device", "--device", table, "--read-voltage", volts)
    assert_one_line_error(done, f"--read-voltage: expected a nonzero read voltage in volts (1e-12 < |V| <= 1000), "
                                f"got '{volts}'")
    with pytest.raises(ValueError, match=r"read_voltage = .*: expected a nonzero read voltage in volts \(1e-12 <"):
        crossbar.load_device(table, read_voltage=float(volts))


@pytest.mark.parametrize("pulse", ["pulse (#)", "Pulse (n)", "Pulse (-)", "pulse (a.u.)", "Pulse number (#)",
                                   "pulse (1)", "Pulse [#]", "pulse (counts)"])
def test_a_pulse_column_with_a_count_unit_is_the_pulse_column(tmp_path, pulse):
    """Probe 9a, M: Origin and spreadsheet exports label the pulse count 'pulse (#)'; it was refused as 'column
    'pulse (#)': unknown unit '#'; expected a conductance ...'. It is the pulse column: the same curve as 'pulse'."""
    rows = "".join(f"{i},{1 + 0.5 * (1 - np.exp(-i / 8)):.8g}\n" for i in range(31))
    plain, labelled = tmp_path / "plain.csv", tmp_path / "labelled.csv"
    plain.write_text("pulse,G (uS)\n" + rows)
    labelled.write_text(f"{pulse},G (uS)\n" + rows)
    np.testing.assert_array_equal(load_device(labelled).conductance, load_device(plain).conductance)


def test_a_count_unit_does_not_make_a_value_column_a_pulse_column(tmp_path):
    table = tmp_path / "d.csv"
    table.write_text("pulse,G (#)\n" + "".join(f"{i},{1 + 0.01 * i}\n" for i in range(10)))
    with pytest.raises(DeviceFileError, match="unknown unit '#'"):
        load_device(table)
