"""Probe 27c, settings in relative units on a device of another window (r = its window over the embedded device's).

C27-5: a network's hidden layer gets hidden_beta / r, but the scale line, the JSON `scaling` and a study's manifest
gave only the output layer's effective beta: a network user could not read the hidden layer's gain.
C27-6: an offset refused as unphysical was named with the value the devices get (r x the option's), a value the user
never typed ("--offset-range LO = 2e-11 S" for 2e-8 at r = 0.001): it says the value given, r and their product.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

import crossbar as cb
from crossbar import cli
from crossbar.training import train_reference
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


# ------------------------------------------------------------------ C27-6: a refused offset names the value given

@pytest.fixture(scope="module")
def windows(tmp_path_factory):
    folder = tmp_path_factory.mktemp("c276")
    return curve_file(folder, 1e-3, "milli"), curve_file(folder, 1e3, "kilo")


def refused(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith("crossbar: error: "), (code, err)
    return err


@pytest.mark.parametrize("which, argv, said", [
    (0, ["train", "--offset-range", "2e-8", "5e-8", "--gain", "1e-6"],
     "--offset-range LO = 2e-08 S x r = 0.001 (relative units) = 2e-11 S: at --gain K = 1e-06"),
    (1, ["train", "--offset-range", "2e-8", "5e-1", "--gain", "1"],
     "--offset-range HI = 0.5 S x r = 1000 (relative units) = 500 S: at --gain K = 1"),
    (0, ["train", "--offsets", "lognormal", "--offset-median", "3e-8", "--gain", "1e-6"],
     "--offset-median = 3e-08 S x r = 0.001 (relative units) = 3e-11 S"),
    (1, ["train", "--offsets", "lognormal", "--offset-median", "3e-8", "--offset-sigma", "2", "--gain", "1000"],
     "(one device in a million draws above it) = 0.0004035 S x r = 1000 (relative units) = 0.4035 S"),
    (0, ["train", "--gain", "1e-6"], "--offset-range LO = 1e-08 S x r = 0.001 (relative units) = 1e-11 S"),
    (0, ["montecarlo", "--gain", "1e-6", "--trials", "3"], "--offset-range LO = 1e-08 S x r = 0.001 (relative "),
    (0, ["sweep", "--gain", "1e-6", "--beta", "1e7,2e7", "--trials", "3"], "LO = 1e-08 S x r = 0.001 (relative "),
])
def test_a_refused_offset_option_names_its_value_r_and_the_product(windows, capsys, which, argv, said):
    assert said in refused(capsys, *argv[:1], "--device", windows[which], *argv[1:])


def test_what_the_user_gave_as_the_devices_get_it_is_said_alone(windows, tmp_path, capsys):
    """--offsets none is the device's own g(0) (its level is g(0) / r); absolute units and r = 1 scale nothing;
    a --shifts file's value is said with r, as --offset-range's now is."""
    err = refused(capsys, "train", "--device", windows[0], "--offset-range", "2e-8", "5e-8", "--gain", "1e-6")
    assert "--offset-range LO = 2e-08 S x r = 0.001 (relative units) = 2e-11 S: at --gain" in err
    err = refused(capsys, "train", "--device", windows[0], "--offsets", "none", "--gain", "1e-6")
    assert "--offsets none (every device at the curve's g(0) = 4.546e-10 S): at --gain" in err
    err = refused(capsys, "train", "--device", windows[0], "--units", "absolute", "--offset-range", "2e-8", "5e-8",
                  "--gain", "1e-9")
    assert "--offset-range LO = 2e-08 S: at --gain K = 1e-09" in err
    np.save(tmp_path / "sh.npy", np.full((4, 4), 3e-8))
    err = refused(capsys, "train", "--device", windows[0], "--shifts", tmp_path / "sh.npy", "--gain", "1e-6")
    assert "the offset matrix[0, 0] = 3e-08 S x r = 0.001 (relative units) = 3e-11 S: at --gain" in err
    assert "--offset-range LO = 1e-08 S: at --gain K = 1e-10" in refused(capsys, "train", "--gain", "1e-10")


def test_the_api_names_the_value_given_r_and_the_product(windows):
    milli, low = cb.load_device(windows[0]), cb.DEFAULT.replace(gain=1e-6)
    product = "= 2e-08 S x r = 0.001 (relative units) = 2e-11 S: at K = 1e-06 a device starts at G = 2e-17 S"
    with pytest.raises(ValueError, match=re.escape("RescaledLognormal.lo " + product)):
        cb.train(device=milli, setting=low, offsets=cb.RescaledLognormal(lo=2e-8, hi=5e-8))
    with pytest.raises(ValueError, match=re.escape("Study.offsets: RescaledLognormal.lo = 1e-08 S x r = 0.001 (rel")):
        cb.Study(device=milli, setting=low)
    array = np.full((4, 4), 2e-8)
    for call in (lambda: cb.train(device=milli, setting=low, offsets=array),
                 lambda: cb.train_batch(milli, array[None], low), lambda: train_reference(milli, array, low)):
        with pytest.raises(ValueError, match=re.escape("setting.gain = 1e-06: offsets[0, 0")) as info:
            call()
        assert product.replace("K = ", "K = ") in str(info.value)
