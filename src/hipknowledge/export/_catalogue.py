"""The browsable catalogue: one Markdown page per record, cross-linked along every relationship."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

from hipknowledge.export._bodymap import body_map
from hipknowledge.export._jsonld import action_text, jsonld_document, region_label
from hipknowledge.export._markup import doi_url, json_in_html, percent_encode, pubmed_url, web_url, xml_text
from hipknowledge.export._relations import Path, Relations, in_id_order
from hipknowledge.models import (
    NOTICE,
    RECORD_TYPES,
    Claim,
    Condition,
    Exercise,
    Factor,
    Muscle,
    MuscleGroup,
    Record,
    Rule,
    Source,
    SourcePosition,
    Structure,
    Technique,
    Treatment,
)
from hipknowledge.vocab import BodyRegion

if TYPE_CHECKING:
    from hipknowledge._knowledge import KnowledgeBase, Relation

__all__ = ["ROOT", "catalogue_pages", "record_page_path", "region_page_path"]

#: Folder of the catalogue inside the documentation.
ROOT = "catalogue"

#: What a page's "Related" section calls the records reached along each relation path (see
#: :meth:`KnowledgeBase.related`), in the order it lists them; each record is listed once, under
#: the first title that reaches it. A path of two steps reaches through another record: a group's
#: page lists what works its members. None leaves a relation to another section ("Cited by").
#: A record's own references are shown with its facts, so only derived and incoming relations
#: are named here; one the table does not name is still listed, under its relation name.
_LABELS: dict[Path, str | None] = {
    (("antagonist", "mutual"),): "Antagonists",
    (("groups", "incoming"),): "Members",
    (("works-muscle", "outgoing"),): "Muscles it reaches",
    (("works-muscle", "incoming"),): "Techniques that reach it",
    (("groups", "incoming"), ("works-muscle", "incoming")): "Techniques that reach its muscles",
    (("targets.target", "incoming"),): "Techniques that work on it",
    (("primary_muscles", "incoming"),): "Exercises that mainly work it",
    (("secondary_muscles", "incoming"),): "Exercises that also involve it",
    (("groups", "incoming"), ("primary_muscles", "incoming")): "Exercises for its muscles",
    (("groups", "incoming"), ("secondary_muscles", "incoming")): "Exercises for its muscles",
    (("shares-pain-location", "mutual"),): "Conditions that hurt in the same places",
    (("involved", "incoming"),): "Conditions involving it",
    (("groups", "outgoing"), ("involved", "incoming")): "Conditions involving its groups",
    (("care_options.intervention", "incoming"),): "Conditions it is considered for",
    (("used_for", "incoming"),): "Techniques used for it",
    (("look_alikes.condition", "incoming"),): "Conditions that can be mistaken for it",
    (("related_muscles", "incoming"),): "Structures attached to or beside it",
    (("subjects", "incoming"),): "Claims about it",
    (("positions.source", "incoming"),): "What it takes a position on",
    (("sources", "incoming"),): None,
    (("care_options.sources", "incoming"),): None,
}
_LABELLED = frozenset(path[0] for path in _LABELS if len(path) == 1)


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


# Characters a page cannot show: controls, lone surrogates and non-characters. White space is
# folded into single spaces before this applies.
_UNSHOWABLE = re.compile("[\\x7f-\\x9f]")
# Characters that would start Markdown or HTML inline: entities for HTML, backslashes for Markdown
# (emphasis, code, links, tables, attribute lists such as {: onclick=...}).
_INLINE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in "\\`*_[]{}|"}})
# What would open a block at the start of a line: a heading, a list item, a rule, an admonition
# (!!!, ???), an API reference (:::) or a fence. For "1." the dot is what makes the list item.
_BLOCK_START = re.compile(r"(?P<number>\d{1,9})(?=[.)](?:\s|$))|#|!!!|\?\?\?|:::|~~~|[-+](?:\s|$)|[-=](?:\s*[-=]){2}")


def _plain(text: str) -> str:
    return _UNSHOWABLE.sub("\ufffd", xml_text(" ".join(str(text).split())))


def _escape(text: str) -> str:
    """Text as a page shows it literally: nothing in it can become Markdown, HTML or an attribute.

    >>> _escape("<b>*bold*</b> {: onclick=x} [a](b)")
    '&lt;b&gt;\\\\*bold\\\\*&lt;/b&gt; \\\\{: onclick=x\\\\} \\\\[a\\\\](b)'
    >>> _escape("# not a heading"), _escape("1. not a list"), _escape("10.1111/x")
    ('&#35; not a heading', '1&#46; not a list', '10.1111/x')
    """
    text = _plain(text).translate(_INLINE)
    start = _BLOCK_START.match(text)
    if start:  # the character that makes it a block, as a character reference
        at = start.end("number") if start["number"] else 0
        text = f"{text[:at]}&#{ord(text[at])};{text[at + 1 :]}"
    return text


def _code(text: str) -> str:
    """Text as a Markdown code span, fenced by more backquotes than it holds in a row."""
    text = _plain(text)
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _external(text: str, url: str | None) -> str:
    """A link to a web page, showing ``text``; only an ``http``/``https`` URL becomes a link."""
    return f"[{_escape(text)}]({url})" if url else _escape(text)


def _label(value: str) -> str:
    return _escape(value.replace("-", " "))


class _Page:
    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: list[str] = []

    def link_to(self, target: str, *, html: bool = False) -> str:
        found = posixpath.relpath(target, posixpath.dirname(self.path))
        # Raw HTML is not rewritten by MkDocs, so it must point at the built page itself.
        return percent_encode(found.removesuffix(".md") + ".html" if html else found)

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
        self.relations = Relations(kb)

    # ------------------------------------------------------------------ helpers

    def link(self, page: _Page, record: Record | str) -> str:
        found = self.kb.lookup(record) if isinstance(record, str) else record
        return f"[{_escape(found.name)}]({page.link_to(record_page_path(found))})"

    def links(self, page: _Page, records: Iterable[Record | str]) -> list[str]:
        return [self.link(page, r) for r in records]

    def region_link(self, page: _Page, region: BodyRegion) -> str:
        return f"[{_escape(region_label(region))}]({page.link_to(region_page_path(region))})"

    def header(self, page: _Page, record: Record, description: str | None) -> None:
        kind = type(record)
        page.add(f"# {_escape(record.name)}", "")
        page.add(
            f"*{_escape(kind.kind_name.capitalize())}* · ID {_code(record.id)} · "
            f"[all {_escape(kind.title.lower())}]({page.link_to(_kind_index_path(kind))})",
            "",
        )
        if isinstance(record, (Condition, Technique, Exercise)):
            page.add('!!! warning "Not medical advice"', f"    {NOTICE}", "")
        if record.aliases:
            page.add("**Also known as:** " + ", ".join(_escape(a) for a in record.aliases), "")
        if description:
            page.add(_escape(description), "")

    def positions(self, page: _Page, positions: Sequence[SourcePosition]) -> None:
        if positions:
            page.add("## What the sources say", "", "| Source | Stance | Position |", "|---|---|---|")
            for p in positions:
                page.add(f"| {self.link(page, p.source)} | {_label(p.stance.value)} | {_escape(p.summary)} |")
            page.add("")

    def related(self, page: _Page, record: Record) -> None:
        """What relates to the record besides its own references, each record once, under the titles of _LABELS."""
        shown = {record.id}
        sections: dict[str, list[Record]] = {}

        def show(title: str, records: Iterable[Record]) -> None:
            for other in records:
                if other.id not in shown:
                    shown.add(other.id)
                    sections.setdefault(title, []).append(other)

        for path, title in _LABELS.items():
            if title is not None:
                show(title, self.relations.follow(record.id, path))
        for relation in self.relations.of(record.id):
            if (relation.name, relation.direction) not in _LABELLED and not _own_reference(relation):
                show(_unlabelled(relation), [relation.other])
        if sections:
            page.add("## Related", "")
            for title, records in sections.items():
                page.add(f"- **{_escape(title)}:** " + ", ".join(self.links(page, in_id_order(records))))
            page.add("")

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
        data = json_in_html(jsonld_document(self.kb, ids=[record.id]))
        page.add(f'<script type="application/ld+json">{data}</script>', "")

    def body_map(self, page: _Page, svg: str) -> None:
        page.add(f'<div class="body-map" markdown="0">{" ".join(svg.split())}</div>', "")

    def region_links(self, page: _Page) -> dict[str, str]:
        return {r.value: page.link_to(region_page_path(r), html=True) for r in BodyRegion}

    # ------------------------------------------------------------------ pages per kind

    def muscle(self, page: _Page, muscle: Muscle) -> None:
        self.header(page, muscle, muscle.summary)
        nerve = muscle.innervation
        facts = [
            ("Groups", ", ".join(self.links(page, muscle.groups))),
            ("Origin", _escape(muscle.origin)),
            ("Insertion", _escape(muscle.insertion)),
            ("Nerve", f"{_escape(nerve.nerve)} ({_escape(', '.join(nerve.roots))})"),
            ("Depth", _label(muscle.depth.value)),
            ("Reachable by hand", _label(muscle.manual_access.value)),
        ]
        page.add(*(f"- **{k}:** {v}" for k, v in facts), "")
        if nerve.note:
            page.add(f"*Innervation:* {_escape(nerve.note)}", "")
        page.section(
            "Nerve supply by part",
            (
                f"{_escape(p.part.capitalize())}: {_escape(p.nerve)} ({_escape(', '.join(p.roots))})"
                + (f". {_escape(p.note)}" if p.note else "")
                for p in nerve.parts
            ),
        )
        page.section("Actions at the hip", (_escape(action_text(a)) + _note(a.note) for a in muscle.actions))
        page.section("Other actions", (_escape(a) for a in muscle.other_actions))
        if muscle.access_note:
            page.add("## Reaching it", "", _escape(muscle.access_note), "")
        page.section("Where references differ", (_escape(n) for n in muscle.anatomy_notes))
        ids = [
            f"{_escape(k.upper())} {_code(str(v))}"
            for k, v in muscle.external_ids.model_dump(exclude_none=True).items()
        ]
        if ids:
            page.add("**Ontology IDs:** " + ", ".join(ids), "")
        self.related(page, muscle)

    def group(self, page: _Page, group: MuscleGroup) -> None:
        self.header(page, group, group.summary)
        self.related(page, group)

    def structure(self, page: _Page, structure: Structure) -> None:
        self.header(page, structure, structure.summary)
        page.add(f"**Kind:** {_label(structure.structure_type.value)}", "")
        page.section("Muscles attached to or beside it", self.links(page, structure.related_muscles))
        self.related(page, structure)

    def condition(self, page: _Page, condition: Condition) -> None:
        kb = self.kb
        self.header(page, condition, condition.summary)
        page.add("## Where it hurts", "")
        self.body_map(
            page,
            body_map(
                condition.pain_locations,
                spread=condition.radiates_to,
                links=self.region_links(page),
                title=f"Where {condition.name.lower()} hurts",
            ),
        )
        page.add("- **Pain felt in:** " + ", ".join(self.region_link(page, r) for r in condition.pain_locations))
        if condition.radiates_to:
            page.add("- **May spread to:** " + ", ".join(self.region_link(page, r) for r in condition.radiates_to))
        page.add("- **Described as:** " + ", ".join(_escape(q.value) for q in condition.pain_character), "")
        facts = []
        if condition.affects:
            ages = [str(a) for a in (condition.affects.age_from, condition.affects.age_to) if a is not None]
            who = f"ages {' to '.join(ages)}, " if ages else ""
            extra = f"; {condition.affects.note}" if condition.affects.note else ""
            facts.append(f"- **Who:** {_escape(who + condition.affects.sex.meaning.lower() + extra)}")
        if condition.onset:
            facts.append(f"- **Onset:** {_escape(condition.onset.meaning)}")
        if condition.paediatric:
            facts.append("- **A condition of children and teenagers.**")
        if facts:
            page.add(*facts, "")
        if condition.mechanism:
            page.add("## How it comes about", "", _escape(condition.mechanism), "")
        page.section("What makes it more likely", (_escape(r) for r in condition.risk_factors))
        page.section(
            "Examination tests",
            (
                f"**{_escape(t.name)}:** {_escape(t.finding)}"
                + (f" (sensitivity {t.sensitivity:.2f})" if t.sensitivity is not None else "")
                + (f" (specificity {t.specificity:.2f})" if t.specificity is not None else "")
                for t in condition.clinical_tests
            ),
        )
        if condition.imaging:
            page.add("## Imaging", "", _escape(condition.imaging.when), "")
        if condition.natural_history:
            page.add("## How it tends to go", "", _escape(condition.natural_history), "")
        page.section("Who to see", (_escape(w) for w in condition.who_to_see))
        page.section("Questionnaires that follow it", (_escape(m) for m in condition.outcome_measures))
        page.section(
            "Related conditions",
            (f"{self.link(page, r.condition)} ({_escape(r.relation.value)})" for r in condition.related),
        )
        page.section("In children, think of", self.links(page, condition.paediatric_mimics))
        if condition.codes:
            page.add("## Codes", "", "| Code | System | Description | Billable | Note |", "|---|---|---|---|---|")
            for code in condition.codes:
                page.add(
                    f"| {_code(code.code)} | {_escape(code.system)} | {_escape(code.description)} | "
                    f"{_billable(code.billable)} | {_escape(code.note or '')} |"
                )
            page.add("")
        page.section("What makes it worse", (_escape(a) for a in condition.aggravators))
        page.section(
            "Involved",
            (f"{self.link(page, ref)} ({_escape(kb.lookup(ref).kind_name)})" for ref in condition.involved),
        )
        page.section(
            "Red flags: see a clinician",
            (
                _escape(flag.text()) + (f" (see {self.link(page, flag.condition)})" if flag.condition else "")
                for flag in condition.red_flags
            ),
        )
        look_alikes = []
        for item in condition.look_alikes:
            name = self.link(page, item.condition) if item.condition else f"**{_escape(item.name)}**"
            look_alikes.append(f"{name} ({_escape(item.category.value)}): {_escape(item.note)}")
        page.section("Can be mistaken for", look_alikes)
        care = kb.care_for(condition.id)
        if care:
            page.add(
                "## What is considered",
                "",
                "| Option | Kind | Recommendation | Certainty or grade | For whom | Graded by | Why | Sources |",
                "|---|---|---|---|---|---|---|---|",
            )
            for considered in care:
                option, intervention = considered.option, considered.intervention
                sources = ", ".join(self.links(page, option.sources))
                certainty = _label(option.certainty.value) if option.certainty else _escape(option.grade or "")
                page.add(
                    f"| {self.link(page, intervention)} | {_escape(intervention.kind_name)} | "
                    f"{_label(option.recommendation.value)} | {certainty} | {_escape(option.population)} | "
                    f"{self.link(page, option.graded_by)} | {_escape(option.note)} | {sources} |"
                )
            page.add("")
        fits = {
            "Recommended exercises": [f for f in condition.exercise_fit if f.suitability.value == "recommended"],
            "Exercises to change": [f for f in condition.exercise_fit if f.suitability.value == "modify"],
            "Exercises to avoid": [f for f in condition.exercise_fit if f.suitability.value == "avoid"],
        }
        for heading, entries in fits.items():
            page.section(
                heading,
                (
                    f"{self.link(page, f.exercise)}: {_escape(f.how + '. ' if f.how else '')}{_escape(f.reason)}"
                    for f in entries
                ),
            )
        if condition.movements_to_train:
            trained = ", ".join(_label(m.value) for m in condition.movements_to_train)
            page.add(f"**Strengthen:** {trained}", "")
        page.section("Notes", (_escape(n) for n in condition.notes))
        self.related(page, condition)

    def technique(self, page: _Page, technique: Technique) -> None:
        self.header(page, technique, technique.summary)
        page.add(
            f"**Type:** {_label(technique.technique_type.value)} · "
            f"**Overall stance:** {_label(technique.evidence.value)}"
            + (f" · **Tools:** {', '.join(_label(t.value) for t in technique.tools)}" if technique.tools else ""),
            "",
        )
        page.section("Before you start: cautions", (_escape(c) for c in technique.cautions))
        page.section(
            "Who must not, or only changed",
            (self.rule(page, r) for r in technique.contraindications),
        )
        page.section(
            "Places not to press",
            (
                _escape(c.text()) + (f" (see {self.link(page, c.structure)})" if c.structure else "")
                for c in technique.site_cautions
            ),
        )
        page.section("Intended effects", (_escape(e) for e in technique.effects))
        page.section(
            "What it works on",
            (self.link(page, t.target) + (f": {_escape(t.how)}" if t.how else "") for t in technique.targets),
        )
        page.section("Used for", self.links(page, technique.used_for))
        self.positions(page, technique.positions)
        self.related(page, technique)

    def exercise(self, page: _Page, exercise: Exercise) -> None:
        self.header(page, exercise, exercise.summary)
        page.add(
            f"**Type:** {_escape(exercise.exercise_type.value)} · "
            f"**Difficulty:** {_escape(exercise.difficulty.value)} · "
            f"**Position:** {_label(exercise.position.value)} · "
            f"**Equipment:** {', '.join(_label(e.value) for e in exercise.equipment)} · "
            f"**Moves into:** {', '.join(_label(m.value) for m in exercise.movements)}",
            "",
        )
        page.add("## How to do it", "", *(f"{n}. {_escape(s)}" for n, s in enumerate(exercise.steps, 1)), "")
        page.add(f"**A cautious start:** {_escape(exercise.dose.text())}", "")
        page.section("Working to hold it", self.links(page, exercise.working_muscles))
        steps = [("Easier", exercise.easier), ("Harder", exercise.harder)]
        for label, rungs in steps:
            page.section(label, (f"{self.link(page, s.exercise)}: {_escape(s.when)}" for s in rungs))
        page.section("Instead", (f"{self.link(page, a.exercise)}: {_escape(a.when)}" for a in exercise.alternatives))
        page.section(
            "Who must not, or only changed",
            (self.rule(page, r) for r in exercise.contraindications),
        )
        page.section("Stop or adapt when", (_escape(c) for c in exercise.cautions))
        page.section("Muscles mainly worked", self.links(page, exercise.primary_muscles))
        page.section("Muscles also involved", self.links(page, exercise.secondary_muscles))
        self.related(page, exercise)

    def source(self, page: _Page, source: Source) -> None:
        self.header(page, source, source.summary)
        facts = [("Kind", _label(source.source_type.value))]
        if source.authors:
            facts.append(("Authors", ", ".join(_escape(a) for a in source.authors)))
        if source.publisher:
            facts.append(("Publisher", _escape(source.publisher)))
        if source.year:
            facts.append(("Year", _escape(str(source.year))))
        if source.url:
            facts.append(("Read it", _external(source.url, web_url(source.url))))
        if source.doi:
            facts.append(("DOI", _external(source.doi, doi_url(source.doi))))
        if source.pmid:
            facts.append(("PubMed", _external(source.pmid, pubmed_url(source.pmid))))
        page.add(*(f"- **{k}:** {v}" for k, v in facts), "")
        page.section("Works it names as its own sources", (_escape(c) for c in source.cites))
        citing = in_id_order(r.other for r in self.relations.of(source.id) if r.direction == "incoming")
        if citing:
            page.add("## Cited by", "")
            for kind in RECORD_TYPES:
                found = [r for r in citing if type(r) is kind]
                if found:
                    page.add(f"- **{_escape(kind.title)}:** " + ", ".join(self.links(page, found)))
            page.add("")
        self.related(page, source)

    def rule(self, page: _Page, rule: Rule) -> str:
        """A rule as a line of the page: the factor or condition linked, then the rule's sentence."""
        subject = self.kb.lookup(rule.subject)
        text = rule.text(subject.name).removeprefix(subject.name)
        return self.link(page, subject) + _escape(text)

    def treatment(self, page: _Page, treatment: Treatment) -> None:
        self.header(page, treatment, treatment.summary)
        page.add(f"**Type:** {_label(treatment.treatment_type.value)}", "")
        page.section("Given by", (_escape(g) for g in treatment.given_by))
        page.section("Risks", (_escape(r) for r in treatment.risks))
        self.related(page, treatment)

    def factor(self, page: _Page, factor: Factor) -> None:
        self.header(page, factor, factor.summary)
        window = f" · **Counts as recent for:** {factor.window_days} days" if factor.window_days else ""
        page.add(f"**Area:** {_label(factor.category.value)}{window}", "", f"**Ask:** {_escape(factor.question)}", "")
        interventions: list[Technique | Exercise] = [*self.kb.techniques.values(), *self.kb.exercises.values()]
        rules = [(i, r) for i in interventions for r in i.contraindications if r.factor == factor.id]
        page.section(
            "What it changes",
            (f"{self.link(page, i)}: {_escape(r.text(factor.name))}" for i, r in rules),
        )
        page.section("Related conditions", self.links(page, factor.conditions))
        self.related(page, factor)

    def claim(self, page: _Page, claim: Claim) -> None:
        self.header(page, claim, None)
        page.add(f"> {_escape(claim.statement)}", "")
        if claim.note:
            page.add(_escape(claim.note), "")
        page.section("About", self.links(page, claim.subjects))
        self.positions(page, claim.positions)
        self.related(page, claim)

    # ------------------------------------------------------------------ assembly

    def record_page(self, record: Record) -> str:
        page = _Page(record_page_path(record))
        render: Callable[[_Page, Record], None] = getattr(self, record.kind_name)
        render(page, record)
        if not isinstance(record, Source):
            self.sources(page, record)
        page.add(f"*Last reviewed {_escape(record.review.on.isoformat())} by {_escape(record.review.by)}.*", "")
        self.jsonld(page, record)
        return page.text()

    def kind_index(self, kind: type[Record]) -> str:
        page = _Page(_kind_index_path(kind))
        records = self.kb.records(kind.kind_name)
        page.add(f"# {_escape(kind.title)}", "", f"{len(records)} records.", "")
        page.add("| Name | ID | In brief |", "|---|---|---|")
        for record in records:
            brief = str(getattr(record, "summary", None) or getattr(record, "statement", ""))
            page.add(f"| {self.link(page, record)} | {_code(record.id)} | {_escape(_first_sentence(brief))} |")
        return page.text()

    def region_index(self) -> str:
        page = _Page(f"{ROOT}/regions/index.md")
        page.add(
            "# Body map", "", "Where the pain of each condition is felt: select a region to see its conditions.", ""
        )
        self.body_map(page, body_map(links=self.region_links(page)))
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
        page.add(f"# {_escape(region_label(region).capitalize())}", "")
        page.add(
            f"*Body region* · ID {_code(region.value)} · [body map]({page.link_to(f'{ROOT}/regions/index.md')})", ""
        )
        self.body_map(
            page, body_map([region], links=self.region_links(page), title=f"The {region_label(region)} on the body map")
        )
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
            f"Every record of content {_escape(kb.content_version)}, one page each, linked along every relationship.",
            f"Fingerprint {_code(kb.fingerprint)}.",
            "",
            '!!! warning "Not medical advice"',
            f"    {NOTICE}",
            "",
            f"- [Body map]({page.link_to(f'{ROOT}/regions/index.md')}): conditions by where they hurt",
        )
        for kind in RECORD_TYPES:
            count = len(kb.records(kind.kind_name))
            page.add(f"- [{_escape(kind.title)}]({page.link_to(_kind_index_path(kind))}): {count}")
        return page.text()


def _billable(billable: bool | None) -> str:
    return "n/a" if billable is None else ("yes" if billable else "no (category)")


def _kind_index_path(kind: type[Record]) -> str:
    return f"{ROOT}/{kind.folder}/index.md"


def _own_reference(relation: Relation) -> bool:
    """True for a reference the record holds: its page shows those with its own facts."""
    return relation.direction == "outgoing" and bool(relation.field)


def _unlabelled(relation: Relation) -> str:
    """The title of a relation _LABELS does not name: a new reference field, or a new derived relation."""
    if relation.direction == "incoming":
        return f"{type(relation.other).title} referring to it ({relation.name})"
    return relation.name.replace("-", " ").capitalize()


def _note(note: str | None) -> str:
    return f": {_escape(note)}" if note else ""


def _first_sentence(text: str) -> str:
    head, dot, _ = " ".join(text.split()).partition(". ")
    return head + ("." if dot else "")


def catalogue_pages(kb: KnowledgeBase) -> Mapping[str, str]:
    """Every catalogue page, keyed by its path in the documentation, in navigation order (read-only)."""
    catalogue = _Catalogue(kb)
    pages = {f"{ROOT}/index.md": catalogue.index(), f"{ROOT}/regions/index.md": catalogue.region_index()}
    for region in BodyRegion:
        pages[region_page_path(region)] = catalogue.region_page(region)
    for kind in RECORD_TYPES:
        pages[_kind_index_path(kind)] = catalogue.kind_index(kind)
        for record in kb.records(kind.kind_name):
            pages[record_page_path(record)] = catalogue.record_page(record)
    return MappingProxyType(pages)
