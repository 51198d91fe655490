"""The bump policy of docs/versioning.md: the version bump each change needs, and the check of a new version."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hipknowledge.versioning._diff import ContentDiff
from hipknowledge.versioning._semver import Bump, bump_between, next_version, parse_version

__all__ = ["BumpCheck", "Reason", "bump_words", "check_bump", "reasons", "required_bump"]

_RANK: dict[Bump, int] = {"none": 0, "patch": 1, "minor": 2, "major": 3}


def bump_words(bump: Bump) -> str:
    """``"a minor bump"``, or ``"no version bump"``.

    >>> bump_words("minor"), bump_words("none")
    ('a minor bump', 'no version bump')
    """
    return "no version bump" if bump == "none" else f"a {bump} bump"


@dataclass(frozen=True)
class Reason:
    """One change and the bump it calls for."""

    bump: Bump
    text: str

    def __str__(self) -> str:
        return f"{self.text} ({self.bump})"


def reasons(changes: ContentDiff) -> tuple[Reason, ...]:
    """Every change with the bump the policy in docs/versioning.md asks for, biggest first.

    >>> from hipknowledge.versioning import RecordRef
    >>> added = ContentDiff("1.0.0", "1.0.0", None, "", added=(RecordRef("gluteus-minimus", "muscle"),))
    >>> reasons(added)
    (Reason(bump='minor', text="muscle 'gluteus-minimus' was added"),)
    """
    return tuple(sorted(_reasons(changes), key=lambda r: -_RANK[r.bump]))


def _reasons(changes: ContentDiff) -> Iterator[Reason]:
    if changes.old_version is None:
        yield Reason("major", f"first release: {len(changes.added)} records")
        return
    for ref in changes.removed:
        yield Reason("major", f"{ref} was removed: apps that stored its ID can no longer look it up")
    for rep in changes.deprecated:
        if rep.kind is None:
            yield Reason("minor", f"{rep.id!r} was added as another ID for {rep.replaced_by!r}")
        else:
            how = "merged into" if rep.merged else "renamed to"
            yield Reason(
                "major",
                f"{rep.kind} {rep.id!r} was {how} {rep.replaced_by!r}: the old ID answers only through "
                f"lookup()/get() with a DeprecationWarning, and not at all in strict mode or kb.{rep.kind}s[...]",
            )
    for rep in changes.retired:
        yield Reason("major", f"deprecated ID {rep.id!r} (for {rep.replaced_by!r}) was dropped: it no longer answers")
    for change in changes.changed:
        kind_change = next((f for f in change.fields if f.field == "(kind)"), None)
        if kind_change is not None:
            yield Reason("major", f"{change.id!r} changed kind from {kind_change.old} to {kind_change.new}")
        else:
            names = ", ".join(dict.fromkeys(f.field for f in change.fields))
            yield Reason("patch", f"{change.kind} {change.id!r} changed ({names})")
    for ref in changes.added:
        yield Reason("minor", f"{ref} was added")
    for item in changes.manifest:
        if item.field == "license":
            yield Reason("major", f"the content licence changed from {item.old} to {item.new}")
        else:
            yield Reason("patch", f"manifest {item}")
    added_fields = {item.field for item in changes.fields if item.change == "added"}
    for item in changes.fields:
        if item.change == "added" and _required_in_stored_data(item.field, item.new, added_fields):
            why = "stored data without it no longer validates"
            yield Reason("major", f"field {item.field} was added ({item.new}): {why}")
        elif item.change == "added":
            yield Reason("minor", f"field {item.field} was added ({item.new})")
        elif item.change == "removed":
            yield Reason("major", f"field {item.field} was removed (it was {item.old})")
        elif item.old.replace("optional", "required", 1) == item.new:
            yield Reason("major", f"field {item.field} became required: stored data without it no longer validates")
        else:
            yield Reason("major", f"field {item.field} changed from {item.old} to {item.new}")
    for item in changes.vocabularies:
        if item.change == "added":
            yield Reason("minor", f"{item.field} gained the value {item.new!r}")
        else:
            yield Reason("major", f"{item.field} lost the value {item.old!r}: records and apps using it break")


def _required_in_stored_data(path: str, shape: str, added: set[str]) -> bool:
    """Whether a new field (``kind.a.b[].c``) is one that data stored before must now hold.

    It must when it is required and its parent was there before: the record itself, or an
    object that already existed. Under a new parent, or in a new kind of record, old data
    cannot hold the field, and the parent's own addition says what the change needs.

    >>> _required_in_stored_data("muscle.depth", "required Depth", set())
    True
    >>> _required_in_stored_data("muscle.note", "optional text", set())
    False
    >>> _required_in_stored_data("muscle.extra.by", "required text", {"muscle.extra", "muscle.extra.by"})
    False
    >>> _required_in_stored_data("plant.id", "required text", {"plant.id", "plant.name"})
    False
    """
    if not shape.startswith("required"):
        return False
    kind, _, inner = path.partition(".")
    if f"{kind}.id" in added:  # a kind of record new in this version: nothing of it was stored
        return False
    parent = inner.rpartition(".")[0].removesuffix("[]")
    return not parent or f"{kind}.{parent}" not in added


def required_bump(changes: ContentDiff) -> Bump:
    """The smallest version bump the changes allow.

    >>> required_bump(ContentDiff("1.0.0", "1.0.0", "", ""))
    'none'
    """
    found = reasons(changes)
    return found[0].bump if found else "none"


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
            have, need = bump_words(self.actual), bump_words(self.required)
            return f"ok: content {since} -> {new} ({have}); the changes need {need}"
        return "\n".join(self.problems)


def check_bump(changes: ContentDiff, *, manifest: str | Path = "manifest.yaml", shown: int = 5) -> BumpCheck:
    """Check the new content version against the changes, by the policy in docs/versioning.md.

    ``manifest`` is the file whose ``content_version`` to change, named in the advice;
    ``shown`` is how many of the changes that call for the bump the advice lists.

    >>> import hipknowledge as hk
    >>> from hipknowledge.versioning import diff
    >>> check_bump(diff(hk.load(), hk.load())).ok
    True
    """
    required = required_bump(changes)
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
        why = [r for r in reasons(changes) if r.bump == required]
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
                    f"{head}: a {required} bump is needed; set content_version: {target} in {manifest} "
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
