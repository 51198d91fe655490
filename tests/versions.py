"""Helpers the versioning tests share: the mini data as a release, and edits to its manifest and deprecations."""

from __future__ import annotations

from pathlib import Path

import hipknowledge as hk
from hipknowledge.versioning import BumpCheck, Snapshot, check_bump, diff

from .paths import read

MANIFEST = read("manifest.yaml")
DEPRECATED = read("deprecated.yaml")


def snap(root: Path) -> Snapshot:
    """The snapshot of a data directory."""
    return Snapshot.of(hk.KnowledgeBase.from_directory(root))


def manifest(version: str, license: str = "CC-BY-4.0") -> str:
    """The mini manifest with another content version (and licence)."""
    return MANIFEST.replace("content_version: 1.2.0", f"content_version: {version}").replace("CC-BY-4.0", license)


def deprecate(old: str, new: str, since: str) -> str:
    """The mini deprecations with one more entry."""
    return DEPRECATED + f"- id: {old}\n  replaced_by: {new}\n  since: {since}\n  reason: test\n"


def check(released: Snapshot, root: Path) -> BumpCheck:
    """The bump check of a data directory against a release."""
    return check_bump(diff(released, snap(root)))
