"""A long '#' note is read in time linear in its length: the checks of what comes before each unit of a note
(a number, a voltage per current) walk back from the unit instead of searching the whole note before it, which made
a note of 8,000 words take seconds (stop 43's leftover). The walks read what the searches read: checked here against
the searches' own patterns on seeded strings of the characters that matter (digits of other scripts, white space of
other kinds, the voltage's prefixes)."""

import random
import re

import pytest

import crossbar
from crossbar.devices.scales import _per_current_before, value_of_another
from crossbar.devices.unit_names import number_before

_NUMBER_BEFORE = re.compile(r"\d\s*$")
_PER_CURRENT = re.compile(r"\d\s*[munpkMG\u00b5\u03bc]?V\s*/\s*$")
_CHARACTERS = list("1 V/mMkGx\t\u0663\u00b2\u00a0\u2003A\u00b5\u03bc/ Vn\r")


@pytest.mark.parametrize("seed", range(4))
def test_the_walks_read_what_the_searches_read(seed):
    draw = random.Random(seed)
    for _ in range(20_000):
        text = "".join(draw.choice(_CHARACTERS) for _ in range(draw.randint(0, 10)))
        at = draw.randint(0, len(text))
        assert number_before(text, at) == bool(_NUMBER_BEFORE.search(text[:at])), (text, at)
        assert _per_current_before(text, at) == bool(_PER_CURRENT.search(text[:at])), (text, at)


def test_a_value_and_a_gain_before_a_unit_are_still_values():
    assert value_of_another("# compliance 100 uA", 17, "uA")
    assert value_of_another("# TIA gain 1e6 V/A", 17, "A")
    assert value_of_another("# gain 5 mV / A", 14, "A")
    assert not value_of_another("# G in uA", 7, "uA")


@pytest.mark.parametrize("header, rows", [("pulse,G (nS)", "0,10\n1,20\n2,25\n3,27\n"),
                                          ("pulse,G", "0,10e-9\n1,20e-9\n2,25e-9\n3,27e-9\n")])
def test_a_note_of_8000_words_loads_as_a_short_one(tmp_path, header, rows):
    draw = random.Random(1)
    words = "the device was measured at room temperature with pulses of amplitude and width sample chip".split()
    note = "# " + " ".join(draw.choice(words) for _ in range(8000))
    path = tmp_path / "device.csv"
    path.write_text(f"{note}\n{header}\n{rows}", encoding="utf-8")
    assert crossbar.load_device(path).conductance[-1] == pytest.approx(27e-9, rel=1e-12)
