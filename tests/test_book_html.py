"""What the build does to the pages and scripts it writes, checked without a browser.

* The widget manager's script is mended so that its JSON-schema validators log nothing: they are
  made with ajv's ``allowUnionTypes`` (referee read 7, point 24).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from build_book import BuildError, mathjax3_typeset, union_types_allowed

ROOT = Path(__file__).resolve().parents[1]
MANAGER = ROOT / "node_modules" / "@jupyter-widgets" / "html-manager" / "dist" / "embed-amd.js"

#: The two places the manager (1.0.15, minified) makes its validator, as the npm package writes them.
MANAGER_SAMPLE = ('const At=__webpack_require__(9029).v2.state,pt=__webpack_require__(9029).v2.view,'
                  'gt=new(ht());gt.compile(At),gt.compile(pt);'
                  'const y=n(9029).v2.state,v=n(9029).v2.view,k=new(w()),E=k.compile(y),$=k.compile(v);'
                  'var other=new(Map());')


def test_the_widget_managers_validators_allow_union_types():
    mended = union_types_allowed(MANAGER_SAMPLE)
    assert "gt=new(ht())({allowUnionTypes:!0});gt.compile(At)" in mended
    assert "k=new(w())({allowUnionTypes:!0}),E=k.compile(y)" in mended
    assert "var other=new(Map());" in mended  # a constructor whose result is not compiled is left alone


def test_a_manager_that_makes_its_validators_otherwise_stops_the_build():
    with pytest.raises(BuildError, match="makes 1 JSON-schema validators"):
        union_types_allowed("gt=new(ht());gt.compile(At)")


def test_the_installed_manager_is_mended_in_both_places():
    if not MANAGER.is_file():
        pytest.skip(f"{MANAGER.relative_to(ROOT)} is not installed (npm ci, which make run does)")
    mended = union_types_allowed(mathjax3_typeset(MANAGER.read_text(encoding="utf-8")))
    assert mended.count("({allowUnionTypes:!0})") == 2
