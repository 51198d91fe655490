"""Hypothesis strategies: whole, valid knowledge bases built from random records."""

from __future__ import annotations

import datetime

from hypothesis import strategies as st

import hipknowledge as hk
from hipknowledge.models import (
    Condition,
    Exercise,
    Factor,
    Manifest,
    Muscle,
    MuscleGroup,
    Record,
    Source,
    Technique,
)
from hipknowledge.vocab import ActionRole, BodyRegion, HipMovement, ManualAccess, Reach

REVIEW = {"by": "hypothesis", "on": datetime.date(2026, 1, 1)}
MOVEMENTS = list(HipMovement)
REGIONS = list(BodyRegion)
RULE: dict[str, object] = {"factor": "factor-a", "severity": "relative", "scope": "load", "action": "modify"}
RULE |= {"change": "less", "reason": "r", "sources": ["src"]}
DOSE = {"sets": 1, "repetitions": 10, "sessions_per_week": 3, "per_side": True, "load": "body-weight"}
DOSE |= {"pain": {"during_max": 3, "settled_by": "next-morning"}}
GRADE = {"recommendation": "option", "grade": "g", "population": "p", "graded_by": "src"}
RED_FLAG = {"category": "infection", "urgency": "same-day", "sign": "s", "may_indicate": "m", "sources": ["src"]}
NOT_APPLICABLE = [{"category": c, "reason": "r"} for c in ("fracture", "malignancy", "vascular", "neurological")]
NOT_APPLICABLE += [{"category": c, "reason": "r"} for c in ("visceral", "gynaecological-urological", "paediatric")]


@st.composite
def knowledge_bases(draw: st.DrawFn) -> hk.KnowledgeBase:
    """A random but valid knowledge base: every reference resolves, every exercise is consistent."""
    source = Source(id="src", name="Source", source_type="web-article", summary="A source.", review=REVIEW)
    factor = Factor(
        id="factor-a",
        name="Factor A",
        category="medication",
        question="Do you?",
        summary="A factor.",
        sources=["src"],
        review=REVIEW,
    )
    group_count = draw(st.integers(1, 4))
    groups = [
        MuscleGroup(id=f"group-{i}", name=f"Group {i}", summary="A group.", sources=["src"], review=REVIEW)
        for i in range(group_count)
    ]
    muscles: list[Muscle] = []
    for i in range(draw(st.integers(1, 8))):
        moves = draw(st.lists(st.sampled_from(MOVEMENTS), min_size=1, max_size=3, unique=True))
        roles = draw(st.lists(st.sampled_from(list(ActionRole)), min_size=len(moves), max_size=len(moves)))
        member_of = draw(st.lists(st.sampled_from([g.id for g in groups]), min_size=1, max_size=2, unique=True))
        muscles.append(
            Muscle(
                id=f"muscle-{i}",
                name=f"Muscle {i}",
                groups=member_of,
                summary="A muscle.",
                origin="o",
                insertion="i",
                innervation={"nerve": "n", "roots": ["L2"]},
                actions=[{"movement": m, "role": r} for m, r in zip(moves, roles, strict=True)],
                depth="superficial",
                manual_access=draw(st.sampled_from(list(ManualAccess))),
                sources=["src"],
                review=REVIEW,
            )
        )
    used_groups = {g for m in muscles for g in m.groups}
    groups = [g for g in groups if g.id in used_groups]
    anatomy = [m.id for m in muscles] + [g.id for g in groups]
    techniques = [
        Technique(
            id=f"technique-{i}",
            name=f"Technique {i}",
            technique_type="self-massage",
            summary="A technique.",
            targets=[
                {"target": t, "reach": draw(st.sampled_from(list(Reach))), "how": "h"}
                for t in draw(st.lists(st.sampled_from(anatomy), min_size=1, max_size=4, unique=True))
            ],
            effects=["e"],
            contraindications=[RULE],
            cautions=["c"],
            evidence="mixed",
            sources=["src"],
            review=REVIEW,
        )
        for i in range(draw(st.integers(0, 5)))
    ]
    exercises: list[Exercise] = []
    for i in range(draw(st.integers(0, 6))):
        primary = draw(st.sampled_from(muscles))
        movement = draw(st.sampled_from(sorted(primary.movements(), key=lambda m: m.value)))
        stretch = draw(st.booleans())
        exercises.append(
            Exercise(
                id=f"exercise-{i}",
                name=f"Exercise {i}",
                exercise_type="stretch" if stretch else "strengthening",
                summary="An exercise.",
                movements=[movement.opposite if stretch else movement],
                primary_muscles=[primary.id],
                secondary_muscles=[
                    m.id
                    for m in draw(st.lists(st.sampled_from(muscles), max_size=2, unique_by=lambda m: m.id))
                    if m.id != primary.id
                ],
                position="standing",
                equipment=["none"],
                steps=["a", "b"],
                difficulty="beginner",
                dose=DOSE,
                contraction=None if stretch else "mixed",
                laterality="unilateral",
                weight_bearing=False,
                stages=["early"],
                contraindications=[RULE],
                cautions=["c"],
                sources=["src"],
                review=REVIEW,
            )
        )
    interventions = [t.id for t in techniques] + [e.id for e in exercises]
    conditions = [
        Condition(
            id=f"condition-{i}",
            name=f"Condition {i}",
            summary="A condition.",
            pain_locations=draw(st.lists(st.sampled_from(REGIONS), min_size=1, max_size=3, unique=True)),
            radiates_to=draw(st.lists(st.sampled_from(REGIONS), max_size=2, unique=True)),
            pain_character=["aching"],
            aggravators=["a"],
            involved=draw(st.lists(st.sampled_from(anatomy), min_size=1, max_size=3, unique=True)),
            red_flags=[RED_FLAG],
            red_flags_not_applicable=NOT_APPLICABLE,
            care_options=[
                {"intervention": x, "stance": "may-help", "note": "n", "sources": ["src"]} | GRADE
                for x in draw(st.lists(st.sampled_from(interventions), max_size=3, unique=True))
            ]
            if interventions
            else [],
            sources=["src"],
            review=REVIEW,
        )
        for i in range(draw(st.integers(1, 6)))
    ]
    records: list[Record] = [source, factor, *groups, *muscles, *techniques, *exercises, *conditions]
    manifest = Manifest(content_version="1.0.0", license="CC-BY-4.0", title="generated")
    return hk.KnowledgeBase(records, manifest)
