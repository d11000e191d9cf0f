"""Probe 25c, C25-5: a FIFO in place of a numba cache file hung the command (a thread blocked opening it for reading,
waiting for a writer). A cache file that is no regular file counts as a damaged one: the function is compiled again
and its file written anew (a regular file in the FIFO's place)."""

from __future__ import annotations

import glob
import os
import stat
from pathlib import Path

import pytest

from test_hostile_probe24_cache import _draw


@pytest.mark.parametrize("kind", [".nbi", ".1.nbc"])
def test_a_fifo_in_place_of_a_cache_file_is_compiled_past_and_replaced(tmp_path, kind):
    cache = tmp_path / "numba-cache"
    first = _draw(cache)
    assert (first.returncode, first.stderr) == (0, "")
    (path,) = glob.glob(str(cache / "**" / f"random._fill_normal-*.py*{kind}"), recursive=True)
    os.unlink(path)
    os.mkfifo(path)
    again = _draw(cache)  # hung (the subprocess's timeout) before
    assert (again.returncode, again.stderr, again.stdout) == (0, "", first.stdout)
    assert stat.S_ISREG(os.stat(path).st_mode) and Path(path).stat().st_size > 0  # saved over the FIFO
