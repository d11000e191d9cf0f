"""Probe 27c, settings in relative units on a device of another window (r = its window over the embedded device's).

C27-5: a network's hidden layer gets hidden_beta / r, but the scale line, the JSON `scaling` and a study's manifest
gave only the output layer's effective beta: a network user could not read the hidden layer's gain.
"""

from __future__ import annotations

import json

import pytest

import crossbar as cb
from crossbar import cli
from crossbar.training.units import scaling_record


def curve_file(folder, factor, name):
    """The embedded curve times `factor` (x2 is exact in floating point: r = 2 exactly)."""
    path = folder / f"{name}.csv"
    rows = "".join(f"{i},{float(g) * factor!r}\n" for i, g in enumerate(cb.default_device().conductance))
    path.write_text("pulse,G (S)\n" + rows)
    return path


@pytest.fixture(scope="module")
def x2(tmp_path_factory):
    return curve_file(tmp_path_factory.mktemp("c27u"), 2.0, "x2")


def run_cli(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def scale_line(text):
    return next(line for line in text.splitlines() if line.startswith("scale "))


# ------------------------------------------------------------------ C27-5: the hidden layer's effective beta

def test_train_says_the_hidden_layers_effective_beta_in_text_and_json(x2, capsys):
    argv = ["train", "--device", x2, "--seed", 3, "--hidden", 3, "--hidden-beta", 3e7, "--max-epochs", 5]
    assert "beta_eff = 1.2e+08/A, hidden_beta_eff = 1.5e+07/A, offsets" in scale_line(run_cli(capsys, *argv))
    record = json.loads(run_cli(capsys, *argv, "--json"))
    assert record["scaling"]["effective_hidden_beta"] == 1.5e7 and record["scaling"]["effective_beta"] == 1.2e8


def test_a_hidden_beta_of_zero_is_the_output_layers_and_so_is_its_effective_value(x2):
    setting = cb.DEFAULT.replace(hidden=3, hidden_beta=0.0)  # 0: the hidden neurons take beta
    record = scaling_record(cb.load_device(x2), setting, "relative")
    assert record["effective_hidden_beta"] == record["effective_beta"] == setting.beta / 2


def test_montecarlo_says_it_in_its_line_json_and_manifest(x2, tmp_path, capsys):
    argv = ["montecarlo", "--device", x2, "--hidden", 2, "--hidden-beta", 4e7, "--trials", 4, "--chunk-size", 4,
            "--max-epochs", 3]
    assert "hidden_beta_eff = 2e+07/A" in scale_line(run_cli(capsys, *argv))
    record = json.loads(run_cli(capsys, *argv, "--json", "--out", tmp_path / "s"))
    assert record["scaling"]["effective_hidden_beta"] == 2e7
    manifest = json.loads((tmp_path / "s" / "manifest.json").read_text())
    assert manifest["scaling"]["effective_hidden_beta"] == 2e7


def test_a_sweep_of_a_network_says_the_hidden_beta_is_scaled_too(x2, tmp_path, capsys):
    out = run_cli(capsys, "sweep", "--device", x2, "--preset", "network", "--beta", "1e8,2e8", "--trials", 2,
                  "--max-epochs", 2, "--out", tmp_path / "w")
    assert "devices get beta / r (hidden_beta too) and the offsets x r" in scale_line(out)


def test_only_a_network_at_r_other_than_one_gets_the_key(x2):
    """The embedded device, absolute units or a crossbar: the record is what it was (no hidden key)."""
    big, network = cb.load_device(x2), cb.DEFAULT.replace(hidden=3)
    assert scaling_record(big, network, "relative")["effective_hidden_beta"] == network.effective_hidden_beta / 2
    for device, setting, units in ((cb.default_device(), network, "relative"), (big, network, "absolute"),
                                   (big, cb.DEFAULT, "relative")):
        assert "effective_hidden_beta" not in scaling_record(device, setting, units)
