"""Prescription: structured doses, ordered ladders, coverage, the routine builder and the FHIR export."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import hipknowledge as hk
from hipknowledge.cli import main
from hipknowledge.export import activity_definition, dose_from_extension, plan_definition, render
from hipknowledge.models import Dose, Span

from .paths import MINI

Broken = Callable[[dict[str, str | None]], Path]
BRIDGE = (MINI / "exercises" / "ex-bridge.yaml").read_text(encoding="utf-8")
RAISE = (MINI / "exercises" / "ex-side-raise.yaml").read_text(encoding="utf-8")
KINDS = (hk.ExerciseType.STRENGTHENING, hk.ExerciseType.STRETCH)


def problems(root: Path) -> list[hk.Problem]:
    with pytest.raises(hk.ContentError) as caught:
        hk.KnowledgeBase.from_directory(root)
    return list(caught.value.problems)


# --------------------------------------------------------------------------- the dose


def test_a_span_is_one_number_or_a_range() -> None:
    assert Span.model_validate(10) == Span(min=10, max=10)
    assert Span.model_validate({"min": 8, "max": 12}).text() == "8 to 12"
    with pytest.raises(ValidationError, match="max is at least min"):
        Span.model_validate({"min": 12, "max": 8})


def test_a_dose_says_how_much_and_renders_its_sentence(mini: hk.KnowledgeBase) -> None:
    dose = mini.exercises["ex-bridge"].dose
    assert dose.text().startswith("1 to 2 sets of 10 repetitions on each side, 3 days a week.")
    assert "3/10" in dose.text()
    stretch = mini.exercises["ex-lunge-stretch"].dose
    assert "30-second hold each" in stretch.text()
    with pytest.raises(ValidationError, match="repetitions, hold_seconds or duration_minutes"):
        Dose.model_validate(
            {"sets": 1, "sessions_per_week": 3, "per_side": False, "load": "body-weight",
             "pain": {"during_max": 3, "settled_by": "next-morning"}}
        )  # fmt: skip


def test_every_shipped_exercise_has_a_complete_dose(kb: hk.KnowledgeBase) -> None:
    for exercise in kb.exercises.values():
        dose = exercise.dose
        assert dose.repetitions or dose.hold_seconds or dose.duration_minutes, exercise.id
        assert dose.sessions_per_week.max <= 7, exercise.id
        assert 0 <= dose.pain.during_max <= 5, exercise.id
        assert dose.text().endswith((".", ")")), exercise.id
        if exercise.exercise_type is hk.ExerciseType.STRENGTHENING:
            assert exercise.contraction is not None, exercise.id


# --------------------------------------------------------------------------- ladders


def test_a_ladder_step_to_another_family_must_say_so(broken: Broken) -> None:
    bridge = BRIDGE + "harder:\n- exercise: ex-side-raise\n  when: Easy.\n"
    side = RAISE + "easier:\n- exercise: ex-bridge\n  when: Hard.\n"
    found = problems(broken({"exercises/ex-bridge.yaml": bridge, "exercises/ex-side-raise.yaml": side}))
    assert {(p.code, Path(p.file).name) for p in found} == {
        ("ladder-family", "ex-bridge.yaml"),
        ("ladder-family", "ex-side-raise.yaml"),
    }
    said = bridge.replace("  when: Easy.\n", "  when: Easy.\n  changes_family: true\n")
    said_too = side.replace("  when: Hard.\n", "  when: Hard.\n  changes_family: true\n")
    assert hk.KnowledgeBase.from_directory(
        broken({"exercises/ex-bridge.yaml": said, "exercises/ex-side-raise.yaml": said_too})
    )


def test_a_ladder_is_written_on_both_rungs(broken: Broken) -> None:
    bridge = BRIDGE + "harder:\n- exercise: ex-side-raise\n  when: Easy.\n  changes_family: true\n"
    [problem] = problems(broken({"exercises/ex-bridge.yaml": bridge}))
    assert (problem.code, problem.field) == ("ladder-one-sided", "harder[0].exercise")


def test_a_ladder_never_loops(broken: Broken) -> None:
    bridge = BRIDGE + (
        "harder:\n- exercise: ex-side-raise\n  when: Easy.\n  changes_family: true\n"
        "easier:\n- exercise: ex-side-raise\n  when: Hard.\n  changes_family: true\n"
    )
    side = RAISE + (
        "easier:\n- exercise: ex-bridge\n  when: Hard.\n  changes_family: true\n"
        "harder:\n- exercise: ex-bridge\n  when: Easy.\n  changes_family: true\n"
    )
    found = problems(broken({"exercises/ex-bridge.yaml": bridge, "exercises/ex-side-raise.yaml": side}))
    assert "ladder-cycle" in {p.code for p in found}


def test_shipped_ladders_are_acyclic_and_ordered(kb: hk.KnowledgeBase) -> None:
    levels = {"beginner": 0, "intermediate": 1, "advanced": 2}
    for exercise in kb.exercises.values():
        for step in exercise.harder:
            assert exercise.id in {s.exercise for s in kb.exercises[step.exercise].easier}
            assert levels[kb.exercises[step.exercise].difficulty.value] >= levels[exercise.difficulty.value], (
                exercise.id,
                step.exercise,
            )


def longest_ladder(kb: hk.KnowledgeBase, movement: hk.HipMovement, kind: hk.ExerciseType) -> int:
    """The most exercises of one cell joined by harder steps inside the cell."""
    members = {e.id for e in kb.exercises.values() if e.exercise_type is kind and movement in e.trains}
    memo: dict[str, int] = {}

    def climb(exercise_id: str) -> int:
        if exercise_id not in memo:
            up = [s.exercise for s in kb.exercises[exercise_id].harder if s.exercise in members]
            memo[exercise_id] = 1 + max((climb(u) for u in up), default=0)
        return memo[exercise_id]

    return max((climb(m) for m in members), default=0)


@pytest.mark.parametrize("movement", list(hk.HipMovement))
@pytest.mark.parametrize("kind", KINDS)
def test_every_movement_and_kind_has_a_ladder_of_three(
    kb: hk.KnowledgeBase, movement: hk.HipMovement, kind: hk.ExerciseType
) -> None:
    assert longest_ladder(kb, movement, kind) >= 3


def test_breadth(kb: hk.KnowledgeBase) -> None:
    assert len(kb.exercises) >= 50
    named = {
        "standing-isometric-hip-abduction", "supine-isometric-hip-abduction", "standing-hip-abduction",
        "lateral-band-walk", "sit-to-stand", "squat", "single-leg-stance", "single-leg-bridge", "hip-hinge",
        "prone-hip-extension", "adductor-squeeze", "copenhagen-short-lever", "copenhagen-long-lever",
        "nordic-hamstring", "walking-programme", "water-walking", "sciatic-nerve-slider", "quadruped-rock-back",
    }  # fmt: skip
    assert named <= set(kb.exercises)


def test_stretches_name_the_muscles_working_apart_from_those_stretched(kb: hk.KnowledgeBase) -> None:
    for exercise in kb.exercises.values():
        assert not set(exercise.working_muscles) & set(exercise.primary_muscles), exercise.id


# --------------------------------------------------------------------------- coverage


@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_coverage_equals_a_brute_force_count(data: st.DataObject) -> None:
    kb = hk.load()
    chosen = data.draw(st.lists(st.sampled_from(sorted(kb.exercises)), max_size=8, unique=True))
    cover = kb.coverage(chosen)
    for cell in cover.cells:
        expected = []
        for exercise_id in chosen:
            exercise = kb.exercises[exercise_id]
            moved = exercise.movements
            worked = {m.opposite for m in moved} if exercise.exercise_type is hk.ExerciseType.STRETCH else set(moved)
            if exercise.exercise_type.value == cell.kind and cell.movement in worked:
                expected.append(exercise_id)
        assert list(cell.exercises) == expected
    assert [(c.movement, c.kind) for c in cover.gaps] == [(c.movement, c.kind) for c in cover.cells if not c.exercises]
    assert cover.complete == (not cover.gaps)


def test_the_coverage_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", "clamshell", "glute-bridge"]) == 1  # gaps: exit 1
    out = capsys.readouterr().out
    assert "hip-abduction" in out
    assert "empty" in out


# --------------------------------------------------------------------------- the routine


@pytest.mark.parametrize("condition_id", sorted(hk.load().conditions))
def test_a_routine_never_uses_what_the_condition_avoids_and_fills_what_it_claims(
    kb: hk.KnowledgeBase, condition_id: str
) -> None:
    routine = kb.build_routine(condition_id)
    avoided = {f.exercise for f in kb.conditions[condition_id].exercise_fit if f.suitability is hk.Suitability.AVOID}
    assert not avoided & set(routine.exercise_ids)
    for choice in routine.choices:
        for cell in choice.cells:
            assert cell.movement in choice.exercise.trains
            assert choice.exercise.exercise_type.value == cell.kind
        assert choice.dose == choice.exercise.dose.text()
        assert choice.reasons
    filled = {(c.movement, c.kind) for choice in routine.choices for c in choice.cells}
    gaps = {(g.movement, g.kind) for g in routine.gaps}
    assert filled | gaps == {(m, k.value) for m in hk.HipMovement for k in KINDS}
    assert not filled & gaps
    assert kb.build_routine(condition_id) == routine  # deterministic


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_routine_never_includes_what_the_screener_forbids(data: st.DataObject) -> None:
    kb = hk.load()
    factors = data.draw(st.lists(st.sampled_from(sorted(kb.factors)), max_size=3, unique=True))
    condition = data.draw(st.sampled_from(sorted(kb.conditions)))
    routine = kb.build_routine(condition, factors=factors)
    answer = kb.screen(factors, [condition], interventions=routine.exercise_ids)
    for result in answer.results:
        assert result.verdict not in {hk.Verdict.AVOID, hk.Verdict.CLEARANCE}, (factors, result.intervention.id)


def test_gluteal_tendinopathy_with_a_band(kb: hk.KnowledgeBase) -> None:
    routine = kb.build_routine("gluteal-tendinopathy", equipment=["resistance-band"])
    fit = {f.exercise: f.suitability for f in kb.conditions["gluteal-tendinopathy"].exercise_fit}
    abduction = [
        c
        for c in routine.choices
        if any(x.movement is hk.HipMovement.ABDUCTION and x.kind == "strengthening" for x in c.cells)
    ]
    assert abduction
    assert fit.get(abduction[0].exercise.id) is hk.Suitability.RECOMMENDED
    for choice in routine.choices:
        at_home = {hk.Equipment.NONE, hk.Equipment.MAT, hk.Equipment.WALL, hk.Equipment.CHAIR, hk.Equipment.CUSHION}
        assert set(choice.exercise.equipment) <= at_home | {hk.Equipment.RESISTANCE_BAND}
        if choice.next_step:
            assert choice.next_step in {s.exercise for s in choice.exercise.harder}


def test_a_routine_explains_its_gaps(kb: hk.KnowledgeBase) -> None:
    routine = kb.build_routine("hip-osteoarthritis", equipment=[], level="beginner", factors=["suspected-dvt"])
    assert not routine.choices
    assert all("screener" in gap.why for gap in routine.gaps)


def test_the_routine_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["routine", "--condition", "gluteal-tendinopathy", "--equipment", "band"]) == 0
    out = capsys.readouterr().out
    assert "dose:" in out
    assert hk.NOTICE in out
    assert main(["routine", "--condition", "gluteal-tendinopathy", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["condition"] == "gluteal-tendinopathy"
    assert main(["routine", "--equipment", "spaceship"]) == 2


# --------------------------------------------------------------------------- FHIR


def test_every_exercise_is_a_valid_fhir_activity_definition_and_the_dose_round_trips(kb: hk.KnowledgeBase) -> None:
    bundle_model = pytest.importorskip("fhir.resources.bundle")  # fhir.resources 8 (FHIR R5)
    activity = pytest.importorskip("fhir.resources.activitydefinition")
    document = json.loads(render(kb, "fhir"))
    bundle_model.Bundle.model_validate(document)
    assert len(document["entry"]) == len(kb.exercises)
    for entry in document["entry"]:
        resource = entry["resource"]
        parsed = activity.ActivityDefinition.model_validate(resource)
        exercise = kb.exercises[resource["id"]]
        assert parsed.title == exercise.name
        assert dose_from_extension(resource) == exercise.dose
        repeat = resource["dosage"][0]["timing"]["repeat"]
        assert repeat["frequency"] == exercise.dose.sessions_per_week.min
        assert resource["dosage"][0]["text"] == exercise.dose.text()


def test_a_routine_is_a_valid_fhir_plan_definition(kb: hk.KnowledgeBase) -> None:
    plan = pytest.importorskip("fhir.resources.plandefinition")
    routine = kb.build_routine("hip-osteoarthritis")
    resource = plan_definition(routine, kb)
    parsed = plan.PlanDefinition.model_validate(resource)
    assert [a.definitionCanonical for a in parsed.action or []] == [
        activity_definition(c.exercise, kb.content_version)["url"] for c in routine.choices
    ]


def test_a_routine_says_when_a_dose_asks_for_more_days_than_the_client_has(kb: hk.KnowledgeBase) -> None:
    routine = kb.build_routine("hip-osteoarthritis", sessions_per_week=2)
    for choice in routine.choices:
        asked = choice.exercise.dose.sessions_per_week.min
        noted = any("days a week; with 2 sessions a week" in c for c in choice.changes)
        assert noted == (asked > 2), choice.exercise.id
    with pytest.raises(hk.InvalidArgumentError, match="sessions_per_week"):
        kb.build_routine("hip-osteoarthritis", sessions_per_week=0)
