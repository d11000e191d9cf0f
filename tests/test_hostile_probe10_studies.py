"""Probe 10a's findings on studies and the API (R1, H4, E1, N1, E2): a resume that warns "resuming with it" and then
refuses, a device identified by its file's bytes rather than what was read, raw StopIteration and numpy messages
from the energy and the noise of cycles, and a pulse voltage the file gives only in its rows."""

import re
import warnings

import numpy as np
import pytest

from crossbar.devices.cycles import cycle_noise
from crossbar.networks.energy import EnergyModel
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


# E1: EnergyModel.read with no row or no column

@pytest.mark.parametrize("voltages, conductance", [
    (np.zeros((3, 5, 0)), np.zeros((3, 0, 4))),          # no input row
    (np.full((3, 5, 4), 0.1), np.zeros((3, 4, 0))),      # no output column
    (np.zeros((3, 5, 0)), np.zeros((3, 0, 0))),          # neither
])
def test_energy_read_of_no_device_is_zero(voltages, conductance):
    """N = 0 or C = 0 reached ordered_sum with nothing to sum: a raw StopIteration. No device is read: 0 J for each
    pattern and trial, as write() gives for its empty cases."""
    energy = EnergyModel(2.0, 1e-3).read(voltages, conductance)
    assert energy.shape == (3, 5) and not energy.any()


# N1: cycle_noise of an all-NaN or an empty matrix

@pytest.mark.parametrize("matrix, message", [
    (np.full((3, 5), np.nan), "branches[1] holds no conductance (all 15 values are NaN)"),
    (np.zeros((3, 0)), "branches[1] has shape (3, 0): no pulse; expected an (n, L) cycle matrix"),
    (np.zeros((0, 5)), "branches[1] has shape (0, 5): no cycle; expected an (n, L) cycle matrix"),
])
def test_cycle_noise_refuses_an_empty_or_all_nan_matrix_itself(matrix, message):
    """An all-NaN matrix gave numpy's "All-NaN slice encountered" RuntimeWarning before the package's ValueError; an
    empty one numpy's own "zero-size array to reduction operation fmax which has no identity"."""
    good = np.full((3, 5), 1e-6) + np.arange(5) * 1e-8 + np.arange(3)[:, None] * 1e-9
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with raises(ValueError, message):
            cycle_noise([good, matrix], 1e-6)
        with raises(ValueError, message.replace("branches[1]", "branches[0]")):
            cycle_noise([matrix], 1e-6)


# R1: montecarlo --resume with a moved device file and another study

def _rising(path):
    """A 31-point saturating device file in uS."""
    m = np.arange(31)
    g = 1e-6 + 0.5e-6 * (1 - np.exp(-m / 8))
    path.write_text("pulse,G (uS)\n" + "".join(f"{k},{v * 1e6:.8g}\n" for k, v in enumerate(g)))
    return path


def _falling(path):
    m = np.arange(31)
    g = 1.5e-6 - 0.5e-6 * (1 - np.exp(-m / 8))
    path.write_text("pulse,G (uS)\n" + "".join(f"{k},{v * 1e6:.8g}\n" for k, v in enumerate(g)))
    return path


STUDY = ["montecarlo", "--out", "st", "--quiet"]
OWN = {"--trials": "20", "--max-epochs": "30"}


def _knobs(changed=None):
    """The study's --trials and --max-epochs, each given once, with `changed` ({'--trials': '40'})."""
    return [x for k, v in {**OWN, **(changed or {})}.items() for x in (k, v)]


@pytest.mark.parametrize("change, difference", [
    ({"--trials": "40"}, "(trials: 20 there, 40 now)"),
    ({"--max-epochs": "40"}, "(setting.max_epochs: 30 there, 40 now)"),
])
def test_resume_with_a_moved_device_and_another_study_is_one_line(tmp_path, change, difference):
    """It printed 'crossbar: warning: --device u2.csv: the same bytes as the study's device 'u' (u.csv), under another
    name; resuming with it' and then refused the resume: two lines saying opposite things."""
    _rising(tmp_path / "u.csv")
    assert crossbar_cli(*STUDY, *_knobs(), "--device", "u.csv", cwd=tmp_path).returncode == 0
    (tmp_path / "u.csv").rename(tmp_path / "u2.csv")
    done = crossbar_cli(*STUDY, *_knobs(change), "--device", "u2.csv", "--resume", cwd=tmp_path)
    assert_one_line_error(done, f"st: holds a different study {difference}; use --overwrite")
    done = crossbar_cli(*STUDY, *_knobs(), "--device", "u2.csv", "--resume", cwd=tmp_path)  # the study's own
    assert done.returncode == 0 and done.stderr == ("crossbar: warning: --device u2.csv: the same bytes as the "
                                                    "study's device 'u' (u.csv), under another name; resuming with "
                                                    "it\n"), done.stderr


def test_a_moved_depression_file_is_no_difference_of_another_study(tmp_path):
    """With the depression file moved too, the refusal listed "device.options.depression: 'd.csv' there,
    'd_moved.csv' now" beside the real difference, although the study's own resume accepts the moved file."""
    _rising(tmp_path / "u.csv")
    _falling(tmp_path / "d.csv")
    two_way = ["--rule", "two-way", "--depression-file"]
    assert crossbar_cli(*STUDY, *_knobs(), "--device", "u.csv", *two_way, "d.csv", cwd=tmp_path).returncode == 0
    (tmp_path / "u.csv").rename(tmp_path / "u2.csv")
    (tmp_path / "d.csv").rename(tmp_path / "d_moved.csv")
    moved = ["--device", "u2.csv", *two_way, "d_moved.csv", "--resume"]
    done = crossbar_cli(*STUDY, *_knobs({"--trials": "40"}), *moved, cwd=tmp_path)
    assert_one_line_error(done, "st: holds a different study (trials: 20 there, 40 now); use --overwrite")
    done = crossbar_cli(*STUDY, *_knobs(), *moved, cwd=tmp_path)
    assert done.returncode == 0, done.stderr


# E2: a pulse voltage the rows give and the header does not

def _instrument(folder, volts=3.0, header=False, odd=None):
    """A 30-pulse instrument file at `volts`, without its 'ON Voltage' line unless `header`; `odd` (line, volts)
    sets one pulse row's voltage."""
    from crossbar.devices.instrument import write_pulse_train

    path = folder / "d.dat"
    write_pulse_train(path, 1e-6 + 0.5e-6 * (1 - np.exp(-np.arange(31) / 8)), pulse_voltage=volts)
    lines = path.read_text().splitlines(True)
    if odd is not None:
        fields = lines[odd[0] - 1].split(",")
        assert float(fields[1]) == volts
        lines[odd[0] - 1] = ",".join([fields[0], f"{odd[1]:.6E}", *fields[2:]])
    path.write_text("".join(x for x in lines if header or not x.startswith("ON Voltage")))
    return path


def test_energy_takes_the_pulse_rows_voltage_where_the_header_gives_none(tmp_path):
    """Rows pulsed at 3 V with no 'ON Voltage' line: EnergyModel.of took NeuroSim's 2 V ('pulse_width from the device
    file's header, the other NeuroSim's default'), energies 2.25 times low."""
    import crossbar as cb

    model = cb.EnergyModel.of(cb.load_device(_instrument(tmp_path)))
    assert model.write_voltage == 3.0 and model.write_width == 1e-3
    assert model.source == ("pulse_voltage from the device file's pulse rows (the median of 30, from line 14), "
                            "pulse_width from the device file's header")
    header = cb.EnergyModel.of(cb.load_device(_instrument(tmp_path, header=True)))  # the header's, as before
    assert (header.write_voltage, header.source) == (3.0, "the device file's header")


def test_energy_refuses_pulse_rows_that_disagree_and_no_header(tmp_path):
    import crossbar as cb

    device = cb.load_device(_instrument(tmp_path, odd=(18, 3.1)))  # the curve still loads
    with raises(ValueError, "device 'd' (" + str(tmp_path / "d.dat") + "): no 'ON Voltage (V): value' header line, "
                "and its 30 pulse rows of one polarity (from line 14) are at 3 ... 3.1 V, more than 1 % from their "
                "median 3 V: expected one write voltage; give it in an 'ON Voltage (V):' header line"):
        cb.EnergyModel.of(device)
    near = cb.load_device(_instrument(tmp_path, odd=(18, 3.02)))  # within 1 %: the median
    assert cb.EnergyModel.of(near).write_voltage == 3.0


# H4: the study's device file saved with other line ends

def _crlf(path):
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def test_the_study_device_with_crlf_line_ends_replays_and_resumes(tmp_path):
    """unix2dos on the device file (numbers unchanged): 'train --from' refused it ("device 'u' (u.csv) has content
    hash 3db6b5956969..., the study used 'u' with 21eba943c11a...") and --resume listed device.sha256 as a
    difference. The lines read the same curve: both go ahead, the study's id unchanged."""
    import json

    _rising(tmp_path / "u.csv")
    assert crossbar_cli(*STUDY, *_knobs(), "--device", "u.csv", cwd=tmp_path).returncode == 0
    before = crossbar_cli("train", "--from", "st", "--trial", "1", "--json", cwd=tmp_path)
    _crlf(tmp_path / "u.csv")
    after = crossbar_cli("train", "--from", "st", "--trial", "1", "--json", cwd=tmp_path)
    assert after.returncode == 0 and after.stderr == "", after.stderr
    assert json.loads(after.stdout) == json.loads(before.stdout)
    done = crossbar_cli(*STUDY, *_knobs(), "--device", "u.csv", "--resume", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == ("crossbar: warning: --device u.csv: the study's device 'u' "
                                                    "(u.csv) with other line ends, which read the same curve; "
                                                    "resuming with it\n"), done.stderr
    # another number is another device, whatever the line ends
    (tmp_path / "u.csv").write_bytes((tmp_path / "u.csv").read_bytes().replace(b"\r\n5,1.", b"\r\n5,2."))
    done = crossbar_cli("train", "--from", "st", "--trial", "1", "--json", cwd=tmp_path)
    assert_one_line_error(done, "device 'u' (u.csv) has content hash")


def test_a_depression_file_with_crlf_line_ends_replays(tmp_path):
    _rising(tmp_path / "u.csv")
    _falling(tmp_path / "d.csv")
    two_way = ["--rule", "two-way", "--depression-file", "d.csv"]
    assert crossbar_cli(*STUDY, *_knobs(), "--device", "u.csv", *two_way, cwd=tmp_path).returncode == 0
    _crlf(tmp_path / "u.csv")
    _crlf(tmp_path / "d.csv")
    done = crossbar_cli("train", "--from", "st", "--trial", "1", "--json", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
