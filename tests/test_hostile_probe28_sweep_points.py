"""Probe 28c, C28-4: a point folder of an incomplete sweep is refused as the sweep's: `train --from`, `read_table`
and `load_study` told the user to resume the point, which is then refused as a folder inside the sweep."""

from __future__ import annotations

import numpy as np
import pytest

from crossbar import load_study
from crossbar.studies import store
from test_hostile_probe26_cli import assert_one_line_error, run_cli


@pytest.fixture
def sweep(capsys, tmp_path):
    code, _, err = run_cli(capsys, "sweep", "--beta", "1e7,3e7", "--trials", "4", "--max-epochs", "5", "--quiet",
                           "--out", tmp_path / "s")
    assert code == 0, err
    return tmp_path / "s"


def test_a_point_of_an_incomplete_sweep_says_to_complete_the_sweep(capsys, sweep):
    point = sweep / "points" / "point_0000"
    (point / "index.json").unlink()  # as a sweep killed before it wrote the point's index leaves it
    with pytest.raises(store.StoreError, match="a point of the sweep in .*, which is not complete; complete the sweep"):
        store.read_table(point)
    (point / "chunks" / sorted(p.name for p in (point / "chunks").iterdir())[0]).unlink()
    said = f"{point}: a point of the sweep in {sweep}, which is not complete; complete the sweep (run it again with "
    assert_one_line_error(*run_cli(capsys, "train", "--from", point, "--trial", "1"), said + "--resume)")  # its chunks
    # all saved, the point is replayed (probe 31c, C31-7: tests/test_hostile_probe31_unsummarised_point.py)
    with pytest.raises(store.StoreError, match="a point of the sweep in .*resume=True"):
        load_study(point)


def test_a_point_the_sweep_has_finished_is_read_while_the_sweep_is_not(capsys, sweep):
    """Stop 51 (probe 30c, judgement): RELIABILITY said "a point folder of a sweep that is not complete" is refused;
    a finished point of an unfinished sweep is read, its files final (the sweep writes a point once)."""
    whole = store.read_table(sweep / "points" / "point_0000")
    for name in ("sweep.csv", "index.json"):
        (sweep / name).unlink()  # the sweep as one killed in its second point leaves it
    (sweep / "points" / "point_0001" / "index.json").unlink()
    again = store.read_table(sweep / "points" / "point_0000")
    assert again.keys() == whole.keys() and all(np.array_equal(again[k], whole[k]) for k in whole)
    assert load_study(sweep / "points" / "point_0000").study.trials == 4
    code, out, err = run_cli(capsys, "train", "--from", sweep / "points" / "point_0000", "--trial", "1")
    assert code == 0 and err == "", (code, err)
