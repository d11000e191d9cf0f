"""A tab table whose rows each end in a tab (probe 29c, C29-3).

A comma or semicolon table whose rows each end in its delimiter is refused naming it (probe 23a, D23-3); the tab
table so written was read as whitespace-separated: loaded without a word, and with a cycle cut short (its empty
cells between tabs) refused as "a table separated by spaces, which cannot leave a cell empty".
"""

from __future__ import annotations

import math

import pytest

from crossbar.devices import parse_device
from crossbar.devices import DeviceFileError

G = [round(1 + 0.9 * (1 - math.exp(-k / 5)), 6) for k in range(30)]
TAIL = ("(each ends in a tab: an empty last column); expected no tab after a row's last value: drop it")


def test_a_tab_table_whose_rows_end_in_a_tab_is_refused_naming_the_tab():
    text = "pulse\tG (uS)\n" + "".join(f"{k}\t{g}\t\n" for k, g in enumerate(G))
    with pytest.raises(DeviceFileError) as caught:
        parse_device(text, "t.tsv")
    assert str(caught.value) == ("t.tsv, line 1: the header names 2 tab-separated columns ('pulse\\tG (uS)') but the "
                                 f"rows do not split into them {TAIL}")
    # a semicolon before the last tab is still named, and a whitespace table's last spaces still read
    with pytest.raises(DeviceFileError, match=r"each ends in a ';': an empty last column"):
        parse_device("pulse;G (uS)\n" + "".join(f"{k};{str(g).replace('.', ',')};\t\n" for k, g in enumerate(G)))
    spaced = parse_device("pulse G (uS)\n" + "".join(f"{k} {g}  \n" for k, g in enumerate(G)))
    assert spaced.metadata["delimiter"] == "whitespace" and spaced.conductance[-1] == pytest.approx(G[-1] * 1e-6)


def test_a_cycle_cut_short_in_such_a_table_is_refused_for_the_tab_not_for_spaces():
    rows = [f"{k}\t{g}\t{round(g * 1.01, 6) if k < 25 else ''}\t\n" for k, g in enumerate(G)]
    with pytest.raises(DeviceFileError) as caught:
        parse_device("pulse\tG (uS) cycle 1\tG (uS) cycle 2\n" + "".join(rows), "t.tsv")
    assert str(caught.value).endswith(TAIL) and "spaces" not in str(caught.value)
    plain = parse_device("pulse\tG (uS) cycle 1\tG (uS) cycle 2\n" + "".join(r[:-2] + "\n" for r in rows))
    assert plain.cycles.shape == (2, 30) and plain.metadata["delimiter"] == "tab"  # without the last tabs: read


@pytest.mark.parametrize("end", ["\t\r\n", "\t \n"])
def test_a_trailing_tab_before_spaces_or_a_carriage_return_is_named_too(end):
    with pytest.raises(DeviceFileError, match="each ends in a tab"):
        parse_device("pulse\tG (uS)\n" + "".join(f"{k}\t{g}{end}" for k, g in enumerate(G)))

