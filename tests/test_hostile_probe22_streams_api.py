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
        status = lab.say("4.6.6", "the version")
    finally:
        monkeypatch.undo()
        os.close(stream.descriptor)
    assert status == 2
    assert capsys.readouterr().err == "lab: standard output: No space left on device; the version cannot be shown\n"


@full
@pytest.mark.parametrize("stderr", ["full", "closed"])
def test_a_refusal_to_a_stderr_it_cannot_write_keeps_status_2(stderr):
    """`lab.py --frobnicate 2>/dev/full` was print()'s OSError and status 1 (the command line gives 2); with stderr
    closed the line went to stdout, as print(file=None) does."""
    with open("/dev/full", "w") as device:
        done = subprocess.run([sys.executable, str(ROOT / "scripts" / "lab.py"), "--frobnicate"], text=True,
                              timeout=300, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=device if stderr == "full" else subprocess.DEVNULL,
                              preexec_fn=(lambda: os.close(2)) if stderr == "closed" else None)
    assert (done.returncode, done.stdout) == (2, "")


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
    ("-64bit", "'-64bit' turns off the 64-bit instructions of x86-64"),  # LLVM ERROR, status 1 (probe 22c)
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


@x86_64
@pytest.mark.parametrize("cpu", ["pentium", "i686"])
def test_a_32_bit_cpu_with_a_feature_list_is_one_line_naming_both_variables(tmp_path, cpu):
    """`NUMBA_CPU_NAME=pentium NUMBA_CPU_FEATURES=+sse2`: "LLVM ERROR: 64-bit code requested on a subtarget that
    doesn't support it!", status 1 (the CPU name alone takes this machine's features, 64-bit among them, and runs)."""
    done = crossbar_cli("device", "--json", env={"NUMBA_CPU_NAME": cpu, "NUMBA_CPU_FEATURES": "+sse2"}, cwd=tmp_path)
    assert_one_line_error(done, f"NUMBA_CPU_NAME={cpu} with NUMBA_CPU_FEATURES=+sse2: {cpu!r} is a 32-bit CPU")
    done = crossbar_cli("device", "--json", env={"NUMBA_CPU_NAME": cpu, "NUMBA_CPU_FEATURES": "+sse2,+64bit"},
                        cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr


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


# C22-3: a buffer inside a list, a tuple or an object array

DEV = cb.default_device()


def _holding(buffer):
    """An object array of one element, the buffer itself (numpy's np.array([buffer], dtype=object) reads its bytes)."""
    array = np.empty(1, dtype=object)
    array[0] = buffer
    return array


BUFFERS = {"[bytearray]": lambda b: [bytearray(b)], "[memoryview]": lambda b: [memoryview(b)],
           "(bytearray,)": lambda b: (bytearray(b),), "[[memoryview]]": lambda b: [[memoryview(b)]],
           "[object array holding a bytearray]": lambda b: [_holding(bytearray(b))]}
OBJECT = "[object array holding a bytearray]"

CALLS = [
    ("DeviceCurve.at", b"\x05", lambda v: DEV.at(v), "pulse_count must hold integers, got {}"),
    ("apply_pulses", b"\x01\x00", lambda v: cb.apply_pulses(DEV, v), "pulses must be numbers"),
    ("input_voltages", b"\x01\x00\x01\x01", lambda v: cb.input_voltages(v), "bits must be an array of 0s and 1s"),
    ("PatternSet bits", b"\x01\x00\x01\x01", lambda v: cb.PatternSet(v, [[1, 0]]), "bits must be an array of 0s"),
    ("PatternSet labels", b"\x01\x00", lambda v: cb.PatternSet([[1, 0, 1, 1]], v), "labels must be an array of 0s"),
    ("wilson_interval successes", b"\x05", lambda v: cb.wilson_interval(v, 10), "successes must be a whole number"),
    ("wilson_interval trials", b"\x05", lambda v: cb.wilson_interval(1, v), "trials must be a whole number"),
    ("stretched_exponential", b"\x05", lambda v: laws.stretched_exponential(v, 1e-7, 2e-7, 10.0, 1.0),
     "m must be pulse counts >= 0"),
]


#: DeviceCurve.at refused an object array holding a bytearray already (its elements are no integers): not a case.
CASES = [(*c, form) for c in CALLS for form in BUFFERS if (c[0], form) != ("DeviceCurve.at", OBJECT)]


@pytest.mark.parametrize("entry, raw, call, said, form", CASES, ids=[f"{c[0]}-{c[-1]}" for c in CASES])
def test_a_buffer_inside_an_array_argument_is_refused_as_a_list_of_bytes_is(entry, raw, call, said, form):
    """`dev.at([bytearray(b'\\x05')])` was the curve after 5 pulses, `wilson_interval([bytearray(b'\\x05')], 10)` 5
    of 10; the same call with `[b'\\x05']` is refused."""
    with pytest.raises(TypeError):
        call([raw])  # the reference: bytes in a list
    value = BUFFERS[form](raw)
    kind = "memoryview" if "memoryview" in form else "bytearray"
    with pytest.raises(TypeError) as caught:
        call(value)
    message = str(caught.value)
    assert message.startswith(said.format(kind)) and message.endswith(kind), message


@pytest.mark.parametrize("call, value", [
    (lambda v: cb.sample_offsets(trials=v), [bytearray(b"\x05")]),
    (lambda v: cb.sample_offsets(trials=v), (bytearray(b"\x05\x0a"),)),
])
def test_trial_numbers_holding_a_buffer_name_it_not_a_shape(call, value):
    """numpy made the 1-D trial numbers a (1, 1) array of the bytes: "must be a 1-D array of integers, got shape"."""
    with pytest.raises(TypeError, match="^trials must hold integers, got bytearray$"):
        call(value)


def test_guard_lists_of_numbers_and_arrays_still_pass():
    assert np.array_equal(DEV.at([5, 10]), DEV.at(np.array([5, 10])))
    assert np.array_equal(DEV.at([np.array([5]), np.array([10])]), DEV.at(np.array([[5], [10]])))
    assert cb.input_voltages([[1, 0, 1, 1]]).shape == (1, 4)
    assert cb.wilson_interval([5], [10])[0].shape == (1,)


# C22-4: bytes behind __fspath__

class BytesPath:
    """An os.PathLike over bytes (os.fspath allows it)."""

    def __fspath__(self):
        return b"/tmp/x"


@pytest.mark.parametrize("call, said", [
    (lambda p: cb.run_study(cb.Study(trials=3), out=p), "out must be a folder path (str or Path) or None"),
    (lambda p: cb.run_sweep(cb.Study(trials=3), cb.Grid(gain=[5.0]), out=p),
     "out must be a folder path (str or Path) or None"),
    (lambda p: cb.load_study(p), "path must be a folder path (str or Path)"),
    (lambda p: cb.load_sweep(p), "path must be a folder path (str or Path)"),
])
def test_a_path_object_giving_bytes_is_refused_naming_the_argument(call, said):
    """It was pathlib's "argument should be a str object or an os.PathLike object returning str, not <class
    'bytes'>", naming neither out nor path."""
    with pytest.raises(TypeError) as caught:
        call(BytesPath())
    assert str(caught.value) == f"{said}, got BytesPath (its __fspath__ gives bytes)"
