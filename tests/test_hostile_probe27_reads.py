"""A device or offsets file is read into a buffer of its own size, not of the 64 MiB a file may have: under a low
'ulimit -v' every read of a 2 kB file ran out of memory (probe 27c, C27-7)."""

import tracemalloc

import pytest

from crossbar.devices import checks
from crossbar.devices.files import DEFAULT_DEVICE_FILE


def _peak(read):
    tracemalloc.start()
    try:
        data = read()
        return data, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_small_file_is_read_with_a_small_buffer():
    data, peak = _peak(lambda: checks.read_capped(DEFAULT_DEVICE_FILE, ValueError))
    assert data == DEFAULT_DEVICE_FILE.read_bytes()
    assert peak < 1 << 20, f"{peak:,} bytes to read {len(data):,}"


def test_the_limit_still_holds(tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"0" * 1001)
    with pytest.raises(ValueError, match=r"is 1,001 bytes .* more than the 1,000 bytes"):
        checks.read_capped(big, ValueError, limit=1000)
    big.write_bytes(b"0" * 1000)
    assert len(checks.read_capped(big, ValueError, limit=1000)) == 1000
