"""The short name 'focused' joins modifiers as a rule's parts do (probe 31c, C31-10): 'focused+two-way' (the README's
focused rule with SET/RESET pulses) was "unknown part 'focused'; expected one of batch, online, optionally with
+gated, ..." though --rule focused was accepted, and the list never named it. It is written out as the parts of its
rule that the others do not name; a refusal lists the short names too."""

import re

import pytest

from crossbar import TrainingSetting
from crossbar.cli import main
from crossbar.training.setting import parse_rule


@pytest.mark.parametrize("given, rule", [
    ("focused+two-way", "batch+gated+two-way+refresh+focus=0.7"),
    ("two-way + focused", "batch+gated+two-way+refresh+focus=0.7"),
    ("focused+focus=0.5", "batch+gated+refresh+focus=0.5"),
    ("focused+gated", "batch+gated+refresh+focus=0.7"),
])
def test_focused_joins_modifiers(given, rule):
    assert parse_rule(given) == rule == TrainingSetting(rule=given).rule


@pytest.mark.parametrize("given, said", [("focused+focused", "'focused' is given more than once"),
                                         ("focused+online", "more than one base rule"),
                                         ("focusd+gated", "unknown part 'focusd'")])
def test_what_cannot_join_is_refused_naming_the_short_names(given, said):
    with pytest.raises(ValueError, match=f"^rule {re.escape(repr(given))}: {said}") as caught:
        parse_rule(given)
    assert "more than once" in said or str(caught.value).endswith(
        "(or a short name: batch, gated, online, two-way, refresh, focused)")


def test_the_command_line_trains_focused_with_two_way_pulses(capsys):
    assert main(["train", "--device", "preset:ag-si", "--rule", "focused+two-way", "--max-epochs", "3", "--json"]) == 0
    assert '"rule": "batch+gated+two-way+refresh+focus=0.7"' in capsys.readouterr().out
