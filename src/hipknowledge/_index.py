"""Records to indexes: every lookup table the knowledge base's queries read, built once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict

from hipknowledge._fields import Loc, format_loc, iter_references
from hipknowledge.models import (
    RECORD_TYPES,
    CareOption,
    Claim,
    Condition,
    Exercise,
    Muscle,
    Record,
    Structure,
    Technique,
    Treatment,
)
from hipknowledge.vocab import ActionRole, BodyRegion, ExerciseType, HipMovement, ManualAccess, Reach

__all__ = ["DEFAULT_REACH", "Care", "Indexes", "Reference", "build_indexes", "by_id"]

R = TypeVar("R", bound=Record)
K = TypeVar("K")


class Care(BaseModel):
    """A care option for a condition, with the technique or exercise it names; dumps to JSON."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    option: CareOption
    intervention: Technique | Exercise | Treatment


class Reference(NamedTuple):
    """One reference from a record to another: who refers, where in its fields, to whom."""

    source: Record
    loc: Loc
    target: Record


#: What a technique "targets" unless the caller asks for more: what it actually reaches.
DEFAULT_REACH = frozenset({Reach.DIRECT, Reach.THROUGH_OVERLYING_TISSUE})

#: Reach from the weakest to the strongest.
_REACH_ORDER = (Reach.NONE, Reach.DISPUTED, Reach.THROUGH_OVERLYING_TISSUE, Reach.DIRECT)
_REACH_OF_ACCESS = {
    ManualAccess.DIRECT: Reach.DIRECT,
    ManualAccess.THROUGH_OVERLYING_TISSUE: Reach.THROUGH_OVERLYING_TISSUE,
    ManualAccess.DISPUTED: Reach.DISPUTED,
    ManualAccess.NOT_ACCESSIBLE: Reach.NONE,
}


def by_id(records: Iterable[R]) -> tuple[R, ...]:
    """Records without repeats, in ID order (so every answer is deterministic).

    >>> from hipknowledge.models import Review
    >>> review = Review(by="x", on="2026-01-01")
    >>> [s.id for s in by_id([Claim.model_construct(id=i, review=review) for i in "bab"])]
    ['a', 'b']
    """
    unique = {r.id: r for r in records}
    return tuple(unique[k] for k in sorted(unique))


@dataclass(frozen=True)
class Indexes:
    """What the queries read; every value a tuple of records in ID order.

    Keys are record IDs, or vocabulary values for regions and movements.
    """

    #: How far each technique reaches each muscle or structure it works: (technique, target) -> reach.
    reach: Mapping[tuple[str, str], Reach]
    by_id: Mapping[str, Record]
    by_kind: Mapping[type[Record], Mapping[str, Record]]
    members: Mapping[str, tuple[Muscle, ...]]
    #: A group's members that hands or hand-held tools can reach (not marked not-accessible).
    reachable_members: Mapping[str, tuple[Muscle, ...]]
    movers: Mapping[tuple[HipMovement, ActionRole], tuple[Muscle, ...]]
    technique_muscles: Mapping[str, tuple[Muscle, ...]]
    muscle_techniques: Mapping[str, tuple[Technique, ...]]
    #: Techniques by each ID their targets name (muscle, group or structure), as written.
    naming_target: Mapping[str, tuple[Technique, ...]]
    at: Mapping[BodyRegion, tuple[Condition, ...]]
    radiating: Mapping[BodyRegion, tuple[Condition, ...]]
    care: Mapping[str, tuple[Care, ...]]
    treated_by: Mapping[str, tuple[Condition, ...]]
    involving: Mapping[str, tuple[Condition, ...]]
    exercises_by_muscle: Mapping[str, tuple[Exercise, ...]]
    #: For strengthening, the movement trained; for a stretch, the movement its muscles produce.
    exercises_by_movement: Mapping[HipMovement, tuple[Exercise, ...]]
    claims_about: Mapping[str, tuple[Claim, ...]]
    #: Every reference pointing at a record, by the target's ID.
    inbound: Mapping[str, tuple[Reference, ...]]
    #: What the queries answer by default, worked out once: the muscles a technique reaches
    #: (DEFAULT_REACH), the techniques that reach a muscle or structure, the conditions sharing a
    #: pain location, the movers of a movement (prime movers first) and a muscle's antagonists.
    reached_muscles: Mapping[str, tuple[Muscle, ...]]
    reaching_techniques: Mapping[str, tuple[Technique, ...]]
    sharing: Mapping[str, tuple[Condition, ...]]
    movers_of: Mapping[HipMovement, tuple[Muscle, ...]]
    antagonists: Mapping[str, tuple[Muscle, ...]]


def _tuples(lists: Mapping[K, list[R]]) -> dict[K, tuple[R, ...]]:
    return {key: by_id(values) for key, values in lists.items()}


def build_indexes(records: Iterable[Record]) -> Indexes:
    """Index ``records``: each ID once across all kinds, each reference naming a record of a kind it allows.

    Raises ``ValueError`` naming the repeated IDs, or the references that name no such record.
    The loader's checks refuse both long before, with file and line; this guards records
    made in code, and a damaged bundle.
    """
    every: dict[str, Record] = {}
    repeated: list[str] = []
    for record in records:
        if record.id in every:
            repeated.append(record.id)
        every[record.id] = record
    if repeated:
        raise ValueError(f"more than one record has the ID {', '.join(map(repr, sorted(set(repeated))))}")
    ordered = [every[k] for k in sorted(every)]
    inbound: dict[str, list[Reference]] = defaultdict(list)
    broken: list[str] = []
    for record in ordered:
        for loc, ref, allowed in iter_references(record):
            named = every.get(ref)
            if named is None or named.kind_name not in allowed:
                broken.append(f"{record.id} {format_loc(loc)} -> {ref!r}")
            else:
                inbound[ref].append(Reference(record, loc, named))
    if broken:
        raise ValueError(f"references to no record of an allowed kind: {'; '.join(broken)}")
    kinds: dict[type[Record], dict[str, Record]] = {kind: {} for kind in RECORD_TYPES}
    for record in ordered:
        kind = next(k for k in RECORD_TYPES if isinstance(record, k))
        kinds[kind][record.id] = record

    muscles = [r for r in ordered if isinstance(r, Muscle)]
    members: dict[str, list[Muscle]] = defaultdict(list)
    reachable: dict[str, list[Muscle]] = defaultdict(list)
    movers: dict[tuple[HipMovement, ActionRole], list[Muscle]] = defaultdict(list)
    for muscle in muscles:
        for group in muscle.groups:
            members[group].append(muscle)
            if muscle.manual_access is not ManualAccess.NOT_ACCESSIBLE:
                reachable[group].append(muscle)
        for action in muscle.actions:
            movers[action.movement, action.role].append(muscle)

    reach: dict[tuple[str, str], Reach] = {}
    for technique in (r for r in ordered if isinstance(r, Technique)):
        # A muscle named as a target keeps its own reach. A targeted group gives its reach to its
        # members, the smallest group naming a muscle having the last word (the technique's
        # "iliopsoas: none" beats its "hip flexors: through overlying tissue"); a technique worked
        # by touch reaches only members hands or tools can, and a member no better than hands do.
        manual = technique.technique_type.is_manual
        groups = reachable if manual else members
        own = {t.target for t in technique.targets}
        group_targets = [t for t in technique.targets if t.target in members]
        # Larger groups first, and among groups of one size the stronger reach first, so that
        # the smallest group, and on a tie the weaker (more cautious) reach, is assigned last.
        ordered_targets = sorted(group_targets, key=lambda t: (-len(members[t.target]), -_REACH_ORDER.index(t.reach)))
        for target in ordered_targets:
            for muscle in groups.get(target.target, []):
                if muscle.id not in own:
                    limit = _REACH_OF_ACCESS[muscle.manual_access] if manual else Reach.DIRECT
                    reach[technique.id, muscle.id] = min(target.reach, limit, key=_REACH_ORDER.index)
        for target in technique.targets:
            found = every.get(target.target)
            if isinstance(found, (Muscle, Structure)):
                reach[technique.id, found.id] = target.reach
    technique_muscles: dict[str, list[Muscle]] = defaultdict(list)
    muscle_techniques: dict[str, list[Technique]] = defaultdict(list)
    naming: dict[str, list[Technique]] = defaultdict(list)
    for technique_id, target_id in sorted(reach):
        worker, worked = every[technique_id], every[target_id]
        assert isinstance(worker, Technique)
        if isinstance(worked, Muscle):
            technique_muscles[technique_id].append(worked)
            muscle_techniques[target_id].append(worker)
        else:
            naming[target_id].append(worker)

    at: dict[BodyRegion, list[Condition]] = defaultdict(list)
    radiating: dict[BodyRegion, list[Condition]] = defaultdict(list)
    care: dict[str, tuple[Care, ...]] = {}
    treated: dict[str, list[Condition]] = defaultdict(list)
    involving: dict[str, list[Condition]] = defaultdict(list)
    for condition in (r for r in ordered if isinstance(r, Condition)):
        for region in condition.pain_locations:
            at[region].append(condition)
        for region in condition.radiates_to:
            radiating[region].append(condition)
        options = []
        for option in condition.care_options:
            intervention = every[option.intervention]
            assert isinstance(intervention, (Technique, Exercise, Treatment))  # checked with every reference above
            options.append(Care.model_construct(option=option, intervention=intervention))
            treated[intervention.id].append(condition)
        care[condition.id] = tuple(options)
        for ref in condition.involved:
            involving[ref].append(condition)
            for muscle in members.get(ref, ()):  # a group involves its members too
                involving[muscle.id].append(condition)
    for technique in (r for r in ordered if isinstance(r, Technique)):
        for condition_id in technique.used_for:
            used_for = every[condition_id]
            assert isinstance(used_for, Condition)
            treated[technique.id].append(used_for)

    by_muscle: dict[str, list[Exercise]] = defaultdict(list)
    by_movement: dict[HipMovement, list[Exercise]] = defaultdict(list)
    for exercise in (r for r in ordered if isinstance(r, Exercise)):
        for muscle_id in (*exercise.primary_muscles, *exercise.secondary_muscles):
            by_muscle[muscle_id].append(exercise)
        # A stretch lengthens the muscles that produce the opposite of the movement it moves into.
        stretch = exercise.exercise_type is ExerciseType.STRETCH
        for movement in exercise.movements:
            by_movement[movement.opposite if stretch else movement].append(exercise)

    claims: dict[str, list[Claim]] = defaultdict(list)
    for claim in (r for r in ordered if isinstance(r, Claim)):
        for subject in claim.subjects:
            claims[subject].append(claim)

    reached: dict[str, list[Muscle]] = defaultdict(list)
    reaching: dict[str, list[Technique]] = defaultdict(list)
    for (technique_id, target_id), how_far in sorted(reach.items()):
        if how_far in DEFAULT_REACH:
            worker, worked = every[technique_id], every[target_id]
            assert isinstance(worker, Technique)
            reaching[target_id].append(worker)
            if isinstance(worked, Muscle):
                reached[technique_id].append(worked)
    sharing = {
        c.id: by_id(o for r in c.pain_locations for o in at.get(r, ()) if o.id != c.id)
        for c in ordered
        if isinstance(c, Condition)
    }
    movers_of = {m: tuple(x for role in ActionRole for x in by_id(movers.get((m, role), ()))) for m in HipMovement}
    antagonists = {
        muscle.id: by_id(
            other
            for action in muscle.actions
            if action.role is ActionRole.PRIME_MOVER
            for other in movers.get((action.movement.opposite, ActionRole.PRIME_MOVER), ())
        )
        for muscle in muscles
    }
    return Indexes(
        reached_muscles=_tuples(reached),
        reaching_techniques=_tuples(reaching),
        sharing=sharing,
        movers_of=movers_of,
        antagonists=antagonists,
        reach=reach,
        by_id=every,
        by_kind=kinds,
        members=_tuples(members),
        reachable_members=_tuples(reachable),
        movers=_tuples(movers),
        technique_muscles=_tuples(technique_muscles),
        muscle_techniques=_tuples(muscle_techniques),
        naming_target=_tuples(naming),
        at=_tuples(at),
        radiating=_tuples(radiating),
        care=care,
        treated_by=_tuples(treated),
        involving=_tuples(involving),
        exercises_by_muscle=_tuples(by_muscle),
        exercises_by_movement=_tuples(by_movement),
        claims_about=_tuples(claims),
        inbound={k: tuple(v) for k, v in inbound.items()},
    )
