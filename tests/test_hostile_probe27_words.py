"""Pulse- and cycle-number columns named in German, French, Spanish or Italian by a rule on their words, where a list
of spellings read 'Puls' and 'pulse nr.' but refused 'Puls Nr.', telling the user to give it a unit as a value column
(probe 27c, C27-10)."""

import numpy as np
import pytest

from crossbar.devices.columns import is_cycle_column, is_pulse_column
from crossbar.devices.files import parse_device

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
