"""Probe 12c's findings on the command line, the lab and the study loaders (issue 20): `train --shifts FILE --gain K`
was judged by the default offset distribution, not the file (a valid run refused naming --offset-range, a missing
file never named); the lab took a password, after which Jupyter makes no token, and refused only after the kernel
install; an --out that is a dangling symbolic link or a loop of links said "File exists"; load_study('') and
load_sweep('') read the current folder, or said ": no manifest.json"."""

import json
from pathlib import Path

import numpy as np
import pytest

import crossbar as cb
from crossbar.studies import store
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

ROOT = Path(__file__).resolve().parents[1]

# P1. train --shifts FILE --gain K: the file's offsets are held to the range, not the default distribution's


@pytest.fixture(scope="module")
def shifts(tmp_path_factory):
    d = tmp_path_factory.mktemp("shifts")
    for name, value in (("tiny", 1e-10), ("ok", 5e-8), ("big", 5e-2)):
        np.save(d / f"sh_{name}.npy", np.full((4, 4), value))
    return d


@pytest.mark.parametrize("units", [[], ["--units", "absolute"]])
def test_a_file_of_small_offsets_trains_at_a_gain_the_default_range_would_refuse(shifts, units):
    """It was refused: '--offset-range HI = 1e-07 S: at --gain K = 8e+06 ... reaches G = 1.404 S', an option --shifts
    refuses; the API trains the same offsets, physical, highest G 0.253 S (8e6 x (1e-10 S + the curve's rise))."""
    done = crossbar_cli("train", "--shifts", "sh_tiny.npy", "--gain", "8e6", "--max-epochs", "5", "--json", *units,
                        cwd=shifts)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    record = json.loads(done.stdout)
    assert record["physical"] is True and record["shifts"] == np.full((4, 4), 1e-10).tolist()
    api = cb.train(cb.default_device(), cb.TrainingSetting(gain=8e6, max_epochs=5),
                   offsets=cb.FixedOffsets(np.full((4, 4), 1e-10)))
    assert np.array(record["conductance"]).max() == pytest.approx(0.25301288724236426, rel=1e-12)
    assert np.array_equal(np.array(record["conductance"]), api.conductance)


def test_a_file_of_large_offsets_trains_at_a_small_gain(shifts):
    """It was refused naming '--offset-range LO = 1e-08 S: at --gain K = 1e-08 a device starts at G = 1e-16 S';
    5e-2 S x 1e-8 = 5e-10 S is in range."""
    done = crossbar_cli("train", "--shifts", "sh_big.npy", "--gain", "1e-8", "--max-epochs", "5", "--json",
                        cwd=shifts)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    record = json.loads(done.stdout)
    assert record["physical"] is True
    assert np.array(record["conductance"]).min() == pytest.approx(5e-10, rel=1e-12)


def test_a_shifts_run_records_its_noise_seed_and_trial(shifts):
    """With --shifts the JSON's parameters kept only the file's name: a run with --c2c 0.05 --seed 4 --trial 3 did
    not record the noise, the seed or the trial that keyed it, so it could not be replayed from its record."""
    done = crossbar_cli("train", "--shifts", "sh_tiny.npy", "--c2c", "0.05", "--seed", "4", "--trial", "3",
                        "--max-epochs", "5", "--json", cwd=shifts)
    assert done.returncode == 0, done.stderr
    parameters = json.loads(done.stdout)["parameters"]
    assert (parameters["seed"], parameters["trial"], parameters["shifts_file"]) == (4, 3, "sh_tiny.npy")
    assert parameters["nonideal"]["c2c"] == 0.05
    quiet = json.loads(crossbar_cli("train", "--shifts", "sh_tiny.npy", "--max-epochs", "5", "--json",
                                    cwd=shifts).stdout)["parameters"]
    assert "seed" not in quiet and "trial" not in quiet and "nonideal" not in quiet  # nothing drawn: nothing keyed


def test_a_missing_shifts_file_is_named_before_the_gain_is_judged(shifts):
    """It said '--offset-range HI = 1e-07 S: at --gain K = 1e+07 ...' and never named the missing file."""
    assert_one_line_error(crossbar_cli("train", "--shifts", "nonexist.npy", "--gain", "1e7", "--max-epochs", "5",
                                       cwd=shifts), "crossbar: error: nonexist.npy: no such file\n")


def test_a_gain_that_takes_the_files_offsets_out_of_range_names_gain_the_file_and_the_element(shifts):
    """It was refused, rightly, but naming '--offset-range HI = 1e-07 S' (G = 1.755 S) where the file's 5e-8 S reach
    1.255 S. Without --shifts the default range is still what is judged."""
    done = crossbar_cli("train", "--shifts", "sh_ok.npy", "--gain", "1e7", "--max-epochs", "5", cwd=shifts)
    assert_one_line_error(done, "crossbar: error: --shifts sh_ok.npy: the offset matrix[0, 0] = 5e-08 S: at --gain "
                                "K = 1e+07 a device pulsed to the top of its curve, reaches G = 1.255 S, outside the "
                                "physical range 1e-15 ... 1 S; at --gain K = 1 these offsets are in range: expected a "
                                "smaller --gain (or other offsets)\n")
    plain = crossbar_cli("train", "--gain", "1e7", "--max-epochs", "5", cwd=shifts)
    assert_one_line_error(plain, "crossbar: error: --offset-range HI = 1e-07 S: at --gain K = 1e+07 a device pulsed "
                                 "to the top of its curve, reaches G = 1.755 S")


def test_a_refused_file_offset_says_what_the_file_holds_and_the_scale_factor(shifts):
    """In relative units on a device of another window the devices get r x the file's offsets: the element's value
    in the file, r and the product are all named."""
    done = crossbar_cli("train", "--device", ROOT / "data" / "example_reram_cycles.csv", "--read-voltage", "0.1",
                        "--shifts", "sh_ok.npy", "--gain", "1e7", cwd=shifts)
    assert_one_line_error(done, "crossbar: error: --shifts sh_ok.npy: the offset matrix[0, 0] = 5e-08 S x r = "
                                "10039.8 (relative units) = 0.000502 S: at --gain K = 1e+07 a device starts at "
                                "G = 5020 S")


# L2. the lab: a password (or a required one) turns off the token


@pytest.fixture
def lab(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import lab

    def install_kernel():
        raise AssertionError("the kernel was installed before the command line was checked")

    monkeypatch.setattr(lab, "install_kernel", install_kernel)
    return lab


@pytest.mark.parametrize("argv", [["--ServerApp.password=x"], ["--ServerApp.password", "x"],
                                  ["--NotebookApp.password=x"], ["--IdentityProvider.hashed_password=x"],
                                  ["--PasswordIdentityProvider.hashed_password=sha1:ab:cd"]])
def test_the_lab_refuses_a_password_before_the_kernel_install(lab, capsys, argv):
    """It installed the kernel, logged 12 lines, then said 'a Jupyter configuration file sets an empty one'."""
    assert lab.main(argv) == 2
    err = capsys.readouterr().err
    shown = "=".join(argv) if len(argv) == 2 else argv[0]
    assert err == (f"lab: {shown}: a password turns off the token (Jupyter makes none when one is set), and the lab "
                   "logs in with a token; drop the option (a token is made for you)\n"), err


@pytest.mark.parametrize("argv", [["--ServerApp.password_required=True"],
                                  ["--PasswordIdentityProvider.password_required=1"]])
def test_the_lab_refuses_a_required_password_before_the_kernel_install(lab, capsys, argv):
    """The server stopped after the kernel install: 'cannot start JupyterLab: its log above says why'."""
    assert lab.main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"lab: {argv[0]}: the lab logs in with a token, and a required "
                                                   "password replaces it"), err
    # what leaves Jupyter's token: an empty password, a password not required, another class's section
    for given in (["--ServerApp.password="], ["--ServerApp.password_required=False"],
                  ["--LegacyIdentityProvider.hashed_password=x"], ["--ServerApp.token=abc"]):
        assert lab.token_problem(given) is None, given


# M2. --out a dangling symbolic link or a loop of links


@pytest.fixture
def links(tmp_path):
    (tmp_path / "dang").symlink_to(tmp_path / "nonexistent_q")
    (tmp_path / "loop").symlink_to("loop")
    return tmp_path


RUN = {"montecarlo": ["montecarlo", "--quiet", "--trials", "20", "--max-epochs", "5"],
       "sweep": ["sweep", "--quiet", "--beta", "5e7", "6e7", "--trials", "20", "--max-epochs", "5"]}


@pytest.mark.parametrize("command", sorted(RUN))
@pytest.mark.parametrize("out, why", [
    ("dang", "is a symbolic link to a missing folder ({0}/nonexistent_q)"),
    ("loop", "is a loop of symbolic links"),
    ("dang/sub", "dang (a folder above it) is a symbolic link to a missing folder ({0}/nonexistent_q)"),
])
def test_an_out_that_is_a_dead_link_is_named_as_one(links, command, out, why):
    """It said '--out dang: the folder cannot be made or written: File exists', where nothing exists."""
    done = crossbar_cli(*RUN[command], "--out", out, cwd=links)
    assert_one_line_error(done, f"crossbar: error: --out {out}: {why.format(links)}; expected a writable folder\n")
    assert sorted(p.name for p in links.iterdir()) == ["dang", "loop"]  # nothing written, no target made


def test_run_study_names_out_for_a_dead_link(links):
    """It was a FolderError with the system's 'File exists'."""
    for out, why in ((links / "dang", f"is a symbolic link to a missing folder ({links}/nonexistent_q)"),
                     (links / "loop", "is a loop of symbolic links")):
        with pytest.raises(store.StoreError) as caught:
            cb.run_study(cb.Study(trials=5, setting=cb.DEFAULT.replace(max_epochs=5)), out=out, progress=False)
        assert str(caught.value) == f"out = {str(out)!r}: {why}; expected a writable folder"
    assert sorted(p.name for p in links.iterdir()) == ["dang", "loop"]


# M3. load_study('') and load_sweep('')


@pytest.mark.parametrize("load, what", [(cb.load_study, "study"), (cb.load_sweep, "sweep"),
                                        (store.read_table, "study")])
@pytest.mark.parametrize("path", ["", "  "])
def test_the_loaders_refuse_an_empty_path_naming_it(tmp_path, monkeypatch, load, what, path):
    """They read the current folder (a study there loaded with path ''), or said ': no manifest.json; not a crossbar
    Monte Carlo study folder'; the command line refuses --from '' as empty."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError) as caught:
        load(path)
    assert str(caught.value) == f"path = {path!r}: is empty; expected the folder of a saved {what}"


@pytest.mark.parametrize("command", [["montecarlo"], ["sweep", "--c2c", "0", "0.01"]])
@pytest.mark.parametrize("out, why", [("afile", "exists and is not a folder"),
                                      ("afile/sub", "cannot be made, afile is a file, not a folder")])
def test_an_out_that_is_a_file_names_the_option(tmp_path, command, out, why):
    """It said 'afile: exists and is not a folder', naming neither --out nor what was expected."""
    (tmp_path / "afile").write_text("the user's\n")
    done = crossbar_cli(*command, "--quiet", "--trials", "5", "--max-epochs", "5", "--out", out, cwd=tmp_path)
    assert_one_line_error(done, f"crossbar: error: --out {out}: {why}; expected a writable folder\n")
    assert (tmp_path / "afile").read_text() == "the user's\n" and sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


@pytest.mark.parametrize("name", ["afile", "it's", 'say "x"'])
def test_run_study_names_out_for_a_file_and_the_command_line_reads_it_as_the_option(tmp_path, name):
    """The API said '<path>: exists and is not a folder', naming no argument, so the command line repeated the check
    to name --out; now the API names out = '...' (quotes and all) and the error line reads it as --out."""
    (tmp_path / name).write_text("the user's\n")
    for out, why in ((tmp_path / name, "exists and is not a folder"),
                     (tmp_path / name / "sub", f"cannot be made, {tmp_path / name} is a file, not a folder")):
        with pytest.raises(store.StoreError) as caught:
            cb.run_study(cb.Study(trials=5, setting=cb.DEFAULT.replace(max_epochs=5)), out=out, progress=False)
        assert str(caught.value) == f"out = {str(out)!r}: {why}; expected a writable folder"
    done = crossbar_cli("montecarlo", "--quiet", "--trials", "5", "--max-epochs", "5", "--out", f"{name}/sub",
                        cwd=tmp_path)
    assert_one_line_error(done, f"crossbar: error: --out {name}/sub: cannot be made, {name} is a file, not a folder; "
                                "expected a writable folder\n")
    assert (tmp_path / name).read_text() == "the user's\n" and [p.name for p in tmp_path.iterdir()] == [name]
