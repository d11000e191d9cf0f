"""Probe 17a, F2, F3, C2, C3 and the envelopes: which value columns of a table are cycles is a closed rule.

F2: a second value column was a cycle unless its name held a word of a list (SD, fit, max, baseline, ...): 'G expected',
'G se', 'G (uS) (percentile)', 'G_step', 'G high' and 40-odd more were averaged in as cycles with status 0 (0.7 G
where the statistic column was 0.4 G), in R and I tables, semicolon files, depression files, two-way tables and beside
two real cycles; with --cycle 2 the statistic column loaded as the device. F3: columns of different conditions or
devices ('G (uS) 1 V' / '1.5 V' / '2 V', '10 ms pulses', '300 K', 'device A', 'D1', 'HfO2', 'LTP') loaded as cycles,
their median the curve and their spread trained as c2c noise. C2: beside 'G (uS) cycle 2', 'G (uS) cycle 1', a column
naming no cycle made --cycle K count positions. C3: pandas' 'G (uS).2', '{2}', '<2>' were not read as cycle numbers.

Several value columns now load only where each names its cycle (a cycle word with its number, an ordinal, or a number
after the quantity and unit alone), their names otherwise the same; or where all have one name; or where only the first
names none beside the others' name with marks (it is cycle 1). Anything else is refused naming the column.
"""

import numpy as np
import pytest

from crossbar.devices.files import DeviceFileError, load_device, parse_device
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

M = np.arange(31)
G = 1 + 0.5 * (1 - np.exp(-M / 8))  # uS
NONE_NAMED = "this one names none, so it may be a statistic, a model, a condition or another device"


def _table(header, *columns, sep=","):
    return header + "\n" + "".join(f"{k}{sep}" + sep.join(f"{c[k]:.10g}" for c in columns) + "\n" for k in M)


# --- F2: probe 17a's words, in its 4 name forms (the 'p'/'q' words and the models in 3, the rest in 2) ---------------

STATS = ["s.d.", "se", "SE", "s.e.m.", "conf", "confidence", "quartile", "percentile", "cv", "ripple", "tolerance",
         "tol", "band", "scatter", "jitter"]
QUANTILES = ["q1", "q3", "p5", "p25", "p75", "p95"]
MODELS = ["estimate", "est", "expected", "nominal", "setpoint", "computed", "spec", "goal", "trend", "regression",
          "corrected", "drift corrected", "guess", "approx", "ref"]
DERIVED = ["residual", "resid", "step", "cumulative", "cumsum"]
ENVELOPES = ["high", "low", "peak", "bound"]
FORMS = ["G {} (uS)", "{} (uS)", "G (uS) ({})", "G_{} (uS)"]
CASES = ([(w, f) for w in STATS for f in FORMS] + [(w, f) for w in QUANTILES for f in FORMS[:2] + FORMS[3:]] +
         [(w, f) for w in MODELS for f in FORMS[:3]] + [(w, f) for w in DERIVED + ENVELOPES for f in FORMS[:2]])
# ('G (uS) (q1)' was refused already: 'q1' after the unit is no label the loader reads.)


@pytest.mark.parametrize("word, form", CASES)
def test_a_statistic_model_or_derived_column_beside_g_is_refused_naming_it(word, form):
    """'pulse,G (uS),G expected (uS)' loaded 0.7 G, the mean of G and the 0.4 G column, as two cycles."""
    name = form.format(word)
    with pytest.raises(DeviceFileError, match="line 1: ") as caught:
        parse_device(_table(f"pulse,G (uS),{name}", G, G * 0.4))
    assert f"{name!r}" in str(caught.value) or f"'{word}'" in str(caught.value)


@pytest.mark.parametrize("word", ["expected", "se", "percentile", "nominal", "residual", "high"])
def test_cycle_2_does_not_load_the_statistic_column_as_the_device(word):
    """f2_k2_estimate: --cycle 2 loaded the 'G estimate' column as the device."""
    with pytest.raises(DeviceFileError,
                       match=f"column 'G {word} \\(uS\\)' \\(column 3, value column 2 of 2\\): .*{NONE_NAMED}"):
        parse_device(_table(f"pulse,G (uS),G {word} (uS)", G, G * 0.4), cycle=2)


# --- the same in other tables -----------------------------------------------------------------------------------------

OTHER_TABLES = {
    "resistance": ("pulse\tR (kOhm)\tR expected (kOhm)", (1e3 / G, 1e3 / G * 1.3), "\t", {}),
    "current": ("time (s),I (uA) @ 0.1 V,I expected (uA) @ 0.1 V", (0.1 * G, 0.07 * G), ",", {}),
    "current option": ("pulse,I (uA),I nominal (uA)", (0.1 * G, 0.07 * G), ",", {"read_voltage": 0.1}),
    "no pulse column": ("G (uS)\tG estimate (uS)", (G, 0.7 * G), "\t", {}),
    "beside two cycles": ("pulse,G (uS) c1,G (uS) c2,G trend (uS)", (G, G * 1.01, G * 1.3), ",", {}),
    "beside a mean": ("pulse,G mean (uS),G se (uS)", (G, 0.3 * G), ",", {}),
}


@pytest.mark.parametrize("kind", sorted(OTHER_TABLES))
def test_a_column_naming_no_cycle_is_refused_in_every_table_form(kind):
    header, columns, sep, options = OTHER_TABLES[kind]
    text = _table(header, *columns, sep=sep)
    if kind == "no pulse column":
        text = header + "\n" + "".join("\t".join(f"{c[k]:.10g}" for c in columns) + "\n" for k in M)
    with pytest.raises(DeviceFileError, match=NONE_NAMED):
        parse_device(text, **options)


def test_a_semicolon_file_with_decimal_commas_is_refused_too():
    text = "pulse;G mean (uS);G nominal (uS)\n" + "".join(f"{k};{g:.6f};{0.3 * g:.6f}\n".replace(".", ",")
                                                         for k, g in zip(M, G))
    with pytest.raises(DeviceFileError, match=f"column 'G nominal \\(uS\\)' \\(column 3.*{NONE_NAMED}"):
        parse_device(text)


def test_a_two_way_table_is_refused_too():
    down = G[-1] - 0.3 * (1 - np.exp(-np.arange(1, 21) / 5))
    values = np.r_[G, down]
    dirs = [""] + ["+"] * 30 + ["-"] * 20
    text = "pulse,direction,G (uS),G expected (uS)\n" + "".join(f"{k},{d},{v:.10g},{0.7 * v:.10g}\n"
                                                                 for k, (d, v) in enumerate(zip(dirs, values)))
    with pytest.raises(DeviceFileError, match=NONE_NAMED):
        parse_device(text)


def test_a_depression_file_is_refused_naming_it(tmp_path):
    down = G[-1] - 0.3 * (1 - np.exp(-np.arange(21) / 5))
    (tmp_path / "up.csv").write_text(_table("pulse,G (uS)", G))
    (tmp_path / "down.csv").write_text("pulse,G (uS),G expected (uS)\n" +
                                       "".join(f"{k},{v:.10g},{0.7 * v:.10g}\n" for k, v in enumerate(down)))
    with pytest.raises(DeviceFileError,
                       match=f"down.csv, line 1: column 'G expected \\(uS\\)' \\(column 3.*{NONE_NAMED}"):
        load_device(tmp_path / "up.csv", depression=tmp_path / "down.csv")


# --- F3: conditions and devices --------------------------------------------------------------------------------------

CONDITIONS = {
    "volts": ["G (uS) 1 V", "G (uS) 1.5 V", "G (uS) 2 V"],
    "volts_at": ["G (uS) at 1 V", "G (uS) at 1.5 V", "G (uS) at 2 V"],
    "vset": ["G (uS) Vset=1V", "G (uS) Vset=1.5V", "G (uS) Vset=2V"],
    "widths": ["G (uS) 10 ms pulses", "G (uS) 50 ms pulses", "G (uS) 100 ms pulses"],
    "widths_us": ["G (uS) 1 us", "G (uS) 10 us", "G (uS) 100 us"],
    "temps": ["G (uS) 300 K", "G (uS) 350 K", "G (uS) 400 K"],
    "temps_C": ["G (uS) 25C", "G (uS) 85C", "G (uS) 125C"],
    "freq": ["G (uS) 1 Hz", "G (uS) 10 Hz", "G (uS) 100 Hz"],
    "devices": ["G (uS) device A", "G (uS) device B", "G (uS) device C"],
    "devices_D": ["G (uS) D1", "G (uS) D2", "G (uS) D3"],
    "devices_D_bracket": ["G (uS) (D1)", "G (uS) (D2)", "G (uS) (D3)"],
    "dev_numbers": ["G (uS) dev 1", "G (uS) dev 2", "G (uS) dev 3"],
    "samples": ["G (uS) sample A", "G (uS) sample B", "G (uS) sample C"],
    "sample_numbers": ["G (uS) sample 1", "G (uS) sample 2", "G (uS) sample 3"],
    "dev_prefix": ["device 1 G (uS)", "device 2 G (uS)", "device 3 G (uS)"],
    "sizes": ["G (uS) 2 um", "G (uS) 5 um", "G (uS) 10 um"],
    "materials": ["G (uS) HfO2", "G (uS) TaOx", "G (uS) AlOx"],
    "ltp_words": ["G (uS) LTP", "G (uS) LTD", "G (uS) LTP 2"],
    "temperatures_T": ["G (uS) T=300", "G (uS) T=350", "G (uS) T=400"],
    "times": ["G (uS) 5 min", "G (uS) 10 min", "G (uS) 15 min"],
    "marked conditions": ["G (uS) 1 V cycle 1", "G (uS) 2 V cycle 2", "G (uS) 3 V cycle 3"],
}
CURVES = [1 + w * (1 - np.exp(-M / 8)) for w in (0.3, 0.5, 0.8)]


@pytest.mark.parametrize("cycle", [None, 1, 3])
@pytest.mark.parametrize("key", sorted(CONDITIONS))
def test_columns_of_conditions_or_devices_are_refused_as_cycles(key, cycle):
    """'G (uS) 1 V,1.5 V,2 V' loaded as 3 cycles: the 1.5 V column as the curve and 13 % c2c noise."""
    names = CONDITIONS[key]
    with pytest.raises(DeviceFileError, match="line 1: column '.*' \\(column [23], ") as caught:
        parse_device(_table("pulse," + ",".join(names), *CURVES), cycle=cycle)
    message = str(caught.value)
    assert NONE_NAMED in message or "differ by more than the cycle" in message


def test_the_command_line_refuses_conditions_in_one_line(tmp_path):
    path = tmp_path / "f3.csv"
    path.write_text(_table("pulse,G (uS) 1 V,G (uS) 1.5 V,G (uS) 2 V", *CURVES))
    assert_one_line_error(crossbar_cli("device", "--device", path), "f3.csv, line 1: column 'G (uS) 1.5 V' (column 3, "
                                                                   "value column 2 of 3): several value columns")


# --- C2: one column with no mark beside marked ones -------------------------------------------------------------------

def test_a_first_column_with_no_mark_is_cycle_1_and_k_takes_the_column_named_k():
    """At HEAD, --cycle 2 over 'G (uS),G (uS) c3,G (uS) c2' took the second column, the one named c3."""
    text = _table("pulse,G (uS),G (uS) c3,G (uS) c2", G, G * 1.02, G * 1.01)
    for cycle, factor in ((1, 1.0), (2, 1.01), (3, 1.02)):
        device = parse_device(text, cycle=cycle)
        np.testing.assert_allclose(device.conductance, G * factor * 1e-6, rtol=1e-9)


@pytest.mark.parametrize("cycle", [None, 1, 2, 3])
def test_a_column_with_no_mark_beside_one_named_cycle_1_is_refused(cycle):
    """C2: 'G (uS) cycle 2,G (uS),G (uS) cycle 1' with --cycle 1 took the column named cycle 2."""
    with pytest.raises(DeviceFileError, match="column 'G \\(uS\\)' \\(column 3, value column 2 of 3\\): .*none"):
        parse_device(_table("pulse,G (uS) cycle 2,G (uS),G (uS) cycle 1", G * 1.02, G * 1.01, G), cycle=cycle)


def test_a_first_column_with_no_mark_beside_cycle_1_is_refused():
    with pytest.raises(DeviceFileError, match="column 'G \\(uS\\)' \\(column 2, .* names no cycle and "
                                              "column 'G \\(uS\\) c1' \\(column 3.* names cycle 1"):
        parse_device(_table("pulse,G (uS),G (uS) c1,G (uS) c2", G, G * 1.01, G * 1.02))


def test_a_first_column_of_another_name_beside_cycles_is_refused():
    """'G mean (uS)' beside the cycles it is the mean of was averaged in as one more cycle."""
    with pytest.raises(DeviceFileError, match=f"column 'G mean \\(uS\\)' \\(column 2.*{NONE_NAMED}"):
        parse_device(_table("pulse,G mean (uS),G (uS) c1,G (uS) c2", G * 1.01, G, G * 1.02))


# --- C3: pandas' '.2', '{2}', '<2>' ----------------------------------------------------------------------------------

@pytest.mark.parametrize("form", ["G (uS).{}", "G (uS) {{{}}}", "G (uS) <{}>"])
@pytest.mark.parametrize("cycle", [1, 2])
def test_cycle_k_takes_the_column_whose_mark_names_k(form, cycle):
    """'G (uS).2,G (uS).1' with --cycle 1 took the column named .2."""
    text = _table(f"pulse,{form.format(2)},{form.format(1)}", G * 1.02, G)
    device = parse_device(text, cycle=cycle)
    np.testing.assert_allclose(device.conductance, (G if cycle == 1 else G * 1.02) * 1e-6, rtol=1e-9)


# --- guards: valid files load as before ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["G (uS) 300 K", "G (uS) sample A", "G (uS) 10 ms pulses", "G (uS) D12",
                                  "G expected (uS)", "G (uS) 1 V"])
def test_guard_one_value_column_loads_whatever_its_label(name):
    np.testing.assert_allclose(parse_device(_table(f"pulse,{name}", G)).conductance, G * 1e-6, rtol=1e-9)


LABELS = {"cycle": "G (uS) cycle {}", "c": "G (uS) c{}", "run": "G (uS) run {}", "hash": "G (uS) #{}",
          "underscore": "G_cycle{}_uS", "bracket": "G (uS) (cycle {})", "ordinal": "G (uS) ({}st)",
          "glued": "G{} (uS)", "pandas": "G (uS).{}", "number": "G (uS) {}", "no": "G (uS) No. {}",
          "set": "G (uS) (set {})", "of": "G (uS) cycle {} of 5", "word first": "Cycle {} G (uS)",
          "measurement": "G (uS) measurement {}", "trial": "G (uS) trial {}", "rep": "G (uS) rep {}"}


@pytest.mark.parametrize("key", sorted(LABELS))
def test_guard_valid_cycle_columns_load_to_the_same_arrays(key):
    """(Guard.) Five cycles in each label form load as the per-pulse median, each cycle as itself."""
    curves = [G * (1 + 0.01 * i) for i in range(5)]
    names = [LABELS[key].format(i + 1) for i in range(5)]
    if key == "ordinal":
        names = [f"G (uS) ({i + 1}{dict([(1, 'st'), (2, 'nd'), (3, 'rd')]).get(i + 1, 'th')})" for i in range(5)]
    text = _table("pulse," + ",".join(names), *curves)
    device = parse_device(text)
    np.testing.assert_allclose(device.conductance, G * 1.02e-6, rtol=1e-9)
    np.testing.assert_allclose(device.cycles, np.array(curves) * 1e-6, rtol=1e-9)
    for k in (1, 5):
        np.testing.assert_allclose(parse_device(text, cycle=k).conductance, curves[k - 1] * 1e-6, rtol=1e-9)


@pytest.mark.parametrize("names", [["G (uS)"] * 3, ["G (uS)", "G (uS).1", "G (uS).2"], ["R (kOhm)"] * 3,
                                   ["G (uS) cycle 1", "G (nS) cycle 2", "G (uS) cycle 3"],
                                   ["G (uS) cycle 1", "G_c2 (uS)", "G (uS) run 3"]])
def test_guard_repeated_names_pandas_copies_and_mixed_marks_load(names):
    """(Guard.) One name repeated (repeated measurements), pandas' copies of it, and marks in other forms or units."""
    curves = [G * (1 + 0.01 * i) for i in range(3)]
    scaled = [c * (1e3 if "(nS)" in n else 1) for c, n in zip(curves, names)]
    if names[0].startswith("R"):
        scaled = [1e3 / c for c in curves]
    device = parse_device(_table("pulse," + ",".join(names), *scaled))
    np.testing.assert_allclose(device.conductance, G * 1.01e-6, rtol=1e-9)
    np.testing.assert_allclose(parse_device(_table("pulse," + ",".join(names), *scaled), cycle=3).conductance,
                               G * 1.02e-6, rtol=1e-9)
