"""Too many open files after `--out` was made names the folder and --resume, and fewer --workers only where the run
had more than one (probe 31c, C31-1). The line was "Too many open files: this process may open 16 (ulimit -n); raise
the limit or use fewer --workers": the folder, made with its manifest, was not named, the same command was then
refused as "output folder exists", and a run of one worker was told to use fewer."""

import resource
import subprocess
import sys

import pytest


def _limited(n):
    def low_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (n, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
    return low_limit


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_run_out_of_open_files_after_its_folder_was_made_names_it(tmp_path, workers):
    argv = [sys.executable, "-m", "crossbar", "montecarlo", "--trials", "60", "--chunk-size", "10", "--quiet",
            "--workers", workers, "--out", "o"]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, timeout=300, preexec_fn=_limited(16))
    if done.returncode == 0:
        pytest.skip("the run fitted in 16 open files on this machine")
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    line = done.stderr
    assert line.startswith("crossbar: error: ") and "Too many open files: this process may open 16 (ulimit -n); " \
        "raise the limit" in line, line
    assert ("or use fewer --workers" in line) == (workers == "2"), line
    if (tmp_path / "o" / "manifest.json").is_file():  # made: named, and --resume completes it
        assert line.endswith("; finished chunks are saved in o: complete with --resume\n"), line
        resumed = subprocess.run(argv + ["--resume"], capture_output=True, text=True, cwd=tmp_path, timeout=300)
        assert resumed.returncode == 0, resumed.stderr
    else:
        assert "saved in" not in line, line


def test_a_command_out_of_open_files_while_numba_looks_for_its_cache_names_the_limit(tmp_path):
    """Under 'ulimit -n 5' numba could not test whether its cache folder is writable: "internal error:
    RuntimeError: cannot cache function '_epoch.base': no locator available", status 1 (the lead's check in probe
    31c's round). `train` has no --workers to use fewer of."""
    argv = [sys.executable, "-m", "crossbar", "train", "--json"]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, timeout=300, preexec_fn=_limited(5))
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", "crossbar: error: Too many open files: this process may open 5 (ulimit -n); raise the limit\n")
