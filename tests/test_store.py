"""Study folders: atomic chunks, resume byte-identical, damage and foreign files detected, replay."""

import json
import os
from pathlib import Path

import numpy as np
import pytest

import crossbar
from crossbar import cli
from crossbar.studies import Study, run_study
from crossbar.studies import store
from crossbar.studies.store import StoreError, load_study, read_offsets

MIXED = crossbar.REFERENCE.replace(beta=1e8)  # about 40 % of crossbars converge


def study(**kw):
    return Study(**{"setting": MIXED, "trials": 100, "chunk_size": 20, "seed": 5, **kw})


class Killed(Exception):
    pass


def kill_after(n):
    """A callback that interrupts a run after n chunks are saved, as a kill would."""
    done = []

    def callback(chunk, table):
        done.append(chunk)
        if len(done) == n:
            raise Killed

    callback.done = done
    return callback


def files(folder):
    """{relative path: bytes} of every file under a folder."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def complete(tmp_path_factory):
    out = tmp_path_factory.mktemp("complete") / "study"
    result = run_study(study(), out=out, table="both")
    return out, result


def test_layout_and_manifest(complete):
    out, result = complete
    names = set(files(out))
    assert {"manifest.json", "trials.npy", "trials.csv", "summary.json", "offsets/converged.npy",
            "offsets/not_converged.npy"} <= names
    assert sum(n.startswith("chunks/chunk_") for n in names) == 5
    manifest = json.loads((out / "manifest.json").read_text())
    s = manifest["study"]
    assert s["seed"] == 5 and s["trials"] == 100 and s["setting"]["beta"] == 1e8
    assert s["device"]["sha256"] == crossbar.default_device().sha256 and s["device"]["default"]
    assert s["offsets"] == crossbar.REFERENCE_OFFSETS.describe()
    assert manifest["versions"]["numpy"] == np.__version__
    assert not [n for n in os.listdir(out / "chunks") if n.startswith(".")]  # no temporaries left


def test_saved_study_loads_back_identical(complete):
    out, result = complete
    assert load_study(out).table.tobytes() == result.table.tobytes()
    lines = (out / "trials.csv").read_text().splitlines()
    assert lines[0].startswith("trial,converged,epochs,total_error")
    assert len(lines) == 101
    row = lines[1 + 42].split(",")
    assert int(row[0]) == 42 and float(row[3]) == result.total_error[42]  # floats written exactly


def test_binary_and_csv_tables_hold_the_same_columns(complete):
    out, result = complete
    binary = np.load(out / "trials.npy")
    assert list(binary.dtype.names) == list(result.columns())
    for name, column in result.columns().items():
        np.testing.assert_array_equal(binary[name], column)
    csv = store.read_table(out)  # prefers trials.npy; read the CSV on its own as well
    (out / "trials.npy").rename(out / "trials.npy.aside")
    try:
        text = store.read_table(out)
    finally:
        (out / "trials.npy.aside").rename(out / "trials.npy")
    for name, column in result.columns().items():
        np.testing.assert_array_equal(text[name], column)
        np.testing.assert_array_equal(csv[name], column)


def test_default_table_is_binary_only(tmp_path):
    run_study(study().replace(trials=20, chunk_size=20), out=tmp_path / "s")
    assert (tmp_path / "s" / "trials.npy").is_file() and not (tmp_path / "s" / "trials.csv").exists()
    with pytest.raises(ValueError, match="table = 'xlsx'"):
        run_study(study(), table="xlsx")


def test_offsets_grouped_by_outcome(complete):
    out, result = complete
    conv = np.load(out / "offsets" / "converged.npy")
    fail = np.load(out / "offsets" / "not_converged.npy")
    np.testing.assert_array_equal(conv["trial"], result.trial[result.converged])
    np.testing.assert_array_equal(fail["trial"], result.trial[~result.converged])
    np.testing.assert_array_equal(fail["offsets"], result.offsets[~result.converged])
    k = int(result.trial[result.converged][0])
    matrix, converged = read_offsets(out, k)
    assert converged and np.array_equal(matrix, result.offsets[k])


def test_resume_after_kill_is_byte_identical(complete, tmp_path):
    out, _ = complete
    part = tmp_path / "study"
    with pytest.raises(Killed):
        run_study(study(), out=part, callback=kill_after(2))
    assert len(os.listdir(part / "chunks")) == 2 and not (part / "trials.npy").exists()
    # A kill between writing and renaming leaves a temporary: it must not count.
    (part / "chunks" / ".chunk_000004-0123456789abcdef.npy.tmp-999").write_bytes(b"half")
    with pytest.raises(StoreError, match="output folder exists"):
        run_study(study(), out=part)
    again = kill_after(0)
    run_study(study(), out=part, resume=True, callback=again, table="both")
    assert sorted(again.done) == [2, 3, 4]  # finished chunks were not recomputed
    assert files(part) == files(out)


def test_resume_of_a_complete_study_recomputes_nothing(complete, tmp_path):
    out, _ = complete
    calls = kill_after(0)
    run_study(study(), out=out, resume=True, callback=calls)
    assert calls.done == []


def test_damaged_chunk_is_reported(tmp_path):
    out = tmp_path / "study"
    with pytest.raises(Killed):
        run_study(study(), out=out, callback=kill_after(2))
    chunk = sorted((out / "chunks").iterdir())[0]
    data = bytearray(chunk.read_bytes())
    data[-3] ^= 0xFF  # flip one byte of the last row
    chunk.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=rf"{chunk.name}: content does not match its hash"):
        run_study(study(), out=out, resume=True)


def test_chunk_from_another_study_is_rejected(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    with pytest.raises(Killed):
        run_study(study(), out=a, callback=kill_after(1))
    with pytest.raises(Killed):
        run_study(study(seed=6), out=b, callback=kill_after(1))
    for f in (a / "chunks").iterdir():
        f.unlink()
    for f in (b / "chunks").iterdir():  # same chunk number, other seed
        (a / "chunks" / f.name).write_bytes(f.read_bytes())
    with pytest.raises(StoreError, match="damaged or belongs to another study"):
        run_study(study(), out=a, resume=True)


@pytest.mark.parametrize("where", [".", "chunks", "offsets"])
def test_foreign_file_is_reported(complete, tmp_path, where):
    out = tmp_path / "study"
    run_study(study(trials=20), out=out)
    (out / where / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="notes.txt: unexpected file"):
        run_study(study(trials=20), out=out, resume=True)
    with pytest.raises(StoreError, match="notes.txt: unexpected file"):
        load_study(out)


def test_resume_with_a_different_study_is_refused(tmp_path):
    out = tmp_path / "study"
    run_study(study(trials=20), out=out)
    with pytest.raises(StoreError, match=r"different study \(setting.beta"):
        run_study(study(trials=20, setting=MIXED.replace(beta=2e8)), out=out, resume=True)


def test_overwrite_replaces_a_study_but_not_a_foreign_folder(tmp_path):
    out = tmp_path / "study"
    run_study(study(trials=20), out=out)
    result = run_study(study(trials=20, seed=9), out=out, overwrite=True)
    assert load_study(out).table.tobytes() == result.table.tobytes()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("precious")
    with pytest.raises(StoreError, match="refusing to overwrite"):
        run_study(study(trials=20), out=mine, overwrite=True)
    assert (mine / "thesis.tex").read_text() == "precious"


def test_incomplete_study_cannot_be_loaded(tmp_path):
    out = tmp_path / "study"
    with pytest.raises(Killed):
        run_study(study(), out=out, callback=kill_after(1))
    with pytest.raises(StoreError, match="incomplete, 4 of 5 chunks missing"):
        load_study(out)


# ---------------------------------------------------------------- command line

def run_cli(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_montecarlo_and_exact_replay(tmp_path, capsys):
    out = tmp_path / "study"
    code, text, _ = run_cli(capsys, "montecarlo", "--trials", 60, "--chunk-size", 25, "--seed", 3,
                            "--beta", 1e8, "--out", out, "--quiet")
    assert code == 0 and "Wilson" in text and "converged" in text
    result = load_study(out)
    assert result.study.setting.beta == 1e8 and result.study.seed == 3
    picks = [int(np.flatnonzero(result.converged)[0]), int(np.flatnonzero(~result.converged)[0])]
    for k in picks:
        code, text, _ = run_cli(capsys, "train", "--from", out, "--trial", k, "--json")
        assert code == 0
        run = json.loads(text)
        assert run["converged"] == bool(result.converged[k])
        assert run["epochs"] == int(result.epochs[k])
        np.testing.assert_array_equal(run["pulse_count"], result.pulse_count[k])
        np.testing.assert_array_equal(run["conductance"], result.final_conductance[k])
        np.testing.assert_array_equal(run["shifts"], result.offsets[k])


@pytest.mark.parametrize("argv, message", [
    (["montecarlo", "--trials", "-3"], "--trials"),
    (["montecarlo", "--trials", "0"], "--trials 0"),
    (["montecarlo", "--workers", "2", "--dask", "local"], "not allowed with"),
    (["montecarlo", "--resume"], "--resume needs --out"),
    (["montecarlo", "--targets", "0.5", "0.7"], "--targets TN"),
    (["train", "--from", "/nonexistent/study", "--trial", "1"], "/nonexistent/study: no such folder, expected a "
                                                                "crossbar Monte Carlo study folder"),
    (["sweep", "--trials", "10"], "at least one grid axis"),
    (["sweep", "--beta", "1e6:1e8:x"], "START:STOP:NUM"),
    (["sweep", "--targets", "0.5,0.7"], "--targets TN = 0.7"),
])
def test_cli_errors_are_one_line_exit_2(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_cli_refuses_existing_folder_and_bad_replays(tmp_path, capsys):
    out = tmp_path / "study"
    assert run_cli(capsys, "montecarlo", "--trials", 10, "--out", out, "--quiet")[0] == 0
    code, _, err = run_cli(capsys, "montecarlo", "--trials", 10, "--out", out, "--quiet")
    assert code == 2 and "output folder exists" in err and err.count("\n") == 1
    code, _, err = run_cli(capsys, "train", "--from", out, "--trial", 10)
    assert code == 2 and "trial 10 out of range" in err
    code, _, err = run_cli(capsys, "train", "--from", out, "--trial", 1, "--beta", 1e7)
    assert code == 2 and "do not combine it with --beta" in err
    (out / "chunks" / "stray.npy").write_bytes(b"x")
    code, _, err = run_cli(capsys, "montecarlo", "--trials", 10, "--out", out, "--resume", "--quiet")
    assert code == 2 and "stray.npy: unexpected file" in err and err.count("\n") == 1
