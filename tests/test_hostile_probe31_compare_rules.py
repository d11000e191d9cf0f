"""`compare_rules` takes changes of the training setting only (probe 31c, C31-16: a wrong answer). Any Study field
was applied: a rule {'seed': 9} trained other crossbars and was judged against the first rule's bound
('infeasible_trained' 11: crossbars proved to have no solution "trained"); {'trials': 5} failed after every study ran,
"feasible has shape (30,); the study has 5 trials", naming no argument."""

import pytest

from crossbar.studies import Study, compare_rules


@pytest.mark.parametrize("changes", [{"seed": 9}, {"trials": 5}, {"rule": "gated", "offsets": None},
                                     {"chunk_size": 2}, {"nonideal": None}])
def test_a_change_of_another_field_than_the_settings_is_refused_before_any_study_runs(changes, monkeypatch):
    from crossbar.studies import rules
    monkeypatch.setattr(rules, "run_study", lambda *a, **kw: pytest.fail("a study ran before the rules were checked"))
    key = next(k for k in changes if k != "rule")
    with pytest.raises(ValueError, match=rf"^rules\['odd'\]: '{key}' is no field of the training setting; expected "
                                         r"changes of beta, .*rule"):
        compare_rules(Study(trials=4), {"batch": {"rule": "batch"}, "odd": changes})


def test_setting_changes_still_compare_the_same_crossbars():
    out = compare_rules(Study(trials=8, chunk_size=8, seed=1), {"batch": {"rule": "batch"},
                                                                  "gated": {"rule": "gated", "max_epochs": 50}})
    assert set(out["rows"]) == {"batch", "gated"} and out["bound"]["trials"] == 8
    assert (out["results"]["batch"].offsets == out["results"]["gated"].offsets).all()
