"""Probe 28c, C28-5: a network study whose chunk of networks does not fit in memory is refused before any work,
naming --trials and --chunk-size and a chunk size that fits, as a crossbar study is: it was refused only when the
engine trained the chunk, in the API's words ("train fewer at a time"), naming neither option."""

from __future__ import annotations

import crossbar
from crossbar.networks.engine import network_bytes, network_shapes
from crossbar.resources import format_bytes
from crossbar.tasks import task
from crossbar.studies import limits
from test_hostile_probe26_cli import assert_one_line_error, run_cli


def test_a_network_chunk_too_large_names_the_chunk_size(capsys, tmp_path, monkeypatch):
    training, test = task("digits")
    shapes = network_shapes(training, 2000)
    one, chunk = network_bytes(shapes, training, test, 1), network_bytes(shapes, training, test, 64)
    available = 2 * one
    assert chunk > available
    for module in (crossbar.resources, limits):
        monkeypatch.setattr(module, "available_memory", lambda: available)
    code, out, err = run_cli(capsys, "montecarlo", "--hidden", "2000", "--task", "digits", "--trials", "64",
                             "--chunk-size", "64", "--max-epochs", "2", "--quiet", "--out", tmp_path / "s")
    assert_one_line_error(code, out, err, "crossbar: error: a study of --trials 64 (--chunk-size 64) needs about ",
                          f"more than the {format_bytes(available)} available; run fewer trials per study (several "
                          "seeds), or a --chunk-size of 1 (which needs about ")
    assert "fewer at a time" not in err and not (tmp_path / "s").exists()
