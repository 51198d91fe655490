"""Every question a knowledge base answers, for tests that compare two knowledge bases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import hipknowledge as hk
from hipknowledge.models import Record
from hipknowledge.vocab import ActionRole, BodyRegion, HipMovement


def questions(kb: hk.KnowledgeBase) -> list[tuple[str, Callable[[hk.KnowledgeBase], tuple[Any, ...]]]]:
    """Every query of the knowledge base, asked of every record or value it takes."""
    asked: list[tuple[str, Callable[[hk.KnowledgeBase], tuple[Any, ...]]]] = []

    def ask(name: str, *args: Any, **options: Any) -> None:
        asked.append((f"{name}{args}{options or ''}", lambda k: getattr(k, name)(*args, **options)))

    for muscle in kb.muscles:
        for name in ("techniques_targeting", "antagonists", "exercises_for", "groups_of", "conditions_involving"):
            ask(name, muscle)
    for group in kb.groups:
        for name in ("members", "techniques_targeting", "exercises_for", "conditions_involving"):
            ask(name, group)
    for technique in kb.techniques:
        ask("muscles_targeted_by", technique)
        ask("conditions_treated_by", technique)
    for exercise in kb.exercises:
        ask("conditions_treated_by", exercise)
    for condition in kb.conditions:
        ask("conditions_sharing_pain_location", condition)
    for region in BodyRegion:
        ask("conditions_at", region.value)
        ask("conditions_at", region.value, radiating=True)
    for movement in HipMovement:
        ask("exercises_for", movement.value)
        for role in (None, *ActionRole):
            ask("muscles_for", movement.value, role=role)
    for record in kb.records():
        ask("claims_about", record.id)
    for source in kb.sources:
        ask("cited_by", source)
    return asked


def doubled(record: Record) -> Record:
    """``record`` with every list it gives written twice (its care options, given as recorded, aside)."""
    update = {
        name: value + value
        for name in type(record).model_fields
        if name != "care_options" and isinstance(value := getattr(record, name), tuple) and value
    }
    return record.model_copy(update=update)


def assert_same_answers(kb: hk.KnowledgeBase, other: hk.KnowledgeBase) -> None:
    """``other`` answers every question of ``kb`` with the same records, in the same order.

    ``groups_of`` is left out: it gives a muscle's groups as the muscle lists them.
    """
    for question, ask in questions(kb):
        if not question.startswith("groups_of"):
            assert [r.id for r in ask(other)] == [r.id for r in ask(kb)], question
    for condition in kb.conditions:
        pairs = [(c.option, c.intervention.id) for c in kb.care_for(condition)]
        assert [(c.option, c.intervention.id) for c in other.care_for(condition)] == pairs, condition
