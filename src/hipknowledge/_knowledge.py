"""The KnowledgeBase: read-only typed mappings, indexes built once, relationship queries."""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Generic, NamedTuple, TypeVar, overload

from hipknowledge._search import SearchHit
from hipknowledge.errors import DeprecatedIdError, UnknownIdError, UnknownKindError
from hipknowledge.models import (
    ActionRole,
    BodyRegion,
    CareOption,
    Claim,
    Condition,
    Deprecation,
    Exercise,
    ExerciseKind,
    HipMovement,
    Manifest,
    ManualAccess,
    Muscle,
    MuscleGroup,
    Record,
    Source,
    Structure,
    Technique,
    iter_references,
)

__all__ = ["Care", "KnowledgeBase", "RecordMap"]

R = TypeVar("R", bound=Record)
D = TypeVar("D")

_MOVEMENTS = {m.value: m for m in HipMovement}
_REGIONS = {r.value: r for r in BodyRegion}


class RecordMap(Mapping[str, R], Generic[R]):
    """A read-only mapping from ID to record of one kind.

    A missing key raises :class:`~hipknowledge.UnknownIdError` (a ``KeyError``) that
    suggests the closest IDs, so ``Mapping.get`` and ``in`` keep their usual contract.
    """

    __slots__ = ("_data", "_kind")

    def __init__(self, kind: str, records: Iterable[R]) -> None:
        self._kind = kind
        self._data: dict[str, R] = {r.id: r for r in sorted(records, key=lambda r: r.id)}

    def __getitem__(self, record_id: str) -> R:
        try:
            return self._data[record_id]
        except KeyError:
            from hipknowledge._search import closest_ids

            raise UnknownIdError(record_id, closest_ids(record_id, self._data), self._kind) from None

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"<{self._kind} records: {len(self._data)}>"


class Care(NamedTuple):
    """A care option for a condition, with the technique or exercise it names."""

    option: CareOption
    intervention: Technique | Exercise


def _record_map(records: Iterable[Record], kind: type[R]) -> RecordMap[R]:
    return RecordMap(kind.kind_name, (r for r in records if isinstance(r, kind)))


def _by_id(records: Iterable[R]) -> tuple[R, ...]:
    """Records without repeats, in ID order (results are deterministic)."""
    unique = {r.id: r for r in records}
    return tuple(unique[k] for k in sorted(unique))


class KnowledgeBase:
    """All records of one content snapshot, with the indexes its queries need.

    Build one with :func:`hipknowledge.load` (the shipped content, cached) or
    :meth:`from_directory` (a working copy). Every index is built here, once; queries
    are dictionary look-ups.

    >>> import hipknowledge as hk
    >>> kb = hk.load()
    >>> [c.id for c in kb.conditions_at("buttock")][:2]
    ['piriformis-syndrome', 'sacroiliac-joint-pain']
    """

    def __init__(
        self,
        records: Sequence[Record],
        manifest: Manifest,
        deprecations: Sequence[Deprecation] = (),
        *,
        strict: bool = False,
    ) -> None:
        self._manifest = manifest
        self._strict = strict
        self._deprecations = {d.id: d for d in deprecations}
        self._all: dict[str, Record] = {r.id: r for r in records}
        self.muscles = _record_map(records, Muscle)
        self.groups = _record_map(records, MuscleGroup)
        self.structures = _record_map(records, Structure)
        self.conditions = _record_map(records, Condition)
        self.techniques = _record_map(records, Technique)
        self.exercises = _record_map(records, Exercise)
        self.sources = _record_map(records, Source)
        self.claims = _record_map(records, Claim)
        self._fingerprint: str | None = None
        self._search_index: object | None = None
        self._build_indexes()
        self._sealed = True

    def __setattr__(self, name: str, value: object) -> None:
        if getattr(self, "_sealed", False):
            raise AttributeError(f"KnowledgeBase is read-only; cannot set {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"KnowledgeBase is read-only; cannot delete {name!r}")

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_directory(cls, path: str | Path, *, strict: bool = False) -> KnowledgeBase:
        """Load a data directory (a contributor's working copy) the way the package loads its own.

        Raises :class:`~hipknowledge.ContentError` listing every problem found.
        """
        from hipknowledge._api import build_from

        root = Path(path)
        return build_from(root, str(root), strict=strict)

    def _build_indexes(self) -> None:
        members: dict[str, list[Muscle]] = defaultdict(list)
        for muscle in self.muscles.values():
            for group in muscle.groups:
                members[group].append(muscle)
        self._members = {g: _by_id(ms) for g, ms in members.items()}

        self._technique_muscles = {
            t.id: self._muscles_in((x.target for x in t.targets), reachable_only=t.kind.is_manual)
            for t in self.techniques.values()
        }
        self._muscle_techniques = _reverse(self._technique_muscles, self.techniques)
        named: dict[str, list[Technique]] = defaultdict(list)
        for technique in self.techniques.values():
            for target in technique.targets:
                named[target.target].append(technique)
        self._naming_target = {k: _by_id(v) for k, v in named.items()}

        primary: dict[str, list[Condition]] = defaultdict(list)
        radiating: dict[str, list[Condition]] = defaultdict(list)
        for condition in self.conditions.values():
            for region in condition.pain_locations:
                primary[region.value].append(condition)
            for region in condition.radiates_to:
                radiating[region.value].append(condition)
        self._at = {k: _by_id(v) for k, v in primary.items()}
        self._radiating = {k: _by_id(v) for k, v in radiating.items()}
        self._sharing = {
            c.id: _by_id(o for region in c.pain_locations for o in self._at[region.value] if o.id != c.id)
            for c in self.conditions.values()
        }

        self._movers: dict[tuple[str, ActionRole | None], tuple[Muscle, ...]] = {}
        for movement in HipMovement:
            for role in ActionRole:
                found = [
                    m
                    for m in self.muscles.values()
                    if any(a.movement is movement and a.role is role for a in m.actions)
                ]
                self._movers[movement.value, role] = _by_id(found)
            self._movers[movement.value, None] = (
                self._movers[movement.value, ActionRole.PRIME_MOVER]
                + self._movers[movement.value, ActionRole.ASSISTANT]
            )
        self._antagonists = {
            m.id: _by_id(
                other
                for a in m.actions
                if a.role is ActionRole.PRIME_MOVER
                for other in self._movers[a.movement.opposite.value, ActionRole.PRIME_MOVER]
            )
            for m in self.muscles.values()
        }

        by_muscle: dict[str, list[Exercise]] = defaultdict(list)
        by_movement: dict[str, list[Exercise]] = defaultdict(list)
        for exercise in self.exercises.values():
            for muscle_id in (*exercise.primary_muscles, *exercise.secondary_muscles):
                by_muscle[muscle_id].append(exercise)
            for movement in exercise.movements:
                # A stretch works the muscles of the opposite movement (see Exercise).
                worked = movement.opposite if exercise.kind is ExerciseKind.STRETCH else movement
                by_movement[worked.value].append(exercise)
        self._exercises_by_muscle = {k: _by_id(v) for k, v in by_muscle.items()}
        self._exercises_by_movement = {k: _by_id(v) for k, v in by_movement.items()}

        care: dict[str, list[Care]] = {}
        treated_by: dict[str, list[Condition]] = defaultdict(list)
        for condition in self.conditions.values():
            care[condition.id] = [Care(o, self._intervention(o.intervention)) for o in condition.care_options]
            for option in condition.care_options:
                treated_by[option.intervention].append(condition)
        for technique in self.techniques.values():
            treated_by[technique.id].extend(self.conditions[c] for c in technique.used_for)
        self._care = {k: tuple(v) for k, v in care.items()}
        self._conditions_for = {k: _by_id(v) for k, v in treated_by.items()}

        involved: dict[str, list[Condition]] = defaultdict(list)
        for condition in self.conditions.values():
            for ref in condition.involved:
                involved[ref].append(condition)
                for muscle in self._muscles_in((ref,)):
                    involved[muscle.id].append(condition)
        self._involved_in = {k: _by_id(v) for k, v in involved.items()}

        claims: dict[str, list[Claim]] = defaultdict(list)
        citing: dict[str, list[Record]] = defaultdict(list)
        for record in self._all.values():
            for source_id in record.source_ids():
                citing[source_id].append(record)
        for claim in self.claims.values():
            for subject in claim.subjects:
                claims[subject].append(claim)
        self._claims_about = {k: _by_id(v) for k, v in claims.items()}
        self._citing = {k: _by_id(v) for k, v in citing.items()}

    def _intervention(self, record_id: str) -> Technique | Exercise:
        return self.techniques[record_id] if record_id in self.techniques else self.exercises[record_id]

    def _muscles_in(self, refs: Iterable[str], *, reachable_only: bool = False) -> tuple[Muscle, ...]:
        """Muscles named by ``refs``, a group standing for its members; structures add none.

        With ``reachable_only`` (touch-based techniques), a group stands only for the members
        that hands or tools can reach at all.
        """
        found: list[Muscle] = []
        for ref in refs:
            if ref in self.muscles:
                found.append(self.muscles[ref])
            else:
                members = self._members.get(ref, ())
                found.extend(
                    m for m in members if not (reachable_only and m.manual_access is ManualAccess.NOT_ACCESSIBLE)
                )
        return _by_id(found)

    # ------------------------------------------------------------------ metadata

    @property
    def content_version(self) -> str:
        """Semantic version of the content (separate from the code's ``__version__``)."""
        return self._manifest.content_version

    @property
    def manifest(self) -> Manifest:
        """The content's manifest: version, licence, title."""
        return self._manifest

    @property
    def license(self) -> str:
        """SPDX identifier of the content's licence."""
        return self._manifest.license

    @property
    def deprecations(self) -> Mapping[str, Deprecation]:
        """Deprecated IDs, each with the ID that replaces it."""
        return MappingProxyType(self._deprecations)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the canonical content: record exactly what an answer came from."""
        if self._fingerprint is None:
            from hipknowledge._versioning import fingerprint

            # A benign race: two threads may both compute it; they store the same value.
            object.__setattr__(self, "_fingerprint", fingerprint(self))
        assert self._fingerprint is not None
        return self._fingerprint

    def records(self, kind: str | None = None) -> tuple[Record, ...]:
        """Every record (of one ``kind``, e.g. ``"muscle"``), in kind then ID order."""
        if kind is None:
            return tuple(r for name in _KINDS for r in self._map(name).values())
        return tuple(self._map(kind).values())

    def _map(self, kind: str) -> RecordMap[Record]:
        attribute = _KINDS.get(kind)
        if attribute is None:
            raise UnknownKindError(kind, _KINDS)
        found: RecordMap[Record] = getattr(self, attribute)
        return found

    def __len__(self) -> int:
        return len(self._all)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._all

    def __repr__(self) -> str:
        return f"<KnowledgeBase content {self.content_version}: {len(self._all)} records>"

    # ------------------------------------------------------------------ lookups by ID

    def lookup(self, record_id: str) -> Record:
        """The record with this ID, of any kind.

        Two verbs, two contracts (as with ``Mapping``): ``lookup`` raises
        :class:`~hipknowledge.UnknownIdError` suggesting close IDs; :meth:`get` returns a
        default. A deprecated ID answers with its replacement and a ``DeprecationWarning``
        (in strict mode it raises :class:`~hipknowledge.DeprecatedIdError`).

        >>> import hipknowledge as hk
        >>> hk.load().lookup("piriformis-syndrome").name
        'Piriformis syndrome'
        """
        record = self._all.get(record_id)
        if record is not None:
            return record
        deprecation = self._deprecations.get(record_id)
        if deprecation is not None:
            return self._follow(deprecation)
        from hipknowledge._search import closest_ids

        raise UnknownIdError(record_id, closest_ids(record_id, self._all))

    @overload
    def get(self, record_id: str) -> Record | None: ...
    @overload
    def get(self, record_id: str, default: D) -> Record | D: ...
    def get(self, record_id: str, default: object = None) -> object:
        """The record with this ID, or ``default`` (``None``) when there is none."""
        record = self._all.get(record_id)
        if record is not None:
            return record
        if record_id in self._deprecations:
            return self._follow(self._deprecations[record_id])
        return default

    def _follow(self, deprecation: Deprecation) -> Record:
        if self._strict:
            raise DeprecatedIdError(deprecation.id, deprecation.replaced_by, deprecation.since)
        warnings.warn(
            f"id {deprecation.id!r} is deprecated since content {deprecation.since}; "
            f"use {deprecation.replaced_by!r} ({deprecation.reason})",
            DeprecationWarning,
            stacklevel=3,
        )
        seen = {deprecation.id}
        target = deprecation.replaced_by
        while target not in self._all and target in self._deprecations and target not in seen:
            seen.add(target)
            target = self._deprecations[target].replaced_by
        return self._all[target]

    def _resolve(self, record_id: str, kind: type[R]) -> R:
        record = self.lookup(record_id)
        if not isinstance(record, kind):
            raise UnknownIdError(record_id, (), kind.kind_name)
        return record

    # ------------------------------------------------------------------ relationships

    def members(self, group_id: str) -> tuple[Muscle, ...]:
        """Muscles of a group, by ID.

        >>> import hipknowledge as hk
        >>> "piriformis" in {m.id for m in hk.load().members("deep-lateral-rotators")}
        True
        """
        return self._members.get(self._resolve(group_id, MuscleGroup).id, ())

    def groups_of(self, muscle_id: str) -> tuple[MuscleGroup, ...]:
        """Groups a muscle belongs to."""
        return tuple(self.groups[g] for g in self._resolve(muscle_id, Muscle).groups)

    def muscles_targeted_by(self, technique_id: str) -> tuple[Muscle, ...]:
        """Muscles a technique works on (a targeted group stands for its members)."""
        return self._technique_muscles[self._resolve(technique_id, Technique).id]

    def techniques_targeting(self, target_id: str) -> tuple[Technique, ...]:
        """Techniques that work on a muscle, or on any muscle of a group."""
        record = self.lookup(target_id)
        if isinstance(record, MuscleGroup):
            return _by_id(t for m in self.members(record.id) for t in self._muscle_techniques.get(m.id, ()))
        if isinstance(record, Structure):
            return self._naming_target.get(record.id, ())
        return self._muscle_techniques.get(self._resolve(target_id, Muscle).id, ())

    def conditions_at(self, region: str | BodyRegion, *, radiating: bool = False) -> tuple[Condition, ...]:
        """Conditions whose pain is felt in ``region`` (also where it spreads, if ``radiating``).

        >>> import hipknowledge as hk
        >>> "gluteal-tendinopathy" in {c.id for c in hk.load().conditions_at("lateral-hip")}
        True
        """
        key = _region(region)
        found = self._at.get(key, ())
        return _by_id((*found, *self._radiating.get(key, ()))) if radiating else found

    def conditions_sharing_pain_location(self, condition_id: str) -> tuple[Condition, ...]:
        """Other conditions that hurt in at least one of the same places."""
        return self._sharing[self._resolve(condition_id, Condition).id]

    def muscles_for(self, movement: str | HipMovement, *, role: ActionRole | str | None = None) -> tuple[Muscle, ...]:
        """Muscles that produce a hip movement: prime movers first, then assistants.

        >>> import hipknowledge as hk
        >>> "gluteus-medius" in {m.id for m in hk.load().muscles_for("hip-abduction", role="prime-mover")}
        True
        """
        return self._movers[_movement(movement), None if role is None else ActionRole(role)]

    def antagonists(self, muscle_id: str) -> tuple[Muscle, ...]:
        """Muscles that are prime movers of the opposite of one of this muscle's prime movements."""
        return self._antagonists[self._resolve(muscle_id, Muscle).id]

    def exercises_for(
        self, target: str | HipMovement, *, kind: ExerciseKind | str | None = None
    ) -> tuple[Exercise, ...]:
        """Exercises that work a muscle, a group's muscles, or the muscles of a movement.

        For a movement, strengthening work moves into it and stretches move out of it:
        ``exercises_for("hip-flexion")`` gives hip flexor strengthening and stretches.

        >>> import hipknowledge as hk
        >>> kb = hk.load()
        >>> "clamshell" in {e.id for e in kb.exercises_for("hip-abduction", kind="strengthening")}
        True
        """
        key = target.value if isinstance(target, HipMovement) else target
        if key in _MOVEMENTS:
            found = self._exercises_by_movement.get(key, ())
        else:
            record = self.lookup(key)
            if isinstance(record, MuscleGroup):
                found = _by_id(e for m in self.members(record.id) for e in self._exercises_by_muscle.get(m.id, ()))
            else:
                found = self._exercises_by_muscle.get(self._resolve(key, Muscle).id, ())
        if kind is None:
            return found
        wanted = ExerciseKind(kind)
        return tuple(e for e in found if e.kind is wanted)

    def care_for(self, condition_id: str) -> tuple[Care, ...]:
        """What is considered for a condition, each with its stance and sources (as recorded)."""
        return self._care[self._resolve(condition_id, Condition).id]

    def conditions_treated_by(self, intervention_id: str) -> tuple[Condition, ...]:
        """Conditions for which a technique or exercise is considered."""
        return self._conditions_for.get(self.lookup(intervention_id).id, ())

    def conditions_involving(self, anatomy_id: str) -> tuple[Condition, ...]:
        """Conditions that involve a muscle, group or structure."""
        return self._involved_in.get(self.lookup(anatomy_id).id, ())

    def claims_about(self, record_id: str) -> tuple[Claim, ...]:
        """Claims (recorded disagreements) about a record."""
        return self._claims_about.get(self.lookup(record_id).id, ())

    def cited_by(self, source_id: str) -> tuple[Record, ...]:
        """Records that cite a source."""
        return self._citing.get(self._resolve(source_id, Source).id, ())

    def references(self, record_id: str) -> tuple[tuple[str, Record], ...]:
        """Every record this record refers to, with the field that refers to it."""
        from hipknowledge.models import format_loc

        record = self.lookup(record_id)
        return tuple((format_loc(loc), self._all[ref]) for loc, ref, _ in iter_references(record) if ref in self._all)

    def search(self, text: str, *, limit: int = 10) -> tuple[SearchHit, ...]:
        """Records whose name, alias or summary matches ``text``, best first.

        Tolerates case, plurals and small typos.

        >>> import hipknowledge as hk
        >>> hk.load().search("hip flexers")[0].record.id
        'hip-flexors'
        """
        from hipknowledge._search import SearchIndex

        if self._search_index is None:
            object.__setattr__(self, "_search_index", SearchIndex(list(self._all.values())))
        assert isinstance(self._search_index, SearchIndex)
        return self._search_index.search(text, limit)


_KINDS = {
    "muscle": "muscles",
    "group": "groups",
    "structure": "structures",
    "condition": "conditions",
    "technique": "techniques",
    "exercise": "exercises",
    "source": "sources",
    "claim": "claims",
}


def _reverse(
    forward: Mapping[str, tuple[Muscle, ...]], owners: RecordMap[Technique]
) -> dict[str, tuple[Technique, ...]]:
    reverse: dict[str, list[Technique]] = defaultdict(list)
    for owner_id, muscles in forward.items():
        for muscle in muscles:
            reverse[muscle.id].append(owners[owner_id])
    return {k: _by_id(v) for k, v in reverse.items()}


def _movement(movement: str | HipMovement) -> str:
    if isinstance(movement, HipMovement):
        return movement.value
    if movement not in _MOVEMENTS:
        raise UnknownKindError(movement, _MOVEMENTS)
    return movement


def _region(region: str | BodyRegion) -> str:
    if isinstance(region, BodyRegion):
        return region.value
    if region not in _REGIONS:
        raise UnknownKindError(region, _REGIONS)
    return region
