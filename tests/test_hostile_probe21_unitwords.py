"""Probe 20a, U2, U3, U4 and G1 (issue 20): one vocabulary of units, read alike in every place a unit is read.

U4: a unit in words ('microsiemens', 'micro-siemens', 'kiloohm', 'kilohm', 'megohm', 'nanoamps', ...) was read in a
'# values in' note and refused in a column's name ("unknown unit"), in an instrument's 'Units:' and '<Quantity>
Unit:' keys ("names no unit read here") and in an offsets header. U3: a hyphenated unit word in a note was named
wrongly in its refusal ('micro-siemens' as 'siemens' or 'micro'). U2: the instrument's unit keys refused units a
column's name reads ('Units: amps', 'kA', 'MA'), and 'G_u\u2127' was refused where 'G (u\u2127)' and 'G_uS' load. G1: '#
amplifier gain 1e6 Ohm' was refused as a scale where '# TIA gain 1e6 Ohm' loads.

The units are now one vocabulary (crossbar/devices/unit_names.py): symbols (a prefix and a base, each in the case SI
writes it) and words (a prefix word and a base word, glued, with a hyphen or a space, in any case; 'kilohm' and
'megohm'; a base word alone in lower case or capitalised), read by every reader of a unit. A gain is any note whose
words before its number hold 'gain' ('# amplifier gain', '# current amplifier gain', '# TIA gain'), in any unit of
resistance a name reads. Tests marked "Guard" pass before and after (valid input that loads, with the same values).
"""

import re

import numpy as np
import pytest

import crossbar
from crossbar.cli import main
from crossbar.devices import DeviceFileError
from crossbar.devices.files import write_pulse_train
from crossbar.devices.offsets import OffsetFileError, read_offset_matrix

PULSES = np.arange(12)
G_S = 1e-6 * (1 + 0.4 * (1 - np.exp(-PULSES / 3)))  # the curve, in S
SYMBOL = {"conductance": "G", "resistance": "R", "current": "I"}

#: Units in words, as written: (quantity, factor to S, A or Ohm).
WORDS = {
    "microsiemens": ("conductance", 1e-6), "micro-siemens": ("conductance", 1e-6),
    "micro siemens": ("conductance", 1e-6), "MicroSiemens": ("conductance", 1e-6),
    "MICRO-SIEMENS": ("conductance", 1e-6), "nanomho": ("conductance", 1e-9), "nano-mhos": ("conductance", 1e-9),
    "millisiemens": ("conductance", 1e-3), "Siemens": ("conductance", 1.0),
    "kiloohm": ("resistance", 1e3), "kilohm": ("resistance", 1e3), "kilo-ohm": ("resistance", 1e3),
    "kilo ohms": ("resistance", 1e3), "Kiloohms": ("resistance", 1e3), "megohm": ("resistance", 1e6),
    "MegOhm": ("resistance", 1e6), "mega-ohms": ("resistance", 1e6),
    "nanoamps": ("current", 1e-9), "nano-amps": ("current", 1e-9), "microamperes": ("current", 1e-6),
    "micro ampere": ("current", 1e-6), "milliamp": ("current", 1e-3), "Amperes": ("current", 1.0),
    "amperes": ("current", 1.0),
}
#: Where a column's name reads a unit.
NAME_FORMS = {"brackets": "{q} ({u})", "square": "{q} [{u}]", "in": "{q} in {u}", "slash": "{q} / {u}",
              "underscore": "{q}_{u}"}


def _values(quantity, factor):
    """G_S as a file in `quantity` and its unit of `factor` writes it (currents read at 0.1 V)."""
    return {"conductance": G_S, "resistance": 1 / G_S, "current": 0.1 * G_S}[quantity] / factor


def _table(tmp_path, header, values, note=None, name="dev.csv"):
    path = tmp_path / name
    path.write_text((f"{note}\n" if note else "") + header + "\n" + "".join(f"{m},{v:.12g}\n" for m, v in
                                                                             zip(PULSES, values)), encoding="utf-8")
    return path


def _column(quantity, unit, form="brackets"):
    name = NAME_FORMS[form].format(q=SYMBOL[quantity], u=unit)
    return name + (" @ 0.1 V" if quantity == "current" else "")


def _refusal(path, **options):
    with pytest.raises(DeviceFileError) as refused:
        crossbar.load_device(path, **options)
    return str(refused.value)


# --- U4: a column's name ------------------------------------------------------------------------------------------

# 'G_micro siemens' is no form: a unit after '_' is one word (as 'G_u S' is none). 'Siemens' was read (a symbol).
NAMED = [(w, f) for w in WORDS for f in NAME_FORMS if not (f == "underscore" and " " in w) and w != "Siemens"]


@pytest.mark.parametrize("word, form", NAMED)
def test_a_unit_in_words_is_read_in_a_column_s_name_with_its_values(tmp_path, word, form):
    """'G (microsiemens)' was refused as "unknown unit 'microsiemens'" ('G_micro-siemens' as "'siemens' looks like a
    unit ..."), where '# values in microsiemens' is read."""
    quantity, factor = WORDS[word]
    device = crossbar.load_device(_table(tmp_path, "pulse," + _column(quantity, word, form), _values(quantity, factor)))
    np.testing.assert_allclose(device.conductance, G_S, rtol=1e-9)


@pytest.mark.parametrize("word", ["microsiemens", "micro-siemens", "micro siemens", "megohm"])
@pytest.mark.parametrize("form", ["G ({u}) cycle {k}", "G{k} ({u})", "G ({u}) #{k}", "G_cycle{k}_{u}"])
def test_a_unit_in_words_beside_a_cycle_mark_is_read_and_k_takes_its_cycle(tmp_path, word, form):
    """'G2 (microsiemens)', 'G (microsiemens) #2' were refused as columns that name no cycle: the cycle marks did not
    know the words, so the unit was read as part of the label."""
    if "_" in form and " " in word:
        pytest.skip("a unit after '_' is one word")
    quantity, factor = WORDS[word]
    names = [form.format(u=word, k=k).replace("G", SYMBOL[quantity], 1) for k in (1, 2, 3)]
    curves = [_values(quantity, factor) * (1 + 0.1 * k if quantity == "resistance" else 1 / (1 + 0.1 * k))
              for k in (1, 2, 3)]
    path = tmp_path / "c.csv"
    path.write_text(",".join(["pulse"] + names) + "\n" + "".join(
        ",".join([str(m)] + [f"{c[m]:.12g}" for c in curves]) + "\n" for m in PULSES))
    device = crossbar.load_device(path, cycle=2)
    np.testing.assert_allclose(device.conductance, G_S / 1.2, rtol=1e-9)


@pytest.mark.parametrize("name, expected", [("G (uS)", 1e-6), ("G (Siemens)", 1.0), ("G_Siemens", 1.0), ("R (kOhm)", 1e3), ("R (MOhm)", 1e6), ("R (Mohm)", 1e6),
                                            ("G (mS)", 1e-3), ("G (MS)", 1e6), ("R (kohms)", 1e3),
                                            ("I (amps) @ 0.1 V", 1.0), ("I (uamps) @ 0.1 V", 1e-6),
                                            ("G (u\u2127)", 1e-6), ("G (umho)", 1e-6), ("G_uS", 1e-6)])
def test_guard_a_unit_in_symbols_loads_with_the_values_it_did(tmp_path, name, expected):
    """Guard (passes before and after): the symbols keep their case rules ('Mohm' mega-, 'MS' mega-)."""
    quantity = {"G": "conductance", "R": "resistance", "I": "current"}[name[0]]
    device = crossbar.load_device(_table(tmp_path, f"pulse,{name}", _values(quantity, expected)))
    np.testing.assert_allclose(device.conductance, G_S, rtol=1e-9)


@pytest.mark.parametrize("name, message", [
    ("R (mohm)", "unit 'mohm' is milliohm or megaohm"), ("I (AMPS) @ 0.1 V", "unknown unit 'AMPS'"),
    ("R (OHMS)", "unknown unit 'OHMS'"), ("G microsiemens", "'microsiemens' names a unit's prefix in a way that is not"),
    ("G (microS)", "unknown unit 'microS'")])
def test_guard_a_unit_not_read_in_a_name_is_refused_naming_it(tmp_path, name, message):
    """Guard (passes before and after): all-capital base words, 'mohm' (milli or mega) and a word written loose
    stay refused."""
    assert message in _refusal(_table(tmp_path, f"pulse,{name}", _values("resistance", 1.0)))


@pytest.mark.parametrize("name, word", [("G_micro-siemens cycle 1", "micro-siemens"), ("G micro-siemens", "micro-siemens"),
                                        ("G_micro siemens cycle 1", "micro siemens"), ("G micro siemens", "micro siemens"),
                                        ("G_cycle1_micro siemens", "micro siemens")])
def test_a_unit_word_with_a_hyphen_or_space_loose_in_a_name_is_refused_naming_it_as_written(tmp_path, name, word):
    """'G_micro-siemens cycle 1' (a unit after '_' in the middle of the name, which is not read) was refused naming
    'siemens', and its advice was 'G (siemens)'."""
    message = _refusal(_table(tmp_path, f"pulse,{name}", G_S / 1e-6))
    assert f"{word!r} names a unit's prefix in a way that is not read" in message, message


# --- U2/U4: an instrument file's unit keys ------------------------------------------------------------------------

def _instrument(tmp_path, key, value):
    path = tmp_path / "dev.dat"
    write_pulse_train(path, G_S, extra_header={key: value})
    return path


#: The column line is 'Resistance (Ohm)', 'Voltage (V)', 'Current (A)': these agree with it.
AGREEING = [("Units", "amps"), ("Units", "Amperes"), ("Units", "amperes"), ("Current Unit", "amps"),
            ("Current Unit", "Amperes")]


@pytest.mark.parametrize("key, value", AGREEING)
def test_a_unit_key_in_words_that_agrees_with_the_column_line_loads(tmp_path, key, value):
    """'Units: amps' was refused as "names no unit read here" over 'Current (A)'."""
    device = crossbar.load_device(_instrument(tmp_path, key, value))
    np.testing.assert_allclose(device.conductance, G_S, rtol=1e-6)


@pytest.mark.parametrize("key, value", [("Units", "Ohm"), ("Units", "ohms"), ("Resistance Unit", "Ohms"),
                                        ("Units", "A"), ("Current Unit", "A")])
def test_guard_a_unit_key_in_symbols_that_agrees_loads(tmp_path, key, value):
    """Guard (passes before and after)."""
    np.testing.assert_allclose(crossbar.load_device(_instrument(tmp_path, key, value)).conductance, G_S, rtol=1e-6)


KEY_OF = {"conductance": "Conductance Unit", "resistance": "Resistance Unit", "current": "Current Unit"}
DISAGREEING = [(k, w) for w, (q, f) in WORDS.items() if f != 1.0 for k in ("Units", KEY_OF[q])] + [
    ("Units", "kA"), ("Units", "MA"), ("Current Unit", "kamps"), ("Current Unit", "uamps"), ("Units", "GA")]


@pytest.mark.parametrize("key, value", DISAGREEING)
def test_a_unit_key_naming_another_unit_in_words_is_refused_as_disagreeing_naming_it(tmp_path, key, value):
    """'Units: kiloohm' over 'Resistance (Ohm)' (and 'Units: kA' over 'Current (A)') was refused as "names no unit
    read here"; it names a unit, one other than the column line's, and is refused as 'Units: kOhm' is."""
    quantity = (WORDS.get(value) or ("current",))[0]
    message = _refusal(_instrument(tmp_path, key, value))
    assert f"header line '{key}: {value}' names the unit {value!r} (a {quantity} unit), and the column line" in message, \
        message
    assert "which are the values in?" in message


def test_a_unit_key_in_words_among_units_that_agree_is_read(tmp_path):
    """'Units: Ohm V micro-amps' loaded: 'Ohm' and 'V' agreed, 'micro-amps' was not read and so dropped."""
    message = _refusal(_instrument(tmp_path, "Units", "Ohm V micro-amps"))
    assert "names the unit 'micro-amps' (a current unit), and the column line" in message, message


@pytest.mark.parametrize("value", ["mohm", "AMPS", "furlongs"])
def test_guard_a_unit_key_naming_no_unit_read_is_refused(tmp_path, value):
    """Guard (passes before and after): a unit not read in a name is not read in a key."""
    assert "names no unit read here" in _refusal(_instrument(tmp_path, "Units", value))


# --- G1: a transimpedance gain -------------------------------------------------------------------------------------

GAIN_KEYS = ["amplifier gain", "current amplifier gain", "transimpedance gain", "TIA gain", "preamp gain", "gain",
             "Amplifier gain:"]
GAIN_UNITS = {"Ohm": 1.0, "ohms": 1.0, "kOhm": 1e3, "MOhm": 1e6, "\u03a9": 1.0, "kiloohm": 1e3, "kilo-ohms": 1e3,
              "kilo ohm": 1e3, "megohm": 1e6, "mega-ohm": 1e6, "Megaohms": 1e6}


def _gain_loads(tmp_path, key, unit):
    note = f"# {key} {1e7 / GAIN_UNITS[unit]:g} {unit}"  # never 1, which is no scale anyway
    path = _table(tmp_path, "pulse,I (uA) @ 0.1 V", 0.1 * G_S / 1e-6, note)
    return crossbar.load_device(path)


#: Those that loaded before: one word before 'gain', in a unit of symbols, and a plural word glued (which the scale
#: check took for a count, 'Megaohms' as 'pulses').
GAIN_BEFORE = {(k, u) for k in ("transimpedance gain", "TIA gain", "preamp gain", "gain")
               for u in ("Ohm", "ohms", "kOhm", "MOhm", "\u03a9")} | {(k, "Megaohms") for k in GAIN_KEYS}
GAINS = [(k, u) for k in GAIN_KEYS for u in GAIN_UNITS]


@pytest.mark.parametrize("key, unit", [g for g in GAINS if g not in GAIN_BEFORE])
def test_a_gain_in_any_unit_of_resistance_after_any_words_ending_in_gain_loads(tmp_path, key, unit):
    """'# amplifier gain 1e6 Ohm' was refused as "holds the scale 'amplifier gain 1e6'", where '# TIA gain 1e6 Ohm'
    loads; a gain in words ('# TIA gain 1e3 kiloohm') was refused everywhere."""
    np.testing.assert_allclose(_gain_loads(tmp_path, key, unit).conductance, G_S, rtol=1e-9)


@pytest.mark.parametrize("key, unit", sorted(GAIN_BEFORE))
def test_guard_a_gain_that_loaded_loads(tmp_path, key, unit):
    """Guard (passes before and after)."""
    np.testing.assert_allclose(_gain_loads(tmp_path, key, unit).conductance, G_S, rtol=1e-9)


@pytest.mark.parametrize("note", ["# amplifier gain 1000", "# amplifier 1e6 Ohm", "# gain x 1e6 Ohm",
                                  "# scale 1e3 kiloohms"])
def test_guard_a_scale_beside_a_gain_word_is_still_refused(tmp_path, note):
    """Guard (passes before and after, but '# scale 1e3 kiloohms', whose plural word was taken for a count, and
    loaded where '# scale 1e3 kOhm' is refused): a gain with no unit, or a number no gain word stands before, may
    be a scale of the values."""
    header, values = ("pulse,R (kOhm)", 1 / G_S / 1e3) if "scale" in note else ("pulse,I (uA) @ 0.1 V", 0.1 * G_S / 1e-6)
    assert "holds the scale" in _refusal(_table(tmp_path, header, values, note))


def test_an_instrument_s_amplifier_gain_key_in_ohms_loads(tmp_path):
    """'Amplifier gain: 1e6 ohms' was refused as a scale of the values (write_pulse_train refused to write it)."""
    device = crossbar.load_device(_instrument(tmp_path, "Amplifier gain", "1e6 ohms"))
    np.testing.assert_allclose(device.conductance, G_S, rtol=1e-6)


# --- U3/U4: '# values in' notes -----------------------------------------------------------------------------------

OTHER = {"conductance": ("G (nS)", 1e-9), "resistance": ("R (Ohm)", 1.0), "current": ("I (pA) @ 0.1 V", 1e-12)}
CANON = {("conductance", 1e-6): "uS", ("conductance", 1e-9): "nS", ("conductance", 1e-3): "mS",
         ("conductance", 1.0): "S", ("resistance", 1e3): "kOhm", ("resistance", 1e6): "MOhm",
         ("current", 1e-9): "nA", ("current", 1e-6): "uA", ("current", 1e-3): "mA", ("current", 1.0): "A"}
#: The words a note's refusal named otherwise ('micro-siemens' as 'siemens' or 'micro'), or a note did not read: the
#: others were read in notes before, and are guards below.
MISNAMED = ["micro-siemens", "micro siemens", "nano-mhos", "kilo-ohm", "kilo ohms", "mega-ohms", "nano-amps",
            "micro ampere"]


def _note_over_another(tmp_path, word):
    quantity, own = WORDS[word]
    header, factor = OTHER[quantity] if OTHER[quantity][1] != own else ("G (uS)", 1e-6)
    return _refusal(_table(tmp_path, f"pulse,{header}", _values(quantity, factor), f"# values in {word}"))


def _note_over_none(tmp_path, word):
    quantity, factor = WORDS[word]
    path = _table(tmp_path, f"pulse,{SYMBOL[quantity]}", _values(quantity, factor), f"# values in {word}")
    return _refusal(path, **({"read_voltage": 0.1} if quantity == "current" else {}))


def _note_over_its_own(tmp_path, word):
    quantity, factor = WORDS[word]
    header = _column(quantity, CANON[(quantity, factor)])
    return crossbar.load_device(_table(tmp_path, f"pulse,{header}", _values(quantity, factor), f"# values in {word}"))


@pytest.mark.parametrize("word", MISNAMED + ["Amperes", "amperes"])
def test_a_note_naming_another_unit_than_the_header_names_it_as_written(tmp_path, word):
    """'# values in micro-siemens' over 'G (nS)' was refused as naming the unit 'siemens' ('Amperes' over 'I (pA)'
    loaded: the note named no unit that was read)."""
    message = _note_over_another(tmp_path, word)
    assert f"the note 'values in {word}' names the unit {word!r} and the header's column" in message, message


@pytest.mark.parametrize("word", MISNAMED + ["MICRO-SIEMENS"])
def test_a_note_naming_a_unit_over_a_header_naming_none_names_it_as_written(tmp_path, word):
    """'# values in micro-siemens' over 'pulse,G' was refused as naming the unit 'micro'."""
    message = _note_over_none(tmp_path, word)
    assert f"the note 'values in {word}' names the unit {word!r} but no column's name gives a unit" in message, message


@pytest.mark.parametrize("word", ["micro siemens", "kilo ohms"])
def test_a_note_naming_the_header_s_unit_in_words_with_a_space_loads(tmp_path, word):
    """Over 'G (uS)', '# values in micro siemens' was refused as naming 'siemens' (glued and hyphenated words
    loaded)."""
    np.testing.assert_allclose(_note_over_its_own(tmp_path, word).conductance, G_S, rtol=1e-9)


@pytest.mark.parametrize("word", [w for w in WORDS if w not in MISNAMED + ["Amperes", "amperes"]])
def test_guard_a_note_naming_another_unit_in_words_was_and_is_refused_naming_it(tmp_path, word):
    """Guard (passes before and after): glued words were read in notes."""
    assert f"the note 'values in {word}' names the unit {word!r}" in _note_over_another(tmp_path, word)


@pytest.mark.parametrize("word", [w for w in WORDS if w not in MISNAMED + ["MICRO-SIEMENS"] and WORDS[w][1] != 1.0])
def test_guard_a_note_naming_a_unit_in_words_over_a_header_naming_none_was_and_is_refused(tmp_path, word):
    """Guard (passes before and after)."""
    assert f"the note 'values in {word}' names the unit {word!r} but no" in _note_over_none(tmp_path, word)


@pytest.mark.parametrize("word", [w for w in WORDS if (WORDS[w][0], WORDS[w][1]) in CANON and w not in (
    "micro siemens", "kilo ohms")])
def test_guard_a_note_naming_the_header_s_unit_in_words_loads(tmp_path, word):
    """Guard (passes before and after)."""
    np.testing.assert_allclose(_note_over_its_own(tmp_path, word).conductance, G_S, rtol=1e-9)


# --- U4: offsets headers ------------------------------------------------------------------------------------------

OFFSETS = np.array([[1e-8, 2e-8, 3e-8, 4e-8], [5e-8, 6e-8, 7e-8, 8e-8]])
CONDUCTANCE_WORDS = [w for w, (q, _) in WORDS.items() if q == "conductance" and w != "Siemens"]  # 'Siemens' was read
OFFSET_FORMS = {"brackets": "G{s}{n} ({u})", "in": "G{s}{n} in {u}", "underscore": "G{s}{n}_{u}",
                "square": "G{s}{n} [{u}]"}


@pytest.mark.parametrize("sep", [",", " "])
@pytest.mark.parametrize("form", OFFSET_FORMS)
@pytest.mark.parametrize("word", CONDUCTANCE_WORDS)
def test_an_offsets_header_reads_a_unit_in_words(tmp_path, word, form, sep):
    """'G+1 (microsiemens)' was refused as "unknown unit 'microsiemens'" (the same in every form)."""
    if form == "underscore" and " " in word:
        pytest.skip("a unit after '_' is one word")
    factor = WORDS[word][1]
    names = [OFFSET_FORMS[form].format(s=s, n=n, u=word) for n in (1, 2) for s in "+-"]
    path = tmp_path / "shifts.csv"
    path.write_text(sep.join(names) + "\n" + "".join(
        sep.join(f"{OFFSETS[j % 2, i] / factor:.12g}" for j in range(4)) + "\n" for i in range(4)), encoding="utf-8")
    got = read_offset_matrix(path, (4, 4))
    got = np.asarray(got[0] if isinstance(got, tuple) else got, float)
    np.testing.assert_allclose(got, [[OFFSETS[j % 2, i] for j in range(4)] for i in range(4)], rtol=1e-9)


@pytest.mark.parametrize("word", ["kiloohm", "nanoamps"])
def test_an_offsets_header_in_words_of_another_quantity_is_refused_naming_it(tmp_path, word):
    """'G+1 (kiloohm)' was "unknown unit"; it is a resistance unit, refused as 'G+1 (kOhm)' is."""
    path = tmp_path / "shifts.csv"
    path.write_text(",".join(f"G{s}{n} ({word})" for n in (1, 2) for s in "+-") + "\n" + "1,2,3,4\n" * 4)
    with pytest.raises(OffsetFileError, match=re.escape(f"{word!r} is a {WORDS[word][0]} unit; expected conductances")):
        read_offset_matrix(path, (4, 4))


# --- the command line ---------------------------------------------------------------------------------------------

def test_the_command_line_reads_a_unit_in_words_and_refuses_a_disagreeing_key_in_one_line(tmp_path, capsys):
    path = _table(tmp_path, "pulse,R (kilo-ohms)", 1 / G_S / 1e3)
    assert main(["device", "--device", str(path)]) == 0
    assert "resistances in kilo-ohms" in capsys.readouterr().out
    assert main(["device", "--device", str(_instrument(tmp_path, "Units", "kiloohm"))]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("crossbar: error: ") and "names the unit 'kiloohm'" in err, err
