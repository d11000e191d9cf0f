"""A chunk's result reaching the pool's manager thread as Ctrl-C cancels its future: the thread died printing
"InvalidStateError: CANCELLED: <Future ... state=cancelled>" after the command's one line (CI, stop 45, in
test_worker_processes_end_with_their_parent[Ctrl-C], 2 of 3 runs). Once a pool is stopped, that error ends its
thread quietly; any other thread error still prints."""

import subprocess
import sys

CODE = """
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from crossbar.studies import workers
pool = ProcessPoolExecutor(1)
workers.stop_pool(pool)
f = Future(); f.cancel()
t = threading.Thread(target=lambda: f.set_result(1)); t.start(); t.join()
def other(): raise ValueError("other thread error")
t = threading.Thread(target=other); t.start(); t.join()
"""


def test_a_cancelled_future_set_after_the_pool_stopped_prints_nothing():
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "InvalidStateError" not in done.stderr
    assert "ValueError: other thread error" in done.stderr
