"""Study folders under attack: failed and killed writes, concurrent writers, tampering, --overwrite.

Every fault ends with nothing of ours half-written and nothing of anyone else's touched; a
resumed study ends byte-identical to an uninterrupted one.
"""

import errno
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import crossbar
from crossbar import cli
from crossbar.studies import Grid, Study, run_study, run_sweep, store
from crossbar.studies.integrity import StoreError
from crossbar.studies.lock import LOCK_NAME, FolderLock, LockedError

MIXED = crossbar.REFERENCE.replace(beta=1e8)  # about 40 % of crossbars converge
ARGV = ["montecarlo", "--preset", "reference", "--beta", "1e8", "--trials", "40", "--chunk-size", "20",
        "--seed", "5", "--table", "both", "--quiet"]


def study(**kw):
    return Study(**{"setting": MIXED, "trials": 40, "chunk_size": 20, "seed": 5, **kw})


def files(folder):
    """{relative path: bytes} of every file under a folder."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def leftovers(folder):
    return [p for p in Path(folder).rglob("*") if ".tmp-" in p.name or p.name == LOCK_NAME]


def run_cli(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The files of the uninterrupted study, and how many files it writes (each one atomically)."""
    out = tmp_path_factory.mktemp("reference") / "study"
    real, calls = os.replace, []
    try:
        os.replace = lambda src, dst: (calls.append(dst), real(src, dst))[1]
        run_study(study(), out=out, table="both")
    finally:
        os.replace = real
    assert not leftovers(out)
    return files(out), len(calls), out


def test_the_index_hashes_every_artefact(reference):
    content, writes, out = reference
    index = json.loads(content["index.json"])
    assert set(index["sha256"]) == set(content) - {"index.json"}
    assert writes == len(content) == 9  # manifest, 2 chunks, 2 tables, summary, 2 offset groups, index


# ---------------------------------------------------------------- faults at every write

@pytest.mark.parametrize("where", ["replace", "fsync"])
def test_a_failing_kth_write_leaves_nothing_behind_and_resume_is_byte_identical(reference, tmp_path, where):
    content, writes, _ = reference
    real = getattr(os, where)
    for k in range(1, writes + 1):
        out = tmp_path / f"{where}{k}"
        calls = []

        def fail(*args, k=k, calls=calls):
            calls.append(args)
            if len(calls) == k:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(*args)

        setattr(os, where, fail)
        try:
            with pytest.raises(OSError, match="No space left"):
                run_study(study(), out=out, table="both")
        finally:
            setattr(os, where, real)
        assert not leftovers(out), f"write {k}: {leftovers(out)}"
        run_study(study(), out=out, resume=True, table="both")
        assert files(out) == content, f"write {k}"


KILLER = textwrap.dedent("""
    import os, signal, sys
    real, calls = os.replace, []
    def replace(src, dst):
        calls.append(dst)
        if len(calls) == int(sys.argv[1]):
            os.kill(os.getpid(), signal.SIGKILL)  # the temporary is written, not yet renamed
        return real(src, dst)
    os.replace = replace
    from crossbar import cli
    sys.exit(cli.main(sys.argv[2:]))
""")


def test_a_kill_at_every_write_then_resume_is_byte_identical_and_leaves_nothing(reference, tmp_path, capsys):
    content, writes, _ = reference
    for k in range(1, writes + 1):
        out = tmp_path / f"kill{k}"
        done = subprocess.run([sys.executable, "-c", KILLER, str(k), *ARGV, "--out", str(out)],
                              capture_output=True, text=True)
        assert done.returncode == -signal.SIGKILL, done.stderr
        assert any(".tmp-" in p.name for p in out.rglob("*")), f"write {k}: the kill left no temporary"
        code, _, err = run_cli(capsys, *ARGV, "--out", out, "--resume")
        assert code == 0, err
        assert files(out) == content, f"write {k}"  # no temporary, no lock file, the same bytes


# ---------------------------------------------------------------- concurrent writers

def test_a_second_writer_is_refused_in_one_line(tmp_path, capsys):
    out = tmp_path / "study"
    with pytest.raises(KeyboardInterrupt):  # a first run stopped midway, its folder kept
        run_study(study(), out=out, callback=lambda c, t: (_ for _ in ()).throw(KeyboardInterrupt))
    with FolderLock(out):  # another run holds the folder
        with pytest.raises(LockedError, match="another crossbar run is writing this folder"):
            run_study(study(), out=out, resume=True)
        code, out_text, err = run_cli(capsys, *ARGV, "--out", out, "--resume")
        assert code == 2 and out_text == "" and err.count("\n") == 1 and "another crossbar run" in err
        with pytest.raises(StoreError, match="another crossbar run is writing this study"):
            store.load_study(out)
    run_study(study(), out=out, resume=True)
    assert not (out / LOCK_NAME).exists()


HOLDER = textwrap.dedent("""
    import sys, time
    from crossbar.studies.lock import FolderLock
    with FolderLock(sys.argv[1]):
        print("locked", flush=True)
        time.sleep(60)
""")


def test_a_writer_in_another_process_is_refused_and_its_kill_frees_the_folder(tmp_path, capsys):
    out = tmp_path / "study"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        code, _, err = run_cli(capsys, *ARGV, "--out", out)
        assert code == 2 and err.count("\n") == 1 and "another crossbar run is writing this folder" in err
    finally:
        holder.kill()
        holder.wait()
    assert (out / LOCK_NAME).exists()  # left by the killed holder, and no obstacle:
    assert run_cli(capsys, *ARGV, "--out", out)[0] == 0
    assert not (out / LOCK_NAME).exists()


# ---------------------------------------------------------------- --overwrite and temporaries

def test_overwrite_spares_folders_it_did_not_write(tmp_path, capsys, monkeypatch):
    precious = tmp_path / "project"
    precious.mkdir()
    (precious / "manifest.json").write_text('{"name": "my project"}')
    (precious / "thesis.tex").write_text("precious")
    code, _, err = run_cli(capsys, *ARGV, "--out", precious, "--overwrite")
    assert code == 2 and "format is None, expected 'crossbar-montecarlo-study/1'" in err
    study_dir = tmp_path / "study"
    run_study(study(), out=study_dir)
    (study_dir / "chunks" / "my-notes.txt").write_text("mine")
    before = files(study_dir)
    code, _, err = run_cli(capsys, *ARGV, "--out", study_dir, "--overwrite")
    assert code == 2 and "my-notes.txt: unexpected file" in err and "neither reads nor deletes" in err
    assert files(study_dir) == before  # nothing removed, not even our own files
    link = tmp_path / "link"
    link.symlink_to(study_dir)
    code, _, err = run_cli(capsys, *ARGV, "--out", link, "--overwrite")
    assert code == 2 and "is a symbolic link" in err and files(study_dir) == before
    (study_dir / "chunks" / "my-notes.txt").unlink()
    for place in (study_dir, study_dir / "chunks"):  # the current directory, or inside it
        monkeypatch.chdir(place)
        code, _, err = run_cli(capsys, *ARGV, "--out", study_dir, "--overwrite")
        assert code == 2 and "the current directory, a home directory or a parent of one" in err
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(study_dir))
    code, _, err = run_cli(capsys, *ARGV, "--out", study_dir, "--overwrite")
    assert code == 2 and "a home directory" in err
    assert set(files(study_dir)) == set(before) - {"chunks/my-notes.txt"}


def test_overwrite_replaces_our_study_and_only_it(tmp_path, reference):
    out = tmp_path / "study"
    run_study(study(seed=9, trials=60), out=out, table="csv")
    (out / ".trials.csv.tmp-77").write_bytes(b"half")  # a killed run's temporary: ours
    run_study(study(), out=out, overwrite=True, table="both")
    assert files(out) == reference[0]


def test_resume_removes_our_temporaries_everywhere_and_no_one_elses(tmp_path):
    out = tmp_path / "study"
    run_study(study(), out=out)
    ours = [out / ".summary.json.tmp-3", out / "chunks" / ".chunk_000001-0123456789abcdef.npy.tmp-3",
            out / "offsets" / ".converged.npy.tmp-12"]
    for p in ours:
        p.write_bytes(b"half")
    run_study(study(), out=out, resume=True)
    assert not any(p.exists() for p in ours)
    theirs = out / "offsets" / ".notes.tmp-12"
    theirs.write_text("mine")
    with pytest.raises(StoreError, match=r"\.notes\.tmp-12: unexpected file"):
        run_study(study(), out=out, resume=True)
    assert theirs.read_text() == "mine"


def test_overwrite_of_a_sweep_spares_a_foreign_file_in_a_point(tmp_path):
    out = tmp_path / "sweep"
    base, grid = study(trials=20), Grid(beta=[1e7, 1e8])
    run_sweep(base, grid, out=out)
    (out / "points" / "point_0001" / "plot.png").write_bytes(b"mine")
    with pytest.raises(StoreError, match="plot.png: unexpected file"):
        run_sweep(base, grid, out=out, overwrite=True)
    assert (out / "points" / "point_0001" / "plot.png").read_bytes() == b"mine"
    assert (out / "sweep.csv").is_file()


# ---------------------------------------------------------------- tampering

@pytest.fixture
def complete(tmp_path, reference):
    out = tmp_path / "study"
    for name, data in reference[0].items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    return out


def _edit_json(path, change):
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


def test_edited_manifest_parameters_are_found(complete, capsys):
    _edit_json(complete / "manifest.json", lambda m: m["study"]["setting"].update(beta=2e8))
    for argv in (["train", "--from", complete, "--trial", 3], [*ARGV, "--out", complete, "--resume"]):
        code, _, err = run_cli(capsys, *argv)
        assert code == 2 and "study id does not match its parameters" in err and err.count("\n") == 1
    with pytest.raises(StoreError, match="study id does not match its parameters"):
        store.load_study(complete)


def test_a_consistently_forged_manifest_is_found_by_the_chunks_and_the_index(complete, capsys):
    def forge(m):
        m["study"]["setting"]["beta"] = 2e8
        m["study_id"] = store._study_id(m["study"])
    _edit_json(complete / "manifest.json", forge)
    code, _, err = run_cli(capsys, "train", "--from", complete, "--trial", 3)
    assert code == 2 and "index.json: belongs to study_id" in err
    with pytest.raises(StoreError, match="damaged or belongs to another study|index.json: belongs to"):
        store.load_study(complete)


@pytest.mark.parametrize("name", ["offsets/converged.npy", "offsets/not_converged.npy"])
def test_changed_offsets_are_not_replayed(complete, capsys, name):
    data = bytearray((complete / name).read_bytes())
    data[-2] ^= 0x01  # one bit of one offset
    (complete / name).write_bytes(bytes(data))
    code, _, err = run_cli(capsys, "train", "--from", complete, "--trial", 0)
    assert code == 2 and f"{name}: content does not match its SHA-256 in index.json" in err


@pytest.mark.parametrize("name", ["trials.npy", "trials.csv", "summary.json", "manifest.json"])
def test_a_changed_artefact_is_reported_by_load_and_resume(complete, name):
    with open(complete / name, "ab") as fh:
        fh.write(b" ")
    with pytest.raises(StoreError, match=f"{name}: content does not match its SHA-256"):
        store.load_study(complete)
    with pytest.raises(StoreError, match=f"{name}: content does not match its SHA-256"):
        run_study(study(), out=complete, resume=True, table="both")
    if name == "manifest.json":
        return  # the message says: restore it, or start again with --overwrite
    (complete / name).unlink()  # as the message says: delete it and resume
    run_study(study(), out=complete, resume=True, table="both")
    store.load_study(complete)


def test_without_its_index_a_study_is_replayed_from_its_chunks_only_while_every_chunk_is_saved(complete, capsys,
                                                                                                 reference):
    """train --from refused a folder without its index that load_study read from its chunks (probe 31c, C31-7):
    each chunk is verified by its name's hash, and a study whose every chunk is saved is complete."""
    (complete / "index.json").unlink()
    code, _, err = run_cli(capsys, "train", "--from", complete, "--trial", 1)
    assert code == 0, err
    next((complete / "chunks").glob("chunk_000000-*.npy")).unlink()
    code, _, err = run_cli(capsys, "train", "--from", complete, "--trial", 1)
    assert code == 2 and "no index.json" in err
    run_study(study(), out=complete, resume=True, table="both")
    assert files(complete) == reference[0]


def test_edited_index_and_derived_fields_are_refused(complete):
    _edit_json(complete / "index.json", lambda i: i["sha256"].update({"../../etc/passwd": "0" * 64}))
    with pytest.raises(StoreError, match="outside the folder"):
        store.load_study(complete)
    (complete / "index.json").unlink()
    _edit_json(complete / "manifest.json", lambda m: m.update(n_chunks=1))
    with pytest.raises(StoreError, match="n_chunks is 1, its study gives 2"):
        store.load_study(complete)


def test_chunks_folder_missing_or_replaced(complete, reference, capsys):
    for p in (complete / "chunks").iterdir():
        p.unlink()
    (complete / "chunks").rmdir()
    (complete / "index.json").unlink()
    assert run_cli(capsys, *ARGV, "--out", complete, "--resume")[0] == 0  # recomputed
    assert files(complete) == reference[0]
    for p in (complete / "chunks").iterdir():
        p.unlink()
    (complete / "chunks").rmdir()
    (complete / "chunks").write_text("not a folder")
    code, _, err = run_cli(capsys, *ARGV, "--out", complete, "--resume")
    assert code == 2 and err.count("\n") == 1 and "chunks: expected a folder written by crossbar, found a file" in err


def test_a_sweep_table_changed_after_the_run_is_reported(tmp_path):
    out = tmp_path / "sweep"
    run_sweep(study(trials=20), Grid(beta=[1e7, 1e8]), out=out)
    store.load_sweep(out)
    text = (out / "sweep.csv").read_text().replace(",0.", ",9.", 1)
    (out / "sweep.csv").write_text(text)
    with pytest.raises(StoreError, match="sweep.csv: content does not match its SHA-256"):
        store.load_sweep(out)


def test_summary_json_is_strict_when_nothing_converges(tmp_path):
    out = tmp_path / "study"
    run_study(study(setting=crossbar.REFERENCE.replace(max_epochs=1)), out=out)  # none of 40 converges (seed 5)
    summary = json.loads((out / "summary.json").read_text(),
                         parse_constant=lambda c: pytest.fail(f"{c} in summary.json"))
    assert summary["converged"] == 0 and summary["epochs_mean"] is None
    np.testing.assert_equal(store.load_study(out).summary().epochs_mean, np.nan)


@pytest.mark.parametrize("name", ["trials.npy", "trials.csv"])
def test_without_its_index_an_edited_table_is_not_read(complete, name):
    """Issue 20, point 7: read_table trusted whatever table it found once index.json was gone."""
    (complete / "index.json").unlink()
    other = "trials.csv" if name == "trials.npy" else "trials.npy"
    (complete / other).unlink()
    if name == "trials.csv":  # an edit that reads back fine: a failed trial made to converge
        text = (complete / name).read_text().splitlines()
        text[1] = text[1].replace(",0,", ",1,", 1)
        (complete / name).write_text("\n".join(text) + "\n")
    with pytest.raises(StoreError, match=f"no index.json, so {name} cannot be checked"):
        store.read_table(complete)
    run_study(study(), out=complete, resume=True, table="both")  # resume writes the index again
    assert set(store.read_table(complete)) >= {"trial", "converged"}


# ---------------------------------------------------------------- refused before anything is written

@pytest.mark.parametrize("change, message", [
    ({"setting": crossbar.DEFAULT.replace(rule="batch+fixed")}, "device 'default_device' has no depression branch"),
    ({"setting": crossbar.DEFAULT.replace(rule="batch+two-way")}, "device 'default_device' has no depression branch"),
    ({"setting": crossbar.NETWORK.replace(hidden=4, max_epochs=1),
      "offsets": crossbar.FixedOffsets(np.full((4, 4), 3e-8))}, "a fixed offset matrix fits one crossbar only"),
    ({"offsets": crossbar.FixedOffsets(np.full((3, 3), 3e-8))}, "Study.offsets = 'a matrix of shape (3, 3)': "
                                                                "expected shape (4, 4)"),
    ({"setting": crossbar.DEFAULT.replace(beta=5e-324),
      "device": crossbar.DeviceCurve(crossbar.default_device().conductance * 1e4)}, "setting.beta = 5e-324"),
])
def test_a_study_the_device_cannot_run_writes_nothing(tmp_path, change, message):
    out = tmp_path / "study"
    with pytest.raises(ValueError, match=re.escape(message)):
        run_study(study(**change), out=out)
    assert not out.exists()
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match=re.escape(message)):
        run_study(study(**change), out=out, overwrite=True)
    assert files(out) == {"notes.txt": b"mine"}


def test_an_output_folder_under_a_file_is_refused_naming_the_file(tmp_path):
    (tmp_path / "afile").write_text("the user's")
    for out in (tmp_path / "afile" / "sub", tmp_path / "afile" / "a" / "b"):
        with pytest.raises(StoreError, match=rf"out = {re.escape(repr(str(out)))}: cannot be made, "
                                             rf"{re.escape(str(tmp_path / 'afile'))} is a file, not a folder"):
            run_study(study(), out)  # was the system's bare "Not a directory"
    assert (tmp_path / "afile").read_text() == "the user's"


# ------------------------------------------------------------------ the writers write only what the readers read (probe 4, C18)

CURVE = 1e-6 + 9e-6 * (1 - np.exp(-np.arange(50) / 15))  # S


@pytest.mark.parametrize("offsets, error, message", [
    (np.full((4, 4), np.nan), ValueError, "offsets: offsets must be finite numbers (siemens)"),
    (np.full((4, 4), 2.0), ValueError, "offsets: offset 2 S (row 1, column 1) is beyond 1 S in magnitude"),
    ("abc", TypeError, "offsets must be an (N, C) matrix of offsets in siemens, got str"),
    (np.full((4, 4), 1e-8 + 1e-9j), TypeError, "got complex values"),
])
def test_write_offsets_refuses_what_read_offset_matrix_refuses(tmp_path, offsets, error, message):
    """A NaN matrix was written for the reader to refuse; 'abc' ended in numpy's float() error."""
    with pytest.raises(error, match=re.escape(message)):
        crossbar.devices.write_offsets(tmp_path / "offsets.csv", offsets)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name, message", [
    (".", "path '.' is a directory: expected the path of the file to write"),
    ("nodir/x.csv", "path '{tmp}/nodir/x.csv' cannot be written (No such file or directory)"),
])
def test_the_writers_name_a_path_they_cannot_write(tmp_path, name, message):
    """Raw IsADirectoryError / FileNotFoundError from numpy before; nothing half-written after."""
    path = name if name == "." else tmp_path / name
    for write in (lambda: crossbar.devices.write_offsets(path, np.full((4, 4), 1e-8)),
                  lambda: crossbar.devices.write_pulse_train(path, CURVE)):
        with pytest.raises(ValueError, match=re.escape(message.format(tmp=tmp_path))):
            write()
    with pytest.raises(TypeError, match="^path must be a file path \\(str or Path\\), got NoneType$"):
        crossbar.devices.write_offsets(None, np.full((4, 4), 1e-8))


@pytest.mark.parametrize("options, error, message", [
    (dict(read_voltage=0), ValueError, "read_voltage = 0: expected a nonzero read voltage, |V| <= 1000"),
    (dict(temperature=-5), ValueError, "temperature = -5: expected a temperature > 0 K"),
    (dict(pulse_width=0), ValueError, "pulse_width = 0: expected a pulse width > 0 and at most 1e6 ms"),
    (dict(pulse_voltage=0.0), ValueError, "pulse_voltage = 0.0: expected a nonzero pulse voltage, |V| <= 1000"),
    (dict(read_voltage="x"), TypeError, "read_voltage = 'x': expected a number, got str"),
    (dict(conductance=CURVE * 1e6), ValueError, "conductance must be a 1-D curve of at least 2 points in the "
                                                "physical range 1e-15 ... 1 S"),
])
def test_write_pulse_train_refuses_what_load_device_refuses(tmp_path, options, error, message):
    """Files with a read at 0 V, -5 K or a pulse of no width were written for load_device to refuse."""
    path = tmp_path / "train.txt"
    curve = options.pop("conductance", CURVE)
    with pytest.raises(error, match=re.escape(message)):
        crossbar.devices.write_pulse_train(path, curve, **options)
    assert list(tmp_path.iterdir()) == []


def test_what_the_writers_write_the_readers_read(tmp_path):
    offsets = np.arange(1, 17).reshape(4, 4) * -1e-9  # negative: the reader's range, refused where K is known
    path = crossbar.devices.write_offsets(tmp_path / "o.csv", offsets)
    np.testing.assert_array_equal(crossbar.devices.read_offset_matrix(path, (4, 4)), offsets)
    crossbar.devices.write_pulse_train(tmp_path / "t.txt", CURVE, depression=CURVE[::-1], pulse_width=2e-3)
    device = crossbar.load_device(tmp_path / "t.txt")
    assert device.two_way and device.metadata["pulse_width"] == 2e-3
    np.testing.assert_allclose(device.conductance, CURVE, rtol=1e-14)
