"""Probe 25a, D25-6: a run of spaces (or '#') inside a header name took time growing with the square of its length
(40,000 spaces: over 45 s of CPU, unfinished), in the name rules' patterns, tried from every space of the run. A
column name longer than 1,000 characters is refused before any rule reads it, and the patterns that read whole lines
(an instrument header's ``Key: value``, a YAML key) no longer backtrack over a run of spaces: the same lines match,
with the same groups, as before."""

import random
import re

import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError, formats
from crossbar.devices.columns import MAX_NAME
from crossbar.devices.instrument import HEADER_LINE

ROWS = "".join(f"{k},{1 + k / 10}\n" for k in range(5))


@pytest.mark.parametrize("header, shown", [
    ("pulse,G" + " " * 40000 + "(uS)", "... (40,005 characters)"),
    ("pulse,G (uS) " + "#" * 60000 + "x", "(60,008 characters)"),
    ("pulse" + "\t" * 40000 + "(#),G (uS)", "(40,008 characters)"),
    ("pulse,G" + "per " * 10000 + "(uS)", "(40,005 characters)")])
def test_a_name_of_tens_of_thousands_of_characters_is_refused_naming_its_length(tmp_path, header, shown):
    path = tmp_path / "long.csv"
    path.write_text(header + "\n" + ROWS)
    with pytest.raises(DeviceFileError, match=r"line 1: column '.*" + re.escape(shown) + r"' has a name of [\d,]+ "
                       r"characters; expected a column's name of at most 1,000 \(its quantity, unit and cycle"):
        load_device(path)


def test_guard_a_name_of_the_most_characters_read_still_loads(tmp_path):
    path = tmp_path / "padded.csv"
    name = "G" + " " * (MAX_NAME - 5) + "(uS)"
    assert len(name) == MAX_NAME
    path.write_text(f"pulse,{name}\n" + ROWS)
    assert load_device(path).conductance[-1] == pytest.approx(1.4e-6)


def _lines(seed, alphabet, count=100000):
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(count)]


def _read(match):
    return None if match is None else match.groups()


def test_an_instrument_header_line_reads_as_the_pattern_read_it():
    pattern = re.compile(r"^\s*([^,:]+?)\s*:\s*(.*?)\s*$")
    lines = _lines(25, [" ", "\t", ":", ",", "a", "1", "#", "\u00a0", "\x1c", "\u2003", "\u00e9"])
    differ = [line for line in lines if _read(pattern.match(line)) != _read(HEADER_LINE.match(line))]
    assert not differ, differ[:5]
    assert sum(HEADER_LINE.match(line) is not None for line in lines) > 10000  # the lines hold matches to compare
    assert HEADER_LINE.match("Read Voltage (V):  0.1 ").groups() == ("Read Voltage (V)", "0.1")


def test_a_yaml_key_reads_as_the_pattern_read_it():
    pattern = re.compile(r'^(?:-\s+)?(?P<key>"[^"]*"|\'[^\']*\'|[^\s#\-:"\'][^:]*?)\s*:(?:\s+(?P<value>.*))?$')
    lines = _lines(26, [" ", "\t", ":", "-", "a", "#", '"', "'", "1"])
    differ = [line for line in lines if _read(pattern.match(line)) != _read(formats._YAML_KEY.match(line))]
    assert not differ, differ[:5]
    assert sum(formats._YAML_KEY.match(line) is not None for line in lines) > 3000
