"""A sweep's --c2c-form, kept where the sweep keeps its parameters (left open by probe 27c's C27-12 fix).

`sweep --c2c-form` reached every point's manifest but not `sweep.json`, whose base study (the noiseless base of a
`--c2c` axis) left the form out, nor `sweep.csv`: a sweep resumed with another form was refused at its first point as
"a different study", and the table alone could not say which form its rates were of.
"""

from __future__ import annotations

import json

from crossbar import cli
from crossbar.studies.store import load_sweep

AXIS = ["sweep", "--c2c", "0.01,0.02", "--trials", "2", "--max-epochs", "2", "--quiet"]


def test_a_sweep_records_its_c2c_form_and_a_resume_with_another_is_refused_as_the_sweep(tmp_path, capsys):
    out = tmp_path / "sw"
    assert cli.main(AXIS + ["--c2c-form", "bounded", "--out", str(out)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    manifest = json.loads((out / "sweep.json").read_text())
    assert manifest["base"]["nonideal"] == {"c2c_form": "bounded"}
    assert load_sweep(out)["c2c_form"].tolist() == ["bounded", "bounded"]

    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    code = cli.main(AXIS + ["--c2c-form", "proportional", "--out", str(out), "--resume"])
    stdout, err = capsys.readouterr()
    assert code == 2 and stdout == ""
    assert err == (f"crossbar: error: {out}: holds a different sweep (nonideal.c2c_form: 'bounded' there, "
                   "'proportional' now); use --overwrite to replace it or another --out\n"), err
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before  # nothing of it touched

    assert cli.main(AXIS + ["--c2c-form", "bounded", "--out", str(out), "--resume"]) == 0  # its own form resumes
    assert "every point's --c2c in the bounded form" in capsys.readouterr().out


def test_an_additive_sweep_keeps_the_description_and_id_it_had(tmp_path, capsys):
    """The form enters the base's description only where it is not the additive default: sweeps written before
    resume as they were."""
    out = tmp_path / "sa"
    assert cli.main(AXIS + ["--out", str(out)]) == 0, capsys.readouterr().err
    manifest = json.loads((out / "sweep.json").read_text())
    assert "nonideal" not in manifest["base"]
    assert load_sweep(out)["c2c_form"].tolist() == ["additive", "additive"]
