"""Probe 30c, C30-1: a worker ended by SIGTERM from outside was reported under another worker's pid, one the pool
ended with SIGTERM after it (every ended worker then has the same exit code, and the first in the pool's order was
named)."""

from __future__ import annotations

from types import SimpleNamespace

from crossbar.studies.workers import WorkerLost


def _pool(*exitcodes):
    return [SimpleNamespace(pid=100 + k, exitcode=code) for k, code in enumerate(exitcodes)]


def test_of_several_ended_by_sigterm_none_is_named_as_the_one():
    text = str(WorkerLost(_pool(-15, -15)))
    assert text.startswith("a worker process (one of 100, 101: the pool ends the others so) was ended by SIGTERM "
                           "(ended from outside) in the middle of a chunk"), text
    assert "worker process 100 was" not in text


def test_a_lone_sigterm_or_another_signal_is_named_by_its_pid():
    assert str(WorkerLost(_pool(None, -15))).startswith("worker process 101 was ended by SIGTERM (ended from outside)")
    assert str(WorkerLost(_pool(-15, -9))).startswith("worker process 101 was ended by SIGKILL (killed from outside")
    assert str(WorkerLost(_pool(-15, -11))).startswith("worker process 101 was ended by SIGSEGV (a fault")
