"""Probe 17a, S2: an offsets header is read by position; S1's check (names G+k/G-k in the order G+1, G-1, G+2, ...)
read only that spelling, so 'G1-,G1+,...', 'Gm1,Gp1,...' and 'G-,G+,...' put each offset on another device with
status 0. Those spellings (and U+2212) are read too: in order they load, out of order they are refused."""

import numpy as np
import pytest

from crossbar.devices import OffsetFileError
from crossbar.devices.offsets import read_offset_matrix

ROW = "0.3,0.2,0.5,0.4\n"


@pytest.mark.parametrize("header", ["G1- (uS),G1+ (uS),G2- (uS),G2+ (uS)", "Gm1 (uS),Gp1 (uS),Gm2 (uS),Gp2 (uS)",
                                    "G- (uS),G+ (uS),G- (uS),G+ (uS)", "G_1- (uS),G_1+ (uS),G_2- (uS),G_2+ (uS)",
                                    "G\u22121 (uS),G+1 (uS),G+2 (uS),G\u22122 (uS)"])
def test_a_header_out_of_order_in_another_spelling_is_refused(tmp_path, header):
    path = tmp_path / "s.csv"
    path.write_text(header + "\n" + ROW * 4)
    with pytest.raises(OffsetFileError, match=r"line 1: the header names the columns G-.*expected G\+1?, G-"):
        read_offset_matrix(path, (4, 4))


@pytest.mark.parametrize("header", ["G1+ (uS),G1- (uS),G2+ (uS),G2- (uS)", "Gp1 (uS),Gm1 (uS),Gp2 (uS),Gm2 (uS)",
                                    "G+ (uS),G- (uS),G+ (uS),G- (uS)", "G+1 (uS),G\u22121 (uS),G+2 (uS),G\u22122 (uS)"])
def test_guard_the_same_spellings_in_order_load_by_position(tmp_path, header):
    path = tmp_path / "s.csv"
    path.write_text(header + "\n" + ROW * 4)
    np.testing.assert_allclose(read_offset_matrix(path, (4, 4))[0], [3e-7, 2e-7, 5e-7, 4e-7], rtol=1e-12)
