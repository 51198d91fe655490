"""The export command."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from hipknowledge import export
from hipknowledge.cli._common import Command, dump_json, knowledge_base
from hipknowledge.export import ExportError, body_map
from hipknowledge.export._graph import node_link
from hipknowledge.models import Condition
from hipknowledge.vocab import BodyRegion

if TYPE_CHECKING:
    from hipknowledge._knowledge import KnowledgeBase

__all__ = ["COMMANDS"]

FORMATS = ("json", "sqlite", "jsonld", "graph", "body-map")


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("format", choices=FORMATS, help="what to write")
    parser.add_argument(
        "-o", "--output", metavar="PATH", help="file to write (default: standard output; sqlite needs a file)"
    )
    parser.add_argument(
        "--graph-format",
        choices=("node-link", "graphml"),
        help="graph only: node-link JSON or GraphML (default: GraphML for a .graphml file, else node-link)",
    )
    parser.add_argument(
        "--base",
        metavar="IRI",
        help="jsonld only: prefix of record IRIs (default urn:hipknowledge:), e.g. https://example.org/hip/",
    )
    parser.add_argument(
        "--highlight",
        metavar="REGION|CONDITION",
        action="append",
        default=[],
        help="body-map only: a body region or a condition ID (its pain locations) to highlight; repeatable",
    )


def _export(args: argparse.Namespace, out: TextIO) -> int:
    kb = knowledge_base(args)
    output = Path(args.output) if args.output else None
    text: str | None = None
    if args.format == "json":
        text = export.to_json(kb)
    elif args.format == "jsonld":
        document = export.to_jsonld(kb, base=args.base or export.DEFAULT_BASE)
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    elif args.format == "body-map":
        text = _body_map(kb, args.highlight)
    elif args.format == "sqlite":
        if output is None:
            raise export.ExportError("sqlite export needs a file: add -o PATH, e.g. -o hipknowledge.sqlite")
        export.to_sqlite(kb, output)
    else:
        graph_format = args.graph_format or (
            "graphml" if output is not None and output.suffix == ".graphml" else "node-link"
        )
        graph = export.to_graph(kb)
        if output is None:
            if graph_format == "graphml":
                raise export.ExportError("GraphML export needs a file: add -o PATH")
            text = json.dumps(node_link(graph), indent=2, ensure_ascii=False) + "\n"
        else:
            export.write_graph(graph, output, graph_format)
    if text is not None and output is None:
        out.write(text)
        return 0
    if text is not None and output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    summary = {
        "format": args.format,
        "path": str(output),
        "records": len(kb),
        "content_version": kb.content_version,
        "fingerprint": kb.fingerprint,
    }
    if args.json:
        dump_json(summary, out)
    else:
        out.write(f"wrote {args.format} of {len(kb)} records (content {kb.content_version}) to {output}\n")
    return 0


def _body_map(kb: KnowledgeBase, wanted: list[str]) -> str:
    """The body map with regions, and conditions' pain locations (and where they spread), highlighted."""
    regions = {r.value for r in BodyRegion}
    pain: list[str] = []
    spread: list[str] = []
    for name in wanted:
        if name in regions:
            pain.append(name)
            continue
        record = kb.lookup(name)
        if not isinstance(record, Condition):
            raise ExportError(
                f"{name!r} is a {record.kind_name}; --highlight takes a body region or a condition ID "
                f"(regions: {', '.join(sorted(regions))})"
            )
        pain.extend(r.value for r in record.pain_locations)
        spread.extend(r.value for r in record.radiates_to)
    return body_map(pain, spread=spread)


COMMANDS = (
    Command(
        "export",
        "write the content as JSON, SQLite, JSON-LD (schema.org), a graph, or the body map",
        _export,
        _arguments,
    ),
)
