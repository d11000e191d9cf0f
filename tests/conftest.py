"""Shared fixtures: the reference measurement (development/CI only) and the two exactness cases."""

import json
import signal
import sys
from pathlib import Path

import numpy as np
import pytest

import crossbar

# The book's scripts, importable by the tests (their table-of-contents reader above all).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))


def pytest_configure(config):
    """A pytest-xdist worker ignores SIGINT, and an ignored signal stays ignored in every process it
    starts (as in a shell's background job): the Ctrl-C tests would test that. They test a terminal's
    Ctrl-C, so the worker takes Python's usual handler back, which exec resets to the default."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)



def pytest_collection_modifyitems(config, items):
    """The longest files first, so that no worker of pytest-xdist starts one as the others finish: the
    executed chapters (nbval) by their times in the book's build, the live JupyterLab test next, then the
    rest as collected. A stable sort: a chapter's cells and a file's tests keep their order."""
    seconds = json.loads((Path(__file__).resolve().parents[1] / "scripts" / "chapter-seconds.json").read_text())

    def cost(item):
        path = Path(str(item.fspath))
        if path.suffix == ".ipynb":
            return -seconds.get(path.stem, 0.0)
        return 0.0 if path.name != "test_lab_widgets.py" else -min(seconds.values())

    items.sort(key=cost)

SHARED_MEASUREMENT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "SP291D1NR100.dat"


@pytest.fixture(scope="session")
def measured_device():
    """The measured LSMO/Gaq3/AlOx/Co curve from ../shared/data (not shipped with the project)."""
    if not SHARED_MEASUREMENT.is_file():
        pytest.skip(f"reference measurement not found at {SHARED_MEASUREMENT} (it is not distributed "
                    "with the project; CI provides it)")
    return crossbar.load_device(SHARED_MEASUREMENT)


# The two reference runs of the original algorithm on the measured curve (issue 2):
# offsets in S, rows = inputs, columns G+1 G-1 G+2 G-2.
EXACT_CASES = {
    "converges": dict(
        setting=crossbar.REFERENCE,
        offsets=[[6.944629227102499e-08, 9.921764852882143e-08, 9.565182657661033e-08, 7.964992608749134e-08],
                 [5.560190875551282e-08, 5.6420809181635053e-08, 7.23538680151732e-08, 4.577649167010782e-08],
                 [6.86735631229566e-08, 4.6459119966216506e-08, 1e-08, 3.103056324667771e-08],
                 [8.431510822658256e-08, 1e-07, 9.943614214814252e-08, 7.74606510578171e-08]],
        converged=True, epochs=18,
        pulse_count=[[15, 3, 4, 14], [15, 3, 1, 17], [18, 0, 0, 18], [0, 18, 18, 0]],
    ),
    "does-not-converge": dict(
        setting=crossbar.REFERENCE.replace(beta=2e7, target_high=0.5, target_low=-0.5),
        offsets=[[3.2410027501181496e-08, 1.5970065945012197e-08, 9.645151007687677e-08, 1.1241577482144701e-08],
                 [2.8113199436189515e-08, 1.3587847113175597e-08, 4.398248412160243e-08, 1.8785317626451298e-08],
                 [2.7662845011588434e-08, 4.19251932754297e-08, 7.053001308443099e-08, 1e-08],
                 [1e-07, 4.7192655775632434e-08, 3.203145247138302e-08, 2.6668761898110035e-08]],
        converged=False, epochs=50,
        pulse_count=[[2, 48, 1, 49], [18, 32, 1, 49], [49, 1, 2, 48], [1, 49, 48, 2]],
    ),
}


@pytest.fixture(params=sorted(EXACT_CASES))
def exact_case(request):
    case = dict(EXACT_CASES[request.param])
    case["offsets"] = np.array(case["offsets"])
    case["pulse_count"] = np.array(case["pulse_count"])
    return case
