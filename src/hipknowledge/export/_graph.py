"""Graph export: records and body regions as nodes, every relation of a record as a typed edge."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from hipknowledge._fields import field_shapes, format_loc
from hipknowledge.errors import MissingExtraError
from hipknowledge.export._markup import xml_text
from hipknowledge.export._relations import reached
from hipknowledge.models import Record
from hipknowledge.vocab import BodyRegion

if TYPE_CHECKING:
    from hipknowledge._knowledge import KnowledgeBase

__all__ = ["build_graph", "graphml_text", "node_link", "node_link_text", "region_node"]


def region_node(region: BodyRegion | str) -> str:
    """The node ID of a body region (record IDs never contain a colon, so the two cannot clash).

    >>> region_node("buttock")
    'body-region:buttock'
    """
    return f"body-region:{BodyRegion(region).value}"


def _networkx() -> Any:
    try:
        import networkx  # an optional dependency (the "graph" extra), so imported only when a graph is asked for
    except ImportError as error:
        raise MissingExtraError("graph", "networkx") from error
    return networkx


def _region_edges(record: Record) -> list[tuple[str, str, str]]:
    """(field name, field location, region node) for each body region the record's fields name."""
    found = []
    for shape in field_shapes(type(record)):
        value = getattr(record, shape.name)
        if shape.vocabulary is not BodyRegion or value is None:
            continue
        located = [((shape.name, i), v) for i, v in enumerate(value)] if shape.is_list else [((shape.name,), value)]
        found += [(shape.name, format_loc(loc), region_node(region)) for loc, region in located]
    return found


def build_graph(kb: KnowledgeBase) -> Any:
    """A frozen ``networkx.MultiDiGraph`` of the content; see :func:`hipknowledge.export.to_graph`."""
    nx = _networkx()
    graph = nx.MultiDiGraph(
        name=kb.manifest.title, content_version=kb.content_version, fingerprint=kb.fingerprint, license=kb.license
    )
    for region in BodyRegion:
        graph.add_node(region_node(region), kind="body-region", name=region.value.replace("-", " "))
    for record in kb.records():
        graph.add_node(record.id, kind=record.kind_name, name=record.name)
    for record in kb.records():
        for relation in kb.related(record.id):
            if relation.direction == "incoming" or not reached(relation):
                continue  # the record holding the reference adds it as its own outgoing edge
            facts = {} if relation.stance is None else {"stance": relation.stance.value}
            if relation.reach is not None:
                facts["reach"] = relation.reach.value
            graph.add_edge(
                record.id,
                relation.other.id,
                key=relation.field or relation.name,
                relation=relation.name,
                field=relation.field,
                derived=not relation.field,
                **facts,
            )
        for name, field, node in _region_edges(record):
            graph.add_edge(record.id, node, key=field, relation=name, field=field, derived=False)
    return nx.freeze(graph)


def node_link(graph: Any) -> dict[str, Any]:
    """The graph as node-link JSON data, with ``edges`` holding the edges whatever the networkx version."""
    nx = _networkx()
    try:
        data: dict[str, Any] = nx.node_link_data(graph, edges="edges")
    except TypeError:  # networkx before 3.4 names the keyword ``link``
        data = nx.node_link_data(graph, link="edges")
    return data


def node_link_text(graph: Any) -> str:
    """The graph as node-link JSON text ending in a newline."""
    return json.dumps(node_link(graph), indent=2, ensure_ascii=False) + "\n"


def _xml_safe(value: Any) -> Any:
    return xml_text(value) if isinstance(value, str) else value


def graphml_text(graph: Any) -> str:
    """The graph as GraphML, always well-formed XML whatever its text holds.

    A character XML 1.0 cannot carry (a control character) becomes U+FFFD; a carriage
    return is written as a character reference, which XML readers keep.
    """
    nx = _networkx()
    clean = nx.MultiDiGraph(**{key: _xml_safe(value) for key, value in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        clean.add_node(_xml_safe(node), **{key: _xml_safe(value) for key, value in data.items()})
    for source, target, key, data in graph.edges(keys=True, data=True):
        facts = {name: _xml_safe(value) for name, value in data.items()}
        clean.add_edge(_xml_safe(source), _xml_safe(target), key=_xml_safe(key), **facts)
    writer = nx.readwrite.graphml.GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(clean)
    # The writer escapes markup; a carriage return left raw would be read back as a line feed.
    body = str(writer).replace("\r", "&#13;")
    return "<?xml version='1.0' encoding='utf-8'?>\n" + body + "\n"
