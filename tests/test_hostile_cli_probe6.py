"""The command line and `make lab` under probe 6's attack: every case is one line naming the option, the
argument or the environment variable as the user wrote it, and status 2 (the probe's report: causes 5, 6,
8-13 and two cases it noted)."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]


def crossbar_cli(*argv, env=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "crossbar", *map(str, argv)], capture_output=True, text=True,
                          env=None if env is None else {**os.environ, **env}, cwd=cwd, timeout=300)


def assert_one_line_error(done, message, prefix="crossbar: error: "):
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(prefix), done.stderr
    assert message in done.stderr, done.stderr


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("probe6")
    (d / "zero.csv").write_text("0,0,0,0\n" * 4)
    (d / "shifts.csv").write_text("5e-08,5e-08,5e-08,5e-08\n" * 4)
    return d


@pytest.mark.parametrize("argv, env, message", [
    # 5: the path as typed; it was "default: no such file (and not a device preset: default, ...)"
    (["device", "--device", "./default"], None,
     "./default: no such file (a path, so not the preset 'default': give --device default for the preset)"),
    (["device", "--device", "default/"], None, "default/: no such file (a path, so not the preset 'default'"),
    # 6: option names, not the API's ("Study.setting = ...", "executor: ...", "NoOffsets(level=...)")
    (["sweep", "--trials", "5", "--quiet", "--rule", "batch", "two-way"], None,
     "--rule batch+two-way: device 'default_device' has no depression branch"),
    (["montecarlo", "--trials", "5", "--quiet", "--dask", ""], None,
     "argument --dask: is empty; expected a scheduler address such as tcp://host:8786, or 'local'"),
    (["train", "--shifts", "{d}/zero.csv"], None,
     "g(0) = 4.54578e-07 S: --offsets none in place of --shifts makes every device the measured one"),
    # noted: --trial was silently ignored when the file gives the offsets and nothing else is drawn
    (["train", "--shifts", "{d}/shifts.csv", "--trial", "3"], None,
     "--trial 3 picks a trial's random draws, and this run draws none: --shifts gives the offsets"),
    # 12, 13: numba's own import traceback, its printed warning, or an AttributeError deep inside
    (["train", "--max-epochs", "5"], {"NUMBA_NUM_THREADS": "0"},
     "NUMBA_NUM_THREADS=0: expected a whole number >= 1 (the threads numba may use), or unset it"),
    (["train", "--max-epochs", "5"], {"NUMBA_NUM_THREADS": "abc"}, "NUMBA_NUM_THREADS=abc: expected a whole number"),
    (["montecarlo", "--trials", "10", "--quiet"], {"NUMBA_DISABLE_JIT": "1"},
     "NUMBA_DISABLE_JIT=1: crossbar needs numba's compiler and does not run with it disabled"),
])
def test_messages_name_what_the_user_wrote(files, argv, env, message):
    done = crossbar_cli(*[a.format(d=files) for a in argv], env=env)
    assert_one_line_error(done, message.format(d=files))


def test_trial_with_a_shifts_file_still_keys_the_noise(files):
    """--trial is refused only when it would change nothing: with --c2c it keys the pulse noise."""
    runs = [crossbar_cli("train", "--shifts", files / "shifts.csv", "--c2c", "0.05", "--trial", k, "--json")
            for k in (0, 3)]
    assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs]
    assert runs[0].stdout.split('"trial"')[0] != runs[1].stdout.split('"trial"')[0]


def test_out_inside_a_saved_study_is_refused(tmp_path):
    """It was accepted, and the outer study's --resume then refused the folder as unexpected."""
    assert crossbar_cli("montecarlo", "--trials", "5", "--max-epochs", "5", "--quiet", "--out", "a",
                        cwd=tmp_path).returncode == 0
    done = crossbar_cli("montecarlo", "--trials", "5", "--max-epochs", "5", "--quiet", "--out", "a/inner",
                        cwd=tmp_path)
    assert_one_line_error(done, "--out a/inner: inside the saved study in a (manifest.json)")
    assert not (tmp_path / "a" / "inner").exists()
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "manifest.json").write_text('{"name": "another program"}')
    assert crossbar_cli("montecarlo", "--trials", "5", "--max-epochs", "5", "--quiet", "--out", "web/r",
                        cwd=tmp_path).returncode == 0


def _lab(*argv):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "lab.py"), *argv], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("argv, message", [
    # 10: isdigit() took '²' and int() failed: a traceback
    (["--port=²"], "lab: --port=²: expected a TCP port 1 ... 65535"),
    # 11: Jupyter's "Bad config encountered during initialization" after seconds of log, status 1
    (["--ServerApp.open_browser=maybe"], "lab: --ServerApp.open_browser=maybe: expected a boolean"),
    (["--ServerApp.port_retries=abc", "--port=18952"], "lab: --ServerApp.port_retries=abc: expected an int"),
    (["--port-retries", "abc"], "lab: --port-retries=abc: expected an int for ServerApp.port_retries"),
    (["--ip=127.0.0.1", "--ServerApp.ip=0.0.0.0"],
     "lab: --ip=127.0.0.1 and --ServerApp.ip=0.0.0.0 both set ServerApp.ip; give it once"),
])
def test_jupyters_start_up_refusals_are_one_line_and_status_2(argv, message):
    done = _lab(*argv)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(message), done.stderr


def test_a_busy_port_without_retries_is_one_line_and_status_2():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = _lab(f"--port={port}", "--ServerApp.port_retries=0")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (f"lab: --port={port}: port {port} is in use on 127.0.0.1, and --ServerApp.port_retries=0 "
                           "allows no other; free it, give another --port, or drop port_retries\n")


def test_a_network_too_large_for_the_address_space_is_refused_before_it_runs():
    """8: under ``ulimit -v`` the free memory passed the estimate, and the run ended 5-9 s later in a caught
    MemoryError naming neither the size nor --hidden."""
    import resource

    def limited():
        resource.setrlimit(resource.RLIMIT_AS, (3_000_000 * 1024, resource.RLIM_INFINITY))

    done = subprocess.run([sys.executable, "-m", "crossbar", "train", "--task", "mnist", "--hidden", "20000",
                           "--max-epochs", "3"], capture_output=True, text=True, preexec_fn=limited, timeout=300)
    assert_one_line_error(done, "training 1 network (each keeps the final conductances of its 16440020 devices) "
                                "needs about 17.6 GiB of memory, more than the ")
    assert done.stderr.endswith("available under this process's address-space limit (ulimit -v = 3000000 kB); give "
                                "the hidden layer fewer neurons than --hidden 20000; or raise the limit (ulimit -v "
                                "unlimited)\n")


def test_the_address_space_limit_bounds_the_memory_available(monkeypatch):
    import resource

    from crossbar import resources

    monkeypatch.setattr(resource, "getrlimit", lambda which: (2**30, resource.RLIM_INFINITY))
    left = resources.available_memory()
    assert 0 <= left < 2**30
    monkeypatch.setattr(resource, "getrlimit", lambda which: (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    assert resources.available_memory() > left


def test_a_study_whose_depression_file_moved_replays_and_resumes(tmp_path):
    """Cause 4: the depression file's path was part of what made a study the same study, so once the file moved
    (same bytes) --from said 'no such file', refused --depression-file ('drop it'), called --device with it an
    edited manifest, and --resume 'a different study': no way back to the user's folder."""
    pulses = np.arange(50)
    (tmp_path / "up.csv").write_text("pulse,G (uS)\n" + "".join(
        f"{m},{1 + 9 * (1 - np.exp(-m / 15)):.6f}\n" for m in pulses))
    (tmp_path / "down.csv").write_text("pulse,G (uS)\n" + "".join(
        f"{m},{10 - 9 * (1 - np.exp(-m / 15)):.6f}\n" for m in pulses))
    study = ["montecarlo", "--trials", "20", "--max-epochs", "30", "--quiet", "--chunk-size", "7",
             "--device", tmp_path / "up.csv", "--rule", "two-way", "--out", tmp_path / "d"]
    first = crossbar_cli(*study, "--depression-file", tmp_path / "down.csv")
    assert first.returncode == 0, first.stderr
    before = crossbar_cli("train", "--from", tmp_path / "d", "--trial", "5", "--json")
    assert before.returncode == 0, before.stderr
    (tmp_path / "down.csv").rename(tmp_path / "moved.csv")
    assert_one_line_error(crossbar_cli("train", "--from", tmp_path / "d", "--trial", "5"),
                          f"the study used the depression file '{tmp_path / 'down.csv'}', which is not there; "
                          "give where it now lies (--depression-file FILE)")
    for extra in ([], ["--device", tmp_path / "up.csv"]):
        again = crossbar_cli("train", "--from", tmp_path / "d", "--trial", "5", "--json",
                             "--depression-file", tmp_path / "moved.csv", *extra)
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout)["pulse_count"] == json.loads(before.stdout)["pulse_count"]
    resumed = crossbar_cli(*study, "--depression-file", tmp_path / "moved.csv", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    other = tmp_path / "other.csv"  # another depression branch is still another study
    other.write_text((tmp_path / "moved.csv").read_text().replace("10.000000", "9.990000"))
    assert_one_line_error(crossbar_cli("train", "--from", tmp_path / "d", "--trial", "5", "--depression-file", other),
                          "has content hash")
