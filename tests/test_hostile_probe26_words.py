"""Pulse and cycle-number columns named in French, Spanish or Italian (probe 26c, C26-2): docs/own-device.md says
column words in German, French, Spanish or Italian are read, but `pulso`, `impulso`, `impulsion` and `ciclo` were
not; the refusal took the pulse column for a cycle's values and suggested 'pulso (uS)'."""

import numpy as np
import pytest

import crossbar

CYCLES = [[1.0, 1.5, 1.7], [1.1, 1.6, 1.8]]


@pytest.mark.parametrize("cycle", ["cycle", "ciclo", "Ciclo", "ciclos", "cicli", "Zyklen"])
@pytest.mark.parametrize("pulse", ["pulse", "pulso", "Impulso", "impulsion", "Puls"])
def test_long_format_with_pulse_and_cycle_words_of_other_languages(tmp_path, cycle, pulse):
    path = tmp_path / "long.csv"
    path.write_text(f"{cycle},{pulse},G (uS)\n" + "".join(f"{k + 1},{p},{v}\n" for k, c in enumerate(CYCLES)
                                                          for p, v in enumerate(c)))
    for k in (1, 2):
        np.testing.assert_allclose(crossbar.load_device(path, cycle=k).conductance, np.array(CYCLES[k - 1]) * 1e-6,
                                   rtol=1e-12)


@pytest.mark.parametrize("pulse", ["pulso", "impulso", "impulsion", "Impulsion"])
def test_a_pulse_column_of_another_language_orders_the_rows(tmp_path, pulse):
    path = tmp_path / "one.csv"
    path.write_text(f"{pulse},G (uS)\n2,1.7\n0,1.0\n1,1.5\n")
    np.testing.assert_allclose(crossbar.load_device(path).conductance, [1.0e-6, 1.5e-6, 1.7e-6], rtol=1e-12)
