"""What changed for an app since a content version: IDs added, removed and renamed, release by release.

The release files ship inside the wheel (see :func:`releases_root`), so an installed
copy answers without the repository. Content that is not released yet (a build from a
checkout between releases) gets one more entry, computed on the spot from the newest
release's snapshot and marked ``released=False``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from hipknowledge import _yaml
from hipknowledge._compat import Traversable
from hipknowledge._knowledge import KnowledgeBase
from hipknowledge._loader import MANIFEST
from hipknowledge._pipeline import SHIPPED_LABEL, read_checked, shipped_root
from hipknowledge.errors import MISSING, ContentError, InvalidArgumentError, Problem, VersionRequirementError
from hipknowledge.models import Manifest
from hipknowledge.versioning._diff import FieldChange, RecordRef, Replacement, diff
from hipknowledge.versioning._policy import Reason
from hipknowledge.versioning._release import CHANGES_FILE
from hipknowledge.versioning._render import change_file
from hipknowledge.versioning._semver import Bump, bump_between, parse_version
from hipknowledge.versioning._snapshot import (
    SNAPSHOT_FORMAT,
    Snapshot,
    read_snapshot,
    release_versions,
    releases_root,
)

__all__ = ["ContentChanges", "ReleaseChanges", "changes"]

_BUMPS: tuple[str, ...] = get_args(Bump)
# A damaged change file can hold a million bad entries; the first few say what is wrong.
_MAX_PROBLEMS = 20


def _ref_json(ref: RecordRef) -> dict[str, str]:
    return {"id": ref.id, "kind": ref.kind}


@dataclass(frozen=True)
class ReleaseChanges:
    """What one content version changed since the version before it, as an app needs to know.

    ``bump`` is the step between the two version numbers, as the maintainers chose it (it
    also covers what no diff sees, such as a field whose meaning changed); ``required_bump``
    is the smallest step the changes found need by the policy, never larger than ``bump``.
    ``released`` is False for the content installed when it is not released yet: its
    entry is computed from the newest release's snapshot and may change before the release.
    """

    version: str
    previous_version: str | None
    released: bool
    bump: Bump
    required_bump: Bump
    fingerprint: str
    #: Records new in this version.
    added: tuple[RecordRef, ...] = ()
    #: Records gone, with no replacement: an app drops or flags the IDs it stored.
    removed: tuple[RecordRef, ...] = ()
    #: Records renamed, or merged into another (``merged``): the old ID now answers with
    #: ``replaced_by`` through ``lookup()``/``get()``, with a DeprecationWarning.
    renamed: tuple[Replacement, ...] = ()
    #: New IDs that answer for an existing record (never a record themselves).
    aliases: tuple[Replacement, ...] = ()
    #: Deprecated IDs that no longer answer at all; ``replaced_by`` is the record they stood for.
    retired: tuple[Replacement, ...] = ()
    #: Records whose content changed (wording, sources, stances...): the same ID, a new answer.
    changed: tuple[RecordRef, ...] = ()
    #: Fields of the models added, removed or retyped (``exercise.actions[].role``), with their types:
    #: what an app that stores records as JSON checks.
    fields: tuple[FieldChange, ...] = ()
    #: Values added to or removed from the vocabularies (``HipMovement``).
    vocabularies: tuple[FieldChange, ...] = ()
    #: Every change found, with the bump it needs, biggest first.
    reasons: tuple[Reason, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The entry as plain data."""
        return {
            "version": self.version,
            "previous_version": self.previous_version,
            "released": self.released,
            "bump": self.bump,
            "required_bump": self.required_bump,
            "fingerprint": self.fingerprint,
            "added": [_ref_json(r) for r in self.added],
            "removed": [_ref_json(r) for r in self.removed],
            "renamed": [r.as_json() for r in self.renamed],
            "aliases": [r.as_json() for r in self.aliases],
            "retired": [r.as_json() for r in self.retired],
            "changed": [_ref_json(r) for r in self.changed],
            "fields": [c.as_json() for c in self.fields],
            "vocabularies": [c.as_json() for c in self.vocabularies],
            "reasons": [{"bump": r.bump, "text": r.text} for r in self.reasons],
        }


@dataclass(frozen=True)
class ContentChanges:
    """What changed from content version ``since`` to ``until``, one entry per version, oldest first.

    ``released`` is False when ``until`` is content not released yet: its entry, the last,
    was computed from the newest release's snapshot and may change before the release.
    """

    since: str
    until: str
    releases: tuple[ReleaseChanges, ...]
    released: bool = True

    @property
    def bump(self) -> Bump:
        """The step from ``since`` to ``until``: ``"major"`` means an app may break (``"none"``: same version)."""
        return bump_between(self.since, self.until)

    def migrate_id(self, stored_id: str) -> str | None:
        """The ID that answers now for an ID stored at ``since``, following every rename and merge in turn.

        None when the record was removed; the ID itself when nothing happened to it.
        """
        current = stored_id
        for entry in self.releases:
            moved = {r.id: r.replaced_by for r in (*entry.renamed, *entry.retired)}
            if current in moved:
                current = moved[current]
            elif any(ref.id == current for ref in entry.removed):
                return None
        return current

    def as_json(self) -> dict[str, Any]:
        """The whole answer as plain data, ready for :func:`json.dumps`."""
        return {
            "since": self.since,
            "until": self.until,
            "bump": self.bump,
            "released": self.released,
            "releases": [entry.as_json() for entry in self.releases],
        }


# --------------------------------------------------------------------------- reading a change file


def _change_file_problem(path: Traversable, where: str, found: object, expected: str) -> Problem:
    return Problem(str(path), None, where, found, expected, "change-file")


def _items_problems(
    data: Mapping[str, Any], key: str, fields: Mapping[str, tuple[type, ...]]
) -> Iterator[tuple[str, object, str]]:
    items = data.get(key)
    if not isinstance(items, list):
        yield key, type(items).__name__, "a list"
        return
    wanted = ", ".join(fields)
    for index, item in enumerate(items):
        # bool is an int, and no field here is a number: the exact type is what counts.
        if not isinstance(item, dict) or any(type(item.get(name)) not in types for name, types in fields.items()):
            yield f"{key}[{index}]", item, f"an object with {wanted}"


_REF = {"id": (str,), "kind": (str,)}
_REPLACEMENT = {
    "id": (str,),
    "replaced_by": (str,),
    "kind": (str, type(None)),
    "merged": (bool,),
    "since": (str,),
    "reason": (str,),
}


def _layout_problems(data: object, version: str) -> Iterator[tuple[str, object, str]]:
    if not isinstance(data, dict):
        yield "", type(data).__name__, f"a hipknowledge change file of format {SNAPSHOT_FORMAT} (a JSON object)"
        return
    if data.get("format") != SNAPSHOT_FORMAT:
        yield "format", data.get("format"), f"a hipknowledge change file of format {SNAPSHOT_FORMAT}"
        return
    if data.get("content_version") != version:
        yield "content_version", data.get("content_version"), f"{version!r}, the version of its release folder"
    previous = data.get("previous_version")
    if previous is not None and not (isinstance(previous, str) and _is_version(previous)):
        yield "previous_version", previous, "a content version such as '1.2.0', or null for the first release"
    if not isinstance(data.get("fingerprint"), str):
        yield "fingerprint", data.get("fingerprint"), "the release's fingerprint, as text"
    if data.get("bump") not in _BUMPS:
        yield "bump", data.get("bump"), f"one of {', '.join(_BUMPS)}"
    for key in ("added", "removed", "changed"):
        yield from _items_problems(data, key, _REF)
    for key in ("deprecated", "retired"):
        yield from _items_problems(data, key, _REPLACEMENT)
    yield from _items_problems(data, "reasons", {"bump": (str,), "text": (str,)})
    for key in ("fields", "vocabularies"):
        yield from _items_problems(data, key, {"field": (str,), "change": (str,)})
        for index, item in enumerate(data.get(key) or ()):
            if isinstance(item, dict) and not _has_text_sides(item):
                yield f"{key}[{index}]", item, "an old value, a new value or both, as text"
    for index, reason in enumerate(data.get("reasons") or ()):
        if isinstance(reason, dict) and reason.get("bump") not in _BUMPS:
            yield f"reasons[{index}].bump", reason.get("bump"), f"one of {', '.join(_BUMPS)}"


def _has_text_sides(item: Mapping[str, Any]) -> bool:
    sides = [item[side] for side in ("old", "new") if side in item]
    return bool(sides) and all(isinstance(side, str) for side in sides)


def _is_version(text: str) -> bool:
    try:
        parse_version(text)
    except VersionRequirementError:
        return False
    return True


def _read_change_file(folder: Traversable, version: str) -> dict[str, Any]:
    """The change file of the release in ``folder``, its layout checked; else :class:`ContentError`."""
    path = folder / CHANGES_FILE
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError as error:
        problem = _change_file_problem(path, "", "no such file", "the change file written by `hipknowledge release`")
        raise ContentError([problem]) from error
    except OSError as error:
        raise ContentError([_change_file_problem(path, "", error.strerror or str(error), "a readable file")]) from error
    except (UnicodeDecodeError, RecursionError, ValueError) as error:
        raise ContentError([_change_file_problem(path, "", str(error)[:80], "valid JSON in UTF-8")]) from error
    problems = list(islice(_layout_problems(data, version), _MAX_PROBLEMS))
    if problems:
        raise ContentError(_change_file_problem(path, *problem) for problem in problems)
    result: dict[str, Any] = data
    return result


def _replacement(data: Mapping[str, Any]) -> Replacement:
    return Replacement(
        data["id"], data["replaced_by"], data["since"], data["reason"], data["kind"], merged=data["merged"]
    )


def _field_change(data: Mapping[str, Any]) -> FieldChange:
    return FieldChange(data["field"], data.get("old", MISSING), data.get("new", MISSING))


def _entry(data: Mapping[str, Any], *, released: bool) -> ReleaseChanges:
    """One entry from the data of a change file (see :func:`~hipknowledge.versioning.change_file`)."""
    version, previous = data["content_version"], data["previous_version"]
    deprecated = [_replacement(item) for item in data["deprecated"]]
    return ReleaseChanges(
        version=version,
        previous_version=previous,
        released=released,
        bump="major" if previous is None else bump_between(previous, version),
        required_bump=data["bump"],
        fingerprint=data["fingerprint"],
        added=tuple(RecordRef(r["id"], r["kind"]) for r in data["added"]),
        removed=tuple(RecordRef(r["id"], r["kind"]) for r in data["removed"]),
        renamed=tuple(r for r in deprecated if r.kind is not None),
        aliases=tuple(r for r in deprecated if r.kind is None),
        retired=tuple(_replacement(item) for item in data["retired"]),
        # A changed deprecation entry (a new reason) is no record: the reasons list it.
        changed=tuple(RecordRef(c["id"], c["kind"]) for c in data["changed"] if c["kind"] != "deprecation"),
        fields=tuple(_field_change(item) for item in data["fields"]),
        vocabularies=tuple(_field_change(item) for item in data["vocabularies"]),
        reasons=tuple(Reason(r["bump"], r["text"]) for r in data["reasons"]),
    )


# --------------------------------------------------------------------------- the installed content


def _installed_version(root: Traversable) -> str:
    """The content version of the shipped data, read from its manifest alone."""
    try:
        data, _ = _yaml.parse((root / MANIFEST).read_bytes().decode("utf-8"))
        return Manifest.model_validate(data).content_version
    except (OSError, UnicodeDecodeError, _yaml.YamlRefusedError, ValidationError):
        # The full check says precisely what is wrong (file, line, field) in its ContentError.
        return read_checked(root, SHIPPED_LABEL).manifest.content_version


def _installed_content(root: Traversable) -> KnowledgeBase:
    content = read_checked(root, SHIPPED_LABEL)
    return KnowledgeBase(content.records, content.manifest, content.deprecations)


# --------------------------------------------------------------------------- changes()


def _known_version(text: str, known: Mapping[tuple[int, int, int], str], name: str, listing: str) -> str:
    """``text`` as the known version it names (``1.0`` is ``1.0.0``); else :class:`InvalidArgumentError`."""
    found = known.get(parse_version(text))
    if found is None:
        raise InvalidArgumentError(f"unknown content version {text!r} for {name}: expected {listing}")
    return found


def changes(
    since: str,
    *,
    until: str | None = None,
    kb: KnowledgeBase | None = None,
    releases: str | Path | Traversable | None = None,
) -> ContentChanges:
    """What changed in the content after version ``since``, up to ``until`` (default: the installed content).

    One :class:`ReleaseChanges` per version, oldest first: records added, removed,
    renamed or merged (with the ID that answers now), deprecated IDs dropped, records
    changed, and the bump. Each released version's entry is read from the change file
    that the wheel carries; content whose version is released is that release (the test
    suite refuses content changed without a version bump). When the installed content is
    not released yet (a build between releases), its entry is computed from the newest
    release's snapshot and marked ``released=False``: it may still change before the release.

    ``since`` and ``until`` must each be a released content version or the installed
    one: anything else raises :class:`~hipknowledge.errors.InvalidArgumentError` listing the known
    versions, and an unreadable version :class:`~hipknowledge.VersionRequirementError`.
    Damaged release files raise :class:`~hipknowledge.ContentError` naming the file.
    ``kb`` is the content to report up to (default: the shipped data; pass ``hk.load()``
    to reuse it), and ``releases`` a folder of releases (default: :func:`releases_root`).

    >>> report = changes(since="1.0.0")
    >>> report.since, report.bump, report.releases[-1].version == report.until
    ('1.0.0', 'major', True)
    >>> report.migrate_id("piriformis")
    'piriformis'
    """
    root = releases_root() if releases is None else Path(releases) if isinstance(releases, str) else releases
    released = release_versions(root)
    current = kb.content_version if kb is not None else _installed_version(shipped_root())
    known = {parse_version(version): version for version in released}
    pending = parse_version(current) not in known
    if pending and released and parse_version(current) < parse_version(released[-1]):
        expected = f"a content version that is released, or newer than the newest release {released[-1]}"
        raise ContentError([Problem(str(root), None, "", current, expected, "unreleased-version")])
    if pending:
        known[parse_version(current)] = current
    listing = f"a released version ({', '.join(released) or 'none yet'}) or the current content's, {current}"
    listing += " (not released yet)" if pending else ""
    start = _known_version(since, known, "since", listing)
    end = _known_version(current if until is None else until, known, "until", listing)
    if parse_version(start) > parse_version(end):
        raise InvalidArgumentError(f"since {start} is newer than until {end}: expected since <= until")
    entries: list[ReleaseChanges] = []
    for index, version in enumerate(released):
        before = released[index - 1] if index else None
        if parse_version(start) < parse_version(version) <= parse_version(end):
            data = _read_change_file(root / version, version)
            if data["previous_version"] != before:
                where = str(root / version / CHANGES_FILE)
                expected = f"{before!r}, the release before {version}" if before else "null, as in the first release"
                found = data["previous_version"]
                raise ContentError([Problem(where, None, "previous_version", found, expected, "change-file")])
            entries.append(_entry(data, released=True))
    if pending and end == current and start != current:
        base = read_snapshot(root / released[-1]) if released else None
        content = _installed_content(shipped_root()) if kb is None else kb
        entries.append(_entry(change_file(diff(base, Snapshot.of(content))), released=False))
    return ContentChanges(start, end, tuple(entries), released=not (pending and end == current))
