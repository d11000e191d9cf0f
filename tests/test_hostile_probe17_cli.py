"""Issue 20, item 4: a value that starts with '-' after a path option is answered with ``--opt=-x`` and ``./-x``; the
options that take a path were listed by hand (--device, --depression-file, --shifts, --out) and the list left out
train's --from, which was offered only ``--from=-x``. They are now the options whose type reads a path
(crossbar.cli.paths.takes_path), so a new path option cannot be forgotten."""

import argparse
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from crossbar import cli
from crossbar.cli.paths import input_file

#: How the parsers declare a path to the user: the metavar of each option that takes one (FILE, DIR, FILE|PRESET).
PATH_METAVARS = ("FILE", "DIR", "PATH", "FOLDER")


def _commands():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices


def _declared_paths(parser):
    """The options of `parser` declared as taking a path: a path metavar, or a type that returns a Path."""
    found = set()
    for action in parser._actions:
        metavars = action.metavar if isinstance(action.metavar, tuple) else (action.metavar,)
        named = any(word in str(m).upper() for m in metavars for word in PATH_METAVARS)
        try:
            typed = action.type is not None and isinstance(action.type("x.csv"), Path)
        except Exception:  # noqa: BLE001 - a type that refuses 'x.csv' reads no path
            typed = False
        if named or typed:
            found.update(action.option_strings)
    return found


@pytest.mark.parametrize("command", ["device", "train", "montecarlo", "sweep"])
def test_every_path_option_of_every_command_is_in_the_derived_set(command):
    parser = _commands()[command]
    declared = _declared_paths(parser)
    assert declared, command  # every command reads a device file at least
    assert cli.path_options(parser) == declared, command


def test_the_derived_set_is_what_the_commands_take():
    """The set as it stands: train's --from is in it (the hand-made list left it out); --dask, a number, is not."""
    commands = _commands()
    assert cli.path_options(commands["train"]) == {"--device", "--depression-file", "--shifts", "--from"}
    assert cli.path_options(commands["montecarlo"]) == {"--device", "--depression-file", "--out"}
    assert cli.path_options(commands["sweep"]) == {"--device", "--depression-file", "--out"}
    assert cli.path_options(commands["device"]) == {"--device", "--depression-file"}


def test_a_new_option_of_a_path_type_joins_the_set_without_a_list():
    parser = argparse.ArgumentParser()
    parser.add_argument("--new-file", type=input_file, metavar="FILE")
    parser.add_argument("--count", type=int)
    assert cli.path_options(parser) == {"--new-file"}


def test_from_with_a_value_starting_with_a_dash_is_offered_the_dot_slash_form(tmp_path):
    done = subprocess.run([sys.executable, "-m", "crossbar", "train", "--from", "-x"], capture_output=True, text=True,
                          cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == ("crossbar: error: argument --from: expected one argument (the value '-x' starts with '-' "
                           "and was read as an option; write --from=-x or ./-x)\n"), done.stderr


def test_guard_a_number_option_is_offered_only_the_equals_form(tmp_path):
    """Guard: './-x' is no value of --beta; passes before and after."""
    done = subprocess.run([sys.executable, "-m", "crossbar", "train", "--beta", "-x"], capture_output=True, text=True,
                          cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.endswith("(the value '-x' starts with '-' and was read as an option; write --beta=-x)\n")


def test_the_command_lines_signal_handlers_are_in_before_the_environment_checks_import_re():
    """A SIGTERM in the first ~100 ms of `python -m crossbar` died with no line: the environment checks imported
    `re` (8-30 ms under load where `site` had not) before the handlers were installed. Run without `site`, so
    that `re` is not yet loaded, a finder reports the SIGTERM handler at the moment `re` is first imported."""
    probe = (
        "import signal, sys\n"
        "class Spy:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 're':\n"
        "            print('handler' if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL else 'default')\n"
        "            sys.meta_path.remove(self)\n"
        "        return None\n"
        "assert 're' not in sys.modules\n"
        "sys.meta_path.insert(0, Spy())\n"
        "sys.argv[:] = ['-m']\n"
        f"sys.path[:0] = [{str(Path(cli.__file__).parents[2])!r}, {sysconfig.get_paths()['purelib']!r}]\n"
        "import crossbar\n")
    run = subprocess.run([sys.executable, "-S", "-c", probe], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == "handler"
