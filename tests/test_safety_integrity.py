"""The integrity layer on safety data: rules name known factors, make sense, and red flags are complete."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import hipknowledge as hk

from .paths import MINI

Broken = Callable[[dict[str, str | None]], Path]

PRESS = (MINI / "techniques" / "tech-press.yaml").read_text(encoding="utf-8")
GROIN = (MINI / "conditions" / "cond-groin.yaml").read_text(encoding="utf-8")
FIRST_RULE = """- factor: fac-clot
  severity: absolute
  scope: whole
  action: avoid
"""


def problems(root: Path) -> list[hk.Problem]:
    with pytest.raises(hk.ContentError) as caught:
        hk.KnowledgeBase.from_directory(root)
    return list(caught.value.problems)


def with_first_rule(rule: str) -> str:
    assert FIRST_RULE in PRESS
    return PRESS.replace(FIRST_RULE, rule)


def test_a_rule_naming_an_unknown_factor_is_refused_with_a_suggestion(broken: Broken) -> None:
    root = broken({"techniques/tech-press.yaml": with_first_rule(FIRST_RULE.replace("fac-clot", "fac-clott"))})
    [problem] = problems(root)
    assert (problem.code, problem.field) == ("unknown-ref", "contraindications[0].factor")
    assert "fac-clot" in problem.expected


@pytest.mark.parametrize(
    ("severity", "scope", "action", "field", "code"),
    [
        ("absolute", "whole", "modify", "action", "rule-action-mismatch"),  # an absolute rule is not "modified"
        ("local", "over-the-area", "clearance", "action", "rule-action-mismatch"),
        ("relative", "deep-pressure", "avoid", "action", "rule-action-mismatch"),
        ("absolute", "deep-pressure", "avoid", "scope", "rule-scope-mismatch"),  # absolute is about the whole
        ("local", "whole", "avoid", "scope", "rule-scope-mismatch"),  # local is about one site
    ],
)
def test_a_severity_action_or_scope_that_makes_no_sense_is_refused(  # noqa: PLR0917 - one case per row
    broken: Broken, severity: str, scope: str, action: str, field: str, code: str
) -> None:
    change = "  change: Less.\n" if action == "modify" else ""
    rule = f"- factor: fac-clot\n  severity: {severity}\n  scope: {scope}\n  action: {action}\n{change}"
    found = problems(broken({"techniques/tech-press.yaml": with_first_rule(rule)}))
    assert (found[0].code, found[0].field) == (code, f"contraindications[0].{field}")


def test_a_modify_rule_must_say_what_to_change(broken: Broken) -> None:
    rule = "- factor: fac-clot\n  severity: relative\n  scope: load\n  action: modify\n"
    [problem] = problems(broken({"techniques/tech-press.yaml": with_first_rule(rule)}))
    assert problem.field == "contraindications[0]"
    assert "change" in problem.expected


def test_a_rule_names_a_factor_or_a_condition_not_both(broken: Broken) -> None:
    rule = FIRST_RULE.replace("- factor: fac-clot\n", "- factor: fac-clot\n  condition: cond-groin\n")
    [problem] = problems(broken({"techniques/tech-press.yaml": with_first_rule(rule)}))
    assert "exactly one of factor or condition" in problem.expected


def test_a_red_flag_without_urgency_is_refused(broken: Broken) -> None:
    text = GROIN.replace("  urgency: same-day\n", "", 1)
    [problem] = problems(broken({"conditions/cond-groin.yaml": text}))
    assert (problem.code, problem.field) == ("missing", "red_flags[0].urgency")


def test_every_red_flag_category_must_be_reviewed(broken: Broken) -> None:
    text = GROIN.replace("- category: paediatric\n  reason: Not in the fixture.\n", "", 1)
    [problem] = problems(broken({"conditions/cond-groin.yaml": text}))
    assert (problem.code, problem.value) == ("red-flag-review", "paediatric")


def test_a_category_cannot_be_both_flagged_and_not_applicable(broken: Broken) -> None:
    text = GROIN.replace("- category: fracture\n", "- category: infection\n", 1)
    found = problems(broken({"conditions/cond-groin.yaml": text}))
    assert {p.code for p in found} == {"red-flag-review"}
    assert {p.value for p in found} == {"infection", "fracture"}


def test_a_factor_rule_with_a_window_must_be_positive(broken: Broken) -> None:
    found = problems(broken({"techniques/tech-press.yaml": PRESS.replace("within_days: 42", "within_days: 0")}))
    assert [(p.field, p.code) for p in found] == [("contraindications[2].within_days", "greater_than_equal")]
