"""Content versions: requirements, release snapshots, diffs, and the bump policy the suite enforces."""

from __future__ import annotations

import copy
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import hipknowledge as hk
from hipknowledge import _versioning as v
from hipknowledge.cli import main

from .conftest import MINI, ROOT, read

RELEASES = ROOT / "releases"
Broken = Callable[[dict[str, str | None]], Path]
MANIFEST = read("manifest.yaml")
DEPRECATED = read("deprecated.yaml")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


def manifest(version: str, license: str = "CC-BY-4.0") -> str:
    return MANIFEST.replace("content_version: 1.2.0", f"content_version: {version}").replace("CC-BY-4.0", license)


def snap(root: Path) -> v.Snapshot:
    return v.Snapshot.of(hk.KnowledgeBase.from_directory(root))


@pytest.fixture(scope="module")
def released() -> v.Snapshot:
    """The mini fixture as if it had been released as 1.2.0."""
    return snap(MINI)


def check(released: v.Snapshot, root: Path) -> v.BumpCheck:
    return v.check_bump(v.diff(released, snap(root)))


# --------------------------------------------------------------------------- the shipped content


def test_shipped_content_is_allowed_by_its_version_bump(kb: hk.KnowledgeBase) -> None:
    """The check CI runs: what changed since the last release must fit the manifest's content_version."""
    previous = v.latest_release(RELEASES)
    assert previous is not None, f"no release snapshot in {RELEASES}"
    verdict = v.check_bump(v.diff(previous, kb))
    assert verdict.ok, verdict.message


def test_every_release_has_a_matching_change_file_and_changelog_entry() -> None:
    versions = v.release_versions(RELEASES)
    assert versions, "releases/ holds at least the first release"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    previous: v.Snapshot | None = None
    for version in versions:
        snapshot = v.read_snapshot(RELEASES / version)
        assert snapshot.version == version
        changes = json.loads((RELEASES / version / v.CHANGES_FILE).read_text(encoding="utf-8"))
        assert changes == json.loads(json.dumps(v.diff(previous, snapshot).as_json())), version
        assert f"Content version {version}." in changelog, f"CHANGELOG.md does not mention content {version}"
        previous = snapshot


def test_installed_content_version_is_the_manifests(kb: hk.KnowledgeBase) -> None:
    assert kb.content_version == kb.manifest.content_version
    assert v.Snapshot.of(kb).fingerprint == kb.fingerprint


# --------------------------------------------------------------------------- requirements at load time


def test_load_accepts_a_range_the_content_satisfies(kb: hk.KnowledgeBase) -> None:
    major = kb.content_version.split(".")[0]
    assert hk.load(require=f">={major}.0,<{int(major) + 1}") is kb


def test_load_refuses_a_range_the_content_misses(kb: hk.KnowledgeBase) -> None:
    wanted = f">={int(kb.content_version.split('.')[0]) + 1}"
    with pytest.raises(hk.VersionRequirementError, match=rf"content is {kb.content_version}, .* satisfy '{wanted}'"):
        hk.load(require=wanted)


def test_load_refuses_an_unreadable_requirement() -> None:
    with pytest.raises(hk.VersionRequirementError, match=r"cannot read requirement clause '=>1'; expected e\.g\."):
        hk.load(require="=>1")


@pytest.mark.parametrize(
    ("version", "requirement", "expected"),
    [
        ("1.2.0", ">=1.2,<2", True),
        ("1.10.0", ">1.9", True),
        ("2.0.0", ">=1.2,<2", False),
        ("1.4.9", "~=1.4.2", True),
        ("1.5.0", "~=1.4.2", False),
        ("1.9.0", "~=1.4", True),
        ("2.0.0", "~=1.4", False),
        ("1.0.0", "==1", True),
        ("1.0.1", "!=1.0.1", False),
    ],
)
def test_satisfies(version: str, requirement: str, expected: bool) -> None:
    assert v.satisfies(version, requirement) is expected


# --------------------------------------------------------------------------- the bump a diff needs


def test_unchanged_content_needs_no_bump(released: v.Snapshot, broken: Broken) -> None:
    verdict = check(released, broken({}))
    assert verdict.diff.empty
    assert (verdict.required, verdict.actual, verdict.ok) == ("none", "none", True)


def test_a_wording_change_needs_a_patch_bump(released: v.Snapshot, broken: Broken) -> None:
    text = read("muscles/alpha-flexor.yaml").replace("origin: pelvis", "origin: ilium")
    verdict = check(released, broken({"muscles/alpha-flexor.yaml": text}))
    assert verdict.diff.changed == (
        v.RecordChange("alpha-flexor", "muscle", (v.FieldChange("origin", "pelvis", "ilium"),)),
    )
    assert not verdict.ok
    assert "the content changed since release 1.2.0 but content_version is still 1.2.0" in verdict.message
    assert "a patch bump is needed; set content_version: 1.2.1 in" in verdict.message
    assert "muscle 'alpha-flexor' changed (origin)" in verdict.message
    fixed = check(released, broken({"muscles/alpha-flexor.yaml": text, "manifest.yaml": manifest("1.2.1")}))
    assert fixed.ok, fixed.message


def test_a_bigger_bump_than_needed_is_allowed(released: v.Snapshot, broken: Broken) -> None:
    text = read("muscles/alpha-flexor.yaml").replace("origin: pelvis", "origin: ilium")
    assert check(released, broken({"muscles/alpha-flexor.yaml": text, "manifest.yaml": manifest("1.3.0")})).ok


def test_adding_a_record_needs_a_minor_bump(released: v.Snapshot, broken: Broken) -> None:
    new = read("exercises/ex-side-raise.yaml").replace("ex-side-raise", "ex-side-lift")
    verdict = check(released, broken({"exercises/ex-side-lift.yaml": new, "manifest.yaml": manifest("1.2.1")}))
    assert verdict.diff.added == (v.RecordRef("ex-side-lift", "exercise"),)
    assert verdict.required == "minor"
    assert "content_version 1.2.1 is only a patch bump from release 1.2.0: a minor bump is needed" in verdict.message
    assert "set content_version: 1.3.0" in verdict.message
    assert "exercise 'ex-side-lift' was added" in verdict.message


def test_removing_an_id_needs_a_major_bump(released: v.Snapshot, broken: Broken) -> None:
    verdict = check(released, broken({"exercises/ex-side-raise.yaml": None}))
    assert verdict.diff.removed == (v.RecordRef("ex-side-raise", "exercise"),)
    assert verdict.required == "major"
    assert "a major bump is needed; set content_version: 2.0.0" in verdict.message
    assert "exercise 'ex-side-raise' was removed: apps that stored its ID can no longer look it up" in verdict.message
    minor = check(released, broken({"exercises/ex-side-raise.yaml": None, "manifest.yaml": manifest("1.3.0")}))
    assert "only a minor bump" in minor.message
    assert check(released, broken({"exercises/ex-side-raise.yaml": None, "manifest.yaml": manifest("2.0.0")})).ok


def deprecate(old: str, new: str, since: str) -> str:
    return DEPRECATED + f"- id: {old}\n  replaced_by: {new}\n  since: {since}\n  reason: test\n"


def test_a_rename_keeps_the_old_id_answering_but_is_major(released: v.Snapshot, broken: Broken) -> None:
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
    assert verdict.diff.renamed == (v.Replacement("ex-side-raise", "ex-side-lift", "2.0.0", "test", "exercise"),)
    assert verdict.required == "major"
    with pytest.warns(DeprecationWarning, match="'ex-side-raise' is deprecated since content 2.0.0"):
        assert hk.KnowledgeBase.from_directory(root).lookup("ex-side-raise").id == "ex-side-lift"


def test_a_merge_is_told_apart_from_a_rename(released: v.Snapshot, broken: Broken) -> None:
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


def test_a_new_deprecation_must_name_the_version_it_is_new_in(released: v.Snapshot, broken: Broken) -> None:
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


def test_dropping_a_deprecated_id_is_major(released: v.Snapshot, broken: Broken) -> None:
    verdict = check(released, broken({"deprecated.yaml": "[]\n"}))
    assert verdict.diff.retired == (v.Replacement("old-roll", "tech-roll", "1.1.0", "renamed in the fixture"),)
    assert "deprecated ID 'old-roll' (for 'tech-roll') was dropped: it no longer answers" in verdict.message
    assert verdict.required == "major"


def test_a_licence_change_is_major_and_a_title_change_a_patch(released: v.Snapshot, broken: Broken) -> None:
    assert check(released, broken({"manifest.yaml": manifest("1.2.0", "CC0-1.0")})).required == "major"
    retitled = check(released, broken({"manifest.yaml": MANIFEST.replace("mini fixture", "tiny fixture")}))
    assert retitled.diff.manifest == (v.FieldChange("title", "mini fixture", "tiny fixture"),)
    assert retitled.required == "patch"


@pytest.mark.parametrize(
    ("version", "problem"),
    [
        ("1.1.9", "content_version went backwards, from 1.2.0 to 1.1.9; set content_version: 1.2.0"),
        ("1.4.0", "content_version 1.4.0 does not follow 1.2.0: a minor bump from 1.2.0 is 1.3.0"),
        ("2.1.0", "content_version 2.1.0 does not follow 1.2.0: a major bump from 1.2.0 is 2.0.0"),
    ],
)
def test_the_version_must_be_the_next_one(released: v.Snapshot, broken: Broken, version: str, problem: str) -> None:
    verdict = check(released, broken({"manifest.yaml": manifest(version)}))
    assert verdict.problems == (problem,)


# --------------------------------------------------------------------------- field-level changes


def test_changes_are_reported_field_by_field(released: v.Snapshot, broken: Broken) -> None:
    muscle = read("muscles/beta-extensor.yaml").replace("role: prime-mover", "role: assistant", 1)
    condition = (
        read("conditions/cond-groin.yaml")
        + "- intervention: ex-bridge\n  stance: may-help\n  note: n.\n  sources:\n  - src-one\n"
    )
    root = broken({"muscles/beta-extensor.yaml": muscle, "conditions/cond-groin.yaml": condition})
    changed = {c.id: c.fields for c in v.diff(released, snap(root)).changed}
    assert changed["beta-extensor"] == (v.FieldChange("actions[0].role", "prime-mover", "assistant"),)
    (added,) = changed["cond-groin"]
    assert (added.field, added.change, added.old is v.NOT_SET) == ("care_options[1]", "added", True)
    assert added.new["intervention"] == "ex-bridge"
    assert added.as_json() == {"field": "care_options[1]", "change": "added", "new": added.new}


def test_a_record_that_changes_kind_is_major(released: v.Snapshot) -> None:
    content = copy.deepcopy(dict(released.content))
    (bridge,) = [r for r in content["records"]["exercise"] if r["id"] == "ex-bridge"]
    content["records"]["exercise"].remove(bridge)
    content["records"]["technique"].append(bridge)
    changes = v.diff(released, v.Snapshot(content, released.shape))
    assert changes.changed == (
        v.RecordChange("ex-bridge", "technique", (v.FieldChange("(kind)", "exercise", "technique"),)),
    )
    assert changes.required_bump == "major"


def reshaped(released: v.Snapshot, edit: Callable[[dict[str, Any]], None]) -> v.Snapshot:
    shape = copy.deepcopy(dict(released.shape))
    edit(shape)
    return v.Snapshot(released.content, shape)


def test_model_field_changes_follow_the_policy(released: v.Snapshot) -> None:
    def older(shape: dict[str, Any]) -> None:
        muscle = shape["fields"]["muscle"]
        del muscle["anatomy_notes"]  # a field added since: minor
        muscle["retired_field"] = "optional text"  # a field removed since: major
        muscle["summary"] = "optional text"  # became required: minor

    changes = v.diff(reshaped(released, older), released)
    reasons = {r.text: r.bump for r in changes.reasons()}
    assert reasons == {
        "field muscle.anatomy_notes was added (optional list of text)": "minor",
        "field muscle.retired_field was removed (it was optional text)": "major",
        "field muscle.summary became required": "minor",
    }
    assert v.diff(released, reshaped(released, older)).required_bump == "major"  # the reverse: required -> optional


def test_vocabulary_changes_follow_the_policy(released: v.Snapshot) -> None:
    def older(shape: dict[str, Any]) -> None:
        shape["vocabularies"]["Tool"].remove("pool")
        shape["vocabularies"]["Depth"].append("very-deep")

    reasons = {r.text: r.bump for r in v.diff(reshaped(released, older), released).reasons()}
    assert reasons["Tool gained the value 'pool'"] == "minor"
    assert reasons["Depth lost the value 'very-deep': records and apps using it break"] == "major"


def test_the_shape_describes_fields_and_vocabularies() -> None:
    shape = v.content_shape()
    assert shape["fields"]["exercise"]["primary_muscles"] == "required list of ID of muscle"
    assert shape["fields"]["condition"]["care_options[].sources"] == "required list of ID of source"
    assert shape["fields"]["muscle"]["crosses_hip"] == "optional boolean"
    assert shape["vocabularies"]["HipMovement"][0] == "hip-flexion"


# --------------------------------------------------------------------------- snapshots and change files


def test_release_writes_a_snapshot_and_a_change_file(released: v.Snapshot, broken: Broken, tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    v.write_release(releases, released, None)
    newer = snap(broken({"exercises/ex-side-raise.yaml": None, "manifest.yaml": manifest("2.0.0")}))
    snapshot_path, changes_path = v.write_release(releases, newer, v.latest_release(releases))
    assert snapshot_path == releases / "2.0.0" / "snapshot.json"
    assert v.release_versions(releases) == ["1.2.0", "2.0.0"]
    assert v.read_snapshot(snapshot_path).fingerprint == newer.fingerprint
    changes = json.loads(changes_path.read_text(encoding="utf-8"))
    assert (changes["previous_version"], changes["content_version"], changes["bump"]) == ("1.2.0", "2.0.0", "major")
    assert changes["removed"] == [{"id": "ex-side-raise", "kind": "exercise"}]
    assert changes["previous_fingerprint"] == released.fingerprint


def test_release_refuses_a_released_version_and_a_short_bump(
    released: v.Snapshot, broken: Broken, tmp_path: Path
) -> None:
    v.write_release(tmp_path, released, None)
    with pytest.raises(hk.ContentError, match="a content version not released yet"):
        v.write_release(tmp_path, released, released)
    short = snap(broken({"exercises/ex-side-raise.yaml": None, "manifest.yaml": manifest("1.3.0")}))
    with pytest.raises(hk.ContentError, match=r"set content_version: 2\.0\.0"):
        v.write_release(tmp_path, short, released)
    assert not (tmp_path / "1.3.0").exists()


def test_a_snapshot_edited_by_hand_is_refused(released: v.Snapshot, tmp_path: Path) -> None:
    snapshot_path, _ = v.write_release(tmp_path, released, None)
    data = json.loads(snapshot_path.read_text(encoding="utf-8"))
    data["content"]["manifest"]["title"] = "edited"
    snapshot_path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(hk.ContentError, match="expected the fingerprint of its content"):
        v.read_snapshot(snapshot_path)
    snapshot_path.write_text("{", encoding="utf-8")
    with pytest.raises(hk.ContentError, match="expected valid JSON"):
        v.read_snapshot(snapshot_path)
    with pytest.raises(hk.ContentError, match="a snapshot file written by `hipknowledge release`"):
        v.read_snapshot(tmp_path / "9.9.9")


def test_release_versions_sort_as_versions(released: v.Snapshot, tmp_path: Path) -> None:
    for version in ("1.10.0", "1.9.0", "not-a-version"):
        (tmp_path / version).mkdir()
        (tmp_path / version / "snapshot.json").write_text("{}", encoding="utf-8")
    assert v.release_versions(tmp_path) == ["1.9.0", "1.10.0"]
    assert v.release_versions(tmp_path / "missing") == []
    assert v.latest_release(tmp_path / "missing") is None


def test_changelog_section(released: v.Snapshot, broken: Broken) -> None:
    new = read("exercises/ex-side-raise.yaml").replace("ex-side-raise", "ex-side-lift")
    text = read("muscles/alpha-flexor.yaml").replace("origin: pelvis", "origin: ilium")
    root = broken(
        {
            "exercises/ex-side-raise.yaml": None,
            "exercises/ex-side-lift.yaml": new,
            "deprecated.yaml": deprecate("ex-side-raise", "ex-side-lift", "2.0.0"),
            "muscles/alpha-flexor.yaml": text,
        }
    )
    assert v.diff(released, snap(root)).to_markdown().splitlines() == [
        "### Content",
        "",
        "- Added: `ex-side-lift`.",
        "- Deprecated `ex-side-raise`, use `ex-side-lift` instead: test",
        "- Changed muscle `alpha-flexor`: origin.",
    ]
    first = v.diff(None, released).to_markdown()
    assert first.startswith("### Content\n\n- First release of the content: 4 muscles, 3 groups, 1 structure,")


# --------------------------------------------------------------------------- the commands


@pytest.fixture
def checkout(released: v.Snapshot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder laid out like the repository: releases/1.2.0 and src/hipknowledge/data (the mini data)."""
    import shutil

    v.write_release(tmp_path / "releases", released, None)
    shutil.copytree(MINI, tmp_path / "src" / "hipknowledge" / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "src" / "hipknowledge" / "data"


def test_diff_command_compares_the_working_copy_with_the_last_release(checkout: Path) -> None:
    (checkout / "exercises" / "ex-side-raise.yaml").unlink()
    code, text = run("diff", "--check")
    assert code == 1
    assert text.splitlines()[:3] == ["content 1.2.0 -> 1.2.0", "removed (1):", "  exercise 'ex-side-raise'"]
    assert "a major bump is needed; set content_version: 2.0.0" in text
    (checkout / "manifest.yaml").write_text(manifest("2.0.0"), encoding="utf-8")
    code, text = run("diff", "--check")
    assert (code, text.splitlines()[-1]) == (
        0,
        "ok: content 1.2.0 -> 2.0.0 (a major bump); the changes need a major bump",
    )


def test_diff_command_json_is_the_change_file(checkout: Path) -> None:
    text = read("muscles/alpha-flexor.yaml").replace("origin: pelvis", "origin: ilium")
    (checkout / "muscles" / "alpha-flexor.yaml").write_text(text, encoding="utf-8")
    code, out = run("diff", "1.2.0", str(checkout), "--json", "--check")
    data = json.loads(out)
    assert code == 1
    assert data["changed"] == [
        {
            "id": "alpha-flexor",
            "kind": "muscle",
            "fields": [{"field": "origin", "change": "changed", "old": "pelvis", "new": "ilium"}],
        }
    ]
    assert (data["bump"], data["check"]["ok"], data["check"]["required"]) == ("patch", False, "patch")


def test_diff_command_without_check_always_exits_0(checkout: Path) -> None:
    (checkout / "exercises" / "ex-side-raise.yaml").unlink()
    code, text = run("diff", "releases/1.2.0", "--data", str(checkout))
    assert code == 0
    assert text.splitlines()[-1] == "needs: a major bump"


def test_diff_command_explains_an_unreadable_argument(checkout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("diff", "7.0.0")[0] == 2
    assert "cannot read '7.0.0': expected a released version (known: 1.2.0)" in capsys.readouterr().err


def test_release_command(checkout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run("release")
    assert (code, text) == (0, "content 1.2.0 is released already, unchanged (releases/1.2.0)\n")
    (checkout / "exercises" / "ex-side-raise.yaml").unlink()
    (checkout / "manifest.yaml").write_text(manifest("1.3.0"), encoding="utf-8")
    assert run("release")[0] == 1
    assert "set content_version: 2.0.0" in capsys.readouterr().err
    (checkout / "manifest.yaml").write_text(manifest("2.0.0"), encoding="utf-8")
    code, text = run("release")
    assert code == 0
    assert text.splitlines()[:2] == ["wrote releases/2.0.0/snapshot.json", "wrote releases/2.0.0/changes.json"]
    assert "- Removed: `ex-side-raise`." in text
    assert re.search(r"\"bump\": \"major\"", Path("releases/2.0.0/changes.json").read_text(encoding="utf-8"))
