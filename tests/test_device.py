"""Device files: the instrument and CSV formats, their errors, and the embedded default device."""

import hashlib
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

import crossbar
from crossbar.devices.files import DEFAULT_DEVICE_FILE, DeviceFileError, load_device, write_pulse_train
from crossbar.devices.laws import fit_saturating

ROOT = Path(__file__).resolve().parents[1]


def _independent_read_rows(path):
    """1/resistance of rows at the header's read voltage, parsed without the package."""
    lines = Path(path).read_text().splitlines()
    header = dict(line.split(":", 1) for line in lines if ":" in line and "," not in line)
    read_v = float(header["Read Voltage (V)"])
    rows = [line.split(",") for line in lines if "," in line and not line.startswith("Time")]
    return np.array([1 / float(r[5]) for r in rows if abs(float(r[1]) - read_v) < 1e-9])


def test_measured_file_reads_one_conductance_per_read_row(measured_device):
    expected = _independent_read_rows(measured_device.source)
    assert measured_device.length == expected.size == measured_device.metadata["pulse_count"] + 1
    np.testing.assert_array_equal(measured_device.conductance, expected)
    meta = measured_device.metadata
    assert (meta["pulse_voltage"], meta["pulse_width"], meta["read_voltage"]) == (2.0, 1e-3, 0.05)


def test_lf_and_crlf_endings_give_the_same_curve(measured_device, tmp_path):
    raw = Path(measured_device.source).read_bytes()
    assert b"\r\n" in raw
    lf = tmp_path / "lf.dat"
    lf.write_bytes(raw.replace(b"\r\n", b"\n"))
    np.testing.assert_array_equal(load_device(lf).conductance, measured_device.conductance)


def test_written_pulse_train_reads_back(tmp_path):
    g = np.linspace(4e-7, 5e-7, 11) + 1e-9 * np.sin(np.arange(11))
    path = tmp_path / "synthetic.dat"
    write_pulse_train(path, g, read_voltage=0.1, extra_header={"Operator": "test"})
    device = load_device(path)
    np.testing.assert_allclose(device.conductance, g, rtol=1e-14)
    assert device.metadata["Operator"] == "test"
    assert device.metadata["read_voltage"] == 0.1
    assert not list(tmp_path.glob(".*tmp"))


def test_csv_one_column_and_unsorted_two_columns(tmp_path):
    one = tmp_path / "one.csv"
    one.write_text("conductance_S\n1e-7\n1.5e-7\n1.7e-7\n")
    np.testing.assert_array_equal(load_device(one).conductance, [1e-7, 1.5e-7, 1.7e-7])
    two = tmp_path / "two.csv"
    two.write_text("pulse,conductance\n2,1.7e-7\n0,1e-7\n1,1.5e-7\n")
    np.testing.assert_array_equal(load_device(two).conductance, [1e-7, 1.5e-7, 1.7e-7])


HEADER = "Number of Pulses: 2\nRead Voltage (V):50.000000E-3\n"
COLUMNS = "Time stamp (s), Voltage (V), Current (A), Voltage (V), Current (A),Resistance (Ohm)\n"


def _read(v, r, t=1.0):
    return f"{t},{v},2.4E-8,-5.0E-2,-2.1E-8,{r}\n"


GOOD_ROWS = _read("5.000000E-2", "2.2E+6") + "1.5,2.0,+001.800E-03,,,1.1E+3\n" + _read("5.0E-2", "2.1E+6") \
    + "2.5,2.0,+001.800E-03,,,1.1E+3\n" + _read("5.0E-2", "2.0E+6")


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("empty.dat", "", "is empty"),
        ("blank.csv", "\n\n  \n", "is empty"),
        ("header_only.dat", HEADER + COLUMNS, "no data rows"),
        ("no_columns.dat", HEADER, "no column line"),
        ("header_only.csv", "conductance\n", "has a header line and no data rows"),
        ("one_point.csv", "conductance\n1e-7\n", "has 1 data row(s)"),
        ("text.dat", HEADER + COLUMNS + _read("5.0E-2", "2.2E+6") + _read("5.0E-2", "abc"), "line 5: column 'Resistance (Ohm)': expected a number, found 'abc'"),
        ("nan.dat", HEADER + COLUMNS + _read("5.0E-2", "nan"), "line 4: column 'Resistance (Ohm)': nan is not a finite number"),
        ("inf.csv", "g\n1e-7\ninf\n", "line 3: column 'g': inf is not a finite number"),
        ("zero.dat", HEADER + COLUMNS + _read("5.0E-2", "0.0E+0"), "line 4: read row has resistance 0.0E+0; expected a positive value"),
        ("negative.csv", "pulse,g\n0,1e-7\n1,-2e-7\n", "line 3: column 'g': conductance -2e-7 is not positive"),
        ("no_reads.dat", HEADER + COLUMNS + "1.5,2.0,+001.800E-03,,,1.1E+3\n" * 3, "found 0 read row(s) at the read voltage 0.05 V"),
        ("count.dat", HEADER.replace("2", "5", 1) + COLUMNS + GOOD_ROWS, "header says 5 pulses, so 6 read rows"),
        ("no_read_voltage.dat", "Number of Pulses: 2\n" + COLUMNS + GOOD_ROWS, "no 'Read Voltage (V): value' line"),
        ("duplicate.csv", "pulse,g\n0,1e-7\n1,2e-7\n1,3e-7\n", "line 4: pulse number 1 appears twice (first on line 3)"),
        ("gap.csv", "pulse,g\n0,1e-7\n2,2e-7\n", "without gaps; missing [1]"),
        ("fraction.csv", "pulse,g\n0,1e-7\n0.5,2e-7\n", "line 3: pulse number 0.5 is not a non-negative integer"),
        ("short_row.dat", HEADER + COLUMNS + "1.0,5.0E-2,2.4E-8\n", "line 4: expected 6 comma-separated fields, found 3"),
        ("ragged.csv", "pulse,g\n0,1e-7\n1\n", "line 3: expected 2 field(s) as in the header (comma-separated), found 1"),
        ("three_cycles.csv", "c1,c2,c3\n1e-7,2e-7,3e-7\n", "has 1 data row(s); a curve needs at least 2"),
        ("no_header.csv", "1e-7\n2e-7\n", "expected a header line naming the columns"),
    ],
)
def test_bad_files_raise_one_clear_error(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(DeviceFileError) as info:
        load_device(path)
    assert str(info.value).startswith(str(path))
    assert message in str(info.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(DeviceFileError, match="no such file"):
        load_device(tmp_path / "absent.dat")
    with pytest.raises(DeviceFileError, match="is a directory"):
        load_device(tmp_path)


def test_default_device_goes_through_the_public_loader_and_is_labelled_synthetic():
    device = crossbar.default_device()
    again = load_device(DEFAULT_DEVICE_FILE)
    np.testing.assert_array_equal(device.conductance, again.conductance)
    assert device.sha256 == hashlib.sha256(DEFAULT_DEVICE_FILE.read_bytes()).hexdigest()
    assert device.metadata["Synthetic"].startswith("yes")
    assert device.length == 51


def _make_default_device_module():
    spec = importlib.util.spec_from_file_location("make_default_device", ROOT / "scripts" / "make_default_device.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_default_device_file_is_reproduced_from_its_parameters(tmp_path, monkeypatch):
    module = _make_default_device_module()
    monkeypatch.setattr(module, "DEFAULT_DEVICE_FILE", tmp_path / "default_device.dat")
    module.main([])
    assert (tmp_path / "default_device.dat").read_bytes() == DEFAULT_DEVICE_FILE.read_bytes()


def test_default_device_follows_its_fitted_law_within_the_fitted_noise():
    parameters = json.loads((ROOT / "data" / "default_device.json").read_text())
    law = crossbar.devices.laws.SaturatingFit(**parameters["fit"])
    device = crossbar.default_device()
    residual = device.conductance - law(np.arange(device.length))
    assert residual[0] == pytest.approx(0, abs=1e-20)  # reset state anchored on the law
    assert np.sqrt(np.mean(residual**2)) < 1.5 * law.noise
    assert np.abs(residual).max() < 4 * law.noise


def test_fitted_law_stays_within_the_measured_noise(measured_device):
    """The shipped parameters are a fit to the measured curve, and the law tracks it to its noise."""
    parameters = json.loads((ROOT / "data" / "default_device.json").read_text())
    assert parameters["provenance"]["measurement_sha256"] == measured_device.sha256
    refit = fit_saturating(measured_device.conductance)
    # The least-squares optimum is flat along tau and stretch: scipy releases land on it 1e-6 apart.
    for name in ("g0", "window", "tau", "stretch"):
        assert getattr(refit, name) == pytest.approx(parameters["fit"][name], rel=1e-4), name
    assert refit.noise == pytest.approx(parameters["fit"]["noise"], rel=1e-9)
    g = measured_device.conductance
    residual = g - refit(np.arange(g.size))
    pulse_to_pulse = np.std(np.diff(g)) / np.sqrt(2)  # noise estimated without any model
    assert np.sqrt(np.mean(residual**2)) < pulse_to_pulse
    assert abs(residual.mean()) < 3 * refit.noise / np.sqrt(g.size)
    assert np.abs(residual).max() < 4 * refit.noise
