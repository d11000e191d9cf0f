"""Execute one chapter notebook with papermill: the child process of scripts/build_book.py.

    python scripts/execute_chapter.py IN.ipynb OUT.ipynb --cwd DIR --status FILE [-p NAME VALUE ...]

Differences from ``python -m papermill``, all about running unattended:

* the kernel talks to this process over local IPC sockets in a private temporary folder, not
  TCP ports (nothing listens on the network, and ipykernel has no reason to warn that TCP is
  unencrypted);
* ``--status FILE`` receives one JSON line per event: the kernel's process id once it runs,
  then each cell as it starts, so the parent knows where a stalled run is waiting;
* on SIGUSR1 this process and its kernel each write the Python stack of every thread to
  ``<status>.client-stack`` and ``<status>.kernel-stack`` (``faulthandler``; no ptrace needed),
  and this process adds what each of its coroutines awaits and which sockets hold a message;
* **no message is waited for forever.** jupyter_client waits for kernel messages on
  zmq.asyncio's poll of the socket's edge-triggered file descriptor. That poll can miss a
  message that has already arrived: the chapter stalls with the kernel idle, the client
  waiting for the cell's ``execute_reply``, and the reply sitting in the client's shell
  socket (seen about once in 20 executions of a widget chapter here, with pyzmq 27.3,
  jupyter_client 8.10, nbclient 0.11 and ipykernel 6.31 as well as 7.4; the stacks and socket
  states that showed it are what the watchdog of build_book.py prints). So every wait is cut
  into one-second slices, and after each slice the socket is checked level-triggered
  (zmq_poll) before waiting again: a missed wake-up costs at most a second. Each one is
  recorded in the status file (``missed_wakeup``).

papermill writes the partly executed notebook on a cell error and exits with status 1.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import signal
import sys
import tempfile
import time
from pathlib import Path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--cwd", type=Path, required=True, help="working directory of the kernel")
    parser.add_argument("--status", type=Path, required=True, help="file for progress events (JSON lines)")
    parser.add_argument("--kernel", default="crossbar", help="kernel name (default: crossbar)")
    parser.add_argument("--cell-timeout", type=float, default=None, help="seconds a cell may run")
    parser.add_argument("--trace", type=Path, default=None,
                        help="log every message between client and kernel to this file (debugging)")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                        help="papermill parameter; VALUE is read as YAML like papermill's -p")
    args = parser.parse_args(argv)

    import papermill
    import yaml
    from jupyter_client import AsyncKernelManager
    from papermill.clientwrap import PapermillNotebookClient

    status = open(args.status, "a", buffering=1)  # noqa: SIM115 - open for the process's life

    def event(**fields):
        status.write(json.dumps({"time": time.time(), **fields}) + "\n")

    client_stack = open(f"{args.status}.client-stack", "w")  # noqa: SIM115 - kept for faulthandler

    def dump_tasks(signum, frame):
        # What each coroutine of the client's event loop is waiting for (faulthandler, chained
        # below, shows the threads; a waiting coroutine does not appear on any thread's stack).
        import asyncio

        loop = asyncio._get_running_loop()  # the signal handler runs on the loop's thread
        tasks = asyncio.all_tasks(loop) if loop is not None else set()
        client_stack.write(f"--- {len(tasks)} asyncio task(s) ---\n")
        for task in tasks:
            task.print_stack(file=client_stack)
        kc = getattr(running.get("client"), "kc", None)
        if kc is not None:
            import zmq

            for name in ("shell", "iopub", "control"):
                channel = getattr(kc, f"{name}_channel", None)
                socket = getattr(channel, "socket", None)
                if socket is not None:
                    events = socket.get(zmq.EVENTS)
                    client_stack.write(f"--- {name} socket: a message is {'waiting' if events & zmq.POLLIN else 'not waiting'} ---\n")
        client_stack.flush()

    signal.signal(signal.SIGUSR1, dump_tasks)
    faulthandler.register(signal.SIGUSR1, file=client_stack, all_threads=True, chain=True)
    if args.trace is not None:
        import logging

        handler = logging.FileHandler(args.trace, mode="w")
        handler.setFormatter(logging.Formatter("%(relativeCreated)9.1f ms %(name)s %(message)s"))
        logger = logging.getLogger("papermill")
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
    kernel_stack = Path(f"{args.status}.kernel-stack").resolve()

    # Report each cell as it starts (papermill's own hook, called before the cell is sent).
    start_cell = PapermillNotebookClient.papermill_execute_cells

    running = {}

    def papermill_execute_cells(self):
        running["client"] = self
        original = self.nb_man.cell_start

        def cell_start(cell, cell_index=None, **kwargs):
            event(cell=cell_index)
            return original(cell, cell_index, **kwargs)

        self.nb_man.cell_start = cell_start
        return start_cell(self)

    PapermillNotebookClient.papermill_execute_cells = papermill_execute_cells
    _never_wait_forever(event)

    with tempfile.TemporaryDirectory(prefix="crossbar-kernel-") as sockets:
        km = AsyncKernelManager(kernel_name=args.kernel, transport="ipc", ip=str(Path(sockets) / "kernel"))
        km.client_class = "jupyter_client.asynchronous.AsyncKernelClient"
        # The kernel registers the same stack dump on SIGUSR1 before the first cell runs.
        register = ("import faulthandler as _f, signal as _s; "
                    f"_f.register(_s.SIGUSR1, file=open({str(kernel_stack)!r}, 'w'), all_threads=True); "
                    "del _f, _s")
        start_kernel = km.start_kernel

        async def start_and_report(**kwargs):
            await start_kernel(**kwargs)
            event(kernel_pid=km.provisioner.pid if km.provisioner else None)

        km.start_kernel = start_and_report
        parameters = {name: yaml.safe_load(value) for name, value in args.parameter}
        try:
            papermill.execute_notebook(
                str(args.input), str(args.output), parameters=parameters, kernel_name=args.kernel,
                cwd=str(args.cwd), progress_bar=False, log_output=False, execution_timeout=args.cell_timeout,
                km=km, extra_arguments=[f"--IPKernelApp.exec_lines={register}"],
            )
        except papermill.PapermillExecutionError as exc:
            # One line here; the traceback is in the partly executed notebook.
            print(f"cell {exc.cell_index + 1} raised {exc.ename}: {exc.evalue}", file=sys.stderr)
            return 1
    event(done=True)
    return 0


def _never_wait_forever(event):
    """Wait for kernel messages in one-second slices, checking the socket level-triggered between.

    See the module docstring: zmq.asyncio can miss the edge of a message that has arrived.
    """
    from queue import Empty

    import zmq
    from jupyter_client.channels import AsyncZMQSocketChannel

    wait = AsyncZMQSocketChannel.get_msg

    async def get_msg(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = 1.0 if deadline is None else max(0.0, min(1.0, deadline - time.monotonic()))
            try:
                return await wait(self, timeout=left)
            except Empty:
                if zmq.Socket.poll(self.socket, 0):  # zmq_poll: the message is there after all
                    event(missed_wakeup=self.socket.type)
                    return await wait(self, timeout=0)
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    AsyncZMQSocketChannel.get_msg = get_msg


if __name__ == "__main__":
    sys.exit(main())
