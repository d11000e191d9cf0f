"""Probe 28c, C28-3: under an address-space limit (ulimit -v) of 420-480 MB `montecarlo` hung for ever, deaf to Ctrl-C
and SIGTERM (scipy's OpenBLAS retrying a thread buffer it could not map, holding the GIL), and at 520 MB `train` said
"interrupted" (OpenBLAS's SIGINT on a thread it could not start). Under such a limit the command runs OpenBLAS on one
thread: one line naming the limit, the run, or glibc's documented abort (RELIABILITY, "Not guaranteed")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import crossbar

ROOT = str(Path(crossbar.__file__).parents[1])
LINE = ("crossbar: error: not enough memory under this process's address-space limit (ulimit -v = {} kB): numba's "
        "compiler alone maps about 600 MB; raise the limit (ulimit -v unlimited) or ask for a smaller run")

FLOOR = ("crossbar: error: not enough memory under this process's address-space limit (ulimit -v = {} kB): numba's "
         "compiler alone maps about 600 MB, and no command runs below 481280 kB; raise the limit (ulimit -v "
         "unlimited)\n")


def limited(kilobytes):
    def set_limit():
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (kilobytes * 1024, resource.RLIM_INFINITY))
    return set_limit


def environment(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    return {**env, "PYTHONPATH": ROOT, **extra}


@pytest.mark.parametrize("command, kilobytes", [("montecarlo", 420_000), ("montecarlo", 480_000), ("train", 520_000)])
def test_a_command_under_a_low_address_space_limit_ends(tmp_path, command, kilobytes):
    argv = [sys.executable, "-m", "crossbar", command, "--max-epochs", "3"]
    if command == "montecarlo":
        argv += ["--trials", "20", "--quiet", "--out", str(tmp_path / "o")]
    try:  # it hung for ever at 420 and 480 MB (a core spinning until kill -9)
        done = subprocess.run(argv, capture_output=True, text=True, preexec_fn=limited(kilobytes), timeout=240,
                              env=environment(), cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{command} under ulimit -v {kilobytes} did not end in 240 s")
    assert "interrupted" not in done.stderr and "bug in crossbar" not in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "blas_thread_init" not in done.stderr, done.stderr
    if done.returncode == 127:  # glibc's own abort (RELIABILITY, "Not guaranteed"): no Python code runs after it
        assert done.stderr == "cannot allocate memory for thread-local data: ABORT\n", done.stderr
    elif done.returncode == 2:  # the run's line, or below the floor no command runs (probe 29c, C29-5)
        assert done.stdout == "" and done.stderr in (LINE.format(kilobytes) + "\n", FLOOR.format(kilobytes)), \
            done.stderr
    else:
        assert done.returncode == 0 and done.stderr == "", (done.returncode, done.stderr)


def test_the_one_thread_is_set_only_under_a_low_limit_and_never_over_the_users():
    probe = [sys.executable, "-c", "import crossbar, os; print(os.environ.get('OPENBLAS_NUM_THREADS'))"]

    def blas(preexec=None, **extra):
        argv = [sys.executable, "-c", "import sys, runpy; sys.argv = ['crossbar']; import crossbar, os; "
                                      "print(os.environ.get('OPENBLAS_NUM_THREADS'))"]
        return subprocess.run(argv, capture_output=True, text=True, preexec_fn=preexec, timeout=240,
                              env=environment(**extra)).stdout.strip()

    assert blas() == "None"  # no limit: OpenBLAS's own threads
    assert blas(limited(1_500_000)) == "1"
    assert blas(limited(1_500_000), OPENBLAS_NUM_THREADS="2") == "2"  # the user's word stands
    assert blas(limited(64_000_000)) == "None"  # a limit far above what the command maps
    done = subprocess.run(probe, capture_output=True, text=True, preexec_fn=limited(1_500_000), timeout=240,
                          env=environment())
    assert done.stdout.strip() == "None"  # the API, imported by a program of its own, leaves its environment alone


def test_a_compiled_calls_thread_that_dies_unheard_ends_the_wait(monkeypatch):
    """At 420 MB the thread of a compiled call could die before it ran ('Exception ignored in thread started by'),
    and the main thread waited for it for ever: it is a MemoryError, which the command line names with the limit."""
    import signal
    import threading

    from crossbar import interrupts

    class Stillborn(threading.Thread):
        def run(self):  # the target is never called: neither its result nor its error arrives
            pass

    def too_long(signum, frame):
        raise AssertionError("beside() still waits for a thread that has died")

    monkeypatch.setattr(interrupts.threading, "Thread", Stillborn)
    before = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(10)
    try:
        with pytest.raises(MemoryError, match="ended with neither its result nor its error"):
            interrupts.beside(lambda: 1)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


@pytest.mark.parametrize("command", [["device"], ["device", "--device", "ag-si"], ["train", "--max-epochs", "3"],
                                     ["sweep", "--trials", "4", "--beta", "1e7,2e7", "--max-epochs", "3"]])
@pytest.mark.parametrize("kilobytes", [350_000, 440_000, 480_000])
def test_below_the_floor_every_command_is_one_line_at_once(tmp_path, command, kilobytes):
    """Probe 29c, C29-5: at 350-440 MB `device`, `train`, `montecarlo` and `sweep` hung for ever in OpenBLAS's buffer
    (one thread, OPENBLAS_NUM_THREADS=1 set), deaf to Ctrl-C and SIGTERM; at 430-480 MB `device` ended "OpenBLAS
    error: Memory allocation still failed after 10 retries, giving up." and `montecarlo` "internal error: RuntimeError:
    can't allocate read lock", status 1."""
    argv = [sys.executable, "-m", "crossbar", *command]
    if command[0] == "sweep":
        argv += ["--quiet", "--out", str(tmp_path / "s")]
    done = subprocess.run(argv, capture_output=True, text=True, preexec_fn=limited(kilobytes), timeout=60,
                          env=environment(), cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", FLOOR.format(kilobytes))
    assert not (tmp_path / "s").exists()


def test_help_still_answers_below_the_floor():
    done = subprocess.run([sys.executable, "-m", "crossbar", "train", "--help"], capture_output=True, text=True,
                          preexec_fn=limited(350_000), timeout=60, env=environment())
    assert done.returncode == 0 and "--max-epochs" in done.stdout and done.stderr == "", done.stderr
