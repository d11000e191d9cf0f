"""Pulse- and cycle-number columns named in German, French, Spanish or Italian by a rule on their words, where a list
of spellings read 'Puls' and 'pulse nr.' but refused 'Puls Nr.', telling the user to give it a unit as a value column
(probe 27c, C27-10)."""

import numpy as np
import pytest

from crossbar.devices.columns import is_cycle_column, is_pulse_column
from crossbar.devices.files import DeviceFileError, parse_device

ROWS = "0,1.0\n1,1.5\n2,1.8\n3,1.9\n"


@pytest.mark.parametrize("name", ["Puls Nr.", "Puls-Nr.", "Impulsnummer", "Pulszahl", "N° impulsion",
                                  "numéro d'impulsion", "número de pulso", "Impulsión", "numero impulso",
                                  "pulse number (#)", "Pulse_No", "pulse count"])
def test_a_pulse_number_named_in_another_language_numbers_the_pulses(name):
    assert is_pulse_column(name)
    device = parse_device(f"{name},G (uS)\n" + ROWS)
    np.testing.assert_allclose(device.conductance, [1.0e-6, 1.5e-6, 1.8e-6, 1.9e-6], rtol=1e-12)


@pytest.mark.parametrize("name", ["Zyklus Nr.", "Zyklusnummer", "N° de cycle", "ciclo n.", "número de ciclo",
                                  "Cycle #", "cycle_number"])
def test_a_cycle_number_named_in_another_language_numbers_the_cycles(name):
    assert is_cycle_column(name)
    text = f"{name},Puls,G (uS)\n" + "".join(f"{k},{m},{g + 0.05 * k}\n" for k in (1, 2)
                                              for m, g in enumerate((1.0, 1.5, 1.8)))
    device = parse_device(text, cycle=2)
    np.testing.assert_allclose(device.conductance, [1.1e-6, 1.6e-6, 1.9e-6], rtol=1e-12)


@pytest.mark.parametrize("name", ["G (uS)", "cycle 1", "G cycle 2", "pulse width (ns)", "Pulsbreite", "Impulsion (uS)"])
def test_names_that_are_no_pulse_or_cycle_number_stay_so(name):
    assert not is_cycle_column(name) and not is_pulse_column(name)


# Probe 27a, n44: a units row's cell under a long table's cycle column, as under a pulse column: '#' made the row a
# note naming a unit no column gives, '1' a data row of cycle 1 ("conductance 1.0 S is above the physical range").
@pytest.mark.parametrize("units", [",,uS", "#,#,uS", "1,1,uS", "-,-,uS", "n,#,uS", "(#),(#),(uS)"])
def test_a_units_row_may_say_a_count_under_a_long_tables_cycle_column(units):
    rows = "".join(f"{k},{m},{g + 0.05 * k}\n" for k in (1, 2) for m, g in enumerate((1.0, 1.5, 1.8)))
    read, named = parse_device(f"cycle,pulse,G\n{units}\n" + rows), parse_device("cycle,pulse,G (uS)\n" + rows)
    np.testing.assert_array_equal(read.cycles, named.cycles)
    assert read.metadata["units"] == "from the row under the header (line 2)"


def test_a_word_under_a_cycle_column_that_says_no_count_stays_refused():
    with pytest.raises(DeviceFileError, match=r"line 2"):
        parse_device("cycle,pulse,G\ncycle,#,uS\n1,0,1.0\n1,1,1.5\n2,0,1.1\n2,1,1.6\n")


# Probe 27a, n37: a TDMS file's 'group/channel' names, as NI's exporters write them: 'Measurement/Time (s)' was "unknown
# unit 's' (... write 'S')", telling the user to write siemens for a time column.
@pytest.mark.parametrize("group", ["Measurement", "Untitled", "Pulse train 3"])
def test_a_group_every_column_name_starts_with_is_dropped(group):
    rows = "".join(f"{0.01 * m:.2f},{g}\n" for m, g in enumerate((1.0, 1.5, 1.8, 1.9)))
    read = parse_device(f"{group}/Time (s),{group}/G (uS)\n" + rows)
    np.testing.assert_array_equal(read.conductance, parse_device("Time (s),G (uS)\n" + rows).conductance)


@pytest.mark.parametrize("header", ["G/uS cycle 1,G/uS cycle 2", "pulse,Measurement/G (uS)"])
def test_names_that_share_no_group_keep_their_slashes(header):
    text = header + "\n0,1.0\n1,1.5\n2,1.8\n"
    read = parse_device(text if header.startswith("pulse") else text.replace("0,1.0", "1.0,1.1"))
    assert read.metadata["columns"][0] == header.split(",")[0]
