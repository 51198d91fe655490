"""Relationship lookups on the hand-drawn mini data set (see fixtures/README.md)."""

from __future__ import annotations

import warnings

import pytest

import hipknowledge as hk
from hipknowledge.vocab import ActionRole, HipMovement, HipPosition

from .paths import MINI
from .questions import assert_same_answers, doubled


def ids(records: tuple[hk.Record, ...] | tuple[hk.Muscle, ...]) -> list[str]:
    return [r.id for r in records]


def test_mappings_are_typed_and_complete(mini: hk.KnowledgeBase) -> None:
    assert sorted(mini.muscles) == ["alpha-flexor", "beta-extensor", "delta-adductor", "gamma-abductor"]
    assert isinstance(mini.muscles["alpha-flexor"], hk.Muscle)
    assert len(mini) == 22
    assert mini.content_version == "1.2.0"


def test_mapping_miss_raises_unknown_id_with_suggestions(mini: hk.KnowledgeBase) -> None:
    with pytest.raises(hk.UnknownIdError, match="did you mean 'alpha-flexor'") as caught:
        mini.muscles["alpha-flexr"]
    assert caught.value.suggestions[0] == "alpha-flexor"
    assert isinstance(caught.value, LookupError)
    assert mini.muscles.get("alpha-flexr") is None
    assert "alpha-flexr" not in mini.muscles


def test_lookup_and_get_contracts(mini: hk.KnowledgeBase) -> None:
    assert mini.lookup("cond-groin").name == "Groin condition"
    assert mini.get("no-such-thing") is None
    assert mini.get("no-such-thing", "fallback") == "fallback"
    with pytest.raises(LookupError, match="no record with id 'cond-grion'; did you mean 'cond-groin'"):
        mini.lookup("cond-grion")


def test_deprecated_id_resolves_with_warning(mini: hk.KnowledgeBase) -> None:
    with pytest.warns(DeprecationWarning, match="'old-roll' is deprecated since content 1.1.0; use 'tech-roll'"):
        assert mini.lookup("old-roll").id == "tech-roll"
    with pytest.warns(DeprecationWarning, match="old-roll"):
        assert mini.get("old-roll") is mini.techniques["tech-roll"]


def test_strict_mode_raises_on_deprecated_id() -> None:
    strict = hk.KnowledgeBase.from_directory(MINI, strict=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(hk.DeprecatedIdError, match="use 'tech-roll'") as caught:
            strict.lookup("old-roll")
    assert caught.value.replaced_by == "tech-roll"


def test_muscles_targeted_by_expands_groups(mini: hk.KnowledgeBase) -> None:
    # gamma-abductor is a deep member whose manual reach is disputed: worked, not "targeted".
    assert ids(mini.muscles_targeted_by("tech-roll")) == ["alpha-flexor"]
    assert ids(mini.muscles_targeted_by("tech-roll", reach=hk.Reach)) == ["alpha-flexor", "gamma-abductor"]
    assert mini.reach("tech-roll", "gamma-abductor") is hk.Reach.DISPUTED
    assert mini.reach("tech-roll", "alpha-flexor") is hk.Reach.THROUGH_OVERLYING_TISSUE
    assert ids(mini.muscles_targeted_by("tech-press")) == ["beta-extensor"]


def test_techniques_targeting_is_the_reverse(mini: hk.KnowledgeBase) -> None:
    assert ids(mini.techniques_targeting("gamma-abductor")) == []
    assert ids(mini.techniques_targeting("gamma-abductor", reach={"disputed"})) == ["tech-roll"]
    assert ids(mini.techniques_targeting("beta-extensor")) == ["tech-press"]
    assert ids(mini.techniques_targeting("delta-adductor")) == []
    assert ids(mini.techniques_targeting("front-group")) == ["tech-roll"]
    assert ids(mini.techniques_targeting("band-structure")) == ["tech-press"]


def test_techniques_targeting_rejects_other_kinds(mini: hk.KnowledgeBase) -> None:
    with pytest.raises(hk.UnknownIdError, match="no muscle, group or structure with id 'cond-groin'"):
        mini.techniques_targeting("cond-groin")


def test_conditions_by_pain_location(mini: hk.KnowledgeBase) -> None:
    assert ids(mini.conditions_at("buttock")) == ["cond-buttock", "cond-buttock-thigh"]
    assert ids(mini.conditions_at(hk.BodyRegion.GROIN)) == ["cond-groin"]
    assert ids(mini.conditions_at("foot")) == []
    assert ids(mini.conditions_at("foot", radiating=True)) == ["cond-buttock-thigh"]
    with pytest.raises(hk.UnknownValueError, match="unknown body region 'buttocks' \\(did you mean 'buttock'\\?\\)"):
        mini.conditions_at("buttocks")  # type: ignore[arg-type]


def test_conditions_sharing_pain_location(mini: hk.KnowledgeBase) -> None:
    assert ids(mini.conditions_sharing_pain_location("cond-buttock")) == ["cond-buttock-thigh"]
    assert ids(mini.conditions_sharing_pain_location("cond-buttock-thigh")) == ["cond-buttock"]
    assert ids(mini.conditions_sharing_pain_location("cond-groin")) == []


def test_muscles_for_movement_orders_prime_movers_first(mini: hk.KnowledgeBase) -> None:
    assert ids(mini.muscles_for("hip-flexion")) == ["alpha-flexor", "gamma-abductor"]
    assert ids(mini.muscles_for(HipMovement.FLEXION, role="assistant")) == ["gamma-abductor"]
    assert ids(mini.muscles_for("hip-internal-rotation")) == []
    with pytest.raises(hk.UnknownValueError, match="unknown hip movement 'hip-twist'"):
        mini.muscles_for("hip-twist")  # type: ignore[arg-type]


def test_muscles_for_a_hip_position_keep_only_actions_that_hold_there(kb: hk.KnowledgeBase) -> None:
    # Piriformis turns the straight hip outward, and the well-bent hip inward.
    assert "piriformis" in kb.muscles_for("hip-external-rotation").ids
    assert "piriformis" in kb.muscles_for("hip-external-rotation", position="extended").ids
    assert "piriformis" not in kb.muscles_for("hip-external-rotation", position=HipPosition.FLEXED).ids
    assert "piriformis" in kb.muscles_for("hip-internal-rotation", position="flexed").ids
    assert "piriformis" not in kb.muscles_for("hip-internal-rotation", position="extended").ids
    # Adductor longus flexes the straight hip and helps extend the deeply bent one.
    assert "adductor-longus" in kb.muscles_for("hip-flexion", role="assistant", position="extended").ids
    assert "adductor-longus" not in kb.muscles_for("hip-flexion", position="flexed").ids
    assert "adductor-longus" in kb.muscles_for("hip-extension", position="flexed").ids
    # A muscle whose action holds in every position answers for both, prime movers still first.
    flexed = kb.muscles_for("hip-external-rotation", position="flexed")
    assert "gluteus-maximus" in flexed.ids
    roles = [next(a.role for a in m.actions if a.movement is HipMovement.EXTERNAL_ROTATION) for m in flexed]
    assert roles == sorted(roles, key=list(ActionRole).index)
    with pytest.raises(hk.UnknownValueError, match="unknown hip position 'bent'"):
        kb.muscles_for("hip-flexion", position="bent")  # type: ignore[arg-type]


def test_muscles_for_a_position_is_what_the_records_say(kb: hk.KnowledgeBase) -> None:
    for movement in HipMovement:
        for position in HipPosition:
            for role in (None, *ActionRole):
                expected = {
                    m.id
                    for m in kb.muscles.values()
                    for a in m.actions
                    if a.movement is movement
                    and a.position in {HipPosition.ANY, position}
                    and (role is None or a.role is role)
                }
                assert kb.muscles_for(movement, role=role, position=position).ids == expected
    # Without a position every action counts, as before positions were recorded.
    assert kb.muscles_for("hip-external-rotation") == kb.muscles_for("hip-external-rotation", position=None)


def test_antagonists_come_from_opposite_movements(mini: hk.KnowledgeBase) -> None:
    assert ids(mini.antagonists("alpha-flexor")) == ["beta-extensor"]
    assert ids(mini.antagonists("beta-extensor")) == ["alpha-flexor"]
    assert ids(mini.antagonists("gamma-abductor")) == ["delta-adductor"]


def test_exercises_for_muscle_group_and_movement(mini: hk.KnowledgeBase) -> None:
    assert ids(mini.exercises_for("gamma-abductor")) == ["ex-lunge-stretch", "ex-side-raise"]
    assert ids(mini.exercises_for("front-group")) == ["ex-lunge-stretch", "ex-side-raise"]
    # a stretch into extension works the flexors; strengthening into extension works the extensors
    assert ids(mini.exercises_for("hip-flexion")) == ["ex-lunge-stretch"]
    assert ids(mini.exercises_for("hip-extension")) == ["ex-bridge"]
    assert ids(mini.exercises_for("hip-abduction", exercise_type="strengthening")) == ["ex-side-raise"]
    assert ids(mini.exercises_for("hip-abduction", exercise_type="stretch")) == []


def test_care_for_condition_keeps_order_and_stance(mini: hk.KnowledgeBase) -> None:
    care = mini.care_for("cond-buttock")
    assert [(c.intervention.id, c.option.stance.value) for c in care] == [
        ("tech-press", "may-help"),
        ("ex-bridge", "supported"),
    ]
    assert ids(mini.conditions_treated_by("tech-roll")) == ["cond-groin"]


def test_members_groups_and_involvement(mini: hk.KnowledgeBase) -> None:
    assert ids(mini.members("front-group")) == ["alpha-flexor", "gamma-abductor"]
    assert ids(mini.groups_of("gamma-abductor")) == ["side-group", "front-group"]
    assert ids(mini.conditions_involving("beta-extensor")) == ["cond-buttock", "cond-buttock-thigh"]
    assert ids(mini.conditions_involving("band-structure")) == ["cond-buttock-thigh"]


def test_claims_sources_and_references(mini: hk.KnowledgeBase) -> None:
    assert ids(mini.claims_about("tech-roll")) == ["claim-one"]
    assert ids(mini.cited_by("src-two")) == [
        "band-structure",
        "claim-one",
        "cond-buttock",
        "cond-buttock-thigh",
        "cond-groin",
        "ex-bridge",
        "ex-lunge-stretch",
        "ex-side-raise",
        "fac-clot",
        "fac-surgery",
        "fac-thin",
        "tech-press",
    ]
    fields = {field for field, _ in mini.references("cond-buttock")}
    assert fields == {
        "sources[0]",
        "involved[0]",
        "care_options[0].intervention",
        "care_options[0].sources[0]",
        "care_options[0].graded_by",
        "care_options[1].graded_by",
        "care_options[1].intervention",
        "care_options[1].sources[0]",
        "red_flags[0].sources[0]",
    }


def test_records_by_kind_and_unknown_kind(mini: hk.KnowledgeBase) -> None:
    assert ids(mini.records("exercise")) == ["ex-bridge", "ex-lunge-stretch", "ex-side-raise"]
    assert len(mini.records()) == len(mini)
    with pytest.raises(hk.UnknownKindError, match="unknown kind 'muscels'"):
        mini.records("muscels")


def test_fingerprint_is_stable_and_content_sensitive(mini: hk.KnowledgeBase) -> None:
    again = hk.KnowledgeBase.from_directory(MINI)
    assert mini.fingerprint == again.fingerprint
    assert mini.fingerprint.startswith("sha256:")
    changed = hk.KnowledgeBase(
        [r for r in mini.records() if r.id != "ex-bridge" and r.kind_name != "condition"]
        + [c.model_copy(update={"care_options": ()}) for c in mini.conditions.values()],
        mini.manifest,
    )
    assert changed.fingerprint != mini.fingerprint


def test_search_on_fixture(mini: hk.KnowledgeBase) -> None:
    assert mini.search("alpha")[0].record.id == "alpha-flexor"
    assert mini.search("Alpa flexor")[0].record.id == "alpha-flexor"
    assert mini.search("") == ()


def test_bound_queries_answer_like_their_methods(mini: hk.KnowledgeBase) -> None:
    # Each knowledge base answers single-argument queries through remembered answers;
    # the class's methods are the reference behaviour they must match.
    for muscle_id in mini.muscles:
        assert mini.antagonists(muscle_id) == hk.KnowledgeBase.antagonists(mini, muscle_id)
        assert mini.techniques_targeting(muscle_id) == hk.KnowledgeBase.techniques_targeting(mini, muscle_id)
    for condition_id in mini.conditions:
        assert mini.care_for(condition_id) == hk.KnowledgeBase.care_for(mini, condition_id)
    assert mini.lookup("alpha-flexor") is hk.KnowledgeBase.lookup(mini, "alpha-flexor")


def test_bound_queries_keep_warning_and_raising(mini: hk.KnowledgeBase) -> None:
    for _ in range(2):  # a deprecated ID is never remembered: it warns every time
        with pytest.warns(DeprecationWarning, match="old-roll"):
            assert ids(mini.muscles_targeted_by("old-roll")) == ["alpha-flexor"]
    for _ in range(2):  # nor is an unknown one: it raises every time
        with pytest.raises(hk.UnknownIdError, match="did you mean 'tech-roll'"):
            mini.muscles_targeted_by("tech-rol")
    assert "tech-rol" not in mini


@pytest.mark.parametrize("content", ["mini", "kb"])
def test_a_list_given_twice_answers_once(request: pytest.FixtureRequest, content: str) -> None:
    """Every list a record gives (groups, actions, targets, regions, subjects...) written twice."""
    kb: hk.KnowledgeBase = request.getfixturevalue(content)
    twice = hk.KnowledgeBase([doubled(r) for r in kb.records()], kb.manifest, tuple(kb.deprecations.values()))
    assert_same_answers(kb, twice)
    muscle = next(m for m in twice.muscles.values() if m.groups)
    assert len(muscle.groups) > len(set(muscle.groups))  # the lists really are doubled


def test_records_sharing_an_id_are_refused(mini: hk.KnowledgeBase) -> None:
    records = [*mini.records(), mini.muscles["alpha-flexor"]]
    with pytest.raises(ValueError, match="more than one record has the ID 'alpha-flexor'"):
        hk.KnowledgeBase(records, mini.manifest)
    source = next(iter(mini.sources.values()))
    clash = source.model_copy(update={"id": "alpha-flexor"})
    with pytest.raises(ValueError, match="more than one record has the ID 'alpha-flexor'"):
        hk.KnowledgeBase([*mini.records(), clash], mini.manifest)
