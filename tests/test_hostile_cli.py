"""The command line under attack: one line and status 2 for every user error, never a traceback.

Some cases run ``python -m crossbar`` in a subprocess, since what matters there is the real
entry point: the exit status, what reaches stderr, a closed pipe, kills and Ctrl-C.
"""

import errno
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crossbar
from crossbar import cli
from crossbar.cli.options import UsageError, run_kwargs, setting_from_args
from crossbar.devices.files import DEFAULT_DEVICE_FILE
from crossbar.studies import workers

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def crossbar_cli(*argv, **kw):
    return subprocess.run([sys.executable, "-m", "crossbar", *map(str, argv)], capture_output=True, text=True, **kw)


def assert_one_line_error(done, message):
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("crossbar: error: ")
    assert message in done.stderr


def run_cli(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    raw = DEFAULT_DEVICE_FILE.read_bytes()
    (d / "cut.dat").write_bytes(raw[:-40])
    (d / "utf32.csv").write_text("G+1,G-1,G+2,G-2\n" + "1e-8,1e-8,1e-8,1e-8\n" * 4, encoding="utf-32")
    (d / "huge_pulse.csv").write_text("pulse,g\n0,1e-7\n1000000000000,1.1e-7\n")
    (d / "a_file").write_text("not a folder")
    return d


@pytest.mark.parametrize("argv, message", [
    (["montecarlo", "--hidden-beta", "1e6"], "--hidden-beta sets the gain of hidden neurons, and this run has none"),
    (["montecarlo", "--hidden", "0", "--preset", "network", "--hidden-beta", "1e6"], "this run has none"),
    (["montecarlo", "--hidden", "-1"], "argument --hidden: expected a non-negative integer, got '-1'"),
    (["montecarlo", "--hidden", "100000000"], "--hidden = 100000000: expected an integer 0 ... 100000"),
    (["montecarlo", "--hidden", "8", "--hidden-beta", "nan"], "--hidden-beta: expected a finite number > 0"),
    (["montecarlo", "--hidden", "8", "--rule", "fixed"], "G_fix depresses G+, but device 'default_device'"),
    (["train", "--device", "/dev/zero"], "/dev/zero: is a character device, not a regular file"),
    (["train", "--device", "{d}/cut.dat"], "cut.dat, line 166: expected 6 comma-separated fields, found 4"),
    (["train", "--device", "{d}/huge_pulse.csv"], "without gaps; missing [1]"),
    (["train", "--shifts", "{d}/utf32.csv"], "is UTF-32 text; save it as UTF-8"),
    (["train", "--max-epochs", "1000000000"], "the history of 1 trial(s) over --max-epochs 1000000000 "
                                              "epochs needs about 335 GiB"),
    (["montecarlo", "--trials", "10", "--out", "{d}/a_file/study"],
     "a_file/study: cannot be made, {d}/a_file is a file"),
])
def test_hostile_input_at_the_real_entry_point_is_one_line_and_status_2(hostile_files, argv, message):
    done = crossbar_cli(*[a.format(d=hostile_files) for a in argv])
    assert_one_line_error(done, message.format(d=hostile_files))


def test_a_closed_stdout_pipe_ends_quietly():
    p = subprocess.Popen([sys.executable, "-m", "crossbar", "train", "--json"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    p.stdout.close()  # the reader is gone before anything is written (as with `| head -c 0`)
    err = p.stderr.read().decode()
    assert p.wait() == 141 and err == ""


@pytest.mark.parametrize("argv, message", [
    (["train", "--seed", str(2**64)], "argument --seed: expected an integer up to 2**63 - 1"),
    (["train", "--offsets", "lognormal", "--offset-sigma", "90"], "sigma = 90.0: lognormal draws around median"),
    (["train", "--offset-spread", "1e-300"], "would draw infinite offsets"),
    (["train", "--offset-range", "0", "1e300"], "offset range must satisfy 0 <= lo < hi <= 1"),
    (["montecarlo", "--trials", str(10**12), "--quiet"], "a study of --trials 1000000000000"),
    (["montecarlo", "--trials", "10", "--workers", "-1"], "argument --workers: expected an integer >= 1"),
    (["montecarlo", "--trials", "10", "--dask", "no address"], "Dask address 'no address': expected"),
    (["sweep", "--beta", "1:2:1000000000"], "1000000000 values in '1:2:1000000000': at most 1000000 per axis"),
    (["train", "--cycle", "1.5"], "argument --cycle: expected a cycle number 1, 2, ..., got '1.5'"),
    (["montecarlo", "--bias", "0", "--trials", "3"], "--bias 0.0: expected a nonzero voltage within +-10 V"),
    (["device", "--device", ""], "--device is empty; expected a device file or a preset name (default, ag-si"),
    (["train", "--cycle=-2"], "argument --cycle: expected a cycle number 1, 2, ..., got '-2'"),
    (["sweep", "--beta", "1e6:1e8:999999", "--trials", "1000000", "--quiet"],
     "a sweep of 999,999 points (999999) x 1,000,000 trials"),
    # an empty path is '.', the current folder (probe 5: ".: is a directory", ": no such file")
    (["device", "--depression-file", ""], "argument --depression-file: is empty; expected the path of a file"),
    (["montecarlo", "--depression-file", " "], "argument --depression-file: is empty"),
    (["train", "--shifts", ""], "argument --shifts: is empty; expected the path of a file"),
    (["train", "--from", ""], "argument --from: is empty; expected the folder of a saved study"),
    # the distributions' own words named no option (probe 5: "sigma must be >= 0, got -1.0")
    (["train", "--offsets", "lognormal", "--offset-sigma", "-0.5"], "error: --offset-sigma must be >= 0"),
    (["montecarlo", "--trials", "3", "--offsets", "lognormal", "--offset-median", "2"],
     "error: --offset-median must be <= 1 siemens"),
    (["montecarlo", "--trials", "3", "--offset-spread", "1e-300"], "error: --offset-spread = 1e-300: "),
    (["montecarlo", "--trials", "3", "--offset-spread", "1e300"], "equal offsets; expected spread <= 2.3e+12"),
    (["train", "--offsets", "lognormal", "--offset-sigma", "1e308"], "error: --offset-sigma = 1e+308: "),
])
def test_hostile_options_are_one_line_and_status_2(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err


def test_nonphysical_runs_are_reported_as_such_only_when_asked(capsys, tmp_path):
    # Trial 99 of seed 1 draws a window factor that lifts a device to 1.291 S at K = 1e6 (a lognormal with
    # median 2e-16 S, which did this, is refused outright since its bottom tail is held to 1e-15 S, probe 10c U8).
    tail = ["train", "--gain", "1e6", "--window-spread", "3", "--seed", "1", "--trial", "99"]
    code, _, err = run_cli(capsys, *tail)
    # refused before any work, as train() refuses the draw (probe 10c, U4: one check for both)
    assert code == 2 and "--window-spread = 3: trial 99 draws device" in err and "outside the physical range " \
                         "1e-15 ... 1 S; use a smaller gain or spread, or use --allow-nonphysical" in err
    code, out, _ = run_cli(capsys, *tail, "--allow-nonphysical", "--json")
    record = json.loads(out, parse_constant=lambda c: pytest.fail(f"{c} in the JSON"))
    assert code == 0 and record["physical"] is False
    code, out, _ = run_cli(capsys, *tail, "--allow-nonphysical")
    assert code == 0 and "physical   NO: a pulsed device could reach G = 1.291 S" in out
    code, out, _ = run_cli(capsys, "train", "--json")
    assert code == 0 and json.loads(out)["physical"] is True
    zeros = tmp_path / "zeros.csv"  # offsets given, not drawn, that start a device at 0 S: bad input either way
    zeros.write_text("0,0,0,0\n" * 4)
    for extra in ([], ["--allow-nonphysical"]):
        code, out, err = run_cli(capsys, "train", "--shifts", zeros, *extra)
        assert code == 2 and out == "" and (f"--shifts {zeros}: the offset matrix[0, 0] = 0 S: at --gain K = 10 a "
                                            "device starts at G = 0 S") in err


def test_replay_refuses_options_that_contradict_the_study(tmp_path, capsys):
    out = tmp_path / "study"
    assert run_cli(capsys, "montecarlo", "--trials", 20, "--seed", 4, "--out", out, "--quiet")[0] == 0
    for argv, message in ((["--seed", 5], "--seed 5 conflicts with the study"),
                          (["--preset", "reference"], "--preset reference conflicts with the study"),
                          (["--offsets", "lognormal"], "--offsets lognormal conflicts with the study")):
        code, _, err = run_cli(capsys, "train", "--from", out, "--trial", 2, *argv)
        assert code == 2 and err.count("\n") == 1 and message in err
    for argv in (["--seed", 4], ["--preset", "default"], ["--offsets", "rescaled-lognormal"]):  # agreeing: fine
        assert run_cli(capsys, "train", "--from", out, "--trial", 2, *argv)[0] == 0


def test_train_refuses_offsets_of_several_trials():
    offsets = crossbar.sample_offsets(trials=2)
    with pytest.raises(ValueError, match=r"offsets holds 2 trials \(shape \(2, 4, 4\)\); train\(\) trains one"):
        crossbar.train(None, crossbar.REFERENCE, offsets)
    assert crossbar.train(None, crossbar.REFERENCE, offsets[:1]).epochs == crossbar.train(
        None, crossbar.REFERENCE, offsets[0]).epochs


@pytest.mark.parametrize("call, error, message", [
    (lambda: crossbar.train("device.dat"), TypeError, "device must be a DeviceCurve"),
    (lambda: crossbar.train(seed=-1), ValueError, "seed = -1"),
    (lambda: crossbar.train(trial=2**64), ValueError, "trial = 18446744073709551616"),
    (lambda: crossbar.train(offsets="abc"), TypeError, "offsets must be an OffsetDistribution"),
    (lambda: crossbar.train(offsets="1e-8"), TypeError, "offsets must be an OffsetDistribution or an (N, C) matrix"),
    (lambda: crossbar.train(setting={"beta": 1e7}), TypeError, "setting must be a TrainingSetting"),
    (lambda: crossbar.train(None, crossbar.REFERENCE.replace(max_epochs=10**9)), ValueError,
     "setting.max_epochs = 1000000000 epochs needs about"),
    (lambda: crossbar.TrainingSetting(max_epochs=2**31), ValueError, "max_epochs = 2147483648: expected at most"),
    (lambda: crossbar.sample_offsets("lognormal"), TypeError, "distribution must be an OffsetDistribution"),
    (lambda: crossbar.run_study(crossbar.Study(trials=10), out=3), TypeError, "out must be a folder path"),
    (lambda: crossbar.run_study(crossbar.Study(trials=10), resume=True), ValueError, "resume needs out"),
    (lambda: crossbar.run_study(crossbar.Study(trials=10), workers=-2), ValueError, "workers = -2"),
    (lambda: crossbar.run_study(crossbar.Study(trials=10), callback=5), TypeError, "callback must be callable"),
    (lambda: crossbar.run_study(crossbar.Study(trials=10**13)), ValueError, "a study of trials = 10000000000000"),
    (lambda: crossbar.run_sweep("base", crossbar.Grid(beta=[1e7])), TypeError, "base must be a Study"),
    (lambda: crossbar.load_study(None), TypeError, "path must be a folder path"),
    (lambda: crossbar.load_device(3), TypeError, "path must be a file path"),
])
def test_api_entry_points_name_the_argument(call, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()


def test_disk_faults_are_one_line(tmp_path, capsys, monkeypatch):
    real = os.replace
    for code_, text in ((errno.ENOSPC, "No space left on device"), (errno.EROFS, "Read-only file system")):
        def fail(src, dst, code_=code_, text=text):
            raise OSError(code_, text, str(dst))
        monkeypatch.setattr(os, "replace", fail)
        code, out, err = run_cli(capsys, "montecarlo", "--trials", 10, "--out", tmp_path / text[:4], "--quiet")
        monkeypatch.setattr(os, "replace", real)
        assert code == 2 and out == "" and err.count("\n") == 1 and f"manifest.json: {text}" in err
    code, _, err = run_cli(capsys, "montecarlo", "--trials", 10, "--out", "/proc/crossbar-study", "--quiet")
    assert code == 2 and err.count("\n") == 1 and err.startswith("crossbar: error: --out /proc/crossbar-study: the "
                                                                   "folder cannot be made")


def test_unreachable_or_silent_dask_schedulers_fail_in_one_error_within_the_timeout():
    import socket

    start = time.monotonic()
    with pytest.raises(workers.ExecutorError, match="cannot use the Dask scheduler at tcp://127.0.0.1:1"):
        workers.connect_dask("tcp://127.0.0.1:1", timeout=1)
    with socket.socket() as silent:  # accepts connections, never answers: Client() alone hangs
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        with pytest.raises(workers.ExecutorError, match="did not answer within 1 s|cannot use"):
            workers.connect_dask(address, timeout=1)
    assert time.monotonic() - start < 15


def _group(pgid):
    out = subprocess.run(["ps", "-eo", "pgid=,pid="], capture_output=True, text=True).stdout
    return [int(pid) for g, pid in (line.split() for line in out.splitlines()) if int(g) == pgid]


@pytest.mark.parametrize("how", ["kill -9", "Ctrl-C"])
def test_worker_processes_end_with_their_parent(tmp_path, how):
    p = subprocess.Popen([sys.executable, "-m", "crossbar", "montecarlo", "--trials", "2000000", "--chunk-size",
                          "10000", "--workers", "2", "--quiet", "--out", str(tmp_path / "study")],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while len(_group(p.pid)) < 4:  # the parent, its resource tracker and the two workers
            assert time.monotonic() < deadline and p.poll() is None
            time.sleep(0.1)
        if how == "kill -9":
            p.kill()
        else:
            os.killpg(p.pid, signal.SIGINT)  # what a terminal sends: the whole process group
        err = p.communicate(timeout=30)[1].decode()
        deadline = time.monotonic() + 10
        while _group(p.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _group(p.pid) == [], "worker processes outlived their parent"
        if how == "Ctrl-C":
            assert p.returncode == 130 and "Traceback" not in err and err.count("\n") == 1
            assert "crossbar: interrupted; finished chunks are saved in" in err
    finally:
        for pid in _group(p.pid):
            os.kill(pid, signal.SIGKILL)


# ------------------------------------------------------------------ argument fuzzing

VALUES = st.sampled_from(["0", "1", "-1", "2", "1e7", "0.5", "-0.5", "nan", "inf", "-inf", "1e400", "abc", "",
                          "1:2:3", "1e6:1e8:5:log", "0:1:0", "9" * 30, "0.9,-0.9", "1,2,3", "1e-8", "5"])
OPTIONS = st.sampled_from(["--beta", "--targets", "--gain", "--max-epochs", "--offsets", "--offset-range",
                           "--offset-spread", "--offset-median", "--offset-sigma", "--seed", "--trial", "--preset",
                           "--trials", "--chunk-size", "--workers", "--table", "--json", "--resume", "--overwrite",
                           "--allow-outliers", "--quiet", "--frobnicate"])


@FUZZ
@given(st.sampled_from(["train", "montecarlo", "sweep", "explode"]), st.lists(st.tuples(OPTIONS, VALUES), max_size=6))
def test_argument_parsing_ends_in_a_usage_error_or_valid_options(command, pairs):
    argv = [command] + [x for pair in pairs for x in pair if x]
    try:
        args = cli.build_parser().parse_args(argv)
        if command in ("train", "montecarlo"):
            setting_from_args(args)
        if command in ("montecarlo", "sweep"):
            run_kwargs(args)
    except UsageError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.sampled_from(["--beta", "--targets", "--gain", "--offset-range", "--offset-spread",
                                           "--seed", "--trial"]), VALUES), max_size=4))
def test_train_runs_end_in_strict_json_or_one_line(pairs):
    argv = ["train", "--json", "--max-epochs", "20"] + [x for pair in pairs for x in pair if x]
    out, err = _capture(argv)
    if out[0] == 0:
        record = json.loads(out[1], parse_constant=lambda c: pytest.fail(f"{c} in the JSON of {argv}"))
        assert record["physical"] is True and err == ""
    else:
        assert out[0] == 2 and out[1] == "" and err.count("\n") == 1, (argv, err)


def _capture(argv):
    import contextlib
    import io

    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = cli.main(argv)
    return (code, stdout.getvalue()), stderr.getvalue()



# ------------------------------------------------------------------ valid input, read as meant (issue 20, point 6)

@pytest.mark.parametrize("argv, attribute, value", [
    (["--targets", "0.5", "-5e-1"], "targets", [0.5, -0.5]),
    (["--targets", "5E-1", "-5E-1"], "targets", [0.5, -0.5]),
    (["--targets", "0.5", "-.5"], "targets", [0.5, -0.5]),
    (["--bias", "-1e-1"], "bias", -0.1),
    (["--bias", "-1E+0"], "bias", -1.0),
    (["--offset-range", "1e-8", "-1e-7"], "offset_range", [1e-8, -1e-7]),  # parsed; refused later, by value
])
def test_negative_numbers_in_e_notation_are_values_not_options(argv, attribute, value):
    args = cli.build_parser().parse_args(["train", *argv])
    assert getattr(args, attribute) == value


def test_a_negative_non_finite_number_is_refused_as_a_value():
    with pytest.raises(UsageError, match="argument --targets: expected a finite number, got '-inf'"):
        cli.build_parser().parse_args(["train", "--targets", "0.5", "-inf"])


def test_offsets_none_trains_identical_devices_each_the_measured_one(capsys):
    code, out, err = run_cli(capsys, "train", "--offsets", "none", "--json", "--max-epochs", "30")
    record = json.loads(out)
    g0 = crossbar.default_device().conductance[0]
    assert code == 0 and err == "" and record["physical"] is True
    assert record["parameters"]["offsets"] == {"kind": "none", "level": g0}
    assert record["shifts"] == [[g0] * 4] * 4  # every device starts where the measured one did: G = K g(m)
    assert crossbar.NoOffsets().describe() == {"kind": "none"}  # level 0: described (and identified) as before


def test_a_replay_with_the_same_device_bytes_under_another_name_is_the_same_study(tmp_path, capsys):
    first, second = tmp_path / "first.dat", tmp_path / "second.dat"
    first.write_bytes(DEFAULT_DEVICE_FILE.read_bytes())
    second.write_bytes(DEFAULT_DEVICE_FILE.read_bytes())
    out = tmp_path / "study"
    assert run_cli(capsys, "montecarlo", "--device", first, "--trials", 10, "--out", out, "--quiet")[0] == 0
    code, text, err = run_cli(capsys, "train", "--from", out, "--trial", 3, "--device", second)
    assert code == 0 and err == "" and "device     first (51 points" in text
    second.write_bytes(DEFAULT_DEVICE_FILE.read_bytes().replace(b"E-", b"e-", 1))  # other bytes: refused
    code, _, err = run_cli(capsys, "train", "--from", out, "--trial", 3, "--device", second)
    assert code == 2 and "has content hash" in err


def test_a_folder_named_like_a_preset_does_not_shadow_it(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ag-si").mkdir()
    code, out, err = run_cli(capsys, "train", "--device", "ag-si", "--max-epochs", "2")
    assert code == 0 and err == "" and out.startswith("device     ag-si (98 + 98 depression points")
    (tmp_path / "pcmo").write_bytes(DEFAULT_DEVICE_FILE.read_bytes())  # a file of that name is read as ./pcmo
    code, out, _ = run_cli(capsys, "train", "--device", "./pcmo", "--max-epochs", "2")
    assert code == 0 and out.startswith("device     pcmo (51 points")
    code, out, err = run_cli(capsys, "train", "--device", "pcmo", "--max-epochs", "2")  # both: refused (probe 8, U4)
    assert code == 2 and "give --device ./pcmo for the file or --device preset:pcmo for the preset" in err


@pytest.mark.parametrize("value, traceback", [("0", False), ("", False), ("false", False), ("off", False),
                                              ("no", False), ("1", True), ("yes", True)])
def test_crossbar_traceback_is_on_only_when_asked(value, traceback):
    done = crossbar_cli("train", "--beta", "-1", env={**os.environ, "CROSSBAR_TRACEBACK": value})
    assert done.returncode == 2  # bad input's status either way (probe 16c, E2: it was 1 with the traceback)
    assert ("Traceback" in done.stderr) is traceback
    if not traceback:
        assert done.stderr == "crossbar: error: argument --beta: expected a finite number > 0, got '-1'\n"


def test_a_first_row_with_a_typo_is_not_dropped_as_a_header(tmp_path, capsys):
    row = "1e-8,2e-8,3e-8,4e-8\n"
    (tmp_path / "typo.csv").write_text(row.replace("2e-8", "2e-8x") + row * 4)
    code, _, err = run_cli(capsys, "train", "--shifts", tmp_path / "typo.csv")
    assert code == 2 and "typo.csv, line 1: expected comma-separated numbers, found '2e-8x'" in err
    (tmp_path / "header.csv").write_text("G+1,G-1,G+2,G-2\n" + row * 4)
    assert crossbar.devices.read_offset_matrix(tmp_path / "header.csv", (4, 4))[0, 1] == 2e-8


# ------------------------------------------------------------------ a closed stdout (issue 20, point 10)

def test_a_closed_stdout_is_one_line_and_status_2_before_any_work(tmp_path):
    out = tmp_path / "study"
    for argv in (["train"], ["montecarlo", "--trials", "10", "--out", str(out)]):
        done = subprocess.run([sys.executable, "-m", "crossbar", *argv], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, close_fds=True,
                              preexec_fn=lambda: os.close(1))
        assert done.returncode == 2 and done.stderr.count("\n") == 1
        assert done.stderr.startswith("crossbar: error: standard output is closed")
    assert not out.exists()


# ------------------------------------------------------------------ options that would be ignored are refused

#: What ``train --from DIR`` reads besides DIR: --seed, --preset and --offsets must agree with the study,
#: --device (with how to read its file) stands in for a moved device file.
FROM_READS = {"help", "from_dir", "trial", "json", "allow_nonphysical", "seed", "preset", "offsets", "device"}


def _explicit_values(action):
    """Argument strings that give `action` a value other than its default (the first that parses)."""
    if action.nargs == 0:
        return [[]]
    n = action.nargs if isinstance(action.nargs, int) else 1
    words = [str(c) for c in action.choices or ()] or ["2", "online", "some_file.csv"]
    return [[w] * n for w in words]


def _train_parser():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sub.choices["train"]


@pytest.fixture(scope="module")
def saved_study(tmp_path_factory):
    out = tmp_path_factory.mktemp("from") / "study"
    assert cli.main(["montecarlo", "--trials", "20", "--seed", "4", "--out", str(out), "--quiet"]) == 0
    return out


def test_replay_refuses_every_option_it_does_not_read(saved_study, capsys):
    """Every option of `train` (the parser's own list, so a new one is covered too) given with --from."""
    checked = 0
    for action in _train_parser()._actions:
        if action.dest in FROM_READS:
            continue
        for words in _explicit_values(action):
            argv = ["train", "--from", saved_study, action.option_strings[-1], *words]
            try:
                args = cli.build_parser().parse_args([str(a) for a in argv])
            except UsageError:
                continue
            if getattr(args, action.dest) == action.default:
                continue
            code, out, err = run_cli(capsys, *argv)
            assert code == 2 and out == "" and err.count("\n") == 1, (argv, err)
            assert f"error: {action.option_strings[-1]}" in err or f"with {action.option_strings[-1]}" in err, (
                argv, err)
            checked += 1
            break
        else:
            pytest.fail(f"no value found for {action.option_strings}")
    assert checked >= 25  # the parser's options were found (27 when this was written)


@pytest.mark.parametrize("argv, message", [
    (["--c2c-form", "proportional"], "--c2c-form"),
    (["--cycle", "2"], "--cycle says how to read --device FILE, and none is given"),
    (["--read-voltage", "0.1"], "--read-voltage says how to read --device FILE"),
    (["--depression-file", "down.csv"], "--depression-file says where the study's depression file now lies, and "
                                        "the study in"),
    (["--allow-outliers"], "--allow-outliers says how to read --device FILE"),
    (["--held-out", "2"], "--held-out"),
    (["--bias"], "--bias"),
])
def test_replay_names_the_option_it_would_ignore(saved_study, capsys, argv, message):
    code, out, err = run_cli(capsys, "train", "--from", saved_study, "--trial", 1, *argv)
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err, err


def test_replay_still_reads_the_device_file_it_is_given(saved_study, capsys):
    code, out, _ = run_cli(capsys, "train", "--from", saved_study, "--trial", 1, "--device", DEFAULT_DEVICE_FILE,
                           "--allow-outliers")
    assert code == 0 and out.startswith("replay     trial 1 of the study")


@pytest.mark.parametrize("command", ["train", "montecarlo"])
@pytest.mark.parametrize("argv, message", [
    (["--offsets", "none", "--offset-sigma", "0.3"],
     "--offset-sigma is read by --offsets lognormal only; --offsets none would ignore it"),
    (["--offsets", "none", "--offset-range", "1e-8", "1e-7"], "--offset-range is read by --offsets "
                                                              "rescaled-lognormal or rescaled-exponential only"),
    (["--offsets", "rescaled-exponential", "--offset-spread", "3"],
     "--offset-spread is read by --offsets rescaled-lognormal only; --offsets rescaled-exponential would ignore"),
    (["--offsets", "lognormal", "--offset-range", "1e-8", "1e-7"], "--offsets lognormal would ignore it"),
    (["--offset-median", "3e-8"], "--offset-median is read by --offsets lognormal only; --offsets "
                                  "rescaled-lognormal would ignore it"),
    (["--offsets", "rescaled-exponential", "--offset-sigma", "0.5"], "--offset-sigma is read by"),
])
def test_offset_options_of_another_distribution_are_refused(capsys, command, argv, message):
    code, out, err = run_cli(capsys, command, "--trials" if command == "montecarlo" else "--max-epochs", 10, *argv)
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err, err


def test_sweep_refuses_offset_options_as_train_does(capsys):
    code, out, err = run_cli(capsys, "sweep", "--offsets", "rescaled-exponential", "--offset-spread", "3",
                             "--trials", 10)
    assert code == 2 and "--offset-spread is read by --offsets rescaled-lognormal only; --offsets " \
                         "rescaled-exponential would ignore it" in err


@pytest.fixture(scope="module")
def small_window_device(tmp_path_factory):
    """A device of the embedded device's shape with a window f = 1e-4 times its own."""
    device = crossbar.default_device()
    g = device.conductance * 1e-4
    path = tmp_path_factory.mktemp("small") / "small.csv"
    path.write_text("pulse,g\n" + "".join(f"{i},{float(v)!r}\n" for i, v in enumerate(g)))
    return path


@pytest.mark.parametrize("command", ["train", "montecarlo"])
def test_a_beta_that_the_window_factor_takes_out_of_range_names_option_value_and_r(
        capsys, command, small_window_device):
    reram = ["--device", "data/example_reram_cycles.csv", "--read-voltage", "0.1"]
    for argv, message in (
            ([*reram, "--hidden", 4, "--hidden-beta", "5e-324"],
             r"--hidden-beta = 5e-324: in relative units the devices get it divided by the device's scale factor "
             r"r = 1.004e\+04 \(its window over the embedded device's\), which makes it 0.0; expected "
             r"[0-9.e+-]+ \.\.\. 1.79e\+308 on this device \(or --units absolute\)"),
            ([*reram, "--beta", "5e-324"], r"--beta = 5e-324: .* r = 1.004e\+04 .* makes it 0.0; expected"),
            (["--device", small_window_device, "--beta", "1e308"],
             r"--beta = 1e\+308: .* r = 0.0001 .* makes it inf; expected [0-9.e+-]+ \.\.\. 1.79e\+304 on this device"),
    ):
        code, out, err = run_cli(capsys, command, "--trials" if command == "montecarlo" else "--max-epochs", 5,
                                 *argv)
        assert code == 2 and out == "" and err.count("\n") == 1 and re.search(message, err), err
        assert "TrainingSetting" not in err


@pytest.mark.parametrize("argv", [["--offsets", "lognormal"], ["--offset-sigma", "2"], ["--offset-range", "1e-8", "2e-8"]])
def test_offset_options_with_a_shifts_file_are_refused(tmp_path, capsys, argv):
    shifts = tmp_path / "shifts.csv"
    shifts.write_text("3e-8,3e-8,3e-8,3e-8\n" * 4)
    code, out, err = run_cli(capsys, "train", "--shifts", shifts, *argv)
    assert code == 2 and out == "" and f"{argv[0]} describes offsets to draw, and --shifts gives them" in err, err
    assert run_cli(capsys, "train", "--shifts", shifts)[0] == 0


@pytest.mark.parametrize("argv, message", [
    (["--offset-range", "1e-8"], "argument --offset-range: expected LO,HI (two offsets in S, e.g. 1e-8,1e-7), "
                                 "got '1e-8'"),
    (["--offset-range", "1e-8,1e-7", "3e-8"], "argument --offset-range: expected LO,HI (two offsets in S"),
    (["--offset-range", "1e-7,1e-8"], "argument --offset-range: expected LO,HI with 0 <= LO < HI, got '1e-7,1e-8'"),
    (["--offset-range", "1e-8,2"], "--offset-range: the offset range must satisfy 0 <= lo < hi <= 1 (siemens)"),
])
def test_sweep_offset_range_is_a_range_and_its_errors_name_the_option(capsys, argv, message):
    code, out, err = run_cli(capsys, "sweep", *argv, "--trials", 2)
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err, err
    assert "hi=-" not in err  # a single value is not read as (X, -X)


def test_train_offset_range_error_names_the_option(capsys):
    code, out, err = run_cli(capsys, "train", "--offset-range", "0", "1e300")
    assert code == 2 and "--offset-range: the offset range must satisfy" in err, err


@pytest.mark.parametrize("argv, message", [
    (["montecarlo", "--table", "csv", "--trials", "10"], "--table csv needs --out DIR"),
    (["sweep", "--table", "both", "--beta", "1e7", "--trials", "10"], "--table both needs --out DIR"),
    (["montecarlo", "--table", "npy", "--trials", "10"], "--table npy needs --out DIR"),
    (["device", "--device", "ag-si", "--allow-outliers"],
     "--allow-outliers says how to read a device file; preset 'ag-si' is not one (give --device FILE)"),
    (["montecarlo", "--allow-outliers", "--trials", "10"],
     "--allow-outliers says how to read a device file; the embedded default device is not one"),
    (["montecarlo", "--device", "default", "--allow-outliers", "--trials", "10"], "preset 'default' is not one"),
    (["train", "--device", "taox-hfox", "--allow-outliers", "--json"], "preset 'taox-hfox' is not one"),
])
def test_options_that_would_be_ignored_are_refused(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err, err


def test_table_and_allow_outliers_still_work_where_they_apply(capsys, tmp_path):
    code, _, err = run_cli(capsys, "montecarlo", "--table", "csv", "--trials", 4, "--quiet", "--out", tmp_path / "s")
    assert code == 0 and (tmp_path / "s" / "trials.csv").is_file() and not (tmp_path / "s" / "trials.npy").exists()
    code, out, _ = run_cli(capsys, "device", "--device", DEFAULT_DEVICE_FILE, "--allow-outliers", "--json")
    assert code == 0 and json.loads(out)


def test_a_shifts_file_says_that_relative_units_multiply_it_by_f(capsys, tmp_path, small_window_device):
    shifts = tmp_path / "shifts.csv"
    shifts.write_text("1e-8,2e-8,3e-8,4e-8\n" * 4)
    code, out, _ = run_cli(capsys, "train", "--shifts", shifts, "--device", small_window_device, "--max-epochs", 5)
    assert code == 0 and "offsets x r = 1e-12 ... 4e-12 S" in out, out  # r = 1e-4, and the line says so
    code, out, _ = run_cli(capsys, "train", "--shifts", shifts, "--device", small_window_device, "--max-epochs", 5,
                           "--json")
    assert json.loads(out)["shifts"][0] == pytest.approx([1e-12, 2e-12, 3e-12, 4e-12], rel=1e-9)
    help_text = " ".join(cli.build_parser()._subparsers._group_actions[0].choices["train"].format_help().split())
    assert "multiplied by the scale factor r = W / W_ref, as every offset is; with --units absolute, S as given" in help_text


# ------------------------------------------------------------------ probe 4: overflow, API prefixes

@pytest.mark.parametrize("argv, message", [
    (["montecarlo", "--trials", "3", "--max-epochs", "5", "--beta", "1e308", "--quiet"],
     "--beta = 1e+308: expected at most 8.99e+301 (1/A)"),
    (["train", "--max-epochs", "2", "--hidden", "2", "--hidden-beta", "1e307"], "--hidden-beta = 1e+307: expected at most"),
    (["sweep", "--trials", "2", "--max-epochs", "2", "--beta", "1e7,1e308", "--quiet"], "--beta = 1e+308: expected"),
])
def test_a_beta_whose_products_overflow_is_refused_before_work(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)  # it trained through numpy overflow warnings (probe 4: op21)
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err, err
    code, out, err = run_cli(capsys, "montecarlo", "--trials", "2", "--max-epochs", "2", "--beta", "1e300", "--quiet")
    assert code == 0 and "warning" not in err, err


@pytest.mark.parametrize("argv", [["--offset-range", "0,1e-7"], ["--gain", "1e308"]])
def test_sweep_errors_name_the_option_not_the_api_field(capsys, argv):
    code, out, err = run_cli(capsys, "sweep", "--trials", "2", "--quiet", *argv)
    assert code == 2 and err.startswith("crossbar: error: --offset-range LO = ") and "Study." not in err, err


@pytest.mark.parametrize("argv, message", [
    (["montecarlo", "--trial", "5", "--quiet"], "unrecognized arguments: --trial 5"),  # not --trials 5
    (["montecarlo", "--trials", "2", "--quiet", "--out", "{tmp}", "--over"], "unrecognized arguments: --over"),
    (["train", "--max-epoch", "2"], "unrecognized arguments: --max-epoch 2"),
])
def test_option_prefixes_are_not_read_as_options(capsys, tmp_path, argv, message):
    (tmp_path / "keep").write_text("a study would be here")  # --over is no --overwrite
    code, out, err = run_cli(capsys, *(a.format(tmp=tmp_path) for a in argv))
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err, err
    assert (tmp_path / "keep").read_text() == "a study would be here"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["train", "--max-epochs", "2", "--json"], ["device"]])
def test_a_full_standard_output_is_named_once(argv):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "crossbar", *argv], stdout=full, stderr=subprocess.PIPE,
                              text=True)
    # it said "No space left on device ([Errno 28] No space left on device)" (probe 4: op27, op28)
    assert done.returncode == 2 and done.stderr == "crossbar: error: standard output: No space left on device\n"


def test_an_output_encoding_that_cannot_write_a_unit_is_one_line_naming_it(tmp_path):
    device = tmp_path / "n.csv"
    device.write_text("pulse,G (µS)\n0,1\n1,2\n2,2.5\n", encoding="utf-8")
    done = crossbar_cli("device", "--device", device,
                        env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert done.returncode == 2 and done.stdout == "", done.stderr  # raw "'ascii' codec can't encode" (op35)
    assert done.stderr == ("crossbar: error: standard output: its encoding (ascii) cannot write '\\xb5'; set "
                           "PYTHONIOENCODING=utf-8 or unset it\n")


def test_resume_takes_the_study_device_under_another_name_as_train_from_does(tmp_path, capsys):
    first, second = tmp_path / "first.dat", tmp_path / "second.dat"
    first.write_bytes(DEFAULT_DEVICE_FILE.read_bytes())
    second.write_bytes(DEFAULT_DEVICE_FILE.read_bytes())
    out, clean = tmp_path / "study", tmp_path / "clean"
    argv = ["montecarlo", "--trials", 20, "--chunk-size", 10, "--quiet", "--json"]
    assert run_cli(capsys, *argv, "--device", first, "--out", clean)[0] == 0
    assert run_cli(capsys, *argv, "--device", first, "--out", out)[0] == 0
    (out / "chunks" / "chunk_000001.npz").unlink(missing_ok=True)
    code, text, err = run_cli(capsys, *argv, "--device", second, "--out", out, "--resume")
    # "holds a different study (device.name: 'first' there, 'second' now)" (probe 4: mc02)
    assert code == 0 and err.count("\n") == 1 and "the same bytes as the study's device 'first'" in err, err
    assert json.loads(text)["summary"] == json.loads(run_cli(capsys, *argv, "--device", first, "--out", clean,
                                                             "--resume")[1])["summary"]


@pytest.mark.parametrize("command", [["montecarlo"], ["sweep", "--beta", "1e7"]])
def test_out_empty_or_unmakeable_names_the_option(tmp_path, capsys, command):
    code, out, err = run_cli(capsys, *command, "--trials", 2, "--quiet", "--out", "")
    assert code == 2 and "argument --out: is empty; expected a folder" in err, err  # it read '.' (fp04)
    if not os.path.isdir("/proc/1"):
        return
    code, out, err = run_cli(capsys, *command, "--trials", 2, "--quiet", "--out", "/proc/1/study")
    assert code == 2 and err == ("crossbar: error: --out /proc/1/study: the folder cannot be made or written: No such "
                                 "file or directory; expected a writable folder\n"), err  # a raw strerror (fp02)


def test_a_preset_name_padded_by_quoting_is_the_preset(capsys):
    """' ag-si' was refused as "ag-si: no such file (and not a device preset: default, ag-si, ...)" (probe 5)."""
    code, out, err = run_cli(capsys, "device", "--device", " ag-si ", "--json")
    assert code == 0 and err == "" and json.loads(out)["device"]["name"] == "ag-si"


def test_a_disk_that_fills_up_mid_study_names_the_folder_and_resume_completes_it(tmp_path, capsys, monkeypatch):
    """A write that fails with no file name (ENOSPC inside a chunk's write) said only "No space left on device"
    (probe 5); the message now names --out and what to do, and --resume completes the study."""
    real, saved = os.replace, []

    def fill_up(src, dst):
        if "chunk_" in os.fspath(dst):
            if saved:
                raise OSError(errno.ENOSPC, "No space left on device")
            saved.append(dst)
        return real(src, dst)

    out, fresh = tmp_path / "study", tmp_path / "fresh"
    argv = ["montecarlo", "--trials", 40, "--chunk-size", 10, "--max-epochs", 20, "--quiet", "--json"]
    monkeypatch.setattr(os, "replace", fill_up)
    code, printed, err = run_cli(capsys, *argv, "--out", out)
    monkeypatch.setattr(os, "replace", real)
    assert code == 2 and printed == "" and err == (
        f"crossbar: error: {out}: No space left on device while writing the results to --out {out}; finished "
        f"chunks are saved in {out}: free space, then complete with --resume\n")
    code, resumed, _ = run_cli(capsys, *argv, "--out", out, "--resume")
    assert code == 0 and len(saved) == 1
    code, whole, _ = run_cli(capsys, *argv, "--out", fresh)
    assert json.loads(resumed)["summary"] == json.loads(whole)["summary"]
