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


# Probe 25c, C25-6: a script stopping run_sweep(workers=2) from its callback printed its last line and then hung at
# exit (1 run in 6): a worker ended by the stop while writing its result left part of it in the result pipe, which
# the parent holds open for writing too, and the pool's manager thread read on for the rest for ever; the exit joins
# that thread. Here the cut-short result is written into the pipe by hand, as a worker ended mid-write leaves it.
CUT_SHORT = """
import os, struct, time
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from crossbar.studies import workers

if __name__ == "__main__":
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    running = pool.submit(time.sleep, 60)
    while not running.running():
        time.sleep(0.05)
    os.write(pool._result_queue._writer.fileno(), struct.pack("!i", 1000) + b"part")  # 4 of 1000 bytes
    time.sleep(0.5)  # the manager thread reads the header and waits for the rest
    manager = pool._executor_manager_thread
    workers.stop_pool(pool)
    # ended by now: the exit hook of Python 3.11 woke a manager thread that was closing its wakeup pipe, and printed
    # "Exception ignored ... OSError: [Errno 9] Bad file descriptor" (CI, stop 51)
    print("manager thread alive" if manager.is_alive() else "stopped", flush=True)
"""


def test_a_result_cut_short_by_the_stop_leaves_no_thread_for_the_exit_to_wait_on(tmp_path):
    script = tmp_path / "cut_short.py"
    script.write_text(CUT_SHORT)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "stopped\n", "")
