"""Sphinx extension of the book (``sphinx: local_extensions`` in _config.yml puts its folder on the path).

Every page must load without a script error (tests/test_book_pages.py fails on any). Two come
from the tools, not from the book, and are mended here:

* sphinx-thebe adds its configuration script (``const THEBE_JS_URL = ...``) once per read of
  the sources, and Jupyter Book reads them twice, so each page declared the constant twice
  ("Identifier 'THEBE_JS_URL' has already been declared"). Scripts are de-duplicated per page.
* the theme's colour mode: without ``default_mode`` the page sets an empty mode, which the
  theme reports as an error and resets; _config.yml sets it to light.
"""

from __future__ import annotations


def _unique_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        # the same script added twice differs in its priority or in a filename of None against "",
        # which Sphinx's own check counts
        key = (str(getattr(script, "filename", script) or ""), getattr(script, "attributes", {}).get("body"))
        if key in seen:
            continue
        seen.add(key)
        kept.append(script)
    scripts[:] = kept


def setup(app):
    app.connect("html-page-context", _unique_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
