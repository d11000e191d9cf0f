"""Every way a command can end, as one line: user errors, faults of the machine, interrupts, a closed pipe.

:func:`guarded` runs a command and turns what it raises into an exit status and at most one
line on stderr:

* bad input (:class:`~crossbar.cli.options.UsageError`, and the ``ValueError`` family the
  package raises for bad files, folders, arguments and sizes): ``crossbar: error: ...``, status 2;
* the machine refusing (a full or read-only disk, a path that cannot be made, no memory):
  ``crossbar: error: ...`` naming the file, status 2;
* Ctrl-C: ``crossbar: interrupted``, status 130 (at once, even while numba compiles a kernel: the
  process then ends without waiting for the compile, `crossbar.interrupts.busy`); SIGTERM the same way,
  ``crossbar: terminated``, status 143;
* stdout closed early (``... | head``): nothing more is written, status 141 (128 + SIGPIPE);
* no stdout at all (started with it closed, ``>&-``): ``crossbar: error: ...`` before any
  work, status 2;
* anything else is a bug: ``crossbar: internal error: ...``, status 1. Set the environment
  variable ``CROSSBAR_TRACEBACK=1`` to get the traceback before the line, and warnings as Python shows them
  (``0``, ``false``, ``no``, ``off`` or empty leave it off); the exit status stays as above, so that a script's
  check of it means the same with it on (bad input gave a traceback and status 1).
"""

from __future__ import annotations

import ast
import codecs
import errno
import json
import os
import re
import signal
import sys
import threading
import traceback
import warnings

from ..interrupts import Terminated, busy, terminated
from ..resources import ResourceError, limit_named
from ..studies import integrity, store
from .options import EXIT_INTERRUPTED, UsageError

__all__ = ["guarded", "one_line", "check_output_encoding", "report", "json_text", "folder_options", "memory_text",
           "os_error_text", "EXIT_BROKEN_PIPE"]

#: A command whose stdout was closed by the reader exits with this status (128 + SIGPIPE).
EXIT_BROKEN_PIPE = 141


def one_line(text):
    """`text` on one line: newlines and runs of spaces become single spaces."""
    return " ".join(str(text).split())


def _error(message, prefix="crossbar: error: "):
    """Write the one line; a stderr that cannot take it (2>/dev/full) changes nothing of the exit status: the
    OSError left the guard and Python's own handler exited 1 for a usage error."""
    if sys.stderr is None:  # print(file=None) would write to stdout
        return
    try:
        if sys.exc_info()[0] is not None and prefix != "crossbar: warning: " and tracebacks_wanted():
            traceback.print_exc()  # where it was raised, then the line and the usual status (probe 16c, E2)
        print(prefix + _controls_shown(_bytes_shown(folder_options(one_line(message)))), file=sys.stderr)
    except (OSError, ValueError):  # full or closed; its buffer still holds the line, which exit would flush again
        _quiet(sys.stderr)


def _bytes_shown(text):
    """`text` with the bytes a path's name held that are not UTF-8 as ``\\xe9``: Python reads them as lone
    surrogates, which stderr wrote as ``\\udce9``, a character the name does not hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def _controls_shown(text):
    """`text` with the control characters a path's name held (ESC, BEL, ...) written as ``\\x1b``: one_line makes
    spaces of newlines and tabs only, and a folder named 'o\\x1b[31mut' recoloured the terminal (probe 17c, N1)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def json_text(record):
    """`record` (dicts, lists, numbers, text) as one line of strictly valid JSON: NaN and infinity as null, and a
    path's bytes that are not UTF-8 as ``\\xe9`` text, as the error lines show them. They were written as lone
    surrogates (``"d\\udce9v.dat"``), which RFC 8259 leaves undefined and strict parsers refuse or replace."""
    def shown(obj):
        if isinstance(obj, str):
            return _bytes_shown(obj)
        if isinstance(obj, dict):
            return {shown(k): shown(v) for k, v in obj.items()}
        if isinstance(obj, (list, tuple)):
            return [shown(v) for v in obj]
        return obj

    return json.dumps(shown(integrity.finite(record)), allow_nan=False)


#: The API's arguments in a study folder's errors (:class:`~crossbar.studies.StoreError`) and the options that set
#: them: the API said "use --resume to complete it or --overwrite to start again" to a caller of run_study.
_FOLDER_NAMES = ((r"\bresume=True\b", "--resume"), (r"\boverwrite=True\b", "--overwrite"),
                 (r"\banother out\b", "another --out"),
                 (r"\btable = '(npy|csv|both)'", r"--table \1"), (r"\bwithout table\b", "without --table"),
                 (r"(?<![\w.])out = ('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")",  # the folder as the API names it
                  lambda m: "--out " + ast.literal_eval(m[1])))


#: The API's identical devices (NoOffsets) and the option that makes them: a gain out of range with --offsets none
#: was named "NoOffsets.level = 4.546e-07 S", where every other distribution names its options. In relative units with
#: r != 1 its level is g(0) / r, so that the devices get g(0): the product is the one the option gives (C27-6).
_OFFSET_NAMES = ((r"\bNoOffsets\.level = (?:\S+ S x r = \S+ \(relative units\) = )?(\S+) S\b",
                  r"--offsets none (every device at the curve's g(0) = \1 S)"),)


def folder_options(message):
    """A message with the command line's options for the API's folder arguments (:data:`_FOLDER_NAMES`) and its
    identical devices (:data:`_OFFSET_NAMES`)."""
    for pattern, option in _FOLDER_NAMES + _OFFSET_NAMES:
        message = re.sub(pattern, option, message)
    return message


def tracebacks_wanted():
    """Whether ``CROSSBAR_TRACEBACK`` asks for tracebacks: set, and not 0, false, no, off or empty."""
    return os.environ.get("CROSSBAR_TRACEBACK", "").strip().lower() not in ("", "0", "false", "no", "off")


def os_error_text(exc, workers=None):
    """'<file>: <what the system said>' for an OSError (with the limit, for too many open files: fewer --workers
    named only where a run used more than one; `train`, `device` and `--workers 1` were told to use fewer: probe 31c,
    C31-1)."""
    what = exc.strerror or type(exc).__name__
    hint = _open_files_limit(exc.errno, workers) if exc.errno in (errno.EMFILE, errno.ENFILE) else ""
    names = [n for n in (exc.filename, exc.filename2) if n is not None]
    if names:
        return f"{os.fsdecode(names[0])}: {what}{hint}"
    said = one_line(exc)
    return (what if said in (what, f"[Errno {exc.errno}] {what}") else f"{what} ({said})") + hint


def _open_files_limit(code, workers):
    """What to do about too many open files: this process's limit (ulimit -n), or the system's."""
    fewer = " or use fewer --workers" if workers is not None and workers > 1 else ""
    if code == errno.ENFILE:
        return f": the system's table of open files is full; close programs{fewer}"
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, OSError, ValueError):
        return f": raise the limit of open files (ulimit -n){fewer}"
    return f": this process may open {soft} (ulimit -n); raise the limit{fewer}"


def _encoding_error(exc):
    """The message for text that the standard output's encoding cannot write, or None if it is another's."""
    encoding = getattr(sys.stdout, "encoding", None)
    if not encoding or codecs.lookup(exc.encoding).name != codecs.lookup(encoding).name:
        return None
    return (f"standard output: its encoding ({encoding}) cannot write {ascii(exc.object[exc.start:exc.end])}; "
            "set PYTHONIOENCODING=utf-8 or unset it")


#: The options whose values a command's text report prints (a device file's name is its device's): an output
#: encoding that cannot write one is refused before the work (:func:`check_output_encoding`).
PRINTED = {"device": ("device", "depression_file"), "train": ("device", "from_dir"), "montecarlo": ("device", "out"),
           "sweep": ("device", "out")}


def check_output_encoding(args):
    """UsageError, before any work, when the standard output's encoding cannot write a value of an option that the
    command's text report prints: a study ran and was saved, and only its report failed (JSON is ASCII)."""
    encoding = getattr(sys.stdout, "encoding", None)
    if getattr(args, "json", False) or not encoding:
        return
    printed = []  # (what the value is, its text)
    for dest in PRINTED.get(getattr(args, "command", None), ()):
        value = getattr(args, dest, None)
        if value is not None:
            text = os.fsdecode(value) if isinstance(value, (bytes, os.PathLike)) else str(value)
            printed.append(("--from" if dest == "from_dir" else "--" + dest.replace("_", "-"), text))
    if getattr(args, "from_dir", None) is not None and getattr(args, "device", None) is None:
        # the study's device, from its manifest: "cannot write '\xe9'" named no value and no source (probe 31c, C31-14)
        recorded = store.recorded_device(args.from_dir) or {}
        where = f"the device the study in --from {os.fsdecode(args.from_dir)} used:"
        printed += [(f"{where} {key}", recorded[key]) for key in ("name", "source")
                    if isinstance(recorded.get(key), str)]
    for what, text in printed:
        try:
            text.encode(encoding, getattr(sys.stdout, "errors", None) or "strict")
        except LookupError:
            return
        except UnicodeEncodeError as exc:
            json_hint = ", or give --json" if hasattr(args, "json") else ""
            bad = ascii(exc.object[exc.start:exc.end])
            raise UsageError(f"standard output: its encoding ({encoding}) cannot write {bad} of {what} "
                             f"{ascii(text)[1:-1]}, which the report prints; set PYTHONIOENCODING=utf-8 or unset it"
                             f"{json_hint}") from None


def report(text, saved=None):
    """Print a command's report; if the output's encoding cannot write it after the results were saved in the
    folder `saved`, the one line says where they are."""
    try:
        print(text)
    except UnicodeEncodeError as exc:
        if saved is None:
            raise
        raise UsageError(f"{_encoding_error(exc) or one_line(exc)}; the results are saved in {saved}") from None


class _NamedOutput:
    """sys.stdout whose write errors (a full disk or device behind it: > /dev/full) name it, as a file's do."""

    def __init__(self, stream):
        self._stream = stream

    def _named(self, call, *args):
        try:
            return call(*args)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, "standard output") from None

    def write(self, text):
        return self._named(self._stream.write, text)

    def flush(self):
        return self._named(self._stream.flush)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _quiet_stdout():
    """Point stdout at /dev/null so that flushing it at exit raises nothing more."""
    _quiet(sys.stdout)


def _quiet(stream):
    """Point `stream` (stdout, stderr) at /dev/null so that flushing it at exit raises nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def guarded(command, run, last=False):
    """Run ``run()`` (a command handler returning its exit status) and end it as described above.

    `command` names the program in messages from :class:`UsageError` (``crossbar``). `last`: this is the process's
    last work (the ``crossbar`` command), so Ctrl-C is ignored from the moment its output is written: one landing in
    Python's shutdown after it printed a KeyboardInterrupt traceback with status 0, or, once Python had put the
    default handler back, killed the finished command with no line (probe 14c, C1: 6 of 8 Ctrl-Cs sent as
    ``train --json`` printed its line). One that lands before is the usual line and status 130.
    """
    if getattr(signal.getsignal(signal.SIGINT), "crossbar_import_guard", False):
        signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C from here on: KeyboardInterrupt
    term = _take_sigterm()
    try:
        return _guarded_run(command, run, last)
    finally:
        if term is not None:  # last: ignored from the output on, as Ctrl-C is (_guarded)
            signal.signal(signal.SIGTERM, signal.SIG_IGN if last else term)


def _take_sigterm():
    """SIGTERM from here on ends the command as Ctrl-C does (:class:`~crossbar.interrupts.Terminated`), where it
    still has the system's default or the import's guard (crossbar/__init__.py); the handler to put back, or None."""
    handler = signal.getsignal(signal.SIGTERM)
    if threading.current_thread() is not threading.main_thread() or (
            handler != signal.SIG_DFL and not getattr(handler, "crossbar_import_guard", False)):
        return None
    signal.signal(signal.SIGTERM, terminated)
    return signal.SIG_DFL


def _guarded_run(command, run, last):
    if sys.stdout is None:  # fd 1 was closed when Python started: nowhere to write the results
        _error("standard output is closed, so the results would be lost; redirect it to a file or to "
               "/dev/null instead of closing it")
        return 2
    stdout, sys.stdout = sys.stdout, _NamedOutput(sys.stdout)
    try:
        with warnings.catch_warnings():
            if not tracebacks_wanted():  # else Python's own, with where they were raised
                warnings.showwarning = _one_line_warning
            status = _guarded(command, run, last)
    finally:
        sys.stdout = stdout
    if status:  # a refusal's line is written; output a stdout could not take (> /dev/full) is still in its buffer,
        try:  # and Python's flush at exit printed 'Exception ignored ... OSError', status 120 (probe 23c, C23-9)
            sys.stdout.flush()
        except (OSError, ValueError):
            _quiet_stdout()
    if status in (EXIT_INTERRUPTED, Terminated.status) and busy():
        _end_now(status)
    return status


def _end_now(status):
    """End the process with `status` at once: a Ctrl-C left a kernel compiling on its thread, beside which the
    interpreter's exit took 0.6 s more (every finally block has run; only numba's compile is dropped)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(status)


def _ignore_interrupts():
    """Ctrl-C and SIGTERM ignored from here to the process's end: the command's output is written. SIGTERM killed the
    finished command (status 143 to a shell, no line) where Ctrl-C is ignored (probe 16c, I2)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _one_line_warning(message, category, filename, lineno, file=None, line=None):
    _error(message, "crossbar: warning: ")


def _guarded(command, run, last):
    try:
        try:
            return _flushed(_helped(run))
        finally:
            if last:  # the output is written: a Ctrl-C or SIGTERM from here on would land in Python's shutdown
                _ignore_interrupts()
    except UsageError as exc:
        _error(exc, f"{getattr(exc, 'command', None) or command}: error: ")
        return 2
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (Terminated)
        if last:
            _ignore_interrupts()
        _error(getattr(exc, "word", "interrupted"), "crossbar: ")
        return getattr(exc, "status", EXIT_INTERRUPTED)
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except UnicodeEncodeError as exc:
        _error(_encoding_error(exc) or exc)
        return 2
    except ResourceError as exc:  # a size the API estimated, named by the options that set it
        _error(option_sizes(str(exc)))
        return 2
    except ValueError as exc:  # bad files, folders, values and sizes (DeviceFileError, StoreError, ...)
        _error(exc)
        return 2
    except MemoryError:
        _error(memory_text())
        return 2
    except OSError as exc:  # a full or read-only disk, a path that cannot be made, a vanished file
        _error(_out_of_address_space(exc) or os_error_text(exc))
        return 2
    except Exception as exc:  # noqa: BLE001 - a bug: still one line
        if why := _out_of_address_space(exc):
            _error(why)
            return 2
        _error(f"{type(exc).__name__}: {exc} (this is a bug in crossbar; set CROSSBAR_TRACEBACK=1 to see "
               "where)", "crossbar: internal error: ")
        return 1


def memory_text():
    """The refusal of a run that ran out of memory: under an address-space limit, naming it."""
    return _address_limit_text() or ("not enough memory for this run; ask for fewer trials, epochs, grid points or "
                                     "hidden neurons (--hidden)")


def _address_limit_text():
    """The refusal of a run that ran out of memory under an address-space limit (``ulimit -v``, RLIMIT_AS), or None
    where there is none: numba's compiler alone maps about 600 MB, so a 3-epoch train was told to ask for fewer
    trials and epochs, or ended "internal error" (probe 27c, C27-7)."""
    limit = limit_named()
    if limit is None:
        return None
    return (f"not enough memory under {limit}: numba's compiler alone maps about 600 MB; raise the limit (ulimit -v "
            "unlimited) or ask for a smaller run")


def _out_of_address_space(exc):
    """:func:`_address_limit_text` for an error that is the system's refusal of memory (a shared library that cannot
    be mapped, a thread that cannot start, a C function whose allocation failed returning no exception: SystemError,
    probe 28c, C28-3) under an address-space limit, else None."""
    text = str(exc)
    memory = (isinstance(exc, (ImportError, OSError)) and ("failed to map segment" in text or
                                                         "Cannot allocate memory" in text)) or \
        (isinstance(exc, RuntimeError) and "can't start new thread" in text) or \
        (isinstance(exc, SystemError) and "without" in text and "exception" in text)
    return _address_limit_text() if memory else None


#: The API's names in a memory estimate (:class:`~crossbar.resources.ResourceError`) and the options that set them:
#: "lower setting.max_epochs, or train without history (train_batch(..., history=False))" was advice the command
#: line cannot follow, and "a chunk_size of 1024" named no option.
_SIZE_NAMES = (
    (r"lower setting\.max_epochs, or train without history \(train_batch\(\.\.\., history=False\)\)", "lower --max-epochs"),
    (r"setting\.max_epochs = ", "--max-epochs "), (r"setting\.hidden = ", "--hidden "),
    (r"\bstudy of trials = ", "study of --trials "), (r" x trials = ", " x --trials "),
    (r"\(chunk_size = ", "(--chunk-size "),
    (r", workers = ", ", --workers "), (r"a chunk_size of ", "a --chunk-size of "),
    (r"\bfewer workers\b", "fewer --workers"),
)


def option_sizes(message):
    """A memory estimate's message with the command line's options for the API's names (:data:`_SIZE_NAMES`)."""
    for pattern, option in _SIZE_NAMES:
        message = re.sub(pattern, option, message)
    return message


def _helped(run):
    """``run()``, or 0 where argparse printed the help and exited 0 (``--help``): its SystemExit left the guard before
    the help was flushed, so ``--help > /dev/full`` lost it with status 0 and no word."""
    try:
        return run()
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
        return 0


def _flushed(status):
    """Flush stdout inside the guard, so a closed pipe is seen here and not at interpreter exit."""
    sys.stdout.flush()
    return status
