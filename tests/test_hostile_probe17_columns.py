"""Probe 16a's leftovers V1, F1 (max/min), C1 forms, the instrument's 'Gain (V/A)' key and train's device line.

V1: a note stating another read voltage than the header's ('# Vread = 0.2 V' over 'pulse,I (uA) @ 0.1 V') or the
option's (with --read-voltage 0.1 over 'pulse,I (uA)') was dropped unread: the curve loaded 2x off, status 0. It is
refused naming the note's line and both voltages; agreeing notes load. A note alone does not give the voltage: the
refusal asking for --read-voltage names the voltage the note states.
F1: a column of the values' maximum or minimum beside them ('G max (uS)', 'G (uS) (max)', 'Gmin') was averaged in as
one more cycle (G and 1.3 G loaded as 1.15 G); so were 'G baseline', 'G reference', 'G target' and 'dev'. Beside
another value column they are refused naming the column; alone, 'Gmax (uS)' is still the curve.
C1: '--cycle K' counted positions over 'G2 (uS),G1 (uS)', 'G_2 (uS),G_1 (uS)', 'G (uS) (D2),G (uS) (D1)': cycle 1
took the column named 2. Where every name ends in a number, K is the column that names K if they are 1 ... n;
other numbers ('D3, D5') are refused for an explicit K, listing the columns.
Gain: 'Gain (V/A): 1e6' in an instrument header is the amplifier's transimpedance, as 'TIA Gain (V/A): 1e6' is: the
format's columns name their units (A, Ohm), so it loads the same values, kept as text (decided; a guard).
train/montecarlo: with --cycle K their 'device' line did not name the column taken; it does, as 'device' does.
"""

import re

import numpy as np
import pytest

from crossbar.cli.montecarlo import device_line
from crossbar.devices.files import DeviceFileError, parse_device
from crossbar.devices.instrument import write_pulse_train
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

M = np.arange(31)
G = 1 + 0.5 * (1 - np.exp(-M / 8))  # uS


def _table(header, *columns, notes=()):
    return ("".join(f"# {n}\n" for n in notes) + header + "\n" +
            "".join(f"{k}," + ",".join(f"{c[k]:.10g}" for c in columns) + "\n" for k in M))


def _currents(header="pulse,I (uA) @ 0.1 V", notes=()):
    return _table(header, G * 0.1, notes=notes)  # I = G V at 0.1 V, uA


# --- V1: a note's read voltage ---------------------------------------------------------------------------------------

OTHER_VOLTAGE = [("Vread = 0.2 V", "0.2 V"), ("read voltage 200 mV", "200 mV (0.2 V)"), ("V_read: 0.2 V", "0.2 V"),
                 ("read at 0.2 V", "0.2 V"), ("Vread=0.2V", "0.2 V"), ("read voltage: 0.2 V", "0.2 V"),
                 ("Read Voltage (V): 0.2", "0.2 V"), ("measured at Vread = 200 mV", "200 mV (0.2 V)"),
                 ("V_{read} = 0.2 V", "0.2 V"), ("read-out bias 0.2 V", "0.2 V")]


@pytest.mark.parametrize("note, said", OTHER_VOLTAGE)
def test_a_note_stating_another_read_voltage_than_the_header_is_refused_naming_both(note, said):
    """It loaded at the header's 0.1 V, status 0: 2x off if the note is right."""
    with pytest.raises(DeviceFileError, match=f"line 2: the note {re.escape(repr(note))} states the read voltage "
                                              f"{re.escape(said)} and the header's column 'I \\(uA\\) @ 0.1 V' names "
                                              "0.1 V: which were the currents read at"):
        parse_device(_currents(notes=["sample 3", note]))


@pytest.mark.parametrize("note, said", OTHER_VOLTAGE)
def test_a_note_stating_another_read_voltage_than_the_option_is_refused_naming_both(note, said):
    with pytest.raises(DeviceFileError, match=f"line 1: the note {re.escape(repr(note))} states the read voltage "
                                              f"{re.escape(said)} and the read voltage given \\(--read-voltage, API "
                                              "read_voltage=\\) is 0.1 V"):
        parse_device(_currents("pulse,I (uA)", notes=[note]), read_voltage=0.1)


def test_the_command_line_refuses_a_contradicting_note_in_one_line(tmp_path):
    path = tmp_path / "v1.csv"
    path.write_text(_currents(notes=["Vread = 0.2 V"]))
    assert_one_line_error(crossbar_cli("device", "--device", path), "v1.csv, line 1: the note 'Vread = 0.2 V' states "
                                                                    "the read voltage 0.2 V")


def test_a_note_below_the_header_is_checked_too():
    text = _currents()
    text = text.replace("\n", "\n# Vread = 0.2 V\n", 1)
    with pytest.raises(DeviceFileError, match="line 2: the note 'Vread = 0.2 V' states"):
        parse_device(text)


def test_a_note_stating_a_read_voltage_without_a_unit_is_refused_where_it_is_neither_in_v_nor_in_mv():
    with pytest.raises(DeviceFileError, match=r"the note 'Vread = 0.2' states the read voltage 0.2 \(no unit\)"):
        parse_device(_currents(notes=["Vread = 0.2"]))


@pytest.mark.parametrize("note", ["Vread = 0.1 V", "read voltage 100 mV", "Read Voltage (mV): 100", "read at 0.1 V",
                                  "Vread = 0.1", "Vread = 100", "read at 25 \u00b0C", "read after 10 pulses",
                                  "read at pulse 5", "reads at 0.1 V, pulses of 2 V", "Vset = 1.5 V, Vread = 0.1 V"])
def test_guard_agreeing_notes_and_notes_naming_no_read_voltage_load(note):
    device = parse_device(_currents(notes=[note]))
    np.testing.assert_allclose(device.conductance, G * 1e-6, rtol=1e-9)
    device = parse_device(_currents("pulse,I (uA)", notes=[note]), read_voltage=0.1)
    np.testing.assert_allclose(device.conductance, G * 1e-6, rtol=1e-9)


@pytest.mark.parametrize("header", ["pulse,G (uS)", "pulse,R (kOhm)"])
def test_guard_a_note_read_voltage_over_conductances_or_resistances_changes_nothing(header):
    values = G if header.endswith("(uS)") else 1e3 / G
    device = parse_device(_table(header, values, notes=["Vread = 0.2 V"]))
    np.testing.assert_allclose(device.conductance, G * 1e-6, rtol=1e-9)


def test_a_note_alone_does_not_give_the_read_voltage_but_the_refusal_names_it():
    """Kept asking for --read-voltage (decided: a note is prose, checked, not read; the header or the option is
    where a setting that scales every value is read); the line now says what the note states."""
    with pytest.raises(DeviceFileError, match=r"line 2: column 'I \(uA\)' holds read currents; give the read voltage "
                                              r"\(--read-voltage V, API read_voltage=V\) to turn them into conductances "
                                              r"G = I / V \(the note on line 1 states the read voltage 100 mV: if they "
                                              r"were read at it, give --read-voltage 0.1\)"):
        parse_device(_currents("pulse,I (uA)", notes=["read voltage 100 mV"]))


def test_guard_the_header_s_read_voltage_is_still_said_in_the_report():
    device = parse_device(_currents(notes=["Vread = 0.1 V"]))
    assert device.metadata["values"] == "read currents in uA at 0.1 V (the header's)"
    assert device.metadata["read_voltage_from"] == "the header's column 'I (uA) @ 0.1 V'"


# --- F1: a maximum, a minimum, a reference beside the values --------------------------------------------------------

BESIDE = [("G (uS)", "G max (uS)"), ("G (uS)", "G (uS) (max)"), ("G (uS) (mean)", "G (uS) (min)"),
          ("G (uS)", "Gmax (uS)"), ("G_min (uS)", "G (uS)"), ("G (uS)", "G (uS) maximum"), ("G (uS)", "G MIN (uS)"),
          ("I (uA)", "Imax (uA)"), ("G (uS)", "G baseline (uS)"), ("G (uS)", "G reference (uS)"),
          ("G (uS)", "G target (uS)"), ("G (uS)", "dev (uS)"), ("G mean (uS)", "dev (uS)")]


@pytest.mark.parametrize("first, second", BESIDE)
def test_a_bound_or_a_reference_column_beside_the_values_is_refused_naming_it(first, second):
    """'pulse,G (uS),G max (uS)' with a maximum of 1.3 G loaded as 1.15 G, the median of two 'cycles'."""
    named = second if re.search(r"max|min|baseline|reference|target|dev", second, re.I) else first
    read = {"read_voltage": 0.1} if first.startswith("I") else {}
    with pytest.raises(DeviceFileError, match=f"line 1: column {re.escape(repr(named))}: .* not a cycle, beside the "
                                              "value column .*: drop it"):
        parse_device(_table(f"pulse,{first},{second}", G, G * 1.3), **read)


def test_mean_min_max_columns_are_refused_naming_the_minimum():
    with pytest.raises(DeviceFileError, match="column 'G min \\(uS\\)': 'min' makes it a bound of the values"):
        parse_device(_table("pulse,G mean (uS),G min (uS),G max (uS)", G, G * 0.7, G * 1.3))


def test_the_command_line_refuses_a_max_column_in_one_line(tmp_path):
    path = tmp_path / "f1max.csv"
    path.write_text(_table("pulse,G (uS),G max (uS)", G, G * 1.3))
    assert_one_line_error(crossbar_cli("device", "--device", path), "column 'G max (uS)': 'max' makes it a bound")


@pytest.mark.parametrize("header", ["pulse,G (uS),G upper (uS)", "pulse,G avg (uS),G hi (uS)",
                                    "pulse,G (uS),G + sd (uS)", "pulse,G (uS),G lower (uS)"])
def test_guard_other_envelopes_beside_the_values_are_still_refused(header):
    with pytest.raises(DeviceFileError, match="line 1: column .* is not read"):
        parse_device(_table(header, G, G * 1.3))


@pytest.mark.parametrize("name", ["Gmax (uS)", "G_max (uS)", "G (uS) MAX", "Gmin (uS)", "G max (uS)"])
def test_guard_a_single_max_or_min_column_is_still_the_curve(name):
    np.testing.assert_allclose(parse_device(_table(f"pulse,{name}", G)).conductance, G * 1e-6, rtol=1e-9)


@pytest.mark.parametrize("header", ["pulse,G (uS) c1,G (uS) c2", "pulse,G (uS) cycle 5,G (uS) cycle 10"])
def test_guard_cycles_whose_labels_hold_no_bound_load_as_cycles(header):
    """('G (uS) 5 min,G (uS) 10 min', 'dev 1,dev 2', 'G dev A,G dev B' loaded here: since probe 17a's F3 they name
    times and devices, no cycle, and are refused: tests/test_hostile_probe18_cycles.py.)"""
    device = parse_device(_table(header, G, G * 1.02))
    np.testing.assert_allclose(device.conductance, G * 1.01e-6, rtol=1e-9)


# --- C1: numbers that end the columns' names ------------------------------------------------------------------------

ENDINGS = ["G{} (uS)", "G_{} (uS)", "G{}_uS", "G (uS) [{}]"]  # '(D2)', '[D2]' name devices since probe 17a, F3


@pytest.mark.parametrize("form", ENDINGS)
@pytest.mark.parametrize("cycle", [1, 2])
def test_cycle_k_takes_the_column_whose_name_ends_in_k(form, cycle):
    """'G2 (uS),G1 (uS)' with --cycle 1 took 'G2 (uS)', the first column."""
    text = _table(f"pulse,{form.format(2)},{form.format(1)}", G * 1.02, G)
    device = parse_device(text, cycle=cycle)
    np.testing.assert_allclose(device.conductance, (G if cycle == 1 else G * 1.02) * 1e-6, rtol=1e-9)
    assert device.metadata["cycle_column"] == (f"{form.format(cycle)!r} (value column {3 - cycle} of 2, which names "
                                               f"cycle {cycle})")


@pytest.mark.parametrize("names", [("G (uS) [3]", "G (uS) [5]"), ("G (uS) [1]", "G (uS)_1"),
                                   ("G3_uS", "G5_uS"), ("G3 (uS)", "G1 (uS)")])  # (D3, D5), T=300: no cycles (17a, F3)
def test_cycle_k_is_refused_where_the_ending_numbers_are_not_one_to_n(names):
    """('D3', 'D5') with --cycle 1 took 'D3'; is cycle 1 the first column or none?"""
    text = _table(f"pulse,{names[0]},{names[1]}", G, G * 1.02)
    with pytest.raises(ValueError, match=f"cycle = 1: the value columns of .* end in the numbers .*, which are not "
                                         f"1 ... 2 \\(its columns: {re.escape(repr(names[0]))}"):
        parse_device(text, cycle=1)


def test_the_command_line_refuses_an_ambiguous_cycle_in_one_line(tmp_path):
    path = tmp_path / "d35.csv"
    path.write_text(_table("pulse,G3 (uS),G5 (uS)", G, G * 1.02))
    assert_one_line_error(crossbar_cli("device", "--device", path, "--cycle", "1"),
                          "--cycle 1: the value columns of")


@pytest.mark.parametrize("names, first", [(("G1 (uS)", "G2 (uS)"), True), (("G (uS) [0]", "G (uS) [1]"), True),
                                          (("G (uS) run 2", "G (uS) run 1"), False),
                                          (("G (uS) measurement 2", "G (uS) measurement 1"), False)])
def test_guard_numbers_in_order_count_the_columns_and_named_cycles_still_load(names, first):
    text = _table(f"pulse,{names[0]},{names[1]}", G * 1.02, G)
    np.testing.assert_allclose(parse_device(text, cycle=1).conductance, (G * 1.02 if first else G) * 1e-6, rtol=1e-9)


def test_guard_without_cycle_the_ambiguous_columns_load_as_their_median():
    device = parse_device(_table("pulse,G3 (uS),G5 (uS)", G, G * 1.02))
    np.testing.assert_allclose(device.conductance, G * 1.01e-6, rtol=1e-9)


# --- the instrument's 'Gain (V/A)' key --------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["Gain (V/A)", "TIA Gain (V/A)", "Transimpedance Gain (V/A)"])
def test_guard_a_transimpedance_gain_in_v_per_a_loads_the_same_values_kept_as_text(tmp_path, key):
    """Decided: the format's columns name their units (Current (A), Resistance (Ohm)); a gain in V/A is the
    amplifier's, which the instrument undid before writing them. 'Gain: 1000' (no unit) is still refused."""
    write_pulse_train(tmp_path / "plain.dat", G * 1e-6)
    write_pulse_train(tmp_path / "gain.dat", G * 1e-6, extra_header={key: "1e6"})
    device = parse_device((tmp_path / "gain.dat").read_bytes())
    assert device.conductance.tobytes() == parse_device((tmp_path / "plain.dat").read_bytes()).conductance.tobytes()
    assert device.metadata[key] == "1e6"
    text = (tmp_path / "plain.dat").read_bytes().decode().replace("Temperature", "Gain: 1000\r\nTemperature", 1)
    with pytest.raises(DeviceFileError, match="header key 'Gain' is 1000, a scale of the values"):
        parse_device(text)


# --- train's and montecarlo's device line ---------------------------------------------------------------------------

def test_the_device_line_of_train_and_montecarlo_names_the_column_cycle_k_took():
    """It printed 'device ... (31 points, cycle 1, ...)' with no word of which column, the first one here."""
    text = _table("pulse,G (uS) (set 2),G (uS) (set 1)", G * 1.02, G)
    line = device_line(parse_device(text, cycle=1))
    assert re.fullmatch(r"device     \S+ \(31 points, cycle 1, window \S+ S, sha256 [0-9a-f]{12}\), column "
                        r"'G \(uS\) \(set 1\)' \(value column 2 of 2, which names cycle 1\)", line), line


def test_guard_the_device_line_without_a_cycle_is_as_before():
    line = device_line(parse_device(_table("pulse,G (uS) (set 2),G (uS) (set 1)", G * 1.02, G)))
    assert re.fullmatch(r"device     \S+ \(31 points, median of 2 cycles, window \S+ S, sha256 [0-9a-f]{12}\)", line)


def test_train_prints_the_column_on_its_device_line(tmp_path):
    path = tmp_path / "c1.csv"
    path.write_text(_table("pulse,G (uS) (set 2),G (uS) (set 1)", G * 1.02, G))
    done = crossbar_cli("train", "--device", path, "--cycle", "1", "--max-epochs", "2")
    assert done.returncode == 0, done.stderr
    assert "cycle 1, window" in done.stdout and "column 'G (uS) (set 1)' (value column 2 of 2" in done.stdout
