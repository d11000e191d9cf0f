"""Build the book into _build/html from a clean clone, quietly, and say exactly where it is stuck.

    python scripts/build_book.py [--params "-p trials 2000"] [--chapters NAME ...] [--repeat N]

1. Offline JavaScript: MathJax 3, require.js and the ipywidgets HTML manager from npm
   (package-lock.json) go to _build/site/_assets/js/, which the pages load instead of CDNs.
2. The site folder _build/site is assembled: the text pages of book/ (intro.md, references)
   are copied, and every chapter that _toc.yml lists as ``chapters/<name>`` is executed from
   book/chapters/<name>.ipynb by papermill (scripts/execute_chapter.py, one process per chapter)
   into _build/site/chapters/<name>.ipynb. Chapters are independent, so ``--jobs`` of them run at
   once (default: 2, or 1 on a one-core machine), in reading order; the first failure stops the
   others and the build.
3. Jupyter Book 1 renders _build/site with the root _config.yml and _toc.yml into _build/html;
   it never executes anything itself. Its pages are then mended (scripts/book_html.py): each
   figure's image described by its caption's first sentence.

Output: one line per chapter with its time, then the path of index.html; anything else only when
something goes wrong (a failed cell, a warning from Sphinx, a stalled chapter).

**Watchdog.** Each chapter has a time budget: ``--stall-factor`` times its time in the last
successful build with the same parameters (``_build/chapter-times.json``, at least
``--min-budget`` seconds), or ``--first-budget`` seconds when there is no such build. A chapter
past its budget is stalled: the build prints which cell was running and the Python stack of
every thread of both the papermill client and the kernel, stops that chapter, and fails. It does
not retry: a stall that nobody understands must be looked at, not hidden.

Environment: BOOK_PARAMS (papermill arguments for every chapter, shell-quoted, e.g.
``BOOK_PARAMS="-p trials 2000 -p seed 7"``), used when ``--params`` is not given.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from book_html import mend_pages

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
BUILD = ROOT / "_build"
SITE = BUILD / "site"
FAILED = BUILD / "failed"
TIMES = BUILD / "chapter-times.json"
KERNEL = "crossbar"


class BuildError(Exception):
    """A step failed; the message says which and why (details were printed above it)."""


def log(message):
    print(message, flush=True)


def run_quietly(command, what, **kwargs):
    """Run a command, showing its output only if it fails."""
    proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, **kwargs)
    if proc.returncode:
        sys.stdout.write(proc.stdout)
        sys.stderr.write(proc.stderr)
        raise BuildError(f"{what} failed (exit status {proc.returncode}): {shlex.join(map(str, command))}")
    return proc


# --------------------------------------------------------------------------- chapters from the toc

def toc_entries():
    """Docnames of _toc.yml in reading order (root first)."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                yield entry["file"]
            for key in ("parts", "chapters", "sections"):
                yield from walk(entry.get(key))

    return [toc["root"], *walk(toc.get("parts", []) + toc.get("chapters", []))]


def chapters():
    """(name, source notebook) of every chapter, in reading order."""
    out = []
    for doc in toc_entries():
        if doc.startswith("chapters/"):
            source = BOOK / f"{doc}.ipynb"
            if not source.is_file():
                raise BuildError(f"_toc.yml lists {doc}, but {source.relative_to(ROOT)} does not exist")
            out.append((doc.split("/", 1)[1], source))
    return out


def chapter_parameters(source):
    """The names a chapter's cell tagged ``parameters`` assigns: the parameters papermill can set."""
    names = set()
    for cell in json.loads(source.read_text())["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            for node in ast.parse("".join(cell["source"])).body:
                targets = (node.targets if isinstance(node, ast.Assign)
                           else [node.target] if isinstance(node, ast.AnnAssign) else [])
                names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def route_params(params, every):
    """Each chapter's share of `params`: the ones its parameters cell declares.

    A name no chapter declares is refused (a typo such as ``-p trails 100`` ran the whole book on the
    defaults, papermill only logging it); a name some chapters do not declare is said once, since
    those chapters run on their own values (``device_file``: the chapters comparing rules and
    presets keep the embedded device).
    """
    declared = {name: chapter_parameters(source) for name, source in every}
    routed = {name: [(k, v) for k, v in params if k in declared[name]] for name in declared}
    for k, _ in params:
        takers = [name for name in declared if k in declared[name]]
        if not takers:
            known = sorted(set().union(*declared.values()))
            raise BuildError(f"BOOK_PARAMS / --params: no chapter has a parameter {k!r}; "
                             f"the chapters' parameters are {', '.join(known)}")
        others = [name for name in declared if name not in takers]
        if others:
            log(f"{k}: set in {', '.join(takers)}; not a parameter of {', '.join(others)}, which keep their own")
    return routed


# --------------------------------------------------------------------------- steps

def offline_javascript(assets):
    """Copy the npm packages the pages need into `assets` (node_modules from package-lock.json)."""
    marker = ROOT / "node_modules" / ".package-lock.json"
    lock = ROOT / "package-lock.json"
    if not marker.is_file() or lock.stat().st_mtime > marker.stat().st_mtime:
        if shutil.which("npm") is None:
            raise BuildError("npm not found: it installs the book's offline MathJax and widget scripts")
        run_quietly(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], "npm ci")
    modules = ROOT / "node_modules"
    mathjax = modules / "mathjax"
    target = assets / "mathjax"
    (target / "output" / "chtml" / "fonts").mkdir(parents=True)
    (target / "input" / "tex").mkdir(parents=True)
    for name in ("es5/tex-chtml.js", "LICENSE"):
        shutil.copy2(mathjax / name, target)
    shutil.copytree(mathjax / "es5/output/chtml/fonts/woff-v2", target / "output/chtml/fonts/woff-v2")
    # TeX packages MathJax loads on first use (\boldsymbol, \cancel, mathtools, ...)
    shutil.copytree(mathjax / "es5/input/tex/extensions", target / "input/tex/extensions")
    shutil.copy2(modules / "requirejs/require.js", assets)
    # The widget manager keeps its npm path: it finds its icon fonts relative to its AMD module
    # name, resolved against the RequireJS baseUrl that require-config.js sets.
    manager = "@jupyter-widgets/html-manager/dist"
    (assets / manager).mkdir(parents=True)
    # Its icon fonts (each format: a browser falls back from woff2 to woff and ttf) go beside it and one folder up:
    # its public path is sometimes resolved to '@jupyter-widgets/' (a CI run's networks page asked for
    # js/@jupyter-widgets/1551f4f60c37af51121f.woff2, then .woff and .ttf, and failed on all three).
    for file in sorted(f for f in (modules / manager).iterdir() if f.suffix in (".woff2", ".woff", ".ttf", ".eot")):
        shutil.copy2(file, assets / manager)
        shutil.copy2(file, assets / "@jupyter-widgets")
    (assets / manager / "embed-amd.js").write_text(
        union_types_allowed(mathjax3_typeset((modules / manager / "embed-amd.js").read_text(encoding="utf-8"))),
        encoding="utf-8")
    # The book's own style sheet (html_css_files in _config.yml): glued numbers in the body's weight.
    css = assets.parent / "css"
    css.mkdir(parents=True, exist_ok=True)
    shutil.copy2(BOOK / "_static" / "book.css", css / "book.css")
    (assets / "require-config.js").write_text(
        "// Written by scripts/build_book.py. Loaded before require.js: a global `require` object is\n"
        "// RequireJS's configuration. Module names resolve inside this folder (not next to the page),\n"
        "// and widget modules not bundled with the manager are looked up, offline, under\n"
        "// widget-modules/<name>@<version>/dist/index.js (see data-jupyter-widgets-cdn in _config.yml).\n"
        'var require = { baseUrl: document.currentScript.src.replace(/[^/]*$/, "") };\n')


#: How the widget manager typesets a widget's label: MathJax 2's queue. The book loads MathJax 3,
#: which has no ``MathJax.Hub``, so every label raised "Cannot read properties of undefined
#: (reading 'Queue')" on the pages with widgets.
MATHJAX2_TYPESET = re.compile(r'MathJax\.Hub\.Queue\(\["Typeset",MathJax\.Hub,(\w+)\]\)')


def mathjax3_typeset(script):
    """The widget manager's script with each MathJax 2 typeset call made to work with MathJax 3.

    A label is typeset with ``MathJax.typesetPromise`` once MathJax 3 has started (before that
    MathJax typesets the whole page, labels included, itself); MathJax 2's queue is still used
    where a page has it. Fails if the manager no longer makes the call it is written for, so
    that an upgrade of the npm package is looked at, not silently left unmended.
    """
    mended, count = MATHJAX2_TYPESET.subn(
        r'(MathJax.typesetPromise?MathJax.typesetPromise([\1]).catch(function(){}):'
        r'(MathJax.Hub&&MathJax.Hub.Queue(["Typeset",MathJax.Hub,\1])))', script)
    if count == 0:
        raise BuildError("embed-amd.js no longer calls MathJax.Hub.Queue: check how it typesets widget labels")
    return mended


#: Where the widget manager makes the JSON-schema validator (ajv) that checks a page's stored widget
#: state, with no options: ``X=new(Y())`` just before ``X.compile(...)`` (in the manager and again
#: in its libembed module).
AJV_WITHOUT_OPTIONS = re.compile(r"(\w+)=new\((\w+)\(\)\)(?=[;,](?:\w+=)?\1\.compile\()")


def union_types_allowed(script):
    """The widget manager's script with its validators made with ``allowUnionTypes``.

    The widget-state schema gives one property a union of types (``"type": [...]``), which ajv's
    strict mode accepts only with that option, and otherwise logs "strict mode: use allowUnionTypes
    to allow union type keyword ..." on the console: twice on every page with a widget, once per
    validator. The option changes no validation, only the log. Fails if the script no longer makes
    the two validators this way, so that an upgrade of the npm package is looked at.
    """
    mended, count = AJV_WITHOUT_OPTIONS.subn(r"\1=new(\2())({allowUnionTypes:!0})", script)
    if count != 2:
        raise BuildError(f"embed-amd.js makes {count} JSON-schema validators as expected, not 2: "
                         "check how it validates the widget state (ajv's allowUnionTypes)")
    return mended


def stage_text_pages():
    """Copy book/'s text pages (everything but the chapter notebooks) into the site folder."""
    for item in sorted(BOOK.iterdir()):
        if item.name in ("chapters", "_assets", "_static", "_ext") or item.name.startswith("."):
            continue
        if item.is_file():
            shutil.copy2(item, SITE / item.name)


def install_kernel():
    # A named kernel whose argv is this interpreter (absolute), so no other python is picked up.
    run_quietly([sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL,
                 "--display-name", "Python (crossbar)"], "installing the crossbar kernel")


# --------------------------------------------------------------------------- one chapter, watched

def _children(pid):
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _events(status):
    try:
        return [json.loads(line) for line in status.read_text().splitlines() if line.strip()]
    except (OSError, ValueError):
        return []


def _cell_source(notebook, index):
    try:
        cell = json.loads(notebook.read_text(encoding="utf-8"))["cells"][index]
    except (OSError, ValueError, IndexError, KeyError, TypeError):
        return "?"
    source = "".join(cell.get("source", ""))
    first = next((line for line in source.splitlines() if line.strip()), "")
    return first[:100]


def _stall_report(name, source, status, proc, elapsed, budget):
    """Print where a stalled chapter waits: the running cell, and both processes' Python stacks."""
    events = _events(status)
    cells = [e for e in events if "cell" in e]
    kernel = next((e["kernel_pid"] for e in events if e.get("kernel_pid")), None)
    lines = [f"chapter {name}: STALLED after {elapsed:.0f} s (budget {budget:.0f} s)"]
    if cells:
        cell = cells[-1]["cell"]
        lines.append(f"  running cell {cell + 1} for {time.time() - cells[-1]['time']:.0f} s: "
                     f"{_cell_source(source, cell)!r}")
    else:
        lines.append("  no cell started: waiting for the kernel to start")
    for pid in [proc.pid, kernel]:
        if pid is not None:
            try:
                os.kill(pid, signal.SIGUSR1)
            except ProcessLookupError:
                pass
    time.sleep(1.0)
    for who, path in (("papermill client", f"{status}.client-stack"), ("kernel", f"{status}.kernel-stack")):
        try:
            text = Path(path).read_text().strip()
        except OSError:
            text = ""
        lines.append(f"  --- Python stacks of the {who} ---")
        lines.extend("  " + line for line in (text or "(no stack written)").splitlines())
    log("\n".join(lines))


def _stop(proc):
    for pid in [*_children(proc.pid), proc.pid]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()


class Cancelled(BuildError):
    """Another chapter failed, so this one was stopped (nothing to report about it)."""


def execute_chapter(name, source, output, params, budget, *, poll=0.2, cancel=None):
    """Execute one chapter under the watchdog; returns its time in seconds or raises BuildError.

    ``cancel`` (a threading.Event) set by another chapter's failure stops this one: Cancelled.
    """
    status = BUILD / "status" / f"{name}.jsonl"
    status.parent.mkdir(parents=True, exist_ok=True)
    for stale in status.parent.glob(f"{name}.jsonl*"):
        stale.unlink()
    logfile = BUILD / "status" / f"{name}.log"
    command = [sys.executable, str(ROOT / "scripts" / "execute_chapter.py"), str(source), str(output),
               "--cwd", str(source.parent), "--status", str(status), "--kernel", KERNEL]
    for k, v in params:
        command += ["-p", k, v]
    if os.environ.get("BOOK_TRACE"):  # every kernel message in _build/status/<name>.trace
        command += ["--trace", str(status.with_suffix(".trace"))]
    start = time.monotonic()
    with open(logfile, "w") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            while proc.poll() is None:
                if cancel is not None and cancel.is_set():
                    _stop(proc)
                    raise Cancelled(f"chapter {name} stopped: another chapter failed")
                elapsed = time.monotonic() - start
                if elapsed > budget:
                    _stall_report(name, source, status, proc, elapsed, budget)
                    _stop(proc)
                    raise BuildError(f"chapter {name} stalled; stacks above, log in {logfile.relative_to(ROOT)}")
                time.sleep(poll)
        except BaseException:
            if proc.poll() is None:
                _stop(proc)
            raise
    seconds = time.monotonic() - start
    if proc.returncode:
        sys.stdout.write(logfile.read_text())
        FAILED.mkdir(parents=True, exist_ok=True)
        if output.exists():  # papermill writes the partly executed notebook; keep it out of the book
            shutil.move(output, FAILED / output.name)
        raise BuildError(f"chapter {name} failed; partly executed copy in "
                         f"{(FAILED / output.name).relative_to(ROOT)}")
    text = "\n".join(line for line in logfile.read_text().splitlines()
                     if not any(known in line for known in HARMLESS)).strip()
    if text:  # anything else the client or the kernel printed outside the notebook is worth seeing
        log(text)
    missed = sum(1 for e in _events(status) if "missed_wakeup" in e)
    return seconds, missed


#: Lines a chapter's log may hold that say nothing about the chapter: the kernel's parent poller
#: notices that papermill's process has ended while the kernel is being shut down (a race in the
#: ordinary end of every run, after the notebook was written).
HARMLESS = ("Parent appears to have exited, shutting down.",)


def run_parallel(work, items, jobs, cancel):
    """``work(item)`` for every item, ``jobs`` at a time, in the order given.

    The first exception sets ``cancel`` (which ``work`` polls, raising Cancelled) and is raised once
    every running item has stopped; Ctrl-C sets it too, so no chapter outlives the build.
    """
    failures = []
    with ThreadPoolExecutor(min(jobs, len(items)) or 1) as pool:
        futures = [pool.submit(work, item) for item in items]
        try:
            for future in as_completed(futures):
                try:
                    future.result()
                except Exception as exc:
                    cancel.set()
                    failures.append(exc)
        except BaseException:
            cancel.set()
            raise
    if failures:
        raise next((exc for exc in failures if not isinstance(exc, Cancelled)), failures[0])


def _read_times():
    try:
        return json.loads(TIMES.read_text())
    except (OSError, ValueError):
        return {}


def parse_params(text):
    """papermill ``-p NAME VALUE`` pairs from a shell-quoted string."""
    words = shlex.split(text or "")
    params = []
    while words:
        flag = words.pop(0)
        if flag not in ("-p", "--parameters") or len(words) < 2:
            raise BuildError(f"BOOK_PARAMS / --params: expected '-p NAME VALUE ...', got {text!r}")
        params.append((words.pop(0), words.pop(0)))
    return params


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--params", default=None, help="papermill arguments for every chapter (default: $BOOK_PARAMS)")
    parser.add_argument("--chapters", nargs="+", metavar="NAME",
                        help="execute only these chapters (and do not render the book)")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="execute each chapter N times in a row (a stall test; does not render)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), metavar="N",
                        help="chapters executed at once (default: 2, or 1 on a one-core machine)")
    parser.add_argument("--stall-factor", type=float, default=4.0,
                        help="budget = this many times the chapter's last time (default 4)")
    parser.add_argument("--min-budget", type=float, default=60.0, help="smallest budget, s (default 60)")
    parser.add_argument("--first-budget", type=float, default=1800.0,
                        help="budget of a chapter never built with these parameters, s (default 1800)")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    try:
        return build(args)
    except BuildError as exc:
        print(f"build_book: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("build_book: interrupted", file=sys.stderr)
        return 130


def build(args):
    try:
        import jupyter_book  # noqa: F401
        import papermill  # noqa: F401
    except ImportError as exc:
        raise BuildError(f"{sys.executable} cannot import {exc.name}; create the venv from requirements.txt "
                         "(make run does)") from None
    params = parse_params(os.environ.get("BOOK_PARAMS", "") if args.params is None else args.params)
    key = shlex.join(f"{k}={v}" for k, v in params) or "defaults"
    todo = chapters()
    routed = route_params(params, todo)
    partial = args.chapters is not None or args.repeat != 1
    if args.chapters:
        unknown = sorted(set(args.chapters) - {name for name, _ in todo})
        if unknown:
            raise BuildError(f"no chapter {unknown}; _toc.yml lists {[name for name, _ in todo]}")
        todo = [(name, src) for name, src in todo if name in args.chapters]

    if not partial:
        # Start clean: a chapter whose notebook was removed must not survive as a stale copy.
        shutil.rmtree(SITE, ignore_errors=True)
        shutil.rmtree(FAILED, ignore_errors=True)
        SITE.mkdir(parents=True)
        offline_javascript(SITE / "_assets" / "js")
        stage_text_pages()
    install_kernel()
    (SITE / "chapters").mkdir(parents=True, exist_ok=True)

    times = _read_times()
    known = times.get(key, {})
    # In reading order, not the longest first: numba's compiled kernels are cached on disk, and the first
    # chapters compile the kinds the later ones load. Started first, networks compiled the same kinds as
    # the chapter beside it: 745 s, against 600 s in reading order with a gain grid twice as large.
    lock = threading.Lock()
    cancel = threading.Event()

    def run(chapter):
        name, source = chapter
        budget = (max(args.min_budget, args.stall_factor * known[name]) if name in known else args.first_budget)
        for attempt in range(args.repeat):
            if cancel.is_set():  # queued behind a chapter that failed
                raise Cancelled(f"chapter {name} not started: another chapter failed")
            output = SITE / "chapters" / f"{name}.ipynb"
            seconds, missed = execute_chapter(name, source, output, routed[name], budget, cancel=cancel)
            suffix = ""
            if args.repeat > 1:  # a stall test: say how often a missed wake-up was recovered
                suffix = f" (run {attempt + 1} of {args.repeat}; missed wake-ups recovered: {missed})"
            with lock:
                log(f"chapter {name:<16} {seconds:6.1f} s{suffix}")
                known[name] = max(seconds, known.get(name, 0.0)) if args.repeat > 1 else seconds
                times[key] = known
                TIMES.write_text(json.dumps(times, indent=1, sort_keys=True) + "\n")

    run_parallel(run, todo, args.jobs, cancel)
    if partial:
        return 0

    start = time.monotonic()
    shutil.rmtree(BUILD / "html", ignore_errors=True)  # html_extra_path never deletes stale files
    render = run_quietly(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", str(SITE), "--config", str(ROOT / "_config.yml"),
         "--toc", str(ROOT / "_toc.yml"), "--path-output", str(ROOT), "--all", "-W", "-n", "--keep-going"],
        "jupyter-book build")
    warnings = [line for line in (render.stdout + render.stderr).splitlines() if "WARNING" in line]
    if warnings:
        log("\n".join(warnings))
    mend_pages(BUILD / "html")  # each figure's alt text: its caption's first sentence, not its file path
    log(f"render {'':<17} {time.monotonic() - start:6.1f} s")
    log(str(BUILD / "html" / "index.html"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
