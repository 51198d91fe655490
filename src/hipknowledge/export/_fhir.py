"""FHIR R5 resources: each exercise as an ``ActivityDefinition``, a built routine as a ``PlanDefinition``.

What FHIR has fields for goes in them: the weekly (and daily) frequency and the hold or
session length in ``Dosage.timing.repeat``, the whole dose as ``Dosage.text``, the pain rule
as ``Dosage.patientInstruction``, the steps as ``usage``. What FHIR has no field for (sets,
repetitions, rest, per side, tempo, load, the pain limit as numbers) goes in one complex
extension, :data:`DOSE_EXTENSION`, so that an app can read the dose back whole; see
:func:`dose_from_extension`. Checked in the tests with the ``fhir.resources`` package (R5).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from hipknowledge.models import NOTICE, Dose, Exercise, PainRule, Span

if TYPE_CHECKING:
    from hipknowledge._knowledge import KnowledgeBase
    from hipknowledge._prescription import Routine

__all__ = [
    "DOSE_EXTENSION",
    "activity_definition",
    "dose_from_extension",
    "exercise_url",
    "fhir_bundle",
    "fhir_text",
    "plan_definition",
]

#: The URL of the extension that carries a dose's numbers FHIR has no field for.
DOSE_EXTENSION = "urn:hipknowledge:fhir:StructureDefinition:exercise-dose"
_SPANS = ("sets", "repetitions", "hold_seconds", "duration_minutes", "rest_seconds", "sessions_per_day")


def exercise_url(exercise_id: str) -> str:
    """The canonical URL of an exercise's ActivityDefinition."""
    return f"urn:hipknowledge:exercise:{exercise_id}"


def _name(record_id: str) -> str:
    # FHIR's computer-friendly name: a capital letter, then letters, digits and underscores.
    return "Exercise" + "".join(part.capitalize() for part in re.split(r"[^a-z0-9]+", record_id))


def _timing(dose: Dose) -> dict[str, Any]:
    repeat: dict[str, Any] = {
        "frequency": dose.sessions_per_week.min,
        "frequencyMax": dose.sessions_per_week.max,
        "period": 1,
        "periodUnit": "wk",
    }
    if dose.duration_minutes is not None:
        repeat |= {
            "duration": dose.duration_minutes.min,
            "durationMax": dose.duration_minutes.max,
            "durationUnit": "min",
        }
    elif dose.hold_seconds is not None:
        repeat |= {"duration": dose.hold_seconds.min, "durationMax": dose.hold_seconds.max, "durationUnit": "s"}
    return {"repeat": {k: v for k, v in repeat.items() if not (k.endswith("Max") and v == repeat[k[:-3]])}}


def _dose_extension(dose: Dose) -> dict[str, Any]:
    parts: list[dict[str, Any]] = []
    for name in _SPANS:
        span = getattr(dose, name)
        if span is not None:
            parts += [
                {"url": f"{name}-min", "valueInteger": span.min},
                {"url": f"{name}-max", "valueInteger": span.max},
            ]
    parts += [
        {"url": "per-side", "valueBoolean": dose.per_side},
        {"url": "load", "valueCode": dose.load.value},
        {"url": "pain-during-max", "valueInteger": dose.pain.during_max},
        {"url": "pain-settled-by", "valueCode": dose.pain.settled_by.value},
    ]
    parts += [{"url": "tempo", "valueString": dose.tempo}] if dose.tempo else []
    parts += [{"url": "load-note", "valueString": dose.load_note}] if dose.load_note else []
    parts += [{"url": "pain-note", "valueString": dose.pain.note}] if dose.pain.note else []
    return {"url": DOSE_EXTENSION, "extension": parts}


def dose_from_extension(resource: dict[str, Any]) -> Dose:
    """The dose an ActivityDefinition carries, read back from its extension and timing."""
    extension = next(e for e in resource["extension"] if e["url"] == DOSE_EXTENSION)
    values = {part["url"]: next(v for k, v in part.items() if k.startswith("value")) for part in extension["extension"]}
    spans = {
        name: Span(min=values[f"{name}-min"], max=values[f"{name}-max"]) for name in _SPANS if f"{name}-min" in values
    }
    repeat = resource["dosage"][0]["timing"]["repeat"]
    return Dose(
        **spans,
        sessions_per_week=Span(min=repeat["frequency"], max=repeat.get("frequencyMax", repeat["frequency"])),
        per_side=values["per-side"],
        tempo=values.get("tempo"),
        load=values["load"],
        load_note=values.get("load-note"),
        pain=PainRule(
            during_max=values["pain-during-max"], settled_by=values["pain-settled-by"], note=values.get("pain-note")
        ),
    )


def activity_definition(exercise: Exercise, content_version: str) -> dict[str, Any]:
    """One exercise as a FHIR R5 ActivityDefinition (JSON data)."""
    dose = exercise.dose
    return {
        "resourceType": "ActivityDefinition",
        "id": exercise.id,
        "url": exercise_url(exercise.id),
        "version": content_version,
        "name": _name(exercise.id),
        "title": exercise.name,
        "status": "active",
        "description": exercise.summary,
        "purpose": NOTICE,
        "usage": "\n".join(f"{n}. {step}" for n, step in enumerate(exercise.steps, 1)),
        "topic": [{"text": exercise.exercise_type.value}],
        "dosage": [{"text": dose.text(), "patientInstruction": dose.pain.text(), "timing": _timing(dose)}],
        "extension": [_dose_extension(dose)],
    }


def fhir_bundle(kb: KnowledgeBase) -> dict[str, Any]:
    """Every exercise as an ActivityDefinition, in one FHIR ``collection`` Bundle."""
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": exercise_url(e.id), "resource": activity_definition(e, kb.content_version)}
            for e in kb.exercises.values()
        ],
    }


def fhir_text(kb: KnowledgeBase) -> str:
    """:func:`fhir_bundle` as JSON text."""
    return json.dumps(fhir_bundle(kb), indent=2, ensure_ascii=False) + "\n"


def plan_definition(routine: Routine, kb: KnowledgeBase) -> dict[str, Any]:
    """A built routine as a FHIR R5 PlanDefinition: one action per exercise, pointing at its ActivityDefinition."""
    title = kb.conditions[routine.condition].name if routine.condition else "Hip routine"
    return {
        "resourceType": "PlanDefinition",
        "status": "draft",
        "title": f"Home exercise programme: {title}",
        "version": kb.content_version,
        "description": NOTICE,
        "action": [
            {
                "title": choice.exercise.name,
                "description": "; ".join(choice.reasons),
                "textEquivalent": choice.dose,
                "definitionCanonical": exercise_url(choice.exercise.id),
            }
            for choice in routine.choices
        ],
    }
