"""Requests too large for the machine: refused with a ResourceError (a ValueError) naming the argument
and the size, before any array of that size is made, never an out-of-memory kill."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

import crossbar
import crossbar.training.pulses as pulses_module

G = 1e-6 + 9e-6 * (1 - np.exp(-np.arange(50) / 15))


# ------------------------------------------------------------------ DeviceCurve.apply (probe 3, point 2)

@pytest.mark.parametrize("shape, trials", [((10**12, 1), None), ((10**9, 1), None), ((10**6, 100), range(100)),
                                          ((10**4,), range(10**7))])
def test_pulses_too_large_are_refused_before_they_are_converted(shape, trials, monkeypatch):
    def no_conversion(*args, **kwargs):
        raise AssertionError("pulses were converted before the memory check")

    monkeypatch.setattr(crossbar.resources, "available_memory", lambda: 2**30)  # 1 GiB: the same on any machine
    monkeypatch.setattr(pulses_module, "real_array", no_conversion)
    huge = np.broadcast_to(np.ones((1,) * len(shape), np.int8), shape)  # no memory of its own
    with pytest.raises(crossbar.resources.ResourceError, match=r"^pulses of shape .* needs about [\d.]+ [GTP]iB"):
        crossbar.DeviceCurve(G).apply(huge, trials=trials)


def test_a_refused_pulse_array_leaves_the_peak_memory_where_it_was():
    # 2e7 pulses: the check ran after 460 MiB of copies had been made
    script = textwrap.dedent("""
        import resource, numpy as np, crossbar
        crossbar.resources.available_memory = lambda: 200 * 2**20
        d = crossbar.DeviceCurve(1e-6 + 9e-6 * (1 - np.exp(-np.arange(50) / 15)))
        p = np.broadcast_to(np.ones((1, 1), np.int8), (2 * 10**7, 1))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            d.apply(p)
        except crossbar.resources.ResourceError as e:
            print(e)
        print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    message, grown_mib = out.splitlines()
    assert message.startswith("pulses of shape (20000000, 1) on 1 trial(s)") and "more than the 200 MiB" in message
    assert int(grown_mib) < 32
