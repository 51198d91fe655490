"""What changed between two versions of the content: records, IDs, fields, the manifest and the models."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import zip_longest
from typing import TYPE_CHECKING, Any, Literal

from hipknowledge.errors import MISSING, short_repr
from hipknowledge.versioning._snapshot import Snapshot

if TYPE_CHECKING:
    from hipknowledge._knowledge import KnowledgeBase

__all__ = ["ContentDiff", "FieldChange", "RecordChange", "RecordRef", "Replacement", "diff"]


def _show(value: object) -> str:
    return "(not set)" if value is MISSING else short_repr(value, limit=70)


@dataclass(frozen=True)
class RecordRef:
    """A record named by ID and kind."""

    id: str
    kind: str

    def __str__(self) -> str:
        return f"{self.kind} {self.id!r}"


@dataclass(frozen=True)
class FieldChange:
    """One value that differs; ``old`` or ``new`` is :data:`~hipknowledge.errors.MISSING` for an added or removed value.

    >>> from hipknowledge.errors import MISSING
    >>> print(FieldChange("note", MISSING, "new"))
    note: added 'new'
    >>> print(FieldChange("note", "old", MISSING))
    note: removed (was 'old')
    """

    field: str
    old: Any
    new: Any

    @property
    def change(self) -> Literal["added", "removed", "changed"]:
        """What happened to the value."""
        if self.old is MISSING:
            return "added"
        return "removed" if self.new is MISSING else "changed"

    def __str__(self) -> str:
        if self.change == "added":
            return f"{self.field}: added {_show(self.new)}"
        if self.change == "removed":
            return f"{self.field}: removed (was {_show(self.old)})"
        return f"{self.field}: {_show(self.old)} -> {_show(self.new)}"

    def as_json(self) -> dict[str, Any]:
        """The change as plain data; a side that was not set is left out."""
        data: dict[str, Any] = {"field": self.field, "change": self.change}
        if self.old is not MISSING:
            data["old"] = self.old
        if self.new is not MISSING:
            data["new"] = self.new
        return data


@dataclass(frozen=True)
class RecordChange:
    """A record present on both sides whose content differs, field by field."""

    id: str
    kind: str
    fields: tuple[FieldChange, ...]

    def as_json(self) -> dict[str, Any]:
        """The change as plain data."""
        return {"id": self.id, "kind": self.kind, "fields": [f.as_json() for f in self.fields]}


@dataclass(frozen=True)
class Replacement:
    """A deprecation entry: ``id`` now answers with ``replaced_by``.

    ``kind`` is the kind of the record the old ID named before (None if it named none);
    ``merged`` says the replacement already existed, so two records became one.
    """

    id: str
    replaced_by: str
    since: str
    reason: str
    kind: str | None = None
    merged: bool = False

    def as_json(self) -> dict[str, Any]:
        """The entry as plain data."""
        return {
            "id": self.id,
            "replaced_by": self.replaced_by,
            "kind": self.kind,
            "merged": self.merged,
            "since": self.since,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class ContentDiff:
    """What changed between two content snapshots (the bump it needs is the policy's to say).

    >>> import hipknowledge as hk
    >>> same = diff(hk.load(), hk.load())
    >>> same.empty, same.renamed
    (True, ())
    """

    old_version: str | None
    new_version: str
    old_fingerprint: str | None
    new_fingerprint: str
    added: tuple[RecordRef, ...] = ()
    removed: tuple[RecordRef, ...] = ()
    deprecated: tuple[Replacement, ...] = ()
    retired: tuple[Replacement, ...] = ()
    changed: tuple[RecordChange, ...] = ()
    manifest: tuple[FieldChange, ...] = ()
    fields: tuple[FieldChange, ...] = ()
    vocabularies: tuple[FieldChange, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing but possibly the version number differs."""
        return not (
            self.added
            or self.removed
            or self.deprecated
            or self.retired
            or self.changed
            or self.manifest
            or self.fields
            or self.vocabularies
        )

    @property
    def renamed(self) -> tuple[Replacement, ...]:
        """Deprecations of IDs that were records before: renamed or merged records."""
        return tuple(r for r in self.deprecated if r.kind is not None)


def _field_changes(old: Any, new: Any, path: str) -> Iterator[FieldChange]:
    """Field-by-field differences; lists of mappings are compared item by item, other lists whole."""
    if old is new or (old is not MISSING and new is not MISSING and old == new):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            sub = f"{path}.{key}" if path else key
            yield from _field_changes(old.get(key, MISSING), new.get(key, MISSING), sub)
    elif isinstance(old, list) and isinstance(new, list) and any(isinstance(x, dict) for x in (*old, *new)):
        for index, (before, after) in enumerate(zip_longest(old, new, fillvalue=MISSING)):
            yield from _field_changes(before, after, f"{path}[{index}]")
    else:
        yield FieldChange(path, old, new)


def _changed(
    old_records: Mapping[str, tuple[str, Mapping[str, Any]]],
    new_records: Mapping[str, tuple[str, Mapping[str, Any]]],
    old_deps: Mapping[str, Mapping[str, Any]],
    new_deps: Mapping[str, Mapping[str, Any]],
) -> Iterator[RecordChange]:
    """Records (and deprecation entries) on both sides whose content differs."""
    for rid, (kind, data) in new_records.items():
        if rid not in old_records:
            continue
        old_kind, old_data = old_records[rid]
        if old_kind != kind:
            yield RecordChange(rid, kind, (FieldChange("(kind)", old_kind, kind),))
            continue
        fields = tuple(_field_changes(old_data, data, ""))
        if fields:
            yield RecordChange(rid, kind, fields)
    for rid, entry in new_deps.items():
        if rid in old_deps:
            fields = tuple(_field_changes(old_deps[rid], entry, ""))
            if fields:
                yield RecordChange(rid, "deprecation", fields)


def _shape_changes(
    old: Mapping[str, Any], new: Mapping[str, Any]
) -> tuple[tuple[FieldChange, ...], tuple[FieldChange, ...]]:
    """Model fields and vocabulary values that differ (nothing when either side has no shape)."""
    if not old or not new:
        return (), ()
    fields: list[FieldChange] = []
    old_fields, new_fields = old.get("fields", {}), new.get("fields", {})
    for kind in dict.fromkeys([*old_fields, *new_fields]):
        was, now = old_fields.get(kind, {}), new_fields.get(kind, {})
        for path in dict.fromkeys([*was, *now]):
            if was.get(path, MISSING) != now.get(path, MISSING):
                fields.append(FieldChange(f"{kind}.{path}", was.get(path, MISSING), now.get(path, MISSING)))
    vocabularies: list[FieldChange] = []
    old_vocab, new_vocab = old.get("vocabularies", {}), new.get("vocabularies", {})
    for name in dict.fromkeys([*old_vocab, *new_vocab]):
        was_values, now_values = old_vocab.get(name, []), new_vocab.get(name, [])
        vocabularies.extend(FieldChange(name, value, MISSING) for value in was_values if value not in now_values)
        vocabularies.extend(FieldChange(name, MISSING, value) for value in now_values if value not in was_values)
    return tuple(fields), tuple(vocabularies)


def _as_snapshot(side: KnowledgeBase | Snapshot) -> Snapshot:
    return side if isinstance(side, Snapshot) else Snapshot.of(side)


def diff(old: KnowledgeBase | Snapshot | None, new: KnowledgeBase | Snapshot) -> ContentDiff:
    """What changed from ``old`` to ``new`` (``old=None``: everything is new).

    >>> import hipknowledge as hk
    >>> first = diff(None, hk.load())
    >>> first.old_version, len(first.added) == len(hk.load())
    (None, True)
    """
    before = None if old is None else _as_snapshot(old)
    after = _as_snapshot(new)
    old_records = before.records if before else {}
    new_records = after.records
    old_deps = before.deprecations if before else {}
    new_deps = after.deprecations

    added = [RecordRef(rid, kind) for rid, (kind, _) in new_records.items() if rid not in old_records]
    deprecated = [
        Replacement(
            rid,
            entry["replaced_by"],
            entry["since"],
            entry["reason"],
            old_records[rid][0] if rid in old_records else None,
            rid in old_records and entry["replaced_by"] in old_records,
        )
        for rid, entry in new_deps.items()
        if rid not in old_deps
    ]
    removed = [
        RecordRef(rid, kind) for rid, (kind, _) in old_records.items() if rid not in new_records and rid not in new_deps
    ]
    retired = [
        Replacement(rid, entry["replaced_by"], entry["since"], entry["reason"])
        for rid, entry in old_deps.items()
        if rid not in new_deps and rid not in new_records
    ]
    old_manifest = {k: v for k, v in (before.content["manifest"] if before else {}).items() if k != "content_version"}
    new_manifest = {k: v for k, v in after.content["manifest"].items() if k != "content_version"}
    manifest = tuple(_field_changes(old_manifest, new_manifest, "")) if before else ()
    fields, vocabularies = _shape_changes(before.shape if before else {}, after.shape)
    return ContentDiff(
        old_version=before.version if before else None,
        new_version=after.version,
        old_fingerprint=before.fingerprint if before else None,
        new_fingerprint=after.fingerprint,
        added=tuple(added),
        removed=tuple(removed),
        deprecated=tuple(deprecated),
        retired=tuple(retired),
        changed=tuple(_changed(old_records, new_records, old_deps, new_deps)),
        manifest=manifest,
        fields=fields,
        vocabularies=vocabularies,
    )
