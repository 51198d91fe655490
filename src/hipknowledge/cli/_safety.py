"""The screen command: :meth:`hipknowledge.KnowledgeBase.screen` for the factors and conditions given."""

from __future__ import annotations

import argparse
import datetime
from typing import TextIO

from hipknowledge.cli._common import Command, dump_json, knowledge_base, usage
from hipknowledge.models import NOTICE
from hipknowledge.vocab import Verdict

__all__ = ["COMMANDS"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--factor", action="append", default=[], metavar="ID", help="a screening factor (repeat for more)"
    )
    parser.add_argument(
        "--condition", action="append", default=[], metavar="ID", help="a condition the client has (repeat)"
    )
    parser.add_argument(
        "--intervention",
        action="append",
        default=None,
        metavar="ID",
        help="screen only this technique or exercise (repeat; default: all of them)",
    )
    parser.add_argument(
        "--since",
        action="append",
        default=[],
        metavar="FACTOR=WHEN",
        help="when a factor began: a date (2026-10-01) or a number of days ago (42); repeat",
    )
    parser.add_argument("--today", metavar="DATE", help="the date to count from (default: today)")


def _date(text: str, what: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise usage(f"{what}: expected a date such as 2026-10-01, got {text!r}") from None


def _since(items: list[str]) -> dict[str, datetime.date | int]:
    found: dict[str, datetime.date | int] = {}
    for item in items:
        factor, sep, when = item.partition("=")
        if not sep or not factor or not when:
            raise usage(f"--since: expected FACTOR=DATE or FACTOR=DAYS, got {item!r}")
        found[factor] = int(when) if when.isdigit() else _date(when, "--since")
    return found


def _screen(args: argparse.Namespace, out: TextIO) -> int:
    kb = knowledge_base(args)
    if not args.factor and not args.condition:
        raise usage("name at least one --factor or --condition to screen for")
    today = _date(args.today, "--today") if args.today else None
    answer = kb.screen(args.factor, args.condition, args.intervention, since=_since(args.since), today=today)
    if args.json:
        dump_json(answer.model_dump(mode="json"), out)
        return 0
    names = {**{f: kb.factors[f].name for f in answer.factors}, **{c: kb.conditions[c].name for c in answer.conditions}}
    out.write(f"Screening for: {', '.join(names.values())}\n")
    for verdict in sorted(Verdict, key=lambda v: -v.strictness):
        results = answer.with_verdict(verdict)
        if not results:
            continue
        out.write(f"\n{verdict.value.upper()} ({len(results)}): {verdict.meaning}\n")
        for result in results:
            out.write(f"  {result.intervention.id:<38} {result.intervention.name}\n")
            out.writelines(f"      - {finding.text}\n" for finding in result.reasons)
    if answer.red_flags:
        out.write("\nRed flags to watch for (see a clinician):\n")
        for item in answer.red_flags:
            out.write(f"  [{item.red_flag.urgency.value}] {names[item.condition]}: {item.red_flag.text()}\n")
    out.write(f"\n{NOTICE}\n")
    return 0


COMMANDS = (
    Command(
        "screen",
        "which techniques and exercises suit a client's factors and conditions, and why",
        _screen,
        _arguments,
    ),
)
