"""Left by probe 24c: ``--ip='127.0.0.1 '`` (an address quoted with a space, as an unset-and-padded ``$IP`` gives) was
refused as "not an address of this machine's networks (Name or service not known)", which names no cause. Only the
lab's checks run here: no kernel install, no server."""

import pytest

from test_hostile_probe12_cli import lab  # noqa: F401 - the lab script with its kernel install refused
from test_hostile_probe17_lab import refused

pytest.importorskip("jupyterlab")


@pytest.mark.parametrize("ip", ["127.0.0.1 ", " 127.0.0.1", "\t127.0.0.1\n", " localhost "])
def test_an_address_with_spaces_around_it_is_refused_naming_the_spaces(lab, capsys, ip):
    assert refused(lab, capsys, [f"--ip={ip}"]) == (
        f"--ip={ip!r}: has spaces around the address; expected the address alone, --ip={ip.strip()}")


def test_guard_the_address_alone_passes(lab):
    assert lab.address_problem(["--ip=127.0.0.1"]) is None
    assert lab.address_problem(["--ip", "localhost"]) is None
