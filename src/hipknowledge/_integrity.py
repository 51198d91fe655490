"""Checks across records: references, duplicates, deprecations and domain consistency."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import PurePosixPath

from hipknowledge._fields import Loc, format_loc, iter_raw_references, iter_references
from hipknowledge._loader import LoadedContent, SourceFile
from hipknowledge._search import closest_ids
from hipknowledge.errors import Problem
from hipknowledge.models import Claim, Condition, Exercise, Muscle, Record, Source, Technique
from hipknowledge.vocab import (
    BodyRegion,
    Depth,
    ExerciseType,
    HipMovement,
    ManualAccess,
    RedFlagCategory,
    RuleAction,
    Scope,
    Severity,
    Suitability,
)

__all__ = ["check"]

#: Words that the query API accepts in place of an ID, so no record may take them.
RESERVED = frozenset(m.value for m in HipMovement) | frozenset(r.value for r in BodyRegion)
_HARD_TO_REACH = frozenset({ManualAccess.DISPUTED, ManualAccess.THROUGH_OVERLYING_TISSUE})


def check(content: LoadedContent) -> list[Problem]:
    """Every cross-record problem in ``content``; the records themselves are already valid."""
    problems: list[Problem] = []
    by_id = _unique_ids(content, problems)
    deprecated = {d.id: d.replaced_by for d in content.deprecations}
    problems.extend(_references(content, by_id, deprecated))
    problems.extend(_deprecations(content, by_id))
    problems.extend(_domain(content, by_id))
    return problems


def _unique_ids(content: LoadedContent, problems: list[Problem]) -> dict[str, Record]:
    by_id: dict[str, Record] = {}
    for record in content.records:
        file = content.file_of(record)
        if record.id in RESERVED:
            expected = "an ID that is not a hip movement or body region name"
            problems.append(file.problem(("id",), record.id, expected, "reserved-id"))
        first = by_id.setdefault(record.id, record)
        if first is not record:
            where = content.file_of(first).path
            expected = f"an ID not already used by the {first.kind_name} in {where}"
            problems.append(file.problem(("id",), record.id, expected, "duplicate-id"))
    return by_id


def _references(content: LoadedContent, by_id: dict[str, Record], deprecated: dict[str, str]) -> Iterator[Problem]:
    checks: list[tuple[SourceFile, object, Iterator[tuple[Loc, str, tuple[str, ...]]]]]
    checks = [(content.file_of(r), r.id, iter_references(r)) for r in content.records]
    # Records that failed validation are checked too, so a typo in an ID shows up in the same run.
    checks += [(file, data.get("id"), iter_raw_references(model, data)) for model, data, file in content.partial]
    for file, own_id, references in checks:
        seen: dict[tuple[str | int, ...], set[str]] = defaultdict(set)
        for loc, ref, kinds in references:
            kind_names = " or ".join(kinds)
            if ref == own_id:
                # A condition as its own look-alike, an exercise as its own alternative: a loop, never a fact.
                yield file.problem(loc, ref, "the ID of another record (a record cannot point to itself)", "self-ref")
                continue
            if ref in deprecated:
                yield file.problem(
                    loc, ref, f"the current ID {deprecated[ref]!r} ({ref!r} is deprecated)", "deprecated-ref"
                )
                continue
            target = by_id.get(ref)
            if target is None and ref in content.failed_ids:
                continue
            if target is None:
                yield file.problem(loc, ref, f"the ID of a {kind_names}{_suggest(ref, by_id, kinds)}", "unknown-ref")
            elif target.kind_name not in kinds:
                yield file.problem(loc, ref, f"the ID of a {kind_names}, not of a {target.kind_name}", "wrong-kind-ref")
            parent = loc[:-1] if isinstance(loc[-1], int) else loc
            if ref in seen[parent]:
                yield file.problem(loc, ref, f"each ID once in {format_loc(parent)}", "repeated-ref")
            seen[parent].add(ref)


def _suggest(ref: str, by_id: dict[str, Record], kinds: tuple[str, ...]) -> str:
    candidates = [rid for rid, rec in by_id.items() if rec.kind_name in kinds]
    close = closest_ids(ref, candidates)
    return f"; did you mean {', '.join(map(repr, close))}?" if close else ""


def _deprecations(content: LoadedContent, by_id: dict[str, Record]) -> Iterator[Problem]:
    file = content.deprecations_file or SourceFile("deprecated.yaml", {})
    replacements = {d.id: d.replaced_by for d in content.deprecations}
    for index, item in enumerate(content.deprecations):
        if item.id in by_id:
            yield file.problem((index, "id"), item.id, "an ID no live record uses (remove the record or the entry)")
        final, hops = item.replaced_by, 0
        while final in replacements and hops <= len(replacements):
            final, hops = replacements[final], hops + 1
        if final not in by_id:
            yield file.problem(
                (index, "replaced_by"), item.replaced_by, "the ID of a live record (or a chain ending in one)"
            )


def _domain(content: LoadedContent, by_id: dict[str, Record]) -> Iterator[Problem]:
    muscles = {rid: r for rid, r in by_id.items() if isinstance(r, Muscle)}
    members: Counter[str] = Counter(g for m in muscles.values() for g in m.groups)
    cited: set[str] = set()
    for model, data, _file in content.partial:
        for loc, ref, kinds in iter_raw_references(model, data):
            if kinds == ("group",) and loc[0] == "groups":
                members[ref] += 1
            elif kinds == ("source",):
                cited.add(ref)
    # A file that could not be read at all might name any group or cite any source: say
    # nothing about empty groups or uncited sources until every file reads.
    unread = content.failed_ids - {PurePosixPath(file.path).stem for _m, _d, file in content.partial}
    complete = not unread
    for record in content.records:
        cited |= record.source_ids()
        file = content.file_of(record)
        if isinstance(record, (Exercise, Technique)):
            yield from _rules(record, file)
        if isinstance(record, Exercise):
            yield from _exercise(record, file, muscles)
        elif isinstance(record, Technique):
            yield from _technique(record, file, muscles)
        elif isinstance(record, Condition):
            yield from _red_flags(record, file)
        elif isinstance(record, Claim):
            yield from _claim(record, file)
        elif record.kind_name == "group" and members[record.id] == 0 and complete:
            yield file.problem(
                ("id",), record.id, "a group that at least one muscle names in its groups", "empty-group"
            )
    exercises = {r.id: r for r in content.records if isinstance(r, Exercise)}
    yield from _ladders(content, exercises)
    for record in content.records:
        if isinstance(record, Condition):
            yield from _programme(record, content.file_of(record), exercises)
    for record in content.records:
        if isinstance(record, Source) and record.id not in cited and complete:
            file = content.file_of(record)
            yield file.problem(("id",), record.id, "a source that some record cites (or remove it)", "uncited-source")


#: The actions each severity allows; anything else makes no sense (an absolute rule cannot be
#: "modified", a local rule is about one site and so never needs clearance for the whole).
_ACTIONS = {
    Severity.ABSOLUTE: frozenset({RuleAction.AVOID, RuleAction.CLEARANCE}),
    Severity.RELATIVE: frozenset({RuleAction.MODIFY, RuleAction.CLEARANCE}),
    Severity.LOCAL: frozenset({RuleAction.AVOID}),
}


def _rules(intervention: Exercise | Technique, file: SourceFile) -> Iterator[Problem]:
    seen: set[tuple[str, str, str]] = set()
    for index, rule in enumerate(intervention.contraindications):
        at = ("contraindications", index)
        allowed = _ACTIONS[rule.severity]
        if rule.action not in allowed:
            actions = " or ".join(sorted(a.value for a in allowed))
            expected = f"an action that fits a {rule.severity.value} rule ({actions})"
            yield file.problem((*at, "action"), rule.action.value, expected, "rule-action-mismatch")
        if rule.severity is Severity.ABSOLUTE and rule.scope is not Scope.WHOLE:
            expected = "scope 'whole' (an absolute rule is about the whole intervention; use relative or local)"
            yield file.problem((*at, "scope"), rule.scope.value, expected, "rule-scope-mismatch")
        if rule.severity is Severity.LOCAL and rule.scope is Scope.WHOLE:
            expected = "a scope other than 'whole' (a local rule is about one site or part)"
            yield file.problem((*at, "scope"), rule.scope.value, expected, "rule-scope-mismatch")
        if rule.change is not None and rule.action is not RuleAction.MODIFY:
            expected = "no change (only a modify rule says what to change)"
            yield file.problem((*at, "change"), rule.change, expected, "rule-change-without-modify")
        key = (rule.subject, rule.scope.value, rule.action.value)
        if key in seen:
            expected = "one rule per factor or condition, scope and action"
            yield file.problem(at, rule.subject, expected, "repeated-rule")
        seen.add(key)


def _ladders(content: LoadedContent, exercises: dict[str, Exercise]) -> Iterator[Problem]:
    """Ladders are ordered: steps go both ways, stay in their family unless they say so, and never loop."""
    up: dict[str, list[str]] = defaultdict(list)  # exercise -> harder ones, from both sides
    for exercise in exercises.values():
        file = content.file_of(exercise)
        for field, other_side in (("harder", "easier"), ("easier", "harder")):
            for index, step in enumerate(getattr(exercise, field)):
                other = exercises.get(step.exercise)
                if other is None:
                    continue  # an unknown ID is reported with the references
                if field == "harder":
                    up[exercise.id].append(other.id)
                else:
                    up[other.id].append(exercise.id)
                same = other.exercise_type is exercise.exercise_type and other.trains & exercise.trains
                if not same and not step.changes_family:
                    cell = ", ".join(sorted(m.value for m in other.trains))
                    expected = (
                        "an exercise of the same type and movement, or changes_family: true "
                        f"({other.id} is {other.exercise_type.value} of {cell})"
                    )
                    yield file.problem((field, index, "exercise"), step.exercise, expected, "ladder-family")
                if exercise.id not in {s.exercise for s in getattr(other, other_side)}:
                    expected = f"a ladder written on both rungs: {other.id} lists {exercise.id!r} in its {other_side}"
                    yield file.problem((field, index, "exercise"), step.exercise, expected, "ladder-one-sided")
    yield from _cycles(content, exercises, up)


def _cycles(content: LoadedContent, exercises: dict[str, Exercise], up: dict[str, list[str]]) -> Iterator[Problem]:
    state: dict[str, int] = {}  # 1 visiting, 2 done
    reported: set[frozenset[str]] = set()

    def visit(node: str, path: list[str]) -> Iterator[list[str]]:
        state[node] = 1
        for nxt in sorted(set(up.get(node, ()))):
            if state.get(nxt) == 1:
                yield [*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt]
            elif nxt not in state:
                yield from visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(up):
        if start in state:
            continue
        for loop in visit(start, [start]):
            key = frozenset(loop)
            if key in reported:
                continue
            reported.add(key)
            first = exercises[loop[0]]
            expected = "ladders that only go up (this one loops: " + " -> ".join(loop) + ")"
            yield content.file_of(first).problem(("harder",), loop[1], expected, "ladder-cycle")


def _programme(condition: Condition, file: SourceFile, exercises: dict[str, Exercise]) -> Iterator[Problem]:
    """Each movement a condition's programme should train has a recommended strengthening exercise."""
    recommended = [
        exercises[f.exercise]
        for f in condition.exercise_fit
        if f.suitability is Suitability.RECOMMENDED and f.exercise in exercises
    ]
    for index, movement in enumerate(condition.movements_to_train):
        if not any(e.exercise_type is ExerciseType.STRENGTHENING and movement in e.movements for e in recommended):
            expected = "a recommended strengthening exercise in exercise_fit that moves into it"
            yield file.problem(("movements_to_train", index), movement.value, expected, "movement-without-exercise")


def _red_flags(condition: Condition, file: SourceFile) -> Iterator[Problem]:
    flagged = {flag.category for flag in condition.red_flags}
    reviewed: set[RedFlagCategory] = set()
    for index, item in enumerate(condition.red_flags_not_applicable):
        if item.category in flagged:
            expected = "a category without red flags (this one has some; remove it here)"
            yield file.problem(
                ("red_flags_not_applicable", index, "category"), item.category.value, expected, "red-flag-review"
            )
        elif item.category in reviewed:
            yield file.problem(
                ("red_flags_not_applicable", index, "category"),
                item.category.value,
                "each category once",
                "red-flag-review",
            )
        reviewed.add(item.category)
    missing = [c.value for c in RedFlagCategory if c not in flagged | reviewed]
    if missing:
        expected = "every red-flag category reviewed: a red flag, or an entry in red_flags_not_applicable with a reason"
        yield file.problem(("red_flags_not_applicable",), ", ".join(missing), expected, "red-flag-review")


def _exercise(exercise: Exercise, file: SourceFile, muscles: dict[str, Muscle]) -> Iterator[Problem]:
    if exercise.exercise_type is ExerciseType.STRENGTHENING and exercise.contraction is None:
        yield file.problem(
            ("contraction",), None, "how the muscles contract (a strengthening exercise says)", "missing"
        )
    moves = set(exercise.movements)
    if exercise.exercise_type is ExerciseType.STRENGTHENING:
        needed, verb = moves, "produces"
    elif exercise.exercise_type is ExerciseType.STRETCH:
        needed, verb = {m.opposite for m in moves}, "is lengthened by"
    else:
        return
    listed = ", ".join(sorted(m.value for m in moves))
    for index, muscle_id in enumerate(exercise.primary_muscles):
        muscle = muscles.get(muscle_id)
        if muscle is not None and not (muscle.movements() & needed):
            expected = f"a primary muscle that {verb} one of its movements ({listed})"
            yield file.problem(("primary_muscles", index), muscle_id, expected, "muscle-movement-mismatch")


def _technique(technique: Technique, file: SourceFile, muscles: dict[str, Muscle]) -> Iterator[Problem]:
    for index, target in enumerate(technique.targets):
        muscle = muscles.get(target.target)
        if muscle is None:
            continue
        if technique.technique_type.is_manual and muscle.manual_access is ManualAccess.NOT_ACCESSIBLE:
            expected = "a muscle that hands or tools can reach (this one is marked not-accessible)"
            yield file.problem(("targets", index, "target"), muscle.id, expected, "unreachable-target")
            continue
        if target.how is not None:
            continue
        if muscle.depth is Depth.DEEP or muscle.manual_access in _HARD_TO_REACH:
            expected = (
                f"a 'how' saying how a {muscle.depth.value} muscle ({muscle.manual_access.value} access) is reached"
            )
            yield file.problem(("targets", index, "how"), None, expected, "deep-target-without-how")


def _claim(claim: Claim, file: SourceFile) -> Iterator[Problem]:
    if len({p.stance for p in claim.positions}) < 2:
        yield file.problem(
            ("positions",),
            [p.stance.value for p in claim.positions],
            "positions of at least two different stances (a claim records a disagreement)",
            "no-disagreement",
        )
    sources = [p.source for p in claim.positions]
    for index, source in enumerate(sources):
        if source in sources[:index]:
            yield file.problem(("positions", index, "source"), source, "one position per source", "repeated-source")
