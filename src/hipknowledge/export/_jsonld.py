"""JSON-LD export in the schema.org health vocabulary, for embedding in web pages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from hipknowledge.errors import ExportError
from hipknowledge.export._markup import doi_url, percent_encode, pubmed_url, web_url
from hipknowledge.export._relations import Path, Relations, in_id_order
from hipknowledge.models import (
    NOTICE,
    Claim,
    Condition,
    Exercise,
    Factor,
    Innervation,
    Muscle,
    MuscleAction,
    MuscleGroup,
    Record,
    Source,
    Span,
    Structure,
    Technique,
    Treatment,
)
from hipknowledge.vocab import BodyRegion, EvidenceStance, HipPosition, SourceType, StructureType

if TYPE_CHECKING:
    from hipknowledge._knowledge import KnowledgeBase

__all__ = [
    "DEFAULT_BASE",
    "SCHEMA_ORG",
    "SCHEMA_ORG_CONTEXT",
    "action_text",
    "check_base",
    "jsonld_document",
    "jsonld_text",
    "region_iri",
    "region_label",
]

#: The context every document names; JSON-LD processors resolve it to schema.org's own context.
SCHEMA_ORG = "https://schema.org"

#: A local copy of the part of schema.org's JSON-LD context that these documents use, for
#: processors that cannot fetch ``https://schema.org`` (offline tests, sandboxed servers).
SCHEMA_ORG_CONTEXT: dict[str, Any] = {
    "@context": {
        "@vocab": "http://schema.org/",
        "schema": "http://schema.org/",
        "url": {"@id": "schema:url", "@type": "@id"},
        "sameAs": {"@id": "schema:sameAs", "@type": "@id"},
    }
}

#: Records are named ``<base><id>``. A URN names them without pointing at any web site;
#: a site that publishes pages per record passes its own base (``https://example.org/hip/``).
DEFAULT_BASE = "urn:hipknowledge:"

_STRUCTURE_TYPES = {
    StructureType.NERVE: "Nerve",
    StructureType.BONE: "Bone",
    StructureType.JOINT: "Joint",
    StructureType.LIGAMENT: "Ligament",
}
_SOURCE_TYPES = {
    SourceType.WEB_ARTICLE: "Article",
    SourceType.GUIDELINE: "ScholarlyArticle",
    SourceType.SYSTEMATIC_REVIEW: "ScholarlyArticle",
    SourceType.TRIAL: "ScholarlyArticle",
    SourceType.COHORT: "ScholarlyArticle",
    SourceType.STUDY: "ScholarlyArticle",
    SourceType.CONSENSUS: "ScholarlyArticle",
    SourceType.REVIEW: "ScholarlyArticle",
    SourceType.TEXTBOOK: "Book",
    SourceType.CODE_SET: "CategoryCodeSet",
}


def _quantity(span: Span | None) -> dict[str, Any] | None:
    """A range as a schema.org QuantitativeValue."""
    return None if span is None else {"@type": "QuantitativeValue", "minValue": span.min, "maxValue": span.max}


_LICENSES = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/"}

#: The schema.org properties that name what relates to a record, each with the relation paths
#: (see :meth:`KnowledgeBase.related`) whose records it lists. A record has a property only where
#: it has such relations: only a group has members, only a muscle antagonists.
_RELATED_PROPERTIES: dict[str, tuple[Path, ...]] = {
    "antagonist": ((("antagonist", "mutual"),),),
    "comprisedOf": ((("groups", "incoming"),),),
    "relatedTherapy": (
        (("works-muscle", "incoming"),),
        (("targets.target", "incoming"),),
        (("groups", "incoming"), ("works-muscle", "incoming")),
    ),
    # A condition involving a group involves each of its muscles.
    "relatedCondition": ((("involved", "incoming"),), (("groups", "outgoing"), ("involved", "incoming"))),
}

# What an IRI may not hold unescaped: control characters, space, and < > " { } | \ ^ `.
_NOT_IRI = r"\x00-\x20\x7f<>\"{}|\\^`"
_BAD_CHAR = re.compile(f"[{_NOT_IRI}]")
_BASES = (
    re.compile(f"https?://[^/?#{_NOT_IRI}]+[/?#][^{_NOT_IRI}]*", re.IGNORECASE),
    re.compile(f"urn:[a-z0-9][a-z0-9-]{{0,31}}:[^{_NOT_IRI}]*", re.IGNORECASE),
)


def check_base(base: str) -> str:
    """``base`` if records can be named ``<base><id>`` with it; else raise :class:`~hipknowledge.errors.ExportError`.

    Accepted: ``https://`` or ``http://`` and a host, or ``urn:`` and a name; without white
    space, control characters or any of ``< > " { } | \\ ^`` and the backquote; ending with
    ``/``, ``#`` or ``:``. Anything else (``javascript:``, a relative path) would name records
    that a JSON-LD processor silently drops.

    >>> check_base("https://example.org/hip/"), check_base("urn:hipknowledge:")
    ('https://example.org/hip/', 'urn:hipknowledge:')
    >>> check_base("javascript:alert(1)//")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    hipknowledge.errors.ExportError: JSON-LD base 'javascript:alert(1)//' is refused: only https://, ...
    """
    if not isinstance(base, str):
        raise ExportError(f"JSON-LD base must be text, not {type(base).__name__}")
    if not base.lower().startswith(("https://", "http://", "urn:")):
        why = "only https://, http:// and urn: prefixes are accepted"
    elif _BAD_CHAR.search(base):
        why = 'it holds white space, a control character or one of < > " { } | \\ ^ `'
    elif not base.endswith(("/", "#", ":")):
        why = "it must end with '/', '#' or ':'"
    elif not any(pattern.fullmatch(base) for pattern in _BASES):
        why = "it names no host after https:// or http://, or no name between urn: and ':'"
    else:
        return base
    raise ExportError(
        f"JSON-LD base {base!r} is refused: {why}; give one such as https://example.org/hip/ or urn:hipknowledge:"
    )


def region_iri(region: BodyRegion | str, base: str = DEFAULT_BASE) -> str:
    """The IRI of a body region (a schema.org ``SuperficialAnatomy`` node).

    >>> region_iri("buttock")
    'urn:hipknowledge:body-region:buttock'
    """
    return f"{base}body-region:{BodyRegion(region).value}"


def region_label(region: BodyRegion | str) -> str:
    """A body region in plain words.

    >>> region_label("lateral-hip")
    'lateral hip'
    """
    return BodyRegion(region).value.replace("-", " ")


def action_text(action: MuscleAction) -> str:
    """A hip action as the ``muscleAction`` text of a muscle.

    >>> from hipknowledge.models import MuscleAction
    >>> action_text(MuscleAction(movement="hip-flexion", role="prime-mover"))
    'hip flexion (prime mover)'
    >>> action_text(MuscleAction(movement="hip-internal-rotation", role="assistant", position="flexed"))
    'hip internal rotation (assistant, with the hip flexed)'
    """
    when = "" if action.position is HipPosition.ANY else f", with the hip {action.position.value}"
    return f"{action.movement.value.replace('-', ' ')} ({action.role.value.replace('-', ' ')}{when})"


class _Nodes:
    def __init__(self, kb: KnowledgeBase, base: str) -> None:
        self.kb = kb
        self.base = base
        self.relations = Relations(kb)

    def ref(self, record_id: str) -> dict[str, str]:
        return {"@id": self.base + record_id}

    def refs(self, records: Iterable[Record | str]) -> list[dict[str, str]]:
        return [self.ref(r if isinstance(r, str) else r.id) for r in records]

    def common(self, record: Record, kind: str, description: str | None) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@id": self.base + record.id,
            "@type": kind,
            "name": record.name,
        }
        if record.aliases:
            node["alternateName"] = list(record.aliases)
        if description:
            node["description"] = description
        return node

    def related(self, record: Record) -> dict[str, Any]:
        """The properties naming what relates to the record, from its relations."""
        follow = self.relations.follow
        return {
            prop: self.refs(in_id_order(r for path in paths for r in follow(record.id, path)))
            for prop, paths in _RELATED_PROPERTIES.items()
        }

    def finish(self, node: dict[str, Any], record: Record) -> dict[str, Any]:
        node |= self.related(record)
        cited = sorted(record.source_ids())
        if cited:
            node["citation"] = self.refs(cited)
        return {key: value for key, value in node.items() if value not in ([], None, "")}

    def node(self, record: Record) -> dict[str, Any]:
        if isinstance(record, Muscle):
            return self.muscle(record)
        if isinstance(record, MuscleGroup):
            return self.group(record)
        if isinstance(record, Structure):
            return self.structure(record)
        if isinstance(record, Condition):
            return self.condition(record)
        if isinstance(record, Technique):
            return self.technique(record)
        if isinstance(record, Exercise):
            return self.exercise(record)
        if isinstance(record, Source):
            return self.source(record)
        if isinstance(record, Claim):
            return self.claim(record)
        if isinstance(record, Factor):
            return self.factor(record)
        if isinstance(record, Treatment):
            return self.treatment(record)
        raise TypeError(f"no JSON-LD mapping for {type(record).__name__}")

    def muscle(self, muscle: Muscle) -> dict[str, Any]:
        node = self.common(muscle, "Muscle", muscle.summary)
        node |= {
            "muscleAction": [action_text(a) for a in muscle.actions] + list(muscle.other_actions),
            "nerve": _nerves(muscle.innervation),
            "bodyLocation": f"Origin: {muscle.origin}",
            "insertion": muscle.insertion,
            "partOfSystem": self.refs(muscle.groups),
        }
        ids = muscle.external_ids
        codes = [
            {"@type": "MedicalCode", "codeValue": value, "codingSystem": system}
            for system, value in (("UBERON", ids.uberon), ("FMA", ids.fma))
            if value
        ]
        node["code"] = codes
        if ids.uberon:
            node["sameAs"] = "http://purl.obolibrary.org/obo/" + percent_encode(ids.uberon.replace(":", "_"))
        return self.finish(node, muscle)

    def group(self, group: MuscleGroup) -> dict[str, Any]:
        return self.finish(self.common(group, "AnatomicalSystem", group.summary), group)

    def structure(self, structure: Structure) -> dict[str, Any]:
        node = self.common(
            structure, _STRUCTURE_TYPES.get(structure.structure_type, "AnatomicalStructure"), structure.summary
        )
        node["connectedTo"] = self.refs(structure.related_muscles)
        return self.finish(node, structure)

    def condition(self, condition: Condition) -> dict[str, Any]:
        node = self.common(condition, "MedicalCondition", condition.summary)
        symptoms: list[dict[str, Any]] = [
            {
                "@type": "MedicalSymptom",
                "name": f"pain in the {region_label(r)}",
                "associatedAnatomy": {"@id": region_iri(r, self.base)},
            }
            for r in condition.pain_locations
        ]
        symptoms += [
            {
                "@type": "MedicalSymptom",
                "name": f"pain spreading to the {region_label(r)}",
                "associatedAnatomy": {"@id": region_iri(r, self.base)},
            }
            for r in condition.radiates_to
        ]
        symptoms += [{"@type": "MedicalSymptom", "name": q.value} for q in condition.pain_character]
        differential = []
        for look_alike in condition.look_alikes:
            diagnosis: dict[str, Any] = (
                self.ref(look_alike.condition)
                if look_alike.condition
                else {"@type": "MedicalCondition", "name": look_alike.name}
            )
            differential.append(
                {
                    "@type": "DDxElement",
                    "diagnosis": diagnosis,
                    "distinguishingSign": {"@type": "MedicalSignOrSymptom", "description": look_alike.note},
                }
            )
        node |= {
            "code": [
                {
                    "@type": "MedicalCode",
                    "codeValue": code.code,
                    "codingSystem": code.system,
                    "name": code.description,
                }
                for code in condition.codes
            ],
            "signOrSymptom": symptoms,
            "associatedAnatomy": self.refs(condition.involved),
            # Only what the content considers worth trying is offered as a treatment.
            "possibleTreatment": self.refs(
                dict.fromkeys(
                    o.intervention for o in condition.care_options if o.stance is not EvidenceStance.NOT_RECOMMENDED
                )
            ),
            "differentialDiagnosis": differential,
        }
        return self.finish(node, condition)

    def technique(self, technique: Technique) -> dict[str, Any]:
        node = self.common(technique, "MedicalTherapy", technique.summary)
        # schema.org has no term for a rule's severity (absolute, relative, local), scope or
        # action: each contraindication carries its sentence; the JSON export has the structure.
        node["contraindication"] = [
            {
                "@type": "MedicalContraindication",
                "name": rule.text(self.kb.lookup(rule.subject).name),
                "description": rule.reason,
            }
            for rule in technique.contraindications
        ]
        return self.finish(node, technique)

    def exercise(self, exercise: Exercise) -> dict[str, Any]:
        node = self.common(exercise, "ExercisePlan", exercise.summary)
        node |= {
            "exerciseType": exercise.exercise_type.value,
            "associatedAnatomy": self.refs(dict.fromkeys((*exercise.primary_muscles, *exercise.secondary_muscles))),
            "text": "\n".join(f"{n}. {step}" for n, step in enumerate(exercise.steps, 1)),
            "additionalVariable": exercise.dose.text(),
            "activityFrequency": f"{exercise.dose.sessions_per_week.text()} days a week",
            "repetitions": _quantity(exercise.dose.repetitions),
            "restPeriods": f"{exercise.dose.rest_seconds.text()} seconds" if exercise.dose.rest_seconds else None,
        }
        return self.finish(node, exercise)

    def source(self, source: Source) -> dict[str, Any]:
        node = self.common(source, _SOURCE_TYPES[source.source_type], source.summary)
        same_as = []
        if source.doi:
            same_as.append(doi_url(source.doi))
        if source.pmid:
            same_as.append(pubmed_url(source.pmid))
        node |= {
            "author": list(source.authors),
            "publisher": {"@type": "Organization", "name": source.publisher} if source.publisher else None,
            "datePublished": str(source.year) if source.year else None,
            # Only a web address is published, percent-encoded into a valid IRI.
            "url": web_url(source.url) if source.url else None,
            "sameAs": same_as,
            "citation": list(source.cites),
        }
        return {key: value for key, value in node.items() if value not in ([], None, "")}

    def treatment(self, treatment: Treatment) -> dict[str, Any]:
        kind = "SurgicalProcedure" if treatment.treatment_type.value == "surgery" else "MedicalTherapy"
        node = self.common(treatment, kind, treatment.summary)
        node["adverseOutcome"] = [{"@type": "MedicalEntity", "name": risk} for risk in treatment.risks]
        return self.finish(node, treatment)

    def factor(self, factor: Factor) -> dict[str, Any]:
        # schema.org's MedicalContraindication: "a condition or factor that serves as a reason
        # to withhold a certain medical therapy", which is what a screening factor is for.
        node = self.common(factor, "MedicalContraindication", factor.summary)
        node["subjectOf"] = self.refs(factor.conditions)
        return self.finish(node, factor)

    def claim(self, claim: Claim) -> dict[str, Any]:
        node = self.common(claim, "Claim", claim.note)
        node |= {
            "text": claim.statement,
            "about": self.refs(dict.fromkeys(claim.subjects)),
            "appearance": self.refs(dict.fromkeys(p.source for p in claim.positions)),
        }
        return self.finish(node, claim)

    def regions(self) -> list[dict[str, Any]]:
        return [
            {
                "@id": region_iri(r, self.base),
                "@type": "SuperficialAnatomy",
                "name": region_label(r),
            }
            for r in BodyRegion
        ]

    def dataset(self) -> dict[str, Any]:
        manifest = self.kb.manifest
        return {
            "@id": f"{self.base}dataset:{manifest.content_version}",
            "@type": "Dataset",
            "name": manifest.title,
            "version": manifest.content_version,
            "identifier": self.kb.fingerprint,
            "license": {"@id": _LICENSES.get(manifest.license, f"https://spdx.org/licenses/{manifest.license}.html")},
            "description": NOTICE,
        }


def jsonld_document(kb: KnowledgeBase, *, ids: Iterable[str] | None = None, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The content (or the records ``ids`` name) as one JSON-LD document with an ``@graph``."""
    nodes = _Nodes(kb, check_base(base))
    if ids is None:
        graph = [nodes.dataset(), *nodes.regions(), *(nodes.node(r) for r in kb.records())]
    else:
        graph = [nodes.node(kb.lookup(record_id)) for record_id in ids]
    return {"@context": SCHEMA_ORG, "@graph": graph}


def jsonld_text(kb: KnowledgeBase, *, ids: Iterable[str] | None = None, base: str = DEFAULT_BASE) -> str:
    """:func:`jsonld_document` as indented JSON text ending in a newline."""
    return json.dumps(jsonld_document(kb, ids=ids, base=base), indent=2, ensure_ascii=False) + "\n"


def _nerves(innervation: Innervation) -> list[dict[str, Any]]:
    """One Nerve node per part of the muscle with a nerve of its own, or one for the whole muscle."""
    if not innervation.parts:
        return [
            {"@type": "Nerve", "name": innervation.nerve, "description": "spinal roots " + ", ".join(innervation.roots)}
        ]
    return [
        {"@type": "Nerve", "name": p.nerve, "description": f"supplies the {p.part}; spinal roots " + ", ".join(p.roots)}
        for p in innervation.parts
    ]
