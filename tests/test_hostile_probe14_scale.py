"""Probe 14a's S3 (issue 20): a scale written in a form the S2 fix did not list was dropped, the values loaded 10 ...
1000 times off with status 0: in a column's name (`G (uS) X1000`, `by 1000`, `factor 1000`, `(k)`, `in 1000s`,
`scale 1000`, `gain 1000`, `thousand`, `ten times`, `x ten`), in a note over a header with a unit (`# factor 1000`,
`# scale factor: 1000`, `# all values X1000`, `# amplifier gain 1000`) or without one (`# scale 1000`, `# values
X1000`, `# divide by 1000 to get S`), and in an offsets file (`G+1 (uS) X10`, `# factor 10`). The rule is now by
what a number is (`crossbar/devices/scales.py`): in a name, any number that labels nothing is refused; in a note, a
number beside a word of multiplying. Names and notes whose numbers count or label something load as before."""

import re

import numpy as np
import pytest

from crossbar.devices import DeviceFileError, parse_device
from crossbar.devices.columns import value_column
from crossbar.devices.offsets import OffsetFileError, read_offset_matrix
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

M = np.arange(31)
G = 1e-6 + 0.5e-6 * (1 - np.exp(-M / 8))  # the probe's device, S
S0 = np.random.default_rng(5).uniform(0.05e-7, 1e-7, (4, 4))  # the probe's offsets, S
NAMES = ["G+1", "G-1", "G+2", "G-2"]


def _table(values, header="pulse,G (uS)", notes=()):
    return "".join(f"# {n}\n" for n in notes) + header + "\n" + "".join(f"{k},{v:.10g}\n" for k, v in enumerate(values))


def _offsets(tmp_path, header, values, note=None):
    path = tmp_path / "s.csv"
    rows = "".join(",".join(f"{v:.10g}" for v in row) + "\n" for row in values)
    path.write_text((f"# {note}\n" if note else "") + ",".join(header) + "\n" + rows)
    return path


# In a column's name: (name, the scale the message quotes). The last four are spellings the probe did not try.
NAMES_WITH_A_SCALE = [
    ("G (uS) X1000", "X1000"), ("G (uS) by 1000", "by 1000"), ("G (uS) factor 1000", "factor 1000"),
    ("G (uS) (k)", "k)"), ("G (nS) in 1000s", "in 1000s"), ("G (uS) scale 1000", "scale 1000"),
    ("G (uS) gain 1000", "gain 1000"), ("G (uS) thousand", "thousand"), ("G (uS) ten times", "ten times"),
    ("G (uS) x ten", "x ten"), ("G (uS) amplified 1000", "amplified 1000"), ("G (uS) mult. 1000", "mult. 1000"),
    ("G (uS) M", "M"), ("G by 1000", "by 1000"),
]


@pytest.mark.parametrize("name, scale", NAMES_WITH_A_SCALE)
def test_a_number_in_a_name_that_labels_nothing_is_refused_as_a_scale_naming_the_column(name, scale):
    """value_column gave uS (S for 'G by 1000'), factor 1e-6, no error: the scale dropped, the values 1000 x off."""
    with pytest.raises(ValueError, match=re.escape(f"column {name!r}: {scale!r} is a scale written in the name")):
        value_column(name)
    with pytest.raises(DeviceFileError, match=re.escape(f"line 1: column {name!r}: {scale!r} is a scale") +
                       r".*give the values' unit instead, e\.g\. 'G \(uS\)'"):
        parse_device(_table(G * 1e6 / 1000, "pulse," + name))


def test_the_command_line_refuses_a_capital_x_scale_in_one_line(tmp_path):
    """The probe's reproduction: 'pulse,G (uS) X1000' over uS/1000 loaded 1e-9 ... 1.488e-9 S, status 0."""
    path = tmp_path / "d.csv"
    path.write_text(_table(G * 1e6 / 1000, "pulse,G (uS) X1000"))
    assert_one_line_error(crossbar_cli("device", "--device", path, "--json"),
                          f"{path}, line 1: column 'G (uS) X1000': 'X1000' is a scale written in the name")


# Notes: (header, the note, the values' factor from S as the file writes them).
NOTES_WITH_A_SCALE = [
    ("pulse,G (uS)", "factor 1000", 1e3), ("pulse,G (uS)", "scale factor: 1000", 1e3),
    ("pulse,G (uS)", "all values X1000", 1e3), ("pulse,G (uS)", "amplifier gain 1000", 1e3),
    ("pulse,G (uS)", "gain x 10", 1e5), ("pulse,G (uS)", "values 1000 times larger than in uS", 1e9),
    ("pulse,G", "scale 1000", 1e3), ("pulse,G", "scale factor 1000", 1e3), ("pulse,G", "values X1000", 1e3),
    ("pulse,G", "divide by 1000 to get S", 1e3), ("pulse,G", "values in 1000s of S", 1e-3),
]


@pytest.mark.parametrize("header, note, factor", NOTES_WITH_A_SCALE)
def test_a_note_with_a_number_beside_a_word_of_multiplying_is_refused_naming_its_line(header, note, factor):
    """Each loaded, status 0: over 'G (uS)' values of uS/1000 as 1e-9 S; over 'G' values in mS as siemens."""
    with pytest.raises(DeviceFileError, match=f"line 1: the note {re.escape(repr(note))} holds the scale"):
        parse_device(_table(G * factor, header, notes=[note]))
    below = _table(G * factor, header).replace("\n", f"\n# {note}\n", 1)  # the same note under the header
    with pytest.raises(DeviceFileError, match=f"line 2: the note {re.escape(repr(note))} holds the scale"):
        parse_device(below)


def test_an_offsets_header_or_note_with_a_scale_is_refused_naming_the_file_and_line(tmp_path):
    """'G+1 (uS) X10,...' and '# factor 10' over 'G+1 (uS),...' trained on offsets 10 times too large."""
    path = _offsets(tmp_path, [f"{n} (uS) X10" for n in NAMES], S0 * 1e5)
    with pytest.raises(OffsetFileError, match=re.escape(f"{path}, line 1: column 'G+1 (uS) X10': 'X10' is a scale")):
        read_offset_matrix(path, S0.shape)
    path = _offsets(tmp_path, [f"{n} (uS)" for n in NAMES], S0 * 1e5, note="factor 10")
    with pytest.raises(OffsetFileError, match=re.escape(f"{path}, line 1: the note 'factor 10' holds the scale")):
        read_offset_matrix(path, S0.shape)
    plain = read_offset_matrix(_offsets(tmp_path, [f"{n} (uS)" for n in NAMES], S0 * 1e6, note="chip 4, 1000 pulses"),
                               S0.shape)
    np.testing.assert_allclose(plain, S0, rtol=1e-9)


# What must keep loading to the same curve: probe 14a's clean list (f21) and the labels of the brief.
NOTES_THAT_COUNT = ["4x4 array", "thousand pulses applied", "measured by 2 operators", "started 10:00, 1000 pulses",
                    "pad 100x100 um", "cycle 1 of 1000", "1000 cycles endurance test", "device D12, 10 times measured",
                    "pulse train: 30 pulses by 1 ms", "read every 10 pulses", "scale bar 10 um",
                    "factor of safety: none", "repeated three times", "ramp x2", "x2 averaging", "gain 1",
                    "thousands of pulses", "one read per 1000 pulses", "pulsed 1000 times"]
NAMES_THAT_LABEL = ["G (uS) cycle 1000", "G (uS) after 1000 pulses", "G (uS) run 10", "G (uS) 10 ms pulses",
                    "G (uS) #3", "G (uS) c2", "G (uS) D12", "G (uS) sample A", "G (uS) 2024-05-01", "G (uS) 3",
                    "G (uS) 1st cycle", "G (uS) set 1", "G (uS) iteration 1", "G (uS) 300 K", "G (uS) T=300K",
                    "G (uS) cycle 1 of 1000", "R (kOhm) 4x4", "G_cycle1000_uS", "G (uS) (cycle 1000)", "G (uS).1"]


def test_notes_and_names_whose_numbers_count_or_label_something_load_to_the_same_curve():
    plain = parse_device(_table(G * 1e6)).conductance
    for note in NOTES_THAT_COUNT:
        assert parse_device(_table(G * 1e6, notes=[note])).conductance.tobytes() == plain.tobytes(), note
    for name in NAMES_THAT_LABEL:
        values = 1e-3 / G if name.startswith("R") else G * 1e6
        loaded = parse_device(_table(values, "pulse," + name)).conductance
        assert np.allclose(loaded, G, rtol=1e-9, atol=0) and (name.startswith("R") or
                                                              loaded.tobytes() == plain.tobytes()), name
