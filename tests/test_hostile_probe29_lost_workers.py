"""Probe 28c, C28-3's rest: a local worker process that died in the middle of a study (``kill -9``, the system's
out-of-memory killer, a worker under a low ``ulimit -v``) ended the command in "internal error: BrokenProcessPool ...
(this is a bug in crossbar)", status 1. It is now one line naming the worker and how it ended, status 2, and the
folder's finished chunks complete with --resume to the table of an uninterrupted run; a memory estimate under an
address-space limit names the limit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import numpy as np
import pytest

import crossbar
from crossbar.resources import ResourceError, address_limit, require_memory
from crossbar.studies import Study, run_study
from crossbar.studies.workers import WorkerLost

ROOT = str(Path(crossbar.__file__).parents[1])
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads workers from /proc (Linux)")


def workers_of(parent):
    """Pids of the pool's worker processes under `parent` (multiprocessing's spawn; not its resource tracker)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent and b"spawn_main" in cmdline:
            found.append(int(entry))
    return found


def kill_workers(chunk, table):
    for pid in workers_of(os.getpid()):
        os.kill(pid, signal.SIGKILL)


def study():  # 200 chunks: far more than finish while the first one's callback kills the workers
    return Study(trials=2000, chunk_size=10, seed=7, setting=crossbar.TrainingSetting(max_epochs=60))


def test_a_worker_killed_mid_study_is_named_and_the_folder_resumes_to_the_same_table(tmp_path):
    with pytest.raises(WorkerLost) as caught:
        run_study(study(), out=tmp_path / "o", workers=2, callback=kill_workers, progress=False)
    assert isinstance(caught.value, BrokenProcessPool)  # what a caller catching the pool's error still catches
    assert "SIGKILL (killed from outside, or by the system when memory ran out)" in str(caught.value)
    assert -signal.SIGKILL in caught.value.exitcodes
    resumed = run_study(study(), out=tmp_path / "o", workers=2, resume=True, progress=False)
    whole = run_study(study(), progress=False)
    assert np.array_equal(resumed.table, whole.table)


def test_the_command_line_says_so_in_one_line_with_status_2(tmp_path):
    argv = [sys.executable, "-m", "crossbar", "montecarlo", "--trials", "400000", "--max-epochs", "3000", "--quiet",
            "--workers", "2", "--out", str(tmp_path / "o")]
    run = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                           env={**os.environ, "PYTHONPATH": ROOT})
    try:
        deadline = time.monotonic() + 240
        while not (pids := workers_of(run.pid)) or not (tmp_path / "o" / "manifest.json").exists():
            assert run.poll() is None and time.monotonic() < deadline, "the study ended before its workers started"
            time.sleep(0.2)
        time.sleep(1.0)
        os.kill(pids[0], signal.SIGKILL)
        out, err = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode == 2, err
    assert err == (f"crossbar: error: worker process {pids[0]} was ended by SIGKILL (killed from outside, or by the "
                   "system when memory ran out) in the middle of a chunk; finished chunks are saved in "
                   f"{tmp_path / 'o'}: complete with --resume\n"), err


def test_a_memory_estimate_under_an_address_space_limit_names_the_limit():
    code = ("import resource; from crossbar.resources import require_memory; "
            "resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, resource.RLIM_INFINITY)); "
            "require_memory(2**40, 'a test array', 'ask for less')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=240,
                          env={**os.environ, "PYTHONPATH": ROOT})
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("crossbar.resources.ResourceError: a test array needs about 1 TiB of memory, more than the "), last
    assert last.endswith(" available under this process's address-space limit (ulimit -v = 3145728 kB); ask for "
                         "less; or raise the limit (ulimit -v unlimited)"), last


@pytest.mark.skipif(address_limit() is not None, reason="this process runs under an address-space limit")
def test_without_a_limit_a_memory_estimate_says_nothing_of_one():
    with pytest.raises(ResourceError) as caught:
        require_memory(2**70, "a test array", "ask for less")
    assert "ulimit" not in str(caught.value) and str(caught.value).endswith("available; ask for less")
