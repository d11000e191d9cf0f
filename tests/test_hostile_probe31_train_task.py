"""`train` names the task it trained on, in its text as montecarlo does ('task' line) and in its JSON parameters with
the --held-out version and the --bias voltage where given; montecarlo's JSON names those two as well (probe 31c, C31-2:
`train --task letters --held-out 2` printed no task, and a saved JSON could not say what it was trained on)."""

import json

import pytest

from crossbar.cli import main


def _json(capsys, argv):
    assert main(argv + ["--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("argv, expected", [
    (["--task", "letters", "--held-out", "2"],
     {"task": "letters+bias-training", "test": "letters+bias-test", "held_out": 2}),
    (["--bias", "0.2"], {"task": "diagonals-training+bias", "test": "diagonals-test+bias", "bias": 0.2}),
    ([], {"task": "diagonals-training", "test": "diagonals-test"}),
    (["--hidden", "3", "--max-epochs", "5"], {"task": "diagonals-training", "test": "diagonals-test"}),
])
def test_train_names_its_task_in_json_and_text(capsys, argv, expected):
    parameters = _json(capsys, ["train", *argv])["parameters"]
    assert {k: parameters[k] for k in ("task", "test", "held_out", "bias") if k in parameters} == expected
    assert main(["train", *argv]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("task       ")]
    assert len(lines) == 1 and lines[0].startswith(f"task       {expected['task']}: ") and \
        f"; test on {expected['test']} (" in lines[0], lines


def test_montecarlo_json_names_the_held_out_version_and_the_bias(capsys):
    record = _json(capsys, ["montecarlo", "--trials", "4", "--task", "letters", "--held-out", "1", "--quiet"])
    assert (record["task"], record["held_out"], "bias" in record) == ("letters+bias-training", 1, False)
    record = _json(capsys, ["montecarlo", "--trials", "4", "--bias", "--quiet"])
    assert (record["task"], record["bias"], "held_out" in record) == ("diagonals-training+bias", 0.1, False)
