"""The README: its Python examples run as written, and every number it quotes has one source.

* The examples of the README and of the pages it sends the reader to (`docs/*.md`) run as
  written, and every relative link of those pages leads to a file.

* The findings are the book's: each number of the section "What the book finds" is, in order, a
  value a chapter glued when the book was built (read from the executed chapters in
  `_build/site/chapters`, formatted as the page formats it). The test is skipped, saying so,
  when the book has not been built.
* The speed figures are the benchmarks': each number of the section "Speed" stands in
  `benchmarks/README.md`, beside the command that measured it.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
TEXT = README.read_text(encoding="utf-8")
DOCS = sorted((ROOT / "docs").glob("*.md"))
BLOCKS = re.findall(r"```python\n(.*?)```", TEXT, flags=re.S)
#: (page, k, code) of every Python example of the README and of docs/.
EXAMPLES = [(path.relative_to(ROOT).as_posix(), k, code)
            for path in [README, *DOCS]
            for k, code in enumerate(re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S))]
EXECUTED = ROOT / "_build" / "site" / "chapters"

#: (chapter, glued name, format) of the numbers of "What the book finds", in the order they appear.
FINDINGS = [
    ("monte-carlo", "ref_converged", ","),
    ("monte-carlo", "trials", ","),
    ("monte-carlo", "def_rate", ".1%"),
    ("monte-carlo", "def_ci_low", ".1%"),
    ("monte-carlo", "def_ci_high", ".1%"),
    ("monte-carlo", "heldout_rate", ".1%"),
    ("monte-carlo", "lattice_failed", ".1%"),
    ("monte-carlo", "lattice_ci_low", ".1%"),
    ("monte-carlo", "lattice_ci_high", ".1%"),
    ("monte-carlo", "n_sub_failed", ""),
    ("monte-carlo", "feasibility_trials", ","),
    ("monte-carlo", "late", ""),
    ("monte-carlo", "late_end_rule", ".0%"),
    ("monte-carlo", "late_end_chance", ".0%"),
    ("real-devices", "goff_rate", ".1%"),
    ("real-devices", "tol_c2c", ".1%"),
    ("real-devices", "next_c2c", ".1%"),
    ("real-devices", "gc2c_low", ".1%"),
    ("real-devices", "gtol_c2c", ".0%"),
    ("training-rules", "focused_rate", ".2%"),
    ("training-rules", "batch_rate", ".1%"),
    ("training-rules", "lattice_rate", ".2%"),
    ("networks", "hidden", ""),
    ("networks", "w_hidden_ref", ".1%"),
    ("networks", "w0_ref", ".1%"),
    ("networks", "n_better", ""),
    ("networks", "n_devices", ""),
    ("networks", "ex_own_rec", ".1%"),
    ("networks", "ex_net_rec", ".1%"),
    ("networks", "save_median", ".0%"),
    ("networks", "save_others", ".0%"),  # without the device whose two-way network does not train
    ("networks", "one_way_vs_fix", ".0%"),
    ("networks", "fix_one_loss", ".1f"),
    ("networks", "fix_one_loss_others", ".1f"),  # without the device where G_fix fails to train too
    ("letters", "best_rate", ".1%"),
    ("letters", "preset_epochs", ","),  # E of the focused rule with SET/RESET pulses
    ("letters", "gate_two_min", ".1%"),
    ("letters", "gate_two_max", ".1%"),
    ("letters", "prezioso_total", ","),  # in the words of prezioso_count (checked below)
    ("letters", "own_ref_min", ".1%"),
    ("letters", "own_ref_min_low", ".1%"),
    ("letters", "own_ref_min_high", ".1%"),
    ("letters", "own_ref_max", ".1%"),
    ("letters", "own_ref_max_low", ".1%"),
    ("letters", "own_ref_max_high", ".1%"),
    ("letters", "own_narrow_min", ".1%"),
    ("letters", "own_narrow_min_low", ".1%"),
    ("letters", "own_narrow_min_high", ".1%"),
    ("letters", "own_narrow_max", ".1%"),
    ("letters", "own_narrow_max_low", ".1%"),
    ("letters", "own_narrow_max_high", ".1%"),
    ("letters", "prezioso_trials", ""),
    # under "Limits": a statement about the protocol, not a finding about the devices
    ("networks", "m_low", ".1%"),
    ("networks", "m_high", ".1%"),
    ("networks", "m_default", ".1%"),
    ("networks", "mnist_trials", ""),
]

#: A number as prose writes it: digits with thousands commas or a decimal point, maybe a percent.
NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?:\s?%)?")


def _section(title):
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", TEXT, flags=re.S | re.M)
    assert match, f"README has no section '## {title}'"
    return match.group(1)


def _numbers(text):
    text = re.sub(r"`[^`]*`|\([^)]*\.(?:html|md|ipynb)[^)]*\)", " ", text)  # code and link targets
    return [n.replace(" ", "") for n in NUMBER.findall(text)]


def _glued(chapter):
    notebook = EXECUTED / f"{chapter}.ipynb"
    if not notebook.is_file():
        pytest.skip(f"{notebook.relative_to(ROOT)} does not exist: build the book first (make run)")
    values = {}
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook")
            if record:
                values[record["name"]] = output["data"].get(record["mime_prefix"] + "text/plain")
    return values


def test_readme_says_what_the_project_is_then_gives_the_two_commands():
    lines = TEXT.splitlines()
    block = lines.index("```bash")  # the first code block of the page
    opening = " ".join(lines[2:block])
    assert "simulates memristor crossbars" in opening and "how often" in opening, \
        "a newcomer reads what the project is before the commands"
    assert not re.search(r"`|^\s*[-#]", "\n".join(lines[2:block]), flags=re.M), \
        "the opening is prose: no list, heading or code before the two commands"
    assert lines[block + 1].startswith("make run     # ")
    assert lines[block + 2].startswith("make test    # ")
    assert lines[block + 3] == "```"
    assert len(lines) <= 250, f"the README has {len(lines)} lines; a newcomer's page keeps to about 250"


def test_every_finding_is_the_number_the_book_computed():
    from myst_nb.core.variables import format_plain_text

    expected = []
    for chapter, name, fmt in FINDINGS:
        glued = _glued(chapter)
        assert name in glued, f"chapter {chapter} no longer glues {name!r}"
        expected.append(format_plain_text(glued[name], fmt).replace(" ", ""))
    quoted = _numbers(_section("What the book finds"))
    assert quoted == expected, ("the README's findings differ from the executed chapters "
                                f"(README, then book):\n{quoted}\n{expected}")


#: (chapter, glued name) of words of "What the book finds" that a chapter chose by code, and the
#: (chapter, glued name) of the device each named rate belongs to, with the name the README gives it.
WORDS = [("letters", "prezioso_count")]
DEVICES = [("letters", "own_ref_min_device"), ("letters", "own_ref_max_device"),
           ("letters", "own_narrow_min_device"), ("letters", "own_narrow_max_device")]
#: How the README names a preset.
PRESET_NAMES = {"ag-si": "Ag:a-Si", "taox-hfox": "TaOx/HfOx", "pcmo": "PCMO", "alox-hfo2": "AlOx/HfO2",
                "gst-pcm": "GST-PCM", "epiram": "EpiRAM", "hzo-fefet": "HZO FeFET"}


def test_the_findings_words_and_devices_are_the_books():
    from myst_nb.core.variables import format_plain_text

    section = " ".join(_section("What the book finds").split())
    for chapter, name in WORDS:
        words = format_plain_text(_glued(chapter)[name], "s")
        assert words in section, f"the README does not say {words!r} ({chapter}: {name})"
    # "(..., on PCMO)", "(..., on Ag:a-Si, AlOx/HfO2 and EpiRAM)": a comma only before another name
    named = re.findall(r"\bon ([A-Z][\w:/ -]*?(?:, [A-Z][\w:/ -]*?)*)\)", section)

    def readme_names(glued):  # 'ag-si, alox-hfo2 and epiram': the devices tied at that rate (referee 15, m7)
        keys = re.split(r", | and ", glued)
        names = [PRESET_NAMES[k] for k in keys]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    devices = [readme_names(format_plain_text(_glued(chapter)[name], "s")) for chapter, name in DEVICES]
    assert named == devices, f"the README names the devices {named}, the book {devices}"


def test_the_device_left_out_of_g_fix_s_saving_is_the_one_whose_two_way_network_does_not_train():
    """The README quotes G_fix's saving also without one device, saying its two-way network does not
    train: that device is the one the networks chapter found (two_fail), and its verdict on it is a
    failure to train, not to generalise."""
    from myst_nb.core.variables import format_plain_text

    for chapter in dict.fromkeys(c for c, _, _ in FINDINGS):  # the findings' build, complete
        _glued(chapter)
    glued = _glued("networks")
    device = format_plain_text(glued["two_fail"], "s")
    assert "failure to train" in format_plain_text(glued["two_fail_verdict"], "s")
    section = " ".join(_section("What the book finds").split())
    named = re.search(r"without ([\w:/ -]+?), whose two-way network does not train", section)
    assert named, "the README says which device G_fix's saving leaves out, and why"

    def key(name):
        return re.sub(r"[^a-z0-9]", "", name.lower())

    assert key(named.group(1)) == key(device), f"the README leaves out {named.group(1)}, the book {device}"


def test_the_device_left_out_of_g_fix_s_cost_is_where_g_fix_fails_to_train_too():
    """The README quotes G_fix's cost in digits also without one device, saying G_fix fails to train
    there too: that device is the one where the networks chapter's two-way network trains least
    (two_fail) and where G_fix trains least (fix_worst), and the chapter's verdict on G_fix there is a
    failure to train, not to generalise (referee 11, S1)."""
    from myst_nb.core.variables import format_plain_text

    for chapter in dict.fromkeys(c for c, _, _ in FINDINGS):  # the findings' build, complete
        _glued(chapter)
    glued = _glued("networks")
    device = format_plain_text(glued["two_fail"], "s")
    assert format_plain_text(glued["fix_worst"], "s") == device
    assert "failure to train" in format_plain_text(glued["fix_fail_verdict"], "s")
    section = " ".join(_section("What the book finds").split())
    named = re.search(r"without ([\w:/ -]+?), where G_fix, too, fails to train", section)
    assert named, "the README says which device G_fix's cost in digits leaves out, and why"
    assert re.sub(r"[^a-z0-9]", "", named.group(1).lower()) == re.sub(r"[^a-z0-9]", "", device), \
        f"the README leaves out {named.group(1)}, the book {device}"


def test_every_speed_figure_stands_in_the_benchmarks_readme():
    speed = _numbers(_section("Speed"))
    assert speed, "the README quotes its headline speed figures"
    bench = (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")
    plain = bench.replace(" ", "")
    missing = [n for n in speed if n not in plain]
    assert not missing, f"README speed figures not in benchmarks/README.md: {missing}"


def test_the_benchmarks_count_speed_in_trials_as_the_readme_does():
    """The README counts speed in crossbars trained per second; the benchmark scripts print, and the
    tables of benchmarks/README.md copy, trials/s, which that page says is the same thing, not the
    "fits/s" of crossbar 0.1 (referee 11, m9: "(570,461 fits/s)")."""
    assert "crossbars per second" in _section("Speed")
    bench = ROOT / "benchmarks"
    pages = [bench / "README.md", *sorted(bench.glob("*.py"))]
    fits = [f"{page.relative_to(ROOT).as_posix()}:{k}"
            for page in pages
            for k, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"\bfits?\s*(/\s*s\b|per\s+second)", line)]
    assert not fits, f"speed counted in fits, not trials: {fits}"
    text = (bench / "README.md").read_text(encoding="utf-8")
    assert "570,461 trials/s" in text and "trials/s is what the\nproject README calls crossbars per second" in text


def test_readme_has_python_examples():
    assert BLOCKS, "the README shows the first calls"
    assert len(EXAMPLES) >= 4, "the README and docs/ show the API in examples"


@pytest.mark.parametrize("page, k, code", EXAMPLES, ids=[f"{page}-{k}" for page, k, _ in EXAMPLES])
def test_readme_example_runs(page, k, code, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples may write study folders
    exec(compile(code, f"{page} python block {k}", "exec"), {})


@pytest.mark.parametrize("path", [README, *DOCS], ids=lambda p: p.name)
def test_every_relative_link_leads_to_a_file(path):
    text = path.read_text(encoding="utf-8")
    links = [target.split("#")[0] for target in re.findall(r"\]\(([^)\s]+)\)", text)
             if not re.match(r"[a-z]+:", target)]
    missing = [link for link in links if link and not (path.parent / link).exists()]
    assert not missing, f"{path.relative_to(ROOT)} links to files that do not exist: {missing}"


def test_the_api_detail_the_readme_sends_the_reader_to_is_there():
    for page in ("docs/package.md", "docs/own-device.md", "docs/networks.md"):
        assert f"]({page})" in TEXT, f"the README does not link {page}"
    own = (ROOT / "docs" / "own-device.md").read_text(encoding="utf-8")
    assert all(f"## {title}" in own for title in ("Units", "Noise", "Laws"))
