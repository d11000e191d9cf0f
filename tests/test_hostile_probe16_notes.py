"""Probe 15a's notes and header lines (S5, F1, F2, H2, M4 and the instrument's scale keys), each fixed at its cause.

S5: a note that is only a number (`# 1000`, `# 0.001`, `# (1000)`, `# 1e3`, `# -1000`, `# 1,000`, `# 10^3`)
loaded with status 0: a possible scale of the values, never read. Now refused naming the line, unless it is a whole
number of two digits or more that is no power of ten (`# 17`, `# 2024`: a sample's, a run's, a year's number).
F1: valid files were refused: notes that give a size (`# 2 um x 2 um`), a compliance (`# 100 uA CC`), a count in
powers of ten (`# endurance 1e6 cycles`), a time (`# pulse 1e-3 s`), a transimpedance gain (`# TIA gain 1e6 V/A`) or
times of day (`# times: 10:00-11:00`). F2: `# normalised pulse width` was refused as if the values were normalised.
H2: an instrument header's Initial or OFF Voltage that no row has loaded. M4: header keys in ps, sec, seconds, min
were refused or kept as text. Keys `Gain: 1000`, `Scale Factor: 0.001`, `Multiplier: 1e3` loaded with status 0.
"""

import re

import numpy as np
import pytest

from crossbar.devices import DeviceFileError, parse_device
from crossbar.devices.instrument import write_pulse_train
from crossbar.devices.offsets import OffsetFileError, read_offset_matrix
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

M = np.arange(31)
G = 1e-6 + 0.5e-6 * (1 - np.exp(-M / 8))  # S
V = 0.1  # the read voltage of the current tables, V


def _table(header, notes=(), below=()):
    """A device table of G in the unit `header` names (G (uS), G, I (A) at 0.1 V, R (kOhm)), notes above it or
    just under its header."""
    values = {"pulse,G (uS)": G * 1e6, "pulse,G": G, "pulse,I (A)": G * V, "pulse,I (uA)": G * V * 1e6,
              "pulse,R (kOhm)": 1e-3 / G}[header]
    return ("".join(f"# {n}\n" for n in notes) + header + "\n" + "".join(f"# {n}\n" for n in below) +
            "".join(f"{k},{v:.10g}\n" for k, v in enumerate(values)))


@pytest.fixture(scope="module")
def instrument(tmp_path_factory):
    """The text of an instrument file of G written by write_pulse_train (CRLF lines)."""
    path = tmp_path_factory.mktemp("probe16") / "i.dat"
    write_pulse_train(path, G)
    return path.read_bytes().decode()


HEADERS = ["pulse,G (uS)", "pulse,G", "pulse,I (A)", "pulse,I (uA)", "pulse,R (kOhm)"]


def _load(text, header="pulse,G (uS)"):
    return parse_device(text, read_voltage=V if header.startswith("pulse,I") else None).conductance


# --- S5: a note that is only a number ------------------------------------------------------------------------------

ONLY_A_NUMBER = ["1000", "0.001", "(1000)", "-1000", "1,000", "10", "2.5", "1k", "= 1000", "1 000", ".5", "1000.",
                 "1,5", "1000,,", "1/1000", "1:1000"]
# A guard: those written with an exponent, a power or an operator were refused before (holding a scale) and still are.
WRITTEN_AS_SCALES = ["1e3", "10^3", "1e-3", "x1000", "1000x", "[1e3]", "10\u00b3", "10**3"]


@pytest.mark.parametrize("note", ONLY_A_NUMBER + [pytest.param(n, id=f"guard-{n}") for n in WRITTEN_AS_SCALES])
@pytest.mark.parametrize("header", HEADERS)
def test_a_note_that_is_only_a_possible_scale_is_refused_naming_its_line(header, note):
    """Each loaded with status 0 but those with an exponent or a power: the values taken as they are."""
    with pytest.raises(DeviceFileError, match=r"line 1: the note " + re.escape(repr(note)) + r" (?:is only a number|"
                                              r"holds the scale)"):
        _load(_table(header, [note]), header)
    with pytest.raises(DeviceFileError, match=r"line 2: the note " + re.escape(repr(note))):
        _load(_table(header, below=[note]), header)


@pytest.mark.parametrize("note", ["1000", "0.001", "(1000)", "-1000", "1,000", "10"])
def test_a_bare_number_above_an_instrument_file_or_in_an_offsets_file_is_refused(tmp_path, instrument, note):
    with pytest.raises(DeviceFileError, match=f"line 1: the note {re.escape(repr(note))} is only a number, which is "
                                              "not read, over the header's column 'Resistance \\(Ohm\\)'"):
        parse_device(f"# {note}\r\n" + instrument)
    path = tmp_path / "s.csv"
    path.write_text(f"# {note}\nG+1 (uS),G-1 (uS)\n0.05,0.06\n0.07,0.08\n")
    with pytest.raises(OffsetFileError, match=f"line 1: the note {re.escape(repr(note))} is only a number"):
        read_offset_matrix(path, (2, 2))


def test_the_command_line_refuses_a_bare_number_note_in_one_line(tmp_path):
    """The probe's case: '# 1000' over 'pulse,G (uS)' trained on the values as they are, status 0."""
    path = tmp_path / "d.csv"
    path.write_text(_table("pulse,G (uS)", ["1000"]))
    assert_one_line_error(crossbar_cli("device", "--device", path, "--json"),
                          f"{path}, line 1: the note '1000' is only a number, which is not read, over the header's "
                          "column 'G (uS)', whose unit 'uS' is read")
    path.write_text(_table("pulse,G", ["1000"]))
    assert_one_line_error(crossbar_cli("device", "--device", path, "--json"),
                          "the note '1000' is only a number, which is not read: is it a scale of the values, which "
                          "would be read in S as they are? If so, write their unit in the column's name, e.g. 'G (mS)'")


# A guard (valid input): a whole number of two digits or more that is no power of ten labels something; 0 and 1 scale
# nothing; a number with its unit is a value.
LABELS = ["17", "2024", "365", "2,000", "1", "0", "17.", "(17)", "300K", "x", "sample 1000", "cycle 10"]


@pytest.mark.parametrize("header", HEADERS)
def test_guard_a_note_whose_number_labels_something_loads_the_same_values(header):
    plain = _load(_table(header), header)
    for note in LABELS:
        assert _load(_table(header, [note]), header).tobytes() == plain.tobytes(), note


# --- F1 and F2: valid notes that were refused ------------------------------------------------------------------------

VALID = [
    # sizes
    "2 um x 2 um", "device 2 um x 2 um", "2um x 2um", "100 nm x 100 nm", "1 mm x 1 mm pad",
    # currents: a compliance is a value with its unit
    "100 uA CC", "compliance 100 uA", "CC = 1 mA", "Icc 100uA", "current compliance 1e-4 A", "compliance 1e-4 A",
    "limit 10 mA", "I_cc: 100 \u00b5A",
    # counts and times in powers of ten
    "endurance 1e6 cycles", "1e6 cycles", "1e3 pulses", "retention 1e4 s", "10^4 s retention", "pulse 1e-3 s",
    "pulse width 1e-3 s", "1e-6 s pulses", "sampled at 1e3 Hz", "read voltage 1e-1 V", "pulsed 1e3 times",
    "stimulus 1 V, 1 ms, 1e3 times",
    # times of day after a word of multiplying
    "times: 10:00-11:00",
    # a transimpedance amplifier's gain: it turns the measured current into a voltage, and the instrument gives the
    # values after undoing it (in the unit their column names); a gain without a unit is a scale and refused
    "TIA gain 1e6 V/A", "TIA gain 1 MV/A", "transimpedance 1e6 V/A", "gain 1e6 V/A", "TIA gain 10^6 V/A",
    # F2: something else is normalised
    "normalised pulse width", "normalized pulse width 1", "normalized time",
]
# A guard: siblings that loaded before (sizes without a unit before 'x', dates, temperatures, times of day) still do.
LOADED_BEFORE = ["2 x 2 um", "2x2 um2", "measured 01.05.2024", "2024-05-01", "05/01/2024", "1.5.2024", "2024/05/01",
                 "@ 25 \u00b0C", "at 25 C", "T = 300 K", "10:00", "10:00:00", "start 10:00 end 11:30",
                 "time 10:00-11:00"]


@pytest.mark.parametrize("note", VALID + [pytest.param(n, id=f"guard-{n}") for n in LOADED_BEFORE])
def test_a_note_that_measures_something_else_loads_the_same_values_under_every_header(instrument, note):
    """Each was refused under at least one of these headers (most over 'pulse,G', which names no unit; the
    transimpedance gain and the times of day under all of them), as a scale ('x 2', '1e6', 'gain 1e6', 'times: 10'),
    as the values' unit ('uA', 'A'), or as normalised values."""
    for header in HEADERS:
        plain = _load(_table(header), header)
        assert _load(_table(header, [note]), header).tobytes() == plain.tobytes(), header
        assert _load(_table(header, below=[note]), header).tobytes() == plain.tobytes(), header
    assert parse_device(f"# {note}\r\n" + instrument).conductance.tobytes() == \
        parse_device(instrument).conductance.tobytes()


@pytest.mark.parametrize("note, said", [("gain 1000", "gain 1000"), ("gain 60 dB", "gain 60"),
                                        ("gain 1e6 V/V", "1e6"), ("normalised conductance", "normalised"),
                                        ("normalized, pulse width 1 ms", "normalized"), ("compliance 100 uS", "uS"),
                                        ("1e-6 S", "1e-6"), ("1e3 times larger", "1e3")])
def test_guard_a_dimensionless_gain_or_normalised_values_are_still_refused(note, said):
    with pytest.raises(DeviceFileError, match=f"line 1: the note {re.escape(repr(note))}.*{re.escape(repr(said))}"):
        _load(_table("pulse,G", [note]), "pulse,G")


# --- the instrument's header: scale keys, H2 and M4 ----------------------------------------------------------------

@pytest.mark.parametrize("line", ["Gain: 1000", "Scale Factor: 0.001", "Multiplier: 1e3", "Gain (dB): 60",
                                  "Amplification: 100", "Conversion Factor: 1e-3"])
def test_a_header_key_that_gives_a_scale_of_the_values_is_refused_naming_key_and_line(instrument, line):
    key, value = line.split(": ")
    with pytest.raises(DeviceFileError, match=f"line 10: header key {re.escape(repr(key))} is {re.escape(value)}, a "
                                              "scale of the values, which is not read"):
        parse_device(instrument.replace("Temperature", f"{line}\r\nTemperature", 1))


def test_the_writer_refuses_an_extra_header_line_that_gives_a_scale(tmp_path):
    """write_pulse_train(extra_header={'Gain': '1000'}) wrote a file load_device now refuses."""
    with pytest.raises(ValueError, match=r"extra_header\['Gain'\] = '1000': a scale of the values, which load_device "
                                         "refuses"):
        write_pulse_train(tmp_path / "w.dat", G, extra_header={"Gain": "1000"})
    write_pulse_train(tmp_path / "w.dat", G, extra_header={"TIA Gain (V/A)": "1e6"})
    assert parse_device((tmp_path / "w.dat").read_bytes()).metadata["TIA Gain (V/A)"] == "1e6"


@pytest.mark.parametrize("line", ["TIA Gain (V/A): 1e6", "Gain: 1e6 V/A", "Gain: 1", "Date: 01.05.2024",
                                  "Time: 10:00:00", "Sample: D12", "Compliance (A): 1e-4", "Range: 1e-6",
                                  "Comment: 1e6 cycles endurance", "Area (um2): 4", "Measurement Duration (min): 30"])
def test_guard_other_header_keys_are_kept_as_text_and_load_the_same_values(instrument, line):
    device = parse_device(instrument.replace("Temperature", f"{line}\r\nTemperature", 1))
    assert device.conductance.tobytes() == parse_device(instrument).conductance.tobytes()
    key, value = line.split(": ")
    assert device.metadata[key] == value


@pytest.mark.parametrize("old, new, line, rows", [
    ("Initial Voltage (V): -2.000000E+00", "Initial Voltage (V): 0.1", 3, "its first pulse row is at -2 V (line 12)"),
    ("Initial Voltage (V): -2.000000E+00", "Initial Voltage (V): 1.5", 3, "its first pulse row is at -2 V (line 12)"),
    ("Initial Voltage (V): -2.000000E+00", "Initial Voltage (V): 2", 3, "its first pulse row is at -2 V (line 12)"),
    ("OFF Voltage (V): 0.000000E+00", "OFF Voltage (V): 1.5", 7, "no row of the block is at 1.5 V: the row after its "
                                                                 "first pulse is at 0 V (line 13)"),
    ("OFF Voltage (V): 0.000000E+00", "OFF Voltage (mV): 100", 7, "no row of the block is at 0.1 V: the row after "
                                                                  "its first pulse is at 0 V (line 13)"),
])
def test_an_initial_or_off_voltage_that_the_rows_contradict_is_refused_naming_key_line_and_rows(instrument, old, new,
                                                                                               line, rows):
    """Each loaded with status 0, the header's voltage kept in the metadata against the rows' own."""
    assert old in instrument
    key, value = new.split(": ")
    with pytest.raises(DeviceFileError, match=f"line {line}: {re.escape(repr(key))} is {re.escape(value)} .*, but "
                                              f"{re.escape(rows)}; expected the header to give"):
        parse_device(instrument.replace(old, new, 1))


@pytest.mark.parametrize("old, new", [("Initial Voltage (V): -2.000000E+00", "Initial Voltage (V): -2.01"),
                                      ("Initial Voltage (V): -2.000000E+00", "Initial Voltage (V): 0"),
                                      ("OFF Voltage (V): 0.000000E+00", "OFF Voltage (V): 0"),
                                      ("OFF Voltage (V): 0.000000E+00", "OFF Voltage (mV): 0")])
def test_guard_an_initial_or_off_voltage_the_rows_agree_with_loads_the_same_values(instrument, old, new):
    assert parse_device(instrument.replace(old, new, 1)).conductance.tobytes() == \
        parse_device(instrument).conductance.tobytes()


@pytest.mark.parametrize("key, seconds", [("tON (ps): 1000000000", 1e-3), ("tON (sec): 0.001", 1e-3),
                                          ("PW (seconds): 0.001", 1e-3), ("Pulse Width (second): 0.001", 1e-3),
                                          ("tON (msec): 1", 1e-3), ("tON (min): 0.001", 0.06), ("tON_sec: 0.001", 1e-3),
                                          ("tON (minutes): 0.001", 0.06)])
def test_a_time_key_in_ps_sec_seconds_or_min_is_read_in_its_unit(instrument, key, seconds):
    """'tON (ps)', 'tON (sec)' were refused ('not a time unit the loader reads'), 'PW (seconds)' kept as text."""
    device = parse_device(instrument.replace("tON (ms): 1", key, 1))
    assert device.metadata["pulse_width"] == pytest.approx(seconds, rel=1e-12)


def test_a_time_key_in_minutes_sets_the_wait_and_a_bare_duration_in_minutes_is_refused_as_ambiguous(instrument):
    device = parse_device(instrument.replace("tWait (ms): 100", "tWait (min): 2", 1))
    assert device.metadata["wait_time"] == pytest.approx(120.0, rel=1e-12)
    with pytest.raises(DeviceFileError, match=r"line 6: header key 'Duration \(min\)' names a duration in min, the "
                                              r"write pulse's width or the measurement's\?"):
        parse_device(instrument.replace("tON (ms): 1", "Duration (min): 0.001", 1))
