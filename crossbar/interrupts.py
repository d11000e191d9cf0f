"""Ctrl-C and compiled code: a compiled call runs on a thread of its own while the main thread waits for it.

Python runs its signal handlers on the main thread, between bytecodes. A numba function's first
call compiles it there: numba's typing and lowering in Python, LLVM's passes through ``ctypes``,
about 25 s for the training kernel of any rule with an empty cache (2-3 s for the random fills).
A Ctrl-C then landed wherever Python next ran a bytecode: after the LLVM pass under way (1-1.5 s
late); inside one of llvmlite's ctypes callbacks, which printed "Exception ignored ...
KeyboardInterrupt" and went on, so that the run finished 40 s later with status 0; or inside
numba, which broke the compile ("internal error: RuntimeError: no compiled object yet").

:func:`beside` runs such a call on a daemon thread and waits for it on the main thread, which
takes the KeyboardInterrupt at once and never inside numba. A call that is running (not compiling)
is asked to stop and returns within an epoch; a compile goes on on its thread, and
:func:`busy` tells the command line to end the process without waiting for it (numba writes
each cache file whole, so a compile cut short leaves no broken cache). In a notebook it finishes
in the background, and the next call finds the function compiled. Results do not depend on the
thread a call runs on.
"""

from __future__ import annotations

import threading

__all__ = ["beside", "busy", "STOP_WAIT", "Terminated", "terminated"]

#: How long a Ctrl-C waits for the call's thread to return after asking it to stop, s (a running kernel
#: returns within an epoch; one still compiling is left to the end of the process).
STOP_WAIT = 0.25
_NAME = "crossbar-compiled-call"


class Terminated(KeyboardInterrupt):
    """SIGTERM, taken as Ctrl-C is (:func:`terminated` is the command line's handler): every block that stops a run
    on a KeyboardInterrupt (kernels, worker pools, a Dask cluster, a study's folder) stops it the same way, and the
    command ends with ``crossbar: terminated`` and status 143. Python's default ended the process where it stood:
    the workers' semaphores were left to multiprocessing's resource tracker, which warned about them on the
    terminal about 5 s after the command had ended."""

    word = "terminated"
    status = 128 + 15


def terminated(signum, frame):
    """The command line's SIGTERM handler: raise :class:`Terminated` on the main thread."""
    raise Terminated


#: The keys of the calls made whole on a thread of their own: compiled, so made on the caller's thread from then on.
_COMPILED = set()


def beside(call, stop=None, key=None):
    """``call()``, on a thread of its own when this is the main thread, which waits for it meanwhile.

    A KeyboardInterrupt ends the wait at once: ``stop[0]`` is set (a kernel polls it), the call is
    given :data:`STOP_WAIT` to return, and the KeyboardInterrupt is raised. What the call raises is
    raised here; what it returns is returned. On any other thread the call is simply made, and so is
    a call whose `key` (what decides the compiled code it runs, e.g. a kind of run) has returned
    before: starting the thread cost 0.1-0.6 ms a call, as much as training one small crossbar.
    """
    if threading.current_thread() is not threading.main_thread() or (key is not None and key in _COMPILED):
        return call()
    result, failed = [], []
    done = threading.Event()

    def run():
        try:
            result.append(call())
        except BaseException as exc:  # noqa: BLE001 - raised on the waiting thread
            failed.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=run, name=_NAME, daemon=True)
    thread.start()
    try:
        while not done.wait(0.5):  # the SIGINT handler runs between these waits
            if not thread.is_alive() and not done.is_set():  # it died before it could say how (probe 28c, C28-3)
                raise MemoryError("the compiled call's thread ended with neither its result nor its error (Python "
                                  "could not start it or report its error: out of memory)")
    except KeyboardInterrupt:
        if stop is not None:
            stop[0] = 1
        done.wait(STOP_WAIT)
        raise
    if failed:
        raise failed[0]
    if key is not None:
        _COMPILED.add(key)
    return result[0]


def busy():
    """Whether a call of :func:`beside` is still at work after a Ctrl-C (numba compiling it): the command line then
    ends the process at once, since the interpreter's exit beside a compiling thread took 0.6 s more."""
    return any(t.name == _NAME and t.is_alive() for t in threading.enumerate())
