"""Probe 16a, N2: a device file's name with control characters (ESC, newline, CR, BEL) reached standard output
raw in the device report and train's 'device' line: 'name\\x1b[31m.csv' recoloured the terminal. The reports
show such a name escaped, as the error lines do; a plain name prints as it is."""

import subprocess
import sys

import pytest

CURVE = "pulse,G (uS)\n0,1.0\n1,1.2\n2,1.3\n3,1.35\n"


def _run(*argv, cwd):
    return subprocess.run([sys.executable, "-m", "crossbar", *argv], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("name", ["name\x1b[31m.csv", "two\nlines.csv", "cr\r.csv", "bell\a.csv"])
def test_control_characters_of_the_name_are_escaped(tmp_path, name):
    (tmp_path / name).write_text(CURVE)
    device = _run("device", "--device", name, cwd=tmp_path)
    assert device.returncode == 0, device.stderr
    assert device.stdout.splitlines()[0].startswith(f"device     {name[:-4]!r} ({name!r}, sha256 ")
    train = _run("train", "--device", name, "--max-epochs", "1", cwd=tmp_path)
    assert train.returncode == 0, train.stderr
    for out in (device.stdout, train.stdout):
        assert not any(c in out for c in "\x1b\r\a"), out
    assert f"device     {name[:-4]!r} (4 points" in train.stdout


def test_guard_a_plain_name_prints_as_it_is(tmp_path):
    (tmp_path / "plain dev.csv").write_text(CURVE)
    device = _run("device", "--device", "plain dev.csv", cwd=tmp_path)
    assert device.stdout.startswith("device     plain dev (plain dev.csv, sha256 "), device.stdout


@pytest.mark.parametrize("name", ["-g.csv", "--x.csv"])
def test_a_file_name_starting_with_a_dash_is_named_with_the_fix(tmp_path, name):
    """Probe 16a, N1: '--device -g.csv' said only argparse's 'expected one argument'."""
    (tmp_path / name).write_text(CURVE)
    refused = _run("device", "--device", name, cwd=tmp_path)
    assert refused.returncode == 2
    assert (f"argument --device: expected one argument (the value {name!r} starts with '-' and was read as an "
            f"option; write --device={name} or ./{name})") in refused.stderr, refused.stderr
    for argv in ([f"--device={name}"], ["--device", f"./{name}"]):
        loaded = _run("device", *argv, cwd=tmp_path)
        assert loaded.returncode == 0, loaded.stderr
