"""Probe 21a, A2 and A3: the pandas code that the one-row-per-cycle and long-format refusals give, run as given.

A2: a table with one row per cycle whose columns say their unit after '_' ('G_nS pulse 0') was advised to write
'G (uS) cycle N' (the unit was not read where a pulse mark follows it), so the advised table loaded nS values as uS,
1000x off, with status 0. A3: a long-format table whose value column is 'R_kOhm' was advised to write 'R_kOhm cycle
N', which the loader refuses ("'kOhm' looks like a unit but is not where a unit is read"). Where the columns state
no unit at all, the code now names none ('G (<unit>)'), so that running it unread writes a table that is refused,
never one that loads in a guessed unit. The 'G (nS)' cases, and the 'G_uS' ones (the guess was uS), held before:
guards.
"""
import re

import numpy as np
import pytest

import crossbar
from crossbar.devices import DeviceFileError

pandas = pytest.importorskip("pandas")

CYCLES, PULSES = (1, 2, 3), range(5)


def _meant(c, p, name="G"):  # a rising conductance per cycle, in the file's own unit (a falling resistance)
    rising = 1000.0 + 80.0 * p - 6.0 * p * p + 15.0 * c
    return 2e6 / rising if name.startswith("R") else rising


# the value name as written, and the factor from the file's numbers to siemens (None: a resistance in kOhm)
NAMES = {"G_nS": 1e-9, "G_uS": 1e-6, "G_pS": 1e-12, "R_kOhm": None, "G (nS)": 1e-9, "R_Ohm": "ohm"}
PULSE_FORMS = ["{} pulse {}", "{} p {}", "{}_pulse_{}", "{} pulse no. {}", "{} spike {}"]


def _siemens(name, values):
    factor = NAMES[name]
    return values * factor if isinstance(factor, float) else 1 / (values * 1e3) if factor is None else 1 / values


def _advice(error):
    found = re.search(r"\(pandas: (df\..*?\.to_csv\(path, index=False\))", str(error))
    assert found is not None, str(error)
    return found.group(1)


def _run(tmp_path, refused):
    with pytest.raises(DeviceFileError) as caught:
        crossbar.load_device(refused)
    out = tmp_path / "advised.csv"
    exec(_advice(caught.value), {"df": pandas.read_csv(refused), "path": str(out), "pd": pandas})  # run as given
    return out


def _expected(name):
    meant = np.array([[_meant(c, p, name) for p in PULSES] for c in CYCLES])
    return np.median(_siemens(name, meant), axis=0)


@pytest.mark.parametrize("form", PULSE_FORMS)
@pytest.mark.parametrize("name", list(NAMES))
def test_the_one_row_per_cycle_advice_keeps_a_unit_written_after_an_underscore(tmp_path, name, form):
    refused = tmp_path / "wide.csv"
    refused.write_text("cycle," + ",".join(form.format(name, p) for p in PULSES) + "\n" + "".join(
        f"{c}," + ",".join(f"{_meant(c, p, name):.10g}" for p in PULSES) + "\n" for c in CYCLES))
    device = crossbar.load_device(_run(tmp_path, refused))
    np.testing.assert_allclose(device.conductance, _expected(name), rtol=1e-9)
    assert device.metadata["cycles"] == len(CYCLES)


@pytest.mark.parametrize("pulse", [True, False])
@pytest.mark.parametrize("name", list(NAMES))
def test_a_long_format_table_loads_in_the_unit_its_value_column_names(tmp_path, name, pulse):
    """Read since fix 25b (it was refused with pandas code, whose 'R_kOhm cycle N' was A3): each cycle in the unit
    its one value column names."""
    refused = tmp_path / "long.csv"
    rows = [(c, p, _meant(c, p, name)) for c in CYCLES for p in PULSES]
    refused.write_text(("cycle,pulse," if pulse else "cycle,") + name + "\n" + "".join(
        (f"{c},{p},{v:.10g}\n" if pulse else f"{c},{v:.10g}\n") for c, p, v in rows))
    device = crossbar.load_device(refused)
    np.testing.assert_allclose(device.conductance, _expected(name), rtol=1e-9)
    assert device.metadata["cycles"] == len(CYCLES)


def test_advice_over_columns_naming_no_unit_writes_no_guessed_unit(tmp_path):
    """'cycle,0,1,2,...': nothing says the unit. The code used to write 'G (uS) cycle N' (values in nS then loaded
    1000x off); it now writes 'G (<unit>)', which is refused until the user names the unit."""
    refused = tmp_path / "digits.csv"
    refused.write_text("cycle," + ",".join(str(p) for p in PULSES) + "\n" + "".join(
        f"{c}," + ",".join(f"{_meant(c, p):.10g}" for p in PULSES) + "\n" for c in CYCLES))
    out = _run(tmp_path, refused)
    assert "G (<unit>) cycle 1" in out.read_text().splitlines()[0]
    with pytest.raises(DeviceFileError, match="<unit>"):
        crossbar.load_device(out)
