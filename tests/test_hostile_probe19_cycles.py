"""Probe 18a, W1, duplicate cycle labels, the long-format advice and its messages: what a table's columns are.

W1: a (cycles x pulses) matrix saved as it is, its columns labelled 'G (uS) pulse no. N' (and 'pulse nr. N', 'pulse No N',
'step no. N'), loaded as 10 cycles of 50 points: 'no. N' was read as a cycle mark, and the cycles' drift became the
curve. Without drift the same files were refused as 'falls in time order'; with a first column 'cycle' as 'long format';
'p N' and 'shot N' as 'a scale written in the name'. A pulse word with its number, in any form a cycle mark takes, now
names a pulse, and such columns are refused as transposed before their units and rows are read.

Duplicates: 'G (uS) cycle 1,G (uS) cycle 1' loaded as two cycles' median, while --cycle 1 refused it. A file that names
one cycle twice (or 'cycle 01' and 'cycle 1', or pandas' 'cycle 1.1') is now refused naming both columns.

The long-format refusal advised df.pivot(...), which written with to_csv() is refused again; a table with one row per
cycle was called long format; 'Var1', 'cycle 1 run 2' and 'cycle II' were refused with messages that said the wrong
thing. The advice is now pandas code that writes a table that loads (run here), and each message says what is there.
"""

import re

import numpy as np
import pytest

from crossbar.devices.files import DeviceFileError, load_device, parse_device
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

K = np.arange(10)
ONE = 1 + 0.5 * (1 - np.exp(-K / 3))  # one cycle, uS
TRANSPOSED = "names a pulse, not a cycle: one column per pulse, the table looks transposed"
ROW_PER_CYCLE = "name pulses: one row per cycle, the table looks transposed"


def _matrix(form, quantity="G", drift=0.001, first=None, cycles=50):
    """A (cycles x pulses) matrix, one row per cycle, its columns labelled `form` (a pulse number in '{}')."""
    rng = np.random.default_rng(19)
    rows = np.array([ONE * (1 + drift * i) + rng.normal(0, 0.0025, ONE.size) for i in range(cycles)])
    unit = {"G": "G (uS)", "R": "R (kOhm)", "I": "I (uA)"}[quantity]
    values = 1e3 / rows if quantity == "R" else rows
    names = ([first] if first else []) + [form.replace("G (uS)", unit).format(j + ("pulses" in form)) for j in K]
    return ",".join(names) + "\n" + "".join(",".join(([str(i + 1)] if first else []) + [f"{v:.6g}" for v in r]) + "\n"
                                            for i, r in enumerate(values))


# Forms that loaded as cycles ('no.', 'nr', 'No' read as cycle marks) or were refused with another message.
W1_FORMS = ["G (uS) pulse no. {}", "G (uS) pulse nr. {}", "G (uS) pulse No {}", "G (uS) pulse No.{}", "G (uS) pulse nr {}",
            "G (uS) pulse number {}", "G (uS) Pulse Number {}", "pulse no. {} (uS)", "G (uS) step no. {}",
            "G (uS) step {}", "G (uS) p {}", "G (uS) shot {}", "G (uS) {} pulses", "G (uS) after {} pulses",
            "G (uS) #{} pulse", "G (uS) {}th pulse"]
# Guards: refused as transposed already without a first column (with one, they were called long format).
W1_GUARDS = ["G (uS) pulse {}", "G (uS) pulse #{}", "G (uS) pulse_{}", "G (uS) Pulse-{}", "G_pulse_{}_uS", "G (uS) p{}"]


@pytest.mark.parametrize("drift", [0.001, 0.0])
@pytest.mark.parametrize("quantity", ["G", "R", "I"])
@pytest.mark.parametrize("form", W1_FORMS)
def test_columns_that_name_pulses_are_refused_as_a_transposed_table(form, quantity, drift):
    """w1b.csv: 50 cycles x 10 pulses as 'G (uS) pulse no. N' loaded as 10 cycles of 50 points (the drift)."""
    with pytest.raises(DeviceFileError, match=f"line 1: column .* \\(column 1, value column 1 of 10\\) {TRANSPOSED}"):
        parse_device(_matrix(form, quantity, drift), read_voltage=0.1 if quantity == "I" else None)


@pytest.mark.parametrize("drift", [0.001, 0.0])
@pytest.mark.parametrize("form", W1_FORMS + W1_GUARDS)
def test_a_cycle_column_beside_pulse_columns_is_one_row_per_cycle(form, drift):
    """With a first column 'cycle', the same matrix was refused as 'long format' (one row per cycle and pulse)."""
    with pytest.raises(DeviceFileError, match=f"line 1: column 'cycle' numbers the cycles and columns "
                                              f".* {ROW_PER_CYCLE}"):
        parse_device(_matrix(form, drift=drift, first="cycle"))


@pytest.mark.parametrize("form", W1_GUARDS)
def test_guard_pulse_columns_already_refused_stay_refused(form):
    """Guard: the forms refused as transposed before (probe 10a) are refused so still."""
    with pytest.raises(DeviceFileError, match=TRANSPOSED):
        parse_device(_matrix(form))


def test_the_command_line_refuses_w1_in_one_line(tmp_path):
    path = tmp_path / "w1b.csv"
    path.write_text(_matrix("G (uS) pulse no. {}"))
    assert_one_line_error(crossbar_cli("device", "--device", path), TRANSPOSED)


# --- one cycle named twice --------------------------------------------------------------------------------------------

def _cycles(header):
    names = header.split(",")
    return header + "\n" + "".join(",".join(f"{v * (1 + 0.01 * c):.10g}" for c in range(len(names))) + "\n" for v in ONE)


@pytest.mark.parametrize("header, twice", [
    ("G (uS) cycle 1,G (uS) cycle 1", ("G (uS) cycle 1", "G (uS) cycle 1")),
    ("G (uS) cycle 01,G (uS) cycle 1", ("G (uS) cycle 01", "G (uS) cycle 1")),
    ("G (uS) c1,G (uS) cycle 1", ("G (uS) c1", "G (uS) cycle 1")),
    ("G (uS) cycle 1,G (uS) cycle 2,G (uS) cycle 2", ("G (uS) cycle 2", "G (uS) cycle 2")),
    ("G (uS),G (uS) c2,G (uS) c2", ("G (uS) c2", "G (uS) c2")),
    ("R (kOhm) run 3,R (kOhm) run 03", ("R (kOhm) run 3", "R (kOhm) run 03")),
])
def test_a_file_naming_one_cycle_twice_is_refused_naming_both_columns(header, twice):
    """'G (uS) cycle 1,G (uS) cycle 1' loaded as two cycles' median; --cycle 1 refused it ('both name cycle 1')."""
    with pytest.raises(DeviceFileError) as caught:
        parse_device(_cycles(header))
    message = str(caught.value)
    assert re.search(r"both name cycle \d+: two devices, or one column pasted twice", message), message
    assert f"column {twice[0]!r}" in message and f"column {twice[1]!r}" in message


@pytest.mark.parametrize("header, copy, number", [("G (uS) cycle 1,G (uS) cycle 1.1", "G (uS) cycle 1.1", 1),
                                                  ("G (uS) c2,G (uS) c2.1", "G (uS) c2.1", 2),
                                                  ("G (uS) cycle 1,G (uS) cycle 2,G (uS) cycle 2.1", "G (uS) cycle 2.1", 2)])
def test_pandas_copy_of_a_cycle_name_is_refused_as_the_cycle_named_twice(header, copy, number):
    """pandas renames a repeated 'G (uS) cycle 1' to 'G (uS) cycle 1.1': refused as 'names differ by more than the cycle'."""
    with pytest.raises(DeviceFileError, match=f"column {re.escape(repr(copy))} .* is pandas' name for a second column "
                                              f".*, so the file names cycle {number} twice"):
        parse_device(_cycles(header))


@pytest.mark.parametrize("header", ["G (uS),G (uS)", "G (uS),G (uS).1", "G (uS),G (uS).1,G (uS).2"])
def test_guard_repeated_unmarked_names_load_as_cycles(header):
    """Guard: one name repeated (repeated measurements, pandas' copies) loads as cycles, their per-pulse median."""
    n = len(header.split(","))
    device = parse_device(_cycles(header))
    np.testing.assert_allclose(device.conductance, ONE * np.median([1 + 0.01 * c for c in range(n)]) * 1e-6, rtol=1e-9)


def test_the_command_line_refuses_a_cycle_named_twice_without_cycle(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("pulse,G (uS) cycle 1,G (uS) cycle 1\n" + "".join(f"{k},{v:.6g},{v * 1.01:.6g}\n"
                                                                      for k, v in enumerate(ONE)))
    assert_one_line_error(crossbar_cli("device", "--device", path), "both name cycle 1")


# --- the advice of the long-format and one-row-per-cycle refusals: pandas code that writes a table that loads ----------

def _advice(message):
    found = re.search(r"\(pandas: (df\..*?\.to_csv\(path, index=False\))", message)
    assert found is not None, message
    return found.group(1)


def _long():
    pandas = pytest.importorskip("pandas")
    cycles = {c: ONE * (1 + 0.02 * c) for c in (1, 2, 3)}
    return pandas, pandas.DataFrame([(c, p, cycles[c][p]) for c in cycles for p in K],
                                    columns=["cycle", "pulse", "G (uS)"]), cycles


# The advice the long-format refusal gave before fix 25b read the layout (kept: its output loads as the file does).
_LONG_ADVICE = {
    "long": "df.pivot(index='pulse', columns='cycle', values='G (uS)').add_prefix('G (uS) cycle ').reset_index()"
            ".to_csv(path, index=False)",
    "long_no_pulse": "df.assign(pulse=df.groupby('cycle').cumcount()).pivot(index='pulse', columns='cycle', "
                     "values='G (uS)').add_prefix('G (uS) cycle ').reset_index().to_csv(path, index=False)"}


def _run_advice(tmp_path, refused, df, pandas):
    with pytest.raises(DeviceFileError) as caught:
        load_device(refused)
    out = tmp_path / "advised.csv"
    code = _advice(str(caught.value)).replace("<unit>", "uS")  # the unit the advice leaves to the user ('cycle,0,1')
    exec(code, {"df": df, "path": str(out), "pd": pandas})  # the advice, run as given
    return load_device(out)


@pytest.mark.parametrize("layout", ["long", "long_no_pulse", "pivot_with_index", "one_row_per_cycle",
                                    "one_row_per_cycle_pulses"])
def test_the_advised_pandas_code_writes_a_table_that_loads(tmp_path, layout):
    """df.pivot(index='pulse', columns='cycle', values=...).to_csv() gave 'cycle,1,2,3' over 'pulse,,,', refused with
    the same advice; a table with one row per cycle was called long format."""
    pandas, df, cycles = _long()
    refused = tmp_path / f"{layout}.csv"
    if layout.startswith("long"):  # read since fix 25b: it loads as the recipe's output does
        df = df.drop(columns="pulse") if layout == "long_no_pulse" else df
        df.to_csv(refused, index=False)
        out = tmp_path / "advised.csv"
        exec(_LONG_ADVICE[layout], {"df": df, "path": str(out), "pd": pandas})
        for k in (None, 1, 3):
            np.testing.assert_array_equal(load_device(refused, cycle=k).conductance,
                                          load_device(out, cycle=k).conductance)
        np.testing.assert_allclose(load_device(refused, cycle=3).conductance, cycles[3] * 1e-6, rtol=1e-9)
        device = load_device(refused)
    elif layout == "pivot_with_index":  # what older pandas writes for the pivot with its index (probe 18a)
        refused.write_text("cycle,1,2,3\npulse,,,\n" + "".join(f"{p}," + ",".join(f"{cycles[c][p]:.10g}" for c in
                                                                                   cycles) + "\n" for p in K))
    else:
        wide = df.pivot(index="cycle", columns="pulse", values="G (uS)")
        if layout == "one_row_per_cycle_pulses":
            wide = wide.add_prefix("G (uS) pulse ")
        wide.reset_index().to_csv(refused, index=False)
        df = pandas.read_csv(refused)
    if not layout.startswith("long"):
        device = _run_advice(tmp_path, refused, df, pandas)
    np.testing.assert_allclose(device.conductance, np.median(list(cycles.values()), axis=0) * 1e-6, rtol=1e-9)
    assert device.metadata["cycles"] == 3


def test_a_table_with_one_row_per_cycle_is_not_called_long_format():
    with pytest.raises(DeviceFileError, match=f"column 'cycle' numbers the cycles and columns '0', '1', "
                                              f"'2', ... {ROW_PER_CYCLE}") as caught:
        parse_device("cycle," + ",".join(map(str, K)) + "\n" + "".join(f"{c}," + ",".join(f"{v:.6g}" for v in ONE)
                                                                          + "\n" for c in (1, 2, 3)))
    assert "long format" not in str(caught.value)


# --- messages that said the wrong thing -------------------------------------------------------------------------------

def test_matlab_var_names_name_no_quantity_or_unit():
    """'Var1' was refused as "'Var' ... makes the values a quantity derived from the measured one"."""
    with pytest.raises(DeviceFileError, match="column 'Var1' \\(column 1, value column 1 of 2\\) names no quantity or "
                                              "unit \\(MATLAB's name") as caught:
        parse_device("Var1,Var2\n" + "".join(f"{v * 1e-6:.6g},{v * 1.01e-6:.6g}\n" for v in ONE))
    assert "derived" not in str(caught.value)


@pytest.mark.parametrize("header, said, number", [
    ("G (uS) cycle 1 run 2,G (uS) cycle 2 run 1", "names two numbers \\('cycle 2', 'run 1'\\)", 2),
    ("G (uS) cycle 2 (run 1),G (uS) cycle 1 (run 2)", "names two numbers \\('cycle 1', 'run 2'\\)", 1),
    ("G (uS) cycle II,G (uS) cycle I", "names its cycle as 'I', which is not read", 1),
    ("G (uS) cycle iii,G (uS) cycle iv", "names its cycle as 'iv', which is not read", 4),
    ("G (uS) run three,G (uS) run two", "names its cycle as 'two', which is not read", 2),
    ("G (uS) third cycle,G (uS) second cycle", "names its cycle as 'second', which is not read", 2),
])
def test_a_cycle_written_in_a_form_not_read_is_said_so(header, said, number):
    """'cycle 1 run 2' and 'cycle II' were refused saying the column 'names none' (no cycle)."""
    with pytest.raises(DeviceFileError, match=f"value column 2 of 2\\) {said}.*'G \\(uS\\) cycle {number}'") as caught:
        parse_device(_cycles(header))
    assert "names none" not in str(caught.value)


# --- guards: valid multi-cycle files load as they did -----------------------------------------------------------------

@pytest.mark.parametrize("header", ["pulse,G (uS) cycle 1,G (uS) cycle 2,G (uS) cycle 3",
                                    "G (uS) pulse train 1,G (uS) pulse train 2,G (uS) pulse train 3",
                                    "G (uS) cycle No.1,G (uS) cycle No.2,G (uS) cycle No.3",
                                    "G (uS) 1st cycle,G (uS) 2nd cycle,G (uS) 3rd cycle",
                                    "I (uA) cycle 1,I (uA) cycle 2,I (uA) cycle 3"])
def test_guard_cycle_columns_load_to_the_same_values(header):
    names = header.split(",")
    values = [name for name in names if name != "pulse"]
    text = header + "\n" + "".join((f"{p}," if names[0] == "pulse" else "") + ",".join(
        f"{ONE[p] * (1 + 0.02 * c):.10g}" for c in range(len(values))) + "\n" for p in K)
    device = parse_device(text, read_voltage=0.1 if header[0] == "I" else None)
    scale = 1e-6 / 0.1 if header[0] == "I" else 1e-6
    np.testing.assert_allclose(device.conductance, ONE * 1.02 * scale, rtol=1e-9)
    chosen = parse_device(text, cycle=3, read_voltage=0.1 if header[0] == "I" else None)
    np.testing.assert_allclose(chosen.conductance, ONE * 1.04 * scale, rtol=1e-9)


@pytest.mark.parametrize("text", ["x,cycle,1,2\n5\n1,2,3,4\n", "cycle,1,2\npulse\n0,1e-6,1.1e-6\n1,1.2e-6,1.3e-6\n"])
def test_guard_a_short_row_under_a_cycle_column_is_refused_in_one_line(text):
    """Guard: the layout check reads the row under the header, which may hold fewer cells than the header names."""
    with pytest.raises(DeviceFileError, match="line 1: column 'cycle' numbers the cycles"):
        parse_device(text)
