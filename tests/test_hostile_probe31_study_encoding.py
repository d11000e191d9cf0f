"""Probe 31c, C31-14: `PYTHONIOENCODING=ascii train --from STUDY`, the study's device file 'dév.dat', said "standard
output: its encoding (ascii) cannot write '\\xe9'; set PYTHONIOENCODING=utf-8 or unset it": no value, no source (the
study's device, not an option) and no --json, which works. An option's value was named with all three."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def _train(*args, cwd):
    return subprocess.run([sys.executable, "-m", "crossbar", "train", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "PYTHONIOENCODING": "ascii"}, timeout=300)


def test_a_study_device_the_encoding_cannot_write_is_named_with_its_source_and_json(tmp_path):
    from crossbar import Study, TrainingSetting, load_device, run_study
    from crossbar.devices.files import DEFAULT_DEVICE_FILE

    shutil.copyfile(DEFAULT_DEVICE_FILE, tmp_path / "dév.dat")
    device = load_device(str(tmp_path / "dév.dat"))
    run_study(Study(device=device, trials=10, chunk_size=10, seed=1, setting=TrainingSetting(max_epochs=5)),
              out=tmp_path / "study", progress=False)
    done = _train("--from", "study", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == "", done
    line = done.stderr
    assert line.count("\n") == 1, line
    assert "d\\xe9v" in line, line  # the value
    assert "the device the study in --from study used" in line, line  # where it came from
    assert "--json" in line, line
    assert _train("--from", "study", "--json", cwd=tmp_path).returncode == 0  # what it advises works
