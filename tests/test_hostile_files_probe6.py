"""Hostile device files of probe 6 (causes 2, 3 and 7 of notes/probe6_cli.md): several cycles in one column
loaded as one saw-tooth curve, a cycle column of NaN gave numpy warnings and a 'nan times apart' refusal, and a
'# pulses,G (uS)' header was skipped as a note without a word."""

import os
import re
import subprocess
import sys
import warnings

import numpy as np
import pytest

import crossbar
from crossbar.devices.files import DeviceFileError, load_device, write_pulse_train

UP = crossbar.default_device().conductance
#: The probe's cycle: 1 + 9 (1 - exp(-m / 15)) uS, 50 points (8.7 uS at its end).
CYCLE = 1e-6 + 9e-6 * (1 - np.exp(-np.arange(50) / 15))


def raises(message):
    return pytest.raises(DeviceFileError, match=re.escape(message))


@pytest.fixture(autouse=True)
def _no_runtime_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        yield


def _column(g, header="pulse,G (uS)", pulses=True):
    return header + "\n" + "".join((f"{m}," if pulses else "") + f"{1e6 * x:.6f}\n" for m, x in enumerate(g))


def crossbar_cli(*argv, **kw):
    return subprocess.run([sys.executable, "-m", "crossbar", *map(str, argv)], capture_output=True, text=True, **kw)


# ------------------------------------------------------------------ 2: several cycles in one column

SAWTOOTH = np.concatenate([0.9 * CYCLE, CYCLE, 1.1 * CYCLE])


def _instrument(tmp_path, up, down=None):
    path = tmp_path / "train.dat"
    write_pulse_train(path, up, depression=down)
    return path


def _saw_train(path, up, depression=None):
    """An instrument file of several cycles in one block, written with the writer's own refusal of it off."""
    from unittest.mock import patch

    from crossbar.devices import checks
    with pytest.raises(ValueError, match="several cycles in one curve"):  # the writer refuses it (probe 8, B)
        write_pulse_train(path, up, depression=depression)
    with patch.object(checks, "find_restart", lambda g, rising: None):
        write_pulse_train(path, up, depression=depression)


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_text(_column(SAWTOOTH)),
     "line 52: the potentiation branch falls 8.69 times in one pulse (8.691e-06 S to 1e-06 S, the read on this "
     "line) and then rises again: several cycles in one column? Give one column per cycle, e.g. 'pulse,G (uS) "
     "cycle 1,G (uS) cycle 2'"),
    (lambda p: p.write_text(_column(SAWTOOTH, "G (uS)", pulses=False)), "line 52: the potentiation branch falls 8.69"),
    (lambda p: p.write_text(_column(SAWTOOTH, "pulse,G (uS) 1,G (uS) 2").replace("\n", ",1\n").replace(
        "G (uS) 2,1", "G (uS) 2")), "(cycle 1), line 52: the potentiation branch falls"),
    # the default device's cycles fall only 1.16 times: too little for any bar in decades
    (lambda p: _saw_train(p, np.concatenate([UP, 1.01 * UP, UP])),
     "line 167: the potentiation branch falls 1.15 times in one pulse (5.279e-07 S to 4.591e-07 S, the read on "
     "this line) and then rises again: several cycles in one block? Give each cycle its own block"),
    (lambda p: _saw_train(p, UP, depression=np.concatenate([UP[::-1], UP[::-1]])),
     "line 317: the depression branch rises 1.16 times in one pulse (4.546e-07 S to 5.279e-07 S, the read on this "
     "line) and then falls again: several cycles in one block?"),
    (lambda p: p.write_text("pulse,direction,G (uS)\n" + "".join(
        f"{m},{'0' if m == 0 else '+'},{1e6 * x:.6f}\n" for m, x in enumerate(SAWTOOTH)) + "150,-,5.0\n"),
     "line 52: the potentiation branch falls 8.69 times"),
], ids=["pulses-running-on", "no-pulse-column", "one-of-two-columns", "instrument-block", "instrument-depression",
        "two-way-table"])
def test_several_cycles_in_one_column_are_refused(tmp_path, make, message):
    """Three cycles one after the other, pulses 0 ... 149, loaded as one saw-tooth curve of 150 points (window
    9.72e-6 S, rc 0): two 8.7 times falls passed the direction test on quarters and the spike test."""
    path = tmp_path / "device.csv"
    make(path)
    with raises(message):
        load_device(path)
    with raises(message):  # no outlier: allow_outliers does not take it
        load_device(path, allow_outliers=True)


def test_cycles_in_a_separate_depression_file_one_after_the_other_are_refused(tmp_path):
    up, down = tmp_path / "up.csv", tmp_path / "down.csv"
    up.write_text(_column(UP))
    down.write_text(_column(np.concatenate([UP[::-1], UP[::-1]])))
    with raises("down.csv, line 53: the depression branch rises 1.16 times in one pulse"):
        load_device(up, depression=down)


def test_the_same_cycles_one_column_each_still_load(tmp_path):
    path = tmp_path / "cycles.csv"
    path.write_text("pulse,G (uS) 1,G (uS) 2,G (uS) 3\n" + "".join(
        f"{m}," + ",".join(f"{1e6 * f * x:.6f}" for f in (0.9, 1.0, 1.1)) + "\n" for m, x in enumerate(CYCLE)))
    device = load_device(path)
    assert device.cycles.shape == (3, 50)
    np.testing.assert_allclose(device.conductance, CYCLE, rtol=1e-6)


@pytest.mark.parametrize("g", [
    np.where(np.arange(50) < 25, CYCLE, CYCLE * 0.02 ** (np.arange(50) < 30)),  # a five-pulse dip that jumps back
    CYCLE * (1 - 0.3 * np.exp(-((np.arange(50) - 30) / 4) ** 2)),  # a slow sag of 30 %, step by step
    np.r_[CYCLE[:30], CYCLE[30:] * 1.5],  # an abrupt SET that stays up
    CYCLE * np.exp(np.random.default_rng(6).normal(0, 0.3, 50)),  # 30 % noise
    np.r_[CYCLE, CYCLE[-1] * (1 - 0.02 * np.arange(1, 20))],  # a potentiating curve that relaxes at its end
], ids=["dip", "sag", "set", "noisy", "relaxing"])
def test_a_single_cycle_that_dips_sags_or_jumps_still_loads(tmp_path, g):
    path = tmp_path / "one.csv"
    path.write_text(_column(g))
    np.testing.assert_allclose(load_device(path, allow_outliers=True).conductance, np.round(g * 1e6, 6) / 1e6,
                               rtol=1e-12)


def test_the_cli_refuses_several_cycles_in_one_column_in_one_line(tmp_path):
    path = tmp_path / "sawtooth.csv"
    path.write_text(_column(SAWTOOTH))
    done = crossbar_cli("device", "--device", path, "--json")
    assert done.returncode == 2 and done.stdout == "", (done.returncode, done.stdout)
    assert done.stderr.count("\n") == 1
    assert "line 52: the potentiation branch falls 8.69 times" in done.stderr
    assert "several cycles in one column? Give one column per cycle" in done.stderr


# ------------------------------------------------------------------ 3: a cycle column of no number

@pytest.mark.parametrize("cells, column", [
    (lambda x: f"{x:.6f},NaN", "'c2 (uS)' (cycle 2)"),
    (lambda x: f"{x:.6f},", "'c2 (uS)' (cycle 2)"),
    (lambda x: f"nan,{x:.6f}", "'c1 (uS)' (cycle 1)"),
    (lambda x: f"{x:.6f},NaN,{x * 1.01:.6f}", "'c2 (uS)' (cycle 2)"),
], ids=["NaN", "empty", "first", "middle-of-three"])
@pytest.mark.parametrize("options", [{}, {"cycle": 1}, {"allow_outliers": True}], ids=["median", "cycle", "outliers"])
def test_a_cycle_column_of_no_number_is_named(tmp_path, cells, column, options):
    """A column of NaN gave 'Mean of empty slice' warnings, then 'cycle 2 reads a median conductance of nan S
    ..., nan times apart' (a RuntimeWarning and rc 1 under PYTHONWARNINGS=error)."""
    width = cells(1.0).count(",") + 1
    path = tmp_path / "cycles.csv"
    path.write_text("pulse," + ",".join(f"c{k + 1} (uS)" for k in range(width)) + "\n"
                    + "".join(f"{m},{cells(1e6 * x)}\n" for m, x in enumerate(CYCLE)))
    with raises(f"line 1: column {column} holds no number, only empty or NaN cells; expected the reads of a cycle: "
                "fill it or drop it"):
        load_device(path, **options)


def test_a_shorter_cycle_padded_with_nan_still_loads(tmp_path):
    path = tmp_path / "padded.csv"
    path.write_text("pulse,c1 (uS),c2 (uS)\n" + "".join(
        f"{m},{1e6 * x:.6f},{f'{1e6 * x:.6f}' if m < 40 else 'NaN'}\n" for m, x in enumerate(CYCLE)))
    assert load_device(path).cycles.shape == (2, 50)


@pytest.mark.parametrize("env", [{}, {"PYTHONWARNINGS": "error"}], ids=["plain", "warnings-error"])
def test_the_cli_names_the_column_of_no_number_in_one_line(tmp_path, env):
    path = tmp_path / "all_nan.csv"
    path.write_text("pulse,c1 (uS),c2 (uS)\n" + "".join(f"{m},{1e6 * x:.6f},NaN\n" for m, x in enumerate(CYCLE)))
    done = crossbar_cli("device", "--device", path, env={**os.environ, **env})
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stderr == (f"crossbar: error: {path}, line 1: column 'c2 (uS)' (cycle 2) holds no number, only empty "
                           "or NaN cells; expected the reads of a cycle: fill it or drop it\n")


# ------------------------------------------------------------------ 7: a header written as a note

ROWS = "".join(f"{m},{1e6 * x:.6f}\n" for m, x in enumerate(CYCLE))


@pytest.mark.parametrize("head", [
    "# pulses,G (uS)\n",  # a column named '# pulses' (the probe's file)
    "# pulse,G (uS)\n",  # numpy.savetxt(..., header='pulse,G (uS)')
    "# measured 2026-12-04\n# pulse,G (uS)\n",  # another note above it stays a note
    "#pulse,G (uS)\n",
])
def test_a_header_written_as_a_note_above_numbers_is_read_as_the_header(tmp_path, head):
    """'# pulses,G (uS)' was skipped as a note and the refusal pointed at line 2 ('found numbers 0,1')."""
    path = tmp_path / "hash.csv"
    path.write_text(head + ROWS)
    plain = tmp_path / "plain.csv"
    plain.write_text("pulse,G (uS)\n" + ROWS)
    device = load_device(path)
    np.testing.assert_array_equal(device.conductance, load_device(plain).conductance)
    number = head.count("\n")
    assert device.metadata["header"] == f"line {number}, written as a note ('#'): the line after it holds numbers"
    assert device.metadata.get("notes", []) == (["measured 2026-12-04"] if number == 2 else [])


def test_a_header_note_in_a_tab_or_semicolon_table_is_read_too(tmp_path):
    path = tmp_path / "hash.tsv"
    path.write_text("# pulse\tG (uS)\n" + ROWS.replace(",", "\t"))
    np.testing.assert_allclose(load_device(path).conductance, CYCLE, rtol=1e-6)
    path.write_text("#pulse;G (uS)\n" + ROWS.replace(",", ";").replace(".", ","))
    np.testing.assert_allclose(load_device(path).conductance, CYCLE, rtol=1e-6)


@pytest.mark.parametrize("head, message", [
    ("# some remark\n", "line 2: expected a header line naming the columns, found numbers '0,1.000000' (line 1 "
                        "'# some remark' starts with '#', so it is a note, and it names no column as a header does: "
                        "no pulse column, quantity or unit)"),
    ("# pulse,G (uF)\n", "line 2: expected a header line naming the columns, found numbers '0,1.000000' (line 1 "
                         "'# pulse,G (uF)' starts with '#', so it is a note; read as the header: line 1: column "
                         "'G (uF)': unknown unit 'uF'"),
    ("# pulse,G (uS),R (Ohm)\n", "(line 1 '# pulse,G (uS),R (Ohm)' starts with '#', so it is a note; read as the "
                                 "header: line 1: the value columns hold different quantities"),
])
def test_a_note_that_cannot_be_the_header_is_named(tmp_path, head, message):
    path = tmp_path / "note.csv"
    path.write_text(head + ROWS)
    with raises(message):
        load_device(path)


def test_the_cli_reads_a_header_written_as_a_note(tmp_path):
    path = tmp_path / "m_idx_pulses_col.csv"
    path.write_text("# pulses,G (uS)\n" + ROWS)
    done = crossbar_cli("device", "--device", path, "--json")
    assert done.returncode == 0, done.stderr
    assert '"points": 50' in done.stdout and '"columns": ["pulses", "G (uS)"]' in done.stdout


def test_the_device_command_says_which_line_it_read_as_the_header(tmp_path):
    """The loader recorded it; `crossbar device` did not show it, so a user could not tell that line 1 was used."""
    import json
    import subprocess
    import sys

    path = tmp_path / "hash.csv"
    path.write_text("# pulse,G (uS)\n" + ROWS)
    done = subprocess.run([sys.executable, "-m", "crossbar", "device", "--device", path, "--json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["read"]["header"] == ("line 1, written as a note ('#'): the line after it "
                                                         "holds numbers")
