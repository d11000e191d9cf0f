"""Probe 10a's findings on device files (notes/probe10a.md, causes D1, U1, U2, U3), each fixed at its cause.

D1: a device that rises fast and then relaxes 10-30 % of its window was refused as "falls in time order" (the median
of its first quarter already at its top, its last quarter's a little below), though it ends far above its first
point; the mirror for a depression branch. U1: 'R (mohm)' was read as milliohm, so a device above 1 GOhm written in
lower case loaded 10^9 times off. U2: a unit after a final '_' with a cycle label ('G_cycle1_uS') was refused. U3:
'G (Siemens)' was an unknown unit. U4: 'pulse/#', 'pulse_n' were value columns. L2: a transposed table loaded as
31 cycles of 5 points. T1: a trailing delimiter's messages named no cause. I1: an instrument file whose pulse voltage
is its read voltage was refused for its read count.
"""

import numpy as np
import pytest

from crossbar.devices import checks
from crossbar.devices.files import DeviceFileError, load_device
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

M51 = np.arange(51)


def _relaxing(tau, relax, noise=0.0, seed=0):
    """The probe's curve (b26.py): 0.45 + 0.08 (1 - exp(-m / tau)) uS, minus `relax` of its window lost linearly
    from pulse 10 to 50, read noise `noise` of the window."""
    g = 4.5e-7 + 8e-8 * (1 - np.exp(-M51 / tau)) - relax * 8e-8 * np.clip((M51 - 10) / 40, 0, 1)
    return g + np.random.default_rng(seed).normal(0, noise * 8e-8, M51.size)


def test_a_fast_rise_that_relaxes_goes_its_way_noise_free_and_noisy():
    """tau 1, 2, 3, 5 x relax 2 ... 30 % noise-free, and 100 seeds x tau 1, 2, 3 x relax 10, 20, 30 % x noise 1, 3 %,
    as potentiation and mirrored as depression: none refused (before: 16 of the 40 noise-free and 1184 of the 1800
    noisy potentiation branches, 'falls in time order')."""
    refusals = []
    for tau in (1, 2, 3, 5):
        for relax in (0.02, 0.05, 0.1, 0.2, 0.3):
            g = _relaxing(tau, relax)
            refusals += [(tau, relax, r) for b, r in ((g, True), (g[0] + g[-1] - g, False))
                         if checks.direction_problem(b, r)]
    for seed in range(100):
        for tau in (1, 2, 3):
            for relax in (0.1, 0.2, 0.3):
                for noise in (0.01, 0.03):
                    g = _relaxing(tau, relax, noise, seed)
                    refusals += [(seed, tau, relax, noise, r) for b, r in ((g, True), (g[0] + g[-1] - g, False))
                                 if checks.direction_problem(b, r)]
    assert not refusals, (len(refusals), refusals[:5])
    # still refused: a fast saturating branch stored last pulse first, a relaxing one mirrored, and one that comes
    # back more than half its span (65 %)
    for tau in (1, 2, 3):
        g = _relaxing(tau, 0.0)
        assert checks.direction_problem(g[::-1], True).startswith("falls in time order")
        assert checks.direction_problem((g[0] + g[-1] - g)[::-1], False).startswith("rises in time order")
        for relax in (0.1, 0.3):
            g = _relaxing(tau, relax)
            assert checks.direction_problem(g[0] + g[-1] - g, True) is not None
            assert checks.direction_problem(g, False) is not None
        assert checks.direction_problem(_relaxing(tau, 0.65), True).startswith("falls in time order")


def test_the_probes_relaxing_file_and_its_noisy_overshoots_load(tmp_path):
    g = _relaxing(2, 0.1)
    (tmp_path / "relax.csv").write_text("pulse,G (S)\n" + "".join(f"{k},{v:.9g}\n" for k, v in enumerate(g)))
    done = crossbar_cli("device", "--device", tmp_path / "relax.csv")
    assert done.returncode == 0 and "points     51 potentiation" in done.stdout, done.stderr
    for seed in range(400, 404):  # shape_overshoot_0 ... 3
        noisy = 4.5e-7 + 8e-8 * (1 - np.exp(-M51 / 3)) - 2.5e-8 * np.clip((M51 - 10) / 40, 0, 1) \
            + np.random.default_rng(seed).normal(0, 3e-9, M51.size)
        (tmp_path / "o.csv").write_text("pulse,G (S)\n" + "".join(f"{k},{v:.9g}\n" for k, v in enumerate(noisy)))
        assert load_device(tmp_path / "o.csv").conductance == pytest.approx(noisy, rel=1e-8)


# --- U1, U2, U3: units -----------------------------------------------------------------------------------------

def _resistances(unit, factor):
    g = 1e-10 + 5e-11 * (1 - np.exp(-np.arange(31) / 8))  # a 6.7 ... 10 GOhm device
    return g, f"pulse,R ({unit})\n" + "".join(f"{k},{1 / v / factor:.12g}\n" for k, v in enumerate(g))


@pytest.mark.parametrize("unit", ["mohm", "mohms"])
def test_lower_case_mohm_is_refused_as_milli_or_mega(tmp_path, unit):
    """Loaded as milliohm: g 0.1 ... 0.1488 S for a device of 1e-10 ... 1.49e-10 S."""
    _, text = _resistances(unit, 1e6)
    (tmp_path / "r.csv").write_text(text)
    assert_one_line_error(crossbar_cli("device", "--device", tmp_path / "r.csv"),
                          f"column 'R ({unit})': unit '{unit}' is milliohm or megaohm (its case does not say which); "
                          "expected 'mOhm' for milliohm or 'MOhm' for megaohm")
    for spelt, factor in (("MOhm", 1e6), ("Mohm", 1e6), ("kohm", 1e3)):  # the other spellings still read
        g, text = _resistances(spelt, factor)
        (tmp_path / "r.csv").write_text(text)
        assert load_device(tmp_path / "r.csv").conductance == pytest.approx(g, rel=1e-9)


@pytest.mark.parametrize("header", ["pulse/#,G (uS) 1,G (uS) 2", "pulse_n,G (uS) 1,G (uS) 2",
                                    "pulse,G_cycle1_uS,G_cycle2_uS", "pulse,G (Siemens) 1,G (uS) 2"])
def test_a_cycle_label_before_the_unit_and_siemens_read(tmp_path, header):
    """'G_cycle1_uS' was refused ('uS' looks like a unit but is not where a unit is read), 'G (Siemens)' as an
    unknown unit; both read as '_uS' after a plain quantity and 'siemens' are. 'pulse/#' and 'pulse_n' (U4) were
    refused as value columns naming no unit: they are the pulse column, as 'pulse (#)' is."""
    g = 1e-6 + 0.5e-6 * (1 - np.exp(-np.arange(31) / 8))
    siemens = "Siemens" in header
    rows = "".join(f"{k},{v * (1 if siemens else 1e6):.9g},{v * 1e6:.9g}\n" for k, v in enumerate(g))
    (tmp_path / "c.csv").write_text(header + "\n" + rows)
    assert load_device(tmp_path / "c.csv").conductance == pytest.approx(g, rel=1e-8)


# --- L2: a transposed table (one row per cycle, one column per pulse) ------------------------------------------

def _matrix(cycles=5, pulses=31):
    """`cycles` cycles (rows) of `pulses` pulses (columns), drifting up 2 % a cycle: the probe's matrix."""
    m = np.arange(pulses)
    return np.array([1e-6 * (1 + 0.02 * i) + 0.5e-6 * (1 - np.exp(-m / 8)) for i in range(cycles)])


TRANSPOSED = {
    "pulse-k": lambda m: ",".join(f"G (uS) pulse {k}" for k in range(m.shape[1])),
    "p-k": lambda m: ",".join(f"G (uS) p{k}" for k in range(m.shape[1])),
    "n=k": lambda m: ",".join(f"G (uS) n={k}" for k in range(m.shape[1])),
    "savetxt": lambda m: ",".join(f"G{k} (uS)" for k in range(m.shape[1])),
}


@pytest.mark.parametrize("case", sorted(TRANSPOSED))
def test_a_transposed_table_is_refused_saying_so(tmp_path, case):
    """Loaded as 31 cycles of 5 points, g 1.423e-06 ... 1.503e-06 S, for a device of 1e-06 ... 1.5e-06 S."""
    m = _matrix()
    np.savetxt(tmp_path / "t.csv", m * 1e6, delimiter=",", header=TRANSPOSED[case](m), comments="")
    # columns named by pulses name no cycle: refused by their names since probe 17a's F2/F3 (the closed rule)
    assert_one_line_error(crossbar_cli("device", "--device", tmp_path / "t.csv"),
                          "names a pulse, not a cycle: one column per pulse, the table looks transposed; expected one "
                          "column per cycle, one row per pulse (pandas: df.T; numpy: M.T)" if case in ("pulse-k", "p-k")
                          else "its 31 value columns of 5 points each have medians that go steadily from 1.04e-06 S "
                          "(first column) to 1.528e-06 S (last), 6.1 times the median range within a column: one "
                          "column per pulse: the table looks transposed; expected one column per cycle, one row per "
                          "pulse (pandas: df.T; numpy: M.T)")
    np.savetxt(tmp_path / "r.csv", 1e-3 / m, delimiter=",", header=",".join(f"R{k} (kOhm)" for k in range(31)),
               comments="")
    with pytest.raises(DeviceFileError, match="the table looks transposed"):
        load_device(tmp_path / "r.csv")
    np.savetxt(tmp_path / "ok.csv", m.T * 1e6, delimiter=",", header=",".join(f"G{k} (uS)" for k in range(5)),
               comments="")  # the same matrix the right way: 5 cycles of 31 points
    assert load_device(tmp_path / "ok.csv").conductance.size == 31


def test_more_columns_than_points_is_refused_only_when_the_columns_climb(tmp_path):
    """8 cycles of 31 pulses transposed refused; 1,000 noisy cycles of 31 points (the probe's c_1000: more cycles
    than points) and 40 cycles of 20 points drifting 1 % a cycle still load."""
    np.savetxt(tmp_path / "t.csv", _matrix(8) * 1e6, delimiter=",", header=TRANSPOSED["savetxt"](_matrix(8)),
               comments="")
    with pytest.raises(DeviceFileError, match="its 31 value columns of 8 points each"):
        load_device(tmp_path / "t.csv")
    m = np.arange(31)
    cs = np.array([1e-6 + 0.5e-6 * (1 - np.exp(-m / 8)) + np.random.default_rng(i).normal(0, 3e-9, 31)
                   for i in range(1000)])
    np.savetxt(tmp_path / "c.csv", cs.T * 1e6, delimiter=",", header=",".join(f"G (uS) c{i}" for i in range(1000)),
               comments="")
    assert load_device(tmp_path / "c.csv").metadata["cycles"] == 1000
    drift = _matrix(40, 20) * (1 + 0.01 * np.arange(40))[:, None] / (1 + 0.02 * np.arange(40))[:, None]
    np.savetxt(tmp_path / "d.csv", drift.T * 1e6, delimiter=",", header=",".join(f"G{k} (uS)" for k in range(40)),
               comments="")
    assert load_device(tmp_path / "d.csv").conductance.size == 20


# --- T1, I1: messages that say the cause ------------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("pulse,G (uS),\n0,1,\n1,1.2,\n2,1.3,\n", "line 1: column 3 of the header has no name (a delimiter after the last "
                                             "name: an empty last column); expected none after the last column"),
    ("pulse\tG (uS)\t\n0\t1\t\n1\t1.2\t\n2\t1.3\t\n", "column 3 of the header has no name (a delimiter after the "
                                                     "last name"),
    ("pulse,G (uS)\n0,1,\n1,1.2,\n2,1.3,\n", "but the rows do not split into them (each ends in a ',': an empty last "
                                           "column); expected no ',' after a row's last value: drop it"),
])
def test_a_trailing_delimiter_is_refused_naming_it(tmp_path, text, message):
    """Excel's empty last column: 'column 3 of the header has no name', or 'the rows do not split into them' (they
    do, into 2 and an empty third), with no cause or expectation."""
    (tmp_path / "t.csv").write_text(text)
    assert_one_line_error(crossbar_cli("device", "--device", tmp_path / "t.csv"), message)


def test_an_instrument_file_whose_pulse_voltage_is_its_read_voltage_is_refused_naming_both(tmp_path):
    """Refused as 'header says 30 pulses, so 31 read rows ..., but the file has 61': the pulses taken for reads."""
    g = 1e-6 + 0.5e-6 * (1 - np.exp(-np.arange(31) / 8))
    path = tmp_path / "w.dat"
    from crossbar.devices.instrument import write_pulse_train
    write_pulse_train(path, g)
    text = path.read_text()
    on = next(line for line in text.splitlines() if line.startswith("ON Voltage"))
    pulse = on.split(":", 1)[1].strip()
    rows = [line.replace(f",{pulse},", ",5.000000E-2,", 1) if line[:1].isdigit() else line for line in text.splitlines()]
    path.write_text("\n".join(rows).replace(on, "ON Voltage (V):0.05") + "\n")
    with pytest.raises(DeviceFileError, match=r"'ON Voltage \(V\)' is 0.05 \(0.05 V\), the read voltage \(0.05 V\): its "
                                              "pulse rows would be taken for reads; expected a pulse voltage that "
                                              "differs from the read voltage"):
        load_device(path)
