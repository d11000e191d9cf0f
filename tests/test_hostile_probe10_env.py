"""Probe 10c's findings on the command line and its environment (U3, U5, U7, U9, U10), fixed at their cause: an
unreadable NUMBA_* variable is one line and status 2; a repeated option is refused naming it; a closed stderr runs
without the progress bar to a complete folder; worker processes that re-run a script without the __main__ guard
end in one error naming the guard; messages name the knob the command line has."""

import os
import subprocess
import sys
import textwrap

import pytest

from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# --- U3: a NUMBA_* variable numba cannot parse ------------------------------------------------------------------

@pytest.mark.parametrize("name, value, expected", [
    ("NUMBA_OPT", "bogus", "(expected one of 0, 1, 2, 3, and 'max')"),
    ("NUMBA_BOUNDSCHECK", "x", "expected a whole number"),
    ("NUMBA_LOOP_VECTORIZE", "x", "expected a whole number"),
    ("NUMBA_DEBUG_CACHE", "yes", "expected a whole number"),
    ("NUMBA_SLP_VECTORIZE", "maybe", "expected a whole number"),
])
def test_an_unreadable_numba_variable_is_one_line_naming_it(tmp_path, name, value, expected):
    """numba printed its RuntimeWarning with a Traceback (9-11 lines), went on with its default, status 0."""
    done = crossbar_cli("train", "--max-epochs", "5", env={name: value}, cwd=tmp_path)
    assert_one_line_error(done, f"{name}={value}: numba cannot read it")
    assert expected in done.stderr and "or unset it" in done.stderr


def test_a_readable_numba_variable_still_runs(tmp_path):
    done = crossbar_cli("train", "--max-epochs", "5", "--json", env={"NUMBA_OPT": "2", "NUMBA_BOUNDSCHECK": "0"},
                        cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr


# --- U7: an option given twice ----------------------------------------------------------------------------------

@pytest.mark.parametrize("argv, message", [
    (["sweep", "--quiet", "--trials", "10", "--max-epochs", "5", "--beta", "5e7", "--beta", "6e7"],
     "--beta given twice (5e7, then 6e7); give it once (several values go after one --beta: --beta 5e7 6e7)"),
    (["montecarlo", "--quiet", "--trials", "30", "--out", "dup1", "--seed", "5", "--seed", "6"],
     "--seed given twice (5, then 6); give it once"),
    (["train", "--beta", "1e7", "--beta=2e7"], "--beta given twice (1e7, then 2e7); give it once"),
    (["montecarlo", "--quiet", "--trials", "30", "--task", "letters", "--task", "diagonals"],
     "--task given twice (letters, then diagonals); give it once"),
    (["train", "--json", "--max-epochs", "5", "--json"], "--json given twice; give it once"),
    (["device", "--device", "default", "--device", "ag-si"], "--device given twice (default, then ag-si)"),
])
def test_an_option_given_twice_is_refused_naming_it(tmp_path, argv, message):
    """Each kept its last value, status 0: the sweep ran '1 points' (5e7 dropped), the manifest said seed 6."""
    done = crossbar_cli(*argv, cwd=tmp_path)
    assert_one_line_error(done, message)
    assert os.listdir(tmp_path) == []


def test_a_value_that_looks_like_a_repeat_is_not_one(tmp_path):
    """Negative numbers and the values of a sweep axis are values, not options."""
    done = crossbar_cli("train", "--max-epochs", "5", "--targets", "0.5", "-5e-1", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = crossbar_cli("sweep", "--quiet", "--trials", "10", "--max-epochs", "5", "--targets", "0.5,-0.5", "0.9",
                        "--beta", "5e7", "6e7", cwd=tmp_path)
    assert done.returncode == 0 and "4 points" in done.stdout, (done.stdout, done.stderr)


# --- U9: a closed stderr ----------------------------------------------------------------------------------------

def _closed_stderr(*argv, cwd):
    """The command run with fd 2 closed (2>&-), stdout captured."""
    def close_stderr():
        os.close(2)
    return subprocess.run([sys.executable, "-m", "crossbar", *argv], stdout=subprocess.PIPE, stderr=None,
                          cwd=cwd, preexec_fn=close_stderr, timeout=300, text=True)


@pytest.mark.parametrize("argv, made", [
    (["montecarlo", "--trials", "200", "--chunk-size", "100", "--max-epochs", "20", "--out", "pf"],
     ["chunks", "index.json", "manifest.json", "offsets", "summary.json", "trials.npy"]),
    (["montecarlo", "--trials", "200", "--chunk-size", "100", "--max-epochs", "20", "--out", "pf", "--quiet"],
     ["chunks", "index.json", "manifest.json", "offsets", "summary.json", "trials.npy"]),
    (["sweep", "--trials", "20", "--max-epochs", "20", "--beta", "5e7,6e7", "--out", "pf"],
     ["index.json", "points", "sweep.csv", "sweep.json"]),
])
def test_a_closed_stderr_runs_without_the_progress_bar_to_a_complete_folder(tmp_path, argv, made):
    """The bar asked sys.stderr (None) whether it is a terminal: status 1, nothing said, a manifest and an empty
    chunks/ left behind."""
    done = _closed_stderr(*argv, cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.strip()
    assert sorted(os.listdir(tmp_path / "pf")) == made


def test_a_closed_stderr_runs_montecarlo_without_a_folder(tmp_path):
    done = _closed_stderr("montecarlo", "--trials", "100", "--max-epochs", "20", "--json", cwd=tmp_path)
    assert done.returncode == 0 and '"trials": 100' in done.stdout
    assert os.listdir(tmp_path) == []


# --- U5: workers from a script without the __main__ guard -------------------------------------------------------

UNGUARDED = """
import crossbar as cb
print("script body runs", flush=True)
study = cb.Study(trials=8, chunk_size=4, setting=cb.TrainingSetting(max_epochs=5))
try:
    {call}
except RuntimeError as exc:
    print("RuntimeError:", exc)
"""


@pytest.mark.parametrize("call", [
    "cb.run_study(study, workers=2)",
    "cb.run_sweep(study, cb.Grid(beta=[5e7, 6e7]), workers=2)",
])
def test_workers_from_a_script_without_the_main_guard_name_the_guard(tmp_path, call):
    """The workers re-ran the script (spawn), each failed with multiprocessing's 'bootstrapping phase' traceback,
    and run_study raised BrokenProcessPool: 161 lines, status 1."""
    script = tmp_path / "nog.py"
    script.write_text(textwrap.dedent(UNGUARDED.format(call=call)))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=300,
                          env={**os.environ, "PYTHONPATH": REPO})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "bootstrapping" not in done.stderr, done.stderr
    assert "RuntimeError: workers = 2: each worker process imports the script" in done.stdout, done.stdout
    assert "if __name__ == '__main__':" in done.stdout


def test_workers_under_the_main_guard_run(tmp_path):
    script = tmp_path / "guarded.py"
    script.write_text("import crossbar as cb\nif __name__ == '__main__':\n"
                      "    r = cb.run_study(cb.Study(trials=8, chunk_size=4, setting=cb.TrainingSetting(max_epochs=5)),"
                      " workers=2)\n    print(r.summary().trials)\n")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=300,
                          env={**os.environ, "PYTHONPATH": REPO})
    assert done.returncode == 0 and done.stdout.strip() == "8", done.stderr


# --- U10: messages that name the knob the command line has and a remedy it can follow ------------------------------------------------------

def test_a_history_too_large_names_max_epochs_not_an_api_call(tmp_path):
    """It said 'lower setting.max_epochs, or train without history (train_batch(..., history=False))'."""
    done = crossbar_cli("train", "--max-epochs", "2147483647", cwd=tmp_path)
    assert_one_line_error(done, "the history of 1 trial(s) over --max-epochs 2147483647 epochs needs about")
    assert done.stderr.rstrip().endswith("; lower --max-epochs"), done.stderr


def test_a_memory_estimate_at_chunk_size_1_does_not_ask_for_a_smaller_one(tmp_path):
    """It said '(chunk_size = 1, workers = 100000) ... a smaller chunk_size or fewer workers'."""
    done = crossbar_cli("montecarlo", "--trials", "2000", "--chunk-size", "1", "--workers", "1024", cwd=tmp_path)
    assert_one_line_error(done, "a study of --trials 2000 (--chunk-size 1, --workers 1024) needs about")
    assert done.stderr.rstrip().endswith("run fewer trials per study (several seeds), or a --chunk-size of 2000 "
                                         "(which needs about 133 MiB) or fewer --workers")  # larger: one chunk


def test_the_api_keeps_its_own_names_in_a_memory_estimate():
    import crossbar as cb

    with pytest.raises(ValueError, match=r"\(chunk_size = 1, workers = 1024\).*\(several seeds\), or a chunk_size "
                                         r"of 2000 \(which needs about 133 MiB\) or fewer workers$"):
        cb.run_study(cb.Study(trials=2000, chunk_size=1), workers=1024)


def test_a_name_holding_bytes_that_are_not_utf8_shows_them_as_bytes(tmp_path):
    """The byte 0xe9 of a Latin-1 name was shown as '\\udce9', a character the name does not hold."""
    done = subprocess.run([sys.executable, "-m", "crossbar", "train", "--device", b"d\xe9vice_\xc3\xa9.dat"],
                          capture_output=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.startswith(b"crossbar: error: d\\xe9vice_\xc3\xa9.dat: no such file"), done.stderr
    assert done.stderr.count(b"\n") == 1
