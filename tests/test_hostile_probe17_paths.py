"""Probe 17c, N1: a path with a control character (ESC, BEL, CR, newline) was printed raw: on stdout's 'saved'
and 'replay' lines and in error lines (which made spaces of newlines only), so a folder named 'o\\x1b[31mut'
recoloured the terminal and 'o\\nut' broke the report's line. Such a path is escaped as repr does on stdout (as
device names are since probe 16a's N2) and its control characters as \\x1b in error lines."""

import subprocess
import sys

import pytest

from crossbar.cli.montecarlo import ansi_c_quoted

CONTROLS = "\x1b\x07\r"


def _run(*argv, cwd):
    return subprocess.run([sys.executable, "-m", "crossbar", *argv], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


@pytest.mark.parametrize("name", ["o\x1b[31mut", "o\nut", "o\rut", "o\aut"])
def test_a_study_folder_with_a_control_character_is_echoed_escaped(tmp_path, name):
    saved = _run("montecarlo", "--trials", "2", "--max-epochs", "20", "--quiet", "--out", name, cwd=tmp_path)
    assert saved.returncode == 0, saved.stderr
    # the command in bash's $'...' quoting: pasted, repr's '\\n' in single quotes named another folder (probe 27c, C27-9)
    assert (f"saved      {name!r} (replay a trial: python -m crossbar train --from {ansi_c_quoted(name)} --trial K)"
            in saved.stdout)
    replay = _run("train", "--from", name, "--trial", "1", cwd=tmp_path)
    assert replay.returncode == 0, replay.stderr
    assert f"of the study in {name!r} (seed " in replay.stdout
    again = _run("montecarlo", "--trials", "2", "--max-epochs", "20", "--quiet", "--out", name, cwd=tmp_path)
    assert again.returncode == 2 and "output folder exists" in again.stderr
    for out in (saved.stdout, replay.stdout, again.stderr):
        assert not any(c in out for c in CONTROLS), out
    assert len(again.stderr.splitlines()) == 1, again.stderr


@pytest.mark.parametrize("option", ["--device", "--shifts", "--from"])
def test_a_missing_path_with_esc_and_bel_is_named_escaped_in_the_error_line(tmp_path, option):
    refused = _run("train", option, "/nowhere/o\a\x1b[31mut", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.startswith("crossbar: error: ") and "/nowhere/o\\x07\\x1b[31mut" in refused.stderr
    assert not any(c in refused.stderr for c in CONTROLS), refused.stderr


def test_guard_a_plain_folder_name_is_echoed_as_it_is(tmp_path):
    saved = _run("montecarlo", "--trials", "2", "--max-epochs", "20", "--quiet", "--out", "my study", cwd=tmp_path)
    # the replay command quoted as a shell needs it (probe 26c, C26-5: pasted, '--from my study' was two arguments)
    assert "saved      my study (replay a trial: python -m crossbar train --from 'my study' --trial K)" in saved.stdout
