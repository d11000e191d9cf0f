"""Probe 18a, S3: offsets headers that write the sign in words or letters ('neg1,pos1', 'Gminus1,Gplus1', 'Gn,Gp')
were read by position whatever order they named, each offset on another device, with status 0; and a header naming
some columns as devices and others not ('G+1,G-1,G+1 baseline,G-1 baseline') loaded as two neurons' offsets. The
first are read for their order as 'G+1,G-1' is (refused out of order, loaded in order); the second is refused."""

import numpy as np
import pytest

from crossbar.devices.offsets import OffsetFileError, read_offset_matrix

ROW = "0.3,0.2,0.5,0.4\n"


def _read(tmp_path, header):
    path = tmp_path / "offsets.csv"
    path.write_text(header + "\n" + ROW * 2)
    return read_offset_matrix(path, (2, 4))


@pytest.mark.parametrize("header", [
    "neg1 (uS),pos1 (uS),neg2 (uS),pos2 (uS)", "Gminus1 (uS),Gplus1 (uS),Gminus2 (uS),Gplus2 (uS)",
    "Gn (uS),Gp (uS),Gn (uS),Gp (uS)", "G_neg1 (uS),G_pos1 (uS),G_neg2 (uS),G_pos2 (uS)",
    "pos1 (uS),pos2 (uS),neg1 (uS),neg2 (uS)"])
def test_a_sign_in_words_out_of_order_is_refused_naming_the_order(tmp_path, header):
    with pytest.raises(OffsetFileError, match="expected G\\+1?, G-1?, G\\+2?, G-2? in that order"):
        _read(tmp_path, header)


@pytest.mark.parametrize("header", [
    "pos1 (uS),neg1 (uS),pos2 (uS),neg2 (uS)", "Gplus1 (uS),Gminus1 (uS),Gplus2 (uS),Gminus2 (uS)",
    "Gp (uS),Gn (uS),Gp (uS),Gn (uS)", "G+1 (uS),G-1 (uS),G+2 (uS),G-2 (uS)"])
def test_guard_a_sign_in_words_in_order_loads(tmp_path, header):
    np.testing.assert_allclose(_read(tmp_path, header)[0], [3e-7, 2e-7, 5e-7, 4e-7])


def test_a_header_naming_some_columns_as_devices_and_others_not_is_refused(tmp_path):
    with pytest.raises(OffsetFileError, match="'G\\+1 baseline \\(uS\\)' as none"):
        _read(tmp_path, "G+1 (uS),G-1 (uS),G+1 baseline (uS),G-1 baseline (uS)")
