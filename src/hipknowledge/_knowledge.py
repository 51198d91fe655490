"""The KnowledgeBase: read-only typed mappings, indexes built once, relationship queries."""

from __future__ import annotations

import sys
import warnings
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import FrameType, MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, overload

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

if TYPE_CHECKING:
    from hipknowledge._search import SearchHit

__all__ = ["Care", "KnowledgeBase", "RecordMap"]

R = TypeVar("R", bound=Record)
D = TypeVar("D")

_MOVEMENTS = {m.value: m for m in HipMovement}
_REGIONS = {r.value: r for r in BodyRegion}


if TYPE_CHECKING:

    class RecordMap(Mapping[str, R]):
        """What type checkers see: a read-only mapping (the runtime class refuses writes)."""

        def __init__(self, kind: str, records: Iterable[R]) -> None: ...
        def __getitem__(self, record_id: str) -> R: ...
        def __iter__(self) -> Iterator[str]: ...
        def __len__(self) -> int: ...

else:

    class RecordMap(dict[str, R]):
        """A read-only mapping from ID to record of one kind.

        A missing key raises :class:`~hipknowledge.UnknownIdError` (a ``KeyError``) that
        suggests the closest IDs, so ``Mapping.get`` and ``in`` keep their usual contract.
        Built on ``dict`` so that a hit costs what a dict lookup costs; every way of changing
        it raises ``TypeError``.
        """

        __slots__ = ("_kind",)

        def __init__(self, kind: str, records: Iterable[R]) -> None:
            super().__init__((r.id, r) for r in sorted(records, key=lambda r: r.id))
            self._kind = kind

        def __missing__(self, record_id: str) -> R:
            from hipknowledge._search import closest_ids

            raise UnknownIdError(record_id, closest_ids(record_id, self), self._kind) from None

        def _read_only(self, *args: Any, **kwargs: Any) -> Any:
            raise TypeError(f"the {self._kind} records are read-only")

        __setitem__ = __delitem__ = __ior__ = _read_only
        pop = popitem = clear = update = setdefault = _read_only

        def __repr__(self) -> str:
            return f"<{self._kind} records: {len(self)}>"


class _Answers(dict[str, Any]):
    """Answers to one single-argument query, keyed by the argument.

    A hit is one dict lookup. A miss asks ``compute`` (which validates the argument and
    raises for an unknown ID) and remembers the answer when the argument is a live ID;
    a deprecated ID is never remembered, so it warns on every call.
    """

    __slots__ = ("_compute", "_live")

    def __init__(self, compute: Callable[[str], Any], live: Container[str], known: Mapping[str, Any] = {}) -> None:
        super().__init__(known)
        self._compute = compute
        self._live = live

    def __missing__(self, key: str) -> Any:
        answer = self._compute(key)
        if key in self._live:
            self[key] = answer
        return answer


#: Queries of one argument, answered through :class:`_Answers` bound over the method.
_BOUND_QUERIES = (
    "members",
    "groups_of",
    "muscles_targeted_by",
    "techniques_targeting",
    "conditions_sharing_pain_location",
    "antagonists",
    "care_for",
    "conditions_treated_by",
    "conditions_involving",
    "claims_about",
    "cited_by",
)


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
        # Speed: the methods below are the reference behaviour (and what documentation and
        # type checkers see); each instance answers through dicts whose bound __getitem__
        # shadows them, so a repeated question costs a dict lookup and no Python-level call.
        by_id = _Answers(self._missing_id, (), self._all)
        object.__setattr__(self, "_all", by_id)
        object.__setattr__(self, "lookup", by_id.__getitem__)
        for name in _BOUND_QUERIES:
            object.__setattr__(self, name, _Answers(getattr(self, name), by_id).__getitem__)
        self._frozen = True

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
        self._at = {r.value: () for r in BodyRegion} | {k: _by_id(v) for k, v in primary.items()}
        self._radiating = {k: _by_id(v) for k, v in radiating.items()}
        # Answered on demand and remembered: precomputed, these grow with the square of the content.
        self._sharing: dict[str, tuple[Condition, ...]] = {}
        self._antagonists: dict[str, tuple[Muscle, ...]] = {}

        movers: dict[tuple[str, ActionRole], list[Muscle]] = defaultdict(list)
        for muscle in self.muscles.values():
            for action in muscle.actions:
                movers[action.movement.value, action.role].append(muscle)
        self._movers: dict[tuple[str, ActionRole | None], tuple[Muscle, ...]] = {}
        self._movers_any: dict[str, tuple[Muscle, ...]] = {}
        for movement in HipMovement:
            for role in ActionRole:
                self._movers[movement.value, role] = _by_id(movers[movement.value, role])
            both = (
                self._movers[movement.value, ActionRole.PRIME_MOVER]
                + self._movers[movement.value, ActionRole.ASSISTANT]
            )
            self._movers[movement.value, None] = self._movers_any[movement.value] = both

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
        for claim in self.claims.values():
            for subject in claim.subjects:
                claims[subject].append(claim)
        self._claims_about = {k: _by_id(v) for k, v in claims.items()}
        self._citing: dict[str, tuple[Record, ...]] | None = None  # on the first cited_by()
        self._targeting: dict[str, tuple[Technique, ...]] = {}
        self._exercises_for: dict[str, tuple[Exercise, ...]] = dict(self._exercises_by_movement)

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
        """Deprecated IDs, each with the ID that replaces it (a read-only view)."""
        return MappingProxyType(self._deprecations)

    def __setattr__(self, name: str, value: object) -> None:
        # The record maps and metadata are public and shared by every caller of load():
        # once built, they cannot be rebound. Private caches fill in lazily.
        if not name.startswith("_") and self.__dict__.get("_frozen"):
            raise AttributeError(f"the knowledge base is read-only: cannot set {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"the knowledge base is read-only: cannot delete {name!r}")

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the canonical content: record exactly what an answer came from."""
        if self._fingerprint is None:
            from hipknowledge._versioning import fingerprint

            self._fingerprint = fingerprint(self)
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
        return self._all[record_id]

    def _missing_id(self, record_id: str) -> Record:
        """``lookup`` of an ID that is not a record: follow a deprecation, or raise."""
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
        # Point the warning at the caller's code, however many of our frames lie between.
        frame: FrameType | None = sys._getframe(1)
        level = 2
        while frame is not None and frame.f_code.co_filename == __file__:
            level, frame = level + 1, frame.f_back
        warnings.warn(
            f"id {deprecation.id!r} is deprecated since content {deprecation.since}; "
            f"use {deprecation.replaced_by!r} ({deprecation.reason})",
            DeprecationWarning,
            stacklevel=level,
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
        try:
            return self._members[group_id]
        except KeyError:
            return self._members.get(self._resolve(group_id, MuscleGroup).id, ())

    def groups_of(self, muscle_id: str) -> tuple[MuscleGroup, ...]:
        """Groups a muscle belongs to."""
        return tuple(self.groups[g] for g in self._resolve(muscle_id, Muscle).groups)

    def muscles_targeted_by(self, technique_id: str) -> tuple[Muscle, ...]:
        """Muscles a technique works on (a targeted group stands for its members)."""
        try:
            return self._technique_muscles[technique_id]
        except KeyError:
            return self._technique_muscles[self._resolve(technique_id, Technique).id]

    def techniques_targeting(self, target_id: str) -> tuple[Technique, ...]:
        """Techniques that work on a muscle, or on any muscle of a group."""
        try:
            return self._targeting[target_id]
        except KeyError:
            found = self._techniques_targeting(target_id)
            if target_id in self._all:  # a deprecated ID keeps warning on every call
                self._targeting[target_id] = found
            return found

    def _techniques_targeting(self, target_id: str) -> tuple[Technique, ...]:
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
        if not radiating:
            try:
                return self._at[region]
            except KeyError:
                pass
        key = _region(region)
        found = self._at.get(key, ())
        return _by_id((*found, *self._radiating.get(key, ()))) if radiating else found

    def conditions_sharing_pain_location(self, condition_id: str) -> tuple[Condition, ...]:
        """Other conditions that hurt in at least one of the same places."""
        try:
            return self._sharing[condition_id]
        except KeyError:
            condition = self._resolve(condition_id, Condition)
        found = _by_id(o for r in condition.pain_locations for o in self._at[r.value] if o.id != condition.id)
        self._sharing[condition.id] = found
        return found

    def muscles_for(self, movement: str | HipMovement, *, role: ActionRole | str | None = None) -> tuple[Muscle, ...]:
        """Muscles that produce a hip movement: prime movers first, then assistants.

        >>> import hipknowledge as hk
        >>> "gluteus-medius" in {m.id for m in hk.load().muscles_for("hip-abduction", role="prime-mover")}
        True
        """
        if role is None:
            try:
                return self._movers_any[movement]
            except KeyError:
                pass
        return self._movers[_movement(movement), None if role is None else ActionRole(role)]

    def antagonists(self, muscle_id: str) -> tuple[Muscle, ...]:
        """Muscles that are prime movers of the opposite of one of this muscle's prime movements."""
        try:
            return self._antagonists[muscle_id]
        except KeyError:
            muscle = self._resolve(muscle_id, Muscle)
        found = _by_id(
            other
            for a in muscle.actions
            if a.role is ActionRole.PRIME_MOVER
            for other in self._movers[a.movement.opposite.value, ActionRole.PRIME_MOVER]
        )
        self._antagonists[muscle.id] = found
        return found

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
        if kind is None:
            try:
                return self._exercises_for[target]
            except KeyError:
                pass
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
            if key in self._all:
                self._exercises_for[key] = found
            return found
        wanted = ExerciseKind(kind)
        return tuple(e for e in found if e.kind is wanted)

    def care_for(self, condition_id: str) -> tuple[Care, ...]:
        """What is considered for a condition, each with its stance and sources (as recorded)."""
        try:
            return self._care[condition_id]
        except KeyError:
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
        citing = self._citing
        if citing is None:
            built: dict[str, list[Record]] = defaultdict(list)
            for record in self._all.values():
                for cited in record.source_ids():
                    built[cited].append(record)
            citing = self._citing = {k: _by_id(v) for k, v in built.items()}
        try:
            return citing[source_id]
        except KeyError:
            return citing.get(self._resolve(source_id, Source).id, ())

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
            self._search_index = SearchIndex(list(self._all.values()))
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
