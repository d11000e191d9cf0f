"""Probe 20a's M1, O1, O2 and O3 (issue 20): labels that are no scale, and offsets stated in notes and keys.

M1: column labels that are no scale were refused as "a scale written in the name". A pulse's words (`spike 1`,
`write 1`, `stimulus 1`, `event 1`, `pulse count 1`, `pulse k=1`, `p 2`, `p_2`, `P#2`) are now read as `pulse 1` is:
several such columns are refused as one column per pulse (a transposed table), beside cycle columns too, and one such
column loads as one `pulse 1` column does. Origin's x/y pairs (`x1,G (uS) cycle 1,x2,...`) get the x/y-pairs message,
pandas' copy `G (uS) #1.1` beside `G (uS) #1` the pandas-copy message (alone it loads, as `cycle 1.1` alone does), and
a number after a word that is no label read (`G (uS) foo 3`) is refused saying so. A scale in words is still a scale.

O1-O3: one grammar for an offset stated in a `#` note (of a device table or an instrument file) and in an
instrument file's header key, the table below (`test_offset_grammar`):

* the key: `offset` or `baseline`, one word before it and one after it or not (`G offset`, `Zero offset`,
  `offset subtracted`), apart by spaces, `_`, `-` alike (`G_offset`, `G-offset`; O1: `G_offset` was not read), a
  unit in brackets after it or not (`Offset (nS)`);
* between key and value: `:` or `=` (a note or a key), or in a note words: a space, `of`, `is`, `was`, where the value
  is a number with a unit that is read after it or none (`# G offset 0.1 uS`, `# G offset 0.1`; `# baseline 3
  cycles` is text);
* the value: the same rule everywhere. With no number it is text and loads (`baseline: pristine device`; O3: as a key
  it was refused). Zero, `none`, `off` load. A key or value that says the offset was subtracted (or removed, corrected,
  raw ...) loads. An offset of time or voltage (`2 ms`, `5 mV`, `Offset (mV): 5`), or in a unit not read, is no
  value's and loads. Any other number is refused naming the line: whether the values include it is not said.
* the offset's unit is the offset's (O2): it is never taken as the values' unit (`# Offset (nS): 0.000` over
  `G (uS)`, `# offset subtracted (uS): 0.1` over `R (kOhm)` were refused as a second unit of the values). Over a
  header that names no unit (`pulse,G`) a note naming a unit is still refused: the values' unit is what is missing.

A case loads with the values of the same file without the line (np.array_equal), or is refused in one line naming the
file's line. The cases that already behaved before this change are the labelled guards (`_held_before`).
"""
import re
import subprocess
import sys

import numpy as np
import pytest

import crossbar
from crossbar.devices.files import DeviceFileError, write_pulse_train

G_US = 1 + 0.5 * (1 - np.exp(-np.arange(31) / 8))  # a curve in uS
CYCLES = [G_US * (1 + 0.02 * c) for c in range(3)]

# --- M1: labels that are no scale -----------------------------------------------------------------------------------

PULSE_LABELS = ["spike {}", "write {}", "stimulus {}", "event {}", "pulse count {}", "pulse k={}"]
QUANTITIES = {"G": ("G (uS)", lambda g: g), "R": ("R (kOhm)", lambda g: 1e3 / g),
              "I": ("I (uA) @ 0.1 V", lambda g: 0.1 * g)}


def _table(path, names, columns, notes=()):
    rows = [",".join(f"{c[i]:.10g}" for c in columns) for i in range(len(columns[0]))]
    path.write_text("".join(f"# {n}\n" for n in notes) + ",".join(names) + "\n" + "\n".join(rows) + "\n")
    return path


def _refusal(path, **kw):
    with pytest.raises(DeviceFileError) as caught:
        crossbar.load_device(path, **kw)
    message = str(caught.value)
    assert "\n" not in message and "is a scale written in the name" not in message
    return message


@pytest.mark.parametrize("where", ["after", "before"])
@pytest.mark.parametrize("quantity", list(QUANTITIES))
@pytest.mark.parametrize("label", [k for k in PULSE_LABELS if k != "pulse k={}"])
def test_pulse_words_in_several_columns_name_pulses(tmp_path, label, quantity, where):
    """A (cycles x pulses) matrix whose columns say 'spike 1', 'write 1', ...: refused as transposed, as 'pulse 1'."""
    _several(tmp_path, label, quantity, where)


@pytest.mark.parametrize("where", ["after", "before"])
@pytest.mark.parametrize("quantity", list(QUANTITIES))
def test_guard_pulse_k_in_several_columns_names_pulses(tmp_path, quantity, where):
    """Guard: 'pulse k=1', 'pulse k=2', ... were refused so since 998e110 (probe 20a, W2)."""
    _several(tmp_path, "pulse k={}", quantity, where)


def _several(tmp_path, label, quantity, where):
    name, convert = QUANTITIES[quantity]
    if where == "before" and "@" in name:
        name = name.replace(" @ 0.1 V", "")
    names = [f"{name} {label.format(k)}" if where == "after" else f"{label.format(k)} {name}" for k in range(1, 5)]
    matrix = np.array(CYCLES)[:, :4]  # rows are cycles, columns pulses
    path = _table(tmp_path / "t.csv", names, [convert(matrix[:, k]) for k in range(4)])
    kw = {"read_voltage": 0.1} if where == "before" and quantity == "I" else {}
    assert "names a pulse, not a cycle" in _refusal(path, **kw)


@pytest.mark.parametrize("label", PULSE_LABELS + ["p {}", "p_{}", "P#{}"])
def test_a_pulse_label_beside_cycle_columns_names_a_pulse(tmp_path, label):
    names = ["pulse", "G (uS) cycle 1", f"G (uS) {label.format(2)}", "G (uS) cycle 3"]
    path = _table(tmp_path / "m.csv", names, [np.arange(31.0), *CYCLES])
    message = _refusal(path)
    assert f"column 'G (uS) {label.format(2)}'" in message and "names a pulse, not a cycle" in message


@pytest.mark.parametrize("label", PULSE_LABELS + ["p {}", "p_{}", "P#{}"])
def test_one_column_with_a_pulse_label_loads_as_pulse_1_does(tmp_path, label):
    """One value column loads whatever its label: 'G (uS) pulse 1' did, 'G (uS) spike 1' was "a scale"."""
    path = _table(tmp_path / "one.csv", ["pulse", f"G (uS) {label.format(1)}"], [np.arange(31.0), G_US])
    reference = _table(tmp_path / "ref.csv", ["pulse", "G (uS) pulse 1"], [np.arange(31.0), G_US])
    assert np.array_equal(crossbar.load_device(path).conductance, crossbar.load_device(reference).conductance)


@pytest.mark.parametrize("first", [0, 1])
@pytest.mark.parametrize("pairs", [2, 3])
def test_origin_x_y_pairs_get_the_pairs_message(tmp_path, pairs, first):
    names, columns = [], []
    for k in range(first, first + pairs):
        names += [f"x{k}", f"G (uS) cycle {k}"]
        columns += [np.arange(31.0), CYCLES[k - first]]
    message = _refusal(_table(tmp_path / "xy.csv", names, columns))
    assert "x/y column pairs" in message and f"'x{first}'" in message


@pytest.mark.parametrize("cycle", [None, 1, 2])
def test_pandas_copy_of_a_hash_label_gets_the_pandas_message(tmp_path, cycle):
    path = _table(tmp_path / "h.csv", ["pulse", "G (uS) #1", "G (uS) #1.1"], [np.arange(31.0), *CYCLES[:2]])
    message = _refusal(path, **({} if cycle is None else {"cycle": cycle}))
    assert "pandas' name for a second column 'G (uS) #1'" in message


def test_a_hash_copy_alone_loads_as_cycle_1_1_alone_does(tmp_path):
    path = _table(tmp_path / "h1.csv", ["pulse", "G (uS) #1.1"], [np.arange(31.0), G_US])
    reference = _table(tmp_path / "c1.csv", ["pulse", "G (uS) cycle 1.1"], [np.arange(31.0), G_US])
    assert np.array_equal(crossbar.load_device(path).conductance, crossbar.load_device(reference).conductance)


@pytest.mark.parametrize("name", ["G (uS) foo 3", "foo 3 G (uS)", "G (uS) lot_b 7"])
def test_a_number_after_a_word_not_read_as_a_label_says_so(tmp_path, name):
    path = _table(tmp_path / "f.csv", ["pulse", name], [np.arange(31.0), G_US])
    message = _refusal(path)
    assert "a word not read as a label" in message and "may be a scale" in message


@pytest.mark.parametrize("name", ["G (uS) amplified 1000", "G (uS) x1000", "G (uS) by 1000", "G (uS) thousand",
                                  "G (uS) k=1", "G x1e-6", "x1", "G (uS) foo 3.5", "G e-6", "G (uS) E+3"])
def test_guard_a_scale_is_still_refused_as_one(tmp_path, name):
    """Guard: a scale in words or digits, and a lone Origin-like 'x1' (it may be 'times 1'), are still "a scale"."""
    path = _table(tmp_path / "s.csv", ["pulse", name], [np.arange(31.0), G_US])
    with pytest.raises(DeviceFileError, match="is a scale written in the name"):
        crossbar.load_device(path)


def test_command_line_says_the_pulse_message_with_status_2(tmp_path):
    names = [f"G (uS) spike {k}" for k in range(1, 4)]
    path = _table(tmp_path / "spikes.csv", names, [np.array(CYCLES)[:, k] for k in range(3)])
    done = subprocess.run([sys.executable, "-m", "crossbar", "device", "--device", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "names a pulse, not a cycle" in done.stderr


# --- O1-O3: the offset grammar --------------------------------------------------------------------------------------

KEYS = ["offset", "Offset", "G offset", "G_offset", "G-offset", "baseline", "Zero offset", "conductance_offset"]
VALUES = {  # value -> whether it states an offset of the values that the line does not say was subtracted
    "0.1 uS": True, "100 nS": True, "0.1": True, "5e-8 S": True,
    "0": False, "0.000 uS": False, "none": False,
    "pristine device": False, "see notes": False, "zero": False,
    "2 ms": False, "5 mV": False,
    "0.1 uS (subtracted)": False, "0.1 uS removed": False,
}
BRACKETED = {  # a unit in the key's brackets: (key, value) -> unsaid
    ("Offset (nS)", "0.000"): False, ("Offset (nS)", "100"): True, ("Offset [uS]", "0.1"): True,
    ("Offset (uS)", "pristine"): False, ("Offset (mV)", "5"): False, ("Offset subtracted (uS)", "0.1"): False,
    ("Offset (uS, subtracted)", "0.1"): False, ("Baseline (kOhm)", "10"): True, ("G_offset (nS)", "100"): True,
    ("offset_mV", "5"): False,
}
PLACES = ["table G", "table R", "instrument note", "instrument key"]
FORMS = {"colon": "{k}: {v}", "equals": "{k} = {v}", "words": "{k} {v}", "of": "{k} of {v}"}


def _cases():
    cases = []
    for place in PLACES:
        forms = ["colon"] if place == "instrument key" else list(FORMS)
        for form in forms:
            for key in KEYS:
                for value, unsaid in VALUES.items():
                    if form in ("words", "of") and not value[0].isdigit():
                        unsaid = False  # '# offset pristine device' is text in any form
                    cases.append((place, form, key, value, unsaid))
            for (key, value), unsaid in BRACKETED.items():
                if (form == "colon" or (form == "equals" and place != "instrument key")) and not (
                        place == "instrument key" and "," in key):  # the format's lines hold no comma
                    cases.append((place, form, key, value, unsaid))
    return cases


def _held_before(place, form, key, value, unsaid):
    """Whether a case behaved before this change (a labelled guard). What did not: a key whose words are apart by
    '_' or '-' was no offset key (O1: an unsaid offset loaded); a note's unit in brackets other than the column's was
    taken as the values' (O2: refused as a second unit, zero and subtracted offsets too); an instrument key with no
    number was refused (O3); in words a number with no unit was text ('# G offset 0.1' loaded)."""
    base = re.split(r"\s*[\(\[]", key)[0]
    separated = bool(re.search(r"[_-]", base)) and base != "offset_mV"
    unit = re.search(r"[\(\[]\s*(\w+)", key)
    own = {"table G": "uS", "table R": "kOhm", "instrument note": "Ohm"}.get(place)
    return not (unsaid and separated  # O1
                or own and unit and unit.group(1) not in ("mV", own)  # O2
                or place == "instrument key" and not separated and not re.search(r"\d", value) and value != "none"
                or form in ("words", "of") and unsaid and re.fullmatch(r"[\d.]+", value))


CASES = _cases()


def _write(tmp_path, place, line):
    """The file of `place` with `line` (a note's text, or a key: value) and the same file without it."""
    files = []
    for with_line in (True, False):
        path = tmp_path / f"{place.replace(' ', '_')}_{with_line}.{'dat' if 'instrument' in place else 'csv'}"
        notes = [line] if with_line and place != "instrument key" else []
        if place.startswith("table"):
            name, values = ("G (uS)", G_US) if place == "table G" else ("R (kOhm)", 1e3 / G_US)
            _table(path, ["pulse", name], [np.arange(31.0), values], notes)
        else:
            key, _, value = line.partition(": ")
            write_pulse_train(path, G_US * 1e-6, extra_header={key: value} if with_line and not notes else None)
            if notes:
                path.write_text(f"# {line}\n" + path.read_text())
        files.append(path)
    return files


def _check(tmp_path, place, form, key, value, unsaid):
    line = FORMS[form].format(k=key, v=value)
    path, plain = _write(tmp_path, place, line)
    if not unsaid:
        assert np.array_equal(crossbar.load_device(path).conductance, crossbar.load_device(plain).conductance)
        return
    with pytest.raises(DeviceFileError) as caught:
        crossbar.load_device(path)
    message = str(caught.value)
    assert "\n" not in message and "states an offset of the values" in message
    assert re.search(r", line \d+: ", message) and line.split(" ")[0] in message


def _id(case):
    place, form, key, value, _ = case
    return f"{place} | {form} | {key} | {value}"


@pytest.mark.parametrize("case", [c for c in CASES if not _held_before(*c)],
                         ids=[_id(c) for c in CASES if not _held_before(*c)])
def test_offset_grammar(tmp_path, case):
    _check(tmp_path, *case)


@pytest.mark.parametrize("case", [c for c in CASES if _held_before(*c)],
                         ids=[_id(c) for c in CASES if _held_before(*c)])
def test_guard_offset_grammar_held_before(tmp_path, case):
    """Guard: the cases of the same table that behaved before this change still do."""
    _check(tmp_path, *case)


@pytest.mark.parametrize("note", ["offset subtracted: 0.1 uS", "Offset (nS): 0"])
def test_guard_an_offset_unit_over_a_header_with_no_unit_is_refused(tmp_path, note):
    """Guard: over 'pulse,G' a note naming a unit is refused as before (the values' unit is what is missing)."""
    path = _table(tmp_path / "bare.csv", ["pulse", "G"], [np.arange(31.0), G_US * 1e-6], [note])
    with pytest.raises(DeviceFileError, match="no column's name gives a unit"):
        crossbar.load_device(path)


def test_command_line_refuses_an_underscored_offset_with_status_2(tmp_path):
    path = _table(tmp_path / "o1.csv", ["pulse", "G (uS)"], [np.arange(31.0), G_US], ["G_offset: 0.1 uS"])
    done = subprocess.run([sys.executable, "-m", "crossbar", "device", "--device", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "line 1" in done.stderr
