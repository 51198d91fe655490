"""The KnowledgeBase: read-only typed mappings, indexes built once, relationship queries."""

from __future__ import annotations

import sys
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from types import FrameType, MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast, overload

from hipknowledge._fields import iter_references
from hipknowledge.errors import DeprecatedIdError, UnknownIdError, UnknownKindError
from hipknowledge.models import (
    RECORD_TYPES,
    CareOption,
    Claim,
    Condition,
    Deprecation,
    Exercise,
    Manifest,
    Muscle,
    MuscleGroup,
    Record,
    Source,
    Structure,
    Technique,
)
from hipknowledge.vocab import ActionRole, BodyRegion, ExerciseKind, HipMovement, ManualAccess, TechniqueKind

if TYPE_CHECKING:
    from hipknowledge._search import SearchHit

__all__ = ["Care", "KnowledgeBase", "RecordMap"]

R = TypeVar("R", bound=Record)
D = TypeVar("D")

# Built from ``__members__`` and ``_value_``, which cost less than iterating the enums.
_MOVEMENTS = {m._value_: m for m in HipMovement.__members__.values()}
_first = itemgetter(0)
_REGIONS = {r._value_: r for r in BodyRegion.__members__.values()}
_MANUAL = frozenset(k for k in TechniqueKind.__members__.values() if k.is_manual)
_ROLES = tuple(ActionRole)


if TYPE_CHECKING:

    class RecordMap(Mapping[str, R]):
        """What type checkers see: a read-only mapping (the runtime class refuses writes)."""

        def __init__(self, kind: str, records: Iterable[R]) -> None: ...
        @classmethod
        def _of(cls, kind: str, records: dict[str, R]) -> RecordMap[R]: ...
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
            pairs = [(r.id, r) for r in records]
            pairs.sort(key=_first)
            super().__init__(pairs)
            self._kind = kind

        @classmethod
        def _of(cls, kind: str, records: dict[str, R]) -> RecordMap[R]:
            """A map holding ``records`` as they are (already keyed and in ID order)."""
            made = cls.__new__(cls)
            dict.update(made, records)
            made._kind = kind
            return made

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


class _Indexer:
    """Takes records one at a time and fills the indexes that need nothing but that record.

    A record is indexed as it arrives, while its memory is fresh: read straight after it is
    validated, as :func:`hipknowledge.load` does, no record is walked a second time. What
    links records to each other is resolved by :meth:`finish` from what ``add`` kept (the
    records and their IDs and references), without reading a record again: at a large
    scale, a record read a second time is no longer in the processor's caches.

    Every kind's records must arrive in ID order (the loader and the bundle give them so,
    and :meth:`KnowledgeBase.__init__` sorts them otherwise); then every list filled here
    is in ID order.
    """

    def __init__(self) -> None:
        self.maps: dict[type[Record], dict[str, Record]] = {kind: {} for kind in RECORD_TYPES}
        self.last: dict[type[Record], str] = dict.fromkeys(RECORD_TYPES, "")
        self.count = 0
        self.in_order = True
        self.repeated: list[str] = []  # IDs given to more than one record of a kind
        # Keyed by group: its muscles, and the IDs of the same muscles.
        self.members: dict[str, list[Muscle]] = defaultdict(list)
        self.member_ids: dict[str, list[str]] = defaultdict(list)
        self.reachable: dict[str, list[Muscle]] = defaultdict(list)
        self.reachable_ids: dict[str, list[str]] = defaultdict(list)
        self.movers: dict[tuple[HipMovement, ActionRole], list[Muscle]] = defaultdict(list)
        self.targets: list[tuple[Technique, str, tuple[str, ...], bool]] = []
        self.named: dict[str, list[Technique]] = defaultdict(list)
        self.treated: dict[str, list[str]] = defaultdict(list)  # intervention ID: condition IDs
        self.primary: dict[BodyRegion, list[Condition]] = defaultdict(list)
        self.radiating: dict[BodyRegion, list[Condition]] = defaultdict(list)
        self.care: list[tuple[str, tuple[CareOption, ...], tuple[str, ...]]] = []
        self.involved: list[tuple[Condition, tuple[str, ...]]] = []
        self.by_muscle: dict[str, list[Exercise]] = defaultdict(list)
        self.by_movement: dict[HipMovement, list[Exercise]] = defaultdict(list)
        self.claims: dict[str, list[Claim]] = defaultdict(list)

    def add(self, record: Record) -> None:
        kind = type(record)
        found = self.maps.get(kind)
        if found is None:  # a subclass of a record model
            kind = next(k for k in RECORD_TYPES if isinstance(record, k))
            found = self.maps[kind]
        record_id = record.id
        if not self.last[kind] < record_id:
            self.in_order = False
        self.last[kind] = record_id
        if record_id in found:
            self.repeated.append(record_id)
        found[record_id] = record
        self.count += 1
        # Each loop runs over the record's own keys without repeats (dict.fromkeys keeps
        # their order), so that a record is put in a list at most once.
        if kind is Muscle:
            assert isinstance(record, Muscle)
            touchable = record.manual_access is not ManualAccess.NOT_ACCESSIBLE
            for group in dict.fromkeys(record.groups):
                self.members[group].append(record)
                self.member_ids[group].append(record_id)
                if touchable:
                    self.reachable[group].append(record)
                    self.reachable_ids[group].append(record_id)
            for pair in dict.fromkeys([(a.movement, a.role) for a in record.actions]):
                self.movers[pair].append(record)
        elif kind is Condition:
            assert isinstance(record, Condition)
            for region in dict.fromkeys(record.pain_locations):
                self.primary[region].append(record)
            for region in dict.fromkeys(record.radiates_to):
                self.radiating[region].append(record)
            options = record.care_options
            interventions = tuple([o.intervention for o in options])
            self.care.append((record_id, options, interventions))
            for intervention in interventions:
                self.treated[intervention].append(record_id)
            self.involved.append((record, record.involved))
        elif kind is Technique:
            assert isinstance(record, Technique)
            refs = tuple([x.target for x in record.targets])
            self.targets.append((record, record_id, refs, record.kind in _MANUAL))
            for ref in dict.fromkeys(refs):
                self.named[ref].append(record)
            for condition_id in record.used_for:
                self.treated[record_id].append(condition_id)
        elif kind is Exercise:
            assert isinstance(record, Exercise)
            for muscle_id in dict.fromkeys((*record.primary_muscles, *record.secondary_muscles)):
                self.by_muscle[muscle_id].append(record)
            # A stretch works the muscles of the opposite movement (see Exercise).
            stretch = record.kind is ExerciseKind.STRETCH
            for movement in dict.fromkeys([m.opposite if stretch else m for m in record.movements]):
                self.by_movement[movement].append(record)
        elif kind is Claim:
            assert isinstance(record, Claim)
            for subject in dict.fromkeys(record.subjects):
                self.claims[subject].append(record)

    def records(self) -> list[Record]:
        """Every record taken, each kind's in ID order."""
        return [r for found in self.maps.values() for _, r in sorted(found.items(), key=_first)]

    def of(self, kind: type[R]) -> dict[str, R]:
        """The records of ``kind`` taken, by ID."""
        return cast("dict[str, R]", self.maps[kind])  # every value an instance of ``kind``

    def record_map(self, kind: type[R]) -> RecordMap[R]:
        return RecordMap._of(kind.kind_name, self.of(kind))

    def finish(self, kb: KnowledgeBase) -> None:
        """Resolve the links between records and give ``kb`` its indexes."""
        kb._members = {g: tuple(ms) for g, ms in self.members.items()}
        kb._reachable_members = {g: tuple(ms) for g, ms in self.reachable.items()}
        kb._movers = {}
        kb._movers_any = {}
        movers = self.movers
        for value, movement in _MOVEMENTS.items():
            for role in _ROLES:
                kb._movers[value, role] = tuple(movers.get((movement, role), ()))
            both = kb._movers[value, ActionRole.PRIME_MOVER] + kb._movers[value, ActionRole.ASSISTANT]
            kb._movers[value, None] = kb._movers_any[value] = both

        muscles = self.of(Muscle)
        kb._technique_muscles = {}
        muscle_techniques: dict[str, list[Technique]] = defaultdict(list)
        # A technique worked by touch reaches only the members of a group that hands or tools can.
        members = {True: (kb._reachable_members, self.reachable_ids), False: (kb._members, self.member_ids)}
        for technique, technique_id, refs, manual in self.targets:
            groups, group_ids = members[manual]
            if len(refs) == 1:  # the common case, already in order
                ref = refs[0]
                muscle = muscles.get(ref)
                worked_ids: Sequence[str] = group_ids.get(ref, ()) if muscle is None else refs
                worked: tuple[Muscle, ...] = groups.get(ref, ()) if muscle is None else (muscle,)
            else:
                worked_ids = sorted({i for ref in refs for i in ((ref,) if ref in muscles else group_ids.get(ref, ()))})
                worked = tuple(muscles[i] for i in worked_ids)
            kb._technique_muscles[technique_id] = worked
            for muscle_id in worked_ids:
                muscle_techniques[muscle_id].append(technique)
        kb._muscle_techniques = {k: tuple(v) for k, v in muscle_techniques.items()}
        kb._naming_target = {k: tuple(v) for k, v in self.named.items()}

        kb._at = dict.fromkeys(_REGIONS, ()) | {r._value_: tuple(v) for r, v in self.primary.items()}
        kb._radiating = {r._value_: tuple(v) for r, v in self.radiating.items()}
        techniques, exercises, conditions = self.of(Technique), self.of(Exercise), self.of(Condition)
        kb._care = {
            condition_id: tuple(
                Care(o, techniques[i] if i in techniques else exercises[i]) for o, i in zip(options, ids, strict=True)
            )
            for condition_id, options, ids in self.care
        }
        kb._conditions_for = {
            k: tuple(conditions[c] for c in (v if len(v) < 2 else sorted(set(v)))) for k, v in self.treated.items()
        }
        involved: dict[str, list[Condition]] = defaultdict(list)
        member_ids = self.member_ids
        for condition, refs in self.involved:
            # A group involves its members too; each key once per condition.
            for key in dict.fromkeys([k for ref in refs for k in (ref, *member_ids.get(ref, ()))]):
                involved[key].append(condition)
        kb._involved_in = {k: tuple(v) for k, v in involved.items()}

        kb._exercises_by_muscle = {k: tuple(v) for k, v in self.by_muscle.items()}
        kb._exercises_by_movement = {m._value_: tuple(v) for m, v in self.by_movement.items()}
        kb._claims_about = {k: tuple(v) for k, v in self.claims.items()}


def _by_id(records: Iterable[R]) -> tuple[R, ...]:
    """Records without repeats, in ID order (results are deterministic)."""
    if not isinstance(records, (list, tuple)):
        records = list(records)
    if len(records) < 2:
        return tuple(records)
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

    # The indexes, filled by _Indexer.finish().
    _members: dict[str, tuple[Muscle, ...]]
    _reachable_members: dict[str, tuple[Muscle, ...]]
    _movers: dict[tuple[str, ActionRole | None], tuple[Muscle, ...]]
    _movers_any: dict[str, tuple[Muscle, ...]]
    _technique_muscles: dict[str, tuple[Muscle, ...]]
    _muscle_techniques: dict[str, tuple[Technique, ...]]
    _naming_target: dict[str, tuple[Technique, ...]]
    _at: dict[str, tuple[Condition, ...]]
    _radiating: dict[str, tuple[Condition, ...]]
    _care: dict[str, tuple[Care, ...]]
    _conditions_for: dict[str, tuple[Condition, ...]]
    _involved_in: dict[str, tuple[Condition, ...]]
    _exercises_by_muscle: dict[str, tuple[Exercise, ...]]
    _exercises_by_movement: dict[str, tuple[Exercise, ...]]
    _claims_about: dict[str, tuple[Claim, ...]]

    def __init__(
        self,
        records: Iterable[Record],
        manifest: Manifest,
        deprecations: Sequence[Deprecation] = (),
        *,
        strict: bool = False,
    ) -> None:
        self._manifest = manifest
        self._strict = strict
        self._deprecations = {d.id: d for d in deprecations}
        indexer = _Indexer()
        for record in records:
            indexer.add(record)
        if indexer.repeated:  # the loader's checks refuse this long before
            raise ValueError(f"more than one record has the ID {', '.join(map(repr, sorted(indexer.repeated)))}")
        if not indexer.in_order:  # put each kind in ID order, and index again
            taken, indexer = indexer.records(), _Indexer()
            for record in taken:
                indexer.add(record)
        self.muscles = indexer.record_map(Muscle)
        self.groups = indexer.record_map(MuscleGroup)
        self.structures = indexer.record_map(Structure)
        self.conditions = indexer.record_map(Condition)
        self.techniques = indexer.record_map(Technique)
        self.exercises = indexer.record_map(Exercise)
        self.sources = indexer.record_map(Source)
        self.claims = indexer.record_map(Claim)
        # Every record by ID, in kind then ID order. Speed: the methods below are the
        # reference behaviour (and what documentation and type checkers see); each instance
        # answers through dicts whose bound __getitem__ shadows them, so a repeated question
        # costs a dict lookup and no Python-level call.
        by_id = _Answers(self._missing_id, ())
        for name in _KINDS.values():
            by_id.update(getattr(self, name))
        if len(by_id) != indexer.count:  # records of two kinds share an ID
            counts = Counter(r.id for r in indexer.records())
            repeated = sorted(k for k, n in counts.items() if n > 1)
            raise ValueError(f"more than one record has the ID {', '.join(map(repr, repeated))}")
        self._all: dict[str, Record] = by_id
        indexer.finish(self)
        # Answered on demand and remembered: precomputed, these grow with the square of the content.
        self._sharing: dict[str, tuple[Condition, ...]] = {}
        self._antagonists: dict[str, tuple[Muscle, ...]] = {}
        self._citing: dict[str, tuple[Record, ...]] | None = None  # on the first cited_by()
        self._targeting: dict[str, tuple[Technique, ...]] = {}
        self._exercises_for: dict[str, tuple[Exercise, ...]] = dict(self._exercises_by_movement)
        self._fingerprint: str | None = None
        self._search_index: object | None = None
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

    # The options of the next three queries are not keyword-only, though the documentation
    # always names them: CPython's specializing interpreter leaves calls to functions with
    # keyword-only parameters unspecialized, which costs the common one-argument call about
    # half again (measured on 3.11; see docs/performance.md).

    def conditions_at(self, region: str | BodyRegion, radiating: bool = False) -> tuple[Condition, ...]:
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

    def muscles_for(self, movement: str | HipMovement, role: ActionRole | str | None = None) -> tuple[Muscle, ...]:
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

    def exercises_for(self, target: str | HipMovement, kind: ExerciseKind | str | None = None) -> tuple[Exercise, ...]:
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
        # The rest lives apart: its comprehensions would make ``self`` a cell variable here,
        # which slows every call, the remembered answers above included.
        return self._find_exercises(target, kind)

    def _find_exercises(self, target: str | HipMovement, kind: ExerciseKind | str | None) -> tuple[Exercise, ...]:
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
        from hipknowledge._fields import format_loc

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
