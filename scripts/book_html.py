"""Mend the HTML Jupyter Book writes, after it has written it (called by scripts/build_book.py).

* **Figure alt text.** Sphinx gives the image of every figure the alt text of its file path
  (``alt="../_images/<hash>.png"``), which a screen reader reads out and a reader without images
  sees. The figures of the book are glued outputs with a caption (``{glue:figure}``), so the path
  cannot be replaced in the source; here each figure's image gets the first sentence of its own
  caption, as plain text.
* **Ranges that do not break.** A range in the prose ("45.5%–48.3%", often two glued values
  around a typed en dash) may wrap after its dash, leaving "45.5%–" at a line's end; the tables
  already join theirs with word joiners (``crossbar.views.report.RANGE_DASH``). Here every en
  dash between a number (or a per cent sign) and a number gets a word joiner on each side,
  outside a page's scripts, styles and preformatted blocks.

The rest of each page is left byte for byte as it was written.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

FIGURE = re.compile(r"<figure\b[^>]*>.*?</figure>", flags=re.S)
IMAGE = re.compile(r"<img\b[^>]*>")
ALT = re.compile(r'\balt="[^"]*"')
CAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", flags=re.S)
CAPTION_NUMBER = re.compile(r'<span class="caption-number">.*?</span>', flags=re.S)
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', flags=re.S)
TAG = re.compile(r"<[^>]+>")
MATH_DELIMITER = re.compile(r"\\[()\[\]]|\$")
#: TeX commands of the captions' math, as a reader of plain text writes them; any other command
#: loses its backslash, and braces go.
TEX = {r"\pm": "±", r"\mp": "∓", r"\beta": "β", r"\theta": "θ", r"\Delta": "Δ", r"\sigma": "σ",
       r"\infty": "∞", r"\cdot": "·", r"\times": "×", r"\le": "≤", r"\ge": "≥", r"\to": "→",
       r"\sum": "∑"}
TEX_COMMAND = re.compile(r"\\([A-Za-z]+)")
#: Words whose full stop ends no sentence.
ABBREVIATIONS = ("Fig.", "Figs.", "Eq.", "Eqs.", "e.g.", "i.e.", "cf.", "vs.", "al.", "approx.", "No.")
#: A full stop, question or exclamation mark (maybe closed by a bracket or a quote) before a space.
SENTENCE_END = re.compile(r"[.!?][)\]\"'’”]*(?=\s|$)")
#: Word joiners around an en dash: no line break on either side (crossbar.views.report.RANGE_DASH).
RANGE_DASH = "\u2060\u2013\u2060"
#: An en dash between a number's end and a number's start, either maybe the edge of a glued value's
#: span ("<span class="pasted-text">45.5%</span>–<span class="pasted-text">48.3%</span>").
BARE_RANGE = re.compile(r"(?<=[\d%])((?:</span>)?)\u2013((?:<span class=\"pasted-text\">)?)(?=[\d\u2212])")
#: What keeps its dashes: scripts, styles and preformatted blocks (code and printed output).
KEPT = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<pre\b.*?</pre>", flags=re.S)


def caption_text(figcaption):
    """The plain text of a figure's caption: no number ("Fig. 5.1"), link, tag or math delimiter."""
    text = HEADERLINK.sub("", CAPTION_NUMBER.sub("", figcaption))
    text = MATH_DELIMITER.sub("", html.unescape(TAG.sub("", text)))
    text = TEX_COMMAND.sub(lambda m: TEX.get(m.group(0), m.group(1)), text)
    text = re.sub(r"([_^])\{([^{}]{2,})\}", r"\1(\2)", text).replace("{", "").replace("}", "")  # I_(2i+1)
    return " ".join(text.split())


def first_sentence(text):
    """The first sentence of `text`: up to the first full stop followed by a space, not an abbreviation's.

    A decimal point ("0.84") is not followed by a space, nor is a mark inside brackets ("answer
    ("?" ...)") the end; a caption with no full stop is its own sentence.
    """
    for match in SENTENCE_END.finditer(text):
        head = text[:match.end()]
        if (not head.endswith(ABBREVIATIONS) and not re.search(r"\b[A-Z]\.$", head)  # "Fig.", "J. Smith"
                and head.count("(") <= head.count(")")):
            return head.strip()
    return text.strip()


def figure_alt_text(page):
    """`page` (HTML) with the image of each captioned figure described by its caption's first sentence."""

    def mend(figure):
        block = figure.group(0)
        caption = CAPTION.search(block)
        if caption is None:
            return block
        alt = html.escape(first_sentence(caption_text(caption.group(1))), quote=True)
        if not alt:
            return block

        def describe(img):
            tag = img.group(0)
            if ALT.search(tag):
                return ALT.sub(lambda _: f'alt="{alt}"', tag, count=1)
            return tag.replace("<img", f'<img alt="{alt}"', 1)

        return IMAGE.sub(describe, block[:caption.start()]) + block[caption.start():]

    return FIGURE.sub(mend, page)


def unbroken_ranges(page):
    """`page` (HTML) with a word joiner on each side of every en dash that joins two numbers, outside
    its scripts, styles and preformatted blocks (code and its printed output stay as written)."""
    def join(match):
        return match.group(1) + RANGE_DASH + match.group(2)

    pieces, last = [], 0
    for match in KEPT.finditer(page):
        pieces += [BARE_RANGE.sub(join, page[last:match.start()]), match.group(0)]
        last = match.end()
    return "".join(pieces) + BARE_RANGE.sub(join, page[last:])


def mend_pages(html_dir):
    """Apply the mends above to every page under `html_dir`; returns the number of pages changed."""
    changed = 0
    for path in sorted(Path(html_dir).rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        mended = unbroken_ranges(figure_alt_text(text))
        if mended != text:
            path.write_text(mended, encoding="utf-8")
            changed += 1
    return changed
