"""Probe 15a's S4, Q1 and N3 (159 of 1,212 names loaded with status 0): a value column's name read as a grammar.

S4: a scale the number rule missed ('G (uS) 1k', 'G (uS) 1000-fold', 'G*1000 (uS)', 'Gx1000(uS)', 'G (uS) 1:1000',
'G (uS) +60 dB', multiplication signs other than 'x' and '\u00d7') loaded the values as 'G (uS)', off by the scale.
Q1: a quantity derived from the measured one ('log10 G (uS)', 'G\u00b2', 'dG/dn', '\u0394G (uS)', 'std G', 'G error',
'G (uS) per pulse') loaded as the curve. N3: a unit of a ratio after the unit ('G (uS) \u2030', 'G (uS) ppm') was
dropped. What a name holds beside its quantity and unit is now read by crossbar/devices/name_grammar.py: labels
(words, numbers that label something, punctuation) load; any other sign, a number written as a factor, a unit of a
ratio and a word of derivation are refused naming the token. The guards below hold names that load to the same
factor and unit as before the rule.
"""

import re

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices.columns import conductance_factor, value_column
from crossbar.devices.files import DeviceFileError
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

M = np.arange(31)
G = 1e-6 + 0.5e-6 * (1 - np.exp(-M / 8))  # S

S4 = [("G (uS) 1k", "1k"), ("G (uS) 1000-fold", "fold"), ("G (uS) tenfold", "tenfold"), ("G (uS) 1/1000", "1/1000"),
      ("G*1000 (uS)", "*"), ("Gx1000(uS)", "x1000"), ("G (uS) 1:1000", "1:1000"), ("G (uS) +60 dB", "dB"),
      ("G (uS) \u2715 1000", "\u2715"), ("G (uS) \u2a2f1000", "\u2a2f"), ("G \u2219 1000 (uS)", "\u2219"),
      ("G (uS) \uff0a1000", "*"), ("G\u22c51000 (uS)", "\u22c5"), ("G (uS) \u2022 1000", "\u2022"),
      ("G (uS) \u2716 1000", "\u2716"), ("G (uS) 1M", "1M"), ("G (uS) 10-fold", "fold"),
      ("G (uS) hundredfold", "hundredfold"), ("G (uS) 60dB", "60dB"), ("Conductance in nS 1k", "1k"),
      ("G (uS) 1 k", "1 k"), ("G (uS) 1 000", "1 000"), ("G (uS) e3", "e3"), ("G (uS) milli", "milli"),
      ("G (uS) 2\u00b2", "2\u00b2"), ("G (uS) 3-times", "3-times"), ("G (uS) \u04451000", "\u0445"),
      ("G\u04451000 (uS)", "\u04451000"), ("R (kOhm) 1k", "1k"), ("I (uA) \u2715 10 @ 0.1 V", "\u2715")]
Q1 = [("log10 G (uS)", "log"), ("ln G", "ln"), ("G\u00b2", "\u00b2"), ("G^2", "^2"), ("sqrt G", "sqrt"),
      ("G (uS) per pulse", "per pulse"), ("dG/dn", "dG"), ("\u0394G (uS)", "\u0394"), ("delta G", "delta"),
      ("1/G", "1/"), ("std G", "std"), ("sigma G", "sigma"), ("G std", "std"), ("G noise", "noise"),
      ("G error", "error"), ("G_err", "err"), ("dG", "dG"), ("G diff", "diff"), ("G change", "change"),
      ("\u221aG (uS)", "\u221a"), ("\u03c3G (uS)", "\u03c3"), ("G variance (uS)", "variance"),
      ("G uncertainty (uS)", "uncertainty"), ("dG (uS)", "dG"), ("\u2206G (uS)", "\u2206"), ("1/G (uS)", "1/"),
      ("ln(G) (uS)", "ln"), ("G (uS) std", "std"), ("log(R) (Ohm)", "log"), ("I noise (A)", "noise"),
      ("Gstd (uS)", "std"), ("G squared (uS)", "squared"), ("d G / d n", "d"), ("G (uS)/pulse", "/pulse"),
      ("std(G) (uS)", "std"), ("G (uS) \u00b1", "\u00b1"), ("G %", "%")]
N3 = [("G (uS) \u2030", "\u2030"), ("G (uS) ppm", "ppm"), ("G (uS) ppb", "ppb"), ("G ppm", "ppm"),
      ("G (uS) \u2031", "\u2031"), ("G (uS) %", "%"), ("G (uS) ppt", "ppt")]


@pytest.mark.parametrize("name, token", S4 + Q1 + N3)
def test_a_name_with_a_token_that_is_no_label_is_refused_naming_it(name, token):
    with pytest.raises(ValueError, match=rf"^column {re.escape(repr(name))}: {re.escape(repr(token))} is not read "
                                         r"\((?:.*; )?the loader reads a quantity, its unit and labels such as 'cycle 2'\); "
                                         r"rename the column, e\.g\. '[GIR] \((uS|kOhm|nS|uA|Ohm|A)\)'$"):
        value_column(name)


@pytest.mark.parametrize("name", [n for n, _ in S4 if "@" not in n])
def test_an_offsets_header_with_such_a_token_is_refused(name):
    with pytest.raises(ValueError, match=r"is not read"):
        conductance_factor(name)


@pytest.mark.parametrize("name, why", [("G (uS) 1k", "a scale in the name"),
                                       ("log10 G (uS)", "derived from the measured"),
                                       ("G (uS) per pulse", "a rate"), ("G (uS) ppm", "a unit of a ratio")])
def test_the_message_says_why(name, why):
    with pytest.raises(ValueError, match=why):
        value_column(name)


def test_the_command_line_refuses_a_scale_in_one_line(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("pulse,G (uS) 1k\n" + "".join(f"{k},{v * 1e6:.10g}\n" for k, v in zip(M, G)))
    done = crossbar_cli("train", "--device", path, "--max-epochs", "5")
    assert_one_line_error(done, "x.csv, line 1: column 'G (uS) 1k': '1k' is not read")


def test_the_api_refuses_a_derived_quantity_naming_the_file(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("pulse,log10 G (uS)\n" + "".join(f"{k},{np.log10(v * 1e6):.10g}\n"
                                                    for k, v in zip(M, G)))
    with pytest.raises(DeviceFileError, match=r"x\.csv.*column 'log10 G \(uS\)': 'log' is not read"):
        load_device(path)


# --- guards: names that loaded before the rule load to the same factor and unit --------------------------------------

GOOD = {"G (uS)": 1e-6, "G [mS]": 1e-3, "Conductance in nS": 1e-9, "G (uS) cycle 2": 1e-6, "G_c1 (uS)": 1e-6,
        "G (uS) (1st cycle)": 1e-6, "G (uS) 300 K": 1e-6, "G (uS) 10 ms pulses": 1e-6, "G (uS) 2024-05-01": 1e-6,
        "G (uS) run 3": 1e-6, "G (uS) c2": 1e-6, "G (uS) 3": 1e-6, "G (uS) (mean)": 1e-6, "G mean (uS)": 1e-6,
        "G (uS) after 1000 pulses": 1e-6, "G (uS) 4x4": 1e-6, "G (uS).1": 1e-6, "G+1 (uS)": 1e-6,
        "device 3 G (uS)": 1e-6, "Gset (uS)": 1e-6, "G_LTP (uS)": 1e-6, "G (uS) sample A": 1e-6, "G (uS) #3": 1e-6,
        "G (uS) 10:00": 1e-6, "G (uS) 12/05/2024": 1e-6, "G (uS) X12-Y3": 1e-6, "G (uS) 1 Hz": 1e-6,
        "G (uS) 25C": 1e-6, "G (uS) D12": 1e-6, "G (uS) @ 0.1 V": 1e-6, "conductance_S": 1.0, "Gpot (uS)": 1e-6,
        "G measured (uS)": 1e-6, "G (uS) 1000 cycles": 1e-6, "G (uS) cycle 1000": 1e-6, "G rms (uS)": 1e-6,
        "median G (uS)": 1e-6, "G (uS) \u2013 cycle 2": 1e-6, "$G^+$ (uS)": 1e-6, "G (uS) LTP/LTD": 1e-6,
        "Id (uA) @ 0.1 V": 1e-6, "Isd (uA) @ 0.1 V": 1e-6, "Gd (uS)": 1e-6, "G (uS) 10 um\u00b2 pad": 1e-6,
        "R (kOhm) #3": 1e3, "G (uS) 12:30:15": 1e-6, "G (uS) 1kHz": 1e-6, "G (\u00b5S) dev2": 1e-6,
        "G\uff08uS\uff09": 1e-6, "R in \u33c0": 1e3, "G (\u2127) c1": 1.0, "G (uS) exp 2": 1e-6}


@pytest.mark.parametrize("name, factor", GOOD.items())
def test_guard_labels_beside_the_quantity_and_unit_still_load(name, factor):
    assert value_column(name).factor == factor


def test_guard_a_grid_of_quantities_units_brackets_and_labels_loads_as_before():
    units = {"S": 1.0, "mS": 1e-3, "uS": 1e-6, "nS": 1e-9, "\u00b5S": 1e-6, "umho": 1e-6, "kOhm": 1e3, "uA": 1e-6}
    forms = ["{q} ({u}){l}", "{q} [{u}]{l}", "{q} in {u}{l}", "{q}_{u}", "{p}{q} ({u}){l}"]
    labels = ["", " cycle 2", " c1", " #3", " run 3", " (1st cycle)", " 300 K", " 10 ms pulses", " 2024-05-01",
              " sample A", " (mean)", " 3", " D12", " set 1", " LTP", " after 1000 pulses", " (2)", " trial 4",
              " device 3", " measured", " 01/05/2024"]
    count = 0
    for u, factor in units.items():
        q = {1.0: "G", 1e-3: "G", 1e-9: "Conductance"}.get(factor, "G") if "Ohm" not in u and "A" not in u else \
            ("R" if "Ohm" in u else "I")
        for form in forms:
            for label in labels:
                name = form.format(q=q, u=u, l=label, p="dev 3 ")
                column = value_column(name)
                assert (column.factor, column.unit) == (factor, u), name
                count += 1
    assert count == len(units) * len(forms) * len(labels)


def test_guard_the_example_file_loads_as_before(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("pulse,G (uS) cycle 1,G (uS) cycle 2\n" + "".join(f"{k},{float(v) * 1e6!r},{float(v) * 1e6!r}\n"
                                                                       for k, v in zip(M, G)))
    device = load_device(path)
    assert np.allclose(device.conductance, G, rtol=1e-12, atol=0)
