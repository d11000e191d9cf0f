"""Probe 13c's findings on the API (U1, U3, U8, U10), fixed at their cause: a local Dask cluster started from a
script without the __main__ guard ends in the guard's one RuntimeError; mcnemar is fast for large discordant counts
and as exact as a float can be; a service that is not Dask is named as such; a bad grid axis names the axis."""

import math
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

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
