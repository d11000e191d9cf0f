"""Probe 18c's V3, F1, F2 and probe 18a's `--c2c measured` note (issue 20).

V3: plot_offset_distributions called a value a point mass when 1 % of the sample took it: in a sample of 100 or
fewer every value, so a continuous sample was a row of markers, and two offsets set the ylim (0, 0) with
matplotlib's warning. F1: `--resume` of a study whose manifest.json was edited warned about its versions, then
refused it as edited (two lines). F2: a sweep resumed under another package version warned once per point.
c2c: cycles that differ only by a constant shift measured c2c = 3.13e-16 (rounding), printed and trained.
"""

import json
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pytest

import crossbar
from crossbar import cli
from crossbar.devices.cycles import cycle_noise
from crossbar.studies import Grid, Study, run_sweep, store
from crossbar.views import plotting

matplotlib.use("Agg")


def markers(fig):
    """The point-mass markers of an offsets figure (one-point lines on its right axis)."""
    return [line for ax in fig.axes[1:] for line in ax.get_lines() if len(line.get_xdata()) == 1]


def drawn(samples, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib's "identical low and high ylims", numpy's divide
        return plotting.plot_offset_distributions(samples, **kw)


# --- V3: a point mass needs several offsets sharing a value -----------------------------------------------------

@pytest.mark.parametrize("n", [7, 50, 100])
def test_a_continuous_sample_of_up_to_100_offsets_is_a_histogram_without_markers(n):
    sample = crossbar.sample_offsets(crossbar.Lognormal(), 0, 10).ravel()[:n]
    fig = drawn({"a": sample})
    assert markers(fig) == [] and len(fig.axes) == 1  # it drew n markers (every value 1 % of the sample)
    step = fig.axes[0].patches[0].get_data()
    beyond = np.mean(sample * 1e6 > fig.axes[0].get_xlim()[1])
    assert np.isclose(np.sum(step.values * np.diff(step.edges)), 1 - beyond)  # the whole sample is density


def test_the_probes_100_rescaled_offsets_draw_their_two_ends_not_89_markers():
    sample = crossbar.sample_offsets(trials=7).ravel()[:100]  # 6.25 crossbars: lo 7 times, hi 6 times
    fig = drawn({"a": sample})
    got = sorted((line.get_xdata()[0], line.get_ydata()[0]) for line in markers(fig))
    np.testing.assert_allclose(got, [(1e-2, 7.0), (1e-1, 6.0)])  # µS, % of the offsets


@pytest.mark.parametrize("trials", [13, 63])  # 208 and 1008 offsets: the clipped ends stay point masses (guard)
def test_guard_a_clipped_sample_of_200_offsets_and_more_keeps_its_two_point_masses(trials):
    sample = crossbar.sample_offsets(crossbar.RescaledLognormal(2e-8, 9e-8), 1, trials)
    fig = drawn({"a": sample})
    got = sorted((line.get_xdata()[0], line.get_ydata()[0]) for line in markers(fig))
    np.testing.assert_allclose(got, [(2e-2, 100 / 16), (9e-2, 100 / 16)])


@pytest.mark.parametrize("lo, hi", [(1e-8, 9.7e-8), (2e-8, 9e-8), (1e-9, 7.3e-8)])
def test_a_point_mass_is_not_also_drawn_in_the_histogram(lo, hi):
    # lo / hi rounded to 1e-9 lies further than 1e-9 of lo from it: lo's offsets were a marker and density both
    sample = crossbar.sample_offsets(crossbar.RescaledLognormal(lo, hi), 1, 63)
    fig = drawn({"a": sample})
    step = fig.axes[0].patches[0].get_data()
    beyond = np.mean(sample * 1e6 > fig.axes[0].get_xlim()[1])
    assert np.isclose(np.sum(step.values * np.diff(step.edges)), 1 - 2 / 16 - beyond)  # was 1 - 1 / 16
    np.testing.assert_allclose(sorted(line.get_xdata()[0] for line in markers(fig)), [lo * 1e6, hi * 1e6])


@pytest.mark.parametrize("values", [[1e-8], [1e-8, 2e-8], [1e-8, 2e-8, 3e-8], [1e-8] * 3, [1e-8] * 200,
                                    [0.0] * 3, [0.0], [0.0] * 1000 + [1e-8]],
                         ids=["1", "2", "3", "3 equal", "200 equal", "3 zeros", "1 zero", "zeros and one"])
def test_small_and_all_equal_samples_draw_without_a_warning_or_an_empty_axis(values):
    fig = drawn({"a": np.array(values)})
    if len(set(values)) == len(values):  # distinct offsets are no point mass ([1e-8, 2e-8, 3e-8] drew 3 markers)
        assert markers(fig) == []
    for ax in fig.axes:
        low, high = ax.get_ylim()
        assert high > low
    low, high = fig.axes[0].get_xlim()
    assert high > low and low <= min(values) * 1e6


def test_two_offsets_are_a_histogram_holding_both():
    fig = drawn({"a": np.array([1e-8, 2e-8])}, bins=5)
    step = fig.axes[0].patches[0].get_data()
    assert markers(fig) == [] and np.count_nonzero(step.values) == 1  # both were markers, no histogram
    # the other past the axis (its 99.5th percentile), as the legend says
    assert np.isclose(np.sum(step.values * np.diff(step.edges)), 0.5)
    assert "50% beyond, up to 0.02 µS" in fig.axes[0].get_legend().get_texts()[0].get_text()


# --- F1: the integrity check before the version warning ---------------------------------------------------------

def run_cli(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def files(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def edit_versions(manifest):
    m = json.loads(manifest.read_text())
    m["versions"]["crossbar"] = "0.1.0"
    manifest.write_text(json.dumps(m, indent=2))


def test_resume_of_a_study_with_an_edited_manifest_is_one_line_and_leaves_the_folder(tmp_path, capsys):
    out = tmp_path / "f1"
    argv = ["montecarlo", "--trials", "4", "--chunk-size", "2", "--quiet", "--out", out]
    assert run_cli(capsys, *argv)[0] == 0
    edit_versions(out / "manifest.json")
    before = files(out)
    code, stdout, err = run_cli(capsys, *argv, "--resume")
    assert code == 2 and stdout == "" and err.count("\n") == 1, err  # a version warning came first
    assert "manifest.json: content does not match its SHA-256 in index.json" in err and "resuming" not in err
    assert files(out) == before
    # train --from gives the refusal alone too (guard: it had no warning)
    code, stdout, err = run_cli(capsys, "train", "--from", out)
    assert code == 2 and err.count("\n") == 1 and "content does not match its SHA-256" in err, err


def test_sweep_resume_with_a_point_s_manifest_edited_is_one_line(tmp_path, capsys):
    out = tmp_path / "sw"
    argv = ["sweep", "--trials", "2", "--quiet", "--gain", "5,10", "--max-epochs", "5", "--out", out]
    assert run_cli(capsys, *argv)[0] == 0
    edit_versions(out / "points" / "point_0001" / "manifest.json")
    before = files(out)
    code, stdout, err = run_cli(capsys, *argv, "--resume")
    assert code == 2 and err.count("\n") == 1, err
    assert "point_0001/manifest.json: content does not match its SHA-256" in err and "resuming" not in err
    assert files(out) == before


# --- F2: one version warning for a resumed sweep ----------------------------------------------------------------

@pytest.fixture
def other_version(monkeypatch):
    """The package as another release: what the manifests record as its versions."""
    real = store._versions()
    now = {**real, "crossbar": real["crossbar"] + "+other"}
    monkeypatch.setattr(store, "_versions", lambda: dict(now))
    return real, now


def test_a_sweep_resumed_under_another_version_warns_once_naming_its_points(tmp_path, capsys, monkeypatch):
    out = tmp_path / "sw"
    argv = ["sweep", "--trials", "2", "--quiet", "--gain", "5,10,20", "--max-epochs", "5", "--out", out]
    assert run_cli(capsys, *argv)[0] == 0
    csv = (out / "sweep.csv").read_bytes()
    real = store._versions()
    monkeypatch.setattr(store, "_versions", lambda: {**real, "crossbar": "0.3.0"})
    code, stdout, err = run_cli(capsys, *argv, "--resume")
    assert code == 0 and err.count("\n") == 1, err  # it was one line per point: 3
    started = json.loads((out / "points" / "point_0000" / "manifest.json").read_text())["versions"]
    assert started["crossbar"] == real["crossbar"]
    assert f"resuming a sweep of 3 points, 3 started with {started}; now" in err and "'0.3.0'" in err
    assert (out / "sweep.csv").read_bytes() == csv


def test_the_warning_counts_the_points_started_under_each_version(tmp_path, other_version):
    real, now = other_version
    out = tmp_path / "sw"
    base, grid = Study(trials=2, setting=crossbar.DEFAULT.replace(max_epochs=5)), Grid(gain=[5.0, 10.0, 20.0, 40.0])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store, "_versions", lambda: dict(real))
        run_sweep(base, grid, out=out)
    # point 1 started under a third release (its manifest and the point's index made to agree), point 3 not yet
    manifest = out / "points" / "point_0001" / "manifest.json"
    m = json.loads(manifest.read_text())
    m["versions"] = {**real, "crossbar": "0.1.0"}
    manifest.write_text(json.dumps(m))
    index = out / "points" / "point_0001" / "index.json"
    record = json.loads(index.read_text())
    record["sha256"]["manifest.json"] = store.integrity.sha256_file(manifest)
    index.write_text(json.dumps(record))
    for f in sorted((out / "points" / "point_0003").rglob("*"), reverse=True):
        f.unlink() if f.is_file() else f.rmdir()
    (out / "points" / "point_0003").rmdir()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run_sweep(base, grid, out=out, resume=True)
    lines = [str(w.message) for w in caught]
    started = json.loads((out / "points" / "point_0000" / "manifest.json").read_text())["versions"]
    assert started == real
    assert lines == [f"{out}: resuming a sweep of 4 points, 2 started with {started}, 1 started with "
                     f"{m['versions']}; now {now}"], lines


def test_guard_a_sweep_resumed_under_its_own_version_does_not_warn(tmp_path):
    out = tmp_path / "sw"
    base, grid = Study(trials=2, setting=crossbar.DEFAULT.replace(max_epochs=5)), Grid(gain=[5.0, 10.0])
    run_sweep(base, grid, out=out)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run_sweep(base, grid, out=out, resume=True)


# --- c2c: a step spread below rounding is 0, printed and trained ------------------------------------------------

G = 1 + 0.5 * (1 - np.exp(-np.arange(31) / 8))  # µS


def cycles_file(path, cycles):
    text = "pulse," + ",".join(f"G (uS) cycle {i + 1}" for i in range(len(cycles))) + "\n"
    text += "".join(f"{k}," + ",".join(f"{c[k]:.10g}" for c in cycles) + "\n" for k in range(len(G)))
    path.write_text(text)
    return path


def test_cycles_shifted_by_a_constant_measure_c2c_0_and_train_without_noise(tmp_path, capsys):
    start = cycles_file(tmp_path / "start.csv", [G + 0.2 * i for i in range(3)])
    device = crossbar.load_device(start)
    assert crossbar.measured_c2c(device) == 0.0  # was 3.13e-16
    assert crossbar.measured_c2c(device, "proportional") == 0.0
    assert crossbar.measured_c2c(crossbar.load_device(cycles_file(tmp_path / "same.csv", [G, G, G]))) == 0.0
    argv = ["train", "--max-epochs", "3", "--device", start]
    code, out, err = run_cli(capsys, *argv, "--c2c", "measured")
    assert code == 0 and err == "" and "c2c" not in out, out  # as identical cycles: no non-idealities line
    code, out, err = run_cli(capsys, *argv, "--c2c", "measured", "--json")
    measured = json.loads(out)
    code, out, err = run_cli(capsys, *argv, "--json")
    plain = json.loads(out)
    assert measured["parameters"] == plain["parameters"]  # c2c 0 trained, as printed (it trained c2c 3.13e-16)
    assert measured["conductance"] == plain["conductance"] and measured["pulse_count"] == plain["pulse_count"]


@pytest.mark.parametrize("scale", [1e-6, 1e-3, 1e-9])
def test_cycle_noise_of_shifted_cycles_is_0_at_any_scale(scale):
    matrix = np.array([(G + 0.2 * i) * scale for i in range(5)])
    noise = cycle_noise([matrix], float(matrix[0, -1] - matrix[0, 0]))
    assert noise.step_scatter == 0.0 and noise.relative_step_scatter == 0.0


def test_guard_noise_above_rounding_is_measured():
    rng = np.random.default_rng(3)
    matrix = np.array([G + rng.normal(0, 1e-9, G.size) for _ in range(3)]) * 1e-6  # 1e-9 of 1.7 µS: 1e7 ulps
    noise = cycle_noise([matrix], 0.5e-6)
    assert 1e-9 < noise.step_scatter < 1e-8
    win = np.array([1 + (G - 1) * f for f in (1.0, 2.0, 3.0)]) * 1e-6  # windows x1, x2, x3: a spread of steps
    assert cycle_noise([win], float(win[0, -1] - win[0, 0])).step_scatter > 0.01
