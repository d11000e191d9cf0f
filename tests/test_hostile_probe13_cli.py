"""Probe 13c's findings on the command line and the lab (issue 20, U2, U4, U5, U7, U9): the lab refused a positional
argument that is no file only after the kernel install, in two lines; with --offsets none a gain out of range was
named by an API name (NoOffsets.level); --offsets none with --trial/--seed and nothing drawn was taken; --help to a
full disk exited 0 with the help lost; `python -m crossbar --bogus` said only that COMMAND was missing."""

import subprocess
import sys
from pathlib import Path

import pytest

from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli
from test_hostile_probe12_cli import lab  # noqa: F401 - the lab script with its kernel install refused

ROOT = Path(__file__).resolve().parents[1]


# U2. lab: a positional argument that is no file




@pytest.mark.parametrize("argv", [["extra_positional_arg"], ["--port", "9999", "nothing.ipynb"],
                                  ["--no-browser", "nothing.ipynb"]])
def test_the_lab_refuses_a_positional_argument_that_is_no_file_before_the_kernel_install(lab, capsys, tmp_path,
                                                                                           monkeypatch, argv):
    """Jupyter said 'No such file or directory' after the install, then 'lab: cannot start JupyterLab: its log above
    says why'."""
    monkeypatch.chdir(tmp_path)
    assert lab.main(argv) == 2
    err = capsys.readouterr().err
    assert err == (f"lab: {argv[-1]}: no such file or folder in {tmp_path}; a positional argument is a notebook or "
                   "folder to open, read relative to the current folder\n"), err


def test_the_lab_names_the_chapter_a_bare_chapter_name_means(lab, capsys, tmp_path, monkeypatch):
    """`make lab LAB_ARGS=letters.ipynb` is read relative to the current folder, not book/chapters."""
    chapter = next((ROOT / "book" / "chapters").glob("*.ipynb"))
    monkeypatch.chdir(tmp_path)
    assert lab.main([chapter.name]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"lab: {chapter.name}: no such file or folder in {tmp_path} (a "
                                                   "chapter: give "), err
    # the value of an option, a file or a folder that exists: no objection
    (tmp_path / "here.ipynb").write_text("{}")
    for given in (["--port", "9999"], ["--ServerApp.root_dir", str(tmp_path), "here.ipynb"], ["."],
                  ["--ServerApp.ip", "127.0.0.1"], [str(chapter)], ["--notebook-dir=.", "here.ipynb"]):
        assert lab.positional_problem(given) is None, given


@pytest.mark.parametrize("argv, why", [
    (["mine.ipynb"], "mine.ipynb: lies outside the folder JupyterLab serves ({chapters}), and Jupyter opens only a "
                     "notebook inside it; copy it there, or serve its folder: --ServerApp.root_dir={here}"),
    (["--port", "9999", "mine.ipynb"], "mine.ipynb: lies outside the folder JupyterLab serves ({chapters}), and "
                                       "Jupyter opens only a notebook inside it; copy it there, or serve its folder: "
                                       "--ServerApp.root_dir={here}"),
    (["mine.ipynb", "adir"], "mine.ipynb adir: 2 positional arguments; expected one notebook or folder to open "
                             "(Jupyter opens only the first)"),
])
def test_the_lab_refuses_a_notebook_outside_the_served_folder_before_the_kernel_install(lab, capsys, tmp_path,
                                                                                      monkeypatch, argv, why):
    """Probe 14c, L1: `make lab LAB_ARGS=~/my.ipynb` passed the check, installed the kernel, took the port and then
    stopped with Jupyter's "`root_dir` and `file_to_run` are incompatible", status 1; a second positional was dropped."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.ipynb").write_text("{}")
    (tmp_path / "adir").mkdir()
    assert lab.main(argv) == 2
    chapters = ROOT / "book" / "chapters"
    assert capsys.readouterr().err == f"lab: {why.format(chapters=chapters, here=tmp_path)}\n"


# U4. --offsets none with a gain out of range: the options, not NoOffsets.level


@pytest.mark.parametrize("argv", [["train", "--gain", "1e7", "--offsets", "none", "--json"],
                                  ["train", "--gain", "5e-324", "--offsets", "none", "--units", "absolute"],
                                  ["montecarlo", "--quiet", "--trials", "20", "--max-epochs", "5", "--offsets", "none",
                                   "--gain", "1e7"]])
def test_a_gain_out_of_range_with_identical_devices_names_offsets_none(tmp_path, argv):
    """It said 'NoOffsets.level = 4.546e-07 S: at --gain K = 1e+07 ...', an API name the command line does not have."""
    done = crossbar_cli(*argv, cwd=tmp_path)
    assert_one_line_error(done, "crossbar: error: --offsets none (every device at the curve's g(0) = 4.546e-07 S): "
                                f"at --gain K = {'1e+07' if '1e7' in argv else '4.94066e-324'} a device starts at G = ")
    assert "NoOffsets" not in done.stderr and "--gain" in done.stderr


# U5. --offsets none with --trial/--seed and nothing drawn


@pytest.mark.parametrize("option", [["--trial", "3"], ["--seed", "3"]])
def test_offsets_none_refuses_a_trial_or_seed_when_nothing_is_drawn(tmp_path, option):
    """It ran, status 0, the same numbers as trial 0; with --shifts the same line was refused."""
    done = crossbar_cli("train", "--max-epochs", "5", "--offsets", "none", *option, "--json", cwd=tmp_path)
    assert_one_line_error(done, f"crossbar: error: {' '.join(option)} picks a trial's random draws, and this run draws "
                                "none: --offsets none makes every device the measured one (nothing drawn) and no noise "
                                f"knob (--c2c, ...) or online rule is on; drop {option[0]}")


@pytest.mark.parametrize("more", [["--c2c", "0.01"], ["--rule", "online"], ["--window-spread", "0.1"],
                                  ["--hidden", "4", "--task", "letters"]])
def test_offsets_none_takes_a_trial_where_something_is_drawn(tmp_path, more):
    """A noise knob, the online order and a network's layers draw: --trial picks those draws."""
    done = crossbar_cli("train", "--max-epochs", "5", "--offsets", "none", "--trial", "3", *more, "--json",
                        cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr


# U7. --help to a full disk


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("argv", [["--help"], ["train", "--help"], ["sweep", "--help"], ["device", "-h"]])
def test_help_to_a_full_disk_is_one_line_and_status_2(tmp_path, argv):
    """It exited 0 with nothing written: argparse swallows the OSError of its write, and a short help left the
    guard unflushed; other output to /dev/full said 'standard output: No space left on device', status 2."""
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "crossbar", *argv], stdout=full, stderr=subprocess.PIPE,
                              text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 2 and done.stderr == "crossbar: error: standard output: No space left on device\n", (
        done.returncode, done.stderr)
    shown = crossbar_cli(*argv, cwd=tmp_path)  # the help itself is unchanged
    assert shown.returncode == 0 and shown.stdout.startswith("usage: python -m crossbar") and shown.stderr == ""


# U9. python -m crossbar --bogus / --version


@pytest.mark.parametrize("argv, message", [
    (["--bogus"], "crossbar: error: unrecognized arguments: --bogus; expected a command first: device, train, "
                  "montecarlo, sweep (or --help, --version)\n"),
    (["--bogus", "-x"], "crossbar: error: unrecognized arguments: --bogus -x; expected a command first: device, "
                        "train, montecarlo, sweep (or --help, --version)\n"),
    ([], "crossbar: error: the following arguments are required: COMMAND, one of device, train, montecarlo, sweep\n")])
def test_a_line_without_a_command_names_what_it_gave_and_the_commands(tmp_path, argv, message):
    """It said only 'the following arguments are required: COMMAND'."""
    done = crossbar_cli(*argv, cwd=tmp_path)
    assert_one_line_error(done, message)
    assert done.stderr == message


def test_version_prints_the_packages_version(tmp_path):
    """--version said 'the following arguments are required: COMMAND'."""
    import crossbar

    done = crossbar_cli("--version", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"crossbar {crossbar.__version__}\n", "")


def test_the_installed_version_is_the_package_version():
    """pyproject.toml said 0.1.0 while crossbar.__version__ (--version, every study's manifest) said 0.2.0; the
    version now has one place, read by setuptools from crossbar/_version.py."""
    import importlib.metadata

    import crossbar
    assert importlib.metadata.version("crossbar") == crossbar.__version__
    assert 'dynamic = ["version"]' in (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
