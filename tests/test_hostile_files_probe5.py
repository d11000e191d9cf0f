"""Hostile device files of probe 5: wrong numbers loaded as success, and refusals quoting a value not in
the file (a column unit ignored, a spike three cells wide, pulse numbers beyond int64, a pandas index,
thousands separators)."""

import re

import numpy as np
import pytest

from crossbar.devices.files import DEFAULT_DEVICE_FILE, DeviceFileError, parse_device

# ------------------------------------------------------------------ the instrument's resistance column


@pytest.mark.parametrize("unit, factor", [("kOhm", 1e3), ("MOhm", 1e6), ("k\u03a9", 1e3)])
def test_the_instrument_columns_resistance_unit_is_honoured(unit, factor):
    """'Resistance (kOhm)' was read as Ohm: 1000 times too high a conductance, rc 0 (probe 5: n_i_res_kohm). The
    rows' currents are left out: relabelled, the column contradicts them, which is refused (probe 9a, L)."""
    raw = DEFAULT_DEVICE_FILE.read_text()
    reference = parse_device(raw).conductance
    raw = "\n".join(",".join(f[:2] + ["", "", ""] + f[5:]) if len(f) == 6 and "resist" not in line.lower()
                    else line
                    for line, f in ((line, line.split(",")) for line in raw.splitlines())) + "\n"
    g = parse_device(raw.replace("Resistance (Ohm)", f"Resistance ({unit})")).conductance
    np.testing.assert_allclose(g, reference / factor, rtol=1e-15, atol=0)


@pytest.mark.parametrize("column, message", [
    ("Resistance (uS)", "line 13: column 6 is 'Resistance (uS)'; expected 'Resistance (Ohm)' (or kOhm, MOhm)"),
    ("Current (A)", "line 13: column 6 is 'Current (A)'; expected 'Resistance (Ohm)'"),
])
def test_an_instrument_column_6_that_is_no_resistance_is_refused(column, message):
    raw = DEFAULT_DEVICE_FILE.read_text().replace("Current (A),Resistance (Ohm)", f"Resistance (Ohm),{column}")
    with pytest.raises(DeviceFileError) as info:
        parse_device(raw)
    assert message in str(info.value), str(info.value)


def test_an_instrument_resistance_out_of_range_is_named_in_its_unit():
    head = ("Number of Pulses: 2\nRead Voltage (V): 5.0E-2\n"
            "Time stamp (s), Voltage (V), Current (A), Voltage (V), Current (A),Resistance (kOhm)\n")
    rows = "1,5.0E-2,,,,2.2E+3\n2,5.0E-2,,,,2.1E+3\n3,5.0E-2,,,,2.0E+13\n"  # 2e16 Ohm; no currents (probe 9a, L)
    with pytest.raises(DeviceFileError, match=r"line 6: read row has resistance 2.0E\+13 kOhm, a conductance of 5e-17 "
                                              r"S, below .* \(a resistance of 0.001 ... 1e\+12 kOhm\)"):
        parse_device(head + rows)


# ------------------------------------------------------------------ a spike three or four cells wide

def _saturating_csv(g):
    return "pulse,G (uS)\n" + "".join(f"{m},{1e6 * x:.6f}\n" for m, x in enumerate(g))


@pytest.mark.parametrize("run, factor", [(3, 50), (4, 50), (3, 0.02), (4, 5)])
def test_a_spike_three_or_four_cells_wide_is_refused(run, factor):
    """Pulses 25-27 50 times too high loaded with a window 49 times too wide, rc 0; one or two such cells were
    refused (probe 5: n_sp_sp_three_adj50)."""
    g = 1e-6 + 9e-6 * (1 - np.exp(-np.arange(50) / 15))
    damaged = g.copy()
    damaged[25:25 + run] *= factor
    side = "above" if factor > 1 else "below"
    with pytest.raises(DeviceFileError, match=rf"line 27: conductances .*, .* and .* \(pulses 25 to {24 + run}\) are "
                                              rf"\d+\.?\d* times {side} both neighbours .* and the curve comes back"):
        parse_device(_saturating_csv(damaged))
    assert parse_device(_saturating_csv(damaged), allow_outliers=True).conductance.size == 50
    # still loaded: a plateau five pulses long, an abrupt SET that stays up (also three pulses before the end),
    # a noisy curve (steps of 30 %)
    plateau = g.copy()
    plateau[25:30] *= factor
    assert parse_device(_saturating_csv(plateau)).conductance.size == 50
    for at in (20, 47):
        abrupt = np.where(np.arange(50) < at, 1e-7, 1e-5) * (1 + 0.001 * np.arange(50))
        assert parse_device(_saturating_csv(abrupt)).window == pytest.approx(abrupt[-1] - abrupt[0], rel=1e-5)
    noisy = g * np.exp(np.random.default_rng(5).normal(0, 0.3, g.size))
    assert parse_device(_saturating_csv(noisy)).conductance.size == 50


# ------------------------------------------------------------------ pulse numbers beyond int64

def _pulses_csv(pulses):
    return "pulse,G (uS)\n" + "".join(f"{p},{1 + 0.1 * m}\n" for m, p in enumerate(pulses))


@pytest.mark.parametrize("pulses, line, cell", [
    ([f"{m}000000000000000000" if m else "0" for m in range(12)], 3, "1000000000000000000"),
    ([f"{m}e300" for m in range(5)], 3, "1e300"),  # quoted as 4611686018427387904, 'appears twice'
    ([str(m) for m in range(49)] + ["9223372036854775808"], 51, "9223372036854775808"),  # 'missing [49]'
    (["0", "1", "2", "18446744073709551619", "4"], 5, "18446744073709551619"),  # 'missing [3]'
    (["0", "1", "2", "9007199254740993", "4"], 5, "9007199254740993"),  # 2**53 + 1: no float is that number
])
def test_pulse_numbers_beyond_the_exact_range_are_quoted_as_written(pulses, line, cell):
    with pytest.raises(DeviceFileError) as info:
        parse_device(_pulses_csv(pulses))
    assert f"line {line}: pulse number {cell} is too large; expected whole pulses 0, 1, 2, ..." in str(info.value), (
        str(info.value))


def test_pulse_numbers_beyond_int64_in_a_two_way_file_are_quoted_as_written():
    rows = "".join(f"{m}0000000000000000000,+,{1 + 0.1 * m}\n" for m in range(1, 5))
    text = "pulse,direction,G (uS)\n0,,1.0\n" + rows
    with pytest.raises(DeviceFileError, match=r"line 3: pulse number 10000000000000000000 is too large"):
        parse_device(text)


# ------------------------------------------------------------------ a pandas index column

@pytest.mark.parametrize("header, first, message", [
    ("Unnamed: 0,pulse,G (uS)", 0, "line 1: column 'Unnamed: 0' is a pandas index: drop it (df.to_csv(..., "
                                   "index=False))"),  # was 'conductance 0 is not positive'
    ("Unnamed: 0,pulse,G (uS)", 1, "line 1: column 'Unnamed: 0' is a pandas index"),  # was 'conductance 2 S is above'
    (",pulse,G (uS)", 0, "line 1: column 1 of the header has no name (row names, as pandas' to_csv and R's "
                         "write.csv write them?); expected none: write the table with df.to_csv(..., index=False) or "
                         "write.csv(..., row.names = FALSE)"),  # df.to_csv() of a frame whose index has no name; R
    ("pulse,Unnamed: 1,G (uS)", 0, "line 1: column 'Unnamed: 1' is a column pandas read without a name: name it or "
                                   "drop it"),
])
def test_a_pandas_index_column_is_named_as_one(header, first, message):
    text = header + "\n" + "".join(f"{first + m},{m},{1 + 0.1 * m}\n" for m in range(10))
    with pytest.raises(DeviceFileError) as info:
        parse_device(text)
    assert message in str(info.value), str(info.value)


# ------------------------------------------------------------------ thousands separators

@pytest.mark.parametrize("text, message", [
    # the probe's file: a comma header over semicolon rows; '000.0' was quoted, 'conductance 000.0 is not positive'
    ("pulse,G (nS)\n0;1,000.0\n1;1,580.4\n2;2,123.4\n", "line 2: '1,000.0' has a thousands separator: expected plain "
                                                       "numbers (the rows are semicolon-separated"),
    ("pulse;G (nS)\n0;1,000.0\n1;1,580.4\n2;2,123.4\n", "line 2: column 'G (nS)': '1,000.0' has a thousands "
                                                       "separator: expected plain numbers"),
    ('pulse,G (nS)\n0,"1,000.0"\n1,"1,580.4"\n2,2123.4\n', "line 2: column 'G (nS)': '1,000.0' has a thousands "
                                                          "separator"),
    ("pulse;G (pS)\n0;1.000,5\n1;1.580,4\n2;2.123,4\n", "line 2: column 'G (pS)': '1.000,5' has a thousands separator"),
    ("pulse;G (pS)\n0;1,000,000\n1;1,580,400\n2;2,123,400\n", "line 2: column 'G (pS)': '1,000,000' has a thousands "
                                                             "separator"),
    ("pulse,G (uS)\n0;1,5\n1;1,6\n2;2,1\n", "line 2: the header 'pulse,G (uS)' is comma-separated but the rows are "
                                           "semicolon-separated ('0;1,5'); expected one delimiter"),
])
def test_a_thousands_separator_is_named_quoting_the_cell(text, message):
    with pytest.raises(DeviceFileError) as info:
        parse_device(text)
    assert message in str(info.value), str(info.value)
    # a decimal comma in semicolon rows still reads
    assert parse_device("pulse;G (uS)\n0;1,5\n1;1,6\n2;2,1\n").conductance[0] == pytest.approx(1.5e-6)
