"""Probe 19a's P1 and R2, probe 19c's C3 and F3, and the device line of `train` with a depression file (issue 20).

P1: pandas' copies of a name that carries its read voltage, 'I (uA) @ 0.1 V,I (uA) @ 0.1 V.1', were refused as
"'.1' is a scale written in the name", where 'G (uS),G (uS).1' load as cycles. R2: a read-current file that states
no voltage in its header beside a G or R file had no invocation that loads: without --read-voltage the I file was
refused, with it the G file ("drop the read voltage"). C3: '--c2c 0 --c2c-form X' said "give --c2c too". F3: a study
whose device file this version reads as another curve (made by another version) was refused by `train --from` and
`load_study` as "study id does not match its parameters (edited?)". The device line named only the potentiation
file's column that --cycle K took.
"""

import json

import numpy as np
import pytest

import crossbar
from crossbar import cli
from crossbar.devices import files as device_files
from crossbar.devices.files import DeviceFileError, load_device
from crossbar.studies import store
from crossbar.studies.store import StoreError

M = np.arange(31)
G_US = 1 + 0.5 * (1 - np.exp(-M / 8))  # a potentiation branch, uS
D_US = G_US[-1] - 0.45 * (1 - np.exp(-M / 8))  # a depression branch from its top, uS


def run_cli(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def table(path, names, columns):
    rows = [",".join(["pulse", *names])] + [",".join([str(k), *(f"{c[k]:.10g}" for c in columns)])
                                            for k in range(len(columns[0]))]
    path.write_text("\n".join(rows) + "\n")
    return path


# --- P1: pandas' '.N' after the read voltage's unit is a copy of the name ---------------------------------------

@pytest.mark.parametrize("at", ["@ 0.1 V", "@ 100 mV", "@0.1V"])
def test_pandas_copies_of_a_read_current_name_load_as_cycles_as_g_copies_do(tmp_path, at):
    cycles = [G_US, G_US * 1.03, G_US * 1.06]
    currents = table(tmp_path / "i.csv", [f"I (uA) {at}", f"I (uA) {at}.1", f"I (uA) {at}.2"],
                     [0.1 * c for c in cycles])
    conductances = table(tmp_path / "g.csv", ["G (uS)", "G (uS).1", "G (uS).2"], cycles)
    got, want = load_device(currents), load_device(conductances)  # refused: "'.1' is a scale written in the name"
    np.testing.assert_allclose(got.cycles, want.cycles, rtol=1e-12)
    np.testing.assert_allclose(got.conductance, want.conductance, rtol=1e-12)
    np.testing.assert_allclose(load_device(currents, cycle=2).conductance, G_US * 1.03e-6, rtol=1e-9)
    assert got.metadata["read_voltage"] == pytest.approx(0.1)


def test_the_device_command_reads_the_probes_two_copies_as_two_cycles(tmp_path, capsys):
    path = tmp_path / "p1.csv"
    path.write_text("pulse,I (uA) @ 0.1 V,I (uA) @ 0.1 V.1\n0,0.100,0.105\n1,0.120,0.126\n2,0.130,0.1365\n"
                    "3,0.135,0.14175\n")
    code, out, err = run_cli(capsys, "device", "--device", path)
    assert code == 0 and err == "" and "cycles 2" in out and "at 0.1 V" in out


def test_guard_a_copy_of_a_cycle_name_with_its_read_voltage_is_refused_as_gs_is(tmp_path):
    said = []
    for named, factor in (("I (uA) @ 0.1 V", 0.1), ("G (uS)", 1.0)):
        path = table(tmp_path / "c.csv", [f"{named} cycle 1", f"{named} cycle 1.1"], [factor * G_US, factor * G_US])
        with pytest.raises(DeviceFileError) as exc:
            load_device(path)
        said.append(str(exc.value).replace(named, "NAME"))
    assert said[0] == said[1]


def test_guard_a_number_after_the_read_voltage_with_a_space_is_still_a_scale(tmp_path):
    path = table(tmp_path / "s.csv", ["I (uA) @ 0.1 V .1"], [0.1 * G_US])
    with pytest.raises(DeviceFileError, match="is a scale written in the name"):
        load_device(path)


# --- R2: the read voltage applies to the file of read currents -------------------------------------------------

@pytest.fixture
def pair(tmp_path):
    """Files of read currents (the voltage stated nowhere, or in a note) and of conductances or resistances."""
    f = {"I_up": table(tmp_path / "i_up.csv", ["I (uA)"], [0.1 * G_US]),
         "G_down": table(tmp_path / "g_down.csv", ["G (uS)"], [D_US]),
         "R_down": table(tmp_path / "r_down.csv", ["R (kOhm)"], [1e3 / D_US]),
         "G_up": table(tmp_path / "g_up.csv", ["G (uS)"], [G_US]),
         "I_down": table(tmp_path / "i_down.csv", ["I (uA)"], [0.1 * D_US])}
    noted = tmp_path / "i_up_note.csv"
    noted.write_text("# read voltage 0.1 V\n" + f["I_up"].read_text())
    f["I_up_note"] = noted
    return f


@pytest.mark.parametrize("up, down", [("I_up", "G_down"), ("I_up", "R_down"), ("I_up_note", "G_down"),
                                      ("I_up_note", "R_down"), ("G_up", "I_down")])
def test_a_read_voltage_applies_to_the_file_of_read_currents_beside_a_g_or_r_file(pair, up, down):
    device = load_device(pair[up], depression=pair[down], read_voltage=0.1)  # the G/R file: "drop the read voltage"
    np.testing.assert_allclose(device.conductance, G_US * 1e-6, rtol=1e-9)
    np.testing.assert_allclose(device.depression, D_US * 1e-6, rtol=1e-9)
    currents = device.metadata if up.startswith("I") else device.metadata["depression_metadata"]
    other = device.metadata["depression_metadata"] if up.startswith("I") else device.metadata
    assert currents["read_voltage"] == 0.1 and "read_voltage" not in other
    again = load_device(pair[up], **device.metadata["load_options"])  # what a study replays
    assert again.sha256 == device.sha256 and np.array_equal(again.depression, device.depression)


@pytest.mark.parametrize("command", [["device"], ["train", "--rule", "two-way"],
                                     ["montecarlo", "--rule", "two-way", "--trials", "2", "--quiet"]])
def test_the_commands_load_the_probes_pair_with_the_read_voltage(pair, capsys, command):
    code, out, err = run_cli(capsys, command[0], "--device", pair["I_up"], "--depression-file", pair["G_down"],
                             "--read-voltage", "0.1", *command[1:])
    assert code == 0 and err == "", err


def test_guard_without_the_read_voltage_the_file_of_currents_asks_for_it(pair, capsys):
    code, out, err = run_cli(capsys, "device", "--device", pair["I_up"], "--depression-file", pair["G_down"])
    assert code == 2 and err.count("\n") == 1 and "i_up.csv, line 1: column 'I (uA)' holds read currents; give the " \
                                                    "read voltage" in err


@pytest.mark.parametrize("down", ["G_down", "R_down"])
def test_guard_a_read_voltage_for_two_files_without_read_currents_is_refused(pair, down):
    with pytest.raises(DeviceFileError, match="g_up.csv, line 1: a read voltage was given but column 'G \\(uS\\)' "
                                              "holds conductances, not read currents; drop the read voltage"):
        load_device(pair["G_up"], depression=pair[down], read_voltage=0.1)


def test_a_study_of_the_pair_replays_and_loads(pair, tmp_path, capsys):
    out = tmp_path / "study"
    code, _, err = run_cli(capsys, "montecarlo", "--device", pair["I_up"], "--depression-file", pair["G_down"],
                           "--read-voltage", "0.1", "--rule", "two-way", "--trials", "4", "--chunk-size", "2",
                           "--quiet", "--out", out)
    assert code == 0, err
    table_ = crossbar.load_study(out).table
    code, stdout, err = run_cli(capsys, "train", "--from", out, "--trial", "3", "--json")
    assert code == 0, err
    assert json.loads(stdout)["epochs"] == int(table_["epochs"][3])


# --- C3: --c2c 0 is given -----------------------------------------------------------------------------------

@pytest.mark.parametrize("form", ["proportional", "bounded", "additive"])
def test_c2c_0_with_a_form_runs_the_noiseless_model(capsys, form):
    code, shaped, err = run_cli(capsys, "train", "--c2c", "0", "--c2c-form", form, "--json")
    assert code == 0 and err == "", err  # "--c2c-form proportional shapes the cycle-to-cycle noise: give --c2c too"
    code, plain, err = run_cli(capsys, "train", "--c2c", "0", "--json")
    assert code == 0 and json.loads(shaped) == json.loads(plain)


def test_montecarlo_c2c_0_with_a_form_is_the_noiseless_study(tmp_path, capsys):
    ids = []
    for options in (["--c2c", "0", "--c2c-form", "proportional"], ["--c2c", "0"]):
        out = tmp_path / str(len(ids))
        code, text, err = run_cli(capsys, "montecarlo", *options, "--trials", "2", "--out", out)
        assert code == 0 and "non-idealities: none" in text, err
        ids.append(json.loads((out / "manifest.json").read_text())["study_id"])
    assert ids[0] == ids[1]  # one study: --resume of either folder with the other's options goes ahead


def test_guard_a_form_without_c2c_is_still_refused(capsys):
    code, _, err = run_cli(capsys, "train", "--c2c-form", "proportional")
    assert code == 2 and "--c2c-form proportional shapes the cycle-to-cycle noise: give --c2c too" in err


# --- F3: a study whose device this version reads otherwise ----------------------------------------------------

@pytest.fixture
def cycles_study(tmp_path, capsys):
    path = table(tmp_path / "cycles.csv", ["G (uS) cycle 1", "G (uS) cycle 2"], [G_US, G_US * 1.05])
    out = tmp_path / "study"
    argv = ["montecarlo", "--device", path, "--cycle", "1", "--trials", "4", "--chunk-size", "2", "--quiet",
            "--out", out]
    code, _, err = run_cli(capsys, *argv)
    assert code == 0, err
    return out, argv


@pytest.fixture
def reads_otherwise(monkeypatch):
    """This version as one that reads --cycle K as another column (as 0361237 did for cycles named from 0)."""
    real = device_files.cycle_position
    monkeypatch.setattr(device_files, "cycle_position",
                        lambda cycle, names, *rest: len(names) + 1 - real(cycle, names, *rest))


def test_replay_and_load_of_a_study_read_otherwise_say_what_resume_says(cycles_study, reads_otherwise, capsys):
    out, argv = cycles_study
    code, _, err = run_cli(capsys, "train", "--from", out, "--trial", "1")
    assert code == 2 and err.count("\n") == 1, err
    assert "holds a different study (device.g0: 1e-06 there, 1.05e-06 now; device.window: " in err, err
    assert "reads as another curve in this version of crossbar" in err and "edited" not in err, err
    with pytest.raises(StoreError, match=r"holds a different study \(device\.g0: 1e-06 there, 1\.05e-06 now") as exc:
        crossbar.load_study(out)
    assert "edited" not in str(exc.value)
    code, _, err = run_cli(capsys, *argv, "--resume")  # guard: --resume said so already
    assert code == 2 and "holds a different study (device.g0: 1e-06 there, 1.05e-06 now" in err


def test_guard_an_edited_device_in_a_manifest_with_its_id_remade_is_refused_as_edited(cycles_study, capsys):
    out, _ = cycles_study
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["study"]["device"]["g0"] *= 1.05
    manifest["study_id"] = store._study_id(manifest["study"])
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2))
    code, _, err = run_cli(capsys, "train", "--from", out, "--trial", "1")
    assert code == 2 and "edited" in err and "another curve" not in err, err
    with pytest.raises(StoreError, match="edited") as exc:
        crossbar.load_study(out)
    assert "another curve" not in str(exc.value)


# --- train's device line names the depression file's column too ----------------------------------------------

def test_the_device_line_names_the_column_each_file_gave_for_cycle_k(tmp_path, capsys):
    up = table(tmp_path / "up.csv", ["G (uS) cycle 1", "G (uS) cycle 2"], [G_US, G_US * 1.01])
    down = table(tmp_path / "down.csv", ["G (uS) c2", "G (uS) c1"], [D_US * 1.01, D_US])
    code, out, err = run_cli(capsys, "train", "--device", up, "--depression-file", down, "--cycle", "2",
                             "--rule", "two-way")
    assert code == 0, err
    line = out.splitlines()[0]
    assert "column 'G (uS) cycle 2' (value column 2 of 2" in line
    assert line.endswith("; depression file's column 'G (uS) c2' (value column 1 of 2, which names cycle 2)"), line
