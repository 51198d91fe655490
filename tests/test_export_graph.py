"""Graph export: read back with networkx (in memory, GraphML, node-link JSON) and compared with the KnowledgeBase."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import hipknowledge as hk
from hipknowledge._fields import format_loc, iter_references
from hipknowledge.cli import main
from hipknowledge.export import MissingExtraError, to_graph, write_graph
from hipknowledge.export._graph import region_node
from hipknowledge.export._shapes import relation
from hipknowledge.vocab import BodyRegion

from .conftest import MINI

nx = pytest.importorskip("networkx")


@pytest.fixture(scope="module")
def graph(kb: hk.KnowledgeBase) -> Any:
    return to_graph(kb)


def targets(graph: Any, source: str, key: str) -> list[str]:
    return sorted(v for _, v, k in graph.out_edges(source, keys=True) if k == key)


def ids(records: Any) -> list[str]:
    return [r.id for r in records]


def test_every_record_and_region_is_a_node(graph: Any, kb: hk.KnowledgeBase) -> None:
    assert isinstance(graph, nx.MultiDiGraph)
    for record in kb.records():
        assert graph.nodes[record.id] == {"kind": record.kind_name, "name": record.name}
    assert {n for n, kind in graph.nodes(data="kind") if kind == "body-region"} == {region_node(r) for r in BodyRegion}
    assert graph.number_of_nodes() == len(kb) + len(BodyRegion)
    assert graph.graph["fingerprint"] == kb.fingerprint


def test_every_reference_is_one_typed_edge(graph: Any, kb: hk.KnowledgeBase) -> None:
    expected = {
        (record.id, ref, format_loc(loc), relation(loc))
        for record in kb.records()
        for loc, ref, _ in iter_references(record)
    }
    found = {
        (u, v, key, data["relation"]) for u, v, key, data in graph.edges(keys=True, data=True) if not data["derived"]
    }
    assert found == expected
    assert {r for *_, r in found} >= {"targets.target", "involved", "care_options.intervention", "sources"}


def test_reference_edges_carry_the_facts_of_their_part(graph: Any, kb: hk.KnowledgeBase) -> None:
    for condition in kb.conditions.values():
        for index, option in enumerate(condition.care_options):
            edge = graph.edges[condition.id, option.intervention, f"care_options[{index}].intervention"]
            assert (edge["stance"], edge["note"]) == (option.stance.value, option.note)
    technique = kb.techniques["foam-rolling"]
    for index, target in enumerate(technique.targets):
        edge = graph.edges[technique.id, target.target, f"targets[{index}].target"]
        assert edge.get("how") == target.how


def test_derived_edges_match_the_lookups(graph: Any, kb: hk.KnowledgeBase) -> None:
    for muscle in kb.muscles.values():
        assert targets(graph, muscle.id, "antagonist") == ids(kb.antagonists(muscle.id))
        involving = sorted(u for u, _, k in graph.in_edges(muscle.id, keys=True) if k == "involves_muscle")
        assert involving == ids(kb.conditions_involving(muscle.id))
    for technique in kb.techniques.values():
        assert targets(graph, technique.id, "targets_muscle") == ids(kb.muscles_targeted_by(technique.id))
    for region in BodyRegion:
        felt = sorted(u for u, _, k in graph.in_edges(region_node(region), keys=True) if k == "pain_location")
        assert felt == ids(kb.conditions_at(region))
        anywhere = {u for u, _, k in graph.in_edges(region_node(region), keys=True)}
        assert sorted(anywhere) == ids(kb.conditions_at(region, radiating=True))


def test_graphml_and_node_link_files_read_back(graph: Any, tmp_path: Path) -> None:
    graphml = nx.read_graphml(write_graph(graph, tmp_path / "hip.graphml", "graphml"), force_multigraph=True)
    assert set(graphml.nodes) == set(graph.nodes)
    assert graphml.number_of_edges() == graph.number_of_edges()
    assert graphml.edges["piriformis-syndrome", "figure-four-stretch", "care_options[0].intervention"]["stance"] == (
        "may-help"
    )
    data = json.loads(write_graph(graph, tmp_path / "hip.json").read_text(encoding="utf-8"))
    linked = nx.node_link_graph(data, edges="edges")
    assert set(linked.edges(keys=True)) == set(graph.edges(keys=True))
    assert linked.nodes["psoas-major"]["kind"] == "muscle"


def test_unknown_format_is_an_export_error(graph: Any, tmp_path: Path) -> None:
    with pytest.raises(hk.HipKnowledgeError, match="unknown graph format 'dot'"):
        write_graph(graph, tmp_path / "hip.dot", "dot")


def test_missing_networkx_names_the_extra(kb: hk.KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "networkx", None)
    with pytest.raises(MissingExtraError, match=r'pip install "hipknowledge\[graph\]"') as caught:
        to_graph(kb)
    assert isinstance(caught.value, ImportError)


def test_cli_writes_graphml_by_suffix_and_node_link_to_stdout(tmp_path: Path) -> None:
    target = tmp_path / "mini.graphml"
    assert main(["export", "graph", "-o", str(target), "--data", str(MINI)], io.StringIO()) == 0
    read = nx.read_graphml(target, force_multigraph=True)
    assert read.has_edge("alpha-flexor", "beta-extensor", key="antagonist")
    out = io.StringIO()
    assert main(["export", "graph", "--data", str(MINI)], out) == 0
    data = json.loads(out.getvalue())
    assert {"tech-roll", "gamma-abductor"} <= {n["id"] for n in data["nodes"]}
    assert any(e["key"] == "targets_muscle" and e["target"] == "gamma-abductor" for e in data["edges"])
