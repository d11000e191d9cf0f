"""`rate_curve` keeps the study's other non-idealities (probe 31c, C31-4: a wrong answer). Each point along c2c was
built as a new Nonidealities(c2c=v): the study's read noise, stuck devices, spreads and noise form were dropped, and
the point at the study's own c2c gave another rate than the study (0.507 against 0.253). A bad value is named as
`values[k]`, where it was named as the knob's field ('Nonidealities.c2c = -1.0') or the offsets' ('hi=-1.0')."""

import numpy as np
import pytest

from crossbar import Nonidealities
from crossbar.studies import Study, rate_curve, run_study

STUDY = Study(trials=40, chunk_size=40, seed=2,
              nonideal=Nonidealities(c2c=0.01, read_noise=0.3, stuck_low=0.2, c2c_form="proportional"))


def test_a_point_at_the_studys_own_c2c_is_the_study():
    curve = rate_curve(STUDY, "c2c", [0.01])
    alone = run_study(STUDY, progress=False).summary()
    assert curve["rate"][0] == alone.rate and curve["epochs_median"][0] == alone.epochs_median


def test_a_point_along_c2c_keeps_every_other_non_ideality():
    curve = rate_curve(STUDY, "c2c", [0.02])
    kept = STUDY.replace(nonideal=Nonidealities(c2c=0.02, read_noise=0.3, stuck_low=0.2, c2c_form="proportional"))
    assert curve["rate"][0] == run_study(kept, progress=False).summary().rate


@pytest.mark.parametrize("knob, values, k", [("c2c", [0.0, -1.0], 1), ("offset_hi", [1e-7, -1.0], 1),
                                             ("c2c", [np.inf], 0)])
def test_a_bad_value_is_named_as_values_k_before_any_study_runs(knob, values, k, monkeypatch):
    from crossbar.studies import rules
    monkeypatch.setattr(rules, "run_study", lambda *a, **kw: pytest.fail("a study ran before the values were checked"))
    with pytest.raises(ValueError, match=rf"^values\[{k}\] = .* for {knob}: "):
        rate_curve(STUDY, knob, values)
