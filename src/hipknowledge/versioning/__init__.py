"""Content versions: requirements, release snapshots, diffs, the bump policy, its reports, and changes for apps."""

from __future__ import annotations

from hipknowledge.versioning._changes import ContentChanges, ReleaseChanges, changes
from hipknowledge.versioning._diff import ContentDiff, FieldChange, RecordChange, RecordRef, Replacement, diff
from hipknowledge.versioning._policy import BumpCheck, Reason, check_bump, reasons, required_bump
from hipknowledge.versioning._release import CHANGES_FILE, write_release
from hipknowledge.versioning._render import change_file, to_markdown, to_text
from hipknowledge.versioning._semver import (
    Bump,
    bump_between,
    check_requirement,
    next_version,
    parse_version,
    satisfies,
)
from hipknowledge.versioning._snapshot import (
    SNAPSHOT_FILE,
    SNAPSHOT_FORMAT,
    Snapshot,
    content_shape,
    latest_release,
    read_snapshot,
    release_versions,
    releases_root,
)

__all__ = [
    "CHANGES_FILE",
    "SNAPSHOT_FILE",
    "SNAPSHOT_FORMAT",
    "Bump",
    "BumpCheck",
    "ContentChanges",
    "ContentDiff",
    "FieldChange",
    "Reason",
    "RecordChange",
    "RecordRef",
    "ReleaseChanges",
    "Replacement",
    "Snapshot",
    "bump_between",
    "change_file",
    "changes",
    "check_bump",
    "check_requirement",
    "content_shape",
    "diff",
    "latest_release",
    "next_version",
    "parse_version",
    "read_snapshot",
    "reasons",
    "release_versions",
    "releases_root",
    "required_bump",
    "satisfies",
    "to_markdown",
    "to_text",
    "write_release",
]
