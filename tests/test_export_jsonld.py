"""JSON-LD export: parsed with rdflib (schema.org's context from a local copy) and compared with the KnowledgeBase."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

import hipknowledge as hk
from hipknowledge.export import DEFAULT_BASE, to_jsonld
from hipknowledge.export._jsonld import action_text, region_iri
from hipknowledge.export._markup import doi_url, web_url
from hipknowledge.vocab import EvidenceStance, SourceType, StructureType

from .test_attack_writing import cli_main as main

rdflib = pytest.importorskip("rdflib")
from rdflib import RDF, Graph, Literal, URIRef  # noqa: E402
from rdflib.namespace import Namespace  # noqa: E402

SDO = Namespace("http://schema.org/")

# rdflib's own parse() builds a ConjunctiveGraph internally and warns about its own deprecation.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(autouse=True)
def _offline(offline_schema_org: None) -> None:
    """Every test here reads JSON-LD offline (see conftest.offline_schema_org)."""


def parse(document: dict[str, Any]) -> Graph:
    graph = Graph()
    graph.parse(data=json.dumps(document), format="json-ld")
    return graph


@pytest.fixture(scope="module")
def document(kb: hk.KnowledgeBase) -> dict[str, Any]:
    return to_jsonld(kb)


@pytest.fixture
def graph(document: dict[str, Any]) -> Graph:
    return parse(document)


def iri(record_id: str, base: str = DEFAULT_BASE) -> URIRef:
    return URIRef(base + record_id)


def objects(graph: Graph, subject: URIRef, prop: str) -> set[Any]:
    return set(graph.objects(subject, SDO[prop]))


def iris(records: Any) -> set[URIRef]:
    return {iri(r if isinstance(r, str) else r.id) for r in records}


def texts(graph: Graph, subject: URIRef, prop: str) -> set[str]:
    return {str(o) for o in graph.objects(subject, SDO[prop]) if isinstance(o, Literal)}


def node_values(graph: Graph, subject: URIRef, prop: str, inner: str) -> set[str]:
    return {str(v) for node in graph.objects(subject, SDO[prop]) for v in graph.objects(node, SDO[inner])}


def test_document_uses_the_schema_org_context(document: dict[str, Any]) -> None:
    assert document["@context"] == "https://schema.org"
    assert document["@graph"][0]["@type"] == "Dataset"


def expected_type(record: hk.Record) -> str:
    if isinstance(record, hk.Structure):
        named = {StructureType.NERVE: "Nerve", StructureType.BONE: "Bone", StructureType.JOINT: "Joint"}
        kind = record.structure_type
        return named.get(kind, "Ligament" if kind is StructureType.LIGAMENT else "AnatomicalStructure")
    if isinstance(record, hk.Source):
        works = {SourceType.WEB_ARTICLE: "Article", SourceType.TEXTBOOK: "Book", SourceType.CODE_SET: "CategoryCodeSet"}
        return works.get(record.source_type, "ScholarlyArticle")
    return {
        "muscle": "Muscle",
        "group": "AnatomicalSystem",
        "condition": "MedicalCondition",
        "technique": "MedicalTherapy",
        "exercise": "ExercisePlan",
        "claim": "Claim",
        "treatment": "SurgicalProcedure" if getattr(record, "treatment_type", None) == "surgery" else "MedicalTherapy",
        "factor": "MedicalContraindication",
    }[record.kind_name]


def test_every_record_is_a_typed_named_node(graph: Graph, kb: hk.KnowledgeBase) -> None:
    for record in kb.records():
        subject = iri(record.id)
        assert objects(graph, subject, "name") == {Literal(record.name)}
        assert set(graph.objects(subject, RDF.type)) == {SDO[expected_type(record)]}
        assert texts(graph, subject, "alternateName") == set(record.aliases)


def test_every_record_cites_its_sources(graph: Graph, kb: hk.KnowledgeBase) -> None:
    for record in kb.records():
        if record.kind_name != "source":
            assert objects(graph, iri(record.id), "citation") == iris(record.source_ids()), record.id


def test_muscles_carry_actions_nerve_antagonists_and_links(graph: Graph, kb: hk.KnowledgeBase) -> None:
    for muscle in kb.muscles.values():
        subject = iri(muscle.id)
        assert texts(graph, subject, "muscleAction") == {action_text(a) for a in muscle.actions} | set(
            muscle.other_actions
        )
        nerve = muscle.innervation
        assert node_values(graph, subject, "nerve", "name") == ({p.nerve for p in nerve.parts} or {nerve.nerve})
        assert objects(graph, subject, "antagonist") == iris(kb.antagonists(muscle.id))
        assert objects(graph, subject, "partOfSystem") == iris(muscle.groups)
        assert objects(graph, subject, "relatedTherapy") == iris(kb.techniques_targeting(muscle.id))
        assert objects(graph, subject, "relatedCondition") == iris(kb.conditions_involving(muscle.id))
        assert texts(graph, subject, "insertion") == {muscle.insertion}
        uberon = muscle.external_ids.uberon
        assert objects(graph, subject, "sameAs") == (
            {URIRef("http://purl.obolibrary.org/obo/" + uberon.replace(":", "_"))} if uberon else set()
        )
    assert action_text(kb.muscles["psoas-major"].actions[0]) == "hip flexion (prime mover)"


def test_groups_and_structures_link_their_anatomy(graph: Graph, kb: hk.KnowledgeBase) -> None:
    for group in kb.groups.values():
        assert objects(graph, iri(group.id), "comprisedOf") == iris(kb.members(group.id))
    for structure in kb.structures.values():
        assert objects(graph, iri(structure.id), "connectedTo") == iris(structure.related_muscles)
        assert objects(graph, iri(structure.id), "relatedCondition") == iris(kb.conditions_involving(structure.id))


def test_conditions_carry_codes_symptoms_treatments_and_look_alikes(graph: Graph, kb: hk.KnowledgeBase) -> None:
    for condition in kb.conditions.values():
        subject = iri(condition.id)
        codes = {
            (str(graph.value(node, SDO.codeValue)), str(graph.value(node, SDO.codingSystem)))
            for node in graph.objects(subject, SDO.code)
        }
        assert codes == {(c.code, c.system) for c in condition.codes}
        regions = {
            a for s in graph.objects(subject, SDO.signOrSymptom) for a in graph.objects(s, SDO.associatedAnatomy)
        }
        assert regions == {URIRef(region_iri(r)) for r in (*condition.pain_locations, *condition.radiates_to)}
        assert {q.value for q in condition.pain_character} <= node_values(graph, subject, "signOrSymptom", "name")
        assert objects(graph, subject, "possibleTreatment") == iris(
            c.intervention for c in kb.care_for(condition.id) if c.option.stance is not EvidenceStance.NOT_RECOMMENDED
        )
        assert objects(graph, subject, "associatedAnatomy") == iris(condition.involved)
        diagnoses = {
            d for x in graph.objects(subject, SDO.differentialDiagnosis) for d in graph.objects(x, SDO.diagnosis)
        }
        assert {d for d in diagnoses if isinstance(d, URIRef)} == iris(
            x.condition for x in condition.look_alikes if x.condition
        )
        assert len(diagnoses) == len(condition.look_alikes)
    for region in kb.conditions["piriformis-syndrome"].pain_locations:
        assert (URIRef(region_iri(region)), RDF.type, SDO.SuperficialAnatomy) in graph


def test_techniques_exercises_sources_and_claims(graph: Graph, kb: hk.KnowledgeBase) -> None:
    for technique in kb.techniques.values():
        nodes = objects(graph, iri(technique.id), "contraindication")
        assert all((node, RDF.type, SDO.MedicalContraindication) in graph for node in nodes)
        names = {str(graph.value(node, SDO.name)) for node in nodes}
        assert names == {r.text(kb.lookup(r.subject).name) for r in technique.contraindications}
    for exercise in kb.exercises.values():
        subject = iri(exercise.id)
        assert texts(graph, subject, "exerciseType") == {exercise.exercise_type.value}
        assert objects(graph, subject, "associatedAnatomy") == iris(
            (*exercise.primary_muscles, *exercise.secondary_muscles)
        )
    for source in kb.sources.values():
        subject = iri(source.id)
        published = web_url(source.url) if source.url else None
        assert objects(graph, subject, "url") == ({URIRef(published)} if published else set())
        assert texts(graph, subject, "author") == set(source.authors)
        if source.doi:
            assert URIRef(doi_url(source.doi)) in objects(graph, subject, "sameAs")
    for claim in kb.claims.values():
        subject = iri(claim.id)
        assert texts(graph, subject, "text") == {claim.statement}
        assert objects(graph, subject, "about") == iris(claim.subjects)
        assert objects(graph, subject, "appearance") == iris(p.source for p in claim.positions)


def test_dataset_node_identifies_the_content(graph: Graph, kb: hk.KnowledgeBase) -> None:
    dataset = URIRef(f"{DEFAULT_BASE}dataset:{kb.content_version}")
    assert texts(graph, dataset, "version") == {kb.content_version}
    assert texts(graph, dataset, "identifier") == {kb.fingerprint}
    assert objects(graph, dataset, "license") == {URIRef("https://creativecommons.org/licenses/by/4.0/")}


def test_ids_and_base_make_an_embeddable_page_document(kb: hk.KnowledgeBase) -> None:
    base = "https://example.org/hip/"
    document = to_jsonld(kb, ids=["piriformis-syndrome"], base=base)
    assert [node["@id"] for node in document["@graph"]] == [base + "piriformis-syndrome"]
    graph = parse(document)
    subject = iri("piriformis-syndrome", base)
    assert (subject, RDF.type, SDO.MedicalCondition) in graph
    assert objects(graph, subject, "associatedAnatomy") == {
        iri(r, base) for r in kb.conditions["piriformis-syndrome"].involved
    }


def test_cli_prints_the_document_with_a_chosen_base(kb: hk.KnowledgeBase) -> None:
    out = io.StringIO()
    assert main(["export", "jsonld", "--base", "https://example.org/hip/"], out) == 0
    graph = parse(json.loads(out.getvalue()))
    assert (iri("psoas-major", "https://example.org/hip/"), RDF.type, SDO.Muscle) in graph
    named = {s for s in graph.subjects(RDF.type, SDO.MedicalCondition) if isinstance(s, URIRef)}
    assert named == {iri(c, "https://example.org/hip/") for c in kb.conditions}


def iter_nodes(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from document["@graph"]


def test_no_empty_values_are_published(document: dict[str, Any]) -> None:
    for node in iter_nodes(document):
        assert all(value not in ([], None, "") for value in node.values()), node["@id"]


def test_a_muscle_with_two_nerves_has_a_nerve_node_for_each_part(graph: Graph, kb: hk.KnowledgeBase) -> None:
    subject = iri("biceps-femoris")
    assert node_values(graph, subject, "nerve", "name") == {
        "tibial part of the sciatic nerve",
        "common fibular part of the sciatic nerve",
    }
    assert node_values(graph, subject, "nerve", "description") == {
        "supplies the long head; spinal roots L5, S1, S2",
        "supplies the short head; spinal roots L5, S1, S2",
    }
