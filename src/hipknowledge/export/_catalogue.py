"""The browsable catalogue: one Markdown page per record, cross-linked along every relationship."""

from __future__ import annotations

import json
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from hipknowledge._fields import iter_references
from hipknowledge.export._bodymap import body_map
from hipknowledge.export._jsonld import action_text, jsonld_document, region_label
from hipknowledge.export._shapes import relation
from hipknowledge.models import (
    NOTICE,
    RECORD_TYPES,
    Claim,
    Condition,
    Exercise,
    Muscle,
    MuscleGroup,
    Record,
    Source,
    SourcePosition,
    Structure,
    Technique,
)
from hipknowledge.vocab import BodyRegion

if TYPE_CHECKING:
    from hipknowledge._knowledge import KnowledgeBase

__all__ = ["ROOT", "catalogue_pages", "record_page_path", "region_page_path"]

#: Folder of the catalogue inside the documentation.
ROOT = "catalogue"

_KIND_TITLES = {
    "muscle": "Muscles",
    "group": "Muscle groups",
    "structure": "Structures",
    "condition": "Conditions",
    "technique": "Techniques",
    "exercise": "Exercises",
    "source": "Sources",
    "claim": "Claims",
}
_FOLDER = {cls.kind_name: cls.folder for cls in RECORD_TYPES}

# How a page names the records that point at it, by the kind and field of the reference.
_INBOUND = {
    ("technique", "targets.target"): "Techniques that work on it",
    ("technique", "used_for"): "Techniques used for it",
    ("technique", "positions.source"): "Techniques it takes a position on",
    ("exercise", "primary_muscles"): "Exercises that mainly work it",
    ("exercise", "secondary_muscles"): "Exercises that also involve it",
    ("condition", "involved"): "Conditions that involve it",
    ("condition", "look_alikes.condition"): "Conditions that can be mistaken for it",
    ("condition", "care_options.intervention"): "Conditions it is considered for",
    ("condition", "care_options.sources"): "Conditions whose care options it backs",
    ("claim", "subjects"): "Claims about it",
    ("claim", "positions.source"): "Claims it takes a position on",
    ("structure", "related_muscles"): "Structures attached to or beside it",
    ("muscle", "groups"): "Members",
}


def record_page_path(record: Record) -> str:
    """Where a record's page lives in the documentation.

    >>> import hipknowledge as hk
    >>> record_page_path(hk.load().muscles["psoas-major"])
    'catalogue/muscles/psoas-major.md'
    """
    return f"{ROOT}/{type(record).folder}/{record.id}.md"


def region_page_path(region: BodyRegion | str) -> str:
    """Where a body region's page lives in the documentation.

    >>> region_page_path("buttock")
    'catalogue/regions/buttock.md'
    """
    return f"{ROOT}/regions/{BodyRegion(region).value}.md"


def _escape(text: str) -> str:
    """Prose as Markdown shows it literally (no accidental emphasis, links or HTML)."""
    for char in "\\`*_[]<":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def _cell(text: str) -> str:
    return _escape(text).replace("|", "\\|")


def _label(value: str) -> str:
    return value.replace("-", " ")


class _Page:
    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: list[str] = []

    def link_to(self, target: str, *, html: bool = False) -> str:
        found = posixpath.relpath(target, posixpath.dirname(self.path))
        # Raw HTML is not rewritten by MkDocs, so it must point at the built page itself.
        return found.removesuffix(".md") + ".html" if html else found

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def section(self, title: str, items: Iterable[str]) -> None:
        items = list(items)
        if items:
            self.add(f"## {title}", "", *(f"- {item}" for item in items), "")

    def text(self) -> str:
        return "\n".join(self.lines).rstrip() + "\n"


class _Catalogue:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        inbound: dict[str, dict[tuple[str, str], list[Record]]] = defaultdict(lambda: defaultdict(list))
        for record in kb.records():
            for loc, ref, _kinds in iter_references(record):
                rel = "sources" if relation(loc) == "sources" else relation(loc)
                inbound[ref][record.kind_name, rel].append(record)
        self.inbound = inbound

    # ------------------------------------------------------------------ helpers

    def link(self, page: _Page, record: Record | str) -> str:
        found = self.kb.lookup(record) if isinstance(record, str) else record
        return f"[{_escape(found.name)}]({page.link_to(record_page_path(found))})"

    def links(self, page: _Page, records: Iterable[Record | str]) -> list[str]:
        return [self.link(page, r) for r in records]

    def region_link(self, page: _Page, region: BodyRegion) -> str:
        return f"[{region_label(region)}]({page.link_to(region_page_path(region))})"

    def header(self, page: _Page, record: Record, description: str | None) -> None:
        kind = record.kind_name
        page.add(f"# {_escape(record.name)}", "")
        page.add(
            f"*{kind.capitalize()}* · ID `{record.id}` · "
            f"[all {_KIND_TITLES[kind].lower()}]({page.link_to(f'{ROOT}/{_FOLDER[kind]}/index.md')})",
            "",
        )
        if kind in ("condition", "technique", "exercise"):
            page.add('!!! warning "Not medical advice"', f"    {NOTICE}", "")
        if record.aliases:
            page.add("**Also known as:** " + ", ".join(_escape(a) for a in record.aliases), "")
        if description:
            page.add(_escape(description), "")

    def positions(self, page: _Page, positions: Sequence[SourcePosition]) -> None:
        if positions:
            page.add("## What the sources say", "", "| Source | Stance | Position |", "|---|---|---|")
            for p in positions:
                page.add(f"| {self.link(page, p.source)} | {_label(p.stance.value)} | {_cell(p.summary)} |")
            page.add("")

    def related(self, page: _Page, record: Record, groups: Sequence[tuple[str, Iterable[Record]]]) -> None:
        """Derived relations, then every other record that refers to this one."""
        shown: set[str] = set()
        lines: list[str] = []
        for title, records in groups:
            found = list(records)
            if found:
                lines.append(f"- **{title}:** " + ", ".join(self.links(page, found)))
                shown.update(r.id for r in found)
        for (kind, rel), records in sorted(self.inbound.get(record.id, {}).items()):
            if rel == "sources" or (kind, rel) == ("condition", "care_options.sources"):
                continue  # a source page lists the records citing it under "Cited by"
            rest = [r for r in dict.fromkeys(records) if r.id not in shown]
            if rest:
                title = _INBOUND.get((kind, rel), f"{_KIND_TITLES[kind]} referring to it ({rel})")
                lines.append(f"- **{title}:** " + ", ".join(self.links(page, rest)))
                shown.update(r.id for r in rest)
        if lines:
            page.add("## Related", "", *lines, "")

    def sources(self, page: _Page, record: Record) -> None:
        cited = sorted(record.source_ids())
        if not cited:
            return
        page.add("## Sources", "")
        for number, source_id in enumerate(cited, 1):
            source = self.kb.sources[source_id]
            extra = ", ".join(_escape(str(part)) for part in (source.publisher, source.year) if part)
            page.add(f"{number}. {self.link(page, source)}" + (f" ({extra})" if extra else ""))
        page.add("")

    def jsonld(self, page: _Page, record: Record) -> None:
        data = json.dumps(jsonld_document(self.kb, ids=[record.id]), ensure_ascii=False, separators=(",", ":"))
        # "</" inside the data would end the script element early.
        page.add('<script type="application/ld+json">' + data.replace("</", "<\\/") + "</script>", "")

    # ------------------------------------------------------------------ pages per kind

    def muscle(self, page: _Page, muscle: Muscle) -> None:
        kb = self.kb
        self.header(page, muscle, muscle.summary)
        nerve = muscle.innervation
        facts = [
            ("Groups", ", ".join(self.links(page, muscle.groups))),
            ("Origin", _escape(muscle.origin)),
            ("Insertion", _escape(muscle.insertion)),
            ("Nerve", f"{_escape(nerve.nerve)} ({', '.join(nerve.roots)})"),
            ("Depth", _label(muscle.depth.value)),
            ("Reachable by hand", _label(muscle.manual_access.value)),
        ]
        page.add(*(f"- **{k}:** {v}" for k, v in facts), "")
        if nerve.note:
            page.add(f"*Innervation:* {_escape(nerve.note)}", "")
        page.section("Actions at the hip", (_escape(action_text(a)) + _note(a.note) for a in muscle.actions))
        page.section("Other actions", (_escape(a) for a in muscle.other_actions))
        if muscle.access_note:
            page.add("## Reaching it", "", _escape(muscle.access_note), "")
        page.section("Where references differ", (_escape(n) for n in muscle.anatomy_notes))
        ids = [f"{k.upper()} `{v}`" for k, v in muscle.external_ids.model_dump(exclude_none=True).items()]
        if ids:
            page.add("**Ontology IDs:** " + ", ".join(ids), "")
        self.related(
            page,
            muscle,
            [
                ("Antagonists", kb.antagonists(muscle.id)),
                ("Techniques that reach it", kb.techniques_targeting(muscle.id)),
                ("Exercises for it", kb.exercises_for(muscle.id)),
                ("Conditions involving it", kb.conditions_involving(muscle.id)),
                ("Claims about it", kb.claims_about(muscle.id)),
            ],
        )

    def group(self, page: _Page, group: MuscleGroup) -> None:
        kb = self.kb
        self.header(page, group, group.summary)
        self.related(
            page,
            group,
            [
                ("Members", kb.members(group.id)),
                ("Techniques that reach its muscles", kb.techniques_targeting(group.id)),
                ("Exercises for its muscles", kb.exercises_for(group.id)),
                ("Conditions involving it", kb.conditions_involving(group.id)),
                ("Claims about it", kb.claims_about(group.id)),
            ],
        )

    def structure(self, page: _Page, structure: Structure) -> None:
        kb = self.kb
        self.header(page, structure, structure.summary)
        page.add(f"**Kind:** {_label(structure.kind.value)}", "")
        page.section("Muscles attached to or beside it", self.links(page, structure.related_muscles))
        self.related(
            page,
            structure,
            [
                ("Techniques that work on it", kb.techniques_targeting(structure.id)),
                ("Conditions involving it", kb.conditions_involving(structure.id)),
                ("Claims about it", kb.claims_about(structure.id)),
            ],
        )

    def condition(self, page: _Page, condition: Condition) -> None:
        kb = self.kb
        self.header(page, condition, condition.summary)
        page.add("## Where it hurts", "")
        links = {r.value: page.link_to(region_page_path(r), html=True) for r in BodyRegion}
        svg = body_map(
            condition.pain_locations,
            spread=condition.radiates_to,
            links=links,
            title=f"Where {condition.name.lower()} hurts",
        )
        page.add(f'<div class="body-map" markdown="0">{" ".join(svg.split())}</div>', "")
        page.add("- **Pain felt in:** " + ", ".join(self.region_link(page, r) for r in condition.pain_locations))
        if condition.radiates_to:
            page.add("- **May spread to:** " + ", ".join(self.region_link(page, r) for r in condition.radiates_to))
        page.add("- **Described as:** " + ", ".join(q.value for q in condition.pain_character), "")
        if condition.codes:
            page.add("## Codes", "", "| Code | System | Description | Billable | Note |", "|---|---|---|---|---|")
            for code in condition.codes:
                page.add(
                    f"| `{code.code}` | {code.system} | {_cell(code.description)} | "
                    f"{'yes' if code.billable else 'no (category)'} | {_cell(code.note or '')} |"
                )
            page.add("")
        page.section("What makes it worse", (_escape(a) for a in condition.aggravators))
        page.section("Involved", (f"{self.link(page, ref)} ({kb.lookup(ref).kind_name})" for ref in condition.involved))
        page.section(
            "Red flags: see a clinician",
            (_escape(flag) for flag in condition.red_flags),
        )
        look_alikes = []
        for item in condition.look_alikes:
            name = self.link(page, item.condition) if item.condition else f"**{_escape(item.name)}**"
            look_alikes.append(f"{name} ({item.category.value}): {_escape(item.note)}")
        page.section("Can be mistaken for", look_alikes)
        care = kb.care_for(condition.id)
        if care:
            page.add("## What is considered", "", "| Option | Kind | Stance | Why | Sources |", "|---|---|---|---|---|")
            for option, intervention in care:
                sources = ", ".join(self.links(page, option.sources))
                page.add(
                    f"| {self.link(page, intervention)} | {intervention.kind_name} | "
                    f"{_label(option.stance.value)} | {_cell(option.note)} | {sources} |"
                )
            page.add("")
        page.section("Notes", (_escape(n) for n in condition.notes))
        self.related(
            page,
            condition,
            [
                ("Conditions that hurt in the same places", kb.conditions_sharing_pain_location(condition.id)),
                ("Techniques used for it", (t for t in kb.techniques.values() if condition.id in t.used_for)),
                ("Claims about it", kb.claims_about(condition.id)),
            ],
        )

    def technique(self, page: _Page, technique: Technique) -> None:
        kb = self.kb
        self.header(page, technique, technique.summary)
        page.add(
            f"**Kind:** {_label(technique.kind.value)} · **Overall stance:** {_label(technique.evidence.value)}"
            + (f" · **Tools:** {', '.join(_label(t.value) for t in technique.tools)}" if technique.tools else ""),
            "",
        )
        page.section("Before you start: cautions", (_escape(c) for c in technique.cautions))
        page.section("Not when", (_escape(c) for c in technique.contraindications))
        page.section("Intended effects", (_escape(e) for e in technique.effects))
        page.section(
            "What it works on",
            (self.link(page, t.target) + (f": {_escape(t.how)}" if t.how else "") for t in technique.targets),
        )
        page.section("Used for", self.links(page, technique.used_for))
        self.positions(page, technique.positions)
        self.related(
            page,
            technique,
            [
                ("Muscles it reaches", kb.muscles_targeted_by(technique.id)),
                ("Conditions it is considered for", kb.conditions_treated_by(technique.id)),
                ("Claims about it", kb.claims_about(technique.id)),
            ],
        )

    def exercise(self, page: _Page, exercise: Exercise) -> None:
        kb = self.kb
        self.header(page, exercise, exercise.summary)
        page.add(
            f"**Kind:** {exercise.kind.value} · **Difficulty:** {exercise.difficulty.value} · "
            f"**Position:** {_label(exercise.position.value)} · "
            f"**Equipment:** {', '.join(_label(e.value) for e in exercise.equipment)} · "
            f"**Moves into:** {', '.join(_label(m.value) for m in exercise.movements)}",
            "",
        )
        page.add("## How to do it", "", *(f"{n}. {_escape(s)}" for n, s in enumerate(exercise.steps, 1)), "")
        if exercise.dosage:
            page.add(f"**A cautious start:** {_escape(exercise.dosage)}", "")
        page.section("Stop or adapt when", (_escape(c) for c in exercise.cautions))
        page.section("Muscles mainly worked", self.links(page, exercise.primary_muscles))
        page.section("Muscles also involved", self.links(page, exercise.secondary_muscles))
        self.related(
            page,
            exercise,
            [
                ("Conditions it is considered for", kb.conditions_treated_by(exercise.id)),
                ("Claims about it", kb.claims_about(exercise.id)),
            ],
        )

    def source(self, page: _Page, source: Source) -> None:
        self.header(page, source, source.summary)
        facts = [("Kind", _label(source.kind.value))]
        if source.authors:
            facts.append(("Authors", ", ".join(_escape(a) for a in source.authors)))
        if source.publisher:
            facts.append(("Publisher", _escape(source.publisher)))
        if source.year:
            facts.append(("Year", str(source.year)))
        if source.url:
            facts.append(("Read it", f"<{source.url}>"))
        if source.doi:
            facts.append(("DOI", f"[{source.doi}](https://doi.org/{source.doi})"))
        if source.pmid:
            facts.append(("PubMed", f"[{source.pmid}](https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/)"))
        page.add(*(f"- **{k}:** {v}" for k, v in facts), "")
        page.section("Works it names as its own sources", (_escape(c) for c in source.cites))
        citing = self.kb.cited_by(source.id)
        by_kind: dict[str, list[Record]] = defaultdict(list)
        for record in citing:
            by_kind[record.kind_name].append(record)
        if citing:
            page.add("## Cited by", "")
            for kind, title in _KIND_TITLES.items():
                if by_kind.get(kind):
                    page.add(f"- **{title}:** " + ", ".join(self.links(page, by_kind[kind])))
            page.add("")
        self.related(page, source, [])

    def claim(self, page: _Page, claim: Claim) -> None:
        self.header(page, claim, None)
        page.add(f"> {_escape(claim.statement)}", "")
        if claim.note:
            page.add(_escape(claim.note), "")
        page.section("About", self.links(page, claim.subjects))
        self.positions(page, claim.positions)
        self.related(page, claim, [])

    # ------------------------------------------------------------------ assembly

    def record_page(self, record: Record) -> str:
        page = _Page(record_page_path(record))
        render: Callable[[_Page, Record], None] = getattr(self, record.kind_name)
        render(page, record)
        if record.kind_name != "source":
            self.sources(page, record)
        page.add(f"*Last reviewed {record.review.on.isoformat()} by {_escape(record.review.by)}.*", "")
        self.jsonld(page, record)
        return page.text()

    def kind_index(self, kind: str) -> str:
        page = _Page(f"{ROOT}/{_FOLDER[kind]}/index.md")
        records = self.kb.records(kind)
        page.add(f"# {_KIND_TITLES[kind]}", "", f"{len(records)} records.", "")
        page.add("| Name | ID | In brief |", "|---|---|---|")
        for record in records:
            brief = str(getattr(record, "summary", None) or getattr(record, "statement", ""))
            page.add(f"| {self.link(page, record)} | `{record.id}` | {_cell(_first_sentence(brief))} |")
        return page.text()

    def region_index(self) -> str:
        page = _Page(f"{ROOT}/regions/index.md")
        page.add(
            "# Body map", "", "Where the pain of each condition is felt: select a region to see its conditions.", ""
        )
        links = {r.value: page.link_to(region_page_path(r), html=True) for r in BodyRegion}
        page.add(f'<div class="body-map" markdown="0">{" ".join(body_map(links=links).split())}</div>', "")
        page.add("| Region | Pain felt here | May spread here |", "|---|---|---|")
        for region in BodyRegion:
            felt = self.kb.conditions_at(region)
            spread = [c for c in self.kb.conditions_at(region, radiating=True) if c not in felt]
            page.add(f"| {self.region_link(page, region)} | {len(felt)} | {len(spread)} |")
        return page.text()

    def region_page(self, region: BodyRegion) -> str:
        page = _Page(region_page_path(region))
        felt = self.kb.conditions_at(region)
        spread = [c for c in self.kb.conditions_at(region, radiating=True) if c not in felt]
        page.add(f"# {region_label(region).capitalize()}", "")
        page.add(f"*Body region* · ID `{region.value}` · [body map]({page.link_to(f'{ROOT}/regions/index.md')})", "")
        links = {r.value: page.link_to(region_page_path(r), html=True) for r in BodyRegion}
        svg = body_map([region], links=links, title=f"The {region_label(region)} on the body map")
        page.add(f'<div class="body-map" markdown="0">{" ".join(svg.split())}</div>', "")
        page.section("Conditions felt here", self.links(page, felt))
        page.section("Conditions whose pain may spread here", self.links(page, spread))
        if not felt and not spread:
            page.add("No condition in this content version is felt or spreads here.", "")
        return page.text()

    def index(self) -> str:
        page = _Page(f"{ROOT}/index.md")
        kb = self.kb
        page.add(
            "# Catalogue",
            "",
            f"Every record of content {kb.content_version}, one page each, linked along every relationship.",
            f"Fingerprint `{kb.fingerprint}`.",
            "",
            '!!! warning "Not medical advice"',
            f"    {NOTICE}",
            "",
            f"- [Body map]({page.link_to(f'{ROOT}/regions/index.md')}): conditions by where they hurt",
        )
        for kind, title in _KIND_TITLES.items():
            page.add(f"- [{title}]({page.link_to(f'{ROOT}/{_FOLDER[kind]}/index.md')}): {len(kb.records(kind))}")
        return page.text()


def _note(note: str | None) -> str:
    return f": {_escape(note)}" if note else ""


def _first_sentence(text: str) -> str:
    head, dot, _ = " ".join(text.split()).partition(". ")
    return head + ("." if dot else "")


def catalogue_pages(kb: KnowledgeBase) -> dict[str, str]:
    """Every catalogue page, keyed by its path in the documentation, in navigation order."""
    catalogue = _Catalogue(kb)
    pages = {f"{ROOT}/index.md": catalogue.index(), f"{ROOT}/regions/index.md": catalogue.region_index()}
    for region in BodyRegion:
        pages[region_page_path(region)] = catalogue.region_page(region)
    for kind in _KIND_TITLES:
        pages[f"{ROOT}/{_FOLDER[kind]}/index.md"] = catalogue.kind_index(kind)
        for record in kb.records(kind):
            pages[record_page_path(record)] = catalogue.record_page(record)
    return pages
