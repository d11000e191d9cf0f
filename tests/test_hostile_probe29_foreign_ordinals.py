"""Probe 29a, D29-7: a wide table's cycles named by an ordinal in German, French, Spanish or Italian ('G (uS) 1.
Zyklus', '1er cycle' / '2e cycle' / '2ème cycle', '1° ciclo', '2º ciclo', '2.º ciclo'), plain or in brackets, were
refused as columns naming no cycle ("this one names none, so it may be a statistic ...") or, bracketed, as "a label
the loader does not read (it reads ... an ordinal ...)", while '1st cycle' and 'Zyklus 1' load. They are read as the
English ordinal is; the mark counts only before a cycle word."""

import numpy as np
import pytest

from crossbar import load_device
from crossbar.devices import DeviceFileError

CYCLES = [[1.0, 1.5, 1.8, 2.0], [1.1, 1.6, 1.9, 2.1], [1.2, 1.7, 2.0, 2.2]]


def _table(tmp_path, names, sep=",", comma=False):
    rows = "".join(sep.join([str(m)] + [f"{c[m]}".replace(".", ",") if comma else f"{c[m]}" for c in CYCLES])
                   + "\n" for m in range(len(CYCLES[0])))
    path = tmp_path / "ordinals.csv"
    path.write_text(sep.join(["pulse"] + names) + "\n" + rows, encoding="utf-8")
    return path


ORDINALS = {  # k -> the k-th cycle's label
    "de": lambda k: f"{k}. Zyklus", "fr": lambda k: f"{k}{'er' if k == 1 else 'e'} cycle",
    "fr_eme": lambda k: f"{k}{'ère' if k == 1 else 'ème'} cycle", "it": lambda k: f"{k}° ciclo",
    "es": lambda k: f"{k}º ciclo", "es_dot": lambda k: f"{k}.º ciclo"}


@pytest.mark.parametrize("language", sorted(ORDINALS))
@pytest.mark.parametrize("form", ["G (uS) {}", "G (uS) ({})", "G (uS) [{}]"])
def test_an_ordinal_in_another_language_names_the_cycle_as_an_english_one_does(tmp_path, language, form):
    names = [form.format(ORDINALS[language](k)) for k in (1, 2, 3)]
    curve = load_device(_table(tmp_path, names))
    english = load_device(_table(tmp_path, [form.format(f"{k}{['st', 'nd', 'rd'][k - 1]} cycle") for k in (1, 2, 3)]))
    np.testing.assert_allclose(curve.cycles, np.array(CYCLES) * 1e-6, rtol=1e-12)
    np.testing.assert_allclose(curve.cycles, english.cycles, rtol=0)


def test_the_ordinals_number_the_cycles_in_any_column_order(tmp_path):
    names = [f"G (uS) {k}. Zyklus" for k in (3, 1, 2)]
    curve = load_device(_table(tmp_path, names))
    plain = load_device(_table(tmp_path, [f"G (uS) Zyklus {k}" for k in (3, 1, 2)]))
    np.testing.assert_allclose(curve.cycles, plain.cycles, rtol=0)


def test_semicolons_and_decimal_commas(tmp_path):
    curve = load_device(_table(tmp_path, [f"G (uS) {k}° ciclo" for k in (1, 2, 3)], sep=";", comma=True))
    np.testing.assert_allclose(curve.cycles, np.array(CYCLES) * 1e-6, rtol=1e-12)


@pytest.mark.parametrize("names", [["G (uS) 1.5 cycle", "G (uS) 2.5 cycle", "G (uS) 3.5 cycle"],
                                   ["G (uS) 1. Messung", "G (uS) 2. Messung", "G (uS) 3. Messung"]])
def test_guard_a_number_before_no_cycle_word_is_no_ordinal(tmp_path, names):
    with pytest.raises(DeviceFileError):
        load_device(_table(tmp_path, names))
