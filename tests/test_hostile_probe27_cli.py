"""Probe 27c: the command line's settings on a device of another window, and the words --c2c takes."""

from __future__ import annotations

import json

import pytest

import crossbar as cb
from test_hostile_probe26_cli import assert_one_line_error, run_cli

QUICK = ["--trials", "8", "--chunk-size", "4", "--max-epochs", "5", "--quiet"]


# ------------------------------------------------------------------ C27-3: a misspelt word for --c2c

@pytest.mark.parametrize("argv, said", [
    (["train", "--c2c", "measure"], "argument --c2c: expected a number or the word 'measured' or 'device', got "
                                    "'measure'"),
    (["montecarlo", "--c2c", "Measured"], "expected a number or the word 'measured' or 'device', got 'Measured'"),
    (["sweep", "--c2c", "0.01,measure"], "expected numbers or the words 'measured' and 'device', as A,B,... (or "
                                         "START:STOP:NUM[:log]), got 'measure' in '0.01,measure'"),
    (["train", "--c2c", "1e"], "argument --c2c: expected a number, got '1e'"),  # no word: a number's message
])
def test_a_misspelt_c2c_word_names_the_words_it_takes(capsys, tmp_path, argv, said):
    out = [] if argv[0] == "train" else ["--out", tmp_path / "s"]
    assert_one_line_error(*run_cli(capsys, *argv, *out), said)
    assert not (tmp_path / "s").exists()


# ------------------------------------------------------------------ C27-1, C27-2: settings on a device of another window

@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    """The embedded device's curve times 1e3 and times 1e-3, as files in siemens."""
    folder = tmp_path_factory.mktemp("scaled")
    g = cb.default_device().conductance
    for name, factor in (("kilo", 1e3), ("milli", 1e-3)):
        (folder / f"{name}.csv").write_text("pulse,G (S)\n" + "".join(f"{m},{float(x * factor)!r}\n"
                                                                      for m, x in enumerate(g)))
    return folder


def test_a_saturated_run_in_absolute_units_is_no_plain_success(capsys, scaled):
    argv = ["train", "--device", scaled / "kilo.csv", "--units", "absolute", "--trial", "4", "--max-epochs", "100"]
    code, out, err = run_cli(capsys, *argv)
    assert code == 0, err
    assert "result     converged after" in out
    hint = next(line for line in out.splitlines() if line.startswith("hint       "))
    assert "this run answers most patterns with the activation saturated (|beta I| > 19)" in hint
    assert "the setting looks mis-scaled for this device, whose window (7.55e-05 S) is 1e+03 times" in hint
    code, out, err = run_cli(capsys, *argv, "--json")
    assert json.loads(out)["hint"] == hint.removeprefix("hint       ")


@pytest.mark.parametrize("argv", [[], ["--device", "kilo.csv", "--trial", "4"], ["--device", "milli.csv"]])
def test_a_run_on_the_scale_of_its_device_has_no_hint(capsys, scaled, argv):
    argv = [scaled / a if a.endswith(".csv") else a for a in argv]
    code, out, err = run_cli(capsys, "train", *argv, "--max-epochs", "100")
    assert code == 0 and "hint" not in out, out
    assert json.loads(run_cli(capsys, "train", *argv, "--max-epochs", "100", "--json")[1])["hint"] is None


@pytest.mark.parametrize("device, units, said", [
    ("milli.csv", [], "scale      relative units, r = 0.001 (window 7.55e-11 S = 0.001 x the embedded device's "
                      "7.55e-08 S): every point's devices get beta / r and the offsets x r"),
    ("kilo.csv", ["--units", "absolute"], "scale      absolute units: every point's beta and offsets as given (window "
                                          "7.55e-05 S = 1000 x the embedded device's 7.55e-08 S): a setting made for "
                                          "the embedded device is 1e+03 x off here"),
    (None, [], None),
])
def test_a_sweep_says_what_its_values_mean_on_a_device_of_another_window(capsys, tmp_path, scaled, device, units,
                                                                          said):
    where = ["--device", scaled / device] if device else []
    code, out, err = run_cli(capsys, "sweep", *where, *units, "--beta", "6e4,6e7", *QUICK, "--out", tmp_path / "w")
    assert code == 0, err
    lines = [line for line in out.splitlines() if line.startswith("scale")]
    assert (len(lines) == 1 and lines[0].startswith(said)) if said else lines == [], out
