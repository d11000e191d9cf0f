"""The words that name a cycle are one list (crossbar.devices.cycle_words.CYCLE_NAMES): every reader of a cycle's label
reads each of them, a block's key, a block's note, a value column's name and a label spelled in words alike, so that
a word added to the list is read everywhere and a reader cannot drift from the others. The German, Spanish and Italian
words are one pattern (crossbar.devices.cycle_vocabulary.FOREIGN_CYCLE), German compounds of 'Zyklus' included."""

import pytest

from crossbar.devices.cycle_marks import cycle_mark
from crossbar.devices.cycle_names import block_key_number, block_note_number
from crossbar.devices.cycle_vocabulary import FOREIGN_CYCLE
from crossbar.devices.cycle_words import CYCLE_NAMES, CYCLE_WORD, cycle_words, spelled_labels


@pytest.mark.parametrize("word", CYCLE_NAMES + ("zyklus", "ciclo", "Messzyklus", "Schaltzyklus"))
def test_every_reader_reads_every_cycle_word(word):
    for spelled in (word, word.upper(), word.title()):
        assert block_key_number(spelled, "3") == 3, spelled
        assert block_note_number(f"{spelled} 3") == 3, spelled
        assert cycle_mark(f"G (uS) {spelled} 3").number == 3, spelled
        assert cycle_mark(f"G_{spelled}7").number == 7, spelled
        assert CYCLE_WORD.match(spelled), spelled
        assert spelled_labels(f"G (uS) {spelled} three"), spelled


def test_plurals_are_read_where_a_reader_takes_them_and_keys_are_singular():
    assert CYCLE_WORD.match("cycles") and CYCLE_WORD.match("passes") and CYCLE_WORD.match("Runs")
    assert not CYCLE_WORD.match("cycs") and not CYCLE_WORD.match("zykluss")
    assert block_key_number("Cycle", "2") == 2
    assert block_key_number("Cycles", "2") is None  # 'Cycles: 2' is how many, not which


def test_a_word_that_begins_another_comes_after_it():
    """'cyc' before 'cycle' would read 'cycle3' as 'cyc' and a label 'le3'; the alternation is longest first."""
    alternation = cycle_words("c", "cy")
    assert alternation.startswith(FOREIGN_CYCLE + "|")  # one group, the longest pattern: tried first
    words = alternation.removeprefix(FOREIGN_CYCLE + "|").split("|")
    assert [len(w) for w in words] == sorted(map(len, words), reverse=True)
    assert words.index("cycles?") < words.index("cyc") < words.index("cy") < words.index("c")
    assert words.index("repetitions?") < words.index("reps?")
