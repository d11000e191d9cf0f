"""Probe 16c, causes S1, I1, I2, E1 and E2: a named pipe as a study's lock file, SIGTERM while the command line
imports and after its output is written, an OpenMP setting libgomp cannot read, and CROSSBAR_TRACEBACK on bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo") or sys.platform == "win32", reason="POSIX signals and pipes")


def crossbar_cli(*argv, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "crossbar", *map(str, argv)], capture_output=True, text=True,
                          env=None if env is None else {**os.environ, **env}, timeout=timeout)


def python(code, env=None, timeout=120):
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env=None if env is None else {**os.environ, **env}, timeout=timeout)


def assert_one_line_error(done, message):
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("crossbar: error: "), done.stderr
    assert message in done.stderr, done.stderr


# ------------------------------------------------------------------ S1: the lock file is a named pipe

@pytest.fixture(scope="module")
def fifo_study(tmp_path_factory):
    folder = tmp_path_factory.mktemp("s1") / "study"
    done = crossbar_cli("montecarlo", "--trials", 3, "--max-epochs", 5, "--out", folder, "--quiet")
    assert done.returncode == 0, done.stderr
    os.mkfifo(folder / ".crossbar.lock")
    return folder


def test_train_from_a_study_whose_lock_is_a_named_pipe_is_refused_at_once(fifo_study):
    try:  # it waited for a writer for ever
        done = crossbar_cli("train", "--from", fifo_study, "--trial", 1, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("train --from hung on a named pipe as .crossbar.lock")
    assert_one_line_error(done, f"{fifo_study}/.crossbar.lock: a FIFO (named pipe) where crossbar keeps the lock of "
                                f"study folder {fifo_study}")  # it said 'unexpected file' (probe 25c)


def test_load_study_with_a_named_pipe_as_its_lock_raises_the_folder_error(fifo_study):
    try:
        done = python(f"""
            import crossbar
            try:
                crossbar.load_study({str(fifo_study)!r})
            except crossbar.studies.integrity.StoreError as exc:
                print(exc)
            """, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("load_study hung on a named pipe as .crossbar.lock")
    assert done.returncode == 0 and "a FIFO (named pipe) where crossbar keeps the lock of study folder" in done.stdout, \
        (done.stdout, done.stderr)


def test_guard_a_study_with_its_regular_lock_file_left_by_a_killed_run_still_loads(fifo_study, tmp_path):
    """Guard (passes before the fix too): a regular lock file no one holds is no obstacle."""
    done = crossbar_cli("montecarlo", "--trials", 3, "--max-epochs", 5, "--out", tmp_path / "s", "--quiet")
    assert done.returncode == 0
    (tmp_path / "s" / ".crossbar.lock").write_bytes(b"")
    done = crossbar_cli("train", "--from", tmp_path / "s", "--trial", 1, "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["epochs"] >= 1, done.stderr


# ------------------------------------------------------------------ I1, I2: SIGTERM while importing, after the output

def test_sigterm_while_the_command_line_imports_is_its_line_and_143():
    """The import's guard is in place as soon as crossbar is imported as the command (argv[0] '-m'); SIGTERM then
    died of the signal with an empty stderr, where SIGINT gives its line."""
    done = python("""
        import os, signal, sys
        sys.argv = ["-m"]
        import crossbar
        os.kill(os.getpid(), signal.SIGTERM)
        signal.pthread_sigmask(signal.SIG_BLOCK, [])  # let the handler run
        print("not ended")
        """)
    assert (done.returncode, done.stderr, done.stdout) == (143, "crossbar: terminated\n", "")


def test_sigterm_after_the_output_is_ignored_as_ctrl_c_is():
    """main(last=True), the command: its complete JSON printed, a SIGTERM from then on killed it (-15, no line)."""
    done = python("""
        import os, signal, sys
        sys.argv = ["-m"]
        import crossbar
        from crossbar.cli import main
        status = main(["train", "--max-epochs", "2", "--json"], last=True)
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGINT)
        sys.exit(status)
        """)
    assert done.returncode == 0 and done.stderr == "", (done.returncode, done.stderr)
    assert json.loads(done.stdout)["epochs"] == 2


def test_guard_sigterm_during_the_command_is_still_its_line_and_143():
    """Guard (passes before the fix too): guarded takes SIGTERM over from the import's guard, as it did SIG_DFL."""
    done = python("""
        import os, signal, sys
        sys.argv = ["-m"]
        import crossbar
        from crossbar.cli import guard
        def run():
            os.kill(os.getpid(), signal.SIGTERM)
            signal.pthread_sigmask(signal.SIG_BLOCK, [])
            return 0
        sys.exit(guard.guarded("crossbar", run))
        """)
    assert (done.returncode, done.stderr) == (143, "crossbar: terminated\n")


def test_guard_a_spawned_worker_of_the_console_script_keeps_the_default_sigterm():
    """Guard: a worker spawned by the ``crossbar`` console script imports crossbar with its argv; the pool ends it
    with SIGTERM, which must not print the command's line."""
    done = python("""
        import signal, sys
        import multiprocessing.process as process
        process.current_process()._inheriting = True
        sys.argv = ["/venv/bin/crossbar"]
        import crossbar
        print(signal.getsignal(signal.SIGTERM) is signal.SIG_DFL)
        """)
    assert done.stdout == "True\n", done.stderr


# ------------------------------------------------------------------ E1: OMP_NUM_THREADS libgomp cannot read

@pytest.mark.parametrize("value", ["abc", "0", "-1", ""])
def test_an_unreadable_omp_num_threads_is_one_line_and_status_2(value):
    done = crossbar_cli("train", "--max-epochs", 2, "--json", env={"OMP_NUM_THREADS": value})
    shown = f"OMP_NUM_THREADS={value}" if value else "OMP_NUM_THREADS=''"
    assert_one_line_error(done, f"{shown}: the OpenMP library (libgomp) cannot read it")
    assert "expected a whole number >= 1" in done.stderr


@pytest.mark.parametrize("value", ["1", "2", "4,2"])
def test_guard_a_readable_omp_num_threads_runs_with_the_same_numbers(value):
    """Guard (passes before the fix too): values libgomp reads run on, with the numbers of a run without it."""
    plain = crossbar_cli("train", "--max-epochs", 5, "--json", env={})
    done = crossbar_cli("train", "--max-epochs", 5, "--json", env={"OMP_NUM_THREADS": value})
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert json.loads(done.stdout) == json.loads(plain.stdout)


# ------------------------------------------------------------------ E2: CROSSBAR_TRACEBACK keeps bad input's status

@pytest.mark.parametrize("value", ["1", "yes"])
def test_crossbar_traceback_on_bad_input_shows_it_and_keeps_status_2(value):
    done = crossbar_cli("train", "--beta", "x", env={"CROSSBAR_TRACEBACK": value})
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stderr.startswith("Traceback") and done.stdout == ""
    assert done.stderr.endswith("\ncrossbar: error: argument --beta: expected a number, got 'x'\n")
