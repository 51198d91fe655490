"""The routine and coverage commands: :meth:`KnowledgeBase.build_routine` and :meth:`KnowledgeBase.coverage`."""

from __future__ import annotations

import argparse
from typing import TextIO

from hipknowledge.cli._common import Command, dump_json, knowledge_base, usage
from hipknowledge.export import plan_definition
from hipknowledge.models import NOTICE
from hipknowledge.vocab import Equipment

__all__ = ["COMMANDS"]


def _equipment(text: str) -> str:
    """An equipment value, also by its last word when only one value ends so (``band``)."""
    values = [e.value for e in Equipment]
    if text in values:
        return text
    ending = [v for v in values if v.split("-")[-1] == text]
    if len(ending) == 1:
        return ending[0]
    raise usage(f"--equipment: unknown {text!r}; known: {', '.join(values)}")


def _routine_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--condition", metavar="ID", help="the condition the routine is for")
    parser.add_argument("--factor", action="append", default=[], metavar="ID", help="a screening factor (repeat)")
    parser.add_argument(
        "--equipment", action="append", default=None, metavar="NAME", help="equipment at hand, e.g. band (repeat)"
    )
    parser.add_argument("--level", choices=("beginner", "intermediate", "advanced"), help="the hardest level to use")
    parser.add_argument("--sessions", type=int, metavar="N", help="sessions a week the client can manage")
    parser.add_argument("--fhir", action="store_true", help="print the routine as a FHIR R5 PlanDefinition")


def _routine(args: argparse.Namespace, out: TextIO) -> int:
    kb = knowledge_base(args)
    equipment = None if args.equipment is None else [_equipment(e) for e in args.equipment]
    routine = kb.build_routine(
        args.condition, factors=args.factor, equipment=equipment, level=args.level, sessions_per_week=args.sessions
    )
    if args.fhir:
        dump_json(plan_definition(routine, kb), out)
        return 0
    if args.json:
        dump_json(routine.model_dump(mode="json"), out)
        return 0
    title = kb.conditions[routine.condition].name if routine.condition else "General hip routine"
    out.write(f"{title}: {len(routine.choices)} exercises\n")
    for number, choice in enumerate(routine.choices, 1):
        out.write(f"\n{number}. {choice.exercise.name} [{choice.exercise.id}]  ({choice.verdict.value})\n")
        out.write(f"   dose: {choice.dose}\n")
        out.writelines(f"   why: {reason}\n" for reason in choice.reasons)
        out.writelines(f"   change: {change}\n" for change in choice.changes)
        if choice.next_step:
            out.write(f"   next step up: {choice.next_step} when {choice.next_when}\n")
    if routine.gaps:
        out.write("\nNot covered:\n")
        out.writelines(f"  {g.kind} of {g.movement.value}: {g.why}\n" for g in routine.gaps)
    out.write(f"\n{NOTICE}\n")
    return 0


def _coverage_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="+", metavar="ID", help="exercise IDs")


def _coverage(args: argparse.Namespace, out: TextIO) -> int:
    cover = knowledge_base(args).coverage(args.ids)
    if args.json:
        dump_json(cover.model_dump(mode="json"), out)
        return 0
    for cell in cover.cells:
        found = ", ".join(cell.exercises) or "-"
        out.write(f"{cell.movement.value:<24} {cell.kind:<14} {found}\n")
    if cover.gaps:
        out.write(f"\n{len(cover.gaps)} of {len(cover.cells)} cells empty: train every movement and plane.\n")
    return 0 if cover.complete else 1


COMMANDS = (
    Command(
        "routine",
        "a home programme for a condition, screened for the client's factors",
        _routine,
        _routine_arguments,
    ),
    Command("coverage", "which movements a set of exercises strengthens and stretches", _coverage, _coverage_arguments),
)
