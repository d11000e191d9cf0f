"""Probe 15c's findings on the files above an output folder (issue 20, S2, S1): before a run takes --out DIR/sub, it
reads any manifest.json or sweep.json in DIR's parents to refuse a folder inside a saved run. A named pipe there hung the
command for ever, a link to /dev/zero was read until the kernel killed the process (23 GB), and JSON nested deeper than
the parser goes was "internal error: RecursionError"."""

import os
import threading

import pytest

from crossbar.studies import folders


def _within(call, seconds=10.0):
    """call()'s result, or AssertionError if it has not returned after `seconds` (it runs on a daemon thread)."""
    out = []
    worker = threading.Thread(target=lambda: out.append(call()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert out, f"no answer within {seconds} s"
    return out[0]


@pytest.mark.parametrize("name", ["manifest.json", "sweep.json"])
def test_a_named_pipe_above_the_output_folder_is_no_saved_run(tmp_path, name):
    os.mkfifo(tmp_path / name)
    assert _within(lambda: folders.enclosing_run(tmp_path / "sub")) is None


def test_json_nested_deeper_than_the_parser_goes_is_another_programs(tmp_path):
    (tmp_path / "manifest.json").write_text("[" * 200_000 + "]" * 200_000)
    assert folders.enclosing_run(tmp_path / "sub") is None


def test_a_saved_studys_manifest_above_is_still_found(tmp_path):
    (tmp_path / "manifest.json").write_text('{"format": "%s"}' % folders.STUDY_FORMAT)
    assert "inside the saved study" in folders.enclosing_run(tmp_path / "sub")


def test_an_index_nested_deeper_than_the_parser_goes_is_a_damaged_index(tmp_path):
    """load_study raised a raw RecursionError; the command line said "internal error: RecursionError", status 1."""
    import crossbar as cb
    from crossbar.studies.integrity import StoreError

    out = tmp_path / "study"
    cb.run_study(cb.Study(trials=8, chunk_size=4, setting=cb.DEFAULT.replace(max_epochs=5)), out=out, progress=False)
    (out / "index.json").write_text('{"a":' * 50_000 + "1" + "}" * 50_000)
    with pytest.raises(StoreError, match=r"index\.json: not a crossbar index \(damaged or edited\)"):
        cb.load_study(out)


@pytest.mark.parametrize("trials", [10**154, 10**200, 10**308])
def test_wilson_interval_refuses_counts_beyond_a_doubles_exact_integers(trials):
    """Probe 15c, A1: above about 1e153 the interval was wrong, then of zero width, and at 1e308 numpy warned."""
    import warnings

    from crossbar import wilson_interval

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"trials = 1e\+\d+: expected at most 2\*\*53 = 9,007,199,254,740,992"):
            wilson_interval(1, trials)
    low, high = wilson_interval(1, 10**15)  # the largest counts a study could hold are still exact
    assert 1.76e-16 < low < 1.77e-16 and 5.66e-15 < high < 5.67e-15
