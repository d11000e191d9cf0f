"""Hostile probe 24c, C24-5: a Ctrl-C just as `--workers` processes are spawned leaves no worker traceback; C24-8:
workers from a script read on standard input are one clear error (a worker traceback each, then BrokenProcessPool).

A KeyboardInterrupt raised at once could come between multiprocessing's start of a worker and its writing the
worker's start-up data: the worker, not yet registered with the pool and so never stopped, read an empty pipe
when the command ended and printed multiprocessing's "EOFError: Ran out of input" traceback after the one line.
The window is ~0.05 s by hand (1 of 38 tries); here the Ctrl-C is sent from inside the start, right after the
worker process was made, while a thread of the script's own (as numba's are in a run) takes the signal.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = '''
import os, signal, sys, threading, time
import multiprocessing.util as util
import crossbar as cb

def main():
    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()  # takes the SIGINT, as numba's threads do
    spawn = util.spawnv_passfds

    def spawned(*args):
        pid = spawn(*args)
        if "--multiprocessing-fork" in args[1]:  # a worker, not the resource tracker
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C once the worker runs, before its start-up data is written
            time.sleep(0.3)
        return pid

    util.spawnv_passfds = spawned
    study = cb.Study(trials=4, chunk_size=2, setting=cb.TrainingSetting(max_epochs=3))
    try:
        cb.run_study(study, workers=2)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
        sys.exit(130)
    print("not interrupted")

if __name__ == "__main__":
    main()
'''


def test_a_ctrl_c_while_a_worker_is_spawned_leaves_the_worker_quiet(tmp_path):
    script = tmp_path / "spawned.py"
    script.write_text(SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # The pipes close only when every worker has ended: a worker's traceback is in `stderr`.
    done = subprocess.run([sys.executable, str(script)], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=600)
    assert (done.returncode, done.stdout, done.stderr) == (130, "interrupted\n", "")


# C24-8: run_study(workers=N) from a script Python read on standard input

RUN = '''import crossbar as cb
S = cb.Study(trials=6, chunk_size=3, setting=cb.TrainingSetting(max_epochs=3))
print(cb.run_study(S, workers=1).table.size)
'''


def test_workers_from_a_script_read_on_standard_input_is_one_clear_error(tmp_path):
    """Each worker printed spawn's "FileNotFoundError: ... '<stdin>'" traceback, then BrokenProcessPool."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-"], input=RUN, env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("Traceback") == 1 and "BrokenProcessPool" not in done.stderr, done.stderr
    assert done.stderr.splitlines()[-1] == (
        "RuntimeError: workers = 1: each worker process imports the script that started it again (multiprocessing's "
        "spawn), and this script has no file to import ('<stdin>': Python read it from standard input, or it was "
        "removed); save it to a file and run that, or run without worker processes (workers=None)")


def test_guard_the_same_script_given_with_c_runs_its_workers(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", RUN], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=600)
    assert (done.returncode, done.stdout, done.stderr) == (0, "6\n", "")
