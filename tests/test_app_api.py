"""The API an app is built on: exports, dumps that say what they are, typed lookups, errors, combinable results."""

from __future__ import annotations

import enum
import json
import pickle
import typing

import pytest
from pydantic import BaseModel

import hipknowledge as hk
from hipknowledge import _meanings, vocab
from hipknowledge.models import RECORD_TYPES


def test_every_vocabulary_and_model_is_exported_from_the_package() -> None:
    exported = {id(getattr(hk, name)) for name in hk.__all__ if name != "__version__"}
    vocabularies = {v for v in vars(vocab).values() if isinstance(v, type) and issubclass(v, hk.Vocabulary)}
    assert {id(v) for v in vocabularies} <= exported
    assert set(hk.VOCABULARIES.values()) == vocabularies - {hk.Vocabulary}
    models = {c for c in vars(hk.models).values() if isinstance(c, type) and issubclass(c, BaseModel)} - {BaseModel}
    assert {id(cls) for cls in models if not cls.__name__.startswith("_")} <= exported


def test_every_vocabulary_value_has_a_meaning_and_nothing_else_does() -> None:
    assert set(_meanings.MEANINGS) == {v.__name__ for v in hk.VOCABULARIES.values()}
    for vocabulary in hk.VOCABULARIES.values():
        assert set(_meanings.MEANINGS[vocabulary.__name__]) == {m.value for m in vocabulary}
        for member in vocabulary:
            assert member.meaning[0].isupper()
            assert member.meaning.endswith(".")


@pytest.mark.parametrize(
    ("literal", "vocabulary"),
    [
        (hk.BodyRegionValue, hk.BodyRegion),
        (hk.HipMovementValue, hk.HipMovement),
        (hk.ActionRoleValue, hk.ActionRole),
        (hk.ExerciseTypeValue, hk.ExerciseType),
    ],
)
def test_literal_twins_list_exactly_their_vocabulary(literal: object, vocabulary: type[enum.Enum]) -> None:
    assert list(typing.get_args(literal)) == [m.value for m in vocabulary]


def test_record_kind_literal_lists_every_kind() -> None:
    assert set(typing.get_args(hk.RecordKind)) == {cls.kind_name for cls in RECORD_TYPES}


def test_every_dump_says_what_kind_of_record_it_is(kb: hk.KnowledgeBase) -> None:
    for record in kb.records():
        dumped = record.model_dump(mode="json")
        assert dumped["record_kind"] == record.kind_name == record.record_kind
        assert "kind" not in dumped


def test_every_record_round_trips_through_parse_record(kb: hk.KnowledgeBase) -> None:
    for record in kb.records():
        assert hk.parse_record(record.model_dump(mode="json")) == record
        assert hk.parse_record(record.model_dump_json()) == record
        assert type(hk.parse_record(record.model_dump())) is type(record)


def test_parse_record_refuses_a_dump_that_does_not_say_its_kind(kb: hk.KnowledgeBase) -> None:
    data = kb.muscles["psoas-major"].model_dump(mode="json")
    del data["record_kind"]
    with pytest.raises(ValueError, match="record_kind"):
        hk.parse_record(data)


@pytest.mark.parametrize(
    ("model", "new"),
    [
        (hk.Technique, "technique_type"),
        (hk.Exercise, "exercise_type"),
        (hk.Structure, "structure_type"),
        (hk.Source, "source_type"),
    ],
)
def test_the_1x_field_name_kind_is_read_with_a_warning(kb: hk.KnowledgeBase, model: type[hk.Record], new: str) -> None:
    record = kb.records(model)[0]
    data = record.model_dump(mode="json")
    data["kind"] = data.pop(new)
    with pytest.warns(DeprecationWarning, match=f"'kind' is called '{new}' since 2.0.0"):
        assert model.model_validate(data) == record


@pytest.mark.parametrize("old", ["ExerciseKind", "TechniqueKind", "StructureKind", "SourceKind"])
def test_the_1x_vocabulary_names_still_import_with_a_warning(old: str) -> None:
    with pytest.warns(DeprecationWarning, match=f"{old} is deprecated since 2.0.0"):
        renamed = getattr(hk, old)
    assert renamed is getattr(hk, old.replace("Kind", "Type"))


def test_lookup_and_get_take_the_class_they_return(kb: hk.KnowledgeBase) -> None:
    assert kb.lookup("psoas-major", hk.Muscle).innervation.roots == ("L1", "L2", "L3")
    assert kb.get("foam-rolling", kind=hk.Technique) is kb.techniques["foam-rolling"]
    assert kb.get("foam-rolling", kind=hk.Muscle) is None
    assert kb.get("foam-rolling", "none", kind=hk.Muscle) == "none"
    with pytest.raises(hk.UnknownIdError, match="no muscle with id 'foam-rolling'") as caught:
        kb.lookup("foam-rolling", hk.Muscle)
    assert all(s in kb.muscles for s in caught.value.suggestions)
    with pytest.raises(hk.UnknownKindError):
        kb.lookup("psoas-major", hk.Care)  # type: ignore[type-var]


def test_records_takes_a_class_or_a_kind_name(kb: hk.KnowledgeBase) -> None:
    assert kb.records(hk.Muscle) == kb.records("muscle") == kb.records("muscles")
    assert all(isinstance(m, hk.Muscle) for m in kb.records(hk.Muscle))


@pytest.mark.parametrize(
    ("call", "vocabulary", "suggestion"),
    [
        (lambda kb: kb.conditions_at("butt"), "body region", "buttock"),
        (lambda kb: kb.muscles_for("hip-abdution"), "hip movement", "hip-abduction"),
        (lambda kb: kb.muscles_for("hip-abduction", role="prime"), "action role", "prime-mover"),
        (lambda kb: kb.exercises_for("hip-abduction", exercise_type="strengthen"), "exercise type", "strengthening"),
    ],
)
def test_a_bad_vocabulary_value_names_its_vocabulary_and_suggests_from_it(
    kb: hk.KnowledgeBase, call: typing.Callable[[hk.KnowledgeBase], object], vocabulary: str, suggestion: str
) -> None:
    with pytest.raises(hk.UnknownValueError) as caught:
        call(kb)
    error = caught.value
    assert isinstance(error, ValueError)
    assert isinstance(error, hk.HipKnowledgeError)
    assert error.vocabulary == vocabulary
    assert error.suggestions[0] == suggestion
    assert set(error.suggestions) <= set(error.known)
    assert pickle.loads(pickle.dumps(error)).args == error.args


def test_exercises_for_suggests_what_it_takes_not_exercise_ids(kb: hk.KnowledgeBase) -> None:
    with pytest.raises(hk.UnknownIdError) as caught:
        kb.exercises_for("hip-abdution")
    takes = {m.value for m in hk.HipMovement} | set(kb.muscles) | set(kb.groups)
    assert caught.value.suggestions
    assert set(caught.value.suggestions) <= takes
    assert caught.value.suggestions[0] == "hip-abduction"


def test_exercises_for_reads_the_1x_keyword_with_a_warning(kb: hk.KnowledgeBase) -> None:
    with pytest.warns(DeprecationWarning, match="exercise_type"):
        old = kb.exercises_for("hip-abduction", kind="strengthening")
    assert old == kb.exercises_for("hip-abduction", exercise_type="strengthening")


def test_results_combine_by_id_like_sets(kb: hk.KnowledgeBase) -> None:
    groin, buttock = kb.conditions_at("groin"), kb.conditions_at("buttock")
    both, either, only = groin & buttock, groin | buttock, groin - buttock
    assert both.ids == groin.ids & buttock.ids
    assert either.ids == groin.ids | buttock.ids
    assert only.ids == groin.ids - buttock.ids
    for combined in (both, either, only):
        assert isinstance(combined, hk.Results)
        assert [c.id for c in combined] == sorted(combined.ids)
    assert isinstance(groin, tuple)
    assert groin == tuple(groin)


def test_result_types_dump_to_json(kb: hk.KnowledgeBase) -> None:
    care = kb.care_for("gluteal-tendinopathy")
    hits = kb.search("psoas")
    relations = kb.related("psoas-major")
    payload = json.loads(
        json.dumps(
            {
                "care": [c.model_dump(mode="json") for c in care],
                "hits": [h.model_dump(mode="json") for h in hits],
                "related": [r.model_dump(mode="json") for r in relations],
            }
        )
    )
    assert payload["care"][0]["intervention"]["record_kind"] in {"technique", "exercise", "treatment"}
    assert payload["hits"][0]["record"]["id"] == payload["hits"][0]["record"]["id"]
    assert payload["hits"][0]["record_kind"] == hits[0].record.kind_name
    assert {r["direction"] for r in payload["related"]} <= {"outgoing", "incoming", "mutual"}
    assert hk.parse_record(payload["care"][0]["intervention"]) == care[0].intervention


def test_search_hit_kind_is_read_with_a_warning(kb: hk.KnowledgeBase) -> None:
    hit = kb.search("psoas")[0]
    with pytest.warns(DeprecationWarning, match="record_kind"):
        assert hit.kind == hit.record_kind
