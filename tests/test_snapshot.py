"""Release snapshots: the shape of the models, the releases folder, writing a release, and reading a damaged file."""

from __future__ import annotations

import errno
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import hipknowledge as hk
from hipknowledge.versioning import (
    SNAPSHOT_FILE,
    Snapshot,
    _release,
    content_shape,
    latest_release,
    read_snapshot,
    release_versions,
    write_release,
)

from .paths import MINI, RELEASES
from .versions import manifest, snap

Broken = Callable[[dict[str, str | None]], Path]


@pytest.fixture(scope="module")
def released() -> Snapshot:
    """The mini fixture as if it had been released as 1.2.0."""
    return snap(MINI)


# --------------------------------------------------------------------------- the shape and the shipped content


def test_the_shape_describes_fields_and_vocabularies() -> None:
    shape = content_shape()
    assert shape["fields"]["exercise"]["primary_muscles"] == "required list of ID of muscle"
    assert shape["fields"]["condition"]["care_options[].sources"] == "required list of ID of source"
    assert shape["fields"]["muscle"]["crosses_hip"] == "optional boolean"
    assert shape["vocabularies"]["HipMovement"][0] == "hip-flexion"


def test_the_snapshot_of_the_installed_content_matches_it(kb: hk.KnowledgeBase) -> None:
    assert kb.content_version == kb.manifest.content_version
    snapshot = Snapshot.of(kb)
    assert (snapshot.fingerprint, snapshot.version) == (kb.fingerprint, kb.content_version)


def test_unchanged_content_gives_the_released_snapshot_byte_for_byte(kb: hk.KnowledgeBase) -> None:
    latest = latest_release(RELEASES)
    assert latest is not None, f"no release snapshot in {RELEASES}"
    if latest.fingerprint != kb.fingerprint:
        pytest.skip(f"the content changed since release {latest.version}")
    written = (RELEASES / latest.version / SNAPSHOT_FILE).read_text(encoding="utf-8")
    assert json.dumps(Snapshot.of(kb).as_json(), indent=2, ensure_ascii=False) + "\n" == written


# --------------------------------------------------------------------------- writing a release


def test_release_writes_a_snapshot_and_a_change_file(released: Snapshot, broken: Broken, tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    write_release(releases, released, None)
    newer = snap(broken({"exercises/ex-side-raise.yaml": None, "manifest.yaml": manifest("2.0.0")}))
    snapshot_path, changes_path = write_release(releases, newer, latest_release(releases))
    assert snapshot_path == releases / "2.0.0" / "snapshot.json"
    assert release_versions(releases) == ["1.2.0", "2.0.0"]
    assert read_snapshot(snapshot_path).fingerprint == newer.fingerprint
    changes = json.loads(changes_path.read_text(encoding="utf-8"))
    assert (changes["previous_version"], changes["content_version"], changes["bump"]) == ("1.2.0", "2.0.0", "major")
    assert changes["removed"] == [{"id": "ex-side-raise", "kind": "exercise"}]
    assert changes["previous_fingerprint"] == released.fingerprint
    assert sorted(p.name for p in (releases / "2.0.0").iterdir()) == ["changes.json", "snapshot.json"]


def test_release_refuses_a_released_version_and_a_short_bump(
    released: Snapshot, broken: Broken, tmp_path: Path
) -> None:
    write_release(tmp_path, released, None)
    with pytest.raises(hk.ContentError, match="a content version not released yet"):
        write_release(tmp_path, released, released)
    short = snap(broken({"exercises/ex-side-raise.yaml": None, "manifest.yaml": manifest("1.3.0")}))
    with pytest.raises(hk.ContentError, match=r"set content_version: 2\.0\.0 in data/manifest\.yaml"):
        write_release(tmp_path, short, released, manifest="data/manifest.yaml")
    assert not (tmp_path / "1.3.0").exists()


def writer_that_fails(on_call: int) -> Callable[[Path, object], None]:
    """A JSON writer that runs out of disk space halfway through its ``on_call``-th file."""
    calls: list[Path] = []

    def write(path: Path, data: object) -> None:
        calls.append(path)
        text = json.dumps(data, indent=2)
        if len(calls) == on_call:
            path.write_text(text[: len(text) // 2], encoding="utf-8")
            raise OSError(errno.ENOSPC, "No space left on device")
        path.write_text(text, encoding="utf-8")

    return write


@pytest.mark.parametrize("on_call", [1, 2])
def test_a_failed_release_leaves_no_file_and_can_run_again(
    released: Snapshot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_call: int
) -> None:
    monkeypatch.setattr(_release, "_write_json", writer_that_fails(on_call))
    with pytest.raises(OSError, match="No space left on device"):
        write_release(tmp_path, released, None)
    assert list(tmp_path.rglob("*")) == []
    assert release_versions(tmp_path) == []
    monkeypatch.undo()
    write_release(tmp_path, released, None)
    assert read_snapshot(tmp_path / "1.2.0").fingerprint == released.fingerprint


def test_release_reuses_an_empty_folder(released: Snapshot, tmp_path: Path) -> None:
    (tmp_path / "1.2.0").mkdir()
    write_release(tmp_path, released, None)
    assert release_versions(tmp_path) == ["1.2.0"]


def test_release_refuses_a_folder_that_holds_other_files(released: Snapshot, tmp_path: Path) -> None:
    (tmp_path / "1.2.0").mkdir()
    (tmp_path / "1.2.0" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(hk.ContentError, match=r"1\.2\.0: got \['notes\.txt'\], expected an empty folder"):
        write_release(tmp_path, released, None)
    assert (tmp_path / "1.2.0" / "notes.txt").read_text(encoding="utf-8") == "mine"
    (tmp_path / "2.0.0").write_text("", encoding="utf-8")
    with pytest.raises(hk.ContentError, match=r"2\.0\.0: got 'a file', expected a folder"):
        write_release(tmp_path, Snapshot({**released.content, "manifest": {"content_version": "2.0.0"}}), None)


# --------------------------------------------------------------------------- the releases folder


def test_release_versions_sort_as_versions(tmp_path: Path) -> None:
    for version in ("1.10.0", "1.9.0", "not-a-version", "١.٠.٠", "1.0." + "9" * 200):
        (tmp_path / version).mkdir()
        (tmp_path / version / "snapshot.json").write_text("{}", encoding="utf-8")
    assert release_versions(tmp_path) == ["1.9.0", "1.10.0"]
    assert release_versions(tmp_path / "missing") == []
    assert latest_release(tmp_path / "missing") is None


# --------------------------------------------------------------------------- reading a snapshot


def test_a_snapshot_edited_by_hand_is_refused(released: Snapshot, tmp_path: Path) -> None:
    snapshot_path, _ = write_release(tmp_path, released, None)
    data = json.loads(snapshot_path.read_text(encoding="utf-8"))
    data["content"]["manifest"]["title"] = "edited"
    snapshot_path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(hk.ContentError, match="expected the fingerprint of its content"):
        read_snapshot(snapshot_path)
    snapshot_path.write_text("{", encoding="utf-8")
    with pytest.raises(hk.ContentError, match="expected valid JSON"):
        read_snapshot(snapshot_path)
    with pytest.raises(hk.ContentError, match="a snapshot file written by `hipknowledge release`"):
        read_snapshot(tmp_path / "9.9.9")


def test_a_snapshot_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "snapshot.json"
    path.write_bytes(b'{"format": 1, "content": "\xff"}')
    with pytest.raises(hk.ContentError, match=r"snapshot\.json: got 'byte 26: invalid start byte', expected UTF-8"):
        read_snapshot(path)


@pytest.mark.parametrize("depth", [100_000, 500])
def test_a_snapshot_nested_too_deep_is_refused(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "snapshot.json"
    path.write_text('{"format": 1, "content": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    with pytest.raises(hk.ContentError, match=r"snapshot\.json: got 'deeper nesting', expected JSON nested at most"):
        read_snapshot(path)


def sealed(data: dict[str, Any]) -> str:
    """The snapshot file's text, with the fingerprint of whatever its content now is."""
    text = json.dumps(data["content"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    data["fingerprint"] = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    return json.dumps(data)


@pytest.mark.parametrize(
    ("edit", "value", "message"),
    [
        ("content", [], r"content: got 'list', expected an object with manifest, deprecations and records"),
        ("content.records", [], r"content\.records: got 'list', expected an object mapping each kind"),
        ("content.records.muscle", {}, r"content\.records\.muscle: got 'dict', expected a list of records"),
        ("content.records.muscle.0", "psoas", r"content\.records\.muscle\[0\]: got 'psoas', expected a record"),
        ("content.records.muscle.0.id", 3, r"content\.records\.muscle\[0\]: got \{'id': 3.*expected a record"),
        ("content.deprecations.0.since", None, r"content\.deprecations\[0\]: .*expected an object with text"),
        ("content.manifest", "m", r"content\.manifest: got 'str', expected an object"),
        ("content.manifest.content_version", "1.x", r"content_version: got '1\.x', expected a content version"),
        ("content.manifest.content_version", "١.٠.٠", r"content_version: got '١\.٠\.٠', expected a content version"),
        ("content_version", "9.9.9", r"content_version: got '9\.9\.9', expected the manifest's content_version"),
        ("shape.fields.muscle.name", 1, r"shape\.fields\.muscle: got .*, expected an object mapping each field"),
        ("shape.vocabularies.Tool", "pool", r"shape\.vocabularies\.Tool: got 'pool', expected a list of text"),
        ("shape", [], r"shape: got \[\], expected an object with fields"),
    ],
)
def test_a_snapshot_of_the_wrong_layout_is_refused_even_with_a_matching_fingerprint(
    released: Snapshot, tmp_path: Path, edit: str, value: object, message: str
) -> None:
    data = json.loads(json.dumps(released.as_json()))
    *steps, last = [int(step) if step.isdigit() else step for step in edit.split(".")]
    parent = data
    for step in steps:
        parent = parent[step]
    parent[last] = value
    path = tmp_path / "snapshot.json"
    path.write_text(sealed(data), encoding="utf-8")
    with pytest.raises(hk.ContentError, match=rf"{re.escape(str(path))}: .*{message}"):
        read_snapshot(path)
