"""Exercise prescription: what a set of exercises covers, and a routine built for a condition and a client.

Both read only structured data: each exercise's type, movements and dose, the condition's
``exercise_fit`` and the screener's verdicts (:mod:`hipknowledge._screen`). Nothing is
chosen at random and ties are broken by ID, so the same inputs always give the same routine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict

from hipknowledge._screen import Screening
from hipknowledge.models import NOTICE, Condition, Exercise
from hipknowledge.vocab import Difficulty, Equipment, ExerciseType, HipMovement, Plane, Suitability, Verdict

__all__ = ["Cell", "Choice", "Coverage", "Gap", "Routine", "build_routine", "coverage"]

#: The two kinds of work a routine covers for every movement.
KINDS: tuple[ExerciseType, ExerciseType] = (ExerciseType.STRENGTHENING, ExerciseType.STRETCH)
_LEVELS = (Difficulty.BEGINNER, Difficulty.INTERMEDIATE, Difficulty.ADVANCED)
#: What every home has, so a routine may use it whatever equipment the client lists.
_ALWAYS_AT_HAND = frozenset({Equipment.NONE, Equipment.MAT, Equipment.WALL, Equipment.CHAIR, Equipment.CUSHION})
#: Verdicts a routine may use: an exercise needing clearance or to be avoided is left out.
_ALLOWED = (Verdict.OK, Verdict.CAUTION, Verdict.MODIFY)


class Cell(BaseModel):
    """One cell of the movement x kind grid, and the exercises that fill it."""

    model_config = ConfigDict(frozen=True)

    movement: HipMovement
    kind: Literal["strengthening", "stretch"]
    exercises: tuple[str, ...]


class Coverage(BaseModel):
    """What a set of exercises strengthens and stretches, and what it leaves out.

    ``cells`` has all twelve movement x kind cells, in movement order, strengthening first.
    """

    model_config = ConfigDict(frozen=True)

    exercises: tuple[str, ...]
    cells: tuple[Cell, ...]
    planes_strengthened: frozenset[Plane]
    planes_stretched: frozenset[Plane]
    muscles_strengthened: frozenset[str]
    muscles_stretched: frozenset[str]
    gaps: tuple[Cell, ...]

    @property
    def complete(self) -> bool:
        """True when every movement is both strengthened and stretched."""
        return not self.gaps


def coverage(exercises: Iterable[Exercise]) -> Coverage:
    """The coverage of ``exercises`` (each counted once, in the order given)."""
    chosen = list({e.id: e for e in exercises}.values())
    cells = []
    for movement in HipMovement:
        for kind in KINDS:
            ids = tuple(e.id for e in chosen if e.exercise_type is kind and movement in e.trains)
            cells.append(Cell(movement=movement, kind=kind.value, exercises=ids))
    strengthening = [e for e in chosen if e.exercise_type is ExerciseType.STRENGTHENING]
    stretches = [e for e in chosen if e.exercise_type is ExerciseType.STRETCH]
    return Coverage(
        exercises=tuple(e.id for e in chosen),
        cells=tuple(cells),
        planes_strengthened=frozenset(m.plane for e in strengthening for m in e.movements),
        planes_stretched=frozenset(m.plane for e in stretches for m in e.movements),
        muscles_strengthened=frozenset(m for e in strengthening for m in (*e.primary_muscles, *e.secondary_muscles)),
        muscles_stretched=frozenset(m for e in stretches for m in e.primary_muscles),
        gaps=tuple(c for c in cells if not c.exercises),
    )


class Choice(BaseModel):
    """One exercise of a routine: the cells it fills, why it was chosen, how much, and the next step up."""

    model_config = ConfigDict(frozen=True)

    exercise: Exercise
    cells: tuple[Cell, ...]
    verdict: Verdict
    reasons: tuple[str, ...]
    changes: tuple[str, ...]
    dose: str
    next_step: str | None
    next_when: str | None


class Gap(BaseModel):
    """A cell the routine could not fill, and why."""

    model_config = ConfigDict(frozen=True)

    movement: HipMovement
    kind: Literal["strengthening", "stretch"]
    why: str


class Routine(BaseModel):
    """A home programme: the exercises chosen, the gaps it could not fill, and the notice to show with it."""

    model_config = ConfigDict(frozen=True)

    condition: str | None
    factors: tuple[str, ...]
    equipment: tuple[Equipment, ...] | None
    level: Difficulty | None
    sessions_per_week: int | None
    choices: tuple[Choice, ...]
    gaps: tuple[Gap, ...]
    notice: str = NOTICE

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        """The IDs of the chosen exercises, in routine order."""
        return tuple(c.exercise.id for c in self.choices)


def _fit(condition: Condition | None) -> dict[str, Suitability]:
    return {} if condition is None else {f.exercise: f.suitability for f in condition.exercise_fit}


def build_routine(
    exercises: Mapping[str, Exercise],
    *,
    condition: Condition | None,
    factors: tuple[str, ...],
    screening: Screening,
    equipment: frozenset[Equipment] | None,
    level: Difficulty | None,
    sessions_per_week: int | None,
) -> Routine:
    """A routine covering every movement x kind cell the condition allows; see :meth:`KnowledgeBase.build_routine`."""
    fit = _fit(condition)
    how = {} if condition is None else {f.exercise: f for f in condition.exercise_fit}
    verdicts = {r.intervention.id: r for r in screening.results}
    usable_equipment = None if equipment is None else equipment | _ALWAYS_AT_HAND
    top = None if level is None else _LEVELS.index(level)

    def why_not(exercise: Exercise) -> str | None:
        if fit.get(exercise.id) is Suitability.AVOID:
            return f"{condition.name if condition else ''} advises against it"
        screened = verdicts.get(exercise.id)
        if screened is not None and screened.verdict not in _ALLOWED:
            return f"the screener says {screened.verdict.value}"
        if usable_equipment is not None and not set(exercise.equipment) <= usable_equipment:
            missing = sorted(e.value for e in set(exercise.equipment) - usable_equipment)
            return f"needs {', '.join(missing)}"
        if top is not None and _LEVELS.index(exercise.difficulty) > top:
            return f"is {exercise.difficulty.value}"
        return None

    def rank(exercise: Exercise, chosen: set[str]) -> tuple[int, int, int, int, str]:
        preferred = {Suitability.RECOMMENDED: 0, None: 1, Suitability.MODIFY: 2}[fit.get(exercise.id)]
        verdict = verdicts[exercise.id].verdict.strictness if exercise.id in verdicts else 0
        return (preferred, verdict, 0 if exercise.id in chosen else 1, _LEVELS.index(exercise.difficulty), exercise.id)

    chosen: dict[str, list[Cell]] = {}
    gaps: list[Gap] = []
    every = sorted(exercises.values(), key=lambda e: e.id)
    for movement in HipMovement:
        for kind in KINDS:
            cell = Cell(movement=movement, kind=kind.value, exercises=())
            candidates = [e for e in every if e.exercise_type is kind and movement in e.trains]
            if not candidates:
                gaps.append(Gap(movement=movement, kind=cell.kind, why="the package has no such exercise"))
                continue
            refused = {e.id: why_not(e) for e in candidates}
            usable = [e for e in candidates if refused[e.id] is None]
            if not usable:
                reasons = sorted({f"{e.id} {refused[e.id]}" for e in candidates})
                gaps.append(Gap(movement=movement, kind=cell.kind, why="; ".join(reasons)))
                continue
            best = min(usable, key=lambda e: rank(e, set(chosen)))
            chosen.setdefault(best.id, []).append(cell)
    choices = []
    for exercise_id, cells in chosen.items():
        exercise = exercises[exercise_id]
        screened = verdicts.get(exercise_id)
        reasons = []
        if fit.get(exercise_id) is Suitability.RECOMMENDED and condition is not None:
            reasons.append(f"recommended for {condition.name}: {how[exercise_id].reason}")
        elif fit.get(exercise_id) is Suitability.MODIFY and condition is not None:
            reasons.append(f"suitable for {condition.name} when changed: {how[exercise_id].how}")
        filled = ", ".join(f"{c.kind} of {c.movement.value}" for c in cells)
        reasons.append(f"fills {filled}")
        changes = tuple(f.text for f in screened.reasons) if screened is not None else ()
        if fit.get(exercise_id) is Suitability.MODIFY and condition is not None and how[exercise_id].how:
            changes = (*changes, f"{condition.name}: {how[exercise_id].how}")
        asked = exercise.dose.sessions_per_week
        if sessions_per_week is not None and asked.min > sessions_per_week:
            changes = (
                *changes,
                f"Its dose asks for {asked.text()} days a week; with {sessions_per_week} sessions a week, "
                "do it at every session.",
            )
        step = next(
            (s for s in exercise.harder if s.exercise in exercises and why_not(exercises[s.exercise]) is None), None
        )
        choices.append(
            Choice(
                exercise=exercise,
                cells=tuple(cells),
                verdict=screened.verdict if screened is not None else Verdict.OK,
                reasons=tuple(reasons),
                changes=changes,
                dose=exercise.dose.text(),
                next_step=step.exercise if step else None,
                next_when=step.when if step else None,
            )
        )
    return Routine(
        condition=condition.id if condition else None,
        factors=factors,
        equipment=None if equipment is None else tuple(sorted(equipment, key=lambda e: e.value)),
        level=level,
        sessions_per_week=sessions_per_week,
        choices=tuple(choices),
        gaps=tuple(gaps),
    )
