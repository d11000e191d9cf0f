"""Probe 14a's findings on instrument headers (H1, E2, M3).

H1: a header key that names its unit after ' in ' ('tON in ms', 'ON Voltage in V', 'Amplitude in V', 'VON in V') or
writes the width as 'PW (us)' or 'Duration (ms)' was kept as text: the energy charged NeuroSim's 80 ns pulse (25,000
times below a 2 ms one), a depression file's 5 ms pulse was charged at the potentiating one's 1 ms, and a header
that contradicts its rows' voltage loaded. E2: 'tON (s): 500' was taken over rows 0.01 s apart. M3: the Kelvin sign
(U+212A) in 'Temperature (K)' was refused as "unit 'K' is not ... expected K".
"""

import re

import numpy as np
import pytest

from conftest import SHARED_MEASUREMENT
from crossbar.devices import load_device, write_pulse_train
from crossbar.networks import EnergyModel
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

UP = 1e-6 + 0.5e-6 * (1 - np.exp(-np.arange(31) / 6))
DOWN = UP[-1] - 0.5e-6 * (1 - np.exp(-np.arange(31) / 6))
COLUMNS = "Time stamp (s), Voltage (V), Current (A), Voltage (V), Current (A),Resistance (Ohm)"


def _header(on="ON Voltage (V):2.000000E+0", ton="tON (ms):1", initial="-2.000000E+0", extra=()):
    """The instrument's header lines, 30 pulses, with the ON voltage's and tON's lines as given (None: left out)."""
    lines = ["Number of Pulses: 30", "Initial Voltage Duration (ms): 1000", f"Initial Voltage (V):{initial}",
             "Read Voltage (V):50.000000E-3", on, ton, "OFF Voltage (V):0.000000E+0", "tOFF (ms):100",
             "tWait (ms):100", "Temperature (K): 300"]
    return [line for line in lines if line is not None] + list(extra)


def _file(path, header, reads=UP, first=-2.0, volts=2.0, columns=COLUMNS, seconds=1.0):
    """An instrument file: per read a pulse row (the first at `first` V, the others at `volts`), a 0 V row 0.01 s
    later and a read row 0.01 s after that (time stamps written x `seconds`: in ms for 1e3)."""
    rows, t = [], 0.0
    for m, g in enumerate(reads):
        v = first if m == 0 else volts
        rows.append(f"{t * seconds:.6E},{v:.6E},{v * 1e-3:+.3E},,,{1e3:.6E}")
        rows.append(f"{(t + 0.01) * seconds:.6E},{0.0:.6E},{0.0:+.3E},,,{0.0:.6E}")
        rows.append(f"{(t + 0.02) * seconds:.6E},{0.05:.6E},{g * 0.05:.6E},{-0.05:.6E},{-g * 0.05:.6E},{1 / g:.6E}")
        t += 0.03
    path.write_text("\r\n".join(list(header) + [columns] + rows) + "\r\n")
    return path


def _measured(tmp_path, old, new):
    """The measured file with its header line `old` replaced by `new` (a copy in tmp_path)."""
    if not SHARED_MEASUREMENT.is_file():
        pytest.skip(f"reference measurement not found at {SHARED_MEASUREMENT} (it is not distributed with the "
                    "project; CI provides it)")
    text = SHARED_MEASUREMENT.read_bytes().decode()
    assert f"\r\n{old}\r\n" in text
    path = tmp_path / "edited.dat"
    path.write_bytes(text.replace(f"\r\n{old}\r\n", f"\r\n{new}\r\n", 1).encode())
    return path


# --- H1: widths and voltages under keys the loader did not read ------------------------------------------------

@pytest.mark.parametrize("line", ["tON in ms:2", "PW (us):2000", "Duration (ms):2", "Pulse width in us:2000",
                                  "tON In ms:2", "Write PW (ns):2e6"])
def test_a_width_key_in_words_or_with_its_unit_after_in_is_the_write_pulse_width(tmp_path, line):
    device = load_device(_file(tmp_path / "d.dat", _header(ton=line)))
    model = EnergyModel.of(device)
    assert model.write_width == pytest.approx(2e-3, rel=1e-12)  # was NeuroSim's 8e-08 s
    assert model.source == "the device file's header"
    np.testing.assert_allclose(device.conductance, UP, rtol=1e-6)


def test_notes_beside_a_width_read_after_in_still_load_as_text(tmp_path):
    notes = ["Sample in box: A", "Duration: 3 h", "Made in: Germany", "Time in vacuum: 2 days", "Set in stone: yes"]
    device = load_device(_file(tmp_path / "d.dat", _header(ton="tON in ms:2", extra=notes)))
    assert EnergyModel.of(device).write_width == pytest.approx(2e-3, rel=1e-12)
    for note in notes:
        key, value = note.split(": ")
        assert device.metadata[key] == value
    for key in ("Temperature (K)", "tOFF (ms)", "tWait (ms)", "Initial Voltage (V)"):
        assert key not in device.metadata  # read as settings, as before
    assert device.metadata["temperature"] == 300.0 and device.metadata["off_time"] == pytest.approx(0.1)


@pytest.mark.parametrize("line", ["ON Voltage in V:2", "Amplitude in V:2", "VON in V:2"])
def test_a_voltage_key_with_its_unit_after_in_is_read_and_checked_against_the_rows(tmp_path, line):
    key = line.split(":")[0]
    with pytest.raises(ValueError, match=re.escape(f"line 5: '{key}' is 2 (2 V), but the file's pulse rows are at 3 V")):
        load_device(_file(tmp_path / "three.dat", _header(on=line), volts=3.0))  # loaded, charged at the rows' 3 V
    model = EnergyModel.of(load_device(_file(tmp_path / "two.dat", _header(on=line))))
    assert model.write_voltage == 2.0 and model.source == "the device file's header"


@pytest.mark.parametrize("line", ["tON in ms:5", "PW (us):5000"])
def test_a_depression_files_width_in_those_spellings_is_its_own(tmp_path, line):
    up = _file(tmp_path / "p.dat", _header())
    down = _file(tmp_path / "q.dat", _header(on="ON Voltage (V):-3.000000E+0", ton=line, initial="2.000000E+0"),
                 reads=DOWN, first=2.0, volts=-3.0)
    model = EnergyModel.of(load_device(up, depression=down))
    assert (model.write_voltage, model.write_width) == (2.0, 1e-3)
    assert model.depress_voltage == 3.0
    assert model.depress_width == pytest.approx(5e-3, rel=1e-12)  # was the potentiating pulse's 1 ms
    assert "width the potentiating pulse's width" not in model.depress_source


@pytest.mark.parametrize("old, new, width", [("tON (ms):1", "tON in ms:2", 2e-3), ("tON (ms):1", "PW (us):1000", 1e-3)])
def test_the_measured_file_with_its_width_so_written_charges_that_width(tmp_path, old, new, width):
    model = EnergyModel.of(load_device(_measured(tmp_path, old, new)))
    assert model.write_width == pytest.approx(width, rel=1e-12) and model.source == "the device file's header"


def test_the_command_line_reports_the_width_written_after_in(tmp_path):
    _file(tmp_path / "d.dat", _header(ton="tON in ms:2"))
    result = crossbar_cli("device", "--device", "d.dat", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pulses = next(line for line in result.stdout.splitlines() if line.lstrip().startswith("pulses"))
    assert "0.002 s" in pulses and "NeuroSim" not in pulses


# --- E2: a width longer than the rows' own time stamps allow -------------------------------------------------

def test_a_header_width_longer_than_the_rows_allow_is_refused_naming_the_key_and_the_gap(tmp_path):
    path = _file(tmp_path / "d.dat", _header(ton="tON (s):500"))
    with pytest.raises(ValueError, match=r"line 6: 'tON \(s\)' is 500 \(500 s\), longer than the file's rows allow: .*"
                                         r"no pulse row lies more than 0\.02 s between the row before it and the row "
                                         r"after it \(the longest of its 30 pulse rows, lines \d+ to \d+\)"):
        load_device(path)
    load_device(_file(tmp_path / "ok.dat", _header(ton="tON (ms):20")))  # the gap itself is allowed
    result = crossbar_cli("device", "--device", "d.dat", cwd=tmp_path)
    assert_one_line_error(result, "d.dat, line 6: 'tON (s)' is 500")


def test_a_depression_files_width_longer_than_its_rows_allow_is_refused(tmp_path):
    up = _file(tmp_path / "p.dat", _header())
    down = _file(tmp_path / "q.dat", _header(on="ON Voltage (V):-3.000000E+0", ton="tON (s):500",
                                             initial="2.000000E+0"), reads=DOWN, first=2.0, volts=-3.0)
    with pytest.raises(ValueError, match=r"q\.dat, line 6: 'tON \(s\)' is 500 \(500 s\), longer than the file's rows"):
        load_device(up, depression=down)  # depress_width=500.0 was charged


def test_time_stamps_are_read_in_the_unit_column_1_names(tmp_path):
    columns = COLUMNS.replace("Time stamp (s)", "Time stamp (ms)")
    device = load_device(_file(tmp_path / "ms.dat", _header(ton="tON (ms):2"), columns=columns, seconds=1e3))
    assert EnergyModel.of(device).write_width == pytest.approx(2e-3, rel=1e-12)
    with pytest.raises(ValueError, match=r"'tON \(s\)' is 2 \(2 s\), longer than the file's rows allow: by its time "
                                         r"stamps \('Time stamp \(ms\)'\) no pulse row lies more than 0\.02 s"):
        load_device(_file(tmp_path / "s.dat", _header(ton="tON (s):2"), columns=columns, seconds=1e3))


def test_the_measured_file_with_a_width_of_500_s_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"line 6: 'tON \(s\)' is 500 \(500 s\), longer than the file's rows allow"):
        load_device(_measured(tmp_path, "tON (ms):1", "tON (s):500"))


@pytest.mark.parametrize("width", [0.6, 5.0, 999.0])
def test_the_writer_spaces_its_rows_for_its_width_and_a_longer_header_is_refused(tmp_path, width):
    path = tmp_path / "w.dat"
    write_pulse_train(path, UP, pulse_width=width, depression=DOWN)
    assert EnergyModel.of(load_device(path)).write_width == pytest.approx(width, rel=1e-12)
    text = path.read_text()
    written = f"tON (ms): {width * 1e3:g}"
    assert written in text
    (tmp_path / "long.dat").write_text(text.replace(written, f"tON (ms): {width * 1e3 + 50:g}"))
    with pytest.raises(ValueError, match="longer than the file's rows allow"):
        load_device(tmp_path / "long.dat")


# --- M3: compatibility characters in a key's unit ------------------------------------------------------------

def test_the_kelvin_sign_is_read_as_k_and_an_unread_symbol_is_named_by_its_code_point(tmp_path):
    header = [line.replace("Temperature (K)", "Temperature (\u212a)") for line in _header()]
    assert load_device(_file(tmp_path / "k.dat", header)).metadata["temperature"] == 300.0  # was refused
    header = [line.replace("Temperature (K)", "Temperature (\u2103)") for line in _header()]
    with pytest.raises(ValueError, match=re.escape("line 10: header key 'Temperature (\u2103)': unit '\u2103' "
                                                   "(U+2103, read as '\u00b0C') is not a temperature unit")):
        load_device(_file(tmp_path / "c.dat", header))
