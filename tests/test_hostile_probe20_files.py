"""Probe 20a's E1: a table whose header is followed by notes only (`# end`, rows commented out) crashed with an
IndexError since the header's layout check (1c8b439) read the line after the header, which a file of notes does
not have. It is refused in one line, as at a77f79c, from the API and from the command line."""
import re
import subprocess
import sys

import numpy as np
import pytest

import crossbar
from crossbar.devices.files import DeviceFileError

HEADERS = {
    "tab": "pulse\tG (uS)",
    "semicolon": "pulse;G (uS)",
    "space": "pulse G (uS)",
    "one column": "G (uS)",
    "tab cycles": "pulse\tG (uS) cycle 1\tG (uS) cycle 2",
    "semicolon R": "pulse;R (kOhm)",
}
BELOW = {"end note": "# end\n", "rows commented out": "#0;1\n#1;2\n#2;3\n"}


@pytest.mark.parametrize("below", BELOW.values(), ids=list(BELOW))
@pytest.mark.parametrize("header", HEADERS.values(), ids=list(HEADERS))
def test_header_over_notes_only_is_refused_as_no_rows(tmp_path, header, below):
    path = tmp_path / "notes_only.txt"
    path.write_text(header + "\n" + below)
    with pytest.raises(DeviceFileError, match=r"0 data row"):
        crossbar.load_device(path)


def test_command_line_says_one_line_with_status_2(tmp_path):
    path = tmp_path / "notes_only.tsv"
    path.write_text("pulse\tG (uS)\n# end\n")
    done = subprocess.run([sys.executable, "-m", "crossbar", "device", "--device", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "0 data row" in done.stderr and "internal error" not in done.stderr


def test_guard_notes_under_real_rows_still_load(tmp_path):
    """Guard: notes after the data rows are still notes, the rows above them load."""
    path = tmp_path / "rows_then_note.tsv"
    path.write_text("pulse\tG (uS)\n0\t1.0\n1\t1.2\n2\t1.3\n# end\n")
    assert crossbar.load_device(path).conductance.tolist() == pytest.approx([1.0e-6, 1.2e-6, 1.3e-6])


# --- A1: the one-row-per-cycle advice carries the values' own unit ------------------------------------------------------

WIDE = {  # the wide table's value name, its values per cycle (3 cycles x 4 pulses), and their meaning in S
    "nS": ("G (nS)", lambda c, p: 1000.0 + 100.0 * p + 10.0 * c, 1e-9),
    "kOhm": ("R (kOhm)", lambda c, p: 1000.0 - 50.0 * p + 5.0 * c, None),
    "read current": ("I (uA) @ 0.1 V", lambda c, p: 0.1 + 0.01 * p + 0.001 * c, None),
}


@pytest.mark.parametrize("unit", list(WIDE))
def test_the_one_row_per_cycle_advice_writes_the_values_unit(tmp_path, unit):
    """Probe 20a, A1: the advice's code wrote 'G (uS) cycle N' whatever unit the header named: nS values then loaded
    1000x off, read currents 10x off, with status 0. Run as given, it now writes a table that loads the values the
    file means."""
    pandas = pytest.importorskip("pandas")
    name, value, factor = WIDE[unit]
    refused = tmp_path / "wide.csv"
    refused.write_text("cycle," + ",".join(f"{name} pulse {p}" for p in range(4)) + "\n" + "".join(
        f"{c}," + ",".join(f"{value(c, p):.10g}" for p in range(4)) + "\n" for c in (1, 2, 3)))
    with pytest.raises(DeviceFileError) as caught:
        crossbar.load_device(refused)
    code = re.search(r"\(pandas: (df\..*?\.to_csv\(path, index=False\))", str(caught.value)).group(1)
    assert "with the values' unit" not in str(caught.value)
    out = tmp_path / "advised.csv"
    exec(code, {"df": pandas.read_csv(refused), "path": str(out), "pd": pandas})  # the advice, run as given
    meant = np.array([[value(c, p) for p in range(4)] for c in (1, 2, 3)])
    siemens = (meant * factor if factor else 1 / (meant * 1e3) if unit == "kOhm" else meant * 1e-6 / 0.1)
    device = crossbar.load_device(out)
    np.testing.assert_allclose(device.conductance, np.median(siemens, axis=0), rtol=1e-9)
    assert device.metadata["cycles"] == 3


# --- W2: 'pulse N°3' and 'pulse n=3' name a pulse ----------------------------------------------------------------------

@pytest.mark.parametrize("mark", ["N°{}", "N° {}", "n={}", "n = {}", "k={}", "Nr. {}"])
def test_pulse_numbered_with_a_numero_or_n_equals_names_a_pulse(tmp_path, mark):
    """Probe 20a, W2: a (cycles x pulses) matrix labelled 'G (uS) pulse N°k' or 'pulse n=k' loaded as 4 cycles of
    10 points, status 0 (the 'N' read as a cycle mark), where 'pulse no. k' is refused as transposed."""
    path = tmp_path / "matrix.csv"
    path.write_text(",".join(f"G (uS) pulse {mark.format(p)}" for p in range(1, 5)) + "\n" + "".join(
        ",".join(f"{(1 + 0.06 * c) * (1.0 + 0.1 * p):.6g}" for p in range(4)) + "\n" for c in range(10)))
    with pytest.raises(DeviceFileError, match="names a pulse, not a cycle"):
        crossbar.load_device(path)


def test_guard_n_equals_alone_still_names_a_cycle():
    """Guard: 'n=2' after no pulse word is a cycle mark, as RELIABILITY lists it."""
    from crossbar.devices.cycle_marks import cycle_mark
    assert cycle_mark("G (uS) n=2").number == 2


# --- D1: a cycle number two columns name refuses every K, whatever the marks' kind ------------------------------------

@pytest.mark.parametrize("header, cycle", [
    ("G1 (uS),G_1 (uS),G (uS) cycle 2", 2),
    ("G (uS) [1],G1 (uS),G (uS) cycle 2", 2),
    ("G0 (uS),G_0 (uS),G (uS) cycle 1", 1),
])
def test_a_cycle_named_twice_in_ending_forms_refuses_every_cycle(tmp_path, header, cycle):
    """Probe 20a, D1: 'G1 (uS),G_1 (uS),G (uS) cycle 2' with --cycle 2 loaded the named column, status 0, where
    'cycle 1, c1, cycle 2' is refused for naming cycle 1 twice."""
    path = tmp_path / "twice.csv"
    path.write_text("pulse," + header + "\n" + "".join(f"{p},{1 + 0.1 * p},{1.05 + 0.1 * p},{1.1 + 0.1 * p}\n"
                                                       for p in range(3)))
    with pytest.raises(ValueError, match="both name cycle"):
        crossbar.load_device(path, cycle=cycle)


# --- U1: the mho sign with a prefix ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, factor", [("G (k℧)", 1e3), ("G (M℧)", 1e6), ("G [k℧]", 1e3), ("G in k℧", 1e3),
                                          ("G / M℧", 1e6), ("G (u℧)", 1e-6)])
def test_a_prefixed_mho_sign_in_a_name_is_its_unit(tmp_path, name, factor):
    """Probe 20a, U1: 'G (k℧)' and 'G (M℧)' were refused as "'k℧)' is a scale written in the name" (the 'k' read
    as a thousand, the sign as no letter), where 'G (u℧)' loaded."""
    path = tmp_path / "mho.csv"
    path.write_text(f"pulse,{name}\n" + "".join(f"{p},{(1 + 0.1 * p) * 1e-9 / factor:.10g}\n" for p in range(3)))
    np.testing.assert_allclose(crossbar.load_device(path).conductance, [1e-9, 1.1e-9, 1.2e-9], rtol=1e-9)


@pytest.mark.parametrize("unit", ["k℧", "M℧", "m℧", "u℧", "℧"])
def test_a_note_naming_a_mho_unit_over_a_bare_header_is_refused(tmp_path, unit):
    """Probe 20a, U1: '# values in k℧' over 'pulse,G' loaded the values in S (10^3 off), status 0, where '# values
    in kmho' and '# values in kS' are refused: no column's name gives the unit."""
    path = tmp_path / "note.csv"
    path.write_text(f"# values in {unit}\npulse,G\n0,0.001\n1,0.0011\n2,0.0012\n")
    with pytest.raises(DeviceFileError, match="no column's name gives a unit"):
        crossbar.load_device(path)
