"""In-situ training of memristor crossbars with measured device curves.

Typical use::

    import crossbar
    device = crossbar.default_device()             # or crossbar.load_device("my_pulses.dat")
    run = crossbar.train(device, seed=1)          # one crossbar, batch Manhattan rule
    run.converged, run.epochs, run.pulse_count

The package is laid out in layers, each importing only those before it (ARCHITECTURE.md):
:mod:`crossbar.random` and :mod:`crossbar.tasks`, then :mod:`crossbar.devices`,
:mod:`crossbar.training`, :mod:`crossbar.studies`, :mod:`crossbar.views` and the command line
:mod:`crossbar.cli`. The names below are the public API, re-exported here.

This module is long because the command line's checks of its environment (numba's, OpenMP's and OpenBLAS's
variables, the current folder, the address-space limit) must run before the package imports numpy and numba, so
they stand here, above the imports.
"""

from __future__ import annotations


def _interrupt_while_importing():
    """Ctrl-C while the command line imports (about a second): its one line and status 130, no traceback.

    ``python -m crossbar`` imports this package while ``sys.argv[0]`` is still ``-m``; the console script
    is named ``crossbar``. :func:`crossbar.cli.guard.guarded` puts Python's own handler back.
    """
    import os
    import signal
    import sys

    def interrupted(signum, frame):
        try:
            os.write(2, b"crossbar: interrupted\n")
        except OSError:
            pass
        os._exit(130)  # nothing is written yet, and there is nothing to clean up

    def terminated(signum, frame):  # SIGTERM the same way (probe 16c, I1: the process died of it with no line)
        try:
            os.write(2, b"crossbar: terminated\n")
        except OSError:
            pass
        os._exit(143)

    interrupted.crossbar_import_guard = terminated.crossbar_import_guard = True
    command = sys.argv[:1] == ["-m"] or os.path.basename(sys.argv[0] if sys.argv else "") == "crossbar"
    process = sys.modules.get("multiprocessing.process")  # a worker spawned by the console script has its argv
    worker = process is not None and getattr(process.current_process(), "_inheriting", False)
    for number, guard, default in ((signal.SIGINT, interrupted, signal.default_int_handler),
                                   (signal.SIGTERM, None if worker else terminated, signal.SIG_DFL)):
        if command and guard is not None and signal.getsignal(number) is default:  # not if the signal is ignored
            try:
                signal.signal(number, guard)
            except ValueError:  # imported outside the main thread
                pass
    if command:  # after the handlers: its `import re` costs 8-30 ms of start-up where a SIGTERM had no line
        _one_blas_thread_under_limit(os.environ)  # first: the OpenMP check below may import numpy
        _refuse_numba_environment(os.environ)
        _refuse_unreadable_numba(os.environ)
        _refuse_unreadable_openmp(os.environ)
        _refuse_threading_layer(os.environ)
        _refuse_unknown_cpu(os.environ)


def _one_blas_thread_under_limit(environ):
    """OPENBLAS_NUM_THREADS=1, unless it is set, under an address-space limit (ulimit -v) below 2 GiB + 128 MiB a core.

    OpenBLAS (scipy's, first imported on a thread while numba compiles) maps a buffer of 32-128 MiB for each thread it
    starts; under such a limit one it could not map made it retry for ever holding the GIL, a hang deaf to Ctrl-C and
    SIGTERM (420-480 MB), or raise a SIGINT the command read as the user's Ctrl-C, "interrupted", status 130 (520 MB;
    probe 28c, C28-3). With one thread it starts none: one line naming the limit, or the run. Below :data:`_FLOOR`
    no command runs (OpenBLAS's one buffer): refused at once, one line, status 2. Not POSIX: no limit."""
    import os
    import sys

    from .resources import address_limit, limit_named  # imports nothing of numpy

    limit = address_limit()
    if limit is not None and limit < 2**31 + 2**27 * (os.cpu_count() or 1):
        environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if limit is not None and limit < _FLOOR and not {"-h", "--help", "--version"} & set(sys.argv[1:]):
        print(f"crossbar: error: not enough memory under {limit_named()}: numba's compiler alone maps about 600 MB, "
              f"and no command runs below {_FLOOR // 1024} kB; raise the limit (ulimit -v unlimited)", file=sys.stderr)
        raise SystemExit(2)


#: The address-space limit below which no command runs, refused before numpy is imported: OpenBLAS, even on one
#: thread, retried a buffer it could not map for ever holding the GIL at 350-440 MB (deaf to Ctrl-C and SIGTERM),
#: or gave up at 430-480 MB ("OpenBLAS error: Memory allocation still failed", status 1; probe 29c, C29-5); `device`
#: and `train` ran at 482-500 MB (measured at stop 50).
_FLOOR = 470 * 2**20


#: numba's settings that make it print to standard output while it compiles or loads its cache (probe 14c, E1:
#: NUMBA_DEBUG_CACHE=1 put "[cache] index loaded from ..." before the JSON of --json, status 0); NUMBA_DEBUGINFO
#: only adds debugging symbols, NUMBA_DEBUG_NRT_STACK_LIMIT is a size, NUMBA_DUMP_HTML names a file.
_PRINTS = r"NUMBA_(?:DEBUG(?!INFO$|_NRT_STACK_LIMIT$)\w*|DUMP_(?!HTML$)\w+)$"


def _refuse_numba_environment(environ):
    """The command line's one line and status 2 for numba settings it cannot run with, checked before numba is
    imported: NUMBA_NUM_THREADS=0 fails numba's import with a traceback, =abc prints one and runs on, and
    NUMBA_DISABLE_JIT=1 leaves the kernels as Python functions the engine cannot use (their .py_func and
    64-bit wrap-around). A current folder that no longer exists is refused here too (:func:`_missing_folder`), and a
    NUMBA_CHROME_TRACE file numba cannot write at exit (:func:`_unwritable_trace`)."""
    import re
    import sys

    def setting(name):
        value = environ[name]
        return f"{name}={value}" if value and value.strip() == value else f"{name}={value!r}"

    def whole(name):
        try:
            return int(environ[name])
        except ValueError:  # numba would print a traceback and go on with its default
            return None

    problem = None
    if "NUMBA_NUM_THREADS" in environ and not (whole("NUMBA_NUM_THREADS") or 0) >= 1:
        problem = f"{setting('NUMBA_NUM_THREADS')}: expected a whole number >= 1 (the threads numba may use), or unset it"
    elif "NUMBA_DISABLE_JIT" in environ and whole("NUMBA_DISABLE_JIT") != 0:
        problem = (f"{setting('NUMBA_DISABLE_JIT')}: crossbar needs numba's compiler and does not run with it "
                   "disabled; unset NUMBA_DISABLE_JIT (or set it to 0)")
    elif printing := sorted(name for name, value in environ.items() if re.match(_PRINTS, name) and (
            value.strip().lower() not in ("", "none") if name.startswith("NUMBA_DEBUG_PRINT_")
            else value.strip().lstrip("+-").isdigit() and int(value) != 0)):  # 'yes': numba cannot read it (below)
        problem = (f"{setting(printing[0])}: numba then prints its debugging text to standard output, in among the "
                   "command's results (--json is then no JSON); unset it (numba's debugging is for the Python API)")
    if problem is None:
        problem = _missing_folder()
    trace = environ.get("NUMBA_CHROME_TRACE")
    if problem is None and trace and (why := _unwritable_trace(trace)):
        problem = (f"{setting('NUMBA_CHROME_TRACE')}: numba writes its trace there at exit and cannot ({why}); "
                   "expected a writable file, or unset it")
    if problem is not None:
        print("crossbar: error: " + " ".join(problem.split()), file=sys.stderr)
        raise SystemExit(2)


def _unwritable_trace(path):
    """Why numba cannot write its trace to `path` (NUMBA_CHROME_TRACE, opened for writing relative to the current
    folder when the process exits), in the system's words, or None. Probe 22c, C22-7: the results came first, then
    numba's traceback from its exit handler, status 0. The user's file is neither made nor emptied here: a file that
    exists is asked whether it may be written, and a new one's folder takes a temporary file without a name (or one
    removed at once)."""
    import errno
    import os
    import tempfile

    if os.path.isdir(path):
        return os.strerror(errno.EISDIR)
    if os.path.exists(path):
        import stat

        mode = os.stat(path).st_mode
        for fd, stream in ((1, "standard output"), (2, "standard error")):  # probe 26c, C26-6
            try:
                if os.path.samestat(os.stat(path), os.fstat(fd)) and stat.S_ISREG(mode):
                    return (f"it is this command's {stream}, a file numba would empty at exit, after the output "
                            "was written there")
            except OSError:  # the stream is closed
                pass
        if not stat.S_ISREG(mode) and not os.path.samefile(path, os.devnull):  # probe 25c, C25-3
            if stat.S_ISFIFO(mode):  # opened at exit, after the output, where Ctrl-C is ignored: a hang for ever
                return "a FIFO: opening it waits for a reader, at the process's exit for ever"
            kind = ("a character device" if stat.S_ISCHR(mode) else "a socket" if stat.S_ISSOCK(mode) else
                    "a block device" if stat.S_ISBLK(mode) else "not a regular file")  # /dev/full: ENOSPC at exit
            return f"{kind}, not a regular file" if kind.startswith("a ") else kind
        return None if os.access(path, os.W_OK) else os.strerror(errno.EACCES)
    try:
        with tempfile.TemporaryFile(dir=os.path.dirname(os.path.realpath(path))):  # a link's target's folder
            pass
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return None


#: numba's threading layers (NUMBA_THREADING_LAYER, read in lower case) and those its priority list orders.
_LAYERS = ("default", "safe", "threadsafe", "forksafe", "tbb", "omp", "workqueue")
_RANKED_LAYERS = ("tbb", "omp", "workqueue")


def _refuse_threading_layer(environ):
    """The command line's one line and status 2 for a numba threading layer it cannot run with, naming the
    variable: numba said "The threading layer requested 'bogus' is unknown to Numba." or "No threading layer
    could be loaded" (TBB absent) at the first parallel run, naming no variable. A layer that needs a library
    (tbb, omp, safe, threadsafe) is loaded here, as the first run would load it; this imports numba, which the
    command imports next anyway."""
    import sys

    def setting(name):
        value = environ[name]
        return f"{name}={value}" if value and value.strip() == value and " " not in value else f"{name}={value!r}"

    problem = None
    layer = environ.get("NUMBA_THREADING_LAYER")
    priority = environ.get("NUMBA_THREADING_LAYER_PRIORITY")
    if priority is not None and sorted(priority.split()) != sorted(_RANKED_LAYERS):
        problem = (f"{setting('NUMBA_THREADING_LAYER_PRIORITY')}: expected the three layers "
                   f"{' '.join(_RANKED_LAYERS)} in some order, or unset it")
    elif layer is not None and layer.lower() not in _LAYERS:
        problem = f"{setting('NUMBA_THREADING_LAYER')}: expected one of {', '.join(_LAYERS)}, or unset it"
    elif layer is not None and layer.lower() not in ("default", "forksafe", "workqueue"):  # workqueue is built in
        try:
            from numba.np.ufunc import parallel

            parallel._launch_threads()
        except (ValueError, ImportError, OSError) as exc:
            reason = " ".join(str(exc).split()).replace("HINT: ", "")
            problem = (f"{setting('NUMBA_THREADING_LAYER')}: numba cannot load that layer here ({reason}); expected "
                       "one it can load, such as workqueue, or unset it")
    if problem is not None:
        print("crossbar: error: " + problem, file=sys.stderr)
        raise SystemExit(2)


def _refuse_unreadable_numba(environ):
    """The command line's one line and status 2 for a NUMBA_* variable numba cannot parse (NUMBA_OPT=x,
    NUMBA_BOUNDSCHECK=x, ...): numba warned with the parse's whole traceback (9-11 lines) and went on with its
    default, status 0. Imports numba (the command imports it next anyway) and reads its own warning, so every
    variable numba reads is covered, with what numba's parser expected."""
    import re
    import sys
    import warnings

    if not any(name.startswith("NUMBA_") for name in environ):
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import numba  # noqa: F401 - numba.core.config reads the environment at import
    problem = None
    for warning in caught:
        text = str(warning.message)
        found = re.match(r"Environment variable '(NUMBA_\w+)' is defined but its associated value '(.*)' could not "
                         r"be parsed", text, re.DOTALL)
        if found is None:
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
            continue
        if problem is None:
            name, value = found.groups()
            said = text.strip().splitlines()[-1]
            supported = re.search(r"supported values are (.*?)\.?$", said)
            if "invalid literal for int()" in said:
                expected = "expected a whole number, such as 0 or 1"
            elif supported:
                expected = f"expected one of {supported.group(1)}"
            else:
                expected = "numba said: " + re.sub(r"^\w+: ", "", said)
            shown = f"{name}={value}" if value and value.strip() == value else f"{name}={value!r}"
            problem = f"{shown}: numba cannot read it ({expected}); set it to a value numba reads, or unset it"
    if problem is not None:
        print("crossbar: error: " + " ".join(problem.split()), file=sys.stderr)
        raise SystemExit(2)


def _refuse_unreadable_openmp(environ):
    """The command line's one line and status 2 for an OMP_* or GOMP_* variable the OpenMP library cannot read
    (OMP_NUM_THREADS=abc, 0, -1 or empty): libgomp printed "Invalid value for environment variable OMP_NUM_THREADS"
    when numba's first parallel run loaded it and ran on with its default, status 0 (probe 16c, E1). numba's OpenMP
    pool is loaded here, as that run would load it, with file descriptor 2 sent to a file, and libgomp's complaint
    is read from it; what else it says is its own to say."""
    import re
    import sys

    if not any(name.startswith(("OMP_", "GOMP_")) for name in environ):
        return

    def load():
        try:
            from numba.np.ufunc import omppool  # noqa: F401 - loading libgomp reads the environment
        except (ImportError, OSError):  # no OpenMP here: numba uses another layer, and nothing reads the variables
            pass

    said = _llvm_says(load)
    # libgomp spells it "enviroment" for GOMP_CPU_AFFINITY, and names no variable for a stack size it cannot set
    # (OMP_STACKSIZE=1: "Stack size less than minimum of 16k"; probe 17c, E1)
    found = re.search(r"libgomp: [^\n]*enviro?n?ment variable (\w+)", said)
    stack = re.search(r"libgomp: (Stack size [^\n]*)", said)
    if found is None and stack is None:
        sys.stderr.write(said.strip("\n") + "\n" if said.strip() else "")
        return
    name = found.group(1) if found else "OMP_STACKSIZE" if "OMP_STACKSIZE" in environ else "GOMP_STACKSIZE"
    value = environ.get(name, "")
    shown = f"{name}={value}" if value and value.strip() == value and " " not in value else f"{name}={value!r}"
    why = (f"cannot use it ({stack.group(1).strip().rstrip('.')}; it would run on with its default)" if found is None
           else "cannot read it (it would run on with its default)")
    print(f"crossbar: error: {shown}: the OpenMP library (libgomp) {why}; expected "
          f"{_OPENMP_FORMS.get(name, 'a value it reads (see the OpenMP specification)')}, or unset it", file=sys.stderr)
    raise SystemExit(2)


#: What libgomp reads in the variables whose complaints name them (its manual, "Environment Variables").
_OPENMP_FORMS = {
    "OMP_NUM_THREADS": "a whole number >= 1 (the threads OpenMP may use), or such numbers comma-separated, one per "
                       "nesting level",
    "OMP_STACKSIZE": "a stack size of at least 16k: a whole number with an optional unit B, K, M or G (K if none), "
                     "such as 4M",
    "GOMP_STACKSIZE": "a stack size of at least 16k in KiB, such as 4096",
    "GOMP_CPU_AFFINITY": "CPU numbers, ranges and ranges with a stride, separated by spaces or commas, such as "
                         "'0 3 1-2 4-15:2'",
}


#: x86-64 features that numba's code cannot run with, each with what it does and what then happened (each run in a
#: child process that compiles and calls a float function: probe 21c, K1; probe 22c, C22-2). The code passes and returns
#: floats in SSE registers, which soft-float leaves to integer ones and -sse/-sse2 turn off.
_X86_FATAL = {
    "-sse": ("turns off what x86-64 code returns numbers in", "LLVM stops the process: 'SSE2 register return with "
             "SSE2 disabled'"),
    "-sse2": ("turns off what x86-64 code returns numbers in", "LLVM stops the process: 'SSE2 register return with "
              "SSE2 disabled'"),
    "+soft-float": ("takes floating point out of the registers x86-64 code passes numbers in", "the process dies of "
                    "a segmentation fault at the first compiled call"),
    "+x32": ("compiles for 32-bit pointers, where this process's are 64-bit", "the process dies of a segmentation "
             "fault at the first compiled call"),
    "-64bit-mode": ("turns off x86-64 itself", "LLVM stops the process: 'Do not know how to expand the result of "
                    "this operator!'"),
    "-64bit": ("turns off the 64-bit instructions of x86-64", "LLVM stops the process: '64-bit code requested on a "
               "subtarget that doesn't support it!'"),
    "-cx8": ("turns off the 8-byte compare-and-exchange numba's code calls", "LLVM stops the process: 'Symbol not "
             "found: __atomic_compare_exchange_8'"),
    "+retpoline-external-thunk": ("calls indirect-branch thunks that the program must provide, and none does",
                                  "LLVM stops the process: 'Symbol not found: __x86_indirect_thunk_r11'"),
}


#: The CPU names LLVM knows that have no 64-bit instructions: with NUMBA_CPU_FEATURES, which replaces this machine's
#: features, LLVM stops the process ('64-bit code requested on a subtarget that doesn't support it!'); each of LLVM's
#: x86 CPU names compiled with +sse2 in a child process (probe 22c, C22-2: NUMBA_CPU_NAME=pentium).
_X86_32BIT = frozenset("athlon athlon-4 athlon-mp athlon-tbird athlon-xp c3 c3-2 geode i386 i486 i586 i686 k6 k6-2 "
                       "k6-3 lakemont pentium pentium-m pentium-mmx pentium2 pentium3 pentium3m pentium4 pentium4m "
                       "pentium_4 pentium_4_sse3 pentium_ii pentium_iii pentium_iii_no_xmm_regs pentium_m pentium_mmx "
                       "pentium_pro pentiumpro prescott winchip-c6 winchip2 yonah".split())


def _refuse_unknown_cpu(environ):
    """The command line's one line and status 2 for a NUMBA_CPU_NAME or NUMBA_CPU_FEATURES that LLVM does not know:
    numba passed them on, and LLVM printed "'bogus' is not a recognized processor for this target (ignoring
    processor)" once per compiled function (3-6 lines), compiled for a generic CPU and exited 0; a feature without
    its + or - stopped the process on an LLVM assertion. LLVM has no list to ask, so the target machine numba would
    make is made here, with stderr (file descriptor 2) sent to a file, and LLVM's own complaint read from it."""
    import sys

    if environ.get("NUMBA_CPU_NAME") is None and environ.get("NUMBA_CPU_FEATURES") is None:
        return
    import llvmlite.binding as llvm
    from numba.core import config

    def shown(name):  # numba sets CPU_FEATURES to '' itself for NUMBA_CPU_NAME=generic (probe 23c, C23-8: KeyError)
        value = environ.get(name)
        if value is None:
            return f"{name} (not set; numba's own value {getattr(config, name[6:], None)!r})"
        return f"{name}={value}" if value and value.strip() == value and " " not in value else f"{name}={value!r}"

    host = llvm.get_host_cpu_name()
    features = config.CPU_FEATURES
    problem = None
    if features is not None:  # numba's own default (the host's) is not checked: LLVM gave it
        bad = next((f for f in features.split(",") if f and f[0] not in "+-"), None)
        if bad is not None:
            problem = (f"{shown('NUMBA_CPU_FEATURES')}: {bad!r} has no + or - in front; expected features LLVM "
                       "knows, each turned on (+) or off (-), comma-separated, such as +avx2,-avx512f, or unset it")
        off = next((f.strip() for f in features.split(",") if f.strip().lower() in _X86_FATAL), None)
        if problem is None and off is not None and llvm.get_default_triple().startswith("x86_64"):
            does, then = _X86_FATAL[off.lower()]
            problem = (f"{shown('NUMBA_CPU_FEATURES')}: {off!r} {does} ({then}); expected features that leave "
                       "floating point in hardware and x86-64 whole, such as -avx512f, or unset it")
        on = [f.strip()[0] == "+" for f in features.split(",") if f.strip()[1:] == "64bit"]
        if (problem is None and config.CPU_NAME in _X86_32BIT and not on[-1:] == [True]
                and llvm.get_default_triple().startswith("x86_64")):
            problem = (f"{shown('NUMBA_CPU_NAME')} with {shown('NUMBA_CPU_FEATURES')}: {config.CPU_NAME!r} is a "
                       "32-bit CPU, and the feature list replaces this machine's, 64-bit among them (LLVM stops the "
                       "process: '64-bit code requested on a subtarget that doesn't support it!'); expected a 64-bit "
                       f"CPU name, such as x86-64 or this machine's {host}, +64bit among the features, or unset one "
                       "of them")
        if problem is None:
            problem = _lacking(features, shown("NUMBA_CPU_FEATURES"), host, llvm)
    if problem is None:
        def make():
            llvm.initialize_native_target()  # as numba's code generator does, once
            llvm.Target.from_default_triple().create_target_machine(
                cpu=host if config.CPU_NAME is None else config.CPU_NAME,
                features=llvm.get_host_cpu_features().flatten() if features is None else features)

        try:
            said = _llvm_says(make)
        except RuntimeError:  # no host features or target to ask: numba's compile will say what it says
            said = ""
        if "not a recognized processor" in said:
            problem = (f"{shown('NUMBA_CPU_NAME')}: LLVM does not know that CPU (it would compile for a generic one, "
                       f"with a warning at every compile); expected a CPU name LLVM knows, such as generic or this "
                       f"machine's {host}, or unset it")
        elif "not a recognized feature" in said:
            unknown = said.split("'")[1] if said.count("'") >= 2 else features
            problem = (f"{shown('NUMBA_CPU_FEATURES')}: LLVM does not know the feature {unknown!r} (it would ignore "
                       "it, with a warning at every compile); expected features LLVM knows, each with + or - in "
                       "front, comma-separated, such as +avx2,-avx512f, or unset it")
        elif said:  # anything else LLVM said is its own to say
            sys.stderr.write(said)
    if problem is not None:
        print("crossbar: error: " + problem, file=sys.stderr)
        raise SystemExit(2)


def _lacking(features, shown, host, llvm):
    """The command line's line for a feature of `features` turned on that this CPU lacks (by LLVM's own reading of
    it), or None: code using it dies of an illegal instruction, SIGILL, with nothing printed (+egpr, +ndd, +ppx and
    +push2pop2 did at the first compiled call on a CPU without APX; probe 22c, C22-2)."""
    try:
        has = dict(llvm.get_host_cpu_features())
    except RuntimeError:  # no host features to ask: numba's compile will say what it says
        return None
    tokens = [f.strip() for f in features.split(",") if f.strip()]
    for k, token in enumerate(tokens):
        name = token[1:]
        if token[0] == "+" and has.get(name) is False and f"-{name}" not in tokens[k + 1:]:
            example = next((f"+{f}" for f in ("avx2", "sse4.2", "sse2") if has.get(f)), "-avx512f")
            return (f"{shown}: {token!r} turns on what this CPU ({host}) lacks (code using it dies of an illegal "
                    f"instruction); expected features this CPU has, such as {example}, or unset it")
    return None


def _llvm_says(make):
    """What LLVM (or libgomp) writes to file descriptor 2 while `make()` runs (its warnings bypass Python's sys.stderr)."""
    import os
    import sys
    import tempfile

    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with tempfile.TemporaryFile() as caught:
            os.dup2(caught.fileno(), 2)
            try:
                make()
            finally:
                os.dup2(saved, 2)
            caught.seek(0)
            return caught.read().decode("utf-8", "replace")
    finally:
        os.close(saved)


def _missing_folder():
    """Why the current folder cannot be used, or None: removed after the shell entered it, every relative path
    and numba's import (coverage reads os.path.realpath('.')) fail, the latter with a 46-line traceback."""
    import os

    try:
        os.getcwd()
    except FileNotFoundError:
        return "the current folder no longer exists (it was removed after the shell entered it); cd to one that does"
    except OSError as exc:  # EACCES on a parent: getcwd fails, the relative paths would too
        return f"the current folder cannot be read ({exc.strerror or exc}); cd to one that can"
    return None


_interrupt_while_importing()

from ._version import __version__
from .devices import (
    DEVICE_PRESETS,
    NOISE_FORMS,
    NONE,
    REFERENCE_OFFSETS,
    DeviceCurve,
    DeviceFileError,
    FixedOffsets,
    Lognormal,
    Nonidealities,
    NoOffsets,
    OffsetDistribution,
    RescaledExponential,
    RescaledLognormal,
    calibrated_c2c,
    default_device,
    load_device,
    measured_c2c,
    measured_noise,
    preset,
)
from .studies import (
    Grid,
    Study,
    StudyResult,
    StudySummary,
    SweepResult,
    load_study,
    load_sweep,
    run_study,
    run_sweep,
    wilson_interval,
)
from .networks import EnergyModel, NetworkBatch, network_reference, train_networks
from .tasks import PatternSet, diagonals_test, diagonals_training, input_voltages
from .training import (
    DEFAULT,
    NETWORK,
    PRESETS,
    REFERENCE,
    RULES,
    BatchResult,
    TrainingRun,
    PulseResponse,
    TrainingSetting,
    apply_pulses,
    evaluate,
    parse_rule,
    sample_offsets,
    train,
    train_batch,
)

__all__ = [
    "BatchResult", "DEFAULT", "NETWORK", "DEVICE_PRESETS", "DeviceCurve", "NOISE_FORMS", "NONE", "Nonidealities", "RULES",
    "PulseResponse", "apply_pulses", "calibrated_c2c", "measured_c2c", "measured_noise",
    "preset", "parse_rule", "DeviceFileError", "FixedOffsets", "Grid", "Lognormal",
    "NoOffsets", "OffsetDistribution", "PRESETS", "PatternSet", "REFERENCE", "REFERENCE_OFFSETS",
    "RescaledExponential", "RescaledLognormal", "Study", "StudyResult", "StudySummary", "SweepResult",
    "TrainingRun", "TrainingSetting", "__version__", "default_device", "diagonals_test",
    "diagonals_training", "evaluate", "input_voltages", "load_device", "load_study", "load_sweep",
    "run_study", "run_sweep", "sample_offsets", "train", "train_batch", "wilson_interval",
    "EnergyModel", "NetworkBatch", "network_reference", "train_networks",
]
