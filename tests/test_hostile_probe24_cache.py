"""Hostile probe 24c, C24-4: a damaged file of numba's on-disk cache is compiled past, not reported.

An emptied ``.nbc`` (the machine code) ended a command in "internal error: EOFError: Ran out of input", status 1;
a ``.nbi`` (the index) holding text in "invalid literal for int() with base 10: 'arbage'", status 2, naming
nothing. Each draw below runs in a process of its own with its own NUMBA_CACHE_DIR: the first fills the cache,
the file is damaged, and the second must draw the same numbers (compiling again) and write the file anew.
"""

from __future__ import annotations

import glob
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DRAW = "import crossbar.random as r; print(r.standard_normal(7, [0, 5, 9], 3).tobytes().hex())"


def _draw(cache):
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", DRAW], env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("kind, damage", [(".1.nbc", b""), (".nbi", b"garbage\n"), (".1.nbc", b"\x80\x05garbage")])
def test_a_damaged_cache_file_is_compiled_again_and_written_anew(tmp_path, kind, damage):
    cache = tmp_path / "numba-cache"
    first = _draw(cache)
    assert (first.returncode, first.stderr) == (0, "")
    (path,) = glob.glob(str(cache / "**" / f"random._fill_normal-*.py*{kind}"), recursive=True)
    Path(path).write_bytes(damage)
    again = _draw(cache)
    assert (again.returncode, again.stderr, again.stdout) == (0, "", first.stdout)
    assert Path(path).read_bytes() != damage  # numba saved the function over the damaged file
    third = _draw(cache)
    assert (third.returncode, third.stderr, third.stdout) == (0, "", first.stdout)
