"""Probe 22c, C22-1 ... C22-4: the lab's own printing to a standard output it cannot write, a NUMBA_CPU_FEATURES that
takes floating point out of the registers, a bytearray or memoryview inside a list, and bytes behind __fspath__.

C22-1: `scripts/lab.py --version > /dev/full` (and --help, and the server's banner) ended in a traceback, status 1;
with stdout closed (`>&-`) it printed nothing, status 0. It is one `lab:` line now, status 2, as the command line
says for the same streams; the server is refused before the kernel install (the URL with its token could not be
shown). C22-2: `NUMBA_CPU_FEATURES=+soft-float` died of a segmentation fault (status 139, nothing printed) at the
first compile. C22-3: numpy reads `[bytearray(b'\\x05')]` as `[[5]]`, where `[b'\\x05']` is refused. C22-4: an
os.PathLike whose __fspath__ gives bytes reached pathlib, whose TypeError named no argument."""

import errno
import os
import platform
import subprocess
import sys

import numpy as np
import pytest

import crossbar as cb
from crossbar.devices import laws
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli
from test_hostile_probe12_cli import ROOT, lab  # noqa: F401 - the lab script with its kernel install refused

full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")


def _lab_into(argv, stdout):
    """The lab run with its standard output `stdout`: a file object, or "closed" (fd 1 closed, as ``>&-``)."""
    closed = stdout == "closed"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "lab.py"), *argv], text=True, timeout=300,
                          cwd=ROOT, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          stdout=subprocess.DEVNULL if closed else stdout,
                          preexec_fn=(lambda: os.close(1)) if closed else None)
    return done.returncode, done.stderr


# C22-1: the lab's output streams

@full
@pytest.mark.parametrize("argv, what", [(["--version"], "the version"), (["-V"], "the version"),
                                        (["--help"], "the usage")])
def test_the_lab_printing_to_a_full_device_is_one_line_status_2(argv, what):
    """It was print()'s OSError: [Errno 28] in a traceback, status 1."""
    with open("/dev/full", "w") as device:
        status, err = _lab_into(argv, device)
    assert (status, err) == (2, f"lab: standard output: No space left on device; {what} cannot be shown\n")


@pytest.mark.parametrize("argv, what", [(["--version"], "the version"), (["--help"], "the usage")])
def test_the_lab_printing_to_a_closed_stdout_is_one_line_status_2(argv, what):
    """It printed nothing and exited 0, as if the version had been shown."""
    status, err = _lab_into(argv, "closed")
    assert (status, err) == (2, f"lab: standard output is closed, so {what} would be lost; redirect it to a file "
                                "instead of closing it\n")


@full
@pytest.mark.parametrize("stdout", ["full", "closed"])
def test_the_server_with_an_unusable_stdout_is_refused_before_the_kernel_install(lab, capsys, monkeypatch, stdout):
    """`lab.py --port=8931 > /dev/full` installed the kernel, started Jupyter and died at the banner, print()'s
    traceback, status 1; the URL to open, with its token, could not be shown (the fixture fails on the install)."""
    device = open("/dev/full", "w") if stdout == "full" else None
    monkeypatch.setattr(sys, "stdout", device)
    try:
        status = lab.main(["--port=8931"])
    finally:
        if device is not None:
            device.close()
    assert status == 2
    said = ("standard output: No space left on device; the URL to open (with its token) cannot be shown"
            if stdout == "full" else "standard output is closed, so the URL to open (with its token) would be lost")
    assert capsys.readouterr().err.startswith(f"lab: {said}")


def test_stdout_failing_at_the_write_itself_is_one_line_status_2(lab, capsys, monkeypatch):
    """A full disk behind a file takes the write of no bytes that asks the device and fails at the text itself."""
    class FullDisk:
        def __init__(self):
            self.descriptor = os.open(os.devnull, os.O_WRONLY)

        def fileno(self):
            return self.descriptor

        def write(self, text):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def flush(self):
            pass

    stream = FullDisk()
    monkeypatch.setattr(sys, "stdout", stream)
    try:
        status = lab._say("4.6.6", "the version")
    finally:
        monkeypatch.undo()
        os.close(stream.descriptor)
    assert status == 2
    assert capsys.readouterr().err == "lab: standard output: No space left on device; the version cannot be shown\n"


def test_guard_the_version_still_prints_to_a_usable_stdout(tmp_path):
    with open(tmp_path / "out.txt", "w") as out:
        status, err = _lab_into(["--version"], out)
    assert (status, err) == (0, "")
    assert (tmp_path / "out.txt").read_text().strip()[:1].isdigit()


# C22-2: floating point out of the registers

x86_64 = pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="x86-64's features")


@x86_64
@pytest.mark.parametrize("value, said", [
    ("+soft-float", "'+soft-float' takes floating point out of the registers"),
    ("+soft-float,+sse2", "'+soft-float' takes floating point out of the registers"),
    ("+avx2,+soft-float", "'+soft-float' takes floating point out of the registers"),
    ("+x32", "'+x32' compiles for 32-bit pointers"),  # SIGSEGV too
    ("-64bit-mode", "'-64bit-mode' turns off x86-64 itself"),  # LLVM ERROR, SIGABRT (134)
    ("-cx8", "'-cx8' turns off the 8-byte compare-and-exchange"),  # LLVM ERROR: __atomic_compare_exchange_8
    ("+retpoline-external-thunk", "'+retpoline-external-thunk' calls indirect-branch thunks"),  # LLVM ERROR
])
def test_features_numba_code_cannot_run_with_are_one_line_naming_the_variable(tmp_path, value, said):
    """`+soft-float`: `train --json` died of SIGSEGV (status 139, nothing printed), the compiled code passing floats
    in integer registers to callers that read them from SSE registers. Its siblings in LLVM's x86 feature list,
    each found by compiling and calling a float function in a child process, died with no crossbar line too."""
    done = crossbar_cli("device", "--json", env={"NUMBA_CPU_FEATURES": value}, cwd=tmp_path)
    assert_one_line_error(done, f"NUMBA_CPU_FEATURES={value}: {said}")
    assert "expected features that leave floating point in hardware and x86-64 whole" in done.stderr


def _lacked():
    """A feature LLVM knows that this CPU lacks, by LLVM's reading of it, or None."""
    import llvmlite.binding as llvm

    has = dict(llvm.get_host_cpu_features())
    return next((f for f in ("egpr", "ndd", "xop", "fma4", "sse4a", "tbm") if has.get(f) is False), None)


@x86_64
def test_a_feature_this_cpu_lacks_is_one_line_naming_the_variable(tmp_path):
    """`+egpr` (and +ndd, +ppx, +push2pop2) on a CPU without APX died of SIGILL at the first compiled call, status
    132, nothing printed; `+egpr,-egpr` turns it off again and runs."""
    lacked = _lacked()
    if lacked is None:
        pytest.skip("this CPU has every feature tried")
    done = crossbar_cli("device", "--json", env={"NUMBA_CPU_FEATURES": f"+{lacked}"}, cwd=tmp_path)
    assert_one_line_error(done, f"NUMBA_CPU_FEATURES=+{lacked}: '+{lacked}' turns on what this CPU (")
    done = crossbar_cli("device", "--json", env={"NUMBA_CPU_FEATURES": f"+{lacked},-{lacked}"}, cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
