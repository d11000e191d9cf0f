"""Probe 24a, D24-3: a pulse column numbered from 1 (1, 2, ..., L) stays refused, now saying so.

The lead's decision: numbered from 1, the first row may be the initial state or the read after the first pulse, and
read either way the curve would shift by a pulse, so it is not guessed. It was refused "pulse numbers must run 0, 1,
..., L-1 without gaps; missing [0]", naming neither the column nor a line ("missing [0]" read as a lost row). The
refusal names the column, the line of the row numbered 1, that the numbers start at 1, and the two fixes. Other gaps
keep their message and gain the column and the line of the first number past the gap.
"""

import numpy as np
import pytest

from crossbar.devices.files import DeviceFileError, parse_device
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

READS = ["1.0", "1.5", "1.8", "1.9", "1.95"]


def _table(header, pulses, reads=READS):
    return header + "\n" + "".join(f"{p},{g}\n" for p, g in zip(pulses, reads))


@pytest.mark.parametrize("name", ["pulse", "Pulse #", "Pulse Number", "Index"])
def test_pulses_numbered_from_one_are_refused_naming_the_column_line_and_fixes(name):
    with pytest.raises(DeviceFileError) as refused:
        parse_device(_table(f"{name},G (uS)", range(1, 6)))
    assert refused.value.line == 2
    message = str(refused.value)
    assert f"line 2: column '{name}': the pulse numbers start at 1 (1, 2, ..., 5), not at 0" in message, message
    assert "if line 2 is the state before any pulse, number the rows 0, 1, ..., 4" in message
    assert "add the initial read as pulse 0" in message
    assert "missing [0]" not in message


def test_shuffled_rows_numbered_from_one_name_the_line_of_pulse_one():
    order = [3, 1, 4, 0, 2]  # pulse 1 on line 5
    text = _table("pulse,G (uS)", [m + 1 for m in order], [READS[m] for m in order])
    with pytest.raises(DeviceFileError) as refused:
        parse_device(text)
    assert refused.value.line == 5 and "if line 5 is the state before any pulse" in str(refused.value)


def test_the_same_rows_numbered_from_zero_load():
    device = parse_device(_table("pulse,G (uS)", range(5)))
    np.testing.assert_allclose(device.conductance, [float(g) * 1e-6 for g in READS])


@pytest.mark.parametrize("pulses, missing, line, after", [
    ([0, 2, 4, 6, 8], "[1, 3]", 3, 2),  # steps of 2
    ([0, 1, 2, 3, 7], "[4]", 6, 7),
    ([2, 3, 4, 5, 6], "[0, 1]", 2, 2),  # from 2: the gap message, not the one for 1
    ([1, 2, 3, 5, 6], "[0, 4]", 2, 1),  # from 1 with a gap: renumbering from 0 would not do
])
def test_gaps_keep_their_message_and_name_the_column_and_line(pulses, missing, line, after):
    with pytest.raises(DeviceFileError) as refused:
        parse_device(_table("Pulse #,G (uS)", pulses))
    message = str(refused.value)
    assert refused.value.line == line
    assert (f"line {line}: column 'Pulse #': pulse numbers must run 0, 1, ..., L-1 without gaps; missing {missing} "
            f"(this row is pulse {after})") in message, message


def test_the_command_line_gives_one_line(tmp_path):
    path = tmp_path / "from_one.csv"
    path.write_text(_table("pulse,G (uS)", range(1, 6)))
    assert_one_line_error(crossbar_cli("device", "--device", path),
                          f"{path}, line 2: column 'pulse': the pulse numbers start at 1")
