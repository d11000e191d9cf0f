"""Numbers whose thousands are grouped by a no-break, narrow no-break or thin space ('1 234,5'), as French and Swiss
locales write them, are read in a delimited table: 168 files of probe 26a were refused "expected a number". A space
of another kind, or groups not of three digits, stay refused."""

import numpy as np
import pytest

from crossbar.devices.files import DeviceFileError, parse_device

G_NS = [1034.5, 1534.25, 1800.0, 1900.0]


def _table(delimiter, decimal, space):
    cells = [f"{int(g) // 1000}{space}{int(g) % 1000:03d}{decimal}{f'{g:.2f}'.split('.')[1]}" for g in G_NS]
    return f"pulse{delimiter}G (nS)\n" + "".join(f"{m}{delimiter}{c}\n" for m, c in enumerate(cells))


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009"])
@pytest.mark.parametrize("delimiter, decimal", [(";", ","), ("\t", ","), (",", "."), ("\t", ".")])
def test_digit_groups_apart_by_a_no_break_or_thin_space_are_one_number(delimiter, decimal, space):
    np.testing.assert_allclose(parse_device(_table(delimiter, decimal, space)).conductance, np.array(G_NS) * 1e-9,
                               rtol=1e-12)


@pytest.mark.parametrize("cell", ["1\u00a034,5", "1\u00a03456,5", "1 034,5", "1\u00a0034\u00a0,5"])
def test_other_spaces_in_a_number_stay_refused(cell):
    with pytest.raises(DeviceFileError, match=r"line 3: column 'G \(nS\)': expected a number"):
        parse_device(f"pulse;G (nS)\n0;1000,0\n1;{cell}\n2;2000,0\n")
