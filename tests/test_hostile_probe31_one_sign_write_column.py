"""A voltage column of one value on every row but the first (the initial state's pulse, which may be anything: '0' or
'-2' over '2' on every later row) is asked its role as a column of one value on every row is, "the read voltage of the
values, or the write pulses' amplitude?", not told it "holds voltages ... drop the column" (probe 31a, D31-11: 86)."""

import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError


@pytest.mark.parametrize("first", ["0", "-2", "2", "1.9"])
def test_a_one_sign_write_column_is_asked_its_role(tmp_path, first):
    path = tmp_path / "f.csv"
    path.write_text(f"pulse,V (V),G (uS)\n0,{first},1.00\n1,2,1.52\n2,2,1.80\n3,2,1.95\n", encoding="utf-8")
    with pytest.raises(DeviceFileError, match=r"line 2: column 'V \(V\)' holds .*: the read voltage of the values, "
                                              r"or the write pulses' amplitude\?") as caught:
        load_device(path)
    if first in ("0", "-2"):
        assert "holds 2 V on every row after the first (the initial state's)" in str(caught.value)
