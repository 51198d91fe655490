"""A content diff for people (text, a changelog section) and for machines (the change file)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from hipknowledge.versioning._diff import ContentDiff
from hipknowledge.versioning._policy import bump_words, reasons, required_bump
from hipknowledge.versioning._snapshot import SNAPSHOT_FORMAT

__all__ = ["change_file", "to_markdown", "to_text"]


def change_file(changes: ContentDiff) -> dict[str, Any]:
    """The machine-readable change file: what an app needs to migrate the IDs it stored.

    >>> import hipknowledge as hk
    >>> from hipknowledge.versioning import diff
    >>> data = change_file(diff(hk.load(), hk.load()))
    >>> data["bump"], data["added"], data["reasons"]
    ('none', [], [])
    """
    return {
        "format": SNAPSHOT_FORMAT,
        "content_version": changes.new_version,
        "previous_version": changes.old_version,
        "fingerprint": changes.new_fingerprint,
        "previous_fingerprint": changes.old_fingerprint,
        "bump": required_bump(changes),
        "reasons": [{"bump": r.bump, "text": r.text} for r in reasons(changes)],
        "added": [{"id": r.id, "kind": r.kind} for r in changes.added],
        "removed": [{"id": r.id, "kind": r.kind} for r in changes.removed],
        "deprecated": [r.as_json() for r in changes.deprecated],
        "retired": [r.as_json() for r in changes.retired],
        "changed": [c.as_json() for c in changes.changed],
        "manifest": [c.as_json() for c in changes.manifest],
        "fields": [c.as_json() for c in changes.fields],
        "vocabularies": [c.as_json() for c in changes.vocabularies],
    }


def to_text(changes: ContentDiff) -> str:
    """A report for people: each kind of change, then the bump it needs.

    >>> import hipknowledge as hk
    >>> from hipknowledge.versioning import diff
    >>> kb = hk.load()
    >>> print(to_text(diff(kb, kb)).replace(kb.content_version, "X"))
    content X -> X
    no content changes
    needs: no version bump
    <BLANKLINE>
    """
    lines = [f"content {changes.old_version or '(nothing)'} -> {changes.new_version}"]
    if changes.empty:
        lines.append("no content changes")

    def section(title: str, items: Iterable[object]) -> None:
        entries = list(items)
        if entries:
            lines.append(f"{title} ({len(entries)}):")
            lines.extend(f"  {entry}" for entry in entries)

    section("added", changes.added)
    section("removed", changes.removed)
    section(
        "deprecated",
        (
            f"{r.id} -> {r.replaced_by}" + (f" ({'merged' if r.merged else 'renamed'} {r.kind})" if r.kind else "")
            for r in changes.deprecated
        ),
    )
    section("deprecated IDs dropped", (f"{r.id} (was for {r.replaced_by})" for r in changes.retired))
    if changes.changed:
        lines.append(f"changed ({len(changes.changed)}):")
        for change in changes.changed:
            lines.append(f"  {change.kind} {change.id}")
            lines.extend(f"    {f}" for f in change.fields)
    section("manifest", changes.manifest)
    section("model fields", changes.fields)
    section("vocabularies", changes.vocabularies)
    lines.append(f"needs: {bump_words(required_bump(changes))}")
    return "\n".join(lines) + "\n"


def to_markdown(changes: ContentDiff) -> str:
    """A ``### Content`` section for CHANGELOG.md, one line per kind of change.

    >>> import hipknowledge as hk
    >>> from hipknowledge.versioning import diff
    >>> print(to_markdown(diff(hk.load(), hk.load())))
    ### Content
    <BLANKLINE>
    - No content changes.
    <BLANKLINE>
    """

    def ids(refs: Iterable[str]) -> str:
        return ", ".join(f"`{r}`" for r in refs)

    lines = ["### Content", ""]
    if changes.old_version is None:
        counts = Counter(ref.kind for ref in changes.added)
        listed = ", ".join(f"{counts[kind]} {kind}{'s' if counts[kind] != 1 else ''}" for kind in counts)
        lines.append(f"- First release of the content: {listed}.")
        return "\n".join(lines) + "\n"
    if changes.added:
        lines.append(f"- Added: {ids(str(r.id) for r in changes.added)}.")
    if changes.removed:
        lines.append(f"- Removed: {ids(r.id for r in changes.removed)}.")
    for rep in changes.deprecated:
        lines.append(f"- Deprecated `{rep.id}`, use `{rep.replaced_by}` instead: {rep.reason}")
    if changes.retired:
        lines.append(f"- Deprecated IDs that no longer answer: {ids(r.id for r in changes.retired)}.")
    for change in changes.changed:
        names = ", ".join(dict.fromkeys(f.field.split("[")[0].split(".")[0] for f in change.fields))
        lines.append(f"- Changed {change.kind} `{change.id}`: {names}.")
    lines.extend(f"- Manifest: {item}." for item in changes.manifest)
    lines.extend(f"- Model field {item}." for item in changes.fields)
    lines.extend(f"- Vocabulary {item}." for item in changes.vocabularies)
    if len(lines) == 2:
        lines.append("- No content changes.")
    return "\n".join(lines) + "\n"
