"""Hostile device and offset files: every cut, special files, unphysical values, outliers, fuzzing.

A loader may refuse a file, or load it; what it loads must be right. The truncation sweeps cut
files at every byte: each cut is refused or gives a curve equal to the start of the full one.
"""

import json
import os
import re
import string

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossbar.devices import checks
from crossbar.devices.files import DEFAULT_DEVICE_FILE, DeviceFileError, load_device, parse_device, write_pulse_train
from crossbar.devices.offsets import OffsetFileError, read_offset_matrix, write_offsets

# Deterministic (the same examples on every run) and quick enough for CI.
FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def cut_sweep(raw):
    """(refused, shorter, full) counts of loading raw[:k] for every k; assert no cut gives a wrong value."""
    full = parse_device(raw).conductance
    counts = [0, 0, 0]
    for k in range(len(raw) + 1):
        try:
            g = parse_device(raw[:k]).conductance
        except DeviceFileError:
            counts[0] += 1
            continue
        assert g.size <= full.size and np.array_equal(g, full[:g.size]), (
            f"cut at byte {k} ({raw[max(0, k - 20):k]!r}) loaded a wrong curve")
        counts[1 if g.size < full.size else 2] += 1
    return counts


def test_every_cut_of_the_default_device_is_refused():
    """Its header states 50 pulses, so any cut that loses a read row is refused; so is a cut number."""
    raw = DEFAULT_DEVICE_FILE.read_bytes()
    refused, shorter, full = cut_sweep(raw)
    assert shorter == 0 and refused == len(raw) + 1 - full
    assert full == 3  # the whole file, and cut before its final CR LF or LF


def test_every_cut_of_the_default_device_without_pulse_count_is_refused_or_a_prefix():
    raw = b"\r\n".join(line for line in DEFAULT_DEVICE_FILE.read_bytes().split(b"\r\n")
                       if not line.startswith(b"Number of Pulses"))
    refused, shorter, full = cut_sweep(raw)
    assert shorter > 1000 and refused > 9000  # most cuts fall inside a row; each whole row is a prefix


@pytest.mark.parametrize("layout", ["repr", "pulse,%.6e", "%.12f", "%g"])
def test_every_cut_of_a_csv_is_refused_or_a_prefix(layout):
    g = parse_device(DEFAULT_DEVICE_FILE.read_bytes()).conductance
    if layout == "repr":
        text = "conductance_S\n" + "".join(f"{float(x)!r}\n" for x in g)
    elif layout.startswith("pulse"):
        text = "pulse,conductance_S\n" + "".join(f"{i},{x:.6e}\r\n" for i, x in enumerate(g))
    else:
        text = "g\n" + "\n".join(layout % x for x in g)  # no final line break
    refused, shorter, full = cut_sweep(text.encode())
    assert shorter >= g.size - 2 and full >= 1


def test_every_cut_of_the_measured_file_is_refused(measured_device):
    with open(measured_device.source, "rb") as fh:
        raw = fh.read()
    refused, shorter, full = cut_sweep(raw)
    assert shorter == 0 and full >= 1


def test_a_number_cut_in_the_last_line_is_named():
    raw = DEFAULT_DEVICE_FILE.read_bytes().rstrip(b"\r\n")
    cut = raw[: raw.rindex(b"E+")]  # '...,2.1E+06' -> '...,2.1': 2.1 Ohm, 0.48 S
    text = b"\r\n".join(line for line in cut.split(b"\r\n") if not line.startswith(b"Number of Pulses"))
    with pytest.raises(DeviceFileError, match=r"line \d+: column 'Resistance \(Ohm\)': the file ends without a "
                                              r"line break and its last value '\d\.\d+' is not written like"):
        parse_device(text)


@pytest.mark.parametrize("text, message", [
    ("g\n1e-7\n1e308\n", "line 3: conductance 1e308 S is above the physical range 1e-15 ... 1 S"),
    ("g\n1e-7\n3e-16\n", "line 3: conductance 3e-16 S is below the physical range"),
    ("g\n1e-7\n1.2\n", "line 3: conductance 1.2 S is above"),
    ("pulse,g\n0,1e-7\n1000000000000,1e-7\n", "without gaps; missing [1]"),
    ("pulse,g\n0,1e-7\n1e300,1e-7\n", "line 3: pulse number 1e300 is too large"),  # probe 5: B3
    ("g\n1e-7\n1.1e-7\n5e-4\n1.2e-7\n", "line 4: conductance 0.0005 S (pulse 2) is at least 4.17e+03 times off its "
                                        "neighbours"),
    ("g\n1e-7\n1.1e-7\n1.2e-3\n", "line 4: conductance 0.0012 S (pulse 2) is at least 1.09e+04 times off its neighbour "),
    ("g\n1e-4\n1.1e-7\n1.2e-7\n", "line 2: conductance 0.0001 S (pulse 0)"),
    ("g\n\x00\n", "a NUL byte at offset 2"),
])
def test_unphysical_and_damaged_csv_values_are_refused(text, message):
    with pytest.raises(DeviceFileError) as info:
        parse_device(text)
    assert message in str(info.value)


def test_a_step_is_not_an_outlier_and_allow_outliers_accepts_a_spike():
    step = parse_device("g\n1e-9\n1.1e-9\n2e-7\n2.1e-7\n2.2e-7\n").conductance  # a 180x step, kept
    assert step.size == 5
    spike = "g\n1e-7\n1.1e-7\n5e-4\n1.2e-7\n"
    assert parse_device(spike, allow_outliers=True).conductance[2] == 5e-4


def test_resistance_out_of_range_names_line_and_range():
    head = ("Number of Pulses: 2\nRead Voltage (V): 5.0E-2\n"
            "Time stamp (s), Voltage (V), Current (A), Voltage (V), Current (A),Resistance (Ohm)\n")
    rows = ["1,5.0E-2,,,,2.2E+6", "2,5.0E-2,,,,2.1E+6", "3,5.0E-2,,,,{}"]  # no currents: a current of 1 A would
    # contradict each resistance (probe 9a, L)
    for value, side in (("4.9E-324", "above"), ("0.5E+0", "above"), ("2.0E+16", "below")):
        with pytest.raises(DeviceFileError, match=rf"line 6: read row has resistance {re.escape(value)} Ohm, a conductance of "
                                                  rf".* S, {side} the physical range"):
            parse_device(head + "\n".join(rows).format(value) + "\n")
    with pytest.raises(DeviceFileError, match="'Number of Pulses' is 2.5; expected a non-negative integer"):
        parse_device(head.replace(": 2", ": 2.5", 1) + "\n".join(rows).format("2.0E+6") + "\n")


def test_special_large_and_foreign_files(tmp_path):
    with pytest.raises(DeviceFileError, match="/dev/zero: is a character device, not a regular file"):
        load_device("/dev/zero")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(DeviceFileError, match="pipe.csv: is a FIFO"):
        load_device(fifo)  # refused before it is opened: nothing blocks
    big = tmp_path / "big.csv"
    with open(big, "wb") as fh:
        fh.truncate(checks.MAX_FILE_BYTES + 1)
    with pytest.raises(DeviceFileError, match=r"big.csv: is 67,108,865 bytes \(64 MiB\), more than the 67,108,864 "
                                              r"bytes \(64 MiB\) a device file may have"):  # "64 MiB, more than 64 MiB"
        load_device(big)
    with pytest.raises(TypeError, match="path must be a file path"):
        load_device(None)
    shifts = tmp_path / "shifts.csv"
    os.mkfifo(shifts)
    with pytest.raises(OffsetFileError, match="shifts.csv: is a FIFO"):
        read_offset_matrix(shifts, (4, 4))
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(range(256)))
    with pytest.raises(OffsetFileError, match="is not text"):
        read_offset_matrix(binary, (4, 4))
    wide = tmp_path / "wide.csv"
    wide.write_text("\n".join(",".join(["1e-8"] * 4) for _ in range(3)) + "\n2,1e-8,1e-8,1e-8\n")
    with pytest.raises(OffsetFileError, match=r"offset 2 S \(row 4, column 1\) is beyond 1 S"):
        read_offset_matrix(wide, (4, 4))


# ------------------------------------------------------------------ property-based fuzzing

@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_are_refused_or_a_physical_curve(raw):
    try:
        g = parse_device(raw).conductance
    except DeviceFileError:
        return
    assert np.all((g >= checks.CONDUCTANCE_RANGE[0]) & (g <= checks.CONDUCTANCE_RANGE[1]))
    assert checks.find_outlier(g) is None


# Curves a device could have: within 1e-9 ... 1e-5 S, neighbours within a factor of 3, rising as a
# potentiation branch must (a noisy walk with an upward drift; the rare one that falls is skipped).
curves = st.lists(st.floats(-1.0, 1.0), min_size=2, max_size=40).map(
    lambda steps: 1e-7 * np.exp(np.clip(np.cumsum(np.asarray(steps) + 0.4), -4, 4))).filter(
    lambda g: checks.direction_problem(g, rising=True) is None and checks.find_restart(g, True) is None)
CSV_LAYOUTS = ["repr", "%.6e", "%.17g", "pulse"]


def _csv(g, layout, newline):
    if layout == "pulse":
        order = np.random.default_rng(g.size).permutation(g.size)  # rows in any order
        return "pulse,g\n" + newline.join(f"{i},{float(g[i])!r}" for i in order)
    fmt = repr if layout == "repr" else (lambda x: layout % x)
    return "conductance\n" + newline.join(fmt(float(x)) for x in g)


@FUZZ
@given(curves, st.sampled_from(CSV_LAYOUTS), st.sampled_from(["\n", "\r\n"]), st.booleans(), st.data())
def test_written_curves_load_exactly_and_any_cut_is_a_prefix_or_refused(g, layout, newline, final, data):
    text = _csv(g, layout, newline) + (newline if final else "")
    expected = np.array([float(layout % x) if layout.startswith("%.6") else x for x in g])
    np.testing.assert_array_equal(parse_device(text).conductance, expected)
    k = data.draw(st.integers(0, len(text)), label="cut")
    try:
        cut = parse_device(text[:k]).conductance
    except DeviceFileError:
        return
    if layout == "pulse":  # rows are shuffled: a shorter file is refused for its gap, or whole
        np.testing.assert_array_equal(cut, expected)
    else:
        np.testing.assert_array_equal(cut, expected[:cut.size])


@FUZZ
@given(curves, st.data())
def test_damaged_pulse_trains_are_refused_or_physical(tmp_path_factory, g, data):
    path = tmp_path_factory.mktemp("pulse") / "device.dat"
    write_pulse_train(path, g)
    raw = bytearray(path.read_bytes())
    np.testing.assert_allclose(parse_device(bytes(raw)).conductance, g, rtol=1e-14)
    i = data.draw(st.integers(0, len(raw) - 1), label="byte")
    raw[i] = data.draw(st.sampled_from(list(b"0123456789.,-+eE \r\n:x")), label="new byte")
    try:
        damaged = parse_device(bytes(raw)).conductance
    except DeviceFileError:
        return
    assert np.all((damaged >= 1e-15) & (damaged <= 1)) and checks.find_outlier(damaged) is None


@FUZZ
@given(st.binary(max_size=300), st.sampled_from([".csv", ".npy", ".txt"]))
def test_any_offsets_file_is_refused_or_a_finite_matrix(tmp_path_factory, raw, suffix):
    path = tmp_path_factory.mktemp("shifts") / f"shifts{suffix}"
    path.write_bytes(raw)
    try:
        m = read_offset_matrix(path, (4, 4))
    except OffsetFileError:
        return
    assert m.shape == (4, 4) and np.all(np.isfinite(m)) and np.all(np.abs(m) <= 1)


numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([1e-8, -0.0, 1.0, 2.0]))
text_rows = st.lists(st.lists(st.one_of(numbers.map(repr), st.text(string.printable, max_size=6)),
                              min_size=1, max_size=5), min_size=0, max_size=6)


@FUZZ
@given(text_rows)
def test_offsets_text_is_refused_or_exactly_what_it_says(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("shifts") / "shifts.csv"
    path.write_text("\n".join(",".join(r) for r in rows) + "\n")
    try:
        m = read_offset_matrix(path, (4, 4))
    except OffsetFileError:
        return
    assert m.shape == (4, 4) and np.all(np.isfinite(m)) and np.all(np.abs(m) <= 1)


@FUZZ
@given(st.lists(st.floats(-1, 1, allow_subnormal=True), min_size=16, max_size=16))
def test_offsets_written_read_back_exactly(tmp_path_factory, values):
    path = tmp_path_factory.mktemp("shifts") / "shifts.csv"
    m = np.array(values).reshape(4, 4)
    write_offsets(path, m)
    np.testing.assert_array_equal(read_offset_matrix(path, (4, 4)), m)


def _reads(curve):
    """Every read of a device file in measured order: the potentiating train, then the depressing one."""
    down = curve.depression[1:] if curve.two_way else np.array([])
    return np.concatenate([curve.conductance, down])


@pytest.mark.parametrize("kind", ["pulse-train", "direction-csv"])
def test_every_cut_of_a_two_way_file_is_refused_or_a_prefix(tmp_path, kind):
    up = 1e-7 * (1 + np.arange(12) / 4.0)
    down = up[::-1][:9].copy()
    if kind == "pulse-train":
        path = tmp_path / "two_way.dat"
        write_pulse_train(path, up, depression=down)
        raw = path.read_bytes()
    else:
        rows = [("", up[0])] + [("+", g) for g in up[1:]] + [("-", g) for g in down[1:]]
        raw = ("direction,conductance\n" + "".join(f"{d},{float(g)!r}\n" for d, g in rows)).encode()
    full = parse_device(raw)
    assert full.two_way and np.allclose(_reads(full), np.concatenate([up, down[1:]]), rtol=1e-9, atol=0)
    loaded = 0
    for k in range(len(raw) + 1):
        try:
            reads = _reads(parse_device(raw[:k]))
        except DeviceFileError:
            continue
        loaded += 1
        assert np.array_equal(reads, _reads(full)[:reads.size]), f"cut at byte {k} loaded wrong reads"
    assert loaded >= 2


# ------------------------------------------------------------------ two files: what each holds is reported

def _split_files(tmp_path, down_cycles):
    """A one-cycle potentiation file in uS and a depression file in kOhm with `down_cycles` cycles."""
    g = 1e-6 + 9e-6 * (1 - np.exp(-np.arange(30) / 10))
    up, down = tmp_path / "up.csv", tmp_path / "down.csv"
    up.write_text("pulse,G (uS)\n" + "".join(f"{m},{float(1e6 * x)!r}\n" for m, x in enumerate(g)))
    walk = np.random.default_rng(5).normal(0, 1e-8, (down_cycles, g.size)).cumsum(axis=1)
    cycles = g[::-1] + walk - walk[:, :1]
    down.write_text("pulse," + ",".join(f"R (kOhm) c{k + 1}" for k in range(down_cycles)) + "\n"
                    + "".join(f"{m}," + ",".join(repr(float(1e-3 / x)) for x in cycles[:, m]) + "\n" for m in range(g.size)))
    return up, down


def test_a_depression_file_is_reported_with_its_own_unit_and_cycles(tmp_path, capsys):
    from crossbar import cli, measured_c2c, measured_noise

    up, down = _split_files(tmp_path, 3)
    device = load_device(up, depression=down)
    noise = measured_noise(device)  # the only cycles are the depression file's: they are the noise
    assert device.cycles is None and noise.cycles == 3 and noise.branches == {"depression": 3}
    assert noise.step_scatter > 0 and noise.as_dict()["branches"] == {"depression": 3}
    assert cli.main(["device", "--device", str(up), "--depression-file", str(down), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["read"]["values"] == "conductances in uS" and record["read"]["cycles"] == 1
    assert record["read"]["depression"]["values"] == "resistances in kOhm"
    assert record["read"]["depression"]["cycles"] == 3 and record["read"]["depression"]["file"] == str(down)
    assert record["noise"]["step_scatter"] == noise.step_scatter == measured_c2c(device)
    assert cli.main(["device", "--device", str(up), "--depression-file", str(down)]) == 0
    text = capsys.readouterr().out
    assert f"read       depression file {down}: delimiter comma; values resistances in kOhm; cycles 3" in text
    assert "noise      from 3 cycles of the depression branch (the potentiation branch has one)" in text
    assert cli.main(["train", "--device", str(up), "--depression-file", str(down), "--c2c", "measured",
                     "--max-epochs", "2", "--json"]) == 0  # --c2c measured takes the same number
    assert json.loads(capsys.readouterr().out)["parameters"]["nonideal"]["c2c"] == noise.step_scatter


def test_one_cycle_in_each_file_is_refused_naming_both(tmp_path, capsys):
    from crossbar import cli, measured_noise

    up, down = _split_files(tmp_path, 1)
    with pytest.raises(ValueError, match=re.escape(f"has one measured cycle in each branch (potentiation {up}, "
                                                   f"depression {down}); noise from cycles needs")):
        measured_noise(load_device(up, depression=down))
    assert cli.main(["device", "--device", str(up), "--depression-file", str(down)]) == 0
    assert "noise      one cycle in each branch: no noise" in capsys.readouterr().out


# ------------------------------------------------------------------ pulse-column names

def test_no_column_name_is_listed_twice():
    import ast

    from crossbar.devices import columns

    tree = ast.parse(open(columns.__file__, encoding="utf-8").read())
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.Dict)):
            items = [k.value for k in (node.elts if isinstance(node, ast.Set) else node.keys)
                     if isinstance(k, ast.Constant)]
            twice = sorted({k for k in items if items.count(k) > 1})
            assert not twice, f"line {node.lineno}: {twice} listed twice"


@pytest.mark.parametrize("name", sorted(__import__("crossbar.devices.columns", fromlist=["_"])._PULSE_NAMES))
def test_every_pulse_column_name_orders_the_rows(name):
    g = 1e-6 + 9e-6 * (1 - np.exp(-np.arange(12) / 4))
    order = np.random.default_rng(2).permutation(g.size)  # rows out of order: only pulse numbers sort them
    for shown in {name, name.upper(), f" {name.title()} "}:
        last = f"G (uS),{shown}\n" + "".join(f"{float(1e6 * g[m])!r},{m}\n" for m in order)
        np.testing.assert_allclose(parse_device(last).conductance, g, rtol=1e-12, atol=0)
        first = f"{shown},G (uS)\n" + "".join(f"{m},{float(1e6 * g[m])!r}\n" for m in order)
        if name == "#":  # a line starting with '#' is a note: the refusal says so
            with pytest.raises(DeviceFileError, match=r"line 1 starts with '#', so it is a note: .* call it 'pulse'"):
                parse_device(first)
        else:
            np.testing.assert_allclose(parse_device(first).conductance, g, rtol=1e-12, atol=0)


# ------------------------------------------------------------------ a spike under the outlier factor

def _saturating_csv(g):
    return "pulse,G (uS)\n" + "".join(f"{m},{1e6 * x:.6f}\n" for m, x in enumerate(g))


def test_a_spike_50_times_too_high_is_refused_naming_its_line(measured_device):
    g = 1e-6 + 9e-6 * (1 - np.exp(-np.arange(50) / 15))
    damaged = g.copy()
    damaged[25] *= 50  # under find_outlier's factor of 100, yet it alone would set the window (probe 4: z04)
    with pytest.raises(DeviceFileError, match=r"line 27: conductance .* \(pulse 25\) is 4\d\.\d times above both "
                                              r"neighbours .*--allow-outliers"):
        parse_device(_saturating_csv(damaged))
    assert parse_device(_saturating_csv(damaged), allow_outliers=True).conductance[25] == pytest.approx(damaged[25])
    # a clean curve, a noisy one (steps of 30 % both ways), the shipped cycles and the measurement still load
    assert parse_device(_saturating_csv(g)).conductance.size == 50
    noisy = g * np.exp(np.random.default_rng(3).normal(0, 0.3, g.size))
    assert parse_device(_saturating_csv(noisy)).conductance.size == 50
    assert load_device(DEFAULT_DEVICE_FILE.parent / "example_reram_cycles.csv", read_voltage=0.1).cycles is not None
    assert measured_device.conductance.size > 2


@pytest.mark.parametrize("damage, message", [
    ({49: 50}, r"line 51: conductance .* \(pulse 49\) is 50\.\d times above the point before, at the end of the "
               r"curve \(.* S\), while"),
    ({25: 50, 26: 50}, r"line 27: conductances .* and .* \(pulses 25 to 26\) are 4\d\.\d times above both "
                       r"neighbours .* and the curve comes back"),
    ({48: 0.02, 49: 0.02}, r"line 50: conductances .* \(pulses 48 to 49\) are 4\d\.\d times below the point before"),
    ({25: 9}, r"line 27: conductance .* \(pulse 25\) is 8\.\d+ times above both neighbours"),  # set W 8.5x too wide
])
def test_a_spike_at_the_end_or_two_cells_wide_is_refused(damage, message):
    """The last point 50 times too high set the window (4.8e-4 S for 8.66e-6 S, rc 0), as did two neighbouring
    cells 50 times too high, and one 9 times too high: the spike check looked at single inner points a
    decade off only (probe 4 re-check)."""
    g = 1e-6 + 9e-6 * (1 - np.exp(-np.arange(50) / 15))
    damaged = g.copy()
    for m, factor in damage.items():
        damaged[m] *= factor
    with pytest.raises(DeviceFileError, match=message):
        parse_device(_saturating_csv(damaged))
    assert parse_device(_saturating_csv(damaged), allow_outliers=True).conductance.size == 50
    # a first pulse that switches the device by a decade is a device, not a glitch; so is an abrupt SET
    assert parse_device(_saturating_csv(np.append(1e-7, g[1:]))).conductance[0] == pytest.approx(1e-7)
    abrupt = np.where(np.arange(50) < 20, 1e-7, 1e-5) * (1 + 0.001 * np.arange(50))
    assert parse_device(_saturating_csv(abrupt)).window == pytest.approx(abrupt[-1] - abrupt[0], rel=1e-5)


@pytest.mark.parametrize("text, quoted", [
    ("pulse,G (uS)\n0,1\n1," + "1" * 200_000 + "\n2,3\n", "1" * 60 + "... (200,000 characters) is not a finite"),
    ("pulse,G (uS)\n0,1\n1,x" + "9" * 200_000 + "\n", "found 'x" + "9" * 59 + "... (200,001 characters)'"),
    ("pulse,V (" + "z" * 100_000 + ")\n0,1\n1,2\n", "column 'V (" + "z" * 57 + "... (100,004 characters)'"),
])
def test_a_huge_cell_is_quoted_shortened(text, quoted):
    with pytest.raises(DeviceFileError) as info:  # it quoted all 200,000 characters (probe 4: b07)
        parse_device(text)
    assert quoted in str(info.value) and len(str(info.value)) < 400, str(info.value)[:400]


@pytest.mark.parametrize("raw, message", [
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "is an Excel workbook (.xlsx) or another zip archive, not a "
                                                      "CSV file; open it in Excel and save the sheet as 'CSV UTF-8'"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "is an Excel 97-2003 workbook (.xls)"),
    (b"\x1f\x8b\x08\x00" + bytes(range(200)), "is gzip-compressed; decompress it"),
    ("g\n1e-7\n2e-7\n".encode("utf-32"), "is UTF-32 text; save it as UTF-8"),  # it was called UTF-16
    ("pulse,g\n0,1e-7\n1,2e-7\n".encode("utf-16-le"), "looks like UTF-16 text without a byte-order mark"),
    ("pulse,g\n0,1e-7\n1,2e-7\n".encode("utf-16-be"), "looks like UTF-16 text without a byte-order mark"),
    ("pulse,g\n0,1e-7\n1,2e-7\n".encode("utf-32-be"), "looks like UTF-32 text without a byte-order mark"),
    (b"g\n1e-7\n\x00\x00\x00\n", "is not text (a NUL byte at offset 7)"),
])
def test_workbooks_archives_and_wide_encodings_are_named(raw, message):
    with pytest.raises(DeviceFileError) as info:  # an .xlsx was "Windows-1252 / Latin-1" (probe 4: x41, e23, e24)
        parse_device(raw)
    assert message in str(info.value), str(info.value)


def test_excel_sep_line_names_the_delimiter():
    g = parse_device("sep=;\npulse;G (uS)\n0;1,5\n1;2,5\n2;3\n").conductance  # Excel's first line (probe 4: x31)
    assert np.allclose(g, [1.5e-6, 2.5e-6, 3e-6])
    with pytest.raises(DeviceFileError, match=r"line 4: column 'G \(uS\)': expected a number"):
        parse_device("sep=,\npulse,G (uS)\n0,1\n1,x\n")  # lines counted with the sep= line


@pytest.mark.parametrize("text, message", [
    ("pulse,pulse,G (uS)\n0,0,1\n1,1,2\n", "line 1: columns 1 and 2 ('pulse', 'pulse') both number the pulses"),
    ("pulse,V_pulse (V),G (uS)\n0,1.5,1\n1,1.5,2\n", "column 'V_pulse (V)' holds the write pulses' voltage, which the "
                                                    "curve does not use: drop the column"),
    ("pulse,Vset (V),G (uS)\n0,1.5,1\n1,1.5,2\n", "column 'Vset (V)' holds the write pulses' voltage"),
    # 'Vread (V)' beside currents gives the read voltage since fix 26d (test_hostile_probe26_instrument_columns.py)
    ("pulse,V (V),I (uA)\n0,0.1,1\n1,0.1,2\n", "column 'V (V)' holds 0.1 V on every row: the read voltage of the "
                                               "values, or the write pulses' amplitude?"),
])
def test_extra_columns_are_named_for_what_they_are(text, message):
    with pytest.raises(DeviceFileError) as info:  # 'conductance 0 is not positive', '--read-voltage' (z09, x02, m15)
        parse_device(text)
    assert message in str(info.value), str(info.value)


def test_a_cycle_cut_short_with_nan_reads_as_with_empty_cells():
    rows = [f"{m},{1 + m / 10},{1.1 + m / 10}" for m in range(20)]
    padded = ["pulse,c1 (uS),c2 (uS)"] + rows[:15] + [r.rsplit(",", 1)[0] + ",NaN" for r in rows[15:]]
    empty = ["pulse,c1 (uS),c2 (uS)"] + rows[:15] + [r.rsplit(",", 1)[0] + "," for r in rows[15:]]
    # "NaN is not a finite number" (probe 4: m05)
    with_nan, with_empty = parse_device("\n".join(padded) + "\n"), parse_device("\n".join(empty) + "\n")
    assert np.array_equal(with_nan.conductance, with_empty.conductance) and with_nan.cycles.shape == (2, 20)
    with pytest.raises(DeviceFileError, match="line 4: column 'c2 \\(uS\\)': an empty cell on line 3 before this value"):
        parse_device("pulse,c1 (uS),c2 (uS)\n0,1,1\n1,2,nan\n2,3,3\n")  # a hole, NaN or empty, is refused


def test_an_instrument_header_number_with_a_decimal_comma_is_named(tmp_path):
    write_pulse_train(tmp_path / "d.dat", 1e-6 + 1e-7 * np.arange(5))
    text = (tmp_path / "d.dat").read_text().replace("Read Voltage (V): 5.000000E-02", "Read Voltage (V): 5,000000E-02")
    # it said "line 4: expected the column line 'Time stamp (s), ...'" (probe 4: i18)
    with pytest.raises(DeviceFileError, match=r"line 4: header 'Read Voltage \(V\)' has value '5,000000E-02', a number "
                                              r"with a decimal comma; expected a decimal point \(5.000000E-02\)"):
        parse_device(text)


def test_a_depression_file_with_a_direction_column_is_read_as_without_it(tmp_path):
    up, down = _split_files(tmp_path, 1)
    control = load_device(up, depression=down)
    rows = down.read_text().splitlines()
    down.write_text("\n".join([rows[0].replace("pulse,", "pulse,direction,")]
                              + [r.replace(",", ",0," if k == 0 else ",-,", 1) for k, r in enumerate(rows[1:])]) + "\n")
    read = load_device(up, depression=down)  # it was told to drop the column (probe 4: dp_w11; probe 29a, D29-5)
    assert read.depression.tolist() == control.depression.tolist()
