"""Probe 30c: memory run out under an address-space limit.

C30-2: a network command above the 470 MiB floor ended in OpenBLAS's own error ("Memory allocation still failed",
status 1) at 485-505 MB: numpy's BLAS maps a buffer of its own at a network's first matrix product, which a crossbar
(numba's kernel) never calls. C30-3: a MemoryError after `montecarlo --out o` (or `sweep`) made its folder said
nothing of the folder, which the same command then refused as existing. C30-4: a network study that finished and was
saved was refused, status 2, by its diagnosis's replay of the failed networks ("train fewer at a time, or ...")."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import crossbar
from crossbar import TrainingSetting
from crossbar.cli import main
from crossbar.resources import NETWORK_FLOOR, ResourceError
from crossbar.studies import Study, diagnose, run_study
from crossbar.studies import diagnosis
from crossbar.studies.diagnosis import NETWORK_EXAMINED

ROOT = str(Path(crossbar.__file__).parents[1])


def limited(kilobytes):
    def set_limit():
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (kilobytes * 1024, resource.RLIM_INFINITY))
    return set_limit


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ulimit -v as Linux counts it")
@pytest.mark.parametrize("command", [["train", "--hidden", "4"], ["montecarlo", "--hidden", "4", "--trials", "20",
                                                                  "--quiet", "--out", "o"]])
def test_a_network_under_the_network_floor_is_refused_before_its_folder_is_made(tmp_path, command):
    kilobytes = NETWORK_FLOOR // 1024 - 20_000  # OpenBLAS's own error here, status 1, in 2 of 3 runs at stop 50
    done = subprocess.run([sys.executable, "-m", "crossbar", *command, "--max-epochs", "5"],
                          capture_output=True, text=True, preexec_fn=limited(kilobytes), timeout=240, cwd=tmp_path,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": ROOT, "HOME": str(tmp_path)})
    if done.returncode == 127:  # glibc's own abort (RELIABILITY, "Not guaranteed"): no Python code runs after it
        assert done.stderr == "cannot allocate memory for thread-local data: ABORT\n", done.stderr
        return
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stderr == (f"crossbar: error: --hidden 4 trains networks, and none trains under this process's "
                           f"address-space limit (ulimit -v = {kilobytes} kB): numpy's BLAS maps a buffer of its own "
                           f"beside numba's compiler, which together need {NETWORK_FLOOR // 1024} kB; raise the limit "
                           "(ulimit -v unlimited)\n"), done.stderr
    assert not (tmp_path / "o").exists()


def test_a_memory_error_after_the_folder_was_made_names_it_and_resume_completes_it(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    argv = ["montecarlo", "--trials", "20", "--chunk-size", "10", "--max-epochs", "10", "--quiet", "--out", "o"]

    def out_of_memory(study, **kwargs):  # the folder is made, then memory runs out in the first chunk
        def fail(chunk, table):
            raise MemoryError
        return run_study(study, **{**kwargs, "callback": fail})

    monkeypatch.setattr("crossbar.cli.montecarlo.run_study", out_of_memory)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("crossbar: error: not enough memory") and err.count("\n") == 1, err
    assert err.endswith("; finished chunks are saved in o: complete with --resume\n"), err
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    assert main([*argv, "--resume"]) == 0
    assert main([*argv[:-1], "whole"]) == 0
    assert np.array_equal(np.load("o/trials.npy"), np.load("whole/trials.npy"))


def test_a_network_studys_diagnosis_that_does_not_fit_leaves_the_trials_unexamined(monkeypatch):
    study = Study(trials=12, chunk_size=12, seed=3, setting=TrainingSetting(hidden=4, max_epochs=8))
    result = run_study(study, progress=False)
    assert (~result.table["converged"]).sum() > 0  # failures to replay

    def no_room(*args, **kwargs):
        raise ResourceError("training 12 networks ... needs about 1.31 MiB of memory, more than the 24 KiB available")

    monkeypatch.setattr(diagnosis, "train_networks", no_room)
    why = diagnose(result)
    assert why["failed"] == int((~result.table["converged"]).sum()) and why["examined"] == 0
    assert why["converged_examined"] == 0
    json.dumps(why)  # still the JSON-ready record the command prints
    # and it says why (stop 51 left only 'examined' 0 to show it): each kind of trial, and the memory line
    failed, converged = int((~result.table["converged"]).sum()), int(result.table["converged"].sum())
    parts = why["unexamined"].split("; ")
    assert parts[0].startswith(f"{min(failed, NETWORK_EXAMINED)} failed trials not replayed: training 12 networks")
    assert len(parts) == 1 + (converged > 0)


def test_a_diagnosis_that_replayed_every_trial_says_none_was_left(tmp_path, monkeypatch, capsys):
    why = diagnose(run_study(Study(trials=12, chunk_size=12, seed=3), progress=False))
    assert why["examined"] == why["failed"] and why["unexamined"] is None
    monkeypatch.chdir(tmp_path)
    argv = ["montecarlo", "--trials", "12", "--seed", "3", "--quiet"]
    assert main(argv) == 0
    assert "unexamined" not in capsys.readouterr().out

    def no_room(*args, **kwargs):
        raise ResourceError("training 12 crossbars ... needs about 1 MiB of memory, more than the 24 KiB available")

    monkeypatch.setattr(diagnosis, "train_batch", no_room)
    assert main(argv) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("unexamined ")]
    assert len(lines) == 1 and "failed trials not replayed: training 12 crossbars" in lines[0], lines


GIB = 2**30


@pytest.fixture
def twenty_gib(monkeypatch):
    from crossbar.studies import limits
    for module in (crossbar.resources, limits):
        monkeypatch.setattr(module, "available_memory", lambda: 20 * GIB)


def _refusal(call, *args):
    with pytest.raises(ResourceError) as caught:
        call(*args)
    return str(caught.value)


def test_fewer_workers_is_named_only_where_one_process_at_the_chunk_size_given_fits(twenty_gib):
    """C30-6: '--chunk-size 1 --workers 2' was told 'or fewer --workers'; with one process it was refused again."""
    from crossbar.studies.limits import require_study_memory
    study = Study(trials=4_000_000, chunk_size=1)
    said = _refusal(require_study_memory, study, 2)
    assert "fewer workers" not in said and "a chunk_size of 4096" in said, said
    assert "needs about" in _refusal(require_study_memory, study, None)  # what 'fewer workers' would have run
    require_study_memory(Study(trials=4_000_000, chunk_size=4096), 2)  # the fix named fits
    small = Study(trials=2000, chunk_size=1)
    assert _refusal(require_study_memory, small, 1024).endswith("or fewer workers")  # one process fits: named
    require_study_memory(small, None)


def test_fewer_points_is_named_only_where_one_point_fits(twenty_gib):
    """C30-7: a sweep whose one point does not fit was told 'sweep fewer points'; at one point 'fewer trials per
    point', with no verb."""
    from crossbar.studies.limits import require_sweep_memory
    huge = Study(trials=400_000_000)
    for points in (2, 1):
        said = _refusal(require_sweep_memory, huge, points)
        assert "fewer points" not in said and said.endswith("; run fewer trials per point"), said
    base = Study(trials=1_000_000, chunk_size=1)
    said = _refusal(require_sweep_memory, base, 3)
    assert "; sweep fewer points or fewer trials per point" in said, said
    require_sweep_memory(base, 1)  # the fix named fits


def _cli_err(capsys, argv):
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, (code, err)
    return err


def test_a_memory_estimate_that_fails_mid_run_is_the_memory_line_with_the_folder(tmp_path, monkeypatch, capsys):
    """C30-9: past the up-front estimate, the engine's own ('offsets ... needs about 1.22 MiB ...; train fewer
    crossbars at a time') reached the command line in the API's words; the API keeps them, as a RunMemoryError."""
    from crossbar.resources import RunMemoryError
    from crossbar.studies import execution

    said = "offsets (shape (10, 4, 4), as float64) needs about 1.22 MiB of memory; train fewer crossbars at a time"

    def no_room(*args):
        raise ResourceError(said)

    monkeypatch.setattr(execution, "run_chunk", no_room)
    monkeypatch.setattr("crossbar.cli.outcome.memory_text", lambda: "not enough memory for this run")
    with pytest.raises(RunMemoryError, match=r"train fewer crossbars at a time"):
        run_study(Study(trials=20, chunk_size=10), progress=False)
    monkeypatch.chdir(tmp_path)
    err = _cli_err(capsys, ["montecarlo", "--trials", "20", "--chunk-size", "10", "--quiet", "--out", "o"])
    assert err == "crossbar: error: not enough memory for this run; finished chunks are saved in o: complete with " \
                  "--resume\n", err


def test_an_executor_that_cannot_start_after_the_folder_was_made_names_the_folder(tmp_path, monkeypatch, capsys):
    """C30-3 (its Dask half) and C30-8: an unreachable scheduler left the folder unnamed, and a local cluster whose
    worker was killed while it started was 'internal error: RuntimeError: Nanny failed to start', status 1."""
    from crossbar.studies import execution
    from crossbar.studies.workers import ExecutorError

    monkeypatch.chdir(tmp_path)

    def unreachable(executor, workers):
        raise ExecutorError(f"cannot use the Dask scheduler at {executor}: Timed out trying to connect")

    monkeypatch.setattr(execution, "_make_executor", unreachable)
    err = _cli_err(capsys, ["montecarlo", "--trials", "20", "--quiet", "--dask", "tcp://127.0.0.1:1", "--out", "o"])
    assert err.endswith("Timed out trying to connect; finished chunks are saved in o: complete with --resume\n"), err

    def killed_while_starting(executor, workers):
        raise RuntimeError("Nanny failed to start.")

    monkeypatch.setattr(execution, "_make_executor", killed_while_starting)
    monkeypatch.setattr(execution._workers, "script_stops_spawned_workers", lambda: False)
    err = _cli_err(capsys, ["montecarlo", "--trials", "20", "--quiet", "--dask", "local", "--out", "l"])
    assert err == ("crossbar: error: the local Dask cluster (--dask local, API executor='local') could not start its "
                   "worker processes: Nanny failed to start (one ended while starting: killed from outside, or out of "
                   "memory); finished chunks are saved in l: complete with --resume\n"), err
    assert "internal error" not in err
