"""The words that name a value column's quantity in German, French, Spanish and Italian ('Leitwert', 'Strom',
'Widerstand', 'courant', 'corriente', 'resistenza' ...) are read by every reader of a column's name as the English
'G', 'I' and 'R' are: they are one list (crossbar.devices.quantity_vocabulary.QUANTITY_WORDS) that each builds on
(probe 31a, D31-4: 82 files of its sets).

Before, the cycle-mark rule kept its own English list: 'Leitwert (uS) #2', '[2]', '(2)', 'Leitwert1 (uS)', 'Strom1',
'courant (uA) #2', 'I_read2' were refused as naming no cycle, "may be a statistic"; 'Strom @ 0.1 V' over a units row
"names a read voltage but not what it holds"; 'Widerstand cycle 1 / MOhm' was taken for TDMS paths of 2 groups; and
'Leitwert (1/kOhm)' for "a scale written in the name", while the English names load."""

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices.columns import value_column
from crossbar.devices.quantity_vocabulary import QUANTITY_WORDS

CYCLES = [[1.0, 1.5, 1.8, 1.9], [1.01, 1.52, 1.79, 1.93], [0.98, 1.49, 1.82, 1.91]]
RESISTANCES = [[1 / g for g in cycle] for cycle in CYCLES]  # falling as the conductance rises
SYMBOL = {"conductance": "G", "current": "I", "resistance": "R"}
UNIT = {"conductance": "uS", "current": "uA", "resistance": "kOhm"}
FOREIGN = {"Leitwert": "conductance", "Konduktanz": "conductance", "conductancia": "conductance",
           "conduttanza": "conductance", "Strom": "current", "Lesestrom": "current", "courant": "current",
           "corriente": "current", "corrente": "current", "Widerstand": "resistance", "r\u00e9sistance": "resistance",
           "resistencia": "resistance", "resistenza": "resistance"}


def test_the_words_are_the_vocabularys():
    assert {w.lower(): q for w, q in FOREIGN.items()}.items() <= QUANTITY_WORDS.items()
# Where a name's quantity word stands beside its unit and cycle: brackets and marks, glued, a units row, TDMS-like
NAMES = ["{q} ({u}) #{k}", "{q} ({u}) [{k}]", "{q} ({u}) ({k})", "{q}{k} ({u})", "{q}_{k} ({u})", "{q} ({u}) c{k}",
         "{q} cycle {k} / {u}", "{q} [{u}] Zyklus {k}"]


def _write(tmp_path, names, quantity, units_row=False, delimiter=",", pulse=True, file="f.csv"):
    cycles = RESISTANCES if quantity == "resistance" else CYCLES
    lines = [delimiter.join((["pulse"] if pulse else []) + names)]
    if units_row:
        lines.append(delimiter.join(([""] if pulse else []) + [UNIT[quantity]] * len(names)))
    lines += [delimiter.join(([str(p)] if pulse else []) + [repr(c[p]) for c in cycles[:len(names)]])
              for p in range(len(cycles[0]))]
    path = tmp_path / file
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _load(path, quantity, **options):
    return load_device(path, read_voltage=0.1, **options) if quantity == "current" else load_device(path, **options)


@pytest.mark.parametrize("word", FOREIGN)
def test_every_reader_of_a_name_reads_the_word_as_its_symbol(tmp_path, word):
    quantity = FOREIGN[word]
    for spelled in (word, word.title(), word.upper()):
        assert value_column(spelled).quantity == quantity, spelled
        assert value_column(f"{spelled}2").quantity == quantity, spelled
    for name in NAMES:
        for pulse, delimiter in ((True, ","), (False, ";")):  # ';' and no pulse column: TDMS's paths were looked for
            def names(q):
                return [name.format(q=q, u=UNIT[quantity], k=k + 1) for k in range(3)]
            read = _load(_write(tmp_path, names(word.title()), quantity, delimiter=delimiter, pulse=pulse), quantity)
            english = _load(_write(tmp_path, names(SYMBOL[quantity]), quantity, delimiter=delimiter, pulse=pulse,
                                   file="e.csv"), quantity)
            np.testing.assert_array_equal(read.conductance, english.conductance, err_msg=name)
            np.testing.assert_array_equal(read.cycles, english.cycles, err_msg=name)


@pytest.mark.parametrize("word", FOREIGN)
def test_a_units_row_gives_the_words_columns_their_unit(tmp_path, word):
    quantity = FOREIGN[word]
    for name in ("{q}{k}", "{q} cycle {k}", "{q} c{k}"):
        for pulse in (True, False):
            def names(q):
                return [name.format(q=q, k=k + 1) for k in range(3)]
            read = _load(_write(tmp_path, names(word), quantity, units_row=True, pulse=pulse), quantity)
            english = _load(_write(tmp_path, names(SYMBOL[quantity]), quantity, units_row=True, pulse=pulse,
                                   file="e.csv"), quantity)
            np.testing.assert_array_equal(read.cycles, english.cycles, err_msg=name)


@pytest.mark.parametrize("word", [w for w in FOREIGN if FOREIGN[w] == "current"])
def test_a_read_voltage_after_the_word_is_the_columns(tmp_path, word):
    """'Strom @ 0.1 V' over a units row 'uA' was "names a read voltage but not what it holds"."""
    for names in ([f"{word} @ 0.1 V"], [f"{word} cycle {k + 1} @ 0.1 V" for k in range(3)]):
        device = load_device(_write(tmp_path, names, "current", units_row=True))
        expected = np.array(CYCLES[:len(names)]) * 1e-6 / 0.1
        np.testing.assert_allclose(device.conductance, np.median(expected, axis=0), rtol=1e-12)


@pytest.mark.parametrize("word", [w for w in FOREIGN if FOREIGN[w] == "conductance"])
def test_a_quotient_unit_after_the_word_is_no_scale(tmp_path, word):
    """'Leitwert (1/kOhm)' was refused as "'1/kOhm)' is a scale written in the name" where 'G (1/kOhm)' loads."""
    for name in (f"{word} (1/kOhm)", f"{word} [1/MOhm]"):
        device = load_device(_write(tmp_path, [name], "conductance"))
        factor = 1e-3 if "kOhm" in name else 1e-6
        np.testing.assert_allclose(device.conductance, np.array(CYCLES[0]) * factor, rtol=1e-12)


def test_the_words_parts_of_a_read_currents_name_take_a_glued_cycle_number(tmp_path):
    """'I_read1 (uA),I_read2 (uA)' was refused as naming no cycle, where 'Iread1 (uA)' loads."""
    for stem in ("I_read{} (uA)", "Iread{} (uA)", "I read {} (uA)"):
        names = [stem.format(k + 1) for k in range(3)]
        device = load_device(_write(tmp_path, names, "current"), read_voltage=0.1)
        np.testing.assert_allclose(device.cycles, np.array(CYCLES) * 1e-6 / 0.1, rtol=1e-12)


@pytest.mark.parametrize("name", ["Leitwertdauer (uS) #2", "Stromkreis (uA) #2", "Widerstandsklasse (kOhm) #2"])
def test_a_word_that_only_begins_with_a_quantity_word_names_no_cycle_alone(tmp_path, name):
    """Only the words themselves are the quantity's: a longer word before '#2' is a label, refused beside a cycle."""
    quantity = {"L": "conductance", "S": "current", "W": "resistance"}[name[0]]
    path = _write(tmp_path, [name.replace("#2", "#1"), name], quantity)
    with pytest.raises(Exception, match="names none|differ by more than the cycle|may be a statistic"):
        _load(path, quantity)


@pytest.mark.parametrize("name", ["Leitwertnorm (uS)", "Leitwert/Leitwert0", "Strom/Strom_max (uA)",
                                  "Widerstandnorm (kOhm)"])
def test_a_word_normalised_as_the_english_is_refused(name):
    """'Gnorm (uS)' and 'G/G0' are refused as normalised values; 'Leitwertnorm (uS)' loaded as microsiemens."""
    with pytest.raises(ValueError, match="normalised values"):
        value_column(name)
