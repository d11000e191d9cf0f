"""`python -m crossbar train`: JSON and human output, replaying offsets, one-line errors with status 2."""

import json
import subprocess
import sys

import numpy as np
import pytest

import crossbar
from crossbar.cli import main


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_has_the_promised_fields(capsys):
    code, out, err = _run(capsys, "train", "--seed", "3", "--json")
    assert code == 0 and err == ""
    record = json.loads(out)
    for key in ("converged", "epochs", "conductance", "pulse_count", "shifts", "parameters"):
        assert key in record
    run = crossbar.train(seed=3)
    assert record["epochs"] == run.epochs and record["converged"] == run.converged
    np.testing.assert_array_equal(record["pulse_count"], run.pulse_count)
    np.testing.assert_array_equal(record["shifts"], run.offsets)
    np.testing.assert_array_equal(record["conductance"], run.conductance)
    assert record["parameters"]["beta"] == crossbar.DEFAULT.beta and record["parameters"]["seed"] == 3
    assert record["device"]["sha256"] == crossbar.default_device().sha256


def test_options_reach_the_setting(capsys):
    code, out, _ = _run(capsys, "train", "--beta", "2e7", "--targets", "0.5", "-0.4", "--gain", "5",
                        "--max-epochs", "7", "--preset", "reference", "--json")
    p = json.loads(out)["parameters"]
    assert (p["beta"], p["target_high"], p["target_low"], p["gain"], p["max_epochs"]) == (2e7, 0.5, -0.4, 5, 7)
    assert json.loads(out)["epochs"] <= 7


@pytest.mark.parametrize("suffix", [".csv", ".npy"])
def test_shifts_file_replays_the_reference_run(capsys, tmp_path, measured_device, exact_case, suffix):
    path = tmp_path / f"shifts{suffix}"
    if suffix == ".npy":
        np.save(path, exact_case["offsets"])
    else:
        path.write_text("G+1,G-1,G+2,G-2\n" + "\n".join(",".join(repr(float(v)) for v in row)
                                                        for row in exact_case["offsets"]) + "\n")
    s = exact_case["setting"]
    # The original tool's runs: beta in 1/A and offsets in S on the measured device (absolute units).
    code, out, _ = _run(capsys, "train", "--preset", "reference", "--units", "absolute",
                        "--device", measured_device.source, "--shifts", str(path),
                        "--beta", str(s.beta), "--targets", str(s.target_high), str(s.target_low), "--json")
    record = json.loads(out)
    assert code == 0
    assert record["converged"] == exact_case["converged"] and record["epochs"] == exact_case["epochs"]
    np.testing.assert_array_equal(record["pulse_count"], exact_case["pulse_count"])


def test_human_summary(capsys):
    code, out, _ = _run(capsys, "train", "--seed", "1")
    assert code == 0
    assert "converge" in out and "accuracy" in out and "pulses" in out


@pytest.mark.parametrize("argv, message", [
    (["train", "--beta", "-1"], "argument --beta: expected a finite number > 0, got '-1'"),
    (["train", "--beta", "abc"], "argument --beta: expected a number, got 'abc'"),
    (["train", "--targets", "0.5", "0.9"], "--targets TN = 0.9: expected inside (-1, target_high=0.5)"),
    (["train", "--max-epochs", "-2"], "argument --max-epochs: expected a non-negative integer, got '-2'"),
    (["train", "--offset-range", "1e-7", "1e-8"], "offset range must satisfy 0 <= lo < hi"),
    (["train", "--device", "/no/such/file.dat"], "/no/such/file.dat: no such file"),
    (["train", "--shifts", "/no/such/shifts.csv"], "/no/such/shifts.csv: no such file"),
    (["train", "--frobnicate"], "unrecognized arguments: --frobnicate"),
    (["explode"], "invalid choice: 'explode'"),
])
def test_bad_arguments_give_one_line_and_status_2(capsys, argv, message):
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_bad_shifts_files(capsys, tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("1e-8,2e-8\n3e-8,4e-8\n")
    code, _, err = _run(capsys, "train", "--shifts", str(wrong))
    assert code == 2 and "offsets have shape (2, 2), expected (4, 4)" in err
    text = tmp_path / "text.csv"
    text.write_text("1e-8,2e-8,1e-8,1e-8\n1e-8,x,1e-8,1e-8\n")
    code, _, err = _run(capsys, "train", "--shifts", str(text))
    assert code == 2 and "text.csv, line 2: expected comma-separated numbers" in err
    text.write_text("G+1,G-1,G+2,G-2\nx,1e-8,1e-8,1e-8\n")
    code, _, err = _run(capsys, "train", "--shifts", str(text))
    assert code == 2 and "text.csv, line 2: expected comma-separated numbers" in err
    nan = tmp_path / "nan.npy"
    np.save(nan, np.full((4, 4), np.nan))
    code, _, err = _run(capsys, "train", "--shifts", str(nan))
    assert code == 2 and "must be finite" in err


def test_bad_device_file_is_one_line_naming_file_and_line(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("g\n1e-7\n-1e-7\n")
    code, out, err = _run(capsys, "train", "--device", str(bad))
    assert code == 2 and out == ""
    assert err.strip() == f"crossbar: error: {bad}, line 3: column 'g': conductance -1e-7 is not positive; expected siemens > 0"


def test_module_entry_point_exit_status():
    done = subprocess.run([sys.executable, "-m", "crossbar", "train", "--gain", "0"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == "crossbar: error: argument --gain: expected a finite number > 0, got '0'"
