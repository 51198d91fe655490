"""The ``hipknowledge`` command: a thin layer over the knowledge base."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import hipknowledge as hk
from hipknowledge.errors import ContentError, HipKnowledgeError, UnknownIdError
from hipknowledge.models import KIND_BY_NAME, NOTICE, Record

__all__ = ["main"]

Handler = Callable[[argparse.Namespace, TextIO], int]
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Handler]] = {}


def command(
    name: str, help_text: str, arguments: Callable[[argparse.ArgumentParser], None] = lambda p: None
) -> Callable[[Handler], Handler]:
    """Register a subcommand (used by this module and the modules that add commands)."""

    def register(handler: Handler) -> Handler:
        _COMMANDS[name] = (help_text, arguments, handler)
        return handler

    return register


def knowledge_base(args: argparse.Namespace) -> hk.KnowledgeBase:
    data = getattr(args, "data", None)
    return hk.KnowledgeBase.from_directory(data) if data else hk.load()


def dump_json(value: Any, out: TextIO) -> None:
    json.dump(value, out, indent=2, ensure_ascii=False, default=str)
    out.write("\n")


def _brief(record: Record) -> dict[str, str]:
    return {"id": record.id, "kind": record.kind_name, "name": record.name}


def _line(record: Record) -> str:
    return f"{record.id:<38} {record.name}"


# --------------------------------------------------------------------------- tour


@command("tour", "a short guided run through the content and its lookups")
def _tour(args: argparse.Namespace, out: TextIO) -> int:
    kb = knowledge_base(args)

    def say(title: str, lines: Sequence[str]) -> None:
        out.write(f"\n== {title}\n")
        for text in lines:
            out.write(f"   {text}\n")

    out.write(f"hipknowledge {hk.__version__}, content {kb.content_version} ({kb.license})\n")
    out.write(f"{NOTICE}\n")
    counts = ", ".join(f"{len(kb.records(kind))} {kind}s" for kind in KIND_BY_NAME)
    say("What is inside", [counts, f"fingerprint {kb.fingerprint}"])

    psoas = kb.muscles["psoas-major"]
    roots = "-".join((psoas.innervation.roots[0], psoas.innervation.roots[-1]))
    say(
        "A muscle: kb.muscles['psoas-major']",
        [
            f"{psoas.name}: {psoas.innervation.nerve} ({roots})",
            "hip actions: " + ", ".join(f"{a.movement.value} ({a.role.value})" for a in psoas.actions),
            f"reachable by hand: {psoas.manual_access.value}",
            "groups: " + ", ".join(g.name for g in kb.groups_of(psoas.id)),
        ],
    )
    say(
        "Which conditions hurt in the buttock? kb.conditions_at('buttock')",
        [_line(c) for c in kb.conditions_at("buttock")],
    )
    say(
        "Which conditions hurt where piriformis syndrome does?",
        [_line(c) for c in kb.conditions_sharing_pain_location("piriformis-syndrome")],
    )
    rolled = kb.muscles_targeted_by("foam-rolling")
    say(
        f"Which muscles does foam rolling reach? ({len(rolled)}, groups expanded to their members)",
        textwrap.wrap(", ".join(m.id for m in rolled), width=88, break_on_hyphens=False),
    )
    say(
        "Which exercises strengthen the hip abductors?",
        [_line(e) for e in kb.exercises_for("hip-abduction", kind="strengthening")],
    )
    say("Which muscles oppose the psoas major?", [_line(m) for m in kb.antagonists("psoas-major")])
    deep = kb.techniques["deep-tissue-massage"]
    say(
        "What must a therapist ask before deep tissue work?",
        [*deep.cautions, *(f"not when: {c}" for c in deep.contraindications)],
    )
    say(
        "What is considered for piriformis syndrome, and how strongly?",
        [f"{care.intervention.name}: {care.option.stance.value}" for care in kb.care_for("piriformis-syndrome")],
    )
    say("Red flags for hip osteoarthritis", list(kb.conditions["hip-osteoarthritis"].red_flags))
    say("Where the sources disagree", [f"{c.name}: {c.statement}" for c in kb.claims.values()])
    say(
        "Search, tolerant of typos: kb.search('hip flexers')",
        [f"{h.score:.2f} {h.kind:<10} {h.record.id}" for h in kb.search("hip flexers", limit=5)],
    )
    out.write(
        "\nNext: `hipknowledge show ID`, `hipknowledge related ID`, `hipknowledge search TEXT`, "
        "`hipknowledge --help`.\n"
    )
    return 0


# --------------------------------------------------------------------------- browsing


def _with_kind(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", help=f"one of: {', '.join(KIND_BY_NAME)} (plural accepted)")


@command("list", "list the records of one kind", _with_kind)
def _list(args: argparse.Namespace, out: TextIO) -> int:
    kind = args.kind.removesuffix("s") if args.kind.removesuffix("s") in KIND_BY_NAME else args.kind
    records = knowledge_base(args).records(kind)
    if args.json:
        dump_json([_brief(r) for r in records], out)
    else:
        out.writelines(_line(r) + "\n" for r in records)
    return 0


def _with_id(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="a record ID, e.g. psoas-major")


@command("show", "show one record in full", _with_id)
def _show(args: argparse.Namespace, out: TextIO) -> int:
    record = knowledge_base(args).lookup(args.id)
    data = record.model_dump(mode="json", exclude_defaults=True)
    if args.json:
        dump_json({"kind": record.kind_name, **data}, out)
        return 0
    out.write(f"{record.name}  [{record.kind_name}: {record.id}]\n")
    for key, value in data.items():
        if key in {"id", "name"}:
            continue
        out.write(f"{key}:\n" if isinstance(value, (list, dict)) else f"{key}: {value}\n")
        if isinstance(value, list):
            out.writelines(f"  - {_compact(item)}\n" for item in value)
        elif isinstance(value, dict):
            out.writelines(f"  {k}: {_compact(v)}\n" for k, v in value.items())
    return 0


def _compact(value: object) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_compact(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_compact(v) for v in value)
    return str(value)


@command("related", "every relationship of a record", _with_id)
def _related(args: argparse.Namespace, out: TextIO) -> int:
    kb = knowledge_base(args)
    record = kb.lookup(args.id)
    groups = related(kb, record)
    if args.json:
        dump_json({"record": _brief(record), "related": {k: [_brief(r) for r in v] for k, v in groups.items()}}, out)
        return 0
    out.write(f"{record.name}  [{record.kind_name}: {record.id}]\n")
    for relation, records in groups.items():
        out.write(f"{relation}:\n")
        out.writelines(f"  {_line(r)}\n" for r in records)
    return 0


def related(kb: hk.KnowledgeBase, record: Record) -> dict[str, tuple[Record, ...]]:
    """Every non-empty relationship of ``record``, named the way the API names it."""
    found: dict[str, tuple[Record, ...]] = {}
    by_field: dict[str, list[Record]] = {}
    for field, target in kb.references(record.id):
        by_field.setdefault(field.split("[")[0].split(".")[0], []).append(target)
    for field, targets in by_field.items():
        found[f"refers to ({field})"] = tuple(dict.fromkeys(targets))
    kind = record.kind_name
    if kind == "muscle":
        found["techniques_targeting"] = kb.techniques_targeting(record.id)
        found["exercises_for"] = kb.exercises_for(record.id)
        found["antagonists"] = kb.antagonists(record.id)
        found["conditions_involving"] = kb.conditions_involving(record.id)
    elif kind == "group":
        found["members"] = kb.members(record.id)
        found["techniques_targeting"] = kb.techniques_targeting(record.id)
        found["exercises_for"] = kb.exercises_for(record.id)
        found["conditions_involving"] = kb.conditions_involving(record.id)
    elif kind == "structure":
        found["techniques_targeting"] = kb.techniques_targeting(record.id)
        found["conditions_involving"] = kb.conditions_involving(record.id)
    elif kind == "condition":
        found["conditions_sharing_pain_location"] = kb.conditions_sharing_pain_location(record.id)
    elif kind == "technique":
        found["muscles_targeted_by"] = kb.muscles_targeted_by(record.id)
        found["conditions_treated_by"] = kb.conditions_treated_by(record.id)
    elif kind == "exercise":
        found["conditions_treated_by"] = kb.conditions_treated_by(record.id)
    elif kind == "source":
        found["cited_by"] = kb.cited_by(record.id)
    found["claims_about"] = kb.claims_about(record.id)
    return {k: v for k, v in found.items() if v}


def _with_text(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="+", help="words to look for; typos and plurals are tolerated")
    parser.add_argument("--limit", type=int, default=10, help="at most this many hits (default 10)")


@command("search", "ranked search over names, aliases and summaries", _with_text)
def _search(args: argparse.Namespace, out: TextIO) -> int:
    hits = knowledge_base(args).search(" ".join(args.text), limit=args.limit)
    if args.json:
        dump_json([{**_brief(h.record), "score": h.score, "matched": h.matched} for h in hits], out)
    else:
        out.writelines(f"{h.score:.2f}  {h.kind:<10} {_line(h.record)}\n" for h in hits)
        if not hits:
            out.write("no match\n")
    return 0 if hits else 1


# --------------------------------------------------------------------------- contributors


def _with_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        help="data directories or record files (default: ./src/hipknowledge/data if present, else the shipped data)",
    )


@command("validate", "check a working copy of the data, reporting every problem", _with_paths)
def _validate(args: argparse.Namespace, out: TextIO) -> int:
    from hipknowledge._validate import validate_paths

    report = validate_paths([Path(p) for p in args.paths])
    if args.json:
        dump_json(report.as_json(), out)
    else:
        out.writelines(f"{problem}\n" for problem in report.problems)
        out.write(report.summary() + "\n")
    return 0 if report.ok else 1


@command("version", "package and content versions")
def _version(args: argparse.Namespace, out: TextIO) -> int:
    kb = knowledge_base(args)
    info = {
        "package": hk.__version__,
        "content": kb.content_version,
        "fingerprint": kb.fingerprint,
        "license": kb.license,
    }
    if args.json:
        dump_json(info, out)
    else:
        out.writelines(f"{k}: {v}\n" for k, v in info.items())
    return 0


# --------------------------------------------------------------------------- entry point


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subparser per registered command."""
    # These modules register their commands with @command when imported.
    from hipknowledge import _cli_contrib, _cli_export  # noqa: F401

    parser = argparse.ArgumentParser(prog="hipknowledge", description=__doc__, epilog=NOTICE)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, arguments, _) in _COMMANDS.items():
        child = sub.add_parser(name, help=help_text, description=help_text)
        arguments(child)
        child.add_argument("--json", action="store_true", help="machine-readable output")
        child.add_argument("--data", metavar="DIR", help="use a data directory instead of the shipped content")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 no result or invalid data, 2 usage)."""
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(out)
        return 2
    try:
        return _COMMANDS[args.command][2](args, out)
    except UnknownIdError as error:
        sys.stderr.write(f"hipknowledge: {error}\n")
        return 2
    except ContentError as error:
        sys.stderr.write(f"hipknowledge: {error}\n")
        return 1
    except HipKnowledgeError as error:
        sys.stderr.write(f"hipknowledge: {error}\n")
        return 2
