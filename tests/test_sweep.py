"""Sweeps: grid points, tidy table equal to single studies, common random numbers, folders."""

import numpy as np
import pytest

import crossbar
from crossbar import cli
from crossbar.studies import Grid, Study, apply_point, run_study, run_sweep
from crossbar.studies.store import load_sweep

BASE = Study(setting=crossbar.REFERENCE, trials=60, chunk_size=25, seed=2)


def test_grid_points_last_axis_fastest():
    g = Grid(beta=[1e6, 1e7], targets=[(0.8, -0.8), (0.5, -0.3)], gain=[10])
    assert len(g) == 4 and g.shape == (2, 2, 1)
    assert g.points()[1] == {"beta": 1e6, "targets": (0.5, -0.3), "gain": 10.0}
    with pytest.raises(ValueError, match="unknown grid axis 'temperature'"):
        Grid(temperature=[300])


def test_apply_point_changes_only_the_point():
    s = apply_point(BASE, {"targets": (0.5, -0.3), "offset_range": (2e-8, 5e-8), "max_epochs": 80})
    assert (s.setting.target_high, s.setting.target_low, s.setting.max_epochs) == (0.5, -0.3, 80)
    assert (s.offsets.lo, s.offsets.hi, s.offsets.spread) == (2e-8, 5e-8, 5.0)
    assert s.setting.beta == BASE.setting.beta and s.device is BASE.device
    with pytest.raises(ValueError, match="rescaled"):
        apply_point(BASE.replace(offsets=crossbar.Lognormal()), {"offset_range": (0, 1e-8)})


@pytest.fixture(scope="module")
def sweep():
    grid = Grid(beta=[1e7, 1e8], targets=[(0.8, -0.8), (0.4, -0.6)])
    return run_sweep(BASE, grid, keep_results=True)


def test_sweep_rows_equal_single_studies(sweep):
    for i, point in enumerate(sweep.grid.points()):
        single = run_study(apply_point(BASE, point))
        assert sweep.results[i].table.tobytes() == single.table.tobytes()
        row = sweep.row(i)
        s = single.summary()
        assert (row["converged"], row["rate"], row["ci_low"], row["ci_high"]) == (
            s.converged, s.rate, s.ci_low, s.ci_high)
        assert row["beta"] == point["beta"] and (row["target_high"], row["target_low"]) == point["targets"]


def test_every_point_trains_the_same_crossbars(sweep):
    first = sweep.results[0].offsets
    assert all(np.array_equal(r.offsets, first) for r in sweep.results[1:])


def test_rates_differ_between_points(sweep):
    assert len(set(sweep.table["rate"].tolist())) > 1  # the grid is not a no-op


def test_sweep_folder_resume_and_csv(sweep, tmp_path):
    out = tmp_path / "sweep"
    calls = []

    def stop(point, chunk, table):
        calls.append((point, chunk))
        if len(calls) == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_sweep(BASE, sweep.grid, out=out, callback=stop)
    again = []
    result = run_sweep(BASE, sweep.grid, out=out, resume=True, callback=lambda p, c, t: again.append((p, c)))
    assert len(calls) + len(again) == 4 * 3 and not set(calls[:4]) & set(again)
    table = load_sweep(out)
    for k in ("rate", "ci_low", "ci_high", "beta", "converged", "physical"):
        np.testing.assert_array_equal(table[k], sweep.table[k])
    assert result.to_csv() == (out / "sweep.csv").read_text()


def test_cli_sweep(tmp_path, capsys):
    out = tmp_path / "sweep"
    code = cli.main(["sweep", "--trials", "30", "--beta", "1e7:1e8:2:log", "--gain", "10,20",
                     "--out", str(out), "--quiet"])
    text = capsys.readouterr().out
    assert code == 0 and "4 points x 30 trials" in text and "sweep.csv" in text
    table = load_sweep(out)
    np.testing.assert_array_equal(table["beta"], [1e7, 1e7, 1e8, 1e8])
    np.testing.assert_array_equal(table["gain"], [10, 20, 10, 20])
