"""A device engineer's own files: delimiters, units, read currents, cycles, separate branches, and
branches that go the wrong way."""

import hashlib
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crossbar
from crossbar.devices import DeviceCurve, checks
from crossbar.devices.files import DATA_DIR, DeviceFileError, load_device, parse_device, write_pulse_train

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = DATA_DIR / "example_reram_cycles.csv"
UP = 1e-7 * (1 + np.arange(8) / 4.0)  # a rising branch, S
DOWN = UP[::-1][:6].copy()  # a falling one from its top
FUZZ = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _table(columns, rows, delimiter=","):
    return delimiter.join(columns) + "\n" + "".join(delimiter.join(map(str, r)) + "\n" for r in rows)


@pytest.mark.parametrize("delimiter", [",", "\t", ";", "   ", " "])
def test_every_delimiter_reads_the_same_curve(delimiter):
    text = _table(["pulse", "G (S)"], [(i, repr(float(g))) for i, g in enumerate(UP)], delimiter)
    device = parse_device(text)
    np.testing.assert_array_equal(device.conductance, UP)
    name = {",": "comma", "\t": "tab", ";": "semicolon"}.get(delimiter, "whitespace")
    assert device.metadata["delimiter"] == name


def test_a_tab_separated_digitised_curve_is_read_in_time_order_and_says_so():
    times = [0.0, 12.5, 25.1, 37.4, 50.0]
    text = "Time[ns]\tConductance (nS)\n" + "".join(f"{t}\t{g * 1e9:.6g}\n" for t, g in
                                                    reversed(list(zip(times, UP))))
    device = parse_device(text)
    np.testing.assert_allclose(device.conductance, UP[:5], rtol=1e-6)
    assert "rows in the order of the time column 'Time[ns]'" in device.metadata["pulses"]
    with pytest.raises(DeviceFileError, match=r"line 4: column 'Conductance': expected a number, found 'abc'"):
        parse_device("Time[ns]\tConductance\n0\t1e-7\n1\t2e-7\n2\tabc\n")
    with pytest.raises(DeviceFileError, match=r"line 3: expected 2 field\(s\) as in the header \(tab-separated\)"):
        parse_device("pulse\tG\n0\t1e-7\n1\t2e-7\t3\n")


@pytest.mark.parametrize("column, scale", [("G (uS)", 1e-6), ("Conductance [nS]", 1e-9), ("G_mS", 1e-3),
                                           ("conductance (\u00b5S)", 1e-6), ("G (S)", 1.0)])
def test_conductance_units_in_the_header(column, scale):
    values = UP / scale
    device = parse_device(_table([column], [(repr(float(v)),) for v in values]))
    np.testing.assert_allclose(device.conductance, values * scale, rtol=1e-15)


@pytest.mark.parametrize("column, to_siemens", [("R (kOhm)", lambda v: 1 / (v * 1e3)),
                                                ("Resistance (\u03a9)", lambda v: 1 / v)])
def test_resistances_become_conductances(column, to_siemens):
    values = 1 / UP / (1e3 if "k" in column else 1.0)  # falling resistance: rising conductance
    device = parse_device(_table([column], [(repr(float(v)),) for v in values]))
    np.testing.assert_allclose(device.conductance, to_siemens(values), rtol=1e-15)


def test_read_currents_need_the_read_voltage_and_become_g_equals_i_over_v():
    text = _table(["I (mA)"], [(f"{g * 0.2 * 1e3:.12g}",) for g in UP])
    with pytest.raises(DeviceFileError, match=r"line 1: column 'I \(mA\)' holds read currents; give the read "
                                              r"voltage \(--read-voltage V"):
        parse_device(text)
    device = parse_device(text, read_voltage=0.2)
    np.testing.assert_allclose(device.conductance, UP, rtol=1e-12)
    assert device.metadata["values"] == "read currents in mA at 0.2 V"
    with pytest.raises(DeviceFileError, match="a read voltage was given but column 'G' holds conductances"):
        parse_device(_table(["G"], [(repr(float(g)),) for g in UP]), read_voltage=0.1)
    with pytest.raises(ValueError, match="read_voltage = 0: expected a nonzero read voltage"):
        parse_device(text, read_voltage=0)


def test_unnamed_values_with_a_read_voltage_are_currents_and_the_unit_is_checked():
    device = parse_device(_table(["cycle 1"], [(repr(float(g * 0.1)),) for g in UP]), read_voltage=0.1)
    np.testing.assert_allclose(device.conductance, UP, rtol=1e-15)
    with pytest.raises(DeviceFileError, match=r"column 'G \(mA\)': the name says conductance but the unit 'mA' is a "
                                              "current unit"):
        parse_device("G (mA)\n1\n2\n")
    with pytest.raises(DeviceFileError, match="unknown unit 'furlongs'"):
        parse_device("G (furlongs)\n1\n2\n")
    with pytest.raises(DeviceFileError, match=r"conductance 40 S is above the physical range .*; if the column is "
                                              r"in another unit, name it in the header, e.g. 'G \(uS\)'"):
        parse_device("G\n40\n50\n")


def test_a_decimal_comma_with_semicolons():
    text = "pulse;G (uS)\n" + "".join(f"{i};{g * 1e6:.6f}".replace(".", ",") + "\n" for i, g in enumerate(UP))
    device = parse_device(text)
    np.testing.assert_allclose(device.conductance, UP, rtol=1e-12)
    assert device.metadata["decimal"] == "comma"


def test_cycles_make_a_per_pulse_median_and_one_can_be_picked():
    rng = np.random.default_rng(1)
    cycles = UP * (1 + 0.01 * rng.standard_normal((5, UP.size)))
    text = _table([f"cycle {c + 1}" for c in range(5)], [[repr(float(x)) for x in row] for row in cycles.T])
    device = parse_device(text)
    np.testing.assert_array_equal(device.conductance, np.median(cycles, axis=0))
    np.testing.assert_array_equal(device.cycles, cycles)
    third = parse_device(text, cycle=3)
    np.testing.assert_array_equal(third.conductance, cycles[2])
    assert third.sha256 != device.sha256 != hashlib.sha256(text.encode()).hexdigest() or True
    assert device.sha256 == hashlib.sha256(text.encode()).hexdigest()  # the file's hash: no option
    assert third.sha256 != device.sha256  # another curve from the same bytes: another identity
    with pytest.raises(ValueError, match=r"cycle = 6: the file has 5 cycles; expected 1 ... 5"):
        parse_device(text, cycle=6)


def test_cycles_of_different_lengths_end_with_empty_cells():
    rows = [[repr(float(a)), repr(float(b)) if k < 5 else "", repr(float(c)) if k < 7 else ""]
            for k, (a, b, c) in enumerate(zip(UP, UP * 1.01, UP * 0.99))]
    device = parse_device(_table(["c1", "c2", "c3"], rows))
    # The median runs as far as at least half the cycles reach (7 of 8 points: cycles a and c).
    assert device.length == 7
    np.testing.assert_array_equal(device.conductance[:5], np.median([UP, UP * 1.01, UP * 0.99], axis=0)[:5])
    np.testing.assert_array_equal(device.conductance[5:7], np.median([UP[5:7], UP[5:7] * 0.99], axis=0))
    assert np.isnan(device.cycles[1, 5:]).all() and device.cycles.shape == (3, 8)
    rows[2][1] = ""  # a hole inside a column
    with pytest.raises(DeviceFileError, match=r"line 5: column 'c2': an empty cell on line 4 before this value"):
        parse_device(_table(["c1", "c2", "c3"], rows))


def test_a_file_cut_inside_a_row_of_cycles_is_refused():
    text = _table(["c1", "c2"], [(repr(float(x)), repr(float(1.01 * x))) for x in UP])
    cut = text.rstrip("\n")
    cut = cut[: cut.rindex(",") + 1]  # '...,' : the last cycle's cell lost
    with pytest.raises(DeviceFileError, match="the file ends without a line break in a row with empty value cells"):
        parse_device(cut)


@pytest.mark.parametrize("value", ["0.5", "abc", "-7"])
def test_pulse_numbers_must_be_whole_and_say_what_to_do(value):
    text = f"pulse,G\n0,1e-7\n{value},2e-7\n2,3e-7\n"
    with pytest.raises(DeviceFileError) as info:
        parse_device(text)
    message = str(info.value)
    assert "line 3" in message
    if value == "0.5":
        assert "round them to whole pulses, or drop the pulse column to take the rows in file order" in message


def test_two_way_tables_read_their_pulse_column():
    rows = [(0, "", UP[0])] + [(k, "+", g) for k, g in enumerate(UP[1:], 1)] + \
           [(UP.size - 1 + k, "-", g) for k, g in enumerate(DOWN[1:], 1)]
    shuffled = [rows[i] for i in np.random.default_rng(2).permutation(len(rows))]
    device = parse_device(_table(["pulse", "direction", "G"], [(p, d, repr(float(g))) for p, d, g in shuffled]))
    np.testing.assert_array_equal(device.conductance, UP)
    np.testing.assert_array_equal(device.depression, DOWN)
    bad = [(p if p != 5 else 10**9, d, repr(float(g))) for p, d, g in rows]
    with pytest.raises(DeviceFileError, match=r"pulse numbers must run 0, 1, ..., L-1 without gaps; missing \[5\]"):
        parse_device(_table(["pulse", "direction", "G"], bad))


def test_instrument_blocks_are_cycles(tmp_path):
    blocks = []
    for c, factor in enumerate((1.0, 1.02, 0.99)):
        path = tmp_path / f"block{c}.dat"
        write_pulse_train(path, UP * factor, depression=DOWN * factor)
        blocks.append(path.read_bytes())
    device = parse_device(b"".join(blocks))
    assert device.cycles.shape == (3, UP.size) and device.depression_cycles.shape == (3, DOWN.size)
    np.testing.assert_allclose(device.conductance, UP, rtol=1e-12)  # the median cycle is factor 1
    np.testing.assert_allclose(parse_device(b"".join(blocks), cycle=2).depression, DOWN * 1.02, rtol=1e-12)
    assert device.metadata["cycles"] == 3


def test_a_depression_branch_in_a_file_of_its_own(tmp_path):
    up, down = tmp_path / "ltp.csv", tmp_path / "ltd.csv"
    up.write_text(_table(["G (nS)"], [(f"{g * 1e9:.9g}",) for g in UP]))
    down.write_text(_table(["G (nS)"], [(f"{g * 1e9:.9g}",) for g in DOWN]))
    device = load_device(up, depression=down)
    np.testing.assert_allclose(device.depression, DOWN, rtol=1e-12)
    assert device.metadata["load_options"]["depression"] == str(down)
    again = load_device(str(up), **{k: v for k, v in device.metadata["load_options"].items()})
    assert again.sha256 == device.sha256
    down.write_text(_table(["G (nS)"], [(f"{g * 1e9:.9g}",) for g in DOWN[::-1]]))  # NeuroSim's order
    with pytest.raises(DeviceFileError, match=r"ltd.csv: the depression branch rises in time order .* NeuroSim .* "
                                              "reverse its rows"):
        load_device(up, depression=down)


@pytest.mark.parametrize("text, message", [
    ("G\n3e-7\n2e-7\n1e-7\n", "the potentiation branch falls in time order"),
    ("G\n2e-7\n3e-7\n1e-7\n1e-7\n", "the potentiation branch falls in time order"),
    ("G\n2e-7\n2e-7\n", "never rises above its first point"),
    ("direction,G\n,1e-7\n+,2e-7\n+,3e-7\n-,3.5e-7\n-,4e-7\n", "the depression branch rises in time order"),
    ("direction,G\n,1e-7\n+,2e-7\n+,3e-7\n-,3e-7\n-,3e-7\n", "the depression branch never falls below its first"),
    ("direction,G\n,1e-7\n+,2e-7\n+,3e-7\n-,1e-7\n-,2e-7\n-,2.5e-7\n-,2.9e-7\n", "the depression branch rises in "
                                                                                 "time order"),
])
def test_branches_that_go_the_wrong_way_are_refused(text, message):
    with pytest.raises(DeviceFileError, match=message):
        parse_device(text)


@pytest.mark.parametrize("values, message", [
    ([1e300, 2e300], r"conductance\[0\] = 1e\+300: expected a conductance in the physical range"),
    ([2e-7, 1e-7], "conductance: falls in time order"),
    ([1e-7, 1e-7], "never rises"),
    ([-1e-7, 1e-7], "physical range"),
])
def test_a_curve_made_in_memory_is_held_to_the_same_rules(values, message):
    with pytest.raises(ValueError, match=message):
        DeviceCurve(values)
    with pytest.raises(ValueError, match="depression: rises in time order"):
        DeviceCurve(UP, depression=UP)


def test_the_example_device_is_reproduced_and_loads_with_the_data_window(tmp_path):
    spec = importlib.util.spec_from_file_location("make_example_device", ROOT / "scripts" / "make_example_device.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write(tmp_path / "again.csv")
    assert (tmp_path / "again.csv").read_bytes() == EXAMPLE.read_bytes()
    device = load_device(EXAMPLE, read_voltage=module.READ_VOLTAGE)
    # the window is the data's: from the currents read, by hand
    lines = [line.split(",") for line in EXAMPLE.read_text().splitlines() if line and line[0].isdigit()]
    up_rows = [row for row in lines if row[1] in ("start", "up")]
    median = [np.median([float(x) for x in row[2:] if x]) * 1e-6 / 0.1 for row in up_rows]
    assert device.window == pytest.approx(max(median) - median[0], rel=1e-12)
    assert device.window / crossbar.default_device().window == pytest.approx(1e4, rel=0.05)
    assert device.two_way and device.cycles.shape[0] == module.CYCLES
    assert np.isnan(device.depression_cycles).any()  # the cycles cut short


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "crossbar", *args], capture_output=True, text=True, cwd=ROOT)


def test_the_command_line_reads_cycles_and_currents_and_refuses_in_one_line(tmp_path):
    ok = _cli("train", "--device", str(EXAMPLE), "--read-voltage", "0.1", "--cycle", "2", "--rule", "gated")
    assert ok.returncode == 0, ok.stderr
    assert re.search(r"device +example_reram_cycles \(101 \+ 101 depression points, cycle 2, window", ok.stdout)
    for args, message in [
        (("--device", str(EXAMPLE)), "holds read currents; give the read voltage"),
        (("--device", str(EXAMPLE), "--read-voltage", "0.1", "--cycle", "99"), f"--cycle 99: {EXAMPLE} has 24 cycles"),
        (("--read-voltage", "0.1"), "--read-voltage says how to read a device file; the embedded default device"),
        (("--device", "ag-si", "--cycle", "1"), "--cycle says how to read a device file; preset 'ag-si'"),
        (("--device", str(EXAMPLE), "--read-voltage", "0"), "expected a nonzero read voltage"),
    ]:
        bad = _cli("train", *args)
        assert bad.returncode == 2, (args, bad.stderr)
        assert message in bad.stderr and len(bad.stderr.strip().splitlines()) == 1, bad.stderr


# ------------------------------------------------------------------ property-based fuzzing

rising = st.lists(st.floats(-1.0, 1.0), min_size=4, max_size=30).map(
    lambda steps: 1e-7 * np.exp(np.clip(np.cumsum(np.asarray(steps) + 0.5), -4, 4))).filter(
    lambda g: checks.direction_problem(g, rising=True) is None)


@FUZZ
@given(rising, st.integers(1, 4), st.sampled_from([",", "\t", ";"]), st.data())
def test_written_cycles_load_exactly_and_any_cut_is_refused_or_a_prefix(g, n, delimiter, data):
    cycles = np.array([g * (1 + 0.001 * k) for k in range(n)])
    text = _table([f"c{k} (S)" for k in range(n)], [[repr(float(x)) for x in row] for row in cycles.T], delimiter)
    full = parse_device(text)
    np.testing.assert_array_equal(full.conductance, np.median(cycles, axis=0))
    k = data.draw(st.integers(0, len(text)), label="cut")
    try:
        cut = parse_device(text[:k])
    except DeviceFileError:
        return
    assert np.array_equal(cut.conductance, full.conductance[:cut.length]), f"cut at {k} loaded a wrong curve"


@FUZZ
@given(rising, st.integers(2, 20), st.data())
def test_damaged_two_way_tables_are_refused_or_go_the_right_way(g, down_points, data):
    down = np.minimum.accumulate(g[-1] * np.exp(-0.2 * np.arange(down_points)))
    rows = [("", g[0])] + [("+", x) for x in g[1:]] + [("-", x) for x in down[1:]]
    raw = bytearray(_table(["direction", "G"], [(d, repr(float(x))) for d, x in rows]).encode())
    i = data.draw(st.integers(0, len(raw) - 1), label="byte")
    raw[i] = data.draw(st.sampled_from(list(b"0123456789.,-+eE \n")), label="new byte")
    try:
        device = parse_device(bytes(raw))
    except DeviceFileError:
        return
    assert checks.direction_problem(device.conductance, rising=True) is None
    if device.two_way:
        assert checks.direction_problem(device.depression, rising=False) is None


def test_a_two_way_cycle_cut_before_its_depression_adds_to_potentiation_only():
    rows = [("", UP[0])] + [("+", g) for g in UP[1:]] + [("-", g) for g in DOWN[1:]]
    table = [(d, repr(float(g)), repr(float(g * 1.01)) if k < UP.size else "") for k, (d, g) in enumerate(rows)]
    device = parse_device(_table(["direction", "c1", "c2"], table))
    assert device.cycles.shape == (2, UP.size) and device.depression_cycles is None  # one cycle has it
    np.testing.assert_array_equal(device.depression, DOWN)
    with pytest.raises(DeviceFileError, match="cycle 2 ends before its depressing train"):
        parse_device(_table(["direction", "c1", "c2"], table), cycle=2)
    np.testing.assert_array_equal(parse_device(_table(["direction", "c1", "c2"], table), cycle=1).depression, DOWN)


def test_the_device_command_says_what_was_read_and_which_fits_end_at_a_bound():
    text = _cli("device", "--device", str(EXAMPLE), "--read-voltage", "0.1")
    assert text.returncode == 0, text.stderr
    assert "read       delimiter comma; values read currents in uA at 0.1 V; read_voltage 0.1; cycles 24" in text.stdout
    assert re.search(r"noise +from 24 cycles: step scatter 0\.07\d* % of the window per pulse", text.stdout)
    assert "tau ended at a bound of the fit" in text.stdout and text.stderr == ""
    record = __import__("json").loads(_cli("device", "--device", str(EXAMPLE), "--read-voltage", "0.1",
                                           "--json").stdout)
    fits = record["fits"]
    assert fits["potentiation"]["stretched exponential"]["at_bound"] == ["tau"]
    assert fits["potentiation"]["power law"]["at_bound"] == []
    assert fits["depression"]["NeuroSim"]["nl"] == pytest.approx(
        crossbar.devices.laws.nl_label(28.0 / 100), rel=0.02)  # the generator's tau_down = 28 pulses
    assert record["scale"] == pytest.approx(record["window"] / record["reference_window"])
    bad = _cli("device", "--device", str(EXAMPLE))
    assert bad.returncode == 2 and len(bad.stderr.splitlines()) == 1 and "give the read voltage" in bad.stderr


def test_the_device_command_fits_once_and_its_misfit_is_calibrated_c2c(capsys, monkeypatch):
    """The misfit line is the stretched-exponential fit's noise over the window, taken from the fit the
    command makes anyway (a 200,000-pulse file took 40 s per fit, and it was fitted twice)."""
    from crossbar.cli import main
    device = crossbar.load_device(EXAMPLE, read_voltage=0.1)
    with pytest.warns(crossbar.devices.laws.LawFitWarning, match="tau ended at a bound"):  # as the command says
        expected = crossbar.calibrated_c2c(device)

    def refit(*args, **kwargs):
        raise AssertionError("the device command fitted the stretched exponential a second time")

    monkeypatch.setattr(crossbar.devices.presets, "fit_saturating", refit)
    assert main(["device", "--device", str(EXAMPLE), "--read-voltage", "0.1", "--json"]) == 0
    record = __import__("json").loads(capsys.readouterr().out)
    assert record["fit_misfit"] == pytest.approx(expected, rel=1e-12)
    assert main(["device", "--device", "ag-si", "--json"]) == 0  # a preset's published c2c: no misfit
    assert __import__("json").loads(capsys.readouterr().out)["fit_misfit"] is None


def test_a_depression_file_in_another_unit_is_refused(tmp_path):
    up, down = tmp_path / "ltp.csv", tmp_path / "ltd.csv"
    up.write_text(_table(["G (uS)"], [(f"{g * 1e6:.9g}",) for g in UP]))
    down.write_text(_table(["G (nS)"], [(f"{g * 1e6:.9g}",) for g in DOWN]))  # uS values under an nS header
    with pytest.raises(DeviceFileError, match=r"ltd.csv: the depression branch starts at 2.75e-10 S, more than a "
                                              r"window .*: are both files in the same unit\?"):
        load_device(up, depression=down)


@pytest.mark.parametrize("text", ["1e-7x\n2e-7\n3e-7\n", "0,1e-7\n1,2e-7x\n2,3e-7\n", "1.2.3\n2e-7\n3e-7\n"])
def test_a_first_data_row_with_a_typo_is_not_taken_for_a_header(text):
    with pytest.raises(DeviceFileError, match="line 1: expected a header line naming the columns"):
        parse_device(text)


@pytest.mark.parametrize("column, scale", [("R (kOhm) cycle 1", "kOhm"), ("G / mS", 1e-3), ("G/uS", 1e-6),
                                           ("G in nS", 1e-9), ("cycle 1 (uS)", 1e-6), ("Resistance [MOhm] run 2", "MOhm")])
def test_a_unit_written_before_a_cycle_name_or_after_a_slash_is_read_not_dropped(column, scale):
    # each of these once read as siemens or ohms, off by the prefix, and trained as if nothing were wrong
    if isinstance(scale, str):
        factor = {"kOhm": 1e3, "MOhm": 1e6}[scale]
        values = 1 / UP / factor
        expected = 1 / (values * factor)
    else:
        values, expected = UP / scale, UP
    device = parse_device(_table([column], [(repr(float(v)),) for v in values]))
    np.testing.assert_allclose(device.conductance, expected, rtol=1e-14)


@pytest.mark.parametrize("column, message", [
    ("G mS", r"column 'G mS': 'mS' looks like a unit but is not where a unit is read.*e\.g\. 'G \(mS\)'"),
    ("R kOhm cycle 1", r"'kOhm' looks like a unit .*e\.g\. 'R \(kOhm\)'"),
    ("G (mS) (uS)", r"column 'G \(mS\) \(uS\)' names 2 units \(mS, uS\)"),
    ("G / kOhm", r"the name says conductance but the unit 'kOhm' is a resistance unit"),
])
def test_a_unit_the_loader_cannot_place_is_refused_not_guessed(column, message):
    with pytest.raises(DeviceFileError, match=message):
        parse_device(_table([column], [(repr(float(g)),) for g in UP]))


def test_letters_and_words_are_not_taken_for_units():
    for column in ("cycle A", "sample S", "G", "run 12", "I_read"):
        device = parse_device(_table([column], [(repr(float(g)),) for g in UP]),
                              read_voltage=0.5 if column == "I_read" else None)
        np.testing.assert_allclose(device.conductance, UP / (0.5 if column == "I_read" else 1), rtol=1e-15)


def test_currents_read_at_a_negative_voltage_are_negative_and_give_positive_conductances():
    text = _table(["I (uA)"], [(repr(float(-g * 0.1 * 1e6)),) for g in UP])
    np.testing.assert_allclose(parse_device(text, read_voltage=-0.1).conductance, UP, rtol=1e-14)
    with pytest.raises(DeviceFileError, match=r"line 2: read current [0-9.e-]+ is not negative, but the read "
                                              r"voltage is -0.1 V; expected currents of the read voltage's sign"):
        parse_device(text.replace("-", ""), read_voltage=-0.1)
    with pytest.raises(DeviceFileError, match=r"line 2: column .I \(uA\).: read current -[0-9.e-]+ is not positive"):
        parse_device(text, read_voltage=0.1)


def test_a_line_longer_than_csvs_field_limit_is_read_and_a_quoted_giant_cell_named():
    cycles = 12_000  # one header line of about 100,000 characters more than csv's 131,072 field limit
    text = ",".join(f"cycle {k}" for k in range(cycles)) + "\n" + \
        "".join(",".join([f"{g:.6g}"] * cycles) + "\n" for g in UP)
    device = parse_device(text)
    assert device.cycles.shape == (cycles, UP.size)
    np.testing.assert_allclose(device.conductance, UP, rtol=1e-6)
    with pytest.raises(DeviceFileError, match=r"line 2: csv cannot read this line \(field larger than field limit"):
        parse_device('"G (S)"\n"' + "1" * 200_000 + '"\n1e-7\n')


@pytest.mark.parametrize("key, value, expected", [
    ("tON (ms)", "0", "a pulse width > 0"), ("tON (ms)", "-1", "a pulse width > 0"),
    ("ON Voltage (V)", "0", "a nonzero pulse voltage"), ("ON Voltage (V)", "2e4", "a nonzero pulse voltage"),
    ("tOFF (ms)", "-3", "a time >= 0"), ("Temperature (K)", "-4", "a temperature > 0 K")])
def test_an_instrument_header_setting_outside_its_physical_range_is_refused_at_its_line(tmp_path, key, value,
                                                                                         expected):
    # a pulse of no width was replaced by NeuroSim's, a negative one taken by its magnitude, unseen
    write_pulse_train(tmp_path / "d.dat", UP)
    lines = (tmp_path / "d.dat").read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(key + ":"))
    lines[at] = f"{key}: {value}\n"
    (tmp_path / "d.dat").write_text("".join(lines))
    with pytest.raises(DeviceFileError, match=rf"line {at + 1}: '{re.escape(key)}' is {re.escape(value)}; "
                                              rf"expected {expected}"):
        load_device(tmp_path / "d.dat")


def test_median_branches_that_do_not_meet_are_reported_and_refused_beyond_a_window():
    rows = [("", UP[0])] + [("+", g) for g in UP[1:]] + [("-", g) for g in DOWN[1:]]
    cut = [(d, repr(float(g)), repr(float(g * 1.01)) if k < UP.size else "") for k, (d, g) in enumerate(rows)]
    device = parse_device(_table(["direction", "c1", "c2"], cut))
    gap = device.metadata["branch_gap"]
    assert gap["gap"] == pytest.approx(DOWN[0] - device.conductance.max(), rel=1e-12) and gap["gap"] < 0
    assert gap["why"] == "1 cycle(s) end before depressing"
    whole = [(d, repr(float(g)), repr(float(g * 1.01))) for d, g in rows]
    assert "branch_gap" not in parse_device(_table(["direction", "c1", "c2"], whole)).metadata  # they meet
    assert "branch_gap" not in parse_device(_table(["direction", "c1", "c2"], cut), cycle=1).metadata
    far = [(d, repr(float(g)), repr(float(g * 10)) if k < UP.size else "") for k, (d, g) in enumerate(rows)]
    with pytest.raises(DeviceFileError, match=r"starts .* from the top of their median potentiation branch, more "
                                              r"than a window .*choose one cycle with --cycle K"):
        parse_device(_table(["direction", "c1", "c2"], far))


def test_cycles_written_in_different_units_are_each_read_in_their_own_and_said_so():
    device = parse_device(_table(["G (uS)", "G (nS)"], [(repr(float(g * 1e6)), repr(float(g * 1e9))) for g in UP]))
    np.testing.assert_allclose(device.cycles, np.vstack([UP, UP]), rtol=1e-14)
    assert device.metadata["values"] == "conductances in uS, nS (each column in its own)"


@pytest.mark.parametrize("second", ["Gnorm", "G (uS) in S", "G (nS)"])
def test_cycles_orders_of_magnitude_apart_are_refused_not_averaged(second):
    # a unitless normalised column, or one written in S under a uS header, was a second 'cycle': the
    # median of two is their mean, so the curve, its window and its measured noise followed neither
    values = {"Gnorm": UP / UP.max(), "G (uS) in S": UP, "G (nS)": UP * 1e9 * 1e3}[second]
    text = _table(["G (uS)", second.replace(" in S", "")],
                  [(repr(float(g * 1e6)), repr(float(v))) for g, v in zip(UP, values)])
    apart = (r"cycle 2 reads a median conductance of .* S and the other cycle .* S, .* times apart, more than the "
             r"10 times")
    # a column whose name says it is normalised is refused by its name, before its values are read (probe 13a, N1)
    mixed = r"column 'Gnorm': 'Gnorm' marks normalised values"
    with pytest.raises(DeviceFileError, match=mixed if second == "Gnorm" else apart):
        parse_device(text)
    near = _table(["G (uS)", "G (uS) c2"], [(repr(float(g * 1e6)), repr(float(g * 3e6))) for g in UP])
    assert parse_device(near).cycles.shape == (2, UP.size)  # three times apart: cycles of one device may be


def test_one_odd_cycle_among_several_is_the_one_named():
    cols = [repr(float(g * 1e6)) for g in UP]
    rows = [(c, c, c, repr(float(g))) for c, g in zip(cols, UP)]
    with pytest.raises(DeviceFileError, match=r"cycle 4 reads a median conductance of 1.875e-13 S and the other "
                                              r"cycles 1.875e-07 S"):
        parse_device(_table(["G (uS) c1", "G (uS) c2", "G (uS) c3", "G (uS) c4"], rows))


@pytest.mark.parametrize("options, error, message", [
    ({"depression": DOWN * 1000}, ValueError, r"depression starts at .* more than a window .* are both in siemens"),
    ({"cycles": np.vstack([UP, -UP])}, ValueError, r"cycles\[1, 0\] = -1e-07: expected a conductance in the "
                                                   r"physical range"),
    ({"cycles": np.ones((2, UP.size))}, ValueError, r"the cycles' median conductance 1 S is .* times the curve's"),
    ({"cycles": np.full((2, 3), 1e-7)}, ValueError, r"cycles has cycles of at most 3 points, and the curve .* has 8"),
    ({"cycles": np.vstack([UP, np.r_[UP[:3], np.nan, UP[4:]]])}, ValueError, r"cycles\[1\]: expected .* NaN only "
                                                                             r"past the cycle's end"),
    ({"depression_cycles": np.vstack([DOWN, DOWN])}, ValueError, "depression_cycles given without a depression"),
    ({"metadata": [1]}, TypeError, "metadata must be a dict, got list"),
    ({"name": 5}, TypeError, "name must be a str, got int"),
])
def test_a_device_curve_built_in_python_is_held_to_what_a_file_is(options, error, message):
    with pytest.raises(error, match=message):
        DeviceCurve(UP, **options)
    ragged = np.vstack([UP, np.r_[UP[:6] * 1.01, np.nan, np.nan]])
    assert DeviceCurve(UP, cycles=ragged, depression=DOWN).cycles.shape == (2, UP.size)


@pytest.mark.parametrize("values", [UP.astype(complex), np.array([1e-7, "2e-7"], dtype=object), None])
def test_a_curve_that_is_not_real_numbers_is_a_type_error(values):
    with pytest.raises(TypeError, match="conductance must be a 1-D array of conductances in siemens"):
        DeviceCurve(values)


def test_at_takes_pulse_counts_only():
    device = DeviceCurve(UP)
    assert device.at(3) == UP[3] and device.at(100) == UP[-1]
    np.testing.assert_array_equal(device.at([[0, 1], [7, 9]]), [[UP[0], UP[1]], [UP[7], UP[7]]])
    with pytest.raises(ValueError, match=r"pulse_count: -1 is outside 0"):
        device.at(-1)  # Python's negative index gave the last point
    for bad in (2.5, np.nan, "3"):
        with pytest.raises(TypeError, match="pulse_count must"):
            device.at(bad)


@pytest.mark.parametrize("column, message", [
    # long format (one row per cycle and pulse) is read since fix 25b; these rows number the pulses on from one cycle
    # to the next, so the second cycle starts at pulse 4, not at its initial state
    ("cycle", r"line 6: cycle 2 \(column 'cycle'\) starts at pulse 4 \(column 'pulse'\): in long format"),
    ("Cycle Number", r"cycle 2 \(column 'Cycle Number'\) starts at pulse 4"),
    ("Vread", r"line 1: column 'Vread' holds voltages; .*give the read voltage as --read-voltage V"),
    ("V (mV)", "holds voltages"),
])
def test_a_column_of_cycle_numbers_or_voltages_is_named_not_read_as_a_cycle(column, message):
    # each was read as one more cycle of conductances (1 S, 2 S, ... or 0.1 S) and refused for what it is not
    rows = [(i, 1 + i // 4, repr(float(g * 1e6))) for i, g in enumerate(UP)]
    with pytest.raises(DeviceFileError, match=message):
        parse_device(_table(["pulse", column, "G (uS)"], rows))


def test_a_german_pulse_column_and_a_non_positive_cell_name_their_column():
    rows = [(i, f"{g * 1e6:.6g}".replace(".", ",")) for i, g in enumerate(UP)]
    device = parse_device(("\ufeff" + _table(["Puls", "G (\u00b5S)"], rows, ";")).encode())
    np.testing.assert_allclose(device.conductance, UP, rtol=1e-6)
    with pytest.raises(DeviceFileError, match=r"line 3: column 'G \(uS\)': conductance 0 is not positive"):
        parse_device("G (uS)\n0.1\n0\n0.3\n")


def test_notes_below_the_header_are_notes_a_header_alone_is_named_and_latin1_is_read():
    text = "# run 4\n" + _table(["G (S)"], [(repr(float(g)),) for g in UP]) + "# end of run\n"
    device = parse_device(text.replace("\n" + repr(float(UP[3])), "\n# re-contacted\n" + repr(float(UP[3]))))
    np.testing.assert_array_equal(device.conductance, UP)
    assert device.metadata["notes"] == ["run 4", "re-contacted", "end of run"]
    with pytest.raises(DeviceFileError, match=r"line 1: has a header line and no data rows"):
        parse_device("pulse,G (S)\n")
    latin1 = parse_device("G (\u00b5S)\n1\n2\n".encode("latin-1"))
    np.testing.assert_allclose(latin1.conductance, [1e-6, 2e-6], rtol=1e-12)
    assert latin1.metadata["encoding"] == "Windows-1252"


def test_a_cycle_that_one_of_two_files_lacks_names_that_file(tmp_path):
    up, down = tmp_path / "up.csv", tmp_path / "down.csv"
    up.write_text(_table(["G (S)"], [(repr(float(g)),) for g in UP]))
    down.write_text(_table(["c1", "c2"], [(repr(float(g)), repr(float(g * 1.01))) for g in DOWN]))
    with pytest.raises(ValueError, match=rf"cycle = 2: {re.escape(str(up))} has 1 cycle; expected 1 \.\.\. 1"):
        load_device(up, depression=down, cycle=2)
