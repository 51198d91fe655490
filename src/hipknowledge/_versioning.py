"""Content versions: requirements, the fingerprint, release snapshots, diffs and the bump they need."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from hipknowledge._fields import field_shapes
from hipknowledge.errors import ContentError, Problem, VersionRequirementError, short_repr
from hipknowledge.models import KIND_BY_NAME

if TYPE_CHECKING:
    from pydantic import BaseModel

    from hipknowledge._knowledge import KnowledgeBase

__all__ = [
    "KINDS",
    "NOT_SET",
    "SNAPSHOT_FORMAT",
    "Bump",
    "BumpCheck",
    "ContentDiff",
    "FieldChange",
    "Reason",
    "RecordChange",
    "RecordRef",
    "Replacement",
    "Snapshot",
    "bump_between",
    "canonical_content",
    "check_bump",
    "check_requirement",
    "content_shape",
    "diff",
    "fingerprint",
    "latest_release",
    "next_version",
    "parse_version",
    "read_snapshot",
    "release_versions",
    "satisfies",
    "write_release",
]

_CLAUSE = re.compile(r"^\s*(>=|<=|==|!=|~=|>|<)\s*(\d+(?:\.\d+){0,2})\s*$")
_RELEASE_DIR = re.compile(r"^\d+\.\d+\.\d+$")

#: Kinds of record in the order the canonical content lists them.
KINDS = ("muscle", "group", "structure", "condition", "technique", "exercise", "source", "claim")
#: Version of the layout of snapshot and change files (not of the content).
SNAPSHOT_FORMAT = 1
SNAPSHOT_FILE = "snapshot.json"
CHANGES_FILE = "changes.json"

Bump = Literal["none", "patch", "minor", "major"]
_RANK: dict[str, int] = {"none": 0, "patch": 1, "minor": 2, "major": 3}


def _bump_words(bump: Bump) -> str:
    return "no version bump" if bump == "none" else f"a {bump} bump"


# --------------------------------------------------------------------------- requirements


def parse_version(text: str) -> tuple[int, int, int]:
    """``"1.2"`` -> ``(1, 2, 0)``.

    >>> parse_version("1.2")
    (1, 2, 0)
    """
    parts = [int(p) for p in text.split(".")]
    if not 1 <= len(parts) <= 3:
        raise ValueError(f"not a version: {text!r}")
    major, minor, patch = [*parts, 0, 0][:3]
    return major, minor, patch


def satisfies(version: str, requirement: str) -> bool:
    """Whether ``version`` meets every comma-separated clause of ``requirement``.

    Clauses use ``>=``, ``<=``, ``>``, ``<``, ``==``, ``!=`` and ``~=`` (compatible release).

    >>> satisfies("1.4.2", ">=1.2,<2"), satisfies("2.0.0", ">=1.2,<2"), satisfies("1.4.2", "~=1.4")
    (True, False, True)
    """
    have = parse_version(version)
    for clause in requirement.split(","):
        match = _CLAUSE.match(clause)
        if match is None:
            raise VersionRequirementError(
                f"cannot read requirement clause {clause.strip()!r}; expected e.g. '>=1.2,<2'"
            )
        op, text = match.groups()
        want = parse_version(text)
        if op == "~=":
            depth = max(len(text.split(".")) - 1, 1)
            ok = have >= want and have[:depth] == want[:depth]
        else:
            ok = {
                ">=": have >= want,
                "<=": have <= want,
                ">": have > want,
                "<": have < want,
                "==": have == want,
                "!=": have != want,
            }[op]
        if not ok:
            return False
    return True


def check_requirement(version: str, requirement: str | None) -> None:
    """Raise :class:`~hipknowledge.VersionRequirementError` if ``version`` misses ``requirement``.

    >>> check_requirement("1.0.0", ">=1.2,<2")
    Traceback (most recent call last):
    ...
    hipknowledge.errors.VersionRequirementError: installed hipknowledge content is 1.0.0, which does not \
satisfy '>=1.2,<2'; install a hipknowledge release whose content version fits (see docs/versioning.md)
    """
    if requirement is not None and not satisfies(version, requirement):
        raise VersionRequirementError(
            f"installed hipknowledge content is {version}, which does not satisfy {requirement!r}; "
            "install a hipknowledge release whose content version fits (see docs/versioning.md)"
        )


def next_version(version: str, bump: Bump) -> str:
    """The version a bump leads to; lower parts start again at zero.

    >>> next_version("1.4.2", "major"), next_version("1.4.2", "minor"), next_version("1.4.2", "patch")
    ('2.0.0', '1.5.0', '1.4.3')
    """
    major, minor, patch = parse_version(version)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return f"{major}.{minor}.{patch}"


def bump_between(old: str, new: str) -> Bump:
    """Which part of the version changed from ``old`` to ``new`` (``"none"`` if none did).

    >>> bump_between("1.4.2", "1.5.0"), bump_between("1.4.2", "1.4.2")
    ('minor', 'none')
    """
    before, after = parse_version(old), parse_version(new)
    if after[0] != before[0]:
        return "major"
    if after[1] != before[1]:
        return "minor"
    return "patch" if after[2] != before[2] else "none"


# --------------------------------------------------------------------------- canonical content


def canonical_content(kb: KnowledgeBase) -> dict[str, object]:
    """The whole content as plain JSON data, in a fixed order."""
    return {
        "manifest": kb.manifest.model_dump(mode="json"),
        "deprecations": [d.model_dump(mode="json") for d in kb.deprecations.values()],
        "records": {
            kind: [r.model_dump(mode="json", exclude_defaults=True) for r in kb.records(kind)] for kind in KINDS
        },
    }


def _digest(content: Mapping[str, object]) -> str:
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(kb: KnowledgeBase) -> str:
    """``sha256:`` and the hex digest of the canonical content's JSON."""
    return _digest(canonical_content(kb))


def content_shape() -> dict[str, Any]:
    """What the models promise readers: every field path of every kind with its type, and every vocabulary.

    A release snapshot keeps this, so a diff also sees fields and vocabulary values that
    were added, removed or retyped, not only records.

    >>> shape = content_shape()
    >>> shape["fields"]["muscle"]["innervation.roots"], shape["fields"]["muscle"]["actions[].movement"]
    ('required list of text', 'required HipMovement')
    >>> shape["vocabularies"]["ActionRole"]
    ['prime-mover', 'assistant']
    """
    vocabularies: dict[str, list[str]] = {}
    fields = {kind: dict(_field_shapes(KIND_BY_NAME[kind], "", vocabularies)) for kind in KINDS}
    return {"fields": fields, "vocabularies": dict(sorted(vocabularies.items()))}


def _field_shapes(model: type[BaseModel], prefix: str, vocabularies: dict[str, list[str]]) -> Iterator[tuple[str, str]]:
    for shape in field_shapes(model):
        path = f"{prefix}{shape.name}"
        if shape.is_part:
            yield from _field_shapes(shape.item, f"{path}{'[]' if shape.is_list else ''}.", vocabularies)
        elif shape.vocabulary is not None:
            vocabularies[shape.vocabulary.__name__] = [str(member.value) for member in shape.vocabulary]
        yield path, shape.describe()


# --------------------------------------------------------------------------- snapshots


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The content of one version, as plain data: what a release keeps and a diff compares.

    >>> import hipknowledge as hk
    >>> snap = Snapshot.of(hk.load())
    >>> snap.fingerprint == hk.load().fingerprint, snap.version == hk.load().content_version
    (True, True)
    """

    content: Mapping[str, Any]
    shape: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, kb: KnowledgeBase) -> Snapshot:
        """The snapshot of a knowledge base, with the shape of the models now installed."""
        return cls(canonical_content(kb), content_shape())

    @property
    def version(self) -> str:
        """The content version the snapshot records."""
        return str(self.content["manifest"]["content_version"])

    @property
    def fingerprint(self) -> str:
        """The same fingerprint :attr:`KnowledgeBase.fingerprint` gives for this content."""
        return _digest(self.content)

    @property
    def records(self) -> dict[str, tuple[str, Mapping[str, Any]]]:
        """``{id: (kind, record data)}`` for every record."""
        return {r["id"]: (kind, r) for kind, items in self.content["records"].items() for r in items}

    @property
    def deprecations(self) -> dict[str, Mapping[str, Any]]:
        """``{deprecated id: entry}``."""
        return {d["id"]: d for d in self.content["deprecations"]}

    def as_json(self) -> dict[str, Any]:
        """The snapshot file's data."""
        return {
            "format": SNAPSHOT_FORMAT,
            "content_version": self.version,
            "fingerprint": self.fingerprint,
            "shape": self.shape,
            "content": self.content,
        }


def _problem(path: Path, expected: str, value: object = None, code: str = "snapshot") -> ContentError:
    return ContentError([Problem(str(path), None, "", value, expected, code)])


def read_snapshot(path: str | Path) -> Snapshot:
    """Read a snapshot file (or the ``snapshot.json`` of a release folder), checking its fingerprint."""
    path = Path(path)
    if path.is_dir():
        path = path / SNAPSHOT_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise _problem(path, "a snapshot file written by `hipknowledge release`", "no such file") from error
    except json.JSONDecodeError as error:
        raise _problem(path, "valid JSON", f"line {error.lineno}: {error.msg}") from error
    if not isinstance(data, dict) or data.get("format") != SNAPSHOT_FORMAT or "content" not in data:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise _problem(path, f"a hipknowledge snapshot of format {SNAPSHOT_FORMAT}", found)
    snapshot = Snapshot(data["content"], data.get("shape") or {})
    if snapshot.fingerprint != data.get("fingerprint"):
        expected = f"the fingerprint of its content, {snapshot.fingerprint} (a released snapshot is never edited)"
        raise _problem(path, expected, data.get("fingerprint"), "snapshot-fingerprint")
    return snapshot


def release_versions(releases: str | Path) -> list[str]:
    """Versions that have a snapshot in the ``releases`` folder, oldest first."""
    root = Path(releases)
    if not root.is_dir():
        return []
    found = [p.name for p in root.iterdir() if _RELEASE_DIR.match(p.name) and (p / SNAPSHOT_FILE).is_file()]
    return sorted(found, key=parse_version)


def latest_release(releases: str | Path) -> Snapshot | None:
    """The snapshot of the newest release in ``releases``, or None when there is none."""
    versions = release_versions(releases)
    return read_snapshot(Path(releases) / versions[-1]) if versions else None


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_release(releases: str | Path, snapshot: Snapshot, previous: Snapshot | None) -> tuple[Path, Path]:
    """Write ``releases/<version>/snapshot.json`` and its ``changes.json`` (against ``previous``).

    Refuses a version already released and a bump that the changes do not allow.
    """
    folder = Path(releases) / snapshot.version
    if (folder / SNAPSHOT_FILE).exists():
        raise _problem(folder, "a content version not released yet (bump content_version first)", snapshot.version)
    changes = diff(previous, snapshot)
    verdict = check_bump(changes)
    if not verdict.ok:
        raise _problem(folder, verdict.message, snapshot.version, "version-bump")
    folder.mkdir(parents=True)
    _write_json(folder / SNAPSHOT_FILE, snapshot.as_json())
    _write_json(folder / CHANGES_FILE, changes.as_json())
    return folder / SNAPSHOT_FILE, folder / CHANGES_FILE


# --------------------------------------------------------------------------- diff


class _NotSet:
    def __repr__(self) -> str:
        return "(not set)"


#: Stands for a field (or item) absent on one side of a change.
NOT_SET: Any = _NotSet()


def _show(value: object) -> str:
    return "(not set)" if value is NOT_SET else short_repr(value, limit=70)


@dataclass(frozen=True)
class RecordRef:
    """A record named by ID and kind."""

    id: str
    kind: str

    def __str__(self) -> str:
        return f"{self.kind} {self.id!r}"


@dataclass(frozen=True)
class FieldChange:
    """One value that differs; ``old`` or ``new`` is :data:`NOT_SET` for an added or removed value."""

    field: str
    old: Any
    new: Any

    @property
    def change(self) -> Literal["added", "removed", "changed"]:
        """What happened to the value."""
        if self.old is NOT_SET:
            return "added"
        return "removed" if self.new is NOT_SET else "changed"

    def __str__(self) -> str:
        if self.change == "added":
            return f"{self.field}: added {_show(self.new)}"
        if self.change == "removed":
            return f"{self.field}: removed (was {_show(self.old)})"
        return f"{self.field}: {_show(self.old)} -> {_show(self.new)}"

    def as_json(self) -> dict[str, Any]:
        """The change as plain data; a side that was not set is left out."""
        data: dict[str, Any] = {"field": self.field, "change": self.change}
        if self.old is not NOT_SET:
            data["old"] = self.old
        if self.new is not NOT_SET:
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
class Reason:
    """One change and the bump it calls for."""

    bump: Bump
    text: str

    def __str__(self) -> str:
        return f"{self.text} ({self.bump})"


@dataclass(frozen=True)
class ContentDiff:
    """What changed between two content snapshots, and what version bump that needs.

    >>> import hipknowledge as hk
    >>> same = diff(hk.load(), hk.load())
    >>> same.empty, same.required_bump
    (True, 'none')
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

    def reasons(self) -> tuple[Reason, ...]:
        """Every change with the bump the policy in docs/versioning.md asks for, biggest first."""
        found = list(self._reasons())
        return tuple(sorted(found, key=lambda r: -_RANK[r.bump]))

    def _reasons(self) -> Iterator[Reason]:
        if self.old_version is None:
            yield Reason("major", f"first release: {len(self.added)} records")
            return
        for ref in self.removed:
            yield Reason("major", f"{ref} was removed: apps that stored its ID can no longer look it up")
        for rep in self.deprecated:
            if rep.kind is None:
                yield Reason("minor", f"{rep.id!r} was added as another ID for {rep.replaced_by!r}")
            else:
                how = "merged into" if rep.merged else "renamed to"
                yield Reason(
                    "major",
                    f"{rep.kind} {rep.id!r} was {how} {rep.replaced_by!r}: the old ID answers only through "
                    f"lookup()/get() with a DeprecationWarning, and not at all in strict mode or kb.{rep.kind}s[...]",
                )
        for rep in self.retired:
            yield Reason(
                "major", f"deprecated ID {rep.id!r} (for {rep.replaced_by!r}) was dropped: it no longer answers"
            )
        for change in self.changed:
            kind_change = next((f for f in change.fields if f.field == "(kind)"), None)
            if kind_change is not None:
                yield Reason("major", f"{change.id!r} changed kind from {kind_change.old} to {kind_change.new}")
            else:
                names = ", ".join(dict.fromkeys(f.field for f in change.fields))
                yield Reason("patch", f"{change.kind} {change.id!r} changed ({names})")
        for ref in self.added:
            yield Reason("minor", f"{ref} was added")
        for item in self.manifest:
            if item.field == "license":
                yield Reason("major", f"the content licence changed from {item.old} to {item.new}")
            else:
                yield Reason("patch", f"manifest {item}")
        for item in self.fields:
            if item.change == "added":
                yield Reason("minor", f"field {item.field} was added ({item.new})")
            elif item.change == "removed":
                yield Reason("major", f"field {item.field} was removed (it was {item.old})")
            elif item.old.replace("optional", "required", 1) == item.new:
                yield Reason("minor", f"field {item.field} became required")
            else:
                yield Reason("major", f"field {item.field} changed from {item.old} to {item.new}")
        for item in self.vocabularies:
            if item.change == "added":
                yield Reason("minor", f"{item.field} gained the value {item.new!r}")
            else:
                yield Reason("major", f"{item.field} lost the value {item.old!r}: records and apps using it break")

    @property
    def required_bump(self) -> Bump:
        """The smallest version bump these changes allow."""
        reasons = self.reasons()
        return reasons[0].bump if reasons else "none"

    def as_json(self) -> dict[str, Any]:
        """The machine-readable change file: what an app needs to migrate the IDs it stored."""
        reasons = self.reasons()
        return {
            "format": SNAPSHOT_FORMAT,
            "content_version": self.new_version,
            "previous_version": self.old_version,
            "fingerprint": self.new_fingerprint,
            "previous_fingerprint": self.old_fingerprint,
            "bump": self.required_bump,
            "reasons": [{"bump": r.bump, "text": r.text} for r in reasons],
            "added": [{"id": r.id, "kind": r.kind} for r in self.added],
            "removed": [{"id": r.id, "kind": r.kind} for r in self.removed],
            "deprecated": [r.as_json() for r in self.deprecated],
            "retired": [r.as_json() for r in self.retired],
            "changed": [c.as_json() for c in self.changed],
            "manifest": [c.as_json() for c in self.manifest],
            "fields": [c.as_json() for c in self.fields],
            "vocabularies": [c.as_json() for c in self.vocabularies],
        }

    def to_text(self) -> str:
        """A report for people: each kind of change, then the bump it needs."""
        lines = [f"content {self.old_version or '(nothing)'} -> {self.new_version}"]
        if self.empty:
            lines.append("no content changes")

        def section(title: str, items: Iterable[object]) -> None:
            entries = list(items)
            if entries:
                lines.append(f"{title} ({len(entries)}):")
                lines.extend(f"  {entry}" for entry in entries)

        section("added", self.added)
        section("removed", self.removed)
        section(
            "deprecated",
            (
                f"{r.id} -> {r.replaced_by}" + (f" ({'merged' if r.merged else 'renamed'} {r.kind})" if r.kind else "")
                for r in self.deprecated
            ),
        )
        section("deprecated IDs dropped", (f"{r.id} (was for {r.replaced_by})" for r in self.retired))
        if self.changed:
            lines.append(f"changed ({len(self.changed)}):")
            for change in self.changed:
                lines.append(f"  {change.kind} {change.id}")
                lines.extend(f"    {f}" for f in change.fields)
        section("manifest", self.manifest)
        section("model fields", self.fields)
        section("vocabularies", self.vocabularies)
        lines.append(f"needs: {_bump_words(self.required_bump)}")
        return "\n".join(lines) + "\n"

    def to_markdown(self) -> str:
        """A ``### Content`` section for CHANGELOG.md, one line per kind of change."""

        def ids(refs: Iterable[str]) -> str:
            return ", ".join(f"`{r}`" for r in refs)

        lines = ["### Content", ""]
        if self.old_version is None:
            counts = Counter(ref.kind for ref in self.added)
            listed = ", ".join(f"{counts[kind]} {kind}{'s' if counts[kind] != 1 else ''}" for kind in counts)
            lines.append(f"- First release of the content: {listed}.")
            return "\n".join(lines) + "\n"
        if self.added:
            lines.append(f"- Added: {ids(str(r.id) for r in self.added)}.")
        if self.removed:
            lines.append(f"- Removed: {ids(r.id for r in self.removed)}.")
        for rep in self.deprecated:
            lines.append(f"- Deprecated `{rep.id}`, use `{rep.replaced_by}` instead: {rep.reason}")
        if self.retired:
            lines.append(f"- Deprecated IDs that no longer answer: {ids(r.id for r in self.retired)}.")
        for change in self.changed:
            names = ", ".join(dict.fromkeys(f.field.split("[")[0].split(".")[0] for f in change.fields))
            lines.append(f"- Changed {change.kind} `{change.id}`: {names}.")
        lines.extend(f"- Manifest: {item}." for item in self.manifest)
        lines.extend(f"- Model field {item}." for item in self.fields)
        lines.extend(f"- Vocabulary {item}." for item in self.vocabularies)
        if len(lines) == 2:
            lines.append("- No content changes.")
        return "\n".join(lines) + "\n"


def _field_changes(old: Any, new: Any, path: str) -> Iterator[FieldChange]:
    """Field-by-field differences; lists of mappings are compared item by item, other lists whole."""
    if old is new or (old is not NOT_SET and new is not NOT_SET and old == new):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            sub = f"{path}.{key}" if path else key
            yield from _field_changes(old.get(key, NOT_SET), new.get(key, NOT_SET), sub)
    elif isinstance(old, list) and isinstance(new, list) and any(isinstance(x, dict) for x in (*old, *new)):
        for index, (before, after) in enumerate(zip_longest(old, new, fillvalue=NOT_SET)):
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
            if was.get(path, NOT_SET) != now.get(path, NOT_SET):
                fields.append(FieldChange(f"{kind}.{path}", was.get(path, NOT_SET), now.get(path, NOT_SET)))
    vocabularies: list[FieldChange] = []
    old_vocab, new_vocab = old.get("vocabularies", {}), new.get("vocabularies", {})
    for name in dict.fromkeys([*old_vocab, *new_vocab]):
        was_values, now_values = old_vocab.get(name, []), new_vocab.get(name, [])
        vocabularies.extend(FieldChange(name, value, NOT_SET) for value in was_values if value not in now_values)
        vocabularies.extend(FieldChange(name, NOT_SET, value) for value in now_values if value not in was_values)
    return tuple(fields), tuple(vocabularies)


def _as_snapshot(side: KnowledgeBase | Snapshot | None) -> Snapshot | None:
    if side is None or isinstance(side, Snapshot):
        return side
    return Snapshot.of(side)


def diff(old: KnowledgeBase | Snapshot | None, new: KnowledgeBase | Snapshot) -> ContentDiff:
    """What changed from ``old`` to ``new`` (``old=None``: everything is new).

    >>> import hipknowledge as hk
    >>> first = diff(None, hk.load())
    >>> first.required_bump, len(first.added) == len(hk.load())
    ('major', True)
    """
    before = _as_snapshot(old)
    after = _as_snapshot(new)
    assert after is not None
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


# --------------------------------------------------------------------------- the bump check


@dataclass(frozen=True)
class BumpCheck:
    """Whether a content version bump is what the changes since the last release allow."""

    diff: ContentDiff
    required: Bump
    actual: Bump
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when the version fits the changes."""
        return not self.problems

    @property
    def message(self) -> str:
        """Every problem, each saying what to change; or a line saying all is well."""
        if self.ok:
            since, new = self.diff.old_version or "nothing", self.diff.new_version
            have, need = _bump_words(self.actual), _bump_words(self.required)
            return f"ok: content {since} -> {new} ({have}); the changes need {need}"
        return "\n".join(self.problems)


_MANIFEST_PATH = "src/hipknowledge/data/manifest.yaml"


def check_bump(changes: ContentDiff, *, shown: int = 5) -> BumpCheck:
    """Check the new content version against the changes, by the policy in docs/versioning.md.

    >>> import hipknowledge as hk
    >>> check_bump(diff(hk.load(), hk.load())).ok
    True
    """
    required = changes.required_bump
    old, new = changes.old_version, changes.new_version
    if old is None:
        return BumpCheck(changes, required, "none", ())
    problems: list[str] = []
    actual = bump_between(old, new)
    if parse_version(new) < parse_version(old):
        target = old if required == "none" else next_version(old, required)
        problems.append(f"content_version went backwards, from {old} to {new}; set content_version: {target}")
    elif actual != "none" and new != next_version(old, actual):
        problems.append(
            f"content_version {new} does not follow {old}: a {actual} bump from {old} is {next_version(old, actual)}"
        )
    if _RANK[actual] < _RANK[required]:
        target = next_version(old, required)
        why = [r for r in changes.reasons() if r.bump == required]
        listed = [f"  - {r.text}" for r in why[:shown]]
        if len(why) > shown:
            listed.append(f"  - and {len(why) - shown} more (run `hipknowledge diff` to see them all)")
        if actual == "none":
            head = f"the content changed since release {old} but content_version is still {new}"
        else:
            head = f"content_version {new} is only a {actual} bump from release {old}"
        problems.append(
            "\n".join(
                [
                    f"{head}: a {required} bump is needed; set content_version: {target} in {_MANIFEST_PATH} "
                    "(or undo the change), because:",
                    *listed,
                    "See docs/versioning.md for what each kind of change needs.",
                ]
            )
        )
    for rep in changes.deprecated:
        if rep.since != new:
            problems.append(
                f"deprecated.yaml: {rep.id!r} is new in {new} but says since: {rep.since}; set since: {new}"
            )
    return BumpCheck(changes, required, actual, tuple(problems))
