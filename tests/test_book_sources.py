"""The chapter notebooks as sources: listed in the table of contents, parameterised, readable."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from build_book import toc_entries

ROOT = Path(__file__).resolve().parents[1]
#: Characters of code that fit a code cell on a 1280-pixel-wide page of the built book.
PAGE_CODE_WIDTH = 77


CHAPTERS = [doc for doc in toc_entries() if doc.startswith("chapters/")]


def _cells(doc):
    return json.loads((ROOT / "book" / f"{doc}.ipynb").read_text(encoding="utf-8"))["cells"]


def test_every_chapter_notebook_is_in_the_table_of_contents():
    on_disk = {f"chapters/{p.stem}" for p in (ROOT / "book" / "chapters").glob("*.ipynb")}
    assert on_disk == set(CHAPTERS), "book/chapters/*.ipynb and the chapters of _toc.yml differ"
    assert all(re.fullmatch(r"chapters/[a-z0-9]+(-[a-z0-9]+)*", doc) for doc in CHAPTERS), \
        "chapter addresses are lower-case words joined by hyphens"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_chapter_has_one_parameters_cell_and_no_stored_outputs(doc):
    cells = _cells(doc)
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{doc}: {len(tagged)} cells tagged 'parameters', expected 1"
    assert not any(c.get("outputs") for c in cells if c["cell_type"] == "code"), \
        f"{doc}: source notebooks carry no outputs (papermill writes the executed copy)"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_code_fits_the_page(doc):
    def width(cell):  # a folded cell's code sits in a box a few characters narrower
        return PAGE_CODE_WIDTH - 2 if "hide-input" in cell.get("metadata", {}).get("tags", []) else PAGE_CODE_WIDTH

    long = [(i, line) for i, c in enumerate(_cells(doc)) if c["cell_type"] == "code"
            for line in "".join(c["source"]).splitlines() if len(line) > width(c)]
    assert not long, f"{doc}: {len(long)} code line(s) longer than {PAGE_CODE_WIDTH} characters, " \
                     f"e.g. cell {long[0][0]}: {long[0][1]!r}" if long else ""


#: A code cell that shows something on the page besides what it glues.
SHOWS = re.compile(r"\b(print|show_table|display|static_explorer)\(")


def _tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


@pytest.mark.parametrize("doc", CHAPTERS)
def test_cells_that_only_glue_are_removed_from_the_page(doc):
    """A cell that only hands numbers to the prose has nothing to show: folded (hide-input) it would
    leave an empty "Show code cell source" toggle, so it is removed (remove-cell); the build and
    nbval still run it. A cell that also makes a figure may show its code instead."""
    for i, c in enumerate(_cells(doc)):
        text = "".join(c["source"])
        if c["cell_type"] == "code" and re.search(r"\bglue_values\(", text) and not SHOWS.search(text):
            tags = _tags(c)
            assert "hide-input" not in tags and ("remove-cell" in tags or "glue_figure" in text), \
                f"{doc}, cell {i}: a cell that only glues values should be tagged remove-cell"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_checks_and_versions_run_but_stay_off_the_page(doc):
    """The asserts that fail the build on a drifting result, and the version print, are scaffolding:
    every chapter has them, tagged remove-cell (run by the build and by nbval, not shown)."""
    cells = [c for c in _cells(doc) if c["cell_type"] == "code"]
    versions = [k for k, c in enumerate(cells) if "import platform" in "".join(c["source"])]
    assert versions, f"{doc}: a chapter ends with a version print"
    checks = [cells[versions[0] - 1]]  # the cell of checks, just before it
    assert re.search(r"^assert ", "".join(checks[0]["source"]), flags=re.M), f"{doc}: no checks before the versions"
    versions = [cells[k] for k in versions]
    for c in checks + versions:
        assert "remove-cell" in _tags(c), f"{doc}: {''.join(c['source'])[:60]!r} should be tagged remove-cell"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_every_chapter_has_three_figures_and_exercises_with_hidden_solutions(doc):
    cells = _cells(doc)
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    figures = set(re.findall(r"```\{glue:figure\}\s+(\S+)", text))
    assert len(figures) >= 3, f"{doc}: {len(figures)} figures, at least 3 expected"
    assert re.search(r"^## Exercises\s*$", text, flags=re.M), f"{doc}: no '## Exercises' section"
    exercises = re.findall(r"```\{admonition\} Exercise", text)
    solutions = re.findall(r"```\{admonition\} Solution[^\n]*\n:class: dropdown", text)
    assert exercises and len(solutions) == len(exercises), \
        f"{doc}: {len(exercises)} exercises, {len(solutions)} solutions folded as dropdowns"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_every_chapter_ends_with_its_exercises_then_its_summary(doc):
    """One arc for every chapter: content, exercises, then "Summary and what's next" (the pointer to
    the next chapter comes last), as the introduction says."""
    text = "\n".join("".join(c["source"]) for c in _cells(doc) if c["cell_type"] == "markdown")
    heads = re.findall(r"^## (Exercises|Summary and what's next)\s*$", text, flags=re.M)
    assert heads == ["Exercises", "Summary and what's next"], \
        f"{doc}: sections {heads}, expected Exercises then Summary and what's next"


#: A code cell that shows an ipywidgets widget.
WIDGET_CELL = re.compile(r"\bwidgets\.(interactive_output|interactive|interact)\(|\bdisplay\(widgets\.")


@pytest.mark.parametrize("doc", CHAPTERS)
def test_every_widget_says_how_to_make_it_live(doc):
    """On the static page a widget shows its initial state only: the text just above it says so
    and names ``make lab`` (the nearest markdown cell before the widget's cell)."""
    cells = _cells(doc)
    for i, c in enumerate(cells):
        if c["cell_type"] == "code" and WIDGET_CELL.search("".join(c["source"])):
            text = next(("".join(m["source"]) for m in reversed(cells[:i]) if m["cell_type"] == "markdown"), "")
            assert "`make lab`" in text and "static page" in text, \
                f"{doc}, cell {i}: the text before a widget should say that the static page shows its " \
                f"initial state and that `make lab` runs it live"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_every_widget_cell_is_left_out_of_the_static_page_but_runs(doc):
    """A widget has no output on the static page, so its code would stand there unexplained under a text
    that says the page leaves it out (referee read 6, point 21: two of nine cells kept their code); the
    cell still runs in the build, nbval (output ignored) and JupyterLab."""
    for i, c in enumerate(_cells(doc)):
        if c["cell_type"] == "code" and WIDGET_CELL.search("".join(c["source"])):
            missing = {"remove-input", "remove-output", "nbval-ignore-output"} - set(_tags(c))
            assert not missing, f"{doc}, cell {i}: a widget cell without the tags {sorted(missing)}"


def _numbered_chapters():
    """The chapters of _toc.yml's numbered part, in order: chapter k of the book is number k."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    numbered = [part for part in toc.get("parts", []) if part.get("numbered")]
    assert len(numbered) == 1, "_toc.yml: one numbered part (the chapters) expected"
    return [entry["file"] for entry in numbered[0]["chapters"]]


def test_figures_and_exercises_are_numbered_by_the_same_chapter_number():
    """Figures take their numbers from the toc's numbered part (Fig. 5.1 in the fifth chapter) and the
    exercises are numbered by hand (Exercise 5.1): both must count chapters the same way, and every
    "Exercise N.k" the text mentions must exist (referee read 5, point 47)."""
    assert _numbered_chapters() == CHAPTERS, "every chapter, and only chapters, in the numbered part"
    defined = {}
    for number, doc in enumerate(CHAPTERS, start=1):
        text = "\n".join("".join(c["source"]) for c in _cells(doc) if c["cell_type"] == "markdown")
        own = re.findall(r"```\{admonition\} Exercise (\d+)\.(\d+)", text)
        assert own == [(str(number), str(k)) for k in range(1, len(own) + 1)], \
            f"{doc} is chapter {number}: its exercises are numbered {['.'.join(e) for e in own]}"
        defined.update({f"{number}.{k}": doc for k in range(1, len(own) + 1)})
    pages = [(doc, "\n".join("".join(c["source"]) for c in _cells(doc))) for doc in CHAPTERS]
    pages.append(("intro", (ROOT / "book" / "intro.md").read_text(encoding="utf-8")))
    for doc, text in pages:
        for cited in re.findall(r"Exercise (\d+\.\d+)", text):
            assert cited in defined, f"{doc} mentions Exercise {cited}, which no chapter has"


def test_every_glued_value_from_another_chapter_carries_a_format():
    """myst-nb reads `{glue:text}`other.ipynb::key`` as the key 'other.ipynb:' with the format 'key' (it splits
    the format off at the last colon), so the build fails on a warning; `other.ipynb::key:s` (or `:d`, `:.1%`)
    is read right. Two chapters cited another's values without one (CI, stop 30)."""
    pages = [(doc, "\n".join("".join(c["source"]) for c in _cells(doc) if c["cell_type"] == "markdown"))
             for doc in CHAPTERS]
    pages.append(("intro", (ROOT / "book" / "intro.md").read_text(encoding="utf-8")))
    for doc, text in pages:
        for role in re.findall(r"\{glue:text\}`([^`]*::[^`]*)`", text):
            assert re.fullmatch(r"[^:]+::\w+:[^:]+", role), f"{doc}: {{glue:text}}`{role}` needs a format (':s', ':d')"


def test_book_params_go_to_the_chapters_that_declare_them_and_a_typo_is_refused():
    """BOOK_PARAMS="-p trails 100" ran every chapter on its defaults (papermill only logged the unknown name), and
    device_file was injected into chapters that never read it, so a reader could not tell which pages show
    their own device."""
    from build_book import BuildError, chapter_parameters, chapters, route_params

    every = chapters()
    routed = route_params([("device_file", "my.csv"), ("seed", "7")], every)
    for name, source in every:
        declared = chapter_parameters(source)
        assert routed[name] == [(k, v) for k, v in [("device_file", "my.csv"), ("seed", "7")] if k in declared]
        code = "".join("".join(c["source"]) for c in json.loads(source.read_text())["cells"]
                       if c["cell_type"] == "code" and "parameters" not in c.get("metadata", {}).get("tags", []))
        assert ("device_file" in declared) == bool(re.search(r"\bdevice_file\b", code)), \
            f"{name}: a chapter declares device_file exactly when its code reads it"
        # a file of read currents needs its read voltage: every chapter that loads device_file takes it
        # (BOOK_PARAMS="-p device_file measured.dat" stopped your-own-device, whose read_voltage was 0.1)
        assert ("device_file" in declared) <= ("read_voltage" in declared), name
        assert not re.search(r"load_device\(\s*device_file\s*\)", code), f"{name}: device_file loaded without read_voltage"
    assert {name for name in routed if routed[name][:1] == [("device_file", "my.csv")]} >= {"device-data", "monte-carlo"}
    with pytest.raises(BuildError, match="no chapter has a parameter 'trails'; the chapters' parameters are .*trials"):
        route_params([("trials", "100"), ("trails", "100")], every)


def test_chapters_run_two_at_a_time_and_the_first_failure_stops_the_others():
    import threading
    import time

    from build_book import BuildError, Cancelled, run_parallel

    started, finished = [], []

    def work(item):
        name, seconds, fails = item
        started.append(name)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if cancel.is_set():
                raise Cancelled(name)
            time.sleep(0.01)
        if fails:
            raise BuildError(f"chapter {name} failed")
        finished.append(name)

    cancel = threading.Event()
    start = time.monotonic()
    run_parallel(work, [("a", 0.4, False), ("b", 0.2, False), ("c", 0.2, False)], 2, cancel)
    assert sorted(finished) == ["a", "b", "c"] and time.monotonic() - start < 0.55  # not 0.8 one by one

    cancel = threading.Event()
    started.clear(), finished.clear()
    start = time.monotonic()
    with pytest.raises(BuildError, match="chapter bad failed"):  # the failure, not a Cancelled
        run_parallel(work, [("long", 30, False), ("bad", 0.1, True), ("queued", 0.1, False)], 2, cancel)
    assert time.monotonic() - start < 5 and "queued" not in finished and "long" not in finished


def test_the_shipped_chapter_times_that_order_pytests_files_name_every_chapter():
    seconds = json.loads((ROOT / "scripts" / "chapter-seconds.json").read_text())
    assert sorted(seconds) == sorted(doc.removeprefix("chapters/") for doc in CHAPTERS)
    assert all(isinstance(s, (int, float)) and s > 0 for s in seconds.values())


def _glued_names(cells):
    """The names a chapter's code glues by keyword (report.glue_values) or literal (report.glue_figure), in order."""
    import ast

    names = []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        try:
            tree = ast.parse("".join(cell["source"]))
        except SyntaxError:  # an IPython magic: no glue of ours
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr == "glue_values":
                names += [k.arg for k in node.keywords if k.arg is not None]
            elif node.func.attr == "glue_figure" and node.args and isinstance(node.args[0], ast.Constant):
                names.append(node.args[0].value)
    return names


@pytest.mark.parametrize("doc", CHAPTERS)
def test_no_glue_key_is_glued_twice_in_a_chapter(doc):
    # Jupyter Book's build (-W) fails on a duplicate glue key, which executing the chapter alone does not show
    names = _glued_names(_cells(doc))
    twice = sorted({n for n in names if names.count(n) > 1})
    assert not twice, f"{doc}: glue key(s) glued more than once: {twice}"


#: What the book calls each rule: `gated` is the rule that trains 14.2 % of letter crossbars (letters 8.5), and the
#: rule with SET/RESET pulses that trains the two-way presets, batch+gated+refresh+two-way+focus=0.7, is the focused
#: rule. Referee 11 (must 1) and referee 12 (must 1, m1) found it credited to "the gated rule(s)" on the page.
WRONG_RULE_NAMES = re.compile(r"gated\s+rules?\s+with\s+SET/RESET|chosen\s+for\s+the\s+gated\s+rules")


def test_the_focused_rule_with_set_reset_pulses_is_not_called_the_gated_rule():
    sources = {doc: "\n".join(c["source"] if isinstance(c["source"], str) else "".join(c["source"])
                              for c in json.loads((ROOT / "book" / f"{doc}.ipynb").read_text())["cells"])
               for doc in CHAPTERS}
    sources["intro"] = (ROOT / "book" / "intro.md").read_text()
    sources["README"] = (ROOT / "README.md").read_text()
    found = {doc: m.group(0) for doc, text in sources.items() if (m := WRONG_RULE_NAMES.search(text))}
    assert not found, found


def test_the_networks_g_fix_table_is_numbered_cited_and_shows_every_device_s_step():
    """Referee 12 (m3, m5): the G_fix table was a cell's output, without number or caption ("the table
    above"), with ranges written '91.1-92.2', and §10.7.1 ordered the presets by a balance-point step
    the page gave for two of them; (m4) the summary's "So on pcmo G_fix fails" followed no number."""
    cells = ["".join(c["source"]) for c in _cells("chapters/networks")]
    text = "\n".join(cells)
    caption = next(c for c in cells if ":name: tab-net-gfix" in c)
    assert caption.startswith("::::{table}") and "```{glue:md} tab_net_gfix" in caption
    assert text.count("{numref}`tab-net-gfix`") >= 3 and "The table above" not in text
    glued = next(c for c in cells if "tab_net_gfix=report.markdown_table(" in c)
    # referee 13 (m1): a short header, and the step once per device (it is the same for the three rules)
    assert '"step (% of range)"' in glued and "balance_of[n][1]" in glued and 'if k == "one-way" else ""' in glued
    # every range of a table through report.median_range (an en dash), none through Outcome.row's hyphen
    assert ".row(" not in text and text.count("report.median_range(") >= 4
    summary = next(c for c in cells if c.startswith("## Summary"))
    assert summary.index("fix_summary_text") < summary.index("fix_closing")


#: A range printed with a hyphen: a formatted number, a hyphen, the next field ("{lo:.1%} - {hi:.1%}",
#: "{100 * lo:.1f}-{100 * hi:.1f}"), once adjacent string literals are joined.
HYPHEN_RANGE = re.compile(r":[^{}:]*[%f]\}\s*-\s*\{")
_JOINED_LITERALS = re.compile(r"[\"']\s*\n\s*(?:rf|fr|f|r)?[\"']")


@pytest.mark.parametrize("doc", CHAPTERS)
def test_no_chapter_prints_a_range_with_a_hyphen(doc):
    """Referee 13 (m4): single-run §4.2, monte-carlo §5.4/§5.5, real-devices §6.4 printed '44.0% - 48.3%' and
    Your own device's tables '70.9 % (69.4-72.2)', where the text writes '47.8% (47.5% – 48.1%)' and the
    tables '91.6 (91.1–92.2)': ranges go through report.percent_range and report.median_range."""
    found = [m.group(0) for c in _cells(doc) if c["cell_type"] == "code"
             for m in HYPHEN_RANGE.finditer(_JOINED_LITERALS.sub("", "".join(c["source"])))]
    assert not found, f"{doc}: range(s) written with a hyphen: {found}"


def test_referee_13s_wording_is_fixed_at_its_source():
    """Referee 13: Your own device's "1,866 of 2,000 of its converged crossbars" beside 100 % of 4,000 (m5) and
    its diagnosis column's "-" for none (m4); the networks summary's "pcmo itself" (m3); the tie of Table 8.3
    told three times, in §8.8, its note and Ex. 8.1 (m2)."""
    own = "\n".join("".join(c["source"]) for c in _cells("chapters/your-own-device"))
    assert "of its converged crossbars" not in own
    assert "converged crossbars the diagnosis replayed (of {glue:text}`gated_converged:,`)" in own
    assert 'return "none"' in own and "report.median_range(*r)" in own
    net = "\n".join("".join(c["source"]) for c in _cells("chapters/networks"))
    assert "{worst} itself" not in net and "G_fix on {worst_name}'s own curve" in net
    assert "the mirror recovers {closed:.0%} of the gap" in net
    letters = "\n".join("".join(c["source"]) for c in _cells("chapters/letters"))
    assert "though it ties at" not in letters and "a tie broken by grid order" in letters
    assert "{glue:text}`tie_text` ({numref}`tab-letter-plain-search`)" in letters
    assert "{numref}`tab-letter-plain-search`'s note" in letters


def test_referee_14s_tables_write_ranges_one_way_and_say_their_units():
    """Referee 14: training-rules §7.4 ('47.5 % (46.0 % – 49.0 %)' over three lines), real-devices §6.5
    ('98.4 % (98.2–' / '98.6)') and monte-carlo §5.2 ('0.0106–' / '0.0272 %') split ranges, where letters and
    networks write them through report.median_range (m2); Your own device's header broke inside '95 % CI'
    (m4) and its noise table gave σ_add (of Δg) and σ_rel (of the step) in one 'c2c' column as '0.0757 %' and
    '6.13 %' (m5); networks explained its two G_fix intervals in the summary, not in §10.7.1, without their
    coverage, and §10.7.1 said 'that of pcmo itself' (m6)."""
    def code(doc):
        return "\n".join("".join(c["source"]) for c in _cells(f"chapters/{doc}") if c["cell_type"] == "code")
    rules, real, mc = code("training-rules"), code("real-devices"), code("monte-carlo")
    assert "({pct(r['ci_low'])} – {pct(r['ci_high'])})" not in rules
    assert 'report.median_range(r["rate"], r["ci_low"],' in rules and '"rate % (95% CI)"' in rules
    assert "report.median_range(r[rule].rate, r[rule].ci_low" in real and '"ideal: rate % (95% CI)"' in real
    assert "report.median_range(m.rate, m.ci_low, m.ci_high" in mc and '"95 % CI"], rows)' not in mc
    own = code("your-own-device")
    assert own.count('"trained % (95%\\u00a0CI)"') == 2 and '"trained % (95 % CI)"' not in own
    assert '"c2c per pulse"' in own and '% of Δg"' in own and '% of "\n                            "the step"' in own
    net = code("networks")
    assert "that of {failed} itself" not in net and ("that of the two-way rule on \"\n"
                                                       "    f\"{failed_name}'s") in net
    glued = net[net.index("fix_mirror_text=("):net.index("fix_fail_verdict=(")]
    summary = net[net.index("fix_summary_text=("):net.index("fix_one_loss_others=")]
    assert "interval_ranks" in glued and "interval_ranks" not in summary
    assert "probability at least {ranks(grid_trials)[1]:.1%}" in net


#: A value and its percent sign parted by a space (or a no-break space): '41.9 %', '2–5 %', a glued value's
#: closing backtick ('{glue:text}`noise_max:g` %'). A unit named in words ('rate %', 'in %') is not a value.
SPACED_PERCENT = re.compile(r"[0-9`][ \u00a0\u202f]%")


def _written(node):
    """An f-string's text with each field written as a digit (a value)."""
    return "".join(v.value if isinstance(v, ast.Constant) else "0" for v in node.values)


def _strings(source):
    """The text of a code cell's string literals, an f-string's fields written as a digit (a value), and a
    literal that starts with ' %' (joined to a value: `", ".join(...) + " %"`) marked as one."""
    tree = ast.parse("\n".join(line for line in source.splitlines() if not line.startswith(("%", "!"))))
    texts = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            texts.append(_written(node))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            texts.append(("0" if node.value[:1] in " \u00a0\u202f" else "") + node.value)
    return texts


@pytest.mark.parametrize("doc", CHAPTERS)
def test_no_chapter_writes_a_space_before_a_percent_sign(doc):
    """Referee 15 (m5): the book wrote percentages two ways, the glued text '47.8%' (Python's ':.1%') and the
    tables, figure labels, printed outputs and typed prose '41.9 %' -- both in one sentence of real-devices
    §6.4 ('up to 2–5 % stuck low ... at 10% the rate falls to 39.0%'); 155 spaced and 137 unspaced on that
    page. One style, no space, in the markdown and in every string the code writes."""
    found = []
    for i, c in enumerate(_cells(doc)):
        source = "".join(c["source"])
        texts = [source] if c["cell_type"] == "markdown" else _strings(source) if c["cell_type"] == "code" else []
        found += [(i, t[max(m.start() - 20, 0):m.end() + 5]) for t in texts for m in SPACED_PERCENT.finditer(t)]
    assert not found, f"{doc}: {len(found)} value(s) written with a space before %, e.g. cell {found[0][0]}: " \
                      f"{found[0][1]!r}" if found else ""


def test_readme_and_intro_write_no_space_before_a_percent_sign():
    """Referee 15 (m5): as the chapters, so the README's findings and the book's introduction: '47.8%'."""
    for path in (ROOT / "README.md", ROOT / "book" / "intro.md"):
        found = [m.group(0) for m in SPACED_PERCENT.finditer(path.read_text(encoding="utf-8"))]
        assert not found, f"{path.name}: value(s) written with a space before %: {found}"


def test_the_views_write_no_space_before_a_percent_sign():
    """Referee 15 (m5): the figures' bar labels ('47.8 %'), titles and legends, the widgets' and explorers'
    summaries are the book's too: every f-string of crossbar/views writes a value's % without a space."""
    found = []
    for path in sorted((ROOT / "crossbar" / "views").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                found += [f"{path.name}:{node.lineno}: {_written(node)!r}"
                          for _ in SPACED_PERCENT.finditer(_written(node))]
    assert not found, f"value(s) written with a space before %: {found}"
