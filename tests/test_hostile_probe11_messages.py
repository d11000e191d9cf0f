"""Probe 11c's findings in the environment, the lab and messages (issue 20): a CPU name or feature LLVM does not know
ran on with LLVM's warnings and status 0; the lab refused an empty token only after the kernel install; a memory
refusal advised a smaller chunk size that needed more; --json wrote a lone surrogate; the API's folder errors named
command-line options; a sweep said '--stuck-low + stuck_high' and ran values one rounding step apart twice."""

import dataclasses
import json
import os
import shutil
from pathlib import Path

import pytest

import crossbar as cb
from crossbar import resources
from crossbar.cli import guard, sweep as cli_sweep
from crossbar.studies import limits
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

ROOT = Path(__file__).resolve().parents[1]

# E1. NUMBA_CPU_NAME / NUMBA_CPU_FEATURES that LLVM does not know


@pytest.mark.parametrize("variable, value, message", [
    ("NUMBA_CPU_NAME", "bogus", "NUMBA_CPU_NAME=bogus: LLVM does not know that CPU"),
    ("NUMBA_CPU_NAME", "host", "NUMBA_CPU_NAME=host: LLVM does not know that CPU"),  # numba's word, not LLVM's
    ("NUMBA_CPU_FEATURES", "+bogus", "NUMBA_CPU_FEATURES=+bogus: LLVM does not know the feature '+bogus'"),
    ("NUMBA_CPU_FEATURES", "avx2", "NUMBA_CPU_FEATURES=avx2: 'avx2' has no + or - in front"),  # an LLVM assertion
])
def test_a_cpu_llvm_does_not_know_is_one_line_naming_the_variable(tmp_path, variable, value, message):
    """It printed "'bogus' is not a recognized processor for this target (ignoring processor)" 3-6 times and
    exited 0, naming no variable."""
    done = crossbar_cli("device", "--json", env={variable: value}, cwd=tmp_path)
    assert_one_line_error(done, message)


def test_a_cpu_llvm_knows_runs_as_before(tmp_path):
    done = crossbar_cli("device", "--json", env={"NUMBA_CPU_NAME": "generic", "NUMBA_CPU_FEATURES": ""}, cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert json.loads(done.stdout)["device"]["name"] == "default_device"


# L1. the lab's empty token


@pytest.mark.parametrize("argv", [["--ServerApp.token="], ["--IdentityProvider.token="], ["--ServerApp.token", ""]])
def test_the_lab_refuses_an_empty_token_before_the_kernel_install(monkeypatch, capsys, argv):
    """It installed the kernel, then said 'a Jupyter configuration file sets an empty one', status 2."""
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import lab

    def install_kernel():
        raise AssertionError("the kernel was installed before the token was checked")

    monkeypatch.setattr(lab, "install_kernel", install_kernel)
    assert lab.main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"lab: {argv[0].rstrip('=')}=: an empty token turns off"), err
    assert lab.token_problem(["--ServerApp.token=abc"]) is None


# M1. the memory refusal's chunk size


@pytest.fixture
def memory(monkeypatch):
    """20 GiB available, whatever the machine has now."""
    monkeypatch.setattr(resources, "available_memory", lambda: 20 * 2**30)
    monkeypatch.setattr(limits, "available_memory", lambda: 20 * 2**30, raising=False)


def _refusal(**kw):
    study = cb.Study(setting=dataclasses.replace(cb.DEFAULT, max_epochs=10), **kw)
    with pytest.raises(resources.ResourceError) as caught:
        limits.require_study_memory(study)
    return str(caught.value)


def test_no_smaller_chunk_size_is_advised_where_every_one_needs_more(memory):
    """10**9 trials in chunks of 10**4 (958 GiB) were told 'a smaller chunk_size'; a chunk of 1 needs 8.4 TiB."""
    message = _refusal(trials=10**9, chunk_size=10**4)
    assert "958 GiB" in message and message.endswith("run fewer trials per study (several seeds)"), message


def test_a_chunk_size_that_fits_is_named_with_its_need(memory):
    """15 million trials in one chunk need 35.8 GiB; chunks of 8192 need 14.4 GiB: said so, whichever way."""
    for chunk_size in (15_000_000, 1):
        message = _refusal(trials=15_000_000, chunk_size=chunk_size)
        assert message.endswith("run fewer trials per study (several seeds), or a chunk_size of 8192 (which needs "
                                "about 14.4 GiB)"), message
    assert guard.option_sizes(message).endswith("or a --chunk-size of 8192 (which needs about 14.4 GiB)")


# M2. --json and a file name that is not UTF-8


def test_json_writes_a_non_utf8_file_name_as_valid_json(tmp_path):
    """It wrote "source": "e\\udce9x.csv", a lone surrogate strict parsers refuse or replace."""
    name = os.fsdecode(b"e\xe9x.csv")
    shutil.copy(ROOT / "data" / "example_reram_cycles.csv", tmp_path / name)
    done = crossbar_cli("device", "--device", name, "--read-voltage", "0.1", "--json", cwd=tmp_path,
                        env={"LANG": "C", "LC_ALL": "C"})
    assert done.returncode == 0, done.stderr
    assert "\\ud" not in done.stdout
    record = json.loads(done.stdout)
    assert record["device"]["source"] == "e\\xe9x.csv" and record["device"]["name"] == "e\\xe9x"
    assert guard.json_text({"a": [float("nan"), "\udce9"]}) == '{"a": [null, "\\\\xe9"]}'


# M3. the API's folder errors name the API's arguments


def test_the_apis_folder_errors_name_its_arguments(tmp_path):
    """run_study said 'use --resume to complete it or --overwrite to start again'."""
    study = cb.Study(setting=dataclasses.replace(cb.DEFAULT, max_epochs=5), trials=4, chunk_size=4)
    out = tmp_path / "st"
    cb.run_study(study, out=out, progress=False)
    with pytest.raises(cb.studies.StoreError) as caught:
        cb.run_study(study, out=out, progress=False)
    assert str(caught.value) == f"{out}: output folder exists; use resume=True to complete it or overwrite=True to " \
                                "start again"
    with pytest.raises(cb.studies.StoreError) as caught:
        cb.run_study(dataclasses.replace(study, trials=6), out=out, resume=True, progress=False)
    assert str(caught.value).endswith("use overwrite=True to replace it or another out"), caught.value
    assert guard.folder_options(str(caught.value)).endswith("use --overwrite to replace it or another --out")


def test_the_command_line_still_names_its_options(tmp_path):
    argv = ["montecarlo", "--trials", "4", "--chunk-size", "4", "--max-epochs", "5", "--quiet", "--out", "st"]
    assert crossbar_cli(*argv, cwd=tmp_path).returncode == 0
    assert_one_line_error(crossbar_cli(*argv, cwd=tmp_path),
                          "st: output folder exists; use --resume to complete it or --overwrite to start again")


# M5. messages that mixed names


def test_a_sweep_names_both_stuck_options(tmp_path):
    """It said '--stuck-low + stuck_high = 1.1' (train: '--stuck-low + --stuck-high')."""
    done = crossbar_cli("sweep", "--quiet", "--trials", "20", "--max-epochs", "20", "--stuck-low", "0.6",
                        "--stuck-high", "0.5", cwd=tmp_path)
    assert_one_line_error(done, "--stuck-low + --stuck-high = 1.1")


@pytest.mark.parametrize("option, value", [("--workers", "-1"), ("--workers", "0"), ("--chunk-size", "-5"),
                                           ("--chunk-size", "0"), ("--trials", "-1")])
def test_counts_below_one_say_what_is_expected_once(tmp_path, option, value):
    """--workers -1 said 'expected a non-negative integer', --workers 0 'expected at least 1'."""
    trials = [] if option == "--trials" else ["--trials", "20"]
    done = crossbar_cli("montecarlo", *trials, option, value, cwd=tmp_path)
    assert_one_line_error(done, "expected an integer >= 1")


# S1. sweep values one rounding step apart


@pytest.mark.parametrize("axes, message", [
    (dict(c2c=[0.3, 0.30000000000000004]), "grid axis c2c: 0.3 and 0.30000000000000004 differ by less than 1e-09"),
    (dict(beta=[6e7, 6.000000000000001e7]), "grid axis beta: 60000000.0 and 60000000.00000001 differ by less"),
    (dict(targets=[(0.1, 0.2), (0.1, 0.2000000000000001)]),
     "grid axis targets: (0.1, 0.2) and (0.1, 0.2000000000000001)"),
])
def test_sweep_values_one_rounding_step_apart_are_one_value(axes, message):
    """They ran as two points, the same crossbars trained twice, printed as 0.29999999999999999."""
    with pytest.raises(ValueError) as caught:
        cb.Grid(**axes)
    assert str(caught.value).startswith(message), caught.value
    assert cb.Grid(c2c=[0.0, 1e-300], beta=[5e7, 6e7]).axes[0][1] == (0.0, 1e-300)


def test_a_column_that_needs_17_digits_prints_the_shortest_form():
    assert cli_sweep._digits([0.1, 0.2]) == 4
    assert cli_sweep._digits([0.3, 0.30000000000000004]) is None  # it was 17: '0.29999999999999999'
