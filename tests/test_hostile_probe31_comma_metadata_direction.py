"""Metadata rows above a decimal-comma table whose first column is a direction or operation column, with no pulse
column: the header under the metadata is found (probe 31a, D31-8: 7 files). The first row under a direction's name
may open with an empty cell ('+' or SET's initial state); its numbers, '1,00' with a decimal comma, were not taken for
numbers, so no header was found there and line 1 ('Sample;SP12') was taken for it: "column 'SP12': expected a number,
found 'Mueller'". The same file with decimal points loaded."""

import numpy as np
import pytest

from crossbar import load_device

READS = [("", "1.00"), ("+", "1.52"), ("+", "1.80"), ("-", "1.41"), ("-", "1.12")]


@pytest.mark.parametrize("delimiter", [";", "\t"])
@pytest.mark.parametrize("column, words", [("direction", {"+": "+", "-": "-"}),
                                           ("operation", {"+": "SET", "-": "RESET"})])
def test_a_decimal_comma_table_under_metadata_reads_as_its_decimal_point_twin(tmp_path, delimiter, column, words):
    def table(comma):
        rows = "".join(f"{words.get(d, d)}{delimiter}{g.replace('.', ',') if comma else g}\n" for d, g in READS)
        return f"Sample{delimiter}SP12\nOperator{delimiter}Mueller\n\n{column}{delimiter}G (uS)\n{rows}"
    (tmp_path / "comma.csv").write_text(table(True), encoding="utf-8")
    (tmp_path / "point.csv").write_text(table(False), encoding="utf-8")
    comma, point = load_device(tmp_path / "comma.csv"), load_device(tmp_path / "point.csv")
    np.testing.assert_array_equal(comma.conductance, point.conductance)
    np.testing.assert_array_equal(comma.depression, point.depression)
    np.testing.assert_allclose(comma.depression, [1.80e-6, 1.41e-6, 1.12e-6], rtol=1e-12)
    assert comma.metadata["notes"] == ["Sample: SP12", "Operator: Mueller"] == point.metadata["notes"]
