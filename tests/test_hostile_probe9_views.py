"""Probe 9c under attack, the views and the lab script (issue 20, round three): C4, C5, C10.

C4: the rule chapters' figures and two of the training figures raised AttributeError, KeyError or IndexError on
a wrong argument; now a TypeError or ValueError names the function and the argument (views/checks.py).
C5: figures drew what means nothing (NaN, a fraction of 5, a 2 S device, K = 1e300); now refused naming it.
C10: scripts/lab.py let through options its docstring says it refuses (no server is started here).
"""

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest

import crossbar
from crossbar.tasks import letters
from crossbar.views import network_views, plotting, rule_views

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
DEVICE = crossbar.default_device()
SHORT = dataclasses.replace(crossbar.DEFAULT, max_epochs=20)


def raises(error, message):
    return pytest.raises(error, match=re.escape(message))


@pytest.fixture(scope="module")
def run():
    return crossbar.train(DEVICE, SHORT, seed=1)


@pytest.fixture(scope="module")
def comparison():
    study = crossbar.Study(setting=SHORT, trials=12, seed=1, chunk_size=12)
    return crossbar.studies.compare_rules(study, {"batch": {"rule": "batch"}, "gated": {"rule": "gated"}})


# --- C4: a wrong argument is named, not an AttributeError / KeyError / IndexError from inside --------------------

ODD = [None, "abc", np.full(3, np.nan), np.zeros(0), {}, 3, [None]]


@pytest.mark.parametrize("figure", [rule_views.plot_letter_activations, rule_views.plot_pair_conductances])
@pytest.mark.parametrize("value", ODD, ids=[type(v).__name__ + str(k) for k, v in enumerate(ODD)])
def test_a_run_figure_names_a_run_that_is_none(figure, value):
    """Each of these was an AttributeError: 'NoneType' object has no attribute 'activation_history' (14 cases)."""
    with raises(TypeError, f"{figure.__name__}: run: expected a TrainingRun, got {type(value).__name__}"):
        figure(value)


@pytest.mark.parametrize("figure", [rule_views.plot_rule_rates, rule_views.plot_rule_outcomes])
@pytest.mark.parametrize("value, error, message", [
    ({}, ValueError, "comparison: expected a dict with rows, bound; 'rows' is missing"),  # KeyError: 'rows'
    (np.zeros(0), TypeError, "comparison: expected a dict with rows, bound, got ndarray"),  # IndexError
    (np.full(3, np.nan), TypeError, "comparison: expected a dict with rows, bound, got ndarray"),
    (None, TypeError, "comparison: expected a dict with rows, bound, got NoneType"),
    ({"rows": {}, "bound": {}}, ValueError, "comparison['rows'] is empty"),
    ({"rows": {"a": 1}, "bound": {}}, TypeError, "comparison['rows']['a']: expected a dict with"),
])
def test_a_rule_comparison_figure_names_what_it_lacks(figure, value, error, message):
    with raises(error, f"{figure.__name__}: {message}"):
        figure(value)


def test_a_rule_comparison_with_a_rate_or_count_that_means_nothing_is_refused(comparison):
    rates = {**comparison, "rows": {"gated": {**comparison["rows"]["gated"], "rate": float("nan")}}}
    with raises(ValueError, "plot_rule_rates: comparison['rows']['gated']['rate'] = nan: expected a fraction"):
        rule_views.plot_rule_rates(rates)
    none = {**comparison, "bound": {**comparison["bound"], "trials": 0}}  # n = 0 divided every bar
    with raises(ValueError, "plot_rule_outcomes: comparison['bound']['trials'] = 0: expected an integer >= 1"):
        rule_views.plot_rule_outcomes(none)
    missing = {**comparison, "rows": {"gated": {"rate": 0.5}}}
    with raises(ValueError, "plot_rule_outcomes: comparison['rows']['gated']: expected a dict with converged, "
                            "feasible_failed, infeasible_trained; 'converged' is missing"):
        rule_views.plot_rule_outcomes(missing)


def test_a_comparison_of_compare_rules_is_drawn_as_before(comparison):
    for figure in (rule_views.plot_rule_rates, rule_views.plot_rule_outcomes):
        ax = figure(comparison).axes[0]
        assert sorted(t.get_text() for t in ax.get_yticklabels()) == ["batch", "gated"]
        assert len(ax.containers) in (2, 3)  # bars and error bars; or the three parts of each bar


def test_predictions_that_do_not_fit_the_patterns_are_named():
    training = crossbar.diagonals_training()
    with raises(ValueError, "plot_patterns: predictions: expected an array (6, 2) (patterns, neurons) of answers "
                            "-1 (undecided), 0 or 1, got shape (3, 3)"):  # IndexError: index 3 is out of bounds
        plotting.plot_patterns(training, predictions=np.zeros((3, 3)))
    with raises(ValueError, "plot_patterns: predictions[0, 1] = 0.5: expected an array (6, 2)"):
        plotting.plot_patterns(training, predictions=np.array([[1, 0.5]] + [[0, 0]] * 5))
    with raises(TypeError, "plot_patterns: predictions must be an array (6, 2)"):
        plotting.plot_patterns(training, predictions="abc")


def test_the_answers_of_a_run_are_drawn_as_before(run):
    training = crossbar.diagonals_training()
    fig = plotting.plot_predictions(run, training)
    guess = "".join("?" if v < 0 else str(v) for v in run.predict(training)[0])
    assert fig.axes[0].get_title().endswith(f"net {guess}")


def test_too_few_names_or_names_that_are_not_text_are_refused(run):
    training = letters()[0]
    with raises(ValueError, "plot_letters: names: expected a name for each of the 3 classes, got 1: ['a']"):
        rule_views.plot_letters(training, names=["a"])  # IndexError: list index out of range
    with raises(TypeError, "plot_letters: names: expected a list of names (str), got int 1"):
        rule_views.plot_letters(training, names=[1, 2, 3])
    with raises(ValueError, "plot_letter_activations: names: expected a name for each of the 2 neurons, got 1"):
        rule_views.plot_letter_activations(run, names=["x"])
    with raises(ValueError, "plot_pair_conductances: names: expected a name for each of the 2 neurons, got 0"):
        rule_views.plot_pair_conductances(run, names="")
    assert rule_views.plot_letters(training, names="zvn").axes[0].get_title() in "zvn"
    assert rule_views.plot_letter_activations(run, names=["x", "y"]).axes[0].get_title() == "neuron 1 (x)"
    assert len(rule_views.plot_pair_conductances(run, names=("x", "y")).axes) == 2


@pytest.mark.parametrize("figure", [plotting.plot_weights, plotting.plot_activations, plotting.plot_total_error,
                                    plotting.plot_run_overview, plotting.plot_device_conductances,
                                    rule_views.plot_letter_activations, rule_views.plot_pair_conductances])
def test_a_run_without_its_history_is_named(figure):
    """A trial of train_batch keeps no history by default: these were AttributeError / TypeError on None."""
    batch = crossbar.train_batch(DEVICE, crossbar.sample_offsets(seed=1, trials=1), SHORT, seed=1)
    with raises(ValueError, f"{figure.__name__}: run: this TrainingRun kept no history to draw against epoch"):
        figure(batch[0])


# --- C5: values that mean nothing are refused, not drawn ---------------------------------------------------------

@pytest.mark.parametrize("value, shown", [(np.nan, "nan"), (5.0, "5.0"), (-1.0, "-1.0")])
def test_a_confusion_matrix_holds_fractions(value, shown):
    matrix = np.eye(3)
    matrix[1, 2] = value
    with raises(ValueError, f"plot_confusion: matrix[1, 2] = {shown}: expected a square matrix of fractions, "
                            "each from 0 to 1"):
        network_views.plot_confusion(matrix)


@pytest.mark.parametrize("value, shown", [(np.nan, "nan"), (2.0, "2.0"), (0.0, "0.0"), (-5e-8, "-5e-08")])
def test_a_crossbar_is_drawn_from_physical_conductances_only(value, shown):
    g = np.full((4, 4), 5e-8)
    g[2, 3] = value
    with raises(ValueError, f"plot_crossbar: conductance[2, 3] = {shown}: expected a matrix (N, C) of conductances "
                            "in siemens, each from 1e-15 to 1"):
        plotting.plot_crossbar(g, np.full(4, 0.1))
    with raises(ValueError, "plot_crossbar: voltages[1] = nan: expected a vector (N,) of row voltages in volts"):
        plotting.plot_crossbar(np.full((4, 4), 5e-8), np.array([0.1, np.nan, 0.1, 0.1]))


def test_a_conductance_window_past_the_physical_range_is_refused():
    with raises(ValueError, "plot_conductance_window: gain = 1e+300: hi = 1e-07 S: at K = 1e+300 a device starts at G = 1e+293 S, "
                            "outside the physical range 1e-15 ... 1 S"):
        plotting.plot_conductance_window(DEVICE, 1e300, 1e-8, 1e-7)
    with raises(ValueError, "plot_conductance_window: gain = 10: hi = 0.1 S: at K = 10 a device pulsed to the top of its curve"):
        plotting.plot_conductance_window(DEVICE, 10, 1e-8, 0.1)
    with raises(ValueError, "plot_conductance_window: lo = -1e-08: expected an offset >= 0 S"):
        plotting.plot_conductance_window(DEVICE, 10, -1e-8, 1e-7)
    # what offset_view draws (its range slider starts at 0 nS) is drawn as before
    assert plotting.plot_conductance_window(DEVICE, 10, 0.0, 1e-7).axes[0].get_title() == "K = 10"
    assert plotting.plot_offset_view(np.linspace(1e-8, 1e-7, 8), DEVICE, 10, 1e-8, 1e-7) is not None


# --- C10: scripts/lab.py refuses what its docstring says it refuses (its checks called here: no server starts) ----

@pytest.fixture
def lab(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import lab

    def no_kernel():  # had a check let the option through, main would go on to install the kernel and serve
        raise AssertionError("lab.main went past its checks")

    monkeypatch.setattr(lab, "install_kernel", no_kernel)
    return lab


@pytest.mark.parametrize("argv, message", [
    # Jupyter started with only a warning in its log, after installing the kernel into the venv
    (["--Bogus.x=1"], "lab: --Bogus.x=1: JupyterLab reads no settings of a class Bogus; expected --Class.trait=value"),
    (["--ServerApp.bogus=1"], "lab: --ServerApp.bogus=1: ServerApp has no setting bogus; see"),
    (["--LabApp.bogus_trait=1"], "lab: --LabApp.bogus_trait=1: LabApp has no setting bogus_trait; see"),
    (["--ServerApp.prot=9"], "lab: --ServerApp.prot=9: ServerApp has no setting prot (did you mean ServerApp.port?)"),
    # random_ports(port, -4) gave no port at all: status 1 after seconds of log
    (["--ServerApp.port_retries=-5"], "lab: --ServerApp.port_retries=-5: expected a number of further ports to try, "
                                      "0 or more, for ServerApp.port_retries"),
    (["--port-retries=-1"], "lab: --port-retries=-1: expected a number of further ports to try"),
    # only resolvability was checked: the bind failed after the kernel install
    (["--ip=8.8.8.8"], "lab: --ip=8.8.8.8: not an address of this machine's networks (none of its interfaces has it)"),
    # isdecimal() is true of them, and int() reads them as 3 and 8888
    (["--port=\u0663"], "lab: --port=\u0663: expected a TCP port 1 ... 65535"),
    (["--ServerApp.port=\uff18\uff18\uff18\uff18"], "lab: --ServerApp.port=\uff18\uff18\uff18\uff18: expected a TCP port"),
])
def test_lab_refuses_in_one_line_before_anything_starts(lab, capsys, argv, message):
    assert lab.main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith(message), err


def test_lab_lets_through_the_settings_jupyter_reads(lab):
    for argv in (["--IdentityProvider.token=abc"], ["--NotebookApp.token=abc"], ["--TerminalManager.cull_interval=5"],
                 ["--LanguageServerManager.autodetect=False"], ["--ContentsManager.hide_globs=[]"],
                 ["--MappingKernelManager.cull_idle_timeout=60"], ["--ServerApp.port_retries=0"],
                 ["--port-retries=3"], ["--ip=0.0.0.0"], ["--ip=127.0.0.1"], ["--ip=localhost"], ["--port=8889"],
                 # the project's own default, given again: traitlets reads None there, which value_problem refused
                 ["--LabApp.news_url=None"]):
        assert (lab.address_problem(argv) or lab.option_problem(argv) or lab.value_problem(argv)) is None, argv


# --- C11: the environment ------------------------------------------------------------------------------------------

def test_a_removed_current_folder_is_one_line_and_status_2(tmp_path):
    """numba's import (coverage's os.path.realpath('.')) ended in a 46-line FileNotFoundError traceback, status 1."""
    gone = tmp_path / "gone"
    gone.mkdir()
    done = subprocess.run(["sh", "-c", f'cd "{gone}" && rmdir "{gone}" && exec "{sys.executable}" -m crossbar '
                                       "montecarlo --trials 200 --max-epochs 20"],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2 and done.stdout == "", done.stderr
    assert done.stderr == ("crossbar: error: the current folder no longer exists (it was removed after the shell "
                           "entered it); cd to one that does\n")


def _command(env, *argv):
    return subprocess.run([sys.executable, "-m", "crossbar", *argv], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env}, cwd=ROOT)


@pytest.mark.parametrize("env, message", [
    # numba's own line: "The threading layer requested 'bogus' is unknown to Numba.", naming no variable
    ({"NUMBA_THREADING_LAYER": "bogus"}, "crossbar: error: NUMBA_THREADING_LAYER=bogus: expected one of default, "
                                         "safe, threadsafe, forksafe, tbb, omp, workqueue, or unset it\n"),
    ({"NUMBA_THREADING_LAYER": " omp"}, "crossbar: error: NUMBA_THREADING_LAYER=' omp': expected one of default"),
    ({"NUMBA_THREADING_LAYER_PRIORITY": "tbb omp"}, "crossbar: error: NUMBA_THREADING_LAYER_PRIORITY='tbb omp': "
                                                    "expected the three layers tbb omp workqueue in some order"),
])
def test_a_numba_threading_layer_the_command_cannot_use_is_named(env, message):
    done = _command(env, "train", "--max-epochs", "5")
    assert done.returncode == 2 and done.stdout == "" and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(message), done.stderr


def test_a_threading_layer_whose_library_is_missing_is_named_before_the_work():
    """NUMBA_THREADING_LAYER=tbb without TBB: numba's "No threading layer could be loaded. HINT: ..." at the first
    run, naming no variable."""
    done = _command({"NUMBA_THREADING_LAYER": "tbb"}, "train", "--max-epochs", "5")
    if done.returncode == 0:
        pytest.skip("Intel TBB is installed here: numba loads the tbb layer")
    assert done.returncode == 2 and done.stdout == "" and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("crossbar: error: NUMBA_THREADING_LAYER=tbb: numba cannot load that layer here "
                                  "(No threading layer could be loaded. Intel TBB is required"), done.stderr
    assert done.stderr.endswith("expected one it can load, such as workqueue, or unset it\n")
    assert _command({"NUMBA_THREADING_LAYER": "workqueue"}, "train", "--max-epochs", "5").returncode == 0
