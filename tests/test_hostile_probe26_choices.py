"""A choice given with spaces around it is read as a number is (probe 26c, r3 judgement): '--units " absolute"' was
refused as an invalid choice while '--gain " 2"' and '--device " ag-si"' were read."""

import json

import pytest

from crossbar import cli


def _json(capsys, *argv):
    code = cli.main(["train", "--max-epochs", "3", "--json", *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("option, value", [("--units", "absolute"), ("--offsets", "none"), ("--task", "letters"),
                                           ("--preset", "default")])
def test_a_choice_with_spaces_around_it_is_that_choice(capsys, option, value):
    assert _json(capsys, option, f" {value} ") == _json(capsys, option, value)


def test_a_choice_that_is_only_spaces_or_another_word_is_still_refused(capsys):
    for value in ("   ", " absolut "):
        assert cli.main(["train", "--units", value]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "--units" in err and "invalid choice" in err


def test_a_sweep_preset_with_spaces_around_it_is_that_preset(capsys, tmp_path):
    argv = ["sweep", "--trials", "2", "--max-epochs", "2", "--beta", "1e7", "--quiet"]
    assert cli.main(argv + ["--preset", " default ", "--out", str(tmp_path / "a")]) == 0
    assert cli.main(argv + ["--preset", "default", "--out", str(tmp_path / "b")]) == 0
    capsys.readouterr()
    assert (tmp_path / "a" / "sweep.csv").read_bytes() == (tmp_path / "b" / "sweep.csv").read_bytes()
