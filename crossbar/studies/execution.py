"""Running a study's chunks: in process, in local worker processes or on a Dask cluster.

:func:`run_study` drives the chunks of a :class:`~crossbar.studies.Study`
through an executor, writes each finished chunk to the study folder
(:mod:`crossbar.studies.store`) and returns a
:class:`~crossbar.studies.StudyResult`. Sweeps (:mod:`crossbar.studies.sweep`)
use the same machinery.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
import sys

import numpy as np

from ..resources import ResourceError, RunMemoryError
from . import folders, limits, store
from . import workers as _workers
from .study import Study, StudyResult, run_chunk

__all__ = ["run_study"]


def _init_worker(parent=None):
    import numba

    numba.set_num_threads(1)
    _workers.setup_worker(parent)  # quiet on Ctrl-C, dies with the parent


class _InProcess:
    """Runs each chunk when its result is asked for, in this process, numba on every core."""

    def submit(self, fn, *args, **kwargs):
        f = cf.Future()
        f._call = (fn, args, kwargs)
        return f


def _make_executor(executor, workers):
    """(executor, threads per chunk, owned?) for run_study's options."""
    if executor is not None and workers is not None:
        raise ValueError("give either executor or workers, not both")
    if executor is not None:
        if isinstance(executor, str):
            return _dask_client(executor), 1, True
        return executor, 1, False
    workers = limits.check_workers(workers)
    if not workers:
        return _InProcess(), None, False
    ctx = multiprocessing.get_context("spawn")  # numba's threads do not survive fork
    return cf.ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                                  initargs=(os.getpid(),)), 1, True


def _dask_client(address):
    """A dask.distributed Client: ``"local"`` starts a LocalCluster of 1-thread worker processes."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover
        raise ValueError("the Dask executor needs dask[distributed]: pip install 'crossbar[dask]'") from None
    if address == "local":
        with _workers.interrupts_ignored():  # its worker processes leave Ctrl-C to this one
            cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
        client._crossbar_cluster = cluster
        return client
    return _workers.connect_dask(address)


def _close(executor):
    if isinstance(executor, cf.Executor):
        executor.shutdown(wait=True, cancel_futures=True)
    elif hasattr(executor, "shutdown") and not hasattr(executor, "close"):
        executor.shutdown()
    else:
        executor.close()
        cluster = getattr(executor, "_crossbar_cluster", None)
        if cluster is not None:
            _close_quietly(cluster)


def _errors_only(record):
    return record.levelno >= logging.ERROR


def _close_quietly(cluster):
    """Close our local Dask cluster with its logs still silenced: its close() puts back the level that
    ``silence_logs`` had lowered, and the scheduler in this process could then log, at INFO and with a
    traceback, the closing of its stream to a worker killed on Ctrl-C, before the command's one line."""
    handlers = logging.getLogger("distributed").handlers
    for handler in handlers:
        handler.addFilter(_errors_only)
    try:
        cluster.close()
    finally:
        for handler in handlers:
            handler.removeFilter(_errors_only)


def _as_completed(futures):
    """Yield finished futures; works for concurrent.futures, Dask and in-process futures."""
    if futures and hasattr(futures[0], "_call"):
        for f in futures:
            fn, args, kwargs = f._call
            f.set_result(fn(*args, **kwargs))
            yield f
        return
    if futures and type(futures[0]).__module__.startswith("distributed"):
        from dask.distributed import as_completed

        yield from as_completed(futures)
        return
    yield from cf.as_completed(futures)


def _progress_bar(progress, total, desc):
    """The tqdm bar on stderr, or None: none asked for, or no stderr to draw it on (started with fd 2 closed,
    ``2>&-``: sys.stderr is None, and asking it whether it is a terminal stopped the run before its first chunk)."""
    if sys.stderr is None:
        return None
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="trial", unit_scale=True, smoothing=0.1)


def run_chunks(tasks, executor, workers, progress, desc, on_result):
    """Run (study, chunk) tasks; call on_result(task_index, table) as each finishes."""
    if not tasks:
        return
    given = workers = limits.check_workers(workers)
    if workers:  # more processes than chunks run nothing; 2**31 of them overflowed the pool's semaphore
        workers = min(workers, len(tasks))
    script = _workers.unreadable_script() if workers or executor == "local" else None
    if script is not None:
        who = f"workers = {given}" if workers else "executor = 'local'"
        raise RuntimeError(f"{who}: each worker process imports the script that started it again (multiprocessing's "
                           f"spawn), and this script has no file to import ({script!r}: Python read it from standard "
                           "input, or it was removed); save it to a file and run that, or run without worker "
                           "processes (workers=None)")
    try:
        ex, threads, owned = _make_executor(executor, workers)
    except Exception as exc:
        if executor == "local" and _workers.script_stops_spawned_workers():  # Dask: "Nanny failed to start"
            raise _unguarded("executor = 'local': each worker process of the local Dask cluster", desc) from None
        if executor == "local" and isinstance(exc, RuntimeError):  # a worker killed while it started: "internal
            raise _workers.ExecutorError(  # error: RuntimeError: Nanny failed to start" (probe 30c, C30-8)
                f"the local Dask cluster (--dask local, API executor='local') could not start its worker processes: "
                f"{str(exc).rstrip('.')} (one ended while starting: killed from outside, or out of memory)") from None
        raise
    bar = _progress_bar(progress, sum(s.chunk_trials(c).size for s, c in tasks), desc)
    futures = []
    try:
        with _workers.interrupts_ignored(deferred=True):  # worker processes start on the first submits
            futures = [ex.submit(run_chunk, study, chunk, threads) for study, chunk in tasks]
        index = {f: i for i, f in enumerate(futures)}
        for f in _as_completed(futures):
            table = f.result()
            on_result(index[f], table)
            if bar is not None:
                bar.update(table.size)
    except BaseException as exc:
        pool = owned and isinstance(ex, cf.ProcessPoolExecutor)
        if not pool:  # a pool this run stops cancels its queued chunks itself, in its manager thread (see stop_pool)
            for f in futures:
                f.cancel()
        processes = list((getattr(ex, "_processes", None) or {}).values()) if pool else []
        if pool:
            _workers.stop_pool(ex)  # do not wait for the chunks in flight
        elif owned:
            _workers.stop_local_cluster(ex)  # likewise for --dask local
        # a worker's exit status can be lost to the pool's own clean-up (1 run in 6 or 8 said only
        # BrokenProcessPool): then one probe process imports the script again, as a worker does, and tells
        unguarded = isinstance(exc, cf.BrokenExecutor) and (
            _workers.unguarded_script(processes) or (pool and _workers.script_stops_spawned_workers()))
        if unguarded:
            started = "" if workers == given else f" ({workers} processes, one per chunk)"
            raise _unguarded(f"workers = {given}{started}: each worker process", desc) from None
        if pool and isinstance(exc, cf.BrokenExecutor):
            raise _workers.WorkerLost(processes) from exc
        if isinstance(exc, ResourceError) and not isinstance(exc, RunMemoryError):  # the engine's, past the estimate
            raise RunMemoryError(str(exc)) from exc
        raise
    finally:
        if bar is not None:
            bar.close()
        if owned:
            _close(ex)


def _unguarded(who, desc):
    """The RuntimeError naming the ``__main__`` guard: worker processes (`who`) re-ran a script's top-level call."""
    call = "run_sweep" if desc == "sweep" else "run_study"
    return RuntimeError(f"{who} imports the script that started it again (multiprocessing's spawn), and this "
                        f"script calls {call} at its top level, which every worker would run again; put the call "
                        f"under `if __name__ == '__main__':`")


def run_study(study, out=None, executor=None, workers=None, resume=False, overwrite=False,
              progress=None, callback=None, table=None) -> StudyResult:
    """Run a Monte Carlo study, optionally saving it to a study folder.

    Parameters
    ----------
    study : Study
    out : str or Path, optional
        Study folder (see :mod:`crossbar.store`). Each chunk is written as it
        finishes; an existing non-empty folder is refused unless `resume`
        or `overwrite`.
    executor : concurrent.futures.Executor, dask.distributed.Client or str, optional
        Runs the chunks (``submit`` + futures). A string is a Dask scheduler
        address, or ``"local"`` for a local Dask cluster, whose worker processes import the script again
        as `workers` do (the same RuntimeError naming the guard). Default: in process, numba on every core.
    workers : int, optional
        Run chunks in this many local worker processes (1 numba thread each), at most one per chunk;
        0 or None: in this process (as without `workers`; the command line's ``--workers`` starts at 1).
        At most :data:`~crossbar.studies.workers.MAX_WORKERS` (1024). Each worker imports the
        script that started it again, so a script calls run_study under ``if __name__ == '__main__':``
        (a RuntimeError naming the guard otherwise).
    resume : bool
        Keep the chunks already in `out` (verified) and compute the rest.
    overwrite : bool
        Delete an existing study in `out` first.
    progress : bool, optional
        tqdm progress bar; default: only when stderr is a terminal. Never without a stderr (closed, ``2>&-``).
    callback : callable, optional
        ``callback(chunk, table)`` after each chunk is saved (e.g. to stop a run).
    table : {"npy", "csv", "both"}, optional
        How `out` gets the per-trial table: ``trials.npy`` (binary, fast), ``trials.csv``
        (exact decimals, about 2 s per float column per million rows) or both. Default: the
        table a resumed folder holds, else "npy"; a resume with one that would leave a second
        table beside the folder's is refused (StoreError).

    Returns
    -------
    StudyResult
    """
    if not isinstance(study, Study):
        raise TypeError(f"study must be a Study, got {type(study).__name__}")
    workers = limits.check_run_arguments(out, resume, overwrite, progress, callback, store.TABLE_FORMATS, table,
                                         executor, workers)
    limits.require_study_memory(study, workers, table or (resume and folders.table_held(out)) or "npy")
    limits.require_path_room(out, study.n_chunks)
    folder = None
    if out is not None:
        folder = limits.made_folder(out, lambda: store.StudyFolder.create(out, study, resume=resume,
                                                                          overwrite=overwrite))
    try:
        return _run_study(study, folder, executor, workers, progress, callback, table)
    finally:
        if folder is not None:
            folder.close()


def _run_study(study, folder, executor, workers, progress, callback, table):
    # before any work: a resume keeps the folder's table format
    table = folders.resumed_table([] if folder is None else [(folder.path, folder.table)], table)
    tables = [None] * study.n_chunks
    if folder is not None:
        for c, rows in folder.finished_chunks().items():
            tables[c] = rows
    todo = [(study, c) for c in range(study.n_chunks) if tables[c] is None]

    def done(i, rows):
        c = todo[i][1]
        if folder is not None:
            folder.write_chunk(c, rows)
        tables[c] = rows
        if callback is not None:
            callback(c, rows)

    run_chunks(todo, executor, workers, progress, "montecarlo", done)
    everything = np.concatenate(tables) if len(tables) > 1 else tables[0]
    result = StudyResult(study, everything, None if folder is None else str(folder.path))
    if folder is not None:
        folder.finalize(result, table)
    return result
