"""The README's Python examples run as written (in a scratch folder)."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_python_examples():
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("k", range(len(BLOCKS)))
def test_readme_example_runs(k, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples may write study folders
    code = BLOCKS[k]
    exec(compile(code, f"README.md python block {k}", "exec"), {})
