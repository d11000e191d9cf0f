"""Probe 13c's findings on the API (U1, U3, U8, U10), fixed at their cause: a local Dask cluster started from a
script without the __main__ guard ends in the guard's one RuntimeError; mcnemar is fast for large discordant counts
and as exact as a float can be; a service that is not Dask is named as such; a bad grid axis names the axis."""

import math
import os
import socket
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

from crossbar.studies.stats import mcnemar
from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# --- U1: executor="local" from a script without the __main__ guard -------------------------------------------------

UNGUARDED = """
import crossbar as cb
study = cb.Study(trials=8, chunk_size=4, setting=cb.TrainingSetting(max_epochs=5))
try:
    {call}
except RuntimeError as exc:
    print("RuntimeError:", exc)
"""


@pytest.mark.parametrize("call, name", [
    ("cb.run_study(study, executor='local')", "run_study"),
    ("cb.run_sweep(study, cb.Grid(beta=[5e7, 6e7]), executor='local')", "run_sweep"),
])
def test_a_local_dask_cluster_from_a_script_without_the_main_guard_names_the_guard(tmp_path, call, name):
    """Dask's worker processes re-ran the script, and LocalCluster raised 'Nanny failed to start.': 53 lines."""
    pytest.importorskip("dask.distributed")
    script = tmp_path / "nog.py"
    script.write_text(textwrap.dedent(UNGUARDED.format(call=call)))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=300,
                          env={**os.environ, "PYTHONPATH": REPO})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Nanny" not in done.stdout + done.stderr, done.stderr
    line = done.stdout.strip().splitlines()[-1]
    assert line.startswith("RuntimeError: executor = 'local': each worker process of the local Dask cluster "
                           "imports the script"), done.stdout
    assert f"calls {name} at its top level" in line and "if __name__ == '__main__':" in line


# --- U3: mcnemar with many discordant items -----------------------------------------------------------------------

def _discordant(only_first, only_second):
    first = np.zeros(only_first + only_second, bool)
    second = first.copy()
    first[:only_first] = True
    second[only_first:] = True
    return first, second


def _exact_p(k, n):
    return min(1.0, 2.0 * (sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n))


@pytest.mark.parametrize("n", [2001, 2346, 2999, 3000])
@pytest.mark.parametrize("fraction", [0.3, 0.45, 0.48, 0.49, 0.5])
def test_mcnemar_above_the_exact_range_agrees_with_the_exact_sum(n, fraction):
    k = int(fraction * n)
    exact = _exact_p(k, n)
    assert exact > 1e-300  # a normal float, where relative precision means something
    result = mcnemar(*_discordant(n - k, k))
    assert (result.only_first, result.only_second) == (n - k, k)
    assert result.p_value == pytest.approx(exact, rel=1e-12, abs=0)


def test_mcnemar_within_the_exact_range_is_the_exact_sum():
    for n, k in [(2000, 950), (2000, 1000), (1999, 900)]:
        assert mcnemar(*_discordant(n - k, k)).p_value == _exact_p(k, n)


def test_mcnemar_at_thirty_thousand_discordant_items():
    """30,000 against 29,000 did not finish in 100 s (k big-integer binomials of 59,000 bits)."""
    # n odd and k = (n - 1) / 2: by symmetry P(B <= k) = 1/2 exactly, so p = 1.
    assert mcnemar(*_discordant(30001, 30000)).p_value == pytest.approx(1.0, rel=1e-12)
    assert mcnemar(*_discordant(30000, 30000)).p_value == 1.0  # b = c: 2 P(B <= n/2) > 1, capped
    assert mcnemar(*_discordant(60000, 0)).p_value == 0.0  # 2 ** -59999 underflows cleanly
    # 2 P(B <= k) for n = 59,000 from the exact sum of the same ratios in fractions (k = 29,000 is 4.4 sigma out)
    p = mcnemar(*_discordant(30000, 29000)).p_value
    assert 0 < p < 1e-4 and p == pytest.approx(_ratio_tail(29000, 59000), rel=1e-12)


def _ratio_tail(k, n):
    """2 P(B <= k) as an independent reference: the top term exact (one binomial of n bits: fast), the terms below
    it by their ratios, each rounded to a float, down to 1e-30 of the top; within about 1e-14."""
    from fractions import Fraction

    top = Fraction(math.comb(n, k), 2 ** n)  # one binomial of n bits: fast
    total, term, i = Fraction(0), Fraction(1), k
    while i >= 0 and term > Fraction(1, 10 ** 30):
        total += term
        term = term * i / (n - i + 1)
        term = Fraction(float(term))  # keep the fractions small
        i -= 1
    return float(2 * top * total)


# --- U8: a service that is not Dask at the --dask address (loopback only) -----------------------------------------

@pytest.fixture
def not_dask():
    """A TCP server on 127.0.0.1 answering every connection with an HTTP error, as a web server does."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held = []

    def serve():
        while True:
            try:
                conn, _ = server.accept()
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                held.append(conn)
            except OSError:
                return

    threading.Thread(target=serve, daemon=True).start()
    yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    server.close()
    for conn in held:
        conn.close()


EXPECTED_NOT_DASK = "does not answer as a Dask scheduler (a service answered there in another protocol)"


def test_the_api_names_a_service_that_is_not_dask(not_dask):
    """It said 'Unable to allocate 3.01 EiB for an array': the HTTP answer's first 8 bytes read as a length."""
    pytest.importorskip("dask.distributed")
    import crossbar as cb
    from crossbar.studies.workers import ExecutorError

    study = cb.Study(trials=4, chunk_size=4, setting=cb.TrainingSetting(max_epochs=5))
    with pytest.raises(ExecutorError) as info:
        cb.run_study(study, executor=not_dask)
    message = str(info.value)
    assert message.startswith(f"--dask / executor {not_dask}: {EXPECTED_NOT_DASK}"), message
    assert "allocate" not in message and "tcp://host:8786" in message


def test_the_command_line_names_a_service_that_is_not_dask(not_dask, tmp_path):
    pytest.importorskip("dask.distributed")
    done = crossbar_cli("montecarlo", "--quiet", "--trials", "10", "--max-epochs", "5", "--dask", not_dask,
                        env={"PYTHONPATH": REPO}, cwd=tmp_path)
    assert_one_line_error(done, f"--dask / executor {not_dask}: {EXPECTED_NOT_DASK}")


# --- U10: a grid's offset axes out of range ------------------------------------------------------------------------

@pytest.mark.parametrize("axis, value, expected", [
    ("offset_spread", -5.0, "grid axis offset_spread = -5.0 (RescaledLognormal): spread must be > 0, got -5.0"),
    ("offset_spread", 0, "grid axis offset_spread = 0.0 (RescaledLognormal): spread must be > 0, got 0.0"),
    ("offset_spread", 1e-300, "grid axis offset_spread = 1e-300 (RescaledLognormal): spread = 1e-300: sigma"),
    ("offset_range", (1e-7, 1e-8), "grid axis offset_range = (1e-07, 1e-08) (RescaledLognormal): offset range"),
])
def test_a_grid_offset_axis_out_of_range_names_the_axis_and_its_value(axis, value, expected):
    """It said 'spread must be > 0, got -5.0': a name the grid does not have, and not which axis."""
    import crossbar as cb

    base = cb.Study(setting=cb.TrainingSetting(max_epochs=5), trials=10, chunk_size=10)
    with pytest.raises(ValueError) as info:
        cb.run_sweep(base, cb.Grid(**{axis: [value]}))
    assert str(info.value).startswith(expected), str(info.value)
