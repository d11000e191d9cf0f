"""Ctrl-C while a worker process dies: the pool's manager thread died printing "InvalidStateError: CANCELLED:
<Future ... state=cancelled>" after the command's one line (CI, stop 45, in
test_worker_processes_end_with_their_parent[Ctrl-C], 2 of 3 runs). The run cancelled its queued chunks itself, and
the manager, finding the pool broken (a worker ended while writing its result) before it saw the shutdown, set an
exception on every pending future, cancelled ones included. Now only the pool cancels them. The stop-45 mend, a
process-wide ``threading.excepthook`` that hid the error, is gone: it outlived the run and wrapped a user's hook."""

import subprocess
import sys

# The worst moment, forced: the worker is killed after the callback's KeyboardInterrupt and a second before the pool
# is stopped, so the manager thread sees a broken pool while queued chunks are still pending.
CODE = """
import os, signal, threading, time
import crossbar as cb
from crossbar.studies import workers

real = workers.stop_pool
def stop_pool(executor):
    for process in list(executor._processes.values()):
        os.kill(process.pid, signal.SIGKILL)
    time.sleep(1.0)
    real(executor)
workers.stop_pool = stop_pool

def stop(chunk, rows):
    raise KeyboardInterrupt

if __name__ == "__main__":
    hook = threading.excepthook
    try:
        cb.run_study(cb.Study(trials=2000, chunk_size=100), workers=1, callback=stop)
    except KeyboardInterrupt:
        print("interrupted")
    print("hook kept" if threading.excepthook is hook else "hook replaced")
"""


def test_a_worker_dying_as_a_run_is_interrupted_prints_no_thread_traceback(tmp_path):
    script = tmp_path / "run.py"  # a file: worker processes import the script that started them
    script.write_text(CODE)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["interrupted", "hook", "kept"]
    assert "Traceback" not in done.stderr and "InvalidStateError" not in done.stderr, done.stderr
