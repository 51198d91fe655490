"""The bump policy of docs/versioning.md: which version bump each kind of change needs, and the advice given."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import hipknowledge as hk
from hipknowledge.versioning import (
    FieldChange,
    RecordChange,
    RecordRef,
    Replacement,
    Snapshot,
    check_bump,
    diff,
    reasons,
    required_bump,
)

from .paths import MINI, read
from .versions import MANIFEST, check, deprecate, manifest, snap

Broken = Callable[[dict[str, str | None]], Path]


@pytest.fixture(scope="module")
def released() -> Snapshot:
    """The mini fixture as if it had been released as 1.2.0."""
    return snap(MINI)


def test_unchanged_content_needs_no_bump(released: Snapshot, broken: Broken) -> None:
    verdict = check(released, broken({}))
    assert verdict.diff.empty
    assert (verdict.required, verdict.actual, verdict.ok) == ("none", "none", True)


def test_a_wording_change_needs_a_patch_bump(released: Snapshot, broken: Broken) -> None:
    text = read("muscles/alpha-flexor.yaml").replace("origin: pelvis", "origin: ilium")
    verdict = check(released, broken({"muscles/alpha-flexor.yaml": text}))
    assert verdict.diff.changed == (
        RecordChange("alpha-flexor", "muscle", (FieldChange("origin", "pelvis", "ilium"),)),
    )
    assert not verdict.ok
    assert "the content changed since release 1.2.0 but content_version is still 1.2.0" in verdict.message
    assert "a patch bump is needed; set content_version: 1.2.1 in" in verdict.message
    assert "muscle 'alpha-flexor' changed (origin)" in verdict.message
    fixed = check(released, broken({"muscles/alpha-flexor.yaml": text, "manifest.yaml": manifest("1.2.1")}))
    assert fixed.ok, fixed.message


def test_the_advice_names_the_manifest_it_is_given(released: Snapshot, broken: Broken) -> None:
    root = broken({"exercises/ex-side-raise.yaml": None})
    changes = diff(released, snap(root))
    advice = "set content_version: 2.0.0 in {} (or undo the change)"
    assert advice.format(root / "manifest.yaml") in check_bump(changes, manifest=root / "manifest.yaml").message
    assert advice.format("manifest.yaml") in check_bump(changes).message


def test_a_bigger_bump_than_needed_is_allowed(released: Snapshot, broken: Broken) -> None:
    text = read("muscles/alpha-flexor.yaml").replace("origin: pelvis", "origin: ilium")
    assert check(released, broken({"muscles/alpha-flexor.yaml": text, "manifest.yaml": manifest("1.3.0")})).ok


def test_adding_a_record_needs_a_minor_bump(released: Snapshot, broken: Broken) -> None:
    new = read("exercises/ex-side-raise.yaml").replace("ex-side-raise", "ex-side-lift")
    verdict = check(released, broken({"exercises/ex-side-lift.yaml": new, "manifest.yaml": manifest("1.2.1")}))
    assert verdict.diff.added == (RecordRef("ex-side-lift", "exercise"),)
    assert verdict.required == "minor"
    assert "content_version 1.2.1 is only a patch bump from release 1.2.0: a minor bump is needed" in verdict.message
    assert "set content_version: 1.3.0" in verdict.message
    assert "exercise 'ex-side-lift' was added" in verdict.message


def test_removing_an_id_needs_a_major_bump(released: Snapshot, broken: Broken) -> None:
    verdict = check(released, broken({"exercises/ex-side-raise.yaml": None}))
    assert verdict.diff.removed == (RecordRef("ex-side-raise", "exercise"),)
    assert verdict.required == "major"
    assert "a major bump is needed; set content_version: 2.0.0" in verdict.message
    assert "exercise 'ex-side-raise' was removed: apps that stored its ID can no longer look it up" in verdict.message
    minor = check(released, broken({"exercises/ex-side-raise.yaml": None, "manifest.yaml": manifest("1.3.0")}))
    assert "only a minor bump" in minor.message
    assert check(released, broken({"exercises/ex-side-raise.yaml": None, "manifest.yaml": manifest("2.0.0")})).ok


def test_a_rename_keeps_the_old_id_answering_but_is_major(released: Snapshot, broken: Broken) -> None:
    new = read("exercises/ex-side-raise.yaml").replace("ex-side-raise", "ex-side-lift")
    root = broken(
        {
            "exercises/ex-side-raise.yaml": None,
            "exercises/ex-side-lift.yaml": new,
            "deprecated.yaml": deprecate("ex-side-raise", "ex-side-lift", "2.0.0"),
            "manifest.yaml": manifest("2.0.0"),
        }
    )
    verdict = check(released, root)
    assert verdict.ok, verdict.message
    assert verdict.diff.removed == ()
    assert verdict.diff.renamed == (Replacement("ex-side-raise", "ex-side-lift", "2.0.0", "test", "exercise"),)
    assert verdict.required == "major"
    with pytest.warns(DeprecationWarning, match="'ex-side-raise' is deprecated since content 2.0.0"):
        assert hk.KnowledgeBase.from_directory(root).lookup("ex-side-raise").id == "ex-side-lift"


def test_a_merge_is_told_apart_from_a_rename(released: Snapshot, broken: Broken) -> None:
    root = broken(
        {
            "exercises/ex-side-raise.yaml": None,
            "deprecated.yaml": deprecate("ex-side-raise", "ex-bridge", "1.2.1"),
            "manifest.yaml": manifest("1.2.1"),
        }
    )
    verdict = check(released, root)
    (merge,) = verdict.diff.deprecated
    assert (merge.merged, merge.kind) == (True, "exercise")
    assert "exercise 'ex-side-raise' was merged into 'ex-bridge'" in verdict.message
    assert "set content_version: 2.0.0" in verdict.message


def test_a_new_deprecation_must_name_the_version_it_is_new_in(released: Snapshot, broken: Broken) -> None:
    root = broken(
        {
            "exercises/ex-side-raise.yaml": None,
            "deprecated.yaml": deprecate("ex-side-raise", "ex-bridge", "1.2.0"),
            "manifest.yaml": manifest("2.0.0"),
        }
    )
    verdict = check(released, root)
    assert verdict.problems == (
        "deprecated.yaml: 'ex-side-raise' is new in 2.0.0 but says since: 1.2.0; set since: 2.0.0",
    )


def test_dropping_a_deprecated_id_is_major(released: Snapshot, broken: Broken) -> None:
    verdict = check(released, broken({"deprecated.yaml": "[]\n"}))
    assert verdict.diff.retired == (Replacement("old-roll", "tech-roll", "1.1.0", "renamed in the fixture"),)
    assert "deprecated ID 'old-roll' (for 'tech-roll') was dropped: it no longer answers" in verdict.message
    assert verdict.required == "major"


def test_a_licence_change_is_major_and_a_title_change_a_patch(released: Snapshot, broken: Broken) -> None:
    assert check(released, broken({"manifest.yaml": manifest("1.2.0", "CC0-1.0")})).required == "major"
    retitled = check(released, broken({"manifest.yaml": MANIFEST.replace("mini fixture", "tiny fixture")}))
    assert retitled.diff.manifest == (FieldChange("title", "mini fixture", "tiny fixture"),)
    assert retitled.required == "patch"


@pytest.mark.parametrize(
    ("version", "problem"),
    [
        ("1.1.9", "content_version went backwards, from 1.2.0 to 1.1.9; set content_version: 1.2.0"),
        ("1.4.0", "content_version 1.4.0 does not follow 1.2.0: a minor bump from 1.2.0 is 1.3.0"),
        ("2.1.0", "content_version 2.1.0 does not follow 1.2.0: a major bump from 1.2.0 is 2.0.0"),
    ],
)
def test_the_version_must_be_the_next_one(released: Snapshot, broken: Broken, version: str, problem: str) -> None:
    verdict = check(released, broken({"manifest.yaml": manifest(version)}))
    assert verdict.problems == (problem,)


def test_a_record_that_changes_kind_is_major(released: Snapshot) -> None:
    content = copy.deepcopy(dict(released.content))
    (bridge,) = [r for r in content["records"]["exercise"] if r["id"] == "ex-bridge"]
    content["records"]["exercise"].remove(bridge)
    content["records"]["technique"].append(bridge)
    changes = diff(released, Snapshot(content, released.shape))
    assert changes.changed == (
        RecordChange("ex-bridge", "technique", (FieldChange("(kind)", "exercise", "technique"),)),
    )
    assert required_bump(changes) == "major"


def reshaped(released: Snapshot, edit: Callable[[dict[str, Any]], None]) -> Snapshot:
    shape = copy.deepcopy(dict(released.shape))
    edit(shape)
    return Snapshot(released.content, shape)


def test_model_field_changes_follow_the_policy(released: Snapshot) -> None:
    def older(shape: dict[str, Any]) -> None:
        muscle = shape["fields"]["muscle"]
        del muscle["anatomy_notes"]  # a field added since: minor
        muscle["retired_field"] = "optional text"  # a field removed since: major
        muscle["summary"] = "optional text"  # became required: major

    changes = diff(reshaped(released, older), released)
    assert {r.text: r.bump for r in reasons(changes)} == {
        "field muscle.anatomy_notes was added (optional list of text)": "minor",
        "field muscle.retired_field was removed (it was optional text)": "major",
        "field muscle.summary became required: stored data without it no longer validates": "major",
    }
    assert required_bump(diff(released, reshaped(released, older))) == "major"  # the reverse: required -> optional


def test_a_field_that_became_required_alone_needs_a_major_bump(released: Snapshot) -> None:
    def older(shape: dict[str, Any]) -> None:
        shape["fields"]["muscle"]["actions[].role"] = "optional ActionRole"

    changes = diff(reshaped(released, older), released)
    assert changes.fields == (FieldChange("muscle.actions[].role", "optional ActionRole", "required ActionRole"),)
    assert required_bump(changes) == "major"


def test_vocabulary_changes_follow_the_policy(released: Snapshot) -> None:
    def older(shape: dict[str, Any]) -> None:
        shape["vocabularies"]["Tool"].remove("pool")
        shape["vocabularies"]["Depth"].append("very-deep")

    found = {r.text: r.bump for r in reasons(diff(reshaped(released, older), released))}
    assert found["Tool gained the value 'pool'"] == "minor"
    assert found["Depth lost the value 'very-deep': records and apps using it break"] == "major"


def test_reasons_come_biggest_first(released: Snapshot, broken: Broken) -> None:
    new = read("exercises/ex-side-raise.yaml").replace("ex-side-raise", "ex-side-lift")
    text = read("muscles/alpha-flexor.yaml").replace("origin: pelvis", "origin: ilium")
    root = broken(
        {"muscles/alpha-flexor.yaml": text, "exercises/ex-side-lift.yaml": new, "exercises/ex-side-raise.yaml": None}
    )
    assert [r.bump for r in reasons(diff(released, snap(root)))] == ["major", "minor", "patch"]


def test_a_new_required_field_is_major_as_a_field_made_required_is(released: Snapshot) -> None:
    """Stored data from before cannot hold a field that did not exist: if the field is required, it fails validation."""

    def older(shape: dict[str, Any]) -> None:
        muscle = shape["fields"]["muscle"]
        del muscle["depth"]  # a required field new in this version, on the record itself
        del muscle["innervation.nerve"]  # a required field new in an object that was there before
        del muscle["actions[].movement"]  # a required field new in the items of a list that was there before

    changes = diff(reshaped(released, older), released)
    found = {r.text: r.bump for r in reasons(changes)}
    why = "stored data without it no longer validates"
    assert found == {
        f"field muscle.depth was added (required Depth): {why}": "major",
        f"field muscle.innervation.nerve was added (required text): {why}": "major",
        f"field muscle.actions[].movement was added (required HipMovement): {why}": "major",
    }
    assert required_bump(changes) == "major"


def test_a_required_field_in_something_new_is_minor(released: Snapshot) -> None:
    """Under a new optional object, or in a new kind of record, no data stored before can miss the field."""

    def older(shape: dict[str, Any]) -> None:
        muscle = shape["fields"]["muscle"]
        del muscle["external_ids"]  # optional object, new with its fields
        del muscle["external_ids.uberon"]
        muscle.pop("external_ids.fma")
        del shape["fields"]["claim"]  # a new kind of record, required fields and all

    newer = reshaped(released, lambda shape: shape["fields"]["muscle"].update({"external_ids.fma": "required text"}))
    changes = diff(reshaped(released, older), newer)
    assert {r.bump for r in reasons(changes)} == {"minor"}
    assert "field muscle.external_ids.fma was added (required text)" in {r.text for r in reasons(changes)}
    assert any(r.text.startswith("field claim.id was added") for r in reasons(changes))
