"""Content versions end to end: the shipped content against its releases, and the diff and release commands."""

from __future__ import annotations

import doctest
import io
import json
import re
import shutil
from pathlib import Path

import pytest

import hipknowledge as hk
from hipknowledge.cli import main
from hipknowledge.versioning import (
    CHANGES_FILE,
    Snapshot,
    change_file,
    check_bump,
    diff,
    latest_release,
    read_snapshot,
    release_versions,
    write_release,
)

from .paths import DOCS, MINI, RELEASES, ROOT, SHIPPED_DATA, read
from .versions import manifest, snap


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


# --------------------------------------------------------------------------- the shipped content


def test_shipped_content_is_allowed_by_its_version_bump(kb: hk.KnowledgeBase) -> None:
    """The check CI runs: what changed since the last release must fit the manifest's content_version."""
    previous = latest_release(RELEASES)
    assert previous is not None, f"no release snapshot in {RELEASES}"
    verdict = check_bump(diff(previous, kb), manifest="src/hipknowledge/data/manifest.yaml")
    assert verdict.ok, verdict.message


def test_every_release_has_a_matching_change_file_and_changelog_entry() -> None:
    versions = release_versions(RELEASES)
    assert versions, "releases/ holds at least the first release"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    previous: Snapshot | None = None
    for version in versions:
        snapshot = read_snapshot(RELEASES / version)
        assert snapshot.version == version
        changes = json.loads((RELEASES / version / CHANGES_FILE).read_text(encoding="utf-8"))
        assert changes == json.loads(json.dumps(change_file(diff(previous, snapshot)))), version
        assert f"Content version {version}." in changelog, f"CHANGELOG.md does not mention content {version}"
        previous = snapshot


# --------------------------------------------------------------------------- the commands


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder laid out like the repository: releases/1.2.0 and src/hipknowledge/data (the mini data)."""
    write_release(tmp_path / "releases", snap(MINI), None)
    shutil.copytree(MINI, tmp_path / "src" / "hipknowledge" / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "src" / "hipknowledge" / "data"


def test_diff_command_compares_the_working_copy_with_the_last_release(checkout: Path) -> None:
    (checkout / "exercises" / "ex-side-raise.yaml").unlink()
    code, text = run("diff", "--check")
    assert code == 1
    assert text.splitlines()[:3] == ["content 1.2.0 -> 1.2.0", "removed (1):", "  exercise 'ex-side-raise'"]
    assert "a major bump is needed; set content_version: 2.0.0 in src/hipknowledge/data/manifest.yaml" in text
    (checkout / "manifest.yaml").write_text(manifest("2.0.0"), encoding="utf-8")
    code, text = run("diff", "--check")
    assert (code, text.splitlines()[-1]) == (
        0,
        "ok: content 1.2.0 -> 2.0.0 (a major bump); the changes need a major bump",
    )


def test_diff_command_names_the_manifest_of_the_data_it_checks(checkout: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(checkout, other)
    (other / "exercises" / "ex-side-raise.yaml").unlink()
    for argv in (["--data", str(other)], ["1.2.0", str(other)]):
        code, text = run("diff", *argv, "--check")
        assert code == 1
        assert f"set content_version: 2.0.0 in {other / 'manifest.yaml'} (or undo the change)" in text


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


def test_diff_command_away_from_the_checkout_reads_the_releases_the_package_carries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No ./releases: the releases of the package (in a checkout, the repository's; in a wheel, its own copy)."""
    monkeypatch.chdir(tmp_path)
    first = release_versions(RELEASES)[0]
    code, text = run("diff", first, str(SHIPPED_DATA))
    assert code == 0
    assert text.startswith(f"content {first} -> ")
    code, text = run("diff", "--json", "--data", str(SHIPPED_DATA))
    assert (code, json.loads(text)["previous_version"]) == (0, release_versions(RELEASES)[-1])


# --------------------------------------------------------------------------- the page


def test_examples_on_the_versioning_page_run() -> None:
    result = doctest.testfile(str(DOCS / "versioning.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
