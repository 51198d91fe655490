"""The KnowledgeBase: read-only typed mappings, lookups by ID, and relationship queries."""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, TypeVar, cast, overload

from pydantic import BaseModel, ConfigDict

from hipknowledge import _prescription, _screen
from hipknowledge._canonical import fingerprint
from hipknowledge._fields import format_loc, iter_references
from hipknowledge._index import DEFAULT_REACH, Care, Indexes, Reference, build_indexes, by_id
from hipknowledge._pipeline import read_checked
from hipknowledge._prescription import Coverage, Routine
from hipknowledge._results import Results
from hipknowledge._screen import Screening
from hipknowledge._search import SearchHit, SearchIndex, closest_ids
from hipknowledge.errors import (
    DeprecatedIdError,
    InvalidArgumentError,
    UnknownIdError,
    UnknownKindError,
)
from hipknowledge.models import (
    KIND_BY_FOLDER,
    KIND_BY_NAME,
    RECORD_TYPES,
    AnyRecord,
    Claim,
    Condition,
    Deprecation,
    Exercise,
    Factor,
    Manifest,
    Muscle,
    MuscleGroup,
    Record,
    RecordKind,
    Source,
    Structure,
    Technique,
    Treatment,
)
from hipknowledge.vocab import (
    ActionRole,
    ActionRoleValue,
    BodyRegion,
    BodyRegionValue,
    Difficulty,
    Equipment,
    EvidenceStance,
    ExerciseType,
    ExerciseTypeValue,
    HipMovement,
    HipMovementValue,
    HipPosition,
    HipPositionValue,
    Reach,
    ReachValue,
    Stance,
)

__all__ = ["Care", "KnowledgeBase", "RecordMap", "Relation"]

R = TypeVar("R", bound=Record)
D = TypeVar("D")


class RecordMap(Mapping[str, R]):
    """A read-only mapping from ID to record, for one kind of record.

    A missing key raises :class:`~hipknowledge.UnknownIdError` (a ``KeyError``) that
    suggests the closest IDs, so ``in`` and ``.get`` keep ``Mapping``'s contract.

    >>> import hipknowledge as hk
    >>> muscles = hk.load().muscles
    >>> muscles["psoas-major"].name, "psoas-major" in muscles, muscles.get("nope") is None
    ('Psoas major', True, True)
    """

    __slots__ = ("_kind", "_records")

    def __init__(self, kind: type[R], records: Mapping[str, R]) -> None:
        self._kind = kind
        self._records = records

    def __getitem__(self, record_id: str) -> R:
        try:
            return self._records[record_id]
        except (KeyError, TypeError):
            suggestions = closest_ids(record_id, self._records) if isinstance(record_id, str) else ()
            raise UnknownIdError(record_id, suggestions, self._kind.kind_name) from None

    def __contains__(self, record_id: object) -> bool:
        return isinstance(record_id, str) and record_id in self._records

    def __iter__(self) -> Iterator[str]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def __repr__(self) -> str:
        return f"<{self._kind.kind_name} records: {len(self)}>"


class Relation(BaseModel):
    """One relationship of a record, as :meth:`KnowledgeBase.related` gives it.

    ``name`` is stable: for a reference it is the field that holds it, without list
    positions (``"care_options.intervention"``); for a relation the package works out,
    one of ``"works-muscle"`` (a technique and the muscles it works, groups expanded),
    ``"antagonist"`` and ``"shares-pain-location"``. ``direction`` says who holds it:
    ``"outgoing"`` (this record), ``"incoming"`` (the other record) or ``"mutual"``.
    ``field`` is where the reference stands in the record that holds it (empty for a
    worked-out relation); ``stance`` is the stance the holding part takes, where it has one.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    name: str
    direction: Literal["outgoing", "incoming", "mutual"]
    other: AnyRecord
    field: str = ""
    stance: EvidenceStance | Stance | None = None
    reach: Reach | None = None


def _stance_at(reference: Reference) -> EvidenceStance | Stance | None:
    """The stance of the part a reference stands in (a care option, a source's position)."""
    loc = reference.loc
    if len(loc) == 3 and isinstance(loc[0], str) and isinstance(loc[1], int):
        stance = getattr(getattr(reference.source, loc[0])[loc[1]], "stance", None)
        if isinstance(stance, (EvidenceStance, Stance)):
            return stance
    return None


def _reach_at(reference: Reference) -> Reach | None:
    """The reach of the technique target a reference stands in, if it stands in one."""
    loc = reference.loc
    if len(loc) == 3 and loc[0] == "targets" and isinstance(loc[1], int) and isinstance(reference.source, Technique):
        return reference.source.targets[loc[1]].reach
    return None


def _relation_name(reference: Reference) -> str:
    return ".".join(part for part in reference.loc if isinstance(part, str))


class KnowledgeBase:
    """All records of one content snapshot, with the indexes its queries read.

    Build one with :func:`hipknowledge.load` (the shipped content, cached) or
    :meth:`from_directory` (a working copy). Every answer is a tuple of records in ID order;
    an ID that was renamed keeps answering, with a ``DeprecationWarning`` (``strict=True``
    raises :class:`~hipknowledge.DeprecatedIdError` instead).

    >>> import hipknowledge as hk
    >>> kb = hk.load()
    >>> "piriformis-syndrome" in kb.conditions_at("buttock").ids
    True
    """

    __slots__ = (
        "_deprecations",
        "_fingerprint",
        "_index",
        "_manifest",
        "_search_index",
        "_strict",
        "claims",
        "conditions",
        "exercises",
        "factors",
        "groups",
        "muscles",
        "sources",
        "structures",
        "techniques",
        "treatments",
    )

    _index: Indexes
    _manifest: Manifest
    _deprecations: dict[str, Deprecation]
    _strict: bool
    _fingerprint: str | None
    _search_index: SearchIndex | None
    muscles: RecordMap[Muscle]
    groups: RecordMap[MuscleGroup]
    structures: RecordMap[Structure]
    conditions: RecordMap[Condition]
    techniques: RecordMap[Technique]
    treatments: RecordMap[Treatment]
    exercises: RecordMap[Exercise]
    factors: RecordMap[Factor]
    sources: RecordMap[Source]
    claims: RecordMap[Claim]

    def __init__(
        self,
        records: Iterable[Record],
        manifest: Manifest,
        deprecations: Sequence[Deprecation] = (),
        *,
        strict: bool = False,
    ) -> None:
        index = build_indexes(records)
        setattr_ = object.__setattr__
        setattr_(self, "_index", index)
        setattr_(self, "_manifest", manifest)
        setattr_(self, "_deprecations", {d.id: d for d in deprecations})
        setattr_(self, "_strict", strict)
        setattr_(self, "_fingerprint", None)
        setattr_(self, "_search_index", None)
        for kind in RECORD_TYPES:
            setattr_(self, kind.folder, RecordMap(kind, index.by_kind[kind]))

    def __setattr__(self, name: str, value: object) -> None:
        # Shared by every caller of load(): nothing may be rebound.
        raise AttributeError(f"the knowledge base is read-only: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"the knowledge base is read-only: cannot delete {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its records in the receiving process (a process pool, copy.deepcopy).
        records = tuple(self._index.by_id.values())
        return (_rebuild, (records, self._manifest, tuple(self._deprecations.values()), self._strict))

    @classmethod
    def from_directory(cls, path: str | Path, *, strict: bool = False) -> KnowledgeBase:
        """Load a data directory (a contributor's working copy) the way the package checks its own.

        Raises :class:`~hipknowledge.ContentError` listing every problem found.
        """
        content = read_checked(Path(path), str(path))
        return cls(content.records, content.manifest, content.deprecations, strict=strict)

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

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the canonical content: record exactly what an answer came from."""
        if self._fingerprint is None:  # worked out on first use: it serialises every record
            object.__setattr__(self, "_fingerprint", fingerprint(self))
        assert self._fingerprint is not None
        return self._fingerprint

    @overload
    def records(self, kind: type[R]) -> tuple[R, ...]: ...
    @overload
    def records(self, kind: RecordKind | str | None = None) -> tuple[AnyRecord, ...]: ...
    def records(self, kind: type[Record] | str | None = None) -> tuple[Record, ...]:
        """Every record, in kind then ID order; or those of one kind: ``Muscle``, ``"muscle"`` or ``"muscles"``."""
        if kind is None:
            return tuple(r for k in RECORD_TYPES for r in self._index.by_kind[k].values())
        return tuple(self._index.by_kind[_record_type(kind)].values())

    def __len__(self) -> int:
        return len(self._index.by_id)

    def __contains__(self, record_id: object) -> bool:
        return isinstance(record_id, str) and record_id in self._index.by_id

    def __repr__(self) -> str:
        return f"<KnowledgeBase content {self.content_version}: {len(self)} records>"

    # ------------------------------------------------------------------ lookups by ID

    @overload
    def lookup(self, record_id: str) -> AnyRecord: ...
    @overload
    def lookup(self, record_id: str, kind: type[R]) -> R: ...
    def lookup(self, record_id: str, kind: type[Record] | None = None) -> Record:
        """The record with this ID; of the class ``kind`` if given, and typed as it.

        Two verbs, two contracts (as with ``Mapping``): ``lookup`` raises
        :class:`~hipknowledge.UnknownIdError` (a ``LookupError``) suggesting close IDs
        (of that kind, when ``kind`` is given); :meth:`get` returns a default.

        >>> import hipknowledge as hk
        >>> hk.load().lookup("piriformis-syndrome").name
        'Piriformis syndrome'
        >>> hk.load().lookup("psoas-major", hk.Muscle).innervation.roots
        ('L1', 'L2', 'L3')
        """
        return self._find(record_id, Record if kind is None else _record_type(kind))

    @overload
    def get(self, record_id: str) -> AnyRecord | None: ...
    @overload
    def get(self, record_id: str, default: D) -> AnyRecord | D: ...
    @overload
    def get(self, record_id: str, *, kind: type[R]) -> R | None: ...
    @overload
    def get(self, record_id: str, default: D, *, kind: type[R]) -> R | D: ...
    def get(self, record_id: str, default: object = None, *, kind: type[Record] | None = None) -> object:
        """The record with this ID (and of the class ``kind``, if given), or ``default`` (``None``)."""
        wanted = Record if kind is None else _record_type(kind)
        record = self._index.by_id.get(record_id) if isinstance(record_id, str) else None
        if record is None and isinstance(record_id, str) and record_id in self._deprecations:
            record = self._follow(record_id, stacklevel=3)
        return record if isinstance(record, wanted) else default

    def _find(self, record_id: str, kind: type[R]) -> R:
        """The record of ``kind`` with this ID, following a deprecation; else raise.

        Every public method calls this directly, so that a deprecation warning points
        at the caller's own line.
        """
        record = self._index.by_id.get(record_id) if isinstance(record_id, str) else None
        if record is None and isinstance(record_id, str) and record_id in self._deprecations:
            record = self._follow(record_id, stacklevel=4)
        if record is None or not isinstance(record, kind):
            raise self._unknown(record_id, kind)
        return record

    def _unknown(self, record_id: object, kind: type[Record], *, also: Iterable[str] = ()) -> UnknownIdError:
        """The error for an ID that is not a record of ``kind``, suggesting IDs (and ``also``) of that kind."""
        candidates = [*(self._index.by_id if kind is Record else self._index.by_kind.get(kind, {})), *also]
        suggestions = closest_ids(record_id, candidates) if isinstance(record_id, str) else ()
        return UnknownIdError(str(record_id), suggestions, "record" if kind is Record else kind.kind_name)

    def _follow(self, record_id: str, *, stacklevel: int) -> Record:
        """The live record a deprecated ID leads to; warns ``stacklevel`` frames up (raises if strict)."""
        deprecation = self._deprecations[record_id]
        if self._strict:
            raise DeprecatedIdError(deprecation.id, deprecation.replaced_by, deprecation.since)
        warnings.warn(
            f"id {deprecation.id!r} is deprecated since content {deprecation.since}; "
            f"use {deprecation.replaced_by!r} ({deprecation.reason})",
            DeprecationWarning,
            stacklevel=stacklevel,
        )
        target, seen = deprecation.replaced_by, {record_id}
        while target not in self._index.by_id and target in self._deprecations and target not in seen:
            seen.add(target)
            target = self._deprecations[target].replaced_by
        return self._index.by_id[target]

    # ------------------------------------------------------------------ relationships

    def members(self, group_id: str) -> Results[Muscle]:
        """Muscles of a group.

        >>> import hipknowledge as hk
        >>> "piriformis" in hk.load().members("deep-lateral-rotators").ids
        True
        """
        return Results(self._index.members.get(self._find(group_id, MuscleGroup).id, ()))

    def groups_of(self, muscle_id: str) -> Results[MuscleGroup]:
        """Groups a muscle belongs to, in the order the muscle lists them (its main group first)."""
        return Results(self.groups[g] for g in self._find(muscle_id, Muscle).groups)

    def muscles_targeted_by(
        self, technique_id: str, *, reach: Iterable[Reach | ReachValue] | None = None
    ) -> Results[Muscle]:
        """Muscles a technique works on (a targeted group stands for its members).

        By default only the muscles it actually reaches, directly or through overlying
        tissue; ``reach=hk.Reach`` gives every muscle it names, disputed and unreached too.

        >>> import hipknowledge as hk
        >>> kb = hk.load()
        >>> "psoas-major" in kb.muscles_targeted_by("foam-rolling").ids
        False
        >>> "psoas-major" in kb.muscles_targeted_by("foam-rolling", reach=hk.Reach).ids
        True
        """
        technique = self._find(technique_id, Technique)
        if reach is None:
            return Results(self._index.reached_muscles.get(technique.id, ()))
        wanted = _reaches(reach)
        found = self._index.technique_muscles.get(technique.id, ())
        return Results(m for m in found if self._index.reach[technique.id, m.id] in wanted)

    def reach(self, technique_id: str, target_id: str) -> Reach | None:
        """How far a technique reaches a muscle or structure it works on; None if it does not work on it."""
        technique = self._find(technique_id, Technique)
        target = self._find(target_id, Record)
        return self._index.reach.get((technique.id, target.id))

    def techniques_targeting(
        self, target_id: str, *, reach: Iterable[Reach | ReachValue] | None = None
    ) -> Results[Technique]:
        """Techniques that work on a muscle, any muscle of a group, or a structure (by default, that reach it)."""
        record = self._index.by_id.get(target_id) if isinstance(target_id, str) else None
        if record is None or isinstance(record, (MuscleGroup, Structure, Muscle)):
            record = self._find(target_id, Record)
        index, wanted = self._index, _reaches(reach)
        if reach is None and isinstance(record, (Muscle, Structure)):
            return Results(index.reaching_techniques.get(record.id, ()))
        if isinstance(record, MuscleGroup):
            return Results(
                by_id(
                    t
                    for m in index.members.get(record.id, ())
                    for t in index.muscle_techniques.get(m.id, ())
                    if index.reach[t.id, m.id] in wanted
                )
            )
        if isinstance(record, Structure):
            found = index.naming_target.get(record.id, ())
        elif isinstance(record, Muscle):
            found = index.muscle_techniques.get(record.id, ())
        else:
            raise UnknownIdError(target_id, (), "muscle, group or structure")
        return Results(t for t in found if index.reach[t.id, record.id] in wanted)

    def conditions_at(self, region: BodyRegion | BodyRegionValue, *, radiating: bool = False) -> Results[Condition]:
        """Conditions whose pain is felt in ``region`` (also where it spreads, with ``radiating``).

        >>> import hipknowledge as hk
        >>> "gluteal-tendinopathy" in hk.load().conditions_at("lateral-hip").ids
        True
        """
        key = BodyRegion.parse(region)
        found = self._index.at.get(key, ())
        return Results(by_id((*found, *self._index.radiating.get(key, ()))) if radiating else found)

    def conditions_sharing_pain_location(self, condition_id: str) -> Results[Condition]:
        """Other conditions that hurt in at least one of the same places."""
        return Results(self._index.sharing[self._find(condition_id, Condition).id])

    def muscles_for(
        self,
        movement: HipMovement | HipMovementValue,
        *,
        role: ActionRole | ActionRoleValue | None = None,
        position: HipPosition | HipPositionValue | None = None,
    ) -> Results[Muscle]:
        """Muscles that produce a hip movement: prime movers first, then assistants.

        Without ``position`` every action counts, whatever hip position it needs. With it,
        only actions that hold in that position (or in any): ``position="flexed"`` is the
        answer for a bent hip, as in sitting.

        >>> import hipknowledge as hk
        >>> kb = hk.load()
        >>> "gluteus-medius" in kb.muscles_for("hip-abduction", role="prime-mover").ids
        True
        >>> "piriformis" in kb.muscles_for("hip-external-rotation", position="flexed").ids
        False
        """
        key = HipMovement.parse(movement)
        if role is None:
            found, roles = self._index.movers_of[key], set(ActionRole)
        else:
            parsed = ActionRole.parse(role)
            found, roles = self._index.movers.get((key, parsed), ()), {parsed}
        if position is None:
            return Results(found)
        where = {HipPosition.ANY, HipPosition.parse(position)}
        return Results(
            muscle
            for muscle in found
            if any(a.movement is key and a.role in roles and a.position in where for a in muscle.actions)
        )

    def antagonists(self, muscle_id: str) -> Results[Muscle]:
        """Muscles that are prime movers of the opposite of one of this muscle's prime movements."""
        return Results(self._index.antagonists[self._find(muscle_id, Muscle).id])

    def exercises_for(
        self,
        target: str | HipMovement | HipMovementValue,
        *,
        exercise_type: ExerciseType | ExerciseTypeValue | None = None,
        kind: ExerciseType | ExerciseTypeValue | None = None,
    ) -> Results[Exercise]:
        """Exercises that work a muscle, a group's muscles, or the muscles of a movement.

        For a movement, strengthening work moves into it and stretches move out of it:
        ``exercises_for("hip-flexion")`` gives hip flexor strengthening and stretches.
        ``kind=`` is the 1.x name of ``exercise_type=`` (read until 3.0, with a warning).

        >>> import hipknowledge as hk
        >>> "clamshell" in hk.load().exercises_for("hip-abduction", exercise_type="strengthening").ids
        True
        """
        if kind is not None:
            warnings.warn(
                "exercises_for(kind=...) is called exercise_type= since 2.0.0", DeprecationWarning, stacklevel=2
            )
            exercise_type = exercise_type or kind
        index = self._index
        if isinstance(target, HipMovement) or target in _MOVEMENTS:
            found = index.exercises_by_movement.get(HipMovement(target), ())
        else:
            record = self._index.by_id.get(target) if isinstance(target, str) else None
            if record is None and isinstance(target, str) and target in self._deprecations:
                record = self._follow(target, stacklevel=3)
            if isinstance(record, MuscleGroup):
                muscles = index.members.get(record.id, ())
                found = by_id(e for m in muscles for e in index.exercises_by_muscle.get(m.id, ()))
            elif isinstance(record, Muscle):
                found = index.exercises_by_muscle.get(record.id, ())
            else:  # suggest what this parameter takes: movements, muscles and groups
                candidates = [*_MOVEMENTS, *index.by_kind[Muscle], *index.by_kind[MuscleGroup]]
                suggestions = closest_ids(target, candidates) if isinstance(target, str) else ()
                raise UnknownIdError(str(target), suggestions, "muscle, group or hip movement")
        if exercise_type is None:
            return Results(found)
        wanted = ExerciseType.parse(exercise_type)
        return Results(e for e in found if e.exercise_type is wanted)

    def care_for(self, condition_id: str) -> tuple[Care, ...]:
        """What is considered for a condition, each with its stance and sources (as recorded)."""
        return self._index.care.get(self._find(condition_id, Condition).id, ())

    def conditions_treated_by(self, intervention_id: str) -> Results[Condition]:
        """Conditions for which a technique or exercise is considered."""
        return Results(self._index.treated_by.get(self._find(intervention_id, Record).id, ()))

    def conditions_involving(self, anatomy_id: str) -> Results[Condition]:
        """Conditions that involve a muscle, group or structure (a group's conditions involve its members)."""
        return Results(self._index.involving.get(self._find(anatomy_id, Record).id, ()))

    def claims_about(self, record_id: str) -> Results[Claim]:
        """Claims (recorded disagreements) about a record."""
        return Results(self._index.claims_about.get(self._find(record_id, Record).id, ()))

    def cited_by(self, source_id: str) -> Results[AnyRecord]:
        """Records that cite a source."""
        source = self._find(source_id, Source)
        return Results(by_id(cast("AnyRecord", ref.source) for ref in self._index.inbound.get(source.id, ())))

    def references(self, record_id: str) -> tuple[tuple[str, AnyRecord], ...]:
        """Every record this record refers to, with the field that refers to it."""
        record = self._find(record_id, Record)
        return tuple((format_loc(ref.loc), cast("AnyRecord", ref.target)) for ref in self._outbound(record))

    def _outbound(self, record: Record) -> Iterator[Reference]:
        by_id_ = self._index.by_id
        for loc, ref, _kinds in iter_references(record):
            yield Reference(record, loc, by_id_[ref])

    def related(self, record_id: str) -> tuple[Relation, ...]:
        """Every relationship of a record: what it refers to, what refers to it, and what the package works out.

        >>> import hipknowledge as hk
        >>> kb = hk.load()
        >>> [(r.name, r.direction, r.other.id) for r in kb.related("iliacus") if r.name == "groups"][:1]
        [('groups', 'outgoing', 'hip-flexors')]
        >>> care = [r for r in kb.related("foam-rolling") if r.name == "care_options.intervention"]
        >>> [(r.direction, r.other.id, r.stance.value) for r in care][:2]
        [('incoming', 'femoroacetabular-impingement', 'insufficient'), ('incoming', 'gluteal-tendinopathy', 'caution')]
        """
        record = self._find(record_id, Record)
        found = [
            _relation(
                _relation_name(ref), "outgoing", ref.target, format_loc(ref.loc), _stance_at(ref), reach=_reach_at(ref)
            )
            for ref in self._outbound(record)
        ]
        found += [
            _relation(
                _relation_name(ref), "incoming", ref.source, format_loc(ref.loc), _stance_at(ref), reach=_reach_at(ref)
            )
            for ref in self._index.inbound.get(record.id, ())
        ]
        reach = self._index.reach
        if isinstance(record, Technique):
            found += [
                _relation("works-muscle", "outgoing", m, reach=reach[record.id, m.id])
                for m in self._index.technique_muscles.get(record.id, ())
            ]
        elif isinstance(record, Muscle):
            found += [
                _relation("works-muscle", "incoming", t, reach=reach[t.id, record.id])
                for t in self._index.muscle_techniques.get(record.id, ())
            ]
            found += [_relation("antagonist", "mutual", m) for m in self.antagonists(record.id)]
        elif isinstance(record, Condition):
            sharing = self.conditions_sharing_pain_location(record.id)
            found += [_relation("shares-pain-location", "mutual", c) for c in sharing]
        return tuple(found)

    def screen(
        self,
        factors: Iterable[str] = (),
        conditions: Iterable[str] = (),
        interventions: Iterable[str] | None = None,
        *,
        since: Mapping[str, datetime.date | int] | None = None,
        today: datetime.date | None = None,
    ) -> Screening:
        """Screen every technique and exercise (or those named) for a client's factors and conditions.

        Each gets a :class:`~hipknowledge.Verdict` (``ok``, ``caution``, ``modify``,
        ``clearance`` or ``avoid``: the strictest of its findings) with the rules behind it,
        and the answer carries the red flags of the named conditions, which an app must show.
        ``since`` maps a factor to when it began (a date, or a number of days ago): a rule
        with a time window then fires only inside it. Without a date, a windowed rule fires.

        >>> import hipknowledge as hk
        >>> answer = hk.load().screen(factors=["suspected-dvt"])
        >>> answer.verdict_of("deep-tissue-massage").value
        'avoid'
        """
        factor_records = {f.id: f for f in (self._find(i, Factor) for i in _ids(factors, "factors"))}
        condition_records = {c.id: c for c in (self._find(i, Condition) for i in _ids(conditions, "conditions"))}
        chosen: list[Technique | Exercise]
        if interventions is None:
            every = (*self._index.by_kind[Technique].values(), *self._index.by_kind[Exercise].values())
            chosen = [r for r in every if isinstance(r, (Technique, Exercise))]
        else:
            chosen = [self._intervention(i) for i in _ids(interventions, "interventions")]
        windows: dict[str, datetime.date | int] = {}
        for key, began in (since or {}).items():
            windows[self._find(key, Factor).id] = began
        return _screen.screen(
            chosen,
            factor_records,
            condition_records,
            {c.id: c.care_options for c in condition_records.values()},
            since=windows,
            today=today or datetime.date.today(),
        )

    def _intervention(self, record_id: str) -> Technique | Exercise:
        record = self._index.by_id.get(record_id) if isinstance(record_id, str) else None
        if record is None and isinstance(record_id, str) and record_id in self._deprecations:
            record = self._follow(record_id, stacklevel=4)
        if isinstance(record, (Technique, Exercise)):
            return record
        candidates = [*self._index.by_kind[Technique], *self._index.by_kind[Exercise]]
        suggestions = closest_ids(record_id, candidates) if isinstance(record_id, str) else ()
        raise UnknownIdError(str(record_id), suggestions, "technique or exercise")

    def coverage(self, exercise_ids: Iterable[str]) -> Coverage:
        """What a set of exercises strengthens and stretches, movement by movement, and what it leaves out.

        Train every plane: ``coverage(...).gaps`` lists the movement x kind cells no exercise fills.

        >>> import hipknowledge as hk
        >>> cover = hk.load().coverage(["clamshell", "glute-bridge"])
        >>> sorted(c.movement.value for c in cover.cells if c.kind == "strengthening" and c.exercises)
        ['hip-abduction', 'hip-extension', 'hip-external-rotation']
        """
        return _prescription.coverage(self._find(i, Exercise) for i in _ids(exercise_ids, "exercise_ids"))

    def build_routine(
        self,
        condition: str | None = None,
        *,
        factors: Iterable[str] = (),
        equipment: Iterable[Equipment | str] | None = None,
        level: Difficulty | str | None = None,
        sessions_per_week: int | None = None,
        since: Mapping[str, datetime.date | int] | None = None,
        today: datetime.date | None = None,
    ) -> Routine:
        """A home programme that strengthens and stretches every movement the condition allows.

        Each movement x kind cell gets one exercise: not one the condition advises against,
        not one the screener says needs clearance or must be avoided for ``factors``, only
        with ``equipment`` at hand (a mat, a wall, a chair and a cushion count as always at hand;
        ``None`` means anything), and no harder than ``level``. Among the rest the condition's recommended
        ones come first, then the least strict verdict, one already chosen, the easiest, the
        first by ID. Every choice says why, with its dose and the next step up; every cell left
        empty says why. The same inputs always give the same routine.

        >>> import hipknowledge as hk
        >>> routine = hk.load().build_routine("gluteal-tendinopathy", equipment=["resistance-band"])
        >>> "standing-lateral-hip-stretch" in routine.exercise_ids
        False
        """
        if sessions_per_week is not None and (isinstance(sessions_per_week, bool) or sessions_per_week < 1):
            raise InvalidArgumentError(f"sessions_per_week must be 1 or more, got {sessions_per_week!r}")
        chosen = None if condition is None else self._find(condition, Condition)
        factor_ids = tuple(self._find(f, Factor).id for f in _ids(factors, "factors"))
        kit = None if equipment is None else frozenset(Equipment.parse(e) for e in _ids(equipment, "equipment"))
        exercises = self._index.by_kind[Exercise]
        screening = self.screen(factor_ids, [chosen.id] if chosen else [], list(exercises), since=since, today=today)
        return _prescription.build_routine(
            {i: e for i, e in exercises.items() if isinstance(e, Exercise)},
            condition=chosen,
            factors=factor_ids,
            screening=screening,
            equipment=kit,
            level=None if level is None else Difficulty.parse(level),
            sessions_per_week=sessions_per_week,
        )

    def search(self, text: str, *, limit: int = 10) -> tuple[SearchHit, ...]:
        """Records whose name, alias or summary matches ``text``, best first.

        Tolerates case, plurals and small typos. Only the first 200 characters of ``text``
        are read and a repeated word counts once, so a query's cost is bounded.

        >>> import hipknowledge as hk
        >>> hk.load().search("hip flexers")[0].record.id
        'hip-flexors'
        """
        if not isinstance(text, str):
            raise InvalidArgumentError(f"search text must be a string, got {type(text).__name__}")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise InvalidArgumentError(f"limit must be a whole number of 1 or more, got {limit!r}")
        if self._search_index is None:  # built on first use
            object.__setattr__(self, "_search_index", SearchIndex(list(self._index.by_id.values())))
        assert self._search_index is not None
        return self._search_index.search(text, limit)


_MOVEMENTS = frozenset(m.value for m in HipMovement)


def _reaches(reach: Iterable[Reach | str] | None) -> frozenset[Reach]:
    if reach is None:
        return DEFAULT_REACH
    if isinstance(reach, str):
        raise InvalidArgumentError(f"reach takes a collection of reach values, such as {{'direct'}}, not {reach!r}")
    return frozenset(Reach.parse(value) for value in reach)


def _ids(values: Iterable[str], name: str) -> list[str]:
    if isinstance(values, str):
        raise InvalidArgumentError(f"{name} takes a list of IDs, not the string {values!r}")
    return list(dict.fromkeys(values))


def _record_type(kind: type[Record] | str) -> type[Record]:
    """The record class a ``kind`` argument names: a class, a kind name or a folder name."""
    if isinstance(kind, type) and kind in RECORD_TYPES:
        return kind
    model = KIND_BY_NAME.get(kind) or KIND_BY_FOLDER.get(kind) if isinstance(kind, str) else None
    if model is None:
        raise UnknownKindError(getattr(kind, "__name__", str(kind)), KIND_BY_NAME)
    return model


def _relation(
    name: str,
    direction: Literal["outgoing", "incoming", "mutual"],
    other: Record,
    field: str = "",
    stance: EvidenceStance | Stance | None = None,
    *,
    reach: Reach | None = None,
) -> Relation:
    # Made from records the knowledge base already validated: no need to check them again.
    return Relation.model_construct(
        reach=reach, name=name, direction=direction, other=cast("AnyRecord", other), field=field, stance=stance
    )


def _rebuild(
    records: tuple[Record, ...], manifest: Manifest, deprecations: tuple[Deprecation, ...], strict: bool
) -> KnowledgeBase:
    return KnowledgeBase(records, manifest, deprecations, strict=strict)
