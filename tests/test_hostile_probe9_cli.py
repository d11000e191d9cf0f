"""Probe 8's leftovers on the command line (U3-U6), fixed at their cause: a study folder that cannot be written is
named with what was expected before anything is touched, and --overwrite removes all of a study or nothing; a
--device name that is both a preset and a file is refused; a --rule with an empty part says the form; Ctrl-C while
numba compiles a kernel ends the command at once."""

import glob
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

STUDY = ["montecarlo", "--quiet", "--trials", "20", "--chunk-size", "10", "--max-epochs", "5"]


def _chmod_stops_writes(tmp_path):
    """Whether a folder without write permission refuses a new file: root (with CAP_DAC_OVERRIDE) writes anyway."""
    probe = tmp_path / "chmod-probe"
    probe.mkdir()
    probe.chmod(0o500)
    try:
        (probe / "x").write_text("")
    except PermissionError:
        return True
    finally:
        probe.chmod(0o700)
    return False


@pytest.fixture
def read_only(tmp_path):
    """chmod a-w on the paths given to it (given back at the end); skips where chmod does not stop writes."""
    if not _chmod_stops_writes(tmp_path):
        pytest.skip("running as root, where chmod does not stop writes" if os.geteuid() == 0 else
                    "chmod does not stop writes on this file system")
    taken = []

    def take(*paths):
        for path in paths:
            taken.append((path, path.stat().st_mode))
            path.chmod(path.stat().st_mode & ~0o222)

    yield take
    for path, mode in reversed(taken):
        path.chmod(mode)


def _tree(folder):
    """Every file and folder under `folder` with its size: what a refused command must leave as it was."""
    return sorted((str(p.relative_to(folder)), p.stat().st_size if p.is_file() else -1) for p in folder.rglob("*"))


@pytest.fixture
def study(tmp_path):
    done = crossbar_cli(*STUDY, "--out", "s", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path / "s"


# --- U3: a study folder that cannot be written -----------------------------------------------------------------

@pytest.mark.parametrize("option", ["--resume", "--overwrite"])
def test_a_read_only_study_folder_says_a_writable_one_was_expected(study, read_only, option):
    """It was 's/.crossbar.lock: Permission denied' (probe 8, U3): no expectation, unlike --out's own check."""
    before = _tree(study)
    read_only(study)
    done = crossbar_cli(*STUDY, "--out", "s", option, cwd=study.parent)
    assert_one_line_error(done, f"s: the folder is not writable, so {option} cannot ")
    assert "expected a writable study folder (its files and subfolders too)" in done.stderr
    assert _tree(study) == before


def test_overwrite_removes_nothing_when_a_subfolder_cannot_be_written(study, read_only):
    """--overwrite removed the chunks and index.json, then failed on offsets/ (probe 8, U3: immutable summary.json):
    a study half-deleted. Everything is checked first; nothing of it is removed."""
    before = _tree(study)
    read_only(study / "offsets")
    done = crossbar_cli(*STUDY, "--out", "s", "--overwrite", cwd=study.parent)
    assert_one_line_error(done, "s/offsets: the folder is not writable, so --overwrite cannot remove the study in s; "
                                "nothing was removed; expected a writable study folder")
    assert _tree(study) == before


def test_a_write_protected_file_of_the_study_is_kept_and_named(study, read_only):
    before = _tree(study)
    read_only(study / "summary.json")
    done = crossbar_cli(*STUDY, "--out", "s", "--overwrite", cwd=study.parent)
    assert_one_line_error(done, "s/summary.json: the file is not writable, so --overwrite cannot remove the study")
    assert _tree(study) == before


def test_resume_into_a_read_only_chunks_folder_is_refused_before_any_work(study, read_only):
    """It failed at its first chunk, naming our temporary '.chunk_000001-....npy.tmp-3178' (probe 8, U3)."""
    for name in ("index.json", "summary.json", "trials.npy"):
        (study / name).unlink()
    next((study / "chunks").iterdir()).unlink()
    before = _tree(study)
    read_only(study / "chunks")
    done = crossbar_cli(*STUDY, "--out", "s", "--resume", cwd=study.parent)
    assert_one_line_error(done, "s/chunks: the folder is not writable, so --resume cannot complete the study in s")
    assert _tree(study) == before


def test_a_sweep_whose_point_cannot_be_written_is_not_half_removed(tmp_path, read_only):
    sweep = ["sweep", "--quiet", "--trials", "10", "--max-epochs", "5", "--beta", "5e7,6e7", "--out", "w"]
    assert crossbar_cli(*sweep, cwd=tmp_path).returncode == 0
    before = _tree(tmp_path / "w")
    read_only(tmp_path / "w" / "points" / "point_0001")
    done = crossbar_cli(*sweep, "--overwrite", cwd=tmp_path)
    assert_one_line_error(done, "w/points/point_0001: the folder is not writable, so --overwrite cannot remove the "
                                "sweep in w; nothing was removed; expected a writable sweep folder")
    assert _tree(tmp_path / "w") == before


def test_an_empty_read_only_out_folder_says_what_was_expected(tmp_path, read_only):
    (tmp_path / "empty").mkdir()
    read_only(tmp_path / "empty")
    done = crossbar_cli(*STUDY, "--out", "empty", cwd=tmp_path)
    assert_one_line_error(done, "empty: the folder is not writable; expected a writable folder for the study's results")


def test_a_killed_runs_lock_file_that_cannot_be_written_is_named(tmp_path, read_only):
    """It was 'lk/.crossbar.lock: Permission denied'."""
    (tmp_path / "lk").mkdir()
    (tmp_path / "lk" / ".crossbar.lock").write_text("")
    read_only(tmp_path / "lk" / ".crossbar.lock")
    done = crossbar_cli(*STUDY, "--out", "lk", cwd=tmp_path)
    assert_one_line_error(done, "lk/.crossbar.lock: the file is not writable; expected a writable folder for the "
                                "study's results")


def test_a_file_that_cannot_be_replaced_is_named_not_our_temporary(tmp_path, monkeypatch, capsys):
    """An immutable summary.json failed --resume as 'r6/.summary.json.tmp-16969: Operation not permitted'."""
    import errno

    from crossbar.cli import main

    real = os.replace

    def immutable(src, dst):
        if os.fspath(dst).endswith("summary.json"):
            raise PermissionError(errno.EPERM, "Operation not permitted", os.fspath(src), os.fspath(dst))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", immutable)
    code = main([*STUDY, "--out", str(tmp_path / "s")])
    err = capsys.readouterr().err
    assert code == 2 and err == f"crossbar: error: {tmp_path / 's' / 'summary.json'}: Operation not permitted\n", err


# --- U4: a file named like a preset -----------------------------------------------------------------------------

CURVE = "G (S)\n1e-7\n1.2e-7\n1.3e-7\n1.35e-7\n1.38e-7\n1.4e-7\n"


@pytest.mark.parametrize("command", [["device"], ["train", "--max-epochs", "5"], STUDY])
def test_a_file_named_like_a_preset_is_refused_saying_how_to_pick_each(tmp_path, command):
    """A file ./pcmo silently won over the preset pcmo (probe 8, U4): a 6-point curve in place of the preset."""
    (tmp_path / "pcmo").write_text(CURVE)
    done = crossbar_cli(*command, "--device", "pcmo", cwd=tmp_path)
    assert_one_line_error(done, "argument --device: 'pcmo' is both a device preset and a file in the current folder; "
                                "give --device ./pcmo for the file or --device preset:pcmo for the preset")
    if command != ["device"]:
        return
    as_file = crossbar_cli("device", "--device", "./pcmo", cwd=tmp_path)
    as_preset = crossbar_cli("device", "--device", "preset:pcmo", cwd=tmp_path)
    assert as_file.returncode == 0 and "6 points" in as_file.stdout, as_file.stderr
    assert as_preset.returncode == 0 and "preset:pcmo" in as_preset.stdout, as_preset.stderr


# --- U6: a rule with an empty part ------------------------------------------------------------------------------

@pytest.mark.parametrize("rule, where", [("+gated", "has no name before a '+'"), ("batch+", "has no name after a '+'"),
                                         (" ", "is blank")])
def test_a_rule_with_an_empty_part_names_the_form(rule, where):
    """'+gated' was refused as "unknown part ''; expected one of batch, online, optionally with +gated, ...", which
    reads as an invitation to write '+gated'."""
    done = crossbar_cli("train", "--max-epochs", "5", "--rule", rule)
    assert_one_line_error(done, f"argument --rule: rule {rule!r}: {where}; expected names joined by '+', such as "
                                "'gated' or 'batch+gated' (a base, batch or online, then modifiers; without a base "
                                "it is batch)")


# --- U5: Ctrl-C while numba compiles the kernel -----------------------------------------------------------------

def test_ctrl_c_while_the_kernel_compiles_ends_the_command_at_once(tmp_path):
    """With an empty numba cache the first run of a rule compiles its kernel for about 25 s. A Ctrl-C then came
    1-1.5 s late, or was swallowed by llvmlite's ctypes callback ('Exception ignored ... KeyboardInterrupt') while
    the run went on to finish with status 0 (probe 8, U5). The compile now runs off the main thread."""
    cache = tmp_path / "numba-cache"
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache), "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    process = subprocess.Popen([sys.executable, "-m", "crossbar", "train", "--rule", "gated", "--max-epochs", "10"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 240
        # The offsets' random fill compiles first; once it is cached the kernel's compile is under way.
        while not glob.glob(str(cache / "**" / "random._fill_*.nbi"), recursive=True):
            assert process.poll() is None and time.monotonic() < deadline, process.communicate()
            time.sleep(0.05)
        time.sleep(3)
        assert process.poll() is None
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
        took = time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert (process.returncode, out, err) == (130, "", "crossbar: interrupted\n")
    assert took < 0.75, took  # 0.3 s now; it was 0.86-1.6 s (or 30 s, or status 0 or 1) before


def test_too_many_open_files_names_the_limit(tmp_path):
    """Probe 9c, C12: under `ulimit -n 12` two workers ended in "crossbar: error: Too many open files", naming
    neither the limit nor what to change."""
    import resource

    def low_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (12, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))

    done = subprocess.run([sys.executable, "-m", "crossbar", *STUDY, "--workers", "2"], capture_output=True,
                          text=True, cwd=tmp_path, timeout=300, preexec_fn=low_limit)
    assert_one_line_error(done, "Too many open files: this process may open 12 (ulimit -n); raise the limit "
                                "or use fewer --workers")
