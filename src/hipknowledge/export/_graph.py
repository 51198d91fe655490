"""Graph export: records and body regions as nodes, every reference and derived relation as a typed edge."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hipknowledge._fields import format_loc, iter_references
from hipknowledge.export._shapes import part_attributes, relation
from hipknowledge.vocab import BodyRegion

if TYPE_CHECKING:
    from hipknowledge._knowledge import KnowledgeBase

__all__ = ["DERIVED", "build_graph", "region_node", "write_graph"]

#: Relations computed by the knowledge base rather than written in a record, by edge key.
DERIVED = {
    "antagonist": "muscle -> muscle: a prime mover of the opposite movement (KnowledgeBase.antagonists)",
    "targets_muscle": "technique -> muscle: a muscle it works on, groups expanded (KnowledgeBase.muscles_targeted_by)",
    "involves_muscle": "condition -> muscle: a muscle involved, groups expanded (KnowledgeBase.conditions_involving)",
    "pain_location": "condition -> body region: where its pain is mostly felt",
    "radiates_to": "condition -> body region: where its pain may spread",
}


def region_node(region: BodyRegion | str) -> str:
    """The node ID of a body region (record IDs never contain a colon, so the two cannot clash).

    >>> region_node("buttock")
    'body-region:buttock'
    """
    return f"body-region:{BodyRegion(region).value}"


def _networkx() -> Any:
    try:
        import networkx
    except ImportError as error:
        from hipknowledge.export import MissingExtraError

        raise MissingExtraError("graph", "networkx") from error
    return networkx


def build_graph(kb: KnowledgeBase) -> Any:
    """A ``networkx.MultiDiGraph`` of the content; see :func:`hipknowledge.export.to_graph`."""
    nx = _networkx()
    graph = nx.MultiDiGraph(
        name=kb.manifest.title, content_version=kb.content_version, fingerprint=kb.fingerprint, license=kb.license
    )
    for region in BodyRegion:
        graph.add_node(region_node(region), kind="body-region", name=region.value.replace("-", " "))
    for record in kb.records():
        graph.add_node(record.id, kind=record.kind_name, name=record.name)
    for record in kb.records():
        for loc, ref, _kinds in iter_references(record):
            field = format_loc(loc)
            graph.add_edge(
                record.id, ref, key=field, relation=relation(loc), field=field, derived=False,
                **part_attributes(record, loc),
            )  # fmt: skip
    for muscle in kb.muscles.values():
        for other in kb.antagonists(muscle.id):
            graph.add_edge(muscle.id, other.id, key="antagonist", relation="antagonist", derived=True)
    for technique in kb.techniques.values():
        for muscle in kb.muscles_targeted_by(technique.id):
            graph.add_edge(technique.id, muscle.id, key="targets_muscle", relation="targets_muscle", derived=True)
    for muscle in kb.muscles.values():
        for condition in kb.conditions_involving(muscle.id):
            graph.add_edge(condition.id, muscle.id, key="involves_muscle", relation="involves_muscle", derived=True)
    for condition in kb.conditions.values():
        for name, regions in (("pain_location", condition.pain_locations), ("radiates_to", condition.radiates_to)):
            for region in regions:
                graph.add_edge(condition.id, region_node(region), key=name, relation=name, derived=True)
    return graph


def write_graph(graph: Any, path: str | os.PathLike[str], graph_format: str = "node-link") -> Path:
    """Write a graph as node-link JSON (``"node-link"``) or GraphML (``"graphml"``)."""
    nx = _networkx()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if graph_format == "graphml":
        nx.write_graphml(graph, target)
    elif graph_format == "node-link":
        target.write_text(json.dumps(node_link(graph), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        raise ValueError(f"unknown graph format {graph_format!r}; use 'node-link' or 'graphml'")
    return target


def node_link(graph: Any) -> dict[str, Any]:
    """The graph as node-link JSON data, with ``edges`` holding the edges whatever the networkx version."""
    nx = _networkx()
    try:
        data: dict[str, Any] = nx.node_link_data(graph, edges="edges")
    except TypeError:  # networkx before 3.4 names the keyword ``link``
        data = nx.node_link_data(graph, link="edges")
    return data
