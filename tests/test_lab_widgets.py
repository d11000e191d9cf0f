"""The chapters run live: JupyterLab as ``make lab`` starts it, its widgets driven in a real browser.

The server is scripts/lab.py (the command behind ``make lab``), started headless on a free
loopback port with a token, on copies of the chapters in _build/lab/ written by papermill's
``parameterize_notebook`` (with :data:`LIVE_PARAMETERS`), so that JupyterLab's autosave never
touches book/. Jupyter's user configuration, data and runtime folders are temporary: the test
sees the project's set-up, not the machine's. For every chapter of _toc.yml, in Debian's
chromium driven by Playwright:

1. the notebook is opened and Run > Run All Cells chosen from the menu; every code cell must
   end with an execution count, on the kernel the notebook names, which must run this venv's
   interpreter;
2. every control that :data:`WIDGETS` lists for the chapter's widget is moved as a reader would:
   typed into its readout, stepped with the arrow keys, dragged with the mouse, picked from its
   list or typed into its box. After each move the widget's output must become what the
   package's callback (:mod:`crossbar.views.widgets`), called here in the test process with the
   controls' new values, returns: the same summary text, and the same figure (PNG bytes as the
   kernel's inline backend renders them). A widget of a chapter that WIDGETS does not know gets
   each slider stepped once, and its output must change;
3. no cell, and no widget output, may show an error or anything on stderr, and the page may
   request nothing but the server;
4. screenshots of each widget before and after its moves, and of the notebook, go to
   _build/screenshots/lab/.

The server is shut down through its API (which stops the kernels), then its process group and
any kernel that outlived it are killed, whatever the outcome. Marked ``lab``:
``pytest -m "not lab"`` leaves it out; ``make test`` runs it.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pytest
from build_book import toc_entries

from test_book_pages import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.lab

ROOT = Path(__file__).resolve().parents[1]
LAB_DIR = ROOT / "_build" / "lab"  # the chapter copies JupyterLab serves
SERVER_LOG = ROOT / "_build" / "lab-server.log"
SCREENSHOT_DIR = ROOT / "_build" / "screenshots" / "lab"
START_TIMEOUT_S = 90  # server up
RUN_ALL_TIMEOUT_S = 600  # one chapter, all cells: a hang detector (letters took 185 s beside nbval, 310 s under load)
OUTPUT_TIMEOUT_MS = 60_000  # one widget callback

#: papermill parameters of the copies JupyterLab runs; a chapter not listed runs at its defaults,
#: as a reader's `make lab` runs it. The widgets' own parameters stay at their defaults. Chapter 5
#: trains 2 x 100,000 crossbars and its sweeps before its widget; a fifth of that passes its checks
#: as well (cell time 20.0 s instead of 27.6 s, measured back to back on the loaded 2-core machine).
LIVE_PARAMETERS: dict[str, dict] = {
    "monte-carlo": {"trials": 20_000, "sweep_trials": 1_000, "feasibility_trials": 200, "explorer_trials": 500},
    # lists, not tuples: papermill writes a tuple as a string
    "networks": {"max_epochs": 20, "per_class": 10, "hidden": 8, "hidden_betas": [3e5, 1e6], "betas": [1e7, 3e7],
                 "single_betas": [3e7], "nl_labels": [0.01, 1.0], "mnist_train": 100, "mnist_test": 50,
                 "mnist_epochs": 3, "widget_epochs": 30},
}


# --------------------------------------------------------------------------- what each widget does

@dataclass(frozen=True)
class Move:
    """One thing a reader does to a control, found by its description label."""

    control: str
    how: str  # "type" (into a slider's readout), "keys", "drag" (to a fraction of the track),
    #           "select" (an option of a dropdown) or "text" (into a text box, then Enter)
    what: object
    handle: int = 0  # which handle of a range slider


@dataclass(frozen=True)
class Widget:
    """A chapter's widget: its controls' initial values, its callback, and the moves to make."""

    initial: Callable[[dict], dict]  # chapter parameters -> {control label: value}
    view: Callable[[dict, dict], object]  # (parameters, {label: value}) -> the callback's view
    moves: tuple = field(default_factory=tuple)


@lru_cache(maxsize=None)
def _device(device_file):
    import crossbar

    return crossbar.load_device(device_file) if device_file else crossbar.default_device()


def _views():
    from crossbar.views import report, widgets

    report.use_book_style()  # as every chapter does first: the same figure, byte for byte
    return widgets


def _offsets(p, v):
    lo, hi = v["range (nS)"]
    return _views().offset_view(v["offsets"], lo * 1e-9, hi * 1e-9, v["K"], device=_device(p["device_file"]))


def _activation(p, v):
    return _views().activation_view(v["β (A⁻¹)"], v["t⁺"], v["t⁻"], v["K"], device=_device(p["device_file"]))


@lru_cache(maxsize=None)
def _manhattan_run(device_file, seed, beta, target_high, target_low, gain, search_trials, min_epochs):
    """The example run of chapter 3, found as the chapter finds it (at the running setting, DEFAULT)."""
    import crossbar
    from crossbar.studies import find_trial

    device = _device(device_file)
    setting = crossbar.DEFAULT.replace(beta=beta, target_high=target_high, target_low=target_low, gain=gain)
    trial = find_trial(device, setting, converged=True, seed=seed, trials=search_trials, min_epochs=min_epochs)
    return crossbar.train(device, setting, seed=seed, trial=trial)


def _manhattan(p, v):
    run = _manhattan_run(p["device_file"], p["seed"], p["beta"], p["target_high"], p["target_low"], p["gain"],
                         p["search_trials"], p["min_epochs"])
    return _views().manhattan_view(run, int(v["epoch"]))


def _training(p, v):
    return _views().training_view(int(v["seed"]), v["β (A⁻¹)"], v["t⁺"], v["t⁻"], v["K"],
                                  device=_device(p["device_file"]), max_epochs=p["max_epochs"])


def _rate(p, v):
    lo, hi = v["offsets (nS)"]
    return _views().rate_view(v["β (A⁻¹)"], v["t⁺"], v["t⁻"], v["K"], int(v["E"]), lo * 1e-9, hi * 1e-9,
                              device=_device(p["device_file"]), trials=p["widget_trials"], seed=p["seed"])


def _rate_initial(p):
    import crossbar

    d, offsets = crossbar.DEFAULT, crossbar.REFERENCE_OFFSETS
    return {"β (A⁻¹)": d.beta, "t⁺": d.target_high, "t⁻": d.target_low, "K": d.gain, "E": d.max_epochs,
            "offsets (nS)": (offsets.lo * 1e9, offsets.hi * 1e9)}


def _device_rate(p, v):
    return _views().device_rate_view(v["device"], v["rule"], v["c2c (%)"] / 100, trials=p["widget_trials"],
                                     seed=p["seed"])


def _network(p, v):
    from crossbar.views import network_views

    _views()
    return network_views.network_view(v["device"], int(v["H"]), v["β_h (A⁻¹)"], v["β (A⁻¹)"], v["rule"],
                                      trials=p["widget_trials"], per_class=p["widget_per_class"],
                                      max_epochs=p["widget_epochs"], seed=p["seed"])


def _rule(p, v):
    from crossbar.views import rule_views

    _views()
    return rule_views.rule_view(v["rule"], v["θ"], max_epochs=p["long_epochs"], trials=p["widget_trials"],
                                seed=p["seed"])


def _letters(p, v):
    from crossbar.views import rule_views

    _views()
    return rule_views.letters_view(v["rule"], v["range (windows)"], beta=p["beta"], target=p["target"],
                                   max_epochs=p["widget_epochs"], trials=p["widget_trials"], seed=p["seed"])


#: chapter -> its widgets in page order. Each widget's initial values mirror the chapter's cell
#: that builds it; every control of every widget is moved at least once.
WIDGETS = {
    "device-data": [Widget(
        initial=lambda p: {"offsets": "rescaled-lognormal", "K": p["gain"],
                           "range (nS)": (p["offset_lo"] * 1e9, p["offset_hi"] * 1e9)},
        view=_offsets,
        moves=(Move("offsets", "select", "rescaled-exponential"),
               Move("K", "keys", ["ArrowRight"] * 3),
               Move("range (nS)", "keys", ["ArrowLeft"] * 2, handle=1),
               Move("range (nS)", "drag", 0.1, handle=0)))],
    "perceptron": [Widget(
        initial=lambda p: {"β (A⁻¹)": p["beta"], "t⁺": p["target_high"], "t⁻": p["target_low"], "K": p["gain"]},
        view=_activation,
        moves=(Move("β (A⁻¹)", "type", "2e7"),
               Move("K", "keys", ["ArrowRight", "ArrowRight"]),
               Move("t⁻", "keys", ["ArrowLeft"]),
               Move("t⁺", "drag", 0.75),
               Move("β (A⁻¹)", "type", "1e5")))],  # a beta too small: "a target is OUT OF REACH"
    "manhattan-rule": [Widget(
        initial=lambda p: {"epoch": p["epoch"]},
        view=_manhattan,
        moves=(Move("epoch", "drag", 1.0),
               Move("epoch", "keys", ["ArrowLeft"])))],
    "single-run": [Widget(
        initial=lambda p: {"seed": p["seed"], "β (A⁻¹)": p["beta"], "t⁺": p["target_high"],
                           "t⁻": p["target_low"], "K": p["gain"]},
        view=_training,
        moves=(Move("seed", "text", 7),
               Move("β (A⁻¹)", "type", "2e7"),
               Move("t⁺", "keys", ["ArrowLeft"] * 4),
               Move("t⁻", "keys", ["ArrowRight"] * 4),
               Move("K", "keys", ["ArrowLeft"])))],
    "monte-carlo": [Widget(
        initial=_rate_initial,
        view=_rate,
        moves=(Move("β (A⁻¹)", "type", "2e7"),
               Move("K", "type", "30"),
               Move("E", "keys", ["ArrowLeft"] * 4),
               Move("t⁺", "keys", ["PageDown", "PageDown"]),  # 5 steps of 0.01 each
               Move("t⁻", "keys", ["PageUp", "PageUp"]),
               Move("offsets (nS)", "drag", 0.4, handle=1)))],
    "real-devices": [Widget(
        initial=lambda p: {"device": "ag-si", "rule": "batch", "c2c (%)": 0.0},
        view=_device_rate,
        moves=(Move("rule", "select", "gated+two-way"),
               Move("c2c (%)", "keys", ["ArrowRight"] * 3),
               Move("device", "select", "default"),  # one-way device, two-way rule: "not run: ..."
               Move("rule", "select", "gated"),
               Move("c2c (%)", "drag", 0.6)))],
    "networks": [Widget(
        initial=lambda p: {"device": "taox-hfox", "rule": "gated", "H": p["hidden"],
                           "β_h (A⁻¹)": p["widget_hidden_beta"], "β (A⁻¹)": p["widget_beta"]},
        view=_network,
        moves=(Move("device", "select", "ag-si"),
               Move("rule", "select", "gated+fixed"),
               Move("β (A⁻¹)", "type", "1e8"),
               Move("H", "keys", ["ArrowLeft"]),  # 0 hidden neurons with G_fix: one crossbar
               Move("rule", "select", "gated"),  # 0 hidden neurons without G_fix: "not run: ..."
               Move("H", "drag", 0.5)))],
    "training-rules": [Widget(
        initial=lambda p: {"rule": "gated", "θ": 0.7},
        view=_rule,
        moves=(Move("rule", "select", "batch"),
               Move("θ", "keys", ["ArrowLeft"] * 2),
               Move("rule", "select", "online"),  # online takes no focus: "not run: ..."
               Move("θ", "drag", 0.0)))],
    "letters": [Widget(
        initial=lambda p: {"rule": "focused", "range (windows)": 1.0},
        view=_letters,
        moves=(Move("range (windows)", "keys", ["ArrowLeft"] * 5),
               Move("rule", "select", "gated"),
               Move("range (windows)", "type", "2.5")))],
}


# --------------------------------------------------------------------------- the server

def toc_chapters():
    return [doc.split("/", 1)[1] for doc in toc_entries() if doc.startswith("chapters/")]


def chapter_parameters(notebook):
    """The values of the chapter's parameters: its `parameters` cell, then papermill's injected one."""
    values = {}
    for cell in notebook["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if "parameters" in tags or "injected-parameters" in tags:
            exec("".join(cell["source"]), {}, values)  # noqa: S102 - the project's own literals
    return values


def write_copies(target):
    """Copy every chapter into `target`, parameterised for the live test; {name: parameters}."""
    import nbformat
    from papermill.iorw import load_notebook_node  # gives every cell the tags papermill looks for
    from papermill.parameterize import parameterize_notebook

    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    parameters = {}
    for name in toc_chapters():
        nb = load_notebook_node(str(ROOT / "book" / "chapters" / f"{name}.ipynb"))
        if LIVE_PARAMETERS.get(name):
            nb = parameterize_notebook(nb, LIVE_PARAMETERS[name])
        nbformat.write(nb, target / f"{name}.ipynb")
        parameters[name] = chapter_parameters(nb)
    return parameters


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(url, token=None, method="GET"):
    request = urllib.request.Request(url, method=method)
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _descendants(pid):
    """Process ids of everything `pid` started, recursively (kernels run in sessions of their own)."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found.extend(children)
            todo.extend(children)
    return found


def _alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _stop_server(proc, url, token):
    """Shut the server down through its API, then kill whatever is left: never leave a process."""
    started = _descendants(proc.pid)
    if proc.poll() is None:
        try:
            _request(f"{url}/api/shutdown", token, method="POST")
        except OSError:
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    proc.wait(timeout=10)
                    break
                except subprocess.TimeoutExpired:
                    continue
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in started:
        if _alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    left = [pid for pid in started if _alive(pid)]
    assert not left, f"processes of the JupyterLab server still running after the kill: {left}"


def _listening_addresses(port):
    """Local addresses (hex, as /proc/net/tcp{,6} write them) with a socket listening on `port`."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if fields[3] == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.append(address)
    return found


@dataclass
class Lab:
    url: str
    port: int
    token: str
    parameters: dict  # chapter -> its parameter values


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    parameters = write_copies(LAB_DIR)
    home = tmp_path_factory.mktemp("jupyter")
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    # Answer JupyterLab's "receive official Jupyter news?" toast, which would cover the widgets.
    (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
    token, port = secrets.token_hex(24), _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "JUPYTER_TOKEN": token, "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    command = [sys.executable, str(ROOT / "scripts" / "lab.py"), f"--ServerApp.root_dir={LAB_DIR}",
               f"--port={port}", "--ServerApp.port_retries=0",
               f"--LabApp.user_settings_dir={home / 'settings'}", f"--LabApp.workspaces_dir={home / 'workspaces'}"]
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    with open(SERVER_LOG, "w") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"scripts/lab.py exited with {proc.returncode}:\n{SERVER_LOG.read_text()[-3000:]}")
                try:
                    if _request(f"{url}/api/status", token)[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab not up after {START_TIMEOUT_S} s:\n{SERVER_LOG.read_text()[-3000:]}")
                time.sleep(0.3)
            yield Lab(url, port, token, parameters)
        finally:
            _stop_server(proc, url, token)


@pytest.fixture(scope="module")
def browser(lab):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api")
    sync_playwright = sync_api.sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# --------------------------------------------------------------------------- driving a notebook

PROMPTS_JS = """() => Array.from(document.querySelectorAll(
  ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt")).map(e => e.textContent)"""

# Errors and stderr as JupyterLab renders them (a traceback is an output of the stderr type),
# and widgets that failed to render.
ERRORS_JS = """() => {
  const found = Array.from(document.querySelectorAll(
      ".jp-NotebookPanel .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"))
    .map(e => e.textContent.trim().slice(0, 400));
  for (const e of document.querySelectorAll(".jp-NotebookPanel .jp-OutputArea-output")) {
    if (e.textContent.includes("Error displaying widget")) found.push(e.textContent.trim().slice(0, 200));
  }
  return found;
}"""


def _figure_png(figure):
    """The figure as the kernel's inline backend sends it: base64 PNG, tight bounding box (None: None)."""
    if figure is None:
        return None
    import matplotlib.pyplot as plt
    from IPython.core.pylabtools import print_figure

    data = print_figure(figure, "png", bbox_inches="tight", base64=True)
    plt.close(figure)
    return data


def _output_state(root):
    """(summary text, figure src or None) that a widget's Output area shows now."""
    return root.evaluate("""root => {
      const out = root.querySelector(".widget-output");
      const text = Array.from(out.querySelectorAll("[data-mime-type='application/vnd.jupyter.stdout']"))
        .map(e => e.textContent).join("");
      const img = out.querySelector("img");
      return [text, img ? img.getAttribute("src") : null];
    }""")


def _control(root, label):
    found = root.locator(".widget-inline-hbox", has=root.page.locator(
        "label.widget-label", has_text=re.compile(f"^{re.escape(label)}$")))
    assert found.count() == 1, f"{found.count()} controls labelled {label!r}"
    return found


def _move(page, root, move):
    """Do `move` to its control; return the control's new value as the kernel receives it."""
    control = _control(root, move.control)
    if move.how == "select":
        control.locator("select").select_option(label=move.what)
        return move.what
    if move.how == "text":
        box = control.locator("input")
        box.fill(str(move.what))
        box.press("Enter")
        return int(move.what)
    if move.how == "type":  # the slider's readout is editable; the typed number is the value
        readout = control.locator(".widget-readout")
        readout.click()
        page.keyboard.press("Control+a")
        page.keyboard.type(str(move.what))
        page.keyboard.press("Enter")
        return float(move.what)
    handles = control.locator(".noUi-handle")
    handle = handles.nth(move.handle)
    if move.how == "keys":
        handle.focus()
        for key in move.what:
            page.keyboard.press(key)
    elif move.how == "drag":
        track = control.locator(".noUi-base").bounding_box()
        box = handle.bounding_box()
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + box["width"] / 2, y)
        page.mouse.down()
        page.mouse.move(track["x"] + move.what * track["width"], y, steps=8)
        page.mouse.up()
    else:
        raise ValueError(f"unknown move {move.how!r}")
    # noUiSlider's value, which ipywidgets sends to the kernel, in JavaScript's round-trip notation
    values = [float(h.get_attribute("aria-valuetext")) for h in handles.all()]
    return tuple(values) if len(values) > 1 else values[0]


def _wait_for_output(page, root, summary, figure, before, what):
    """Wait until the widget shows `summary` and `figure` (None: no figure); fail on an error."""
    deadline = time.monotonic() + OUTPUT_TIMEOUT_MS / 1000
    while True:
        text, src = _output_state(root)
        errors = page.evaluate(ERRORS_JS)
        assert not errors, f"{what}: error output: {errors}"
        shown = src.split(",", 1)[1] if src else None
        if text.strip() == summary.strip() and shown == figure:
            return src
        if time.monotonic() > deadline:
            stem = SCREENSHOT_DIR / re.sub(r"[^\w.-]+", "_", what)
            for suffix, data in (("shown", shown), ("expected", figure)):
                if data:
                    Path(f"{stem}-{suffix}.png").write_bytes(base64.b64decode(data))
            figure_state = ("the expected figure" if shown == figure else
                            "no figure" if shown is None else
                            "the figure from before the move" if src == before else "another figure")
            pytest.fail(f"{what}: after {OUTPUT_TIMEOUT_MS / 1000:.0f} s the widget shows\n  {text.strip()!r}\n"
                        f"and {figure_state}; the callback gives\n  {summary.strip()!r}"
                        f"{' and no figure' if figure is None else ''}")
        time.sleep(0.2)


def _run_all(page, name):
    page.locator(".jp-NotebookPanel .jp-Cell").first.click()
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    deadline = time.monotonic() + RUN_ALL_TIMEOUT_S
    while True:
        prompts = [p.strip() for p in page.evaluate(PROMPTS_JS)]
        numbered = [re.fullmatch(r"\[\d+\]:", p) is not None for p in prompts]
        idle = page.locator(".jp-StatusBar-Widget", has_text="| Idle").count() > 0
        if prompts and all(numbered) and idle:
            return len(prompts)
        errors = page.evaluate(ERRORS_JS)
        if errors and idle and not any("*" in p for p in prompts):
            pytest.fail(f"{name}: Run All stopped on an error: {errors[:3]}")
        if time.monotonic() > deadline:
            pytest.fail(f"{name}: not every cell ran within {RUN_ALL_TIMEOUT_S} s; prompts {prompts}")
        time.sleep(0.5)


def _kernel_of(lab, path):
    """(kernel name, interpreter) of the session JupyterLab opened for `path`."""
    sessions = json.loads(_request(f"{lab.url}/api/sessions", lab.token)[1])
    session = next(s for s in sessions if s["path"] == path)
    name = session["kernel"]["name"]
    spec = json.loads(_request(f"{lab.url}/api/kernelspecs", lab.token)[1])["kernelspecs"][name]["spec"]
    interpreter = spec["argv"][0]
    # jupyter_client starts a bare "python" with the server's own interpreter
    if interpreter in ("python", "python3", f"python3.{sys.version_info.minor}"):
        interpreter = sys.executable
    return session, name, interpreter


def _end_session(lab, session):
    _request(f"{lab.url}/api/sessions/{session['id']}", lab.token, method="DELETE")


# --------------------------------------------------------------------------- the tests

def test_the_server_listens_on_loopback_only_and_wants_its_token(lab):
    assert _listening_addresses(lab.port) == ["0100007F"], "listening elsewhere than 127.0.0.1"
    assert _request(f"{lab.url}/api/contents")[0] == 403
    assert _request(f"{lab.url}/api/contents?token=wrong")[0] == 403
    status, body = _request(f"{lab.url}/api/contents", lab.token)
    assert status == 200 and {"perceptron.ipynb"} <= {c["name"] for c in json.loads(body)["content"]}


@pytest.mark.parametrize("name", toc_chapters())
def test_chapter_widgets_work_live(lab, browser, name):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    # tall enough that a whole widget (controls, text, figure) fits in the notebook's view
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    elsewhere = []
    context.route(re.compile(r"^(https?|wss?)://"), lambda route: (
        route.continue_() if route.request.url.startswith((lab.url, lab.url.replace("http", "ws", 1)))
        else (elsewhere.append(route.request.url), route.abort())))
    page = context.new_page()
    session = None
    try:
        page.goto(f"{lab.url}/lab/workspaces/{name}/tree/{name}.ipynb?reset&token={lab.token}")
        page.locator(".jp-StatusBar-Widget", has_text="| Idle").wait_for(timeout=START_TIMEOUT_S * 1000)
        cells = _run_all(page, name)
        session, kernel, interpreter = _kernel_of(lab, f"{name}.ipynb")
        wanted = json.loads((LAB_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))["metadata"]["kernelspec"]
        assert kernel == wanted["name"], f"{name} asks for kernel {wanted['name']!r}, JupyterLab started {kernel!r}"
        assert Path(interpreter).resolve() == Path(sys.executable).resolve(), \
            f"kernel {kernel!r} runs {interpreter}, not the project's {sys.executable}"
        assert not (errors := page.evaluate(ERRORS_JS)), f"{name}: error output after Run All: {errors}"
        page.screenshot(path=SCREENSHOT_DIR / f"{name}.png")

        # a widget displayed by a cell (not one nested in another widget's Output area)
        roots = page.locator(".jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output > .jupyter-widgets")
        specs = WIDGETS.get(name)
        if specs is not None:
            assert roots.count() == len(specs), f"{name}: {roots.count()} widgets on the page, WIDGETS has {len(specs)}"
        parameters = lab.parameters[name]
        for k in range(roots.count()):
            root = roots.nth(k)
            root.scroll_into_view_if_needed()
            root.screenshot(path=SCREENSHOT_DIR / f"{name}-widget{k + 1}-before.png")
            if specs is None:
                _step_every_slider(page, root, f"{name}, widget {k + 1}")
            else:
                _drive(page, root, specs[k], parameters, f"{name}, widget {k + 1}")
            root.scroll_into_view_if_needed()
            root.screenshot(path=SCREENSHOT_DIR / f"{name}-widget{k + 1}-after.png")
        assert not (errors := page.evaluate(ERRORS_JS)), f"{name}: error output: {errors}"
        assert not elsewhere, f"{name}: JupyterLab requested more than its server: {sorted(set(elsewhere))}"
        assert cells > 0
    finally:
        if session is not None:
            _end_session(lab, session)
        context.close()


def _drive(page, root, widget, parameters, what):
    """Check the initial output against the callback, then each move's."""
    values = widget.initial(parameters)
    view = widget.view(parameters, values)
    src = _wait_for_output(page, root, view.summary, _figure_png(view.figure), None, f"{what} as first shown")
    for i, move in enumerate(widget.moves, 1):
        values[move.control] = _move(page, root, move)
        view = widget.view(parameters, values)
        src = _wait_for_output(page, root, view.summary, _figure_png(view.figure), src,
                               f"{what}, move {i} ({move.how} {move.control!r} -> {values[move.control]!r})")


def _settled(page, root, what):
    """The widget's output once the kernel is idle and the output has stopped changing for 0.5 s."""
    deadline = time.monotonic() + OUTPUT_TIMEOUT_MS / 1000
    state = _output_state(root)
    while True:
        time.sleep(0.5)
        idle = page.locator(".jp-StatusBar-Widget", has_text="| Idle").count() > 0
        now = _output_state(root)
        if idle and now == state:
            return now
        assert time.monotonic() < deadline, f"{what}: the output did not settle"
        state = now


def _step_every_slider(page, root, what):
    """A widget the test has no callback for: each slider one step; its output must change."""
    sliders = root.locator(".widget-slider")
    assert sliders.count(), f"{what}: no slider to move"
    for i in range(sliders.count()):
        before = _settled(page, root, what)
        handle = sliders.nth(i).locator(".noUi-handle").first
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        handle.focus()
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        deadline = time.monotonic() + OUTPUT_TIMEOUT_MS / 1000
        while _output_state(root) == before:
            assert not (errors := page.evaluate(ERRORS_JS)), f"{what}: error output: {errors}"
            assert time.monotonic() < deadline, f"{what}: slider {i + 1} moved, the output did not change"
            time.sleep(0.2)
    _settled(page, root, what)


def test_saving_a_source_notebook_drops_outputs(monkeypatch, tmp_path):
    """The pre-save hook of `make lab`: notebooks under book/ are saved without outputs or widget
    state; anywhere else they are left alone."""
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import lab as lab_script

    def notebook():
        return {"type": "notebook", "content": {
            "metadata": {"widgets": {"state": {}}, "kernelspec": {"name": "crossbar"}},
            "cells": [{"cell_type": "code", "execution_count": 3, "outputs": [{"output_type": "stream"}],
                       "source": "x = 1"}, {"cell_type": "markdown", "source": "text"}]}}

    class Manager:
        root_dir = str(ROOT / "book")

    saved = notebook()
    lab_script.save_without_outputs(saved, "chapters/perceptron.ipynb", Manager())
    code = saved["content"]["cells"][0]
    assert code["outputs"] == [] and code["execution_count"] is None and code["source"] == "x = 1"
    assert saved["content"]["metadata"] == {"kernelspec": {"name": "crossbar"}}

    Manager.root_dir = str(tmp_path)
    elsewhere = notebook()
    lab_script.save_without_outputs(elsewhere, "copy.ipynb", Manager())
    assert elsewhere == notebook()
