"""Command line: ``python -m crossbar {device,train,montecarlo,sweep} ...``.

Bad arguments or files end with one line on stderr and exit status 2; nothing is written.
Each command lives in its own module (:mod:`.device`, :mod:`.train`, :mod:`.montecarlo`,
:mod:`.sweep`);
:mod:`.options` holds the option parsers they share, :mod:`.guard` how every run ends
(errors, interrupts, a closed pipe: one line, never a traceback).
"""

from __future__ import annotations

import argparse
import re
import sys

from .._version import __version__
from . import device, montecarlo, sweep, train
from .guard import check_output_encoding, guarded
from .options import EXIT_INTERRUPTED, UsageError

__all__ = ["main", "command", "build_parser", "path_options", "UsageError", "EXIT_INTERRUPTED"]


#: What argparse must read as a value starting with a negative number, not as an option: -5, -.5,
#: -5e-1, -inf, and the lists and ranges of a sweep (-1e-1,2, -1:1:5). No option of ours starts
#: with a digit. (argparse's own pattern misses e-notation, so ``--targets 0.5 -5e-1`` lost its
#: second value, and ranges, so ``--beta -1:1:5`` its only one.)
NEGATIVE_NUMBER = re.compile(r"^-(\d|\.\d|inf|nan)", re.IGNORECASE)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        # no prefixes: --trial is train's, not montecarlo's --trials, and --over must not mean --overwrite
        super().__init__(*args, **{**kwargs, "allow_abbrev": False})
        self._negative_number_matcher = NEGATIVE_NUMBER

    def error(self, message):  # argparse's own errors: one line, status 2
        raise UsageError(message + _dash_value(message, getattr(self, "_given", []), path_options(self)))

    def _print_message(self, message, file=None):
        # argparse's own swallows OSError: `train --help > /dev/full` lost the help with status 0 and no word
        if message:
            (file or sys.stderr).write(message)

    def parse_known_args(self, args=None, namespace=None):
        if args is not None:  # a subcommand's arguments (the top level takes the command only)
            self._given = list(args)
            _refuse_repeats(self, list(args))
        return super().parse_known_args(args, namespace)


def path_options(parser):
    """The options of `parser` whose value is a path, which './' can start: those of a type that reads one
    (:func:`.paths.takes_path`). A list kept by hand left out train's --from (issue 20)."""
    return {name for action in parser._actions if getattr(action.type, "takes_path", False)
            for name in action.option_strings}


def _dash_value(message, args, paths=()):
    """How to give a value that starts with '-' to the option argparse found without one ('--device -g.csv' said only
    'expected one argument', naming neither the file nor the fix; probe 16a, N1), or ''; ``./`` too for an option
    in `paths`."""
    match = re.match(r"argument (--[\w-]+): expected one argument$", message)
    if match is None:
        return ""
    option = match.group(1)
    after = [args[i + 1] for i, arg in enumerate(args[:-1]) if arg == option and args[i + 1].startswith("-")]
    if not after:
        return ""
    return (f" (the value {after[0]!r} starts with '-' and was read as an option; write "
            f"{option}={after[0]}{' or ./' + after[0] if option in paths else ''})")


def _refuse_repeats(parser, args):
    """UsageError for an option given twice: argparse kept the last value without a word (``sweep --beta 5e7
    --beta 6e7`` ran one point, ``--seed 5 --seed 6`` seed 6). No option of ours is meant to be repeated."""
    options = {s: a for a in parser._actions for s in a.option_strings if not isinstance(a, argparse._HelpAction)}
    seen, i = {}, 0
    while i < len(args):
        token = args[i]
        i += 1
        if token == "--":
            break
        name, joined = token.split("=", 1) if token.startswith("--") and "=" in token else (token, None)
        action = options.get(name)
        if action is None:
            continue
        values = [joined] if joined is not None else []
        wanted = {None: 1, "?": 1, "*": None, "+": None}.get(action.nargs, action.nargs)
        while joined is None and (wanted is None or len(values) < wanted) and i < len(args):
            value = args[i]
            if value.startswith("-") and not NEGATIVE_NUMBER.match(value):
                break
            values.append(value)
            i += 1
        if action in seen:
            first, spelled = seen[action]
            given = f" ({' '.join(first)}, then {' '.join(values)})" if first and values else ""
            several = (f" (several values go after one {spelled}: {spelled} {' '.join(first + values)})"
                       if action.nargs in ("+", "*") else "")
            raise UsageError(f"{spelled} given twice{given}; give it once{several}")
        seen[action] = (values, name)


def build_parser():
    parser = _Parser(prog="python -m crossbar", description="In-situ training of memristor crossbars.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    parser.add_argument("--version", action="version", version=f"crossbar {__version__}")
    device.add_parser(sub)
    train.add_parser(sub)
    montecarlo.add_parser(sub)
    sweep.add_parser(sub)
    return parser


def _no_command(exc, parser, argv):
    """The UsageError for a line without a command, naming what it gave instead: `--bogus` (and `--version`
    before it had an action) said only "the following arguments are required: COMMAND"."""
    if not str(exc).startswith("the following arguments are required: COMMAND"):
        return exc
    commands = ", ".join(next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices)
    unknown = [arg for arg in (sys.argv[1:] if argv is None else argv) if arg.startswith("-")]
    if unknown:
        return UsageError(f"unrecognized arguments: {' '.join(unknown)}; expected a command first: {commands} "
                          "(or --help, --version)")
    return UsageError(f"the following arguments are required: COMMAND, one of {commands}")


def main(argv=None, *, last=False):
    parser = build_parser()

    def run():
        try:
            args = parser.parse_args(argv)
        except UsageError as exc:
            raise _no_command(exc, parser, argv) from None
        check_output_encoding(args)
        return args.handler(args)

    return guarded("crossbar", run, last)


def command():
    """The ``crossbar`` command (``python -m crossbar`` and the console script): :func:`main` as the process's last
    work, which ignores Ctrl-C from the moment its output is written (:func:`.guard.guarded`)."""
    return main(last=True)
