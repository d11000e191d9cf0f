"""Probe 28c, C28-2: a --c2c value that is no number and holds 'measured' or 'device' (a mark in or around it, as
a sweep's list or a quoted shell word leaves it), or is mostly letters, is told the words --c2c takes."""

from __future__ import annotations

import pytest

from test_hostile_probe26_cli import assert_one_line_error, run_cli

WORDS = "expected a number or the word 'measured' or 'device', got "


@pytest.mark.parametrize("command, value", [
    ("train", "measured,"), ("train", "device'"), ("montecarlo", "measured."), ("montecarlo", '"measured"'),
    ("montecarlo", "measured;"), ("montecarlo", "measured-"), ("montecarlo", "measured!"), ("montecarlo", "device)"),
    ("montecarlo", "measured0.01"), ("train", "(Device)"), ("train", "measure"), ("train", "x"),
])
def test_a_c2c_word_with_a_mark_is_told_the_words(capsys, tmp_path, command, value):
    out = [] if command == "train" else ["--out", tmp_path / "s"]
    assert_one_line_error(*run_cli(capsys, command, "--c2c", value, "--max-epochs", "2", *out),
                          f"argument --c2c: {WORDS}{value!r}")
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("value, said", [
    ("1e", "expected a number, got '1e'"),  # a number mistyped: no word in it, half letters
    ("1e5x", "expected a number, got '1e5x'"),
    ("-inf", "expected a finite number, got '-inf'"),  # a number, not finite: not a word
    ("nan", "expected a finite number, got 'nan'"),
])
def test_a_mistyped_number_keeps_the_number_message(capsys, value, said):
    code, out, err = run_cli(capsys, "train", "--c2c", value, "--max-epochs", "2")
    assert_one_line_error(code, out, err, f"argument --c2c: {said}")
    assert "measured" not in err
