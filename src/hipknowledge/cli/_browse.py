"""Commands for reading the content: tour, list, show, related, search, version."""

from __future__ import annotations

import argparse
import difflib
import re
import textwrap
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

import hipknowledge as hk
from hipknowledge.cli._common import Command, brief, dump_json, find, knowledge_base, line, positive_int, usage
from hipknowledge.models import KIND_BY_FOLDER, KIND_BY_NAME, NOTICE, RECORD_TYPES, Record
from hipknowledge.vocab import VOCABULARIES, Vocabulary

__all__ = ["COMMANDS"]


def _tour(args: argparse.Namespace, out: TextIO) -> int:
    kb = knowledge_base(args)

    def say(title: str, lines: Sequence[str]) -> None:
        out.write(f"\n== {title}\n")
        for text in lines:
            out.write(f"   {text}\n")

    out.write(f"hipknowledge {hk.__version__}, content {kb.content_version} ({kb.license})\n")
    out.write(f"{NOTICE}\n")
    counts = ", ".join(f"{len(kb.records(kind.kind_name))} {kind.folder}" for kind in RECORD_TYPES)
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
        [line(c) for c in kb.conditions_at("buttock")],
    )
    say(
        "Which conditions hurt where piriformis syndrome does?",
        [line(c) for c in kb.conditions_sharing_pain_location("piriformis-syndrome")],
    )
    rolled = kb.muscles_targeted_by("foam-rolling")
    say(
        f"Which muscles does foam rolling reach? ({len(rolled)}, groups expanded to their members)",
        textwrap.wrap(", ".join(m.id for m in rolled), width=88, break_on_hyphens=False),
    )
    say(
        "Which exercises strengthen the hip abductors?",
        [line(e) for e in kb.exercises_for("hip-abduction", exercise_type="strengthening")],
    )
    say("Which muscles oppose the psoas major?", [line(m) for m in kb.antagonists("psoas-major")])
    deep = kb.techniques["deep-tissue-massage"]
    say(
        "What must a therapist ask before deep tissue work?",
        [*deep.cautions, *(r.text(kb.lookup(r.subject).name) for r in deep.contraindications)],
    )
    say(
        "What is considered for piriformis syndrome, and how strongly?",
        [f"{care.intervention.name}: {care.option.stance.value}" for care in kb.care_for("piriformis-syndrome")],
    )
    say("Red flags for hip osteoarthritis", [f.text() for f in kb.conditions["hip-osteoarthritis"].red_flags])
    say("Where the sources disagree", [f"{c.name}: {c.statement}" for c in kb.claims.values()])
    say(
        "Search, tolerant of typos: kb.search('hip flexers')",
        [f"{h.score:.2f} {h.record_kind:<10} {h.record.id}" for h in kb.search("hip flexers", limit=5)],
    )
    out.write(
        "\nNext: `hipknowledge show ID`, `hipknowledge related ID`, `hipknowledge search TEXT`, "
        "`hipknowledge --help`.\n"
    )
    return 0


def _singular(name: str) -> str:
    """``body-regions`` -> ``body-region``, ``difficulties`` -> ``difficulty``; ``manual-access`` stays."""
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name


def _plural(name: str) -> str:
    """``hip-movement`` -> ``hip-movements``, ``difficulty`` -> ``difficulties``."""
    if name.endswith("y"):
        return name[:-1] + "ies"
    return name + ("es" if name.endswith("s") else "s")


def _vocabulary_names() -> dict[str, str]:
    """Every name ``list`` takes for a vocabulary, mapped to its name in :data:`~hipknowledge.VOCABULARIES`.

    Besides the name itself (``body-regions``): its singular (``body-region``), the class
    name in kebab case (``hip-movement`` for ``movements``), their plurals, and the last
    word alone (``regions``, ``region``) where no other vocabulary ends with it.
    """
    names: dict[str, str] = {}
    for name, vocabulary in VOCABULARIES.items():
        kebab = re.sub(r"(?<!^)(?=[A-Z])", "-", vocabulary.__name__).lower()
        for form in (name, kebab, _singular(name), _singular(kebab), _plural(kebab)):
            names.setdefault(form, name)
    endings = Counter(name.rsplit("-", 1)[-1] for name in VOCABULARIES if "-" in name)
    for name in VOCABULARIES:
        last = name.rsplit("-", 1)[-1]
        if "-" in name and endings[last] == 1:
            for form in (last, _singular(last)):
                names.setdefault(form, name)
    # A record kind keeps its own name.
    return {form: name for form, name in names.items() if form not in KIND_BY_NAME and form not in KIND_BY_FOLDER}


_VOCABULARY_NAMES = _vocabulary_names()


def _kind_argument(parser: argparse.ArgumentParser) -> None:
    kinds = ", ".join(cls.folder for cls in RECORD_TYPES)
    parser.add_argument(
        "kind",
        help=f"a kind of record, one of: {kinds} (singular accepted); or a vocabulary, one of: "
        f"{', '.join(VOCABULARIES)} (singular and short forms accepted: region, movement)",
    )


def _listed(name: str) -> type[Record] | type[Vocabulary]:
    """The kind of record or the vocabulary a name on the command line stands for."""
    key = name.strip().lower().replace("_", "-")
    model = KIND_BY_NAME.get(key) or KIND_BY_FOLDER.get(key)
    if model is not None:
        return model
    if key in _VOCABULARY_NAMES:
        return VOCABULARIES[_VOCABULARY_NAMES[key]]
    # Every form a user might type, each leading to the name to suggest.
    forms = {**{f: f for f in KIND_BY_FOLDER}, **{k: c.folder for k, c in KIND_BY_NAME.items()}, **_VOCABULARY_NAMES}
    close = difflib.get_close_matches(key, forms, n=1, cutoff=0.7)
    hint = f" (did you mean {forms[close[0]]!r}?)" if close else ""
    raise usage(
        f"unknown kind or vocabulary {name!r}{hint}; record kinds: {', '.join(KIND_BY_FOLDER)}; "
        f"vocabularies: {', '.join(VOCABULARIES)}"
    )


def _list(args: argparse.Namespace, out: TextIO) -> int:
    listed = _listed(args.kind)
    if issubclass(listed, Vocabulary):
        if args.json:
            dump_json([{"value": member.value, "meaning": member.meaning} for member in listed], out)
        else:
            width = max(len(member.value) for member in listed)
            out.writelines(f"{member.value:<{width}}  {member.meaning}\n" for member in listed)
        return 0
    records = knowledge_base(args).records(listed)
    if args.json:
        dump_json([brief(r) for r in records], out)
    else:
        out.writelines(line(r) + "\n" for r in records)
    return 0


def _id_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="a record ID, e.g. psoas-major")


def _show(args: argparse.Namespace, out: TextIO) -> int:
    record = find(knowledge_base(args), args.id)
    data = record.model_dump(mode="json", exclude_defaults=True)
    if args.json:
        dump_json({"record_kind": record.kind_name, **data}, out)
        return 0
    out.write(f"{record.name}  [{record.kind_name}: {record.id}]\n")
    for key, value in data.items():
        if key in {"id", "name"}:
            continue
        out.write(f"{key}:\n" if isinstance(value, (list, dict)) else f"{key}: {value}\n")
        if isinstance(value, list):
            out.writelines(f"  - {_compact(item)}\n" for item in value)
        elif isinstance(value, dict):
            for k, v in value.items():
                if isinstance(v, list) and any(isinstance(item, dict) for item in v):
                    out.write(f"  {k}:\n")
                    out.writelines(f"    - {_compact(item)}\n" for item in v)
                else:
                    out.write(f"  {k}: {_compact(v)}\n")
    return 0


def _compact(value: object) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_compact(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_compact(v) for v in value)
    return str(value)


def _related(args: argparse.Namespace, out: TextIO) -> int:
    kb = knowledge_base(args)
    record = find(kb, args.id)
    relations = kb.related(record.id)
    if args.json:
        items = [
            {
                "relation": r.name,
                "direction": r.direction,
                "field": r.field or None,
                "stance": r.stance.value if r.stance is not None else None,
                "reach": r.reach.value if r.reach is not None else None,
                **brief(r.other),
            }
            for r in relations
        ]
        dump_json({"record": brief(record), "related": items}, out)
        return 0
    out.write(f"{record.name}  [{record.kind_name}: {record.id}]\n")
    heading = None
    for r in sorted(relations, key=lambda r: (r.direction, r.name)):
        title = f"{r.name} ({r.direction})"
        if title != heading:
            out.write(f"{title}:\n")
            heading = title
        stance = f"  [{r.stance.value}]" if r.stance is not None else ""
        reach = f"  [reach: {r.reach.value}]" if r.reach is not None else ""
        out.write(f"  {line(r.other)}{stance}{reach}\n")
    return 0


def _search_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="+", help="words to look for; typos and plurals are tolerated")
    parser.add_argument("--limit", type=positive_int, default=10, help="at most this many hits (default 10)")


def _search(args: argparse.Namespace, out: TextIO) -> int:
    hits = knowledge_base(args).search(" ".join(args.text), limit=args.limit)
    if args.json:
        dump_json([{**brief(h.record), "score": h.score, "matched": h.matched} for h in hits], out)
    else:
        out.writelines(f"{h.score:.2f}  {h.record_kind:<10} {line(h.record)}\n" for h in hits)
        if not hits:
            out.write("no match\n")
    return 0 if hits else 1


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


COMMANDS = (
    Command("tour", "a short guided run through the content and its lookups", _tour, json=False),
    Command(
        "list", "list the records of one kind, or the values of a vocabulary with their meanings", _list, _kind_argument
    ),
    Command("show", "show one record in full", _show, _id_argument),
    Command("related", "every relationship of a record, with its stance", _related, _id_argument),
    Command("search", "ranked search over names, aliases and summaries", _search, _search_arguments),
    Command("version", "package and content versions", _version),
)
