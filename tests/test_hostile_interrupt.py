"""Ctrl-C inside the compiled kernel (issue 20, point 4): every command ends within about a second,
leaving a folder that --resume completes, and the kernel's results are unchanged by the polling.

Python runs signal handlers between bytecodes of the main thread only, never inside compiled code;
a long montecarlo used to ignore SIGINT until its kernel returned (60 s and a SIGKILL in the probe).
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import crossbar
from crossbar.tasks import mnist
from crossbar.training import engine

LONG = crossbar.REFERENCE.replace(max_epochs=2_000_000)  # about 0.01 % converge: every trial runs on


def files(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def test_ctrl_c_ends_a_long_kernel_call_within_a_second():
    offsets = crossbar.sample_offsets(trials=64)  # about a minute of work uninterrupted, on two cores
    crossbar.train_batch(crossbar.default_device(), offsets[:1], LONG.replace(max_epochs=2))  # compiled
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        crossbar.train_batch(crossbar.default_device(), offsets, LONG)
    assert time.monotonic() - start < 0.5 + 2.0


def test_a_set_stop_flag_returns_before_the_first_epoch():
    """The kernel polls the flag: with it set from the start, no trial gets an epoch, or an output."""
    calls = []

    def fake(call):
        stop = np.ones(1, np.int64)
        call(stop)
        calls.append(stop)

    original = engine.interruptible
    engine.interruptible = fake
    try:
        run = crossbar.train_batch(crossbar.default_device(), crossbar.sample_offsets(trials=8), LONG)
    finally:
        engine.interruptible = original
    assert calls and not run.converged.any() and not run.epochs.any() and not run.pulse_count.any()


def test_results_are_the_same_from_the_main_thread_and_from_any_other():
    # the main thread watches for Ctrl-C while the kernel runs; another thread just calls it
    offsets = crossbar.sample_offsets(seed=3, trials=300)
    here = crossbar.train_batch(crossbar.default_device(), offsets, crossbar.DEFAULT)
    box = {}
    thread = threading.Thread(target=lambda: box.setdefault(
        "run", crossbar.train_batch(crossbar.default_device(), offsets, crossbar.DEFAULT)))
    thread.start()
    thread.join()
    there = box["run"]
    for name in ("converged", "epochs", "pulse_count", "conductance", "total_error", "activation"):
        np.testing.assert_array_equal(getattr(here, name), getattr(there, name), err_msg=name)


def test_the_wakeup_descriptor_is_restored_and_still_hears_its_signals():
    """Whoever had the wakeup descriptor (an event loop) gets it back, with the signals that came
    while the kernel ran; a signal other than SIGINT does not stop the kernel."""
    import socket

    mine, theirs = socket.socketpair()
    mine.setblocking(False)
    previous = signal.set_wakeup_fd(mine.fileno())
    try:
        seen = []

        def kernel(stop):
            os.kill(os.getpid(), signal.SIGUSR1)  # handled by Python, not a reason to stop
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and not seen:
                time.sleep(0.01)  # the watcher thread forwards it meanwhile
                theirs.setblocking(False)
                try:
                    seen.append(theirs.recv(16))
                except BlockingIOError:
                    pass
            assert stop[0] == 0

        old = signal.signal(signal.SIGUSR1, lambda *a: None)
        try:
            engine.interruptible(kernel)
        finally:
            signal.signal(signal.SIGUSR1, old)
        assert seen and seen[0] == bytes([signal.SIGUSR1])
        assert signal.set_wakeup_fd(mine.fileno()) == mine.fileno()  # restored
    finally:
        signal.set_wakeup_fd(previous)
        mine.close()
        theirs.close()


def test_a_sigint_handler_that_raises_nothing_still_ends_the_unfinished_call():
    old = signal.signal(signal.SIGINT, lambda *a: None)
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    try:
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            crossbar.train_batch(crossbar.default_device(), crossbar.sample_offsets(trials=64), LONG)
    finally:
        signal.signal(signal.SIGINT, old)


def _signalled_midrun(argv, out, send, inside=2):
    """Start ``argv --out out`` in its own session, wait until its folder has a manifest (the run has started its
    chunks), give it `inside` seconds to be inside the kernel (a chunk takes seconds), call ``send(pid)``, and read
    stderr to its end. Returns the process, its stderr and the seconds from the signal to the end."""
    p = subprocess.Popen([*argv, "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         start_new_session=True, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (out / "manifest.json").is_file():
            assert p.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        time.sleep(inside)
        assert p.poll() is None, p.stderr.read()
        sent = time.monotonic()
        send(p.pid)
        err = p.communicate(timeout=60)[1]
        return p, err, time.monotonic() - sent
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)


@pytest.mark.parametrize("executor", [[], ["--workers", "2"], ["--dask", "local"]])
def test_ctrl_c_in_montecarlo_leaves_a_folder_that_resume_completes(tmp_path, executor):
    # about 5 s of work in this process (some 40 million trial-epochs a second on two cores); Dask's local
    # workers are given time to import first: a Ctrl-C while they import prints their tracebacks beside the
    # command's one line (RELIABILITY.md, "Not guaranteed"), which this test does not cover
    dask = executor[:1] == ["--dask"]
    argv = [sys.executable, "-m", "crossbar", "montecarlo", "--preset", "reference",
            "--max-epochs", "20000000" if dask else "2000000", "--trials", "100", "--chunk-size", "50", "--quiet"]
    out = tmp_path / "study"
    # what a terminal sends: the whole process group
    p, err, waited = _signalled_midrun([*argv, *executor], out, lambda pid: os.killpg(pid, signal.SIGINT),
                                       inside=8 if dask else 2)
    assert p.returncode == 130 and err == f"crossbar: interrupted; finished chunks are saved in {out}: complete " \
                                          "with --resume\n"
    assert waited < 3.0, f"ended {waited:.1f} s after Ctrl-C"
    assert not (out / "index.json").exists()
    if executor:  # the folder is the same whichever executor ran it: resume once, in this process
        return
    done = subprocess.run([*argv, "--out", str(out), "--resume"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    clean = tmp_path / "clean"
    assert subprocess.run([*argv, "--out", str(clean)], capture_output=True, timeout=600).returncode == 0
    assert files(out) == files(clean)


@pytest.mark.parametrize("executor, group", [([], True), (["--workers", "2"], True), (["--workers", "2"], False)])
def test_sigterm_ends_montecarlo_as_ctrl_c_does_and_leaves_nothing_to_say_later(tmp_path, executor, group):
    """Probe 13c, U6: SIGTERM (``timeout``, ``kill``) killed the command where it stood, with no line, and with
    --workers multiprocessing's resource tracker warned of 5 leaked semaphores on the terminal about 5 s later.
    `group`: the signal to the whole process group (as ``timeout`` sends it), or to the command alone (``kill PID``).
    The tracker writes to the same stderr, so reading it to its end waits for the tracker too."""
    argv = [sys.executable, "-m", "crossbar", "montecarlo", "--preset", "reference", "--max-epochs", "2000000",
            "--trials", "100", "--chunk-size", "50", "--quiet", *executor]
    out = tmp_path / "study"
    p, err, waited = _signalled_midrun(argv, out, lambda pid: (os.killpg if group else os.kill)(pid, signal.SIGTERM))
    assert p.returncode == 143 and err == f"crossbar: terminated; finished chunks are saved in {out}: complete " \
                                          "with --resume\n"
    assert waited < 3.0, f"ended {waited:.1f} s after SIGTERM"
    assert not (out / "index.json").exists()
    if executor:  # the folder is the same whichever executor ran it: resume once, in this process
        return
    done = subprocess.run([*argv, "--out", str(out), "--resume"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert (out / "index.json").is_file()


def test_a_ctrl_c_as_the_output_appears_is_the_one_line_or_nothing_never_a_traceback_or_a_silent_death():
    """Probe 14c, C1: a Ctrl-C sent as the last line of ``train --json`` appeared landed in Python's shutdown: of 12,
    2 printed a KeyboardInterrupt traceback ("Exception ignored in atexit callback") with status 0, 4 died of the
    signal (status -2) with no line. Now it is either the command's one line and status 130 (the signal came while
    the command still ran) or nothing and status 0 (it came after), and the JSON is whole."""
    outcomes = []
    for _ in range(10):
        p = subprocess.Popen([sys.executable, "-m", "crossbar", "train", "--max-epochs", "5", "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines = []
        for line in p.stdout:
            lines.append(line)
            if '"units"' in line:
                p.send_signal(signal.SIGINT)
                break
        rest, err = p.communicate(timeout=120)
        outcomes.append((p.returncode, err))
        assert (p.returncode, err) in ((0, ""), (130, "crossbar: interrupted\n")), (p.returncode, err)
        if p.returncode == 0:
            assert json.loads("".join(lines) + rest)["units"]
    assert outcomes


def test_a_ctrl_c_while_workers_start_is_not_lost():
    """Child processes started in the block leave SIGINT alone; this process still gets it (ignored
    instead, a Ctrl-C while a study's workers started was lost and the run went to its end)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from crossbar.studies import workers

    child = None
    with pytest.raises(KeyboardInterrupt):
        with workers.interrupts_ignored():
            child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3)"])
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.5)
    try:
        time.sleep(0.5)  # the child is up: the terminal's SIGINT leaves it running
        child.send_signal(signal.SIGINT)
        time.sleep(0.5)
        assert child.poll() is None
    finally:
        child.kill()
        child.wait()


# ------------------------------------------------------------------ Ctrl-C within an epoch (probe 3, point 10)

@pytest.mark.parametrize("rule, delays", [("batch", (0.2, 1.0, 1.6)), ("online", (0.2, 2.0, 3.0))])
def test_the_stop_flag_ends_an_epoch_of_mnist_between_patterns(rule, delays, monkeypatch):
    """One block epoch of MNIST (4,000 patterns x 401 x 20 devices x 96 trials) lasts seconds: the
    kernel polled the flag only between epochs, so Ctrl-C took 1.8 s or more to end a study."""
    train, _ = mnist(train=4000, test=1)
    offsets = crossbar.sample_offsets(trials=96, patterns=train)
    device, setting = crossbar.default_device(), crossbar.DEFAULT.replace(max_epochs=1000, rule=rule)
    crossbar.train_batch(device, offsets[:1], setting.replace(max_epochs=1), train)  # compiled
    waited = []

    def stopped_after(delay):
        def call_with_a_timer(call):
            stop = np.zeros(1, np.int64)
            threading.Timer(delay, lambda: (stop.__setitem__(0, 1), waited.append(time.monotonic()))).start()
            call(stop)
            waited[-1] = time.monotonic() - waited[-1]
            raise KeyboardInterrupt
        return call_with_a_timer

    # batch: at 0.2 s still finding the patterns' twins, at 1 s and 1.6 s within the first epoch's
    # sums; online: at 2 s and 3 s within the first epoch's patterns
    for delay in delays:
        monkeypatch.setattr(engine, "interruptible", stopped_after(delay))
        with pytest.raises(KeyboardInterrupt):
            crossbar.train_batch(device, offsets, setting, train)
    # seconds from the flag to the kernel's return: 3-20 ms measured, 0.7-8.9 s before; 1 s leaves room for a
    # loaded CI machine and is still the 'about a second' Ctrl-C is held to
    assert max(waited) < 1.0, waited


CTRL_C_WHILE_IMPORTING = """
import importlib.abc, os, signal, sys, time

class CtrlC(importlib.abc.MetaPathFinder):  # Ctrl-C in the middle of the package's imports
    def find_spec(self, name, path=None, target=None):
        if name == "crossbar.studies":
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.2)
        return None

sys.meta_path.insert(0, CtrlC())
sys.argv = ["-m"]  # what `python -m crossbar` sees while it imports the package
import crossbar
"""


def test_ctrl_c_while_the_command_line_imports_is_one_line_and_status_130():
    done = subprocess.run([sys.executable, "-c", CTRL_C_WHILE_IMPORTING], capture_output=True, text=True,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert done.returncode == 130 and done.stderr == "crossbar: interrupted\n", (done.returncode, done.stderr)
    # imported as a library, Ctrl-C stays Python's KeyboardInterrupt
    done = subprocess.run([sys.executable, "-c", CTRL_C_WHILE_IMPORTING.replace('sys.argv = ["-m"]', "")],
                          capture_output=True, text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert done.returncode == -signal.SIGINT and done.stderr.rstrip().endswith("KeyboardInterrupt")


def test_the_command_line_gives_python_its_ctrl_c_back_once_imported(capsys):
    from crossbar.cli import guard

    signal.signal(signal.SIGINT, lambda s, f: None)
    signal.getsignal(signal.SIGINT).crossbar_import_guard = True
    try:
        assert guard.guarded("crossbar", lambda: 0) == 0
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
