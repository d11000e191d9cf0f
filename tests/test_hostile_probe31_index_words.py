"""An index column named in German, French, Spanish or Italian words for a measurement point or a step ('Messpunkt',
'Punkt', 'Schritt', 'N°', 'paso', 'passo') numbers the pulses as 'Point', 'No.' and 'step' do (probe 31a, D31-15).

Before, such a column was taken for a value column without a unit and refused with the advice to give it one: "1
value column(s) name a unit ('G (uS)') and 1 none ('Messpunkt'); expected every value column a cycle with its unit,
e.g. 'Messpunkt (uS)'"."""

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError
from crossbar.devices.columns import is_pulse_column

CYCLES = [[1.0, 1.5, 1.8, 1.9], [1.01, 1.52, 1.79, 1.93]]


def _write(tmp_path, index, first=0):
    rows = [f"{p + first}," + ",".join(repr(c[p]) for c in CYCLES) for p in range(len(CYCLES[0]))]
    path = tmp_path / "f.csv"
    path.write_text(f"{index},G (uS) cycle 1,G (uS) cycle 2\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("index", ["Messpunkt", "Punkt", "Schritt", "N\u00b0", "n\u00ba", "paso", "passo"])
def test_an_index_word_numbers_the_pulses(tmp_path, index):
    assert is_pulse_column(index)
    device = load_device(_write(tmp_path, index))
    np.testing.assert_allclose(device.cycles, np.array(CYCLES) * 1e-6, rtol=1e-12)
    with pytest.raises(DeviceFileError, match="from 1|initial state"):
        load_device(_write(tmp_path, index, first=1))  # numbered from 1, as any pulse column from 1
