"""Probe 17a, C4 and H1: instrument files' blocks and header keys.

C4: over blocks headed ``Cycle: 3``, ``Cycle: 2``, ``Cycle: 1`` (or ``Run``, ``Sweep``, ``Iteration``, ... or noted
``# cycle 3`` just above), ``--cycle 1`` took the block headed ``Cycle: 3``, with status 0: K counted the blocks
whatever they named. K is now the block that names K; a K that no block names is refused listing the numbers named,
and where the names do not say which block is cycle K (a number two blocks name, some blocks naming one out of place
and others none) an explicit K is refused naming the blocks' lines.

H1: a header key that states the values' unit (``Units: kOhm``, ``Current Unit: uA``, ``Unit: uS``, ``Comment: values
in kOhm``) over a column line in other units loaded with status 0, the rows read in the column line's units; the
same words in a ``#`` note were refused. Such a key is refused naming both lines; one that agrees loads, and
``Gain (V/A): 1e6`` (the amplifier's gain) stays text.
"""

import numpy as np
import pytest

import crossbar
from crossbar.cli import main
from crossbar.cli.montecarlo import device_line
from crossbar.devices import DeviceFileError
from crossbar.devices.files import write_pulse_train

M = np.arange(31)
CURVES = [1e-6 * (1 + 0.5 * (1 - np.exp(-M / 8))) * (1 + 0.01 * i) for i in range(3)]


def _blocks(tmp_path, names, key="Cycle", note=None):
    """A file of three blocks, block i holding CURVES[i], headed `key: names[i]` (or noted `note` above it)."""
    parts = []
    for i, name in enumerate(names):
        part = tmp_path / f"part{i}.dat"
        extra = None if name is None or note is not None else {key: str(name)}
        write_pulse_train(part, CURVES[i], extra_header=extra)
        text = part.read_bytes().decode()
        parts.append(text if note is None or name is None else note.format(name) + "\r\n" + text)
    path = tmp_path / "blocks.dat"
    path.write_bytes("".join(parts).encode())
    return path


@pytest.mark.parametrize("cycle", [1, 2, 3])
@pytest.mark.parametrize("key", ["Cycle", "Cycle Number", "Cycle No", "Run", "Sweep", "Iteration", "Repeat", "Run #"])
def test_cycle_k_takes_the_block_that_names_k(tmp_path, key, cycle):
    path = _blocks(tmp_path, [3, 2, 1], key)
    device = crossbar.load_device(path, cycle=cycle)
    np.testing.assert_allclose(device.conductance, CURVES[3 - cycle], rtol=1e-6)
    assert device.metadata["cycle_block"].startswith(f"block {4 - cycle} of 3")


@pytest.mark.parametrize("note", ["# cycle {}", "# Cycle {}", "# run {}", "# --- Cycle {} ---"])
def test_cycle_k_takes_the_block_a_note_above_it_names(tmp_path, note):
    path = _blocks(tmp_path, [3, 2, 1], note=note)
    for cycle in (1, 3):
        np.testing.assert_allclose(crossbar.load_device(path, cycle=cycle).conductance, CURVES[3 - cycle], rtol=1e-6)


def test_a_cycle_no_block_names_is_refused_listing_the_numbers(tmp_path):
    path = _blocks(tmp_path, [30, 20, 10])
    with pytest.raises(ValueError) as refused:
        crossbar.load_device(path, cycle=2)
    message = str(refused.value)
    assert "no block of" in message and "names cycle 2" in message
    assert "'Cycle: 30' at line 11" in message and "expected one of the cycles they name: 10, 20, 30" in message
    np.testing.assert_allclose(crossbar.load_device(path, cycle=20).conductance, CURVES[1], rtol=1e-6)


@pytest.mark.parametrize("cycle", [1, 2, 3])
def test_a_number_two_blocks_name_refuses_every_cycle(tmp_path, cycle):
    path = _blocks(tmp_path, [1, 2, 2])
    with pytest.raises(ValueError) as refused:
        crossbar.load_device(path, cycle=cycle)
    assert "the blocks from lines 106 and 211 both name cycle 2" in str(refused.value)
    assert f"which block is cycle {cycle} is not in the file" in str(refused.value)


@pytest.mark.parametrize("cycle", [1, 2, 3])
def test_some_blocks_naming_a_cycle_out_of_place_and_others_none_refuse_every_cycle(tmp_path, cycle):
    path = _blocks(tmp_path, [3, None, None])
    with pytest.raises(ValueError) as refused:
        crossbar.load_device(path, cycle=cycle)
    assert "the block from line 1 names cycle 3 ('Cycle: 3' at line 11)" in str(refused.value)
    assert "the block from line 106 names none" in str(refused.value)


def test_the_command_line_refuses_in_one_line_and_reports_the_block(tmp_path, capsys):
    path = _blocks(tmp_path, [3, 2, 1])
    assert main(["device", "--device", str(path), "--cycle", "4"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no block of" in err and "names cycle 4" in err
    assert main(["device", "--device", str(path), "--cycle", "1"]) == 0
    assert "block 3 of 3 (from line 211), which names cycle 1 ('Cycle: 1' at line 221)" in capsys.readouterr().out
    line = device_line(crossbar.load_device(path, cycle=1))
    assert line.endswith(", block 3 of 3 (from line 211), which names cycle 1 ('Cycle: 1' at line 221)")


@pytest.mark.parametrize("names", [[None, None, None], [1, 2, 3], [0, 1, 2], [1, 1, 1], [1, None, None]])
def test_guard_blocks_that_name_no_cycle_or_their_place_are_counted(tmp_path, names):
    path = _blocks(tmp_path, names)
    for cycle in (1, 2, 3):
        np.testing.assert_allclose(crossbar.load_device(path, cycle=cycle).conductance, CURVES[cycle - 1], rtol=1e-6)
    median = crossbar.load_device(path)
    np.testing.assert_allclose(median.conductance, np.median(CURVES, axis=0), rtol=1e-6)
    assert "cycle_block" not in median.metadata


UNIT_KEYS = [("Units", "kOhm", "'Resistance (Ohm)', in 'Ohm'"), ("Resistance Unit", "kOhm", "'Resistance (Ohm)'"),
             ("Current Unit", "uA", "'Current (A)', in 'A'"), ("Unit", "uS", "'Resistance (Ohm)'"),
             ("Voltage Unit", "mV", "'Voltage (V)', in 'V'"), ("Current Unit", "kOhm", "'Current (A)'"),
             ("Comment", "values in kOhm", "column 'Resistance (Ohm)' the unit 'Ohm'"),
             ("Note", "resistance in kOhm", "column 'Resistance (Ohm)' the unit 'Ohm'")]


@pytest.mark.parametrize("first", [False, True])
@pytest.mark.parametrize("key, value, column", UNIT_KEYS)
def test_a_header_key_stating_another_unit_than_the_column_line_is_refused(tmp_path, key, value, column, first):
    path = tmp_path / "h1.dat"
    write_pulse_train(path, CURVES[0], extra_header={key: value})
    lines = path.read_text().splitlines()
    if first:  # the key above the instrument's own
        lines = [lines[10]] + lines[:10] + lines[11:]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DeviceFileError) as refused:
        crossbar.load_device(path)
    message = str(refused.value)
    assert f"line {1 if first else 11}: header line '{key}: {value}'" in message
    assert "(line 12)" in message and column in message and "which are the values in?" in message


@pytest.mark.parametrize("key, value", [("Units", "Ohm"), ("Resistance Unit", "Ohm"), ("Current Unit", "A"),
                                        ("Voltage Unit", "V"), ("Comment", "all fine"), ("Note", "compliance 100 uA"),
                                        ("Gain (V/A)", "1e6"), ("Gain (V/A)", "1000"), ("Sample", "D12"),
                                        ("Load Resistor (kOhm)", "1")])
def test_guard_a_header_key_that_agrees_or_states_no_unit_of_the_values_loads(tmp_path, key, value):
    path = tmp_path / "ok.dat"
    write_pulse_train(path, CURVES[0], extra_header={key: value})
    device = crossbar.load_device(path)
    np.testing.assert_allclose(device.conductance, CURVES[0], rtol=1e-12)
    assert device.metadata[key] == value


def test_one_table_of_voltage_units():
    from crossbar.devices import columns, read_voltages
    # a column's '@' voltage is read by read_voltages (with its VOLTS), the module that reads notes' (probe 23a, D23-5)
    assert columns.named_read_voltage is read_voltages.named_read_voltage
    assert not hasattr(columns, "_VOLTS")
