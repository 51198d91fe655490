"""A small app built on hipknowledge the way docs/app-builders.md describes it: one plain function per screen.

An intake screen (where does it hurt?), a condition page with a home-exercise programme,
pages for a muscle, a technique and a source, a search box, JSON bodies for an HTTP API
that a client stores and sends back, upgrades of stored IDs, a review of an edit to a
working copy of the data, and files exported for other tools.

Between them the functions call every public function and method of the API, fully
typed, so that ``mypy --strict`` checks the API the way an app uses it;
``tests/test_example_app.py`` runs them and fails when the knowledge base gains a public
method that no function here calls.

Not medical advice: the content informs; it does not diagnose or treat. Every screen
here carries :data:`hipknowledge.NOTICE`, and a condition's page its red flags.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import hipknowledge as hk
from hipknowledge import export

__all__ = [
    "APP_REQUIRES",
    "FormError",
    "HomeExercise",
    "IntakeAnswer",
    "Screen",
    "about",
    "condition_page",
    "content",
    "counts",
    "export_files",
    "freshness",
    "home_programme",
    "intake",
    "intake_questions",
    "muscle_page",
    "reach_note",
    "records_body",
    "restore",
    "review_edit",
    "screen_client",
    "search_box",
    "source_page",
    "technique_page",
    "upgrade_stored_ids",
    "weekly_programme",
]

#: The content versions this app was written against: any 2.x.
APP_REQUIRES = ">=2.0,<3"

JSON = dict[str, Any]

#: The stances under which the app offers a care option as home exercise.
OFFERED = (hk.EvidenceStance.SUPPORTED, hk.EvidenceStance.MAY_HELP)


def content() -> hk.KnowledgeBase:
    """The shipped content, refused (``VersionRequirementError``) if it is not a version this app knows."""
    return hk.load(require=APP_REQUIRES)


@dataclass(frozen=True)
class Screen:
    """What every screen shows: its data, and where it came from, with the notice."""

    data: JSON
    content_version: str
    fingerprint: str
    notice: str = hk.NOTICE

    def body(self) -> str:
        """The screen as a JSON body of an HTTP response."""
        return json.dumps(
            {
                "data": self.data,
                "content_version": self.content_version,
                "fingerprint": self.fingerprint,
                "notice": self.notice,
            },
            ensure_ascii=False,
        )


def screen(kb: hk.KnowledgeBase, data: JSON) -> Screen:
    """A screen of ``data`` from the content ``kb``."""
    return Screen(data, kb.content_version, kb.fingerprint)


class FormError(ValueError):
    """A value a user typed that the content does not know, with what they may have meant."""

    def __init__(self, field: str, value: str, suggestions: Sequence[str]) -> None:
        self.field = field
        self.value = value
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"{field}: unknown value {value!r}{hint}")


def counts(kb: hk.KnowledgeBase) -> dict[str, int]:
    """How much content there is, per kind (for an 'about' page), and what it is."""
    return {
        "muscles": len(kb.muscles),
        "groups": len(kb.groups),
        "structures": len(kb.structures),
        "conditions": len(kb.conditions),
        "techniques": len(kb.techniques),
        "exercises": len(kb.exercises),
        "treatments": len(kb.treatments),
        "factors": len(kb.factors),
        "sources": len(kb.sources),
        "claims": len(kb.claims),
        "all": len(kb.records()),
    }


def about(kb: hk.KnowledgeBase) -> Screen:
    """The 'about' page: title, licence, versions and counts."""
    return screen(
        kb,
        {
            "title": kb.manifest.title,
            "license": kb.license,
            "counts": counts(kb),
            "body_regions": [{"value": r.value, "meaning": r.meaning} for r in hk.BodyRegion],
        },
    )


# --------------------------------------------------------------------------- intake


@dataclass(frozen=True)
class IntakeAnswer:
    """Conditions felt in every region the user marked, with each one's red flags and neighbours."""

    conditions: hk.Results[hk.Condition]
    red_flags: dict[str, tuple[str, ...]]  # each red flag as the sentence to show
    feels_like: dict[str, list[str]] = field(default_factory=dict)


def intake(kb: hk.KnowledgeBase, regions: Sequence[str], *, radiating: bool = False) -> IntakeAnswer:
    """Conditions whose pain is felt in all of ``regions``.

    A region the content does not know raises :class:`FormError` with the closest regions.
    """
    if not regions:
        raise FormError("regions", "", [r.value for r in hk.BodyRegion])
    found: hk.Results[hk.Condition] | None = None
    for region in regions:
        try:
            # The query checks what the user typed: the cast only tells the type checker so.
            here = kb.conditions_at(cast("hk.BodyRegionValue", region), radiating=radiating)
        except hk.UnknownValueError as error:
            raise FormError("regions", region, error.suggestions) from None
        found = here if found is None else found & here
    assert found is not None
    return IntakeAnswer(
        conditions=found,
        red_flags={c.id: tuple(flag.text() for flag in c.red_flags) for c in found},
        feels_like={c.id: sorted(kb.conditions_sharing_pain_location(c.id).ids - found.ids) for c in found},
    )


# --------------------------------------------------------------------------- screening a client


def intake_questions(kb: hk.KnowledgeBase) -> list[dict[str, str]]:
    """The intake form: one yes/no question per screening factor, grouped by area of health."""
    return [
        {"factor": f.id, "area": f.category.value, "question": f.question}
        for f in sorted(kb.factors.values(), key=lambda f: (f.category.value, f.id))
    ]


def screen_client(
    kb: hk.KnowledgeBase,
    answered_yes: Sequence[str],
    conditions: Sequence[str] = (),
    *,
    days_since: dict[str, int] | None = None,
) -> Screen:
    """What a client may do, from the factors they said yes to: a verdict per technique and exercise,
    the reasons a therapist reads, and the red flags to show first."""
    answer = kb.screen(answered_yes, conditions, since=dict(days_since or {}))
    return screen(
        kb,
        {
            "verdicts": {r.intervention.id: r.verdict.value for r in answer.results},
            "why": {
                r.intervention.id: [f.text for f in r.reasons] for r in answer.results if r.verdict is not hk.Verdict.OK
            },
            "red_flags": [
                {"condition": f.condition, "urgency": f.red_flag.urgency.value, "text": f.red_flag.text()}
                for f in answer.red_flags
            ],
        },
    )


def weekly_programme(kb: hk.KnowledgeBase, condition_id: str, equipment: Sequence[str]) -> Screen:
    """A home programme built for a condition with the equipment at hand, and what it leaves out."""
    routine = kb.build_routine(condition_id, equipment=list(equipment), level="intermediate")
    cover = kb.coverage(routine.exercise_ids)
    return screen(
        kb,
        {
            "programme": [
                {"id": c.exercise.id, "dose": c.dose, "why": list(c.reasons), "then": c.next_step}
                for c in routine.choices
            ],
            "not_covered": [f"{g.kind} of {g.movement.value}" for g in routine.gaps],
            "complete": cover.complete,
        },
    )


def reach_note(kb: hk.KnowledgeBase, technique_id: str, muscle_id: str) -> str:
    """One line for a technique page: does it really reach this muscle?"""
    reach = kb.reach(technique_id, muscle_id)
    if reach is None:
        return f"{kb.techniques[technique_id].name} does not work on {kb.muscles[muscle_id].name}."
    return f"{kb.techniques[technique_id].name} and {kb.muscles[muscle_id].name}: {reach.meaning}"


# --------------------------------------------------------------------------- a condition and its home programme


@dataclass(frozen=True)
class HomeExercise:
    """One exercise of a home programme, with why it is there."""

    id: str
    name: str
    why: str
    steps: tuple[str, ...]
    cautions: tuple[str, ...]
    dose: str


def home_programme(kb: hk.KnowledgeBase, condition_id: str) -> list[HomeExercise]:
    """Exercises for a condition: those its care options offer (supported or may help), then strengthening
    for the muscles it involves, leaving out any exercise a care option advises caution about."""
    condition = kb.lookup(condition_id, hk.Condition)
    care = kb.care_for(condition.id)
    offered = [c for c in care if isinstance(c.intervention, hk.Exercise) and c.option.stance in OFFERED]
    cautioned = {c.intervention.id for c in care if c.option.stance not in OFFERED}
    programme = [
        HomeExercise(e.id, e.name, f"{c.option.stance.value}: {c.option.note}", e.steps, e.cautions, e.dose.text())
        for c in offered
        if isinstance(e := c.intervention, hk.Exercise)
    ]
    involved: hk.Results[hk.Exercise] = hk.Results()
    for anatomy_id in condition.involved:
        anatomy = kb.lookup(anatomy_id)
        if anatomy.record_kind in ("muscle", "group"):
            involved = involved | kb.exercises_for(anatomy.id, exercise_type="strengthening")
    listed = {item.id for item in programme}
    for exercise in involved:
        if exercise.id not in listed and exercise.id not in cautioned:
            why = f"strengthens muscles involved in {condition.name.lower()}"
            programme.append(
                HomeExercise(exercise.id, exercise.name, why, exercise.steps, exercise.cautions, exercise.dose.text())
            )
    return programme


def condition_page(kb: hk.KnowledgeBase, condition_id: str) -> Screen:
    """A condition: summary, red flags first, care options with their stance, the programme, the body map."""
    condition = kb.lookup(condition_id, hk.Condition)
    return screen(
        kb,
        {
            "condition": condition.model_dump(mode="json"),
            "red_flags": [flag.model_dump(mode="json") for flag in condition.red_flags],
            "care": [c.model_dump(mode="json") for c in kb.care_for(condition.id)],
            "home_programme": [item.id for item in home_programme(kb, condition.id)],
            "refers_to": [
                {"field": where, "id": other.id, "record_kind": other.record_kind}
                for where, other in kb.references(condition.id)
                if other.record_kind != "source"
            ],
            "body_map": export.render(kb, "body-map", highlight=[condition.id]),
            "disputed": [claim.statement for claim in kb.claims_about(condition.id)],
        },
    )


# --------------------------------------------------------------------------- anatomy, techniques, sources


def muscle_page(kb: hk.KnowledgeBase, muscle_id: str) -> Screen:
    """A muscle: its groups and their other members, what it does, what opposes it, what works on it."""
    muscle = kb.lookup(muscle_id, hk.Muscle)
    groups = kb.groups_of(muscle.id)
    prime = [a.movement for a in muscle.actions if a.role is hk.ActionRole.PRIME_MOVER]
    return screen(
        kb,
        {
            "muscle": muscle.model_dump(mode="json"),
            "groups": {g.id: sorted(kb.members(g.id).ids - {muscle.id}) for g in groups},
            "works_with": {m.value: sorted(kb.muscles_for(m, role="prime-mover").ids - {muscle.id}) for m in prime},
            "antagonists": sorted(kb.antagonists(muscle.id).ids),
            "techniques": sorted(kb.techniques_targeting(muscle.id).ids),
            "exercises": sorted(kb.exercises_for(muscle.id).ids),
            "conditions": sorted(kb.conditions_involving(muscle.id).ids),
        },
    )


def technique_page(kb: hk.KnowledgeBase, technique_id: str) -> Screen | None:
    """A technique, or None (a 404) for an ID that is no technique; cautions and contraindications first."""
    technique = kb.get(technique_id, kind=hk.Technique)
    if technique is None:
        return None
    return screen(
        kb,
        {
            "technique": technique.model_dump(mode="json"),
            "before_you_start": [*technique.cautions, *technique.contraindications],
            "reaches": sorted(kb.muscles_targeted_by(technique.id).ids),
            "considered_for": sorted(kb.conditions_treated_by(technique.id).ids),
            "disputed": sorted(kb.claims_about(technique.id).ids),
            "related": [r.model_dump(mode="json") for r in kb.related(technique.id)],
        },
    )


def source_page(kb: hk.KnowledgeBase, source_id: str) -> Screen:
    """A source and every record that cites it, grouped by kind."""
    source = kb.lookup(source_id, hk.Source)
    citing: dict[str, list[str]] = {}
    for record in kb.cited_by(source.id):
        citing.setdefault(record.record_kind, []).append(record.id)
    return screen(kb, {"source": source.model_dump(mode="json"), "cited_by": citing})


def search_box(kb: hk.KnowledgeBase, text: str) -> list[JSON]:
    """What a search box suggests as the user types."""
    return [
        {"id": hit.record.id, "record_kind": hit.record_kind, "name": hit.record.name, "score": hit.score}
        for hit in kb.search(text, limit=5)
    ]


# --------------------------------------------------------------------------- what a client stores and sends back


def records_body(kb: hk.KnowledgeBase, records: Iterable[hk.Record]) -> str:
    """Records as the JSON body of an HTTP response: each says its ``record_kind``."""
    return screen(kb, {"records": [r.model_dump(mode="json") for r in records]}).body()


def restore(body: str) -> list[hk.AnyRecord]:
    """The records of a stored body, each back in its class."""
    data = json.loads(body)
    records = [hk.parse_record(item) for item in data["data"]["records"]]
    # A framework that validates with pydantic takes the adapter instead; both agree.
    assert [hk.record_adapter().validate_python(item) for item in data["data"]["records"]] == records
    return records


def freshness(kb: hk.KnowledgeBase, body: str) -> str:
    """Whether a stored body is the same content, a compatible version, or needs its IDs upgraded."""
    data = json.loads(body)
    if data["fingerprint"] == kb.fingerprint:
        return "same"
    if hk.satisfies(data["content_version"], APP_REQUIRES):
        return "compatible"
    return "upgrade"


def upgrade_stored_ids(kb: hk.KnowledgeBase, stored_ids: Iterable[str], since: str) -> dict[str, str | None]:
    """Each ID stored under content ``since`` with the ID that answers for it now (None: removed).

    Renamed IDs also still answer through ``lookup``, but with a warning; an upgrade stores the new ID.
    """
    report = hk.changes(since=since, kb=kb)
    upgraded: dict[str, str | None] = {}
    for stored in stored_ids:
        current = report.migrate_id(stored)
        if current is not None and current in kb.deprecations:  # deprecated since: follow to the live record
            current = kb.deprecations[current].replaced_by
        upgraded[stored] = current
    return upgraded


# --------------------------------------------------------------------------- content work and exports


def review_edit(before: str | Path, after: str | Path) -> JSON:
    """What an edit of a working copy of the data changes: records added, removed and changed, field by field."""
    old = hk.KnowledgeBase.from_directory(before)
    new = hk.KnowledgeBase.from_directory(after)
    changes = hk.diff(old, new)
    return {
        "added": [ref.id for ref in changes.added],
        "removed": [ref.id for ref in changes.removed],
        "changed": {change.id: [f.field for f in change.fields] for change in changes.changed},
        "empty": changes.empty,
    }


def export_files(kb: hk.KnowledgeBase, folder: Path) -> Mapping[str, Path]:
    """The content for other tools: a SQLite database, the JSON document, JSON-LD for web pages."""
    return {
        "sqlite": export.write(kb, "sqlite", folder / "hip.sqlite"),
        "json": export.write(kb, "json", folder / "hip.json"),
        "jsonld": export.write(kb, "jsonld", folder / "hip.jsonld", base="https://example.org/hip/"),
    }
