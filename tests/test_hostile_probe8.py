"""Probe 8's unclean cases (two testers: a user's own device files; commands, studies and the API), each
fixed at its cause: valid input read correctly, bad input one line naming what and where, status 2."""

import json

import numpy as np
import pytest

import crossbar
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli


ROWS = "pulse,G (uS)\n" + "".join(f"{m},{1 + 0.5 * (1 - np.exp(-m / 8)):.8g}\n" for m in range(31))


# --- A: a first line '# Key: value' is a table's note, not an instrument header -------------------------

@pytest.mark.parametrize("note", ["# Sample: SP291", "# Date: 2024-01-01", "# source https://doi.org/10.1/x",
                                  "# 12:30 measurement", "  # Operator:\tA"])
def test_a_note_with_a_colon_on_the_first_line_is_a_note(tmp_path, note):
    path = tmp_path / "d.csv"
    path.write_text(f"{note}\n{ROWS}")
    plain = tmp_path / "plain.csv"
    plain.write_text(ROWS)
    np.testing.assert_array_equal(crossbar.load_device(path).conductance, crossbar.load_device(plain).conductance)


def test_a_bare_key_value_first_line_says_it_made_the_file_an_instrument_pulse_train(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(f"Sample: SP291\n{ROWS}")
    assert_one_line_error(crossbar_cli("device", "--device", path),
                          "line 2: expected the column line 'Time stamp (s), Voltage (V), Current (A), Voltage (V), "
                          "Current (A), Resistance (Ohm)', found 'pulse,G (uS)' (line 1's 'Key: value' made this an "
                          "instrument pulse train; in a table, start it with '#' as a note)")


# --- U1: more workers than chunks ------------------------------------------------------------------------

def test_more_workers_than_chunks_run_as_many_as_there_are_chunks(tmp_path):
    import json

    runs = [crossbar_cli("montecarlo", "--quiet", "--trials", "20", "--max-epochs", "20", "--json", *extra)
            for extra in ([], ["--workers", "1024"])]
    for done in runs:
        assert done.returncode == 0, done.stderr
    assert len({json.dumps(json.loads(d.stdout)["summary"]) for d in runs}) == 1
    # past MAX_WORKERS (probe 12c, W1): refused naming the option; 2**31 - 1 of them overflowed the pool's
    # semaphore ('internal error: OverflowError', status 1) before they ran as many as there are chunks
    for workers in ("2147483647", str(2**63 - 1)):
        assert_one_line_error(crossbar_cli("montecarlo", "--quiet", "--trials", "20", "--workers", workers),
                              f"--workers {workers}: expected an integer 1 ... 1024")


# --- U2: a lognormal's tail held to the range at the gain K, before any work ------------------------------

@pytest.mark.parametrize("median, sigma, top", [("0.09", "0.5", "0.9692"), ("0.05", "0.3", "0.2081")])
def test_a_lognormal_whose_one_in_a_million_draw_starts_past_1_s_at_the_gain_is_refused(tmp_path, median, sigma, top):
    # every trial (0.09 S) or 8 of 50 (0.05 S) was unphysical, reported with status 0 after the work
    done = crossbar_cli("montecarlo", "--quiet", "--trials", "50", "--max-epochs", "10", "--offsets", "lognormal",
                        "--offset-median", median, "--offset-sigma", sigma, "--out", tmp_path / "s")
    assert_one_line_error(done, f"--offset-median x exp(4.75 --offset-sigma) (one device in a million draws above "
                                f"it) = {top} S: at --gain K = 10 a device starts at G = ")
    assert not (tmp_path / "s").exists()


def test_the_api_refuses_the_tail_at_the_gain_and_keeps_a_tame_lognormal():
    from crossbar.devices import Lognormal
    from crossbar.studies import Study, run_study

    with pytest.raises(ValueError, match=r"Lognormal\.median x exp\(4\.75 sigma\) \(one device in a million draws "
                                         r"above it\) = 0\.3\d+ S: at K = 10 a device starts at G = 3\.\d+ S"):
        run_study(Study(offsets=Lognormal(median=0.01, sigma=0.75), trials=4), progress=False)
    result = run_study(Study(offsets=Lognormal(median=3e-8, sigma=0.5), trials=20), progress=False)
    assert result.table["converged"].size == 20


# --- D: blocks of one instrument file whose logged temperatures differ are cycles of one device ---------

def test_instrument_blocks_that_differ_in_temperature_only_are_the_cycles_of_one_file(tmp_path):
    from crossbar.devices import write_pulse_train

    g = 1e-6 * (1 + 0.5 * (1 - np.exp(-np.arange(31) / 8)))
    parts = []
    for k, (scale, kelvin, ton) in enumerate(((1.0, 449.1, 1e-3), (1.001, 449.12, 1e-3), (1.0, 449.1, 2e-3))):
        write_pulse_train(tmp_path / f"b{k}.dat", g * scale, temperature=kelvin, pulse_width=ton)
        parts.append((tmp_path / f"b{k}.dat").read_text())
    (tmp_path / "drift.dat").write_text(parts[0] + parts[1])
    device = crossbar.load_device(tmp_path / "drift.dat")  # refused: 'Temperature (K)' ... choose a cycle
    np.testing.assert_allclose(device.conductance, g * 1.0005, rtol=1e-6)
    (tmp_path / "other.dat").write_text(parts[0] + parts[2])  # a pulse setting must still agree
    with pytest.raises(Exception, match=r"the cycles' blocks give other settings: 'tON \(ms\)'"):
        crossbar.load_device(tmp_path / "other.dat")


# --- E: a median step of rounding is no step -------------------------------------------------------------

def test_cycles_zigzagging_around_one_curve_have_no_relative_step_scatter():
    from crossbar.devices.cycles import cycle_noise

    zigzag = cycle_noise([np.array([[1e-6, 1.1e-6, 1e-6], [1e-6, 0.9e-6, 1e-6]])], 1e-7)
    assert zigzag.relative_step_scatter is None  # the median steps are 5e-22 S of rounding: it was 2.7e15
    assert zigzag.step_scatter == pytest.approx(np.sqrt(2))  # steps of +-0.1 uS in a 0.1 uS window
    rising = cycle_noise([np.array([[1e-6, 1.1e-6, 1.2e-6], [1e-6, 1.12e-6, 1.2e-6]])], 2e-7)
    assert rising.relative_step_scatter == pytest.approx(np.sqrt(2 * 0.02**2 / 2 / (0.11**2 + 0.09**2)), rel=1e-9)


# --- C: a moved device file replays as the study read it -------------------------------------------------

def test_a_moved_file_of_read_currents_replays_with_the_studys_read_voltage_and_cycle(tmp_path):
    k = np.arange(31)
    rows = "".join(f"{m}," + ",".join(f"{0.1 * (1 + 0.5 * (1 - np.exp(-m / 8)) * s):.8g}" for s in (1, 1.02, 0.98))
                   + "\n" for m in k)
    (tmp_path / "i.csv").write_text("pulse,I (uA) c0,I (uA) c1,I (uA) c2\n" + rows)
    made = crossbar_cli("montecarlo", "--device", "i.csv", "--read-voltage", "0.1", "--cycle", "2", "--trials", "10",
                        "--max-epochs", "40", "--out", "st", "--quiet", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    before = crossbar_cli("train", "--from", "st", "--trial", "2", "--json", cwd=tmp_path)
    (tmp_path / "i.csv").rename(tmp_path / "j.csv")
    # it asked for --read-voltage, then (given) refused the content hash of cycle 1
    after = crossbar_cli("train", "--from", "st", "--trial", "2", "--device", "j.csv", "--json", cwd=tmp_path)
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout)["pulse_count"] == json.loads(before.stdout)["pulse_count"]
    other = crossbar_cli("train", "--from", "st", "--trial", "2", "--device", "j.csv", "--cycle", "1", cwd=tmp_path)
    # told otherwise: another curve, refused naming the option (probe 9a, C': it named two content hashes)
    assert_one_line_error(other, "--cycle 1 differs from the study's --cycle 2: j.csv read with --cycle 2 is the "
                                 "study's device")


# --- G: an offsets file as numpy.savetxt writes it by default ---------------------------------------------

def test_an_offsets_file_of_space_or_tab_separated_numbers_is_read_as_its_comma_separated_twin(tmp_path):
    from crossbar.devices.offsets import read_offset_matrix

    m = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=3, trials=1)[0]
    np.savetxt(tmp_path / "comma.csv", m, delimiter=",", fmt="%.17g")
    np.savetxt(tmp_path / "space.txt", m)  # it was refused: "'6.62...e-08 9.07...' is a scale written in the name"
    np.savetxt(tmp_path / "tab.txt", m, delimiter="\t", fmt="%.17g")
    want = read_offset_matrix(tmp_path / "comma.csv", m.shape)
    for name in ("space.txt", "tab.txt"):
        np.testing.assert_array_equal(read_offset_matrix(tmp_path / name, m.shape), want)
    done = crossbar_cli("train", "--shifts", tmp_path / "space.txt", "--json", "--max-epochs", "20")
    assert done.returncode == 0, done.stderr
    ragged = tmp_path / "ragged.txt"
    ragged.write_text((tmp_path / "space.txt").read_text().replace("\n", " 1e-8\n", 1))
    with pytest.raises(ValueError, match=r"line 1: 5 values|line 2: 4 values, the first row has 5"):
        read_offset_matrix(ragged, m.shape)
