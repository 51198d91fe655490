"""What changed for apps since a content version: versioning.changes() over a history of releases, and the shipped."""

from __future__ import annotations

import copy
import dataclasses
import json
import shutil
import zipfile
from pathlib import Path

import pytest

import hipknowledge as hk
from hipknowledge.errors import MISSING, InvalidArgumentError
from hipknowledge.versioning import (
    CHANGES_FILE,
    ContentChanges,
    FieldChange,
    RecordRef,
    ReleaseChanges,
    Replacement,
    Snapshot,
    changes,
    latest_release,
    release_versions,
    releases_root,
    write_release,
)

from .paths import MINI, RELEASES, read
from .versions import DEPRECATED, manifest, snap

SIDE_LIFT = read("exercises/ex-side-raise.yaml").replace("ex-side-raise", "ex-side-lift")
WALL_SIT = read("exercises/ex-side-raise.yaml").replace("ex-side-raise", "ex-wall-sit")
FLEXOR = read("muscles/alpha-flexor.yaml").replace("origin: pelvis", "origin: ilium")
RENAMED = "- id: ex-side-raise\n  replaced_by: ex-side-lift\n  since: 2.0.0\n  reason: test\n"
ALIAS = "- id: side-lift\n  replaced_by: ex-side-lift\n  since: 3.1.0\n  reason: test\n"

# The mini data's history: each version's edits to the mini data set, cumulative by hand.
V2 = {
    "exercises/ex-side-raise.yaml": None,
    "exercises/ex-side-lift.yaml": SIDE_LIFT,  # renamed from ex-side-raise: major
    "muscles/alpha-flexor.yaml": FLEXOR,  # new wording: patch
    "deprecated.yaml": DEPRECATED + RENAMED,
    "manifest.yaml": manifest("2.0.0"),
}
V2_1 = {**V2, "exercises/ex-wall-sit.yaml": WALL_SIT, "manifest.yaml": manifest("2.1.0")}  # added: minor
V3 = {**V2, "deprecated.yaml": RENAMED, "manifest.yaml": manifest("3.0.0")}  # ex-wall-sit removed, old-roll dropped
V3_1 = {**V3, "deprecated.yaml": RENAMED + ALIAS, "manifest.yaml": manifest("3.1.0")}  # a new alias: minor


def data(folder: Path, edits: dict[str, str | None]) -> Path:
    """A copy of the mini data set in ``folder`` with ``edits`` (a file's new text, or None to delete it)."""
    shutil.copytree(MINI, folder)
    for name, text in edits.items():
        if text is None:
            (folder / name).unlink()
        else:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, hk.KnowledgeBase]:
    """Releases 1.2.0 (the mini data), 2.0.0, 2.1.0 and 3.0.0, and content 3.1.0 not released yet."""
    root = tmp_path_factory.mktemp("history")
    releases = root / "releases"
    write_release(releases, snap(MINI), None)
    for name, edits in (("2.0.0", V2), ("2.1.0", V2_1), ("3.0.0", V3)):
        write_release(releases, snap(data(root / name, edits)), latest_release(releases))
    return releases, hk.KnowledgeBase.from_directory(data(root / "3.1.0", V3_1))


@pytest.fixture
def releases(history: tuple[Path, hk.KnowledgeBase], tmp_path: Path) -> Path:
    """A copy of the history's releases, for a test to damage."""
    return Path(shutil.copytree(history[0], tmp_path / "releases"))


def test_every_release_after_since_up_to_the_current_content(history: tuple[Path, hk.KnowledgeBase]) -> None:
    folder, current = history
    report = changes("1.2.0", kb=current, releases=folder)
    assert (report.since, report.until, report.bump, report.released) == ("1.2.0", "3.1.0", "major", False)
    assert [(r.version, r.previous_version, r.bump, r.required_bump, r.released) for r in report.releases] == [
        ("2.0.0", "1.2.0", "major", "major", True),
        ("2.1.0", "2.0.0", "minor", "minor", True),
        ("3.0.0", "2.1.0", "major", "major", True),
        ("3.1.0", "3.0.0", "minor", "minor", False),
    ]
    renamed, added, removed, pending = report.releases
    assert renamed.renamed == (Replacement("ex-side-raise", "ex-side-lift", "2.0.0", "test", "exercise"),)
    assert renamed.added == (RecordRef("ex-side-lift", "exercise"),)
    assert (renamed.removed, renamed.aliases, renamed.retired) == ((), (), ())
    assert renamed.changed == (RecordRef("alpha-flexor", "muscle"),)
    assert any("renamed to 'ex-side-lift'" in reason.text for reason in renamed.reasons)
    assert added.added == (RecordRef("ex-wall-sit", "exercise"),)
    assert removed.removed == (RecordRef("ex-wall-sit", "exercise"),)
    assert removed.retired == (Replacement("old-roll", "tech-roll", "1.1.0", "renamed in the fixture"),)
    assert pending.aliases == (Replacement("side-lift", "ex-side-lift", "3.1.0", "test"),)
    assert pending.fingerprint == current.fingerprint


def test_stored_ids_follow_renames_and_removals(history: tuple[Path, hk.KnowledgeBase]) -> None:
    folder, current = history
    report = changes("1.2.0", kb=current, releases=folder)
    assert report.migrate_id("ex-side-raise") == "ex-side-lift"
    assert report.migrate_id("old-roll") == "tech-roll"  # an old alias, dropped in 3.0.0
    assert report.migrate_id("ex-wall-sit") is None  # added in 2.1.0, removed in 3.0.0
    assert report.migrate_id("alpha-flexor") == "alpha-flexor"  # reworded: the same ID
    for stored in ("ex-side-raise", "old-roll", "alpha-flexor", "beta-extensor"):
        assert report.migrate_id(stored) in {record.id for record in current.records()}


def test_a_chain_of_renames_leads_to_the_last_name() -> None:
    def release(version: str, **kwargs: tuple[Replacement, ...]) -> ReleaseChanges:
        return ReleaseChanges(version, None, True, "major", "major", "sha256:x", **kwargs)  # type: ignore[arg-type]

    report = ContentChanges(
        "1.0.0",
        "3.0.0",
        (
            release("2.0.0", renamed=(Replacement("a", "b", "2.0.0", "r", "muscle"),)),
            release("3.0.0", renamed=(Replacement("b", "c", "3.0.0", "r", "muscle", merged=True),)),
        ),
    )
    assert (report.migrate_id("a"), report.migrate_id("b"), report.migrate_id("z")) == ("c", "c", "z")


def test_until_stops_at_a_release(history: tuple[Path, hk.KnowledgeBase]) -> None:
    folder, current = history
    report = changes("2.0.0", until="2.1.0", kb=current, releases=folder)
    assert [r.version for r in report.releases] == ["2.1.0"]
    assert (report.bump, report.released) == ("minor", True)
    assert report.migrate_id("ex-wall-sit") == "ex-wall-sit"


def test_since_the_current_version_nothing_changed(history: tuple[Path, hk.KnowledgeBase]) -> None:
    folder, current = history
    assert changes("3.1.0", kb=current, releases=folder) == ContentChanges("3.1.0", "3.1.0", (), released=False)
    assert changes("3.0.0", until="3.0.0", kb=current, releases=folder) == ContentChanges("3.0.0", "3.0.0", ())


def test_versions_are_matched_with_zero_padding(history: tuple[Path, hk.KnowledgeBase]) -> None:
    folder, current = history
    report = changes("2", until="3.0", kb=current, releases=folder)
    assert (report.since, report.until) == ("2.0.0", "3.0.0")


@pytest.mark.parametrize(
    ("since", "until", "error", "message"),
    [
        (
            "1.5.0",
            None,
            InvalidArgumentError,
            r"unknown content version '1\.5\.0' for since: expected a released version "
            r"\(1\.2\.0, 2\.0\.0, 2\.1\.0, 3\.0\.0\) or the current content's, 3\.1\.0 \(not released yet\)",
        ),
        ("1.0.0", None, InvalidArgumentError, r"unknown content version '1\.0\.0' for since"),
        ("2.0.0", "9.0.0", InvalidArgumentError, r"unknown content version '9\.0\.0' for until"),
        ("3.0.0", "2.0.0", InvalidArgumentError, r"since 3\.0\.0 is newer than until 2\.0\.0"),
        ("latest", None, hk.VersionRequirementError, r"cannot read version 'latest'"),
        ("v2.0.0", None, hk.VersionRequirementError, r"cannot read version 'v2\.0\.0'"),
    ],
)
def test_an_unknown_version_is_refused_with_the_known_ones(
    history: tuple[Path, hk.KnowledgeBase], since: str, until: str | None, error: type[Exception], message: str
) -> None:
    folder, current = history
    with pytest.raises(error, match=message) as raised:
        changes(since, until=until, kb=current, releases=folder)
    assert isinstance(raised.value, hk.HipKnowledgeError)
    assert isinstance(raised.value, ValueError)


def test_the_answer_is_frozen_and_plain_json(history: tuple[Path, hk.KnowledgeBase]) -> None:
    folder, current = history
    report = changes("1.2.0", kb=current, releases=folder)
    data = report.as_json()
    assert json.loads(json.dumps(data)) == data
    assert (data["since"], data["until"], data["bump"], data["released"]) == ("1.2.0", "3.1.0", "major", False)
    first = data["releases"][0]
    assert first["renamed"] == [
        {
            "id": "ex-side-raise",
            "replaced_by": "ex-side-lift",
            "kind": "exercise",
            "merged": False,
            "since": "2.0.0",
            "reason": "test",
        }
    ]
    assert first["added"] == [{"id": "ex-side-lift", "kind": "exercise"}]
    assert first["reasons"][0]["bump"] == "major"
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.since = "2.0.0"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.releases[0].bump = "patch"  # type: ignore[misc]


def test_the_unreleased_entry_is_what_the_release_then_says(
    history: tuple[Path, hk.KnowledgeBase], releases: Path
) -> None:
    """The entry of content not released yet, from the newest snapshot, is its change file once released."""
    _, current = history
    (pending,) = changes("3.0.0", kb=current, releases=releases).releases
    write_release(releases, snap(data(releases.parent / "data", V3_1)), latest_release(releases))
    report = changes("3.0.0", kb=current, releases=releases)
    assert report.released
    assert report.releases == (dataclasses.replace(pending, released=True),)


def test_release_files_are_read_from_a_zip(history: tuple[Path, hk.KnowledgeBase], tmp_path: Path) -> None:
    folder, current = history
    archive = tmp_path / "releases.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(folder.rglob("*.json")):
            out.write(path, f"pkg/_releases/{path.relative_to(folder).as_posix()}")
    with zipfile.ZipFile(archive) as opened:
        inside = zipfile.Path(opened, "pkg/_releases/")
        assert release_versions(inside) == ["1.2.0", "2.0.0", "2.1.0", "3.0.0"]
        assert changes("1.2.0", kb=current, releases=inside) == changes("1.2.0", kb=current, releases=folder)


def test_model_fields_and_vocabularies_are_listed(tmp_path: Path) -> None:
    """For apps that store records as JSON: the fields and vocabulary values that changed, with their types."""
    released = snap(MINI)
    shape = copy.deepcopy(dict(released.shape))
    muscle = shape["fields"]["muscle"]
    new = next(path for path, text in muscle.items() if text.startswith("optional") and path.isidentifier())
    stricter = next(path for path, text in muscle.items() if text.startswith("required") and path != "id")
    added_type, required_type = muscle.pop(new), muscle[stricter]
    muscle[stricter] = required_type.replace("required", "optional", 1)
    vocabulary, values = next(iter(shape["vocabularies"].items()))
    gained = values.pop()
    write_release(tmp_path / "releases", Snapshot(released.content, shape), None)
    current = hk.KnowledgeBase.from_directory(data(tmp_path / "data", {"manifest.yaml": manifest("2.0.0")}))
    (entry,) = changes("1.2.0", kb=current, releases=tmp_path / "releases").releases
    assert set(entry.fields) == {
        FieldChange(f"muscle.{new}", MISSING, added_type),
        FieldChange(f"muscle.{stricter}", required_type.replace("required", "optional", 1), required_type),
    }
    assert entry.vocabularies == (FieldChange(vocabulary, MISSING, gained),)
    assert (entry.bump, entry.required_bump) == ("major", "major")
    assert {"field": f"muscle.{new}", "change": "added", "new": added_type} in entry.as_json()["fields"]


# --------------------------------------------------------------------------- damaged release files


def edit_change_file(releases: Path, version: str, edit: dict[str, object]) -> Path:
    path = releases / version / CHANGES_FILE
    path.write_text(json.dumps({**json.loads(path.read_text(encoding="utf-8")), **edit}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"format": 9}, r"format: got 9, expected a hipknowledge change file of format 1"),
        ({"content_version": "2.2.0"}, r"content_version: got '2\.2\.0', expected '2\.1\.0', the version of its"),
        ({"bump": "huge"}, r"bump: got 'huge', expected one of none, patch, minor, major"),
        ({"added": [{"id": "x"}]}, r"added\[0\]: got \{'id': 'x'\}, expected an object with id, kind"),
        ({"retired": "none"}, r"retired: got 'str', expected a list"),
        ({"previous_version": "1.2.0"}, r"previous_version: got '1\.2\.0', expected '2\.0\.0', the release before"),
        ({"fields": [{"field": "muscle.x", "change": "added"}]}, r"fields\[0\]: .*expected an old value, a new value"),
        ({"vocabularies": [{"field": "Tool", "change": "added", "new": 3}]}, r"vocabularies\[0\]: .*expected an old"),
    ],
)
def test_a_damaged_change_file_is_named(
    history: tuple[Path, hk.KnowledgeBase], releases: Path, edit: dict[str, object], message: str
) -> None:
    path = edit_change_file(releases, "2.1.0", edit)
    with pytest.raises(hk.ContentError, match=message) as raised:
        changes("1.2.0", kb=history[1], releases=releases)
    assert raised.value.problems[0].file == str(path)
    # A change file outside the range asked for is not read.
    assert [r.version for r in changes("2.1.0", kb=history[1], releases=releases).releases] == ["3.0.0", "3.1.0"]


@pytest.mark.parametrize("text", ["{", "\udcff", "[]"])
def test_a_change_file_that_is_no_change_file_is_named(
    history: tuple[Path, hk.KnowledgeBase], releases: Path, text: str
) -> None:
    (releases / "2.0.0" / CHANGES_FILE).write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(hk.ContentError, match=r"2\.0\.0/changes\.json: got .*, expected (valid JSON|a hipknowledge)"):
        changes("1.2.0", kb=history[1], releases=releases)


def test_a_missing_change_file_is_named(history: tuple[Path, hk.KnowledgeBase], releases: Path) -> None:
    (releases / "3.0.0" / CHANGES_FILE).unlink()
    with pytest.raises(hk.ContentError, match=r"3\.0\.0/changes\.json: got 'no such file', expected the change file"):
        changes("2.1.0", kb=history[1], releases=releases)


def test_unreleased_content_older_than_the_newest_release_is_refused(
    history: tuple[Path, hk.KnowledgeBase], tmp_path: Path
) -> None:
    older = hk.KnowledgeBase.from_directory(data(tmp_path / "data", {"manifest.yaml": manifest("1.5.0")}))
    with pytest.raises(hk.ContentError, match=r"got '1\.5\.0', expected a content version that is released, or newer"):
        changes("1.2.0", kb=older, releases=history[0])


# --------------------------------------------------------------------------- the shipped releases


def test_the_checkout_reads_its_own_releases() -> None:
    assert releases_root() == RELEASES
    assert release_versions(releases_root()) == release_versions(RELEASES)


def test_the_shipped_content_since_its_first_release(kb: hk.KnowledgeBase) -> None:
    first = release_versions(RELEASES)[0]
    report = changes(first)
    assert report == changes(first, kb=kb)  # by default, the shipped data
    assert (report.since, report.until) == (first, kb.content_version)
    assert report.releases[-1].version == kb.content_version
    assert report.released == (kb.content_version in release_versions(RELEASES))
    latest = latest_release(RELEASES)
    assert latest is not None
    if not report.released:
        assert report.releases[-1].previous_version == latest.version
        assert report.releases[-1].fingerprint == kb.fingerprint
    for record in kb.records():
        assert report.migrate_id(record.id) == record.id
