"""Leftovers of probe 10 in study folders (issue 20): sweep --resume held the device to its file's bytes (CRLF line
ends, a renamed copy) where montecarlo --resume and train --from take the same curve; a study reported as physical a
trial whose drawn window factor can take a device past 1 S, which train refuses; and montecarlo --resume refused an
old study run with a --depression-file its one-way rule never read."""

import shutil

import numpy as np
import pytest

from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli
from test_hostile_probe10_studies import _crlf, _falling, _rising

# 1. sweep --resume with the sweep's device under CRLF line ends or another name

SWEEP = ["sweep", "--beta", "5e7", "6e7", "--trials", "20", "--max-epochs", "20", "--out", "sw", "--quiet"]


def _interrupted_sweep(folder):
    """A finished sweep on u.csv, then cut back to what a kill during its second point leaves; the finished
    sweep.csv's bytes."""
    _rising(folder / "u.csv")
    assert crossbar_cli(*SWEEP, "--device", "u.csv", cwd=folder).returncode == 0
    full = (folder / "sw" / "sweep.csv").read_bytes()
    shutil.rmtree(folder / "sw" / "points" / "point_0001")
    for name in ("sweep.csv", "index.json"):
        (folder / "sw" / name).unlink()
    return full


def test_sweep_resumes_with_its_device_under_crlf_line_ends(tmp_path):
    """It refused: "holds a different sweep (device.sha256: '21eba943...' there, '3db6b595...' now)"."""
    full = _interrupted_sweep(tmp_path)
    _crlf(tmp_path / "u.csv")
    done = crossbar_cli(*SWEEP, "--device", "u.csv", "--resume", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == ("crossbar: warning: --device u.csv: the sweep's device 'u' (u.csv) "
                                                    "with other line ends, which read the same curve; resuming with "
                                                    "it\n"), done.stderr
    assert (tmp_path / "sw" / "sweep.csv").read_bytes() == full


def test_sweep_resumes_with_its_device_file_renamed(tmp_path):
    """It refused: "holds a different sweep (device.name: 'u' there, 'u2' now)"."""
    full = _interrupted_sweep(tmp_path)
    (tmp_path / "u.csv").rename(tmp_path / "u2.csv")
    done = crossbar_cli(*SWEEP, "--device", "u2.csv", "--resume", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == ("crossbar: warning: --device u2.csv: the same bytes as the sweep's "
                                                    "device 'u' (u.csv), under another name; resuming with it\n"), \
        done.stderr
    assert (tmp_path / "sw" / "sweep.csv").read_bytes() == full


@pytest.mark.parametrize("crlf", [True, False])
def test_sweep_resume_refuses_another_curve_naming_what_differs(tmp_path, crlf):
    _interrupted_sweep(tmp_path)
    other = (tmp_path / "u.csv").read_bytes().replace(b"\n5,1.", b"\n5,2.")
    assert other != (tmp_path / "u.csv").read_bytes()
    (tmp_path / "u.csv").unlink()
    name = "u.csv" if crlf else "u2.csv"
    (tmp_path / name).write_bytes(other.replace(b"\n", b"\r\n") if crlf else other)
    done = crossbar_cli(*SWEEP, "--device", name, "--resume", cwd=tmp_path)
    # the same name with another content is the file changed since the sweep (probe 27c, C27-8), a new name another
    said = ("sw: its device file u.csv changed since the sweep was made (" if crlf else
            "sw: holds a different sweep (device.name: 'u' there, 'u2' now; ")
    assert_one_line_error(done, f"{said}device.sha256: '21eba943c11a")
    assert "warning" not in done.stderr


def test_sweep_resume_still_refuses_another_sweep_with_the_renamed_device(tmp_path):
    """One line, not the 'resuming with it' warning and then the refusal (as probe 10a's R1 for montecarlo)."""
    _interrupted_sweep(tmp_path)
    (tmp_path / "u.csv").rename(tmp_path / "u2.csv")
    argv = [x if x != "20" else "40" for x in SWEEP[:6]] + SWEEP[6:]  # --trials 40
    done = crossbar_cli(*argv, "--device", "u2.csv", "--resume", cwd=tmp_path)
    assert_one_line_error(done, "sw: holds a different sweep (trials: 20 there, 40 now); use --overwrite")


# 3. montecarlo --resume of a study an older crossbar ran with a --depression-file its rule never read

STUDY = ["montecarlo", "--trials", "40", "--chunk-size", "10", "--max-epochs", "30", "--out", "st", "--quiet"]


class _Killed(Exception):
    pass


def _old_study(folder, out, chunks=None):
    """The study 'montecarlo --device u.csv --depression-file d.csv --trials 40 --chunk-size 10 --max-epochs 30' ran
    before 44712f7 refused the unread file (its manifest, checked equal to that version's, records the depression
    file in the device's options and hash), killed after `chunks` chunks (None: run to its end)."""
    import crossbar as cb
    from crossbar.studies import Study, run_study
    from crossbar.training import PRESETS

    device = cb.load_device("u.csv", depression="d.csv")
    study = Study(device=device, setting=PRESETS["default"].replace(max_epochs=30), trials=40, chunk_size=10,
                  units="relative")
    saved = []

    def kill(chunk, table):
        saved.append(chunk)
        if len(saved) == chunks:
            raise _Killed

    try:
        run_study(study, out=out, callback=kill)
    except _Killed:
        pass
    return folder / out


def test_resume_of_a_study_with_an_unread_depression_file_completes_it(tmp_path, monkeypatch):
    """It was refused: '--depression-file d.csv: no run of this command reads the depression branch ... drop
    --depression-file', and without the file 'holds a different study (device.depression_points: 31 there, absent
    now; device.sha256: ...)': the study could not be completed."""
    _rising(tmp_path / "u.csv")
    _falling(tmp_path / "d.csv")
    monkeypatch.chdir(tmp_path)
    reference = _old_study(tmp_path, "ref")
    part = _old_study(tmp_path, "st", chunks=2)
    assert len(list((part / "chunks").iterdir())) == 2 and not (part / "trials.npy").exists()
    done = crossbar_cli(*STUDY, "--device", "u.csv", "--resume", cwd=tmp_path)  # without the file: the way out
    assert_one_line_error(done, "--resume: the study in st was run with --depression-file d.csv (its content is part "
                                "of the device's hash); give --depression-file d.csv (or where it now lies) to resume "
                                "it")
    done = crossbar_cli(*STUDY, "--device", "u.csv", "--depression-file", "d.csv", "--resume", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ("crossbar: warning: --depression-file d.csv: no run of this study reads the depression "
                           "branch; resuming the study in st, which recorded it (the file changes none of its "
                           "numbers)\n"), done.stderr
    for name in ("trials.npy", "summary.json", "index.json"):  # what the uninterrupted study wrote
        assert (part / name).read_bytes() == (reference / name).read_bytes(), name
    # and the numbers are those of the device without the file: it was never read
    one_way = crossbar_cli(*[x if x != "st" else "one" for x in STUDY], "--device", "u.csv", cwd=tmp_path)
    assert one_way.returncode == 0, one_way.stderr
    assert (tmp_path / "one" / "trials.npy").read_bytes() == (part / "trials.npy").read_bytes()


def test_a_new_study_and_another_folder_still_refuse_the_unread_depression_file(tmp_path, monkeypatch):
    _rising(tmp_path / "u.csv")
    _falling(tmp_path / "d.csv")
    monkeypatch.chdir(tmp_path)
    _old_study(tmp_path, "st", chunks=1)
    unread = "--depression-file d.csv: no run of this command reads the depression branch"
    done = crossbar_cli(*[x if x != "st" else "new" for x in STUDY], "--device", "u.csv", "--depression-file",
                        "d.csv", cwd=tmp_path)
    assert_one_line_error(done, unread)
    more = [x if x != "40" else "80" for x in STUDY]  # another study in the folder: the one refusal, no warning
    done = crossbar_cli(*more, "--device", "u.csv", "--depression-file", "d.csv", "--resume", cwd=tmp_path)
    assert_one_line_error(done, "st: holds a different study (trials: 40 there, 80 now); use --overwrite")


# 2. a trial whose drawn window factor can take a device past 1 S, which training never pulsed there

WINDOW = ["--gain", "1e4", "--beta", "6e4", "--window-spread", "3", "--max-epochs", "50"]


def _refused_by_train(setting, nonideal, trials):
    """The trials train() refuses before any work (its window draws), as a set."""
    import crossbar as cb

    refused = set()
    for k in range(trials):
        try:
            cb.train(cb.default_device(), setting, seed=0, trial=k, nonideal=nonideal)
        except ValueError as exc:
            assert "window_spread" in str(exc)
            refused.add(k)
    return refused


def test_a_study_flags_the_trials_train_refuses_for_their_window_draws():
    """K = 1e4 with window_spread 3: train() refuses trials 13, 14, 21, 29 and 32; the study reported 3 of 40 not
    physical (13, 14, 32: training pulsed those devices high) and counted trial 29, whose factor 3675 takes device
    (input 4, column 4) to 2.776 S, as converged. Now it flags the five, as train refuses them."""
    import crossbar as cb
    from crossbar.studies import Study, run_study
    from crossbar.studies.summary import nonphysical_trials

    setting, nonideal = cb.TrainingSetting(gain=1e4, beta=6e4, max_epochs=50), cb.Nonidealities(window_spread=3)
    result = run_study(Study(setting=setting, nonideal=nonideal, trials=40, chunk_size=20))
    refused = _refused_by_train(setting, nonideal, 40)
    assert refused == {13, 14, 21, 29, 32}
    assert set(np.flatnonzero(~result.physical)) == refused
    assert set(np.flatnonzero(nonphysical_trials(result.table))) == {13, 14, 32}  # what training visited
    summary = result.summary()
    assert (summary.nonphysical, summary.nonphysical_met_targets) == (5, 1) and not summary.physical
    assert summary.converged == int((result.converged & result.physical).sum())
    assert result.convergence_rate == summary.rate


def test_the_reference_path_draws_no_window_and_flags_as_before():
    """window_spread = 0 (the default): the flags are what training visited, computed from the table alone."""
    import crossbar as cb
    from crossbar.studies import Study, run_study
    from crossbar.studies.summary import nonphysical_trials

    result = run_study(Study(setting=cb.TrainingSetting(max_epochs=20), trials=40, chunk_size=20))
    assert (result.physical == ~nonphysical_trials(result.table)).all()


def test_command_line_studies_and_replays_flag_the_window_draws_train_refuses(tmp_path):
    """montecarlo said 'physical NO: 3 of 40 trials', sweep's rate counted trial 29 as converged, and 'train --from st
    --trial 29' (and 'train --trial 29 --allow-nonphysical') printed "physical": true, where 'train --trial 29'
    refuses it before any work."""
    import json

    done = crossbar_cli("montecarlo", *WINDOW, "--trials", "40", "--out", "st", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)["summary"]
    assert (summary["nonphysical"], summary["nonphysical_met_targets"]) == (5, 1)
    factor = "--window-spread = 3: trial 29 draws device (input 4, column 4) a window factor 3675"
    assert_one_line_error(crossbar_cli("train", *WINDOW, "--trial", "29", cwd=tmp_path), factor)  # as before
    done = crossbar_cli("train", "--from", "st", "--trial", "29", cwd=tmp_path)
    assert_one_line_error(done, f"{factor}, and at K = 10000 it reaches G = 2.776 S at the top of its curve, outside "
                                "the physical range 1e-15 ... 1 S: not a physical crossbar; use --allow-nonphysical")
    for argv in (["--from", "st"], WINDOW):
        done = crossbar_cli("train", *argv, "--trial", "29", "--allow-nonphysical", "--json", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        record = json.loads(done.stdout)
        assert record["converged"] and record["physical"] is False
    done = crossbar_cli("train", "--from", "st", "--trial", "12", "--json", cwd=tmp_path)  # a physical trial
    assert done.returncode == 0 and json.loads(done.stdout)["physical"] is True, done.stderr
    done = crossbar_cli("sweep", *WINDOW, "--trials", "40", "--out", "sw", "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    row = (tmp_path / "sw" / "sweep.csv").read_text().splitlines()
    table = dict(zip(row[0].split(","), row[1].split(",")))
    assert (table["converged"], table["physical"]) == (str(summary["converged"]), "0")
