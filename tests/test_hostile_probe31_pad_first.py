"""A table row whose first cell is a pad of no read ('#NV', '#N/A', '#N/D') or a spreadsheet's error value ('#DIV/0!',
'#NAME?') is a row, not a '#' note (probe 31a, D31-1). It was dropped as a note, status 0: the other cycles' reads on
that line vanished and their later reads moved up a pulse; a '#N/A' so placed was refused as a note naming amperes.
A '#' line whose first cell is anything else (a remark, a row commented out) stays a note."""

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError


def _write(tmp_path, text, name="f.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("pad", ["#NV", "#N/A", "#N/D", "#n/a", "#NAME?", "#DIV/0!", "#WERT!"])
def test_a_padded_or_broken_first_cell_in_the_middle_is_refused_at_its_line(tmp_path, pad):
    path = _write(tmp_path, f"G (uS) c1,G (uS) c2\n1.00,1.01\n1.50,1.52\n1.80,1.79\n{pad},1.93\n1.95,1.97\n")
    with pytest.raises(DeviceFileError, match=r"line [56]") as caught:
        load_device(path)
    assert "note" not in str(caught.value)


@pytest.mark.parametrize("delimiter, comma", [(",", False), (";", True), ("\t", False), (" ", False)])
def test_a_first_cycle_cut_short_keeps_the_other_cycles_reads(tmp_path, delimiter, comma):
    """Cycle 1 ends after three reads, padded with Excel's German #NV; cycle 2 goes on: its four reads are kept."""
    rows = [("1.00", "1.01"), ("1.50", "1.52"), ("1.80", "1.79"), ("#NV", "1.93")]
    text = delimiter.join(["G_c1 (uS)", "G_c2 (uS)"]) + "\n" + "".join(
        delimiter.join(cell.replace(".", ",") if comma else cell for cell in row) + "\n" for row in rows)
    device = load_device(_write(tmp_path, text))
    np.testing.assert_allclose(device.cycles[1], [1.01e-6, 1.52e-6, 1.79e-6, 1.93e-6], rtol=1e-12)
    assert np.isnan(device.cycles[0][3]) and device.cycles[0][2] == pytest.approx(1.80e-6, rel=1e-12)


@pytest.mark.parametrize("note", ["# end of cycle", "#1.93,1.95", "# NV,1.93", "#remark,1,2", "#NV is the pad"])
def test_other_hash_lines_below_the_header_stay_notes(tmp_path, note):
    text = f"pulse,G (uS) c1,G (uS) c2\n0,1.00,1.01\n1,1.50,1.52\n{note}\n2,1.80,1.79\n3,1.95,1.97\n"
    device = load_device(_write(tmp_path, text))
    np.testing.assert_allclose(device.cycles[0], [1.00e-6, 1.50e-6, 1.80e-6, 1.95e-6], rtol=1e-12)
