"""A wide table's value columns naming their cycle with the Spanish/Italian word 'ciclo' ('G (uS) ciclo 1') were refused
as "a number after 'ciclo', a word not read as a label, so it may be a scale of the values", where 'Zyklus 1',
'cycle 1' and the glued 'ciclo1' were read, and cycle_words reads 'ciclo' as a cycle word (probe 28a, D28-10)."""

import numpy as np
import pytest

from crossbar.devices.files import parse_device

ROWS = "0,1.0,1.1\n1,1.5,1.6\n2,1.8,1.95\n"


@pytest.mark.parametrize("word", ["ciclo {k}", "(ciclo {k})", "ciclo_{k}", "ciclo #{k}", "ciclo-{k}", "Ciclo {k}"])
def test_a_cycle_named_ciclo_is_read_as_cycle_is(word):
    names = ",".join(f"G (uS) {word.format(k=k)}" for k in (1, 2))
    read = parse_device(f"pulso,{names}\n" + ROWS)
    named = parse_device("pulse,G (uS) cycle 1,G (uS) cycle 2\n" + ROWS)
    np.testing.assert_array_equal(read.cycles, named.cycles)
    np.testing.assert_array_equal(read.conductance, named.conductance)
