"""The screener, on the fixture: verdicts from rules, the strictest wins, windows, red flags, errors, the CLI."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hipknowledge as hk
from hipknowledge.cli import main
from hipknowledge.models import Rule

from .paths import MINI

Broken = Callable[[dict[str, str | None]], Path]


def verdicts(answer: hk.Screening) -> dict[str, str]:
    return {r.intervention.id: r.verdict.value for r in answer.results}


def test_each_rule_gives_its_verdict(mini: hk.KnowledgeBase) -> None:
    assert verdicts(mini.screen(["fac-clot"])) == {
        "tech-press": "avoid",  # absolute avoid
        "tech-roll": "ok",
        "ex-bridge": "ok",
        "ex-lunge-stretch": "ok",
        "ex-side-raise": "ok",
    }
    thin = mini.screen(["fac-thin"])
    assert verdicts(thin)["tech-press"] == "modify"  # relative modify
    assert verdicts(thin)["tech-roll"] == "modify"  # local avoid: do it, not over the area
    surgery = mini.screen(["fac-surgery"])
    assert verdicts(surgery)["tech-press"] == "clearance"
    assert verdicts(surgery)["ex-bridge"] == "modify"


def test_the_strictest_finding_decides(mini: hk.KnowledgeBase) -> None:
    answer = mini.screen(["fac-thin", "fac-clot"])
    press = next(r for r in answer.results if r.intervention.id == "tech-press")
    assert press.verdict is hk.Verdict.AVOID
    assert {f.subject for f in press.reasons} == {"fac-thin", "fac-clot"}
    assert {f.verdict for f in press.reasons} == {hk.Verdict.AVOID, hk.Verdict.MODIFY}


def test_conditions_fire_their_rules_and_their_care_stances(mini: hk.KnowledgeBase) -> None:
    answer = mini.screen(conditions=["cond-groin"])
    roll = next(r for r in answer.results if r.intervention.id == "tech-roll")
    assert roll.verdict is hk.Verdict.CLEARANCE
    kinds = {(f.subject, f.rule is not None, f.care_option is not None) for f in roll.reasons}
    assert kinds == {("cond-groin", True, False), ("cond-groin", False, True)}  # its rule, and its caution stance
    assert [flag.condition for flag in answer.red_flags] == ["cond-groin"]
    assert answer.red_flags[0].red_flag.urgency is hk.Urgency.SAME_DAY


def test_a_window_is_honoured_when_the_start_is_given(mini: hk.KnowledgeBase) -> None:
    today = datetime.date(2026, 12, 1)
    inside = mini.screen(["fac-surgery"], since={"fac-surgery": 30}, today=today)
    assert verdicts(inside)["tech-press"] == "clearance"
    outside = mini.screen(["fac-surgery"], since={"fac-surgery": datetime.date(2026, 1, 1)}, today=today)
    assert verdicts(outside)["tech-press"] == "ok"
    press = next(r for r in outside.results if r.intervention.id == "tech-press")
    assert [f.subject for f in press.outside_window] == ["fac-surgery"]
    # The exercise rule's window (90 days) is longer than the technique's (42): at 60 days only it fires.
    sixty = verdicts(mini.screen(["fac-surgery"], since={"fac-surgery": 60}, today=today))
    assert (sixty["tech-press"], sixty["ex-bridge"]) == ("ok", "modify")


def test_without_a_start_a_windowed_rule_fires(mini: hk.KnowledgeBase) -> None:
    assert verdicts(mini.screen(["fac-surgery"]))["tech-press"] == "clearance"


def test_only_the_named_interventions_are_screened(mini: hk.KnowledgeBase) -> None:
    answer = mini.screen(["fac-thin"], interventions=["tech-roll", "ex-bridge"])
    assert [r.intervention.id for r in answer.results] == ["tech-roll", "ex-bridge"]


def test_unknown_ids_raise_with_suggestions(mini: hk.KnowledgeBase) -> None:
    with pytest.raises(hk.UnknownIdError) as caught:
        mini.screen(["fac-thinn"])
    assert caught.value.suggestions[0] == "fac-thin"
    with pytest.raises(hk.UnknownIdError, match="no condition"):
        mini.screen(conditions=["tech-roll"])
    with pytest.raises(hk.UnknownIdError, match="technique or exercise"):
        mini.screen(["fac-thin"], interventions=["alpha-flexor"])
    with pytest.raises(hk.InvalidArgumentError, match="list of IDs"):
        mini.screen("fac-thin")


def test_the_answer_dumps_to_json_with_the_notice(mini: hk.KnowledgeBase) -> None:
    data = json.loads(mini.screen(["fac-thin"], ["cond-groin"]).model_dump_json())
    assert data["notice"] == hk.NOTICE
    assert {r["verdict"] for r in data["results"]} <= {v.value for v in hk.Verdict}
    assert data["results"][0]["intervention"]["record_kind"] in {"technique", "exercise"}


def strictness(answer: hk.Screening) -> dict[str, int]:
    return {r.intervention.id: r.verdict.strictness for r in answer.results}


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_naming_one_more_factor_never_makes_a_verdict_less_strict(data: st.DataObject) -> None:
    kb = hk.load()
    factors = sorted(kb.factors)
    conditions = sorted(kb.conditions)
    named = data.draw(st.lists(st.sampled_from(factors), unique=True, max_size=4), label="factors")
    having = data.draw(st.lists(st.sampled_from(conditions), unique=True, max_size=2), label="conditions")
    extra = data.draw(st.sampled_from(factors), label="one more")
    before = strictness(kb.screen(named, having))
    after = strictness(kb.screen([*named, extra], having))
    assert all(after[i] >= before[i] for i in before)


def test_rule_text_is_rendered_from_the_structure() -> None:
    rule = Rule(
        factor="pregnancy",
        severity="local",
        scope="abdominal-work",
        action="avoid",
        within_days=None,
        reason="Pressure on the belly is not advised in pregnancy.",
        sources=("s",),
    )
    assert (
        rule.text("Pregnancy") == "Pregnancy: avoid abdominal work. Pressure on the belly is not advised in pregnancy."
    )


def test_the_screen_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", "--factor", "fac-thin", "--condition", "cond-groin", "--data", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert "CLEARANCE (1)" in out
    assert "Fever with a hot, painful hip. [same-day; may point to an infected joint]" in out
    assert hk.NOTICE in out
    assert main(["screen", "--factor", "fac-surgery", "--since", "fac-surgery=100", "--json", "--data", str(MINI)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {r["verdict"] for r in data["results"]} == {"ok"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "at least one --factor or --condition"),
        (["--factor", "fac-surgery", "--since", "fac-surgery"], "FACTOR=DATE"),
        (["--factor", "fac-surgery", "--since", "fac-surgery=yesterday"], "expected a date"),
        (["--factor", "fac-surgery", "--today", "soon"], "expected a date"),
    ],
)
def test_the_screen_command_refuses_bad_arguments(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["screen", *argv, "--data", str(MINI)]) == 2
    assert message in capsys.readouterr().err
