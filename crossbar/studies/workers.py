"""Worker processes that die with their parent, stay quiet on Ctrl-C, and Dask connections that time out.

* :func:`setup_worker` runs first in every local worker process: it ignores SIGINT (the parent
  handles Ctrl-C and stops the workers) and asks the kernel to kill the worker when its parent
  dies (``prctl(PR_SET_PDEATHSIG)`` on Linux; elsewhere a thread polls the parent's pid), so a
  ``kill -9`` of the parent leaves no worker running.
* :func:`interrupts_ignored` is held while worker processes are started: they start with
  SIGINT blocked and ignore it from :func:`setup_worker` on, so Ctrl-C in a terminal (sent to
  the whole process group) reaches only the parent, which prints one line.
* :func:`stop_pool` ends a process pool's workers without waiting for their chunks, and
  :func:`stop_local_cluster` a local Dask cluster's (its nannies waited 4 s for a worker busy
  in the compiled kernel, which no signal reaches).
* :func:`connect_dask` connects to a scheduler with a deadline that also covers a server that
  accepts the connection and never answers; every failure is one :class:`ExecutorError`.
"""

from __future__ import annotations

import concurrent.futures.process
import contextlib
import os
import signal
import struct
import sys
import threading
import time

__all__ = ["CONNECT_TIMEOUT", "MAX_WORKERS", "ExecutorError", "WorkerLost", "UNGUARDED_EXIT", "stop_in_script_import",
           "script_stops_spawned_workers", "unreadable_script",
           "unguarded_script", "setup_worker", "interrupts_ignored", "stop_pool",
           "stop_local_cluster", "connect_dask", "check_dask_address"]

#: Seconds to wait for a Dask scheduler to answer.
CONNECT_TIMEOUT = 10.0

#: Most local worker processes ``workers=`` (``--workers``) may ask for. A run starts one per chunk at most, each
#: an interpreter with numpy and numba (about 128 MiB); more processes than cores compute nothing sooner, and
#: ``workers=2**70`` was taken as a request. 1024 is above the cores of any one machine the package runs on.
MAX_WORKERS = 1024


class ExecutorError(ValueError):
    """An executor that cannot be used: an unreachable or malformed Dask address, a broken pool."""


class WorkerLost(concurrent.futures.process.BrokenProcessPool):
    """A local worker process that ended in the middle of a run, named with how it ended: killed from outside, by
    the system for memory, or by a signal of its own. It was "internal error: BrokenProcessPool ... (this is a bug
    in crossbar)", status 1, for a worker killed with ``kill -9`` (probe 28c, C28-3's rest)."""

    def __init__(self, processes):
        self.exitcodes = [p.exitcode for p in processes]
        super().__init__(_lost_text(processes))


def _lost_text(processes):
    """How the first worker of `processes` that ended of itself ended (the pool ends the others with SIGTERM). One
    ended by SIGTERM is named only where it is the one so ended: the first of several was named, often one the pool
    ended after the worker killed from outside (probe 30c, C30-1)."""
    from ..resources import limit_named

    ended = [p for p in processes if p.exitcode not in (None, 0)]
    first = next((p for p in ended if p.exitcode != -signal.SIGTERM), ended[0] if ended else None)
    if first is None:
        how = "a worker process ended in the middle of a chunk"
    elif first.exitcode < 0:
        try:
            name = signal.Signals(-first.exitcode).name
        except ValueError:
            name = f"signal {-first.exitcode}"
        why = {"SIGKILL": "killed from outside, or by the system when memory ran out",
               "SIGTERM": "ended from outside"}.get(name, "a fault in the process")
        termed = [p.pid for p in ended if p.exitcode == -signal.SIGTERM]
        who = (f"worker process {first.pid}" if first.exitcode != -signal.SIGTERM or len(termed) == 1 else
               f"a worker process (one of {', '.join(map(str, termed))}: the pool ends the others so)")
        how = f"{who} was ended by {name} ({why}) in the middle of a chunk"
    else:
        how = f"worker process {first.pid} exited with status {first.exitcode} in the middle of a chunk"
    limit = limit_named()
    if limit is not None:
        how += (f", under {limit}, which every worker shares: numba's compiler alone maps about 600 MB; raise the "
                "limit (ulimit -v unlimited)")
    return how


#: The exit status of a worker process that stopped while importing the script that started it again.
UNGUARDED_EXIT = 86


def stop_in_script_import():
    """In a worker process still importing the main script again (multiprocessing's spawn re-runs a script's top
    level in every worker): end it quietly with :data:`UNGUARDED_EXIT`. A run_study / run_sweep reached there is
    the script's own, called without ``if __name__ == '__main__':``; it would start workers of its own, and
    multiprocessing's "bootstrapping phase" traceback was printed by each (161 lines for two workers)."""
    import multiprocessing

    if getattr(multiprocessing.current_process(), "_inheriting", False):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError, AttributeError):
                pass
        os._exit(UNGUARDED_EXIT)  # at once: a slower exit let the parent's stop_pool end it with SIGTERM instead


def unreadable_script():
    """The name of the script that started this process where multiprocessing's spawn cannot import it again in a
    worker, else None: a script Python read from standard input (``python - < run.py``: ``'<stdin>'``) or one
    removed since. Each worker then printed spawn's FileNotFoundError traceback, and the call ended in
    BrokenProcessPool (probe 24c, C24-8). ``python -c`` and modules run with ``-m`` are imported by name, not by
    path."""
    from multiprocessing import process

    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or getattr(getattr(main, "__spec__", None), "name", None) is not None or path is None:
        return None
    if not os.path.isabs(path) and process.ORIGINAL_DIR is not None:
        path = os.path.join(process.ORIGINAL_DIR, path)
    return None if os.path.isfile(path) else getattr(main, "__file__")


def unguarded_script(processes):
    """Whether one of a broken pool's worker `processes` (stopped and joined) ended with :data:`UNGUARDED_EXIT`."""
    return any(p.exitcode == UNGUARDED_EXIT for p in processes)


def _nothing():
    """The work of the probe process :func:`script_stops_spawned_workers` starts."""


def script_stops_spawned_workers(timeout=120.0):
    """Whether a process started by multiprocessing's spawn, as Dask's local cluster starts its workers, ends with
    :data:`UNGUARDED_EXIT`: importing the main script again reaches a run_study / run_sweep, i.e. the script calls
    it at its top level without ``if __name__ == '__main__':``. One probe process, started only after such a
    cluster failed to start (Dask then said only "Nanny failed to start", 53 lines)."""
    import multiprocessing

    process = multiprocessing.get_context("spawn").Process(target=_nothing, daemon=True,
                                                           name="crossbar-guard-probe")
    with interrupts_ignored(deferred=True):
        process.start()
    process.join(timeout)
    if process.is_alive():
        process.kill()
        process.join()
        return False
    return process.exitcode == UNGUARDED_EXIT


def setup_worker(parent):
    """In a worker process: ignore SIGINT and die when process `parent` dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # started inside interrupts_ignored: blocked until now
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if parent is None:
        return
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # PR_SET_PDEATHSIG = 1
                if os.getppid() != parent:  # the parent died before the request took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="crossbar-parent-watch").start()


def _watch_parent(parent):
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


@contextlib.contextmanager
def interrupts_ignored(deferred=False):
    """Start child processes that leave Ctrl-C to this one (main thread only; else a no-op).

    SIGINT is blocked in this thread for the length of the block. A child inherits the blocked
    signal through fork and exec and keeps it blocked until :func:`setup_worker` ignores it. This
    process does not lose it: a Ctrl-C meanwhile is taken by another of its threads (numpy's and
    numba's native ones) and raises KeyboardInterrupt here at once, or, with no other thread, stays
    pending and arrives as the block ends. (Ignored instead, as before, it was lost whenever workers
    were still starting, and the run went on to its end.)

    With `deferred`, for a block that only starts processes (quick), the KeyboardInterrupt is raised
    as the block ends, never inside it: raised at once, it could come between multiprocessing's
    start of a child and its writing the child's start-up data, so that the child, never
    registered with the pool and never stopped, read an empty pipe when this process ended and
    printed multiprocessing's "EOFError: Ran out of input" traceback after the command's one line
    (probe 24c, C24-5).
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    handler = signal.getsignal(signal.SIGINT)
    caught = []
    deferred = deferred and callable(handler)
    if deferred:
        signal.signal(signal.SIGINT, lambda number, frame: caught.append((number, frame)))
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a pending Ctrl-C arrives here
        if deferred:
            signal.signal(signal.SIGINT, handler)
            if caught:
                handler(*caught[0])  # the handler's own KeyboardInterrupt, now the children are started


def stop_pool(executor):
    """Shut a ``ProcessPoolExecutor`` down now: cancel queued chunks, end the workers computing others.

    Only the pool cancels its queued chunks (``cancel_futures``, done in its manager thread). Cancelled from the
    calling thread as well, a chunk still listed as pending met the manager's "process pool broken" path (a worker
    ended while writing its result, or died as the pool stopped), which sets an exception on every pending future
    and died printing "InvalidStateError: CANCELLED: <Future ... state=cancelled>" after the command's one line (CI,
    stop 45, on Ctrl-C).

    A worker ended while writing its result leaves part of it in the result pipe, which this process holds open for
    writing too: the pool's manager thread read on for the rest for ever, and the process hung at its exit joining
    that thread (probe 25c, C25-6: a script stopping run_sweep(workers=2) from its callback, 1 exit in 6). With every
    worker gone, this process's end of the pipe is closed, and the read ends (EOFError: the pool is broken, which it
    handles)."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    results = getattr(executor, "_result_queue", None)  # before the shutdown lets go of it
    manager = getattr(executor, "_executor_manager_thread", None)  # likewise
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)
    if results is not None and not any(process.is_alive() for process in processes):
        results._writer.close()  # a result a worker was ending in reads to its end (EOFError), not for ever
    if manager is not None and manager is not threading.current_thread():
        # ended before the interpreter's exit wakes it: Python 3.11's exit hook could write to the wakeup pipe the
        # ending thread had just closed, "Exception ignored ... OSError: [Errno 9] Bad file descriptor" (CI, stop 51)
        manager.join(timeout=2)


def stop_local_cluster(client):
    """End the worker processes of the local Dask cluster this run started for `client`, now.

    Only a cluster of our own (``client._crossbar_cluster``, from ``--dask local``) is touched;
    closing it afterwards finds its workers gone instead of waiting for their chunks.
    """
    cluster = getattr(client, "_crossbar_cluster", None)
    for nanny in list(getattr(cluster, "workers", {}).values()):
        pid = getattr(getattr(getattr(nanny, "process", None), "process", None), "pid", None)
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:  # already gone
                pass


def check_dask_address(address, name):
    """`address` if it can name a Dask scheduler ('local', or host:port with an optional scheme), or
    ExecutorError naming the argument `name`: a word with no port, e.g. 'thread', is no address; nor is a
    port outside 1 ... 65535, a host of digits other than 0-9, or (for --dask) an in-process address."""
    if not isinstance(address, str) or not address.strip() or any(c.isspace() for c in address) \
            or (address != "local" and ":" not in address):
        raise ExecutorError(f"{name}: Dask address {address!r}: expected a scheduler address such as "
                            "tcp://host:8786, or 'local'")
    scheme, sep, place = address.rpartition("://")
    problem = None
    if sep and scheme == "inproc":  # Dask's own form inproc://HOST/PID/N, in this process only
        parts = place.split("/")
        if name == "--dask":
            problem = "an in-process address names a scheduler inside one Python process, never a new command's"
        elif len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts[1:]):
            problem = "an in-process address has the form inproc://HOST/PID/N"
    elif address != "local" and (not sep or scheme in ("tcp", "tls", "ws", "wss", "ucx")):  # others: Dask's list
        if place.startswith("["):  # [IPv6]:port
            host, _, port = place[1:].partition("]")
            port = port[1:] if port.startswith(":") else ""
        else:
            host, colon, port = place.rpartition(":")
            host, port = (host, port) if colon else (place, "")
        if port and not (port.isascii() and port.isdigit() and 1 <= int(port) <= 65535):
            problem = f"port {port!r} is no port: expected 1 ... 65535"
        elif any(label.isdigit() and not label.isascii() for label in host.split(".")):
            problem = f"host {host!r} is no host: its digits are not 0-9"
    if problem:  # refused at once: Dask answered them with its internal text, or after a 10 s wait (probe 16c C2)
        raise ExecutorError(f"{name}: Dask address {address!r}: {problem}; expected a scheduler address such as "
                            "tcp://host:8786, or 'local'")
    return address


def connect_dask(address, timeout=CONNECT_TIMEOUT):
    """A ``dask.distributed.Client`` for the scheduler at `address`, or ExecutorError within `timeout` s."""
    check_dask_address(address, "address")
    from dask.distributed import Client

    box = {}

    def connect():
        try:
            box["client"] = Client(address, timeout=f"{timeout}s")
        except BaseException as exc:  # noqa: BLE001 - reported below as one line
            box["error"] = exc

    # Client() can hang on a server that accepts and never answers: wait in a daemon thread.
    thread = threading.Thread(target=connect, daemon=True, name="crossbar-dask-connect")
    thread.start()
    thread.join(1.5 * timeout + 1)
    if thread.is_alive():
        raise ExecutorError(f"the Dask scheduler at {address} did not answer within {timeout:g} s")
    if "error" in box:
        exc = box["error"]
        if _another_protocol(exc):
            raise ExecutorError(f"--dask / executor {address}: does not answer as a Dask scheduler (a service "
                                "answered there in another protocol); expected the address of a running Dask "
                                "scheduler, such as tcp://host:8786")
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise ExecutorError(f"cannot use the Dask scheduler at {address}: {detail}")
    return box["client"]


def _another_protocol(exc):
    """Whether Client()'s failure `exc` comes from reading a handshake that is not Dask's: its first 8 bytes taken
    as a frame length (an HTTP answer asked numpy for 3.01 EiB: MemoryError), a frame too short to unpack, or
    bytes msgpack cannot read."""
    return isinstance(exc, (MemoryError, struct.error, UnicodeDecodeError)) \
        or type(exc).__module__.split(".")[0] == "msgpack"
