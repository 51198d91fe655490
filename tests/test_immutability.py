"""Every public model, mapping and result rejects mutation, so one cached KnowledgeBase is safe to share."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import operator
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import hipknowledge as hk

from .paths import MINI

KINDS = ("muscles", "groups", "structures", "conditions", "techniques", "exercises", "sources", "claims")
SCALARS = (str, int, float, bool, datetime.date, enum.Enum, type(None))


def nested(value: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """Every value inside a model, with where it sits."""
    yield where, value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from nested(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, (tuple, frozenset)):
        for index, item in enumerate(value):
            yield from nested(item, f"{where}[{index}]")


def rejects(action: Callable[..., object], *args: object) -> bool:
    try:
        action(*args)
    except (TypeError, AttributeError, ValidationError, dataclasses.FrozenInstanceError):
        return True
    return False


def test_every_record_and_part_is_frozen(kb: hk.KnowledgeBase) -> None:
    for record in kb.records():
        for where, value in nested(record, record.id):
            assert isinstance(value, (BaseModel, tuple, frozenset, *SCALARS)), f"{where} is a {type(value).__name__}"
            if isinstance(value, BaseModel):
                for name in type(value).model_fields:
                    assert rejects(setattr, value, name, None), f"{where}.{name} can be set"
                    assert rejects(delattr, value, name), f"{where}.{name} can be deleted"
                assert rejects(setattr, value, "extra", 1), f"{where} takes new attributes"


def test_manifest_and_deprecations_are_frozen(kb: hk.KnowledgeBase, mini: hk.KnowledgeBase) -> None:
    with pytest.raises(ValidationError, match="frozen"):
        kb.manifest.content_version = "9.9.9"  # type: ignore[misc]
    for deprecation in mini.deprecations.values():
        with pytest.raises(ValidationError, match="frozen"):
            deprecation.replaced_by = "elsewhere"  # type: ignore[misc]


@pytest.mark.parametrize("kind", KINDS)
def test_record_maps_reject_every_change(kb: hk.KnowledgeBase, kind: str) -> None:
    mapping: Any = getattr(kb, kind)
    some_id = next(iter(mapping))
    record = mapping[some_id]
    with pytest.raises(TypeError):
        mapping[some_id] = record
    with pytest.raises(TypeError):
        mapping["new-id"] = record
    with pytest.raises(TypeError):
        del mapping[some_id]
    with pytest.raises(AttributeError):
        mapping.extra = 1
    changes: list[tuple[str, tuple[object, ...]]] = [
        ("pop", (some_id,)),
        ("popitem", ()),
        ("clear", ()),
        ("update", ({some_id: record},)),
        ("setdefault", ("new-id", record)),
        ("__ior__", ({some_id: record},)),
    ]
    for method, args in changes:  # absent, or refusing
        assert not hasattr(mapping, method) or rejects(getattr(mapping, method), *args), method
    assert mapping[some_id] is record
    assert isinstance(mapping, Mapping)


def test_query_results_are_tuples_of_frozen_values(kb: hk.KnowledgeBase) -> None:
    results: list[tuple[Any, ...]] = [
        kb.records(),
        kb.records("muscle"),
        kb.muscles_targeted_by("foam-rolling"),
        kb.techniques_targeting("psoas-major"),
        kb.conditions_at("buttock"),
        kb.conditions_sharing_pain_location("piriformis-syndrome"),
        kb.muscles_for("hip-abduction"),
        kb.antagonists("psoas-major"),
        kb.exercises_for("hip-abduction"),
        kb.members("hip-flexors"),
        kb.groups_of("psoas-major"),
        kb.care_for("iliotibial-band-syndrome"),
        kb.conditions_treated_by("foam-rolling"),
        kb.conditions_involving("psoas-major"),
        kb.claims_about("psoas-major"),
        kb.cited_by("common-causes-of-hip-pain"),
        kb.references("piriformis-syndrome"),
        kb.search("hip flexors"),
    ]
    for result in results:
        assert isinstance(result, tuple)
        assert result, "every query above has answers in the shipped content"
        with pytest.raises(TypeError):
            result[0] = result[0]  # type: ignore[index]
    care = kb.care_for("iliotibial-band-syndrome")[0]
    with pytest.raises(ValidationError, match="frozen"):
        care.option = care.option  # type: ignore[misc]
    hit = kb.search("psoas")[0]
    with pytest.raises(ValidationError, match="frozen"):
        hit.score = 1.0  # type: ignore[misc]
    relation = kb.related("psoas-major")[0]
    with pytest.raises(ValidationError, match="frozen"):
        relation.name = "x"  # type: ignore[misc]


def test_failed_changes_leave_the_content_as_it_was(kb: hk.KnowledgeBase) -> None:
    before = kb.fingerprint
    psoas = kb.muscles["psoas-major"]
    muscles: Any = kb.muscles
    assert rejects(setattr, psoas, "name", "changed")
    assert rejects(operator.setitem, muscles, "psoas-major", psoas)
    assert psoas.name == "Psoas major"
    from hipknowledge._canonical import fingerprint

    assert fingerprint(kb) == before


def test_problems_and_errors_are_frozen() -> None:
    problem = hk.Problem("f.yaml", 1, "name", None, "text")
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.line = 2  # type: ignore[misc]
    error = hk.ContentError([problem])
    assert isinstance(error.problems, tuple)


def test_deprecations_mapping_rejects_mutation(mini: hk.KnowledgeBase) -> None:
    deprecations: Any = mini.deprecations
    with pytest.raises(TypeError):
        deprecations["old-roll"] = None


def test_knowledge_base_attributes_cannot_be_rebound() -> None:
    own = hk.KnowledgeBase.from_directory(MINI)  # not the shared fixture: the change may succeed
    with pytest.raises(AttributeError):
        own.muscles = own.groups  # type: ignore[assignment]
