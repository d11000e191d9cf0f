"""A preset's name padded with spaces ('--device " ag-si"', as shell quoting leaves it) beside a file of that name is
refused as the bare name is, naming ./NAME for the file and preset:NAME for the preset (probe 31c, C31-11): the padding
slipped past the check and silently trained the preset, the choice the check exists to prevent."""

import pytest

from crossbar.cli import main


@pytest.mark.parametrize("command", [["device"], ["train"], ["montecarlo", "--trials", "2"],
                                     ["sweep", "--trials", "2", "--beta", "6e7,7e7"]])
@pytest.mark.parametrize("given", ["ag-si", " ag-si", "ag-si ", "\tag-si"])
def test_a_padded_preset_name_beside_its_file_is_refused(tmp_path, monkeypatch, capsys, command, given):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ag-si").write_text("pulse,G (uS)\n0,1.0\n1,1.5\n2,1.8\n", encoding="utf-8")
    assert main([*command, "--device", given]) == 2
    err = capsys.readouterr().err
    assert err == (f"crossbar: error: argument --device: {given!r} is both a device preset and a file in the current "
                   "folder; give --device ./ag-si for the file or --device preset:ag-si for the preset\n"), err
